//! Remembered devices: confirming a new one with its SRP verifier, remembering, forgetting
//! and listing them.

use super::AttributeType;
use crate::secret::Secret;
use crate::wire::operation::{Empty, UserPools, operations};
use serde::{Deserialize, Serialize};

operations!(UserPools {
    "ConfirmDevice": ConfirmDeviceRequest => ConfirmDeviceResponse,
    "UpdateDeviceStatus": UpdateDeviceStatusRequest => Empty,
    "ForgetDevice": ForgetDeviceRequest => Empty,
    "ListDevices": ListDevicesRequest => ListDevicesResponse,
});

/// A device's SRP verifier and salt (base64).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct DeviceSecretVerifierConfig {
    /// gˣ mod N, base64.
    pub password_verifier: Secret,
    /// Salt, base64.
    pub salt: String,
}

/// `ConfirmDevice` request.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct ConfirmDeviceRequest {
    /// Access token of the signed-in user.
    pub access_token: Secret,
    /// Device key from `NewDeviceMetadata`.
    pub device_key: String,
    /// The verifier of the device's random password.
    pub device_secret_verifier_config: DeviceSecretVerifierConfig,
    /// A human-readable name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_name: Option<String>,
}

/// `ConfirmDevice` response.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct ConfirmDeviceResponse {
    /// Whether the user must decide to remember the device (pool setting "user opt-in").
    #[expect(
        dead_code,
        reason = "not used, but decoding checks it: the answer keeps its shape"
    )]
    #[serde(default)]
    pub user_confirmation_necessary: bool,
}

/// `UpdateDeviceStatus` request.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct UpdateDeviceStatusRequest {
    /// Access token of the signed-in user.
    pub access_token: Secret,
    /// Device key.
    pub device_key: String,
    /// `remembered` or `not_remembered`.
    pub device_remembered_status: String,
}

/// `ForgetDevice` request.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct ForgetDeviceRequest {
    /// Access token of the signed-in user.
    pub access_token: Secret,
    /// Device key.
    pub device_key: String,
}

/// `ListDevices` request.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct ListDevicesRequest {
    /// Access token of the signed-in user.
    pub access_token: Secret,
    /// Page size (at most 60).
    pub limit: u32,
    /// Token of the next page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pagination_token: Option<String>,
}

/// `ListDevices` response.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct ListDevicesResponse {
    /// The devices of this page.
    #[serde(default)]
    pub devices: Vec<DeviceType>,
    /// Token of the next page.
    pub pagination_token: Option<String>,
}

/// A device Cognito tracks.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct DeviceType {
    /// Device key.
    pub device_key: Option<String>,
    /// Attributes (`device_name`, `device_status`, …).
    #[serde(default)]
    pub device_attributes: Vec<AttributeType>,
    /// Seconds since the epoch.
    pub device_create_date: Option<f64>,
    /// Seconds since the epoch.
    #[expect(
        dead_code,
        reason = "not used, but decoding checks it: the answer keeps its shape"
    )]
    pub device_last_modified_date: Option<f64>,
    /// Seconds since the epoch.
    pub device_last_authenticated_date: Option<f64>,
}
