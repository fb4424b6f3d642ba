//! Keeps request secrets out of error messages: some servers echo input back
//! ("Value 'hunter2' at 'password' failed to satisfy constraint").

use serde_json::Value;

/// Key fragments whose string values are secret (matched case-insensitively).
const SENSITIVE: &[&str] = &[
    "password",
    "token",
    "secret",
    "session",
    "code",
    "answer",
    "signature",
    "verifier",
    "logins",
    "otp",
];

/// The shortest value worth scrubbing; shorter ones would mangle ordinary words.
const MIN_LEN: usize = 4;

/// Every string in `request` that sits under a sensitive key.
pub(crate) fn secrets_in(request: &Value) -> Vec<String> {
    let mut out = Vec::new();
    collect(request, false, &mut out);
    out.sort_by_key(|s| std::cmp::Reverse(s.len()));
    out.dedup();
    out
}

fn collect(v: &Value, sensitive: bool, out: &mut Vec<String>) {
    match v {
        Value::String(s) if sensitive && s.len() >= MIN_LEN => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|i| collect(i, sensitive, out)),
        Value::Object(map) => {
            for (k, v) in map {
                let k = k.to_ascii_lowercase();
                let hit = sensitive || SENSITIVE.iter().any(|s| k.contains(s));
                collect(v, hit, out);
            }
        }
        _ => {}
    }
}

/// `text` with every secret replaced by `***`.
pub(crate) fn scrub(text: &str, secrets: &[String]) -> String {
    let mut out = text.to_owned();
    for s in secrets {
        if out.contains(s.as_str()) {
            out = out.replace(s.as_str(), "***");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrubs_values_under_sensitive_keys_only() {
        let req = serde_json::json!({
            "Username": "alice-the-user",
            "Password": "Hunter2!pass",
            "AuthParameters": {"USERNAME": "alice-the-user", "SECRET_HASH": "c2VjcmV0aGFzaA=="},
            "Logins": {"accounts.google.com": "eyJhbGciOi.provider.token"}
        });
        let secrets = secrets_in(&req);
        let msg = "Value 'Hunter2!pass' for alice-the-user with c2VjcmV0aGFzaA== and eyJhbGciOi.provider.token";
        assert_eq!(
            scrub(msg, &secrets),
            "Value '***' for alice-the-user with *** and ***"
        );
    }
}
