//! The JSON contract: one document on stdout, or an error document on stderr.

use cognito_auth::AuthError;
use serde_json::{Value, json};
use std::io::Write;
use std::process::ExitCode;

/// Prints the result and exits 0.
pub fn success(value: &Value) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{value}") {
        Ok(()) => ExitCode::SUCCESS,
        // A closed stdout (`| head`) is not worth a panic.
        Err(_) => ExitCode::from(1),
    }
}

/// The error document of the contract.
pub fn error_json(kind: &str, message: &str) -> Value {
    json!({"error": {"kind": kind, "message": message}})
}

/// Prints `{"error":{"kind","message"}}` on stderr and exits 1.
pub fn failure(e: &AuthError) -> ExitCode {
    let _ = writeln!(
        std::io::stderr().lock(),
        "{}",
        error_json(e.kind(), &e.to_string())
    );
    ExitCode::from(1)
}

/// Help and version go to stdout as clap prints them; anything else is a `Usage` error.
pub fn usage_error(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        let _ = e.print();
        return ExitCode::SUCCESS;
    }
    let message = e.render().to_string();
    let first = message
        .lines()
        .next()
        .unwrap_or("invalid usage")
        .trim_start_matches("error: ");
    let _ = writeln!(std::io::stderr().lock(), "{}", error_json("Usage", first));
    ExitCode::from(2)
}
