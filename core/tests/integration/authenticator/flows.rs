//! Sign-in screens against OUR TEST SERVER: it verifies every SRP proof (a wrong password is
//! really refused) and checks MFA and TOTP codes; it also serves what the other peers lack
//! (MFA selection and set-up, USER_AUTH, NEW_PASSWORD_REQUIRED, auto sign-in after sign-up).

use super::*;
use crate::support::clients;

use cognito_auth::{
    AuthClient, AuthFactor, AuthenticatorAction as A, AuthenticatorOptions, FieldKind, MemoryStore,
    MfaType, UserState,
};
use cognito_auth_testkit::CognitoTestServer;
use serde_json::json;
use std::sync::Arc;

const PW: &str = "Corr3ct-Horse!";

async fn start(c: &AuthClient) -> Authenticator {
    Authenticator::start(c.clone(), AuthenticatorOptions::default()).await
}

fn client(server: &CognitoTestServer, extra: Value) -> (AuthClient, Arc<MemoryStore>) {
    clients::client(
        &outputs_with(&server.amplify_outputs(false), extra),
        &server.url(),
    )
}

#[tokio::test]
async fn srp_sign_in_wrong_password_then_right_then_sign_out() {
    let server = CognitoTestServer::start();
    server
        .add_user(json!({"username": "alice", "password": PW}))
        .await;
    let (c, _) = client(&server, json!({}));
    let a = start(&c).await;
    let s = a.screen();
    assert_eq!(s.step, AuthenticatorStep::SignIn);
    assert_eq!(field_names(&s), ["username", "password"]);
    assert_eq!(s.field("password").unwrap().kind, FieldKind::Password);
    assert_eq!(
        s.field("username").unwrap().accessibility_label,
        "Username, required"
    );
    let buttons: Vec<_> = s.actions.iter().map(|b| b.action).collect();
    assert_eq!(buttons, [A::Submit, A::ForgotPassword, A::GoToSignUp]);

    let s = submit(&a, &[("username", "alice"), ("password", "Wr0ng-Horse!")]).await;
    assert_eq!(s.step, AuthenticatorStep::SignIn, "stays on sign-in");
    assert_eq!(
        s.banner.as_deref(),
        Some("The username or password is not right.")
    );
    assert_eq!(
        s.field("username").unwrap().value,
        "alice",
        "the name is kept"
    );
    assert_eq!(
        s.field("password").unwrap().value,
        "",
        "the password is not echoed"
    );
    assert_eq!(c.user_state().await, UserState::SignedOut);

    let s = submit(&a, &[("username", "alice"), ("password", PW)]).await;
    assert!(signed_in_as(&s, "alice"), "{s:?}");
    assert_eq!(s.banner, None);
    assert_eq!(s.message.as_deref(), Some("You are signed in as alice."));
    assert_eq!(c.user_state().await, UserState::SignedIn);
    let verifiers = server
        .log()
        .await
        .iter()
        .filter(|e| e["ChallengeName"] == "PASSWORD_VERIFIER")
        .count();
    assert_eq!(
        verifiers, 2,
        "both attempts were SRP proofs the server checked"
    );

    let s = press(&a, A::SignOut).await;
    assert_eq!(s.step, AuthenticatorStep::SignIn);
    assert_eq!(c.user_state().await, UserState::SignedOut);
    assert_eq!(
        a.action(A::SignOut).await.unwrap_err().kind(),
        "InvalidState",
        "sign-in offers no sign-out"
    );
}

#[tokio::test]
async fn sms_email_and_totp_codes_wrong_then_right() {
    let server = CognitoTestServer::start();
    let totp_secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    server
        .add_user(
            json!({"username": "sms", "password": PW, "mfa": "SMS_MFA", "mfa_code": "111222"}),
        )
        .await;
    server
        .add_user(
            json!({"username": "mail", "password": PW, "mfa": "EMAIL_OTP", "mfa_code": "333444"}),
        )
        .await;
    server
        .add_user(
            json!({"username": "app", "password": PW, "mfa": "SOFTWARE_TOKEN_MFA",
            "totp_secret": totp_secret}),
        )
        .await;
    for (user, medium, code, message) in [
        (
            "sms",
            MfaType::Sms,
            "111222",
            "We sent a code to +*******1234.",
        ),
        (
            "mail",
            MfaType::Email,
            "333444",
            "We sent a code to a***@e***.com.",
        ),
        (
            "app",
            MfaType::Totp,
            "",
            "Enter the code your authenticator app shows.",
        ),
    ] {
        let (c, _) = client(&server, json!({}));
        let a = start(&c).await;
        let s = submit(&a, &[("username", user), ("password", PW)]).await;
        assert!(
            matches!(&s.step, AuthenticatorStep::ConfirmSignInWithCode { medium: m, .. } if *m == medium),
            "{user}: {s:?}"
        );
        assert_eq!(s.message.as_deref(), Some(message), "{user}");
        assert_eq!(field_names(&s), ["code"]);
        let right = if medium == MfaType::Totp {
            clients::fresh_totp(totp_secret).await
        } else {
            code.to_owned()
        };
        let s = submit(&a, &[("code", clients::wrong_code(&right))]).await;
        assert_eq!(
            error_on(&s, "code"),
            Some("That code is not right. Check it and try again."),
            "{user}: {s:?}"
        );
        assert!(matches!(
            s.step,
            AuthenticatorStep::ConfirmSignInWithCode { .. }
        ));
        let s = submit(&a, &[("code", &right)]).await;
        assert!(signed_in_as(&s, user), "{user}: {s:?}");
    }
}

#[tokio::test]
async fn mfa_selection_totp_setup_and_email_setup() {
    let server = CognitoTestServer::start();
    server
        .add_user(json!({"username": "sel", "password": PW, "mfa": "SELECT", "mfa_code": "424242"}))
        .await;
    server
        .add_user(
            json!({"username": "setup", "password": PW, "mfa": "SETUP", "mfa_code": "135790"}),
        )
        .await;

    // SELECT_MFA_TYPE: one button per method.
    let (c, _) = client(&server, json!({}));
    let a = start(&c).await;
    let s = submit(&a, &[("username", "sel"), ("password", PW)]).await;
    assert_eq!(
        s.step,
        AuthenticatorStep::SelectMfaType {
            allowed: vec![MfaType::Sms, MfaType::Totp]
        }
    );
    let labels: Vec<_> = s.actions.iter().map(|b| b.label.as_str()).collect();
    assert_eq!(
        labels,
        ["Text message (SMS)", "Authenticator app", "Back to sign in"]
    );
    let s = press(
        &a,
        A::SelectMfaType {
            mfa_type: MfaType::Sms,
        },
    )
    .await;
    assert!(matches!(
        s.step,
        AuthenticatorStep::ConfirmSignInWithCode {
            medium: MfaType::Sms,
            ..
        }
    ));
    assert!(signed_in_as(
        &submit(&a, &[("code", "424242")]).await,
        "sel"
    ));

    // MFA_SETUP with TOTP: the key and the otpauth URI, then a code computed from the key.
    let (c, _) = client(&server, json!({}));
    let options = AuthenticatorOptions {
        totp_issuer: "My App".into(),
        ..Default::default()
    };
    let a = Authenticator::start(c.clone(), options).await;
    let s = submit(&a, &[("username", "setup"), ("password", PW)]).await;
    assert_eq!(
        s.step,
        AuthenticatorStep::SelectMfaSetup {
            allowed: vec![MfaType::Totp, MfaType::Email]
        }
    );
    let s = press(
        &a,
        A::SelectMfaType {
            mfa_type: MfaType::Totp,
        },
    )
    .await;
    let AuthenticatorStep::SetupTotp {
        shared_secret,
        setup_uri,
    } = &s.step
    else {
        panic!("TOTP set-up expected: {s:?}")
    };
    assert_eq!(
        setup_uri,
        &format!("otpauth://totp/My%20App:setup?secret={shared_secret}&issuer=My%20App")
    );
    assert!(
        !format!("{s:?}").contains(shared_secret.as_str()),
        "Debug hides the key"
    );
    let code = clients::fresh_totp(shared_secret).await;
    assert!(signed_in_as(&submit(&a, &[("code", &code)]).await, "setup"));

    // MFA_SETUP with email: a bad address is refused here, then the code sent to it.
    let (c, _) = client(&server, json!({}));
    let a = start(&c).await;
    submit(&a, &[("username", "setup"), ("password", PW)]).await;
    let s = press(
        &a,
        A::SelectMfaType {
            mfa_type: MfaType::Email,
        },
    )
    .await;
    assert_eq!(s.step, AuthenticatorStep::SetupEmailMfa);
    let before = server.log().await.len();
    let s = submit(&a, &[("email", "setup-at-example")]).await;
    assert_eq!(
        error_on(&s, "email"),
        Some("Enter an email address such as name@example.com.")
    );
    assert_eq!(server.log().await.len(), before, "nothing sent");
    let s = submit(&a, &[("email", "setup@example.com")]).await;
    assert!(matches!(
        s.step,
        AuthenticatorStep::ConfirmSignInWithCode {
            medium: MfaType::Email,
            ..
        }
    ));
    assert!(signed_in_as(
        &submit(&a, &[("code", "135790")]).await,
        "setup"
    ));
}

#[tokio::test]
async fn new_password_required_with_policy_and_required_attribute() {
    let server = CognitoTestServer::start();
    server
        .add_user(
            json!({"username": "newpw", "password": "Temp-Passw0rd", "force_change_password": true,
            "required_attributes": ["email"]}),
        )
        .await;
    let policy = json!({"password_policy": {"min_length": 10, "require_numbers": true,
        "require_symbols": true, "require_uppercase": true, "require_lowercase": true}});
    let (c, store) = client(&server, policy.clone());
    let a = start(&c).await;
    let s = submit(&a, &[("username", "newpw"), ("password", "Temp-Passw0rd")]).await;
    assert_eq!(s.step, AuthenticatorStep::NewPasswordRequired);
    assert_eq!(field_names(&s), ["password", "confirm_password", "email"]);
    assert_eq!(s.field("password").unwrap().label, "New password");
    assert_eq!(
        s.field("password").unwrap().hint.as_deref(),
        Some(
            "The password needs at least 10 characters, one digit, one lowercase letter, one uppercase letter and one symbol."
        )
    );
    let before = server.log().await.len();
    let s = submit(
        &a,
        &[
            ("password", "short1"),
            ("confirm_password", "short1"),
            ("email", ""),
        ],
    )
    .await;
    assert_eq!(
        error_on(&s, "password"),
        Some("The password needs at least 10 characters, one uppercase letter and one symbol.")
    );
    assert_eq!(error_on(&s, "email"), Some("Enter your email address."));
    let s = submit(
        &a,
        &[
            ("password", "N3w-Password!"),
            ("confirm_password", "N3w-Password?"),
            ("email", "n@example.com"),
        ],
    )
    .await;
    assert_eq!(
        error_on(&s, "confirm_password"),
        Some("The passwords do not match.")
    );
    assert_eq!(error_on(&s, "password"), None);
    assert_eq!(
        server.log().await.len(),
        before,
        "no request for a refused form"
    );
    let s = submit(
        &a,
        &[
            ("password", "N3w-Password!"),
            ("confirm_password", "N3w-Password!"),
            ("email", "n@example.com"),
        ],
    )
    .await;
    assert!(signed_in_as(&s, "newpw"), "{s:?}");

    // The new password is the password now (a fresh launch, signed out).
    press(&a, A::SignOut).await;
    let c = clients::client_with_store(
        &outputs_with(&server.amplify_outputs(false), policy),
        &server.url(),
        store,
    );
    let a = start(&c).await;
    let s = submit(&a, &[("username", "newpw"), ("password", "N3w-Password!")]).await;
    assert!(signed_in_as(&s, "newpw"), "{s:?}");
}

#[tokio::test]
async fn user_auth_first_factor_selection() {
    let server = CognitoTestServer::start();
    server
        .add_user(
            json!({"username": "uma", "password": PW, "mfa_code": "777111",
            "first_factors": ["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "WEB_AUTHN"]}),
        )
        .await;
    let user_auth = json!({"authentication_flow_type": "USER_AUTH"});

    let (c, _) = client(&server, user_auth.clone());
    let a = start(&c).await;
    assert_eq!(
        field_names(&a.screen()),
        ["username"],
        "no password asked first"
    );
    let s = submit(&a, &[("username", "uma")]).await;
    assert_eq!(
        s.step,
        AuthenticatorStep::SelectFirstFactor {
            available: vec![AuthFactor::PasswordSrp, AuthFactor::EmailOtp]
        },
        "no passkey here; SRP stands for the password"
    );
    let s = press(
        &a,
        A::SelectFirstFactor {
            factor: AuthFactor::PasswordSrp,
        },
    )
    .await;
    assert_eq!(s.step, AuthenticatorStep::ConfirmSignInWithPassword);
    assert_eq!(field_names(&s), ["password"]);
    assert!(signed_in_as(&submit(&a, &[("password", PW)]).await, "uma"));

    let (c, _) = client(&server, user_auth);
    let a = start(&c).await;
    submit(&a, &[("username", "uma")]).await;
    let s = press(
        &a,
        A::SelectFirstFactor {
            factor: AuthFactor::EmailOtp,
        },
    )
    .await;
    assert!(matches!(
        s.step,
        AuthenticatorStep::ConfirmSignInWithCode {
            medium: MfaType::Email,
            ..
        }
    ));
    assert!(signed_in_as(
        &submit(&a, &[("code", "777111")]).await,
        "uma"
    ));
}

#[tokio::test]
async fn sign_up_with_required_attribute_confirm_resend_and_auto_sign_in() {
    let server = CognitoTestServer::start();
    let (c, _) = client(
        &server,
        json!({"standard_required_attributes": ["email", "given_name"]}),
    );
    let a = start(&c).await;
    let s = press(&a, A::GoToSignUp).await;
    assert_eq!(s.step, AuthenticatorStep::SignUp);
    assert_eq!(
        field_names(&s),
        [
            "username",
            "password",
            "confirm_password",
            "email",
            "given_name"
        ]
    );
    assert_eq!(s.field("given_name").unwrap().label, "First name");
    let s = submit(
        &a,
        &[
            ("username", "newbie"),
            ("password", PW),
            ("confirm_password", PW),
            ("email", "newbie@example.com"),
            ("given_name", "New"),
        ],
    )
    .await;
    let AuthenticatorStep::ConfirmSignUp { delivery } = &s.step else {
        panic!("{s:?}")
    };
    assert!(delivery.is_some());
    assert_eq!(
        s.message.as_deref(),
        Some("We sent a code to a***@e***.com.")
    );
    let s = submit(&a, &[("code", "000000")]).await;
    assert_eq!(
        error_on(&s, "code"),
        Some("That code is not right. Check it and try again.")
    );
    // "Send the code again": a new code replaces the first (our test server's n-th resend is
    // "80000n"; moto and cognito-local have no ResendConfirmationCode).
    let s = press(&a, A::ResendCode).await;
    assert!(
        matches!(
            s.step,
            AuthenticatorStep::ConfirmSignUp { delivery: Some(_) }
        ),
        "{s:?}"
    );
    assert_eq!(error_on(&s, "code"), None, "the old error is gone");
    assert_eq!(
        s.message.as_deref(),
        Some("We sent a code to a***@e***.com.")
    );
    let resends = server.log().await;
    assert_eq!(
        resends
            .iter()
            .filter(|e| e["op"] == "ResendConfirmationCode")
            .count(),
        1
    );
    let s = submit(&a, &[("code", "246810")]).await;
    assert_eq!(
        error_on(&s, "code"),
        Some("That code is not right. Check it and try again."),
        "the first code no longer works"
    );
    let s = submit(&a, &[("code", "800001")]).await;
    assert!(signed_in_as(&s, "newbie"), "auto sign-in: {s:?}");
    let log = server.log().await;
    assert!(
        !log.iter()
            .any(|e| e["ChallengeName"] == "PASSWORD_VERIFIER"),
        "signed in without the password again"
    );
}

#[tokio::test]
async fn start_screen_follows_the_stored_state() {
    let server = CognitoTestServer::start();
    server
        .add_user(
            json!({"username": "later", "password": PW, "mfa": "SMS_MFA", "mfa_code": "908070"}),
        )
        .await;
    server
        .add_user(json!({"username": "bob", "password": PW}))
        .await;
    let outputs = server.amplify_outputs(false);

    // A challenge pending when the app stopped: its screen at the next launch.
    let (c, store) = clients::client(&outputs, &server.url());
    let a = start(&c).await;
    submit(&a, &[("username", "later"), ("password", PW)]).await;
    drop((a, c));
    let c = clients::client_with_store(&outputs, &server.url(), store.clone());
    // The pending challenge wins over the app's choice of first screen.
    let sign_up_first = AuthenticatorOptions {
        initial_screen: cognito_auth::InitialScreen::SignUp,
        ..Default::default()
    };
    let a = Authenticator::start(c.clone(), sign_up_first).await;
    assert!(
        matches!(
            a.screen().step,
            AuthenticatorStep::ConfirmSignInWithCode {
                medium: MfaType::Sms,
                ..
            }
        ),
        "{:?}",
        a.screen()
    );
    // Going back abandons it for good.
    press(&a, A::BackToSignIn).await;
    let c = clients::client_with_store(&outputs, &server.url(), store.clone());
    assert_eq!(start(&c).await.screen().step, AuthenticatorStep::SignIn);

    // Signed in: the signed-in screen at the next launch.
    let a = start(&c).await;
    submit(&a, &[("username", "bob"), ("password", PW)]).await;
    let c = clients::client_with_store(&outputs, &server.url(), store);
    let s = start(&c).await.screen();
    assert!(signed_in_as(&s, "bob"), "{s:?}");
    assert_eq!(s.actions[0].action, A::SignOut);
}

#[tokio::test]
async fn custom_challenges_forward_each_answer_and_a_wrong_one_starts_again() {
    let server = CognitoTestServer::start();
    clients::add_quiz_user(&server, PW).await;
    let (c, _) = client(
        &server,
        json!({"authentication_flow_type": "CUSTOM_WITH_SRP"}),
    );
    let a = start(&c).await;
    let s = submit(&a, &[("username", "cora"), ("password", PW)]).await;
    let AuthenticatorStep::CustomChallenge { parameters } = &s.step else {
        panic!("{s:?}")
    };
    assert_eq!(parameters["question"], "2+2?", "the app draws the question");
    assert_eq!(field_names(&s), ["answer"]);
    assert_eq!(s.title, "Answer to continue");
    // An empty answer is refused here; a wrong one ends Cognito's attempt: back to sign-in.
    let before = server.log().await.len();
    let s = submit(&a, &[("answer", "")]).await;
    assert!(error_on(&s, "answer").is_some(), "{s:?}");
    assert_eq!(server.log().await.len(), before, "nothing sent");
    let s = submit(&a, &[("answer", "5")]).await;
    assert_eq!(s.step, AuthenticatorStep::SignIn);
    assert_eq!(
        s.banner.as_deref(),
        Some("The sign-in has ended. Start again.")
    );
    assert_eq!(s.field("username").unwrap().value, "cora");

    // Right answers, one challenge after the other.
    let s = submit(&a, &[("username", "cora"), ("password", PW)]).await;
    assert!(matches!(s.step, AuthenticatorStep::CustomChallenge { .. }));
    let s = submit(&a, &[("answer", "4")]).await;
    assert!(
        matches!(&s.step, AuthenticatorStep::CustomChallenge { parameters } if parameters["question"] == "capital of France?"),
        "{s:?}"
    );
    assert!(signed_in_as(
        &submit(&a, &[("answer", "Paris")]).await,
        "cora"
    ));
    let log = server.log().await;
    assert!(
        log.iter()
            .filter(|e| e["op"] == "InitiateAuth")
            .all(|e| e["AuthFlow"] == "CUSTOM_AUTH")
    );
    assert!(
        log.iter()
            .any(|e| e["ChallengeName"] == "PASSWORD_VERIFIER"),
        "the password was checked by SRP first"
    );
}
