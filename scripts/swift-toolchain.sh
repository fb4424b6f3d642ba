#!/usr/bin/env bash
# The Swift toolchain for Linux: Debian 13's `swiftlang` package (swiftc, SwiftPM, XCTest,
# Foundation), pinned, in a Debian trixie tree made with mmdebstrap from Debian's default
# mirror. Prints the tree's path on stdout; everything else goes to stderr.
#
# The tree (about 2.5 GB, 90 s and 444 MB of downloads the first time) is cached outside the
# checkout, keyed on the pinned versions, so a warm `make swift-test` finds it at once and a
# changed pin builds a new one. A Debian update that drops the pinned version fails loudly
# here instead of changing the compiler under the tests.
#
# Needs root (mmdebstrap's root mode; chroot later): CI runs as root.
set -euo pipefail
SWIFTLANG_VERSION=6.0.3-2
SUITE=trixie
PACKAGES="swiftlang=$SWIFTLANG_VERSION,libc6-dev,ca-certificates"
log() { printf '[swift-toolchain] %s\n' "$*" >&2; }

cache=${COGNITO_AUTH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cognito-auth}
key=$(printf '%s\n' "$SUITE" "$PACKAGES" | sha256sum | cut -c1-12)
root=$cache/swift-$SWIFTLANG_VERSION-$key
stamp=$root/.cognito-auth-toolchain

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$key" ]; then
  echo "$root"
  exit 0
fi

if [ "$(id -u)" != 0 ]; then
  log "building the Swift toolchain tree needs root (mmdebstrap, chroot); CI runs as root."
  log "Without root, build and test the Swift package on a Mac: see swift/README.md."
  exit 1
fi

if ! command -v mmdebstrap >/dev/null; then
  log "apt-get install mmdebstrap"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq mmdebstrap >/dev/null
fi

# Never delete a tree something is still mounted in (a bind mount of the checkout or /tmp
# left by a killed run would take the host's files with it).
mounted_under() { awk -v p="$1" 'index($2, p) == 1 { print $2 }' /proc/mounts; }
for old in "$root" "$root".tmp-*; do
  [ -e "$old" ] || continue
  if [ -n "$(mounted_under "$old")" ]; then
    log "refusing to replace $old: something is mounted inside it:"
    mounted_under "$old" >&2
    exit 1
  fi
  rm -rf "$old"
done

log "mmdebstrap $SUITE with $PACKAGES into $root (about 90 s the first time)"
mkdir -p "$cache"
tmp=$root.tmp-$$
trap 'if [ -z "$(mounted_under "$tmp")" ]; then rm -rf "$tmp"; fi' EXIT
mmdebstrap --quiet --variant=apt --include="$PACKAGES" "$SUITE" "$tmp" >&2
# The pin is what mmdebstrap installed, not merely what was asked for.
installed=$(chroot "$tmp" dpkg-query -W -f '${Version}' swiftlang)
if [ "$installed" != "$SWIFTLANG_VERSION" ]; then
  log "swiftlang $installed was installed, $SWIFTLANG_VERSION was pinned"
  exit 1
fi
echo "$key" >"$tmp/.cognito-auth-toolchain"
mv "$tmp" "$root"
trap - EXIT
log "ready: $(chroot "$root" swift --version 2>/dev/null | head -1)"
echo "$root"
