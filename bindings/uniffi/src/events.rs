//! User state and auth events. Events are pulled: [`AuthEventStream::next`] is an async call
//! the Kotlin layer turns into a `Flow` and the Swift layer into an `AsyncStream`, so no
//! callback has to attach a Rust thread to the JVM, and cancelling the collector cancels the
//! pending call.

use crate::error::AuthError;
use crate::runtime;
use cognito_auth::state::{AuthEvent, EventStream, UserState};
use tokio::sync::Mutex;

/// The user's authentication state.
#[uniffi::remote(Enum)]
pub enum UserState {
    /// Not determined yet.
    Unknown,
    /// Signed out, with guest identity-pool access.
    Guest,
    /// Signed out.
    SignedOut,
    /// Signed in to the user pool, or federated into the identity pool.
    SignedIn,
    /// Was signed in; the refresh token was rejected. Sign in again.
    SignedOutUserPoolsTokenInvalid,
    /// Was federated; the provider token was rejected. Federate again.
    SignedOutFederatedTokensInvalid,
}

/// Something that happened to the session.
#[uniffi::remote(Enum)]
pub enum AuthEvent {
    /// A user signed in.
    SignedIn,
    /// The user signed out.
    SignedOut,
    /// The refresh token was rejected; the user must sign in again.
    SessionExpired,
    /// The user deleted their account.
    UserDeleted,
    /// Tokens were refreshed.
    TokensRefreshed,
    /// Federated into the identity pool with a provider token.
    Federated,
    /// The federated session was cleared.
    FederationCleared,
    /// Another account became active; the state stream gives its state next.
    ActiveAccountChanged,
}

/// The events of one client from the moment it was obtained, in order.
#[derive(uniffi::Object)]
#[uniffi::export(Debug)]
pub struct AuthEventStream {
    rx: Mutex<EventStream>,
}

impl std::fmt::Debug for AuthEventStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AuthEventStream")
    }
}

impl AuthEventStream {
    pub(crate) fn new(rx: EventStream) -> Self {
        Self { rx: Mutex::new(rx) }
    }
}

#[uniffi::export]
impl AuthEventStream {
    /// Waits for the next event; `null`/`nil` once the client is gone. Every event emitted
    /// after [`AuthClient::events`](crate::AuthClient) was called arrives exactly once, in order.
    pub async fn next(&self) -> Result<Option<AuthEvent>, AuthError> {
        runtime::guard_async(async {
            let mut rx = self.rx.lock().await;
            Ok(rx.recv().await)
        })
        .await
    }
}
