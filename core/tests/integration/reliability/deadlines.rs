//! Deadlines (issue 13, "bounded waits") and answers from something in between. A network
//! that accepts connections and never answers — [`BlackHole`], or the fault proxy holding
//! every request (`Stall`) in front of moto — must not hang a public call: each returns within
//! its `operation_timeout` (plus slack for a loaded machine) with a transient `Network` error,
//! a request that timed out is sent at most twice, several requests of one call share one
//! deadline, and nothing stored changes. A 401/403 that is not Cognito's own JSON error (a
//! captive portal's page) during a refresh is transient and keeps the session; Cognito's own
//! `NotAuthorizedException` still ends it. Peers: moto behind the fault proxy; the black hole.

use crate::support::reliability::*;
use cognito_auth::{
    AuthClient, AuthConfig, AuthError, AuthEvent, AuthOptions, RetryPolicy, SignInFlow,
    SignInNextStep, SignInOptions, SignOutOptions, SignOutResult, UserState, WireOptions,
};
use cognito_auth_testkit::{BlackHole, Fault, FaultProxy, TestPool, unique};
use std::collections::BTreeMap;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

const PASSWORD: &str = "Passw0rd-Deadline1";
/// The deadline of the black-hole calls: short, so the suite stays fast.
const DEADLINE: Duration = Duration::from_secs(2);
/// Generous slack over the deadline for a loaded 2-core machine (not a speed test: without
/// deadlines these calls take 30 s or more).
const SLACK: Duration = Duration::from_secs(3);
/// Longer than the deadline: the deadline must win.
const LONG_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Every request held this long by the proxy: longer than any deadline here.
const HOLD: Fault = Fault::Stall(Duration::from_secs(30));

fn options(
    store: Arc<SnapshotStore>,
    request_timeout: Duration,
    operation_timeout: Duration,
) -> AuthOptions {
    AuthOptions {
        wire: WireOptions {
            retry: RetryPolicy {
                max_attempts: 3,
                base_delay: Duration::from_millis(2),
                max_delay: Duration::from_millis(10),
            },
            connect_timeout: request_timeout,
            request_timeout,
            operation_timeout,
            ..WireOptions::default()
        },
        storage: store,
        ..AuthOptions::default()
    }
}

/// A client whose calls have [`DEADLINE`] and whose requests may take far longer.
fn deadline_client(config: AuthConfig, store: Arc<SnapshotStore>) -> AuthClient {
    AuthClient::new(config, options(store, LONG_REQUEST_TIMEOUT, DEADLINE)).unwrap()
}

/// Runs `call`, checks it returned within the deadline and slack, and returns its output.
async fn within_deadline<T>(what: &str, call: impl Future<Output = T>) -> T {
    let started = Instant::now();
    let out = call.await;
    let took = started.elapsed();
    eprintln!("{what}: returned after {took:?} (deadline {DEADLINE:?})");
    assert!(
        took < DEADLINE + SLACK,
        "{what}: took {took:?}, deadline {DEADLINE:?}"
    );
    out
}

/// A black-hole timeout: `Network`, transient, saying which deadline passed.
fn assert_deadline_error(what: &str, e: &AuthError) {
    assert_eq!(e.kind(), "Network", "{what}: {e}");
    assert!(e.is_transient(), "{what}: {e}");
    assert!(
        e.to_string().contains("within the 2 s deadline")
            || e.to_string().contains("the 2 s deadline had passed"),
        "{what}: {e}"
    );
}

struct Env {
    pool: TestPool,
    proxy: FaultProxy,
    config: AuthConfig,
    store: Arc<SnapshotStore>,
    name: String,
}

/// A user signed in (password) through the proxy with default options, AWS credentials
/// fetched: a full stored session.
async fn signed_in() -> Env {
    let (pool, proxy) = moto_pool_behind_fault_proxy().await;
    let config = config_through(&pool.amplify_outputs(), &proxy);
    let store = SnapshotStore::new();
    let name = unique("dl");
    pool.create_user(
        &name,
        PASSWORD,
        &[("email", &format!("{name}@example.com"))],
    )
    .await;
    let setup = client(config.clone(), store.clone());
    let r = setup
        .sign_in(
            &name,
            Some(PASSWORD),
            SignInOptions {
                flow: Some(SignInFlow::UserPassword),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(r.next_step, SignInNextStep::Done);
    let s = setup.fetch_auth_session(false).await;
    s.aws_credentials.expect("credentials before the fault");
    Env {
        pool,
        proxy,
        config,
        store,
        name,
    }
}

struct Unchanged {
    stored: BTreeMap<(String, String), Vec<u8>>,
    events: cognito_auth::EventStream,
}

impl Unchanged {
    fn watch(client: &AuthClient, store: &SnapshotStore) -> Self {
        Self {
            stored: store.dump(),
            events: client.subscribe(),
        }
    }

    async fn check(&mut self, what: &str, client: &AuthClient, store: &SnapshotStore) {
        assert!(store.dump() == self.stored, "{what}: stored data changed");
        assert_eq!(self.events.drain(), [], "{what}: events");
        assert_eq!(client.user_state().await, UserState::SignedIn, "{what}");
    }
}

#[tokio::test]
async fn every_network_operation_returns_within_the_deadline_against_a_black_hole() {
    let env = signed_in().await;
    let c = deadline_client(env.config.clone(), env.store.clone());
    assert_eq!(c.user_state().await, UserState::SignedIn);
    let mut unchanged = Unchanged::watch(&c, &env.store);
    env.proxy.set_fault(HOLD);

    // Forced refresh: tokens, then identity-pool credentials. The refresh uses the whole
    // deadline; the credentials request is then not sent at all (no second full timeout).
    env.proxy.reset_counts();
    let s = within_deadline("fetch_auth_session(force)", c.fetch_auth_session(true)).await;
    assert!(s.is_signed_in, "a timeout is not a sign-out");
    assert_deadline_error("fetch tokens", &s.tokens.unwrap_err());
    // The cached credentials are still valid: served, the failure alongside.
    match (&s.aws_credentials, &s.refresh_error) {
        (Err(e), _) | (Ok(_), Some(e)) => assert!(e.is_transient(), "{e}"),
        other => panic!("the credentials failure is reported: {other:?}"),
    }
    assert_eq!(
        env.proxy.count("InitiateAuth"),
        1,
        "the deadline ends the first attempt"
    );
    assert_eq!(
        env.proxy.count("GetCredentialsForIdentity"),
        0,
        "no time was left"
    );
    unchanged
        .check("fetch_auth_session(force)", &c, &env.store)
        .await;

    // A user attribute call (valid tokens: one GetUser request).
    env.proxy.reset_counts();
    let e = within_deadline("fetch_user_attributes", c.fetch_user_attributes())
        .await
        .unwrap_err();
    assert_deadline_error("fetch_user_attributes", &e);
    assert_eq!(env.proxy.count("GetUser"), 1);
    unchanged
        .check("fetch_user_attributes", &c, &env.store)
        .await;
    let e = within_deadline(
        "update_user_attributes",
        c.update_user_attributes(
            [("name".to_owned(), "Deadline".to_owned())].into(),
            BTreeMap::new(),
        ),
    )
    .await
    .unwrap_err();
    assert_deadline_error("update_user_attributes", &e);
    unchanged
        .check("update_user_attributes", &c, &env.store)
        .await;

    // Sign-up and sign-in on a client of their own.
    let other_store = SnapshotStore::new();
    let other = deadline_client(env.config.clone(), other_store.clone());
    let e = within_deadline(
        "sign_up",
        other.sign_up(&unique("dls"), Some(PASSWORD), Default::default()),
    )
    .await
    .unwrap_err();
    assert_deadline_error("sign_up", &e);
    // Loading the (empty) session records the configuration in use: done before the
    // snapshot, so that only what the timeouts might change is compared.
    other.user_state().await;
    let before = other_store.dump();
    for flow in [SignInFlow::UserPassword, SignInFlow::UserSrp] {
        let e = within_deadline(
            "sign_in",
            other.sign_in(
                &env.name,
                Some(PASSWORD),
                SignInOptions {
                    flow: Some(flow),
                    ..Default::default()
                },
            ),
        )
        .await
        .unwrap_err();
        assert_deadline_error("sign_in", &e);
    }
    let after = other_store.dump();
    assert!(
        after == before,
        "sign_in: stored data changed: {:?} -> {:?}",
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );

    // Global sign-out: GlobalSignOut and RevokeToken share one deadline. The local session
    // is cleared by design (the user asked); the failure is reported.
    env.proxy.reset_counts();
    let r = within_deadline(
        "sign_out(global)",
        c.sign_out(SignOutOptions { global: true }),
    )
    .await;
    match r {
        SignOutResult::Partial {
            global_sign_out_error: Some(e),
            ..
        } => assert_deadline_error("GlobalSignOut", &e),
        other => panic!("sign_out: {other:?}"),
    }
    assert_eq!(env.proxy.count("GlobalSignOut"), 1);
    assert_ne!(
        c.user_state().await,
        UserState::SignedIn,
        "signed out locally"
    );
    drop(env.pool);
}

/// The refresh succeeds, the credentials request is black-holed: the call still returns
/// within its one deadline, serving what it has with the failure alongside.
#[tokio::test]
async fn a_fetch_whose_credentials_request_hangs_returns_within_the_deadline() {
    let env = signed_in().await;
    let c = deadline_client(env.config.clone(), env.store.clone());
    env.proxy.set_fault_for("GetCredentialsForIdentity", HOLD);
    env.proxy.reset_counts();
    let s = within_deadline("fetch_auth_session(force), credentials held", async {
        c.fetch_auth_session(true).await
    })
    .await;
    s.tokens.expect("the refresh went through");
    let failure = match (&s.aws_credentials, &s.refresh_error) {
        (Err(e), _) | (Ok(_), Some(e)) => e.clone(),
        other => panic!("the credentials failure is reported: {other:?}"),
    };
    assert_deadline_error("credentials", &failure);
    assert_eq!(env.proxy.count("InitiateAuth"), 1);
    assert_eq!(env.proxy.count("GetCredentialsForIdentity"), 1);
    assert_eq!(c.user_state().await, UserState::SignedIn);
}

/// Counted at the black hole: a request that times out is sent twice at most (one retry),
/// although the policy allows 3 attempts and the deadline leaves time for more.
#[tokio::test]
async fn a_timed_out_request_is_sent_at_most_twice() {
    let hole = BlackHole::start();
    let config = config_at(&hole.url());
    let c = AuthClient::new(
        config.clone(),
        options(
            SnapshotStore::new(),
            Duration::from_millis(500),
            Duration::from_secs(20),
        ),
    )
    .unwrap();
    let started = Instant::now();
    let e = c
        .sign_up("alice", Some(PASSWORD), Default::default())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "Network", "{e}");
    assert!(e.to_string().contains("timeout"), "{e}");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "not the 20 s deadline"
    );
    wait_for_connections(&hole, 2).await;
    assert_eq!(hole.connections(), 2, "one retry after a timeout");

    // The deadline shorter than the request timeout: one attempt, cut by the deadline.
    let hole = BlackHole::start();
    let store = SnapshotStore::new();
    let c = deadline_client(config_at(&hole.url()), store.clone());
    let e = within_deadline(
        "sign_up (black hole)",
        c.sign_up("bob", Some(PASSWORD), Default::default()),
    )
    .await
    .unwrap_err();
    assert_deadline_error("sign_up (black hole)", &e);
    wait_for_connections(&hole, 1).await;
    assert_eq!(hole.connections(), 1);
    assert!(
        store.dump().keys().all(|(ns, _)| ns == "cognito-auth"),
        "nothing stored for the configuration"
    );
}

/// A user pool and identity pool configuration at `url`.
fn config_at(url: &str) -> AuthConfig {
    let url: url::Url = url.parse().unwrap();
    AuthConfig::from_json(
        &serde_json::json!({"auth": {
            "aws_region": "us-east-1",
            "user_pool_id": "us-east-1_BlackHole",
            "user_pool_client_id": "blackholeclient",
        }})
        .to_string(),
    )
    .unwrap()
    .with_user_pool_endpoint(url)
}

/// The black hole's accept loop polls: give it a moment to count the last connection.
async fn wait_for_connections(hole: &BlackHole, n: usize) {
    for _ in 0..100 {
        if hole.connections() >= n {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// A captive portal's or proxy's 401/403 page during a refresh is the network, not a
/// verdict: the session is kept and nothing fires. Cognito's own `NotAuthorizedException`
/// still ends the session.
#[tokio::test]
async fn a_non_json_401_or_403_during_refresh_keeps_the_session() {
    let env = signed_in().await;
    let c = client(env.config.clone(), env.store.clone());
    assert_eq!(c.user_state().await, UserState::SignedIn);
    let mut unchanged = Unchanged::watch(&c, &env.store);
    for status in [401, 403] {
        let what = format!("refresh under an HTML {status}");
        // Every request meets the page: the forced refresh of the AWS credentials too (new
        // credentials would be stored, which is not what this test is about).
        env.proxy.set_fault(Fault::StatusHtml(status));
        env.proxy.reset_counts();
        let s = c.fetch_auth_session(true).await;
        env.proxy.set_fault(Fault::None);
        assert!(s.is_signed_in, "{what}");
        let e = s.tokens.unwrap_err();
        assert_eq!(e.kind(), "Network", "{what}: {e}");
        assert!(e.is_transient(), "{what}: {e}");
        assert!(
            e.to_string().contains(&format!("HTTP {status}")),
            "{what}: {e}"
        );
        assert!(e.to_string().contains("not a Cognito error"), "{what}: {e}");
        assert_eq!(
            env.proxy.count("InitiateAuth"),
            1,
            "{what}: a portal is not retried"
        );
        unchanged.check(&what, &c, &env.store).await;
    }

    // Cognito's own answer ends the session.
    env.proxy.set_fault_for(
        "InitiateAuth",
        Fault::Answer(
            400,
            r#"{"__type":"NotAuthorizedException","message":"Refresh Token has been revoked"}"#
                .into(),
        ),
    );
    let s = c.fetch_auth_session(true).await;
    env.proxy.set_fault(Fault::None);
    assert_eq!(s.tokens.unwrap_err().kind(), "SessionExpired");
    assert_eq!(unchanged.events.drain(), [AuthEvent::SessionExpired]);
    assert_eq!(
        c.user_state().await,
        UserState::SignedOutUserPoolsTokenInvalid
    );
    assert!(
        !env.store.holds_credentials(&c),
        "the dead tokens left storage"
    );
}
