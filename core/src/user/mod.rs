//! Account operations: passwords, attributes, MFA settings, deleting the account.
//! All but the password reset need a signed-in user (its access token).

mod mfa;

pub use mfa::{MfaPreference, MfaPreferenceValue};

use crate::client::AuthClient;
use crate::error::{AuthError, Result};
use crate::secret::Secret;
use crate::sign_up::CodeDelivery;
use crate::state::AuthEvent;
use crate::wire::user_pool::{
    AttributeType, ChangePasswordRequest, ConfirmForgotPasswordRequest, DeleteUserRequest,
    ForgotPasswordRequest, GetUserAttributeVerificationCodeRequest, GetUserRequest,
    UpdateUserAttributesRequest, VerifyUserAttributeRequest,
};
use std::collections::BTreeMap;

/// What happens after `reset_password`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResetPasswordNextStep {
    /// Ask for the code that was sent, then call `confirm_reset_password`.
    ConfirmResetPasswordWithCode {
        /// Where it went.
        delivery: Option<CodeDelivery>,
    },
    /// Nothing left to do.
    Done,
}

/// What happens to one attribute after `update_user_attributes`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttributeUpdateStep {
    /// The new value must be verified with the code sent (`confirm_user_attribute`).
    ConfirmAttributeWithCode {
        /// Where it went.
        delivery: Option<CodeDelivery>,
    },
    /// Updated.
    Done,
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
    /// Starts a password reset (`ForgotPassword`): a code is sent to the user.
    pub async fn reset_password(
        &self,
        username: &str,
        client_metadata: BTreeMap<String, String>,
    ) -> Result<ResetPasswordNextStep> {
        self.bounded(async move {
            let pool = self.user_pool()?;
            let resp = pool
                .send(&ForgotPasswordRequest {
                    client_id: pool.client_id().to_owned(),
                    secret_hash: pool.secret_hash(username),
                    username: username.to_owned(),
                    client_metadata,
                })
                .await?;
            Ok(ResetPasswordNextStep::ConfirmResetPasswordWithCode {
                delivery: resp.code_delivery_details.map(CodeDelivery::from),
            })
        })
        .await
    }

    /// Sets a new password with the code from `reset_password`.
    pub async fn confirm_reset_password(
        &self,
        username: &str,
        new_password: &str,
        code: &str,
        client_metadata: BTreeMap<String, String>,
    ) -> Result<()> {
        self.bounded(async move {
            let pool = self.user_pool()?;
            pool.send(&ConfirmForgotPasswordRequest {
                client_id: pool.client_id().to_owned(),
                secret_hash: pool.secret_hash(username),
                username: username.to_owned(),
                confirmation_code: code.into(),
                password: new_password.into(),
                client_metadata,
            })
            .await?;
            Ok(())
        })
        .await
    }

    /// Changes the signed-in user's password.
    pub async fn update_password(&self, old_password: &str, new_password: &str) -> Result<()> {
        self.bounded(async move {
            let (tokens, _) = self.current_user_tokens().await?;
            self.user_pool()?
                .send(&ChangePasswordRequest {
                    access_token: tokens.access_token,
                    previous_password: old_password.into(),
                    proposed_password: new_password.into(),
                })
                .await?;
            Ok(())
        })
        .await
    }

    /// `GetUser` for the signed-in user (attributes, MFA settings), tokens refreshed first.
    pub(crate) async fn get_user(&self) -> Result<crate::wire::user_pool::GetUserResponse> {
        let (tokens, _) = self.current_user_tokens().await?;
        Ok(self
            .user_pool()?
            .send(&GetUserRequest {
                access_token: tokens.access_token,
            })
            .await?)
    }

    /// The signed-in user's attributes.
    pub async fn fetch_user_attributes(&self) -> Result<BTreeMap<String, String>> {
        self.bounded(async move {
            let user = self.get_user().await?;
            Ok(user
                .user_attributes
                .into_iter()
                .map(|a| (a.name, a.value))
                .collect())
        })
        .await
    }

    /// Sets attributes; those whose new value must be verified (email, phone) say so.
    pub async fn update_user_attributes(
        &self,
        updates: BTreeMap<String, String>,
        client_metadata: BTreeMap<String, String>,
    ) -> Result<BTreeMap<String, AttributeUpdateStep>> {
        self.bounded(async move {
            if updates.is_empty() {
                return Err(AuthError::InvalidParameter(
                    "no attributes to update".into(),
                ));
            }
            let (tokens, _) = self.current_user_tokens().await?;
            let resp = self
                .user_pool()?
                .send(&UpdateUserAttributesRequest {
                    access_token: tokens.access_token,
                    user_attributes: attributes(&updates),
                    client_metadata,
                })
                .await?;
            let mut out: BTreeMap<String, AttributeUpdateStep> = updates
                .keys()
                .map(|k| (k.clone(), AttributeUpdateStep::Done))
                .collect();
            for d in resp.code_delivery_details_list {
                if let Some(name) = d.attribute_name.clone() {
                    out.insert(
                        name,
                        AttributeUpdateStep::ConfirmAttributeWithCode {
                            delivery: Some(CodeDelivery::from(d)),
                        },
                    );
                }
            }
            Ok(out)
        })
        .await
    }

    /// Sends a verification code for an attribute (`email`, `phone_number`).
    pub async fn send_user_attribute_verification_code(
        &self,
        attribute: &str,
        client_metadata: BTreeMap<String, String>,
    ) -> Result<Option<CodeDelivery>> {
        self.bounded(async move {
            let (tokens, _) = self.current_user_tokens().await?;
            let resp = self
                .user_pool()?
                .send(&GetUserAttributeVerificationCodeRequest {
                    access_token: tokens.access_token,
                    attribute_name: attribute.to_owned(),
                    client_metadata,
                })
                .await?;
            Ok(resp.code_delivery_details.map(CodeDelivery::from))
        })
        .await
    }

    /// Verifies an attribute with the code sent to it.
    pub async fn confirm_user_attribute(&self, attribute: &str, code: &str) -> Result<()> {
        self.bounded(async move {
            let (tokens, _) = self.current_user_tokens().await?;
            self.user_pool()?
                .send(&VerifyUserAttributeRequest {
                    access_token: tokens.access_token,
                    attribute_name: attribute.to_owned(),
                    code: Secret::new(code),
                })
                .await?;
            Ok(())
        })
        .await
    }

    /// Deletes the signed-in user's account, then forgets the session and this device's
    /// secrets ([`AuthEvent::UserDeleted`]). Nothing local changes if Cognito refuses.
    pub async fn delete_user(&self) -> Result<()> {
        self.bounded(async move {
            let (tokens, user) = self.current_user_tokens().await?;
            self.user_pool()?
                .send(&DeleteUserRequest {
                    access_token: tokens.access_token,
                })
                .await?;
            self.set_device_secrets(&user, None).await?;
            self.clear_local_session(AuthEvent::UserDeleted).await
        })
        .await
    }
}
