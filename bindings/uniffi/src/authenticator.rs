//! The Authenticator: the core's sign-in UI state machine for the Compose and SwiftUI
//! renderers. Its screens are the core's own types (`#[uniffi::remote]`); the object wraps
//! the core's, and every call returns the screen to show next, so a renderer observes
//! nothing and no callback crosses the FFI. Texts come from the core's string table, which
//! the app may replace key by key (`AuthenticatorOptions.strings`).

use crate::client::AuthClient;
use crate::error::AuthError;
use crate::runtime;
use cognito_auth::{AuthFactor, CodeDelivery, MfaType};
pub use cognito_auth::{
    AuthenticatorAction, AuthenticatorScreen, AuthenticatorStep, ContactMethod, FieldKind,
    FormField, InitialScreen, ScreenAction, SocialProvider,
};
use std::collections::HashMap;
use std::sync::Arc;

/// Where the user is in the flow, with what that step shows besides its fields.
#[uniffi::remote(Enum)]
pub enum AuthenticatorStep {
    /// User name (and password, unless the pool signs in by choice of factor).
    SignIn,
    /// A new account.
    SignUp,
    /// The code sent after sign-up.
    ConfirmSignUp { delivery: Option<CodeDelivery> },
    /// The user name whose password is to be reset.
    ForgotPassword,
    /// The reset code and the new password twice.
    ConfirmResetPassword { delivery: Option<CodeDelivery> },
    /// An administrator-created user chooses a password.
    NewPasswordRequired,
    /// A sign-in code by SMS or email, or from the authenticator app (`Totp`).
    ConfirmSignInWithCode {
        medium: MfaType,
        delivery: Option<CodeDelivery>,
    },
    /// TOTP set-up: the key (a secret) and the `otpauth://` URI for a QR code.
    SetupTotp {
        shared_secret: String,
        setup_uri: String,
    },
    /// Pick the second factor for this sign-in.
    SelectMfaType { allowed: Vec<MfaType> },
    /// Pick the second factor to set up.
    SelectMfaSetup { allowed: Vec<MfaType> },
    /// The email address that will receive sign-in codes.
    SetupEmailMfa,
    /// Pick the first factor (`USER_AUTH`).
    SelectFirstFactor { available: Vec<AuthFactor> },
    /// The password, after choosing a password factor.
    ConfirmSignInWithPassword,
    /// The pool's custom challenge.
    CustomChallenge { parameters: HashMap<String, String> },
    /// Signed in, with no verified email or phone: verify one (or skip); offered with
    /// `AuthenticatorOptions.verify_contact`.
    VerifyContact { unverified: Vec<ContactMethod> },
    /// The code sent to verify a contact.
    ConfirmVerifyContact {
        contact: ContactMethod,
        delivery: Option<CodeDelivery>,
    },
    /// Signed in.
    SignedIn { username: String },
}

/// What a field holds (keyboard, autofill, masking).
#[uniffi::remote(Enum)]
pub enum FieldKind {
    /// A user name.
    Username,
    /// An email address.
    Email,
    /// A phone number with its country code.
    Phone,
    /// A password (hidden).
    Password,
    /// The password again (hidden).
    ConfirmPassword,
    /// A one-time code.
    Code,
    /// Free text.
    Text,
}

/// One input of a screen.
#[uniffi::remote(Record)]
pub struct FormField {
    /// Stable id: the key of its value in `submit`.
    pub name: String,
    /// What it holds.
    pub kind: FieldKind,
    /// Its label.
    pub label: String,
    /// What a screen reader says for it.
    pub accessibility_label: String,
    /// A hint under it (the password rules).
    pub hint: Option<String>,
    /// The value to show (always empty for passwords and codes).
    pub value: String,
    /// Whether it must be filled.
    pub required: bool,
    /// Why its value was refused.
    pub error: Option<String>,
}

/// Something the user can do on a screen besides typing.
#[uniffi::remote(Enum)]
pub enum AuthenticatorAction {
    /// Send the form.
    Submit,
    /// Go to sign-up.
    GoToSignUp,
    /// Go to the forgot-password screen.
    ForgotPassword,
    /// Abandon this step and go back to sign-in.
    BackToSignIn,
    /// Send the code again.
    ResendCode,
    /// Pick this MFA method.
    SelectMfaType { mfa_type: MfaType },
    /// Pick this first factor.
    SelectFirstFactor { factor: AuthFactor },
    /// Sign in through the hosted UI, straight to this provider (offered when the
    /// configuration lists it and `setWebAuthPresenter` gave the client a presenter).
    SignInWith { provider: SocialProvider },
    /// Send a code to verify this contact.
    VerifyContact { contact: ContactMethod },
    /// Leave the contact unverified for now, signed in.
    Skip,
    /// Sign out.
    SignOut,
}

/// A social provider the hosted UI signs in with.
#[uniffi::remote(Enum)]
pub enum SocialProvider {
    /// Google.
    Google,
    /// Facebook.
    Facebook,
    /// Login with Amazon.
    Amazon,
    /// Sign in with Apple.
    Apple,
}

/// A way to reach the user that Cognito verifies (and can send a reset code to).
#[uniffi::remote(Enum)]
pub enum ContactMethod {
    /// The `email` attribute.
    Email,
    /// The `phone_number` attribute.
    Phone,
}

/// A button: what it does and its text.
#[uniffi::remote(Record)]
pub struct ScreenAction {
    /// What it does.
    pub action: AuthenticatorAction,
    /// Its text.
    pub label: String,
}

/// Everything a renderer needs to draw the current screen.
#[uniffi::remote(Record)]
pub struct AuthenticatorScreen {
    /// The step, with its own data.
    pub step: AuthenticatorStep,
    /// The title.
    pub title: String,
    /// Information for the user, if any.
    pub message: Option<String>,
    /// The inputs, in order.
    pub fields: Vec<FormField>,
    /// The buttons, the primary one first.
    pub actions: Vec<ScreenAction>,
    /// An error that belongs to no single field, if any.
    pub banner: Option<String>,
}

/// How an Authenticator looks and behaves beyond the pool's configuration.
#[derive(Debug, Clone, Default, uniffi::Record)]
pub struct AuthenticatorOptions {
    /// Replacements for the default English texts, by key (`authenticator_default_strings`).
    #[uniffi(default)]
    pub strings: HashMap<String, String>,
    /// The issuer an authenticator app shows for the TOTP key; `null`/`nil`: `AWSCognito`.
    #[uniffi(default = None)]
    pub totp_issuer: Option<String>,
    /// Leaves out the "create an account" button.
    #[uniffi(default = false)]
    pub hide_sign_up: bool,
    /// Where a signed-out user starts (Amplify UI's `initialState`); `null`/`nil`: sign-in.
    #[uniffi(default = None)]
    pub initial_screen: Option<InitialScreen>,
    /// After sign-in, asks a user with an email address or phone number, none of them
    /// verified, to verify one (or skip), as Amplify UI does. Costs a request per sign-in.
    #[uniffi(default = false)]
    pub verify_contact: bool,
}

/// Where a signed-out user starts.
#[uniffi::remote(Enum)]
pub enum InitialScreen {
    /// The sign-in form.
    SignIn,
    /// The sign-up form (sign-in when sign-up is hidden).
    SignUp,
    /// The forgot-password form.
    ForgotPassword,
}

impl From<AuthenticatorOptions> for cognito_auth::AuthenticatorOptions {
    fn from(o: AuthenticatorOptions) -> Self {
        let defaults = Self::default();
        Self {
            strings: o.strings.into_iter().collect(),
            totp_issuer: o.totp_issuer.unwrap_or(defaults.totp_issuer),
            hide_sign_up: o.hide_sign_up,
            initial_screen: o.initial_screen.unwrap_or_default(),
            verify_contact: o.verify_contact,
        }
    }
}

/// Every text key of the Authenticator with its English default: what an app translates.
#[uniffi::export]
pub fn authenticator_default_strings() -> HashMap<String, String> {
    cognito_auth::default_strings().into_iter().collect()
}

/// The sign-in flow of one client, screen by screen. Each call returns the screen to show
/// next; call `refresh` when the client's events say the session changed elsewhere.
#[derive(uniffi::Object)]
#[uniffi::export(Debug)]
pub struct Authenticator {
    core: cognito_auth::Authenticator,
}

impl std::fmt::Debug for Authenticator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The core's Debug shows the step without its secrets.
        std::fmt::Debug::fmt(&self.core, f)
    }
}

#[uniffi::export]
impl Authenticator {
    /// An Authenticator on the screen the stored state calls for (signed in, a pending
    /// challenge, or sign-in with the user name kept after the session expired).
    #[uniffi::constructor(default(options = None))]
    pub async fn start(
        client: Arc<AuthClient>,
        options: Option<AuthenticatorOptions>,
    ) -> Result<Arc<Self>, AuthError> {
        runtime::guard_async(async move {
            let options = options.unwrap_or_default().into();
            let core = cognito_auth::Authenticator::start(client.core.clone(), options).await;
            Ok(Arc::new(Self { core }))
        })
        .await
    }

    /// The screen to show now.
    pub fn screen(&self) -> Result<AuthenticatorScreen, AuthError> {
        runtime::guard_sync(|| Ok(self.core.screen()))
    }

    /// Picks the screen for the stored state again.
    pub async fn refresh(&self) -> Result<AuthenticatorScreen, AuthError> {
        runtime::guard_async(async { Ok(self.core.refresh().await) }).await
    }

    /// Sends the current form (`values` by field name). Refused values and server errors
    /// come back on the screen; `InvalidState` only when the screen has no form.
    pub async fn submit(
        &self,
        values: HashMap<String, String>,
    ) -> Result<AuthenticatorScreen, AuthError> {
        runtime::guard_async(async { Ok(self.core.submit(values.into_iter().collect()).await?) })
            .await
    }

    /// Does what a button says; `InvalidState` for one the screen does not offer.
    pub async fn action(
        &self,
        action: AuthenticatorAction,
    ) -> Result<AuthenticatorScreen, AuthError> {
        runtime::guard_async(async { Ok(self.core.action(action).await?) }).await
    }
}
