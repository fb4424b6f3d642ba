//! The background refresh against moto (through the testkit's counting and fault proxies), on
//! the fixture's manual clock: renewal ahead of expiry with no caller, back-off while the
//! service fails, and stopping.

use super::test_support::Fixture;
use super::*;
use crate::BackgroundRefreshOptions;
use crate::config::AuthConfig;
use cognito_auth_testkit::{Fault, FaultProxy};
use std::time::Duration;

const FAST: BackgroundRefreshOptions = BackgroundRefreshOptions {
    check_interval: Duration::from_millis(20),
    max_backoff: Duration::from_secs(10),
};

/// Waits (in real time, at most 10 s) until `done` holds.
async fn eventually(what: &str, mut done: impl FnMut() -> bool) {
    for _ in 0..1000 {
        if done() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("never happened: {what}");
}

/// Moves the clock to where the AWS credentials moto issued (90 s) are due for renewal.
fn age_credentials(f: &Fixture) {
    f.clock.advance(Duration::from_secs(60));
}

#[tokio::test]
async fn guest_credentials_are_renewed_ahead_of_expiry_with_no_caller() {
    let f = Fixture::new().await;
    let c = f.client();
    let first = c.fetch_auth_session(false).await.aws_credentials.unwrap();
    assert_eq!(f.proxy.count("GetCredentialsForIdentity"), 1);
    c.start_background_refresh(FAST).unwrap();
    // Nothing is due: the task looks and makes no request.
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(f.proxy.count("GetCredentialsForIdentity"), 1);

    age_credentials(&f);
    assert!(
        c.cached_auth_session().is_none(),
        "due: a caller would wait"
    );
    // The app's next call is served from the cache, with the renewed credentials.
    eventually("renewal", || c.cached_auth_session().is_some()).await;
    assert_eq!(f.proxy.count("GetCredentialsForIdentity"), 2);
    let renewed = c.cached_auth_session().unwrap().aws_credentials.unwrap();
    // (moto issues one access key id; its expiry moves on.)
    assert!(renewed.expiration >= first.expiration);
    // Renewed once, not on every look.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(f.proxy.count("GetCredentialsForIdentity"), 2);
    assert_eq!(f.proxy.count("GetId"), 1, "the same guest identity");
}

#[tokio::test]
async fn a_failing_service_is_retried_with_back_off_and_nobody_is_signed_out() {
    let f = Fixture::new().await;
    let faults = FaultProxy::start(&f.proxy.url());
    let url: url::Url = faults.url().parse().unwrap();
    let c = f.client_with(
        f.config()
            .with_user_pool_endpoint(url.clone())
            .with_identity_pool_endpoint(url),
    );
    f.sign_in(&c).await;
    c.fetch_auth_session(false).await.aws_credentials.unwrap();
    c.start_background_refresh(FAST).unwrap();

    // Resets, not answers: an answer's `Date` would move the skew-corrected clock back to
    // moto's time and undo the test clock's advance.
    faults.set_fault(Fault::Reset);
    faults.reset_counts();
    f.expire_tokens();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    // Every 20 ms would be 75 attempts; doubling pauses make about 6.
    let attempts = faults.total();
    assert!((2..=10).contains(&attempts), "{attempts} attempts in 1.5 s");
    assert_eq!(c.user_state().await, UserState::SignedIn);

    // Back online: the next attempt renews tokens and credentials.
    faults.set_fault(Fault::None);
    eventually("recovery", || c.cached_auth_session().is_some()).await;
    assert_eq!(c.user_state().await, UserState::SignedIn);
}

#[tokio::test]
async fn it_stops_when_asked_and_when_the_client_is_released() {
    let f = Fixture::new().await;
    let c = f.client();
    c.fetch_auth_session(false).await.aws_credentials.unwrap();
    c.start_background_refresh(FAST).unwrap();
    c.stop_background_refresh();
    age_credentials(&f);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(f.proxy.count("GetCredentialsForIdentity"), 1, "stopped");

    // Started again, then the client is released: its task ends with it.
    c.start_background_refresh(FAST).unwrap();
    eventually("renewal", || {
        f.proxy.count("GetCredentialsForIdentity") == 2
    })
    .await;
    let weak = std::sync::Arc::downgrade(&c.inner);
    drop(c);
    // It holds the client only while it looks or renews.
    eventually("release", || weak.upgrade().is_none()).await;
    age_credentials(&f);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(f.proxy.count("GetCredentialsForIdentity"), 2, "released");
}

#[test]
fn it_needs_a_runtime() {
    let config = AuthConfig::new(
        crate::config::UserPoolConfig {
            pool_id: "us-east-1_test".into(),
            client_id: "client".into(),
            client_secret: None,
            region: "us-east-1".into(),
            endpoint: None,
        },
        None,
    );
    let c = AuthClient::new(config, crate::AuthOptions::default()).unwrap();
    let e = c
        .start_background_refresh(BackgroundRefreshOptions::default())
        .unwrap_err();
    assert_eq!(e.kind(), "Internal");
}
