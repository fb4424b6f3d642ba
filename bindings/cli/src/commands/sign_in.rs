//! `sign-in`, `confirm-sign-in`, `auto-sign-in`. A sign-in that stops at a challenge is kept in
//! the session storage (`--store`), so `confirm-sign-in` in the next process continues it.

use super::sign_up::delivery_json;
use super::{client, parse_pair, read_secret_stdin};
use crate::Cli;
use clap::{Subcommand, ValueEnum};
use cognito_auth::{
    AuthError, AuthFactor, ConfirmSignInOptions, MfaType, SignInFlow, SignInNextStep,
    SignInOptions, SignInResult,
};
use serde_json::{Value, json};

/// `--flow` values.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FlowArg {
    /// USER_SRP_AUTH (default).
    UserSrp,
    /// USER_PASSWORD_AUTH.
    UserPassword,
    /// CUSTOM_AUTH after an SRP password check.
    CustomWithSrp,
    /// CUSTOM_AUTH only.
    CustomWithoutSrp,
    /// USER_AUTH (choice-based).
    UserAuth,
}

/// `--first-factor` values (USER_AUTH).
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FactorArg {
    /// PASSWORD.
    Password,
    /// PASSWORD_SRP.
    PasswordSrp,
    /// EMAIL_OTP.
    EmailOtp,
    /// SMS_OTP.
    SmsOtp,
    /// WEB_AUTHN (not supported here; reported as such).
    WebAuthn,
}

/// Sign-in commands (names are the CLI's command names).
#[allow(clippy::enum_variant_names)]
#[derive(Debug, Subcommand)]
pub enum SignInCommand {
    /// Sign a user in; prints the next step (`done` when signed in).
    SignIn {
        /// User name (or email / phone when those sign in).
        username: String,
        /// Password.
        #[arg(long)]
        password: Option<String>,
        /// Read the password from the first line of standard input.
        #[arg(long, conflicts_with = "password")]
        password_stdin: bool,
        /// Authentication flow (default: the configuration's, else user-srp).
        #[arg(long, value_enum)]
        flow: Option<FlowArg>,
        /// First factor to try with `--flow user-auth`.
        #[arg(long, value_enum)]
        first_factor: Option<FactorArg>,
        /// Client metadata for Lambda triggers, KEY=VALUE (repeatable).
        #[arg(long = "metadata", value_parser = parse_pair)]
        metadata: Vec<(String, String)>,
        /// Issuer shown in the `otpauth://` URI of a TOTP set-up step.
        #[arg(long, default_value = "cognito-auth")]
        issuer: String,
    },
    /// Answer the challenge of the sign-in in progress (code, choice, new password, …).
    ConfirmSignIn {
        /// The answer; omit with --response-stdin.
        response: Option<String>,
        /// Read the answer from the first line of standard input (passwords).
        #[arg(long, conflicts_with = "response")]
        response_stdin: bool,
        /// Attribute required with a new password, NAME=VALUE (repeatable).
        #[arg(long = "attribute", value_parser = parse_pair)]
        attributes: Vec<(String, String)>,
        /// Client metadata for Lambda triggers, KEY=VALUE (repeatable).
        #[arg(long = "metadata", value_parser = parse_pair)]
        metadata: Vec<(String, String)>,
        /// Name of the authenticator app (TOTP set-up).
        #[arg(long)]
        device_name: Option<String>,
        /// Issuer shown in the `otpauth://` URI of a TOTP set-up step.
        #[arg(long, default_value = "cognito-auth")]
        issuer: String,
    },
    /// Sign in the user who just signed up and confirmed (next step `complete_auto_sign_in`).
    AutoSignIn,
}

/// Runs a sign-in command.
pub async fn run(cli: &Cli, cmd: &SignInCommand) -> Result<Value, AuthError> {
    match cmd {
        SignInCommand::SignIn {
            username,
            password,
            password_stdin,
            flow,
            first_factor,
            metadata,
            issuer,
        } => {
            let password = if *password_stdin {
                Some(read_secret_stdin("password")?)
            } else {
                password.clone()
            };
            let factor = first_factor.map(|f| match f {
                FactorArg::Password => AuthFactor::Password,
                FactorArg::PasswordSrp => AuthFactor::PasswordSrp,
                FactorArg::EmailOtp => AuthFactor::EmailOtp,
                FactorArg::SmsOtp => AuthFactor::SmsOtp,
                FactorArg::WebAuthn => AuthFactor::WebAuthn,
            });
            let flow = match (flow, factor) {
                (Some(FlowArg::UserAuth), f) | (None, f @ Some(_)) => Some(SignInFlow::UserAuth {
                    preferred_first_factor: f,
                }),
                (Some(FlowArg::UserSrp), _) => Some(SignInFlow::UserSrp),
                (Some(FlowArg::UserPassword), _) => Some(SignInFlow::UserPassword),
                (Some(FlowArg::CustomWithSrp), _) => Some(SignInFlow::CustomWithSrp),
                (Some(FlowArg::CustomWithoutSrp), _) => Some(SignInFlow::CustomWithoutSrp),
                (None, None) => None,
            };
            let result = client(cli)?
                .sign_in(
                    username,
                    password.as_deref(),
                    SignInOptions {
                        flow,
                        client_metadata: metadata.iter().cloned().collect(),
                    },
                )
                .await?;
            Ok(result_json(&result, issuer))
        }
        SignInCommand::ConfirmSignIn {
            response,
            response_stdin,
            attributes,
            metadata,
            device_name,
            issuer,
        } => {
            let response = match (response, response_stdin) {
                (_, true) => read_secret_stdin("answer")?,
                (Some(r), false) => r.clone(),
                (None, false) => {
                    return Err(AuthError::InvalidParameter(
                        "give the answer as RESPONSE or with --response-stdin".into(),
                    ));
                }
            };
            let result = client(cli)?
                .confirm_sign_in(
                    &response,
                    ConfirmSignInOptions {
                        user_attributes: attributes.iter().cloned().collect(),
                        client_metadata: metadata.iter().cloned().collect(),
                        friendly_device_name: device_name.clone(),
                    },
                )
                .await?;
            Ok(result_json(&result, issuer))
        }
        SignInCommand::AutoSignIn => {
            let result = client(cli)?.auto_sign_in().await?;
            Ok(result_json(&result, "cognito-auth"))
        }
    }
}

fn mfa_names(list: &[MfaType]) -> Vec<&'static str> {
    list.iter().map(MfaType::as_str).collect()
}

/// `{"next_step": {"type": …, …}}`.
pub fn result_json(r: &SignInResult, issuer: &str) -> Value {
    let step = match &r.next_step {
        SignInNextStep::ConfirmWithSmsMfaCode { delivery } => json!({
            "type": "confirm_sign_in_with_sms_mfa_code",
            "code_delivery": delivery.as_ref().map(delivery_json),
        }),
        SignInNextStep::ConfirmWithTotpCode => json!({"type": "confirm_sign_in_with_totp_code"}),
        SignInNextStep::ConfirmWithOtp { delivery } => json!({
            "type": "confirm_sign_in_with_otp",
            "code_delivery": delivery.as_ref().map(delivery_json),
        }),
        SignInNextStep::ContinueWithMfaSelection { allowed } => json!({
            "type": "continue_sign_in_with_mfa_selection",
            "allowed": mfa_names(allowed),
        }),
        SignInNextStep::ContinueWithMfaSetupSelection { allowed } => json!({
            "type": "continue_sign_in_with_mfa_setup_selection",
            "allowed": mfa_names(allowed),
        }),
        SignInNextStep::ContinueWithTotpSetup { details } => json!({
            "type": "continue_sign_in_with_totp_setup",
            "shared_secret": details.shared_secret.expose(),
            "setup_uri": details.setup_uri(issuer, None),
        }),
        SignInNextStep::ContinueWithEmailMfaSetup => {
            json!({"type": "continue_sign_in_with_email_mfa_setup"})
        }
        SignInNextStep::ConfirmWithNewPassword {
            required_attributes,
        } => json!({
            "type": "confirm_sign_in_with_new_password",
            "required_attributes": required_attributes,
        }),
        SignInNextStep::ConfirmWithCustomChallenge { parameters } => json!({
            "type": "confirm_sign_in_with_custom_challenge",
            "parameters": parameters,
        }),
        SignInNextStep::ContinueWithFirstFactorSelection { available } => json!({
            "type": "continue_sign_in_with_first_factor_selection",
            "available": available.iter().map(|f| f.as_cognito().to_ascii_lowercase()).collect::<Vec<_>>(),
        }),
        SignInNextStep::ConfirmWithPassword => json!({"type": "confirm_sign_in_with_password"}),
        SignInNextStep::ChallengeNotSupported { challenge } => json!({
            "type": "challenge_not_supported",
            "challenge": challenge,
        }),
        SignInNextStep::ResetPassword => json!({"type": "reset_password"}),
        SignInNextStep::ConfirmSignUp => json!({"type": "confirm_sign_up"}),
        SignInNextStep::Done => json!({"type": "done"}),
        other => json!({"type": "unknown", "debug": format!("{other:?}")}),
    };
    json!({"next_step": step})
}
