// @ts-check
// End-to-end: the built SPA served by the real server, driven in Chromium. The steps build
// on each other (the dispatcher created by the admin signs in later), so they run in order.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { launchBrowser, scan, SCREENSHOT_DIR, screenshotBoth, VIEWPORTS } from './support/browser.mjs';
import { ADMIN_PASSWORD, apiGet, apiPost, apiToken, startServer } from './support/server.mjs';
import { totpCode } from './support/totp.mjs';

const DISPATCHER = { username: 'ravi.e2e', password: 'Dispatch-E2e-2026!' };
const NEW_DISPATCHER_PASSWORD = 'Dispatch-New-2026?';
const STEP_TIMEOUT = 90_000;

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
/** Content Security Policy violations: the pages' `securitypolicyviolation` events and Chromium's "Refused to …" messages. */
/** @type {string[]} */
const cspViolations = [];
/** Pages (documents) the server sent without a Content-Security-Policy header. */
/** @type {string[]} */
const pagesWithoutCsp = [];

/**
 * A Content-Security-Policy header as directive → sources.
 * @param {string | null | undefined} header
 * @returns {Map<string, string[]>}
 */
function cspDirectives(header) {
  /** @type {Map<string, string[]>} */
  const directives = new Map();
  for (const part of (header ?? '').split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name && !directives.has(name.toLowerCase())) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

/**
 * The headers the server sends with the SPA: a CSP that allows no inline or eval'd script and
 * no framing, and the other security headers.
 * @param {string} path
 */
async function assertSecurityHeaders(path) {
  const response = await fetch(`${server.baseUrl}${path}`);
  assert.equal(response.status, 200, `GET ${path}`);
  const header = response.headers.get('content-security-policy');
  assert.ok(header, `GET ${path} has no Content-Security-Policy header`);
  const csp = cspDirectives(header);
  const scriptSrc = csp.get('script-src') ?? csp.get('default-src') ?? [];
  assert.ok(scriptSrc.includes("'self'"), `script-src 'self' in ${header}`);
  for (const unsafe of ["'unsafe-inline'", "'unsafe-eval'", '*', 'data:']) {
    assert.ok(!scriptSrc.includes(unsafe), `script-src allows ${unsafe} in ${header}`);
  }
  assert.deepEqual(csp.get('frame-ancestors'), ["'none'"], `frame-ancestors 'none' in ${header}`);
  assert.deepEqual(csp.get('object-src'), ["'none'"], `object-src 'none' in ${header}`);
  assert.equal(response.headers.get('x-content-type-options'), 'nosniff', `X-Content-Type-Options on ${path}`);
  assert.equal(response.headers.get('x-frame-options')?.toUpperCase(), 'DENY', `X-Frame-Options on ${path}`);
  assert.match(response.headers.get('referrer-policy') ?? '', /^(no-referrer|strict-origin-when-cross-origin)$/, `Referrer-Policy on ${path}`);
}

/** @param {string} path */
const open = (path) => page.goto(`${server.baseUrl}${path}`);
const feedback = () => page.getByTestId('scan-feedback');

/** @param {string} expected */
async function expectCount(expected) {
  await page.waitForFunction(
    (text) => document.querySelector('[data-testid="parent-count"]')?.textContent === text,
    expected,
    { timeout: 10_000 },
  );
}

/** @param {string} headline */
async function expectFeedback(headline) {
  await page.waitForFunction(
    (text) => document.querySelector('[data-testid="scan-feedback"] .feedback__headline')?.textContent === text,
    headline,
    { timeout: 10_000 },
  );
}

async function expectScannerFocused() {
  await page.waitForFunction(() => document.activeElement?.classList.contains('scanner__input'), undefined, { timeout: 5_000 });
}

/**
 * A test step that, when it fails, leaves a screenshot and the feedback on screen behind.
 * @param {() => Promise<void>} body
 * @returns {() => Promise<void>}
 */
function step(body) {
  return async () => {
    try {
      await body();
    } catch (error) {
      const name = `failure-${Date.now()}`;
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
  await page.getByTestId('current-user').waitFor();
}

async function logOut() {
  await page.getByRole('button', { name: 'Log out', exact: true }).click();
  await page.getByRole('heading', { name: 'TraceTrack' }).waitFor();
}

async function navigationLabels() {
  return page.getByRole('navigation', { name: 'Sections' }).getByRole('list').getByRole('link').allTextContents();
}

/** A new tab in the same browser (same localStorage, its own sessionStorage: signed out). */
async function newTab() {
  page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  page.on('console', (message) => {
    const text = message.text();
    if (/Content Security Policy|Refused to /i.test(text)) cspViolations.push(`console ${message.type()}: ${text}`);
  });
  page.on('response', (response) => {
    if (response.request().resourceType() !== 'document') return;
    if (!response.headers()['content-security-policy']) pagesWithoutCsp.push(response.url());
  });
}

/** Every page in the context reports what its Content Security Policy blocked. */
async function watchCspViolations() {
  await context.exposeBinding('__tracetrackCspViolation', (_source, /** @type {string} */ text) => {
    cspViolations.push(text);
  });
  await context.addInitScript(() => {
    document.addEventListener(
      'securitypolicyviolation',
      (event) => {
        const report = /** @type {{ __tracetrackCspViolation?: (text: string) => void }} */ (/** @type {unknown} */ (window));
        const where = event.sourceFile ? ` at ${event.sourceFile}:${event.lineNumber}:${event.columnNumber}` : '';
        const sample = event.sample ? ` (${event.sample})` : '';
        void report.__tracetrackCspViolation?.(
          `${location.pathname}: ${event.effectiveDirective} blocked ${event.blockedURI || 'inline'}${where}${sample}`,
        );
      },
      true,
    );
  });
}

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: VIEWPORTS.desktop, acceptDownloads: true });
  await watchCspViolations();
  await newTab();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('TraceTrack SPA against the real server', { timeout: 10 * 60_000 }, () => {
  it('serves the SPA with a strict Content-Security-Policy and the other security headers', { timeout: STEP_TIMEOUT }, async () => {
    await assertSecurityHeaders('/');
    await assertSecurityHeaders('/scan'); // a deep link: the SPA's fallback to index.html
  });

  it('shows field messages on the login form and refuses wrong credentials', { timeout: STEP_TIMEOUT }, step(async () => {
    await open('/');
    await page.getByRole('heading', { name: 'TraceTrack' }).waitFor();
    await page.getByRole('button', { name: 'Sign in' }).click();
    assert.equal(await page.locator('#login-username-error').textContent(), 'Enter your username.');
    await screenshotBoth(page, 'login');

    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Wrong username or password.').waitFor();
  }));

  it('signs the admin in and shows every section', { timeout: STEP_TIMEOUT }, step(async () => {
    await logIn('admin', ADMIN_PASSWORD);
    assert.deepEqual(await navigationLabels(), [
      'Dashboard', 'Scanning', 'Bags', 'Bills', 'Returns', 'Trace', 'History', 'Reports', 'Users', 'Admin',
    ]);
    await page.getByText('Ready', { exact: true }).waitFor();
    await screenshotBoth(page, 'dashboard-admin');
  }));

  it('lets the admin create a dispatcher, with errors on the right fields', { timeout: STEP_TIMEOUT }, step(async () => {
    await page.getByRole('link', { name: 'Users' }).first().click();
    await page.getByRole('cell', { name: 'admin' }).first().waitFor();
    await page.getByRole('button', { name: 'New user' }).click();
    const form = page.getByRole('form', { name: 'New user' });
    await form.getByLabel('Username').fill(DISPATCHER.username);
    await form.getByLabel('Display name (optional)').fill('Ravi E2E');
    await form.getByLabel('Role').selectOption('dispatcher');
    await form.getByLabel('Password').fill('weak');
    await form.getByRole('button', { name: 'Create user' }).click();
    assert.equal(await page.locator('#user-create-password-error').textContent(), 'must be at least 8 characters');
    assert.equal(await page.locator('#user-create-area-error').textContent(), 'a dispatcher needs a dispatch area');
    await screenshotBoth(page, 'users-create-errors');

    await form.getByLabel('Password').fill(DISPATCHER.password);
    await form.getByLabel('Dispatch area').selectOption('lucknow');
    await form.getByRole('button', { name: 'Create user' }).click();
    await page.getByText(`${DISPATCHER.username} created.`).waitFor();
    await page.locator(`tr[data-username="${DISPATCHER.username}"]`).waitFor();

    // The same username again: the server's `duplicate` lands on the username field.
    await page.getByRole('button', { name: 'New user' }).click();
    await form.getByLabel('Username').fill(DISPATCHER.username.toUpperCase());
    await form.getByLabel('Role').selectOption('biller');
    await form.getByLabel('Password').fill(DISPATCHER.password);
    await form.getByRole('button', { name: 'Create user' }).click();
    await page.locator('#user-create-username-error').getByText('this username is taken').waitFor();
    await form.getByRole('button', { name: 'Cancel' }).click();
    await screenshotBoth(page, 'users');
  }));

  it('hides the admin screens from the dispatcher', { timeout: STEP_TIMEOUT }, step(async () => {
    await logOut();
    await logIn(DISPATCHER.username, DISPATCHER.password);
    assert.equal(new URL(page.url()).pathname, '/scan', 'a dispatcher lands on scanning');
    assert.deepEqual(await navigationLabels(), ['Dashboard', 'Scanning', 'Bags', 'Trace', 'History', 'Reports']);
    // On a phone the sections fold into a menu.
    await page.setViewportSize(VIEWPORTS.phone);
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('link', { name: 'Trace' }).waitFor();
    await page.screenshot({ path: `${SCREENSHOT_DIR}menu-dispatcher-360.png` });
    await page.setViewportSize(VIEWPORTS.desktop);

    await open('/users');
    await page.getByRole('heading', { name: 'Not available' }).waitFor();
    await open('/bills');
    await page.getByRole('heading', { name: 'Not available' }).waitFor();
    await open('/returns');
    await page.getByRole('heading', { name: 'Not available' }).waitFor();
    await open('/admin');
    await page.getByRole('heading', { name: 'Not available' }).waitFor();
    await open('/admin/parent-types');
    await page.getByRole('heading', { name: 'Not available' }).waitFor();
  }));

  it('packs a parent from scanner bursts: Enter, Tab, silence, double reads', { timeout: STEP_TIMEOUT }, step(async () => {
    await open('/scan');
    await expectScannerFocused();
    await scan(page, 'sb10001');
    await expectFeedback('NEW PARENT SB10001');
    await expectCount('0/30');

    await scan(page, '100001');
    await expectCount('1/30');
    await expectFeedback('OK 1/30');
    assert.equal(await feedback().getAttribute('data-colour'), 'success');

    // A double read: the same code twice within a second is sent once.
    await scan(page, '100002');
    await scan(page, '100002');
    await expectCount('2/30');
    await scan(page, '100003', 'Tab');
    await expectCount('3/30');
    // A scanner that sends no terminator: submitted after a short silence.
    await scan(page, '100004', null);
    await expectCount('4/30');
    const log = await page.getByTestId('scan-log').locator('.scan-log__code').allTextContents();
    assert.deepEqual(log.slice(0, 5), ['100004', '100003', '100002', '100001', 'SB10001']);
    await expectScannerFocused();
    await screenshotBoth(page, 'packing');
  }));

  it('refuses a child packed elsewhere, undoes and finishes early', { timeout: STEP_TIMEOUT }, step(async () => {
    await page.keyboard.press('Escape');
    await page.getByText('Scan a parent bag to start').waitFor();
    await scan(page, 'SB10002');
    await expectFeedback('NEW PARENT SB10002');
    await scan(page, '100001');
    await expectFeedback('ALREADY PACKED');
    assert.equal(await feedback().locator('.feedback__reason').textContent(), 'already in SB10001');
    assert.equal(await feedback().getAttribute('data-colour'), 'refusal');
    await screenshotBoth(page, 'packing-refusal');

    await page.keyboard.press('Escape');
    await scan(page, 'SB10001');
    await expectFeedback('PARENT SB10001');
    await expectCount('4/30');
    await page.getByRole('button', { name: /Undo last/ }).click();
    await expectCount('3/30');
    await expectFeedback('UNDONE');
    await expectScannerFocused();

    await page.keyboard.press('F9');
    const dialog = page.getByRole('dialog', { name: 'Close SB10001 at 3/30?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Close parent' }).click();
    await expectFeedback('SB10001 COMPLETE');
    await page.getByText('Scan a parent', { exact: true }).waitFor();
    await expectScannerFocused();
  }));

  it('returns to "scan a parent" after the last child', { timeout: STEP_TIMEOUT }, step(async () => {
    const admin = await apiToken(server.baseUrl, 'admin', ADMIN_PASSWORD);
    await apiPost(server.baseUrl, admin, '/api/v1/parent-types', {
      code: 'e2e_small', name: 'E2E small', qr_pattern: 'EE\\d{4}', max_children: 2, expected_weight_kg: 2,
    });
    await scan(page, 'EE0001');
    await expectCount('0/2');
    // Keyboard users may leave the input (Shift+Tab to "Station mode"); a scan typed then
    // still lands in the input.
    await page.keyboard.press('Shift+Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Station mode');
    await scan(page, '200001');
    await expectCount('1/2');
    await expectScannerFocused();
    await scan(page, '200002');
    await expectFeedback('EE0001 COMPLETE');
    await expectCount('2/2');
    await page.getByText('Scan a parent', { exact: true }).waitFor();
  }));

  it('lists bags and traces a child to its parent', { timeout: STEP_TIMEOUT }, step(async () => {
    await open('/bags?kind=parent');
    await page.getByRole('link', { name: 'SB10001' }).waitFor();
    await screenshotBoth(page, 'bags');
    await page.getByRole('link', { name: 'SB10001' }).click();
    await page.getByRole('heading', { name: 'Parent SB10001' }).waitFor();
    await page.getByText('100001 packed into SB10001').first().waitFor();
    await screenshotBoth(page, 'trace-parent');

    // A scan on the trace screen opens that bag's trace.
    await expectScannerFocused();
    await scan(page, '100002');
    await page.getByRole('heading', { name: 'Child 100002' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/trace/100002');
    await page.getByTestId('trace-result').getByRole('link', { name: 'SB10001' }).first().waitFor();
  }));

  it('keeps station scans through a network drop and sends them once', { timeout: STEP_TIMEOUT }, step(async () => {
    await open('/station');
    assert.equal(await page.getByRole('navigation', { name: 'Sections' }).count(), 0, 'station mode has no navigation');
    await expectScannerFocused();
    await scan(page, 'SB10003');
    await expectCount('0/30');

    await context.setOffline(true);
    await scan(page, '300001');
    await expectFeedback('SAVED, NOT SENT YET');
    await page.getByTestId('queue-status').waitFor();
    // Every scan gets its own answer while offline, not only the first.
    await scan(page, '300002');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="scan-feedback"] .feedback__reason')?.textContent?.includes('2 scans'),
      undefined,
      { timeout: 5_000 },
    );
    await screenshotBoth(page, 'station-offline');
    await context.setOffline(false);

    await expectCount('2/30');
    await page.getByTestId('queue-status').waitFor({ state: 'detached', timeout: 15_000 });
    await screenshotBoth(page, 'station');
  }));

  it('keeps an unsent scan across a closed tab and sends it after the next sign-in', { timeout: STEP_TIMEOUT }, step(async () => {
    // The scan endpoints stop answering (a dead access point); the scan is kept, not lost.
    await page.route('**/api/v1/scans/**', (route) => route.abort('internetdisconnected'));
    await scan(page, '300003');
    await expectFeedback('SAVED, NOT SENT YET');
    await page.getByTestId('queue-status').waitFor();
    const kept = await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('tracetrack.scan_queue.')));
    assert.equal(kept.length, 1, 'the unsent scan is kept in localStorage');
    assert.doesNotMatch(await page.evaluate((key) => localStorage.getItem(key) ?? '', kept[0] ?? ''), /token/i);
    await page.close();

    // A new tab has no session: sign in again, and scanning sends what was kept.
    await newTab();
    await logIn(DISPATCHER.username, DISPATCHER.password);
    assert.equal(new URL(page.url()).pathname, '/scan');
    await expectCount('3/30');
    await expectFeedback('OK 3/30');
    await page.getByTestId('queue-status').waitFor({ state: 'detached', timeout: 15_000 });
    assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('tracetrack.scan_queue.')).length), 0);
  }));

  it('lists the scans made earlier in the history, filtered by kind, QR and person', { timeout: STEP_TIMEOUT }, step(async () => {
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'History' }).click();
    const list = page.getByTestId('event-list');
    await list.getByRole('cell', { name: '300003 packed into SB10003' }).waitFor();
    await list.getByRole('cell', { name: '100001 packed into SB10001' }).waitFor();
    await screenshotBoth(page, 'history');

    await page.getByLabel('What happened').selectOption('parent_created');
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('[data-testid="event-list"] tbody tr')];
      return rows.length > 0 && rows.every((row) => row.getAttribute('data-kind') === 'parent_created');
    });
    await list.getByRole('cell', { name: 'parent SB10001 created' }).waitFor();
    await page.getByLabel('What happened').selectOption('');
    await page.getByLabel('QR').fill('sb10001');
    await list.getByRole('cell', { name: '100004 packed into SB10001' }).waitFor();
    await page.waitForFunction(() => !document.querySelector('[data-testid="event-list"]')?.textContent?.includes('SB10003'));
    await list.getByRole('button', { name: /ravi\.e2e/ }).first().click();
    await page.getByRole('button', { name: /ravi\.e2e.*show everyone/ }).waitFor();
    assert.match(new URL(page.url()).search, /user=/);
  }));

  it('lets a user change their own password, with errors on the right fields, and sign in with the new one', { timeout: STEP_TIMEOUT }, step(async () => {
    await page.getByRole('link', { name: 'Change password' }).click();
    await page.getByRole('heading', { name: 'Change password' }).waitFor();
    await page.getByLabel('Current password').fill('not-my-password');
    await page.getByLabel('New password', { exact: true }).fill('weakpassword');
    await page.getByRole('button', { name: 'Change password' }).click();
    assert.equal(await page.locator('#account-new_password-error').textContent(), 'must contain an upper-case letter, a digit, a symbol');

    // The client lets it through; the server refuses the current password on its field.
    await page.getByLabel('New password', { exact: true }).fill(NEW_DISPATCHER_PASSWORD);
    await page.getByLabel('New password again').fill(NEW_DISPATCHER_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.locator('#account-current_password-error').getByText('is not your current password').waitFor();
    await screenshotBoth(page, 'account-errors');

    await page.getByLabel('Current password').fill(DISPATCHER.password);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Password changed.').waitFor();
    await page.getByTestId('current-user').waitFor(); // still signed in in this tab
    await screenshotBoth(page, 'account');

    await logOut();
    await page.getByLabel('Username').fill(DISPATCHER.username);
    await page.getByLabel('Password').fill(DISPATCHER.password);
    await page.getByLabel('Password').press('Enter');
    await page.getByText('Wrong username or password.').waitFor();
    await logIn(DISPATCHER.username, NEW_DISPATCHER_PASSWORD);
    DISPATCHER.password = NEW_DISPATCHER_PASSWORD;
  }));

  it('creates a bill, scans parents onto it, completes it and traces a child to it', { timeout: STEP_TIMEOUT }, step(async () => {
    await open('/');
    await logOut();
    await logIn('admin', ADMIN_PASSWORD);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Bills' }).click();
    await page.getByRole('button', { name: 'New bill' }).click();
    await page.getByRole('button', { name: 'Create bill' }).click();
    assert.equal(await page.locator('#bill-bill_id-error').textContent(), 'Enter the bill id.');
    await page.locator('#bill-capacity-error').waitFor();
    await page.getByLabel('Bill id').fill('E2E-BILL-1');
    await page.getByLabel('Capacity (parent bags)').fill('2');
    await page.getByLabel('Destination').fill('Jaipur C&F');
    await page.getByRole('button', { name: 'Create bill' }).click();
    await page.getByRole('heading', { name: 'Bill E2E-BILL-1' }).waitFor();
    await expectScannerFocused();

    await scan(page, 'SB99999');
    await expectFeedback('NOT FOUND');
    await scan(page, 'EE0001');
    await expectFeedback('LOADED 1/2');
    await page.getByText('Save and continue later').waitFor();
    await scan(page, 'SB10001');
    await expectFeedback('LOADED 2/2');
    await page.waitForFunction(() => document.querySelector('[data-testid="bill-count"]')?.textContent === '2/2');
    await scan(page, 'SB10003');
    await expectFeedback('BILL FULL');
    await page.getByTestId('bill-parents').getByRole('link', { name: 'EE0001' }).waitFor();
    await screenshotBoth(page, 'bill');

    await page.getByRole('button', { name: 'Complete', exact: true }).click();
    await page.getByRole('button', { name: 'Reopen' }).waitFor();
    await page.getByText('completed', { exact: false }).first().waitFor();
    await screenshotBoth(page, 'bill-completed');

    // The server's duplicate lands on the bill id field.
    await open('/bills');
    await page.getByRole('link', { name: 'E2E-BILL-1' }).waitFor();
    await screenshotBoth(page, 'bills');
    await page.getByRole('button', { name: 'New bill' }).click();
    await page.getByLabel('Bill id').fill('e2e-bill-1');
    await page.getByLabel('Capacity (parent bags)').fill('1');
    await page.getByRole('button', { name: 'Create bill' }).click();
    await page.locator('#bill-bill_id-error').waitFor();

    await open('/trace/200001');
    await page.getByRole('heading', { name: 'Child 200001' }).waitFor();
    await page.getByTestId('trace-result').locator('.chain__step', { hasText: 'E2E-BILL-1' }).waitFor();
  }));

  it('adds a parent typed by hand (created when new) and deletes a bill after asking', { timeout: STEP_TIMEOUT }, step(async () => {
    const admin = await apiToken(server.baseUrl, 'admin', ADMIN_PASSWORD);
    await apiPost(server.baseUrl, admin, '/api/v1/bills', { bill_id: 'E2E-BILL-2', capacity: 3 });
    await open('/bills/E2E-BILL-2');
    await expectScannerFocused();
    const manual = page.getByLabel('Parent QR typed by hand');
    await manual.fill('sb10050');
    await manual.press('Enter');
    await expectFeedback('LOADED 1/3');
    assert.equal(await manual.inputValue(), '', 'the field empties once loaded');
    await page.getByTestId('bill-parents').getByRole('link', { name: 'SB10050' }).waitFor();
    await manual.fill('SB-1');
    await manual.press('Enter');
    await page.locator('#bill-manual-qr-error').waitFor();
    assert.equal(await manual.inputValue(), 'SB-1', 'a refused code stays to be corrected');
    await screenshotBoth(page, 'bill-manual');

    await page.getByRole('button', { name: 'Delete bill E2E-BILL-2' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete bill E2E-BILL-2?' });
    await dialog.waitFor();
    await screenshotBoth(page, 'bill-delete');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('heading', { name: 'Bill E2E-BILL-2' }).waitFor();
    await page.getByRole('button', { name: 'Delete bill E2E-BILL-2' }).click();
    await dialog.getByRole('button', { name: 'Delete bill' }).click();
    await page.getByText('Bill E2E-BILL-2 deleted.').waitFor();
    assert.equal(new URL(page.url()).pathname, '/bills');
    await page.getByRole('link', { name: 'E2E-BILL-1' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'E2E-BILL-2' }).count(), 0);
  }));

  it('opens a return ticket, scans a parent in and finalises it', { timeout: STEP_TIMEOUT }, step(async () => {
    await open('/returns');
    await page.getByLabel('Notes').fill('E2E dealer');
    await page.getByRole('button', { name: 'Open ticket' }).click();
    await page.getByRole('heading', { name: /^Return RTN-\d{8}-[0-9A-F]{4}$/ }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Finalise' }).isDisabled(), true, 'finalise needs a bag');
    await expectScannerFocused();
    await scan(page, 'SB99999');
    await expectFeedback('NOT FOUND');
    await scan(page, 'SB10001');
    await expectFeedback('RETURNED 1');
    await page.getByTestId('return-parents').getByRole('cell', { name: 'E2E-BILL-1' }).waitFor();
    await screenshotBoth(page, 'return');
    await page.getByRole('button', { name: 'Finalise' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Finalise' }).click();
    await page.getByTestId('return-status').getByText('finalised').waitFor();
    await open('/returns');
    await page.getByRole('cell', { name: 'finalised' }).waitFor();
    await screenshotBoth(page, 'returns');
  }));

  it('downloads an export, imports a file with a rejected-row report and lists the audit trail', { timeout: STEP_TIMEOUT }, step(async () => {
    await open('/admin');
    await page.getByTestId('audit-trail').getByText('user created').first().waitFor();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'bills (CSV)' }).click();
    assert.match((await download).suggestedFilename(), /\.csv$/);
    await page.getByText(/^Saved .*\.csv\.$/).waitFor();

    await page.getByLabel('File (CSV or XLSX)').setInputFiles({
      name: 'bags.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('parent_qr,child_qr\nSB10020,400001\nSB10020,400002\nNOT A QR,400003\n'),
    });
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByTestId('import-report').waitFor();
    await screenshotBoth(page, 'admin');
  }));

  it('lists parent types and creates one, with the server’s pattern error on its field', { timeout: STEP_TIMEOUT }, step(async () => {
    await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'Parent types' }).click();
    const table = page.getByTestId('parent-types');
    await table.getByRole('cell', { name: 'mustard', exact: true }).waitFor();
    await table.getByRole('cell', { name: 'e2e_small', exact: true }).waitFor();
    await page.getByRole('button', { name: 'New parent type' }).click();
    await page.getByRole('button', { name: 'Create parent type' }).click();
    assert.equal(await page.locator('#parent-type-code-error').textContent(), 'must be 2–40 lower-case letters, digits or _');
    await page.locator('#parent-type-max_children-error').waitFor();

    await page.getByLabel('Code').fill('wheat');
    await page.getByLabel('Name').fill('Wheat');
    await page.getByLabel('QR pattern').fill('WH(\\d{6}');
    await page.getByLabel('Children per parent').fill('20');
    await page.getByLabel('Expected weight of a full parent (kg)').fill('20');
    await page.getByRole('button', { name: 'Create parent type' }).click();
    await page.locator('#parent-type-qr_pattern-error').getByText(/regular expression/).waitFor();
    await screenshotBoth(page, 'parent-types-errors');

    await page.getByLabel('QR pattern').fill('WH\\d{6}');
    await page.getByRole('button', { name: 'Create parent type' }).click();
    await page.getByText(/Wheat \(wheat\) added/).waitFor();
    await table.getByRole('cell', { name: 'wheat', exact: true }).waitFor();
    await table.getByRole('cell', { name: '20 × 1 kg, expected 20 kg' }).waitFor();
    await screenshotBoth(page, 'parent-types');

    // The new type packs at once.
    await open('/scan');
    await expectScannerFocused();
    await scan(page, 'WH123456');
    await expectFeedback('NEW PARENT WH123456');
    await expectCount('0/20');
  }));

  it('shows today’s end-of-day figures per operator and area, and downloads them as CSV', { timeout: STEP_TIMEOUT }, step(async () => {
    const admin = await apiToken(server.baseUrl, 'admin', ADMIN_PASSWORD);
    /** @type {{ children_packed: number, operators: Array<{ username: string | null, children_packed: number }> }} */
    const eod = await apiGet(server.baseUrl, admin, '/api/v1/reports/eod');
    const ravi = eod.operators.find((operator) => operator.username === DISPATCHER.username);
    assert.ok(ravi && ravi.children_packed > 0, 'the dispatcher packed children today');

    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Reports' }).click();
    const operators = page.getByTestId('eod-operators');
    const row = operators.locator(`tr[data-row="${DISPATCHER.username}"]`);
    await row.waitFor();
    assert.equal(await row.locator('[data-column="children_packed"]').textContent(), ravi.children_packed.toLocaleString('en-US'));
    const total = operators.locator('tr[data-row="total"] [data-column="children_packed"]');
    assert.equal(await total.textContent(), eod.children_packed.toLocaleString('en-US'));
    await page.getByTestId('eod-areas').getByRole('rowheader', { name: 'Lucknow' }).waitFor();
    await screenshotBoth(page, 'reports');

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download CSV' }).click();
    assert.match((await download).suggestedFilename(), /^eod-\d{4}-\d{2}-\d{2}\.csv$/);
    await page.getByText(/^Saved eod-.*\.csv\.$/).waitFor();
  }));

  it('lets an admin pick the area a station stamps on new parents, and remembers it', { timeout: STEP_TIMEOUT }, step(async () => {
    await open('/station');
    await page.getByLabel('Area for new parents').selectOption('jaipur');
    // The select keeps focus; the scanner's first character brings it back to the input.
    await scan(page, 'SB10060');
    await expectFeedback('NEW PARENT SB10060');
    await screenshotBoth(page, 'station-admin');
    const admin = await apiToken(server.baseUrl, 'admin', ADMIN_PASSWORD);
    /** @type {{ bag: { area: string | null } }} */
    const detail = await apiGet(server.baseUrl, admin, '/api/v1/bags/SB10060');
    assert.equal(detail.bag.area, 'jaipur');
    await page.reload();
    // Shown once the areas have loaded.
    await page.waitForFunction(() => {
      const picker = document.querySelector('#packing-area');
      return picker instanceof HTMLSelectElement && picker.value === 'jaipur';
    });
    await page.getByRole('link', { name: 'Exit station' }).click();
  }));

  it('shows live figures and the activity chart on the dashboard', { timeout: STEP_TIMEOUT }, step(async () => {
    await open('/');
    await page.getByTestId('stats').getByText('Scans today').waitFor();
    await page.getByTestId('activity').locator('.recharts-surface').first().waitFor();
    // The tooltip too (recharts positions it with style properties, which the CSP allows).
    await page.getByTestId('activity').locator('.recharts-surface').first().hover();
    await page.getByTestId('activity').locator('.recharts-tooltip-wrapper').first().waitFor();
    await page.getByText('Per area').waitFor();
    await screenshotBoth(page, 'dashboard-stats');
  }));

  it('turns on two-step sign-in on the account screen, then signs in with a code', { timeout: STEP_TIMEOUT }, step(async () => {
    const admin = await apiToken(server.baseUrl, 'admin', ADMIN_PASSWORD);
    const tina = { username: 'tina', password: 'Tina-Biller-2026!' };
    await apiPost(server.baseUrl, admin, '/api/v1/users', { ...tina, role: 'biller' });
    await newTab();
    await logIn(tina.username, tina.password);
    await page.getByRole('link', { name: 'Change password' }).click();
    const section = page.getByTestId('totp-setup');
    assert.equal(await section.getByTestId('totp-status').textContent(), 'Off');
    await section.getByLabel('Password').fill(tina.password);
    await section.getByRole('button', { name: 'Set up' }).click();
    const secret = (await section.getByTestId('totp-secret').textContent()) ?? '';
    const now = Date.now() / 1000;
    await section.getByLabel('Authenticator code').fill(totpCode(secret, now));
    await section.getByRole('button', { name: 'Turn on' }).click();
    await section.getByTestId('totp-status').getByText('On').waitFor();
    await screenshotBoth(page, 'account-two-step');

    await logOut();
    await page.getByLabel('Username').fill(tina.username);
    await page.getByLabel('Password').fill(tina.password);
    await page.getByLabel('Password').press('Enter');
    const code = page.getByTestId('totp-code');
    await code.waitFor();
    await code.fill(totpCode(secret, now + 30)); // the code that turned it on is spent
    await code.press('Enter');
    await page.getByTestId('current-user').waitFor();
  }));

  it('renews a refused access token once, and signs in again when the session cannot be renewed', { timeout: STEP_TIMEOUT }, step(async () => {
    // The server refuses an unexpired access token once it has revoked it (a change of role or
    // area, a password change, a sign-out elsewhere): simulated here for one call.
    const unauthorized = {
      status: 401,
      contentType: 'application/problem+json',
      body: JSON.stringify({
        type: 'urn:tracetrack:problem:unauthorized', title: 'Unauthorized', status: 401,
        code: 'unauthorized', message: 'token revoked', request_id: 'e2e',
      }),
    };
    /** @param {string} path */
    const at = (path) => (/** @type {URL} */ url) => url.pathname === path;
    /** @type {(string | undefined)[]} */
    const billsCalls = [];
    await page.route(at('/api/v1/bills'), async (route) => {
      billsCalls.push((await route.request().allHeaders()).authorization);
      if (billsCalls.length === 1) await route.fulfill(unauthorized);
      else await route.fallback();
    });
    const refreshed = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/v1/auth/refresh');
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Bills' }).click();
    const refresh = await refreshed;
    assert.equal(refresh.status(), 200);
    /** @type {{ access_token: string }} */
    const renewed = await refresh.json();
    await page.getByRole('link', { name: 'E2E-BILL-1' }).waitFor();
    assert.equal(billsCalls.length, 2, 'the refused call is sent once more, no more');
    assert.match(billsCalls[0] ?? '', /^Bearer \S+$/);
    assert.equal(billsCalls[1], `Bearer ${renewed.access_token}`, 'the second call carries the renewed access token');
    await page.getByTestId('current-user').waitFor();
    await page.unrouteAll();

    // Now the refresh token is refused as well (revoked): the tab goes to the sign-in screen.
    await page.route(at('/api/v1/auth/refresh'), (route) => route.fulfill(unauthorized));
    await page.route(at('/api/v1/returns'), (route) => route.fulfill(unauthorized));
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Returns' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/login');
    assert.equal(await page.evaluate(() => sessionStorage.getItem('tracetrack.refresh_token')), null);
    await page.unrouteAll();
  }));

  it('raised no errors in the page', () => {
    assert.deepEqual(pageErrors, []);
    console.log(`screenshots in ${SCREENSHOT_DIR}`);
  });

  it('ran every step under the server’s Content-Security-Policy without a violation', () => {
    assert.deepEqual(pagesWithoutCsp, [], 'pages served without a Content-Security-Policy header');
    assert.deepEqual(cspViolations, []);
  });
});
