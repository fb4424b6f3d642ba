//! Secure storage: where credentials live between launches.
//!
//! [`SecureStore`] is a small key-value interface within namespaces; the session layer keeps
//! one namespace per configuration fingerprint and writes the whole credential set as one
//! item, so a crash can never leave half a session. Platform stores (Keychain, Android
//! Keystore, an encrypted file) implement it; apps may bring their own through the bindings.
//!
//! [`FileStore`] is the desktop store: one file per namespace, written atomically, 0600,
//! optionally encrypted with AES-256-GCM under a [`StoreKey`] the app supplies.
//! [`KeychainStore`] (Apple platforms) keeps items in the Keychain; [`KeystoreStore`]
//! (Android) keeps files sealed by a key in the Android Keystore.

mod encryption;
mod file;
// The Keychain calls are built for Apple targets only; options and error mapping everywhere.
mod key_file;
#[cfg_attr(not(target_vendor = "apple"), allow(dead_code))]
mod keychain;
// The Android Keystore store is built only for Android and the desktop-JVM test mode; its
// reset rules are compiled (and unit-tested) everywhere.
#[cfg_attr(
    not(any(target_os = "android", feature = "jvm-keystore")),
    allow(dead_code)
)]
pub(crate) mod keystore;
mod memory;

pub use encryption::StoreKey;
pub use file::FileStore;
#[cfg(target_vendor = "apple")]
pub use keychain::KeychainStore;
pub use keychain::{KeychainAccessibility, KeychainOptions};
pub use keystore::{KeystoreOptions, KeystoreStore};
#[cfg(any(target_os = "android", feature = "jvm-keystore"))]
pub use keystore::{attach_to_java_vm, detach_from_java_vm, set_java_vm};
pub use memory::MemoryStore;

use async_trait::async_trait;
use std::fmt::Debug;
use std::time::Duration;

/// Proof that a store's update lock ([`SecureStore::lock`]) is held; dropping it releases it.
pub type StoreLock = Box<dyn std::any::Any + Send + Sync>;

/// Why storage failed. Every variant leaves what is stored untouched unless it says otherwise.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StorageError {
    /// The store cannot be used right now (I/O error, device locked); try again later.
    #[error("storage unavailable: {0}")]
    Unavailable(String),
    /// What is stored cannot be read back (corrupt, tampered, unknown schema).
    #[error("stored data is unreadable: {0}")]
    Corrupt(String),
    /// The store lost its contents (e.g. its key was invalidated); the user must sign in again.
    #[error("storage was reset: {0}")]
    Reset(String),
    /// The app is not allowed to use the store (e.g. a missing keychain entitlement).
    #[error("storage access denied: {0}")]
    AccessDenied(String),
}

/// A secure key-value store, partitioned by namespace.
#[async_trait]
pub trait SecureStore: Send + Sync + Debug {
    /// The value under `key`, or `None`.
    async fn get(&self, namespace: &str, key: &str) -> Result<Option<Vec<u8>>, StorageError>;
    /// Stores `value` under `key`, replacing any previous value atomically.
    async fn set(&self, namespace: &str, key: &str, value: Vec<u8>) -> Result<(), StorageError>;
    /// Removes `key` (absent keys are not an error).
    async fn remove(&self, namespace: &str, key: &str) -> Result<(), StorageError>;
    /// Removes every key of `namespace`.
    async fn remove_all(&self, namespace: &str) -> Result<(), StorageError>;

    /// Names the place this store keeps its data: the same for every instance that reads and
    /// writes the same data (a directory, a Keychain service and access group). Clients of one
    /// process on stores of one identity share one session. `None` (the default): only this
    /// instance is known to hold its data.
    fn identity(&self) -> Option<String> {
        None
    }

    /// Takes the exclusive lock that serialises session updates of `namespace` across
    /// processes, waiting at most `timeout` ([`StorageError::Unavailable`] after that).
    /// `Ok(None)` (the default): the store has no such lock; updates are then only compared
    /// with what is stored just before they are written.
    async fn lock(
        &self,
        namespace: &str,
        timeout: Duration,
    ) -> Result<Option<StoreLock>, StorageError> {
        let _ = (namespace, timeout);
        Ok(None)
    }
}
