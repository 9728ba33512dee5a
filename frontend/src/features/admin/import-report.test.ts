import { describe, expect, it } from 'vitest';

import type { components } from '../../lib/api/schema';
import { dryRunSummary, errorFileCsv, importSummary, importTotals, listsCut, parseCsv, problemRowsCsv, unappliedRows } from './import-report';

const report: components['schemas']['ImportReport'] = {
  dry_run: false,
  layout: 'pairs',
  sheets: [{ name: 'csv', header_row: 1, mapping: { parent_qr: 'parent_qr', child_qr: 'child_qr' } }],
  sheets_skipped: [],
  rows: 7,
  rejected_count: 2,
  skipped_count: 2,
  accepted: 3,
  batches_accepted: 2,
  rejected: [
    { sheet: 'csv', row: 5, qr_or_id: 'BAD!', code: 'invalid_qr', message: '"BAD!" is not a valid child QR' },
    { sheet: 'csv', row: 7, qr_or_id: 'NOT A QR', code: 'invalid_qr', message: '"NOT A QR" is not a valid parent QR' },
  ],
  skipped: [
    { sheet: 'csv', row: 6, qr_or_id: '400005', code: 'batch_rejected', message: 'not applied: row 5 of the same parent SB10021 was rejected' },
    { sheet: 'csv', row: 4, qr_or_id: '400003', code: 'batch_rejected', message: 'not applied: row 5 of the same parent SB10021 was rejected' },
  ],
};

const csv = 'parent_qr,child_qr\r\nSB10020,400001\nSB10020,400002\n\nSB10021,400003\nSB10021,BAD!\nSB10021,400005\n"NOT A QR",400006\nSB10022,400007\n';

describe('import report', () => {
  it('adds up: applied + rejected + skipped = rows read', () => {
    expect(importTotals(report)).toEqual({ rows: 7, applied: 3, rejected: 2, skipped: 2 });
    expect(importSummary(report)).toBe('7 rows read: 3 applied (in 2 batches), 2 rejected, 2 skipped because their batch had a rejected row.');
    expect(importSummary({ rows: 2, accepted: 2, batches_accepted: 1, rejected_count: 0, skipped_count: 0 })).toBe('2 rows read: 2 applied (in 1 batch), 0 rejected, 0 skipped.');
    expect(dryRunSummary(report)).toBe('7 rows read: 3 would be applied (in 2 batches), 2 rejected, 2 skipped.');
  });

  it('counts from the counts, which go on where the lists are cut', () => {
    const cut = { ...report, rows: 20_003, rejected_count: 20_000 };
    expect(importTotals(cut)).toEqual({ rows: 20_003, applied: 3, rejected: 20_000, skipped: 2 });
    expect(listsCut(cut)).toBe(true);
    expect(listsCut(report)).toBe(false);
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
    const lines = errorFileCsv({ rejected: [{ sheet: 'Lot 77', row: 2, qr_or_id: '=HYPERLINK("x")', code: 'invalid_qr' as const, message: 'bad' }], skipped: [] }, null).split('\r\n');
    expect(lines[0]).toBe('sheet,row,code,message,qr');
    expect(lines[1]).toBe('Lot 77,2,invalid_qr,bad,"\'=HYPERLINK(""x"")"');
  });

  it('lists rejected and skipped rows sheet by sheet in the workbook’s order, with sheet, row, code, message and QR', () => {
    const book = {
      sheets: [{ name: 'Lot 78', header_row: 2, mapping: {} }, { name: 'Lot 77', header_row: 3, mapping: {} }],
      rejected: [
        { sheet: 'Lot 77', row: 4, qr_or_id: '0016586', code: 'duplicate' as const, message: 'repeated, first in row 3 of sheet Lot 78' },
        { sheet: 'Lot 78', row: 9, qr_or_id: 'SB00044', code: 'validation_failed' as const, message: 'SB00044 has no children' },
      ],
      skipped: [{ sheet: 'Lot 77', row: 3, qr_or_id: '0016590', code: 'batch_rejected' as const, message: 'not applied' }],
    };
    expect(unappliedRows(book).map((row) => `${row.sheet}:${row.row}`)).toEqual(['Lot 78:9', 'Lot 77:3', 'Lot 77:4']);
    expect(problemRowsCsv(book).split('\r\n')).toEqual([
      'sheet,row,code,message,qr',
      'Lot 78,9,validation_failed,SB00044 has no children,SB00044',
      'Lot 77,3,batch_rejected,not applied,0016590',
      'Lot 77,4,duplicate,"repeated, first in row 3 of sheet Lot 78",0016586',
      '',
    ]);
    // A workbook has no rows as uploaded to copy: its error file is that list.
    expect(errorFileCsv(book, null)).toBe(problemRowsCsv(book));
  });

  it('copies the rows as uploaded from below a title row', () => {
    const titled = 'Packing list\nBox,Bag\nSB1,BAD!\n';
    const read = { sheets: [{ name: 'csv', header_row: 2, mapping: { parent_qr: 'Box', child_qr: 'Bag' } }], rejected: [{ sheet: 'csv', row: 3, qr_or_id: 'BAD!', code: 'invalid_qr' as const, message: 'bad' }], skipped: [] };
    expect(errorFileCsv(read, titled).split('\r\n').slice(0, 2)).toEqual(['row,Box,Bag,outcome,reason', '3,SB1,BAD!,rejected,bad']);
  });
});
