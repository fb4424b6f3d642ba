//! Social sign-in buttons against the local hosted UI (oidc-provider, a certified OpenID
//! Connect provider with Cognito's routes): a button per configured provider when the
//! client has a web-auth presenter, none without one; pressing one opens the hosted UI
//! straight at that provider (`identity_provider`), and the presenter's browser signs in;
//! a closed page leaves the sign-in form as it was; a refusal at the provider is a banner of
//! its own; a web sign-in left pending does not block a new one.

use super::*;
use crate::support::web::{CancellingPresenter, FixedCallback, PASSWORD, TestPresenter, env};
use cognito_auth::{AuthConfig, AuthenticatorOptions, SocialProvider, UserState};
use cognito_auth_testkit::{Browser, LoginAction};
use std::sync::Arc;

/// The app client's outputs with `identity_providers` as Amplify Gen 2 writes them.
fn with_providers(outputs: &str, providers: Value) -> String {
    let mut v: Value = serde_json::from_str(outputs).unwrap();
    v["auth"]["oauth"]["identity_providers"] = providers;
    v.to_string()
}

fn labels(s: &AuthenticatorScreen) -> Vec<&str> {
    s.actions.iter().map(|a| a.label.as_str()).collect()
}

#[tokio::test]
async fn a_provider_button_signs_in_through_the_hosted_ui_and_a_closed_page_changes_nothing() {
    let env = env(false).await;
    let outputs = with_providers(
        &env.app.amplify_outputs(),
        serde_json::json!(["GOOGLE", "SIGN_IN_WITH_APPLE", "CorpSAML", "GOOGLE"]),
    );
    let config = AuthConfig::from_json(&outputs)
        .unwrap()
        .with_oauth_endpoint(url::Url::parse(&env.provider.url()).unwrap());
    let client = cognito_auth::AuthClient::new(config, Default::default()).unwrap();

    // No presenter: a button that could not work is not shown.
    let a = Authenticator::start(client.clone(), AuthenticatorOptions::default()).await;
    assert_eq!(
        labels(&a.screen()),
        ["Sign in", "Forgot your password?", "Create an account"]
    );

    // A presenter whose user closes the page: back on sign-in, no banner, still signed out.
    client.set_web_auth_presenter(Some(Arc::new(CancellingPresenter)));
    let a = Authenticator::start(client.clone(), AuthenticatorOptions::default()).await;
    let s = a.screen();
    assert_eq!(
        labels(&s),
        [
            "Sign in",
            "Forgot your password?",
            "Create an account",
            "Sign in with Google",
            "Sign in with Apple"
        ],
        "each listed social provider once; a SAML provider is not a social button"
    );
    let google = AuthenticatorAction::SignInWith {
        provider: SocialProvider::Google,
    };
    assert_eq!(s.actions[3].action, google);
    let s = press(&a, google).await;
    assert_eq!(s.step, AuthenticatorStep::SignIn);
    assert_eq!(s.banner, None);
    assert_eq!(client.user_state().await, UserState::SignedOut);

    // Refused at the provider (consent declined): a banner that says so, not "wrong password".
    client.set_web_auth_presenter(Some(Arc::new(FixedCallback(Box::new(|url| {
        let state = url.query_pairs().find(|(k, _)| k == "state").unwrap().1;
        format!("myapp://callback?error=access_denied&state={state}")
    })))));
    let s = press(&a, google).await;
    assert_eq!(s.step, AuthenticatorStep::SignIn);
    assert_eq!(
        s.banner.as_deref(),
        Some("Signing in with Google did not finish. Try again, or sign in another way.")
    );
    assert_eq!(client.user_state().await, UserState::SignedOut);

    // Sign-up offers the same providers.
    let s = press(&a, AuthenticatorAction::GoToSignUp).await;
    assert_eq!(
        &labels(&s)[2..],
        ["Sign up with Google", "Sign up with Apple"]
    );
    press(&a, AuthenticatorAction::BackToSignIn).await;

    // A web sign-in left pending (an app killed while the page was open) does not block a
    // new one; the presenter's browser signs in at the hosted UI, sent straight to Google.
    client
        .begin_web_sign_in(cognito_auth::WebUiOptions::default())
        .await
        .unwrap();
    let presenter = Arc::new(TestPresenter::new(
        Browser::new(),
        LoginAction::sign_in(&env.username, PASSWORD),
        &env.app,
    ));
    client.set_web_auth_presenter(Some(presenter.clone()));
    let s = press(&a, google).await;
    assert!(signed_in_as(&s, &env.username), "{s:?}");
    let calls = presenter.calls();
    assert_eq!(calls.len(), 1);
    assert!(
        calls[0].0.contains("identity_provider=Google"),
        "{}",
        calls[0].0
    );
    assert_eq!(client.user_state().await, UserState::SignedIn);
}
