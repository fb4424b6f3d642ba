#!/usr/bin/env bash
# Size of the release cdylib (crate cognito-auth-ffi, libcognito_auth_ffi.so) for this host.
#
#   bench/size.sh check    release build; fails when the stripped cdylib is over the budget
#                          (bench/size-budget: bytes; part of `make test`)
#   bench/size.sh report   markdown for BENCHMARKS.md: size, budget, sections, the largest
#                          crates and functions (cargo bloat, installed here when missing),
#                          what could not be measured, bench/size-notes.md (the profile choice,
#                          measured by hand) and bench/size-matrix.md when present
#   bench/size.sh matrix   opt-level trade-offs: size, SRP and cached-fetch time for several
#                          profiles (one LTO build each, ~5 min apiece on 2 cores); writes
#                          bench/size-matrix.md
set -euo pipefail
cd "$(dirname "$0")/.."
CARGO=${CARGO:-cargo}
T=$(realpath -m "${CARGO_TARGET_DIR:-target}")
LIB=libcognito_auth_ffi.so
BLOAT_VERSION=0.12.1
budget=$(grep -v '^#' bench/size-budget | tr -d '[:space:]')

mib() { awk -v b="$1" 'BEGIN { printf "%.2f MiB", b / 1048576 }'; }
build() { "$CARGO" build --release -p cognito-auth-ffi --lib "$@"; }

case "${1:-}" in
check)
  build
  size=$(stat -c %s "$T/release/$LIB")
  if file "$T/release/$LIB" | grep -q 'not stripped'; then
    echo "[size] $LIB is not stripped: the release profile must keep strip = true" >&2
    exit 1
  fi
  if [ "$size" -gt "$budget" ]; then
    echo "[size] FAIL: stripped $LIB is $size bytes ($(mib "$size")), over the budget of" \
      "$budget bytes ($(mib "$budget")) in bench/size-budget" >&2
    exit 1
  fi
  echo "[size] ok: stripped $LIB is $size bytes ($(mib "$size")); budget $budget bytes" \
    "($(mib "$budget"))" >&2
  ;;

report)
  build >&2
  so=$T/release/$LIB
  size=$(stat -c %s "$so")
  gz=$(gzip -9 -c "$so" | wc -c)
  if ! command -v cargo-bloat >/dev/null || ! cargo bloat --version | grep -q "$BLOAT_VERSION"; then
    echo "[size] installing cargo-bloat $BLOAT_VERSION" >&2
    "$CARGO" install cargo-bloat --locked --version "$BLOAT_VERSION" >&2
  fi
  # Same profile without strip (symbols for cargo bloat), in a target dir of its own.
  bloat() {
    CARGO_TARGET_DIR="$T/bloat" CARGO_PROFILE_RELEASE_STRIP=false \
      "$CARGO" bloat --release -p cognito-auth-ffi --lib "$@" 2>/dev/null
  }
  crates=$(bloat --crates -n 15)
  functions=$(bloat -n 15)
  cat <<EOF
## Size

The release cdylib of \`cognito-auth-ffi\` (what the Kotlin library loads through JNA), built
with the workspace's release profile (LTO, codegen-units = 1, strip, \`panic = "unwind"\` so a
panic becomes an error at the FFI boundary), for this host (x86_64 Linux):

| artifact | bytes | |
| --- | --- | --- |
| $LIB, stripped | $size | $(mib "$size") |
| the same, gzip -9 (what a download carries) | $gz | $(mib "$gz") |
| budget (bench/size-budget, checked by \`make test\`) | $budget | $(mib "$budget") |

Sections (\`size -A\`, largest first; \`.eh_frame\` and \`.gcc_except_table\` are the unwind
tables that \`panic = "unwind"\` needs):

\`\`\`
$(size -A "$so" | awk 'NR > 2 && $2 > 0 { print }' | sort -k2 -n -r | head -8)
\`\`\`

Largest contributors (\`cargo bloat --release -p cognito-auth-ffi --lib --crates\`, same profile
without strip; \`std\` includes generic code instantiated from other crates and std's
backtrace printer):

\`\`\`
$crates
\`\`\`

Largest functions:

\`\`\`
$functions
\`\`\`

**Android and iOS could not be measured here.** \`make setup\` installs the Rust standard
library for aarch64-linux-android and aarch64-apple-ios (for \`make cross-check\`), but linking
the cdylib needs the Android NDK (its clang for \`ring\`'s C and assembly, bionic's libraries)
or Xcode with the iOS SDK, and no package registry this machine reaches provides either.
\`make aar\` (with \`ANDROID_NDK_HOME\`) and \`make xcframework\` (macOS) build them with the same
profile. The x86_64 figure is the closest proxy: arm64 code is usually within about 10% of
x86_64 code for the same Rust.

EOF
  cat bench/size-notes.md
  if [ -f bench/size-matrix.md ]; then cat bench/size-matrix.md; fi
  ;;

matrix)
  # name | cargo --config overrides
  configs=(
    'opt-level 3 (the release profile)|'
    'opt-level "s"|--config profile.release.opt-level="s"'
    'opt-level "z"|--config profile.release.opt-level="z"'
    'opt-level "s", SRP arithmetic and hashing at 3|--config profile.release.opt-level="s" --config profile.release.package.crypto-bigint.opt-level=3 --config profile.release.package.sha2.opt-level=3'
    'opt-level "z", SRP arithmetic and hashing at 3|--config profile.release.opt-level="z" --config profile.release.package.crypto-bigint.opt-level=3 --config profile.release.package.sha2.opt-level=3'
  )
  MT="$T/size-matrix"
  rows=()
  for c in "${configs[@]}"; do
    name=${c%%|*}
    read -r -a flags <<<"${c#*|}"
    echo "[size] matrix: $name" >&2
    rm -rf "$MT" # one profile's artifacts at a time (about 1 GB each)
    CARGO_TARGET_DIR=$MT "$CARGO" build --release -p cognito-auth-ffi --lib "${flags[@]}" >&2
    size=$(stat -c %s "$MT/release/$LIB")
    exe=$(CARGO_TARGET_DIR=$MT "$CARGO" bench -p cognito-auth --bench peers --no-run \
      --message-format=json "${flags[@]}" 2>/dev/null |
      python3 -c 'import json,sys
for l in sys.stdin:
    m = json.loads(l)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "peers" and m.get("executable"):
        print(m["executable"])')
    # CPU time per operation, the median of five runs of each.
    times=$(python3 - "$exe" <<'PY'
import json, statistics, subprocess, sys
p = subprocess.Popen([sys.argv[1], "serve"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
def call(case, n):
    p.stdin.write(json.dumps({"case": case, "iters": n}) + "\n"); p.stdin.flush()
    r = json.loads(p.stdout.readline()); return r["cpu_ns"] / r["iters"]
out = []
for case, n in (("srp_all", 20), ("srp_claim", 20), ("fetch_cached", 200000)):
    call(case, n)
    out.append(statistics.median(call(case, n) for _ in range(5)))
p.stdin.close(); p.wait()
print(f"{out[0] / 1e6:.2f} ms | {out[1] / 1e6:.2f} ms | {out[2] / 1e3:.2f} µs")
PY
)
    rows+=("| $name | $size ($(mib "$size")) | $times |")
  done
  rm -rf "$MT"
  {
    echo "### opt-level trade-offs"
    echo
    echo "\`bench/size.sh matrix\` ($(date -u +%Y-%m-%d), this machine; CPU time per operation,"
    echo "median of five runs, so the load of other jobs matters less than for wall time):"
    echo
    echo "| profile | stripped cdylib, bytes | SRP whole work | SRP claim (critical path) | cached fetch |"
    echo "| --- | --- | --- | --- | --- |"
    printf '%s\n' "${rows[@]}"
    echo
  } >bench/size-matrix.md
  cat bench/size-matrix.md
  ;;

*)
  echo "usage: bench/size.sh check|report|matrix" >&2
  exit 2
  ;;
esac
