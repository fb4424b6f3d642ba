//! The integration tests of `cognito-auth`: one test binary, organised by behaviour. Each
//! module's doc comment says what it proves and which peer proves it; the peers (moto,
//! cognito-local, oidc-provider, our verifying test server, botocore) are started by the tests
//! themselves through `tests/support`.
//!
//! One process runs every suite, so what is process-wide is shared on purpose or kept apart:
//! - `Moto::shared()`, `CognitoLocal::shared()` and `OidcProvider::shared()` start one server
//!   each for the whole binary; every test makes its own pool or app client on it. A test that
//!   changes a server-wide setting (moto's request authentication, TOTP checking) starts a
//!   server of its own.
//! - The `tracing` capture of the reliability suites (`support::reliability::capture_logs`)
//!   is one global subscriber that records only the thread of the test that asked for it, so
//!   requests of other tests running at the same time never count as its attempts.
//! - `reliability::crash` runs this binary again as a child process, selecting its writer by
//!   the full test name (`reliability::crash::crash_child_writer`, an ignored test).
//!
//! `cargo test -p cognito-auth --test integration -- reliability::faults` runs one suite.

mod authenticator;
mod config;
mod hosted_ui;
mod reliability;
mod security;
mod session;
mod sign_in;
mod signing;
mod srp;
mod storage;
mod support;
mod wire;
