//! amplify-js v6 (`DefaultTokenStore`, `DefaultIdentityIdStore`) and
//! amazon-cognito-identity-js (`CognitoUser`'s cache): plain key → string entries.
//!
//! - `CognitoIdentityServiceProvider.<clientId>.LastAuthUser` → the user name `<u>`;
//! - `CognitoIdentityServiceProvider.<clientId>.<u>.idToken|accessToken|refreshToken`;
//! - `CognitoIdentityServiceProvider.<clientId>.<u>.deviceKey|deviceGroupKey|randomPasswordKey`
//!   (kept across sign-outs, so present for other users too);
//! - the identity id: `com.amplify.Cognito.<identityPoolId>.identityId` (v6; only a guest
//!   identity is persisted there), `CognitoIdentityId-<identityPoolId>` (v5's `Credentials`)
//!   or `aws.cognito.identity-id.<identityPoolId>` (the AWS SDK v2's
//!   `CognitoIdentityCredentials`, used with amazon-cognito-identity-js).
//!
//! `clockDrift`, `signInDetails`, `oidcProvider` and `userData` are not needed (the clock
//! learns the skew from the server). Sources read: docs/migration.md.

use super::{Found, ImportFormat, SkipReason, Target};
use crate::secret::Secret;
use crate::session::{DeviceSecrets, IdentityOwner};
use std::collections::BTreeMap;

const FORMAT: ImportFormat = ImportFormat::AmplifyJs;
const PREFIX: &str = "CognitoIdentityServiceProvider.";

pub(super) fn parse(
    entries: &BTreeMap<String, String>,
    target: Target<'_>,
) -> Result<Found, SkipReason> {
    let client_id = &target.user_pool.client_id;
    let client_prefix = format!("{PREFIX}{client_id}.");
    let last_user = entries
        .get(&format!("{client_prefix}LastAuthUser"))
        .filter(|u| !u.is_empty());
    let Some(username) = last_user else {
        let others: Vec<&str> = entries
            .keys()
            .filter_map(|k| k.strip_prefix(PREFIX)?.strip_suffix(".LastAuthUser"))
            .filter(|c| c != client_id)
            .collect();
        if others.is_empty() {
            return Err(SkipReason::NotFound { format: FORMAT });
        }
        return Err(SkipReason::OtherConfiguration {
            format: FORMAT,
            detail: format!(
                "stored for app client {}, this client uses {client_id}",
                others.join(", ")
            ),
        });
    };
    let user_prefix = format!("{client_prefix}{username}.");
    let get = |name: &str| {
        entries
            .get(&format!("{user_prefix}{name}"))
            .filter(|v| !v.is_empty())
            .map(|v| Secret::new(v.as_str()))
    };
    let access_token = get("accessToken").ok_or_else(|| SkipReason::NoUser {
        format: FORMAT,
        detail: "no tokens are stored for the last user".into(),
    })?;
    let mut found = Found {
        id_token: get("idToken"),
        access_token: Some(access_token),
        refresh_token: get("refreshToken"),
        session_username: Some(username.clone()),
        ..Found::default()
    };
    if let Some(pool) = target.identity_pool {
        let id = &pool.pool_id;
        found.identity = [
            (
                format!("com.amplify.Cognito.{id}.identityId"),
                IdentityOwner::Guest,
            ),
            (format!("CognitoIdentityId-{id}"), IdentityOwner::UserPool),
            (
                format!("aws.cognito.identity-id.{id}"),
                IdentityOwner::UserPool,
            ),
        ]
        .into_iter()
        .find_map(|(key, owner)| {
            let v = entries.get(&key).filter(|v| !v.is_empty())?;
            Some((v.clone(), owner))
        });
    }
    // Every user whose device this client remembered.
    for key in entries.keys() {
        let Some(user) = key
            .strip_prefix(&client_prefix)
            .and_then(|k| k.strip_suffix(".deviceKey"))
            .filter(|u| !u.is_empty())
        else {
            continue;
        };
        let field = |name: &str| {
            entries
                .get(&format!("{client_prefix}{user}.{name}"))
                .filter(|v| !v.is_empty())
        };
        match (
            field("deviceKey"),
            field("deviceGroupKey"),
            field("randomPasswordKey"),
        ) {
            (Some(key), Some(group), Some(password)) => {
                found.devices.insert(
                    user.to_owned(),
                    DeviceSecrets {
                        device_key: key.clone(),
                        device_group_key: group.clone(),
                        device_password: Secret::new(password.as_str()),
                    },
                );
            }
            _ => tracing::info!("an incomplete amplify-js device record was not imported"),
        }
    }
    Ok(found)
}
