//! Account operations against cognito-local 5.3.0, where codes must really be checked (moto
//! accepts any): sign-up confirmation, password reset, attribute verification; plus
//! USER_PASSWORD_AUTH sign-in and a wrong password (cognito-local has no SRP).

use crate::support::clients;

use cognito_auth::{
    AttributeUpdateStep, ResetPasswordNextStep, SignInFlow, SignInNextStep, SignInOptions,
    SignUpOptions,
};
use cognito_auth_testkit::{CognitoLocal, PoolSpec, unique};
use std::collections::BTreeMap;

const PW: &str = "Corr3ct-Horse!";

fn password_flow() -> SignInOptions {
    SignInOptions {
        flow: Some(SignInFlow::UserPassword),
        ..Default::default()
    }
}

#[tokio::test]
async fn sign_up_reset_password_and_attribute_codes_are_checked() {
    let peer = CognitoLocal::shared();
    let pool = peer.create_pool(PoolSpec::verifying(&["email"])).await;
    let (c, _) = clients::client(&pool.amplify_outputs(), &pool.endpoint);
    let user = unique("cl");
    c.sign_up(
        &user,
        Some(PW),
        SignUpOptions {
            attributes: BTreeMap::from([("email".into(), format!("{user}@example.com"))]),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let r = c.sign_in(&user, Some(PW), password_flow()).await.unwrap();
    assert_eq!(r.next_step, SignInNextStep::ConfirmSignUp);
    let code = peer.confirmation_code(&pool.user_pool_id, &user).unwrap();
    c.confirm_sign_up(&user, &code, BTreeMap::new())
        .await
        .unwrap();

    let e = c
        .sign_in(&user, Some("Wr0ng-pass"), password_flow())
        .await
        .unwrap_err();
    // cognito-local names a wrong password InvalidPasswordException (Cognito and moto say
    // NotAuthorizedException): the kind follows the server's exception name.
    assert_eq!(e.kind(), "InvalidPassword");
    let r = c.sign_in(&user, Some(PW), password_flow()).await.unwrap();
    assert_eq!(r.next_step, SignInNextStep::Done);

    // Attribute verification: a new email must be confirmed with the code sent to it.
    let steps = c
        .update_user_attributes(
            BTreeMap::from([("email".to_owned(), format!("new-{user}@example.com"))]),
            BTreeMap::new(),
        )
        .await
        .unwrap();
    assert!(
        matches!(
            steps["email"],
            AttributeUpdateStep::ConfirmAttributeWithCode { .. }
        ),
        "{steps:?}"
    );
    c.send_user_attribute_verification_code("email", BTreeMap::new())
        .await
        .unwrap();
    let code = peer
        .attribute_verification_code(&pool.user_pool_id, &user)
        .expect("cognito-local keeps the attribute code");
    let e = c
        .confirm_user_attribute("email", clients::wrong_code(&code))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "CodeMismatch");
    c.confirm_user_attribute("email", &code).await.unwrap();
    let attrs = c.fetch_user_attributes().await.unwrap();
    assert_eq!(attrs["email"], format!("new-{user}@example.com"));
    assert_eq!(
        attrs.get("email_verified").map(String::as_str),
        Some("true")
    );

    // Password reset with the code cognito-local sent.
    let (c2, _) = clients::client(&pool.amplify_outputs(), &pool.endpoint);
    let next = c2.reset_password(&user, BTreeMap::new()).await.unwrap();
    assert!(matches!(
        next,
        ResetPasswordNextStep::ConfirmResetPasswordWithCode { .. }
    ));
    let code = peer.confirmation_code(&pool.user_pool_id, &user).unwrap();
    let e = c2
        .confirm_reset_password(
            &user,
            "Reset-Passw0rd",
            clients::wrong_code(&code),
            BTreeMap::new(),
        )
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "CodeMismatch");
    c2.confirm_reset_password(&user, "Reset-Passw0rd", &code, BTreeMap::new())
        .await
        .unwrap();
    let r = c2
        .sign_in(&user, Some("Reset-Passw0rd"), password_flow())
        .await
        .unwrap();
    assert_eq!(r.next_step, SignInNextStep::Done);
}
