#!/usr/bin/env node
// A `$BROWSER` for tests and `make demo`: opens the URL in headless Chromium (Debian's
// /usr/bin/chromium, driven by playwright-core; no browser download), signs in on the local
// provider's login page when one appears, and waits for the app's loopback page
// ("…close this window…"). Usage, as `$BROWSER` is run: browser.mjs URL
//
// Environment: OIDC_LOGIN_USERNAME / OIDC_LOGIN_PASSWORD (credentials to type),
// COGNITO_AUTH_CHROMIUM (default /usr/bin/chromium), BROWSER_LOG (append a trace here),
// BROWSER_TIMEOUT_MS (default 60000).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const url = process.argv[2];
const log = (msg) => {
  if (process.env.BROWSER_LOG) fs.appendFileSync(process.env.BROWSER_LOG, `[browser] ${msg}\n`);
};
if (!url) {
  console.error('usage: browser.mjs URL');
  process.exit(2);
}
const timeout = Number(process.env.BROWSER_TIMEOUT_MS || 60000);
const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cognito-auth-chromium-'));
let context;
let code = 1;
try {
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.COGNITO_AUTH_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
    timeout,
  });
  const page = context.pages()[0] || (await context.newPage());
  page.setDefaultTimeout(timeout);
  log(`open ${new URL(url).origin}${new URL(url).pathname}`);
  await page.goto(url);
  const deadline = Date.now() + timeout;
  let signedIn = false;
  for (;;) {
    if (Date.now() > deadline) throw new Error(`timed out at ${page.url()}`);
    const done = page.locator('p#message', { hasText: 'close this window' });
    if (await done.count()) {
      log(`done: ${await done.first().textContent()}`);
      code = 0;
      break;
    }
    if (!signedIn && (await page.locator('form#login').count())) {
      const user = process.env.OIDC_LOGIN_USERNAME;
      if (!user) throw new Error('a login page, and no OIDC_LOGIN_USERNAME');
      await page.fill('#username', user);
      await page.fill('#password', process.env.OIDC_LOGIN_PASSWORD || '');
      log(`login as ${user}`);
      signedIn = true;
      await page.click('#submit');
      continue;
    }
    if (await page.locator('h1#error').count()) {
      throw new Error(`provider error: ${await page.locator('body').textContent()}`);
    }
    await page.waitForTimeout(100);
  }
} catch (err) {
  log(`failed: ${err.message}`);
  console.error(err.message);
} finally {
  await context?.close().catch(() => {});
  fs.rmSync(userDataDir, { recursive: true, force: true });
}
process.exit(code);
