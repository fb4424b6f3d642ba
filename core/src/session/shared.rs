//! One session per store and configuration, whoever holds it.
//!
//! Clients of one process that use the same store (by [`SecureStore::identity`]) and the same
//! configuration namespace share one [`Shared`]: one cache, one refresh in flight, one update
//! lock. What each client's app code observes (its events and state stream) stays its own, so
//! a released client's streams end while the others go on.
//!
//! Across processes (an app and its extension, two CLI invocations), the stored record carries
//! a revision that every write changes: an update based on an older read is refused and the
//! stored session adopted instead, and a store that can lock across processes
//! ([`SecureStore::lock`], the file stores) is locked across each token refresh, so one
//! refresh serves every process.

use super::Cache;
use super::flight::SingleFlight;
use super::records::Records;
use crate::state::{AuthEvent, Events, UserState};
use crate::storage::{SecureStore, StorageError, StoreLock};
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex as StdMutex, Weak};
use std::time::Duration;
use tokio::sync::{Mutex, MutexGuard, watch};

/// The session of one store and namespace in this process.
#[derive(Debug)]
pub(crate) struct Shared {
    pub(super) records: Records,
    pub(super) guest_allowed: bool,
    pub(super) cache: Mutex<Cache>,
    /// Serialises session updates within the process (the store's lock does it across
    /// processes). Taken before the cache, never while holding it.
    update: Mutex<()>,
    pub(crate) tokens_flight: SingleFlight,
    pub(crate) credentials_flight: SingleFlight,
    observers: StdMutex<Vec<Weak<Observers>>>,
}

/// What one client's app code listens to.
#[derive(Debug)]
pub(crate) struct Observers {
    pub(super) events: Events,
    pub(super) state_tx: watch::Sender<UserState>,
    /// Bumped by `release_sign_in_wait`: ends the client's waits for a sign-in.
    pub(super) release_tx: watch::Sender<u64>,
}

impl Observers {
    /// A client's streams, in the state `Unknown` until its session is read.
    pub(super) fn new() -> Arc<Self> {
        Arc::new(Self {
            events: Events::new(),
            state_tx: watch::channel(UserState::Unknown).0,
            release_tx: watch::channel(0).0,
        })
    }
}

/// Which sessions of this process are alive, by store identity, namespace and guest access
/// (a client that allows guests sees another state in the same record).
type Key = (String, String, bool);

static REGISTRY: LazyLock<StdMutex<HashMap<Key, Weak<Shared>>>> =
    LazyLock::new(|| StdMutex::new(HashMap::new()));

impl Shared {
    /// The live session of `store` and `records`' namespace, or a new one.
    pub(super) fn of(
        store: &Arc<dyn SecureStore>,
        records: Records,
        guest_allowed: bool,
    ) -> Arc<Self> {
        // A store without an identity is only known to share data with itself: the same
        // instance (its address is not reused while a session keeps it alive).
        let identity = store
            .identity()
            .unwrap_or_else(|| format!("instance@{:p}", Arc::as_ptr(store).cast::<()>()));
        let key = (identity, records.namespace().to_owned(), guest_allowed);
        let mut registry = REGISTRY.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(shared) = registry.get(&key).and_then(Weak::upgrade) {
            return shared;
        }
        registry.retain(|_, weak| weak.strong_count() > 0);
        let shared = Arc::new(Self {
            records,
            guest_allowed,
            cache: Mutex::new(Cache::default()),
            update: Mutex::new(()),
            tokens_flight: SingleFlight::default(),
            credentials_flight: SingleFlight::default(),
            observers: StdMutex::new(Vec::new()),
        });
        registry.insert(key, Arc::downgrade(&shared));
        shared
    }

    /// Registers a client's observers; they hear every later event and state of the session.
    pub(super) fn attach(&self, observers: &Arc<Observers>) {
        let mut all = self.observers.lock().unwrap_or_else(|e| e.into_inner());
        all.retain(|weak| weak.strong_count() > 0);
        all.push(Arc::downgrade(observers));
    }

    /// Unregisters a client's observers (once per [`Shared::attach`]).
    pub(super) fn detach(&self, observers: &Arc<Observers>) {
        let mut all = self.observers.lock().unwrap_or_else(|e| e.into_inner());
        let target = Arc::downgrade(observers);
        if let Some(at) = all.iter().position(|w| w.ptr_eq(&target)) {
            all.remove(at);
        }
        all.retain(|weak| weak.strong_count() > 0);
    }

    /// Every live client's observers.
    fn live(&self) -> Vec<Arc<Observers>> {
        let all = self.observers.lock().unwrap_or_else(|e| e.into_inner());
        all.iter().filter_map(Weak::upgrade).collect()
    }

    /// Queues `event` for every subscriber of every client (called under the cache lock, so
    /// events arrive in the order of the changes).
    pub(super) fn emit(&self, event: AuthEvent) {
        for observers in self.live() {
            observers.events.emit(event);
        }
    }

    /// Publishes the state to every client's state stream.
    pub(super) fn publish(&self, state: UserState) {
        for observers in self.live() {
            observers.state_tx.send_replace(state);
        }
    }

    /// The right to update the stored session: this process's update lock, then the store's
    /// lock where it has one, each waited for at most `wait`. A store lock that cannot be had
    /// is reported in [`Held::store_error`], not returned: a sign-out goes ahead without it.
    pub(super) async fn hold(&self, namespace: &str, wait: Duration) -> Held<'_> {
        let started = tokio::time::Instant::now();
        let local = tokio::time::timeout(wait, self.update.lock()).await.ok();
        if local.is_none() {
            return Held {
                _local: None,
                _store: None,
                store_error: Some(StorageError::Unavailable(format!(
                    "another update of the session has run for over {} s",
                    wait.as_secs()
                ))),
            };
        }
        let left = wait.saturating_sub(started.elapsed());
        let store = self.records.store().lock(namespace, left).await;
        let (store, store_error) = match store {
            Ok(lock) => (lock, None),
            Err(e) => (None, Some(e)),
        };
        Held {
            _local: local,
            _store: store,
            store_error,
        }
    }
}

/// Held while the stored session is updated; dropping it releases the locks.
pub(crate) struct Held<'a> {
    _local: Option<MutexGuard<'a, ()>>,
    _store: Option<StoreLock>,
    /// Why the update lock could not be had (the update then relies on the revision check).
    pub(crate) store_error: Option<StorageError>,
}
