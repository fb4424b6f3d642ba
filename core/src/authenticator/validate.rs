//! Checks a form before any request: required values, the shapes of emails, phone numbers,
//! user names and codes, the pool's password policy, passwords typed twice alike. Each
//! refusal is a sentence from the string table, on the field it is about.
//!
//! The rules follow Cognito's: a symbol is any ASCII punctuation or a space, letters and
//! digits are ASCII, a password may not start or end with a space, phone numbers are E.164.

use super::screen::FieldKind;
use super::strings::Strings;
use crate::config::PasswordPolicy;
use std::collections::BTreeMap;

/// A field as the form declares it.
#[derive(Debug, Clone)]
pub(crate) struct Spec {
    pub(crate) name: String,
    pub(crate) kind: FieldKind,
    pub(crate) required: bool,
    /// A password being chosen: the pool's policy applies (not at sign-in).
    pub(crate) new_password: bool,
}

impl Spec {
    pub(crate) fn new(name: &str, kind: FieldKind, required: bool) -> Self {
        Self {
            name: name.to_owned(),
            kind,
            required,
            new_password: false,
        }
    }

    pub(crate) fn new_password(mut self) -> Self {
        self.new_password = true;
        self
    }
}

/// The values to send (trimmed, phone numbers without spaces), or the errors by field.
pub(crate) fn validate(
    specs: &[Spec],
    values: &BTreeMap<String, String>,
    policy: &PasswordPolicy,
    strings: &Strings,
) -> Result<BTreeMap<String, String>, BTreeMap<String, String>> {
    let mut clean = BTreeMap::new();
    let mut errors = BTreeMap::new();
    for spec in specs {
        let raw = values.get(&spec.name).map(String::as_str).unwrap_or("");
        match check(spec, raw, policy, strings) {
            Ok(Some(v)) => {
                clean.insert(spec.name.clone(), v);
            }
            Ok(None) => {}
            Err(e) => {
                errors.insert(spec.name.clone(), e);
            }
        }
    }
    let password = clean.get("password");
    if let (Some(p), Some(again)) = (password, clean.get("confirm_password"))
        && p != again
    {
        errors.insert(
            "confirm_password".into(),
            strings.get("error.password.mismatch"),
        );
    }
    if errors.is_empty() {
        Ok(clean)
    } else {
        Err(errors)
    }
}

/// One value: `Ok(None)` for an optional field left empty.
fn check(
    spec: &Spec,
    raw: &str,
    policy: &PasswordPolicy,
    strings: &Strings,
) -> Result<Option<String>, String> {
    // Passwords are taken as typed (spaces count); everything else is trimmed.
    let value = if matches!(spec.kind, FieldKind::Password | FieldKind::ConfirmPassword) {
        raw.to_owned()
    } else {
        raw.trim().to_owned()
    };
    if value.is_empty() {
        if !spec.required {
            return Ok(None);
        }
        return Err(match spec.kind {
            FieldKind::Username => strings.get("error.username.required"),
            FieldKind::Email => strings.get("error.email.required"),
            FieldKind::Phone => strings.get("error.phone.required"),
            FieldKind::Password => strings.get("error.password.required"),
            FieldKind::ConfirmPassword => strings.get("error.confirm_password.required"),
            FieldKind::Code => strings.get("error.code.required"),
            FieldKind::Text => strings.fill(
                "error.attribute.required",
                &[("label", &strings.label(&spec.name))],
            ),
        });
    }
    match spec.kind {
        FieldKind::Username if value.chars().any(char::is_whitespace) => {
            Err(strings.get("error.username.spaces"))
        }
        FieldKind::Email if !is_email(&value) => Err(strings.get("error.email.invalid")),
        FieldKind::Phone => phone(&value)
            .ok_or_else(|| strings.get("error.phone.invalid"))
            .map(Some),
        FieldKind::Code => {
            let digits: String = value.chars().filter(|c| !c.is_whitespace()).collect();
            if digits.len() == 6 && digits.bytes().all(|b| b.is_ascii_digit()) {
                Ok(Some(digits))
            } else {
                Err(strings.get("error.code.invalid"))
            }
        }
        FieldKind::Password if spec.new_password => {
            if value.starts_with(' ') || value.ends_with(' ') {
                return Err(strings.get("error.password.edges"));
            }
            let missing = password_rules(policy, Some(&value), strings);
            if missing.is_empty() {
                Ok(Some(value))
            } else {
                Err(strings.fill("password.rules", &[("rules", &strings.list(&missing))]))
            }
        }
        _ => Ok(Some(value)),
    }
}

/// Whether a character counts for a rule.
type CharTest = fn(char) -> bool;

/// The policy's rules as phrases; with a password, only the ones it breaks.
pub(crate) fn password_rules(
    policy: &PasswordPolicy,
    password: Option<&str>,
    strings: &Strings,
) -> Vec<String> {
    let has = |f: fn(char) -> bool| password.is_some_and(|p| p.chars().any(f));
    let mut out = Vec::new();
    if let Some(n) = policy.min_length.filter(|n| *n > 0)
        && password.is_none_or(|p| (p.chars().count() as u32) < n)
    {
        out.push(strings.fill("password.rule.min_length", &[("n", &n.to_string())]));
    }
    let rules: [(bool, CharTest, &str); 4] = [
        (
            policy.require_numbers,
            |c| c.is_ascii_digit(),
            "password.rule.digit",
        ),
        (
            policy.require_lowercase,
            |c| c.is_ascii_lowercase(),
            "password.rule.lowercase",
        ),
        (
            policy.require_uppercase,
            |c| c.is_ascii_uppercase(),
            "password.rule.uppercase",
        ),
        (
            policy.require_symbols,
            |c| c.is_ascii_punctuation() || c == ' ',
            "password.rule.symbol",
        ),
    ];
    for (required, test, key) in rules {
        if required && !has(test) {
            out.push(strings.get(key));
        }
    }
    out
}

/// `local@domain.tld`, no spaces: the shape every mail address has, nothing stricter (the
/// server and the confirmation code are the real check).
fn is_email(v: &str) -> bool {
    let Some((local, domain)) = v.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !v.chars().any(char::is_whitespace)
        && domain
            .split_once('.')
            .is_some_and(|(a, b)| !a.is_empty() && !b.is_empty() && !b.ends_with('.'))
}

/// E.164 (`+` and 7 to 15 digits, no leading zero), spaces, dashes, dots and brackets
/// dropped: what Cognito accepts in `phone_number`.
fn phone(v: &str) -> Option<String> {
    let rest = v.strip_prefix('+')?;
    let digits: String = rest
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
        .collect();
    let ok = (7..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0');
    ok.then(|| format!("+{digits}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> PasswordPolicy {
        PasswordPolicy {
            min_length: Some(8),
            require_numbers: true,
            require_lowercase: true,
            require_uppercase: false,
            require_symbols: true,
        }
    }

    fn one(spec: Spec, value: &str) -> Result<String, String> {
        let values = BTreeMap::from([(spec.name.clone(), value.to_owned())]);
        validate(&[spec], &values, &policy(), &Strings::new(BTreeMap::new()))
            .map(|mut v| v.pop_first().map(|(_, v)| v).unwrap_or_default())
            .map_err(|mut e| e.pop_first().unwrap().1)
    }

    #[test]
    fn password_policy_names_what_is_missing_in_one_sentence() {
        let pw = || Spec::new("password", FieldKind::Password, true).new_password();
        assert_eq!(
            one(pw(), "abc").unwrap_err(),
            "The password needs at least 8 characters, one digit and one symbol."
        );
        assert_eq!(
            one(pw(), "abcdefgh1").unwrap_err(),
            "The password needs one symbol."
        );
        assert_eq!(
            one(pw(), "ABCDEFG1!").unwrap_err(),
            "The password needs one lowercase letter."
        );
        assert_eq!(one(pw(), "abcdefg1!").unwrap(), "abcdefg1!");
        assert_eq!(
            one(pw(), " abcdef1! ").unwrap_err(),
            "The password cannot start or end with a space."
        );
        // At sign-in the policy is not ours to apply (it may have changed since).
        assert_eq!(
            one(Spec::new("password", FieldKind::Password, true), "abc").unwrap(),
            "abc"
        );
    }

    #[test]
    fn emails_phones_codes_and_user_names() {
        let email = || Spec::new("email", FieldKind::Email, true);
        for bad in ["a", "a@b", "@b.c", "a@b.", "a b@c.d", "a@b@c.d"] {
            assert!(one(email(), bad).is_err(), "{bad}");
        }
        assert_eq!(one(email(), " a@b.co ").unwrap(), "a@b.co");
        let phone = || Spec::new("phone_number", FieldKind::Phone, true);
        assert_eq!(one(phone(), "+1 (415) 555-0123").unwrap(), "+14155550123");
        for bad in ["4155550123", "+0123456789", "+1234", "+1415555012a"] {
            assert_eq!(
                one(phone(), bad).unwrap_err(),
                "Enter the phone number with its country code, such as +14155550123.",
                "{bad}"
            );
        }
        let code = || Spec::new("code", FieldKind::Code, true);
        assert_eq!(one(code(), "123 456").unwrap(), "123456");
        assert_eq!(one(code(), "12345").unwrap_err(), "The code is 6 digits.");
        let user = || Spec::new("username", FieldKind::Username, true);
        assert_eq!(one(user(), "").unwrap_err(), "Enter your username.");
        assert_eq!(
            one(user(), "al ice").unwrap_err(),
            "The username cannot contain spaces."
        );
        let attr = Spec::new("given_name", FieldKind::Text, true);
        assert_eq!(
            one(attr, "  ").unwrap_err(),
            "Enter a value for First name."
        );
        assert_eq!(
            one(Spec::new("nickname", FieldKind::Text, false), "").unwrap(),
            ""
        );
    }

    #[test]
    fn the_second_password_must_match() {
        let specs = [
            Spec::new("password", FieldKind::Password, true).new_password(),
            Spec::new("confirm_password", FieldKind::ConfirmPassword, true),
        ];
        let values = BTreeMap::from([
            ("password".to_owned(), "abcdefg1!".to_owned()),
            ("confirm_password".to_owned(), "abcdefg1?".to_owned()),
        ]);
        let errors =
            validate(&specs, &values, &policy(), &Strings::new(BTreeMap::new())).unwrap_err();
        assert_eq!(errors["confirm_password"], "The passwords do not match.");
        assert_eq!(errors.len(), 1);
    }
}
