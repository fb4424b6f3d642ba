//! The redirect back from the hosted UI, parsed strictly: it must go to the redirect URI of
//! this sign-in, carry each parameter once, and echo the `state` that was sent.

use super::errors::oauth_error;
use super::pkce::constant_time_eq;
use super::urls::same_target;
use crate::error::{AuthError, Result};
use crate::secret::Secret;
use std::collections::BTreeMap;
use url::Url;

/// The authorization code of a successful callback.
pub(crate) fn parse_callback(callback: &str, redirect_uri: &str, state: &str) -> Result<Secret> {
    let params = callback_params(callback, redirect_uri)?;
    let get = |name: &str| params.get(name).map(String::as_str);
    match get("state") {
        Some(s) if !constant_time_eq(s, state) => {
            return Err(invalid(
                "the callback's `state` does not match the one sent; it does not belong to this sign-in",
            ));
        }
        None if get("error").is_none() => {
            return Err(invalid("the callback has no `state`"));
        }
        _ => {}
    }
    if let Some(code) = get("error") {
        return Err(oauth_error(
            code,
            get("error_description").unwrap_or(""),
            400,
        ));
    }
    match get("code") {
        Some(code) if !code.is_empty() => Ok(Secret::new(code)),
        _ => Err(invalid("the callback has neither `code` nor `error`")),
    }
}

/// The query of a callback that went where `expected` points (a `/logout` redirect too):
/// parameters by name, each present at most once.
pub(crate) fn callback_params(callback: &str, expected: &str) -> Result<BTreeMap<String, String>> {
    let url =
        Url::parse(callback).map_err(|e| invalid(&format!("the callback is not a URL: {e}")))?;
    let expected_url = Url::parse(expected)
        .map_err(|e| invalid(&format!("redirect URI `{expected}` is not a URL: {e}")))?;
    if !same_target(&url, &expected_url) {
        // Only scheme, host and path: the query may hold a code.
        let host = url.host_str().unwrap_or("");
        let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
        return Err(invalid(&format!(
            "the callback went to `{}://{host}{port}{}`, not to `{expected}`",
            url.scheme(),
            url.path()
        )));
    }
    // The fragment is ignored: browsers carry one over redirects (Facebook's `#_=_`), and
    // the code flow never answers in it.
    let mut params = BTreeMap::new();
    for (k, v) in url.query_pairs() {
        if params.insert(k.to_string(), v.to_string()).is_some() {
            return Err(invalid(&format!(
                "the callback repeats the parameter `{k}`"
            )));
        }
    }
    Ok(params)
}

fn invalid(what: &str) -> AuthError {
    AuthError::InvalidResponse(what.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const REDIRECT: &str = "myapp://callback";

    fn parse(cb: &str) -> Result<Secret> {
        parse_callback(cb, REDIRECT, "s1")
    }

    #[test]
    fn a_good_callback_yields_the_code() {
        assert_eq!(
            parse("myapp://callback?code=abc&state=s1")
                .unwrap()
                .expose(),
            "abc"
        );
        assert_eq!(
            parse("myapp://callback?state=s1&code=abc&iss=http%3A%2F%2Fx#_=_")
                .unwrap()
                .expose(),
            "abc",
            "extra parameters (RFC 9207 `iss`) and a fragment are ignored"
        );
    }

    #[test]
    fn wrong_missing_or_repeated_state_is_refused() {
        let e = parse("myapp://callback?code=abc&state=s2").unwrap_err();
        assert_eq!(e.kind(), "InvalidResponse");
        assert!(e.to_string().contains("does not match"), "{e}");
        let e = parse("myapp://callback?code=abc").unwrap_err();
        assert!(e.to_string().contains("no `state`"), "{e}");
        let e = parse("myapp://callback?code=abc&state=s1&state=s1").unwrap_err();
        assert!(
            e.to_string().contains("repeats the parameter `state`"),
            "{e}"
        );
        let e = parse("myapp://callback?code=abc&code=def&state=s1").unwrap_err();
        assert!(e.to_string().contains("`code`"), "{e}");
    }

    #[test]
    fn errors_become_typed_errors_unless_the_state_is_foreign() {
        let e = parse("myapp://callback?error=access_denied&error_description=nope&state=s1")
            .unwrap_err();
        assert_eq!(e.kind(), "NotAuthorized");
        assert!(e.to_string().contains("access_denied: nope"), "{e}");
        let e = parse("myapp://callback?error=invalid_scope").unwrap_err();
        assert_eq!(e.kind(), "PoolConfiguration");
        let e = parse("myapp://callback?error=access_denied&state=other").unwrap_err();
        assert_eq!(
            e.kind(),
            "InvalidResponse",
            "an injected error is not trusted"
        );
    }

    #[test]
    fn callbacks_elsewhere_are_refused_without_echoing_the_code() {
        for cb in [
            "evil://callback?code=secretcode&state=s1",
            "myapp://elsewhere?code=secretcode&state=s1",
            "myapp://callback/extra?code=secretcode&state=s1",
            "https://callback?code=secretcode&state=s1",
            "not a url",
        ] {
            let e = parse(cb).unwrap_err();
            assert_eq!(e.kind(), "InvalidResponse", "{cb}");
            assert!(!e.to_string().contains("secretcode"), "{e}");
        }
        let loopback = "http://127.0.0.1:4000/cb";
        assert!(parse_callback("http://127.0.0.1:4001/cb?code=c&state=s", loopback, "s").is_err());
        assert!(parse_callback("http://127.0.0.1:4000/cb?code=c&state=s", loopback, "s").is_ok());
    }

    #[test]
    fn a_callback_without_code_or_error_is_refused() {
        assert_eq!(
            parse("myapp://callback?state=s1").unwrap_err().kind(),
            "InvalidResponse"
        );
        assert_eq!(
            parse("myapp://callback?state=s1&code=").unwrap_err().kind(),
            "InvalidResponse"
        );
    }
}
