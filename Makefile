# cognito-auth: `make demo` (the main job) and `make test` (every test) on a fresh machine.
SHELL := /bin/bash
CARGO ?= cargo
export CARGO_TERM_COLOR ?= never
# CI builds once from an empty target/: incremental state would only cost disk (and time).
ifdef CI
export CARGO_INCREMENTAL ?= 0
endif

.PHONY: setup setup-peers build demo test check lint fmt clippy test-rust fuzz-smoke fuzz bindings \
	clean kotlin-test compose-test aar aar-check swift-test xcframework cdylib-size bench size-check

## Installs everything the tests need (peers, Chromium, Maven artifacts, cross targets,
## nightly and cargo-fuzz). Idempotent.
setup:
	@scripts/setup.sh

## Installs only what the demo uses: the local peers (Python venv, npm packages) and Chromium.
setup-peers:
	@scripts/setup.sh peers

build:
	$(CARGO) build --workspace --bins

## Narrated transcript of the main flow through the CLI against local peers.
demo: setup-peers build
	@scripts/demo.sh

## Everything CI runs: formatting, lints, all test suites.
test: setup lint test-rust kotlin-test compose-test aar-check swift-test fuzz-smoke size-check

## Before a commit, no peers, under a minute warm: formatting, clippy as in `make lint` (less
## the cross targets) and the unit tests. `session::tests` and `hosted_ui::tests` start moto
## and oidc-provider, so they are left to `make test`.
check:
	$(CARGO) fmt --all -- --check
	$(CARGO) fmt --manifest-path fuzz/Cargo.toml -- --check
	$(CARGO) clippy --workspace --all-targets --features cognito-auth/jvm-keystore,cognito-auth-ffi/bindgen -- -D warnings
	$(CARGO) test --workspace --lib --bins -- --skip session::tests:: --skip hosted_ui::tests::

lint: cross-check
	$(CARGO) fmt --all -- --check
	$(CARGO) fmt --manifest-path fuzz/Cargo.toml -- --check
	$(CARGO) clippy --workspace --all-targets --features cognito-auth/jvm-keystore,cognito-auth-ffi/bindgen -- -D warnings

## The platform stores (Keychain, Android Keystore) and everything above them, type-checked and
## linted for iOS and Android. Without the `tls` feature (ring) nothing needs Xcode or an NDK.
## Part of `make lint` (so of `make test`).
.PHONY: cross-check
cross-check:
	$(CARGO) clippy -p cognito-auth-ffi --no-default-features --target aarch64-apple-ios -- -D warnings
	$(CARGO) clippy -p cognito-auth-ffi --no-default-features --target aarch64-linux-android -- -D warnings

fmt:
	$(CARGO) fmt --all

test-rust:
	$(CARGO) test --workspace

## A few seconds of every cargo-fuzz target (fuzz/, nightly): part of `make test`.
fuzz-smoke:
	scripts/fuzz.sh $${FUZZ_SMOKE_SECONDS:-4}

## The long fuzz run (FUZZ_SECONDS per target, default 300): executions and findings per target.
fuzz: setup
	scripts/fuzz.sh $${FUZZ_SECONDS:-300}

## Kotlin and Swift bindings from the debug cdylib, into target/bindings (not committed).
bindings:
	@scripts/bindings.sh

## Kotlin library: generated bindings compiled with -Werror, JUnit tests against moto (Maven, offline).
kotlin-test:
	@scripts/kotlin-test.sh

## Compose building blocks of the sign-in UI (kotlin/compose): UI tests on the desktop JVM
## (offscreen, no display), the PNGs of docs/screenshots, one test against moto (Maven, offline).
compose-test:
	@scripts/compose-test.sh

## Android library archive (natives only with ANDROID_NDK_HOME), and its structure check.
aar:
	@scripts/build-aar.sh

aar-check: aar
	@python3 scripts/check-aar.py

## Swift package built by Debian's Swift 6.0.3 (a cached trixie tree, run with chroot: needs
## root) against the Linux library, then its XCTest suite against moto, cognito-local and
## oidc-provider started on the host.
swift-test: setup-peers
	@scripts/swift-test.sh

## XCFramework + generated Swift for swift/ (macOS with Xcode only).
xcframework:
	@scripts/build-xcframework.sh

## Size of the release cdylib for this host, stripped (release profile: lto, strip).
cdylib-size:
	$(CARGO) build --release -p cognito-auth-ffi --lib
	@ls -l $${CARGO_TARGET_DIR:-target}/release/libcognito_auth_ffi.so | awk '{print "release cdylib, stripped: " $$5 " bytes"}'

## Release cdylib (stripped) within the size budget in bench/size-budget.
size-check:
	@bench/size.sh check

## Benchmarks against the peers, measured side by side, into BENCHMARKS.md (bench/run.py);
## installs the bench peers (bench/setup.sh). BENCH_QUICK=1 for a short smoke run.
bench: setup
	@bench/setup.sh
	tests/peers/.venv/bin/python bench/run.py

clean:
	$(CARGO) clean
	rm -rf tests/peers/.venv tests/peers/node_modules
