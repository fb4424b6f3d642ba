//! Sign-out: the local session is always cleared; the server-side steps (hosted-UI browser
//! session, GlobalSignOut, RevokeToken) are tried and their failures reported, never allowed
//! to keep the user signed in on this device.

use crate::client::AuthClient;
use crate::error::{AuthError, Result};
use crate::secret::Secret;
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
/// [`SignOutResult::Failed`], and even then no longer in memory. Prints without its tokens.
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
        /// The refresh token that RevokeToken failed to revoke, to retry later with
        /// [`AuthClient::revoke_token`] (as Amplify's `RevokeTokenError.refreshToken`); `None`
        /// when RevokeToken did not fail or cannot work (`NotSupported`).
        refresh_token: Option<Secret>,
        /// The access token GlobalSignOut failed with, to retry later with
        /// [`AuthClient::global_sign_out_with`] (Amplify's `GlobalSignOutError.accessToken`);
        /// `None` when GlobalSignOut did not fail.
        access_token: Option<Secret>,
        /// The hosted UI's `/logout` URL that could not be opened, to open later in the
        /// browser that holds the session (Amplify's `HostedUIError.signOutURL`); `None` when
        /// that step did not fail or no URL could be built.
        sign_out_url: Option<String>,
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
        let snap = self.sessions().await.snapshot().await;
        let mut hosted_ui_error = None;
        let mut global_sign_out_error = None;
        let mut revoke_token_error = None;
        let (mut refresh_token, mut access_token, mut sign_out_url) = (None, None, None);
        if let Some(user) = snap.session.active_user() {
            if let SignInMethod::HostedUi {
                private_session: false,
                ..
            } = user.method
            {
                hosted_ui_error = self.end_hosted_ui_session().await.err();
                if hosted_ui_error.is_some() {
                    sign_out_url = self.hosted_ui_logout_url().await.ok();
                }
            }
            // One deadline for the requests, set after the browser step (a person's pace).
            let global;
            (global, revoke_token_error) = self
                .bounded(async {
                    let global = match options.global {
                        true => Some(self.global_sign_out(user).await),
                        false => None,
                    };
                    (global, self.revoke_refresh_token(user).await.err())
                })
                .await;
            if let Some((access, Err(e))) = global {
                global_sign_out_error = Some(e);
                access_token = Some(access);
            }
            if matches!(&revoke_token_error, Some(e) if !matches!(e, AuthError::NotSupported(_))) {
                refresh_token = user.tokens.refresh_token.clone();
            }
        }

        let m = self.sessions().await;
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
                refresh_token,
                access_token,
                sign_out_url,
            },
        }
    }

    /// Retries a failed RevokeToken after a [`SignOutResult::Partial`]: revokes
    /// `refresh_token` (and the tokens issued from it) with Cognito's RevokeToken API, which
    /// also accepts the hosted UI's refresh tokens. Nothing local changes.
    pub async fn revoke_token(&self, refresh_token: &Secret) -> Result<()> {
        self.bounded(async {
            let pool = self.user_pool()?;
            pool.send(&RevokeTokenRequest {
                token: refresh_token.clone(),
                client_id: pool.client_id().to_owned(),
                client_secret: pool.pool().client_secret.clone(),
            })
            .await?;
            Ok(())
        })
        .await
    }

    /// Retries a failed GlobalSignOut after a [`SignOutResult::Partial`]: signs the user of
    /// `access_token` out of every device. Nothing local changes.
    pub async fn global_sign_out_with(&self, access_token: &Secret) -> Result<()> {
        self.bounded(async {
            self.user_pool()?
                .send(&GlobalSignOutRequest {
                    access_token: access_token.clone(),
                })
                .await?;
            Ok(())
        })
        .await
    }

    /// GlobalSignOut with a valid access token (refreshed first when it has expired); the
    /// token used comes back with the outcome, for a retry.
    async fn global_sign_out(&self, user: &UserPoolSession) -> (Secret, Result<()>) {
        let access = match self.valid_tokens().await {
            Ok(tokens) => tokens.access_token,
            Err(_) => user.tokens.access_token.clone(),
        };
        let sent = match self.user_pool() {
            Ok(pool) => pool
                .send(&GlobalSignOutRequest {
                    access_token: access.clone(),
                })
                .await
                .map(drop)
                .map_err(AuthError::from),
            Err(e) => Err(e),
        };
        (access, sent)
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
