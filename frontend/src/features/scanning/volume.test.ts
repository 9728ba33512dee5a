import { describe, expect, it } from 'vitest';

import { asVolumeLevel, VOLUME_GAIN, VOLUME_LEVELS } from './volume';

describe('volume', () => {
  it('reads a kept level, and anything else as the loud default', () => {
    expect(asVolumeLevel('quiet')).toBe('quiet');
    expect(asVolumeLevel('off')).toBe('off');
    expect(asVolumeLevel(null)).toBe('loud');
    expect(asVolumeLevel('LOUDER')).toBe('loud');
  });

  it('goes up from silent, level by level', () => {
    const gains = VOLUME_LEVELS.map((level) => VOLUME_GAIN[level]);
    expect(gains[0]).toBe(0);
    expect([...gains].sort((a, b) => a - b)).toEqual(gains);
    expect(new Set(gains).size).toBe(gains.length);
  });
});
