//! `cognito-auth login` as a person uses it: the binary runs in a tmux pane, keys are typed
//! with `send-keys` and the screen is read with `capture-pane`. Against OUR TEST SERVER
//! (tests/srp/cognito_test_server.py), which checks the SRP proof (so the wrong password is
//! really refused) and the SMS code; and against cognito-local, which checks the code that
//! verifies an email (`login --verify-contact`). `make setup` installs tmux; without it the
//! tests say so and pass.

use cognito_auth_testkit::{CognitoLocal, CognitoTestServer, PoolSpec, unique};
use serde_json::{Value, json};
use std::path::PathBuf;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

const PW: &str = "Corr3ct-Horse!";
const WRONG: &str = "Wr0ng-Horse!";

/// A tmux server of this test's own (its own socket), killed when dropped.
struct Pane {
    socket: String,
}

impl Pane {
    fn tmux(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .args(["-L", &self.socket, "-f", "/dev/null"])
            .args(args)
            .output()
            .expect("run tmux")
    }

    fn start(command: &str) -> Self {
        let pane = Self {
            socket: unique("cognito-auth-login-"),
        };
        let out = pane.tmux(&[
            "new-session",
            "-d",
            "-s",
            "login",
            "-x",
            "160",
            "-y",
            "50",
            command,
        ]);
        assert!(out.status.success(), "tmux: {out:?}");
        pane
    }

    /// Types `text` (literally), then presses Enter.
    fn type_line(&self, text: &str) {
        if !text.is_empty() {
            assert!(
                self.tmux(&["send-keys", "-t", "login", "-l", text])
                    .status
                    .success()
            );
        }
        self.enter();
    }

    fn enter(&self) {
        assert!(
            self.tmux(&["send-keys", "-t", "login", "Enter"])
                .status
                .success()
        );
    }

    fn screen(&self) -> String {
        let out = self.tmux(&["capture-pane", "-p", "-t", "login", "-S", "-500"]);
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits until the pane shows `needle` `times` times (prompts repeat across screens).
    fn wait_for(&self, needle: &str, times: usize) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let text = self.screen();
            if text.matches(needle).count() >= times {
                return text;
            }
            assert!(
                Instant::now() < deadline,
                "the pane never showed {needle:?} ×{times}:\n{text}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Pane {
    fn drop(&mut self) {
        let _ = self.tmux(&["kill-server"]);
    }
}

fn tmux_missing() -> bool {
    let missing = Command::new("tmux").arg("-V").output().is_err();
    if missing {
        eprintln!("SKIPPED: tmux is not installed (`make setup` installs it)");
    }
    missing
}

/// `cognito-auth login` running in a pane: prompts on the pane (standard error), the JSON in
/// a file (standard output), the exit status in another.
struct Login {
    pane: Pane,
    dir: PathBuf,
}

impl Login {
    fn start(outputs: &str, endpoint: &str, args: &str) -> Self {
        let dir = std::env::temp_dir().join(unique("cli-login-"));
        std::fs::create_dir_all(&dir).unwrap();
        let config = dir.join("amplify_outputs.json");
        std::fs::write(&config, outputs).unwrap();
        let command = format!(
            "{bin} --config {config} --user-pool-endpoint {endpoint} login {args} > {out}; echo $? > {status}; sleep 60",
            bin = env!("CARGO_BIN_EXE_cognito-auth"),
            config = config.display(),
            out = dir.join("out.json").display(),
            status = dir.join("status").display(),
        );
        Self {
            pane: Pane::start(&command),
            dir,
        }
    }

    /// Waits for the command to end: its exit status must be 0; what it printed, and the pane.
    fn finish(self) -> (Value, String) {
        let status = self.dir.join("status");
        let deadline = Instant::now() + Duration::from_secs(20);
        while !status.exists() {
            assert!(
                Instant::now() < deadline,
                "login never ended:\n{}",
                self.pane.screen()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        std::thread::sleep(Duration::from_millis(100));
        let text = self.pane.screen();
        assert_eq!(
            std::fs::read_to_string(&status).unwrap().trim(),
            "0",
            "exit status:\n{text}"
        );
        let out = std::fs::read_to_string(self.dir.join("out.json")).unwrap();
        let _ = std::fs::remove_dir_all(&self.dir);
        (serde_json::from_str(&out).unwrap(), text)
    }
}

#[tokio::test]
async fn login_in_a_terminal_wrong_password_then_right_then_an_sms_code() {
    if tmux_missing() {
        return;
    }
    let server = CognitoTestServer::start();
    server
        .add_user(
            json!({"username": "tty", "password": PW, "mfa": "SMS_MFA", "mfa_code": "864209"}),
        )
        .await;
    let login = Login::start(&server.amplify_outputs(false), &server.url(), "");
    let pane = &login.pane;

    // Sign-in screen: its buttons, the first (Sign in) chosen with Enter.
    let text = pane.wait_for("Forgot your password?", 1);
    assert!(text.contains("== Sign in =="), "{text}");
    assert!(text.contains("Create an account"), "{text}");
    pane.enter();
    pane.wait_for("Username", 1);
    pane.type_line("tty");
    pane.wait_for("Password", 1);
    pane.type_line(WRONG);

    // Refused by the server's SRP check: the banner, and sign-in again with the name kept.
    pane.wait_for("! The username or password is not right.", 1);
    pane.wait_for("== Sign in ==", 2);
    // A chosen menu is cleared from the pane: this is the second screen's.
    pane.wait_for("Forgot your password?", 1);
    pane.enter();
    pane.wait_for("Username", 2);
    pane.enter(); // the name is offered again
    pane.wait_for("Password", 2);
    pane.type_line(PW);

    // SMS code screen.
    let text = pane.wait_for("We sent a code to +*******1234.", 1);
    assert!(text.contains("Back to sign in"), "{text}");
    pane.enter();
    pane.wait_for("Code", 1);
    pane.type_line("864209");

    let (printed, text) = login.finish();
    assert_eq!(
        printed,
        json!({"next_step": {"type": "done"}}),
        "what sign-in prints"
    );
    assert!(
        !text.contains(PW) && !text.contains(WRONG),
        "passwords are never shown:\n{text}"
    );
    let log = server.log().await;
    assert_eq!(
        log.iter()
            .filter(|e| e["ChallengeName"] == "PASSWORD_VERIFIER")
            .count(),
        2,
        "two SRP proofs: the wrong one and the right one"
    );
    assert!(log.iter().any(|e| e["ChallengeName"] == "SMS_MFA"));
}

#[tokio::test]
async fn login_verify_contact_wrong_code_then_the_one_cognito_local_sent() {
    if tmux_missing() {
        return;
    }
    let peer = CognitoLocal::shared();
    let pool = peer.create_pool(PoolSpec::verifying(&["email"])).await;
    let user = unique("ttyv");
    pool.create_user(&user, PW, &[("email", "tty@example.com")])
        .await;
    // cognito-local has no SRP: the password goes as USER_PASSWORD_AUTH.
    let mut outputs: Value = serde_json::from_str(&pool.amplify_outputs()).unwrap();
    outputs["auth"]["authentication_flow_type"] = "USER_PASSWORD_AUTH".into();
    let login = Login::start(&outputs.to_string(), &pool.endpoint, "--verify-contact");
    let pane = &login.pane;

    pane.wait_for("Forgot your password?", 1);
    pane.enter();
    pane.wait_for("Username", 1);
    pane.type_line(&user);
    pane.wait_for("Password", 1);
    pane.type_line(PW);

    // Signed in, the email unverified: verify it (the first choice) or skip.
    let text = pane.wait_for("== Verify how we can reach you ==", 1);
    assert!(text.contains("Verify my email address"), "{text}");
    assert!(text.contains("Skip for now"), "{text}");
    assert!(!text.contains("Verify my phone number"), "{text}");
    pane.enter();
    pane.wait_for("== Enter the verification code ==", 1);
    let code = peer
        .attribute_verification_code(&pool.user_pool_id, &user)
        .expect("cognito-local keeps the attribute code");
    pane.enter(); // Verify
    pane.wait_for("Code", 1);
    pane.type_line(if code == "000000" { "111111" } else { "000000" });
    // Refused: the same screen, the error above the prompt.
    pane.wait_for("== Enter the verification code ==", 2);
    pane.enter();
    pane.wait_for("! That code is not right. Check it and try again.", 1);
    pane.type_line(&code);

    let (printed, _) = login.finish();
    assert_eq!(printed, json!({"next_step": {"type": "done"}}));
    let record = peer.user_record(&pool.user_pool_id, &user).unwrap();
    assert!(
        record["Attributes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["Name"] == "email_verified" && a["Value"] == "true"),
        "{record}"
    );
}
