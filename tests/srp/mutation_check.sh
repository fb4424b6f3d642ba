#!/usr/bin/env bash
# Run once by hand (not part of `make test`): changes one SRP step at a time and checks that the
# vector tests (pycognito / amazon-cognito-identity-js) or the verifying-server test fail.
# Leaves the source as it found it. Usage: tests/srp/mutation_check.sh
set -uo pipefail
cd "$(dirname "$0")/../.."
SRC=core/src/srp
mutate() { # name file python-replacement
  local name=$1 file=$2 from=$3 to=$4
  cp "$file" "$file.orig"
  python3 - "$file" "$from" "$to" <<'PY'
import sys
p, a, b = sys.argv[1:]
s = open(p).read()
assert a in s, f"pattern not found: {a}"
open(p, "w").write(s.replace(a, b, 1))
PY
  if cargo test -q -p cognito-auth --test integration -- srp::vectors:: srp::proofs:: >/dev/null 2>&1; then
    echo "SURVIVED  $name"
  else
    echo "caught    $name"
  fi
  mv "$file.orig" "$file"
}
mutate "k = H(N | PAD(3))"             $SRC/bigint.rs 'chain_update(pad(&[2]))' 'chain_update(pad(&[3]))'
mutate "u = H(PAD(B) | PAD(A))"        $SRC/mod.rs '&[&bigint::pad(&big_a.to_be_bytes()), &b.pad()]' '&[&b.pad(), &bigint::pad(&big_a.to_be_bytes())]'
mutate "x without ':'"                 $SRC/mod.rs 'b":",' 'b"",'
mutate "x without the salt"            $SRC/mod.rs '&[&salt.pad(), inner.as_ref()]' '&[inner.as_ref()]'
mutate "S exponent a (no u*x)"         $SRC/mod.rs 'bigint::a_plus_ux(a, u, x)' 'bigint::a_plus_ux(a, u, &U256::ZERO)'
mutate "S base B (no k*v)"             $SRC/bigint.rs 'b.sub(&kv).retrieve()' 'b.retrieve()'
mutate "HKDF info"                     $SRC/mod.rs 'b"Caldera Derived Key"' 'b"Caldera Derived key"'
mutate "HKDF salt PAD(S) / ikm PAD(u)" $SRC/mod.rs 'Hkdf::<Sha256>::new(Some(&salt_u), &ikm)' 'Hkdf::<Sha256>::new(Some(&ikm), &salt_u)'
mutate "PAD without 00 before high bit" $SRC/bigint.rs 'if self.magnitude[0] & 0x80 != 0 {' 'if false {'
mutate "negative PAD without FF"       $SRC/bigint.rs 'if out[0] & 0x80 == 0 {' 'if false {'
mutate "negative B not reduced"        $SRC/bigint.rs 'Some(self.n.wrapping_sub(&r))' 'Some(r)'
mutate "salt sign ignored"             $SRC/bigint.rs 'negative: negative && !magnitude.is_empty(),' 'negative: false,'
mutate "claim without SECRET_BLOCK"    $SRC/mod.rs 'mac.update(&block);' 'let _ = &block;'
mutate "claim without pool name"       $SRC/mod.rs 'mac.update(pool_name.as_bytes());' ''
mutate "zero-padded day"               $SRC/mod.rs '"{} {} {} {:02}:{:02}:{:02} UTC {}"' '"{} {} {:02} {:02}:{:02}:{:02} UTC {}"'
mutate "A from a 1023-bit bound"       $SRC/mod.rs 'GROUP.pow_g(&a, 1024)' 'GROUP.pow_g(&a, 1023)'
