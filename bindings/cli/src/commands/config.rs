//! `config`: the parsed configuration, without secrets.

use super::load_config;
use crate::Cli;
use clap::Subcommand;
use cognito_auth::config::{AuthFlowType, ConfigSource};
use cognito_auth::{AuthConfig, AuthError};
use serde_json::{Value, json};

/// Configuration commands.
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Show the parsed configuration (no secrets) and its storage fingerprint.
    Config,
}

/// Runs a configuration command.
pub async fn run(cli: &Cli, cmd: &ConfigCommand) -> Result<Value, AuthError> {
    match cmd {
        ConfigCommand::Config => Ok(config_json(&load_config(cli)?)),
    }
}

fn config_json(c: &AuthConfig) -> Value {
    let pool = c.user_pool.as_ref();
    json!({
        "source": match c.source {
            ConfigSource::AmplifyOutputs => "amplify_outputs",
            ConfigSource::AmplifyConfiguration => "amplifyconfiguration",
            ConfigSource::Code => "code",
        },
        "region": c.region,
        "user_pool_id": pool.map(|p| &p.pool_id),
        "client_id": pool.map(|p| &p.client_id),
        "has_client_secret": pool.is_some_and(|p| p.client_secret.is_some()),
        "user_pool_endpoint": pool.map(|p| p.endpoint_url().to_string()),
        "identity_pool_id": c.identity_pool.as_ref().map(|p| &p.pool_id),
        "identity_pool_endpoint": c.identity_pool.as_ref().map(|p| p.endpoint_url().to_string()),
        "allow_guest_access": c.identity_pool.as_ref().map(|p| p.allow_guest_access),
        "oauth_domain": c.oauth.as_ref().map(|o| &o.domain),
        "default_auth_flow": match c.default_auth_flow {
            AuthFlowType::UserSrp => "user-srp",
            AuthFlowType::UserPassword => "user-password",
            AuthFlowType::CustomWithSrp => "custom-with-srp",
            AuthFlowType::CustomWithoutSrp => "custom-without-srp",
            AuthFlowType::UserAuth => "user-auth",
        },
        "fingerprint": c.fingerprint(),
    })
}
