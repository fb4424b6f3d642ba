//! User-pool tokens and the JWT claims this crate reads from them.
//!
//! Claims are decoded without verifying signatures: the tokens come straight from Cognito
//! over TLS, and the services that accept them verify them. What matters on the client is
//! expiry (`exp`), identity (`sub`, `cognito:username`) and, for the hosted UI, `nonce`.
//! Hence no JWT crate: decoding the payload is base64 and serde, and a verifying library
//! would only add its key handling to the binary.

use crate::error::{AuthError, Result};
use crate::secret::Secret;
use crate::wire::user_pool::AuthenticationResult;
use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The claims of a JWT payload.
#[derive(Debug, Clone, PartialEq)]
pub struct Claims(Map<String, Value>);

impl Claims {
    /// Decodes the payload (second part) of a compact JWT.
    pub fn decode(token: &str) -> Result<Self> {
        let mut parts = token.split('.');
        let payload = match (parts.next(), parts.next(), parts.next(), parts.next()) {
            (Some(_), Some(p), Some(_), None) if !p.is_empty() => p,
            _ => return Err(invalid("not a JWT (expected three dot-separated parts)")),
        };
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload.trim_end_matches('='))
            .map_err(|_| invalid("JWT payload is not base64url"))?;
        match serde_json::from_slice(&bytes) {
            Ok(Value::Object(map)) => Ok(Self(map)),
            _ => Err(invalid("JWT payload is not a JSON object")),
        }
    }

    /// A string claim.
    pub fn str(&self, name: &str) -> Option<&str> {
        self.0.get(name).and_then(Value::as_str)
    }

    /// An integer claim (seconds for `exp`, `iat`, `auth_time`).
    pub fn int(&self, name: &str) -> Option<i64> {
        self.0.get(name).and_then(|v| {
            v.as_i64()
                .or_else(|| v.as_f64().filter(|f| f.is_finite()).map(|f| f as i64))
        })
    }

    /// `sub`: the user's stable id.
    pub fn sub(&self) -> Option<&str> {
        self.str("sub")
    }

    /// `exp`: expiry, seconds since the epoch.
    pub fn exp(&self) -> Option<i64> {
        self.int("exp")
    }

    /// The user name: `cognito:username` (ID token) or `username` (access token).
    pub fn username(&self) -> Option<&str> {
        self.str("cognito:username")
            .or_else(|| self.str("username"))
    }

    /// All claims.
    pub fn as_map(&self) -> &Map<String, Value> {
        &self.0
    }
}

fn invalid(what: &str) -> AuthError {
    AuthError::InvalidResponse(what.to_owned())
}

/// The three user-pool tokens and when the access token expires.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserPoolTokens {
    /// ID token (JWT): who the user is.
    pub id_token: Secret,
    /// Access token (JWT): what the user may do with the pool's API.
    pub access_token: Secret,
    /// Refresh token (opaque); absent only for sessions that cannot be refreshed.
    pub refresh_token: Option<Secret>,
    /// Expiry of the access/ID tokens, seconds since the epoch (the earlier of the two).
    pub expires_at: i64,
}

impl UserPoolTokens {
    /// Builds tokens from a Cognito `AuthenticationResult`. Expiry comes from the JWTs' `exp`
    /// (cognito-local sends no `ExpiresIn`); `ExpiresIn` counted from `now` is the fallback.
    /// A refresh answer carries no refresh token: pass the one in use as `previous_refresh`.
    pub(crate) fn from_result(
        result: AuthenticationResult,
        now: i64,
        previous_refresh: Option<Secret>,
    ) -> Result<Self> {
        let id_token = result
            .id_token
            .ok_or_else(|| invalid("authentication result without an ID token"))?;
        let id = Claims::decode(id_token.expose())?;
        let access = Claims::decode(result.access_token.expose())?;
        let from_jwt = match (id.exp(), access.exp()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let expires_at = from_jwt
            .or_else(|| result.expires_in.map(|s| now.saturating_add(s)))
            .ok_or_else(|| invalid("tokens carry no expiry"))?;
        if id.sub().is_none() {
            return Err(invalid("ID token without `sub`"));
        }
        Ok(Self {
            id_token,
            access_token: result.access_token,
            refresh_token: result.refresh_token.or(previous_refresh),
            expires_at,
        })
    }

    /// Claims of the ID token.
    pub fn id_claims(&self) -> Result<Claims> {
        Claims::decode(self.id_token.expose())
    }

    /// Whether the tokens are still good at `now` with `margin_secs` to spare.
    pub fn is_valid_at(&self, now: i64, margin_secs: i64) -> bool {
        now.saturating_add(margin_secs) < self.expires_at
    }
}

#[cfg(test)]
pub(crate) mod test_jwt {
    use base64::Engine;

    /// An unsigned JWT with the given claims (for unit tests only).
    pub fn jwt(claims: serde_json::Value) -> String {
        let e = |v: &serde_json::Value| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
        };
        format!(
            "{}.{}.c2ln",
            e(&serde_json::json!({"alg": "RS256", "kid": "k"})),
            e(&claims)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::test_jwt::jwt;
    use super::*;
    use serde_json::json;

    fn result(id_exp: i64, access_exp: i64, expires_in: Option<i64>) -> AuthenticationResult {
        AuthenticationResult {
            access_token: Secret::new(jwt(
                json!({"sub": "s", "exp": access_exp, "username": "alice"}),
            )),
            expires_in,
            token_type: Some("Bearer".into()),
            refresh_token: Some(Secret::new("refresh")),
            id_token: Some(Secret::new(jwt(
                json!({"sub": "s", "exp": id_exp, "cognito:username": "alice"}),
            ))),
            new_device_metadata: None,
        }
    }

    #[test]
    fn expiry_is_the_earliest_jwt_exp() {
        let t = UserPoolTokens::from_result(result(2_000, 1_900, Some(3600)), 1_000, None).unwrap();
        assert_eq!(t.expires_at, 1_900);
        assert!(t.is_valid_at(1_700, 120));
        assert!(!t.is_valid_at(1_781, 120));
        assert_eq!(t.id_claims().unwrap().username(), Some("alice"));
    }

    #[test]
    fn refresh_keeps_the_previous_refresh_token() {
        let mut r = result(2_000, 2_000, None);
        r.refresh_token = None;
        let t = UserPoolTokens::from_result(r, 0, Some(Secret::new("old-refresh"))).unwrap();
        assert_eq!(t.refresh_token.unwrap().expose(), "old-refresh");
    }

    #[test]
    fn malformed_tokens_are_invalid_responses() {
        for bad in [
            "",
            "a.b",
            "a.!!!.c",
            "a.b.c.d",
            &format!("x.{}.y", "bm90IGpzb24"),
        ] {
            let e = Claims::decode(bad).unwrap_err();
            assert_eq!(e.kind(), "InvalidResponse", "{bad}");
        }
        let mut r = result(2_000, 2_000, None);
        r.id_token = None;
        assert!(UserPoolTokens::from_result(r, 0, None).is_err());
    }
}
