/**
 * Blocking sorted set pops (t_zset.c + blocked.c of Redis 7.0): BZPOPMIN, BZPOPMAX and BZMPOP.
 * With a non-empty key at hand each is its non-blocking pop; otherwise the session waits (see
 * engine/blocking.ts) and is served by genericZpopCommand on the key that became ready, as
 * serveClientsBlockedOnSortedSetKey does.
 */
import type { Session } from '../engine/session.js';
import { ZSet } from '../engine/types/zset.js';
import { NIL_ARRAY, type Reply } from '../reply.js';
import { parseZmpop, zpopGeneric } from './sorted-sets.js';
import { writeZset } from './sorted-set-values.js';
import type { CommandDef } from './spec.js';
import { blockDeadlineSeconds } from './timeouts.js';

/**
 * One pop from key: BZPOPMIN/BZPOPMAX (count -1) answer flat `[key, member, score]`, BZMPOP
 * `[key, [[member, score], ...]]`.
 */
function popFrom(c: Session, key: string, max: boolean, count: number): Reply {
  if (count === -1) return [key, ...(zpopGeneric(c, [key], max, false, -1, false, false) as Reply[])];
  return zpopGeneric(c, [key], max, true, count, true, true);
}

/** blockingGenericZpopCommand: the first existing key answers (a key of another type fails). */
function blockingZpop(c: Session, keys: string[], max: boolean, deadline: number, count: number): Reply {
  for (const key of keys) {
    const z = writeZset(c, key);
    if (z === undefined || z.size === 0) continue;
    return popFrom(c, key, max, count);
  }
  if (c.denyBlocking) return NIL_ARRAY;
  return c.blockOnKeys({
    type: 'zset',
    keys,
    deadline,
    serve: (key) => {
      const value = c.db.find(key)?.value;
      if (!(value instanceof ZSet) || value.size === 0) return undefined;
      return popFrom(c, key, max, count);
    },
  });
}

/** BZPOPMIN / BZPOPMAX key [key ...] timeout. */
function bzpop(max: boolean) {
  return (c: Session, argv: string[]): Reply => {
    const deadline = blockDeadlineSeconds(c, argv[argv.length - 1]!);
    return blockingZpop(c, argv.slice(1, -1), max, deadline, -1);
  };
}

/** BZMPOP timeout numkeys key [key ...] MIN|MAX [COUNT count]: the options first, then the timeout. */
function bzmpop(c: Session, argv: string[]): Reply {
  const { keys, max, count } = parseZmpop(argv, 2);
  const deadline = blockDeadlineSeconds(c, argv[1]!);
  return blockingZpop(c, keys, max, deadline, count);
}

export const blockingSortedSetCommands: CommandDef[] = [
  { name: 'bzpopmin', handler: bzpop(false) },
  { name: 'bzpopmax', handler: bzpop(true) },
  { name: 'bzmpop', handler: bzmpop },
];
