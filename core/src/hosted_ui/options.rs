//! What the app asks of a web sign-in.

/// Options of [`crate::AuthClient::sign_in_with_web_ui`] and
/// [`crate::AuthClient::begin_web_sign_in`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WebUiOptions {
    /// Go straight to a social or enterprise provider instead of the hosted sign-in page
    /// (`identity_provider`): `Google`, `Facebook`, `LoginWithAmazon`, `SignInWithApple`,
    /// `COGNITO`, or a SAML/OIDC provider's name. The lower-case names `google`, `facebook`,
    /// `amazon` and `apple` are translated.
    pub provider: Option<String>,
    /// An enterprise provider's identifier (`idp_identifier`), e.g. an email domain.
    pub idp_identifier: Option<String>,
    /// Scopes to request; empty = the configured ones (and `openid` when none are configured).
    pub scopes: Vec<String>,
    /// Ask the presenter for an ephemeral browser session (no shared cookies). Only a
    /// presenter that reports one ([`crate::WebAuthResult::private_session`]) leaves no
    /// hosted-UI session behind, and only then does sign-out skip `/logout`; Custom Tabs,
    /// the system browser ([`crate::LoopbackPresenter`]) and the two-step API never do.
    pub prefer_private_session: bool,
    /// The `nonce` to send and expect back in the ID token; a random one when `None`.
    pub nonce: Option<String>,
    /// Pre-fills the user name on the sign-in page (`login_hint`).
    pub login_hint: Option<String>,
    /// Language of the hosted pages (`lang`, e.g. `de`).
    pub lang: Option<String>,
    /// Whether the hosted UI must (or must not) show its pages (`prompt`).
    pub prompt: Option<WebUiPrompt>,
    /// Which configured sign-in redirect URI to use; the first configured one when `None`.
    /// Must be one of `auth.oauth.redirect_sign_in_uri` exactly (Cognito matches exactly).
    pub redirect_uri: Option<String>,
}

/// The OpenID Connect `prompt` values the hosted UI understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebUiPrompt {
    /// Never show a page: succeed silently from the existing browser session or fail with
    /// `login_required`.
    None,
    /// Ask for credentials even when the browser session is still valid.
    Login,
    /// Let the user choose among signed-in accounts.
    SelectAccount,
    /// Ask for consent again.
    Consent,
}

impl WebUiPrompt {
    /// The wire value.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Login => "login",
            Self::SelectAccount => "select_account",
            Self::Consent => "consent",
        }
    }
}

/// The `identity_provider` value Cognito expects for a provider name.
pub(crate) fn identity_provider_name(name: &str) -> String {
    match name.to_ascii_lowercase().as_str() {
        "google" => "Google".into(),
        "facebook" => "Facebook".into(),
        "amazon" | "loginwithamazon" => "LoginWithAmazon".into(),
        "apple" | "signinwithapple" => "SignInWithApple".into(),
        "cognito" => "COGNITO".into(),
        _ => name.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provider_names_follow_cognito() {
        assert_eq!(identity_provider_name("google"), "Google");
        assert_eq!(identity_provider_name("APPLE"), "SignInWithApple");
        assert_eq!(identity_provider_name("amazon"), "LoginWithAmazon");
        assert_eq!(identity_provider_name("MyOktaSaml"), "MyOktaSaml");
    }
}
