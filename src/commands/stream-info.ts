/**
 * XINFO STREAM [FULL [COUNT n]], XINFO GROUPS, XINFO CONSUMERS and XINFO HELP (Redis 7.0
 * t_stream.c xinfoCommand). Replies are maps (flat arrays in RESP2); groups and consumers come in
 * their radix tree's name order. 7.0 reports a consumer's name, pending count and idle time only
 * (no `inactive`, no `active-time`).
 */
import type { Bytes } from '../bytes.js';
import { CommandError, NO_SUCH_KEY, noSuchGroupForKey, subcommandSyntax } from '../errors.js';
import type { Session } from '../engine/session.js';
import type { RedisStream } from '../engine/types/stream.js';
import type { StreamConsumer, StreamGroup } from '../engine/types/stream-group.js';
import { formatId, MAX_ID, MIN_ID } from '../engine/types/stream-id.js';
import { groupLag, recordedFirstId } from '../engine/types/stream-lag.js';
import { INVALID_ENTRIES_READ } from '../engine/types/stream-group.js';
import { MapReply, type Reply } from '../reply.js';
import { isKeyword } from './args.js';
import { helpReply } from './help.js';
import type { CommandDef } from './spec.js';
import { entriesReply, entryReply, streamOf } from './stream-args.js';
import { groupOf, inRaxOrder, intReply, longLongArg } from './stream-group-ops.js';

const XINFO_HELP = [
  'CONSUMERS <key> <groupname>',
  '    Show consumers of <groupname>.',
  'GROUPS <key>',
  '    Show the stream consumer groups.',
  'STREAM <key> [FULL [COUNT <count>]',
  '    Show information about the stream.',
];

/** FULL's default COUNT: enough to look, not enough to stall the server on a huge stream. */
const FULL_DEFAULT_COUNT = 10;

/** lookupKeyReadOrReply with `no such key`, then the type check. */
function streamAt(c: Session, key: Bytes): RedisStream {
  const e = c.db.lookupRead(key);
  if (e === undefined) throw new CommandError(NO_SUCH_KEY);
  return streamOf(e);
}

function entriesReadReply(g: StreamGroup): Reply {
  return g.entriesRead === INVALID_ENTRIES_READ ? null : intReply(g.entriesRead);
}

function lagReply(s: RedisStream, g: StreamGroup): Reply {
  const lag = groupLag(s, g);
  return lag === null ? null : intReply(lag);
}

function xinfoConsumers(c: Session, argv: Bytes[]): Reply {
  const key = argv[2]!;
  const s = streamAt(c, key);
  const g = groupOf(s, argv[3]!);
  if (g === undefined) throw new CommandError(noSuchGroupForKey(argv[3]!, key));
  const now = c.engine.clock.now();
  return inRaxOrder(g.consumers).map(
    ([name, consumer]) => new MapReply(['name', name, 'pending', consumer.pel.size, 'idle', Math.max(0, now - consumer.seenTime)]),
  );
}

function xinfoGroups(c: Session, argv: Bytes[]): Reply {
  const s = streamAt(c, argv[2]!);
  return inRaxOrder(s.groups).map(
    ([name, g]) =>
      new MapReply([
        'name',
        name,
        'consumers',
        g.consumers.size,
        'pending',
        g.pel.size,
        'last-delivered-id',
        formatId(g.lastId),
        'entries-read',
        entriesReadReply(g),
        'lag',
        lagReply(s, g),
      ]),
  );
}

/** XINFO STREAM key [FULL [COUNT count]]: the options are checked after the key. */
function xinfoStream(c: Session, argv: Bytes[]): Reply {
  const s = streamAt(c, argv[2]!);
  const options = argv.length - 3;
  let count = FULL_DEFAULT_COUNT;
  if (options !== 0) {
    const syntax = new CommandError(subcommandSyntax(argv[0]!, argv[1]!));
    if ((options !== 1 && options !== 3) || !isKeyword(argv[3]!, 'FULL')) throw syntax;
    if (options === 3) {
      if (!isKeyword(argv[4]!, 'COUNT')) throw syntax;
      const n = longLongArg(argv[5]!);
      // Past 2^53 a count means "everything" anyway: no stream is that long.
      count = n < 0n ? FULL_DEFAULT_COUNT : Number(n);
    }
  }
  const head: Reply[] = [
    'length',
    s.length,
    'radix-tree-keys',
    s.nodeCount,
    'radix-tree-nodes',
    s.raxNodeCount(),
    'last-generated-id',
    formatId(s.lastId),
    'max-deleted-entry-id',
    formatId(s.maxDeletedId),
    'entries-added',
    intReply(s.entriesAdded),
    'recorded-first-entry-id',
    formatId(recordedFirstId(s)),
  ];
  if (options === 0) {
    const first = s.range(MIN_ID, MAX_ID).next();
    const last = s.range(MIN_ID, MAX_ID, true).next();
    return new MapReply([
      ...head,
      'groups',
      s.groups?.size ?? 0,
      'first-entry',
      first.done ? null : entryReply(first.value[0], first.value[1]),
      'last-entry',
      last.done ? null : entryReply(last.value[0], last.value[1]),
    ]);
  }
  return new MapReply([
    ...head,
    'entries',
    entriesReply(s.range(MIN_ID, MAX_ID), count),
    'groups',
    inRaxOrder(s.groups).map(([name, g]) => fullGroup(s, name, g, count)),
  ]);
}

/** One group of XINFO STREAM FULL: its PEL and its consumers' PELs, each cut at count (0 = all). */
function fullGroup(s: RedisStream, name: Bytes, g: StreamGroup, count: number): Reply {
  const pending: Reply[] = [];
  for (const [id, nack] of g.pel.entries()) {
    if (count !== 0 && pending.length >= count) break;
    pending.push([formatId(id), nack.consumer.name, nack.deliveryTime, intReply(nack.deliveryCount)]);
  }
  return new MapReply([
    'name',
    name,
    'last-delivered-id',
    formatId(g.lastId),
    'entries-read',
    entriesReadReply(g),
    'lag',
    lagReply(s, g),
    'pel-count',
    g.pel.size,
    'pending',
    pending,
    'consumers',
    inRaxOrder(g.consumers).map(([, consumer]) => fullConsumer(consumer, count)),
  ]);
}

function fullConsumer(consumer: StreamConsumer, count: number): Reply {
  const pending: Reply[] = [];
  for (const [id, nack] of consumer.pel.entries()) {
    if (count !== 0 && pending.length >= count) break;
    pending.push([formatId(id), nack.deliveryTime, intReply(nack.deliveryCount)]);
  }
  return new MapReply(['name', consumer.name, 'seen-time', consumer.seenTime, 'pel-count', consumer.pel.size, 'pending', pending]);
}

export const streamInfoCommands: CommandDef[] = [
  { name: 'xinfo|consumers', handler: xinfoConsumers },
  { name: 'xinfo|groups', handler: xinfoGroups },
  { name: 'xinfo|help', handler: (_c, argv) => helpReply(argv[0]!, XINFO_HELP) },
  { name: 'xinfo|stream', handler: xinfoStream },
];
