//! Sessions: what is stored for a signed-in user, and the hooks every sign-in path uses.
//!
//! The contract for sign-in code (SRP, password, custom, hosted UI, auto sign-in):
//! call [`AuthClient::ensure_no_session`] before starting, and
//! [`AuthClient::complete_sign_in`] with the tokens Cognito returned. User operations that
//! need an access token call [`AuthClient::signed_in_tokens`].

mod model;

pub use model::SignInMethod;
pub(crate) use model::{DeviceSecrets, StoredSession, UserPoolSession};

use crate::client::AuthClient;
use crate::error::{AuthError, Result};
use crate::state::{AuthEvent, Events, UserState};
use crate::storage::{SecureStore, StorageError};
use crate::tokens::UserPoolTokens;
use std::sync::Arc;
use tokio::sync::{Mutex, broadcast};

/// Key of the credential set within the configuration's namespace.
const SESSION_KEY: &str = "session";

/// Owns the stored session of one configuration.
#[derive(Debug)]
pub(crate) struct SessionManager {
    store: Arc<dyn SecureStore>,
    namespace: String,
    cache: Mutex<Cache>,
    events: Events,
}

#[derive(Debug)]
struct Cache {
    loaded: bool,
    session: StoredSession,
    state: UserState,
}

impl From<StorageError> for AuthError {
    fn from(e: StorageError) -> Self {
        AuthError::Storage(e)
    }
}

impl SessionManager {
    pub(crate) fn new(store: Arc<dyn SecureStore>, namespace: String) -> Self {
        Self {
            store,
            namespace,
            cache: Mutex::new(Cache {
                loaded: false,
                session: StoredSession::default(),
                state: UserState::Unknown,
            }),
            events: Events::new(),
        }
    }

    /// Reads the stored session once; unreadable data counts as signed out (and is kept on
    /// disk until a new sign-in replaces it).
    async fn load<'a>(&self, cache: &mut tokio::sync::MutexGuard<'a, Cache>) {
        if cache.loaded {
            return;
        }
        let session = match self.store.get(&self.namespace, SESSION_KEY).await {
            Ok(Some(bytes)) => StoredSession::decode(&bytes).unwrap_or_else(|e| {
                tracing::warn!(error = %e, "stored session unreadable; treating as signed out");
                StoredSession::default()
            }),
            Ok(None) => StoredSession::default(),
            Err(e) => {
                tracing::warn!(error = %e, "session storage unavailable; treating as signed out");
                StoredSession::default()
            }
        };
        cache.state = session.user_state();
        cache.session = session;
        cache.loaded = true;
    }

    async fn save(&self, session: &StoredSession) -> Result<()> {
        self.store
            .set(&self.namespace, SESSION_KEY, session.encode()?)
            .await?;
        Ok(())
    }
}

impl AuthClient {
    pub(crate) fn sessions(&self) -> &SessionManager {
        &self.inner.sessions
    }

    /// The current authentication state.
    pub async fn user_state(&self) -> UserState {
        let m = self.sessions();
        let mut cache = m.cache.lock().await;
        m.load(&mut cache).await;
        cache.state
    }

    /// Subscribes to auth events (sign-in, sign-out, refresh, expiry, federation).
    pub fn subscribe(&self) -> broadcast::Receiver<AuthEvent> {
        self.sessions().events.subscribe()
    }

    /// Refuses to start a sign-in while a user is signed in or federated.
    pub(crate) async fn ensure_no_session(&self) -> Result<()> {
        match self.user_state().await {
            UserState::SignedIn => Err(AuthError::InvalidState(
                "a user is already signed in; sign out first".into(),
            )),
            _ => Ok(()),
        }
    }

    /// Stores the tokens of a completed sign-in (any flow) as the new session, replacing
    /// whatever was there, and emits [`AuthEvent::SignedIn`].
    pub(crate) async fn complete_sign_in(
        &self,
        tokens: UserPoolTokens,
        method: SignInMethod,
    ) -> Result<()> {
        let claims = tokens.id_claims()?;
        let user = UserPoolSession {
            username: claims.username().unwrap_or_default().to_owned(),
            sub: claims.sub().unwrap_or_default().to_owned(),
            tokens,
            method,
        };
        let m = self.sessions();
        let mut cache = m.cache.lock().await;
        m.load(&mut cache).await;
        let mut next = cache.session.clone();
        next.user_pool = Some(user);
        next.user_pool_invalid = false;
        m.save(&next).await?;
        cache.state = next.user_state();
        cache.session = next;
        drop(cache);
        m.events.emit(AuthEvent::SignedIn);
        Ok(())
    }

    /// The signed-in user's tokens (as stored; refresh is the session layer's job).
    pub(crate) async fn signed_in_tokens(&self) -> Result<UserPoolTokens> {
        let m = self.sessions();
        let mut cache = m.cache.lock().await;
        m.load(&mut cache).await;
        cache
            .session
            .user_pool
            .as_ref()
            .map(|u| u.tokens.clone())
            .ok_or_else(|| AuthError::SignedOut("no user is signed in".into()))
    }

    /// Forgets the signed-in user locally (tokens only; device secrets stay) and emits
    /// `event` (`SignedOut`, `UserDeleted`, …). Never fails for a storage error: the session
    /// is dropped from memory regardless, and the error is returned for the caller to report.
    pub(crate) async fn clear_local_session(&self, event: AuthEvent) -> Result<()> {
        let m = self.sessions();
        let mut cache = m.cache.lock().await;
        m.load(&mut cache).await;
        let mut next = cache.session.clone();
        next.user_pool = None;
        next.user_pool_invalid = false;
        let saved = m.save(&next).await;
        cache.state = next.user_state();
        cache.session = next;
        drop(cache);
        m.events.emit(event);
        saved
    }

    /// The remembered-device secrets of `username`, if this device was confirmed for them.
    /// Kept apart from the session: they survive sign-out.
    pub(crate) async fn device_secrets(&self, username: &str) -> Result<Option<DeviceSecrets>> {
        let m = self.sessions();
        match m.store.get(&m.namespace, &device_key(username)).await? {
            None => Ok(None),
            Some(bytes) => Ok(serde_json::from_slice(&bytes).ok()),
        }
    }

    /// Stores (or, with `None`, forgets) the device secrets of `username`.
    pub(crate) async fn set_device_secrets(
        &self,
        username: &str,
        secrets: Option<&DeviceSecrets>,
    ) -> Result<()> {
        let m = self.sessions();
        match secrets {
            Some(s) => {
                let bytes = serde_json::to_vec(s)
                    .map_err(|e| AuthError::Internal(format!("device secrets: {e}")))?;
                m.store
                    .set(&m.namespace, &device_key(username), bytes)
                    .await?;
            }
            None => m.store.remove(&m.namespace, &device_key(username)).await?,
        }
        Ok(())
    }
}

// ---- Added for sign-in (auth helper): small config-namespace items (pending sign-in). ----
impl AuthClient {
    /// An item of this configuration's namespace other than the session (e.g. the state of a
    /// sign-in waiting for a challenge answer, so another process can continue it).
    pub(crate) async fn config_item(&self, key: &str) -> Result<Option<Vec<u8>>> {
        let m = self.sessions();
        Ok(m.store.get(&m.namespace, key).await?)
    }

    /// Stores (or, with `None`, removes) an item of this configuration's namespace.
    pub(crate) async fn set_config_item(&self, key: &str, value: Option<Vec<u8>>) -> Result<()> {
        let m = self.sessions();
        match value {
            Some(v) => m.store.set(&m.namespace, key, v).await?,
            None => m.store.remove(&m.namespace, key).await?,
        }
        Ok(())
    }
}
// ---- End of sign-in additions. ----

fn device_key(username: &str) -> String {
    format!("device.{username}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{AuthConfig, UserPoolConfig};
    use crate::storage::MemoryStore;
    use crate::tokens::test_jwt::jwt;
    use crate::wire::user_pool::AuthenticationResult;
    use crate::{AuthOptions, Secret};
    use serde_json::json;

    fn client(store: Arc<MemoryStore>) -> AuthClient {
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
                storage: store,
                ..Default::default()
            },
        )
        .unwrap()
    }

    fn tokens() -> UserPoolTokens {
        let claims = json!({"sub": "sub-1", "cognito:username": "alice", "exp": 4_000_000_000i64});
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

    #[tokio::test]
    async fn sign_in_is_stored_and_survives_a_new_client() {
        let store = Arc::new(MemoryStore::new());
        let c = client(store.clone());
        let mut events = c.subscribe();
        assert_eq!(c.user_state().await, UserState::SignedOut);
        c.ensure_no_session().await.unwrap();
        c.complete_sign_in(tokens(), SignInMethod::UserPool)
            .await
            .unwrap();
        assert_eq!(events.recv().await.unwrap(), AuthEvent::SignedIn);
        assert_eq!(c.user_state().await, UserState::SignedIn);
        assert_eq!(
            c.ensure_no_session().await.unwrap_err().kind(),
            "InvalidState"
        );

        let again = client(store.clone());
        assert_eq!(again.user_state().await, UserState::SignedIn);
        assert_eq!(again.signed_in_tokens().await.unwrap(), tokens());
    }

    #[tokio::test]
    async fn unreadable_session_counts_as_signed_out_and_is_kept() {
        let store = Arc::new(MemoryStore::new());
        let c = client(store.clone());
        let ns = c.sessions().namespace.clone();
        store
            .set(&ns, SESSION_KEY, b"{not json".to_vec())
            .await
            .unwrap();
        assert_eq!(c.user_state().await, UserState::SignedOut);
        assert_eq!(
            store.get(&ns, SESSION_KEY).await.unwrap().as_deref(),
            Some(&b"{not json"[..]),
            "not overwritten until a new sign-in"
        );
    }

    #[tokio::test]
    async fn device_secrets_are_per_user() {
        let c = client(Arc::new(MemoryStore::new()));
        let s = DeviceSecrets {
            device_key: "us-east-1_dev".into(),
            device_group_key: "group".into(),
            device_password: Secret::new("pw"),
        };
        c.set_device_secrets("alice", Some(&s)).await.unwrap();
        assert_eq!(c.device_secrets("alice").await.unwrap(), Some(s));
        assert_eq!(c.device_secrets("bob").await.unwrap(), None);
        c.set_device_secrets("alice", None).await.unwrap();
        assert_eq!(c.device_secrets("alice").await.unwrap(), None);
    }
}
