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

/// A secret of letters only and shorter than this may be an ordinary word of the server's
/// own text ("password"): it is scrubbed only where the server quotes it as a value.
const WORD_LEN: usize = 16;

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

/// `text` with every secret that stands in it as a whole value replaced by `***`.
///
/// A whole value is neither preceded nor followed by a letter, digit or `_`: a secret is
/// never cut out of a longer word (the password `sword` leaves "password" alone). A secret
/// that could be an ordinary word (letters only, shorter than 16) is replaced only where the
/// server quotes it (`'…'`, `"…"`, `` `…` ``), as servers quote echoed input: unquoted it
/// cannot be told from the server's wording ("Incorrect username or password." stays whole
/// when the password is `password`, and does not reveal it by a telling `***`).
pub(crate) fn scrub<S: AsRef<str>>(text: &str, secrets: &[S]) -> String {
    let mut out = text.to_owned();
    for s in secrets {
        let s = s.as_ref();
        if s.len() >= MIN_LEN && out.contains(s) {
            out = scrub_one(&out, s);
        }
    }
    out
}

fn scrub_one(text: &str, secret: &str) -> String {
    let word_like = secret.chars().count() < WORD_LEN && secret.chars().all(char::is_alphabetic);
    let mut out = String::with_capacity(text.len());
    let mut done = 0;
    let mut from = 0;
    while let Some(found) = text[from..].find(secret) {
        let start = from + found;
        let end = start + secret.len();
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        let whole = !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char);
        let quoted = matches!(
            (before, after),
            (Some('\''), Some('\'')) | (Some('"'), Some('"')) | (Some('`'), Some('`'))
        );
        if whole && (quoted || !word_like) {
            out.push_str(&text[done..start]);
            out.push_str("***");
            done = end;
            from = end;
        } else {
            from = start + text[start..].chars().next().map_or(1, char::len_utf8);
        }
    }
    out.push_str(&text[done..]);
    out
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
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

    #[test]
    fn secrets_are_scrubbed_as_whole_values_never_inside_words() {
        let cases = [
            // A password that is a word of the message, or part of one: left alone.
            (
                "Incorrect username or password.",
                "password",
                "Incorrect username or password.",
            ),
            (
                "Incorrect username or password.",
                "sword",
                "Incorrect username or password.",
            ),
            (
                "Incorrect username or password.",
                "Incorrect",
                "Incorrect username or password.",
            ),
            // Quoted, it is an echoed value.
            (
                "Password 'password' is weak",
                "password",
                "Password '***' is weak",
            ),
            (
                "Value \"hunter\" rejected",
                "hunter",
                "Value \"***\" rejected",
            ),
            // Not an ordinary word: every whole occurrence, quoted or not.
            (
                "bad Tr0ub4dor&3, Tr0ub4dor&3.",
                "Tr0ub4dor&3",
                "bad ***, ***.",
            ),
            (
                "xTr0ub4dor&3 and Tr0ub4dor&3x",
                "Tr0ub4dor&3",
                "xTr0ub4dor&3 and Tr0ub4dor&3x",
            ),
            (
                "token eyJa.b-c_d expired",
                "eyJa.b-c_d",
                "token *** expired",
            ),
            ("code 123456", "123456", "code ***"),
            ("code 1234567", "123456", "code 1234567"),
            // Long letter-only values are no words either.
            (
                "got correcthorsebatterystaple",
                "correcthorsebatterystaple",
                "got ***",
            ),
            // Non-ASCII neighbours are letters too.
            ("éhunter2é and «hunter2»", "hunter2", "éhunter2é and «***»"),
            ("", "hunter2", ""),
        ];
        for (text, secret, expected) in cases {
            assert_eq!(scrub(text, &[secret]), expected, "{secret} in {text}");
        }
        assert_eq!(scrub("pw abc", &["abc"]), "pw abc", "too short to scrub");
    }
}
