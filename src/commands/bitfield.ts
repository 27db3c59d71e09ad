/**
 * BITFIELD and BITFIELD_RO (bitfieldGeneric in bitops.c): signed and unsigned integers of 1..64
 * bits at any bit offset, with WRAP, SAT or FAIL overflow. Every operation is parsed (and every
 * argument error reported) before any is run.
 */
import {
  BITFIELD_OVERFLOW_TYPE,
  BITFIELD_RO_GET_ONLY,
  BITFIELD_TYPE,
  CommandError,
  SYNTAX,
  WRONGTYPE,
} from '../errors.js';
import { normalizeInt, parseInt64 } from '../numbers.js';
import type { Reply } from '../reply.js';
import { Notify } from '../engine/notify.js';
import type { Bytes } from '../bytes.js';
import type { Session } from '../engine/session.js';
import type { Entry } from '../engine/values.js';
import { int64Arg } from './args.js';
import { cKeyword } from './string-options.js';
import { bitOffsetArg, bitStringForWrite, getBits, setBits } from './bitstring.js';

type Overflow = 'wrap' | 'sat' | 'fail';

interface FieldType {
  signed: boolean;
  bits: number;
}

interface FieldOp extends FieldType {
  op: 'get' | 'set' | 'incrby';
  offset: number;
  /** The SET value or INCRBY increment. */
  value: bigint;
  overflow: Overflow;
}

/** getBitfieldTypeFromArgument: `i1`..`i64` or `u1`..`u63`; the digits are read as a C string. */
function fieldTypeArg(arg: Bytes): FieldType {
  const sign = arg.charCodeAt(0);
  if (sign !== 105 && sign !== 117) throw new CommandError(BITFIELD_TYPE); // 'i', 'u'
  const nul = arg.indexOf('\0', 1);
  const bits = parseInt64(arg.slice(1, nul < 0 ? arg.length : nul));
  const signed = sign === 105;
  if (bits === undefined || bits < 1 || bits > (signed ? 64 : 63)) throw new CommandError(BITFIELD_TYPE);
  return { signed, bits: Number(bits) };
}

function parseOps(c: Session, argv: Bytes[]): { ops: FieldOp[]; writes: boolean; highestBit: number } {
  const ops: FieldOp[] = [];
  let overflow: Overflow = 'wrap';
  let writes = false;
  let highestBit = 0;
  for (let j = 2; j < argv.length; j++) {
    const remaining = argv.length - j - 1;
    const sub = argv[j]!;
    let op: FieldOp['op'];
    if (cKeyword(sub, 'GET') && remaining >= 2) op = 'get';
    else if (cKeyword(sub, 'SET') && remaining >= 3) op = 'set';
    else if (cKeyword(sub, 'INCRBY') && remaining >= 3) op = 'incrby';
    else if (cKeyword(sub, 'OVERFLOW') && remaining >= 1) {
      const kind = argv[++j]!;
      if (cKeyword(kind, 'WRAP')) overflow = 'wrap';
      else if (cKeyword(kind, 'SAT')) overflow = 'sat';
      else if (cKeyword(kind, 'FAIL')) overflow = 'fail';
      else throw new CommandError(BITFIELD_OVERFLOW_TYPE);
      continue;
    } else {
      throw new CommandError(SYNTAX);
    }
    const type = fieldTypeArg(argv[j + 1]!);
    const offset = bitOffsetArg(c, argv[j + 2]!, true, type.bits);
    let value = 0n;
    if (op !== 'get') {
      writes = true;
      if (highestBit < offset + type.bits - 1) highestBit = offset + type.bits - 1;
      value = BigInt(int64Arg(argv[j + 3]!));
    }
    ops.push({ op, offset, value, overflow, ...type });
    j += op === 'get' ? 2 : 3;
  }
  return { ops, writes, highestBit };
}

/** The field's value as its type reads it. */
function readField(s: Bytes, f: FieldType, offset: number): bigint {
  const raw = getBits(s, offset, f.bits);
  return f.signed ? BigInt.asIntN(f.bits, raw) : raw;
}

/** C's int64_t view of a 64-bit two's complement result. */
function int64(x: bigint): bigint {
  return BigInt.asIntN(64, x);
}

/**
 * checkSignedBitfieldOverflow, literally: 1 on overflow, -1 on underflow, 0 when value + incr
 * fits. Its int64 subtractions wrap, so a SET of a value far below the type's minimum counts as an
 * overflow (SAT then stores the maximum), as Redis 7.0 does.
 */
function signedOverflow(value: bigint, incr: bigint, bits: number): number {
  const max = (1n << BigInt(bits - 1)) - 1n;
  const min = -max - 1n;
  const maxIncr = int64(max - value);
  const minIncr = int64(min - value);
  if (value > max || (bits !== 64 && incr > maxIncr) || (value >= 0n && incr > 0n && incr > maxIncr)) return 1;
  if (value < min || (bits !== 64 && incr < minIncr) || (value < 0n && incr < 0n && incr < minIncr)) return -1;
  return 0;
}

/** checkUnsignedBitfieldOverflow, literally (value is a uint64, incr an int64). */
function unsignedOverflow(value: bigint, incr: bigint, bits: number): number {
  const max = (1n << BigInt(bits)) - 1n;
  if (value > max || (incr > 0n && incr > int64(max - value))) return 1;
  if (incr < 0n && incr < int64(-value)) return -1;
  return 0;
}

/**
 * What a SET (incr 0 on the new value) or INCRBY (incr on the old value) stores, per the overflow
 * mode; undefined when FAIL refuses it.
 */
function fitField(f: FieldType, value: bigint, incr: bigint, overflow: Overflow): bigint | undefined {
  const direction = f.signed ? signedOverflow(value, incr, f.bits) : unsignedOverflow(value, incr, f.bits);
  if (direction === 0) return value + incr;
  if (overflow === 'fail') return undefined;
  if (overflow === 'sat') {
    if (!f.signed) return direction > 0 ? (1n << BigInt(f.bits)) - 1n : 0n;
    const max = (1n << BigInt(f.bits - 1)) - 1n;
    return direction > 0 ? max : -max - 1n;
  }
  return f.signed ? BigInt.asIntN(f.bits, value + incr) : BigInt.asUintN(f.bits, value + incr);
}

function bitfieldGeneric(c: Session, argv: Bytes[], readOnly: boolean): Reply {
  const key = argv[1]!;
  const { ops, writes, highestBit } = parseOps(c, argv);
  let s: Bytes;
  let grown = 0;
  let entry: Entry | undefined;
  if (!writes) {
    const e = c.db.lookupRead(key);
    if (e !== undefined && typeof e.value !== 'string') throw new CommandError(WRONGTYPE);
    s = (e?.value as Bytes | undefined) ?? '';
  } else {
    if (readOnly) throw new CommandError(BITFIELD_RO_GET_ONLY);
    const target = bitStringForWrite(c, key, highestBit);
    entry = target.entry;
    grown = target.grown;
    s = entry.value as Bytes;
  }
  const replies: Reply[] = [];
  let changes = 0;
  for (const f of ops) {
    const old = readField(s, f, f.offset);
    if (f.op === 'get') {
      replies.push(normalizeInt(old));
      continue;
    }
    // An unsigned SET takes the value as C's uint64 does: -1 is 2^64 - 1, out of any u type.
    const stored =
      f.op === 'incrby'
        ? fitField(f, old, f.value, f.overflow)
        : fitField(f, f.signed ? f.value : BigInt.asUintN(64, f.value), 0n, f.overflow);
    if (stored === undefined) {
      replies.push(null);
      continue;
    }
    replies.push(normalizeInt(f.op === 'incrby' ? stored : old));
    s = setBits(s, f.offset, f.bits, stored);
    if (grown > 0 || stored !== old) changes++;
  }
  if (entry !== undefined) entry.value = s;
  if (changes > 0) {
    c.db.signalModified(key);
    c.engine.notify(Notify.String, 'setbit', key, c.db.id);
  }
  return replies;
}

/** BITFIELD key [GET type offset] [SET type offset value] [INCRBY type offset increment] [OVERFLOW WRAP|SAT|FAIL] ... */
export function bitfield(c: Session, argv: Bytes[]): Reply {
  return bitfieldGeneric(c, argv, false);
}

/** BITFIELD_RO key [GET type offset] ...: only GET. */
export function bitfieldRo(c: Session, argv: Bytes[]): Reply {
  return bitfieldGeneric(c, argv, true);
}
