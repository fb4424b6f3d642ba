//! The hosted UI's URLs: the authorize request, `/logout`, and which configured redirect URI
//! a flow uses.

use super::options::{WebUiOptions, identity_provider_name};
use crate::config::{ConfigError, OAuthConfig};
use crate::error::{AuthError, Result};
use url::Url;

/// An endpoint of the OAuth domain: the base URL's path with `path` appended (a custom
/// domain or a local provider may sit under a path prefix).
pub(crate) fn endpoint(oauth: &OAuthConfig, path: &str) -> Result<Url> {
    let mut url = oauth.base_url()?;
    let joined = format!("{}/{}", url.path().trim_end_matches('/'), path);
    url.set_path(&joined);
    url.set_query(None);
    url.set_fragment(None);
    Ok(url)
}

/// What the authorize request carries besides the options.
pub(crate) struct AuthorizeRequest<'a> {
    pub(crate) client_id: &'a str,
    pub(crate) redirect_uri: &'a str,
    pub(crate) scopes: &'a [String],
    pub(crate) state: &'a str,
    pub(crate) code_challenge: &'a str,
    pub(crate) nonce: &'a str,
}

/// `GET /oauth2/authorize?response_type=code&…` (code flow with PKCE S256).
pub(crate) fn authorize_url(
    oauth: &OAuthConfig,
    req: &AuthorizeRequest<'_>,
    options: &WebUiOptions,
) -> Result<Url> {
    let mut url = endpoint(oauth, "oauth2/authorize")?;
    {
        let mut q = url.query_pairs_mut();
        q.append_pair("response_type", "code")
            .append_pair("client_id", req.client_id)
            .append_pair("redirect_uri", req.redirect_uri)
            .append_pair("scope", &req.scopes.join(" "))
            .append_pair("state", req.state)
            .append_pair("code_challenge", req.code_challenge)
            .append_pair("code_challenge_method", "S256")
            .append_pair("nonce", req.nonce);
        if let Some(p) = &options.provider {
            q.append_pair("identity_provider", &identity_provider_name(p));
        }
        if let Some(v) = &options.idp_identifier {
            q.append_pair("idp_identifier", v);
        }
        if let Some(v) = &options.login_hint {
            q.append_pair("login_hint", v);
        }
        if let Some(v) = &options.lang {
            q.append_pair("lang", v);
        }
        if let Some(v) = &options.prompt {
            q.append_pair("prompt", v.as_str());
        }
    }
    Ok(url)
}

/// `GET /logout?client_id=…&logout_uri=…`.
pub(crate) fn logout_url(oauth: &OAuthConfig, client_id: &str, logout_uri: &str) -> Result<Url> {
    let mut url = endpoint(oauth, "logout")?;
    url.query_pairs_mut()
        .append_pair("client_id", client_id)
        .append_pair("logout_uri", logout_uri);
    Ok(url)
}

/// The scopes to request: the caller's, else the configured ones, else `openid`.
pub(crate) fn scopes(oauth: &OAuthConfig, options: &WebUiOptions) -> Result<Vec<String>> {
    let chosen = if !options.scopes.is_empty() {
        options.scopes.clone()
    } else if !oauth.scopes.is_empty() {
        oauth.scopes.clone()
    } else {
        vec!["openid".to_owned()]
    };
    if let Some(bad) = chosen
        .iter()
        .find(|s| s.is_empty() || s.chars().any(|c| c.is_whitespace()))
    {
        return Err(AuthError::InvalidParameter(format!(
            "scope `{bad}` is empty or contains whitespace"
        )));
    }
    Ok(chosen)
}

/// The sign-in redirect URI: the one asked for (which must be configured, exactly), else the
/// first configured.
pub(crate) fn sign_in_redirect(oauth: &OAuthConfig, requested: Option<&str>) -> Result<String> {
    match requested {
        Some(r) if oauth.redirect_sign_in.iter().any(|c| c == r) => Ok(r.to_owned()),
        Some(r) => Err(AuthError::InvalidParameter(format!(
            "`{r}` is not one of auth.oauth.redirect_sign_in_uri (Cognito matches redirect URIs exactly)"
        ))),
        None => oauth.redirect_sign_in.first().cloned().ok_or_else(|| {
            AuthError::Configuration(ConfigError::missing("auth.oauth.redirect_sign_in_uri"))
        }),
    }
}

/// The sign-out redirect URI: the configured one that goes where the sign-in redirect went
/// (same scheme, host and port: the same app or loopback listener), else one with the same
/// scheme, else the first.
pub(crate) fn sign_out_redirect(
    oauth: &OAuthConfig,
    sign_in_redirect: Option<&str>,
) -> Result<String> {
    let first = oauth.redirect_sign_out.first().ok_or_else(|| {
        AuthError::Configuration(ConfigError::missing("auth.oauth.redirect_sign_out_uri"))
    })?;
    let Some(target) = sign_in_redirect.and_then(|s| Url::parse(s).ok()) else {
        return Ok(first.clone());
    };
    let parsed: Vec<(&String, Url)> = oauth
        .redirect_sign_out
        .iter()
        .filter_map(|s| Url::parse(s).ok().map(|u| (s, u)))
        .collect();
    let same_place = parsed.iter().find(|(_, u)| {
        u.scheme() == target.scheme()
            && u.host_str() == target.host_str()
            && u.port_or_known_default() == target.port_or_known_default()
    });
    let same_scheme = parsed.iter().find(|(_, u)| u.scheme() == target.scheme());
    Ok(same_place
        .or(same_scheme)
        .map_or(first, |(s, _)| *s)
        .clone())
}

/// Whether `candidate` is `expected` apart from query and fragment (scheme, host, port and
/// path all equal).
pub(crate) fn same_target(candidate: &Url, expected: &Url) -> bool {
    candidate.scheme() == expected.scheme()
        && candidate.host_str() == expected.host_str()
        && candidate.port_or_known_default() == expected.port_or_known_default()
        && candidate.path() == expected.path()
}

/// The host of an `http://localhost|127.0.0.1|[::1]:PORT/…` URI, with its port.
pub(crate) fn loopback_target(uri: &str) -> Option<(String, u16, Url)> {
    let url = Url::parse(uri).ok()?;
    if url.scheme() != "http" {
        return None;
    }
    let host = url.host_str()?.to_owned();
    if !matches!(host.as_str(), "localhost" | "127.0.0.1" | "[::1]") {
        return None;
    }
    let port = url.port()?;
    Some((host, port, url))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::OAuthResponseType;
    use crate::hosted_ui::WebUiPrompt;

    fn oauth(sign_in: &[&str], sign_out: &[&str]) -> OAuthConfig {
        OAuthConfig {
            domain: "example.auth.us-east-1.amazoncognito.com".into(),
            scopes: vec!["openid".into(), "email".into()],
            redirect_sign_in: sign_in.iter().map(|s| s.to_string()).collect(),
            redirect_sign_out: sign_out.iter().map(|s| s.to_string()).collect(),
            response_type: OAuthResponseType::Code,
            identity_providers: vec![],
            endpoint: None,
        }
    }

    #[test]
    fn authorize_url_carries_every_parameter_once() {
        let o = oauth(&["myapp://callback"], &[]);
        let options = WebUiOptions {
            provider: Some("google".into()),
            idp_identifier: Some("example.com".into()),
            login_hint: Some("alice@example.com".into()),
            lang: Some("de".into()),
            prompt: Some(WebUiPrompt::Login),
            ..Default::default()
        };
        let scopes = scopes(&o, &options).unwrap();
        let url = authorize_url(
            &o,
            &AuthorizeRequest {
                client_id: "client1",
                redirect_uri: "myapp://callback",
                scopes: &scopes,
                state: "st",
                code_challenge: "ch",
                nonce: "no",
            },
            &options,
        )
        .unwrap();
        assert_eq!(
            url.as_str().split('?').next(),
            Some("https://example.auth.us-east-1.amazoncognito.com/oauth2/authorize")
        );
        let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        let expected = [
            ("response_type", "code"),
            ("client_id", "client1"),
            ("redirect_uri", "myapp://callback"),
            ("scope", "openid email"),
            ("state", "st"),
            ("code_challenge", "ch"),
            ("code_challenge_method", "S256"),
            ("nonce", "no"),
            ("identity_provider", "Google"),
            ("idp_identifier", "example.com"),
            ("login_hint", "alice@example.com"),
            ("lang", "de"),
            ("prompt", "login"),
        ];
        assert_eq!(
            pairs,
            expected
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn endpoint_keeps_a_path_prefix_of_the_override() {
        let mut o = oauth(&["myapp://cb"], &[]);
        o.endpoint = Some(Url::parse("http://127.0.0.1:9/prefix/").unwrap());
        assert_eq!(
            endpoint(&o, "oauth2/token").unwrap().as_str(),
            "http://127.0.0.1:9/prefix/oauth2/token"
        );
        o.endpoint = Some(Url::parse("http://127.0.0.1:9").unwrap());
        assert_eq!(
            logout_url(&o, "c", "myapp://out").unwrap().as_str(),
            "http://127.0.0.1:9/logout?client_id=c&logout_uri=myapp%3A%2F%2Fout"
        );
    }

    #[test]
    fn redirect_uris_must_be_configured_exactly() {
        let o = oauth(&["myapp://callback", "http://127.0.0.1:5000/cb"], &[]);
        assert_eq!(sign_in_redirect(&o, None).unwrap(), "myapp://callback");
        assert_eq!(
            sign_in_redirect(&o, Some("http://127.0.0.1:5000/cb")).unwrap(),
            "http://127.0.0.1:5000/cb"
        );
        let e = sign_in_redirect(&o, Some("http://127.0.0.1:5001/cb")).unwrap_err();
        assert_eq!(e.kind(), "InvalidParameter");
    }

    #[test]
    fn sign_out_goes_where_sign_in_went() {
        let o = oauth(
            &[],
            &[
                "myapp://signout",
                "http://127.0.0.1:5000/out",
                "https://x/out",
            ],
        );
        assert_eq!(sign_out_redirect(&o, None).unwrap(), "myapp://signout");
        assert_eq!(
            sign_out_redirect(&o, Some("http://127.0.0.1:5000/cb")).unwrap(),
            "http://127.0.0.1:5000/out"
        );
        assert_eq!(
            sign_out_redirect(&o, Some("http://localhost:7/cb")).unwrap(),
            "http://127.0.0.1:5000/out",
            "same scheme when no listener matches"
        );
        let none = oauth(&[], &[]);
        assert_eq!(
            sign_out_redirect(&none, None).unwrap_err().kind(),
            "Configuration"
        );
    }

    #[test]
    fn loopback_targets_are_http_loopback_with_a_port() {
        assert_eq!(
            loopback_target("http://localhost:8080/cb").map(|t| (t.0, t.1)),
            Some(("localhost".into(), 8080))
        );
        assert!(loopback_target("http://127.0.0.1:1/").is_some());
        assert!(loopback_target("http://[::1]:1/").is_some());
        assert!(
            loopback_target("http://127.0.0.1/cb").is_none(),
            "needs a port"
        );
        assert!(loopback_target("https://localhost:8080/cb").is_none());
        assert!(loopback_target("http://example.com:8080/cb").is_none());
        assert!(loopback_target("myapp://callback").is_none());
    }
}
