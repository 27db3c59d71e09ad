/**
 * Values are bytes. Inside the engine every key and value is a *binary string*: a JS string whose
 * char codes are all 0..255, one per byte. It is a valid Map key, compares in byte order with `<`,
 * and V8 stores it one byte per char. Conversion happens only at the edges, here.
 */

export type Bytes = string;

// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\x00-\x7f]/;

/** A JS (UTF-16) string to its UTF-8 bytes as a binary string. ASCII passes through untouched. */
export function fromUtf8(s: string): Bytes {
  return isAscii(s) ? s : Buffer.from(s, 'utf8').toString('latin1');
}

/** A char loop beats the regular expression on the short strings keys and values usually are. */
function isAscii(s: string): boolean {
  const n = s.length;
  if (n > 32) return !NON_ASCII.test(s);
  for (let i = 0; i < n; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
}

/** A binary string to the JS string its bytes spell in UTF-8 (what ioredis returns for replies). */
export function toUtf8(b: Bytes): string {
  return isAscii(b) ? b : Buffer.from(b, 'latin1').toString('utf8');
}

export function fromBuffer(buf: Uint8Array): Bytes {
  return Buffer.isBuffer(buf) ? buf.toString('latin1') : Buffer.from(buf).toString('latin1');
}

export function toBuffer(b: Bytes): Buffer {
  return Buffer.from(b, 'latin1');
}

/** Byte-order comparison of two binary strings (memcmp then length, as Redis's sdscmp). */
/** strcasecmp-style folding: the C locale folds only A-Z (a binary string's other bytes stay). */
export function asciiLower(s: string): string {
  return /[A-Z]/.test(s) ? s.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32)) : s;
}

export function compareBytes(a: Bytes, b: Bytes): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
