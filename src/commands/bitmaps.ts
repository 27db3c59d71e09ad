/** Bitmap commands (Redis's bitops.c): SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD. */
import { BIT_ARGUMENT, BIT_VALUE, BITOP_NOT_ONE_KEY, CommandError, SYNTAX, WRONGTYPE } from '../errors.js';
import { type Int64, parseInt64 } from '../numbers.js';
import type { Reply } from '../reply.js';
import { Notify } from '../engine/notify.js';
import type { Bytes } from '../bytes.js';
import type { Session } from '../engine/session.js';
import type { CommandDef } from './spec.js';
import { clampRange } from './ranges.js';
import { int64Arg } from './args.js';
import { cKeyword } from './string-options.js';
import { readString, stringOf } from './string-values.js';
import { bitOffsetArg, bitStringForWrite, firstBit, firstBitInByte, popcount, popcountByte } from './bitstring.js';
import { bitfield, bitfieldRo } from './bitfield.js';

/** SETBIT key offset 0|1: replies the previous bit. */
function setbit(c: Session, argv: Bytes[]): Reply {
  const key = argv[1]!;
  const offset = bitOffsetArg(c, argv[2]!);
  const on = parseInt64(argv[3]!);
  if (on !== 0 && on !== 1) throw new CommandError(BIT_VALUE);
  const { entry, grown } = bitStringForWrite(c, key, offset);
  const s = entry.value as Bytes;
  const byte = offset >> 3;
  const mask = 1 << (7 - (offset & 7));
  const old = s.charCodeAt(byte);
  const was = (old & mask) !== 0 ? 1 : 0;
  // Redis 7.0.15 announces the write only when the bit changes or the string grew.
  if (grown > 0 || was !== on) {
    entry.value = s.slice(0, byte) + String.fromCharCode(on ? old | mask : old & ~mask) + s.slice(byte + 1);
    c.db.signalModified(key);
    c.engine.notify(Notify.String, 'setbit', key, c.db.id);
  }
  return was;
}

function getbit(c: Session, argv: Bytes[]): Reply {
  const offset = bitOffsetArg(c, argv[2]!);
  const s = readString(c, argv[1]!);
  if (s === undefined) return 0;
  const byte = offset >> 3;
  if (byte >= s.length) return 0;
  return (s.charCodeAt(byte) >> (7 - (offset & 7))) & 1;
}

/** The BIT|BYTE unit argument; true for BIT. */
function unitIsBit(arg: Bytes): boolean {
  if (cKeyword(arg, 'BIT')) return true;
  if (cKeyword(arg, 'BYTE')) return false;
  throw new CommandError(SYNTAX);
}

/** BITCOUNT key [start end [BYTE|BIT]] */
function bitcount(c: Session, argv: Bytes[]): Reply {
  // Redis 7.0 looks the key up first: a missing key is 0 whatever the arguments.
  const s = readString(c, argv[1]!);
  if (s === undefined) return 0;
  let start: number;
  let end: number;
  let firstMask = 0;
  let lastMask = 0;
  if (argv.length === 4 || argv.length === 5) {
    const rawStart = int64Arg(argv[2]!);
    const rawEnd = int64Arg(argv[3]!);
    if (rawStart < 0 && rawEnd < 0 && rawStart > rawEnd) return 0;
    const isBit = argv.length === 5 && unitIsBit(argv[4]!);
    ({ start, end, firstMask, lastMask } = byteRange(s, rawStart, rawEnd, isBit));
  } else if (argv.length === 2) {
    start = 0;
    end = s.length - 1;
  } else {
    throw new CommandError(SYNTAX);
  }
  if (start > end) return 0;
  let count = popcount(s, start, end);
  if (firstMask !== 0) count -= popcountByte(s.charCodeAt(start) & firstMask);
  if (lastMask !== 0) count -= popcountByte(s.charCodeAt(end) & lastMask);
  return count;
}

/**
 * A BITCOUNT/BITPOS range as bytes: with BIT units, the bytes holding the first and last bit plus
 * masks of the edge bits that lie outside the range.
 */
function byteRange(s: Bytes, rawStart: Int64, rawEnd: Int64, isBit: boolean) {
  let [start, end] = clampRange(rawStart, rawEnd, isBit ? s.length * 8 : s.length);
  let firstMask = 0;
  let lastMask = 0;
  if (isBit && start <= end) {
    firstMask = ~((1 << (8 - (start & 7))) - 1) & 0xff;
    lastMask = (1 << (7 - (end & 7))) - 1;
    start >>= 3;
    end >>= 3;
  }
  return { start, end, firstMask, lastMask };
}

/** BITPOS key bit [start [end [BYTE|BIT]]] */
function bitpos(c: Session, argv: Bytes[]): Reply {
  const bitArg = int64Arg(argv[2]!);
  if (bitArg !== 0 && bitArg !== 1) throw new CommandError(BIT_ARGUMENT);
  const bit = bitArg as 0 | 1;
  // A missing key is an endless run of zeros.
  const s = readString(c, argv[1]!);
  if (s === undefined) return bit ? -1 : 0;
  let start: number;
  let end: number;
  let endGiven = false;
  let firstMask = 0;
  let lastMask = 0;
  if (argv.length >= 4 && argv.length <= 6) {
    const rawStart = int64Arg(argv[3]!);
    const isBit = argv.length === 6 && unitIsBit(argv[5]!);
    let rawEnd: Int64;
    if (argv.length >= 5) {
      rawEnd = int64Arg(argv[4]!);
      endGiven = true;
    } else {
      rawEnd = isBit ? s.length * 8 + 7 : s.length - 1;
    }
    ({ start, end, firstMask, lastMask } = byteRange(s, rawStart, rawEnd, isBit));
  } else if (argv.length === 3) {
    start = 0;
    end = s.length - 1;
  } else {
    throw new CommandError(SYNTAX);
  }
  if (start > end) return -1;
  return bitposInRange(s, start, end, bit, firstMask, lastMask, endGiven);
}

/** The byte-range search of bitposCommand, edge bytes masked, as Redis 7.0.15 steps through it. */
function bitposInRange(s: Bytes, start: number, end: number, bit: 0 | 1, firstMask: number, lastMask: number, endGiven: boolean): number {
  let bytes = end - start + 1;
  let pos: number;
  // Masked-out edge bits are made to look like the opposite of what is searched.
  const masked = (b: number, mask: number) => (bit ? b & ~mask : b | mask) & 0xff;
  found: {
    if (firstMask !== 0) {
      let b = masked(s.charCodeAt(start), firstMask);
      if (lastMask !== 0 && bytes === 1) b = masked(b, lastMask);
      pos = bit && b === 0 ? -1 : firstBitInByte(b, bit);
      if (bytes === 1 || (pos !== -1 && pos !== 8)) break found;
      start++;
      bytes--;
    }
    const middle = bytes - (lastMask !== 0 ? 1 : 0);
    if (middle > 0) {
      pos = firstBit(s, start, middle, bit);
      if (bytes === middle || (pos !== -1 && pos !== middle * 8)) break found;
      start += middle;
      bytes -= middle;
    }
    const b = masked(s.charCodeAt(end), lastMask);
    pos = bit && b === 0 ? -1 : firstBitInByte(b, bit);
  }
  // With an explicit end the range is not zero-padded: no clear bit in it means -1.
  if (endGiven && bit === 0 && pos === bytes * 8) return -1;
  return pos === -1 ? -1 : pos + start * 8;
}

type BitOp = 'AND' | 'OR' | 'XOR' | 'NOT';

/** BITOP AND|OR|XOR|NOT destkey key [key ...]: replies the length of the result. */
function bitop(c: Session, argv: Bytes[]): Reply {
  const name = argv[1]!;
  const op: BitOp | undefined = (['AND', 'OR', 'XOR', 'NOT'] as const).find((o) => cKeyword(name, o));
  if (op === undefined) throw new CommandError(SYNTAX);
  if (op === 'NOT' && argv.length !== 4) throw new CommandError(BITOP_NOT_ONE_KEY);
  const dest = argv[2]!;
  const sources: Buffer[] = [];
  let maxlen = 0;
  for (let j = 3; j < argv.length; j++) {
    const e = c.db.lookupRead(argv[j]!);
    if (e !== undefined && typeof e.value !== 'string') throw new CommandError(WRONGTYPE);
    const bytes = Buffer.from(e === undefined ? '' : stringOf(e), 'latin1');
    if (bytes.length > maxlen) maxlen = bytes.length;
    sources.push(bytes);
  }
  if (maxlen === 0) {
    if (c.db.delete(dest)) c.engine.notify(Notify.Generic, 'del', dest, c.db.id);
    return 0;
  }
  const result = Buffer.alloc(maxlen);
  const first = sources[0]!;
  for (let i = 0; i < maxlen; i++) {
    let out = i < first.length ? first[i]! : 0;
    if (op === 'NOT') out = ~out & 0xff;
    for (let k = 1; k < sources.length; k++) {
      const src = sources[k]!;
      const b = i < src.length ? src[i]! : 0;
      if (op === 'AND') out &= b;
      else if (op === 'OR') out |= b;
      else out ^= b;
    }
    result[i] = out;
  }
  c.db.setKey(dest, result.toString('latin1')).rawString = true;
  c.engine.notify(Notify.String, 'set', dest, c.db.id);
  return maxlen;
}

export const bitmapCommands: CommandDef[] = [
  { name: 'bitcount', handler: bitcount },
  { name: 'bitfield', handler: bitfield },
  { name: 'bitfield_ro', handler: bitfieldRo },
  { name: 'bitop', handler: bitop },
  { name: 'bitpos', handler: bitpos },
  { name: 'getbit', handler: getbit },
  { name: 'setbit', handler: setbit },
];
