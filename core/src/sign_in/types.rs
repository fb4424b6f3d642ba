//! The public shapes of sign-in: flows, options, next steps.

use crate::config::AuthFlowType;
use crate::secret::Secret;
use crate::sign_up::CodeDelivery;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How a sign-in starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum SignInFlow {
    /// `USER_SRP_AUTH` (the default): the password never leaves the device.
    UserSrp,
    /// `USER_PASSWORD_AUTH`: the password is sent over TLS (user migration Lambdas need it).
    UserPassword,
    /// `CUSTOM_AUTH` preceded by an SRP password check.
    CustomWithSrp,
    /// `CUSTOM_AUTH` driven only by the pool's Lambda challenges.
    CustomWithoutSrp,
    /// `USER_AUTH`: choice-based; without a preferred factor Cognito offers the choices.
    UserAuth {
        /// The first factor to try.
        preferred_first_factor: Option<AuthFactor>,
    },
}

impl SignInFlow {
    /// The flow a configuration names as its default.
    pub fn from_config(t: AuthFlowType) -> Self {
        match t {
            AuthFlowType::UserSrp => Self::UserSrp,
            AuthFlowType::UserPassword => Self::UserPassword,
            AuthFlowType::CustomWithSrp => Self::CustomWithSrp,
            AuthFlowType::CustomWithoutSrp => Self::CustomWithoutSrp,
            AuthFlowType::UserAuth => Self::UserAuth {
                preferred_first_factor: None,
            },
        }
    }
}

/// A first factor of `USER_AUTH`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AuthFactor {
    /// The password, sent over TLS.
    Password,
    /// The password, proven with SRP.
    PasswordSrp,
    /// A one-time code by email.
    EmailOtp,
    /// A one-time code by SMS.
    SmsOtp,
    /// A passkey; not supported on this platform (reported as a next step, never sent).
    WebAuthn,
}

impl AuthFactor {
    /// Cognito's name (`PASSWORD`, `PASSWORD_SRP`, `EMAIL_OTP`, `SMS_OTP`, `WEB_AUTHN`).
    pub fn as_cognito(&self) -> &'static str {
        match self {
            Self::Password => "PASSWORD",
            Self::PasswordSrp => "PASSWORD_SRP",
            Self::EmailOtp => "EMAIL_OTP",
            Self::SmsOtp => "SMS_OTP",
            Self::WebAuthn => "WEB_AUTHN",
        }
    }

    /// Parses Cognito's name (case-insensitive; `-` for `_` accepted).
    pub fn from_cognito(name: &str) -> Option<Self> {
        Some(
            match name.trim().to_ascii_uppercase().replace('-', "_").as_str() {
                "PASSWORD" => Self::Password,
                "PASSWORD_SRP" => Self::PasswordSrp,
                "EMAIL_OTP" => Self::EmailOtp,
                "SMS_OTP" => Self::SmsOtp,
                "WEB_AUTHN" => Self::WebAuthn,
                _ => return None,
            },
        )
    }
}

/// A second factor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MfaType {
    /// Code by SMS (`SMS_MFA`).
    Sms,
    /// Authenticator app (`SOFTWARE_TOKEN_MFA`).
    Totp,
    /// Code by email (`EMAIL_OTP`).
    Email,
}

impl MfaType {
    /// Cognito's challenge name.
    pub fn as_cognito(&self) -> &'static str {
        match self {
            Self::Sms => "SMS_MFA",
            Self::Totp => "SOFTWARE_TOKEN_MFA",
            Self::Email => "EMAIL_OTP",
        }
    }

    /// Parses a challenge name or a short name (`sms`, `totp`, `email`).
    pub fn parse(name: &str) -> Option<Self> {
        Some(match name.trim().to_ascii_uppercase().as_str() {
            "SMS_MFA" | "SMS" => Self::Sms,
            "SOFTWARE_TOKEN_MFA" | "TOTP" => Self::Totp,
            "EMAIL_OTP" | "EMAIL" => Self::Email,
            _ => return None,
        })
    }

    /// snake_case short name.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Sms => "sms",
            Self::Totp => "totp",
            Self::Email => "email",
        }
    }
}

/// Inputs of [`crate::AuthClient::sign_in`] besides the credentials.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SignInOptions {
    /// The flow; `None` = the configuration's default (`USER_SRP_AUTH` unless it says other).
    pub flow: Option<SignInFlow>,
    /// Metadata passed to the pool's Lambda triggers.
    pub client_metadata: BTreeMap<String, String>,
}

/// Inputs of [`crate::AuthClient::confirm_sign_in`] besides the answer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConfirmSignInOptions {
    /// Attributes Cognito requires with a new password (`NEW_PASSWORD_REQUIRED`).
    pub user_attributes: BTreeMap<String, String>,
    /// Metadata passed to the pool's Lambda triggers.
    pub client_metadata: BTreeMap<String, String>,
    /// Name of the authenticator app during TOTP set-up.
    pub friendly_device_name: Option<String>,
}

/// A TOTP secret to put into an authenticator app.
#[derive(Clone, PartialEq, Eq)]
pub struct TotpSetupDetails {
    /// The shared secret (base32).
    pub shared_secret: Secret,
    /// The user it is for.
    pub username: String,
}

impl std::fmt::Debug for TotpSetupDetails {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TotpSetupDetails")
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

impl TotpSetupDetails {
    /// `otpauth://totp/<issuer>:<account>?secret=…&issuer=<issuer>` for a QR code; the account
    /// defaults to the user name.
    pub fn setup_uri(&self, issuer: &str, account: Option<&str>) -> String {
        let enc = |s: &str| -> String {
            url::form_urlencoded::byte_serialize(s.as_bytes())
                .collect::<String>()
                .replace('+', "%20")
        };
        format!(
            "otpauth://totp/{}:{}?secret={}&issuer={}",
            enc(issuer),
            enc(account.unwrap_or(&self.username)),
            self.shared_secret.expose(),
            enc(issuer)
        )
    }
}

/// What the app does next in a sign-in.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignInNextStep {
    /// Ask for the code sent by SMS (`SMS_MFA`).
    ConfirmWithSmsMfaCode {
        /// Where it went.
        delivery: Option<CodeDelivery>,
    },
    /// Ask for the authenticator app's code (`SOFTWARE_TOKEN_MFA`).
    ConfirmWithTotpCode,
    /// Ask for a one-time code sent by email or SMS (`EMAIL_OTP`, `SMS_OTP`).
    ConfirmWithOtp {
        /// Where it went.
        delivery: Option<CodeDelivery>,
    },
    /// Let the user pick the MFA method (`SELECT_MFA_TYPE`); answer with its name.
    ContinueWithMfaSelection {
        /// The methods offered.
        allowed: Vec<MfaType>,
    },
    /// MFA is required but none is set up: pick `TOTP` or `EMAIL` (`MFA_SETUP`).
    ContinueWithMfaSetupSelection {
        /// The methods that can be set up here.
        allowed: Vec<MfaType>,
    },
    /// Show the TOTP secret (QR code), then answer with the app's first code.
    ContinueWithTotpSetup {
        /// The secret and user.
        details: TotpSetupDetails,
    },
    /// Ask for the email address that will receive MFA codes.
    ContinueWithEmailMfaSetup,
    /// Ask for a new password (`NEW_PASSWORD_REQUIRED`), with these attributes.
    ConfirmWithNewPassword {
        /// Attributes the pool requires (without the `userAttributes.` prefix).
        required_attributes: Vec<String>,
    },
    /// Answer the pool's custom challenge (`CUSTOM_CHALLENGE`).
    ConfirmWithCustomChallenge {
        /// Public challenge parameters from the Lambda.
        parameters: BTreeMap<String, String>,
    },
    /// Pick the first factor (`SELECT_CHALLENGE` of `USER_AUTH`); answer with its name.
    ContinueWithFirstFactorSelection {
        /// The factors offered.
        available: Vec<AuthFactor>,
    },
    /// Answer with the password (a password factor was chosen).
    ConfirmWithPassword,
    /// Cognito asked for something this platform cannot do (`WEB_AUTHN`, or a challenge this
    /// crate does not know); the sign-in cannot continue here.
    ChallengeNotSupported {
        /// Cognito's challenge name.
        challenge: String,
    },
    /// The user must reset the password first (`reset_password`).
    ResetPassword,
    /// The user must confirm the sign-up first (`confirm_sign_up`).
    ConfirmSignUp,
    /// Signed in.
    Done,
}

/// Result of a sign-in step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignInResult {
    /// What to do next.
    pub next_step: SignInNextStep,
}

impl SignInResult {
    /// Whether the user is signed in.
    pub fn is_signed_in(&self) -> bool {
        self.next_step == SignInNextStep::Done
    }
}
