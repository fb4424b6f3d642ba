//! The session layer's entry points (`refresh_hosted_ui_tokens`, `end_hosted_ui_session`)
//! against oidc-provider: refresh at `/oauth2/token`, and `/logout` opened through the
//! presenter really ends the provider's browser session.

use super::*;
use crate::config::AuthConfig;
use crate::storage::MemoryStore;
use crate::{AuthOptions, UserState};
use cognito_auth_testkit::{
    Browser, ClientSpec, LoginAction, OidcClient, OidcProvider, free_port, unique,
};
use std::sync::Mutex;

const PASSWORD: &str = "Corr3ct-Horse!";

/// A presenter on the cookie-jar browser that stops at the app's redirect URIs.
struct BrowserPresenter {
    browser: Browser,
    login: LoginAction,
    targets: Vec<String>,
    urls: Mutex<Vec<String>>,
}

#[async_trait::async_trait]
impl WebAuthPresenter for BrowserPresenter {
    async fn present(&self, url: String, _: String, _: bool) -> Result<WebAuthResult> {
        self.urls.lock().unwrap().push(url.clone());
        let targets = self.targets.clone();
        self.browser
            .navigate(&url, &self.login, move |u| {
                targets.iter().any(|t| u.as_str().starts_with(t.as_str()))
            })
            .await
            .map(WebAuthResult::shared)
            .map_err(AuthError::Internal)
    }
}

struct Env {
    provider: &'static OidcProvider,
    app: OidcClient,
    client: AuthClient,
    presenter: Arc<BrowserPresenter>,
}

async fn signed_in(confidential: bool) -> Env {
    let provider = OidcProvider::shared();
    let port = free_port();
    let app = provider
        .register_client(ClientSpec {
            redirect_uris: vec!["myapp://callback".into()],
            post_logout_redirect_uris: vec![
                format!("http://127.0.0.1:{port}/signout"),
                "myapp://signout".into(),
            ],
            confidential,
        })
        .await;
    let user = unique("bob");
    provider.create_user(&user, PASSWORD).await;
    let client = client_for(&app, provider);
    let presenter = Arc::new(BrowserPresenter {
        browser: Browser::new(),
        login: LoginAction::sign_in(&user, PASSWORD),
        targets: app
            .redirect_uris
            .iter()
            .chain(&app.post_logout_redirect_uris)
            .cloned()
            .collect(),
        urls: Mutex::new(Vec::new()),
    });
    client
        .sign_in_with_web_ui(presenter.clone(), WebUiOptions::default())
        .await
        .unwrap();
    Env {
        provider,
        app,
        client,
        presenter,
    }
}

fn client_for(app: &OidcClient, provider: &OidcProvider) -> AuthClient {
    let config = AuthConfig::from_json(&app.amplify_outputs())
        .unwrap()
        .with_oauth_endpoint(url::Url::parse(&provider.url()).unwrap());
    AuthClient::new(
        config,
        AuthOptions {
            storage: Arc::new(MemoryStore::new()),
            ..Default::default()
        },
    )
    .unwrap()
}

/// Whether the provider still has a browser session: a silent authorize in `browser`.
async fn provider_session_alive(env: &Env, browser: &Browser) -> bool {
    let probe = client_for(&env.app, env.provider);
    let url = probe
        .begin_web_sign_in(WebUiOptions {
            prompt: Some(WebUiPrompt::None),
            ..Default::default()
        })
        .await
        .unwrap();
    let callback = browser
        .navigate(&url, &LoginAction::Refuse, |u| u.scheme() == "myapp")
        .await
        .unwrap();
    match probe.complete_web_sign_in(&callback).await {
        Ok(()) => true,
        Err(e) if e.to_string().contains("login_required") => false,
        Err(e) => panic!("unexpected: {e}"),
    }
}

#[tokio::test]
async fn refresh_goes_to_the_token_endpoint_and_keeps_the_refresh_token() {
    for confidential in [false, true] {
        let env = signed_in(confidential).await;
        let before = env.client.signed_in_tokens().await.unwrap();
        let refresh = before.refresh_token.clone().expect("a refresh token");
        let after = env.client.refresh_hosted_ui_tokens(&refresh).await.unwrap();
        assert_ne!(
            after.access_token, before.access_token,
            "a new access token"
        );
        assert_eq!(
            after.refresh_token,
            Some(refresh),
            "not rotated (as Cognito)"
        );
        let (a, b) = (after.id_claims().unwrap(), before.id_claims().unwrap());
        assert_eq!(a.sub(), b.sub());
        assert_eq!(a.username(), b.username());
        assert!(after.expires_at >= before.expires_at);
    }
}

#[tokio::test]
async fn a_rejected_refresh_token_is_not_authorized() {
    let env = signed_in(false).await;
    let e = env
        .client
        .refresh_hosted_ui_tokens(&Secret::new("not-a-refresh-token-at-all"))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "NotAuthorized", "{e}");
    assert!(e.to_string().contains("invalid_grant"), "{e}");
    assert!(!e.to_string().contains("not-a-refresh-token-at-all"), "{e}");
    assert_eq!(
        env.client.user_state().await,
        UserState::SignedIn,
        "refresh alone decides nothing"
    );
}

#[tokio::test]
async fn a_replayed_code_revokes_what_the_first_exchange_issued() {
    let env = signed_in(false).await;
    let store = Arc::new(MemoryStore::new());
    let config = env.client.config().clone();
    let client = AuthClient::new(
        config,
        AuthOptions {
            storage: store.clone(),
            ..Default::default()
        },
    )
    .unwrap();
    let url = client
        .begin_web_sign_in(WebUiOptions::default())
        .await
        .unwrap();
    let pending = client
        .hosted_ui_records()
        .await
        .pending()
        .await
        .unwrap()
        .unwrap();
    let callback = env
        .presenter
        .browser
        .navigate(&url, &env.presenter.login, |u| u.scheme() == "myapp")
        .await
        .unwrap();
    client.complete_web_sign_in(&callback).await.unwrap();
    let refresh = client
        .signed_in_tokens()
        .await
        .unwrap()
        .refresh_token
        .unwrap();
    client
        .refresh_hosted_ui_tokens(&refresh)
        .await
        .expect("works before the replay");

    // The same code with the same verifier again: refused, and (RFC 6749 §4.1.2) the tokens
    // issued from it are revoked, so the session's refresh token stops working.
    let code = callback::parse_callback(&callback, &pending.redirect_uri, &pending.state).unwrap();
    let (oauth, pool) = client.hosted_ui_config().unwrap();
    let endpoint = urls::endpoint(oauth, "oauth2/token").unwrap();
    let form = [
        ("grant_type", "authorization_code"),
        ("code", code.expose()),
        ("redirect_uri", pending.redirect_uri.as_str()),
        ("code_verifier", pending.code_verifier.expose()),
    ];
    let wire = client.user_pool().unwrap().wire().clone();
    let e = token::token_request(&wire, &endpoint, pool, "replay", &form)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "NotAuthorized", "{e}");
    let e = client.refresh_hosted_ui_tokens(&refresh).await.unwrap_err();
    assert_eq!(e.kind(), "NotAuthorized", "{e}");
}

#[tokio::test]
async fn logout_through_the_presenter_ends_the_browser_session() {
    let env = signed_in(false).await;
    assert!(provider_session_alive(&env, &env.presenter.browser).await);

    env.client.end_hosted_ui_session().await.unwrap();
    let urls = env.presenter.urls.lock().unwrap().clone();
    let logout = urls.last().unwrap();
    let expected = format!(
        "{}/logout?client_id={}&logout_uri=myapp%3A%2F%2Fsignout",
        env.provider.url(),
        env.app.client_id
    );
    assert_eq!(logout, &expected, "sign-out goes back where sign-in went");

    assert!(
        !provider_session_alive(&env, &env.presenter.browser).await,
        "the provider's session cookie no longer signs anyone in"
    );
}

#[tokio::test]
async fn logout_needs_a_presenter() {
    let env = signed_in(false).await;
    let fresh = client_for(&env.app, env.provider);
    let e = fresh.end_hosted_ui_session().await.unwrap_err();
    assert_eq!(e.kind(), "InvalidState", "{e}");
    assert!(e.to_string().contains("set_web_auth_presenter"), "{e}");
    fresh.set_web_auth_presenter(Some(env.presenter.clone()));
    fresh.end_hosted_ui_session().await.unwrap();
    assert!(!provider_session_alive(&env, &env.presenter.browser).await);
}

#[tokio::test]
async fn logout_to_an_unregistered_uri_is_an_error() {
    let env = signed_in(false).await;
    let mut config = env.client.config().clone();
    config.oauth.as_mut().unwrap().redirect_sign_out = vec!["myapp://not-registered".into()];
    let other = AuthClient::new(config, AuthOptions::default()).unwrap();
    other.set_web_auth_presenter(Some(env.presenter.clone()));
    let e = other.end_hosted_ui_session().await.unwrap_err();
    assert!(e.to_string().contains("post_logout_redirect_uri"), "{e}");
    assert!(provider_session_alive(&env, &env.presenter.browser).await);
}
