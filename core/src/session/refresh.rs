//! Keeping user-pool tokens fresh: REFRESH_TOKEN_AUTH for user-pool sign-ins, the OAuth token
//! endpoint for hosted-UI ones; one refresh in flight however many callers need it.

use super::{Expired, SignInMethod, UserPoolSession};
use crate::client::AuthClient;
use crate::error::{AuthError, Result};
use crate::secret::Secret;
use crate::state::AuthEvent;
use crate::tokens::UserPoolTokens;
use crate::wire::user_pool::{AuthFlow, AuthParameters, InitiateAuthRequest};
use std::collections::BTreeMap;

impl AuthClient {
    /// Refreshes the user-pool tokens when they expire within the margin (or always, with
    /// `force`). `Ok` when nothing needed doing or the refresh worked; the refresh's error
    /// otherwise (`SessionExpired` when the refresh token was rejected).
    pub(crate) async fn refresh_tokens_if_needed(&self, force: bool) -> Result<()> {
        {
            // Checked in place: the common case (valid tokens) copies nothing.
            let m = self.sessions().await;
            let cache = m.lock().await;
            let Some(user) = cache.session.active_user() else {
                return Ok(());
            };
            let now = self.clock().now_unix();
            if !force
                && user
                    .tokens
                    .is_valid_at(now, self.inner.accounts.margin_secs())
            {
                return Ok(());
            }
        }
        let client = self.clone();
        self.sessions()
            .await
            .flights()
            .0
            .run(move || async move { client.run_token_refresh(force).await })
            .await
    }

    /// The body of one refresh flight. It holds the session's update lock throughout, so
    /// every client and (where the store locks across processes) every process on this
    /// store waits for it, then finds its tokens instead of refreshing again; a refresh
    /// token rotated here is never overtaken by another refresh with the old one.
    async fn run_token_refresh(&self, force: bool) -> Result<()> {
        let m = self.sessions().await;
        let held = m.hold().await;
        if let Some(e) = &held.store_error {
            tracing::debug!(error = %e, "refreshing without the store's lock");
        }
        m.sync().await;
        let snap = m.snapshot().await;
        let Some(user) = snap.session.active_user().cloned() else {
            return Ok(());
        };
        let now = self.clock().now_unix();
        if !force
            && user
                .tokens
                .is_valid_at(now, self.inner.accounts.margin_secs())
        {
            // Another flight refreshed them a moment ago.
            return Ok(());
        }
        match self.refresh_user_pool(&user).await {
            Ok(tokens) => {
                m.update(&held, snap.generation, |s| {
                    let u = s.user_pool.as_mut()?;
                    u.tokens = tokens;
                    Some(AuthEvent::TokensRefreshed)
                })
                .await;
                Ok(())
            }
            Err(AuthError::NotAuthorized(message)) => {
                tracing::info!("refresh token rejected; the session has expired");
                m.expire(&held, snap.generation, Expired::UserPool).await;
                Err(AuthError::SessionExpired(format!(
                    "the refresh token was rejected ({message}); sign in again"
                )))
            }
            Err(e) => {
                tracing::debug!(error = %e, "token refresh failed; session kept");
                Err(e)
            }
        }
    }

    /// One refresh request, dispatched on how the user signed in.
    async fn refresh_user_pool(&self, user: &UserPoolSession) -> Result<UserPoolTokens> {
        let refresh =
            user.tokens.refresh_token.clone().ok_or_else(|| {
                AuthError::NotAuthorized("the session has no refresh token".into())
            })?;
        let tokens = match &user.method {
            SignInMethod::UserPool => self.refresh_with_initiate_auth(user, refresh).await?,
            SignInMethod::HostedUi { .. } => self.refresh_hosted_ui_tokens(&refresh).await?,
        };
        let sub = tokens.id_claims()?.sub().map(str::to_owned);
        if sub.as_deref() != Some(user.sub.as_str()) {
            return Err(AuthError::InvalidResponse(
                "refreshed tokens belong to another user".into(),
            ));
        }
        Ok(tokens)
    }

    /// `InitiateAuth` with `REFRESH_TOKEN_AUTH`. As Amplify does, `SECRET_HASH` is computed
    /// with the stored user name (`cognito:username`, which is the `sub` for pools that sign
    /// in with an email or phone alias) and a remembered device's key goes in `DEVICE_KEY`.
    async fn refresh_with_initiate_auth(
        &self,
        user: &UserPoolSession,
        refresh: Secret,
    ) -> Result<UserPoolTokens> {
        let pool = self.user_pool()?;
        let device = self.device_secrets(&user.username).await.ok().flatten();
        let device_key = device.as_ref().map(|d| d.device_key.as_str());
        let params = AuthParameters::for_refresh(pool, &user.username, device_key, refresh.clone());
        let response = pool
            .send(&InitiateAuthRequest {
                auth_flow: AuthFlow::RefreshToken,
                client_id: pool.client_id().to_owned(),
                auth_parameters: params,
                client_metadata: BTreeMap::new(),
                session: None,
            })
            .await?;
        let result = response
            .authentication_result
            .ok_or_else(|| AuthError::InvalidResponse("refresh answered without tokens".into()))?;
        UserPoolTokens::from_result(result, self.clock().now_unix(), Some(refresh))
    }
}
