#!/usr/bin/env bash
# Builds swift/CognitoAuthFFI.xcframework and the generated Swift of the Swift package.
# macOS with Xcode only (xcodebuild, the iOS SDKs; ring compiles C for each target):
#   iOS device      aarch64-apple-ios
#   iOS simulator   aarch64-apple-ios-sim + x86_64-apple-ios   (one fat library, lipo)
#   macOS           aarch64-apple-darwin + x86_64-apple-darwin (for `swift test`)
# Bindings are generated once (library mode, from the macOS dylib); the modulemaps of every
# exporting crate (one today) are merged into the headers' module.modulemap.
# Then: cd swift && swift build && swift test
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(uname -s)" != "Darwin" ]; then
  cat >&2 <<MSG
make xcframework needs a Mac with Xcode (xcodebuild, lipo and the iOS SDKs); this machine is
$(uname -s). On macOS run:
  rustup target add aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios aarch64-apple-darwin x86_64-apple-darwin
  make xcframework
  cd swift && swift build && swift test
What Linux runs instead: make swift-test (the package built with Debian's Swift 6.0.3 against the
Linux library, and its XCTest suite against the local peers).
MSG
  exit 1
fi
CARGO=${CARGO:-cargo}
IOS=aarch64-apple-ios
SIM=(aarch64-apple-ios-sim x86_64-apple-ios)
MAC=(aarch64-apple-darwin x86_64-apple-darwin)
LIB=libcognito_auth_ffi
T=${CARGO_TARGET_DIR:-target}
out=$T/xcframework
export IPHONEOS_DEPLOYMENT_TARGET=15.0 MACOSX_DEPLOYMENT_TARGET=12.0

rustup target add "$IOS" "${SIM[@]}" "${MAC[@]}"
for target in "$IOS" "${SIM[@]}" "${MAC[@]}"; do
  "$CARGO" build --release -p cognito-auth-ffi --lib --target "$target"
done

rm -rf "$out"
mkdir -p "$out/gen" "$out/headers" "$out/ios-sim" "$out/macos"
"$CARGO" build -p cognito-auth-ffi --features bindgen --bin uniffi-bindgen
"$T/debug/uniffi-bindgen" generate "$T/aarch64-apple-darwin/release/$LIB.dylib" \
  --language swift --out-dir "$out/gen"
cp "$out"/gen/*.h "$out/headers/"
cat "$out"/gen/*.modulemap > "$out/headers/module.modulemap"

lipo -create $(for t in "${SIM[@]}"; do echo "$T/$t/release/$LIB.a"; done) \
  -output "$out/ios-sim/$LIB.a"
lipo -create $(for t in "${MAC[@]}"; do echo "$T/$t/release/$LIB.a"; done) \
  -output "$out/macos/$LIB.a"

rm -rf swift/CognitoAuthFFI.xcframework
xcodebuild -create-xcframework \
  -library "$T/$IOS/release/$LIB.a" -headers "$out/headers" \
  -library "$out/ios-sim/$LIB.a" -headers "$out/headers" \
  -library "$out/macos/$LIB.a" -headers "$out/headers" \
  -output swift/CognitoAuthFFI.xcframework

# The generated Swift into its own module, as `make swift-test` lays it out on Linux.
scripts/swift-layout.sh "$out/gen" swift
echo "[xcframework] swift/CognitoAuthFFI.xcframework and swift/Sources/CognitoAuthGenerated ready" >&2
echo "[xcframework] next: cd swift && swift build && swift test" >&2
