//! `sign-in-web` end to end: the CLI's loopback presenter, a browser, and oidc-provider
//! (Cognito-shaped routes) as the hosted UI. One run drives Debian's Chromium headlessly
//! through `$BROWSER` (playwright-core), as a user's browser would be driven; the others use
//! `--no-browser` and the cookie-jar test browser.

use cognito_auth_testkit::{
    Browser, ClientSpec, LoginAction, OidcClient, OidcProvider, free_port, peers_dir, unique,
};
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

const PASSWORD: &str = "Corr3ct-Horse!";

struct Env {
    provider: &'static OidcProvider,
    dir: PathBuf,
    username: String,
}

async fn env(redirect_uris: Vec<String>) -> Env {
    let provider = OidcProvider::shared();
    let app: OidcClient = provider
        .register_client(ClientSpec {
            redirect_uris,
            post_logout_redirect_uris: vec!["myapp://signout".into()],
            confidential: false,
        })
        .await;
    let username = unique("carol");
    provider.create_user(&username, PASSWORD).await;
    let dir = std::env::temp_dir().join(unique("cli-hosted-ui-"));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("amplify_outputs.json"), app.amplify_outputs()).unwrap();
    Env {
        provider,
        dir,
        username,
    }
}

impl Env {
    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_cognito-auth"));
        c.arg("--config")
            .arg(self.dir.join("amplify_outputs.json"))
            .arg("--store")
            .arg(self.dir.join("store"))
            .env("COGNITO_AUTH_STORE_KEY_FILE", self.dir.join("store.key"))
            .args(["--oauth-endpoint", &self.provider.url()])
            .args(args)
            .env_remove("BROWSER");
        c
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn done(out: &Output) {
    assert!(
        out.status.success(),
        "exit {:?}, stderr {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v, serde_json::json!({"next_step": {"type": "done"}}));
}

/// The error document: the last line of stderr (a printed URL may precede it).
fn error_kind(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(out.stdout.is_empty());
    let text = String::from_utf8_lossy(&out.stderr);
    let v: Value = serde_json::from_str(text.lines().last().unwrap_or("")).unwrap();
    v["error"]["kind"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn sign_in_web_in_headless_chromium() {
    let env = env(vec![format!("http://localhost:{}/callback", free_port())]).await;
    let script = peers_dir().join("oidc/browser.mjs");
    let log = env.dir.join("browser.log");
    let out = env
        .command(&["sign-in-web", "--timeout", "90"])
        .env("BROWSER", format!("node {}", script.display()))
        .env("OIDC_LOGIN_USERNAME", &env.username)
        .env("OIDC_LOGIN_PASSWORD", PASSWORD)
        .env("BROWSER_LOG", &log)
        .output()
        .unwrap();
    let trace = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(out.status.success(), "browser trace:\n{trace}");
    done(&out);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Chromium typed the password into the provider's page and reached our listener.
    assert!(
        trace.contains(&format!("login as {}", env.username)),
        "{trace}"
    );
    for _ in 0..100 {
        if std::fs::read_to_string(&log)
            .unwrap_or_default()
            .contains("done:")
        {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let trace = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(trace.contains("done: Sign-in received"), "{trace}");
}

#[tokio::test]
async fn sign_in_web_no_browser_prints_the_url_and_waits_for_the_redirect() {
    let env = env(vec![
        "myapp://callback".into(),
        format!("http://127.0.0.1:{}/callback", free_port()),
    ])
    .await;
    let mut child = env
        .command(&[
            "sign-in-web",
            "--no-browser",
            "--timeout",
            "60",
            "--provider",
            "google",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut url = String::new();
    while url.is_empty() {
        let mut line = String::new();
        assert!(stderr.read_line(&mut line).unwrap() > 0, "stderr ended");
        if line.starts_with("http") {
            url = line.trim().to_owned();
        }
    }
    assert!(url.contains("identity_provider=Google"), "{url}");
    assert!(url.contains("redirect_uri=http%3A%2F%2F127.0.0.1"), "{url}");
    Browser::new()
        .navigate(&url, &LoginAction::sign_in(&env.username, PASSWORD), |_| {
            false
        })
        .await
        .unwrap();
    let out = child.wait_with_output().unwrap();
    done(&out);
}

#[tokio::test]
async fn sign_in_web_times_out_cleanly() {
    let env = env(vec![format!("http://127.0.0.1:{}/cb", free_port())]).await;
    let out = env
        .command(&["sign-in-web", "--no-browser", "--timeout", "1"])
        .output()
        .unwrap();
    assert_eq!(error_kind(&out), "Cancelled");
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("Open this URL"), "{text}");
    assert!(text.contains("within 1 s"), "{text}");
}

#[tokio::test]
async fn sign_in_web_needs_a_loopback_redirect_uri() {
    let env = env(vec!["myapp://callback".into()]).await;
    let out = env
        .command(&["sign-in-web", "--no-browser"])
        .output()
        .unwrap();
    assert_eq!(error_kind(&out), "Configuration");
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("loopback redirect URI"), "{text}");
}

#[tokio::test]
async fn sign_in_web_refuses_a_zero_timeout() {
    let env = env(vec![format!("http://127.0.0.1:{}/cb", free_port())]).await;
    let out = env
        .command(&["sign-in-web", "--timeout", "0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "usage error");
}
