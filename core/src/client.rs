//! [`AuthClient`]: the one object apps hold. Cheap to clone; every clone shares the same
//! connections, clock and (with the session layer) stored credentials.

use crate::clock::{Clock, SkewedClock, SystemClock};
use crate::config::AuthConfig;
use crate::error::{AuthError, Result};
use crate::session::{AccountSlot, Records};
use crate::storage::{MemoryStore, SecureStore};
use crate::wire::{IdentityPoolClient, UserPoolClient, WireClient, WireOptions};
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// Settings of a client beyond the backend configuration.
#[derive(Clone)]
pub struct AuthOptions {
    /// HTTP timeouts, retries and limits.
    pub wire: WireOptions,
    /// The device clock (tests pass a [`crate::clock::ManualClock`]).
    pub clock: Arc<dyn Clock>,
    /// Where credentials are kept (default: in memory only).
    pub storage: Arc<dyn SecureStore>,
    /// How long before expiry tokens and AWS credentials are renewed (default 120 s).
    pub refresh_margin: Duration,
    /// A name for this configuration's records in `storage`, for apps that use several
    /// configurations at once on one store: each name keeps its own records, and a
    /// configuration change under one name wipes only what that name stored. `None` (the
    /// default): the one unnamed configuration of the store, whose change wipes its
    /// predecessor's credentials, as Amplify does. Letters, digits, `-` and `_`, up to 64.
    pub namespace: Option<String>,
}

impl Default for AuthOptions {
    fn default() -> Self {
        Self {
            wire: WireOptions::default(),
            clock: Arc::new(SystemClock),
            storage: Arc::new(MemoryStore::new()),
            refresh_margin: Duration::from_secs(120),
            namespace: None,
        }
    }
}

impl fmt::Debug for AuthOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthOptions")
            .field("wire", &self.wire)
            .field("storage", &self.storage)
            .field("refresh_margin", &self.refresh_margin)
            .field("namespace", &self.namespace)
            .finish_non_exhaustive()
    }
}

/// The authentication client.
#[derive(Clone)]
pub struct AuthClient {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) config: AuthConfig,
    pub(crate) user_pool: Option<UserPoolClient>,
    pub(crate) identity_pool: Option<IdentityPoolClient>,
    pub(crate) clock: Arc<SkewedClock>,
    /// The account the client works on (the active one, or one it is pinned to).
    pub(crate) accounts: AccountSlot,
    pub(crate) hosted_ui: crate::hosted_ui::HostedUiState,
    /// `WireOptions::operation_timeout`: the deadline of each public call.
    pub(crate) operation_timeout: Duration,
    /// The background refresh, when started.
    pub(crate) background: std::sync::Mutex<Option<crate::session::BackgroundTask>>,
}

impl fmt::Debug for AuthClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthClient")
            .field("config", &self.inner.config)
            .finish_non_exhaustive()
    }
}

impl AuthClient {
    /// A client for a validated configuration.
    pub fn new(config: AuthConfig, options: AuthOptions) -> Result<Self> {
        config.validate()?;
        crate::session::Records::check_name(options.namespace.as_deref())?;
        let clock = Arc::new(SkewedClock::new(options.clock.clone()));
        let wire = WireClient::new(options.wire.clone(), clock.clone())?;
        let user_pool = config
            .user_pool
            .as_ref()
            .map(|p| UserPoolClient::new(wire.clone(), p));
        let identity_pool = config
            .identity_pool
            .as_ref()
            .map(|p| IdentityPoolClient::new(wire.clone(), p));
        let records = Records::named(
            options.storage.clone(),
            &config.fingerprint(),
            options.namespace.as_deref(),
        );
        let guest_allowed = config
            .identity_pool
            .as_ref()
            .is_some_and(|p| p.allow_guest_access);
        let accounts = AccountSlot::new(records, guest_allowed, options.refresh_margin, None);
        Ok(Self {
            inner: Arc::new(Inner {
                config,
                user_pool,
                identity_pool,
                clock,
                accounts,
                hosted_ui: crate::hosted_ui::HostedUiState::new(),
                operation_timeout: options.wire.operation_timeout,
                background: std::sync::Mutex::new(None),
            }),
        })
    }

    /// Another client of the same configuration, connections and clock, on `accounts`.
    pub(crate) fn with_slot(&self, accounts: AccountSlot) -> Self {
        let inner = &self.inner;
        Self {
            inner: Arc::new(Inner {
                config: inner.config.clone(),
                user_pool: inner.user_pool.clone(),
                identity_pool: inner.identity_pool.clone(),
                clock: inner.clock.clone(),
                accounts,
                hosted_ui: crate::hosted_ui::HostedUiState::new(),
                operation_timeout: inner.operation_timeout,
                background: std::sync::Mutex::new(None),
            }),
        }
    }

    /// A client from the text of `amplify_outputs.json` or `amplifyconfiguration.json`.
    pub fn from_amplify_config_json(json: &str, options: AuthOptions) -> Result<Self> {
        Self::new(AuthConfig::from_json(json)?, options)
    }

    /// The configuration in use.
    pub fn config(&self) -> &AuthConfig {
        &self.inner.config
    }

    /// The skew-corrected clock (server time as last observed).
    pub fn clock(&self) -> &Arc<SkewedClock> {
        &self.inner.clock
    }

    /// Runs one public call under one deadline (`operation_timeout` from now, or the
    /// caller's when earlier): every request it makes shares it (see [`crate::deadline`]).
    pub(crate) async fn bounded<F: std::future::Future + Send>(&self, call: F) -> F::Output {
        crate::deadline::Deadline::after(self.inner.operation_timeout)
            .scope(call)
            .await
    }

    /// The user-pool client, or a configuration error when no user pool is configured.
    pub(crate) fn user_pool(&self) -> Result<&UserPoolClient> {
        self.inner.user_pool.as_ref().ok_or_else(|| {
            AuthError::Configuration(crate::config::ConfigError::Missing {
                key: "auth.user_pool_id".into(),
            })
        })
    }
}
