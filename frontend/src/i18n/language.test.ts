import { afterEach, describe, expect, it } from 'vitest';

import { summarizeProblem } from '../lib/api/problem';
import { i18n, t } from './index';
import { applyLanguage, followSessionLanguage, languageReady, rememberLanguage, storedLanguage, wantedLanguage, type LanguageStorage } from './language';

function memoryStorage(): LanguageStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return { items, getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value) };
}

function fakeSession(initial: object | null) {
  let user = initial;
  const listeners = new Set<() => void>();
  return {
    user: () => user,
    subscribe: (listener: () => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    become(next: object | null) {
      user = next;
      listeners.forEach((listener) => listener());
    },
  };
}

afterEach(async () => {
  await applyLanguage('en');
});

describe('the language on screen', () => {
  it('is the account’s once signed in, else the browser’s choice, else English', () => {
    expect(wantedLanguage({ language: 'hi' }, 'en')).toBe('hi');
    expect(wantedLanguage({ language: 'xx' }, 'hi')).toBe('hi');
    expect(wantedLanguage({}, null)).toBe('en');
    expect(wantedLanguage(null, 'hi')).toBe('hi');
    expect(wantedLanguage(null, null)).toBe('en');
  });

  it('remembers the choice made before sign-in, and ignores anything else kept there', () => {
    const storage = memoryStorage();
    expect(storedLanguage(storage)).toBeNull();
    rememberLanguage('hi', storage);
    expect(storedLanguage(storage)).toBe('hi');
    storage.items.set('tracetrack.language', 'fr');
    expect(storedLanguage(storage)).toBeNull();
  });

  it('follows the user: Hindi on sign-in, the browser’s choice again after sign-out', async () => {
    const storage = memoryStorage();
    const session = fakeSession(null);
    const stop = followSessionLanguage(session, storage);
    await languageReady();
    expect(i18n.language).toBe('en');
    session.become({ id: 'u1', language: 'hi' });
    await languageReady();
    expect(i18n.language).toBe('hi');
    expect(t('scan.scanParentFirst')).toBe('पहले पैरेंट बैग स्कैन करें');
    session.become(null);
    await languageReady();
    expect(i18n.language).toBe('en');
    stop();
  });

  it('translates a problem by its code, keeping the server’s own words in English', async () => {
    const problem = { type: 'urn:tracetrack:problem:parent_full', title: 'Conflict', status: 409, code: 'parent_full', message: 'parent SB00017 is full (30/30)', request_id: 'r' };
    expect(summarizeProblem(problem).message).toBe('parent SB00017 is full (30/30)');
    await applyLanguage('hi');
    expect(summarizeProblem(problem).message).toBe('यह पैरेंट बैग भर गया है।');
    expect(summarizeProblem(undefined).message).toBe('सर्वर से कनेक्शन नहीं है। वाई-फ़ाई देखें और फिर से कोशिश करें।');
    const locked = new Response(null, { status: 423, headers: { 'Retry-After': '840' } });
    expect(summarizeProblem({ ...problem, code: 'account_locked', status: 423 }, locked).message).toBe(
      'बहुत बार गलत लॉग इन से यह खाता बंद हो गया है। 14 मिनट बाद फिर कोशिश करें, या एडमिन से खुलवाएँ।',
    );
  });
});
