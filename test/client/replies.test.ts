/**
 * Reply shapes, argument handling and errors: the same calls on real ioredis (oracle) and on
 * redis-stub must give the same pictures.
 */
import { describe, expect, it } from 'vitest';
import { type AnyClient, oracleAvailable, outcome, realClient, runSteps, stubClient, sideBySide } from './side-by-side.js';

type Step = (c: AnyClient) => unknown;

describe.skipIf(!oracleAvailable)('replies, side by side with ioredis', () => {
  let real: AnyClient;
  let stub: AnyClient;

  sideBySide((r, s) => {
    real = r;
    stub = s;
  });

  async function expectSame(steps: Step[]): Promise<unknown[]> {
    const expected = await runSteps(real, steps);
    const actual = await runSteps(stub, steps);
    expect(actual).toEqual(expected);
    return actual;
  }

  it('strings, nulls, status replies, integers', async () => {
    await expectSame([
      (c) => c.set('k', 'v'),
      (c) => c.get('k'),
      (c) => c.get('missing'),
      (c) => c.ping(),
      (c) => c.ping('hello'),
      (c) => c.echo('héllo wörld ✓'),
      (c) => c.del('k', 'missing'),
      (c) => c.dbsize(),
    ]);
  });

  it('Buffer variants return Buffers for bulk and status replies, numbers stay numbers', async () => {
    await expectSame([
      (c) => c.setBuffer('k', Buffer.from([0xff, 0x00, 0x41])),
      (c) => c.getBuffer('k'),
      (c) => c.get('k'),
      (c) => c.pingBuffer(),
      (c) => c.getBuffer('missing'),
      (c) => c.delBuffer('k'),
      (c) => c.callBuffer('echo', 'x'),
    ]);
  });

  it('binary keys and values keep their bytes', async () => {
    const key = Buffer.from([0xc3, 0x28, 0x00, 0xfe]);
    await expectSame([
      (c) => c.set(key, Buffer.from([1, 2, 3, 0xff])),
      (c) => c.getBuffer(key),
      (c) => c.get(Buffer.from([0xc3, 0x28, 0x00, 0xfe])),
      (c) => c.set('ünï', 'çødé'),
      (c) => c.getBuffer('ünï'),
      (c) => c.get(Buffer.from('ünï')),
    ]);
  });

  it('stringifies arguments as ioredis does', async () => {
    await expectSame([
      (c) => c.set('k', null),
      (c) => c.get('k'),
      (c) => c.set('k', undefined),
      (c) => c.get('k'),
      (c) => c.set('k', 1.5),
      (c) => c.get('k'),
      (c) => c.set('k', -0),
      (c) => c.get('k'),
      (c) => c.set('k', 0.1 + 0.2),
      (c) => c.get('k'),
      (c) => c.set('k', true),
      (c) => c.get('k'),
      (c) => c.set('k', { a: 1 }),
      (c) => c.get('k'),
      (c) => c.set('k', NaN),
      (c) => c.get('k'),
      (c) => c.set(42, 'num-key'),
      (c) => c.get('42'),
    ]);
  });

  it('flattens arguments exactly one level', async () => {
    await expectSame([
      (c) => c.del(['a', 'b'], 'c'),
      (c) => c.set(['k', 'v']),
      (c) => c.get(['k']),
      (c) => c.mset(['a', '1'], 'b', ['2']),
      (c) => c.mget(['a', 'b'], 'k'),
      (c) => c.set('n', ['x', ['y', 'z']]),
      (c) => c.call('get', ['k']),
      (c) => c.mget([]),
      (c) => c.mset([]),
      (c) => c.mset(['k', 'v2']),
      (c) => c.get('k'),
    ]);
  });

  it('object and Map forms of mset / msetnx', async () => {
    await expectSame([
      (c) => c.mset({ a: '1', b: 2 }),
      (c) => c.mget('a', 'b'),
      (c) => c.mset(new Map<string, unknown>([['c', '3'], ['d', null]])),
      (c) => c.mget('c', 'd'),
      (c) => c.msetnx({ e: '5', a: 'x' }),
      (c) => c.msetnx({ f: '6' }),
      (c) => c.mget('e', 'f'),
      (c) => c.mset({}),
      (c) => c.call('mset', { g: 'called' }),
      (c) => c.get('g'),
      (c) => c.call('MSET', { h: '1' }),
    ]);
  });

  it('integer replies, big integers, doubles', async () => {
    await expectSame([
      (c) => c.incr('n'),
      (c) => c.incrby('n', '9007199254740993'),
      (c) => c.get('n'),
      (c) => c.incrby('n', 9223372036854775807n),
      (c) => c.set('m', '9223372036854775806'),
      (c) => c.incr('m'),
      (c) => c.decrby('m', '18446744073709551614'),
      (c) => c.incrbyfloat('f', '2.5'),
      (c) => c.incrbyfloatBuffer('f', '0.25'),
      (c) => c.exists('n', 'm', 'nope'),
    ]);
  });

  it('nested arrays, integers inside arrays, nils inside arrays', async () => {
    await expectSame([
      (c) => c.mset('a', 'ohmytext', 'b', 'mynewtext'),
      (c) => c.lcs('a', 'b', 'IDX', 'MINMATCHLEN', 2, 'WITHMATCHLEN'),
      (c) => c.lcsBuffer('a', 'b', 'IDX'),
      (c) => c.bitfield('bf', 'INCRBY', 'u2', 100, 1, 'OVERFLOW', 'FAIL', 'INCRBY', 'u2', 102, 4, 'GET', 'u4', 0),
      (c) => c.mget('a', 'nope', 'b'),
      (c) => c.mgetBuffer('a', 'nope'),
      (c) => c.scan(0, 'MATCH', 'a*'),
      (c) => c.scanBuffer('0', 'COUNT', 100, 'MATCH', 'b'),
      (c) => c.config('GET', 'maxmemory'),
      (c) => c.config('GET', 'maxmemory-policy'),
      (c) => c.type('a'),
      (c) => c.type('nope'),
      (c) => c.typeBuffer('a'),
      (c) => c.object('ENCODING', 'a'),
      (c) => c.object('encoding', 'nope'),
      (c) => c.expire('a', 100),
      (c) => c.ttl('a'),
      (c) => c.ttl('nope'),
      (c) => c.persist('a'),
      (c) => c.keys('a'),
      (c) => c.client('SETNAME', 'me'),
      (c) => c.client('GETNAME'),
      (c) => c.getex('a', 'PERSIST'),
      (c) => c.getdel('b'),
      (c) => c.set('f', '10.5'),
      (c) => c.incrbyfloat('f', '0.1'),
      (c) => c.incrbyfloat('f', 5e3),
      (c) => c.setrange('sr', 3, Buffer.from([0xfe])),
      (c) => c.getBuffer('sr'),
      (c) => c.get('sr'),
      (c) => c.strlen('sr'),
    ]);
  });

  it('replies whose values vary still have ioredis shapes', async () => {
    async function shapes(c: AnyClient): Promise<unknown[]> {
      const time = (await c.time()) as unknown[];
      const info = (await c.info('server')) as string;
      const id = await c.client('ID');
      const list = await c.client('LIST');
      return [time.map((t) => typeof t), typeof info, info.includes('redis_version:7.0'), typeof id, typeof list];
    }
    expect(await shapes(stub)).toEqual(await shapes(real));
  });

  it('error replies reject with ReplyError carrying .command', async () => {
    const steps: Step[] = [
      (c) => c.set('s', 'x'),
      (c) => c.incr('s'),
      (c) => c.get('a', 'b'),
      (c) => c.set('k'),
      (c) => c.call('foobar', 'x', 1),
      (c) => c.call('FOOBAR'),
      (c) => c.set('k', 'v', 'EX', 'zz'),
      (c) => c.set('k', 'v', 'NX', 'XX'),
      (c) => c.exec(),
      (c) => c.discard(),
      (c) => c.call('config', 'get'),
      (c) => c.select(99),
      (c) => c.getBuffer('a', 'b'),
      (c) => c.set(Buffer.from('bk'), 'v', 'PX', -1),
    ];
    const actual = await expectSame(steps);
    expect(actual[1]).toMatchObject({ rejected: { error: 'ReplyError', ownKeys: ['command'] } });
    const err = await stub.incr('s').catch((e: Error) => e);
    expect(err).toBeInstanceOf((await import('../../src/index.js')).ReplyError);
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('ReplyError');
  });

  it('callbacks get (err, result) after the promise settles, and the promise is still returned', async () => {
    async function withCallbacks(c: AnyClient): Promise<unknown[]> {
      const log: unknown[] = [];
      const p1 = c.set('k', 'v', (err: unknown, res: unknown) => log.push(['set', err, res]));
      const p2 = c.get('k', (err: unknown, res: unknown) => log.push(['get', err, res]));
      const p3 = c.incr('k', (err: Error | null, res: unknown) => log.push(['incr', err?.message, res]));
      const p4 = c.call('get', 'k', (...args: unknown[]) => log.push(['call', args.length, ...args]));
      log.push(['promises', await outcome(p1), await outcome(p2), await outcome(p3), await outcome(p4)]);
      await new Promise((r) => setTimeout(r, 5));
      return log;
    }
    const expected = await withCallbacks(real);
    expect(await withCallbacks(stub)).toEqual(expected);
  });

  it('command names are lowercase methods, with Buffer variants, call and send_command', async () => {
    expect(typeof stub.get).toBe('function');
    expect(typeof stub.getBuffer).toBe('function');
    expect(stub.GET).toBeUndefined();
    expect(typeof stub.sentinel).toBe('function');
    expect(stub.monitorBuffer).toBe(undefined);
    expect(stub.send_command).toBe(stub.call);
    for (const name of Object.getOwnPropertyNames(Object.getPrototypeOf(Object.getPrototypeOf(real)))) {
      if (typeof real[name] === 'function' && /^[a-z_]+(Buffer)?$/.test(name)) {
        expect(typeof stub[name], name).toBe('function');
      }
    }
    await expectSame([(c) => c.send_command('set', 'k', 'v'), (c) => c.call('GET', 'k'), (c) => c.callBuffer('get', 'k')]);
  });

  it('getBuiltinCommands, createBuiltinCommand, addBuiltinCommand (also on pipelines)', async () => {
    expect(stub.getBuiltinCommands()).toEqual(expect.arrayContaining(['get', 'set', 'sentinel']));
    expect(stub.getBuiltinCommands()).not.toContain('monitor');
    await expectSame([
      (c) => c.createBuiltinCommand('echo').string.call(c, 'hi'),
      (c) => c.createBuiltinCommand('echo').buffer.call(c, 'hi'),
      (c) => {
        c.addBuiltinCommand('xyzzy');
        return c.xyzzy('a');
      },
      (c) => c.xyzzyBuffer('b'),
      (c) => c.pipeline().xyzzy('c').echo('d').exec(),
    ]);
  });

  it('call with a non-string name throws synchronously', () => {
    expect(() => real.call(['get', 'k'])).toThrow(TypeError);
    expect(() => stub.call(['get', 'k'])).toThrow(TypeError);
  });

  it('SELECT changes the database and emits `select` only when the db changes', async () => {
    async function run(c: AnyClient): Promise<unknown[]> {
      const log: unknown[] = [];
      c.on('select', (db: number) => log.push(['select', db]));
      log.push(await outcome(c.select(2)));
      log.push(await outcome(c.set('k', 'in2')));
      log.push(await outcome(c.select('2')));
      log.push(await outcome(c.select(99)));
      log.push(await outcome(c.select('x')));
      log.push(await outcome(c.call('SELECT', 3)));
      log.push(await outcome(c.get('k')));
      log.push(await outcome(c.select(0)));
      log.push(await outcome(c.get('k')));
      c.removeAllListeners('select');
      return log;
    }
    const expected = await run(real);
    expect(await run(stub)).toEqual(expected);
  });
});

describe.skipIf(!oracleAvailable)('stringNumbers and keyPrefix, side by side', () => {
  async function compare(options: Record<string, unknown>, steps: Step[]): Promise<unknown[]> {
    const real = await realClient(options);
    const stub = stubClient(options);
    try {
      const expected = await runSteps(real, steps);
      const actual = await runSteps(stub, steps);
      expect(actual).toEqual(expected);
      return actual;
    } finally {
      real.disconnect();
      stub.disconnect();
    }
  }

  it('stringNumbers turns every integer reply into a string', async () => {
    await compare({ stringNumbers: true }, [
      (c) => c.incr('n'),
      (c) => c.incrby('n', '9007199254740993'),
      (c) => c.exists('n'),
      (c) => c.del('nope'),
      (c) => c.dbsize(),
      (c) => c.incrbyBuffer('n', 1),
      (c) => c.pipeline().incr('n').get('n').exec(),
      (c) => c.multi().incr('n').exec(),
    ]);
  });

  it('enableAutoPipelining and commandTimeout are accepted; each command still settles on its own', async () => {
    const steps: Step[] = [
      (c) => Promise.all([c.set('k', 'v'), c.get('k'), c.incr('n')]),
      (c) => Promise.allSettled([c.set('s', 'x'), c.incr('s'), c.get('s')]).then((r) => r.map((x) => x.status)),
      (c) => c.incr('s'),
    ];
    await compare({ enableAutoPipelining: true }, steps);
    await compare({ commandTimeout: 1000 }, steps);
  });

  it('keyPrefix prefixes keys only, never patterns, and replies keep the prefix', async () => {
    await compare({ keyPrefix: 'pre:' }, [
      (c) => c.set('k', 'v'),
      (c) => c.get('k'),
      (c) => c.mset('a', '1', 'b', '2'),
      (c) => c.mset({ c: '3' }),
      (c) => c.mget('a', 'b', 'c', 'k'),
      (c) => c.set(Buffer.from('bk'), 'bv'),
      (c) => c.get('bk'),
      (c) => c.del(['a', 'b']),
      (c) => c.incr('s'),
      (c) => c.set('s', 'x'),
      (c) => c.incr('s'),
      (c) => c.get('a', 'b'),
      (c) => c.call('GET', 'k'),
      (c) => c.call('mget', 'k', 'c'),
      (c) => c.call('nosuchcommand', 'k'),
      (c) => c.echo('k'),
      (c) => c.pipeline().set('p', '1').get('p').incr('k').exec(),
      (c) => c.multi().get('p').get('k').exec(),
    ]);
    // And what landed in the shared keyspace, seen without a prefix.
    const real = await realClient({ lazyConnect: true });
    const keys = (await real.mget('pre:k', 'pre:a', 'pre:c', 'pre:bk', 'pre:p', 'k')) as unknown[];
    expect(keys).toEqual(['v', null, '3', 'bv', '1', null]);
    real.disconnect();
  });

  it('a Buffer keyPrefix concatenates as Buffers', async () => {
    await compare({ keyPrefix: Buffer.from('bp:') }, [
      (c) => c.set('k', 'v'),
      (c) => c.get('k'),
      (c) => c.get(Buffer.from('k')),
      (c) => c.incr('k'),
    ]);
  });
});
