//! Waiting for a sign-in (AWSMobileClient's `waitForSignIn`): after the refresh or provider token was rejected, calls
//! that need tokens can wait until the user signs in again, and the app can release the
//! waiters (`releaseSignInWait`) when the user gives up.

use crate::client::AuthClient;
use crate::error::{AuthError, Result};
use crate::state::UserState;
use crate::tokens::UserPoolTokens;

impl AuthClient {
    /// Returns once a user is signed in (at once when one is). While the session is expired
    /// (`SignedOutUserPoolsTokenInvalid` / `SignedOutFederatedTokensInvalid`) it waits for
    /// the next sign-in or federation.
    ///
    /// Errors: `SignedOut` when nobody is or was signed in, or the user signs out while this
    /// waits; `Cancelled` when [`AuthClient::release_sign_in_wait`] is called. Dropping the
    /// future also stops waiting.
    pub async fn wait_for_sign_in(&self) -> Result<()> {
        let observers = &self.inner.accounts.observers;
        let mut state = observers.state_tx.subscribe();
        let mut release = observers.release_tx.subscribe();
        release.mark_unchanged();
        // Reads the stored session if nobody has yet (the state is Unknown before).
        self.user_state().await;
        loop {
            let current = *state.borrow_and_update();
            match current {
                UserState::SignedIn => return Ok(()),
                UserState::SignedOut | UserState::Guest => {
                    return Err(AuthError::SignedOut("no user is signed in".into()));
                }
                UserState::SignedOutUserPoolsTokenInvalid
                | UserState::SignedOutFederatedTokensInvalid
                | UserState::Unknown => {
                    tokio::select! {
                        changed = state.changed() => {
                            if changed.is_err() {
                                return Err(AuthError::Cancelled("the client was dropped".into()));
                            }
                        }
                        _ = release.changed() => {
                            return Err(AuthError::Cancelled("the sign-in wait was released".into()));
                        }
                    }
                }
            }
        }
    }

    /// Ends every [`AuthClient::wait_for_sign_in`] (and [`AuthClient::get_tokens`] with
    /// waiting) in progress with `Cancelled`.
    pub fn release_sign_in_wait(&self) {
        self.inner
            .accounts
            .observers
            .release_tx
            .send_modify(|n| *n = n.wrapping_add(1));
    }

    /// The signed-in user's valid tokens (refreshed when needed). With `wait_for_sign_in`,
    /// an expired session waits for the user to sign in again instead of failing with
    /// `SessionExpired` (AWSMobileClient's `getTokens`).
    pub async fn get_tokens(&self, wait_for_sign_in: bool) -> Result<UserPoolTokens> {
        loop {
            match self.valid_tokens().await {
                Err(AuthError::SessionExpired(_)) if wait_for_sign_in => {
                    self.wait_for_sign_in().await?;
                }
                other => return other,
            }
        }
    }
}
