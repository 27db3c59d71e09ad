/**
 * A consumer group's logical read counter and lag (Redis 7.0 t_stream.c: streamRangeHasTombstones,
 * streamEstimateDistanceFromFirstEverEntry, the lag of XINFO GROUPS, and the counter update of
 * streamReplyWithRange). The counter is only trusted while no tombstone (an XDEL'd ID) lies ahead
 * of the group; otherwise it is estimated from the stream's edges, or unknown.
 */
import type { RedisStream } from './stream.js';
import { compareIds, isZeroId, MAX_ID, MIN_ID, type StreamId } from './stream-id.js';
import { INVALID_ENTRIES_READ, type StreamGroup } from './stream-group.js';

/**
 * s->first_id as Redis 7.0 records it: the first live entry, and 0-0 once the stream is empty
 * (XDEL and XTRIM both reset it so).
 */
export function recordedFirstId(s: RedisStream): StreamId {
  return s.firstId() ?? MIN_ID;
}

/** streamRangeHasTombstones: whether the greatest deleted ID lies in [start, end] of a non-empty stream. */
export function rangeHasTombstones(s: RedisStream, start: StreamId = MIN_ID, end: StreamId = MAX_ID): boolean {
  if (s.length === 0 || isZeroId(s.maxDeletedId)) return false;
  if (compareIds(recordedFirstId(s), s.maxDeletedId) > 0) return false;
  return compareIds(start, s.maxDeletedId) <= 0 && compareIds(s.maxDeletedId, end) <= 0;
}

/**
 * streamEstimateDistanceFromFirstEverEntry: the read counter an ID would have (how many entries
 * were ever added up to it), when it can be known; INVALID_ENTRIES_READ otherwise.
 */
export function estimateDistanceFromFirstEverEntry(s: RedisStream, id: StreamId): bigint {
  if (s.entriesAdded === 0n) return 0n;
  if (s.length === 0 && compareIds(id, s.lastId) < 1) return s.entriesAdded;
  const cmpLast = compareIds(id, s.lastId);
  if (cmpLast === 0) return s.entriesAdded;
  if (cmpLast > 0) return INVALID_ENTRIES_READ;
  const first = recordedFirstId(s);
  const cmpIdFirst = compareIds(id, first);
  if (isZeroId(s.maxDeletedId) || compareIds(s.maxDeletedId, first) < 0) {
    const length = BigInt(s.length);
    if (cmpIdFirst < 0) return s.entriesAdded - length;
    if (cmpIdFirst === 0) return s.entriesAdded - length + 1n;
  }
  return INVALID_ENTRIES_READ;
}

/** C's long long arithmetic: wraps at 64 bits. */
function int64(v: bigint): bigint {
  return BigInt.asIntN(64, v);
}

/** The lag XINFO reports: entries added and not yet read by the group, or null when unknown. */
export function groupLag(s: RedisStream, g: StreamGroup): bigint | null {
  if (s.entriesAdded === 0n) return 0n;
  if (g.entriesRead !== INVALID_ENTRIES_READ && !rangeHasTombstones(s, g.lastId)) return int64(s.entriesAdded - g.entriesRead);
  const read = estimateDistanceFromFirstEverEntry(s, g.lastId);
  return read === INVALID_ENTRIES_READ ? null : int64(s.entriesAdded - read);
}

/**
 * streamReplyWithRange delivering `id` past the group's last ID: the counter moves on by one when
 * it is valid and no tombstone lies ahead, else it is re-estimated for the new last ID.
 */
export function advanceGroup(s: RedisStream, g: StreamGroup, id: StreamId): void {
  if (g.entriesRead !== INVALID_ENTRIES_READ && !rangeHasTombstones(s, id)) g.entriesRead = int64(g.entriesRead + 1n);
  else if (s.entriesAdded !== 0n) g.entriesRead = estimateDistanceFromFirstEverEntry(s, id);
  g.lastId = id;
}
