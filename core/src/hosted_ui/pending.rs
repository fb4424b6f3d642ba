//! What a web sign-in remembers between the authorize URL and the callback, and where.
//!
//! Kept in the [`crate::SecureStore`] of the client, in the configuration's namespace, so a
//! callback can be completed by a later process (the CLI runs one process per command; an
//! Android app may be killed while Custom Tabs is in front):
//!
//! - `hosted_ui.pending`: the sign-in in progress (state, nonce, PKCE verifier, redirect
//!   URI). The verifier is the only secret in it; it is a [`Secret`] (never printed) and is
//!   deleted when the callback is consumed, whatever its outcome.
//! - `hosted_ui.session`: which redirect URI the signed-in session used, so sign-out picks
//!   the matching `logout_uri`. Nothing secret.

use crate::error::Result;
use crate::secret::Secret;
use crate::session::{Record, Records};
use serde::{Deserialize, Serialize};

/// A pending sign-in lives this long: older, it can no longer be completed (its record and
/// PKCE verifier are deleted when a callback tries) and no longer blocks a new one (its
/// browser tab was abandoned, or its process died). An authorization code a callback
/// carries is short-lived too (Cognito: 5 minutes).
pub(crate) const PENDING_EXPIRES_AFTER_SECS: i64 = 600;

/// How far the device clock may have gone back since a sign-in began (an NTP correction)
/// for it to count as fresh still.
const CLOCK_SLACK_SECS: i64 = 60;

/// The sign-in in progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Pending {
    pub(crate) state: String,
    pub(crate) nonce: String,
    pub(crate) code_verifier: Secret,
    pub(crate) redirect_uri: String,
    pub(crate) provider: Option<String>,
    pub(crate) created_at: i64,
}

impl Pending {
    /// Seconds since the sign-in began, at `now`.
    pub(crate) fn age(&self, now: i64) -> i64 {
        now.saturating_sub(self.created_at)
    }

    /// Whether the sign-in may still be completed (and blocks a new one) at `now`.
    pub(crate) fn is_fresh(&self, now: i64) -> bool {
        (-CLOCK_SLACK_SECS..PENDING_EXPIRES_AFTER_SECS).contains(&self.age(now))
    }
}

/// The hosted-UI part of a signed-in session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct SessionRecord {
    pub(crate) redirect_uri: String,
}

/// The two records, typed.
#[derive(Debug)]
pub(crate) struct PendingStore {
    records: Records,
}

impl PendingStore {
    pub(crate) fn new(records: Records) -> Self {
        Self { records }
    }

    /// The pending sign-in; an unreadable record counts as none (it is overwritten next).
    pub(crate) async fn pending(&self) -> Result<Option<Pending>> {
        self.records.read(Record::HostedUiPending).await
    }

    pub(crate) async fn set_pending(&self, p: &Pending) -> Result<()> {
        self.records.write(Record::HostedUiPending, Some(p)).await
    }

    pub(crate) async fn clear_pending(&self) -> Result<()> {
        Ok(self.records.remove(Record::HostedUiPending).await?)
    }

    pub(crate) async fn session(&self) -> Result<Option<SessionRecord>> {
        self.records.read(Record::HostedUiSession).await
    }

    pub(crate) async fn set_session(&self, s: &SessionRecord) -> Result<()> {
        self.records.write(Record::HostedUiSession, Some(s)).await
    }

    pub(crate) async fn clear_session(&self) -> Result<()> {
        Ok(self.records.remove(Record::HostedUiSession).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pending_sign_in_is_fresh_for_ten_minutes() {
        let p = Pending {
            state: "st".into(),
            nonce: "no".into(),
            code_verifier: Secret::new("v"),
            redirect_uri: "myapp://callback".into(),
            provider: None,
            created_at: 1_000,
        };
        assert!(p.is_fresh(1_000));
        assert!(p.is_fresh(1_599));
        assert!(!p.is_fresh(1_600));
        assert!(p.is_fresh(941), "the clock went back a little");
        assert!(!p.is_fresh(900));
        assert!(!p.is_fresh(i64::MIN) && !p.is_fresh(i64::MAX));
    }

    #[test]
    fn the_verifier_never_shows_in_debug_output() {
        let p = Pending {
            state: "st".into(),
            nonce: "no".into(),
            code_verifier: Secret::new("verifier-value-0123456789"),
            redirect_uri: "myapp://callback".into(),
            provider: None,
            created_at: 1,
        };
        let shown = format!("{p:?}");
        assert!(!shown.contains("verifier-value"), "{shown}");
        assert!(shown.contains("code_verifier: ***"), "{shown}");
        let stored = serde_json::to_string(&p).unwrap();
        assert!(
            stored.contains("verifier-value"),
            "stored for the token request"
        );
    }
}
