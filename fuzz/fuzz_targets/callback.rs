//! Hosted-UI callback URLs: the input is `callback\nredirect_uri\nstate`, so the parser is
//! also fuzzed against odd redirect URIs (custom schemes, loopback ports, paths).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut parts = text.splitn(3, '\n');
    let callback = parts.next().unwrap_or("");
    let redirect = parts.next().unwrap_or("myapp://callback");
    let state = parts.next().unwrap_or("s1");
    if let Ok(code) = cognito_auth::fuzzing::callback(callback, redirect, state) {
        // Only a callback that echoes the state can yield a code.
        assert!(!code.is_empty());
        // URL parsing (WHATWG) drops tabs and newlines inside the URL, as browsers do.
        let cleaned: String = callback
            .chars()
            .filter(|c| !matches!(c, '\t' | '\r'))
            .collect();
        assert!(
            cleaned.contains("state="),
            "code without a state: {callback:?}"
        );
    }
    // The redirect URIs the client really uses must accept the matching callback.
    let _ = cognito_auth::fuzzing::callback(callback, "myapp://callback", "s1");
});
