/**
 * Blocking list commands (t_list.c + blocked.c of Redis 7.0): BLPOP, BRPOP, BLMPOP, BLMOVE and
 * BRPOPLPUSH. With data at hand each behaves as its non-blocking form; otherwise the session waits
 * (see engine/blocking.ts) and `serve*` below run when a push makes a key ready, as Redis 7.0's
 * serveClientBlockedOnList does: pop from the key that became ready, for the longest waiter first.
 */
import type { Bytes } from '../bytes.js';
import type { Session } from '../engine/session.js';
import { RedisList } from '../engine/types/list.js';
import type { Entry } from '../engine/values.js';
import { NIL_ARRAY, type Reply } from '../reply.js';
import { type End, endArg, listOf, moveFrom, moveGeneric, parseMpop, pop, popped, popRangeWithKey } from './lists.js';
import type { CommandDef } from './spec.js';
import { blockDeadlineSeconds } from './timeouts.js';

/**
 * A ready key's entry and list, as handleClientsBlockedOnKeys found it (no stats, no access
 * time), or undefined when an earlier receiver emptied it.
 */
function readyList(c: Session, key: Bytes): [Entry, RedisList] | undefined {
  const e = c.db.find(key);
  return e !== undefined && e.value instanceof RedisList && e.value.length !== 0 ? [e, e.value] : undefined;
}

/**
 * blockingPopGenericCommand: BLPOP, BRPOP (count -1: `[key, element]`) and BLMPOP (`[key,
 * [elements]]`). The first non-empty key answers at once; a key of another type fails the command.
 */
function blockingPop(c: Session, keys: Bytes[], end: End, deadline: number, count: number): Reply {
  for (const key of keys) {
    const e = c.db.lookupWrite(key);
    if (e === undefined) continue;
    const list = listOf(e);
    if (list.length === 0) continue;
    if (count !== -1) return popRangeWithKey(c, key, e, list, end, count);
    const value = pop(list, end);
    popped(c, key, e, list, end);
    return [key, value];
  }
  // Inside MULTI (or a script) there is no waiting: it is a timeout, even with timeout 0.
  if (c.denyBlocking) return NIL_ARRAY;
  return c.blockOnKeys({ type: 'list', keys, deadline, serve: (key) => servePop(c, key, end, count) });
}

/**
 * serveClientBlockedOnList without a destination: the pop, its event, the key gone when drained,
 * and no signalModifiedKey (the push that fed the receiver signalled already).
 */
function servePop(c: Session, key: Bytes, end: End, count: number): Reply | undefined {
  const found = readyList(c, key);
  if (found === undefined) return undefined;
  const [e, list] = found;
  if (count !== -1) return popRangeWithKey(c, key, e, list, end, count, false);
  const value = pop(list, end);
  popped(c, key, e, list, end, false);
  return [key, value];
}

/**
 * serveClientBlockedOnList for BLMOVE / BRPOPLPUSH: a destination of another type answers the
 * receiver WRONGTYPE and leaves the element where it is; otherwise the element moves (creating
 * the destination can wake its own waiters in the next round).
 */
function serveMove(c: Session, key: Bytes, destination: Bytes, from: End, to: End): Reply | undefined {
  const found = readyList(c, key);
  if (found === undefined) return undefined;
  return moveFrom(c, key, found[0], found[1], destination, from, to, false);
}

/** blmoveGenericCommand: LMOVE when the source has data, else wait for it. */
function blockingMove(c: Session, source: Bytes, destination: Bytes, from: End, to: End, deadline: number): Reply {
  const e = c.db.lookupWrite(source);
  if (e !== undefined) {
    listOf(e);
    return moveGeneric(c, source, destination, from, to);
  }
  // Inside MULTI the empty source answers as LMOVE would: a nil bulk, not a nil array.
  if (c.denyBlocking) return null;
  return c.blockOnKeys({ type: 'list', keys: [source], deadline, serve: (key) => serveMove(c, key, destination, from, to) });
}

/** BLPOP / BRPOP key [key ...] timeout. */
function blpopGeneric(end: End) {
  return (c: Session, argv: string[]): Reply => {
    const deadline = blockDeadlineSeconds(c, argv[argv.length - 1]!);
    return blockingPop(c, argv.slice(1, -1), end, deadline, -1);
  };
}

/** BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count]: the options first, then the timeout. */
function blmpop(c: Session, argv: string[]): Reply {
  const { keys, end, count } = parseMpop(argv, 2);
  const deadline = blockDeadlineSeconds(c, argv[1]!);
  return blockingPop(c, keys, end, deadline, count);
}

/** BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout. */
function blmove(c: Session, argv: string[]): Reply {
  const from = endArg(argv[3]!);
  const to = endArg(argv[4]!);
  const deadline = blockDeadlineSeconds(c, argv[5]!);
  return blockingMove(c, argv[1]!, argv[2]!, from, to, deadline);
}

/** BRPOPLPUSH source destination timeout: BLMOVE source destination RIGHT LEFT. */
function brpoplpush(c: Session, argv: string[]): Reply {
  const deadline = blockDeadlineSeconds(c, argv[3]!);
  return blockingMove(c, argv[1]!, argv[2]!, 'tail', 'head', deadline);
}

export const blockingListCommands: CommandDef[] = [
  { name: 'blpop', handler: blpopGeneric('head') },
  { name: 'brpop', handler: blpopGeneric('tail') },
  { name: 'blmpop', handler: blmpop },
  { name: 'blmove', handler: blmove },
  { name: 'brpoplpush', handler: brpoplpush },
];
