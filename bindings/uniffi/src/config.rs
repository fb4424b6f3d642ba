//! Configuration records: a typed config built in code, and endpoint overrides applied to a
//! parsed `amplify_outputs.json` / `amplifyconfiguration.json`. Validation is the core's.
//!
//! No record here holds a secret: the generated Kotlin data classes and Swift structs print
//! every field, so an app client's secret is a separate argument of the typed-config
//! constructor (`AuthClient::new`), never a field (public mobile clients have none anyway).

use crate::error::AuthError;
use cognito_auth::ConfigError;
use cognito_auth::config::{
    self as core, AuthFlowType, ConfigSource, MfaSettings, OAuthResponseType, PasswordPolicy,
};
use url::Url;

/// Which first request `sign_in` makes when the caller does not choose.
#[uniffi::remote(Enum)]
pub enum AuthFlowType {
    /// `USER_SRP_AUTH`: the password never leaves the device.
    UserSrp,
    /// `USER_PASSWORD_AUTH`: the password is sent over TLS (needed for user migration).
    UserPassword,
    /// `CUSTOM_AUTH` preceded by an SRP password check.
    CustomWithSrp,
    /// `CUSTOM_AUTH` driven only by the pool's Lambda challenges.
    CustomWithoutSrp,
    /// `USER_AUTH`: choice-based sign-in.
    UserAuth,
}

/// OAuth `response_type` of the hosted UI.
#[uniffi::remote(Enum)]
pub enum OAuthResponseType {
    /// Authorization code with PKCE.
    Code,
    /// Implicit grant (loaded, refused when a web sign-in starts).
    Token,
}

/// A Cognito user pool and its app client (a client secret, if any, is passed to
/// `AuthClient::new` separately).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct UserPoolConfig {
    /// Pool id, `<region>_<id>`.
    pub pool_id: String,
    /// App client id.
    pub client_id: String,
    /// Region of the pool.
    pub region: String,
    /// Endpoint override (emulators, proxies, FIPS); plain http only for a local peer.
    #[uniffi(default = None)]
    pub endpoint: Option<String>,
}

/// A Cognito identity pool.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct IdentityPoolConfig {
    /// Pool id, `<region>:<uuid>`.
    pub pool_id: String,
    /// Region of the pool.
    pub region: String,
    /// Whether signed-out users get guest identities.
    #[uniffi(default = false)]
    pub allow_guest_access: bool,
    /// Endpoint override; plain http only for a local peer.
    #[uniffi(default = None)]
    pub endpoint: Option<String>,
}

/// Hosted UI (OAuth 2.0) settings.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct OAuthConfig {
    /// Hosted UI domain, e.g. `myapp.auth.us-east-1.amazoncognito.com`; https only (a
    /// local provider over plain http is `endpoint`).
    pub domain: String,
    /// Scopes requested at sign-in.
    pub scopes: Vec<String>,
    /// Allowed sign-in redirect URIs.
    pub redirect_sign_in: Vec<String>,
    /// Allowed sign-out redirect URIs.
    #[uniffi(default)]
    pub redirect_sign_out: Vec<String>,
    /// Response type (default: code).
    #[uniffi(default = None)]
    pub response_type: Option<OAuthResponseType>,
    /// Social providers configured for the hosted UI.
    #[uniffi(default)]
    pub identity_providers: Vec<String>,
    /// Endpoint override for the OAuth domain (http allowed, for local providers).
    #[uniffi(default = None)]
    pub endpoint: Option<String>,
}

/// Everything the client needs to know about the backend, built in code.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct AuthConfig {
    /// The user pool, if the app signs users in.
    pub user_pool: Option<UserPoolConfig>,
    /// The identity pool, if the app needs AWS credentials.
    #[uniffi(default = None)]
    pub identity_pool: Option<IdentityPoolConfig>,
    /// Hosted UI settings.
    #[uniffi(default = None)]
    pub oauth: Option<OAuthConfig>,
    /// Default region; `None` = the user pool's (else the identity pool's).
    #[uniffi(default = None)]
    pub region: Option<String>,
    /// Flow used by `sign_in` when the caller does not pick one (default: SRP).
    #[uniffi(default = None)]
    pub default_auth_flow: Option<AuthFlowType>,
    /// Attributes users sign in with (`email`, `phone_number`, `username`).
    #[uniffi(default)]
    pub username_attributes: Vec<String>,
    /// Attributes required at sign-up.
    #[uniffi(default)]
    pub sign_up_attributes: Vec<String>,
    /// Attributes verified by code.
    #[uniffi(default)]
    pub verification_mechanisms: Vec<String>,
}

/// Endpoints to use instead of the ones a configuration file implies (emulators, proxies).
/// The only way to plain `http://`, for a local peer: a file may name only https endpoints
/// and domains (anything else is a `Configuration` error naming the key).
#[derive(Debug, Clone, Default, PartialEq, Eq, uniffi::Record)]
pub struct EndpointOverrides {
    /// Base URL for user-pool requests.
    #[uniffi(default = None)]
    pub user_pool: Option<String>,
    /// Base URL for identity-pool requests.
    #[uniffi(default = None)]
    pub identity_pool: Option<String>,
    /// Base URL of the hosted UI's OAuth endpoints.
    #[uniffi(default = None)]
    pub oauth: Option<String>,
}

fn url(key: &str, text: Option<String>) -> Result<Option<Url>, AuthError> {
    text.map(|t| {
        Url::parse(&t).map_err(|e| {
            AuthError::from(cognito_auth::AuthError::Configuration(
                ConfigError::Invalid {
                    key: key.to_owned(),
                    reason: format!("`{t}` is not a URL: {e}"),
                },
            ))
        })
    })
    .transpose()
}

impl EndpointOverrides {
    /// The configuration with these endpoints applied.
    pub(crate) fn apply(
        self,
        config: cognito_auth::AuthConfig,
    ) -> Result<cognito_auth::AuthConfig, AuthError> {
        let mut config = config;
        if let Some(u) = url("endpoints.user_pool", self.user_pool)? {
            config = config.with_user_pool_endpoint(u);
        }
        if let Some(u) = url("endpoints.identity_pool", self.identity_pool)? {
            config = config.with_identity_pool_endpoint(u);
        }
        if let Some(u) = url("endpoints.oauth", self.oauth)? {
            config = config.with_oauth_endpoint(u);
        }
        Ok(config)
    }
}

impl AuthConfig {
    /// The core's configuration, with the app client's secret (if any).
    pub(crate) fn into_core(
        self,
        client_secret: Option<String>,
    ) -> Result<cognito_auth::AuthConfig, AuthError> {
        let c = self;
        let user_pool = c
            .user_pool
            .map(|p| {
                Ok::<_, AuthError>(core::UserPoolConfig {
                    pool_id: p.pool_id,
                    client_id: p.client_id,
                    client_secret: client_secret.map(cognito_auth::Secret::new),
                    region: p.region,
                    endpoint: url("user_pool.endpoint", p.endpoint)?,
                })
            })
            .transpose()?;
        let identity_pool = c
            .identity_pool
            .map(|p| {
                Ok::<_, AuthError>(core::IdentityPoolConfig {
                    pool_id: p.pool_id,
                    region: p.region,
                    allow_guest_access: p.allow_guest_access,
                    endpoint: url("identity_pool.endpoint", p.endpoint)?,
                })
            })
            .transpose()?;
        let oauth = c
            .oauth
            .map(|o| {
                Ok::<_, AuthError>(core::OAuthConfig {
                    domain: o.domain,
                    scopes: o.scopes,
                    redirect_sign_in: o.redirect_sign_in,
                    redirect_sign_out: o.redirect_sign_out,
                    response_type: o.response_type.unwrap_or_default(),
                    identity_providers: o.identity_providers,
                    endpoint: url("oauth.endpoint", o.endpoint)?,
                })
            })
            .transpose()?;
        let region = c
            .region
            .or_else(|| user_pool.as_ref().map(|p| p.region.clone()))
            .or_else(|| identity_pool.as_ref().map(|p| p.region.clone()))
            .unwrap_or_default();
        Ok(cognito_auth::AuthConfig {
            region,
            user_pool,
            identity_pool,
            oauth,
            default_auth_flow: c.default_auth_flow.unwrap_or_default(),
            username_attributes: c.username_attributes,
            sign_up_attributes: c.sign_up_attributes,
            verification_mechanisms: c.verification_mechanisms,
            password_policy: PasswordPolicy::default(),
            mfa: MfaSettings::default(),
            source: ConfigSource::Code,
        })
    }
}
