/**
 * Server commands on the keyspace and the clock: FLUSHALL, FLUSHDB, DBSIZE, SWAPDB, TIME, LASTSAVE,
 * WAIT (Redis's server.c, db.c, replication.c), and the integer argument rules they share.
 */
import {
  CommandError,
  DB_INDEX_OUT_OF_RANGE,
  INT_RANGE,
  INVALID_FIRST_DB,
  INVALID_SECOND_DB,
  NOT_INTEGER,
  SYNTAX,
  TIMEOUT_NEGATIVE,
  TIMEOUT_NOT_INTEGER,
} from '../errors.js';
import { OK, type Reply } from '../reply.js';
import { parseInt64 } from '../numbers.js';
import type { Session } from '../engine/session.js';
import type { CommandDef } from './spec.js';
import { isKeyword } from './args.js';

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

/**
 * getIntFromObjectOrReply: a strict integer within C's int. With `error` every failure answers
 * it; without, a non-integer and an out-of-range value answer Redis's two default texts.
 */
export function int32Arg(s: string, error?: string): number {
  const v = parseInt64(s);
  if (v === undefined) throw new CommandError(error ?? NOT_INTEGER);
  const n = Number(v);
  if (n < INT_MIN || n > INT_MAX) throw new CommandError(error ?? INT_RANGE);
  return n;
}

/** getTimeoutFromObjectOrReply in milliseconds: a non-negative strict integer (0 = no timeout). */
export function timeoutMsArg(s: string): number {
  const v = parseInt64(s);
  if (v === undefined) throw new CommandError(TIMEOUT_NOT_INTEGER);
  if (v < 0) throw new CommandError(TIMEOUT_NEGATIVE);
  return Number(v);
}

/** getFlushCommandFlags: nothing, SYNC or ASYNC. Both flush at once here: there is no background thread. */
function checkFlushArgs(argv: string[]): void {
  if (argv.length > 2 || (argv.length === 2 && !isKeyword(argv[1]!, 'SYNC') && !isKeyword(argv[1]!, 'ASYNC'))) {
    throw new CommandError(SYNTAX);
  }
}

function flushall(c: Session, argv: string[]): Reply {
  checkFlushArgs(argv);
  c.engine.flushAll();
  c.engine.dirty++;
  return OK;
}

function flushdb(c: Session, argv: string[]): Reply {
  checkFlushArgs(argv);
  c.db.flush();
  return OK;
}

function dbsize(c: Session): Reply {
  return c.db.size;
}

function swapdb(c: Session, argv: string[]): Reply {
  const a = int32Arg(argv[1]!, INVALID_FIRST_DB);
  const b = int32Arg(argv[2]!, INVALID_SECOND_DB);
  const dbs = c.engine.databases;
  if (a < 0 || a >= dbs.length || b < 0 || b >= dbs.length) throw new CommandError(DB_INDEX_OUT_OF_RANGE);
  if (a !== b) dbs[a]!.swapWith(dbs[b]!);
  c.engine.dirty++;
  return OK;
}

function time(c: Session): Reply {
  const ms = c.engine.clock.now();
  const seconds = Math.floor(ms / 1000);
  const micros = Math.floor((ms - seconds * 1000) * 1000);
  return [String(seconds), String(micros)];
}

function lastsave(c: Session): Reply {
  return c.engine.lastSave;
}

/**
 * WAIT numreplicas timeout: there are never replicas, so the answer is 0. A real server asked for
 * one or more replicas would block until the timeout first; an in-process one answers at once.
 */
function wait(_c: Session, argv: string[]): Reply {
  if (parseInt64(argv[1]!) === undefined) throw new CommandError(NOT_INTEGER);
  timeoutMsArg(argv[2]!);
  return 0;
}

export const serverCommands: CommandDef[] = [
  { name: 'flushall', handler: flushall },
  { name: 'flushdb', handler: flushdb },
  { name: 'dbsize', handler: dbsize },
  { name: 'swapdb', handler: swapdb },
  { name: 'time', handler: time },
  { name: 'lastsave', handler: lastsave },
  { name: 'wait', handler: wait },
];
