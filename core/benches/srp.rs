//! SRP client cost (`cargo bench -p cognito-auth --bench srp`): the three modular
//! exponentiations over the 3072-bit group and the hashing around them.
//!
//! - `srp/a`: a fresh ephemeral, A = gᵃ (1024-bit a). Done ahead of the sign-in
//!   ([`cognito_auth::srp::prepare`]), so off the critical path.
//! - `srp/claim`: the answer to `PASSWORD_VERIFIER` — x, gˣ, S = (B − k·gˣ)^(a+u·x), the
//!   HKDF key and the claim's HMAC: the sign-in critical path.
//! - `srp/all`: both, the figure compared with GMP, amazon-cognito-identity-js and
//!   pycognito by `make bench` (bench/run.py), which do the same work on the same inputs.

mod common;

use cognito_auth::srp::SrpClient;
use common::srp::*;
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;

fn claim(client: &SrpClient, b: &str) -> String {
    client
        .authentication_key(POOL_NAME, USER, PASSWORD, SALT, b)
        .unwrap()
        .sign(POOL_NAME, USER, SECRET_BLOCK, TIMESTAMP)
        .unwrap()
}

fn srp(c: &mut Criterion) {
    let b = common::srp::b();
    let mut g = c.benchmark_group("srp");
    g.sample_size(30).measurement_time(Duration::from_secs(4));
    g.bench_function("a", |bench| {
        bench.iter(|| black_box(SrpClient::generate().unwrap()))
    });
    let client = SrpClient::generate().unwrap();
    g.bench_function("claim", |bench| {
        bench.iter(|| black_box(claim(&client, black_box(&b))))
    });
    g.bench_function("all", |bench| {
        bench.iter(|| {
            let client = SrpClient::generate().unwrap();
            black_box(claim(&client, black_box(&b)))
        })
    });
    g.finish();
}

criterion_group!(benches, srp);
criterion_main!(benches);
