//! The integration tests of the `cognito-auth` command-line tool: one test binary, organised
//! by behaviour. Every test runs the built binary (`CARGO_BIN_EXE_cognito-auth`), one process
//! per command as a user would; each module's doc comment says which peer answers it. The
//! peers are shared by the whole binary (`Moto::shared()`, `OidcProvider::shared()`), a fresh
//! pool or app client per test.

mod contract;
mod hosted_ui;
mod import;
mod login;
mod processes;
mod session;
mod sign_in;
mod store_key;
mod support;
