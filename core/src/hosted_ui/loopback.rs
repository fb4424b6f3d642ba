//! The desktop presenter (RFC 8252 §7.3): the system browser shows the hosted UI and is
//! redirected to a listener on the loopback interface.
//!
//! It listens on the host and port of the redirect URI in the URL it is asked to present
//! (`redirect_uri` of an authorize request, `logout_uri` of `/logout`), which must be a
//! configured `http://localhost:PORT/…` or `http://127.0.0.1:PORT/…` URI: Cognito matches
//! callback URLs exactly, so the port cannot be picked at random. It takes the one request
//! for that path, answers a small page, and stops; other paths (a favicon) get a 404.

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
    /// `webbrowser`), else the platform opener (`xdg-open`, `open`, `start`). If that fails
    /// the URL is printed on stderr and the listener keeps waiting.
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

#[async_trait]
impl super::WebAuthPresenter for LoopbackPresenter {
    async fn present(
        &self,
        url: String,
        _callback_url_scheme: String,
        _prefers_ephemeral_session: bool,
    ) -> Result<String> {
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
        let listeners = bind(&host, port).await?;
        open(&self.options.opener, &url);
        let signing_out = kind == "logout_uri";
        let wait = accept_redirect(&listeners, target.path(), signing_out);
        match tokio::time::timeout(self.options.timeout, wait).await {
            Ok(Ok(request_target)) => Ok(format!("http://{host}:{port}{request_target}")),
            Ok(Err(e)) => Err(e),
            Err(_) => Err(AuthError::Cancelled(format!(
                "no browser came back to {redirect} within {} s",
                self.options.timeout.as_secs()
            ))),
        }
    }
}

/// Listens on 127.0.0.1 and/or [::1] as the redirect URI's host says (`localhost` may
/// resolve to either in the browser, so both, where IPv6 exists).
async fn bind(host: &str, port: u16) -> Result<Vec<TcpListener>> {
    let addrs: &[&str] = match host {
        "127.0.0.1" => &["127.0.0.1"],
        "[::1]" => &["::1"],
        _ => &["127.0.0.1", "::1"],
    };
    let mut listeners = Vec::new();
    let mut first_error = None;
    for addr in addrs {
        match TcpListener::bind((*addr, port)).await {
            Ok(l) => listeners.push(l),
            Err(e) => {
                first_error.get_or_insert(format!("{addr}:{port}: {e}"));
            }
        }
    }
    if listeners.is_empty() {
        return Err(AuthError::InvalidState(format!(
            "cannot listen for the redirect on {}",
            first_error.unwrap_or_default()
        )));
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
            _ => platform_open(url),
        },
    };
    match result {
        Ok(()) => tracing::debug!("browser opened for the hosted UI"),
        Err(why) => {
            if !why.is_empty() {
                eprintln!("Could not open a browser ({why}).");
            }
            eprintln!("Open this URL in a browser to continue:\n{url}");
        }
    }
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
        let mut words = command.split_whitespace();
        let program = words.next().ok_or("empty BROWSER")?;
        std::process::Command::new(program)
            .args(words)
            .arg(url)
            .spawn()
    };
    let child = spawned.map_err(|e| format!("`{command}`: {e}"))?;
    reap(child);
    Ok(())
}

fn platform_open(url: &str) -> std::result::Result<(), String> {
    let (program, args): (&str, Vec<&str>) = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    let child = std::process::Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|e| format!("{program}: {e}"))?;
    reap(child);
    Ok(())
}

/// Waits for the opener in the background so it leaves no zombie.
fn reap(mut child: std::process::Child) {
    std::thread::spawn(move || {
        let _ = child.wait();
    });
}

/// Serves connections until one asks for `path`; returns its request target.
async fn accept_redirect(
    listeners: &[TcpListener],
    path: &str,
    signing_out: bool,
) -> Result<String> {
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
                let tx = found_tx.clone();
                let path = path.to_owned();
                tasks.spawn(async move {
                    if let Some(target) = serve(stream, &path, signing_out).await {
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

/// Reads one request; answers it; returns its target when it is the redirect.
async fn serve(mut stream: TcpStream, path: &str, signing_out: bool) -> Option<String> {
    let head = tokio::time::timeout(Duration::from_secs(10), read_head(&mut stream))
        .await
        .ok()??;
    let mut parts = head.lines().next()?.split(' ');
    let (method, target) = (parts.next()?, parts.next()?);
    let request_path = target.split(['?', '#']).next().unwrap_or("");
    if method != "GET" || request_path != path {
        let _ = respond(&mut stream, "404 Not Found", "Not found.").await;
        return None;
    }
    let failed = Url::parse(&format!("http://localhost{target}"))
        .ok()
        .and_then(|u| {
            u.query_pairs()
                .find(|(k, _)| k == "error")
                .map(|(_, v)| v.into_owned())
        });
    let message = match (&failed, signing_out) {
        (Some(error), _) => format!(
            "The sign-in did not complete ({}). You can close this window.",
            html_escape(error)
        ),
        (None, true) => "You are signed out. You can close this window.".to_owned(),
        (None, false) => {
            "Sign-in received. You can close this window and return to the app.".to_owned()
        }
    };
    let _ = respond(&mut stream, "200 OK", &message).await;
    Some(target.to_owned())
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
         Cache-Control: no-store\r\nConnection: close\r\n\r\n{body}",
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
