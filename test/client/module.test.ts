/** The package entry has ioredis's module shape (ESM here; the CommonJS build re-exports the same class). */
import { describe, expect, expectTypeOf, it } from 'vitest';
import IORedis, { type ChainableCommander, type Redis as IORedisClient } from 'ioredis';
import * as ns from '../../src/index.js';
import Redis, { Command, Engine, ManualClock, Pipeline, ReplyError, ScanStream, print } from '../../src/index.js';

describe('module shape', () => {
  it('default and named exports, and the statics require() users reach', () => {
    const R = Redis as any;
    expect(ns.default).toBe(Redis);
    expect(ns.Redis).toBe(Redis);
    expect(R.name).toBe('Redis');
    expect(R.default).toBe(Redis);
    expect(R.Redis).toBe(Redis);
    expect(R.Command).toBe(Command);
    expect(R.Pipeline).toBe(Pipeline);
    expect(R.ReplyError).toBe(ReplyError);
    expect(R.ScanStream).toBe(ScanStream);
    expect(R.print).toBe(print);
    expect(R.Engine).toBe(Engine);
    expect(R.ManualClock).toBe(ManualClock);
    expect(typeof R.createClient).toBe('function');
    expect(typeof R.resetAll).toBe('function');
    const { engine: _e, ...defaults } = R.defaultOptions;
    expect(Object.keys(defaults).sort()).toEqual(Object.keys((IORedis as any).defaultOptions).sort());
  });

  it('ReplyError is an Error named ReplyError', async () => {
    const err = new ReplyError('ERR x');
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('ReplyError');
    expect(err.message).toBe('ERR x');
    expect(Object.keys(err)).toEqual([]);
    const r = new Redis({ engine: new Engine() });
    const e = await r.get('a', 'b' as never).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ReplyError);
    expect(Object.keys(e as object)).toEqual(['command']);
    r.disconnect();
  });

  it('types: a client is an ioredis Redis (plus its engine); pipelines are ChainableCommanders', async () => {
    const r = new Redis({ engine: new Engine(), lazyConnect: true });
    const asIoredis: IORedisClient = r;
    expectTypeOf(r).toMatchTypeOf<IORedisClient>();
    expectTypeOf(r.engine).toEqualTypeOf<Engine>();
    expectTypeOf(r.pipeline()).toMatchTypeOf<ChainableCommander>();
    const got = r.get('k');
    expectTypeOf(got).resolves.toEqualTypeOf<string | null>();
    expect(asIoredis).toBe(r);
    expect(await got).toBe(null);
    r.disconnect();
  });

  it('a pipeline is a Pipeline; the client is an EventEmitter with ioredis statuses', () => {
    const r = new Redis({ engine: new Engine(), lazyConnect: true });
    expect(r.pipeline()).toBeInstanceOf(Pipeline);
    expect(r.status).toBe('wait');
    expect(typeof r.on).toBe('function');
    expect(r.isCluster).toBe(false);
    expect(r.autoPipelineQueueSize).toBe(0);
    r.disconnect();
  });
});
