//! Web sign-in end to end against oidc-provider (the certified OpenID Connect provider,
//! configured with Cognito's hosted-UI routes), driven by the cookie-jar test presenter.
//! The provider proves: the authorize request is one it accepts (PKCE S256 required, exact
//! redirect URI), the code exchange (public client, and HTTP Basic for a client with a
//! secret), the ID token's nonce round trip, and browser-session behaviour (`prompt=none`).

use crate::support::web::*;
use cognito_auth::{AuthEvent, SecureStore, UserState, WebUiOptions, WebUiPrompt};
use cognito_auth_testkit::{Browser, LoginAction};
use std::sync::Arc;

async fn stored(env: &Env, key: &str) -> Option<String> {
    env.store
        .get(&env.namespace(), key)
        .await
        .unwrap()
        .map(|b| String::from_utf8(b).unwrap())
}

#[tokio::test]
async fn web_sign_in_stores_a_hosted_ui_session() {
    let env = env(false).await;
    let mut events = env.client.subscribe();
    let presenter = env.presenter(env.login());
    env.client
        .sign_in_with_web_ui(presenter.clone(), WebUiOptions::default())
        .await
        .unwrap();
    assert_eq!(env.client.user_state().await, UserState::SignedIn);
    assert_eq!(events.recv().await.unwrap(), AuthEvent::SignedIn);

    let calls = presenter.calls();
    assert_eq!(calls.len(), 1);
    let (url, scheme, ephemeral) = &calls[0];
    assert_eq!((scheme.as_str(), *ephemeral), ("myapp", false));
    assert!(
        url.starts_with(&format!("{}/oauth2/authorize?", env.provider.url())),
        "{url}"
    );
    assert_eq!(param(url, "code_challenge_method").as_deref(), Some("S256"));
    assert_eq!(param(url, "code_challenge").map(|c| c.len()), Some(43));
    assert_eq!(
        param(url, "redirect_uri").as_deref(),
        Some("myapp://callback")
    );
    assert_eq!(
        param(url, "scope").as_deref(),
        Some("openid email profile aws.cognito.signin.user.admin")
    );

    let session = stored(&env, "session").await.expect("session stored");
    assert!(
        session.contains(&env.username),
        "cognito:username of the ID token"
    );
    assert!(session.contains(&env.sub));
    assert!(session.contains("\"hosted_ui\""), "{session}");
    assert!(session.contains("\"private_session\":false"), "{session}");
    assert_eq!(stored(&env, "hosted_ui.pending").await, None, "consumed");
}

#[tokio::test]
async fn a_client_with_a_secret_authenticates_with_http_basic() {
    let env = env(true).await;
    assert!(env.app.client_secret.is_some());
    env.client
        .sign_in_with_web_ui(env.presenter(env.login()), WebUiOptions::default())
        .await
        .expect("the provider accepts client_secret_basic");
    assert_eq!(env.client.user_state().await, UserState::SignedIn);

    // The provider really checks the secret: a wrong one is refused at the token endpoint.
    let mut wrong = env.app.clone();
    wrong.client_secret = Some("not-the-secret".into());
    let client = client_for(&wrong, env.provider, Arc::default());
    let e = client
        .sign_in_with_web_ui(env.presenter(env.login()), WebUiOptions::default())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "PoolConfiguration", "{e}");
    assert!(e.to_string().contains("invalid_client"), "{e}");
    assert!(!e.to_string().contains("not-the-secret"), "{e}");
    assert_eq!(client.user_state().await, UserState::SignedOut);
}

#[tokio::test]
async fn two_step_sign_in_completes_in_another_client_on_the_same_store() {
    let env = env(false).await;
    let url = env
        .client
        .begin_web_sign_in(WebUiOptions {
            redirect_uri: Some(env.loopback.clone()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(param(&url, "redirect_uri"), Some(env.loopback.clone()));
    let pending = stored(&env, "hosted_ui.pending").await.unwrap();
    let verifier = serde_json::from_str::<serde_json::Value>(&pending).unwrap()["code_verifier"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(!url.contains(&verifier), "only the challenge travels");

    let presenter = env.presenter(env.login());
    let callback = presenter.visit(&url, false).await.unwrap();
    assert!(
        callback.starts_with(&format!("{}?", env.loopback)),
        "{callback}"
    );

    // A new process: new client, same store.
    let later = client_for(&env.app, env.provider, env.store.clone());
    later.complete_web_sign_in(&callback).await.unwrap();
    assert_eq!(later.user_state().await, UserState::SignedIn);
    assert_eq!(stored(&env, "hosted_ui.pending").await, None);
}

#[tokio::test]
async fn only_one_web_sign_in_may_be_pending() {
    let env = env(false).await;
    let first = env
        .client
        .begin_web_sign_in(WebUiOptions::default())
        .await
        .unwrap();
    let e = env
        .client
        .begin_web_sign_in(WebUiOptions::default())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "InvalidState", "{e}");
    let presenter = env.presenter(env.login());
    let e = env
        .client
        .sign_in_with_web_ui(presenter.clone(), WebUiOptions::default())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "InvalidState");
    assert!(presenter.calls().is_empty(), "nothing was shown");

    // The first one still completes; then another may start.
    let callback = presenter.visit(&first, false).await.unwrap();
    env.client.complete_web_sign_in(&callback).await.unwrap();
    assert_eq!(env.client.user_state().await, UserState::SignedIn);
}

#[tokio::test]
async fn cancel_web_sign_in_frees_the_slot_and_voids_the_callback() {
    let env = env(false).await;
    let url = env
        .client
        .begin_web_sign_in(WebUiOptions::default())
        .await
        .unwrap();
    assert!(env.client.cancel_web_sign_in().await.unwrap());
    assert!(!env.client.cancel_web_sign_in().await.unwrap());
    let callback = env.presenter(env.login()).visit(&url, false).await.unwrap();
    let e = env
        .client
        .complete_web_sign_in(&callback)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "InvalidState", "{e}");
    env.client
        .begin_web_sign_in(WebUiOptions::default())
        .await
        .unwrap();
}

#[tokio::test]
async fn a_signed_in_user_cannot_start_a_web_sign_in() {
    let env = env(false).await;
    env.client
        .sign_in_with_web_ui(env.presenter(env.login()), WebUiOptions::default())
        .await
        .unwrap();
    let presenter = env.presenter(env.login());
    let e = env
        .client
        .sign_in_with_web_ui(presenter.clone(), WebUiOptions::default())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "InvalidState");
    assert!(presenter.calls().is_empty());
    assert_eq!(env.client.user_state().await, UserState::SignedIn);
}

#[tokio::test]
async fn user_cancel_is_its_own_error_and_leaves_the_earlier_session_untouched() {
    let env = env(false).await;
    env.client
        .sign_in_with_web_ui(env.presenter(env.login()), WebUiOptions::default())
        .await
        .unwrap();
    // An earlier session that allows a new sign-in: the same record, refresh token rejected.
    let mut record: serde_json::Value =
        serde_json::from_str(&stored(&env, "session").await.unwrap()).unwrap();
    record["user_pool_invalid"] = serde_json::json!(true);
    let bytes = serde_json::to_vec(&record).unwrap();
    let store = Arc::new(cognito_auth::MemoryStore::new());
    store
        .set(&env.namespace(), "session", bytes.clone())
        .await
        .unwrap();
    let client = client_for(&env.app, env.provider, store.clone());
    let before = client.user_state().await;
    assert_eq!(before, UserState::SignedOutUserPoolsTokenInvalid);
    let mut events = client.subscribe();

    let e = client
        .sign_in_with_web_ui(Arc::new(CancellingPresenter), WebUiOptions::default())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "Cancelled", "{e}");
    assert_eq!(client.user_state().await, before);
    assert_eq!(
        store.get(&env.namespace(), "session").await.unwrap(),
        Some(bytes)
    );
    assert_eq!(
        store
            .get(&env.namespace(), "hosted_ui.pending")
            .await
            .unwrap(),
        None
    );
    assert_eq!(events.try_recv(), None, "no event");

    // And the next attempt is not blocked.
    client
        .sign_in_with_web_ui(env.presenter(env.login()), WebUiOptions::default())
        .await
        .unwrap();
    assert_eq!(client.user_state().await, UserState::SignedIn);
}

#[tokio::test]
async fn access_denied_callback_is_not_authorized() {
    let env = env(false).await;
    // The user presses Cancel on the provider's page: the provider redirects with
    // error=access_denied (a real error callback, not one made up here).
    let e = env
        .client
        .sign_in_with_web_ui(env.presenter(LoginAction::Cancel), WebUiOptions::default())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "NotAuthorized", "{e}");
    assert!(e.to_string().contains("access_denied"), "{e}");
    assert_eq!(env.client.user_state().await, UserState::SignedOut);
    assert_eq!(stored(&env, "hosted_ui.pending").await, None);
}

#[tokio::test]
async fn provider_options_reach_the_hosted_ui() {
    let env = env(false).await;
    let url = env
        .client
        .begin_web_sign_in(WebUiOptions {
            provider: Some("google".into()),
            idp_identifier: Some("example.com".into()),
            login_hint: Some(env.username.clone()),
            lang: Some("de".into()),
            scopes: vec!["openid".into(), "email".into()],
            ..Default::default()
        })
        .await
        .unwrap();
    let (page, html) = Browser::new().page(&url).await.unwrap();
    assert!(page.contains("/login/"), "{page}");
    assert!(html.contains("identity_provider=Google"), "{html}");
    assert!(html.contains("idp_identifier=example.com"), "{html}");
    assert!(html.contains("lang=de"), "{html}");
    assert!(
        html.contains(&format!("value=\"{}\"", env.username)),
        "login_hint pre-fills"
    );
    assert_eq!(param(&url, "scope").as_deref(), Some("openid email"));
}

#[tokio::test]
async fn prompt_none_signs_in_from_the_browser_session_only() {
    let env = env(false).await;
    let presenter = env.presenter(env.login());
    env.client
        .sign_in_with_web_ui(presenter.clone(), WebUiOptions::default())
        .await
        .unwrap();
    let silent = WebUiOptions {
        prompt: Some(WebUiPrompt::None),
        ..Default::default()
    };

    // Same browser (its cookie): no page shown, signed in.
    let same_browser = Arc::new(TestPresenter::new(
        presenter.browser.clone(),
        LoginAction::Refuse,
        &env.app,
    ));
    let other = client_for(&env.app, env.provider, Arc::default());
    other
        .sign_in_with_web_ui(same_browser, silent.clone())
        .await
        .unwrap();
    assert_eq!(other.user_state().await, UserState::SignedIn);

    // A fresh browser: the provider answers login_required.
    let third = client_for(&env.app, env.provider, Arc::default());
    let e = third
        .sign_in_with_web_ui(env.presenter(LoginAction::Refuse), silent)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "NotAuthorized", "{e}");
    assert!(e.to_string().contains("login_required"), "{e}");
}

#[tokio::test]
async fn a_private_session_is_ephemeral_and_recorded() {
    let env = env(false).await;
    let presenter = env.presenter(env.login());
    env.client
        .sign_in_with_web_ui(
            presenter.clone(),
            WebUiOptions {
                prefer_private_session: true,
                provider: Some("COGNITO".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(presenter.calls()[0].2, "asked for an ephemeral session");
    assert!(
        !presenter
            .browser
            .has_cookie(&env.provider.url(), "_session"),
        "the shared browser has no provider session"
    );
    let session = stored(&env, "session").await.unwrap();
    assert!(session.contains("\"private_session\":true"), "{session}");
    assert!(session.contains("\"provider\":\"COGNITO\""), "{session}");
}
