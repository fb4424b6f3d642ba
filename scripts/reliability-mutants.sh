#!/usr/bin/env bash
# Proves the reliability suites can fail: each mutant removes one rule from the core
# (retries, error mapping, keep-credentials, clock skew, scrubbing, atomic-write clean-up,
# the concurrent sign-in check), runs the suite that should catch it, and expects a failure.
# The source is restored after each mutant. Not part of `make test` (about 5 minutes;
# ONLY=<part of a name> runs the matching mutants only).
set -uo pipefail
cd "$(dirname "$0")/.."
killed=0; survived=0
# The test binary of suite $1: the crate's unit tests for `lib::<module>` (e.g.
# `lib::wire::secrecy_tests`), otherwise core's one integration binary.
target_of() { if [[ $1 == lib::* ]]; then echo --lib; else echo --test integration; fi; }
# The tests of suite $1 (a module of that binary, e.g. `reliability::faults`) whose names
# contain $2, by full name; fails when the binary does not build.
tests_of() {
  local list target suite=${1#lib::}
  read -ra target <<<"$(target_of "$1")"
  list=$(cargo test -q -p cognito-auth "${target[@]}" -- --list 2>/tmp/mutant.log) || return 1
  sed -n "s/^$suite::\(.*\): test\$/\1/p" <<<"$list" | grep -F -- "$2" | sed "s/^/$suite::/"
  return 0
}
mutant() { # name file perl-substitution suite [filter]
  local name=$1 file=$2 subst=$3 test=$4 filter=${5:-} names target
  read -ra target <<<"$(target_of "$test")"
  if [ -n "${ONLY:-}" ] && [[ "$name" != *"$ONLY"* ]]; then return; fi
  if ! git diff --quiet -- "$file"; then echo "skip $name: $file has local changes"; return; fi
  perl -0pi -e "$subst" "$file"
  if git diff --quiet -- "$file"; then echo "BROKEN MUTANT $name: substitution matched nothing"; survived=$((survived+1)); return; fi
  if names=$(tests_of "$test" "$filter") && [ -z "$names" ]; then
    echo "BROKEN MUTANT $name: no test in $test matches '$filter'"; survived=$((survived+1))
  # shellcheck disable=SC2086 # one argument per test name
  elif [ -n "$names" ] && cargo test -q -p cognito-auth "${target[@]}" -- --exact $names >/tmp/mutant.log 2>&1; then
    echo "SURVIVED $name ($test $filter)"; survived=$((survived+1))
  else
    echo "killed   $name by $test $filter: $(grep -m1 -E 'panicked at|error\[' -A1 /tmp/mutant.log | tail -1 | cut -c1-150)"
    killed=$((killed+1))
  fi
  git checkout -q -- "$file"
}
T=core/src/wire/transport.rs
mutant "no retries" $T 's/e\.is_retryable\(\) && attempt/false \&\& attempt/' reliability::faults sign_up
mutant "retries not bounded by the policy" $T 's/attempt < policy\.max_attempts\.max\(1\)/attempt < 5/' reliability::faults get_id
mutant "network errors mapped as service errors" core/src/error.rs \
  's/WireError::Network \{ kind, message \} => Self::Network\(format!\("\{kind\}: \{message\}"\)\)/WireError::Network { kind, message } => Self::Service { name: kind.to_string(), message, status: 0 }/' reliability::faults get_id
mutant "Cognito error type not read" $T 's/let name = field\(&\["__type", "code", "Code"\]\)/let name = field(\&["__nothing"])/' reliability::faults confirm_sign_up
mutant "malformed 2xx body accepted as empty" $T 's/serde_json::from_slice\(body\)\.map_err/serde_json::from_slice(body).or_else(|_| serde_json::from_slice(b"{}")).map_err/' reliability::faults confirm_sign_up
mutant "Date header ignored" $T 's/self\.inner\.clock\.record_server_date\(date\);/let _ = date;/' reliability::faults sign_up
mutant "any refresh failure ends the session" core/src/session/refresh.rs \
  's/Err\(AuthError::NotAuthorized\(message\)\) => \{/Err(e) => { let message = e.to_string();/' reliability::offline web_session
mutant "any refresh failure ends the session (matrix)" core/src/session/refresh.rs \
  's/Err\(AuthError::NotAuthorized\(message\)\) => \{/Err(e) => { let message = e.to_string();/' reliability::faults web_session_refresh
mutant "any credentials failure ends a federation" core/src/identity_pool.rs \
  's/Err\(AuthError::NotAuthorized\(message\)\) if logins\.owner == IdentityOwner::Federated => \{/Err(e) if logins.owner == IdentityOwner::Federated => { let message = e.to_string();/' reliability::offline federated
mutant "refreshed tokens of another user accepted" core/src/session/refresh.rs \
  's/if sub\.as_deref\(\) != Some\(user\.sub\.as_str\(\)\)/if false/' reliability::faults_user_pool token_refresh
mutant "user-pool refresh failure ends the session" core/src/session/refresh.rs \
  's/Err\(AuthError::NotAuthorized\(message\)\) => \{/Err(e) => { let message = e.to_string();/' reliability::faults_user_pool token_refresh
mutant "server messages not scrubbed" core/src/wire/redact.rs 's/out = out\.replace\(s\.as_str\(\), "\*\*\*"\);/let _ = s;/' reliability::secrets moto_flows
mutant "HttpResponse Debug prints the body" $T 's/\.field\("body_len", &self\.body\.len\(\)\)/.field("body", \&self.body)/' lib::wire::secrecy_tests debug_prints
mutant "temporary files of killed writers kept" core/src/storage/file.rs 's/let _ = fs::remove_file\(entry\.path\(\)\);/let _ = entry;/' reliability::crash
mutant "torn writes (no rename)" core/src/storage/file.rs 's/fs::rename\(&tmp, path\)/fs::copy(\&tmp, path).map(drop)/' reliability::crash
mutant "sign-in replaces a concurrent sign-in or federation" core/src/session/mod.rs \
  's/if cache\.session\.active_user\(\)\.is_some\(\) \|\| cache\.session\.active_federation\(\)\.is_some\(\) \{/if false {/' reliability::concurrency
echo "mutants: $killed killed, $survived survived"
[ "$survived" = 0 ]
