//! The exported API end to end against moto (PyPI, an independent Cognito imitation), the way
//! an app drives it: sign-up, SRP sign-in, the session with its parts, refresh, sign-out,
//! federation, account operations, SigV4; and what each record or object prints.
//! What moto proves: request shapes, exception names, SECRET_HASH at InitiateAuth, refresh,
//! identity-pool calls (its identities and keys are stubs); it accepts any SRP proof and code.

use crate::support::GOOD_PASSWORD;
use cognito_auth_ffi::{
    AttributeUpdateStep, AuthClient, AuthConfig, AuthError, AuthEvent, EndpointOverrides,
    FederationProvider, HttpHeader, IdentityPoolConfig, MfaPreferenceValue, MfaType, RequestToSign,
    SecureStorage, SessionCredentials, SessionTokens, SessionValue, SignInFlow, SignInNextStep,
    SignInOptions, SignOutResult, StorageFailure, UserPoolConfig, UserState, memory_storage,
};
use cognito_auth_testkit::{Moto, PoolSpec, TestPool, unique};
use std::collections::HashMap;
use std::sync::Arc;

async fn pool() -> TestPool {
    Moto::shared().create_pool(PoolSpec::default()).await
}

fn endpoints(pool: &TestPool) -> Option<EndpointOverrides> {
    Some(EndpointOverrides {
        user_pool: Some(pool.endpoint.clone()),
        identity_pool: Some(pool.endpoint.clone()),
        oauth: None,
    })
}

fn client(pool: &TestPool, storage: Option<Arc<dyn SecureStorage>>) -> Arc<AuthClient> {
    AuthClient::from_amplify_config_json(pool.amplify_outputs(), endpoints(pool), storage, None)
        .unwrap()
}

/// A confirmed user, signed up through the FFI (moto accepts any confirmation code).
pub(crate) async fn signed_up(c: &AuthClient) -> String {
    let user = unique("flow");
    c.sign_up(user.clone(), Some(GOOD_PASSWORD.into()), None)
        .await
        .unwrap();
    c.confirm_sign_up(user.clone(), "123456".into(), HashMap::new())
        .await
        .unwrap();
    user
}

/// The events already emitted, without waiting for more.
async fn drain(events: &cognito_auth_ffi::AuthEventStream) -> Vec<AuthEvent> {
    let mut out = Vec::new();
    loop {
        tokio::select! {
            biased;
            e = events.next() => out.push(e.unwrap().expect("client alive")),
            _ = std::future::ready(()) => return out,
        }
    }
}

#[tokio::test]
async fn sign_in_session_refresh_sign_out_federation_and_their_events() {
    let pool = pool().await;
    let c = client(&pool, None);
    let events = c.events().unwrap();
    let user = signed_up(&c).await;
    assert_eq!(c.user_state().await.unwrap(), UserState::Guest);

    let r = c
        .sign_in(user.clone(), Some(GOOD_PASSWORD.into()), None)
        .await
        .unwrap();
    assert!(r.is_signed_in);
    assert!(matches!(r.next_step, SignInNextStep::Done), "{r:?}");
    let me = c.get_current_user().await.unwrap();
    assert_eq!(me.username, user);

    let session = c.fetch_auth_session(false).await;
    assert!(session.is_signed_in);
    assert_eq!(
        session.user_sub,
        SessionValue::Value {
            value: me.user_id.clone()
        }
    );
    let SessionTokens::Value { tokens } = &session.tokens else {
        panic!("{session:?}")
    };
    assert_eq!(tokens.access_token().split('.').count(), 3, "a JWT");
    let claims: serde_json::Value =
        serde_json::from_str(&tokens.id_token_claims_json().unwrap()).unwrap();
    assert_eq!(claims["sub"], me.user_id.as_str());
    assert!(matches!(session.identity_id, SessionValue::Value { .. }));
    let SessionCredentials::Value { credentials } = &session.aws_credentials else {
        panic!("{session:?}")
    };
    assert!(!credentials.access_key_id().is_empty());

    // The same session without an async call, now that everything is fresh.
    let cached = c
        .cached_auth_session()
        .expect("fresh tokens and credentials");
    assert!(cached.is_signed_in);
    assert_eq!(cached.user_sub, session.user_sub);
    assert_eq!(cached.identity_id, session.identity_id);
    let SessionTokens::Value { tokens: same } = &cached.tokens else {
        panic!("{cached:?}")
    };
    assert_eq!(same.access_token(), tokens.access_token());

    let refreshed = c.fetch_auth_session(true).await;
    let SessionTokens::Value { tokens: fresh } = &refreshed.tokens else {
        panic!("{refreshed:?}")
    };
    assert_eq!(fresh.refresh_token(), tokens.refresh_token(), "kept");
    assert_eq!(
        c.get_tokens(false).await.unwrap().id_token(),
        fresh.id_token()
    );

    // moto answers RevokeToken with HTTP 500: signed out here, the failure reported.
    let out = c.sign_out(false).await;
    assert!(
        matches!(
            &out,
            SignOutResult::Partial {
                revoke_token_error: Some(_),
                global_sign_out_error: None,
                hosted_ui_error: None,
                refresh_token: Some(_),
                access_token: None,
                sign_out_url: None,
            }
        ),
        "{out:?}"
    );
    // The refresh token to retry with comes back as an object that prints `***`.
    let SignOutResult::Partial {
        refresh_token: Some(retry),
        ..
    } = &out
    else {
        unreachable!()
    };
    assert_eq!(Some(retry.value()), tokens.refresh_token());
    assert_eq!(format!("{retry:?}"), "SecretToken(***)");
    assert!(!format!("{out:?}").contains(&retry.value()));
    let again = c.revoke_token(retry.clone()).await.unwrap_err();
    assert!(
        again.is_transient() || again.kind() == "InvalidResponse",
        "{again:?}"
    );
    assert_eq!(c.user_state().await.unwrap(), UserState::Guest);
    let after = c.fetch_auth_session(false).await;
    assert!(!after.is_signed_in);
    assert!(
        matches!(
            &after.tokens,
            SessionTokens::Failure {
                error: AuthError::SignedOut { .. }
            }
        ),
        "{after:?}"
    );
    assert!(
        matches!(after.identity_id, SessionValue::Value { .. }),
        "guest identity"
    );

    let fed = c
        .federate_to_identity_pool("google-id-token".into(), FederationProvider::Google, None)
        .await
        .unwrap();
    assert!(!fed.identity_id.is_empty());
    assert_eq!(c.user_state().await.unwrap(), UserState::SignedIn);
    let e = c.get_current_user().await.unwrap_err();
    assert_eq!(e.kind(), "InvalidState", "federated: no user-pool user");
    let e = c
        .sign_in(user.clone(), Some(GOOD_PASSWORD.into()), None)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "InvalidState", "sign-in while federated");
    c.clear_federation_to_identity_pool().await.unwrap();
    let e = c.clear_federation_to_identity_pool().await.unwrap_err();
    assert_eq!(e.kind(), "InvalidState");

    assert_eq!(
        drain(&events).await,
        [
            AuthEvent::SignedIn,
            AuthEvent::TokensRefreshed,
            AuthEvent::SignedOut,
            AuthEvent::Federated,
            AuthEvent::FederationCleared,
        ]
    );
}

#[tokio::test]
async fn wrong_password_is_not_authorized_and_stores_nothing() {
    let pool = pool().await;
    let store = memory_storage();
    let c = client(&pool, Some(store.clone()));
    let user = signed_up(&c).await;
    let options = SignInOptions {
        flow: Some(SignInFlow::UserPassword),
        ..Default::default()
    };
    let e = c
        .sign_in(user.clone(), Some("Wr0ng-password".into()), Some(options))
        .await
        .unwrap_err();
    assert!(matches!(e, AuthError::NotAuthorized { .. }), "{e:?}");
    assert!(!format!("{e} {e:?}").contains("Wr0ng-password"));
    let ns = format!("cognito-auth.{}", c.fingerprint());
    assert_eq!(store.get(ns, "session".into()).await.unwrap(), None);
    let e = c
        .sign_in("nobody-here".into(), Some(GOOD_PASSWORD.into()), None)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "UserNotFound");
}

/// An app's store whose writes fail (a locked keychain): reads and deletes work.
struct ReadOnlyStore(Arc<dyn SecureStorage>);

#[async_trait::async_trait]
impl SecureStorage for ReadOnlyStore {
    async fn get(&self, namespace: String, key: String) -> Result<Option<Vec<u8>>, AuthError> {
        self.0.get(namespace, key).await
    }
    async fn set(&self, _: String, _: String, _: Vec<u8>) -> Result<(), AuthError> {
        Err(AuthError::Storage {
            failure: StorageFailure::Unavailable,
            reason: "device locked".into(),
        })
    }
    async fn remove(&self, namespace: String, key: String) -> Result<(), AuthError> {
        self.0.remove(namespace, key).await
    }
    async fn remove_all(&self, namespace: String) -> Result<(), AuthError> {
        self.0.remove_all(namespace).await
    }
}

#[tokio::test]
async fn a_sign_in_through_a_failing_app_store_is_a_typed_storage_error() {
    let pool = pool().await;
    let c = client(&pool, None);
    let user = signed_up(&c).await;
    let inner = memory_storage();
    let failing = client(&pool, Some(Arc::new(ReadOnlyStore(inner.clone()))));
    // The tokens were issued; storing them failed, so the user is not signed in.
    let e = failing
        .sign_in(user, Some(GOOD_PASSWORD.into()), None)
        .await
        .unwrap_err();
    assert!(
        matches!(
            &e,
            AuthError::Storage {
                failure: StorageFailure::Unavailable,
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(failing.user_state().await.unwrap(), UserState::Guest);
    let ns = format!("cognito-auth.{}", failing.fingerprint());
    assert_eq!(inner.get(ns, "session".into()).await.unwrap(), None);
}

#[tokio::test]
async fn typed_config_with_a_client_secret_argument() {
    let pool = pool().await;
    let user = unique("secret");
    pool.create_user(&user, GOOD_PASSWORD, &[]).await;
    let config = AuthConfig {
        user_pool: Some(UserPoolConfig {
            pool_id: pool.user_pool_id.clone(),
            client_id: pool.secret_client_id.clone(),
            region: pool.region.clone(),
            endpoint: Some(pool.endpoint.clone()),
        }),
        identity_pool: Some(IdentityPoolConfig {
            pool_id: pool.identity_pool_id.clone().unwrap(),
            region: pool.region.clone(),
            allow_guest_access: true,
            endpoint: Some(pool.endpoint.clone()),
        }),
        oauth: None,
        region: None,
        default_auth_flow: None,
        username_attributes: vec![],
        sign_up_attributes: vec![],
        verification_mechanisms: vec![],
    };
    // moto checks SECRET_HASH: a wrong secret is refused, the right one signs in.
    let wrong = AuthClient::new(config.clone(), None, Some("not-the-secret".into()), None).unwrap();
    let e = wrong
        .sign_in(user.clone(), Some(GOOD_PASSWORD.into()), None)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "NotAuthorized", "{e:?}");
    let right =
        AuthClient::new(config.clone(), None, Some(pool.client_secret.clone()), None).unwrap();
    let r = right
        .sign_in(user, Some(GOOD_PASSWORD.into()), None)
        .await
        .unwrap();
    assert!(r.is_signed_in);
    // The config printed anywhere never holds the secret: it is not in it.
    assert!(!format!("{config:?}").contains(&pool.client_secret));
}

#[tokio::test]
async fn account_operations_and_mfa_settings() {
    let pool = pool().await;
    let c = client(&pool, None);
    let user = signed_up(&c).await;
    let e = c.fetch_user_attributes().await.unwrap_err();
    assert_eq!(e.kind(), "SignedOut");
    // Nobody was signed in: waiting for a sign-in ends at once, typed.
    let e = c.wait_for_sign_in().await.unwrap_err();
    assert_eq!(e.kind(), "SignedOut");
    let e = c.get_tokens(true).await.unwrap_err();
    assert_eq!(e.kind(), "SignedOut");
    c.release_sign_in_wait().unwrap();
    c.sign_in(user.clone(), Some(GOOD_PASSWORD.into()), None)
        .await
        .unwrap();
    let steps = c
        .update_user_attributes(
            HashMap::from([("name".to_owned(), "Alice".to_owned())]),
            HashMap::new(),
        )
        .await
        .unwrap();
    assert_eq!(steps["name"], AttributeUpdateStep::Done);
    assert_eq!(c.fetch_user_attributes().await.unwrap()["name"], "Alice");

    let totp = c.set_up_totp().await.unwrap();
    assert_eq!(totp.username(), user);
    let secret = totp.shared_secret();
    assert!(!secret.is_empty());
    let uri = totp.setup_uri("My App".into(), None);
    assert_eq!(
        uri,
        format!("otpauth://totp/My%20App:{user}?secret={secret}&issuer=My%20App")
    );
    assert!(!format!("{totp:?}").contains(&secret));
    // This moto instance does not check TOTP codes (the core's suite runs one that does).
    c.verify_totp_setup("123456".into(), Some("phone".into()))
        .await
        .unwrap();
    c.update_mfa_preference(None, Some(MfaPreferenceValue::Preferred), None)
        .await
        .unwrap();
    let pref = c.fetch_mfa_preference().await.unwrap();
    assert_eq!(pref.enabled, [MfaType::Totp]);
    assert_eq!(pref.preferred, Some(MfaType::Totp));
    let e = c.update_mfa_preference(None, None, None).await.unwrap_err();
    assert_eq!(e.kind(), "InvalidParameter");

    let e = c
        .update_password("Wr0ng-password".into(), "N3w-Passw0rd!".into())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "NotAuthorized");
    c.update_password(GOOD_PASSWORD.into(), "N3w-Passw0rd!".into())
        .await
        .unwrap();

    // Signed out, a TOTP user's next sign-in asks for the code.
    c.sign_out(false).await;
    let r = c
        .sign_in(user, Some("N3w-Passw0rd!".into()), None)
        .await
        .unwrap();
    assert!(
        matches!(r.next_step, SignInNextStep::ConfirmWithTotpCode),
        "{r:?}"
    );
    assert!(!r.is_signed_in);
    let pending = c.pending_sign_in().await.unwrap().expect("pending");
    assert!(matches!(
        pending.next_step,
        SignInNextStep::ConfirmWithTotpCode
    ));
    let r = c.confirm_sign_in("123456".into(), None).await.unwrap();
    assert!(r.is_signed_in);
    assert!(c.pending_sign_in().await.unwrap().is_none());
}

#[tokio::test]
async fn requests_are_signed_with_the_session_credentials() {
    let pool = pool().await;
    let c = client(&pool, None);
    let request = RequestToSign {
        method: "GET".into(),
        url: "https://s3.us-east-1.amazonaws.com/bucket/key".into(),
        headers: vec![HttpHeader {
            name: "X-Custom".into(),
            value: "1".into(),
        }],
        body: vec![],
        allow_http: false,
    };
    // A guest identity's credentials.
    let signed = c
        .sign_request(request.clone(), "s3".into(), None)
        .await
        .unwrap();
    let auth = signed.value("Authorization".into()).unwrap();
    assert!(auth.starts_with("AWS4-HMAC-SHA256 Credential="), "{auth}");
    assert!(auth.contains("/us-east-1/s3/aws4_request"), "{auth}");
    assert_eq!(signed.values("x-custom".into()), ["1"]);
    let token = signed.value("x-amz-security-token".into());
    let printed = format!("{signed:?}");
    assert!(printed.contains("authorization"), "{printed}");
    assert!(!printed.contains(&auth), "{printed}");
    if let Some(token) = token {
        assert!(!printed.contains(&token));
    }
    let e = c
        .sign_request(
            RequestToSign {
                url: "not a url".into(),
                ..request
            },
            "s3".into(),
            None,
        )
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "InvalidParameter");
}
