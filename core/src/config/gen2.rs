//! `amplify_outputs.json` (Amplify Gen 2): everything lives under the `auth` key.
//!
//! One extension: `auth.user_pool_client_secret`, for app clients with a secret (Gen 2 itself
//! only creates public clients; desktop tools and tests need the other kind too).

use super::read::{object, opt_bool, opt_str, opt_u32, req_str, str_list};
use super::{
    AuthConfig, AuthFlowType, ConfigError, ConfigSource, IdentityPoolConfig, MfaSettings,
    OAuthConfig, OAuthResponseType, PasswordPolicy, UserPoolConfig,
};
use crate::secret::Secret;
use serde_json::Value;

pub(super) fn looks_like(v: &Value) -> bool {
    v.get("auth").is_some_and(|a| {
        a.is_object()
            && a.get("plugins").is_none()
            && (a.get("user_pool_id").is_some() || a.get("aws_region").is_some())
    })
}

pub(super) fn parse(root: &Value) -> Result<AuthConfig, ConfigError> {
    let auth = &root["auth"];
    let region = req_str(auth, "aws_region", "auth.aws_region")?;
    let user_pool = UserPoolConfig {
        pool_id: req_str(auth, "user_pool_id", "auth.user_pool_id")?,
        client_id: req_str(auth, "user_pool_client_id", "auth.user_pool_client_id")?,
        client_secret: opt_str(
            auth,
            "user_pool_client_secret",
            "auth.user_pool_client_secret",
        )?
        .map(Secret::new),
        region: region.clone(),
        endpoint: None,
    };
    let allow_guest_access = opt_bool(
        auth,
        "unauthenticated_identities_enabled",
        "auth.unauthenticated_identities_enabled",
    )?
    .unwrap_or(false);
    let identity_pool =
        opt_str(auth, "identity_pool_id", "auth.identity_pool_id")?.map(|id| IdentityPoolConfig {
            pool_id: id,
            region: region.clone(),
            allow_guest_access,
            endpoint: None,
        });

    let default_auth_flow = match opt_str(
        auth,
        "authentication_flow_type",
        "auth.authentication_flow_type",
    )? {
        None => AuthFlowType::UserSrp,
        Some(name) => AuthFlowType::from_config_name(&name).ok_or_else(|| {
            ConfigError::invalid(
                "auth.authentication_flow_type",
                format!("unknown flow `{name}`"),
            )
        })?,
    };

    let password_policy = match object(
        auth.get("password_policy").unwrap_or(&Value::Null),
        "auth.password_policy",
    )? {
        None => PasswordPolicy::default(),
        Some(_) => {
            let p = &auth["password_policy"];
            let flag = |name: &str| {
                opt_bool(p, name, &format!("auth.password_policy.{name}"))
                    .map(|b| b.unwrap_or(false))
            };
            PasswordPolicy {
                min_length: opt_u32(p, "min_length", "auth.password_policy.min_length")?,
                require_numbers: flag("require_numbers")?,
                require_lowercase: flag("require_lowercase")?,
                require_uppercase: flag("require_uppercase")?,
                require_symbols: flag("require_symbols")?,
            }
        }
    };

    let oauth = match object(auth.get("oauth").unwrap_or(&Value::Null), "auth.oauth")? {
        None => None,
        Some(_) => Some(parse_oauth(&auth["oauth"])?),
    };

    let lower = |name: &str| -> Result<Vec<String>, ConfigError> {
        Ok(str_list(auth, name, &format!("auth.{name}"))?
            .into_iter()
            .map(|s| s.to_ascii_lowercase())
            .collect())
    };

    Ok(AuthConfig {
        region,
        user_pool: Some(user_pool),
        identity_pool,
        oauth,
        default_auth_flow,
        username_attributes: lower("username_attributes")?,
        sign_up_attributes: lower("standard_required_attributes")?,
        verification_mechanisms: lower("user_verification_types")?,
        password_policy,
        mfa: MfaSettings {
            configuration: opt_str(auth, "mfa_configuration", "auth.mfa_configuration")?,
            methods: str_list(auth, "mfa_methods", "auth.mfa_methods")?,
        },
        source: ConfigSource::AmplifyOutputs,
    })
}

fn parse_oauth(o: &Value) -> Result<OAuthConfig, ConfigError> {
    let response_type = match opt_str(o, "response_type", "auth.oauth.response_type")?.as_deref() {
        None | Some("code") => OAuthResponseType::Code,
        Some("token") => OAuthResponseType::Token,
        Some(other) => {
            return Err(ConfigError::invalid(
                "auth.oauth.response_type",
                format!("`{other}` is neither `code` nor `token`"),
            ));
        }
    };
    Ok(OAuthConfig {
        domain: super::check_domain(
            req_str(o, "domain", "auth.oauth.domain")?,
            "auth.oauth.domain",
        )?,
        scopes: str_list(o, "scopes", "auth.oauth.scopes")?,
        redirect_sign_in: str_list(o, "redirect_sign_in_uri", "auth.oauth.redirect_sign_in_uri")?,
        redirect_sign_out: str_list(
            o,
            "redirect_sign_out_uri",
            "auth.oauth.redirect_sign_out_uri",
        )?,
        response_type,
        identity_providers: str_list(o, "identity_providers", "auth.oauth.identity_providers")?,
        endpoint: None,
    })
}
