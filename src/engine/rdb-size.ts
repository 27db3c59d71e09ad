/**
 * How many bytes Redis 7.0's RDB format takes for lengths and strings (rdbSaveLen,
 * rdbSaveRawString): what DEBUG OBJECT's serializedlength and, later, DUMP payloads are built from.
 */
import { parseInt64 } from '../numbers.js';
import { lzfCompress } from './lzf.js';

/** rdbSaveLen: 1, 2, 5 or 9 bytes. */
export function rdbLenBytes(len: number): number {
  if (len < 1 << 6) return 1;
  if (len < 1 << 14) return 2;
  if (len <= 0xffffffff) return 5;
  return 9;
}

/** rdbEncodeInteger: 2, 3 or 5 bytes for 8, 16 and 32-bit integers, 0 beyond. */
export function rdbIntegerBytes(v: number | bigint): number {
  const n = Number(v);
  if (n >= -128 && n <= 127) return 2;
  if (n >= -32768 && n <= 32767) return 3;
  if (n >= -2147483648 && n <= 2147483647) return 5;
  return 0;
}

/** rdbSaveLzfBlob's size for a compressed string of `compressed` bytes that was `original` bytes. */
export function rdbLzfBytes(compressed: number, original: number): number {
  return 1 + rdbLenBytes(compressed) + rdbLenBytes(original) + compressed;
}

/** rdbSaveRawString's length: integer encoding, then LZF when it saves at least four bytes, else verbatim. */
export function rdbRawStringBytes(s: string, compression: boolean): number {
  if (s.length <= 11) {
    const v = parseInt64(s);
    if (v !== undefined) {
      const bytes = rdbIntegerBytes(v);
      if (bytes > 0) return bytes;
    }
  }
  if (compression && s.length > 20) {
    const compressed = lzfCompress(s, s.length - 4);
    if (compressed !== undefined) return rdbLzfBytes(compressed.length, s.length);
  }
  return rdbLenBytes(s.length) + s.length;
}
