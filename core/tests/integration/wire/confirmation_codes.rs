//! The wire client against cognito-local, which — unlike moto — checks confirmation codes.

use cognito_auth::{AuthClient, AuthConfig, AuthOptions, SignUpNextStep};
use cognito_auth_testkit::{CognitoLocal, PoolSpec, unique};
use std::collections::BTreeMap;
use url::Url;

#[tokio::test]
async fn confirmation_codes_are_really_checked() {
    let peer = CognitoLocal::shared();
    let pool = peer.create_pool(PoolSpec::default()).await;
    let config = AuthConfig::from_json(&pool.amplify_outputs())
        .unwrap()
        .with_user_pool_endpoint(Url::parse(&pool.endpoint).unwrap());
    let client = AuthClient::new(config, AuthOptions::default()).unwrap();
    let user = unique("user");
    let r = client
        .sign_up(&user, Some("Passw0rd-ok"), Default::default())
        .await
        .unwrap();
    assert!(matches!(r.next_step, SignUpNextStep::ConfirmSignUp { .. }));
    let code = peer
        .confirmation_code(&pool.user_pool_id, &user)
        .expect("cognito-local keeps the code");
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let e = client
        .confirm_sign_up(&user, wrong, BTreeMap::new())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "CodeMismatch", "{e}");
    client
        .confirm_sign_up(&user, &code, BTreeMap::new())
        .await
        .unwrap();
    let e = client
        .sign_up(&user, Some("Passw0rd-ok"), Default::default())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "UsernameExists");
}
