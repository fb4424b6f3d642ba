//! Faults × operations. The fault proxy (ours, tests/support) sits between the client and the
//! real peers — moto for the user-pool and identity-pool APIs, oidc-provider for the OAuth
//! token and revoke endpoints — and injects every fault class into one operation at a time.
//! For each pair: the typed error, the number of requests (retries bounded), nothing stored
//! changed, no state change or event (no sign-out), and success once the fault stops.
//! Sign-out steps are the exception by design: the local session is always cleared and the
//! step's failure is reported in `SignOutResult::Partial`.

use crate::support::web;

use crate::support::reliability::*;
use cognito_auth::{
    AuthClient, AuthConfig, AuthError, FederationProvider, SignOutOptions, SignOutResult,
    UserState, WebUiOptions,
};
use cognito_auth_testkit::{Fault, FaultProxy, unique};
use std::sync::Arc;

struct MotoEnv {
    proxy: FaultProxy,
    store: Arc<SnapshotStore>,
    client: AuthClient,
}

async fn moto_env() -> MotoEnv {
    let (pool, proxy) = moto_pool_behind_fault_proxy().await;
    let config = config_through(&pool.amplify_outputs(), &proxy);
    let store = SnapshotStore::new();
    let client = client(config, store.clone());
    MotoEnv {
        proxy,
        store,
        client,
    }
}

/// The cases, with the answers an operation cannot tell apart from its own (its response
/// has no required field) expected to be accepted.
fn cases_accepting_wrong_answers() -> Vec<FaultCase> {
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
async fn sign_up_under_every_fault() {
    let _logs = capture_logs();
    let env = moto_env().await;
    let run = unique("su");
    let c = env.client.clone();
    let rows = matrix(
        &env.proxy,
        "SignUp",
        &env.client,
        &env.store,
        &cases_accepting_wrong_answers(),
        |i, faulted| {
            let c = c.clone();
            // A lost answer may still have created the user: succeed with a fresh name.
            let name = format!("{run}n{i}{}", if faulted { "a" } else { "b" });
            async move {
                c.sign_up(&name, Some("Passw0rd-Fault1"), Default::default())
                    .await
            }
        },
    )
    .await;
    print_table("SignUp (sign_up)", &rows);
}

#[tokio::test]
async fn confirm_sign_up_under_every_fault() {
    let _logs = capture_logs();
    let env = moto_env().await;
    let c = env.client.clone();
    let mut names = Vec::new();
    for i in 0..fault_cases().len() {
        let name = unique(&format!("cf{i}"));
        c.sign_up(&name, Some("Passw0rd-Fault1"), Default::default())
            .await
            .unwrap();
        names.push(name);
    }
    let rows = matrix(
        &env.proxy,
        "ConfirmSignUp",
        &env.client,
        &env.store,
        &cases_accepting_wrong_answers(),
        |i, _| {
            let c = c.clone();
            let name = names[i].clone();
            // moto accepts any code (cognito-local checks them: `wire::confirmation_codes`).
            async move { c.confirm_sign_up(&name, "123456", Default::default()).await }
        },
    )
    .await;
    print_table("ConfirmSignUp (confirm_sign_up)", &rows);
}

#[tokio::test]
async fn resend_confirmation_code_under_every_fault() {
    // No peer answers ResendConfirmationCode (moto: an HTML 500; cognito-local: unsupported),
    // so behind the fault proxy sits our scripted server with Cognito's documented answer.
    let _logs = capture_logs();
    let upstream =
        cognito_auth_testkit::ScriptedServer::start(vec![cognito_auth_testkit::Reply::json(
            serde_json::json!({"CodeDeliveryDetails": {
                "Destination": "a***@e***.com", "DeliveryMedium": "EMAIL", "AttributeName": "email"
            }}),
        )]);
    let proxy = FaultProxy::start(&upstream.url());
    let config = AuthConfig::from_json(
        &serde_json::json!({"auth": {"aws_region": "us-east-1",
            "user_pool_id": "us-east-1_Scripted", "user_pool_client_id": "scripted"}})
        .to_string(),
    )
    .unwrap()
    .with_user_pool_endpoint(proxy.url().parse().unwrap());
    let store = SnapshotStore::new();
    let c = client(config, store.clone());
    let rows = matrix(
        &proxy,
        "ResendConfirmationCode",
        &c,
        &store,
        &cases_accepting_wrong_answers(),
        |_, _| {
            let c = c.clone();
            async move {
                let delivery = c.resend_sign_up_code("alice", Default::default()).await?;
                Ok::<_, AuthError>(delivery)
            }
        },
    )
    .await;
    print_table(
        "ResendConfirmationCode (resend_sign_up_code; scripted upstream)",
        &rows,
    );
}

/// Federating again (a fresh provider token) under a fault keeps the federation stored.
/// With `known_identity`, the identity id is passed (developer-authenticated identities), so
/// GetId is skipped and GetCredentialsForIdentity is the call's only request.
async fn federation_matrix(operation: &str, cases: &[FaultCase], known_identity: bool) {
    let _logs = capture_logs();
    let env = moto_env().await;
    let c = env.client.clone();
    let first = c
        .federate_to_identity_pool("first-token", &FederationProvider::Google, None)
        .await
        .unwrap();
    let identity = known_identity.then_some(first.identity_id);
    assert!(env.store.session(&c).is_some());
    let rows = matrix(
        &env.proxy,
        operation,
        &env.client,
        &env.store,
        cases,
        |i, faulted| {
            let c = c.clone();
            let token = format!("provider-token-{i}-{faulted}");
            let identity = identity.clone();
            async move {
                c.federate_to_identity_pool(
                    &token,
                    &FederationProvider::Google,
                    identity.as_deref(),
                )
                .await
            }
        },
    )
    .await;
    assert_eq!(c.user_state().await, UserState::SignedIn);
    print_table(&format!("{operation} (federate_to_identity_pool)"), &rows);
}

#[tokio::test]
async fn get_id_under_every_fault() {
    // A GetCredentialsForIdentity answer carries an `IdentityId` too: as a GetId answer it
    // cannot be told apart.
    federation_matrix("GetId", &cases_accepting_wrong_answers(), false).await;
}

#[tokio::test]
async fn get_credentials_for_identity_under_every_fault() {
    federation_matrix("GetCredentialsForIdentity", &fault_cases(), true).await;
}

// ---- OAuth endpoints (oidc-provider behind the proxy) ------------------------------------

struct WebEnv {
    web: web::Env,
    proxy: FaultProxy,
    store: Arc<SnapshotStore>,
    client: AuthClient,
}

async fn web_env() -> WebEnv {
    let web = web::env(false).await;
    let proxy = FaultProxy::start(&web.provider.url());
    let config = AuthConfig::from_json(&web.app.amplify_outputs())
        .unwrap()
        .with_oauth_endpoint(proxy.url().parse().unwrap());
    let store = SnapshotStore::new();
    let client = client(config, store.clone());
    WebEnv {
        web,
        proxy,
        store,
        client,
    }
}

/// OAuth answers: a 5xx without an OAuth `error` is an invalid response, and an error that
/// echoes the request comes as `invalid_request` (a configuration problem, never retried).
fn oauth_cases() -> Vec<FaultCase> {
    fault_cases()
        .into_iter()
        .map(|mut c| {
            match c.fault {
                Fault::StatusJson(_) => c.kind = Some("InvalidResponse"),
                Fault::EchoRequest => c.kind = Some("PoolConfiguration"),
                _ => {}
            }
            c
        })
        .collect()
}

/// A private-session web sign-in. The browser goes to the provider directly (only the
/// client's own requests pass the proxy, so a refused proxy does not stop the login page).
async fn web_sign_in(env: &WebEnv) -> Result<(), AuthError> {
    let presenter = env.web.presenter(env.web.login());
    let (proxy, provider) = (env.proxy.url(), env.web.provider.url());
    presenter.tamper(move |u| u.replace(&proxy, &provider));
    env.client
        .sign_in_with_web_ui(
            presenter,
            WebUiOptions {
                prefer_private_session: true,
                ..Default::default()
            },
        )
        .await
}

#[tokio::test]
async fn code_exchange_under_every_fault() {
    let _logs = capture_logs();
    let env = web_env().await;
    let rows = matrix(
        &env.proxy,
        "oauth2/token",
        &env.client,
        &env.store,
        &oauth_cases(),
        |_, _| {
            let env = &env;
            async move {
                let r = web_sign_in(env).await;
                // Signed in (the fault lifted, or a `Date` hours off, which does not stop a
                // sign-in): sign out for the next case.
                if r.is_ok() {
                    let out = env.client.sign_out(SignOutOptions::default()).await;
                    assert_eq!(out, SignOutResult::Complete);
                }
                r
            }
        },
    )
    .await;
    print_table("oauth2/token code exchange (sign_in_with_web_ui)", &rows);
}

#[tokio::test]
async fn web_session_refresh_under_every_fault() {
    let _logs = capture_logs();
    let env = web_env().await;
    web_sign_in(&env).await.unwrap();
    let c = env.client.clone();
    let rows = matrix(
        &env.proxy,
        "oauth2/token",
        &env.client,
        &env.store,
        &oauth_cases(),
        |_, _| {
            let c = c.clone();
            async move { c.fetch_auth_session(true).await.tokens.map(|_| ()) }
        },
    )
    .await;
    assert_eq!(c.user_state().await, UserState::SignedIn);
    print_table("oauth2/token refresh (fetch_auth_session)", &rows);
}

#[tokio::test]
async fn web_sign_out_revocation_under_every_fault() {
    let _logs = capture_logs();
    let env = web_env().await;
    for case in oauth_cases() {
        web_sign_in(&env).await.unwrap();
        let mut events = env.client.subscribe();
        env.proxy.reset_counts();
        if case.fault == Fault::Refused {
            env.proxy.set_fault(Fault::Refused);
        } else {
            env.proxy.set_fault_for("oauth2/revoke", case.fault.clone());
        }
        let before = attempts_logged("oauth2/revoke");
        let out = env.client.sign_out(SignOutOptions::default()).await;
        env.proxy.set_fault(Fault::None);
        let seen = if case.fault == Fault::Refused {
            attempts_logged("oauth2/revoke") - before
        } else {
            env.proxy.count("oauth2/revoke")
        };
        let what = format!("oauth2/revoke under {}", case.name);
        // Signed out locally in every case; the revocation's failure is reported.
        assert_eq!(
            env.client.user_state().await,
            UserState::SignedOut,
            "{what}"
        );
        assert_eq!(
            events.drain(),
            [cognito_auth::AuthEvent::SignedOut],
            "{what}"
        );
        assert!(!env.store.holds_credentials(&env.client), "{what}");
        let outcome = match (&out, case.fault.clone()) {
            (
                SignOutResult::Complete,
                Fault::DateOffset(_)
                | Fault::WrongResponse
                | Fault::MalformedJson
                | Fault::Truncated,
            ) => {
                // Any 2xx from the revoke endpoint means revoked (RFC 7009 answers 200 with
                // no body of interest; the provider's is empty: nothing to cut).
                "signed out, Complete".to_owned()
            }
            (
                SignOutResult::Partial {
                    revoke_token_error: Some(e),
                    ..
                },
                _,
            ) => {
                let want = match case.fault {
                    Fault::StatusJson(_) => "InvalidResponse",
                    _ => case.kind.unwrap_or("?"),
                };
                assert_eq!(e.kind(), want, "{what}: {e}");
                format!("signed out, Partial({})", e.kind())
            }
            other => panic!("{what}: {other:?}"),
        };
        let attempts = match case.fault {
            Fault::WrongResponse
            | Fault::MalformedJson
            | Fault::DateOffset(_)
            | Fault::EchoRequest
            | Fault::Truncated => 1,
            _ => case.attempts,
        };
        assert_eq!(seen, attempts, "{what}: requests made");
        eprintln!(
            "| oauth2/revoke (sign_out) | {} | {outcome}, {seen} request(s) |",
            case.name
        );
    }
}
