// Draws the app's icons (public/icons/icon-<size>.png): a white seed bag with a green label
// band on the brand green, inside the middle 60 % so it survives a maskable icon's crop.
// Run once after changing the drawing: `node scripts/make-icons.mjs`; the PNGs are committed.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const BRAND = [0x14, 0x53, 0x2d];
const WHITE = [0xff, 0xff, 0xff];

/** @param {Buffer} data */
function crc32(data) {
  let crc = ~0;
  for (const byte of data) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit += 1) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

/** @param {string} type @param {Buffer} data */
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** @param {number} size @returns {Buffer} */
function icon(size) {
  /** @param {number} x @param {number} y @returns {number[]} */
  const colour = (x, y) => {
    const u = x / size;
    const v = y / size;
    const inBody = u >= 0.3 && u <= 0.7 && v >= 0.36 && v <= 0.78;
    const inNeck = u >= 0.4 && u <= 0.6 && v >= 0.22 && v < 0.36;
    const inTie = u >= 0.36 && u <= 0.64 && v >= 0.3 && v < 0.34;
    const inBand = inBody && v >= 0.5 && v <= 0.6 && u >= 0.36 && u <= 0.64;
    if (inBand) return BRAND;
    return inBody || inNeck || inTie ? WHITE : BRAND;
  };
  const rows = [];
  for (let y = 0; y < size; y += 1) {
    const row = Buffer.alloc(1 + size * 3);
    for (let x = 0; x < size; x += 1) Buffer.from(colour(x, y)).copy(row, 1 + x * 3);
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

for (const size of [192, 512]) {
  const path = fileURLToPath(new URL(`../public/icons/icon-${size}.png`, import.meta.url));
  writeFileSync(path, icon(size));
  console.log(`wrote ${path}`);
}
