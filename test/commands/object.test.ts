/**
 * OBJECT ENCODING / FREQ / IDLETIME / REFCOUNT / HELP: against the oracle where the answer is
 * deterministic, and with a manual clock for idle times and LFU decay.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { Session } from '../../src/engine/session.js';
import type { EncodingThresholds, RedisCollection } from '../../src/engine/values.js';
import { expectSameAsOracle } from '../support/differential.js';
import { hasOracle } from '../support/oracle.js';

/** Leaves the oracle's memory policy as every other test expects it. */
const RESTORE_POLICY = [
  ['CONFIG', 'SET', 'maxmemory-policy', 'noeviction'],
  ['CONFIG', 'SET', 'maxmemory', '0'],
];

describe.skipIf(!hasOracle())('OBJECT against the oracle', () => {
  it('ENCODING of strings: int, embstr, raw', () =>
    expectSameAsOracle([
      ...[
        ['zero', '0'],
        ['neg', '-1'],
        ['small', '9999'],
        ['big', '10000'],
        ['min', '-9223372036854775808'],
        ['max', '9223372036854775807'],
        ['over', '9223372036854775808'],
        ['twenty', '12345678901234567890'],
        ['lead0', '09'],
        ['plus', '+1'],
        ['space', ' 1'],
        ['float', '1.5'],
        ['empty', ''],
        ['e44', 'x'.repeat(44)],
        ['e45', 'x'.repeat(45)],
        ['bin', '\x00\xff'],
      ].map(([k, v]) => ['SET', k!, v!]),
      ...['zero', 'neg', 'small', 'big', 'min', 'max', 'over', 'twenty', 'lead0', 'plus', 'space', 'float', 'empty', 'e44', 'e45', 'bin', 'nope'].map(
        (k) => ['OBJECT', 'ENCODING', k],
      ),
    ]));

  it('ENCODING after in-place edits and computed values', () =>
    expectSameAsOracle([
      ['SET', 'a', 'x'],
      ['APPEND', 'a', 'y'],
      ['OBJECT', 'ENCODING', 'a'],
      ['SET', 'a', 'xy'],
      ['OBJECT', 'ENCODING', 'a'],
      ['APPEND', 'fresh', '123'],
      ['OBJECT', 'ENCODING', 'fresh'],
      ['SETRANGE', 'r', '0', 'abc'],
      ['OBJECT', 'ENCODING', 'r'],
      ['INCR', 'n'],
      ['OBJECT', 'ENCODING', 'n'],
      ['INCRBYFLOAT', 'f', '10'],
      ['OBJECT', 'ENCODING', 'f'],
      ['SET', 'i', '5'],
      ['RENAME', 'i', 'j'],
      ['OBJECT', 'ENCODING', 'j'],
    ]));

  it('REFCOUNT: shared integers 0..9999 unless maxmemory with an LRU/LFU policy', () =>
    expectSameAsOracle([
      ['SET', 'a', '0'],
      ['SET', 'b', '9999'],
      ['SET', 'c', '10000'],
      ['SET', 'd', '-1'],
      ['SET', 'e', 'text'],
      ['SET', 'f', '09'],
      ['OBJECT', 'REFCOUNT', 'a'],
      ['OBJECT', 'REFCOUNT', 'b'],
      ['OBJECT', 'REFCOUNT', 'c'],
      ['OBJECT', 'REFCOUNT', 'd'],
      ['OBJECT', 'REFCOUNT', 'e'],
      ['OBJECT', 'REFCOUNT', 'f'],
      ['OBJECT', 'REFCOUNT', 'nope'],
      // A copy of a shared integer is an object of its own, until it is written again.
      ['COPY', 'a', 'a2'],
      ['OBJECT', 'REFCOUNT', 'a2'],
      ['OBJECT', 'ENCODING', 'a2'],
      ['RENAME', 'a2', 'a3'],
      ['OBJECT', 'REFCOUNT', 'a3'],
      ['INCR', 'a3'],
      ['OBJECT', 'REFCOUNT', 'a3'],
      ['COPY', 'a', 'a4'],
      ['SET', 'a4', '0'],
      ['OBJECT', 'REFCOUNT', 'a4'],
      ['CONFIG', 'SET', 'maxmemory', '1gb'],
      ['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru'],
      ['SET', 'g', '42'],
      ['OBJECT', 'REFCOUNT', 'g'],
      ['CONFIG', 'SET', 'maxmemory-policy', 'volatile-ttl'],
      ['SET', 'h', '42'],
      ['OBJECT', 'REFCOUNT', 'h'],
      ...RESTORE_POLICY,
    ]));

  it('FREQ needs an LFU policy; IDLETIME refuses under one', () =>
    expectSameAsOracle([
      ['SET', 'k', 'v'],
      ['OBJECT', 'FREQ', 'k'],
      ['OBJECT', 'FREQ', 'nope'],
      ['OBJECT', 'IDLETIME', 'nope'],
      // With maxmemory 0 Redis would still hand out shared integers, whose one LFU counter all
      // keys holding that integer share; a limit gives every value its own counter.
      ['CONFIG', 'SET', 'maxmemory', '1gb'],
      ['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lfu'],
      ['SET', 'c', 'x'],
      ['OBJECT', 'FREQ', 'c'],
      // From the initial 5 the first access always counts.
      ['GET', 'c'],
      ['OBJECT', 'FREQ', 'c'],
      ['OBJECT', 'FREQ', 'c'],
      ['OBJECT', 'IDLETIME', 'c'],
      ['OBJECT', 'IDLETIME', 'nope'],
      // An overwrite counts one access and keeps the counter (dbSetValue under LFU).
      ['SET', 'o', 'x'],
      ['SET', 'o', 'y'],
      ['OBJECT', 'FREQ', 'o'],
      ['INCR', 'n'],
      ['INCR', 'n'],
      ['OBJECT', 'FREQ', 'n'],
      ['COPY', 'o', 'o2'],
      ['OBJECT', 'FREQ', 'o2'],
      ['OBJECT', 'FREQ', 'nope'],
      ['CONFIG', 'SET', 'maxmemory-policy', 'volatile-lfu'],
      ['SET', 'd', 'x'],
      ['OBJECT', 'FREQ', 'd'],
      ['TTL', 'd'],
      ['EXISTS', 'd'],
      ['OBJECT', 'FREQ', 'd'],
      ...RESTORE_POLICY,
    ]));

  it('HELP, unknown subcommands and arity', () =>
    expectSameAsOracle([
      ['OBJECT', 'HELP'],
      ['object', 'help'],
      ['OBJECT', 'HELP', 'x'],
      ['OBJECT', 'foo'],
      ['OBJECT', 'foo', 'k'],
      ['OBJECT'],
      ['OBJECT', 'ENCODING'],
      ['OBJECT', 'ENCODING', 'a', 'b'],
      ['OBJECT', 'REFCOUNT'],
      ['OBJECT', 'IDLETIME', 'a', 'b'],
      ['OBJECT', 'FREQ'],
    ]));
});

describe('OBJECT IDLETIME and FREQ over time (stub, manual clock)', () => {
  function setup() {
    const engine = new Engine({ activeExpire: false });
    const clock = engine.useManualClock(1_700_000_000_000);
    return { engine, clock, s: new Session(engine) };
  }

  it('IDLETIME counts whole seconds since the last access; only touching lookups reset it', () => {
    const { engine, clock, s } = setup();
    s.execute(['SET', 'k', 'v']);
    expect(s.execute(['OBJECT', 'IDLETIME', 'k'])).toBe(0);
    clock.advance(5500);
    expect(s.execute(['OBJECT', 'IDLETIME', 'k'])).toBe(5);
    for (const argv of [['EXISTS', 'k'], ['TYPE', 'k'], ['TTL', 'k'], ['OBJECT', 'ENCODING', 'k'], ['SCAN', '0', 'TYPE', 'string']]) {
      s.execute(argv);
      expect(s.execute(['OBJECT', 'IDLETIME', 'k']), argv.join(' ')).toBe(5);
    }
    s.execute(['GET', 'k']);
    expect(s.execute(['OBJECT', 'IDLETIME', 'k'])).toBe(0);
    clock.advance(3000);
    s.execute(['TOUCH', 'k']);
    expect(s.execute(['OBJECT', 'IDLETIME', 'k'])).toBe(0);
    clock.advance(2000);
    s.execute(['RENAME', 'k', 'k2']);
    expect(s.execute(['OBJECT', 'IDLETIME', 'k2'])).toBe(0);
    clock.advance(61_000);
    expect(s.execute(['OBJECT', 'IDLETIME', 'k2'])).toBe(61);
    engine.close();
  });

  it('FREQ starts at 5, counts the first access, and decays one per lfu-decay-time minutes', () => {
    const { engine, clock, s } = setup();
    expect(s.execute(['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lfu'])).toEqual(expect.anything());
    s.execute(['SET', 'k', 'v']);
    expect(s.execute(['OBJECT', 'FREQ', 'k'])).toBe(5);
    s.execute(['GET', 'k']);
    expect(s.execute(['OBJECT', 'FREQ', 'k'])).toBe(6);
    clock.advance(3 * 60_000);
    expect(s.execute(['OBJECT', 'FREQ', 'k'])).toBe(3);
    clock.advance(10 * 60_000);
    expect(s.execute(['OBJECT', 'FREQ', 'k'])).toBe(0);
    // A decayed counter below 5 always counts the next access.
    s.execute(['GET', 'k']);
    expect(s.execute(['OBJECT', 'FREQ', 'k'])).toBe(1);
    s.execute(['CONFIG', 'SET', 'lfu-decay-time', '0']);
    clock.advance(60 * 60_000);
    expect(s.execute(['OBJECT', 'FREQ', 'k'])).toBe(1);
    // Many accesses grow it logarithmically, never past 255.
    for (let i = 0; i < 2000; i++) s.execute(['GET', 'k']);
    const f = s.execute(['OBJECT', 'FREQ', 'k']) as number;
    expect(f).toBeGreaterThan(6);
    expect(f).toBeLessThan(255);
    // Overwriting keeps the counter (dbSetValue under LFU), a copy starts afresh.
    s.execute(['SET', 'k', 'w']);
    expect(s.execute(['OBJECT', 'FREQ', 'k'])).toBeGreaterThanOrEqual(f);
    s.execute(['COPY', 'k', 'k2']);
    expect(s.execute(['OBJECT', 'FREQ', 'k2'])).toBe(5);
    engine.close();
  });

  it('ENCODING of a collection comes from the value and the configured thresholds', () => {
    const { engine, s } = setup();
    const seen: EncodingThresholds[] = [];
    const value: RedisCollection = {
      type: 'hash',
      encoding: (t) => {
        seen.push(t);
        return 'listpack';
      },
      memoryUsage: () => 0,
      clone: () => value,
    };
    engine.db(0).add('h', value);
    expect(s.execute(['OBJECT', 'ENCODING', 'h'])).toBe('listpack');
    expect(s.execute(['OBJECT', 'REFCOUNT', 'h'])).toBe(1);
    expect(seen[0]).toBe(engine.config.thresholds);
    engine.close();
  });
});
