//! `sign-up`, `confirm-sign-up`, `resend-sign-up-code`.

use super::{client, parse_pair, read_secret_stdin};
use crate::Cli;
use clap::Subcommand;
use cognito_auth::{
    AuthError, CodeDelivery, DeliveryMedium, SignUpNextStep, SignUpOptions, SignUpResult,
};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// Sign-up commands.
#[derive(Debug, Subcommand)]
pub enum SignUpCommand {
    /// Register a user.
    SignUp {
        /// User name.
        username: String,
        /// Password.
        #[arg(long)]
        password: Option<String>,
        /// Read the password from the first line of standard input.
        #[arg(long, conflicts_with = "password")]
        password_stdin: bool,
        /// Attribute, NAME=VALUE (repeatable).
        #[arg(long = "attribute", value_parser = parse_pair)]
        attributes: Vec<(String, String)>,
        /// Validation data for a pre-sign-up Lambda, NAME=VALUE (repeatable).
        #[arg(long = "validation-data", value_parser = parse_pair)]
        validation_data: Vec<(String, String)>,
        /// Client metadata for Lambda triggers, KEY=VALUE (repeatable).
        #[arg(long = "metadata", value_parser = parse_pair)]
        metadata: Vec<(String, String)>,
    },
    /// Confirm a sign-up with the code that was sent.
    ConfirmSignUp {
        /// User name.
        username: String,
        /// Confirmation code.
        code: String,
    },
    /// Send the sign-up confirmation code again.
    ResendSignUpCode {
        /// User name.
        username: String,
    },
}

/// Runs a sign-up command.
pub async fn run(cli: &Cli, cmd: &SignUpCommand) -> Result<Value, AuthError> {
    match cmd {
        SignUpCommand::SignUp {
            username,
            password,
            password_stdin,
            attributes,
            validation_data,
            metadata,
        } => {
            let password = if *password_stdin {
                Some(read_secret_stdin("password")?)
            } else {
                password.clone()
            };
            let options = SignUpOptions {
                attributes: attributes.iter().cloned().collect(),
                validation_data: validation_data.iter().cloned().collect(),
                client_metadata: metadata.iter().cloned().collect(),
            };
            let result = client(cli)?
                .sign_up(username, password.as_deref(), options)
                .await?;
            Ok(sign_up_json(&result))
        }
        SignUpCommand::ConfirmSignUp { username, code } => {
            let result = client(cli)?
                .confirm_sign_up(username, code, BTreeMap::new())
                .await?;
            Ok(sign_up_json(&result))
        }
        SignUpCommand::ResendSignUpCode { username } => {
            let delivery = client(cli)?
                .resend_sign_up_code(username, BTreeMap::new())
                .await?;
            Ok(json!({"code_delivery": delivery.as_ref().map(delivery_json)}))
        }
    }
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

/// `{"user_id", "next_step": {"type": …}}`.
pub fn sign_up_json(r: &SignUpResult) -> Value {
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
