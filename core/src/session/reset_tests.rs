//! A store that lost its key (the Android Keystore store's `Reset`) as the session layer sees
//! it: the user is told to sign in again — an event and a typed error — and nothing falls
//! back to memory. The store is the real key-store-backed file store with a key held in Rust.

use super::test_support::fake_tokens;
use super::*;
use crate::AuthOptions;
use crate::config::AuthConfig;
use crate::config::UserPoolConfig;
use crate::storage::keystore::fake::FakeKeyStore;
use crate::storage::keystore::{KeystoreStore, PlatformKey};
use std::path::PathBuf;
use std::sync::atomic::Ordering;

struct Device {
    dir: PathBuf,
    keys: Arc<FakeKeyStore>,
}

impl Device {
    fn new(name: &str) -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        Self {
            dir: std::env::temp_dir().join(format!(
                "cognito-auth-reset-{name}-{}-{nanos}",
                std::process::id()
            )),
            keys: Arc::new(FakeKeyStore::default()),
        }
    }

    /// A client as a new launch of the app would create it.
    fn client(&self) -> AuthClient {
        let store = KeystoreStore::with_key(self.dir.clone(), self.keys.clone()).unwrap();
        let config = AuthConfig::new(
            UserPoolConfig {
                pool_id: "us-east-1_test".into(),
                client_id: "client".into(),
                client_secret: None,
                region: "us-east-1".into(),
                endpoint: None,
            },
            None,
        );
        AuthClient::new(
            config,
            AuthOptions {
                storage: Arc::new(store),
                ..Default::default()
            },
        )
        .unwrap()
    }
}

impl Drop for Device {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[tokio::test]
async fn a_lost_key_means_sign_in_again_told_by_an_event_and_a_typed_error() {
    let device = Device::new("lost");
    let c = device.client();
    c.complete_sign_in(fake_tokens(), SignInMethod::UserPool)
        .await
        .unwrap();
    assert_eq!(device.client().user_state().await, UserState::SignedIn);

    // The Keystore lost the key (cleared, or the key was invalidated) between two launches.
    drop(c);
    device.keys.delete().unwrap();
    let c = device.client();
    let mut events = c.subscribe();
    assert_eq!(c.user_state().await, UserState::SignedOut);
    assert_eq!(events.drain(), [AuthEvent::SessionExpired]);
    let e = c.get_current_user().await.unwrap_err();
    assert!(
        matches!(&e, AuthError::Storage(StorageError::Reset(m)) if m.contains("sign in again")),
        "{e:?}"
    );
    // Reported once: the next launch is simply signed out.
    drop(c);
    let c = device.client();
    assert!(matches!(
        c.get_current_user().await,
        Err(AuthError::SignedOut(_))
    ));

    // Signing in again works and is persisted under the new key.
    c.complete_sign_in(fake_tokens(), SignInMethod::UserPool)
        .await
        .unwrap();
    drop(c);
    assert_eq!(device.client().user_state().await, UserState::SignedIn);
}

#[tokio::test]
async fn a_key_lost_while_signed_in_keeps_the_session_persisted() {
    let device = Device::new("midrun");
    let c = device.client();
    c.complete_sign_in(fake_tokens(), SignInMethod::UserPool)
        .await
        .unwrap();
    // The key becomes unusable while the app runs; then refreshed tokens are written.
    device.keys.unusable.store(true, Ordering::SeqCst);
    let generation = c.sessions().await.snapshot().await.generation;
    let m = c.sessions().await;
    let held = m.hold().await;
    // Refreshed tokens: here the same ones a second earlier (an unchanged session is not
    // written at all).
    assert!(
        c.sessions()
            .await
            .update(&held, generation, |s| {
                s.user_pool.as_mut()?.tokens.expires_at -= 1;
                None
            })
            .await
    );
    drop(held);
    // The store reset itself and the session in memory was written again under a new key.
    assert_eq!(*device.keys.created.lock().unwrap(), 2);
    drop(c);
    let next_launch = device.client();
    assert_eq!(next_launch.user_state().await, UserState::SignedIn);
    assert_eq!(
        next_launch.get_current_user().await.unwrap().username,
        "alice"
    );
}
