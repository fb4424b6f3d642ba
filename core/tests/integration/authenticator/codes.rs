//! Sign-up and password-reset screens against cognito-local 5.3.0, which really checks the
//! codes it sends (taken from its database here). It has no SRP, so these pools sign in with
//! `USER_PASSWORD_AUTH` (`authentication_flow_type` in the outputs); a wrong password there
//! is its `InvalidPasswordException`, which must land in the same banner as Cognito's
//! `NotAuthorizedException`.

use super::*;
use crate::support::clients;

use cognito_auth::{AuthenticatorAction as A, AuthenticatorOptions};
use cognito_auth_testkit::{CognitoLocal, PoolSpec, unique};
use serde_json::json;

const PW: &str = "Corr3ct-Horse!";

#[tokio::test]
async fn sign_up_confirm_with_the_real_code_then_sign_in() {
    let peer = CognitoLocal::shared();
    let pool = peer.create_pool(PoolSpec::verifying(&["email"])).await;
    let outputs = outputs_with(
        &pool.amplify_outputs(),
        json!({"authentication_flow_type": "USER_PASSWORD_AUTH",
               "standard_required_attributes": ["email"], "user_verification_types": ["email"]}),
    );
    let (c, _) = clients::client(&outputs, &pool.endpoint);
    let a = Authenticator::start(c.clone(), AuthenticatorOptions::default()).await;
    press(&a, A::GoToSignUp).await;
    let user = unique("au");
    let email = format!("{user}@example.com");
    let s = submit(
        &a,
        &[
            ("username", &user),
            ("password", PW),
            ("confirm_password", PW),
            ("email", &email),
        ],
    )
    .await;
    assert!(
        matches!(s.step, AuthenticatorStep::ConfirmSignUp { .. }),
        "{s:?}"
    );
    let code = peer.confirmation_code(&pool.user_pool_id, &user).unwrap();
    let s = submit(&a, &[("code", clients::wrong_code(&code))]).await;
    assert_eq!(
        error_on(&s, "code"),
        Some("That code is not right. Check it and try again.")
    );
    let s = submit(&a, &[("code", &code)]).await;
    // No auto sign-in here (cognito-local sends no session): sign-in with the name filled.
    assert_eq!(s.step, AuthenticatorStep::SignIn, "{s:?}");
    assert_eq!(s.field("username").unwrap().value, user);
    assert_eq!(
        s.message.as_deref(),
        Some("Your account is confirmed. Sign in to continue.")
    );
    let s = submit(&a, &[("username", &user), ("password", "Wr0ng-Horse!")]).await;
    assert_eq!(
        s.banner.as_deref(),
        Some("The username or password is not right.")
    );
    let s = submit(&a, &[("username", &user), ("password", PW)]).await;
    assert!(signed_in_as(&s, &user), "{s:?}");
}

#[tokio::test]
async fn forgot_password_confirm_with_code_then_sign_in() {
    let peer = CognitoLocal::shared();
    let pool = peer.create_pool(PoolSpec::default()).await;
    let user = unique("fp");
    pool.create_user(&user, PW, &[("email", &format!("{user}@example.com"))])
        .await;
    let outputs = outputs_with(
        &pool.amplify_outputs(),
        json!({"authentication_flow_type": "USER_PASSWORD_AUTH",
               "password_policy": {"min_length": 8, "require_numbers": true}}),
    );
    let (c, _) = clients::client(&outputs, &pool.endpoint);
    let a = Authenticator::start(c.clone(), AuthenticatorOptions::default()).await;
    // The name typed at sign-in follows to the reset screen.
    let s = submit(&a, &[("username", &user), ("password", "Wr0ng-Horse!")]).await;
    assert!(s.banner.is_some());
    let s = press(&a, A::ForgotPassword).await;
    assert_eq!(s.step, AuthenticatorStep::ForgotPassword);
    assert_eq!(s.field("username").unwrap().value, user);
    let s = submit(&a, &[("username", &user)]).await;
    assert!(
        matches!(s.step, AuthenticatorStep::ConfirmResetPassword { .. }),
        "{s:?}"
    );
    assert_eq!(field_names(&s), ["code", "password", "confirm_password"]);
    let code = peer.confirmation_code(&pool.user_pool_id, &user).unwrap();
    let s = submit(
        &a,
        &[
            ("code", clients::wrong_code(&code)),
            ("password", "Reset-Passw0rd"),
            ("confirm_password", "Reset-Passw0rd"),
        ],
    )
    .await;
    assert_eq!(
        error_on(&s, "code"),
        Some("That code is not right. Check it and try again.")
    );
    let s = submit(
        &a,
        &[
            ("code", &code),
            ("password", "Reset-Password"),
            ("confirm_password", "Reset-Password"),
        ],
    )
    .await;
    assert_eq!(
        error_on(&s, "password"),
        Some("The password needs one digit."),
        "the policy is checked before the code is spent"
    );
    let s = submit(
        &a,
        &[
            ("code", &code),
            ("password", "Reset-Passw0rd"),
            ("confirm_password", "Reset-Passw0rd"),
        ],
    )
    .await;
    assert_eq!(s.step, AuthenticatorStep::SignIn, "{s:?}");
    assert_eq!(
        s.message.as_deref(),
        Some("Your password is changed. Sign in with the new one.")
    );
    assert_eq!(s.field("username").unwrap().value, user);
    let s = submit(&a, &[("username", &user), ("password", "Reset-Passw0rd")]).await;
    assert!(signed_in_as(&s, &user), "{s:?}");
}
