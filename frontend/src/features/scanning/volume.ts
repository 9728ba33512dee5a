// How loud the scan sounds are: a setting per browser (a noisy packing hall wants them loud,
// an office quiet), kept in localStorage. Pure parts first, for tests.

export type VolumeLevel = 'off' | 'quiet' | 'normal' | 'loud';

export const VOLUME_LEVELS: readonly VolumeLevel[] = ['off', 'quiet', 'normal', 'loud'];

/** Peak gain of a beep per level. "Loud" is the default: warehouses are loud. */
export const VOLUME_GAIN: Record<VolumeLevel, number> = { off: 0, quiet: 0.15, normal: 0.45, loud: 0.9 };

export const DEFAULT_VOLUME: VolumeLevel = 'loud';

export const VOLUME_KEY = 'tracetrack.volume';

export function asVolumeLevel(value: unknown): VolumeLevel {
  return VOLUME_LEVELS.find((level) => level === value) ?? DEFAULT_VOLUME;
}

const listeners = new Set<() => void>();

export function volumeLevel(): VolumeLevel {
  try {
    return asVolumeLevel(window.localStorage.getItem(VOLUME_KEY));
  } catch {
    return DEFAULT_VOLUME;
  }
}

export function setVolumeLevel(level: VolumeLevel): void {
  try {
    window.localStorage.setItem(VOLUME_KEY, level);
  } catch {
    // Not kept: lasts until the page is reloaded (the select still shows it).
  }
  listeners.forEach((listener) => listener());
}

export function subscribeVolume(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
