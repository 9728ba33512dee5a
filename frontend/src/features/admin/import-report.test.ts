import { describe, expect, it } from 'vitest';

import type { components } from '../../lib/api/schema';
import { errorFileCsv, importSummary, importTotals, parseCsv, unappliedRows } from './import-report';

const report: components['schemas']['ImportReport'] = {
  rows: 7,
  accepted: 3,
  batches_accepted: 2,
  rejected: [
    { row: 5, qr_or_id: 'BAD!', code: 'invalid_qr', message: '"BAD!" is not a valid child QR' },
    { row: 7, qr_or_id: 'NOT A QR', code: 'invalid_qr', message: '"NOT A QR" is not a valid parent QR' },
  ],
  skipped: [
    { row: 6, qr_or_id: '400005', code: 'batch_rejected', message: 'not applied: row 5 of the same parent SB10021 was rejected' },
    { row: 4, qr_or_id: '400003', code: 'batch_rejected', message: 'not applied: row 5 of the same parent SB10021 was rejected' },
  ],
};

const csv = 'parent_qr,child_qr\r\nSB10020,400001\nSB10020,400002\n\nSB10021,400003\nSB10021,BAD!\nSB10021,400005\n"NOT A QR",400006\nSB10022,400007\n';

describe('import report', () => {
  it('adds up: applied + rejected + skipped = rows read', () => {
    expect(importTotals(report)).toEqual({ rows: 7, applied: 3, rejected: 2, skipped: 2 });
    expect(importSummary(report)).toBe('7 rows read: 3 applied (in 2 batches), 2 rejected, 2 skipped because their batch had a rejected row.');
    // An answer without `rows` and `skipped` still adds up.
    expect(importSummary({ accepted: 2, batches_accepted: 1, rejected: [] })).toBe('2 rows read: 2 applied (in 1 batch), 0 rejected, 0 skipped.');
  });

  it('lists every row not applied in the file’s order', () => {
    expect(unappliedRows(report).map((row) => `${row.row}:${row.outcome}`)).toEqual(['4:skipped', '5:rejected', '6:skipped', '7:rejected']);
  });

  it('numbers CSV records as the server does: header row 1, blank lines skipped, quotes read', () => {
    const records = parseCsv(csv);
    expect(records.get(1)).toEqual(['parent_qr', 'child_qr']);
    expect(records.get(4)).toEqual(['SB10021', '400003']);
    expect(records.get(7)).toEqual(['NOT A QR', '400006']);
    expect(parseCsv('a,b\n"x, ""y""\nz",2\n').get(2)).toEqual(['x, "y"\nz', '2']);
  });

  it('writes an error file of the rows as uploaded, with outcome and reason', () => {
    expect(errorFileCsv(report, csv).split('\r\n')).toEqual([
      'row,parent_qr,child_qr,outcome,reason',
      '4,SB10021,400003,skipped,not applied: row 5 of the same parent SB10021 was rejected',
      '5,SB10021,BAD!,rejected,"""BAD!"" is not a valid child QR"',
      '6,SB10021,400005,skipped,not applied: row 5 of the same parent SB10021 was rejected',
      '7,NOT A QR,400006,rejected,"""NOT A QR"" is not a valid parent QR"',
      '',
    ]);
  });

  it('falls back to row and QR for a workbook, and keeps formulas out', () => {
    const lines = errorFileCsv({ rejected: [{ row: 2, qr_or_id: '=HYPERLINK("x")', code: 'invalid_qr' as const, message: 'bad' }] }, null).split('\r\n');
    expect(lines[0]).toBe('row,qr_or_id,outcome,code,reason');
    expect(lines[1]).toBe('2,"\'=HYPERLINK(""x"")",rejected,invalid_qr,bad');
  });
});
