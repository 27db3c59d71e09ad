/**
 * List commands (t_list.c): argument checks, key lookups, replies and keyspace events in Redis
 * 7.0's order. Every push goes through `pushed`, the one place a later "key ready" signal for
 * blocked clients (BLPOP and friends) hooks in.
 */
import type { Bytes } from '../bytes.js';
import {
  COUNT_NOT_POSITIVE,
  CommandError,
  INDEX_OUT_OF_RANGE,
  LPOS_COUNT_NEGATIVE,
  LPOS_MAXLEN_NEGATIVE,
  LPOS_RANK_ZERO,
  MUST_BE_POSITIVE,
  NO_SUCH_KEY,
  NUMKEYS_NOT_POSITIVE,
  SYNTAX,
  WRONGTYPE,
  wrongArity,
} from '../errors.js';
import { Notify } from '../engine/notify.js';
import type { Session } from '../engine/session.js';
import type { Entry } from '../engine/values.js';
import { RedisList } from '../engine/types/list.js';
import { NIL_ARRAY, OK, type Reply } from '../reply.js';
import { intArg, isKeyword } from './args.js';
import type { CommandDef } from './spec.js';

export type End = 'head' | 'tail';

/** The list in an entry, or WRONGTYPE (checkType). */
export function listOf(e: Entry): RedisList {
  if (!(e.value instanceof RedisList)) throw new CommandError(WRONGTYPE);
  return e.value;
}

/** getListPositionFromObjectOrReply: LEFT or RIGHT. */
export function endArg(s: string): End {
  if (isKeyword(s, 'LEFT')) return 'head';
  if (isKeyword(s, 'RIGHT')) return 'tail';
  throw new CommandError(SYNTAX);
}

/** getRangeLongFromObjectOrReply(min, LONG_MAX, msg): the message for a bad number too. */
function atLeast(s: string, min: number, error: string): number {
  const n = intArg(s, error);
  if (n < min) throw new CommandError(error);
  return n;
}

function createList(c: Session): RedisList {
  return RedisList.create(c.engine.config);
}

/**
 * After elements were pushed to key: the modification and its `lpush`/`rpush` event. Blocked
 * clients waiting on the key will be woken from here.
 */
function pushed(c: Session, key: Bytes, end: End): void {
  c.db.signalModified(key);
  c.engine.notify(Notify.List, end === 'head' ? 'lpush' : 'rpush', key, c.db.id);
}

/** Deletes the key when its list became empty, with Redis's `del` event. */
function deleteIfEmpty(c: Session, key: Bytes, e: Entry, list: RedisList): void {
  if (list.length !== 0) return;
  c.db.removeEntry(key, e);
  c.engine.notify(Notify.Generic, 'del', key, c.db.id);
}

/**
 * listElementsRemoved: the pop event, the key deleted when emptied, the modification. Serving a
 * blocked client passes `signal` false: the push that fed it signalled already (as Redis says).
 */
export function popped(c: Session, key: Bytes, e: Entry, list: RedisList, end: End, signal = true): void {
  c.engine.notify(Notify.List, end === 'head' ? 'lpop' : 'rpop', key, c.db.id);
  deleteIfEmpty(c, key, e, list);
  if (signal) c.db.signalModified(key);
}

function push(list: RedisList, value: Bytes, end: End): void {
  if (end === 'head') list.pushHead(value);
  else list.pushTail(value);
}

export function pop(list: RedisList, end: End): Bytes {
  return end === 'head' ? list.popHead() : list.popTail();
}

/** pushGenericCommand: LPUSH, RPUSH, and with onlyExisting LPUSHX, RPUSHX. */
function pushGeneric(c: Session, argv: string[], end: End, onlyExisting: boolean): Reply {
  const key = argv[1]!;
  const e = c.db.lookupWrite(key);
  let list: RedisList;
  if (e !== undefined) list = listOf(e);
  else {
    if (onlyExisting) return 0;
    list = createList(c);
    c.db.add(key, list, false);
  }
  for (let i = 2; i < argv.length; i++) push(list, argv[i]!, end);
  pushed(c, key, end);
  return list.length;
}

/** popGenericCommand: LPOP and RPOP, with an optional count. */
function popGeneric(c: Session, argv: string[], end: End): Reply {
  if (argv.length > 3) throw new CommandError(wrongArity(end === 'head' ? 'lpop' : 'rpop'));
  const hasCount = argv.length === 3;
  const count = hasCount ? atLeast(argv[2]!, 0, MUST_BE_POSITIVE) : 0;
  const key = argv[1]!;
  const e = c.db.lookupWrite(key);
  if (e === undefined) return hasCount ? NIL_ARRAY : null;
  const list = listOf(e);
  if (hasCount && count === 0) return [];
  if (!hasCount) {
    const value = pop(list, end);
    popped(c, key, e, list, end);
    return value;
  }
  const n = Math.min(count, list.length);
  const out = new Array<Bytes>(n);
  for (let i = 0; i < n; i++) out[i] = pop(list, end);
  popped(c, key, e, list, end);
  return out;
}

/** The index Redis means by a possibly negative one, or -1 when outside the list. */
function resolveIndex(index: number, length: number): number {
  const i = index < 0 ? length + index : index;
  return i >= 0 && i < length ? i : -1;
}

function lindex(c: Session, argv: string[]): Reply {
  const e = c.db.lookupRead(argv[1]!);
  if (e === undefined) return null;
  const list = listOf(e);
  const i = resolveIndex(intArg(argv[2]!), list.length);
  return i < 0 ? null : list.at(i);
}

function lset(c: Session, argv: string[]): Reply {
  const key = argv[1]!;
  const e = c.db.lookupWrite(key);
  if (e === undefined) throw new CommandError(NO_SUCH_KEY);
  const list = listOf(e);
  const i = resolveIndex(intArg(argv[2]!), list.length);
  if (i < 0) throw new CommandError(INDEX_OUT_OF_RANGE);
  list.set(i, argv[3]!);
  c.db.signalModified(key);
  c.engine.notify(Notify.List, 'lset', key, c.db.id);
  return OK;
}

function llen(c: Session, argv: string[]): Reply {
  const e = c.db.lookupRead(argv[1]!);
  return e === undefined ? 0 : listOf(e).length;
}

/** addListRangeReply's clamping: [start, end] inside the list, or undefined when empty. */
function clampRange(start: number, end: number, length: number): [number, number] | undefined {
  if (start < 0) start = length + start;
  if (end < 0) end = length + end;
  if (start < 0) start = 0;
  if (start > end || start >= length) return undefined;
  if (end >= length) end = length - 1;
  return [start, end];
}

function lrange(c: Session, argv: string[]): Reply {
  const start = intArg(argv[2]!);
  const end = intArg(argv[3]!);
  const e = c.db.lookupRead(argv[1]!);
  if (e === undefined) return [];
  const list = listOf(e);
  const range = clampRange(start, end, list.length);
  return range === undefined ? [] : list.slice(range[0], range[1]);
}

function ltrim(c: Session, argv: string[]): Reply {
  const start = intArg(argv[2]!);
  const end = intArg(argv[3]!);
  const key = argv[1]!;
  const e = c.db.lookupWrite(key);
  if (e === undefined) return OK;
  const list = listOf(e);
  const length = list.length;
  const range = clampRange(start, end, length);
  const fromHead = range === undefined ? length : range[0];
  const fromTail = range === undefined ? 0 : length - range[1] - 1;
  for (let i = 0; i < fromHead; i++) list.popHead();
  for (let i = 0; i < fromTail; i++) list.popTail();
  c.engine.notify(Notify.List, 'ltrim', key, c.db.id);
  deleteIfEmpty(c, key, e, list);
  c.db.signalModified(key);
  return OK;
}

function lrem(c: Session, argv: string[]): Reply {
  const count = intArg(argv[2]!);
  const key = argv[1]!;
  const e = c.db.lookupWrite(key);
  if (e === undefined) return 0;
  const list = listOf(e);
  const removed = list.removeMatching(argv[3]!, Math.abs(count), count < 0);
  if (removed > 0) {
    c.db.signalModified(key);
    c.engine.notify(Notify.List, 'lrem', key, c.db.id);
  }
  deleteIfEmpty(c, key, e, list);
  return removed;
}

function linsert(c: Session, argv: string[]): Reply {
  let after: boolean;
  if (isKeyword(argv[2]!, 'AFTER')) after = true;
  else if (isKeyword(argv[2]!, 'BEFORE')) after = false;
  else throw new CommandError(SYNTAX);
  const key = argv[1]!;
  const e = c.db.lookupWrite(key);
  if (e === undefined) return 0;
  const list = listOf(e);
  const pivot = list.indexOf(argv[3]!);
  if (pivot < 0) return -1;
  list.insertAt(pivot, after, argv[4]!);
  c.db.signalModified(key);
  c.engine.notify(Notify.List, 'linsert', key, c.db.id);
  return list.length;
}

/** lmoveGenericCommand: LMOVE and RPOPLPUSH. */
export function moveGeneric(c: Session, source: Bytes, destination: Bytes, from: End, to: End): Reply {
  const se = c.db.lookupWrite(source);
  if (se === undefined) return null;
  return moveFrom(c, source, se, listOf(se), destination, from, to, true);
}

/**
 * lmoveGenericCommand once the source list is found: WRONGTYPE for a destination of another type
 * (before anything moves), else pop, push (creating the destination), events, the source deleted
 * when emptied. `signalSource` as in `popped`.
 */
export function moveFrom(c: Session, source: Bytes, se: Entry, sourceList: RedisList, destination: Bytes, from: End, to: End, signalSource: boolean): Bytes {
  const de = c.db.lookupWrite(destination);
  const existing = de === undefined ? undefined : listOf(de);
  const value = pop(sourceList, from);
  let target = existing;
  if (target === undefined) {
    target = createList(c);
    c.db.add(destination, target, false);
  }
  push(target, value, to);
  pushed(c, destination, to);
  c.engine.notify(Notify.List, from === 'head' ? 'lpop' : 'rpop', source, c.db.id);
  deleteIfEmpty(c, source, se, sourceList);
  if (signalSource) c.db.signalModified(source);
  return value;
}

function lmove(c: Session, argv: string[]): Reply {
  const from = endArg(argv[3]!);
  const to = endArg(argv[4]!);
  return moveGeneric(c, argv[1]!, argv[2]!, from, to);
}

function rpoplpush(c: Session, argv: string[]): Reply {
  return moveGeneric(c, argv[1]!, argv[2]!, 'tail', 'head');
}

export interface MpopArgs {
  keys: Bytes[];
  end: End;
  count: number;
}

/** lmpopGenericCommand's parsing: numkeys at `numkeysAt`, the keys, LEFT|RIGHT, [COUNT count]. */
export function parseMpop(argv: string[], numkeysAt: number): MpopArgs {
  const numkeys = atLeast(argv[numkeysAt]!, 1, NUMKEYS_NOT_POSITIVE);
  const whereAt = numkeysAt + numkeys + 1;
  if (whereAt >= argv.length) throw new CommandError(SYNTAX);
  const end = endArg(argv[whereAt]!);
  let count = -1;
  for (let j = whereAt + 1; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    if (count === -1 && isKeyword(argv[j]!, 'COUNT') && more > 0) count = atLeast(argv[++j]!, 1, COUNT_NOT_POSITIVE);
    else throw new CommandError(SYNTAX);
  }
  return { keys: argv.slice(numkeysAt + 1, whereAt), end, count: count === -1 ? 1 : count };
}

/** listPopRangeAndReplyWithKey: up to count elements from one end, as `[key, [elements]]`. */
export function popRangeWithKey(c: Session, key: Bytes, e: Entry, list: RedisList, end: End, count: number, signal = true): Reply {
  const n = Math.min(count, list.length);
  const out = new Array<Bytes>(n);
  for (let i = 0; i < n; i++) out[i] = pop(list, end);
  popped(c, key, e, list, end, signal);
  return [key, out];
}

/** LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count]. */
function lmpop(c: Session, argv: string[]): Reply {
  const { keys, end, count } = parseMpop(argv, 1);
  for (const key of keys) {
    const e = c.db.lookupWrite(key);
    if (e === undefined) continue;
    const list = listOf(e);
    if (list.length === 0) continue;
    return popRangeWithKey(c, key, e, list, end, count);
  }
  return NIL_ARRAY;
}

/** LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]. */
function lpos(c: Session, argv: string[]): Reply {
  const element = argv[2]!;
  let rank = 1;
  let count = -1;
  let maxlen = 0;
  for (let j = 3; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    const opt = argv[j]!;
    if (isKeyword(opt, 'RANK') && more > 0) {
      rank = intArg(argv[++j]!);
      if (rank === 0) throw new CommandError(LPOS_RANK_ZERO);
    } else if (isKeyword(opt, 'COUNT') && more > 0) {
      count = atLeast(argv[++j]!, 0, LPOS_COUNT_NEGATIVE);
    } else if (isKeyword(opt, 'MAXLEN') && more > 0) {
      maxlen = atLeast(argv[++j]!, 0, LPOS_MAXLEN_NEGATIVE);
    } else {
      throw new CommandError(SYNTAX);
    }
  }
  let fromTail = false;
  // -LONG_MIN overflows back to LONG_MIN in C: every match is then at or past the rank, and the
  // COUNT test (matches - rank + 1 >= count) overflows too, so it never stops early.
  const rankIsMin = rank === -(2 ** 63);
  if (rank < 0) {
    fromTail = true;
    rank = rankIsMin ? -Infinity : -rank;
  }
  const e = c.db.lookupRead(argv[1]!);
  if (e === undefined) return count !== -1 ? [] : null;
  const list = listOf(e);
  const length = list.length;
  const found: number[] = [];
  let matches = 0;
  for (let step = 0; step < length && (maxlen === 0 || step < maxlen); step++) {
    const index = fromTail ? length - step - 1 : step;
    if (list.at(index) !== element) continue;
    matches++;
    if (matches < rank) continue;
    if (count === -1) return index;
    found.push(index);
    if (count !== 0 && !rankIsMin && matches - rank + 1 >= count) break;
  }
  return count === -1 ? null : found;
}

export const listCommands: CommandDef[] = [
  { name: 'lindex', handler: lindex },
  { name: 'linsert', handler: linsert },
  { name: 'llen', handler: llen },
  { name: 'lmove', handler: lmove },
  { name: 'lmpop', handler: lmpop },
  { name: 'lpop', handler: (c, argv) => popGeneric(c, argv, 'head') },
  { name: 'lpos', handler: lpos },
  { name: 'lpush', handler: (c, argv) => pushGeneric(c, argv, 'head', false) },
  { name: 'lpushx', handler: (c, argv) => pushGeneric(c, argv, 'head', true) },
  { name: 'lrange', handler: lrange },
  { name: 'lrem', handler: lrem },
  { name: 'lset', handler: lset },
  { name: 'ltrim', handler: ltrim },
  { name: 'rpop', handler: (c, argv) => popGeneric(c, argv, 'tail') },
  { name: 'rpoplpush', handler: rpoplpush },
  { name: 'rpush', handler: (c, argv) => pushGeneric(c, argv, 'tail', false) },
  { name: 'rpushx', handler: (c, argv) => pushGeneric(c, argv, 'tail', true) },
];
