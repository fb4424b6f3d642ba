#!/usr/bin/env bash
# The Kotlin library's JVM tests: generated bindings (with the test-only exports) compiled
# with warnings as errors together with the thin layer, then JUnit 5 against real peers
# that the suite starts itself with cognito-auth-peer (moto; oidc-provider for the hosted UI). Maven runs offline: `make setup` fetched
# every artifact once (scripts/kotlin-prefetch.sh).
#
#   scripts/kotlin-test.sh                 build, then run the tests
#   scripts/kotlin-test.sh --compile-only  build only (scripts/compose-test.sh uses the classes)
set -euo pipefail
cd "$(dirname "$0")/.."
CARGO=${CARGO:-cargo}
scripts/bindings.sh --test-hooks
"$CARGO" build --quiet -p cognito-auth-testkit --bin cognito-auth-peer
T=$(realpath "${CARGO_TARGET_DIR:-target}")
mvn_run() {
  mvn -B --no-transfer-progress -o -Dstyle.color=never \
    -Dmaven.repo.local="${MAVEN_REPO:-$HOME/.m2/repository}" -f kotlin/pom.xml "$@" \
    -Dbindings.dir="$T/bindings-test/kotlin" \
    -Dnative.dir="$T/bindings-test/native" \
    -Dpeer.bin="$T/debug/cognito-auth-peer" \
    -Dbuild.dir="$T/kotlin-test"
}
# Compiling the generated Kotlin is most of the time: skip it when the bindings, the sources
# and the POM are what the last successful compile saw.
stamp=$T/kotlin-test/.compiled-inputs
inputs=$(scripts/inputs-hash.sh "$T/bindings-test/kotlin" kotlin/src kotlin/pom.xml)
if [ -d "$T/kotlin-test/test-classes" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$inputs" ]; then
  echo "[kotlin-test] sources unchanged since the last compile: nothing to compile" >&2
else
  rm -f "$stamp"
  mvn_run test-compile
  echo "$inputs" > "$stamp"
fi
if [ "${1:-}" = "--compile-only" ]; then
  exit 0
fi
mvn_run surefire:test
