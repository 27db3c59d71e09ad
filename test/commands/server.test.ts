import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { Session } from '../../src/engine/session.js';
import { NIL_ARRAY, StatusReply } from '../../src/reply.js';
import { expectSameAsOracle, type Script } from '../support/differential.js';
import { onTheWire } from './resp-view.js';

async function same(script: Script): Promise<void> {
  await expectSameAsOracle(script, onTheWire(script));
}

describe('databases', () => {
  it('SWAPDB, FLUSHDB, FLUSHALL and DBSIZE', async () => {
    await same([
      ['SET', 'a', '0'],
      ['SET', 'b', '0'],
      ['SELECT', '1'],
      ['SET', 'a', '1'],
      ['DBSIZE'],
      ['SWAPDB', '0', '1'],
      ['DBSIZE'],
      ['GET', 'a'],
      ['GET', 'b'],
      ['SELECT', '0'],
      ['GET', 'a'],
      ['SWAPDB', '0', '0'],
      ['GET', 'a'],
      ['SWAPDB', '1', '15'],
      ['SELECT', '15'],
      ['DBSIZE'],
      ['FLUSHDB'],
      ['DBSIZE'],
      ['SELECT', '0'],
      ['DBSIZE'],
      ['FLUSHDB', 'ASYNC'],
      ['DBSIZE'],
      ['SET', 'c', '1'],
      ['FLUSHDB', 'sync'],
      ['DBSIZE'],
      ['SET', 'c', '1'],
      ['SELECT', '3'],
      ['SET', 'd', '1'],
      ['FLUSHALL', 'SYNC'],
      ['DBSIZE'],
      ['SELECT', '0'],
      ['DBSIZE'],
      ['SET', 'e', '1'],
      ['FLUSHALL', 'async'],
      ['DBSIZE'],
      ['SET', 'e', '1'],
      ['FLUSHALL'],
      ['DBSIZE'],
    ]);
  });

  it('reports errors as Redis', async () => {
    await same([
      ['SWAPDB', 'a', '1'],
      ['SWAPDB', '1', 'a'],
      ['SWAPDB', 'a', 'b'],
      ['SWAPDB', '0', '16'],
      ['SWAPDB', '-1', '0'],
      ['SWAPDB', '4294967296', '0'],
      ['SWAPDB', '0', '4294967296'],
      ['SWAPDB', '0'],
      ['FLUSHDB', 'foo'],
      ['FLUSHDB', 'sync', 'async'],
      ['FLUSHALL', 'a'],
      ['FLUSHALL', 'ASYNC', 'x'],
      ['DBSIZE', 'x'],
    ]);
  });

  it('SWAPDB and FLUSHALL dirty WATCHed keys', async () => {
    await same([
      ['SET', 'w', '1'],
      ['WATCH', 'w'],
      ['SWAPDB', '0', '1'],
      ['MULTI'],
      ['PING'],
      ['EXEC'],
      ['SWAPDB', '0', '1'],
      ['WATCH', 'w'],
      ['FLUSHALL'],
      ['MULTI'],
      ['PING'],
      ['EXEC'],
      ['WATCH', 'nothing'],
      ['FLUSHDB'],
      ['MULTI'],
      ['PING'],
      ['EXEC'],
    ]);
  });
});

describe('TIME, LASTSAVE and WAIT', () => {
  it('validate like Redis', async () => {
    await same([
      ['TIME', 'x'],
      ['LASTSAVE', 'x'],
      ['WAIT', '0', '0'],
      ['WAIT', '0', '100'],
      ['WAIT', '-5', '0'],
      ['WAIT', '0', '-1'],
      ['WAIT', '0', 'abc'],
      ['WAIT', '0', '1.5'],
      ['WAIT', 'abc', '0'],
      ['WAIT', '1.5', '0'],
      ['WAIT', '0', '9223372036854775807'],
      ['WAIT', '0'],
      ['MULTI'],
      ['WAIT', '1', '0'],
      ['EXEC'],
    ]);
  });

  it('TIME reads the engine clock as two bulk strings', () => {
    const engine = new Engine({ activeExpire: false });
    const c = new Session(engine);
    const before = Date.now();
    const [sec, usec] = c.execute(['TIME']) as string[];
    expect(typeof sec).toBe('string');
    expect(Number(sec) * 1000 + Number(usec) / 1000).toBeGreaterThanOrEqual(before - 1);
    engine.useManualClock(1_700_000_000_123);
    expect(c.execute(['TIME'])).toEqual(['1700000000', '123000']);
    expect(typeof c.execute(['LASTSAVE'])).toBe('number');
    engine.close();
  });

  it('FLUSHALL inside MULTI runs at EXEC', () => {
    const engine = new Engine({ activeExpire: false });
    const c = new Session(engine);
    c.execute(['SET', 'k', 'v']);
    c.execute(['MULTI']);
    expect(c.execute(['FLUSHALL'])).toEqual(new StatusReply('QUEUED'));
    expect(c.execute(['EXEC'])).toEqual([new StatusReply('OK')]);
    expect(c.execute(['DBSIZE'])).toBe(0);
    expect(c.execute(['EXEC'])).not.toBe(NIL_ARRAY);
    engine.close();
  });
});
