//! The key that seals `--store` (issue 13): where it is kept and how it is found.
//!
//! Order: `COGNITO_AUTH_STORE_KEY` (the override), else the key file named by
//! `COGNITO_AUTH_STORE_KEY_FILE`, else the OS keyring, else the default key file
//! (`$XDG_CONFIG_HOME/cognito-auth/store.key`, 0600, outside the store directory).
//! `--store-key-source file|keyring` (`COGNITO_AUTH_STORE_KEY_SOURCE`) pins one of the last two.
//!
//! Keyring entries: service `cognito-auth`, account = the store directory's canonical path,
//! so two stores get two keys and deleting one entry resets one store only.
//!
//! The rules that keep a store's key from being replaced:
//! - an entry that is there but cannot be read, or does not hold a key, is an error;
//! - a keyring that cannot be used (none, locked, refusing, no answer within
//!   [`KEYRING_TIMEOUT`]) falls back to the key file, with one debug line;
//! - a new key is made only for a store directory that holds no file yet; a directory that
//!   does was sealed with a key we cannot reach now, and is reported, never given a new key;
//! - an existing key file is kept in use (no silent migration into the keyring); when a
//!   keyring entry and the key file both exist, the keyring entry wins.

use cognito_auth::{AuthError, StorageError, StoreKey};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// The keyring entries' service name.
pub const SERVICE: &str = "cognito-auth";

/// How long a keyring call may take before the keyring counts as unavailable.
pub const KEYRING_TIMEOUT: Duration = Duration::from_secs(3);

/// Where the store key is kept when neither environment variable gives it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum StoreKeySource {
    /// The OS keyring when one answers, else the key file.
    #[default]
    Auto,
    /// The OS keyring only: an error when there is none.
    Keyring,
    /// The key file only (CI, tests, machines without a keyring).
    File,
}

/// What a keyring said about our entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// The entry's text.
    Found(String),
    /// No such entry.
    Absent,
    /// The keyring cannot be used now (none, locked, refused, too slow): why.
    Unavailable(String),
    /// The entry is there but cannot be read: why.
    Unreadable(String),
}

/// A place that may hold the store key: the OS keyring, or a fake in tests.
pub trait KeySource {
    /// Names the entry for messages (`the OS keyring entry "…" of service "…"`).
    fn describe(&self) -> String;
    /// Looks the entry up.
    fn get(&self) -> Lookup;
    /// Writes the entry.
    fn set(&self, value: &str) -> Result<(), String>;
}

/// Where the key came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// `COGNITO_AUTH_STORE_KEY`.
    Environment,
    /// The OS keyring.
    Keyring,
    /// A key file.
    File(PathBuf),
}

/// What the choice depends on, apart from the keyring.
#[derive(Debug)]
pub struct Request<'a> {
    /// `COGNITO_AUTH_STORE_KEY`, when set and not empty.
    pub env_key: Option<&'a str>,
    /// `COGNITO_AUTH_STORE_KEY_FILE`, when set and not empty.
    pub explicit_file: Option<&'a Path>,
    /// `--store-key-source`.
    pub source: StoreKeySource,
    /// The default key file (an error when there is no place for one).
    pub default_file: Result<PathBuf, String>,
    /// The store directory, for messages.
    pub store_dir: &'a Path,
    /// Whether the store directory already holds files (sealed with some key).
    pub store_in_use: bool,
}

/// The store key for `request`, and where it came from.
pub fn resolve(
    request: &Request<'_>,
    keyring: &dyn KeySource,
) -> Result<(StoreKey, Origin), AuthError> {
    if let Some(text) = request.env_key {
        return StoreKey::from_base64(text)
            .map(|key| (key, Origin::Environment))
            .map_err(|_| {
                unavailable(
                    "COGNITO_AUTH_STORE_KEY does not hold a store key: it must be the base64 \
                     text of 32 random bytes (44 characters, e.g. from `openssl rand -base64 32`)"
                        .into(),
                )
            });
    }
    match (request.source, request.explicit_file) {
        (StoreKeySource::Keyring, Some(path)) => Err(unavailable(format!(
            "COGNITO_AUTH_STORE_KEY_FILE names the key file {}, but the store key source is \
             `keyring`: unset one of them",
            path.display()
        ))),
        (_, Some(path)) => from_file(path),
        (StoreKeySource::File, None) => from_file(&default_file(request)?),
        (StoreKeySource::Keyring, None) => match keyring.get() {
            Lookup::Unavailable(why) => Err(unavailable(format!(
                "the store key source is `keyring`, but the OS keyring cannot be used ({why}); \
                 set COGNITO_AUTH_STORE_KEY_SOURCE=file to keep the key in a file instead"
            ))),
            Lookup::Absent => create_in_keyring(request, keyring, None),
            Lookup::Found(text) => key_of_entry(&text, keyring),
            Lookup::Unreadable(why) => Err(unreadable(&why, keyring)),
        },
        (StoreKeySource::Auto, None) => match keyring.get() {
            Lookup::Absent => match request.default_file.as_ref() {
                Ok(file) if file.exists() => from_file(file),
                file => create_in_keyring(request, keyring, file.ok().map(PathBuf::as_path)),
            },
            Lookup::Unavailable(why) => {
                tracing::debug!("the OS keyring is not used for the store key: {why}");
                let file = default_file(request)?;
                if file.exists() || !request.store_in_use {
                    return from_file(&file);
                }
                Err(unavailable(format!(
                    "the store in {} already holds files, but its key cannot be found: the OS \
                     keyring cannot be used ({why}) and there is no key file {}; unlock the \
                     keyring and try again, or set COGNITO_AUTH_STORE_KEY to the store's key",
                    request.store_dir.display(),
                    file.display()
                )))
            }
            Lookup::Found(text) => key_of_entry(&text, keyring),
            Lookup::Unreadable(why) => Err(unreadable(&why, keyring)),
        },
    }
}

fn default_file(request: &Request<'_>) -> Result<PathBuf, AuthError> {
    request.default_file.clone().map_err(unavailable)
}

fn from_file(path: &Path) -> Result<(StoreKey, Origin), AuthError> {
    StoreKey::load_or_create(path)
        .map(|key| (key, Origin::File(path.to_owned())))
        .map_err(AuthError::Storage)
}

/// The key in an entry's text; an entry that holds something else is an error naming the fix.
fn key_of_entry(text: &str, keyring: &dyn KeySource) -> Result<(StoreKey, Origin), AuthError> {
    StoreKey::from_base64(text)
        .map(|key| (key, Origin::Keyring))
        .map_err(|_| {
            AuthError::Storage(StorageError::Corrupt(format!(
                "{} does not hold a store key (44 base64 characters); put the store's key back \
                 in it, or delete the entry and the store directory to start over",
                keyring.describe()
            )))
        })
}

/// An entry that is there but cannot be read: never replaced by a fresh key.
fn unreadable(why: &str, keyring: &dyn KeySource) -> AuthError {
    unavailable(format!(
        "{} is there but cannot be read ({why}); no new key was made, so that the store stays \
         readable once the keyring gives it",
        keyring.describe()
    ))
}

/// A fresh key, written to the keyring and read back (another process may have written
/// first: its key is then the one used). `file` names the key file for the message when the
/// store is already in use.
fn create_in_keyring(
    request: &Request<'_>,
    keyring: &dyn KeySource,
    file: Option<&Path>,
) -> Result<(StoreKey, Origin), AuthError> {
    if request.store_in_use {
        let elsewhere = match file {
            Some(file) => format!(" nor in the key file {}", file.display()),
            None => String::new(),
        };
        return Err(unavailable(format!(
            "the store in {} already holds files, but there is no key for it in {}{elsewhere}; \
             set COGNITO_AUTH_STORE_KEY or COGNITO_AUTH_STORE_KEY_FILE to the key it was made \
             with, or delete the directory to start over",
            request.store_dir.display(),
            keyring.describe()
        )));
    }
    let key = StoreKey::generate().map_err(AuthError::Storage)?;
    keyring.set(&key.to_base64()).map_err(|why| {
        unavailable(format!(
            "could not store a new key in {} ({why}); set COGNITO_AUTH_STORE_KEY_SOURCE=file \
             to keep the key in a file instead",
            keyring.describe()
        ))
    })?;
    match keyring.get() {
        Lookup::Absent => Err(unavailable(format!(
            "{} was written but reads back as missing",
            keyring.describe()
        ))),
        Lookup::Unavailable(why) => Err(unavailable(format!(
            "{} was written but cannot be read back ({why})",
            keyring.describe()
        ))),
        Lookup::Found(text) => key_of_entry(&text, keyring),
        Lookup::Unreadable(why) => Err(unreadable(&why, keyring)),
    }
}

fn unavailable(message: String) -> AuthError {
    AuthError::Storage(StorageError::Unavailable(message))
}

/// Whether `dir` exists and holds anything.
pub fn in_use(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some())
}

/// `dir` made absolute with its symbolic links resolved, as far as it exists: the keyring
/// account of the store, the same however `--store` was spelt.
pub fn canonical(dir: &Path) -> PathBuf {
    let absolute = std::path::absolute(dir).unwrap_or_else(|_| dir.to_owned());
    let mut rest = Vec::new();
    let mut base = absolute.as_path();
    loop {
        if let Ok(real) = base.canonicalize() {
            return rest.iter().rev().fold(real, |path, part| path.join(part));
        }
        match (base.parent(), base.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                base = parent;
            }
            _ => return absolute,
        }
    }
}

/// The OS keyring through the `keyring` crate. Every call runs on a thread of its own (the
/// Secret Service client blocks on a runtime of its own, which must not be nested in ours)
/// and is given up after [`KEYRING_TIMEOUT`].
pub struct OsKeyring {
    account: String,
    builder: Result<Box<keyring::CredentialBuilder>, String>,
    timeout: Duration,
}

impl OsKeyring {
    /// The entry of the store in `dir`.
    pub fn for_store(dir: &Path) -> Self {
        Self {
            account: canonical(dir).to_string_lossy().into_owned(),
            builder: persistent(keyring::default::default_credential_builder()),
            timeout: KEYRING_TIMEOUT,
        }
    }

    /// Runs `op` on the entry, on a thread of its own; `Err` when the keyring cannot be used.
    fn call<T: Send + 'static>(
        &self,
        op: impl FnOnce(&keyring::Entry) -> keyring::Result<T> + Send + 'static,
    ) -> Result<keyring::Result<T>, String> {
        let builder = self.builder.as_ref().map_err(Clone::clone)?;
        let credential = match builder.build(None, SERVICE, &self.account) {
            Ok(credential) => credential,
            Err(e) => return Ok(Err(e)),
        };
        let (tx, rx) = mpsc::channel();
        std::thread::Builder::new()
            .name("keyring".into())
            .spawn(move || {
                let entry = keyring::Entry::new_with_credential(credential);
                let _ = tx.send(op(&entry));
            })
            .map_err(|e| format!("cannot start the keyring thread: {e}"))?;
        match rx.recv_timeout(self.timeout) {
            Ok(result) => Ok(result),
            Err(mpsc::RecvTimeoutError::Timeout) => Err(format!(
                "it did not answer within {} seconds",
                self.timeout.as_secs()
            )),
            Err(mpsc::RecvTimeoutError::Disconnected) => Err("the keyring call failed".into()),
        }
    }
}

/// `builder` when it keeps entries until they are deleted; an error for what the `keyring`
/// crate uses on a platform the build has no keyring for (its in-memory mock) and for Linux
/// keyutils (gone at reboot): a key made there would be lost with the store's contents.
fn persistent(
    builder: Box<keyring::CredentialBuilder>,
) -> Result<Box<keyring::CredentialBuilder>, String> {
    match builder.persistence() {
        keyring::credential::CredentialPersistence::UntilDelete => Ok(builder),
        _ => Err("this build of cognito-auth has no OS keyring for this platform".into()),
    }
}

impl KeySource for OsKeyring {
    fn describe(&self) -> String {
        format!(
            "the OS keyring entry \"{}\" of service \"{SERVICE}\"",
            self.account
        )
    }

    fn get(&self) -> Lookup {
        match self.call(|entry| entry.get_password()) {
            Ok(result) => lookup_of(result),
            Err(why) => Lookup::Unavailable(why),
        }
    }

    fn set(&self, value: &str) -> Result<(), String> {
        let value = value.to_owned();
        self.call(move |entry| entry.set_password(&value))?
            .map_err(|e| e.to_string())
    }
}

/// What a keyring's answer means for us. Only "no such entry" lets a key be made; an entry
/// that is there but unusable is an error; anything else (no store, locked, access refused,
/// a D-Bus failure) counts as a keyring we cannot use, and the caller falls back with care.
pub fn lookup_of(result: keyring::Result<String>) -> Lookup {
    use keyring::Error;
    match result {
        Ok(text) => Lookup::Found(text),
        Err(Error::NoEntry) => Lookup::Absent,
        Err(Error::BadEncoding(_)) => Lookup::Unreadable("its value is not text".into()),
        Err(Error::Ambiguous(items)) => {
            Lookup::Unreadable(format!("{} entries match it", items.len()))
        }
        Err(e) => Lookup::Unavailable(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    /// A keyring that answers `get` from a script and records writes.
    struct Fake {
        answers: RefCell<Vec<Lookup>>,
        written: RefCell<Vec<String>>,
        refuse_set: bool,
    }

    impl Fake {
        fn new(answers: Vec<Lookup>) -> Self {
            Self {
                answers: RefCell::new(answers),
                written: RefCell::new(Vec::new()),
                refuse_set: false,
            }
        }
    }

    impl KeySource for Fake {
        fn describe(&self) -> String {
            "the fake entry".into()
        }
        fn get(&self) -> Lookup {
            let written = self.written.borrow().last().cloned();
            let mut answers = self.answers.borrow_mut();
            if answers.is_empty() {
                return written.map_or(Lookup::Absent, Lookup::Found);
            }
            answers.remove(0)
        }
        fn set(&self, value: &str) -> Result<(), String> {
            if self.refuse_set {
                return Err("refused".into());
            }
            self.written.borrow_mut().push(value.to_owned());
            Ok(())
        }
    }

    struct Scratch(PathBuf);

    impl Scratch {
        fn new(name: &str) -> Self {
            let dir = std::env::temp_dir().join(format!(
                "cognito-auth-cli-key-{name}-{}",
                std::process::id()
            ));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            Self(dir)
        }
        fn store(&self) -> PathBuf {
            self.0.join("store")
        }
        fn key_file(&self) -> PathBuf {
            self.0.join("config/cognito-auth/store.key")
        }
        fn request(&self, source: StoreKeySource, in_use: bool) -> Request<'_> {
            Request {
                env_key: None,
                explicit_file: None,
                source,
                default_file: Ok(self.key_file()),
                store_dir: Path::new("/the/store"),
                store_in_use: in_use,
            }
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    const KEY: &str = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    fn message(e: AuthError) -> String {
        e.to_string()
    }

    #[test]
    fn the_environment_overrides_every_other_source() {
        let s = Scratch::new("env");
        let file = s.0.join("explicit.key");
        let keyring = Fake::new(vec![Lookup::Found(
            StoreKey::generate().unwrap().to_base64(),
        )]);
        for source in [
            StoreKeySource::Auto,
            StoreKeySource::File,
            StoreKeySource::Keyring,
        ] {
            let request = Request {
                env_key: Some(KEY),
                explicit_file: Some(&file),
                ..s.request(source, true)
            };
            let (key, origin) = resolve(&request, &keyring).unwrap();
            assert_eq!(
                (key.to_base64().as_str(), origin),
                (KEY, Origin::Environment)
            );
        }
        assert!(!file.exists() && !s.key_file().exists());
        assert!(keyring.written.borrow().is_empty());
    }

    #[test]
    fn an_invalid_environment_key_is_a_sentence_naming_the_variable() {
        let s = Scratch::new("badenv");
        let request = Request {
            env_key: Some("short"),
            ..s.request(StoreKeySource::Auto, false)
        };
        let e = message(resolve(&request, &Fake::new(vec![])).unwrap_err());
        assert!(
            e.contains("COGNITO_AUTH_STORE_KEY does not hold a store key")
                && e.contains("32 random bytes"),
            "{e}"
        );
    }

    #[test]
    fn an_explicit_key_file_comes_before_the_keyring() {
        let s = Scratch::new("explicit");
        let file = s.0.join("explicit.key");
        let keyring = Fake::new(vec![Lookup::Found(KEY.into())]);
        let request = Request {
            explicit_file: Some(&file),
            ..s.request(StoreKeySource::Auto, false)
        };
        let (key, origin) = resolve(&request, &keyring).unwrap();
        assert_eq!(origin, Origin::File(file.clone()));
        assert_ne!(key.to_base64(), KEY);
        assert_eq!(
            keyring.answers.borrow().len(),
            1,
            "the keyring is not asked"
        );
        let contradiction = Request {
            explicit_file: Some(&file),
            ..s.request(StoreKeySource::Keyring, false)
        };
        let e = message(resolve(&contradiction, &keyring).unwrap_err());
        assert!(e.contains("unset one of them"), "{e}");
    }

    #[test]
    fn an_absent_entry_is_created_in_the_keyring() {
        let s = Scratch::new("create");
        let keyring = Fake::new(vec![Lookup::Absent]);
        let (key, origin) = resolve(&s.request(StoreKeySource::Auto, false), &keyring).unwrap();
        assert_eq!(origin, Origin::Keyring);
        assert_eq!(*keyring.written.borrow(), vec![key.to_base64()]);
        assert!(!s.key_file().exists(), "no key file");
        // The next run finds it.
        let (again, origin) = resolve(&s.request(StoreKeySource::Auto, true), &keyring).unwrap();
        assert_eq!(
            (again.to_base64(), origin),
            (key.to_base64(), Origin::Keyring)
        );
    }

    #[test]
    fn no_place_for_a_key_file_does_not_stop_the_keyring() {
        let s = Scratch::new("nohome");
        let request = Request {
            default_file: Err("no HOME".into()),
            ..s.request(StoreKeySource::Auto, false)
        };
        let keyring = Fake::new(vec![Lookup::Absent]);
        let (_, origin) = resolve(&request, &keyring).unwrap();
        assert_eq!(origin, Origin::Keyring);
    }

    #[test]
    fn a_racing_writer_s_key_is_the_one_used() {
        let s = Scratch::new("race");
        let keyring = Fake::new(vec![Lookup::Absent, Lookup::Found(KEY.into())]);
        let (key, _) = resolve(&s.request(StoreKeySource::Keyring, false), &keyring).unwrap();
        assert_eq!(key.to_base64(), KEY);
    }

    #[test]
    fn an_entry_that_exists_but_cannot_be_read_is_an_error_and_no_key_is_made() {
        let s = Scratch::new("unreadable");
        for source in [StoreKeySource::Auto, StoreKeySource::Keyring] {
            let keyring = Fake::new(vec![Lookup::Unreadable("2 entries match it".into())]);
            let e = message(resolve(&s.request(source, true), &keyring).unwrap_err());
            assert!(e.contains("is there but cannot be read"), "{e}");
            assert!(keyring.written.borrow().is_empty());
            assert!(!s.key_file().exists());
        }
    }

    #[test]
    fn an_entry_without_a_key_is_an_error_naming_the_fix() {
        let s = Scratch::new("badentry");
        let keyring = Fake::new(vec![Lookup::Found("not a key".into())]);
        let e = resolve(&s.request(StoreKeySource::Auto, true), &keyring).unwrap_err();
        assert_eq!(e.kind(), "Storage");
        let e = message(e);
        assert!(
            e.contains("does not hold a store key") && e.contains("delete the entry"),
            "{e}"
        );
        assert!(keyring.written.borrow().is_empty());
    }

    #[test]
    fn an_unusable_keyring_falls_back_to_a_private_key_file() {
        let s = Scratch::new("fallback");
        let keyring = Fake::new(vec![Lookup::Unavailable("no D-Bus session".into())]);
        let (_, origin) = resolve(&s.request(StoreKeySource::Auto, false), &keyring).unwrap();
        assert_eq!(origin, Origin::File(s.key_file()));
        assert!(keyring.written.borrow().is_empty());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(s.key_file())
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn an_existing_key_file_stays_in_use_while_the_entry_is_absent() {
        let s = Scratch::new("keepfile");
        let (first, _) = from_file(&s.key_file()).unwrap();
        let keyring = Fake::new(vec![Lookup::Absent]);
        let (key, origin) = resolve(&s.request(StoreKeySource::Auto, true), &keyring).unwrap();
        assert_eq!(origin, Origin::File(s.key_file()));
        assert_eq!(key.to_base64(), first.to_base64());
        assert!(keyring.written.borrow().is_empty(), "not migrated");
        // An entry, when there is one, wins over the file.
        let keyring = Fake::new(vec![Lookup::Found(KEY.into())]);
        let (key, origin) = resolve(&s.request(StoreKeySource::Auto, true), &keyring).unwrap();
        assert_eq!((key.to_base64().as_str(), origin), (KEY, Origin::Keyring));
    }

    #[test]
    fn a_store_in_use_never_gets_a_fresh_key() {
        let s = Scratch::new("inuse");
        for lookup in [Lookup::Absent, Lookup::Unavailable("locked".into())] {
            let keyring = Fake::new(vec![lookup]);
            let e = message(resolve(&s.request(StoreKeySource::Auto, true), &keyring).unwrap_err());
            assert!(e.contains("already holds files"), "{e}");
            assert!(keyring.written.borrow().is_empty());
            assert!(!s.key_file().exists());
        }
        let keyring = Fake::new(vec![Lookup::Absent]);
        let e = message(resolve(&s.request(StoreKeySource::Keyring, true), &keyring).unwrap_err());
        assert!(e.contains("already holds files"), "{e}");
    }

    #[test]
    fn forcing_the_keyring_without_one_is_an_error() {
        let s = Scratch::new("forced");
        let keyring = Fake::new(vec![Lookup::Unavailable("no D-Bus session".into())]);
        let e = message(resolve(&s.request(StoreKeySource::Keyring, false), &keyring).unwrap_err());
        assert!(
            e.contains("the store key source is `keyring`, but the OS keyring cannot be used")
                && e.contains("COGNITO_AUTH_STORE_KEY_SOURCE=file"),
            "{e}"
        );
        assert!(!s.key_file().exists());
    }

    #[test]
    fn forcing_the_file_never_asks_the_keyring() {
        let s = Scratch::new("file");
        let keyring = Fake::new(vec![Lookup::Found(KEY.into())]);
        let (_, origin) = resolve(&s.request(StoreKeySource::File, true), &keyring).unwrap();
        assert_eq!(origin, Origin::File(s.key_file()));
        assert_eq!(keyring.answers.borrow().len(), 1);
    }

    #[test]
    fn a_refused_write_is_an_error_not_a_file() {
        let s = Scratch::new("refused");
        let mut keyring = Fake::new(vec![Lookup::Absent]);
        keyring.refuse_set = true;
        let e = message(resolve(&s.request(StoreKeySource::Auto, false), &keyring).unwrap_err());
        assert!(e.contains("could not store a new key"), "{e}");
        assert!(!s.key_file().exists());
    }

    #[test]
    fn no_place_for_a_key_file_is_reported() {
        let s = Scratch::new("noplace");
        let request = Request {
            default_file: Err("no place for the store key: set HOME".into()),
            ..s.request(StoreKeySource::File, false)
        };
        let e = message(resolve(&request, &Fake::new(vec![])).unwrap_err());
        assert!(e.contains("no place for the store key"), "{e}");
    }

    #[test]
    fn keyring_errors_are_classified() {
        use keyring::Error;
        let io = || Box::new(std::io::Error::other("locked"));
        assert_eq!(lookup_of(Ok(KEY.into())), Lookup::Found(KEY.into()));
        assert_eq!(lookup_of(Err(Error::NoEntry)), Lookup::Absent);
        assert!(matches!(
            lookup_of(Err(Error::NoStorageAccess(io()))),
            Lookup::Unavailable(_)
        ));
        assert!(matches!(
            lookup_of(Err(Error::PlatformFailure(io()))),
            Lookup::Unavailable(_)
        ));
        assert!(matches!(
            lookup_of(Err(Error::BadEncoding(vec![0xff]))),
            Lookup::Unreadable(_)
        ));
        assert!(matches!(
            lookup_of(Err(Error::Ambiguous(vec![]))),
            Lookup::Unreadable(_)
        ));
    }

    #[test]
    fn the_keyring_crate_s_mock_store_is_never_taken_for_a_keyring() {
        let mock = || keyring::mock::default_credential_builder();
        let e = persistent(mock()).expect_err("the mock is refused");
        assert!(e.contains("no OS keyring for this platform"), "{e}");
        let refused = OsKeyring {
            account: "/the/store".into(),
            builder: persistent(mock()),
            timeout: KEYRING_TIMEOUT,
        };
        assert!(matches!(refused.get(), Lookup::Unavailable(_)));
        assert!(refused.set(KEY).is_err());
        // The calls themselves, through the mock's entry (which forgets at once).
        let plumbing = OsKeyring {
            builder: Ok(mock()),
            ..refused
        };
        assert_eq!(plumbing.get(), Lookup::Absent);
        assert_eq!(plumbing.set(KEY), Ok(()));
        assert_eq!(
            plumbing.describe(),
            "the OS keyring entry \"/the/store\" of service \"cognito-auth\""
        );
    }

    #[test]
    fn the_account_is_the_canonical_store_directory() {
        let s = Scratch::new("canonical");
        let store = s.store();
        std::fs::create_dir_all(&store).unwrap();
        let real = store.canonicalize().unwrap();
        assert_eq!(canonical(&store.join("../store")), real);
        assert_eq!(
            canonical(&store.join("new/deeper")),
            real.join("new/deeper")
        );
        assert!(canonical(Path::new("relative")).is_absolute());
        assert!(!in_use(&s.0.join("missing")));
        assert!(!in_use(&store));
        std::fs::write(store.join("cognito-auth.json"), b"{}").unwrap();
        assert!(in_use(&store));
    }
}
