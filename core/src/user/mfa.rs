//! MFA settings of the signed-in user: TOTP set-up and the per-method preferences.

use crate::client::AuthClient;
use crate::error::{AuthError, Result};
use crate::sign_in::{MfaType, TotpSetupDetails};
use crate::wire::user_pool::{
    AssociateSoftwareTokenRequest, MfaSettings, SetUserMfaPreferenceRequest,
    VerifySoftwareTokenRequest,
};

/// How one MFA method should be set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

impl MfaPreferenceValue {
    /// Parses `enabled`, `disabled`, `preferred`, `not-preferred`.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s.to_ascii_lowercase().replace('_', "-").as_str() {
            "enabled" => Self::Enabled,
            "disabled" => Self::Disabled,
            "preferred" => Self::Preferred,
            "not-preferred" => Self::NotPreferred,
            _ => return None,
        })
    }

    fn settings(self) -> MfaSettings {
        MfaSettings {
            enabled: self != Self::Disabled,
            preferred_mfa: self == Self::Preferred,
        }
    }
}

/// The user's MFA methods.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MfaPreference {
    /// Enabled methods.
    pub enabled: Vec<MfaType>,
    /// The preferred one.
    pub preferred: Option<MfaType>,
}

impl AuthClient {
    /// Associates an authenticator app: returns the secret to show (QR code via
    /// [`TotpSetupDetails::setup_uri`]); finish with [`AuthClient::verify_totp_setup`].
    pub async fn set_up_totp(&self) -> Result<TotpSetupDetails> {
        self.bounded(async move {
            let (tokens, username) = self.current_user_tokens().await?;
            let resp = self
                .user_pool()?
                .send(&AssociateSoftwareTokenRequest {
                    access_token: Some(tokens.access_token),
                    session: None,
                })
                .await?;
            Ok(TotpSetupDetails {
                shared_secret: resp.secret_code,
                username,
            })
        })
        .await
    }

    /// Verifies the authenticator's first code; TOTP can then be enabled as an MFA method.
    pub async fn verify_totp_setup(
        &self,
        code: &str,
        friendly_device_name: Option<&str>,
    ) -> Result<()> {
        self.bounded(async move {
            let (tokens, _) = self.current_user_tokens().await?;
            let resp = self
                .user_pool()?
                .send(&VerifySoftwareTokenRequest {
                    access_token: Some(tokens.access_token),
                    session: None,
                    user_code: code.into(),
                    friendly_device_name: friendly_device_name.map(str::to_owned),
                })
                .await?;
            if resp.status.as_deref() == Some("ERROR") {
                return Err(AuthError::CodeMismatch(
                    "the authenticator's code did not verify".into(),
                ));
            }
            Ok(())
        })
        .await
    }

    /// The user's enabled and preferred MFA methods.
    pub async fn fetch_mfa_preference(&self) -> Result<MfaPreference> {
        self.bounded(async move {
            let user = self.get_user().await?;
            Ok(MfaPreference {
                enabled: user
                    .user_mfa_setting_list
                    .iter()
                    .filter_map(|m| MfaType::parse(m))
                    .collect(),
                preferred: user
                    .preferred_mfa_setting
                    .as_deref()
                    .and_then(MfaType::parse),
            })
        })
        .await
    }

    /// Changes MFA methods; `None` leaves a method as it is.
    pub async fn update_mfa_preference(
        &self,
        sms: Option<MfaPreferenceValue>,
        totp: Option<MfaPreferenceValue>,
        email: Option<MfaPreferenceValue>,
    ) -> Result<()> {
        self.bounded(async move {
            if sms.is_none() && totp.is_none() && email.is_none() {
                return Err(AuthError::InvalidParameter(
                    "no MFA preference given".into(),
                ));
            }
            let (tokens, _) = self.current_user_tokens().await?;
            self.user_pool()?
                .send(&SetUserMfaPreferenceRequest {
                    access_token: tokens.access_token,
                    sms_mfa_settings: sms.map(MfaPreferenceValue::settings),
                    software_token_mfa_settings: totp.map(MfaPreferenceValue::settings),
                    email_mfa_settings: email.map(MfaPreferenceValue::settings),
                })
                .await?;
            Ok(())
        })
        .await
    }
}
