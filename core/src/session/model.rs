//! The persisted shape of a session: versioned JSON, one item per configuration, so the whole
//! credential set (tokens, identity, AWS credentials, federation) is written in one piece and
//! a crash can never leave half of it.

use crate::error::{AuthError, Result};
use crate::identity_pool::AwsCredentials;
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
        /// The presenter reported an ephemeral browser session (its cookies are gone, so no
        /// `/logout` at sign-out); what the app asked for does not count.
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

/// Whose identity-pool identity is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum IdentityOwner {
    /// An unauthenticated (guest) identity; merged into the user's at sign-in.
    Guest,
    /// The signed-in user-pool user's identity.
    UserPool,
    /// The federated user's identity.
    Federated,
}

/// An identity-pool identity and its latest AWS credentials.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct IdentitySession {
    pub(crate) identity_id: String,
    pub(crate) owner: IdentityOwner,
    #[serde(default)]
    pub(crate) credentials: Option<StoredCredentials>,
}

/// AWS credentials and when they were received (to judge how early to renew them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct StoredCredentials {
    pub(crate) credentials: AwsCredentials,
    pub(crate) received_at: i64,
}

impl StoredCredentials {
    /// Whether to fetch new credentials at `now`: `margin` seconds before expiry, or half
    /// their lifetime before it when they were issued for less than twice the margin (moto's
    /// last 90 s; renewing them 120 s early would mean renewing on every call).
    pub(crate) fn needs_renewal(&self, now: i64, margin: i64) -> bool {
        let expiration = self.credentials.expiration;
        let lifetime = (expiration - self.received_at).max(0);
        let early = margin.min(lifetime / 2);
        now >= expiration - early
    }

    /// Whether they can still sign a request at `now`.
    pub(crate) fn usable_at(&self, now: i64) -> bool {
        now < self.credentials.expiration
    }
}

/// A federated sign-in to the identity pool: a social or OIDC provider's token exchanged
/// for an identity and AWS credentials, without the user pool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct FederatedSession {
    /// Logins-map key (`accounts.google.com`, an OIDC issuer, a SAML provider ARN, …).
    pub(crate) provider: String,
    /// The provider's token; never refreshed here (the app federates again with a new one).
    pub(crate) token: Secret,
    /// Identity id the developer supplied (GetId skipped), if any.
    #[serde(default)]
    pub(crate) developer_identity_id: Option<String>,
}

/// The user whose refresh token was rejected: names only, no token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct ExpiredUser {
    pub(crate) username: String,
    pub(crate) sub: String,
}

/// Everything stored for one configuration, written as one item so it cannot tear.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct StoredSession {
    #[serde(default)]
    pub(crate) version: u32,
    /// Changed by every write ([`super::SessionManager::write`]): a writer that finds another
    /// revision than it read knows another client or process wrote since. 0 in records of
    /// earlier builds.
    #[serde(default)]
    pub(crate) revision: u64,
    #[serde(default)]
    pub(crate) user_pool: Option<UserPoolSession>,
    /// The refresh token was rejected: the user must sign in again.
    #[serde(default)]
    pub(crate) user_pool_invalid: bool,
    /// Who that was, for a re-sign-in prompt; their dead tokens are not kept. (Sessions
    /// stored by earlier builds keep the rejected `user_pool` instead.)
    #[serde(default)]
    pub(crate) expired_user: Option<ExpiredUser>,
    #[serde(default)]
    pub(crate) federation: Option<FederatedSession>,
    /// The provider token was rejected.
    #[serde(default)]
    pub(crate) federation_invalid: bool,
    #[serde(default)]
    pub(crate) identity: Option<IdentitySession>,
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

    /// The user pool session when it is usable (present and not rejected).
    pub(crate) fn active_user(&self) -> Option<&UserPoolSession> {
        self.user_pool.as_ref().filter(|_| !self.user_pool_invalid)
    }

    /// Whether the user pool rejected the signed-in user's refresh token.
    pub(crate) fn user_pool_expired(&self) -> bool {
        self.user_pool_invalid && (self.user_pool.is_some() || self.expired_user.is_some())
    }

    /// Whether the identity pool rejected the federated provider's token.
    pub(crate) fn federation_expired(&self) -> bool {
        self.federation_invalid && self.federation.is_some()
    }

    /// The federation when it is usable.
    pub(crate) fn active_federation(&self) -> Option<&FederatedSession> {
        self.federation
            .as_ref()
            .filter(|_| !self.federation_invalid)
    }

    /// The AWSMobileClient state this session is in; `guest_allowed` when the identity pool
    /// gives signed-out users credentials.
    pub(crate) fn user_state(&self, guest_allowed: bool) -> UserState {
        if self.active_user().is_some() || self.active_federation().is_some() {
            UserState::SignedIn
        } else if self.user_pool_expired() {
            UserState::SignedOutUserPoolsTokenInvalid
        } else if self.federation_expired() {
            UserState::SignedOutFederatedTokensInvalid
        } else if guest_allowed {
            UserState::Guest
        } else {
            UserState::SignedOut
        }
    }

    /// Whether a session is stored: a user (even one whose refresh token was rejected) or a
    /// federation. A guest identity alone is not one.
    pub(crate) fn holds_session(&self) -> bool {
        self.user_pool.is_some() || self.expired_user.is_some() || self.federation.is_some()
    }

    /// The guest identity, without its credentials: kept at sign-in so the identity pool can
    /// merge it into the user's.
    pub(crate) fn guest_identity(&self) -> Option<IdentitySession> {
        self.identity
            .as_ref()
            .filter(|i| i.owner == IdentityOwner::Guest)
            .map(|i| IdentitySession {
                identity_id: i.identity_id.clone(),
                owner: IdentityOwner::Guest,
                credentials: None,
            })
    }

    /// Drops every credential; nothing of the old user survives.
    pub(crate) fn signed_out() -> Self {
        Self::default()
    }
}

/// Secrets of a device Cognito remembers for a user (device SRP); survive sign-out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct DeviceSecrets {
    pub(crate) device_key: String,
    pub(crate) device_group_key: String,
    pub(crate) device_password: Secret,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn creds(expiration: i64, received_at: i64) -> StoredCredentials {
        StoredCredentials {
            credentials: AwsCredentials {
                access_key_id: "AKIA".into(),
                secret_access_key: Secret::new("s"),
                session_token: Secret::new("t"),
                expiration,
            },
            received_at,
        }
    }

    #[test]
    fn credentials_renew_early_but_never_on_every_call() {
        // One hour credentials: renewed 120 s before expiry.
        let c = creds(10_000 + 3600, 10_000);
        assert!(!c.needs_renewal(10_000 + 3479, 120));
        assert!(c.needs_renewal(10_000 + 3480, 120));
        // 90 s credentials (moto): renewed 45 s before expiry, not at once.
        let c = creds(10_090, 10_000);
        assert!(!c.needs_renewal(10_000, 120));
        assert!(!c.needs_renewal(10_044, 120));
        assert!(c.needs_renewal(10_045, 120));
        assert!(c.usable_at(10_089) && !c.usable_at(10_090));
    }

    #[test]
    fn states_follow_aws_mobile_client() {
        let mut s = StoredSession::default();
        assert_eq!(s.user_state(false), UserState::SignedOut);
        assert_eq!(s.user_state(true), UserState::Guest);
        s.federation = Some(FederatedSession {
            provider: "accounts.google.com".into(),
            token: Secret::new("t"),
            developer_identity_id: None,
        });
        assert_eq!(s.user_state(true), UserState::SignedIn);
        s.federation_invalid = true;
        assert_eq!(
            s.user_state(true),
            UserState::SignedOutFederatedTokensInvalid
        );
    }

    #[test]
    fn old_or_unknown_schemas_are_refused() {
        assert!(StoredSession::decode(br#"{"version":2}"#).is_err());
        assert!(StoredSession::decode(b"{").is_err());
        let s = StoredSession::default();
        assert_eq!(
            StoredSession::decode(&s.encode().unwrap()).unwrap().version,
            1
        );
    }
}
