//! Sign-in and account operations against moto 5.2.5 (an independent Cognito imitation).
//! moto proves request shapes, SECRET_HASH at InitiateAuth, exception mapping,
//! NEW_PASSWORD_REQUIRED for admin-created users and — on an instance started with
//! `MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP=true` — real TOTP codes (computed here, RFC 6238,
//! from the secret moto hands out). It accepts any SRP proof (see `srp::proofs` for that) and
//! its SECRET_BLOCK is a UUID, not base64 (decoded as Node would).

use crate::support::clients;

use cognito_auth::{
    AuthClient, ConfirmSignInOptions, MemoryStore, MfaPreferenceValue, MfaType, SecureStore,
    SignInFlow, SignInNextStep, SignInOptions, UserState,
};
use cognito_auth_testkit::{Moto, PoolSpec, TestPool, unique};
use serde_json::json;
use std::collections::BTreeMap;
use std::sync::Arc;

const PW: &str = "Corr3ct-Horse!";

async fn relaunch_signed_out(pool: &TestPool, store: &Arc<MemoryStore>) -> AuthClient {
    for ns in store.namespaces() {
        store.remove(&ns, "session").await.unwrap();
    }
    clients::client_with_store(&pool.amplify_outputs(), &pool.endpoint, store.clone())
}

#[tokio::test]
async fn srp_and_password_flows_with_public_and_secret_clients() {
    let pool = Moto::shared().create_pool(PoolSpec::default()).await;
    let user = unique("m");
    pool.create_user(&user, PW, &[("email", "m@example.com")])
        .await;
    for outputs in [pool.amplify_outputs(), pool.amplify_outputs_with_secret()] {
        for f in [SignInFlow::UserSrp, SignInFlow::UserPassword] {
            let (c, store) = clients::client(&outputs, &pool.endpoint);
            let opts = SignInOptions {
                flow: Some(f.clone()),
                ..Default::default()
            };
            if f == SignInFlow::UserPassword {
                let e = c
                    .sign_in(&user, Some("Wr0ng-pass"), opts.clone())
                    .await
                    .unwrap_err();
                assert_eq!(e.kind(), "NotAuthorized");
                assert!(clients::nothing_stored(&store), "nothing stored");
            }
            let r = c.sign_in(&user, Some(PW), opts).await.unwrap();
            assert_eq!(r.next_step, SignInNextStep::Done, "{f:?}");
            assert_eq!(c.user_state().await, UserState::SignedIn);
            assert_eq!(c.get_current_user().await.unwrap().username, user);
        }
    }
    let (c, _) = clients::client(&pool.amplify_outputs(), &pool.endpoint);
    let e = c
        .sign_in("nobody-here", Some(PW), SignInOptions::default())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "UserNotFound");
    let e = c
        .sign_in(&user, None, SignInOptions::default())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "InvalidParameter", "SRP needs a password");
}

#[tokio::test]
async fn new_password_required_for_an_admin_created_user() {
    let pool = Moto::shared().create_pool(PoolSpec::default()).await;
    let user = unique("np");
    pool.admin(
        "AdminCreateUser",
        json!({"Username": user, "TemporaryPassword": "Temp-Passw0rd", "MessageAction": "SUPPRESS"}),
    )
    .await;
    let (c, _) = clients::client(&pool.amplify_outputs(), &pool.endpoint);
    let r = c
        .sign_in(&user, Some("Temp-Passw0rd"), SignInOptions::default())
        .await
        .unwrap();
    assert!(
        matches!(r.next_step, SignInNextStep::ConfirmWithNewPassword { .. }),
        "{r:?}"
    );
    let e = c
        .confirm_sign_in("weak", ConfirmSignInOptions::default())
        .await
        .unwrap_err();
    assert_eq!(
        e.kind(),
        "InvalidPassword",
        "moto applies the pool's policy"
    );
    let r = c
        .confirm_sign_in("N3w-Password!", ConfirmSignInOptions::default())
        .await
        .unwrap();
    assert_eq!(
        r.next_step,
        SignInNextStep::Done,
        "a wrong new password may be retried"
    );
}

#[tokio::test]
async fn totp_set_up_preference_and_sign_in_with_real_codes() {
    let moto = Moto::start_with_env(&[("MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP", "true")]);
    let pool = moto
        .create_pool(PoolSpec {
            mfa: "OPTIONAL".into(),
            extra_pool_fields: json!({}),
            ..Default::default()
        })
        .await;
    pool.admin(
        "SetUserPoolMfaConfig",
        json!({"SoftwareTokenMfaConfiguration": {"Enabled": true}, "MfaConfiguration": "OPTIONAL"}),
    )
    .await;
    let user = unique("t");
    pool.create_user(&user, PW, &[]).await;
    let (c, store) = clients::client(&pool.amplify_outputs(), &pool.endpoint);
    c.sign_in(&user, Some(PW), SignInOptions::default())
        .await
        .unwrap();

    let details = c.set_up_totp().await.unwrap();
    assert_eq!(details.username, user);
    let e = c
        .verify_totp_setup("000000", Some("phone"))
        .await
        .unwrap_err();
    assert_eq!(
        e.kind(),
        "CodeMismatch",
        "moto checks the code in TOTP mode"
    );
    let code = clients::fresh_totp(details.shared_secret.expose()).await;
    c.verify_totp_setup(&code, Some("phone")).await.unwrap();
    c.update_mfa_preference(None, Some(MfaPreferenceValue::Preferred), None)
        .await
        .unwrap();
    let pref = c.fetch_mfa_preference().await.unwrap();
    assert_eq!(pref.enabled, vec![MfaType::Totp]);
    assert_eq!(pref.preferred, Some(MfaType::Totp));

    let c = relaunch_signed_out(&pool, &store).await;
    let r = c
        .sign_in(&user, Some(PW), SignInOptions::default())
        .await
        .unwrap();
    assert_eq!(r.next_step, SignInNextStep::ConfirmWithTotpCode);
    let e = c
        .confirm_sign_in("000000", ConfirmSignInOptions::default())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "CodeMismatch");
    // moto drops the session on a wrong code: sign in again and answer right.
    let c = relaunch_signed_out(&pool, &store).await;
    c.sign_in(&user, Some(PW), SignInOptions::default())
        .await
        .unwrap();
    let code = clients::fresh_totp(details.shared_secret.expose()).await;
    let r = c
        .confirm_sign_in(&code, ConfirmSignInOptions::default())
        .await
        .unwrap();
    assert_eq!(r.next_step, SignInNextStep::Done);
}

#[tokio::test]
async fn passwords_and_attributes() {
    let moto = Moto::shared();
    let pool = moto.create_pool(PoolSpec::default()).await;
    let user = unique("pw");
    pool.create_user(&user, PW, &[("email", "pw@example.com")])
        .await;
    let (c, store) = clients::client(&pool.amplify_outputs(), &pool.endpoint);
    c.sign_in(&user, Some(PW), SignInOptions::default())
        .await
        .unwrap();

    let e = c
        .update_password("Wrong-Passw0rd", "Next-Passw0rd")
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "NotAuthorized");
    c.update_password(PW, "Next-Passw0rd").await.unwrap();

    let attrs = c.fetch_user_attributes().await.unwrap();
    assert_eq!(attrs["email"], "pw@example.com");
    let steps = c
        .update_user_attributes(
            BTreeMap::from([("given_name".to_owned(), "Ada".to_owned())]),
            BTreeMap::new(),
        )
        .await
        .unwrap();
    assert_eq!(steps["given_name"], cognito_auth::AttributeUpdateStep::Done);
    assert_eq!(
        c.fetch_user_attributes().await.unwrap()["given_name"],
        "Ada"
    );
    // GetUserAttributeVerificationCode: moto answers HTTP 500 (cognito-local proves it).

    // Reset: moto only checks codes of its own form; the right one comes from its header.
    let c = relaunch_signed_out(&pool, &store).await;
    let next = c.reset_password(&user, BTreeMap::new()).await.unwrap();
    assert!(matches!(
        next,
        cognito_auth::ResetPasswordNextStep::ConfirmResetPasswordWithCode { .. }
    ));
    let code = moto.forgot_password_code(&pool.client_id, &user).await;
    let e = c
        .confirm_reset_password(
            &user,
            "Reset-Passw0rd",
            "moto-confirmation-code:wrong",
            BTreeMap::new(),
        )
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "ExpiredCode");
    c.confirm_reset_password(&user, "Reset-Passw0rd", &code, BTreeMap::new())
        .await
        .unwrap();
    let r = c
        .sign_in(
            &user,
            Some("Reset-Passw0rd"),
            SignInOptions {
                flow: Some(SignInFlow::UserPassword),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        r.next_step,
        SignInNextStep::Done,
        "moto checks the password here"
    );
}

#[test]
fn the_tests_totp_matches_rfc_6238() {
    // RFC 6238 appendix B, SHA-1, secret "12345678901234567890": 94287082 at T=59 (6 digits).
    assert_eq!(
        clients::totp("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", 59),
        "287082"
    );
    assert_eq!(
        clients::totp("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", 1_111_111_109),
        "081804"
    );
}
