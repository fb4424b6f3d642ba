//! Shared helpers of the sign-in and user suites.

use cognito_auth::{AuthClient, AuthConfig, AuthOptions, MemoryStore};
use std::sync::Arc;

/// A client for `outputs` (amplify_outputs.json text) at `endpoint`, with its own store.
pub fn client(outputs: &str, endpoint: &str) -> (AuthClient, Arc<MemoryStore>) {
    let store = Arc::new(MemoryStore::new());
    (client_with_store(outputs, endpoint, store.clone()), store)
}

/// A client sharing `store` (a second app launch).
pub fn client_with_store(outputs: &str, endpoint: &str, store: Arc<MemoryStore>) -> AuthClient {
    let config = AuthConfig::from_json(outputs)
        .unwrap()
        .with_user_pool_endpoint(endpoint.parse().unwrap());
    AuthClient::new(
        config,
        AuthOptions {
            storage: store,
            ..Default::default()
        },
    )
    .unwrap()
}

/// Whether nothing is kept for the configuration: the only namespace allowed is the store's
/// own bookkeeping (`cognito-auth`, which records the configuration in use).
pub fn nothing_stored(store: &MemoryStore) -> bool {
    store.namespaces().iter().all(|ns| ns == "cognito-auth")
}

/// The configuration's namespace (`cognito-auth.<fingerprint>`).
pub fn config_namespace(store: &MemoryStore) -> String {
    store
        .namespaces()
        .into_iter()
        .find(|ns| ns.starts_with("cognito-auth."))
        .expect("something stored for the configuration")
}

/// RFC 6238 TOTP (SHA-1, 30 s, 6 digits) of a base32 secret, computed here independently of
/// the servers, for moto's TOTP-checking mode and our test server.
pub fn totp(secret_b32: &str, unix: u64) -> String {
    use hmac::{Hmac, KeyInit, Mac};
    let key = base32_decode(secret_b32);
    let mut mac = <Hmac<sha1::Sha1> as KeyInit>::new_from_slice(&key).unwrap();
    mac.update(&(unix / 30).to_be_bytes());
    let d = mac.finalize().into_bytes();
    let off = (d[19] & 0x0f) as usize;
    let n = u32::from_be_bytes([d[off] & 0x7f, d[off + 1], d[off + 2], d[off + 3]]) % 1_000_000;
    format!("{n:06}")
}

fn base32_decode(s: &str) -> Vec<u8> {
    const ALPHA: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut bits = 0u64;
    let mut n = 0;
    let mut out = Vec::new();
    for c in s.trim_end_matches('=').bytes() {
        let v = ALPHA
            .iter()
            .position(|a| *a == c.to_ascii_uppercase())
            .expect("base32") as u64;
        bits = (bits << 5) | v;
        n += 5;
        if n >= 8 {
            n -= 8;
            out.push((bits >> n) as u8);
        }
    }
    out
}

/// The current TOTP code, taken early enough in its 30-second window that the server checks
/// it in the same window (servers here accept only the current one).
pub async fn fresh_totp(secret_b32: &str) -> String {
    let left = 30 - now() % 30;
    if left < 3 {
        tokio::time::sleep(std::time::Duration::from_secs(left + 1)).await;
    }
    totp(secret_b32, now())
}

pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// A code of the right shape that is not `code`.
pub fn wrong_code(code: &str) -> &'static str {
    if code == "000000" { "111111" } else { "000000" }
}

/// Our test server's user `cora` with two CUSTOM_AUTH challenges: "2+2?" (answer "4") then
/// "capital of France?" ("Paris").
pub async fn add_quiz_user(server: &cognito_auth_testkit::CognitoTestServer, password: &str) {
    let challenges = serde_json::json!([
        {"question": "2+2?", "answer": "4"},
        {"question": "capital of France?", "answer": "Paris"}
    ]);
    server
        .add_user(
            serde_json::json!({"username": "cora", "password": password, "custom_challenges": challenges}),
        )
        .await;
}
