//! `import` against moto: a user signs in through the CLI in one store; their tokens, written
//! as amplify-js and Amplify Swift dumps, are imported into another store, whose later
//! processes then have the user. A second import and another pool's record are skipped with
//! a sentence, and nothing printed shows a token.

use crate::support::ok_json;
use cognito_auth_testkit::{Moto, PoolSpec, TestPool, unique};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Env {
    pool: TestPool,
    dir: PathBuf,
}

impl Env {
    fn run(&self, store: &str, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_cognito-auth"))
            .arg("--config")
            .arg(self.dir.join("amplify_outputs.json"))
            .args(["--user-pool-endpoint", &self.pool.endpoint])
            .args(["--identity-pool-endpoint", &self.pool.endpoint])
            .arg("--store")
            .arg(self.dir.join(store))
            .env_remove("COGNITO_AUTH_STORE_KEY")
            .env("COGNITO_AUTH_STORE_KEY_FILE", self.dir.join("store.key"))
            .args(args)
            .output()
            .unwrap()
    }

    fn ok(&self, store: &str, args: &[&str]) -> Value {
        ok_json(&self.run(store, args))
    }

    fn dump(&self, name: &str, entries: &Value) -> PathBuf {
        let path = self.dir.join(name);
        std::fs::write(&path, entries.to_string()).unwrap();
        path
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn import(env: &Env, store: &str, from: &str, file: &Path) -> Value {
    env.ok(
        store,
        &["import", "--from", from, "--file", file.to_str().unwrap()],
    )
}

#[tokio::test]
async fn imported_amplify_sessions_persist_once_and_print_no_token() {
    let pool = Moto::shared().create_pool(PoolSpec::default()).await;
    let dir = std::env::temp_dir().join(unique("cli-import-"));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("amplify_outputs.json"), pool.amplify_outputs()).unwrap();
    let env = Env { pool, dir };
    let name = unique("cli-imp-");
    env.pool
        .create_user(&name, "Corr3ct-Horse!", &[("email", "imp@example.com")])
        .await;
    let signed_in = env.ok(
        "amplify",
        &[
            "sign-in",
            &name,
            "--password",
            "Corr3ct-Horse!",
            "--flow",
            "user-password",
        ],
    );
    assert_eq!(signed_in["next_step"]["type"], "done", "{signed_in}");
    let tokens = env.ok("amplify", &["fetch-session"])["tokens"].clone();
    let (id, access, refresh) = (
        tokens["id_token"].as_str().unwrap().to_owned(),
        tokens["access_token"].as_str().unwrap().to_owned(),
        tokens["refresh_token"].as_str().unwrap().to_owned(),
    );

    // amplify-js: `localStorage` entries.
    let prefix = format!("CognitoIdentityServiceProvider.{}", env.pool.client_id);
    let js = env.dump(
        "js.json",
        &json!({
            format!("{prefix}.LastAuthUser"): name,
            format!("{prefix}.{name}.idToken"): id,
            format!("{prefix}.{name}.accessToken"): access,
            format!("{prefix}.{name}.refreshToken"): refresh,
        }),
    );
    let v = import(&env, "web", "amplify-js", &js);
    assert_eq!(v["outcome"], "imported", "{v}");
    assert_eq!(v["username"], name.as_str());
    assert_eq!(
        v["message"],
        format!("imported the amplify-js session of {name}")
    );
    // A later process has the user and serves the imported tokens.
    assert_eq!(env.ok("web", &["current-user"])["username"], name.as_str());
    assert_eq!(
        env.ok("web", &["fetch-session"])["tokens"]["access_token"],
        access.as_str()
    );
    let again = import(&env, "web", "amplify-js", &js);
    assert_eq!(again["outcome"], "skipped", "{again}");
    assert!(
        again["message"]
            .as_str()
            .unwrap()
            .starts_with("skipped: a session is already stored"),
        "{again}"
    );

    // Amplify Swift: the session item as its JSON text (an object value stands for it).
    let session = json!({"userPoolOnly": {"signedInData": {
        "userId": "sub", "username": name, "signedInDate": 760_000_000.0,
        "signInMethod": {"apiBased": {"_0": {"userSRP": {}}}},
        "deviceMetadata": {"noData": {}},
        "cognitoUserPoolTokens": {"idToken": id, "accessToken": access, "refreshToken": refresh},
        "isRefreshTokenExpired": false
    }}});
    let foreign = env.dump(
        "other.json",
        &json!({"amplify.us-east-1_Other.session": session}),
    );
    let v = import(&env, "ios", "amplify-swift", &foreign);
    assert_eq!(v["outcome"], "skipped", "{v}");
    let message = v["message"].as_str().unwrap();
    assert!(message.contains("another configuration"), "{message}");
    assert!(message.contains("us-east-1_Other"), "{message}");

    let own = env.dump(
        "swift.json",
        &json!({format!("amplify.{}.session", env.pool.user_pool_id): session.to_string()}),
    );
    let v = import(&env, "ios", "amplify-swift", &own);
    assert_eq!(v["outcome"], "imported", "{v}");
    assert_eq!(env.ok("ios", &["current-user"])["username"], name.as_str());
    let printed = v.to_string();
    for secret in [&id, &access, &refresh] {
        assert!(!printed.contains(secret.as_str()), "{printed}");
    }
}
