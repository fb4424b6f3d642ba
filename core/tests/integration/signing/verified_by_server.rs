//! SigV4 accepted by a server that checks it: moto with request authentication switched on
//! (`POST /moto-api/reset-auth`), signing STS `GetCallerIdentity` with credentials moto's STS
//! issued. A wrong secret must be refused with `SignatureDoesNotMatch`. The instance is this
//! test's own (authentication is server-wide).

use cognito_auth::{AwsCredentials, RequestToSign, Secret, sign_request_with};
use cognito_auth_testkit::{Moto, http};
use std::time::SystemTime;

const REGION: &str = "us-east-1";

async fn send(url: &str, headers: &[(String, String)], body: &str) -> (u16, String) {
    let mut req = http().post(url).body(body.to_owned());
    for (k, v) in headers {
        req = req.header(k, v);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    (status, resp.text().await.unwrap())
}

fn request(url: &str, body: &str) -> RequestToSign {
    RequestToSign {
        method: "POST".into(),
        url: format!("{url}/"),
        headers: vec![(
            "Content-Type".into(),
            "application/x-www-form-urlencoded; charset=utf-8".into(),
        )],
        body: body.as_bytes().to_vec(),
        // moto listens on plain http (a local peer).
        allow_http: true,
    }
}

fn xml_field(xml: &str, name: &str) -> String {
    let start = xml
        .find(&format!("<{name}>"))
        .unwrap_or_else(|| panic!("{name} in {xml}"));
    let rest = &xml[start + name.len() + 2..];
    rest[..rest.find("</").unwrap()].to_owned()
}

#[tokio::test]
async fn moto_accepts_our_signature_and_refuses_a_wrong_secret() {
    let moto = Moto::start();
    let url = moto.url();
    // Before authentication is on, any key is accepted: get temporary credentials from STS.
    let bootstrap = AwsCredentials {
        access_key_id: "AKIDBOOTSTRAP".into(),
        secret_access_key: Secret::new("bootstrap"),
        session_token: Secret::new(""),
        expiration: 4_000_000_000,
    };
    let body = "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Ftest&RoleSessionName=cognito-auth-test";
    let headers = sign_request_with(
        &request(&url, body),
        &bootstrap,
        "sts",
        REGION,
        SystemTime::now(),
    )
    .unwrap();
    let (status, xml) = send(&format!("{url}/"), &headers, body).await;
    assert_eq!(status, 200, "{xml}");
    let issued = AwsCredentials {
        access_key_id: xml_field(&xml, "AccessKeyId"),
        secret_access_key: Secret::new(xml_field(&xml, "SecretAccessKey")),
        session_token: Secret::new(xml_field(&xml, "SessionToken")),
        expiration: 4_000_000_000,
    };

    moto.enable_request_auth().await;
    let body = "Action=GetCallerIdentity&Version=2011-06-15";
    let headers = sign_request_with(
        &request(&url, body),
        &issued,
        "sts",
        REGION,
        SystemTime::now(),
    )
    .unwrap();
    let (status, xml) = send(&format!("{url}/"), &headers, body).await;
    assert_eq!(status, 200, "{xml}");
    assert!(xml.contains("assumed-role/test/cognito-auth-test"), "{xml}");

    let forged = AwsCredentials {
        secret_access_key: Secret::new("not-the-secret"),
        ..issued.clone()
    };
    let headers = sign_request_with(
        &request(&url, body),
        &forged,
        "sts",
        REGION,
        SystemTime::now(),
    )
    .unwrap();
    let (status, xml) = send(&format!("{url}/"), &headers, body).await;
    assert_eq!(status, 403, "{xml}");
    assert!(xml.contains("SignatureDoesNotMatch"), "{xml}");

    // The body is signed too: changing it after signing is refused.
    let headers = sign_request_with(
        &request(&url, body),
        &issued,
        "sts",
        REGION,
        SystemTime::now(),
    )
    .unwrap();
    let (status, xml) = send(
        &format!("{url}/"),
        &headers,
        "Action=GetCallerIdentity&Version=2011-06-16",
    )
    .await;
    assert_eq!(status, 403, "{xml}");
}

/// `AuthClient::sign_request` signs with the session's identity-pool credentials (moto's are
/// fixed fakes it does not itself accept) on the skew-corrected clock: a device clock two
/// hours ahead still produces an `x-amz-date` of the server's time.
#[tokio::test]
async fn sessions_sign_with_their_credentials_on_the_server_clock() {
    use cognito_auth::clock::ManualClock;
    use cognito_auth::{AuthClient, AuthConfig, AuthOptions};
    use std::sync::Arc;
    use std::time::Duration;

    let moto = Moto::shared();
    let pool = moto.create_pool(Default::default()).await;
    let url: url::Url = pool.endpoint.parse().unwrap();
    let config = AuthConfig::from_json(&pool.amplify_outputs())
        .unwrap()
        .with_user_pool_endpoint(url.clone())
        .with_identity_pool_endpoint(url);
    let clock = Arc::new(ManualClock::new(
        SystemTime::now() + Duration::from_secs(7200),
    ));
    let client = AuthClient::new(
        config.clone(),
        AuthOptions {
            clock,
            ..AuthOptions::default()
        },
    )
    .unwrap();
    let request = RequestToSign {
        method: "GET".into(),
        url: "https://abc123.execute-api.us-east-1.amazonaws.com/prod/pets?type=dog".into(),
        headers: vec![],
        body: vec![],
        allow_http: false,
    };
    let headers = client
        .sign_request(&request, "execute-api", None)
        .await
        .unwrap();
    let creds = client
        .fetch_auth_session(false)
        .await
        .aws_credentials
        .unwrap();
    let get = |n: &str| headers.iter().find(|(k, _)| k == n).unwrap().1.clone();
    assert!(
        get("authorization").contains(&format!("Credential={}/", creds.access_key_id)),
        "{headers:?}"
    );
    assert!(get("authorization").contains("/us-east-1/execute-api/aws4_request"));
    assert_eq!(get("x-amz-security-token"), creds.session_token.expose());
    let signed_at = time::PrimitiveDateTime::parse(
        &get("x-amz-date"),
        time::macros::format_description!("[year][month][day]T[hour][minute][second]Z"),
    )
    .unwrap()
    .assume_utc()
    .unix_timestamp();
    let real = SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    assert!(
        (signed_at - real).abs() < 300,
        "signed at {signed_at}, real {real}"
    );

    // Nobody signed in and no guest access: nothing to sign with.
    let mut no_guest = config;
    no_guest.identity_pool.as_mut().unwrap().allow_guest_access = false;
    let c = AuthClient::new(no_guest, AuthOptions::default()).unwrap();
    let e = c
        .sign_request(&request, "execute-api", None)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "SignedOut");
}
