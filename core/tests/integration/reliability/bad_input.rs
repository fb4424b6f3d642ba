//! Property tests (proptest) over the parsers that take outside input, beside the cargo-fuzz
//! targets in `fuzz/` (which need nightly): bad input of every kind is a typed error, never a
//! panic; what is valid round-trips; no error repeats a secret.

use cognito_auth::RetryPolicy;
use cognito_auth::fuzzing::{self, WireResponse};
use cognito_auth::tokens::Claims;
use cognito_auth::{FileStore, SecureStore, StoreKey};
use proptest::prelude::*;
use serde_json::{Value, json};
use std::time::Duration;

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        ".{0,12}".prop_map(Value::from),
        prop::sample::select(vec![
            "us-east-1_abc",
            "us-east-1:0000",
            "https://x",
            "code",
            "token",
            "",
        ])
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map(
                prop::sample::select(vec![
                    "auth",
                    "aws_region",
                    "user_pool_id",
                    "user_pool_client_id",
                    "identity_pool_id",
                    "oauth",
                    "domain",
                    "scopes",
                    "redirect_sign_in_uri",
                    "plugins",
                    "awsCognitoAuthPlugin",
                    "CognitoUserPool",
                    "Default",
                    "PoolId",
                    "AppClientId",
                    "Region",
                    "x"
                ])
                .prop_map(str::to_owned),
                inner,
                0..5
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn jwt_part(v: &Value) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn configuration_shapes_never_panic(v in json_value(), text in ".{0,64}") {
        let _ = fuzzing::config(&v.to_string());
        let _ = fuzzing::config(&json!({"auth": v}).to_string());
        let _ = fuzzing::config(&text);
    }

    #[test]
    fn jwt_claims_round_trip(sub in "[a-z0-9-]{1,36}", exp in 0i64..4_000_000_000, user in ".{0,20}") {
        let claims = json!({"sub": sub, "exp": exp, "cognito:username": user});
        let token = format!("{}.{}.sig", jwt_part(&json!({"alg": "RS256"})), jwt_part(&claims));
        let c = Claims::decode(&token).unwrap();
        prop_assert_eq!(c.sub(), Some(sub.as_str()));
        prop_assert_eq!(c.exp(), Some(exp));
        prop_assert_eq!(c.username(), Some(user.as_str()));
    }

    #[test]
    fn malformed_jwts_are_typed_errors(token in ".{0,80}") {
        if let Err(e) = Claims::decode(&token) {
            prop_assert_eq!(e.kind(), "InvalidResponse");
        }
    }

    #[test]
    fn a_callback_yields_its_code_only_with_the_right_state(
        code in "[ -~]{1,40}",
        state in "[A-Za-z0-9_-]{1,43}",
        other in "[A-Za-z0-9_-]{1,43}",
        extra in prop::collection::vec(("[a-z]{1,6}", "[ -~]{0,10}"), 0..3),
    ) {
        let mut q = url::form_urlencoded::Serializer::new(String::new());
        q.append_pair("code", &code).append_pair("state", &state);
        for (k, v) in &extra {
            if k != "code" && k != "state" && k != "error" {
                q.append_pair(k, v);
            }
        }
        let url = format!("myapp://callback?{}", q.finish());
        let got = fuzzing::callback(&url, "myapp://callback", &state);
        let dupes = extra.iter().map(|(k, _)| k).collect::<std::collections::BTreeSet<_>>().len() != extra.len();
        if !dupes {
            prop_assert_eq!(got.unwrap(), code.clone());
        }
        if other != state {
            let e = fuzzing::callback(&url, "myapp://callback", &other).unwrap_err();
            prop_assert_eq!(e.kind(), "InvalidResponse");
            if code.len() >= 8 {
                prop_assert!(!e.to_string().contains(&code), "{}", e);
            }
        }
        // Anywhere else than the redirect URI: refused.
        let moved = url.replacen("myapp://callback", "myapp://elsewhere", 1);
        prop_assert!(fuzzing::callback(&moved, "myapp://callback", &state).is_err());
    }

    #[test]
    fn wire_answers_are_values_or_typed_errors(kind in 0usize..8, status in prop::sample::select(vec![200u16, 400, 403, 429, 500, 502, 503]), v in json_value(), raw in prop::collection::vec(any::<u8>(), 0..64)) {
        let kind = WireResponse::ALL[kind];
        for body in [v.to_string().into_bytes(), raw.clone()] {
            for ct in ["application/x-amz-json-1.1", "text/html"] {
                let _ = fuzzing::wire_response(kind, status, ct, &body);
            }
        }
    }

    #[test]
    fn error_answers_never_repeat_the_request_secrets(
        prefix in "[ -~]{0,12}",
        suffix in "[ -~]{0,12}",
        open in prop::sample::select(vec![" ", "'", "\"", "`", ":", "=", "(", "[", "<", "/", "-"]),
        close in prop::sample::select(vec![" ", "'", "\"", "`", ".", ",", ";", ")", "]", ">", "/", "-"]),
        status in 400u16..600,
    ) {
        // The secret echoed as a value: whatever surrounds it, it stands apart from letters
        // and digits (a secret glued into a longer word is another value, left alone:
        // wire/redact.rs).
        let echoed = format!("{prefix}{open}fuzz-secret{close}{suffix}");
        for body in [
            json!({"__type": echoed, "message": echoed}),
            json!({"__type": "InvalidParameterException", "message": echoed}),
            json!({"code": "X", "Message": echoed}),
        ] {
            let e = fuzzing::wire_response(WireResponse::Error, status, "application/json", body.to_string().as_bytes()).unwrap_err();
            prop_assert!(!e.to_string().contains("fuzz-secret"), "{}", e);
            prop_assert!(!format!("{e:?}").contains("fuzz-secret"), "{:?}", e);
        }
        let oauth = json!({"error": echoed, "error_description": echoed});
        let e = fuzzing::token_response(status, "application/json", oauth.to_string().as_bytes()).unwrap_err();
        prop_assert!(!e.to_string().contains("fuzz-secret"), "{}", e);
    }

    #[test]
    fn stored_sessions_of_any_bytes_never_panic(v in json_value(), raw in prop::collection::vec(any::<u8>(), 0..128)) {
        let _ = fuzzing::stored_session(&raw);
        let _ = fuzzing::stored_session(v.to_string().as_bytes());
        let _ = fuzzing::stored_session(json!({"version": 1, "user_pool": v}).to_string().as_bytes());
    }

    #[test]
    fn backoff_stays_within_its_cap(attempt in 1u32..64, base in 1u64..1000, max in 1u64..5000) {
        let p = RetryPolicy { max_attempts: 5, base_delay: Duration::from_millis(base), max_delay: Duration::from_millis(max) };
        let cap = Duration::from_millis(base).saturating_mul(1u32 << (attempt - 1).min(20)).min(Duration::from_millis(max));
        prop_assert!(p.backoff(attempt) <= cap);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn the_file_store_round_trips_any_namespace_key_and_value(
        namespace in "[ -~é/]{1,24}",
        key in "[ -~]{1,16}",
        value in prop::collection::vec(any::<u8>(), 0..512),
        encrypted in any::<bool>(),
    ) {
        let dir = std::env::temp_dir().join(format!("cognito-auth-prop-{}", std::process::id()));
        let store = if encrypted {
            FileStore::encrypted(&dir, StoreKey::from_bytes(&[9; 32]).unwrap()).unwrap()
        } else {
            FileStore::new(&dir).unwrap()
        };
        let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
        rt.block_on(async {
            store.set(&namespace, &key, value.clone()).await.unwrap();
            assert_eq!(store.get(&namespace, &key).await.unwrap(), Some(value.clone()));
            // The file stays inside the store's directory whatever the namespace.
            assert_eq!(store.path_of(&namespace).parent(), Some(dir.as_path()));
            store.remove_all(&namespace).await.unwrap();
            assert_eq!(store.get(&namespace, &key).await.unwrap(), None);
        });
    }
}
