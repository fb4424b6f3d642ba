//! No secret in logs, error messages or Debug prints. Two halves:
//!
//! 1. `Debug` of every public type, built around known secret values. The list is checked
//!    against the source: a new `pub struct`/`pub enum`/`pub trait` in `core/src` fails
//!    `every_public_type_is_accounted_for` until it gets a sample here or an exemption saying
//!    why it cannot hold a secret. The crate-private wire types have the same check in
//!    `core/src/wire/secrecy_tests.rs`.
//! 2. The flows against the peers (moto through the fault proxy, oidc-provider), with
//!    `tracing` captured at TRACE level, including error paths where the server echoes the
//!    whole request back: the secrets actually sent (taken from what the proxy saw) appear
//!    nowhere in the log, the errors or the Debug prints of the results.

use crate::support::web;

use crate::support::reliability::*;
use cognito_auth::*;
use cognito_auth_testkit::{Fault, FaultProxy};
use std::collections::BTreeSet;
use std::sync::Arc;

const PASSWORD: &str = "Pw-S3cret-passw0rd";
const ID_TOKEN: &str = "eyJzecret.id-token-value.sig";
const ACCESS_TOKEN: &str = "eyJzecret.access-token-value.sig";
const REFRESH_TOKEN: &str = "refresh-token-secret-value";
const SECRET_KEY: &str = "aws-secret-access-key-value";
const SESSION_TOKEN: &str = "aws-session-token-value";
const CLIENT_SECRET: &str = "app-client-secret-value";
const SESSION: &str = "cognito-session-secret-value";
const CODE: &str = "confirmation-code-998877";
const PROVIDER_TOKEN: &str = "google-id-token-secret";

const SECRETS: &[&str] = &[
    TOTP_SECRET,
    DEVICE_PASSWORD,
    PASSWORD,
    ID_TOKEN,
    ACCESS_TOKEN,
    REFRESH_TOKEN,
    SECRET_KEY,
    SESSION_TOKEN,
    CLIENT_SECRET,
    SESSION,
    CODE,
    PROVIDER_TOKEN,
];

/// The forms a secret may take in text: itself, JSON-escaped, percent-encoded, and Rust's
/// `Debug` of its bytes (`[101, 121, …]`, how a `Vec<u8>` body prints).
fn forms(secret: &str) -> Vec<String> {
    let mut out = vec![secret.to_owned()];
    let json = serde_json::to_string(secret).unwrap();
    out.push(json.trim_matches('"').to_owned());
    out.push(url::form_urlencoded::byte_serialize(secret.as_bytes()).collect());
    let bytes: Vec<String> = secret.bytes().take(12).map(|b| b.to_string()).collect();
    out.push(bytes.join(", "));
    out.sort();
    out.dedup();
    out
}

fn assert_clean(what: &str, text: &str, secrets: &[String]) {
    for s in secrets.iter().filter(|s| s.len() >= 4) {
        for form in forms(s) {
            assert!(
                !text.contains(&form),
                "{what} shows a secret ({s:?} as {form:?}):\n{text}"
            );
        }
    }
}

fn tokens() -> UserPoolTokens {
    UserPoolTokens {
        id_token: Secret::new(ID_TOKEN),
        access_token: Secret::new(ACCESS_TOKEN),
        refresh_token: Some(Secret::new(REFRESH_TOKEN)),
        expires_at: 1_700_000_000,
    }
}

fn credentials() -> AwsCredentials {
    AwsCredentials {
        access_key_id: "AKIAEXAMPLE".into(),
        secret_access_key: Secret::new(SECRET_KEY),
        session_token: Secret::new(SESSION_TOKEN),
        expiration: 1_700_000_000,
    }
}

fn config() -> AuthConfig {
    AuthConfig::from_json(
        &serde_json::json!({"auth": {
            "aws_region": "us-east-1",
            "user_pool_id": "us-east-1_Secrets",
            "user_pool_client_id": "client123",
            "user_pool_client_secret": CLIENT_SECRET,
            "identity_pool_id": "us-east-1:00000000-0000-4000-8000-000000000000",
            "oauth": {"domain": "example.auth.us-east-1.amazoncognito.com",
                      "scopes": ["openid"], "redirect_sign_in_uri": ["myapp://callback"],
                      "redirect_sign_out_uri": ["myapp://signout"], "response_type": "code"}
        }})
        .to_string(),
    )
    .unwrap()
}

const TOTP_SECRET: &str = "JBSWY3DPEHPK3PXPTOTPSECRET";
const DEVICE_PASSWORD: &str = "device-password-secret-value";
/// An SRP private value a (hex).
const SRP_PRIVATE: &str = "1f2e3d4c5b6a79887766554433221100ffeeddccbbaa99887766554433221100";

fn totp() -> TotpSetupDetails {
    TotpSetupDetails {
        shared_secret: Secret::new(TOTP_SECRET),
        username: "alice".into(),
    }
}

/// The TOTP set-up screen's step: the key and the URI that carries it.
fn totp_step() -> AuthenticatorStep {
    AuthenticatorStep::SetupTotp {
        shared_secret: TOTP_SECRET.into(),
        setup_uri: totp().setup_uri("Issuer", None),
    }
}

/// A password field holding what was typed (the core never fills one; a renderer may).
fn secret_field() -> FormField {
    FormField {
        name: "password".into(),
        kind: FieldKind::Password,
        label: "Password".into(),
        accessibility_label: "Password, required".into(),
        hint: None,
        value: PASSWORD.into(),
        required: true,
        error: None,
    }
}

fn derived_key() -> cognito_auth::srp::DerivedKey {
    cognito_auth::srp::SrpClient::from_private_hex(SRP_PRIVATE)
        .unwrap()
        .authentication_key("abc", "alice", PASSWORD, "7f3a", "0a1b2c3d4e5f")
        .unwrap()
}

/// Secrets that only exist once computed: the SRP key, the device verifier.
fn derived_secrets() -> Vec<String> {
    let key = derived_key();
    let hex: String = key.key_bytes().iter().map(|b| format!("{b:02x}")).collect();
    let verifier = cognito_auth::srp::DeviceVerifier::with_salt(
        "group",
        "us-east-1_device",
        DEVICE_PASSWORD,
        &[1; 16],
    );
    vec![hex, verifier.password_verifier, SRP_PRIVATE.to_owned()]
}

/// `(type name, Debug output)` of every public type that can hold a secret, built around the
/// secrets above.
async fn debug_samples() -> Vec<(&'static str, String)> {
    let dir = std::env::temp_dir().join(format!("cognito-auth-secrets-{}", std::process::id()));
    let key = StoreKey::from_bytes(CLIENT_SECRET.as_bytes()[..16].repeat(2).as_slice()).unwrap();
    let file_store = FileStore::encrypted(&dir, key.clone()).unwrap();
    let memory = MemoryStore::new();
    memory
        .set("ns", "k", REFRESH_TOKEN.as_bytes().to_vec())
        .await
        .unwrap();
    let options = AuthOptions {
        storage: Arc::new(memory),
        ..AuthOptions::default()
    };
    let client = AuthClient::new(config(), options.clone()).unwrap();
    let cfg = config();
    let user_pool = cfg.user_pool.clone().unwrap();
    let session = AuthSession {
        is_signed_in: true,
        user_sub: Ok("sub".into()),
        tokens: Ok(tokens()),
        identity_id: Ok("us-east-1:1".into()),
        aws_credentials: Ok(credentials()),
        refresh_error: None,
    };
    let d = |v: &dyn std::fmt::Debug| format!("{v:?} {v:#?}");
    vec![
        ("Secret", d(&Secret::new(PASSWORD))),
        ("UserPoolTokens", d(&tokens())),
        ("AwsCredentials", d(&credentials())),
        ("AuthSession", d(&session)),
        (
            "FederationResult",
            d(&FederationResult {
                identity_id: "us-east-1:1".into(),
                credentials: credentials(),
            }),
        ),
        (
            "ImportSource",
            [
                ImportSource::AmplifySwift {
                    items: [(
                        "amplify.session".to_owned(),
                        REFRESH_TOKEN.as_bytes().to_vec(),
                    )]
                    .into(),
                },
                ImportSource::AmplifyAndroid {
                    entries: [("amplify.session".to_owned(), ID_TOKEN.to_owned())].into(),
                },
                ImportSource::AmplifyJs {
                    entries: [("x.refreshToken".to_owned(), REFRESH_TOKEN.to_owned())].into(),
                },
            ]
            .iter()
            .map(|s| d(s))
            .collect(),
        ),
        ("AuthConfig", d(&cfg)),
        ("UserPoolConfig", d(&user_pool)),
        ("AuthClient", d(&client)),
        ("AuthOptions", d(&options)),
        ("StoreKey", d(&key) + &key.to_base64().len().to_string()),
        ("FileStore", d(&file_store)),
        ("MemoryStore", d(&MemoryStore::new())),
        ("TotpSetupDetails", d(&totp())),
        (
            "SignInNextStep",
            d(&SignInNextStep::ContinueWithTotpSetup { details: totp() }),
        ),
        (
            "SignInResult",
            d(&SignInResult {
                next_step: SignInNextStep::ContinueWithTotpSetup { details: totp() },
            }),
        ),
        ("AuthenticatorStep", d(&totp_step())),
        ("FormField", d(&secret_field())),
        (
            "AuthenticatorScreen",
            d(&AuthenticatorScreen {
                step: totp_step(),
                title: "t".into(),
                message: None,
                fields: vec![secret_field()],
                actions: Vec::new(),
                banner: None,
            }),
        ),
        (
            "Authenticator",
            d(&Authenticator::start(client.clone(), AuthenticatorOptions::default()).await),
        ),
        (
            "SrpClient",
            d(&cognito_auth::srp::SrpClient::from_private_hex(SRP_PRIVATE).unwrap()),
        ),
        (
            "DerivedKey",
            d(&derived_key()) + &format!("{:?}", derived_key().u_hex()),
        ),
        (
            "DeviceVerifier",
            d(&cognito_auth::srp::DeviceVerifier::with_salt(
                "group",
                "us-east-1_device",
                DEVICE_PASSWORD,
                &[1; 16],
            )),
        ),
        (
            "WebAuthResult",
            d(&WebAuthResult::private(format!(
                "myapp://callback?code={CODE}&state=s"
            ))),
        ),
        (
            "SignOutResult",
            d(&SignOutResult::Partial {
                revoke_token_error: Some(AuthError::Network("down".into())),
                global_sign_out_error: Some(AuthError::Network("down".into())),
                hosted_ui_error: None,
                refresh_token: Some(Secret::new(REFRESH_TOKEN)),
                access_token: Some(Secret::new(ACCESS_TOKEN)),
                sign_out_url: None,
            }),
        ),
    ]
}

/// Public types that cannot hold a secret, and why.
const EXEMPT: &[(&str, &str)] = &[
    ("Account", "an account's name, user name and state"),
    (
        "AuthenticatorAction",
        "a button's meaning (MFA type, factor, provider or contact names)",
    ),
    (
        "AuthenticatorOptions",
        "display texts, an issuer name, two flags and a first screen",
    ),
    (
        "ContactMethod",
        "the name of a kind of contact, never its value",
    ),
    ("FieldKind", "a field kind"),
    ("InitialScreen", "the name of a first screen"),
    ("ScreenAction", "a button's meaning and its text"),
    ("SocialProvider", "a social provider's name"),
    ("ConfigError", "names a key, never a value"),
    ("AuthFlowType", "a flow name"),
    ("OAuthResponseType", "a response type"),
    ("IdentityPoolConfig", "pool id, region, flags"),
    (
        "OAuthConfig",
        "domain, scopes, redirect URIs (the client secret is in UserPoolConfig)",
    ),
    ("PasswordPolicy", "policy numbers"),
    ("MfaSettings", "MFA names"),
    ("ConfigSource", "which file generation"),
    ("RequestToSign", "the caller's own request, before signing"),
    ("UserState", "a state name"),
    ("AuthEvent", "an event name"),
    ("EventStream", "a queue of event names"),
    ("Clock", "trait: time only"),
    ("SystemClock", "time only"),
    ("ManualClock", "time only"),
    ("SkewedClock", "time and an offset"),
    ("SignInMethod", "a method name and a provider name"),
    ("AuthUser", "user id and name: identifiers, not credentials"),
    (
        "StorageError",
        "messages name the failure, never the content (tested in storage suites)",
    ),
    (
        "SecureStore",
        "trait; implementations are sampled (MemoryStore, FileStore)",
    ),
    (
        "Claims",
        "decoded claims are identifiers, not the token; never logged by the crate",
    ),
    ("SignOutOptions", "a flag"),
    ("WebAuthPresenter", "trait: presents a URL"),
    ("BrowserOpener", "a command name"),
    ("LoopbackOptions", "ports and timeouts"),
    ("LoopbackPresenter", "ports and timeouts"),
    (
        "WebUiOptions",
        "provider, scopes, nonce, hints: no credential",
    ),
    ("WebUiPrompt", "a prompt name"),
    (
        "AuthError",
        "messages are checked at run time below (server echoes scrubbed)",
    ),
    ("RetryPolicy", "numbers"),
    ("BackgroundRefreshOptions", "intervals"),
    ("ImportFormat", "a library's name"),
    (
        "ImportOutcome",
        "what was imported (names, ids, a flag) or why not: ImportedSession, SkipReason",
    ),
    (
        "ImportedSession",
        "a format, a user name, an identity id, device user names (core's import tests check no secret prints)",
    ),
    (
        "SkipReason",
        "a sentence naming ids and positions, never input (core's import tests check no secret prints)",
    ),
    ("WireOptions", "timeouts and limits"),
    ("SignUpOptions", "attributes and metadata"),
    ("DeliveryMedium", "a medium"),
    ("CodeDelivery", "masked destination"),
    ("SignUpNextStep", "a step name and masked destination"),
    ("SignUpResult", "a user id"),
    ("FederationProvider", "a provider name"),
    ("WireResponse", "fuzzing entry: a type name"),
    ("AttributeUpdateStep", "a step and masked destination"),
    ("AuthDevice", "device id, name, dates: identifiers"),
    ("AuthFactor", "a factor name"),
    (
        "ConfirmSignInOptions",
        "attributes and metadata (the answer is a separate argument)",
    ),
    ("MfaPreference", "method names"),
    ("MfaPreferenceValue", "a preference"),
    ("MfaType", "a method name"),
    ("ResetPasswordNextStep", "a step and masked destination"),
    ("SignInFlow", "a flow name"),
    ("SignInOptions", "a flow name and metadata"),
    ("JavaHex", "public SRP values (salt, B) from the server"),
    // Platform stores (built for Apple targets / Android and the jvm-keystore feature only,
    // so not sampled here): their Debug shows options and handles, never stored values.
    ("KeychainAccessibility", "an accessibility class name"),
    ("KeychainOptions", "service name, access group, flags"),
    (
        "KeychainStore",
        "its options; the items stay in the Keychain",
    ),
    (
        "KeystoreOptions",
        "a directory, a key alias, type and provider names",
    ),
    (
        "KeystoreStore",
        "a file store's directory and a key handle; the key never leaves the key store",
    ),
];

/// `pub struct|enum|trait` names declared in `core/src`.
fn public_types() -> BTreeSet<String> {
    fn walk(dir: &std::path::Path, out: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for line in text.lines() {
                    let line = line.trim_start();
                    for kw in ["pub struct ", "pub enum ", "pub trait "] {
                        if let Some(rest) = line.strip_prefix(kw) {
                            let name: String = rest
                                .chars()
                                .take_while(|c| c.is_alphanumeric() || *c == '_')
                                .collect();
                            out.insert(name);
                        }
                    }
                }
            }
        }
    }
    let mut out = BTreeSet::new();
    walk(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut out,
    );
    out
}

#[tokio::test]
async fn every_public_type_is_accounted_for() {
    let sampled: BTreeSet<String> = debug_samples()
        .await
        .into_iter()
        .map(|(n, _)| n.to_owned())
        .collect();
    let exempt: BTreeSet<String> = EXEMPT.iter().map(|(n, _)| (*n).to_owned()).collect();
    let declared = public_types();
    let missing: Vec<_> = declared
        .iter()
        .filter(|n| !sampled.contains(*n) && !exempt.contains(*n))
        .collect();
    assert!(
        missing.is_empty(),
        "public types without a Debug secret check or an exemption: {missing:?} \
         (add a sample to debug_samples() or an entry to EXEMPT saying why it holds no secret)"
    );
    let stale: Vec<_> = sampled
        .iter()
        .chain(&exempt)
        .filter(|n| !declared.contains(*n))
        .collect();
    assert!(stale.is_empty(), "listed but no longer declared: {stale:?}");
}

#[tokio::test]
async fn debug_prints_of_public_types_show_no_secret() {
    let mut secrets: Vec<String> = SECRETS.iter().map(|s| (*s).to_owned()).collect();
    secrets.extend(derived_secrets());
    for (name, text) in debug_samples().await {
        assert_clean(&format!("Debug of {name}"), &text, &secrets);
    }
    // The store key itself, in base64 (what the CLI's COGNITO_AUTH_STORE_KEY holds).
    let key = StoreKey::generate().unwrap();
    assert_clean("StoreKey", &format!("{key:?}"), &[key.to_base64()]);
}

// ---- flows at TRACE level ---------------------------------------------------------------

/// Values sent in requests under keys that hold secrets (JSON 1.1 and form bodies).
fn secrets_in_requests(proxy: &FaultProxy, ops: &[&str]) -> Vec<String> {
    const KEYS: &[&str] = &[
        "password", "token", "secret", "session", "code", "verifier", "logins", "answer",
    ];
    let mut out = Vec::new();
    fn collect(v: &serde_json::Value, hit: bool, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) if hit => out.push(s.clone()),
            serde_json::Value::Object(m) => {
                for (k, v) in m {
                    let k = k.to_ascii_lowercase();
                    collect(v, hit || KEYS.iter().any(|s| k.contains(s)), out);
                }
            }
            serde_json::Value::Array(a) => a.iter().for_each(|v| collect(v, hit, out)),
            _ => {}
        }
    }
    for op in ops {
        for body in proxy.requests(op) {
            match serde_json::from_str::<serde_json::Value>(&body) {
                Ok(v) => collect(&v, false, &mut out),
                Err(_) => {
                    for (k, v) in url::form_urlencoded::parse(body.as_bytes()) {
                        if k != "client_id" && k != "grant_type" && k != "redirect_uri" {
                            out.push(v.into_owned());
                        }
                    }
                }
            }
        }
    }
    out.retain(|s| s.len() >= 8);
    out.sort();
    out.dedup();
    out
}

#[tokio::test]
async fn moto_flows_at_trace_level_leak_nothing() {
    let _logs = capture_logs();
    let (pool, proxy) = moto_pool_behind_fault_proxy().await;
    let config = config_through(&pool.amplify_outputs_with_secret(), &proxy);
    let store = SnapshotStore::new();
    let c = client(config, store.clone());
    let printed = std::cell::RefCell::new(String::new());
    let keep = |what: &str, v: &dyn std::fmt::Debug| {
        printed.borrow_mut().push_str(&format!("{what}: {v:?}\n"));
    };

    let name = cognito_auth_testkit::unique("sec");
    keep(
        "sign_up",
        &c.sign_up(&name, Some(PASSWORD), Default::default()).await,
    );
    keep(
        "confirm",
        &c.confirm_sign_up(&name, CODE, Default::default()).await,
    );
    keep("guest", &c.fetch_auth_session(false).await);
    keep(
        "federate",
        &c.federate_to_identity_pool(PROVIDER_TOKEN, &FederationProvider::Google, None)
            .await,
    );
    let session = c.fetch_auth_session(true).await;
    keep("fetch", &session);
    let creds = session.aws_credentials.clone().unwrap();
    // Servers that echo the request into their error message, on every operation.
    proxy.set_fault(Fault::EchoRequest);
    for e in [
        c.sign_up(&name, Some(PASSWORD), Default::default())
            .await
            .map(drop),
        c.confirm_sign_up(&name, CODE, Default::default())
            .await
            .map(drop),
        c.federate_to_identity_pool(PROVIDER_TOKEN, &FederationProvider::Google, None)
            .await
            .map(drop),
        c.fetch_auth_session(true).await.aws_credentials.map(drop),
    ] {
        let e = e.unwrap_err();
        assert_eq!(e.kind(), "InvalidParameter", "{e}");
        keep("echoed error", &format!("{e} {e:?}"));
    }
    proxy.set_fault(Fault::None);
    keep("clear", &c.clear_federation_to_identity_pool().await);

    // A user-pool user: SRP and password sign-ins, refresh, TOTP set-up, account calls.
    let user = cognito_auth_testkit::unique("secu");
    pool.create_user(
        &user,
        PASSWORD,
        &[("email", &format!("{user}@example.com"))],
    )
    .await;
    let srp = SignInOptions {
        flow: Some(SignInFlow::UserSrp),
        ..Default::default()
    };
    let password = SignInOptions {
        flow: Some(SignInFlow::UserPassword),
        ..Default::default()
    };
    proxy.set_fault(Fault::EchoRequest);
    let e = c
        .sign_in(&user, Some(PASSWORD), password.clone())
        .await
        .unwrap_err();
    keep("echoed sign-in error", &format!("{e} {e:?}"));
    proxy.set_fault_for("RespondToAuthChallenge", Fault::EchoRequest);
    let e = c
        .sign_in(&user, Some(PASSWORD), srp.clone())
        .await
        .unwrap_err();
    keep("echoed SRP error", &format!("{e} {e:?}"));
    proxy.set_fault(Fault::None);
    keep("srp", &c.sign_in(&user, Some(PASSWORD), srp).await);
    let user_session = c.fetch_auth_session(true).await;
    keep("refreshed", &user_session);
    let totp = c.set_up_totp().await;
    keep("totp", &totp);
    keep("attributes", &c.fetch_user_attributes().await);
    proxy.set_fault(Fault::EchoRequest);
    keep("echoed refresh", &c.fetch_auth_session(true).await);
    keep(
        "echoed change",
        &c.update_password(PASSWORD, "Pw-N3w-passw0rd").await,
    );
    proxy.set_fault(Fault::None);
    keep(
        "sign_out",
        &c.sign_out(SignOutOptions { global: true }).await,
    );
    keep(
        "password",
        &c.sign_in(&user, Some(PASSWORD), password).await,
    );
    keep("sign_out", &c.sign_out(SignOutOptions::default()).await);

    let mut secrets = secrets_in_requests(
        &proxy,
        &[
            "SignUp",
            "ConfirmSignUp",
            "GetId",
            "GetCredentialsForIdentity",
            "InitiateAuth",
            "RespondToAuthChallenge",
            "GetUser",
            "AssociateSoftwareToken",
            "ChangePassword",
            "GlobalSignOut",
            "RevokeToken",
        ],
    );
    let tokens = user_session.tokens.unwrap();
    secrets.extend([
        tokens.id_token.expose().to_owned(),
        tokens.access_token.expose().to_owned(),
        tokens.refresh_token.unwrap().expose().to_owned(),
        totp.unwrap().shared_secret.expose().to_owned(),
        "Pw-N3w-passw0rd".to_owned(),
    ]);
    assert!(
        secrets
            .iter()
            .any(|s| s.contains("PASSWORD_CLAIM") || s.len() > 40),
        "SRP claims and tokens were collected"
    );
    secrets.extend([
        PASSWORD.to_owned(),
        CODE.to_owned(),
        PROVIDER_TOKEN.to_owned(),
        pool.client_secret.clone(),
        creds.secret_access_key.expose().to_owned(),
        creds.session_token.expose().to_owned(),
    ]);
    assert!(secrets.len() >= 6, "{secrets:?}");
    let logs = logs();
    assert!(
        logs.contains("TRACE") || logs.contains("DEBUG"),
        "capture works"
    );
    assert_clean("the TRACE log", &logs, &secrets);
    assert_clean("results and errors", &printed.borrow(), &secrets);
}

#[tokio::test]
async fn web_flows_at_trace_level_leak_nothing() {
    let _logs = capture_logs();
    let web = web::env(true).await;
    let proxy = FaultProxy::start(&web.provider.url());
    let config = AuthConfig::from_json(&web.app.amplify_outputs())
        .unwrap()
        .with_oauth_endpoint(proxy.url().parse().unwrap());
    let store = SnapshotStore::new();
    let c = client(config, store.clone());
    let mut printed = String::new();
    let presenter = web.presenter(web.login());
    let (p, o) = (proxy.url(), web.provider.url());
    presenter.tamper(move |u| u.replace(&p, &o));
    let r = c
        .sign_in_with_web_ui(presenter.clone(), WebUiOptions::default())
        .await;
    printed.push_str(&format!("{r:?}\n"));
    r.unwrap();
    let s = c.fetch_auth_session(true).await;
    printed.push_str(&format!("{s:?}\n"));
    let tokens = s.tokens.unwrap();
    proxy.set_fault_for("oauth2/token", Fault::EchoRequest);
    let e = c.fetch_auth_session(true).await.tokens.unwrap_err();
    printed.push_str(&format!("{e} {e:?}\n"));
    proxy.set_fault(Fault::None);
    let out = c.sign_out(SignOutOptions::default()).await;
    printed.push_str(&format!("{out:?}\n"));

    // The authorization code and PKCE verifier, as the client sent them.
    let mut secrets = secrets_in_requests(&proxy, &["oauth2/token", "oauth2/revoke"]);
    assert!(
        proxy.requests("oauth2/token")[0].contains("code_verifier="),
        "the verifier was sent"
    );
    secrets.extend([
        tokens.id_token.expose().to_owned(),
        tokens.access_token.expose().to_owned(),
        tokens.refresh_token.unwrap().expose().to_owned(),
        web.app.client_secret.clone().unwrap(),
        web::PASSWORD.to_owned(),
    ]);
    assert_clean("the TRACE log", &logs(), &secrets);
    assert_clean("results and errors", &printed, &secrets);
}
