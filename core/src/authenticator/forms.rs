//! Which fields and buttons each step has, read from the pool's configuration, and the
//! screen a renderer gets for a state.

use super::State;
use super::screen::{
    AuthenticatorAction, AuthenticatorScreen, AuthenticatorStep, ContactMethod, FieldKind,
    FormField, ScreenAction, SocialProvider,
};
use super::strings::Strings;
use super::validate::{Spec, password_rules};
use crate::config::AuthConfig;
use crate::sign_in::{AuthFactor, MfaType};
use crate::sign_up::CodeDelivery;

/// What the forms depend on besides the state.
pub(crate) struct Context<'a> {
    pub(crate) config: &'a AuthConfig,
    pub(crate) strings: &'a Strings,
    pub(crate) hide_sign_up: bool,
    /// Sign-in starts with the user name alone (`USER_AUTH` without a preferred factor).
    pub(crate) passwordless_start: bool,
    /// The social providers offered on sign-in (configured, and a presenter to show them).
    pub(crate) social: &'a [SocialProvider],
}

/// The kind of the user-name field: what the pool signs users in with.
pub(crate) fn username_kind(config: &AuthConfig) -> FieldKind {
    let attrs = &config.username_attributes;
    let email = attrs.iter().any(|a| a == "email");
    let phone = attrs.iter().any(|a| a == "phone_number" || a == "phone");
    match (email, phone) {
        (true, false) => FieldKind::Email,
        (false, true) => FieldKind::Phone,
        _ => FieldKind::Username,
    }
}

/// The label of the user-name field: what the user types there.
fn username_label(config: &AuthConfig, s: &Strings) -> String {
    match username_kind(config) {
        FieldKind::Email => s.label("email"),
        FieldKind::Phone => s.label("phone_number"),
        _ if config.username_attributes.is_empty() => s.label("username"),
        _ => s.get("field.email_or_phone"),
    }
}

/// The attribute a user-name field of this kind also sets at sign-up.
pub(crate) fn username_attribute(kind: FieldKind) -> Option<&'static str> {
    match kind {
        FieldKind::Email => Some("email"),
        FieldKind::Phone => Some("phone_number"),
        _ => None,
    }
}

fn attribute_kind(name: &str) -> FieldKind {
    match name {
        "email" => FieldKind::Email,
        "phone_number" => FieldKind::Phone,
        _ => FieldKind::Text,
    }
}

/// The fields of a step, in order.
pub(crate) fn specs(step: &AuthenticatorStep, state: &State, ctx: &Context<'_>) -> Vec<Spec> {
    let username = || Spec::new("username", username_kind(ctx.config), true);
    let new_password = || {
        [
            Spec::new("password", FieldKind::Password, true).new_password(),
            Spec::new("confirm_password", FieldKind::ConfirmPassword, true),
        ]
    };
    let code = || Spec::new("code", FieldKind::Code, true);
    match step {
        AuthenticatorStep::SignIn if ctx.passwordless_start => vec![username()],
        AuthenticatorStep::SignIn => {
            vec![username(), Spec::new("password", FieldKind::Password, true)]
        }
        AuthenticatorStep::SignUp => {
            let mut out = vec![username()];
            out.extend(new_password());
            let taken = username_attribute(username_kind(ctx.config));
            let mut attrs: Vec<&String> = ctx.config.sign_up_attributes.iter().collect();
            // A code must reach the user somewhere: the verified attributes are asked too.
            attrs.extend(&ctx.config.verification_mechanisms);
            for name in attrs {
                let name = if name == "phone" {
                    "phone_number"
                } else {
                    name
                };
                if Some(name) != taken && !out.iter().any(|s| s.name == name) {
                    out.push(Spec::new(name, attribute_kind(name), true));
                }
            }
            out
        }
        AuthenticatorStep::ConfirmSignUp { .. } => vec![code()],
        AuthenticatorStep::ForgotPassword => vec![username()],
        AuthenticatorStep::ConfirmResetPassword { .. } => {
            let mut out = vec![code()];
            out.extend(new_password());
            out
        }
        AuthenticatorStep::NewPasswordRequired => {
            let mut out = new_password().to_vec();
            for name in &state.required_attributes {
                out.push(Spec::new(name, attribute_kind(name), true));
            }
            out
        }
        AuthenticatorStep::ConfirmSignInWithCode { .. }
        | AuthenticatorStep::SetupTotp { .. }
        | AuthenticatorStep::ConfirmVerifyContact { .. } => vec![code()],
        AuthenticatorStep::SetupEmailMfa => vec![Spec::new("email", FieldKind::Email, true)],
        AuthenticatorStep::ConfirmSignInWithPassword => {
            vec![Spec::new("password", FieldKind::Password, true)]
        }
        AuthenticatorStep::CustomChallenge { .. } => {
            vec![Spec::new("answer", FieldKind::Text, true)]
        }
        AuthenticatorStep::SelectMfaType { .. }
        | AuthenticatorStep::SelectMfaSetup { .. }
        | AuthenticatorStep::SelectFirstFactor { .. }
        | AuthenticatorStep::VerifyContact { .. }
        | AuthenticatorStep::SignedIn { .. } => Vec::new(),
    }
}

fn title_key(step: &AuthenticatorStep) -> &'static str {
    match step {
        AuthenticatorStep::SignIn => "sign_in.title",
        AuthenticatorStep::SignUp => "sign_up.title",
        AuthenticatorStep::ConfirmSignUp { .. } => "confirm_sign_up.title",
        AuthenticatorStep::ForgotPassword => "forgot_password.title",
        AuthenticatorStep::ConfirmResetPassword { .. } => "confirm_reset_password.title",
        AuthenticatorStep::NewPasswordRequired => "new_password.title",
        AuthenticatorStep::ConfirmSignInWithCode { .. } => "confirm_code.title",
        AuthenticatorStep::SetupTotp { .. } => "setup_totp.title",
        AuthenticatorStep::SelectMfaType { .. } => "select_mfa.title",
        AuthenticatorStep::SelectMfaSetup { .. } => "setup_mfa.title",
        AuthenticatorStep::SetupEmailMfa => "setup_email.title",
        AuthenticatorStep::SelectFirstFactor { .. } => "select_factor.title",
        AuthenticatorStep::ConfirmSignInWithPassword => "confirm_password.title",
        AuthenticatorStep::CustomChallenge { .. } => "custom_challenge.title",
        AuthenticatorStep::VerifyContact { .. } => "verify_contact.title",
        AuthenticatorStep::ConfirmVerifyContact { .. } => "confirm_verify_contact.title",
        AuthenticatorStep::SignedIn { .. } => "signed_in.title",
    }
}

fn code_sent(delivery: &Option<CodeDelivery>, s: &Strings) -> String {
    match delivery.as_ref().and_then(|d| d.destination.as_deref()) {
        Some(to) => s.fill("message.code_sent", &[("destination", to)]),
        None => s.get("message.code_sent_unknown"),
    }
}

fn message(step: &AuthenticatorStep, s: &Strings) -> Option<String> {
    Some(match step {
        AuthenticatorStep::ConfirmSignUp { delivery }
        | AuthenticatorStep::ConfirmResetPassword { delivery }
        | AuthenticatorStep::ConfirmVerifyContact { delivery, .. } => code_sent(delivery, s),
        AuthenticatorStep::VerifyContact { unverified } => s.get(match unverified.as_slice() {
            [ContactMethod::Email] => "message.verify_email",
            [ContactMethod::Phone] => "message.verify_phone",
            _ => "message.verify_contact",
        }),
        AuthenticatorStep::ConfirmSignInWithCode {
            medium: MfaType::Totp,
            ..
        } => s.get("message.totp_code"),
        AuthenticatorStep::ConfirmSignInWithCode { delivery, .. } => code_sent(delivery, s),
        AuthenticatorStep::SetupTotp { .. } => s.get("message.setup_totp"),
        AuthenticatorStep::NewPasswordRequired => s.get("message.new_password"),
        AuthenticatorStep::SignedIn { username } => {
            s.fill("message.signed_in_as", &[("username", username)])
        }
        _ => return None,
    })
}

fn mfa_key(m: MfaType) -> &'static str {
    match m {
        MfaType::Sms => "mfa.sms",
        MfaType::Totp => "mfa.totp",
        MfaType::Email => "mfa.email",
    }
}

fn factor_key(f: AuthFactor) -> &'static str {
    match f {
        AuthFactor::Password | AuthFactor::PasswordSrp | AuthFactor::WebAuthn => "factor.password",
        AuthFactor::EmailOtp => "factor.email_otp",
        AuthFactor::SmsOtp => "factor.sms_otp",
    }
}

fn contact_key(c: ContactMethod) -> &'static str {
    match c {
        ContactMethod::Email => "action.verify_email",
        ContactMethod::Phone => "action.verify_phone",
    }
}

/// The buttons of a step, the primary one first.
pub(crate) fn actions(step: &AuthenticatorStep, ctx: &Context<'_>) -> Vec<ScreenAction> {
    use AuthenticatorAction as A;
    let s = ctx.strings;
    let act = |action, key: &str| ScreenAction {
        action,
        label: s.get(key),
    };
    let back = || act(A::BackToSignIn, "action.back_to_sign_in");
    // "Sign in with Google", …: the hosted UI signs up a new user the same way.
    let social = |key: &'static str| {
        ctx.social.iter().map(move |p| ScreenAction {
            action: A::SignInWith { provider: *p },
            label: s.fill(key, &[("provider", &s.get(p.string_key()))]),
        })
    };
    match step {
        AuthenticatorStep::SignIn => {
            let mut out = vec![
                act(A::Submit, "action.sign_in"),
                act(A::ForgotPassword, "action.forgot_password"),
            ];
            if !ctx.hide_sign_up {
                out.push(act(A::GoToSignUp, "action.go_to_sign_up"));
            }
            out.extend(social("action.sign_in_with"));
            out
        }
        AuthenticatorStep::SignUp => [act(A::Submit, "action.create_account"), back()]
            .into_iter()
            .chain(social("action.sign_up_with"))
            .collect(),
        AuthenticatorStep::ConfirmSignUp { .. } => vec![
            act(A::Submit, "action.confirm"),
            act(A::ResendCode, "action.resend_code"),
            back(),
        ],
        AuthenticatorStep::ForgotPassword => vec![act(A::Submit, "action.send_code"), back()],
        AuthenticatorStep::ConfirmResetPassword { .. } => vec![
            act(A::Submit, "action.change_password"),
            act(A::ResendCode, "action.resend_code"),
            back(),
        ],
        AuthenticatorStep::NewPasswordRequired => {
            vec![act(A::Submit, "action.change_password"), back()]
        }
        AuthenticatorStep::SetupEmailMfa => vec![act(A::Submit, "action.continue"), back()],
        AuthenticatorStep::ConfirmSignInWithPassword => {
            vec![act(A::Submit, "action.sign_in"), back()]
        }
        AuthenticatorStep::ConfirmSignInWithCode { .. }
        | AuthenticatorStep::SetupTotp { .. }
        | AuthenticatorStep::CustomChallenge { .. } => {
            vec![act(A::Submit, "action.confirm"), back()]
        }
        AuthenticatorStep::SelectMfaType { allowed }
        | AuthenticatorStep::SelectMfaSetup { allowed } => allowed
            .iter()
            .map(|m| act(A::SelectMfaType { mfa_type: *m }, mfa_key(*m)))
            .chain([back()])
            .collect(),
        AuthenticatorStep::SelectFirstFactor { available } => available
            .iter()
            .map(|f| act(A::SelectFirstFactor { factor: *f }, factor_key(*f)))
            .chain([back()])
            .collect(),
        AuthenticatorStep::VerifyContact { unverified } => unverified
            .iter()
            .map(|c| act(A::VerifyContact { contact: *c }, contact_key(*c)))
            .chain([act(A::Skip, "action.skip")])
            .collect(),
        AuthenticatorStep::ConfirmVerifyContact { .. } => vec![
            act(A::Submit, "action.verify"),
            act(A::ResendCode, "action.resend_code"),
            act(A::Skip, "action.skip"),
        ],
        AuthenticatorStep::SignedIn { .. } => vec![act(A::SignOut, "action.sign_out")],
    }
}

/// The screen for a state.
pub(crate) fn screen(state: &State, ctx: &Context<'_>) -> AuthenticatorScreen {
    let s = ctx.strings;
    let step = &state.step;
    let new_password_step = matches!(
        step,
        AuthenticatorStep::ConfirmResetPassword { .. } | AuthenticatorStep::NewPasswordRequired
    );
    let fields = specs(step, state, ctx)
        .into_iter()
        .map(|spec| {
            let label = match spec.kind {
                _ if spec.name == "username" => username_label(ctx.config, s),
                FieldKind::Password if new_password_step => s.label("new_password"),
                _ => s.label(&spec.name),
            };
            let hint = (spec.new_password).then(|| {
                let rules = password_rules(&ctx.config.password_policy, None, s);
                (!rules.is_empty()).then(|| s.fill("password.rules", &[("rules", &s.list(&rules))]))
            });
            let a11y = if spec.required {
                "a11y.required"
            } else {
                "a11y.optional"
            };
            FormField {
                accessibility_label: s.fill(a11y, &[("label", &label)]),
                label,
                hint: hint.flatten(),
                value: if spec.kind.is_secret() {
                    String::new()
                } else {
                    state.values.get(&spec.name).cloned().unwrap_or_default()
                },
                required: spec.required,
                error: state.errors.get(&spec.name).cloned(),
                kind: spec.kind,
                name: spec.name,
            }
        })
        .collect();
    AuthenticatorScreen {
        title: s.get(title_key(step)),
        message: state.notice.clone().or_else(|| message(step, s)),
        fields,
        actions: actions(step, ctx),
        banner: state.banner.clone(),
        step: step.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::UserPoolConfig;
    use std::collections::BTreeMap;

    fn config(username: &[&str], required: &[&str], verified: &[&str]) -> AuthConfig {
        let mut c = AuthConfig::new(
            UserPoolConfig {
                pool_id: "us-east-1_x".into(),
                client_id: "c".into(),
                client_secret: None,
                region: "us-east-1".into(),
                endpoint: None,
            },
            None,
        );
        let owned = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect();
        c.username_attributes = owned(username);
        c.sign_up_attributes = owned(required);
        c.verification_mechanisms = owned(verified);
        c
    }

    fn sign_up(c: &AuthConfig) -> AuthenticatorScreen {
        let strings = Strings::new(BTreeMap::new());
        let ctx = Context {
            config: c,
            strings: &strings,
            hide_sign_up: false,
            passwordless_start: false,
            social: &[],
        };
        let state = State::at(AuthenticatorStep::SignUp, "");
        screen(&state, &ctx)
    }

    #[test]
    fn social_providers_by_their_gen1_and_gen2_names_get_a_button_each() {
        let names = [
            "GOOGLE",
            "FACEBOOK",
            "LOGIN_WITH_AMAZON",
            "SIGN_IN_WITH_APPLE",
            "AMAZON",
            "APPLE",
            "Google",
        ];
        let providers: Vec<_> = names
            .iter()
            .map(|n| SocialProvider::from_config(n))
            .collect();
        use SocialProvider::*;
        assert_eq!(
            providers,
            [Google, Facebook, Amazon, Apple, Amazon, Apple, Google].map(Some)
        );
        assert_eq!(SocialProvider::from_config("CorpSAML"), None);
        assert_eq!(Amazon.as_cognito(), "LoginWithAmazon");
        assert_eq!(Apple.as_cognito(), "SignInWithApple");

        let strings = Strings::new(BTreeMap::from([(
            "action.sign_in_with".to_owned(),
            "Continuer avec {provider}".to_owned(),
        )]));
        let config = AuthConfig::from_json(
            r#"{"version":"1.3","auth":{"aws_region":"us-east-1","user_pool_id":"us-east-1_x","user_pool_client_id":"c"}}"#,
        )
        .unwrap();
        let ctx = Context {
            config: &config,
            strings: &strings,
            hide_sign_up: true,
            passwordless_start: false,
            social: &[Apple, Google],
        };
        let labels: Vec<_> = actions(&AuthenticatorStep::SignIn, &ctx)
            .into_iter()
            .map(|a| a.label)
            .collect();
        assert_eq!(
            labels,
            [
                "Sign in",
                "Forgot your password?",
                "Continuer avec Apple",
                "Continuer avec Google"
            ]
        );
        let sign_up: Vec<_> = actions(&AuthenticatorStep::SignUp, &ctx)
            .into_iter()
            .map(|a| a.label)
            .collect();
        assert_eq!(
            sign_up,
            [
                "Create account",
                "Back to sign in",
                "Sign up with Apple",
                "Sign up with Google"
            ]
        );
        assert!(
            actions(&AuthenticatorStep::ForgotPassword, &ctx)
                .iter()
                .all(|a| !matches!(a.action, AuthenticatorAction::SignInWith { .. })),
            "only sign-in and sign-up offer them"
        );
    }

    fn summary(s: &AuthenticatorScreen) -> Vec<(String, FieldKind, String)> {
        s.fields
            .iter()
            .map(|f| (f.name.clone(), f.kind, f.label.clone()))
            .collect()
    }

    #[test]
    fn the_user_name_field_follows_the_username_attributes() {
        let phone = sign_up(&config(&["phone_number"], &["phone_number", "email"], &[]));
        let first = &summary(&phone)[0];
        assert_eq!(
            first,
            &("username".into(), FieldKind::Phone, "Phone number".into())
        );
        // The phone number is the user name: asked once; the email is still asked.
        let names: Vec<_> = phone.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["username", "password", "confirm_password", "email"]);

        let both = sign_up(&config(&["email", "phone_number"], &[], &["email"]));
        assert_eq!(
            summary(&both)[0],
            (
                "username".into(),
                FieldKind::Username,
                "Email or phone number".into()
            )
        );
        // A verified attribute must be asked for the code to go somewhere.
        assert_eq!(both.field("email").map(|f| f.required), Some(true));

        let plain = sign_up(&config(&[], &[], &[]));
        assert_eq!(
            summary(&plain)[0],
            ("username".into(), FieldKind::Username, "Username".into())
        );
        assert_eq!(plain.fields.len(), 3);
        assert_eq!(
            plain.field("password").unwrap().hint,
            None,
            "no policy, no hint"
        );
    }
}
