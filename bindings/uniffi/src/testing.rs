//! Test hooks: exported to Kotlin/Swift only with the `test-hooks` feature, which the test
//! builds enable and release artifacts never do. The Rust functions always exist (hidden) so
//! the crate's own Rust tests use the same code paths without a feature build.

use crate::error::AuthError;
use crate::runtime;
use crate::storage::{ForeignStore, SecureStorage};
use cognito_auth::SecureStore;
use std::sync::Arc;

/// Panics inside a sync export; must reach the caller as `AuthError::Internal`.
#[cfg_attr(feature = "test-hooks", uniffi::export)]
pub fn ffi_test_panic_sync(message: String) -> Result<(), AuthError> {
    runtime::guard_sync(|| panic!("{message}"))
}

/// Panics inside an async export after a real suspension (a timer on the library's runtime).
#[cfg_attr(feature = "test-hooks", uniffi::export(async_runtime = "tokio"))]
pub async fn ffi_test_panic_async(message: String) -> Result<(), AuthError> {
    runtime::guard_async(async move {
        tokio::time::sleep(std::time::Duration::from_millis(1)).await;
        panic!("{message}")
    })
    .await
}

/// Reads `namespace`/`key` through the adapter the core uses for an app's store, so a test
/// sees exactly what the core would get (value, or the error mapped to `StorageError` and
/// back). The core's own reads swallow storage errors (an unreadable store counts as signed
/// out); this shows the typed error the sign-in paths will report.
#[cfg_attr(feature = "test-hooks", uniffi::export(async_runtime = "tokio"))]
pub async fn ffi_test_storage_get(
    storage: Arc<dyn SecureStorage>,
    namespace: String,
    key: String,
) -> Result<Option<Vec<u8>>, AuthError> {
    runtime::guard_async(async move {
        let store = ForeignStore(storage);
        Ok(store.get(&namespace, &key).await?)
    })
    .await
}
