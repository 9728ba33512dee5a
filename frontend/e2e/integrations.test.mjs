// @ts-check
// End-to-end, the integrations against the real server, in Chromium (issue #18): an admin
// creates an API key on its screen (an area takes bill and export away; the secret is shown
// once, copied, and works: `GET /stats` with `X-Api-Key`), gives it a new secret (the old one
// stops working), revokes it (401 after); adds a webhook pointing at a receiver this test runs on
// loopback (plain http is allowed: the server runs in development), completes a parent over the
// API, checks the message's Standard Webhooks signature with the secret shown once, sees the
// delivery in the log as delivered, sends it again (the same webhook-id arrives), turns the
// webhook off (no "Send again"; the API answers 409 webhook_disabled) and deletes it; and the
// dashboard's live stream: scans made over the API show in "scans in the last minute" without a
// reload, a completed parent in the feed, and "live updates paused" while the stream is refused.
// Like the other files it starts its own server and database (support/server.mjs) and
// Debian's Chromium (support/browser.mjs); the steps build on each other, so they run in order.
//
// Run from frontend/: `npx vite build && node --test --test-reporter=spec e2e/integrations.test.mjs`
// (the same variables as `npm run e2e`: TRACETRACK_BIN, TEST_DATABASE_URL, CHROMIUM_PATH).
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { after, before, describe, it } from 'node:test';

import { launchBrowser, SCREENSHOT_DIR, screenshotBoth, VIEWPORTS } from './support/browser.mjs';
import { ADMIN_PASSWORD, apiPost, apiToken, startServer } from './support/server.mjs';

const STEP_TIMEOUT = 90_000;
const KEY_NAME = 'E2E ERP sync';
/** The parent the webhook announces, and the parent the dashboard watches being packed. */
const HOOK_PARENT = 'SB30001';
const LIVE_PARENT = 'SB30002';

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;
/** @type {import('playwright-core').Browser} */
let browser;
/** @type {import('playwright-core').BrowserContext} */
let context;
/** @type {import('playwright-core').Page} */
let page;
/** @type {string[]} */
const pageErrors = [];
/** @type {string[]} */
const cspViolations = [];
/** The admin's token for setting up data over the API. */
let admin = '';

/**
 * What the webhook receiver got.
 * @typedef {{ headers: import('node:http').IncomingHttpHeaders, body: string }} Received
 * @type {Received[]}
 */
const received = [];
/** @type {import('node:http').Server} */
let receiver;
let receiverUrl = '';

/** The secrets read off the screen (shown once). */
const secrets = { key: '', rotated: '', webhook: '' };

/** @param {string} path */
const open = (path) => page.goto(`${server.baseUrl}${path}`);

/**
 * A test step that, when it fails, leaves a screenshot and the page's text behind.
 * @param {() => Promise<void>} body
 * @returns {() => Promise<void>}
 */
function step(body) {
  return async () => {
    try {
      await body();
    } catch (error) {
      const name = `failure-integrations-${Date.now()}`;
      await page?.screenshot({ path: `${SCREENSHOT_DIR}${name}.png`, fullPage: true }).catch(() => undefined);
      const onScreen = await page?.locator('body').innerText().catch(() => '');
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n(screenshot ${name}.png; page text:\n${onScreen})`, {
        cause: error,
      });
    }
  };
}

/** `GET /api/v1/stats` with an API key; the status. @param {string} secret */
async function statsWithKey(secret) {
  const response = await fetch(`${server.baseUrl}/api/v1/stats`, { headers: { 'X-Api-Key': secret } });
  await response.body?.cancel();
  return response.status;
}

/** @param {string} path @param {Record<string, string>} [headers] */
async function apiPostRaw(path, headers = {}) {
  return fetch(`${server.baseUrl}${path}`, { method: 'POST', headers: { Authorization: `Bearer ${admin}`, ...headers } });
}

/** @param {() => boolean} done @param {string} what @param {number} [timeoutMs] */
async function until(done, what, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The secret in the dialog shown once. */
async function secretOnScreen() {
  const dialog = page.getByTestId('secret-dialog');
  await dialog.waitFor();
  await dialog.getByText('It will not be shown again', { exact: false }).waitFor();
  return dialog.getByTestId('issued-secret').inputValue();
}

/**
 * Whether a Standard Webhooks signature holds for this message and secret.
 * @param {Received} message @param {string} secret `whsec_…`
 */
function signatureHolds(message, secret) {
  const id = String(message.headers['webhook-id'] ?? '');
  const timestamp = String(message.headers['webhook-timestamp'] ?? '');
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${message.body}`).digest('base64');
  const sent = String(message.headers['webhook-signature'] ?? '').split(' ');
  return sent.includes(`v1,${expected}`);
}

/** Whether the server has the live stream (it came later than the rest of issue #18). */
async function streamExists() {
  const controller = new AbortController();
  try {
    const response = await fetch(`${server.baseUrl}/api/v1/stream`, {
      headers: { Authorization: `Bearer ${admin}`, Accept: 'text/event-stream' },
      signal: controller.signal,
    });
    return response.ok && (response.headers.get('content-type') ?? '').startsWith('text/event-stream');
  } catch {
    return false;
  } finally {
    controller.abort();
  }
}

/** Packs `count` new children into `parent` over the API, as a scanner would. @param {string} parent @param {number} first @param {number} count */
async function packOverApi(parent, first, count) {
  for (let n = 0; n < count; n += 1) {
    await apiPost(server.baseUrl, admin, '/api/v1/scans/child', { parent_qr: parent, child_qr: String(first + n) });
  }
}

before(async () => {
  receiver = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      response.writeHead(200, { 'Content-Type': 'text/plain' });
      response.end('thanks from the e2e receiver');
    });
  });
  await new Promise((resolve) => receiver.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = receiver.address();
  receiverUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hook`;

  server = await startServer();
  admin = await apiToken(server.baseUrl, 'admin', ADMIN_PASSWORD);
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: VIEWPORTS.desktop });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.baseUrl });
  await context.exposeBinding('__tracetrackCspViolation', (_source, /** @type {string} */ text) => {
    cspViolations.push(text);
  });
  await context.addInitScript(() => {
    document.addEventListener(
      'securitypolicyviolation',
      (event) => {
        const report = /** @type {{ __tracetrackCspViolation?: (text: string) => void }} */ (/** @type {unknown} */ (window));
        void report.__tracetrackCspViolation?.(`${location.pathname}: ${event.effectiveDirective} blocked ${event.blockedURI || 'inline'}`);
      },
      true,
    );
  });
  page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to /i.test(message.text())) cspViolations.push(`console: ${message.text()}`);
  });
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await new Promise((resolve) => (receiver ? receiver.close(() => resolve(undefined)) : resolve(undefined)));
});

describe('TraceTrack integrations against the real server', { timeout: 6 * 60_000 }, () => {
  it('signs the admin in', { timeout: STEP_TIMEOUT }, step(async () => {
    await open('/login');
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByLabel('Password').press('Enter');
    await page.getByTestId('current-user').waitFor({ state: 'attached' });
  }));

  it('creates an API key: an area takes bill and export away; the secret is shown once and works', { timeout: STEP_TIMEOUT }, step(async () => {
    await open('/admin');
    await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'API keys' }).click();
    await page.getByRole('heading', { name: 'API keys' }).waitFor();
    await page.getByText('No API keys yet.').waitFor();
    await page.getByRole('button', { name: 'New API key' }).click();
    const form = page.getByRole('form', { name: 'New API key' });

    // Nothing typed: the client's checks, nothing sent.
    await form.getByLabel('Name').fill(' ');
    await form.getByRole('checkbox', { name: 'Read' }).uncheck();
    await form.getByRole('button', { name: 'Create key' }).click();
    await form.getByText('is required').waitFor();
    await form.getByText('choose at least one').waitFor();

    // An area: bill and export cannot be chosen (and are taken away); every area: they can.
    await form.getByLabel('Name').fill(KEY_NAME);
    await form.getByRole('checkbox', { name: 'Read' }).check();
    await form.getByRole('checkbox', { name: 'Bills and returns' }).check();
    await form.getByLabel('Area').selectOption('jaipur');
    assert.equal(await form.getByRole('checkbox', { name: 'Bills and returns' }).isDisabled(), true);
    assert.equal(await form.getByRole('checkbox', { name: 'Exports and documents' }).isDisabled(), true);
    assert.equal(await form.getByRole('checkbox', { name: 'Bills and returns' }).isChecked(), false);
    await form.getByLabel('Area').selectOption('');
    assert.equal(await form.getByRole('checkbox', { name: 'Bills and returns' }).isDisabled(), false);
    await form.getByRole('checkbox', { name: 'EPCIS feed' }).check();
    await form.getByLabel('Requests per minute').fill('0');
    await form.getByRole('button', { name: 'Create key' }).click();
    await form.getByText('A whole number from 1 to 10,00,000.').waitFor();
    await form.getByLabel('Requests per minute').fill('600');

    const [created] = await Promise.all([
      page.waitForResponse((response) => response.url().endsWith('/api/v1/api-keys') && response.request().method() === 'POST'),
      form.getByRole('button', { name: 'Create key' }).click(),
    ]);
    assert.equal(created.status(), 201);
    assert.deepEqual((await created.json()).scopes, ['read', 'epcis']);

    secrets.key = await secretOnScreen();
    assert.match(secrets.key, /^tt_/);
    const dialog = page.getByTestId('secret-dialog');
    await dialog.getByText('X-Api-Key', { exact: true }).waitFor();
    await dialog.getByRole('button', { name: 'Copy' }).click();
    await dialog.getByText('Copied.').waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), secrets.key);
    await screenshotBoth(page, 'api-key-secret');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'hidden' });
    // Shown once: nowhere on the page any more.
    assert.equal(await page.getByText(secrets.key).count(), 0);

    const row = page.getByTestId('api-keys').locator(`tr[data-name="${KEY_NAME}"]`);
    await row.waitFor();
    const rowText = await row.innerText();
    assert.match(rowText, /Read, EPCIS feed/);
    assert.match(rowText, /600 a minute/);
    assert.ok(rowText.includes(secrets.key.slice(0, 6)), `the row shows the key's start: ${rowText}`);
    await screenshotBoth(page, 'api-keys');

    // The key works: GET /stats with X-Api-Key.
    assert.equal(await statsWithKey(secrets.key), 200);
  }));

  it('gives the key a new secret after a question: the old one stops working', { timeout: STEP_TIMEOUT }, step(async () => {
    const row = page.getByTestId('api-keys').locator(`tr[data-name="${KEY_NAME}"]`);
    await row.getByRole('button', { name: `New secret ${KEY_NAME}` }).click();
    await page.getByRole('dialog', { name: `Give ${KEY_NAME} a new secret?` }).getByRole('button', { name: 'New secret' }).click();
    secrets.rotated = await secretOnScreen();
    assert.notEqual(secrets.rotated, secrets.key);
    assert.equal(await statsWithKey(secrets.key), 401);
    assert.equal(await statsWithKey(secrets.rotated), 200);

    // Closing without copying asks first.
    const dialog = page.getByTestId('secret-dialog');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.getByText('You have not copied the secret').waitFor();
    await dialog.getByRole('button', { name: 'Go back' }).click();
    await dialog.getByTestId('issued-secret').waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.getByRole('button', { name: 'Close anyway' }).click();
    await dialog.waitFor({ state: 'hidden' });
  }));

  it('revokes the key after a question: it answers 401 from then on', { timeout: STEP_TIMEOUT }, step(async () => {
    const row = page.getByTestId('api-keys').locator(`tr[data-name="${KEY_NAME}"]`);
    await row.getByRole('button', { name: `Revoke ${KEY_NAME}` }).click();
    await page.getByRole('dialog', { name: `Revoke ${KEY_NAME}?` }).getByRole('button', { name: 'Revoke' }).click();
    await page.getByText(`Key ${KEY_NAME} revoked`).waitFor();
    await row.waitFor({ state: 'detached' });
    assert.equal(await statsWithKey(secrets.rotated), 401);

    await page.getByLabel('Show revoked keys').check();
    const revoked = page.getByTestId('api-keys').locator(`tr[data-name="${KEY_NAME}"][data-revoked="true"]`);
    await revoked.getByText(/^Revoked /).waitFor();
    assert.equal(await revoked.getByRole('button').count(), 0, 'a revoked key offers nothing more');
  }));

  it('adds a webhook to a local receiver: the signing secret is shown once with how to check it', { timeout: STEP_TIMEOUT }, step(async () => {
    await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { name: 'Webhooks' }).waitFor();
    await page.getByRole('button', { name: 'New webhook' }).click();
    const form = page.getByRole('form', { name: 'New webhook' });
    await form.getByRole('button', { name: 'Add webhook' }).click();
    await form.getByText('is required').waitFor();
    await form.getByText('choose at least one').waitFor();

    await form.getByLabel('URL').fill(receiverUrl);
    await form.getByRole('checkbox', { name: 'Parent completed' }).check();
    await form.getByRole('checkbox', { name: 'Bill completed' }).check();
    await form.getByLabel('Description').fill('E2E receiver');
    await form.getByRole('button', { name: 'Add webhook' }).click();

    secrets.webhook = await secretOnScreen();
    assert.match(secrets.webhook, /^whsec_/);
    const dialog = page.getByTestId('secret-dialog');
    await dialog.getByText('HMAC-SHA256', { exact: false }).waitFor();
    await dialog.getByText('webhook-id.webhook-timestamp.body').waitFor();
    await dialog.getByRole('button', { name: 'Copy' }).click();
    await dialog.getByText('Copied.').waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const row = page.getByTestId('webhooks').locator(`tr[data-url="${receiverUrl}"]`);
    await row.waitFor();
    assert.match(await row.innerText(), /Parent completed, Bill completed/);
    await screenshotBoth(page, 'webhooks');
  }));

  it('announces a completed parent, signed, and the log shows it delivered; "Send again" sends it once more', { timeout: STEP_TIMEOUT }, step(async () => {
    await apiPost(server.baseUrl, admin, '/api/v1/scans/parent', { qr: HOOK_PARENT, area: 'jaipur' });
    await packOverApi(HOOK_PARENT, 300001, 2);
    const completed = await apiPostRaw(`/api/v1/parents/${HOOK_PARENT}/complete`);
    assert.equal(completed.status, 200, await completed.text());

    await until(() => received.length >= 1, 'the receiver to get the message');
    const first = received[0];
    assert.ok(first);
    const message = JSON.parse(first.body);
    assert.equal(message.type, 'parent.completed');
    assert.equal(message.data.parent_qr ?? message.data.bag_qr, HOOK_PARENT);
    assert.ok(signatureHolds(first, secrets.webhook), 'the signature checks out with the secret shown once');
    assert.ok(!signatureHolds(first, `whsec_${Buffer.from('not the secret, 32 bytes long!!!').toString('base64')}`));

    await page.getByTestId('webhooks').locator(`tr[data-url="${receiverUrl}"]`).getByRole('link', { name: /^Open/ }).click();
    await page.getByRole('heading', { name: 'Delivery log' }).waitFor();
    const delivered = page.getByTestId('deliveries').locator('tr[data-type="parent.completed"][data-state="delivered"]');
    for (let tries = 0; (await delivered.count()) === 0; tries += 1) {
      if (tries > 20) throw new Error('the delivery never showed as delivered');
      await page.getByRole('button', { name: 'Refresh' }).click();
      await page.waitForTimeout(500);
    }
    const deliveredText = await delivered.first().innerText();
    assert.match(deliveredText, /Parent completed/);
    assert.match(deliveredText, /Delivered/);
    assert.match(deliveredText, /\b200\b/);
    assert.match(deliveredText, /thanks from the e2e receiver/);
    // The subscription read again with the log: delivered, nothing waiting.
    await page.getByTestId('webhook-details').getByText('Never').waitFor({ state: 'detached' });
    await screenshotBoth(page, 'webhook-log');

    await delivered.first().getByRole('button', { name: 'Send again' }).click();
    await page.getByText('will be sent again in a moment').waitFor();
    await until(() => received.length >= 2, 'the message sent again');
    assert.equal(received[1]?.headers['webhook-id'], first.headers['webhook-id'], 'the same webhook-id on every attempt');
  }));

  it('turns the webhook off (no "Send again"; the API answers webhook_disabled), on again, then deletes it', { timeout: STEP_TIMEOUT }, step(async () => {
    await page.getByRole('button', { name: 'Turn off' }).click();
    await page.getByText('Turned off').waitFor();
    await page.locator('[data-testid="webhook-status"][data-enabled="false"]').waitFor();
    await page.getByText('This webhook is off').waitFor();
    const row = page.getByTestId('deliveries').locator('tr[data-type="parent.completed"]').first();
    assert.equal(await row.getByRole('button', { name: 'Send again' }).isDisabled(), true);

    const id = new URL(page.url()).pathname.split('/').at(-1);
    const deliveryId = (await (await fetch(`${server.baseUrl}/api/v1/webhooks/${id}/deliveries`, { headers: { Authorization: `Bearer ${admin}` } })).json())[0].id;
    const refused = await apiPostRaw(`/api/v1/webhooks/${id}/deliveries/${deliveryId}/redeliver`);
    assert.equal(refused.status, 409);
    assert.equal((await refused.json()).code, 'webhook_disabled');

    await page.getByRole('button', { name: 'Turn on' }).click();
    await page.locator('[data-testid="webhook-status"][data-enabled="true"]').waitFor();

    await page.getByRole('button', { name: 'Delete webhook' }).click();
    await page.getByRole('dialog', { name: 'Delete this webhook?' }).getByRole('button', { name: 'Delete webhook' }).click();
    await page.getByRole('heading', { name: 'Webhooks' }).waitFor();
    await page.getByText('No webhooks yet.').waitFor();
  }));

  it('shows scans made over the API on the dashboard live, without a reload; pauses and polls while the stream is down', { timeout: STEP_TIMEOUT }, async (t) => {
    if (!(await streamExists())) {
      t.skip('this server has no GET /api/v1/stream yet');
      return;
    }
    await step(async () => {
      await open('/');
      const status = page.getByTestId('live-status');
      await page.locator('[data-testid="live-status"][data-state="open"]').waitFor({ timeout: 15_000 });
      assert.equal(await status.innerText(), 'Live');
      // A mark in this document: still there later means no reload happened.
      await page.evaluate(() => {
        /** @type {{ __noReload?: boolean }} */ (/** @type {unknown} */ (window)).__noReload = true;
      });
      const figure = page.getByTestId('scans-last-minute');
      await figure.filter({ hasText: /^\d+$/ }).waitFor({ timeout: 15_000 });
      const before = Number(await figure.innerText());

      await apiPost(server.baseUrl, admin, '/api/v1/scans/parent', { qr: LIVE_PARENT, area: 'lucknow' });
      await packOverApi(LIVE_PARENT, 300101, 3);
      await page.waitForFunction(
        (expected) => Number(document.querySelector('[data-testid="scans-last-minute"]')?.textContent ?? '0') >= expected,
        before + 3,
        { timeout: 20_000 },
      );
      await page.getByTestId('scans-last-minute-areas').locator('li[data-area="lucknow"]').waitFor();

      // A change is announced and the feed shows it, in words.
      const completed = await apiPostRaw(`/api/v1/parents/${LIVE_PARENT}/complete`);
      assert.equal(completed.status, 200);
      await page.getByTestId('live-feed').locator('li[data-kind="parent_completed"]').filter({ hasText: LIVE_PARENT }).waitFor({ timeout: 15_000 });
      await page.getByTestId('live-feed').getByText('Parent completed').first().waitFor();
      // The change had the figures read again (once more after the server's 5 s cache): lucknow's parent is counted.
      await page.getByTestId('stats').locator('td[data-label="Area"]', { hasText: 'lucknow' }).waitFor({ timeout: 15_000 });
      assert.equal(await page.evaluate(() => /** @type {{ __noReload?: boolean }} */ (/** @type {unknown} */ (window)).__noReload), true);
      await screenshotBoth(page, 'dashboard-live');

      // The stream refused: "live updates paused", and the figures polled meanwhile.
      await page.route('**/api/v1/stream', (route) => route.fulfill({ status: 503, contentType: 'application/problem+json', body: '{}' }));
      await page.reload();
      await page.locator('[data-testid="live-status"][data-state="paused"]').waitFor({ timeout: 15_000 });
      assert.equal(await status.innerText(), 'Live updates paused');
      await page.getByTestId('stats-as-of').getByText('refreshes every 30 s').waitFor();
      await page.unroute('**/api/v1/stream');
      // Back within the pauses (1 s, 2 s, 4 s …).
      await page.locator('[data-testid="live-status"][data-state="open"]').waitFor({ timeout: 20_000 });
      await page.getByTestId('stats-as-of').getByText('kept up to date live').waitFor();
    })();
  });

  it('raised no errors in the page, and no Content-Security-Policy violation', () => {
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(cspViolations, []);
  });
});
