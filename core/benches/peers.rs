//! The Rust side of `make bench` (bench/run.py): a long-lived process that runs one
//! measurement per request, so the driver can interleave it with the same measurement in the
//! peers (Node, Python) round after round on a noisy machine.
//!
//! `cargo bench -p cognito-auth --bench peers -- serve` reads one JSON request per line on
//! stdin and answers one JSON line on stdout: `{"ok":true,"iters":N,"wall_ns":..,"cpu_ns":..}`
//! (CPU time of the whole process, every thread) or `{"ok":false,"error":".."}`.
//!
//! Cases: `srp_all`, `srp_a`, `srp_claim`, `fetch_cached`, `user_state`, `sigv4`, `jwt` (same
//! inputs as the criterion benches and the peers), `tokens` (the tokens `fetch_cached` stores, for
//! aws-amplify's store), `signin` (SRP sign-ins against moto), `storm` (N concurrent
//! `fetch_auth_session` with expired tokens against moto behind a counting proxy).

mod common;

use cognito_auth::clock::ManualClock;
use cognito_auth::srp::SrpClient;
use cognito_auth::tokens::Claims;
use cognito_auth::{AuthClient, AuthConfig, sign_request_with};
use cognito_auth_testkit::CountingProxy;
use serde_json::{Value, json};
use std::hint::black_box;
use std::io::{BufRead, Write};
use std::sync::Arc;
use std::time::{Duration, Instant, UNIX_EPOCH};

/// CPU time of the whole process (user + system, all threads).
fn cpu_now() -> Duration {
    let mut u = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage writes a whole rusage into the pointer it is given.
    let u = unsafe {
        libc::getrusage(libc::RUSAGE_SELF, u.as_mut_ptr());
        u.assume_init()
    };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(u.ru_utime) + tv(u.ru_stime)
}

/// Wall and CPU time of `f`.
fn measure<T>(f: impl FnOnce() -> T) -> (T, Duration, Duration) {
    let (c, t) = (cpu_now(), Instant::now());
    let out = f();
    (out, t.elapsed(), cpu_now() - c)
}

fn timed(iters: u64, wall: Duration, cpu: Duration) -> Value {
    json!({"ok": true, "iters": iters, "wall_ns": wall.as_nanos() as u64, "cpu_ns": cpu.as_nanos() as u64})
}

struct Runner {
    rt: tokio::runtime::Runtime,
    tokens: common::Tokens,
    cached: Option<AuthClient>,
}

impl Runner {
    fn new() -> Self {
        Self {
            rt: tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("runtime"),
            tokens: common::Tokens::valid_for_an_hour(),
            cached: None,
        }
    }

    fn handle(&mut self, req: &Value) -> Result<Value, String> {
        let case = req["case"].as_str().ok_or("no case")?;
        let iters = req["iters"].as_u64().unwrap_or(1).max(1);
        match case {
            "srp_all" | "srp_a" | "srp_claim" => Ok(srp(case, iters)),
            "jwt" => Ok(self.jwt(iters)),
            "sigv4" => Ok(sigv4(iters)),
            "fetch_cached" => Ok(self.fetch_cached(iters)),
            "user_state" => Ok(self.user_state(iters)),
            "tokens" => Ok(
                json!({"ok": true, "id": self.tokens.id, "access": self.tokens.access,
                "refresh": self.tokens.refresh, "username": common::USERNAME,
                "user_pool_id": common::POOL_ID, "client_id": common::CLIENT_ID}),
            ),
            "signin" => self.rt.block_on(signin(req, iters)),
            "storm" => self.rt.block_on(storm(req)),
            other => Err(format!("unknown case `{other}`")),
        }
    }

    fn jwt(&self, iters: u64) -> Value {
        let token = &self.tokens.id;
        let ((), wall, cpu) = measure(|| {
            for _ in 0..iters {
                let c = Claims::decode(black_box(token)).unwrap();
                black_box((c.exp(), c.sub().map(str::len)));
            }
        });
        timed(iters, wall, cpu)
    }

    /// The signed-in client of the cached cases (memory store, user pool only).
    fn cached_client(&mut self) -> AuthClient {
        if self.cached.is_none() {
            let c = self
                .rt
                .block_on(common::signed_in(common::store(None), false, &self.tokens));
            self.cached = Some(c);
        }
        self.cached.clone().expect("signed in")
    }

    fn user_state(&mut self, iters: u64) -> Value {
        let client = self.cached_client();
        let ((), wall, cpu) = measure(|| {
            self.rt.block_on(async {
                for _ in 0..iters {
                    black_box(client.user_state().await);
                }
            })
        });
        timed(iters, wall, cpu)
    }

    fn fetch_cached(&mut self, iters: u64) -> Value {
        let client = self.cached_client();
        let (ok, wall, cpu) = measure(|| {
            self.rt.block_on(async {
                let mut ok = true;
                for _ in 0..iters {
                    let s = client.fetch_auth_session(black_box(false)).await;
                    ok &= s.tokens.is_ok();
                    black_box(s);
                }
                ok
            })
        });
        assert!(ok, "cached fetch lost the tokens");
        timed(iters, wall, cpu)
    }
}

fn srp(case: &str, iters: u64) -> Value {
    use common::srp::*;
    let b = common::srp::b();
    let claim = |c: &SrpClient| {
        c.authentication_key(POOL_NAME, USER, PASSWORD, SALT, &b)
            .unwrap()
            .sign(POOL_NAME, USER, SECRET_BLOCK, TIMESTAMP)
            .unwrap()
    };
    let prepared = SrpClient::generate().unwrap();
    let ((), wall, cpu) = measure(|| {
        for _ in 0..iters {
            match case {
                "srp_a" => {
                    black_box(SrpClient::generate().unwrap());
                }
                "srp_claim" => {
                    black_box(claim(&prepared));
                }
                _ => {
                    let c = SrpClient::generate().unwrap();
                    black_box(claim(&c));
                }
            }
        }
    });
    timed(iters, wall, cpu)
}

fn sigv4(iters: u64) -> Value {
    let (request, credentials) = common::sigv4_request();
    let time = UNIX_EPOCH + Duration::from_secs(common::SIGV4_TIME);
    let ((), wall, cpu) = measure(|| {
        for _ in 0..iters {
            black_box(
                sign_request_with(
                    black_box(&request),
                    &credentials,
                    "execute-api",
                    "us-east-1",
                    time,
                )
                .unwrap(),
            );
        }
    });
    timed(iters, wall, cpu)
}

/// The pool on moto named by the request.
fn moto_config(req: &Value, endpoint: &str, identity_pool: bool) -> Result<AuthConfig, String> {
    let field = |k: &str| req[k].as_str().ok_or(format!("no `{k}`"));
    let mut auth = json!({
        "aws_region": "us-east-1",
        "user_pool_id": field("user_pool_id")?,
        "user_pool_client_id": field("client_id")?,
    });
    if identity_pool {
        auth["identity_pool_id"] = json!(field("identity_pool_id")?);
    }
    let url: url::Url = endpoint.parse().map_err(|e| format!("endpoint: {e}"))?;
    Ok(
        AuthConfig::from_json(&json!({"version": "1.3", "auth": auth}).to_string())
            .map_err(|e| e.to_string())?
            .with_user_pool_endpoint(url.clone())
            .with_identity_pool_endpoint(url),
    )
}

/// `iters` SRP sign-ins (the library's default flow) of one user against moto, each on a new
/// client with a memory store. A is prepared ahead as an app would (`srp::prepare()` when the
/// sign-in screen shows; each sign-in refills it in the background): the wall time is the
/// sign-in as the user waits for it, the CPU time includes the refills.
async fn signin(req: &Value, iters: u64) -> Result<Value, String> {
    let endpoint = req["endpoint"].as_str().ok_or("no endpoint")?;
    let username = req["username"].as_str().ok_or("no username")?;
    let password = req["password"].as_str().ok_or("no password")?;
    let config = moto_config(req, endpoint, false)?;
    cognito_auth::srp::prepare().map_err(|e| e.to_string())?;
    tokio::time::sleep(Duration::from_millis(20)).await;
    let (c0, t0) = (cpu_now(), Instant::now());
    for _ in 0..iters {
        let client = AuthClient::new(config.clone(), common::options(common::store(None)))
            .map_err(|e| e.to_string())?;
        let result = client
            .sign_in(username, Some(password), Default::default())
            .await
            .map_err(|e| format!("sign-in: {e}"))?;
        if !result.is_signed_in() {
            return Err(format!("sign-in stopped at {:?}", result.next_step));
        }
    }
    let wall = t0.elapsed();
    // Let the last background refill of A finish inside the CPU window (it sleeps no CPU).
    tokio::time::sleep(Duration::from_millis(50)).await;
    Ok(timed(iters, wall, cpu_now() - c0))
}

/// `callers` concurrent `fetch_auth_session` calls once the tokens have expired (the device
/// clock moved an hour on) and before any AWS credentials were fetched, against moto behind a
/// counting proxy: how many refresh, GetId and GetCredentialsForIdentity requests went out,
/// and how long until every caller had its session. (Credentials fetched before the jump would
/// still count as valid afterwards: the server's `Date` header on the refresh answer corrects
/// the clock back, as it should.)
async fn storm(req: &Value) -> Result<Value, String> {
    let endpoint = req["endpoint"].as_str().ok_or("no endpoint")?;
    let username = req["username"].as_str().ok_or("no username")?;
    let password = req["password"].as_str().ok_or("no password")?;
    let callers = req["callers"].as_u64().unwrap_or(1000) as usize;
    let proxy = CountingProxy::start(endpoint);
    let config = moto_config(req, &proxy.url(), true)?;
    let clock = Arc::new(ManualClock::starting_now());
    let mut options = common::options(common::store(None));
    options.clock = clock.clone();
    let client = AuthClient::new(config, options).map_err(|e| e.to_string())?;
    client
        .sign_in(username, Some(password), Default::default())
        .await
        .map_err(|e| format!("sign-in: {e}"))?;
    // Moto's tokens last an hour.
    clock.advance(Duration::from_secs(3600));
    proxy.reset_counts();
    let t = Instant::now();
    let tasks: Vec<_> = (0..callers)
        .map(|_| {
            let c = client.clone();
            tokio::spawn(async move { c.fetch_auth_session(false).await })
        })
        .collect();
    let mut sessions = Vec::with_capacity(callers);
    for task in tasks {
        sessions.push(task.await.map_err(|e| e.to_string())?);
    }
    let wall = t.elapsed();
    let served = sessions
        .iter()
        .filter(|s| s.tokens.is_ok() && s.aws_credentials.is_ok())
        .count();
    let same = sessions
        .iter()
        .all(|s| s.tokens.as_ref().ok() == sessions[0].tokens.as_ref().ok());
    Ok(json!({
        "ok": true,
        "callers": callers,
        "served_with_tokens_and_credentials": served,
        "all_got_the_same_tokens": same,
        "refresh_requests": proxy.count("InitiateAuth"),
        "get_id_requests": proxy.count("GetId"),
        "credentials_requests": proxy.count("GetCredentialsForIdentity"),
        "wall_ns": wall.as_nanos() as u64,
    }))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if !args.iter().any(|a| a == "serve") {
        // `cargo bench` runs every bench target: this one only serves bench/run.py.
        eprintln!("peers: the driver of `make bench` runs this with `serve`; nothing to do");
        return;
    }
    let mut runner = Runner::new();
    let stdin = std::io::stdin();
    let mut out = std::io::stdout().lock();
    for line in stdin.lock().lines() {
        let Ok(line) = line else { break };
        if line.trim().is_empty() {
            continue;
        }
        let answer = match serde_json::from_str::<Value>(&line) {
            Ok(req) => runner
                .handle(&req)
                .unwrap_or_else(|e| json!({"ok": false, "error": e})),
            Err(e) => json!({"ok": false, "error": format!("bad request: {e}")}),
        };
        writeln!(out, "{answer}").expect("stdout");
        out.flush().expect("stdout");
    }
}
