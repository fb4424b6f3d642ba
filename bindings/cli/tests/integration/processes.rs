//! Two CLI processes on one `--store` (moto behind the testkit's proxies): the file store's
//! lock makes one refresh serve both, and a sign-out by one is final for the other, even
//! when it lands while the other's refresh is in flight (slowed by the fault proxy).

use crate::support::ok_json;
use cognito_auth::{FileStore, SecureStore, StoreKey};
use cognito_auth_testkit::{CountingProxy, Fault, FaultProxy, Moto, PoolSpec, TestPool, unique};
use serde_json::Value;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const PASSWORD: &str = "Corr3ct-Horse!";

struct Env {
    pool: TestPool,
    dir: PathBuf,
    proxy: CountingProxy,
}

impl Env {
    async fn new() -> Self {
        let pool = Moto::shared().create_pool(PoolSpec::default()).await;
        let dir = std::env::temp_dir().join(unique("cli-processes-"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("amplify_outputs.json"), pool.amplify_outputs()).unwrap();
        let proxy = CountingProxy::start(&pool.endpoint);
        Self { pool, dir, proxy }
    }

    /// The CLI on the shared store, reaching Cognito at `endpoint`.
    fn command(&self, endpoint: &str, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_cognito-auth"));
        cmd.arg("--config")
            .arg(self.dir.join("amplify_outputs.json"))
            .args(["--user-pool-endpoint", endpoint])
            .args(["--identity-pool-endpoint", endpoint])
            .arg("--store")
            .arg(self.dir.join("store"))
            .env_remove("COGNITO_AUTH_STORE_KEY")
            .env("COGNITO_AUTH_STORE_KEY_FILE", self.key_file())
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        cmd
    }

    fn key_file(&self) -> PathBuf {
        self.dir.join("store.key")
    }

    fn spawn(&self, args: &[&str]) -> Child {
        self.command(&self.proxy.url(), args).spawn().unwrap()
    }

    fn ok(&self, args: &[&str]) -> Value {
        ok_json(&self.command(&self.proxy.url(), args).output().unwrap())
    }

    /// A signed-in user whose stored tokens expired ten seconds ago.
    async fn signed_in_with_aged_tokens(&self) {
        let user = unique("proc");
        self.pool
            .create_user(
                &user,
                PASSWORD,
                &[("email", &format!("{user}@example.com"))],
            )
            .await;
        self.ok(&["sign-in", &user, "--password", PASSWORD]);
        let key = StoreKey::load_or_create(&self.key_file()).unwrap();
        let store = FileStore::encrypted(self.dir.join("store"), key).unwrap();
        let namespace = std::fs::read_dir(self.dir.join("store"))
            .unwrap()
            .flatten()
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                name.strip_suffix(".json")
                    .filter(|n| n.starts_with("cognito-auth."))
                    .map(str::to_owned)
            })
            .next()
            .expect("a session namespace");
        let bytes = store.get(&namespace, "session").await.unwrap().unwrap();
        let mut session: Value = serde_json::from_slice(&bytes).unwrap();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        session["user_pool"]["tokens"]["expires_at"] = (now - 10).into();
        let bytes = serde_json::to_vec(&session).unwrap();
        store.set(&namespace, "session", bytes).await.unwrap();
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[tokio::test]
async fn two_processes_refresh_one_session_once() {
    let env = Env::new().await;
    env.signed_in_with_aged_tokens().await;
    let before = env.proxy.count("InitiateAuth");
    let (a, b) = (env.spawn(&["fetch-session"]), env.spawn(&["fetch-session"]));
    let (a, b) = (
        ok_json(&a.wait_with_output().unwrap()),
        ok_json(&b.wait_with_output().unwrap()),
    );
    assert_eq!(a["is_signed_in"], true, "{a}");
    assert_eq!(b["is_signed_in"], true, "{b}");
    assert!(a["tokens"]["error"].is_null(), "{a}");
    assert_eq!(
        a["tokens"], b["tokens"],
        "both print the one refreshed session"
    );
    assert_eq!(
        env.proxy.count("InitiateAuth") - before,
        1,
        "the second process waited for the first's refresh and used its tokens"
    );
}

#[tokio::test]
async fn a_sign_out_while_another_process_refreshes_is_final() {
    let env = Env::new().await;
    env.signed_in_with_aged_tokens().await;
    let slow = FaultProxy::start(&env.pool.endpoint);
    slow.set_fault_for("InitiateAuth", Fault::Delay(Duration::from_millis(1500)));
    let refreshing = env
        .command(&slow.url(), &["fetch-session"])
        .spawn()
        .unwrap();
    while slow.count("InitiateAuth") == 0 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    env.ok(&["sign-out"]);
    // The refresh ends either way (its tokens or the sign-out); what is stored is the
    // sign-out, for this process and the next.
    let _ = refreshing.wait_with_output().unwrap();
    assert_eq!(env.ok(&["state"])["user_state"], "guest");
    let s = env.ok(&["fetch-session"]);
    assert_eq!(s["is_signed_in"], false, "{s}");
    assert_eq!(s["tokens"]["error"]["kind"], "SignedOut", "{s}");
}
