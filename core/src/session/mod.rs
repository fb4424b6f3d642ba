//! Sessions: what is stored for a signed-in user, keeping it fresh, and the hooks every
//! sign-in path uses.
//!
//! The contract for sign-in code (SRP, password, custom, hosted UI, auto sign-in):
//! call [`AuthClient::ensure_no_session`] before starting, and
//! [`AuthClient::complete_sign_in`] with the tokens Cognito returned. User operations that
//! need an access token call [`AuthClient::signed_in_tokens`], which refreshes when needed.
//!
//! One [`StoredSession`] per configuration lives in the [`SecureStore`] under the namespace
//! `cognito-auth.<fingerprint>`; a small marker in the namespace `cognito-auth` remembers which
//! configuration used the store last, so a changed configuration wipes the old namespace the
//! first time the session is read, as Amplify does.

mod fetch;
mod flight;
mod model;
mod records;
mod refresh;
mod wait;

pub use fetch::{AuthSession, AuthUser};
pub use model::SignInMethod;
pub(crate) use model::{
    DeviceSecrets, ExpiredUser, FederatedSession, IdentityOwner, IdentitySession,
    StoredCredentials, StoredSession, UserPoolSession,
};
pub(crate) use records::{Record, Records};

use crate::client::AuthClient;
use crate::config::AuthConfig;
use crate::error::{AuthError, Result};
use crate::state::{AuthEvent, EventStream, Events, UserState};
use crate::storage::{SecureStore, StorageError};
use crate::tokens::UserPoolTokens;
use flight::SingleFlight;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, MutexGuard, watch};

/// Owns the stored session of one configuration.
#[derive(Debug)]
pub(crate) struct SessionManager {
    records: Records,
    guest_allowed: bool,
    margin_secs: i64,
    cache: Mutex<Cache>,
    events: Events,
    tokens_flight: SingleFlight,
    pub(crate) credentials_flight: SingleFlight,
    state_tx: watch::Sender<UserState>,
    release_tx: watch::Sender<u64>,
}

/// The session as last read or written, and how it was read.
#[derive(Debug)]
pub(crate) struct Cache {
    loaded: bool,
    session: StoredSession,
    state: UserState,
    /// Bumped by every sign-in, federation and sign-out: a refresh that started under an
    /// older generation must not write its result into a newer session.
    generation: u64,
    /// Why the stored session could not be read (the user counts as signed out).
    load_error: Option<StorageError>,
}

/// A consistent copy of the session for one decision.
#[derive(Debug, Clone)]
pub(crate) struct Snapshot {
    pub(crate) session: StoredSession,
    pub(crate) generation: u64,
    pub(crate) load_error: Option<StorageError>,
    pub(crate) state: UserState,
}

/// A borrowed look at the session, from the locked cache or a snapshot: what the cached
/// paths read without copying the tokens.
#[derive(Debug, Clone, Copy)]
pub(crate) struct View<'a> {
    pub(crate) session: &'a StoredSession,
    pub(crate) load_error: Option<&'a StorageError>,
    pub(crate) state: UserState,
}

impl Cache {
    /// Why the stored session cannot be read: the store is unavailable (locked, busy,
    /// unreachable; read again at the next use) or refuses this app or this key (an encrypted
    /// file store opened without its key). Either way it is not empty.
    pub(crate) fn unreadable(&self) -> Option<&StorageError> {
        self.load_error.as_ref().filter(|e| {
            matches!(
                e,
                StorageError::Unavailable(_) | StorageError::AccessDenied(_)
            )
        })
    }

    pub(crate) fn view(&self) -> View<'_> {
        View {
            session: &self.session,
            load_error: self.load_error.as_ref(),
            state: self.state,
        }
    }
}

impl Snapshot {
    pub(crate) fn view(&self) -> View<'_> {
        View {
            session: &self.session,
            load_error: self.load_error.as_ref(),
            state: self.state,
        }
    }
}

/// Which part of a session the service stopped accepting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Expired {
    /// The user pool rejected the refresh token.
    UserPool,
    /// The identity pool rejected the federated provider's token.
    Federation,
}

/// How a new session value is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Write {
    /// A new sign-in or federation: may replace a corrupt stored item; on a storage failure
    /// nothing changes.
    NewSession,
    /// Refreshed tokens or credentials: kept in memory even when storage fails (the stored
    /// set stays valid), never written over a corrupt item.
    Update,
    /// Sign-out: always forgotten in memory; a corrupt item is wiped.
    Clear,
}

impl From<StorageError> for AuthError {
    fn from(e: StorageError) -> Self {
        AuthError::Storage(e)
    }
}

impl SessionManager {
    /// The stored records of this configuration.
    pub(crate) fn records(&self) -> &Records {
        &self.records
    }

    pub(crate) fn new(
        store: Arc<dyn SecureStore>,
        config: &AuthConfig,
        name: Option<&str>,
        margin: Duration,
    ) -> Self {
        Self {
            records: Records::named(store, &config.fingerprint(), name),
            guest_allowed: config
                .identity_pool
                .as_ref()
                .is_some_and(|p| p.allow_guest_access),
            margin_secs: margin.as_secs().min(i64::MAX as u64) as i64,
            cache: Mutex::new(Cache {
                loaded: false,
                session: StoredSession::default(),
                state: UserState::Unknown,
                generation: 0,
                load_error: None,
            }),
            events: Events::new(),
            tokens_flight: SingleFlight::default(),
            credentials_flight: SingleFlight::default(),
            state_tx: watch::channel(UserState::Unknown).0,
            release_tx: watch::channel(0).0,
        }
    }

    /// Refresh margin in seconds.
    pub(crate) fn margin_secs(&self) -> i64 {
        self.margin_secs
    }

    pub(crate) fn guest_allowed(&self) -> bool {
        self.guest_allowed
    }

    /// The cache if it can be had at once: already read from storage and held by nobody.
    pub(crate) fn try_lock_loaded(&self) -> Option<MutexGuard<'_, Cache>> {
        let cache = self.cache.try_lock().ok()?;
        cache.loaded.then_some(cache)
    }

    /// The cache, read from storage on first use.
    pub(crate) async fn lock(&self) -> MutexGuard<'_, Cache> {
        let mut cache = self.cache.lock().await;
        if !cache.loaded {
            self.load(&mut cache).await;
        }
        cache
    }

    /// Reads the stored session. Unreadable data counts as signed out and is kept on disk
    /// until a new sign-in replaces it; an unavailable store is tried again next time.
    ///
    /// A store that reports [`StorageError::Reset`] (its key was lost, its data deleted) does
    /// so once, to whichever read comes first — the marker's or the session's. Either way the
    /// user is told to sign in again: `load_error` is `Reset` (so `get_current_user` and
    /// `fetch_auth_session` return it) and [`AuthEvent::SessionExpired`] is emitted.
    async fn load(&self, cache: &mut Cache) {
        let marker_reset = self.wipe_other_configurations().await;
        let (session, mut error) = match self.records.get(Record::Session).await {
            Ok(Some(bytes)) => match StoredSession::decode(&bytes) {
                Ok(s) => (s, None),
                Err(e) => (StoredSession::default(), Some(StorageError::Corrupt(e))),
            },
            Ok(None) => (StoredSession::default(), None),
            Err(e) => (StoredSession::default(), Some(e)),
        };
        if error.is_none() && session.user_pool.is_none() && session.identity.is_none() {
            error = marker_reset;
        }
        if let Some(e) = &error {
            tracing::warn!(error = %e, "stored session unreadable; treating the user as signed out");
        }
        let reset = matches!(error, Some(StorageError::Reset(_)));
        cache.loaded = !matches!(error, Some(StorageError::Unavailable(_)));
        cache.load_error = error;
        cache.session = session;
        self.set_state(cache);
        if reset {
            self.events.emit(AuthEvent::SessionExpired);
        }
    }

    /// Seed 000: credentials stored under another configuration are wiped at start-up.
    /// Returns the store's `Reset` if it reported one here.
    async fn wipe_other_configurations(&self) -> Option<StorageError> {
        let previous = match self.records.last_namespace().await {
            Ok(v) => v,
            Err(StorageError::Corrupt(_)) => {
                let _ = self.records.forget_last().await;
                None
            }
            // The store wiped itself and is empty now: nothing to compare, record the marker.
            Err(e @ StorageError::Reset(_)) => {
                self.record_marker().await;
                return Some(e);
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot read the configuration marker");
                return None;
            }
        };
        if previous.as_deref() == Some(self.records.namespace()) {
            return None;
        }
        if let Some(old) = previous {
            tracing::info!("configuration changed; wiping the credentials of the previous one");
            if let Err(e) = self.records.wipe_other(&old).await {
                tracing::warn!(error = %e, "could not wipe the previous configuration");
                return None;
            }
        }
        self.record_marker().await;
        None
    }

    async fn record_marker(&self) {
        if let Err(e) = self.records.record_as_last().await {
            tracing::warn!(error = %e, "cannot record the configuration marker");
        }
    }

    fn set_state(&self, cache: &mut Cache) {
        // Unreadable is not empty: while the store cannot be read, nobody knows who is signed
        // in, and nothing may act as if nobody were (a guest session written over the stored
        // user's would sign them out for good).
        cache.state = if cache.unreadable().is_some() {
            UserState::Unknown
        } else {
            cache.session.user_state(self.guest_allowed)
        };
        self.state_tx.send_replace(cache.state);
    }

    /// A copy of the session as it is now.
    pub(crate) async fn snapshot(&self) -> Snapshot {
        let cache = self.lock().await;
        self.snapshot_of(&cache)
    }

    /// A copy of a locked cache.
    pub(crate) fn snapshot_of(&self, cache: &Cache) -> Snapshot {
        Snapshot {
            session: cache.session.clone(),
            generation: cache.generation,
            load_error: cache.load_error.clone(),
            state: cache.state,
        }
    }

    /// Makes `next` the session, persisting it as `mode` says.
    pub(crate) async fn write(
        &self,
        cache: &mut Cache,
        next: StoredSession,
        mode: Write,
    ) -> Result<()> {
        // A session the store could not give back is not replaced by one derived from
        // nothing: only a sign-out (which forgets, whatever was stored) goes ahead.
        if let Some(e) = cache.unreadable()
            && mode != Write::Clear
        {
            return Err(AuthError::Storage(e.clone()));
        }
        let corrupt = matches!(cache.load_error, Some(StorageError::Corrupt(_)));
        let saved = match mode {
            Write::Update if corrupt => Ok(()),
            Write::Clear if corrupt => self.records.remove_all().await.map_err(Into::into),
            Write::NewSession => self.save_replacing_corrupt(&next).await,
            _ => self.save(&next).await,
        };
        match (mode, &saved) {
            (Write::NewSession, Err(_)) => return saved,
            (Write::Update, Err(e)) => {
                tracing::warn!(error = %e, "refreshed session kept in memory only");
            }
            _ => {}
        }
        if mode != Write::Update {
            cache.generation += 1;
        }
        if saved.is_ok() && mode != Write::Update {
            cache.load_error = None;
            cache.loaded = true;
        }
        cache.session = next;
        self.set_state(cache);
        saved
    }

    /// Applies `change` to the current session unless a sign-in or sign-out happened since
    /// `generation`; emits the event `change` returns. False when the change was dropped.
    pub(crate) async fn update(
        &self,
        generation: u64,
        change: impl FnOnce(&mut StoredSession) -> Option<AuthEvent>,
    ) -> bool {
        let mut cache = self.lock().await;
        if cache.generation != generation {
            return false;
        }
        let mut next = cache.session.clone();
        let event = change(&mut next);
        let _ = self.write(&mut cache, next, Write::Update).await;
        if let Some(event) = event {
            self.events.emit(event);
        }
        true
    }

    /// Marks `what` of the session expired after the service rejected its refresh token or
    /// provider token: the state becomes `SignedOut…TokensInvalid`, the AWS credentials
    /// derived from it are dropped, and [`AuthEvent::SessionExpired`] is emitted. Nothing
    /// happens when a sign-in or sign-out came in between (since `generation`) or when
    /// there is no such session any more. A user pool's dead tokens are removed from
    /// storage; the user's name stays, for a re-sign-in prompt.
    pub(crate) async fn expire(&self, generation: u64, what: Expired) -> bool {
        self.update(generation, |s| {
            match what {
                Expired::UserPool => {
                    let user = s.user_pool.take()?;
                    s.expired_user = Some(ExpiredUser {
                        username: user.username,
                        sub: user.sub,
                    });
                    s.user_pool_invalid = true;
                }
                Expired::Federation => {
                    s.federation.as_ref()?;
                    s.federation_invalid = true;
                }
            }
            if let Some(identity) = &mut s.identity {
                identity.credentials = None;
            }
            Some(AuthEvent::SessionExpired)
        })
        .await
    }

    /// Writes the session. A store that reports `Reset` has just wiped itself and is usable
    /// again: the session in hand is written once more, so a signed-in user stays persisted.
    async fn save(&self, session: &StoredSession) -> Result<()> {
        let bytes = session.encode()?;
        match self.records.set(Record::Session, bytes.clone()).await {
            Err(StorageError::Reset(why)) => {
                tracing::warn!(reason = %why, "storage was reset; writing the session again");
                self.records.set(Record::Session, bytes).await?;
            }
            other => other?,
        }
        Ok(())
    }

    async fn save_replacing_corrupt(&self, session: &StoredSession) -> Result<()> {
        match self.save(session).await {
            Err(AuthError::Storage(StorageError::Corrupt(_))) => {
                tracing::info!("replacing an unreadable stored session with a new sign-in");
                self.records.remove_all().await?;
                self.save(session).await
            }
            other => other,
        }
    }

    pub(crate) fn emit(&self, event: AuthEvent) {
        self.events.emit(event);
    }
}

impl AuthClient {
    pub(crate) fn sessions(&self) -> &SessionManager {
        &self.inner.sessions
    }

    /// The current authentication state (AWSMobileClient's states).
    pub async fn user_state(&self) -> UserState {
        self.sessions().lock().await.state
    }

    /// Subscribes to auth events. Every subscriber gets every later event exactly once, in
    /// order; dropping the stream unsubscribes.
    pub fn subscribe(&self) -> EventStream {
        self.sessions().events.subscribe()
    }

    /// The signed-in user-pool user.
    ///
    /// Errors: `InvalidState` when federated to the identity pool (there is no user-pool
    /// user), `SessionExpired` after the refresh token was rejected, `SignedOut` otherwise.
    pub async fn get_current_user(&self) -> Result<AuthUser> {
        let snap = self.sessions().snapshot().await;
        let s = &snap.session;
        if let Some(u) = s.active_user() {
            return Ok(AuthUser {
                user_id: u.sub.clone(),
                username: u.username.clone(),
            });
        }
        Err(fetch::no_user_error(snap.view()))
    }

    /// Refuses to start a sign-in while a user is signed in or federated.
    pub(crate) async fn ensure_no_session(&self) -> Result<()> {
        let snap = self.sessions().snapshot().await;
        if let Some(e @ (StorageError::Unavailable(_) | StorageError::AccessDenied(_))) =
            &snap.load_error
        {
            // Whoever is stored cannot be known now; the sign-in could not be kept anyway.
            return Err(AuthError::Storage(e.clone()));
        }
        if snap.session.active_user().is_some() {
            return Err(AuthError::InvalidState(
                "a user is already signed in; sign out first".into(),
            ));
        }
        if snap.session.active_federation().is_some() {
            return Err(AuthError::InvalidState(
                "federated to the identity pool; clear the federation before signing in".into(),
            ));
        }
        Ok(())
    }

    /// Stores the tokens of a completed sign-in (any flow) as the new session and emits
    /// [`AuthEvent::SignedIn`]; `InvalidState` when a user or a federation became active
    /// while the sign-in ran (checked under the session lock). A guest identity is kept so the
    /// identity pool can merge it into the user's (its guest credentials are dropped).
    pub(crate) async fn complete_sign_in(
        &self,
        tokens: UserPoolTokens,
        method: SignInMethod,
    ) -> Result<()> {
        let claims = tokens.id_claims()?;
        let sub = claims
            .sub()
            .ok_or_else(|| AuthError::InvalidResponse("ID token without `sub`".into()))?;
        let user = UserPoolSession {
            username: claims.username().unwrap_or(sub).to_owned(),
            sub: sub.to_owned(),
            tokens,
            method,
        };
        let m = self.sessions();
        let mut cache = m.lock().await;
        // `ensure_no_session` ran before the sign-in's requests; another sign-in or a
        // federation may have completed since. Never replace it silently.
        if cache.session.active_user().is_some() || cache.session.active_federation().is_some() {
            return Err(AuthError::InvalidState(
                "another sign-in or a federation completed meanwhile; sign out first".into(),
            ));
        }
        let guest = cache
            .session
            .identity
            .as_ref()
            .filter(|i| i.owner == IdentityOwner::Guest)
            .map(|i| IdentitySession {
                identity_id: i.identity_id.clone(),
                owner: IdentityOwner::Guest,
                credentials: None,
            });
        let next = StoredSession {
            user_pool: Some(user),
            identity: guest,
            ..StoredSession::default()
        };
        m.write(&mut cache, next, Write::NewSession).await?;
        m.emit(AuthEvent::SignedIn);
        Ok(())
    }

    /// The signed-in user's tokens, refreshed first when they expire within the margin.
    /// Errors: `SignedOut`, `InvalidState` (federated), `SessionExpired` (refresh token
    /// rejected), or the refresh's network/service error (nothing is deleted then).
    pub(crate) async fn signed_in_tokens(&self) -> Result<UserPoolTokens> {
        self.valid_tokens().await
    }

    /// Forgets the signed-in user locally (device secrets stay) and emits `event`
    /// (`SignedOut`, `UserDeleted`, …). The session is dropped from memory even when storage
    /// fails; the storage error is returned for the caller to report.
    pub(crate) async fn clear_local_session(&self, event: AuthEvent) -> Result<()> {
        let m = self.sessions();
        let mut cache = m.lock().await;
        let result = m
            .write(&mut cache, StoredSession::signed_out(), Write::Clear)
            .await;
        m.emit(event);
        result
    }

    /// The remembered-device secrets of `username`, if this device was confirmed for them.
    /// Kept apart from the session: they survive sign-out. Unreadable secrets count as none
    /// (the device is then simply not remembered), so a corrupt store never blocks sign-in.
    pub(crate) async fn device_secrets(&self, username: &str) -> Result<Option<DeviceSecrets>> {
        let m = self.sessions();
        match m.records.get(Record::Device(username)).await {
            Ok(None) => Ok(None),
            Ok(Some(bytes)) => Ok(serde_json::from_slice(&bytes).ok()),
            Err(e @ (StorageError::Corrupt(_) | StorageError::Reset(_))) => {
                tracing::warn!(error = %e, "device secrets unreadable; treating as none");
                Ok(None)
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Stores (or, with `None`, forgets) the device secrets of `username`.
    pub(crate) async fn set_device_secrets(
        &self,
        username: &str,
        secrets: Option<&DeviceSecrets>,
    ) -> Result<()> {
        let records = self.sessions().records();
        let record = Record::Device(username);
        let result = match secrets {
            Some(s) => {
                let bytes = serde_json::to_vec(s)
                    .map_err(|e| AuthError::Internal(format!("device secrets: {e}")))?;
                match records.set(record, bytes.clone()).await {
                    // A store that keeps a namespace in one unreadable item (the file store):
                    // nothing in it can be read any more, and a sign-in is under way.
                    Err(StorageError::Corrupt(_)) => {
                        records.remove_all().await?;
                        records.set(record, bytes).await
                    }
                    other => other,
                }
            }
            None => match records.remove(record).await {
                Err(StorageError::Corrupt(_)) => Ok(()),
                other => other,
            },
        };
        Ok(result?)
    }
}

impl AuthClient {
    /// A record of this configuration other than the session (a sign-in waiting for a
    /// challenge answer, so another process can continue it; an auto sign-in); one that does
    /// not decode counts as absent.
    pub(crate) async fn read_record<T: DeserializeOwned>(
        &self,
        record: Record<'_>,
    ) -> Result<Option<T>> {
        self.sessions().records().read(record).await
    }

    /// Stores (or, with `None`, removes) a record of this configuration.
    pub(crate) async fn write_record<T: Serialize>(
        &self,
        record: Record<'_>,
        value: Option<&T>,
    ) -> Result<()> {
        self.sessions().records().write(record, value).await
    }
}

#[cfg(test)]
pub(crate) mod test_support;

#[cfg(test)]
mod tests;

#[cfg(test)]
mod reset_tests;
