//! Fixtures shared by the benches: Cognito-sized tokens, and clients whose store already holds
//! a signed-in session — put there by the real sign-in path (`USER_PASSWORD_AUTH` answered
//! by a scripted server on the loopback), so the benches use only the public API and time
//! no network.

#![allow(dead_code)]

use base64::Engine;
use cognito_auth::{
    AuthClient, AuthConfig, AuthOptions, AwsCredentials, FileStore, MemoryStore, RequestToSign,
    Secret, SecureStore, SignInFlow, SignInOptions,
};
use cognito_auth::{RetryPolicy, WireOptions};
use cognito_auth_testkit::{Reply, ScriptedServer};
use serde_json::{Value, json};
use std::path::Path;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

pub const POOL_ID: &str = "us-east-1_AbCdEfGhI";
pub const CLIENT_ID: &str = "3q7n0ek5u1jvq6h1k8e0c2s9ab";
pub const IDENTITY_POOL_ID: &str = "us-east-1:6b1e1c4e-4c2a-4f0e-9f53-5d0a3f1b7c21";
pub const USERNAME: &str = "alice";
pub const SUB: &str = "8f2c1d0e-3b4a-4c5d-9e6f-7a8b9c0d1e2f";

/// SRP inputs shared with the peers (tests/srp/bench_js.js, bench/peers_py.py).
pub mod srp {
    pub const POOL_NAME: &str = "AbCdEfGhI";
    pub const USER: &str = "alice";
    pub const PASSWORD: &str = "Corr3ct-Horse!";
    pub const SALT: &str = "3f1e2d3c4b5a6978";
    pub const SECRET_BLOCK: &str = "c2VjcmV0LWJsb2NrLW9mLXRoZS1zZXJ2ZXI=";
    pub const TIMESTAMP: &str = "Mon Mar 3 09:05:07 UTC 2025";

    /// SRP_B: `c0ffee0123456789abcdef0123456789abcdef` twenty times (3040 bits).
    pub fn b() -> String {
        "c0ffee0123456789abcdef0123456789abcdef".repeat(20)
    }
}

/// Deterministic filler for signatures and the opaque refresh token.
fn filler(len: usize, seed: u64) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut x = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    (0..len)
        .map(|_| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ALPHABET[(x >> 58) as usize] as char
        })
        .collect()
}

fn b64(v: &Value) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
}

/// RS256-style JWT with a 2048-bit signature's worth of base64url, as Cognito issues.
fn jwt(header: Value, claims: Value, seed: u64) -> String {
    format!("{}.{}.{}", b64(&header), b64(&claims), filler(342, seed))
}

/// ID, access and refresh tokens shaped and sized like Cognito's (about 1.1 kB, 1.0 kB and
/// 1.8 kB), valid from `iat` for an hour.
#[derive(Debug, Clone)]
pub struct Tokens {
    pub id: String,
    pub access: String,
    pub refresh: String,
    pub exp: i64,
}

impl Tokens {
    pub fn valid_for_an_hour() -> Self {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        Self::issued_at(now)
    }

    pub fn issued_at(iat: i64) -> Self {
        let exp = iat + 3600;
        let iss = format!("https://cognito-idp.us-east-1.amazonaws.com/{POOL_ID}");
        let header = |kid| json!({"kid": filler(43, kid) + "=", "alg": "RS256"});
        let id = jwt(
            header(1),
            json!({
                "sub": SUB, "email_verified": true, "iss": iss,
                "cognito:username": USERNAME, "origin_jti": "0d5f8a7e-1c2b-4a3d-8e9f-0a1b2c3d4e5f",
                "aud": CLIENT_ID, "event_id": "5e4d3c2b-1a09-4f8e-a7d6-c5b4a3928170",
                "token_use": "id", "auth_time": iat, "exp": exp, "iat": iat,
                "jti": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", "email": "alice@example.com",
            }),
            3,
        );
        let access = jwt(
            header(2),
            json!({
                "sub": SUB, "iss": iss, "client_id": CLIENT_ID,
                "origin_jti": "0d5f8a7e-1c2b-4a3d-8e9f-0a1b2c3d4e5f",
                "event_id": "5e4d3c2b-1a09-4f8e-a7d6-c5b4a3928170", "token_use": "access",
                "scope": "aws.cognito.signin.user.admin", "auth_time": iat, "exp": exp,
                "iat": iat, "jti": "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e", "username": USERNAME,
            }),
            4,
        );
        // A JWE: header, encrypted key, IV, ciphertext, tag.
        let refresh = format!(
            "eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiUlNBLU9BRVAifQ.{}.{}.{}.{}",
            filler(342, 5),
            filler(22, 6),
            filler(1350, 7),
            filler(22, 8)
        );
        Self {
            id,
            access,
            refresh,
            exp,
        }
    }

    /// `InitiateAuth`'s answer carrying these tokens.
    pub fn authentication_result(&self) -> Value {
        json!({"AuthenticationResult": {
            "AccessToken": self.access, "IdToken": self.id, "RefreshToken": self.refresh,
            "ExpiresIn": 3600, "TokenType": "Bearer",
        }})
    }
}

/// `amplify_outputs.json` for the pool (and, with `identity_pool`, an identity pool).
pub fn outputs(identity_pool: bool) -> String {
    let mut auth = json!({
        "aws_region": "us-east-1",
        "user_pool_id": POOL_ID,
        "user_pool_client_id": CLIENT_ID,
        "unauthenticated_identities_enabled": false,
    });
    if identity_pool {
        auth["identity_pool_id"] = json!(IDENTITY_POOL_ID);
    }
    json!({"version": "1.3", "auth": auth}).to_string()
}

/// `amplifyconfiguration.json` (Gen 1) for the same pools.
pub fn gen1_configuration() -> String {
    json!({
        "UserAgent": "aws-amplify-cli/2.0",
        "Version": "1.0",
        "auth": {"plugins": {"awsCognitoAuthPlugin": {
            "UserAgent": "aws-amplify-cli/0.1.0",
            "Version": "0.1.0",
            "IdentityManager": {"Default": {}},
            "CredentialsProvider": {"CognitoIdentity": {"Default": {
                "PoolId": IDENTITY_POOL_ID, "Region": "us-east-1"}}},
            "CognitoUserPool": {"Default": {
                "PoolId": POOL_ID, "AppClientId": CLIENT_ID, "Region": "us-east-1"}},
            "Auth": {"Default": {
                "authenticationFlowType": "USER_SRP_AUTH",
                "socialProviders": [],
                "usernameAttributes": [],
                "signupAttributes": ["EMAIL"],
                "passwordProtectionSettings": {"passwordPolicyMinLength": 8,
                    "passwordPolicyCharacters": []},
                "mfaConfiguration": "OFF",
                "mfaTypes": ["SMS"],
                "verificationMechanisms": ["EMAIL"],
            }},
        }}},
    })
    .to_string()
}

/// Options with `store`, no retries, the system clock.
pub fn options(store: Arc<dyn SecureStore>) -> AuthOptions {
    AuthOptions {
        wire: WireOptions {
            retry: RetryPolicy::none(),
            ..WireOptions::default()
        },
        storage: store,
        ..AuthOptions::default()
    }
}

/// A client on `store` for the pool behind `endpoint` (when given).
pub fn client(
    store: Arc<dyn SecureStore>,
    identity_pool: bool,
    endpoint: Option<&str>,
) -> AuthClient {
    let mut config = AuthConfig::from_json(&outputs(identity_pool)).expect("config");
    if let Some(url) = endpoint {
        let url: url::Url = url.parse().expect("url");
        config = config
            .with_user_pool_endpoint(url.clone())
            .with_identity_pool_endpoint(url);
    }
    AuthClient::new(config, options(store)).expect("client")
}

/// Signs `USERNAME` in through `USER_PASSWORD_AUTH` against a scripted server that answers
/// with `tokens` (and, for an identity pool, an identity id and hour-long credentials), then
/// fetches the session once so everything is cached. Returns the signed-in client.
pub async fn signed_in(
    store: Arc<dyn SecureStore>,
    identity_pool: bool,
    tokens: &Tokens,
) -> AuthClient {
    let expiration = tokens.exp;
    let server = ScriptedServer::start(vec![
        Reply::json(tokens.authentication_result()),
        Reply::json(json!({"IdentityId": "us-east-1:0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9"})),
        Reply::json(json!({
            "IdentityId": "us-east-1:0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9",
            "Credentials": {
                "AccessKeyId": "ASIAEXAMPLEEXAMPLE12",
                "SecretKey": filler(40, 9),
                "SessionToken": filler(900, 10),
                "Expiration": expiration,
            },
        })),
    ]);
    let client = client(store, identity_pool, Some(&server.url()));
    let options = SignInOptions {
        flow: Some(SignInFlow::UserPassword),
        ..SignInOptions::default()
    };
    client
        .sign_in(USERNAME, Some("Corr3ct-Horse!"), options)
        .await
        .expect("sign-in against the scripted server");
    let session = client.fetch_auth_session(false).await;
    assert!(session.tokens.is_ok(), "{:?}", session.tokens);
    if identity_pool {
        assert!(
            session.aws_credentials.is_ok(),
            "{:?}",
            session.aws_credentials
        );
    }
    client
}

/// A memory store or a file store in `dir`.
pub fn store(dir: Option<&Path>) -> Arc<dyn SecureStore> {
    match dir {
        Some(d) => Arc::new(FileStore::new(d).expect("file store")),
        None => Arc::new(MemoryStore::new()),
    }
}

/// A fresh temporary directory (removed by the caller).
pub fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir =
        std::env::temp_dir().join(format!("cognito-auth-bench-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Signing time of the SigV4 bench (2025-03-03T09:05:07Z).
pub const SIGV4_TIME: u64 = 1_740_992_707;

/// The small request signed by the SigV4 benches; `make bench` signs the same one with
/// botocore (bench/peers_py.py).
pub fn sigv4_request() -> (RequestToSign, AwsCredentials) {
    let request = RequestToSign {
        method: "POST".into(),
        url: SIGV4_URL.into(),
        headers: vec![("Content-Type".into(), "application/json".into())],
        body: SIGV4_BODY.as_bytes().to_vec(),
        allow_http: false,
    };
    let credentials = AwsCredentials {
        access_key_id: "ASIAEXAMPLEEXAMPLE12".into(),
        secret_access_key: Secret::new(SIGV4_SECRET),
        session_token: Secret::new(sigv4_session_token()),
        expiration: 4_102_444_800,
    };
    (request, credentials)
}

pub const SIGV4_URL: &str =
    "https://abc123.execute-api.us-east-1.amazonaws.com/prod/items?limit=10";
pub const SIGV4_BODY: &str = r#"{"name":"widget","count":3}"#;
pub const SIGV4_SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

/// A session token of realistic length (about 900 characters).
pub fn sigv4_session_token() -> String {
    "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN".repeat(26)
}
