//! The opt-in "verify contact" step after sign-in (`AuthenticatorOptions::verify_contact`,
//! Amplify UI's VerifyUser) against cognito-local 5.3.0, which really checks attribute codes
//! (taken from its database here) and sets `email_verified` once one is right. Its pools sign
//! in with `USER_PASSWORD_AUTH` (no SRP there).

use super::*;
use crate::support::clients;

use cognito_auth::{AuthClient, AuthenticatorAction as A, AuthenticatorOptions, ContactMethod};
use cognito_auth_testkit::{CognitoLocal, PoolSpec, unique};
use serde_json::json;

const PW: &str = "Corr3ct-Horse!";
/// The button that sends a code to the email address.
const VERIFY_EMAIL: A = A::VerifyContact {
    contact: ContactMethod::Email,
};

/// A cognito-local pool with one user holding `attributes`; an Authenticator on it with
/// `verify_contact` set as given, and the user name.
async fn setup(
    verify_contact: bool,
    attributes: &[(&str, &str)],
) -> (Authenticator, AuthClient, String, String) {
    setup_verifying(verify_contact, &["email", "phone_number"], attributes).await
}

/// As [`setup`], on a pool that verifies only the attributes `verifies`.
async fn setup_verifying(
    verify_contact: bool,
    verifies: &[&str],
    attributes: &[(&str, &str)],
) -> (Authenticator, AuthClient, String, String) {
    let peer = CognitoLocal::shared();
    let pool = peer.create_pool(PoolSpec::verifying(verifies)).await;
    let user = unique("vc");
    pool.create_user(&user, PW, attributes).await;
    let outputs = outputs_with(
        &pool.amplify_outputs(),
        json!({"authentication_flow_type": "USER_PASSWORD_AUTH",
               "user_verification_types": verifies}),
    );
    let (c, _) = clients::client(&outputs, &pool.endpoint);
    let options = AuthenticatorOptions {
        verify_contact,
        ..Default::default()
    };
    let a = Authenticator::start(c.clone(), options).await;
    (a, c, user, pool.user_pool_id.clone())
}

/// Signs `user` in with the right password: the screen that follows.
async fn sign_in(a: &Authenticator, user: &str) -> AuthenticatorScreen {
    submit(a, &[("username", user), ("password", PW)]).await
}

fn labels(s: &AuthenticatorScreen) -> Vec<(&AuthenticatorAction, &str)> {
    s.actions
        .iter()
        .map(|a| (&a.action, a.label.as_str()))
        .collect()
}

#[tokio::test]
async fn off_by_default_an_unverified_email_signs_straight_in() {
    let (a, _, user, _) = setup(false, &[("email", "nobody@example.com")]).await;
    let s = sign_in(&a, &user).await;
    assert!(signed_in_as(&s, &user), "{s:?}");
}

/// `email_verified` as the server has it now.
async fn email_verified(c: &AuthClient) -> Option<String> {
    c.fetch_user_attributes()
        .await
        .unwrap()
        .get("email_verified")
        .cloned()
}

#[tokio::test]
async fn an_unverified_email_is_verified_with_the_resent_code_then_signed_in() {
    let (a, c, user, pool_id) = setup(true, &[("email", "vc@example.com")]).await;
    let s = sign_in(&a, &user).await;
    assert_eq!(
        s.step,
        AuthenticatorStep::VerifyContact {
            unverified: vec![ContactMethod::Email]
        },
        "{s:?}"
    );
    assert!(s.fields.is_empty());
    assert_eq!(
        s.message.as_deref(),
        Some("Verify your email address, so that you can reset your password if you forget it.")
    );
    assert_eq!(
        labels(&s),
        [
            (&VERIFY_EMAIL, "Verify my email address"),
            (&A::Skip, "Skip for now"),
        ]
    );
    // An auth event makes a renderer refresh: the signed-in session must not end the step.
    assert_eq!(a.refresh().await.step, s.step);

    let s = press(&a, VERIFY_EMAIL).await;
    assert!(
        matches!(
            s.step,
            AuthenticatorStep::ConfirmVerifyContact {
                contact: ContactMethod::Email,
                ..
            }
        ),
        "{s:?}"
    );
    assert_eq!(field_names(&s), ["code"]);
    assert_eq!(a.refresh().await.step, s.step);
    let peer = CognitoLocal::shared();
    let first = peer
        .attribute_verification_code(&pool_id, &user)
        .expect("cognito-local keeps the attribute code");
    let s = press(&a, A::ResendCode).await;
    assert!(
        matches!(s.step, AuthenticatorStep::ConfirmVerifyContact { .. }),
        "{s:?}"
    );
    let code = peer.attribute_verification_code(&pool_id, &user).unwrap();
    assert_ne!(code, first, "a new code was sent");
    let s = submit(&a, &[("code", &first)]).await;
    assert_eq!(
        error_on(&s, "code"),
        Some("That code is not right. Check it and try again."),
        "the replaced code no longer counts"
    );
    assert_eq!(s.banner, None, "a wrong code is the field's error");
    assert_ne!(email_verified(&c).await.as_deref(), Some("true"));

    let s = submit(&a, &[("code", &code)]).await;
    assert!(signed_in_as(&s, &user), "{s:?}");
    assert_eq!(email_verified(&c).await.as_deref(), Some("true"));

    // Verified now: the next sign-in is not asked again.
    press(&a, A::SignOut).await;
    let s = sign_in(&a, &user).await;
    assert!(signed_in_as(&s, &user), "{s:?}");
}

#[tokio::test]
async fn skip_signs_in_from_either_screen_and_verifies_nothing() {
    let (a, c, user, _) = setup(
        true,
        &[("email", "both@example.com"), ("phone_number", "+15550100")],
    )
    .await;
    let s = sign_in(&a, &user).await;
    assert_eq!(
        s.step,
        AuthenticatorStep::VerifyContact {
            unverified: vec![ContactMethod::Email, ContactMethod::Phone]
        },
        "both contacts are offered, email first"
    );
    assert_eq!(
        s.message.as_deref(),
        Some(
            "Verify your email address or phone number, so that you can reset your password if you forget it."
        )
    );
    assert_eq!(s.actions.len(), 3, "{:?}", labels(&s));
    let s = press(&a, A::Skip).await;
    assert!(signed_in_as(&s, &user), "{s:?}");

    // Asked again at the next sign-in; skipped this time from the code screen.
    press(&a, A::SignOut).await;
    sign_in(&a, &user).await;
    let s = press(&a, VERIFY_EMAIL).await;
    assert_eq!(
        labels(&s).into_iter().map(|(_, l)| l).collect::<Vec<_>>(),
        ["Verify", "Send the code again", "Skip for now"]
    );
    let s = press(&a, A::Skip).await;
    assert!(signed_in_as(&s, &user), "{s:?}");
    assert_ne!(email_verified(&c).await.as_deref(), Some("true"));
}

#[tokio::test]
async fn a_verified_contact_or_none_at_all_is_not_asked() {
    let (a, _, user, _) = setup(
        true,
        &[
            ("email", "ok@example.com"),
            ("email_verified", "true"),
            ("phone_number", "+15550101"),
        ],
    )
    .await;
    let s = sign_in(&a, &user).await;
    assert!(
        signed_in_as(&s, &user),
        "one verified contact is enough: {s:?}"
    );

    let (a, _, user, _) = setup(true, &[]).await;
    let s = sign_in(&a, &user).await;
    assert!(signed_in_as(&s, &user), "nothing to verify: {s:?}");
}

#[tokio::test]
async fn only_the_contacts_the_pool_verifies_are_offered() {
    // A pool that verifies email only: the phone number is never offered (Cognito would
    // refuse to send it a code), and an account with only a phone number is not asked.
    let (a, _, user, _) = setup_verifying(
        true,
        &["email"],
        &[("email", "e@example.com"), ("phone_number", "+15550102")],
    )
    .await;
    let s = sign_in(&a, &user).await;
    assert_eq!(
        s.step,
        AuthenticatorStep::VerifyContact {
            unverified: vec![ContactMethod::Email]
        },
        "{s:?}"
    );
    let (a, _, user, _) = setup_verifying(true, &["email"], &[("phone_number", "+15550103")]).await;
    let s = sign_in(&a, &user).await;
    assert!(signed_in_as(&s, &user), "{s:?}");
}
