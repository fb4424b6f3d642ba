//! OUR OWN TEST SERVER (not an independent peer): `tests/sigv4/verifying_server.py`, an S3
//! stand-in that recomputes every request's SigV4 signature with botocore's signer from the
//! secret of its access key, which the test registers ([`SigV4Server::register`]). It proves
//! that an AWS SDK signed with the credentials it was given, nothing about S3 itself.

use crate::process::{PeerProcess, peers_dir};
use serde::Deserialize;

/// The running verifying server (killed when dropped).
#[derive(Debug)]
pub struct SigV4Server {
    process: PeerProcess,
}

/// A request the server checked.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct Checked {
    /// HTTP method.
    pub method: String,
    /// Path as sent (percent-encoded).
    pub path: String,
    /// The access key id of its `Authorization` header, when it had one.
    pub access_key_id: Option<String>,
    /// Its `x-amz-date`.
    pub amz_date: Option<String>,
    /// The status it got: 200, or the refusal's.
    pub status: u16,
    /// The S3 error code of a refusal (`SignatureDoesNotMatch`, `InvalidAccessKeyId`, …).
    pub error: Option<String>,
}

impl SigV4Server {
    /// Starts a server of this test's own.
    pub fn start() -> Self {
        let python = peers_dir().join(".venv/bin/python");
        assert!(
            python.exists(),
            "the Python peers are not installed: run `make setup`"
        );
        let script = peers_dir().join("../sigv4/verifying_server.py");
        let process = PeerProcess::spawn(
            "sigv4-verifying-server",
            &python,
            |port, _| {
                (
                    vec![
                        script.display().to_string(),
                        "--port".into(),
                        port.to_string(),
                    ],
                    vec![],
                )
            },
            "/__health",
        );
        Self { process }
    }

    /// `http://127.0.0.1:<port>`: the S3 endpoint to give the SDK (path-style addressing).
    pub fn url(&self) -> String {
        self.process.base_url()
    }

    /// The process handle (PID, log).
    pub fn process(&self) -> &PeerProcess {
        &self.process
    }

    /// Tells the server a key pair (and its session token, checked against
    /// `x-amz-security-token` when given).
    pub async fn register(&self, access_key_id: &str, secret: &str, session_token: Option<&str>) {
        let resp = crate::http()
            .post(format!("{}/__keys", self.url()))
            .body(
                serde_json::json!({
                    "access_key_id": access_key_id,
                    "secret_access_key": secret,
                    "session_token": session_token,
                })
                .to_string(),
            )
            .send()
            .await
            .expect("POST /__keys");
        assert_eq!(resp.status().as_u16(), 204, "POST /__keys");
    }

    /// Every request checked so far, oldest first.
    pub async fn checked(&self) -> Vec<Checked> {
        crate::http()
            .get(format!("{}/__seen", self.url()))
            .send()
            .await
            .expect("GET /__seen")
            .json()
            .await
            .expect("/__seen is JSON")
    }
}
