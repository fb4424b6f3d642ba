//! A file-store key kept in a file of its own (base64, mode 0600), for desktop apps with no
//! OS key store to hand: the Swift layer's default on Linux. Kept apart from the store's
//! directory, so a copy of the sealed files alone (a backup, a synced folder) opens nothing.

use super::{StorageError, StoreKey};
use std::fs::{self, OpenOptions};
use std::io::{ErrorKind, Write};
use std::path::Path;

impl StoreKey {
    /// The key in `path`, or a fresh random one written there when the file does not exist.
    ///
    /// Creation is atomic and never replaces a key: the key is written to a temporary file,
    /// flushed, then hard-linked to `path`, which fails if another process got there first (its
    /// key is then read and used). A file that exists but holds no valid key is an error, never
    /// overwritten: replacing it would make every file sealed with the old key unreadable.
    pub fn load_or_create(path: &Path) -> Result<Self, StorageError> {
        if let Some(key) = read(path)? {
            return Ok(key);
        }
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        create_private_dir(dir)?;
        let key = Self::generate()?;
        let mut rand = [0u8; 8];
        getrandom::fill(&mut rand)
            .map_err(|e| StorageError::Unavailable(format!("no randomness: {e}")))?;
        let tmp = dir.join(format!(
            ".key.tmp-{}-{}",
            std::process::id(),
            u64::from_le_bytes(rand)
        ));
        let linked = write_private(&tmp, key.to_base64().as_bytes())
            .and_then(|()| fs::hard_link(&tmp, path).map_err(|e| io("store the key in", path, &e)));
        let _ = fs::remove_file(&tmp);
        match linked {
            Ok(()) => Ok(key),
            // Another process created the key between our read and our link: use theirs.
            Err(_) if path.exists() => read(path)?.ok_or_else(|| {
                StorageError::Unavailable(format!("the key file {} vanished", path.display()))
            }),
            Err(e) => Err(e),
        }
    }
}

/// The key in `path`, `None` when there is no such file.
fn read(path: &Path) -> Result<Option<StoreKey>, StorageError> {
    match fs::read_to_string(path) {
        Ok(text) => StoreKey::from_base64(&text).map(Some).map_err(|_| {
            StorageError::Corrupt(format!(
                "the key file {} does not hold a key (44 base64 characters)",
                path.display()
            ))
        }),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
        Err(e) => Err(io("read the key file", path, &e)),
    }
}

fn create_private_dir(dir: &Path) -> Result<(), StorageError> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
        .create(dir)
        .map_err(|e| io("create the directory", dir, &e))
}

fn write_private(path: &Path, bytes: &[u8]) -> Result<(), StorageError> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).map_err(|e| io("create", path, &e))?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|e| io("write", path, &e))
}

fn io(what: &str, path: &Path, e: &std::io::Error) -> StorageError {
    StorageError::Unavailable(format!("could not {what} {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "cognito-auth-keyfile-{name}-{}",
            std::process::id()
        ));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn creates_a_private_key_once_and_reads_it_back() {
        let dir = scratch("create");
        let path = dir.join("nested/store.key");
        let first = StoreKey::load_or_create(&path).unwrap();
        let again = StoreKey::load_or_create(&path).unwrap();
        assert_eq!(first.to_base64(), again.to_base64());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                fs::metadata(&path).unwrap().permissions().mode() & 0o777,
                0o600
            );
            let parent = fs::metadata(path.parent().unwrap()).unwrap();
            assert_eq!(parent.permissions().mode() & 0o777, 0o700);
        }
        let leftovers: Vec<_> = fs::read_dir(path.parent().unwrap()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary file left behind");
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_damaged_key_file_is_an_error_and_is_left_alone() {
        let dir = scratch("damaged");
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("store.key");
        fs::write(&path, "not a key").unwrap();
        let err = StoreKey::load_or_create(&path).unwrap_err();
        assert!(matches!(err, StorageError::Corrupt(_)), "{err:?}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "not a key");
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn racing_creators_agree_on_one_key() {
        let dir = scratch("race");
        let path = dir.join("store.key");
        let keys: Vec<String> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..8)
                .map(|_| s.spawn(|| StoreKey::load_or_create(&path).unwrap().to_base64()))
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert!(
            keys.iter().all(|k| k == &keys[0]),
            "{} distinct keys",
            keys.len()
        );
        fs::remove_dir_all(dir).unwrap();
    }
}
