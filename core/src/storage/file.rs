//! The desktop store: one file per namespace in a directory the app chooses.
//!
//! - **Crash-safe.** A write goes to a temporary file in the same directory, is flushed to
//!   disk (`fsync`), renamed over the old file, and the directory is flushed, so after a crash
//!   the file holds the old set or the new one, never half of each.
//! - **Private.** Files are created with mode 0600 (directory 0700 when created here).
//! - **Versioned.** Each file says its format and version and names its namespace; anything
//!   else (unknown version, truncated JSON, a file of another namespace) is
//!   [`StorageError::Corrupt`], never a panic and never silently replaced: `set` refuses to
//!   rewrite a corrupt file, only `remove_all` (an explicit wipe) deletes it.
//! - **Optionally encrypted** with AES-256-GCM under a [`StoreKey`] the app supplies. With a
//!   key, an unencrypted file is refused as corrupt (it could be a planted session).
//! - **Several processes.** Read-modify-write is serialised by an advisory lock (`flock`) on
//!   `<dir>/.lock`, so two CLI invocations never lose each other's keys. Session updates
//!   (read, refresh, write) are serialised by a second lock per namespace,
//!   `<dir>/.<file>.lock` ([`SecureStore::lock`]), held across the refresh request, so two
//!   processes never refresh one session twice or write over each other's sign-out.

use super::encryption::{Sealer, StoreKey};
use super::{SecureStore, StorageError, StoreLock};
use async_trait::async_trait;
use base64::Engine;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fs::{self, File, OpenOptions};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const FORMAT: &str = "cognito-auth-store";
const VERSION: u32 = 1;
const CIPHER: &str = "AES-256-GCM";

/// A [`SecureStore`] of files in one directory.
#[derive(Debug, Clone)]
pub struct FileStore {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    dir: PathBuf,
    key: Option<Arc<dyn Sealer>>,
    /// Serialises writers within this process (the file lock does it across processes).
    write: Mutex<()>,
}

/// What a file holds: the items of one namespace, plain or sealed.
#[derive(Debug, Serialize, Deserialize)]
struct FileDoc {
    format: String,
    version: u32,
    namespace: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    items: Option<BTreeMap<String, String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    encryption: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    nonce: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ciphertext: Option<String>,
    /// Which key sealed the content ([`Sealer::key_id`]); absent in plain files, files of
    /// platform key stores and files written by earlier builds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    key_id: Option<String>,
}

type Items = BTreeMap<String, Vec<u8>>;

impl FileStore {
    /// A store in `dir` (created, mode 0700, if missing). Values are written unencrypted,
    /// readable only by the user (0600), like `~/.aws/credentials`.
    ///
    /// A directory that holds encrypted files is refused ([`StorageError::AccessDenied`]):
    /// it must be opened with its key ([`FileStore::encrypted`]), never rewritten in clear.
    pub fn new(dir: impl Into<PathBuf>) -> Result<Self, StorageError> {
        let store = Self::build(dir.into(), None)?;
        if let Some(path) = store.inner.first_sealed_file()? {
            return Err(StorageError::AccessDenied(format!(
                "the store in {} is encrypted ({}); open it with its key",
                store.inner.dir.display(),
                path.display()
            )));
        }
        Ok(store)
    }

    /// A store in `dir` whose files are encrypted with `key`.
    pub fn encrypted(dir: impl Into<PathBuf>, key: StoreKey) -> Result<Self, StorageError> {
        Self::build(dir.into(), Some(Arc::new(key)))
    }

    /// A store in `dir` whose files are sealed by `sealer` (a platform key store's key).
    #[cfg_attr(
        not(any(target_os = "android", feature = "jvm-keystore")),
        allow(dead_code)
    )]
    pub(crate) fn sealed(dir: PathBuf, sealer: Arc<dyn Sealer>) -> Result<Self, StorageError> {
        Self::build(dir, Some(sealer))
    }

    fn build(dir: PathBuf, key: Option<Arc<dyn Sealer>>) -> Result<Self, StorageError> {
        create_private_dir(&dir)?;
        Ok(Self {
            inner: Arc::new(Inner {
                dir,
                key,
                write: Mutex::new(()),
            }),
        })
    }

    /// The directory of the store.
    pub fn dir(&self) -> &Path {
        &self.inner.dir
    }

    /// The file that holds `namespace`.
    pub fn path_of(&self, namespace: &str) -> PathBuf {
        self.inner.dir.join(file_name(namespace))
    }

    /// Runs blocking file work off the async threads when a tokio runtime is there.
    async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Inner) -> Result<T, StorageError> + Send + 'static,
    ) -> Result<T, StorageError> {
        let inner = self.inner.clone();
        match tokio::runtime::Handle::try_current() {
            Ok(handle) => handle
                .spawn_blocking(move || work(&inner))
                .await
                .map_err(|e| StorageError::Unavailable(format!("storage task failed: {e}")))?,
            Err(_) => work(&inner),
        }
    }
}

impl Inner {
    fn path(&self, namespace: &str) -> Result<PathBuf, StorageError> {
        if namespace.is_empty() {
            return Err(StorageError::Unavailable("empty namespace".into()));
        }
        Ok(self.dir.join(file_name(namespace)))
    }

    fn read(&self, namespace: &str) -> Result<Items, StorageError> {
        let path = self.path(namespace)?;
        let bytes = match fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(Items::new()),
            Err(e) => return Err(io_error("read", &e)),
        };
        self.decode(namespace, &bytes)
    }

    fn decode(&self, namespace: &str, bytes: &[u8]) -> Result<Items, StorageError> {
        let doc: FileDoc = serde_json::from_slice(bytes).map_err(|e| {
            StorageError::Corrupt(format!(
                "store file is not valid JSON ({:?} at line {} column {})",
                e.classify(),
                e.line(),
                e.column()
            ))
        })?;
        if doc.format != FORMAT {
            return Err(StorageError::Corrupt(
                "not a cognito-auth store file".into(),
            ));
        }
        if doc.version != VERSION {
            return Err(StorageError::Corrupt(format!(
                "unknown store file version {}",
                doc.version
            )));
        }
        if doc.namespace != namespace {
            return Err(StorageError::Corrupt(
                "store file belongs to another namespace".into(),
            ));
        }
        let encoded = match (&self.key, doc.encryption.as_deref()) {
            (Some(key), Some(_))
                if doc.key_id.is_some() && key.key_id().is_some() && doc.key_id != key.key_id() =>
            {
                return Err(StorageError::AccessDenied(
                    "the store file was encrypted with another key".into(),
                ));
            }
            (Some(key), Some(CIPHER)) => {
                let nonce = b64(doc.nonce.as_deref())?;
                let sealed = b64(doc.ciphertext.as_deref())?;
                let plain = key.open(&nonce, &sealed, &aad(namespace))?;
                serde_json::from_slice(&plain).map_err(|_| {
                    StorageError::Corrupt("decrypted store content is not valid".into())
                })?
            }
            // Never taken for damage (which a new sign-in may replace): the file is fine, the
            // store was opened the wrong way.
            (None, Some(_)) => {
                return Err(StorageError::AccessDenied(
                    "the store file is encrypted and the store was opened without a key".into(),
                ));
            }
            (Some(_), None) => {
                return Err(StorageError::Corrupt(
                    "store file is not encrypted although a key was given".into(),
                ));
            }
            (_, Some(other)) => {
                return Err(StorageError::Corrupt(format!("unknown cipher {other:?}")));
            }
            (None, None) => doc
                .items
                .ok_or_else(|| StorageError::Corrupt("store file has no items".into()))?,
        };
        let encoded: BTreeMap<String, String> = encoded;
        encoded
            .into_iter()
            .map(|(k, v)| Ok((k, b64(Some(&v))?)))
            .collect()
    }

    fn encode(&self, namespace: &str, items: &Items) -> Result<Vec<u8>, StorageError> {
        let engine = &base64::engine::general_purpose::STANDARD;
        let encoded: BTreeMap<String, String> = items
            .iter()
            .map(|(k, v)| (k.clone(), engine.encode(v)))
            .collect();
        let mut doc = FileDoc {
            format: FORMAT.into(),
            version: VERSION,
            namespace: namespace.into(),
            items: None,
            encryption: None,
            nonce: None,
            ciphertext: None,
            key_id: None,
        };
        match &self.key {
            Some(key) => {
                let plain = serde_json::to_vec(&encoded)
                    .map_err(|e| StorageError::Unavailable(format!("encode: {e}")))?;
                let (nonce, sealed) = key.seal(&plain, &aad(namespace))?;
                doc.encryption = Some(CIPHER.into());
                doc.nonce = Some(engine.encode(nonce));
                doc.ciphertext = Some(engine.encode(sealed));
                doc.key_id = key.key_id();
            }
            None => doc.items = Some(encoded),
        }
        serde_json::to_vec_pretty(&doc)
            .map_err(|e| StorageError::Unavailable(format!("encode: {e}")))
    }

    /// Reads, changes and atomically rewrites (or deletes, when empty) a namespace's file.
    fn update(&self, namespace: &str, change: impl FnOnce(&mut Items)) -> Result<(), StorageError> {
        let path = self.path(namespace)?;
        let _guard = self.write.lock().unwrap_or_else(|e| e.into_inner());
        let _lock = DirLock::acquire(&self.dir)?;
        remove_stale_temps(&self.dir, &path);
        let mut items = self.read(namespace)?;
        change(&mut items);
        if items.is_empty() {
            return remove_file(&self.dir, &path);
        }
        let bytes = self.encode(namespace, &items)?;
        write_atomically(&self.dir, &path, &bytes)
    }

    fn remove_all(&self, namespace: &str) -> Result<(), StorageError> {
        let path = self.path(namespace)?;
        let _guard = self.write.lock().unwrap_or_else(|e| e.into_inner());
        let _lock = DirLock::acquire(&self.dir)?;
        remove_stale_temps(&self.dir, &path);
        remove_file(&self.dir, &path)
    }

    /// The store files in the directory (one per namespace), and leftover temporary files.
    fn store_files(&self) -> Result<Vec<PathBuf>, StorageError> {
        let entries = fs::read_dir(&self.dir).map_err(|e| io_error("list", &e))?;
        let mut files = Vec::new();
        for entry in entries {
            let path = entry.map_err(|e| io_error("list", &e))?.path();
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            if name.ends_with(".json") || name.contains(".json.tmp-") {
                files.push(path);
            }
        }
        Ok(files)
    }

    /// A namespace file of the directory whose content is encrypted, if there is one.
    fn first_sealed_file(&self) -> Result<Option<PathBuf>, StorageError> {
        for path in self.store_files()? {
            if path.to_string_lossy().contains(".json.tmp-") {
                continue;
            }
            let sealed = fs::read(&path)
                .ok()
                .and_then(|bytes| serde_json::from_slice::<FileDoc>(&bytes).ok())
                .is_some_and(|doc| doc.format == FORMAT && doc.encryption.is_some());
            if sealed {
                return Ok(Some(path));
            }
        }
        Ok(None)
    }

    fn wipe(&self) -> Result<(), StorageError> {
        let _guard = self.write.lock().unwrap_or_else(|e| e.into_inner());
        let _lock = DirLock::acquire(&self.dir)?;
        for path in self.store_files()? {
            remove_file(&self.dir, &path)?;
        }
        Ok(())
    }
}

/// Blocking access for stores built on this one (the Android Keystore store), which call it
/// from their own blocking work.
#[cfg_attr(
    not(any(target_os = "android", feature = "jvm-keystore")),
    allow(dead_code)
)]
impl FileStore {
    pub(crate) fn read_item(
        &self,
        namespace: &str,
        key: &str,
    ) -> Result<Option<Vec<u8>>, StorageError> {
        Ok(self.inner.read(namespace)?.remove(key))
    }

    pub(crate) fn write_item(
        &self,
        namespace: &str,
        key: &str,
        value: Vec<u8>,
    ) -> Result<(), StorageError> {
        self.inner.update(namespace, |items| {
            items.insert(key.to_owned(), value);
        })
    }

    pub(crate) fn remove_item(&self, namespace: &str, key: &str) -> Result<(), StorageError> {
        self.inner.update(namespace, |items| {
            items.remove(key);
        })
    }

    pub(crate) fn remove_namespace(&self, namespace: &str) -> Result<(), StorageError> {
        self.inner.remove_all(namespace)
    }

    /// True when any namespace has a file.
    pub(crate) fn holds_data(&self) -> Result<bool, StorageError> {
        Ok(!self.inner.store_files()?.is_empty())
    }

    /// Deletes every namespace's file: what a store whose key is gone does with data nothing
    /// can open any more.
    pub(crate) fn wipe(&self) -> Result<(), StorageError> {
        self.inner.wipe()
    }
}

#[async_trait]
impl SecureStore for FileStore {
    async fn get(&self, namespace: &str, key: &str) -> Result<Option<Vec<u8>>, StorageError> {
        let (ns, key) = (namespace.to_owned(), key.to_owned());
        self.blocking(move |s| Ok(s.read(&ns)?.remove(&key))).await
    }

    async fn set(&self, namespace: &str, key: &str, value: Vec<u8>) -> Result<(), StorageError> {
        let (ns, key) = (namespace.to_owned(), key.to_owned());
        self.blocking(move |s| {
            s.update(&ns, |items| {
                items.insert(key, value);
            })
        })
        .await
    }

    async fn remove(&self, namespace: &str, key: &str) -> Result<(), StorageError> {
        let (ns, key) = (namespace.to_owned(), key.to_owned());
        self.blocking(move |s| {
            s.update(&ns, |items| {
                items.remove(&key);
            })
        })
        .await
    }

    async fn remove_all(&self, namespace: &str) -> Result<(), StorageError> {
        let ns = namespace.to_owned();
        self.blocking(move |s| s.remove_all(&ns)).await
    }

    fn identity(&self) -> Option<String> {
        Some(self.inner.identity())
    }

    async fn lock(
        &self,
        namespace: &str,
        timeout: Duration,
    ) -> Result<Option<StoreLock>, StorageError> {
        let path = self.inner.session_lock_path(namespace)?;
        Ok(Some(Box::new(SessionLock::acquire(&path, timeout).await?)))
    }
}

impl Inner {
    /// The directory (as the file system resolves it) and the key: two stores share their
    /// data only when both match (a store opened with another key cannot read it).
    fn identity(&self) -> String {
        let dir = fs::canonicalize(&self.dir).unwrap_or_else(|_| self.dir.clone());
        let key = match &self.key {
            None => "plain".to_owned(),
            Some(sealer) => sealer
                .key_id()
                .unwrap_or_else(|| format!("sealer@{:p}", Arc::as_ptr(sealer).cast::<()>())),
        };
        format!("file:{}#{key}", dir.display())
    }

    /// `<dir>/.<file>.lock`: not a store file (never listed, wiped or read as data).
    fn session_lock_path(&self, namespace: &str) -> Result<PathBuf, StorageError> {
        self.path(namespace)?;
        Ok(self.dir.join(format!(".{}.lock", file_name(namespace))))
    }
}

/// The session-update lock of a namespace: an exclusive advisory lock on its lock file,
/// released when dropped. Polled rather than waited for in a blocking call, so a waiting
/// task neither holds a thread nor outlives its timeout.
#[derive(Debug)]
pub(crate) struct SessionLock(#[allow(dead_code)] File);

impl SessionLock {
    pub(crate) async fn acquire(path: &Path, timeout: Duration) -> Result<Self, StorageError> {
        let mut options = OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = options.open(path).map_err(|e| io_error("lock", &e))?;
        let started = tokio::time::Instant::now();
        let mut pause = Duration::from_millis(2);
        loop {
            if try_flock(&file)? {
                return Ok(Self(file));
            }
            if started.elapsed() >= timeout {
                return Err(StorageError::Unavailable(format!(
                    "another process has held the session lock for over {} s",
                    timeout.as_secs()
                )));
            }
            tokio::time::sleep(pause).await;
            pause = (pause * 2).min(Duration::from_millis(50));
        }
    }
}

/// `namespace` with every byte outside `[A-Za-z0-9._-]` percent-encoded, plus `.json`; a
/// leading dot is encoded too, so no namespace can name a hidden or relative path.
fn file_name(namespace: &str) -> String {
    let mut name = String::with_capacity(namespace.len() + 5);
    for (i, b) in namespace.bytes().enumerate() {
        let plain = b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || (b == b'.' && i > 0);
        if plain {
            name.push(b as char);
        } else {
            name.push_str(&format!("%{b:02X}"));
        }
    }
    name.push_str(".json");
    name
}

fn aad(namespace: &str) -> Vec<u8> {
    format!("{FORMAT}/v{VERSION}/{namespace}").into_bytes()
}

fn b64(text: Option<&str>) -> Result<Vec<u8>, StorageError> {
    let text = text.ok_or_else(|| StorageError::Corrupt("store file lacks a field".into()))?;
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .map_err(|_| StorageError::Corrupt("store file holds invalid base64".into()))
}

fn io_error(what: &str, e: &std::io::Error) -> StorageError {
    let text = format!("cannot {what} the store file: {}", e.kind());
    if e.kind() == ErrorKind::PermissionDenied {
        StorageError::AccessDenied(text)
    } else {
        StorageError::Unavailable(text)
    }
}

fn create_private_dir(dir: &Path) -> Result<(), StorageError> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
        .create(dir)
        .map_err(|e| io_error("create the directory of", &e))
}

/// The prefix of `path`'s temporary files (`.<file>.tmp-<pid>-<random>`).
fn temp_prefix(path: &Path) -> String {
    format!(
        ".{}.tmp-",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("store")
    )
}

/// Deletes temporary files a killed writer left behind (each a copy of the credentials).
/// Called under the directory lock, when no other writer of `path` can be mid-write.
fn remove_stale_temps(dir: &Path, path: &Path) {
    let prefix = temp_prefix(path);
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if entry
            .file_name()
            .to_str()
            .is_some_and(|n| n.starts_with(&prefix))
        {
            tracing::debug!("removing a temporary store file left by an interrupted write");
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Temp file (0600) → write → fsync → rename over `path` → fsync the directory.
fn write_atomically(dir: &Path, path: &Path, bytes: &[u8]) -> Result<(), StorageError> {
    let mut rand = [0u8; 8];
    let _ = getrandom::fill(&mut rand);
    let tmp = dir.join(format!(
        "{}{}-{}",
        temp_prefix(path),
        std::process::id(),
        u64::from_le_bytes(rand)
    ));
    let result = (|| {
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&tmp).map_err(|e| io_error("create", &e))?;
        file.write_all(bytes).map_err(|e| io_error("write", &e))?;
        file.sync_all().map_err(|e| io_error("flush", &e))?;
        drop(file);
        fs::rename(&tmp, path).map_err(|e| io_error("replace", &e))?;
        sync_dir(dir)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

fn remove_file(dir: &Path, path: &Path) -> Result<(), StorageError> {
    match fs::remove_file(path) {
        Ok(()) => sync_dir(dir),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(()),
        Err(e) => Err(io_error("remove", &e)),
    }
}

fn sync_dir(dir: &Path) -> Result<(), StorageError> {
    #[cfg(unix)]
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| io_error("flush the directory of", &e))?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Takes an exclusive advisory lock on `file` if free; false when another holder has it.
/// (Elsewhere than Unix the file stores do not lock across processes; the session's revision
/// check still refuses stale writes.)
fn try_flock(file: &File) -> Result<bool, StorageError> {
    #[cfg(unix)]
    {
        use std::os::unix::io::AsRawFd;
        // SAFETY: flock on a descriptor the caller owns; released when it is closed.
        let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
        if rc != 0 {
            let e = std::io::Error::last_os_error();
            if e.kind() == ErrorKind::WouldBlock {
                return Ok(false);
            }
            return Err(io_error("lock", &e));
        }
    }
    #[cfg(not(unix))]
    let _ = file;
    Ok(true)
}

/// An exclusive advisory lock on `<dir>/.lock`, released when dropped (with the file).
struct DirLock(#[allow(dead_code)] File);

impl DirLock {
    fn acquire(dir: &Path) -> Result<Self, StorageError> {
        let mut options = OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = options
            .open(dir.join(".lock"))
            .map_err(|e| io_error("lock", &e))?;
        #[cfg(unix)]
        {
            use std::os::unix::io::AsRawFd;
            // SAFETY: flock on a descriptor this function owns; released when it is closed.
            let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) };
            if rc != 0 {
                return Err(io_error("lock", &std::io::Error::last_os_error()));
            }
        }
        Ok(Self(file))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_cannot_escape_the_directory() {
        assert_eq!(file_name("cognito-auth.ab12"), "cognito-auth.ab12.json");
        assert_eq!(file_name("../x"), "%2E.%2Fx.json");
        assert_eq!(file_name(".hidden"), "%2Ehidden.json");
        assert_eq!(file_name("a b/é"), "a%20b%2F%C3%A9.json");
    }
}
