//! OAuth 2.0 error codes (RFC 6749 §4.1.2.1, §5.2; OpenID Connect Core §3.1.2.6) as
//! [`AuthError`]s, so apps match kinds rather than strings.

use crate::error::AuthError;

/// The error of an `error=…` callback or token-endpoint answer.
pub(crate) fn oauth_error(code: &str, description: &str, status: u16) -> AuthError {
    let message = if description.is_empty() {
        code.to_owned()
    } else {
        format!("{code}: {description}")
    };
    match code {
        // The user, the provider or the server said no; for a refresh this ends the session.
        "access_denied"
        | "invalid_grant"
        | "login_required"
        | "interaction_required"
        | "consent_required"
        | "account_selection_required" => AuthError::NotAuthorized(message),
        // The app client or the request does not fit the pool's configuration.
        "invalid_client"
        | "unauthorized_client"
        | "invalid_scope"
        | "unsupported_response_type"
        | "unsupported_grant_type"
        | "invalid_request"
        | "redirect_mismatch"
        | "invalid_target" => AuthError::PoolConfiguration {
            name: code.to_owned(),
            message: description.to_owned(),
        },
        // RFC 6749: what a 500 and a 503 would have said had a redirect allowed them.
        "server_error" => AuthError::Service {
            name: code.to_owned(),
            message: description.to_owned(),
            status: status.max(500),
        },
        "temporarily_unavailable" => AuthError::Service {
            name: code.to_owned(),
            message: description.to_owned(),
            status: 503,
        },
        other => AuthError::from_exception(other, description.to_owned(), status),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_map_to_kinds() {
        for (code, kind) in [
            ("access_denied", "NotAuthorized"),
            ("invalid_grant", "NotAuthorized"),
            ("login_required", "NotAuthorized"),
            ("invalid_client", "PoolConfiguration"),
            ("invalid_scope", "PoolConfiguration"),
            ("unauthorized_client", "PoolConfiguration"),
            ("server_error", "Service"),
            ("temporarily_unavailable", "Service"),
            ("brand_new_error", "Service"),
        ] {
            assert_eq!(oauth_error(code, "d", 400).kind(), kind, "{code}");
        }
        assert!(oauth_error("temporarily_unavailable", "", 400).is_transient());
        assert!(!oauth_error("invalid_grant", "", 400).is_transient());
        assert_eq!(
            oauth_error("access_denied", "User cancelled", 400).to_string(),
            "not authorized: access_denied: User cancelled"
        );
    }
}
