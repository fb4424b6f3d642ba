//! `fetch_auth_session`: the session as the app sees it, each part its own result.

use super::{StoredSession, View};
use crate::client::AuthClient;
use crate::config::ConfigError;
use crate::error::{AuthError, Result};
use crate::identity_pool::AwsCredentials;
use crate::state::UserState;
use crate::tokens::UserPoolTokens;

/// The session: who is signed in and what they can present. Each part is its own result, so
/// a failing part (no identity pool, offline) never hides the others.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthSession {
    /// Signed in to the user pool, or federated into the identity pool.
    pub is_signed_in: bool,
    /// The user-pool user's `sub`.
    pub user_sub: Result<String>,
    /// The user-pool tokens (valid for at least the refresh margin when `Ok`).
    pub tokens: Result<UserPoolTokens>,
    /// The identity-pool identity id (also for guests).
    pub identity_id: Result<String>,
    /// Temporary AWS credentials of that identity.
    pub aws_credentials: Result<AwsCredentials>,
    /// Why a refresh that was due early (inside the refresh margin) failed, when what is
    /// served is still valid: the parts above are then the cached ones, and the refresh is
    /// tried again at the next fetch. `None` when nothing failed, or when a part shows the
    /// failure itself (it could not be served).
    pub refresh_error: Option<AuthError>,
}

/// The signed-in user-pool user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthUser {
    /// The user's `sub` (stable id).
    pub user_id: String,
    /// The user name (`cognito:username`).
    pub username: String,
}

impl AuthClient {
    /// The current session. Cached tokens and credentials come back without a network call
    /// while they are valid for longer than the refresh margin; otherwise they are refreshed
    /// first (one refresh however many callers ask at once). `force_refresh` refreshes the
    /// tokens and the AWS credentials regardless.
    ///
    /// Only a definite rejection of the refresh token ends the session (event
    /// `SessionExpired`, state `SignedOutUserPoolsTokenInvalid`); a network error or 5xx keeps
    /// everything stored. Tokens and credentials that are still valid are served even when
    /// their early refresh failed that way (offline inside the margin), with the failure in
    /// [`AuthSession::refresh_error`]; once they are no longer valid the failure is the part's
    /// error. A `force_refresh` that fails always shows in the parts. The refresh and the
    /// identity-pool requests share one deadline (`WireOptions::operation_timeout`).
    pub async fn fetch_auth_session(&self, force_refresh: bool) -> AuthSession {
        self.bounded(self.fetch_auth_session_unbounded(force_refresh))
            .await
    }

    async fn fetch_auth_session_unbounded(&self, force_refresh: bool) -> AuthSession {
        // The cached path reads the locked session in place: the tokens are copied once, into
        // the answer (each copy of a `Secret` is also wiped when dropped).
        let tokens_error = self.refresh_tokens_if_needed(force_refresh).await.err();
        let now = self.clock().now_unix();
        let tokens_dead = self
            .sessions()
            .await
            .lock()
            .await
            .session
            .active_user()
            .is_some_and(|u| !u.tokens.is_valid_at(now, 0));
        // Expired tokens cannot be exchanged for credentials; the identity parts show why.
        let credentials_error = match (&tokens_error, tokens_dead) {
            (Some(e), true) => Some(e.clone()),
            _ => self
                .refresh_credentials_if_needed(force_refresh)
                .await
                .err(),
        };
        let credentials_failure = credentials_error.clone().filter(AuthError::is_transient);
        let m = self.sessions().await;
        let cache = m.lock().await;
        let now = self.clock().now_unix();
        let (tokens_error, early_tokens_error) =
            split_early(cache.view(), now, tokens_error, force_refresh);
        let mut session = self.build_session(cache.view(), tokens_error, credentials_error);
        session.refresh_error = early_tokens_error.or_else(|| {
            // Credentials served from the cache although their renewal failed.
            session
                .aws_credentials
                .as_ref()
                .ok()
                .and(credentials_failure)
        });
        session
    }

    /// The session `fetch_auth_session(false)` would return, when it can be had at once: the
    /// stored session already read and held by no other call, the tokens valid beyond the
    /// refresh margin, the AWS credentials (when an identity is owed some) still fresh.
    /// `None` when any of that is not so: call `fetch_auth_session`. For callers that must not
    /// wait (a UI thread).
    pub fn cached_auth_session(&self) -> Option<AuthSession> {
        if !self.inner.accounts.resolved() {
            return None;
        }
        let current = self.inner.accounts.now();
        let cache = current.sessions.try_lock_loaded()?;
        let session = cache.view().session;
        let now = self.clock().now_unix();
        if let Some(user) = session.active_user()
            && !user
                .tokens
                .is_valid_at(now, self.inner.accounts.margin_secs())
        {
            return None;
        }
        if self.config().identity_pool.is_some()
            && let Some(owner) = self.logins_owner(session)
            && self.credentials_needed(session, owner, false)
        {
            return None;
        }
        Some(self.build_session(cache.view(), None, None))
    }

    /// Valid tokens of the signed-in user (refreshed when needed).
    pub(crate) async fn valid_tokens(&self) -> Result<UserPoolTokens> {
        let error = self.refresh_tokens_if_needed(false).await.err();
        let m = self.sessions().await;
        let cache = m.lock().await;
        let (error, _) = split_early(cache.view(), self.clock().now_unix(), error, false);
        tokens_part(cache.view(), error)
    }

    fn build_session(
        &self,
        snap: View<'_>,
        tokens_error: Option<AuthError>,
        credentials_error: Option<AuthError>,
    ) -> AuthSession {
        let s = snap.session;
        let now = self.clock().now_unix();
        let user_sub = match s.active_user() {
            Some(u) => Ok(u.sub.clone()),
            None => Err(no_user_error(snap)),
        };
        let (identity_id, aws_credentials) = if self.config().identity_pool.is_none() {
            let e = AuthError::Configuration(ConfigError::missing("auth.identity_pool_id"));
            (Err(e.clone()), Err(e))
        } else {
            identity_parts(snap, now, credentials_error)
        };
        AuthSession {
            is_signed_in: snap.state == UserState::SignedIn,
            user_sub,
            tokens: tokens_part(snap, tokens_error),
            identity_id,
            aws_credentials,
            refresh_error: None,
        }
    }
}

/// Splits a token refresh error into (the part's error, an early refresh's failure served
/// alongside): a transient failure of a refresh that was not forced, while the stored tokens
/// are still valid at `now`, does not stop them being served.
fn split_early(
    snap: View<'_>,
    now: i64,
    error: Option<AuthError>,
    forced: bool,
) -> (Option<AuthError>, Option<AuthError>) {
    match error {
        Some(e)
            if !forced
                && e.is_transient()
                && snap
                    .session
                    .active_user()
                    .is_some_and(|u| u.tokens.is_valid_at(now, 0)) =>
        {
            (None, Some(e))
        }
        other => (other, None),
    }
}

/// Why there is no user-pool user.
pub(crate) fn no_user_error(snap: View<'_>) -> AuthError {
    let s = snap.session;
    if s.active_federation().is_some() {
        AuthError::InvalidState(
            "federated to the identity pool: there is no user-pool user or tokens".into(),
        )
    } else if s.user_pool_expired() {
        AuthError::SessionExpired("the refresh token was rejected; sign in again".into())
    } else if let Some(e) = snap.load_error {
        AuthError::Storage(e.clone())
    } else {
        AuthError::SignedOut("no user is signed in".into())
    }
}

fn tokens_part(snap: View<'_>, refresh_error: Option<AuthError>) -> Result<UserPoolTokens> {
    match (snap.session.active_user(), refresh_error) {
        (Some(_), Some(e)) => Err(e),
        (Some(u), None) => Ok(u.tokens.clone()),
        (None, Some(e @ AuthError::SessionExpired(_))) => Err(e),
        (None, _) => Err(no_user_error(snap)),
    }
}

/// Identity id and credentials as far as they fit the current session.
fn identity_parts(
    snap: View<'_>,
    now: i64,
    error: Option<AuthError>,
) -> (Result<String>, Result<AwsCredentials>) {
    let s = snap.session;
    let Some(owner) = expected_owner(s, snap) else {
        let e = error.unwrap_or_else(|| no_identity_error(snap));
        return (Err(e.clone()), Err(e));
    };
    let identity = s.identity.as_ref().filter(|i| i.owner == owner);
    let identity_id = match (identity, &error) {
        (Some(i), _) => Ok(i.identity_id.clone()),
        (None, Some(e)) => Err(e.clone()),
        (None, None) => Err(AuthError::Internal("identity missing after fetch".into())),
    };
    let credentials = identity
        .and_then(|i| i.credentials.as_ref())
        .filter(|c| c.usable_at(now))
        .map(|c| c.credentials.clone());
    let aws_credentials = match (credentials, error) {
        (Some(c), None) => Ok(c),
        // Renewal failed but the cached ones still work: the app can keep signing requests.
        (Some(c), Some(e)) if e.is_transient() => Ok(c),
        (_, Some(e)) => Err(e),
        (None, None) => Err(AuthError::Internal(
            "credentials missing after fetch".into(),
        )),
    };
    (identity_id, aws_credentials)
}

/// Whose identity the current session should have, if any.
fn expected_owner(s: &StoredSession, snap: View<'_>) -> Option<super::IdentityOwner> {
    use super::IdentityOwner::*;
    if s.active_user().is_some() {
        Some(UserPool)
    } else if s.active_federation().is_some() {
        Some(Federated)
    } else if snap.state == UserState::Guest {
        Some(Guest)
    } else {
        None
    }
}

fn no_identity_error(snap: View<'_>) -> AuthError {
    let s = snap.session;
    if s.user_pool_expired() || s.federation_expired() {
        AuthError::SessionExpired("sign in (or federate) again for AWS credentials".into())
    } else if let Some(e) = snap.load_error {
        AuthError::Storage(e.clone())
    } else {
        AuthError::SignedOut("signed out, and the identity pool does not allow guests".into())
    }
}
