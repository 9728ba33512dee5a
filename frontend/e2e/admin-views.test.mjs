// @ts-check
// End-to-end, the admin's views against the real server, in Chromium: a bill's texts changed
// on the bill screen (the client's check, the server's refusals on their field and as a notice,
// then saved), and the audit trail read as words — the action chosen in plain words, a person,
// a range of the site's days, each change old → new, no password anywhere; the bag list exported
// with its filter (the browser's own download of only the filtered rows, no blob: address; a
// biller is offered no export). Like app.test.mjs it
// starts its own server and database (support/server.mjs) and Debian's Chromium
// (support/browser.mjs); the steps build on each other, so they run in order.
//
// Run from frontend/: `npx vite build && node --test --test-reporter=spec e2e/admin-views.test.mjs`
// (the same variables as `npm run e2e`: TRACETRACK_BIN, TEST_DATABASE_URL, CHROMIUM_PATH).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';

import { launchBrowser, SCREENSHOT_DIR, screenshotBoth, VIEWPORTS } from './support/browser.mjs';
import { ADMIN_PASSWORD, apiGet, apiPost, apiToken, startServer } from './support/server.mjs';

const STEP_TIMEOUT = 90_000;
/** A dispatcher the admin later makes a biller, with a new password that must never be shown. */
const MEENA = { username: 'meena.e2e', password: 'Meena-E2e-2026!', display_name: 'Meena' };
const MEENA_NEW_PASSWORD = 'Meena-Changed-2026?';
const BILL = 'E2E-TEXT-1';
/** Deleted while its form is open: the server's refusal. */
const GONE_BILL = 'E2E-TEXT-2';
/** Parents for the bag list's export: the filter (jaipur) keeps the first two only. */
const JAIPUR_PARENTS = ['SB20001', 'SB20003'];
const LUCKNOW_PARENT = 'SB20002';

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
/** @type {string} */
let meenaId = '';

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
      const name = `failure-admin-views-${Date.now()}`;
      await page?.screenshot({ path: `${SCREENSHOT_DIR}${name}.png`, fullPage: true }).catch(() => undefined);
      const onScreen = await page?.locator('body').innerText().catch(() => '');
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n(screenshot ${name}.png; page text:\n${onScreen})`, {
        cause: error,
      });
    }
  };
}

/** @param {string} username @param {string} password */
async function logIn(username, password) {
  await open('/login');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByLabel('Password').press('Enter');
  await page.getByTestId('current-user').waitFor({ state: 'attached' });
}

/**
 * PATCH over the API as `token` (support/server.mjs has GET and POST only).
 * @param {string} token @param {string} path @param {unknown} body
 * @returns {Promise<any>}
 */
async function apiPatch(token, path, body) {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method: 'PATCH',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`PATCH ${path} failed: ${response.status} ${await response.text()}`);
  return response.json();
}

/** @param {string} token @param {string} path */
async function apiDelete(token, path) {
  const response = await fetch(`${server.baseUrl}${path}`, { method: 'DELETE', headers: { Authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`DELETE ${path} failed: ${response.status} ${await response.text()}`);
}

/** The `action` of every row of the audit trail on screen. */
function auditActions() {
  return page.getByTestId('audit-trail').locator('tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-action')));
}

/**
 * Waits for the audit trail's next request that has query parameter `name`, and returns its value.
 * @param {string} name
 */
function nextAuditQuery(name) {
  return page
    .waitForRequest((request) => {
      const url = new URL(request.url());
      return url.pathname === '/api/v1/audit' && url.searchParams.has(name);
    })
    .then((request) => new URL(request.url()).searchParams.get(name));
}

/** The blob: addresses the page made so far (URL.createObjectURL is counted from the start). */
function blobUrlsMade() {
  return page.evaluate(() => /** @type {{ __blobUrls?: string[] }} */ (/** @type {unknown} */ (window)).__blobUrls ?? []);
}

/** `YYYY-MM-DD` shifted by `days`. @param {string} day @param {number} days */
function shiftDay(day, days) {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, (date ?? 1) + days)).toISOString().slice(0, 10);
}

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: VIEWPORTS.desktop, acceptDownloads: true });
  // Counts every blob: address the app makes, before any of its code runs (exports make none).
  await context.addInitScript(() => {
    const made = /** @type {string[]} */ ([]);
    /** @type {{ __blobUrls?: string[] }} */ (/** @type {unknown} */ (window)).__blobUrls = made;
    const original = URL.createObjectURL.bind(URL);
    URL.createObjectURL = (object) => {
      const url = original(object);
      made.push(url);
      return url;
    };
  });
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

  // What the steps read: two bills, and a dispatcher who signs in, then is made a biller with a
  // new password by the admin (a `user_updated` entry whose before and after differ).
  const admin = await apiToken(server.baseUrl, 'admin', ADMIN_PASSWORD);
  await apiPost(server.baseUrl, admin, '/api/v1/bills', { bill_id: BILL, capacity: 2, destination: 'Jaipur C&F', vehicle_number: 'RJ14 GB 1234' });
  await apiPost(server.baseUrl, admin, '/api/v1/bills', { bill_id: GONE_BILL, capacity: 1 });
  const meena = /** @type {{ id: string }} */ (
    await apiPost(server.baseUrl, admin, '/api/v1/users', { ...MEENA, role: 'dispatcher', area: 'lucknow' })
  );
  meenaId = meena.id;
  await apiToken(server.baseUrl, MEENA.username, MEENA.password);
  await apiPatch(admin, `/api/v1/users/${meenaId}`, { role: 'biller', password: MEENA_NEW_PASSWORD });
  for (const qr of [JAIPUR_PARENTS[0], LUCKNOW_PARENT, JAIPUR_PARENTS[1]]) {
    await apiPost(server.baseUrl, admin, '/api/v1/scans/parent', { qr, area: qr === LUCKNOW_PARENT ? 'lucknow' : 'jaipur' });
  }
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('TraceTrack admin views against the real server', { timeout: 5 * 60_000 }, () => {
  it('signs the admin in', { timeout: STEP_TIMEOUT }, step(async () => {
    await logIn('admin', ADMIN_PASSWORD);
  }));

  it('edits a bill’s texts: the client’s check, the server’s refusals on the field and as a notice, then saved', { timeout: STEP_TIMEOUT }, step(async () => {
    await open(`/bills/${BILL}`);
    await page.getByRole('heading', { name: `Bill ${BILL}` }).waitFor();
    await page.getByRole('button', { name: 'Edit details' }).click();
    const form = page.getByRole('form', { name: 'Bill details' });
    assert.equal(await form.getByLabel('Destination').inputValue(), 'Jaipur C&F');
    assert.equal(await form.getByLabel('Vehicle number').inputValue(), 'RJ14 GB 1234');

    // Too long for the API (UpdateBill.vehicle_number, 40): refused here, nothing sent.
    /** @type {string[]} */
    const patches = [];
    page.on('request', (request) => {
      if (request.method() === 'PATCH' && new URL(request.url()).pathname === `/api/v1/bills/${BILL}`) patches.push(request.url());
    });
    await form.getByLabel('Vehicle number').fill('X'.repeat(41));
    await form.getByRole('button', { name: 'Save details' }).click();
    assert.equal(await page.locator('#bill-text-vehicle_number-error').textContent(), 'must be at most 40 characters');
    assert.deepEqual(patches, []);

    // The server's field message lands on its field. The client already checks every rule the
    // server has for these texts, so this refusal is simulated for one call.
    await page.route((url) => url.pathname === `/api/v1/bills/${BILL}`, async (route) => {
      if (route.request().method() !== 'PATCH') return route.fallback();
      return route.fulfill({
        status: 422,
        contentType: 'application/problem+json',
        body: JSON.stringify({
          type: 'urn:tracetrack:problem:validation_failed', title: 'Unprocessable Content', status: 422, code: 'validation_failed',
          detail: 'invalid request', message: 'invalid request', instance: 'urn:tracetrack:request:e2e', request_id: 'e2e',
          details: { fields: [{ field: 'vehicle_number', message: 'is not a vehicle number this site knows' }] },
        }),
      });
    });
    await form.getByLabel('Vehicle number').fill('RJ14 GB 9999');
    await form.getByRole('button', { name: 'Save details' }).click();
    await page.locator('#bill-text-vehicle_number-error').getByText('is not a vehicle number this site knows').waitFor();
    await form.getByRole('alert').getByText('Please correct the marked fields.').waitFor();
    await page.unrouteAll();

    // Saved for real: the form closes and the bill shows the new texts.
    await form.getByLabel('Description').fill('  Rice, 40 parents ');
    await form.getByRole('button', { name: 'Save details' }).click();
    await page.getByRole('status').getByText('Details saved.').waitFor();
    await page.getByTestId('bill-status').getByText('vehicle RJ14 GB 9999').waitFor();
    await page.getByTestId('bill-status').getByText('Rice, 40 parents').waitFor();
    const admin = await apiToken(server.baseUrl, 'admin', ADMIN_PASSWORD);
    const saved = await apiGet(server.baseUrl, admin, `/api/v1/bills/${BILL}`);
    assert.equal(saved.vehicle_number, 'RJ14 GB 9999');
    assert.equal(saved.description, 'Rice, 40 parents');
    assert.equal(saved.destination, 'Jaipur C&F', 'a text not changed is not sent, and keeps its value');
    await screenshotBoth(page, 'bill-texts');

    // A real refusal: the bill was deleted meanwhile; the server's words show in the form, which stays open.
    await open(`/bills/${GONE_BILL}`);
    await page.getByRole('button', { name: 'Edit details' }).click();
    await form.getByLabel('Destination').fill('Kota');
    await apiDelete(admin, `/api/v1/bills/${GONE_BILL}`);
    const refused = page.waitForResponse((response) => response.request().method() === 'PATCH' && new URL(response.url()).pathname === `/api/v1/bills/${GONE_BILL}`);
    await form.getByRole('button', { name: 'Save details' }).click();
    assert.equal((await refused).status(), 404);
    await form.getByRole('alert').waitFor();
    assert.notEqual((await form.getByRole('alert').innerText()).trim(), '');
    assert.equal(await form.getByLabel('Destination').inputValue(), 'Kota');
  }));

  it('shows the audit trail in words: actions, who, each change old → new, and never a password', { timeout: STEP_TIMEOUT }, step(async () => {
    await open('/admin');
    const trail = page.getByTestId('audit-trail');
    await trail.locator('tr[data-action="bill_updated"]').first().waitFor();

    // The bill's change: only what changed, field by field, in words.
    const billRow = trail.locator('tr[data-action="bill_updated"]').filter({ hasText: BILL });
    assert.equal(await billRow.getByRole('cell').nth(2).textContent(), 'Bill changed');
    assert.equal(await billRow.locator('li[data-field="vehicle_number"]').textContent(), 'Vehicle number: RJ14 GB 1234 → RJ14 GB 9999');
    assert.equal(await billRow.locator('li[data-field="description"]').textContent(), 'Description: (empty) → Rice, 40 parents');
    assert.equal(await billRow.locator('li[data-change]').count(), 2, 'unchanged fields are not listed');

    // The user's change: role in words; the new password is nowhere on the page.
    const userRow = trail.locator('tr[data-action="user_updated"]').first();
    assert.equal(await userRow.getByRole('cell').nth(3).textContent(), `user ${MEENA.username}`);
    assert.equal(await userRow.locator('li[data-field="role"]').textContent(), 'Role: Dispatcher → Biller');
    assert.match((await userRow.locator('li[data-field="area"]').textContent()) ?? '', /^Area: lucknow (→ \(empty\)|\(removed\))$/);
    const everything = await page.locator('body').innerText();
    assert.ok(!everything.includes(MEENA_NEW_PASSWORD) && !everything.includes(MEENA.password), 'a password is on the page');
    assert.doesNotMatch(everything, /argon2|password_hash/i);
    // No raw JSON left in the "Change" column.
    for (const change of await trail.locator('td.audit__change').allTextContents()) assert.doesNotMatch(change, /[{}]|":/);
    await screenshotBoth(page, 'audit-trail');
  }));

  it('filters the audit trail by an action in words, by a person and by the site’s days', { timeout: STEP_TIMEOUT }, step(async () => {
    const trail = page.getByTestId('audit-trail');
    const action = page.getByLabel('Action', { exact: true });
    // Plain words to choose from; the API is sent the code.
    assert.ok((await action.locator('option').allTextContents()).includes('Sign-in failed'));
    const sent = nextAuditQuery('action');
    await action.selectOption({ label: 'User changed' });
    assert.equal(await sent, 'user_updated');
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('[data-testid="audit-trail"] tbody tr')];
      return rows.length > 0 && rows.every((row) => row.getAttribute('data-action') === 'user_updated');
    });
    await action.selectOption({ label: 'Any action' });

    // A person, from the select: only their actions (Meena signed in once).
    const actor = nextAuditQuery('actor');
    await page.getByLabel('Who', { exact: true }).selectOption({ label: `${MEENA.username} · ${MEENA.display_name}` });
    assert.equal(await actor, meenaId);
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('[data-testid="audit-trail"] tbody tr')];
      return rows.length > 0 && rows.every((row) => row.getAttribute('data-action') === 'login');
    });
    assert.deepEqual([...new Set(await auditActions())], ['login']);
    await page.getByRole('button', { name: /meena\.e2e.*show everyone/ }).click();
    await trail.locator('tr[data-action="bill_updated"]').first().waitFor();

    // … or by pressing a name in the list.
    const pressed = nextAuditQuery('actor');
    await trail.getByRole('button', { name: /^admin/ }).first().click();
    await page.getByRole('button', { name: /admin.*show everyone/ }).waitFor();
    assert.notEqual(await pressed, meenaId);
    await page.waitForFunction(() => {
      const who = [...document.querySelectorAll('[data-testid="audit-trail"] tbody td[data-label="Who"]')];
      return who.length > 0 && who.every((cell) => cell.textContent?.startsWith('admin'));
    });
    await page.getByRole('button', { name: /admin.*show everyone/ }).click();

    // Days are the site's: "From day" today is sent as the site's midnight.
    const site = await apiGet(server.baseUrl, await apiToken(server.baseUrl, 'admin', ADMIN_PASSWORD), '/api/v1/site');
    /** @type {string} */
    const today = site.today;
    const from = nextAuditQuery('from');
    await page.getByLabel('From day').fill(today);
    assert.equal(await from, new Date(`${today}T00:00:00${site.utc_offset}`).toISOString());
    await trail.locator('tr[data-action="bill_updated"]').first().waitFor();

    // "To day" today includes all of today: sent as the next midnight.
    const to = nextAuditQuery('to');
    await page.getByLabel('To day').fill(today);
    assert.equal(await to, new Date(`${shiftDay(today, 1)}T00:00:00${site.utc_offset}`).toISOString());
    await trail.locator('tr[data-action="bill_updated"]').first().waitFor();

    // From tomorrow: nothing yet.
    await page.getByLabel('To day').fill('');
    await page.getByLabel('From day').fill(shiftDay(today, 1));
    await page.getByText('No audited actions.').waitFor();

    // The wrong way round: said on "To day", nothing asked.
    await page.getByLabel('To day').fill(today);
    assert.equal(await page.locator('#audit-to-error').textContent(), 'must not be before “From day”');
    await page.getByText('Choose a “To day” on or after the “From day”.').waitFor();
    await page.getByLabel('From day').fill('');
    await page.getByLabel('To day').fill('');
    await trail.locator('tr[data-action="bill_updated"]').first().waitFor();
    await screenshotBoth(page, 'audit-filters');
  }));

  it('exports the bag list with its filter: the browser’s own download of only the filtered rows, no blob', { timeout: STEP_TIMEOUT }, step(async () => {
    await open('/bags');
    const rows = page.locator('tbody tr');
    await rows.filter({ hasText: LUCKNOW_PARENT }).waitFor();
    await page.getByLabel('Area', { exact: true }).selectOption({ label: 'Jaipur' });
    await page.waitForFunction((count) => {
      const areas = [...document.querySelectorAll('tbody td[data-label="Area"]')].map((cell) => cell.textContent);
      return areas.length === count && areas.every((area) => area === 'jaipur');
    }, JAIPUR_PARENTS.length);
    assert.match(page.url(), /[?&]area=jaipur\b/, 'the filter is in the address bar');
    const blobsBefore = (await blobUrlsMade()).length;

    const linkGiven = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/v1/exports/links');
    const downloaded = page.waitForEvent('download');
    await page.getByTestId('bags-export').getByRole('button', { name: 'Export CSV' }).click();
    const given = new URL((await (await linkGiven).json()).url, server.baseUrl);
    assert.equal(given.pathname, '/api/v1/exports/bags.csv');
    assert.deepEqual([...given.searchParams.keys()], ['area', 'download_token'], 'exactly the screen’s filter, and the token');
    assert.equal(given.searchParams.get('area'), 'jaipur');
    const download = await downloaded;

    // The browser fetched the link itself: the file's address is the link, not a blob.
    const url = new URL(download.url());
    assert.equal(url.protocol, 'http:');
    assert.equal(url.pathname, '/api/v1/exports/bags.csv');
    assert.equal(url.searchParams.get('area'), 'jaipur');
    assert.match(download.suggestedFilename(), /^bags.*\.csv$/);
    const path = await download.path();
    assert.ok(path, 'the download finished');
    const [header = [], ...lines] = (await readFile(path, 'utf8')).trim().split(/\r?\n/).map((line) => line.split(','));
    const qr = header.indexOf('qr');
    const area = header.indexOf('area');
    assert.ok(qr >= 0 && area >= 0, `columns: ${header.join(',')}`);
    assert.deepEqual(lines.map((line) => line[qr]).sort(), [...JAIPUR_PARENTS].sort(), 'only the rows the filter lists');
    assert.ok(lines.every((line) => line[area] === 'jaipur'), 'every row is jaipur’s');
    await page.getByTestId('bags-export').getByText('Download started').waitFor();
    assert.equal((await blobUrlsMade()).length, blobsBefore, 'no blob: address was made for the export');
    // The link is spent: opened again, it is refused.
    const again = await fetch(download.url());
    assert.equal(again.status, 401);

    // Exports are the admin's: a biller's bag list offers none.
    const billerContext = await browser.newContext({ viewport: VIEWPORTS.desktop });
    const biller = await billerContext.newPage();
    try {
      await biller.goto(`${server.baseUrl}/login`);
      await biller.getByLabel('Username').fill(MEENA.username);
      await biller.getByLabel('Password').fill(MEENA_NEW_PASSWORD);
      await biller.getByLabel('Password').press('Enter');
      await biller.getByTestId('current-user').waitFor({ state: 'attached' });
      await biller.goto(`${server.baseUrl}/bags?area=jaipur`);
      await biller.locator('tbody tr').filter({ hasText: JAIPUR_PARENTS[0] ?? '' }).waitFor();
      assert.equal(await biller.getByRole('button', { name: /^Export / }).count(), 0, 'a biller is offered no export');
    } finally {
      await billerContext.close();
    }
  }));

  it('raised no errors in the page, and no Content-Security-Policy violation', () => {
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(cspViolations, []);
  });
});
