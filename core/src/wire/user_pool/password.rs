//! Passwords: the forgotten-password reset and the signed-in user's change.

use super::CodeDeliveryResponse;
use crate::secret::Secret;
use crate::wire::operation::{Empty, UserPools, operations};
use serde::Serialize;
use std::collections::BTreeMap;

operations!(UserPools {
    "ForgotPassword": ForgotPasswordRequest => CodeDeliveryResponse,
    "ConfirmForgotPassword": ConfirmForgotPasswordRequest => Empty,
    "ChangePassword": ChangePasswordRequest => Empty,
});

/// `ForgotPassword` request.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct ForgotPasswordRequest {
    /// App client id.
    pub client_id: String,
    /// `SECRET_HASH` for clients with a secret.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_hash: Option<Secret>,
    /// User name.
    pub username: String,
    /// Metadata for Lambda triggers.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub client_metadata: BTreeMap<String, String>,
}

/// `ConfirmForgotPassword` request.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct ConfirmForgotPasswordRequest {
    /// App client id.
    pub client_id: String,
    /// `SECRET_HASH` for clients with a secret.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_hash: Option<Secret>,
    /// User name.
    pub username: String,
    /// The code sent to the user.
    pub confirmation_code: Secret,
    /// The new password.
    pub password: Secret,
    /// Metadata for Lambda triggers.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub client_metadata: BTreeMap<String, String>,
}

/// `ChangePassword` request.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct ChangePasswordRequest {
    /// Access token of the signed-in user.
    pub access_token: Secret,
    /// The current password.
    pub previous_password: Secret,
    /// The new password.
    pub proposed_password: Secret,
}
