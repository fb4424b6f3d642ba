#!/usr/bin/env bash
# Assembles the Android library archive without Gradle:
#   target/aar/cognito-auth-<version>.aar  (AndroidManifest.xml, classes.jar, R.txt,
#                                           proguard.txt, jni/<abi>/libcognito_auth_ffi.so)
#   target/aar/cognito-auth-<version>.pom  (runtime dependencies: JNA @aar, coroutines-android)
# classes.jar holds the release bindings (no test hooks) and the thin layer, JVM 1.8 bytecode.
# Android natives are built with `cargo ndk` when ANDROID_NDK_HOME is set; without an NDK the
# same layout is built with an empty jni/ and this script says so.
set -euo pipefail
cd "$(dirname "$0")/.."
CARGO=${CARGO:-cargo}
ABIS=(arm64-v8a armeabi-v7a x86_64)
T=$(realpath -m "${CARGO_TARGET_DIR:-target}")
out=$T/aar
stage=$out/staging
version=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' kotlin/pom.xml | head -1)
prop() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" kotlin/pom.xml | head -1; }

scripts/bindings.sh
rm -rf "$stage"
mkdir -p "$stage/jni"
# classes.jar is rebuilt only when the release bindings, the thin layer or the POM changed.
stamp=$out/maven/.packaged-inputs
inputs=$(scripts/inputs-hash.sh "$T/bindings/kotlin" kotlin/src/main kotlin/pom.xml)
if [ -f "$out/maven/cognito-auth-$version.jar" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$inputs" ]; then
  echo "[aar] classes.jar inputs unchanged: reusing it" >&2
else
  rm -rf "$out/maven"
  mvn -B --no-transfer-progress -o -q -Dstyle.color=never \
    -Dmaven.repo.local="${MAVEN_REPO:-$HOME/.m2/repository}" -f kotlin/pom.xml package \
    -Dmaven.test.skip=true \
    -Dbindings.dir="$T/bindings/kotlin" \
    -Dbuild.dir="$out/maven"
  echo "$inputs" > "$stamp"
fi
cp "$out/maven/cognito-auth-$version.jar" "$stage/classes.jar"
cp kotlin/android/AndroidManifest.xml kotlin/android/proguard.txt "$stage/"
: > "$stage/R.txt" # no Android resources

if [ -n "${ANDROID_NDK_HOME:-}" ]; then
  echo "[aar] building natives with cargo ndk (NDK: $ANDROID_NDK_HOME)" >&2
  targets=()
  for abi in "${ABIS[@]}"; do targets+=(-t "$abi"); done
  "$CARGO" ndk "${targets[@]}" --platform 21 -o "$stage/jni" build --release -p cognito-auth-ffi
else
  echo "[aar] ANDROID_NDK_HOME is not set: NO Android natives in this AAR (jni/ is empty)." >&2
  echo "[aar] On a machine with the NDK: rustup target add aarch64-linux-android armv7-linux-androideabi x86_64-linux-android; cargo install cargo-ndk --locked; ANDROID_NDK_HOME=/path/to/ndk make aar" >&2
fi

aar=$out/cognito-auth-$version.aar
rm -f "$aar"
(cd "$stage" && python3 -m zipfile -c "$aar" AndroidManifest.xml classes.jar R.txt proguard.txt jni)
sed -e "s/@VERSION@/$version/" -e "s/@JNA@/$(prop jna.version)/" \
  -e "s/@COROUTINES@/$(prop coroutines.version)/" -e "s/@KOTLIN@/$(prop kotlin.version)/" \
  kotlin/android/pom.template.xml > "$out/cognito-auth-$version.pom"
echo "[aar] $aar and $out/cognito-auth-$version.pom" >&2
