/**
 * OBJECT ENCODING / FREQ / IDLETIME / REFCOUNT / HELP (Redis's object.c): what Redis 7.0 would
 * report for the same value, thresholds and maxmemory-policy.
 */
import type { Bytes } from '../bytes.js';
import { CommandError, LFU_NOT_SELECTED, LFU_SELECTED } from '../errors.js';
import type { Reply } from '../reply.js';
import { isLfuPolicy, lfuCounter } from '../engine/lfu.js';
import type { Session } from '../engine/session.js';
import type { Entry } from '../engine/values.js';
import { isSharedInteger, SHARED_REFCOUNT, stringEncoding } from '../engine/string-objects.js';
import { helpReply } from './help.js';
import type { CommandDef } from './spec.js';

/** LRU_CLOCK_MAX: the LRU clock is 24 bits of seconds. */
const LRU_CLOCK_MAX = (1 << 24) - 1;


/** objectCommandLookup: counts a hit or a miss, never touches the key, fires no keymiss. */
function lookup(c: Session, key: Bytes): Entry | undefined {
  return c.db.lookupRead(key, false, false);
}

function encoding(c: Session, argv: Bytes[]): Reply {
  const e = lookup(c, argv[2]!);
  if (e === undefined) return null;
  const v = e.value;
  return typeof v === 'string' ? stringEncoding(e, v) : v.encoding(c.engine.config.thresholds);
}

function refcount(c: Session, argv: Bytes[]): Reply {
  const e = lookup(c, argv[2]!);
  if (e === undefined) return null;
  if (isSharedInteger(c.engine.config, e)) return SHARED_REFCOUNT;
  return e.heldByQueue ? 2 : 1;
}

/** estimateObjectIdleTime in whole seconds, on the 24-bit seconds clock Redis keeps in `lru`. */
function idletime(c: Session, argv: Bytes[]): Reply {
  const e = lookup(c, argv[2]!);
  if (e === undefined) return null;
  if (isLfuPolicy(c.engine.config)) throw new CommandError(LFU_SELECTED);
  const clock = Math.floor(c.engine.clock.now() / 1000) & LRU_CLOCK_MAX;
  // A shared integer is the object Redis made at start-up, never touched since.
  const stamp = isSharedInteger(c.engine.config, e) ? c.engine.startedAt : e.lru;
  const lru = Math.floor(stamp / 1000) & LRU_CLOCK_MAX;
  return clock >= lru ? clock - lru : clock + (LRU_CLOCK_MAX - lru);
}

function freq(c: Session, argv: Bytes[]): Reply {
  const e = lookup(c, argv[2]!);
  if (e === undefined) return null;
  if (!isLfuPolicy(c.engine.config)) throw new CommandError(LFU_NOT_SELECTED);
  return lfuCounter(e, c.engine.config, c.engine.clock.now());
}

const HELP = [
  'ENCODING <key>',
  '    Return the kind of internal representation used in order to store the value',
  '    associated with a <key>.',
  'FREQ <key>',
  '    Return the access frequency index of the <key>. The returned integer is',
  '    proportional to the logarithm of the recent access frequency of the key.',
  'IDLETIME <key>',
  '    Return the idle time of the <key>, that is the approximated number of',
  '    seconds elapsed since the last access to the key.',
  'REFCOUNT <key>',
  '    Return the number of references of the value associated with the specified',
  '    <key>.',
];

export const objectCommands: CommandDef[] = [
  { name: 'object|encoding', handler: encoding },
  { name: 'object|freq', handler: freq },
  { name: 'object|idletime', handler: idletime },
  { name: 'object|refcount', handler: refcount },
  { name: 'object|help', handler: () => helpReply('object', HELP) },
];
