#!/usr/bin/env bash
# Generates the Kotlin and Swift bindings from the debug cdylib with the crate's own
# `uniffi-bindgen` binary (library mode, so versions always match). Output is never committed.
#
#   scripts/bindings.sh               -> target/bindings/{kotlin,swift,native}
#   scripts/bindings.sh --test-hooks  -> target/bindings-test/... (adds the test-only exports)
#
# native/ holds a copy of the cdylib the bindings were generated from, so later cargo runs
# (which rebuild $CARGO_TARGET_DIR/debug without the test hooks) cannot swap the library under them.
set -euo pipefail
cd "$(dirname "$0")/.."
CARGO=${CARGO:-cargo}
T=${CARGO_TARGET_DIR:-target}
features=bindgen
out=$T/bindings
if [ "${1:-}" = "--test-hooks" ]; then
  features=bindgen,test-hooks
  out=$T/bindings-test
fi
case "$(uname -s)" in
  Darwin) lib=libcognito_auth_ffi.dylib ;;
  *) lib=libcognito_auth_ffi.so ;;
esac
"$CARGO" build --quiet -p cognito-auth-ffi --features "$features"
rm -rf "$out"
mkdir -p "$out/native"
cp "$T/debug/$lib" "$out/native/$lib"
for lang in kotlin swift; do
  "$T/debug/uniffi-bindgen" generate "$out/native/$lib" --language "$lang" \
    --out-dir "$out/$lang" --no-format >/dev/null
done
echo "[bindings] $out/{kotlin,swift} from $out/native/$lib ($features)" >&2
