//! SigV4 byte for byte against botocore's `SigV4Auth` (the signer of boto3 and the AWS CLI),
//! on fixed inputs and a fixed time: every header the signature adds must be identical.

use cognito_auth::{AwsCredentials, RequestToSign, Secret, sign_request_with};
use cognito_auth_testkit::peers_dir;
use serde_json::{Value, json};
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, UNIX_EPOCH};

/// Signs each case with botocore at the case's timestamp; prints the headers it set.
const BOTOCORE: &str = r#"
import base64, datetime, json, sys
import botocore.auth as auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
out = []
for case in json.load(sys.stdin):
    when = datetime.datetime.fromtimestamp(case["time"], datetime.timezone.utc).replace(tzinfo=None)
    auth.get_current_datetime = lambda: when
    req = AWSRequest(method=case["method"], url=case["url"], headers=case["headers"],
                     data=base64.b64decode(case["body"]))
    creds = Credentials(case["akid"], case["secret"], case["token"] or None)
    auth.SigV4Auth(creds, case["service"], case["region"]).add_auth(req)
    out.append({k.lower(): v for k, v in req.headers.items()})
print(json.dumps(out))
"#;

#[derive(Clone)]
struct Case {
    method: &'static str,
    url: &'static str,
    headers: Vec<(&'static str, &'static str)>,
    body: &'static [u8],
    service: &'static str,
    region: &'static str,
    token: &'static str,
    time: u64,
}

fn cases() -> Vec<Case> {
    let base = Case {
        method: "GET",
        url: "https://example.amazonaws.com/",
        headers: vec![],
        body: b"",
        service: "service",
        region: "us-east-1",
        token: "",
        time: 1_440_938_160,
    };
    vec![
        base.clone(),
        Case {
            method: "POST",
            url: "https://sts.us-east-1.amazonaws.com/",
            headers: vec![(
                "Content-Type",
                "application/x-www-form-urlencoded; charset=utf-8",
            )],
            body: b"Action=GetCallerIdentity&Version=2011-06-15",
            service: "sts",
            token: "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN+/=",
            time: 1_709_251_199, // 2024-02-29T23:59:59Z
            ..base.clone()
        },
        Case {
            url: "https://execute-api.eu-west-1.amazonaws.com/prod/items/42?b=2&a=1&a=0&c=x%2Fy&empty=",
            service: "execute-api",
            region: "eu-west-1",
            token: "token",
            ..base.clone()
        },
        Case {
            url: "https://example.amazonaws.com/a%20b/c~d/%E2%82%AC/",
            ..base.clone()
        },
        Case {
            url: "https://example.amazonaws.com/a/./b/../c",
            ..base.clone()
        },
        Case {
            method: "PUT",
            url: "http://127.0.0.1:5000/bucket/key",
            headers: vec![
                ("X-Amz-Meta-Note", "  spaced   out  value "),
                ("User-Agent", "my-app/1.0"),
                ("Content-Type", "text/plain"),
                ("Expect", "100-continue"),
            ],
            body: "héllo wörld\n".as_bytes(),
            region: "us-west-2",
            service: "s3",
            token: "t0ken",
            ..base.clone()
        },
        Case {
            method: "POST",
            url: "https://appsync.example.com/graphql",
            headers: vec![
                ("Content-Type", "application/json"),
                ("X-Amz-Content-SHA256", "UNSIGNED-PAYLOAD"),
            ],
            body: br#"{"query":"{ me }"}"#,
            service: "appsync",
            time: 1_893_456_000, // 2030-01-01
            ..base.clone()
        },
    ]
}

fn credentials(case: &Case) -> AwsCredentials {
    AwsCredentials {
        access_key_id: "AKIDEXAMPLE".into(),
        secret_access_key: Secret::new("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
        session_token: Secret::new(case.token),
        expiration: 4_000_000_000,
    }
}

fn botocore(cases: &[Case]) -> Vec<Value> {
    use base64::Engine;
    let input: Vec<Value> = cases
        .iter()
        .map(|c| {
            json!({
                "method": c.method, "url": c.url,
                "headers": c.headers.iter().map(|(k, v)| (k.to_string(), json!(v)))
                    .collect::<serde_json::Map<_, _>>(),
                "body": base64::engine::general_purpose::STANDARD.encode(c.body),
                "service": c.service, "region": c.region,
                "akid": "AKIDEXAMPLE", "secret": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                "token": c.token, "time": c.time,
            })
        })
        .collect();
    let python = peers_dir().join(".venv/bin/python");
    assert!(python.exists(), "run `make setup` first");
    let mut child = Command::new(python)
        .args(["-c", BOTOCORE])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(json!(input).to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "botocore failed");
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn signatures_match_botocore_byte_for_byte() {
    let cases = cases();
    let expected = botocore(&cases);
    for (case, want) in cases.iter().zip(&expected) {
        let request = RequestToSign {
            method: case.method.into(),
            url: case.url.into(),
            headers: case
                .headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body: case.body.to_vec(),
            // One case is botocore's over plain http (a local S3): the canonical form is
            // the same; only sending it needs the opt-in.
            allow_http: case.url.starts_with("http://"),
        };
        let got = sign_request_with(
            &request,
            &credentials(case),
            case.service,
            case.region,
            UNIX_EPOCH + Duration::from_secs(case.time),
        )
        .unwrap();
        let header = |name: &str| {
            got.iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| Value::String(v.clone()))
                .unwrap_or(Value::Null)
        };
        for name in ["authorization", "x-amz-date", "x-amz-security-token"] {
            let theirs = want.get(name).cloned().unwrap_or(Value::Null);
            assert_eq!(header(name), theirs, "{name} for {}", case.url);
        }
        assert!(
            want["authorization"]
                .as_str()
                .unwrap()
                .starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
        );
    }
}
