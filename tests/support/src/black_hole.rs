//! [`BlackHole`] (ours): an endpoint that accepts TCP connections and never answers — a
//! network that lets packets in and nothing back (a dead NAT mapping, a captive network, a
//! firewall that drops replies). It reads and discards whatever arrives and counts the
//! connections. Bounded: it stops accepting after 10 minutes, holds at most 200 connections
//! and closes each after 60 s.

use std::io::Read;
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// A listener on 127.0.0.1 that never answers.
pub struct BlackHole {
    port: u16,
    connections: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
}

impl BlackHole {
    const MAX_LIFETIME: Duration = Duration::from_secs(600);
    const MAX_CONNECTIONS: usize = 200;
    const HOLD: Duration = Duration::from_secs(60);

    /// Starts listening on a free port.
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        listener.set_nonblocking(true).expect("nonblocking");
        let connections = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (count, halt) = (connections.clone(), stop.clone());
        std::thread::spawn(move || {
            let started = Instant::now();
            while !halt.load(Ordering::SeqCst) && started.elapsed() < Self::MAX_LIFETIME {
                match listener.accept() {
                    Ok((mut stream, _)) => {
                        if count.fetch_add(1, Ordering::SeqCst) >= Self::MAX_CONNECTIONS {
                            continue; // dropped: closed at once
                        }
                        std::thread::spawn(move || {
                            let _ = stream.set_nonblocking(false);
                            let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
                            let held = Instant::now();
                            let mut buf = [0u8; 4096];
                            while held.elapsed() < Self::HOLD {
                                match stream.read(&mut buf) {
                                    Ok(0) => break, // the client gave up
                                    Ok(_) => {}
                                    Err(e)
                                        if matches!(
                                            e.kind(),
                                            std::io::ErrorKind::WouldBlock
                                                | std::io::ErrorKind::TimedOut
                                        ) => {}
                                    Err(_) => break,
                                }
                            }
                        });
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        Self {
            port,
            connections,
            stop,
        }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Connections accepted so far.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

impl Drop for BlackHole {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}
