//! `cognito-auth-peer`: starts a peer with a fresh pool for scripts (demo, benchmarks, the
//! Kotlin tests), prints the pool as JSON on stdout (one line), writes the configuration
//! files into `--out DIR`, and keeps the peer alive until its standard input closes (or, with
//! `--until-killed`, until it is killed). The watchdog kills the server either way.
//!
//! ```text
//! cognito-auth-peer moto|cognito-local|oidc|sigv4|test-server [--out DIR] [--totp] [--until-killed]
//!                   [--auto-verify ATTRIBUTE]...
//! ```
//!
//! `--auto-verify email` makes the pool (moto, cognito-local) verify that attribute by code:
//! cognito-local sends attribute-verification codes only for those.
//!
//! For `cognito-local`, `data_dir` names the directory of its database (`.cognito/db/<pool>.json`,
//! where the codes it sends are kept).
//!
//! `oidc` starts the local hosted-UI provider (oidc-provider) with an app client whose
//! sign-in redirects are `myapp://callback` and a loopback `http://127.0.0.1:PORT/callback`,
//! and one user; `pool.json` then holds `endpoint` (the provider), `client_id`, `username`,
//! `password`.
//!
//! `sigv4` starts our SigV4-verifying S3 stand-in (`tests/sigv4/verifying_server.py`) and
//! prints `{"peer": "sigv4", "pid", "endpoint"}`; keys are registered with `POST /__keys`.
//!
//! `test-server` starts OUR TEST SERVER (`tests/srp/cognito_test_server.py`, not an independent
//! peer: it verifies SRP proofs and serves the MFA, TOTP set-up, MFA selection, `USER_AUTH` and
//! new-password challenges moto lacks) and prints `{"peer": "test-server", "pid", "endpoint",
//! "region", "user_pool_id", "client_id"}`; users are created with `POST /_test/users`
//! (`CognitoTestServer::add_user` documents the fields).

use cognito_auth_testkit::{
    ClientSpec, CognitoLocal, CognitoTestServer, Moto, OidcProvider, PoolSpec, SigV4Server,
    TestPool, free_port,
};
use std::io::Read;
use std::path::PathBuf;

fn usage() -> ! {
    eprintln!(
        "usage: cognito-auth-peer moto|cognito-local|oidc|sigv4|test-server [--out DIR] [--totp] [--until-killed] [--auto-verify ATTRIBUTE]..."
    );
    std::process::exit(2)
}

fn pool_json(pool: &TestPool, kind: &str, pid: u32) -> serde_json::Value {
    serde_json::json!({
        "peer": kind,
        "pid": pid,
        "endpoint": pool.endpoint,
        "region": pool.region,
        "user_pool_id": pool.user_pool_id,
        "client_id": pool.client_id,
        "secret_client_id": pool.secret_client_id,
        "client_secret": pool.client_secret,
        "identity_pool_id": pool.identity_pool_id,
    })
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut args = std::env::args().skip(1);
    let kind = args.next().unwrap_or_else(|| usage());
    let (mut out, mut totp, mut until_killed) = (None::<PathBuf>, false, false);
    let mut spec = PoolSpec::default();
    while let Some(a) = args.next() {
        match a.as_str() {
            "--out" => out = Some(args.next().unwrap_or_else(|| usage()).into()),
            "--totp" => totp = true,
            "--until-killed" => until_killed = true,
            "--auto-verify" => spec
                .auto_verified_attributes
                .push(args.next().unwrap_or_else(|| usage())),
            _ => usage(),
        }
    }
    if kind == "oidc" {
        return oidc(out, until_killed).await;
    }
    if kind == "test-server" {
        let server = CognitoTestServer::start();
        let info = serde_json::json!({
            "peer": "test-server",
            "pid": server.process().pid(),
            "endpoint": server.url(),
            "region": "us-east-1",
            "user_pool_id": server.user_pool_id,
            "client_id": server.client_id,
        });
        write_out(
            out.as_deref(),
            &info,
            &[("amplify_outputs.json", &server.amplify_outputs(false))],
        );
        println!("{info}");
        return wait(until_killed);
    }
    if kind == "sigv4" {
        let server = SigV4Server::start();
        let info = serde_json::json!({
            "peer": "sigv4",
            "pid": server.process().pid(),
            "endpoint": server.url(),
        });
        write_out(out.as_deref(), &info, &[]);
        println!("{info}");
        return wait(until_killed);
    }
    let (_moto, cognito_local, pool, pid);
    match kind.as_str() {
        "moto" => {
            let env: &[(&str, &str)] = if totp {
                &[("MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP", "true")]
            } else {
                &[]
            };
            let m = Moto::start_with_env(env);
            pool = m.create_pool(spec).await;
            pid = m.process().pid();
            _moto = Some(m);
            cognito_local = None;
        }
        "cognito-local" => {
            let c = CognitoLocal::start();
            pool = c.create_pool(spec).await;
            pid = c.process().pid();
            cognito_local = Some(c);
            _moto = None;
        }
        _ => usage(),
    }
    let mut info = pool_json(&pool, &kind, pid);
    if let Some(local) = &cognito_local {
        // Where cognito-local keeps its database (`.cognito/db/<pool>.json`): tests in another
        // process (the Swift suite) read confirmation codes there.
        info["data_dir"] = local.process().dir().display().to_string().into();
    }
    write_out(
        out.as_deref(),
        &info,
        &[
            ("amplify_outputs.json", &pool.amplify_outputs()),
            (
                "amplify_outputs_secret.json",
                &pool.amplify_outputs_with_secret(),
            ),
            ("amplifyconfiguration.json", &pool.amplifyconfiguration()),
        ],
    );
    println!("{info}");
    wait(until_killed);
}

/// Writes `pool.json` (the printed line) and the configuration `files` into `--out DIR`, if given.
fn write_out(dir: Option<&std::path::Path>, info: &serde_json::Value, files: &[(&str, &str)]) {
    let Some(dir) = dir else { return };
    std::fs::create_dir_all(dir).expect("create --out directory");
    let pool = info.to_string();
    for (name, text) in files.iter().chain([&("pool.json", pool.as_str())]) {
        std::fs::write(dir.join(name), text).expect("write configuration file");
    }
}

/// Keeps the peer alive until killed or until standard input closes.
fn wait(until_killed: bool) {
    if until_killed {
        loop {
            std::thread::sleep(std::time::Duration::from_secs(3600));
        }
    }
    let mut sink = Vec::new();
    let _ = std::io::stdin().read_to_end(&mut sink);
}

async fn oidc(out: Option<PathBuf>, until_killed: bool) {
    let provider = OidcProvider::start();
    let port = free_port();
    let app = provider
        .register_client(ClientSpec {
            redirect_uris: vec![
                format!("http://127.0.0.1:{port}/callback"),
                "myapp://callback".into(),
            ],
            post_logout_redirect_uris: vec![
                format!("http://127.0.0.1:{port}/signout"),
                "myapp://signout".into(),
            ],
            confidential: false,
        })
        .await;
    let (username, password) = ("demo-user", "Corr3ct-Horse!");
    provider.create_user(username, password).await;
    let info = serde_json::json!({
        "peer": "oidc",
        "pid": provider.process().pid(),
        "endpoint": provider.url(),
        "client_id": app.client_id,
        "username": username,
        "password": password,
    });
    write_out(
        out.as_deref(),
        &info,
        &[("amplify_outputs.json", &app.amplify_outputs())],
    );
    println!("{info}");
    wait(until_killed);
}
