//! An in-memory store: the default when an app gives none, and the store of tests.

use super::{SecureStore, StorageError};
use async_trait::async_trait;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Mutex;

/// Keeps values in process memory only; everything is gone when the process ends.
#[derive(Default)]
pub struct MemoryStore {
    items: Mutex<BTreeMap<(String, String), Vec<u8>>>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn items(&self) -> std::sync::MutexGuard<'_, BTreeMap<(String, String), Vec<u8>>> {
        self.items.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The namespaces that currently hold values (for tests).
    pub fn namespaces(&self) -> Vec<String> {
        let mut names: Vec<String> = self.items().keys().map(|(ns, _)| ns.clone()).collect();
        names.dedup();
        names
    }
}

impl fmt::Debug for MemoryStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemoryStore")
            .field("items", &self.items().len())
            .finish()
    }
}

#[async_trait]
impl SecureStore for MemoryStore {
    async fn get(&self, namespace: &str, key: &str) -> Result<Option<Vec<u8>>, StorageError> {
        Ok(self
            .items()
            .get(&(namespace.to_owned(), key.to_owned()))
            .cloned())
    }

    async fn set(&self, namespace: &str, key: &str, value: Vec<u8>) -> Result<(), StorageError> {
        self.items()
            .insert((namespace.to_owned(), key.to_owned()), value);
        Ok(())
    }

    async fn remove(&self, namespace: &str, key: &str) -> Result<(), StorageError> {
        self.items().remove(&(namespace.to_owned(), key.to_owned()));
        Ok(())
    }

    async fn remove_all(&self, namespace: &str) -> Result<(), StorageError> {
        self.items().retain(|(ns, _), _| ns != namespace);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn namespaces_are_separate() {
        let s = MemoryStore::new();
        s.set("a", "k", b"1".to_vec()).await.unwrap();
        s.set("b", "k", b"2".to_vec()).await.unwrap();
        assert_eq!(s.get("a", "k").await.unwrap().as_deref(), Some(&b"1"[..]));
        s.remove_all("a").await.unwrap();
        assert_eq!(s.get("a", "k").await.unwrap(), None);
        assert_eq!(s.get("b", "k").await.unwrap().as_deref(), Some(&b"2"[..]));
        assert_eq!(s.namespaces(), ["b"]);
        assert!(!format!("{s:?}").contains('2'));
    }
}
