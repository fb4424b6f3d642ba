//! Sign-up, confirmation and resending the code.

use crate::client::AuthClient;
use crate::error::AuthError;
use crate::runtime;
use cognito_auth as core;
use std::collections::HashMap;

/// Extra inputs of `sign_up`.
#[derive(Debug, Clone, Default, PartialEq, Eq, uniffi::Record)]
pub struct SignUpOptions {
    /// User attributes (`email`, `phone_number`, `custom:…`).
    #[uniffi(default)]
    pub attributes: HashMap<String, String>,
    /// Validation data for a pre-sign-up Lambda (not stored).
    #[uniffi(default)]
    pub validation_data: HashMap<String, String>,
    /// Metadata passed to Lambda triggers.
    #[uniffi(default)]
    pub client_metadata: HashMap<String, String>,
}

impl From<SignUpOptions> for core::SignUpOptions {
    fn from(o: SignUpOptions) -> Self {
        Self {
            attributes: o.attributes.into_iter().collect(),
            validation_data: o.validation_data.into_iter().collect(),
            client_metadata: o.client_metadata.into_iter().collect(),
        }
    }
}

/// How a code reached the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum DeliveryMedium {
    /// By email.
    Email,
    /// By SMS.
    Sms,
    /// Not reported, or unknown.
    Unknown,
}

/// Where a confirmation or verification code was sent.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CodeDelivery {
    /// Masked destination (`a***@e***.com`).
    pub destination: Option<String>,
    /// Email or SMS.
    pub medium: DeliveryMedium,
    /// The attribute the code verifies.
    pub attribute_name: Option<String>,
}

impl From<core::CodeDelivery> for CodeDelivery {
    fn from(d: core::CodeDelivery) -> Self {
        Self {
            destination: d.destination,
            medium: match d.medium {
                core::DeliveryMedium::Email => DeliveryMedium::Email,
                core::DeliveryMedium::Sms => DeliveryMedium::Sms,
                core::DeliveryMedium::Unknown => DeliveryMedium::Unknown,
            },
            attribute_name: d.attribute_name,
        }
    }
}

/// What the app does after a sign-up step.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum SignUpNextStep {
    /// Ask the user for the code that was sent.
    ConfirmSignUp {
        /// Where it was sent.
        delivery: Option<CodeDelivery>,
    },
    /// The user is confirmed and may be signed in without the password again.
    CompleteAutoSignIn,
    /// Nothing left to do: sign in.
    Done,
}

/// Result of a sign-up step.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SignUpResult {
    /// The user's `sub`, when known.
    pub user_id: Option<String>,
    /// Next step.
    pub next_step: SignUpNextStep,
}

impl From<core::SignUpResult> for SignUpResult {
    fn from(r: core::SignUpResult) -> Self {
        Self {
            user_id: r.user_id,
            next_step: match r.next_step {
                core::SignUpNextStep::ConfirmSignUp { delivery } => SignUpNextStep::ConfirmSignUp {
                    delivery: delivery.map(Into::into),
                },
                core::SignUpNextStep::CompleteAutoSignIn => SignUpNextStep::CompleteAutoSignIn,
                core::SignUpNextStep::Done => SignUpNextStep::Done,
            },
        }
    }
}

#[uniffi::export(async_runtime = "tokio")]
impl AuthClient {
    /// Registers a user; the next step tells whether a confirmation code was sent.
    #[uniffi::method(default(password = None, options = None))]
    pub async fn sign_up(
        &self,
        username: String,
        password: Option<String>,
        options: Option<SignUpOptions>,
    ) -> Result<SignUpResult, AuthError> {
        runtime::guard_async(async {
            let options = options.unwrap_or_default().into();
            let result = self
                .core
                .sign_up(&username, password.as_deref(), options)
                .await?;
            Ok(result.into())
        })
        .await
    }

    /// Confirms a sign-up with the code the user received.
    #[uniffi::method(default(client_metadata))]
    pub async fn confirm_sign_up(
        &self,
        username: String,
        code: String,
        client_metadata: HashMap<String, String>,
    ) -> Result<SignUpResult, AuthError> {
        runtime::guard_async(async {
            let metadata = client_metadata.into_iter().collect();
            let result = self
                .core
                .confirm_sign_up(&username, &code, metadata)
                .await?;
            Ok(result.into())
        })
        .await
    }

    /// Sends the sign-up confirmation code again.
    #[uniffi::method(default(client_metadata))]
    pub async fn resend_sign_up_code(
        &self,
        username: String,
        client_metadata: HashMap<String, String>,
    ) -> Result<Option<CodeDelivery>, AuthError> {
        runtime::guard_async(async {
            let metadata = client_metadata.into_iter().collect();
            let delivery = self.core.resend_sign_up_code(&username, metadata).await?;
            Ok(delivery.map(Into::into))
        })
        .await
    }
}
