/**
 * TTL commands (Redis's expire.c): EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT (NX XX GT LT), TTL, PTTL,
 * EXPIRETIME, PEXPIRETIME, PERSIST; plus the helpers other commands use to set and read exact
 * deadlines.
 */
import type { Bytes } from '../bytes.js';
import {
  CommandError,
  EXPIRE_GT_LT_CONFLICT,
  EXPIRE_NX_CONFLICT,
  invalidExpireTime,
  unsupportedOption,
} from '../errors.js';
import { type Int64, INT64_MAX, INT64_MIN, normalizeInt } from '../numbers.js';
import type { Reply } from '../reply.js';
import type { Database } from '../engine/database.js';
import { Notify } from '../engine/notify.js';
import type { Session } from '../engine/session.js';
import type { Entry } from '../engine/values.js';
import { int64Arg, isKeyword } from './args.js';
import type { CommandDef } from './spec.js';

/**
 * Deadlines are kept as JS numbers (exact up to 2^53 ms, the year 287396), which is all that the
 * expiry machinery needs. Redis accepts any int64 (PEXPIREAT k 9223372036854775807) and reports
 * it back exactly, so the rare deadline past 2^53 is also kept exactly here, valid while the
 * entry's number still says the same.
 */
const exactDeadlines = new WeakMap<Entry, bigint>();

/** Sets key's deadline in ms (setExpire), exactly. */
export function setDeadline(db: Database, key: Bytes, e: Entry, when: Int64): void {
  const approx = Number(when);
  db.setExpire(key, e, approx);
  if (Number.isSafeInteger(approx)) exactDeadlines.delete(e);
  else exactDeadlines.set(e, BigInt(when));
}

/** The entry's deadline in ms (getExpire), exactly; the entry must have one. */
export function deadlineOf(e: Entry): bigint {
  const exact = exactDeadlines.get(e);
  return exact !== undefined && Number(exact) === e.expiresAt ? exact : BigInt(Math.trunc(e.expiresAt));
}

/** Gives `to` the deadline of `from` (COPY), before `to` is stored. */
export function copyDeadline(from: Entry, to: Entry): void {
  to.expiresAt = from.expiresAt;
  const exact = exactDeadlines.get(from);
  if (exact !== undefined) exactDeadlines.set(to, exact);
}

const NX = 1;
const XX = 2;
const GT = 4;
const LT = 8;

/** parseExtendedExpireArgumentsOrReply. */
function expireFlags(argv: Bytes[]): number {
  let flags = 0;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j]!;
    if (isKeyword(opt, 'NX')) flags |= NX;
    else if (isKeyword(opt, 'XX')) flags |= XX;
    else if (isKeyword(opt, 'GT')) flags |= GT;
    else if (isKeyword(opt, 'LT')) flags |= LT;
    else throw new CommandError(unsupportedOption(opt));
  }
  if (flags & NX && flags & (XX | GT | LT)) throw new CommandError(EXPIRE_NX_CONFLICT);
  if (flags & GT && flags & LT) throw new CommandError(EXPIRE_GT_LT_CONFLICT);
  return flags;
}

/** Below this, argument * 1000 + now stays an exact JS number: no need for bigints. */
const SMALL = 2 ** 40;

/**
 * The deadline in ms for an EXPIRE-family argument, with Redis's overflow checks: the unit
 * conversion first, then the addition of the base time (now, or 0 for the *AT forms).
 */
function absoluteDeadline(arg: Int64, name: string, basetime: number, seconds: boolean): Int64 {
  if (typeof arg === 'number' && arg < SMALL && arg > -SMALL) return (seconds ? arg * 1000 : arg) + basetime;
  let when = BigInt(arg);
  if (seconds) {
    if (when > INT64_MAX / 1000n || when < INT64_MIN / 1000n) throw new CommandError(invalidExpireTime(name));
    when *= 1000n;
  }
  if (when > INT64_MAX - BigInt(basetime)) throw new CommandError(invalidExpireTime(name));
  return normalizeInt(when + BigInt(basetime));
}

/**
 * expireGenericCommand: `relative` adds the current time (EXPIRE, PEXPIRE), `seconds` scales the
 * argument (EXPIRE, EXPIREAT); `name` is for the error text.
 */
function expireGeneric(c: Session, argv: Bytes[], name: string, relative: boolean, seconds: boolean): Reply {
  const flags = expireFlags(argv);
  const now = c.engine.clock.now();
  const when = absoluteDeadline(int64Arg(argv[2]!), name, relative ? now : 0, seconds);

  const db = c.db;
  const key = argv[1]!;
  const e = db.lookupWrite(key);
  if (e === undefined) return 0;
  if (flags !== 0) {
    const current = e.expiresAt === 0 ? undefined : normalizeInt(deadlineOf(e));
    if (flags & NX && current !== undefined) return 0;
    if (flags & XX && current === undefined) return 0;
    // No TTL counts as an infinite one: GT never beats it, LT always does.
    if (flags & GT && (current === undefined || when <= current)) return 0;
    if (flags & LT && current !== undefined && when >= current) return 0;
  }
  if (when <= now) {
    // A deadline already past deletes the key (propagated as DEL), without counting an expiry.
    db.removeEntry(key, e);
    db.signalModified(key);
    c.engine.notify(Notify.Generic, 'del', key, db.id);
    return 1;
  }
  setDeadline(db, key, e, when);
  db.signalModified(key);
  c.engine.notify(Notify.Generic, 'expire', key, db.id);
  return 1;
}

/** ttlGenericCommand: -2 without the key, -1 without a TTL; seconds are rounded to nearest. */
function ttlGeneric(c: Session, argv: Bytes[], ms: boolean, absolute: boolean): Reply {
  const e = c.db.lookupRead(argv[1]!, false);
  if (e === undefined) return -2;
  if (e.expiresAt === 0) return -1;
  if (Number.isSafeInteger(e.expiresAt)) {
    const ttl = Math.max(0, absolute ? e.expiresAt : e.expiresAt - c.engine.clock.now());
    return ms ? ttl : Math.floor((ttl + 500) / 1000);
  }
  const deadline = deadlineOf(e);
  let ttl = absolute ? deadline : deadline - BigInt(c.engine.clock.now());
  if (ttl < 0n) ttl = 0n;
  return normalizeInt(ms ? ttl : (ttl + 500n) / 1000n);
}

function persist(c: Session, argv: Bytes[]): Reply {
  const db = c.db;
  const key = argv[1]!;
  const e = db.lookupWrite(key);
  if (e === undefined || !db.persist(key, e)) return 0;
  db.signalModified(key);
  c.engine.notify(Notify.Generic, 'persist', key, db.id);
  return 1;
}

export const expireCommands: CommandDef[] = [
  { name: 'expire', handler: (c, argv) => expireGeneric(c, argv, 'expire', true, true) },
  { name: 'pexpire', handler: (c, argv) => expireGeneric(c, argv, 'pexpire', true, false) },
  { name: 'expireat', handler: (c, argv) => expireGeneric(c, argv, 'expireat', false, true) },
  { name: 'pexpireat', handler: (c, argv) => expireGeneric(c, argv, 'pexpireat', false, false) },
  { name: 'ttl', handler: (c, argv) => ttlGeneric(c, argv, false, false) },
  { name: 'pttl', handler: (c, argv) => ttlGeneric(c, argv, true, false) },
  { name: 'expiretime', handler: (c, argv) => ttlGeneric(c, argv, false, true) },
  { name: 'pexpiretime', handler: (c, argv) => ttlGeneric(c, argv, true, true) },
  { name: 'persist', handler: persist },
];
