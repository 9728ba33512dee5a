// Reading a code from the camera, for phones without a scanner gun: the browser's own
// BarcodeDetector where there is one (Android Chrome), else zxing-wasm, loaded only when the
// camera is first opened. Its WebAssembly file is one of the app's own assets (never a CDN),
// so it works offline once the service worker has it. Pure parts are tested.

import { t } from '../../i18n';

/** What the page needs from a decoder: the texts of the codes in one video frame. */
export interface FrameDecoder {
  readonly kind: 'barcode-detector' | 'zxing-wasm';
  decode(frame: ImageData): Promise<string[]>;
}

/** The formats a label may carry: QR codes mostly, sometimes Data Matrix or a 1-D code. */
export const DETECTOR_FORMATS = ['qr_code', 'data_matrix', 'code_128', 'code_39', 'ean_13'] as const;

interface BarcodeDetectorLike {
  detect(source: ImageData): Promise<Array<{ rawValue: string }>>;
}

interface BarcodeDetectorConstructor {
  new (options: { formats: string[] }): BarcodeDetectorLike;
  getSupportedFormats(): Promise<string[]>;
}

function browserDetector(): BarcodeDetectorConstructor | null {
  const candidate = (globalThis as { BarcodeDetector?: BarcodeDetectorConstructor }).BarcodeDetector;
  return typeof candidate === 'function' ? candidate : null;
}

/** The best decoder this browser has. */
export async function createFrameDecoder(): Promise<FrameDecoder> {
  const Detector = browserDetector();
  if (Detector) {
    const supported = await Detector.getSupportedFormats().catch(() => [] as string[]);
    const formats = DETECTOR_FORMATS.filter((format) => supported.includes(format));
    if (formats.includes('qr_code')) {
      const detector = new Detector({ formats: [...formats] });
      return {
        kind: 'barcode-detector',
        decode: async (frame) => (await detector.detect(frame)).map((code) => code.rawValue),
      };
    }
  }
  const { zxingDecoder } = await import('./zxing-decoder');
  return zxingDecoder();
}

/**
 * A camera sees the same label frame after frame: a code counts once, and again only after
 * the camera has seen something else or nothing for `quietMs`.
 */
export class CameraReads {
  private last: { code: string; at: number } | null = null;

  constructor(private readonly quietMs = 2500) {}

  /** The codes seen in one frame at `now`; returns the one to scan, if any. */
  offer(codes: readonly string[], now: number): string | null {
    const code = codes.find((text) => text.trim() !== '') ?? null;
    if (code === null) {
      if (this.last && now - this.last.at > this.quietMs) this.last = null;
      return null;
    }
    const repeat = this.last?.code === code;
    this.last = { code, at: now };
    return repeat ? null : code;
  }
}

/** Why the camera cannot be used here, in words for the person holding the phone; null when it can. */
export function cameraUnavailableReason(context: { isSecureContext: boolean; hasMediaDevices: boolean }): string | null {
  if (!context.isSecureContext) return t('camera.needsHttps');
  if (!context.hasMediaDevices) return t('camera.noCamera');
  return null;
}
