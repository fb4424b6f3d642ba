use super::*;
use std::time::{Duration, UNIX_EPOCH};

const N_HEX_LOWER: &str = "ffffffffffffffffc90fdaa22168c234c4c6628b80dc1cd129024e088a67cc74020bbea63b139b22514a08798e3404ddef9519b3cd3a431b302b0a6df25f14374fe1356d6d51c245e485b576625e7ec6f44c42e9a637ed6b0bff5cb6f406b7edee386bfb5a899fa5ae9f24117c4b1fe649286651ece45b3dc2007cb8a163bf0598da48361c55d39a69163fa8fd24cf5f83655d23dca3ad961c62f356208552bb9ed529077096966d670c354e4abc9804f1746c08ca18217c32905e462e36ce3be39e772c180e86039b2783a2ec07a28fb5c55df06f4c52c9de2bcbf6955817183995497cea956ae515d2261898fa051015728e5a8aaac42dad33170d04507a33a85521abdf1cba64ecfb850458dbef0a8aea71575d060c7db3970f85a6e1e4c7abf5ae8cdb0933d71e8c94e04a25619dcee3d2261ad2ee6bf12ffa06d98a0864d87602733ec86a64521f2b18177b200cbbe117577a615d6c770988c0bad946e208e24fa074e5ab3143db5bfce0fd108e4b82d120a93ad2caffffffffffffffff";

#[test]
fn timestamps_are_english_with_an_unpadded_day() {
    // 2024-03-05T07:08:09Z was a Tuesday.
    let t = UNIX_EPOCH + Duration::from_secs(1_709_622_489);
    assert_eq!(timestamp(t), "Tue Mar 5 07:08:09 UTC 2024");
    let t = UNIX_EPOCH + Duration::from_secs(1_735_689_599); // 2024-12-31T23:59:59Z
    assert_eq!(timestamp(t), "Tue Dec 31 23:59:59 UTC 2024");
}

#[test]
fn server_values_that_break_the_protocol_are_refused() {
    let c = SrpClient::from_private_hex("1234").unwrap();
    let key = |b: &str| c.authentication_key("pool", "user", "pw", "01", b);
    for zero_mod_n in ["0", "-0", "000", N_HEX_LOWER, &format!("-{N_HEX_LOWER}")] {
        let e = key(zero_mod_n).unwrap_err();
        assert_eq!(e.kind(), "InvalidResponse", "{zero_mod_n}");
    }
    let too_long = format!("1{N_HEX_LOWER}");
    assert_eq!(key(&too_long).unwrap_err().kind(), "InvalidResponse");
    for bad in ["", "xyz", "12 34"] {
        assert_eq!(key(bad).unwrap_err().kind(), "InvalidResponse", "B={bad:?}");
        let e = c
            .authentication_key("pool", "user", "pw", bad, "02")
            .unwrap_err();
        assert_eq!(e.kind(), "InvalidResponse", "salt={bad:?}");
    }
    assert!(key("02").is_ok());
}

#[test]
fn a_fresh_ephemeral_is_random_and_never_printed() {
    let a = SrpClient::generate().unwrap();
    let b = SrpClient::generate().unwrap();
    assert_ne!(a.public_a_hex(), b.public_a_hex());
    assert!(a.public_a_hex().len() > 700, "A is a 3072-bit number");
    let k = a
        .authentication_key("p", "u", "hunter2", "ab", "cd")
        .unwrap();
    let printed = format!("{a:?} {k:?}");
    assert!(!printed.contains("hunter2"));
    assert!(!printed.contains(&hex_key(k.key_bytes())));
}

fn hex_key(k: &[u8]) -> String {
    k.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn secret_blocks_decode_like_node_when_not_base64() {
    assert_eq!(decode_secret_block("AAEC").unwrap(), vec![0, 1, 2]);
    // moto's SECRET_BLOCK is a UUID; Node reads '-' as base64url's 62.
    let uuid = "0b8d2f7e-6a1c-4c3b-9e2f-1a2b3c4d5e6f";
    assert_eq!(decode_secret_block(uuid).unwrap().len(), 27);
    assert!(decode_secret_block("@@@@").unwrap().is_empty());
}

#[test]
fn device_verifier_is_g_to_the_x() {
    let v = DeviceVerifier::with_salt("group", "device", "pw", &[0, 0x80, 1]);
    use base64::Engine;
    let salt = base64::engine::general_purpose::STANDARD
        .decode(&v.salt)
        .unwrap();
    assert_eq!(
        salt,
        vec![0, 0x80, 1],
        "leading zero dropped, 00 before a high bit"
    );
    let (pw, gen_v) = DeviceVerifier::generate("group", "device").unwrap();
    assert_eq!(
        base64::engine::general_purpose::STANDARD
            .decode(&pw)
            .unwrap()
            .len(),
        40
    );
    assert_eq!(format!("{gen_v:?}"), "DeviceVerifier(***)");
}

#[test]
fn the_prepared_ephemeral_is_used_once() {
    prepare().unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (a, b) = rt.block_on(async {
        (
            take_prepared().await.unwrap(),
            take_prepared().await.unwrap(),
        )
    });
    assert_ne!(a.public_a_hex(), b.public_a_hex());
}

#[test]
fn fixed_base_tables_agree_with_the_plain_exponentiation() {
    use crypto_bigint::{U256, U1024};
    let ones = U1024::MAX;
    let mut edge = vec![
        U1024::ZERO,
        U1024::ONE,
        U1024::from_u8(2),
        ones,
        ones.shr_vartime(1),
        U1024::ONE.shl_vartime(1023),
        U1024::ONE.shl_vartime(204),
        U1024::ONE.shl_vartime(205),
    ];
    for seed in 1..6u64 {
        let mut bytes = [0u8; 128];
        let mut x = seed;
        for b in bytes.iter_mut() {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            *b = (x >> 56) as u8;
        }
        edge.push(U1024::from_be_slice(&bytes));
    }
    for e in &edge {
        // 1025 bits takes the window method; the value is the same for e < 2^1024.
        assert_eq!(
            bigint::GROUP.pow_g(e, 1024),
            bigint::GROUP.pow_g(e, 1025),
            "1024-bit comb, e = {e:?}"
        );
        let x: U256 = e.resize();
        assert_eq!(
            bigint::GROUP.pow_g(&x, 256),
            bigint::GROUP.pow_g(&x, 257),
            "256-bit comb, x = {x:?}"
        );
    }
}
