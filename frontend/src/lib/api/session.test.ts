import { describe, expect, it } from 'vitest';

import { createSession, REFRESH_TOKEN_KEY, USER_KEY, type TokenStorage } from './session';
import type { TokenPair } from './types';

const pair: TokenPair = {
  access_token: 'a', refresh_token: 'r', token_type: 'Bearer', expires_in: 900,
  user: {
    id: '0193a5c2-7d1e-7c3a-9d7e-2f1b6a4c9e01', username: 'admin', display_name: 'Admin', role: 'admin',
    area: null, locked: false, totp_enabled: false, language: 'en', created_at: '2026-11-28T09:00:00Z', updated_at: '2026-11-28T09:00:00Z',
  },
};

describe('session', () => {
  it('keeps only the refresh token and who the user is in storage', () => {
    const data = new Map<string, string>();
    const storage: TokenStorage = {
      getItem: (key) => data.get(key) ?? null,
      setItem: (key, value) => void data.set(key, value),
      removeItem: (key) => void data.delete(key),
    };
    const session = createSession(storage);
    session.signIn(pair);
    expect([...data.keys()]).toEqual([REFRESH_TOKEN_KEY, USER_KEY]);
    expect(data.get(REFRESH_TOKEN_KEY)).toBe('r');
    expect(JSON.parse(data.get(USER_KEY) ?? '')).toEqual(pair.user);
    expect(data.get(USER_KEY)).not.toMatch(/token/);
    expect(session.accessToken()).toBe('a');
    session.clear();
    expect(data.size).toBe(0);
    expect(session.accessToken()).toBeNull();
    expect(session.user()).toBeNull();
  });

  it('still works when storage throws (private mode)', () => {
    const broken: TokenStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
      removeItem: () => {
        throw new Error('denied');
      },
    };
    const session = createSession(broken);
    session.signIn(pair);
    expect(session.user()?.username).toBe('admin');
    expect(session.refreshToken()).toBeNull();
  });

  it('takes a newer description of the signed-in user, and of no one else', () => {
    const session = createSession(null);
    let changes = 0;
    session.subscribe(() => changes++);
    session.updateUser({ ...pair.user, totp_enabled: true });
    expect(session.user()).toBeNull(); // signed out: nothing to update

    session.signIn(pair);
    session.updateUser({ ...pair.user, id: '0193a5c2-7d1e-7c3a-9d7e-2f1b6a4c9e02', username: 'other' });
    expect(session.user()?.username).toBe('admin');
    session.updateUser({ ...pair.user, totp_enabled: true });
    expect(session.user()?.totp_enabled).toBe(true);
    expect(session.accessToken()).toBe('a');
    expect(changes).toBe(2); // the sign-in and the update
  });
});

describe('a reload without network', () => {
  const storage = () => {
    const data = new Map<string, string>();
    const kept: TokenStorage = {
      getItem: (key) => data.get(key) ?? null,
      setItem: (key, value) => void data.set(key, value),
      removeItem: (key) => void data.delete(key),
    };
    return { data, kept };
  };

  it('opens the screens for the user this tab was signed in as, with no access token', () => {
    const { kept } = storage();
    createSession(kept).signIn(pair);
    const reloaded = createSession(kept);
    expect(reloaded.user()).toBeNull();
    expect(reloaded.resumeOffline()).toBe(true);
    expect(reloaded.user()?.username).toBe('admin');
    expect(reloaded.accessToken()).toBeNull();
  });

  it('does not without a refresh token, or after signing out', () => {
    const { data, kept } = storage();
    const session = createSession(kept);
    session.signIn(pair);
    session.clear();
    expect(createSession(kept).resumeOffline()).toBe(false);
    data.set(USER_KEY, JSON.stringify(pair.user));
    expect(createSession(kept).resumeOffline()).toBe(false);
    data.set(REFRESH_TOKEN_KEY, 'r');
    data.set(USER_KEY, '{"id": 1}');
    expect(createSession(kept).resumeOffline()).toBe(false);
  });
});
