//! Hosted UI: web sign-in and sign-out with the OAuth 2.0 authorization code grant and PKCE
//! (RFC 6749, RFC 7636 S256), as Amplify's `signInWithWebUI` does.
//!
//! Two ways to drive it:
//! - [`AuthClient::sign_in_with_web_ui`] with a [`WebAuthPresenter`] — the platform shows the
//!   page (`ASWebAuthenticationSession`, Custom Tabs, [`LoopbackPresenter`] on desktops) and
//!   hands back the callback URL and whether its browser session was private;
//! - [`AuthClient::begin_web_sign_in`] → URL, then [`AuthClient::complete_web_sign_in`] with
//!   the callback URL, for apps that present the page themselves.
//!
//! One web sign-in may be pending at a time (a second `begin` is an
//! [`AuthError::InvalidState`]), for 10 minutes at most; the pending state lives in the
//! client's secure store (see [`pending`]) so a later process can complete it. A callback is single-use: it consumes the
//! pending sign-in whatever the outcome. Tokens are stored like any user-pool sign-in
//! ([`SignInMethod::HostedUi`]); the session layer refreshes them through
//! [`AuthClient::refresh_hosted_ui_tokens`] and ends the browser session through
//! [`AuthClient::end_hosted_ui_session`], skipped only when the presenter reported a
//! private session ([`WebAuthResult::private_session`]): asking for one
//! ([`WebUiOptions::prefer_private_session`]) is not enough, since Custom Tabs, the system
//! browser and the two-step API cannot give one.

pub(crate) mod callback;
mod errors;
mod loopback;
mod options;
pub(crate) mod pending;
mod pkce;
mod presenter;
pub(crate) mod token;
mod urls;

pub use loopback::{BrowserOpener, LoopbackOptions, LoopbackPresenter};
pub use options::{WebUiOptions, WebUiPrompt};
pub use presenter::{WebAuthPresenter, WebAuthResult};

use crate::client::AuthClient;
use crate::config::{ConfigError, OAuthConfig, OAuthResponseType, UserPoolConfig};
use crate::error::{AuthError, Result};
use crate::secret::Secret;
use crate::session::SignInMethod;
use crate::tokens::{Claims, UserPoolTokens};
use pending::{PENDING_EXPIRES_AFTER_SECS, Pending, PendingStore, SessionRecord};
use std::sync::Arc;

/// The hosted-UI part of a client: the pending-sign-in records and the presenter used to end
/// the browser session at sign-out.
pub(crate) struct HostedUiState {
    /// Serialises begin / complete / cancel of this client.
    lock: tokio::sync::Mutex<()>,
    presenter: std::sync::Mutex<Option<Arc<dyn WebAuthPresenter>>>,
}

impl HostedUiState {
    pub(crate) fn new() -> Self {
        Self {
            lock: tokio::sync::Mutex::new(()),
            presenter: std::sync::Mutex::new(None),
        }
    }

    fn presenter(&self) -> Option<Arc<dyn WebAuthPresenter>> {
        self.presenter
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    fn set_presenter(&self, p: Option<Arc<dyn WebAuthPresenter>>) {
        *self.presenter.lock().unwrap_or_else(|e| e.into_inner()) = p;
    }
}

impl AuthClient {
    /// Signs in through the hosted UI shown by `presenter`. The presenter is kept (in memory)
    /// to end the hosted-UI session at sign-out; see [`AuthClient::set_web_auth_presenter`].
    ///
    /// Errors: [`AuthError::Cancelled`] when the user closes the page (nothing stored
    /// changes), [`AuthError::InvalidState`] while a user is signed in or another web sign-in
    /// is pending, [`AuthError::NotAuthorized`] for `access_denied` or a code the provider
    /// refuses, [`AuthError::InvalidResponse`] for a callback that fails the checks.
    pub async fn sign_in_with_web_ui(
        &self,
        presenter: Arc<dyn WebAuthPresenter>,
        options: WebUiOptions,
    ) -> Result<()> {
        let (url, pending) = self.begin(&options).await?;
        let mut guard = PendingGuard {
            client: self.clone(),
            state: Some(pending.state.clone()),
        };
        let scheme = url::Url::parse(&pending.redirect_uri)
            .map(|u| u.scheme().to_owned())
            .unwrap_or_default();
        let presented = presenter
            .present(url.to_string(), scheme, options.prefer_private_session)
            .await;
        let presented = match presented {
            Ok(p) => p,
            Err(e) => {
                guard.state = None;
                self.clear_pending_if(&pending.state).await;
                return Err(e);
            }
        };
        guard.state = None;
        if options.prefer_private_session && !presented.private_session {
            tracing::info!(
                "a private browser session was asked for but the presenter ran a shared one: sign-out will open /logout"
            );
        }
        // The deadline starts once the browser is done (a person's pace before).
        self.bounded(self.complete_pending(&presented.callback_url, presented.private_session))
            .await?;
        self.inner.hosted_ui.set_presenter(Some(presenter));
        Ok(())
    }

    /// Starts a web sign-in and returns the authorize URL to show; finish with
    /// [`AuthClient::complete_web_sign_in`].
    pub async fn begin_web_sign_in(&self, options: WebUiOptions) -> Result<String> {
        Ok(self.begin(&options).await?.0.to_string())
    }

    /// Finishes the pending web sign-in with the URL the browser was redirected to: checks
    /// it, exchanges the code (with the PKCE verifier), checks the ID token's `nonce` and
    /// stores the tokens. The pending sign-in is consumed whatever the outcome; one begun
    /// 10 minutes ago or more has expired ([`AuthError::InvalidState`]). The library cannot
    /// know how the app showed the page, so the browser session counts as shared: sign-out
    /// opens `/logout` (with the presenter of [`AuthClient::set_web_auth_presenter`]).
    pub async fn complete_web_sign_in(&self, callback_url: &str) -> Result<()> {
        self.bounded(self.complete_pending(callback_url, false))
            .await
    }

    /// Consumes the pending sign-in and finishes it with `callback_url`.
    async fn complete_pending(&self, callback_url: &str, private_session: bool) -> Result<()> {
        let h = &self.inner.hosted_ui;
        let records = self.hosted_ui_records().await;
        let pending = {
            let _lock = h.lock.lock().await;
            let pending = records.pending().await?.ok_or_else(|| {
                AuthError::InvalidState("no web sign-in is pending; begin one first".into())
            })?;
            records.clear_pending().await?;
            pending
        };
        let now = self.clock().now_unix();
        if !pending.is_fresh(now) {
            return Err(AuthError::InvalidState(format!(
                "the pending web sign-in expired (begun {} s ago; it lasts {PENDING_EXPIRES_AFTER_SECS} s); begin a new one",
                pending.age(now)
            )));
        }
        self.finish(pending, callback_url, private_session).await
    }

    /// Abandons the pending web sign-in, if any; returns whether there was one.
    pub async fn cancel_web_sign_in(&self) -> Result<bool> {
        let h = &self.inner.hosted_ui;
        let records = self.hosted_ui_records().await;
        let _lock = h.lock.lock().await;
        let had = records.pending().await?.is_some();
        records.clear_pending().await?;
        Ok(had)
    }

    /// Sets (or with `None` forgets) the presenter that opens `/logout` at sign-out.
    /// [`AuthClient::sign_in_with_web_ui`] sets it too; an app that restarts while signed in
    /// sets it once at launch.
    pub fn set_web_auth_presenter(&self, presenter: Option<Arc<dyn WebAuthPresenter>>) {
        self.inner.hosted_ui.set_presenter(presenter);
    }

    /// The presenter kept by [`AuthClient::set_web_auth_presenter`] or the last web sign-in.
    pub(crate) fn web_auth_presenter(&self) -> Option<Arc<dyn WebAuthPresenter>> {
        self.inner.hosted_ui.presenter()
    }

    /// Revokes a hosted-UI session's refresh token at `/oauth2/revoke` (at sign-out): the
    /// endpoint of the provider that issued it, which Cognito also serves.
    pub(crate) async fn revoke_hosted_ui_token(&self, refresh_token: &Secret) -> Result<()> {
        let (oauth, pool) = self.hosted_ui_config()?;
        let endpoint = urls::endpoint(oauth, "oauth2/revoke")?;
        token::revoke_request(self.user_pool()?.wire(), &endpoint, pool, refresh_token).await
    }

    /// Refreshes hosted-UI tokens at the OAuth token endpoint (`grant_type=refresh_token`),
    /// as Amplify does for web sessions. The refresh token is kept unless a new one comes.
    pub(crate) async fn refresh_hosted_ui_tokens(
        &self,
        refresh_token: &Secret,
    ) -> Result<UserPoolTokens> {
        let (oauth, pool) = self.hosted_ui_config()?;
        let endpoint = urls::endpoint(oauth, "oauth2/token")?;
        let result = token::token_request(
            self.user_pool()?.wire(),
            &endpoint,
            pool,
            "OAuth2Token.refresh_token",
            &[
                ("grant_type", "refresh_token"),
                ("refresh_token", refresh_token.expose()),
            ],
        )
        .await?;
        UserPoolTokens::from_result(result, self.clock().now_unix(), Some(refresh_token.clone()))
    }

    /// The hosted UI's `/logout?client_id&logout_uri` URL and its `logout_uri`.
    async fn logout_urls(&self) -> Result<(url::Url, String)> {
        let (oauth, pool) = self.hosted_ui_config()?;
        let records = self.hosted_ui_records().await;
        let record = records.session().await.ok().flatten();
        let logout_uri =
            urls::sign_out_redirect(oauth, record.as_ref().map(|r| r.redirect_uri.as_str()))?;
        Ok((
            urls::logout_url(oauth, &pool.client_id, &logout_uri)?,
            logout_uri,
        ))
    }

    /// The `/logout` URL sign-out opens, for a [`SignOutResult::Partial`](crate::SignOutResult)
    /// whose hosted-UI step failed: read before the local session (and its record) is cleared.
    pub(crate) async fn hosted_ui_logout_url(&self) -> Result<String> {
        Ok(self.logout_urls().await?.0.to_string())
    }

    /// Ends the hosted UI's browser session at sign-out: opens `/logout?client_id&logout_uri`
    /// with the registered presenter (the cookie lives in the browser, so only the browser
    /// can end it) and checks that it came back to `logout_uri`.
    pub(crate) async fn end_hosted_ui_session(&self) -> Result<()> {
        let (url, logout_uri) = self.logout_urls().await?;
        let h = &self.inner.hosted_ui;
        let presenter = h.presenter().ok_or_else(|| {
            AuthError::InvalidState(
                "no web presenter to open the hosted UI's /logout; set one with set_web_auth_presenter"
                    .into(),
            )
        })?;
        let scheme = url::Url::parse(&logout_uri)
            .map(|u| u.scheme().to_owned())
            .unwrap_or_default();
        let callback = presenter.present(url.to_string(), scheme, false).await?;
        let params = callback::callback_params(&callback.callback_url, &logout_uri)?;
        if let Some(code) = params.get("error") {
            let description = params.get("error_description").map_or("", String::as_str);
            return Err(errors::oauth_error(code, description, 400));
        }
        if let Err(e) = self.hosted_ui_records().await.clear_session().await {
            tracing::warn!(error = %e, "could not forget the hosted-UI session record");
        }
        Ok(())
    }

    /// The hosted-UI records of the current account.
    pub(crate) async fn hosted_ui_records(&self) -> PendingStore {
        PendingStore::new(self.sessions().await.records().clone())
    }

    /// The hosted-UI settings, or why web sign-in cannot run with this configuration.
    fn hosted_ui_config(&self) -> Result<(&OAuthConfig, &UserPoolConfig)> {
        let oauth = self
            .config()
            .oauth
            .as_ref()
            .ok_or_else(|| AuthError::Configuration(ConfigError::missing("auth.oauth")))?;
        if oauth.response_type == OAuthResponseType::Token {
            return Err(AuthError::NotSupported(
                "the implicit grant (auth.oauth.response_type `token`) is not supported; use `code`"
                    .into(),
            ));
        }
        let pool =
            self.config().user_pool.as_ref().ok_or_else(|| {
                AuthError::Configuration(ConfigError::missing("auth.user_pool_id"))
            })?;
        Ok((oauth, pool))
    }

    /// Creates and stores the pending sign-in; refuses while one is pending.
    async fn begin(&self, options: &WebUiOptions) -> Result<(url::Url, Pending)> {
        self.ensure_no_session().await?;
        let (oauth, pool) = self.hosted_ui_config()?;
        let redirect_uri = urls::sign_in_redirect(oauth, options.redirect_uri.as_deref())?;
        let scopes = urls::scopes(oauth, options)?;
        let nonce = match &options.nonce {
            Some(n) if n.is_empty() => {
                return Err(AuthError::InvalidParameter("the nonce is empty".into()));
            }
            Some(n) => n.clone(),
            None => pkce::random_token(32)?,
        };
        let pkce = pkce::Pkce::generate()?;
        let now = self.clock().now_unix();
        let pending = Pending {
            state: pkce::random_token(32)?,
            nonce,
            code_verifier: pkce.verifier,
            redirect_uri,
            provider: options
                .provider
                .as_deref()
                .map(options::identity_provider_name),
            created_at: now,
        };
        let url = urls::authorize_url(
            oauth,
            &urls::AuthorizeRequest {
                client_id: &pool.client_id,
                redirect_uri: &pending.redirect_uri,
                scopes: &scopes,
                state: &pending.state,
                code_challenge: &pkce.challenge,
                nonce: &pending.nonce,
            },
            options,
        )?;
        let h = &self.inner.hosted_ui;
        let records = self.hosted_ui_records().await;
        let _lock = h.lock.lock().await;
        if let Some(other) = records.pending().await?
            && other.is_fresh(now)
        {
            return Err(AuthError::InvalidState(format!(
                "another web sign-in is pending (started {} s ago); complete or cancel it first",
                other.age(now)
            )));
        }
        records.set_pending(&pending).await?;
        Ok((url, pending))
    }

    /// Checks the callback, exchanges the code and stores the session.
    async fn finish(
        &self,
        pending: Pending,
        callback_url: &str,
        private_session: bool,
    ) -> Result<()> {
        self.ensure_no_session().await?;
        let (oauth, pool) = self.hosted_ui_config()?;
        let code = callback::parse_callback(callback_url, &pending.redirect_uri, &pending.state)?;
        let endpoint = urls::endpoint(oauth, "oauth2/token")?;
        let result = token::token_request(
            self.user_pool()?.wire(),
            &endpoint,
            pool,
            "OAuth2Token.authorization_code",
            &[
                ("grant_type", "authorization_code"),
                ("code", code.expose()),
                ("redirect_uri", &pending.redirect_uri),
                ("code_verifier", pending.code_verifier.expose()),
            ],
        )
        .await?;
        let tokens = UserPoolTokens::from_result(result, self.clock().now_unix(), None)?;
        check_id_token(&tokens.id_claims()?, &pending.nonce, &pool.client_id)?;
        self.complete_sign_in(
            tokens,
            SignInMethod::HostedUi {
                private_session,
                provider: pending.provider.clone(),
            },
        )
        .await?;
        let record = SessionRecord {
            redirect_uri: pending.redirect_uri,
        };
        if let Err(e) = self.hosted_ui_records().await.set_session(&record).await {
            tracing::warn!(error = %e, "could not store the hosted-UI session record");
        }
        Ok(())
    }

    /// Forgets the pending sign-in if it is still the one with `state`.
    async fn clear_pending_if(&self, state: &str) {
        let h = &self.inner.hosted_ui;
        let records = self.hosted_ui_records().await;
        let _lock = h.lock.lock().await;
        if let Ok(Some(p)) = records.pending().await
            && p.state == state
            && let Err(e) = records.clear_pending().await
        {
            tracing::warn!(error = %e, "could not forget the pending web sign-in");
        }
    }
}

/// The ID token must carry the nonce of this sign-in (OpenID Connect Core §3.1.3.7) and be
/// meant for this app client.
fn check_id_token(claims: &Claims, nonce: &str, client_id: &str) -> Result<()> {
    match claims.str("nonce") {
        Some(n) if pkce::constant_time_eq(n, nonce) => {}
        Some(_) => {
            return Err(AuthError::InvalidResponse(
                "the ID token's nonce does not match the one sent".into(),
            ));
        }
        None => {
            return Err(AuthError::InvalidResponse(
                "the ID token has no nonce".into(),
            ));
        }
    }
    let aud_ok = match claims.as_map().get("aud") {
        None => true,
        Some(serde_json::Value::String(a)) => a == client_id,
        Some(serde_json::Value::Array(list)) => list.iter().any(|a| a == client_id),
        Some(_) => false,
    };
    if !aud_ok {
        return Err(AuthError::InvalidResponse(
            "the ID token is not for this app client (aud)".into(),
        ));
    }
    Ok(())
}

/// Forgets the pending sign-in when a `sign_in_with_web_ui` future is dropped mid-flight
/// (a cancelled task), so the next sign-in is not blocked.
struct PendingGuard {
    client: AuthClient,
    state: Option<String>,
}

impl Drop for PendingGuard {
    fn drop(&mut self) {
        if let Some(state) = self.state.take()
            && let Ok(rt) = tokio::runtime::Handle::try_current()
        {
            let client = self.client.clone();
            rt.spawn(async move { client.clear_pending_if(&state).await });
        }
    }
}

#[cfg(test)]
mod tests;
