/** pipeline() and multi(), side by side with ioredis on the oracle. */
import { describe, expect, it } from 'vitest';
import { type AnyClient, oracleAvailable, outcome, realClient, runSteps, shape, sleep, stubClient, sideBySide } from './side-by-side.js';

type Step = (c: AnyClient) => unknown;

describe.skipIf(!oracleAvailable)('pipelines and transactions, side by side with ioredis', () => {
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

  it('pipeline tuples: [null, result] and one-element [err]', async () => {
    const [result] = await expectSame([
      (c) =>
        c
          .pipeline()
          .set('a', '1')
          .get('a')
          .incr('a')
          .set('s', 'x')
          .incr('s')
          .get('a', 'b')
          .getBuffer('a')
          .call('nosuch')
          .exec(),
    ]);
    expect((result as { resolved: unknown[] }).resolved[4]).toHaveLength(1);
  });

  it('array form, .length, chaining returns the pipeline, empty exec', async () => {
    async function run(c: AnyClient): Promise<unknown> {
      const p = c.pipeline([
        ['set', 'a', '1'],
        ['get', 'a'],
        ['call', 'incr', 'a'],
      ]);
      const chained = p.get('a');
      const out = [chained === p, p.length, typeof p.exec, p.isPipeline, p.redis === c];
      out.push(shape(await p.exec()));
      out.push(shape(await c.pipeline().exec()));
      out.push(shape(await c.multi().exec()));
      out.push(p.constructor.name);
      return out;
    }
    expect(await run(stub)).toEqual(await run(real));
  });

  it('the array form rejects names that are not methods, synchronously', () => {
    expect(() => real.pipeline([['SET', 'a', '1']])).toThrow(TypeError);
    expect(() => stub.pipeline([['SET', 'a', '1']])).toThrow(TypeError);
  });

  it('per-command callbacks, then the exec callback', async () => {
    async function run(c: AnyClient): Promise<unknown[]> {
      const log: unknown[] = [];
      const cb = (name: string) => (err: Error | null, res: unknown) => log.push([name, shape(err), shape(res)]);
      const p = c.pipeline().set('a', '1', cb('set')).incr('a', cb('incr')).get('a', 'x', cb('get')).get('a');
      const execResult = p.exec((err: unknown, res: unknown) => log.push(['exec', err, shape(res)]));
      log.push(['returned', shape(await execResult)]);
      await sleep(5);
      const m = c.multi().set('m', 'v', cb('m-set')).get('m', cb('m-get')).incr('m', cb('m-incr'));
      const mr = m.exec((err: Error | null, res: unknown) => log.push(['m-exec', shape(err), shape(res)]));
      log.push(['m-returned', await outcome(mr)]);
      await sleep(5);
      return log;
    }
    const expected = await run(real);
    expect(await run(stub)).toEqual(expected);
  });

  it('exec() twice runs the commands again but resolves the first result', async () => {
    await expectSame([
      async (c) => {
        const p = c.pipeline().incr('x').get('x');
        const first = await p.exec();
        const second = await p.exec();
        return [first, second, first === second, await c.get('x')];
      },
      async (c) => {
        const m = c.multi().incr('y').get('y');
        const first = await m.exec();
        const second = await m.exec();
        return [first, second, await c.get('y')];
      },
    ]);
  });

  it('multi(): results unwrapped, runtime errors in place, QUEUED for each command', async () => {
    await expectSame([
      (c) => c.multi().set('a', '1').get('a').incr('a').set('s', 'x').incr('s').getrange('s', 'x', 0).getBuffer('a').exec(),
      (c) => c.multi([['set', 'b', '2'], ['get', 'b']]).exec(),
      (c) => c.multi([['set', 'b', '3']], {}).get('b').exec(),
      (c) => {
        const m = c.multi().get('a');
        return [m.length, m.constructor.name];
      },
      async (c) => {
        const m = c.multi().get('a');
        await m.exec();
        return m.length;
      },
    ]);
  });

  it('multi(): EXECABORT rejects with previousErrors and nothing is applied', async () => {
    await expectSame([
      (c) => c.multi().set('a', '1').set('b').get('a', 'x', 'y').call('nosuch', 'z').exec(),
      (c) => c.get('a'),
      async (c) => {
        const log: unknown[] = [];
        await c
          .multi()
          .set('a')
          .exec((err: Error | null, res: unknown) => log.push([shape(err), res]))
          .catch(() => undefined);
        await sleep(5);
        return log;
      },
    ]);
  });

  it('WATCH conflict resolves null; an untouched WATCH commits', async () => {
    await expectSame([
      (c) => c.set('w', '1'),
      (c) => c.watch('w'),
      (c) => c.set('w', '2'),
      (c) => c.multi().set('w', '3').get('w').exec(),
      (c) => c.get('w'),
      (c) => c.watch('w'),
      (c) => c.multi().set('w', '4').exec(),
      (c) => c.get('w'),
      (c) => c.unwatch(),
    ]);
  });

  it('WATCH sees writes from another client on the same server', async () => {
    async function run(c: AnyClient): Promise<unknown> {
      const other = c.duplicate();
      await c.set('w', '1');
      await c.watch('w');
      await other.set('w', 'other');
      const result = await c.multi().get('w').exec();
      other.disconnect();
      return [shape(result), await c.get('w')];
    }
    expect(await run(stub)).toEqual(await run(real));
  });

  it('multi({ pipeline: false }) sends MULTI now; commands resolve QUEUED; exec() wraps', async () => {
    await expectSame([
      (c) => c.multi({ pipeline: false }),
      (c) => c.set('a', '1'),
      (c) => c.get('a'),
      (c) => c.incr('a'),
      (c) => c.exec(),
      (c) => c.multi({ pipeline: false }),
      (c) => c.set('b'),
      (c) => c.exec(),
      (c) => c.multi({ pipeline: false }),
      (c) => c.getrange('a', 0, -1),
      (c) => c.getBuffer('a'),
      (c) => c.exec(),
      (c) => c.multi({ pipeline: false }),
      (c) => c.discard(),
      (c) => c.exec(),
      (c) => c.multi({ pipeline: false }),
      (c) => c.get('a'),
      (c) => c.execBuffer(),
    ]);
  });

  it('MULTI inside a pipeline: the inline EXEC stays a raw array of decoded items', async () => {
    await expectSame([
      (c) => c.set('a', '1'),
      (c) => c.pipeline().get('a').multi().set('a', '9').get('a').getBuffer('a').exec().get('a').exec(),
      (c) => c.pipeline().multi().set('a').get('a').exec().get('a').exec(),
      (c) => c.pipeline().multi().incr('a').exec((err: unknown, res: unknown) => res).exec(),
      (c) => c.pipeline().call('multi').incr('a').incrBuffer('a').call('exec').exec(),
      (c) => c.pipeline().call('multi').getBuffer('a').callBuffer('exec').exec(),
      (c) => c.pipeline().multi().exec().exec(),
    ]);
  });

  it('nested MULTI, EXEC without MULTI, DISCARD inside a pipeline', async () => {
    await expectSame([
      (c) => c.pipeline().multi().multi().set('a', '1').exec().exec().exec(),
      (c) => c.pipeline().call('exec').exec(),
      (c) => c.pipeline().multi().set('a', '2').discard().get('a').exec().exec(),
      (c) => c.multi().set('a', '3').multi().exec(),
    ]);
  });

  it('SELECT inside a pipeline and a transaction', async () => {
    async function run(c: AnyClient): Promise<unknown[]> {
      const log: unknown[] = [];
      c.on('select', (db: number) => log.push(['select', db]));
      log.push(shape(await c.pipeline().select(3).set('k', 'three').select(4).get('k').exec()));
      log.push(shape(await c.multi().select(5).get('k').exec()));
      log.push(await c.get('k'));
      log.push(shape(await c.pipeline().select(0).exec()));
      c.removeAllListeners('select');
      return log;
    }
    const expected = await run(real);
    await real.select(0);
    expect(await run(stub)).toEqual(expected);
  });

  it('pipelines and multi on a closed client', async () => {
    async function run(c: AnyClient): Promise<unknown[]> {
      await c.quit();
      await sleep(20);
      return [
        await outcome(c.pipeline().get('a').exec()),
        await outcome(c.pipeline().set('a', '1').get('a').exec()),
        await outcome(c.multi().get('a').exec()),
        await outcome(c.pipeline().exec()),
      ];
    }
    const realOwn = await realClient();
    const expected = await run(realOwn);
    expect(await run(stubClient())).toEqual(expected);
  });

  it('QUIT inside a pipeline: later commands fail with Connection is closed.', async () => {
    async function run(c: AnyClient): Promise<unknown> {
      const result = await outcome(c.pipeline().set('a', '1').quit().get('a').exec());
      await sleep(20);
      return [result, c.status];
    }
    const expected = await run(await realClient());
    expect(await run(stubClient())).toEqual(expected);
  });
});
