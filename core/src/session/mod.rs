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

mod accounts;
mod background;
mod fetch;
mod flight;
mod model;
mod records;
mod refresh;
mod shared;
mod wait;

pub(crate) use accounts::AccountSlot;
pub use accounts::{Account, DEFAULT_ACCOUNT};
pub use background::BackgroundRefreshOptions;
pub(crate) use background::BackgroundTask;
pub use fetch::{AuthSession, AuthUser};
pub use model::SignInMethod;
pub(crate) use model::{
    DeviceSecrets, ExpiredUser, FederatedSession, IdentityOwner, IdentitySession,
    StoredCredentials, StoredSession, UserPoolSession,
};
pub(crate) use records::{Record, Records};

use crate::client::AuthClient;
use crate::error::{AuthError, Result};
use crate::state::{AuthEvent, EventStream, UserState};
use crate::storage::StorageError;
use crate::tokens::UserPoolTokens;
use flight::SingleFlight;
use serde::Serialize;
use serde::de::DeserializeOwned;
pub(crate) use shared::Held;
use shared::{Observers, Shared};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::sync::MutexGuard;

/// How long an update waits for the session's update lock (another client's or process's
/// refresh holds it for at most one request).
const UPDATE_WAIT: Duration = Duration::from_secs(35);
/// How long a sign-out waits for it before it goes ahead without (the revision check still
/// stops the refresh it overtakes from writing back).
const CLEAR_WAIT: Duration = Duration::from_secs(2);

/// One client's handle on the session of its configuration: the session itself is shared
/// with every client of the process on the same store ([`Shared`]); the refresh margin (in the account slot) and
/// what the app observes are the client's own.
#[derive(Debug)]
pub(crate) struct SessionManager {
    shared: Arc<Shared>,
    observers: Arc<Observers>,
    /// Whether `observers` are attached to the session (until the client leaves it).
    attached: AtomicBool,
    /// Not used yet: its first use compares the shared cache with what is stored.
    joined: AtomicBool,
}

/// The session as last read or written, and how it was read.
#[derive(Debug)]
pub(crate) struct Cache {
    loaded: bool,
    session: StoredSession,
    state: UserState,
    /// Bumped by every sign-in, federation and sign-out (and by adopting what another client
    /// stored): a refresh that started under an older generation must not write its result
    /// into a newer session.
    generation: u64,
    /// The stored record's revision as this process last read or wrote it; a write finds
    /// another one there when another client or process wrote since.
    revision: u64,
    /// Why the stored session could not be read (the user counts as signed out).
    load_error: Option<StorageError>,
}

impl Default for Cache {
    fn default() -> Self {
        Self {
            loaded: false,
            session: StoredSession::default(),
            state: UserState::Unknown,
            generation: 0,
            revision: 0,
            load_error: None,
        }
    }
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
        &self.shared.records
    }

    /// The session of `records`' account, shared with every other client of the process on
    /// the same store and account; `observers` (the client's) hear its events and state.
    pub(crate) fn open(records: Records, guest_allowed: bool, observers: Arc<Observers>) -> Self {
        let store = records.store().clone();
        let shared = Shared::of(&store, records, guest_allowed);
        // A client joining a session already read starts from its state.
        if let Ok(cache) = shared.cache.try_lock() {
            observers.state_tx.send_replace(cache.state);
        }
        shared.attach(&observers);
        Self {
            shared,
            observers,
            attached: AtomicBool::new(true),
            joined: AtomicBool::new(true),
        }
    }

    /// Stops the client's observers hearing this session (it switched to another account,
    /// or is gone). Once: the same observers may be attached again by a later manager.
    pub(crate) fn detach(&self) {
        if self.attached.swap(false, Ordering::Relaxed) {
            self.shared.detach(&self.observers);
        }
    }

    /// The single flights of this session (shared by its clients).
    pub(crate) fn flights(&self) -> (&SingleFlight, &SingleFlight) {
        (&self.shared.tokens_flight, &self.shared.credentials_flight)
    }

    pub(crate) fn guest_allowed(&self) -> bool {
        self.shared.guest_allowed
    }

    /// The cache if it can be had at once: already read from storage and held by nobody.
    pub(crate) fn try_lock_loaded(&self) -> Option<MutexGuard<'_, Cache>> {
        let cache = self.shared.cache.try_lock().ok()?;
        cache.loaded.then_some(cache)
    }

    /// The right to update the stored session ([`Shared::hold`]). Take it before the cache,
    /// never while holding the cache.
    pub(crate) async fn hold(&self) -> Held<'_> {
        // Never past the public call's deadline: the call then goes on without the lock.
        let wait = crate::deadline::Deadline::current()
            .map_or(UPDATE_WAIT, |d| d.remaining().min(UPDATE_WAIT));
        self.shared.hold(self.records().namespace(), wait).await
    }

    /// The cache, read from storage on first use.
    pub(crate) async fn lock(&self) -> MutexGuard<'_, Cache> {
        let mut cache = self.shared.cache.lock().await;
        let joined = self.joined.swap(false, Ordering::Relaxed);
        if !cache.loaded {
            self.load(&mut cache).await;
        } else if joined
            && cache.unreadable().is_none()
            && let Some(stored) = self.stored_change(&cache).await
        {
            // This client joined a session other clients read earlier; another process (or
            // a configuration change) may have stored another one since.
            self.adopt(&mut cache, stored);
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
        let (session, mut error) = match self.records().get(Record::Session).await {
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
        cache.revision = session.revision;
        cache.session = session;
        self.set_state(cache);
        if reset {
            self.emit(AuthEvent::SessionExpired);
        }
    }

    /// Seed 000: credentials stored under another configuration are wiped at start-up.
    /// Returns the store's `Reset` if it reported one here.
    async fn wipe_other_configurations(&self) -> Option<StorageError> {
        let previous = match self.records().last_namespace().await {
            Ok(v) => v,
            Err(StorageError::Corrupt(_)) => {
                let _ = self.records().forget_last().await;
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
        if previous.as_deref() == Some(self.records().base()) {
            return None;
        }
        if let Some(old) = previous {
            tracing::info!("configuration changed; wiping the credentials of the previous one");
            if let Err(e) = self.records().wipe_other(&old).await {
                tracing::warn!(error = %e, "could not wipe the previous configuration");
                return None;
            }
        }
        self.record_marker().await;
        None
    }

    async fn record_marker(&self) {
        if let Err(e) = self.records().record_as_last().await {
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
            cache.session.user_state(self.guest_allowed())
        };
        self.shared.publish(cache.state);
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

    /// Makes `next` the session, persisting it as `mode` says, under `held` (from
    /// [`SessionManager::hold`], taken before the cache).
    ///
    /// What is stored is compared with what this process last read or wrote: a sign-in does
    /// not replace a session another client or process signed in meanwhile (`InvalidState`,
    /// and that session is adopted); a sign-out goes ahead whatever is stored. (Refreshes are
    /// compared in [`SessionManager::update`].)
    pub(crate) async fn write(
        &self,
        held: &Held<'_>,
        cache: &mut Cache,
        mut next: StoredSession,
        mode: Write,
    ) -> Result<()> {
        // A session the store could not give back is not replaced by one derived from
        // nothing: only a sign-out (which forgets, whatever was stored) goes ahead.
        if let Some(e) = cache.unreadable()
            && mode != Write::Clear
        {
            return Err(AuthError::Storage(e.clone()));
        }
        if let Some(e) = &held.store_error
            && mode == Write::NewSession
        {
            return Err(AuthError::Storage(e.clone()));
        }
        if mode == Write::NewSession
            && let Some(stored) = self.stored_change(cache).await
            && (stored.active_user().is_some() || stored.active_federation().is_some())
        {
            self.adopt(cache, stored);
            return Err(AuthError::InvalidState(
                "another client signed in meanwhile; sign out first".into(),
            ));
        }
        let corrupt = matches!(cache.load_error, Some(StorageError::Corrupt(_)));
        next.revision = new_revision();
        let saved = match mode {
            Write::Update if corrupt => Ok(()),
            Write::Clear if corrupt => self.records().remove_all().await.map_err(Into::into),
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
        if saved.is_ok() {
            cache.revision = if mode == Write::Clear && corrupt {
                0
            } else {
                next.revision
            };
            if mode != Write::Update {
                cache.load_error = None;
                cache.loaded = true;
            }
        }
        cache.session = next;
        self.set_state(cache);
        saved
    }

    /// What another client or process stored since this process last read or wrote the
    /// session, if it changed; `None` when it did not or cannot be read now (the write that
    /// follows then reports the store's error).
    async fn stored_change(&self, cache: &Cache) -> Option<StoredSession> {
        match self.records().get(Record::Session).await {
            Ok(Some(bytes)) => StoredSession::decode(&bytes)
                .ok()
                .filter(|s| s.revision != cache.revision),
            // Removed since (a wipe of an unreadable item, a configuration change).
            Ok(None) if cache.revision != 0 => Some(StoredSession::default()),
            _ => None,
        }
    }

    /// Makes what another client or process stored the session, with the events its change
    /// means to this one's observers.
    fn adopt(&self, cache: &mut Cache, stored: StoredSession) {
        tracing::debug!("the stored session changed in another client; adopting it");
        let before = cache.state;
        let same_user =
            cache.session.active_user().map(|u| &u.sub) == stored.active_user().map(|u| &u.sub);
        let tokens_changed = cache.session.active_user().map(|u| &u.tokens)
            != stored.active_user().map(|u| &u.tokens);
        cache.revision = stored.revision;
        cache.session = stored;
        cache.generation += 1;
        cache.load_error = None;
        cache.loaded = true;
        self.set_state(cache);
        let event = match (before, cache.state) {
            (UserState::SignedIn, UserState::SignedIn) if same_user && tokens_changed => {
                Some(AuthEvent::TokensRefreshed)
            }
            (UserState::SignedIn, UserState::SignedIn) => None,
            (_, UserState::SignedIn) => Some(AuthEvent::SignedIn),
            (_, UserState::SignedOutUserPoolsTokenInvalid)
            | (_, UserState::SignedOutFederatedTokensInvalid) => Some(AuthEvent::SessionExpired),
            (UserState::SignedIn, _) => Some(AuthEvent::SignedOut),
            _ => None,
        };
        if let Some(event) = event
            && before != UserState::Unknown
        {
            self.emit(event);
        }
    }

    /// Adopts what another client or process stored since this process last read or wrote
    /// it (call under [`SessionManager::hold`], before deciding to refresh).
    pub(crate) async fn sync(&self) {
        let mut cache = self.lock().await;
        if cache.unreadable().is_some() {
            return;
        }
        if let Some(stored) = self.stored_change(&cache).await {
            self.adopt(&mut cache, stored);
        }
    }

    /// Applies `change` to the current session unless a sign-in or sign-out happened since
    /// `generation`, here or (by the stored revision) in another client or process; emits
    /// the event `change` returns. False when the change was dropped (what is stored then
    /// became the session).
    pub(crate) async fn update(
        &self,
        held: &Held<'_>,
        generation: u64,
        change: impl FnOnce(&mut StoredSession) -> Option<AuthEvent>,
    ) -> bool {
        let mut cache = self.lock().await;
        if cache.generation != generation {
            return false;
        }
        if let Some(stored) = self.stored_change(&cache).await {
            self.adopt(&mut cache, stored);
            return false;
        }
        let mut next = cache.session.clone();
        let event = change(&mut next);
        // The same session again (moto's credentials within one second) is not written: a
        // write costs the store (a Keychain round trip, an fsync) and changes the revision.
        if next != cache.session {
            let _ = self.write(held, &mut cache, next, Write::Update).await;
        }
        if let Some(event) = event {
            self.emit(event);
        }
        true
    }

    /// Marks `what` of the session expired after the service rejected its refresh token or
    /// provider token: the state becomes `SignedOut…TokensInvalid`, the AWS credentials
    /// derived from it are dropped, and [`AuthEvent::SessionExpired`] is emitted. Nothing
    /// happens when a sign-in or sign-out came in between (since `generation`) or when
    /// there is no such session any more. A user pool's dead tokens are removed from
    /// storage; the user's name stays, for a re-sign-in prompt.
    pub(crate) async fn expire(&self, held: &Held<'_>, generation: u64, what: Expired) -> bool {
        self.update(held, generation, |s| {
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
        match self.records().set(Record::Session, bytes.clone()).await {
            Err(StorageError::Reset(why)) => {
                tracing::warn!(reason = %why, "storage was reset; writing the session again");
                self.records().set(Record::Session, bytes).await?;
            }
            other => other?,
        }
        Ok(())
    }

    async fn save_replacing_corrupt(&self, session: &StoredSession) -> Result<()> {
        match self.save(session).await {
            Err(AuthError::Storage(StorageError::Corrupt(_))) => {
                tracing::info!("replacing an unreadable stored session with a new sign-in");
                self.records().remove_all().await?;
                self.save(session).await
            }
            other => other,
        }
    }

    pub(crate) fn emit(&self, event: AuthEvent) {
        self.shared.emit(event);
    }

    /// The right to clear the session: a sign-out waits only briefly for a refresh in
    /// another client or process, then goes ahead (that refresh's write is refused).
    pub(crate) async fn hold_for_clear(&self) -> Held<'_> {
        self.shared
            .hold(self.records().namespace(), CLEAR_WAIT)
            .await
    }
}

impl Drop for SessionManager {
    fn drop(&mut self) {
        self.detach();
    }
}

impl AuthClient {
    /// The current authentication state (AWSMobileClient's states).
    pub async fn user_state(&self) -> UserState {
        self.sessions().await.lock().await.state
    }

    /// Subscribes to auth events. Every subscriber gets every later event exactly once, in
    /// order; dropping the stream unsubscribes.
    pub fn subscribe(&self) -> EventStream {
        self.inner.accounts.observers.events.subscribe()
    }

    /// The signed-in user-pool user.
    ///
    /// Errors: `InvalidState` when federated to the identity pool (there is no user-pool
    /// user), `SessionExpired` after the refresh token was rejected, `SignedOut` otherwise.
    pub async fn get_current_user(&self) -> Result<AuthUser> {
        let snap = self.sessions().await.snapshot().await;
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
        let snap = self.sessions().await.snapshot().await;
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
        self.list_account().await?;
        let m = self.sessions().await;
        let held = m.hold().await;
        let mut cache = m.lock().await;
        // `ensure_no_session` ran before the sign-in's requests; another sign-in or a
        // federation may have completed since. Never replace it silently.
        if cache.session.active_user().is_some() || cache.session.active_federation().is_some() {
            return Err(AuthError::InvalidState(
                "another sign-in or a federation completed meanwhile; sign out first".into(),
            ));
        }
        let next = StoredSession {
            user_pool: Some(user),
            identity: cache.session.guest_identity(),
            ..StoredSession::default()
        };
        m.write(&held, &mut cache, next, Write::NewSession).await?;
        m.emit(AuthEvent::SignedIn);
        Ok(())
    }

    /// Whether this library stores a session (a user, an expired user or a federation):
    /// what an import never replaces. A store that cannot be read now is an error.
    pub(crate) async fn session_stored(&self) -> Result<bool> {
        let snap = self.sessions().await.snapshot().await;
        if let Some(e @ (StorageError::Unavailable(_) | StorageError::AccessDenied(_))) =
            &snap.load_error
        {
            return Err(AuthError::Storage(e.clone()));
        }
        Ok(snap.session.holds_session())
    }

    /// Stores a session imported from another library ([`crate::import`]) the way
    /// [`Self::complete_sign_in`] stores a sign-in, with the identity it had (else a guest
    /// identity stored here is kept for the merge), and emits [`AuthEvent::SignedIn`].
    /// False, and nothing written, when a session is stored (checked under the update lock,
    /// and against what another process stored since).
    pub(crate) async fn complete_import(
        &self,
        user: UserPoolSession,
        identity: Option<IdentitySession>,
    ) -> Result<bool> {
        self.list_account().await?;
        let m = self.sessions().await;
        let held = m.hold().await;
        let mut cache = m.lock().await;
        if let Some(e) = cache.unreadable() {
            return Err(AuthError::Storage(e.clone()));
        }
        if cache.session.holds_session() {
            return Ok(false);
        }
        let next = StoredSession {
            user_pool: Some(user),
            identity: identity.or_else(|| cache.session.guest_identity()),
            ..StoredSession::default()
        };
        match m.write(&held, &mut cache, next, Write::NewSession).await {
            // Another client or process signed in meanwhile (its session is adopted).
            Err(AuthError::InvalidState(_)) => return Ok(false),
            other => other?,
        }
        m.emit(AuthEvent::SignedIn);
        Ok(true)
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
        let m = self.sessions().await;
        let held = m.hold_for_clear().await;
        let mut cache = m.lock().await;
        let result = m
            .write(&held, &mut cache, StoredSession::signed_out(), Write::Clear)
            .await;
        m.emit(event);
        result
    }

    /// The remembered-device secrets of `username`, if this device was confirmed for them.
    /// Kept apart from the session: they survive sign-out. Unreadable secrets count as none
    /// (the device is then simply not remembered), so a corrupt store never blocks sign-in.
    pub(crate) async fn device_secrets(&self, username: &str) -> Result<Option<DeviceSecrets>> {
        let m = self.sessions().await;
        match m.records().get(Record::Device(username)).await {
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
        let m = self.sessions().await;
        let records = m.records();
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
        self.sessions().await.records().read(record).await
    }

    /// Stores (or, with `None`, removes) a record of this configuration.
    pub(crate) async fn write_record<T: Serialize>(
        &self,
        record: Record<'_>,
        value: Option<&T>,
    ) -> Result<()> {
        self.sessions().await.records().write(record, value).await
    }
}

#[cfg(test)]
pub(crate) mod test_support;

#[cfg(test)]
mod tests;

#[cfg(test)]
mod reset_tests;

#[cfg(test)]
mod shared_tests;

#[cfg(test)]
mod background_tests;

/// A fresh revision for a write: random, so a record removed and written again never shows
/// a revision an older reader remembers; 0 is for records no revision was written with.
fn new_revision() -> u64 {
    let mut bytes = [0u8; 8];
    if getrandom::fill(&mut bytes).is_err() {
        // Still unique within the process, and unlikely to repeat another's.
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        return NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed) | 1 << 63;
    }
    u64::from_le_bytes(bytes).max(1)
}

#[cfg(test)]
mod accounts_tests;
