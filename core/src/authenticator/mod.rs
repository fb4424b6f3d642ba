//! The Authenticator: the whole sign-in UI as a state machine with no UI in it. Renderers
//! (Compose, SwiftUI, the terminal) draw the [`AuthenticatorScreen`] it gives and hand back
//! what the user typed or pressed; the screens, their fields, the checks made before any
//! request, where a server error lands and every text come from here, so each platform
//! behaves the same and is tested once, in Rust.
//!
//! Each call returns the screen to show next, so a renderer needs no observer. When the
//! session changes outside the Authenticator (signed out elsewhere, a refresh token
//! rejected), [`Authenticator::refresh`] picks the screen for the stored state again; a
//! renderer calls it on the client's events.
//!
//! What is checked before a request (see `validate.rs`): required fields, email and phone
//! shapes, user names without spaces, 6-digit codes, the pool's password policy for a new
//! password, the password typed twice alike, all read from the client's configuration
//! (`password_policy`, `standard_required_attributes`, `username_attributes`,
//! `user_verification_types`). A refused form makes no request.

mod forms;
mod screen;
mod strings;
mod validate;

pub use screen::{
    AuthenticatorAction, AuthenticatorScreen, AuthenticatorStep, ContactMethod, FieldKind,
    FormField, ScreenAction, SocialProvider,
};
pub use strings::default_strings;

use crate::client::AuthClient;
use crate::error::{AuthError, Result};
use crate::hosted_ui::WebUiOptions;
use crate::sign_in::{
    AuthFactor, ConfirmSignInOptions, MfaType, SignInFlow, SignInNextStep, SignInOptions,
};
use crate::sign_out::SignOutOptions;
use crate::sign_up::{DeliveryMedium, SignUpNextStep, SignUpOptions};
use crate::state::UserState;
use crate::user::ResetPasswordNextStep;
use forms::Context;
use std::collections::BTreeMap;
use strings::Strings;

/// How an [`Authenticator`] looks and behaves beyond the pool's configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthenticatorOptions {
    /// Replacements for the default English texts, by key (see [`default_strings`]).
    pub strings: BTreeMap<String, String>,
    /// The issuer an authenticator app shows for the TOTP key (`otpauth://` URI).
    pub totp_issuer: String,
    /// Leaves out the "create an account" button (apps whose users are created by an admin).
    pub hide_sign_up: bool,
    /// The screen a signed-out user starts on (Amplify UI's `initialState`): sign-in, or
    /// straight to sign-up or to a password reset. A stored session, a pending challenge or
    /// an ended session still decides first.
    pub initial_screen: InitialScreen,
    /// After sign-in, asks a user whose account has an email address or phone number, none
    /// of them verified, to verify one (or skip), as Amplify UI does: without a verified
    /// contact a forgotten password cannot be reset. Off by default: it costs a `GetUser`
    /// request at every sign-in, and pools that verify at sign-up never need it.
    pub verify_contact: bool,
}

/// Where a signed-out user starts ([`AuthenticatorOptions::initial_screen`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InitialScreen {
    /// The sign-in form.
    #[default]
    SignIn,
    /// The sign-up form (sign-in when `hide_sign_up`).
    SignUp,
    /// The forgot-password form.
    ForgotPassword,
}

impl Default for AuthenticatorOptions {
    fn default() -> Self {
        Self {
            strings: BTreeMap::new(),
            totp_issuer: "AWSCognito".into(),
            hide_sign_up: false,
            initial_screen: InitialScreen::SignIn,
            verify_contact: false,
        }
    }
}

/// Where the flow is: the step and what the user typed (secrets never kept).
#[derive(Debug, Clone)]
pub(crate) struct State {
    step: AuthenticatorStep,
    /// The user the flow is about (typed at sign-in, sign-up or reset).
    username: String,
    /// Non-secret values typed last, shown again.
    values: BTreeMap<String, String>,
    errors: BTreeMap<String, String>,
    banner: Option<String>,
    /// Replaces the step's own message (a session that ended, an account confirmed).
    notice: Option<String>,
    /// Attributes the new-password challenge requires.
    required_attributes: Vec<String>,
}

impl State {
    fn at(step: AuthenticatorStep, username: &str) -> Self {
        let mut values = BTreeMap::new();
        if !username.is_empty() {
            values.insert("username".to_owned(), username.to_owned());
        }
        Self {
            step,
            username: username.to_owned(),
            values,
            errors: BTreeMap::new(),
            banner: None,
            notice: None,
            required_attributes: Vec::new(),
        }
    }

    fn with_notice(mut self, text: String) -> Self {
        self.notice = Some(text);
        self
    }

    fn with_banner(mut self, text: String) -> Self {
        self.banner = Some(text);
        self
    }
}

/// The sign-in flow of one [`AuthClient`], screen by screen. Cheap to keep for the life of
/// a screen stack; calls are serialised (a second tap waits for the first and then acts on
/// the screen the first left).
pub struct Authenticator {
    client: AuthClient,
    options: AuthenticatorOptions,
    strings: Strings,
    /// The social providers of `auth.oauth.identity_providers`, in their order and once
    /// each (read from the configuration once).
    social: Vec<SocialProvider>,
    state: std::sync::Mutex<State>,
    /// Serialises the calls that change the state (the network in between included).
    turn: tokio::sync::Mutex<()>,
}

impl std::fmt::Debug for Authenticator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Authenticator")
            .field("step", &self.lock().step)
            .finish_non_exhaustive()
    }
}

impl Authenticator {
    /// An Authenticator on the screen the stored state calls for: signed in, the challenge a
    /// sign-in left pending (after a restart), sign-in with the user name kept when the
    /// session expired, else the options' `initial_screen`.
    pub async fn start(client: AuthClient, options: AuthenticatorOptions) -> Self {
        let strings = Strings::new(options.strings.clone());
        let mut social = Vec::new();
        let names = client
            .config()
            .oauth
            .iter()
            .flat_map(|o| &o.identity_providers);
        for p in names.filter_map(|n| SocialProvider::from_config(n)) {
            if !social.contains(&p) {
                social.push(p);
            }
        }
        let me = Self {
            client,
            options,
            strings,
            social,
            state: std::sync::Mutex::new(State::at(AuthenticatorStep::SignIn, "")),
            turn: tokio::sync::Mutex::new(()),
        };
        let first = me.refresh().await;
        // A plain signed-out start (no name kept, nothing to say) may open elsewhere.
        let plain = first.step == AuthenticatorStep::SignIn
            && first.message.is_none()
            && first.banner.is_none()
            && first.field("username").is_none_or(|f| f.value.is_empty());
        let initial = match me.options.initial_screen {
            InitialScreen::SignUp if !me.options.hide_sign_up => Some(AuthenticatorStep::SignUp),
            InitialScreen::ForgotPassword => Some(AuthenticatorStep::ForgotPassword),
            _ => None,
        };
        if let (true, Some(step)) = (plain, initial) {
            me.set(State::at(step, ""));
        }
        me
    }

    /// The screen to show now.
    pub fn screen(&self) -> AuthenticatorScreen {
        forms::screen(&self.lock(), &self.context())
    }

    /// Picks the screen for the stored state again (after the session changed elsewhere).
    pub async fn refresh(&self) -> AuthenticatorScreen {
        let _turn = self.turn.lock().await;
        let state = self.stored_state().await;
        // Verifying a contact happens signed in: the sign-in's own event must not end it.
        let verifying = matches!(
            self.lock().step,
            AuthenticatorStep::VerifyContact { .. }
                | AuthenticatorStep::ConfirmVerifyContact { .. }
        );
        if verifying && matches!(state.step, AuthenticatorStep::SignedIn { .. }) {
            return self.screen();
        }
        self.set(state)
    }

    /// Sends the current screen's form: `values` by field name. A form that fails the
    /// checks comes back with its errors and nothing is sent; a server error lands on its
    /// field or in the banner. `InvalidState` only when the screen has no form to submit.
    pub async fn submit(&self, values: BTreeMap<String, String>) -> Result<AuthenticatorScreen> {
        let _turn = self.turn.lock().await;
        let state = self.lock().clone();
        let ctx = self.context();
        let specs = forms::specs(&state.step, &state, &ctx);
        if !forms::actions(&state.step, &ctx)
            .iter()
            .any(|a| a.action == AuthenticatorAction::Submit)
        {
            return Err(AuthError::InvalidState(format!(
                "{:?} has no form to submit",
                state.step
            )));
        }
        let mut kept = state.clone();
        kept.values = specs
            .iter()
            .filter(|s| !s.kind.is_secret())
            .filter_map(|s| values.get(&s.name).map(|v| (s.name.clone(), v.clone())))
            .collect();
        kept.errors.clear();
        kept.banner = None;
        let clean = match validate::validate(
            &specs,
            &values,
            &self.client.config().password_policy,
            &self.strings,
        ) {
            Ok(clean) => clean,
            Err(errors) => {
                kept.errors = errors;
                return Ok(self.set(kept));
            }
        };
        let next = match self.send(&kept, &clean).await {
            Ok(next) => next,
            Err(e) => self.place_error(kept, e),
        };
        Ok(self.set(next))
    }

    /// Does what a button other than `Submit` says (`Submit` sends `values` as they were
    /// last typed; use [`Self::submit`] instead). `InvalidState` for an action the current
    /// screen does not offer.
    pub async fn action(&self, action: AuthenticatorAction) -> Result<AuthenticatorScreen> {
        if action == AuthenticatorAction::Submit {
            let values = self.lock().values.clone();
            return self.submit(values).await;
        }
        let _turn = self.turn.lock().await;
        let state = self.lock().clone();
        if !forms::actions(&state.step, &self.context())
            .iter()
            .any(|a| a.action == action)
        {
            return Err(AuthError::InvalidState(format!(
                "{action:?} is not offered on {:?}",
                state.step
            )));
        }
        let next = match self.act(&state, action).await {
            Ok(next) => next,
            Err(e) => {
                let mut state = state;
                state.errors.clear();
                state.banner = None;
                self.place_error(state, e)
            }
        };
        Ok(self.set(next))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic while the lock was held leaves a state that is still whole.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn set(&self, state: State) -> AuthenticatorScreen {
        let screen = forms::screen(&state, &self.context());
        *self.lock() = state;
        screen
    }

    /// The configured social providers when the client has a presenter to show the hosted
    /// UI; none otherwise (a button that cannot work is not shown).
    fn social_providers(&self) -> &[SocialProvider] {
        if self.client.web_auth_presenter().is_some() {
            &self.social
        } else {
            &[]
        }
    }

    fn flow(&self) -> SignInFlow {
        SignInFlow::from_config(self.client.config().default_auth_flow)
    }

    fn context(&self) -> Context<'_> {
        Context {
            config: self.client.config(),
            strings: &self.strings,
            hide_sign_up: self.options.hide_sign_up,
            passwordless_start: matches!(
                self.flow(),
                SignInFlow::UserAuth {
                    preferred_first_factor: None
                }
            ),
            social: self.social_providers(),
        }
    }

    /// The state the stored session calls for.
    async fn stored_state(&self) -> State {
        let s = &self.strings;
        match self.client.user_state().await {
            UserState::SignedIn => self.signed_in("").await,
            UserState::SignedOutUserPoolsTokenInvalid => {
                let username = self.expired_username().await.unwrap_or_default();
                State::at(AuthenticatorStep::SignIn, &username)
                    .with_notice(s.get("message.session_expired"))
            }
            _ => match self.client.pending_sign_in().await {
                Ok(Some(pending)) => {
                    let start = State::at(AuthenticatorStep::SignIn, "");
                    match self.after_sign_in(&start, pending.next_step).await {
                        Ok(state) => state,
                        Err(e) => self.place_error(start, e),
                    }
                }
                Ok(None) => State::at(AuthenticatorStep::SignIn, ""),
                Err(e) => self.place_error(State::at(AuthenticatorStep::SignIn, ""), e),
            },
        }
    }

    /// The user whose session expired (kept in storage as a sign-in hint).
    async fn expired_username(&self) -> Option<String> {
        let accounts = self.client.accounts().await.ok()?;
        accounts.into_iter().find(|a| a.active)?.username
    }

    /// The request a valid form makes, and the state it leads to.
    async fn send(&self, state: &State, v: &BTreeMap<String, String>) -> Result<State> {
        let c = &self.client;
        let s = &self.strings;
        let get = |k: &str| v.get(k).map(String::as_str).unwrap_or("");
        let none = BTreeMap::new;
        match &state.step {
            AuthenticatorStep::SignIn => {
                let username = get("username");
                let mut at = state.clone();
                at.username = username.to_owned();
                let password = v.get("password").map(String::as_str);
                let result = c
                    .sign_in(username, password, SignInOptions::default())
                    .await?;
                self.after_sign_in(&at, result.next_step).await
            }
            AuthenticatorStep::SignUp => {
                let username = get("username");
                let kind = forms::username_kind(c.config());
                let mut attributes: BTreeMap<String, String> = v
                    .iter()
                    .filter(|(k, _)| {
                        !matches!(k.as_str(), "username" | "password" | "confirm_password")
                    })
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                if let Some(attr) = forms::username_attribute(kind) {
                    attributes.insert(attr.to_owned(), username.to_owned());
                }
                let options = SignUpOptions {
                    attributes,
                    ..Default::default()
                };
                let result = c.sign_up(username, Some(get("password")), options).await?;
                self.after_sign_up(username, result.next_step).await
            }
            AuthenticatorStep::ConfirmSignUp { .. } => {
                let result = c
                    .confirm_sign_up(&state.username, get("code"), none())
                    .await?;
                self.after_sign_up(&state.username, result.next_step).await
            }
            AuthenticatorStep::ForgotPassword => {
                let username = get("username");
                let next = c.reset_password(username, none()).await?;
                Ok(self.after_reset(username, next))
            }
            AuthenticatorStep::ConfirmResetPassword { .. } => {
                c.confirm_reset_password(&state.username, get("password"), get("code"), none())
                    .await?;
                Ok(State::at(AuthenticatorStep::SignIn, &state.username)
                    .with_notice(s.get("message.password_changed")))
            }
            AuthenticatorStep::ConfirmVerifyContact { contact, .. } => {
                c.confirm_user_attribute(contact.attribute(), get("code"))
                    .await?;
                Ok(self.signed_in(&state.username).await)
            }
            AuthenticatorStep::NewPasswordRequired => {
                let options = ConfirmSignInOptions {
                    user_attributes: state
                        .required_attributes
                        .iter()
                        .filter_map(|a| v.get(a).map(|x| (a.clone(), x.clone())))
                        .collect(),
                    ..Default::default()
                };
                let result = c.confirm_sign_in(get("password"), options).await?;
                self.after_sign_in(state, result.next_step).await
            }
            step => {
                let answer = match step {
                    AuthenticatorStep::SetupEmailMfa => get("email"),
                    AuthenticatorStep::ConfirmSignInWithPassword => get("password"),
                    AuthenticatorStep::CustomChallenge { .. } => get("answer"),
                    _ => get("code"),
                };
                let result = c
                    .confirm_sign_in(answer, ConfirmSignInOptions::default())
                    .await?;
                self.after_sign_in(state, result.next_step).await
            }
        }
    }

    /// What a button other than `Submit` does.
    async fn act(&self, state: &State, action: AuthenticatorAction) -> Result<State> {
        let c = &self.client;
        let typed = state.values.get("username").cloned().unwrap_or_default();
        let username = if state.username.is_empty() {
            typed
        } else {
            state.username.clone()
        };
        Ok(match action {
            AuthenticatorAction::GoToSignUp => State::at(AuthenticatorStep::SignUp, ""),
            AuthenticatorAction::ForgotPassword => {
                State::at(AuthenticatorStep::ForgotPassword, &username)
            }
            AuthenticatorAction::BackToSignIn => {
                // An abandoned challenge must not come back at the next launch.
                c.forget_pending_sign_in().await?;
                State::at(AuthenticatorStep::SignIn, &username)
            }
            AuthenticatorAction::ResendCode => {
                let mut again = state.clone();
                again.errors.clear();
                again.banner = None;
                match &state.step {
                    AuthenticatorStep::ConfirmSignUp { .. } => {
                        let delivery = c.resend_sign_up_code(&username, BTreeMap::new()).await?;
                        again.step = AuthenticatorStep::ConfirmSignUp { delivery };
                        again
                    }
                    AuthenticatorStep::ConfirmVerifyContact { contact, .. } => {
                        self.verify_contact(&username, *contact).await?
                    }
                    _ => self.after_reset(
                        &username,
                        c.reset_password(&username, BTreeMap::new()).await?,
                    ),
                }
            }
            AuthenticatorAction::SelectMfaType { mfa_type } => {
                let r = c
                    .confirm_sign_in(mfa_type.as_cognito(), ConfirmSignInOptions::default())
                    .await?;
                self.after_sign_in(state, r.next_step).await?
            }
            AuthenticatorAction::SelectFirstFactor { factor } => {
                let r = c
                    .confirm_sign_in(factor.as_cognito(), ConfirmSignInOptions::default())
                    .await?;
                self.after_sign_in(state, r.next_step).await?
            }
            AuthenticatorAction::SignInWith { provider } => {
                let Some(presenter) = c.web_auth_presenter() else {
                    return Err(AuthError::InvalidState(
                        "no web-auth presenter is set on the client, so the hosted UI cannot be shown"
                            .into(),
                    ));
                };
                // A web sign-in left pending (the app was killed while the page was open)
                // would refuse this one for ten minutes: the user has just asked anew.
                c.cancel_web_sign_in().await?;
                let options = WebUiOptions {
                    provider: Some(provider.as_cognito().into()),
                    ..WebUiOptions::default()
                };
                let back = State::at(state.step.clone(), &username);
                match c.sign_in_with_web_ui(presenter, options).await {
                    Ok(()) => self.after_sign_in(state, SignInNextStep::Done).await?,
                    // The user closed the page: back to the form, nothing to report.
                    Err(AuthError::Cancelled(_)) => back,
                    // Refused at the provider (consent declined, access denied): not a
                    // password matter, whatever the sign-in form's usual message says.
                    Err(AuthError::NotAuthorized(_)) => {
                        let name = self.strings.get(provider.string_key());
                        back.with_banner(
                            self.strings
                                .fill("error.social_failed", &[("provider", &name)]),
                        )
                    }
                    Err(e) => return Err(e),
                }
            }
            AuthenticatorAction::VerifyContact { contact } => {
                self.verify_contact(&username, contact).await?
            }
            AuthenticatorAction::Skip => self.signed_in(&username).await,
            AuthenticatorAction::SignOut => {
                // Never fails outright: whatever could not be revoked, the device is signed out.
                c.sign_out(SignOutOptions::default()).await;
                State::at(AuthenticatorStep::SignIn, "")
            }
            AuthenticatorAction::Submit => unreachable!("handled by submit"),
        })
    }

    /// The state a sign-in's next step leads to.
    async fn after_sign_in(&self, state: &State, next: SignInNextStep) -> Result<State> {
        let c = &self.client;
        let s = &self.strings;
        let username = state.username.clone();
        let at = |step| {
            let mut st = State::at(step, &username);
            st.required_attributes = state.required_attributes.clone();
            st
        };
        Ok(match next {
            SignInNextStep::Done => match self.unverified_contacts().await {
                Some(unverified) => at(AuthenticatorStep::VerifyContact { unverified }),
                None => self.signed_in(&username).await,
            },
            SignInNextStep::ConfirmWithSmsMfaCode { delivery } => {
                at(AuthenticatorStep::ConfirmSignInWithCode {
                    medium: MfaType::Sms,
                    delivery,
                })
            }
            SignInNextStep::ConfirmWithTotpCode => at(AuthenticatorStep::ConfirmSignInWithCode {
                medium: MfaType::Totp,
                delivery: None,
            }),
            SignInNextStep::ConfirmWithOtp { delivery } => {
                let sms = delivery
                    .as_ref()
                    .is_some_and(|d| d.medium == DeliveryMedium::Sms);
                at(AuthenticatorStep::ConfirmSignInWithCode {
                    medium: if sms { MfaType::Sms } else { MfaType::Email },
                    delivery,
                })
            }
            SignInNextStep::ContinueWithMfaSelection { allowed } => {
                at(AuthenticatorStep::SelectMfaType { allowed })
            }
            SignInNextStep::ContinueWithMfaSetupSelection { allowed } => {
                at(AuthenticatorStep::SelectMfaSetup { allowed })
            }
            SignInNextStep::ContinueWithTotpSetup { details } => at(AuthenticatorStep::SetupTotp {
                setup_uri: details.setup_uri(&self.options.totp_issuer, None),
                shared_secret: details.shared_secret.expose().to_owned(),
            }),
            SignInNextStep::ContinueWithEmailMfaSetup => at(AuthenticatorStep::SetupEmailMfa),
            SignInNextStep::ConfirmWithNewPassword {
                required_attributes,
            } => {
                let mut st = at(AuthenticatorStep::NewPasswordRequired);
                st.required_attributes = required_attributes;
                st
            }
            SignInNextStep::ConfirmWithCustomChallenge { parameters } => {
                at(AuthenticatorStep::CustomChallenge {
                    parameters: parameters.into_iter().collect(),
                })
            }
            SignInNextStep::ContinueWithFirstFactorSelection { available } => {
                // Passkeys cannot be used here; SRP stands for the password when both are
                // offered (the password never leaves the device).
                let srp = available.contains(&AuthFactor::PasswordSrp);
                let available = available
                    .into_iter()
                    .filter(|f| *f != AuthFactor::WebAuthn)
                    .filter(|f| !(srp && *f == AuthFactor::Password))
                    .collect();
                at(AuthenticatorStep::SelectFirstFactor { available })
            }
            SignInNextStep::ConfirmWithPassword => at(AuthenticatorStep::ConfirmSignInWithPassword),
            SignInNextStep::ResetPassword => {
                let next = c.reset_password(&username, BTreeMap::new()).await?;
                self.after_reset(&username, next)
                    .with_notice(s.get("message.reset_required"))
            }
            SignInNextStep::ConfirmSignUp => {
                let delivery = c.resend_sign_up_code(&username, BTreeMap::new()).await?;
                at(AuthenticatorStep::ConfirmSignUp { delivery })
            }
            SignInNextStep::ChallengeNotSupported { .. } => {
                c.forget_pending_sign_in().await?;
                State::at(AuthenticatorStep::SignIn, &username)
                    .with_banner(s.get("error.not_supported"))
            }
        })
    }

    /// Signed in as the session's user (`username`, the name typed, when it has none).
    async fn signed_in(&self, username: &str) -> State {
        let who = self.client.get_current_user().await.map(|u| u.username);
        State::at(
            AuthenticatorStep::SignedIn {
                username: who.unwrap_or_else(|_| username.to_owned()),
            },
            "",
        )
    }

    /// The contacts to offer for verification after a sign-in: those the account has and the
    /// pool verifies, when none is verified and `verify_contact` is on. `None` when there is nothing to ask, or
    /// the attributes cannot be read: a sign-in is never held up by this check.
    async fn unverified_contacts(&self) -> Option<Vec<ContactMethod>> {
        if !self.options.verify_contact {
            return None;
        }
        let attributes = match self.client.fetch_user_attributes().await {
            Ok(a) => a,
            Err(e) => {
                tracing::debug!(kind = e.kind(), "contact check skipped");
                return None;
            }
        };
        let verified = |c: ContactMethod| {
            attributes.get(c.verified_attribute()).map(String::as_str) == Some("true")
        };
        let all = [ContactMethod::Email, ContactMethod::Phone];
        if all.into_iter().any(verified) {
            return None;
        }
        // Cognito sends a code only for the pool's auto-verified attributes
        // (`user_verification_types`); when the configuration does not say, offer both.
        let verifiable = &self.client.config().verification_mechanisms;
        let pool_verifies = |c: &ContactMethod| {
            verifiable.is_empty()
                || verifiable
                    .iter()
                    .any(|v| v == c.attribute() || (v == "phone" && *c == ContactMethod::Phone))
        };
        let unverified: Vec<_> = all
            .into_iter()
            .filter(|c| attributes.get(c.attribute()).is_some_and(|v| !v.is_empty()))
            .filter(pool_verifies)
            .collect();
        (!unverified.is_empty()).then_some(unverified)
    }

    /// Sends the code that verifies `contact`: the screen that asks for it.
    async fn verify_contact(&self, username: &str, contact: ContactMethod) -> Result<State> {
        let delivery = self
            .client
            .send_user_attribute_verification_code(contact.attribute(), BTreeMap::new())
            .await?;
        Ok(State::at(
            AuthenticatorStep::ConfirmVerifyContact { contact, delivery },
            username,
        ))
    }

    /// After sign-up or its confirmation: the code screen, signed in (auto sign-in), or
    /// sign-in with the user name filled.
    async fn after_sign_up(&self, username: &str, next: SignUpNextStep) -> Result<State> {
        match next {
            SignUpNextStep::ConfirmSignUp { delivery } => Ok(State::at(
                AuthenticatorStep::ConfirmSignUp { delivery },
                username,
            )),
            SignUpNextStep::CompleteAutoSignIn => {
                let result = self.client.auto_sign_in().await?;
                let at = State::at(AuthenticatorStep::SignIn, username);
                self.after_sign_in(&at, result.next_step).await
            }
            SignUpNextStep::Done => Ok(State::at(AuthenticatorStep::SignIn, username)
                .with_notice(self.strings.get("message.confirmed"))),
        }
    }

    fn after_reset(&self, username: &str, next: ResetPasswordNextStep) -> State {
        match next {
            ResetPasswordNextStep::ConfirmResetPasswordWithCode { delivery } => State::at(
                AuthenticatorStep::ConfirmResetPassword { delivery },
                username,
            ),
            ResetPasswordNextStep::Done => State::at(AuthenticatorStep::SignIn, username)
                .with_notice(self.strings.get("message.password_changed")),
        }
    }

    /// Puts a failed request's error where the user will look for it: on the field it is
    /// about, else in the banner. A challenge whose sign-in has ended goes back to sign-in.
    fn place_error(&self, mut state: State, e: AuthError) -> State {
        let s = &self.strings;
        let has = |name: &str| {
            forms::specs(&state.step, &state, &self.context())
                .iter()
                .any(|f| f.name == name)
        };
        let signing_in = matches!(
            state.step,
            AuthenticatorStep::SignIn | AuthenticatorStep::ConfirmSignInWithPassword
        );
        let challenge = !matches!(
            state.step,
            AuthenticatorStep::SignIn
                | AuthenticatorStep::SignUp
                | AuthenticatorStep::ConfirmSignUp { .. }
                | AuthenticatorStep::ForgotPassword
                | AuthenticatorStep::ConfirmResetPassword { .. }
                | AuthenticatorStep::VerifyContact { .. }
                | AuthenticatorStep::ConfirmVerifyContact { .. }
                | AuthenticatorStep::SignedIn { .. }
        );
        let (field, text) = match &e {
            AuthError::NotAuthorized(_)
            | AuthError::UserNotFound(_)
            | AuthError::InvalidPassword(_)
                if signing_in =>
            {
                (None, s.get("error.sign_in_failed"))
            }
            AuthError::NotAuthorized(_) | AuthError::InvalidState(_) if challenge => {
                // Cognito ended the attempt (a refused answer, an expired session).
                let username = state.username.clone();
                return State::at(AuthenticatorStep::SignIn, &username)
                    .with_banner(s.get("error.start_again"));
            }
            AuthError::CodeMismatch(_) | AuthError::EnableSoftwareTokenMfa(_) if has("code") => {
                (Some("code"), s.get("error.code_mismatch"))
            }
            AuthError::ExpiredCode(_) if has("code") => (Some("code"), s.get("error.code_expired")),
            AuthError::UsernameExists(_) => (Some("username"), s.get("error.username_exists")),
            AuthError::AliasExists(_) => {
                let field = ["email", "phone_number"].into_iter().find(|f| has(f));
                (field.or(Some("username")), s.get("error.alias_exists"))
            }
            AuthError::UserNotFound(_) if has("username") => {
                (Some("username"), s.get("error.user_not_found"))
            }
            AuthError::InvalidPassword(m) if has("password") => (
                Some("password"),
                s.fill("error.invalid_password", &[("message", m)]),
            ),
            AuthError::PasswordHistoryPolicyViolation(_) if has("password") => {
                (Some("password"), s.get("error.password_reused"))
            }
            AuthError::LimitExceeded(_)
            | AuthError::TooManyRequests(_)
            | AuthError::TooManyFailedAttempts(_) => (None, s.get("error.too_many")),
            AuthError::Network(_) => (None, s.get("error.network")),
            AuthError::NotSupported(_) => (None, s.get("error.not_supported")),
            e => (
                None,
                s.fill("error.unexpected", &[("message", &e.to_string())]),
            ),
        };
        match field {
            Some(f) => {
                state.errors.insert(f.to_owned(), text);
            }
            None => state.banner = Some(text),
        }
        state
    }
}
