//! Spawning a peer under the watchdog, waiting until it answers, killing it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::{Duration, Instant};

/// `tests/peers` (override with `COGNITO_AUTH_PEERS_DIR`).
pub fn peers_dir() -> PathBuf {
    std::env::var_os("COGNITO_AUTH_PEERS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../peers"))
}

/// A port nobody listens on right now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("bind 127.0.0.1:0")
}

/// A running peer. Dropping it kills the server (by PID, through the watchdog).
pub struct PeerProcess {
    name: String,
    port: u16,
    pid: u32,
    watchdog: Child,
    stdin: Option<ChildStdin>,
    log: PathBuf,
    _dir: Option<TempDir>,
}

impl std::fmt::Debug for PeerProcess {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PeerProcess")
            .field("name", &self.name)
            .field("port", &self.port)
            .field("pid", &self.pid)
            .finish()
    }
}

impl PeerProcess {
    /// Starts `program args` with `envs` under the watchdog, on a free port chosen by
    /// `port_args(port, dir)`, in a fresh temporary directory `dir` (the closure may write
    /// files into it first), and waits until
    /// `GET ready_path` answers with any HTTP status. Retries on another port if the first
    /// one was taken in between.
    pub fn spawn(
        name: &str,
        program: &Path,
        port_args: impl Fn(u16, &Path) -> (Vec<String>, Vec<(String, String)>),
        ready_path: &str,
    ) -> PeerProcess {
        let mut last_error = String::new();
        for _ in 0..3 {
            let port = free_port();
            let dir = TempDir::new(name);
            let (args, envs) = port_args(port, dir.path());
            match Self::try_spawn(name, program, &args, &envs, port, dir, ready_path) {
                Ok(p) => return p,
                Err(e) => last_error = e,
            }
        }
        panic!("{name} did not start: {last_error}");
    }

    fn try_spawn(
        name: &str,
        program: &Path,
        args: &[String],
        envs: &[(String, String)],
        port: u16,
        dir: TempDir,
        ready_path: &str,
    ) -> Result<PeerProcess, String> {
        let log = dir.path().join(format!("{name}.log"));
        let mut watchdog = Command::new("python3")
            .arg(peers_dir().join("watchdog.py"))
            .arg(&log)
            .arg("--")
            .arg(program)
            .args(args)
            .envs(envs.iter().map(|(k, v)| (k, v)))
            .current_dir(dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("cannot run python3 watchdog: {e}"))?;
        let mut line = String::new();
        BufReader::new(watchdog.stdout.take().expect("piped"))
            .read_line(&mut line)
            .map_err(|e| e.to_string())?;
        let pid: u32 = line
            .trim()
            .parse()
            .map_err(|_| format!("watchdog did not report a PID: {line:?}"))?;
        let stdin = watchdog.stdin.take();
        let mut peer = PeerProcess {
            name: name.to_owned(),
            port,
            pid,
            watchdog,
            stdin,
            log,
            _dir: Some(dir),
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if http_answers(port, ready_path) {
                return Ok(peer);
            }
            if let Ok(Some(_)) = peer.watchdog.try_wait() {
                return Err(format!("{name} exited early:\n{}", peer.log_tail()));
            }
            if !pid_alive(pid) {
                return Err(format!("{name} exited early:\n{}", peer.log_tail()));
            }
            if Instant::now() > deadline {
                return Err(format!("{name} not ready after 60 s:\n{}", peer.log_tail()));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Port the server listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// PID of the server process.
    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// Working directory of the server.
    pub fn dir(&self) -> &Path {
        self._dir.as_ref().expect("dir").path()
    }

    /// The last lines of the server's log, for failure messages.
    pub fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(40)..].join("\n")
    }

    /// Kills the server now and waits for the watchdog to finish.
    pub fn kill(&mut self) {
        // SAFETY: plain syscalls on PIDs this process started.
        unsafe {
            libc::kill(-(self.pid as i32), libc::SIGKILL);
            libc::kill(self.watchdog.id() as i32, libc::SIGTERM);
        }
        self.stdin.take();
        let _ = self.watchdog.wait();
    }
}

impl Drop for PeerProcess {
    fn drop(&mut self) {
        self.kill();
    }
}

fn pid_alive(pid: u32) -> bool {
    // SAFETY: signal 0 only checks for existence.
    unsafe { libc::kill(pid as i32, 0) == 0 }
}

fn http_answers(port: u16, path: &str) -> bool {
    let Ok(mut s) =
        TcpStream::connect_timeout(&([127, 0, 0, 1], port).into(), Duration::from_millis(200))
    else {
        return false;
    };
    let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
    let req = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    if s.write_all(req.as_bytes()).is_err() {
        return false;
    }
    let mut buf = [0u8; 12];
    matches!(s.read(&mut buf), Ok(n) if n >= 8 && buf.starts_with(b"HTTP/"))
}

/// A temporary directory removed on drop (kept when `KEEP_PEER_DIRS` is set, for debugging).
pub(crate) struct TempDir(PathBuf);

impl TempDir {
    pub(crate) fn new(prefix: &str) -> Self {
        let path = std::env::temp_dir().join(crate::unique(&format!("cognito-auth-{prefix}-")));
        std::fs::create_dir_all(&path).expect("create temp dir");
        Self(path)
    }

    pub(crate) fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        if std::env::var_os("KEEP_PEER_DIRS").is_none() {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}
