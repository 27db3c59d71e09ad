/**
 * Blocking commands through the client, side by side with real ioredis on the oracle: replies and
 * their shapes, later commands waiting behind a blocked one, pipelines and MULTI, timeouts,
 * CLIENT UNBLOCK, `commandTimeout`, and disconnect() while blocked.
 */
import IORedis from 'ioredis';
import { describe, expect, it } from 'vitest';
import Redis, { Engine } from '../../src/index.js';
import { oraclePort } from '../support/oracle.js';
import { type AnyClient, oracleAvailable, shape } from './side-by-side.js';

/** A pair of connections to one server, and a way to make more. */
interface Server {
  client(options?: Record<string, unknown>): AnyClient;
}

function realServer(): Server {
  return { client: (options = {}) => new IORedis({ port: oraclePort()!, host: '127.0.0.1', ...options }) as unknown as AnyClient };
}

function stubServer(): Server {
  const engine = new Engine({ activeExpire: false });
  return { client: (options = {}) => new Redis({ engine, ...options }) as unknown as AnyClient };
}

/** Waits until `n` clients are blocked (CLIENT LIST flag b), asked through `probe`. */
async function blockedCount(probe: AnyClient, n: number): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const list = (await probe.client('LIST')) as string;
    if (list.split('\n').filter((l) => / flags=\S*b/.test(l)).length >= n) return;
    await new Promise((r) => setTimeout(r, 2));
  }
  throw new Error(`never saw ${n} blocked clients`);
}

/** Records settlements in order: `[label, value]` or `[label, error picture]`. */
function recorder(): { log: unknown[]; track: (label: string, p: Promise<unknown>) => Promise<void> } {
  const log: unknown[] = [];
  return {
    log,
    track: (label, p) =>
      p.then(
        (v) => void log.push([label, shape(v)]),
        (e) => void log.push([label, shape(e)]),
      ),
  };
}

type Scenario = (server: Server) => Promise<unknown>;

async function expectSameOnBoth(scenario: Scenario): Promise<void> {
  const real = await (async () => {
    const admin = realServer().client();
    await admin.flushall();
    admin.disconnect();
    return scenario(realServer());
  })();
  const stub = await scenario(stubServer());
  expect(stub).toEqual(real);
}

describe.skipIf(!oracleAvailable)('blocking commands through the client, side by side with ioredis', () => {
  it('BLPOP waits, later commands wait behind it, and a push from another client wakes it', async () => {
    await expectSameOnBoth(async (server) => {
      const consumer = server.client();
      const producer = server.client();
      const { log, track } = recorder();
      const done = [track('blpop', consumer.blpop('q', 0)), track('get', consumer.get('x')), track('ping', consumer.ping())];
      await blockedCount(producer, 1);
      // The producer's reply and the consumer's wake-up race on a real server: only the
      // consumer's own order is compared.
      const pushed = await producer.rpush('q', 'a', 'b');
      await Promise.all(done);
      const rest = await producer.lrange('q', 0, -1);
      consumer.disconnect();
      producer.disconnect();
      return { consumer: log, pushed, rest };
    });
  });

  it('Buffer variants, BZPOPMIN scores, BLMPOP and BZMPOP shapes, BRPOPLPUSH and BLMOVE values', async () => {
    await expectSameOnBoth(async (server) => {
      const a = server.client();
      const b = server.client();
      const p = server.client();
      const { log, track } = recorder();
      const first = [track('blpopBuffer', a.blpopBuffer('l', 0)), track('bzpopmin', b.bzpopmin('z', 0))];
      await blockedCount(p, 2);
      await p.rpush('l', Buffer.from([0xff, 0x00]));
      await p.zadd('z', 1.5, 'm');
      await Promise.all(first);
      const second = [track('blmpop', a.blmpop(0, 2, 'l1', 'l2', 'RIGHT', 'COUNT', 2)), track('bzmpop', b.bzmpop(0, 1, 'z', 'MAX', 'COUNT', 2))];
      await blockedCount(p, 2);
      await p.rpush('l2', 'x', 'y', 'z');
      await p.zadd('z', 1, 'one', 2, 'two', 3, 'three');
      await Promise.all(second);
      const third = [track('brpoplpush', a.brpoplpush('s', 'd', 0)), track('blmove', b.blmove('s2', 'd', 'LEFT', 'LEFT', 0))];
      await blockedCount(p, 2);
      await p.rpush('s', 'v1');
      await p.rpush('s2', 'v2');
      await Promise.all(third);
      log.push(['d', await p.lrange('d', 0, -1)]);
      for (const c of [a, b, p]) c.disconnect();
      return log;
    });
  });

  it('timeouts resolve null; inside MULTI blocking commands answer at once', async () => {
    await expectSameOnBoth(async (server) => {
      const c = server.client();
      const out = [
        await c.blpop('none', 0.05),
        await c.brpoplpush('none', 'd', 0.05),
        await c.bzpopmax('none', 0.05),
        await c.blmpop(0.05, 1, 'none', 'LEFT'),
        // 0.001 s is just under 1 ms as a long double: Redis rounds up (ceill), it must not wait forever.
        await c.bzpopmin('none', 0.001),
        await c.blpop('none', 1e-20),
        await c.multi().blpop('none', 0).blmove('none', 'd', 'LEFT', 'LEFT', 0).bzmpop(0, 1, 'none', 'MIN').exec(),
        await c.blpop('none', -1).catch(shape),
      ];
      c.disconnect();
      return out;
    });
  });

  it('a pipeline holding a blocking command completes once it is served, in order', async () => {
    await expectSameOnBoth(async (server) => {
      const c = server.client();
      const p = server.client();
      const { log, track } = recorder();
      const done = [track('pipeline', c.pipeline().set('a', '1').blpop('q', 0).get('a').exec()), track('after', c.incr('a'))];
      await blockedCount(p, 1);
      await p.lpush('q', 'v');
      await Promise.all(done);
      c.disconnect();
      p.disconnect();
      // ioredis settles a pipeline a few promise hops after its last reply, so the INCR written
      // behind it may settle first; its value (2) shows it ran after the pipeline's SET.
      return log.sort((x, y) => String((x as string[])[0]).localeCompare(String((y as string[])[0])));
    });
  });

  it('CLIENT UNBLOCK: TIMEOUT resolves null, ERROR rejects with UNBLOCKED', async () => {
    await expectSameOnBoth(async (server) => {
      const c = server.client();
      const p = server.client();
      const { log, track } = recorder();
      const id = await c.client('ID');
      // CLIENT UNBLOCK's own reply races the unblocked client's: each is recorded on its own.
      const first = track('timeout', c.blpop('q', 0));
      await blockedCount(p, 1);
      const unblocked = [await p.client('UNBLOCK', id, 'TIMEOUT')];
      await first;
      const second = track('error', c.bzpopmin('z', 0));
      await blockedCount(p, 1);
      unblocked.push(await p.client('UNBLOCK', id, 'ERROR'));
      await second;
      log.push(['unblocked', unblocked]);
      log.push(['not blocked', await p.client('UNBLOCK', id)]);
      c.disconnect();
      p.disconnect();
      return log;
    });
  });

  it('disconnect() while blocked rejects with Connection is closed. and the client is never served', async () => {
    await expectSameOnBoth(async (server) => {
      const c = server.client();
      const p = server.client();
      const { log, track } = recorder();
      const blocked = track('blpop', c.blpop('q', 0));
      const behind = track('get', c.get('x'));
      await blockedCount(p, 1);
      c.disconnect();
      await Promise.all([blocked, behind]);
      log.push(['push', await p.rpush('q', 'kept')]);
      log.push(['list', await p.lrange('q', 0, -1)]);
      p.disconnect();
      return log;
    });
  });

  it('commandTimeout rejects a command that stays blocked', async () => {
    await expectSameOnBoth(async (server) => {
      const c = server.client({ commandTimeout: 50 });
      const out = await c.blpop('q', 0).catch(shape);
      c.disconnect();
      return out;
    });
  });
});

describe('blocking commands on a manual clock', () => {
  it('times out when the clock moves past the deadline, not before', async () => {
    const engine = new Engine({ activeExpire: false });
    const clock = engine.useManualClock(1_000_000);
    const c = new Redis({ engine });
    let settled: unknown = 'pending';
    const p = c.blpop('q', 1.5).then((v: unknown) => (settled = v));
    await new Promise((r) => setImmediate(r));
    clock.advance(1500);
    await new Promise((r) => setImmediate(r));
    expect(settled).toBe('pending');
    clock.advance(1);
    await p;
    expect(settled).toBeNull();
    c.disconnect();
    engine.close();
  });
});
