//! Amplify Swift v2 (`AWSCognitoAuthPlugin`): the Keychain items of its credential store.
//!
//! Service `com.amplify.awsCognitoAuthPlugin` (`…Shared` with an access group); accounts
//! `amplify.<userPoolId>[.<identityPoolId>].session` (the `AmplifyCredentials` enum) and
//! `amplify.<userPoolId>[.<identityPoolId>].<username>.deviceMetadata` (`DeviceMetadata`),
//! each `JSONEncoder` output: an enum case is an object with one key, the case name, whose
//! value holds the labelled associated values (an unlabelled one is `_0`); a `Date` is
//! seconds since 2001-01-01. Sources read: docs/migration.md.

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

const FORMAT: ImportFormat = ImportFormat::AmplifySwift;

/// `SignedInData`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SignedInData {
    /// `username` (`userName` in releases before 2.x's multi-user work).
    #[serde(alias = "userName")]
    username: Option<String>,
    #[serde(default)]
    device_metadata: Option<Value>,
    cognito_user_pool_tokens: Tokens,
    /// Set when the refresh token was rejected (the user must sign in again).
    #[serde(default)]
    is_refresh_token_expired: Option<bool>,
}

/// `AWSCognitoUserPoolTokens` (its deprecated `expiration` is ignored: the JWTs' `exp` rule).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Tokens {
    id_token: Option<Secret>,
    access_token: Option<Secret>,
    #[serde(default)]
    refresh_token: Option<Secret>,
}

/// `AuthAWSCognitoCredentials`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Credentials {
    access_key: String,
    secret_key: Secret,
    session_key: Secret,
    /// A `Date`: seconds since 2001-01-01.
    expiration: f64,
}

/// `DeviceMetadata.Data`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Device {
    device_key: String,
    device_group_key: String,
    device_secret: Secret,
}

fn decode<T: DeserializeOwned>(value: Value, what: &str) -> Result<T, SkipReason> {
    serde_json::from_value(value).map_err(|e| SkipReason::Malformed {
        format: FORMAT,
        detail: format!("{what}: {}", json_error(&e)),
    })
}

/// The remembered device of a `DeviceMetadata` value (`{"metadata":{"_0":{…}}}`), if any.
fn device(value: &Value) -> Option<DeviceSecrets> {
    let data = value.get("metadata")?.get("_0")?.clone();
    let d: Device = serde_json::from_value(data).ok()?;
    (!d.device_key.is_empty() && !d.device_group_key.is_empty() && !d.device_secret.is_empty())
        .then(|| DeviceSecrets {
            device_key: d.device_key,
            device_group_key: d.device_group_key,
            device_password: d.device_secret,
        })
}

pub(super) fn parse(
    items: &BTreeMap<String, Vec<u8>>,
    target: Target<'_>,
) -> Result<Found, SkipReason> {
    let prefix = amplify_session_key(items.keys().map(String::as_str), target, FORMAT)?;
    let bytes = &items[&format!("{prefix}.session")];
    let root: Value = serde_json::from_slice(bytes).map_err(|e| SkipReason::Malformed {
        format: FORMAT,
        detail: json_error(&e),
    })?;
    let (case, body) = match root.as_object().map(|o| o.iter().collect::<Vec<_>>()) {
        Some(fields) if fields.len() == 1 => (fields[0].0.clone(), fields[0].1.clone()),
        _ => {
            return Err(SkipReason::Malformed {
                format: FORMAT,
                detail: "not an `AmplifyCredentials` value (an object with one case)".into(),
            });
        }
    };
    let (signed_in, identity) = match case.as_str() {
        "userPoolOnly" => (body.get("signedInData").cloned(), None),
        "userPoolAndIdentityPool" => (body.get("signedInData").cloned(), Some(&body)),
        "identityPoolOnly" | "identityPoolWithFederation" | "noCredentials" => {
            return Err(SkipReason::NoUser {
                format: FORMAT,
                detail: format!("the stored credentials are `{case}`"),
            });
        }
        _ => {
            return Err(SkipReason::Malformed {
                format: FORMAT,
                detail: "an `AmplifyCredentials` case this version does not know".into(),
            });
        }
    };
    let signed_in: SignedInData = decode(
        signed_in.ok_or_else(|| SkipReason::Malformed {
            format: FORMAT,
            detail: format!("`{case}` without `signedInData`"),
        })?,
        "signedInData",
    )?;
    if signed_in.is_refresh_token_expired == Some(true) {
        return Err(SkipReason::NoUser {
            format: FORMAT,
            detail: "its refresh token was marked expired".into(),
        });
    }
    let mut found = Found {
        id_token: signed_in.cognito_user_pool_tokens.id_token,
        access_token: signed_in.cognito_user_pool_tokens.access_token,
        refresh_token: signed_in.cognito_user_pool_tokens.refresh_token,
        session_username: signed_in.username.clone(),
        ..Found::default()
    };
    if let Some(body) = identity {
        let identity_id: String = decode(
            body.get("identityID").cloned().unwrap_or(Value::Null),
            "identityID",
        )?;
        let c: Credentials = decode(
            body.get("credentials").cloned().unwrap_or(Value::Null),
            "credentials",
        )?;
        found.identity = Some((identity_id, IdentityOwner::UserPool));
        found.credentials = Some(AwsCredentials {
            access_key_id: c.access_key,
            secret_access_key: c.secret_key,
            session_token: c.session_key,
            expiration: unix_seconds(c.expiration, true),
        });
    }
    // The device items (they survive Amplify's sign-out), then the session's own.
    let device_prefix = format!("{prefix}.");
    for (key, bytes) in items {
        let Some(username) = key
            .strip_prefix(&device_prefix)
            .and_then(|k| k.strip_suffix(".deviceMetadata"))
            .filter(|u| !u.is_empty())
        else {
            continue;
        };
        match serde_json::from_slice::<Value>(bytes)
            .ok()
            .as_ref()
            .and_then(device)
        {
            Some(d) => {
                found.devices.insert(username.to_owned(), d);
            }
            None => tracing::info!("an Amplify Swift device item holds no device; not imported"),
        }
    }
    if let (Some(username), Some(d)) = (
        &signed_in.username,
        signed_in.device_metadata.as_ref().and_then(device),
    ) {
        found.devices.entry(username.clone()).or_insert(d);
    }
    Ok(found)
}
