//! Shared set-up of the reliability suites: a store whose whole content can be compared
//! before and after a fault, clients with fast bounded retries, the fault classes with what
//! each must produce, and a `tracing` capture (TRACE level) for attempt counts and secrets.

use async_trait::async_trait;
use cognito_auth::{
    AuthClient, AuthConfig, AuthError, AuthEvent, AuthOptions, SecureStore, StorageError, UserState,
};
use cognito_auth::{RetryPolicy, WireOptions};
use cognito_auth_testkit::{Fault, FaultProxy, Moto, PoolSpec, TestPool};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::future::Future;
use std::sync::{Arc, Mutex, Once};
use std::time::Duration;
use tracing_subscriber::filter::filter_fn;
use tracing_subscriber::prelude::*;

/// A fresh pool on the shared moto and a new fault proxy in front of moto.
pub async fn moto_pool_behind_fault_proxy() -> (TestPool, FaultProxy) {
    let moto = Moto::shared();
    let pool = moto.create_pool(PoolSpec::default()).await;
    (pool, FaultProxy::start(&moto.url()))
}

/// The configuration in `outputs` with both pools' endpoints pointed at `proxy`.
pub fn config_through(outputs: &str, proxy: &FaultProxy) -> AuthConfig {
    let url: url::Url = proxy.url().parse().unwrap();
    AuthConfig::from_json(outputs)
        .unwrap()
        .with_user_pool_endpoint(url.clone())
        .with_identity_pool_endpoint(url)
}

/// Attempts per request in these suites (the default policy's 3).
pub const ATTEMPTS: usize = 3;

/// Attempts of a request that times out: one retry after a timeout, never the full count.
pub const TIMEOUT_ATTEMPTS: usize = 2;

/// A memory store whose entire content can be copied out, to prove a fault changed nothing.
#[derive(Debug, Default)]
pub struct SnapshotStore {
    items: Mutex<BTreeMap<(String, String), Vec<u8>>>,
}

impl SnapshotStore {
    pub fn new() -> Arc<Self> {
        Arc::new(Self::default())
    }

    /// Everything stored, every namespace, but a web sign-in's pending record (consumed by
    /// its callback whatever the outcome, by design).
    pub fn dump(&self) -> BTreeMap<(String, String), Vec<u8>> {
        let mut items = self.items.lock().unwrap().clone();
        items.retain(|(_, k), _| k != "hosted_ui.pending");
        items
    }

    /// The stored session item of `client`'s configuration.
    pub fn session(&self, client: &AuthClient) -> Option<Vec<u8>> {
        let ns = format!("cognito-auth.{}", client.config().fingerprint());
        self.items
            .lock()
            .unwrap()
            .get(&(ns, "session".to_owned()))
            .cloned()
    }
}

#[async_trait]
impl SecureStore for SnapshotStore {
    async fn get(&self, ns: &str, key: &str) -> Result<Option<Vec<u8>>, StorageError> {
        Ok(self
            .items
            .lock()
            .unwrap()
            .get(&(ns.to_owned(), key.to_owned()))
            .cloned())
    }
    async fn set(&self, ns: &str, key: &str, value: Vec<u8>) -> Result<(), StorageError> {
        self.items
            .lock()
            .unwrap()
            .insert((ns.to_owned(), key.to_owned()), value);
        Ok(())
    }
    async fn remove(&self, ns: &str, key: &str) -> Result<(), StorageError> {
        self.items
            .lock()
            .unwrap()
            .remove(&(ns.to_owned(), key.to_owned()));
        Ok(())
    }
    async fn remove_all(&self, ns: &str) -> Result<(), StorageError> {
        self.items.lock().unwrap().retain(|(n, _), _| n != ns);
        Ok(())
    }
}

impl SnapshotStore {
    /// Whether a user-pool user or a federation is stored for `client` (an item may remain
    /// after sign-out, holding an empty session).
    pub fn holds_credentials(&self, client: &AuthClient) -> bool {
        self.session(client).is_some_and(|b| {
            let v: serde_json::Value = serde_json::from_slice(&b).unwrap();
            !v["user_pool"].is_null() || !v["federation"].is_null()
        })
    }
}

/// Time one attempt may take: short enough that a stall costs seconds, long enough that a
/// peer slowed by a loaded machine (the whole suite in parallel on 2 cores) never times out
/// by accident — a retried SRP answer would find its session consumed.
pub const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(2);

/// Fast, bounded retries (3 attempts, millisecond backoff) and [`ATTEMPT_TIMEOUT`].
pub fn wire_options() -> WireOptions {
    WireOptions {
        retry: RetryPolicy {
            max_attempts: ATTEMPTS as u32,
            base_delay: Duration::from_millis(2),
            max_delay: Duration::from_millis(10),
        },
        connect_timeout: ATTEMPT_TIMEOUT,
        request_timeout: ATTEMPT_TIMEOUT,
        ..WireOptions::default()
    }
}

pub fn client(config: AuthConfig, store: Arc<SnapshotStore>) -> AuthClient {
    AuthClient::new(
        config,
        AuthOptions {
            wire: wire_options(),
            storage: store,
            ..AuthOptions::default()
        },
    )
    .unwrap()
}

/// A client on a device clock the test moves (to let tokens and credentials expire).
pub fn client_with_clock(
    config: AuthConfig,
    store: Arc<SnapshotStore>,
    clock: Arc<cognito_auth::clock::ManualClock>,
) -> AuthClient {
    AuthClient::new(
        config,
        AuthOptions {
            wire: wire_options(),
            storage: store,
            clock,
            ..AuthOptions::default()
        },
    )
    .unwrap()
}

/// One fault class and what a JSON 1.1 operation must make of it.
#[derive(Debug, Clone)]
pub struct FaultCase {
    pub name: &'static str,
    pub fault: Fault,
    /// `AuthError::kind()` the call must fail with (`None`: the call must succeed).
    pub kind: Option<&'static str>,
    /// Requests the peer side must see: the retry bound.
    pub attempts: usize,
}

/// Every fault class, with the JSON 1.1 expectations (3 attempts for what is transient, 2
/// for a timeout, 1 for a complete answer that is wrong).
pub fn fault_cases() -> Vec<FaultCase> {
    let c = |name, fault, kind, attempts| FaultCase {
        name,
        fault,
        kind,
        attempts,
    };
    vec![
        c("connection reset", Fault::Reset, Some("Network"), ATTEMPTS),
        c(
            "connection refused",
            Fault::Refused,
            Some("Network"),
            ATTEMPTS,
        ),
        c(
            "stalled (timeout)",
            Fault::Stall(ATTEMPT_TIMEOUT + Duration::from_secs(1)),
            Some("Network"),
            TIMEOUT_ATTEMPTS,
        ),
        c(
            "HTTP 500, JSON body",
            Fault::StatusJson(500),
            Some("Service"),
            ATTEMPTS,
        ),
        c(
            "HTTP 503, JSON body",
            Fault::StatusJson(503),
            Some("Service"),
            ATTEMPTS,
        ),
        c(
            "HTTP 502, HTML body",
            Fault::StatusHtml(502),
            Some("InvalidResponse"),
            ATTEMPTS,
        ),
        c(
            "HTTP 503, HTML body",
            Fault::StatusHtml(503),
            Some("InvalidResponse"),
            ATTEMPTS,
        ),
        c(
            "truncated body",
            Fault::Truncated,
            Some("Network"),
            ATTEMPTS,
        ),
        c(
            "malformed JSON (200)",
            Fault::MalformedJson,
            Some("InvalidResponse"),
            1,
        ),
        c(
            "answer to another request",
            Fault::WrongResponse,
            Some("InvalidResponse"),
            1,
        ),
        c(
            "Date header 5 hours ahead",
            Fault::DateOffset(5 * 3600),
            None,
            1,
        ),
        c(
            "error echoing the request",
            Fault::EchoRequest,
            Some("InvalidParameter"),
            1,
        ),
    ]
}

/// A row of the faults × operations table.
#[derive(Debug, Clone)]
pub struct Row {
    pub fault: &'static str,
    pub outcome: String,
}

/// What a call changed besides its result.
pub struct Observed {
    pub state: UserState,
    pub events: Vec<AuthEvent>,
    pub stored: BTreeMap<(String, String), Vec<u8>>,
}

pub async fn observe(
    client: &AuthClient,
    store: &SnapshotStore,
    events: &mut cognito_auth::EventStream,
) -> Observed {
    Observed {
        state: client.user_state().await,
        events: events.drain(),
        stored: store.dump(),
    }
}

/// Runs `call` under every fault of `cases` against `operation` and checks, for each: the
/// typed error, the number of requests (the retry bound), that nothing stored changed, that
/// the state did not change and no event was emitted (no sign-out), and that the same call
/// succeeds once the fault is lifted. `call(i)` may use `i` for fresh names; `after_success`
/// puts things back (e.g. signs out) before the next fault.
pub async fn matrix<F, Fut, T>(
    proxy: &FaultProxy,
    operation: &str,
    client: &AuthClient,
    store: &SnapshotStore,
    cases: &[FaultCase],
    mut call: F,
) -> Vec<Row>
where
    F: FnMut(usize, bool) -> Fut,
    Fut: Future<Output = Result<T, AuthError>>,
{
    let mut rows = Vec::new();
    let mut events = client.subscribe();
    for (i, case) in cases.iter().enumerate() {
        let before = observe(client, store, &mut events).await;
        proxy.reset_counts();
        if case.fault == Fault::Refused {
            proxy.set_fault(Fault::Refused);
        } else {
            proxy.set_fault_for(operation, case.fault.clone());
        }
        let attempts_before = attempts_logged(operation);
        let result = call(i, true).await;
        proxy.set_fault(Fault::None);
        let seen = if case.fault == Fault::Refused {
            attempts_logged(operation) - attempts_before
        } else {
            proxy.count(operation)
        };
        let after = observe(client, store, &mut events).await;
        let what = format!("{operation} under {}", case.name);
        let outcome = match (&result, case.kind) {
            (Err(e), Some(kind)) => {
                assert_eq!(e.kind(), kind, "{what}: {e}");
                format!("{kind}, {seen} request(s)")
            }
            (Ok(_), None) => format!("accepted, {seen} request(s)"),
            (Err(e), None) => panic!("{what}: expected success, got {e}"),
            (Ok(_), Some(kind)) => panic!("{what}: expected {kind}, got success"),
        };
        assert_eq!(seen, case.attempts, "{what}: requests made");
        if case.kind.is_some() {
            assert_eq!(after.state, before.state, "{what}: state changed");
            assert!(after.events.is_empty(), "{what}: events {:?}", after.events);
            assert!(after.stored == before.stored, "{what}: stored data changed");
        }
        // A later request of the same call (with a true `Date`) corrects the clock again.
        let last_request_faulted = proxy.counts().len() == 1;
        if let (Fault::DateOffset(secs), true) = (&case.fault, last_request_faulted) {
            // The corrected clock now runs on the server's (wrong) time, whatever the device.
            let real = cognito_auth::clock::unix_seconds(std::time::SystemTime::now());
            let ahead = client.clock().now_unix() - real;
            assert!(
                (ahead - secs).abs() < 10,
                "{what}: corrected clock {ahead} s from real time, server said {secs} s"
            );
        }
        // The fault is lifted: the same call succeeds.
        let again = call(i, false).await;
        assert!(
            again.is_ok(),
            "{what}: no success once the fault stopped: {:?}",
            again.err()
        );
        events.drain();
        rows.push(Row {
            fault: case.name,
            outcome,
        });
    }
    rows
}

/// Prints the rows as the Markdown table of the closing note.
pub fn print_table(label: &str, rows: &[Row]) {
    for r in rows {
        eprintln!("| {label} | {} | {} |", r.fault, r.outcome);
    }
}

// ---- tracing capture -------------------------------------------------------------------

thread_local! {
    /// What the crate logged on this thread since `capture_logs`; `None`: not capturing.
    static CAPTURED: RefCell<Option<Vec<u8>>> = const { RefCell::new(None) };
}

/// Everything the crate logged at TRACE level during this test, as formatted text.
pub fn logs() -> String {
    CAPTURED
        .with(|c| String::from_utf8_lossy(c.borrow().as_deref().unwrap_or_default()).into_owned())
}

/// Installs the one global subscriber of this process (idempotent): TRACE level, formatted
/// into the buffer of the thread that logs, and only on threads that capture. The test binary
/// runs every suite, so a process-wide log would mix in the requests of the tests running at
/// the same time; a `#[tokio::test]` runs its tasks on its own thread, so its thread's log is
/// its own. (A thread-local subscriber through `set_default` would not do: `tracing` caches
/// per call site whether anyone listens, and a thread without one can cache "no".)
fn install() {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| {
        let capturing = filter_fn(|_| CAPTURED.with(|c| c.borrow().is_some()));
        let layer = tracing_subscriber::fmt::layer()
            .with_ansi(false)
            .with_writer(|| ThreadWriter)
            .with_filter(capturing);
        tracing::subscriber::set_global_default(tracing_subscriber::registry().with(layer))
            .expect("one global subscriber");
    });
}

/// Captures what the crate logs on this test's thread, at TRACE level, until the returned
/// guard is dropped. Tests that capture need not wait for each other: each reads its own log.
pub fn capture_logs() -> LogCapture {
    install();
    CAPTURED.with(|c| *c.borrow_mut() = Some(Vec::new()));
    LogCapture
}

/// Ends the capture of `capture_logs` when dropped.
pub struct LogCapture;

impl Drop for LogCapture {
    fn drop(&mut self) {
        CAPTURED.with(|c| c.borrow_mut().take());
    }
}

/// Appends to the capture of the thread that writes.
struct ThreadWriter;

impl std::io::Write for ThreadWriter {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        CAPTURED.with(|c| {
            if let Some(buf) = c.borrow_mut().as_mut() {
                buf.extend_from_slice(b);
            }
        });
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Attempts the wire layer logged for `operation` so far (each failed attempt logs
/// "retrying" or "request failed"; a success logs "request succeeded").
pub fn attempts_logged(operation: &str) -> usize {
    let names: Vec<String> = match operation {
        "oauth2/token" => vec!["OAuth2Token.".into()],
        "oauth2/revoke" => vec!["OAuth2Revoke\"".into()],
        op => vec![
            format!("AWSCognitoIdentityProviderService.{op}\""),
            format!("AWSCognitoIdentityService.{op}\""),
        ],
    };
    logs()
        .lines()
        .filter(|l| {
            names
                .iter()
                .any(|n| l.contains(&format!("operation=\"{n}")))
        })
        .filter(|l| {
            l.contains("retrying")
                || l.contains("request failed")
                || l.contains("request succeeded")
        })
        .count()
}
