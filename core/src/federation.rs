//! Federation straight into the identity pool with a social or enterprise provider's token,
//! without the user pool. An escape hatch: the app signs the user in with the
//! provider's own SDK and hands the token over.
//!
//! While federated, `get_current_user` errors (there is no user-pool user) and the provider
//! token is never refreshed here: AWS credentials are fetched again with the stored token
//! until the pool rejects it (state `SignedOutFederatedTokensInvalid`); the app then federates
//! again with a fresh token.

use crate::client::AuthClient;
use crate::error::{AuthError, Result};
use crate::identity_pool::{AwsCredentials, Logins};
use crate::secret::Secret;
use crate::session::{
    FederatedSession, IdentityOwner, IdentitySession, StoredCredentials, StoredSession, Write,
};
use crate::state::AuthEvent;
use std::collections::BTreeMap;

/// The identity provider a token comes from; decides the Logins-map key.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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
    /// An OpenID Connect provider, by its issuer host (e.g. `login.example.com`).
    Oidc(String),
    /// A SAML provider, by its IAM provider ARN.
    Saml(String),
    /// Any other Logins-map key (e.g. `cognito-identity.amazonaws.com` for developer
    /// authenticated identities).
    Custom(String),
}

impl FederationProvider {
    /// The Logins-map key the identity pool knows this provider by.
    pub fn login_key(&self) -> &str {
        match self {
            Self::Google => "accounts.google.com",
            Self::Facebook => "graph.facebook.com",
            Self::Apple => "appleid.apple.com",
            Self::Amazon => "www.amazon.com",
            Self::Twitter => "api.twitter.com",
            Self::Oidc(name) | Self::Saml(name) | Self::Custom(name) => name,
        }
    }

    /// Parses `google`, `facebook`, `apple`, `amazon`, `twitter`, `oidc:ISSUER`, `saml:ARN`,
    /// `custom:KEY`, or a bare Logins-map key (taken as custom).
    pub fn parse(text: &str) -> Result<Self> {
        let text = text.trim();
        let named = |kind: &str, rest: &str, f: fn(String) -> Self| {
            if rest.is_empty() {
                Err(AuthError::InvalidParameter(format!(
                    "`{kind}:` needs a provider name"
                )))
            } else {
                Ok(f(rest.to_owned()))
            }
        };
        match text.to_ascii_lowercase().as_str() {
            "google" => return Ok(Self::Google),
            "facebook" => return Ok(Self::Facebook),
            "apple" => return Ok(Self::Apple),
            "amazon" => return Ok(Self::Amazon),
            "twitter" => return Ok(Self::Twitter),
            "" => return Err(AuthError::InvalidParameter("empty provider name".into())),
            _ => {}
        }
        match text.split_once(':') {
            Some((kind, rest)) if kind.eq_ignore_ascii_case("oidc") => {
                named(kind, rest, Self::Oidc)
            }
            Some((kind, rest)) if kind.eq_ignore_ascii_case("saml") => {
                named(kind, rest, Self::Saml)
            }
            Some((kind, rest)) if kind.eq_ignore_ascii_case("custom") => {
                named(kind, rest, Self::Custom)
            }
            _ => Ok(Self::Custom(text.to_owned())),
        }
    }
}

/// The outcome of a federation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FederationResult {
    /// The identity-pool identity id.
    pub identity_id: String,
    /// Its AWS credentials.
    pub credentials: AwsCredentials,
}

impl AuthClient {
    /// Federates into the identity pool with `provider_token` from `provider`: GetId (skipped
    /// when `developer_identity_id` is given) and GetCredentialsForIdentity; the token and
    /// identity are stored and the state becomes `SignedIn`. Federating again (with a fresh
    /// token) replaces the federation.
    ///
    /// Errors: `InvalidState` while signed in to the user pool; the identity pool's error
    /// (`NotAuthorized` for a rejected token, …) otherwise, leaving the stored session as it
    /// was.
    pub async fn federate_to_identity_pool(
        &self,
        provider_token: &str,
        provider: &FederationProvider,
        developer_identity_id: Option<&str>,
    ) -> Result<FederationResult> {
        self.bounded(async move {
            self.identity_pool()?;
            if provider_token.is_empty() {
                return Err(AuthError::InvalidParameter("empty provider token".into()));
            }
            if developer_identity_id.is_some_and(str::is_empty) {
                return Err(AuthError::InvalidParameter("empty identity id".into()));
            }
            self.ensure_not_signed_in_to_user_pool().await?;
            let token = Secret::new(provider_token);
            let logins = Logins {
                owner: IdentityOwner::Federated,
                map: BTreeMap::from([(provider.login_key().to_owned(), token.clone())]),
                developer_identity_id: developer_identity_id.map(str::to_owned),
            };
            let (identity_id, credentials) = self.credentials_for(&logins, None).await?;
            let received_at = self.clock().now_unix();

            self.list_account().await?;
            let m = self.sessions().await;
            let held = m.hold().await;
            let mut cache = m.lock().await;
            // A sign-in may have completed while the identity pool answered.
            if cache_has_user(&m.snapshot_of(&cache)) {
                return Err(signed_in_error());
            }
            let next = StoredSession {
                federation: Some(FederatedSession {
                    provider: provider.login_key().to_owned(),
                    token,
                    developer_identity_id: developer_identity_id.map(str::to_owned),
                }),
                identity: Some(IdentitySession {
                    identity_id: identity_id.clone(),
                    owner: IdentityOwner::Federated,
                    credentials: Some(StoredCredentials {
                        credentials: credentials.clone(),
                        received_at,
                    }),
                }),
                ..StoredSession::default()
            };
            m.write(&held, &mut cache, next, Write::NewSession).await?;
            m.emit(AuthEvent::Federated);
            Ok(FederationResult {
                identity_id,
                credentials,
            })
        })
        .await
    }

    /// Forgets the federation locally (the app signs out of the provider itself) and emits
    /// `FederationCleared`. Errors with `InvalidState` when not federated.
    pub async fn clear_federation_to_identity_pool(&self) -> Result<()> {
        let m = self.sessions().await;
        let held = m.hold_for_clear().await;
        let mut cache = m.lock().await;
        if m.snapshot_of(&cache).session.federation.is_none() {
            return Err(AuthError::InvalidState(
                "not federated to the identity pool".into(),
            ));
        }
        let result = m
            .write(&held, &mut cache, StoredSession::signed_out(), Write::Clear)
            .await;
        m.emit(AuthEvent::FederationCleared);
        result
    }

    async fn ensure_not_signed_in_to_user_pool(&self) -> Result<()> {
        if cache_has_user(&self.sessions().await.snapshot().await) {
            return Err(signed_in_error());
        }
        Ok(())
    }
}

fn cache_has_user(snap: &crate::session::Snapshot) -> bool {
    snap.session.active_user().is_some()
}

fn signed_in_error() -> AuthError {
    AuthError::InvalidState(
        "signed in to the user pool; federation is for users who are not (sign out first)".into(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provider_names_map_to_login_keys() {
        for (text, key) in [
            ("google", "accounts.google.com"),
            ("Facebook", "graph.facebook.com"),
            ("apple", "appleid.apple.com"),
            ("amazon", "www.amazon.com"),
            ("twitter", "api.twitter.com"),
            ("oidc:login.example.com", "login.example.com"),
            (
                "saml:arn:aws:iam::123456789012:saml-provider/corp",
                "arn:aws:iam::123456789012:saml-provider/corp",
            ),
            (
                "custom:cognito-identity.amazonaws.com",
                "cognito-identity.amazonaws.com",
            ),
            ("login.cognitoauth.test", "login.cognitoauth.test"),
        ] {
            assert_eq!(
                FederationProvider::parse(text).unwrap().login_key(),
                key,
                "{text}"
            );
        }
        assert!(matches!(
            FederationProvider::parse("saml:arn:x").unwrap(),
            FederationProvider::Saml(_)
        ));
        for bad in ["", "oidc:", "custom:"] {
            assert_eq!(
                FederationProvider::parse(bad).unwrap_err().kind(),
                "InvalidParameter",
                "{bad:?}"
            );
        }
    }
}
