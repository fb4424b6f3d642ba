//! Amplify Android v2 (`aws-auth-cognito`): the entries of `AWSCognitoAuthCredentialStore`,
//! kept in the encrypted shared preferences `com.amplify.credentialStore` (the Kotlin layer
//! decrypts them on the device).
//!
//! Keys `amplify.<userPoolId>[.<identityPoolId>].session` (an `AmplifyCredential`) and
//! `amplify.<userPoolId>[.<identityPoolId>].<username>.deviceMetadata` (a `DeviceMetadata`),
//! each kotlinx.serialization JSON: a sealed class carries its `@SerialName` in `"type"`.
//! Sources read: docs/migration.md.

use super::{
    Found, ImportFormat, SkipReason, Target, amplify_session_key, json_error, unix_seconds,
};
use crate::identity_pool::AwsCredentials;
use crate::secret::Secret;
use crate::session::{DeviceSecrets, IdentityOwner};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::BTreeMap;

const FORMAT: ImportFormat = ImportFormat::AmplifyAndroid;

/// `SignedInData`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SignedInData {
    username: Option<String>,
    cognito_user_pool_tokens: Tokens,
}

/// A token: a plain string (`CognitoUserPoolTokens` with `String?` fields), or the object a
/// `@Serializable` token class (`IdToken(tokenValue)`, in later releases) encodes to.
#[derive(Deserialize)]
#[serde(untagged)]
enum Token {
    Plain(Secret),
    Wrapped {
        #[serde(rename = "tokenValue")]
        token_value: Secret,
    },
}

impl Token {
    fn secret(self) -> Secret {
        match self {
            Token::Plain(s) | Token::Wrapped { token_value: s } => s,
        }
    }
}

/// `CognitoUserPoolTokens` (`expiration` is the auth result's, not the tokens': ignored).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Tokens {
    id_token: Option<Token>,
    access_token: Option<Token>,
    #[serde(default)]
    refresh_token: Option<Token>,
}

/// `AWSCredentials` (all nullable; `AWSCredentials.empty` is nulls and 0).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Credentials {
    access_key_id: Option<String>,
    secret_access_key: Option<Secret>,
    session_token: Option<Secret>,
    /// Seconds since the epoch.
    expiration: Option<i64>,
}

/// `DeviceMetadata.Metadata` (`"type":"metadata"`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Device {
    #[serde(rename = "type")]
    kind: String,
    device_key: Option<String>,
    device_group_key: Option<String>,
    device_secret: Option<Secret>,
}

fn decode<T: DeserializeOwned>(value: Value, what: &str) -> Result<T, SkipReason> {
    serde_json::from_value(value).map_err(|e| SkipReason::Malformed {
        format: FORMAT,
        detail: format!("{what}: {}", json_error(&e)),
    })
}

fn device(text: &str) -> Option<DeviceSecrets> {
    let d: Device = serde_json::from_str(text).ok()?;
    let key = d.device_key.filter(|k| !k.is_empty())?;
    let group = d.device_group_key.filter(|k| !k.is_empty())?;
    let secret = d.device_secret.filter(|k| !k.is_empty())?;
    (d.kind == "metadata").then_some(DeviceSecrets {
        device_key: key,
        device_group_key: group,
        device_password: secret,
    })
}

pub(super) fn parse(
    entries: &BTreeMap<String, String>,
    target: Target<'_>,
) -> Result<Found, SkipReason> {
    let prefix = amplify_session_key(entries.keys().map(String::as_str), target, FORMAT)?;
    let root: Value =
        serde_json::from_str(&entries[&format!("{prefix}.session")]).map_err(|e| {
            SkipReason::Malformed {
                format: FORMAT,
                detail: json_error(&e),
            }
        })?;
    let kind = root
        .get("type")
        .and_then(Value::as_str)
        .ok_or_else(|| SkipReason::Malformed {
            format: FORMAT,
            detail: "not an `AmplifyCredential` value (no `type`)".into(),
        })?
        .to_owned();
    let with_identity = match kind.as_str() {
        "userPool" => false,
        "userAndIdentityPool" => true,
        "empty" | "identityPool" | "identityPoolFederated" => {
            return Err(SkipReason::NoUser {
                format: FORMAT,
                detail: format!("the stored credential is `{kind}`"),
            });
        }
        _ => {
            return Err(SkipReason::Malformed {
                format: FORMAT,
                detail: "an `AmplifyCredential` type this version does not know".into(),
            });
        }
    };
    let signed_in: SignedInData = decode(
        root.get("signedInData").cloned().unwrap_or(Value::Null),
        "signedInData",
    )?;
    let tokens = signed_in.cognito_user_pool_tokens;
    let mut found = Found {
        id_token: tokens.id_token.map(Token::secret),
        access_token: tokens.access_token.map(Token::secret),
        refresh_token: tokens.refresh_token.map(Token::secret),
        session_username: signed_in.username,
        ..Found::default()
    };
    if with_identity {
        let identity_id: String = decode(
            root.get("identityId").cloned().unwrap_or(Value::Null),
            "identityId",
        )?;
        let c: Option<Credentials> = decode(
            root.get("credentials").cloned().unwrap_or(Value::Null),
            "credentials",
        )?;
        found.identity = Some((identity_id, IdentityOwner::UserPool));
        found.credentials = c.and_then(|c| {
            Some(AwsCredentials {
                access_key_id: c.access_key_id?,
                secret_access_key: c.secret_access_key?,
                session_token: c.session_token?,
                expiration: unix_seconds(c.expiration? as f64, false),
            })
        });
    }
    let device_prefix = format!("{prefix}.");
    for (key, value) in entries {
        let Some(username) = key
            .strip_prefix(&device_prefix)
            .and_then(|k| k.strip_suffix(".deviceMetadata"))
            .filter(|u| !u.is_empty())
        else {
            continue;
        };
        match device(value) {
            Some(d) => {
                found.devices.insert(username.to_owned(), d);
            }
            None => tracing::info!("an Amplify Android device entry holds no device; not imported"),
        }
    }
    Ok(found)
}
