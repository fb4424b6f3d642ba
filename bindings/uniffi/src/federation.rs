//! Federation straight into the identity pool with a social or enterprise provider's token
//! (the app signs in with the provider's own SDK and hands the token over).

use crate::client::AuthClient;
use crate::error::AuthError;
use crate::runtime;
use crate::session::AwsCredentials;
use cognito_auth as core;
use std::sync::Arc;

/// The identity provider a token comes from; decides the identity pool's Logins key.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum FederationProvider {
    /// Google (`accounts.google.com`).
    Google,
    /// Facebook (`graph.facebook.com`).
    Facebook,
    /// Sign in with Apple (`appleid.apple.com`).
    Apple,
    /// Login with Amazon (`www.amazon.com`).
    Amazon,
    /// Twitter (`api.twitter.com`; the token is `token;secret`).
    Twitter,
    /// An OpenID Connect provider.
    Oidc {
        /// Its issuer host, e.g. `login.example.com`.
        issuer: String,
    },
    /// A SAML provider.
    Saml {
        /// Its IAM provider ARN.
        arn: String,
    },
    /// Any other Logins key (e.g. `cognito-identity.amazonaws.com` for developer
    /// authenticated identities).
    Custom {
        /// The Logins-map key.
        login_key: String,
    },
}

impl From<FederationProvider> for core::FederationProvider {
    fn from(p: FederationProvider) -> Self {
        match p {
            FederationProvider::Google => Self::Google,
            FederationProvider::Facebook => Self::Facebook,
            FederationProvider::Apple => Self::Apple,
            FederationProvider::Amazon => Self::Amazon,
            FederationProvider::Twitter => Self::Twitter,
            FederationProvider::Oidc { issuer } => Self::Oidc(issuer),
            FederationProvider::Saml { arn } => Self::Saml(arn),
            FederationProvider::Custom { login_key } => Self::Custom(login_key),
        }
    }
}

/// The outcome of a federation.
#[derive(Debug, Clone, uniffi::Record)]
pub struct FederationResult {
    /// The identity-pool identity id.
    pub identity_id: String,
    /// Its AWS credentials (an object: prints without its secrets).
    pub credentials: Arc<AwsCredentials>,
}

impl From<core::FederationResult> for FederationResult {
    fn from(r: core::FederationResult) -> Self {
        Self {
            identity_id: r.identity_id,
            credentials: Arc::new(AwsCredentials(r.credentials)),
        }
    }
}

#[uniffi::export]
impl AuthClient {
    /// Federates into the identity pool with `provider_token`: the identity and credentials
    /// are stored, the state becomes `SignedIn` (event `Federated`). `developer_identity_id`
    /// skips GetId (developer authenticated identities). `InvalidState` while signed in to
    /// the user pool.
    #[uniffi::method(default(developer_identity_id = None))]
    pub async fn federate_to_identity_pool(
        &self,
        provider_token: String,
        provider: FederationProvider,
        developer_identity_id: Option<String>,
    ) -> Result<FederationResult, AuthError> {
        runtime::guard_async(async {
            let provider = provider.into();
            let result = self
                .core
                .federate_to_identity_pool(
                    &provider_token,
                    &provider,
                    developer_identity_id.as_deref(),
                )
                .await?;
            Ok(result.into())
        })
        .await
    }

    /// Forgets the federation locally (event `FederationCleared`); `InvalidState` when not
    /// federated.
    pub async fn clear_federation_to_identity_pool(&self) -> Result<(), AuthError> {
        runtime::guard_async(async { Ok(self.core.clear_federation_to_identity_pool().await?) })
            .await
    }
}
