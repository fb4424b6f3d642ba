//! The reset rules of the key-store-backed store, with a key held in Rust standing in for the
//! platform's (the Java key store path itself runs in the Kotlin suite: `make kotlin-test`).

use super::fake::FakeKeyStore;
use super::*;
use crate::storage::StoreKey;

struct Fixture {
    dir: PathBuf,
    keys: Arc<FakeKeyStore>,
}

impl Fixture {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!(
            "cognito-auth-keystore-{name}-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos()
        ));
        Self {
            dir,
            keys: Arc::new(FakeKeyStore::default()),
        }
    }

    /// A store as a new process would open it.
    fn store(&self) -> KeystoreStore {
        KeystoreStore::with_key(self.dir.clone(), self.keys.clone()).unwrap()
    }

    fn file_of(&self, namespace: &str) -> PathBuf {
        self.store().inner.files.path_of(namespace)
    }

    fn created(&self) -> u32 {
        *self.keys.created.lock().unwrap()
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[tokio::test]
async fn first_use_creates_the_key_quietly_and_data_survives_a_restart() {
    let f = Fixture::new("first");
    let s = f.store();
    assert_eq!(s.get("ns", "k").await.unwrap(), None);
    s.set("ns", "k", b"tokens".to_vec()).await.unwrap();
    assert_eq!(f.created(), 1);
    let text = std::fs::read(f.file_of("ns")).unwrap();
    assert!(!text.windows(6).any(|w| w == b"tokens"), "sealed on disk");

    let again = f.store();
    assert_eq!(again.get("ns", "k").await.unwrap().unwrap(), b"tokens");
    assert_eq!(f.created(), 1, "the existing key is reused");
}

#[tokio::test]
async fn a_tampered_file_is_corrupt_and_nothing_else_is_touched() {
    let f = Fixture::new("tamper");
    let s = f.store();
    s.set("a", "k", b"one".to_vec()).await.unwrap();
    s.set("b", "k", b"two".to_vec()).await.unwrap();
    let path = f.file_of("a");
    let mut doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let sealed = doc["ciphertext"].as_str().unwrap().to_owned();
    let flipped = if sealed.starts_with('A') { "B" } else { "A" };
    doc["ciphertext"] = format!("{flipped}{}", &sealed[1..]).into();
    std::fs::write(&path, serde_json::to_vec(&doc).unwrap()).unwrap();

    let s = f.store();
    assert!(matches!(
        s.get("a", "k").await,
        Err(StorageError::Corrupt(_))
    ));
    assert_eq!(s.get("b", "k").await.unwrap().unwrap(), b"two");
    assert_eq!(f.created(), 1, "no reset for one altered file");
    // The session layer replaces a corrupt namespace with remove_all, then writes again.
    s.remove_all("a").await.unwrap();
    s.set("a", "k", b"new".to_vec()).await.unwrap();
    assert_eq!(s.get("a", "k").await.unwrap().unwrap(), b"new");
}

#[tokio::test]
async fn a_deleted_key_resets_once_and_wipes_every_file() {
    let f = Fixture::new("deleted");
    let s = f.store();
    s.set("cognito-auth", "marker", b"x".to_vec())
        .await
        .unwrap();
    s.set("cognito-auth.abc", "session", b"tokens".to_vec())
        .await
        .unwrap();
    f.keys.delete().unwrap();

    let s = f.store();
    let e = s.get("cognito-auth", "marker").await.unwrap_err();
    assert!(
        matches!(&e, StorageError::Reset(m) if m.contains("sign in again")),
        "{e:?}"
    );
    assert!(
        !f.file_of("cognito-auth.abc").exists(),
        "unreadable data is deleted"
    );
    assert_eq!(f.created(), 2, "a new key");
    // Reported once; the store is usable at once.
    assert_eq!(s.get("cognito-auth.abc", "session").await.unwrap(), None);
    s.set("cognito-auth.abc", "session", b"fresh".to_vec())
        .await
        .unwrap();
    assert_eq!(
        f.store()
            .get("cognito-auth.abc", "session")
            .await
            .unwrap()
            .unwrap(),
        b"fresh"
    );
}

#[tokio::test]
async fn a_replaced_key_is_a_reset_not_a_corrupt_file() {
    let f = Fixture::new("replaced");
    f.store().set("ns", "k", b"v".to_vec()).await.unwrap();
    // Same alias, other key material (restored key store, another install's key…).
    *f.keys.key.lock().unwrap() = Some(StoreKey::generate().unwrap());
    let e = f.store().get("ns", "k").await.unwrap_err();
    assert!(matches!(e, StorageError::Reset(_)), "{e:?}");
    assert!(!f.file_of("ns").exists());
}

#[tokio::test]
async fn an_invalidated_key_resets_at_start_or_in_the_middle_of_a_run() {
    let f = Fixture::new("invalidated");
    let s = f.store();
    s.set("ns", "k", b"v".to_vec()).await.unwrap();

    // In the middle of a run: the cipher refuses the key.
    f.keys.unusable.store(true, Ordering::SeqCst);
    let e = s.set("ns", "k", b"w".to_vec()).await.unwrap_err();
    assert!(matches!(e, StorageError::Reset(_)), "{e:?}");
    assert_eq!(s.get("ns", "k").await.unwrap(), None);
    s.set("ns", "k", b"w".to_vec()).await.unwrap();

    // At start: the key store reports the key unusable.
    f.keys.unusable.store(true, Ordering::SeqCst);
    let e = f.store().get("ns", "k").await.unwrap_err();
    assert!(matches!(e, StorageError::Reset(_)), "{e:?}");
    assert_eq!(f.created(), 3);
}

#[tokio::test]
async fn an_unavailable_key_store_wipes_nothing() {
    let f = Fixture::new("unavailable");
    f.store().set("ns", "k", b"v".to_vec()).await.unwrap();
    f.keys.unavailable.store(true, Ordering::SeqCst);
    let s = f.store();
    assert!(matches!(
        s.get("ns", "k").await,
        Err(StorageError::Unavailable(_))
    ));
    assert!(matches!(
        s.set("ns", "k", b"w".to_vec()).await,
        Err(StorageError::Unavailable(_))
    ));
    f.keys.unavailable.store(false, Ordering::SeqCst);
    assert_eq!(s.get("ns", "k").await.unwrap().unwrap(), b"v");
    assert_eq!(f.created(), 1);
}
