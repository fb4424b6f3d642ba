//! SigV4 signing of HTTP requests with the session's AWS credentials (`aws-sigv4`), on the
//! clock corrected by the server's `Date` header, so a device whose clock is off still
//! produces signatures AWS accepts (they must be within 5 minutes of AWS's time).
//!
//! The canonical form is botocore's: headers a proxy may add or rewrite (`user-agent`,
//! `connection`, `expect`, `transfer-encoding`, tracing headers, …) are not signed; the path
//! is normalised and encoded twice (every service but S3); the payload is hashed unless the
//! caller supplies `x-amz-content-sha256`.

use crate::client::AuthClient;
use crate::error::{AuthError, Result};
use crate::identity_pool::AwsCredentials;
use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use std::borrow::Cow;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use url::Url;

/// Headers botocore leaves out of the signature (hop-by-hop, or rewritten in transit).
const UNSIGNED_HEADERS: &[&str] = &[
    "authorization",
    "baggage",
    "connection",
    "expect",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "traceparent",
    "tracestate",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "user-agent",
    "x-amzn-trace-id",
];

/// Headers the signature replaces when the caller passes them.
const REPLACED_HEADERS: &[&str] = &["authorization", "x-amz-date", "x-amz-security-token"];

/// An HTTP request to sign.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestToSign {
    /// `GET`, `POST`, …
    pub method: String,
    /// Absolute `https` URL (`http` only with [`Self::allow_http`]), path and query already
    /// percent-encoded.
    pub url: String,
    /// Headers that will be sent (names in any case).
    pub headers: Vec<(String, String)>,
    /// The body that will be sent.
    pub body: Vec<u8>,
    /// Sign a plain `http://` URL too (a local endpoint, an emulator). Off by default: the
    /// signed headers carry the session token (`x-amz-security-token`), which would travel
    /// in clear, and the signature could be replayed by whoever sees it for 5 minutes.
    pub allow_http: bool,
}

/// Signs `request` for `service` in `region` with `credentials` at `time` (an `https` URL, or
/// `http` with [`RequestToSign::allow_http`]), and returns every
/// header to send: the caller's (without any old `authorization`, `x-amz-date` or
/// `x-amz-security-token`), `host` when the caller gave none, and the signature's
/// (`x-amz-date`, `x-amz-security-token`, `authorization`), names in lower case.
pub fn sign_request_with(
    request: &RequestToSign,
    credentials: &AwsCredentials,
    service: &str,
    region: &str,
    time: SystemTime,
) -> Result<Vec<(String, String)>> {
    let method = request.method.trim().to_ascii_uppercase();
    if method.is_empty() || !method.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(bad(format!("`{}` is not an HTTP method", request.method)));
    }
    if service.is_empty() || region.is_empty() {
        return Err(bad("service and region must not be empty".into()));
    }
    let url = Url::parse(&request.url).map_err(|e| bad(format!("bad URL: {e}")))?;
    let host = match (url.scheme(), url.host_str()) {
        ("http" | "https", Some(h)) if !h.is_empty() => h.to_owned(),
        _ => return Err(bad("the URL must be absolute https with a host".into())),
    };
    if url.scheme() == "http" && !request.allow_http {
        return Err(bad(
            "refusing to sign a plain http:// URL: the session token and signature would \
             travel in clear; use https (or set allow_http for a local endpoint)"
                .into(),
        ));
    }
    let mut headers: Vec<(String, String)> = Vec::new();
    for (name, value) in &request.headers {
        let name = name.trim().to_ascii_lowercase();
        if name.is_empty() || !name.bytes().all(is_token_byte) {
            return Err(bad(format!("`{name}` is not a header name")));
        }
        if value.bytes().any(|b| b == b'\r' || b == b'\n' || b == 0) {
            return Err(bad(format!("the value of `{name}` contains a line break")));
        }
        if !REPLACED_HEADERS.contains(&name.as_str()) {
            headers.push((name, value.clone()));
        }
    }
    if !headers.iter().any(|(n, _)| n == "host") {
        let host = match url.port() {
            Some(port) => format!("{host}:{port}"),
            None => host,
        };
        headers.insert(0, ("host".into(), host));
    }

    let content_sha = headers
        .iter()
        .find(|(n, _)| n == "x-amz-content-sha256")
        .map(|(_, v)| v.clone());
    let body = match &content_sha {
        Some(hash) => SignableBody::Precomputed(hash.clone()),
        None => SignableBody::Bytes(&request.body),
    };
    let identity = aws_credential_types::Credentials::new(
        credentials.access_key_id.clone(),
        credentials.secret_access_key.expose().to_owned(),
        Some(credentials.session_token.expose().to_owned()).filter(|t| !t.is_empty()),
        u64::try_from(credentials.expiration)
            .ok()
            .map(|s| UNIX_EPOCH + Duration::from_secs(s)),
        "cognito-auth",
    )
    .into();
    let mut settings = SigningSettings::default();
    settings.excluded_headers = Some(UNSIGNED_HEADERS.iter().map(|h| Cow::Borrowed(*h)).collect());
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name(service)
        .time(time)
        .settings(settings)
        .build()
        .map_err(|e| AuthError::Internal(format!("signing parameters: {e}")))?
        .into();
    let signable = SignableRequest::new(
        &method,
        url.as_str(),
        headers.iter().map(|(n, v)| (n.as_str(), v.as_str())),
        body,
    )
    .map_err(|e| bad(format!("request cannot be signed: {e}")))?;
    let (instructions, _signature) = sign(signable, &params)
        .map_err(|e| bad(format!("request cannot be signed: {e}")))?
        .into_parts();
    let (signing_headers, _params) = instructions.into_parts();
    for h in signing_headers {
        headers.push((h.name().to_ascii_lowercase(), h.value().to_owned()));
    }
    Ok(headers)
}

fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fn bad(message: String) -> AuthError {
    AuthError::InvalidParameter(message)
}

impl AuthClient {
    /// Signs `request` with the session's AWS credentials (fetched or renewed as
    /// `fetch_auth_session` would) on the skew-corrected clock. `region` defaults to the
    /// identity pool's. Returns every header to send (see [`sign_request_with`]). A plain
    /// `http://` URL is refused unless [`RequestToSign::allow_http`] is set.
    pub async fn sign_request(
        &self,
        request: &RequestToSign,
        service: &str,
        region: Option<&str>,
    ) -> Result<Vec<(String, String)>> {
        self.bounded(async move {
            let credentials = self.fetch_auth_session(false).await.aws_credentials?;
            let region = region.map(str::to_owned).unwrap_or_else(|| {
                self.config()
                    .identity_pool
                    .as_ref()
                    .map_or_else(|| self.config().region.clone(), |p| p.region.clone())
            });
            sign_request_with(request, &credentials, service, &region, self.clock().now())
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;

    fn creds() -> AwsCredentials {
        AwsCredentials {
            access_key_id: "AKIDEXAMPLE".into(),
            secret_access_key: Secret::new("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
            session_token: Secret::new(""),
            expiration: 4_000_000_000,
        }
    }

    fn req(method: &str, url: &str, headers: &[(&str, &str)]) -> RequestToSign {
        RequestToSign {
            method: method.into(),
            url: url.into(),
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn plain_http_is_signed_only_when_allowed() {
        let t = SystemTime::now();
        let http = req("GET", "http://127.0.0.1:5000/bucket/key", &[]);
        let e = sign_request_with(&http, &creds(), "s3", "us-east-1", t).unwrap_err();
        assert_eq!(e.kind(), "InvalidParameter");
        assert!(e.to_string().contains("plain http://"), "{e}");
        let allowed = RequestToSign {
            allow_http: true,
            ..http
        };
        let headers = sign_request_with(&allowed, &creds(), "s3", "us-east-1", t).unwrap();
        assert!(headers.iter().any(|(n, _)| n == "authorization"));
    }

    /// The `get-vanilla` case of the AWS SigV4 test suite (fixed key, time and request).
    #[test]
    fn matches_the_aws_test_suite_vanilla_get() {
        let time = UNIX_EPOCH + Duration::from_secs(1_440_938_160); // 2015-08-30T12:36:00Z
        let headers = sign_request_with(
            &req("GET", "https://example.amazonaws.com/", &[]),
            &creds(),
            "service",
            "us-east-1",
            time,
        )
        .unwrap();
        let auth = headers.iter().find(|(n, _)| n == "authorization").unwrap();
        assert_eq!(
            auth.1,
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
             SignedHeaders=host;x-amz-date, \
             Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        );
        assert!(headers.contains(&("x-amz-date".into(), "20150830T123600Z".into())));
        assert!(headers.contains(&("host".into(), "example.amazonaws.com".into())));
    }

    #[test]
    fn bad_input_is_a_typed_error() {
        let t = SystemTime::now();
        for r in [
            req("GET", "not a url", &[]),
            req("GET", "mailto:x@example.com", &[]),
            req("G ET", "https://h/", &[]),
            req("", "https://h/", &[]),
            req("GET", "https://h/", &[("bad name", "v")]),
            req("GET", "https://h/", &[("x-a", "v\r\nx-b: injected")]),
        ] {
            let e = sign_request_with(&r, &creds(), "s", "r", t).unwrap_err();
            assert_eq!(e.kind(), "InvalidParameter", "{r:?}");
        }
        assert!(sign_request_with(&req("GET", "https://h/", &[]), &creds(), "", "r", t).is_err());
    }

    #[test]
    fn old_signatures_are_replaced_and_secrets_not_echoed() {
        let headers = sign_request_with(
            &req(
                "post",
                "https://h.example/",
                &[
                    ("Authorization", "old"),
                    ("X-Amz-Date", "old"),
                    ("User-Agent", "ua"),
                ],
            ),
            &AwsCredentials {
                session_token: Secret::new("TOKEN"),
                ..creds()
            },
            "s",
            "r",
            SystemTime::now(),
        )
        .unwrap();
        assert_eq!(
            headers.iter().filter(|(n, _)| n == "authorization").count(),
            1
        );
        assert!(!headers.iter().any(|(_, v)| v == "old"));
        assert!(headers.contains(&("x-amz-security-token".into(), "TOKEN".into())));
        let auth = &headers
            .iter()
            .find(|(n, _)| n == "authorization")
            .unwrap()
            .1;
        assert!(
            auth.contains("SignedHeaders=host;x-amz-date;x-amz-security-token,"),
            "{auth}"
        );
        assert!(!auth.contains("wJalr"));
    }
}
