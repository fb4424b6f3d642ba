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

    /// Makes another account active (event `ActiveAccountChanged`, then its state). With
    /// `create`, an account of that name that does not exist yet is added first, empty, for
    /// the next sign-in (the others stay signed in). `InvalidParameter` when there is no such
    /// account (without `create`), or for a name that is not 1 to 64 letters, digits, `-` or
    /// `_`. The active account is the one `accounts()` marks `active`.
    #[uniffi::method(default(create = false))]
    pub async fn switch_account(&self, name: String, create: bool) -> Result<(), AuthError> {
        runtime::guard_async(async {
            if create {
                self.core.switch_or_add_account(&name).await?;
            } else {
                self.core.switch_account(&name).await?;
            }
            Ok(())
        })
        .await
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
