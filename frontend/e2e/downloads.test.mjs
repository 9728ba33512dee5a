// @ts-check
// End-to-end, exports downloaded by the browser itself: the admin filters the audit trail, presses
// "Export CSV", and Chromium downloads the file from a single-use link (its own download, seen
// by playwright's download event) under the server's name, holding only the filtered rows. No
// blob: address is made on the way: URL.createObjectURL is instrumented before the app loads.
// Like app.test.mjs it starts its own server and database (support/server.mjs) and Debian's
// Chromium (support/browser.mjs).
//
// Run from frontend/: `npx vite build && node --test --test-reporter=spec e2e/downloads.test.mjs`
// (the same variables as `npm run e2e`: TRACETRACK_BIN, TEST_DATABASE_URL, CHROMIUM_PATH).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';

import { launchBrowser, SCREENSHOT_DIR, VIEWPORTS } from './support/browser.mjs';
import { ADMIN_PASSWORD, apiToken, startServer } from './support/server.mjs';

const STEP_TIMEOUT = 90_000;

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;
/** @type {import('playwright-core').Browser} */
let browser;
/** @type {import('playwright-core').Page} */
let page;
/** @type {string[]} */
const pageErrors = [];

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
      const name = `failure-downloads-${Date.now()}`;
      await page?.screenshot({ path: `${SCREENSHOT_DIR}${name}.png`, fullPage: true }).catch(() => undefined);
      const onScreen = await page?.locator('body').innerText().catch(() => '');
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n(screenshot ${name}.png; page text:\n${onScreen})`, {
        cause: error,
      });
    }
  };
}

/** The blob: addresses the page made so far (URL.createObjectURL is counted from the start). */
function blobUrlsMade() {
  return page.evaluate(() => /** @type {{ __blobUrls?: string[] }} */ (/** @type {unknown} */ (window)).__blobUrls ?? []);
}

/**
 * The rows of a CSV file as arrays of cells (quoted cells with commas, quotes and line breaks).
 * @param {string} text
 */
function csvRows(text) {
  /** @type {string[][]} */
  const rows = [];
  /** @type {string[]} */
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else if (c !== '\r') cell += c;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: VIEWPORTS.desktop, acceptDownloads: true });
  // Counts every blob: address the app makes, before any of its code runs.
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
  page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  // Something for the filter to leave out: sign-ins over the API, then a failed one.
  await apiToken(server.baseUrl, 'admin', ADMIN_PASSWORD);
  await fetch(`${server.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'Not-The-Password-1!' }),
  });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('TraceTrack exports downloaded by the browser', { timeout: 5 * 60_000 }, () => {
  it('signs the admin in', { timeout: STEP_TIMEOUT }, step(async () => {
    await open('/login');
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByLabel('Password').press('Enter');
    await page.getByTestId('current-user').waitFor({ state: 'attached' });
  }));

  it('downloads the filtered audit trail straight from a link, with no blob in between', { timeout: STEP_TIMEOUT }, step(async () => {
    await open('/admin');
    await page.getByLabel('Action', { exact: true }).selectOption({ label: 'Signed in' });
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('[data-testid="audit-trail"] tbody tr')];
      return rows.length > 0 && rows.every((row) => row.getAttribute('data-action') === 'login');
    });

    const linkGiven = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/v1/exports/links');
    const downloaded = page.waitForEvent('download');
    await page.getByTestId('audit-export').getByRole('button', { name: 'Export CSV' }).click();
    const given = await (await linkGiven).json();
    assert.ok(given.url.startsWith('/api/v1/exports/audit.csv?action=login&download_token='), given.url);
    const download = await downloaded;

    // The browser fetched the link itself: the file's address is the link, not a blob.
    const url = new URL(download.url());
    assert.equal(url.protocol, 'http:');
    assert.equal(url.pathname, '/api/v1/exports/audit.csv');
    assert.equal(url.searchParams.get('action'), 'login');
    assert.ok(url.searchParams.get('download_token'));
    assert.match(download.suggestedFilename(), /^audit-\d{4}-\d{2}-\d{2}\.csv$/);

    const path = await download.path();
    assert.ok(path, 'the download finished');
    const [header, ...rows] = csvRows(await readFile(path, 'utf8'));
    assert.equal(header?.[4], 'action');
    assert.ok(rows.length >= 2, `sign-ins in the file: ${rows.length}`);
    assert.ok(rows.every((row) => row[4] === 'login'), 'only the filtered action');
    await page.getByTestId('audit-export').getByText('Download started').waitFor();

    assert.deepEqual(await blobUrlsMade(), [], 'no blob: address was made for the export');
    // The link is spent: opened again, it is refused.
    const again = await fetch(download.url());
    assert.equal(again.status, 401);
    assert.equal((await again.json()).code, 'download_link_invalid');
    assert.deepEqual(pageErrors, []);
  }));
});
