import { describe, expect, it } from 'vitest';

import { columnChoices, columnLetters, fieldLabel, guessHeaderRow, layoutLabel, mappingParam, proposedMapping, sameMapping, TARGET_FIELDS } from './import-mapping';
import { parseCsv } from './import-report';

describe('import mapping', () => {
  it('names columns by letters as spreadsheets do', () => {
    expect([0, 1, 25, 26, 27, 701, 702].map(columnLetters)).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
  });

  it('takes the proposal from the first sheet read, known fields only', () => {
    const sheets: { name: string; header_row: number; mapping: Record<string, string> }[] = [
      { name: 'Lot 77', header_row: 2, mapping: { serial: 'Sr. No.', code: 'QR Code', colour: 'C' } },
      { name: 'Lot 78', header_row: 3, mapping: { serial: 'S No', code: 'QR' } },
    ];
    expect(proposedMapping({ sheets })).toEqual({ serial: 'Sr. No.', code: 'QR Code' });
    expect(proposedMapping({ sheets: [] })).toEqual({});
  });

  it('sends only the fields named, in a fixed order, or nothing', () => {
    expect(mappingParam({ child_qr: 'Bag', parent_qr: ' Box ', area: '' })).toBe('{"parent_qr":"Box","child_qr":"Bag"}');
    expect(mappingParam({ area: '' })).toBeNull();
    expect(sameMapping({ child_qr: 'Bag', parent_qr: 'Box' }, { parent_qr: 'Box', child_qr: 'Bag', area: '' })).toBe(true);
    expect(sameMapping({ parent_qr: 'Box' }, { parent_qr: 'B' })).toBe(false);
  });

  it('finds the header row below a title row', () => {
    expect(guessHeaderRow(parseCsv('Packing list: Jaipur plant\n\nBox,Bag,Where\nSB1,C1\n'))).toBe(2);
    expect(guessHeaderRow(parseCsv('Box,Bag\nSB1,C1\n'))).toBe(1);
    expect(guessHeaderRow(parseCsv('parent_qr\nSB1\n'))).toBe(1);
    expect(guessHeaderRow(new Map())).toBeNull();
  });

  it('offers the header’s cells with their letters, letters for empty cells, and keeps the columns in use', () => {
    expect(columnChoices(['Box', '', 'Bag'], ['Box', 'D'])).toEqual([
      { value: 'Box', label: 'A · Box' },
      { value: 'B', label: 'B' },
      { value: 'Bag', label: 'C · Bag' },
      { value: 'D', label: 'D' },
    ]);
    // No header known (a workbook): the letters A to Z.
    const letters = columnChoices(null);
    expect(letters).toHaveLength(26);
    expect(letters[25]).toEqual({ value: 'Z', label: 'Z' });
  });

  it('has words for every field and layout', () => {
    for (const field of [...TARGET_FIELDS.bags, ...TARGET_FIELDS.bills]) expect(fieldLabel(field)).not.toMatch(/admin\.import/);
    expect(fieldLabel('parent_qr')).toBe('Parent QR');
    expect(layoutLabel('factory')).toBe('Factory packing workbook (Sr. No., QR Code)');
  });
});
