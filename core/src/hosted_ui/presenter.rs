//! The platform hook that shows the hosted UI.

use crate::error::Result;
use async_trait::async_trait;

/// Shows a URL in a browser the user trusts and returns the URL the browser was finally sent
/// to. Implemented by the platform: `ASWebAuthenticationSession` on Apple platforms, Custom
/// Tabs on Android, [`crate::LoopbackPresenter`] on desktops, a test driver in tests.
#[async_trait]
pub trait WebAuthPresenter: Send + Sync {
    /// Opens `url`, waits until the browser is redirected to a URL of
    /// `callback_url_scheme` (`myapp`, or `http` for a loopback listener) and returns that
    /// whole URL. `prefers_ephemeral_session` asks for a browser session that shares no
    /// cookies with the user's browser. A user who closes the page must yield
    /// [`crate::AuthError::Cancelled`].
    async fn present(
        &self,
        url: String,
        callback_url_scheme: String,
        prefers_ephemeral_session: bool,
    ) -> Result<String>;
}
