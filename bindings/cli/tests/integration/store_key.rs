//! Where the CLI finds the key of `--store` (issue 13), through the binary. No peer: `state`
//! reads the store and nothing else. No test depends on an OS keyring: they pin the source, or
//! (Linux) point D-Bus at a socket that is missing or never answers, so the machine's own
//! keyring, if it has one, is never touched.

use crate::support::ok_json;
use cognito_auth_testkit::unique;
use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};

const KEY: &str = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="; // 32 bytes

struct Env {
    dir: PathBuf,
}

impl Env {
    fn new() -> Self {
        let dir = std::env::temp_dir().join(unique("cli-store-key-"));
        std::fs::create_dir_all(&dir).unwrap();
        let config = r#"{"version":"1.3","auth":{"aws_region":"us-east-1","user_pool_id":"us-east-1_abc","user_pool_client_id":"client"}}"#;
        std::fs::write(dir.join("amplify_outputs.json"), config).unwrap();
        Self { dir }
    }

    fn store(&self) -> PathBuf {
        self.dir.join("store")
    }

    /// `$XDG_CONFIG_HOME/cognito-auth/store.key`.
    fn default_key_file(&self) -> PathBuf {
        self.dir.join("config/cognito-auth/store.key")
    }

    /// `state` with a clean environment: none of our variables, a private config home.
    fn command(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_cognito-auth"));
        cmd.arg("--config")
            .arg(self.dir.join("amplify_outputs.json"))
            .arg("--store")
            .arg(self.store())
            .arg("state")
            .env_remove("COGNITO_AUTH_STORE_KEY")
            .env_remove("COGNITO_AUTH_STORE_KEY_FILE")
            .env_remove("COGNITO_AUTH_STORE_KEY_SOURCE")
            .env("HOME", self.dir.join("home"))
            .env("XDG_CONFIG_HOME", self.dir.join("config"));
        cmd
    }

    /// `command()` where the Secret Service is at `bus` (Linux).
    fn with_bus(&self, bus: &str) -> Command {
        let mut cmd = self.command();
        cmd.env("DBUS_SESSION_BUS_ADDRESS", format!("unix:path={bus}"))
            .env("XDG_RUNTIME_DIR", self.dir.join("run"));
        cmd
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn ok(out: &Output) -> Value {
    ok_json(out)
}

fn err(out: &Output) -> (String, String) {
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(out.stdout.is_empty());
    let e: Value = serde_json::from_slice(&out.stderr).unwrap();
    (
        e["error"]["kind"].as_str().unwrap().to_owned(),
        e["error"]["message"].as_str().unwrap().to_owned(),
    )
}

#[cfg(unix)]
fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn the_file_source_keeps_a_private_key_outside_the_store() {
    let env = Env::new();
    let first = env.command().args(["--store-key-source", "file"]).output();
    assert_eq!(ok(&first.unwrap())["user_state"], "signed_out");
    let file = env.default_key_file();
    let key = std::fs::read_to_string(&file).unwrap();
    assert_eq!(key.trim().len(), 44);
    assert!(!file.starts_with(env.store()));
    #[cfg(unix)]
    assert_eq!(mode(&file), 0o600);
    // The same key next time, through the environment variable this time.
    let again = env
        .command()
        .env("COGNITO_AUTH_STORE_KEY_SOURCE", "file")
        .output();
    assert_eq!(ok(&again.unwrap())["user_state"], "signed_out");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), key);
}

#[test]
fn the_environment_key_overrides_every_source() {
    let env = Env::new();
    for source in ["auto", "keyring", "file"] {
        let out = env
            .command()
            .env("COGNITO_AUTH_STORE_KEY", KEY)
            .env("COGNITO_AUTH_STORE_KEY_SOURCE", source)
            .output()
            .unwrap();
        assert_eq!(ok(&out)["user_state"], "signed_out", "{source}");
    }
    assert!(!env.default_key_file().exists(), "no key file made");
}

#[test]
fn an_invalid_environment_key_is_a_clear_error() {
    let env = Env::new();
    let out = env
        .command()
        .env("COGNITO_AUTH_STORE_KEY", "short")
        .output()
        .unwrap();
    let (kind, message) = err(&out);
    assert_eq!(kind, "Storage");
    assert!(
        message.contains("COGNITO_AUTH_STORE_KEY does not hold a store key: it must be the base64"),
        "{message}"
    );
    assert!(!env.store().exists());
}

#[test]
fn a_key_file_and_the_keyring_source_contradict_each_other() {
    let env = Env::new();
    let out = env
        .command()
        .env("COGNITO_AUTH_STORE_KEY_FILE", env.dir.join("mine.key"))
        .args(["--store-key-source", "keyring"])
        .output()
        .unwrap();
    let (_, message) = err(&out);
    assert!(message.contains("unset one of them"), "{message}");
}

#[cfg(target_os = "linux")]
mod without_a_keyring {
    use super::*;
    use std::time::{Duration, Instant};

    #[test]
    fn auto_falls_back_to_the_private_key_file() {
        let env = Env::new();
        let bus = env.dir.join("no-bus");
        let bus = bus.to_str().unwrap();
        assert_eq!(
            ok(&env.with_bus(bus).output().unwrap())["user_state"],
            "signed_out"
        );
        let file = env.default_key_file();
        let key = std::fs::read_to_string(&file).unwrap();
        assert_eq!(mode(&file), 0o600);
        assert_eq!(mode(file.parent().unwrap()), 0o700);
        assert!(!file.starts_with(env.store()));
        // Used again, not replaced.
        assert_eq!(
            ok(&env.with_bus(bus).output().unwrap())["user_state"],
            "signed_out"
        );
        assert_eq!(std::fs::read_to_string(&file).unwrap(), key);
        // A store in use whose key file is gone is refused, never given a fresh key.
        std::fs::remove_file(&file).unwrap();
        let (kind, message) = err(&env.with_bus(bus).output().unwrap());
        assert_eq!(kind, "Storage");
        assert!(message.contains("already holds files"), "{message}");
        assert!(!file.exists());
    }

    #[test]
    fn forcing_the_keyring_without_one_is_a_clear_error() {
        let env = Env::new();
        let bus = env.dir.join("no-bus");
        let out = env
            .with_bus(bus.to_str().unwrap())
            .args(["--store-key-source", "keyring"])
            .output()
            .unwrap();
        let (kind, message) = err(&out);
        assert_eq!(kind, "Storage");
        assert!(
            message
                .contains("the store key source is `keyring`, but the OS keyring cannot be used")
                && message.contains("COGNITO_AUTH_STORE_KEY_SOURCE=file"),
            "{message}"
        );
        assert!(!env.default_key_file().exists());
        assert!(!env.store().exists());
    }

    #[test]
    fn a_keyring_that_never_answers_costs_a_few_seconds_not_a_hang() {
        let env = Env::new();
        let path = env.dir.join("silent-bus");
        // Accepts connections and says nothing: a D-Bus daemon that hangs.
        let listener = std::os::unix::net::UnixListener::bind(&path).unwrap();
        let held = std::thread::spawn(move || {
            let mut connections = Vec::new();
            for connection in listener.incoming().take(1) {
                connections.push(connection);
                std::thread::sleep(Duration::from_secs(10));
            }
        });
        let started = Instant::now();
        let out = env.with_bus(path.to_str().unwrap()).output().unwrap();
        let took = started.elapsed();
        assert_eq!(ok(&out)["user_state"], "signed_out");
        assert!(took < Duration::from_secs(8), "took {took:?}");
        assert!(env.default_key_file().exists());
        drop(held);
    }
}
