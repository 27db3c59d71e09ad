/**
 * Redis 7.0's listpack element encoding (listpack.c), shared by every value that Redis keeps as a
 * listpack: quicklist nodes (lists), stream nodes, small hashes and sorted sets.
 *
 *   listpack: total-bytes (uint32 LE) | num-elements (uint16 LE) | element_1 .. element_N | 0xFF
 *   element:  encoding + payload | backlen (lpEncodeBacklen: the encoding+payload length, 1..5 bytes)
 *
 * Integers (and strings lpStringToInt64 reads as int64) take the 7-bit uint, 13/16/24/32/64-bit int
 * encodings; other strings the 6/12/32-bit length encodings. Sizes come without building bytes,
 * and numbers take a number path (no bigint) wherever the value fits one.
 */
import type { Bytes } from '../../bytes.js';
import { parseInt64 } from '../../numbers.js';

/** LP_HDR_SIZE: total bytes (4) and element count (2). */
export const LP_HDR_SIZE = 6;
/** lpNew's header and the end byte (LP_EOF): what an empty listpack takes. */
export const LISTPACK_OVERHEAD = LP_HDR_SIZE + 1;

/** lpEncodeBacklen's byte count for an element whose encoding and payload take `len` bytes. */
export function lpBacklenSize(len: number): number {
  if (len <= 127) return 1;
  if (len < 16383) return 2;
  if (len < 2097151) return 3;
  if (len < 268435455) return 4;
  return 5;
}

/** The integer encoding's bytes (lpEncodeIntegerGetType), without backlen. */
export function lpIntEncodedSize(v: number | bigint): number {
  // Every boundary is far below 2^53, so a bigint compares exactly as a number.
  const n = typeof v === 'number' ? v : Number(v);
  if (n >= 0 && n <= 127) return 1;
  if (n >= -4096 && n <= 4095) return 2;
  if (n >= -32768 && n <= 32767) return 3;
  if (n >= -8388608 && n <= 8388607) return 4;
  if (n >= -2147483648 && n <= 2147483647) return 5;
  return 9;
}

/** Bytes of an integer element (lpAppendInteger): an encoding of at most 9 bytes has a 1-byte backlen. */
export function lpIntSize(v: number | bigint): number {
  return lpIntEncodedSize(v) + 1;
}

/** The string encoding's bytes (6, 12 or 32-bit length, then the string), without backlen. */
export function lpStringEncodedSize(len: number): number {
  return len + (len < 64 ? 1 : len < 4096 ? 2 : 5);
}

/** Bytes of a string element: one lpStringToInt64 accepts is stored as an integer. */
export function lpElementSize(s: Bytes): number {
  const v = s.length <= 20 ? parseInt64(s) : undefined;
  if (v !== undefined) return lpIntEncodedSize(v) + 1;
  const enc = lpStringEncodedSize(s.length);
  return enc + lpBacklenSize(enc);
}

/** The low `bytes` (at most 4) bytes of v, little-endian; a negative v as two's complement. */
function le32(v: number, bytes: number): string {
  let out = '';
  for (let i = 0; i < bytes; i++) out += String.fromCharCode((v >>> (8 * i)) & 0xff);
  return out;
}

function le64(v: bigint): string {
  let u = BigInt.asUintN(64, v);
  let out = '';
  for (let i = 0; i < 8; i++) {
    out += String.fromCharCode(Number(u & 0xffn));
    u >>= 8n;
  }
  return out;
}

/** lpEncodeBacklen's bytes: the most significant 7-bit group first, every later byte with bit 128. */
export function lpBacklen(len: number): string {
  if (len <= 127) return String.fromCharCode(len);
  if (len < 16383) return String.fromCharCode(len >> 7, (len & 127) | 128);
  if (len < 2097151) return String.fromCharCode(len >> 14, ((len >> 7) & 127) | 128, (len & 127) | 128);
  if (len < 268435455) return String.fromCharCode(len >> 21, ((len >> 14) & 127) | 128, ((len >> 7) & 127) | 128, (len & 127) | 128);
  return String.fromCharCode(len >> 28, ((len >> 21) & 127) | 128, ((len >> 14) & 127) | 128, ((len >> 7) & 127) | 128, (len & 127) | 128);
}

/** An integer element with its backlen (lpEncodeIntegerGetType's encodings; the backlen is the encoding's length). */
export function lpEncodeInt(v: number | bigint): string {
  const n = typeof v === 'number' ? v : Number(v);
  if (n >= 0 && n <= 127) return String.fromCharCode(n, 1);
  if (n >= -4096 && n <= 4095) {
    const u = n < 0 ? (1 << 13) + n : n;
    return String.fromCharCode((u >> 8) | 0xc0, u & 0xff, 2);
  }
  if (n >= -32768 && n <= 32767) return '\xf1' + le32(n, 2) + '\x03';
  if (n >= -8388608 && n <= 8388607) return '\xf2' + le32(n, 3) + '\x04';
  if (n >= -2147483648 && n <= 2147483647) return '\xf3' + le32(n, 4) + '\x05';
  return '\xf4' + le64(BigInt(v)) + '\x09';
}

/** A string element with its backlen, stored as text (6, 12 or 32-bit length). */
export function lpEncodeString(s: Bytes): string {
  const len = s.length;
  if (len < 64) return String.fromCharCode(0x80 | len) + s + lpBacklen(1 + len);
  if (len < 4096) return String.fromCharCode((len >> 8) | 0xe0, len & 0xff) + s + lpBacklen(2 + len);
  return '\xf0' + le32(len, 4) + s + lpBacklen(5 + len);
}

/** An element as lpAppend/lpInsertString store it: as an integer when lpStringToInt64 accepts it. */
export function lpEncodeElement(s: Bytes): string {
  const v = s.length <= 20 ? parseInt64(s) : undefined;
  return v !== undefined ? lpEncodeInt(v) : lpEncodeString(s);
}

/** The header: total bytes, then the element count (65535, LP_HDR_NUMELE_UNKNOWN, from there on). */
export function lpHeader(totalBytes: number, count: number): string {
  return le32(totalBytes, 4) + le32(Math.min(count, 65535), 2);
}

/** A whole listpack around already encoded elements. */
export function lpWrap(body: string, count: number): string {
  return lpHeader(LISTPACK_OVERHEAD + body.length, count) + body + '\xff';
}
