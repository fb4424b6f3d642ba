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
  features=bindgen,test-hooks,jvm-keystore
  out=$T/bindings-test
fi
case "$(uname -s)" in
  Darwin) lib=libcognito_auth_ffi.dylib ;;
  *) lib=libcognito_auth_ffi.so ;;
esac
"$CARGO" build --quiet -p cognito-auth-ffi --features "$features"
# Generated into a scratch directory; an output whose content did not change is left as it
# was (same files, same times), so the Kotlin and Swift steps can tell nothing changed.
tmp=$out.new
rm -rf "$tmp"
mkdir -p "$tmp/native" "$out"
cp "$T/debug/$lib" "$tmp/native/$lib"
for lang in kotlin swift; do
  "$T/debug/uniffi-bindgen" generate "$tmp/native/$lib" --language "$lang" \
    --out-dir "$tmp/$lang" --no-format >/dev/null
done
changed=
for part in native kotlin swift; do
  if ! diff -rq "$tmp/$part" "$out/$part" >/dev/null 2>&1; then
    rm -rf "${out:?}/$part"
    mv "$tmp/$part" "$out/$part"
    changed="$changed $part"
  fi
done
rm -rf "$tmp"
echo "[bindings] $out/{kotlin,swift} from $out/native/$lib ($features; changed:${changed:- nothing})" >&2
