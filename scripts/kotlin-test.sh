#!/usr/bin/env bash
# The Kotlin library's JVM tests: generated bindings (with the test-only exports) compiled
# with warnings as errors together with the thin layer, then JUnit 5 against a real moto peer
# that the suite starts itself (cognito-auth-peer). Maven runs offline: `make setup` fetched
# every artifact once (scripts/kotlin-prefetch.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
CARGO=${CARGO:-cargo}
scripts/bindings.sh --test-hooks
"$CARGO" build --quiet -p cognito-auth-testkit --bin cognito-auth-peer
T=$(realpath "${CARGO_TARGET_DIR:-target}")
mvn -B --no-transfer-progress -o -Dstyle.color=never \
  -Dmaven.repo.local="${MAVEN_REPO:-$HOME/.m2/repository}" -f kotlin/pom.xml test \
  -Dbindings.dir="$T/bindings-test/kotlin" \
  -Dnative.dir="$T/bindings-test/native" \
  -Dpeer.bin="$T/debug/cognito-auth-peer" \
  -Dbuild.dir="$T/kotlin-test"
