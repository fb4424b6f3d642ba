//! Test hooks (deliberate panics): exported to Kotlin/Swift only with the `test-hooks`
//! feature, which the test builds enable and release artifacts never do. The Rust functions
//! always exist (hidden) so the crate's own Rust tests use the same code paths.

use crate::error::AuthError;
use crate::runtime;

/// Panics inside a sync export; must reach the caller as `AuthError::Internal`.
#[cfg_attr(feature = "test-hooks", uniffi::export)]
pub fn ffi_test_panic_sync(message: String) -> Result<(), AuthError> {
    runtime::guard_sync(|| panic!("{message}"))
}

/// Panics inside an async export after a real suspension (a timer on the library's runtime).
#[cfg_attr(feature = "test-hooks", uniffi::export)]
pub async fn ffi_test_panic_async(message: String) -> Result<(), AuthError> {
    runtime::guard_async(async move {
        tokio::time::sleep(std::time::Duration::from_millis(1)).await;
        panic!("{message}")
    })
    .await
}
