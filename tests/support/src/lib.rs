//! Test support: starts independent Cognito peers on 127.0.0.1 and gives each test a fresh
//! pool.
//!
//! - [`Moto`]: the `moto` server (PyPI). User pools, identity pools, STS; accepts any SRP
//!   proof and any confirmation code, answers HTTP 500 for RevokeToken/devices/DeleteUser.
//! - [`CognitoLocal`]: `cognito-local` (npm). Checks confirmation/reset/TOTP codes, honours
//!   token lifetimes, RevokeToken works; no SRP, no identity pools.
//! - [`CountingProxy`] (ours): a pass-through that counts requests per operation and can play
//!   a network that is down.
//! - [`FaultProxy`] (ours): a pass-through that injects faults on demand (reset, refused,
//!   stalls, 5xx with JSON or HTML, truncated, malformed or wrong answers, a `Date` hours off).
//! - [`BlackHole`] (ours): accepts TCP connections and never answers; counts them.
//! - [`SigV4Server`] (ours): an S3 stand-in that checks each request's SigV4 signature
//!   against the secret the test registered for its key (botocore's signer), for the AWS SDK
//!   credential providers.
//! - [`OidcProvider`]: `oidc-provider` (npm) with Cognito's hosted-UI routes, driven by the
//!   cookie-jar [`Browser`] or by headless Chromium (`tests/peers/oidc/browser.mjs`).
//!
//! Every server runs under `tests/peers/watchdog.py`, which kills it when the test process
//! ends in any way (the watchdog reads a pipe the test holds; SIGKILL closes it too); a
//! server owned by a test is also killed by PID when its handle drops, panics included.
//! Ports are picked free per server, so suites run in parallel. Peers are installed by
//! `make setup`; a missing install is a clear panic naming that command.

mod black_hole;
mod browser;
mod cognito_local;
mod fault_proxy;
mod moto;
mod oidc;
mod pool;
mod process;
mod proxy;
mod scripted;
mod sigv4_server;
mod test_server;

pub use black_hole::BlackHole;
pub use browser::{Browser, LoginAction};
pub use cognito_local::CognitoLocal;
pub use fault_proxy::{Fault, FaultProxy};
pub use moto::Moto;
pub use oidc::{ClientSpec, OIDC_CONFIG_DOMAIN, OidcClient, OidcProvider};
pub use pool::{PoolSpec, TestPool, admin_call};
pub use process::{PeerProcess, free_port, peers_dir};
pub use proxy::CountingProxy;
pub use scripted::{Received, Reply, ScriptedServer};
pub use sigv4_server::{Checked, SigV4Server};
pub use test_server::CognitoTestServer;

/// A process-unique suffix for names (pools, users) so parallel tests never collide.
pub fn unique(prefix: &str) -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("{prefix}{}x{n}x{nanos:x}", std::process::id())
}

/// An HTTP client for admin calls. The workspace builds reqwest without a default rustls
/// provider (the core brings its own), so install ring's for clients built here.
pub fn http() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}
