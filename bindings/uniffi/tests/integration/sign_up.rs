//! The exported client driven from Rust against moto (PyPI, an independent Cognito
//! implementation): constructors, sign-up through the FFI records, and the error mapping an
//! app sees. What moto proves: request shapes and exception names; it accepts any code.

use crate::support::{GOOD_PASSWORD, block_on_foreign_thread};
use cognito_auth_ffi::{
    AuthClient, AuthConfig, AuthError, EndpointOverrides, IdentityPoolConfig, SignUpNextStep,
    SignUpOptions, UserPoolConfig,
};
use cognito_auth_testkit::{Moto, PoolSpec, TestPool, unique};
use std::collections::HashMap;
use std::sync::Arc;

async fn pool() -> TestPool {
    Moto::shared().create_pool(PoolSpec::default()).await
}

fn client(pool: &TestPool) -> Arc<AuthClient> {
    AuthClient::from_amplify_config_json(
        pool.amplify_outputs(),
        Some(EndpointOverrides {
            user_pool: Some(pool.endpoint.clone()),
            identity_pool: Some(pool.endpoint.clone()),
            oauth: None,
        }),
        None,
        None,
    )
    .expect("client from amplify_outputs.json")
}

#[tokio::test]
async fn sign_up_returns_the_confirmation_step_and_duplicates_are_typed() {
    let pool = pool().await;
    let c = client(&pool);
    let user = unique("ffi");
    let options = SignUpOptions {
        attributes: HashMap::from([("email".to_owned(), format!("{user}@example.com"))]),
        ..Default::default()
    };
    let result = c
        .sign_up(user.clone(), Some(GOOD_PASSWORD.into()), Some(options))
        .await
        .unwrap();
    assert!(result.user_id.is_some_and(|id| !id.is_empty()));
    assert!(
        matches!(result.next_step, SignUpNextStep::ConfirmSignUp { .. }),
        "{:?}",
        result.next_step
    );

    let again = c
        .sign_up(user.clone(), Some(GOOD_PASSWORD.into()), None)
        .await
        .unwrap_err();
    assert!(
        matches!(again, AuthError::UsernameExists { .. }),
        "{again:?}"
    );
    assert_eq!(again.kind(), "UsernameExists");

    // moto accepts any code: this proves the request shape and the Done step.
    let confirmed = c
        .confirm_sign_up(user, "123456".into(), HashMap::new())
        .await
        .unwrap();
    assert_eq!(confirmed.next_step, SignUpNextStep::Done);
}

#[tokio::test]
async fn weak_password_is_invalid_password() {
    let pool = pool().await;
    let err = client(&pool)
        .sign_up(unique("weak"), Some("short".into()), None)
        .await
        .unwrap_err();
    assert!(matches!(err, AuthError::InvalidPassword { .. }), "{err:?}");
    assert!(err.to_string().starts_with("invalid password: "), "{err}");
}

#[test]
fn async_exports_run_on_a_thread_without_a_runtime() {
    // A Kotlin/Swift thread has no tokio context; reqwest would panic with "no reactor
    // running" if the export did not bring its own runtime.
    // The peer's admin client needs a runtime; only the FFI call below is polled without one.
    let pool = tokio::runtime::Runtime::new().unwrap().block_on(pool());
    let c = client(&pool);
    let err = block_on_foreign_thread(c.sign_up(unique("thread"), Some("short".into()), None))
        .unwrap_err();
    assert!(matches!(err, AuthError::InvalidPassword { .. }), "{err:?}");
}

#[tokio::test]
async fn typed_config_reaches_the_same_pool() {
    let pool = pool().await;
    let config = AuthConfig {
        user_pool: Some(UserPoolConfig {
            pool_id: pool.user_pool_id.clone(),
            client_id: pool.client_id.clone(),
            region: pool.region.clone(),
            endpoint: Some(pool.endpoint.clone()),
        }),
        identity_pool: Some(IdentityPoolConfig {
            pool_id: pool.identity_pool_id.clone().expect("identity pool"),
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
    let typed = AuthClient::new(config, None, None, None).unwrap();
    // Same backend, same storage namespace, whichever way the client was configured.
    assert_eq!(typed.fingerprint(), client(&pool).fingerprint());
    let r = typed
        .sign_up(unique("typed"), Some(GOOD_PASSWORD.into()), None)
        .await
        .unwrap();
    assert!(matches!(r.next_step, SignUpNextStep::ConfirmSignUp { .. }));
}

#[test]
fn bad_configuration_is_a_configuration_error_naming_the_key() {
    let cases = [
        ("{not json", "not valid JSON"),
        (r#"{"auth":{}}"#, "unrecognised configuration"),
        (
            r#"{"version":"1.3","auth":{"aws_region":"us-east-1","user_pool_id":"nounderscore","user_pool_client_id":"c"}}"#,
            "auth.user_pool_id",
        ),
    ];
    for (json, needle) in cases {
        let Err(err) = AuthClient::from_amplify_config_json(json.into(), None, None, None) else {
            panic!("accepted {json}");
        };
        assert!(
            matches!(&err, AuthError::Configuration { reason } if reason.contains(needle)),
            "{err:?}"
        );
    }
    let good = r#"{"version":"1.3","auth":{"aws_region":"us-east-1","user_pool_id":"us-east-1_a","user_pool_client_id":"c"}}"#;
    let Err(err) = AuthClient::from_amplify_config_json(
        good.into(),
        Some(EndpointOverrides {
            user_pool: Some("not a url".into()),
            ..Default::default()
        }),
        None,
        None,
    ) else {
        panic!("accepted a bad endpoint");
    };
    assert!(
        matches!(&err, AuthError::Configuration { reason } if reason.contains("endpoints.user_pool")),
        "{err:?}"
    );
}
