//! The Authenticator (`cognito_auth::Authenticator`) driven as a renderer would: read the
//! screen, submit values, press buttons. Every screen and path of issue 16's table, each
//! against the peer that can prove it: OUR TEST SERVER (tests/srp/cognito_test_server.py) for
//! SRP proofs, MFA codes, TOTP set-up, MFA selection, USER_AUTH and auto sign-in;
//! cognito-local where sign-up, reset and contact-verification codes must really be checked;
//! moto behind the counting proxy for the checks made before any request and for a session
//! that expired. The table of screens × tests is in docs/authenticator.md.

mod codes;
mod flows;
mod social;
mod validation;
mod verify_contact;

use cognito_auth::{Authenticator, AuthenticatorAction, AuthenticatorScreen, AuthenticatorStep};
use serde_json::Value;
use std::collections::BTreeMap;

/// `amplify_outputs.json` text with `extra` merged into its `auth` section.
pub fn outputs_with(outputs: &str, extra: Value) -> String {
    let mut v: Value = serde_json::from_str(outputs).unwrap();
    for (k, x) in extra.as_object().unwrap() {
        v["auth"][k] = x.clone();
    }
    v.to_string()
}

pub async fn submit(a: &Authenticator, pairs: &[(&str, &str)]) -> AuthenticatorScreen {
    let values: BTreeMap<String, String> = pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    a.submit(values).await.expect("the screen has a form")
}

pub async fn press(a: &Authenticator, action: AuthenticatorAction) -> AuthenticatorScreen {
    a.action(action)
        .await
        .unwrap_or_else(|e| panic!("{action:?}: {e}"))
}

/// The names of a screen's fields, in order.
pub fn field_names(s: &AuthenticatorScreen) -> Vec<&str> {
    s.fields.iter().map(|f| f.name.as_str()).collect()
}

/// The error shown on field `name`.
pub fn error_on<'a>(s: &'a AuthenticatorScreen, name: &str) -> Option<&'a str> {
    s.field(name).and_then(|f| f.error.as_deref())
}

pub fn signed_in_as(s: &AuthenticatorScreen, who: &str) -> bool {
    matches!(&s.step, AuthenticatorStep::SignedIn { username } if username == who)
}
