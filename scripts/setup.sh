#!/usr/bin/env bash
# Installs what the tests, the demo and the benchmarks need, from the package registries
# only. Idempotent: each step is skipped when its inputs have not changed. Non-interactive
# (CI=true, no stdin).
#
#   scripts/setup.sh          everything `make test` needs
#   scripts/setup.sh peers    only the local peers and Chromium: what `make demo` uses
set -euo pipefail
scope=${1:-all}
case "$scope" in all | peers) ;; *) echo "usage: scripts/setup.sh [all|peers]" >&2; exit 2 ;; esac
cd "$(dirname "$0")/.."
PEERS=tests/peers
log() { printf '[setup] %s\n' "$*" >&2; }
# Debian packages, non-interactive (sudo when not root).
apt_install() {
  log "apt-get install $*"
  SUDO=
  if [ "$(id -u)" != 0 ]; then SUDO="sudo -n"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "$@" >/dev/null
}

# Python peers: moto (user + identity pools, STS), boto3/botocore, pycognito.
stamp=$PEERS/.venv/.installed
if [ ! -f "$stamp" ] || [ "$PEERS/requirements.txt" -nt "$stamp" ]; then
  log "python venv (moto, boto3, pycognito)"
  python3 -m venv "$PEERS/.venv"
  "$PEERS/.venv/bin/pip" install --quiet --disable-pip-version-check --no-input \
    --require-virtualenv -r "$PEERS/requirements.txt"
  touch "$stamp"
fi

# Node peers: cognito-local, oidc-provider, amazon-cognito-identity-js (lockfile-pinned).
stamp=$PEERS/node_modules/.installed
if [ ! -f "$stamp" ] || [ "$PEERS/package-lock.json" -nt "$stamp" ]; then
  log "npm ci (cognito-local, oidc-provider, amazon-cognito-identity-js, playwright-core)"
  (cd "$PEERS" && npm ci --no-audit --no-fund --loglevel=error)
  touch "$stamp"
fi

# Headless browser for the hosted-UI tests and the demo: Debian's Chromium (playwright-core
# drives it; it never downloads a browser of its own).
if [ ! -x /usr/bin/chromium ]; then
  apt_install chromium
fi

if [ "$scope" = peers ]; then
  log "ok (peers)"
  exit 0
fi

# tmux for the CLI's `login` test (bindings/cli/tests/integration/login.rs): it types into
# the interactive prompts with send-keys and reads them with capture-pane, as a person would.
if ! command -v tmux >/dev/null; then
  apt_install tmux
fi

# Rust standard libraries of iOS and Android for `make cross-check` (std only: no Xcode, no NDK).
if command -v rustup >/dev/null; then
  installed=$(rustup target list --installed)
  for target in aarch64-apple-ios aarch64-linux-android; do
    if ! grep -qx "$target" <<<"$installed"; then
      log "rustup target add $target"
      rustup target add "$target" >/dev/null
    fi
  done
fi

# Maven artifacts of the Kotlin library and of its Compose module (then their builds run offline).
scripts/kotlin-prefetch.sh
scripts/compose-prefetch.sh

# Fuzzing (fuzz/): a nightly toolchain (cargo-fuzz needs -Z sanitizer flags) and cargo-fuzz,
# each only when missing. Measured first-time cost here: nightly (minimal) ~10 s to download,
# cargo-fuzz ~50 s to compile on 2 cores.
CARGO_FUZZ_VERSION=0.13.2
if command -v rustup >/dev/null; then
  if ! rustup run nightly rustc --version >/dev/null 2>&1; then
    log "rustup toolchain install nightly (minimal)"
    rustup toolchain install nightly --profile minimal
  fi
  if ! cargo fuzz --version 2>/dev/null | grep -q "$CARGO_FUZZ_VERSION"; then
    log "cargo install cargo-fuzz $CARGO_FUZZ_VERSION"
    cargo install cargo-fuzz --locked --version "$CARGO_FUZZ_VERSION"
  fi
else
  log "no rustup: nightly and cargo-fuzz cannot be installed (make fuzz-smoke will fail)"
fi

log "ok"
