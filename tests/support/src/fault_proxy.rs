//! A fault-injecting proxy (ours: no peer fails on demand) between the client and a real peer
//! (moto, oidc-provider) on 127.0.0.1. It forwards requests unchanged until told to
//! misbehave, counts every request it receives by operation (`X-Amz-Target`, or the path for
//! the OAuth endpoints), and can be switched at run time, so a test shows both the failure and
//! the success once the fault stops — against the same stored session.
//!
//! Bounded: it stops by itself after [`FaultProxy::MAX_LIFETIME`] or
//! [`FaultProxy::MAX_REQUESTS`] requests, stalls are capped, and every socket has a timeout.

use crate::proxy::{header, read_head, read_message, with_connection_close};
use std::collections::HashMap;
use std::io::Write;
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

/// How the proxy treats the requests a fault applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// Forward unchanged.
    None,
    /// Read the request, then reset the connection (RST) without answering.
    Reset,
    /// Stop listening: connections are refused (nothing is counted, nothing reaches the peer).
    Refused,
    /// Hold the request this long (capped at 30 s), then drop it unanswered.
    Stall(Duration),
    /// Hold the request this long (capped at 30 s), then forward it: a slow network, so a
    /// test can act while the request is in flight.
    Delay(Duration),
    /// Answer with this 5xx status and a JSON 1.1 error body (`InternalErrorException` for 500,
    /// `ServiceUnavailableException` otherwise) without forwarding.
    StatusJson(u16),
    /// Answer with this status and an HTML error page, as load balancers do.
    StatusHtml(u16),
    /// Forward, then send only half of the peer's body under its full `Content-Length`.
    Truncated,
    /// Answer 200 with a body that is not JSON.
    MalformedJson,
    /// Answer with the last successful answer the proxy forwarded for *another operation*
    /// (a well-formed Cognito answer of the wrong shape), or, when there is none, a GetId
    /// answer.
    WrongResponse,
    /// Answer with the last successful answer the proxy forwarded for the *same* operation but
    /// a different request (another user's tokens): right shape, wrong request.
    StaleAnswer,
    /// Forward, with the `Date` header moved by this many seconds (hours off).
    DateOffset(i64),
    /// Answer with this status and JSON 1.1 body instead of the peer: plays Cognito where the
    /// peer cannot (moto answers RevokeToken with an HTML 500).
    Answer(u16, String),
    /// Answer 400 `InvalidParameterException` whose message repeats the whole request body,
    /// like a server that echoes input back: error messages must come back scrubbed.
    EchoRequest,
}

/// The running proxy; stops when dropped.
pub struct FaultProxy {
    port: u16,
    state: Arc<State>,
}

struct State {
    upstream: String,
    /// Fault for every operation, unless `per_operation` names it.
    fault: Mutex<Fault>,
    per_operation: Mutex<HashMap<String, Fault>>,
    counts: Mutex<HashMap<String, usize>>,
    requests: Mutex<Vec<(String, String)>>,
    total: AtomicUsize,
    /// (operation, request body) → last 2xx answer (head, body), for `WrongResponse`.
    answers: Mutex<Vec<Recorded>>,
    stop: AtomicBool,
    listening: Mutex<bool>,
}

/// A 2xx answer the proxy forwarded: operation, request body, answer head, answer body.
type Recorded = (String, Vec<u8>, Vec<String>, Vec<u8>);

impl FaultProxy {
    /// The proxy stops accepting after this long.
    pub const MAX_LIFETIME: Duration = Duration::from_secs(600);
    /// The proxy stops accepting after this many requests.
    pub const MAX_REQUESTS: usize = 20_000;
    const MAX_STALL: Duration = Duration::from_secs(30);

    /// Forwards to `upstream` (`http://127.0.0.1:<port>`), with no fault.
    pub fn start(upstream: &str) -> Self {
        let upstream = upstream
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_owned();
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let state = Arc::new(State {
            upstream,
            fault: Mutex::new(Fault::None),
            per_operation: Mutex::new(HashMap::new()),
            counts: Mutex::new(HashMap::new()),
            requests: Mutex::new(Vec::new()),
            total: AtomicUsize::new(0),
            answers: Mutex::new(Vec::new()),
            stop: AtomicBool::new(false),
            listening: Mutex::new(true),
        });
        let s = state.clone();
        std::thread::spawn(move || accept_loop(listener, port, &s));
        Self { port, state }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Applies `fault` to every request (`Fault::None` restores forwarding) and forgets the
    /// per-operation faults.
    pub fn set_fault(&self, fault: Fault) {
        self.state.per_operation.lock().unwrap().clear();
        let refused = fault == Fault::Refused;
        *self.state.fault.lock().unwrap() = fault;
        // Wait until the listener follows, so the next request sees the new behaviour.
        let deadline = Instant::now() + Duration::from_secs(5);
        while *self.state.listening.lock().unwrap() == refused {
            assert!(Instant::now() < deadline, "fault proxy did not switch");
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    /// Applies `fault` only to `operation` (`InitiateAuth`, `GetId`, `oauth2/token`); other
    /// operations keep the global fault. `Refused` cannot be per operation.
    pub fn set_fault_for(&self, operation: &str, fault: Fault) {
        assert_ne!(
            fault,
            Fault::Refused,
            "refusal happens before the operation is known"
        );
        self.state
            .per_operation
            .lock()
            .unwrap()
            .insert(operation.to_owned(), fault);
    }

    /// Requests received for an operation (faulted ones included; refused ones never arrive).
    pub fn count(&self, operation: &str) -> usize {
        self.state
            .counts
            .lock()
            .unwrap()
            .get(operation)
            .copied()
            .unwrap_or(0)
    }

    /// Requests received per operation.
    pub fn counts(&self) -> HashMap<String, usize> {
        self.state.counts.lock().unwrap().clone()
    }

    /// The bodies of the requests received for an operation, oldest first (what the client
    /// sent: tests look for the secrets in them, then make sure nothing else shows them).
    pub fn requests(&self, operation: &str) -> Vec<String> {
        self.state
            .requests
            .lock()
            .unwrap()
            .iter()
            .filter(|(op, _)| op == operation)
            .map(|(_, b)| b.clone())
            .collect()
    }

    /// Requests received in all.
    pub fn total(&self) -> usize {
        self.state.total.load(Ordering::SeqCst)
    }

    /// Forgets the counts (not the recorded answers).
    pub fn reset_counts(&self) {
        self.state.counts.lock().unwrap().clear();
        self.state.total.store(0, Ordering::SeqCst);
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.state.stop.store(true, Ordering::SeqCst);
    }
}

/// The operation a request is for: the end of `X-Amz-Target`, else the path without `/`.
fn operation_of(head: &[String]) -> String {
    if let Some(target) = header(head, "x-amz-target") {
        return target.rsplit('.').next().unwrap_or(&target).to_owned();
    }
    let path = head
        .first()
        .and_then(|l| l.split_whitespace().nth(1))
        .unwrap_or("/");
    let path = path.split('?').next().unwrap_or(path);
    path.trim_matches('/').to_owned()
}

/// Accepts until stopped, closing the listener while the global fault is `Refused` and
/// binding the same port again when it is lifted.
fn accept_loop(listener: TcpListener, port: u16, state: &Arc<State>) {
    let started = Instant::now();
    let mut listener = Some(listener);
    loop {
        if state.stop.load(Ordering::SeqCst)
            || started.elapsed() > FaultProxy::MAX_LIFETIME
            || state.total.load(Ordering::SeqCst) >= FaultProxy::MAX_REQUESTS
        {
            return;
        }
        let refused = *state.fault.lock().unwrap() == Fault::Refused;
        match (refused, listener.is_some()) {
            (true, true) => {
                listener = None;
                *state.listening.lock().unwrap() = false;
            }
            (false, false) => {
                // std sets SO_REUSEADDR on Unix, so the port can be bound again at once.
                let l = TcpListener::bind(("127.0.0.1", port))
                    .unwrap_or_else(|e| panic!("fault proxy: cannot listen on {port} again: {e}"));
                listener = Some(l);
                *state.listening.lock().unwrap() = true;
            }
            _ => {}
        }
        let Some(l) = &listener else {
            std::thread::sleep(Duration::from_millis(5));
            continue;
        };
        l.set_nonblocking(true).expect("nonblocking");
        match l.accept() {
            Ok((stream, _)) => {
                let _ = stream.set_nonblocking(false);
                let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
                let _ = stream.set_write_timeout(Some(Duration::from_secs(10)));
                let s = state.clone();
                std::thread::spawn(move || serve(stream, &s));
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                std::thread::sleep(Duration::from_millis(2));
            }
            Err(_) => std::thread::sleep(Duration::from_millis(2)),
        }
    }
}

fn serve(client: TcpStream, state: &State) {
    let Some((head, body)) = read_message(&client) else {
        return;
    };
    let operation = operation_of(&head);
    *state
        .counts
        .lock()
        .unwrap()
        .entry(operation.clone())
        .or_default() += 1;
    state.total.fetch_add(1, Ordering::SeqCst);
    state.requests.lock().unwrap().push((
        operation.clone(),
        String::from_utf8_lossy(&body).into_owned(),
    ));
    let fault = state
        .per_operation
        .lock()
        .unwrap()
        .get(&operation)
        .cloned()
        .unwrap_or_else(|| state.fault.lock().unwrap().clone());
    if let Fault::Delay(d) = fault {
        std::thread::sleep(d.min(FaultProxy::MAX_STALL));
    }
    match fault {
        Fault::None | Fault::Refused | Fault::Delay(_) => {
            if let Some((h, b)) = forward(state, &operation, &head, &body) {
                send(client, &h, &b);
            } else {
                reset(client);
            }
        }
        Fault::Reset => reset(client),
        Fault::Stall(d) => {
            std::thread::sleep(d.min(FaultProxy::MAX_STALL));
            let _ = client.shutdown(Shutdown::Both);
        }
        Fault::StatusJson(status) => {
            let name = if status == 500 {
                "InternalErrorException"
            } else {
                "ServiceUnavailableException"
            };
            let body = format!(r#"{{"__type":"{name}","message":"injected HTTP {status}"}}"#);
            respond(
                client,
                status,
                "application/x-amz-json-1.1",
                body.as_bytes(),
            );
        }
        Fault::StatusHtml(status) => {
            let body = format!(
                "<!DOCTYPE html><html><head><title>{status}</title></head><body><h1>{status} Bad Gateway</h1><p>The server is temporarily unable to service your request.</p></body></html>"
            );
            respond(client, status, "text/html; charset=utf-8", body.as_bytes());
        }
        Fault::Truncated => match forward(state, &operation, &head, &body) {
            Some((h, b)) => {
                let mut client = client;
                let _ = client.write_all(&with_connection_close(&h));
                let _ = client.write_all(&b[..b.len() / 2]);
                let _ = client.flush();
                reset(client);
            }
            None => reset(client),
        },
        Fault::MalformedJson => respond(
            client,
            200,
            "application/x-amz-json-1.1",
            b"{\"AuthenticationResult\": {\"AccessToken\": <html>",
        ),
        Fault::WrongResponse | Fault::StaleAnswer => {
            let same_op = fault == Fault::StaleAnswer;
            let other = state
                .answers
                .lock()
                .unwrap()
                .iter()
                .rev()
                .find(|(op, req, _, _)| {
                    if same_op {
                        *op == operation && *req != body
                    } else {
                        *op != operation
                    }
                })
                .map(|(_, _, h, b)| (h.clone(), b.clone()));
            match other {
                Some((h, b)) => send(client, &h, &b),
                None => respond(
                    client,
                    200,
                    "application/x-amz-json-1.1",
                    br#"{"IdentityId":"us-east-1:00000000-0000-4000-8000-000000000000"}"#,
                ),
            }
        }
        Fault::DateOffset(secs) => match forward(state, &operation, &head, &body) {
            Some((h, b)) => {
                let now = SystemTime::now();
                let moved = if secs >= 0 {
                    now + Duration::from_secs(secs as u64)
                } else {
                    now - Duration::from_secs(secs.unsigned_abs())
                };
                let mut h: Vec<String> = h
                    .into_iter()
                    .filter(|l| !l.to_ascii_lowercase().starts_with("date:"))
                    .collect();
                h.push(format!("Date: {}", httpdate::fmt_http_date(moved)));
                send(client, &h, &b);
            }
            None => reset(client),
        },
        Fault::Answer(status, body) => {
            respond(
                client,
                status,
                "application/x-amz-json-1.1",
                body.as_bytes(),
            );
        }
        Fault::EchoRequest => {
            let message = String::from_utf8_lossy(&body).into_owned();
            let body = serde_json::json!({
                "__type": "InvalidParameterException",
                "message": format!("1 validation error detected: request {message} is invalid"),
                "error": "invalid_request",
                "error_description": format!("request {message} is invalid"),
            })
            .to_string();
            respond(client, 400, "application/x-amz-json-1.1", body.as_bytes());
        }
    }
}

/// Sends the request to the peer and returns its answer; records 2xx answers.
fn forward(
    state: &State,
    operation: &str,
    head: &[String],
    body: &[u8],
) -> Option<(Vec<String>, Vec<u8>)> {
    let mut up = TcpStream::connect(&state.upstream).ok()?;
    let _ = up.set_read_timeout(Some(Duration::from_secs(30)));
    up.write_all(&with_connection_close(head)).ok()?;
    up.write_all(body).ok()?;
    let (h, b) = read_answer(&up)?;
    let ok = h
        .first()
        .and_then(|l| l.split_whitespace().nth(1))
        .is_some_and(|s| s.starts_with('2'));
    if ok {
        let mut answers = state.answers.lock().unwrap();
        answers.retain(|(op, req, _, _)| !(op == operation && req == body));
        answers.push((operation.to_owned(), body.to_vec(), h.clone(), b.clone()));
        if answers.len() > 64 {
            answers.remove(0);
        }
    }
    Some((h, b))
}

/// An answer: a `Content-Length` body exactly, any other (chunked, close-delimited) raw up to
/// EOF, passed on as it came (the proxy always asks the peer to close).
fn read_answer(stream: &TcpStream) -> Option<(Vec<String>, Vec<u8>)> {
    use std::io::{BufReader, Read};
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let head = read_head(&mut reader)?;
    let mut body = Vec::new();
    match header(&head, "content-length").and_then(|v| v.parse::<usize>().ok()) {
        Some(len) => {
            body.resize(len, 0);
            reader.read_exact(&mut body).ok()?;
        }
        None => {
            reader.read_to_end(&mut body).ok()?;
        }
    }
    Some((head, body))
}

fn send(client: TcpStream, head: &[String], body: &[u8]) {
    let mut client = client;
    let _ = client.write_all(&with_connection_close(head));
    let _ = client.write_all(body);
    let _ = client.flush();
    let _ = client.shutdown(Shutdown::Both);
}

fn respond(client: TcpStream, status: u16, content_type: &str, body: &[u8]) {
    let head = vec![
        format!("HTTP/1.1 {status} Injected"),
        format!("Content-Type: {content_type}"),
        format!("Content-Length: {}", body.len()),
        format!("Date: {}", httpdate::fmt_http_date(SystemTime::now())),
    ];
    send(client, &head, body);
}

/// Closes with an RST (SO_LINGER 0) instead of an orderly FIN.
fn reset(client: TcpStream) {
    #[cfg(unix)]
    {
        use std::os::unix::io::AsRawFd;
        let linger = libc::linger {
            l_onoff: 1,
            l_linger: 0,
        };
        // SAFETY: setsockopt on a descriptor this function owns, with a valid linger struct.
        unsafe {
            libc::setsockopt(
                client.as_raw_fd(),
                libc::SOL_SOCKET,
                libc::SO_LINGER,
                (&linger as *const libc::linger).cast(),
                std::mem::size_of::<libc::linger>() as libc::socklen_t,
            );
        }
    }
    drop(client);
}
