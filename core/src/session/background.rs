//! Keeping the session fresh without a caller (AWSMobileClient refreshed guest credentials in
//! the background): an opt-in task per client renews the AWS credentials — guest, signed-in or
//! federated — and the tokens they are exchanged with, ahead of expiry, so an app's first AWS
//! call after idling does not wait.
//!
//! It goes through the same single-flight paths as `fetch_auth_session` (a caller and the task
//! never refresh twice), backs off exponentially while the network fails (no request storm
//! offline), never clears anything itself (only the service's own rejection of a refresh token
//! ends a session, as for any caller), holds the client weakly and stops when it is released
//! or [`AuthClient::stop_background_refresh`] is called.

use crate::client::{AuthClient, Inner};
use crate::error::{AuthError, Result};
use std::sync::{Arc, Weak};
use std::time::Duration;
use tokio::sync::watch;

/// How the background refresh paces itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BackgroundRefreshOptions {
    /// How often the session is looked at (an expiry it finds due is renewed at once).
    pub check_interval: Duration,
    /// The longest pause between attempts while renewing fails (network down, service busy):
    /// pauses start at `check_interval` and double up to this.
    pub max_backoff: Duration,
}

impl Default for BackgroundRefreshOptions {
    fn default() -> Self {
        Self {
            check_interval: Duration::from_secs(30),
            max_backoff: Duration::from_secs(15 * 60),
        }
    }
}

/// The running task of a client; stopped when dropped.
#[derive(Debug)]
pub(crate) struct BackgroundTask {
    stop: watch::Sender<bool>,
}

impl Drop for BackgroundTask {
    fn drop(&mut self) {
        self.stop.send_replace(true);
    }
}

impl AuthClient {
    /// Starts renewing the session's AWS credentials and tokens ahead of expiry, with no
    /// caller, on the current tokio runtime. Starting again replaces the running task (with
    /// the new options). Errors: `Internal` outside a tokio runtime.
    pub fn start_background_refresh(&self, options: BackgroundRefreshOptions) -> Result<()> {
        let runtime = tokio::runtime::Handle::try_current().map_err(|_| {
            AuthError::Internal("the background refresh needs a tokio runtime".into())
        })?;
        let (stop, stopped) = watch::channel(false);
        runtime.spawn(run(Arc::downgrade(&self.inner), options, stopped));
        let previous = self
            .inner
            .background
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .replace(BackgroundTask { stop });
        drop(previous);
        Ok(())
    }

    /// Stops the background refresh (a renewal under way completes, as for a caller who
    /// gives up). Nothing happens when none runs.
    pub fn stop_background_refresh(&self) {
        let task = self
            .inner
            .background
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        drop(task);
    }

    /// Renews what is due, exactly as a caller's `fetch_auth_session` would (it sends nothing
    /// while everything is fresh); false when it failed in a way worth retrying later.
    async fn renew(&self) -> bool {
        let s = self.fetch_auth_session(false).await;
        let failed = |part: Option<&AuthError>| part.is_some_and(AuthError::is_transient);
        !(failed(s.refresh_error.as_ref())
            || failed(s.tokens.as_ref().err())
            || failed(s.aws_credentials.as_ref().err()))
    }
}

async fn run(
    weak: Weak<Inner>,
    options: BackgroundRefreshOptions,
    mut stopped: watch::Receiver<bool>,
) {
    let interval = options.check_interval.max(Duration::from_millis(1));
    let mut pause = interval;
    loop {
        tokio::select! {
            _ = tokio::time::sleep(pause) => {}
            _ = stopped.wait_for(|stop| *stop) => return,
        }
        // Held only while working: a released client is never kept alive by its task.
        let Some(inner) = weak.upgrade() else { return };
        let client = AuthClient { inner };
        pause = if client.renew().await {
            interval
        } else {
            tracing::debug!(pause = ?pause, "background refresh failed; backing off");
            (pause * 2).min(options.max_backoff.max(interval))
        };
    }
}
