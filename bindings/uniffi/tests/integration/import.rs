//! Importing an Amplify session through the FFI, against moto: a user signs in with one
//! client, their real tokens are written in each library's stored shape (the shapes of the
//! core's fixtures, `core/src/import/tests.rs`), and a second client with an empty store
//! imports them. The imported session then works against the peer (tokens served, the user
//! known, a refresh through moto), a second import is skipped, a record of another pool is
//! skipped with its reason, and nothing printed shows a token.

use crate::flows::signed_up;
use crate::support::GOOD_PASSWORD;
use cognito_auth_ffi::{
    AuthClient, EndpointOverrides, ImportFormat, ImportOutcome, ImportSource, SessionTokens,
    SkipReason, UserState, memory_storage, skip_reason_message,
};
use cognito_auth_testkit::{Moto, PoolSpec, TestPool};
use serde_json::json;
use std::collections::HashMap;
use std::sync::Arc;

fn client(pool: &TestPool) -> Arc<AuthClient> {
    let endpoints = EndpointOverrides {
        user_pool: Some(pool.endpoint.clone()),
        identity_pool: Some(pool.endpoint.clone()),
        oauth: None,
    };
    AuthClient::from_amplify_config_json(
        pool.amplify_outputs(),
        Some(endpoints),
        Some(memory_storage()),
        None,
    )
    .unwrap()
}

/// The user's tokens as Amplify would have kept them: (user, id, access, refresh).
async fn amplify_user(pool: &TestPool) -> (String, String, String, String) {
    let c = client(pool);
    let user = signed_up(&c).await;
    c.sign_in(user.clone(), Some(GOOD_PASSWORD.into()), None)
        .await
        .unwrap();
    let t = c.get_tokens(false).await.unwrap();
    (
        user,
        t.id_token(),
        t.access_token(),
        t.refresh_token().unwrap(),
    )
}

/// Amplify Swift v2's `session` item (`JSONEncoder` output of `AmplifyCredentials`).
fn swift_session(user: &str, id: &str, access: &str, refresh: &str) -> Vec<u8> {
    json!({"userPoolOnly": {"signedInData": {
        "userId": "sub", "username": user, "signedInDate": 760_000_000.0,
        "signInMethod": {"apiBased": {"_0": {"userSRP": {}}}},
        "deviceMetadata": {"noData": {}},
        "cognitoUserPoolTokens": {"idToken": id, "accessToken": access, "refreshToken": refresh,
            "expiration": 760_003_600.0},
        "isRefreshTokenExpired": false
    }}})
    .to_string()
    .into_bytes()
}

#[tokio::test]
async fn an_imported_amplify_swift_session_works_once_and_prints_no_token() {
    let pool = Moto::shared().create_pool(PoolSpec::default()).await;
    let (user, id, access, refresh) = amplify_user(&pool).await;
    let key = format!("amplify.{}.session", pool.user_pool_id);
    let source = ImportSource::amplify_swift(HashMap::from([(
        key,
        swift_session(&user, &id, &access, &refresh),
    )]));
    assert_eq!(source.format(), ImportFormat::AmplifySwift);
    let printed = format!("{source:?}");
    for secret in [&id, &access, &refresh] {
        assert!(!printed.contains(secret.as_str()), "{printed}");
    }

    let c = client(&pool);
    let outcome = c.import_session(source.clone()).await.unwrap();
    let ImportOutcome::Imported { what } = &outcome else {
        panic!("not imported: {outcome:?}");
    };
    assert_eq!(what.username, user);
    assert_eq!(what.format, ImportFormat::AmplifySwift);
    let printed = format!("{outcome:?}");
    for secret in [&id, &access, &refresh] {
        assert!(!printed.contains(secret.as_str()), "{printed}");
    }

    assert_eq!(c.get_current_user().await.unwrap().username, user);
    assert_eq!(c.user_state().await.unwrap(), UserState::SignedIn);
    let session = c.fetch_auth_session(false).await;
    assert!(session.is_signed_in);
    let SessionTokens::Value { tokens } = session.tokens else {
        panic!("no tokens: {:?}", session.tokens);
    };
    assert_eq!(tokens.access_token(), access);
    // The imported refresh token works against the peer.
    let session = c.fetch_auth_session(true).await;
    assert!(
        matches!(session.tokens, SessionTokens::Value { .. }),
        "{:?}",
        session.tokens
    );

    let again = c.import_session(source).await.unwrap();
    let ImportOutcome::Skipped { reason } = again else {
        panic!("imported twice: {again:?}");
    };
    assert_eq!(
        reason,
        SkipReason::SessionExists {
            format: ImportFormat::AmplifySwift
        }
    );
    assert!(skip_reason_message(reason).contains("already stored"));
}

#[tokio::test]
async fn android_and_js_sessions_import_and_another_pool_is_skipped_with_its_reason() {
    let pool = Moto::shared().create_pool(PoolSpec::default()).await;
    let (user, id, access, refresh) = amplify_user(&pool).await;

    // Amplify Android v2: kotlinx JSON of `AmplifyCredential`, the newer wrapped tokens.
    let android = json!({"type": "userPool", "signedInData": {
        "userId": "sub", "username": user, "signedInDate": 1_700_000_000_000_i64,
        "signInMethod": {"type": "ApiBased", "authType": "USER_SRP_AUTH"},
        "cognitoUserPoolTokens": {"idToken": {"tokenValue": id},
            "accessToken": {"tokenValue": access}, "refreshToken": refresh,
            "expiration": 1_700_003_600}
    }})
    .to_string();
    let c = client(&pool);
    let foreign = ImportSource::amplify_android(HashMap::from([(
        "amplify.us-east-1_Other.session".to_owned(),
        android.clone(),
    )]));
    let outcome = c.import_session(foreign).await.unwrap();
    let ImportOutcome::Skipped { reason } = outcome else {
        panic!("imported another pool's session: {outcome:?}");
    };
    assert!(
        matches!(reason, SkipReason::OtherConfiguration { .. }),
        "{reason:?}"
    );
    let message = skip_reason_message(reason);
    assert!(message.contains("us-east-1_Other"), "{message}");
    assert!(!message.contains(refresh.as_str()), "{message}");

    let key = format!("amplify.{}.session", pool.user_pool_id);
    let outcome = c
        .import_session(ImportSource::amplify_android(HashMap::from([(
            key, android,
        )])))
        .await
        .unwrap();
    assert!(
        matches!(&outcome, ImportOutcome::Imported { what } if what.username == user),
        "{outcome:?}"
    );
    assert_eq!(c.get_current_user().await.unwrap().username, user);

    // amplify-js v6: `CognitoIdentityServiceProvider.<clientId>.…` entries.
    let prefix = format!("CognitoIdentityServiceProvider.{}", pool.client_id);
    let js = ImportSource::amplify_js(HashMap::from([
        (format!("{prefix}.LastAuthUser"), user.clone()),
        (format!("{prefix}.{user}.idToken"), id),
        (format!("{prefix}.{user}.accessToken"), access.clone()),
        (format!("{prefix}.{user}.refreshToken"), refresh),
    ]));
    let web = client(&pool);
    let outcome = web.import_session(js).await.unwrap();
    assert!(
        matches!(&outcome, ImportOutcome::Imported { what } if what.format == ImportFormat::AmplifyJs),
        "{outcome:?}"
    );
    let SessionTokens::Value { tokens } = web.fetch_auth_session(false).await.tokens else {
        panic!("no tokens after the amplify-js import");
    };
    assert_eq!(tokens.access_token(), access);
}
