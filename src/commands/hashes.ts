/** Hash commands (Redis 7.0's t_hash.c). */
import {
  CommandError,
  HASH_NOT_FLOAT,
  HASH_NOT_INTEGER,
  INCR_NAN_OR_INFINITY,
  NOT_FLOAT,
  OVERFLOW,
  RANDOM_COUNT_RANGE,
  SYNTAX,
  VALUE_NAN_OR_INFINITY,
  VALUE_OUT_OF_RANGE,
  WRONGTYPE,
  wrongArity,
} from '../errors.js';
import { addInt64, int64ToString, parseInt64 } from '../numbers.js';
import { addLongDouble, formatLongDoubleHuman, isFiniteLongDouble, parseLongDouble } from '../longdouble.js';
import { MapReply, OK, type Reply } from '../reply.js';
import { Notify } from '../engine/notify.js';
import { RedisHash } from '../engine/types/hash.js';
import type { Entry } from '../engine/values.js';
import type { Bytes } from '../bytes.js';
import type { Session } from '../engine/session.js';
import type { CommandDef } from './spec.js';
import { int64Arg, isKeyword } from './args.js';
import { parseScanCursor } from './keys.js';
import { globMatcher } from '../glob.js';

function hashOf(e: Entry): RedisHash {
  if (!(e.value instanceof RedisHash)) throw new CommandError(WRONGTYPE);
  return e.value;
}

/** lookupKeyRead + checkType: the hash at key, or undefined when absent. */
function readHash(c: Session, key: Bytes): RedisHash | undefined {
  const e = c.db.lookupRead(key);
  return e === undefined ? undefined : hashOf(e);
}

/** lookupKeyWrite + checkType: the hash at key, or undefined when absent. */
function writeHash(c: Session, key: Bytes): RedisHash | undefined {
  const e = c.db.lookupWrite(key);
  return e === undefined ? undefined : hashOf(e);
}

/** hashTypeLookupWriteOrCreate: the hash at key, created (and added) when absent. */
function writeOrCreateHash(c: Session, key: Bytes): RedisHash {
  const existing = writeHash(c, key);
  if (existing !== undefined) return existing;
  const h = new RedisHash();
  c.db.add(key, h, false);
  return h;
}

function thresholds(c: Session) {
  return c.engine.config.thresholds;
}

/** HSET and HMSET: pairs after the key; HSET answers how many fields are new, HMSET OK. */
function hsetGeneric(c: Session, argv: Bytes[], name: string): number {
  if (argv.length % 2 === 1) throw new CommandError(wrongArity(name));
  const key = argv[1]!;
  const h = writeOrCreateHash(c, key);
  const t = thresholds(c);
  h.tryConversion(t, argv, 2);
  let created = 0;
  for (let i = 2; i < argv.length; i += 2) if (h.set(t, argv[i]!, argv[i + 1]!)) created++;
  c.db.signalModified(key);
  c.engine.notify(Notify.Hash, 'hset', key, c.db.id);
  return created;
}

function hset(c: Session, argv: Bytes[]): Reply {
  return hsetGeneric(c, argv, 'hset');
}

function hmset(c: Session, argv: Bytes[]): Reply {
  hsetGeneric(c, argv, 'hmset');
  return OK;
}

function hsetnx(c: Session, argv: Bytes[]): Reply {
  const key = argv[1]!;
  const h = writeOrCreateHash(c, key);
  if (h.has(argv[2]!)) return 0;
  const t = thresholds(c);
  h.tryConversion(t, argv, 2);
  h.set(t, argv[2]!, argv[3]!);
  c.db.signalModified(key);
  c.engine.notify(Notify.Hash, 'hset', key, c.db.id);
  return 1;
}

function hget(c: Session, argv: Bytes[]): Reply {
  return readHash(c, argv[1]!)?.get(argv[2]!) ?? null;
}

function hmget(c: Session, argv: Bytes[]): Reply {
  const h = readHash(c, argv[1]!);
  const out: Reply[] = [];
  for (let i = 2; i < argv.length; i++) out.push(h?.get(argv[i]!) ?? null);
  return out;
}

function hdel(c: Session, argv: Bytes[]): Reply {
  const key = argv[1]!;
  const e = c.db.lookupWrite(key);
  if (e === undefined) return 0;
  const h = hashOf(e);
  let deleted = 0;
  let keyRemoved = false;
  for (let i = 2; i < argv.length; i++) {
    if (h.delete(argv[i]!)) {
      deleted++;
      if (h.size === 0) {
        c.db.removeEntry(key, e);
        keyRemoved = true;
        break;
      }
    }
  }
  if (deleted > 0) {
    c.db.signalModified(key);
    c.engine.notify(Notify.Hash, 'hdel', key, c.db.id);
    if (keyRemoved) c.engine.notify(Notify.Generic, 'del', key, c.db.id);
  }
  return deleted;
}

function hlen(c: Session, argv: Bytes[]): Reply {
  return readHash(c, argv[1]!)?.size ?? 0;
}

function hstrlen(c: Session, argv: Bytes[]): Reply {
  return readHash(c, argv[1]!)?.get(argv[2]!)?.length ?? 0;
}

function hexists(c: Session, argv: Bytes[]): Reply {
  return readHash(c, argv[1]!)?.has(argv[2]!) ? 1 : 0;
}

function hincrby(c: Session, argv: Bytes[]): Reply {
  const incr = int64Arg(argv[3]!);
  const key = argv[1]!;
  const field = argv[2]!;
  const h = writeOrCreateHash(c, key);
  const current = h.get(field);
  let value: ReturnType<typeof parseInt64> = 0;
  if (current !== undefined) {
    value = parseInt64(current);
    if (value === undefined) throw new CommandError(HASH_NOT_INTEGER);
  }
  const sum = addInt64(value, incr);
  if (sum === undefined) throw new CommandError(OVERFLOW);
  h.set(thresholds(c), field, int64ToString(sum));
  c.db.signalModified(key);
  c.engine.notify(Notify.Hash, 'hincrby', key, c.db.id);
  return sum;
}

function hincrbyfloat(c: Session, argv: Bytes[]): Reply {
  const incr = parseLongDouble(argv[3]!);
  if (incr === undefined) throw new CommandError(NOT_FLOAT);
  if (!isFiniteLongDouble(incr)) throw new CommandError(VALUE_NAN_OR_INFINITY);
  const key = argv[1]!;
  const field = argv[2]!;
  const h = writeOrCreateHash(c, key);
  const current = h.get(field);
  let sum = incr;
  if (current !== undefined) {
    const value = parseLongDouble(current);
    if (value === undefined) throw new CommandError(HASH_NOT_FLOAT);
    sum = addLongDouble(value, incr);
    if (!isFiniteLongDouble(sum)) throw new CommandError(INCR_NAN_OR_INFINITY);
  }
  const text = formatLongDoubleHuman(sum);
  h.set(thresholds(c), field, text);
  c.db.signalModified(key);
  c.engine.notify(Notify.Hash, 'hincrbyfloat', key, c.db.id);
  return text;
}

const KEYS = 1;
const VALUES = 2;

/** genericHgetallCommand: HGETALL is a map (RESP3), HKEYS and HVALS flat arrays. */
function hgetallGeneric(c: Session, key: Bytes, what: number): Reply {
  const h = readHash(c, key);
  const out: Reply[] = [];
  if (h !== undefined) {
    for (const [field, value] of h.entries()) {
      if (what & KEYS) out.push(field);
      if (what & VALUES) out.push(value);
    }
  }
  return what === (KEYS | VALUES) ? new MapReply(out) : out;
}

function hgetall(c: Session, argv: Bytes[]): Reply {
  return hgetallGeneric(c, argv[1]!, KEYS | VALUES);
}

function hkeys(c: Session, argv: Bytes[]): Reply {
  return hgetallGeneric(c, argv[1]!, KEYS);
}

function hvals(c: Session, argv: Bytes[]): Reply {
  return hgetallGeneric(c, argv[1]!, VALUES);
}

const LONG_MAX = 9223372036854775807n;

function hrandfield(c: Session, argv: Bytes[]): Reply {
  if (argv.length >= 3) {
    const l = int64Arg(argv[2]!);
    if (BigInt(l) < -LONG_MAX) throw new CommandError(RANDOM_COUNT_RANGE);
    let withValues = false;
    if (argv.length > 4 || (argv.length === 4 && !isKeyword(argv[3]!, 'WITHVALUES'))) throw new CommandError(SYNTAX);
    if (argv.length === 4) {
      withValues = true;
      if (BigInt(l) < -LONG_MAX / 2n || BigInt(l) > LONG_MAX / 2n) throw new CommandError(VALUE_OUT_OF_RANGE);
    }
    return hrandfieldWithCount(c, argv[1]!, Number(l), withValues);
  }
  const h = readHash(c, argv[1]!);
  return h === undefined ? null : h.randomField();
}

/** hrandfieldWithCountCommand: unique fields for a positive count, repeats allowed for a negative one. */
function hrandfieldWithCount(c: Session, key: Bytes, l: number, withValues: boolean): Reply {
  const h = readHash(c, key);
  if (h === undefined || l === 0) return [];
  const out: Reply[] = [];
  const pairs = withValues && c.resp === 3;
  const emit = (field: Bytes, value: Bytes) => {
    if (pairs) out.push([field, value]);
    else {
      out.push(field);
      if (withValues) out.push(value);
    }
  };
  const size = h.size;
  const count = Math.abs(l);
  if (l < 0 || count === 1) {
    for (let i = 0; i < count; i++) {
      const field = h.randomField();
      emit(field, h.get(field)!);
    }
    return out;
  }
  if (count >= size) {
    for (const [field, value] of h.entries()) emit(field, value);
    return out;
  }
  if (h.isListpack) {
    // lpRandomPairsUnique: a uniform sample, emitted in the listpack's order.
    let needed = count;
    let left = size;
    for (const [field, value] of h.entries()) {
      if (Math.random() * left < needed) {
        emit(field, value);
        if (--needed === 0) break;
      }
      left--;
    }
    return out;
  }
  if (count * 3 > size) {
    // Most of the hash: a partial shuffle of the positions.
    const slots = Array.from({ length: size }, (_, i) => i);
    for (let i = 0; i < count; i++) {
      const j = i + Math.floor(Math.random() * (size - i));
      const s = slots[j]!;
      slots[j] = slots[i]!;
      slots[i] = s;
      const field = h.fieldAt(s);
      emit(field, h.get(field)!);
    }
    return out;
  }
  const seen = new Set<Bytes>();
  while (seen.size < count) {
    const field = h.randomField();
    if (seen.has(field)) continue;
    seen.add(field);
    emit(field, h.get(field)!);
  }
  return out;
}

/** HSCAN: a listpack answers in one page (cursor 0); a hashtable page by page. */
function hscan(c: Session, argv: Bytes[]): Reply {
  const cursor = parseScanCursor(argv[2]!);
  const h = readHash(c, argv[1]!);
  if (h === undefined) return ['0', []];
  let count = 10;
  let match: ((s: Bytes) => boolean) | undefined;
  for (let i = 3; i < argv.length; i += 2) {
    const hasValue = i + 1 < argv.length;
    if (isKeyword(argv[i]!, 'COUNT') && hasValue) {
      count = Number(int64Arg(argv[i + 1]!));
      if (count < 1) throw new CommandError(SYNTAX);
    } else if (isKeyword(argv[i]!, 'MATCH') && hasValue) {
      const pattern = argv[i + 1]!;
      match = pattern === '*' ? undefined : globMatcher(pattern);
    } else {
      throw new CommandError(SYNTAX);
    }
  }
  const items: Bytes[] = [];
  let next = 0;
  if (h.isListpack) {
    for (const [field, value] of h.entries()) if (match === undefined || match(field)) items.push(field, value);
  } else {
    const [after, fields] = h.scan(cursor, count);
    next = after;
    for (const field of fields) if (match === undefined || match(field)) items.push(field, h.get(field)!);
  }
  return [String(next), items];
}

export const hashCommands: CommandDef[] = [
  { name: 'hdel', handler: hdel },
  { name: 'hexists', handler: hexists },
  { name: 'hget', handler: hget },
  { name: 'hgetall', handler: hgetall },
  { name: 'hincrby', handler: hincrby },
  { name: 'hincrbyfloat', handler: hincrbyfloat },
  { name: 'hkeys', handler: hkeys },
  { name: 'hlen', handler: hlen },
  { name: 'hmget', handler: hmget },
  { name: 'hmset', handler: hmset },
  { name: 'hrandfield', handler: hrandfield },
  { name: 'hscan', handler: hscan },
  { name: 'hset', handler: hset },
  { name: 'hsetnx', handler: hsetnx },
  { name: 'hstrlen', handler: hstrlen },
  { name: 'hvals', handler: hvals },
];
