//! What a renderer draws: the screen, its fields and its buttons, every text already taken
//! from the string table. Plain data, so it crosses the FFI as it is.

use crate::sign_in::{AuthFactor, MfaType};
use crate::sign_up::CodeDelivery;
use std::collections::HashMap;
use std::fmt;

/// Where the user is in the flow, with what that step shows besides its fields.
#[derive(Clone, PartialEq, Eq)]
pub enum AuthenticatorStep {
    /// User name (and password, unless the pool signs in by choice of factor).
    SignIn,
    /// A new account: user name, password twice, the pool's required attributes.
    SignUp,
    /// The code sent after sign-up.
    ConfirmSignUp {
        /// Where it went.
        delivery: Option<CodeDelivery>,
    },
    /// The user name whose password is to be reset.
    ForgotPassword,
    /// The code sent for the reset, and the new password twice.
    ConfirmResetPassword {
        /// Where it went.
        delivery: Option<CodeDelivery>,
    },
    /// An administrator-created user chooses a password (and fills required attributes).
    NewPasswordRequired,
    /// A sign-in code: SMS or email MFA, a one-time password first factor, or a TOTP code.
    ConfirmSignInWithCode {
        /// SMS, email or the authenticator app (`Totp`).
        medium: MfaType,
        /// Where it went (none for TOTP).
        delivery: Option<CodeDelivery>,
    },
    /// TOTP set-up: show the key and a QR code of the URI, then ask for the app's code.
    SetupTotp {
        /// The base32 key, for typing into the app. A secret: never log it.
        shared_secret: String,
        /// `otpauth://totp/…` for the QR code (contains the key).
        setup_uri: String,
    },
    /// Pick the second factor for this sign-in (one action per method).
    SelectMfaType {
        /// The methods offered.
        allowed: Vec<MfaType>,
    },
    /// MFA is required and none is set up: pick the one to set up.
    SelectMfaSetup {
        /// The methods that can be set up here.
        allowed: Vec<MfaType>,
    },
    /// The email address that will receive sign-in codes.
    SetupEmailMfa,
    /// `USER_AUTH`: pick the first factor (one action per factor).
    SelectFirstFactor {
        /// The factors offered that this platform can use.
        available: Vec<AuthFactor>,
    },
    /// The password, after choosing a password factor.
    ConfirmSignInWithPassword,
    /// The pool's custom challenge (a Lambda's question).
    CustomChallenge {
        /// Its public parameters (a `HashMap`: the shape UniFFI carries).
        parameters: HashMap<String, String>,
    },
    /// Signed in, but neither the email address nor the phone number is verified, so a
    /// forgotten password could not be reset: verify one (an action per contact) or skip
    /// (`AuthenticatorOptions::verify_contact`, Amplify UI's "VerifyUser").
    VerifyContact {
        /// The contacts the account has, none of them verified.
        unverified: Vec<ContactMethod>,
    },
    /// The code sent to verify a contact.
    ConfirmVerifyContact {
        /// The contact being verified.
        contact: ContactMethod,
        /// Where the code went.
        delivery: Option<CodeDelivery>,
    },
    /// Signed in.
    SignedIn {
        /// Who (empty when federated to an identity pool without a user-pool user).
        username: String,
    },
}

impl fmt::Debug for AuthenticatorStep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // The key (and the URI that carries it) never print.
            Self::SetupTotp { .. } => f.write_str("SetupTotp { .. }"),
            Self::SignIn => f.write_str("SignIn"),
            Self::SignUp => f.write_str("SignUp"),
            Self::ConfirmSignUp { delivery } => f
                .debug_struct("ConfirmSignUp")
                .field("delivery", delivery)
                .finish(),
            Self::ForgotPassword => f.write_str("ForgotPassword"),
            Self::ConfirmResetPassword { delivery } => f
                .debug_struct("ConfirmResetPassword")
                .field("delivery", delivery)
                .finish(),
            Self::NewPasswordRequired => f.write_str("NewPasswordRequired"),
            Self::ConfirmSignInWithCode { medium, delivery } => f
                .debug_struct("ConfirmSignInWithCode")
                .field("medium", medium)
                .field("delivery", delivery)
                .finish(),
            Self::SelectMfaType { allowed } => f
                .debug_struct("SelectMfaType")
                .field("allowed", allowed)
                .finish(),
            Self::SelectMfaSetup { allowed } => f
                .debug_struct("SelectMfaSetup")
                .field("allowed", allowed)
                .finish(),
            Self::SetupEmailMfa => f.write_str("SetupEmailMfa"),
            Self::SelectFirstFactor { available } => f
                .debug_struct("SelectFirstFactor")
                .field("available", available)
                .finish(),
            Self::ConfirmSignInWithPassword => f.write_str("ConfirmSignInWithPassword"),
            Self::CustomChallenge { parameters } => f
                .debug_struct("CustomChallenge")
                .field("parameters", parameters)
                .finish(),
            Self::VerifyContact { unverified } => f
                .debug_struct("VerifyContact")
                .field("unverified", unverified)
                .finish(),
            Self::ConfirmVerifyContact { contact, delivery } => f
                .debug_struct("ConfirmVerifyContact")
                .field("contact", contact)
                .field("delivery", delivery)
                .finish(),
            Self::SignedIn { username } => f
                .debug_struct("SignedIn")
                .field("username", username)
                .finish(),
        }
    }
}

/// What a field holds, so the renderer picks the keyboard, autofill hint and masking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldKind {
    /// A user name (no autocorrect).
    Username,
    /// An email address.
    Email,
    /// A phone number with its country code (`+14155550123`).
    Phone,
    /// A password (hidden).
    Password,
    /// The password again (hidden).
    ConfirmPassword,
    /// A one-time code (digits).
    Code,
    /// Free text: other attributes, a custom challenge's answer.
    Text,
}

impl FieldKind {
    /// Whether the value is a secret: hidden on screen, never echoed back in a screen.
    pub fn is_secret(&self) -> bool {
        matches!(self, Self::Password | Self::ConfirmPassword | Self::Code)
    }
}

/// One input of a screen.
#[derive(Clone, PartialEq, Eq)]
pub struct FormField {
    /// Stable id, the key of its value in `submit` (`username`, `password`,
    /// `confirm_password`, `code`, `answer`, or an attribute's name such as `email`).
    pub name: String,
    /// What it holds.
    pub kind: FieldKind,
    /// Its label.
    pub label: String,
    /// What a screen reader says for it (label and whether it is required).
    pub accessibility_label: String,
    /// A hint under it (the password rules), if any.
    pub hint: Option<String>,
    /// The value to show: what the user typed last, or what the flow knows (the user name
    /// after a confirmation). Always empty for secret kinds.
    pub value: String,
    /// Whether it must be filled.
    pub required: bool,
    /// Why its value was refused, as a sentence.
    pub error: Option<String>,
}

impl fmt::Debug for FormField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FormField")
            .field("name", &self.name)
            .field("kind", &self.kind)
            .field(
                "value",
                &if self.kind.is_secret() {
                    "<hidden>"
                } else {
                    &self.value
                },
            )
            .field("required", &self.required)
            .field("error", &self.error)
            .finish_non_exhaustive()
    }
}

/// Something the user can do on a screen besides typing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuthenticatorAction {
    /// Send the form (the primary button).
    Submit,
    /// Go to the sign-up screen.
    GoToSignUp,
    /// Go to the forgot-password screen.
    ForgotPassword,
    /// Abandon this step and go back to sign-in.
    BackToSignIn,
    /// Send the confirmation or reset code again.
    ResendCode,
    /// Pick this MFA method (to use now, or to set up).
    SelectMfaType {
        /// The method.
        mfa_type: MfaType,
    },
    /// Pick this first factor.
    SelectFirstFactor {
        /// The factor.
        factor: AuthFactor,
    },
    /// Sign in through the hosted UI, straight to this social provider (shown only when
    /// `amplify_outputs.json` lists it and the client has a web-auth presenter).
    SignInWith {
        /// The provider.
        provider: SocialProvider,
    },
    /// Send a code to verify this contact.
    VerifyContact {
        /// The contact.
        contact: ContactMethod,
    },
    /// Leave the contact unverified for now and go on, signed in.
    Skip,
    /// Sign out.
    SignOut,
}

/// A way to reach the user that Cognito verifies, and so can send a reset code to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ContactMethod {
    /// The `email` attribute.
    Email,
    /// The `phone_number` attribute.
    Phone,
}

impl ContactMethod {
    /// Its user attribute.
    pub(crate) fn attribute(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::Phone => "phone_number",
        }
    }

    /// The attribute Cognito sets to `"true"` once it is verified.
    pub(crate) fn verified_attribute(self) -> &'static str {
        match self {
            Self::Email => "email_verified",
            Self::Phone => "phone_number_verified",
        }
    }
}

/// A social provider the hosted UI signs in with (`auth.oauth.identity_providers`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SocialProvider {
    /// Google (`GOOGLE`).
    Google,
    /// Facebook (`FACEBOOK`).
    Facebook,
    /// Login with Amazon (`LOGIN_WITH_AMAZON`).
    Amazon,
    /// Sign in with Apple (`SIGN_IN_WITH_APPLE`).
    Apple,
}

impl SocialProvider {
    /// The provider named in `identity_providers` (Gen 2 upper-case names, Gen 1's
    /// `socialProviders` names), if it is one of these.
    pub(crate) fn from_config(name: &str) -> Option<Self> {
        match name.to_ascii_uppercase().as_str() {
            "GOOGLE" => Some(Self::Google),
            "FACEBOOK" => Some(Self::Facebook),
            "LOGIN_WITH_AMAZON" | "AMAZON" | "LOGINWITHAMAZON" => Some(Self::Amazon),
            "SIGN_IN_WITH_APPLE" | "APPLE" | "SIGNINWITHAPPLE" => Some(Self::Apple),
            _ => None,
        }
    }

    /// Cognito's `identity_provider` value.
    pub(crate) fn as_cognito(self) -> &'static str {
        match self {
            Self::Google => "Google",
            Self::Facebook => "Facebook",
            Self::Amazon => "LoginWithAmazon",
            Self::Apple => "SignInWithApple",
        }
    }

    /// Its key in the string table (`provider.google`, …).
    pub(crate) fn string_key(self) -> &'static str {
        match self {
            Self::Google => "provider.google",
            Self::Facebook => "provider.facebook",
            Self::Amazon => "provider.amazon",
            Self::Apple => "provider.apple",
        }
    }
}

/// A button: what it does and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScreenAction {
    /// What it does (pass it to `action`, or call `submit` for `Submit`).
    pub action: AuthenticatorAction,
    /// Its text.
    pub label: String,
}

/// Everything a renderer needs to draw the current screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthenticatorScreen {
    /// The step, with its own data.
    pub step: AuthenticatorStep,
    /// The title.
    pub title: String,
    /// Information for the user (where a code went, a session that ended), if any.
    pub message: Option<String>,
    /// The inputs, in order.
    pub fields: Vec<FormField>,
    /// The buttons, the primary one first.
    pub actions: Vec<ScreenAction>,
    /// An error that belongs to no single field (a wrong password, the network), if any.
    pub banner: Option<String>,
}

impl AuthenticatorScreen {
    /// The field named `name`, if the screen has it.
    pub fn field(&self, name: &str) -> Option<&FormField> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// Whether the screen shows any error, on a field or as a banner.
    pub fn has_errors(&self) -> bool {
        self.banner.is_some() || self.fields.iter().any(|f| f.error.is_some())
    }
}
