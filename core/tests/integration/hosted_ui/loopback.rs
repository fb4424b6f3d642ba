//! The desktop presenter (RFC 8252 loopback redirect) against oidc-provider: the "browser"
//! here is the cookie-jar test browser handed the URL by a custom opener; the CLI suite
//! drives the same presenter through headless Chromium.

use crate::support::web::*;
use cognito_auth::{
    BrowserOpener, LoopbackOptions, LoopbackPresenter, SecureStore, UserState, WebAuthPresenter,
    WebUiOptions,
};
use cognito_auth_testkit::{Browser, LoginAction};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// An opener that visits the URL in a cookie-jar browser on a background task and keeps
/// the page the browser ended on.
fn browsing_opener(login: LoginAction, landed: Arc<Mutex<Option<String>>>) -> BrowserOpener {
    BrowserOpener::Custom(Arc::new(move |url: &str| {
        let (url, login, landed) = (url.to_owned(), login.clone(), landed.clone());
        tokio::spawn(async move {
            let end = Browser::new().navigate(&url, &login, |_| false).await;
            *landed.lock().unwrap() = Some(end.unwrap_or_else(|e| e));
        });
        Ok(())
    }))
}

#[tokio::test]
async fn loopback_presenter_completes_a_web_sign_in() {
    let env = env(false).await;
    let landed = Arc::new(Mutex::new(None));
    let presenter = LoopbackPresenter::new(LoopbackOptions {
        opener: browsing_opener(env.login(), landed.clone()),
        timeout: Duration::from_secs(30),
    });
    env.client
        .sign_in_with_web_ui(
            Arc::new(presenter),
            WebUiOptions {
                redirect_uri: Some(env.loopback.clone()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(env.client.user_state().await, UserState::SignedIn);
    // The browser got its answer from the listener (a page, not an error) at the redirect.
    for _ in 0..100 {
        if landed.lock().unwrap().is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let landed = landed.lock().unwrap().clone().unwrap();
    assert!(
        landed.starts_with(&format!("{}?code=", env.loopback)),
        "{landed}"
    );
    // The listener stopped after the one redirect: the port is free again.
    let port: u16 = env
        .loopback
        .split(':')
        .nth(2)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    std::net::TcpListener::bind(("127.0.0.1", port)).expect("listener closed");
}

#[tokio::test]
async fn loopback_listener_answers_other_paths_with_404_and_keeps_waiting() {
    let env = env(false).await;
    let loopback = env.loopback.clone();
    let login = env.login();
    let opener = BrowserOpener::Custom(Arc::new(move |url: &str| {
        let (url, login, loopback) = (url.to_owned(), login.clone(), loopback.clone());
        tokio::spawn(async move {
            let stray = loopback.replace("/callback", "/favicon.ico");
            let status = cognito_auth_testkit::http()
                .get(&stray)
                .send()
                .await
                .unwrap()
                .status();
            assert_eq!(status.as_u16(), 404);
            Browser::new()
                .navigate(&url, &login, |_| false)
                .await
                .unwrap();
        });
        Ok(())
    }));
    env.client
        .sign_in_with_web_ui(
            Arc::new(LoopbackPresenter::new(LoopbackOptions {
                opener,
                timeout: Duration::from_secs(30),
            })),
            WebUiOptions {
                redirect_uri: Some(env.loopback.clone()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(env.client.user_state().await, UserState::SignedIn);
}

#[tokio::test]
async fn loopback_listener_times_out_cleanly() {
    let env = env(false).await;
    let presenter = LoopbackPresenter::new(LoopbackOptions {
        opener: BrowserOpener::Custom(Arc::new(|_| Ok(()))),
        timeout: Duration::from_secs(1),
    });
    let e = env
        .client
        .sign_in_with_web_ui(
            Arc::new(presenter),
            WebUiOptions {
                redirect_uri: Some(env.loopback.clone()),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "Cancelled", "{e}");
    assert!(e.to_string().contains("within 1 s"), "{e}");
    assert_eq!(env.client.user_state().await, UserState::SignedOut);
    assert_eq!(
        env.store
            .get(&env.namespace(), "hosted_ui.pending")
            .await
            .unwrap(),
        None,
        "a timed-out sign-in does not block the next one"
    );
    env.client
        .begin_web_sign_in(WebUiOptions::default())
        .await
        .unwrap();
}

#[tokio::test]
async fn loopback_presenter_needs_a_loopback_redirect() {
    let env = env(false).await;
    let e = env
        .client
        .sign_in_with_web_ui(
            Arc::new(LoopbackPresenter::default()),
            WebUiOptions::default(), // myapp://callback
        )
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "NotSupported", "{e}");
    assert!(e.to_string().contains("myapp://callback"), "{e}");
}

#[tokio::test]
async fn loopback_presenter_reports_a_port_in_use() {
    let env = env(false).await;
    let port: u16 = env
        .loopback
        .split(':')
        .nth(2)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let _taken = std::net::TcpListener::bind(("127.0.0.1", port)).unwrap();
    let url = format!(
        "{}/oauth2/authorize?redirect_uri={}",
        env.provider.url(),
        url::form_urlencoded::byte_serialize(env.loopback.as_bytes()).collect::<String>()
    );
    let e = LoopbackPresenter::default()
        .present(url, "http".into(), false)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "InvalidState", "{e}");
    assert!(e.to_string().contains(&port.to_string()), "{e}");
}
