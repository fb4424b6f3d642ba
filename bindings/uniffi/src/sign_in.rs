//! Sign-in: every flow, every next step with its data, confirming a challenge, auto sign-in.

use crate::client::AuthClient;
use crate::error::AuthError;
use crate::runtime;
use cognito_auth as core;
use cognito_auth::{AuthFactor, CodeDelivery, MfaType, SignInFlow};
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

/// A first factor of choice-based sign-in (`USER_AUTH`).
#[uniffi::remote(Enum)]
pub enum AuthFactor {
    /// The password, sent over TLS.
    Password,
    /// The password, proven with SRP.
    PasswordSrp,
    /// A one-time code by email.
    EmailOtp,
    /// A one-time code by SMS.
    SmsOtp,
    /// A passkey (not supported here: reported as `ChallengeNotSupported`).
    WebAuthn,
}

/// A second factor.
#[uniffi::remote(Enum)]
pub enum MfaType {
    /// Code by SMS.
    Sms,
    /// Authenticator app (TOTP).
    Totp,
    /// Code by email.
    Email,
}

/// Cognito's name of an MFA type (`SMS_MFA`, `SOFTWARE_TOKEN_MFA`, `EMAIL_OTP`): the answer
/// `confirm_sign_in` expects when the user picks it.
#[uniffi::export]
pub fn mfa_type_answer(mfa_type: MfaType) -> String {
    mfa_type.as_cognito().to_owned()
}

/// Cognito's name of a first factor (`PASSWORD_SRP`, `EMAIL_OTP`, …): the answer
/// `confirm_sign_in` expects when the user picks it.
#[uniffi::export]
pub fn auth_factor_answer(factor: AuthFactor) -> String {
    factor.as_cognito().to_owned()
}

/// How a sign-in starts.
#[uniffi::remote(Enum)]
pub enum SignInFlow {
    /// `USER_SRP_AUTH` (the default): the password never leaves the device.
    UserSrp,
    /// `USER_PASSWORD_AUTH`: the password is sent over TLS (user migration needs it).
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

/// Inputs of `sign_in` besides the credentials.
#[derive(Debug, Clone, Default, PartialEq, Eq, uniffi::Record)]
pub struct SignInOptions {
    /// The flow; `None` = the configuration's default (SRP unless it says otherwise).
    #[uniffi(default = None)]
    pub flow: Option<SignInFlow>,
    /// Metadata passed to the pool's Lambda triggers.
    #[uniffi(default)]
    pub client_metadata: HashMap<String, String>,
}

impl From<SignInOptions> for core::SignInOptions {
    fn from(o: SignInOptions) -> Self {
        Self {
            flow: o.flow,
            client_metadata: o.client_metadata.into_iter().collect(),
        }
    }
}

/// Inputs of `confirm_sign_in` besides the answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, uniffi::Record)]
pub struct ConfirmSignInOptions {
    /// Attributes Cognito requires with a new password (`ConfirmWithNewPassword`).
    #[uniffi(default)]
    pub user_attributes: HashMap<String, String>,
    /// Metadata passed to the pool's Lambda triggers.
    #[uniffi(default)]
    pub client_metadata: HashMap<String, String>,
    /// Name of the authenticator app during TOTP set-up.
    #[uniffi(default = None)]
    pub friendly_device_name: Option<String>,
}

impl From<ConfirmSignInOptions> for core::ConfirmSignInOptions {
    fn from(o: ConfirmSignInOptions) -> Self {
        Self {
            user_attributes: o.user_attributes.into_iter().collect(),
            client_metadata: o.client_metadata.into_iter().collect(),
            friendly_device_name: o.friendly_device_name,
        }
    }
}

/// A TOTP secret to put into an authenticator app. An object, so it prints without the secret.
#[derive(uniffi::Object)]
#[uniffi::export(Debug)]
pub struct TotpSetupDetails(pub(crate) core::TotpSetupDetails);

impl fmt::Debug for TotpSetupDetails {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The core's Debug leaves the secret out.
        fmt::Debug::fmt(&self.0, f)
    }
}

#[uniffi::export]
impl TotpSetupDetails {
    /// The shared secret (base32), for manual entry. A secret: never log it.
    pub fn shared_secret(&self) -> String {
        self.0.shared_secret.expose().to_owned()
    }

    /// The user it is for.
    pub fn username(&self) -> String {
        self.0.username.clone()
    }

    /// `otpauth://totp/<issuer>:<account>?secret=…&issuer=<issuer>` for a QR code; the
    /// account defaults to the user name. Contains the secret.
    #[uniffi::method(default(account = None))]
    pub fn setup_uri(&self, issuer: String, account: Option<String>) -> String {
        self.0.setup_uri(&issuer, account.as_deref())
    }
}

/// What the app does next in a sign-in.
#[derive(Debug, Clone, uniffi::Enum)]
pub enum SignInNextStep {
    /// Ask for the code sent by SMS; answer with it.
    ConfirmWithSmsMfaCode {
        /// Where it went.
        delivery: Option<CodeDelivery>,
    },
    /// Ask for the authenticator app's code; answer with it.
    ConfirmWithTotpCode,
    /// Ask for a one-time code sent by email or SMS; answer with it.
    ConfirmWithOtp {
        /// Where it went.
        delivery: Option<CodeDelivery>,
    },
    /// Let the user pick the MFA method; answer with [`mfa_type_answer`].
    ContinueWithMfaSelection {
        /// The methods offered.
        allowed: Vec<MfaType>,
    },
    /// MFA is required but none is set up: pick one to set up (answer with
    /// [`mfa_type_answer`] of `Totp` or `Email`).
    ContinueWithMfaSetupSelection {
        /// The methods that can be set up here.
        allowed: Vec<MfaType>,
    },
    /// Show the TOTP secret (QR code from `setup_uri`), then answer with the app's first code.
    ContinueWithTotpSetup {
        /// The secret and user.
        details: Arc<TotpSetupDetails>,
    },
    /// Ask for the email address that will receive MFA codes; answer with it.
    ContinueWithEmailMfaSetup,
    /// Ask for a new password; answer with it, required attributes in the options.
    ConfirmWithNewPassword {
        /// Attributes the pool requires (`email`, `name`, …).
        required_attributes: Vec<String>,
    },
    /// Answer the pool's custom challenge.
    ConfirmWithCustomChallenge {
        /// Public challenge parameters from the Lambda.
        parameters: HashMap<String, String>,
    },
    /// Pick the first factor; answer with [`auth_factor_answer`].
    ContinueWithFirstFactorSelection {
        /// The factors offered.
        available: Vec<AuthFactor>,
    },
    /// Answer with the password (a password factor was chosen).
    ConfirmWithPassword,
    /// Cognito asked for something this platform cannot do (passkeys, an unknown challenge).
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

impl From<core::SignInNextStep> for SignInNextStep {
    fn from(s: core::SignInNextStep) -> Self {
        use core::SignInNextStep as C;
        match s {
            C::ConfirmWithSmsMfaCode { delivery } => Self::ConfirmWithSmsMfaCode { delivery },
            C::ConfirmWithTotpCode => Self::ConfirmWithTotpCode,
            C::ConfirmWithOtp { delivery } => Self::ConfirmWithOtp { delivery },
            C::ContinueWithMfaSelection { allowed } => Self::ContinueWithMfaSelection { allowed },
            C::ContinueWithMfaSetupSelection { allowed } => {
                Self::ContinueWithMfaSetupSelection { allowed }
            }
            C::ContinueWithTotpSetup { details } => Self::ContinueWithTotpSetup {
                details: Arc::new(TotpSetupDetails(details)),
            },
            C::ContinueWithEmailMfaSetup => Self::ContinueWithEmailMfaSetup,
            C::ConfirmWithNewPassword {
                required_attributes,
            } => Self::ConfirmWithNewPassword {
                required_attributes,
            },
            C::ConfirmWithCustomChallenge { parameters } => Self::ConfirmWithCustomChallenge {
                parameters: parameters.into_iter().collect(),
            },
            C::ContinueWithFirstFactorSelection { available } => {
                Self::ContinueWithFirstFactorSelection { available }
            }
            C::ConfirmWithPassword => Self::ConfirmWithPassword,
            C::ChallengeNotSupported { challenge } => Self::ChallengeNotSupported { challenge },
            C::ResetPassword => Self::ResetPassword,
            C::ConfirmSignUp => Self::ConfirmSignUp,
            C::Done => Self::Done,
            // The core's enum is #[non_exhaustive]: a step added there without one here is
            // reported by name rather than dropped.
            other => Self::ChallengeNotSupported {
                challenge: format!("{other:?}"),
            },
        }
    }
}

/// Result of a sign-in step.
#[derive(Debug, Clone, uniffi::Record)]
pub struct SignInResult {
    /// Whether the user is now signed in (`next_step` is `Done`).
    pub is_signed_in: bool,
    /// What to do next.
    pub next_step: SignInNextStep,
}

impl From<core::SignInResult> for SignInResult {
    fn from(r: core::SignInResult) -> Self {
        Self {
            is_signed_in: r.is_signed_in(),
            next_step: r.next_step.into(),
        }
    }
}

#[uniffi::export]
impl AuthClient {
    /// Starts a sign-in; the next step says what Cognito wants next (`Done`: signed in,
    /// event `SignedIn`). A wrong password is `NotAuthorized`; a sign-in while a user is
    /// signed in is `InvalidState`.
    #[uniffi::method(default(password = None, options = None))]
    pub async fn sign_in(
        &self,
        username: String,
        password: Option<String>,
        options: Option<SignInOptions>,
    ) -> Result<SignInResult, AuthError> {
        runtime::guard_async(async {
            let options = options.unwrap_or_default().into();
            let result = self
                .core
                .sign_in(&username, password.as_deref(), options)
                .await?;
            Ok(result.into())
        })
        .await
    }

    /// Answers the challenge of the sign-in in progress: a code, a choice, a new password,
    /// a custom answer, an email address, or the password.
    #[uniffi::method(default(options = None))]
    pub async fn confirm_sign_in(
        &self,
        response: String,
        options: Option<ConfirmSignInOptions>,
    ) -> Result<SignInResult, AuthError> {
        runtime::guard_async(async {
            let options = options.unwrap_or_default().into();
            Ok(self.core.confirm_sign_in(&response, options).await?.into())
        })
        .await
    }

    /// The sign-in waiting for an answer, if any (its next step again), e.g. after a restart.
    pub async fn pending_sign_in(&self) -> Result<Option<SignInResult>, AuthError> {
        runtime::guard_async(async { Ok(self.core.pending_sign_in().await?.map(Into::into)) }).await
    }

    /// Signs in the user who just signed up and confirmed (sign-up next step
    /// `CompleteAutoSignIn`), without asking for the password again.
    pub async fn auto_sign_in(&self) -> Result<SignInResult, AuthError> {
        runtime::guard_async(async { Ok(self.core.auto_sign_in().await?.into()) }).await
    }
}
