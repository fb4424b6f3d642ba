//! The moto server.

use crate::pool::{PoolSpec, TestPool, create_pool};
use crate::process::{PeerProcess, peers_dir};
use std::sync::OnceLock;

/// A running `moto_server` on 127.0.0.1.
#[derive(Debug)]
pub struct Moto {
    process: PeerProcess,
}

impl Moto {
    /// Starts a moto server of this test's own (killed when dropped).
    pub fn start() -> Self {
        Self::start_with_env(&[])
    }

    /// Starts a moto server with extra environment, e.g.
    /// `MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP=true` to have TOTP codes checked.
    pub fn start_with_env(env: &[(&str, &str)]) -> Self {
        let bin = peers_dir().join(".venv/bin/moto_server");
        assert!(
            bin.exists(),
            "moto is not installed at {}: run `make setup`",
            bin.display()
        );
        let env: Vec<(String, String)> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .chain([
                ("AWS_DEFAULT_REGION".to_owned(), "us-east-1".to_owned()),
                (
                    "MOTO_ALLOW_NONEXISTENT_REGION".to_owned(),
                    "true".to_owned(),
                ),
            ])
            .collect();
        let process = PeerProcess::spawn(
            "moto",
            &bin,
            |port, _dir| {
                (
                    vec![
                        "-H".into(),
                        "127.0.0.1".into(),
                        "-p".into(),
                        port.to_string(),
                    ],
                    env.clone(),
                )
            },
            "/moto-api/",
        );
        Self { process }
    }

    /// One server shared by every test of this test binary (a fresh pool per test keeps
    /// them apart); killed by the watchdog when the test process exits.
    pub fn shared() -> &'static Moto {
        static SHARED: OnceLock<Moto> = OnceLock::new();
        SHARED.get_or_init(Moto::start)
    }

    /// `http://127.0.0.1:<port>`: the endpoint of every AWS service moto imitates.
    pub fn url(&self) -> String {
        self.process.base_url()
    }

    /// The process handle (PID, log).
    pub fn process(&self) -> &PeerProcess {
        &self.process
    }

    /// Creates a fresh user pool, two app clients (public; with a secret) and, unless the
    /// spec says otherwise, an identity pool trusting the pool.
    pub async fn create_pool(&self, spec: PoolSpec) -> TestPool {
        create_pool(&self.url(), spec).await
    }

    /// Switches request authentication on (`POST /moto-api/reset-auth` with `0`): from now on
    /// moto checks SigV4 signatures against the keys it issued.
    pub async fn enable_request_auth(&self) {
        let resp = crate::http()
            .post(format!("{}/moto-api/reset-auth", self.url()))
            .body("0")
            .send()
            .await
            .expect("reset-auth");
        assert!(resp.status().is_success(), "reset-auth: {}", resp.status());
    }

    /// The confirmation code moto sent for a forgot-password request, from the
    /// `x-moto-forgot-password-confirmation-code` response header of `ForgotPassword`.
    pub async fn forgot_password_code(&self, client_id: &str, username: &str) -> String {
        let resp = crate::http()
            .post(format!("{}/", self.url()))
            .header(
                "X-Amz-Target",
                "AWSCognitoIdentityProviderService.ForgotPassword",
            )
            .header("Content-Type", "application/x-amz-json-1.1")
            .body(serde_json::json!({"ClientId": client_id, "Username": username}).to_string())
            .send()
            .await
            .expect("ForgotPassword");
        resp.headers()
            .get("x-moto-forgot-password-confirmation-code")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
            .unwrap_or_else(|| panic!("no code header; status {}", resp.status()))
    }
}
