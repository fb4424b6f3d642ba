//! Faults × the user-pool operations of a signed-in (or signing-in) user, against moto behind
//! the fault proxy: sign-in (USER_PASSWORD_AUTH and SRP), the refresh
//! (`REFRESH_TOKEN_AUTH`), account operations, and GlobalSignOut / RevokeToken at sign-out.
//! Same checks as `reliability::faults`: typed error, requests counted (retries bounded),
//! nothing stored changed, no state change or event, success once the fault stops.

use crate::support::reliability::*;
use cognito_auth::clock::ManualClock;
use cognito_auth::{
    AuthClient, AuthError, AuthEvent, MfaPreferenceValue, SignInFlow, SignInNextStep,
    SignInOptions, SignOutOptions, SignOutResult, UserState,
};
use cognito_auth_testkit::{Fault, FaultProxy, TestPool, unique};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

const PASSWORD: &str = "Passw0rd-Faults1";

struct Env {
    pool: TestPool,
    proxy: FaultProxy,
    store: Arc<SnapshotStore>,
    clock: Arc<ManualClock>,
    client: AuthClient,
}

async fn env() -> Env {
    let (pool, proxy) = moto_pool_behind_fault_proxy().await;
    let config = config_through(&pool.amplify_outputs(), &proxy);
    let store = SnapshotStore::new();
    let clock = Arc::new(ManualClock::starting_now());
    let client = client_with_clock(config, store.clone(), clock.clone());
    Env {
        pool,
        proxy,
        store,
        clock,
        client,
    }
}

impl Env {
    async fn user(&self) -> String {
        let name = unique("fu");
        self.pool
            .create_user(
                &name,
                PASSWORD,
                &[("email", &format!("{name}@example.com"))],
            )
            .await;
        name
    }

    async fn sign_in(&self, name: &str, flow: SignInFlow) -> Result<(), AuthError> {
        let r = self
            .client
            .sign_in(
                name,
                Some(PASSWORD),
                SignInOptions {
                    flow: Some(flow),
                    ..Default::default()
                },
            )
            .await?;
        assert_eq!(r.next_step, SignInNextStep::Done);
        Ok(())
    }
}

/// Sign-in answers are checked for tokens or a challenge: another operation's answer (no
/// tokens, no challenge) is refused.
#[tokio::test]
async fn password_sign_in_under_every_fault() {
    let _logs = capture_logs();
    let env = env().await;
    let name = env.user().await;
    let rows = matrix(
        &env.proxy,
        "InitiateAuth",
        &env.client,
        &env.store,
        &fault_cases(),
        |_, _| {
            let env = &env;
            let name = name.clone();
            async move {
                let r = env.sign_in(&name, SignInFlow::UserPassword).await;
                if r.is_ok() {
                    env.client.sign_out(SignOutOptions::default()).await;
                }
                r
            }
        },
    )
    .await;
    print_table("InitiateAuth USER_PASSWORD_AUTH (sign_in)", &rows);
}

#[tokio::test]
async fn srp_sign_in_under_every_fault() {
    let _logs = capture_logs();
    let env = env().await;
    let name = env.user().await;
    let rows = matrix(
        &env.proxy,
        "RespondToAuthChallenge",
        &env.client,
        &env.store,
        // A refused connection stops the call at InitiateAuth (the row above).
        &fault_cases()
            .into_iter()
            .filter(|c| c.fault != Fault::Refused)
            .collect::<Vec<_>>(),
        |_, _| {
            let env = &env;
            let name = name.clone();
            async move {
                let r = env.sign_in(&name, SignInFlow::UserSrp).await;
                if r.is_ok() {
                    env.client.sign_out(SignOutOptions::default()).await;
                }
                r
            }
        },
    )
    .await;
    print_table(
        "RespondToAuthChallenge PASSWORD_VERIFIER (sign_in, SRP)",
        &rows,
    );
}

/// The refresh. Each call first moves the device clock two hours on, so the tokens have
/// expired; a `StaleAnswer` is another user's tokens (signed in through the proxy first) and
/// is refused by the `sub` check.
#[tokio::test]
async fn token_refresh_under_every_fault() {
    let _logs = capture_logs();
    let env = env().await;
    let name = env.user().await;
    env.sign_in(&name, SignInFlow::UserPassword).await.unwrap();
    // Another user refreshes on another device through the same proxy, after this user's
    // sign-in: the proxy's most recent InitiateAuth answer to a different request.
    let other = env.user().await;
    let other_clock = Arc::new(ManualClock::starting_now());
    let device = client_with_clock(
        env.client.config().clone(),
        SnapshotStore::new(),
        other_clock.clone(),
    );
    device
        .sign_in(
            &other,
            Some(PASSWORD),
            SignInOptions {
                flow: Some(SignInFlow::UserPassword),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    other_clock.advance(Duration::from_secs(2 * 3600));
    device.fetch_auth_session(false).await.tokens.unwrap();
    let mut cases = fault_cases();
    cases.push(FaultCase {
        name: "another user's tokens",
        fault: Fault::StaleAnswer,
        kind: Some("InvalidResponse"),
        attempts: 1,
    });
    let (c, clock) = (env.client.clone(), env.clock.clone());
    let rows = matrix(
        &env.proxy,
        "InitiateAuth",
        &env.client,
        &env.store,
        &cases,
        |_, _| {
            let (c, clock) = (c.clone(), clock.clone());
            async move {
                clock.advance(Duration::from_secs(2 * 3600));
                let s = c.fetch_auth_session(false).await;
                assert!(s.is_signed_in, "a failed refresh never signs out");
                // The skew-corrected clock may find the tokens still valid inside the margin:
                // they are served and the refresh's failure comes alongside. Either way the
                // row shows what the fault made of the refresh.
                match s.refresh_error {
                    Some(e) => {
                        assert!(s.tokens.is_ok(), "still-valid tokens are served");
                        Err(e)
                    }
                    None => s.tokens.map(drop),
                }
            }
        },
    )
    .await;
    assert_eq!(env.client.user_state().await, UserState::SignedIn);
    print_table(
        "InitiateAuth REFRESH_TOKEN_AUTH (fetch_auth_session)",
        &rows,
    );
}

/// A signed-in user's account operation under every fault; the session stays as it was.
async fn account_matrix<F, Fut, T>(operation: &str, cases: Vec<FaultCase>, call: F)
where
    F: Fn(AuthClient) -> Fut,
    Fut: std::future::Future<Output = Result<T, AuthError>>,
{
    let _logs = capture_logs();
    let env = env().await;
    let name = env.user().await;
    env.sign_in(&name, SignInFlow::UserPassword).await.unwrap();
    let rows = matrix(
        &env.proxy,
        operation,
        &env.client,
        &env.store,
        &cases,
        |_, _| call(env.client.clone()),
    )
    .await;
    assert_eq!(env.client.user_state().await, UserState::SignedIn);
    print_table(&format!("{operation} (account operation)"), &rows);
}

/// Answers with no required field cannot tell another operation's answer from their own.
fn lenient() -> Vec<FaultCase> {
    fault_cases()
        .into_iter()
        .map(|mut c| {
            if c.fault == Fault::WrongResponse {
                c.kind = None;
            }
            c
        })
        .collect()
}

#[tokio::test]
async fn get_user_under_every_fault() {
    account_matrix("GetUser", fault_cases(), |c| async move {
        c.fetch_user_attributes().await
    })
    .await;
}

#[tokio::test]
async fn update_user_attributes_under_every_fault() {
    account_matrix("UpdateUserAttributes", lenient(), |c| async move {
        c.update_user_attributes(
            BTreeMap::from([("name".to_owned(), "Fault Tested".to_owned())]),
            BTreeMap::new(),
        )
        .await
    })
    .await;
}

#[tokio::test]
async fn change_password_under_every_fault() {
    account_matrix("ChangePassword", lenient(), |c| async move {
        c.update_password(PASSWORD, PASSWORD).await
    })
    .await;
}

#[tokio::test]
async fn mfa_preference_under_every_fault() {
    account_matrix("SetUserMFAPreference", lenient(), |c| async move {
        c.update_mfa_preference(None, Some(MfaPreferenceValue::Disabled), None)
            .await
    })
    .await;
}

#[tokio::test]
async fn totp_set_up_under_every_fault() {
    account_matrix("AssociateSoftwareToken", fault_cases(), |c| async move {
        c.set_up_totp().await
    })
    .await;
}

#[tokio::test]
async fn forgot_password_under_every_fault() {
    let _logs = capture_logs();
    let env = env().await;
    let name = env.user().await;
    let c = env.client.clone();
    let rows = matrix(
        &env.proxy,
        "ForgotPassword",
        &env.client,
        &env.store,
        &lenient(),
        |_, _| {
            let (c, name) = (c.clone(), name.clone());
            async move { c.reset_password(&name, BTreeMap::new()).await }
        },
    )
    .await;
    print_table("ForgotPassword (reset_password)", &rows);
}

/// GlobalSignOut at sign-out: the local session is cleared whatever happens (the user asked
/// to sign out); the step's failure is reported in `Partial`, with the retries counted.
#[tokio::test]
async fn global_sign_out_under_every_fault() {
    let _logs = capture_logs();
    let env = env().await;
    let name = env.user().await;
    // moto answers RevokeToken with an HTML 500: answer it as Cognito does, so only the
    // faulted step shows in the result.
    for case in lenient() {
        env.sign_in(&name, SignInFlow::UserPassword).await.unwrap();
        let mut events = env.client.subscribe();
        env.proxy.reset_counts();
        let before = attempts_logged("GlobalSignOut");
        if case.fault == Fault::Refused {
            env.proxy.set_fault(Fault::Refused);
        } else {
            env.proxy.set_fault_for("GlobalSignOut", case.fault.clone());
            env.proxy
                .set_fault_for("RevokeToken", Fault::Answer(200, "{}".into()));
        }
        let out = env.client.sign_out(SignOutOptions { global: true }).await;
        env.proxy.set_fault(Fault::None);
        let seen = if case.fault == Fault::Refused {
            attempts_logged("GlobalSignOut") - before
        } else {
            env.proxy.count("GlobalSignOut")
        };
        let what = format!("GlobalSignOut under {}", case.name);
        // GlobalSignOut's answer has no field: another operation's answer is a success.
        assert_eq!(env.client.user_state().await, UserState::Guest, "{what}");
        assert_eq!(events.drain(), [AuthEvent::SignedOut], "{what}");
        assert!(!env.store.holds_credentials(&env.client), "{what}");
        let outcome = match (&out, case.kind) {
            (
                SignOutResult::Partial {
                    global_sign_out_error: Some(e),
                    ..
                },
                Some(kind),
            ) => {
                assert_eq!(e.kind(), kind, "{what}: {e}");
                format!("signed out, Partial({kind})")
            }
            (SignOutResult::Complete, None) => "signed out, Complete".to_owned(),
            (
                SignOutResult::Partial {
                    global_sign_out_error: None,
                    revoke_token_error: Some(_),
                    ..
                },
                _,
            ) if case.fault == Fault::Refused => {
                "signed out, Partial(Network) for both steps".to_owned()
            }
            other => panic!("{what}: {other:?}"),
        };
        assert_eq!(seen, case.attempts, "{what}: requests made");
        eprintln!(
            "| GlobalSignOut (sign_out global) | {} | {outcome}, {seen} request(s) |",
            case.name
        );
    }
}
