//! The parameters of `InitiateAuth` and the answers of `RespondToAuthChallenge`, built here and
//! nowhere else. Every step names the user (`USERNAME`), proves the app client (`SECRET_HASH`,
//! when it has a secret) and names the remembered device (`DEVICE_KEY`); a step that forgets
//! one fails, so they are added once, by the constructor, and each answer has its own method.

use super::{Challenge, UserPoolClient};
use crate::secret::Secret;
use serde::Serialize;
use std::collections::BTreeMap;

/// `AuthParameters` or `ChallengeResponses`: names to values, all treated as secrets.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub(crate) struct AuthParameters(BTreeMap<String, Secret>);

impl AuthParameters {
    /// `USERNAME`, its `SECRET_HASH` and, when this device is remembered, `DEVICE_KEY`.
    pub(crate) fn for_user(
        pool: &UserPoolClient,
        username: &str,
        device_key: Option<&str>,
    ) -> Self {
        let mut p = Self::default();
        p.set("USERNAME", username);
        p.client_and_device(pool, username, device_key);
        p
    }

    /// `REFRESH_TOKEN_AUTH`: the token, with the `SECRET_HASH` of `username` (the stored
    /// `cognito:username`) and `DEVICE_KEY`, but no `USERNAME`, as Amplify sends it.
    pub(crate) fn for_refresh(
        pool: &UserPoolClient,
        username: &str,
        device_key: Option<&str>,
        refresh_token: Secret,
    ) -> Self {
        let mut p = Self::default();
        p.set("REFRESH_TOKEN", refresh_token);
        p.client_and_device(pool, username, device_key);
        p
    }

    fn client_and_device(&mut self, pool: &UserPoolClient, username: &str, device: Option<&str>) {
        if let Some(hash) = pool.secret_hash(username) {
            self.set("SECRET_HASH", hash);
        }
        if let Some(key) = device {
            self.set("DEVICE_KEY", key);
        }
    }

    fn set(&mut self, name: impl Into<String>, value: impl Into<Secret>) {
        self.0.insert(name.into(), value.into());
    }

    fn with(mut self, name: impl Into<String>, value: impl Into<Secret>) -> Self {
        self.set(name, value);
        self
    }

    /// `SRP_A`: the client's SRP public value (hex).
    pub(crate) fn srp_a(self, public_a_hex: String) -> Self {
        self.with("SRP_A", public_a_hex)
    }

    /// `CUSTOM_AUTH` that starts with the SRP password check.
    pub(crate) fn custom_auth_with_srp(self) -> Self {
        self.with("CHALLENGE_NAME", "SRP_A")
    }

    /// `PASSWORD` (`USER_PASSWORD_AUTH`, or the `PASSWORD` first factor).
    pub(crate) fn password(self, password: &str) -> Self {
        self.with("PASSWORD", password)
    }

    /// `PREFERRED_CHALLENGE`: the `USER_AUTH` first factor to try.
    pub(crate) fn preferred_challenge(self, factor: &str) -> Self {
        self.with("PREFERRED_CHALLENGE", factor)
    }

    /// `ANSWER`: a custom challenge's answer, or the factor or MFA type chosen.
    pub(crate) fn answer(self, answer: &str) -> Self {
        self.with("ANSWER", answer)
    }

    /// `<CHALLENGE>_CODE` (`SMS_MFA_CODE`, `SOFTWARE_TOKEN_MFA_CODE`, `EMAIL_OTP_CODE`, …).
    pub(crate) fn code(self, challenge: &Challenge, code: &str) -> Self {
        self.with(format!("{challenge}_CODE"), code)
    }

    /// `NEW_PASSWORD`, with the attributes the pool requires as `userAttributes.<name>`.
    pub(crate) fn new_password(
        mut self,
        password: &str,
        attributes: &BTreeMap<String, String>,
    ) -> Self {
        self.set("NEW_PASSWORD", password);
        for (name, value) in attributes {
            self.set(format!("userAttributes.{name}"), value.as_str());
        }
        self
    }

    /// `EMAIL`: the address for email MFA, during MFA set-up.
    pub(crate) fn email(self, address: &str) -> Self {
        self.with("EMAIL", address)
    }

    /// The SRP proof of `PASSWORD_VERIFIER` and `DEVICE_PASSWORD_VERIFIER`.
    pub(crate) fn srp_claim(
        self,
        secret_block: &str,
        signature: String,
        timestamp: String,
    ) -> Self {
        self.with("PASSWORD_CLAIM_SECRET_BLOCK", secret_block)
            .with("PASSWORD_CLAIM_SIGNATURE", signature)
            .with("TIMESTAMP", timestamp)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::user_pool::client::tests::client;

    fn names(p: &AuthParameters) -> Vec<&str> {
        p.0.keys().map(String::as_str).collect()
    }

    #[test]
    fn every_step_names_the_user_the_app_client_and_the_device() {
        let with_secret = client(Some("secret"));
        let p = AuthParameters::for_user(&with_secret, "alice", Some("dk"));
        assert_eq!(names(&p), ["DEVICE_KEY", "SECRET_HASH", "USERNAME"]);
        assert_eq!(
            p.0["SECRET_HASH"],
            with_secret.secret_hash("alice").unwrap()
        );
        let public = AuthParameters::for_user(&client(None), "alice", None);
        assert_eq!(names(&public), ["USERNAME"]);
        let refresh =
            AuthParameters::for_refresh(&with_secret, "alice", Some("dk"), Secret::new("r"));
        assert_eq!(
            names(&refresh),
            ["DEVICE_KEY", "REFRESH_TOKEN", "SECRET_HASH"]
        );
    }

    #[test]
    fn answers_use_cognito_names_and_serialize_as_a_plain_map() {
        let p = AuthParameters::for_user(&client(None), "alice", None)
            .code(&Challenge::SoftwareTokenMfa, "123456")
            .new_password("pw", &BTreeMap::from([("email".into(), "a@b.c".into())]));
        assert_eq!(
            serde_json::to_value(&p).unwrap(),
            serde_json::json!({
                "USERNAME": "alice",
                "SOFTWARE_TOKEN_MFA_CODE": "123456",
                "NEW_PASSWORD": "pw",
                "userAttributes.email": "a@b.c",
            })
        );
        assert!(!format!("{p:?}").contains("123456"), "values never print");
    }
}
