//! Who is signed in, as the app sees it, and the events that tell it when that changes.
//! The states are AWSMobileClient's (seed 003), which apps migrating from it know.

use tokio::sync::broadcast;

/// The user's authentication state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UserState {
    /// Not determined yet (before the stored session was read).
    Unknown,
    /// Signed out, with guest (unauthenticated) identity-pool access.
    Guest,
    /// Signed out.
    SignedOut,
    /// Signed in to the user pool, or federated into the identity pool.
    SignedIn,
    /// Was signed in to the user pool; the refresh token was rejected. Sign in again.
    SignedOutUserPoolsTokenInvalid,
    /// Was federated; the provider token was rejected. Federate again with a fresh token.
    SignedOutFederatedTokensInvalid,
}

impl UserState {
    /// snake_case name, as the CLI prints it.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Unknown => "unknown",
            Self::Guest => "guest",
            Self::SignedOut => "signed_out",
            Self::SignedIn => "signed_in",
            Self::SignedOutUserPoolsTokenInvalid => "signed_out_user_pools_token_invalid",
            Self::SignedOutFederatedTokensInvalid => "signed_out_federated_tokens_invalid",
        }
    }
}

/// Something that happened to the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
}

impl AuthEvent {
    /// snake_case name.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::SignedIn => "signed_in",
            Self::SignedOut => "signed_out",
            Self::SessionExpired => "session_expired",
            Self::UserDeleted => "user_deleted",
            Self::TokensRefreshed => "tokens_refreshed",
            Self::Federated => "federated",
            Self::FederationCleared => "federation_cleared",
        }
    }
}

/// Fans events out to every subscriber.
#[derive(Debug)]
pub(crate) struct Events {
    tx: broadcast::Sender<AuthEvent>,
}

impl Events {
    pub(crate) fn new() -> Self {
        Self {
            tx: broadcast::channel(1024).0,
        }
    }

    pub(crate) fn emit(&self, event: AuthEvent) {
        tracing::debug!(event = event.as_str(), "auth event");
        // No subscriber is not an error.
        let _ = self.tx.send(event);
    }

    pub(crate) fn subscribe(&self) -> broadcast::Receiver<AuthEvent> {
        self.tx.subscribe()
    }
}
