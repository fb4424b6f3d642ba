//! Importing the session Amplify (Swift, Android, JS) left on the device, once, so an app that
//! replaces Amplify does not sign its users out. The core parses and checks
//! (`core/src/import/`, `docs/migration.md`); the platform layers read the platform stores and
//! hand the entries over as an [`ImportSource`].
//!
//! The source is an object, not an enum of maps: its values are credentials, and a UniFFI
//! enum becomes a Kotlin data class / Swift enum that prints every field. The object prints
//! only its format and how many entries it holds. Outcomes and reasons are the core's own
//! types (names and ids only, never a secret), declared here with `#[uniffi::remote]`.

use crate::client::AuthClient;
use crate::error::AuthError;
use crate::runtime;
use cognito_auth as core;
use cognito_auth::{ImportFormat, ImportOutcome, ImportedSession, SkipReason};
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

/// What another library stored, as the platform layer read it. Prints only its format and
/// entry count: the values are credentials.
#[derive(uniffi::Object)]
#[uniffi::export(Debug)]
pub struct ImportSource(core::ImportSource);

impl fmt::Debug for ImportSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The core's Debug prints the format and the number of entries.
        fmt::Debug::fmt(&self.0, f)
    }
}

#[uniffi::export]
impl ImportSource {
    /// Amplify Swift v2: the Keychain items of service `com.amplify.awsCognitoAuthPlugin`
    /// (or `com.amplify.awsCognitoAuthPluginShared` with an access group), account → data.
    #[uniffi::constructor]
    pub fn amplify_swift(items: HashMap<String, Vec<u8>>) -> Arc<Self> {
        Arc::new(Self(core::ImportSource::AmplifySwift {
            items: items.into_iter().collect(),
        }))
    }

    /// Amplify Android v2: the decrypted entries of the encrypted shared preferences
    /// `com.amplify.credentialStore`, key → value.
    #[uniffi::constructor]
    pub fn amplify_android(entries: HashMap<String, String>) -> Arc<Self> {
        Arc::new(Self(core::ImportSource::AmplifyAndroid {
            entries: entries.into_iter().collect(),
        }))
    }

    /// amplify-js v6 / amazon-cognito-identity-js: the storage entries (`localStorage`, a
    /// web view's storage), key → value.
    #[uniffi::constructor]
    pub fn amplify_js(entries: HashMap<String, String>) -> Arc<Self> {
        Arc::new(Self(core::ImportSource::AmplifyJs {
            entries: entries.into_iter().collect(),
        }))
    }

    /// The library the entries come from.
    pub fn format(&self) -> ImportFormat {
        self.0.format()
    }
}

/// The library whose session is imported.
#[uniffi::remote(Enum)]
pub enum ImportFormat {
    /// Amplify Swift v2 (`AWSCognitoAuthPlugin`): Keychain items.
    AmplifySwift,
    /// Amplify Android v2 (`aws-auth-cognito`): the credential store's shared preferences.
    AmplifyAndroid,
    /// amplify-js v6 or amazon-cognito-identity-js: `localStorage`-style entries.
    AmplifyJs,
}

/// What an import did.
#[uniffi::remote(Enum)]
pub enum ImportOutcome {
    /// The session is now this library's: the user is signed in.
    Imported {
        /// What was imported.
        what: ImportedSession,
    },
    /// Nothing was stored.
    Skipped {
        /// Why ([`skip_reason_message`] reads it as a sentence).
        reason: SkipReason,
    },
}

/// The parts of an imported session (names and ids only, no secret).
#[uniffi::remote(Record)]
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

/// Why nothing was imported (names and ids only, never a secret); [`skip_reason_message`]
/// gives it as a sentence.
#[uniffi::remote(Enum)]
#[non_exhaustive]
pub enum SkipReason {
    /// This library already stores a session; an import never replaces one.
    SessionExists {
        /// The library whose session was offered.
        format: ImportFormat,
    },
    /// The entries hold no signed-in user of this configuration.
    NotFound {
        /// The library.
        format: ImportFormat,
    },
    /// The entries hold no user-pool user (signed out, guest or federated only, or marked
    /// expired).
    NoUser {
        /// The library.
        format: ImportFormat,
        /// What was found instead.
        detail: String,
    },
    /// The session belongs to another configuration (user pool, app client or identity pool).
    OtherConfiguration {
        /// The library.
        format: ImportFormat,
        /// Which identifier differs (ids only).
        detail: String,
    },
    /// The record does not parse.
    Malformed {
        /// The library.
        format: ImportFormat,
        /// What is wrong (never a value).
        detail: String,
    },
    /// The session has no refresh token, so it could not be kept fresh.
    MissingRefreshToken {
        /// The library.
        format: ImportFormat,
    },
    /// This client has no user pool configured, so no user session can be imported.
    NoUserPool {
        /// The library.
        format: ImportFormat,
    },
}

/// The reason as one sentence ("no Amplify Android session was found for this
/// configuration"). Kotlin and Swift read it as `reason.message`.
#[uniffi::export]
pub fn skip_reason_message(reason: SkipReason) -> String {
    reason.to_string()
}

#[uniffi::export]
impl AuthClient {
    /// Imports the session another library (Amplify Swift, Amplify Android, amplify-js)
    /// stored on this device, once: the user is then signed in here, with their identity id
    /// and remembered devices. `Skipped` with the reason when this library already has a
    /// session, or when the record belongs to another configuration or does not parse.
    /// Nothing of the other library is deleted. Safe to call at every launch.
    ///
    /// Errors: only the store's (the session could not be read or written).
    pub async fn import_session(
        &self,
        source: Arc<ImportSource>,
    ) -> Result<ImportOutcome, AuthError> {
        runtime::guard_async(async { Ok(self.core.import_session(source.0.clone()).await?) }).await
    }
}
