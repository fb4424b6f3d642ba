//! The first request of each flow, the SRP steps (password and device) and the loop that
//! answers what can be answered without the user.

use super::pending::{self, PendingSignIn, Stage};
use super::types::{AuthFactor, SignInFlow, SignInNextStep, SignInResult};
use super::{Attempt, error_to_next_step, param};
use crate::client::AuthClient;
use crate::error::{AuthError, Result};
use crate::secret::Secret;
use crate::session::DeviceSecrets;
use crate::srp::{self, SrpClient};
use crate::wire::user_pool::{
    AuthChallengeResponse, InitiateAuthRequest, RespondToAuthChallengeRequest,
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
        return Err(AuthError::NotSupported(
            "WEB_AUTHN (passkeys) is not supported on this platform".into(),
        ));
    }

    let device = client.device_secrets(username).await?;
    let mut params: BTreeMap<String, Secret> = BTreeMap::new();
    params.insert("USERNAME".into(), username.into());
    if let Some(h) = pool.secret_hash(username) {
        params.insert("SECRET_HASH".into(), h);
    }
    if let Some(d) = &device {
        params.insert("DEVICE_KEY".into(), d.device_key.clone().into());
    }
    let mut srp_client = None;
    let auth_flow = match &flow {
        SignInFlow::UserSrp | SignInFlow::CustomWithSrp => {
            let c = srp::take_prepared().await?;
            params.insert("SRP_A".into(), c.public_a_hex().into());
            srp_client = Some(c);
            if flow == SignInFlow::CustomWithSrp {
                params.insert("CHALLENGE_NAME".into(), "SRP_A".into());
                "CUSTOM_AUTH"
            } else {
                "USER_SRP_AUTH"
            }
        }
        SignInFlow::UserPassword => {
            let p = password.as_ref().map(|p| p.as_str()).unwrap_or_default();
            params.insert("PASSWORD".into(), p.into());
            "USER_PASSWORD_AUTH"
        }
        SignInFlow::CustomWithoutSrp => "CUSTOM_AUTH",
        SignInFlow::UserAuth {
            preferred_first_factor,
        } => {
            if let Some(f) = preferred_first_factor {
                params.insert("PREFERRED_CHALLENGE".into(), f.as_cognito().into());
                match f {
                    AuthFactor::Password => {
                        let p = password.as_ref().map(|p| p.as_str()).unwrap_or_default();
                        params.insert("PASSWORD".into(), p.into());
                    }
                    AuthFactor::PasswordSrp => {
                        let c = srp::take_prepared().await?;
                        params.insert("SRP_A".into(), c.public_a_hex().into());
                        srp_client = Some(c);
                    }
                    _ => {}
                }
            }
            "USER_AUTH"
        }
    };
    let attempt = Attempt {
        typed_username: username.to_owned(),
        challenge_username: username.to_owned(),
        client_metadata: client_metadata.clone(),
        flow: flow.clone(),
    };
    let resp = pool
        .initiate_auth(&InitiateAuthRequest {
            auth_flow: auth_flow.into(),
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
        if let Some(u) = param(&resp, "USERNAME") {
            attempt.challenge_username = u.to_owned();
        }
        match challenge.as_str() {
            "PASSWORD_VERIFIER" => {
                let Some((srp_client, password)) = srp_ctx.take() else {
                    return Err(AuthError::InvalidResponse(
                        "PASSWORD_VERIFIER without an SRP sign-in in progress".into(),
                    ));
                };
                resp =
                    password_verifier(client, &mut attempt, &resp, &srp_client, &password, &device)
                        .await?;
            }
            "DEVICE_SRP_AUTH" if !device_srp_done => {
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
            _ => {
                let p = PendingSignIn {
                    version: 0,
                    challenge: challenge.clone(),
                    stage: if challenge == "MFA_SETUP" {
                        Stage::MfaSetupSelection
                    } else {
                        Stage::Answer
                    },
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
    let user_id = param(resp, "USER_ID_FOR_SRP")
        .unwrap_or(&attempt.challenge_username)
        .to_owned();
    let missing = |n: &str| AuthError::InvalidResponse(format!("PASSWORD_VERIFIER without {n}"));
    let salt = param(resp, "SALT").ok_or_else(|| missing("SALT"))?;
    let srp_b = param(resp, "SRP_B").ok_or_else(|| missing("SRP_B"))?;
    let block = param(resp, "SECRET_BLOCK").ok_or_else(|| missing("SECRET_BLOCK"))?;
    let pool_name = srp::pool_name(&pool.pool().pool_id);
    let key = srp_client.authentication_key(pool_name, &user_id, password, salt, srp_b)?;
    let timestamp = srp::timestamp(client.clock().now());
    let signature = key.sign(pool_name, &user_id, block, &timestamp)?;

    let username = param(resp, "USERNAME").unwrap_or(&user_id).to_owned();
    attempt.challenge_username = username.clone();
    let mut answers: BTreeMap<String, Secret> = BTreeMap::new();
    answers.insert("USERNAME".into(), username.as_str().into());
    answers.insert("PASSWORD_CLAIM_SECRET_BLOCK".into(), block.into());
    answers.insert("PASSWORD_CLAIM_SIGNATURE".into(), signature.into());
    answers.insert("TIMESTAMP".into(), timestamp.into());
    if let Some(h) = pool.secret_hash(&username) {
        answers.insert("SECRET_HASH".into(), h);
    }
    if let Some(d) = device {
        answers.insert("DEVICE_KEY".into(), d.device_key.clone().into());
    }
    respond(
        client,
        attempt,
        "PASSWORD_VERIFIER",
        resp.session.clone(),
        answers,
    )
    .await
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
    let mut answers: BTreeMap<String, Secret> = BTreeMap::new();
    answers.insert("USERNAME".into(), username.as_str().into());
    answers.insert("DEVICE_KEY".into(), device.device_key.clone().into());
    answers.insert("SRP_A".into(), srp_client.public_a_hex().into());
    if let Some(h) = pool.secret_hash(&username) {
        answers.insert("SECRET_HASH".into(), h);
    }
    let next = respond(
        client,
        attempt,
        "DEVICE_SRP_AUTH",
        resp.session.clone(),
        answers,
    )
    .await?;
    if next.challenge_name.as_deref() != Some("DEVICE_PASSWORD_VERIFIER") {
        return Ok(next);
    }
    let missing =
        |n: &str| AuthError::InvalidResponse(format!("DEVICE_PASSWORD_VERIFIER without {n}"));
    let salt = param(&next, "SALT").ok_or_else(|| missing("SALT"))?;
    let srp_b = param(&next, "SRP_B").ok_or_else(|| missing("SRP_B"))?;
    let block = param(&next, "SECRET_BLOCK").ok_or_else(|| missing("SECRET_BLOCK"))?;
    let key = srp_client.authentication_key(
        &device.device_group_key,
        &device.device_key,
        device.device_password.expose(),
        salt,
        srp_b,
    )?;
    let timestamp = srp::timestamp(client.clock().now());
    let signature = key.sign(
        &device.device_group_key,
        &device.device_key,
        block,
        &timestamp,
    )?;
    let username = param(&next, "USERNAME").unwrap_or(&username).to_owned();
    let mut answers: BTreeMap<String, Secret> = BTreeMap::new();
    answers.insert("USERNAME".into(), username.as_str().into());
    answers.insert("DEVICE_KEY".into(), device.device_key.clone().into());
    answers.insert("PASSWORD_CLAIM_SECRET_BLOCK".into(), block.into());
    answers.insert("PASSWORD_CLAIM_SIGNATURE".into(), signature.into());
    answers.insert("TIMESTAMP".into(), timestamp.into());
    if let Some(h) = pool.secret_hash(&username) {
        answers.insert("SECRET_HASH".into(), h);
    }
    respond(
        client,
        attempt,
        "DEVICE_PASSWORD_VERIFIER",
        next.session.clone(),
        answers,
    )
    .await
}

/// `RespondToAuthChallenge` with this attempt's client and metadata.
pub(super) async fn respond(
    client: &AuthClient,
    attempt: &Attempt,
    challenge: &str,
    session: Option<Secret>,
    answers: BTreeMap<String, Secret>,
) -> Result<AuthChallengeResponse> {
    let pool = client.user_pool()?;
    Ok(pool
        .respond_to_auth_challenge(&RespondToAuthChallengeRequest {
            client_id: pool.client_id().to_owned(),
            challenge_name: challenge.to_owned(),
            session,
            challenge_responses: answers,
            client_metadata: attempt.client_metadata.clone(),
        })
        .await?)
}

/// Keeps the WebAuthn next step typed rather than an error.
pub(super) fn unsupported(challenge: &str) -> SignInResult {
    SignInResult {
        next_step: SignInNextStep::ChallengeNotSupported {
            challenge: challenge.to_owned(),
        },
    }
}

/// Saves the pending sign-in and returns its next step.
pub(super) async fn park(client: &AuthClient, p: PendingSignIn) -> Result<SignInResult> {
    let next_step = p.next_step();
    pending::save(client, &p).await?;
    Ok(SignInResult { next_step })
}
