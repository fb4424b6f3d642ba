//! Challenges that need the user: presenting them, and answering them.

use super::flows::{advance, device_key, park, respond, unsupported};
use super::pending::{self, PendingSignIn, Stage, setup_choices};
use super::types::{AuthFactor, ConfirmSignInOptions, MfaType, SignInResult};
use super::{Attempt, SignInNextStep};
use crate::client::AuthClient;
use crate::error::{AuthError, Result};
use crate::srp;
use crate::wire::user_pool::{
    AssociateSoftwareTokenRequest, AuthParameters, Challenge, VerifySoftwareTokenRequest,
};
use zeroize::Zeroizing;

/// Turns a challenge into a next step, storing what the answer will need.
pub(super) async fn present(client: &AuthClient, mut p: PendingSignIn) -> Result<SignInResult> {
    match &p.challenge {
        Challenge::MfaSetup => {
            let choices = setup_choices(&p.mfa_list("MFAS_CAN_SETUP"));
            match choices.as_slice() {
                [] => {
                    pending::clear(client).await?;
                    Ok(unsupported(&p.challenge))
                }
                [MfaType::Totp] => associate_totp(client, p).await,
                [MfaType::Email] => {
                    p.stage = Stage::EmailMfaSetup;
                    park(client, p).await
                }
                _ => park(client, p).await,
            }
        }
        Challenge::SmsMfa
        | Challenge::SoftwareTokenMfa
        | Challenge::EmailOtp
        | Challenge::SmsOtp
        | Challenge::SelectMfaType
        | Challenge::NewPasswordRequired
        | Challenge::Custom
        | Challenge::SelectFirstFactor => park(client, p).await,
        // Answered without the user before it gets here, or not at all on this platform.
        Challenge::PasswordVerifier
        | Challenge::DeviceSrpAuth
        | Challenge::DevicePasswordVerifier
        | Challenge::WebAuthn
        | Challenge::Other(_) => {
            pending::clear(client).await?;
            Ok(unsupported(&p.challenge))
        }
    }
}

/// MFA_SETUP with TOTP: associates an authenticator and asks for its first code.
async fn associate_totp(client: &AuthClient, mut p: PendingSignIn) -> Result<SignInResult> {
    let pool = client.user_pool()?;
    let resp = pool
        .send(&AssociateSoftwareTokenRequest {
            access_token: None,
            session: p.session.clone(),
        })
        .await?;
    if resp.session.is_some() {
        p.session = resp.session;
    }
    p.stage = Stage::TotpSetup {
        secret: resp.secret_code,
    };
    park(client, p).await
}

pub(super) async fn confirm(
    client: &AuthClient,
    p: PendingSignIn,
    response: &str,
    options: ConfirmSignInOptions,
) -> Result<SignInResult> {
    let outcome = answer(client, p.clone(), response, options).await;
    if let Err(e) = &outcome {
        // A wrong code or password may be tried again within the same Cognito session;
        // anything else (an expired session above all) ends the attempt.
        let retryable = matches!(
            e,
            AuthError::CodeMismatch(_)
                | AuthError::InvalidPassword(_)
                | AuthError::InvalidParameter(_)
                | AuthError::EnableSoftwareTokenMfa(_)
                | AuthError::PasswordHistoryPolicyViolation(_)
        ) || e.is_transient();
        if !retryable {
            pending::clear(client).await?;
        }
    }
    outcome
}

async fn answer(
    client: &AuthClient,
    mut p: PendingSignIn,
    response: &str,
    options: ConfirmSignInOptions,
) -> Result<SignInResult> {
    let pool = client.user_pool()?;
    let attempt = Attempt {
        typed_username: p.typed_username.clone(),
        challenge_username: p.challenge_username.clone(),
        client_metadata: if options.client_metadata.is_empty() {
            p.client_metadata.clone()
        } else {
            options.client_metadata.clone()
        },
        flow: p.flow.clone(),
    };
    let device = client.device_secrets(&p.typed_username).await?;
    let mut answers =
        AuthParameters::for_user(pool, &attempt.challenge_username, device_key(&device));
    let mut srp_ctx = None;
    let challenge = p.challenge.clone();

    match p.stage.clone() {
        Stage::Answer => match &challenge {
            Challenge::SmsMfa
            | Challenge::SoftwareTokenMfa
            | Challenge::EmailOtp
            | Challenge::SmsOtp => {
                answers = answers.code(&challenge, response);
            }
            Challenge::SelectMfaType => {
                let allowed = p.mfa_list("MFAS_CAN_CHOOSE");
                let choice = MfaType::parse(response)
                    .filter(|m| allowed.is_empty() || allowed.contains(m))
                    .ok_or_else(|| {
                        AuthError::InvalidParameter(format!(
                            "`{response}` is not one of the offered MFA types"
                        ))
                    })?;
                answers = answers.answer(choice.as_cognito());
            }
            Challenge::NewPasswordRequired => {
                answers = answers.new_password(response, &options.user_attributes);
            }
            Challenge::Custom => {
                answers = answers.answer(response);
            }
            Challenge::SelectFirstFactor => {
                let factor = AuthFactor::from_cognito(response)
                    .filter(|f| p.factors().is_empty() || p.factors().contains(f))
                    .ok_or_else(|| {
                        AuthError::InvalidParameter(format!(
                            "`{response}` is not one of the offered first factors"
                        ))
                    })?;
                match factor {
                    AuthFactor::WebAuthn => return Ok(unsupported(&Challenge::WebAuthn)),
                    AuthFactor::Password | AuthFactor::PasswordSrp => {
                        p.stage = Stage::Password { factor };
                        return park(client, p).await;
                    }
                    AuthFactor::EmailOtp | AuthFactor::SmsOtp => {
                        answers = answers.answer(factor.as_cognito());
                    }
                }
            }
            // Not parked at `Stage::Answer` (see `present`).
            Challenge::MfaSetup
            | Challenge::PasswordVerifier
            | Challenge::DeviceSrpAuth
            | Challenge::DevicePasswordVerifier
            | Challenge::WebAuthn
            | Challenge::Other(_) => return Ok(unsupported(&challenge)),
        },
        Stage::Password { factor } => {
            answers = answers.answer(factor.as_cognito());
            if factor == AuthFactor::PasswordSrp {
                let c = srp::take_prepared().await?;
                answers = answers.srp_a(c.public_a_hex());
                srp_ctx = Some((c, Zeroizing::new(response.to_owned())));
            } else {
                answers = answers.password(response);
            }
        }
        Stage::MfaSetupSelection => {
            let allowed = setup_choices(&p.mfa_list("MFAS_CAN_SETUP"));
            match MfaType::parse(response).filter(|m| allowed.contains(m)) {
                Some(MfaType::Totp) => return associate_totp(client, p).await,
                Some(MfaType::Email) => {
                    p.stage = Stage::EmailMfaSetup;
                    return park(client, p).await;
                }
                _ => {
                    return Err(AuthError::InvalidParameter(format!(
                        "`{response}` is not one of the MFA methods that can be set up"
                    )));
                }
            }
        }
        Stage::TotpSetup { .. } => {
            let verified = pool
                .send(&VerifySoftwareTokenRequest {
                    access_token: None,
                    session: p.session.clone(),
                    user_code: response.into(),
                    friendly_device_name: options.friendly_device_name.clone(),
                })
                .await?;
            if verified.status.as_deref() == Some("ERROR") {
                return Err(AuthError::CodeMismatch(
                    "the authenticator's code did not verify".into(),
                ));
            }
            if verified.session.is_some() {
                p.session = verified.session;
            }
        }
        Stage::EmailMfaSetup => {
            answers = answers.email(response);
        }
    }

    let resp = respond(client, &attempt, challenge, p.session.clone(), answers).await?;
    let result = advance(client, attempt, resp, srp_ctx, device).await?;
    if result.next_step == SignInNextStep::Done {
        pending::clear(client).await?;
    }
    Ok(result)
}
