// Which column of an import file holds what (`mapping=`): the fields a target reads, the
// choices for each (the sheet's header cells, or column letters), and the JSON the server
// takes. The server proposes a mapping from the header row; the admin may change it and run
// the dry run again. Pure, for tests.
import { t } from '../../i18n';
import type { components } from '../../lib/api/schema';
import type { ImportTable } from './transfers';

type ImportReport = components['schemas']['ImportReport'];
type Layout = components['schemas']['Layout'];

/** The fields `mapping=` names (the server's import `Field`; its document lists them in words only). */
export const IMPORT_FIELDS = [
  'serial', 'code', 'parent_qr', 'child_qr', 'area', 'bill_id', 'capacity', 'description', 'destination', 'vehicle_number',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** The fields each target's layouts read, in the order the mapping step shows them. */
export const TARGET_FIELDS: Record<ImportTable, ImportField[]> = {
  bags: ['parent_qr', 'child_qr', 'serial', 'code', 'area'],
  bills: ['bill_id', 'capacity', 'parent_qr', 'description', 'destination', 'vehicle_number'],
};

/** Field → header name or column letters; a field left out is not named by the admin. */
export type ColumnMapping = Partial<Record<ImportField, string>>;

export function isImportField(name: string): name is ImportField {
  return (IMPORT_FIELDS as readonly string[]).includes(name);
}

/** The field's name in the language on screen. */
export function fieldLabel(field: ImportField): string {
  return t(`admin.import.field.${field}`);
}

/** The layout's name in the language on screen. */
export function layoutLabel(layout: Layout): string {
  return t(`admin.import.layout.${layout}`);
}

/** `0` → `A`, `27` → `AB`, as spreadsheets name columns. */
export function columnLetters(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** The mapping the server used for the first sheet it read: its proposal. */
export function proposedMapping(report: Pick<ImportReport, 'sheets'>): ColumnMapping {
  const mapping: ColumnMapping = {};
  for (const [field, column] of Object.entries(report.sheets[0]?.mapping ?? {})) {
    if (isImportField(field)) mapping[field] = column;
  }
  return mapping;
}

/** `mapping=` for the named fields only (sorted, so the same choice is the same text), or null when none is named. */
export function mappingParam(mapping: ColumnMapping): string | null {
  const named = IMPORT_FIELDS.filter((field) => (mapping[field] ?? '').trim() !== '');
  if (named.length === 0) return null;
  return JSON.stringify(Object.fromEntries(named.map((field) => [field, mapping[field]?.trim()])));
}

/**
 * The header row of a sheet whose header names no layout, as a guess for the mapping step: the
 * first of its first 20 rows with the most cells filled (a title row above it fills fewer).
 */
export function guessHeaderRow(records: Map<number, string[]>): number | null {
  let best: number | null = null;
  let bestFilled = -1;
  let checked = 0;
  for (const [row, cells] of records) {
    if (checked >= 20) break;
    checked += 1;
    const filled = cells.filter((cell) => cell.trim() !== '').length;
    if (filled > bestFilled) {
      best = row;
      bestFilled = filled;
    }
  }
  return best;
}

export interface ColumnChoice {
  /** What `mapping=` gets: the header text, or the column's letters. */
  value: string;
  /** What the admin reads: `B · Box`, or `C`. */
  label: string;
}

/**
 * A field's choices: each column of the header row by its header text (`B · Box`), or by its
 * letters where the cell is empty; columns past the header (or, with no header known, A–Z) by
 * letters. Choices already in `keep` (the mapping in use) stay listed.
 */
export function columnChoices(header: string[] | null, keep: string[] = []): ColumnChoice[] {
  const choices: ColumnChoice[] = [];
  const width = Math.max(header?.length ?? 0, header ? 0 : 26);
  for (let at = 0; at < width; at += 1) {
    const letters = columnLetters(at);
    const text = header?.[at]?.trim() ?? '';
    choices.push(text === '' ? { value: letters, label: letters } : { value: text, label: `${letters} · ${text}` });
  }
  for (const value of keep) {
    if (value !== '' && !choices.some((choice) => choice.value === value)) choices.push({ value, label: value });
  }
  return choices;
}

/** Whether two mappings name the same columns for the same fields. */
export function sameMapping(a: ColumnMapping, b: ColumnMapping): boolean {
  return mappingParam(a) === mappingParam(b);
}
