//! Every record this library keeps in a [`SecureStore`], and the one path through which they
//! are read and written.
//!
//! A store holds one namespace per configuration, `cognito-auth.<fingerprint>`, and one shared
//! namespace, `cognito-auth`, whose record `active-namespace` names the configuration that used
//! the store last (so a changed configuration can wipe what the old one stored). An app that
//! uses several configurations at once names each (`AuthOptions::namespace`): a named one lives
//! in `cognito-auth.<name>.<fingerprint>` and its marker is `active-namespace.<name>`, so names
//! never wipe each other. Everything else lives in the configuration's namespace:
//!
//! | record | key | what | survives sign-out |
//! | --- | --- | --- | --- |
//! | [`Record::Session`] | `session` | tokens, identity, credentials, federation: one item, so it cannot tear | no |
//! | [`Record::PendingSignIn`] | `pending-sign-in` | a sign-in waiting for a challenge answer (Cognito's session, never the password) | no |
//! | [`Record::AutoSignIn`] | `auto-sign-in` | the session a sign-up hands back for auto sign-in | no |
//! | [`Record::HostedUiPending`] | `hosted_ui.pending` | a web sign-in between its URL and its callback (state, nonce, PKCE verifier) | no |
//! | [`Record::HostedUiSession`] | `hosted_ui.session` | which redirect URI the web session used, for `/logout` | no |
//! | [`Record::Device`] | `device.<username>` | a remembered device's key and secret | yes |
//!
//! Several accounts of one configuration ([`super::accounts`]): the configuration's namespace
//! holds the account named `default` (so a store written before accounts existed keeps its
//! user); each other account `<a>` has the same records in `<namespace>.account.<a>`, and the
//! list of accounts with the active one is the record `index` of `<namespace>.accounts`. A
//! configuration change wipes every account of the previous configuration.

use crate::error::{AuthError, Result};
use crate::storage::{SecureStore, StorageError};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::borrow::Cow;
use std::sync::Arc;

/// The namespace shared by every configuration, and its records (one per name).
const MARKER_NAMESPACE: &str = "cognito-auth";
const MARKER_KEY: &str = "active-namespace";
/// Prefix of every configuration's namespace.
const NAMESPACE_PREFIX: &str = "cognito-auth.";
/// The longest configuration name.
const MAX_NAME: usize = 64;

/// A record of a configuration's namespace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Record<'a> {
    /// The credential set ([`super::StoredSession`]).
    Session,
    /// A sign-in waiting for the user's answer to a challenge.
    PendingSignIn,
    /// The session of a sign-up, for auto sign-in.
    AutoSignIn,
    /// A web sign-in waiting for its callback.
    HostedUiPending,
    /// The redirect URI of the signed-in web session.
    HostedUiSession,
    /// The remembered-device secrets of a user.
    Device(&'a str),
}

impl Record<'_> {
    /// The record's key within the namespace.
    pub(crate) fn key(&self) -> Cow<'static, str> {
        match self {
            Record::Session => "session".into(),
            Record::PendingSignIn => "pending-sign-in".into(),
            Record::AutoSignIn => "auto-sign-in".into(),
            Record::HostedUiPending => "hosted_ui.pending".into(),
            Record::HostedUiSession => "hosted_ui.session".into(),
            Record::Device(username) => format!("device.{username}").into(),
        }
    }
}

/// The records of one configuration, in one store.
#[derive(Debug, Clone)]
pub(crate) struct Records {
    store: Arc<dyn SecureStore>,
    namespace: String,
    /// `cognito-auth.` or `cognito-auth.<name>.`: what every namespace of this name starts with.
    prefix: String,
    /// This name's record in the shared namespace.
    marker: String,
    /// The configuration's namespace (the default account's): what the marker names.
    base: String,
}

/// Namespace suffix of the account index, and the key of its one record.
const ACCOUNTS_SUFFIX: &str = ".accounts";
const ACCOUNTS_KEY: &str = "index";
/// Namespace infix of a named account's records.
const ACCOUNT_INFIX: &str = ".account.";

impl Records {
    /// The records of the (unnamed) configuration with this fingerprint.
    #[cfg(test)]
    pub(crate) fn new(store: Arc<dyn SecureStore>, fingerprint: &str) -> Self {
        Self::named(store, fingerprint, None)
    }

    /// The records of the configuration with this fingerprint, under `name` if given
    /// (checked by [`Records::check_name`]).
    pub(crate) fn named(
        store: Arc<dyn SecureStore>,
        fingerprint: &str,
        name: Option<&str>,
    ) -> Self {
        let (prefix, marker) = match name {
            None => (NAMESPACE_PREFIX.to_owned(), MARKER_KEY.to_owned()),
            Some(name) => (
                format!("{NAMESPACE_PREFIX}{name}."),
                format!("{MARKER_KEY}.{name}"),
            ),
        };
        let base = format!("{prefix}{fingerprint}");
        Self {
            store,
            namespace: base.clone(),
            prefix,
            marker,
            base,
        }
    }

    /// The records of `account` of the same configuration (`None`: the default account).
    pub(crate) fn account(&self, account: Option<&str>) -> Self {
        Self {
            namespace: match account {
                None => self.base.clone(),
                Some(a) => format!("{}{ACCOUNT_INFIX}{a}", self.base),
            },
            ..self.clone()
        }
    }

    /// The account index of the configuration (accounts and the active one), raw.
    pub(crate) async fn account_index(&self) -> Result<Option<Vec<u8>>, StorageError> {
        let ns = format!("{}{ACCOUNTS_SUFFIX}", self.base);
        self.store.get(&ns, ACCOUNTS_KEY).await
    }

    /// The store's lock on the account index, where the store locks across processes.
    pub(crate) async fn lock_account_index(
        &self,
        wait: std::time::Duration,
    ) -> Result<Option<crate::storage::StoreLock>, StorageError> {
        let ns = format!("{}{ACCOUNTS_SUFFIX}", self.base);
        self.store.lock(&ns, wait).await
    }

    /// Replaces the account index.
    pub(crate) async fn set_account_index(&self, bytes: Vec<u8>) -> Result<(), StorageError> {
        let ns = format!("{}{ACCOUNTS_SUFFIX}", self.base);
        self.store.set(&ns, ACCOUNTS_KEY, bytes).await
    }

    /// A configuration name must be short and plain: it becomes part of storage keys and
    /// file names.
    pub(crate) fn check_name(name: Option<&str>) -> Result<()> {
        let Some(name) = name else { return Ok(()) };
        let plain = name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if name.is_empty() || name.len() > MAX_NAME || !plain {
            return Err(AuthError::Configuration(
                crate::config::ConfigError::invalid(
                    "namespace",
                    "use 1 to 64 letters, digits, '-' or '_'",
                ),
            ));
        }
        Ok(())
    }

    /// The store the records are kept in.
    pub(crate) fn store(&self) -> &Arc<dyn SecureStore> {
        &self.store
    }

    /// This account's namespace (`cognito-auth.<fingerprint>` for the default account).
    pub(crate) fn namespace(&self) -> &str {
        &self.namespace
    }

    /// The record's bytes, as the store gives them.
    pub(crate) async fn get(&self, record: Record<'_>) -> Result<Option<Vec<u8>>, StorageError> {
        self.store.get(&self.namespace, &record.key()).await
    }

    /// Replaces the record's bytes.
    pub(crate) async fn set(&self, record: Record<'_>, bytes: Vec<u8>) -> Result<(), StorageError> {
        self.store.set(&self.namespace, &record.key(), bytes).await
    }

    /// Removes the record (an absent one is not an error).
    pub(crate) async fn remove(&self, record: Record<'_>) -> Result<(), StorageError> {
        self.store.remove(&self.namespace, &record.key()).await
    }

    /// Removes every record of the configuration.
    pub(crate) async fn remove_all(&self) -> Result<(), StorageError> {
        self.store.remove_all(&self.namespace).await
    }

    /// The record decoded from JSON; one that does not decode counts as absent (it is
    /// replaced by the next write). Storage errors are returned.
    pub(crate) async fn read<T: DeserializeOwned>(&self, record: Record<'_>) -> Result<Option<T>> {
        Ok(self
            .get(record)
            .await?
            .and_then(|bytes| serde_json::from_slice(&bytes).ok()))
    }

    /// Writes `value` as JSON, or removes the record when it is `None`.
    pub(crate) async fn write<T: Serialize>(
        &self,
        record: Record<'_>,
        value: Option<&T>,
    ) -> Result<()> {
        match value {
            Some(value) => {
                let bytes = serde_json::to_vec(value)
                    .map_err(|e| AuthError::Internal(format!("encode {}: {e}", record.key())))?;
                Ok(self.set(record, bytes).await?)
            }
            None => Ok(self.remove(record).await?),
        }
    }

    /// The namespace of the configuration that used the store last, if recorded.
    pub(crate) async fn last_namespace(&self) -> Result<Option<String>, StorageError> {
        Ok(self
            .store
            .get(MARKER_NAMESPACE, &self.marker)
            .await?
            .map(|b| String::from_utf8_lossy(&b).into_owned()))
    }

    /// The configuration's namespace (the default account's), which the marker names.
    pub(crate) fn base(&self) -> &str {
        &self.base
    }

    /// Records this configuration as the one that used the store last.
    pub(crate) async fn record_as_last(&self) -> Result<(), StorageError> {
        let bytes = self.base.clone().into_bytes();
        self.store.set(MARKER_NAMESPACE, &self.marker, bytes).await
    }

    /// Forgets which configuration used the store last (its record was unreadable).
    pub(crate) async fn forget_last(&self) -> Result<(), StorageError> {
        match self.store.remove(MARKER_NAMESPACE, &self.marker).await {
            // A store that keeps a namespace in one item cannot remove a record from an
            // unreadable one: the markers go together (they could not be read either).
            Err(StorageError::Corrupt(_)) => self.store.remove_all(MARKER_NAMESPACE).await,
            other => other,
        }
    }

    /// Wipes what another configuration of the same name stored, every account of it. Only
    /// such namespaces are touched: an unexpected marker value never makes it delete anything
    /// else, and another name's records are never this name's to wipe.
    pub(crate) async fn wipe_other(&self, namespace: &str) -> Result<(), StorageError> {
        let same_name = namespace
            .strip_prefix(&self.prefix)
            .is_some_and(|fingerprint| !fingerprint.is_empty() && !fingerprint.contains('.'));
        if namespace == self.base || !same_name {
            return Ok(());
        }
        let index = format!("{namespace}{ACCOUNTS_SUFFIX}");
        // An index that cannot be read leaves its accounts' records unreachable (their
        // namespace names only this configuration), never readable by another one.
        if let Ok(Some(bytes)) = self.store.get(&index, ACCOUNTS_KEY).await {
            for account in super::accounts::Index::decode(&bytes).names {
                let ns = format!("{namespace}{ACCOUNT_INFIX}{account}");
                self.store.remove_all(&ns).await?;
            }
            self.store.remove_all(&index).await?;
        }
        self.store.remove_all(namespace).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MemoryStore;

    #[test]
    fn keys_are_stable() {
        // Changing one orphans what users already have stored: these are a file format.
        let keys: Vec<_> = [
            Record::Session,
            Record::PendingSignIn,
            Record::AutoSignIn,
            Record::HostedUiPending,
            Record::HostedUiSession,
            Record::Device("alice"),
        ]
        .iter()
        .map(|r| r.key().into_owned())
        .collect();
        assert_eq!(
            keys,
            [
                "session",
                "pending-sign-in",
                "auto-sign-in",
                "hosted_ui.pending",
                "hosted_ui.session",
                "device.alice"
            ]
        );
    }

    #[tokio::test]
    async fn another_configuration_is_wiped_but_nothing_else() {
        let store: Arc<dyn SecureStore> = Arc::new(MemoryStore::new());
        let mine = Records::new(store.clone(), "mine");
        for ns in ["cognito-auth.old", "someone-else", "cognito-auth.mine"] {
            store.set(ns, "session", b"x".to_vec()).await.unwrap();
        }
        for ns in ["cognito-auth.old", "someone-else", "cognito-auth.mine"] {
            mine.wipe_other(ns).await.unwrap();
        }
        assert_eq!(
            store.get("cognito-auth.old", "session").await.unwrap(),
            None
        );
        assert!(
            store
                .get("someone-else", "session")
                .await
                .unwrap()
                .is_some()
        );
        assert!(
            store
                .get("cognito-auth.mine", "session")
                .await
                .unwrap()
                .is_some()
        );
    }

    #[tokio::test]
    async fn named_configurations_never_wipe_each_other() {
        let store: Arc<dyn SecureStore> = Arc::new(MemoryStore::new());
        let work = Records::named(store.clone(), "fp1", Some("work"));
        let home = Records::named(store.clone(), "fp2", Some("home"));
        let unnamed = Records::named(store.clone(), "fp3", None);
        assert_eq!(work.namespace(), "cognito-auth.work.fp1");
        for r in [&work, &home, &unnamed] {
            r.set(Record::Session, b"x".to_vec()).await.unwrap();
            r.record_as_last().await.unwrap();
        }
        // Each name remembers its own last configuration.
        assert_eq!(
            work.last_namespace().await.unwrap().as_deref(),
            Some("cognito-auth.work.fp1")
        );
        assert_eq!(
            unnamed.last_namespace().await.unwrap().as_deref(),
            Some("cognito-auth.fp3")
        );
        // No name may wipe another's records, whatever its marker says.
        for (wiper, victims) in [
            (&unnamed, ["cognito-auth.work.fp1", "cognito-auth.home.fp2"]),
            (&work, ["cognito-auth.home.fp2", "cognito-auth.fp3"]),
        ] {
            for victim in victims {
                wiper.wipe_other(victim).await.unwrap();
                assert!(
                    store.get(victim, "session").await.unwrap().is_some(),
                    "{victim}"
                );
            }
        }
        // A configuration change under one name wipes that name's previous records.
        let work_changed = Records::named(store.clone(), "fp9", Some("work"));
        work_changed
            .wipe_other("cognito-auth.work.fp1")
            .await
            .unwrap();
        assert_eq!(
            store.get("cognito-auth.work.fp1", "session").await.unwrap(),
            None
        );
        assert!(Records::check_name(Some("work_2-a")).is_ok());
        for bad in ["", "a.b", "a/b", &"x".repeat(65)] {
            assert!(Records::check_name(Some(bad)).is_err(), "{bad:?}");
        }
    }

    #[tokio::test]
    async fn unreadable_json_reads_as_absent_and_none_removes() {
        let store: Arc<dyn SecureStore> = Arc::new(MemoryStore::new());
        let records = Records::new(store, "fp");
        records
            .set(Record::AutoSignIn, b"{".to_vec())
            .await
            .unwrap();
        let read: Option<serde_json::Value> = records.read(Record::AutoSignIn).await.unwrap();
        assert_eq!(read, None);
        records
            .write(Record::AutoSignIn, Some(&serde_json::json!({"a": 1})))
            .await
            .unwrap();
        let read: Option<serde_json::Value> = records.read(Record::AutoSignIn).await.unwrap();
        assert_eq!(read, Some(serde_json::json!({"a": 1})));
        records.write::<()>(Record::AutoSignIn, None).await.unwrap();
        assert_eq!(records.get(Record::AutoSignIn).await.unwrap(), None);
    }
}
