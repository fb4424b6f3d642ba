# cognito-auth: `make demo` (the main job) and `make test` (every test) on a fresh machine.
SHELL := /bin/bash
CARGO ?= cargo
export CARGO_TERM_COLOR ?= never

.PHONY: setup build demo test lint fmt clippy test-rust fuzz-smoke fuzz bindings clean

## Installs the local peers (Python venv, npm packages). Idempotent.
setup:
	@scripts/setup.sh

build:
	$(CARGO) build --workspace --bins

## Narrated transcript of the main flow through the CLI against local peers.
demo: setup build
	@scripts/demo.sh

## Everything CI runs: formatting, lints, all test suites.
test: setup lint test-rust fuzz-smoke

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

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
	$(CARGO) build -p cognito-auth-ffi --features bindgen
	target/debug/uniffi-bindgen generate target/debug/libcognito_auth_ffi.so \
	  --language kotlin --out-dir target/bindings/kotlin --no-format
	target/debug/uniffi-bindgen generate target/debug/libcognito_auth_ffi.so \
	  --language swift --out-dir target/bindings/swift --no-format

clean:
	$(CARGO) clean
	rm -rf tests/peers/.venv tests/peers/node_modules
