//! Registering a user: `SignUp`, `ConfirmSignUp`, `ResendConfirmationCode`.

use super::{AttributeType, CodeDeliveryDetails, CodeDeliveryResponse};
use crate::secret::Secret;
use crate::wire::operation::{UserPools, operations};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

operations!(UserPools {
    "SignUp": SignUpRequest => SignUpResponse,
    "ConfirmSignUp": ConfirmSignUpRequest => ConfirmSignUpResponse,
    "ResendConfirmationCode": ResendConfirmationCodeRequest => CodeDeliveryResponse,
});

/// `SignUp` request.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct SignUpRequest {
    /// App client id.
    pub client_id: String,
    /// `SECRET_HASH` for clients with a secret.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_hash: Option<Secret>,
    /// User name (or email/phone when those are username attributes).
    pub username: String,
    /// Password (absent for passwordless pools).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<Secret>,
    /// Attributes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub user_attributes: Vec<AttributeType>,
    /// Validation data for pre-sign-up Lambdas.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub validation_data: Vec<AttributeType>,
    /// Metadata for Lambda triggers.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub client_metadata: BTreeMap<String, String>,
}

/// `SignUp` response.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct SignUpResponse {
    /// Whether the user is confirmed already (auto-confirm Lambda).
    #[serde(default)]
    pub user_confirmed: bool,
    /// The user's `sub`.
    #[serde(default)]
    pub user_sub: String,
    /// Where the confirmation code went.
    pub code_delivery_details: Option<CodeDeliveryDetails>,
    /// Session for signing in after confirmation without the password.
    pub session: Option<Secret>,
}

/// `ConfirmSignUp` request.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct ConfirmSignUpRequest {
    /// App client id.
    pub client_id: String,
    /// `SECRET_HASH` for clients with a secret.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_hash: Option<Secret>,
    /// User name.
    pub username: String,
    /// The code sent to the user.
    pub confirmation_code: Secret,
    /// Move an alias (email/phone) from another user to this one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub force_alias_creation: Option<bool>,
    /// Metadata for Lambda triggers.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub client_metadata: BTreeMap<String, String>,
    /// Session from `SignUp`, to get an auto sign-in session back.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<Secret>,
}

/// `ConfirmSignUp` response.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct ConfirmSignUpResponse {
    /// Session for `USER_AUTH` auto sign-in.
    pub session: Option<Secret>,
}

/// `ResendConfirmationCode` request.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct ResendConfirmationCodeRequest {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_serialize_in_pascal_case_without_empty_fields() {
        let req = SignUpRequest {
            client_id: "c".into(),
            username: "u".into(),
            password: Some(Secret::new("p")),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_string(&req).unwrap(),
            r#"{"ClientId":"c","Username":"u","Password":"p"}"#
        );
    }
}
