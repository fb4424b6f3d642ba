//! Session reads (`cargo bench -p cognito-auth --bench session`), nothing on the network:
//!
//! - `fetch_cached/*`: `fetch_auth_session(false)` with valid tokens (and, with an identity
//!   pool, valid AWS credentials) — what an app calls before every API request. Memory store
//!   and file store: after the first read the session is served from memory either way.
//! - `cold_start/*`: what an app does at launch — parse the configuration, build the client,
//!   read the stored session and return it from `fetch_auth_session`.

mod common;

use cognito_auth::AuthClient;
use common::{Tokens, store, temp_dir};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::{Duration, Instant};

fn fetch_cached(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let tokens = Tokens::valid_for_an_hour();
    let dir = temp_dir("fetch");
    let mut g = c.benchmark_group("fetch_cached");
    g.measurement_time(Duration::from_secs(3));
    for (name, file, identity_pool) in [
        ("memory_store", false, false),
        ("file_store", true, false),
        ("memory_store+identity_pool", false, true),
    ] {
        let client = rt.block_on(common::signed_in(
            store(file.then_some(dir.as_path())),
            identity_pool,
            &tokens,
        ));
        g.bench_function(BenchmarkId::from_parameter(name), |b| {
            b.iter_custom(|iters| {
                rt.block_on(async {
                    let t = Instant::now();
                    for _ in 0..iters {
                        let s = client.fetch_auth_session(black_box(false)).await;
                        debug_assert!(s.tokens.is_ok());
                        black_box(s);
                    }
                    t.elapsed()
                })
            })
        });
        drop(client);
    }
    g.finish();
    let _ = std::fs::remove_dir_all(dir);
}

fn cold_start(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let tokens = Tokens::valid_for_an_hour();
    let dir = temp_dir("cold");
    let memory = store(None);
    rt.block_on(common::signed_in(memory.clone(), false, &tokens));
    rt.block_on(common::signed_in(store(Some(&dir)), false, &tokens));
    let json = common::outputs(false);
    let mut g = c.benchmark_group("cold_start");
    g.measurement_time(Duration::from_secs(4));
    for (name, file) in [("memory_store", false), ("file_store", true)] {
        g.bench_function(BenchmarkId::from_parameter(name), |b| {
            b.iter_custom(|iters| {
                rt.block_on(async {
                    let t = Instant::now();
                    for _ in 0..iters {
                        let s = if file {
                            store(Some(&dir))
                        } else {
                            memory.clone()
                        };
                        let client = AuthClient::from_amplify_config_json(
                            black_box(&json),
                            common::options(s),
                        )
                        .unwrap();
                        let session = client.fetch_auth_session(false).await;
                        assert!(session.tokens.is_ok(), "{:?}", session.tokens);
                        black_box(session);
                    }
                    t.elapsed()
                })
            })
        });
    }
    g.finish();
    let _ = std::fs::remove_dir_all(dir);
}

criterion_group!(benches, fetch_cached, cold_start);
criterion_main!(benches);
