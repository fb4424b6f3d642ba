//! Sign-out: the local session is always cleared; the server-side steps (hosted-UI browser
//! session, GlobalSignOut, RevokeToken) are tried and their failures reported, never allowed
//! to keep the user signed in on this device.

use crate::client::AuthClient;
use crate::error::{AuthError, Result};
use crate::session::{SignInMethod, StoredSession, UserPoolSession, Write};
use crate::state::AuthEvent;
use crate::tokens::{Claims, UserPoolTokens};
use crate::wire::user_pool::{GlobalSignOutRequest, RevokeTokenRequest};

/// Options of [`AuthClient::sign_out`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SignOutOptions {
    /// Also invalidate every refresh token of the user on every device (GlobalSignOut).
    pub global: bool,
}

/// What a sign-out achieved. The user is signed out on this device in every case except
/// [`SignOutResult::Failed`], and even then no longer in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignOutResult {
    /// Everything asked for was done.
    Complete,
    /// Signed out locally, but some server-side steps failed or could not be done: the
    /// tokens named may still be valid until they expire.
    Partial {
        /// RevokeToken failed (the refresh token may still work), or was not called:
        /// [`AuthError::NotSupported`] when the access token carries no `origin_jti`, that is
        /// token revocation is not enabled for the app client (Amplify skips the call then
        /// too); the refresh token then stays valid until it expires.
        revoke_token_error: Option<AuthError>,
        /// GlobalSignOut failed (other devices stay signed in).
        global_sign_out_error: Option<AuthError>,
        /// The hosted UI's browser session could not be ended.
        hosted_ui_error: Option<AuthError>,
    },
    /// The stored session could not be deleted (storage error); it was dropped from memory
    /// but may come back when the app starts again.
    Failed(AuthError),
}

impl AuthClient {
    /// Signs out: ends the hosted-UI browser session (unless the presenter reported it
    /// private), GlobalSignOut when `global`, RevokeToken (when the access token carries
    /// `origin_jti`), then clears the local session (also a federated or guest one) and
    /// emits `SignedOut`. Never fails outright; see [`SignOutResult`].
    pub async fn sign_out(&self, options: SignOutOptions) -> SignOutResult {
        let snap = self.sessions().snapshot().await;
        let mut hosted_ui_error = None;
        let mut global_sign_out_error = None;
        let mut revoke_token_error = None;
        if let Some(user) = snap.session.active_user() {
            if let SignInMethod::HostedUi {
                private_session: false,
                ..
            } = user.method
            {
                hosted_ui_error = self.end_hosted_ui_session().await.err();
            }
            // One deadline for the requests, set after the browser step (a person's pace).
            (global_sign_out_error, revoke_token_error) = self
                .bounded(async {
                    let global = match options.global {
                        true => self.global_sign_out(user).await.err(),
                        false => None,
                    };
                    (global, self.revoke_refresh_token(user).await.err())
                })
                .await;
        }

        let m = self.sessions();
        let held = m.hold_for_clear().await;
        let mut cache = m.lock().await;
        let cleared = m
            .write(&held, &mut cache, StoredSession::signed_out(), Write::Clear)
            .await;
        m.emit(AuthEvent::SignedOut);
        drop(cache);

        match cleared {
            Err(e) => SignOutResult::Failed(e),
            Ok(())
                if revoke_token_error.is_none()
                    && global_sign_out_error.is_none()
                    && hosted_ui_error.is_none() =>
            {
                SignOutResult::Complete
            }
            Ok(()) => SignOutResult::Partial {
                revoke_token_error,
                global_sign_out_error,
                hosted_ui_error,
            },
        }
    }

    /// GlobalSignOut with a valid access token (refreshed first when it has expired).
    async fn global_sign_out(&self, user: &UserPoolSession) -> Result<()> {
        let access = match self.valid_tokens().await {
            Ok(tokens) => tokens.access_token,
            Err(_) => user.tokens.access_token.clone(),
        };
        self.user_pool()?
            .send(&GlobalSignOutRequest {
                access_token: access,
            })
            .await?;
        Ok(())
    }

    async fn revoke_refresh_token(&self, user: &UserPoolSession) -> Result<()> {
        let Some(refresh) = &user.tokens.refresh_token else {
            return Ok(());
        };
        if !is_revocable(&user.tokens) {
            return Err(AuthError::NotSupported(
                "RevokeToken was not called: the access token carries no `origin_jti`, so token \
                 revocation is not enabled for this app client; the refresh token stays valid \
                 until it expires"
                    .into(),
            ));
        }
        match user.method {
            // Web sessions are revoked where they were issued (Cognito serves both).
            SignInMethod::HostedUi { .. } => self.revoke_hosted_ui_token(refresh).await,
            SignInMethod::UserPool => {
                let pool = self.user_pool()?;
                pool.send(&RevokeTokenRequest {
                    token: refresh.clone(),
                    client_id: pool.client_id().to_owned(),
                    client_secret: pool.pool().client_secret.clone(),
                })
                .await?;
                Ok(())
            }
        }
    }
}

/// Whether the session's refresh token can be revoked: Cognito marks the tokens of app
/// clients with token revocation enabled with `origin_jti` (Amplify checks the same claim of
/// the access token before calling RevokeToken).
fn is_revocable(tokens: &UserPoolTokens) -> bool {
    Claims::decode(tokens.access_token.expose())
        .ok()
        .and_then(|c| c.str("origin_jti").map(|j| !j.is_empty()))
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;
    use crate::tokens::test_jwt::jwt;

    fn tokens(access: serde_json::Value) -> UserPoolTokens {
        UserPoolTokens {
            id_token: Secret::new(jwt(serde_json::json!({"sub": "s"}))),
            access_token: Secret::new(jwt(access)),
            refresh_token: Some(Secret::new("r")),
            expires_at: 1,
        }
    }

    #[test]
    fn only_tokens_with_origin_jti_are_revocable() {
        assert!(is_revocable(&tokens(
            serde_json::json!({"origin_jti": "5f0c"})
        )));
        assert!(!is_revocable(&tokens(serde_json::json!({"sub": "s"}))));
        assert!(!is_revocable(&tokens(
            serde_json::json!({"origin_jti": ""})
        )));
        assert!(!is_revocable(&tokens(serde_json::json!({"origin_jti": 7}))));
        let mut opaque = tokens(serde_json::json!({}));
        opaque.access_token = Secret::new("not-a-jwt");
        assert!(!is_revocable(&opaque));
    }
}
