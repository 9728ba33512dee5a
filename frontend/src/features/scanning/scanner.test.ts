import { describe, expect, it } from 'vitest';

import {
  decideScan, idleSubmitDelay, isTypedCharacter, KeyBurst, keyAction, normaliseScan, ScanGate,
} from './scanner';

describe('normaliseScan', () => {
  it('trims, collapses spaces, upper-cases and drops invisible characters', () => {
    expect(normaliseScan('  sb00017\r\n')).toBe('SB00017');
    expect(normaliseScan('m444-\u200b00042')).toBe('M444-00042');
    expect(normaliseScan('LABEL\u00a0NO.:   123\t456')).toBe('LABEL NO.: 123 456');
    expect(normaliseScan('\u0000\u0003')).toBe('');
  });
});

describe('keyAction', () => {
  it('finishes a scan on Enter, and on Tab when something was typed', () => {
    expect(keyAction('Enter', 'SB00017')).toBe('finish');
    expect(keyAction('Enter', '')).toBe('finish');
    expect(keyAction('Tab', 'SB00017')).toBe('finish');
    expect(keyAction('Tab', '')).toBe('pass');
    expect(keyAction('7', 'SB0001')).toBe('pass');
  });
});

describe('idleSubmitDelay', () => {
  it('waits ~100 ms after the last keystroke once 4 characters arrived', () => {
    expect(idleSubmitDelay('SB0')).toBeNull();
    expect(idleSubmitDelay('  ab ')).toBeNull();
    expect(idleSubmitDelay('SB00')).toBe(100);
    expect(idleSubmitDelay('SB00017', { idleSubmitMs: 150, minIdleLength: 4, repeatWindowMs: 1000 })).toBe(150);
  });
});

describe('decideScan', () => {
  it('ignores an empty scan', () => {
    expect(decideScan(' \r', 0, null)).toEqual({ kind: 'ignore', reason: 'empty' });
  });

  it('submits the normalised code', () => {
    expect(decideScan('sb00017', 0, null)).toEqual({ kind: 'submit', code: 'SB00017' });
  });

  it('ignores the same code within a second (double read), but not after', () => {
    const last = { code: 'SB00017', at: 10_000 };
    expect(decideScan('SB00017', 10_400, last)).toEqual({ kind: 'ignore', reason: 'repeat' });
    expect(decideScan('sb00017 ', 10_999, last)).toEqual({ kind: 'ignore', reason: 'repeat' });
    expect(decideScan('SB00017', 11_000, last)).toEqual({ kind: 'submit', code: 'SB00017' });
  });

  it('accepts a different code at once', () => {
    expect(decideScan('123456', 10_001, { code: 'SB00017', at: 10_000 })).toEqual({ kind: 'submit', code: '123456' });
  });
});

describe('ScanGate', () => {
  it('measures the double-read window from the last code sent', () => {
    const gate = new ScanGate();
    expect(gate.offer('111111', 0).kind).toBe('submit');
    expect(gate.offer('111111', 300).kind).toBe('ignore');
    expect(gate.offer('222222', 500).kind).toBe('submit');
    // 111111 again: the last code sent is 222222, so this is a real scan.
    expect(gate.offer('111111', 600).kind).toBe('submit');
    expect(gate.offer('111111', 1_700).kind).toBe('submit');
  });

  it('forgets on reset', () => {
    const gate = new ScanGate();
    gate.offer('111111', 0);
    gate.reset();
    expect(gate.offer('111111', 10).kind).toBe('submit');
  });
});

describe('isTypedCharacter', () => {
  it('tells typed characters from shortcuts and control keys', () => {
    const plain = { ctrlKey: false, metaKey: false, altKey: false };
    expect(isTypedCharacter({ key: 'S', ...plain })).toBe(true);
    expect(isTypedCharacter({ key: 'Enter', ...plain })).toBe(false);
    expect(isTypedCharacter({ key: 'c', ...plain, ctrlKey: true })).toBe(false);
  });
});

describe('KeyBurst', () => {
  const typeAt = (burst: KeyBurst, text: string, start: number, gap: number) => {
    [...text].forEach((character, index) => burst.typed(character, start + index * gap));
    return start + (text.length - 1) * gap;
  };

  it('recognises a scanner: keys 5–20 ms apart ending in Enter', () => {
    const burst = new KeyBurst();
    const last = typeAt(burst, 'SB00010', 1000, 20);
    expect(burst.finish(last + 15)).toBe('SB00010');
    // Once taken, the same Enter does not give it twice.
    expect(burst.finish(last + 16)).toBeNull();
  });

  it('says where a burst starts, so the field it went into can be put back', () => {
    const burst = new KeyBurst();
    expect(burst.typed('1', 0)).toBe('start');
    expect(burst.typed('1', 300)).toBe('start');
    expect(burst.typed('S', 310)).toBe('continue');
  });

  it('leaves a person typing alone', () => {
    const burst = new KeyBurst();
    const last = typeAt(burst, '12', 0, 180);
    expect(burst.finish(last + 200)).toBeNull();
    // Fast, but too short to be a code.
    const burst2 = new KeyBurst();
    const last2 = typeAt(burst2, '12', 0, 10);
    expect(burst2.finish(last2 + 10)).toBeNull();
    // A pause before Enter: a person who typed fast, then decided.
    const burst3 = new KeyBurst();
    const last3 = typeAt(burst3, 'SB00010', 0, 10);
    expect(burst3.finish(last3 + 400)).toBeNull();
  });

  it('keeps only the fast part: a slow start is a person, the burst after it the scanner', () => {
    const burst = new KeyBurst();
    burst.typed('1', 0);
    burst.typed('2', 400);
    const last = typeAt(burst, '200001', 900, 12);
    expect(burst.finish(last + 12)).toBe('200001');
  });

  it('never counts a key held down', () => {
    const burst = new KeyBurst();
    burst.typed('a', 0);
    for (let at = 30; at < 300; at += 30) burst.typed('a', at, true);
    expect(burst.finish(310)).toBeNull();
  });

  it('takes a scanner without terminator once it falls silent', () => {
    const burst = new KeyBurst();
    const last = typeAt(burst, '300009', 0, 8);
    expect(burst.idle(last + 20)).toBeNull();
    expect(burst.idle(last + 120)).toBe('300009');
    expect(burst.idle(last + 240)).toBeNull();
  });
});
