//! The desktop file store on a real file system: atomic replacement, permissions, the
//! versioned format, corrupt files, encryption at rest and several writers at once.

use cognito_auth::{FileStore, SecureStore, StorageError, StoreKey};
use cognito_auth_testkit::unique;
use std::path::PathBuf;

struct Dir(PathBuf);

impl Dir {
    fn new() -> Self {
        Self(std::env::temp_dir().join(unique("store-test-")))
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[tokio::test]
async fn values_round_trip_per_namespace() {
    let dir = Dir::new();
    let store = FileStore::new(&dir.0).unwrap();
    store.set("a", "k", vec![0, 1, 255]).await.unwrap();
    store.set("a", "other", b"x".to_vec()).await.unwrap();
    store.set("b", "k", b"b".to_vec()).await.unwrap();
    assert_eq!(store.get("a", "k").await.unwrap(), Some(vec![0, 1, 255]));
    assert_eq!(store.get("a", "missing").await.unwrap(), None);
    assert_eq!(store.get("nobody", "k").await.unwrap(), None);
    store.remove("a", "k").await.unwrap();
    store.remove("a", "k").await.unwrap();
    assert_eq!(store.get("a", "k").await.unwrap(), None);
    assert_eq!(store.get("a", "other").await.unwrap(), Some(b"x".to_vec()));
    store.remove_all("a").await.unwrap();
    assert!(!store.path_of("a").exists());
    assert_eq!(store.get("b", "k").await.unwrap(), Some(b"b".to_vec()));
    // A second store on the same directory (another process) reads the same.
    let again = FileStore::new(&dir.0).unwrap();
    assert_eq!(again.get("b", "k").await.unwrap(), Some(b"b".to_vec()));
}

#[cfg(unix)]
#[tokio::test]
async fn files_are_private_and_no_temporary_file_is_left() {
    use std::os::unix::fs::PermissionsExt;
    let dir = Dir::new();
    let store = FileStore::new(dir.0.join("nested")).unwrap();
    for i in 0..5 {
        store.set("ns", "k", vec![i]).await.unwrap();
    }
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&store.path_of("ns")), 0o600);
    assert_eq!(mode(store.dir()), 0o700);
    let names: Vec<String> = std::fs::read_dir(store.dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(
        names.iter().all(|n| n == "ns.json" || n == ".lock"),
        "{names:?}"
    );
}

#[tokio::test]
async fn a_corrupt_file_is_a_typed_error_and_is_not_overwritten() {
    let dir = Dir::new();
    let store = FileStore::new(&dir.0).unwrap();
    store.set("ns", "k", b"v".to_vec()).await.unwrap();
    let good = std::fs::read(store.path_of("ns")).unwrap();
    let cases: Vec<Vec<u8>> = vec![
        b"{ truncated".to_vec(),
        good[..good.len() / 2].to_vec(),
        Vec::new(),
        br#"{"format":"cognito-auth-store","version":99,"namespace":"ns","items":{}}"#.to_vec(),
        br#"{"format":"cognito-auth-store","version":1,"namespace":"other","items":{}}"#.to_vec(),
        br#"{"format":"cognito-auth-store","version":1,"namespace":"ns","items":{"k":"!!"}}"#
            .to_vec(),
        br#"{"format":"something-else","version":1,"namespace":"ns","items":{}}"#.to_vec(),
        vec![0xff, 0xfe, 0x00],
    ];
    for bad in cases {
        std::fs::write(store.path_of("ns"), &bad).unwrap();
        let e = store.get("ns", "k").await.unwrap_err();
        assert!(matches!(e, StorageError::Corrupt(_)), "{e:?}");
        let e = store.set("ns", "k2", b"w".to_vec()).await.unwrap_err();
        assert!(matches!(e, StorageError::Corrupt(_)), "{e:?}");
        assert_eq!(
            std::fs::read(store.path_of("ns")).unwrap(),
            bad,
            "left as found"
        );
    }
    // Only an explicit wipe removes it.
    store.remove_all("ns").await.unwrap();
    store.set("ns", "k", b"new".to_vec()).await.unwrap();
    assert_eq!(store.get("ns", "k").await.unwrap(), Some(b"new".to_vec()));
}

#[tokio::test]
async fn a_leftover_temporary_file_from_a_crash_changes_nothing() {
    let dir = Dir::new();
    let store = FileStore::new(&dir.0).unwrap();
    store.set("ns", "k", b"old".to_vec()).await.unwrap();
    // A crash between writing the temporary file and renaming it leaves this behind.
    std::fs::write(dir.0.join(".ns.json.tmp-1-2"), b"{\"half\":").unwrap();
    assert_eq!(store.get("ns", "k").await.unwrap(), Some(b"old".to_vec()));
    store.set("ns", "k", b"new".to_vec()).await.unwrap();
    assert_eq!(store.get("ns", "k").await.unwrap(), Some(b"new".to_vec()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_writers_lose_nothing_and_readers_never_see_a_torn_file() {
    let dir = Dir::new();
    let mut tasks = Vec::new();
    // Separate store objects stand for separate processes: only the file lock orders them.
    for writer in 0..8 {
        let store = FileStore::new(&dir.0).unwrap();
        tasks.push(tokio::spawn(async move {
            for i in 0..10 {
                let value = vec![b'x'; 1000 + writer * 10 + i];
                store
                    .set("ns", &format!("w{writer}-{i}"), value)
                    .await
                    .unwrap();
            }
        }));
    }
    let reader = {
        let store = FileStore::new(&dir.0).unwrap();
        tokio::spawn(async move {
            for _ in 0..200 {
                // Any error here would be a half-written file.
                store.get("ns", "w0-0").await.unwrap();
            }
        })
    };
    for t in tasks {
        t.await.unwrap();
    }
    reader.await.unwrap();
    let store = FileStore::new(&dir.0).unwrap();
    for writer in 0..8 {
        for i in 0..10 {
            let v = store.get("ns", &format!("w{writer}-{i}")).await.unwrap();
            assert_eq!(v.map(|v| v.len()), Some(1000 + writer * 10 + i));
        }
    }
}

#[tokio::test]
async fn encrypted_files_hide_values_and_open_only_with_their_key_and_namespace() {
    let dir = Dir::new();
    let key = StoreKey::generate().unwrap();
    let store = FileStore::encrypted(&dir.0, key.clone()).unwrap();
    store
        .set("ns", "session", b"eyJrefresh-token-value".to_vec())
        .await
        .unwrap();
    let raw = std::fs::read(store.path_of("ns")).unwrap();
    let text = String::from_utf8_lossy(&raw);
    assert!(text.contains("AES-256-GCM"));
    assert!(!text.contains("eyJ") && !text.contains("session"), "{text}");

    let same_key =
        FileStore::encrypted(&dir.0, StoreKey::from_base64(&key.to_base64()).unwrap()).unwrap();
    assert_eq!(
        same_key.get("ns", "session").await.unwrap().as_deref(),
        Some(&b"eyJrefresh-token-value"[..])
    );
    // Another key, or no key: refused as such (never taken for damage that a new sign-in
    // may overwrite, let alone rewritten in clear).
    let wrong = FileStore::encrypted(&dir.0, StoreKey::generate().unwrap()).unwrap();
    assert!(matches!(
        wrong.get("ns", "session").await,
        Err(StorageError::AccessDenied(m)) if m.contains("another key")
    ));
    assert!(matches!(
        wrong.set("ns", "session", b"other".to_vec()).await,
        Err(StorageError::AccessDenied(_))
    ));
    assert!(matches!(
        FileStore::new(&dir.0),
        Err(StorageError::AccessDenied(m)) if m.contains("encrypted")
    ));
    // A file moved under another namespace's name does not open there.
    std::fs::copy(store.path_of("ns"), store.path_of("other")).unwrap();
    assert!(matches!(
        store.get("other", "session").await,
        Err(StorageError::Corrupt(_))
    ));
    // A plain file planted where an encrypted one is expected is refused.
    let plain_dir = Dir::new();
    FileStore::new(&plain_dir.0)
        .unwrap()
        .set("planted", "session", b"x".to_vec())
        .await
        .unwrap();
    std::fs::copy(
        plain_dir
            .0
            .join(store.path_of("planted").file_name().unwrap()),
        store.path_of("planted"),
    )
    .unwrap();
    assert!(matches!(
        store.get("planted", "session").await,
        Err(StorageError::Corrupt(_))
    ));
    // Nothing was rewritten by the failed reads.
    assert_eq!(std::fs::read(store.path_of("ns")).unwrap(), raw);
}

#[test]
fn a_store_on_a_file_instead_of_a_directory_is_an_error() {
    let dir = Dir::new();
    std::fs::create_dir_all(&dir.0).unwrap();
    let file = dir.0.join("plain-file");
    std::fs::write(&file, b"x").unwrap();
    let e = FileStore::new(file.join("sub")).unwrap_err();
    assert!(matches!(e, StorageError::Unavailable(_)), "{e:?}");
}
