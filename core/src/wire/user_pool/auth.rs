//! Signing in: `InitiateAuth`, `RespondToAuthChallenge`, and the tokens they end with.

use super::{AuthParameters, Challenge};
use crate::secret::Secret;
use crate::wire::operation::{UserPools, operations};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

operations!(UserPools {
    "InitiateAuth": InitiateAuthRequest => AuthChallengeResponse,
    "RespondToAuthChallenge": RespondToAuthChallengeRequest => AuthChallengeResponse,
});

/// How `InitiateAuth` authenticates (`AuthFlow`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) enum AuthFlow {
    /// The password proven with SRP.
    #[serde(rename = "USER_SRP_AUTH")]
    UserSrp,
    /// The password sent over TLS.
    #[serde(rename = "USER_PASSWORD_AUTH")]
    UserPassword,
    /// The pool's Lambda challenges (optionally after SRP).
    #[serde(rename = "CUSTOM_AUTH")]
    Custom,
    /// Choice-based: Cognito offers the first factors.
    #[serde(rename = "USER_AUTH")]
    UserAuth,
    /// New tokens for a refresh token.
    #[serde(rename = "REFRESH_TOKEN_AUTH")]
    RefreshToken,
}

/// `InitiateAuth` request.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct InitiateAuthRequest {
    /// The flow.
    pub auth_flow: AuthFlow,
    /// App client id.
    pub client_id: String,
    /// Flow parameters (`USERNAME`, `SRP_A`, `PASSWORD`, `SECRET_HASH`, `REFRESH_TOKEN`, …).
    pub auth_parameters: AuthParameters,
    /// Metadata for Lambda triggers.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub client_metadata: BTreeMap<String, String>,
    /// Session from `ConfirmSignUp`, for auto sign-in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<Secret>,
}

/// `RespondToAuthChallenge` request.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct RespondToAuthChallengeRequest {
    /// App client id.
    pub client_id: String,
    /// The challenge being answered.
    pub challenge_name: Challenge,
    /// Session from the previous step.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<Secret>,
    /// Answers (`USERNAME`, `PASSWORD_CLAIM_SIGNATURE`, `SMS_MFA_CODE`, `ANSWER`, …).
    pub challenge_responses: AuthParameters,
    /// Metadata for Lambda triggers.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub client_metadata: BTreeMap<String, String>,
}

/// The answer of `InitiateAuth` and `RespondToAuthChallenge`: tokens, or the next challenge.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct AuthChallengeResponse {
    /// Next challenge, if any.
    pub challenge_name: Option<Challenge>,
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

impl AuthChallengeResponse {
    /// A challenge parameter.
    pub(crate) fn param(&self, name: &str) -> Option<&str> {
        self.challenge_parameters.get(name).map(String::as_str)
    }

    /// The user name Cognito wants in the answer, when it names one (`USERNAME`).
    pub(crate) fn username(&self) -> Option<&str> {
        self.param("USERNAME")
    }
}

/// Tokens issued by a user pool.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct AuthenticationResult {
    /// Access token (JWT).
    pub access_token: Secret,
    /// Lifetime of the access token in seconds (cognito-local omits it: use the JWT `exp`).
    pub expires_in: Option<i64>,
    /// `Bearer`.
    #[expect(
        dead_code,
        reason = "not used, but decoding checks it: the answer keeps its shape"
    )]
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
pub(crate) struct NewDeviceMetadata {
    /// Device key.
    pub device_key: String,
    /// Device group key.
    pub device_group_key: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::user_pool::client::tests::client;

    #[test]
    fn challenges_go_out_and_come_back_by_name() {
        let pool = client(None);
        let req = RespondToAuthChallengeRequest {
            client_id: "c".into(),
            challenge_name: Challenge::SmsMfa,
            session: None,
            challenge_responses: AuthParameters::for_user(&pool, "u", None),
            client_metadata: BTreeMap::new(),
        };
        assert_eq!(
            serde_json::to_string(&req).unwrap(),
            r#"{"ClientId":"c","ChallengeName":"SMS_MFA","ChallengeResponses":{"USERNAME":"u"}}"#
        );
        let flows = [
            (AuthFlow::UserSrp, "USER_SRP_AUTH"),
            (AuthFlow::UserPassword, "USER_PASSWORD_AUTH"),
            (AuthFlow::Custom, "CUSTOM_AUTH"),
            (AuthFlow::UserAuth, "USER_AUTH"),
            (AuthFlow::RefreshToken, "REFRESH_TOKEN_AUTH"),
        ];
        for (flow, name) in flows {
            assert_eq!(serde_json::to_value(flow).unwrap(), name);
        }
        let resp: AuthChallengeResponse =
            serde_json::from_str(r#"{"ChallengeName":"WEB_AUTHN_2","Session":"s"}"#).unwrap();
        assert_eq!(
            resp.challenge_name,
            Some(Challenge::Other("WEB_AUTHN_2".into()))
        );
    }
}
