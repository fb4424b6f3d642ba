//! SRP against two independent implementations: the vectors in `tests/srp/vectors.json` were
//! produced by pycognito (AWSSRP) and amazon-cognito-identity-js (AuthenticationHelper,
//! CognitoUser) from the fixed inputs of `tests/srp/cases.json` (`tests/srp/generate.sh`).
//!
//! amazon-cognito-identity-js is the reference (Amplify reads SALT and SRP_B as Java-style
//! big integers, as this crate does); every case must match it exactly. pycognito must match
//! too, except where it is known to differ, each for a stated reason:
//! - a SALT whose hex starts with `00`: pycognito hashes the salt's text, keeping the zero
//!   byte, where Java-style parsing drops it;
//! - a negative SALT or SRP_B: pycognito cannot hex-decode the `-` and fails.

use cognito_auth::srp::{self, DeviceVerifier, JavaHex, SrpClient};
use serde_json::Value;
use std::path::PathBuf;
use std::time::SystemTime;

fn srp_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/srp")
}

fn load(name: &str) -> Value {
    serde_json::from_slice(&std::fs::read(srp_dir().join(name)).unwrap()).unwrap()
}

fn time(s: &str) -> SystemTime {
    let t = time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).unwrap();
    t.into()
}

fn s<'a>(v: &'a Value, k: &str) -> &'a str {
    v[k].as_str()
        .unwrap_or_else(|| panic!("missing `{k}` in {v}"))
}

/// What this crate computes for a user case, in the vectors' shape.
fn ours_user(c: &Value) -> Value {
    let client = SrpClient::from_private_hex(s(c, "a")).unwrap();
    let pool = srp::pool_name(s(c, "pool_id"));
    let user = s(c, "user_id_for_srp");
    let key = client
        .authentication_key(pool, user, s(c, "password"), s(c, "salt"), s(c, "srp_b"))
        .unwrap();
    let ts = srp::timestamp(time(s(c, "time")));
    let signature = key.sign(pool, user, s(c, "secret_block"), &ts).unwrap();
    serde_json::json!({
        "srp_a": client.public_a_hex(),
        "u": key.u_hex(),
        "key": hex(key.key_bytes()),
        "timestamp": ts,
        "signature": signature,
    })
}

fn ours_device(c: &Value) -> Value {
    let client = SrpClient::from_private_hex(s(c, "a")).unwrap();
    let group = s(c, "device_group_key");
    let device = s(c, "device_key");
    let key = client
        .authentication_key(
            group,
            device,
            s(c, "device_password"),
            s(c, "salt"),
            s(c, "srp_b"),
        )
        .unwrap();
    let ts = srp::timestamp(time(s(c, "time")));
    serde_json::json!({
        "srp_a": client.public_a_hex(),
        "timestamp": ts,
        "signature": key.sign(group, device, s(c, "secret_block"), &ts).unwrap(),
    })
}

fn ours_verifier(c: &Value) -> Value {
    use base64::Engine;
    let random_40 = bytes(s(c, "random_40"));
    let password = base64::engine::general_purpose::STANDARD.encode(&random_40);
    let v = DeviceVerifier::with_salt(
        s(c, "device_group_key"),
        s(c, "device_key"),
        &password,
        &bytes(s(c, "random_16")),
    );
    serde_json::json!({
        "device_password": password,
        "salt": v.salt,
        "password_verifier": v.password_verifier,
    })
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|b| format!("{b:02x}")).collect()
}

fn bytes(h: &str) -> Vec<u8> {
    JavaHex::parse(h).unwrap();
    (0..h.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap())
        .collect()
}

/// Cases where pycognito is known to differ from the Java-style reference, and why.
fn pycognito_differs(case: &str) -> Option<&'static str> {
    match case {
        "salt_leading_00" => Some("hashes the salt text with its leading 00 byte"),
        "salt_negative" | "salt_negative_high_bit" | "b_negative" => {
            Some("cannot hex-decode a leading `-` and fails")
        }
        _ => None,
    }
}

#[test]
fn every_case_matches_amazon_cognito_identity_js_and_pycognito_where_it_agrees() {
    let cases = load("cases.json");
    let vectors = load("vectors.json");
    let js = &vectors["amazon-cognito-identity-js"]["results"];
    let py = &vectors["pycognito"]["results"];
    let mut checked = 0;
    for (section, compute) in [
        ("user", ours_user as fn(&Value) -> Value),
        ("device", ours_device),
        ("verifier", ours_verifier),
    ] {
        for case in cases[section].as_array().unwrap() {
            let name = s(case, "name");
            let ours = compute(case);
            assert_eq!(
                ours, js[section][name],
                "{section}/{name}: differs from amazon-cognito-identity-js"
            );
            let theirs = &py[section][name];
            match pycognito_differs(name) {
                None => assert_eq!(&ours, theirs, "{section}/{name}: differs from pycognito"),
                Some(why) => assert_ne!(
                    &ours, theirs,
                    "{section}/{name}: pycognito was expected to differ ({why}); if it now \
                     agrees, remove the exception"
                ),
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 11, "all cases checked");
}

#[test]
fn the_committed_vectors_are_what_the_peers_produce_today() {
    // Re-runs both peers (installed by `make setup`) on the same inputs: the committed file
    // cannot drift from, or be edited away from, what the independent implementations say.
    let dir = srp_dir();
    let py = std::process::Command::new(dir.join("../peers/.venv/bin/python"))
        .arg(dir.join("pycognito_vectors.py"))
        .arg(dir.join("cases.json"))
        .output()
        .expect("run pycognito (make setup)");
    assert!(
        py.status.success(),
        "{}",
        String::from_utf8_lossy(&py.stderr)
    );
    let js = std::process::Command::new("node")
        .arg(dir.join("cognito_js_vectors.js"))
        .arg(dir.join("cases.json"))
        .output()
        .expect("run node");
    assert!(
        js.status.success(),
        "{}",
        String::from_utf8_lossy(&js.stderr)
    );
    let committed = load("vectors.json");
    let py: Value = serde_json::from_slice(&py.stdout).unwrap();
    let js: Value = serde_json::from_slice(&js.stdout).unwrap();
    assert_eq!(py, committed["pycognito"]["results"]);
    assert_eq!(js, committed["amazon-cognito-identity-js"]["results"]);
}

#[test]
fn pad_is_javas_minimal_twos_complement() {
    let cases = [
        ("0", "00"),
        ("7f", "7f"),
        ("80", "0080"),
        ("000080", "0080"),
        ("-80", "80"),
        ("-81", "ff7f"),
        ("-7f", "81"),
        ("-100", "ff00"),
        ("-8000", "8000"),
        ("-8001", "ff7fff"),
        ("-1", "ff"),
        ("-0", "00"),
        ("-0180", "fe80"),
    ];
    for (input, padded) in cases {
        assert_eq!(
            hex(&JavaHex::parse(input).unwrap().pad()),
            padded,
            "PAD({input})"
        );
    }
    for bad in ["", "-", "12g4", " 12", "0x12", "+12"] {
        assert!(JavaHex::parse(bad).is_err(), "{bad:?} accepted");
    }
}
