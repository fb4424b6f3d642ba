//! Cognito user pools (`AWSCognitoIdentityProviderService`): the typed client, `SECRET_HASH`,
//! and request/response types of the public (non-admin) operations.

use super::{WireClient, WireError};
use crate::config::UserPoolConfig;
use crate::secret::Secret;
use base64::Engine;
use hmac::{Hmac, KeyInit, Mac};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use std::collections::BTreeMap;
use url::Url;

/// Client of one user pool's public API, for one app client.
#[derive(Clone, Debug)]
pub struct UserPoolClient {
    wire: WireClient,
    endpoint: Url,
    pool: UserPoolConfig,
}

impl UserPoolClient {
    /// A client for `pool` over `wire`.
    pub fn new(wire: WireClient, pool: &UserPoolConfig) -> Self {
        Self {
            endpoint: pool.endpoint_url(),
            wire,
            pool: pool.clone(),
        }
    }

    /// The pool and app client settings.
    pub fn pool(&self) -> &UserPoolConfig {
        &self.pool
    }

    /// The app client id.
    pub fn client_id(&self) -> &str {
        &self.pool.client_id
    }

    /// The request path underneath.
    pub fn wire(&self) -> &WireClient {
        &self.wire
    }

    /// `SECRET_HASH` = Base64(HMAC-SHA256(client secret, username ‖ client id)), required on
    /// user-pool calls when the app client has a secret; `None` for public clients.
    pub fn secret_hash(&self, username: &str) -> Option<Secret> {
        let secret = self.pool.client_secret.as_ref()?;
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.expose().as_bytes())
            .expect("HMAC takes keys of any length");
        mac.update(username.as_bytes());
        mac.update(self.pool.client_id.as_bytes());
        Some(Secret::new(
            base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes()),
        ))
    }

    /// Calls `AWSCognitoIdentityProviderService.<operation>`.
    pub async fn call<Req: Serialize, Resp: DeserializeOwned>(
        &self,
        operation: &str,
        request: &Req,
    ) -> Result<Resp, WireError> {
        let target = format!("AWSCognitoIdentityProviderService.{operation}");
        self.wire.json_1_1(&self.endpoint, &target, request).await
    }

    /// `SignUp`.
    pub async fn sign_up(&self, req: &SignUpRequest) -> Result<SignUpResponse, WireError> {
        self.call("SignUp", req).await
    }

    /// `ConfirmSignUp`.
    pub async fn confirm_sign_up(
        &self,
        req: &ConfirmSignUpRequest,
    ) -> Result<ConfirmSignUpResponse, WireError> {
        self.call("ConfirmSignUp", req).await
    }

    /// `ResendConfirmationCode`.
    pub async fn resend_confirmation_code(
        &self,
        req: &ResendConfirmationCodeRequest,
    ) -> Result<CodeDeliveryResponse, WireError> {
        self.call("ResendConfirmationCode", req).await
    }

    /// `InitiateAuth`.
    pub async fn initiate_auth(
        &self,
        req: &InitiateAuthRequest,
    ) -> Result<AuthChallengeResponse, WireError> {
        self.call("InitiateAuth", req).await
    }

    /// `RespondToAuthChallenge`.
    pub async fn respond_to_auth_challenge(
        &self,
        req: &RespondToAuthChallengeRequest,
    ) -> Result<AuthChallengeResponse, WireError> {
        self.call("RespondToAuthChallenge", req).await
    }

    /// `GetUser`.
    pub async fn get_user(&self, access_token: &Secret) -> Result<GetUserResponse, WireError> {
        self.call(
            "GetUser",
            &AccessTokenRequest {
                access_token: access_token.clone(),
            },
        )
        .await
    }

    /// `GlobalSignOut`: invalidates every refresh token of the user.
    pub async fn global_sign_out(&self, access_token: &Secret) -> Result<Empty, WireError> {
        self.call(
            "GlobalSignOut",
            &AccessTokenRequest {
                access_token: access_token.clone(),
            },
        )
        .await
    }

    /// `RevokeToken`: invalidates one refresh token and the tokens issued from it.
    pub async fn revoke_token(&self, refresh_token: &Secret) -> Result<Empty, WireError> {
        self.call(
            "RevokeToken",
            &RevokeTokenRequest {
                token: refresh_token.clone(),
                client_id: self.pool.client_id.clone(),
                client_secret: self.pool.client_secret.clone(),
            },
        )
        .await
    }
}

/// A response with no fields of interest.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Empty {}

/// A user attribute (`email`, `custom:team`, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttributeType {
    /// Attribute name.
    pub name: String,
    /// Attribute value (absent in some responses).
    #[serde(default)]
    pub value: String,
}

/// Where a code was sent.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CodeDeliveryDetails {
    /// Masked destination (`a***@e***.com`).
    pub destination: Option<String>,
    /// `SMS` or `EMAIL`.
    pub delivery_medium: Option<String>,
    /// Attribute the code verifies.
    pub attribute_name: Option<String>,
}

/// `SignUp` request.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SignUpRequest {
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
pub struct SignUpResponse {
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
pub struct ConfirmSignUpRequest {
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
pub struct ConfirmSignUpResponse {
    /// Session for `USER_AUTH` auto sign-in.
    pub session: Option<Secret>,
}

/// `ResendConfirmationCode` request.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResendConfirmationCodeRequest {
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

/// A response carrying only code-delivery details.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CodeDeliveryResponse {
    /// Where the code went.
    pub code_delivery_details: Option<CodeDeliveryDetails>,
}

/// `InitiateAuth` request.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InitiateAuthRequest {
    /// `USER_SRP_AUTH`, `USER_PASSWORD_AUTH`, `CUSTOM_AUTH`, `USER_AUTH`, `REFRESH_TOKEN_AUTH`.
    pub auth_flow: String,
    /// App client id.
    pub client_id: String,
    /// Flow parameters (`USERNAME`, `SRP_A`, `PASSWORD`, `SECRET_HASH`, `REFRESH_TOKEN`, …).
    pub auth_parameters: BTreeMap<String, Secret>,
    /// Metadata for Lambda triggers.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub client_metadata: BTreeMap<String, String>,
    /// Session from `ConfirmSignUp`, for auto sign-in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<Secret>,
}

/// `RespondToAuthChallenge` request.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RespondToAuthChallengeRequest {
    /// App client id.
    pub client_id: String,
    /// The challenge being answered.
    pub challenge_name: String,
    /// Session from the previous step.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<Secret>,
    /// Answers (`USERNAME`, `PASSWORD_CLAIM_SIGNATURE`, `SMS_MFA_CODE`, `ANSWER`, …).
    pub challenge_responses: BTreeMap<String, Secret>,
    /// Metadata for Lambda triggers.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub client_metadata: BTreeMap<String, String>,
}

/// The answer of `InitiateAuth` and `RespondToAuthChallenge`: tokens, or the next challenge.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AuthChallengeResponse {
    /// Next challenge, if any.
    pub challenge_name: Option<String>,
    /// Session to send with the answer.
    pub session: Option<Secret>,
    /// Challenge parameters (`SRP_B`, `SALT`, `SECRET_BLOCK`, `USER_ID_FOR_SRP`, …).
    #[serde(default)]
    pub challenge_parameters: BTreeMap<String, String>,
    /// Tokens, when authentication is complete.
    pub authentication_result: Option<AuthenticationResult>,
    /// First factors offered by `USER_AUTH`.
    #[serde(default)]
    pub available_challenges: Vec<String>,
}

/// Tokens issued by a user pool.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AuthenticationResult {
    /// Access token (JWT).
    pub access_token: Secret,
    /// Lifetime of the access token in seconds (cognito-local omits it: use the JWT `exp`).
    pub expires_in: Option<i64>,
    /// `Bearer`.
    pub token_type: Option<String>,
    /// Refresh token (absent on refresh).
    pub refresh_token: Option<Secret>,
    /// ID token (JWT).
    pub id_token: Option<Secret>,
    /// Set when the pool tracks devices and this one is new.
    pub new_device_metadata: Option<NewDeviceMetadata>,
}

/// Keys of a device Cognito has just seen.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct NewDeviceMetadata {
    /// Device key.
    pub device_key: String,
    /// Device group key.
    pub device_group_key: String,
}

/// A request with only an access token.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AccessTokenRequest {
    /// Access token of the signed-in user.
    pub access_token: Secret,
}

/// `GetUser` response.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetUserResponse {
    /// User name.
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

/// `RevokeToken` request.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RevokeTokenRequest {
    /// The refresh token to revoke.
    pub token: Secret,
    /// App client id.
    pub client_id: String,
    /// App client secret, when the client has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<Secret>,
}

// ---- Sign-in, account, MFA and device operations (auth helper). ----

impl UserPoolClient {
    /// `AssociateSoftwareToken` (with an access token, or a sign-in `Session` during MFA_SETUP).
    pub async fn associate_software_token(
        &self,
        req: &AssociateSoftwareTokenRequest,
    ) -> Result<AssociateSoftwareTokenResponse, WireError> {
        self.call("AssociateSoftwareToken", req).await
    }

    /// `VerifySoftwareToken`.
    pub async fn verify_software_token(
        &self,
        req: &VerifySoftwareTokenRequest,
    ) -> Result<VerifySoftwareTokenResponse, WireError> {
        self.call("VerifySoftwareToken", req).await
    }

    /// `ConfirmDevice`.
    pub async fn confirm_device(
        &self,
        req: &ConfirmDeviceRequest,
    ) -> Result<ConfirmDeviceResponse, WireError> {
        self.call("ConfirmDevice", req).await
    }

    /// `ForgotPassword`.
    pub async fn forgot_password(
        &self,
        req: &ForgotPasswordRequest,
    ) -> Result<CodeDeliveryResponse, WireError> {
        self.call("ForgotPassword", req).await
    }

    /// `ConfirmForgotPassword`.
    pub async fn confirm_forgot_password(
        &self,
        req: &ConfirmForgotPasswordRequest,
    ) -> Result<Empty, WireError> {
        self.call("ConfirmForgotPassword", req).await
    }
}

/// `AssociateSoftwareToken` request: exactly one of the two is set.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssociateSoftwareTokenRequest {
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
pub struct AssociateSoftwareTokenResponse {
    /// The TOTP shared secret (base32).
    pub secret_code: Secret,
    /// Session to continue the sign-in with.
    pub session: Option<Secret>,
}

/// `VerifySoftwareToken` request.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct VerifySoftwareTokenRequest {
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
pub struct VerifySoftwareTokenResponse {
    /// `SUCCESS` or `ERROR`.
    pub status: Option<String>,
    /// Session to continue the sign-in with.
    pub session: Option<Secret>,
}

/// A device's SRP verifier and salt (base64).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeviceSecretVerifierConfig {
    /// gˣ mod N, base64.
    pub password_verifier: Secret,
    /// Salt, base64.
    pub salt: String,
}

/// `ConfirmDevice` request.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConfirmDeviceRequest {
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
pub struct ConfirmDeviceResponse {
    /// Whether the user must decide to remember the device (pool setting "user opt-in").
    #[serde(default)]
    pub user_confirmation_necessary: bool,
}

/// `UpdateDeviceStatus` request.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateDeviceStatusRequest {
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
pub struct ForgetDeviceRequest {
    /// Access token of the signed-in user.
    pub access_token: Secret,
    /// Device key.
    pub device_key: String,
}

/// `ListDevices` request.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListDevicesRequest {
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
pub struct ListDevicesResponse {
    /// The devices of this page.
    #[serde(default)]
    pub devices: Vec<DeviceType>,
    /// Token of the next page.
    pub pagination_token: Option<String>,
}

/// A device Cognito tracks.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeviceType {
    /// Device key.
    pub device_key: Option<String>,
    /// Attributes (`device_name`, `device_status`, …).
    #[serde(default)]
    pub device_attributes: Vec<AttributeType>,
    /// Seconds since the epoch.
    pub device_create_date: Option<f64>,
    /// Seconds since the epoch.
    pub device_last_modified_date: Option<f64>,
    /// Seconds since the epoch.
    pub device_last_authenticated_date: Option<f64>,
}

/// `ForgotPassword` request.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ForgotPasswordRequest {
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
pub struct ConfirmForgotPasswordRequest {
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
pub struct ChangePasswordRequest {
    /// Access token of the signed-in user.
    pub access_token: Secret,
    /// The current password.
    pub previous_password: Secret,
    /// The new password.
    pub proposed_password: Secret,
}

/// `UpdateUserAttributes` request.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateUserAttributesRequest {
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
pub struct UpdateUserAttributesResponse {
    /// Where verification codes for changed attributes went.
    #[serde(default)]
    pub code_delivery_details_list: Vec<CodeDeliveryDetails>,
}

/// `GetUserAttributeVerificationCode` request.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttributeVerificationCodeRequest {
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
pub struct VerifyUserAttributeRequest {
    /// Access token of the signed-in user.
    pub access_token: Secret,
    /// The attribute being verified.
    pub attribute_name: String,
    /// The code sent to it.
    pub code: Secret,
}

/// One MFA method's setting in `SetUserMFAPreference`.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MfaSettings {
    /// Whether the method is enabled.
    pub enabled: bool,
    /// Whether it is the preferred method.
    pub preferred_mfa: bool,
}

/// `SetUserMFAPreference` request.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SetUserMfaPreferenceRequest {
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

// ---- End of the auth helper's additions. ----

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::{SkewedClock, SystemClock};
    use crate::wire::WireOptions;
    use std::sync::Arc;

    fn client(secret: Option<&str>) -> UserPoolClient {
        let wire = WireClient::new(
            WireOptions::default(),
            Arc::new(SkewedClock::new(Arc::new(SystemClock))),
        )
        .unwrap();
        UserPoolClient::new(
            wire,
            &UserPoolConfig {
                pool_id: "us-east-1_abc".into(),
                client_id: "clientid123".into(),
                client_secret: secret.map(Secret::new),
                region: "us-east-1".into(),
                endpoint: None,
            },
        )
    }

    #[test]
    fn secret_hash_matches_the_documented_formula() {
        // Base64(HMAC_SHA256("secret", "alice" + "clientid123")), computed with
        // `printf 'aliceclientid123' | openssl dgst -sha256 -hmac secret -binary | base64`.
        let hash = client(Some("secret")).secret_hash("alice").unwrap();
        assert_eq!(
            hash.expose(),
            "ECMUd7EnwpPi9HVORWg6aq0tZEcDp3ZUfDpkK6LhsMs="
        );
        assert!(client(None).secret_hash("alice").is_none());
    }

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
