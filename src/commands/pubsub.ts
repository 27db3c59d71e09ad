/**
 * Pub/sub commands (Redis 7.0's pubsub.c): SUBSCRIBE, UNSUBSCRIBE, PSUBSCRIBE, PUNSUBSCRIBE,
 * SSUBSCRIBE, SUNSUBSCRIBE, PUBLISH, SPUBLISH and PUBSUB. The subscribe family answers once per
 * channel (a MultiReply of pushes: plain arrays in RESP2, `>` frames in RESP3), each carrying the
 * count after that channel.
 */
import type { Bytes } from '../bytes.js';
import { CommandError, subcommandSyntax, subscribeDeniedWhenDenyBlocking } from '../errors.js';
import { globMatcher } from '../glob.js';
import { MultiReply, PushReply, type Reply } from '../reply.js';
import type { Session } from '../engine/session.js';
import type { Subscriptions } from '../engine/pubsub.js';
import { helpReply } from './help.js';
import type { CommandDef } from './spec.js';

type Kind = 'channel' | 'pattern' | 'shard';

/** What a reply counts: channels and patterns together, shard channels on their own. */
function countFor(c: Session, kind: Kind): number {
  const subs = c.subscribed;
  if (subs === undefined) return 0;
  return kind === 'shard' ? subs.shardChannels.size : subs.count;
}

/** The CLIENT_PUBSUB flag goes when no subscription of any kind is left. */
function leaveContextIfEmpty(c: Session): void {
  if ((c.subscribed?.total ?? 0) === 0) c.pubsubContext = false;
}

/**
 * A client that expects one reply per command cannot subscribe: SUBSCRIBE and PSUBSCRIBE are
 * let through inside EXEC for backward compatibility, SSUBSCRIBE is not.
 */
function checkMayBlock(c: Session, command: 'SUBSCRIBE' | 'PSUBSCRIBE' | 'SSUBSCRIBE'): void {
  if (!c.denyBlocking) return;
  if (command !== 'SSUBSCRIBE' && c.execHeld !== undefined) return;
  throw new CommandError(subscribeDeniedWhenDenyBlocking(command));
}

function subscribeTo(c: Session, argv: Bytes[], kind: Kind): Reply {
  const hub = c.engine.pubsub;
  const replies: Reply[] = [];
  const type = kind === 'channel' ? 'subscribe' : kind === 'pattern' ? 'psubscribe' : 'ssubscribe';
  for (let i = 1; i < argv.length; i++) {
    const name = argv[i]!;
    if (kind === 'pattern') hub.psubscribe(c, name);
    else hub.subscribe(c, name, kind === 'shard');
    replies.push(new PushReply([type, name, countFor(c, kind)]));
  }
  c.pubsubContext = true;
  return new MultiReply(replies);
}

/** The session's current names of one kind, in the order Redis walks them. */
function ownNames(subs: Subscriptions | undefined, kind: Kind): Bytes[] {
  if (subs === undefined) return [];
  return [...(kind === 'channel' ? subs.channels : kind === 'pattern' ? subs.patterns : subs.shardChannels)];
}

function unsubscribeFrom(c: Session, argv: Bytes[], kind: Kind): Reply {
  const hub = c.engine.pubsub;
  const type = kind === 'channel' ? 'unsubscribe' : kind === 'pattern' ? 'punsubscribe' : 'sunsubscribe';
  const replies: Reply[] = [];
  const leave = (name: Bytes): void => {
    if (kind === 'pattern') hub.punsubscribe(c, name);
    else hub.unsubscribe(c, name, kind === 'shard');
    replies.push(new PushReply([type, name, countFor(c, kind)]));
  };
  if (argv.length === 1) {
    for (const name of ownNames(c.subscribed, kind)) leave(name);
    // Subscribed to nothing: still one answer, with a nil name.
    if (replies.length === 0) replies.push(new PushReply([type, null, countFor(c, kind)]));
  } else {
    for (let i = 1; i < argv.length; i++) leave(argv[i]!);
  }
  leaveContextIfEmpty(c);
  return new MultiReply(replies);
}

function channelList(channels: Map<Bytes, unknown>, pattern: Bytes | undefined): Reply {
  if (pattern === undefined) return [...channels.keys()];
  const match = globMatcher(pattern);
  const out: Reply[] = [];
  for (const channel of channels.keys()) if (match(channel)) out.push(channel);
  return out;
}

function numsub(channels: Map<Bytes, Set<Session>>, argv: Bytes[]): Reply {
  const out: Reply[] = [];
  for (let i = 2; i < argv.length; i++) out.push(argv[i]!, channels.get(argv[i]!)?.size ?? 0);
  return out;
}

/** CHANNELS and SHARDCHANNELS take at most one pattern. */
function patternArg(argv: Bytes[]): Bytes | undefined {
  if (argv.length > 3) throw new CommandError(subcommandSyntax('pubsub', argv[1]!));
  return argv[2];
}

const HELP = [
  'CHANNELS [<pattern>]',
  "    Return the currently active channels matching a <pattern> (default: '*').",
  'NUMPAT',
  '    Return number of subscriptions to patterns.',
  'NUMSUB [<channel> ...]',
  '    Return the number of subscribers for the specified channels, excluding',
  '    pattern subscriptions(default: no channels).',
  'SHARDCHANNELS [<pattern>]',
  "    Return the currently active shard level channels matching a <pattern> (default: '*').",
  'SHARDNUMSUB [<shardchannel> ...]',
  '    Return the number of subscribers for the specified shard level channel(s)',
];

export const pubsubCommands: CommandDef[] = [
  {
    name: 'subscribe',
    handler: (c, argv) => {
      checkMayBlock(c, 'SUBSCRIBE');
      return subscribeTo(c, argv, 'channel');
    },
  },
  {
    name: 'psubscribe',
    handler: (c, argv) => {
      checkMayBlock(c, 'PSUBSCRIBE');
      return subscribeTo(c, argv, 'pattern');
    },
  },
  {
    name: 'ssubscribe',
    handler: (c, argv) => {
      checkMayBlock(c, 'SSUBSCRIBE');
      return subscribeTo(c, argv, 'shard');
    },
  },
  { name: 'unsubscribe', handler: (c, argv) => unsubscribeFrom(c, argv, 'channel') },
  { name: 'punsubscribe', handler: (c, argv) => unsubscribeFrom(c, argv, 'pattern') },
  { name: 'sunsubscribe', handler: (c, argv) => unsubscribeFrom(c, argv, 'shard') },
  { name: 'publish', handler: (c, argv) => c.engine.pubsub.publish(argv[1]!, argv[2]!) },
  { name: 'spublish', handler: (c, argv) => c.engine.pubsub.publish(argv[1]!, argv[2]!, true) },
  { name: 'pubsub|channels', handler: (c, argv) => channelList(c.engine.pubsub.channels, patternArg(argv)) },
  { name: 'pubsub|shardchannels', handler: (c, argv) => channelList(c.engine.pubsub.shardChannels, patternArg(argv)) },
  { name: 'pubsub|numsub', handler: (c, argv) => numsub(c.engine.pubsub.channels, argv) },
  { name: 'pubsub|shardnumsub', handler: (c, argv) => numsub(c.engine.pubsub.shardChannels, argv) },
  // The number of distinct patterns with a subscriber (dictSize of the server's pattern table).
  { name: 'pubsub|numpat', handler: (c) => c.engine.pubsub.patterns.size },
  { name: 'pubsub|help', handler: () => helpReply('pubsub', HELP) },
];
