//! Shared set-up of the hosted-UI suites: a fresh app client and user on the local
//! oidc-provider, a client pointed at it, and a presenter driven by the cookie-jar browser.

use async_trait::async_trait;
use cognito_auth::{
    AuthClient, AuthConfig, AuthError, AuthOptions, MemoryStore, WebAuthPresenter, WebAuthResult,
};
use cognito_auth_testkit::{
    Browser, ClientSpec, LoginAction, OidcClient, OidcProvider, free_port, unique,
};
use std::sync::{Arc, Mutex};
use url::Url;

pub const PASSWORD: &str = "Corr3ct-Horse!";

pub struct Env {
    pub provider: &'static OidcProvider,
    pub app: OidcClient,
    pub store: Arc<MemoryStore>,
    pub client: AuthClient,
    pub username: String,
    pub sub: String,
    pub loopback: String,
}

/// A new app client (custom-scheme and loopback redirects) and user; `confidential` gives
/// the client a secret.
pub async fn env(confidential: bool) -> Env {
    let provider = OidcProvider::shared();
    let port = free_port();
    let loopback = format!("http://127.0.0.1:{port}/callback");
    let app = provider
        .register_client(ClientSpec {
            redirect_uris: vec!["myapp://callback".into(), loopback.clone()],
            post_logout_redirect_uris: vec![
                "myapp://signout".into(),
                format!("http://127.0.0.1:{port}/signout"),
            ],
            confidential,
        })
        .await;
    let username = unique("alice");
    let sub = provider.create_user(&username, PASSWORD).await;
    let store = Arc::new(MemoryStore::new());
    let client = client_for(&app, provider, store.clone());
    Env {
        provider,
        app,
        store,
        client,
        username,
        sub,
        loopback,
    }
}

pub fn client_for(
    app: &OidcClient,
    provider: &OidcProvider,
    store: Arc<MemoryStore>,
) -> AuthClient {
    let config = AuthConfig::from_json(&app.amplify_outputs())
        .unwrap()
        .with_oauth_endpoint(Url::parse(&provider.url()).unwrap());
    AuthClient::new(
        config,
        AuthOptions {
            storage: store,
            ..Default::default()
        },
    )
    .unwrap()
}

impl Env {
    pub fn login(&self) -> LoginAction {
        LoginAction::sign_in(&self.username, PASSWORD)
    }

    pub fn presenter(&self, login: LoginAction) -> Arc<TestPresenter> {
        Arc::new(TestPresenter::new(Browser::new(), login, &self.app))
    }

    /// The namespace the client stores under.
    pub fn namespace(&self) -> String {
        format!("cognito-auth.{}", self.client.config().fingerprint())
    }
}

type Tamper = Box<dyn Fn(String) -> String + Send + Sync>;

/// A [`WebAuthPresenter`] backed by the cookie-jar [`Browser`]: follows the provider's
/// redirects, fills its login page, and returns the URL it was sent to at one of the app's
/// redirect URIs (as ASWebAuthenticationSession does). Asked for an ephemeral session, it
/// runs one (a fresh cookie jar) and reports it private, as ASWebAuthenticationSession does.
pub struct TestPresenter {
    pub browser: Browser,
    pub login: Mutex<LoginAction>,
    pub tamper: Mutex<Option<Tamper>>,
    pub calls: Mutex<Vec<(String, String, bool)>>,
    targets: Vec<String>,
}

impl TestPresenter {
    pub fn new(browser: Browser, login: LoginAction, app: &OidcClient) -> Self {
        Self {
            browser,
            login: Mutex::new(login),
            tamper: Mutex::new(None),
            calls: Mutex::new(Vec::new()),
            targets: app
                .redirect_uris
                .iter()
                .chain(&app.post_logout_redirect_uris)
                .cloned()
                .collect(),
        }
    }

    /// Rewrites the URL before the browser opens it (an attacker or a broken app).
    pub fn tamper(&self, f: impl Fn(String) -> String + Send + Sync + 'static) {
        *self.tamper.lock().unwrap() = Some(Box::new(f));
    }

    pub fn calls(&self) -> Vec<(String, String, bool)> {
        self.calls.lock().unwrap().clone()
    }

    /// Opens `url` in this presenter's browser and returns where it ends at the app.
    pub async fn visit(&self, url: &str, ephemeral: bool) -> Result<String, String> {
        let browser = if ephemeral {
            self.browser.private()
        } else {
            self.browser.clone()
        };
        let login = self.login.lock().unwrap().clone();
        let targets = self.targets.clone();
        browser
            .navigate(url, &login, move |u| {
                let bare = format!(
                    "{}://{}{}",
                    u.scheme(),
                    u.host_str().unwrap_or(""),
                    u.port().map(|p| format!(":{p}")).unwrap_or_default()
                ) + u.path();
                targets
                    .iter()
                    .any(|t| t.trim_end_matches('/') == bare.trim_end_matches('/'))
            })
            .await
    }
}

#[async_trait]
impl WebAuthPresenter for TestPresenter {
    async fn present(
        &self,
        url: String,
        callback_url_scheme: String,
        prefers_ephemeral_session: bool,
    ) -> cognito_auth::Result<WebAuthResult> {
        self.calls.lock().unwrap().push((
            url.clone(),
            callback_url_scheme,
            prefers_ephemeral_session,
        ));
        let url = match &*self.tamper.lock().unwrap() {
            Some(f) => f(url),
            None => url,
        };
        let callback_url = self
            .visit(&url, prefers_ephemeral_session)
            .await
            .map_err(|e| AuthError::Internal(format!("test browser: {e}")))?;
        Ok(WebAuthResult {
            callback_url,
            private_session: prefers_ephemeral_session,
        })
    }
}

/// A presenter whose user closes the page.
pub struct CancellingPresenter;

#[async_trait]
impl WebAuthPresenter for CancellingPresenter {
    async fn present(&self, _: String, _: String, _: bool) -> cognito_auth::Result<WebAuthResult> {
        Err(AuthError::Cancelled(
            "the user closed the sign-in page".into(),
        ))
    }
}

/// A presenter that returns a fixed callback built from the authorize URL.
pub struct FixedCallback(pub Box<dyn Fn(&Url) -> String + Send + Sync>);

#[async_trait]
impl WebAuthPresenter for FixedCallback {
    async fn present(
        &self,
        url: String,
        _: String,
        _: bool,
    ) -> cognito_auth::Result<WebAuthResult> {
        Ok(WebAuthResult::shared((self.0)(&Url::parse(&url).unwrap())))
    }
}

/// The value of query parameter `name` of `url`.
pub fn param(url: &str, name: &str) -> Option<String> {
    Url::parse(url)
        .ok()?
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// `url` with query parameter `name` set to `value`.
pub fn with_param(url: &str, name: &str, value: &str) -> String {
    let mut u = Url::parse(url).unwrap();
    let pairs: Vec<(String, String)> = u
        .query_pairs()
        .map(|(k, v)| {
            if k == name {
                (k.into_owned(), value.to_owned())
            } else {
                (k.into_owned(), v.into_owned())
            }
        })
        .collect();
    u.query_pairs_mut().clear().extend_pairs(pairs);
    u.to_string()
}
