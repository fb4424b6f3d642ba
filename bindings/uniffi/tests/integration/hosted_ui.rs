//! The hosted UI through the FFI against the local OpenID Connect provider (panva's
//! oidc-provider, npm: a certified implementation with Cognito's routes), with
//! `WebAuthPresenter` implemented in Rust as an app implements it in Kotlin or Swift: a
//! cookie-jar browser that fills the provider's login page. What the provider proves: the
//! authorize request (PKCE S256, state, nonce), the code exchange, `/logout` and revocation.
//! Also: a presenter's cancel and failure reaching the caller typed, and a web sign-in
//! abandoned by the app (its future dropped on a thread with no runtime) leaving nothing
//! pending.

use crate::support::block_on_foreign_thread;
use cognito_auth_ffi::{
    AuthClient, AuthError, AuthEvent, EndpointOverrides, SecureStorage, SessionTokens,
    SignOutResult, UserState, WebAuthPresenter, WebAuthResult, WebUiOptions, memory_storage,
};
use cognito_auth_testkit::{Browser, ClientSpec, LoginAction, OidcProvider, unique};
use std::future::Future;
use std::pin::pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Waker};

const PASSWORD: &str = "Corr3ct-Horse!";

struct Env {
    client: Arc<AuthClient>,
    store: Arc<dyn SecureStorage>,
    username: String,
    sub: String,
}

async fn env() -> Env {
    let provider = OidcProvider::shared();
    let app = provider
        .register_client(ClientSpec {
            redirect_uris: vec!["myapp://callback".into()],
            post_logout_redirect_uris: vec!["myapp://signout".into()],
            confidential: false,
        })
        .await;
    let username = unique("web");
    let sub = provider.create_user(&username, PASSWORD).await;
    let store = memory_storage();
    let client = AuthClient::from_amplify_config_json(
        app.amplify_outputs(),
        Some(EndpointOverrides {
            oauth: Some(provider.url()),
            ..Default::default()
        }),
        Some(store.clone()),
        None,
    )
    .unwrap();
    Env {
        client,
        store,
        username,
        sub,
    }
}

/// The presenter an app writes, here over the testkit's cookie-jar browser: it follows the
/// provider's redirects and forms until the browser is sent to the app's scheme. Asked for
/// an ephemeral session, it runs one (a fresh cookie jar) and reports it private.
struct BrowserPresenter {
    browser: Browser,
    login: LoginAction,
    calls: Mutex<Vec<(String, String, bool)>>,
}

impl BrowserPresenter {
    fn new(login: LoginAction) -> Arc<Self> {
        Arc::new(Self {
            browser: Browser::new(),
            login,
            calls: Mutex::new(Vec::new()),
        })
    }
}

#[async_trait::async_trait]
impl WebAuthPresenter for BrowserPresenter {
    async fn present(
        &self,
        url: String,
        callback_url_scheme: String,
        prefers_ephemeral_session: bool,
    ) -> Result<WebAuthResult, AuthError> {
        self.calls.lock().unwrap().push((
            url.clone(),
            callback_url_scheme,
            prefers_ephemeral_session,
        ));
        let browser = if prefers_ephemeral_session {
            self.browser.private()
        } else {
            self.browser.clone()
        };
        // navigate() stops at the first redirect to a non-http scheme (myapp://…).
        let callback_url = browser
            .navigate(&url, &self.login, |_| false)
            .await
            .map_err(|reason| AuthError::Internal { reason })?;
        Ok(WebAuthResult {
            callback_url,
            private_session: prefers_ephemeral_session,
        })
    }
}

/// A presenter that fails the way an app's does: the user closed the page, or it threw.
struct FailingPresenter(AuthError);

#[async_trait::async_trait]
impl WebAuthPresenter for FailingPresenter {
    async fn present(&self, _: String, _: String, _: bool) -> Result<WebAuthResult, AuthError> {
        Err(self.0.clone())
    }
}

/// A page the user never leaves; records that it was shown and that it was closed.
#[derive(Default)]
struct StuckPresenter {
    shown: AtomicUsize,
    closed: Arc<AtomicBool>,
}

struct SetOnDrop(Arc<AtomicBool>);

impl Drop for SetOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

#[async_trait::async_trait]
impl WebAuthPresenter for StuckPresenter {
    async fn present(&self, _: String, _: String, _: bool) -> Result<WebAuthResult, AuthError> {
        let _closed = SetOnDrop(self.closed.clone());
        self.shown.fetch_add(1, Ordering::SeqCst);
        std::future::pending().await
    }
}

#[tokio::test]
async fn a_presenter_signs_in_through_the_hosted_ui_and_out_through_the_browser() {
    let env = env().await;
    let c = &env.client;
    let events = c.events().unwrap();
    let presenter = BrowserPresenter::new(LoginAction::sign_in(&env.username, PASSWORD));
    c.sign_in_with_web_ui(presenter.clone(), None)
        .await
        .unwrap();
    let calls = presenter.calls.lock().unwrap().clone();
    assert_eq!(calls.len(), 1);
    assert!(
        calls[0].0.contains("code_challenge_method=S256"),
        "{}",
        calls[0].0
    );
    assert_eq!((calls[0].1.as_str(), calls[0].2), ("myapp", false));

    assert_eq!(c.user_state().await.unwrap(), UserState::SignedIn);
    assert_eq!(c.get_current_user().await.unwrap().user_id, env.sub);
    let session = c.fetch_auth_session(false).await;
    let SessionTokens::Value { tokens } = &session.tokens else {
        panic!("{session:?}")
    };
    let claims: serde_json::Value =
        serde_json::from_str(&tokens.id_token_claims_json().unwrap()).unwrap();
    assert_eq!(claims["sub"], env.sub.as_str());

    // Sign-out opens /logout with the presenter the sign-in kept, and revokes the token.
    let out = c.sign_out(false).await;
    assert_eq!(out, SignOutResult::Complete);
    let calls = presenter.calls.lock().unwrap().clone();
    assert_eq!(calls.len(), 2);
    assert!(calls[1].0.contains("/logout"), "{}", calls[1].0);
    assert_eq!(events.next().await.unwrap(), Some(AuthEvent::SignedIn));
    assert_eq!(events.next().await.unwrap(), Some(AuthEvent::SignedOut));
}

#[tokio::test]
async fn only_a_session_the_presenter_reports_private_skips_logout() {
    let env = env().await;
    let c = &env.client;
    let private = WebUiOptions {
        prefer_private_session: true,
        ..Default::default()
    };
    // Reported private: sign-out opens nothing.
    let presenter = BrowserPresenter::new(LoginAction::sign_in(&env.username, PASSWORD));
    c.sign_in_with_web_ui(presenter.clone(), Some(private.clone()))
        .await
        .unwrap();
    assert_eq!(c.sign_out(false).await, SignOutResult::Complete);
    assert_eq!(presenter.calls.lock().unwrap().len(), 1);

    // Asked for, but the presenter could not (Custom Tabs, a system browser): /logout.
    struct Shared(Arc<BrowserPresenter>);
    #[async_trait::async_trait]
    impl WebAuthPresenter for Shared {
        async fn present(
            &self,
            url: String,
            scheme: String,
            _: bool,
        ) -> Result<WebAuthResult, AuthError> {
            self.0.present(url, scheme, false).await
        }
    }
    let inner = BrowserPresenter::new(LoginAction::sign_in(&env.username, PASSWORD));
    c.sign_in_with_web_ui(Arc::new(Shared(inner.clone())), Some(private))
        .await
        .unwrap();
    assert_eq!(c.sign_out(false).await, SignOutResult::Complete);
    let calls = inner.calls.lock().unwrap().clone();
    assert_eq!(calls.len(), 2);
    assert!(calls[1].0.contains("/logout"), "{}", calls[1].0);
}

#[tokio::test]
async fn two_steps_for_apps_that_show_the_page_themselves() {
    let env = env().await;
    let c = &env.client;
    let url = c.begin_web_sign_in(None).await.unwrap();
    let e = c.begin_web_sign_in(None).await.unwrap_err();
    assert_eq!(
        e.kind(),
        "InvalidState",
        "one pending web sign-in at a time"
    );
    // The PKCE verifier stays in the store: not in the URL.
    let ns = format!("cognito-auth.{}", c.fingerprint());
    let pending = env
        .store
        .get(ns, "hosted_ui.pending".into())
        .await
        .unwrap()
        .expect("pending sign-in stored");
    let pending: serde_json::Value = serde_json::from_slice(&pending).unwrap();
    let verifier = pending["code_verifier"].as_str().expect("verifier");
    assert!(verifier.len() >= 43 && !url.contains(verifier));

    let callback = Browser::new()
        .navigate(&url, &LoginAction::sign_in(&env.username, PASSWORD), |_| {
            false
        })
        .await
        .unwrap();
    assert!(callback.starts_with("myapp://callback?code="), "{callback}");
    c.complete_web_sign_in(callback.clone()).await.unwrap();
    assert_eq!(c.user_state().await.unwrap(), UserState::SignedIn);
    let e = c.complete_web_sign_in(callback).await.unwrap_err();
    assert_eq!(e.kind(), "InvalidState", "a callback is single-use");
    assert!(!c.cancel_web_sign_in().await.unwrap());
}

#[tokio::test]
async fn a_cancel_or_a_failure_in_the_presenter_reaches_the_caller_typed() {
    let env = env().await;
    let c = &env.client;
    let cancel = Arc::new(FailingPresenter(AuthError::Cancelled {
        reason: "the user closed the sign-in page".into(),
    }));
    let options = WebUiOptions {
        prefer_private_session: true,
        ..Default::default()
    };
    let e = c
        .sign_in_with_web_ui(cancel, Some(options))
        .await
        .unwrap_err();
    assert_eq!(
        e,
        AuthError::Cancelled {
            reason: "the user closed the sign-in page".into()
        }
    );
    assert!(
        !c.cancel_web_sign_in().await.unwrap(),
        "nothing left pending"
    );

    // What an exception thrown by a Kotlin/Swift presenter becomes (see
    // From<UnexpectedUniFFICallbackError>).
    let thrown = AuthError::from(uniffi::UnexpectedUniFFICallbackError::new(
        "java.lang.IllegalStateException: no browser",
    ));
    let e = c
        .sign_in_with_web_ui(Arc::new(FailingPresenter(thrown.clone())), None)
        .await
        .unwrap_err();
    assert_eq!(e, thrown);
    assert_eq!(c.user_state().await.unwrap(), UserState::SignedOut);

    // The user refuses on the provider's page: access_denied comes back as NotAuthorized.
    let refuse = BrowserPresenter::new(LoginAction::Cancel);
    let e = c.sign_in_with_web_ui(refuse, None).await.unwrap_err();
    assert_eq!(e.kind(), "NotAuthorized", "{e:?}");
}

/// Polls `future` on this thread (no runtime, like a Kotlin or Swift thread) until `ready`.
fn poll_until(future: &mut std::pin::Pin<&mut impl Future>, ready: impl Fn() -> bool) {
    let mut cx = Context::from_waker(Waker::noop());
    for _ in 0..10_000 {
        if ready() {
            return;
        }
        assert!(future.as_mut().poll(&mut cx).is_pending(), "finished early");
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    panic!("condition never met");
}

#[test]
fn a_web_sign_in_dropped_by_the_app_closes_the_page_and_leaves_nothing_pending() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let env = rt.block_on(env());
    let c = env.client.clone();
    let presenter = Arc::new(StuckPresenter::default());
    {
        let call = c.sign_in_with_web_ui(presenter.clone(), None);
        let mut call = pin!(call);
        poll_until(&mut call, || presenter.shown.load(Ordering::SeqCst) == 1);
        // Dropped here, on a thread with no runtime: a cancelled coroutine or Swift task.
    }
    assert!(
        presenter.closed.load(Ordering::SeqCst),
        "the page was closed"
    );
    // The abandoned sign-in is forgotten (by a task the drop spawned): a new one may begin.
    let mut attempts = 0;
    loop {
        match block_on_foreign_thread(c.begin_web_sign_in(None)) {
            Ok(_) => break,
            Err(AuthError::InvalidState { .. }) if attempts < 500 => {
                attempts += 1;
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            Err(e) => panic!("the abandoned web sign-in still blocks: {e:?}"),
        }
    }
    assert!(block_on_foreign_thread(c.cancel_web_sign_in()).unwrap());
}

#[tokio::test]
async fn the_rust_loopback_presenter_works_through_the_foreign_trait() {
    use cognito_auth_ffi::{LoopbackOpener, loopback_presenter};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let presenter = loopback_presenter(LoopbackOpener::PrintOnly, 60);
    let port = cognito_auth_testkit::free_port();
    let redirect = format!("http://127.0.0.1:{port}/callback");
    let url = format!(
        "https://auth.example.com/oauth2/authorize?state=xyz&redirect_uri={}",
        url::form_urlencoded::byte_serialize(redirect.as_bytes()).collect::<String>()
    );
    let shown = tokio::spawn({
        let presenter = presenter.clone();
        async move { presenter.present(url, "http".into(), false).await }
    });
    // The browser's redirect, once the listener is up.
    let mut stream = loop {
        match tokio::net::TcpStream::connect(("127.0.0.1", port)).await {
            Ok(s) => break s,
            Err(_) => tokio::task::yield_now().await,
        }
    };
    let request =
        format!("GET /callback?code=abc&state=xyz HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.unwrap();
    assert!(
        answer.starts_with(b"HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&answer)
    );
    assert_eq!(
        shown.await.unwrap().unwrap(),
        WebAuthResult {
            callback_url: format!("{redirect}?code=abc&state=xyz"),
            private_session: false,
        },
        "the system browser is never private"
    );

    // Its errors cross the trait typed.
    let e = presenter
        .present("https://auth.example.com/".into(), "http".into(), false)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "InvalidParameter");
    let e = presenter
        .present(
            "https://auth.example.com/oauth2/authorize?redirect_uri=myapp%3A%2F%2Fcallback".into(),
            "myapp".into(),
            false,
        )
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "NotSupported");
}
