//! `aws-sdk-s3` with [`CognitoCredentialsProvider`]: requests signed with the session's
//! credentials are accepted by a server that checks the signature against the issued secret,
//! a tampered secret is refused, the SDK's identity cache keeps the credentials until the
//! expiry they carry and then signs with renewed ones, and a session with nothing to give
//! fails before any request is sent, with the SDK's error kinds.

use aws_credential_types::Credentials;
use aws_credential_types::provider::error::CredentialsError;
use aws_credential_types::provider::{self, ProvideCredentials, future};
use aws_sdk_s3::config::{BehaviorVersion, Region};
use aws_sdk_s3::error::ProvideErrorMetadata;
use aws_sdk_s3::primitives::ByteStream;
use aws_smithy_async::time::TimeSource;
use cognito_auth::clock::{Clock, ManualClock, SystemClock};
use cognito_auth::{AuthClient, AuthConfig, AuthOptions, SignInFlow, SignInOptions};
use cognito_auth_aws::{CognitoCredentialsProvider, SessionCredentialsError};
use cognito_auth_testkit::{Moto, PoolSpec, Reply, ScriptedServer, SigV4Server, free_port};
use serde_json::json;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const BUCKET: &str = "photos";

/// The SDK's clock in step with the session's manual clock.
#[derive(Debug)]
struct SameClock(Arc<ManualClock>);

impl TimeSource for SameClock {
    fn now(&self) -> SystemTime {
        self.0.now()
    }
}

/// An S3 client for `endpoint` (path-style, plain HTTP through the SDK's rustls + ring
/// client), signing with `credentials`.
fn s3(
    endpoint: &str,
    credentials: impl ProvideCredentials + 'static,
    clock: Option<Arc<ManualClock>>,
) -> aws_sdk_s3::Client {
    let http = aws_smithy_http_client::Builder::new()
        .tls_provider(aws_smithy_http_client::tls::Provider::Rustls(
            aws_smithy_http_client::tls::rustls_provider::CryptoMode::Ring,
        ))
        .build_https();
    let mut config = aws_sdk_s3::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .endpoint_url(endpoint)
        .force_path_style(true)
        .http_client(http)
        .credentials_provider(credentials);
    if let Some(clock) = clock {
        config = config.time_source(SameClock(clock));
    }
    aws_sdk_s3::Client::from_conf(config.build())
}

async fn put(s3: &aws_sdk_s3::Client, key: &str, body: &str) {
    s3.put_object()
        .bucket(BUCKET)
        .key(key)
        .body(ByteStream::from(body.as_bytes().to_vec()))
        .send()
        .await
        .unwrap_or_else(|e| panic!("PutObject {key}: {:?}", e.into_service_error()));
}

async fn get(s3: &aws_sdk_s3::Client, key: &str) -> String {
    let out = s3
        .get_object()
        .bucket(BUCKET)
        .key(key)
        .send()
        .await
        .unwrap_or_else(|e| panic!("GetObject {key}: {:?}", e.into_service_error()));
    let bytes = out.body.collect().await.unwrap().into_bytes();
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// A client of moto's pool with a user signed in (USER_PASSWORD_AUTH).
async fn signed_in(moto: &Moto, spec: PoolSpec) -> AuthClient {
    let pool = moto.create_pool(spec).await;
    pool.create_user("alice", "Corr3ct-Horse!", &[]).await;
    let url: url::Url = pool.endpoint.parse().unwrap();
    let config = AuthConfig::from_json(&pool.amplify_outputs())
        .unwrap()
        .with_user_pool_endpoint(url.clone())
        .with_identity_pool_endpoint(url);
    let client = AuthClient::new(config, AuthOptions::default()).unwrap();
    client
        .sign_in(
            "alice",
            Some("Corr3ct-Horse!"),
            SignInOptions {
                flow: Some(SignInFlow::UserPassword),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    client
}

#[tokio::test]
async fn put_and_get_are_signed_with_the_credentials_the_identity_pool_issued() {
    let server = SigV4Server::start();
    let client = signed_in(Moto::shared(), PoolSpec::default()).await;
    let issued = client
        .fetch_auth_session(false)
        .await
        .aws_credentials
        .unwrap();
    server
        .register(
            &issued.access_key_id,
            issued.secret_access_key.expose(),
            Some(issued.session_token.expose()),
        )
        .await;

    let provider = CognitoCredentialsProvider::new(client.clone());
    let s3 = s3(&server.url(), provider.clone(), None);
    put(&s3, "alice/hello world.txt", "hello from the session").await;
    assert_eq!(
        get(&s3, "alice/hello world.txt").await,
        "hello from the session"
    );

    let checked = server.checked().await;
    assert_eq!(checked.len(), 2, "{checked:?}");
    for c in &checked {
        assert_eq!(c.status, 200, "{c:?}");
        assert_eq!(c.access_key_id.as_deref(), Some(&*issued.access_key_id));
    }
    assert_eq!(checked[0].method, "PUT");
    assert_eq!(checked[1].method, "GET");

    // What the SDK got: the session's keys, with their expiry; nothing secret prints.
    let creds = provider.provide_credentials().await.unwrap();
    assert_eq!(creds.access_key_id(), issued.access_key_id);
    assert_eq!(
        creds.expiry(),
        Some(UNIX_EPOCH + Duration::from_secs(issued.expiration as u64))
    );
    for printed in [format!("{creds:?}"), format!("{provider:?}")] {
        assert!(
            !printed.contains(issued.secret_access_key.expose()),
            "{printed}"
        );
        assert!(
            !printed.contains(issued.session_token.expose()),
            "{printed}"
        );
    }
}

/// The session's credentials with one character of the secret changed.
#[derive(Debug)]
struct Tampered(CognitoCredentialsProvider);

impl Tampered {
    async fn load(&self) -> provider::Result {
        let c = self.0.credentials().await?;
        let secret = format!("{}x", &c.secret_access_key()[1..]);
        Ok(Credentials::new(
            c.access_key_id(),
            secret,
            c.session_token().map(str::to_owned),
            c.expiry(),
            "Tampered",
        ))
    }
}

impl ProvideCredentials for Tampered {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        future::ProvideCredentials::new(self.load())
    }
}

#[tokio::test]
async fn a_request_signed_with_a_tampered_secret_is_refused() {
    let server = SigV4Server::start();
    let client = signed_in(Moto::shared(), PoolSpec::default()).await;
    let issued = client
        .fetch_auth_session(false)
        .await
        .aws_credentials
        .unwrap();
    server
        .register(
            &issued.access_key_id,
            issued.secret_access_key.expose(),
            Some(issued.session_token.expose()),
        )
        .await;
    let provider = CognitoCredentialsProvider::new(client);

    let forged = s3(&server.url(), Tampered(provider.clone()), None);
    let err = forged
        .put_object()
        .bucket(BUCKET)
        .key("forged")
        .body(ByteStream::from_static(b"nope"))
        .send()
        .await
        .unwrap_err();
    let raw_status = err.raw_response().map(|r| r.status().as_u16());
    let service = err.into_service_error();
    assert_eq!(raw_status, Some(403));
    assert_eq!(service.code(), Some("SignatureDoesNotMatch"), "{service:?}");

    // The same request with the session's own secret goes through.
    put(&s3(&server.url(), provider, None), "genuine", "yes").await;
    let statuses: Vec<_> = server
        .checked()
        .await
        .into_iter()
        .map(|c| (c.status, c.error))
        .collect();
    assert_eq!(
        statuses,
        [(403, Some("SignatureDoesNotMatch".to_owned())), (200, None)]
    );
}

/// Counts the SDK's calls of a provider.
#[derive(Debug, Clone)]
struct Counted(CognitoCredentialsProvider, Arc<AtomicUsize>);

impl ProvideCredentials for Counted {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        self.1.fetch_add(1, Ordering::SeqCst);
        self.0.provide_credentials()
    }
}

fn issued(akid: &str, secret: &str, token: &str, expiration: u64) -> Reply {
    Reply::json(json!({
        "IdentityId": "us-east-1:00000000-0000-0000-0000-000000000001",
        "Credentials": {
            "AccessKeyId": akid,
            "SecretKey": secret,
            "SessionToken": token,
            "Expiration": expiration,
        }
    }))
}

/// moto's identity pool hands out the same fixed keys every time, so renewal is shown with
/// the scripted server as the identity pool: a guest identity, then two sets of credentials.
/// The SDK's own identity cache (the default lazy cache, on the session's manual clock) keeps
/// the first set past its default 15-minute lifetime because it carries its one-hour expiry,
/// and after that expiry the next request is signed with the renewed set.
#[tokio::test]
async fn after_expiry_the_sdk_signs_with_the_renewed_credentials() {
    let server = SigV4Server::start();
    let start = UNIX_EPOCH
        + Duration::from_secs(
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap()
                .as_secs(),
        );
    let t0 = start.duration_since(UNIX_EPOCH).unwrap().as_secs();
    let pool = ScriptedServer::start(vec![
        Reply::json(json!({"IdentityId": "us-east-1:00000000-0000-0000-0000-000000000001"})),
        issued("ASIAFIRSTKEY", "first-secret", "first-token", t0 + 3600),
        issued("ASIASECONDKEY", "second-secret", "second-token", t0 + 7200),
    ]);
    server
        .register("ASIAFIRSTKEY", "first-secret", Some("first-token"))
        .await;
    server
        .register("ASIASECONDKEY", "second-secret", Some("second-token"))
        .await;
    let outputs = json!({
        "version": "1.3",
        "auth": {
            "aws_region": "us-east-1",
            "user_pool_id": "us-east-1_Unused",
            "user_pool_client_id": "unused",
            "identity_pool_id": "us-east-1:00000000-0000-0000-0000-0000000000ff",
            "unauthenticated_identities_enabled": true,
        }
    });
    let config = AuthConfig::from_json(&outputs.to_string())
        .unwrap()
        .with_identity_pool_endpoint(pool.url().parse().unwrap());
    let clock = Arc::new(ManualClock::new(start));
    let client = AuthClient::new(
        config,
        AuthOptions {
            clock: clock.clone(),
            ..AuthOptions::default()
        },
    )
    .unwrap();
    let calls = Arc::new(AtomicUsize::new(0));
    let provider = Counted(CognitoCredentialsProvider::new(client), calls.clone());
    let s3 = s3(&server.url(), provider, Some(clock.clone()));

    put(&s3, "guest/a", "one").await;
    clock.advance(Duration::from_secs(50 * 60));
    assert_eq!(get(&s3, "guest/a").await, "one");
    assert_eq!(
        calls.load(Ordering::SeqCst),
        1,
        "the SDK cached the credentials"
    );
    assert_eq!(pool.hits(), 2, "GetId, GetCredentialsForIdentity");

    clock.advance(Duration::from_secs(10 * 60 + 1));
    assert_eq!(get(&s3, "guest/a").await, "one");
    assert_eq!(
        calls.load(Ordering::SeqCst),
        2,
        "asked again after the expiry"
    );
    assert_eq!(pool.hits(), 3, "renewed with GetCredentialsForIdentity");
    let targets: Vec<_> = pool
        .received()
        .into_iter()
        .filter_map(|r| r.target)
        .collect();
    assert_eq!(
        targets,
        [
            "AWSCognitoIdentityService.GetId",
            "AWSCognitoIdentityService.GetCredentialsForIdentity",
            "AWSCognitoIdentityService.GetCredentialsForIdentity"
        ]
    );

    let keys: Vec<_> = server
        .checked()
        .await
        .into_iter()
        .map(|c| (c.status, c.access_key_id.unwrap()))
        .collect();
    assert_eq!(
        keys,
        [
            (200, "ASIAFIRSTKEY".to_owned()),
            (200, "ASIAFIRSTKEY".to_owned()),
            (200, "ASIASECONDKEY".to_owned())
        ]
    );
}

/// The core's error behind an SDK credentials error, found in its source chain.
fn session_error<'a>(
    e: &'a (dyn std::error::Error + 'static),
) -> Option<&'a SessionCredentialsError> {
    let mut next = Some(e);
    while let Some(e) = next {
        if let Some(found) = e.downcast_ref::<SessionCredentialsError>() {
            return Some(found);
        }
        next = e.source();
    }
    None
}

#[tokio::test]
async fn a_session_without_credentials_fails_before_anything_is_sent() {
    let server = SigV4Server::start();
    // Signed out, and the identity pool allows no guests: nothing to sign with.
    let pool = Moto::shared().create_pool(PoolSpec::default()).await;
    let url: url::Url = pool.endpoint.parse().unwrap();
    let mut config = AuthConfig::from_json(&pool.amplify_outputs())
        .unwrap()
        .with_user_pool_endpoint(url.clone())
        .with_identity_pool_endpoint(url);
    config.identity_pool.as_mut().unwrap().allow_guest_access = false;
    let client = AuthClient::new(config, AuthOptions::default()).unwrap();
    let provider = CognitoCredentialsProvider::new(client);
    let err = provider.provide_credentials().await.unwrap_err();
    assert!(
        matches!(err, CredentialsError::CredentialsNotLoaded(_)),
        "{err:?}"
    );
    assert_eq!(
        session_error(&err).unwrap().auth_error().kind(),
        "SignedOut"
    );

    let sdk_err = s3(&server.url(), provider, None)
        .put_object()
        .bucket(BUCKET)
        .key("k")
        .body(ByteStream::from_static(b"x"))
        .send()
        .await
        .unwrap_err();
    let found = session_error(&sdk_err).expect("the session's error in the SDK's error");
    assert_eq!(found.auth_error().kind(), "SignedOut");
    assert!(
        found
            .to_string()
            .starts_with("The Cognito session has no AWS credentials ("),
        "{found}"
    );
    assert!(server.checked().await.is_empty());

    // The identity pool cannot be reached: a provider error, the core's kind `Network`.
    let outputs = json!({
        "version": "1.3",
        "auth": {
            "aws_region": "us-east-1",
            "user_pool_id": "us-east-1_Unused",
            "user_pool_client_id": "unused",
            "identity_pool_id": "us-east-1:00000000-0000-0000-0000-0000000000ff",
            "unauthenticated_identities_enabled": true,
        }
    });
    let closed = format!("http://127.0.0.1:{}/", free_port());
    let config = AuthConfig::from_json(&outputs.to_string())
        .unwrap()
        .with_identity_pool_endpoint(closed.parse().unwrap());
    let offline = CognitoCredentialsProvider::new(
        AuthClient::new(
            config,
            AuthOptions {
                clock: Arc::new(SystemClock),
                ..AuthOptions::default()
            },
        )
        .unwrap(),
    );
    let err = offline.provide_credentials().await.unwrap_err();
    assert!(matches!(err, CredentialsError::ProviderError(_)), "{err:?}");
    let kind = session_error(&err).unwrap().auth_error().kind();
    assert_eq!(kind, "Network", "{err:?}");
}
