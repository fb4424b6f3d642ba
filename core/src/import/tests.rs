//! The importers against fixtures in the exact shapes each library writes (built here from
//! the formats its sources define; docs/migration.md names the sources), with JWTs from the
//! test helper. No server: the endpoints point at a closed port, so nothing is fetched.

use super::*;
use crate::config::AuthConfig;
use crate::session::Record;
use crate::state::{AuthEvent, UserState};
use crate::storage::{MemoryStore, SecureStore};
use crate::tokens::test_jwt::jwt;
use crate::{AuthOptions, Secret};
use serde_json::{Value, json};
use std::sync::Arc;

const POOL: &str = "us-east-1_Imp0rt";
const CLIENT: &str = "client1abc";
const IDENTITY_POOL: &str = "us-east-1:0a1b2c3d-0000-4000-8000-123456789abc";
const IDENTITY_ID: &str = "us-east-1:9f8e7d6c-0000-4000-8000-cba987654321";
const ISSUER: &str = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Imp0rt";
const EXP: i64 = 4_000_000_000;
/// Secrets of the fixtures: none may show in any printed outcome.
const REFRESH: &str = "refresh-SECRET-1";
const DEVICE_PASSWORD: &str = "device-SECRET-pw";
const AWS_SECRET: &str = "aws-SECRET-key";
const AWS_SESSION: &str = "aws-SECRET-session";

fn config(pool: &str, client: &str, identity_pool: Option<&str>) -> AuthConfig {
    let url: url::Url = "http://127.0.0.1:9/".parse().unwrap();
    AuthConfig::new(
        crate::config::UserPoolConfig {
            pool_id: pool.into(),
            client_id: client.into(),
            client_secret: None,
            region: "us-east-1".into(),
            endpoint: None,
        },
        identity_pool.map(|id| crate::config::IdentityPoolConfig {
            pool_id: id.into(),
            region: "us-east-1".into(),
            allow_guest_access: false,
            endpoint: None,
        }),
    )
    .with_user_pool_endpoint(url.clone())
    .with_identity_pool_endpoint(url)
}

fn client_with(store: &Arc<dyn SecureStore>, config: AuthConfig) -> AuthClient {
    AuthClient::new(
        config,
        AuthOptions {
            storage: store.clone(),
            ..AuthOptions::default()
        },
    )
    .unwrap()
}

fn client(store: &Arc<dyn SecureStore>) -> AuthClient {
    client_with(store, config(POOL, CLIENT, Some(IDENTITY_POOL)))
}

fn store() -> Arc<dyn SecureStore> {
    Arc::new(MemoryStore::new())
}

fn id_token(iss: &str, aud: &str) -> String {
    jwt(json!({
        "sub": "sub-1", "cognito:username": "alice", "exp": EXP, "iat": EXP - 3600,
        "iss": iss, "aud": aud, "token_use": "id", "email": "alice@example.com"
    }))
}

fn access_token(iss: &str, client: &str) -> String {
    jwt(json!({
        "sub": "sub-1", "username": "alice", "exp": EXP - 10, "iat": EXP - 3600,
        "iss": iss, "client_id": client, "token_use": "access", "origin_jti": "jti-1"
    }))
}

/// What a test changes in a fixture.
#[derive(Clone)]
struct Variant {
    iss: &'static str,
    aud: &'static str,
    refresh: Option<&'static str>,
}

const GOOD: Variant = Variant {
    iss: ISSUER,
    aud: CLIENT,
    refresh: Some(REFRESH),
};

// ---- Amplify Swift: `JSONEncoder` output of `AmplifyCredentials` and `DeviceMetadata`.

/// Seconds since 2001-01-01 (a Foundation `Date`) of a Unix time.
fn apple_date(unix: i64) -> f64 {
    (unix - 978_307_200) as f64
}

fn swift_device() -> Value {
    json!({"metadata": {"_0": {
        "deviceKey": "us-east-1_dev-alice", "deviceGroupKey": "group-1",
        "deviceSecret": DEVICE_PASSWORD
    }}})
}

fn swift_session(v: &Variant) -> Vec<u8> {
    let mut tokens = json!({
        "idToken": id_token(v.iss, v.aud),
        "accessToken": access_token(v.iss, v.aud),
        "expiration": apple_date(EXP - 10),
    });
    if let Some(r) = v.refresh {
        tokens["refreshToken"] = json!(r);
    }
    json!({"userPoolAndIdentityPool": {
        "signedInData": {
            "userId": "sub-1",
            "username": "alice",
            "signedInDate": apple_date(EXP - 3600),
            "signInMethod": {"apiBased": {"_0": {"userSRP": {}}}},
            "deviceMetadata": swift_device(),
            "cognitoUserPoolTokens": tokens,
            "isRefreshTokenExpired": false
        },
        "identityID": IDENTITY_ID,
        "credentials": {
            "accessKey": "ASIAIMPORTED", "secretKey": AWS_SECRET,
            "sessionKey": AWS_SESSION, "expiration": apple_date(EXP - 20)
        }
    }})
    .to_string()
    .into_bytes()
}

fn swift_source(session: Vec<u8>) -> ImportSource {
    let prefix = format!("amplify.{POOL}.{IDENTITY_POOL}");
    ImportSource::AmplifySwift {
        items: BTreeMap::from([
            (format!("{prefix}.session"), session),
            (
                format!("{prefix}.bob.deviceMetadata"),
                json!({"metadata": {"_0": {
                    "deviceKey": "us-east-1_dev-bob", "deviceGroupKey": "group-2",
                    "deviceSecret": "bob-SECRET-pw"
                }}})
                .to_string()
                .into_bytes(),
            ),
            (
                format!("{prefix}.carol.deviceMetadata"),
                json!({"noData": {}}).to_string().into_bytes(),
            ),
            (format!("{prefix}.bob.deviceASF"), b"\"asf-id\"".to_vec()),
            ("authConfiguration".into(), b"{}".to_vec()),
        ]),
    }
}

// ---- Amplify Android: kotlinx.serialization JSON of `AmplifyCredential`, `DeviceMetadata`.

fn android_session(v: &Variant, wrapped_tokens: bool) -> String {
    let token = |t: String| match wrapped_tokens {
        true => json!({"tokenValue": t}),
        false => json!(t),
    };
    let mut tokens = json!({
        "idToken": token(id_token(v.iss, v.aud)),
        "accessToken": token(access_token(v.iss, v.aud)),
        "expiration": EXP - 10,
    });
    if let Some(r) = v.refresh {
        tokens["refreshToken"] = json!(r);
    }
    json!({
        "type": "userAndIdentityPool",
        "signedInData": {
            "userId": "sub-1",
            "username": "alice",
            "signedInDate": (EXP - 3600) * 1000,
            "signInMethod": {"type": "ApiBased", "authType": "USER_SRP_AUTH"},
            "cognitoUserPoolTokens": tokens
        },
        "identityId": IDENTITY_ID,
        "credentials": {
            "accessKeyId": "ASIAIMPORTED", "secretAccessKey": AWS_SECRET,
            "sessionToken": AWS_SESSION, "expiration": EXP - 20
        }
    })
    .to_string()
}

fn android_source(session: String) -> ImportSource {
    let prefix = format!("amplify.{POOL}.{IDENTITY_POOL}");
    ImportSource::AmplifyAndroid {
        entries: BTreeMap::from([
            (format!("{prefix}.session"), session),
            (
                format!("{prefix}.alice.deviceMetadata"),
                json!({
                    "type": "metadata", "deviceKey": "us-east-1_dev-alice",
                    "deviceGroupKey": "group-1", "deviceSecret": DEVICE_PASSWORD
                })
                .to_string(),
            ),
            (
                format!("{prefix}.asfDevice"),
                json!({"type": "asfDevice", "id": "asf"}).to_string(),
            ),
        ]),
    }
}

// ---- amplify-js v6 / amazon-cognito-identity-js: plain entries.

fn js_entries(v: &Variant) -> BTreeMap<String, String> {
    let user = format!("CognitoIdentityServiceProvider.{CLIENT}.alice");
    let mut e = BTreeMap::from([
        (
            format!("CognitoIdentityServiceProvider.{CLIENT}.LastAuthUser"),
            "alice".to_owned(),
        ),
        (format!("{user}.idToken"), id_token(v.iss, v.aud)),
        (format!("{user}.accessToken"), access_token(v.iss, v.aud)),
        (format!("{user}.clockDrift"), "0".to_owned()),
        (
            format!("{user}.deviceKey"),
            "us-east-1_dev-alice".to_owned(),
        ),
        (format!("{user}.deviceGroupKey"), "group-1".to_owned()),
        (
            format!("{user}.randomPasswordKey"),
            DEVICE_PASSWORD.to_owned(),
        ),
        (
            format!("{user}.signInDetails"),
            json!({"loginId": "alice", "authFlowType": "USER_SRP_AUTH"}).to_string(),
        ),
        (
            format!("com.amplify.Cognito.{IDENTITY_POOL}.identityId"),
            IDENTITY_ID.to_owned(),
        ),
    ]);
    if let Some(r) = v.refresh {
        e.insert(format!("{user}.refreshToken"), r.to_owned());
    }
    e
}

fn js_source(entries: BTreeMap<String, String>) -> ImportSource {
    ImportSource::AmplifyJs { entries }
}

// ---- The checks shared by every format.

fn printed(outcome: &ImportOutcome) -> String {
    let text = format!("{outcome:?}");
    if let ImportOutcome::Skipped { reason } = outcome {
        return format!("{text} {reason}");
    }
    text
}

fn assert_no_secret(text: &str) {
    for secret in [
        REFRESH,
        DEVICE_PASSWORD,
        AWS_SECRET,
        AWS_SESSION,
        "bob-SECRET-pw",
        "eyJ",
    ] {
        assert!(!text.contains(secret), "{secret} printed in {text}");
    }
}

/// Imports `source` into a fresh store and checks the signed-in result.
async fn full_import(
    source: ImportSource,
    with_credentials: bool,
) -> (AuthClient, ImportedSession) {
    assert_no_secret(&format!("{source:?}"));
    let store = store();
    let c = client(&store);
    let mut events = c.subscribe();
    assert_eq!(c.user_state().await, UserState::SignedOut);
    let outcome = c.import_session(source.clone()).await.unwrap();
    assert_no_secret(&printed(&outcome));
    let ImportOutcome::Imported { what } = outcome else {
        panic!("not imported: {}", printed(&outcome));
    };
    assert_eq!(what.format, source.format());
    assert_eq!(what.username, "alice");
    assert_eq!(what.identity_id.as_deref(), Some(IDENTITY_ID));
    assert_eq!(what.aws_credentials, with_credentials);
    assert!(what.devices.contains(&"alice".to_owned()), "{what:?}");
    assert_eq!(events.recv().await.unwrap(), AuthEvent::SignedIn);
    assert_eq!(c.user_state().await, UserState::SignedIn);
    let user = c.get_current_user().await.unwrap();
    assert_eq!(
        (user.username.as_str(), user.user_id.as_str()),
        ("alice", "sub-1")
    );
    // The session as the session layer reads it, from the store (a second client).
    let again = client(&store);
    let stored = again.sessions().await.snapshot().await.session;
    let tokens = &stored.active_user().unwrap().tokens;
    assert_eq!(
        tokens.refresh_token.as_ref().map(Secret::expose),
        Some(REFRESH)
    );
    assert_eq!(tokens.expires_at, EXP - 10);
    assert_eq!(stored.identity.as_ref().unwrap().identity_id, IDENTITY_ID);
    if with_credentials {
        // Everything is valid: served from the store, nothing fetched.
        let session = again.fetch_auth_session(false).await;
        assert!(session.is_signed_in);
        assert_eq!(session.identity_id.unwrap(), IDENTITY_ID);
        let creds = session.aws_credentials.unwrap();
        assert_eq!(creds.access_key_id, "ASIAIMPORTED");
        assert_eq!(creds.secret_access_key.expose(), AWS_SECRET);
        assert_eq!(creds.expiration, EXP - 20);
    }
    let device = c
        .device_secrets("alice")
        .await
        .unwrap()
        .expect("alice's device");
    assert_eq!(device.device_key, "us-east-1_dev-alice");
    assert_eq!(device.device_group_key, "group-1");
    assert_eq!(device.device_password.expose(), DEVICE_PASSWORD);
    // Imported once: a second import finds the session and stores nothing.
    let second = c.import_session(source).await.unwrap();
    assert_eq!(
        second,
        ImportOutcome::Skipped {
            reason: SkipReason::SessionExists {
                format: what.format
            }
        }
    );
    assert!(events.try_recv().is_none());
    (c, what)
}

/// Imports `source` and expects it skipped with nothing stored.
async fn skipped(source: ImportSource, config: AuthConfig) -> SkipReason {
    let store = store();
    let c = client_with(&store, config);
    let outcome = c.import_session(source).await.unwrap();
    assert_no_secret(&printed(&outcome));
    let ImportOutcome::Skipped { reason } = outcome else {
        panic!("imported: {outcome:?}");
    };
    assert_eq!(c.user_state().await, UserState::SignedOut);
    assert_eq!(
        c.sessions()
            .await
            .records()
            .get(Record::Session)
            .await
            .unwrap(),
        None
    );
    for user in ["alice", "bob"] {
        assert_eq!(c.device_secrets(user).await.unwrap(), None, "{user}");
    }
    reason
}

fn this_config() -> AuthConfig {
    config(POOL, CLIENT, Some(IDENTITY_POOL))
}

fn assert_other_configuration(reason: &SkipReason, needle: &str) {
    match reason {
        SkipReason::OtherConfiguration { detail, .. } => {
            assert!(detail.contains(needle), "{detail}")
        }
        other => panic!("{other:?}"),
    }
}

fn assert_malformed(reason: &SkipReason) {
    assert!(matches!(reason, SkipReason::Malformed { .. }), "{reason:?}");
}

// ---- Amplify Swift.

#[tokio::test]
async fn swift_session_identity_credentials_and_devices_are_imported_once() {
    let (c, what) = full_import(swift_source(swift_session(&GOOD)), true).await;
    // The other user's remembered device too; a `noData` item is no device.
    assert_eq!(what.devices, ["alice", "bob"]);
    let bob = c.device_secrets("bob").await.unwrap().unwrap();
    assert_eq!(bob.device_password.expose(), "bob-SECRET-pw");
    assert_eq!(c.device_secrets("carol").await.unwrap(), None);
}

#[tokio::test]
async fn swift_records_of_another_configuration_or_unreadable_are_skipped() {
    let source = swift_source(swift_session(&GOOD));
    // Another user pool: the key names it.
    let r = skipped(
        source.clone(),
        config("us-east-1_Other", CLIENT, Some(IDENTITY_POOL)),
    )
    .await;
    assert_other_configuration(&r, "us-east-1_Other");
    assert!(
        r.to_string()
            .starts_with("the Amplify Swift session belongs to another configuration")
    );
    // Another identity pool.
    let other_ip = "us-east-1:00000000-0000-4000-8000-000000000000";
    let r = skipped(source.clone(), config(POOL, CLIENT, Some(other_ip))).await;
    assert_other_configuration(&r, other_ip);
    // Another app client: the tokens' audience says so.
    let r = skipped(source, config(POOL, "otherclient", Some(IDENTITY_POOL))).await;
    assert_other_configuration(&r, "app client");
    // Wrong issuer, missing refresh token, malformed JSON, a guest-only record.
    let wrong_iss = Variant {
        iss: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Elsewhere",
        ..GOOD
    };
    let r = skipped(swift_source(swift_session(&wrong_iss)), this_config()).await;
    assert_other_configuration(&r, "us-east-1_Elsewhere");
    let no_refresh = Variant {
        refresh: None,
        ..GOOD
    };
    let r = skipped(swift_source(swift_session(&no_refresh)), this_config()).await;
    assert_eq!(
        r,
        SkipReason::MissingRefreshToken {
            format: ImportFormat::AmplifySwift
        }
    );
    assert_eq!(
        r.to_string(),
        "the Amplify Swift session has no refresh token"
    );
    let r = skipped(
        swift_source(b"{\"userPoolAndIdentityPool\": {".to_vec()),
        this_config(),
    )
    .await;
    assert_malformed(&r);
    let mut truncated: Value = serde_json::from_slice(&swift_session(&GOOD)).unwrap();
    truncated["userPoolAndIdentityPool"]["signedInData"]
        .as_object_mut()
        .unwrap()
        .remove("cognitoUserPoolTokens");
    let r = skipped(
        swift_source(truncated.to_string().into_bytes()),
        this_config(),
    )
    .await;
    assert_malformed(&r);
    assert!(
        r.to_string()
            .contains("missing field `cognitoUserPoolTokens`"),
        "{r}"
    );
    let guest = json!({"identityPoolOnly": {"identityID": IDENTITY_ID, "credentials": {}}});
    let r = skipped(swift_source(guest.to_string().into_bytes()), this_config()).await;
    assert!(matches!(r, SkipReason::NoUser { .. }), "{r:?}");
    // Nothing at all.
    let r = skipped(
        ImportSource::AmplifySwift {
            items: BTreeMap::new(),
        },
        this_config(),
    )
    .await;
    assert_eq!(
        r,
        SkipReason::NotFound {
            format: ImportFormat::AmplifySwift
        }
    );
}

// ---- Amplify Android.

#[tokio::test]
async fn android_session_identity_credentials_and_devices_are_imported_once() {
    full_import(android_source(android_session(&GOOD, false)), true).await;
    // Later releases encode each token as an object holding `tokenValue`.
    full_import(android_source(android_session(&GOOD, true)), true).await;
}

#[tokio::test]
async fn android_records_of_another_configuration_or_unreadable_are_skipped() {
    let source = android_source(android_session(&GOOD, false));
    let r = skipped(
        source.clone(),
        config("us-east-1_Other", CLIENT, Some(IDENTITY_POOL)),
    )
    .await;
    assert_other_configuration(&r, "us-east-1_Other");
    let r = skipped(source, config(POOL, "otherclient", Some(IDENTITY_POOL))).await;
    assert_other_configuration(&r, "app client");
    let wrong_iss = Variant {
        iss: "https://cognito-idp.us-west-2.amazonaws.com/us-west-2_Elsewhere",
        ..GOOD
    };
    let r = skipped(
        android_source(android_session(&wrong_iss, false)),
        this_config(),
    )
    .await;
    assert_other_configuration(&r, "us-west-2_Elsewhere");
    let no_refresh = Variant {
        refresh: None,
        ..GOOD
    };
    let r = skipped(
        android_source(android_session(&no_refresh, true)),
        this_config(),
    )
    .await;
    assert_eq!(
        r,
        SkipReason::MissingRefreshToken {
            format: ImportFormat::AmplifyAndroid
        }
    );
    let r = skipped(android_source("{\"type\":".into()), this_config()).await;
    assert_malformed(&r);
    // A token that is not a JWT.
    let mut bad: Value = serde_json::from_str(&android_session(&GOOD, false)).unwrap();
    bad["signedInData"]["cognitoUserPoolTokens"]["idToken"] = json!("not-a-jwt");
    let r = skipped(android_source(bad.to_string()), this_config()).await;
    assert_eq!(
        r.to_string(),
        "the Amplify Android session could not be read (the ID token is not a JWT)"
    );
    let r = skipped(
        android_source(json!({"type": "empty"}).to_string()),
        this_config(),
    )
    .await;
    assert!(matches!(r, SkipReason::NoUser { .. }), "{r:?}");
}

// ---- amplify-js.

#[tokio::test]
async fn js_session_identity_and_devices_are_imported_once() {
    let (c, _) = full_import(js_source(js_entries(&GOOD)), false).await;
    // v6 persists only a guest identity: it is kept for the merge into the user's.
    let s = c.sessions().await.snapshot().await.session;
    assert_eq!(s.identity.unwrap().owner, IdentityOwner::Guest);
    // v5 (`CognitoIdentityId-…`) and the AWS SDK's key hold the user's own identity.
    for key in [
        format!("CognitoIdentityId-{IDENTITY_POOL}"),
        format!("aws.cognito.identity-id.{IDENTITY_POOL}"),
    ] {
        let mut e = js_entries(&GOOD);
        e.remove(&format!("com.amplify.Cognito.{IDENTITY_POOL}.identityId"));
        e.insert(key, IDENTITY_ID.to_owned());
        let (c, _) = full_import(js_source(e), false).await;
        let s = c.sessions().await.snapshot().await.session;
        assert_eq!(s.identity.unwrap().owner, IdentityOwner::UserPool);
    }
}

#[tokio::test]
async fn js_records_of_another_configuration_or_unreadable_are_skipped() {
    let entries = js_entries(&GOOD);
    let r = skipped(
        js_source(entries.clone()),
        config(POOL, "otherclient", Some(IDENTITY_POOL)),
    )
    .await;
    assert_other_configuration(&r, CLIENT);
    assert_eq!(
        r.to_string(),
        format!(
            "the amplify-js session belongs to another configuration (stored for app client \
             {CLIENT}, this client uses otherclient)"
        )
    );
    // Same client id, another pool: the issuer says so.
    let r = skipped(
        js_source(entries),
        config("us-east-1_Other", CLIENT, Some(IDENTITY_POOL)),
    )
    .await;
    assert_other_configuration(&r, "us-east-1_Other");
    let wrong_iss = Variant {
        iss: "https://evil.example.com/us-east-1_Imp0rt",
        ..GOOD
    };
    let r = skipped(js_source(js_entries(&wrong_iss)), this_config()).await;
    assert_other_configuration(&r, "evil.example.com");
    let no_refresh = Variant {
        refresh: None,
        ..GOOD
    };
    let r = skipped(js_source(js_entries(&no_refresh)), this_config()).await;
    assert_eq!(
        r,
        SkipReason::MissingRefreshToken {
            format: ImportFormat::AmplifyJs
        }
    );
    // A malformed token (the JSON of these entries is the JWT payload).
    let mut e = js_entries(&GOOD);
    e.insert(
        format!("CognitoIdentityServiceProvider.{CLIENT}.alice.idToken"),
        "e30.e3siYnJva2VuIjp9.c2ln".into(),
    );
    assert_malformed(&skipped(js_source(e), this_config()).await);
    // An ID token without `cognito:username`.
    let mut e = js_entries(&GOOD);
    e.insert(
        format!("CognitoIdentityServiceProvider.{CLIENT}.alice.idToken"),
        jwt(json!({"sub": "sub-1", "exp": EXP, "iss": ISSUER, "aud": CLIENT})),
    );
    let r = skipped(js_source(e), this_config()).await;
    assert!(r.to_string().contains("`cognito:username`"), "{r}");
    let r = skipped(js_source(BTreeMap::new()), this_config()).await;
    assert_eq!(
        r,
        SkipReason::NotFound {
            format: ImportFormat::AmplifyJs
        }
    );
}

#[tokio::test]
async fn an_existing_session_or_a_missing_user_pool_skips_the_import() {
    // A session signed in here first.
    let store = store();
    let c = client(&store);
    c.complete_sign_in(
        crate::session::test_support::fake_tokens(),
        SignInMethod::UserPool,
    )
    .await
    .unwrap();
    let outcome = c
        .import_session(js_source(js_entries(&GOOD)))
        .await
        .unwrap();
    assert_eq!(
        outcome,
        ImportOutcome::Skipped {
            reason: SkipReason::SessionExists {
                format: ImportFormat::AmplifyJs
            }
        }
    );
    // Its session and devices are untouched.
    assert_eq!(c.get_current_user().await.unwrap().user_id, "sub-1");
    assert_eq!(c.device_secrets("alice").await.unwrap(), None);
    // A device this library already remembers is never overwritten by an import.
    let store2 = self::store();
    let c2 = client(&store2);
    let mine = DeviceSecrets {
        device_key: "mine".into(),
        device_group_key: "g".into(),
        device_password: Secret::new("p"),
    };
    c2.set_device_secrets("alice", Some(&mine)).await.unwrap();
    let ImportOutcome::Imported { what } = c2
        .import_session(js_source(js_entries(&GOOD)))
        .await
        .unwrap()
    else {
        panic!("not imported");
    };
    assert!(what.devices.is_empty());
    assert_eq!(c2.device_secrets("alice").await.unwrap(), Some(mine));
    // An identity pool alone: no user session can be imported.
    let mut identity_only = this_config();
    identity_only.user_pool = None;
    let c3 = client_with(&self::store(), identity_only);
    assert_eq!(
        c3.import_session(js_source(js_entries(&GOOD)))
            .await
            .unwrap(),
        ImportOutcome::Skipped {
            reason: SkipReason::NoUserPool {
                format: ImportFormat::AmplifyJs
            }
        }
    );
}

#[test]
fn the_import_future_can_cross_threads() {
    // The bindings run it on the library's multi-thread runtime.
    fn send<T: Send>(_: &T) {}
    let c = client(&store());
    send(&c.import_session(js_source(BTreeMap::new())));
}

#[tokio::test]
async fn without_an_identity_pool_the_tokens_alone_are_imported() {
    // amplify-js keys do not name the identity pool: the identity id is left behind.
    let store = store();
    let c = client_with(&store, config(POOL, CLIENT, None));
    let ImportOutcome::Imported { what } = c
        .import_session(js_source(js_entries(&GOOD)))
        .await
        .unwrap()
    else {
        panic!("not imported");
    };
    assert_eq!(what.identity_id, None);
    assert_eq!(c.user_state().await, UserState::SignedIn);
    // Amplify Swift's key names an identity pool this client does not have.
    let r = skipped(
        swift_source(swift_session(&GOOD)),
        config(POOL, CLIENT, None),
    )
    .await;
    assert!(matches!(r, SkipReason::OtherConfiguration { .. }), "{r:?}");
}
