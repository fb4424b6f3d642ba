//! Signing in to a user pool: every flow (SRP, password, custom, choice-based) and every
//! challenge Cognito can put in the way, as next steps the app answers with
//! [`AuthClient::confirm_sign_in`].
//!
//! A sign-in that stops at a challenge is kept in secure storage (the Cognito session, the
//! user name, the challenge; never the password), so the answer may come from another process
//! (the CLI) or after the app was restarted. SRP runs within one call: an ephemeral never
//! outlives the request that used it.

mod auto;
mod challenge;
mod flows;
mod pending;
mod types;

pub use types::{
    AuthFactor, ConfirmSignInOptions, MfaType, SignInFlow, SignInNextStep, SignInOptions,
    SignInResult, TotpSetupDetails,
};

pub(crate) use auto::{
    AutoSignIn, recall as recall_auto_sign_in, remember as remember_auto_sign_in,
};

use crate::client::AuthClient;
use crate::error::{AuthError, Result};
use crate::session::SignInMethod;
use crate::tokens::UserPoolTokens;
use crate::wire::user_pool::AuthenticationResult;
use std::collections::BTreeMap;

impl AuthClient {
    /// Starts a sign-in. The result's next step says what Cognito wants next; `Done` means
    /// the user is signed in (tokens stored, [`crate::AuthEvent::SignedIn`] emitted).
    ///
    /// A sign-in while a user is signed in is refused with [`AuthError::InvalidState`]. A wrong
    /// password is [`AuthError::NotAuthorized`] and stores nothing.
    pub async fn sign_in(
        &self,
        username: &str,
        password: Option<&str>,
        options: SignInOptions,
    ) -> Result<SignInResult> {
        self.bounded(async move {
            self.ensure_no_session().await?;
            if username.is_empty() {
                return Err(AuthError::InvalidParameter("username is empty".into()));
            }
            // A new sign-in abandons any earlier one that was waiting for an answer.
            pending::clear(self).await?;
            let flow = options
                .flow
                .clone()
                .unwrap_or_else(|| SignInFlow::from_config(self.config().default_auth_flow));
            flows::start(self, username, password, flow, options.client_metadata).await
        })
        .await
    }

    /// Answers the challenge of the sign-in in progress: a code, a choice (MFA type, first
    /// factor, `TOTP`/`EMAIL` for MFA set-up), a new password, a custom answer, an email
    /// address (email MFA set-up) or the password (after choosing a password factor).
    pub async fn confirm_sign_in(
        &self,
        response: &str,
        options: ConfirmSignInOptions,
    ) -> Result<SignInResult> {
        self.bounded(async move {
            self.ensure_no_session().await?;
            let pending = pending::load(self).await?.ok_or_else(|| {
                AuthError::InvalidState("no sign-in is waiting for an answer; call sign_in".into())
            })?;
            challenge::confirm(self, pending, response, options).await
        })
        .await
    }

    /// The sign-in waiting for an answer, if any (its next step again), e.g. after a restart.
    pub async fn pending_sign_in(&self) -> Result<Option<SignInResult>> {
        Ok(pending::load(self).await?.map(|p| SignInResult {
            next_step: p.next_step(),
        }))
    }

    /// Abandons the sign-in waiting for an answer, if any (the user went back to sign-in).
    pub(crate) async fn forget_pending_sign_in(&self) -> Result<()> {
        pending::clear(self).await
    }

    /// Completes a sign-in with the tokens Cognito issued: confirms a new device, stores the
    /// session, forgets the pending state.
    async fn finish_sign_in(
        &self,
        result: AuthenticationResult,
        typed_username: &str,
    ) -> Result<SignInResult> {
        let new_device = result.new_device_metadata.clone();
        let tokens = UserPoolTokens::from_result(result, self.clock().now_unix(), None)?;
        if let Some(device) = new_device {
            // A device that cannot be confirmed is not remembered; the sign-in still counts
            // (as in Amplify): the next sign-in simply asks for the password's MFA again.
            if let Err(e) = self
                .confirm_new_device(&tokens, &device, typed_username)
                .await
            {
                tracing::warn!(error = %e, "ConfirmDevice failed; device not remembered");
            }
        }
        self.complete_sign_in(tokens, SignInMethod::UserPool)
            .await?;
        pending::clear(self).await?;
        Ok(SignInResult {
            next_step: SignInNextStep::Done,
        })
    }
}

/// Context of one sign-in while it runs.
#[derive(Debug, Clone)]
struct Attempt {
    /// The name the user typed (device secrets are kept under it).
    typed_username: String,
    /// The name Cognito wants in `USERNAME` and `SECRET_HASH` from now on.
    challenge_username: String,
    client_metadata: BTreeMap<String, String>,
    /// What the user asked for (USER_AUTH first factor), kept for the pending state.
    flow: SignInFlow,
}

/// Maps Cognito's "you must do something else first" errors to next steps, as Amplify does.
fn error_to_next_step(e: AuthError) -> Result<SignInResult> {
    match e {
        AuthError::UserNotConfirmed(_) => Ok(SignInResult {
            next_step: SignInNextStep::ConfirmSignUp,
        }),
        AuthError::PasswordResetRequired(_) => Ok(SignInResult {
            next_step: SignInNextStep::ResetPassword,
        }),
        e => Err(e),
    }
}
