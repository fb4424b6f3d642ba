//! What every CLI test reads from a command it ran.

use serde_json::Value;
use std::process::Output;

/// The one JSON document a successful command printed (the CLI's contract: exit 0, one line
/// on stdout); fails the test with the command's stderr otherwise.
pub fn ok_json(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "exit {:?}, stderr {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    assert_eq!(text.lines().count(), 1, "one JSON document: {text}");
    serde_json::from_str(&text).unwrap()
}
