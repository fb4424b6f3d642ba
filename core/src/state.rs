//! Who is signed in, as the app sees it, and the events that tell it when that changes.
//! The states are AWSMobileClient's, which apps migrating from it know.
//!
//! **Delivery.** Every subscriber gets every event emitted after it subscribed, exactly once
//! and in the order the state changed. That rules out `tokio::sync::broadcast`: a subscriber
//! that falls behind its ring buffer silently loses events (`RecvError::Lagged`), and an app
//! that misses `SessionExpired` shows a signed-in screen to a signed-out user. Each subscriber
//! gets an unbounded queue instead; events are tiny (one byte), they come at human pace
//! (sign-in, refresh once an hour), and a queue is freed as soon as its [`EventStream`] is
//! dropped, so memory only grows for a subscriber that is kept but never read.

use std::sync::Mutex;
use tokio::sync::mpsc;

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
    /// The refresh token (or, when federated, the provider token) was rejected; the user
    /// must sign in (or federate) again.
    SessionExpired,
    /// The user deleted their account.
    UserDeleted,
    /// Tokens were refreshed.
    TokensRefreshed,
    /// Federated into the identity pool with a provider token.
    Federated,
    /// The federated session was cleared.
    FederationCleared,
    /// Another account became active ([`crate::AuthClient::switch_account`]); the state
    /// stream gives its state next.
    ActiveAccountChanged,
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
            Self::ActiveAccountChanged => "active_account_changed",
        }
    }
}

/// The events of one subscriber, in order. Dropping it unsubscribes.
#[derive(Debug)]
pub struct EventStream {
    rx: mpsc::UnboundedReceiver<AuthEvent>,
}

impl EventStream {
    /// The next event, waiting for one; `None` once the client is gone.
    pub async fn recv(&mut self) -> Option<AuthEvent> {
        self.rx.recv().await
    }

    /// The next event if one is queued, without waiting.
    pub fn try_recv(&mut self) -> Option<AuthEvent> {
        self.rx.try_recv().ok()
    }

    /// Every queued event, without waiting.
    pub fn drain(&mut self) -> Vec<AuthEvent> {
        std::iter::from_fn(|| self.try_recv()).collect()
    }
}

/// Fans events out to every subscriber.
#[derive(Debug, Default)]
pub(crate) struct Events {
    subscribers: Mutex<Vec<mpsc::UnboundedSender<AuthEvent>>>,
}

impl Events {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Queues `event` for every live subscriber. Callers emit while holding the session lock,
    /// so the order of events is the order of the state changes.
    pub(crate) fn emit(&self, event: AuthEvent) {
        tracing::debug!(event = event.as_str(), "auth event");
        let mut subs = self.subscribers.lock().unwrap_or_else(|e| e.into_inner());
        subs.retain(|tx| tx.send(event).is_ok());
    }

    pub(crate) fn subscribe(&self) -> EventStream {
        let (tx, rx) = mpsc::unbounded_channel();
        self.subscribers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(tx);
        EventStream { rx }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn every_subscriber_gets_every_event_once_in_order_even_when_slow() {
        let events = Events::new();
        let mut early = events.subscribe();
        let mut slow = events.subscribe();
        // Far more than a broadcast ring of 1024 would hold for a reader that never polls.
        let sent: Vec<AuthEvent> = (0..5_000)
            .map(|i| match i % 3 {
                0 => AuthEvent::SignedIn,
                1 => AuthEvent::TokensRefreshed,
                _ => AuthEvent::SignedOut,
            })
            .collect();
        for e in &sent[..10] {
            events.emit(*e);
        }
        let mut late = events.subscribe();
        for e in &sent[10..] {
            events.emit(*e);
        }
        assert_eq!(early.drain(), sent);
        let mut got = Vec::new();
        while got.len() < sent.len() {
            got.push(slow.recv().await.unwrap());
        }
        assert_eq!(got, sent);
        assert_eq!(late.drain(), sent[10..], "only events after subscribing");
        assert_eq!(late.try_recv(), None);
    }

    #[test]
    fn dropped_subscribers_are_forgotten() {
        let events = Events::new();
        let keep = events.subscribe();
        drop(events.subscribe());
        events.emit(AuthEvent::SignedIn);
        assert_eq!(events.subscribers.lock().unwrap().len(), 1);
        drop(keep);
        events.emit(AuthEvent::SignedOut);
        assert!(events.subscribers.lock().unwrap().is_empty());
    }
}
