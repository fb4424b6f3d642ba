//! The local OpenID Connect provider: panva's `oidc-provider` (npm, certified), configured by
//! `tests/peers/oidc/server.mjs` with Cognito's hosted-UI routes.

use crate::process::{PeerProcess, peers_dir};
use serde_json::{Value, json};
use std::path::PathBuf;
use std::sync::OnceLock;

/// The domain written into generated configurations. It is never resolved: tests point the
/// client at the provider with an OAuth endpoint override (`--oauth-endpoint`), as an app
/// would for a custom domain or an emulator.
pub const OIDC_CONFIG_DOMAIN: &str = "local-test.auth.us-east-1.amazoncognito.com";

/// A running provider on 127.0.0.1.
#[derive(Debug)]
pub struct OidcProvider {
    process: PeerProcess,
}

/// An app client to register.
#[derive(Debug, Clone, Default)]
pub struct ClientSpec {
    /// Allowed sign-in redirect URIs (matched exactly).
    pub redirect_uris: Vec<String>,
    /// Allowed sign-out redirect URIs (`logout_uri`).
    pub post_logout_redirect_uris: Vec<String>,
    /// With a client secret (HTTP Basic at the token endpoint) instead of a public client.
    pub confidential: bool,
}

/// A registered app client.
#[derive(Debug, Clone)]
pub struct OidcClient {
    /// Client id.
    pub client_id: String,
    /// Client secret of a confidential client.
    pub client_secret: Option<String>,
    /// Sign-in redirect URIs, in registration order.
    pub redirect_uris: Vec<String>,
    /// Sign-out redirect URIs, in registration order.
    pub post_logout_redirect_uris: Vec<String>,
}

impl OidcProvider {
    /// Starts a provider of this test's own (killed when dropped).
    pub fn start() -> Self {
        Self::start_with_env(&[])
    }

    /// Starts a provider with extra environment (`OIDC_TOKEN_TTL`, `OIDC_USERS`).
    pub fn start_with_env(env: &[(&str, &str)]) -> Self {
        let script = peers_dir().join("oidc/server.mjs");
        let module = peers_dir().join("node_modules/oidc-provider/package.json");
        assert!(
            module.exists(),
            "oidc-provider is not installed at {}: run `make setup`",
            module.display()
        );
        let env: Vec<(String, String)> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let process = PeerProcess::spawn(
            "oidc-provider",
            &PathBuf::from("node"),
            |port, _dir| {
                let mut vars = vec![
                    ("HOST".to_owned(), "127.0.0.1".to_owned()),
                    ("PORT".to_owned(), port.to_string()),
                ];
                vars.extend(env.iter().cloned());
                (vec![script.display().to_string()], vars)
            },
            "/.well-known/openid-configuration",
        );
        Self { process }
    }

    /// One provider shared by every test of this test binary.
    pub fn shared() -> &'static OidcProvider {
        static SHARED: OnceLock<OidcProvider> = OnceLock::new();
        SHARED.get_or_init(OidcProvider::start)
    }

    /// `http://127.0.0.1:<port>` (the issuer, and the base of the Cognito-shaped routes).
    pub fn url(&self) -> String {
        self.process.base_url()
    }

    /// The process handle (PID, log).
    pub fn process(&self) -> &PeerProcess {
        &self.process
    }

    /// Registers an app client (RFC 7591 dynamic registration, a test-only route).
    pub async fn register_client(&self, spec: ClientSpec) -> OidcClient {
        let body = json!({
            "application_type": "native",
            "redirect_uris": spec.redirect_uris,
            "post_logout_redirect_uris": spec.post_logout_redirect_uris,
            "grant_types": ["authorization_code", "refresh_token"],
            "response_types": ["code"],
            "token_endpoint_auth_method": if spec.confidential { "client_secret_basic" } else { "none" },
        });
        let v = self.post("/_test/clients", &body).await;
        OidcClient {
            client_id: v["client_id"].as_str().expect("client_id").to_owned(),
            client_secret: v["client_secret"].as_str().map(str::to_owned),
            redirect_uris: spec.redirect_uris,
            post_logout_redirect_uris: spec.post_logout_redirect_uris,
        }
    }

    /// Creates a user who can sign in on the login page; returns its `sub`.
    pub async fn create_user(&self, username: &str, password: &str) -> String {
        let v = self
            .post(
                "/_test/users",
                &json!({"username": username, "password": password}),
            )
            .await;
        v["sub"].as_str().expect("sub").to_owned()
    }

    async fn post(&self, path: &str, body: &Value) -> Value {
        let resp = crate::http()
            .post(format!("{}{path}", self.url()))
            .json(body)
            .send()
            .await
            .expect("oidc-provider answers");
        let status = resp.status();
        let text = resp.text().await.unwrap_or_default();
        assert!(status.is_success(), "{path}: HTTP {status}: {text}");
        serde_json::from_str(&text).expect("JSON answer")
    }
}

impl OidcClient {
    /// An `amplify_outputs.json` for this client: a (nominal) user pool and an `oauth`
    /// section with the client's redirect URIs and [`OIDC_CONFIG_DOMAIN`]; the client secret
    /// too when there is one.
    pub fn amplify_outputs(&self) -> String {
        let mut auth = json!({
            "aws_region": "us-east-1",
            "user_pool_id": "us-east-1_LocalOidc",
            "user_pool_client_id": self.client_id,
            "oauth": {
                "identity_providers": ["GOOGLE"],
                "domain": OIDC_CONFIG_DOMAIN,
                "scopes": ["openid", "email", "profile", "aws.cognito.signin.user.admin"],
                "redirect_sign_in_uri": self.redirect_uris,
                "redirect_sign_out_uri": self.post_logout_redirect_uris,
                "response_type": "code",
            },
        });
        if let Some(secret) = &self.client_secret {
            auth["user_pool_client_secret"] = json!(secret);
        }
        json!({"version": "1.3", "auth": auth}).to_string()
    }
}
