// @ts-check
// A fake camera for Chromium: a Y4M video of one QR code, made here with zxing-wasm's writer
// (the same package the SPA reads codes with), passed to the browser at launch with
// --use-file-for-fake-video-capture.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { prepareZXingModule, writeBarcode } from 'zxing-wasm/writer';

const WIDTH = 640;
const HEIGHT = 480;
const MODULE_PX = 8;

/**
 * Writes a Y4M file (4:2:0, two identical frames) showing `text` as a QR code, black on white.
 * @param {string} text @returns {Promise<string>} the file's path
 */
export async function fakeCameraVideo(text) {
  const require = createRequire(import.meta.url);
  const wasm = readFileSync(require.resolve('zxing-wasm/writer/zxing_writer.wasm'));
  prepareZXingModule({ overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) } });
  const { symbol, error } = await writeBarcode(text, { format: 'QRCode', scale: 1 });
  if (error) throw new Error(`cannot draw a QR code of ${text}: ${error}`);
  const luma = Buffer.alloc(WIDTH * HEIGHT, 235);
  const left = Math.floor((WIDTH - symbol.width * MODULE_PX) / 2);
  const top = Math.floor((HEIGHT - symbol.height * MODULE_PX) / 2);
  for (let y = 0; y < symbol.height * MODULE_PX; y += 1) {
    for (let x = 0; x < symbol.width * MODULE_PX; x += 1) {
      const dark = symbol.data[Math.floor(y / MODULE_PX) * symbol.width + Math.floor(x / MODULE_PX)] === 0;
      luma[(top + y) * WIDTH + left + x] = dark ? 16 : 235;
    }
  }
  const chroma = Buffer.alloc((WIDTH / 2) * (HEIGHT / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma]);
  const path = join(tmpdir(), `tracetrack-e2e-camera-${process.pid}.y4m`);
  writeFileSync(path, Buffer.concat([Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F10:1 Ip A1:1 C420jpeg\n`), frame, frame]));
  return path;
}
