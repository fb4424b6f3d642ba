//! The one request path: attempt, classify, back off, try again within bounds.

use super::error::NetworkErrorKind;
use super::operation::{self, Operation};
use super::{RetryPolicy, WireError, redact, tls};
use crate::clock::SkewedClock;
use crate::deadline::{self, Deadline};
use reqwest::header::{CONTENT_TYPE, DATE, HeaderMap};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::sync::Arc;
use std::time::Duration;
use url::Url;

/// JSON 1.1 content type of the Cognito APIs.
const AMZ_JSON: &str = "application/x-amz-json-1.1";

/// Tunables of the HTTP layer.
#[derive(Debug, Clone)]
pub struct WireOptions {
    /// Time allowed to establish a connection.
    pub connect_timeout: Duration,
    /// Time allowed for one whole attempt (connect, send, receive); cut to the time left
    /// before `operation_timeout`.
    pub request_timeout: Duration,
    /// Time allowed for one whole public call (default 30 s): all its requests, attempts and
    /// backoff pauses together. When it passes the call fails with
    /// [`crate::AuthError::Network`] (transient; nothing stored changes). A request that
    /// timed out is tried again at most once, and only when a useful attempt still fits.
    pub operation_timeout: Duration,
    /// Retry policy for throttling, 5xx and broken connections.
    pub retry: RetryPolicy,
    /// Largest response body accepted; a bigger one is an invalid response.
    pub max_response_bytes: usize,
    /// `User-Agent` sent with every request.
    pub user_agent: String,
}

impl Default for WireOptions {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            operation_timeout: Duration::from_secs(30),
            retry: RetryPolicy::default(),
            max_response_bytes: 1 << 20,
            user_agent: concat!("cognito-auth-rs/", env!("CARGO_PKG_VERSION")).to_owned(),
        }
    }
}

/// A complete HTTP answer. `Debug` shows the status, header names and body length only: the
/// body of a token answer holds tokens.
#[derive(Clone)]
pub(crate) struct HttpResponse {
    /// Status code.
    pub status: u16,
    /// Response headers.
    pub headers: HeaderMap,
    /// Body bytes.
    pub body: Vec<u8>,
}

impl std::fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("body_len", &self.body.len())
            .finish()
    }
}

impl HttpResponse {
    /// Whether the status is 2xx.
    pub(crate) fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    fn content_type(&self) -> &str {
        self.headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("no content type")
    }
}

/// Sends requests for every service client; cheap to clone.
#[derive(Clone, Debug)]
pub(crate) struct WireClient {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    http: reqwest::Client,
    options: WireOptions,
    clock: Arc<SkewedClock>,
}

impl WireClient {
    /// Builds the HTTP client (connection pool, TLS).
    pub(crate) fn new(options: WireOptions, clock: Arc<SkewedClock>) -> Result<Self, WireError> {
        let builder = reqwest::Client::builder()
            .connect_timeout(options.connect_timeout)
            .timeout(options.request_timeout)
            .user_agent(options.user_agent.clone())
            .redirect(reqwest::redirect::Policy::none());
        let http = tls::configure(builder)?.build().map_err(WireError::from)?;
        Ok(Self {
            inner: Arc::new(Inner {
                http,
                options,
                clock,
            }),
        })
    }

    /// Runs a request with retries: `build` makes attempt *n*'s request, `interpret` turns its
    /// answer into a value or an error; retryable errors are tried again within the policy
    /// and the deadline of the public call ([`Deadline::current`], or one of
    /// `operation_timeout` from now outside any): each attempt gets at most the time left, a
    /// backoff never passes the deadline, and a timed-out request is retried at most once.
    pub(crate) async fn execute<T>(
        &self,
        operation: &str,
        build: impl Fn(&reqwest::Client) -> reqwest::RequestBuilder,
        interpret: impl Fn(HttpResponse) -> Result<T, WireError>,
    ) -> Result<T, WireError> {
        let options = &self.inner.options;
        let policy = options.retry;
        let deadline =
            Deadline::current().unwrap_or_else(|| Deadline::after(options.operation_timeout));
        let mut attempt = 1;
        let mut timeouts = 0;
        loop {
            let limit =
                deadline.attempt_timeout_at(tokio::time::Instant::now(), options.request_timeout);
            if limit.is_zero() {
                tracing::debug!(operation, attempt, "deadline passed before the request");
                return Err(deadline_error(operation, &deadline, attempt > 1));
            }
            let result = match tokio::time::timeout(limit, self.attempt(&build)).await {
                Ok(Ok(response)) => interpret(response),
                Ok(Err(e)) => Err(e),
                Err(_) => Err(WireError::Network {
                    kind: NetworkErrorKind::Timeout,
                    message: format!("no answer within {}", deadline::describe(limit)),
                }),
            };
            let timed_out = matches!(
                &result,
                Err(WireError::Network {
                    kind: NetworkErrorKind::Timeout,
                    ..
                })
            );
            if timed_out {
                timeouts += 1;
                if deadline.remaining().is_zero() {
                    tracing::debug!(operation, attempt, "no answer before the deadline");
                    return Err(deadline_error(operation, &deadline, true));
                }
            }
            match result {
                Err(e)
                    if e.is_retryable() && attempt < policy.max_attempts.max(1) && timeouts < 2 =>
                {
                    let pause = policy.backoff(attempt);
                    if !deadline.allows_retry_at(
                        tokio::time::Instant::now(),
                        pause,
                        options.request_timeout,
                    ) {
                        tracing::debug!(operation, attempt, error = %e, "no time left to retry");
                        return Err(e);
                    }
                    tracing::debug!(operation, attempt, ?pause, error = %e, "retrying");
                    tokio::time::sleep(pause).await;
                    attempt += 1;
                }
                Err(e) => {
                    tracing::debug!(operation, attempt, error = %e, "request failed");
                    return Err(e);
                }
                Ok(v) => {
                    tracing::trace!(operation, attempt, "request succeeded");
                    return Ok(v);
                }
            }
        }
    }

    async fn attempt(
        &self,
        build: &impl Fn(&reqwest::Client) -> reqwest::RequestBuilder,
    ) -> Result<HttpResponse, WireError> {
        let mut response = build(&self.inner.http).send().await?;
        let status = response.status().as_u16();
        if let Some(date) = response
            .headers()
            .get(DATE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| httpdate::parse_http_date(v).ok())
        {
            self.inner.clock.record_server_date(date);
        }
        let limit = self.inner.options.max_response_bytes;
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await? {
            if body.len() + chunk.len() > limit {
                return Err(WireError::InvalidResponse {
                    status,
                    message: format!("response body larger than {limit} bytes"),
                });
            }
            body.extend_from_slice(&chunk);
        }
        Ok(HttpResponse {
            status,
            headers: response.headers().clone(),
            body,
        })
    }

    /// Sends `request` to its operation at `endpoint`, decoding success into the operation's
    /// output and failure into a [`WireError`] whose message carries no secret from `request`.
    pub(crate) async fn send<Op: Operation>(
        &self,
        endpoint: &Url,
        request: &Op,
    ) -> Result<Op::Output, WireError> {
        self.json_1_1(endpoint, &operation::target::<Op>(), request)
            .await
    }

    /// Calls a JSON 1.1 operation (`X-Amz-Target: <target>`).
    async fn json_1_1<Req: Serialize, Resp: DeserializeOwned>(
        &self,
        endpoint: &Url,
        target: &str,
        request: &Req,
    ) -> Result<Resp, WireError> {
        let value = serde_json::to_value(request).map_err(|e| WireError::InvalidResponse {
            status: 0,
            message: format!("request could not be encoded: {e}"),
        })?;
        let secrets = redact::secrets_in(&value);
        let body = serde_json::to_vec(&value).unwrap_or_default();
        self.execute(
            target,
            |http| {
                http.post(endpoint.clone())
                    .header("X-Amz-Target", target)
                    .header(CONTENT_TYPE, AMZ_JSON)
                    .body(body.clone())
            },
            |response| {
                if response.is_success() {
                    decode_json(&response)
                } else {
                    Err(decode_error(&response, &secrets))
                }
            },
        )
        .await
    }
}

/// The service an operation name belongs to, for messages: `cognito-idp`,
/// `cognito-identity`, or the hosted UI's domain for the OAuth endpoints.
fn service_of(operation: &str) -> &'static str {
    if operation.starts_with("AWSCognitoIdentityProviderService.") {
        "cognito-idp"
    } else if operation.starts_with("AWSCognitoIdentityService.") {
        "cognito-identity"
    } else {
        "the Cognito domain"
    }
}

/// The error of a call whose deadline passed: a transient network timeout naming the
/// service, the operation and the deadline (`tried`: whether this request was sent at all).
fn deadline_error(operation: &str, deadline: &Deadline, tried: bool) -> WireError {
    let service = service_of(operation);
    let name = operation.rsplit('.').next().unwrap_or(operation);
    let budget = deadline::describe(deadline.budget());
    WireError::Network {
        kind: NetworkErrorKind::Timeout,
        message: if tried {
            format!("no answer from {service} ({name}) within the {budget} deadline")
        } else {
            format!("{name} not sent to {service}: the {budget} deadline had passed")
        },
    }
}

/// Decodes a 2xx JSON body; an empty body counts as `{}`.
pub(crate) fn decode_json<T: DeserializeOwned>(response: &HttpResponse) -> Result<T, WireError> {
    let body: &[u8] = if response.body.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        &response.body
    };
    serde_json::from_slice(body).map_err(|e| WireError::InvalidResponse {
        status: response.status,
        message: describe_json_error(&e, response),
    })
}

/// A serde error described without echoing the body (which may hold tokens).
fn describe_json_error(e: &serde_json::Error, response: &HttpResponse) -> String {
    use serde_json::error::Category;
    let at = format!("line {} column {}", e.line(), e.column());
    match e.classify() {
        Category::Eof => format!("truncated JSON body ({} bytes)", response.body.len()),
        Category::Syntax => format!(
            "body is not JSON ({}, {} bytes; syntax error at {at})",
            response.content_type(),
            response.body.len()
        ),
        Category::Data => {
            let text = e.to_string();
            if text.starts_with("missing field") {
                text.split(" at line").next().unwrap_or(&text).to_owned()
            } else {
                format!("a field has the wrong type or value at {at}")
            }
        }
        Category::Io => format!("body could not be read at {at}"),
    }
}

/// Turns a non-2xx answer into a typed error.
pub(crate) fn decode_error(response: &HttpResponse, secrets: &[String]) -> WireError {
    let json: Option<serde_json::Value> = serde_json::from_slice(&response.body).ok();
    let field = |names: &[&str]| -> Option<String> {
        let obj = json.as_ref()?.as_object()?;
        names
            .iter()
            .find_map(|n| obj.get(*n).and_then(|v| v.as_str()).map(str::to_owned))
    };
    let header_type = response
        .headers
        .get("x-amzn-errortype")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    if matches!(response.status, 401 | 403) && field(&["__type"]).is_none() && header_type.is_none()
    {
        // Cognito names its errors; a 401/403 that does not is someone else's answer (a
        // captive portal, an intercepting proxy), never a verdict on the credentials.
        return intercepted(response);
    }
    let name = field(&["__type", "code", "Code"])
        .or(header_type)
        // The name is server text too: a server that echoes input may put it there.
        .map(|raw| redact::scrub(&clean_exception_name(&raw), secrets))
        .filter(|n| !n.is_empty());
    match name {
        Some(name) => {
            let message = field(&["message", "Message", "errorMessage"]).unwrap_or_default();
            WireError::Service {
                name,
                message: redact::scrub(&message, secrets),
                status: response.status,
            }
        }
        None => WireError::InvalidResponse {
            status: response.status,
            message: format!(
                "HTTP {} without a Cognito error ({}, {} bytes)",
                response.status,
                response.content_type(),
                response.body.len()
            ),
        },
    }
}

/// A 401/403 that is not the service's own error: the network in between answered.
pub(crate) fn intercepted(response: &HttpResponse) -> WireError {
    WireError::Network {
        kind: NetworkErrorKind::Intercepted,
        message: format!(
            "HTTP {} that is not a Cognito error ({}, {} bytes): something between the app and \
             Cognito answered (a captive portal or an intercepting proxy?)",
            response.status,
            response.content_type(),
            response.body.len()
        ),
    }
}

/// `com.amazonaws.cognito#NotAuthorizedException` or `NotAuthorizedException:http://…`
/// → `NotAuthorizedException`.
fn clean_exception_name(raw: &str) -> String {
    let no_ns = raw.rsplit('#').next().unwrap_or(raw);
    no_ns.split(':').next().unwrap_or(no_ns).trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn response(status: u16, ctype: &str, body: &str) -> HttpResponse {
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, HeaderValue::from_str(ctype).unwrap());
        HttpResponse {
            status,
            headers,
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn error_names_come_from_body_or_header() {
        let e = decode_error(
            &response(
                400,
                "application/x-amz-json-1.1",
                r#"{"__type":"com.amazonaws.cognito.identity.idp.model#UserNotFoundException","message":"User does not exist."}"#,
            ),
            &[],
        );
        assert_eq!(
            e,
            WireError::Service {
                name: "UserNotFoundException".into(),
                message: "User does not exist.".into(),
                status: 400
            }
        );
        let mut r = response(400, "application/json", r#"{"Message":"slow down"}"#);
        r.headers.insert(
            "x-amzn-errortype",
            HeaderValue::from_static("TooManyRequestsException:http://internal.amazon.com/"),
        );
        let e = decode_error(&r, &[]);
        assert!(
            matches!(&e, WireError::Service { name, .. } if name == "TooManyRequestsException"),
            "{e:?}"
        );
        assert!(e.is_retryable());
    }

    #[test]
    fn html_and_truncated_bodies_are_invalid_responses() {
        let e = decode_error(
            &response(
                500,
                "text/html",
                "<!doctype html><h1>Internal Server Error</h1>",
            ),
            &[],
        );
        assert!(
            matches!(&e, WireError::InvalidResponse { status: 500, message } if message.contains("text/html")),
            "{e:?}"
        );
        assert!(e.is_retryable(), "a 5xx is worth another try");

        let r = response(
            200,
            "application/x-amz-json-1.1",
            r#"{"IdentityId": "us-ea"#,
        );
        let e = decode_json::<serde_json::Value>(&r).unwrap_err();
        assert!(
            matches!(&e, WireError::InvalidResponse { message, .. } if message.contains("truncated"))
        );
        assert!(!e.is_retryable());
    }

    #[test]
    fn a_401_or_403_that_cognito_did_not_name_is_the_network_not_a_verdict() {
        let portal = "<html><form action=/login>Sign in to the Wi-Fi</form></html>";
        for (status, ctype, body) in [
            (401, "text/html", portal),
            (403, "text/html; charset=utf-8", portal),
            (
                403,
                "application/json",
                r#"{"code":"AccessDenied","message":"blocked"}"#,
            ),
            (401, "application/json", r#"{"message":"Unauthorized"}"#),
            (401, "text/plain", ""),
        ] {
            let e = decode_error(&response(status, ctype, body), &[]);
            assert!(
                matches!(&e, WireError::Network { kind: NetworkErrorKind::Intercepted, message }
                    if message.contains(&format!("HTTP {status}")) && message.contains("not a Cognito error")),
                "{status} {ctype}: {e:?}"
            );
            let auth = crate::AuthError::from(e.clone());
            assert_eq!(auth.kind(), "Network", "{auth}");
            assert!(auth.is_transient());
            assert!(!e.is_retryable(), "a portal answers the same at once");
        }
        // Cognito's own: `__type` in the body, or the `x-amzn-ErrorType` header.
        let e = decode_error(
            &response(
                400,
                AMZ_JSON,
                r#"{"__type":"NotAuthorizedException","message":"Refresh Token has been revoked"}"#,
            ),
            &[],
        );
        assert_eq!(crate::AuthError::from(e).kind(), "NotAuthorized");
        let e = decode_error(
            &response(
                403,
                AMZ_JSON,
                r#"{"__type":"ForbiddenException","message":"WAF"}"#,
            ),
            &[],
        );
        assert_eq!(crate::AuthError::from(e).kind(), "Forbidden");
        let mut r = response(401, "application/json", "{}");
        r.headers.insert(
            "x-amzn-errortype",
            HeaderValue::from_static("NotAuthorizedException:http://internal.amazon.com/"),
        );
        assert_eq!(
            crate::AuthError::from(decode_error(&r, &[])).kind(),
            "NotAuthorized"
        );
    }

    #[test]
    fn deadline_errors_name_the_service_and_the_budget() {
        let d = Deadline::after(Duration::from_secs(2));
        let e = deadline_error("AWSCognitoIdentityProviderService.InitiateAuth", &d, true);
        assert_eq!(
            e.to_string(),
            "network error (timeout): no answer from cognito-idp (InitiateAuth) within the 2 s deadline"
        );
        assert!(e.is_retryable() && crate::AuthError::from(e).is_transient());
        let e = deadline_error("AWSCognitoIdentityService.GetId", &d, false);
        assert!(
            e.to_string()
                .contains("GetId not sent to cognito-identity: the 2 s deadline had passed"),
            "{e}"
        );
    }

    #[test]
    fn type_errors_do_not_echo_the_body() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct R {
            #[serde(rename = "ExpiresIn")]
            expires_in: u64,
        }
        let r = response(
            200,
            "application/json",
            r#"{"ExpiresIn": "eyJsecret.token"}"#,
        );
        let e = decode_json::<R>(&r).unwrap_err();
        assert!(!e.to_string().contains("eyJsecret"), "{e}");
        let r = response(200, "application/json", r#"{}"#);
        let e = decode_json::<R>(&r).unwrap_err();
        assert!(e.to_string().contains("missing field `ExpiresIn`"), "{e}");
    }

    #[test]
    fn service_messages_are_scrubbed() {
        let e = decode_error(
            &response(
                400,
                "application/json",
                r#"{"__type":"InvalidPasswordException","message":"Password 'Sup3r$ecret' is too weak"}"#,
            ),
            &["Sup3r$ecret".to_owned()],
        );
        assert_eq!(
            e.to_string(),
            "InvalidPasswordException: Password '***' is too weak"
        );
    }
}
