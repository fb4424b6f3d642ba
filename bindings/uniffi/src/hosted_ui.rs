//! Hosted UI: web sign-in with a presenter the app implements (`ASWebAuthenticationSession`,
//! Custom Tabs), or in two steps for apps that show the page themselves.
//!
//! [`WebAuthPresenter`] is exported both ways like `SecureStorage`: Kotlin/Swift classes
//! implement it, and the desktop [`loopback_presenter`] is a Rust implementation they can
//! pass in. It returns a [`WebAuthResult`]: the callback URL and whether the browser session
//! was private, which alone decides whether sign-out skips `/logout`. [`ForeignPresenter`] adapts either to the core's trait; an error the presenter
//! throws reaches the core with its kind, so an `AuthError.Cancelled` thrown for a user who
//! closed the page is the `Cancelled` the caller of `sign_in_with_web_ui` gets.

use crate::client::AuthClient;
use crate::error::AuthError;
use crate::runtime;
use async_trait::async_trait;
use cognito_auth as core;
use cognito_auth::{WebUiOptions, WebUiPrompt};
use std::sync::Arc;
use std::time::Duration;

/// What a presenter hands back: where the browser was sent, and whether the browser session
/// was private.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct WebAuthResult {
    /// The whole URL the browser was redirected to (`myapp://callback?code=…&state=…`).
    pub callback_url: String,
    /// Whether the page ran in a private (ephemeral) browser session that shared no cookies
    /// with the user's browser and kept none (`ASWebAuthenticationSession` with
    /// `prefersEphemeralWebBrowserSession`). Only then does sign-out skip `/logout`. Leave it
    /// `false` when unsure: Custom Tabs and the system browser are never private.
    #[uniffi(default = false)]
    pub private_session: bool,
}

impl From<WebAuthResult> for core::WebAuthResult {
    fn from(r: WebAuthResult) -> Self {
        Self {
            callback_url: r.callback_url,
            private_session: r.private_session,
        }
    }
}

impl From<core::WebAuthResult> for WebAuthResult {
    fn from(r: core::WebAuthResult) -> Self {
        Self {
            callback_url: r.callback_url,
            private_session: r.private_session,
        }
    }
}

/// Shows the hosted UI's page in a browser the user trusts and reports where the browser was
/// finally sent and whether its session was private.
#[uniffi::export(rust, foreign)]
#[async_trait]
pub trait WebAuthPresenter: Send + Sync {
    /// Opens `url`; waits until the browser is redirected to a URL of `callback_url_scheme`
    /// (`myapp`, or `http` for a loopback listener) and returns that whole URL, with
    /// `private_session` true only if the page ran in a private browser session.
    /// `prefers_ephemeral_session` asks for one; a presenter that cannot give one reports
    /// `false` (sign-out then opens `/logout`). A user who closes the page must end this
    /// with `AuthError.Cancelled`.
    async fn present(
        &self,
        url: String,
        callback_url_scheme: String,
        prefers_ephemeral_session: bool,
    ) -> Result<WebAuthResult, AuthError>;
}

/// An app's presenter (or a Rust one passed back) seen from the core.
pub(crate) struct ForeignPresenter(pub(crate) Arc<dyn WebAuthPresenter>);

#[async_trait]
impl core::WebAuthPresenter for ForeignPresenter {
    async fn present(
        &self,
        url: String,
        callback_url_scheme: String,
        prefers_ephemeral_session: bool,
    ) -> core::Result<core::WebAuthResult> {
        Ok(self
            .0
            .present(url, callback_url_scheme, prefers_ephemeral_session)
            .await?
            .into())
    }
}

/// A core presenter seen from Kotlin/Swift.
struct RustPresenter(Arc<dyn core::WebAuthPresenter>);

#[async_trait]
impl WebAuthPresenter for RustPresenter {
    async fn present(
        &self,
        url: String,
        callback_url_scheme: String,
        prefers_ephemeral_session: bool,
    ) -> Result<WebAuthResult, AuthError> {
        runtime::guard_async(async {
            Ok(self
                .0
                .present(url, callback_url_scheme, prefers_ephemeral_session)
                .await?
                .into())
        })
        .await
    }
}

fn core_presenter(p: Arc<dyn WebAuthPresenter>) -> Arc<dyn core::WebAuthPresenter> {
    Arc::new(ForeignPresenter(p))
}

/// How the loopback presenter shows the page.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum LoopbackOpener {
    /// `$BROWSER <url>`, else the default browser (`xdg-open` and its kin, Launch Services,
    /// the registered `http` handler on Windows; never through a shell); the URL is printed
    /// on stderr if that fails.
    System,
    /// Only print the URL on stderr.
    PrintOnly,
    /// Run this shell command with the URL as its last argument.
    Command {
        /// The command.
        command: String,
    },
}

/// The desktop presenter (RFC 8252): the system browser shows the page and is redirected to
/// a listener on the loopback interface, on the host and port of the configured
/// `http://127.0.0.1:PORT/…` (or `localhost`: then both 127.0.0.1 and ::1) redirect URI. The
/// listener takes only the genuine redirect (right path, `Host` and `state`) and keeps
/// waiting past anything else; gives up with `Cancelled` after `timeout_seconds`. The system
/// browser keeps its cookies, so its sessions are never private. For JVM desktop apps and
/// tools; phones use their own presenters.
#[uniffi::export]
pub fn loopback_presenter(
    opener: LoopbackOpener,
    timeout_seconds: u32,
) -> Arc<dyn WebAuthPresenter> {
    let opener = match opener {
        LoopbackOpener::System => core::BrowserOpener::System,
        LoopbackOpener::PrintOnly => core::BrowserOpener::PrintOnly,
        LoopbackOpener::Command { command } => core::BrowserOpener::Command(command),
    };
    let presenter = core::LoopbackPresenter::new(core::LoopbackOptions {
        opener,
        timeout: Duration::from_secs(timeout_seconds.into()),
    });
    Arc::new(RustPresenter(Arc::new(presenter)))
}

/// The OpenID Connect `prompt` values the hosted UI understands.
#[uniffi::remote(Enum)]
pub enum WebUiPrompt {
    /// Never show a page: succeed from the browser session or fail.
    None,
    /// Ask for credentials even when the browser session is still valid.
    Login,
    /// Let the user choose among signed-in accounts.
    SelectAccount,
    /// Ask for consent again.
    Consent,
}

/// What the app asks of a web sign-in.
#[uniffi::remote(Record)]
pub struct WebUiOptions {
    /// Go straight to a provider (`Google`, `Facebook`, `LoginWithAmazon`,
    /// `SignInWithApple`, `COGNITO`, or a SAML/OIDC provider's name).
    #[uniffi(default = None)]
    pub provider: Option<String>,
    /// An enterprise provider's identifier (`idp_identifier`), e.g. an email domain.
    #[uniffi(default = None)]
    pub idp_identifier: Option<String>,
    /// Scopes to request; empty = the configured ones.
    #[uniffi(default)]
    pub scopes: Vec<String>,
    /// Ask the presenter for an ephemeral browser session (no shared cookies). Sign-out
    /// skips `/logout` only when the presenter reports one (`WebAuthResult.private_session`);
    /// Custom Tabs, the loopback presenter and the two-step API never do.
    #[uniffi(default = false)]
    pub prefer_private_session: bool,
    /// The `nonce` to send and expect back in the ID token; random when `None`.
    #[uniffi(default = None)]
    pub nonce: Option<String>,
    /// Pre-fills the user name on the sign-in page.
    #[uniffi(default = None)]
    pub login_hint: Option<String>,
    /// Language of the hosted pages (`de`, …).
    #[uniffi(default = None)]
    pub lang: Option<String>,
    /// Whether the hosted UI must (or must not) show its pages.
    #[uniffi(default = None)]
    pub prompt: Option<WebUiPrompt>,
    /// Which configured sign-in redirect URI to use; the first one when `None`.
    #[uniffi(default = None)]
    pub redirect_uri: Option<String>,
}

#[uniffi::export]
impl AuthClient {
    /// Signs in through the hosted UI shown by `presenter` (kept to end the browser session
    /// at sign-out). Errors: `Cancelled` when the user closes the page (nothing stored
    /// changes), `InvalidState` while signed in or another web sign-in is pending,
    /// `NotAuthorized` for a refused sign-in, `InvalidResponse` for a callback that fails
    /// the checks (state, nonce).
    #[uniffi::method(default(options = None))]
    pub async fn sign_in_with_web_ui(
        &self,
        presenter: Arc<dyn WebAuthPresenter>,
        options: Option<WebUiOptions>,
    ) -> Result<(), AuthError> {
        runtime::guard_async(async {
            let options = options.unwrap_or_default();
            Ok(self
                .core
                .sign_in_with_web_ui(core_presenter(presenter), options)
                .await?)
        })
        .await
    }

    /// Starts a web sign-in and returns the authorize URL to show; finish with
    /// `complete_web_sign_in`.
    #[uniffi::method(default(options = None))]
    pub async fn begin_web_sign_in(
        &self,
        options: Option<WebUiOptions>,
    ) -> Result<String, AuthError> {
        runtime::guard_async(async {
            Ok(self
                .core
                .begin_web_sign_in(options.unwrap_or_default())
                .await?)
        })
        .await
    }

    /// Finishes the pending web sign-in with the URL the browser was redirected to. The
    /// pending sign-in is consumed whatever the outcome, and expires 10 minutes after
    /// `begin_web_sign_in` (`InvalidState`). The browser session counts as shared: sign-out
    /// opens `/logout` with the presenter of `set_web_auth_presenter`.
    pub async fn complete_web_sign_in(&self, callback_url: String) -> Result<(), AuthError> {
        runtime::guard_async(async { Ok(self.core.complete_web_sign_in(&callback_url).await?) })
            .await
    }

    /// Abandons the pending web sign-in, if any; returns whether there was one.
    pub async fn cancel_web_sign_in(&self) -> Result<bool, AuthError> {
        runtime::guard_async(async { Ok(self.core.cancel_web_sign_in().await?) }).await
    }

    /// Sets (or with `None` forgets) the presenter that opens `/logout` at sign-out. An app
    /// that restarts while signed in through the hosted UI sets it once at launch.
    pub fn set_web_auth_presenter(
        &self,
        presenter: Option<Arc<dyn WebAuthPresenter>>,
    ) -> Result<(), AuthError> {
        runtime::guard_sync(|| {
            self.core
                .set_web_auth_presenter(presenter.map(core_presenter));
            Ok(())
        })
    }
}
