//! The numbers of SRP: the 3072-bit group in Montgomery form, Java-style signed hex, and PAD.

use crypto_bigint::modular::{FixedMontyForm, FixedMontyParams};
use crypto_bigint::{NonZero, Odd, U256, U1024, U1536, U3072};
use sha2::{Digest, Sha256};
use std::fmt;
use std::sync::LazyLock;

/// RFC 5054's 3072-bit prime.
const N_HEX: &str = concat!(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A0879",
    "8E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B",
    "0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA4836",
    "1C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804",
    "F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6",
    "955817183995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64",
    "ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D226",
    "1AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E2",
    "08E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF"
);

/// Bits of the exponent a + u·x: a has 1024 bits, u·x at most 512, the sum at most 1025.
pub(crate) const EXPONENT_BITS: u32 = 1025;

/// Bytes of a 3072-bit number.
const N_BYTES: usize = 384;

/// The group: N, g = 2 and k = H(N ‖ PAD(g)), ready for Montgomery arithmetic.
pub(crate) struct Group {
    n: U3072,
    params: FixedMontyParams<{ U3072::LIMBS }>,
    g: FixedMontyForm<{ U3072::LIMBS }>,
    k: FixedMontyForm<{ U3072::LIMBS }>,
    /// Fixed-base tables for gᵃ (1024-bit a) and gˣ (256-bit x).
    comb_1024: Comb<5>,
    comb_256: Comb<4>,
}

pub(crate) static GROUP: LazyLock<Group> = LazyLock::new(|| {
    let n = U3072::from_be_hex(N_HEX);
    let odd = Odd::new(n).expect("N is odd");
    let params = FixedMontyParams::new_vartime(odd);
    let g = FixedMontyForm::new(&U3072::from_u8(2), &params);
    let k_digest: [u8; 32] = Sha256::new()
        .chain_update(pad(&n.to_be_bytes()))
        .chain_update(pad(&[2]))
        .finalize()
        .into();
    let k = FixedMontyForm::new(&U256::from_be_slice(&k_digest).resize(), &params);
    Group {
        n,
        params,
        g,
        k,
        comb_1024: Comb::new(&g, 1024),
        comb_256: Comb::new(&g, 256),
    }
});

impl Group {
    /// gᵉ mod N, constant time for exponents of `bits` bits. The two sizes SRP uses (1024-bit
    /// a, 256-bit x) go through the fixed-base tables: a quarter to a fifth of the squarings.
    pub(crate) fn pow_g<const L: usize>(&self, e: &crypto_bigint::Uint<L>, bits: u32) -> U3072 {
        let e = zeroize::Zeroizing::new(e.resize::<{ U3072::LIMBS }>());
        match bits {
            1024 => self.comb_1024.pow(&e, &self.params),
            256 => self.comb_256.pow(&e, &self.params),
            // Almost-Montgomery multiplication: ~14% faster than plain, equally constant-time.
            _ => self.g.pow_amm_bounded_exp(&e, bits).retrieve(),
        }
    }

    /// baseᵉ mod N, constant time for exponents of `bits` bits.
    pub(crate) fn pow<const L: usize>(
        &self,
        base: &U3072,
        e: &crypto_bigint::Uint<L>,
        bits: u32,
    ) -> U3072 {
        let e = zeroize::Zeroizing::new(e.resize::<{ U3072::LIMBS }>());
        FixedMontyForm::new(base, &self.params)
            .pow_amm_bounded_exp(&e, bits)
            .retrieve()
    }

    /// (b − k·v) mod N, for b < N.
    pub(crate) fn sub_k_times(&self, b: &U3072, v: &U3072) -> U3072 {
        let b = FixedMontyForm::new(b, &self.params);
        let kv = self.k.mul(&FixedMontyForm::new(v, &self.params));
        b.sub(&kv).retrieve()
    }

    /// v mod N (non-negative), or `None` when v has more than 3072 bits.
    pub(crate) fn reduce(&self, v: &JavaHex) -> Option<U3072> {
        if v.magnitude.len() > N_BYTES {
            return None;
        }
        let n = NonZero::new(self.n).expect("N is not zero");
        let r = u3072_from_be(&v.magnitude).rem_vartime(&n);
        if v.negative && !r.is_zero_vartime() {
            Some(self.n.wrapping_sub(&r))
        } else {
            Some(r)
        }
    }
}

/// Fixed-base exponentiation by the comb method (Lim–Lee with one table): for exponents of
/// `bits` = H·d bits, `table[c]` = ∏ g^(2^(j·d)) over the set bits j of the H-bit column c.
/// gᵉ is then d squarings and d multiplications by the table entry of column i (bits i, i+d,
/// …, i+(H−1)·d of e), where the plain window method needs `bits` squarings. The table holds
/// only public values (powers of g); every entry is read for each lookup and the loop bounds
/// depend only on `bits`, so the time does not depend on e.
pub(crate) struct Comb<const H: usize> {
    bits: u32,
    d: u32,
    /// Entries in Montgomery form (without the parameters each `FixedMontyForm` carries, so a
    /// constant-time scan reads 384 bytes per entry).
    table: Vec<U3072>,
}

impl<const H: usize> Comb<H> {
    fn new(g: &FixedMontyForm<{ U3072::LIMBS }>, bits: u32) -> Self {
        let d = bits.div_ceil(H as u32);
        // bases[j] = g^(2^(j·d)); the squaring count is public.
        let mut bases = vec![*g];
        for j in 1..H {
            bases.push(bases[j - 1].square_repeat_vartime(d));
        }
        let mut table = vec![FixedMontyForm::one(g.params()); 1 << H];
        for c in 1..1usize << H {
            let top = usize::BITS - 1 - c.leading_zeros();
            table[c] = table[c ^ (1 << top)].mul(&bases[top as usize]);
        }
        let table = table.iter().map(|v| *v.as_montgomery()).collect();
        Self { bits, d, table }
    }

    /// gᵉ mod N for e < 2^bits (higher bits are ignored).
    fn pow(&self, e: &U3072, params: &FixedMontyParams<{ U3072::LIMBS }>) -> U3072 {
        use crypto_bigint::{CtAssign, CtEq, MontyForm, MontyMultiplier, Word};
        let limbs = e.as_words();
        let mut m = <FixedMontyForm<{ U3072::LIMBS }> as MontyForm>::Multiplier::from(params);
        let mut z = FixedMontyForm::one(params);
        let mut entry = z;
        for i in (0..self.d).rev() {
            if i + 1 < self.d {
                m.square_assign(&mut z);
            }
            let mut column: Word = 0;
            for j in 0..H as u32 {
                let k = i + j * self.d;
                if k < self.bits {
                    let bit = (limbs[(k / Word::BITS) as usize] >> (k % Word::BITS)) & 1;
                    column |= bit << j;
                }
            }
            let slot = entry.as_montgomery_mut();
            *slot = self.table[0];
            for (c, value) in self.table.iter().enumerate().skip(1) {
                slot.ct_assign(value, (c as Word).ct_eq(&column));
            }
            m.mul_assign(&mut z, &entry);
            zeroize::Zeroize::zeroize(&mut column);
        }
        zeroize::Zeroize::zeroize(&mut entry);
        let out = z.retrieve();
        zeroize::Zeroize::zeroize(&mut z);
        out
    }
}

/// a + u·x as a 1536-bit number (it fits in 1025 bits).
pub(crate) fn a_plus_ux(a: &U1024, u: &U256, x: &U256) -> U1536 {
    let (lo, hi) = u.widening_mul(x);
    let ux: U1536 = lo
        .resize::<{ U1536::LIMBS }>()
        .wrapping_add(&hi.resize::<{ U1536::LIMBS }>().shl_vartime(256));
    a.resize::<{ U1536::LIMBS }>().wrapping_add(&ux)
}

pub(crate) fn u1024_from_be(bytes: &[u8]) -> U1024 {
    let mut buf = zeroize::Zeroizing::new([0u8; 128]);
    buf[128 - bytes.len()..].copy_from_slice(bytes);
    U1024::from_be_slice(buf.as_ref())
}

fn u3072_from_be(bytes: &[u8]) -> U3072 {
    let mut buf = [0u8; N_BYTES];
    buf[N_BYTES - bytes.len()..].copy_from_slice(bytes);
    U3072::from_be_slice(&buf)
}

/// PAD of a non-negative number given as big-endian bytes (leading zeros allowed): its
/// minimal two's-complement encoding (`00` before a set high bit; zero is `00`).
pub(crate) fn pad(be: &[u8]) -> Vec<u8> {
    JavaHex::from_unsigned(be).pad()
}

/// Lowercase hex without leading zeros (zero is `0`), as `BigInteger.toString(16)`.
pub(crate) fn hex_trimmed(be: &[u8]) -> String {
    let mut s = String::with_capacity(be.len() * 2);
    for b in be {
        s.push_str(&format!("{b:02x}"));
    }
    let t = s.trim_start_matches('0');
    if t.is_empty() { "0".into() } else { t.into() }
}

/// A signed integer read from hex the way Java's `BigInteger(s, 16)` and jsbn read it: an
/// optional leading `-`, leading zero digits ignored.
#[derive(Clone, PartialEq, Eq)]
pub struct JavaHex {
    negative: bool,
    /// Big-endian magnitude without leading zero bytes (empty for zero).
    magnitude: Vec<u8>,
}

impl fmt::Debug for JavaHex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.negative { "-" } else { "" };
        write!(f, "JavaHex({sign}{})", hex_trimmed(&self.magnitude))
    }
}

impl JavaHex {
    /// Parses `[-]hexdigits`.
    pub fn parse(s: &str) -> Result<Self, String> {
        let (negative, digits) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        if digits.is_empty() {
            return Err("empty number".into());
        }
        if let Some(c) = digits.chars().find(|c| !c.is_ascii_hexdigit()) {
            return Err(format!("`{}` is not a hex digit", c.escape_default()));
        }
        let digits = digits.trim_start_matches('0');
        let mut magnitude = Vec::with_capacity(digits.len().div_ceil(2));
        let bytes = digits.as_bytes();
        let odd = bytes.len() % 2;
        if odd == 1 {
            magnitude.push(nibble(bytes[0]));
        }
        for pair in bytes[odd..].chunks(2) {
            magnitude.push(nibble(pair[0]) << 4 | nibble(pair[1]));
        }
        Ok(Self {
            negative: negative && !magnitude.is_empty(),
            magnitude,
        })
    }

    /// A non-negative number from big-endian bytes.
    pub fn from_unsigned(be: &[u8]) -> Self {
        let start = be.iter().position(|b| *b != 0).unwrap_or(be.len());
        Self {
            negative: false,
            magnitude: be[start..].to_vec(),
        }
    }

    /// Whether the value is below zero.
    pub fn is_negative(&self) -> bool {
        self.negative
    }

    /// The absolute value, big-endian, without leading zero bytes.
    pub fn magnitude(&self) -> &[u8] {
        &self.magnitude
    }

    /// The minimal two's-complement big-endian encoding (`BigInteger.toByteArray()`, the
    /// `padHex` of amazon-cognito-identity-js).
    pub fn pad(&self) -> Vec<u8> {
        if self.magnitude.is_empty() {
            return vec![0];
        }
        if !self.negative {
            let mut out = Vec::with_capacity(self.magnitude.len() + 1);
            if self.magnitude[0] & 0x80 != 0 {
                out.push(0);
            }
            out.extend_from_slice(&self.magnitude);
            return out;
        }
        // 2^(8·len) − magnitude, then one 0xFF byte more if the sign bit is not set.
        let mut out = self.magnitude.iter().map(|b| !b).collect::<Vec<u8>>();
        for b in out.iter_mut().rev() {
            let (v, carry) = b.overflowing_add(1);
            *b = v;
            if !carry {
                break;
            }
        }
        if out[0] & 0x80 == 0 {
            out.insert(0, 0xff);
        }
        out
    }
}

fn nibble(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        _ => c - b'A' + 10,
    }
}
