//! Configuration: the typed [`AuthConfig`], read from the files Amplify users already have
//! (`amplify_outputs.json`, Gen 2; `amplifyconfiguration.json`, Gen 1) or built in code.
//!
//! Every problem names the key at fault (`auth.user_pool_id`, …) so a broken file can be fixed
//! without reading this crate. The [`AuthConfig::fingerprint`] namespaces stored credentials:
//! a session saved under one pool is never served for another.

mod gen1;
mod gen2;

use crate::secret::Secret;
use sha2::{Digest, Sha256};
use std::fmt;
use url::Url;

/// Why a configuration was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The text is not JSON.
    #[error("configuration is not valid JSON (line {line}, column {column}): {message}")]
    Json {
        /// 1-based line of the syntax error.
        line: usize,
        /// 1-based column of the syntax error.
        column: usize,
        /// What the parser expected.
        message: String,
    },
    /// Neither an `amplify_outputs.json` nor an `amplifyconfiguration.json` shape.
    #[error(
        "unrecognised configuration: expected `auth` with `user_pool_id` (amplify_outputs.json) or `auth.plugins.awsCognitoAuthPlugin` (amplifyconfiguration.json)"
    )]
    UnknownFormat,
    /// A required key is absent.
    #[error("missing configuration key `{key}`")]
    Missing {
        /// Dotted path of the key.
        key: String,
    },
    /// A key is present but its value cannot be used.
    #[error("invalid configuration key `{key}`: {reason}")]
    Invalid {
        /// Dotted path of the key.
        key: String,
        /// What is wrong with it.
        reason: String,
    },
}

impl ConfigError {
    pub(crate) fn missing(key: impl Into<String>) -> Self {
        Self::Missing { key: key.into() }
    }

    pub(crate) fn invalid(key: impl Into<String>, reason: impl Into<String>) -> Self {
        Self::Invalid {
            key: key.into(),
            reason: reason.into(),
        }
    }
}

/// Which first request `sign_in` makes when the caller does not choose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AuthFlowType {
    /// `USER_SRP_AUTH`: the password never leaves the device.
    #[default]
    UserSrp,
    /// `USER_PASSWORD_AUTH`: the password is sent over TLS (needed for user migration).
    UserPassword,
    /// `CUSTOM_AUTH` preceded by an SRP password check.
    CustomWithSrp,
    /// `CUSTOM_AUTH` driven only by the pool's Lambda challenges.
    CustomWithoutSrp,
    /// `USER_AUTH`: choice-based sign-in (password, SRP, email or SMS one-time codes).
    UserAuth,
}

impl AuthFlowType {
    /// Parses the names Amplify configurations use.
    pub fn from_config_name(name: &str) -> Option<Self> {
        Some(match name {
            "USER_SRP_AUTH" => Self::UserSrp,
            "USER_PASSWORD_AUTH" => Self::UserPassword,
            "CUSTOM_AUTH" | "CUSTOM_WITHOUT_SRP" => Self::CustomWithoutSrp,
            "CUSTOM_WITH_SRP" => Self::CustomWithSrp,
            "USER_AUTH" => Self::UserAuth,
            _ => return None,
        })
    }
}

/// OAuth `response_type` of the hosted UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OAuthResponseType {
    /// Authorization code (with PKCE): the only type the hosted-UI flow here completes.
    #[default]
    Code,
    /// Implicit grant; parsed so configurations load, refused when a web sign-in starts.
    Token,
}

/// Settings of a Cognito user pool and its app client.
#[derive(Clone, PartialEq, Eq)]
pub struct UserPoolConfig {
    /// Pool id, `<region>_<id>`.
    pub pool_id: String,
    /// App client id.
    pub client_id: String,
    /// App client secret, when the client has one (adds `SECRET_HASH` and HTTP Basic).
    pub client_secret: Option<Secret>,
    /// Region of the pool.
    pub region: String,
    /// Endpoint override (emulators, proxies, FIPS); `None` = the public Cognito endpoint.
    /// A configuration file may only name an https one (Gen 1 `Endpoint`); plain http, for
    /// a local peer, is allowed only when set in code ([`AuthConfig::with_user_pool_endpoint`]).
    pub endpoint: Option<Url>,
}

impl fmt::Debug for UserPoolConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UserPoolConfig")
            .field("pool_id", &self.pool_id)
            .field("client_id", &self.client_id)
            .field("has_client_secret", &self.client_secret.is_some())
            .field("region", &self.region)
            .field("endpoint", &self.endpoint.as_ref().map(Url::as_str))
            .finish()
    }
}

impl UserPoolConfig {
    /// The part of the pool id after `_`, used by SRP as the "pool name".
    pub fn pool_name(&self) -> &str {
        self.pool_id
            .split_once('_')
            .map_or(self.pool_id.as_str(), |(_, n)| n)
    }

    /// The endpoint requests go to.
    pub fn endpoint_url(&self) -> Url {
        self.endpoint
            .clone()
            .unwrap_or_else(|| aws_endpoint("cognito-idp", &self.region))
    }

    /// The provider name identity pools know this pool by (`cognito-idp.<region>.amazonaws.com/<pool>`).
    pub fn identity_provider_name(&self) -> String {
        format!(
            "cognito-idp.{}.{}/{}",
            self.region,
            dns_suffix(&self.region),
            self.pool_id
        )
    }
}

/// Settings of a Cognito identity pool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentityPoolConfig {
    /// Pool id, `<region>:<uuid>`.
    pub pool_id: String,
    /// Region of the pool.
    pub region: String,
    /// Whether signed-out users get guest (unauthenticated) identities.
    pub allow_guest_access: bool,
    /// Endpoint override, set in code (local peers: plain http allowed); `None` = the public
    /// Cognito Identity endpoint.
    pub endpoint: Option<Url>,
}

impl IdentityPoolConfig {
    /// The endpoint requests go to.
    pub fn endpoint_url(&self) -> Url {
        self.endpoint
            .clone()
            .unwrap_or_else(|| aws_endpoint("cognito-identity", &self.region))
    }
}

/// Hosted UI (OAuth 2.0) settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthConfig {
    /// The hosted UI domain, e.g. `myapp.auth.us-east-1.amazoncognito.com` (or an
    /// `https://` URL); TLS only: a local provider over plain http is an [`Self::endpoint`].
    pub domain: String,
    /// Scopes requested at sign-in.
    pub scopes: Vec<String>,
    /// Allowed sign-in redirect URIs, in the file's order.
    pub redirect_sign_in: Vec<String>,
    /// Allowed sign-out redirect URIs, in the file's order.
    pub redirect_sign_out: Vec<String>,
    /// Response type.
    pub response_type: OAuthResponseType,
    /// Social providers configured for the hosted UI (`GOOGLE`, `FACEBOOK`, …).
    pub identity_providers: Vec<String>,
    /// Endpoint override for the OAuth domain, set in code only (never read from a file):
    /// local providers, so plain http is allowed here.
    pub endpoint: Option<Url>,
}

impl OAuthConfig {
    /// Base URL of the OAuth endpoints (`/oauth2/authorize`, `/oauth2/token`, `/logout`):
    /// the endpoint override when there is one, else `https://<domain>`.
    pub fn base_url(&self) -> Result<Url, ConfigError> {
        if let Some(url) = &self.endpoint {
            return Ok(url.clone());
        }
        https_url(&self.domain, "auth.oauth.domain")
    }
}

/// Password rules of the pool (informational: the server enforces them).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PasswordPolicy {
    /// Minimum length.
    pub min_length: Option<u32>,
    /// Requires a digit.
    pub require_numbers: bool,
    /// Requires a lowercase letter.
    pub require_lowercase: bool,
    /// Requires an uppercase letter.
    pub require_uppercase: bool,
    /// Requires a symbol.
    pub require_symbols: bool,
}

/// MFA settings of the pool (informational).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MfaSettings {
    /// `OFF`/`NONE`, `OPTIONAL` or `ON`/`REQUIRED`, as written in the file.
    pub configuration: Option<String>,
    /// Methods (`SMS`, `TOTP`, `EMAIL`).
    pub methods: Vec<String>,
}

/// Which file generation a configuration came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigSource {
    /// `amplify_outputs.json`.
    AmplifyOutputs,
    /// `amplifyconfiguration.json`.
    AmplifyConfiguration,
    /// Built in code.
    Code,
}

/// Everything the client needs to know about the backend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthConfig {
    /// Default region (of the user pool when there is one).
    pub region: String,
    /// The user pool, if the app signs users in.
    pub user_pool: Option<UserPoolConfig>,
    /// The identity pool, if the app needs AWS credentials.
    pub identity_pool: Option<IdentityPoolConfig>,
    /// Hosted UI settings.
    pub oauth: Option<OAuthConfig>,
    /// Flow used by `sign_in` when the caller does not pick one.
    pub default_auth_flow: AuthFlowType,
    /// Attributes users sign in with (`email`, `phone_number`, `username`), lower case.
    pub username_attributes: Vec<String>,
    /// Attributes required at sign-up, lower case.
    pub sign_up_attributes: Vec<String>,
    /// Attributes verified by code (`email`, `phone_number`), lower case.
    pub verification_mechanisms: Vec<String>,
    /// Password rules.
    pub password_policy: PasswordPolicy,
    /// MFA settings.
    pub mfa: MfaSettings,
    /// Where this configuration came from.
    pub source: ConfigSource,
}

impl AuthConfig {
    /// A configuration for a user pool (and optionally an identity pool), built in code.
    pub fn new(user_pool: UserPoolConfig, identity_pool: Option<IdentityPoolConfig>) -> Self {
        Self {
            region: user_pool.region.clone(),
            user_pool: Some(user_pool),
            identity_pool,
            oauth: None,
            default_auth_flow: AuthFlowType::UserSrp,
            username_attributes: Vec::new(),
            sign_up_attributes: Vec::new(),
            verification_mechanisms: Vec::new(),
            password_policy: PasswordPolicy::default(),
            mfa: MfaSettings::default(),
            source: ConfigSource::Code,
        }
    }

    /// Parses either configuration generation, detected from its shape, and validates it.
    pub fn from_json(text: &str) -> Result<Self, ConfigError> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| ConfigError::Json {
                line: e.line(),
                column: e.column(),
                message: json_error_message(&e),
            })?;
        let config = if gen2::looks_like(&value) {
            gen2::parse(&value)?
        } else if gen1::looks_like(&value) {
            gen1::parse(&value)?
        } else {
            return Err(ConfigError::UnknownFormat);
        };
        config.validate()?;
        Ok(config)
    }

    /// Points user-pool requests at another endpoint (emulators, proxies). This explicit
    /// override is the only way to plain `http://` (a local peer): passwords, tokens and the
    /// client secret then travel in clear, so never point it at anything off this machine.
    pub fn with_user_pool_endpoint(mut self, url: Url) -> Self {
        if let Some(pool) = &mut self.user_pool {
            pool.endpoint = Some(url);
        }
        self
    }

    /// Points identity-pool requests at another endpoint; like
    /// [`AuthConfig::with_user_pool_endpoint`], plain http only for a local peer.
    pub fn with_identity_pool_endpoint(mut self, url: Url) -> Self {
        if let Some(pool) = &mut self.identity_pool {
            pool.endpoint = Some(url);
        }
        self
    }

    /// Points hosted-UI requests at another base URL. Plain http is allowed here only, for a
    /// local provider: the PKCE verifier and refresh tokens then travel in clear.
    pub fn with_oauth_endpoint(mut self, url: Url) -> Self {
        if let Some(oauth) = &mut self.oauth {
            oauth.endpoint = Some(url);
        }
        self
    }

    /// Checks the identifiers and URLs; called by [`AuthConfig::from_json`].
    pub fn validate(&self) -> Result<(), ConfigError> {
        check_region("auth.aws_region", &self.region)?;
        if self.user_pool.is_none() && self.identity_pool.is_none() {
            return Err(ConfigError::missing("auth.user_pool_id"));
        }
        if let Some(pool) = &self.user_pool {
            check_region("auth.user_pool.region", &pool.region)?;
            let (prefix, name) = pool.pool_id.split_once('_').ok_or_else(|| {
                ConfigError::invalid("auth.user_pool_id", "expected `<region>_<id>`")
            })?;
            if prefix.is_empty() || name.is_empty() || !is_token(&pool.pool_id) {
                return Err(ConfigError::invalid(
                    "auth.user_pool_id",
                    "expected `<region>_<id>`",
                ));
            }
            if pool.client_id.is_empty() || !is_token(&pool.client_id) {
                return Err(ConfigError::invalid(
                    "auth.user_pool_client_id",
                    "expected a non-empty app client id",
                ));
            }
            if pool.client_secret.as_ref().is_some_and(Secret::is_empty) {
                return Err(ConfigError::invalid(
                    "auth.user_pool_client_secret",
                    "empty client secret",
                ));
            }
            check_endpoint("user pool endpoint", pool.endpoint.as_ref())?;
        }
        if let Some(pool) = &self.identity_pool {
            check_region("auth.identity_pool.region", &pool.region)?;
            match pool.pool_id.split_once(':') {
                Some((r, id)) if !r.is_empty() && !id.is_empty() && is_token(&pool.pool_id) => {}
                _ => {
                    return Err(ConfigError::invalid(
                        "auth.identity_pool_id",
                        "expected `<region>:<uuid>`",
                    ));
                }
            }
            check_endpoint("identity pool endpoint", pool.endpoint.as_ref())?;
        }
        if let Some(oauth) = &self.oauth {
            if oauth.domain.trim().is_empty() {
                if oauth.endpoint.is_none() {
                    return Err(ConfigError::missing("auth.oauth.domain"));
                }
            } else {
                https_url(&oauth.domain, "auth.oauth.domain")?;
            }
            oauth.base_url()?;
            if oauth.redirect_sign_in.is_empty() {
                return Err(ConfigError::missing("auth.oauth.redirect_sign_in_uri"));
            }
            for (key, uris) in [
                ("auth.oauth.redirect_sign_in_uri", &oauth.redirect_sign_in),
                ("auth.oauth.redirect_sign_out_uri", &oauth.redirect_sign_out),
            ] {
                for uri in uris {
                    Url::parse(uri).map_err(|e| {
                        ConfigError::invalid(key, format!("`{uri}` is not a URL: {e}"))
                    })?;
                }
            }
        }
        Ok(())
    }

    /// A stable identifier of the backend (pools, client, region), used to namespace stored
    /// credentials: when it changes, what was stored under the old one is wiped.
    pub fn fingerprint(&self) -> String {
        let mut h = Sha256::new();
        let parts = [
            self.region.as_str(),
            self.user_pool.as_ref().map_or("", |p| p.pool_id.as_str()),
            self.user_pool.as_ref().map_or("", |p| p.client_id.as_str()),
            self.identity_pool
                .as_ref()
                .map_or("", |p| p.pool_id.as_str()),
        ];
        for part in parts {
            h.update((part.len() as u64).to_be_bytes());
            h.update(part.as_bytes());
        }
        h.finalize()[..12]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// `https://<service>.<region>.amazonaws.com/` (`.amazonaws.com.cn` in China regions).
fn aws_endpoint(service: &str, region: &str) -> Url {
    let text = format!("https://{service}.{region}.{}/", dns_suffix(region));
    Url::parse(&text).unwrap_or_else(|_| {
        // validate() only admits regions made of [a-z0-9-], so this is unreachable for a
        // validated configuration; fall back to the global partition rather than panic.
        Url::parse("https://cognito-idp.us-east-1.amazonaws.com/").expect("static URL")
    })
}

fn dns_suffix(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "amazonaws.com.cn"
    } else {
        "amazonaws.com"
    }
}

fn check_region(key: &str, region: &str) -> Result<(), ConfigError> {
    let ok = !region.is_empty()
        && region.len() <= 32
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(ConfigError::invalid(
            key,
            format!("`{region}` is not an AWS region name"),
        ))
    }
}

/// A URL a configuration names (Gen 1 `Endpoint`, `WebDomain`, Gen 2 `auth.oauth.domain`):
/// a bare host means `https://host`; any scheme but https is refused, naming `key`. Over
/// plain http the passwords of `USER_PASSWORD_AUTH`, refresh tokens, the PKCE verifier, the
/// client secret and AWS credentials would travel in clear, and ID tokens are trusted
/// because TLS authenticated their sender (docs/security.md). Local peers are reached
/// through the endpoint overrides, which only code can set.
pub(crate) fn https_url(text: &str, key: &str) -> Result<Url, ConfigError> {
    let full = match text.split_once("://") {
        None => format!("https://{text}"),
        Some((scheme, _)) if scheme.eq_ignore_ascii_case("https") => text.to_owned(),
        Some((scheme, _)) => {
            return Err(ConfigError::invalid(
                key,
                format!(
                    "`{text}`: only https is allowed in a configuration ({scheme}:// would \
                     carry credentials in clear); reach a local peer with an endpoint override"
                ),
            ));
        }
    };
    let url = Url::parse(&full).map_err(|e| ConfigError::invalid(key, format!("`{text}`: {e}")))?;
    if url.host().is_none() {
        return Err(ConfigError::invalid(key, format!("`{text}` has no host")));
    }
    Ok(url)
}

/// A hosted-UI domain as written (checked by [`https_url`]).
pub(crate) fn check_domain(domain: String, key: &str) -> Result<String, ConfigError> {
    https_url(&domain, key)?;
    Ok(domain)
}

fn check_endpoint(what: &str, url: Option<&Url>) -> Result<(), ConfigError> {
    match url {
        Some(u) if !matches!(u.scheme(), "http" | "https") || u.host().is_none() => Err(
            ConfigError::invalid(what, format!("`{u}` is not an http(s) URL")),
        ),
        _ => Ok(()),
    }
}

/// Identifiers are printable ASCII without spaces or quotes (they go into headers and paths).
fn is_token(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_graphic() && !matches!(b, b'"' | b'\\' | b'/'))
}

fn json_error_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    text.split(" at line ").next().unwrap_or(&text).to_owned()
}

/// Small helpers shared by the two parsers: typed reads that name the key on failure.
pub(crate) mod read {
    use super::ConfigError;
    use serde_json::Value;

    pub fn object<'a>(
        v: &'a Value,
        key: &str,
    ) -> Result<Option<&'a serde_json::Map<String, Value>>, ConfigError> {
        match v {
            Value::Null => Ok(None),
            Value::Object(m) => Ok(Some(m)),
            _ => Err(ConfigError::invalid(key, "expected an object")),
        }
    }

    pub fn opt_str(parent: &Value, name: &str, key: &str) -> Result<Option<String>, ConfigError> {
        match parent.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.trim().to_owned())),
            Some(_) => Err(ConfigError::invalid(key, "expected a string")),
        }
    }

    pub fn req_str(parent: &Value, name: &str, key: &str) -> Result<String, ConfigError> {
        opt_str(parent, name, key)?.ok_or_else(|| ConfigError::missing(key))
    }

    pub fn opt_bool(parent: &Value, name: &str, key: &str) -> Result<Option<bool>, ConfigError> {
        match parent.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(_) => Err(ConfigError::invalid(key, "expected true or false")),
        }
    }

    pub fn opt_u32(parent: &Value, name: &str, key: &str) -> Result<Option<u32>, ConfigError> {
        match parent.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => n
                .as_u64()
                .and_then(|n| u32::try_from(n).ok())
                .map(Some)
                .ok_or_else(|| ConfigError::invalid(key, "expected a small positive integer")),
            Some(Value::String(s)) => s
                .parse()
                .map(Some)
                .map_err(|_| ConfigError::invalid(key, "expected a small positive integer")),
            Some(_) => Err(ConfigError::invalid(key, "expected a number")),
        }
    }

    /// A list of strings; Gen 1 files also write lists as one comma-separated string.
    pub fn str_list(parent: &Value, name: &str, key: &str) -> Result<Vec<String>, ConfigError> {
        match parent.get(name) {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(Value::String(s)) => Ok(s
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, item)| match item {
                    Value::String(s) => Ok(s.trim().to_owned()),
                    _ => Err(ConfigError::invalid(
                        format!("{key}[{i}]"),
                        "expected a string",
                    )),
                })
                .collect(),
            Some(_) => Err(ConfigError::invalid(key, "expected a list of strings")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pool() -> UserPoolConfig {
        UserPoolConfig {
            pool_id: "us-east-1_abc".into(),
            client_id: "client".into(),
            client_secret: Some(Secret::new("s3cr3t")),
            region: "us-east-1".into(),
            endpoint: None,
        }
    }

    #[test]
    fn fingerprint_changes_with_any_backend_identifier() {
        let base = AuthConfig::new(pool(), None);
        let mut other_client = base.clone();
        other_client.user_pool.as_mut().unwrap().client_id = "client2".into();
        let mut with_identity = base.clone();
        with_identity.identity_pool = Some(IdentityPoolConfig {
            pool_id: "us-east-1:1".into(),
            region: "us-east-1".into(),
            allow_guest_access: false,
            endpoint: None,
        });
        let fps = [
            base.fingerprint(),
            other_client.fingerprint(),
            with_identity.fingerprint(),
        ];
        assert_eq!(fps[0].len(), 24);
        assert_ne!(fps[0], fps[1]);
        assert_ne!(fps[0], fps[2]);
        // Endpoint overrides do not move the namespace: same pool, same credentials.
        let moved = base
            .clone()
            .with_user_pool_endpoint(Url::parse("http://127.0.0.1:1").unwrap());
        assert_eq!(moved.fingerprint(), fps[0]);
    }

    #[test]
    fn debug_hides_the_client_secret() {
        let text = format!("{:?}", AuthConfig::new(pool(), None));
        assert!(!text.contains("s3cr3t"), "{text}");
        assert!(text.contains("has_client_secret: true"));
    }

    #[test]
    fn urls_from_a_file_are_https_only() {
        for ok in [
            "cognito-idp.example.com",
            "https://cognito-idp.example.com",
            "HTTPS://cognito-idp.example.com/prefix",
            "proxy.example.com:8443",
        ] {
            assert_eq!(https_url(ok, "k").unwrap().scheme(), "https", "{ok}");
        }
        for bad in [
            "http://cognito-idp.example.com",
            "HTTP://x",
            "ftp://x",
            "ws://x",
            "https://",
            "",
        ] {
            let e = https_url(bad, "the.key").unwrap_err();
            assert!(
                matches!(&e, ConfigError::Invalid { key, .. } if key == "the.key"),
                "{bad}: {e:?}"
            );
        }
        let e = https_url("http://x", "k").unwrap_err().to_string();
        assert!(e.contains("only https"), "{e}");
    }

    #[test]
    fn endpoints_follow_the_partition() {
        let mut p = pool();
        assert_eq!(
            p.endpoint_url().as_str(),
            "https://cognito-idp.us-east-1.amazonaws.com/"
        );
        p.region = "cn-north-1".into();
        assert_eq!(
            p.endpoint_url().as_str(),
            "https://cognito-idp.cn-north-1.amazonaws.com.cn/"
        );
        assert_eq!(p.pool_name(), "abc");
    }
}
