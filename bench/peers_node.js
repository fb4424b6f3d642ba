// The Node peers of `make bench` (bench/run.py): amazon-cognito-identity-js and aws-amplify
// v6, pinned in bench/package.json. Same protocol as core/benches/peers.rs: one JSON request
// per line on stdin, one JSON answer per line on stdout:
//   {"ok":true,"iters":N,"wall_ns":..,"cpu_ns":..}   (CPU: the whole process, every thread)
// Cases:
//   srp_all_identity_js  A = g^a, then the key (g^x, S) and the claim's HMAC, in
//                        amazon-cognito-identity-js (AuthenticationHelper).
//   srp_all_amplify      the same in aws-amplify v6's own SRP helper.
//   fetch_setup          stores the given tokens through Amplify's own token orchestrator.
//   fetch_cached         fetchAuthSession() with those valid tokens (nothing on the network).
//   jwt_amplify          Amplify's decodeJWT of the ID token (after fetch_setup).
//   signin               signIn() (USER_SRP_AUTH) against moto.
'use strict';

const path = require('path');
const readline = require('readline');
const crypto = require('crypto');

// Files the packages do not export are loaded by path.
const internal = (p) => require(path.join(__dirname, 'node_modules', p));
const IdentityJsHelper = internal('amazon-cognito-identity-js/lib/AuthenticationHelper').default;
const IdentityJsBigInteger = internal('amazon-cognito-identity-js/lib/BigInteger').default;
const { Amplify } = require('aws-amplify');
const { fetchAuthSession, signIn } = require('aws-amplify/auth');
const { cognitoUserPoolsTokenProvider } = require('aws-amplify/auth/cognito');
const { decodeJWT } = require('@aws-amplify/core/internals/utils');
const amplifySrp = internal('@aws-amplify/auth/dist/cjs/providers/cognito/utils/srp');
const AmplifyBigInteger = internal(
  '@aws-amplify/auth/dist/cjs/providers/cognito/utils/srp/BigInteger',
).BigInteger;

// The inputs of core/benches/common/mod.rs (module `srp`).
const SRP = {
  poolName: 'AbCdEfGhI',
  user: 'alice',
  password: 'Corr3ct-Horse!',
  salt: '3f1e2d3c4b5a6978',
  secretBlock: 'c2VjcmV0LWJsb2NrLW9mLXRoZS1zZXJ2ZXI=',
  timestamp: 'Mon Mar 3 09:05:07 UTC 2025',
  b: 'c0ffee0123456789abcdef0123456789abcdef'.repeat(20),
};

const cpuNs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) * 1000;
};

async function measure(iters, body) {
  const c0 = cpuNs();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < iters; i++) await body(i);
  const wall = Number(process.hrtime.bigint() - t0);
  return { ok: true, iters, wall_ns: wall, cpu_ns: cpuNs() - c0 };
}

function measureSync(iters, body) {
  const c0 = cpuNs();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < iters; i++) body(i);
  const wall = Number(process.hrtime.bigint() - t0);
  return { ok: true, iters, wall_ns: wall, cpu_ns: cpuNs() - c0 };
}

function claimHmac(keyBytes) {
  const mac = crypto.createHmac('sha256', Buffer.from(keyBytes));
  mac.update(SRP.poolName);
  mac.update(SRP.user);
  mac.update(Buffer.from(SRP.secretBlock, 'base64'));
  mac.update(SRP.timestamp);
  return mac.digest('base64');
}

function srpIdentityJs() {
  const b = new IdentityJsBigInteger(SRP.b, 16);
  const salt = new IdentityJsBigInteger(SRP.salt, 16);
  return () =>
    new Promise((resolve, reject) => {
      const helper = new IdentityJsHelper(SRP.poolName); // a, A = g^a
      helper.getPasswordAuthenticationKey(SRP.user, SRP.password, b, salt, (err, key) => {
        if (err) reject(err);
        else resolve(claimHmac(key));
      });
    });
}

function srpAmplify() {
  const b = new AmplifyBigInteger(SRP.b, 16);
  const salt = new AmplifyBigInteger(SRP.salt, 16);
  return async () => {
    const helper = await amplifySrp.getAuthenticationHelper(SRP.poolName); // a, A = g^a
    const key = await helper.getPasswordAuthenticationKey({
      username: SRP.user,
      password: SRP.password,
      serverBValue: b,
      salt,
    });
    return amplifySrp.getSignatureString({
      username: SRP.user,
      userPoolName: SRP.poolName,
      challengeParameters: { SECRET_BLOCK: SRP.secretBlock },
      dateNow: SRP.timestamp,
      hkdf: key,
    });
  };
}

let configured = null;
function configure(key, auth) {
  if (configured === key) return;
  Amplify.configure({ Auth: { Cognito: auth } });
  configured = key;
}

let jwtInput = null;
let fetchTokens = null;

async function fetchSetup(req) {
  const t = req.tokens;
  fetchTokens = t;
  jwtInput = t.id;
  configure('fetch', { userPoolId: t.user_pool_id, userPoolClientId: t.client_id });
  await cognitoUserPoolsTokenProvider.tokenOrchestrator.setTokens({
    tokens: {
      accessToken: decodeJWT(t.access),
      idToken: decodeJWT(t.id),
      refreshToken: t.refresh,
      clockDrift: 0,
      username: t.username,
    },
  });
  const s = await fetchAuthSession();
  if (!s.tokens || !s.tokens.accessToken) throw new Error('Amplify lost the stored tokens');
}

async function signinCase(req) {
  configure(`moto:${req.client_id}`, {
    userPoolId: req.user_pool_id,
    userPoolClientId: req.client_id,
    userPoolEndpoint: req.endpoint,
  });
  const orchestrator = cognitoUserPoolsTokenProvider.tokenOrchestrator;
  await orchestrator.clearTokens();
  let wall = 0;
  let cpu = 0;
  for (let i = 0; i < req.iters; i++) {
    const c0 = cpuNs();
    const t0 = process.hrtime.bigint();
    const out = await signIn({ username: req.username, password: req.password });
    wall += Number(process.hrtime.bigint() - t0);
    cpu += cpuNs() - c0;
    if (!out.isSignedIn) throw new Error(`sign-in stopped at ${out.nextStep.signInStep}`);
    await orchestrator.clearTokens(); // signed out locally, outside the timing
  }
  return { ok: true, iters: req.iters, wall_ns: wall, cpu_ns: cpu };
}

const srpCases = { srp_all_identity_js: srpIdentityJs(), srp_all_amplify: srpAmplify() };

async function handle(req) {
  const iters = Math.max(1, req.iters || 1);
  if (srpCases[req.case]) return measure(iters, srpCases[req.case]);
  if (req.case === 'fetch_setup') {
    await fetchSetup(req);
    return { ok: true };
  }
  if (req.case === 'fetch_cached') {
    // Back from the sign-in pool: configure and store the tokens again (not timed).
    if (configured !== 'fetch') await fetchSetup({ tokens: fetchTokens });
    return measure(iters, async () => {
      const s = await fetchAuthSession();
      if (!s.tokens) throw new Error('no tokens');
    });
  }
  if (req.case === 'jwt_amplify') {
    // Amplify's claim decoding (what its token store does for every read of a token).
    return measureSync(iters, () => {
      const jwt = decodeJWT(jwtInput);
      if (!jwt.payload.exp || !jwt.payload.sub) throw new Error('claims missing');
    });
  }
  if (req.case === 'signin') return signinCase({ ...req, iters });
  if (req.case === 'versions') {
    return {
      ok: true,
      node: process.version,
      'aws-amplify': internal('aws-amplify/package.json').version,
      'amazon-cognito-identity-js': internal('amazon-cognito-identity-js/package.json').version,
    };
  }
  throw new Error(`unknown case ${req.case}`);
}

const rl = readline.createInterface({ input: process.stdin });
let queue = Promise.resolve();
rl.on('line', (line) => {
  if (!line.trim()) return;
  queue = queue.then(async () => {
    let answer;
    try {
      answer = await handle(JSON.parse(line));
    } catch (e) {
      answer = { ok: false, error: String((e && e.stack) || e) };
    }
    process.stdout.write(`${JSON.stringify(answer)}\n`);
  });
});
