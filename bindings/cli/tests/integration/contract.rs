//! The CLI contract, end to end against moto: JSON on stdout and exit 0, or
//! `{"error":{"kind","message"}}` on stderr and a non-zero exit.

use crate::support::ok_json;
use cognito_auth_testkit::{Moto, PoolSpec, TestPool, unique};
use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};

struct Env {
    pool: TestPool,
    dir: PathBuf,
}

async fn env() -> Env {
    let pool = Moto::shared().create_pool(PoolSpec::default()).await;
    let dir = std::env::temp_dir().join(unique("cli-test-"));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("amplify_outputs.json"), pool.amplify_outputs()).unwrap();
    Env { pool, dir }
}

impl Env {
    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_cognito-auth"))
            .arg("--config")
            .arg(self.dir.join("amplify_outputs.json"))
            .args(["--user-pool-endpoint", &self.pool.endpoint])
            .args(["--identity-pool-endpoint", &self.pool.endpoint])
            .arg("--store")
            .arg(self.dir.join("store"))
            .env("COGNITO_AUTH_STORE_KEY_FILE", self.dir.join("store.key"))
            .args(args)
            .output()
            .unwrap()
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn err_json(out: &Output, code: i32) -> Value {
    assert_eq!(out.status.code(), Some(code), "{out:?}");
    assert!(out.stdout.is_empty(), "nothing on stdout on failure");
    serde_json::from_slice(&out.stderr)
        .unwrap_or_else(|_| panic!("stderr is JSON: {}", String::from_utf8_lossy(&out.stderr)))
}

#[tokio::test]
async fn sign_up_and_confirm_follow_the_contract() {
    let env = env().await;
    let user = unique("cli");
    let out = env.run(&[
        "sign-up",
        &user,
        "--password",
        "Passw0rd-ok",
        "--attribute",
        &format!("email={user}@example.com"),
    ]);
    let v = ok_json(&out);
    assert_eq!(v["next_step"]["type"], "confirm_sign_up");
    assert_eq!(v["user_id"].as_str().map(str::len), Some(36));

    let v = ok_json(&env.run(&["confirm-sign-up", &user, "123456"]));
    assert_eq!(v["next_step"]["type"], "done");

    let e = err_json(
        &env.run(&["sign-up", &user, "--password", "Passw0rd-ok"]),
        1,
    );
    assert_eq!(e["error"]["kind"], "UsernameExists");
    let e = err_json(
        &env.run(&["sign-up", &unique("w"), "--password", "weak"]),
        1,
    );
    assert_eq!(e["error"]["kind"], "InvalidPassword");
    assert!(
        e["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty())
    );
    let e = err_json(&env.run(&["confirm-sign-up", &unique("nobody"), "1"]), 1);
    assert_eq!(e["error"]["kind"], "UserNotFound");
}

#[tokio::test]
async fn config_command_shows_no_secret() {
    let env = env().await;
    std::fs::write(
        env.dir.join("amplify_outputs.json"),
        env.pool.amplify_outputs_with_secret(),
    )
    .unwrap();
    let out = env.run(&["config"]);
    let v = ok_json(&out);
    assert_eq!(v["user_pool_id"], env.pool.user_pool_id.as_str());
    assert_eq!(v["has_client_secret"], true);
    assert_eq!(v["source"], "amplify_outputs");
    assert_eq!(v["fingerprint"].as_str().map(str::len), Some(24));
    assert!(!String::from_utf8_lossy(&out.stdout).contains(&env.pool.client_secret));
}

#[tokio::test]
async fn configuration_and_usage_errors() {
    let env = env().await;
    std::fs::write(
        env.dir.join("amplify_outputs.json"),
        r#"{"auth": {"aws_region": "us-east-1"}}"#,
    )
    .unwrap();
    let e = err_json(&env.run(&["config"]), 1);
    assert_eq!(e["error"]["kind"], "Configuration");
    assert!(
        e["error"]["message"]
            .as_str()
            .unwrap()
            .contains("auth.user_pool_id")
    );

    let e = err_json(&env.run(&["no-such-command"]), 2);
    assert_eq!(e["error"]["kind"], "Usage");
    let e = err_json(&env.run(&["sign-up", "x", "--attribute", "novalue"]), 2);
    assert_eq!(e["error"]["kind"], "Usage");

    let missing = Command::new(env!("CARGO_BIN_EXE_cognito-auth"))
        .args(["config"])
        .env_remove("COGNITO_AUTH_CONFIG")
        .output()
        .unwrap();
    let e = err_json(&missing, 1);
    assert_eq!(e["error"]["kind"], "Configuration");
}

#[tokio::test]
async fn network_failure_is_a_network_kind() {
    let env = env().await;
    let port = cognito_auth_testkit::free_port();
    let out = Command::new(env!("CARGO_BIN_EXE_cognito-auth"))
        .arg("--config")
        .arg(env.dir.join("amplify_outputs.json"))
        .args(["--user-pool-endpoint", &format!("http://127.0.0.1:{port}")])
        .args(["sign-up", "someone", "--password", "Passw0rd-ok"])
        .output()
        .unwrap();
    let e = err_json(&out, 1);
    assert_eq!(e["error"]["kind"], "Network");
}
