// A local OpenID Connect provider shaped like the Cognito hosted UI, for the hosted-UI tests
// and `make demo`. The OAuth machinery is panva's certified `oidc-provider` (pinned in
// ../package.json); this file only configures it and adds what Cognito has and it lacks:
//
//   /oauth2/authorize, /oauth2/token, /oauth2/revoke, /oauth2/userInfo   (Cognito's routes)
//   /logout?client_id=…&logout_uri=…                                     (Cognito's sign-out)
//   redirect_uri matched exactly, as Cognito does (oidc-provider lets native clients vary the
//   loopback port, RFC 8252 §7.3, which Cognito does not)
//   PKCE (S256) required for every client; refresh tokens for every code grant, not rotated,
//   surviving /logout (Cognito's defaults)
//   ID tokens with `cognito:username` and `token_use`; JWT access tokens with `username`,
//   `client_id`, `scope`, `token_use`, `origin_jti` (Cognito's access tokens are JWTs)
//   a plain login page (`username`, `password`, a Cancel button that ends in
//   `error=access_denied`), no consent screen
//
// Test-only routes (not Cognito): POST /_test/clients (dynamic client registration, RFC 7591)
// and POST /_test/users {username, password, email?} to create a user.
//
// Environment: PORT (required), HOST (default 127.0.0.1), OIDC_TOKEN_TTL (seconds, default
// 3600), OIDC_USERS (optional JSON array of users to create at start).
import crypto from 'node:crypto';
import http from 'node:http';
import Provider, { errors, interactionPolicy } from 'oidc-provider';

const HOST = process.env.HOST || '127.0.0.1';
const PORT = Number(process.env.PORT);
if (!PORT) {
  console.error('PORT is required');
  process.exit(2);
}
const ISSUER = `http://${HOST}:${PORT}`;
const TOKEN_TTL = Number(process.env.OIDC_TOKEN_TTL || 3600);
const RESOURCE = 'urn:cognito-auth:test-user-pool';
const SCOPES = ['openid', 'email', 'phone', 'profile', 'aws.cognito.signin.user.admin'];

/** username -> { sub, password, email } */
const users = new Map();
function addUser({ username, password, email }) {
  if (typeof username !== 'string' || !username || typeof password !== 'string') {
    throw new Error('username and password are required');
  }
  const user = { sub: crypto.randomUUID(), username, password, email: email || `${username}@example.com` };
  users.set(username, user);
  return user;
}
function userBySub(sub) {
  for (const u of users.values()) if (u.sub === sub) return u;
  return undefined;
}
for (const u of JSON.parse(process.env.OIDC_USERS || '[]')) addUser(u);

const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (title, body) => `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${esc(title)}</title></head><body>${body}</body></html>`;

// No consent screen: oidc-provider asks native clients for consent every time; Cognito never.
const policy = interactionPolicy.base();
policy.get('consent').checks.remove('native_client_prompt');

const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'local-test-key', use: 'sig', alg: 'RS256' };

const provider = new Provider(ISSUER, {
  routes: {
    authorization: '/oauth2/authorize',
    token: '/oauth2/token',
    revocation: '/oauth2/revoke',
    userinfo: '/oauth2/userInfo',
    end_session: '/logout',
    registration: '/_test/clients',
    jwks: '/.well-known/jwks.json',
  },
  jwks: { keys: [signingKey] },
  cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
  scopes: SCOPES,
  claims: {
    openid: ['sub', 'cognito:username', 'token_use'],
    email: ['email', 'email_verified'],
    phone: ['phone_number', 'phone_number_verified'],
    profile: ['name'],
  },
  // Cognito puts the user's claims in the ID token of a code grant.
  conformIdTokenClaims: false,
  extraParams: ['identity_provider', 'idp_identifier', 'lang'],
  clientDefaults: {
    application_type: 'native',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'none',
    id_token_signed_response_alg: 'RS256',
  },
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: false },
    registration: { enabled: true },
    revocation: { enabled: true },
    userinfo: { enabled: true },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource: async (ctx, form) => {
        // A browser submits the confirmation at once (Cognito's /logout asks nothing); the
        // test browser submits the form itself.
        ctx.body = page('Signing out', `${form}<p>Signing out…</p><button type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button><script>var f=document.getElementById('op.logoutForm');var i=document.createElement('input');i.type='hidden';i.name='logout';i.value='yes';f.appendChild(i);f.submit();</script>`);
      },
      postLogoutSuccessSource: async (ctx) => {
        ctx.body = page('Signed out', '<h1>Signed out</h1>');
      },
    },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => RESOURCE,
      useGrantedResource: () => true,
      getResourceServerInfo: (ctx, indicator) => {
        if (indicator !== RESOURCE) throw new errors.InvalidTarget();
        return {
          scope: SCOPES.join(' '),
          audience: RESOURCE,
          accessTokenTTL: TOKEN_TTL,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        };
      },
    },
  },
  ttl: {
    AccessToken: TOKEN_TTL,
    IdToken: TOKEN_TTL,
    AuthorizationCode: 300,
    RefreshToken: 30 * 24 * 3600,
    Interaction: 3600,
    Session: 24 * 3600,
    Grant: 30 * 24 * 3600,
  },
  issueRefreshToken: async (ctx, client) => client.grantTypeAllowed('refresh_token'),
  expiresWithSession: async () => false,
  rotateRefreshToken: () => false,
  extraTokenClaims: async (ctx, token) => {
    if (token.kind !== 'AccessToken') return undefined;
    const user = userBySub(token.accountId);
    // origin_jti: Cognito marks the tokens of app clients with token revocation enabled
    // (the default) with it, the same across refreshes; clients skip RevokeToken without it.
    return { username: user?.username, token_use: 'access', client_id: token.clientId, origin_jti: token.grantId };
  },
  findAccount: async (ctx, sub) => {
    const user = userBySub(sub);
    if (!user) return undefined;
    return {
      accountId: sub,
      claims: async (use) => ({
        sub,
        'cognito:username': user.username,
        token_use: use === 'id_token' ? 'id' : undefined,
        email: user.email,
        email_verified: true,
        name: user.username,
      }),
    };
  },
  // No consent screen: grant what was asked for (Cognito has none either).
  loadExistingGrant: async (ctx) => {
    const { Grant } = ctx.oidc.provider;
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    const grant = (grantId && (await Grant.find(grantId)))
      || new Grant({ accountId: ctx.oidc.session.accountId, clientId: ctx.oidc.client.clientId });
    grant.addOIDCScope([...ctx.oidc.requestParamScopes].join(' '));
    grant.addOIDCClaims(['cognito:username', 'token_use', 'email', 'email_verified', 'name']);
    grant.addResourceScope(RESOURCE, SCOPES.join(' '));
    await grant.save();
    return grant;
  },
  interactions: { policy, url: async (ctx, interaction) => `/login/${interaction.uid}` },
  renderError: async (ctx, out) => {
    ctx.type = 'html';
    ctx.body = page('Error', `<h1 id="error">${esc(out.error)}</h1><p id="error_description">${esc(out.error_description)}</p>`);
  },
});
provider.proxy = false;

function loginPage(uid, params, message) {
  const hint = params.login_hint || '';
  const extras = ['identity_provider', 'idp_identifier', 'lang', 'prompt']
    .filter((k) => params[k])
    .map((k) => `<li id="param-${k}">${esc(k)}=${esc(params[k])}</li>`)
    .join('');
  return page('Sign in', `<h1>Sign in</h1>${message ? `<p id="message">${esc(message)}</p>` : ''}
<ul>${extras}</ul>
<form id="login" method="post" action="/login/${esc(uid)}">
<input id="username" name="username" type="text" value="${esc(hint)}" autofocus>
<input id="password" name="password" type="password">
<button id="submit" type="submit">Sign in</button>
</form>
<form id="cancel" method="post" action="/login/${esc(uid)}/abort"><button id="cancel-button" type="submit">Cancel</button></form>`);
}

async function readBody(req) {
  const chunks = [];
  let size = 0;
  for await (const c of req) {
    size += c.length;
    if (size > 64 * 1024) throw new Error('body too large');
    chunks.push(c);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res, status, type, body) {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

// Cognito matches redirect URIs exactly; refuse anything else before oidc-provider's
// looser native-client loopback rule sees it.
async function redirectMatchesExactly(url) {
  const clientId = url.searchParams.get('client_id');
  const redirectUri = url.searchParams.get('redirect_uri');
  if (!clientId || redirectUri === null) return true; // oidc-provider reports these itself
  const client = await provider.Client.find(clientId).catch(() => undefined);
  if (!client) return true;
  return client.redirectUris.includes(redirectUri);
}

const oidc = provider.callback();

const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url, ISSUER);
    const path = url.pathname;

    if (req.method === 'POST' && path === '/_test/users') {
      const user = addUser(JSON.parse(await readBody(req)));
      return send(res, 200, 'application/json', JSON.stringify({ username: user.username, sub: user.sub }));
    }

    if (path === '/oauth2/authorize' && !(await redirectMatchesExactly(url))) {
      return send(res, 400, 'text/html', page('Error', '<h1 id="error">redirect_mismatch</h1>'));
    }

    if (path === '/logout' && req.method === 'GET') {
      // Cognito: /logout?client_id=…&logout_uri=… ; oidc-provider: post_logout_redirect_uri.
      if (url.searchParams.has('logout_uri')) {
        url.searchParams.set('post_logout_redirect_uri', url.searchParams.get('logout_uri'));
        url.searchParams.delete('logout_uri');
        req.url = `${url.pathname}?${url.searchParams}`;
      }
      return oidc(req, res);
    }

    const login = path.match(/^\/login\/([A-Za-z0-9_-]+)(\/abort)?$/);
    if (login) {
      const details = await provider.interactionDetails(req, res);
      if (details.uid !== login[1]) return send(res, 400, 'text/html', page('Error', 'interaction mismatch'));
      if (req.method === 'GET') {
        return send(res, 200, 'text/html', loginPage(details.uid, details.params));
      }
      if (req.method === 'POST' && login[2]) {
        return provider.interactionFinished(req, res, {
          error: 'access_denied',
          error_description: 'End-User aborted interaction',
        }, { mergeWithLastSubmission: false });
      }
      if (req.method === 'POST') {
        const form = new URLSearchParams(await readBody(req));
        const user = users.get(form.get('username') || '');
        if (!user || user.password !== form.get('password')) {
          return send(res, 200, 'text/html', loginPage(details.uid, details.params, 'Incorrect username or password.'));
        }
        return provider.interactionFinished(req, res, { login: { accountId: user.sub } }, { mergeWithLastSubmission: false });
      }
    }

    return oidc(req, res);
  } catch (err) {
    if (!res.headersSent) send(res, 400, 'text/html', page('Error', `<h1 id="error">${esc(err.name)}</h1><p>${esc(err.message)}</p>`));
  }
});

server.listen(PORT, HOST, () => {
  console.log(`oidc-provider (Cognito-shaped) listening on ${ISSUER}`);
});
