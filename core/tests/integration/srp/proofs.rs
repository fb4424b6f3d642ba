//! SRP end to end against OUR verifying SRP server (tests/srp/cognito_test_server.py: server-side
//! SRP in Python integers, v = g^x, B = k·v + g^b, S = (A·v^u)^b, claim and timestamp checked).
//! moto accepts any proof, so only this server can show that a right password is accepted and
//! a wrong one refused. The math itself is also checked against pycognito and
//! amazon-cognito-identity-js vectors (`srp::vectors`).

use crate::support::clients;

use cognito_auth::{AuthEvent, SignInNextStep, SignInOptions, UserState};
use cognito_auth_testkit::CognitoTestServer;
use serde_json::json;

#[tokio::test]
async fn right_password_signs_in_and_wrong_password_is_refused_with_nothing_stored() {
    let server = CognitoTestServer::start();
    // Salts as Cognito sends them at its most awkward: a leading 00 byte, a negative value,
    // a set high bit (each hashes differently unless PAD is exactly Java's).
    let cases = [
        ("alice", "3f1e2d3c4b5a69788796a5b4c3d2e1f0"),
        ("bob", "000f1e2d3c4b5a69788796a5b4c3d2e1"),
        ("carol", "-5f3a2b1c0d9e8f7a6b5c4d3e2f1a0b0c"),
        ("dave", "e5d4c3b2a19f8e7d6c5b4a3928171605"),
    ];
    for (user, salt) in cases {
        server
            .add_user(json!({"username": user, "password": "Corr3ct-Horse!", "salt": salt}))
            .await;
    }
    for with_secret in [false, true] {
        for (user, _) in cases {
            let (client, store) =
                clients::client(&server.amplify_outputs(with_secret), &server.url());
            let wrong = client
                .sign_in(user, Some("Wrong-Horse!"), SignInOptions::default())
                .await
                .unwrap_err();
            assert_eq!(wrong.kind(), "NotAuthorized", "{user}: {wrong}");
            assert_eq!(client.user_state().await, UserState::SignedOut);
            assert!(
                clients::nothing_stored(&store),
                "{user}: a refused sign-in stores nothing"
            );

            let mut events = client.subscribe();
            let ok = client
                .sign_in(user, Some("Corr3ct-Horse!"), SignInOptions::default())
                .await
                .unwrap_or_else(|e| panic!("{user} (secret client: {with_secret}): {e}"));
            assert_eq!(ok.next_step, SignInNextStep::Done);
            assert_eq!(events.recv().await.unwrap(), AuthEvent::SignedIn);
            assert_eq!(client.get_current_user().await.unwrap().username, user);

            let again = client
                .sign_in(user, Some("Corr3ct-Horse!"), SignInOptions::default())
                .await
                .unwrap_err();
            assert_eq!(again.kind(), "InvalidState");
        }
    }
    let log = server.log().await;
    assert!(
        log.iter()
            .any(|e| e["op"] == "RespondToAuthChallenge"
                && e["ChallengeName"] == "PASSWORD_VERIFIER")
    );
}
