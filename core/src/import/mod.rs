//! Importing the session another library left on the device, so an app that replaces Amplify
//! does not sign its users out (issue 17, part 2).
//!
//! One file per format, each turning what that library stored into a [`Found`] session:
//! [`amplify_swift`] (the Keychain items of Amplify Swift v2's Cognito plugin, as bytes),
//! [`amplify_android`] (the decrypted entries of Amplify Android v2's credential store) and
//! [`amplify_js`] (the `localStorage`-style entries of amplify-js v6 and
//! amazon-cognito-identity-js). The platform layers read the platform stores; the core only
//! parses, checks and stores. Key names, versions read and what is skipped:
//! `docs/migration.md`.
//!
//! The rules, the same for every format:
//! - an import happens once: when this library already stores a session (a user, an expired
//!   user or a federation) nothing is imported ([`SkipReason::SessionExists`]);
//! - a record of another configuration (user pool, app client, identity pool) or one that
//!   does not parse is skipped whole, with a [`SkipReason`]: never half-imported;
//! - the tokens must decode (ID token: `sub`, `cognito:username`, `exp`), carry a refresh
//!   token, and belong to this pool and client (`iss`, `aud` / `client_id`);
//! - the identity id, the AWS credentials still valid, and the remembered-device secrets
//!   come along (devices are `Record::Device` records, so they keep skipping MFA);
//! - the session is written through the session layer ([`AuthClient::complete_import`]): the
//!   revision and lock rules apply and [`AuthEvent::SignedIn`](crate::AuthEvent) is emitted;
//! - nothing of the other library's store is deleted (the app does that once it is happy).

mod amplify_android;
mod amplify_js;
mod amplify_swift;

use crate::client::AuthClient;
use crate::config::{IdentityPoolConfig, UserPoolConfig};
use crate::error::Result;
use crate::identity_pool::AwsCredentials;
use crate::secret::Secret;
use crate::session::{
    DeviceSecrets, IdentityOwner, IdentitySession, SignInMethod, StoredCredentials, UserPoolSession,
};
use crate::tokens::{Claims, UserPoolTokens};
use std::collections::BTreeMap;
use std::fmt;

/// The library whose session is imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportFormat {
    /// Amplify Swift v2 (`AWSCognitoAuthPlugin`): Keychain items.
    AmplifySwift,
    /// Amplify Android v2 (`aws-auth-cognito`): the credential store's shared preferences.
    AmplifyAndroid,
    /// amplify-js v6 or amazon-cognito-identity-js: `localStorage`-style entries.
    AmplifyJs,
}

impl fmt::Display for ImportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ImportFormat::AmplifySwift => "Amplify Swift",
            ImportFormat::AmplifyAndroid => "Amplify Android",
            ImportFormat::AmplifyJs => "amplify-js",
        })
    }
}

/// What another library stored, as the platform layer read it. Prints only its format and
/// how many entries it holds: the values are credentials.
#[derive(Clone)]
pub enum ImportSource {
    /// Amplify Swift v2: the Keychain items of service `com.amplify.awsCognitoAuthPlugin`
    /// (or `com.amplify.awsCognitoAuthPluginShared` with an access group), account → data.
    AmplifySwift {
        /// Item account (key) → item data.
        items: BTreeMap<String, Vec<u8>>,
    },
    /// Amplify Android v2: the decrypted entries of the encrypted shared preferences
    /// `com.amplify.credentialStore`, key → value.
    AmplifyAndroid {
        /// Preference key → decrypted value.
        entries: BTreeMap<String, String>,
    },
    /// amplify-js v6 / amazon-cognito-identity-js: the storage entries (`localStorage`, a
    /// cookie jar, a web view's storage), key → value.
    AmplifyJs {
        /// Storage key → value.
        entries: BTreeMap<String, String>,
    },
}

impl ImportSource {
    /// The library the entries come from.
    pub fn format(&self) -> ImportFormat {
        match self {
            ImportSource::AmplifySwift { .. } => ImportFormat::AmplifySwift,
            ImportSource::AmplifyAndroid { .. } => ImportFormat::AmplifyAndroid,
            ImportSource::AmplifyJs { .. } => ImportFormat::AmplifyJs,
        }
    }

    fn len(&self) -> usize {
        match self {
            ImportSource::AmplifySwift { items } => items.len(),
            ImportSource::AmplifyAndroid { entries } | ImportSource::AmplifyJs { entries } => {
                entries.len()
            }
        }
    }
}

impl fmt::Debug for ImportSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ImportSource")
            .field("format", &self.format())
            .field("entries", &self.len())
            .finish()
    }
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportOutcome {
    /// The session is now this library's: the user is signed in.
    Imported {
        /// What was imported.
        what: ImportedSession,
    },
    /// Nothing was stored.
    Skipped {
        /// Why.
        reason: SkipReason,
    },
}

/// The parts of an imported session (names and ids only, no secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedSession {
    /// The library it came from.
    pub format: ImportFormat,
    /// The user's name in the pool (`cognito:username`).
    pub username: String,
    /// The identity-pool identity id, when one was imported.
    pub identity_id: Option<String>,
    /// Whether AWS credentials still valid came along (else they are fetched at first use).
    pub aws_credentials: bool,
    /// The user names whose remembered-device secrets were imported.
    pub devices: Vec<String>,
}

/// Why nothing was imported. Each reads as a sentence and names no secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SkipReason {
    /// This library already stores a session; an import never replaces one.
    #[error("a session is already stored by this library; the {format} session was not imported")]
    SessionExists {
        /// The library whose session was offered.
        format: ImportFormat,
    },
    /// The entries hold no signed-in user of this configuration.
    #[error("no {format} session was found for this configuration")]
    NotFound {
        /// The library.
        format: ImportFormat,
    },
    /// The entries hold no user-pool user (signed out, guest or federated only, or marked
    /// expired).
    #[error("the {format} session has no signed-in user-pool user ({detail})")]
    NoUser {
        /// The library.
        format: ImportFormat,
        /// What was found instead.
        detail: String,
    },
    /// The session belongs to another configuration (user pool, app client or identity pool).
    #[error("the {format} session belongs to another configuration ({detail})")]
    OtherConfiguration {
        /// The library.
        format: ImportFormat,
        /// Which identifier differs (ids only).
        detail: String,
    },
    /// The record does not parse (not JSON of the library's shape, a token that is not a JWT,
    /// a missing claim).
    #[error("the {format} session could not be read ({detail})")]
    Malformed {
        /// The library.
        format: ImportFormat,
        /// What is wrong (never a value).
        detail: String,
    },
    /// The session has no refresh token, so it could not be kept fresh.
    #[error("the {format} session has no refresh token")]
    MissingRefreshToken {
        /// The library.
        format: ImportFormat,
    },
    /// This client has no user pool configured, so no user session can be imported.
    #[error("no user pool is configured, so the {format} session cannot be imported")]
    NoUserPool {
        /// The library.
        format: ImportFormat,
    },
}

/// The configuration a record must belong to.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Target<'a> {
    pub(crate) user_pool: &'a UserPoolConfig,
    pub(crate) identity_pool: Option<&'a IdentityPoolConfig>,
}

impl Target<'_> {
    /// The `iss` of this pool's tokens.
    fn issuer(&self) -> String {
        format!("https://{}", self.user_pool.identity_provider_name())
    }

    /// The `amplify.<userPoolId>[.<identityPoolId>]` prefixes under which Amplify Swift and
    /// Android keep this configuration's items, the exact one first.
    fn amplify_prefixes(&self) -> Vec<String> {
        let up = format!("amplify.{}", self.user_pool.pool_id);
        match self.identity_pool {
            Some(ip) => vec![format!("{up}.{}", ip.pool_id), up],
            None => vec![up],
        }
    }
}

/// A session as a format's parser found it, before the checks common to every format.
#[derive(Debug, Default)]
pub(crate) struct Found {
    pub(crate) id_token: Option<Secret>,
    pub(crate) access_token: Option<Secret>,
    pub(crate) refresh_token: Option<Secret>,
    /// The identity id and whose it is.
    pub(crate) identity: Option<(String, IdentityOwner)>,
    pub(crate) credentials: Option<AwsCredentials>,
    /// Remembered devices by the user name they were stored under.
    pub(crate) devices: BTreeMap<String, DeviceSecrets>,
    /// The user name the session's own device is stored under (added under the pool's user
    /// name too, as a sign-in stores it).
    pub(crate) session_username: Option<String>,
}

/// A checked session, ready to store.
#[derive(Debug)]
pub(crate) struct Checked {
    user: UserPoolSession,
    identity: Option<IdentitySession>,
    devices: BTreeMap<String, DeviceSecrets>,
}

/// Amplify Swift and Android name their session item `<prefix>.session`, with the prefix
/// naming the pools: the one of this configuration, or `OtherConfiguration` naming the pools
/// of the items found, or `NotFound`.
pub(crate) fn amplify_session_key<'k>(
    keys: impl Iterator<Item = &'k str> + Clone,
    target: Target<'_>,
    format: ImportFormat,
) -> std::result::Result<String, SkipReason> {
    for prefix in target.amplify_prefixes() {
        let key = format!("{prefix}.session");
        if keys.clone().any(|k| k == key) {
            return Ok(prefix);
        }
    }
    let others: Vec<&str> = keys
        .filter_map(|k| k.strip_prefix("amplify.")?.strip_suffix(".session"))
        .collect();
    if others.is_empty() {
        return Err(SkipReason::NotFound { format });
    }
    Err(SkipReason::OtherConfiguration {
        format,
        detail: format!(
            "stored for pools {}, this client uses {}",
            others.join(", "),
            target
                .amplify_prefixes()
                .first()
                .map_or("", |p| p.trim_start_matches("amplify."))
        ),
    })
}

/// A description of a JSON error that never quotes the input (serde's messages can).
pub(crate) fn json_error(e: &serde_json::Error) -> String {
    let message = e.to_string();
    if message.starts_with("missing field") {
        // Only a field name: "missing field `idToken` at line 1 column 40".
        return message;
    }
    format!(
        "not JSON of the expected shape ({:?} error at line {} column {})",
        e.classify(),
        e.line(),
        e.column()
    )
}

/// Decodes a JWT's claims, or says which token does not decode.
fn claims(
    token: &Secret,
    which: &str,
    format: ImportFormat,
) -> std::result::Result<Claims, SkipReason> {
    Claims::decode(token.expose()).map_err(|_| SkipReason::Malformed {
        format,
        detail: format!("the {which} is not a JWT"),
    })
}

/// The checks every format's session goes through.
pub(crate) fn check(
    found: Found,
    target: Target<'_>,
    format: ImportFormat,
    now: i64,
) -> std::result::Result<Checked, SkipReason> {
    let malformed = |detail: &str| SkipReason::Malformed {
        format,
        detail: detail.to_owned(),
    };
    let id_token = found
        .id_token
        .filter(|t| !t.is_empty())
        .ok_or_else(|| malformed("no ID token"))?;
    let access_token = found
        .access_token
        .filter(|t| !t.is_empty())
        .ok_or_else(|| malformed("no access token"))?;
    let refresh_token = found
        .refresh_token
        .filter(|t| !t.is_empty())
        .ok_or(SkipReason::MissingRefreshToken { format })?;
    let id = claims(&id_token, "ID token", format)?;
    let access = claims(&access_token, "access token", format)?;
    let sub = id
        .sub()
        .ok_or_else(|| malformed("the ID token has no `sub`"))?;
    let username = id
        .str("cognito:username")
        .ok_or_else(|| malformed("the ID token has no `cognito:username`"))?;
    let id_exp = id
        .exp()
        .ok_or_else(|| malformed("the ID token has no `exp`"))?;
    let issuer = target.issuer();
    for (which, claims) in [("ID token", &id), ("access token", &access)] {
        match claims.str("iss") {
            Some(iss) if iss == issuer => {}
            Some(iss) => {
                return Err(SkipReason::OtherConfiguration {
                    format,
                    detail: format!("the {which} was issued by {iss}, this client uses {issuer}"),
                });
            }
            None => return Err(malformed(&format!("the {which} has no `iss`"))),
        }
    }
    let client_id = &target.user_pool.client_id;
    for (which, claim, claims) in [
        ("ID token", "aud", &id),
        ("access token", "client_id", &access),
    ] {
        match claims.str(claim) {
            Some(c) if c == client_id => {}
            Some(c) => {
                return Err(SkipReason::OtherConfiguration {
                    format,
                    detail: format!(
                        "the {which} was issued to app client {c}, this client uses {client_id}"
                    ),
                });
            }
            None => return Err(malformed(&format!("the {which} has no `{claim}`"))),
        }
    }
    if access.sub().is_some_and(|s| s != sub) {
        return Err(malformed("the ID and access tokens name different users"));
    }
    let expires_at = access.exp().map_or(id_exp, |a| a.min(id_exp));
    let user = UserPoolSession {
        username: username.to_owned(),
        sub: sub.to_owned(),
        tokens: UserPoolTokens {
            id_token,
            access_token,
            refresh_token: Some(refresh_token),
            expires_at,
        },
        // Refreshed and revoked through the user-pool API, which serves hosted-UI sessions
        // too (docs/migration.md: the browser's cookie session is not ended at sign-out).
        method: SignInMethod::UserPool,
    };
    let identity = match (found.identity, target.identity_pool) {
        (Some((identity_id, owner)), Some(pool)) => {
            let region = identity_id.split_once(':').map(|(r, _)| r);
            if region != Some(pool.region.as_str()) {
                return Err(SkipReason::OtherConfiguration {
                    format,
                    detail: format!(
                        "the identity id is not of the identity pool's region {}",
                        pool.region
                    ),
                });
            }
            let credentials = found
                .credentials
                .filter(|c| c.expiration > now && !c.access_key_id.is_empty())
                .map(|credentials| StoredCredentials {
                    credentials,
                    received_at: now,
                });
            Some(IdentitySession {
                identity_id,
                owner,
                credentials,
            })
        }
        // No identity pool here: the identity means nothing to this client.
        _ => None,
    };
    let mut devices = found.devices;
    if let Some(stored_as) = &found.session_username
        && stored_as != username
        && let Some(device) = devices.get(stored_as).cloned()
    {
        devices.entry(username.to_owned()).or_insert(device);
    }
    Ok(Checked {
        user,
        identity,
        devices,
    })
}

/// Amplify stores dates and expirations in several units; seconds since the Unix epoch.
pub(crate) fn unix_seconds(value: f64, since_2001: bool) -> i64 {
    if since_2001 {
        // Foundation's `Date` encodes as seconds since 2001-01-01 (JSONEncoder's default).
        return value as i64 + 978_307_200;
    }
    let v = value as i64;
    // Milliseconds (past 5138 in seconds) are brought back to seconds.
    if v > 100_000_000_000 { v / 1000 } else { v }
}

impl AuthClient {
    /// Imports the session another library (Amplify Swift, Amplify Android, amplify-js)
    /// stored on this device, once: the user is then signed in here, with their identity id
    /// and remembered devices. Nothing is imported when this library already has a session,
    /// or when the record belongs to another configuration or does not parse: the outcome is
    /// [`ImportOutcome::Skipped`] with the reason. Nothing of the other library is deleted.
    ///
    /// Errors: only the store's (the session could not be read or written).
    pub async fn import_session(&self, source: ImportSource) -> Result<ImportOutcome> {
        self.bounded(self.import_session_inner(source)).await
    }

    async fn import_session_inner(&self, source: ImportSource) -> Result<ImportOutcome> {
        let format = source.format();
        let skipped = |reason| Ok(ImportOutcome::Skipped { reason });
        let Some(user_pool) = self.config().user_pool.as_ref() else {
            return skipped(SkipReason::NoUserPool { format });
        };
        let target = Target {
            user_pool,
            identity_pool: self.config().identity_pool.as_ref(),
        };
        if self.session_stored().await? {
            return skipped(SkipReason::SessionExists { format });
        }
        let found = match &source {
            ImportSource::AmplifySwift { items } => amplify_swift::parse(items, target),
            ImportSource::AmplifyAndroid { entries } => amplify_android::parse(entries, target),
            ImportSource::AmplifyJs { entries } => amplify_js::parse(entries, target),
        };
        let now = self.clock().now_unix();
        let checked = match found.and_then(|f| check(f, target, format, now)) {
            Ok(c) => c,
            Err(reason) => {
                tracing::info!(%reason, "session import skipped");
                return skipped(reason);
            }
        };
        self.store_checked(checked, format).await
    }

    /// Devices first (only users this library has none for), then the session; a session
    /// that cannot be stored takes the devices just written with it.
    async fn store_checked(&self, checked: Checked, format: ImportFormat) -> Result<ImportOutcome> {
        let mut written = Vec::new();
        for (username, secrets) in &checked.devices {
            if self.device_secrets(username).await?.is_some() {
                continue;
            }
            if let Err(e) = self.set_device_secrets(username, Some(secrets)).await {
                self.forget_devices(&written).await;
                return Err(e);
            }
            written.push(username.clone());
        }
        let what = ImportedSession {
            format,
            username: checked.user.username.clone(),
            identity_id: checked.identity.as_ref().map(|i| i.identity_id.clone()),
            aws_credentials: checked
                .identity
                .as_ref()
                .is_some_and(|i| i.credentials.is_some()),
            devices: written.clone(),
        };
        match self.complete_import(checked.user, checked.identity).await {
            Ok(true) => {
                tracing::info!(%format, "session imported");
                Ok(ImportOutcome::Imported { what })
            }
            Ok(false) => {
                self.forget_devices(&written).await;
                Ok(ImportOutcome::Skipped {
                    reason: SkipReason::SessionExists { format },
                })
            }
            Err(e) => {
                self.forget_devices(&written).await;
                Err(e)
            }
        }
    }

    async fn forget_devices(&self, usernames: &[String]) {
        for username in usernames {
            if let Err(e) = self.set_device_secrets(username, None).await {
                tracing::warn!(error = %e, "could not remove an imported device after a failed import");
            }
        }
    }
}

#[cfg(test)]
mod tests;
