//! The integration tests of the FFI crate, driven from Rust the way Kotlin and Swift drive
//! it: one test binary, organised by behaviour; each module's doc comment says which peer
//! answers it. The peers are shared by the whole binary (`Moto::shared()`,
//! `OidcProvider::shared()`), a fresh pool or app client per test; so is the crate's own
//! tokio runtime, as in an app.

mod authenticator;
mod flows;
mod foreign_traits;
mod hosted_ui;
mod import;
mod secrets;
mod sign_up;
mod support;
