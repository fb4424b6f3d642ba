#!/usr/bin/env bash
# `make demo`: a narrated transcript of the main flow through the `cognito-auth` CLI against
# local peers started here and stopped at the end. Each step shows the command and the JSON
# it printed. Set-up (installs, compilation) happens before; the transcript itself is timed.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${CARGO_TARGET_DIR:-target}/debug
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cognito-auth-demo.XXXXXX")
# The CLI encrypts --store with a key kept apart (by default in ~/.config/cognito-auth/): the
# demo keeps it with its other scratch files.
export COGNITO_AUTH_STORE_KEY_FILE="$WORK/store.key"
PEER_PID=
TS_PID=
OIDC_PID=
cleanup() {
  [ -n "$PEER_PID" ] && kill "$PEER_PID" 2>/dev/null || true
  [ -n "$TS_PID" ] && kill "$TS_PID" 2>/dev/null || true
  [ -n "$OIDC_PID" ] && kill "$OIDC_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

if [ -t 1 ]; then B=$'\033[1m' N=$'\033[0m'; else B= N=; fi
say() { printf '\n%s==> %s%s\n' "$B" "$*" "$N"; }
note() { printf '    %s\n' "$*"; }
pretty() { python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin), indent=2))' | sed 's/^/    /'; }

# Runs the CLI with the demo's config and store; shows the command, its JSON and exit code.
CLI_ARGS=()
run() {
  printf '    $ cognito-auth %s\n' "$*"
  local out err code=0
  out=$("$BIN/cognito-auth" "${CLI_ARGS[@]}" "$@" 2>"$WORK/stderr") || code=$?
  err=$(cat "$WORK/stderr")
  if [ -n "$out" ]; then printf '%s' "$out" | pretty; fi
  if [ -n "$err" ]; then printf '%s' "$err" | pretty; printf '    (exit %s)\n' "$code"; fi
  LAST_OUT=$out
}
field() { python3 -c "import json,sys; v=json.loads(sys.argv[1]); print(eval('v'+sys.argv[2]))" "$1" "$2"; }

start=$(date +%s)
say "Starting moto (local Cognito user + identity pools) with a fresh pool"
"$BIN/cognito-auth-peer" moto --out "$WORK/peer" --until-killed > "$WORK/peer.json" &
PEER_PID=$!
for _ in $(seq 1 600); do [ -s "$WORK/peer/pool.json" ] && break; sleep 0.1; done
[ -s "$WORK/peer/pool.json" ] || { echo "moto did not start" >&2; exit 1; }
POOL=$(cat "$WORK/peer/pool.json")
ENDPOINT=$(field "$POOL" '["endpoint"]')
note "endpoint $ENDPOINT, user pool $(field "$POOL" '["user_pool_id"]')"
CLI_ARGS=(--config "$WORK/peer/amplify_outputs.json" --store "$WORK/store"
          --user-pool-endpoint "$ENDPOINT" --identity-pool-endpoint "$ENDPOINT")

say "The configuration is the amplify_outputs.json an Amplify app already has"
run config

USER_NAME="demo-$(date +%s)"
say "Sign up $USER_NAME"
run sign-up "$USER_NAME" --password 'Corr3ct-Horse!' --attribute "email=$USER_NAME@example.com"

say "Confirm the sign-up (moto accepts any code; cognito-local checks them in the tests)"
run confirm-sign-up "$USER_NAME" 123456

say "Typed errors: signing up the same name again"
run sign-up "$USER_NAME" --password 'Corr3ct-Horse!'

say "Typed errors: a password the pool's policy refuses"
run sign-up "other-$USER_NAME" --password weak

# ---- Sign-in with SRP (auth) ----------------------------------------------------------------
say "Typed errors: a wrong password (USER_PASSWORD_AUTH, which moto checks): exit 1, nothing stored"
run sign-in "$USER_NAME" --password 'Wrong-Horse!' --flow user-password

# ---------------------------------------------------------------------------------------------
# Sessions: guest session, a signed-in session, federation, SigV4 signing, sign-out. Long tokens
# are shortened for reading.
brief() { python3 -c '
import json, sys
def cut(v):
    if isinstance(v, dict): return {k: cut(x) for k, x in v.items()}
    if isinstance(v, str) and len(v) > 48 and " " not in v: return v[:20] + "…" + v[-8:]
    return v
print(json.dumps(cut(json.load(sys.stdin)), indent=2, ensure_ascii=False))' | sed 's/^/    /'; }
run_brief() {
  printf '    $ cognito-auth %s\n' "$*"
  local out code=0
  out=$("$BIN/cognito-auth" "${CLI_ARGS[@]}" "$@" 2>"$WORK/stderr") || code=$?
  if [ -n "$out" ]; then printf '%s' "$out" | brief; fi
  if [ -s "$WORK/stderr" ]; then brief < "$WORK/stderr"; printf '    (exit %s)\n' "$code"; fi
  LAST_OUT=$out
}

say "Signed out: the state is guest, because the identity pool allows unauthenticated access"
run state

say "fetch-session while signed out: a guest identity and AWS credentials; no tokens"
run_brief fetch-session

say "Sign in as $USER_NAME (SRP), then fetch the session: tokens, sub, the merged identity"
run sign-in "$USER_NAME" --password 'Corr3ct-Horse!'
run_brief fetch-session
say "The next process finds the user signed in (the session is in --store)"
run current-user
say "Force a refresh (REFRESH_TOKEN_AUTH) even though the tokens are valid"
run_brief fetch-session --force-refresh
say "Federating is refused while signed in to the user pool"
run federate --provider google --token demo-google-token
say "Sign out: local data cleared; moto answers RevokeToken with HTTP 500, so it is partial"
run sign-out

say "Federate with a Google token straight into the identity pool (no user pool)"
run_brief federate --provider google --token demo-google-id-token

say "A new process sees the federation: signed in, identity-pool credentials, no user-pool tokens"
run state
run_brief fetch-session

say "No user-pool user while federated"
run current-user

say "Sign an HTTP request with the session's AWS credentials (SigV4)"
run_brief sign-request --service execute-api --header 'Content-Type: application/json' \
  --body '{"hello":"world"}' POST https://abc123.execute-api.us-east-1.amazonaws.com/prod/items

say "Clear the federation (local only) and sign out"
run clear-federation
run sign-out
run state
# ---------------------------------------------------------------------------------------------

# ---- SRP against our verifying server (auth) ------------------------------------------------
say "Starting our verifying SRP test server (tests/srp/cognito_test_server.py, ours, not a peer)"
TS_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
tests/peers/.venv/bin/python tests/srp/cognito_test_server.py --port "$TS_PORT" > "$WORK/test-server.log" 2>&1 &
TS_PID=$!
TS_URL="http://127.0.0.1:$TS_PORT"
for _ in $(seq 1 100); do python3 -c "import urllib.request; urllib.request.urlopen('$TS_URL/')" 2>/dev/null && break; sleep 0.1; done
python3 -c "import urllib.request, json; urllib.request.urlopen(urllib.request.Request('$TS_URL/_test/users', json.dumps({'username': 'vera', 'password': 'Corr3ct-Horse!', 'salt': '-5f3a2b1c0d9e8f7a6b5c4d3e2f1a0b0c'}).encode()))"
printf '%s' '{"version":"1.3","auth":{"aws_region":"us-east-1","user_pool_id":"us-east-1_TestPool","user_pool_client_id":"testclient"}}' > "$WORK/test-server-outputs.json"
note "user vera, whose SALT is negative (a leading '-', as Cognito sometimes sends)"
MOTO_ARGS=("${CLI_ARGS[@]}")
CLI_ARGS=(--config "$WORK/test-server-outputs.json" --store "$WORK/store-ts" --user-pool-endpoint "$TS_URL")

say "SRP with a wrong password: the server recomputes S = (A*v^u)^b and refuses the claim"
run sign-in vera --password 'Wrong-Horse!'

say "SRP with the right password: the proof verifies"
run sign-in vera --password 'Corr3ct-Horse!'
CLI_ARGS=("${MOTO_ARGS[@]}")
kill "$TS_PID" 2>/dev/null || true
wait "$TS_PID" 2>/dev/null || true
TS_PID=
# ---- end of the verifying-server sign-in ----------------------------------------------------

say "Stopping the peers"
kill "$PEER_PID" 2>/dev/null || true
wait "$PEER_PID" 2>/dev/null || true
PEER_PID=

# ---------------------------------------------------------------------------------------
# Hosted UI: `sign-in-web` against a local OpenID Connect provider, in headless Chromium.
# ---------------------------------------------------------------------------------------
say "Hosted UI: starting a local OpenID Connect provider with Cognito's routes (oidc-provider)"
"$BIN/cognito-auth-peer" oidc --out "$WORK/oidc" --until-killed > "$WORK/oidc.json" &
OIDC_PID=$!
for _ in $(seq 1 600); do [ -s "$WORK/oidc/pool.json" ] && break; sleep 0.1; done
[ -s "$WORK/oidc/pool.json" ] || { echo "oidc-provider did not start" >&2; exit 1; }
OIDC=$(cat "$WORK/oidc/pool.json")
OIDC_URL=$(field "$OIDC" '["endpoint"]')
note "provider $OIDC_URL, app client $(field "$OIDC" '["client_id"]'), user $(field "$OIDC" '["username"]')"
note "redirect URIs: $(python3 -c 'import json,sys; print(", ".join(json.load(open(sys.argv[1]))["auth"]["oauth"]["redirect_sign_in_uri"]))' "$WORK/oidc/amplify_outputs.json")"
CLI_ARGS=(--config "$WORK/oidc/amplify_outputs.json" --store "$WORK/store-web"
          --oauth-endpoint "$OIDC_URL")

say "sign-in-web: the CLI listens on the loopback redirect URI and runs \$BROWSER <url>"
note "\$BROWSER here is tests/peers/oidc/browser.mjs: Debian's Chromium, headless, driven by"
note "playwright-core; it types the user's password into the provider's login page"
export BROWSER="node $PWD/tests/peers/oidc/browser.mjs"
export OIDC_LOGIN_USERNAME; OIDC_LOGIN_USERNAME=$(field "$OIDC" '["username"]')
export OIDC_LOGIN_PASSWORD; OIDC_LOGIN_PASSWORD=$(field "$OIDC" '["password"]')
export BROWSER_LOG="$WORK/browser.log"
run sign-in-web --timeout 60
for _ in $(seq 1 50); do grep -q 'done:' "$BROWSER_LOG" 2>/dev/null && break; sleep 0.1; done
sed 's/^/    /' "$BROWSER_LOG" 2>/dev/null || true
: > "$BROWSER_LOG"

say "The web session is stored like any other: the next process sees it"
run state
run_brief fetch-session

say "Sign out of a web session: revoke at /oauth2/revoke, then /logout through \$BROWSER"
run sign-out
for _ in $(seq 1 50); do grep -q 'done:' "$BROWSER_LOG" 2>/dev/null && break; sleep 0.1; done
sed 's/^/    /' "$BROWSER_LOG" 2>/dev/null || true
run state
unset BROWSER OIDC_LOGIN_USERNAME OIDC_LOGIN_PASSWORD BROWSER_LOG

say "Typed errors: nobody comes back to the listener (--no-browser prints the URL; --timeout 2)"
printf '    $ cognito-auth sign-in-web --no-browser --timeout 2\n'
code=0
"$BIN/cognito-auth" "${CLI_ARGS[@]}" sign-in-web --no-browser --timeout 2 \
  >"$WORK/stdout" 2>"$WORK/stderr" || code=$?
sed -e 's/^/    /' -e 's/\(code_challenge\|state\|nonce\)=[^&]*/\1=…/g' "$WORK/stderr"
printf '    (exit %s)\n' "$code"

say "Stopping the provider"
kill "$OIDC_PID" 2>/dev/null || true
wait "$OIDC_PID" 2>/dev/null || true
OIDC_PID=
note "transcript took $(( $(date +%s) - start )) s"
