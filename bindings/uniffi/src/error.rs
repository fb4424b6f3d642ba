//! The one public error of the bindings. Kotlin sees `AuthException`, Swift `AuthError`.
//!
//! Variant names are the core's [`cognito_auth::AuthError::kind`] names (the CLI's error
//! kinds), so an app, the CLI and the logs all say `InvalidPassword` for the same thing. Each
//! variant carries the core's message as `reason` (Kotlin reserves `message` on exceptions).
//! The core's tuple variants cannot cross as they are (the Kotlin and Swift code reads
//! `reason`), so [`auth_error!`] generates this enum and both conversions from one list: a
//! new core variant that only carries a message is one line here. `Display`, `kind()` and
//! `is_transient()` are the core's own, through the conversion.

use cognito_auth::{AuthError as Core, ConfigError, StorageError};
use std::fmt;

/// Why a secure-storage operation failed (the core's `StorageError` kinds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum StorageFailure {
    /// The store cannot be used right now (I/O error, device locked); try again later.
    Unavailable,
    /// What is stored cannot be read back (corrupt, tampered, unknown schema).
    Corrupt,
    /// The store lost its contents (e.g. its key was invalidated); sign in again.
    Reset,
    /// The app may not use the store (e.g. a missing keychain entitlement).
    AccessDenied,
}

/// Builds [`AuthError`] and the conversions of its message-only variants from one list, in
/// order. An entry is one of:
///
/// - `Name,`: the core's `Name(String)`, crossing as `Name { reason }`;
/// - `#[reason = "doc"] Name,`: the same, with its own doc for `reason`;
/// - `Name { fields },`: a variant whose conversions are written out below (`special`).
macro_rules! auth_error {
    (@munch [$($variants:tt)*] [$($from_core:tt)*] [$($to_core:tt)*]
        $(#[doc = $doc:literal])* #[reason = $reason_doc:literal] $name:ident, $($rest:tt)*) => {
        auth_error!(@munch
            [$($variants)* $(#[doc = $doc])* $name { #[doc = $reason_doc] reason: String },]
            [$($from_core)* Core::$name(reason) => AuthError::$name { reason },]
            [$($to_core)* AuthError::$name { reason } => Core::$name(reason),]
            $($rest)*);
    };
    (@munch [$($variants:tt)*] [$($from_core:tt)*] [$($to_core:tt)*]
        $(#[doc = $doc:literal])* $name:ident, $($rest:tt)*) => {
        auth_error!(@munch [$($variants)*] [$($from_core)*] [$($to_core)*]
            $(#[doc = $doc])* #[reason = "The service's message."] $name, $($rest)*);
    };
    (@munch [$($variants:tt)*] [$($from_core:tt)*] [$($to_core:tt)*]
        $(#[doc = $doc:literal])* $name:ident { $($fields:tt)* }, $($rest:tt)*) => {
        auth_error!(@munch [$($variants)* $(#[doc = $doc])* $name { $($fields)* },]
            [$($from_core)*] [$($to_core)*] $($rest)*);
    };
    (@munch [$($variants:tt)*] [$($from_core:tt)*] [$($to_core:tt)*]) => {
        /// Why an operation failed.
        #[derive(Debug, Clone, PartialEq, Eq, uniffi::Error)]
        #[uniffi::export(Display)]
        pub enum AuthError { $($variants)* }

        /// The core's message-only variants; anything else comes back as it was.
        fn simple_from_core(e: Core) -> Result<AuthError, Core> {
            Ok(match e {
                $($from_core)*
                other => return Err(other),
            })
        }

        fn simple_to_core(e: AuthError) -> Result<Core, AuthError> {
            Ok(match e {
                $($to_core)*
                other => return Err(other),
            })
        }
    };
    ($($entries:tt)*) => { auth_error!(@munch [] [] [] $($entries)*); };
}

auth_error! {
    /// The configuration is missing something or malformed.
    Configuration {
        /// What is wrong, naming the key.
        reason: String,
    },
    /// The call does not fit the current state (sign-in while signed in, …).
    #[reason = "Details."]
    InvalidState,
    /// Wrong credentials, disabled user, revoked or expired token, or an action not allowed.
    NotAuthorized,
    /// No such user.
    UserNotFound,
    /// The user has not confirmed the sign-up yet.
    UserNotConfirmed,
    /// The user name is taken.
    UsernameExists,
    /// The email or phone number is already used by another user.
    AliasExists,
    /// The confirmation or MFA code is wrong.
    CodeMismatch,
    /// The code has expired.
    ExpiredCode,
    /// The code could not be sent.
    CodeDeliveryFailure,
    /// The password does not meet the pool's policy.
    InvalidPassword,
    /// An administrator requires a password reset before sign-in.
    PasswordResetRequired,
    /// The new password was used before.
    PasswordHistoryPolicyViolation,
    /// A parameter is missing or malformed.
    InvalidParameter,
    /// A limit was reached (codes sent, attempts); not worth retrying now.
    LimitExceeded,
    /// Throttled, and still throttled after the retries.
    TooManyRequests,
    /// Too many wrong answers.
    TooManyFailedAttempts,
    /// The requested MFA method is not set up.
    MfaMethodNotFound,
    /// No TOTP authenticator is associated.
    SoftwareTokenMfaNotFound,
    /// The TOTP code did not verify during set-up.
    EnableSoftwareTokenMfa,
    /// A pool, client, identity or device does not exist.
    ResourceNotFound,
    /// A Lambda trigger failed or rejected the request.
    Lambda {
        /// Exception name.
        name: String,
        /// The service's message.
        reason: String,
    },
    /// The pool or identity pool is misconfigured on the server side.
    PoolConfiguration {
        /// Exception name.
        name: String,
        /// The service's message.
        reason: String,
    },
    /// Blocked by AWS WAF.
    Forbidden,
    /// The pool or client does not support this operation.
    UnsupportedOperation,
    /// Another change to the same resource is in progress.
    ConcurrentModification,
    /// An external identity provider failed (identity pools).
    ExternalService,
    /// A conflicting identity exists (identity pools).
    ResourceConflict,
    /// The refresh token was rejected: the user must sign in again.
    #[reason = "Details."]
    SessionExpired,
    /// No user is signed in.
    #[reason = "Details."]
    SignedOut,
    /// No answer from the service (offline, refused, reset, timed out). Nothing changed
    /// locally; try again when connectivity returns.
    #[reason = "What failed."]
    Network,
    /// The service answered with an error this library does not know, or failed (5xx).
    Service {
        /// Exception name, or `HTTP <status>`.
        name: String,
        /// The service's message.
        reason: String,
        /// HTTP status.
        status: u16,
    },
    /// The service's answer is not what the protocol promises (HTML, truncated, malformed).
    #[reason = "What was wrong with it."]
    InvalidResponse,
    /// Secure storage failed (including an app-provided `SecureStorage` that threw).
    Storage {
        /// The kind of storage failure: whether to retry or sign in again.
        failure: StorageFailure,
        /// Details.
        reason: String,
    },
    /// The user cancelled (hosted UI).
    #[reason = "Details."]
    Cancelled,
    /// The feature is not available on this platform or build.
    #[reason = "Details."]
    NotSupported,
    /// A bug in this library (a panic is reported here too); please report it.
    #[reason = "Details."]
    Internal,
}

impl From<Core> for AuthError {
    fn from(e: Core) -> Self {
        match simple_from_core(e) {
            Ok(simple) => simple,
            Err(Core::Configuration(c)) => Self::Configuration {
                reason: c.to_string(),
            },
            Err(Core::Lambda { name, message }) => Self::Lambda {
                name,
                reason: message,
            },
            Err(Core::PoolConfiguration { name, message }) => Self::PoolConfiguration {
                name,
                reason: message,
            },
            Err(Core::Service {
                name,
                message,
                status,
            }) => Self::Service {
                name,
                reason: message,
                status,
            },
            Err(Core::Storage(s)) => s.into(),
            // The core's error is #[non_exhaustive]: a variant added there without one here
            // still crosses the FFI, named, and the tests below fail until it gets its own.
            Err(other) => Self::Internal {
                reason: format!("{}: {other}", other.kind()),
            },
        }
    }
}

/// What a Kotlin/Swift callback's error (a presenter's cancel, …) means to the core: the same
/// kind with the same reason, so `Cancelled` stays `Cancelled` on its way back to the caller.
impl From<AuthError> for Core {
    fn from(e: AuthError) -> Self {
        match simple_to_core(e) {
            Ok(simple) => simple,
            Err(AuthError::Configuration { reason }) => Core::Configuration(ConfigError::Invalid {
                key: "callback".into(),
                reason,
            }),
            Err(AuthError::Lambda { name, reason }) => Core::Lambda {
                name,
                message: reason,
            },
            Err(AuthError::PoolConfiguration { name, reason }) => Core::PoolConfiguration {
                name,
                message: reason,
            },
            Err(AuthError::Service {
                name,
                reason,
                status,
            }) => Core::Service {
                name,
                message: reason,
                status,
            },
            Err(e @ AuthError::Storage { .. }) => Core::Storage(e.into()),
            // Not reached: every other variant is a message-only one, converted above.
            Err(other) => Core::Internal(format!("{other:?}")),
        }
    }
}

/// The core's text (`not authorized: …`); a configuration error keeps the text it had.
impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Configuration { reason } => f.write_str(reason),
            other => fmt::Display::fmt(&Core::from(other.clone()), f),
        }
    }
}

impl std::error::Error for AuthError {}

#[uniffi::export]
impl AuthError {
    /// The variant's name, as in the CLI's `{"error":{"kind":…}}` (`InvalidPassword`, …).
    pub fn kind(&self) -> String {
        Core::from(self.clone()).kind().to_owned()
    }

    /// Whether the failure is transient (network, throttling, 5xx): nothing was decided and
    /// the same call may succeed later.
    pub fn is_transient(&self) -> bool {
        Core::from(self.clone()).is_transient()
    }

    /// What the user or the app can do about it, as a sentence (Amplify's
    /// `recoverySuggestion`), or `null`/`nil` when nothing better than "try again" is known.
    /// The text is the core's, so every binding says the same.
    pub fn recovery_suggestion(&self) -> Option<String> {
        Core::from(self.clone())
            .recovery_suggestion()
            .map(str::to_owned)
    }
}

impl From<StorageError> for AuthError {
    fn from(e: StorageError) -> Self {
        let (failure, reason) = match e {
            StorageError::Unavailable(r) => (StorageFailure::Unavailable, r),
            StorageError::Corrupt(r) => (StorageFailure::Corrupt, r),
            StorageError::Reset(r) => (StorageFailure::Reset, r),
            StorageError::AccessDenied(r) => (StorageFailure::AccessDenied, r),
            other => (StorageFailure::Unavailable, other.to_string()),
        };
        Self::Storage { failure, reason }
    }
}

/// What a storage implementation's error means to the core: a `Storage` error keeps its
/// kind; anything else an app's store throws counts as "unavailable, try again".
impl From<AuthError> for StorageError {
    fn from(e: AuthError) -> Self {
        match e {
            AuthError::Storage { failure, reason } => match failure {
                StorageFailure::Unavailable => Self::Unavailable(reason),
                StorageFailure::Corrupt => Self::Corrupt(reason),
                StorageFailure::Reset => Self::Reset(reason),
                StorageFailure::AccessDenied => Self::AccessDenied(reason),
            },
            other => Self::Unavailable(other.to_string()),
        }
    }
}

/// An exception a Kotlin/Swift callback threw that is not an `AuthException`/`AuthError`.
impl From<uniffi::UnexpectedUniFFICallbackError> for AuthError {
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> Self {
        Self::Internal {
            reason: format!("callback failed: {}", e.reason),
        }
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use cognito_auth::ConfigError;

    /// One value of every core variant; keep in step with `cognito_auth::AuthError`.
    fn every_core_error() -> Vec<Core> {
        let s = || "m".to_owned();
        vec![
            Core::Configuration(ConfigError::UnknownFormat),
            Core::InvalidState(s()),
            Core::NotAuthorized(s()),
            Core::UserNotFound(s()),
            Core::UserNotConfirmed(s()),
            Core::UsernameExists(s()),
            Core::AliasExists(s()),
            Core::CodeMismatch(s()),
            Core::ExpiredCode(s()),
            Core::CodeDeliveryFailure(s()),
            Core::InvalidPassword(s()),
            Core::PasswordResetRequired(s()),
            Core::PasswordHistoryPolicyViolation(s()),
            Core::InvalidParameter(s()),
            Core::LimitExceeded(s()),
            Core::TooManyRequests(s()),
            Core::TooManyFailedAttempts(s()),
            Core::MfaMethodNotFound(s()),
            Core::SoftwareTokenMfaNotFound(s()),
            Core::EnableSoftwareTokenMfa(s()),
            Core::ResourceNotFound(s()),
            Core::Lambda {
                name: "UserLambdaValidationException".into(),
                message: s(),
            },
            Core::PoolConfiguration {
                name: "InvalidUserPoolConfigurationException".into(),
                message: s(),
            },
            Core::Forbidden(s()),
            Core::UnsupportedOperation(s()),
            Core::ConcurrentModification(s()),
            Core::ExternalService(s()),
            Core::ResourceConflict(s()),
            Core::SessionExpired(s()),
            Core::SignedOut(s()),
            Core::Network(s()),
            Core::Service {
                name: "X".into(),
                message: s(),
                status: 500,
            },
            Core::InvalidResponse(s()),
            Core::Storage(StorageError::Reset(s())),
            Core::Cancelled(s()),
            Core::NotSupported(s()),
            Core::Internal(s()),
        ]
    }

    #[test]
    fn variant_names_are_the_core_kinds_and_messages_survive() {
        for core in every_core_error() {
            let (kind, text, transient) = (core.kind(), core.to_string(), core.is_transient());
            let ffi = AuthError::from(core);
            assert_eq!(ffi.kind(), kind);
            assert_eq!(ffi.to_string(), text);
            assert_eq!(ffi.is_transient(), transient, "{kind}");
        }
        let network = AuthError::Network {
            reason: "timed out".into(),
        };
        assert!(network.is_transient());
        let ffi = AuthError::from(Core::Configuration(ConfigError::Missing {
            key: "auth.user_pool_id".into(),
        }));
        assert_eq!(
            ffi.to_string(),
            "missing configuration key `auth.user_pool_id`"
        );
    }

    #[test]
    fn a_callback_error_reaches_the_core_with_its_kind_and_text() {
        for core in every_core_error() {
            let (kind, text) = (core.kind(), core.to_string());
            let back = Core::from(AuthError::from(core));
            assert_eq!(back.kind(), kind);
            if kind != "Configuration" {
                assert_eq!(back.to_string(), text);
            }
        }
        let cancelled = Core::from(AuthError::Cancelled {
            reason: "user closed the page".into(),
        });
        assert!(matches!(cancelled, Core::Cancelled(ref r) if r == "user closed the page"));
    }

    #[test]
    fn recovery_suggestions_are_the_cores() {
        for core in every_core_error() {
            let want = core.recovery_suggestion().map(str::to_owned);
            assert_eq!(AuthError::from(core).recovery_suggestion(), want);
        }
        let e = AuthError::NotAuthorized {
            reason: "Incorrect username or password.".into(),
        };
        assert_eq!(
            e.recovery_suggestion().as_deref(),
            Some("Check the user name and password, or sign in again.")
        );
    }

    #[test]
    fn storage_kinds_round_trip_through_the_foreign_error() {
        for e in [
            StorageError::Unavailable("a".into()),
            StorageError::Corrupt("b".into()),
            StorageError::Reset("c".into()),
            StorageError::AccessDenied("d".into()),
        ] {
            assert_eq!(StorageError::from(AuthError::from(e.clone())), e);
        }
        let thrown = AuthError::from(uniffi::UnexpectedUniFFICallbackError::new(
            "java.io.IOException: disk full",
        ));
        assert_eq!(thrown.kind(), "Internal");
        assert_eq!(
            StorageError::from(thrown),
            StorageError::Unavailable(
                "internal error: callback failed: java.io.IOException: disk full".into()
            )
        );
    }
}
