//! A key store for tests: one key held in Rust, with failures the tests switch on.

use super::{KeyStatus, PlatformKey};
use crate::storage::encryption::Sealer;
use crate::storage::{StorageError, StoreKey};
use std::sync::Mutex as StdMutex;
use std::sync::atomic::{AtomicBool, Ordering};

/// A key store holding at most one key, whose failures tests switch on.
#[derive(Debug, Default)]
pub(crate) struct FakeKeyStore {
    pub(crate) key: StdMutex<Option<StoreKey>>,
    pub(crate) unusable: AtomicBool,
    pub(crate) unavailable: AtomicBool,
    pub(crate) created: StdMutex<u32>,
}

impl FakeKeyStore {
    fn key(&self) -> Result<StoreKey, StorageError> {
        if self.unavailable.load(Ordering::SeqCst) {
            return Err(StorageError::Unavailable("key store busy".into()));
        }
        if self.unusable.load(Ordering::SeqCst) {
            return Err(StorageError::Reset("key permanently invalidated".into()));
        }
        self.key
            .lock()
            .unwrap()
            .clone()
            .ok_or_else(|| StorageError::Reset("no key".into()))
    }
}

impl Sealer for FakeKeyStore {
    fn seal(&self, plaintext: &[u8], aad: &[u8]) -> Result<(Vec<u8>, Vec<u8>), StorageError> {
        Sealer::seal(&self.key()?, plaintext, aad)
    }

    fn open(&self, nonce: &[u8], sealed: &[u8], aad: &[u8]) -> Result<Vec<u8>, StorageError> {
        Sealer::open(&self.key()?, nonce, sealed, aad)
    }
}

impl PlatformKey for FakeKeyStore {
    fn status(&self) -> Result<KeyStatus, StorageError> {
        if self.unavailable.load(Ordering::SeqCst) {
            return Err(StorageError::Unavailable("key store busy".into()));
        }
        if self.unusable.load(Ordering::SeqCst) {
            return Ok(KeyStatus::Unusable("key permanently invalidated".into()));
        }
        Ok(match *self.key.lock().unwrap() {
            Some(_) => KeyStatus::Present,
            None => KeyStatus::Missing,
        })
    }

    fn create(&self) -> Result<(), StorageError> {
        *self.key.lock().unwrap() = Some(StoreKey::generate()?);
        self.unusable.store(false, Ordering::SeqCst);
        *self.created.lock().unwrap() += 1;
        Ok(())
    }

    fn delete(&self) -> Result<(), StorageError> {
        *self.key.lock().unwrap() = None;
        Ok(())
    }
}
