// amazon-cognito-identity-js doing the same SRP work as core/benches/srp.rs: A = g^a, then the
// key (g^x and S). Usage: node tests/srp/bench_js.js
'use strict';
const path = require('path');
const peers = path.join(__dirname, '..', 'peers', 'node_modules', 'amazon-cognito-identity-js', 'lib');
const AuthenticationHelper = require(path.join(peers, 'AuthenticationHelper')).default;
const BigInteger = require(path.join(peers, 'BigInteger')).default;
const B = new BigInteger('c0ffee0123456789abcdef0123456789abcdef'.repeat(20), 16);
const salt = new BigInteger('3f1e2d3c4b5a6978', 16);
const n = 10;
const t = process.hrtime.bigint();
let done = 0;
for (let i = 0; i < n; i++) {
  const h = new AuthenticationHelper('AbCdEfGhI'); // computes A = g^a
  h.getPasswordAuthenticationKey('alice', 'Corr3ct-Horse!', B, salt, () => { done++; });
}
const ms = Number(process.hrtime.bigint() - t) / 1e6 / n;
console.log(`amazon-cognito-identity-js all three modexps + hashing: ${ms.toFixed(2)} ms (${done} runs)`);
