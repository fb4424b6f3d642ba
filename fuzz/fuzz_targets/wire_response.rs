//! Every wire response type: the first byte picks the answer type, the second the status
//! class, the rest is the body.
#![no_main]
use cognito_auth::fuzzing::{WireResponse, wire_response};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let [kind, status, body @ ..] = data else {
        return;
    };
    let kind = WireResponse::ALL[usize::from(*kind) % WireResponse::ALL.len()];
    let status = [200, 200, 400, 403, 429, 500, 502, 503][usize::from(*status) % 8];
    for content_type in ["application/x-amz-json-1.1", "text/html"] {
        if let Err(e) = wire_response(kind, status, content_type, body) {
            // No message may echo the request secret the decoder was told about, as a value:
            // secrets are scrubbed as whole values, never inside a longer word (where they are
            // not the secret: "fuzz-secretized" is another word).
            assert!(!echoes_whole(&e.to_string(), "fuzz-secret"), "{e}");
        }
    }
});

/// Whether `secret` occurs in `text` with no letter, digit or `_` right before or after it.
fn echoes_whole(text: &str, secret: &str) -> bool {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    text.match_indices(secret).any(|(at, _)| {
        !word(text[..at].chars().next_back()) && !word(text[at + secret.len()..].chars().next())
    })
}
