//! A sign-in waiting for the user's answer, kept in secure storage under the configuration's
//! namespace. Holds Cognito's session and the challenge; never the password.

use super::types::{AuthFactor, MfaType, SignInFlow, SignInNextStep, TotpSetupDetails};
use crate::client::AuthClient;
use crate::error::Result;
use crate::secret::Secret;
use crate::session::Record;
use crate::sign_up::CodeDelivery;
use crate::wire::user_pool::{Challenge, CodeDeliveryDetails};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

const VERSION: u32 = 1;

/// Where within a challenge the sign-in stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "stage", rename_all = "snake_case")]
pub(super) enum Stage {
    /// Waiting for the answer to `challenge` itself.
    Answer,
    /// MFA_SETUP: waiting for the choice of method.
    MfaSetupSelection,
    /// MFA_SETUP: the authenticator was associated; waiting for its first code.
    TotpSetup {
        /// The secret, to show again if asked.
        secret: Secret,
    },
    /// MFA_SETUP: waiting for the email address.
    EmailMfaSetup,
    /// SELECT_CHALLENGE: a password factor was chosen; waiting for the password.
    Password {
        /// `Password` or `PasswordSrp`.
        factor: AuthFactor,
    },
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct PendingSignIn {
    pub(super) version: u32,
    pub(super) challenge: Challenge,
    pub(super) stage: Stage,
    pub(super) session: Option<Secret>,
    #[serde(default)]
    pub(super) parameters: BTreeMap<String, String>,
    #[serde(default)]
    pub(super) available_challenges: Vec<String>,
    pub(super) typed_username: String,
    pub(super) challenge_username: String,
    #[serde(default)]
    pub(super) client_metadata: BTreeMap<String, String>,
    pub(super) flow: SignInFlow,
}

impl PendingSignIn {
    fn param(&self, name: &str) -> Option<&str> {
        self.parameters.get(name).map(String::as_str)
    }

    fn delivery(&self) -> Option<CodeDelivery> {
        let destination = self.param("CODE_DELIVERY_DESTINATION")?.to_owned();
        Some(CodeDelivery::from(CodeDeliveryDetails {
            destination: Some(destination),
            delivery_medium: self
                .param("CODE_DELIVERY_DELIVERY_MEDIUM")
                .map(str::to_owned),
            attribute_name: None,
        }))
    }

    /// MFA types named in a JSON-array parameter (`MFAS_CAN_CHOOSE`, `MFAS_CAN_SETUP`).
    pub(super) fn mfa_list(&self, name: &str) -> Vec<MfaType> {
        let raw = self.param(name).unwrap_or("[]");
        let names: Vec<String> = serde_json::from_str(raw).unwrap_or_else(|_| {
            raw.trim_matches(['[', ']'])
                .split(',')
                .map(|s| s.trim().trim_matches('"').to_owned())
                .collect()
        });
        names.iter().filter_map(|n| MfaType::parse(n)).collect()
    }

    /// The factors of SELECT_CHALLENGE (`AvailableChallenges`).
    pub(super) fn factors(&self) -> Vec<AuthFactor> {
        self.available_challenges
            .iter()
            .filter_map(|c| AuthFactor::from_cognito(c))
            .collect()
    }

    /// What the app is asked for now.
    pub(super) fn next_step(&self) -> SignInNextStep {
        match &self.stage {
            Stage::MfaSetupSelection => SignInNextStep::ContinueWithMfaSetupSelection {
                allowed: setup_choices(&self.mfa_list("MFAS_CAN_SETUP")),
            },
            Stage::TotpSetup { secret } => SignInNextStep::ContinueWithTotpSetup {
                details: TotpSetupDetails {
                    shared_secret: secret.clone(),
                    username: self.typed_username.clone(),
                },
            },
            Stage::EmailMfaSetup => SignInNextStep::ContinueWithEmailMfaSetup,
            Stage::Password { .. } => SignInNextStep::ConfirmWithPassword,
            Stage::Answer => match &self.challenge {
                Challenge::SmsMfa => SignInNextStep::ConfirmWithSmsMfaCode {
                    delivery: self.delivery(),
                },
                Challenge::SoftwareTokenMfa => SignInNextStep::ConfirmWithTotpCode,
                Challenge::EmailOtp | Challenge::SmsOtp => SignInNextStep::ConfirmWithOtp {
                    delivery: self.delivery(),
                },
                Challenge::SelectMfaType => SignInNextStep::ContinueWithMfaSelection {
                    allowed: self.mfa_list("MFAS_CAN_CHOOSE"),
                },
                Challenge::NewPasswordRequired => SignInNextStep::ConfirmWithNewPassword {
                    required_attributes: required_attributes(self.param("requiredAttributes")),
                },
                Challenge::Custom => SignInNextStep::ConfirmWithCustomChallenge {
                    parameters: self.parameters.clone(),
                },
                Challenge::SelectFirstFactor => SignInNextStep::ContinueWithFirstFactorSelection {
                    available: self.factors(),
                },
                Challenge::MfaSetup
                | Challenge::PasswordVerifier
                | Challenge::DeviceSrpAuth
                | Challenge::DevicePasswordVerifier
                | Challenge::WebAuthn
                | Challenge::Other(_) => SignInNextStep::ChallengeNotSupported {
                    challenge: self.challenge.to_string(),
                },
            },
        }
    }
}

/// The MFA methods that can be set up during sign-in: TOTP and email (SMS needs a verified
/// phone number, which an app sets up after sign-in).
pub(super) fn setup_choices(can_setup: &[MfaType]) -> Vec<MfaType> {
    can_setup
        .iter()
        .copied()
        .filter(|m| *m != MfaType::Sms)
        .collect()
}

/// `["userAttributes.email", …]` → `["email", …]`.
fn required_attributes(raw: Option<&str>) -> Vec<String> {
    let list: Vec<String> = raw
        .and_then(|r| serde_json::from_str(r).ok())
        .unwrap_or_default();
    list.into_iter()
        .map(|a| {
            a.strip_prefix("userAttributes.")
                .map(str::to_owned)
                .unwrap_or(a)
        })
        .collect()
}

pub(super) async fn load(client: &AuthClient) -> Result<Option<PendingSignIn>> {
    let Some(bytes) = client
        .sessions()
        .await
        .records()
        .get(Record::PendingSignIn)
        .await?
    else {
        return Ok(None);
    };
    match serde_json::from_slice::<PendingSignIn>(&bytes) {
        Ok(p) if p.version == VERSION => Ok(Some(p)),
        _ => {
            tracing::warn!("unreadable pending sign-in dropped");
            clear(client).await?;
            Ok(None)
        }
    }
}

pub(super) async fn save(client: &AuthClient, pending: &PendingSignIn) -> Result<()> {
    let mut p = pending.clone();
    p.version = VERSION;
    client.write_record(Record::PendingSignIn, Some(&p)).await
}

pub(super) async fn clear(client: &AuthClient) -> Result<()> {
    client
        .write_record::<PendingSignIn>(Record::PendingSignIn, None)
        .await
}
