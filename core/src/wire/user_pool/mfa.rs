//! MFA settings: associating and verifying an authenticator (signed in, or with a sign-in's
//! session during `MFA_SETUP`) and the per-method preferences.

use crate::secret::Secret;
use crate::wire::operation::{Empty, UserPools, operations};
use serde::{Deserialize, Serialize};

operations!(UserPools {
    "AssociateSoftwareToken": AssociateSoftwareTokenRequest => AssociateSoftwareTokenResponse,
    "VerifySoftwareToken": VerifySoftwareTokenRequest => VerifySoftwareTokenResponse,
    "SetUserMFAPreference": SetUserMfaPreferenceRequest => Empty,
});

/// `AssociateSoftwareToken` request: exactly one of the two is set.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct AssociateSoftwareTokenRequest {
    /// Access token of the signed-in user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_token: Option<Secret>,
    /// Session of a sign-in in MFA_SETUP.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<Secret>,
}

/// `AssociateSoftwareToken` response.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct AssociateSoftwareTokenResponse {
    /// The TOTP shared secret (base32).
    pub secret_code: Secret,
    /// Session to continue the sign-in with.
    pub session: Option<Secret>,
}

/// `VerifySoftwareToken` request.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct VerifySoftwareTokenRequest {
    /// Access token of the signed-in user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_token: Option<Secret>,
    /// Session of a sign-in in MFA_SETUP.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<Secret>,
    /// The code the authenticator shows.
    pub user_code: Secret,
    /// A name for the authenticator.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub friendly_device_name: Option<String>,
}

/// `VerifySoftwareToken` response.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct VerifySoftwareTokenResponse {
    /// `SUCCESS` or `ERROR`.
    pub status: Option<String>,
    /// Session to continue the sign-in with.
    pub session: Option<Secret>,
}

/// One MFA method's setting in `SetUserMFAPreference`.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct MfaSettings {
    /// Whether the method is enabled.
    pub enabled: bool,
    /// Whether it is the preferred method.
    pub preferred_mfa: bool,
}

/// `SetUserMFAPreference` request.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct SetUserMfaPreferenceRequest {
    /// Access token of the signed-in user.
    pub access_token: Secret,
    /// SMS.
    #[serde(rename = "SMSMfaSettings", skip_serializing_if = "Option::is_none")]
    pub sms_mfa_settings: Option<MfaSettings>,
    /// TOTP.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub software_token_mfa_settings: Option<MfaSettings>,
    /// Email.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_mfa_settings: Option<MfaSettings>,
}
