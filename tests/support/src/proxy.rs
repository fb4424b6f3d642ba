//! A counting pass-through in front of a peer (ours, for what no peer reports): forwards
//! every request unchanged and counts them by operation (`X-Amz-Target`), so a test can prove
//! "N callers → 1 refresh request"; switched off, it drops every connection like a network
//! that is down, without touching the peer or what it stores.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// The running proxy; stops accepting when dropped.
pub struct CountingProxy {
    port: u16,
    state: Arc<State>,
}

#[derive(Default)]
struct State {
    counts: Mutex<HashMap<String, usize>>,
    bodies: Mutex<Vec<(String, String)>>,
    down: AtomicBool,
    stop: AtomicBool,
}

impl CountingProxy {
    /// Forwards to `upstream` (`http://127.0.0.1:<port>`).
    pub fn start(upstream: &str) -> Self {
        let upstream = upstream
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_owned();
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let state = Arc::new(State::default());
        let s = state.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if s.stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let (s, upstream) = (s.clone(), upstream.clone());
                std::thread::spawn(move || serve(stream, &upstream, &s));
            }
        });
        Self { port, state }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Requests forwarded for an operation, by the end of its `X-Amz-Target`
    /// (`"InitiateAuth"`, `"GetCredentialsForIdentity"`).
    pub fn count(&self, operation: &str) -> usize {
        self.state
            .counts
            .lock()
            .unwrap()
            .iter()
            .filter(|(t, _)| t.rsplit('.').next() == Some(operation))
            .map(|(_, n)| n)
            .sum()
    }

    /// The JSON bodies forwarded for an operation, oldest first.
    pub fn bodies(&self, operation: &str) -> Vec<serde_json::Value> {
        self.state
            .bodies
            .lock()
            .unwrap()
            .iter()
            .filter(|(t, _)| t.rsplit('.').next() == Some(operation))
            .map(|(_, b)| serde_json::from_str(b).unwrap_or(serde_json::Value::String(b.clone())))
            .collect()
    }

    /// Requests forwarded in all.
    pub fn total(&self) -> usize {
        self.state.counts.lock().unwrap().values().sum()
    }

    /// Forgets the counts.
    pub fn reset_counts(&self) {
        self.state.counts.lock().unwrap().clear();
        self.state.bodies.lock().unwrap().clear();
    }

    /// Drops every connection (true) or forwards again (false).
    pub fn set_down(&self, down: bool) {
        self.state.down.store(down, Ordering::SeqCst);
    }
}

impl Drop for CountingProxy {
    fn drop(&mut self) {
        self.state.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

/// One request per connection: the response goes back with `Connection: close`.
fn serve(client: TcpStream, upstream: &str, state: &State) {
    let Some((head, body)) = read_message(&client) else {
        return;
    };
    if state.down.load(Ordering::SeqCst) {
        let _ = client.shutdown(Shutdown::Both);
        return;
    }
    let target = header(&head, "x-amz-target").unwrap_or_else(|| "(none)".into());
    *state
        .counts
        .lock()
        .unwrap()
        .entry(target.clone())
        .or_default() += 1;
    state
        .bodies
        .lock()
        .unwrap()
        .push((target, String::from_utf8_lossy(&body).into_owned()));
    let Ok(mut up) = TcpStream::connect(upstream) else {
        let _ = client.shutdown(Shutdown::Both);
        return;
    };
    let _ = up.write_all(&with_connection_close(&head));
    let _ = up.write_all(&body);
    let Some((resp_head, resp_body)) = read_message(&up) else {
        let _ = client.shutdown(Shutdown::Both);
        return;
    };
    let mut client = client;
    let _ = client.write_all(&with_connection_close(&resp_head));
    let _ = client.write_all(&resp_body);
    let _ = client.flush();
    let _ = client.shutdown(Shutdown::Both);
}

/// Reads a head (up to the blank line) and a `Content-Length` body.
pub(crate) fn read_message(stream: &TcpStream) -> Option<(Vec<String>, Vec<u8>)> {
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let head = read_head(&mut reader)?;
    let len: usize = header(&head, "content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; len];
    reader.read_exact(&mut body).ok()?;
    Some((head, body))
}

/// The head's lines up to the blank line; `None` at EOF before it.
pub(crate) fn read_head(reader: &mut impl BufRead) -> Option<Vec<String>> {
    let mut head = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end_matches(['\r', '\n']).to_owned();
        if line.is_empty() {
            return Some(head);
        }
        head.push(line);
    }
}

pub(crate) fn header(head: &[String], name: &str) -> Option<String> {
    head.iter().skip(1).find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.trim()
            .eq_ignore_ascii_case(name)
            .then(|| v.trim().to_owned())
    })
}

pub(crate) fn with_connection_close(head: &[String]) -> Vec<u8> {
    let mut out = String::new();
    for (i, line) in head.iter().enumerate() {
        let is_connection = i > 0
            && line
                .split_once(':')
                .is_some_and(|(k, _)| k.trim().eq_ignore_ascii_case("connection"));
        if !is_connection {
            out.push_str(line);
            out.push_str("\r\n");
        }
    }
    out.push_str("Connection: close\r\n\r\n");
    out.into_bytes()
}
