#!/usr/bin/env bash
# What Linux can check of the Swift package (no Swift compiler here): the generated Swift, the
# thin Swift layer, its tests and Package.swift parse with the tree-sitter Swift grammar (with
# a self-test proving broken Swift is rejected), the generated C header compiles, and the
# modulemap names it. Type checking and linking need a Mac: `make xcframework`, then
# `swift build && swift test` in swift/.
set -euo pipefail
cd "$(dirname "$0")/.."
gen=${CARGO_TARGET_DIR:-target}/bindings/swift
scripts/bindings.sh
node swift/check/check.js --self-test
node swift/check/check.js "$gen/CognitoAuth.swift" swift/Package.swift \
  swift/Sources/CognitoAuth/*.swift swift/Tests/CognitoAuthTests/*.swift
# gcc here: clang's nullability qualifiers are defined away, everything else must compile.
echo '#include "CognitoAuthFFI.h"' | cc -fsyntax-only -std=c11 -Wall -Werror \
  -D_Nullable= -D_Nonnull= -D_Null_unspecified= -I "$gen" -x c -
grep -q 'module CognitoAuthFFI' "$gen/CognitoAuthFFI.modulemap"
grep -q 'header "CognitoAuthFFI.h"' "$gen/CognitoAuthFFI.modulemap"
echo "swift-check: ok (C header compiles, modulemap names it)"
