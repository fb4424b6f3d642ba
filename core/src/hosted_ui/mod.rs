//! Hosted UI (OAuth 2.0 authorization code + PKCE through a platform web-auth session).
//!
//! Entry points the session layer calls for sessions that came from the hosted UI; the web
//! sign-in itself is being built (issue: hosted UI).

use crate::client::AuthClient;
use crate::error::{AuthError, Result};
use crate::secret::Secret;
use crate::tokens::UserPoolTokens;

impl AuthClient {
    /// Refreshes hosted-UI tokens at the OAuth token endpoint (`grant_type=refresh_token`),
    /// as Amplify does for web sessions.
    pub(crate) async fn refresh_hosted_ui_tokens(
        &self,
        _refresh_token: &Secret,
    ) -> Result<UserPoolTokens> {
        Err(AuthError::NotSupported(
            "hosted UI token refresh is not built yet".into(),
        ))
    }

    /// Ends the hosted UI's browser session (`/logout`) at sign-out.
    pub(crate) async fn end_hosted_ui_session(&self) -> Result<()> {
        Err(AuthError::NotSupported(
            "hosted UI sign-out is not built yet".into(),
        ))
    }
}
