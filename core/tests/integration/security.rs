//! Security hardening, each threat reproduced through the public API (docs/security.md maps
//! every threat to its test here):
//!
//! - configuration files are TLS-only; plain http only through explicit endpoint overrides;
//! - the loopback presenter ignores forged callbacks (wrong or no `state`, wrong `Host`) and
//!   keeps waiting for the genuine redirect, and refuses to run when it cannot own both
//!   address families of a `localhost` redirect;
//! - `/logout` is skipped only when the browser session really was private;
//! - a pending web sign-in expires for completion too;
//! - request signing refuses plain http unless asked;
//! - server messages lose whole secrets only, never parts of words;
//! - RevokeToken is called only for sessions that carry `origin_jti`.
//!
//! Peers: the local oidc-provider (hosted UI) and the scripted server (canned Cognito
//! answers); every address is on the loopback interface.

use cognito_auth::clock::ManualClock;
use cognito_auth::config::{OAuthConfig, OAuthResponseType, UserPoolConfig};
use cognito_auth::{
    AuthClient, AuthConfig, AuthOptions, AwsCredentials, BrowserOpener, ConfigError,
    LoopbackOptions, LoopbackPresenter, MemoryStore, RequestToSign, Secret, SecureStore,
    SignInFlow, SignInOptions, SignOutOptions, SignOutResult, UserState, WebAuthPresenter,
    WebAuthResult, WebUiOptions, WebUiPrompt, sign_request_with,
};
use cognito_auth_testkit::{
    Browser, ClientSpec, LoginAction, OidcClient, OidcProvider, Reply, ScriptedServer, free_port,
    unique,
};
use serde_json::json;
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use url::Url;

const PASSWORD: &str = "Corr3ct-Horse!";
const GEN1: &str = "auth.plugins.awsCognitoAuthPlugin";

// ---------------------------------------------------------------------------------------------
// TLS-only configuration files

fn gen1(user_pool_extra: serde_json::Value, oauth: Option<serde_json::Value>) -> String {
    let mut pool =
        json!({"PoolId": "us-east-1_abc", "AppClientId": "client", "Region": "us-east-1"});
    for (k, v) in user_pool_extra.as_object().unwrap() {
        pool[k] = v.clone();
    }
    let mut auth = json!({"authenticationFlowType": "USER_SRP_AUTH"});
    if let Some(o) = oauth {
        auth["OAuth"] = o;
    }
    json!({"auth": {"plugins": {"awsCognitoAuthPlugin": {
        "CognitoUserPool": {"Default": pool},
        "Auth": {"Default": auth},
    }}}})
    .to_string()
}

fn gen1_oauth(domain: &str) -> serde_json::Value {
    json!({"WebDomain": domain, "Scopes": ["openid"], "SignInRedirectURI": "myapp://cb",
           "SignOutRedirectURI": "myapp://out", "ResponseType": "code"})
}

fn gen2(domain: &str) -> String {
    json!({"version": "1.3", "auth": {
        "aws_region": "us-east-1", "user_pool_id": "us-east-1_abc", "user_pool_client_id": "client",
        "oauth": {"domain": domain, "scopes": ["openid"], "redirect_sign_in_uri": ["myapp://cb"],
                  "redirect_sign_out_uri": ["myapp://out"], "response_type": "code"}
    }})
    .to_string()
}

#[test]
fn a_configuration_file_with_plain_http_is_refused_naming_the_key() {
    let cases = [
        (
            gen1(json!({"Endpoint": "http://cognito-idp.example.com"}), None),
            format!("{GEN1}.CognitoUserPool.Default.Endpoint"),
        ),
        (
            gen1(json!({}), Some(gen1_oauth("http://auth.example.com"))),
            format!("{GEN1}.Auth.Default.OAuth.WebDomain"),
        ),
        (gen2("http://auth.example.com"), "auth.oauth.domain".into()),
        (gen2("HTTP://auth.example.com"), "auth.oauth.domain".into()),
    ];
    for (text, key) in cases {
        let e = AuthConfig::from_json(&text).unwrap_err();
        assert!(
            matches!(&e, ConfigError::Invalid { key: k, .. } if *k == key),
            "{key}: {e:?}"
        );
        assert!(e.to_string().contains("https"), "{e}");
        let e = AuthClient::from_amplify_config_json(&text, AuthOptions::default()).unwrap_err();
        assert_eq!(e.kind(), "Configuration", "{e}");
    }
    // TLS, written either way, still loads.
    for text in [
        gen1(json!({"Endpoint": "cognito-idp.example.com"}), None),
        gen1(json!({"Endpoint": "https://cognito-idp.example.com"}), None),
        gen1(json!({}), Some(gen1_oauth("auth.example.com"))),
        gen2("https://auth.example.com"),
        gen2("auth.example.com"),
    ] {
        let config = AuthConfig::from_json(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
        if let Some(pool) = &config.user_pool {
            assert_eq!(pool.endpoint_url().scheme(), "https");
        }
        if let Some(oauth) = &config.oauth {
            assert_eq!(oauth.base_url().unwrap().scheme(), "https");
        }
    }
}

#[test]
fn a_configuration_built_in_code_has_an_https_domain_and_overrides_may_use_http() {
    let pool = UserPoolConfig {
        pool_id: "us-east-1_abc".into(),
        client_id: "client".into(),
        client_secret: None,
        region: "us-east-1".into(),
        endpoint: None,
    };
    let mut config = AuthConfig::new(pool, None);
    config.oauth = Some(OAuthConfig {
        domain: "http://auth.example.com".into(),
        scopes: vec!["openid".into()],
        redirect_sign_in: vec!["myapp://cb".into()],
        redirect_sign_out: vec![],
        response_type: OAuthResponseType::Code,
        identity_providers: vec![],
        endpoint: None,
    });
    let e = config.validate().unwrap_err();
    assert!(
        matches!(&e, ConfigError::Invalid { key, .. } if key == "auth.oauth.domain"),
        "{e:?}"
    );
    assert_eq!(
        AuthClient::new(config.clone(), AuthOptions::default())
            .unwrap_err()
            .kind(),
        "Configuration"
    );

    // The explicit overrides are the way to a local peer over plain http.
    config.oauth.as_mut().unwrap().domain = "auth.example.com".into();
    let local = Url::parse("http://127.0.0.1:9/").unwrap();
    let config = config
        .with_user_pool_endpoint(local.clone())
        .with_oauth_endpoint(local.clone());
    config.validate().unwrap();
    assert_eq!(config.user_pool.as_ref().unwrap().endpoint_url(), local);
    assert_eq!(config.oauth.as_ref().unwrap().base_url().unwrap(), local);
    let from_file = AuthConfig::from_json(&gen2("auth.example.com"))
        .unwrap()
        .with_user_pool_endpoint(local.clone());
    from_file.validate().unwrap();
}

// ---------------------------------------------------------------------------------------------
// Request signing over plain http

#[test]
fn plain_http_requests_are_signed_only_when_asked() {
    let credentials = AwsCredentials {
        access_key_id: "ASIAEXAMPLE".into(),
        secret_access_key: Secret::new("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
        session_token: Secret::new("the-session-token"),
        expiration: 4_000_000_000,
    };
    let request = RequestToSign {
        method: "GET".into(),
        url: "http://api.example.com/items".into(),
        ..Default::default()
    };
    let now = std::time::SystemTime::now();
    let e = sign_request_with(&request, &credentials, "execute-api", "us-east-1", now).unwrap_err();
    assert_eq!(e.kind(), "InvalidParameter", "{e}");
    assert!(!e.to_string().contains("the-session-token"), "{e}");
    let allowed = RequestToSign {
        allow_http: true,
        ..request.clone()
    };
    let headers =
        sign_request_with(&allowed, &credentials, "execute-api", "us-east-1", now).unwrap();
    assert!(headers.contains(&("x-amz-security-token".into(), "the-session-token".into())));
    let https = RequestToSign {
        url: "https://api.example.com/items".into(),
        ..request
    };
    sign_request_with(&https, &credentials, "execute-api", "us-east-1", now).unwrap();
}

// ---------------------------------------------------------------------------------------------
// Scripted user pool: scrubbing and revocation

fn scripted_client(server: &ScriptedServer) -> AuthClient {
    let config = AuthConfig::from_json(
        &json!({"auth": {"aws_region": "us-east-1", "user_pool_id": "us-east-1_Scripted",
                         "user_pool_client_id": "scripted"}})
        .to_string(),
    )
    .unwrap()
    .with_user_pool_endpoint(Url::parse(&server.url()).unwrap());
    AuthClient::new(config, AuthOptions::default()).unwrap()
}

fn password_flow() -> SignInOptions {
    SignInOptions {
        flow: Some(SignInFlow::UserPassword),
        ..Default::default()
    }
}

#[tokio::test]
async fn server_messages_lose_whole_secrets_never_parts_of_words() {
    let server = ScriptedServer::start(vec![Reply::error(
        400,
        "NotAuthorizedException",
        "Incorrect username or password.",
    )]);
    let c = scripted_client(&server);
    // "sword" and "word" are inside "password"; "password" itself is the server's wording.
    for password in ["password", "sword", "word", "Incorrect"] {
        let e = c
            .sign_in("alice", Some(password), password_flow())
            .await
            .unwrap_err();
        assert_eq!(e.kind(), "NotAuthorized");
        assert!(
            e.to_string().contains("Incorrect username or password."),
            "{password}: {e}"
        );
    }

    // An echoed value is still scrubbed: quoted, or a token that is no ordinary word.
    let server = ScriptedServer::start(vec![Reply::error(
        400,
        "InvalidPasswordException",
        "Password 'password' is too common; password Tr0ub4dor&3 and xTr0ub4dor&3x rejected",
    )]);
    let c = scripted_client(&server);
    for (password, expected) in [
        (
            "password",
            "Password '***' is too common; password Tr0ub4dor&3 and xTr0ub4dor&3x rejected",
        ),
        (
            "Tr0ub4dor&3",
            "Password 'password' is too common; password *** and xTr0ub4dor&3x rejected",
        ),
    ] {
        let e = c
            .sign_up(&unique("u"), Some(password), Default::default())
            .await
            .unwrap_err();
        assert!(e.to_string().ends_with(expected), "{password}: {e}");
    }
}

fn jwt(claims: serde_json::Value) -> String {
    use base64::Engine;
    let e = |v: serde_json::Value| {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
    };
    format!(
        "{}.{}.c2lnbmF0dXJl",
        e(json!({"alg": "RS256", "kid": "k"})),
        e(claims)
    )
}

/// An `InitiateAuth` answer whose access token carries `origin_jti` or not.
fn signed_in_reply(origin_jti: bool) -> Reply {
    let exp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + 3600;
    let mut access = json!({"sub": "0b1c2d3e", "username": "alice", "token_use": "access",
                            "client_id": "scripted", "exp": exp});
    if origin_jti {
        access["origin_jti"] = json!("5f0c2a7e-1d3b-4c5a-9e8f-0a1b2c3d4e5f");
    }
    Reply::json(json!({"AuthenticationResult": {
        "AccessToken": jwt(access),
        "IdToken": jwt(json!({"sub": "0b1c2d3e", "cognito:username": "alice", "token_use": "id",
                              "aud": "scripted", "exp": exp})),
        "RefreshToken": "opaque-refresh-token-value",
        "ExpiresIn": 3600, "TokenType": "Bearer"
    }}))
}

fn targets(server: &ScriptedServer) -> Vec<String> {
    server
        .received()
        .into_iter()
        .filter_map(|r| r.target)
        .map(|t| t.rsplit('.').next().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn sign_out_revokes_only_sessions_that_carry_origin_jti() {
    // With origin_jti (revocation enabled for the app client): RevokeToken, Complete.
    let server = ScriptedServer::start(vec![signed_in_reply(true), Reply::json(json!({}))]);
    let c = scripted_client(&server);
    c.sign_in("alice", Some(PASSWORD), password_flow())
        .await
        .unwrap();
    assert_eq!(
        c.sign_out(SignOutOptions::default()).await,
        SignOutResult::Complete
    );
    assert_eq!(targets(&server), ["InitiateAuth", "RevokeToken"]);

    // Without: no RevokeToken (it would fail, as Amplify knows), and the result says the
    // refresh token was not revoked.
    let server = ScriptedServer::start(vec![signed_in_reply(false), Reply::json(json!({}))]);
    let c = scripted_client(&server);
    c.sign_in("alice", Some(PASSWORD), password_flow())
        .await
        .unwrap();
    let result = c.sign_out(SignOutOptions::default()).await;
    assert_eq!(targets(&server), ["InitiateAuth"], "{result:?}");
    match result {
        SignOutResult::Partial {
            revoke_token_error: Some(e),
            global_sign_out_error: None,
            hosted_ui_error: None,
            refresh_token: None,
            ..
        } => {
            assert_eq!(e.kind(), "NotSupported", "{e}");
            assert!(e.to_string().contains("origin_jti"), "{e}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(c.user_state().await, UserState::SignedOut);
}

// ---------------------------------------------------------------------------------------------
// Hosted UI: the local oidc-provider

struct Web {
    provider: &'static OidcProvider,
    app: OidcClient,
    username: String,
    store: Arc<MemoryStore>,
    client: AuthClient,
    host: &'static str,
    port: u16,
}

impl Web {
    /// A new app client whose loopback redirects are on `host` (`127.0.0.1` or `localhost`),
    /// plus `myapp://` ones, and a user.
    async fn new(host: &'static str) -> Self {
        Self::with_clock(host, None).await
    }

    async fn with_clock(host: &'static str, clock: Option<Arc<ManualClock>>) -> Self {
        let provider = OidcProvider::shared();
        let port = free_port();
        let app = provider
            .register_client(ClientSpec {
                redirect_uris: vec![
                    format!("http://{host}:{port}/callback"),
                    "myapp://callback".into(),
                ],
                post_logout_redirect_uris: vec![
                    format!("http://{host}:{port}/signout"),
                    "myapp://signout".into(),
                ],
                confidential: false,
            })
            .await;
        let username = unique("sec");
        provider.create_user(&username, PASSWORD).await;
        let store = Arc::new(MemoryStore::new());
        let mut options = AuthOptions {
            storage: store.clone(),
            ..Default::default()
        };
        if let Some(clock) = clock {
            options.clock = clock;
        }
        let client = AuthClient::new(config_for(&app, provider), options).unwrap();
        Self {
            provider,
            app,
            username,
            store,
            client,
            host,
            port,
        }
    }

    fn callback(&self) -> String {
        format!("http://{}:{}/callback", self.host, self.port)
    }

    fn login(&self) -> LoginAction {
        LoginAction::sign_in(&self.username, PASSWORD)
    }

    fn loopback_options(&self) -> WebUiOptions {
        WebUiOptions {
            redirect_uri: Some(self.callback()),
            ..Default::default()
        }
    }

    async fn pending_record(&self) -> Option<Vec<u8>> {
        let ns = format!("cognito-auth.{}", self.client.config().fingerprint());
        self.store.get(&ns, "hosted_ui.pending").await.unwrap()
    }

    /// Whether the provider still has a browser session in `browser`: a silent authorize.
    async fn provider_session_alive(&self, browser: &Browser) -> bool {
        let probe =
            AuthClient::new(config_for(&self.app, self.provider), AuthOptions::default()).unwrap();
        let url = probe
            .begin_web_sign_in(WebUiOptions {
                prompt: Some(WebUiPrompt::None),
                redirect_uri: Some("myapp://callback".into()),
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
}

fn config_for(app: &OidcClient, provider: &OidcProvider) -> AuthConfig {
    AuthConfig::from_json(&app.amplify_outputs())
        .unwrap()
        .with_oauth_endpoint(Url::parse(&provider.url()).unwrap())
}

/// One raw `GET` to the loopback listener with this `Host` header; the status code (0 when
/// the connection failed or was closed without an answer).
fn raw_get(port: u16, target: &str, host: &str) -> u16 {
    let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
        return 0;
    };
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let request = format!("GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    if s.write_all(request.as_bytes()).is_err() {
        return 0;
    }
    let mut answer = String::new();
    let _ = s.read_to_string(&mut answer);
    answer
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0)
}

/// The `state` of an authorize URL.
fn state_of(url: &str) -> String {
    Url::parse(url)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "state")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

/// A loopback presenter whose "system browser" is `browser`: before the genuine visit, the
/// opener runs `attack` (with the authorize URL) on a blocking thread and records its
/// answers.
fn attacked_presenter(
    browser: Browser,
    login: LoginAction,
    attack: impl Fn(&str) -> Vec<u16> + Send + Sync + 'static,
    answers: Arc<Mutex<Vec<u16>>>,
) -> Arc<LoopbackPresenter> {
    let attack = Arc::new(attack);
    let opener = BrowserOpener::Custom(Arc::new(move |url: &str| {
        let (url, browser, login, attack, answers) = (
            url.to_owned(),
            browser.clone(),
            login.clone(),
            attack.clone(),
            answers.clone(),
        );
        tokio::spawn(async move {
            let u = url.clone();
            let got = tokio::task::spawn_blocking(move || attack(&u))
                .await
                .unwrap();
            answers.lock().unwrap().extend(got);
            let _ = browser.navigate(&url, &login, |_| false).await;
        });
        Ok(())
    }));
    Arc::new(LoopbackPresenter::new(LoopbackOptions {
        opener,
        timeout: Duration::from_secs(30),
    }))
}

#[tokio::test]
async fn forged_callbacks_do_not_end_a_loopback_sign_in() {
    let web = Web::new("127.0.0.1").await;
    let (port, authority) = (web.port, format!("127.0.0.1:{}", web.port));
    let answers = Arc::new(Mutex::new(Vec::new()));
    let presenter = attacked_presenter(
        Browser::new(),
        web.login(),
        move |url| {
            let state = state_of(url);
            vec![
                // Another local process, or a web page's <img src=…>, guessing.
                raw_get(port, "/callback?code=forged&state=forged", &authority),
                // A state-less error (was trusted as access_denied).
                raw_get(port, "/callback?error=access_denied", &authority),
                // The right state twice is not one callback.
                raw_get(
                    port,
                    &format!("/callback?code=forged&state={state}&state={state}"),
                    &authority,
                ),
            ]
        },
        answers.clone(),
    );
    web.client
        .sign_in_with_web_ui(presenter, web.loopback_options())
        .await
        .expect("the genuine redirect still signs in");
    assert_eq!(web.client.user_state().await, UserState::SignedIn);
    assert_eq!(*answers.lock().unwrap(), [400, 400, 400]);
}

#[tokio::test]
async fn a_request_with_another_host_does_not_end_a_loopback_sign_in() {
    let web = Web::new("127.0.0.1").await;
    let port = web.port;
    let answers = Arc::new(Mutex::new(Vec::new()));
    let presenter = attacked_presenter(
        Browser::new(),
        web.login(),
        move |url| {
            // The right state, through DNS rebinding (evil.example resolving to 127.0.0.1) or
            // a page that learnt it: the Host is not the listener's.
            let target = format!("/callback?code=forged&state={}", state_of(url));
            vec![
                raw_get(port, &target, &format!("evil.example:{port}")),
                raw_get(port, &target, &format!("localhost:{port}")),
                raw_get(port, &target, "127.0.0.1"),
            ]
        },
        answers.clone(),
    );
    web.client
        .sign_in_with_web_ui(presenter, web.loopback_options())
        .await
        .expect("the genuine redirect still signs in");
    assert_eq!(web.client.user_state().await, UserState::SignedIn);
    assert_eq!(*answers.lock().unwrap(), [421, 421, 421]);
}

#[tokio::test]
async fn a_squatted_address_family_stops_a_localhost_sign_in_before_the_browser_opens() {
    for squatted in ["127.0.0.1", "::1"] {
        let web = Web::new("localhost").await;
        let _squatter = std::net::TcpListener::bind((squatted, web.port)).unwrap();
        let opened = Arc::new(Mutex::new(false));
        let flag = opened.clone();
        let presenter = LoopbackPresenter::new(LoopbackOptions {
            opener: BrowserOpener::Custom(Arc::new(move |_| {
                *flag.lock().unwrap() = true;
                Ok(())
            })),
            timeout: Duration::from_secs(2),
        });
        let e = web
            .client
            .sign_in_with_web_ui(Arc::new(presenter), web.loopback_options())
            .await
            .unwrap_err();
        assert_eq!(e.kind(), "InvalidState", "{squatted}: {e}");
        assert!(e.to_string().contains(squatted), "{e}");
        assert!(!*opened.lock().unwrap(), "no browser was opened");
        assert!(web.pending_record().await.is_none(), "nothing left pending");
    }
}

#[tokio::test]
async fn a_localhost_redirect_is_served_on_both_address_families() {
    for family in ["127.0.0.1", "[::1]"] {
        let web = Web::new("localhost").await;
        let port = web.port;
        let family = family.to_owned();
        let opener = BrowserOpener::Custom(Arc::new(move |url: &str| {
            // The browser resolved localhost to this family: same redirect, same Host.
            let state = state_of(url);
            let family = family.clone();
            std::thread::spawn(move || {
                let addr = family.trim_matches(['[', ']']).to_owned();
                let mut s = std::net::TcpStream::connect((addr.as_str(), port)).unwrap();
                let req = format!(
                    "GET /callback?error=access_denied&state={state} HTTP/1.1\r\n\
                     Host: localhost:{port}\r\nConnection: close\r\n\r\n"
                );
                s.write_all(req.as_bytes()).unwrap();
                let mut answer = String::new();
                let _ = s.read_to_string(&mut answer);
            });
            Ok(())
        }));
        let presenter = LoopbackPresenter::new(LoopbackOptions {
            opener,
            timeout: Duration::from_secs(30),
        });
        let e = web
            .client
            .sign_in_with_web_ui(Arc::new(presenter), web.loopback_options())
            .await
            .unwrap_err();
        assert_eq!(e.kind(), "NotAuthorized", "{e}");
    }
}

/// A loopback presenter whose "system browser" is `browser` (a cookie jar shared by every
/// page it opens, as the user's browser); records the URLs it was asked to open.
fn system_browser_presenter(
    browser: Browser,
    login: LoginAction,
    opened: Arc<Mutex<Vec<String>>>,
) -> Arc<LoopbackPresenter> {
    let opener = BrowserOpener::Custom(Arc::new(move |url: &str| {
        opened.lock().unwrap().push(url.to_owned());
        let (url, browser, login) = (url.to_owned(), browser.clone(), login.clone());
        tokio::spawn(async move {
            let _ = browser.navigate(&url, &login, |_| false).await;
        });
        Ok(())
    }));
    Arc::new(LoopbackPresenter::new(LoopbackOptions {
        opener,
        timeout: Duration::from_secs(30),
    }))
}

#[tokio::test]
async fn the_loopback_presenter_is_never_private_so_sign_out_opens_logout() {
    let web = Web::new("127.0.0.1").await;
    let browser = Browser::new();
    let opened = Arc::new(Mutex::new(Vec::new()));
    let presenter = system_browser_presenter(browser.clone(), web.login(), opened.clone());
    web.client
        .sign_in_with_web_ui(
            presenter,
            WebUiOptions {
                // Asked for, but the system browser keeps its cookies.
                prefer_private_session: true,
                ..web.loopback_options()
            },
        )
        .await
        .unwrap();
    assert!(web.provider_session_alive(&browser).await);

    let result = web.client.sign_out(SignOutOptions::default()).await;
    assert_eq!(result, SignOutResult::Complete);
    let opened = opened.lock().unwrap().clone();
    assert_eq!(opened.len(), 2, "{opened:?}");
    assert!(opened[1].contains("/logout?"), "{}", opened[1]);
    assert!(
        !web.provider_session_alive(&browser).await,
        "the next web sign-in in this browser does not sign the previous user in"
    );
}

#[tokio::test]
async fn a_two_step_sign_in_is_never_private_so_sign_out_opens_logout() {
    let web = Web::new("127.0.0.1").await;
    let browser = Browser::new();
    let url = web
        .client
        .begin_web_sign_in(WebUiOptions {
            prefer_private_session: true,
            ..web.loopback_options()
        })
        .await
        .unwrap();
    let loopback = web.callback();
    let callback = browser
        .navigate(&url, &web.login(), |u| u.as_str().starts_with(&loopback))
        .await
        .unwrap();
    web.client.complete_web_sign_in(&callback).await.unwrap();

    let opened = Arc::new(Mutex::new(Vec::new()));
    web.client
        .set_web_auth_presenter(Some(system_browser_presenter(
            browser.clone(),
            web.login(),
            opened.clone(),
        )));
    assert_eq!(
        web.client.sign_out(SignOutOptions::default()).await,
        SignOutResult::Complete
    );
    let opened = opened.lock().unwrap().clone();
    assert_eq!(opened.len(), 1, "{opened:?}");
    assert!(opened[0].contains("/logout?"), "{}", opened[0]);
    assert!(!web.provider_session_alive(&browser).await);
}

/// A presenter over `browser` that runs a private session (a fresh cookie jar) when asked and
/// when `can_be_private`, and reports what it ran.
struct ReportingPresenter {
    browser: Browser,
    login: LoginAction,
    can_be_private: bool,
    calls: Mutex<Vec<String>>,
}

#[async_trait::async_trait]
impl WebAuthPresenter for ReportingPresenter {
    async fn present(
        &self,
        url: String,
        _: String,
        prefers_ephemeral_session: bool,
    ) -> cognito_auth::Result<WebAuthResult> {
        self.calls.lock().unwrap().push(url.clone());
        let private = prefers_ephemeral_session && self.can_be_private;
        let browser = if private {
            self.browser.private()
        } else {
            self.browser.clone()
        };
        let callback_url = browser
            .navigate(&url, &self.login, |u| u.scheme() == "myapp")
            .await
            .map_err(cognito_auth::AuthError::Internal)?;
        Ok(WebAuthResult {
            callback_url,
            private_session: private,
        })
    }
}

#[tokio::test]
async fn only_a_session_the_presenter_reports_private_skips_logout() {
    for can_be_private in [true, false] {
        let web = Web::new("127.0.0.1").await;
        let presenter = Arc::new(ReportingPresenter {
            browser: Browser::new(),
            login: web.login(),
            can_be_private,
            calls: Mutex::new(Vec::new()),
        });
        web.client
            .sign_in_with_web_ui(
                presenter.clone(),
                WebUiOptions {
                    prefer_private_session: true,
                    redirect_uri: Some("myapp://callback".into()),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(
            web.provider_session_alive(&presenter.browser).await,
            !can_be_private,
            "a shared session leaves the provider's cookie in the user's browser"
        );
        assert_eq!(
            web.client.sign_out(SignOutOptions::default()).await,
            SignOutResult::Complete
        );
        let calls = presenter.calls.lock().unwrap().clone();
        if can_be_private {
            assert_eq!(calls.len(), 1, "nothing to end: {calls:?}");
        } else {
            assert_eq!(calls.len(), 2, "{calls:?}");
            assert!(calls[1].contains("/logout?"), "{}", calls[1]);
        }
        assert!(!web.provider_session_alive(&presenter.browser).await);
    }
}

/// The system opener's `$BROWSER` path and `Command` run the command with the URL as one
/// argument, whatever it contains (`&` split it at `cmd /C start` on Windows).
#[cfg(unix)]
#[tokio::test]
async fn the_browser_command_gets_the_url_as_one_argument() {
    let dir = std::env::temp_dir().join(unique("browser"));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("args");
    let script = dir.join("browser.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$#\" \"$@\" > {}\n",
            out.display()
        ),
    )
    .unwrap();
    let port = free_port();
    let redirect = format!("http://127.0.0.1:{port}/callback");
    let url = format!(
        "https://auth.example.com/oauth2/authorize?state=a&b=c%26d&redirect_uri={}&x=$(id)",
        url::form_urlencoded::byte_serialize(redirect.as_bytes()).collect::<String>()
    );
    let presenter = LoopbackPresenter::new(LoopbackOptions {
        opener: BrowserOpener::Command(format!("sh {}", script.display())),
        timeout: Duration::from_millis(1500),
    });
    let e = presenter
        .present(url.clone(), "http".into(), false)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "Cancelled", "{e}");
    let args = std::fs::read_to_string(&out).unwrap();
    assert_eq!(args, format!("1\n{url}\n"));
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------------------------------------------------------------------------------------------
// Pending web sign-ins expire

#[tokio::test]
async fn a_pending_web_sign_in_expires_after_ten_minutes() {
    let clock = Arc::new(ManualClock::starting_now());
    let web = Web::with_clock("127.0.0.1", Some(clock.clone())).await;
    let browser = Browser::new();
    let myapp = WebUiOptions {
        redirect_uri: Some("myapp://callback".into()),
        ..Default::default()
    };

    // Just inside the limit: completes.
    let url = web.client.begin_web_sign_in(myapp.clone()).await.unwrap();
    let callback = browser
        .navigate(&url, &web.login(), |u| u.scheme() == "myapp")
        .await
        .unwrap();
    clock.advance(Duration::from_secs(599));
    web.client.complete_web_sign_in(&callback).await.unwrap();
    web.client.sign_out(SignOutOptions::default()).await;

    // Past it: InvalidState, and the record (with its PKCE verifier) is deleted.
    let url = web.client.begin_web_sign_in(myapp).await.unwrap();
    let callback = browser
        .navigate(&url, &web.login(), |u| u.scheme() == "myapp")
        .await
        .unwrap();
    clock.advance(Duration::from_secs(601));
    let e = web
        .client
        .complete_web_sign_in(&callback)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "InvalidState", "{e}");
    assert!(e.to_string().contains("expired"), "{e}");
    assert!(web.pending_record().await.is_none());
    assert_eq!(web.client.user_state().await, UserState::SignedOut);
    assert!(!web.client.cancel_web_sign_in().await.unwrap());
}
