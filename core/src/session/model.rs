//! The persisted shape of a session: versioned JSON, one item per configuration.

use crate::error::{AuthError, Result};
use crate::secret::Secret;
use crate::state::UserState;
use crate::tokens::UserPoolTokens;
use serde::{Deserialize, Serialize};

/// Schema version written by this build.
pub(crate) const SCHEMA_VERSION: u32 = 1;

/// How the stored user signed in; decides refresh and sign-out behaviour.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum SignInMethod {
    /// Through the user-pool API (SRP, password, custom, choice-based).
    UserPool,
    /// Through the hosted UI.
    HostedUi {
        /// Signed in with an ephemeral browser session (no `/logout` needed at sign-out).
        private_session: bool,
        /// The social provider asked for, if any.
        provider: Option<String>,
    },
}

/// A user signed in to the user pool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct UserPoolSession {
    pub(crate) username: String,
    pub(crate) sub: String,
    pub(crate) tokens: UserPoolTokens,
    pub(crate) method: SignInMethod,
}

/// Everything stored for one configuration, written as one item so it cannot tear.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct StoredSession {
    #[serde(default)]
    pub(crate) version: u32,
    #[serde(default)]
    pub(crate) user_pool: Option<UserPoolSession>,
    /// The refresh token was rejected (kept for re-authentication hints).
    #[serde(default)]
    pub(crate) user_pool_invalid: bool,
}

impl StoredSession {
    pub(crate) fn encode(&self) -> Result<Vec<u8>> {
        let mut v = self.clone();
        v.version = SCHEMA_VERSION;
        serde_json::to_vec(&v).map_err(|e| AuthError::Internal(format!("encode session: {e}")))
    }

    pub(crate) fn decode(bytes: &[u8]) -> std::result::Result<Self, String> {
        let s: Self = serde_json::from_slice(bytes).map_err(|e| {
            format!(
                "session is not valid JSON of the expected shape ({:?} at line {} column {})",
                e.classify(),
                e.line(),
                e.column()
            )
        })?;
        if s.version != SCHEMA_VERSION {
            return Err(format!("unknown session schema version {}", s.version));
        }
        Ok(s)
    }

    pub(crate) fn user_state(&self) -> UserState {
        if self.user_pool.is_some() && !self.user_pool_invalid {
            UserState::SignedIn
        } else if self.user_pool_invalid {
            UserState::SignedOutUserPoolsTokenInvalid
        } else {
            UserState::SignedOut
        }
    }
}

/// Secrets of a device Cognito remembers for a user (device SRP); survive sign-out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct DeviceSecrets {
    pub(crate) device_key: String,
    pub(crate) device_group_key: String,
    pub(crate) device_password: Secret,
}
