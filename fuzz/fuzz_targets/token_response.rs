//! Hosted-UI token endpoint answers (code exchange and refresh): the first byte picks the
//! status, the rest is the body.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let [status, body @ ..] = data else {
        return;
    };
    let status = [200, 400, 401, 429, 500, 503][usize::from(*status) % 6];
    if let Err(e) = cognito_auth::fuzzing::token_response(status, "application/json", body) {
        // Secrets are scrubbed as whole values, never inside a longer word.
        assert!(!echoes_whole(&e.to_string(), "fuzz-secret"), "{e}");
    }
});

/// Whether `secret` occurs in `text` with no letter, digit or `_` right before or after it.
fn echoes_whole(text: &str, secret: &str) -> bool {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    text.match_indices(secret).any(|(at, _)| {
        !word(text[..at].chars().next_back()) && !word(text[at + secret.len()..].chars().next())
    })
}
