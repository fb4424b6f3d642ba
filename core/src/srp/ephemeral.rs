//! One SRP ephemeral computed ahead of time, so a sign-in does not wait for gᵃ.
//!
//! A = gᵃ mod N depends on nothing but a fresh random a, so it can be made before the user
//! has typed a password. Each ephemeral is used once: [`take_prepared`] hands it out and
//! starts computing the next one in the background.

use super::SrpClient;
use crate::error::Result;
use std::sync::Mutex;

static PREPARED: Mutex<Option<SrpClient>> = Mutex::new(None);

/// Computes an ephemeral for the next SRP sign-in now (blocking, a few milliseconds), unless
/// one is ready. Apps may call it when the sign-in screen appears; sign-ins refill it in the
/// background on their own.
pub fn prepare() -> Result<()> {
    if lock().is_some() {
        return Ok(());
    }
    let fresh = SrpClient::generate()?;
    let mut slot = lock();
    if slot.is_none() {
        *slot = Some(fresh);
    }
    Ok(())
}

/// The prepared ephemeral (or a fresh one), and a background refill when a tokio runtime is
/// running.
pub(crate) async fn take_prepared() -> Result<SrpClient> {
    let taken = lock().take();
    let client = match taken {
        Some(c) => c,
        None => tokio::task::spawn_blocking(SrpClient::generate)
            .await
            .map_err(|e| crate::error::AuthError::Internal(format!("SRP task: {e}")))??,
    };
    if tokio::runtime::Handle::try_current().is_ok() {
        tokio::task::spawn_blocking(|| {
            if let Err(e) = prepare() {
                tracing::debug!(error = %e, "could not prepare the next SRP ephemeral");
            }
        });
    }
    Ok(client)
}

fn lock() -> std::sync::MutexGuard<'static, Option<SrpClient>> {
    PREPARED.lock().unwrap_or_else(|e| e.into_inner())
}
