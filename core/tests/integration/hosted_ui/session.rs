//! A hosted-UI session through the session layer, against oidc-provider: `fetch_auth_session`
//! refreshes it at the token endpoint, and `sign_out` revokes its refresh token at
//! `/oauth2/revoke` and ends the provider's browser session at `/logout` (skipped for a
//! private session). The provider proves each step: a revoked refresh token is refused by
//! its token endpoint, and after `/logout` a silent (`prompt=none`) sign-in from the same
//! browser is refused with `login_required`.

use crate::support::web::*;
use cognito_auth::{
    AuthEvent, SignOutOptions, SignOutResult, UserState, WebUiOptions, WebUiPrompt,
};
use cognito_auth_testkit::LoginAction;
use std::sync::Arc;

/// Whether the provider's token endpoint still honours `refresh_token` for this app.
async fn provider_accepts_refresh(env: &Env, refresh_token: &str) -> bool {
    let mut form = vec![
        ("grant_type", "refresh_token".to_owned()),
        ("refresh_token", refresh_token.to_owned()),
        ("client_id", env.app.client_id.clone()),
    ];
    if let Some(secret) = &env.app.client_secret {
        form.push(("client_secret", secret.clone()));
    }
    cognito_auth_testkit::http()
        .post(format!("{}/oauth2/token", env.provider.url()))
        .form(&form)
        .send()
        .await
        .unwrap()
        .status()
        .is_success()
}

#[tokio::test]
async fn a_web_session_refreshes_at_the_token_endpoint() {
    let env = env(false).await;
    env.client
        .sign_in_with_web_ui(env.presenter(env.login()), WebUiOptions::default())
        .await
        .unwrap();
    let mut events = env.client.subscribe();
    let before = env.client.fetch_auth_session(false).await.tokens.unwrap();
    let after = env.client.fetch_auth_session(true).await.tokens.unwrap();
    assert_ne!(before.access_token, after.access_token, "new tokens issued");
    assert_eq!(
        before.refresh_token, after.refresh_token,
        "refresh token kept when the answer has none"
    );
    assert_eq!(events.recv().await, Some(AuthEvent::TokensRefreshed));
    assert_eq!(env.client.user_state().await, UserState::SignedIn);
}

#[tokio::test]
async fn sign_out_revokes_and_ends_the_browser_session() {
    let env = env(false).await;
    let presenter = env.presenter(env.login());
    env.client
        .sign_in_with_web_ui(presenter.clone(), WebUiOptions::default())
        .await
        .unwrap();
    let refresh = env
        .client
        .fetch_auth_session(false)
        .await
        .tokens
        .unwrap()
        .refresh_token
        .unwrap();
    assert!(provider_accepts_refresh(&env, refresh.expose()).await);

    let result = env.client.sign_out(SignOutOptions::default()).await;
    assert_eq!(result, SignOutResult::Complete, "{result:?}");
    assert_eq!(env.client.user_state().await, UserState::SignedOut);
    assert!(
        !provider_accepts_refresh(&env, refresh.expose()).await,
        "the refresh token was revoked at /oauth2/revoke"
    );
    let urls: Vec<String> = presenter.calls().into_iter().map(|c| c.0).collect();
    assert!(urls.last().unwrap().contains("/logout?"), "{urls:?}");

    // The browser session is gone: a silent sign-in from the same browser is refused.
    let silent = Arc::new(TestPresenter::new(
        presenter.browser.clone(),
        LoginAction::Refuse,
        &env.app,
    ));
    let e = env
        .client
        .sign_in_with_web_ui(
            silent,
            WebUiOptions {
                prompt: Some(WebUiPrompt::None),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert!(e.to_string().contains("login_required"), "{e}");
}

#[tokio::test]
async fn a_private_session_signs_out_without_the_browser() {
    let env = env(true).await;
    let presenter = env.presenter(env.login());
    env.client
        .sign_in_with_web_ui(
            presenter.clone(),
            WebUiOptions {
                prefer_private_session: true,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let calls_before = presenter.calls().len();
    let refresh = env
        .client
        .fetch_auth_session(false)
        .await
        .tokens
        .unwrap()
        .refresh_token
        .unwrap();
    assert_eq!(
        env.client.sign_out(SignOutOptions::default()).await,
        SignOutResult::Complete
    );
    assert_eq!(presenter.calls().len(), calls_before, "no /logout page");
    assert!(
        !provider_accepts_refresh(&env, refresh.expose()).await,
        "revoked with HTTP Basic for the client with a secret"
    );
}
