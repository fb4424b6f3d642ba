#!/usr/bin/env bash
# Runs every cargo-fuzz target in fuzz/ for SECONDS each (default 5: the smoke run of
# `make test`; `make fuzz` runs longer) on its seeds (fuzz/seeds/<target>, committed) and its
# growing corpus (fuzz/corpus/<target>, not committed), then prints executions and findings
# per target. Exits non-zero when any target finds a crash (the input is kept in
# fuzz/artifacts/<target>/).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET=${1:-5}
TARGETS=(config jwt callback wire_response token_response stored_data)
log() { printf '[fuzz] %s\n' "$*" >&2; }

if ! rustup run nightly rustc --version >/dev/null 2>&1 || ! cargo fuzz --version >/dev/null 2>&1; then
  log "nightly or cargo-fuzz missing: run make setup"; exit 1
fi
cd fuzz
build_log=$(mktemp)
if ! cargo +nightly fuzz build -O >"$build_log" 2>&1; then
  tail -40 "$build_log" >&2; log "fuzz build failed"; exit 1
fi
rm -f "$build_log"
status=0
summary=()
for t in "${TARGETS[@]}"; do
  mkdir -p "corpus/$t" "seeds/$t"
  out=$(mktemp)
  if cargo +nightly fuzz run -O "$t" "corpus/$t" "seeds/$t" -- \
      -max_total_time="$SECONDS_PER_TARGET" -rss_limit_mb=2048 -print_final_stats=1 \
      >"$out" 2>&1; then
    finding=none
  else
    finding="CRASH (see fuzz/artifacts/$t; log below)"
    status=1
    tail -40 "$out" >&2
  fi
  runs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$out" | grep -Eo '[0-9]+$' | tail -1)
  cov=$(grep -Eo 'cov: [0-9]+' "$out" | tail -1 | grep -Eo '[0-9]+' || true)
  corpus=$(find "corpus/$t" -type f | wc -l)
  summary+=("$(printf '| %-15s | %10s | %6s | %6s | %s |' "$t" "${runs:-?}" "${cov:-?}" "$corpus" "$finding")")
  rm -f "$out"
done
printf '\nfuzz: %s s per target\n| %-15s | %10s | %6s | %6s | %s |\n' "$SECONDS_PER_TARGET" target executions cov corpus findings
for line in "${summary[@]}"; do echo "$line"; done
exit $status
