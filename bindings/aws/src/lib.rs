//! The Cognito session's identity-pool credentials for the AWS SDK for Rust.
//!
//! [`CognitoCredentialsProvider`] implements `aws_credential_types`'
//! [`ProvideCredentials`], so any `aws-sdk-*` client signs its requests with the temporary
//! credentials of whoever is signed in (a user-pool user, a federated user or a guest):
//!
//! ```no_run
//! # async fn example(client: cognito_auth::AuthClient) {
//! use cognito_auth_aws::CognitoCredentialsProvider;
//! let config = aws_sdk_s3::Config::builder()
//!     .behavior_version(aws_sdk_s3::config::BehaviorVersion::latest())
//!     .region(aws_sdk_s3::config::Region::new("eu-west-1"))
//!     .credentials_provider(CognitoCredentialsProvider::new(client))
//!     .build();
//! let s3 = aws_sdk_s3::Client::from_conf(config);
//! # }
//! ```
//!
//! Each call of the provider is `AuthClient::fetch_auth_session(false)`: cached credentials
//! come back without a request while they are fresh, and renewal goes through the session's
//! single-flight refresh (one `GetCredentialsForIdentity` however many SDK clients ask at
//! once), so the SDK and the app's own calls never race each other. The credentials carry
//! their expiry, on the device clock the SDK reads (the session judges expiry on the
//! server-corrected clock; the offset it measured is taken off), so the SDK's identity cache
//! asks again before they expire.
//!
//! Errors: a session with nothing to give (signed out without guest access, the session
//! expired, federated state without an identity, no identity pool configured) is
//! [`CredentialsError::CredentialsNotLoaded`], which credential chains treat as "try the
//! next provider"; anything else (offline, the identity pool refusing the logins, storage) is
//! [`CredentialsError::ProviderError`]. Either way the source is a [`SessionCredentialsError`]
//! whose [`SessionCredentialsError::auth_error`] is the core's [`AuthError`] (its `kind()` says
//! what happened). No secret reaches a message or a `Debug` print: the SDK's `Credentials`
//! print `** redacted **`, the core's errors never carry a key.

use aws_credential_types::Credentials;
use aws_credential_types::provider::error::CredentialsError;
use aws_credential_types::provider::{self, ProvideCredentials, future};
use cognito_auth::{AuthClient, AuthError, AwsCredentials};
use std::fmt;
use std::time::{Duration, UNIX_EPOCH};

/// The provider name the SDK records with the credentials.
pub const PROVIDER_NAME: &str = "CognitoIdentityPool";

/// An `aws-sdk-*` credentials provider backed by a Cognito session. Cheap to clone (it holds
/// an [`AuthClient`], which shares its session with every clone).
#[derive(Debug, Clone)]
pub struct CognitoCredentialsProvider {
    client: AuthClient,
}

impl CognitoCredentialsProvider {
    /// A provider of `client`'s session credentials.
    pub fn new(client: AuthClient) -> Self {
        Self { client }
    }

    /// The client whose session provides the credentials.
    pub fn client(&self) -> &AuthClient {
        &self.client
    }

    /// The session's credentials now, fetched or renewed when needed.
    pub async fn credentials(&self) -> provider::Result {
        let session = self.client.fetch_auth_session(false).await;
        match session.aws_credentials {
            Ok(c) => Ok(to_sdk(&c, self.client.clock().offset_ms())),
            Err(e) => Err(credentials_error(e)),
        }
    }
}

impl From<AuthClient> for CognitoCredentialsProvider {
    fn from(client: AuthClient) -> Self {
        Self::new(client)
    }
}

impl ProvideCredentials for CognitoCredentialsProvider {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        future::ProvideCredentials::new(self.credentials())
    }
}

/// The SDK's credentials for the session's, the expiry moved from the server's clock
/// (`offset_ms` = server − device) to the device's.
fn to_sdk(c: &AwsCredentials, offset_ms: i64) -> Credentials {
    let server_expiry = if c.expiration >= 0 {
        UNIX_EPOCH + Duration::from_secs(c.expiration as u64)
    } else {
        UNIX_EPOCH
    };
    let device_expiry = if offset_ms >= 0 {
        server_expiry
            .checked_sub(Duration::from_millis(offset_ms as u64))
            .unwrap_or(UNIX_EPOCH)
    } else {
        server_expiry + Duration::from_millis(offset_ms.unsigned_abs())
    };
    let token = c.session_token.expose();
    Credentials::new(
        c.access_key_id.clone(),
        c.secret_access_key.expose().to_owned(),
        (!token.is_empty()).then(|| token.to_owned()),
        Some(device_expiry),
        PROVIDER_NAME,
    )
}

/// Why the session gave the SDK no credentials: the core's error, kept whole.
#[derive(Debug, Clone)]
pub struct SessionCredentialsError {
    error: AuthError,
}

impl SessionCredentialsError {
    /// The core's error (`kind()`: `SignedOut`, `Network`, `NotAuthorized`, …).
    pub fn auth_error(&self) -> &AuthError {
        &self.error
    }

    /// Whether the session simply has no credentials to give (no one to give them to, or no
    /// identity pool), as opposed to failing to get them.
    pub fn is_not_loaded(&self) -> bool {
        matches!(
            self.error,
            AuthError::SignedOut(_)
                | AuthError::SessionExpired(_)
                | AuthError::InvalidState(_)
                | AuthError::Configuration(_)
        )
    }
}

impl fmt::Display for SessionCredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_not_loaded() {
            write!(
                f,
                "The Cognito session has no AWS credentials ({}).",
                self.error
            )
        } else {
            write!(
                f,
                "The Cognito session's AWS credentials could not be fetched ({}).",
                self.error
            )
        }
    }
}

impl std::error::Error for SessionCredentialsError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

/// The SDK's error kind for a session error.
pub fn credentials_error(error: AuthError) -> CredentialsError {
    let e = SessionCredentialsError { error };
    if e.is_not_loaded() {
        CredentialsError::not_loaded(e)
    } else {
        CredentialsError::provider_error(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cognito_auth::Secret;
    use std::time::SystemTime;

    fn unix_time(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    fn creds() -> AwsCredentials {
        AwsCredentials {
            access_key_id: "AKIDEXAMPLE".into(),
            secret_access_key: Secret::new("wJalrXUtnFEMI/K7MDENG"),
            session_token: Secret::new("IQoJb3JpZ2luX2VjEXAMPLE"),
            expiration: 2_000_000_000,
        }
    }

    #[test]
    fn expiry_is_moved_to_the_device_clock_and_secrets_never_print() {
        let sdk = to_sdk(&creds(), 0);
        assert_eq!(sdk.access_key_id(), "AKIDEXAMPLE");
        assert_eq!(sdk.secret_access_key(), "wJalrXUtnFEMI/K7MDENG");
        assert_eq!(sdk.session_token(), Some("IQoJb3JpZ2luX2VjEXAMPLE"));
        assert_eq!(sdk.expiry(), Some(unix_time(2_000_000_000)));
        // The server is an hour ahead of the device: the SDK (device clock) sees the expiry
        // an hour earlier.
        let ahead = to_sdk(&creds(), 3_600_000);
        assert_eq!(ahead.expiry(), Some(unix_time(2_000_000_000 - 3600)));
        let behind = to_sdk(&creds(), -90_000);
        assert_eq!(behind.expiry(), Some(unix_time(2_000_000_090)));
        let printed = format!("{sdk:?}");
        assert!(!printed.contains("wJalr"), "{printed}");
        assert!(!printed.contains("IQoJ"), "{printed}");
        // No session token: none is sent.
        let mut no_token = creds();
        no_token.session_token = Secret::new("");
        assert_eq!(to_sdk(&no_token, 0).session_token(), None);
    }

    #[test]
    fn errors_map_to_the_sdk_kinds_with_sentences() {
        let not_loaded = [
            AuthError::SignedOut("signed out, and the identity pool does not allow guests".into()),
            AuthError::SessionExpired("sign in (or federate) again for AWS credentials".into()),
            AuthError::Configuration(cognito_auth::ConfigError::Missing {
                key: "auth.identity_pool_id".into(),
            }),
        ];
        for e in not_loaded {
            let kind = e.kind();
            let err = credentials_error(e);
            assert!(
                matches!(err, CredentialsError::CredentialsNotLoaded(_)),
                "{kind}: {err:?}"
            );
            let source = std::error::Error::source(&err).expect("a source");
            let text = source.to_string();
            assert!(
                text.starts_with("The Cognito session has no AWS credentials (")
                    && text.ends_with(")."),
                "{text}"
            );
            let ours = source.downcast_ref::<SessionCredentialsError>().unwrap();
            assert_eq!(ours.auth_error().kind(), kind);
        }
        for e in [
            AuthError::Network("connection refused".into()),
            AuthError::NotAuthorized("Invalid login token.".into()),
        ] {
            let err = credentials_error(e);
            assert!(matches!(err, CredentialsError::ProviderError(_)), "{err:?}");
            let text = std::error::Error::source(&err).unwrap().to_string();
            assert!(
                text.starts_with("The Cognito session's AWS credentials could not be fetched ("),
                "{text}"
            );
        }
    }
}
