//! Crate-internal helpers for session tests against moto: a fresh pool behind a counting
//! proxy, clients on a manual clock, and a user signed in at the wire level
//! (`USER_PASSWORD_AUTH`) and stored through `complete_sign_in`, so session tests do not
//! depend on the sign-in module.

use crate::clock::ManualClock;
use crate::config::AuthConfig;
use crate::storage::{FileStore, MemoryStore, SecureStore, StorageError, StoreLock};
use crate::tokens::UserPoolTokens;
use crate::wire::user_pool::{AuthFlow, AuthParameters, InitiateAuthRequest};
use crate::wire::{RetryPolicy, WireOptions};
use crate::{AuthClient, AuthOptions, Secret, SignInMethod};
use async_trait::async_trait;
use cognito_auth_testkit::{CountingProxy, Moto, PoolSpec, TestPool, unique};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

/// A pool on moto, reached through a counting proxy.
pub(crate) struct Fixture {
    pub(crate) pool: TestPool,
    pub(crate) proxy: CountingProxy,
    pub(crate) clock: Arc<ManualClock>,
    pub(crate) store: Arc<dyn SecureStore>,
    pub(crate) with_secret: bool,
}

pub(crate) const PASSWORD: &str = "Passw0rd-session";

impl Fixture {
    /// A fresh pool (public client) on the shared moto.
    pub(crate) async fn new() -> Self {
        Self::with(PoolSpec::default(), false).await
    }

    /// A fresh pool described by `spec`; `with_secret` uses the app client with a secret.
    pub(crate) async fn with(spec: PoolSpec, with_secret: bool) -> Self {
        let moto = Moto::shared();
        let pool = moto.create_pool(spec).await;
        Self {
            proxy: CountingProxy::start(&moto.url()),
            pool,
            clock: Arc::new(ManualClock::starting_now()),
            store: Arc::new(MemoryStore::new()),
            with_secret,
        }
    }

    pub(crate) fn config(&self) -> AuthConfig {
        let json = if self.with_secret {
            self.pool.amplify_outputs_with_secret()
        } else {
            self.pool.amplify_outputs()
        };
        let url: url::Url = self.proxy.url().parse().unwrap();
        AuthConfig::from_json(&json)
            .unwrap()
            .with_user_pool_endpoint(url.clone())
            .with_identity_pool_endpoint(url)
    }

    /// A client on this fixture's store and clock; no retries, so a failure shows at once.
    pub(crate) fn client(&self) -> AuthClient {
        self.client_with(self.config())
    }

    pub(crate) fn client_with(&self, config: AuthConfig) -> AuthClient {
        AuthClient::new(
            config,
            AuthOptions {
                wire: WireOptions {
                    retry: RetryPolicy::none(),
                    ..WireOptions::default()
                },
                clock: self.clock.clone(),
                storage: self.store.clone(),
                ..AuthOptions::default()
            },
        )
        .unwrap()
    }

    /// Creates a confirmed user and returns its name.
    pub(crate) async fn user(&self) -> String {
        let name = unique("u");
        self.pool
            .create_user(
                &name,
                PASSWORD,
                &[("email", &format!("{name}@example.com"))],
            )
            .await;
        name
    }

    /// Tokens for `username` from moto (USER_PASSWORD_AUTH, straight to the peer).
    pub(crate) async fn tokens(&self, client: &AuthClient, username: &str) -> UserPoolTokens {
        let pool = client.user_pool().unwrap();
        let resp = pool
            .send(&InitiateAuthRequest {
                auth_flow: AuthFlow::UserPassword,
                client_id: pool.client_id().to_owned(),
                auth_parameters: AuthParameters::for_user(pool, username, None).password(PASSWORD),
                client_metadata: BTreeMap::new(),
                session: None,
            })
            .await
            .expect("USER_PASSWORD_AUTH");
        UserPoolTokens::from_result(
            resp.authentication_result.expect("tokens"),
            client.clock().now_unix(),
            None,
        )
        .unwrap()
    }

    /// Signs a fresh user in on `client`; returns the user name.
    pub(crate) async fn sign_in(&self, client: &AuthClient) -> String {
        let name = self.user().await;
        self.sign_in_as(client, &name).await;
        name
    }

    pub(crate) async fn sign_in_as(&self, client: &AuthClient, username: &str) {
        client.ensure_no_session().await.unwrap();
        let tokens = self.tokens(client, username).await;
        client
            .complete_sign_in(tokens, SignInMethod::UserPool)
            .await
            .unwrap();
    }

    /// Moves the clock past the tokens' expiry (moto's last 3600 s from when it issued
    /// them, a moment after this fixture's clock started).
    pub(crate) fn expire_tokens(&self) {
        self.clock.advance(Duration::from_secs(3600 + 60));
    }
}

/// The data of another store, reached as another process reaches it: no shared identity
/// (so no shared session), with or without the store's lock.
#[derive(Debug)]
pub(crate) struct OtherProcess {
    store: Arc<dyn SecureStore>,
    locks: bool,
}

#[async_trait]
impl SecureStore for OtherProcess {
    async fn get(&self, ns: &str, key: &str) -> Result<Option<Vec<u8>>, StorageError> {
        self.store.get(ns, key).await
    }
    async fn set(&self, ns: &str, key: &str, value: Vec<u8>) -> Result<(), StorageError> {
        self.store.set(ns, key, value).await
    }
    async fn remove(&self, ns: &str, key: &str) -> Result<(), StorageError> {
        self.store.remove(ns, key).await
    }
    async fn remove_all(&self, ns: &str) -> Result<(), StorageError> {
        self.store.remove_all(ns).await
    }
    async fn lock(&self, ns: &str, wait: Duration) -> Result<Option<StoreLock>, StorageError> {
        if self.locks {
            self.store.lock(ns, wait).await
        } else {
            Ok(None)
        }
    }
}

/// A temporary file store directory, removed when dropped.
pub(crate) struct Dir(std::path::PathBuf);

impl Dir {
    pub(crate) fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(cognito_auth_testkit::unique(name));
        Self(dir)
    }
    pub(crate) fn store(&self) -> Arc<dyn SecureStore> {
        Arc::new(FileStore::new(&self.0).unwrap())
    }
    /// The same files as another process sees them.
    pub(crate) fn process(&self, locks: bool) -> Arc<dyn SecureStore> {
        Arc::new(OtherProcess {
            store: self.store(),
            locks,
        })
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A client of `config` on `store` and the fixture's clock; no retries.
pub(crate) fn client_on(
    f: &Fixture,
    config: AuthConfig,
    store: Arc<dyn SecureStore>,
) -> AuthClient {
    let options = AuthOptions {
        storage: store,
        clock: f.clock.clone(),
        wire: WireOptions {
            retry: RetryPolicy::none(),
            ..WireOptions::default()
        },
        ..AuthOptions::default()
    };
    AuthClient::new(config, options).unwrap()
}

/// The namespace of `c`'s current account, read without loading the session.
pub(crate) fn namespace_of(c: &AuthClient) -> String {
    c.inner
        .accounts
        .now()
        .sessions
        .records()
        .namespace()
        .to_owned()
}

/// Valid-looking tokens (user `alice`, `sub-1`, expiring in 2096) for tests that need no server.
pub(crate) fn fake_tokens() -> UserPoolTokens {
    use crate::tokens::test_jwt::jwt;
    use crate::wire::user_pool::AuthenticationResult;
    let claims =
        serde_json::json!({"sub": "sub-1", "cognito:username": "alice", "exp": 4_000_000_000i64});
    UserPoolTokens::from_result(
        AuthenticationResult {
            access_token: Secret::new(jwt(claims.clone())),
            expires_in: Some(3600),
            token_type: None,
            refresh_token: Some(Secret::new("refresh")),
            id_token: Some(Secret::new(jwt(claims))),
            new_device_metadata: None,
        },
        0,
        None,
    )
    .unwrap()
}
