/**
 * What the consumer-group commands share (t_stream.c's streamLookupCG, streamLookupConsumer,
 * streamCreateConsumer and the rax order of names): looking groups and consumers up, creating a
 * consumer with its keyspace event, and listing names in the order Redis's radix trees keep them.
 */
import type { Bytes } from '../bytes.js';
import { CommandError, NOT_INTEGER } from '../errors.js';
import { Notify } from '../engine/notify.js';
import type { Session } from '../engine/session.js';
import type { RedisStream } from '../engine/types/stream.js';
import type { StreamConsumer, StreamGroup } from '../engine/types/stream-group.js';
import { normalizeInt, parseInt64 } from '../numbers.js';
import type { Reply } from '../reply.js';

/** getLongLongFromObjectOrReply, exact (a bigint), with the command's own message. */
export function longLongArg(arg: Bytes, error = NOT_INTEGER): bigint {
  const v = parseInt64(arg);
  if (v === undefined) throw new CommandError(error);
  return BigInt(v);
}

/** An exact integer reply (a JS number when it is safe). */
export function intReply(v: bigint): Reply {
  return normalizeInt(v);
}

export function groupOf(s: RedisStream, name: Bytes): StreamGroup | undefined {
  return s.groups?.get(name);
}

/**
 * streamCreateConsumer: a new consumer seen now, announced with `xgroup-createconsumer` (and a
 * change to save); undefined when the name is taken.
 */
export function createConsumer(c: Session, key: Bytes, g: StreamGroup, name: Bytes): StreamConsumer | undefined {
  const consumer = g.createConsumer(name, c.engine.clock.now());
  if (consumer === undefined) return undefined;
  c.engine.dirty++;
  c.engine.notify(Notify.Stream, 'xgroup-createconsumer', key, c.db.id);
  return consumer;
}

/**
 * streamLookupConsumer (SLC_DEFAULT) falling back to streamCreateConsumer: the consumer, seen now,
 * as XREADGROUP, XCLAIM and XAUTOCLAIM find the consumer they act for.
 */
export function activeConsumer(c: Session, key: Bytes, g: StreamGroup, name: Bytes): StreamConsumer {
  const existing = g.consumers.get(name);
  if (existing !== undefined) {
    existing.seenTime = c.engine.clock.now();
    return existing;
  }
  return createConsumer(c, key, g, name)!;
}

/** Names in a radix tree's order: byte order, a prefix before its extensions (binary strings compare so). */
export function inRaxOrder<V>(map: Map<Bytes, V> | undefined): [Bytes, V][] {
  if (map === undefined) return [];
  return [...map].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}
