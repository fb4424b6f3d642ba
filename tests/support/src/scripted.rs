//! A server that misbehaves on purpose: answers each request with the next canned reply
//! (or drops the connection, or stalls) and counts what it received. For retry, timeout and
//! error-decoding tests that no real peer can be made to produce on demand.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One canned behaviour.
#[derive(Debug, Clone)]
pub enum Reply {
    /// An HTTP response: status, extra headers, body.
    Http(u16, Vec<(String, String)>, String),
    /// Close the connection without answering.
    Drop,
    /// Wait this long before answering with the next reply.
    Stall(Duration, Box<Reply>),
    /// A response whose `Content-Length` promises more than is sent.
    Truncated(u16, String),
}

impl Reply {
    /// A JSON 1.1 error reply.
    pub fn error(status: u16, name: &str, message: &str) -> Self {
        Reply::Http(
            status,
            vec![("Content-Type".into(), "application/x-amz-json-1.1".into())],
            serde_json::json!({"__type": name, "message": message}).to_string(),
        )
    }

    /// A JSON 1.1 success reply.
    pub fn json(body: serde_json::Value) -> Self {
        Reply::Http(
            200,
            vec![("Content-Type".into(), "application/x-amz-json-1.1".into())],
            body.to_string(),
        )
    }
}

/// A request as received.
#[derive(Debug, Clone)]
pub struct Received {
    /// `X-Amz-Target`, when sent.
    pub target: Option<String>,
    /// All headers, lower-cased names.
    pub headers: Vec<(String, String)>,
    /// Body text.
    pub body: String,
}

/// The running server; stops accepting when dropped.
pub struct ScriptedServer {
    port: u16,
    hits: Arc<AtomicUsize>,
    received: Arc<Mutex<Vec<Received>>>,
    stop: Arc<std::sync::atomic::AtomicBool>,
}

impl ScriptedServer {
    /// Serves `script` in order; once it is used up, repeats its last entry.
    pub fn start(script: Vec<Reply>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let hits = Arc::new(AtomicUsize::new(0));
        let received = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (h, r, s) = (hits.clone(), received.clone(), stop.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if s.load(Ordering::Relaxed) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let n = h.fetch_add(1, Ordering::SeqCst);
                let reply = script
                    .get(n)
                    .or(script.last())
                    .cloned()
                    .unwrap_or(Reply::Drop);
                let r = r.clone();
                std::thread::spawn(move || serve(stream, reply, &r));
            }
        });
        Self {
            port,
            hits,
            received,
            stop,
        }
    }

    /// `http://127.0.0.1:<port>/`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    /// Requests received so far.
    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }

    /// The requests received so far.
    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

impl Drop for ScriptedServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn serve(stream: TcpStream, reply: Reply, received: &Mutex<Vec<Received>>) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    let mut headers = Vec::new();
    let mut line = String::new();
    let _ = reader.read_line(&mut line);
    loop {
        line.clear();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        if let Some((k, v)) = line.trim_end().split_once(':') {
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_owned()));
        }
    }
    let len = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0usize);
    let mut body = vec![0u8; len];
    let _ = reader.read_exact(&mut body);
    received.lock().unwrap().push(Received {
        target: headers
            .iter()
            .find(|(k, _)| k == "x-amz-target")
            .map(|(_, v)| v.clone()),
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    });
    respond(stream, reply);
}

fn respond(mut stream: TcpStream, reply: Reply) {
    match reply {
        Reply::Drop => {
            let _ = stream.shutdown(std::net::Shutdown::Both);
        }
        Reply::Stall(d, next) => {
            std::thread::sleep(d);
            respond(stream, *next);
        }
        Reply::Http(status, headers, body) => {
            let mut head = format!(
                "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n",
                body.len()
            );
            for (k, v) in headers {
                head.push_str(&format!("{k}: {v}\r\n"));
            }
            head.push_str("\r\n");
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(body.as_bytes());
        }
        Reply::Truncated(status, body) => {
            let head = format!(
                "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nContent-Type: application/x-amz-json-1.1\r\nConnection: close\r\n\r\n",
                body.len() + 100
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(body.as_bytes());
            let _ = stream.shutdown(std::net::Shutdown::Both);
        }
    }
}
