//! `sign-in-web`: the hosted UI in the system browser, redirected to a loopback listener
//! (RFC 8252). The same presenter opens `/logout` when `sign-out` ends a hosted-UI session.

use super::client;
use crate::Cli;
use clap::Subcommand;
use cognito_auth::{
    AuthClient, AuthError, BrowserOpener, ConfigError, LoopbackOptions, LoopbackPresenter,
    WebUiOptions,
};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;

/// Hosted-UI commands.
#[derive(Debug, Subcommand)]
pub enum HostedUiCommand {
    /// Sign in through the hosted UI in a browser (authorization code + PKCE). Needs a
    /// loopback sign-in redirect URI (http://localhost:PORT/… or http://127.0.0.1:PORT/…)
    /// in the configuration; the browser is `$BROWSER` if set, else the system opener.
    SignInWeb {
        /// Go straight to this identity provider (google, facebook, amazon, apple, or a
        /// SAML/OIDC provider's name).
        #[arg(long)]
        provider: Option<String>,
        /// Do not open a browser: print the URL on stderr and wait for the redirect.
        #[arg(long)]
        no_browser: bool,
        /// Seconds to wait for the browser to come back.
        #[arg(long, default_value_t = 300, value_parser = clap::value_parser!(u64).range(1..=86_400))]
        timeout: u64,
    },
}

/// Runs a hosted-UI command.
pub async fn run(cli: &Cli, cmd: &HostedUiCommand) -> Result<Value, AuthError> {
    match cmd {
        HostedUiCommand::SignInWeb {
            provider,
            no_browser,
            timeout,
        } => {
            let client = client(cli)?;
            let redirect_uri = loopback_redirect(&client)?;
            let presenter = LoopbackPresenter::new(LoopbackOptions {
                opener: if *no_browser {
                    BrowserOpener::PrintOnly
                } else {
                    BrowserOpener::System
                },
                timeout: Duration::from_secs(*timeout),
            });
            let options = WebUiOptions {
                provider: provider.clone(),
                redirect_uri: Some(redirect_uri),
                ..Default::default()
            };
            tokio::select! {
                result = client.sign_in_with_web_ui(Arc::new(presenter), options) => result?,
                _ = tokio::signal::ctrl_c() => {
                    let _ = client.cancel_web_sign_in().await;
                    return Err(AuthError::Cancelled("interrupted".into()));
                }
            }
            Ok(json!({"next_step": {"type": "done"}}))
        }
    }
}

/// Lets `sign-out` end a hosted-UI session: the browser opens `/logout` and comes back to
/// the configured loopback sign-out URI.
pub fn attach_sign_out_presenter(client: &AuthClient) {
    if client.config().oauth.is_some() {
        client.set_web_auth_presenter(Some(Arc::new(LoopbackPresenter::new(LoopbackOptions {
            opener: BrowserOpener::System,
            timeout: Duration::from_secs(120),
        }))));
    }
}

/// The first configured sign-in redirect URI the loopback listener can serve.
fn loopback_redirect(client: &AuthClient) -> Result<String, AuthError> {
    let oauth = client.config().oauth.as_ref().ok_or_else(|| {
        AuthError::Configuration(ConfigError::Missing {
            key: "auth.oauth".into(),
        })
    })?;
    oauth
        .redirect_sign_in
        .iter()
        .find(|uri| is_loopback(uri))
        .cloned()
        .ok_or_else(|| {
            AuthError::Configuration(ConfigError::Invalid {
                key: "auth.oauth.redirect_sign_in_uri".into(),
                reason: "sign-in-web needs a loopback redirect URI (http://localhost:PORT/… or http://127.0.0.1:PORT/…)".into(),
            })
        })
}

fn is_loopback(uri: &str) -> bool {
    url::Url::parse(uri).is_ok_and(|u| {
        u.scheme() == "http"
            && u.port().is_some()
            && matches!(u.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"))
    })
}
