//! Session behaviour against moto (through the counting proxy of the testkit), with a user
//! signed in at the wire level. What each test proves is in its name; the peer answering is
//! moto unless the test says otherwise.

use super::test_support::{Fixture, fake_tokens, namespace_of};
use super::*;
use crate::config::AuthConfig;
use crate::config::UserPoolConfig;
use crate::storage::MemoryStore;
use crate::storage::SecureStore;
use crate::wire::user_pool::{AuthFlow, AuthParameters, GlobalSignOutRequest, InitiateAuthRequest};
use crate::{AuthOptions, Secret, SignOutOptions, SignOutResult};
use cognito_auth_testkit::{PoolSpec, Reply, ScriptedServer};
use std::time::Duration;

fn offline_client(store: Arc<dyn SecureStore>) -> AuthClient {
    let config = AuthConfig::new(
        UserPoolConfig {
            pool_id: "us-east-1_test".into(),
            client_id: "client".into(),
            client_secret: None,
            region: "us-east-1".into(),
            endpoint: None,
        },
        None,
    );
    AuthClient::new(
        config,
        AuthOptions {
            storage: store,
            ..Default::default()
        },
    )
    .unwrap()
}

/// The stored session, its revision zeroed (a random value each write).
async fn stored(c: &AuthClient) -> Option<StoredSession> {
    let m = c.sessions().await;
    m.records()
        .get(Record::Session)
        .await
        .unwrap()
        .map(|b| StoredSession {
            revision: 0,
            ..StoredSession::decode(&b).unwrap()
        })
}

#[tokio::test]
async fn sign_in_is_stored_and_survives_a_new_client() {
    let store = Arc::new(MemoryStore::new());
    let c = offline_client(store.clone());
    let mut events = c.subscribe();
    assert_eq!(c.user_state().await, UserState::SignedOut);
    c.ensure_no_session().await.unwrap();
    c.complete_sign_in(fake_tokens(), SignInMethod::UserPool)
        .await
        .unwrap();
    assert_eq!(events.recv().await.unwrap(), AuthEvent::SignedIn);
    assert_eq!(c.user_state().await, UserState::SignedIn);
    assert_eq!(
        c.ensure_no_session().await.unwrap_err().kind(),
        "InvalidState"
    );
    let again = offline_client(store.clone());
    assert_eq!(again.user_state().await, UserState::SignedIn);
    assert_eq!(again.signed_in_tokens().await.unwrap(), fake_tokens());
    let user = again.get_current_user().await.unwrap();
    assert_eq!(
        (user.user_id.as_str(), user.username.as_str()),
        ("sub-1", "alice")
    );
}

#[tokio::test]
async fn unreadable_session_counts_as_signed_out_and_is_kept_until_a_new_sign_in() {
    let store = Arc::new(MemoryStore::new());
    let c = offline_client(store.clone());
    let ns = namespace_of(&c);
    let session_key = Record::Session.key();
    store
        .set(&ns, &session_key, b"{not json".to_vec())
        .await
        .unwrap();
    assert_eq!(c.user_state().await, UserState::SignedOut);
    let session = c.fetch_auth_session(false).await;
    assert!(!session.is_signed_in);
    assert!(
        matches!(
            session.tokens,
            Err(AuthError::Storage(StorageError::Corrupt(_)))
        ),
        "{:?}",
        session.tokens
    );
    assert_eq!(c.get_current_user().await.unwrap_err().kind(), "Storage");
    assert_eq!(
        store.get(&ns, &session_key).await.unwrap().as_deref(),
        Some(&b"{not json"[..]),
        "not overwritten until a new sign-in"
    );
    c.complete_sign_in(fake_tokens(), SignInMethod::UserPool)
        .await
        .unwrap();
    assert_eq!(stored(&c).await.unwrap().user_pool.unwrap().sub, "sub-1");
}

#[tokio::test]
async fn device_secrets_are_per_user_and_survive_sign_out() {
    let c = offline_client(Arc::new(MemoryStore::new()));
    let s = DeviceSecrets {
        device_key: "us-east-1_dev".into(),
        device_group_key: "group".into(),
        device_password: Secret::new("pw"),
    };
    c.set_device_secrets("alice", Some(&s)).await.unwrap();
    assert_eq!(c.device_secrets("alice").await.unwrap(), Some(s.clone()));
    assert_eq!(c.device_secrets("bob").await.unwrap(), None);
    c.complete_sign_in(fake_tokens(), SignInMethod::UserPool)
        .await
        .unwrap();
    c.clear_local_session(AuthEvent::SignedOut).await.unwrap();
    assert_eq!(c.device_secrets("alice").await.unwrap(), Some(s));
    c.set_device_secrets("alice", None).await.unwrap();
    assert_eq!(c.device_secrets("alice").await.unwrap(), None);
}

#[tokio::test]
async fn valid_tokens_come_from_the_cache_without_a_request() {
    let f = Fixture::new().await;
    let c = f.client();
    f.sign_in(&c).await;
    f.proxy.reset_counts();
    let first = c.fetch_auth_session(false).await;
    assert!(first.is_signed_in);
    let tokens = first.tokens.clone().unwrap();
    assert_eq!(
        first.user_sub.clone().unwrap(),
        tokens.id_claims().unwrap().sub().unwrap()
    );
    assert!(first.identity_id.is_ok() && first.aws_credentials.is_ok());
    assert_eq!(
        f.proxy.count("InitiateAuth"),
        0,
        "valid tokens are not refreshed"
    );
    assert_eq!(f.proxy.count("GetCredentialsForIdentity"), 1);
    f.clock.advance(Duration::from_secs(30));
    let second = c.fetch_auth_session(false).await;
    assert_eq!(second.tokens.unwrap(), tokens);
    assert_eq!(second.aws_credentials, first.aws_credentials);
    assert_eq!(
        f.proxy.total(),
        2,
        "GetId + GetCredentialsForIdentity, once"
    );
}

#[tokio::test]
async fn cached_session_is_the_fetched_one_and_never_waits_or_calls_out() {
    let f = Fixture::new().await;
    let c = f.client();
    f.sign_in(&c).await;
    // An identity pool is configured and no credentials were fetched yet.
    assert!(c.cached_auth_session().is_none());
    let fetched = c.fetch_auth_session(false).await;
    f.proxy.reset_counts();
    let cached = c
        .cached_auth_session()
        .expect("tokens and credentials are fresh");
    assert!(cached.is_signed_in);
    assert_eq!(cached.tokens.unwrap(), fetched.tokens.clone().unwrap());
    assert_eq!(cached.user_sub, fetched.user_sub);
    assert_eq!(cached.identity_id, fetched.identity_id);
    assert_eq!(cached.aws_credentials, fetched.aws_credentials);
    {
        let m = c.sessions().await;
        let _held = m.lock().await;
        assert!(
            c.cached_auth_session().is_none(),
            "never waits for another call"
        );
    }
    // moto's credentials last 90 s and are renewed in their last 45 s.
    f.clock.advance(Duration::from_secs(50));
    assert!(c.cached_auth_session().is_none());
    assert_eq!(f.proxy.total(), 0, "the cached path never calls out");
    c.fetch_auth_session(false).await.aws_credentials.unwrap();
    assert!(c.cached_auth_session().is_some());
}

#[tokio::test]
async fn cached_session_ends_at_the_refresh_margin_and_reports_signed_out() {
    let f = Fixture::new().await;
    let mut config = f.config();
    config.identity_pool = None;
    let c = f.client_with(config);
    // Signed out, nothing to fetch: the same answer as fetch_auth_session, at once.
    c.fetch_auth_session(false).await;
    let out = c.cached_auth_session().expect("nothing to refresh");
    assert!(!out.is_signed_in);
    assert_eq!(out.tokens.unwrap_err().kind(), "SignedOut");
    assert_eq!(out.identity_id.unwrap_err().kind(), "Configuration");
    f.sign_in(&c).await;
    let before = c.cached_auth_session().unwrap().tokens.unwrap();
    f.proxy.reset_counts();
    // 3600 s tokens, 120 s margin: cached until 3600 - 120, then the refresh is owed.
    f.clock.advance(Duration::from_secs(3600 - 125));
    assert_eq!(c.cached_auth_session().unwrap().tokens.unwrap(), before);
    f.clock.advance(Duration::from_secs(10));
    assert!(c.cached_auth_session().is_none());
    assert_eq!(f.proxy.total(), 0);
    let after = c.fetch_auth_session(false).await.tokens.unwrap();
    assert_eq!(f.proxy.count("InitiateAuth"), 1);
    assert_eq!(c.cached_auth_session().unwrap().tokens.unwrap(), after);
}

#[tokio::test]
async fn tokens_are_refreshed_within_the_margin_and_events_say_so() {
    let f = Fixture::new().await;
    // Without an identity pool: a credentials request's `Date` header would move the
    // skew-corrected clock back to moto's time and undo the test clock's advance.
    let mut config = f.config();
    config.identity_pool = None;
    let c = f.client_with(config);
    f.sign_in(&c).await;
    let before = c.fetch_auth_session(false).await.tokens.unwrap();
    let mut events = c.subscribe();
    f.proxy.reset_counts();
    // 3600 s tokens, 120 s margin: not yet at 3600 - 125 …
    f.clock.advance(Duration::from_secs(3600 - 125));
    assert_eq!(c.fetch_auth_session(false).await.tokens.unwrap(), before);
    assert_eq!(f.proxy.count("InitiateAuth"), 0);
    // … but at 3600 - 115.
    f.clock.advance(Duration::from_secs(10));
    let after = c.fetch_auth_session(false).await.tokens.unwrap();
    assert_eq!(f.proxy.count("InitiateAuth"), 1);
    assert_ne!(after.access_token, before.access_token);
    assert_eq!(
        after.refresh_token, before.refresh_token,
        "kept across refresh"
    );
    assert_eq!(events.try_recv(), Some(AuthEvent::TokensRefreshed));
    let body = &f.proxy.bodies("InitiateAuth")[0];
    assert_eq!(body["AuthFlow"], "REFRESH_TOKEN_AUTH");
    assert_eq!(
        body["AuthParameters"]["REFRESH_TOKEN"],
        before.refresh_token.unwrap().expose()
    );
    assert_eq!(stored(&c).await.unwrap().user_pool.unwrap().tokens, after);
}

#[tokio::test]
async fn force_refresh_renews_valid_tokens_and_credentials() {
    let f = Fixture::new().await;
    let c = f.client();
    f.sign_in(&c).await;
    let before = c.fetch_auth_session(false).await;
    f.proxy.reset_counts();
    let after = c.fetch_auth_session(true).await;
    assert_eq!(f.proxy.count("InitiateAuth"), 1);
    assert_eq!(f.proxy.count("GetCredentialsForIdentity"), 1);
    assert_eq!(f.proxy.count("GetId"), 0, "the identity id is kept");
    assert_ne!(
        after.tokens.unwrap().access_token,
        before.tokens.unwrap().access_token
    );
    assert_eq!(after.identity_id, before.identity_id);
}

#[tokio::test]
async fn secret_client_refresh_hashes_the_user_name() {
    // moto checks SECRET_HASH on REFRESH_TOKEN_AUTH against the user name it stored.
    let f = Fixture::with(PoolSpec::default(), true).await;
    let c = f.client();
    f.sign_in(&c).await;
    f.expire_tokens();
    let s = c.fetch_auth_session(false).await;
    assert!(s.tokens.is_ok(), "{:?}", s.tokens);
    assert!(
        f.proxy.bodies("InitiateAuth").last().unwrap()["AuthParameters"]["SECRET_HASH"].is_string()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_thousand_concurrent_fetches_make_one_refresh_request() {
    let f = Fixture::new().await;
    let c = f.client();
    f.sign_in(&c).await;
    f.expire_tokens();
    f.proxy.reset_counts();
    let mut events = c.subscribe();
    let tasks: Vec<_> = (0..1000)
        .map(|_| {
            let c = c.clone();
            tokio::spawn(async move { c.fetch_auth_session(false).await })
        })
        .collect();
    let mut sessions = Vec::new();
    for t in tasks {
        sessions.push(t.await.unwrap());
    }
    let refreshes = f.proxy.count("InitiateAuth");
    eprintln!("refresh storm: 1000 concurrent fetches -> {refreshes} refresh request(s)");
    assert_eq!(refreshes, 1);
    // The identity id and credentials were not there yet: fetched once for all, too.
    assert_eq!(f.proxy.count("GetId"), 1);
    assert_eq!(f.proxy.count("GetCredentialsForIdentity"), 1);
    let first = sessions[0].tokens.clone().unwrap();
    assert!(sessions.iter().all(|s| s.tokens.as_ref() == Ok(&first)));
    assert!(sessions.iter().all(|s| s.aws_credentials.is_ok()));
    assert_eq!(
        events.drain(),
        [AuthEvent::TokensRefreshed],
        "one refresh, one event"
    );
}

#[tokio::test]
async fn a_device_clock_hours_off_neither_refreshes_every_call_nor_trusts_expired_tokens() {
    let f = Fixture::new().await;
    let mut config = f.config();
    config.identity_pool = None;
    let c = f.client_with(config);
    // The phone's clock is two hours ahead of moto's.
    f.clock.advance(Duration::from_secs(2 * 3600));
    f.sign_in(&c).await;
    f.proxy.reset_counts();
    for _ in 0..3 {
        c.fetch_auth_session(false).await.tokens.unwrap();
    }
    assert_eq!(
        f.proxy.count("InitiateAuth"),
        0,
        "judged on the server's clock"
    );
    assert!(
        c.clock().offset_ms() < -7_000_000,
        "{}",
        c.clock().offset_ms()
    );
}

#[tokio::test]
async fn a_rejected_refresh_token_ends_the_session_after_global_sign_out() {
    let f = Fixture::new().await;
    let c = f.client();
    let name = f.sign_in(&c).await;
    let tokens = c.signed_in_tokens().await.unwrap();
    // Another device signs the user out everywhere.
    c.user_pool()
        .unwrap()
        .send(&GlobalSignOutRequest {
            access_token: tokens.access_token.clone(),
        })
        .await
        .unwrap();
    let mut events = c.subscribe();
    f.expire_tokens();
    let s = c.fetch_auth_session(false).await;
    assert!(!s.is_signed_in);
    assert_eq!(s.tokens.unwrap_err().kind(), "SessionExpired");
    assert_eq!(s.user_sub.unwrap_err().kind(), "SessionExpired");
    assert_eq!(s.aws_credentials.unwrap_err().kind(), "SessionExpired");
    assert_eq!(
        c.user_state().await,
        UserState::SignedOutUserPoolsTokenInvalid
    );
    assert_eq!(events.drain(), [AuthEvent::SessionExpired]);
    assert_eq!(
        c.get_current_user().await.unwrap_err().kind(),
        "SessionExpired"
    );
    // The dead tokens are gone from storage; the user's name stays (a re-sign-in hint);
    // nothing is asked again.
    let kept = stored(&c).await.unwrap();
    assert!(kept.user_pool_invalid);
    assert!(kept.user_pool.is_none(), "no rejected token is kept");
    assert_eq!(kept.expired_user.unwrap().username, name);
    let raw = c
        .sessions()
        .await
        .records()
        .get(Record::Session)
        .await
        .unwrap()
        .unwrap();
    let raw = String::from_utf8(raw).unwrap();
    assert!(!raw.contains(tokens.refresh_token.as_ref().unwrap().expose()));
    assert!(!raw.contains(tokens.access_token.expose()));
    f.proxy.reset_counts();
    assert_eq!(
        c.signed_in_tokens().await.unwrap_err().kind(),
        "SessionExpired"
    );
    assert_eq!(f.proxy.count("InitiateAuth"), 0);
    // A new client reads the same state from storage.
    assert_eq!(
        f.client().user_state().await,
        UserState::SignedOutUserPoolsTokenInvalid
    );
    // Signing in again is allowed and replaces it.
    f.sign_in_as(&c, &name).await;
    assert_eq!(c.user_state().await, UserState::SignedIn);
}

#[tokio::test]
async fn offline_refresh_keeps_the_user_signed_in_and_deletes_nothing() {
    let f = Fixture::new().await;
    let c = f.client();
    f.sign_in(&c).await;
    let before = c.fetch_auth_session(false).await;
    let m = c.sessions().await;
    let bytes = m.records().get(Record::Session).await.unwrap();
    let mut events = c.subscribe();
    f.expire_tokens();
    f.proxy.set_down(true);
    let s = c.fetch_auth_session(false).await;
    assert!(s.is_signed_in);
    assert_eq!(s.user_sub, before.user_sub);
    assert_eq!(s.tokens.unwrap_err().kind(), "Network");
    assert_eq!(s.aws_credentials.unwrap_err().kind(), "Network");
    assert_eq!(c.user_state().await, UserState::SignedIn);
    assert_eq!(events.try_recv(), None);
    assert_eq!(
        c.sessions()
            .await
            .records()
            .get(Record::Session)
            .await
            .unwrap(),
        bytes,
        "nothing stored changed"
    );
    f.proxy.set_down(false);
    let s = c.fetch_auth_session(false).await;
    assert!(s.tokens.is_ok() && s.aws_credentials.is_ok(), "{s:?}");
}

#[tokio::test]
async fn a_5xx_on_refresh_keeps_the_session() {
    // Fault injection (scripted server, ours): moto cannot be made to fail a refresh.
    let f = Fixture::new().await;
    let c = f.client();
    f.sign_in(&c).await;
    let server = ScriptedServer::start(vec![Reply::error(500, "InternalErrorException", "boom")]);
    let broken = f.client_with(
        f.config()
            .with_user_pool_endpoint(server.url().parse().unwrap()),
    );
    f.expire_tokens();
    let s = broken.fetch_auth_session(false).await;
    assert_eq!(s.tokens.unwrap_err().kind(), "Service");
    assert!(s.is_signed_in);
    assert_eq!(broken.user_state().await, UserState::SignedIn);
    assert!(server.hits() >= 1);
    assert!(!stored(&c).await.unwrap().user_pool_invalid);
}

#[tokio::test]
async fn guest_credentials_then_sign_in_merges_the_guest_identity() {
    let f = Fixture::new().await;
    let c = f.client();
    assert_eq!(c.user_state().await, UserState::Guest);
    let guest = c.fetch_auth_session(false).await;
    assert!(!guest.is_signed_in);
    assert_eq!(guest.tokens.unwrap_err().kind(), "SignedOut");
    let guest_id = guest.identity_id.unwrap();
    assert!(guest.aws_credentials.is_ok());
    let get_id = &f.proxy.bodies("GetId")[0];
    assert!(
        get_id.get("Logins").is_none(),
        "guests send no logins: {get_id}"
    );
    f.proxy.reset_counts();
    assert_eq!(
        c.fetch_auth_session(false).await.identity_id.unwrap(),
        guest_id
    );
    assert_eq!(f.proxy.total(), 0, "guest credentials are cached");

    f.sign_in(&c).await;
    let user = c.fetch_auth_session(false).await;
    let id_token = user.tokens.unwrap().id_token;
    assert_eq!(
        user.identity_id.unwrap(),
        guest_id,
        "merged, per Cognito's rules"
    );
    assert_eq!(f.proxy.count("GetId"), 0);
    let creds = f.proxy.bodies("GetCredentialsForIdentity");
    let provider = format!(
        "cognito-idp.us-east-1.amazonaws.com/{}",
        f.pool.user_pool_id
    );
    assert_eq!(creds[0]["IdentityId"], guest_id.as_str());
    assert_eq!(creds[0]["Logins"][&provider], id_token.expose());
}

#[tokio::test]
async fn credentials_are_renewed_shortly_before_they_expire() {
    let f = Fixture::new().await;
    let c = f.client();
    let first = c.fetch_auth_session(false).await.aws_credentials.unwrap();
    f.proxy.reset_counts();
    // moto's credentials last 90 s: renewed in their last 45 s.
    f.clock.advance(Duration::from_secs(40));
    assert_eq!(
        c.fetch_auth_session(false).await.aws_credentials.unwrap(),
        first
    );
    assert_eq!(f.proxy.total(), 0);
    f.clock.advance(Duration::from_secs(10));
    c.fetch_auth_session(false).await.aws_credentials.unwrap();
    assert_eq!(f.proxy.count("GetCredentialsForIdentity"), 1);
    assert_eq!(f.proxy.count("GetId"), 0);
    // Fresh ones are not renewed again at once.
    c.fetch_auth_session(false).await.aws_credentials.unwrap();
    assert_eq!(f.proxy.count("GetCredentialsForIdentity"), 1);
}

#[tokio::test]
async fn without_guest_access_or_identity_pool_the_identity_parts_say_why() {
    let f = Fixture::new().await;
    let mut config = f.config();
    config.identity_pool.as_mut().unwrap().allow_guest_access = false;
    let c = f.client_with(config.clone());
    assert_eq!(c.user_state().await, UserState::SignedOut);
    let s = c.fetch_auth_session(false).await;
    assert_eq!(s.identity_id.unwrap_err().kind(), "SignedOut");
    assert_eq!(s.aws_credentials.unwrap_err().kind(), "SignedOut");
    assert_eq!(f.proxy.total(), 0);

    config.identity_pool = None;
    let c = f.client_with(config);
    f.sign_in(&c).await;
    let s = c.fetch_auth_session(false).await;
    assert!(s.tokens.is_ok());
    assert_eq!(s.identity_id.unwrap_err().kind(), "Configuration");
    assert_eq!(s.aws_credentials.unwrap_err().kind(), "Configuration");
}

#[tokio::test]
async fn federation_and_user_pool_sign_in_exclude_each_other() {
    let f = Fixture::new().await;
    let c = f.client();
    f.sign_in(&c).await;
    let e = c
        .federate_to_identity_pool("google-token", &crate::FederationProvider::Google, None)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "InvalidState");
    assert_eq!(c.user_state().await, UserState::SignedIn);
    assert!(matches!(
        c.sign_out(SignOutOptions::default()).await,
        SignOutResult::Partial { .. }
    ));

    c.federate_to_identity_pool("google-token", &crate::FederationProvider::Google, None)
        .await
        .unwrap();
    let e = c.ensure_no_session().await.unwrap_err();
    assert_eq!(e.kind(), "InvalidState");
    assert!(e.to_string().contains("federat"), "{e}");
    assert_eq!(
        c.get_current_user().await.unwrap_err().kind(),
        "InvalidState"
    );
}

#[tokio::test]
async fn sign_out_is_partial_when_revoke_token_fails_and_clears_everything() {
    // moto answers RevokeToken with an HTML 500: a genuine partial sign-out.
    let f = Fixture::new().await;
    let c = f.client();
    f.sign_in(&c).await;
    c.fetch_auth_session(false).await.aws_credentials.unwrap();
    let mut events = c.subscribe();
    match c.sign_out(SignOutOptions::default()).await {
        SignOutResult::Partial {
            revoke_token_error: Some(e),
            global_sign_out_error: None,
            hosted_ui_error: None,
            refresh_token: Some(_),
            access_token: None,
            sign_out_url: None,
        } => assert!(e.is_transient(), "{e:?}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(f.proxy.count("RevokeToken"), 1);
    assert_eq!(f.proxy.count("GlobalSignOut"), 0);
    assert_eq!(events.drain(), [AuthEvent::SignedOut]);
    assert_eq!(c.user_state().await, UserState::Guest);
    assert_eq!(
        stored(&c).await,
        Some(StoredSession::signed_out().with_version())
    );
    assert_eq!(c.get_current_user().await.unwrap_err().kind(), "SignedOut");
}

#[tokio::test]
async fn global_sign_out_invalidates_the_refresh_token_everywhere() {
    let f = Fixture::new().await;
    let c = f.client();
    let name = f.sign_in(&c).await;
    let other_device = f.tokens(&c, &name).await;
    let result = c.sign_out(SignOutOptions { global: true }).await;
    assert!(
        matches!(
            &result,
            SignOutResult::Partial {
                global_sign_out_error: None,
                revoke_token_error: Some(_),
                ..
            }
        ),
        "{result:?}"
    );
    assert_eq!(f.proxy.count("GlobalSignOut"), 1);
    // The other device's refresh token no longer works.
    let pool = c.user_pool().unwrap();
    let refresh = other_device.refresh_token.unwrap();
    let e = pool
        .send(&InitiateAuthRequest {
            auth_flow: AuthFlow::RefreshToken,
            client_id: pool.client_id().into(),
            auth_parameters: AuthParameters::for_refresh(pool, &name, None, refresh),
            client_metadata: Default::default(),
            session: None,
        })
        .await
        .unwrap_err();
    assert_eq!(AuthError::from(e).kind(), "NotAuthorized");
}

#[tokio::test]
async fn a_partial_sign_out_carries_the_tokens_to_retry_with() {
    let f = Fixture::new().await;
    let c = f.client();
    let name = f.sign_in(&c).await;
    let signed_in = f.tokens(&c, &name).await;
    // moto answers RevokeToken with an HTML 500: the refresh token comes back for a retry.
    let refresh = match c.sign_out(SignOutOptions::default()).await {
        SignOutResult::Partial {
            revoke_token_error: Some(_),
            refresh_token: Some(refresh),
            access_token: None,
            sign_out_url: None,
            ..
        } => refresh,
        other => panic!("{other:?}"),
    };
    assert_eq!(f.proxy.count("RevokeToken"), 1);
    c.revoke_token(&refresh).await.unwrap_err();
    assert_eq!(f.proxy.count("RevokeToken"), 2, "the retry is sent");
    // The retry of GlobalSignOut works on its own, signed out or not.
    c.global_sign_out_with(&signed_in.access_token)
        .await
        .unwrap();
    assert_eq!(f.proxy.count("GlobalSignOut"), 1);
    let e = c
        .global_sign_out_with(&Secret::new("not-a-token"))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "NotAuthorized", "{e}");
}

#[tokio::test]
async fn hosted_ui_sessions_end_the_browser_session_unless_private() {
    let f = Fixture::new().await;
    let c = f.client();
    let name = f.user().await;
    for (private_session, expect_hosted_error) in [(false, true), (true, false)] {
        let tokens = f.tokens(&c, &name).await;
        c.complete_sign_in(
            tokens,
            SignInMethod::HostedUi {
                private_session,
                provider: None,
            },
        )
        .await
        .unwrap();
        // No OAuth domain is configured here, so ending the browser session must fail and
        // be reported, without keeping the user signed in.
        match c.sign_out(SignOutOptions::default()).await {
            SignOutResult::Partial {
                hosted_ui_error, ..
            } => assert_eq!(hosted_ui_error.is_some(), expect_hosted_error),
            other => panic!("{other:?}"),
        }
        assert_eq!(c.user_state().await, UserState::Guest);
    }
}

#[tokio::test]
async fn waiting_for_sign_in_resumes_on_sign_in_and_can_be_released() {
    let f = Fixture::new().await;
    let c = f.client();
    // Signed out: no waiting.
    assert_eq!(c.get_tokens(true).await.unwrap_err().kind(), "SignedOut");
    let name = f.sign_in(&c).await;
    let tokens = c.signed_in_tokens().await.unwrap();
    c.user_pool()
        .unwrap()
        .send(&GlobalSignOutRequest {
            access_token: tokens.access_token.clone(),
        })
        .await
        .unwrap();
    f.expire_tokens();
    assert_eq!(
        c.get_tokens(false).await.unwrap_err().kind(),
        "SessionExpired"
    );

    let waiter = |c: &AuthClient| {
        let c = c.clone();
        tokio::spawn(async move { c.get_tokens(true).await })
    };
    let receivers = || c.inner.accounts.observers.state_tx.receiver_count();
    let idle = receivers();
    let released = waiter(&c);
    while receivers() == idle {
        tokio::task::yield_now().await;
    }
    c.release_sign_in_wait();
    assert_eq!(released.await.unwrap().unwrap_err().kind(), "Cancelled");

    let resumed = waiter(&c);
    while receivers() == idle {
        tokio::task::yield_now().await;
    }
    f.sign_in_as(&c, &name).await;
    let got = resumed.await.unwrap().unwrap();
    assert_eq!(got, c.signed_in_tokens().await.unwrap());
    assert_ne!(got.access_token, tokens.access_token);
}

#[tokio::test]
async fn a_sign_out_during_a_refresh_is_not_undone_by_it() {
    let f = Fixture::new().await;
    let c = f.client();
    f.sign_in(&c).await;
    let generation = c.sessions().await.snapshot().await.generation;
    c.clear_local_session(AuthEvent::SignedOut).await.unwrap();
    let m = c.sessions().await;
    let held = m.hold().await;
    let applied = c
        .sessions()
        .await
        .update(&held, generation, |s| {
            s.user_pool_invalid = true;
            Some(AuthEvent::SessionExpired)
        })
        .await;
    assert!(!applied);
    assert_eq!(c.user_state().await, UserState::Guest);
}

#[tokio::test]
async fn events_reach_every_subscriber_in_order() {
    let f = Fixture::new().await;
    let c = f.client();
    let mut a = c.subscribe();
    let mut b = c.subscribe();
    f.sign_in(&c).await;
    f.expire_tokens();
    c.fetch_auth_session(false).await.tokens.unwrap();
    c.sign_out(SignOutOptions::default()).await;
    c.federate_to_identity_pool("t", &crate::FederationProvider::Facebook, None)
        .await
        .unwrap();
    c.clear_federation_to_identity_pool().await.unwrap();
    let want = [
        AuthEvent::SignedIn,
        AuthEvent::TokensRefreshed,
        AuthEvent::SignedOut,
        AuthEvent::Federated,
        AuthEvent::FederationCleared,
    ];
    assert_eq!(a.drain(), want);
    assert_eq!(b.drain(), want);
}

#[tokio::test]
async fn the_user_deleted_hook_clears_the_session() {
    let f = Fixture::new().await;
    let c = f.client();
    f.sign_in(&c).await;
    let mut events = c.subscribe();
    c.clear_local_session(AuthEvent::UserDeleted).await.unwrap();
    assert_eq!(events.drain(), [AuthEvent::UserDeleted]);
    assert_eq!(c.signed_in_tokens().await.unwrap_err().kind(), "SignedOut");
}

impl StoredSession {
    fn with_version(mut self) -> Self {
        self.version = model::SCHEMA_VERSION;
        self
    }
}

/// A store whose writes (or reads) fail, as a full disk or a locked keychain does.
#[derive(Debug, Default)]
struct FailingStore {
    inner: MemoryStore,
    fail_writes: std::sync::atomic::AtomicBool,
    fail_reads: std::sync::atomic::AtomicBool,
}

#[async_trait::async_trait]
impl SecureStore for FailingStore {
    async fn get(&self, ns: &str, key: &str) -> Result<Option<Vec<u8>>, StorageError> {
        if self.fail_reads.load(std::sync::atomic::Ordering::SeqCst) {
            return Err(StorageError::Unavailable("device locked".into()));
        }
        self.inner.get(ns, key).await
    }
    async fn set(&self, ns: &str, key: &str, value: Vec<u8>) -> Result<(), StorageError> {
        if self.fail_writes.load(std::sync::atomic::Ordering::SeqCst) {
            return Err(StorageError::Unavailable("disk full".into()));
        }
        self.inner.set(ns, key, value).await
    }
    async fn remove(&self, ns: &str, key: &str) -> Result<(), StorageError> {
        self.inner.remove(ns, key).await
    }
    async fn remove_all(&self, ns: &str) -> Result<(), StorageError> {
        self.inner.remove_all(ns).await
    }
}

fn client_on(store: Arc<FailingStore>) -> AuthClient {
    offline_client(store)
}

#[tokio::test]
async fn storage_failures_never_keep_a_user_signed_in_or_half_signed_in() {
    use std::sync::atomic::Ordering::SeqCst;
    let store = Arc::new(FailingStore::default());
    let c = client_on(store.clone());
    // A sign-in that cannot be stored fails and changes nothing.
    store.fail_writes.store(true, SeqCst);
    let e = c
        .complete_sign_in(fake_tokens(), SignInMethod::UserPool)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "Storage");
    assert_eq!(c.user_state().await, UserState::SignedOut);
    store.fail_writes.store(false, SeqCst);
    c.complete_sign_in(fake_tokens(), SignInMethod::UserPool)
        .await
        .unwrap();
    // A sign-out that cannot be stored still signs out here, and says it failed.
    store.fail_writes.store(true, SeqCst);
    let mut events = c.subscribe();
    match c.sign_out(SignOutOptions::default()).await {
        SignOutResult::Failed(e) => assert_eq!(e.kind(), "Storage"),
        other => panic!("{other:?}"),
    }
    assert_eq!(events.drain(), [AuthEvent::SignedOut]);
    assert_eq!(c.user_state().await, UserState::SignedOut);
}

#[tokio::test]
async fn an_unavailable_store_is_read_again_later() {
    use std::sync::atomic::Ordering::SeqCst;
    let store = Arc::new(FailingStore::default());
    client_on(store.clone())
        .complete_sign_in(fake_tokens(), SignInMethod::UserPool)
        .await
        .unwrap();
    // The next launch starts while the keychain is locked …
    store.fail_reads.store(true, SeqCst);
    let c = client_on(store.clone());
    assert_eq!(c.user_state().await, UserState::Unknown);
    assert!(matches!(
        c.fetch_auth_session(false).await.tokens,
        Err(AuthError::Storage(StorageError::Unavailable(_)))
    ));
    // … and once it is unlocked, the user is there.
    store.fail_reads.store(false, SeqCst);
    assert_eq!(c.user_state().await, UserState::SignedIn);
}

#[tokio::test]
async fn an_unreadable_store_is_not_an_empty_one() {
    use std::sync::atomic::Ordering::SeqCst;
    // Guest access is on: an empty store would mean "guest", and a guest session written over
    // the stored user's would sign them out for good once the store recovers.
    let mut f = Fixture::new().await;
    let store = Arc::new(FailingStore::default());
    f.store = store.clone();
    let user = f.sign_in(&f.client()).await;
    let c = f.client();
    let key = Record::Session.key();
    let ns = namespace_of(&c);
    let stored_before = store.inner.get(&ns, &key).await.unwrap();
    assert!(stored_before.is_some());

    store.fail_reads.store(true, SeqCst);
    let mut events = c.subscribe();
    f.proxy.reset_counts();
    assert_eq!(c.user_state().await, UserState::Unknown);
    let s = c.fetch_auth_session(false).await;
    assert!(!s.is_signed_in);
    for part in [
        s.user_sub.map(|_| ()),
        s.tokens.map(|_| ()),
        s.identity_id.map(|_| ()),
        s.aws_credentials.map(|_| ()),
    ] {
        assert!(
            matches!(part, Err(AuthError::Storage(StorageError::Unavailable(_)))),
            "{part:?}"
        );
    }
    assert_eq!(
        c.ensure_no_session().await.unwrap_err().kind(),
        "Storage",
        "no sign-in over a user nobody can see"
    );
    assert_eq!(f.proxy.total(), 0, "no guest identity was fetched");
    assert_eq!(store.inner.get(&ns, &key).await.unwrap(), stored_before);
    assert_eq!(events.drain(), [], "no event while nothing is known");

    // The first successful read restores everything.
    store.fail_reads.store(false, SeqCst);
    assert_eq!(c.user_state().await, UserState::SignedIn);
    assert_eq!(c.get_current_user().await.unwrap().username, user);
    assert!(c.fetch_auth_session(false).await.tokens.is_ok());
}

#[tokio::test]
async fn valid_tokens_are_served_when_their_early_refresh_fails() {
    let f = Fixture::new().await;
    let c = f.client();
    f.sign_in(&c).await;
    let before = c.fetch_auth_session(false).await;
    let tokens = before.tokens.clone().unwrap();
    assert_eq!(before.refresh_error, None);
    // 60 s before expiry: inside the 120 s margin, so a refresh is owed; the network is down.
    f.clock.advance(Duration::from_secs(3600 - 60));
    f.proxy.set_down(true);
    let mut events = c.subscribe();
    let offline = c.fetch_auth_session(false).await;
    assert!(offline.is_signed_in);
    assert_eq!(
        offline.tokens.as_ref().unwrap(),
        &tokens,
        "still valid: served"
    );
    assert_eq!(offline.user_sub, before.user_sub);
    assert_eq!(
        offline.refresh_error.as_ref().map(AuthError::kind),
        Some("Network"),
        "the failure comes alongside, not instead"
    );
    assert_eq!(
        c.valid_tokens().await.unwrap(),
        tokens,
        "user operations get them too"
    );
    // A forced refresh that fails shows in the part.
    assert_eq!(
        c.fetch_auth_session(true).await.tokens.unwrap_err().kind(),
        "Network"
    );
    assert_eq!(events.drain(), [], "nobody was signed out");
    assert_eq!(c.user_state().await, UserState::SignedIn);
    // Back online: refreshed, and no failure reported any more.
    f.proxy.set_down(false);
    let online = c.fetch_auth_session(false).await;
    assert_ne!(online.tokens.unwrap(), tokens);
    assert_eq!(online.refresh_error, None);
    // Past expiry and offline: nothing valid to serve, the part says why.
    f.proxy.set_down(true);
    f.clock.advance(Duration::from_secs(3600 + 60));
    let dead = c.fetch_auth_session(false).await;
    assert_eq!(dead.tokens.unwrap_err().kind(), "Network");
    assert_eq!(dead.refresh_error, None);
}

#[tokio::test]
async fn named_configurations_share_a_store_without_wiping_each_other() {
    let store: Arc<dyn SecureStore> = Arc::new(MemoryStore::new());
    let client = |client_id: &str, name: Option<&str>| {
        let config = AuthConfig::new(
            UserPoolConfig {
                pool_id: "us-east-1_test".into(),
                client_id: client_id.into(),
                client_secret: None,
                region: "us-east-1".into(),
                endpoint: None,
            },
            None,
        );
        AuthClient::new(
            config,
            AuthOptions {
                storage: store.clone(),
                namespace: name.map(str::to_owned),
                ..Default::default()
            },
        )
        .unwrap()
    };
    for (id, name) in [("work-app", "work"), ("home-app", "home")] {
        client(id, Some(name))
            .complete_sign_in(fake_tokens(), SignInMethod::UserPool)
            .await
            .unwrap();
    }
    // Every start of either finds both still signed in.
    for _ in 0..2 {
        for (id, name) in [("work-app", "work"), ("home-app", "home")] {
            assert_eq!(
                client(id, Some(name)).user_state().await,
                UserState::SignedIn,
                "{name}"
            );
        }
    }
    // Unnamed, a changed configuration still wipes its predecessor (Amplify's rule), and
    // leaves the named ones alone.
    client("first", None)
        .complete_sign_in(fake_tokens(), SignInMethod::UserPool)
        .await
        .unwrap();
    assert_eq!(
        client("second", None).user_state().await,
        UserState::SignedOut
    );
    assert_eq!(
        client("first", None).user_state().await,
        UserState::SignedOut
    );
    assert_eq!(
        client("work-app", Some("work")).user_state().await,
        UserState::SignedIn
    );
    let bad = AuthClient::new(
        AuthConfig::new(
            UserPoolConfig {
                pool_id: "us-east-1_test".into(),
                client_id: "c".into(),
                client_secret: None,
                region: "us-east-1".into(),
                endpoint: None,
            },
            None,
        ),
        AuthOptions {
            namespace: Some("../etc".into()),
            ..Default::default()
        },
    );
    assert_eq!(bad.unwrap_err().kind(), "Configuration");
}
