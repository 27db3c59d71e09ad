/**
 * Type-agnostic keyspace commands (Redis's db.c): DEL, UNLINK, EXISTS, TYPE, RENAME, RENAMENX,
 * KEYS, SCAN, RANDOMKEY, TOUCH, MOVE, COPY. The TTL commands live in expire.ts.
 */
import type { Bytes } from '../bytes.js';
import {
  CommandError,
  DB_INDEX_OUT_OF_RANGE,
  INVALID_CURSOR,
  NO_SUCH_KEY,
  SAME_OBJECT,
  SYNTAX,
  valueOutOfRange,
} from '../errors.js';
import { globMatcher } from '../glob.js';
import { OK, type Reply, StatusReply } from '../reply.js';
import type { Database } from '../engine/database.js';
import { isLfuPolicy, lfuInitial } from '../engine/lfu.js';
import { Notify } from '../engine/notify.js';
import type { Session } from '../engine/session.js';
import { Entry, isDue, typeOf } from '../engine/values.js';
import { int64Arg, isKeyword } from './args.js';
import { copyDeadline } from './expire.js';
import type { CommandDef } from './spec.js';

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

/** DEL and UNLINK (delGenericCommand): the same here, there is no background freeing. */
function del(c: Session, argv: Bytes[]): Reply {
  const db = c.db;
  let deleted = 0;
  for (let i = 1; i < argv.length; i++) {
    const key = argv[i]!;
    if (!db.delete(key)) continue;
    c.engine.notify(Notify.Generic, 'del', key, db.id);
    deleted++;
  }
  return deleted;
}

/** EXISTS counts a key once per mention. */
function exists(c: Session, argv: Bytes[]): Reply {
  let count = 0;
  for (let i = 1; i < argv.length; i++) if (c.db.lookupRead(argv[i]!, false) !== undefined) count++;
  return count;
}

function type(c: Session, argv: Bytes[]): Reply {
  const e = c.db.lookupRead(argv[1]!, false);
  return new StatusReply(e === undefined ? 'none' : typeOf(e.value));
}

function touch(c: Session, argv: Bytes[]): Reply {
  let touched = 0;
  for (let i = 1; i < argv.length; i++) if (c.db.lookupRead(argv[i]!) !== undefined) touched++;
  return touched;
}

function randomkey(c: Session): Reply {
  return c.db.randomKey() ?? null;
}

/** RENAME and RENAMENX (renameGenericCommand). The entry moves whole: value, TTL, access time. */
function renameGeneric(c: Session, argv: Bytes[], nx: boolean): Reply {
  const db = c.db;
  const from = argv[1]!;
  const to = argv[2]!;
  const e = db.lookupWrite(from);
  if (e === undefined) throw new CommandError(NO_SUCH_KEY);
  // Same name: nothing to do, but only once the key is known to exist.
  if (from === to) return nx ? 0 : OK;
  if (db.lookupWrite(to) !== undefined && nx) return 0;
  db.removeEntry(from, e);
  db.putEntry(to, e);
  db.signalModified(from);
  c.engine.notify(Notify.Generic, 'rename_from', from, db.id);
  c.engine.notify(Notify.Generic, 'rename_to', to, db.id);
  return nx ? 1 : OK;
}

function rename(c: Session, argv: Bytes[]): Reply {
  return renameGeneric(c, argv, false);
}

function renamenx(c: Session, argv: Bytes[]): Reply {
  return renameGeneric(c, argv, true);
}

/** getIntFromObjectOrReply + selectDb: a database index argument. */
function databaseArg(c: Session, s: Bytes): Database {
  const n = Number(int64Arg(s));
  if (n < INT_MIN || n > INT_MAX) throw new CommandError(valueOutOfRange(INT_MIN, INT_MAX));
  const db = c.engine.databases[n];
  if (n < 0 || db === undefined) throw new CommandError(DB_INDEX_OUT_OF_RANGE);
  return db;
}

function move(c: Session, argv: Bytes[]): Reply {
  const key = argv[1]!;
  const src = c.db;
  const dst = databaseArg(c, argv[2]!);
  if (dst === src) throw new CommandError(SAME_OBJECT);
  const e = src.lookupWrite(key);
  if (e === undefined) return 0;
  if (dst.lookupWrite(key) !== undefined) return 0;
  src.removeEntry(key, e);
  dst.putEntry(key, e);
  src.signalModified(key);
  c.engine.notify(Notify.Generic, 'move_from', key, src.id);
  c.engine.notify(Notify.Generic, 'move_to', key, dst.id);
  return 1;
}

/** COPY source destination [DB destination-db] [REPLACE]: a deep copy, TTL included. */
function copy(c: Session, argv: Bytes[]): Reply {
  const src = c.db;
  let dst = c.db;
  let replace = false;
  for (let i = 3; i < argv.length; i++) {
    const arg = argv[i]!;
    if (isKeyword(arg, 'REPLACE')) replace = true;
    else if (isKeyword(arg, 'DB') && i + 1 < argv.length) dst = databaseArg(c, argv[++i]!);
    else throw new CommandError(SYNTAX);
  }
  const from = argv[1]!;
  const to = argv[2]!;
  if (src === dst && from === to) throw new CommandError(SAME_OBJECT);
  const e = src.lookupRead(from);
  if (e === undefined) return 0;
  if (dst.lookupWrite(to) !== undefined && !replace) return 0;
  const value = e.value;
  const now = c.engine.clock.now();
  const duplicate = new Entry(typeof value === 'string' ? value : value.clone(), now);
  if (isLfuPolicy(c.engine.config)) duplicate.lfu = lfuInitial(now);
  // dupStringObject keeps the source's encoding, but never shares an integer.
  duplicate.rawString = e.rawString;
  duplicate.embstrString = e.embstrString;
  duplicate.unsharedInt = typeof value === 'string';
  copyDeadline(e, duplicate);
  dst.putEntry(to, duplicate);
  c.engine.notify(Notify.Generic, 'copy_to', to, dst.id);
  return 1;
}

/** KEYS: O(n) like Redis. Expired keys are skipped, not deleted (keyIsExpired). */
function keys(c: Session, argv: Bytes[]): Reply {
  const pattern = argv[1]!;
  const match = pattern === '*' ? undefined : globMatcher(pattern);
  const now = c.engine.clock.now();
  const out: Bytes[] = [];
  for (const [key, e] of c.db.dict) {
    if (match !== undefined && !match(key)) continue;
    if (isDue(e.expiresAt, now)) continue;
    out.push(key);
  }
  return out;
}

/**
 * parseScanCursorOrReply: strtoul rules. No leading space; an optional sign (a negative cursor
 * wraps around); the digits run to the end or to a NUL (C stops reading there); an empty
 * cursor is 0; anything past 2^64-1 is invalid.
 */
export function parseScanCursor(s: Bytes): number {
  const nul = s.indexOf('\0');
  const text = nul >= 0 ? s.slice(0, nul) : s;
  if (text.length === 0) return 0;
  const m = /^([+-]?)(\d+)$/.exec(text);
  if (m === null) throw new CommandError(INVALID_CURSOR);
  const magnitude = BigInt(m[2]!);
  if (magnitude > 0xffffffffffffffffn) throw new CommandError(INVALID_CURSOR);
  const value = m[1] === '-' ? BigInt.asUintN(64, -magnitude) : magnitude;
  return Number(value);
}

/** strcasecmp against a C string: the argument ends at its first NUL. */
function sameTypeName(requested: Bytes, actual: string): boolean {
  const nul = requested.indexOf('\0');
  const name = nul >= 0 ? requested.slice(0, nul) : requested;
  return name.length === actual.length && name.toLowerCase() === actual;
}

function scan(c: Session, argv: Bytes[]): Reply {
  const cursor = parseScanCursor(argv[1]!);
  let count = 10;
  let pattern: Bytes | undefined;
  let typeName: Bytes | undefined;
  for (let i = 2; i < argv.length; i += 2) {
    const arg = argv[i]!;
    const hasValue = i + 1 < argv.length;
    if (isKeyword(arg, 'COUNT') && hasValue) {
      count = Number(int64Arg(argv[i + 1]!));
      if (count < 1) throw new CommandError(SYNTAX);
    } else if (isKeyword(arg, 'MATCH') && hasValue) {
      pattern = argv[i + 1]!;
    } else if (isKeyword(arg, 'TYPE') && hasValue) {
      typeName = argv[i + 1]!;
    } else {
      throw new CommandError(SYNTAX);
    }
  }
  const db = c.db;
  const match = pattern === undefined || pattern === '*' ? undefined : globMatcher(pattern);
  const [next, found] = db.scan(cursor, count, (key, e) => {
    if (match !== undefined && !match(key)) return false;
    if (typeName !== undefined) {
      // Redis looks the key up to learn its type: a hit or a miss is counted, a due key expires
      // and then reads as `none`, so `TYPE none` returns it, as Redis does.
      const live = db.lookupRead(key, false);
      return sameTypeName(typeName, live === undefined ? 'none' : typeOf(live.value));
    }
    if (e.expiresAt !== 0 && isDue(e.expiresAt, c.engine.clock.now())) {
      db.expireEntry(key, e);
      return false;
    }
    return true;
  });
  return [String(next), found];
}

export const keyCommands: CommandDef[] = [
  { name: 'del', handler: del },
  { name: 'unlink', handler: del },
  { name: 'exists', handler: exists },
  { name: 'type', handler: type },
  { name: 'touch', handler: touch },
  { name: 'randomkey', handler: randomkey },
  { name: 'rename', handler: rename },
  { name: 'renamenx', handler: renamenx },
  { name: 'move', handler: move },
  { name: 'copy', handler: copy },
  { name: 'keys', handler: keys },
  { name: 'scan', handler: scan },
];
