//! Offline (AWSMobileClient's rules: cached tokens and credentials are served while valid, and a network failure never signs anyone out). The fault proxy plays the network:
//! `Refused` is a device with no connectivity, `Reset` a network that drops everything (and
//! counts what was tried). With valid cached tokens or credentials, nothing is sent and the
//! session is served; once they expire offline, that part fails with a network error while
//! `is_signed_in` stays true, the state stays `SignedIn`, no event fires and nothing stored
//! changes; the next call online refreshes. A restart (a new client on the same store) while
//! offline behaves the same. Peers: moto (identity pool, federation), oidc-provider (hosted-UI
//! tokens, refreshed at its token endpoint), moto again for a user-pool sign-in refreshed with
//! `REFRESH_TOKEN_AUTH`.

use crate::support::web;

use crate::support::reliability::*;
use cognito_auth::clock::ManualClock;
use cognito_auth::{
    AuthConfig, AuthEvent, FederationProvider, SignInFlow, SignInOptions, UserState, WebUiOptions,
};
use cognito_auth_testkit::{Fault, FaultProxy};
use std::sync::Arc;
use std::time::Duration;

#[tokio::test]
async fn federated_credentials_offline() {
    let (pool, proxy) = moto_pool_behind_fault_proxy().await;
    let config = config_through(&pool.amplify_outputs(), &proxy);
    let store = SnapshotStore::new();
    let clock = Arc::new(ManualClock::starting_now());
    let c = client_with_clock(config.clone(), store.clone(), clock.clone());
    let fed = c
        .federate_to_identity_pool("provider-token", &FederationProvider::Google, None)
        .await
        .unwrap();

    // Valid cached credentials: served with no request, also after a restart.
    proxy.set_fault(Fault::Reset);
    proxy.reset_counts();
    let restarted = client_with_clock(config.clone(), store.clone(), clock.clone());
    for client in [&c, &restarted] {
        let s = client.fetch_auth_session(false).await;
        assert!(s.is_signed_in);
        assert_eq!(s.aws_credentials.unwrap(), fed.credentials);
        assert_eq!(s.identity_id.unwrap(), fed.identity_id);
    }
    assert_eq!(proxy.total(), 0, "nothing was sent");

    // Expired while offline: the credentials part fails, nothing else changes.
    proxy.set_fault(Fault::Refused);
    let mut events = c.subscribe();
    let before = store.dump();
    clock.advance(Duration::from_secs(2 * 3600));
    for client in [&c, &restarted] {
        let s = client.fetch_auth_session(false).await;
        assert!(s.is_signed_in, "offline is not signed out");
        assert_eq!(s.identity_id.as_ref().unwrap(), &fed.identity_id);
        let e = s.aws_credentials.unwrap_err();
        assert_eq!(e.kind(), "Network", "{e}");
        assert!(e.to_string().contains("connect"), "{e}");
        assert_eq!(client.user_state().await, UserState::SignedIn);
    }
    assert_eq!(events.drain(), []);
    assert!(store.dump() == before, "nothing stored changed");

    // Online again: the next call renews them.
    proxy.set_fault(Fault::None);
    let s = c.fetch_auth_session(false).await;
    s.aws_credentials.unwrap();
    assert_eq!(
        proxy.count("GetCredentialsForIdentity"),
        1,
        "renewed online"
    );
    assert_eq!(s.identity_id.unwrap(), fed.identity_id);
}

#[tokio::test]
async fn web_session_tokens_offline() {
    let web = web::env(false).await;
    let proxy = FaultProxy::start(&web.provider.url());
    let config = AuthConfig::from_json(&web.app.amplify_outputs())
        .unwrap()
        .with_oauth_endpoint(proxy.url().parse().unwrap());
    let store = SnapshotStore::new();
    let clock = Arc::new(ManualClock::starting_now());
    let c = client_with_clock(config.clone(), store.clone(), clock.clone());
    let presenter = web.presenter(web.login());
    let (p, o) = (proxy.url(), web.provider.url());
    presenter.tamper(move |u| u.replace(&p, &o));
    c.sign_in_with_web_ui(
        presenter,
        WebUiOptions {
            prefer_private_session: true,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let tokens = c.fetch_auth_session(false).await.tokens.unwrap();

    proxy.set_fault(Fault::Reset);
    proxy.reset_counts();
    let restarted = client_with_clock(config.clone(), store.clone(), clock.clone());
    for client in [&c, &restarted] {
        let s = client.fetch_auth_session(false).await;
        assert_eq!(s.tokens.unwrap(), tokens, "cached tokens served offline");
        assert!(client.get_current_user().await.is_ok());
    }
    assert_eq!(proxy.total(), 0, "nothing was sent");

    proxy.set_fault(Fault::Refused);
    let mut events = c.subscribe();
    let before = store.dump();
    clock.advance(Duration::from_secs(3 * 3600));
    for client in [&c, &restarted] {
        let s = client.fetch_auth_session(false).await;
        assert!(s.is_signed_in, "offline is not signed out");
        assert!(s.user_sub.is_ok());
        assert_eq!(s.tokens.unwrap_err().kind(), "Network");
        assert_eq!(client.user_state().await, UserState::SignedIn);
        assert!(client.get_current_user().await.is_ok());
    }
    assert_eq!(events.drain(), []);
    assert!(store.dump() == before, "nothing stored changed");

    proxy.set_fault(Fault::None);
    let s = c.fetch_auth_session(false).await;
    let fresh = s.tokens.unwrap();
    assert_ne!(fresh.access_token, tokens.access_token, "refreshed online");
    assert_eq!(events.drain(), [AuthEvent::TokensRefreshed]);
    assert_eq!(proxy.count("oauth2/token"), 1);
}

#[tokio::test]
async fn user_pool_tokens_offline() {
    let (pool, proxy) = moto_pool_behind_fault_proxy().await;
    let config = config_through(&pool.amplify_outputs(), &proxy);
    let store = SnapshotStore::new();
    let clock = Arc::new(ManualClock::starting_now());
    let c = client_with_clock(config.clone(), store.clone(), clock.clone());
    let name = cognito_auth_testkit::unique("off");
    pool.create_user(
        &name,
        "Passw0rd-Offline1",
        &[("email", &format!("{name}@example.com"))],
    )
    .await;
    c.sign_in(
        &name,
        Some("Passw0rd-Offline1"),
        SignInOptions {
            flow: Some(SignInFlow::UserSrp),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let first = c.fetch_auth_session(false).await;
    let tokens = first.tokens.unwrap();
    let creds = first.aws_credentials.unwrap();

    proxy.set_fault(Fault::Reset);
    proxy.reset_counts();
    let restarted = client_with_clock(config.clone(), store.clone(), clock.clone());
    for client in [&c, &restarted] {
        let s = client.fetch_auth_session(false).await;
        assert_eq!(s.tokens.unwrap(), tokens, "cached tokens served offline");
        assert_eq!(s.aws_credentials.unwrap(), creds);
        assert_eq!(client.get_current_user().await.unwrap().username, name);
    }
    assert_eq!(proxy.total(), 0, "nothing was sent");

    proxy.set_fault(Fault::Refused);
    let mut events = c.subscribe();
    let before = store.dump();
    clock.advance(Duration::from_secs(2 * 3600));
    for client in [&c, &restarted] {
        let s = client.fetch_auth_session(false).await;
        assert!(s.is_signed_in, "offline is not signed out");
        assert!(s.user_sub.is_ok());
        assert_eq!(s.tokens.unwrap_err().kind(), "Network");
        assert_eq!(s.aws_credentials.unwrap_err().kind(), "Network");
        assert_eq!(client.user_state().await, UserState::SignedIn);
    }
    assert_eq!(events.drain(), []);
    assert!(store.dump() == before, "nothing stored changed");

    proxy.set_fault(Fault::None);
    let s = c.fetch_auth_session(false).await;
    assert_ne!(
        s.tokens.unwrap().access_token,
        tokens.access_token,
        "refreshed online"
    );
    s.aws_credentials.unwrap();
    assert_eq!(events.drain(), [AuthEvent::TokensRefreshed]);
    assert_eq!(proxy.count("InitiateAuth"), 1);
}
