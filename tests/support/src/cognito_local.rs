//! The cognito-local server.

use crate::pool::{PoolSpec, TestPool, create_pool};
use crate::process::{PeerProcess, peers_dir};
use std::path::PathBuf;
use std::sync::OnceLock;

/// A running `cognito-local` on 127.0.0.1 (its database in a temporary directory).
#[derive(Debug)]
pub struct CognitoLocal {
    process: PeerProcess,
}

impl CognitoLocal {
    /// Starts a cognito-local server of this test's own (killed when dropped).
    pub fn start() -> Self {
        let script = peers_dir().join("node_modules/cognito-local/lib/bin/start.js");
        assert!(
            script.exists(),
            "cognito-local is not installed at {}: run `make setup`",
            script.display()
        );
        let node = PathBuf::from("node");
        let process = PeerProcess::spawn(
            "cognito-local",
            &node,
            |port, dir| {
                // Plain user names (the default demands email addresses).
                let db = dir.join(".cognito");
                std::fs::create_dir_all(&db).expect("create .cognito");
                std::fs::write(
                    db.join("config.json"),
                    r#"{"UserPoolDefaults": {"UsernameAttributes": []}}"#,
                )
                .expect("write cognito-local config");
                (
                    vec![script.display().to_string()],
                    vec![
                        ("HOST".into(), "127.0.0.1".into()),
                        ("PORT".into(), port.to_string()),
                        ("DEBUG".into(), "0".into()),
                    ],
                )
            },
            "/",
        );
        Self { process }
    }

    /// One server shared by every test of this test binary.
    pub fn shared() -> &'static CognitoLocal {
        static SHARED: OnceLock<CognitoLocal> = OnceLock::new();
        SHARED.get_or_init(CognitoLocal::start)
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        self.process.base_url()
    }

    /// The process handle (PID, log).
    pub fn process(&self) -> &PeerProcess {
        &self.process
    }

    /// Creates a fresh user pool with a public and a secret app client (no identity pool:
    /// cognito-local has none).
    pub async fn create_pool(&self, spec: PoolSpec) -> TestPool {
        create_pool(
            &self.url(),
            PoolSpec {
                identity_pool: false,
                ..spec
            },
        )
        .await
    }

    /// The pending code of a user (sign-up confirmation, password reset), read from
    /// cognito-local's database; `name` is the user name or the email address.
    pub fn confirmation_code(&self, pool_id: &str, name: &str) -> Option<String> {
        self.user_record(pool_id, name)?
            .get("ConfirmationCode")?
            .as_str()
            .map(str::to_owned)
    }

    /// A pending attribute verification code (`AttributeVerificationCode`).
    pub fn attribute_verification_code(&self, pool_id: &str, name: &str) -> Option<String> {
        self.user_record(pool_id, name)?
            .get("AttributeVerificationCode")?
            .as_str()
            .map(str::to_owned)
    }

    /// A user's raw record in cognito-local's database.
    pub fn user_record(&self, pool_id: &str, name: &str) -> Option<serde_json::Value> {
        let path = self
            .process
            .dir()
            .join(".cognito/db")
            .join(format!("{pool_id}.json"));
        let db: serde_json::Value = serde_json::from_slice(&std::fs::read(path).ok()?).ok()?;
        db.get("Users")?
            .as_object()?
            .values()
            .find(|u| {
                u["Username"] == name
                    || u["Attributes"].as_array().is_some_and(|attrs| {
                        attrs
                            .iter()
                            .any(|a| a["Name"] == "email" && a["Value"] == name)
                    })
            })
            .cloned()
    }
}
