//! The desktop presenter (RFC 8252 §7.3, §8.3): the system browser shows the hosted UI and is
//! redirected to a listener on the loopback interface.
//!
//! It listens on the host and port of the redirect URI in the URL it is asked to present
//! (`redirect_uri` of an authorize request, `logout_uri` of `/logout`), which must be a
//! configured `http://localhost:PORT/…`, `http://127.0.0.1:PORT/…` or `http://[::1]:PORT/…`
//! URI: Cognito matches callback URLs exactly, so the port cannot be picked at random.
//!
//! Anything on the machine can connect to that port: another process, or any web page
//! through `<img src="http://127.0.0.1:PORT/callback?error=access_denied">`. So the listener
//! takes only the genuine redirect, and answers anything else with an error page and keeps
//! waiting (until its timeout):
//! - a `GET` of another path: 404;
//! - a `Host` header other than the redirect URI's host and port (a DNS-rebinding page
//!   sends its own name): 421;
//! - for a sign-in, a `state` other than the authorize URL's, none, or more than one, for a
//!   `code` and for an `error=` alike: 400.
//!
//! A `/logout` redirect carries no `state` (Cognito echoes none), so the first request with
//! the right path and `Host` ends a sign-out; the provider ended its session when the
//! browser reached `/logout`, whatever comes back.
//!
//! `localhost` may resolve to 127.0.0.1 or to ::1 in the browser, so for a `localhost`
//! redirect both are bound, or the presenter fails before the browser opens: otherwise a
//! process holding the other address would receive the redirect. The system browser shares
//! the user's cookies, so the session it runs is never private ([`WebAuthResult::shared`]).

use super::WebAuthResult;
use super::pkce::constant_time_eq;
use super::urls::loopback_target;
use crate::error::{AuthError, Result};
use async_trait::async_trait;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use url::Url;

/// A function that shows a URL to the user (opens it, prints it, renders a QR code…).
pub type UrlOpener = Arc<dyn Fn(&str) -> std::result::Result<(), String> + Send + Sync>;

/// How the loopback presenter shows the page.
#[derive(Clone, Default)]
pub enum BrowserOpener {
    /// `$BROWSER <url>` when `BROWSER` is set (the convention of git and Python's
    /// `webbrowser`), else the default browser through the `webbrowser` crate (`xdg-open`
    /// and its kin, Launch Services on macOS, the registered `http` handler on Windows),
    /// never through a shell, so the URL stays one argument whatever it contains. If that
    /// fails the URL is printed on stderr and the listener keeps waiting.
    #[default]
    System,
    /// Only print the URL on stderr (`--no-browser`).
    PrintOnly,
    /// Run this shell command with the URL as its last argument.
    Command(String),
    /// Hand the URL to a function.
    Custom(UrlOpener),
}

impl fmt::Debug for BrowserOpener {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::System => f.write_str("System"),
            Self::PrintOnly => f.write_str("PrintOnly"),
            Self::Command(c) => f.debug_tuple("Command").field(c).finish(),
            Self::Custom(_) => f.write_str("Custom"),
        }
    }
}

/// Settings of a [`LoopbackPresenter`].
#[derive(Debug, Clone)]
pub struct LoopbackOptions {
    /// How the page is opened.
    pub opener: BrowserOpener,
    /// How long to wait for the redirect before giving up with [`AuthError::Cancelled`].
    pub timeout: Duration,
}

impl Default for LoopbackOptions {
    fn default() -> Self {
        Self {
            opener: BrowserOpener::System,
            timeout: Duration::from_secs(300),
        }
    }
}

/// The desktop [`super::WebAuthPresenter`]: system browser + loopback listener.
#[derive(Debug, Clone, Default)]
pub struct LoopbackPresenter {
    options: LoopbackOptions,
}

impl LoopbackPresenter {
    /// A presenter with these settings.
    pub fn new(options: LoopbackOptions) -> Self {
        Self { options }
    }
}

/// Requests larger than this are not a browser's redirect.
const MAX_REQUEST_HEAD: usize = 16 * 1024;

/// Connections served at once; more are closed unanswered (a flood cannot exhaust memory).
const MAX_CONNECTIONS: usize = 32;

#[async_trait]
impl super::WebAuthPresenter for LoopbackPresenter {
    async fn present(
        &self,
        url: String,
        _callback_url_scheme: String,
        _prefers_ephemeral_session: bool,
    ) -> Result<WebAuthResult> {
        let page = Url::parse(&url)
            .map_err(|e| AuthError::InvalidParameter(format!("not a URL to present: {e}")))?;
        let (kind, redirect) = page
            .query_pairs()
            .find(|(k, _)| k == "redirect_uri" || k == "logout_uri")
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .ok_or_else(|| {
                AuthError::InvalidParameter("the URL has no redirect_uri or logout_uri".into())
            })?;
        let (host, port, target) = loopback_target(&redirect).ok_or_else(|| {
            AuthError::NotSupported(format!(
                "the loopback presenter needs an http://localhost:PORT/… or http://127.0.0.1:PORT/… redirect URI, not `{redirect}`"
            ))
        })?;
        let signing_out = kind == "logout_uri";
        let expected = Arc::new(Expected {
            path: target.path().to_owned(),
            authority: format!("{host}:{port}").to_ascii_lowercase(),
            state: if signing_out {
                None
            } else {
                page.query_pairs()
                    .find(|(k, _)| k == "state")
                    .map(|(_, v)| v.into_owned())
            },
            signing_out,
        });
        let listeners = bind(&host, port).await?;
        open(&self.options.opener, &url);
        let wait = accept_redirect(&listeners, expected);
        match tokio::time::timeout(self.options.timeout, wait).await {
            Ok(Ok(request_target)) => Ok(WebAuthResult::shared(format!(
                "http://{host}:{port}{request_target}"
            ))),
            Ok(Err(e)) => Err(e),
            Err(_) => Err(AuthError::Cancelled(format!(
                "no browser came back to {redirect} within {} s",
                self.options.timeout.as_secs()
            ))),
        }
    }
}

/// Listens on 127.0.0.1 and/or [::1] as the redirect URI's host says: both for `localhost`
/// (the browser may resolve it to either), or none at all.
async fn bind(host: &str, port: u16) -> Result<Vec<TcpListener>> {
    let addrs: &[&str] = match host {
        "127.0.0.1" => &["127.0.0.1"],
        "[::1]" => &["::1"],
        _ => &["127.0.0.1", "::1"],
    };
    let mut listeners = Vec::new();
    for addr in addrs {
        match TcpListener::bind((*addr, port)).await {
            Ok(l) => listeners.push(l),
            Err(e) => {
                let shown = if addr.contains(':') {
                    format!("[{addr}]")
                } else {
                    (*addr).to_owned()
                };
                let why = if addrs.len() > 1 {
                    "; a `localhost` redirect needs both 127.0.0.1 and ::1, since the browser may \
                     resolve it to either and whatever holds the other would receive the \
                     redirect (an http://127.0.0.1:PORT/… redirect URI needs only one)"
                } else {
                    ""
                };
                return Err(AuthError::InvalidState(format!(
                    "cannot listen for the redirect on {shown}:{port}: {e}{why}"
                )));
            }
        }
    }
    Ok(listeners)
}

/// Shows the URL; on failure prints it so the user can open it by hand.
fn open(opener: &BrowserOpener, url: &str) {
    let result = match opener {
        BrowserOpener::PrintOnly => Err(String::new()),
        BrowserOpener::Custom(f) => f(url),
        BrowserOpener::Command(cmd) => run_browser(cmd, url),
        BrowserOpener::System => match std::env::var("BROWSER") {
            Ok(b) if !b.trim().is_empty() => run_browser(&b, url),
            _ => {
                // A text-mode browser runs until the user quits it: off the async runtime,
                // and not waited for (the listener must answer it meanwhile).
                let url = url.to_owned();
                std::thread::spawn(move || {
                    if let Err(why) = platform_open(&url) {
                        report_unopened(&why, &url);
                    }
                });
                return;
            }
        },
    };
    match result {
        Ok(()) => tracing::debug!("browser opened for the hosted UI"),
        Err(why) => report_unopened(&why, url),
    }
}

fn report_unopened(why: &str, url: &str) {
    if !why.is_empty() {
        eprintln!("Could not open a browser ({why}).");
    }
    eprintln!("Open this URL in a browser to continue:\n{url}");
}

/// `sh -c '<command> "$1"'`: the command's own words and quoting, the URL as one argument.
fn run_browser(command: &str, url: &str) -> std::result::Result<(), String> {
    #[cfg(unix)]
    let spawned = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{command} \"$1\""))
        .arg("cognito-auth-browser")
        .arg(url)
        .stdin(std::process::Stdio::null())
        // The caller's stdout may be a JSON contract (the CLI): keep the browser off it.
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    #[cfg(not(unix))]
    let spawned = {
        // No shell: the program and its words, then the URL as one argument.
        let mut words = command.split_whitespace();
        let program = words.next().ok_or("empty BROWSER")?;
        std::process::Command::new(program)
            .args(words)
            .arg(url)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
    };
    let child = spawned.map_err(|e| format!("`{command}`: {e}"))?;
    reap(child);
    Ok(())
}

/// The default browser, through the `webbrowser` crate: its output suppressed (the CLI's
/// stdout is JSON), only http(s) URLs (`hardened`), no shell on any platform.
#[cfg(not(any(target_os = "ios", target_os = "android")))]
fn platform_open(url: &str) -> std::result::Result<(), String> {
    webbrowser::open_browser_with_options(
        webbrowser::Browser::Default,
        url,
        webbrowser::BrowserOptions::new().with_suppress_output(true),
    )
    .map_err(|e| e.to_string())
}

#[cfg(any(target_os = "ios", target_os = "android"))]
fn platform_open(_url: &str) -> std::result::Result<(), String> {
    Err("no system browser opener on this platform; use the platform's presenter".into())
}

/// Waits for the opener in the background so it leaves no zombie.
fn reap(mut child: std::process::Child) {
    std::thread::spawn(move || {
        let _ = child.wait();
    });
}

/// What the genuine redirect looks like.
#[derive(Debug)]
struct Expected {
    /// The redirect URI's path.
    path: String,
    /// `host:port` of the redirect URI, lower case: the `Host` header a browser sends.
    authority: String,
    /// The authorize URL's `state` (none for `/logout`, which echoes none).
    state: Option<String>,
    signing_out: bool,
}

/// How a request is answered.
#[derive(Debug, PartialEq, Eq)]
enum Verdict {
    /// The genuine redirect: its request target, and the page to show.
    Redirect { target: String, message: String },
    /// Anything else: a status and a page; the listener keeps waiting.
    Refuse {
        status: &'static str,
        message: &'static str,
    },
}

/// Judges one request head (request line and headers) against the genuine redirect.
fn judge(head: &str, expected: &Expected) -> Verdict {
    let refuse = |status, message| Verdict::Refuse { status, message };
    let mut lines = head.split("\r\n");
    let mut parts = lines.next().unwrap_or("").split(' ');
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let request_path = target.split(['?', '#']).next().unwrap_or("");
    if method != "GET" || request_path != expected.path {
        return refuse("404 Not Found", "Not found.");
    }
    let hosts: Vec<&str> = lines
        .take_while(|l| !l.is_empty())
        .filter_map(|l| l.split_once(':'))
        .filter(|(name, _)| name.trim().eq_ignore_ascii_case("host"))
        .map(|(_, value)| value.trim())
        .collect();
    if !matches!(hosts[..], [h] if h.eq_ignore_ascii_case(&expected.authority)) {
        return refuse(
            "421 Misdirected Request",
            "This request was not sent to this sign-in's address; it was ignored.",
        );
    }
    let Ok(url) = Url::parse(&format!("http://localhost{target}")) else {
        return refuse("400 Bad Request", "Bad request.");
    };
    if let Some(state) = &expected.state {
        let states: Vec<String> = url
            .query_pairs()
            .filter(|(k, _)| k == "state")
            .map(|(_, v)| v.into_owned())
            .collect();
        if !matches!(&states[..], [s] if constant_time_eq(s, state)) {
            return refuse(
                "400 Bad Request",
                "This request does not belong to the sign-in in progress; it was ignored.",
            );
        }
    }
    let failed = url
        .query_pairs()
        .find(|(k, _)| k == "error")
        .map(|(_, v)| v.into_owned());
    let message = match (&failed, expected.signing_out) {
        (Some(error), _) => format!(
            "The sign-in did not complete ({}). You can close this window.",
            html_escape(error)
        ),
        (None, true) => "You are signed out. You can close this window.".to_owned(),
        (None, false) => {
            "Sign-in received. You can close this window and return to the app.".to_owned()
        }
    };
    Verdict::Redirect {
        target: target.to_owned(),
        message,
    }
}

/// Serves connections until the genuine redirect comes; returns its request target.
async fn accept_redirect(listeners: &[TcpListener], expected: Arc<Expected>) -> Result<String> {
    let (found_tx, mut found_rx) = tokio::sync::mpsc::channel::<String>(1);
    let mut tasks = tokio::task::JoinSet::new();
    loop {
        let accept = futures_accept(listeners);
        tokio::select! {
            Some(target) = found_rx.recv() => {
                tasks.abort_all();
                return Ok(target);
            }
            conn = accept => {
                let stream = match conn {
                    Ok(s) => s,
                    Err(e) => {
                        tracing::debug!(error = %e, "loopback accept failed");
                        continue;
                    }
                };
                while tasks.try_join_next().is_some() {}
                if tasks.len() >= MAX_CONNECTIONS {
                    continue;
                }
                let tx = found_tx.clone();
                let expected = expected.clone();
                tasks.spawn(async move {
                    if let Some(target) = serve(stream, &expected).await {
                        let _ = tx.send(target).await;
                    }
                });
            }
        }
    }
}

/// The next connection on any of the listeners.
async fn futures_accept(listeners: &[TcpListener]) -> std::io::Result<TcpStream> {
    match listeners {
        [one] => one.accept().await.map(|(s, _)| s),
        [a, b, ..] => tokio::select! {
            r = a.accept() => r.map(|(s, _)| s),
            r = b.accept() => r.map(|(s, _)| s),
        },
        [] => std::future::pending().await,
    }
}

/// Reads one request; answers it; returns its target when it is the genuine redirect.
async fn serve(mut stream: TcpStream, expected: &Expected) -> Option<String> {
    let head = tokio::time::timeout(Duration::from_secs(10), read_head(&mut stream))
        .await
        .ok()??;
    match judge(&head, expected) {
        Verdict::Redirect { target, message } => {
            let _ = respond(&mut stream, "200 OK", &message).await;
            Some(target)
        }
        Verdict::Refuse { status, message } => {
            tracing::debug!(status, "loopback listener refused a request");
            let _ = respond(&mut stream, status, message).await;
            None
        }
    }
}

async fn read_head(stream: &mut TcpStream) -> Option<String> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 || buf.len() + n > MAX_REQUEST_HEAD {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    String::from_utf8(buf).ok()
}

async fn respond(stream: &mut TcpStream, status: &str, message: &str) -> std::io::Result<()> {
    let body = format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>cognito-auth</title></head>\
         <body><p id=\"message\">{message}</p></body></html>"
    );
    let response = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nReferrer-Policy: no-referrer\r\n\
         X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(response.as_bytes()).await?;
    stream.shutdown().await
}

fn html_escape(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '<' => "&lt;".to_owned(),
            '>' => "&gt;".to_owned(),
            '&' => "&amp;".to_owned(),
            '"' => "&quot;".to_owned(),
            '\'' => "&#39;".to_owned(),
            c => c.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sign_in() -> Expected {
        Expected {
            path: "/callback".into(),
            authority: "127.0.0.1:4000".into(),
            state: Some("s1".into()),
            signing_out: false,
        }
    }

    fn head(target: &str, host: &str) -> String {
        format!("GET {target} HTTP/1.1\r\nHost: {host}\r\nAccept: */*\r\n\r\n")
    }

    fn status(v: Verdict) -> &'static str {
        match v {
            Verdict::Redirect { .. } => "redirect",
            Verdict::Refuse { status, .. } => status,
        }
    }

    #[test]
    fn only_the_genuine_redirect_is_taken() {
        let e = sign_in();
        let ok = judge(&head("/callback?code=c&state=s1", "127.0.0.1:4000"), &e);
        assert_eq!(
            ok,
            Verdict::Redirect {
                target: "/callback?code=c&state=s1".into(),
                message: "Sign-in received. You can close this window and return to the app."
                    .into()
            }
        );
        for (target, host, expected) in [
            ("/favicon.ico", "127.0.0.1:4000", "404 Not Found"),
            (
                "/callback?code=c&state=s2",
                "127.0.0.1:4000",
                "400 Bad Request",
            ),
            ("/callback?code=c", "127.0.0.1:4000", "400 Bad Request"),
            (
                "/callback?error=access_denied",
                "127.0.0.1:4000",
                "400 Bad Request",
            ),
            (
                "/callback?state=s1&state=s1",
                "127.0.0.1:4000",
                "400 Bad Request",
            ),
            (
                "/callback?code=c&state=s1",
                "evil.example:4000",
                "421 Misdirected Request",
            ),
            (
                "/callback?code=c&state=s1",
                "127.0.0.1",
                "421 Misdirected Request",
            ),
            (
                "/callback?code=c&state=s1",
                "localhost:4000",
                "421 Misdirected Request",
            ),
            ("/callback?code=c&state=s1", "", "421 Misdirected Request"),
        ] {
            assert_eq!(
                status(judge(&head(target, host), &e)),
                expected,
                "{target} {host}"
            );
        }
        let no_host = "GET /callback?code=c&state=s1 HTTP/1.0\r\n\r\n";
        assert_eq!(status(judge(no_host, &e)), "421 Misdirected Request");
        let two_hosts = "GET /callback?code=c&state=s1 HTTP/1.1\r\nHost: 127.0.0.1:4000\r\n\
                         host: evil.example\r\n\r\n";
        assert_eq!(status(judge(two_hosts, &e)), "421 Misdirected Request");
        let post = "POST /callback?code=c&state=s1 HTTP/1.1\r\nHost: 127.0.0.1:4000\r\n\r\n";
        assert_eq!(status(judge(post, &e)), "404 Not Found");
        // The Host header's case does not matter; an error with the right state is taken.
        let error = judge(
            &head("/callback?error=access_denied&state=s1", "127.0.0.1:4000"),
            &e,
        );
        assert_eq!(status(error), "redirect");
    }

    #[test]
    fn a_sign_out_redirect_needs_no_state_but_the_right_host() {
        let e = Expected {
            path: "/signout".into(),
            authority: "localhost:4000".into(),
            state: None,
            signing_out: true,
        };
        assert_eq!(
            status(judge(&head("/signout", "LocalHost:4000"), &e)),
            "redirect"
        );
        assert_eq!(
            status(judge(&head("/signout", "127.0.0.1:4000"), &e)),
            "421 Misdirected Request"
        );
    }

    #[test]
    fn an_error_is_shown_escaped() {
        let v = judge(
            &head("/callback?error=%3Cscript%3E&state=s1", "127.0.0.1:4000"),
            &sign_in(),
        );
        let Verdict::Redirect { message, .. } = v else {
            panic!("{v:?}")
        };
        assert!(message.contains("&lt;script&gt;"), "{message}");
    }
}
