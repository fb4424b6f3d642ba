//! Small pieces on hot paths (`cargo bench -p cognito-auth --bench primitives`): JWT claim
//! decoding, SigV4 signing of a small request, configuration parsing (both generations).

mod common;

use cognito_auth::tokens::Claims;
use cognito_auth::{AuthConfig, sign_request_with};
use common::{Tokens, sigv4_request};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::{Duration, UNIX_EPOCH};

fn primitives(c: &mut Criterion) {
    let mut g = c.benchmark_group("primitives");
    g.measurement_time(Duration::from_secs(3));
    let tokens = Tokens::valid_for_an_hour();
    g.bench_function("jwt_claims", |b| {
        b.iter(|| {
            let claims = Claims::decode(black_box(&tokens.id)).unwrap();
            black_box((claims.exp(), claims.sub().map(str::len)))
        })
    });
    let (request, credentials) = sigv4_request();
    let time = UNIX_EPOCH + Duration::from_secs(common::SIGV4_TIME);
    g.bench_function("sigv4_small_request", |b| {
        b.iter(|| {
            sign_request_with(
                black_box(&request),
                &credentials,
                "execute-api",
                "us-east-1",
                time,
            )
            .unwrap()
        })
    });
    let gen2 = common::outputs(true);
    g.bench_function("config_gen2", |b| {
        b.iter(|| AuthConfig::from_json(black_box(&gen2)).unwrap())
    });
    let gen1 = common::gen1_configuration();
    g.bench_function("config_gen1", |b| {
        b.iter(|| AuthConfig::from_json(black_box(&gen1)).unwrap())
    });
    g.finish();
}

criterion_group!(benches, primitives);
criterion_main!(benches);
