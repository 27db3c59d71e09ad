/**
 * Bits inside binary strings, numbered as Redis numbers them: bit 0 is the most significant bit
 * of the first byte. Shared by SETBIT, GETBIT, BITCOUNT, BITPOS and BITFIELD (bitops.c), and the
 * argument parsing and key preparation they have in common.
 */
import { BIT_OFFSET, CommandError } from '../errors.js';
import { parseInt64 } from '../numbers.js';
import type { Bytes } from '../bytes.js';
import type { Session } from '../engine/session.js';
import type { Entry } from '../engine/values.js';
import { checkStringFits, editInPlace, protoMaxBulkLen, stringOf, zeros } from './string-values.js';

const BITS_IN_BYTE = new Uint8Array(256);
for (let i = 1; i < 256; i++) BITS_IN_BYTE[i] = (i & 1) + BITS_IN_BYTE[i >> 1]!;

/** Set bits in bytes [from, to] of s (redisPopcount). */
export function popcount(s: Bytes, from: number, to: number): number {
  if (to - from < 256) {
    let n = 0;
    for (let i = from; i <= to; i++) n += BITS_IN_BYTE[s.charCodeAt(i)]!;
    return n;
  }
  // Long ranges: one native copy to bytes, then 32 bits at a time (SWAR), several times faster.
  const bytes = new Uint8Array(Buffer.from(s.slice(from, to + 1), 'latin1'));
  const words = new Uint32Array(bytes.buffer, 0, bytes.length >> 2);
  let n = 0;
  for (let w = 0; w < words.length; w++) {
    let v = words[w]!;
    v = v - ((v >>> 1) & 0x55555555);
    v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
    n += Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
  }
  for (let i = words.length * 4; i < bytes.length; i++) n += BITS_IN_BYTE[bytes[i]!]!;
  return n;
}

/** Set bits in one byte value. */
export function popcountByte(b: number): number {
  return BITS_IN_BYTE[b & 0xff]!;
}

/**
 * redisBitpos over `count` bytes of s from `from`: the position (relative to `from`) of the first
 * bit equal to `bit`. Not found: -1 when looking for 1, `count * 8` when looking for 0 (the string
 * is taken as zero-padded on the right).
 */
export function firstBit(s: Bytes, from: number, count: number, bit: 0 | 1): number {
  const skip = bit ? 0 : 0xff;
  for (let i = 0; i < count; i++) {
    const b = s.charCodeAt(from + i);
    if (b !== skip) return i * 8 + firstBitInByte(b, bit);
  }
  return bit ? -1 : count * 8;
}

/** The first bit (0 = most significant) of byte b equal to `bit`; 8 when there is none. */
export function firstBitInByte(b: number, bit: 0 | 1): number {
  for (let k = 0; k < 8; k++) if (((b >> (7 - k)) & 1) === bit) return k;
  return 8;
}

/** The unsigned integer in bits [offset, offset + bits) of s, zero past its end (getUnsignedBitfield). */
export function getBits(s: Bytes, offset: number, bits: number): bigint {
  const first = Math.floor(offset / 8);
  const last = Math.floor((offset + bits - 1) / 8);
  let window = 0n;
  for (let i = first; i <= last; i++) window = (window << 8n) | BigInt(i < s.length ? s.charCodeAt(i) : 0);
  const below = (last + 1) * 8 - (offset + bits);
  return (window >> BigInt(below)) & ((1n << BigInt(bits)) - 1n);
}

/**
 * s with bits [offset, offset + bits) replaced by the low `bits` bits of value
 * (setUnsignedBitfield). s must already reach the last byte written.
 */
export function setBits(s: Bytes, offset: number, bits: number, value: bigint): Bytes {
  const first = Math.floor(offset / 8);
  const last = Math.floor((offset + bits - 1) / 8);
  let window = 0n;
  for (let i = first; i <= last; i++) window = (window << 8n) | BigInt(s.charCodeAt(i));
  const below = BigInt((last + 1) * 8 - (offset + bits));
  const mask = ((1n << BigInt(bits)) - 1n) << below;
  window = (window & ~mask) | ((value << below) & mask);
  let bytes = '';
  for (let i = last; i >= first; i--) {
    bytes = String.fromCharCode(Number(window & 0xffn)) + bytes;
    window >>= 8n;
  }
  return s.slice(0, first) + bytes + s.slice(last + 1);
}

/**
 * getBitOffsetFromArgument: a bit offset, non-negative and addressing a byte below
 * proto-max-bulk-len. With `hash`, `#n` means n * bits (BITFIELD), multiplied in wrapping
 * signed 64 bits as C does.
 */
export function bitOffsetArg(c: Session, arg: Bytes, hash = false, bits = 0): number {
  const useHash = hash && bits > 0 && arg.charCodeAt(0) === 35; // '#'
  const parsed = parseInt64(useHash ? arg.slice(1) : arg);
  if (parsed === undefined) throw new CommandError(BIT_OFFSET);
  let offset = BigInt(parsed);
  if (useHash) offset = BigInt.asIntN(64, offset * BigInt(bits));
  if (offset < 0n || offset >> 3n >= BigInt(protoMaxBulkLen(c))) throw new CommandError(BIT_OFFSET);
  return Number(offset);
}

export interface BitString {
  entry: Entry;
  /** Bytes added to reach `maxbit` (a new key counts all of its bytes). */
  grown: number;
}

/**
 * lookupStringForBitCommand: the string at key, created or zero-padded so bit `maxbit` exists,
 * left in the `raw` encoding. Neither creating nor growing signals the change: Redis announces
 * it only when a bit is written (or the string grew) and the caller decides that.
 */
export function bitStringForWrite(c: Session, key: Bytes, maxbit: number): BitString {
  const needed = Math.floor(maxbit / 8) + 1;
  const e = c.db.lookupWrite(key);
  if (e === undefined) {
    checkStringFits(needed);
    const entry = c.db.add(key, zeros(needed), false);
    entry.rawString = true;
    return { entry, grown: needed };
  }
  const s = stringOf(e);
  const grown = needed > s.length ? needed - s.length : 0;
  if (grown > 0) checkStringFits(needed);
  editInPlace(e, grown > 0 ? s + zeros(grown) : s);
  return { entry: e, grown };
}
