/**
 * OBJECT ENCODING / FREQ / IDLETIME / REFCOUNT / HELP (Redis's object.c): what Redis 7.0 would
 * report for the same value, thresholds and maxmemory-policy.
 */
import type { Bytes } from '../bytes.js';
import { CommandError, LFU_NOT_SELECTED, LFU_SELECTED } from '../errors.js';
import { parseInt64 } from '../numbers.js';
import type { Reply } from '../reply.js';
import type { Config } from '../engine/config.js';
import { isLfuPolicy, lfuCounter } from '../engine/lfu.js';
import type { Session } from '../engine/session.js';
import type { Entry } from '../engine/values.js';
import { helpReply } from './help.js';
import type { CommandDef } from './spec.js';

/** OBJ_ENCODING_EMBSTR_SIZE_LIMIT. */
const EMBSTR_SIZE_LIMIT = 44;
/** OBJ_SHARED_INTEGERS: SET of 0..9999 stores one of Redis's shared integer objects. */
const SHARED_INTEGERS = 10000;
/** OBJ_SHARED_REFCOUNT (INT_MAX): the refcount a shared object reports. */
const SHARED_REFCOUNT = 2147483647;
/** LRU_CLOCK_MAX: the LRU clock is 24 bits of seconds. */
const LRU_CLOCK_MAX = (1 << 24) - 1;

/**
 * The encoding tryObjectEncoding gives a string: `int` when it reads back as a long (string2l,
 * at most 20 bytes), `embstr` up to 44 bytes, else `raw`. In-place edits leave `raw`, and
 * strings Redis builds without tryObjectEncoding (INCRBYFLOAT) never become `int`.
 */
export function stringEncoding(e: Entry, value: Bytes): 'int' | 'embstr' | 'raw' {
  if (e.rawString) return 'raw';
  if (!e.embstrString && value.length <= 20 && parseInt64(value) !== undefined) return 'int';
  return value.length <= EMBSTR_SIZE_LIMIT ? 'embstr' : 'raw';
}

/**
 * Shared integers are used unless maxmemory is set with an LRU or LFU policy
 * (MAXMEMORY_FLAG_NO_SHARED_INTEGERS), since those keep per-object access data.
 */
function sharedIntegersAllowed(config: Config): boolean {
  const policy = config.maxmemoryPolicy;
  return config.maxmemory === 0 || !(policy.endsWith('lru') || policy.endsWith('lfu'));
}

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
  const v = e.value;
  if (typeof v === 'string' && !e.unsharedInt && stringEncoding(e, v) === 'int' && sharedIntegersAllowed(c.engine.config)) {
    const n = parseInt64(v)!;
    if (n >= 0 && n < SHARED_INTEGERS) return SHARED_REFCOUNT;
  }
  return e.heldByQueue ? 2 : 1;
}

/** estimateObjectIdleTime in whole seconds, on the 24-bit seconds clock Redis keeps in `lru`. */
function idletime(c: Session, argv: Bytes[]): Reply {
  const e = lookup(c, argv[2]!);
  if (e === undefined) return null;
  if (isLfuPolicy(c.engine.config)) throw new CommandError(LFU_SELECTED);
  const clock = Math.floor(c.engine.clock.now() / 1000) & LRU_CLOCK_MAX;
  const lru = Math.floor(e.lru / 1000) & LRU_CLOCK_MAX;
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
