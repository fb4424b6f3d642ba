//! Identity pools: an identity id and temporary AWS credentials for whoever is signed in —
//! the user-pool user (Logins `cognito-idp.<region>.amazonaws.com/<poolId>` → ID token), a
//! federated user (the provider's token), or a guest (no logins) when the pool allows it.
//!
//! Credentials are cached until shortly before they expire. A guest identity is merged into
//! the user's at sign-in the way Cognito documents it: `GetCredentialsForIdentity` with the
//! guest's identity id and the new logins links them (or, when the login already has an
//! identity, answers with that identity's id, which is kept from then on).

use crate::client::AuthClient;
use crate::config::ConfigError;
use crate::error::{AuthError, Result};
use crate::secret::Secret;
use crate::session::{Expired, IdentityOwner, IdentitySession, StoredCredentials, StoredSession};
use crate::wire::IdentityPoolClient;
use crate::wire::identity::{
    GetCredentialsForIdentityRequest, GetCredentialsForIdentityResponse, GetIdRequest,
    WireCredentials,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Temporary AWS credentials (an identity pool's role). The secret parts never print.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AwsCredentials {
    /// Access key id.
    pub access_key_id: String,
    /// Secret access key.
    pub secret_access_key: Secret,
    /// Session token.
    pub session_token: Secret,
    /// Expiry, seconds since the Unix epoch.
    pub expiration: i64,
}

impl From<WireCredentials> for AwsCredentials {
    fn from(c: WireCredentials) -> Self {
        Self {
            access_key_id: c.access_key_id,
            secret_access_key: c.secret_key,
            session_token: c.session_token,
            expiration: c.expiration,
        }
    }
}

/// What the identity pool is shown for the current session.
#[derive(Debug, Clone)]
pub(crate) struct Logins {
    pub(crate) owner: IdentityOwner,
    pub(crate) map: BTreeMap<String, Secret>,
    /// Identity id supplied by the developer at federation (GetId is skipped).
    pub(crate) developer_identity_id: Option<String>,
}

impl AuthClient {
    /// The identity-pool client, or a configuration error when none is configured.
    pub(crate) fn identity_pool(&self) -> Result<&IdentityPoolClient> {
        self.inner
            .identity_pool
            .as_ref()
            .ok_or_else(|| AuthError::Configuration(ConfigError::missing("auth.identity_pool_id")))
    }

    /// Whose logins the current session shows the identity pool (see [`Self::logins_for`]),
    /// without copying any token.
    pub(crate) fn logins_owner(&self, session: &StoredSession) -> Option<IdentityOwner> {
        if session.active_user().is_some() {
            self.config().user_pool.as_ref()?;
            return Some(IdentityOwner::UserPool);
        }
        if session.active_federation().is_some() {
            return Some(IdentityOwner::Federated);
        }
        let expired = session.user_pool.is_some()
            || session.expired_user.is_some()
            || session.federation.is_some();
        (!expired && self.inner.accounts.guest_allowed()).then_some(IdentityOwner::Guest)
    }

    /// The logins of the current session; `None` when it gets no identity (signed out
    /// without guest access, or expired).
    pub(crate) fn logins_for(&self, session: &StoredSession) -> Option<Logins> {
        Some(match self.logins_owner(session)? {
            IdentityOwner::UserPool => {
                let user = session.active_user()?;
                let provider = self.config().user_pool.as_ref()?.identity_provider_name();
                Logins {
                    owner: IdentityOwner::UserPool,
                    map: BTreeMap::from([(provider, user.tokens.id_token.clone())]),
                    developer_identity_id: None,
                }
            }
            IdentityOwner::Federated => {
                let f = session.active_federation()?;
                Logins {
                    owner: IdentityOwner::Federated,
                    map: BTreeMap::from([(f.provider.clone(), f.token.clone())]),
                    developer_identity_id: f.developer_identity_id.clone(),
                }
            }
            IdentityOwner::Guest => Logins {
                owner: IdentityOwner::Guest,
                map: BTreeMap::new(),
                developer_identity_id: None,
            },
        })
    }

    pub(crate) fn credentials_needed(
        &self,
        session: &StoredSession,
        owner: IdentityOwner,
        force: bool,
    ) -> bool {
        if force {
            return true;
        }
        let now = self.clock().now_unix();
        match &session.identity {
            Some(IdentitySession {
                owner: stored,
                credentials: Some(c),
                ..
            }) if *stored == owner => c.needs_renewal(now, self.inner.accounts.margin_secs()),
            _ => true,
        }
    }

    /// Fetches an identity id and AWS credentials when the session has none that last
    /// beyond the margin (or always, with `force`); one fetch however many callers ask.
    pub(crate) async fn refresh_credentials_if_needed(&self, force: bool) -> Result<()> {
        if self.inner.identity_pool.is_none() {
            return Ok(());
        }
        {
            // Checked in place: the common case (valid credentials) copies nothing.
            let m = self.sessions().await;
            let cache = m.lock().await;
            if let Some(e) = cache.unreadable() {
                return Err(AuthError::Storage(e.clone()));
            }
            let session = cache.view().session;
            let Some(owner) = self.logins_owner(session) else {
                return Ok(());
            };
            if !self.credentials_needed(session, owner, force) {
                return Ok(());
            }
        }
        let client = self.clone();
        self.sessions()
            .await
            .flights()
            .1
            .run(move || async move { client.run_credentials_refresh(force).await })
            .await
    }

    /// The body of one credentials flight. Another client or process may have stored fresh
    /// credentials meanwhile: those are adopted first. The request runs without the update
    /// lock (two fetches of credentials cost nothing but a request); its result is written
    /// only over the session it started from.
    async fn run_credentials_refresh(&self, force: bool) -> Result<()> {
        self.sessions().await.sync().await;
        let snap = self.sessions().await.snapshot().await;
        let Some(logins) = self.logins_for(&snap.session) else {
            return Ok(());
        };
        if !self.credentials_needed(&snap.session, logins.owner, force) {
            return Ok(());
        }
        if let Some(user) = snap.session.active_user()
            && !user.tokens.is_valid_at(self.clock().now_unix(), 0)
        {
            return Err(AuthError::InvalidState(
                "the user-pool tokens have expired and were not refreshed".into(),
            ));
        }
        let stored = snap.session.identity.as_ref().filter(|i| {
            i.owner == logins.owner
                || (i.owner == IdentityOwner::Guest && logins.owner == IdentityOwner::UserPool)
        });
        match self
            .credentials_for(&logins, stored.map(|i| i.identity_id.as_str()))
            .await
        {
            Ok((identity_id, credentials)) => {
                let received_at = self.clock().now_unix();
                let m = self.sessions().await;
                let held = m.hold().await;
                self.sessions()
                    .await
                    .update(&held, snap.generation, |s| {
                        s.identity = Some(IdentitySession {
                            identity_id,
                            owner: logins.owner,
                            credentials: Some(StoredCredentials {
                                credentials,
                                received_at,
                            }),
                        });
                        None
                    })
                    .await;
                Ok(())
            }
            Err(AuthError::NotAuthorized(message)) if logins.owner == IdentityOwner::Federated => {
                tracing::info!("provider token rejected; the federated session has expired");
                let m = self.sessions().await;
                let held = m.hold().await;
                self.sessions()
                    .await
                    .expire(&held, snap.generation, Expired::Federation)
                    .await;
                Err(AuthError::SessionExpired(format!(
                    "the identity pool rejected the provider token ({message}); federate again with a fresh token"
                )))
            }
            Err(e) => Err(e),
        }
    }

    /// GetId (unless an identity id is known) + GetCredentialsForIdentity. A stored identity
    /// the pool no longer knows is replaced by a fresh one, once.
    pub(crate) async fn credentials_for(
        &self,
        logins: &Logins,
        stored_identity_id: Option<&str>,
    ) -> Result<(String, AwsCredentials)> {
        let pool = self.identity_pool()?;
        let (identity_id, from_store) = match (&logins.developer_identity_id, stored_identity_id) {
            (Some(id), _) => (id.clone(), false),
            (None, Some(id)) => (id.to_owned(), true),
            (None, None) => (get_id(pool, logins).await?, false),
        };
        let response = match get_credentials(pool, &identity_id, logins).await {
            Err(AuthError::ResourceNotFound(_)) if from_store => {
                tracing::info!("stored identity unknown to the pool; getting a new one");
                let fresh = get_id(pool, logins).await?;
                get_credentials(pool, &fresh, logins)
                    .await
                    .map(|r| (fresh, r))?
            }
            other => other.map(|r| (identity_id, r))?,
        };
        let (asked, response) = response;
        let credentials = response.credentials.ok_or_else(|| {
            AuthError::InvalidResponse(
                "GetCredentialsForIdentity answered without credentials".into(),
            )
        })?;
        Ok((response.identity_id.unwrap_or(asked), credentials.into()))
    }
}

/// `GetId`: the identity id for these logins (a new guest identity when there are none).
async fn get_id(pool: &IdentityPoolClient, logins: &Logins) -> Result<String> {
    let request = GetIdRequest {
        identity_pool_id: pool.pool().pool_id.clone(),
        logins: logins.map.clone(),
    };
    Ok(pool.send(&request).await?.identity_id)
}

/// `GetCredentialsForIdentity`: temporary AWS credentials of an identity.
async fn get_credentials(
    pool: &IdentityPoolClient,
    identity_id: &str,
    logins: &Logins,
) -> Result<GetCredentialsForIdentityResponse> {
    let request = GetCredentialsForIdentityRequest {
        identity_id: identity_id.to_owned(),
        logins: logins.map.clone(),
    };
    Ok(pool.send(&request).await?)
}
