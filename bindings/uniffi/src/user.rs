//! Account operations: password reset and change, attributes, MFA settings, deleting the
//! account. All but the password reset need a signed-in user.

use crate::client::AuthClient;
use crate::error::AuthError;
use crate::runtime;
use crate::sign_in::TotpSetupDetails;
use cognito_auth::{
    AttributeUpdateStep, CodeDelivery, MfaPreference, MfaPreferenceValue, MfaType,
    ResetPasswordNextStep,
};
use std::collections::HashMap;
use std::sync::Arc;

/// What happens after `reset_password`.
#[uniffi::remote(Enum)]
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
#[uniffi::remote(Enum)]
pub enum AttributeUpdateStep {
    /// The new value must be verified with the code sent (`confirm_user_attribute`).
    ConfirmAttributeWithCode {
        /// Where it went.
        delivery: Option<CodeDelivery>,
    },
    /// Updated.
    Done,
}

/// How one MFA method should be set by `update_mfa_preference`.
#[uniffi::remote(Enum)]
pub enum MfaPreferenceValue {
    /// Enabled, not preferred.
    Enabled,
    /// Disabled.
    Disabled,
    /// Enabled and preferred.
    Preferred,
    /// Enabled, and no longer preferred.
    NotPreferred,
}

/// The user's MFA methods.
#[uniffi::remote(Record)]
pub struct MfaPreference {
    /// Enabled methods.
    pub enabled: Vec<MfaType>,
    /// The preferred one.
    pub preferred: Option<MfaType>,
}

#[uniffi::export]
impl AuthClient {
    /// Starts a password reset: a code is sent to the user.
    #[uniffi::method(default(client_metadata))]
    pub async fn reset_password(
        &self,
        username: String,
        client_metadata: HashMap<String, String>,
    ) -> Result<ResetPasswordNextStep, AuthError> {
        runtime::guard_async(async {
            let metadata = client_metadata.into_iter().collect();
            Ok(self.core.reset_password(&username, metadata).await?)
        })
        .await
    }

    /// Sets a new password with the code from `reset_password`.
    #[uniffi::method(default(client_metadata))]
    pub async fn confirm_reset_password(
        &self,
        username: String,
        new_password: String,
        code: String,
        client_metadata: HashMap<String, String>,
    ) -> Result<(), AuthError> {
        runtime::guard_async(async {
            let metadata = client_metadata.into_iter().collect();
            Ok(self
                .core
                .confirm_reset_password(&username, &new_password, &code, metadata)
                .await?)
        })
        .await
    }

    /// Changes the signed-in user's password.
    pub async fn update_password(
        &self,
        old_password: String,
        new_password: String,
    ) -> Result<(), AuthError> {
        runtime::guard_async(async {
            Ok(self
                .core
                .update_password(&old_password, &new_password)
                .await?)
        })
        .await
    }

    /// The signed-in user's attributes.
    pub async fn fetch_user_attributes(&self) -> Result<HashMap<String, String>, AuthError> {
        runtime::guard_async(async {
            Ok(self
                .core
                .fetch_user_attributes()
                .await?
                .into_iter()
                .collect())
        })
        .await
    }

    /// Sets attributes; those whose new value must be verified (email, phone) say so.
    #[uniffi::method(default(client_metadata))]
    pub async fn update_user_attributes(
        &self,
        updates: HashMap<String, String>,
        client_metadata: HashMap<String, String>,
    ) -> Result<HashMap<String, AttributeUpdateStep>, AuthError> {
        runtime::guard_async(async {
            let steps = self
                .core
                .update_user_attributes(
                    updates.into_iter().collect(),
                    client_metadata.into_iter().collect(),
                )
                .await?;
            Ok(steps.into_iter().collect())
        })
        .await
    }

    /// Sends a verification code for an attribute (`email`, `phone_number`).
    #[uniffi::method(default(client_metadata))]
    pub async fn send_user_attribute_verification_code(
        &self,
        attribute: String,
        client_metadata: HashMap<String, String>,
    ) -> Result<Option<CodeDelivery>, AuthError> {
        runtime::guard_async(async {
            let metadata = client_metadata.into_iter().collect();
            Ok(self
                .core
                .send_user_attribute_verification_code(&attribute, metadata)
                .await?)
        })
        .await
    }

    /// Verifies an attribute with the code sent to it.
    pub async fn confirm_user_attribute(
        &self,
        attribute: String,
        code: String,
    ) -> Result<(), AuthError> {
        runtime::guard_async(async {
            Ok(self.core.confirm_user_attribute(&attribute, &code).await?)
        })
        .await
    }

    /// Deletes the signed-in user's account, then forgets the session (event `UserDeleted`).
    pub async fn delete_user(&self) -> Result<(), AuthError> {
        runtime::guard_async(async { Ok(self.core.delete_user().await?) }).await
    }

    /// Associates an authenticator app: returns the secret to show; finish with
    /// `verify_totp_setup`.
    pub async fn set_up_totp(&self) -> Result<Arc<TotpSetupDetails>, AuthError> {
        runtime::guard_async(async {
            Ok(Arc::new(TotpSetupDetails(self.core.set_up_totp().await?)))
        })
        .await
    }

    /// Verifies the authenticator's first code; TOTP can then be enabled as an MFA method.
    #[uniffi::method(default(friendly_device_name = None))]
    pub async fn verify_totp_setup(
        &self,
        code: String,
        friendly_device_name: Option<String>,
    ) -> Result<(), AuthError> {
        runtime::guard_async(async {
            Ok(self
                .core
                .verify_totp_setup(&code, friendly_device_name.as_deref())
                .await?)
        })
        .await
    }

    /// The user's enabled and preferred MFA methods.
    pub async fn fetch_mfa_preference(&self) -> Result<MfaPreference, AuthError> {
        runtime::guard_async(async { Ok(self.core.fetch_mfa_preference().await?) }).await
    }

    /// Changes MFA methods; `None` leaves a method as it is.
    #[uniffi::method(default(sms = None, totp = None, email = None))]
    pub async fn update_mfa_preference(
        &self,
        sms: Option<MfaPreferenceValue>,
        totp: Option<MfaPreferenceValue>,
        email: Option<MfaPreferenceValue>,
    ) -> Result<(), AuthError> {
        runtime::guard_async(async { Ok(self.core.update_mfa_preference(sms, totp, email).await?) })
            .await
    }
}
