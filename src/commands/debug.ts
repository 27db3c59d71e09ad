/**
 * DEBUG (Redis's debug.c), as a server started with `enable-debug-command yes` answers it, for
 * the subcommands tests use: SLEEP, SET-ACTIVE-EXPIRE, LOG, OBJECT and HELP. Any other answers
 * Redis's error for an unknown DEBUG subcommand.
 */
import { CommandError, NO_SUCH_KEY, subcommandSyntax } from '../errors.js';
import { OK, type Reply, StatusReply } from '../reply.js';
import { parseInt64 } from '../numbers.js';
import { ManualClock } from '../engine/clock.js';
import type { Engine } from '../engine/engine.js';
import type { Session } from '../engine/session.js';
import { isSharedInteger, SHARED_REFCOUNT, stringEncoding } from '../engine/string-objects.js';
import { rdbIntegerBytes, rdbLenBytes, rdbRawStringBytes } from '../engine/rdb-size.js';
import type { Entry } from '../engine/values.js';
import type { CommandDef } from './spec.js';
import { helpReply } from './help.js';
import { DEBUG_HELP_LINES } from './debug-help.js';

/** The longest DEBUG SLEEP blocks the process: an in-process server must not hang its host for good. */
export const MAX_DEBUG_SLEEP_MS = 10_000;
const LRU_CLOCK_MAX = (1 << 24) - 1;

/** strtod(s, NULL): the longest leading decimal number, 0 when there is none. */
function strtodPrefix(s: string): number {
  const m = /^[\t\n\v\f\r ]*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(s);
  return m ? Number(m[0]) : 0;
}

/** atoi. */
function atoi(s: string): number {
  const m = /^[\t\n\v\f\r ]*[+-]?\d+/.exec(s);
  return m ? Number(m[0]) : 0;
}

/**
 * DEBUG SLEEP seconds: the server stops for that long. With a manual clock the engine's time
 * moves instead; otherwise the thread really blocks (Atomics.wait), up to MAX_DEBUG_SLEEP_MS.
 */
function sleep(c: Session, argv: string[]): Reply {
  const ms = strtodPrefix(argv[2]!) * 1000;
  if (!(ms > 0)) return OK;
  const clock = c.engine.clock;
  if (clock instanceof ManualClock) clock.advance(ms);
  else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.min(ms, MAX_DEBUG_SLEEP_MS));
  return OK;
}

function setActiveExpire(c: Session, argv: string[]): Reply {
  c.engine.activeExpireEnabled = atoi(argv[2]!) !== 0;
  return OK;
}

/** rdbSavedObjectLen of a string value. */
function rdbStringBytes(e: Entry, s: string, compression: boolean): number {
  if (stringEncoding(e, s) === 'int') {
    const bytes = rdbIntegerBytes(parseInt64(s)!);
    return bytes > 0 ? bytes : rdbLenBytes(s.length) + s.length;
  }
  return rdbRawStringBytes(s, compression);
}

function isShared(engine: Engine, e: Entry): boolean {
  return isSharedInteger(engine.config, e);
}

const addresses = new WeakMap<Entry, number>();
let nextAddress = 0x7f0000100000;

/** A stable made-up address per value, printed like %p. */
function address(e: Entry): string {
  let a = addresses.get(e);
  if (a === undefined) {
    a = nextAddress;
    nextAddress += 0x40;
    addresses.set(e, a);
  }
  return `0x${a.toString(16)}`;
}

function lruClock(ms: number): number {
  return Math.floor(ms / 1000) & LRU_CLOCK_MAX;
}

/** DEBUG OBJECT key: the line Redis prints about the value (dictFind: an expired key still shows). */
function object(c: Session, argv: string[]): Reply {
  const e = c.db.dict.get(argv[2]!);
  if (e === undefined) throw new CommandError(NO_SUCH_KEY);
  const engine = c.engine;
  const v = e.value;
  const compression = engine.config.get('rdbcompression') === 'yes';
  const shared = isShared(engine, e);
  const encoding = typeof v === 'string' ? stringEncoding(e, v) : v.encoding(engine.config.thresholds);
  const length = typeof v === 'string' ? rdbStringBytes(e, v, compression) : (v.rdbLength?.(compression) ?? 0);
  const lfu = engine.config.maxmemoryPolicy.endsWith('lfu');
  // A shared integer is the object Redis made at start-up; under LFU the field holds LFU data.
  const lru = shared ? lruClock(engine.startedAt) : lfu ? e.lfu & LRU_CLOCK_MAX : lruClock(e.lru);
  const now = lruClock(engine.lruClock); // LRU_CLOCK(): the cached clock, like the keys' stamps
  const idle = now >= lru ? now - lru : now + (LRU_CLOCK_MAX - lru);
  const extra = typeof v === 'string' ? '' : (v.debugDetails?.() ?? '');
  return new StatusReply(
    `Value at:${address(e)} refcount:${shared ? SHARED_REFCOUNT : e.heldByQueue ? 2 : 1} encoding:${encoding} ` +
      `serializedlength:${length} lru:${lru} lru_seconds_idle:${idle}${extra}`,
  );
}


function debug(c: Session, argv: string[]): Reply {
  const sub = argv[1]!.toLowerCase();
  const argc = argv.length;
  if (sub === 'help' && argc === 2) return helpReply('debug', DEBUG_HELP_LINES);
  if (sub === 'sleep' && argc === 3) return sleep(c, argv);
  if (sub === 'set-active-expire' && argc === 3) return setActiveExpire(c, argv);
  if (sub === 'log' && argc === 3) return OK;
  if (sub === 'object' && argc === 3) return object(c, argv);
  throw new CommandError(subcommandSyntax('debug', argv[1]!));
}

export const debugCommands: CommandDef[] = [{ name: 'debug', handler: debug }];
