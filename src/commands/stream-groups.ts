/**
 * Stream consumer groups (Redis 7.0 t_stream.c): XGROUP and its subcommands, XACK and XPENDING
 * here; XREADGROUP, XCLAIM/XAUTOCLAIM and XINFO in their own files. Argument checks, lookups,
 * replies and keyspace events follow Redis's order. None of these commands calls
 * signalModifiedKey (WATCH does not see them) except XGROUP CREATE ... MKSTREAM creating the key.
 */
import type { Bytes } from '../bytes.js';
import {
  BUSYGROUP,
  CommandError,
  ENTRIESREAD_INVALID,
  noSuchGroupForKey,
  noSuchKeyOrGroup,
  SYNTAX,
  subcommandSyntax,
  XGROUP_KEY_MISSING,
} from '../errors.js';
import { Notify } from '../engine/notify.js';
import type { Session } from '../engine/session.js';
import { RedisStream } from '../engine/types/stream.js';
import { INVALID_ENTRIES_READ, StreamGroup } from '../engine/types/stream-group.js';
import { compareIds, formatId, MIN_ID, type StreamId } from '../engine/types/stream-id.js';
import { NIL_ARRAY, OK, type Reply } from '../reply.js';
import { isKeyword } from './args.js';
import { helpReply } from './help.js';
import type { CommandDef } from './spec.js';
import { cString, parseStreamId, rangeEnd, rangeStart, streamOf } from './stream-args.js';
import { createConsumer, groupOf, inRaxOrder, intReply, longLongArg } from './stream-group-ops.js';
import { xautoclaim, xclaim } from './stream-claim.js';
import { xreadgroup } from './stream-readgroup.js';
import { streamInfoCommands } from './stream-info.js';

type XgroupSub = 'create' | 'setid' | 'destroy' | 'createconsumer' | 'delconsumer' | 'help';

const XGROUP_HELP = [
  'CREATE <key> <groupname> <id|$> [option]',
  '    Create a new consumer group. Options are:',
  '    * MKSTREAM',
  '      Create the empty stream if it does not exist.',
  '    * ENTRIESREAD entries_read',
  "      Set the group's entries_read counter (internal use).",
  'CREATECONSUMER <key> <groupname> <consumer>',
  '    Create a new consumer in the specified group.',
  'DELCONSUMER <key> <groupname> <consumer>',
  '    Remove the specified consumer.',
  'DESTROY <key> <groupname>',
  '    Remove the specified group.',
  'SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]',
  '    Set the current group ID and entries_read counter.',
];

/** `$` as strcmp sees it (up to a NUL): the stream's last ID. */
function isDollar(arg: Bytes): boolean {
  return cString(arg) === '$';
}

/**
 * xgroupCommand, one function for every subcommand as in Redis, so the checks common to them
 * (options, key, group) fail in the same order.
 */
function xgroup(c: Session, argv: Bytes[], sub: XgroupSub): Reply {
  const argc = argv.length;
  const syntax = (): CommandError => new CommandError(subcommandSyntax(argv[0]!, argv[1]!));
  let s: RedisStream | undefined;
  let g: StreamGroup | undefined;
  let mkstream = false;
  let entriesRead = INVALID_ENTRIES_READ;
  if (argc >= 4) {
    for (let i = 5; i < argc; ) {
      if (sub === 'create' && isKeyword(argv[i]!, 'MKSTREAM')) {
        mkstream = true;
        i++;
      } else if ((sub === 'create' || sub === 'setid') && isKeyword(argv[i]!, 'ENTRIESREAD') && i + 1 < argc) {
        entriesRead = longLongArg(argv[i + 1]!);
        if (entriesRead < 0n && entriesRead !== INVALID_ENTRIES_READ) throw new CommandError(ENTRIESREAD_INVALID);
        i += 2;
      } else {
        throw syntax();
      }
    }
    const e = c.db.lookupWrite(argv[2]!);
    if (e !== undefined) s = streamOf(e);
  }
  const key = argv[2]!;
  const groupName = argv[3]!;
  if (argc >= 4 && !mkstream) {
    if (s === undefined) throw new CommandError(XGROUP_KEY_MISSING);
    g = groupOf(s, groupName);
    if (g === undefined && (sub === 'setid' || sub === 'createconsumer' || sub === 'delconsumer')) {
      throw new CommandError(noSuchGroupForKey(groupName, key));
    }
  }
  switch (sub) {
    case 'help':
      if (argc === 2) return helpReply(argv[0]!, XGROUP_HELP);
      break;
    case 'create':
      if (argc <= 8) return create(c, argv, s, entriesRead);
      break;
    case 'setid':
      if (argc === 5 || argc === 7) {
        const id = isDollar(argv[4]!) ? s!.lastId : parseStreamId(argv[4]!, 0n);
        g!.lastId = id;
        g!.entriesRead = entriesRead;
        c.engine.dirty++;
        c.engine.notify(Notify.Stream, 'xgroup-setid', key, c.db.id);
        return OK;
      }
      break;
    case 'destroy':
      if (argc === 4) {
        if (g === undefined) return 0;
        s!.groups!.delete(groupName);
        c.engine.dirty++;
        c.engine.notify(Notify.Stream, 'xgroup-destroy', key, c.db.id);
        // Readers blocked on the group wake up to their NOGROUP error.
        c.engine.blocking.signalKeyAsReady(c.db, key);
        return 1;
      }
      break;
    case 'createconsumer':
      if (argc === 5) return createConsumer(c, key, g!, argv[4]!) === undefined ? 0 : 1;
      break;
    case 'delconsumer':
      if (argc === 5) {
        const consumer = g!.consumers.get(argv[4]!);
        if (consumer === undefined) return 0;
        const pending = g!.deleteConsumer(consumer.name);
        c.engine.dirty++;
        c.engine.notify(Notify.Stream, 'xgroup-delconsumer', key, c.db.id);
        return pending;
      }
      break;
  }
  throw syntax();
}

/** XGROUP CREATE key group id|$ [MKSTREAM] [ENTRIESREAD n]: the ID is checked before MKSTREAM creates the key. */
function create(c: Session, argv: Bytes[], s: RedisStream | undefined, entriesRead: bigint): Reply {
  const key = argv[2]!;
  const id = isDollar(argv[4]!) ? (s?.lastId ?? MIN_ID) : parseStreamId(argv[4]!, 0n, true);
  let created = false;
  if (s === undefined) {
    s = new RedisStream();
    // dbAdd plus the signalModifiedKey Redis adds here (the signal also counts the change).
    c.db.add(key, s);
    created = true;
  }
  s.groups ??= new Map();
  const name = argv[3]!;
  if (s.groups.has(name)) throw new CommandError(BUSYGROUP);
  s.groups.set(name, new StreamGroup(id, entriesRead));
  if (!created) c.engine.dirty++;
  c.engine.notify(Notify.Stream, 'xgroup-create', key, c.db.id);
  return OK;
}

/** XACK key group id [id ...]: a missing key or group acknowledges nothing, before the IDs are parsed. */
function xack(c: Session, argv: Bytes[]): Reply {
  const e = c.db.lookupRead(argv[1]!);
  if (e === undefined) return 0;
  const g = groupOf(streamOf(e), argv[2]!);
  if (g === undefined) return 0;
  // All or nothing: every ID is parsed before any is acknowledged.
  const ids = argv.slice(3).map((arg) => parseStreamId(arg, 0n, true));
  let acknowledged = 0;
  for (const id of ids) {
    if (g.removePending(id)) {
      acknowledged++;
      c.engine.dirty++;
    }
  }
  return acknowledged;
}

interface PendingRange {
  start: StreamId;
  end: StreamId;
  count: number;
  minIdle: number;
  consumer: Bytes | undefined;
}

/** XPENDING's optional [IDLE min-idle] start end count [consumer], parsed before the key is looked up. */
function pendingRange(argv: Bytes[]): PendingRange {
  let at = 3;
  let minIdle = 0;
  if (isKeyword(argv[3]!, 'IDLE')) {
    minIdle = Number(longLongArg(argv[4]!));
    if (argv.length < 8) throw new CommandError(SYNTAX);
    at += 2;
  }
  let count = longLongArg(argv[at + 2]!);
  if (count < 0n) count = 0n;
  const start = rangeStart(argv[at]!);
  const end = rangeEnd(argv[at + 1]!);
  return { start, end, count: Number(count), minIdle, consumer: at + 3 < argv.length ? argv[at + 3] : undefined };
}

/** XPENDING key group [[IDLE min-idle] start end count [consumer]]. */
function xpending(c: Session, argv: Bytes[]): Reply {
  const argc = argv.length;
  if (argc !== 3 && (argc < 6 || argc > 9)) throw new CommandError(SYNTAX);
  const range = argc >= 6 ? pendingRange(argv) : undefined;
  const e = c.db.lookupRead(argv[1]!);
  const s = e === undefined ? undefined : streamOf(e);
  const g = s === undefined ? undefined : groupOf(s, argv[2]!);
  if (g === undefined) throw new CommandError(noSuchKeyOrGroup(argv[1]!, argv[2]!));
  return range === undefined ? pendingSummary(g) : pendingEntries(c, g, range);
}

/** The summary form: how many, the first and last IDs, and each consumer's count (as a bulk string). */
function pendingSummary(g: StreamGroup): Reply {
  if (g.pel.size === 0) return [0, null, null, NIL_ARRAY];
  const perConsumer: Reply[] = [];
  for (const [name, consumer] of inRaxOrder(g.consumers)) {
    if (consumer.pel.size !== 0) perConsumer.push([name, String(consumer.pel.size)]);
  }
  return [g.pel.size, formatId(g.pel.minKey()!), formatId(g.pel.maxKey()!), perConsumer];
}

/** The extended form: [id, consumer, idle ms, deliveries] from the group's PEL or one consumer's. */
function pendingEntries(c: Session, g: StreamGroup, range: PendingRange): Reply {
  let pel = g.pel;
  if (range.consumer !== undefined) {
    const consumer = g.consumers.get(range.consumer);
    if (consumer === undefined) return [];
    pel = consumer.pel;
  }
  const now = c.engine.clock.now();
  const out: Reply[] = [];
  let count = range.count;
  if (count === 0) return out;
  for (const [id, nack] of pel.entries(range.start)) {
    if (compareIds(id, range.end) > 0) break;
    const idle = now - nack.deliveryTime;
    if (range.minIdle !== 0 && idle < range.minIdle) continue;
    out.push([formatId(id), nack.consumer.name, Math.max(0, idle), intReply(nack.deliveryCount)]);
    if (--count === 0) break;
  }
  return out;
}

const xgroupSub =
  (sub: XgroupSub) =>
  (c: Session, argv: Bytes[]): Reply =>
    xgroup(c, argv, sub);

export const streamGroupCommands: CommandDef[] = [
  { name: 'xack', handler: xack },
  { name: 'xautoclaim', handler: xautoclaim },
  { name: 'xclaim', handler: xclaim },
  { name: 'xgroup|create', handler: xgroupSub('create') },
  { name: 'xgroup|createconsumer', handler: xgroupSub('createconsumer') },
  { name: 'xgroup|delconsumer', handler: xgroupSub('delconsumer') },
  { name: 'xgroup|destroy', handler: xgroupSub('destroy') },
  { name: 'xgroup|help', handler: xgroupSub('help') },
  { name: 'xgroup|setid', handler: xgroupSub('setid') },
  { name: 'xpending', handler: xpending },
  { name: 'xreadgroup', handler: xreadgroup },
  ...streamInfoCommands,
];
