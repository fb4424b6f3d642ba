//! Several signed-in accounts of one configuration, one of them active. The client follows
//! the active account (its events and state too); `for_account` gives a client of one
//! account, for work on another than the active one.

use crate::client::AuthClient;
use crate::error::AuthError;
use crate::runtime;
use cognito_auth::{Account, UserState};
use std::sync::Arc;

/// One account of the configuration.
#[uniffi::remote(Record)]
pub struct Account {
    /// The name the app gave it (`default` for the first).
    pub name: String,
    /// The user signed in to it (or whose session expired), if any.
    pub username: Option<String>,
    /// Its state, as `userState` would give it were it active.
    pub state: UserState,
    /// Whether it is the active account.
    pub active: bool,
}

#[uniffi::export]
impl AuthClient {
    /// Every account (`default` first, then in the order they were added).
    pub async fn accounts(&self) -> Result<Vec<Account>, AuthError> {
        runtime::guard_async(async { Ok(self.core.accounts().await?) }).await
    }

    /// The name of the active account.
    pub async fn active_account(&self) -> Result<String, AuthError> {
        runtime::guard_async(async { Ok(self.core.active_account().await) }).await
    }

    /// Adds an empty account and makes it active, for the next sign-in; the others stay
    /// signed in. `InvalidParameter` for a taken name or one that is not 1 to 64 letters,
    /// digits, `-` or `_`.
    pub async fn add_account(&self, name: String) -> Result<(), AuthError> {
        runtime::guard_async(async { Ok(self.core.add_account(&name).await?) }).await
    }

    /// Makes another account active (event `ActiveAccountChanged`, then its state).
    pub async fn switch_account(&self, name: String) -> Result<(), AuthError> {
        runtime::guard_async(async { Ok(self.core.switch_account(&name).await?) }).await
    }

    /// Signs an account out on this device and forgets it (`default` is only signed out).
    pub async fn remove_account(&self, name: String) -> Result<(), AuthError> {
        runtime::guard_async(async { Ok(self.core.remove_account(&name).await?) }).await
    }

    /// A client of one account, whichever is active (it cannot switch accounts).
    pub fn for_account(&self, name: String) -> Result<Arc<AuthClient>, AuthError> {
        runtime::guard_sync(|| {
            Ok(Arc::new(AuthClient {
                core: self.core.for_account(&name)?,
            }))
        })
    }
}
