// A fresh Idempotency-Key per scan, kept with the scan through every retry so the server
// applies it once. crypto.randomUUID exists only in secure contexts (HTTPS or localhost),
// and warehouse phones often reach the server over plain HTTP on the LAN, so this builds a
// version-4 UUID from crypto.getRandomValues, which works everywhere.
export function newIdempotencyKey(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  const bytes = random(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
