//! Ending sessions: `GlobalSignOut` (every refresh token of the user) and `RevokeToken` (one
//! refresh token and the tokens issued from it).

use crate::secret::Secret;
use crate::wire::operation::{Empty, UserPools, operations};
use serde::Serialize;

operations!(UserPools {
    "GlobalSignOut": GlobalSignOutRequest => Empty,
    "RevokeToken": RevokeTokenRequest => Empty,
});

/// `GlobalSignOut` request.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct GlobalSignOutRequest {
    /// Access token of the signed-in user.
    pub access_token: Secret,
}

/// `RevokeToken` request.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct RevokeTokenRequest {
    /// The refresh token to revoke.
    pub token: Secret,
    /// App client id.
    pub client_id: String,
    /// App client secret, when the client has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<Secret>,
}
