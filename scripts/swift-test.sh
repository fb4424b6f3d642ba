#!/usr/bin/env bash
# The Swift package built and tested on Linux: the generated Swift and the Swift layer,
# compiled by Debian 13's Swift 6.0.3 (scripts/swift-toolchain.sh, run in a chroot) against
# the real libcognito_auth_ffi, then its XCTest suite against local peers that this script
# starts on the host (moto, cognito-local, oidc-provider, and OUR test server,
# tests/srp/cognito_test_server.py, for the challenges moto lacks) and the tree reaches over
# loopback.
#
# Needs root (mount, chroot); CI runs as root. On a Mac use `make xcframework` and
# `swift test` in swift/ instead (swift/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
CARGO=${CARGO:-cargo}
log() { printf '[swift-test %ds] %s\n' "$SECONDS" "$*" >&2; }

if [ "$(id -u)" != 0 ]; then
  log "make swift-test needs root: it runs Debian's Swift toolchain in a chroot (mount, chroot)."
  log "Run it as root (CI does), or test the package on a Mac: see swift/README.md."
  exit 1
fi

root=$(scripts/swift-toolchain.sh)
scripts/bindings.sh --test-hooks
"$CARGO" build --quiet -p cognito-auth-testkit --bin cognito-auth-peer
T=$(realpath "${CARGO_TARGET_DIR:-target}")
native=$T/bindings-test/native
pkg=$T/swift-package
scripts/swift-layout.sh "$T/bindings-test/swift" "$pkg"

# Everything the tests need is under $T or /tmp; both appear at the same paths in the tree.
peers=$(mktemp -d /tmp/cognito-auth-swift-peers.XXXXXX)
mounts=()
cleanup() {
  local status=$?
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
    umount "${mounts[i]}" 2>/dev/null || umount -l "${mounts[i]}" 2>/dev/null || true
  done
  rm -rf "$peers"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mount_into() { # mount_into SOURCE (bind) | mount_into proc
  local target=$root$2
  mkdir -p "$target"
  if mountpoint -q "$target"; then umount -l "$target"; fi
  if [ "$1" = proc ]; then mount -t proc proc "$target"; else mount --bind "$1" "$target"; fi
  mounts+=("$target")
}
mount_into proc /proc
mount_into "$T" "$T"
mount_into /tmp /tmp

# One peer of each kind for the whole suite (the tests make their own users); each writes
# its pool.json and configuration files into $peers/<kind>/ and lives until its standard
# input closes, which the loop feeding it does within a second of this script's end.
start_peer() { # start_peer KIND [DIR [ARGS...]]
  local kind=$1 dir=${2:-$1}
  shift $(($# < 2 ? $# : 2))
  mkdir -p "$peers/$dir"
  (exec "$T/debug/cognito-auth-peer" "$kind" --out "$peers/$dir" "$@" \
    < <(while kill -0 $$ 2>/dev/null; do sleep 1; done) >/dev/null) &
}
start_peer moto
start_peer cognito-local
# A pool that verifies email by code: the Authenticator's contact verification.
start_peer cognito-local cognito-local-verifying --auto-verify email
start_peer oidc
start_peer test-server
for kind in moto cognito-local cognito-local-verifying oidc test-server; do
  for _ in $(seq 600); do
    [ -s "$peers/$kind/pool.json" ] && break
    sleep 0.1
  done
  [ -s "$peers/$kind/pool.json" ] || { log "the $kind peer did not start"; exit 1; }
done
log "peers ready in $peers"

# A clean environment inside the tree: nothing of the host's but what the tests are told.
in_tree() {
  chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 \
    COGNITO_AUTH_PEERS="$peers" LD_LIBRARY_PATH="$native" bash -c "cd '$pkg' && $1"
}
link="-Xlinker -L$native"
log "swift build (generated bindings in Swift 5 mode, the layer in Swift 6 mode)"
in_tree "swift build --build-tests $link"
log "swift test"
in_tree "swift test --skip-build --disable-swift-testing $link"
log "done"
