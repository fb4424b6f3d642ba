//! Checks made before any request, and the session that expired, against moto behind the
//! counting proxy: the proxy proves a refused form sent nothing, and moto's GlobalSignOut
//! makes the refresh token one Cognito rejects.

use super::*;
use crate::support::clients;

use cognito_auth::{
    AuthClient, AuthenticatorAction as A, AuthenticatorOptions, FieldKind, InitialScreen,
    SignInNextStep, SignInOptions, UserState,
};
use cognito_auth_testkit::{CountingProxy, Moto, PoolSpec, TestPool, unique};
use serde_json::json;

const PW: &str = "Corr3ct-Horse!";

async fn pool(spec: PoolSpec) -> (TestPool, CountingProxy) {
    let moto = Moto::shared();
    (
        moto.create_pool(spec).await,
        CountingProxy::start(&moto.url()),
    )
}

#[tokio::test]
async fn refused_forms_send_nothing_and_say_why() {
    let (pool, proxy) = pool(PoolSpec {
        username_attributes: vec!["email".into()],
        ..Default::default()
    })
    .await;
    let outputs = outputs_with(
        &pool.amplify_outputs(),
        json!({
            "username_attributes": ["email"],
            "standard_required_attributes": ["email", "phone_number", "family_name"],
            "password_policy": {"min_length": 8, "require_numbers": true, "require_symbols": true},
        }),
    );
    let (c, _) = clients::client(&outputs, &proxy.url());
    let a = Authenticator::start(c.clone(), AuthenticatorOptions::default()).await;
    proxy.reset_counts();

    // Sign-in: the user name is an email here.
    let s = a.screen();
    assert_eq!(s.field("username").unwrap().kind, FieldKind::Email);
    assert_eq!(s.field("username").unwrap().label, "Email");
    let s = submit(&a, &[("username", ""), ("password", "")]).await;
    assert_eq!(error_on(&s, "username"), Some("Enter your email address."));
    assert_eq!(error_on(&s, "password"), Some("Enter your password."));
    let s = submit(&a, &[("username", "not-an-email"), ("password", "x")]).await;
    assert_eq!(
        error_on(&s, "username"),
        Some("Enter an email address such as name@example.com.")
    );
    assert_eq!(error_on(&s, "password"), None, "no policy at sign-in");

    // Sign-up: the email is the user name, so it is not asked twice.
    let s = press(&a, A::GoToSignUp).await;
    assert_eq!(
        field_names(&s),
        [
            "username",
            "password",
            "confirm_password",
            "phone_number",
            "family_name"
        ]
    );
    assert_eq!(
        s.field("password").unwrap().hint.as_deref(),
        Some("The password needs at least 8 characters, one digit and one symbol.")
    );
    let s = submit(
        &a,
        &[
            ("username", "a@b"),
            ("password", "abc"),
            ("confirm_password", "abd"),
            ("phone_number", "555 0123"),
            ("family_name", " "),
        ],
    )
    .await;
    assert_eq!(s.step, AuthenticatorStep::SignUp);
    assert_eq!(
        error_on(&s, "username"),
        Some("Enter an email address such as name@example.com.")
    );
    assert_eq!(
        error_on(&s, "password"),
        Some("The password needs at least 8 characters, one digit and one symbol.")
    );
    assert_eq!(
        error_on(&s, "phone_number"),
        Some("Enter the phone number with its country code, such as +14155550123.")
    );
    assert_eq!(
        error_on(&s, "family_name"),
        Some("Enter a value for Last name.")
    );
    assert_eq!(
        s.field("phone_number").unwrap().value,
        "555 0123",
        "typed values stay"
    );
    let s = submit(
        &a,
        &[
            ("username", "a@b.co"),
            ("password", PW),
            ("confirm_password", "Corr3ct-Horse?"),
            ("phone_number", "+1 415 555 0123"),
            ("family_name", "Doe"),
        ],
    )
    .await;
    assert_eq!(
        error_on(&s, "confirm_password"),
        Some("The passwords do not match.")
    );
    assert_eq!(s.fields.iter().filter(|f| f.error.is_some()).count(), 1);
    assert_eq!(proxy.total(), 0, "no request for any refused form");

    // A valid form goes out once, with the email as user name and attribute, the phone
    // number normalised.
    let email = format!("{}@example.com", unique("v"));
    let s = submit(
        &a,
        &[
            ("username", &email),
            ("password", PW),
            ("confirm_password", PW),
            ("phone_number", "+1 415 555 0123"),
            ("family_name", "Doe"),
        ],
    )
    .await;
    assert!(
        matches!(s.step, AuthenticatorStep::ConfirmSignUp { .. }),
        "{s:?}"
    );
    assert_eq!(proxy.count("SignUp"), 1);
    let body = &proxy.bodies("SignUp")[0];
    assert_eq!(body["Username"], email.as_str());
    let attrs = body["UserAttributes"].as_array().unwrap();
    let attr = |n: &str| {
        attrs
            .iter()
            .find(|a| a["Name"] == n)
            .map(|a| a["Value"].as_str().unwrap().to_owned())
    };
    assert_eq!(attr("email").as_deref(), Some(email.as_str()));
    assert_eq!(attr("phone_number").as_deref(), Some("+14155550123"));
    assert!(attr("confirm_password").is_none() && attr("password").is_none());
    // A code that is not 6 digits is refused here too.
    proxy.reset_counts();
    let s = submit(&a, &[("code", "12a")]).await;
    assert_eq!(error_on(&s, "code"), Some("The code is 6 digits."));
    assert_eq!(proxy.total(), 0);
}

#[tokio::test]
async fn an_app_replaces_texts_and_hides_sign_up() {
    let (pool, proxy) = pool(PoolSpec::default()).await;
    let (c, _) = clients::client(&pool.amplify_outputs(), &proxy.url());
    let options = AuthenticatorOptions {
        strings: [
            ("field.username", "Benutzername"),
            ("a11y.required", "{label}, Pflichtfeld"),
            (
                "error.username.required",
                "Bitte den Benutzernamen eingeben.",
            ),
            ("action.sign_in", "Anmelden"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect(),
        hide_sign_up: true,
        ..Default::default()
    };
    let a = Authenticator::start(c, options).await;
    let s = a.screen();
    let user = s.field("username").unwrap();
    assert_eq!(user.label, "Benutzername");
    assert_eq!(user.accessibility_label, "Benutzername, Pflichtfeld");
    assert_eq!(s.actions[0].label, "Anmelden");
    assert!(!s.actions.iter().any(|b| b.action == A::GoToSignUp));
    assert_eq!(
        a.action(A::GoToSignUp).await.unwrap_err().kind(),
        "InvalidState"
    );
    let s = submit(&a, &[("password", "x")]).await;
    assert_eq!(
        error_on(&s, "username"),
        Some("Bitte den Benutzernamen eingeben.")
    );
    // Every key the core uses has an English default.
    let table = cognito_auth::default_strings();
    for key in [
        "sign_in.title",
        "password.rules",
        "error.network",
        "a11y.optional",
    ] {
        assert!(table.contains_key(key), "{key}");
    }
}

#[tokio::test]
async fn initial_screen_opens_sign_up_or_reset_for_a_signed_out_user_only() {
    let (pool, proxy) = pool(PoolSpec::default()).await;
    let start_on = |initial_screen, hide_sign_up| AuthenticatorOptions {
        initial_screen,
        hide_sign_up,
        ..Default::default()
    };
    let (c, _) = clients::client(&pool.amplify_outputs(), &proxy.url());
    for (initial, hide, step) in [
        (InitialScreen::SignIn, false, AuthenticatorStep::SignIn),
        (InitialScreen::SignUp, false, AuthenticatorStep::SignUp),
        (InitialScreen::SignUp, true, AuthenticatorStep::SignIn),
        (
            InitialScreen::ForgotPassword,
            false,
            AuthenticatorStep::ForgotPassword,
        ),
    ] {
        let a = Authenticator::start(c.clone(), start_on(initial, hide)).await;
        assert_eq!(a.screen().step, step, "{initial:?}, hide_sign_up {hide}");
    }
    let a = Authenticator::start(c.clone(), start_on(InitialScreen::SignUp, false)).await;
    assert_eq!(
        press(&a, A::BackToSignIn).await.step,
        AuthenticatorStep::SignIn,
        "sign-in is one press away"
    );
    assert_eq!(proxy.total(), 0, "opening a screen asks the pool nothing");

    // A signed-in user starts signed in whatever the option says.
    let user = unique("init");
    pool.create_user(&user, PW, &[]).await;
    let c = signed_in_client(&pool, &proxy.url(), &user).await;
    let a = Authenticator::start(c, start_on(InitialScreen::SignUp, false)).await;
    assert!(signed_in_as(&a.screen(), &user), "{:?}", a.screen());
}

async fn signed_in_client(pool: &TestPool, endpoint: &str, user: &str) -> AuthClient {
    let (c, store) = clients::client(&pool.amplify_outputs(), endpoint);
    let a = Authenticator::start(c.clone(), AuthenticatorOptions::default()).await;
    let s = submit(&a, &[("username", user), ("password", PW)]).await;
    assert!(signed_in_as(&s, user), "{s:?}");
    clients::client_with_store(&pool.amplify_outputs(), endpoint, store)
}

#[tokio::test]
async fn an_expired_session_starts_on_sign_in_with_the_name_kept() {
    let (pool, proxy) = pool(PoolSpec::default()).await;
    let user = unique("exp");
    pool.create_user(&user, PW, &[]).await;
    let c = signed_in_client(&pool, &proxy.url(), &user).await;
    // Its refresh token revoked by a global sign-out elsewhere; the next refresh is refused.
    let tokens = c.fetch_auth_session(false).await.tokens.unwrap();
    c.global_sign_out_with(&tokens.access_token).await.unwrap();
    let s = c.fetch_auth_session(true).await;
    assert_eq!(s.tokens.unwrap_err().kind(), "SessionExpired");
    assert_eq!(
        c.user_state().await,
        UserState::SignedOutUserPoolsTokenInvalid
    );

    // Whatever first screen the app asks for: an ended session starts on sign-in, name kept.
    let options = AuthenticatorOptions {
        initial_screen: InitialScreen::SignUp,
        ..Default::default()
    };
    let a = Authenticator::start(c.clone(), options).await;
    let s = a.screen();
    assert_eq!(s.step, AuthenticatorStep::SignIn);
    assert_eq!(s.field("username").unwrap().value, user);
    assert_eq!(
        s.message.as_deref(),
        Some("Your session has ended. Sign in again.")
    );
    let s = submit(&a, &[("username", &user), ("password", PW)]).await;
    assert!(signed_in_as(&s, &user), "{s:?}");

    // Signed out elsewhere: refresh() follows.
    c.sign_out(Default::default()).await;
    assert_eq!(a.refresh().await.step, AuthenticatorStep::SignIn);
}

#[tokio::test]
async fn a_network_failure_is_a_banner_and_the_form_is_kept() {
    let (pool, proxy) = pool(PoolSpec::default()).await;
    let (c, _) = clients::client(&pool.amplify_outputs(), &proxy.url());
    let a = Authenticator::start(c.clone(), AuthenticatorOptions::default()).await;
    proxy.set_down(true);
    let s = submit(&a, &[("username", "nobody"), ("password", PW)]).await;
    proxy.set_down(false);
    assert_eq!(s.step, AuthenticatorStep::SignIn);
    assert_eq!(
        s.banner.as_deref(),
        Some("The server cannot be reached. Check the connection, then try again.")
    );
    assert_eq!(s.field("username").unwrap().value, "nobody");
    // The core's own API agrees nobody is signed in and nothing is pending.
    assert!(c.pending_sign_in().await.unwrap().is_none());
    let r = c
        .sign_in("nobody", Some(PW), SignInOptions::default())
        .await;
    assert!(!matches!(r, Ok(ref r) if r.next_step == SignInNextStep::Done));
}
