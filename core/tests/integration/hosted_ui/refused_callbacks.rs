//! Web sign-in callbacks that must be refused, each its own test. Where a real provider can
//! produce the fault (a tampered authorize URL, a reused code, a wrong PKCE challenge) it
//! does: oidc-provider answers, and the client must refuse what comes back. Every refusal
//! leaves the user signed out, consumes the pending sign-in, and echoes no code.

use crate::support::web::*;
use cognito_auth::{SecureStore, UserState, WebUiOptions};
use std::sync::Arc;

async fn assert_untouched(env: &Env) {
    assert_eq!(env.client.user_state().await, UserState::SignedOut);
    for key in ["session", "hosted_ui.pending"] {
        assert_eq!(
            env.store.get(&env.namespace(), key).await.unwrap(),
            None,
            "{key}"
        );
    }
}

#[tokio::test]
async fn wrong_state_is_refused() {
    let env = env(false).await;
    let presenter = env.presenter(env.login());
    presenter.tamper(|url| with_param(&url, "state", "forged-by-someone-else"));
    let e = env
        .client
        .sign_in_with_web_ui(presenter, WebUiOptions::default())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "InvalidResponse", "{e}");
    assert!(e.to_string().contains("`state` does not match"), "{e}");
    assert_untouched(&env).await;
}

#[tokio::test]
async fn missing_state_is_refused() {
    let env = env(false).await;
    let presenter = env.presenter(env.login());
    // Without `state` in the request the provider sends none back.
    presenter.tamper(|url| {
        let mut u = url::Url::parse(&url).unwrap();
        let pairs: Vec<(String, String)> = u
            .query_pairs()
            .filter(|(k, _)| k != "state")
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        u.query_pairs_mut().clear().extend_pairs(pairs);
        u.to_string()
    });
    let e = env
        .client
        .sign_in_with_web_ui(presenter, WebUiOptions::default())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "InvalidResponse", "{e}");
    assert!(e.to_string().contains("no `state`"), "{e}");
    assert_untouched(&env).await;
}

#[tokio::test]
async fn repeated_parameter_is_refused() {
    let env = env(false).await;
    let e = env
        .client
        .sign_in_with_web_ui(
            Arc::new(FixedCallback(Box::new(|url| {
                let state = url.query_pairs().find(|(k, _)| k == "state").unwrap().1;
                format!("myapp://callback?code=abc&code=def&state={state}")
            }))),
            WebUiOptions::default(),
        )
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "InvalidResponse", "{e}");
    assert!(
        e.to_string().contains("repeats the parameter `code`"),
        "{e}"
    );
    assert_untouched(&env).await;
}

#[tokio::test]
async fn wrong_nonce_in_the_id_token_is_refused() {
    let env = env(false).await;
    let presenter = env.presenter(env.login());
    // The provider signs whatever nonce it was sent into the ID token.
    presenter.tamper(|url| with_param(&url, "nonce", "a-nonce-from-another-sign-in"));
    let e = env
        .client
        .sign_in_with_web_ui(presenter, WebUiOptions::default())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "InvalidResponse", "{e}");
    assert!(e.to_string().contains("nonce does not match"), "{e}");
    assert_untouched(&env).await;
}

#[tokio::test]
async fn a_caller_chosen_nonce_round_trips() {
    let env = env(false).await;
    let presenter = env.presenter(env.login());
    env.client
        .sign_in_with_web_ui(
            presenter.clone(),
            WebUiOptions {
                nonce: Some("app-chosen-nonce-123".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        param(&presenter.calls()[0].0, "nonce").as_deref(),
        Some("app-chosen-nonce-123")
    );
}

#[tokio::test]
async fn replayed_code_is_refused_by_the_provider() {
    let env = env(false).await;
    let url = env
        .client
        .begin_web_sign_in(WebUiOptions::default())
        .await
        .unwrap();
    let pending = env
        .store
        .get(&env.namespace(), "hosted_ui.pending")
        .await
        .unwrap()
        .unwrap();
    let callback = env.presenter(env.login()).visit(&url, false).await.unwrap();
    env.client.complete_web_sign_in(&callback).await.unwrap();

    // The same callback with the same verifier, as a second device or a leaked URL would
    // replay it: only the provider can tell, and it does.
    let store = Arc::new(cognito_auth::MemoryStore::new());
    store
        .set(&env.namespace(), "hosted_ui.pending", pending)
        .await
        .unwrap();
    let replay = client_for(&env.app, env.provider, store.clone());
    let e = replay.complete_web_sign_in(&callback).await.unwrap_err();
    assert_eq!(e.kind(), "NotAuthorized", "{e}");
    assert!(e.to_string().contains("invalid_grant"), "{e}");
    let code = param(&callback, "code").unwrap();
    assert!(!e.to_string().contains(&code), "{e}");
    assert_eq!(replay.user_state().await, UserState::SignedOut);
    assert_eq!(store.get(&env.namespace(), "session").await.unwrap(), None);
}

#[tokio::test]
async fn wrong_pkce_verifier_is_refused_by_the_provider() {
    let env = env(false).await;
    let presenter = env.presenter(env.login());
    // The challenge of some other verifier: the code is issued for it, and our verifier
    // no longer matches at the token endpoint.
    presenter.tamper(|url| {
        with_param(
            &url,
            "code_challenge",
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
        )
    });
    let e = env
        .client
        .sign_in_with_web_ui(presenter, WebUiOptions::default())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "NotAuthorized", "{e}");
    assert!(e.to_string().contains("invalid_grant"), "{e}");
    assert_untouched(&env).await;
}

#[tokio::test]
async fn redirect_to_an_unexpected_scheme_is_refused() {
    let env = env(false).await;
    let e = env
        .client
        .sign_in_with_web_ui(
            Arc::new(FixedCallback(Box::new(|url| {
                let state = url.query_pairs().find(|(k, _)| k == "state").unwrap().1;
                format!("evilapp://callback?code=stolen-code-1&state={state}")
            }))),
            WebUiOptions::default(),
        )
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "InvalidResponse", "{e}");
    assert!(e.to_string().contains("evilapp://callback"), "{e}");
    assert!(!e.to_string().contains("stolen-code-1"), "{e}");
    assert_untouched(&env).await;
}

#[tokio::test]
async fn redirect_to_an_unexpected_host_is_refused() {
    let env = env(false).await;
    let loopback = env.loopback.clone();
    let e = env
        .client
        .sign_in_with_web_ui(
            Arc::new(FixedCallback(Box::new(move |url| {
                let state = url.query_pairs().find(|(k, _)| k == "state").unwrap().1;
                // The configured loopback URI, another host.
                loopback.replace("127.0.0.1", "evil.example") + &format!("?code=c0de&state={state}")
            }))),
            WebUiOptions {
                redirect_uri: Some(env.loopback.clone()),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "InvalidResponse", "{e}");
    assert!(e.to_string().contains("evil.example"), "{e}");
    assert_untouched(&env).await;
}

#[tokio::test]
async fn a_redirect_uri_that_is_not_configured_is_refused_before_anything_is_shown() {
    let env = env(false).await;
    let e = env
        .client
        .begin_web_sign_in(WebUiOptions {
            redirect_uri: Some("myapp://callback/other".into()),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "InvalidParameter", "{e}");
    assert_untouched(&env).await;
}
