//! Secure storage across the FFI, both ways.
//!
//! [`SecureStorage`] is exported as a trait that both sides implement: an app's Kotlin or
//! Swift class (EncryptedSharedPreferences, a custom Keychain wrapper, …) is handed to the
//! client and the Rust core reads and writes through it; and Rust's own stores (memory now;
//! file, Keychain and Android Keystore later) are handed out as `SecureStorage` values that
//! Kotlin and Swift can call or pass back. [`ForeignStore`] adapts the first to the core's
//! `SecureStore`; [`RustStorage`] the second. When a Rust store is passed back in, UniFFI
//! returns the Rust object itself, so no call crosses the FFI.
//!
//! A store implementation reports failures as `AuthError.Storage` (its `failure` tells the
//! core whether the data is gone or only unreachable); any other exception it throws reaches
//! the core as `StorageFailure::Unavailable`.

use crate::error::AuthError;
use crate::runtime;
use async_trait::async_trait;
use cognito_auth::{FileStore, MemoryStore, SecureStore, StorageError, StoreKey};
use std::fmt;
use std::path::Path;
use std::sync::Arc;

/// A secure key-value store, partitioned by namespace. Implement it in Kotlin or Swift to
/// keep credentials where the app wants them; values are opaque bytes, written whole.
#[uniffi::export(rust, foreign)]
#[async_trait]
pub trait SecureStorage: Send + Sync {
    /// The value under `key`, or `null`/`nil`.
    async fn get(&self, namespace: String, key: String) -> Result<Option<Vec<u8>>, AuthError>;
    /// Stores `value` under `key`, replacing any previous value atomically.
    async fn set(&self, namespace: String, key: String, value: Vec<u8>) -> Result<(), AuthError>;
    /// Removes `key` (an absent key is not an error).
    async fn remove(&self, namespace: String, key: String) -> Result<(), AuthError>;
    /// Removes every key of `namespace`.
    async fn remove_all(&self, namespace: String) -> Result<(), AuthError>;
}

/// A store kept in process memory only: lost when the process ends. The default when an app
/// passes none; useful in tests and for apps that never persist sessions.
#[uniffi::export]
pub fn memory_storage() -> Arc<dyn SecureStorage> {
    Arc::new(RustStorage(Arc::new(MemoryStore::new())))
}

/// A store of AES-256-GCM sealed files in `directory` (one file per namespace, written
/// atomically, mode 0600), keyed by the 256-bit key in `key_file` (created, mode 0600, on
/// first use). For desktop apps without a platform key store: the Swift layer's default on
/// Linux. Keep `key_file` outside `directory`, so a copy of the sealed files alone opens
/// nothing. A key file that is not a key is an error, never replaced.
#[uniffi::export]
pub fn encrypted_file_storage(
    directory: String,
    key_file: String,
) -> Result<Arc<dyn SecureStorage>, AuthError> {
    runtime::guard_sync(|| {
        let key = StoreKey::load_or_create(Path::new(&key_file))?;
        let store = FileStore::encrypted(directory, key)?;
        Ok(Arc::new(RustStorage(Arc::new(store))) as Arc<dyn SecureStorage>)
    })
}

/// A Rust store seen from Kotlin/Swift.
pub(crate) struct RustStorage(pub(crate) Arc<dyn SecureStore>);

#[async_trait]
impl SecureStorage for RustStorage {
    async fn get(&self, namespace: String, key: String) -> Result<Option<Vec<u8>>, AuthError> {
        runtime::guard_async(async { Ok(self.0.get(&namespace, &key).await?) }).await
    }

    async fn set(&self, namespace: String, key: String, value: Vec<u8>) -> Result<(), AuthError> {
        runtime::guard_async(async { Ok(self.0.set(&namespace, &key, value).await?) }).await
    }

    async fn remove(&self, namespace: String, key: String) -> Result<(), AuthError> {
        runtime::guard_async(async { Ok(self.0.remove(&namespace, &key).await?) }).await
    }

    async fn remove_all(&self, namespace: String) -> Result<(), AuthError> {
        runtime::guard_async(async { Ok(self.0.remove_all(&namespace).await?) }).await
    }
}

/// A Kotlin/Swift store (or a Rust one passed back) seen from the core.
pub(crate) struct ForeignStore(pub(crate) Arc<dyn SecureStorage>);

impl fmt::Debug for ForeignStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ForeignStore")
    }
}

#[async_trait]
impl SecureStore for ForeignStore {
    async fn get(&self, namespace: &str, key: &str) -> Result<Option<Vec<u8>>, StorageError> {
        Ok(self.0.get(namespace.into(), key.into()).await?)
    }

    async fn set(&self, namespace: &str, key: &str, value: Vec<u8>) -> Result<(), StorageError> {
        Ok(self.0.set(namespace.into(), key.into(), value).await?)
    }

    async fn remove(&self, namespace: &str, key: &str) -> Result<(), StorageError> {
        Ok(self.0.remove(namespace.into(), key.into()).await?)
    }

    async fn remove_all(&self, namespace: &str) -> Result<(), StorageError> {
        Ok(self.0.remove_all(namespace.into()).await?)
    }
}

/// The core store for an optional app-provided one (`None` = the core's default).
pub(crate) fn core_store(storage: Option<Arc<dyn SecureStorage>>) -> Option<Arc<dyn SecureStore>> {
    storage.map(|s| Arc::new(ForeignStore(s)) as Arc<dyn SecureStore>)
}
