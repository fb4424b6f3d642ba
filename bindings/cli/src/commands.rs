//! Command bodies: build the client from the global options, run, shape the JSON.

use crate::{Cli, Command};
use cognito_auth::config::{AuthFlowType, ConfigSource};
use cognito_auth::{
    AuthClient, AuthConfig, AuthError, AuthOptions, CodeDelivery, DeliveryMedium, SignUpNextStep,
    SignUpOptions, SignUpResult,
};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// `NAME=VALUE` for repeatable options.
pub fn parse_pair(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.to_owned(), v.to_owned())),
        _ => Err(format!("expected NAME=VALUE, got `{s}`")),
    }
}

fn load_config(cli: &Cli) -> Result<AuthConfig, AuthError> {
    let path = cli.config.as_ref().ok_or_else(|| {
        AuthError::Configuration(cognito_auth::ConfigError::Missing {
            key: "--config (or COGNITO_AUTH_CONFIG)".into(),
        })
    })?;
    let text = std::fs::read_to_string(path).map_err(|e| {
        AuthError::Configuration(cognito_auth::ConfigError::Invalid {
            key: "--config".into(),
            reason: format!("cannot read {}: {e}", path.display()),
        })
    })?;
    let mut config = AuthConfig::from_json(&text)?;
    if let Some(url) = &cli.user_pool_endpoint {
        config = config.with_user_pool_endpoint(url.clone());
    }
    if let Some(url) = &cli.identity_pool_endpoint {
        config = config.with_identity_pool_endpoint(url.clone());
    }
    config.validate()?;
    Ok(config)
}

fn client(cli: &Cli) -> Result<AuthClient, AuthError> {
    AuthClient::new(load_config(cli)?, AuthOptions::default())
}

fn read_password_stdin() -> Result<String, AuthError> {
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .map_err(|e| AuthError::InvalidParameter(format!("cannot read the password: {e}")))?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

/// Runs the parsed command.
pub async fn run(cli: Cli) -> Result<Value, AuthError> {
    match &cli.command {
        Command::Config => Ok(config_json(&load_config(&cli)?)),
        Command::SignUp {
            username,
            password,
            password_stdin,
            attributes,
            validation_data,
            metadata,
        } => {
            let password = if *password_stdin {
                Some(read_password_stdin()?)
            } else {
                password.clone()
            };
            let options = SignUpOptions {
                attributes: attributes.iter().cloned().collect(),
                validation_data: validation_data.iter().cloned().collect(),
                client_metadata: metadata.iter().cloned().collect(),
            };
            let result = client(&cli)?
                .sign_up(username, password.as_deref(), options)
                .await?;
            Ok(sign_up_json(&result))
        }
        Command::ConfirmSignUp { username, code } => {
            let result = client(&cli)?
                .confirm_sign_up(username, code, BTreeMap::new())
                .await?;
            Ok(sign_up_json(&result))
        }
        Command::ResendSignUpCode { username } => {
            let delivery = client(&cli)?
                .resend_sign_up_code(username, BTreeMap::new())
                .await?;
            Ok(json!({"code_delivery": delivery.as_ref().map(delivery_json)}))
        }
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

/// `{"destination", "medium", "attribute_name"}`.
pub fn delivery_json(d: &CodeDelivery) -> Value {
    json!({
        "destination": d.destination,
        "medium": match d.medium {
            DeliveryMedium::Email => "email",
            DeliveryMedium::Sms => "sms",
            DeliveryMedium::Unknown => "unknown",
        },
        "attribute_name": d.attribute_name,
    })
}

fn sign_up_json(r: &SignUpResult) -> Value {
    let next_step = match &r.next_step {
        SignUpNextStep::ConfirmSignUp { delivery } => json!({
            "type": "confirm_sign_up",
            "code_delivery": delivery.as_ref().map(delivery_json),
        }),
        SignUpNextStep::CompleteAutoSignIn => json!({"type": "complete_auto_sign_in"}),
        SignUpNextStep::Done => json!({"type": "done"}),
    };
    json!({"user_id": r.user_id, "next_step": next_step})
}
