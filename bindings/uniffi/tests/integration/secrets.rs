//! No secret in what the FFI types print. UniFFI turns records into Kotlin data classes and
//! Swift structs that print every field, and objects print their exported `Debug`; so every
//! exported value that can carry a secret is built here from a real flow against moto and
//! its `Debug` searched for every secret of that flow (the Kotlin suite does the same with
//! `toString()`).

use crate::support::GOOD_PASSWORD;
use cognito_auth_ffi::{
    AuthClient, AuthConfig, EndpointOverrides, FederationProvider, IdentityPoolConfig,
    RequestToSign, SessionCredentials, SessionTokens, UserPoolConfig,
};
use cognito_auth_testkit::{Moto, PoolSpec, unique};
use std::collections::HashMap;

fn assert_no_secret(what: &str, printed: &str, secrets: &[String]) {
    for s in secrets {
        assert!(
            !printed.contains(s.as_str()),
            "{what} prints a secret: {printed}"
        );
    }
}

#[tokio::test]
async fn no_exported_value_prints_a_secret() {
    let pool = Moto::shared().create_pool(PoolSpec::default()).await;
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
    let c = AuthClient::new(config.clone(), None, Some(pool.client_secret.clone()), None).unwrap();
    let user = unique("sec");
    let sign_up = c
        .sign_up(user.clone(), Some(GOOD_PASSWORD.into()), None)
        .await
        .unwrap();
    c.confirm_sign_up(user.clone(), "123456".into(), HashMap::new())
        .await
        .unwrap();
    let sign_in = c
        .sign_in(user, Some(GOOD_PASSWORD.into()), None)
        .await
        .unwrap();
    let session = c.fetch_auth_session(false).await;
    let SessionTokens::Value { tokens } = &session.tokens else {
        panic!("{session:?}")
    };
    let SessionCredentials::Value { credentials } = &session.aws_credentials else {
        panic!("{session:?}")
    };
    let totp = c.set_up_totp().await.unwrap();
    let signed = c
        .sign_request(
            RequestToSign {
                method: "GET".into(),
                url: "https://execute-api.us-east-1.amazonaws.com/prod/items".into(),
                headers: vec![],
                body: vec![],
                allow_http: false,
            },
            "execute-api".into(),
            None,
        )
        .await
        .unwrap();
    let signed_out = c.sign_out(false).await;

    let provider_token = format!("provider-token-{}", unique("p"));
    let federated = AuthClient::from_amplify_config_json(
        pool.amplify_outputs(),
        Some(EndpointOverrides {
            user_pool: Some(pool.endpoint.clone()),
            identity_pool: Some(pool.endpoint.clone()),
            oauth: None,
        }),
        None,
        None,
    )
    .unwrap()
    .federate_to_identity_pool(provider_token.clone(), FederationProvider::Google, None)
    .await
    .unwrap();

    let mut secrets = vec![
        GOOD_PASSWORD.to_owned(),
        pool.client_secret.clone(),
        tokens.id_token(),
        tokens.access_token(),
        tokens.refresh_token().expect("refresh token"),
        credentials.secret_access_key(),
        totp.shared_secret(),
        provider_token,
        federated.credentials.secret_access_key(),
        signed.value("authorization".into()).expect("signature"),
    ];
    for token in [
        credentials.session_token(),
        federated.credentials.session_token(),
    ] {
        // moto's stub identity pool may hand out an empty session token.
        if !token.is_empty() {
            secrets.push(token);
        }
    }
    assert!(secrets.iter().all(|s| s.len() >= 8), "{}", secrets.len());

    let printed: Vec<(&str, String)> = vec![
        ("AuthConfig", format!("{config:?}")),
        ("SignUpResult", format!("{sign_up:?}")),
        ("SignInResult", format!("{sign_in:?}")),
        ("AuthSession", format!("{session:?}")),
        ("UserPoolTokens", format!("{tokens:?}")),
        ("AwsCredentials", format!("{credentials:?}")),
        ("TotpSetupDetails", format!("{totp:?}")),
        ("SignedHeaders", format!("{signed:?}")),
        ("SignOutResult", format!("{signed_out:?}")),
        ("FederationResult", format!("{federated:?}")),
    ];
    for (what, text) in &printed {
        assert_no_secret(what, text, &secrets);
    }
    // The objects still say what they are.
    assert!(printed[4].1.contains("expires_at"), "{}", printed[4].1);
    assert!(
        printed[5].1.contains(&credentials.access_key_id()),
        "{}",
        printed[5].1
    );
}
