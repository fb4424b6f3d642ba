//! The OAuth token endpoint (`/oauth2/token`): code exchange and refresh, form-encoded,
//! through the wire client's retries (transient failures only: an `invalid_grant` is an
//! answer, never retried).

use super::errors::oauth_error;
use crate::config::UserPoolConfig;
use crate::error::{AuthError, Result};
use crate::secret::Secret;
use crate::wire::user_pool::AuthenticationResult;
use crate::wire::{HttpResponse, WireClient, WireError, redact};
use base64::Engine;
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE};
use serde::Deserialize;
use url::Url;

/// A token endpoint answer (RFC 6749 §5.1).
#[derive(Deserialize)]
pub(crate) struct TokenResponse {
    access_token: Secret,
    id_token: Option<Secret>,
    refresh_token: Option<Secret>,
    expires_in: Option<i64>,
    token_type: Option<String>,
}

/// An error answer (RFC 6749 §5.2).
#[derive(Deserialize)]
struct ErrorResponse {
    error: String,
    #[serde(default)]
    error_description: String,
}

/// Posts `form` to the token endpoint as `client`: HTTP Basic when the app client has a
/// secret (RFC 6749 §2.3.1), `client_id` in the body in any case, as Cognito accepts.
pub(crate) async fn token_request(
    wire: &WireClient,
    endpoint: &Url,
    client: &UserPoolConfig,
    operation: &str,
    form: &[(&str, &str)],
) -> Result<AuthenticationResult> {
    let r = form_post(wire, endpoint, client, operation, form, |response| {
        interpret(response, &[])
    })
    .await?;
    Ok(AuthenticationResult {
        access_token: r.access_token,
        expires_in: r.expires_in,
        token_type: r.token_type,
        refresh_token: r.refresh_token,
        id_token: r.id_token,
        new_device_metadata: None,
    })
}

/// Revokes a refresh token at `/oauth2/revoke` (RFC 7009; Cognito answers 200 with an empty
/// body), authenticated like the token endpoint.
pub(crate) async fn revoke_request(
    wire: &WireClient,
    endpoint: &Url,
    client: &UserPoolConfig,
    refresh_token: &Secret,
) -> Result<()> {
    form_post(
        wire,
        endpoint,
        client,
        "OAuth2Revoke",
        &[("token", refresh_token.expose())],
        |_| Ok(()),
    )
    .await
}

/// One form post through the wire client's retries; `ok` reads a 2xx answer (and may turn
/// it into an error); OAuth error answers become typed errors with no secret repeated.
async fn form_post<T>(
    wire: &WireClient,
    endpoint: &Url,
    client: &UserPoolConfig,
    operation: &str,
    form: &[(&str, &str)],
    ok: impl Fn(&HttpResponse) -> std::result::Result<T, WireError>,
) -> Result<T> {
    // The serializer is not `Send`: finish it before any await.
    let body = {
        let mut body = url::form_urlencoded::Serializer::new(String::new());
        body.append_pair("client_id", &client.client_id);
        for (k, v) in form {
            body.append_pair(k, v);
        }
        Secret::new(body.finish())
    };
    let basic = client.client_secret.as_ref().map(|secret| {
        let enc = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
        let pair = format!("{}:{}", enc(&client.client_id), enc(secret.expose()));
        Secret::new(format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(pair)
        ))
    });
    // Values an error description must never repeat.
    let mut secrets: Vec<&str> = form
        .iter()
        .filter(|(k, _)| matches!(*k, "code" | "code_verifier" | "refresh_token" | "token"))
        .map(|(_, v)| *v)
        .collect();
    if let Some(s) = &client.client_secret {
        secrets.push(s.expose());
    }
    let result = wire
        .execute(
            operation,
            |http| {
                let mut req = http
                    .post(endpoint.clone())
                    .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .header("Accept", "application/json")
                    .body(body.expose().to_owned());
                if let Some(b) = &basic {
                    req = req.header(AUTHORIZATION, b.expose());
                }
                req
            },
            |response| {
                if response.is_success() {
                    ok(&response)
                } else {
                    Err(error_of(&response, &secrets))
                }
            },
        )
        .await;
    match result {
        Ok(v) => Ok(v),
        Err(WireError::Service {
            name,
            message,
            status,
        }) if name != "TooManyRequestsException" => Err(oauth_error(&name, &message, status)),
        Err(e) => Err(AuthError::from(e)),
    }
}

fn content_type(response: &HttpResponse) -> String {
    response
        .headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("no content type")
        .to_owned()
}

/// A token answer, or the error a non-2xx answer means.
pub(crate) fn interpret(
    response: &HttpResponse,
    secrets: &[&str],
) -> std::result::Result<TokenResponse, WireError> {
    if !response.is_success() {
        return Err(error_of(response, secrets));
    }
    // Never echo the body: it holds tokens.
    serde_json::from_slice(&response.body).map_err(|e| WireError::InvalidResponse {
        status: response.status,
        message: format!(
            "token response is not the expected JSON ({}, {} bytes, {:?} error at line {} column {})",
            content_type(response),
            response.body.len(),
            e.classify(),
            e.line(),
            e.column()
        ),
    })
}

/// The error of a non-2xx answer: the OAuth `error` (description scrubbed of `secrets`),
/// throttling, or an invalid response.
fn error_of(response: &HttpResponse, secrets: &[&str]) -> WireError {
    if matches!(response.status, 401 | 403) && !content_type(response).contains("json") {
        // Not the token endpoint's OAuth error: a captive portal's or a proxy's page.
        return crate::wire::intercepted(response);
    }
    if let Ok(err) = serde_json::from_slice::<ErrorResponse>(&response.body) {
        return WireError::Service {
            name: redact::scrub(&err.error, secrets),
            message: redact::scrub(&err.error_description, secrets),
            status: response.status,
        };
    }
    if response.status == 429 {
        return WireError::Service {
            name: "TooManyRequestsException".into(),
            message: "the token endpoint throttled the request".into(),
            status: 429,
        };
    }
    WireError::InvalidResponse {
        status: response.status,
        message: format!(
            "HTTP {} without an OAuth error ({}, {} bytes)",
            response.status,
            content_type(response),
            response.body.len()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::{HeaderMap, HeaderValue};

    fn response(status: u16, body: &str) -> HttpResponse {
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        HttpResponse {
            status,
            headers,
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn oauth_errors_are_named_and_scrubbed() {
        let e = interpret(
            &response(
                400,
                r#"{"error":"invalid_grant","error_description":"code c0de-123 already used"}"#,
            ),
            &["c0de-123"],
        )
        .err()
        .unwrap();
        assert_eq!(
            e,
            WireError::Service {
                name: "invalid_grant".into(),
                message: "code *** already used".into(),
                status: 400
            }
        );
        assert!(!e.is_retryable());
    }

    #[test]
    fn bodies_without_an_oauth_error_are_invalid_and_5xx_retryable() {
        let e = interpret(&response(502, "<html>bad gateway</html>"), &[])
            .err()
            .unwrap();
        assert!(matches!(e, WireError::InvalidResponse { status: 502, .. }));
        assert!(e.is_retryable());
        let mut portal = response(401, "<html>log in to the hotel Wi-Fi</html>");
        portal
            .headers
            .insert(CONTENT_TYPE, HeaderValue::from_static("text/html"));
        let e = interpret(&portal, &[]).err().unwrap();
        assert!(matches!(e, WireError::Network { .. }), "{e:?}");
        assert_eq!(crate::AuthError::from(e).kind(), "Network");
        let e = interpret(&response(401, r#"{"error":"invalid_client"}"#), &[])
            .err()
            .unwrap();
        assert!(
            matches!(e, WireError::Service { .. }),
            "the OAuth answer: {e:?}"
        );
        let e = interpret(&response(429, ""), &[]).err().unwrap();
        assert!(e.is_retryable(), "throttling is retried");
        let e = interpret(&response(200, r#"{"access_token": "eyJ.secret"#), &[])
            .err()
            .unwrap();
        assert!(!e.to_string().contains("eyJ"), "{e}");
    }
}
