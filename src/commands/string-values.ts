/**
 * Helpers shared by the commands that read and edit string values (t_string.c and bitops.c):
 * the type check, Redis's size limit, and in-place edits that leave the `raw` encoding behind.
 */
import { CommandError, STRING_TOO_LONG, WRONGTYPE } from '../errors.js';
import type { Bytes } from '../bytes.js';
import type { Session } from '../engine/session.js';
import type { Entry } from '../engine/values.js';

/** The string an entry holds, or WRONGTYPE (Redis's checkType against OBJ_STRING). */
export function stringOf(e: Entry): Bytes {
  if (typeof e.value !== 'string') throw new CommandError(WRONGTYPE);
  return e.value;
}

/** The string at key for a read (lookupKeyRead: counts a hit or a miss), or undefined. */
export function readString(c: Session, key: Bytes): Bytes | undefined {
  const e = c.db.lookupRead(key);
  return e === undefined ? undefined : stringOf(e);
}

/** `proto-max-bulk-len`: the longest string a command may build (512MB by default). */
export function protoMaxBulkLen(c: Session): number {
  return Number(c.engine.config.get('proto-max-bulk-len'));
}

/**
 * V8 cannot hold a string longer than this (2^29 - 24 chars), a little under Redis's default
 * 512MB limit; past it the stub answers with Redis's own size error rather than crash.
 */
const MAX_JS_STRING_LENGTH = 2 ** 29 - 24;

/** checkStringLength: a string of `size` bytes may be built, or Redis's size error. */
export function checkStringLength(c: Session, size: number): void {
  if (size > protoMaxBulkLen(c)) throw new CommandError(STRING_TOO_LONG);
  checkStringFits(size);
}

/** Where Redis builds the string unchecked: only this process's own limit applies. */
export function checkStringFits(size: number): void {
  if (size > MAX_JS_STRING_LENGTH) throw new CommandError(STRING_TOO_LONG);
}

/** `n` zero bytes (sdsgrowzero's padding). */
export function zeros(n: number): Bytes {
  return n <= 0 ? '' : '\0'.repeat(n);
}

/**
 * Replaces an existing string in place, as Redis edits the sds of an unshared object: the TTL
 * stays and the encoding becomes `raw`. The caller signals the modification (or, where Redis
 * does not, deliberately does not).
 */
export function editInPlace(e: Entry, value: Bytes): void {
  e.value = value;
  e.rawString = true;
  e.embstrString = false;
  // dbUnshareStringValue made a private copy: no queued argument holds this value any more.
  e.heldByQueue = false;
}

/** Overwrites `from..from+part.length` of s with part, zero-padding s first when it is shorter. */
export function spliceBytes(s: Bytes, from: number, part: Bytes): Bytes {
  const end = from + part.length;
  if (s.length >= end) return s.slice(0, from) + part + s.slice(end);
  if (s.length >= from) return s.slice(0, from) + part;
  return s + zeros(from - s.length) + part;
}
