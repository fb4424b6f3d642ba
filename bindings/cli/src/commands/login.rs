//! `login`: the terminal renderer of the core's Authenticator. The same screens, checks,
//! messages and string table as the apps' renderers, drawn as prompts on standard error
//! (passwords and codes hidden as they are typed); standard output gets only the JSON
//! `sign-in` prints once signed in, so scripts read it as they read `sign-in`'s.

use super::client;
use super::sign_in::result_json;
use crate::Cli;
use clap::Subcommand;
use cognito_auth::{
    AuthError, Authenticator, AuthenticatorAction, AuthenticatorOptions, AuthenticatorScreen,
    AuthenticatorStep, FieldKind, ScreenAction, SignInNextStep, SignInResult,
};
use dialoguer::console::Term;
use dialoguer::theme::SimpleTheme;
use dialoguer::{Input, Password, Select};
use serde_json::Value;
use std::collections::BTreeMap;

/// The interactive sign-in.
#[derive(Debug, Subcommand)]
pub enum LoginCommand {
    /// Sign in interactively, screen by screen (sign-up, password reset and MFA included),
    /// with hidden password input; prints what `sign-in` prints once signed in.
    Login {
        /// Issuer shown in the `otpauth://` URI of a TOTP set-up.
        #[arg(long, default_value = "cognito-auth")]
        issuer: String,
        /// After sign-in, ask to verify the email address or phone number when neither is.
        #[arg(long)]
        verify_contact: bool,
    },
}

/// Runs `login`.
pub async fn run(cli: &Cli, cmd: &LoginCommand) -> Result<Value, AuthError> {
    let LoginCommand::Login {
        issuer,
        verify_contact,
    } = cmd;
    let term = Term::stderr();
    if !term.is_term() {
        return Err(AuthError::InvalidParameter(
            "login prompts on a terminal; without one, use sign-in and confirm-sign-in".into(),
        ));
    }
    let options = AuthenticatorOptions {
        totp_issuer: issuer.clone(),
        verify_contact: *verify_contact,
        ..Default::default()
    };
    let authenticator = Authenticator::start(client(cli)?, options).await;
    let mut screen = authenticator.screen();
    loop {
        if matches!(screen.step, AuthenticatorStep::SignedIn { .. }) {
            let done = SignInResult {
                next_step: SignInNextStep::Done,
            };
            return Ok(result_json(&done, issuer));
        }
        draw(&term, &screen)?;
        let action = choose(&term, &screen)?;
        screen = if action == AuthenticatorAction::Submit {
            let values = ask(&term, &screen)?;
            authenticator.submit(values).await?
        } else {
            authenticator.action(action).await?
        };
    }
}

fn io(e: impl std::fmt::Display) -> AuthError {
    AuthError::Internal(format!("terminal: {e}"))
}

/// Title, message, TOTP key, banner.
fn draw(term: &Term, s: &AuthenticatorScreen) -> Result<(), AuthError> {
    term.write_line("").map_err(io)?;
    term.write_line(&format!("== {} ==", s.title)).map_err(io)?;
    if let Some(m) = &s.message {
        term.write_line(m).map_err(io)?;
    }
    if let AuthenticatorStep::SetupTotp {
        shared_secret,
        setup_uri,
    } = &s.step
    {
        term.write_line(&format!("  {shared_secret}")).map_err(io)?;
        term.write_line(&format!("  {setup_uri}")).map_err(io)?;
    }
    if let Some(b) = &s.banner {
        term.write_line(&format!("! {b}")).map_err(io)?;
    }
    Ok(())
}

/// The button: asked only when the screen has more than one. Social sign-in buttons are
/// left out: the hosted UI must redirect to this process, which `sign-in-web --provider`
/// does with its loopback redirect; the Authenticator would use the configuration's first
/// redirect, often the app's `myapp://` one.
fn choose(term: &Term, s: &AuthenticatorScreen) -> Result<AuthenticatorAction, AuthError> {
    match offered(s).as_slice() {
        [] => Err(AuthError::Internal("a screen without buttons".into())),
        [only] => Ok(only.action),
        actions => {
            let labels: Vec<&str> = actions.iter().map(|a| a.label.as_str()).collect();
            let picked = Select::with_theme(&SimpleTheme)
                .items(&labels)
                .default(0)
                .interact_on_opt(term)
                .map_err(io)?
                .ok_or_else(|| AuthError::Cancelled("login cancelled".into()))?;
            Ok(actions[picked].action)
        }
    }
}

/// The buttons the terminal offers: all but the social ones.
fn offered(s: &AuthenticatorScreen) -> Vec<ScreenAction> {
    s.actions
        .iter()
        .filter(|a| !matches!(a.action, AuthenticatorAction::SignInWith { .. }))
        .cloned()
        .collect()
}

/// The form's values: hidden input for passwords, the last value offered again
/// for the rest, each field's error shown above its prompt.
fn ask(term: &Term, s: &AuthenticatorScreen) -> Result<BTreeMap<String, String>, AuthError> {
    let mut values = BTreeMap::new();
    for field in &s.fields {
        if let Some(e) = &field.error {
            term.write_line(&format!("! {e}")).map_err(io)?;
        }
        if let Some(h) = &field.hint {
            term.write_line(&format!("  {h}")).map_err(io)?;
        }
        let value = if matches!(field.kind, FieldKind::Password | FieldKind::ConfirmPassword) {
            Password::with_theme(&SimpleTheme)
                .with_prompt(&field.label)
                .allow_empty_password(true)
                .interact_on(term)
                .map_err(io)?
        } else {
            Input::<String>::with_theme(&SimpleTheme)
                .with_prompt(&field.label)
                .with_initial_text(&field.value)
                .allow_empty(true)
                .interact_text_on(term)
                .map_err(io)?
        };
        values.insert(field.name.clone(), value);
    }
    Ok(values)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cognito_auth::SocialProvider;

    #[test]
    fn the_terminal_offers_no_social_button() {
        let button = |action, label: &str| ScreenAction {
            action,
            label: label.into(),
        };
        let screen = AuthenticatorScreen {
            step: AuthenticatorStep::SignIn,
            title: "Sign in".into(),
            message: None,
            fields: vec![],
            actions: vec![
                button(AuthenticatorAction::Submit, "Sign in"),
                button(
                    AuthenticatorAction::SignInWith {
                        provider: SocialProvider::Google,
                    },
                    "Sign in with Google",
                ),
                button(AuthenticatorAction::ForgotPassword, "Forgot your password?"),
            ],
            banner: None,
        };
        let labels: Vec<_> = offered(&screen).into_iter().map(|a| a.label).collect();
        assert_eq!(labels, ["Sign in", "Forgot your password?"]);
    }
}
