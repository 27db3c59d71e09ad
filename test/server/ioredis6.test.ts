/**
 * Real ioredis 6 (RESP3 by default: HELLO 3 at connect, maps and doubles on the wire, pushes for
 * pub/sub) against redis-stub's server and against the oracle: the same client code must see the
 * same values, errors and messages from both.
 */
import IORedis6 from 'ioredis6';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasOracle, oraclePort } from '../support/oracle.js';
import { shape } from '../client/side-by-side.js';
import { startServer, type TestServer } from './helpers.js';

type Client = InstanceType<typeof IORedis6>;

/** The pictures of the same steps on one server, through ioredis 6. */
async function steps(port: number): Promise<unknown[]> {
  const c: Client = new IORedis6({ port, host: '127.0.0.1' });
  const sub: Client = new IORedis6({ port, host: '127.0.0.1' });
  const out: unknown[] = [];
  const record = async (p: Promise<unknown>): Promise<void> => {
    out.push(shape(await p.catch((e: unknown) => e)));
  };
  try {
    await c.flushall();
    await record(c.hello());
    await record(c.set('k', 'v', 'EX', 100));
    await record(c.get('k'));
    await record(c.getBuffer('k'));
    await record(c.hset('h', 'a', '1', 'b', '2'));
    await record(c.hgetall('h'));
    await record(c.zadd('z', 1.5, 'one', 2, 'two'));
    await record(c.call('ZRANGE', 'z', '0', '-1', 'WITHSCORES'));
    await record(c.zscore('z', 'one'));
    await record(c.incrbyfloat('f', '0.1'));
    await record(c.smembers('nosuch'));
    await record(c.lpop('nosuch'));
    await record(c.get('h'));
    await record(c.pipeline().set('p', '1').incr('p').get('nosuch').exec());
    await record(c.multi().incr('p').hgetall('h').exec());
    await record(c.xadd('s', '1-1', 'f', 'v'));
    await record(c.xgroup('CREATE', 's', 'g', '0'));
    await record(c.xreadgroup('GROUP', 'g', 'c1', 'COUNT', 10, 'STREAMS', 's', '>'));
    await record(c.xinfo('GROUPS', 's'));
    await record(c.config('GET', 'maxmemory'));
    // Blocking across connections, then pub/sub pushes.
    const blocked = sub.blpop('q', 0);
    await new Promise((r) => setTimeout(r, 50));
    await record(c.rpush('q', 'x'));
    await record(blocked);
    const messages: unknown[] = [];
    sub.on('message', (channel: string, message: string) => messages.push(['message', channel, message]));
    sub.on('pmessage', (pattern: string, channel: string, message: string) => messages.push(['pmessage', pattern, channel, message]));
    await record(sub.subscribe('news', 'other'));
    await record(sub.psubscribe('n*'));
    await record(c.publish('news', 'hello'));
    await new Promise((r) => setTimeout(r, 50));
    out.push(messages);
    // RESP3: a subscribed connection still runs other commands.
    await record(sub.get('k'));
    await record(sub.ping());
  } finally {
    c.disconnect();
    sub.disconnect();
  }
  return out;
}

describe.skipIf(!hasOracle())('ioredis 6 (RESP3) against the server and the oracle', () => {
  let stub: TestServer;
  beforeAll(async () => {
    stub = await startServer();
  });
  afterAll(async () => {
    await stub?.stop();
  });

  it('sees the same values, errors and messages', async () => {
    const expected = await steps(oraclePort()!);
    const actual = await steps(stub.port);
    // HELLO's id differs between any two servers, and the version string is the stub's own.
    const hello = (pictures: unknown[]) => {
      const h = pictures[0] as unknown[];
      return Array.isArray(h) ? h.filter((_, i) => !['id', 'version'].includes(String(h[i - 1])) && !['id', 'version'].includes(String(h[i]))) : h;
    };
    expect(hello(actual)).toEqual(hello(expected));
    expect(actual.slice(1)).toEqual(expected.slice(1));
  });
});
