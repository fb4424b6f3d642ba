//! The first request of each flow, the SRP steps (password and device) and the loop that
//! answers what can be answered without the user.

use super::pending::{self, PendingSignIn, Stage};
use super::types::{AuthFactor, SignInFlow, SignInNextStep, SignInResult};
use super::{Attempt, error_to_next_step};
use crate::client::AuthClient;
use crate::error::{AuthError, Result};
use crate::secret::Secret;
use crate::session::DeviceSecrets;
use crate::srp::{self, SrpClient};
use crate::wire::user_pool::{
    AuthChallengeResponse, AuthFlow, AuthParameters, Challenge, InitiateAuthRequest,
    RespondToAuthChallengeRequest,
};
use std::collections::BTreeMap;
use zeroize::Zeroizing;

pub(super) async fn start(
    client: &AuthClient,
    username: &str,
    password: Option<&str>,
    flow: SignInFlow,
    client_metadata: BTreeMap<String, String>,
) -> Result<SignInResult> {
    let pool = client.user_pool()?;
    let needs_password = matches!(
        flow,
        SignInFlow::UserSrp
            | SignInFlow::UserPassword
            | SignInFlow::CustomWithSrp
            | SignInFlow::UserAuth {
                preferred_first_factor: Some(AuthFactor::Password | AuthFactor::PasswordSrp)
            }
    );
    let password = match password {
        Some(p) if !p.is_empty() => Some(Zeroizing::new(p.to_owned())),
        _ if needs_password => {
            return Err(AuthError::InvalidParameter(
                "this sign-in flow needs a password".into(),
            ));
        }
        _ => None,
    };
    if let SignInFlow::UserAuth {
        preferred_first_factor: Some(AuthFactor::WebAuthn),
    } = flow
    {
        return Err(AuthError::NotSupported(format!(
            "{} (passkeys) is not supported on this platform",
            Challenge::WebAuthn
        )));
    }

    let device = client.device_secrets(username).await?;
    let mut params = AuthParameters::for_user(pool, username, device_key(&device));
    let mut srp_client = None;
    let auth_flow = match &flow {
        SignInFlow::UserSrp | SignInFlow::CustomWithSrp => {
            let c = srp::take_prepared().await?;
            params = params.srp_a(c.public_a_hex());
            srp_client = Some(c);
            if flow == SignInFlow::CustomWithSrp {
                params = params.custom_auth_with_srp();
                AuthFlow::Custom
            } else {
                AuthFlow::UserSrp
            }
        }
        SignInFlow::UserPassword => {
            let p = password.as_ref().map(|p| p.as_str()).unwrap_or_default();
            params = params.password(p);
            AuthFlow::UserPassword
        }
        SignInFlow::CustomWithoutSrp => AuthFlow::Custom,
        SignInFlow::UserAuth {
            preferred_first_factor,
        } => {
            if let Some(f) = preferred_first_factor {
                params = params.preferred_challenge(f.as_cognito());
                match f {
                    AuthFactor::Password => {
                        let p = password.as_ref().map(|p| p.as_str()).unwrap_or_default();
                        params = params.password(p);
                    }
                    AuthFactor::PasswordSrp => {
                        let c = srp::take_prepared().await?;
                        params = params.srp_a(c.public_a_hex());
                        srp_client = Some(c);
                    }
                    _ => {}
                }
            }
            AuthFlow::UserAuth
        }
    };
    let attempt = Attempt {
        typed_username: username.to_owned(),
        challenge_username: username.to_owned(),
        client_metadata: client_metadata.clone(),
        flow: flow.clone(),
    };
    let resp = pool
        .send(&InitiateAuthRequest {
            auth_flow,
            client_id: pool.client_id().to_owned(),
            auth_parameters: params,
            client_metadata,
            session: None,
        })
        .await
        .map_err(AuthError::from);
    let resp = match resp {
        Ok(r) => r,
        Err(e) => return error_to_next_step(e),
    };
    let srp_ctx = match (srp_client, password) {
        (Some(c), Some(p)) => Some((c, p)),
        _ => None,
    };
    advance(client, attempt, resp, srp_ctx, device).await
}

/// Answers automatic challenges (PASSWORD_VERIFIER with the SRP context, DEVICE_SRP_AUTH with
/// the device's secrets) until tokens arrive or the user is needed.
pub(super) async fn advance(
    client: &AuthClient,
    mut attempt: Attempt,
    mut resp: AuthChallengeResponse,
    mut srp_ctx: Option<(SrpClient, Zeroizing<String>)>,
    device: Option<DeviceSecrets>,
) -> Result<SignInResult> {
    let mut device_srp_done = false;
    loop {
        if let Some(result) = resp.authentication_result.take() {
            return client.finish_sign_in(result, &attempt.typed_username).await;
        }
        let Some(challenge) = resp.challenge_name.clone() else {
            return Err(AuthError::InvalidResponse(
                "Cognito answered with neither tokens nor a challenge".into(),
            ));
        };
        if let Some(u) = resp.username() {
            attempt.challenge_username = u.to_owned();
        }
        match challenge {
            Challenge::PasswordVerifier => {
                let Some((srp_client, password)) = srp_ctx.take() else {
                    return Err(AuthError::InvalidResponse(format!(
                        "{challenge} without an SRP sign-in in progress"
                    )));
                };
                resp =
                    password_verifier(client, &mut attempt, &resp, &srp_client, &password, &device)
                        .await?;
            }
            Challenge::DeviceSrpAuth if !device_srp_done => {
                let Some(d) = device.as_ref() else {
                    return Err(AuthError::InvalidState(
                        "Cognito asked for device authentication but this device has no \
                         remembered-device secrets"
                            .into(),
                    ));
                };
                resp = device_srp(client, &attempt, &resp, d).await?;
                device_srp_done = true;
            }
            // The user answers these (or nobody can): `present` says which.
            Challenge::DeviceSrpAuth
            | Challenge::DevicePasswordVerifier
            | Challenge::SmsMfa
            | Challenge::SoftwareTokenMfa
            | Challenge::EmailOtp
            | Challenge::SmsOtp
            | Challenge::SelectMfaType
            | Challenge::MfaSetup
            | Challenge::NewPasswordRequired
            | Challenge::Custom
            | Challenge::SelectFirstFactor
            | Challenge::WebAuthn
            | Challenge::Other(_) => {
                let p = PendingSignIn {
                    version: 0,
                    stage: if challenge == Challenge::MfaSetup {
                        Stage::MfaSetupSelection
                    } else {
                        Stage::Answer
                    },
                    challenge,
                    session: resp.session.clone(),
                    parameters: resp.challenge_parameters.clone(),
                    available_challenges: resp.available_challenges.clone(),
                    typed_username: attempt.typed_username.clone(),
                    challenge_username: attempt.challenge_username.clone(),
                    client_metadata: attempt.client_metadata.clone(),
                    flow: attempt.flow.clone(),
                };
                return super::challenge::present(client, p).await;
            }
        }
    }
}

/// Answers PASSWORD_VERIFIER with the SRP claim.
async fn password_verifier(
    client: &AuthClient,
    attempt: &mut Attempt,
    resp: &AuthChallengeResponse,
    srp_client: &SrpClient,
    password: &str,
    device: &Option<DeviceSecrets>,
) -> Result<AuthChallengeResponse> {
    let pool = client.user_pool()?;
    let user_id = resp
        .param("USER_ID_FOR_SRP")
        .unwrap_or(&attempt.challenge_username)
        .to_owned();
    let challenge = Challenge::PasswordVerifier;
    let server = SrpParameters::of(resp, &challenge)?;
    let pool_name = srp::pool_name(&pool.pool().pool_id);
    let key =
        srp_client.authentication_key(pool_name, &user_id, password, server.salt, server.srp_b)?;
    let timestamp = srp::timestamp(client.clock().now());
    let signature = key.sign(pool_name, &user_id, server.secret_block, &timestamp)?;

    let username = resp.username().unwrap_or(&user_id).to_owned();
    attempt.challenge_username = username.clone();
    let answers = AuthParameters::for_user(pool, &username, device_key(device)).srp_claim(
        server.secret_block,
        signature,
        timestamp,
    );
    respond(client, attempt, challenge, resp.session.clone(), answers).await
}

/// DEVICE_SRP_AUTH → DEVICE_PASSWORD_VERIFIER with the remembered device's secrets.
async fn device_srp(
    client: &AuthClient,
    attempt: &Attempt,
    resp: &AuthChallengeResponse,
    device: &DeviceSecrets,
) -> Result<AuthChallengeResponse> {
    let pool = client.user_pool()?;
    let srp_client = srp::take_prepared().await?;
    let username = attempt.challenge_username.clone();
    let answers = AuthParameters::for_user(pool, &username, Some(&device.device_key))
        .srp_a(srp_client.public_a_hex());
    let next = respond(
        client,
        attempt,
        Challenge::DeviceSrpAuth,
        resp.session.clone(),
        answers,
    )
    .await?;
    let challenge = Challenge::DevicePasswordVerifier;
    if next.challenge_name.as_ref() != Some(&challenge) {
        return Ok(next);
    }
    let server = SrpParameters::of(&next, &challenge)?;
    let key = srp_client.authentication_key(
        &device.device_group_key,
        &device.device_key,
        device.device_password.expose(),
        server.salt,
        server.srp_b,
    )?;
    let timestamp = srp::timestamp(client.clock().now());
    let signature = key.sign(
        &device.device_group_key,
        &device.device_key,
        server.secret_block,
        &timestamp,
    )?;
    let username = next.username().unwrap_or(&username).to_owned();
    let answers = AuthParameters::for_user(pool, &username, Some(&device.device_key)).srp_claim(
        server.secret_block,
        signature,
        timestamp,
    );
    respond(client, attempt, challenge, next.session.clone(), answers).await
}

/// What the server sends for an SRP proof (`PASSWORD_VERIFIER`, `DEVICE_PASSWORD_VERIFIER`).
struct SrpParameters<'a> {
    salt: &'a str,
    srp_b: &'a str,
    secret_block: &'a str,
}

impl<'a> SrpParameters<'a> {
    fn of(resp: &'a AuthChallengeResponse, challenge: &Challenge) -> Result<Self> {
        let get = |name: &str| {
            resp.param(name)
                .ok_or_else(|| AuthError::InvalidResponse(format!("{challenge} without {name}")))
        };
        Ok(Self {
            salt: get("SALT")?,
            srp_b: get("SRP_B")?,
            secret_block: get("SECRET_BLOCK")?,
        })
    }
}

/// The key of a remembered device, sent as `DEVICE_KEY`.
pub(super) fn device_key(device: &Option<DeviceSecrets>) -> Option<&str> {
    device.as_ref().map(|d| d.device_key.as_str())
}

/// `RespondToAuthChallenge` with this attempt's client and metadata.
pub(super) async fn respond(
    client: &AuthClient,
    attempt: &Attempt,
    challenge: Challenge,
    session: Option<Secret>,
    answers: AuthParameters,
) -> Result<AuthChallengeResponse> {
    let pool = client.user_pool()?;
    Ok(pool
        .send(&RespondToAuthChallengeRequest {
            client_id: pool.client_id().to_owned(),
            challenge_name: challenge,
            session,
            challenge_responses: answers,
            client_metadata: attempt.client_metadata.clone(),
        })
        .await?)
}

/// A challenge this platform cannot answer, as a typed next step rather than an error.
pub(super) fn unsupported(challenge: &Challenge) -> SignInResult {
    SignInResult {
        next_step: SignInNextStep::ChallengeNotSupported {
            challenge: challenge.to_string(),
        },
    }
}

/// Saves the pending sign-in and returns its next step.
pub(super) async fn park(client: &AuthClient, p: PendingSignIn) -> Result<SignInResult> {
    let next_step = p.next_step();
    pending::save(client, &p).await?;
    Ok(SignInResult { next_step })
}
