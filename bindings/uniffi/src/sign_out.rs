//! Sign-out, which never fails outright: the local session is always cleared and the
//! server-side steps that failed are reported.

use crate::client::AuthClient;
use crate::error::AuthError;
use crate::runtime;
use cognito_auth as core;

/// What a sign-out achieved. The user is signed out on this device in every case but
/// `Failed`, and even then no longer in memory.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum SignOutResult {
    /// Everything asked for was done.
    Complete,
    /// Signed out locally, but some server-side steps failed or could not be done: the
    /// tokens named may stay valid until they expire.
    Partial {
        /// RevokeToken failed (the refresh token may still work), or was not called:
        /// `NotSupported` when the access token carries no `origin_jti` (token revocation is
        /// not enabled for the app client; Amplify skips the call then too).
        revoke_token_error: Option<AuthError>,
        /// GlobalSignOut failed (other devices stay signed in).
        global_sign_out_error: Option<AuthError>,
        /// The hosted UI's browser session could not be ended.
        hosted_ui_error: Option<AuthError>,
    },
    /// The stored session could not be deleted (storage error); it may come back when the
    /// app starts again.
    Failed {
        /// The storage error.
        error: AuthError,
    },
}

impl From<core::SignOutResult> for SignOutResult {
    fn from(r: core::SignOutResult) -> Self {
        match r {
            core::SignOutResult::Complete => Self::Complete,
            core::SignOutResult::Partial {
                revoke_token_error,
                global_sign_out_error,
                hosted_ui_error,
            } => Self::Partial {
                revoke_token_error: revoke_token_error.map(Into::into),
                global_sign_out_error: global_sign_out_error.map(Into::into),
                hosted_ui_error: hosted_ui_error.map(Into::into),
            },
            core::SignOutResult::Failed(e) => Self::Failed { error: e.into() },
        }
    }
}

#[uniffi::export]
impl AuthClient {
    /// Signs out: ends the hosted-UI browser session (unless the presenter reported it
    /// private), GlobalSignOut when `global`, RevokeToken (when the access token carries
    /// `origin_jti`), then clears the local session (also a federated or guest
    /// one) and emits `SignedOut`. Never throws; see [`SignOutResult`].
    #[uniffi::method(default(global = false))]
    pub async fn sign_out(&self, global: bool) -> SignOutResult {
        let options = core::SignOutOptions { global };
        runtime::guard_async(async { Ok(self.core.sign_out(options).await.into()) })
            .await
            .unwrap_or_else(|error| SignOutResult::Failed { error })
    }
}
