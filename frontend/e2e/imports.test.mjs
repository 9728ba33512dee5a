// @ts-check
// End-to-end, imports against the real server, in Chromium: a CSV whose header names no layout
// (`Box,Bag`) leads to the mapping step, the admin maps its columns, the dry run says what would
// happen and creates nothing (checked over the API), then the import streams its progress to
// the end and its report, with the rejected and skipped rows downloaded as a CSV; a factory
// workbook (written here: a title row above `Sr. No.`/`QR Code`, `Parent Code` rows, and a
// summary sheet that is not read) is recognised, a sheet the file does not have is refused on its
// field, and the one named is imported. Like app.test.mjs it starts its own server and database
// (support/server.mjs) and Debian's Chromium (support/browser.mjs); the steps run in order.
//
// Run from frontend/: `npx vite build && node --test --test-reporter=spec e2e/imports.test.mjs`
// (the same variables as `npm run e2e`: TRACETRACK_BIN, TEST_DATABASE_URL, CHROMIUM_PATH).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { crc32 } from 'node:zlib';

import { launchBrowser, SCREENSHOT_DIR, screenshotBoth, VIEWPORTS } from './support/browser.mjs';
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
/** @type {string[]} */
const cspViolations = [];

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
      const name = `failure-imports-${Date.now()}`;
      await page?.screenshot({ path: `${SCREENSHOT_DIR}${name}.png`, fullPage: true }).catch(() => undefined);
      const onScreen = await page?.locator('body').innerText().catch(() => '');
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n(screenshot ${name}.png; page text:\n${onScreen})`, {
        cause: error,
      });
    }
  };
}

/**
 * A bag as the API knows it, or null when it does not.
 * @param {string} qr
 * @returns {Promise<{ bag: { qr: string }, children: Array<{ qr: string }> } | null>}
 */
async function bagDetail(qr) {
  const token = await apiToken(server.baseUrl, 'admin', ADMIN_PASSWORD);
  const response = await fetch(`${server.baseUrl}/api/v1/bags/${encodeURIComponent(qr)}`, { headers: { Authorization: `Bearer ${token}` } });
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`GET /bags/${qr} failed: ${response.status} ${await response.text()}`);
  return response.json();
}

/**
 * The next import upload the page sends, with its query and Accept header.
 * @param {'bags' | 'bills'} table
 */
function nextImport(table) {
  return page
    .waitForRequest((request) => request.method() === 'POST' && new URL(request.url()).pathname === `/api/v1/imports/${table}`)
    .then((request) => ({ query: new URL(request.url()).searchParams, accept: request.headers().accept ?? '' }));
}

/** The preview's totals by outcome. */
async function previewTotals() {
  return page.getByTestId('import-preview-totals').locator('[data-total]').evaluateAll((totals) =>
    Object.fromEntries(totals.map((total) => [total.getAttribute('data-total'), Number(total.querySelector('dd')?.textContent)])));
}

/**
 * A zip of stored (uncompressed) entries: enough of the format for a workbook.
 * @param {Array<[string, string]>} files name and text
 */
function zip(files) {
  /** @type {Buffer[]} */
  const parts = [];
  /** @type {Buffer[]} */
  const directory = [];
  let offset = 0;
  for (const [name, text] of files) {
    const data = Buffer.from(text, 'utf8');
    const fileName = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // made by
    central.writeUInt16LE(20, 6); // version needed
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    parts.push(local, fileName, data);
    directory.push(central, fileName);
    offset += local.length + fileName.length + data.length;
  }
  const size = directory.reduce((sum, part) => sum + part.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(size, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, ...directory, end]);
}

/** @param {string} text */
const xml = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * A workbook of sheets of text cells (inline strings), as small as a reader accepts.
 * @param {Array<[string, string[][]]>} sheets name and rows (an empty row stays empty)
 */
function workbook(sheets) {
  const sheetXml = (/** @type {string[][]} */ rows) => {
    const body = rows
      .map((cells, r) => {
        const filled = cells.map((text, c) => `<c r="${String.fromCharCode(65 + c)}${r + 1}" t="inlineStr"><is><t>${xml(text)}</t></is></c>`);
        return filled.length ? `<row r="${r + 1}">${filled.join('')}</row>` : '';
      })
      .join('');
    return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${body}</sheetData></worksheet>`;
  };
  const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const packageRels = 'http://schemas.openxmlformats.org/package/2006/relationships';
  return zip([
    ['[Content_Types].xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('')}</Types>`],
    ['_rels/.rels', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="${packageRels}"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`],
    ['xl/workbook.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="${main}" xmlns:r="${rel}"><sheets>${sheets.map(([name], i) => `<sheet name="${xml(name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`],
    ['xl/_rels/workbook.xml.rels', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="${packageRels}">${sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${rel}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}</Relationships>`],
    ...sheets.map(([, rows], i) => /** @type {[string, string]} */ ([`xl/worksheets/sheet${i + 1}.xml`, sheetXml(rows)])),
  ]);
}

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: VIEWPORTS.desktop, acceptDownloads: true });
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
});

describe('TraceTrack imports: dry run, mapping, progress, report', { timeout: 5 * 60_000 }, () => {
  it('signs the admin in', { timeout: STEP_TIMEOUT }, step(async () => {
    await open('/login');
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByLabel('Password').press('Enter');
    await page.getByTestId('current-user').waitFor({ state: 'attached' });
  }));

  it('maps the columns of a header it does not know, dry-runs without creating anything, then imports with progress', { timeout: STEP_TIMEOUT }, step(async () => {
    await open('/admin');
    // SB20001's two children apply; SB20002 has a bad child (row 5), so its good row 4 is skipped.
    const csv = 'Box,Bag\nSB20001,700001\nSB20001,700002\nSB20002,700003\nSB20002,BAD!\n';
    await page.getByLabel('File (CSV or XLSX)').setInputFiles({ name: 'boxes.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    const first = nextImport('bags');
    await page.getByRole('button', { name: 'Dry run', exact: true }).click();
    const firstSent = await first;
    assert.equal(firstSent.query.get('dry_run'), 'true');
    assert.equal(firstSent.query.get('mapping'), null);
    assert.match(firstSent.accept, /text\/event-stream/);

    // No layout in the header: the mapping step, offering the header's cells.
    const mapping = page.getByTestId('import-mapping');
    await mapping.getByText('The header row names no known layout').waitFor();
    await page.locator('#import-file-error').getByText(/name them with mapping=/).waitFor();
    assert.deepEqual(await mapping.getByLabel('Parent QR', { exact: true }).locator('option').allTextContents(), ['— not used —', 'A · Box', 'B · Bag']);
    await mapping.getByLabel('Parent QR', { exact: true }).selectOption('Box');
    await mapping.getByLabel('Child QR', { exact: true }).selectOption('Bag');
    const mapped = nextImport('bags');
    await mapping.getByRole('button', { name: 'Dry run with these columns' }).click();
    const mappedSent = await mapped;
    assert.equal(mappedSent.query.get('dry_run'), 'true');
    assert.deepEqual(JSON.parse(mappedSent.query.get('mapping') ?? 'null'), { parent_qr: 'Box', child_qr: 'Bag' });

    // What would happen, and nothing happened.
    const preview = page.getByTestId('import-preview');
    await preview.waitFor();
    assert.equal(
      await page.getByTestId('import-preview-summary').textContent(),
      '4 rows read: 2 would be applied (in 1 batch), 1 rejected, 1 skipped. Nothing has been changed yet.',
    );
    assert.deepEqual(await previewTotals(), { rows: 4, applied: 2, rejected: 1, skipped: 1 });
    assert.equal(await page.getByTestId('import-layout').textContent(), 'Layout: Parent and child on each row');
    const sheet = preview.locator('[data-testid="import-sheet"][data-sheet="csv"]');
    assert.equal(await sheet.getByTestId('import-header-row').textContent(), '1');
    assert.equal(await sheet.locator('tr[data-field="parent_qr"] td').nth(1).textContent(), 'Box');
    assert.equal(await sheet.locator('tr[data-field="child_qr"] td').nth(1).textContent(), 'Bag');
    assert.deepEqual(
      await page.getByTestId('import-preview-problems').locator('tbody tr').evaluateAll((rows) => rows.map((row) => `${row.querySelector('td')?.textContent}:${row.getAttribute('data-outcome')}`)),
      ['4:skipped', '5:rejected'],
    );
    assert.equal(await bagDetail('SB20001'), null, 'a dry run creates no parent');
    assert.equal(await bagDetail('700001'), null, 'a dry run creates no child');
    await screenshotBoth(page, 'import-dry-run');

    // Changing a column asks for another dry run before the import.
    await mapping.getByLabel('Child QR', { exact: true }).selectOption('');
    await page.getByText('The columns changed: run the dry run again before importing.').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Import', exact: true }).isDisabled(), true);
    await mapping.getByLabel('Child QR', { exact: true }).selectOption('Bag');
    assert.equal(await page.getByRole('button', { name: 'Import', exact: true }).isDisabled(), false);

    // The same file with the same mapping, its progress to the end, then the report.
    const applied = nextImport('bags');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const appliedSent = await applied;
    assert.equal(appliedSent.query.get('dry_run'), 'false');
    assert.equal(appliedSent.query.get('mapping'), mappedSent.query.get('mapping'));
    const report = page.getByTestId('import-report');
    await report.waitFor();
    const progress = page.getByTestId('import-progress');
    assert.equal(await progress.getAttribute('data-done'), 'true');
    await progress.getByText('4 / 4 rows').waitFor();
    assert.equal(await progress.locator('progress').evaluate((bar) => /** @type {HTMLProgressElement} */ (bar).position), 1);
    assert.equal(
      await page.getByTestId('import-summary').textContent(),
      '4 rows read: 2 applied (in 1 batch), 1 rejected, 1 skipped because their batch had a rejected row.',
    );
    assert.equal(await preview.count(), 0, 'the dry run gives way to the report');
    const created = await bagDetail('SB20001');
    assert.deepEqual(created?.children.map((child) => child.qr).sort(), ['700001', '700002']);
    assert.equal(await bagDetail('SB20002'), null, 'a batch with a rejected row is not applied');

    const download = page.waitForEvent('download');
    await report.getByRole('button', { name: 'Download rejected and skipped rows (CSV)' }).click();
    const file = await download;
    assert.equal(file.suggestedFilename(), 'boxes-rejected-skipped.csv');
    const lines = (await readFile(await file.path(), 'utf8')).trim().split(/\r?\n/);
    assert.equal(lines[0], 'sheet,row,code,message,qr');
    assert.deepEqual(lines.slice(1).map((line) => { const cells = line.split(','); return `${cells.slice(0, 3).join(',')},${cells.at(-1)}`; }), [
      'csv,4,batch_rejected,700003', 'csv,5,invalid_qr,BAD!',
    ]);
    await screenshotBoth(page, 'import-report');
  }));

  it('recognises a factory workbook below its title row, refuses a sheet it does not have, and imports the sheet named', { timeout: STEP_TIMEOUT }, step(async () => {
    const book = workbook([
      ['Summary', [['Total bags', '3']]],
      ['Lot 77', [
        ['Packing list, Jaipur plant'],
        [],
        ['Sr. No.', 'QR Code'],
        ['1', 'LABEL NO.:0770001 LOT NO.:77'],
        ['2', 'LABEL NO.:0770002 LOT NO.:77'],
        ['Parent Code', 'SB20011'],
        ['3', 'LABEL NO.:0770003 LOT NO.:77'],
        ['Parent Code', 'SB20012'],
      ]],
    ]);
    await open('/admin');
    await page.getByLabel('Area of new parents').selectOption('jaipur');
    await page.getByLabel('File (CSV or XLSX)').setInputFiles({
      name: 'lot77.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: book,
    });
    await page.getByRole('button', { name: 'Dry run', exact: true }).click();
    const preview = page.getByTestId('import-preview');
    await preview.waitFor();
    assert.equal(await page.getByTestId('import-layout').textContent(), 'Layout: Factory packing workbook (Sr. No., QR Code)');
    const sheet = preview.locator('[data-testid="import-sheet"][data-sheet="Lot 77"]');
    assert.equal(await sheet.getByTestId('import-header-row').textContent(), '3');
    assert.equal(await sheet.locator('tr[data-field="serial"] td').nth(1).textContent(), 'Sr. No.');
    assert.equal(await sheet.locator('tr[data-field="code"] td').nth(1).textContent(), 'QR Code');
    await page.getByTestId('import-sheets-skipped').getByText('Summary').waitFor();
    const totals = await previewTotals();
    assert.equal(totals.rows, 5);
    assert.deepEqual([totals.rejected, totals.skipped], [0, 0]);
    assert.equal(totals.applied + totals.rejected + totals.skipped, totals.rows);
    // The proposal is in the mapping step, to change if it were wrong.
    assert.equal(await page.getByTestId('import-mapping').getByLabel('Serial (Sr. No.)').inputValue(), 'Sr. No.');
    assert.equal(await bagDetail('SB20011'), null, 'a dry run creates no parent');
    await screenshotBoth(page, 'import-factory-dry-run');

    // One sheet by name: one the file does not have is refused on its field.
    await page.getByLabel('Sheet (optional)').fill('Lot 99');
    assert.equal(await preview.count(), 0, 'a change of sheet asks for a new dry run');
    await page.getByRole('button', { name: 'Dry run', exact: true }).click();
    await page.locator('#import-sheet-error').getByText('the file has no sheet "Lot 99"; its sheets: Summary, Lot 77').waitFor();
    await page.getByLabel('Sheet (optional)').fill('Lot 77');
    const checked = nextImport('bags');
    await page.getByRole('button', { name: 'Dry run', exact: true }).click();
    assert.equal((await checked).query.get('sheet'), 'Lot 77');
    await preview.waitFor();
    assert.equal(await page.getByTestId('import-sheets-skipped').count(), 0, 'only the sheet named was read');

    const applied = nextImport('bags');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const sent = await applied;
    assert.deepEqual([sent.query.get('dry_run'), sent.query.get('sheet'), sent.query.get('area')], ['false', 'Lot 77', 'jaipur']);
    await page.getByTestId('import-report').waitFor();
    await page.getByTestId('import-progress').getByText('5 / 5 rows').waitFor();
    assert.match(await page.getByTestId('import-summary').textContent() ?? '', /^5 rows read: \d+ applied \(in 2 batches\), 0 rejected, 0 skipped\.$/);
    const first = await bagDetail('SB20011');
    assert.deepEqual(first?.children.map((child) => child.qr).sort(), ['0770001', '0770002']);
    assert.deepEqual((await bagDetail('SB20012'))?.children.map((child) => child.qr), ['0770003']);
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(cspViolations, []);
  }));
});
