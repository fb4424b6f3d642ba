//! [`AuthClient`]: the object apps hold. Constructors here; each domain's operations live in
//! that domain's file as another `#[uniffi::export] impl AuthClient` block.

use crate::config::{AuthConfig, EndpointOverrides};
use crate::error::AuthError;
use crate::events::AuthEventStream;
use crate::runtime;
use crate::storage::{SecureStorage, core_store};
use cognito_auth::{AuthOptions, UserState};
use std::sync::Arc;

/// The authentication client. Create one per configuration and keep it for the app's life;
/// it is safe to share between threads. Prints its backend's fingerprint.
#[derive(uniffi::Object)]
#[uniffi::export(Debug)]
pub struct AuthClient {
    pub(crate) core: cognito_auth::AuthClient,
}

impl std::fmt::Debug for AuthClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthClient")
            .field("fingerprint", &self.core.config().fingerprint())
            .finish()
    }
}

/// How a client keeps its records, beyond the configuration and the store.
#[derive(Debug, Clone, Default, PartialEq, Eq, uniffi::Record)]
pub struct ClientOptions {
    /// A name for this configuration's records in the store, for apps that use several
    /// configurations at once (one per environment or account kind): each name keeps its own
    /// records, and a configuration change under one name wipes only that name's. `null`/`nil`:
    /// the store's one unnamed configuration, whose change wipes its predecessor, as Amplify
    /// does. Letters, digits, `-` and `_`, up to 64.
    #[uniffi(default = None)]
    pub namespace: Option<String>,
    /// The most one call may take, in milliseconds, all its requests, retries and pauses
    /// together (`fetchAuthSession` refreshing tokens and then AWS credentials included).
    /// When it passes, the call fails with a transient network error and nothing stored
    /// changes. `null`/`nil`: 30 000 (30 s).
    #[uniffi(default = None)]
    pub operation_timeout_ms: Option<u32>,
}

fn options(storage: Option<Arc<dyn SecureStorage>>, client: Option<ClientOptions>) -> AuthOptions {
    let mut options = AuthOptions::default();
    if let Some(store) = core_store(storage) {
        options.storage = store;
    }
    let client = client.unwrap_or_default();
    options.namespace = client.namespace;
    if let Some(ms) = client.operation_timeout_ms {
        options.wire.operation_timeout = std::time::Duration::from_millis(ms.into());
    }
    options
}

#[uniffi::export]
impl AuthClient {
    /// A client for a configuration built in code. `storage` keeps credentials between
    /// launches (default: in memory only). `client_secret` is the app client's secret, for
    /// clients that have one: an argument, not a config field, so that printing the config
    /// never prints it.
    #[uniffi::constructor(default(storage = None, client_secret = None, options = None))]
    pub fn new(
        config: AuthConfig,
        storage: Option<Arc<dyn SecureStorage>>,
        client_secret: Option<String>,
        options: Option<ClientOptions>,
    ) -> Result<Arc<Self>, AuthError> {
        runtime::guard_sync(|| {
            let config = config.into_core(client_secret)?;
            let core = cognito_auth::AuthClient::new(config, self::options(storage, options))?;
            Ok(Arc::new(Self { core }))
        })
    }

    /// A client from the text of `amplify_outputs.json` (Gen 2) or
    /// `amplifyconfiguration.json` (Gen 1), with optional endpoint overrides.
    #[uniffi::constructor(default(endpoints = None, storage = None, options = None))]
    pub fn from_amplify_config_json(
        json: String,
        endpoints: Option<EndpointOverrides>,
        storage: Option<Arc<dyn SecureStorage>>,
        options: Option<ClientOptions>,
    ) -> Result<Arc<Self>, AuthError> {
        runtime::guard_sync(|| {
            let config = cognito_auth::AuthConfig::from_json(&json)
                .map_err(cognito_auth::AuthError::from)?;
            let config = endpoints.unwrap_or_default().apply(config)?;
            let core = cognito_auth::AuthClient::new(config, self::options(storage, options))?;
            Ok(Arc::new(Self { core }))
        })
    }

    /// A stable identifier of the backend (pools, client, region). Stored credentials live
    /// in the storage namespace `cognito-auth.<fingerprint>`.
    pub fn fingerprint(&self) -> String {
        self.core.config().fingerprint()
    }

    /// The current authentication state (reads the stored session on first use).
    pub async fn user_state(&self) -> Result<UserState, AuthError> {
        runtime::guard_async(async { Ok(self.core.user_state().await) }).await
    }

    /// Events from now on (sign-in, sign-out, refresh, expiry, federation), in order.
    pub fn events(&self) -> Result<Arc<AuthEventStream>, AuthError> {
        runtime::guard_sync(|| Ok(Arc::new(AuthEventStream::new(self.core.subscribe()))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn the_operation_timeout_reaches_the_core_and_defaults_to_30_s() {
        let o = options(
            None,
            Some(ClientOptions {
                namespace: None,
                operation_timeout_ms: Some(1500),
            }),
        );
        assert_eq!(o.wire.operation_timeout, Duration::from_millis(1500));
        let o = options(None, Some(ClientOptions::default()));
        assert_eq!(o.wire.operation_timeout, Duration::from_secs(30));
        assert_eq!(
            options(None, None).wire.operation_timeout,
            Duration::from_secs(30)
        );
    }
}
