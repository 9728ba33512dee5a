// The zxing-wasm reader with its WebAssembly file served from this app (a hashed asset), not
// the package's default CDN. Loaded on demand by ./camera.ts. Compiling WebAssembly needs
// `'wasm-unsafe-eval'` in the page's script-src.
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';

import type { FrameDecoder } from './camera';

let prepared = false;

export function zxingDecoder(): FrameDecoder {
  if (!prepared) {
    prepareZXingModule({
      overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? wasmUrl : prefix + path) },
      fireImmediately: false,
    });
    prepared = true;
  }
  return {
    kind: 'zxing-wasm',
    decode: async (frame) => {
      const results = await readBarcodes(frame, {
        formats: ['QRCode', 'DataMatrix', 'Code128', 'Code39', 'EAN13'],
        tryHarder: true,
        maxNumberOfSymbols: 1,
      });
      return results.filter((result) => result.isValid).map((result) => result.text);
    },
  };
}
