#!/usr/bin/env bash
# What `make bench` needs beyond `make setup`: gmpy2 in the peers' venv (bench/requirements.txt)
# and aws-amplify + amazon-cognito-identity-js in bench/node_modules (bench/package-lock.json).
# Idempotent: each step is skipped while its inputs are unchanged. cargo-bloat is installed by
# bench/size.sh when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf '[bench-setup] %s\n' "$*" >&2; }
VENV=tests/peers/.venv
stamp=$VENV/.bench-installed
if [ ! -f "$stamp" ] || [ bench/requirements.txt -nt "$stamp" ] || [ "$VENV/.installed" -nt "$stamp" ]; then
  log "python: gmpy2"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check --no-input --require-virtualenv \
    -r bench/requirements.txt
  touch "$stamp"
fi
stamp=bench/node_modules/.installed
if [ ! -f "$stamp" ] || [ bench/package-lock.json -nt "$stamp" ]; then
  log "npm ci (aws-amplify, amazon-cognito-identity-js)"
  (cd bench && CI=true npm ci --no-audit --no-fund --loglevel=error)
  touch "$stamp"
fi
log "ok"
