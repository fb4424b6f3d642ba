// SRP vectors from amazon-cognito-identity-js, on the fixed inputs of cases.json.
//
// Drives the library's own CognitoUser.authenticateUser (USER_SRP_AUTH → PASSWORD_VERIFIER),
// CognitoUser.getDeviceResponse (DEVICE_SRP_AUTH → DEVICE_PASSWORD_VERIFIER) and
// AuthenticationHelper.generateHashDevice against a fake transport that answers with the case's
// challenge parameters and records the answers. Only the random private value `a`, the clock and
// the random bytes are pinned. Prints JSON.
// Usage: node tests/srp/cognito_js_vectors.js tests/srp/cases.json
'use strict';
const path = require('path');
const fs = require('fs');
const peers = path.join(__dirname, '..', 'peers', 'node_modules', 'amazon-cognito-identity-js');
const lib = require(peers);
const AuthenticationHelper = require(path.join(peers, 'lib', 'AuthenticationHelper')).default;
const WordArray = require(path.join(peers, 'lib', 'utils', 'WordArray')).default;
const BigInteger = require(path.join(peers, 'lib', 'BigInteger')).default;

// Pinned inputs.
let fixedA = null;
AuthenticationHelper.prototype.generateRandomSmallA = function () {
  return new BigInteger(fixedA, 16);
};
let randomQueue = [];
WordArray.prototype.random = function (nBytes) {
  const bytes = randomQueue.shift();
  if (!bytes || bytes.length !== nBytes) throw new Error(`unexpected random(${nBytes})`);
  const words = [];
  for (let i = 0; i < nBytes; i += 4) words.push(bytes.readUInt32BE(i) | 0);
  return new WordArray(words, nBytes);
};
const RealDate = Date;
let fixedNow = 0;
global.Date = class extends RealDate {
  constructor(...args) {
    if (args.length) super(...args);
    else super(fixedNow);
  }
  static now() {
    return fixedNow;
  }
};

// The key and u the library derived, captured on the way.
let captured = {};
const realKey = AuthenticationHelper.prototype.getPasswordAuthenticationKey;
AuthenticationHelper.prototype.getPasswordAuthenticationKey = function (u, p, b, s, cb) {
  return realKey.call(this, u, p, b, s, (err, hkdf) => {
    if (!err) {
      captured.key = Buffer.from(hkdf).toString('hex');
      captured.u = this.UValue.toString(16);
      captured.srp_a = this.largeAValue.toString(16);
    }
    cb(err, hkdf);
  });
};

function fakeClient(challengeParameters, done) {
  return {
    request(op, req, cb) {
      if (op === 'InitiateAuth') {
        return cb(null, { ChallengeName: 'PASSWORD_VERIFIER', ChallengeParameters: challengeParameters, Session: 's' });
      }
      if (op === 'RespondToAuthChallenge' && req.ChallengeName === 'DEVICE_SRP_AUTH') {
        return cb(null, { ChallengeName: 'DEVICE_PASSWORD_VERIFIER', ChallengeParameters: challengeParameters, Session: 's' });
      }
      if (op === 'RespondToAuthChallenge') {
        done(null, req.ChallengeResponses);
        return cb({ code: 'Stop', message: 'vector captured' });
      }
      return cb({ code: 'Unexpected', message: op });
    },
  };
}

function runCase(start) {
  return new Promise(resolve => {
    captured = {};
    let result = null;
    const done = (err, responses) => {
      result = responses;
    };
    const callback = {
      onSuccess: () => resolve({ error: 'unexpected success' }),
      onFailure: err => {
        if (result) {
          resolve({
            srp_a: captured.srp_a,
            u: captured.u,
            key: captured.key,
            timestamp: result.TIMESTAMP,
            signature: result.PASSWORD_CLAIM_SIGNATURE,
          });
        } else {
          resolve({ error: `${err && err.name ? err.name : 'Error'}: ${err && err.message ? err.message : err}` });
        }
      },
    };
    try {
      start(done, callback);
    } catch (e) {
      resolve({ error: `${e.name}: ${e.message}` });
    }
  });
}

async function userCase(c) {
  fixedA = c.a;
  fixedNow = RealDate.parse(c.time);
  return runCase((done, callback) => {
    const pool = new lib.CognitoUserPool({ UserPoolId: c.pool_id, ClientId: 'client' });
    pool.client = fakeClient(
      { USER_ID_FOR_SRP: c.user_id_for_srp, SRP_B: c.srp_b, SALT: c.salt, SECRET_BLOCK: c.secret_block },
      done
    );
    const user = new lib.CognitoUser({ Username: c.user_id_for_srp, Pool: pool });
    user.authenticateUser(
      new lib.AuthenticationDetails({ Username: c.user_id_for_srp, Password: c.password }),
      callback
    );
  });
}

async function deviceCase(c) {
  fixedA = c.a;
  fixedNow = RealDate.parse(c.time);
  const r = await runCase((done, callback) => {
    const pool = new lib.CognitoUserPool({ UserPoolId: 'us-east-1_device', ClientId: 'client' });
    pool.client = fakeClient(
      { USERNAME: 'user', SRP_B: c.srp_b, SALT: c.salt, SECRET_BLOCK: c.secret_block },
      done
    );
    const user = new lib.CognitoUser({ Username: 'user', Pool: pool });
    user.deviceKey = c.device_key;
    user.deviceGroupKey = c.device_group_key;
    user.randomPassword = c.device_password;
    user.Session = 's';
    user.getDeviceResponse(callback);
  });
  delete r.u;
  delete r.key;
  return r;
}

function verifierCase(c) {
  randomQueue = [Buffer.from(c.random_40, 'hex'), Buffer.from(c.random_16, 'hex')];
  fixedA = '01';
  const helper = new AuthenticationHelper(c.device_group_key);
  return new Promise(resolve => {
    helper.generateHashDevice(c.device_group_key, c.device_key, err => {
      if (err) return resolve({ error: String(err) });
      resolve({
        device_password: helper.getRandomPassword(),
        salt: Buffer.from(helper.getSaltDevices(), 'hex').toString('base64'),
        password_verifier: Buffer.from(helper.getVerifierDevices(), 'hex').toString('base64'),
      });
    });
  });
}

async function main() {
  const cases = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const out = { user: {}, device: {}, verifier: {} };
  for (const c of cases.user) out.user[c.name] = await userCase(c);
  for (const c of cases.device) out.device[c.name] = await deviceCase(c);
  for (const c of cases.verifier) out.verifier[c.name] = await verifierCase(c);
  process.stdout.write(JSON.stringify(out, null, 1) + '\n');
}
main();
