//! The one public error of the bindings. Kotlin sees `AuthException`, Swift `AuthError`.
//!
//! Variant names are the core's [`cognito_auth::AuthError::kind`] names (the CLI's error
//! kinds), so an app, the CLI and the logs all say `InvalidPassword` for the same thing. Each
//! variant carries the core's message as `reason` (Kotlin reserves `message` on exceptions);
//! `Display` is exported so `toString()` / `description` read like the core's errors.

use cognito_auth::{AuthError as Core, StorageError};

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

/// Why an operation failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
#[uniffi::export(Display)]
pub enum AuthError {
    /// The configuration is missing something or malformed.
    #[error("{reason}")]
    Configuration {
        /// What is wrong, naming the key.
        reason: String,
    },
    /// The call does not fit the current state (sign-in while signed in, …).
    #[error("invalid state: {reason}")]
    InvalidState {
        /// Details.
        reason: String,
    },
    /// Wrong credentials, disabled user, revoked or expired token, or an action not allowed.
    #[error("not authorized: {reason}")]
    NotAuthorized {
        /// The service's message.
        reason: String,
    },
    /// No such user.
    #[error("user not found: {reason}")]
    UserNotFound {
        /// The service's message.
        reason: String,
    },
    /// The user has not confirmed the sign-up yet.
    #[error("user not confirmed: {reason}")]
    UserNotConfirmed {
        /// The service's message.
        reason: String,
    },
    /// The user name is taken.
    #[error("username exists: {reason}")]
    UsernameExists {
        /// The service's message.
        reason: String,
    },
    /// The email or phone number is already used by another user.
    #[error("alias exists: {reason}")]
    AliasExists {
        /// The service's message.
        reason: String,
    },
    /// The confirmation or MFA code is wrong.
    #[error("code mismatch: {reason}")]
    CodeMismatch {
        /// The service's message.
        reason: String,
    },
    /// The code has expired.
    #[error("expired code: {reason}")]
    ExpiredCode {
        /// The service's message.
        reason: String,
    },
    /// The code could not be sent.
    #[error("code delivery failure: {reason}")]
    CodeDeliveryFailure {
        /// The service's message.
        reason: String,
    },
    /// The password does not meet the pool's policy.
    #[error("invalid password: {reason}")]
    InvalidPassword {
        /// The service's message.
        reason: String,
    },
    /// An administrator requires a password reset before sign-in.
    #[error("password reset required: {reason}")]
    PasswordResetRequired {
        /// The service's message.
        reason: String,
    },
    /// The new password was used before.
    #[error("password history policy violation: {reason}")]
    PasswordHistoryPolicyViolation {
        /// The service's message.
        reason: String,
    },
    /// A parameter is missing or malformed.
    #[error("invalid parameter: {reason}")]
    InvalidParameter {
        /// The service's message.
        reason: String,
    },
    /// A limit was reached (codes sent, attempts); not worth retrying now.
    #[error("limit exceeded: {reason}")]
    LimitExceeded {
        /// The service's message.
        reason: String,
    },
    /// Throttled, and still throttled after the retries.
    #[error("too many requests: {reason}")]
    TooManyRequests {
        /// The service's message.
        reason: String,
    },
    /// Too many wrong answers.
    #[error("too many failed attempts: {reason}")]
    TooManyFailedAttempts {
        /// The service's message.
        reason: String,
    },
    /// The requested MFA method is not set up.
    #[error("MFA method not found: {reason}")]
    MfaMethodNotFound {
        /// The service's message.
        reason: String,
    },
    /// No TOTP authenticator is associated.
    #[error("software token MFA not found: {reason}")]
    SoftwareTokenMfaNotFound {
        /// The service's message.
        reason: String,
    },
    /// The TOTP code did not verify during set-up.
    #[error("enable software token MFA failed: {reason}")]
    EnableSoftwareTokenMfa {
        /// The service's message.
        reason: String,
    },
    /// A pool, client, identity or device does not exist.
    #[error("resource not found: {reason}")]
    ResourceNotFound {
        /// The service's message.
        reason: String,
    },
    /// A Lambda trigger failed or rejected the request.
    #[error("{name}: {reason}")]
    Lambda {
        /// Exception name.
        name: String,
        /// The service's message.
        reason: String,
    },
    /// The pool or identity pool is misconfigured on the server side.
    #[error("{name}: {reason}")]
    PoolConfiguration {
        /// Exception name.
        name: String,
        /// The service's message.
        reason: String,
    },
    /// Blocked by AWS WAF.
    #[error("forbidden: {reason}")]
    Forbidden {
        /// The service's message.
        reason: String,
    },
    /// The pool or client does not support this operation.
    #[error("unsupported operation: {reason}")]
    UnsupportedOperation {
        /// The service's message.
        reason: String,
    },
    /// Another change to the same resource is in progress.
    #[error("concurrent modification: {reason}")]
    ConcurrentModification {
        /// The service's message.
        reason: String,
    },
    /// An external identity provider failed (identity pools).
    #[error("external service error: {reason}")]
    ExternalService {
        /// The service's message.
        reason: String,
    },
    /// A conflicting identity exists (identity pools).
    #[error("resource conflict: {reason}")]
    ResourceConflict {
        /// The service's message.
        reason: String,
    },
    /// The refresh token was rejected: the user must sign in again.
    #[error("session expired: {reason}")]
    SessionExpired {
        /// Details.
        reason: String,
    },
    /// No user is signed in.
    #[error("signed out: {reason}")]
    SignedOut {
        /// Details.
        reason: String,
    },
    /// No answer from the service (offline, refused, reset, timed out). Nothing changed
    /// locally; try again when connectivity returns.
    #[error("network error: {reason}")]
    Network {
        /// What failed.
        reason: String,
    },
    /// The service answered with an error this library does not know, or failed (5xx).
    #[error("service error {name} (HTTP {status}): {reason}")]
    Service {
        /// Exception name, or `HTTP <status>`.
        name: String,
        /// The service's message.
        reason: String,
        /// HTTP status.
        status: u16,
    },
    /// The service's answer is not what the protocol promises (HTML, truncated, malformed).
    #[error("invalid response: {reason}")]
    InvalidResponse {
        /// What was wrong with it.
        reason: String,
    },
    /// Secure storage failed (including an app-provided `SecureStorage` that threw).
    #[error("{}", storage_text(*failure, reason))]
    Storage {
        /// The kind of storage failure: whether to retry or sign in again.
        failure: StorageFailure,
        /// Details.
        reason: String,
    },
    /// The user cancelled (hosted UI).
    #[error("cancelled: {reason}")]
    Cancelled {
        /// Details.
        reason: String,
    },
    /// The feature is not available on this platform or build.
    #[error("not supported: {reason}")]
    NotSupported {
        /// Details.
        reason: String,
    },
    /// A bug in this library (a panic is reported here too); please report it.
    #[error("internal error: {reason}")]
    Internal {
        /// Details.
        reason: String,
    },
}

#[uniffi::export]
impl AuthError {
    /// The variant's name, as in the CLI's `{"error":{"kind":…}}` (`InvalidPassword`, …).
    pub fn kind(&self) -> String {
        // The Debug text of a struct-like variant starts with its name.
        let debug = format!("{self:?}");
        debug
            .split([' ', '{', '('])
            .next()
            .unwrap_or_default()
            .to_owned()
    }
}

fn storage_text(failure: StorageFailure, reason: &str) -> String {
    StorageError::from(AuthError::Storage {
        failure,
        reason: reason.to_owned(),
    })
    .to_string()
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

impl From<Core> for AuthError {
    fn from(e: Core) -> Self {
        match e {
            Core::Configuration(c) => Self::Configuration {
                reason: c.to_string(),
            },
            Core::InvalidState(reason) => Self::InvalidState { reason },
            Core::NotAuthorized(reason) => Self::NotAuthorized { reason },
            Core::UserNotFound(reason) => Self::UserNotFound { reason },
            Core::UserNotConfirmed(reason) => Self::UserNotConfirmed { reason },
            Core::UsernameExists(reason) => Self::UsernameExists { reason },
            Core::AliasExists(reason) => Self::AliasExists { reason },
            Core::CodeMismatch(reason) => Self::CodeMismatch { reason },
            Core::ExpiredCode(reason) => Self::ExpiredCode { reason },
            Core::CodeDeliveryFailure(reason) => Self::CodeDeliveryFailure { reason },
            Core::InvalidPassword(reason) => Self::InvalidPassword { reason },
            Core::PasswordResetRequired(reason) => Self::PasswordResetRequired { reason },
            Core::PasswordHistoryPolicyViolation(reason) => {
                Self::PasswordHistoryPolicyViolation { reason }
            }
            Core::InvalidParameter(reason) => Self::InvalidParameter { reason },
            Core::LimitExceeded(reason) => Self::LimitExceeded { reason },
            Core::TooManyRequests(reason) => Self::TooManyRequests { reason },
            Core::TooManyFailedAttempts(reason) => Self::TooManyFailedAttempts { reason },
            Core::MfaMethodNotFound(reason) => Self::MfaMethodNotFound { reason },
            Core::SoftwareTokenMfaNotFound(reason) => Self::SoftwareTokenMfaNotFound { reason },
            Core::EnableSoftwareTokenMfa(reason) => Self::EnableSoftwareTokenMfa { reason },
            Core::ResourceNotFound(reason) => Self::ResourceNotFound { reason },
            Core::Lambda { name, message } => Self::Lambda {
                name,
                reason: message,
            },
            Core::PoolConfiguration { name, message } => Self::PoolConfiguration {
                name,
                reason: message,
            },
            Core::Forbidden(reason) => Self::Forbidden { reason },
            Core::UnsupportedOperation(reason) => Self::UnsupportedOperation { reason },
            Core::ConcurrentModification(reason) => Self::ConcurrentModification { reason },
            Core::ExternalService(reason) => Self::ExternalService { reason },
            Core::ResourceConflict(reason) => Self::ResourceConflict { reason },
            Core::SessionExpired(reason) => Self::SessionExpired { reason },
            Core::SignedOut(reason) => Self::SignedOut { reason },
            Core::Network(reason) => Self::Network { reason },
            Core::Service {
                name,
                message,
                status,
            } => Self::Service {
                name,
                reason: message,
                status,
            },
            Core::InvalidResponse(reason) => Self::InvalidResponse { reason },
            Core::Storage(s) => s.into(),
            Core::Cancelled(reason) => Self::Cancelled { reason },
            Core::NotSupported(reason) => Self::NotSupported { reason },
            Core::Internal(reason) => Self::Internal { reason },
            // The core's error is #[non_exhaustive]: a variant added there without one here
            // still crosses the FFI, named, and the test below fails until it gets its own.
            other => Self::Internal {
                reason: format!("{}: {other}", other.kind()),
            },
        }
    }
}

/// What a Kotlin/Swift callback's error (a presenter's cancel, …) means to the core: the same
/// kind with the same reason, so `Cancelled` stays `Cancelled` on its way back to the caller.
impl From<AuthError> for Core {
    fn from(e: AuthError) -> Self {
        match e {
            AuthError::Configuration { reason } => {
                Core::Configuration(cognito_auth::ConfigError::Invalid {
                    key: "callback".into(),
                    reason,
                })
            }
            AuthError::InvalidState { reason } => Core::InvalidState(reason),
            AuthError::NotAuthorized { reason } => Core::NotAuthorized(reason),
            AuthError::UserNotFound { reason } => Core::UserNotFound(reason),
            AuthError::UserNotConfirmed { reason } => Core::UserNotConfirmed(reason),
            AuthError::UsernameExists { reason } => Core::UsernameExists(reason),
            AuthError::AliasExists { reason } => Core::AliasExists(reason),
            AuthError::CodeMismatch { reason } => Core::CodeMismatch(reason),
            AuthError::ExpiredCode { reason } => Core::ExpiredCode(reason),
            AuthError::CodeDeliveryFailure { reason } => Core::CodeDeliveryFailure(reason),
            AuthError::InvalidPassword { reason } => Core::InvalidPassword(reason),
            AuthError::PasswordResetRequired { reason } => Core::PasswordResetRequired(reason),
            AuthError::PasswordHistoryPolicyViolation { reason } => {
                Core::PasswordHistoryPolicyViolation(reason)
            }
            AuthError::InvalidParameter { reason } => Core::InvalidParameter(reason),
            AuthError::LimitExceeded { reason } => Core::LimitExceeded(reason),
            AuthError::TooManyRequests { reason } => Core::TooManyRequests(reason),
            AuthError::TooManyFailedAttempts { reason } => Core::TooManyFailedAttempts(reason),
            AuthError::MfaMethodNotFound { reason } => Core::MfaMethodNotFound(reason),
            AuthError::SoftwareTokenMfaNotFound { reason } => {
                Core::SoftwareTokenMfaNotFound(reason)
            }
            AuthError::EnableSoftwareTokenMfa { reason } => Core::EnableSoftwareTokenMfa(reason),
            AuthError::ResourceNotFound { reason } => Core::ResourceNotFound(reason),
            AuthError::Lambda { name, reason } => Core::Lambda {
                name,
                message: reason,
            },
            AuthError::PoolConfiguration { name, reason } => Core::PoolConfiguration {
                name,
                message: reason,
            },
            AuthError::Forbidden { reason } => Core::Forbidden(reason),
            AuthError::UnsupportedOperation { reason } => Core::UnsupportedOperation(reason),
            AuthError::ConcurrentModification { reason } => Core::ConcurrentModification(reason),
            AuthError::ExternalService { reason } => Core::ExternalService(reason),
            AuthError::ResourceConflict { reason } => Core::ResourceConflict(reason),
            AuthError::SessionExpired { reason } => Core::SessionExpired(reason),
            AuthError::SignedOut { reason } => Core::SignedOut(reason),
            AuthError::Network { reason } => Core::Network(reason),
            AuthError::Service {
                name,
                reason,
                status,
            } => Core::Service {
                name,
                message: reason,
                status,
            },
            AuthError::InvalidResponse { reason } => Core::InvalidResponse(reason),
            e @ AuthError::Storage { .. } => Core::Storage(e.into()),
            AuthError::Cancelled { reason } => Core::Cancelled(reason),
            AuthError::NotSupported { reason } => Core::NotSupported(reason),
            AuthError::Internal { reason } => Core::Internal(reason),
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
            let (kind, text) = (core.kind(), core.to_string());
            let ffi = AuthError::from(core);
            assert_eq!(ffi.kind(), kind);
            assert_eq!(ffi.to_string(), text);
        }
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
