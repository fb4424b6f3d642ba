//! Stored data as it is read back at start-up: the session item (versioned JSON), and a
//! file-store file (plain and encrypted) read through the public `FileStore`.
#![no_main]
use cognito_auth::{FileStore, SecureStore, StoreKey};
use libfuzzer_sys::fuzz_target;
use std::future::Future;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::task::{Context, Poll, Waker};

const NAMESPACE: &str = "cognito-auth.fuzz";

fn dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let base = if std::path::Path::new("/dev/shm").is_dir() {
            PathBuf::from("/dev/shm")
        } else {
            std::env::temp_dir()
        };
        base.join(format!("cognito-auth-fuzz-{}", std::process::id()))
    })
}

/// Outside a tokio runtime the file store works inline: one poll completes it.
fn now<T>(f: impl Future<Output = T>) -> T {
    let mut f = std::pin::pin!(f);
    match f.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(v) => v,
        Poll::Pending => panic!("the file store blocked outside a runtime"),
    }
}

fuzz_target!(|data: &[u8]| {
    let _ = cognito_auth::fuzzing::stored_session(data);
    // Both stores on one directory, made once while it is empty: a plain store refuses a
    // directory that already holds encrypted files.
    static STORES: OnceLock<(FileStore, FileStore)> = OnceLock::new();
    let (plain, sealed) = STORES.get_or_init(|| {
        let plain = FileStore::new(dir()).unwrap();
        let key = StoreKey::from_bytes(&[7u8; 32]).unwrap();
        (plain, FileStore::encrypted(dir(), key).unwrap())
    });
    std::fs::write(plain.path_of(NAMESPACE), data).unwrap();
    for store in [plain, sealed] {
        // Any bytes: a value or a typed error, never a panic.
        if let Ok(Some(v)) = now(store.get(NAMESPACE, "session")) {
            let _ = cognito_auth::fuzzing::stored_session(&v);
        }
    }
});
