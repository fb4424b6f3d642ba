//! Sign-out, which never fails outright: the local session is always cleared and the
//! server-side steps that failed are reported.

use crate::client::AuthClient;
use crate::error::AuthError;
use crate::runtime;
use cognito_auth as core;
use std::fmt;
use std::sync::Arc;

/// A token kept for a retry after a partial sign-out. An object, so it prints `***`; pass it
/// back to `revokeToken` / `globalSignOut`, or read it with `value()`.
#[derive(PartialEq, Eq, uniffi::Object)]
#[uniffi::export(Debug)]
pub struct SecretToken(pub(crate) core::Secret);

impl fmt::Debug for SecretToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretToken({:?})", self.0)
    }
}

#[uniffi::export]
impl SecretToken {
    /// A token kept by the app (e.g. a refresh token to revoke later).
    #[uniffi::constructor]
    pub fn new(value: String) -> Arc<Self> {
        Arc::new(Self(core::Secret::new(value)))
    }

    /// The token. A secret: never log it.
    pub fn value(&self) -> String {
        self.0.expose().to_owned()
    }
}

fn token(t: Option<core::Secret>) -> Option<Arc<SecretToken>> {
    t.map(|t| Arc::new(SecretToken(t)))
}

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
        /// The refresh token RevokeToken failed to revoke, for `revokeToken` later; absent when
        /// RevokeToken did not fail or cannot work (`NotSupported`).
        refresh_token: Option<Arc<SecretToken>>,
        /// The access token GlobalSignOut failed with, for `globalSignOut` later.
        access_token: Option<Arc<SecretToken>>,
        /// The hosted UI's `/logout` URL that could not be opened, to open later in the
        /// browser that holds the session.
        sign_out_url: Option<String>,
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
                refresh_token,
                access_token,
                sign_out_url,
            } => Self::Partial {
                revoke_token_error: revoke_token_error.map(Into::into),
                global_sign_out_error: global_sign_out_error.map(Into::into),
                hosted_ui_error: hosted_ui_error.map(Into::into),
                refresh_token: token(refresh_token),
                access_token: token(access_token),
                sign_out_url,
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

    /// Retries a failed RevokeToken after a `Partial` sign-out: revokes `refresh_token`
    /// with Cognito's RevokeToken API. Nothing local changes.
    pub async fn revoke_token(&self, refresh_token: Arc<SecretToken>) -> Result<(), AuthError> {
        runtime::guard_async(async { Ok(self.core.revoke_token(&refresh_token.0).await?) }).await
    }

    /// Retries a failed GlobalSignOut after a `Partial` sign-out: signs the user of
    /// `access_token` out of every device. Nothing local changes.
    pub async fn global_sign_out(&self, access_token: Arc<SecretToken>) -> Result<(), AuthError> {
        runtime::guard_async(async { Ok(self.core.global_sign_out_with(&access_token.0).await?) })
            .await
    }
}
