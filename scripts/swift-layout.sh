#!/usr/bin/env bash
# Lays out the Swift package with its generated parts, the same way on a Mac and on Linux:
#
#   scripts/swift-layout.sh GENERATED_DIR PACKAGE_DIR
#
# GENERATED_DIR is uniffi-bindgen's Swift output (CognitoAuth.swift, CognitoAuthFFI.h,
# CognitoAuthFFI.modulemap). PACKAGE_DIR is swift/ itself (`make xcframework`) or a staging
# copy of it (`make swift-test`, which then gets swift/'s sources copied in first). The
# generated Swift goes to Sources/CognitoAuthGenerated/, the C header beside the Linux
# modulemap. Files whose content did not change are left untouched (same inode and time),
# so SwiftPM rebuilds only what changed.
set -euo pipefail
cd "$(dirname "$0")/.."
gen=$1
pkg=$2

# Copies $1 to $2 unless $2 already has the same bytes.
put() {
  mkdir -p "$(dirname "$2")"
  cmp -s "$1" "$2" || cp -p "$1" "$2"
}

if [ "$(realpath -m "$pkg")" != "$(realpath swift)" ]; then
  mkdir -p "$pkg"
  (cd swift && find Package.swift Sources Tests linux -type f \
    ! -path 'Sources/CognitoAuthGenerated/*' ! -name CognitoAuthFFI.h) |
    while read -r f; do put "swift/$f" "$pkg/$f"; done
  # Files deleted from swift/ are deleted from the copy too.
  (cd "$pkg" && find Sources Tests linux -type f \
    ! -path 'Sources/CognitoAuthGenerated/*' ! -name CognitoAuthFFI.h) |
    while read -r f; do [ -e "swift/$f" ] || rm -f "$pkg/$f"; done
fi

put "$gen/CognitoAuth.swift" "$pkg/Sources/CognitoAuthGenerated/CognitoAuth.swift"
put "$gen/CognitoAuthFFI.h" "$pkg/linux/CognitoAuthFFI/CognitoAuthFFI.h"

# swiftc refuses two files of one name in a module ("filename used twice"): check every
# target of the laid-out package, as a Mac build would see it.
for target in "$pkg"/Sources/* "$pkg"/Tests/*; do
  dupes=$(find "$target" -name '*.swift' -printf '%f\n' | sort | uniq -d)
  if [ -n "$dupes" ]; then
    echo "[swift-layout] $(basename "$target") has two files named: $dupes" >&2
    exit 1
  fi
done
echo "[swift-layout] $pkg ready" >&2
