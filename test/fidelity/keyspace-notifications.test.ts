/**
 * Keyspace notifications delivered through pub/sub, against the oracle event for event (see
 * test/support/pubsub-scenario.ts): subscribers on `__keyspace@<db>__:<key>` and
 * `__keyevent@<db>__:<event>` channels and patterns, every class flag, events of every type's
 * commands, `expired` from lazy expiry and from the active expire cycle.
 */
import { describe, expect, it } from 'vitest';
import { comparePubSub, type PubSubStep } from '../support/pubsub-scenario.js';
import { hasOracle } from '../support/oracle.js';

const c = (conn: number, ...argv: string[]): PubSubStep => ({ conn, argv });

async function expectSame(flags: string, steps: PubSubStep[]): Promise<void> {
  const mismatch = await comparePubSub(steps, { 'notify-keyspace-events': flags });
  if (mismatch !== undefined) expect.fail(mismatch);
}

/** Conn 0 hears every keyspace channel, conn 1 every keyevent channel, conn 2 (RESP3) one key's. */
const listeners: PubSubStep[] = [
  c(0, 'PSUBSCRIBE', '__keyspace@*__:*'),
  c(1, 'PSUBSCRIBE', '__keyevent@*'),
  c(2, 'HELLO', '3'),
  c(2, 'SUBSCRIBE', '__keyspace@0__:k', '__keyevent@0__:del'),
];

const writes: PubSubStep[] = [
  c(3, 'SET', 'k', 'v'),
  c(3, 'APPEND', 'k', 'w'),
  c(3, 'INCR', 'n'),
  c(3, 'INCRBYFLOAT', 'n', '1.5'),
  c(3, 'SETRANGE', 'k', '1', 'zz'),
  c(3, 'GETDEL', 'n'),
  c(3, 'GET', 'missing'),
  c(3, 'EXPIRE', 'k', '100'),
  c(3, 'PERSIST', 'k'),
  c(3, 'RENAME', 'k', 'k2'),
  c(3, 'RENAME', 'k2', 'k'),
  c(3, 'COPY', 'k', 'k3'),
  c(3, 'MOVE', 'k3', '1'),
  c(3, 'LPUSH', 'l', 'a', 'b', 'c'),
  c(3, 'LPOP', 'l'),
  c(3, 'LMOVE', 'l', 'l2', 'LEFT', 'RIGHT'),
  c(3, 'LTRIM', 'l', '1', '0'),
  c(3, 'HSET', 'h', 'f', '1', 'g', '2'),
  c(3, 'HINCRBY', 'h', 'f', '2'),
  c(3, 'HDEL', 'h', 'f', 'g'),
  c(3, 'SADD', 's', 'a', 'b'),
  c(3, 'SMOVE', 's', 's2', 'a'),
  c(3, 'SINTERSTORE', 'd', 's', 's2'),
  c(3, 'SPOP', 's'),
  c(3, 'ZADD', 'z', '1', 'a', '2', 'b'),
  c(3, 'ZINCRBY', 'z', '1', 'a'),
  c(3, 'ZREMRANGEBYSCORE', 'z', '0', '10'),
  c(3, 'XADD', 'x', '1-1', 'f', 'v'),
  c(3, 'XGROUP', 'CREATE', 'x', 'g', '0'),
  c(3, 'XGROUP', 'CREATECONSUMER', 'x', 'g', 'c'),
  c(3, 'XREADGROUP', 'GROUP', 'g', 'c2', 'STREAMS', 'x', '>'),
  c(3, 'XTRIM', 'x', 'MAXLEN', '0'),
  c(3, 'XDEL', 'x', '1-1'),
  c(3, 'XGROUP', 'DELCONSUMER', 'x', 'g', 'c'),
  c(3, 'XGROUP', 'DESTROY', 'x', 'g'),
  c(3, 'XSETID', 'x', '5-5'),
  c(3, 'SORT', 'l2', 'ALPHA', 'STORE', 'sorted'),
  c(3, 'DEL', 'k', 'l2', 'nope'),
  c(3, 'MULTI'),
  c(3, 'SET', 'm1', '1'),
  c(3, 'DEL', 'm1'),
  c(3, 'EXEC'),
  c(3, 'SWAPDB', '0', '1'),
  c(3, 'FLUSHALL'),
];

describe.skipIf(!hasOracle())('keyspace notifications against the oracle', () => {
  it('every class (KEA): the events of each command, on both channel kinds', async () => {
    await expectSame('KEA', [...listeners, ...writes]);
  });

  it('key misses and new keys (KEAmn), keyevent only (Eg$), keyspace only (Kl)', async () => {
    await expectSame('KEAmn', [...listeners, ...writes.slice(0, 12)]);
    await expectSame('Eg$', [...listeners, ...writes.slice(0, 16)]);
    await expectSame('Kl', [...listeners, ...writes.slice(10, 20)]);
  });

  it('flags changed while subscribed take effect at once', async () => {
    await expectSame('', [
      ...listeners,
      c(3, 'SET', 'k', '1'),
      c(3, 'CONFIG', 'SET', 'notify-keyspace-events', 'KE$'),
      c(3, 'SET', 'k', '2'),
      c(3, 'CONFIG', 'SET', 'notify-keyspace-events', 'Eg'),
      c(3, 'SET', 'k', '3'),
      c(3, 'DEL', 'k'),
    ]);
  });

  it('expired: lazily when a due key is touched', async () => {
    await expectSame('KEA', [
      ...listeners,
      c(3, 'SET', 'k', 'v', 'PX', '20'),
      c(3, 'HSET', 'h', 'f', 'v'),
      c(3, 'PEXPIRE', 'h', '20'),
      { sleep: 60 },
      c(3, 'GET', 'k'),
      c(3, 'EXISTS', 'h'),
      c(3, 'PEXPIRE', 'h2', '0'),
      c(3, 'SET', 'gone', 'v'),
      c(3, 'PEXPIRE', 'gone', '0'),
    ]);
  });

  it('expired: by the active expire cycle, in every database', async () => {
    await expectSame('KEA', [
      ...listeners,
      c(3, 'SET', 'a', '1', 'PX', '30'),
      c(3, 'SET', 'b', '2', 'PX', '30'),
      c(3, 'LPUSH', 'l', 'x'),
      c(3, 'PEXPIRE', 'l', '30'),
      c(3, 'SELECT', '3'),
      c(3, 'SET', 'c', '3', 'PX', '30'),
      { expire: 80 },
      c(3, 'DBSIZE'),
    ]);
  });
});
