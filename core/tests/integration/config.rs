//! Configuration parsing: both generations, every broken-file case naming its key.

use cognito_auth::config::{AuthFlowType, ConfigSource, OAuthResponseType};
use cognito_auth::{AuthConfig, ConfigError};
use std::path::Path;

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/config")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn parse(name: &str) -> Result<AuthConfig, ConfigError> {
    AuthConfig::from_json(&fixture(name))
}

#[test]
fn gen2_full_file() {
    let c = parse("gen2_full.json").unwrap();
    assert_eq!(c.source, ConfigSource::AmplifyOutputs);
    assert_eq!(c.region, "eu-west-1");
    let pool = c.user_pool.as_ref().unwrap();
    assert_eq!(pool.pool_id, "eu-west-1_AbCdEf123");
    assert_eq!(pool.pool_name(), "AbCdEf123");
    assert_eq!(pool.client_id, "3brafu5quo3m63fsghm2sb10f7");
    assert!(pool.client_secret.is_none());
    assert_eq!(
        pool.endpoint_url().as_str(),
        "https://cognito-idp.eu-west-1.amazonaws.com/"
    );
    let id = c.identity_pool.as_ref().unwrap();
    assert_eq!(id.pool_id, "eu-west-1:e9654dd4-eb29-46b0-9cf2-8beae5bfa80e");
    assert!(id.allow_guest_access);
    assert_eq!(
        id.endpoint_url().as_str(),
        "https://cognito-identity.eu-west-1.amazonaws.com/"
    );
    assert_eq!(c.default_auth_flow, AuthFlowType::CustomWithoutSrp);
    let oauth = c.oauth.as_ref().unwrap();
    assert_eq!(oauth.domain, "myapp.auth.eu-west-1.amazoncognito.com");
    assert_eq!(
        oauth.base_url().unwrap().as_str(),
        "https://myapp.auth.eu-west-1.amazoncognito.com/"
    );
    assert_eq!(
        oauth.redirect_sign_in,
        ["myapp://callback/", "http://localhost:3000/"]
    );
    assert_eq!(oauth.redirect_sign_out, ["myapp://signout/"]);
    assert_eq!(oauth.response_type, OAuthResponseType::Code);
    assert_eq!(oauth.identity_providers, ["GOOGLE", "SIGN_IN_WITH_APPLE"]);
    assert_eq!(oauth.scopes.len(), 4);
    assert_eq!(c.username_attributes, ["email"]);
    assert_eq!(c.sign_up_attributes, ["email"]);
    assert_eq!(c.verification_mechanisms, ["email"]);
    assert_eq!(c.password_policy.min_length, Some(12));
    assert!(c.password_policy.require_uppercase && !c.password_policy.require_symbols);
    assert_eq!(c.mfa.configuration.as_deref(), Some("OPTIONAL"));
    assert_eq!(c.mfa.methods, ["SMS", "TOTP"]);
}

#[test]
fn gen2_minimal_file_has_safe_defaults() {
    let c = parse("gen2_minimal.json").unwrap();
    assert!(c.identity_pool.is_none());
    assert!(c.oauth.is_none());
    assert_eq!(c.default_auth_flow, AuthFlowType::UserSrp);
    assert_eq!(c.password_policy, Default::default());
}

#[test]
fn gen1_full_file() {
    let c = parse("gen1_full.json").unwrap();
    assert_eq!(c.source, ConfigSource::AmplifyConfiguration);
    assert_eq!(c.region, "us-west-2");
    let pool = c.user_pool.as_ref().unwrap();
    assert_eq!(pool.pool_id, "us-west-2_cH45JM3On");
    assert_eq!(
        pool.client_secret.as_ref().unwrap().expose(),
        "s3cr3t-client-secret-value"
    );
    assert_eq!(
        pool.endpoint_url().as_str(),
        "https://cognito-proxy.example.com/",
        "a bare host in Endpoint means https"
    );
    let id = c.identity_pool.as_ref().unwrap();
    assert_eq!(id.region, "us-west-2");
    assert!(id.allow_guest_access, "Gen 1 lets the pool decide");
    assert_eq!(c.default_auth_flow, AuthFlowType::UserPassword);
    let oauth = c.oauth.as_ref().unwrap();
    assert_eq!(
        oauth.redirect_sign_in,
        ["myapp://", "http://localhost:8080/callback"],
        "comma-separated URIs are split"
    );
    assert_eq!(oauth.identity_providers, ["GOOGLE"]);
    assert_eq!(c.username_attributes, ["email"]);
    assert_eq!(c.sign_up_attributes, ["email", "name"]);
    assert_eq!(c.password_policy.min_length, Some(8));
    assert!(c.password_policy.require_numbers && c.password_policy.require_symbols);
    assert!(!c.password_policy.require_uppercase);
    assert_eq!(c.mfa.methods, ["SMS"]);
    assert!(
        !format!("{c:?}").contains("s3cr3t"),
        "Debug never shows the secret"
    );
}

#[test]
fn gen1_identity_pool_only() {
    let c = parse("gen1_identity_only.json").unwrap();
    assert!(c.user_pool.is_none());
    assert_eq!(c.region, "ap-south-1");
    assert!(c.identity_pool.is_some());
}

#[test]
fn fingerprint_is_stable_and_generation_independent() {
    let a = parse("gen2_minimal.json").unwrap();
    let same = AuthConfig::from_json(
        r#"{"auth": {"plugins": {"awsCognitoAuthPlugin": {"CognitoUserPool": {"Default":
        {"PoolId": "us-east-1_Min", "AppClientId": "minclient", "Region": "us-east-1"}}}}}}"#,
    )
    .unwrap();
    assert_eq!(a.fingerprint(), same.fingerprint());
    assert_eq!(
        a.fingerprint(),
        parse("gen2_minimal.json").unwrap().fingerprint()
    );
    assert_ne!(
        a.fingerprint(),
        parse("gen2_full.json").unwrap().fingerprint()
    );
}

/// A predicate on the error a broken file must give.
type Check = Box<dyn Fn(&ConfigError) -> bool>;

fn missing(key: &str) -> ConfigError {
    ConfigError::Missing { key: key.into() }
}

/// Every broken fixture, with the error it must give. The key named in the error is what a
/// developer needs to fix the file.
#[test]
fn every_broken_file_names_its_problem() {
    const P: &str = "auth.plugins.awsCognitoAuthPlugin";
    let cases: Vec<(&str, Check)> = vec![
        (
            "truncated.json",
            Box::new(|e| matches!(e, ConfigError::Json { line: 1, .. })),
        ),
        (
            "empty.json",
            Box::new(|e| matches!(e, ConfigError::Json { .. })),
        ),
        (
            "not_an_object.json",
            Box::new(|e| *e == ConfigError::UnknownFormat),
        ),
        (
            "unknown_format.json",
            Box::new(|e| *e == ConfigError::UnknownFormat),
        ),
        (
            "gen2_missing_pool_id.json",
            Box::new(|e| *e == missing("auth.user_pool_id")),
        ),
        (
            "gen2_missing_client_id.json",
            Box::new(|e| *e == missing("auth.user_pool_client_id")),
        ),
        (
            "gen2_missing_region.json",
            Box::new(|e| *e == missing("auth.aws_region")),
        ),
        (
            "gen2_bad_pool_id.json",
            Box::new(|e| invalid(e, "auth.user_pool_id")),
        ),
        (
            "gen2_bad_region.json",
            Box::new(|e| invalid(e, "auth.aws_region")),
        ),
        (
            "gen2_pool_id_not_string.json",
            Box::new(|e| invalid(e, "auth.user_pool_id")),
        ),
        (
            "gen2_bad_identity_pool.json",
            Box::new(|e| invalid(e, "auth.identity_pool_id")),
        ),
        (
            "gen2_oauth_missing_domain.json",
            Box::new(|e| *e == missing("auth.oauth.domain")),
        ),
        (
            "gen2_oauth_bad_redirect.json",
            Box::new(|e| invalid(e, "auth.oauth.redirect_sign_in_uri")),
        ),
        (
            "gen2_oauth_no_redirect.json",
            Box::new(|e| *e == missing("auth.oauth.redirect_sign_in_uri")),
        ),
        (
            "gen2_oauth_bad_response_type.json",
            Box::new(|e| invalid(e, "auth.oauth.response_type")),
        ),
        (
            "gen2_guest_not_bool.json",
            Box::new(|e| invalid(e, "auth.unauthenticated_identities_enabled")),
        ),
        (
            "gen2_bad_flow.json",
            Box::new(|e| invalid(e, "auth.authentication_flow_type")),
        ),
        (
            "gen2_bad_list_item.json",
            Box::new(|e| invalid(e, "auth.username_attributes[0]")),
        ),
        (
            "gen1_missing_pool_id.json",
            Box::new(|e| *e == missing(&format!("{P}.CognitoUserPool.Default.PoolId"))),
        ),
        (
            "gen1_missing_region.json",
            Box::new(|e| *e == missing(&format!("{P}.CognitoUserPool.Default.Region"))),
        ),
        (
            "gen1_pool_not_object.json",
            Box::new(|e| invalid(e, &format!("{P}.CognitoUserPool"))),
        ),
        (
            "gen1_empty_plugin.json",
            Box::new(|e| *e == missing(&format!("{P}.CognitoUserPool.Default"))),
        ),
        (
            "gen1_no_cognito_plugin.json",
            Box::new(|e| *e == missing(P)),
        ),
        (
            "gen1_bad_endpoint.json",
            Box::new(|e| invalid(e, &format!("{P}.CognitoUserPool.Default.Endpoint"))),
        ),
        (
            "gen1_oauth_no_redirect.json",
            Box::new(|e| *e == missing("auth.oauth.redirect_sign_in_uri")),
        ),
    ];
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/config/broken");
    let on_disk = std::fs::read_dir(&dir).unwrap().count();
    assert_eq!(on_disk, cases.len(), "every broken fixture has a case");
    for (name, check) in cases {
        let err = parse(&format!("broken/{name}")).expect_err(name);
        assert!(check(&err), "{name}: unexpected {err:?}");
        assert!(!err.to_string().is_empty());
    }
}

fn invalid(e: &ConfigError, want: &str) -> bool {
    matches!(e, ConfigError::Invalid { key, .. } if key == want)
}

#[test]
fn errors_read_well() {
    let e = parse("broken/gen2_missing_client_id.json").unwrap_err();
    assert_eq!(
        e.to_string(),
        "missing configuration key `auth.user_pool_client_id`"
    );
    let e = parse("broken/truncated.json").unwrap_err();
    assert!(
        e.to_string()
            .starts_with("configuration is not valid JSON (line 1, column"),
        "{e}"
    );
}
