import { beforeAll, describe, expect, it } from 'vitest';

import { formatDay, formatInstant, formatKg, formatNumber } from './format';
import { loadLanguage } from './index';

beforeAll(() => loadLanguage('hi'));

// Intl may put a narrow no-break space before "am"/"pm".
const plain = (text: string) => text.replace(/[\u202f\u00a0]/g, ' ');

describe('numbers and times for people', () => {
  it('groups digits the Indian way in both languages', () => {
    expect(formatNumber(100000, {}, 'en')).toBe('1,00,000');
    expect(formatNumber(12345678, {}, 'hi')).toBe('1,23,45,678');
    expect(formatKg(7150.55, 'en')).toBe('7,150.6 kg');
    expect(formatKg(250000, 'hi')).toBe('2,50,000 किलो');
  });

  it('shows an instant on the site clock: 20:00 UTC is the next day in Asia/Kolkata', () => {
    const at = '2026-11-30T20:00:00Z';
    expect(formatInstant(at, 'date', 'Asia/Kolkata', 'en')).toBe('1 Dec 2026');
    expect(formatInstant(at, 'date', 'UTC', 'en')).toBe('30 Nov 2026');
    expect(plain(formatInstant(at, 'longDateTime', 'Asia/Kolkata', 'en'))).toBe('1 Dec 2026, 1:30 am');
    expect(plain(formatInstant(at, 'time', 'Asia/Kolkata', 'hi'))).toBe('1:30 am');
    expect(formatInstant(at, 'date', 'Asia/Kolkata', 'hi')).toMatch(/^1 \p{Script=Devanagari}+.? 2026$/u);
  });

  it('shows a calendar day as that day in any zone', () => {
    expect(formatDay('2026-11-30', 'en')).toBe('30 Nov 2026');
    expect(formatDay('not a day', 'en')).toBe('not a day');
  });

  it('shows nothing for a value that is not a time, and copes with a zone it does not know', () => {
    expect(formatInstant('nonsense', 'date', 'Asia/Kolkata', 'en')).toBe('');
    expect(formatInstant('2026-06-15T12:00:00Z', 'date', 'Not/AZone', 'en')).toMatch(/^1[456] Jun 2026$/);
  });
});
