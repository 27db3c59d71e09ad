/**
 * Stream commands without consumer groups (t_stream.c): XADD, XRANGE, XREVRANGE, XLEN, XDEL,
 * XTRIM, XSETID and XREAD. Argument checks, key lookups, replies and keyspace events follow Redis
 * 7.0's order; the groups commands live in stream-groups.ts.
 */
import type { Bytes } from '../bytes.js';
import {
  CommandError,
  NO_SUCH_KEY,
  SYNTAX,
  wrongArity,
  LIMIT_WITHOUT_APPROX,
  LIMIT_WITHOUT_STRATEGY,
  MAXLEN_AND_MINID,
  MAXLEN_NEGATIVE,
  LIMIT_NEGATIVE_STREAM,
  XADD_ID_TOO_SMALL,
  XADD_ID_ZERO,
  XADD_ELEMENTS_TOO_LARGE,
  XADD_EXHAUSTED,
  XREAD_GT_ID,
  XSETID_ENTRIES_ADDED_NEGATIVE,
  XSETID_ENTRIES_ADDED_SMALL,
  XSETID_MAX_DELETED_ARG,
  XSETID_TOP_ITEM,
  XTRIM_NO_STRATEGY,
} from '../errors.js';
import { Notify } from '../engine/notify.js';
import type { Session } from '../engine/session.js';
import { type NodeLimits, RedisStream, type TrimSpec } from '../engine/types/stream.js';
import { compareIds, formatId, isZeroId, MIN_ID, nextId, type StreamId, UINT64_MAX } from '../engine/types/stream-id.js';
import { NIL_ARRAY, OK, type Reply } from '../reply.js';
import { int64Arg, isKeyword } from './args.js';
import type { CommandDef } from './spec.js';
import { readReply, parseXreadArgs } from './stream-read-args.js';
import { cString, entriesReply, parseStreamId, parseStreamIdFull, rangeEnd, rangeStart, streamOf, strtoullCalls } from './stream-args.js';


/** XREAD_BLOCKED_DEFAULT_COUNT: what a reader served after waiting gets at most, without COUNT. */
const XREAD_BLOCKED_DEFAULT_COUNT = 1000;
/** The node limits from stream-node-max-bytes and stream-node-max-entries. */
function nodeLimits(c: Session): NodeLimits {
  const config = c.engine.config;
  return { maxBytes: Number(config.get('stream-node-max-bytes')), maxEntries: Number(config.get('stream-node-max-entries')) };
}

/** A 64-bit integer option (getLongLongFromObjectOrReply) as a bigint. */
function longLong(arg: Bytes): bigint {
  return BigInt(int64Arg(arg));
}

interface AddTrimArgs {
  trim: TrimSpec | undefined;
  noMkStream: boolean;
  /** XADD's explicit ID (undefined for `*`). */
  id: StreamId | undefined;
  seqGiven: boolean;
  /** Where the ID is (XADD): the fields follow it. */
  idIndex: number;
}

/** streamParseAddOrTrimArgsOrReply. */
function parseAddOrTrim(c: Session, argv: Bytes[], xadd: boolean): AddTrimArgs {
  let strategy: 'maxlen' | 'minid' | undefined;
  let approx = false;
  let maxlen = 0n;
  let minid: StreamId = MIN_ID;
  let limit = 0n;
  let limitGiven = false;
  let noMkStream = false;
  let id: StreamId | undefined;
  let seqGiven = true;
  let i = 2;
  for (; i < argv.length; i++) {
    const more = argv.length - 1 - i;
    const opt = argv[i]!;
    if (xadd && cString(opt) === '*') break;
    if ((isKeyword(opt, 'MAXLEN') || isKeyword(opt, 'MINID')) && more > 0) {
      if (strategy !== undefined) throw new CommandError(MAXLEN_AND_MINID);
      approx = false;
      const next = cString(argv[i + 1]!);
      if (more >= 2 && next === '~') {
        approx = true;
        i++;
      } else if (more >= 2 && next === '=') i++;
      if (isKeyword(opt, 'MAXLEN')) {
        maxlen = longLong(argv[i + 1]!);
        if (maxlen < 0n) throw new CommandError(MAXLEN_NEGATIVE);
        strategy = 'maxlen';
      } else {
        minid = parseStreamId(argv[i + 1]!, 0n, true);
        strategy = 'minid';
      }
      i++;
    } else if (isKeyword(opt, 'LIMIT') && more > 0) {
      limit = longLong(argv[i + 1]!);
      if (limit < 0n) throw new CommandError(LIMIT_NEGATIVE_STREAM);
      limitGiven = true;
      i++;
    } else if (xadd && isKeyword(opt, 'NOMKSTREAM')) {
      noMkStream = true;
    } else if (xadd) {
      const parsed = parseStreamIdFull(opt, 0n, true, true);
      id = parsed.id;
      seqGiven = parsed.seqGiven;
      break;
    } else {
      throw new CommandError(SYNTAX);
    }
  }
  if (limit !== 0n && strategy === undefined) throw new CommandError(LIMIT_WITHOUT_STRATEGY);
  if (!xadd && strategy === undefined) throw new CommandError(XTRIM_NO_STRATEGY);
  if (limitGiven) {
    if (!approx) throw new CommandError(LIMIT_WITHOUT_APPROX);
  } else {
    // Without LIMIT, `~` still caps the work at 100 nodes' worth of entries; exact trimming never.
    limit = approx ? 100n * BigInt(nodeLimits(c).maxEntries) : 0n;
  }
  const trim: TrimSpec | undefined =
    strategy === undefined
      ? undefined
      : { strategy, maxlen: Number(maxlen), minid, approx, limit: Number(limit) };
  return { trim, noMkStream, id, seqGiven, idIndex: i };
}

/**
 * Redis 7.0.15's XADD picks its error text by errno, and one path (ms-* past seq 2^64-1) fails
 * without setting it: the reply then depends on errno left by earlier work. We follow what the
 * oracle shows: a failed XADD's EDOM stays until an ID parse goes through strtoull, a client
 * connects or leaves, or a radix-tree walk may reach its end (raxNext/raxPrev clear errno at EOF:
 * range reads, XDEL, trimming, XADD to an empty stream), after which errno is something else
 * ("Elements are too large"). An approximation: only this rare error's text depends on it.
 */
interface ErrnoState {
  session: Session;
  clients: number;
  parses: number;
}
const edomLeft = new WeakMap<object, ErrnoState>();

function setEdom(c: Session): void {
  edomLeft.set(c.engine, { session: c, clients: c.engine.nextClientId, parses: strtoullCalls });
}

/** A radix-tree walk that may reach EOF (see ErrnoState). */
function raxWalked(c: Session): void {
  edomLeft.delete(c.engine);
}

function errnoIsEdom(c: Session): boolean {
  const e = edomLeft.get(c.engine);
  return e !== undefined && !e.session.closed && e.clients === c.engine.nextClientId && e.parses === strtoullCalls;
}

/** The ID XADD will use, or the error Redis gives (streamAppendItem's EDOM). */
function newEntryId(c: Session, s: RedisStream, args: AddTrimArgs): StreamId {
  const last = s.lastId;
  let id: StreamId;
  if (args.id === undefined) {
    // streamNextID: the clock, or the last ID's successor when the clock is not past it.
    const ms = BigInt(c.engine.clock.now());
    id = ms > last.ms ? { ms, seq: 0n } : (nextId(last) ?? MIN_ID);
  } else if (!args.seqGiven && args.id.ms === last.ms) {
    // Redis 7.0.15 returns C_ERR here without setting errno (see ErrnoState).
    if (last.seq === UINT64_MAX) throw new CommandError(errnoIsEdom(c) ? XADD_ID_TOO_SMALL : XADD_ELEMENTS_TOO_LARGE);
    id = { ms: last.ms, seq: last.seq + 1n };
  } else {
    id = args.id;
  }
  if (compareIds(id, last) <= 0) {
    setEdom(c);
    throw new CommandError(XADD_ID_TOO_SMALL);
  }
  return id;
}

function xadd(c: Session, argv: Bytes[]): Reply {
  const args = parseAddOrTrim(c, argv, true);
  const fieldsAt = args.idIndex + 1;
  const n = argv.length - fieldsAt;
  if (n < 2 || n % 2 === 1) throw new CommandError(wrongArity('xadd'));
  // 0-0 is refused before the key is looked up, so no empty stream is left behind.
  if (args.id !== undefined && args.seqGiven && isZeroId(args.id)) throw new CommandError(XADD_ID_ZERO);
  const key = argv[1]!;
  const e = c.db.lookupWrite(key);
  let s: RedisStream;
  if (e !== undefined) s = streamOf(e);
  else {
    if (args.noMkStream) return null;
    s = new RedisStream();
    c.db.add(key, s, false);
  }
  if (s.lastId.ms === UINT64_MAX && s.lastId.seq === UINT64_MAX) throw new CommandError(XADD_EXHAUSTED);
  if (s.nodeCount === 0) raxWalked(c);
  const id = newEntryId(c, s, args);
  s.append(id, argv.slice(fieldsAt), nodeLimits(c));
  c.db.signalModified(key);
  c.engine.notify(Notify.Stream, 'xadd', key, c.db.id);
  if (args.trim !== undefined) raxWalked(c);
  if (args.trim !== undefined && s.trim(args.trim) > 0) c.engine.notify(Notify.Stream, 'xtrim', key, c.db.id);
  // Blocked XREAD readers of this key can be served now.
  c.engine.blocking.signalKeyAsReady(c.db, key);
  return formatId(id);
}

function xtrim(c: Session, argv: Bytes[]): Reply {
  const args = parseAddOrTrim(c, argv, false);
  const key = argv[1]!;
  const e = c.db.lookupWrite(key);
  if (e === undefined) return 0;
  const s = streamOf(e);
  raxWalked(c);
  const deleted = s.trim(args.trim!);
  if (deleted > 0) {
    c.engine.notify(Notify.Stream, 'xtrim', key, c.db.id);
    c.db.signalModified(key);
  }
  return deleted;
}

/** xrangeGenericCommand: XRANGE key start end [COUNT n], XREVRANGE key end start [COUNT n]. */
function xrangeGeneric(c: Session, argv: Bytes[], rev: boolean): Reply {
  const start = rangeStart(rev ? argv[3]! : argv[2]!);
  const end = rangeEnd(rev ? argv[2]! : argv[3]!);
  let count = -1n;
  for (let j = 4; j < argv.length; j++) {
    if (isKeyword(argv[j]!, 'COUNT') && argv.length - j - 1 >= 1) {
      count = longLong(argv[++j]!);
      if (count < 0n) count = 0n;
    } else throw new CommandError(SYNTAX);
  }
  const e = c.db.lookupRead(argv[1]!);
  if (e === undefined) return [];
  const s = streamOf(e);
  if (count === 0n) return NIL_ARRAY;
  raxWalked(c);
  return entriesReply(s.range(start, end, rev), count === -1n ? 0 : Number(count));
}

function xlen(c: Session, argv: Bytes[]): Reply {
  const e = c.db.lookupRead(argv[1]!);
  return e === undefined ? 0 : streamOf(e).length;
}

function xdel(c: Session, argv: Bytes[]): Reply {
  const key = argv[1]!;
  const e = c.db.lookupWrite(key);
  if (e === undefined) return 0;
  const s = streamOf(e);
  // Every ID is checked first, so a bad one leaves the stream untouched.
  const ids: StreamId[] = [];
  for (let j = 2; j < argv.length; j++) ids.push(parseStreamId(argv[j]!, 0n, true));
  let deleted = 0;
  raxWalked(c);
  for (const id of ids) if (s.delete(id)) deleted++;
  if (deleted > 0) {
    c.db.signalModified(key);
    c.engine.notify(Notify.Stream, 'xdel', key, c.db.id);
  }
  return deleted;
}

function xsetid(c: Session, argv: Bytes[]): Reply {
  const id = parseStreamId(argv[2]!, 0n, true);
  let entriesAdded = -1n;
  let maxDeleted: StreamId = MIN_ID;
  for (let i = 3; i < argv.length; i += 2) {
    const more = argv.length - 1 - i;
    const opt = argv[i]!;
    if (isKeyword(opt, 'ENTRIESADDED') && more > 0) {
      entriesAdded = longLong(argv[i + 1]!);
      if (entriesAdded < 0n) throw new CommandError(XSETID_ENTRIES_ADDED_NEGATIVE);
    } else if (isKeyword(opt, 'MAXDELETEDID') && more > 0) {
      maxDeleted = parseStreamId(argv[i + 1]!, 0n, true);
      if (compareIds(id, maxDeleted) < 0) throw new CommandError(XSETID_MAX_DELETED_ARG);
    } else throw new CommandError(SYNTAX);
  }
  const key = argv[1]!;
  const e = c.db.lookupWrite(key);
  if (e === undefined) throw new CommandError(NO_SUCH_KEY);
  const s = streamOf(e);
  // 7.0.15 does not compare the new ID with the current max_deleted_entry_id (later versions do).
  if (s.length > 0) {
    if (compareIds(id, s.lastEntryId()!) < 0) throw new CommandError(XSETID_TOP_ITEM);
    if (entriesAdded !== -1n && BigInt(s.length) > entriesAdded) throw new CommandError(XSETID_ENTRIES_ADDED_SMALL);
  }
  s.lastId = id;
  if (entriesAdded !== -1n) s.entriesAdded = entriesAdded;
  if (!isZeroId(maxDeleted)) s.maxDeletedId = maxDeleted;
  // 7.0.15's xsetidCommand does not call signalModifiedKey: WATCH does not see it.
  c.engine.dirty++;
  c.engine.notify(Notify.Stream, 'xsetid', key, c.db.id);
  return OK;
}

/** XREAD [COUNT count] [BLOCK milliseconds] STREAMS key [key ...] id [id ...]. */
function xread(c: Session, argv: Bytes[]): Reply {
  const { deadline, count, keys, idArgs } = parseXreadArgs(c, argv, false);
  const streamCount = keys.length;
  const ids: StreamId[] = [];
  for (let k = 0; k < streamCount; k++) {
    const e = c.db.lookupRead(keys[k]!);
    const s = e === undefined ? undefined : streamOf(e);
    const arg = idArgs[k]!;
    const cs = cString(arg);
    if (cs === '$') ids.push(s?.lastId ?? MIN_ID);
    else if (cs === '>') throw new CommandError(XREAD_GT_ID);
    else ids.push(parseStreamId(arg, 0n, true));
  }
  const max = count;
  const served: [Bytes, Reply[]][] = [];
  for (let k = 0; k < streamCount; k++) {
    const e = c.db.lookupRead(keys[k]!);
    if (e === undefined) continue;
    const s = e.value as RedisStream;
    if (s.length === 0) continue;
    const after = ids[k]!;
    if (compareIds(s.lastEntryId()!, after) <= 0) continue;
    raxWalked(c);
    served.push([keys[k]!, entriesReply(s.range(nextId(after) ?? MIN_ID, { ms: UINT64_MAX, seq: UINT64_MAX }), max)]);
  }
  if (served.length !== 0) return readReply(c, served);
  if (deadline === undefined || c.denyBlocking) return NIL_ARRAY;
  return blockRead(c, keys, ids, deadline, max === 0 ? XREAD_BLOCKED_DEFAULT_COUNT : max);
}

/**
 * XREAD BLOCK with nothing to serve now: wait for an XADD past the ID asked for on any key. A
 * repeated key keeps its first ID, as Redis's bpop.keys dict does.
 */
function blockRead(c: Session, keys: Bytes[], ids: StreamId[], deadline: number, count: number): Reply {
  const after = new Map<Bytes, StreamId>();
  keys.forEach((key, k) => {
    if (!after.has(key)) after.set(key, ids[k]!);
  });
  return c.blockOnKeys({
    type: 'stream',
    keys,
    deadline,
    serve(key: Bytes): Reply | undefined {
      const e = c.db.find(key);
      if (e === undefined || !(e.value instanceof RedisStream)) return undefined;
      const s = e.value;
      const gt = after.get(key)!;
      // serveClientsBlockedOnStreamKey compares with last_id, not the last live entry.
      if (compareIds(s.lastId, gt) <= 0) return undefined;
      const entries = entriesReply(s.range(nextId(gt) ?? MIN_ID, { ms: UINT64_MAX, seq: UINT64_MAX }), count);
      return readReply(c, [[key, entries]]);
    },
  });
}

export const streamCommands: CommandDef[] = [
  { name: 'xadd', handler: xadd },
  { name: 'xdel', handler: xdel },
  { name: 'xlen', handler: xlen },
  { name: 'xrange', handler: (c, argv) => xrangeGeneric(c, argv, false) },
  { name: 'xread', handler: xread },
  { name: 'xrevrange', handler: (c, argv) => xrangeGeneric(c, argv, true) },
  { name: 'xsetid', handler: xsetid },
  { name: 'xtrim', handler: xtrim },
];
