/**
 * XREADGROUP (Redis 7.0 xreadCommand in its group form, and serveClientsBlockedOnStreamKey for
 * BLOCK). `>` delivers entries past the group's last ID and records them as pending for the
 * consumer (unless NOACK); any other ID replays the consumer's own pending history, a deleted
 * entry showing as its ID with nil fields. The consumer is created (with its keyspace event) only
 * when a stream is actually served, as in 7.0.
 */
import type { Bytes } from '../bytes.js';
import {
  CommandError,
  XREADGROUP_DOLLAR_ID,
  XREADGROUP_GROUP_GONE,
  XREADGROUP_KEY_GONE,
  xreadgroupNoGroup,
} from '../errors.js';
import type { Session } from '../engine/session.js';
import { RedisStream } from '../engine/types/stream.js';
import type { StreamConsumer, StreamGroup } from '../engine/types/stream-group.js';
import { compareIds, formatId, idEquals, MAX_ID, nextId, type StreamId } from '../engine/types/stream-id.js';
import { advanceGroup } from '../engine/types/stream-lag.js';
import { ErrorReply, NIL_ARRAY, type Reply } from '../reply.js';
import { cString, entryReply, parseStreamId, streamOf } from './stream-args.js';
import { activeConsumer, groupOf } from './stream-group-ops.js';
import { readReply, parseXreadArgs, type XreadArgs } from './stream-read-args.js';

/** `>` is kept as the greatest ID, as Redis does (so an explicit 2^64-1-2^64-1 reads as `>` too). */
const NEW_ENTRIES = MAX_ID;
/** XREAD_BLOCKED_DEFAULT_COUNT: a blocked read without COUNT gets at most this many entries. */
const BLOCKED_DEFAULT_COUNT = 1000;

/**
 * streamReplyWithRange for a group reading new entries: each entry past the group's last ID moves
 * it (and its read counter); each becomes (or is re-assigned as) pending for the consumer.
 */
function deliverNew(c: Session, s: RedisStream, g: StreamGroup, consumer: StreamConsumer, after: StreamId, count: number, noack: boolean): Reply[] {
  const out: Reply[] = [];
  const start = nextId(after);
  if (start === undefined) return out;
  const now = c.engine.clock.now();
  for (const [id, fields] of s.range(start, MAX_ID)) {
    if (compareIds(id, g.lastId) > 0) advanceGroup(s, g, id);
    out.push(entryReply(id, fields));
    if (!noack) {
      const nack = g.pel.get(id);
      if (nack === undefined) {
        g.addPending(id, { deliveryTime: now, deliveryCount: 1n, consumer });
      } else {
        // Already pending (XGROUP SETID moved the group back): it now belongs to this consumer.
        g.transfer(id, nack, consumer);
        nack.deliveryTime = now;
        nack.deliveryCount = 1n;
      }
    }
    if (count !== 0 && out.length === count) break;
  }
  return out;
}

/** streamReplyWithRangeFromConsumerPEL: the consumer's pending entries after `after`, delivered again. */
function deliverHistory(c: Session, s: RedisStream, consumer: StreamConsumer, after: StreamId, count: number): Reply[] {
  const out: Reply[] = [];
  const start = nextId(after);
  if (start === undefined) return out;
  const now = c.engine.clock.now();
  for (const [id, nack] of consumer.pel.entries(start)) {
    if (count !== 0 && out.length >= count) break;
    const fields = s.get(id);
    if (fields === undefined) {
      // Deleted since it was delivered: the ID stays pending, its fields are gone.
      out.push([formatId(id), NIL_ARRAY]);
    } else {
      out.push(entryReply(id, fields));
      nack.deliveryTime = now;
      nack.deliveryCount++;
    }
  }
  return out;
}

/** XREADGROUP GROUP group consumer [COUNT count] [BLOCK ms] [NOACK] STREAMS key [key ...] id [id ...]. */
export function xreadgroup(c: Session, argv: Bytes[]): Reply {
  const a = parseXreadArgs(c, argv, true);
  const groupName = a.group!;
  const groups: StreamGroup[] = [];
  const ids: StreamId[] = [];
  for (let k = 0; k < a.keys.length; k++) {
    const key = a.keys[k]!;
    const e = c.db.lookupRead(key);
    const s = e === undefined ? undefined : streamOf(e);
    const g = s === undefined ? undefined : groupOf(s, groupName);
    if (g === undefined) throw new CommandError(xreadgroupNoGroup(key, groupName));
    groups.push(g);
    const arg = cString(a.idArgs[k]!);
    if (arg === '$') throw new CommandError(XREADGROUP_DOLLAR_ID);
    ids.push(arg === '>' ? NEW_ENTRIES : parseStreamId(a.idArgs[k]!, 0n, true));
  }
  const served: [Bytes, Reply[]][] = [];
  for (let k = 0; k < a.keys.length; k++) {
    const key = a.keys[k]!;
    const e = c.db.lookupRead(key);
    if (e === undefined) continue;
    const s = e.value as RedisStream;
    const g = groups[k]!;
    const history = !idEquals(ids[k]!, NEW_ENTRIES);
    let after = ids[k]!;
    if (!history) {
      // New entries are served at once only when the stream has some past the group's last ID.
      const last = s.lastEntryId();
      if (last === undefined || compareIds(last, g.lastId) <= 0) continue;
      after = g.lastId;
    }
    const consumer = activeConsumer(c, key, g, a.consumer);
    const entries = history ? deliverHistory(c, s, consumer, after, a.count) : deliverNew(c, s, g, consumer, after, a.count, a.noack);
    c.engine.dirty++;
    served.push([key, entries]);
  }
  if (served.length !== 0) return readReply(c, served);
  if (a.deadline === undefined || c.denyBlocking) return NIL_ARRAY;
  return blockReadGroup(c, a, a.deadline, groupName);
}

/**
 * XREADGROUP BLOCK with nothing to serve (every ID was `>`): wait for an entry past the group's
 * last ID, whatever other readers of the group took meanwhile; a group destroyed or a key deleted
 * meanwhile ends the wait with an error, as in 7.0.
 */
function blockReadGroup(c: Session, a: XreadArgs, deadline: number, groupName: Bytes): Reply {
  const count = a.count !== 0 ? a.count : BLOCKED_DEFAULT_COUNT;
  return c.blockOnKeys({
    type: 'stream',
    keys: a.keys,
    deadline,
    serve(key: Bytes): Reply | undefined {
      const e = c.db.find(key);
      if (e === undefined || !(e.value instanceof RedisStream)) return undefined;
      const s = e.value;
      const g = groupOf(s, groupName);
      if (g === undefined) return new ErrorReply(XREADGROUP_GROUP_GONE);
      // serveClientsBlockedOnStreamKey compares with last_id, not the last live entry.
      if (compareIds(s.lastId, g.lastId) <= 0) return undefined;
      const consumer = activeConsumer(c, key, g, a.consumer);
      const entries = deliverNew(c, s, g, consumer, g.lastId, count, a.noack);
      c.engine.dirty++;
      return readReply(c, [[key, entries]]);
    },
    onKeyGone(): Reply {
      return new ErrorReply(XREADGROUP_KEY_GONE);
    },
  });
}
