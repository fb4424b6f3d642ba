#!/usr/bin/env bash
# The Compose building blocks (kotlin/compose): compiled with the Compose compiler plugin
# against Compose Multiplatform's desktop artifacts, then their UI tests on the JVM
# (runComposeUiTest: offscreen, skiko's software raster, no display: java.awt.headless=true),
# the PNGs of docs/screenshots, and one test over the main library's client against moto.
#
# The main module is built as `make kotlin-test` builds it (same bindings, same output, same
# skip-when-unchanged stamp) and handed to the compose module as a jar of its classes.
# Maven runs offline: `make setup` fetched every artifact once (scripts/compose-prefetch.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/kotlin-test.sh --compile-only
T=$(realpath "${CARGO_TARGET_DIR:-target}")
main_jar=$T/kotlin-test/cognito-auth-0.1.0.jar
if [ ! -f "$main_jar" ] || [ "$T/kotlin-test/.compiled-inputs" -nt "$main_jar" ]; then
  jar --create --file "$main_jar" -C "$T/kotlin-test/classes" .
fi
mvn_run() {
  mvn -B --no-transfer-progress -o -Dstyle.color=never \
    -Dmaven.repo.local="${MAVEN_REPO:-$HOME/.m2/repository}" -f kotlin/compose/pom.xml "$@" \
    -Dcognito.auth.jar="$main_jar" \
    -Dnative.dir="$T/bindings-test/native" \
    -Dpeer.bin="$T/debug/cognito-auth-peer" \
    -Dbuild.dir="$T/compose-test" \
    -Dscreenshots.dir="$PWD/docs/screenshots"
}
# Skip kotlinc when the compose sources, its POM and the main classes are what the last
# successful compile saw.
stamp=$T/compose-test/.compiled-inputs
inputs=$( (scripts/inputs-hash.sh kotlin/compose/src kotlin/compose/pom.xml; sha256sum <"$main_jar") | sha256sum | cut -c1-64)
if [ -d "$T/compose-test/test-classes" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$inputs" ]; then
  echo "[compose-test] sources unchanged since the last compile: running the tests only" >&2
else
  # From scratch: kotlinc leaves the classes of deleted sources behind, and Surefire would run them.
  rm -rf "$stamp" "$T/compose-test/classes" "$T/compose-test/test-classes"
  mvn_run test-compile
  echo "$inputs" > "$stamp"
fi
mvn_run surefire:test
