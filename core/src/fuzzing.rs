//! Entry points for the fuzz targets in `fuzz/` and the property tests: the parsers that
//! take outside input, reachable without a server. Not part of the API (hidden, unstable);
//! each function only forwards to the code the client itself runs.

use crate::error::AuthError;
use crate::wire::{HttpResponse, WireError, identity, user_pool};
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderValue};

/// A configuration file (either generation).
pub fn config(json: &str) -> Result<crate::AuthConfig, AuthError> {
    let config = crate::AuthConfig::from_json(json)?;
    // A parsed configuration must also validate or refuse cleanly, and fingerprint.
    let _ = config.validate();
    let _ = config.fingerprint();
    Ok(config)
}

/// A JWT's claims, as the session reads them.
pub fn jwt(token: &str) -> Result<(), AuthError> {
    let claims = crate::tokens::Claims::decode(token)?;
    let _ = (
        claims.sub(),
        claims.exp(),
        claims.username(),
        claims.int("iat"),
    );
    Ok(())
}

/// A hosted-UI callback URL checked against the redirect URI and `state` of a sign-in.
pub fn callback(url: &str, redirect_uri: &str, state: &str) -> Result<String, AuthError> {
    crate::hosted_ui::callback::parse_callback(url, redirect_uri, state)
        .map(|code| code.expose().to_owned())
}

/// Which answer a wire response body is decoded as.
#[derive(Debug, Clone, Copy)]
pub enum WireResponse {
    /// `SignUp`.
    SignUp,
    /// `ConfirmSignUp`.
    ConfirmSignUp,
    /// `ResendConfirmationCode` and other code-delivery answers.
    CodeDelivery,
    /// `InitiateAuth` / `RespondToAuthChallenge`.
    AuthChallenge,
    /// `GetUser`.
    GetUser,
    /// `GetId`.
    GetId,
    /// `GetCredentialsForIdentity`.
    GetCredentialsForIdentity,
    /// An error answer (any status, any operation).
    Error,
}

impl WireResponse {
    /// Every kind, for targets that pick one from a byte.
    pub const ALL: [WireResponse; 8] = [
        Self::SignUp,
        Self::ConfirmSignUp,
        Self::CodeDelivery,
        Self::AuthChallenge,
        Self::GetUser,
        Self::GetId,
        Self::GetCredentialsForIdentity,
        Self::Error,
    ];
}

/// Decodes `body` (with `status` and `content_type`) the way the wire client does, and turns
/// tokens in an `AuthChallenge` answer into [`crate::UserPoolTokens`] as a sign-in would.
pub fn wire_response(
    kind: WireResponse,
    status: u16,
    content_type: &str,
    body: &[u8],
) -> Result<(), AuthError> {
    let response = http_response(status, content_type, body);
    let secrets = ["fuzz-secret".to_owned()];
    match kind {
        WireResponse::SignUp => decode::<user_pool::SignUpResponse>(&response).map(drop),
        WireResponse::ConfirmSignUp => {
            decode::<user_pool::ConfirmSignUpResponse>(&response).map(drop)
        }
        WireResponse::CodeDelivery => {
            decode::<user_pool::CodeDeliveryResponse>(&response).map(drop)
        }
        WireResponse::AuthChallenge => {
            let r = decode::<user_pool::AuthChallengeResponse>(&response)?;
            if let Some(result) = r.authentication_result {
                crate::UserPoolTokens::from_result(result, 1_700_000_000, None)?;
            }
            Ok(())
        }
        WireResponse::GetUser => decode::<user_pool::GetUserResponse>(&response).map(drop),
        WireResponse::GetId => decode::<identity::GetIdResponse>(&response).map(drop),
        WireResponse::GetCredentialsForIdentity => {
            let r = decode::<identity::GetCredentialsForIdentityResponse>(&response)?;
            let _ = r.credentials.map(crate::AwsCredentials::from);
            Ok(())
        }
        WireResponse::Error => {
            let e = crate::wire::decode_error(&response, &secrets);
            let _ = e.is_retryable();
            Err(AuthError::from(e))
        }
    }
}

/// A hosted-UI token endpoint answer, as the code exchange and refresh read it.
pub fn token_response(status: u16, content_type: &str, body: &[u8]) -> Result<(), AuthError> {
    let response = http_response(status, content_type, body);
    match crate::hosted_ui::token::interpret(&response, &["fuzz-secret"]) {
        Ok(_) => Ok(()),
        Err(e) => Err(AuthError::from(e)),
    }
}

/// A stored session item, as the session layer reads it at start-up.
pub fn stored_session(bytes: &[u8]) -> Result<(), String> {
    let s = crate::session::StoredSession::decode(bytes)?;
    let _ = s.user_state(true);
    let _ = s.encode();
    Ok(())
}

fn decode<T: serde::de::DeserializeOwned>(response: &HttpResponse) -> Result<T, AuthError> {
    if !response.is_success() {
        return Err(crate::wire::decode_error(response, &["fuzz-secret".to_owned()]).into());
    }
    crate::wire::decode_json(response).map_err(|e: WireError| e.into())
}

fn http_response(status: u16, content_type: &str, body: &[u8]) -> HttpResponse {
    let mut headers = HeaderMap::new();
    if let Ok(v) = HeaderValue::from_str(content_type) {
        headers.insert(CONTENT_TYPE, v);
    }
    HttpResponse {
        status,
        headers,
        body: body.to_vec(),
    }
}
