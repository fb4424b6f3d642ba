//! SigV4 signing of HTTP requests with the session's AWS credentials.
//!
//! The signed headers carry the session token (`x-amz-security-token`), so they come back
//! in an object, not a list of records that would print it.

use crate::client::AuthClient;
use crate::error::AuthError;
use crate::runtime;
use crate::session::AwsCredentials;
use cognito_auth as core;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

/// One HTTP header.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct HttpHeader {
    /// Name (any case).
    pub name: String,
    /// Value.
    pub value: String,
}

/// An HTTP request to sign.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RequestToSign {
    /// `GET`, `POST`, …
    pub method: String,
    /// Absolute `https` URL (`http` only with `allow_http`), path and query already
    /// percent-encoded.
    pub url: String,
    /// Headers that will be sent.
    #[uniffi(default)]
    pub headers: Vec<HttpHeader>,
    /// The body that will be sent.
    #[uniffi(default)]
    pub body: Vec<u8>,
    /// Sign a plain `http://` URL too (a local endpoint). Off by default: the session token
    /// in the signed headers would travel in clear.
    #[uniffi(default = false)]
    pub allow_http: bool,
}

impl From<RequestToSign> for core::RequestToSign {
    fn from(r: RequestToSign) -> Self {
        Self {
            method: r.method,
            url: r.url,
            headers: r.headers.into_iter().map(|h| (h.name, h.value)).collect(),
            body: r.body,
            allow_http: r.allow_http,
        }
    }
}

/// Every header to send with a signed request: the caller's (without any old
/// `authorization`, `x-amz-date`, `x-amz-security-token`), `host`, and the signature's; names
/// in lower case. Prints only the names (the values include the session token).
#[derive(uniffi::Object)]
#[uniffi::export(Debug)]
pub struct SignedHeaders(Vec<(String, String)>);

impl fmt::Debug for SignedHeaders {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("SignedHeaders")
            .field(&self.0.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>())
            .finish()
    }
}

#[uniffi::export]
impl SignedHeaders {
    /// Header names in sending order (a name the caller repeated appears repeatedly).
    pub fn names(&self) -> Vec<String> {
        self.0.iter().map(|(n, _)| n.clone()).collect()
    }

    /// The values of header `name` (case-insensitive), in order.
    pub fn values(&self, name: String) -> Vec<String> {
        self.0
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(&name))
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// The first value of header `name` (case-insensitive).
    pub fn value(&self, name: String) -> Option<String> {
        self.values(name).into_iter().next()
    }
}

/// Signs `request` for `service` in `region` with `credentials` at `time` (seconds since the
/// Unix epoch; an integer, not a timestamp type, so Android below API 26 needs no
/// `java.time`): for credentials the app obtained itself. Apps with a session use
/// `AuthClient::sign_request`.
#[uniffi::export]
pub fn sign_request_with(
    request: RequestToSign,
    credentials: Arc<AwsCredentials>,
    service: String,
    region: String,
    time: i64,
) -> Result<Arc<SignedHeaders>, AuthError> {
    runtime::guard_sync(|| {
        let secs = u64::try_from(time).map_err(|_| AuthError::InvalidParameter {
            reason: format!("signing time {time} is before 1970"),
        })?;
        let time = UNIX_EPOCH + Duration::from_secs(secs);
        let headers =
            core::sign_request_with(&request.into(), &credentials.0, &service, &region, time)?;
        Ok(Arc::new(SignedHeaders(headers)))
    })
}

#[uniffi::export]
impl AuthClient {
    /// Signs `request` with the session's AWS credentials (fetched or renewed as
    /// `fetch_auth_session` would) on the clock corrected by the server's time. `region`
    /// defaults to the identity pool's.
    #[uniffi::method(default(region = None))]
    pub async fn sign_request(
        &self,
        request: RequestToSign,
        service: String,
        region: Option<String>,
    ) -> Result<Arc<SignedHeaders>, AuthError> {
        runtime::guard_async(async {
            let headers = self
                .core
                .sign_request(&request.into(), &service, region.as_deref())
                .await?;
            Ok(Arc::new(SignedHeaders(headers)))
        })
        .await
    }
}
