// The translations are complete: every key in every language, nothing empty, and the same
// placeholders ({{x}}) and tags (<link>) in each, so no sentence loses its QR or its count.
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import boot from 'virtual:i18n-boot';

import en from './en.json';
import hi from './hi.json';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const entries = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') entries.set(path, value);
    else for (const [inner, text] of flatten(value, path)) entries.set(inner, text);
  }
  return entries;
}

const LANGUAGES: Record<string, Map<string, string>> = { en: flatten(en), hi: flatten(hi) };

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((match) => match[1]).sort();
const tags = (text: string) => [...text.matchAll(/<\/?(\w+)\s*\/?>/g)].map((match) => match[0]).sort();

describe('translations', () => {
  const english = LANGUAGES.en ?? new Map<string, string>();

  it.each(Object.keys(LANGUAGES).filter((language) => language !== 'en'))('has every English key in %s, and no other', (language) => {
    const other = LANGUAGES[language] ?? new Map<string, string>();
    expect([...english.keys()].filter((key) => !other.has(key))).toEqual([]);
    expect([...other.keys()].filter((key) => !english.has(key))).toEqual([]);
  });

  it.each(Object.keys(LANGUAGES))('has no empty text in %s', (language) => {
    const empty = [...(LANGUAGES[language] ?? new Map<string, string>())].filter(([, text]) => text.trim() === '').map(([key]) => key);
    expect(empty).toEqual([]);
  });

  it.each(Object.keys(LANGUAGES).filter((language) => language !== 'en'))('keeps the placeholders and tags of English in %s', (language) => {
    const other = LANGUAGES[language] ?? new Map<string, string>();
    const differing = [...english].flatMap(([key, text]) => {
      const translated = other.get(key) ?? '';
      const same =
        JSON.stringify(placeholders(text)) === JSON.stringify(placeholders(translated)) &&
        JSON.stringify(tags(text)) === JSON.stringify(tags(translated));
      return same ? [] : [`${key}: ${JSON.stringify(text)} ≠ ${JSON.stringify(translated)}`];
    });
    expect(differing).toEqual([]);
  });

  it('puts the sign-in screen’s English, as written in en.json, in the first load', () => {
    const first = flatten(boot as Tree);
    expect([...first].filter(([key, text]) => english.get(key) !== text)).toEqual([]);
    for (const key of ['app.starting', 'login.signIn', 'login.wrongCredentials', 'language.label', 'errors.network_error', 'common.tryAgain']) {
      expect(first.has(key), key).toBe(true);
    }
    expect(first.size).toBeLessThan(english.size / 2);
  });

  it('has in the first load every key the sign-in screen and its messages use', () => {
    const first = flatten(boot as Tree);
    const files = [
      '../app/App.tsx', '../features/auth/components/LoginScreen.tsx', '../features/auth/components/LanguageSwitch.tsx',
      '../features/auth/login-form.ts', '../features/auth/api/session-actions.ts', '../components/Notices.tsx',
      '../components/Field.tsx', '../lib/api/problem.ts',
    ];
    const used = files.flatMap((file) =>
      [...readFileSync(new URL(file, import.meta.url), 'utf8').matchAll(/\bt\(\s*['`]([\w.]+?)(?:\$\{|['`])/g)].map((match) => match[1] ?? ''),
    );
    expect(used.length).toBeGreaterThan(10);
    // A key, or the prefix of keys built from a code (`errors.${code}`): some first-load key has it.
    const missing = used.filter((key) => !first.has(key) && ![...first.keys()].some((known) => known.startsWith(key)));
    expect(missing).toEqual([]);
  });

  it('gives every plural both forms, in every language', () => {
    for (const entries of Object.values(LANGUAGES)) {
      const keys = [...entries.keys()];
      const plurals = new Set(keys.filter((key) => /_(one|other)$/.test(key)).map((key) => key.replace(/_(one|other)$/, '')));
      for (const base of plurals) expect([entries.has(`${base}_one`), entries.has(`${base}_other`), base]).toEqual([true, true, base]);
    }
  });

  it('writes Hindi in Devanagari, not in English words', () => {
    // Codes, numbers and brand names stay as they are; every sentence has Devanagari in it.
    const latinOnly = [...(LANGUAGES.hi ?? new Map<string, string>())].filter(([, text]) => {
      const words = text.replace(/\{\{[^}]*\}\}|<[^>]*>|TraceTrack|QR|PDF|CSV|XLSX|HTTPS|MB|C&F|localhost|https:\/\/|[\w.]*_\w+|\\d\{6\}/g, '');
      return /\p{Script=Latin}/u.test(words) && !/\p{Script=Devanagari}/u.test(words);
    });
    expect(latinOnly.map(([key, text]) => `${key}: ${text}`)).toEqual([]);
  });
});
