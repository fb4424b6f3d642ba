//! Cognito's challenge names as one type: a `match` on it is exhaustive, so a new challenge
//! is handled everywhere or nowhere compiles, and a name this crate does not know is kept as
//! data (the app is told which challenge it cannot answer) rather than lost.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A challenge of `InitiateAuth` or `RespondToAuthChallenge` (`ChallengeName`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub(crate) enum Challenge {
    /// A code sent by SMS (MFA).
    SmsMfa,
    /// An authenticator app's code (MFA).
    SoftwareTokenMfa,
    /// A code sent by email (MFA, or a `USER_AUTH` first factor).
    EmailOtp,
    /// A code sent by SMS as a `USER_AUTH` first factor.
    SmsOtp,
    /// Pick one of several MFA methods.
    SelectMfaType,
    /// MFA is required and none is set up.
    MfaSetup,
    /// An administrator-created user must choose a password.
    NewPasswordRequired,
    /// A pool Lambda's custom challenge.
    Custom,
    /// Pick a `USER_AUTH` first factor.
    SelectFirstFactor,
    /// The SRP proof of the password.
    PasswordVerifier,
    /// A remembered device starts its SRP.
    DeviceSrpAuth,
    /// The SRP proof of the device's secret.
    DevicePasswordVerifier,
    /// A passkey (not supported on this platform).
    WebAuthn,
    /// A name this crate does not know.
    Other(String),
}

impl Challenge {
    /// Every known challenge, for tests that go through them all.
    #[cfg(test)]
    pub(crate) const KNOWN: [Challenge; 13] = [
        Self::SmsMfa,
        Self::SoftwareTokenMfa,
        Self::EmailOtp,
        Self::SmsOtp,
        Self::SelectMfaType,
        Self::MfaSetup,
        Self::NewPasswordRequired,
        Self::Custom,
        Self::SelectFirstFactor,
        Self::PasswordVerifier,
        Self::DeviceSrpAuth,
        Self::DevicePasswordVerifier,
        Self::WebAuthn,
    ];

    /// Cognito's name.
    pub(crate) fn as_str(&self) -> &str {
        match self {
            Self::SmsMfa => "SMS_MFA",
            Self::SoftwareTokenMfa => "SOFTWARE_TOKEN_MFA",
            Self::EmailOtp => "EMAIL_OTP",
            Self::SmsOtp => "SMS_OTP",
            Self::SelectMfaType => "SELECT_MFA_TYPE",
            Self::MfaSetup => "MFA_SETUP",
            Self::NewPasswordRequired => "NEW_PASSWORD_REQUIRED",
            Self::Custom => "CUSTOM_CHALLENGE",
            Self::SelectFirstFactor => "SELECT_CHALLENGE",
            Self::PasswordVerifier => "PASSWORD_VERIFIER",
            Self::DeviceSrpAuth => "DEVICE_SRP_AUTH",
            Self::DevicePasswordVerifier => "DEVICE_PASSWORD_VERIFIER",
            Self::WebAuthn => "WEB_AUTHN",
            Self::Other(name) => name,
        }
    }
}

impl From<String> for Challenge {
    /// Exact (case-sensitive) names, as Cognito sends them; anything else is `Other`.
    fn from(name: String) -> Self {
        match name.as_str() {
            "SMS_MFA" => Self::SmsMfa,
            "SOFTWARE_TOKEN_MFA" => Self::SoftwareTokenMfa,
            "EMAIL_OTP" => Self::EmailOtp,
            "SMS_OTP" => Self::SmsOtp,
            "SELECT_MFA_TYPE" => Self::SelectMfaType,
            "MFA_SETUP" => Self::MfaSetup,
            "NEW_PASSWORD_REQUIRED" => Self::NewPasswordRequired,
            "CUSTOM_CHALLENGE" => Self::Custom,
            "SELECT_CHALLENGE" => Self::SelectFirstFactor,
            "PASSWORD_VERIFIER" => Self::PasswordVerifier,
            "DEVICE_SRP_AUTH" => Self::DeviceSrpAuth,
            "DEVICE_PASSWORD_VERIFIER" => Self::DevicePasswordVerifier,
            "WEB_AUTHN" => Self::WebAuthn,
            _ => Self::Other(name),
        }
    }
}

impl From<Challenge> for String {
    fn from(c: Challenge) -> Self {
        match c {
            Challenge::Other(name) => name,
            known => known.as_str().to_owned(),
        }
    }
}

impl fmt::Display for Challenge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_names_round_trip_and_unknown_names_are_kept() {
        for c in Challenge::KNOWN {
            assert_eq!(Challenge::from(c.to_string()), c);
            let json = serde_json::to_string(&c).unwrap();
            assert_eq!(json, format!("\"{c}\""));
            assert_eq!(serde_json::from_str::<Challenge>(&json).unwrap(), c);
        }
        let future: Challenge = serde_json::from_str("\"PASSKEY_2030\"").unwrap();
        assert_eq!(future, Challenge::Other("PASSKEY_2030".into()));
        assert_eq!(serde_json::to_string(&future).unwrap(), "\"PASSKEY_2030\"");
        assert_eq!(
            Challenge::from("sms_mfa".to_owned()),
            Challenge::Other("sms_mfa".into()),
            "names are exact, as Cognito sends them"
        );
    }
}
