//! `amplifyconfiguration.json` (Amplify Gen 1 / CLI): the Cognito plugin's section at
//! `auth.plugins.awsCognitoAuthPlugin`, with `Default` entries for each resource.

use super::read::{object, opt_str, opt_u32, req_str, str_list};
use super::{
    AuthConfig, AuthFlowType, ConfigError, ConfigSource, IdentityPoolConfig, MfaSettings,
    OAuthConfig, OAuthResponseType, PasswordPolicy, UserPoolConfig,
};
use crate::secret::Secret;
use serde_json::Value;
use url::Url;

const ROOT: &str = "auth.plugins.awsCognitoAuthPlugin";

pub(super) fn looks_like(v: &Value) -> bool {
    v.get("auth")
        .and_then(|a| a.get("plugins"))
        .is_some_and(Value::is_object)
}

/// Reads `<ROOT>.<section>.Default` as an optional object, naming it on error.
fn section<'a>(plugin: &'a Value, path: &[&str]) -> Result<Option<&'a Value>, ConfigError> {
    let mut node = plugin;
    let mut key = ROOT.to_owned();
    for name in path {
        key.push('.');
        key.push_str(name);
        match node.get(*name) {
            None | Some(Value::Null) => return Ok(None),
            Some(v) => {
                object(v, &key)?;
                node = v;
            }
        }
    }
    Ok(Some(node))
}

pub(super) fn parse(root: &Value) -> Result<AuthConfig, ConfigError> {
    let plugin = root["auth"]["plugins"]
        .get("awsCognitoAuthPlugin")
        .ok_or_else(|| ConfigError::missing(ROOT))?;
    object(plugin, ROOT)?;
    let k = |s: &str| format!("{ROOT}.{s}");

    let user_pool = match section(plugin, &["CognitoUserPool", "Default"])? {
        None => None,
        Some(p) => {
            let key = |s: &str| k(&format!("CognitoUserPool.Default.{s}"));
            let endpoint = match opt_str(p, "Endpoint", &key("Endpoint"))? {
                None => None,
                Some(e) => Some(parse_endpoint(&e, &key("Endpoint"))?),
            };
            Some(UserPoolConfig {
                pool_id: req_str(p, "PoolId", &key("PoolId"))?,
                client_id: req_str(p, "AppClientId", &key("AppClientId"))?,
                client_secret: opt_str(p, "AppClientSecret", &key("AppClientSecret"))?
                    .map(Secret::new),
                region: req_str(p, "Region", &key("Region"))?,
                endpoint,
            })
        }
    };

    let identity_pool = match section(
        plugin,
        &["CredentialsProvider", "CognitoIdentity", "Default"],
    )? {
        None => None,
        Some(p) => {
            let key = |s: &str| k(&format!("CredentialsProvider.CognitoIdentity.Default.{s}"));
            Some(IdentityPoolConfig {
                pool_id: req_str(p, "PoolId", &key("PoolId"))?,
                region: req_str(p, "Region", &key("Region"))?,
                // Gen 1 has no switch: guest access is tried and the pool decides.
                allow_guest_access: true,
                endpoint: None,
            })
        }
    };

    if user_pool.is_none() && identity_pool.is_none() {
        return Err(ConfigError::missing(k("CognitoUserPool.Default")));
    }

    let auth = section(plugin, &["Auth", "Default"])?.unwrap_or(&Value::Null);
    let akey = |s: &str| k(&format!("Auth.Default.{s}"));

    let default_auth_flow = match opt_str(
        auth,
        "authenticationFlowType",
        &akey("authenticationFlowType"),
    )? {
        None => AuthFlowType::UserSrp,
        Some(name) => AuthFlowType::from_config_name(&name).ok_or_else(|| {
            ConfigError::invalid(
                akey("authenticationFlowType"),
                format!("unknown flow `{name}`"),
            )
        })?,
    };

    let mut oauth = match section(plugin, &["Auth", "Default", "OAuth"])? {
        None => None,
        Some(o) => Some(parse_oauth(o, &akey("OAuth"))?),
    };
    if let Some(o) = &mut oauth {
        o.identity_providers = str_list(auth, "socialProviders", &akey("socialProviders"))?;
    }

    let password_policy = match section(plugin, &["Auth", "Default", "passwordProtectionSettings"])?
    {
        None => PasswordPolicy::default(),
        Some(p) => {
            let key = akey("passwordProtectionSettings");
            let chars = str_list(
                p,
                "passwordPolicyCharacters",
                &format!("{key}.passwordPolicyCharacters"),
            )?;
            let has = |c: &str| chars.iter().any(|x| x.eq_ignore_ascii_case(c));
            PasswordPolicy {
                min_length: opt_u32(
                    p,
                    "passwordPolicyMinLength",
                    &format!("{key}.passwordPolicyMinLength"),
                )?,
                require_numbers: has("REQUIRES_NUMBERS"),
                require_lowercase: has("REQUIRES_LOWERCASE"),
                require_uppercase: has("REQUIRES_UPPERCASE"),
                require_symbols: has("REQUIRES_SYMBOLS"),
            }
        }
    };

    let lower = |name: &str| -> Result<Vec<String>, ConfigError> {
        Ok(str_list(auth, name, &akey(name))?
            .into_iter()
            .map(|s| s.to_ascii_lowercase())
            .collect())
    };

    let region = user_pool
        .as_ref()
        .map(|p| p.region.clone())
        .or_else(|| identity_pool.as_ref().map(|p| p.region.clone()))
        .unwrap_or_default();

    Ok(AuthConfig {
        region,
        user_pool,
        identity_pool,
        oauth,
        default_auth_flow,
        username_attributes: lower("usernameAttributes")?,
        sign_up_attributes: lower("signupAttributes")?,
        verification_mechanisms: lower("verificationMechanisms")?,
        password_policy,
        mfa: MfaSettings {
            configuration: opt_str(auth, "mfaConfiguration", &akey("mfaConfiguration"))?,
            methods: str_list(auth, "mfaTypes", &akey("mfaTypes"))?,
        },
        source: ConfigSource::AmplifyConfiguration,
    })
}

fn parse_oauth(o: &Value, key: &str) -> Result<OAuthConfig, ConfigError> {
    let k = |s: &str| format!("{key}.{s}");
    let response_type = match opt_str(o, "ResponseType", &k("ResponseType"))?.as_deref() {
        None | Some("code") => OAuthResponseType::Code,
        Some("token") => OAuthResponseType::Token,
        Some(other) => {
            return Err(ConfigError::invalid(
                k("ResponseType"),
                format!("`{other}` is neither `code` nor `token`"),
            ));
        }
    };
    Ok(OAuthConfig {
        domain: super::check_domain(req_str(o, "WebDomain", &k("WebDomain"))?, &k("WebDomain"))?,
        scopes: str_list(o, "Scopes", &k("Scopes"))?,
        redirect_sign_in: str_list(o, "SignInRedirectURI", &k("SignInRedirectURI"))?,
        redirect_sign_out: str_list(o, "SignOutRedirectURI", &k("SignOutRedirectURI"))?,
        response_type,
        identity_providers: Vec::new(),
        endpoint: None,
    })
}

/// `Endpoint`: a bare host (`cognito-idp.example.com`, as Amplify writes it) or an `https`
/// URL. Plain http is refused: a file is no place for a local peer's address (that is what
/// the endpoint overrides in code are for).
fn parse_endpoint(text: &str, key: &str) -> Result<Url, ConfigError> {
    super::https_url(text, key)
}
