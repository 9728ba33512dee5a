// The scan sounds, made with the Web Audio API (no audio files to load on a slow network).
// Browsers start audio only after a user gesture; a scanner's first keystroke counts, and
// `unlockAudio` is also called on the first tap.
import type { ToneName } from './feedback';
import { VOLUME_GAIN, volumeLevel } from './volume';

/** One beep: frequency in Hz, duration and the pause after it in ms. */
export interface Beep {
  hz: number;
  ms: number;
  gapMs: number;
}

export const TONES: Record<ToneName, readonly Beep[]> = {
  // A short high beep: done, next.
  success: [{ hz: 1760, ms: 90, gapMs: 0 }],
  // Two quick high beeps: fine, but nothing changed.
  notice: [{ hz: 1320, ms: 60, gapMs: 60 }, { hz: 1320, ms: 60, gapMs: 0 }],
  // A low double tone: refused, look at the screen.
  refusal: [{ hz: 330, ms: 160, gapMs: 90 }, { hz: 247, ms: 220, gapMs: 0 }],
  // Lower and longer: this code is not what this step takes.
  invalid: [{ hz: 220, ms: 140, gapMs: 70 }, { hz: 220, ms: 140, gapMs: 70 }, { hz: 165, ms: 260, gapMs: 0 }],
  // One middle tone: kept, will be retried.
  warning: [{ hz: 660, ms: 250, gapMs: 0 }],
  // A rising pair: done, but look (an incomplete parent loaded).
  caution: [{ hz: 587, ms: 150, gapMs: 60 }, { hz: 880, ms: 220, gapMs: 0 }],
};

type AudioContextConstructor = new () => AudioContext;

let context: AudioContext | null = null;

function audioContext(): AudioContext | null {
  if (context) return context;
  const Constructor: AudioContextConstructor | undefined =
    typeof window === 'undefined'
      ? undefined
      : (window.AudioContext ?? (window as unknown as { webkitAudioContext?: AudioContextConstructor }).webkitAudioContext);
  if (!Constructor) return null;
  try {
    context = new Constructor();
  } catch {
    return null;
  }
  return context;
}

export function unlockAudio(): void {
  const audio = audioContext();
  if (audio?.state === 'suspended') void audio.resume().catch(() => undefined);
}

export function playTone(name: ToneName): void {
  const peak = VOLUME_GAIN[volumeLevel()];
  if (peak === 0) return;
  const audio = audioContext();
  if (!audio) return;
  if (audio.state === 'suspended') void audio.resume().catch(() => undefined);
  let at = audio.currentTime + 0.01;
  for (const beep of TONES[name]) {
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.type = name === 'success' || name === 'notice' || name === 'caution' ? 'sine' : 'square';
    oscillator.frequency.setValueAtTime(beep.hz, at);
    const end = at + beep.ms / 1000;
    // Short ramps avoid clicks at the start and end of each beep.
    gain.gain.setValueAtTime(0, at);
    gain.gain.linearRampToValueAtTime(peak, at + 0.005);
    gain.gain.setValueAtTime(peak, end - 0.01);
    gain.gain.linearRampToValueAtTime(0, end);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(at);
    oscillator.stop(end);
    at = end + beep.gapMs / 1000;
  }
}
