//! A string that never shows itself: tokens, passwords and keys travel in [`Secret`] so that a
//! stray `{:?}` or log line cannot leak them, and their memory is wiped when dropped.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A sensitive string. `Debug` and `Display` print `***`; the value is zeroized on drop.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a sensitive value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The value itself, for the one place that must send or store it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// True when the value is the empty string.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        wipe(&mut std::mem::take(&mut self.0).into_bytes());
    }
}

/// Overwrites all of `buf`'s allocation, spare capacity included, with zeros. A `memset` and
/// then zeroize's optimisation barrier (so the writes cannot be dropped as dead stores before
/// the free) rather than `Zeroize`'s byte-by-byte volatile writes: a cached
/// `fetch_auth_session` hands out three token copies, and wiping them byte by byte was two
/// thirds of its time.
fn wipe(buf: &mut Vec<u8>) {
    buf.fill(0);
    buf.resize(buf.capacity(), 0);
    zeroize::optimization_barrier(buf.as_slice());
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wiping_zeroes_the_whole_allocation() {
        let mut buf = b"eyJraWQiOiJ0b2tlbi1ieXRlcyJ9.payload".to_vec();
        // Bytes past the length (a shortened value) are wiped too.
        buf.truncate(5);
        let capacity = buf.capacity();
        wipe(&mut buf);
        assert_eq!(buf.len(), capacity);
        assert!(buf.iter().all(|b| *b == 0), "{buf:?}");
    }

    #[test]
    fn never_prints_its_value() {
        let s = Secret::new("hunter2-token");
        assert_eq!(format!("{s:?} {s}"), "*** ***");
        assert_eq!(s.expose(), "hunter2-token");
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(
            json, "\"hunter2-token\"",
            "serialization is for storage and the wire"
        );
    }
}
