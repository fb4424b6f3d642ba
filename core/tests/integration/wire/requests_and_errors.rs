//! The wire client and error mapping against moto (a peer nobody here wrote).
//!
//! What moto proves here: request shape (targets, JSON 1.1, PascalCase), decoding of its
//! answers, and the mapping of the exceptions it raises. What it cannot: codes and SRP
//! proofs (it accepts anything), SECRET_HASH (not checked) — see `wire::confirmation_codes`
//! and the unit tests for those.

use cognito_auth::clock::ManualClock;
use cognito_auth::{AuthClient, AuthConfig, AuthOptions, SignUpNextStep};
use cognito_auth::{RetryPolicy, WireOptions};
use cognito_auth_testkit::{Moto, PoolSpec, TestPool, unique};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, SystemTime};
use url::Url;

const PASSWORD: &str = "Passw0rd-ok";

fn client_for(pool: &TestPool, json: &str, options: AuthOptions) -> AuthClient {
    let endpoint = Url::parse(&pool.endpoint).unwrap();
    let config = AuthConfig::from_json(json)
        .unwrap()
        .with_user_pool_endpoint(endpoint.clone())
        .with_identity_pool_endpoint(endpoint);
    AuthClient::new(config, options).unwrap()
}

async fn fresh() -> (TestPool, AuthClient) {
    let pool = Moto::shared().create_pool(PoolSpec::default()).await;
    let client = client_for(&pool, &pool.amplify_outputs(), AuthOptions::default());
    (pool, client)
}

fn fast_retries() -> AuthOptions {
    AuthOptions {
        wire: WireOptions {
            retry: RetryPolicy {
                max_attempts: 3,
                base_delay: Duration::from_millis(5),
                max_delay: Duration::from_millis(20),
            },
            ..WireOptions::default()
        },
        ..AuthOptions::default()
    }
}

#[tokio::test]
async fn sign_up_and_its_errors() {
    let (_pool, client) = fresh().await;
    let user = unique("user");
    let attrs = BTreeMap::from([("email".to_owned(), format!("{user}@example.com"))]);
    let r = client
        .sign_up(
            &user,
            Some(PASSWORD),
            cognito_auth::SignUpOptions {
                attributes: attrs.clone(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(r.user_id.as_deref().is_some_and(|s| s.len() == 36), "{r:?}");
    assert!(matches!(r.next_step, SignUpNextStep::ConfirmSignUp { .. }));

    let again = client
        .sign_up(&user, Some(PASSWORD), Default::default())
        .await
        .unwrap_err();
    assert_eq!(again.kind(), "UsernameExists", "{again}");

    let weak = client
        .sign_up(&unique("weak"), Some("short"), Default::default())
        .await
        .unwrap_err();
    assert_eq!(weak.kind(), "InvalidPassword", "{weak}");
    assert!(!weak.to_string().contains("short"));

    let nobody = client
        .confirm_sign_up(&unique("nobody"), "123456", BTreeMap::new())
        .await
        .unwrap_err();
    assert_eq!(nobody.kind(), "UserNotFound");

    // moto accepts any code: this shows the request shape, not the code check.
    let done = client
        .confirm_sign_up(&user, "000000", BTreeMap::new())
        .await
        .unwrap();
    assert_eq!(done.next_step, SignUpNextStep::Done);
}

#[tokio::test]
async fn server_date_corrects_a_wrong_device_clock() {
    let pool = Moto::shared().create_pool(PoolSpec::default()).await;
    let five_hours = Duration::from_secs(5 * 3600);
    let device = Arc::new(ManualClock::new(SystemTime::now() - five_hours));
    let client = client_for(
        &pool,
        &pool.amplify_outputs(),
        AuthOptions {
            clock: device.clone(),
            ..AuthOptions::default()
        },
    );
    assert_eq!(client.clock().offset_ms(), 0, "nothing measured yet");
    let _ = client
        .sign_up(&unique("u"), Some("x"), Default::default())
        .await;
    let offset = Duration::from_millis(client.clock().offset_ms() as u64);
    assert!(
        offset.abs_diff(five_hours) < Duration::from_secs(5),
        "offset {offset:?} should be about 5 h"
    );
    let corrected = client.clock().now();
    assert!(
        corrected
            .duration_since(SystemTime::now())
            .unwrap_or_else(|e| e.duration())
            < Duration::from_secs(5)
    );
}

#[tokio::test]
async fn html_500_from_an_unimplemented_operation_is_a_clear_error() {
    // moto answers ResendConfirmationCode with an HTML 500 page.
    let pool = Moto::shared().create_pool(PoolSpec::default()).await;
    let client = client_for(&pool, &pool.amplify_outputs(), fast_retries());
    let e = client
        .resend_sign_up_code(&unique("u"), BTreeMap::new())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "InvalidResponse", "{e}");
    assert!(e.to_string().contains("HTTP 500"), "{e}");
    assert!(e.to_string().contains("text/html"), "{e}");
}

#[tokio::test]
async fn gen1_file_with_an_endpoint_override_reaches_the_peer() {
    let pool = Moto::shared().create_pool(PoolSpec::default()).await;
    // A file may only name https endpoints: moto (plain http) is an override in code.
    let config = AuthConfig::from_json(&pool.amplifyconfiguration())
        .unwrap()
        .with_user_pool_endpoint(pool.endpoint.parse().unwrap());
    let client = AuthClient::new(config, AuthOptions::default()).unwrap();
    let r = client
        .sign_up(&unique("g1"), Some(PASSWORD), Default::default())
        .await
        .unwrap();
    assert!(matches!(r.next_step, SignUpNextStep::ConfirmSignUp { .. }));
}
