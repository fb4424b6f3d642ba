//! SRP client cost: `cargo bench -p cognito-auth --bench srp` (release build).
//! Prints milliseconds per operation: A = gᵃ (done ahead of sign-in), the key (gˣ and S, the
//! sign-in critical path), and all three modular exponentiations together — the figure to
//! compare with GMP (tests/srp/bench_gmp.py) and amazon-cognito-identity-js
//! (tests/srp/bench_js.js), which do the same three.

use cognito_auth::srp::SrpClient;
use std::hint::black_box;
use std::time::Instant;

const B: &str = "c0ffee0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

fn per_op(n: u32, mut f: impl FnMut()) -> f64 {
    f();
    let t = Instant::now();
    for _ in 0..n {
        f();
    }
    t.elapsed().as_secs_f64() * 1000.0 / n as f64
}

fn main() {
    let n = 50;
    let a = per_op(n, || {
        black_box(SrpClient::generate().unwrap());
    });
    let client = SrpClient::generate().unwrap();
    let key = per_op(n, || {
        black_box(
            client
                .authentication_key(
                    "AbCdEfGhI",
                    "alice",
                    "Corr3ct-Horse!",
                    "3f1e2d3c4b5a6978",
                    B,
                )
                .unwrap(),
        );
    });
    let all = per_op(n, || {
        let c = SrpClient::generate().unwrap();
        black_box(
            c.authentication_key(
                "AbCdEfGhI",
                "alice",
                "Corr3ct-Horse!",
                "3f1e2d3c4b5a6978",
                B,
            )
            .unwrap(),
        );
    });
    println!("srp A = g^a (ahead of sign-in):         {a:8.2} ms");
    println!("srp key = g^x, S (sign-in critical path): {key:8.2} ms");
    println!("srp all three modexps + hashing:          {all:8.2} ms");
}
