/**
 * XCLAIM and XAUTOCLAIM (Redis 7.0 t_stream.c): moving pending entries to another consumer. A
 * pending ID whose entry was deleted meanwhile is dropped from the PEL instead of claimed (XAUTOCLAIM
 * lists such IDs in its third element). The consumer is looked up (or created, with its event)
 * only when something is actually claimed.
 */
import type { Bytes } from '../bytes.js';
import {
  CommandError,
  noSuchKeyOrGroup,
  SYNTAX,
  unrecognizedXclaimOption,
  XAUTOCLAIM_COUNT,
  XAUTOCLAIM_COUNT_TOO_HIGH,
  XAUTOCLAIM_MIN_IDLE,
  XCLAIM_IDLE,
  XCLAIM_MIN_IDLE,
  XCLAIM_RETRYCOUNT,
  XCLAIM_TIME,
} from '../errors.js';
import type { Session } from '../engine/session.js';
import type { RedisStream } from '../engine/types/stream.js';
import type { StreamConsumer, StreamGroup, StreamNack } from '../engine/types/stream-group.js';
import { compareIds, formatId, MIN_ID, type StreamId } from '../engine/types/stream-id.js';
import type { Reply } from '../reply.js';
import { isKeyword } from './args.js';
import { entryReply, parseStreamId, rangeStart, streamOf } from './stream-args.js';
import { activeConsumer, groupOf, longLongArg } from './stream-group-ops.js';

/** XAUTOCLAIM scans at most this many PEL entries per entry it may claim. */
const ATTEMPTS_FACTOR = 10n;
/** COUNT's upper bound: LONG_MAX / max(sizeof(streamID), attempts_factor). */
const MAX_AUTOCLAIM_COUNT = 9223372036854775807n / 16n;
/**
 * XAUTOCLAIM allocates COUNT stream IDs (16 bytes each) up front with ztrymalloc. Where that fails
 * depends on the machine; the oracle (x86-64 Linux, jemalloc) fails past 48 TiB, so that is the
 * limit here.
 */
const MAX_AUTOCLAIM_ALLOCATION = 3n * 2n ** 40n;

/** The stream and group a claim acts on, or Redis's NOGROUP error. */
function claimTarget(c: Session, key: Bytes, groupName: Bytes): { s: RedisStream; g: StreamGroup } {
  const e = c.db.lookupRead(key);
  const s = e === undefined ? undefined : streamOf(e);
  const g = s === undefined ? undefined : groupOf(s, groupName);
  if (g === undefined) throw new CommandError(noSuchKeyOrGroup(key, groupName));
  return { s: s!, g };
}

/** A strict stream ID, or undefined where streamParseStrictIDOrReply(NULL, ...) fails. */
function tryStrictId(arg: Bytes): StreamId | undefined {
  try {
    return parseStreamId(arg, 0n, true);
  } catch {
    return undefined;
  }
}

/** Hands a pending entry to `to` (it may come from nobody: a NACK just made by FORCE). */
function handOver(g: StreamGroup, id: StreamId, nack: StreamNack, to: StreamConsumer): void {
  if (nack.consumer === to && to.pel.has(id)) return;
  g.transfer(id, nack, to);
}

interface ClaimOptions {
  deliveryTime: number;
  retryCount: bigint;
  force: boolean;
  justId: boolean;
  lastId: StreamId;
}

/** XCLAIM's trailing options, after the IDs (the first argument that is not an ID starts them). */
function claimOptions(argv: Bytes[], from: number, now: number): ClaimOptions {
  const o: ClaimOptions = { deliveryTime: -1, retryCount: -1n, force: false, justId: false, lastId: MIN_ID };
  let deliveryTime = -1n;
  for (let j = from; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    const opt = argv[j]!;
    if (isKeyword(opt, 'FORCE')) o.force = true;
    else if (isKeyword(opt, 'JUSTID')) o.justId = true;
    else if (isKeyword(opt, 'IDLE') && more > 0) deliveryTime = BigInt(now) - longLongArg(argv[++j]!, XCLAIM_IDLE);
    else if (isKeyword(opt, 'TIME') && more > 0) deliveryTime = longLongArg(argv[++j]!, XCLAIM_TIME);
    else if (isKeyword(opt, 'RETRYCOUNT') && more > 0) o.retryCount = longLongArg(argv[++j]!, XCLAIM_RETRYCOUNT);
    else if (isKeyword(opt, 'LASTID') && more > 0) o.lastId = parseStreamId(argv[++j]!, 0n, true);
    else throw new CommandError(unrecognizedXclaimOption(opt));
  }
  // A bogus time (negative, or in the future) means now, as does no IDLE/TIME at all.
  o.deliveryTime = deliveryTime === -1n || deliveryTime < 0n || deliveryTime > BigInt(now) ? now : Number(deliveryTime);
  return o;
}

/** XCLAIM key group consumer min-idle-time id [id ...] [IDLE ms] [TIME ms] [RETRYCOUNT n] [FORCE] [JUSTID] [LASTID id]. */
export function xclaim(c: Session, argv: Bytes[]): Reply {
  const key = argv[1]!;
  const { s, g } = claimTarget(c, key, argv[2]!);
  let minIdle = longLongArg(argv[4]!, XCLAIM_MIN_IDLE);
  if (minIdle < 0n) minIdle = 0n;
  const ids: StreamId[] = [];
  let j = 5;
  for (; j < argv.length; j++) {
    const id = tryStrictId(argv[j]!);
    if (id === undefined) break;
    ids.push(id);
  }
  const now = c.engine.clock.now();
  const o = claimOptions(argv, j, now);
  if (compareIds(o.lastId, g.lastId) > 0) g.lastId = o.lastId;
  let consumer: StreamConsumer | undefined;
  const out: Reply[] = [];
  for (const id of ids) {
    let nack = g.pel.get(id);
    const fields = s.get(id);
    if (fields === undefined) {
      // The entry is gone: its pending record goes too.
      if (nack !== undefined) {
        g.removePending(id);
        c.engine.dirty++;
      }
      continue;
    }
    const forced = o.force && nack === undefined;
    if (!forced) {
      if (nack === undefined) continue;
      if (minIdle !== 0n && BigInt(now - nack.deliveryTime) < minIdle) continue;
    }
    consumer ??= activeConsumer(c, key, g, argv[3]!);
    if (forced) {
      // streamCreateNACK(NULL): one delivery so far, owned by nobody until handed over below.
      nack = { deliveryTime: now, deliveryCount: 1n, consumer };
      g.addPending(id, nack);
    } else {
      handOver(g, id, nack!, consumer);
    }
    nack!.deliveryTime = o.deliveryTime;
    if (o.retryCount >= 0n) nack!.deliveryCount = o.retryCount;
    else if (!o.justId) nack!.deliveryCount++;
    out.push(o.justId ? formatId(id) : entryReply(id, fields));
    c.engine.dirty++;
  }
  return out;
}

/** XAUTOCLAIM key group consumer min-idle-time start [COUNT count] [JUSTID]. */
export function xautoclaim(c: Session, argv: Bytes[]): Reply {
  let minIdle = longLongArg(argv[4]!, XAUTOCLAIM_MIN_IDLE);
  if (minIdle < 0n) minIdle = 0n;
  const start = rangeStart(argv[5]!);
  let count = 100n;
  let justId = false;
  for (let j = 6; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    if (isKeyword(argv[j]!, 'COUNT') && more > 0) {
      count = longLongArg(argv[++j]!, XAUTOCLAIM_COUNT);
      if (count < 1n || count > MAX_AUTOCLAIM_COUNT) throw new CommandError(XAUTOCLAIM_COUNT);
    } else if (isKeyword(argv[j]!, 'JUSTID')) {
      justId = true;
    } else {
      throw new CommandError(SYNTAX);
    }
  }
  const key = argv[1]!;
  const { s, g } = claimTarget(c, key, argv[2]!);
  if (count > MAX_AUTOCLAIM_ALLOCATION) throw new CommandError(XAUTOCLAIM_COUNT_TOO_HIGH);
  const now = c.engine.clock.now();
  let attempts = count * ATTEMPTS_FACTOR;
  let consumer: StreamConsumer | undefined;
  const claimed: Reply[] = [];
  const deleted: Reply[] = [];
  // The PEL walk as rax iterator steps: `cursor` is the last ID visited, `eof` once the walk ran out.
  let cursor: StreamId | undefined;
  let eof = false;
  const step = (): [StreamId, StreamNack] | undefined => {
    const pair = cursor === undefined ? g.pel.getPairOrNextHigher(start) : g.pel.nextHigherPair(cursor);
    if (pair === undefined) eof = true;
    else cursor = pair[0];
    return pair;
  };
  for (;;) {
    if (attempts-- === 0n || count === 0n) break;
    const pair = step();
    if (pair === undefined) break;
    const [id, nack] = pair;
    const fields = s.get(id);
    if (fields === undefined) {
      g.removePending(id);
      deleted.push(formatId(id));
      c.engine.dirty++;
      count--;
      continue;
    }
    if (minIdle !== 0n && BigInt(now - nack.deliveryTime) < minIdle) continue;
    consumer ??= activeConsumer(c, key, g, argv[3]!);
    handOver(g, id, nack, consumer);
    nack.deliveryTime = now;
    if (!justId) nack.deliveryCount++;
    claimed.push(justId ? formatId(id) : entryReply(id, fields));
    count--;
    c.engine.dirty++;
  }
  // The next cursor is the entry after the last one visited, or 0-0 when the PEL ran out.
  const next = eof || cursor === undefined ? undefined : g.pel.nextHigherKey(cursor);
  return [formatId(next ?? MIN_ID), claimed, deleted];
}
