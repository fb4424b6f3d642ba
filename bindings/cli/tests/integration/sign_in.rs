//! The sign-in and account commands through the binary: moto (SRP accepted without a proof
//! check) and OUR verifying test server (tests/srp/cognito_test_server.py, which checks the
//! SRP proof), one process per command as a user would run them.

use crate::support::ok_json;
use cognito_auth_testkit::{CognitoTestServer, Moto, PoolSpec, unique};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Cli {
    dir: PathBuf,
    endpoint: String,
}

impl Cli {
    fn new(outputs: &str, endpoint: &str) -> Self {
        let dir = std::env::temp_dir().join(unique("cli-sign-in-"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("amplify_outputs.json"), outputs).unwrap();
        Self {
            dir,
            endpoint: endpoint.to_owned(),
        }
    }

    fn store(&self) -> PathBuf {
        self.dir.join("store")
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_cognito-auth"))
            .arg("--config")
            .arg(self.dir.join("amplify_outputs.json"))
            .args(["--user-pool-endpoint", &self.endpoint])
            .arg("--store")
            .arg(self.store())
            .env(
                "COGNITO_AUTH_STORE_KEY_FILE",
                self.store().with_extension("key"),
            )
            .args(args)
            .output()
            .unwrap()
    }

    fn ok(&self, args: &[&str]) -> Value {
        ok_json(&self.run(args))
    }

    fn err(&self, args: &[&str]) -> Value {
        let out = self.run(args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {out:?}");
        assert!(out.stdout.is_empty());
        serde_json::from_slice(&out.stderr).unwrap()
    }
}

impl Drop for Cli {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The keys stored under `dir` (the file store's JSON files, unencrypted here), without the
/// store's own bookkeeping (`active-namespace`, which records the configuration in use).
/// The records the CLI keeps in its (encrypted) store, opened with its key file.
async fn stored_keys(dir: &Path) -> Vec<String> {
    use cognito_auth::{FileStore, SecureStore, StoreKey};
    let key = StoreKey::load_or_create(&dir.with_extension("key")).unwrap();
    let store = FileStore::encrypted(dir, key).unwrap();
    let mut keys = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(namespace) = name.strip_suffix(".json") else {
            continue;
        };
        for key in [
            "session",
            "pending-sign-in",
            "auto-sign-in",
            "hosted_ui.pending",
        ] {
            if store.get(namespace, key).await.unwrap().is_some() {
                keys.push(key.to_owned());
            }
        }
    }
    keys
}

#[tokio::test]
async fn srp_sign_in_against_moto_and_a_wrong_password_stores_nothing() {
    let pool = Moto::shared().create_pool(PoolSpec::default()).await;
    let cli = Cli::new(&pool.amplify_outputs(), &pool.endpoint);
    let user = unique("cli");
    cli.ok(&["sign-up", &user, "--password", "Corr3ct-Horse!"]);
    cli.ok(&["confirm-sign-up", &user, "123456"]);
    let e = cli.err(&[
        "sign-in",
        &user,
        "--password",
        "Wr0ng-horse",
        "--flow",
        "user-password",
    ]);
    assert_eq!(e["error"]["kind"], "NotAuthorized");
    assert_eq!(
        stored_keys(&cli.store()).await,
        Vec::<String>::new(),
        "nothing stored after a refused sign-in"
    );
    let v = cli.ok(&["sign-in", &user, "--password", "Corr3ct-Horse!"]);
    assert_eq!(v, json!({"next_step": {"type": "done"}}));
}

#[tokio::test]
async fn srp_sign_in_against_the_verifying_server() {
    let server = CognitoTestServer::start();
    server
        .add_user(json!({"username": "vera", "password": "Corr3ct-Horse!", "salt": "-00ff"}))
        .await;
    let cli = Cli::new(&server.amplify_outputs(true), &server.url());
    let e = cli.err(&["sign-in", "vera", "--password", "Wr0ng-horse"]);
    assert_eq!(e["error"]["kind"], "NotAuthorized");
    assert_eq!(
        stored_keys(&cli.store()).await,
        Vec::<String>::new(),
        "nothing stored after a refused sign-in"
    );
    let v = cli.ok(&["sign-in", "vera", "--password", "Corr3ct-Horse!"]);
    assert_eq!(v["next_step"]["type"], "done");
    let e = cli.err(&["confirm-sign-in", "123456"]);
    assert_eq!(e["error"]["kind"], "InvalidState", "{e}");
}

/// `--store` persists between processes (file store): a sign-in stopped at a challenge in one
/// process is answered in the next; device and account commands find the signed-in user.
#[tokio::test]
async fn a_challenge_is_answered_by_the_next_process() {
    let server = CognitoTestServer::start();
    server
        .add_user(
            json!({"username": "mfa", "password": "Corr3ct-Horse!", "mfa": "SMS_MFA",
            "mfa_code": "246802", "track_devices": true}),
        )
        .await;
    let cli = Cli::new(&server.amplify_outputs(false), &server.url());
    let v = cli.ok(&["sign-in", "mfa", "--password", "Corr3ct-Horse!"]);
    assert_eq!(v["next_step"]["type"], "confirm_sign_in_with_sms_mfa_code");
    assert_eq!(
        stored_keys(&cli.store()).await,
        vec!["pending-sign-in".to_owned()]
    );
    let store_text: String = std::fs::read_dir(cli.store())
        .unwrap()
        .flatten()
        .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
        .collect();
    assert!(
        !store_text.contains("Corr3ct-Horse!"),
        "the password is never stored"
    );
    let e = cli.err(&["confirm-sign-in", "000000"]);
    assert_eq!(e["error"]["kind"], "CodeMismatch");
    let v = cli.ok(&["confirm-sign-in", "246802"]);
    assert_eq!(v["next_step"]["type"], "done");
    let v = cli.ok(&["fetch-devices"]);
    assert_eq!(v["devices"].as_array().unwrap().len(), 1);
    cli.ok(&["remember-device"]);
    let v = cli.ok(&["fetch-user-attributes"]);
    assert!(v["attributes"].is_object());
}
