//! The exported Authenticator driven as a Compose or SwiftUI renderer drives it, from a
//! thread with no tokio runtime: against OUR TEST SERVER (tests/srp/cognito_test_server.py),
//! which checks the SRP proof (a wrong password is refused) and the SMS code. Every path of
//! the flow is proved in the core's suite (`core/tests/integration/authenticator`); this one
//! proves the object, its screens and its errors cross the FFI whole.

use crate::support::{GOOD_PASSWORD, block_on_foreign_thread};
use cognito_auth_ffi::{
    AuthClient, AuthError, Authenticator, AuthenticatorAction, AuthenticatorOptions,
    AuthenticatorStep, EndpointOverrides, FieldKind, MfaType, UserState,
    authenticator_default_strings,
};
use cognito_auth_testkit::CognitoTestServer;
use serde_json::json;
use std::collections::HashMap;

fn values(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[test]
fn sign_in_with_a_wrong_password_then_an_sms_code_then_sign_out() {
    let server = CognitoTestServer::start();
    // The test's own set-up call needs a runtime; the Authenticator's calls below do not.
    let setup = tokio::runtime::Runtime::new().unwrap();
    setup.block_on(server.add_user(
        json!({"username": "ffi", "password": GOOD_PASSWORD, "mfa": "SMS_MFA", "mfa_code": "246135"}),
    ));
    let client = AuthClient::from_amplify_config_json(
        server.amplify_outputs(false),
        Some(EndpointOverrides {
            user_pool: Some(server.url()),
            identity_pool: None,
            oauth: None,
        }),
        None,
        None,
    )
    .unwrap();
    let options = AuthenticatorOptions {
        strings: HashMap::from([("action.sign_in".to_owned(), "Log in".to_owned())]),
        ..Default::default()
    };
    let a = block_on_foreign_thread(Authenticator::start(client.clone(), Some(options))).unwrap();
    let s = a.screen().unwrap();
    assert_eq!(s.step, AuthenticatorStep::SignIn);
    assert_eq!(s.fields[1].kind, FieldKind::Password);
    assert_eq!(s.actions[0].label, "Log in", "the app's text");

    let s = block_on_foreign_thread(
        a.submit(values(&[("username", "ffi"), ("password", "Wr0ng-Horse!")])),
    )
    .unwrap();
    assert_eq!(s.step, AuthenticatorStep::SignIn);
    assert_eq!(
        s.banner.as_deref(),
        Some(authenticator_default_strings()["error.sign_in_failed"].as_str())
    );
    let s = block_on_foreign_thread(
        a.submit(values(&[("username", "ffi"), ("password", GOOD_PASSWORD)])),
    )
    .unwrap();
    assert!(
        matches!(
            s.step,
            AuthenticatorStep::ConfirmSignInWithCode {
                medium: MfaType::Sms,
                ..
            }
        ),
        "{s:?}"
    );
    let s = block_on_foreign_thread(a.submit(values(&[("code", "246135")]))).unwrap();
    assert_eq!(
        s.step,
        AuthenticatorStep::SignedIn {
            username: "ffi".into()
        }
    );
    assert_eq!(
        block_on_foreign_thread(client.user_state()).unwrap(),
        UserState::SignedIn
    );
    let printed = format!("{a:?} {s:?}");
    assert!(!printed.contains(GOOD_PASSWORD) && !printed.contains("246135"));

    // A button the screen does not offer is a typed error, not a panic.
    let e = block_on_foreign_thread(a.action(AuthenticatorAction::GoToSignUp)).unwrap_err();
    assert!(matches!(e, AuthError::InvalidState { .. }), "{e:?}");
    let s = block_on_foreign_thread(a.action(AuthenticatorAction::SignOut)).unwrap();
    assert_eq!(s.step, AuthenticatorStep::SignIn);
    assert_eq!(
        block_on_foreign_thread(client.user_state()).unwrap(),
        UserState::SignedOut
    );
}
