//! Sign-up, confirmation and resending the code.

use crate::client::AuthClient;
use crate::error::AuthError;
use crate::runtime;
use cognito_auth as core;
use cognito_auth::{CodeDelivery, DeliveryMedium, SignUpNextStep, SignUpResult};
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
#[uniffi::remote(Enum)]
pub enum DeliveryMedium {
    /// By email.
    Email,
    /// By SMS.
    Sms,
    /// Not reported, or unknown.
    Unknown,
}

/// Where a confirmation or verification code was sent.
#[uniffi::remote(Record)]
pub struct CodeDelivery {
    /// Masked destination (`a***@e***.com`).
    pub destination: Option<String>,
    /// Email or SMS.
    pub medium: DeliveryMedium,
    /// The attribute the code verifies.
    pub attribute_name: Option<String>,
}

/// What the app does after a sign-up step.
#[uniffi::remote(Enum)]
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
#[uniffi::remote(Record)]
pub struct SignUpResult {
    /// The user's `sub`, when known.
    pub user_id: Option<String>,
    /// Next step.
    pub next_step: SignUpNextStep,
}

#[uniffi::export]
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
            Ok(self
                .core
                .sign_up(&username, password.as_deref(), options)
                .await?)
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
            Ok(self
                .core
                .confirm_sign_up(&username, &code, metadata)
                .await?)
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
            Ok(self.core.resend_sign_up_code(&username, metadata).await?)
        })
        .await
    }
}
