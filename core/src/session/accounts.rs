//! Several signed-in accounts of one configuration, one of them active (issue 17, part 1).
//!
//! Each account is a full session of its own: its records (tokens, identity, pending sign-in,
//! hosted-UI state, remembered devices) live in their own namespace ([`Records::account`]), so
//! signing one out, refreshing one or a corrupt item in one never touches another, and each
//! has its own single flight ([`super::Shared`] is keyed by namespace). The account named
//! `default` is the configuration's own namespace: what was stored before accounts existed is
//! that account, and an app that never adds one sees no difference.
//!
//! A client follows the active account: every call works on it, and its event and state
//! streams follow a switch (an [`AuthEvent::ActiveAccountChanged`], then the new account's
//! state). The list and the active account are one stored record (the index), read at the
//! client's first call, so the active account survives a restart. [`AuthClient::for_account`]
//! gives a client pinned to one account, for work on an account that is not active (a
//! background refresh of another, signing one out).

use super::records::Records;
use super::{Observers, SessionManager};
use crate::client::AuthClient;
use crate::error::{AuthError, Result};
use crate::state::{AuthEvent, UserState};
use crate::storage::StorageError;
use serde::{Deserialize, Serialize};
use std::sync::{Arc, RwLock};
use std::time::Duration;

/// A change of the index: the active account after it, and whether anything changed.
type IndexEdit<'a> = dyn FnMut(&mut Index) -> Result<(Option<String>, bool)> + Send + 'a;

/// How long an index change waits for another process's.
const INDEX_WAIT: Duration = Duration::from_secs(5);

/// The name of the account every configuration has: its own namespace.
pub const DEFAULT_ACCOUNT: &str = "default";

/// One account of the configuration, as [`AuthClient::accounts`] lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// The name the app gave it (`default` for the first).
    pub name: String,
    /// The user signed in to it (or whose session expired), if any.
    pub username: Option<String>,
    /// Its state, as `user_state` would give it were it active.
    pub state: UserState,
    /// Whether it is the active account.
    pub active: bool,
}

/// The stored list of accounts (besides `default`) and the active one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Index {
    /// Names of the added accounts, in the order they were added.
    pub(crate) names: Vec<String>,
    /// The active account; `None` is `default`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) active: Option<String>,
}

impl Index {
    /// The index in `bytes`; one that does not decode lists no account (their records stay;
    /// adding an account of the same name again finds them).
    pub(crate) fn decode(bytes: &[u8]) -> Self {
        serde_json::from_slice(bytes).unwrap_or_default()
    }

    fn contains(&self, name: &str) -> bool {
        name == DEFAULT_ACCOUNT || self.names.iter().any(|n| n == name)
    }
}

/// The account a client works on, and what is needed to open another.
pub(crate) struct AccountSlot {
    /// The default account's records (the configuration's namespace).
    base: Records,
    guest_allowed: bool,
    margin: Duration,
    /// What this client's app code listens to; attached to the current account's session.
    pub(super) observers: Arc<Observers>,
    current: RwLock<Arc<Current>>,
    /// A client of one account ([`AuthClient::for_account`]) never follows the index.
    pinned: bool,
    /// Whether the stored active account was looked up (at the first call).
    resolved: tokio::sync::OnceCell<()>,
    /// Serialises switches and index changes of this client.
    switching: tokio::sync::Mutex<()>,
}

/// The current account: its name and its session.
pub(crate) struct Current {
    pub(crate) name: Option<String>,
    pub(crate) sessions: Arc<SessionManager>,
}

impl std::fmt::Debug for AccountSlot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccountSlot")
            .field("account", &self.now().name)
            .field("pinned", &self.pinned)
            .finish_non_exhaustive()
    }
}

impl AccountSlot {
    /// A client's slot, on `account` (`None`: the stored active one, looked up at first use).
    pub(crate) fn new(
        base: Records,
        guest_allowed: bool,
        margin: Duration,
        account: Option<&str>,
    ) -> Self {
        let observers = Observers::new();
        let current = open(&base, guest_allowed, &observers, account);
        Self {
            base,
            guest_allowed,
            margin,
            observers,
            current: RwLock::new(Arc::new(current)),
            pinned: account.is_some(),
            resolved: tokio::sync::OnceCell::new(),
            switching: tokio::sync::Mutex::new(()),
        }
    }

    /// The current account as it is now (before the first call, perhaps not yet the stored
    /// active one: see [`AuthClient::account`]).
    pub(crate) fn now(&self) -> Arc<Current> {
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Whether the client is on the account it should be (for calls that cannot wait).
    pub(crate) fn resolved(&self) -> bool {
        self.pinned || self.resolved.initialized()
    }

    /// Refresh margin in seconds (the same for every account).
    pub(crate) fn margin_secs(&self) -> i64 {
        self.margin.as_secs().min(i64::MAX as u64) as i64
    }

    pub(crate) fn guest_allowed(&self) -> bool {
        self.guest_allowed
    }

    async fn index(&self) -> Result<Index> {
        Ok(self
            .base
            .account_index()
            .await?
            .map(|b| Index::decode(&b))
            .unwrap_or_default())
    }

    /// Runs `change` on the stored index under the process's and the store's lock (two
    /// clients adding accounts at once both keep theirs) and saves it when `change` says so;
    /// returns the active account `change` gives. (Not generic: one copy of this code.)
    async fn edit_index(&self, change: &mut IndexEdit<'_>) -> Result<Option<String>> {
        static INDEX_LOCK: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
        let _process = INDEX_LOCK.lock().await;
        let _store = self.base.lock_account_index(INDEX_WAIT).await?;
        let mut index = self.index().await?;
        let (active, changed) = change(&mut index)?;
        if changed {
            self.save_index(&index).await?;
        }
        Ok(active)
    }

    async fn save_index(&self, index: &Index) -> Result<()> {
        let bytes = serde_json::to_vec(index)
            .map_err(|e| AuthError::Internal(format!("encode the account index: {e}")))?;
        Ok(self.base.set_account_index(bytes).await?)
    }

    /// Makes `account` current: the observers move to its session, hear
    /// [`AuthEvent::ActiveAccountChanged`] (unless `quiet`) and its state.
    async fn enter(&self, account: Option<&str>, quiet: bool) {
        let next = Arc::new(open(
            &self.base,
            self.guest_allowed,
            &self.observers,
            account,
        ));
        let previous = std::mem::replace(
            &mut *self.current.write().unwrap_or_else(|e| e.into_inner()),
            next.clone(),
        );
        previous.sessions.detach();
        if !quiet {
            self.observers.events.emit(AuthEvent::ActiveAccountChanged);
        }
        let state = next.sessions.lock().await.state;
        self.observers.state_tx.send_replace(state);
    }
}

/// The session and records of `account`, with `observers` attached.
fn open(
    base: &Records,
    guest_allowed: bool,
    observers: &Arc<Observers>,
    account: Option<&str>,
) -> Current {
    let records = base.account(account.filter(|a| *a != DEFAULT_ACCOUNT));
    let sessions = SessionManager::open(records, guest_allowed, observers.clone());
    Current {
        name: account.map(str::to_owned),
        sessions: Arc::new(sessions),
    }
}

/// An account name becomes part of storage keys and file names.
fn check_account_name(name: &str) -> Result<()> {
    Records::check_name(Some(name)).map_err(|_| {
        AuthError::InvalidParameter(format!(
            "the account name {name:?} is not allowed: use 1 to 64 letters, digits, '-' or '_'"
        ))
    })
}

impl AuthClient {
    /// The account this client works on, once the stored active account was looked up.
    pub(crate) async fn account(&self) -> Arc<Current> {
        let slot = &self.inner.accounts;
        if !slot.pinned {
            // An index that cannot be read now (an unavailable store) is looked up again at
            // the next call; meanwhile the default account's session reads as unavailable too.
            let _ = slot
                .resolved
                .get_or_try_init(|| async {
                    let _switching = slot.switching.lock().await;
                    // The default account's session is read first, as before accounts: a
                    // store that lost its key says so once, to the first read, and that read
                    // must be the session's (it tells the user to sign in again).
                    if slot.now().sessions.lock().await.unreadable().is_some() {
                        // Nothing can be known now; the call reports the store's error.
                        return Err(AuthError::InvalidState("store unreadable".into()));
                    }
                    // An index the store lost or cannot give back lists no other account
                    // (their records stay, and adding a name again finds them).
                    let index = match slot.index().await {
                        Err(AuthError::Storage(
                            StorageError::Reset(_) | StorageError::Corrupt(_),
                        )) => Index::default(),
                        other => other?,
                    };
                    if let Some(active) = index.active.clone().filter(|a| index.names.contains(a)) {
                        slot.enter(Some(&active), true).await;
                    }
                    Ok::<(), AuthError>(())
                })
                .await;
        }
        slot.now()
    }

    /// The current account's session.
    pub(crate) async fn sessions(&self) -> Arc<SessionManager> {
        self.account().await.sessions.clone()
    }

    /// The name of the active account (`default` until another is added and switched to).
    pub async fn active_account(&self) -> String {
        let current = self.account().await;
        current
            .name
            .as_deref()
            .unwrap_or(DEFAULT_ACCOUNT)
            .to_owned()
    }

    /// Every account of the configuration (`default` first, then in the order they were
    /// added), with who is signed in to each. Reads each account's stored session.
    pub async fn accounts(&self) -> Result<Vec<Account>> {
        let active = self.active_account().await;
        let index = self.inner.accounts.index().await?;
        let mut accounts = Vec::with_capacity(index.names.len() + 1);
        for name in std::iter::once(DEFAULT_ACCOUNT).chain(index.names.iter().map(String::as_str)) {
            let client = self.for_account(name)?;
            let snap = client.sessions().await.snapshot().await;
            let username = snap
                .session
                .user_pool
                .as_ref()
                .map(|u| u.username.clone())
                .or_else(|| {
                    snap.session
                        .expired_user
                        .as_ref()
                        .map(|u| u.username.clone())
                });
            accounts.push(Account {
                name: name.to_owned(),
                username,
                state: snap.state,
                active: name == active,
            });
        }
        Ok(accounts)
    }

    /// Adds an empty account named `name` and makes it active, for the next sign-in; the
    /// other accounts stay signed in. `InvalidParameter` for a name that is taken or not
    /// allowed (1 to 64 letters, digits, `-` or `_`); `InvalidState` on a client pinned to
    /// one account.
    pub async fn add_account(&self, name: &str) -> Result<()> {
        check_account_name(name)?;
        self.change_index(&mut |index| {
            if index.contains(name) {
                return Err(AuthError::InvalidParameter(format!(
                    "there is already an account named {name:?}"
                )));
            }
            index.names.push(name.to_owned());
            index.active = Some(name.to_owned());
            Ok(Some(name.to_owned()))
        })
        .await
    }

    /// Makes the account `name` active: every later call works on it, and this client's
    /// streams get [`AuthEvent::ActiveAccountChanged`] and its state. `InvalidParameter` when
    /// there is no such account.
    pub async fn switch_account(&self, name: &str) -> Result<()> {
        self.change_index(&mut |index| {
            if !index.contains(name) {
                return Err(AuthError::InvalidParameter(format!(
                    "there is no account named {name:?}"
                )));
            }
            index.active = (name != DEFAULT_ACCOUNT).then(|| name.to_owned());
            Ok(index.active.clone())
        })
        .await
    }

    /// Makes the account `name` active, adding it first (empty, for the next sign-in) when
    /// there is none: [`Self::add_account`] or [`Self::switch_account`] in one change of the
    /// index, so it reads no session and an account added meanwhile elsewhere is no error.
    /// `InvalidParameter` for a name that is not allowed.
    pub async fn switch_or_add_account(&self, name: &str) -> Result<()> {
        check_account_name(name)?;
        self.change_index(&mut |index| {
            if !index.contains(name) {
                index.names.push(name.to_owned());
            }
            index.active = (name != DEFAULT_ACCOUNT).then(|| name.to_owned());
            Ok(index.active.clone())
        })
        .await
    }

    /// Signs the account `name` out on this device and forgets it with everything it
    /// stored (its remembered devices too); when it was active, `default` becomes active.
    /// The `default` account itself is only signed out. Tokens are not revoked: sign out
    /// with `for_account(name)?.sign_out(…)` first for that.
    pub async fn remove_account(&self, name: &str) -> Result<()> {
        let client = self.for_account(name)?;
        if client
            .sessions()
            .await
            .snapshot()
            .await
            .session
            .holds_session()
        {
            client.clear_local_session(AuthEvent::SignedOut).await?;
        }
        if name == DEFAULT_ACCOUNT {
            return Ok(());
        }
        self.change_index(&mut |index| {
            index.names.retain(|n| n != name);
            if index.active.as_deref() == Some(name) {
                index.active = None;
            }
            Ok(index.active.clone())
        })
        .await?;
        let records = client.sessions().await.records().clone();
        records.remove_all().await?;
        Ok(())
    }

    /// A client of the account `name` alone, whichever is active: it shares the account's
    /// session (and its single refresh) with every other client of it, and has its own event
    /// and state streams. `InvalidParameter` for a name that is not allowed; an account not
    /// added yet reads as signed out.
    pub fn for_account(&self, name: &str) -> Result<AuthClient> {
        check_account_name(name)?;
        Ok(self.with_slot(AccountSlot::new(
            self.inner.accounts.base.clone(),
            self.inner.accounts.guest_allowed,
            self.inner.accounts.margin,
            Some(name),
        )))
    }

    /// Applies `change` to the stored index and enters the account it returns as active.
    async fn change_index(
        &self,
        change: &mut (dyn FnMut(&mut Index) -> Result<Option<String>> + Send),
    ) -> Result<()> {
        let slot = &self.inner.accounts;
        if slot.pinned {
            return Err(AuthError::InvalidState(
                "this client works on one account; switch accounts on the app's client".into(),
            ));
        }
        let before = self.active_account().await;
        let _switching = slot.switching.lock().await;
        let active = slot
            .edit_index(&mut |index| Ok((change(index)?, true)))
            .await?;
        let after = active.as_deref().unwrap_or(DEFAULT_ACCOUNT);
        if after != before {
            slot.enter(active.as_deref(), false).await;
        }
        Ok(())
    }

    /// Lists the account of a client pinned to one that is not listed yet (a sign-in to a
    /// name given to [`AuthClient::for_account`] adds it), so that every stored session is
    /// listed and wiped with its configuration. Call before storing a new session.
    pub(crate) async fn list_account(&self) -> Result<()> {
        let slot = &self.inner.accounts;
        let current = slot.now();
        let Some(name) = current.name.as_deref().filter(|n| *n != DEFAULT_ACCOUNT) else {
            return Ok(());
        };
        slot.edit_index(&mut |index| {
            let missing = !index.contains(name);
            if missing {
                index.names.push(name.to_owned());
            }
            Ok((None, missing))
        })
        .await?;
        Ok(())
    }
}
