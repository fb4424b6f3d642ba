//! Auto sign-in after sign-up: Cognito's `USER_AUTH` with the session that `SignUp` and
//! `ConfirmSignUp` hand back, so the user is not asked for the password again (and the
//! password is never kept).

use super::flows::advance;
use super::{Attempt, SignInFlow, SignInResult, pending};
use crate::client::AuthClient;
use crate::error::{AuthError, Result};
use crate::secret::Secret;
use crate::session::Record;
use crate::wire::user_pool::{AuthFlow, AuthParameters, InitiateAuthRequest};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct AutoSignIn {
    pub(crate) username: String,
    pub(crate) session: Secret,
    /// Whether the sign-up is confirmed (only then can the session sign in).
    pub(crate) confirmed: bool,
}

/// Remembers the session of a sign-up (or of its confirmation).
pub(crate) async fn remember(client: &AuthClient, state: Option<&AutoSignIn>) -> Result<()> {
    client.write_record(Record::AutoSignIn, state).await
}

/// The remembered sign-up session of `username`, if any.
pub(crate) async fn recall(
    client: &AuthClient,
    username: Option<&str>,
) -> Result<Option<AutoSignIn>> {
    Ok(client
        .read_record::<AutoSignIn>(Record::AutoSignIn)
        .await?
        .filter(|a| username.is_none_or(|u| u == a.username)))
}

impl AuthClient {
    /// Signs in the user who just signed up and confirmed (next step `CompleteAutoSignIn`),
    /// with the session Cognito issued for it.
    pub async fn auto_sign_in(&self) -> Result<SignInResult> {
        self.bounded(async move {
            self.ensure_no_session().await?;
            let state = recall(self, None)
                .await?
                .filter(|a| a.confirmed)
                .ok_or_else(|| {
                    AuthError::InvalidState(
                        "no confirmed sign-up is waiting for auto sign-in".into(),
                    )
                })?;
            let pool = self.user_pool()?;
            pending::clear(self).await?;
            // No `DEVICE_KEY` here; a remembered device still answers DEVICE_SRP_AUTH in `advance`.
            let params = AuthParameters::for_user(pool, &state.username, None);
            let resp = pool
                .send(&InitiateAuthRequest {
                    auth_flow: AuthFlow::UserAuth,
                    client_id: pool.client_id().to_owned(),
                    auth_parameters: params,
                    client_metadata: BTreeMap::new(),
                    session: Some(state.session.clone()),
                })
                .await;
            // The session is single-use, whatever the answer.
            remember(self, None).await?;
            let attempt = Attempt {
                typed_username: state.username.clone(),
                challenge_username: state.username.clone(),
                client_metadata: BTreeMap::new(),
                flow: SignInFlow::UserAuth {
                    preferred_first_factor: None,
                },
            };
            let device = self.device_secrets(&state.username).await?;
            advance(self, attempt, resp?, None, device).await
        })
        .await
    }
}
