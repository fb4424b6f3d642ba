//! Keeping the session fresh with no caller (opt-in): AWS credentials and the tokens they are
//! exchanged with are renewed ahead of expiry, so an app's first AWS call after idling does
//! not wait. The task runs on the library's runtime, backs off while offline, never signs
//! anyone out and ends with the client.

use crate::client::AuthClient;
use crate::error::AuthError;
use crate::runtime;
use std::time::Duration;

#[uniffi::export]
impl AuthClient {
    /// Starts the background refresh; starting again replaces it. `check_interval_ms`: how
    /// often the session is looked at (`null`/`nil`: 30 000); while renewing fails, pauses
    /// double up to 15 minutes.
    #[uniffi::method(default(check_interval_ms = None))]
    pub fn start_background_refresh(
        &self,
        check_interval_ms: Option<u32>,
    ) -> Result<(), AuthError> {
        runtime::guard_sync(|| {
            let mut options = cognito_auth::BackgroundRefreshOptions::default();
            if let Some(ms) = check_interval_ms {
                options.check_interval = Duration::from_millis(u64::from(ms.max(1)));
            }
            Ok(self.core.start_background_refresh(options)?)
        })
    }

    /// Stops the background refresh (nothing happens when none runs).
    pub fn stop_background_refresh(&self) {
        let _ = runtime::guard_sync(|| {
            self.core.stop_background_refresh();
            Ok(())
        });
    }
}
