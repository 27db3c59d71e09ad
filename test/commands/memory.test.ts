import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { Session } from '../../src/engine/session.js';
import { bytesToHuman, mallocSize, memoryReport, USED_MEMORY_STARTUP } from '../../src/engine/memory.js';
import { expectSameAsOracle, type Script } from '../support/differential.js';
import { onTheWire } from './resp-view.js';

async function same(script: Script): Promise<void> {
  await expectSameAsOracle(script, onTheWire(script));
}

describe('MEMORY USAGE', () => {
  it('sizes strings as Redis 7.0 does', async () => {
    const script: Script = [];
    const values = [
      'bar', '', '12345', '-1', '0', '9999', '10000', '9223372036854775807', '9223372036854775808', '01', ' 1', '1.5',
      'x'.repeat(44), 'x'.repeat(45), 'x'.repeat(100), 'y'.repeat(1000), 'z'.repeat(70000), '\x00\xff',
    ];
    values.forEach((v, i) => script.push(['SET', `k${i}`, v], ['MEMORY', 'USAGE', `k${i}`]));
    for (const key of ['', 'a'.repeat(31), 'a'.repeat(32), 'b'.repeat(300)]) {
      script.push(['SET', key, 'v'], ['MEMORY', 'USAGE', key]);
    }
    script.push(
      ['SET', 'ap', 'bar'],
      ['APPEND', 'ap', 'x'],
      ['MEMORY', 'USAGE', 'ap'],
      ['SET', 'n', '01'],
      ['APPEND', 'n', '2'],
      ['MEMORY', 'USAGE', 'n'],
      ['SET', 'sr', 'hello'],
      ['SETRANGE', 'sr', '2', 'abcdef'],
      ['MEMORY', 'USAGE', 'sr'],
      ['INCRBYFLOAT', 'f', '1.5'],
      ['MEMORY', 'USAGE', 'f'],
      ['MEMORY', 'USAGE', 'nokey'],
    );
    await same(script);
  });

  it('parses SAMPLES and reports Redis errors', async () => {
    await same([
      ['SET', 'k', 'v'],
      ['MEMORY', 'USAGE', 'k', 'SAMPLES', '5'],
      ['MEMORY', 'USAGE', 'k', 'samples', '0'],
      ['MEMORY', 'USAGE', 'k', 'SAMPLES', '1', 'SAMPLES', '2'],
      ['MEMORY', 'USAGE', 'k', 'SAMPLES'],
      ['MEMORY', 'USAGE', 'k', 'SAMPLES', 'x'],
      ['MEMORY', 'USAGE', 'k', 'SAMPLES', '-1'],
      ['MEMORY', 'USAGE', 'k', 'FOO', '1'],
      ['MEMORY', 'USAGE', 'nokey', 'SAMPLES', 'x'],
      ['MEMORY', 'USAGE'],
      ['MEMORY'],
      ['MEMORY', 'FOO'],
      ['MEMORY', 'DOCTOR'],
      ['MEMORY', 'DOCTOR', 'x'],
      ['MEMORY', 'PURGE'],
    ]);
  });

  it('still sizes a key past its deadline that nothing deleted yet', async () => {
    await same([
      ['DEBUG', 'SET-ACTIVE-EXPIRE', '0'],
      ['SET', 'e', 'value'],
      ['PEXPIRE', 'e', '1'],
      ['DEBUG', 'SLEEP', '0.01'],
      ['MEMORY', 'USAGE', 'e'],
      ['EXISTS', 'e'],
      ['MEMORY', 'USAGE', 'e'],
      ['DEBUG', 'SET-ACTIVE-EXPIRE', '1'],
    ]);
  });

  it('answers as a Redis without jemalloc for allocator commands', () => {
    const engine = new Engine({ activeExpire: false });
    const c = new Session(engine);
    expect(c.execute(['MEMORY', 'MALLOC-STATS'])).toBe('Stats not supported for the current allocator');
    engine.close();
  });

  it("prints Redis's own HELP texts (MEMORY and DEBUG)", async () => {
    await expectSameAsOracle([['MEMORY', 'HELP'], ['DEBUG', 'HELP']]);
  });
});

describe('memory accounting', () => {
  it('uses jemalloc size classes', () => {
    expect([1, 8, 9, 16, 17, 23, 64, 65, 128, 129, 160, 161, 257, 1025, 16385].map(mallocSize)).toEqual([
      8, 8, 16, 16, 32, 32, 64, 80, 128, 160, 160, 192, 320, 1280, 20480,
    ]);
  });

  it('formats sizes like bytesToHuman', () => {
    expect(bytesToHuman(0)).toBe('0B');
    expect(bytesToHuman(1023)).toBe('1023B');
    expect(bytesToHuman(1024)).toBe('1.00K');
    expect(bytesToHuman(1152)).toBe('1.12K'); // 1.125: printf rounds the tie to even
    expect(bytesToHuman(1089248)).toBe('1.04M');
    expect(bytesToHuman(1073741824)).toBe('1.00G');
    expect(bytesToHuman(18446744073709551615n)).toBe('18446744073709551615B');
  });

  it('grows with the data and remembers its peak until reset', () => {
    const engine = new Engine({ activeExpire: false });
    const c = new Session(engine);
    const empty = memoryReport(engine, 0);
    expect(empty.used).toBe(USED_MEMORY_STARTUP);
    for (let i = 0; i < 100; i++) c.execute(['SET', `key:${i}`, 'x'.repeat(100)]);
    const full = memoryReport(engine, 0);
    expect(full.dataset).toBe(100 * (c.execute(['MEMORY', 'USAGE', 'key:0']) as number));
    expect(full.used).toBeGreaterThan(empty.used + full.dataset);
    c.execute(['FLUSHALL']);
    expect(memoryReport(engine, 0).peak).toBe(full.used);
    c.execute(['CONFIG', 'RESETSTAT']);
    expect(memoryReport(engine, 0).peak).toBe(USED_MEMORY_STARTUP);
    engine.close();
  });

  it('extrapolates large databases from a sample', () => {
    const engine = new Engine({ activeExpire: false });
    const c = new Session(engine);
    for (let i = 0; i < 20_000; i++) c.execute(['SET', `k${i}`, 'v']);
    const r = memoryReport(engine, 0);
    const each = c.execute(['MEMORY', 'USAGE', 'k1']) as number;
    expect(Math.abs(r.dataset - 20_000 * each) / r.dataset).toBeLessThan(0.1);
    engine.close();
  });
});

describe('maxmemory', () => {
  it('refuses commands that may grow memory under noeviction, as Redis', async () => {
    await same([
      ['SET', 'a', '1'],
      ['CONFIG', 'SET', 'maxmemory', '1'],
      ['SET', 'k', 'v'],
      ['GET', 'k'],
      ['GET', 'a'],
      ['INCR', 'x'],
      ['APPEND', 'a', 'x'],
      ['DEL', 'a'],
      ['MULTI'],
      ['GET', 'k'],
      ['DISCARD'],
      ['MULTI'],
      ['SET', 'k', 'v'],
      ['EXEC'],
      ['CONFIG', 'SET', 'maxmemory', '0'],
      ['SET', 'k', 'v'],
      ['GET', 'k'],
    ]);
  });

  it('evicts every key it can, then refuses, under the allkeys and volatile policies', async () => {
    for (const policy of ['allkeys-random', 'allkeys-lru', 'allkeys-lfu', 'volatile-lru', 'volatile-ttl', 'volatile-random']) {
      await same([
        ['CONFIG', 'SET', 'maxmemory-policy', policy],
        ['SET', 'a', '1'],
        ['SET', 'b', '2', 'EX', '1000'],
        ['SELECT', '2'],
        ['SET', 'c', '3', 'EX', '1000'],
        ['CONFIG', 'SET', 'maxmemory', '1'],
        ['SET', 'd', '4'],
        ['DBSIZE'],
        ['SELECT', '0'],
        ['DBSIZE'],
        ['GET', 'a'],
        ['CONFIG', 'SET', 'maxmemory', '0', 'maxmemory-policy', 'noeviction'],
      ]);
    }
  });

  it('evicts down to the limit, preferring idle keys under allkeys-lru', () => {
    const engine = new Engine({ activeExpire: false });
    const c = new Session(engine);
    const clock = engine.useManualClock(1_000_000);
    for (let i = 0; i < 200; i++) c.execute(['SET', `old:${i}`, 'x'.repeat(1000)]);
    clock.advance(60_000);
    for (let i = 0; i < 200; i++) c.execute(['SET', `new:${i}`, 'x'.repeat(1000)]);
    const used = memoryReport(engine, 0).used;
    const events: string[] = [];
    engine.keyspaceListener = (_t, event, key) => events.push(`${event}:${key}`);
    c.execute(['CONFIG', 'SET', 'notify-keyspace-events', 'Ee']);
    c.execute(['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru', 'maxmemory', String(Math.floor(used - 100 * 1100))]);
    c.execute(['PING']);
    const info = (c.execute(['INFO', 'stats']) as { text: string }).text;
    const evicted = Number(/evicted_keys:(\d+)/.exec(info)![1]);
    expect(evicted).toBeGreaterThanOrEqual(90);
    expect(evicted).toBeLessThan(140);
    expect(events.length).toBe(evicted);
    expect(events.every((e) => e.startsWith('evicted:'))).toBe(true);
    const oldLeft = (c.execute(['KEYS', 'old:*']) as string[]).length;
    const newLeft = (c.execute(['KEYS', 'new:*']) as string[]).length;
    expect(newLeft).toBeGreaterThan(oldLeft);
    expect(memoryReport(engine, 0).used).toBeLessThanOrEqual(Number(engine.config.get('maxmemory')) + 2000);
    engine.close();
  });

  it('costs nothing without a limit', () => {
    const engine = new Engine({ activeExpire: false });
    const c = new Session(engine);
    for (let i = 0; i < 100; i++) c.execute(['SET', `k${i}`, 'v']);
    expect(c.execute(['DBSIZE'])).toBe(100);
    expect((c.execute(['INFO', 'stats']) as { text: string }).text).toContain('evicted_keys:0\r\n');
    engine.close();
  });
});
