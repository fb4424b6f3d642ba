//! Concurrency: many tasks calling sign-in (hosted UI against oidc-provider; SRP and password
//! sign-in against moto), fetch, sign-out,
//! federate (moto's identity pool) and clear-federation in random interleavings for a
//! bounded time. Every call is timeout-guarded (a hang is a deadlock), no task may panic, and
//! at the end: the state is one of the valid ones, a fresh client reading the same store
//! agrees with it, and the events, replayed as a state machine from the start, are all legal
//! transitions that end in that state.
//!
//! The refresh storm (1,000 concurrent fetches with expired tokens → exactly one refresh
//! request, counted at the proxy in front of moto) is
//! `session::tests::a_thousand_concurrent_fetches_make_one_refresh_request` in the crate's
//! unit tests; it is not repeated here.

use crate::support::web;

use crate::support::reliability::*;
use cognito_auth::{
    AuthClient, AuthConfig, AuthEvent, AuthOptions, FederationProvider, SignInFlow, SignInOptions,
    SignOutOptions, UserState, WebUiOptions,
};
use cognito_auth_testkit::{Moto, PoolSpec, unique};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// How long the tasks keep going, and how long one call may take before it counts as hung.
const RUN_FOR: Duration = Duration::from_secs(4);
const CALL_LIMIT: Duration = Duration::from_secs(20);
const TASKS: usize = 12;

/// The session as the events tell it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Model {
    Out,
    User,
    Fed,
    UserExpired,
    FedExpired,
}

fn step(m: Model, e: AuthEvent) -> Result<Model, String> {
    use AuthEvent as E;
    use Model as M;
    let illegal = || Err(format!("{e:?} while {m:?}"));
    Ok(match (m, e) {
        (M::User | M::Fed, E::SignedIn) => return illegal(),
        (_, E::SignedIn) => M::User,
        (M::User, E::Federated) => return illegal(),
        (_, E::Federated) => M::Fed,
        (M::Fed | M::FedExpired, E::FederationCleared) => M::Out,
        (_, E::FederationCleared) => return illegal(),
        (_, E::SignedOut) => M::Out,
        (M::User, E::TokensRefreshed) => M::User,
        (_, E::TokensRefreshed) => return illegal(),
        (M::User, E::SessionExpired) => M::UserExpired,
        (M::Fed, E::SessionExpired) => M::FedExpired,
        (_, E::SessionExpired) => return illegal(),
        (_, E::UserDeleted) => M::Out,
        // No client here switches accounts.
        (_, E::ActiveAccountChanged) => return illegal(),
    })
}

fn state_of(m: Model, guest: bool) -> UserState {
    match m {
        Model::User | Model::Fed => UserState::SignedIn,
        Model::UserExpired => UserState::SignedOutUserPoolsTokenInvalid,
        Model::FedExpired => UserState::SignedOutFederatedTokensInvalid,
        Model::Out if guest => UserState::Guest,
        Model::Out => UserState::SignedOut,
    }
}

/// A small xorshift generator seeded from the OS, printed so a failure can be replayed.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// How the tasks sign in.
#[derive(Clone)]
enum SignIn {
    /// The hosted UI of oidc-provider, through the cookie-jar browser.
    Web(Arc<web::TestPresenter>),
    /// `sign_in` against moto: SRP or USER_PASSWORD_AUTH at random.
    UserPool(String),
}

impl SignIn {
    async fn run(&self, c: &AuthClient, srp: bool) -> Result<(), &'static str> {
        match self {
            SignIn::Web(presenter) => c
                .sign_in_with_web_ui(
                    presenter.clone(),
                    WebUiOptions {
                        prefer_private_session: true,
                        ..Default::default()
                    },
                )
                .await
                .map_err(|e| e.kind()),
            SignIn::UserPool(name) => c
                .sign_in(
                    name,
                    Some(USER_PASSWORD),
                    SignInOptions {
                        flow: Some(if srp {
                            SignInFlow::UserSrp
                        } else {
                            SignInFlow::UserPassword
                        }),
                        ..Default::default()
                    },
                )
                .await
                .map(drop)
                .map_err(|e| e.kind()),
        }
    }
}

const USER_PASSWORD: &str = "Passw0rd-Concurrent1";

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn web_sign_in_interleaved_with_everything() {
    let web = web::env(false).await;
    let moto = Moto::shared();
    let pool = moto.create_pool(PoolSpec::default()).await;
    // The hosted UI of oidc-provider, and moto's identity pool for federation and guests.
    let mut json: serde_json::Value = serde_json::from_str(&web.app.amplify_outputs()).unwrap();
    json["auth"]["identity_pool_id"] = pool.identity_pool_id.clone().unwrap().into();
    json["auth"]["unauthenticated_identities_enabled"] = true.into();
    let config = AuthConfig::from_json(&json.to_string())
        .unwrap()
        .with_oauth_endpoint(web.provider.url().parse().unwrap())
        .with_identity_pool_endpoint(moto.url().parse().unwrap());
    let sign_in = SignIn::Web(web.presenter(web.login()));
    interleave(config, sign_in.clone()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn user_pool_sign_in_interleaved_with_everything() {
    let moto = Moto::shared();
    let pool = moto.create_pool(PoolSpec::default()).await;
    let name = unique("cc");
    pool.create_user(
        &name,
        USER_PASSWORD,
        &[("email", &format!("{name}@example.com"))],
    )
    .await;
    let url: url::Url = moto.url().parse().unwrap();
    let config = AuthConfig::from_json(&pool.amplify_outputs())
        .unwrap()
        .with_user_pool_endpoint(url.clone())
        .with_identity_pool_endpoint(url);
    interleave(config, SignIn::UserPool(name)).await;
}

async fn interleave(config: AuthConfig, sign_in: SignIn) {
    let store = SnapshotStore::new();
    // Default timeouts: on a loaded machine a short one would make the client retry answers
    // the peer already acted on (an SRP session is single-use), which is not what this tests.
    let c = AuthClient::new(
        config.clone(),
        AuthOptions {
            storage: store.clone(),
            ..AuthOptions::default()
        },
    )
    .unwrap();
    let mut events = c.subscribe();
    let initial = c.user_state().await;
    assert_eq!(initial, UserState::Guest);

    let seed = {
        let mut b = [0u8; 8];
        getrandom::fill(&mut b).unwrap();
        u64::from_le_bytes(b) | 1
    };
    eprintln!("concurrency seed {seed:#x}");
    let calls = Arc::new(AtomicUsize::new(0));
    let deadline = Instant::now() + RUN_FOR;
    let mut tasks = Vec::new();
    for t in 0..TASKS {
        let c = c.clone();
        let sign_in = sign_in.clone();
        let calls = calls.clone();
        let mut rng = Rng(seed.wrapping_mul(t as u64 + 1) | 1);
        tasks.push(tokio::spawn(async move {
            let mut done = Vec::new();
            while Instant::now() < deadline {
                let pick = rng.next() % 10;
                let call = async {
                    match pick {
                        0..=1 => sign_in.run(&c, rng.next().is_multiple_of(2)).await,
                        2..=4 => {
                            let s = c.fetch_auth_session(rng.next().is_multiple_of(4)).await;
                            // Each part is a value or a typed error; never a contradiction.
                            if s.is_signed_in {
                                assert!(s.user_sub.is_ok() || s.tokens.is_err());
                            }
                            Ok(())
                        }
                        5..=6 => {
                            c.sign_out(SignOutOptions::default()).await;
                            Ok(())
                        }
                        7..=8 => c
                            .federate_to_identity_pool(
                                &format!("provider-token-{}", rng.next()),
                                &FederationProvider::Google,
                                None,
                            )
                            .await
                            .map(drop)
                            .map_err(|e| e.kind()),
                        _ => c
                            .clear_federation_to_identity_pool()
                            .await
                            .map_err(|e| e.kind()),
                    }
                };
                let r = tokio::time::timeout(CALL_LIMIT, call)
                    .await
                    .unwrap_or_else(|_| panic!("call {pick} hung for {CALL_LIMIT:?}: deadlock"));
                calls.fetch_add(1, Ordering::SeqCst);
                if let Err(kind) = r {
                    // Refusals that fit a race; anything else is a bug.
                    assert!(
                        ["InvalidState", "Cancelled"].contains(&kind),
                        "unexpected {kind} from call {pick}"
                    );
                }
                done.push(pick);
            }
            done
        }));
    }
    for t in tasks {
        t.await.expect("no task panics");
    }
    let final_state = c.user_state().await;
    let mut model = Model::Out;
    let log = events.drain();
    for (i, e) in log.iter().enumerate() {
        model = step(model, *e).unwrap_or_else(|why| {
            panic!("event #{i} is not a legal transition: {why}; events {log:?}")
        });
    }
    eprintln!(
        "concurrency: {TASKS} tasks, {} calls in {RUN_FOR:?}, {} events, final state {final_state:?}",
        calls.load(Ordering::SeqCst),
        log.len()
    );
    assert_eq!(
        state_of(model, true),
        final_state,
        "events {log:?} end elsewhere than the state"
    );
    // What is stored says the same.
    let fresh = client(config, store.clone());
    assert_eq!(
        fresh.user_state().await,
        final_state,
        "stored state differs"
    );
    assert!(calls.load(Ordering::SeqCst) > TASKS * 2, "the tasks ran");
    // And the client still works: sign out, then a sign-in goes through.
    c.sign_out(SignOutOptions::default()).await;
    sign_in.run(&c, true).await.unwrap();
    assert_eq!(c.user_state().await, UserState::SignedIn);
}
