//! The session: tokens, AWS credentials, the signed-in user, and waiting for a sign-in.
//!
//! Tokens and credentials are objects, not records: UniFFI records become Kotlin data classes
//! and Swift structs whose `toString()` / `description` print every field, so a record
//! holding a token would leak it into the first log line that prints a session. The objects
//! hand out their secrets through accessors only, and print like the core's `Debug` (`***`).

use crate::client::AuthClient;
use crate::error::AuthError;
use crate::runtime;
use cognito_auth as core;
use cognito_auth::AuthUser;
use std::fmt;
use std::sync::Arc;

/// The user-pool tokens of the signed-in user. Prints without its tokens.
#[derive(uniffi::Object)]
#[uniffi::export(Debug)]
pub struct UserPoolTokens(pub(crate) core::UserPoolTokens);

impl fmt::Debug for UserPoolTokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The core's Debug prints each token as `***`.
        fmt::Debug::fmt(&self.0, f)
    }
}

#[uniffi::export]
impl UserPoolTokens {
    /// The ID token (JWT): who the user is. A secret: never log it.
    pub fn id_token(&self) -> String {
        self.0.id_token.expose().to_owned()
    }

    /// The access token (JWT) for the user pool's API and your own APIs. A secret.
    pub fn access_token(&self) -> String {
        self.0.access_token.expose().to_owned()
    }

    /// The refresh token; absent only for sessions that cannot be refreshed. A secret.
    pub fn refresh_token(&self) -> Option<String> {
        self.0.refresh_token.as_ref().map(|t| t.expose().to_owned())
    }

    /// When the ID and access tokens expire, in seconds since the Unix epoch.
    pub fn expires_at(&self) -> i64 {
        self.0.expires_at
    }

    /// The ID token's claims as a JSON object (`sub`, `email`, `cognito:groups`, …).
    pub fn id_token_claims_json(&self) -> Result<String, AuthError> {
        let claims = self.0.id_claims()?;
        Ok(serde_json::Value::Object(claims.as_map().clone()).to_string())
    }
}

/// Temporary AWS credentials of an identity-pool identity. Prints without its secrets.
#[derive(uniffi::Object)]
#[uniffi::export(Debug)]
pub struct AwsCredentials(pub(crate) core::AwsCredentials);

impl fmt::Debug for AwsCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The core's Debug prints the secret key and session token as `***`.
        fmt::Debug::fmt(&self.0, f)
    }
}

#[uniffi::export]
impl AwsCredentials {
    /// Credentials obtained elsewhere, for [`sign_request_with`](crate::signing::sign_request_with).
    #[uniffi::constructor]
    pub fn new(
        access_key_id: String,
        secret_access_key: String,
        session_token: String,
        expiration: i64,
    ) -> Arc<Self> {
        Arc::new(Self(core::AwsCredentials {
            access_key_id,
            secret_access_key: core::Secret::new(secret_access_key),
            session_token: core::Secret::new(session_token),
            expiration,
        }))
    }

    /// The access key id (not a secret on its own).
    pub fn access_key_id(&self) -> String {
        self.0.access_key_id.clone()
    }

    /// The secret access key. A secret: never log it.
    pub fn secret_access_key(&self) -> String {
        self.0.secret_access_key.expose().to_owned()
    }

    /// The session token. A secret.
    pub fn session_token(&self) -> String {
        self.0.session_token.expose().to_owned()
    }

    /// When the credentials expire, in seconds since the Unix epoch.
    pub fn expiration(&self) -> i64 {
        self.0.expiration
    }
}

/// A text part of the session (user sub, identity id): the value, or why there is none.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum SessionValue {
    /// The value.
    Value {
        /// It.
        value: String,
    },
    /// Why it is not available (signed out, no identity pool, offline, …).
    Failure {
        /// The reason, as any call would report it.
        error: AuthError,
    },
}

/// The tokens part of the session: the tokens, or why there are none.
#[derive(Debug, Clone, uniffi::Enum)]
pub enum SessionTokens {
    /// Valid tokens.
    Value {
        /// The tokens (an object: prints without them).
        tokens: Arc<UserPoolTokens>,
    },
    /// Why there are none (signed out, federated, session expired, offline, …).
    Failure {
        /// The reason.
        error: AuthError,
    },
}

/// The AWS credentials part of the session: the credentials, or why there are none.
#[derive(Debug, Clone, uniffi::Enum)]
pub enum SessionCredentials {
    /// Valid credentials.
    Value {
        /// The credentials (an object: prints without its secrets).
        credentials: Arc<AwsCredentials>,
    },
    /// Why there are none (no identity pool, signed out without guest access, offline, …).
    Failure {
        /// The reason.
        error: AuthError,
    },
}

/// The session as `fetch_auth_session` found it. Each part is its own result, so a failing
/// part (no identity pool, offline) never hides the others.
#[derive(Debug, Clone, uniffi::Record)]
pub struct AuthSession {
    /// Signed in to the user pool, or federated into the identity pool.
    pub is_signed_in: bool,
    /// The user-pool user's `sub`.
    pub user_sub: SessionValue,
    /// The user-pool tokens.
    pub tokens: SessionTokens,
    /// The identity-pool identity id (also for guests).
    pub identity_id: SessionValue,
    /// Temporary AWS credentials of that identity.
    pub aws_credentials: SessionCredentials,
    /// Why a refresh due early (inside the refresh margin) failed while what is served is
    /// still valid (offline, say); tried again at the next fetch. `null`/`nil` otherwise.
    pub refresh_error: Option<AuthError>,
}

fn value(r: core::Result<String>) -> SessionValue {
    match r {
        Ok(value) => SessionValue::Value { value },
        Err(e) => SessionValue::Failure { error: e.into() },
    }
}

impl From<core::AuthSession> for AuthSession {
    fn from(s: core::AuthSession) -> Self {
        Self {
            is_signed_in: s.is_signed_in,
            user_sub: value(s.user_sub),
            tokens: match s.tokens {
                Ok(t) => SessionTokens::Value {
                    tokens: Arc::new(UserPoolTokens(t)),
                },
                Err(e) => SessionTokens::Failure { error: e.into() },
            },
            identity_id: value(s.identity_id),
            aws_credentials: match s.aws_credentials {
                Ok(c) => SessionCredentials::Value {
                    credentials: Arc::new(AwsCredentials(c)),
                },
                Err(e) => SessionCredentials::Failure { error: e.into() },
            },
            refresh_error: s.refresh_error.map(Into::into),
        }
    }
}

/// The signed-in user-pool user.
#[uniffi::remote(Record)]
pub struct AuthUser {
    /// The user's `sub` (stable id).
    pub user_id: String,
    /// The user name (`cognito:username`).
    pub username: String,
}

#[uniffi::export]
impl AuthClient {
    /// The current session, each part its own result. Cached tokens and credentials come
    /// back without a network call while valid; otherwise they are refreshed first.
    /// `force_refresh` refreshes tokens and credentials regardless. Never throws: a failing
    /// part carries its error.
    #[uniffi::method(default(force_refresh = false))]
    pub async fn fetch_auth_session(&self, force_refresh: bool) -> AuthSession {
        let fetched = runtime::guard_async(async {
            Ok(self.core.fetch_auth_session(force_refresh).await.into())
        })
        .await;
        // Only a panic fails here; it is reported in every part.
        fetched.unwrap_or_else(|error: AuthError| AuthSession {
            is_signed_in: false,
            user_sub: SessionValue::Failure {
                error: error.clone(),
            },
            tokens: SessionTokens::Failure {
                error: error.clone(),
            },
            identity_id: SessionValue::Failure {
                error: error.clone(),
            },
            aws_credentials: SessionCredentials::Failure { error },
            refresh_error: None,
        })
    }

    /// The session `fetch_auth_session(false)` would return, when it can be had at once
    /// (tokens and credentials fresh, the stored session read, no other call holding it);
    /// `None` otherwise: then call `fetch_auth_session`. A plain call that never suspends or
    /// waits for a lock, so safe on a UI thread. Never throws (a panic inside gives `None`,
    /// and `fetch_auth_session` reports it).
    pub fn cached_auth_session(&self) -> Option<AuthSession> {
        runtime::guard_sync(|| Ok(self.core.cached_auth_session().map(Into::into))).unwrap_or(None)
    }

    /// The signed-in user-pool user. Errors: `InvalidState` when federated, `SessionExpired`
    /// after the refresh token was rejected, `SignedOut` otherwise.
    pub async fn get_current_user(&self) -> Result<AuthUser, AuthError> {
        runtime::guard_async(async { Ok(self.core.get_current_user().await?) }).await
    }

    /// The signed-in user's valid tokens (refreshed when needed). With `wait_for_sign_in`,
    /// an expired session waits for the user to sign in again instead of failing with
    /// `SessionExpired`; [`AuthClient::release_sign_in_wait`] ends the wait with `Cancelled`.
    #[uniffi::method(default(wait_for_sign_in = false))]
    pub async fn get_tokens(
        &self,
        wait_for_sign_in: bool,
    ) -> Result<Arc<UserPoolTokens>, AuthError> {
        runtime::guard_async(async {
            let tokens = self.core.get_tokens(wait_for_sign_in).await?;
            Ok(Arc::new(UserPoolTokens(tokens)))
        })
        .await
    }

    /// Returns once a user is signed in (at once when one is); while the session is expired
    /// it waits for the next sign-in or federation. Errors: `SignedOut` when nobody is or was
    /// signed in, `Cancelled` after [`AuthClient::release_sign_in_wait`].
    pub async fn wait_for_sign_in(&self) -> Result<(), AuthError> {
        runtime::guard_async(async { Ok(self.core.wait_for_sign_in().await?) }).await
    }

    /// Ends every wait for a sign-in in progress with `Cancelled` (the user gave up).
    pub fn release_sign_in_wait(&self) -> Result<(), AuthError> {
        runtime::guard_sync(|| {
            self.core.release_sign_in_wait();
            Ok(())
        })
    }
}
