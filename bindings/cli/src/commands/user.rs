//! Account commands of the signed-in user (attributes, password, MFA, devices, deletion) and
//! the password reset.

use super::sign_up::delivery_json;
use super::{client, parse_pair, read_secret_stdin};
use crate::Cli;
use clap::Subcommand;
use cognito_auth::{
    AttributeUpdateStep, AuthError, MfaPreferenceValue, MfaType, ResetPasswordNextStep,
};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

fn parse_pref(s: &str) -> Result<MfaPreferenceValue, String> {
    MfaPreferenceValue::parse(s)
        .ok_or_else(|| format!("expected enabled|disabled|preferred|not-preferred, got `{s}`"))
}

/// Account commands.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Start a password reset: a code is sent to the user.
    ResetPassword {
        /// User name.
        username: String,
    },
    /// Set a new password with the code from `reset-password`.
    ConfirmResetPassword {
        /// User name.
        username: String,
        /// The code that was sent.
        #[arg(long)]
        code: String,
        /// The new password.
        #[arg(long)]
        new_password: Option<String>,
        /// Read the new password from the first line of standard input.
        #[arg(long, conflicts_with = "new_password")]
        new_password_stdin: bool,
    },
    /// Change the signed-in user's password.
    UpdatePassword {
        /// The current password.
        #[arg(long)]
        old_password: String,
        /// The new password.
        #[arg(long)]
        new_password: String,
    },
    /// The signed-in user's attributes.
    FetchUserAttributes,
    /// Set attributes, NAME=VALUE (repeatable).
    UpdateUserAttributes {
        /// Attribute, NAME=VALUE.
        #[arg(long = "attribute", value_parser = parse_pair, required = true)]
        attributes: Vec<(String, String)>,
    },
    /// Send a verification code for an attribute (email, phone_number).
    SendUserAttributeVerificationCode {
        /// Attribute name.
        attribute: String,
    },
    /// Verify an attribute with the code sent to it.
    ConfirmUserAttribute {
        /// Attribute name.
        attribute: String,
        /// The code.
        code: String,
    },
    /// Associate an authenticator app; prints the secret and an otpauth:// URI.
    SetUpTotp {
        /// Issuer shown in the authenticator.
        #[arg(long, default_value = "cognito-auth")]
        issuer: String,
    },
    /// Verify the authenticator's first code.
    VerifyTotpSetup {
        /// The code.
        code: String,
        /// A name for the authenticator.
        #[arg(long)]
        device_name: Option<String>,
    },
    /// The user's enabled and preferred MFA methods.
    FetchMfaPreference,
    /// Change MFA methods: enabled | disabled | preferred | not-preferred.
    UpdateMfaPreference {
        /// SMS.
        #[arg(long, value_parser = parse_pref)]
        sms: Option<MfaPreferenceValue>,
        /// Authenticator app.
        #[arg(long, value_parser = parse_pref)]
        totp: Option<MfaPreferenceValue>,
        /// Email.
        #[arg(long, value_parser = parse_pref)]
        email: Option<MfaPreferenceValue>,
    },
    /// Remember this device (later sign-ins on it skip MFA).
    RememberDevice,
    /// Forget a device (default: this one).
    ForgetDevice {
        /// Device key of another device.
        device_id: Option<String>,
    },
    /// The devices Cognito tracks for the user.
    FetchDevices,
    /// Delete the signed-in user's account.
    DeleteUser,
}

/// Runs an account command.
pub async fn run(cli: &Cli, cmd: &UserCommand) -> Result<Value, AuthError> {
    let c = client(cli)?;
    let none = BTreeMap::new;
    Ok(match cmd {
        UserCommand::ResetPassword { username } => {
            match c.reset_password(username, none()).await? {
                ResetPasswordNextStep::ConfirmResetPasswordWithCode { delivery } => json!({
                    "next_step": {
                        "type": "confirm_reset_password_with_code",
                        "code_delivery": delivery.as_ref().map(delivery_json),
                    }
                }),
                ResetPasswordNextStep::Done => json!({"next_step": {"type": "done"}}),
            }
        }
        UserCommand::ConfirmResetPassword {
            username,
            code,
            new_password,
            new_password_stdin,
        } => {
            let password = match (new_password, new_password_stdin) {
                (_, true) => read_secret_stdin("new password")?,
                (Some(p), false) => p.clone(),
                (None, false) => {
                    return Err(AuthError::InvalidParameter(
                        "give --new-password or --new-password-stdin".into(),
                    ));
                }
            };
            c.confirm_reset_password(username, &password, code, none())
                .await?;
            json!({"next_step": {"type": "done"}})
        }
        UserCommand::UpdatePassword {
            old_password,
            new_password,
        } => {
            c.update_password(old_password, new_password).await?;
            json!({"updated": true})
        }
        UserCommand::FetchUserAttributes => json!({"attributes": c.fetch_user_attributes().await?}),
        UserCommand::UpdateUserAttributes { attributes } => {
            let steps = c
                .update_user_attributes(attributes.iter().cloned().collect(), none())
                .await?;
            let mut out = Map::new();
            for (name, step) in steps {
                out.insert(
                    name,
                    match step {
                        AttributeUpdateStep::ConfirmAttributeWithCode { delivery } => json!({
                            "type": "confirm_attribute_with_code",
                            "code_delivery": delivery.as_ref().map(delivery_json),
                        }),
                        AttributeUpdateStep::Done => json!({"type": "done"}),
                    },
                );
            }
            json!({"attributes": out})
        }
        UserCommand::SendUserAttributeVerificationCode { attribute } => {
            let d = c
                .send_user_attribute_verification_code(attribute, none())
                .await?;
            json!({"code_delivery": d.as_ref().map(delivery_json)})
        }
        UserCommand::ConfirmUserAttribute { attribute, code } => {
            c.confirm_user_attribute(attribute, code).await?;
            json!({"confirmed": true})
        }
        UserCommand::SetUpTotp { issuer } => {
            let d = c.set_up_totp().await?;
            json!({
                "shared_secret": d.shared_secret.expose(),
                "setup_uri": d.setup_uri(issuer, None),
            })
        }
        UserCommand::VerifyTotpSetup { code, device_name } => {
            c.verify_totp_setup(code, device_name.as_deref()).await?;
            json!({"verified": true})
        }
        UserCommand::FetchMfaPreference => {
            let p = c.fetch_mfa_preference().await?;
            json!({
                "enabled": p.enabled.iter().map(MfaType::as_str).collect::<Vec<_>>(),
                "preferred": p.preferred.as_ref().map(MfaType::as_str),
            })
        }
        UserCommand::UpdateMfaPreference { sms, totp, email } => {
            c.update_mfa_preference(*sms, *totp, *email).await?;
            json!({"updated": true})
        }
        UserCommand::RememberDevice => {
            c.remember_device().await?;
            json!({"remembered": true})
        }
        UserCommand::ForgetDevice { device_id } => {
            c.forget_device(device_id.as_deref()).await?;
            json!({"forgotten": true})
        }
        UserCommand::FetchDevices => {
            let devices: Vec<Value> = c
                .fetch_devices()
                .await?
                .into_iter()
                .map(|d| {
                    json!({
                        "id": d.id,
                        "name": d.name,
                        "attributes": d.attributes,
                        "created_at": d.created_at,
                        "last_authenticated_at": d.last_authenticated_at,
                    })
                })
                .collect();
            json!({"devices": devices})
        }
        UserCommand::DeleteUser => {
            c.delete_user().await?;
            json!({"deleted": true})
        }
    })
}
