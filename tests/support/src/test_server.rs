//! OUR OWN TEST SERVER (not an independent peer): `tests/srp/cognito_test_server.py`, a small
//! Cognito user-pool imitation that verifies SRP proofs (users and devices) and serves the
//! flows moto and cognito-local cannot: devices, CUSTOM_AUTH challenges, USER_AUTH, email MFA
//! set-up, SELECT_MFA_TYPE, RevokeToken, DeleteUser, auto sign-in. Tests that use it say so;
//! it proves the client follows the protocol as that server implements it, nothing more.

use crate::process::{PeerProcess, peers_dir};
use serde_json::{Value, json};

/// The running test server.
#[derive(Debug)]
pub struct CognitoTestServer {
    process: PeerProcess,
    /// Pool id it serves.
    pub user_pool_id: String,
    /// Public app client id.
    pub client_id: String,
    /// App client with a secret: its id.
    pub secret_client_id: String,
    /// Its secret.
    pub client_secret: String,
}

impl CognitoTestServer {
    /// Starts a server of this test's own (killed when dropped).
    pub fn start() -> Self {
        let python = peers_dir().join(".venv/bin/python");
        assert!(python.exists(), "run `make setup` first");
        let script = peers_dir().join("../srp/cognito_test_server.py");
        let pool = "us-east-1_TestPool";
        let process = PeerProcess::spawn(
            "cognito-test-server",
            &python,
            |port, _| {
                (
                    vec![
                        script.display().to_string(),
                        "--port".into(),
                        port.to_string(),
                        "--pool-id".into(),
                        pool.into(),
                    ],
                    vec![],
                )
            },
            "/",
        );
        Self {
            process,
            user_pool_id: pool.into(),
            client_id: "testclient".into(),
            secret_client_id: "secret-testclient".into(),
            client_secret: "test-client-secret".into(),
        }
    }

    /// Its process (for its pid).
    pub fn process(&self) -> &PeerProcess {
        &self.process
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        self.process.base_url()
    }

    /// `amplify_outputs.json` for the public client (or the one with a secret).
    pub fn amplify_outputs(&self, with_secret: bool) -> String {
        let mut auth = json!({
            "aws_region": "us-east-1",
            "user_pool_id": self.user_pool_id,
            "user_pool_client_id": if with_secret { &self.secret_client_id } else { &self.client_id },
        });
        if with_secret {
            auth["user_pool_client_secret"] = json!(self.client_secret);
        }
        json!({"version": "1.3", "auth": auth}).to_string()
    }

    /// Creates a user: `{"username", "password", "mfa"?, "mfa_code"?, "track_devices"?,
    /// "always_remember_devices"?, "force_change_password"?, "required_attributes"?,
    /// "custom_challenges"?: [{"question","answer"}], "first_factors"?, "salt"?: hex (may be
    /// negative or start with 00), "attributes"?: {…}, "confirmed"?, "reset_required"?,
    /// "totp_secret"?, "setup_totp_secret"?: the key MFA set-up hands out (else a random one)}`.
    pub async fn add_user(&self, spec: Value) {
        let resp = crate::http()
            .post(format!("{}/_test/users", self.url()))
            .body(spec.to_string())
            .send()
            .await
            .expect("add user");
        assert!(resp.status().is_success(), "add user: {}", resp.status());
    }

    /// Operations received so far (`op`, `ClientMetadata`, `ChallengeName`, `AuthFlow`).
    pub async fn log(&self) -> Vec<Value> {
        self.get("/_test/log")
            .await
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// Devices it tracks (key → status, confirmed, name, …).
    pub async fn devices(&self) -> Value {
        self.get("/_test/devices").await
    }

    async fn get(&self, path: &str) -> Value {
        crate::http()
            .get(format!("{}{path}", self.url()))
            .send()
            .await
            .expect("GET")
            .json()
            .await
            .expect("JSON")
    }
}
