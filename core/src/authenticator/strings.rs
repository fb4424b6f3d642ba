//! The Authenticator's words: one English table keyed by stable ids, which an app replaces
//! key by key (a translation, its own tone). Renderers show what the screens carry and never
//! write text of their own, so one table localises every platform.
//!
//! Placeholders in braces (`{label}`, `{rules}`, `{destination}`, `{username}`, `{n}`,
//! `{message}`) are filled in by the core; a replacement keeps the ones its key uses.

use std::collections::BTreeMap;

/// The default English table: `(key, text)`.
const DEFAULTS: &[(&str, &str)] = &[
    // Screen titles.
    ("sign_in.title", "Sign in"),
    ("sign_up.title", "Create an account"),
    ("confirm_sign_up.title", "Confirm your account"),
    ("forgot_password.title", "Reset your password"),
    ("confirm_reset_password.title", "Choose a new password"),
    ("new_password.title", "Change your password"),
    ("confirm_code.title", "Enter your code"),
    ("setup_totp.title", "Set up an authenticator app"),
    ("select_mfa.title", "Choose how to verify it is you"),
    ("setup_mfa.title", "Set up two-step verification"),
    ("setup_email.title", "Add an email address for codes"),
    ("select_factor.title", "Choose how to sign in"),
    ("confirm_password.title", "Enter your password"),
    ("custom_challenge.title", "Answer to continue"),
    ("verify_contact.title", "Verify how we can reach you"),
    (
        "confirm_verify_contact.title",
        "Enter the verification code",
    ),
    ("signed_in.title", "Signed in"),
    // Information under a title.
    ("message.code_sent", "We sent a code to {destination}."),
    ("message.code_sent_unknown", "We sent you a code."),
    (
        "message.totp_code",
        "Enter the code your authenticator app shows.",
    ),
    (
        "message.setup_totp",
        "Scan the QR code with an authenticator app, or type the key into it, then enter the code it shows.",
    ),
    (
        "message.new_password",
        "Your account needs a new password before you sign in.",
    ),
    (
        "message.verify_contact",
        "Verify your email address or phone number, so that you can reset your password if you forget it.",
    ),
    (
        "message.verify_email",
        "Verify your email address, so that you can reset your password if you forget it.",
    ),
    (
        "message.verify_phone",
        "Verify your phone number, so that you can reset your password if you forget it.",
    ),
    ("message.signed_in_as", "You are signed in as {username}."),
    (
        "message.confirmed",
        "Your account is confirmed. Sign in to continue.",
    ),
    (
        "message.password_changed",
        "Your password is changed. Sign in with the new one.",
    ),
    (
        "message.session_expired",
        "Your session has ended. Sign in again.",
    ),
    (
        "message.reset_required",
        "Your password must be reset. We sent you a code.",
    ),
    // Field labels (`field.<name>`); attributes use their Cognito name.
    ("field.username", "Username"),
    ("field.email", "Email"),
    ("field.email_or_phone", "Email or phone number"),
    ("field.phone_number", "Phone number"),
    ("field.password", "Password"),
    ("field.new_password", "New password"),
    ("field.confirm_password", "Confirm password"),
    ("field.code", "Code"),
    ("field.answer", "Answer"),
    ("field.given_name", "First name"),
    ("field.family_name", "Last name"),
    ("field.middle_name", "Middle name"),
    ("field.name", "Full name"),
    ("field.nickname", "Nickname"),
    ("field.preferred_username", "Preferred username"),
    ("field.birthdate", "Birthdate (YYYY-MM-DD)"),
    ("field.address", "Address"),
    ("field.gender", "Gender"),
    ("field.locale", "Locale"),
    ("field.picture", "Picture URL"),
    ("field.profile", "Profile URL"),
    ("field.website", "Website"),
    ("field.zoneinfo", "Time zone"),
    // Screen-reader labels of fields.
    ("a11y.required", "{label}, required"),
    ("a11y.optional", "{label}, optional"),
    // Buttons.
    ("action.sign_in", "Sign in"),
    ("action.create_account", "Create account"),
    ("action.go_to_sign_up", "Create an account"),
    ("action.forgot_password", "Forgot your password?"),
    ("action.back_to_sign_in", "Back to sign in"),
    ("action.confirm", "Confirm"),
    ("action.send_code", "Send code"),
    ("action.resend_code", "Send the code again"),
    ("action.change_password", "Change password"),
    ("action.continue", "Continue"),
    ("action.sign_out", "Sign out"),
    ("action.verify_email", "Verify my email address"),
    ("action.verify_phone", "Verify my phone number"),
    ("action.verify", "Verify"),
    ("action.skip", "Skip for now"),
    ("action.sign_in_with", "Sign in with {provider}"),
    ("action.sign_up_with", "Sign up with {provider}"),
    ("provider.google", "Google"),
    ("provider.facebook", "Facebook"),
    ("provider.amazon", "Amazon"),
    ("provider.apple", "Apple"),
    ("mfa.sms", "Text message (SMS)"),
    ("mfa.totp", "Authenticator app"),
    ("mfa.email", "Email"),
    ("factor.password", "Password"),
    ("factor.email_otp", "Code by email"),
    ("factor.sms_otp", "Code by text message"),
    // Password rules, joined into one sentence.
    ("password.rules", "The password needs {rules}."),
    ("password.rule.min_length", "at least {n} characters"),
    ("password.rule.digit", "one digit"),
    ("password.rule.lowercase", "one lowercase letter"),
    ("password.rule.uppercase", "one uppercase letter"),
    ("password.rule.symbol", "one symbol"),
    ("list.comma", ", "),
    ("list.and", " and "),
    // Field errors found before any request.
    ("error.username.required", "Enter your username."),
    (
        "error.username.spaces",
        "The username cannot contain spaces.",
    ),
    ("error.email.required", "Enter your email address."),
    (
        "error.email.invalid",
        "Enter an email address such as name@example.com.",
    ),
    ("error.phone.required", "Enter your phone number."),
    (
        "error.phone.invalid",
        "Enter the phone number with its country code, such as +14155550123.",
    ),
    ("error.password.required", "Enter your password."),
    (
        "error.password.edges",
        "The password cannot start or end with a space.",
    ),
    (
        "error.confirm_password.required",
        "Enter the password again.",
    ),
    ("error.password.mismatch", "The passwords do not match."),
    ("error.code.required", "Enter the code."),
    ("error.code.invalid", "The code is 6 digits."),
    ("error.attribute.required", "Enter a value for {label}."),
    // Errors the server gave.
    (
        "error.sign_in_failed",
        "The username or password is not right.",
    ),
    (
        "error.code_mismatch",
        "That code is not right. Check it and try again.",
    ),
    (
        "error.code_expired",
        "That code has expired. Ask for a new one.",
    ),
    (
        "error.username_exists",
        "That username is taken. Choose another one.",
    ),
    (
        "error.alias_exists",
        "An account with this email address or phone number already exists.",
    ),
    (
        "error.user_not_found",
        "There is no account with that username.",
    ),
    (
        "error.invalid_password",
        "The server did not accept this password: {message}",
    ),
    (
        "error.password_reused",
        "Choose a password you have not used before.",
    ),
    (
        "error.too_many",
        "Too many attempts. Wait a moment, then try again.",
    ),
    (
        "error.network",
        "The server cannot be reached. Check the connection, then try again.",
    ),
    (
        "error.not_supported",
        "This way of signing in is not available in this app.",
    ),
    ("error.start_again", "The sign-in has ended. Start again."),
    (
        "error.social_failed",
        "Signing in with {provider} did not finish. Try again, or sign in another way.",
    ),
    ("error.unexpected", "Something went wrong: {message}"),
];

/// The default English table, every key the Authenticator uses: what an app translates.
pub fn default_strings() -> BTreeMap<String, String> {
    DEFAULTS
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// The table in use: the defaults with the app's replacements.
#[derive(Debug, Clone)]
pub(crate) struct Strings {
    overrides: BTreeMap<String, String>,
}

impl Strings {
    pub(crate) fn new(overrides: BTreeMap<String, String>) -> Self {
        Self { overrides }
    }

    /// The text of `key`: the app's, else the default, else the key itself (so a missing
    /// entry shows up in the UI instead of an empty label).
    pub(crate) fn get(&self, key: &str) -> String {
        if let Some(v) = self.overrides.get(key) {
            return v.clone();
        }
        DEFAULTS
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| (*v).to_owned())
            .unwrap_or_else(|| key.to_owned())
    }

    /// The text of `key` with `{name}` placeholders filled.
    pub(crate) fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut text = self.get(key);
        for (name, value) in args {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }

    /// `a, b and c` with the table's joiners.
    pub(crate) fn list(&self, items: &[String]) -> String {
        match items {
            [] => String::new(),
            [one] => one.clone(),
            [init @ .., last] => {
                format!(
                    "{}{}{last}",
                    init.join(&self.get("list.comma")),
                    self.get("list.and")
                )
            }
        }
    }

    /// The label of a field or attribute; an attribute without an entry shows its name
    /// (`custom:` dropped).
    pub(crate) fn label(&self, name: &str) -> String {
        let key = format!("field.{name}");
        let text = self.get(&key);
        if text == key {
            name.trim_start_matches("custom:").replace('_', " ")
        } else {
            text
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_overrides_win() {
        assert_eq!(
            default_strings().len(),
            DEFAULTS.len(),
            "a key is listed twice"
        );
        let s = Strings::new(BTreeMap::from([(
            "field.username".to_owned(),
            "Benutzername".to_owned(),
        )]));
        assert_eq!(s.label("username"), "Benutzername");
        assert_eq!(s.label("password"), "Password");
        assert_eq!(s.label("custom:favourite_colour"), "favourite colour");
        assert_eq!(s.list(&["a".into(), "b".into(), "c".into()]), "a, b and c");
        assert_eq!(
            s.fill("message.code_sent", &[("destination", "x")]),
            "We sent a code to x."
        );
    }
}
