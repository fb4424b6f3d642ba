//! A minimal browser for driving the hosted UI from Rust tests: a cookie jar, redirects
//! followed by hand, and the forms of the local provider's pages submitted (login, cancel,
//! logout confirmation, auto-submitting `form_post` pages). No JavaScript.

use reqwest::header::LOCATION;
use std::sync::Arc;
use url::Url;

/// What to do on the provider's login page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginAction {
    /// Fill in the form and submit it.
    SignIn {
        /// User name.
        username: String,
        /// Password.
        password: String,
    },
    /// Press Cancel (the provider answers `error=access_denied`).
    Cancel,
    /// Stop with an error: the test expected no login page (`prompt=none`, a live session).
    Refuse,
}

impl LoginAction {
    /// Sign in as `username`.
    pub fn sign_in(username: &str, password: &str) -> Self {
        Self::SignIn {
            username: username.into(),
            password: password.into(),
        }
    }
}

/// A cookie-keeping HTTP agent that behaves like a browser without JavaScript.
#[derive(Debug, Clone)]
pub struct Browser {
    http: reqwest::Client,
    jar: Arc<reqwest::cookie::Jar>,
}

impl Default for Browser {
    fn default() -> Self {
        Self::new()
    }
}

enum Step {
    Get(Url),
    Post(Url, Vec<(String, String)>),
}

impl Browser {
    /// A browser with an empty cookie jar.
    pub fn new() -> Self {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let jar = Arc::new(reqwest::cookie::Jar::default());
        let http = reqwest::Client::builder()
            .cookie_provider(jar.clone())
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("http client");
        Self { http, jar }
    }

    /// A browser that shares nothing with this one (an ephemeral session).
    pub fn private(&self) -> Self {
        Self::new()
    }

    /// Whether the jar holds a cookie named `name` for `url`.
    pub fn has_cookie(&self, url: &str, name: &str) -> bool {
        use reqwest::cookie::CookieStore;
        let Ok(url) = Url::parse(url) else {
            return false;
        };
        self.jar.cookies(&url).is_some_and(|h| {
            h.to_str()
                .unwrap_or("")
                .split("; ")
                .any(|c| c.split('=').next() == Some(name))
        })
    }

    /// Follows GET redirects from `url` to the first page and returns its URL and HTML.
    pub async fn page(&self, url: &str) -> Result<(String, String), String> {
        let mut current = Url::parse(url).map_err(|e| e.to_string())?;
        for _ in 0..10 {
            let resp = self
                .http
                .get(current.clone())
                .send()
                .await
                .map_err(|e| format!("{current}: {e}"))?;
            if resp.status().is_redirection() {
                let location = resp
                    .headers()
                    .get(LOCATION)
                    .and_then(|v| v.to_str().ok())
                    .ok_or("redirect without Location")?;
                current = current.join(location).map_err(|e| e.to_string())?;
                continue;
            }
            return Ok((current.to_string(), resp.text().await.unwrap_or_default()));
        }
        Err("too many redirects".into())
    }

    /// Opens `url` and follows redirects and forms until a redirect goes to a URL for which
    /// `stop` is true (returned without being fetched), or a page needs nothing more (its URL
    /// is returned). HTTP errors and unexpected pages are `Err` with what was seen.
    pub async fn navigate(
        &self,
        url: &str,
        login: &LoginAction,
        stop: impl Fn(&Url) -> bool,
    ) -> Result<String, String> {
        let mut step = Step::Get(Url::parse(url).map_err(|e| format!("bad URL {url}: {e}"))?);
        for _ in 0..25 {
            let (current, request) = match &step {
                Step::Get(u) => (u.clone(), self.http.get(u.clone())),
                Step::Post(u, form) => (u.clone(), self.http.post(u.clone()).form(form)),
            };
            let resp = request
                .send()
                .await
                .map_err(|e| format!("{current}: {e}"))?;
            let status = resp.status().as_u16();
            if (300..400).contains(&status) {
                let location = resp
                    .headers()
                    .get(LOCATION)
                    .and_then(|v| v.to_str().ok())
                    .ok_or_else(|| format!("{current}: redirect without Location"))?;
                let next = current
                    .join(location)
                    .map_err(|e| format!("bad Location {location}: {e}"))?;
                if stop(&next) || !matches!(next.scheme(), "http" | "https") {
                    return Ok(next.to_string());
                }
                step = Step::Get(next);
                continue;
            }
            let body = resp.text().await.unwrap_or_default();
            if status >= 400 {
                return Err(format!("{current}: HTTP {status}: {}", snippet(&body)));
            }
            if let Some(form) = find_form(&body, "id=\"login\"") {
                let action = current.join(&form.action).map_err(|e| e.to_string())?;
                step = match login {
                    LoginAction::SignIn { username, password } => Step::Post(
                        action,
                        vec![
                            ("username".into(), username.clone()),
                            ("password".into(), password.clone()),
                        ],
                    ),
                    LoginAction::Cancel => {
                        let cancel = find_form(&body, "id=\"cancel\"")
                            .ok_or("login page without a cancel form")?;
                        Step::Post(
                            current.join(&cancel.action).map_err(|e| e.to_string())?,
                            vec![],
                        )
                    }
                    LoginAction::Refuse => {
                        return Err(format!("{current}: unexpected login page"));
                    }
                };
                if body.contains("id=\"message\"") {
                    return Err(format!("{current}: login refused: {}", snippet(&body)));
                }
                continue;
            }
            if let Some(mut form) = find_form(&body, "id=\"op.logoutForm\"") {
                form.inputs.push(("logout".into(), "yes".into()));
                step = Step::Post(
                    current.join(&form.action).map_err(|e| e.to_string())?,
                    form.inputs,
                );
                continue;
            }
            if body.contains("document.forms[0].submit()")
                && let Some(form) = find_form(&body, "method=\"post\"")
            {
                step = Step::Post(
                    current.join(&form.action).map_err(|e| e.to_string())?,
                    form.inputs,
                );
                continue;
            }
            return Ok(current.to_string());
        }
        Err("more than 25 steps".into())
    }
}

struct Form {
    action: String,
    inputs: Vec<(String, String)>,
}

/// The first `<form …>` whose opening tag contains `marker`, with its action and hidden inputs.
fn find_form(html: &str, marker: &str) -> Option<Form> {
    let mut rest = html;
    while let Some(start) = rest.find("<form") {
        let tag_end = start + rest[start..].find('>')?;
        let tag = &rest[start..=tag_end];
        let end = rest[tag_end..]
            .find("</form>")
            .map_or(rest.len(), |e| tag_end + e);
        if tag.contains(marker) {
            let action = attr(tag, "action").unwrap_or_default();
            let inputs = rest[tag_end..end]
                .split("<input")
                .skip(1)
                .filter_map(|i| {
                    let tag = &i[..i.find('>')?];
                    if attr(tag, "type").as_deref() != Some("hidden") {
                        return None;
                    }
                    Some((attr(tag, "name")?, attr(tag, "value").unwrap_or_default()))
                })
                .collect();
            return Some(Form { action, inputs });
        }
        rest = &rest[end..];
    }
    None
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!("{name}=\"");
    let at = tag.find(&key)? + key.len();
    let value = &tag[at..at + tag[at..].find('"')?];
    Some(
        value
            .replace("&amp;", "&")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">"),
    )
}

fn snippet(body: &str) -> String {
    let text: String = body.chars().take(400).collect();
    text.replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_are_found_with_their_hidden_inputs() {
        let html = r#"<form id="a" action="/x"><input type="text" name="u"></form>
<form id="op.logoutForm" method="post" action="http://h/logout/confirm"><input type="hidden" name="xsrf" value="a&amp;b"/></form>"#;
        let f = find_form(html, "id=\"op.logoutForm\"").unwrap();
        assert_eq!(f.action, "http://h/logout/confirm");
        assert_eq!(f.inputs, vec![("xsrf".to_owned(), "a&b".to_owned())]);
        let f = find_form(html, "id=\"a\"").unwrap();
        assert!(f.inputs.is_empty(), "only hidden inputs are carried");
        assert!(find_form(html, "id=\"zzz\"").is_none());
    }
}
