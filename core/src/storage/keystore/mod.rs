//! Files sealed by a key that lives in a platform key store (the Android Keystore).
//!
//! The data are [`FileStore`] files (one per namespace, written atomically, so the credential
//! set can never tear) in a directory the app chooses — on Android `noBackupFilesDir`, so
//! neither Auto Backup nor device-to-device migration copies them. Their content is sealed with
//! AES-256-GCM under a key that never leaves the key store; only the IV and the ciphertext are
//! on disk.
//!
//! **The key can be lost** while the files stay: the Keystore was cleared, the key became
//! permanently unusable (`KeyPermanentlyInvalidatedException`), or a key of the same alias was
//! replaced. Other keystore failures (`InvalidKeyException`, `UnrecoverableKeyException`, which
//! Android also raises while keystore2 is busy) are `Unavailable`: retried later, nothing is
//! deleted. The data can then never
//! be read again, so the store deletes the key, wipes every file, creates a new key and reports
//! [`StorageError::Reset`] (the user must sign in again) — once, to the operation that found it.
//! It never falls back to memory.
//!
//! How a lost key is told from a tampered file: a small check item sealed with the key sits next
//! to the data. The key is missing while files exist, the key cannot be used, or the check item
//! no longer opens → the key is lost (reset). The check item opens but a namespace's file does
//! not → that file was altered → [`StorageError::Corrupt`] for it alone.

#[cfg(any(target_os = "android", feature = "jvm-keystore"))]
mod java;
#[cfg(any(target_os = "android", feature = "jvm-keystore"))]
mod vm;

#[cfg(any(target_os = "android", feature = "jvm-keystore"))]
pub use vm::{attach_to_java_vm, detach_from_java_vm, set_java_vm};

use super::encryption::Sealer;
use super::{FileStore, SecureStore, StorageError};
use async_trait::async_trait;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// Namespace and key of the check item (outside the session layer's `cognito-auth*` names).
const CHECK_NAMESPACE: &str = "keystore-check";
const CHECK_KEY: &str = "check";
const CHECK_VALUE: &[u8] = b"cognito-auth keystore check v1";

/// Where and how the Android Keystore store keeps its key and files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeystoreOptions {
    /// Directory of the sealed files (Android: a folder in `Context.getNoBackupFilesDir()`).
    pub directory: PathBuf,
    /// Alias of the AES-256-GCM key in the key store.
    pub alias: String,
    /// Key store type: `AndroidKeyStore` on devices; a software type (`PKCS12`) for tests on
    /// a desktop JVM, which then needs [`KeystoreOptions::keystore_file`].
    pub keystore_type: String,
    /// File of a software key store (tests only: its key sits on disk next to the data).
    pub keystore_file: Option<PathBuf>,
    /// JCA provider of the cipher (`None`: the platform picks the one the key belongs to,
    /// which is what `AndroidKeyStore` keys need).
    pub cipher_provider: Option<String>,
}

impl KeystoreOptions {
    /// The Android defaults: key `cognito-auth.store-key` in `AndroidKeyStore`, files in
    /// `directory`.
    pub fn android(directory: impl Into<PathBuf>) -> Self {
        Self {
            directory: directory.into(),
            alias: "cognito-auth.store-key".into(),
            keystore_type: "AndroidKeyStore".into(),
            keystore_file: None,
            cipher_provider: None,
        }
    }
}

/// What a key store says about our key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum KeyStatus {
    /// The key is there and loads.
    Present,
    /// No key under the alias.
    Missing,
    /// The key is there but can never be used again (why).
    Unusable(String),
}

/// A key held by a platform key store: it seals and opens, and can be looked up, created and
/// deleted. Errors: `Unavailable` (try later), `Reset` (the key is unusable).
pub(crate) trait PlatformKey: Sealer {
    fn status(&self) -> Result<KeyStatus, StorageError>;
    fn create(&self) -> Result<(), StorageError>;
    fn delete(&self) -> Result<(), StorageError>;
}

/// A [`SecureStore`] of files sealed by a platform key (see the module documentation).
#[derive(Debug, Clone)]
pub struct KeystoreStore {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    files: FileStore,
    key: Arc<dyn PlatformKey>,
    /// The key was found usable with the files (or reset) since this store was created.
    checked: AtomicBool,
    /// One operation at a time: a reset must never wipe what a concurrent write just stored.
    lock: Mutex<()>,
}

impl KeystoreStore {
    /// The Android Keystore store. Call it from a thread the JVM started (the Kotlin
    /// initialiser does): that is where the Java classes it needs are looked up and kept.
    ///
    /// Create one store per directory and alias in a process (the Kotlin initialiser keeps
    /// one): two stores on the same key and files could reset what the other just wrote.
    ///
    /// Errors (`Unavailable`, saying why): no JVM in the process, a key store type or provider
    /// the platform lacks (AES keys in `AndroidKeyStore` need Android 6.0, API 23).
    #[cfg(any(target_os = "android", feature = "jvm-keystore"))]
    pub fn android(options: KeystoreOptions) -> Result<Self, StorageError> {
        let key = java::JavaKey::new(&options)?;
        Self::with_key(options.directory, Arc::new(key))
    }

    pub(crate) fn with_key(
        directory: PathBuf,
        key: Arc<dyn PlatformKey>,
    ) -> Result<Self, StorageError> {
        let files = FileStore::sealed(directory, key.clone())?;
        Ok(Self {
            inner: Arc::new(Inner {
                files,
                key,
                checked: AtomicBool::new(false),
                lock: Mutex::new(()),
            }),
        })
    }

    /// Runs `op` on the files after the key check, off the async threads.
    async fn run<T: Send + 'static>(
        &self,
        op: impl FnOnce(&FileStore) -> Result<T, StorageError> + Send + 'static,
    ) -> Result<T, StorageError> {
        let inner = self.inner.clone();
        let work = move || inner.run(op);
        match tokio::runtime::Handle::try_current() {
            Ok(handle) => handle
                .spawn_blocking(work)
                .await
                .map_err(|e| StorageError::Unavailable(format!("storage task failed: {e}")))?,
            Err(_) => work(),
        }
    }
}

impl Inner {
    fn run<T>(
        &self,
        op: impl FnOnce(&FileStore) -> Result<T, StorageError>,
    ) -> Result<T, StorageError> {
        let _one_at_a_time = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        if !self.checked.load(Ordering::Acquire) {
            self.check_key()?;
        }
        match op(&self.files) {
            Err(StorageError::Reset(why)) => Err(self.reset(&why)),
            other => other,
        }
    }

    /// Finds out whether the key still opens the files; resets when it cannot.
    fn check_key(&self) -> Result<(), StorageError> {
        match self.key.status()? {
            KeyStatus::Unusable(why) => return Err(self.reset(&why)),
            KeyStatus::Missing if self.files.holds_data()? => {
                return Err(self.reset(
                    "the key of the stored data is gone (deleted, or the key store was cleared)",
                ));
            }
            KeyStatus::Missing => {
                self.key.create()?;
                self.files
                    .write_item(CHECK_NAMESPACE, CHECK_KEY, CHECK_VALUE.to_vec())?;
            }
            KeyStatus::Present => match self.files.read_item(CHECK_NAMESPACE, CHECK_KEY) {
                Ok(Some(v)) if v == CHECK_VALUE => {}
                Ok(None) => {
                    self.files
                        .write_item(CHECK_NAMESPACE, CHECK_KEY, CHECK_VALUE.to_vec())?;
                }
                Ok(Some(_)) | Err(StorageError::Corrupt(_)) => {
                    return Err(self.reset(
                        "the key does not open the stored data (it was replaced or damaged)",
                    ));
                }
                Err(StorageError::Reset(why)) => return Err(self.reset(&why)),
                Err(e) => return Err(e),
            },
        }
        self.checked.store(true, Ordering::Release);
        Ok(())
    }

    /// Deletes the key and every file, creates a new key. Returns the error to report:
    /// `Reset` when done, `Unavailable` when a step failed (the next operation tries again).
    fn reset(&self, why: &str) -> StorageError {
        tracing::warn!(
            reason = why,
            "secure storage key lost; wiping and recreating it"
        );
        self.checked.store(false, Ordering::Release);
        let steps = || -> Result<(), StorageError> {
            self.key.delete()?;
            self.files.wipe()?;
            self.key.create()?;
            self.files
                .write_item(CHECK_NAMESPACE, CHECK_KEY, CHECK_VALUE.to_vec())
        };
        match steps() {
            Ok(()) => {
                self.checked.store(true, Ordering::Release);
                StorageError::Reset(format!(
                    "{why}; stored credentials were deleted and a new key was created: \
                     the user must sign in again"
                ))
            }
            Err(e) => StorageError::Unavailable(format!(
                "{why}; resetting the store failed ({e}); will retry"
            )),
        }
    }
}

#[async_trait]
impl SecureStore for KeystoreStore {
    async fn get(&self, namespace: &str, key: &str) -> Result<Option<Vec<u8>>, StorageError> {
        let (ns, key) = (namespace.to_owned(), key.to_owned());
        self.run(move |files| files.read_item(&ns, &key)).await
    }

    async fn set(&self, namespace: &str, key: &str, value: Vec<u8>) -> Result<(), StorageError> {
        let (ns, key) = (namespace.to_owned(), key.to_owned());
        self.run(move |files| files.write_item(&ns, &key, value))
            .await
    }

    async fn remove(&self, namespace: &str, key: &str) -> Result<(), StorageError> {
        let (ns, key) = (namespace.to_owned(), key.to_owned());
        self.run(move |files| files.remove_item(&ns, &key)).await
    }

    async fn remove_all(&self, namespace: &str) -> Result<(), StorageError> {
        let ns = namespace.to_owned();
        self.run(move |files| files.remove_namespace(&ns)).await
    }

    /// The directory: its files are sealed by the one Keystore key of the app.
    fn identity(&self) -> Option<String> {
        let dir = self.inner.files.dir();
        let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        Some(format!("keystore:{}", dir.display()))
    }

    /// The files' lock: the app's processes (a worker in `:sync`, say) share it.
    async fn lock(
        &self,
        namespace: &str,
        timeout: std::time::Duration,
    ) -> Result<Option<crate::storage::StoreLock>, StorageError> {
        self.inner.files.lock(namespace, timeout).await
    }
}

#[cfg(test)]
pub(crate) mod fake;
#[cfg(test)]
mod tests;
