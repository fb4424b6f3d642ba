//! The public error of the core: one variant per thing a caller may handle differently.
//!
//! Every Cognito exception has a variant of its own (its name without `Exception`), so apps
//! can match `UserNotConfirmed` or `CodeMismatch` without string compares; an exception this
//! crate does not know is kept whole in [`AuthError::Service`]. Messages never contain a token,
//! password or key: server messages are scrubbed of request secrets in the wire layer.

use crate::config::ConfigError;
use crate::storage::StorageError;
use crate::wire::WireError;

/// Result alias of the core.
pub type Result<T, E = AuthError> = std::result::Result<T, E>;

/// Why an operation failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AuthError {
    /// The configuration is missing something or malformed.
    #[error("{0}")]
    Configuration(#[from] ConfigError),
    /// The call does not fit the current state (sign-in while signed in, no user signed in, …).
    #[error("invalid state: {0}")]
    InvalidState(String),
    /// Wrong credentials, disabled user, revoked or expired token, or an action not allowed.
    #[error("not authorized: {0}")]
    NotAuthorized(String),
    /// No such user.
    #[error("user not found: {0}")]
    UserNotFound(String),
    /// The user has not confirmed the sign-up yet.
    #[error("user not confirmed: {0}")]
    UserNotConfirmed(String),
    /// The user name is taken.
    #[error("username exists: {0}")]
    UsernameExists(String),
    /// The email or phone number is already used by another user.
    #[error("alias exists: {0}")]
    AliasExists(String),
    /// The confirmation or MFA code is wrong.
    #[error("code mismatch: {0}")]
    CodeMismatch(String),
    /// The code has expired.
    #[error("expired code: {0}")]
    ExpiredCode(String),
    /// The code could not be sent.
    #[error("code delivery failure: {0}")]
    CodeDeliveryFailure(String),
    /// The password does not meet the pool's policy.
    #[error("invalid password: {0}")]
    InvalidPassword(String),
    /// An administrator requires a password reset before sign-in.
    #[error("password reset required: {0}")]
    PasswordResetRequired(String),
    /// The new password was used before.
    #[error("password history policy violation: {0}")]
    PasswordHistoryPolicyViolation(String),
    /// A parameter is missing or malformed.
    #[error("invalid parameter: {0}")]
    InvalidParameter(String),
    /// A limit was reached (codes sent, attempts); not worth retrying now.
    #[error("limit exceeded: {0}")]
    LimitExceeded(String),
    /// Throttled, and still throttled after the retries.
    #[error("too many requests: {0}")]
    TooManyRequests(String),
    /// Too many wrong answers.
    #[error("too many failed attempts: {0}")]
    TooManyFailedAttempts(String),
    /// The requested MFA method is not set up.
    #[error("MFA method not found: {0}")]
    MfaMethodNotFound(String),
    /// No TOTP authenticator is associated.
    #[error("software token MFA not found: {0}")]
    SoftwareTokenMfaNotFound(String),
    /// The TOTP code did not verify during set-up.
    #[error("enable software token MFA failed: {0}")]
    EnableSoftwareTokenMfa(String),
    /// A pool, client, identity or device does not exist.
    #[error("resource not found: {0}")]
    ResourceNotFound(String),
    /// A Lambda trigger failed or rejected the request.
    #[error("{name}: {message}")]
    Lambda {
        /// Exception name.
        name: String,
        /// Message.
        message: String,
    },
    /// The pool or identity pool is misconfigured on the server side.
    #[error("{name}: {message}")]
    PoolConfiguration {
        /// Exception name.
        name: String,
        /// Message.
        message: String,
    },
    /// Blocked by AWS WAF.
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// The pool or client does not support this operation.
    #[error("unsupported operation: {0}")]
    UnsupportedOperation(String),
    /// Another change to the same resource is in progress.
    #[error("concurrent modification: {0}")]
    ConcurrentModification(String),
    /// An external identity provider failed (identity pools).
    #[error("external service error: {0}")]
    ExternalService(String),
    /// A conflicting identity exists (identity pools).
    #[error("resource conflict: {0}")]
    ResourceConflict(String),
    /// The refresh token was rejected: the user must sign in again.
    #[error("session expired: {0}")]
    SessionExpired(String),
    /// No user is signed in.
    #[error("signed out: {0}")]
    SignedOut(String),
    /// No answer from the service (offline, refused, reset, timed out). Nothing was changed
    /// locally; try again when connectivity returns.
    #[error("network error: {0}")]
    Network(String),
    /// The service answered with an error this crate does not know, or failed (5xx).
    #[error("service error {name} (HTTP {status}): {message}")]
    Service {
        /// Exception name, or `HTTP <status>`.
        name: String,
        /// Message.
        message: String,
        /// HTTP status.
        status: u16,
    },
    /// The service's answer is not what the protocol promises (HTML, truncated, malformed).
    #[error("invalid response: {0}")]
    InvalidResponse(String),
    /// Secure storage failed; see the inner error for whether to retry.
    #[error("{0}")]
    Storage(StorageError),
    /// The user cancelled (hosted UI).
    #[error("cancelled: {0}")]
    Cancelled(String),
    /// The feature is not available on this platform or build.
    #[error("not supported: {0}")]
    NotSupported(String),
    /// A bug in this crate; please report it.
    #[error("internal error: {0}")]
    Internal(String),
}

impl AuthError {
    /// The variant's name: the `kind` of the CLI's JSON errors and of the bindings' errors.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Configuration(_) => "Configuration",
            Self::InvalidState(_) => "InvalidState",
            Self::NotAuthorized(_) => "NotAuthorized",
            Self::UserNotFound(_) => "UserNotFound",
            Self::UserNotConfirmed(_) => "UserNotConfirmed",
            Self::UsernameExists(_) => "UsernameExists",
            Self::AliasExists(_) => "AliasExists",
            Self::CodeMismatch(_) => "CodeMismatch",
            Self::ExpiredCode(_) => "ExpiredCode",
            Self::CodeDeliveryFailure(_) => "CodeDeliveryFailure",
            Self::InvalidPassword(_) => "InvalidPassword",
            Self::PasswordResetRequired(_) => "PasswordResetRequired",
            Self::PasswordHistoryPolicyViolation(_) => "PasswordHistoryPolicyViolation",
            Self::InvalidParameter(_) => "InvalidParameter",
            Self::LimitExceeded(_) => "LimitExceeded",
            Self::TooManyRequests(_) => "TooManyRequests",
            Self::TooManyFailedAttempts(_) => "TooManyFailedAttempts",
            Self::MfaMethodNotFound(_) => "MfaMethodNotFound",
            Self::SoftwareTokenMfaNotFound(_) => "SoftwareTokenMfaNotFound",
            Self::EnableSoftwareTokenMfa(_) => "EnableSoftwareTokenMfa",
            Self::ResourceNotFound(_) => "ResourceNotFound",
            Self::Lambda { .. } => "Lambda",
            Self::PoolConfiguration { .. } => "PoolConfiguration",
            Self::Forbidden(_) => "Forbidden",
            Self::UnsupportedOperation(_) => "UnsupportedOperation",
            Self::ConcurrentModification(_) => "ConcurrentModification",
            Self::ExternalService(_) => "ExternalService",
            Self::ResourceConflict(_) => "ResourceConflict",
            Self::SessionExpired(_) => "SessionExpired",
            Self::SignedOut(_) => "SignedOut",
            Self::Network(_) => "Network",
            Self::Service { .. } => "Service",
            Self::InvalidResponse(_) => "InvalidResponse",
            Self::Storage(_) => "Storage",
            Self::Cancelled(_) => "Cancelled",
            Self::NotSupported(_) => "NotSupported",
            Self::Internal(_) => "Internal",
        }
    }

    /// Whether the failure is transient (network, throttling, 5xx): nothing was decided, the
    /// same call may succeed later, and stored credentials must be kept.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Self::Network(_) | Self::TooManyRequests(_) | Self::InvalidResponse(_)
        ) || matches!(self, Self::Service { status, .. } if *status >= 500)
    }

    /// What the user or the app can do about it, as Amplify's `recoverySuggestion`: one
    /// sentence, the same in every binding. `None` when nothing better than "report it" or
    /// "try again" is known (for a storage error it depends on its kind).
    pub fn recovery_suggestion(&self) -> Option<&'static str> {
        Some(match self {
            Self::Configuration(_) => "Check the configuration file or the values passed in code.",
            Self::InvalidState(_) => {
                "Check the user's state before the call; sign out first to sign in again."
            }
            Self::NotAuthorized(_) => "Check the user name and password, or sign in again.",
            Self::UserNotFound(_) => "Check the user name, or sign up first.",
            Self::UserNotConfirmed(_) => "Confirm the sign-up with the code sent, then sign in.",
            Self::UsernameExists(_) => "Choose another user name, or sign in.",
            Self::AliasExists(_) => "Use another email address or phone number.",
            Self::CodeMismatch(_) => "Check the code and enter it again.",
            Self::ExpiredCode(_) => "Request a new code and enter it.",
            Self::CodeDeliveryFailure(_) => {
                "Check the email address or phone number, then request a new code."
            }
            Self::InvalidPassword(_) => "Choose a password that meets the pool's password policy.",
            Self::PasswordResetRequired(_) => "Reset the password, then sign in with the new one.",
            Self::PasswordHistoryPolicyViolation(_) => {
                "Choose a password that was not used before."
            }
            Self::InvalidParameter(_) => "Check the values passed to the call.",
            Self::LimitExceeded(_) => "Wait a while before trying again.",
            Self::TooManyRequests(_) => "Slow down and try again later.",
            Self::TooManyFailedAttempts(_) => "Wait a while, then try again with the right answer.",
            Self::MfaMethodNotFound(_) => "Set up the MFA method first, or choose another one.",
            Self::SoftwareTokenMfaNotFound(_) => "Set up an authenticator app (TOTP) first.",
            Self::EnableSoftwareTokenMfa(_) => "Check the authenticator app's code and try again.",
            Self::ResourceNotFound(_) => {
                "Check the pool, app client and identity pool ids in the configuration."
            }
            Self::Lambda { .. } => "Check the Lambda trigger's logs and what it expects.",
            Self::PoolConfiguration { .. } => "Check the pool's settings in the Cognito console.",
            Self::Forbidden(_) => "Check the AWS WAF rules of the pool.",
            Self::UnsupportedOperation(_) => {
                "Check that the pool and app client allow this operation."
            }
            Self::ConcurrentModification(_) => "Try again once the other change is done.",
            Self::SessionExpired(_) => "Sign in again.",
            Self::SignedOut(_) => "Sign in first.",
            Self::Network(_) => "Check the connection and try again.",
            Self::InvalidResponse(_) => "Try again later; check any proxy between the app and AWS.",
            Self::Storage(StorageError::Reset(_)) => "Sign in again.",
            Self::Storage(StorageError::AccessDenied(_)) => {
                "Check the app's keychain or keystore permissions."
            }
            Self::Storage(StorageError::Corrupt(_)) => {
                "Sign in again; the stored session will be replaced."
            }
            Self::Storage(_) => "Try again once the device is unlocked or has free space.",
            Self::Service { status, .. } if *status >= 500 => "Try again later.",
            Self::Internal(_) => "Please report this bug to the library's maintainers.",
            _ => return None,
        })
    }

    /// Maps a Cognito exception (user pools or identity pools) by name.
    pub fn from_exception(name: &str, message: String, status: u16) -> Self {
        let short = name.strip_suffix("Exception").unwrap_or(name);
        match short {
            "NotAuthorized" | "Unauthorized" | "AccessDenied" => Self::NotAuthorized(message),
            "UserNotFound" => Self::UserNotFound(message),
            "UserNotConfirmed" => Self::UserNotConfirmed(message),
            "UsernameExists" => Self::UsernameExists(message),
            "AliasExists" => Self::AliasExists(message),
            "CodeMismatch" => Self::CodeMismatch(message),
            "ExpiredCode" => Self::ExpiredCode(message),
            "CodeDeliveryFailure" => Self::CodeDeliveryFailure(message),
            "InvalidPassword" => Self::InvalidPassword(message),
            "PasswordResetRequired" => Self::PasswordResetRequired(message),
            "PasswordHistoryPolicyViolation" => Self::PasswordHistoryPolicyViolation(message),
            "InvalidParameter" | "Validation" | "Serialization" => Self::InvalidParameter(message),
            "LimitExceeded" => Self::LimitExceeded(message),
            "TooManyRequests" | "Throttling" | "RequestLimitExceeded" => {
                Self::TooManyRequests(message)
            }
            "TooManyFailedAttempts" => Self::TooManyFailedAttempts(message),
            "MFAMethodNotFound" => Self::MfaMethodNotFound(message),
            "SoftwareTokenMFANotFound" => Self::SoftwareTokenMfaNotFound(message),
            "EnableSoftwareTokenMFA" => Self::EnableSoftwareTokenMfa(message),
            "ResourceNotFound" => Self::ResourceNotFound(message),
            "InvalidLambdaResponse" | "UnexpectedLambda" | "UserLambdaValidation" => Self::Lambda {
                name: name.to_owned(),
                message,
            },
            "InvalidUserPoolConfiguration"
            | "InvalidSmsRoleAccessPolicy"
            | "InvalidSmsRoleTrustRelationship"
            | "InvalidEmailRoleAccessPolicy"
            | "InvalidIdentityPoolConfiguration"
            | "InvalidOAuthFlow"
            | "WebAuthnNotEnabled"
            | "WebAuthnConfigurationMissing" => Self::PoolConfiguration {
                name: name.to_owned(),
                message,
            },
            "Forbidden" => Self::Forbidden(message),
            "UnsupportedOperation" | "UnsupportedTokenType" | "UnsupportedUserState" => {
                Self::UnsupportedOperation(message)
            }
            "ConcurrentModification" => Self::ConcurrentModification(message),
            "ExternalService" => Self::ExternalService(message),
            "ResourceConflict" | "DeviceKeyExists" => Self::ResourceConflict(message),
            _ => Self::Service {
                name: name.to_owned(),
                message,
                status,
            },
        }
    }
}

impl From<WireError> for AuthError {
    fn from(e: WireError) -> Self {
        match e {
            WireError::Service {
                name,
                message,
                status,
            } => Self::from_exception(&name, message, status),
            WireError::Network { kind, message } => Self::Network(format!("{kind}: {message}")),
            WireError::InvalidResponse { status, message } => {
                Self::InvalidResponse(format!("HTTP {status}: {message}"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_suggestions_are_sentences_where_known() {
        let e = AuthError::NotAuthorized("Incorrect username or password.".into());
        assert_eq!(
            e.recovery_suggestion(),
            Some("Check the user name and password, or sign in again.")
        );
        assert_eq!(
            AuthError::Network("timed out".into()).recovery_suggestion(),
            Some("Check the connection and try again.")
        );
        assert_eq!(
            AuthError::SessionExpired("x".into()).recovery_suggestion(),
            Some("Sign in again.")
        );
        assert_eq!(AuthError::Cancelled("x".into()).recovery_suggestion(), None);
        let client_error = AuthError::Service {
            name: "X".into(),
            message: "m".into(),
            status: 400,
        };
        assert_eq!(client_error.recovery_suggestion(), None);
        for e in [
            AuthError::UserNotConfirmed("m".into()),
            AuthError::Storage(StorageError::Reset("m".into())),
            AuthError::Internal("m".into()),
        ] {
            let s = e.recovery_suggestion().unwrap();
            assert!(s.ends_with('.') && s.starts_with(char::is_uppercase), "{s}");
        }
    }

    #[test]
    fn every_known_exception_has_its_own_kind() {
        let cases = [
            ("NotAuthorizedException", "NotAuthorized"),
            ("UserNotFoundException", "UserNotFound"),
            ("UserNotConfirmedException", "UserNotConfirmed"),
            ("UsernameExistsException", "UsernameExists"),
            ("AliasExistsException", "AliasExists"),
            ("CodeMismatchException", "CodeMismatch"),
            ("ExpiredCodeException", "ExpiredCode"),
            ("CodeDeliveryFailureException", "CodeDeliveryFailure"),
            ("InvalidPasswordException", "InvalidPassword"),
            ("PasswordResetRequiredException", "PasswordResetRequired"),
            (
                "PasswordHistoryPolicyViolationException",
                "PasswordHistoryPolicyViolation",
            ),
            ("InvalidParameterException", "InvalidParameter"),
            ("LimitExceededException", "LimitExceeded"),
            ("TooManyRequestsException", "TooManyRequests"),
            ("TooManyFailedAttemptsException", "TooManyFailedAttempts"),
            ("MFAMethodNotFoundException", "MfaMethodNotFound"),
            (
                "SoftwareTokenMFANotFoundException",
                "SoftwareTokenMfaNotFound",
            ),
            ("EnableSoftwareTokenMFAException", "EnableSoftwareTokenMfa"),
            ("ResourceNotFoundException", "ResourceNotFound"),
            ("UserLambdaValidationException", "Lambda"),
            ("InvalidLambdaResponseException", "Lambda"),
            ("UnexpectedLambdaException", "Lambda"),
            ("InvalidUserPoolConfigurationException", "PoolConfiguration"),
            ("InvalidSmsRoleAccessPolicyException", "PoolConfiguration"),
            (
                "InvalidIdentityPoolConfigurationException",
                "PoolConfiguration",
            ),
            ("ForbiddenException", "Forbidden"),
            ("UnsupportedOperationException", "UnsupportedOperation"),
            ("UnsupportedTokenTypeException", "UnsupportedOperation"),
            ("ConcurrentModificationException", "ConcurrentModification"),
            ("ExternalServiceException", "ExternalService"),
            ("ResourceConflictException", "ResourceConflict"),
            ("UnauthorizedException", "NotAuthorized"),
            ("InternalErrorException", "Service"),
            ("BrandNewException", "Service"),
        ];
        for (name, kind) in cases {
            let e = AuthError::from(WireError::Service {
                name: name.into(),
                message: "m".into(),
                status: 400,
            });
            assert_eq!(e.kind(), kind, "{name}");
        }
        let unknown = AuthError::from_exception("BrandNewException", "hello".into(), 400);
        assert_eq!(
            unknown.to_string(),
            "service error BrandNewException (HTTP 400): hello"
        );
    }

    #[test]
    fn transient_failures_are_told_apart_from_answers() {
        assert!(AuthError::Network("timeout".into()).is_transient());
        assert!(
            AuthError::from_exception("InternalErrorException", "x".into(), 500).is_transient()
        );
        assert!(!AuthError::NotAuthorized("x".into()).is_transient());
        assert!(!AuthError::from_exception("BrandNew", "x".into(), 400).is_transient());
    }
}
