//! Federation into the identity pool (a provider's token for an identity and AWS credentials) and guest sessions, through the public API.
//! moto answers the identity pool (it does not check provider tokens: a rejected token is
//! played by the scripted server of the testkit); the counting proxy shows what was sent.

use cognito_auth::clock::ManualClock;
use cognito_auth::{
    AuthClient, AuthConfig, AuthEvent, AuthOptions, FederationProvider, MemoryStore, UserState,
};
use cognito_auth::{RetryPolicy, WireOptions};
use cognito_auth_testkit::{CountingProxy, Moto, PoolSpec, Reply, ScriptedServer, TestPool};
use serde_json::json;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

struct Env {
    pool: TestPool,
    proxy: CountingProxy,
    clock: Arc<ManualClock>,
    store: Arc<MemoryStore>,
}

async fn env() -> Env {
    let moto = Moto::shared();
    Env {
        pool: moto.create_pool(PoolSpec::default()).await,
        proxy: CountingProxy::start(&moto.url()),
        clock: Arc::new(ManualClock::starting_now()),
        store: Arc::new(MemoryStore::new()),
    }
}

impl Env {
    fn config(&self) -> AuthConfig {
        let url: url::Url = self.proxy.url().parse().unwrap();
        AuthConfig::from_json(&self.pool.amplify_outputs())
            .unwrap()
            .with_user_pool_endpoint(url.clone())
            .with_identity_pool_endpoint(url)
    }

    fn client(&self) -> AuthClient {
        client(self.config(), self.clock.clone(), self.store.clone())
    }
}

fn client(config: AuthConfig, clock: Arc<ManualClock>, store: Arc<MemoryStore>) -> AuthClient {
    AuthClient::new(
        config,
        AuthOptions {
            wire: WireOptions {
                retry: RetryPolicy::none(),
                ..WireOptions::default()
            },
            clock,
            storage: store,
            ..AuthOptions::default()
        },
    )
    .unwrap()
}

#[tokio::test]
async fn federating_gets_an_identity_and_credentials_for_the_provider_token() {
    let env = env().await;
    let c = env.client();
    let mut events = c.subscribe();
    assert_eq!(c.user_state().await, UserState::Guest);
    let result = c
        .federate_to_identity_pool("google-id-token", &FederationProvider::Google, None)
        .await
        .unwrap();
    assert_eq!(events.drain(), [AuthEvent::Federated]);
    assert_eq!(c.user_state().await, UserState::SignedIn);
    let get_id = &env.proxy.bodies("GetId")[0];
    assert_eq!(
        get_id["Logins"],
        json!({"accounts.google.com": "google-id-token"})
    );
    assert_eq!(
        get_id["IdentityPoolId"],
        env.pool.identity_pool_id.as_deref().unwrap()
    );
    let creds = &env.proxy.bodies("GetCredentialsForIdentity")[0];
    assert_eq!(creds["IdentityId"], result.identity_id.as_str());
    assert_eq!(
        creds["Logins"],
        json!({"accounts.google.com": "google-id-token"})
    );

    let s = c.fetch_auth_session(false).await;
    assert!(s.is_signed_in);
    assert_eq!(s.identity_id.unwrap(), result.identity_id);
    assert_eq!(s.aws_credentials.unwrap(), result.credentials);
    assert_eq!(s.tokens.unwrap_err().kind(), "InvalidState");
    assert_eq!(s.user_sub.unwrap_err().kind(), "InvalidState");
    assert_eq!(
        c.get_current_user().await.unwrap_err().kind(),
        "InvalidState"
    );
    assert_eq!(env.proxy.count("GetCredentialsForIdentity"), 1, "cached");
    // Debug output never shows the provider token or the secret key.
    let printed = format!("{result:?} {s:?}", s = c.fetch_auth_session(false).await);
    assert!(!printed.contains("google-id-token"));
    assert!(!printed.contains(result.credentials.secret_access_key.expose()));
}

#[tokio::test]
async fn a_developer_provided_identity_id_skips_get_id() {
    let env = env().await;
    let c = env.client();
    let id = "us-east-1:11111111-2222-3333-4444-555555555555";
    let result = c
        .federate_to_identity_pool(
            "dev-token",
            &FederationProvider::Custom("login.cognitoauth.test".into()),
            Some(id),
        )
        .await
        .unwrap();
    assert_eq!(result.identity_id, id);
    assert_eq!(env.proxy.count("GetId"), 0);
    let creds = &env.proxy.bodies("GetCredentialsForIdentity")[0];
    assert_eq!(creds["IdentityId"], id);
    assert_eq!(
        creds["Logins"],
        json!({"login.cognitoauth.test": "dev-token"})
    );
    // Renewal keeps using it: still no GetId.
    env.clock.advance(Duration::from_secs(60));
    assert_eq!(c.fetch_auth_session(false).await.identity_id.unwrap(), id);
    assert_eq!(env.proxy.count("GetId"), 0);
}

#[tokio::test]
async fn credentials_are_renewed_with_the_stored_provider_token_never_a_refreshed_one() {
    let env = env().await;
    let c = env.client();
    let first = c
        .federate_to_identity_pool("fb-token-1", &FederationProvider::Facebook, None)
        .await
        .unwrap();
    env.proxy.reset_counts();
    env.clock.advance(Duration::from_secs(60)); // moto's credentials last 90 s
    let s = c.fetch_auth_session(false).await;
    assert_eq!(s.identity_id.unwrap(), first.identity_id);
    assert_eq!(env.proxy.count("GetId"), 0);
    let sent = env.proxy.bodies("GetCredentialsForIdentity");
    assert_eq!(sent.len(), 1);
    assert_eq!(
        sent[0]["Logins"],
        json!({"graph.facebook.com": "fb-token-1"})
    );
    // The app hands over a fresh token by federating again.
    c.federate_to_identity_pool("fb-token-2", &FederationProvider::Facebook, None)
        .await
        .unwrap();
    let sent = env.proxy.bodies("GetCredentialsForIdentity");
    assert_eq!(
        sent[1]["Logins"],
        json!({"graph.facebook.com": "fb-token-2"})
    );
    // Another client on the same store (the next launch) is federated too.
    let next_launch = env.client();
    assert_eq!(next_launch.user_state().await, UserState::SignedIn);
}

#[tokio::test]
async fn clearing_the_federation_forgets_it_locally_only() {
    let env = env().await;
    let c = env.client();
    let fed = c
        .federate_to_identity_pool("t", &FederationProvider::Apple, None)
        .await
        .unwrap();
    let mut events = c.subscribe();
    env.proxy.reset_counts();
    c.clear_federation_to_identity_pool().await.unwrap();
    assert_eq!(events.drain(), [AuthEvent::FederationCleared]);
    assert_eq!(env.proxy.total(), 0, "nothing is sent to any server");
    assert_eq!(c.user_state().await, UserState::Guest);
    let s = c.fetch_auth_session(false).await;
    assert!(!s.is_signed_in);
    assert_ne!(
        s.identity_id.unwrap(),
        fed.identity_id,
        "a guest identity now"
    );
    assert!(env.proxy.bodies("GetId")[0].get("Logins").is_none());
    let e = c.clear_federation_to_identity_pool().await.unwrap_err();
    assert_eq!(e.kind(), "InvalidState");
}

#[tokio::test]
async fn bad_federation_requests_are_refused_and_change_nothing() {
    let env = env().await;
    let c = env.client();
    c.federate_to_identity_pool("ok", &FederationProvider::Amazon, None)
        .await
        .unwrap();
    let e = c
        .federate_to_identity_pool("", &FederationProvider::Google, None)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "InvalidParameter");
    let e = c
        .federate_to_identity_pool("t", &FederationProvider::Google, Some(""))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "InvalidParameter");
    // moto refuses an identity pool it does not know.
    let mut config = env.config();
    config.identity_pool.as_mut().unwrap().pool_id =
        "us-east-1:00000000-0000-0000-0000-000000000000".into();
    let other = client(config, env.clock.clone(), Arc::new(MemoryStore::new()));
    assert!(
        other
            .federate_to_identity_pool("t", &FederationProvider::Twitter, None)
            .await
            .is_err()
    );
    assert_eq!(other.user_state().await, UserState::Guest);
    // Without an identity pool there is nothing to federate to.
    let mut config = env.config();
    config.identity_pool = None;
    let none = client(config, env.clock.clone(), Arc::new(MemoryStore::new()));
    let e = none
        .federate_to_identity_pool("t", &FederationProvider::Google, None)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "Configuration");
    // The first client is still federated with its token.
    assert_eq!(c.user_state().await, UserState::SignedIn);
}

/// The identity pool rejecting the stored provider token: moto never does, so the scripted
/// server of the testkit (ours, misbehaving on purpose) plays the identity pool.
#[tokio::test]
async fn a_rejected_provider_token_signs_the_federated_user_out() {
    let soon = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + 100;
    let creds = |id: &str| {
        Reply::json(json!({"IdentityId": id, "Credentials": {
            "AccessKeyId": "ASIAFAKE", "SecretKey": "secret", "SessionToken": "session",
            "Expiration": soon}}))
    };
    let server = ScriptedServer::start(vec![
        Reply::json(json!({"IdentityId": "us-east-1:abc"})),
        creds("us-east-1:abc"),
        Reply::error(400, "NotAuthorizedException", "Token is expired"),
        Reply::json(json!({"IdentityId": "us-east-1:abc"})),
        creds("us-east-1:abc"),
    ]);
    let config = AuthConfig::from_json(
        &json!({"version": "1.3", "auth": {
            "aws_region": "us-east-1", "user_pool_id": "us-east-1_x", "user_pool_client_id": "c",
            "identity_pool_id": "us-east-1:pool", "unauthenticated_identities_enabled": false}})
        .to_string(),
    )
    .unwrap()
    .with_identity_pool_endpoint(server.url().parse().unwrap());
    let clock = Arc::new(ManualClock::starting_now());
    let c = client(config, clock.clone(), Arc::new(MemoryStore::new()));
    c.federate_to_identity_pool("google-token", &FederationProvider::Google, None)
        .await
        .unwrap();
    let mut events = c.subscribe();
    clock.advance(Duration::from_secs(200));
    let s = c.fetch_auth_session(false).await;
    assert!(!s.is_signed_in);
    assert_eq!(s.aws_credentials.unwrap_err().kind(), "SessionExpired");
    assert_eq!(
        c.user_state().await,
        UserState::SignedOutFederatedTokensInvalid
    );
    assert_eq!(events.drain(), [AuthEvent::SessionExpired]);
    // No second attempt with the dead token.
    let hits = server.hits();
    assert_eq!(
        c.fetch_auth_session(false)
            .await
            .identity_id
            .unwrap_err()
            .kind(),
        "SessionExpired"
    );
    assert_eq!(server.hits(), hits);
    // A waiter resumes when the app federates again with a fresh token.
    let waiter = {
        let c = c.clone();
        tokio::spawn(async move { c.wait_for_sign_in().await })
    };
    c.federate_to_identity_pool("fresh-token", &FederationProvider::Google, None)
        .await
        .unwrap();
    waiter.await.unwrap().unwrap();
    assert_eq!(c.user_state().await, UserState::SignedIn);
    let sent = server.received();
    assert!(
        sent[2].body.contains("google-token"),
        "renewal used the stored token"
    );
    assert!(sent[4].body.contains("fresh-token"));
}
