//! Sign-up and its confirmation.

use crate::client::AuthClient;
use crate::error::Result;
use crate::secret::Secret;
use crate::sign_in::{AutoSignIn, recall_auto_sign_in, remember_auto_sign_in};
use crate::wire::user_pool::{
    AttributeType, CodeDeliveryDetails, ConfirmSignUpRequest, ResendConfirmationCodeRequest,
    SignUpRequest,
};
use std::collections::BTreeMap;

/// Extra inputs of [`AuthClient::sign_up`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SignUpOptions {
    /// User attributes (`email`, `phone_number`, `custom:…`).
    pub attributes: BTreeMap<String, String>,
    /// Validation data for a pre-sign-up Lambda (not stored).
    pub validation_data: BTreeMap<String, String>,
    /// Metadata passed to Lambda triggers.
    pub client_metadata: BTreeMap<String, String>,
}

/// How a code reached the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryMedium {
    /// By email.
    Email,
    /// By SMS.
    Sms,
    /// Not reported, or a medium this crate does not know.
    Unknown,
}

/// Where a confirmation or verification code was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeDelivery {
    /// Masked destination (`a***@e***.com`).
    pub destination: Option<String>,
    /// Email or SMS.
    pub medium: DeliveryMedium,
    /// The attribute the code verifies.
    pub attribute_name: Option<String>,
}

impl From<CodeDeliveryDetails> for CodeDelivery {
    fn from(d: CodeDeliveryDetails) -> Self {
        Self {
            destination: d.destination,
            medium: match d.delivery_medium.as_deref() {
                Some("EMAIL") => DeliveryMedium::Email,
                Some("SMS") => DeliveryMedium::Sms,
                _ => DeliveryMedium::Unknown,
            },
            attribute_name: d.attribute_name,
        }
    }
}

/// What the app does after a sign-up step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignUpNextStep {
    /// Ask the user for the code that was sent.
    ConfirmSignUp {
        /// Where it was sent.
        delivery: Option<CodeDelivery>,
    },
    /// The user is confirmed and may be signed in without the password again (`auto_sign_in`).
    CompleteAutoSignIn,
    /// Nothing left to do: sign in.
    Done,
}

/// Result of a sign-up step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignUpResult {
    /// The user's `sub`, when known.
    pub user_id: Option<String>,
    /// Next step.
    pub next_step: SignUpNextStep,
}

fn attributes(map: &BTreeMap<String, String>) -> Vec<AttributeType> {
    map.iter()
        .map(|(name, value)| AttributeType {
            name: name.clone(),
            value: value.clone(),
        })
        .collect()
}

impl AuthClient {
    /// Registers a user; the next step tells whether a confirmation code was sent.
    pub async fn sign_up(
        &self,
        username: &str,
        password: Option<&str>,
        options: SignUpOptions,
    ) -> Result<SignUpResult> {
        self.bounded(async move {
            let pool = self.user_pool()?;
            let resp = pool
                .send(&SignUpRequest {
                    client_id: pool.client_id().to_owned(),
                    secret_hash: pool.secret_hash(username),
                    username: username.to_owned(),
                    password: password.map(Secret::new),
                    user_attributes: attributes(&options.attributes),
                    validation_data: attributes(&options.validation_data),
                    client_metadata: options.client_metadata,
                })
                .await?;
            // Cognito's session for signing in without the password again (USER_AUTH pools).
            let auto = resp.session.clone().map(|session| AutoSignIn {
                username: username.to_owned(),
                session,
                confirmed: resp.user_confirmed,
            });
            remember_auto_sign_in(self, auto.as_ref()).await?;
            let next_step = if resp.user_confirmed && auto.is_some() {
                SignUpNextStep::CompleteAutoSignIn
            } else if resp.user_confirmed {
                SignUpNextStep::Done
            } else {
                SignUpNextStep::ConfirmSignUp {
                    delivery: resp.code_delivery_details.map(CodeDelivery::from),
                }
            };
            Ok(SignUpResult {
                user_id: Some(resp.user_sub).filter(|s| !s.is_empty()),
                next_step,
            })
        })
        .await
    }

    /// Confirms a sign-up with the code the user received.
    pub async fn confirm_sign_up(
        &self,
        username: &str,
        code: &str,
        client_metadata: BTreeMap<String, String>,
    ) -> Result<SignUpResult> {
        self.bounded(async move {
            let pool = self.user_pool()?;
            let auto = recall_auto_sign_in(self, Some(username)).await?;
            let resp = pool
                .send(&ConfirmSignUpRequest {
                    client_id: pool.client_id().to_owned(),
                    secret_hash: pool.secret_hash(username),
                    username: username.to_owned(),
                    confirmation_code: Secret::new(code),
                    client_metadata,
                    session: auto.map(|a| a.session),
                    ..Default::default()
                })
                .await?;
            let next_step = match resp.session {
                Some(session) => {
                    let state = AutoSignIn {
                        username: username.to_owned(),
                        session,
                        confirmed: true,
                    };
                    remember_auto_sign_in(self, Some(&state)).await?;
                    SignUpNextStep::CompleteAutoSignIn
                }
                None => SignUpNextStep::Done,
            };
            Ok(SignUpResult {
                user_id: None,
                next_step,
            })
        })
        .await
    }

    /// Sends the sign-up confirmation code again.
    pub async fn resend_sign_up_code(
        &self,
        username: &str,
        client_metadata: BTreeMap<String, String>,
    ) -> Result<Option<CodeDelivery>> {
        self.bounded(async move {
            let pool = self.user_pool()?;
            let resp = pool
                .send(&ResendConfirmationCodeRequest {
                    client_id: pool.client_id().to_owned(),
                    secret_hash: pool.secret_hash(username),
                    username: username.to_owned(),
                    client_metadata,
                })
                .await?;
            Ok(resp.code_delivery_details.map(CodeDelivery::from))
        })
        .await
    }
}
