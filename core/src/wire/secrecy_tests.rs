//! No secret in the `Debug` of a wire type: requests carry passwords, codes and tokens, and
//! answers carry tokens, so a stray `{:?}` in a log line must show none of them. The list is
//! checked against the source: a new type in `core/src/wire` fails
//! `every_wire_type_is_accounted_for` until it gets a sample or an exemption saying why it
//! cannot hold a secret. (`core/tests/reliability_secrets.rs` does the same for public types.)

use super::identity::*;
use super::user_pool::*;
use super::{HttpResponse, IdentityPoolClient, UserPoolClient, WireClient, WireOptions};
use crate::clock::{SkewedClock, SystemClock};
use crate::config::{IdentityPoolConfig, UserPoolConfig};
use crate::secret::Secret;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

const PASSWORD: &str = "Pw-S3cret-passw0rd";
const ID_TOKEN: &str = "eyJzecret.id-token-value.sig";
const ACCESS_TOKEN: &str = "eyJzecret.access-token-value.sig";
const REFRESH_TOKEN: &str = "refresh-token-secret-value";
const SECRET_KEY: &str = "aws-secret-access-key-value";
const SESSION_TOKEN: &str = "aws-session-token-value";
const CLIENT_SECRET: &str = "app-client-secret-value";
const SESSION: &str = "cognito-session-secret-value";
const CODE: &str = "confirmation-code-998877";
const PROVIDER_TOKEN: &str = "google-id-token-secret";
const TOTP_SECRET: &str = "JBSWY3DPEHPK3PXPTOTPSECRET";
const VERIFIER: &str = "device-verifier-secret-value";

const SECRETS: &[&str] = &[
    PASSWORD,
    ID_TOKEN,
    ACCESS_TOKEN,
    REFRESH_TOKEN,
    SECRET_KEY,
    SESSION_TOKEN,
    CLIENT_SECRET,
    SESSION,
    CODE,
    PROVIDER_TOKEN,
    TOTP_SECRET,
    VERIFIER,
];

/// Wire types that cannot hold a secret, and why.
const EXEMPT: &[(&str, &str)] = &[
    ("WireOptions", "timeouts and limits"),
    ("RetryPolicy", "numbers"),
    (
        "WireError",
        "messages are scrubbed of request secrets (transport tests, reliability suite)",
    ),
    ("NetworkErrorKind", "a kind"),
    ("Operation", "trait: names and types"),
    ("Service", "trait: a target prefix"),
    ("UserPools", "a marker"),
    ("IdentityPools", "a marker"),
    ("Empty", "no fields"),
    ("GetIdResponse", "an identity id"),
    ("Challenge", "a challenge name"),
    ("AuthFlow", "a flow name"),
    (
        "NewDeviceMetadata",
        "device key and group: identifiers (the device password is separate)",
    ),
    ("CodeDeliveryDetails", "masked destination"),
    ("CodeDeliveryResponse", "masked destination"),
    ("AttributeType", "user attributes"),
    ("GetUserResponse", "attributes and MFA names"),
    ("UpdateUserAttributesResponse", "masked destinations"),
    ("MfaSettings", "two flags"),
    ("ConfirmDeviceResponse", "a flag"),
    ("ListDevicesResponse", "device identifiers"),
    ("DeviceType", "device key and attributes: identifiers"),
];

fn user_pool_config() -> UserPoolConfig {
    UserPoolConfig {
        pool_id: "us-east-1_Secrets".into(),
        client_id: "client123".into(),
        client_secret: Some(Secret::new(CLIENT_SECRET)),
        region: "us-east-1".into(),
        endpoint: None,
    }
}

fn wire() -> WireClient {
    WireClient::new(
        WireOptions::default(),
        Arc::new(SkewedClock::new(Arc::new(SystemClock))),
    )
    .unwrap()
}

fn parameters() -> AuthParameters {
    let pool = UserPoolClient::new(wire(), &user_pool_config());
    AuthParameters::for_user(&pool, "alice", Some("device-key"))
        .password(PASSWORD)
        .code(&Challenge::SmsMfa, CODE)
        .new_password(SESSION, &BTreeMap::new())
}

fn result() -> AuthenticationResult {
    AuthenticationResult {
        access_token: Secret::new(ACCESS_TOKEN),
        expires_in: Some(3600),
        token_type: Some("Bearer".into()),
        refresh_token: Some(Secret::new(REFRESH_TOKEN)),
        id_token: Some(Secret::new(ID_TOKEN)),
        new_device_metadata: None,
    }
}

fn logins() -> BTreeMap<String, Secret> {
    BTreeMap::from([("accounts.google.com".into(), Secret::new(PROVIDER_TOKEN))])
}

fn verifier_config() -> DeviceSecretVerifierConfig {
    DeviceSecretVerifierConfig {
        password_verifier: Secret::new(VERIFIER),
        salt: "c2FsdA==".into(),
    }
}

fn decoded<T: serde::de::DeserializeOwned>(json: serde_json::Value) -> T {
    serde_json::from_value(json).unwrap()
}

/// `(type name, Debug output)` of every wire type that can hold a secret.
fn samples() -> Vec<(&'static str, String)> {
    let d = |v: &dyn std::fmt::Debug| format!("{v:?} {v:#?}");
    let token = || Secret::new(ACCESS_TOKEN);
    let credentials = serde_json::json!({"AccessKeyId": "A", "SecretKey": SECRET_KEY,
        "SessionToken": SESSION_TOKEN, "Expiration": 1});
    let identity_pool = IdentityPoolConfig {
        pool_id: "us-east-1:00000000-0000-4000-8000-000000000000".into(),
        region: "us-east-1".into(),
        allow_guest_access: true,
        endpoint: None,
    };
    vec![
        (
            "HttpResponse",
            d(&HttpResponse {
                status: 200,
                headers: Default::default(),
                body: serde_json::json!({"AuthenticationResult": {"AccessToken": ACCESS_TOKEN}})
                    .to_string()
                    .into_bytes(),
            }),
        ),
        ("WireClient", d(&wire())),
        (
            "UserPoolClient",
            d(&UserPoolClient::new(wire(), &user_pool_config())),
        ),
        (
            "IdentityPoolClient",
            d(&IdentityPoolClient::new(wire(), &identity_pool)),
        ),
        ("AuthParameters", d(&parameters())),
        (
            "InitiateAuthRequest",
            d(&InitiateAuthRequest {
                auth_flow: AuthFlow::UserPassword,
                client_id: "c".into(),
                auth_parameters: parameters(),
                client_metadata: BTreeMap::new(),
                session: Some(Secret::new(SESSION)),
            }),
        ),
        (
            "RespondToAuthChallengeRequest",
            d(&RespondToAuthChallengeRequest {
                client_id: "c".into(),
                challenge_name: Challenge::SmsMfa,
                session: Some(Secret::new(SESSION)),
                challenge_responses: parameters(),
                client_metadata: BTreeMap::new(),
            }),
        ),
        (
            "AuthChallengeResponse",
            d(&AuthChallengeResponse {
                session: Some(Secret::new(SESSION)),
                authentication_result: Some(result()),
                ..Default::default()
            }),
        ),
        ("AuthenticationResult", d(&result())),
        (
            "SignUpRequest",
            d(&SignUpRequest {
                secret_hash: Some(Secret::new(CLIENT_SECRET)),
                password: Some(Secret::new(PASSWORD)),
                ..Default::default()
            }),
        ),
        (
            "SignUpResponse",
            d(&decoded::<SignUpResponse>(
                serde_json::json!({"UserSub": "s", "Session": SESSION}),
            )),
        ),
        (
            "ConfirmSignUpRequest",
            d(&ConfirmSignUpRequest {
                confirmation_code: Secret::new(CODE),
                session: Some(Secret::new(SESSION)),
                ..Default::default()
            }),
        ),
        (
            "ConfirmSignUpResponse",
            d(&ConfirmSignUpResponse {
                session: Some(Secret::new(SESSION)),
            }),
        ),
        (
            "ResendConfirmationCodeRequest",
            d(&ResendConfirmationCodeRequest {
                secret_hash: Some(Secret::new(CLIENT_SECRET)),
                ..Default::default()
            }),
        ),
        (
            "ForgotPasswordRequest",
            d(&ForgotPasswordRequest {
                secret_hash: Some(Secret::new(CLIENT_SECRET)),
                ..Default::default()
            }),
        ),
        (
            "ConfirmForgotPasswordRequest",
            d(&ConfirmForgotPasswordRequest {
                secret_hash: Some(Secret::new(CLIENT_SECRET)),
                confirmation_code: Secret::new(CODE),
                password: Secret::new(PASSWORD),
                ..Default::default()
            }),
        ),
        (
            "ChangePasswordRequest",
            d(&ChangePasswordRequest {
                access_token: token(),
                previous_password: Secret::new(PASSWORD),
                proposed_password: Secret::new(SESSION),
            }),
        ),
        (
            "GetUserRequest",
            d(&GetUserRequest {
                access_token: token(),
            }),
        ),
        (
            "UpdateUserAttributesRequest",
            d(&UpdateUserAttributesRequest {
                access_token: token(),
                user_attributes: Vec::new(),
                client_metadata: BTreeMap::new(),
            }),
        ),
        (
            "GetUserAttributeVerificationCodeRequest",
            d(&GetUserAttributeVerificationCodeRequest {
                access_token: token(),
                attribute_name: "email".into(),
                client_metadata: BTreeMap::new(),
            }),
        ),
        (
            "VerifyUserAttributeRequest",
            d(&VerifyUserAttributeRequest {
                access_token: token(),
                attribute_name: "email".into(),
                code: Secret::new(CODE),
            }),
        ),
        (
            "DeleteUserRequest",
            d(&DeleteUserRequest {
                access_token: token(),
            }),
        ),
        (
            "AssociateSoftwareTokenRequest",
            d(&AssociateSoftwareTokenRequest {
                access_token: Some(token()),
                session: Some(Secret::new(SESSION)),
            }),
        ),
        (
            "AssociateSoftwareTokenResponse",
            d(&decoded::<AssociateSoftwareTokenResponse>(
                serde_json::json!({"SecretCode": TOTP_SECRET, "Session": SESSION}),
            )),
        ),
        (
            "VerifySoftwareTokenRequest",
            d(&VerifySoftwareTokenRequest {
                access_token: Some(token()),
                session: Some(Secret::new(SESSION)),
                user_code: Secret::new(CODE),
                friendly_device_name: None,
            }),
        ),
        (
            "VerifySoftwareTokenResponse",
            d(&decoded::<VerifySoftwareTokenResponse>(
                serde_json::json!({"Status": "SUCCESS", "Session": SESSION}),
            )),
        ),
        (
            "SetUserMfaPreferenceRequest",
            d(&SetUserMfaPreferenceRequest {
                access_token: token(),
                sms_mfa_settings: None,
                software_token_mfa_settings: None,
                email_mfa_settings: None,
            }),
        ),
        ("DeviceSecretVerifierConfig", d(&verifier_config())),
        (
            "ConfirmDeviceRequest",
            d(&ConfirmDeviceRequest {
                access_token: token(),
                device_key: "dk".into(),
                device_secret_verifier_config: verifier_config(),
                device_name: None,
            }),
        ),
        (
            "UpdateDeviceStatusRequest",
            d(&UpdateDeviceStatusRequest {
                access_token: token(),
                device_key: "dk".into(),
                device_remembered_status: "remembered".into(),
            }),
        ),
        (
            "ForgetDeviceRequest",
            d(&ForgetDeviceRequest {
                access_token: token(),
                device_key: "dk".into(),
            }),
        ),
        (
            "ListDevicesRequest",
            d(&ListDevicesRequest {
                access_token: token(),
                limit: 60,
                pagination_token: None,
            }),
        ),
        (
            "GlobalSignOutRequest",
            d(&GlobalSignOutRequest {
                access_token: token(),
            }),
        ),
        (
            "RevokeTokenRequest",
            d(&RevokeTokenRequest {
                token: Secret::new(REFRESH_TOKEN),
                client_id: "c".into(),
                client_secret: Some(Secret::new(CLIENT_SECRET)),
            }),
        ),
        (
            "GetIdRequest",
            d(&GetIdRequest {
                identity_pool_id: "p".into(),
                logins: logins(),
            }),
        ),
        (
            "GetCredentialsForIdentityRequest",
            d(&GetCredentialsForIdentityRequest {
                identity_id: "i".into(),
                logins: logins(),
            }),
        ),
        (
            "GetCredentialsForIdentityResponse",
            d(&decoded::<GetCredentialsForIdentityResponse>(
                serde_json::json!({"Credentials": credentials.clone()}),
            )),
        ),
        (
            "WireCredentials",
            d(&decoded::<WireCredentials>(credentials)),
        ),
    ]
}

/// The forms a secret may take in text: itself, JSON-escaped, percent-encoded, and the
/// `Debug` of its bytes (how a `Vec<u8>` body prints).
fn forms(secret: &str) -> Vec<String> {
    let bytes: Vec<String> = secret.bytes().take(12).map(|b| b.to_string()).collect();
    vec![
        secret.to_owned(),
        serde_json::to_string(secret)
            .unwrap()
            .trim_matches('"')
            .to_owned(),
        url::form_urlencoded::byte_serialize(secret.as_bytes()).collect(),
        bytes.join(", "),
    ]
}

/// `pub`/`pub(crate)` struct, enum and trait names declared in `core/src/wire`.
fn declared() -> BTreeSet<String> {
    fn walk(dir: &std::path::Path, out: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                for line in std::fs::read_to_string(&path).unwrap().lines() {
                    let line = line.trim_start();
                    let Some(item) = line
                        .strip_prefix("pub(crate) ")
                        .or_else(|| line.strip_prefix("pub "))
                    else {
                        continue;
                    };
                    for kw in ["struct ", "enum ", "trait "] {
                        if let Some(rest) = item.strip_prefix(kw) {
                            let name = rest
                                .chars()
                                .take_while(|c| c.is_alphanumeric() || *c == '_');
                            out.insert(name.collect());
                        }
                    }
                }
            }
        }
    }
    let mut out = BTreeSet::new();
    walk(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/wire"),
        &mut out,
    );
    out
}

#[test]
fn every_wire_type_is_accounted_for() {
    let listed: BTreeSet<String> = samples()
        .into_iter()
        .map(|(n, _)| n.to_owned())
        .chain(EXEMPT.iter().map(|(n, _)| (*n).to_owned()))
        .collect();
    let declared = declared();
    let missing: Vec<_> = declared.difference(&listed).collect();
    assert!(
        missing.is_empty(),
        "wire types without a Debug secret check or an exemption: {missing:?}"
    );
    let stale: Vec<_> = listed.difference(&declared).collect();
    assert!(stale.is_empty(), "listed but no longer declared: {stale:?}");
}

#[test]
fn debug_prints_of_wire_types_show_no_secret() {
    for (name, text) in samples() {
        for secret in SECRETS {
            for form in forms(secret) {
                assert!(
                    !text.contains(&form),
                    "Debug of {name} shows a secret ({secret:?} as {form:?}):\n{text}"
                );
            }
        }
    }
}
