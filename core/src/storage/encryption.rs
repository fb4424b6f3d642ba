//! Encryption at rest for the file store: AES-256-GCM (RustCrypto `aes-gcm`) with a key the
//! app supplies (from the OS keyring, a hardware-backed key, a KMS…). The file names its
//! namespace in the associated data, so a sealed file moved to another namespace does not open.

use super::StorageError;
use aes_gcm::aead::{Aead, Payload};
use aes_gcm::{Aes256Gcm, KeyInit};
use base64::Engine;
use std::fmt;
use zeroize::Zeroize;

/// Seals and opens a store file's content with AES-256-GCM (12-byte nonce, 16-byte tag
/// appended to the ciphertext). [`StoreKey`] does it in Rust; the Android Keystore store does
/// it with a key that never leaves the Keystore.
pub(crate) trait Sealer: Send + Sync + fmt::Debug {
    /// Encrypts `plaintext` bound to `aad`; returns (nonce, ciphertext with tag).
    fn seal(&self, plaintext: &[u8], aad: &[u8]) -> Result<(Vec<u8>, Vec<u8>), StorageError>;
    /// Decrypts what `seal` produced; a wrong key, another `aad` or a changed byte is
    /// [`StorageError::Corrupt`]; a key that cannot be used at all is [`StorageError::Reset`].
    fn open(&self, nonce: &[u8], sealed: &[u8], aad: &[u8]) -> Result<Vec<u8>, StorageError>;
    /// A public name of the key, written next to what it sealed, so that a file sealed with
    /// another key is told from a damaged one; `None` when the key material cannot be read
    /// (a platform key store's key).
    fn key_id(&self) -> Option<String> {
        None
    }
}

impl Sealer for StoreKey {
    fn seal(&self, plaintext: &[u8], aad: &[u8]) -> Result<(Vec<u8>, Vec<u8>), StorageError> {
        let (nonce, sealed) = StoreKey::seal(self, plaintext, aad)?;
        Ok((nonce.to_vec(), sealed))
    }

    fn open(&self, nonce: &[u8], sealed: &[u8], aad: &[u8]) -> Result<Vec<u8>, StorageError> {
        StoreKey::open(self, nonce, sealed, aad)
    }

    fn key_id(&self) -> Option<String> {
        // A one-way name: SHA-256 of a label and the key, 8 bytes of it. It says which key
        // sealed a file without helping anyone find the key.
        use sha2::{Digest, Sha256};
        let digest = Sha256::new()
            .chain_update(b"cognito-auth store key id v1")
            .chain_update(self.0)
            .finalize();
        Some(digest[..8].iter().map(|b| format!("{b:02x}")).collect())
    }
}

/// A 256-bit key for the file store. Never printed; wiped from memory when dropped.
#[derive(Clone)]
pub struct StoreKey([u8; 32]);

impl StoreKey {
    /// A key from exactly 32 bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, StorageError> {
        let key: [u8; 32] = bytes.try_into().map_err(|_| {
            StorageError::Unavailable(format!(
                "an encryption key must be 32 bytes, got {}",
                bytes.len()
            ))
        })?;
        Ok(Self(key))
    }

    /// A key from its standard base64 text (44 characters).
    pub fn from_base64(text: &str) -> Result<Self, StorageError> {
        let mut bytes = base64::engine::general_purpose::STANDARD
            .decode(text.trim())
            .map_err(|_| StorageError::Unavailable("the encryption key is not base64".into()))?;
        let key = Self::from_bytes(&bytes);
        bytes.zeroize();
        key
    }

    /// A fresh random key (for apps that keep it in a platform key store).
    pub fn generate() -> Result<Self, StorageError> {
        let mut key = [0u8; 32];
        getrandom::fill(&mut key)
            .map_err(|e| StorageError::Unavailable(format!("no randomness for a key: {e}")))?;
        Ok(Self(key))
    }

    /// The key as standard base64, for the app to put in its own key store.
    pub fn to_base64(&self) -> String {
        base64::engine::general_purpose::STANDARD.encode(self.0)
    }

    /// Encrypts `plaintext` bound to `aad`; returns (nonce, ciphertext with tag).
    pub(crate) fn seal(
        &self,
        plaintext: &[u8],
        aad: &[u8],
    ) -> Result<([u8; 12], Vec<u8>), StorageError> {
        let mut nonce = [0u8; 12];
        getrandom::fill(&mut nonce)
            .map_err(|e| StorageError::Unavailable(format!("no randomness for a nonce: {e}")))?;
        let sealed = self
            .cipher()
            .encrypt(
                &nonce.into(),
                Payload {
                    msg: plaintext,
                    aad,
                },
            )
            .map_err(|_| StorageError::Unavailable("encryption failed".into()))?;
        Ok((nonce, sealed))
    }

    /// Decrypts what [`StoreKey::seal`] produced; a wrong key, a different `aad` or any
    /// changed byte is [`StorageError::Corrupt`].
    pub(crate) fn open(
        &self,
        nonce: &[u8],
        sealed: &[u8],
        aad: &[u8],
    ) -> Result<Vec<u8>, StorageError> {
        let nonce: [u8; 12] = nonce
            .try_into()
            .map_err(|_| StorageError::Corrupt("bad nonce length".into()))?;
        self.cipher()
            .decrypt(&nonce.into(), Payload { msg: sealed, aad })
            .map_err(|_| {
                StorageError::Corrupt(
                    "decryption failed (wrong key, or the file was altered)".into(),
                )
            })
    }

    fn cipher(&self) -> Aes256Gcm {
        Aes256Gcm::new(&self.0.into())
    }
}

impl Drop for StoreKey {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl fmt::Debug for StoreKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("StoreKey(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seals_and_opens_only_with_the_same_key_and_aad() {
        let key = StoreKey::generate().unwrap();
        let (nonce, sealed) = key.seal(b"tokens", b"ns-a").unwrap();
        assert_eq!(key.open(&nonce, &sealed, b"ns-a").unwrap(), b"tokens");
        assert!(!sealed.windows(6).any(|w| w == b"tokens"));
        for (k, aad) in [
            (&StoreKey::generate().unwrap(), &b"ns-a"[..]),
            (&key, &b"ns-b"[..]),
        ] {
            assert!(matches!(
                k.open(&nonce, &sealed, aad),
                Err(StorageError::Corrupt(_))
            ));
        }
        let mut flipped = sealed.clone();
        flipped[0] ^= 1;
        assert!(key.open(&nonce, &flipped, b"ns-a").is_err());
        let (nonce2, _) = key.seal(b"tokens", b"ns-a").unwrap();
        assert_ne!(nonce, nonce2, "fresh nonce per write");
    }

    #[test]
    fn keys_parse_and_never_print() {
        let key = StoreKey::generate().unwrap();
        let text = key.to_base64();
        let again = StoreKey::from_base64(&text).unwrap();
        assert_eq!(again.0, key.0);
        assert_eq!(format!("{key:?}"), "StoreKey(***)");
        assert!(StoreKey::from_bytes(&[0; 16]).is_err());
        assert!(StoreKey::from_base64("not base64!").is_err());
    }
}
