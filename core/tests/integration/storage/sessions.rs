//! Sessions in storage, through the public API against moto: persistence across clients
//! (app launches), the configuration-change wipe (a new configuration wipes the old one's credentials), corrupt and foreign-key files.

use cognito_auth::{
    AuthClient, AuthConfig, AuthOptions, FederationProvider, FileStore, MemoryStore, SecureStore,
    StorageError, StoreKey, UserState,
};
use cognito_auth_testkit::{Moto, PoolSpec, TestPool, unique};
use std::path::PathBuf;
use std::sync::Arc;

async fn pool() -> TestPool {
    Moto::shared().create_pool(PoolSpec::default()).await
}

fn config(pool: &TestPool, secret_client: bool) -> AuthConfig {
    let json = if secret_client {
        pool.amplify_outputs_with_secret()
    } else {
        pool.amplify_outputs()
    };
    let url: url::Url = pool.endpoint.parse().unwrap();
    AuthConfig::from_json(&json)
        .unwrap()
        .with_user_pool_endpoint(url.clone())
        .with_identity_pool_endpoint(url)
}

fn client(config: AuthConfig, store: Arc<dyn SecureStore>) -> AuthClient {
    AuthClient::new(
        config,
        AuthOptions {
            storage: store,
            ..AuthOptions::default()
        },
    )
    .unwrap()
}

fn namespace(config: &AuthConfig) -> String {
    format!("cognito-auth.{}", config.fingerprint())
}

struct Dir(PathBuf);

impl Dir {
    fn new() -> Self {
        Self(std::env::temp_dir().join(unique("session-store-")))
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[tokio::test]
async fn a_configuration_change_wipes_the_old_credentials_at_start_up() {
    let pool = pool().await;
    let store = Arc::new(MemoryStore::new());
    let (a, b) = (config(&pool, false), config(&pool, true));
    let first = client(a.clone(), store.clone());
    first
        .federate_to_identity_pool("token", &FederationProvider::Google, None)
        .await
        .unwrap();
    assert!(store.namespaces().contains(&namespace(&a)));

    // The app ships with another app client: the first read wipes what the old one stored.
    let changed = client(b.clone(), store.clone());
    assert_eq!(changed.user_state().await, UserState::Guest);
    assert!(
        !store.namespaces().contains(&namespace(&a)),
        "{:?}",
        store.namespaces()
    );

    // Going back does not resurrect the old session.
    let back = client(a, store.clone());
    assert_eq!(back.user_state().await, UserState::Guest);
    // The same configuration again keeps what it stored.
    back.federate_to_identity_pool("t2", &FederationProvider::Google, None)
        .await
        .unwrap();
    let relaunch = client(config(&pool, false), store.clone());
    assert_eq!(relaunch.user_state().await, UserState::SignedIn);
}

#[tokio::test]
async fn a_file_store_keeps_the_session_across_launches() {
    let pool = pool().await;
    let dir = Dir::new();
    let c = client(
        config(&pool, false),
        Arc::new(FileStore::new(&dir.0).unwrap()),
    );
    let fed = c
        .federate_to_identity_pool("token", &FederationProvider::Google, None)
        .await
        .unwrap();
    let next = client(
        config(&pool, false),
        Arc::new(FileStore::new(&dir.0).unwrap()),
    );
    assert_eq!(next.user_state().await, UserState::SignedIn);
    let s = next.fetch_auth_session(false).await;
    assert_eq!(s.identity_id.unwrap(), fed.identity_id);
    assert_eq!(s.aws_credentials.unwrap(), fed.credentials);
}

#[tokio::test]
async fn a_corrupt_store_file_signs_the_user_out_with_a_typed_error_until_a_new_sign_in() {
    let pool = pool().await;
    let dir = Dir::new();
    let cfg = config(&pool, false);
    let store = FileStore::new(&dir.0).unwrap();
    let c = client(cfg.clone(), Arc::new(store.clone()));
    c.federate_to_identity_pool("token", &FederationProvider::Google, None)
        .await
        .unwrap();
    let path = store.path_of(&namespace(&cfg));
    drop(c);
    std::fs::write(&path, b"{\"format\":\"cognito-auth-store\",\"vers").unwrap();

    // The next launch (the first process is gone).
    let next = client(cfg.clone(), Arc::new(FileStore::new(&dir.0).unwrap()));
    assert_eq!(next.user_state().await, UserState::Guest);
    let s = next.fetch_auth_session(false).await;
    assert!(!s.is_signed_in);
    assert!(
        matches!(
            s.tokens,
            Err(cognito_auth::AuthError::Storage(StorageError::Corrupt(_)))
        ),
        "{:?}",
        s.tokens
    );
    assert!(
        s.identity_id.is_ok(),
        "guest access still works, from memory"
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        b"{\"format\":\"cognito-auth-store\",\"vers",
        "the file is not overwritten by the guest session"
    );
    // A new sign-in (here: federation) replaces it.
    next.federate_to_identity_pool("token2", &FederationProvider::Google, None)
        .await
        .unwrap();
    let relaunch = client(cfg, Arc::new(FileStore::new(&dir.0).unwrap()));
    assert_eq!(relaunch.user_state().await, UserState::SignedIn);
}

#[tokio::test]
async fn an_encrypted_store_opens_only_with_its_key() {
    let pool = pool().await;
    let dir = Dir::new();
    let cfg = config(&pool, false);
    let key = StoreKey::generate().unwrap();
    let c = client(
        cfg.clone(),
        Arc::new(FileStore::encrypted(&dir.0, key.clone()).unwrap()),
    );
    c.federate_to_identity_pool("provider-token-value", &FederationProvider::Google, None)
        .await
        .unwrap();
    let path = FileStore::encrypted(&dir.0, key.clone())
        .unwrap()
        .path_of(&namespace(&cfg));
    let raw = std::fs::read(&path).unwrap();
    assert!(!String::from_utf8_lossy(&raw).contains("provider-token-value"));

    let same = client(
        cfg.clone(),
        Arc::new(FileStore::encrypted(&dir.0, key).unwrap()),
    );
    assert_eq!(same.user_state().await, UserState::SignedIn);
    let wrong = client(
        cfg,
        Arc::new(FileStore::encrypted(&dir.0, StoreKey::generate().unwrap()).unwrap()),
    );
    // Another key: not "nobody signed in" (guests are allowed here), which a guest session
    // would then overwrite, but unknown until the right key opens the store.
    assert_eq!(wrong.user_state().await, UserState::Unknown);
    assert!(
        FileStore::new(&dir.0).is_err(),
        "never opened (and rewritten) in clear"
    );
    assert_eq!(
        wrong
            .fetch_auth_session(false)
            .await
            .tokens
            .unwrap_err()
            .kind(),
        "Storage"
    );
    assert_eq!(std::fs::read(&path).unwrap(), raw, "left untouched");
}
