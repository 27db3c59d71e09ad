/** String commands (Redis's t_string.c). */
import {
  CommandError,
  DECREMENT_OVERFLOW,
  INCR_NAN_OR_INFINITY,
  NOT_FLOAT,
  NOT_INTEGER,
  OFFSET_OUT_OF_RANGE,
  OVERFLOW,
  wrongArity,
} from '../errors.js';
import { INT64_MIN, type Int64, addInt64, int64ToString, parseInt64 } from '../numbers.js';
import {
  addLongDouble,
  formatLongDoubleHuman,
  isFiniteLongDouble,
  longDoubleFromInteger,
  parseLongDouble,
} from '../longdouble.js';
import { OK, type Reply } from '../reply.js';
import { Notify } from '../engine/notify.js';
import type { Bytes } from '../bytes.js';
import type { Session } from '../engine/session.js';
import type { CommandDef } from './spec.js';
import { clampRange } from './ranges.js';
import { int64Arg } from './args.js';
import { StringFlag, expireDeadline, parseExtendedOptions } from './string-options.js';
import { checkStringLength, editInPlace, readString, spliceBytes, stringOf, zeros } from './string-values.js';
import { lcs } from './string-lcs.js';

function get(c: Session, argv: Bytes[]): Reply {
  return readString(c, argv[1]!) ?? null;
}

/**
 * setGenericCommand: SET and its older forms. The expire is validated first, then GET's read
 * (which may fail with WRONGTYPE), then NX/XX decide.
 */
function setGeneric(
  c: Session,
  command: string,
  flags: number,
  key: Bytes,
  value: Bytes,
  expire: Bytes | undefined,
  milliseconds: boolean,
  okReply: Reply,
  abortReply: Reply,
): Reply {
  let deadline = 0;
  if (expire !== undefined) {
    const absolute = (flags & (StringFlag.EXAT | StringFlag.PXAT)) !== 0;
    deadline = expireDeadline(expire, milliseconds, absolute, c.engine.clock.now(), command);
  }
  let previous: Bytes | null = null;
  if (flags & StringFlag.Get) previous = readString(c, key) ?? null;
  const existing = c.db.lookupWrite(key);
  const found = existing !== undefined;
  if ((flags & StringFlag.NX && found) || (flags & StringFlag.XX && !found)) {
    return flags & StringFlag.Get ? previous : abortReply;
  }
  const e = c.db.setFound(key, existing, value, (flags & StringFlag.KeepTtl) !== 0);
  c.holdQueuedArgument(e);
  c.engine.notify(Notify.String, 'set', key, c.db.id);
  if (expire !== undefined) {
    c.db.setExpire(key, e, deadline);
    c.engine.notify(Notify.Generic, 'expire', key, c.db.id);
  }
  return flags & StringFlag.Get ? previous : okReply;
}

function set(c: Session, argv: Bytes[]): Reply {
  if (argv.length === 3) return setGeneric(c, 'set', 0, argv[1]!, argv[2]!, undefined, false, OK, null);
  const { flags, expire, milliseconds } = parseExtendedOptions(argv, 3, true);
  return setGeneric(c, 'set', flags, argv[1]!, argv[2]!, expire, milliseconds, OK, null);
}

function setnx(c: Session, argv: Bytes[]): Reply {
  return setGeneric(c, 'setnx', StringFlag.NX, argv[1]!, argv[2]!, undefined, false, 1, 0);
}

function setex(c: Session, argv: Bytes[]): Reply {
  return setGeneric(c, 'setex', StringFlag.EX, argv[1]!, argv[3]!, argv[2]!, false, OK, null);
}

function psetex(c: Session, argv: Bytes[]): Reply {
  return setGeneric(c, 'psetex', StringFlag.PX, argv[1]!, argv[3]!, argv[2]!, true, OK, null);
}

function getset(c: Session, argv: Bytes[]): Reply {
  const key = argv[1]!;
  const previous = readString(c, key) ?? null;
  c.holdQueuedArgument(c.db.setKey(key, argv[2]!));
  c.engine.notify(Notify.String, 'set', key, c.db.id);
  return previous;
}

function getdel(c: Session, argv: Bytes[]): Reply {
  const key = argv[1]!;
  const value = readString(c, key);
  if (value === undefined) return null;
  c.db.delete(key);
  c.engine.notify(Notify.Generic, 'del', key, c.db.id);
  return value;
}

/** GETEX: GET that may also set (EX PX EXAT PXAT) or remove (PERSIST) the TTL. */
function getex(c: Session, argv: Bytes[]): Reply {
  const { flags, expire, milliseconds } = parseExtendedOptions(argv, 2, false);
  const key = argv[1]!;
  const e = c.db.lookupRead(key);
  if (e === undefined) return null;
  const value = stringOf(e);
  const now = c.engine.clock.now();
  const absolute = (flags & (StringFlag.EXAT | StringFlag.PXAT)) !== 0;
  if (expire !== undefined) {
    const deadline = expireDeadline(expire, milliseconds, absolute, now, 'getex');
    if (absolute && deadline <= now) {
      // A deadline already past deletes the key at once (checkAlreadyExpired).
      c.db.delete(key);
      c.engine.notify(Notify.Generic, 'del', key, c.db.id);
    } else {
      c.db.setExpire(key, e, deadline);
      c.db.signalModified(key);
      c.engine.notify(Notify.Generic, 'expire', key, c.db.id);
    }
  } else if (flags & StringFlag.Persist) {
    if (c.db.persist(key, e)) {
      c.db.signalModified(key);
      c.engine.notify(Notify.Generic, 'persist', key, c.db.id);
    }
  }
  return value;
}

function getrange(c: Session, argv: Bytes[]): Reply {
  const start = int64Arg(argv[2]!);
  const end = int64Arg(argv[3]!);
  const s = readString(c, argv[1]!);
  if (s === undefined) return '';
  // Compared before any conversion: int64 values past 2^53 are not exact as numbers.
  if (start < 0 && end < 0 && start > end) return '';
  const len = s.length;
  const [from, to] = clampRange(start, end, len);
  if (from > to || len === 0) return '';
  return s.slice(from, to + 1);
}

function strlen(c: Session, argv: Bytes[]): Reply {
  return readString(c, argv[1]!)?.length ?? 0;
}

function mget(c: Session, argv: Bytes[]): Reply {
  const replies: Reply[] = new Array(argv.length - 1);
  for (let i = 1; i < argv.length; i++) {
    const e = c.db.lookupRead(argv[i]!);
    replies[i - 1] = e !== undefined && typeof e.value === 'string' ? e.value : null;
  }
  return replies;
}

function msetGeneric(c: Session, argv: Bytes[], nx: boolean): Reply {
  if (argv.length % 2 === 0) throw new CommandError(wrongArity(nx ? 'msetnx' : 'mset'));
  if (nx) {
    for (let j = 1; j < argv.length; j += 2) if (c.db.lookupWrite(argv[j]!) !== undefined) return 0;
  }
  for (let j = 1; j < argv.length; j += 2) {
    c.holdQueuedArgument(c.db.setKey(argv[j]!, argv[j + 1]!));
    c.engine.notify(Notify.String, 'set', argv[j]!, c.db.id);
  }
  return nx ? 1 : OK;
}

function mset(c: Session, argv: Bytes[]): Reply {
  return msetGeneric(c, argv, false);
}

function msetnx(c: Session, argv: Bytes[]): Reply {
  return msetGeneric(c, argv, true);
}

/** incrDecrCommand: the stored string must be a strict int64; the TTL survives (dbOverwrite). */
function incrDecr(c: Session, key: Bytes, increment: Int64): Reply {
  const e = c.db.lookupWrite(key);
  let current: Int64 = 0;
  if (e !== undefined) {
    const parsed = parseInt64(stringOf(e));
    if (parsed === undefined) throw new CommandError(NOT_INTEGER);
    current = parsed;
  }
  const result = addInt64(current, increment);
  if (result === undefined) throw new CommandError(OVERFLOW);
  const text = int64ToString(result);
  if (e === undefined) c.db.add(key, text);
  else c.db.setFound(key, e, text, true);
  c.engine.notify(Notify.String, 'incrby', key, c.db.id);
  return result;
}

function incr(c: Session, argv: Bytes[]): Reply {
  return incrDecr(c, argv[1]!, 1);
}

function decr(c: Session, argv: Bytes[]): Reply {
  return incrDecr(c, argv[1]!, -1);
}

function incrby(c: Session, argv: Bytes[]): Reply {
  return incrDecr(c, argv[1]!, int64Arg(argv[2]!));
}

function decrby(c: Session, argv: Bytes[]): Reply {
  const decrement = int64Arg(argv[2]!);
  if (decrement === INT64_MIN) throw new CommandError(DECREMENT_OVERFLOW);
  return incrDecr(c, argv[1]!, typeof decrement === 'bigint' ? -decrement : 0 - decrement);
}

const LONG_DOUBLE_ZERO = longDoubleFromInteger(0);

/** INCRBYFLOAT: computed in x87 long double and printed as Redis does (see longdouble.ts). */
function incrbyfloat(c: Session, argv: Bytes[]): Reply {
  const key = argv[1]!;
  const e = c.db.lookupWrite(key);
  const current = e === undefined ? LONG_DOUBLE_ZERO : parseLongDouble(stringOf(e));
  const increment = parseLongDouble(argv[2]!);
  if (current === undefined || increment === undefined) throw new CommandError(NOT_FLOAT);
  const sum = addLongDouble(current, increment);
  if (!isFiniteLongDouble(sum)) throw new CommandError(INCR_NAN_OR_INFINITY);
  const text = formatLongDoubleHuman(sum);
  const entry = e === undefined ? c.db.add(key, text) : c.db.setFound(key, e, text, true);
  entry.embstrString = true;
  // Redis rewrites the command as SET key <new value> KEEPTTL for propagation, so inside EXEC the
  // queued argv holds the stored object too (OBJECT REFCOUNT says 2 until EXEC returns).
  c.holdQueuedArgument(entry);
  c.engine.notify(Notify.String, 'incrbyfloat', key, c.db.id);
  return text;
}

function append(c: Session, argv: Bytes[]): Reply {
  const key = argv[1]!;
  const tail = argv[2]!;
  const e = c.db.lookupWrite(key);
  let length: number;
  if (e === undefined) {
    c.holdQueuedArgument(c.db.add(key, tail));
    length = tail.length;
  } else {
    const head = stringOf(e);
    length = head.length + tail.length;
    checkStringLength(c, length);
    editInPlace(e, head + tail);
    c.db.signalModified(key);
  }
  c.engine.notify(Notify.String, 'append', key, c.db.id);
  return length;
}

function setrange(c: Session, argv: Bytes[]): Reply {
  const key = argv[1]!;
  const offset = Number(int64Arg(argv[2]!));
  const part = argv[3]!;
  if (offset < 0) throw new CommandError(OFFSET_OUT_OF_RANGE);
  const e = c.db.lookupWrite(key);
  let result: Bytes;
  if (e === undefined) {
    if (part.length === 0) return 0;
    checkStringLength(c, offset + part.length);
    result = zeros(offset) + part;
    c.db.add(key, result).rawString = true;
  } else {
    const s = stringOf(e);
    if (part.length === 0) return s.length;
    checkStringLength(c, offset + part.length);
    result = spliceBytes(s, offset, part);
    editInPlace(e, result);
    c.db.signalModified(key);
  }
  c.engine.notify(Notify.String, 'setrange', key, c.db.id);
  return result.length;
}

export const stringCommands: CommandDef[] = [
  { name: 'append', handler: append },
  { name: 'decr', handler: decr },
  { name: 'decrby', handler: decrby },
  { name: 'get', handler: get },
  { name: 'getdel', handler: getdel },
  { name: 'getex', handler: getex },
  { name: 'getrange', handler: getrange },
  { name: 'getset', handler: getset },
  { name: 'incr', handler: incr },
  { name: 'incrby', handler: incrby },
  { name: 'incrbyfloat', handler: incrbyfloat },
  { name: 'lcs', handler: lcs },
  { name: 'mget', handler: mget },
  { name: 'mset', handler: mset },
  { name: 'msetnx', handler: msetnx },
  { name: 'psetex', handler: psetex },
  { name: 'set', handler: set },
  { name: 'setex', handler: setex },
  { name: 'setnx', handler: setnx },
  { name: 'setrange', handler: setrange },
  { name: 'strlen', handler: strlen },
  { name: 'substr', handler: getrange },
];
