//! Cognito's SRP-6a, for users (`USER_SRP_AUTH` → `PASSWORD_VERIFIER`) and for remembered
//! devices (`DEVICE_SRP_AUTH` → `DEVICE_PASSWORD_VERIFIER`).
//!
//! The group is RFC 5054's 3072-bit prime with g = 2; k = H(N ‖ PAD(g)),
//! u = H(PAD(A) ‖ PAD(B)), x = H(PAD(salt) ‖ H(pool_name ‖ user ‖ ":" ‖ password)),
//! S = (B − k·gˣ)^(a + u·x) mod N, and the key is the first 16 bytes of HKDF-SHA256 with salt
//! PAD(u), key material PAD(S) and info "Caldera Derived Key". The claim is
//! HMAC-SHA256(key, pool_name ‖ user ‖ SECRET_BLOCK bytes ‖ timestamp), base64.
//!
//! PAD is the minimal two's-complement big-endian encoding (Java's `BigInteger.toByteArray`),
//! and SALT and SRP_B are read as Java-style signed hex — exactly as
//! amazon-cognito-identity-js and Amplify do: leading zero digits drop out and a leading `-`
//! (which Cognito occasionally sends in SALT) makes the value negative. pycognito hashes the
//! salt's text instead, so it disagrees on salts that start with `00` and fails on negative
//! ones (see `tests/srp/`).
//!
//! Secrets (the private value a, x, S, the derived key) are constant-time Montgomery
//! arithmetic in [`crypto_bigint`] and are zeroized when dropped. A is independent of the
//! user and the pool, so one is computed ahead of time ([`prepare`]) and the sign-in path
//! carries only gˣ and S.

mod bigint;
mod ephemeral;

pub use bigint::JavaHex;
pub use ephemeral::prepare;
pub(crate) use ephemeral::take_prepared;

use crate::error::{AuthError, Result};
use base64::Engine;
use bigint::{GROUP, Group};
use crypto_bigint::{U256, U1024, U3072};
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use std::fmt;
use std::time::SystemTime;
use zeroize::{Zeroize, Zeroizing};

/// HKDF info of Cognito's SRP.
pub const HKDF_INFO: &[u8] = b"Caldera Derived Key";

/// Bytes of the random private value a (1024 bits, as amazon-cognito-identity-js).
const PRIVATE_BYTES: usize = 128;

/// A client's SRP ephemeral: the private value a and the public A = gᵃ mod N.
pub struct SrpClient {
    a: U1024,
    big_a: U3072,
}

impl Drop for SrpClient {
    fn drop(&mut self) {
        self.a.zeroize();
    }
}

impl fmt::Debug for SrpClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SrpClient")
            .field("public_a", &self.public_a_hex())
            .finish_non_exhaustive()
    }
}

impl SrpClient {
    /// A fresh ephemeral with a from the operating system's CSPRNG.
    pub fn generate() -> Result<Self> {
        let mut bytes = Zeroizing::new([0u8; PRIVATE_BYTES]);
        getrandom::fill(bytes.as_mut())
            .map_err(|e| AuthError::Internal(format!("no secure random numbers: {e}")))?;
        Self::from_private_bytes(bytes.as_ref())
    }

    /// An ephemeral with a chosen private value (hex, at most 1024 bits). For test vectors
    /// only: a real sign-in must use [`SrpClient::generate`].
    pub fn from_private_hex(hex: &str) -> Result<Self> {
        let v = JavaHex::parse(hex)
            .map_err(|e| AuthError::InvalidParameter(format!("private value: {e}")))?;
        if v.is_negative() || v.magnitude().len() > PRIVATE_BYTES {
            return Err(AuthError::InvalidParameter(
                "private value must be a positive number of at most 1024 bits".into(),
            ));
        }
        Self::from_private_bytes(v.magnitude())
    }

    fn from_private_bytes(bytes: &[u8]) -> Result<Self> {
        let a = bigint::u1024_from_be(bytes);
        let big_a = GROUP.pow_g(&a, 1024);
        // g generates the group, so this cannot happen; checked as the protocol demands.
        if big_a.is_zero_vartime() {
            return Err(AuthError::Internal("SRP: A ≡ 0 (mod N)".into()));
        }
        Ok(Self { a, big_a })
    }

    /// SRP_A as sent to Cognito: lowercase hex without leading zeros.
    pub fn public_a_hex(&self) -> String {
        bigint::hex_trimmed(&self.big_a.to_be_bytes())
    }

    /// Derives the 16-byte key of the password claim. `pool_name` is the part of the pool id
    /// after `_` (for a device: the device group key), `user` is USER_ID_FOR_SRP (for a
    /// device: the device key), `salt` and `srp_b` are the challenge's SALT and SRP_B.
    pub fn authentication_key(
        &self,
        pool_name: &str,
        user: &str,
        password: &str,
        salt: &str,
        srp_b: &str,
    ) -> Result<DerivedKey> {
        let salt = JavaHex::parse(salt).map_err(|e| invalid(format!("SALT: {e}")))?;
        let b = JavaHex::parse(srp_b).map_err(|e| invalid(format!("SRP_B: {e}")))?;
        let b_mod_n = GROUP
            .reduce(&b)
            .ok_or_else(|| invalid("SRP_B is longer than the group allows".into()))?;
        if b_mod_n.is_zero_vartime() {
            return Err(invalid(
                "SRP_B ≡ 0 (mod N): refusing the server's value".into(),
            ));
        }

        let u = u_value(&self.big_a, &b);
        if u.is_zero_vartime() {
            return Err(invalid("u = 0: refusing the server's value".into()));
        }
        let x = Zeroizing::new(x_value(pool_name, user, password, &salt));
        let s = Zeroizing::new(GROUP.premaster(&b_mod_n, &x, &self.a, &u));

        let ikm = Zeroizing::new(bigint::pad(&s.to_be_bytes()));
        let salt_u = bigint::pad(&u.to_be_bytes());
        let hk = hkdf::Hkdf::<Sha256>::new(Some(&salt_u), &ikm);
        let mut key = [0u8; 16];
        hk.expand(HKDF_INFO, &mut key)
            .map_err(|_| AuthError::Internal("HKDF: 16 bytes is a valid length".into()))?;
        Ok(DerivedKey {
            key,
            u_hex: bigint::hex_trimmed(&u.to_be_bytes()),
        })
    }
}

/// The key of a password claim, with u (public) for diagnostics and test vectors.
pub struct DerivedKey {
    key: [u8; 16],
    u_hex: String,
}

impl Drop for DerivedKey {
    fn drop(&mut self) {
        self.key.zeroize();
    }
}

impl fmt::Debug for DerivedKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DerivedKey")
            .field("u", &self.u_hex)
            .finish_non_exhaustive()
    }
}

impl DerivedKey {
    /// The key bytes (for test vectors; the claim is made by [`DerivedKey::sign`]).
    pub fn key_bytes(&self) -> &[u8; 16] {
        &self.key
    }

    /// u as lowercase hex without leading zeros.
    pub fn u_hex(&self) -> &str {
        &self.u_hex
    }

    /// PASSWORD_CLAIM_SIGNATURE: base64 HMAC-SHA256(key, pool_name ‖ user ‖ SECRET_BLOCK
    /// bytes ‖ timestamp).
    pub fn sign(
        &self,
        pool_name: &str,
        user: &str,
        secret_block: &str,
        timestamp: &str,
    ) -> Result<String> {
        let block = decode_secret_block(secret_block)?;
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.key)
            .map_err(|_| AuthError::Internal("HMAC takes any key length".into()))?;
        mac.update(pool_name.as_bytes());
        mac.update(user.as_bytes());
        mac.update(&block);
        mac.update(timestamp.as_bytes());
        Ok(base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes()))
    }
}

/// The timestamp of a claim: `EEE MMM d HH:mm:ss UTC yyyy` in English, the day not padded
/// (Cognito rejects `Mar 05`).
pub fn timestamp(t: SystemTime) -> String {
    let t = time::OffsetDateTime::from(t);
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{} {} {} {:02}:{:02}:{:02} UTC {}",
        DAYS[t.weekday().number_days_from_monday() as usize],
        MONTHS[u8::from(t.month()) as usize - 1],
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.year()
    )
}

/// SECRET_BLOCK bytes. Cognito's block is standard base64; a block that is not (moto sends a
/// UUID) is decoded the way Node's `Buffer.from(s, 'base64')` does it — both alphabets,
/// padding optional, other characters skipped — so such peers are answered like
/// amazon-cognito-identity-js answers them.
pub fn decode_secret_block(block: &str) -> Result<Vec<u8>> {
    use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
    if let Ok(bytes) = STANDARD.decode(block) {
        return Ok(bytes);
    }
    let cleaned: String = block
        .chars()
        .filter_map(|c| match c {
            '-' => Some('+'),
            '_' => Some('/'),
            c if c.is_ascii_alphanumeric() || c == '+' || c == '/' => Some(c),
            _ => None,
        })
        .collect();
    let lenient = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new()
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent)
            .with_decode_allow_trailing_bits(true),
    );
    // A single leftover character carries no whole byte: Node drops it.
    let usable = cleaned.len() - usize::from(cleaned.len() % 4 == 1);
    lenient
        .decode(&cleaned[..usable])
        .map_err(|_| invalid("SECRET_BLOCK is not base64".into()))
}

/// A device's SRP verifier for `ConfirmDevice` (`DeviceSecretVerifierConfig`).
#[derive(Clone, PartialEq, Eq)]
pub struct DeviceVerifier {
    /// Salt, base64 of its PAD bytes.
    pub salt: String,
    /// gˣ mod N, base64 of its PAD bytes.
    pub password_verifier: String,
}

impl fmt::Debug for DeviceVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DeviceVerifier(***)")
    }
}

impl DeviceVerifier {
    /// The verifier of `device_password` for the device, with a chosen 16-byte salt (test
    /// vectors); [`DeviceVerifier::generate`] picks both at random.
    pub fn with_salt(
        device_group_key: &str,
        device_key: &str,
        device_password: &str,
        salt: &[u8],
    ) -> Self {
        let salt = JavaHex::from_unsigned(salt);
        let x = Zeroizing::new(x_value(
            device_group_key,
            device_key,
            device_password,
            &salt,
        ));
        let v = GROUP.pow_g(&*x, 256);
        let b64 = &base64::engine::general_purpose::STANDARD;
        Self {
            salt: b64.encode(salt.pad()),
            password_verifier: b64.encode(bigint::pad(&v.to_be_bytes())),
        }
    }

    /// A random device password (40 bytes, base64, as Amplify) and its verifier.
    pub fn generate(device_group_key: &str, device_key: &str) -> Result<(String, Self)> {
        let mut bytes = Zeroizing::new([0u8; 56]);
        getrandom::fill(bytes.as_mut())
            .map_err(|e| AuthError::Internal(format!("no secure random numbers: {e}")))?;
        let password = base64::engine::general_purpose::STANDARD.encode(&bytes[..40]);
        let verifier = Self::with_salt(device_group_key, device_key, &password, &bytes[40..]);
        Ok((password, verifier))
    }
}

/// The pool name of SRP: the part of the user pool id after `_`.
pub fn pool_name(user_pool_id: &str) -> &str {
    user_pool_id
        .split_once('_')
        .map(|(_, n)| n)
        .unwrap_or(user_pool_id)
}

fn invalid(message: String) -> AuthError {
    AuthError::InvalidResponse(message)
}

fn sha256(parts: &[&[u8]]) -> [u8; 32] {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().into()
}

/// u = H(PAD(A) ‖ PAD(B)), B as the server sent it (sign included).
fn u_value(big_a: &U3072, b: &JavaHex) -> U256 {
    let digest = sha256(&[&bigint::pad(&big_a.to_be_bytes()), &b.pad()]);
    U256::from_be_slice(&digest)
}

/// x = H(PAD(salt) ‖ H(pool_name ‖ user ‖ ":" ‖ password)).
fn x_value(pool_name: &str, user: &str, password: &str, salt: &JavaHex) -> U256 {
    let mut inner = Zeroizing::new(sha256(&[
        pool_name.as_bytes(),
        user.as_bytes(),
        b":",
        password.as_bytes(),
    ]));
    let mut digest = sha256(&[&salt.pad(), inner.as_ref()]);
    inner.zeroize();
    let x = U256::from_be_slice(&digest);
    digest.zeroize();
    x
}

impl Group {
    /// S = (B − k·gˣ)^(a + u·x) mod N.
    fn premaster(&self, b_mod_n: &U3072, x: &U256, a: &U1024, u: &U256) -> U3072 {
        // v = gˣ is the password verifier: as secret as the password.
        let gx = Zeroizing::new(self.pow_g(x, 256));
        let base = self.sub_k_times(b_mod_n, &gx);
        let exponent = Zeroizing::new(bigint::a_plus_ux(a, u, x));
        self.pow(&base, &*exponent, bigint::EXPONENT_BITS)
    }
}

#[cfg(test)]
mod tests;
