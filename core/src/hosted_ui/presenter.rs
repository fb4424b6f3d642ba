//! The platform hook that shows the hosted UI.

use crate::error::Result;
use async_trait::async_trait;
use std::fmt;

/// Shows a URL in a browser the user trusts and reports where the browser was finally sent
/// and whether that browser session was private. Implemented by the platform:
/// `ASWebAuthenticationSession` on Apple platforms, Custom Tabs on Android,
/// [`crate::LoopbackPresenter`] on desktops, a test driver in tests.
#[async_trait]
pub trait WebAuthPresenter: Send + Sync {
    /// Opens `url`, waits until the browser is redirected to a URL of
    /// `callback_url_scheme` (`myapp`, or `http` for a loopback listener) and returns that
    /// whole URL with whether the session was private ([`WebAuthResult`]).
    /// `prefers_ephemeral_session` asks for a browser session that shares no cookies with
    /// the user's browser; a presenter that cannot give one says so by reporting
    /// `private_session: false`. A user who closes the page must yield
    /// [`crate::AuthError::Cancelled`].
    async fn present(
        &self,
        url: String,
        callback_url_scheme: String,
        prefers_ephemeral_session: bool,
    ) -> Result<WebAuthResult>;
}

/// What a [`WebAuthPresenter`] hands back.
#[derive(Clone, PartialEq, Eq)]
pub struct WebAuthResult {
    /// The whole URL the browser was sent to (`myapp://callback?code=…&state=…`).
    pub callback_url: String,
    /// Whether the page ran in a private (ephemeral) browser session: one that shared no
    /// cookies with the user's browser and kept none afterwards, so the hosted UI's session
    /// cookie is gone with it (`ASWebAuthenticationSession` with
    /// `prefersEphemeralWebBrowserSession`). Only then does sign-out skip `/logout`. Report
    /// `false` when unsure: Custom Tabs and the system browser are never private.
    pub private_session: bool,
}

impl WebAuthResult {
    /// A callback from a browser session that shares cookies with the user's browser (the
    /// hosted UI's session outlives the sign-in; sign-out opens `/logout`).
    pub fn shared(callback_url: impl Into<String>) -> Self {
        Self {
            callback_url: callback_url.into(),
            private_session: false,
        }
    }

    /// A callback from a private (ephemeral) browser session.
    pub fn private(callback_url: impl Into<String>) -> Self {
        Self {
            callback_url: callback_url.into(),
            private_session: true,
        }
    }
}

/// Prints the callback without its query and fragment (they carry the authorization code).
impl fmt::Debug for WebAuthResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let bare = self
            .callback_url
            .split(['?', '#'])
            .next()
            .unwrap_or_default();
        let elided = if bare.len() < self.callback_url.len() {
            "?…"
        } else {
            ""
        };
        f.debug_struct("WebAuthResult")
            .field("callback_url", &format_args!("{bare}{elided}"))
            .field("private_session", &self.private_session)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_leaves_the_code_out() {
        let r = WebAuthResult::private("myapp://callback?code=the-code&state=s");
        assert_eq!(
            format!("{r:?}"),
            "WebAuthResult { callback_url: myapp://callback?…, private_session: true }"
        );
        assert!(!WebAuthResult::shared("http://127.0.0.1:1/out").private_session);
    }
}
