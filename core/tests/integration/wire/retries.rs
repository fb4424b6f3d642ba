//! Retries, timeouts and error decoding against a server that misbehaves on purpose
//! (`ScriptedServer` in tests/support: no real peer fails on demand). Each test counts the
//! requests the server saw, so removing the retry rule or bounding it differently fails here.

use cognito_auth::{AuthClient, AuthConfig, AuthError, AuthOptions};
use cognito_auth::{RetryPolicy, WireOptions};
use cognito_auth_testkit::{Reply, ScriptedServer};
use serde_json::json;
use std::time::Duration;
use url::Url;

fn client(url: &str, attempts: u32, timeout: Duration, secret: bool) -> AuthClient {
    let mut auth = json!({
        "aws_region": "us-east-1",
        "user_pool_id": "us-east-1_Scripted",
        "user_pool_client_id": "scriptedclient",
    });
    if secret {
        auth["user_pool_client_secret"] = json!("the-client-secret");
    }
    let config = AuthConfig::from_json(&json!({ "auth": auth }).to_string())
        .unwrap()
        .with_user_pool_endpoint(Url::parse(url).unwrap());
    let options = AuthOptions {
        wire: WireOptions {
            retry: RetryPolicy {
                max_attempts: attempts,
                base_delay: Duration::from_millis(5),
                max_delay: Duration::from_millis(20),
            },
            request_timeout: timeout,
            ..WireOptions::default()
        },
        ..AuthOptions::default()
    };
    AuthClient::new(config, options).unwrap()
}

async fn sign_up(server: &ScriptedServer) -> Result<cognito_auth::SignUpResult, AuthError> {
    client(&server.url(), 3, Duration::from_secs(5), false)
        .sign_up("alice", Some("Passw0rd!"), Default::default())
        .await
}

fn ok_reply() -> Reply {
    Reply::json(json!({"UserConfirmed": false, "UserSub": "2f1c3a9e-0000-4000-8000-000000000000"}))
}

#[tokio::test]
async fn a_5xx_is_retried_until_it_passes() {
    let server = ScriptedServer::start(vec![
        Reply::error(503, "ServiceUnavailable", "try later"),
        ok_reply(),
    ]);
    sign_up(&server).await.unwrap();
    assert_eq!(server.hits(), 2);
}

#[tokio::test]
async fn retries_are_bounded() {
    let server = ScriptedServer::start(vec![Reply::Http(
        500,
        vec![("Content-Type".into(), "text/html".into())],
        "<html>Internal Server Error</html>".into(),
    )]);
    let e = sign_up(&server).await.unwrap_err();
    assert_eq!(e.kind(), "InvalidResponse", "{e}");
    assert_eq!(server.hits(), 3, "max_attempts = 3");

    let once = ScriptedServer::start(vec![Reply::error(500, "InternalErrorException", "boom")]);
    let e = client(&once.url(), 1, Duration::from_secs(5), false)
        .sign_up("alice", Some("Passw0rd!"), Default::default())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "Service");
    assert!(e.is_transient());
    assert_eq!(once.hits(), 1, "max_attempts = 1 means no retry");
}

#[tokio::test]
async fn a_definite_answer_is_never_retried() {
    let server = ScriptedServer::start(vec![Reply::error(
        400,
        "NotAuthorizedException",
        "Incorrect username or password.",
    )]);
    let e = sign_up(&server).await.unwrap_err();
    assert_eq!(
        e,
        AuthError::NotAuthorized("Incorrect username or password.".into())
    );
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn throttling_backs_off_and_recovers_or_gives_up() {
    let server = ScriptedServer::start(vec![
        Reply::error(400, "TooManyRequestsException", "Rate exceeded"),
        Reply::error(400, "TooManyRequestsException", "Rate exceeded"),
        ok_reply(),
    ]);
    sign_up(&server).await.unwrap();
    assert_eq!(server.hits(), 3);

    let always = ScriptedServer::start(vec![Reply::error(
        400,
        "TooManyRequestsException",
        "Rate exceeded",
    )]);
    let e = sign_up(&always).await.unwrap_err();
    assert_eq!(e.kind(), "TooManyRequests");
    assert_eq!(always.hits(), 3);
}

#[tokio::test]
async fn dropped_and_refused_connections_are_network_errors() {
    let server = ScriptedServer::start(vec![Reply::Drop]);
    let e = sign_up(&server).await.unwrap_err();
    assert_eq!(e.kind(), "Network", "{e}");
    assert_eq!(server.hits(), 3);

    let port = cognito_auth_testkit::free_port();
    let e = client(
        &format!("http://127.0.0.1:{port}/"),
        2,
        Duration::from_secs(5),
        false,
    )
    .sign_up("alice", Some("Passw0rd!"), Default::default())
    .await
    .unwrap_err();
    assert!(
        matches!(&e, AuthError::Network(m) if m.starts_with("connect")),
        "{e}"
    );
    assert!(
        !e.to_string().contains("127.0.0.1"),
        "no URL in messages: {e}"
    );
}

#[tokio::test]
async fn a_stalled_server_times_out() {
    let server = ScriptedServer::start(vec![Reply::Stall(
        Duration::from_secs(3),
        Box::new(ok_reply()),
    )]);
    let started = std::time::Instant::now();
    let e = client(&server.url(), 2, Duration::from_millis(300), false)
        .sign_up("alice", Some("Passw0rd!"), Default::default())
        .await
        .unwrap_err();
    assert!(
        matches!(&e, AuthError::Network(m) if m.starts_with("timeout")),
        "{e}"
    );
    assert_eq!(server.hits(), 2);
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "gave up on time"
    );
}

#[tokio::test]
async fn truncated_and_malformed_bodies() {
    let truncated = ScriptedServer::start(vec![Reply::Truncated(200, r#"{"UserSub": "ab"#.into())]);
    let e = sign_up(&truncated).await.unwrap_err();
    assert_eq!(e.kind(), "Network", "cut off mid-body: {e}");
    assert_eq!(truncated.hits(), 3, "a cut-off answer is retried");

    let malformed = ScriptedServer::start(vec![Reply::Http(
        200,
        vec![("Content-Type".into(), "application/x-amz-json-1.1".into())],
        "{not json".into(),
    )]);
    let e = sign_up(&malformed).await.unwrap_err();
    assert_eq!(e.kind(), "InvalidResponse", "{e}");
    assert_eq!(malformed.hits(), 1, "a complete but bad 200 is not retried");

    let wrong_shape = ScriptedServer::start(vec![Reply::json(json!({"UserConfirmed": "maybe"}))]);
    let e = sign_up(&wrong_shape).await.unwrap_err();
    assert_eq!(e.kind(), "InvalidResponse");
}

#[tokio::test]
async fn requests_follow_json_1_1_and_carry_secret_hash() {
    let server = ScriptedServer::start(vec![ok_reply()]);
    client(&server.url(), 1, Duration::from_secs(5), true)
        .sign_up("alice", Some("Passw0rd!"), Default::default())
        .await
        .unwrap();
    let req = &server.received()[0];
    assert_eq!(
        req.target.as_deref(),
        Some("AWSCognitoIdentityProviderService.SignUp")
    );
    let header = |name: &str| {
        req.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(header("content-type"), Some("application/x-amz-json-1.1"));
    assert!(header("user-agent").is_some_and(|ua| ua.starts_with("cognito-auth-rs/")));
    let body: serde_json::Value = serde_json::from_str(&req.body).unwrap();
    assert_eq!(body["ClientId"], "scriptedclient");
    assert_eq!(body["Username"], "alice");
    // Independent value: Python's hmac/base64 on the same inputs
    // (base64(hmac_sha256(b"the-client-secret", b"alicescriptedclient"))).
    assert_eq!(
        body["SecretHash"],
        "BtPM7zpOt8kfytBNf4GhfS7MOrxbVLFyLoXqCT3fG+M="
    );
}

#[tokio::test]
async fn a_date_header_hours_off_moves_the_corrected_clock() {
    let in_three_hours = std::time::SystemTime::now() + Duration::from_secs(3 * 3600);
    let server = ScriptedServer::start(vec![Reply::Http(
        200,
        vec![
            ("Content-Type".into(), "application/x-amz-json-1.1".into()),
            ("Date".into(), httpdate::fmt_http_date(in_three_hours)),
        ],
        json!({"UserConfirmed": true, "UserSub": "x"}).to_string(),
    )]);
    let c = client(&server.url(), 1, Duration::from_secs(5), false);
    c.sign_up("alice", Some("Passw0rd!"), Default::default())
        .await
        .unwrap();
    let offset = c.clock().offset_ms();
    assert!(
        (3 * 3600 * 1000 - 3000..=3 * 3600 * 1000 + 1000).contains(&offset),
        "{offset}"
    );
}
