//! The wire clients against moto, under `AuthClient`: exceptions decoded into typed errors with
//! no secret echoed, tokens decoded, guest credentials from the identity pool. Here rather
//! than in `core/tests` because the wire layer is private to the crate.

use super::user_pool::{AuthFlow, AuthParameters, InitiateAuthRequest};
use super::{IdentityPoolClient, UserPoolClient, WireClient, WireOptions};
use crate::wire::identity::{GetCredentialsForIdentityRequest, GetIdRequest};
use crate::{AuthClient, AuthConfig, AuthError, AuthOptions};
use cognito_auth_testkit::{Moto, PoolSpec, TestPool, unique};
use std::collections::BTreeMap;
use std::time::SystemTime;
use url::Url;

const PASSWORD: &str = "Passw0rd-ok";

async fn fresh() -> (TestPool, AuthClient) {
    let pool = Moto::shared().create_pool(PoolSpec::default()).await;
    let endpoint = Url::parse(&pool.endpoint).unwrap();
    let config = AuthConfig::from_json(&pool.amplify_outputs())
        .unwrap()
        .with_user_pool_endpoint(endpoint.clone())
        .with_identity_pool_endpoint(endpoint);
    let client = AuthClient::new(config, AuthOptions::default()).unwrap();
    (pool, client)
}

fn wire(client: &AuthClient) -> WireClient {
    WireClient::new(WireOptions::default(), client.clock().clone()).unwrap()
}

#[tokio::test]
async fn initiate_auth_errors_are_typed() {
    let (_pool, client) = fresh().await;
    let user = unique("user");
    client
        .sign_up(&user, Some(PASSWORD), Default::default())
        .await
        .unwrap();
    let up = UserPoolClient::new(wire(&client), client.config().user_pool.as_ref().unwrap());
    let attempt = |name: &str, password: &str| InitiateAuthRequest {
        auth_flow: AuthFlow::UserPassword,
        client_id: up.client_id().to_owned(),
        auth_parameters: AuthParameters::for_user(&up, name, None).password(password),
        client_metadata: BTreeMap::new(),
        session: None,
    };
    let e = AuthError::from(up.send(&attempt(&user, PASSWORD)).await.unwrap_err());
    assert_eq!(e.kind(), "UserNotConfirmed");
    client
        .confirm_sign_up(&user, "1", BTreeMap::new())
        .await
        .unwrap();
    let e = AuthError::from(up.send(&attempt(&user, "Wr0ng-pass")).await.unwrap_err());
    assert_eq!(e.kind(), "NotAuthorized");
    assert!(!e.to_string().contains("Wr0ng-pass"));
    let e = AuthError::from(
        up.send(&attempt(&unique("ghost"), PASSWORD))
            .await
            .unwrap_err(),
    );
    assert_eq!(e.kind(), "UserNotFound");

    let ok = up.send(&attempt(&user, PASSWORD)).await.unwrap();
    let tokens = ok.authentication_result.expect("tokens");
    assert_eq!(tokens.expires_in, Some(3600));
    assert!(tokens.refresh_token.is_some() && tokens.id_token.is_some());
    let debug = format!("{tokens:?}");
    assert!(!debug.contains(tokens.access_token.expose()), "{debug}");
}

#[tokio::test]
async fn identity_pool_guest_credentials() {
    let (pool, client) = fresh().await;
    let config = client.config().identity_pool.clone().unwrap();
    assert_eq!(Some(&config.pool_id), pool.identity_pool_id.as_ref());
    let ip = IdentityPoolClient::new(wire(&client), &config);
    let id = ip
        .send(&GetIdRequest {
            identity_pool_id: config.pool_id.clone(),
            logins: BTreeMap::new(),
        })
        .await
        .unwrap()
        .identity_id;
    assert!(id.starts_with("us-east-1:"), "{id}");
    let creds = ip
        .send(&GetCredentialsForIdentityRequest {
            identity_id: id,
            logins: BTreeMap::new(),
        })
        .await
        .unwrap()
        .credentials
        .expect("credentials");
    assert!(!creds.access_key_id.is_empty());
    assert!(!creds.session_token.is_empty());
    let now = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    assert!(creds.expiration > now, "expires in the future");
}
