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
        assert!(!e.to_string().contains("fuzz-secret"), "{e}");
    }
});
