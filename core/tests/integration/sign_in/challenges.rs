//! Sign-in flows against OUR TEST SERVER (tests/srp/cognito_test_server.py), for what neither
//! moto nor cognito-local serves: CUSTOM_AUTH challenges (with and without SRP), USER_AUTH
//! (first-factor selection, PASSWORD, PASSWORD_SRP, EMAIL_OTP, SMS_OTP, WEB_AUTHN), SELECT_MFA_TYPE,
//! MFA set-up (TOTP and email), NEW_PASSWORD_REQUIRED with required attributes, device
//! confirmation and DEVICE_SRP_AUTH, DeleteUser, auto sign-in, the ConfirmSignUp and
//! ResetPassword next steps. Every SRP proof here is verified by that server.

use crate::support::clients;

use cognito_auth::{
    AuthClient, AuthEvent, AuthFactor, ConfirmSignInOptions, DeliveryMedium, MemoryStore, MfaType,
    SecureStore, SignInFlow, SignInNextStep, SignInOptions, UserState,
};
use cognito_auth_testkit::CognitoTestServer;
use serde_json::json;
use std::collections::BTreeMap;
use std::sync::Arc;

const PW: &str = "Corr3ct-Horse!";

fn flow(f: SignInFlow) -> SignInOptions {
    SignInOptions {
        flow: Some(f),
        ..Default::default()
    }
}

fn user_auth(f: Option<AuthFactor>) -> SignInOptions {
    flow(SignInFlow::UserAuth {
        preferred_first_factor: f,
    })
}

async fn confirm(c: &AuthClient, answer: &str) -> SignInNextStep {
    c.confirm_sign_in(answer, ConfirmSignInOptions::default())
        .await
        .unwrap_or_else(|e| panic!("confirm {answer}: {e}"))
        .next_step
}

/// Drops the stored session (not the device secrets), as a sign-out would, and returns a new
/// client on the same store (a fresh app launch).
async fn relaunch_signed_out(server: &CognitoTestServer, store: &Arc<MemoryStore>) -> AuthClient {
    for ns in store.namespaces() {
        store.remove(&ns, "session").await.unwrap();
    }
    clients::client_with_store(&server.amplify_outputs(false), &server.url(), store.clone())
}

#[tokio::test]
async fn custom_auth_with_and_without_srp_passes_metadata_through() {
    let server = CognitoTestServer::start();
    clients::add_quiz_user(&server, PW).await;
    for (f, pw) in [
        (SignInFlow::CustomWithoutSrp, None),
        (SignInFlow::CustomWithSrp, Some(PW)),
    ] {
        let (c, _) = clients::client(&server.amplify_outputs(false), &server.url());
        let meta = BTreeMap::from([("app".to_owned(), "demo".to_owned())]);
        let r = c
            .sign_in(
                "cora",
                pw,
                SignInOptions {
                    flow: Some(f.clone()),
                    client_metadata: meta.clone(),
                },
            )
            .await
            .unwrap();
        let SignInNextStep::ConfirmWithCustomChallenge { parameters } = r.next_step else {
            panic!("{f:?}: {r:?}")
        };
        assert_eq!(parameters["question"], "2+2?");
        let wrong = c
            .confirm_sign_in("5", ConfirmSignInOptions::default())
            .await
            .unwrap_err();
        assert_eq!(wrong.kind(), "NotAuthorized");
        assert_eq!(
            c.confirm_sign_in("4", ConfirmSignInOptions::default())
                .await
                .unwrap_err()
                .kind(),
            "InvalidState",
            "a refused answer ends the attempt (Cognito's session is gone)"
        );
        c.sign_in(
            "cora",
            pw,
            SignInOptions {
                flow: Some(f.clone()),
                client_metadata: meta,
            },
        )
        .await
        .unwrap();
        assert!(matches!(
            confirm(&c, "4").await,
            SignInNextStep::ConfirmWithCustomChallenge { parameters } if parameters["question"] == "capital of France?"
        ));
        assert_eq!(confirm(&c, "Paris").await, SignInNextStep::Done);
        assert_eq!(c.user_state().await, UserState::SignedIn);
    }
    let log = server.log().await;
    let initiate: Vec<_> = log.iter().filter(|e| e["op"] == "InitiateAuth").collect();
    assert!(initiate.iter().all(|e| e["AuthFlow"] == "CUSTOM_AUTH"));
    assert!(
        log.iter()
            .filter(|e| e["op"] != "GetUser")
            .all(|e| e["ClientMetadata"]["app"] == "demo"),
        "client metadata reaches every call: {log:?}"
    );
}

#[tokio::test]
async fn user_auth_first_factor_selection_and_preferences() {
    let server = CognitoTestServer::start();
    server
        .add_user(
            json!({"username": "uma", "password": PW, "mfa_code": "777111",
            "first_factors": ["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "WEB_AUTHN"]}),
        )
        .await;
    let outputs = server.amplify_outputs(true);
    let fresh = || clients::client(&outputs, &server.url()).0;

    // No preference: Cognito offers the factors.
    let c = fresh();
    let r = c.sign_in("uma", None, user_auth(None)).await.unwrap();
    assert_eq!(
        r.next_step,
        SignInNextStep::ContinueWithFirstFactorSelection {
            available: vec![
                AuthFactor::Password,
                AuthFactor::PasswordSrp,
                AuthFactor::EmailOtp,
                AuthFactor::WebAuthn
            ]
        }
    );
    assert!(matches!(
        confirm(&c, "WEB_AUTHN").await,
        SignInNextStep::ChallengeNotSupported { challenge } if challenge == "WEB_AUTHN"
    ));
    assert_eq!(
        confirm(&c, "PASSWORD_SRP").await,
        SignInNextStep::ConfirmWithPassword
    );
    assert_eq!(confirm(&c, PW).await, SignInNextStep::Done);

    let c = fresh();
    c.sign_in("uma", None, user_auth(None)).await.unwrap();
    assert!(matches!(
        confirm(&c, "EMAIL_OTP").await,
        SignInNextStep::ConfirmWithOtp { delivery: Some(d) } if d.destination.as_deref() == Some("a***@e***.com")
    ));
    assert_eq!(confirm(&c, "777111").await, SignInNextStep::Done);

    // Preferred factors go straight there.
    let c = fresh();
    let r = c
        .sign_in("uma", Some(PW), user_auth(Some(AuthFactor::Password)))
        .await
        .unwrap();
    assert_eq!(r.next_step, SignInNextStep::Done);
    let c = fresh();
    let wrong = c
        .sign_in(
            "uma",
            Some("nope-Nope1"),
            user_auth(Some(AuthFactor::PasswordSrp)),
        )
        .await
        .unwrap_err();
    assert_eq!(wrong.kind(), "NotAuthorized");
    let r = c
        .sign_in("uma", Some(PW), user_auth(Some(AuthFactor::PasswordSrp)))
        .await
        .unwrap();
    assert_eq!(r.next_step, SignInNextStep::Done);
    let c = fresh();
    let r = c
        .sign_in("uma", None, user_auth(Some(AuthFactor::EmailOtp)))
        .await
        .unwrap();
    assert!(matches!(r.next_step, SignInNextStep::ConfirmWithOtp { .. }));
    assert_eq!(confirm(&c, "777111").await, SignInNextStep::Done);
    let e = fresh()
        .sign_in("uma", None, user_auth(Some(AuthFactor::WebAuthn)))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "NotSupported");
}

#[tokio::test]
async fn user_auth_sms_otp_first_factor() {
    let server = CognitoTestServer::start();
    server
        .add_user(
            json!({"username": "sam", "password": PW, "mfa_code": "551177",
            "first_factors": ["PASSWORD_SRP", "SMS_OTP"]}),
        )
        .await;
    let outputs = server.amplify_outputs(true);
    let fresh = || clients::client(&outputs, &server.url()).0;
    let sms_otp = |step: &SignInNextStep| {
        matches!(step, SignInNextStep::ConfirmWithOtp { delivery: Some(d) }
            if d.medium == DeliveryMedium::Sms && d.destination.as_deref() == Some("+*******1234"))
    };

    // Chosen from the offered factors: the code goes by SMS; a wrong one is refused and the
    // sign-in can still be finished with the right one.
    let c = fresh();
    let r = c.sign_in("sam", None, user_auth(None)).await.unwrap();
    assert_eq!(
        r.next_step,
        SignInNextStep::ContinueWithFirstFactorSelection {
            available: vec![AuthFactor::PasswordSrp, AuthFactor::SmsOtp]
        }
    );
    let step = confirm(&c, "SMS_OTP").await;
    assert!(sms_otp(&step), "{step:?}");
    let e = c
        .confirm_sign_in("000000", ConfirmSignInOptions::default())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "CodeMismatch");
    assert_eq!(confirm(&c, "551177").await, SignInNextStep::Done);
    assert!(c.fetch_auth_session(false).await.tokens.is_ok());

    // Preferred: straight to the code, no password asked.
    let c = fresh();
    let r = c
        .sign_in("sam", None, user_auth(Some(AuthFactor::SmsOtp)))
        .await
        .unwrap();
    assert!(sms_otp(&r.next_step), "{:?}", r.next_step);
    assert_eq!(confirm(&c, "551177").await, SignInNextStep::Done);
}

#[tokio::test]
async fn mfa_selection_setup_and_new_password() {
    let server = CognitoTestServer::start();
    server
        .add_user(json!({"username": "sel", "password": PW, "mfa": "SELECT", "mfa_code": "424242"}))
        .await;
    server
        .add_user(
            json!({"username": "setup", "password": PW, "mfa": "SETUP", "mfa_code": "135790"}),
        )
        .await;
    server
        .add_user(
            json!({"username": "newpw", "password": "Temp-Passw0rd", "force_change_password": true,
            "required_attributes": ["email"]}),
        )
        .await;
    let outputs = server.amplify_outputs(false);
    let fresh = || clients::client(&outputs, &server.url()).0;

    let c = fresh();
    let r = c
        .sign_in("sel", Some(PW), SignInOptions::default())
        .await
        .unwrap();
    assert_eq!(
        r.next_step,
        SignInNextStep::ContinueWithMfaSelection {
            allowed: vec![MfaType::Sms, MfaType::Totp]
        }
    );
    assert_eq!(
        c.confirm_sign_in("email", ConfirmSignInOptions::default())
            .await
            .unwrap_err()
            .kind(),
        "InvalidParameter",
        "a method that was not offered"
    );
    assert!(matches!(
        confirm(&c, "sms").await,
        SignInNextStep::ConfirmWithSmsMfaCode { delivery: Some(_) }
    ));
    let e = c
        .confirm_sign_in("000000", ConfirmSignInOptions::default())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "CodeMismatch");
    assert_eq!(
        confirm(&c, "424242").await,
        SignInNextStep::Done,
        "a wrong code may be retried"
    );

    // MFA set-up, TOTP: the secret is shown, the first code (computed here) completes it.
    let c = fresh();
    let r = c
        .sign_in("setup", Some(PW), SignInOptions::default())
        .await
        .unwrap();
    assert_eq!(
        r.next_step,
        SignInNextStep::ContinueWithMfaSetupSelection {
            allowed: vec![MfaType::Totp, MfaType::Email]
        }
    );
    let SignInNextStep::ContinueWithTotpSetup { details } = confirm(&c, "TOTP").await else {
        panic!("TOTP set-up expected")
    };
    let uri = details.setup_uri("My App", None);
    assert!(
        uri.starts_with("otpauth://totp/My%20App:setup?secret="),
        "{uri}"
    );
    let code = clients::fresh_totp(details.shared_secret.expose()).await;
    assert_eq!(confirm(&c, &code).await, SignInNextStep::Done);

    // MFA set-up, email: the address, then the code sent to it.
    let c = fresh();
    c.sign_in("setup", Some(PW), SignInOptions::default())
        .await
        .unwrap();
    assert_eq!(
        confirm(&c, "EMAIL").await,
        SignInNextStep::ContinueWithEmailMfaSetup
    );
    assert!(matches!(
        confirm(&c, "setup@example.com").await,
        SignInNextStep::ConfirmWithOtp { .. }
    ));
    assert_eq!(confirm(&c, "135790").await, SignInNextStep::Done);

    // NEW_PASSWORD_REQUIRED with a required attribute.
    let c = fresh();
    let r = c
        .sign_in("newpw", Some("Temp-Passw0rd"), SignInOptions::default())
        .await
        .unwrap();
    assert_eq!(
        r.next_step,
        SignInNextStep::ConfirmWithNewPassword {
            required_attributes: vec!["email".into()]
        }
    );
    let e = c
        .confirm_sign_in("N3w-Password!", ConfirmSignInOptions::default())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "InvalidParameter");
    let with_email = ConfirmSignInOptions {
        user_attributes: BTreeMap::from([("email".into(), "newpw@example.com".into())]),
        ..Default::default()
    };
    // The server consumed the session on the refused answer, as Cognito does: start again.
    c.sign_in("newpw", Some("Temp-Passw0rd"), SignInOptions::default())
        .await
        .unwrap();
    let r = c
        .confirm_sign_in("N3w-Password!", with_email)
        .await
        .unwrap();
    assert_eq!(r.next_step, SignInNextStep::Done);
    let c = fresh();
    let r = c
        .sign_in("newpw", Some("N3w-Password!"), SignInOptions::default())
        .await
        .unwrap();
    assert_eq!(
        r.next_step,
        SignInNextStep::Done,
        "the new password is the password now"
    );
}

#[tokio::test]
async fn a_confirmed_and_remembered_device_answers_device_srp_and_skips_mfa() {
    let server = CognitoTestServer::start();
    server
        .add_user(
            json!({"username": "dev", "password": PW, "mfa": "SMS_MFA", "mfa_code": "112233",
            "track_devices": true}),
        )
        .await;
    let (c, store) = clients::client(&server.amplify_outputs(false), &server.url());
    let r = c
        .sign_in("dev", Some(PW), SignInOptions::default())
        .await
        .unwrap();
    assert!(matches!(
        r.next_step,
        SignInNextStep::ConfirmWithSmsMfaCode { .. }
    ));
    assert_eq!(confirm(&c, "112233").await, SignInNextStep::Done);
    let devices = c.fetch_devices().await.unwrap();
    assert_eq!(devices.len(), 1, "ConfirmDevice ran after sign-in");
    assert_eq!(devices[0].attributes["device_status"], "not_remembered");
    c.remember_device().await.unwrap();
    assert_eq!(
        c.fetch_devices().await.unwrap()[0].attributes["device_status"],
        "remembered"
    );

    // Next launch: DEVICE_SRP_AUTH is answered with the stored device secret, no MFA asked.
    let c = relaunch_signed_out(&server, &store).await;
    let r = c
        .sign_in("dev", Some(PW), SignInOptions::default())
        .await
        .unwrap();
    assert_eq!(r.next_step, SignInNextStep::Done);
    let log = server.log().await;
    assert!(
        log.iter()
            .any(|e| e["ChallengeName"] == "DEVICE_PASSWORD_VERIFIER")
    );

    // Forgotten: the secrets go, and MFA is back.
    c.forget_device(None).await.unwrap();
    assert!(c.fetch_devices().await.unwrap().is_empty());
    let c = relaunch_signed_out(&server, &store).await;
    let r = c
        .sign_in("dev", Some(PW), SignInOptions::default())
        .await
        .unwrap();
    assert!(matches!(
        r.next_step,
        SignInNextStep::ConfirmWithSmsMfaCode { .. }
    ));
}

#[tokio::test]
async fn delete_user_signs_out_and_the_user_is_gone() {
    let server = CognitoTestServer::start();
    server
        .add_user(json!({"username": "gone", "password": PW}))
        .await;
    let (c, _) = clients::client(&server.amplify_outputs(false), &server.url());
    c.sign_in("gone", Some(PW), SignInOptions::default())
        .await
        .unwrap();
    assert_eq!(c.fetch_user_attributes().await.unwrap().len(), 0);
    let mut events = c.subscribe();
    c.delete_user().await.unwrap();
    assert_eq!(events.recv().await.unwrap(), AuthEvent::UserDeleted);
    assert_eq!(c.user_state().await, UserState::SignedOut);
    let e = c
        .sign_in("gone", Some(PW), SignInOptions::default())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "UserNotFound");
    assert_eq!(c.delete_user().await.unwrap_err().kind(), "SignedOut");
}

#[tokio::test]
async fn unconfirmed_and_reset_required_users_get_next_steps_and_auto_sign_in_works() {
    let server = CognitoTestServer::start();
    server
        .add_user(json!({"username": "reset", "password": PW, "reset_required": true}))
        .await;
    let (c, _) = clients::client(&server.amplify_outputs(false), &server.url());
    let r = c
        .sign_in("reset", Some(PW), SignInOptions::default())
        .await
        .unwrap();
    assert_eq!(r.next_step, SignInNextStep::ResetPassword);

    let up = c
        .sign_up("newbie", Some(PW), Default::default())
        .await
        .unwrap();
    assert!(matches!(
        up.next_step,
        cognito_auth::SignUpNextStep::ConfirmSignUp { .. }
    ));
    let r = c
        .sign_in("newbie", Some(PW), SignInOptions::default())
        .await
        .unwrap();
    assert_eq!(r.next_step, SignInNextStep::ConfirmSignUp);
    assert_eq!(
        c.auto_sign_in().await.unwrap_err().kind(),
        "InvalidState",
        "not before confirmation"
    );
    let e = c
        .confirm_sign_up("newbie", "000000", BTreeMap::new())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "CodeMismatch");
    let confirmed = c
        .confirm_sign_up("newbie", "246810", BTreeMap::new())
        .await
        .unwrap();
    assert_eq!(
        confirmed.next_step,
        cognito_auth::SignUpNextStep::CompleteAutoSignIn
    );
    let r = c.auto_sign_in().await.unwrap();
    assert_eq!(r.next_step, SignInNextStep::Done);
    assert_eq!(c.get_current_user().await.unwrap().username, "newbie");
}

#[tokio::test]
async fn a_pending_challenge_survives_a_restart_and_never_holds_the_password() {
    let server = CognitoTestServer::start();
    server
        .add_user(
            json!({"username": "later", "password": PW, "mfa": "SMS_MFA", "mfa_code": "908070"}),
        )
        .await;
    let (c, store) = clients::client(&server.amplify_outputs(true), &server.url());
    let r = c
        .sign_in("later", Some(PW), SignInOptions::default())
        .await
        .unwrap();
    assert!(matches!(
        r.next_step,
        SignInNextStep::ConfirmWithSmsMfaCode { .. }
    ));
    let ns = clients::config_namespace(&store);
    let pending = store
        .get(&ns, "pending-sign-in")
        .await
        .unwrap()
        .expect("kept in storage");
    assert!(
        !String::from_utf8_lossy(&pending).contains(PW),
        "the password is never stored"
    );
    drop(c);

    // A new launch (or process) picks the challenge up where it was.
    let c = clients::client_with_store(&server.amplify_outputs(true), &server.url(), store.clone());
    let again = c.pending_sign_in().await.unwrap().expect("still pending");
    assert!(matches!(
        again.next_step,
        SignInNextStep::ConfirmWithSmsMfaCode { .. }
    ));
    assert_eq!(confirm(&c, "908070").await, SignInNextStep::Done);
    assert!(
        c.pending_sign_in().await.unwrap().is_none(),
        "cleared once signed in"
    );
    assert_eq!(
        c.confirm_sign_in("908070", ConfirmSignInOptions::default())
            .await
            .unwrap_err()
            .kind(),
        "InvalidState"
    );
}
