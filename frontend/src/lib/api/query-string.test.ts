import { describe, expect, it } from 'vitest';

import { setParamsOnly } from './query-string';

describe('setParamsOnly', () => {
  it('leaves out unset filters and keeps false', () => {
    expect(setParamsOnly({ role: null, area: undefined, q: '', locked: false, limit: 50, cursor: 'a b' })).toBe(
      'locked=false&limit=50&cursor=a+b',
    );
  });
});
