/**
 * Status values, events, connect/quit/disconnect/reconnect, offline queueing and constructor
 * options, side by side with real ioredis on the oracle.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import IORedis from 'ioredis';
import Redis, { Engine } from '../../src/index.js';
import { oraclePort } from '../support/oracle.js';
import {
  type AnyClient,
  STATUS_EVENTS,
  once,
  oracleAvailable,
  outcome,
  realClient,
  recordEvents,
  shape,
  sleep,
} from './side-by-side.js';

type Factory = (options?: Record<string, unknown>) => AnyClient;

const makeReal: Factory = (options = {}) =>
  new IORedis({ port: oraclePort()!, host: '127.0.0.1', ...options }) as unknown as AnyClient;
const makeStub: Factory = (options = {}) =>
  new Redis({ engine: new Engine({ activeExpire: false }), ...options }) as unknown as AnyClient;

/** Runs a scenario with both factories and expects the same log. */
async function expectSameScenario(scenario: (make: Factory) => Promise<unknown[]>): Promise<unknown[]> {
  const expected = await scenario(makeReal);
  const actual = await scenario(makeStub);
  expect(actual).toEqual(expected);
  return actual;
}

describe.skipIf(!oracleAvailable)('connection lifecycle, side by side with ioredis', () => {
  beforeEach(async () => {
    (await realClient()).disconnect();
  });

  it('construction: status connecting at once, then connecting, connect, ready', async () => {
    await expectSameScenario(async (make) => {
      const c = make();
      const log: unknown[] = [c.status];
      recordEvents(c, STATUS_EVENTS, log);
      await once(c, 'ready');
      log.push(c.status, c.mode);
      log.push(await outcome(c.quit()));
      log.push(c.status);
      await once(c, 'end');
      log.push(c.status);
      return log;
    });
  });

  it('disconnect() or quit() right after construction', async () => {
    await expectSameScenario(async (make) => {
      const a = make();
      const log = recordEvents(a, STATUS_EVENTS);
      const pending = a.get('k');
      a.disconnect();
      log.push(a.status, await outcome(pending));
      await sleep(20);
      log.push(a.status, '--');
      const b = make();
      recordEvents(b, STATUS_EVENTS, log);
      log.push(await outcome(b.quit()), b.status, await outcome(b.get('k')));
      await sleep(20);
      log.push(b.status);
      return log;
    });
  });

  it('connect() with a callback; connect() while connecting', async () => {
    await expectSameScenario(async (make) => {
      const c = make({ lazyConnect: true });
      const log: unknown[] = [];
      const first = new Promise((resolve) => c.connect((...args: unknown[]) => resolve(args.map((a) => shape(a)))));
      c.connect((err: Error | null) => log.push(['second', err?.message]));
      log.push(await first);
      await sleep(5);
      c.disconnect();
      await once(c, 'end');
      return log;
    });
  });

  it('quit resolves OK while ready; then close, end; later commands reject', async () => {
    await expectSameScenario(async (make) => {
      const c = make();
      await once(c, 'ready');
      const log = recordEvents(c, STATUS_EVENTS);
      const ended = once(c, 'end');
      const quit = c.quit();
      const after = c.get('k');
      log.push(await outcome(quit), c.status, await outcome(after));
      await ended;
      log.push(c.status, await outcome(c.get('k')), await outcome(c.quit()), await outcome(c.set('k', 'v')));
      return log;
    });
  });

  it('disconnect(): undefined, status unchanged, then close, end; commands reject', async () => {
    await expectSameScenario(async (make) => {
      const c = make();
      await once(c, 'ready');
      const log = recordEvents(c, STATUS_EVENTS);
      log.push(shape(c.disconnect()), c.status);
      const pending = c.get('k');
      await once(c, 'end');
      log.push(c.status, await outcome(pending), await outcome(c.get('k')));
      c.disconnect();
      await sleep(10);
      log.push(c.status);
      return log;
    });
  });

  it('connect() again after end reconnects; connect() while connected rejects', async () => {
    await expectSameScenario(async (make) => {
      const c = make();
      const log = recordEvents(c, STATUS_EVENTS);
      log.push(await outcome(c.connect()));
      await once(c, 'ready');
      log.push(await outcome(c.connect()));
      c.disconnect();
      await once(c, 'end');
      log.push(await outcome(c.connect()), c.status);
      log.push(await outcome(c.set('k', 'v')), await outcome(c.get('k')));
      c.disconnect();
      await once(c, 'end');
      return log;
    });
  });

  it('lazyConnect: wait, then connect() resolves undefined on ready', async () => {
    await expectSameScenario(async (make) => {
      const c = make({ lazyConnect: true });
      const log: unknown[] = [c.status];
      recordEvents(c, STATUS_EVENTS, log);
      await sleep(5);
      log.push(c.status);
      const connected = c.connect();
      log.push(c.status);
      log.push(await outcome(connected), c.status);
      c.disconnect();
      await once(c, 'end');
      return log;
    });
  });

  it('lazyConnect: the first command connects', async () => {
    await expectSameScenario(async (make) => {
      const c = make({ lazyConnect: true });
      const log = recordEvents(c, STATUS_EVENTS);
      await sleep(5);
      const flushed = c.flushall();
      log.push(c.status);
      log.push(await outcome(flushed));
      log.push(await outcome(c.set('k', 'v')), await outcome(c.get('k')));
      c.disconnect();
      await once(c, 'end');
      return log;
    });
  });

  it('lazyConnect: quit and disconnect while waiting', async () => {
    await expectSameScenario(async (make) => {
      const a = make({ lazyConnect: true });
      const log = recordEvents(a, STATUS_EVENTS);
      log.push(await outcome(a.quit()), a.status);
      await sleep(10);
      log.push(a.status);
      const b = make({ lazyConnect: true });
      recordEvents(b, STATUS_EVENTS, log);
      log.push(shape(b.disconnect()), b.status);
      await sleep(10);
      log.push(b.status, await outcome(b.get('k')));
      return log;
    });
  });

  it('commands while connecting are answered (offline queue)', async () => {
    await expectSameScenario(async (make) => {
      const c = make({ db: 3 });
      const log = [c.status];
      const replies = [c.del('k'), c.set('k', 'v'), c.get('k'), c.incr('k')];
      for (const r of replies) log.push(await outcome(r));
      log.push(c.status);
      await c.quit();
      await once(c, 'end');
      return log;
    });
  });

  it('enableOfflineQueue: false rejects commands before ready', async () => {
    await expectSameScenario(async (make) => {
      const c = make({ enableOfflineQueue: false });
      const log: unknown[] = [await outcome(c.get('offline-k'))];
      await once(c, 'ready');
      log.push(await outcome(c.set('offline-k', 'v')), await outcome(c.get('offline-k')), await outcome(c.del('offline-k')));
      c.disconnect();
      log.push(await outcome(c.get('offline-k')));
      await once(c, 'end');
      log.push(await outcome(c.get('offline-k')));
      const lazy = make({ enableOfflineQueue: false, lazyConnect: true });
      // (Not compared: the status right after this rejection. A real client is still `connecting`
      // there, waiting for the network; in-process, the connection is up by the time `await` resumes.)
      log.push(await outcome(lazy.get('offline-k')));
      lazy.disconnect();
      await sleep(10);
      return log;
    });
  });

  it('disconnect(true): close, reconnecting, connecting, connect, ready; db kept, queued commands run', async () => {
    await expectSameScenario(async (make) => {
      const c = make();
      await once(c, 'ready');
      await c.select(5);
      await c.set('k', 'in5');
      const log = recordEvents(c, STATUS_EVENTS);
      c.disconnect(true);
      const queued = c.get('k');
      await once(c, 'ready');
      await sleep(5);
      log.push(c.status, await outcome(queued), await outcome(c.get('k')));
      await c.select(0);
      await c.quit();
      await once(c, 'end');
      return log;
    });
  });

  it('disconnect(true) then select: the queued commands run in their database', async () => {
    await expectSameScenario(async (make) => {
      const c = make({ db: 1 });
      await once(c, 'ready');
      await c.set('k', 'in1');
      await c.select(2);
      await c.set('k', 'in2');
      const log = recordEvents(c, STATUS_EVENTS);
      c.disconnect(true);
      const a = c.get('k');
      const b = c.select(1);
      const d = c.get('k');
      await once(c, 'ready');
      await sleep(5);
      log.push(await outcome(a), await outcome(b), await outcome(d), await outcome(c.get('k')));
      await c.del('k');
      await c.select(2);
      await c.del('k');
      await c.quit();
      await once(c, 'end');
      return log;
    });
  });

  it('retryStrategy returning null: disconnect(true) ends', async () => {
    await expectSameScenario(async (make) => {
      const c = make({ retryStrategy: () => null });
      await once(c, 'ready');
      const log = recordEvents(c, STATUS_EVENTS);
      c.disconnect(true);
      const pending = c.get('k');
      await once(c, 'end');
      log.push(c.status, await outcome(pending));
      return log;
    });
  });

  it('db option selects at connect, without a select event', async () => {
    await expectSameScenario(async (make) => {
      const c = make({ db: 4 });
      const log = recordEvents(c, STATUS_EVENTS);
      await c.set('k', 'in4');
      await c.select(4);
      await c.select(0);
      log.push(await outcome(c.get('k')), await outcome(c.select(4)), await outcome(c.get('k')));
      await c.del('k');
      await c.quit();
      await once(c, 'end');
      return log;
    });
  });

  it('an invalid db option emits error (a ReplyError) and still becomes ready', async () => {
    await expectSameScenario(async (make) => {
      const c = make({ db: 99 });
      const log = recordEvents(c, STATUS_EVENTS);
      await once(c, 'ready');
      await sleep(5);
      log.push(await outcome(c.ping()));
      await c.quit();
      await once(c, 'end');
      return log;
    });
  });

  it('an error event with no listener is logged, never thrown', async () => {
    const logged = await expectSameScenario(async (make) => {
      const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
      try {
        const c = make({ db: 99 });
        await once(c, 'ready');
        await sleep(5);
        await c.quit();
        return spy.mock.calls.map((call) => [call[0], String(call[1]).split('\n')[0]]);
      } finally {
        spy.mockRestore();
      }
    });
    expect(logged).toHaveLength(1);
  });

  it('connectionName is set at connect (and again after a reconnect); an invalid one is ignored', async () => {
    await expectSameScenario(async (make) => {
      const named = make({ connectionName: 'my-conn' });
      const bad = make({ connectionName: 'has space' });
      const log = [await outcome(named.client('GETNAME')), await outcome(bad.client('GETNAME'))];
      named.disconnect(true);
      await once(named, 'ready');
      log.push(await outcome(named.client('GETNAME')));
      await named.quit();
      await bad.quit();
      return log;
    });
  });

  it('duplicate() keeps options and the server, with its own connection', async () => {
    await expectSameScenario(async (make) => {
      const c = make({ keyPrefix: 'dup:', db: 2 });
      const d = c.duplicate();
      const e = c.duplicate({ keyPrefix: 'other:' });
      await c.set('k', 'v');
      const log = [
        d.options.keyPrefix,
        d.options.db,
        e.options.keyPrefix,
        await outcome(d.get('k')),
        await outcome(e.get('k')),
        await outcome(e.get('dup:k')),
      ];
      await d.select(0);
      log.push(await outcome(c.get('k')));
      await c.del('k');
      for (const x of [c, d, e]) await x.quit();
      return log;
    });
  });
});

describe.skipIf(!oracleAvailable)('constructor forms and options, side by side', () => {
  /** The options ioredis fills, without the stub's extra `engine`. */
  function optionsOf(c: AnyClient): Record<string, unknown> {
    const { engine: _engine, ...rest } = c.options as Record<string, unknown>;
    return Object.fromEntries(
      Object.entries(rest).map(([k, v]) => [k, typeof v === 'function' ? `function ${v.length}` : v]),
    );
  }

  const forms: unknown[][] = [
    [],
    [6390],
    [6390, '10.0.0.1'],
    ['redis://user:pw@10.0.0.2:6391/4?family=6'],
    ['redis://:secret@10.0.0.3'],
    ['rediss://10.0.0.4:6400'],
    ['10.0.0.5:6401'],
    ['/tmp/redis.sock'],
    ['/tmp/redis.sock?db=2'],
    ['6402'],
    [{ port: 6403, host: '10.0.0.6', db: 1, keyPrefix: 'p:', connectionName: 'n', stringNumbers: true }],
    [6404, { host: '10.0.0.7', port: 1 }],
    ['redis://10.0.0.8:6405/3', { db: 7, password: 'x' }],
    [6406, '10.0.0.9', { family: 4, port: 2, host: 'ignored' }],
    [{ port: '6407', db: '5' }],
    [{ port: undefined, lazyConnect: true }],
  ];

  it.each(forms.map((f) => [JSON.stringify(f), f]))('new Redis(%s)', (_label, args) => {
    const withLazy = (a: unknown[]): unknown[] =>
      a.length > 0 && typeof a[a.length - 1] === 'object' ? [...a.slice(0, -1), { ...(a[a.length - 1] as object), lazyConnect: true }] : [...a, { lazyConnect: true }];
    const real = new (IORedis as unknown as new (...a: unknown[]) => AnyClient)(...withLazy(args as unknown[]));
    const stub = new (Redis as unknown as new (...a: unknown[]) => AnyClient)(...withLazy(args as unknown[]));
    expect(optionsOf(stub)).toEqual(optionsOf(real));
    real.disconnect();
    stub.disconnect();
  });

  it('invalid arguments throw the same error', () => {
    const real = (() => {
      try {
        new (IORedis as unknown as new (...a: unknown[]) => unknown)(true);
      } catch (e) {
        return (e as Error).message;
      }
    })();
    const stub = (() => {
      try {
        new (Redis as unknown as new (...a: unknown[]) => unknown)(true);
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(stub).toBe(real);
  });

  it('createClient is new Redis', () => {
    const c = (Redis as unknown as { createClient: (...a: unknown[]) => AnyClient }).createClient(6390, { lazyConnect: true });
    expect(c).toBeInstanceOf(Redis);
    expect(c.options.port).toBe(6390);
    c.disconnect();
  });
});

describe('engines', () => {
  it('clients naming the same host:port share one server; others are separate', async () => {
    const a = new Redis(16379) as unknown as AnyClient;
    const b = new Redis({ port: 16379, host: 'localhost' }) as unknown as AnyClient;
    const c = new Redis(16380) as unknown as AnyClient;
    const isolated = new Redis({ port: 16379, engine: new Engine() }) as unknown as AnyClient;
    await a.set('shared', 'yes');
    expect(await b.get('shared')).toBe('yes');
    expect(await c.get('shared')).toBe(null);
    expect(await isolated.get('shared')).toBe(null);
    expect(a.engine).toBe(b.engine);
    expect(a.duplicate().engine).toBe(a.engine);
    expect(isolated.duplicate().engine).toBe(isolated.engine);
    (Redis as unknown as { resetAll(): void }).resetAll();
    expect(await b.get('shared')).toBe(null);
    for (const x of [a, b, c, isolated]) x.disconnect();
  });

  it('each client is its own connection on the server', async () => {
    const engine = new Engine();
    const a = new Redis({ engine }) as unknown as AnyClient;
    const b = new Redis({ engine }) as unknown as AnyClient;
    await a.ping();
    expect(engine.sessions.size).toBe(2);
    await a.quit();
    b.disconnect();
    await once(b, 'end');
    expect(engine.sessions.size).toBe(0);
  });
});
