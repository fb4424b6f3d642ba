//! The signed-in user: reading and changing attributes, verifying them, deleting the account.

use super::{CodeDeliveryDetails, CodeDeliveryResponse};
use crate::secret::Secret;
use crate::wire::operation::{Empty, UserPools, operations};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

operations!(UserPools {
    "GetUser": GetUserRequest => GetUserResponse,
    "UpdateUserAttributes": UpdateUserAttributesRequest => UpdateUserAttributesResponse,
    "GetUserAttributeVerificationCode":
        GetUserAttributeVerificationCodeRequest => CodeDeliveryResponse,
    "VerifyUserAttribute": VerifyUserAttributeRequest => Empty,
    "DeleteUser": DeleteUserRequest => Empty,
});

/// A user attribute (`email`, `custom:team`, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct AttributeType {
    /// Attribute name.
    pub name: String,
    /// Attribute value (absent in some responses).
    #[serde(default)]
    pub value: String,
}

/// `GetUser` request.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct GetUserRequest {
    /// Access token of the signed-in user.
    pub access_token: Secret,
}

/// `GetUser` response.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct GetUserResponse {
    /// User name. Required: an answer without it is not a `GetUser` answer.
    #[expect(
        dead_code,
        reason = "not used, but decoding checks it: the answer keeps its shape"
    )]
    pub username: String,
    /// Attributes.
    #[serde(default)]
    pub user_attributes: Vec<AttributeType>,
    /// Preferred MFA (`SMS_MFA`, `SOFTWARE_TOKEN_MFA`, `EMAIL_OTP`).
    pub preferred_mfa_setting: Option<String>,
    /// Enabled MFA methods.
    #[serde(rename = "UserMFASettingList", default)]
    pub user_mfa_setting_list: Vec<String>,
}

/// `UpdateUserAttributes` request.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct UpdateUserAttributesRequest {
    /// Access token of the signed-in user.
    pub access_token: Secret,
    /// Attributes to set.
    pub user_attributes: Vec<AttributeType>,
    /// Metadata for Lambda triggers.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub client_metadata: BTreeMap<String, String>,
}

/// `UpdateUserAttributes` response.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct UpdateUserAttributesResponse {
    /// Where verification codes for changed attributes went.
    #[serde(default)]
    pub code_delivery_details_list: Vec<CodeDeliveryDetails>,
}

/// `GetUserAttributeVerificationCode` request.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct GetUserAttributeVerificationCodeRequest {
    /// Access token of the signed-in user.
    pub access_token: Secret,
    /// The attribute to verify.
    pub attribute_name: String,
    /// Metadata for Lambda triggers.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub client_metadata: BTreeMap<String, String>,
}

/// `VerifyUserAttribute` request.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct VerifyUserAttributeRequest {
    /// Access token of the signed-in user.
    pub access_token: Secret,
    /// The attribute being verified.
    pub attribute_name: String,
    /// The code sent to it.
    pub code: Secret,
}

/// `DeleteUser` request.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct DeleteUserRequest {
    /// Access token of the signed-in user.
    pub access_token: Secret,
}
