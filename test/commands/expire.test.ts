/**
 * EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT (NX XX GT LT), TTL, PTTL, EXPIRETIME, PEXPIRETIME and
 * PERSIST against the oracle. Deadlines are absolute and far away (2100-01-01 is 4102444800000 ms)
 * so both sides agree exactly; relative TTLs are compared within a tolerance.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { Session } from '../../src/engine/session.js';
import { expectSameAsOracle, ORACLE_RESET, oracleConnection, type Script } from '../support/differential.js';
import { hasOracle } from '../support/oracle.js';
import { toJson } from '../support/reply-json.js';

const Y2100 = '4102444800000';
const Y2100_S = '4102444800';

describe.skipIf(!hasOracle())('EXPIRE family: arguments and errors', () => {
  it('options, their conflicts, and the order errors are found in', () =>
    expectSameAsOracle([
      ['SET', 'k', 'v'],
      ['EXPIRE', 'k', '100', 'foo'],
      ['EXPIRE', 'k', 'abc', 'foo'],
      ['EXPIRE', 'k', 'abc', 'NX', 'XX'],
      ['EXPIRE', 'k', 'abc', 'NX', 'foo'],
      ['EXPIRE', 'k', 'abc'],
      ['EXPIRE', 'nope', 'abc'],
      ['EXPIRE', 'k', '1.5'],
      ['EXPIRE', 'k', ''],
      ['EXPIRE', 'k', ' 1'],
      ['EXPIRE', 'k', '100', 'NX', 'GT'],
      ['EXPIRE', 'k', '100', 'NX', 'LT'],
      ['EXPIRE', 'k', '100', 'XX', 'NX'],
      ['EXPIRE', 'k', '100', 'GT', 'LT'],
      ['EXPIRE', 'k', '100', 'LT', 'GT', 'NX'],
      ['EXPIRE', 'k', '100', 'gt', 'lt'],
      ['EXPIRE', 'k', '100', 'XX', 'GT'],
      ['EXPIRE', 'k', '100', 'xx', 'lt'],
      ['EXPIRE', 'k', '100', 'NX', 'NX'],
      ['EXPIRE', 'k', '100', 'N\x00X'],
      ['EXPIRE', 'k', '100', 'NX\x00junk'],
      ['EXPIRE', 'k', '100', 'a\nb'],
      ['EXPIRE', 'k', '100', 'a\r\nb'],
      ['EXPIRE', 'k', '100', '\xff'],
      ['PEXPIRE', 'k', '100', 'bad'],
      ['EXPIREAT', 'k', '100', 'bad'],
      ['PEXPIREAT', 'k', '100', 'bad'],
      ['EXPIRE', 'k'],
      ['PEXPIRE', 'k'],
      ['EXPIREAT', 'k'],
      ['PEXPIREAT', 'k'],
      ['TTL'],
      ['PTTL', 'a', 'b'],
      ['EXPIRETIME'],
      ['PEXPIRETIME', 'a', 'b'],
      ['PERSIST'],
      ['PERSIST', 'a', 'b'],
    ]));

  it('overflow is an invalid expire time, named after the command', () =>
    expectSameAsOracle([
      ['SET', 'k', 'v'],
      ['EXPIRE', 'k', '9223372036854775'],
      ['EXPIRE', 'k', '9223372036854776'],
      ['EXPIRE', 'k', '9223372036854775807'],
      ['EXPIRE', 'k', '-9223372036854775808'],
      ['EXPIRE', 'k', '-9223372036854776'],
      ['PEXPIRE', 'k', '9223372036854775807'],
      ['PEXPIRE', 'k', '9223372036854775000'],
      ['EXPIREAT', 'k', '9223372036854776'],
      ['EXPIREAT', 'k', '-9223372036854776'],
      ['PEXPIREAT', 'k', '9223372036854775808'],
      ['EXPIRE', 'nope', '9223372036854776'],
      ['TTL', 'k'],
      ['EXPIREAT', 'k', '9223372036854775'],
      ['EXPIRETIME', 'k'],
      ['PEXPIRETIME', 'k'],
      ['PEXPIREAT', 'k', '9223372036854775807'],
      ['PEXPIRETIME', 'k'],
      ['EXPIRETIME', 'k'],
      ['EXPIREAT', 'k', '1099511627775'],
      ['PEXPIRETIME', 'k'],
      ['EXPIREAT', 'k', '1099511627776'],
      ['PEXPIRETIME', 'k'],
      ['EXPIREAT', 'k', '9007199254740'],
      ['PEXPIRETIME', 'k'],
      ['EXPIREAT', 'k', '9007199254741'],
      ['PEXPIRETIME', 'k'],
      ['PEXPIREAT', 'k', '9007199254740991'],
      ['PEXPIRETIME', 'k'],
      ['TTL', 'k'],
      ['PEXPIREAT', 'k', '9007199254740993'],
      ['PEXPIRETIME', 'k'],
      ['EXPIRETIME', 'k'],
      ['PEXPIRE', 'k', '-9223372036854775808'],
      ['EXISTS', 'k'],
      ['SET', 'k', 'v'],
      ['EXPIRE', 'k', '-9223372036854775'],
      ['EXISTS', 'k'],
    ]));
});

describe.skipIf(!hasOracle())('EXPIRE family: semantics', () => {
  it('missing keys answer 0, present keys 1; the deadline is exact', () =>
    expectSameAsOracle([
      ['EXPIRE', 'nope', '100'],
      ['PEXPIREAT', 'nope', Y2100],
      ['SET', 'k', 'v'],
      ['PEXPIREAT', 'k', Y2100],
      ['PEXPIRETIME', 'k'],
      ['EXPIRETIME', 'k'],
      ['EXPIREAT', 'k', Y2100_S],
      ['PEXPIRETIME', 'k'],
      ['PEXPIREAT', 'k', '4102444800499'],
      ['EXPIRETIME', 'k'],
      ['PEXPIREAT', 'k', '4102444800500'],
      ['EXPIRETIME', 'k'],
      ['PEXPIRETIME', 'nope'],
      ['EXPIRETIME', 'nope'],
      ['SET', 'p', 'v'],
      ['PEXPIRETIME', 'p'],
      ['EXPIRETIME', 'p'],
      ['TTL', 'p'],
      ['PTTL', 'p'],
      ['TTL', 'nope'],
      ['PTTL', 'nope'],
    ]));

  it('NX XX GT LT against keys with and without a TTL', () =>
    expectSameAsOracle([
      ['SET', 'none', 'v'],
      ['SET', 'ttl', 'v'],
      ['PEXPIREAT', 'ttl', Y2100],
      ['PEXPIREAT', 'none', '4102444900000', 'XX'],
      ['PEXPIREAT', 'none', '4102444900000', 'GT'],
      ['PEXPIREAT', 'none', '4102444900000', 'XX', 'LT'],
      ['PEXPIRETIME', 'none'],
      ['PEXPIREAT', 'ttl', '4102444900000', 'NX'],
      ['PEXPIREAT', 'ttl', Y2100, 'GT'],
      ['PEXPIREAT', 'ttl', Y2100, 'LT'],
      ['PEXPIREAT', 'ttl', '4102444799999', 'GT'],
      ['PEXPIREAT', 'ttl', '4102444800001', 'GT'],
      ['PEXPIRETIME', 'ttl'],
      ['PEXPIREAT', 'ttl', '4102444800002', 'LT'],
      ['PEXPIREAT', 'ttl', '4102444800000', 'LT', 'XX'],
      ['PEXPIRETIME', 'ttl'],
      ['EXPIRE', 'ttl', '100', 'LT'],
      ['EXPIRE', 'ttl', '200', 'GT'],
      ['EXPIREAT', 'ttl', Y2100_S, 'GT'],
      ['PEXPIRETIME', 'ttl'],
      ['PEXPIREAT', 'none', Y2100, 'LT'],
      ['PEXPIRETIME', 'none'],
      ['SET', 'fresh', 'v'],
      ['PEXPIREAT', 'fresh', Y2100, 'NX'],
      ['PEXPIREAT', 'fresh', '4102444900000', 'NX'],
      ['PEXPIRETIME', 'fresh'],
      ['PEXPIREAT', 'fresh', '4102444900000', 'XX'],
      ['PEXPIRETIME', 'fresh'],
    ]));

  it('a deadline in the past deletes the key, unless an option refuses first', () =>
    expectSameAsOracle([
      ['SET', 'a', 'v'],
      ['EXPIRE', 'a', '-1'],
      ['EXISTS', 'a'],
      ['SET', 'a', 'v'],
      ['EXPIRE', 'a', '0'],
      ['EXISTS', 'a'],
      ['SET', 'a', 'v'],
      ['PEXPIRE', 'a', '0'],
      ['EXISTS', 'a'],
      ['SET', 'a', 'v'],
      ['EXPIREAT', 'a', '1'],
      ['EXISTS', 'a'],
      ['SET', 'a', 'v'],
      ['PEXPIREAT', 'a', '0'],
      ['EXISTS', 'a'],
      ['SET', 'a', 'v'],
      ['PEXPIREAT', 'a', '-5'],
      ['EXISTS', 'a'],
      ['SET', 'b', 'v'],
      ['EXPIRE', 'b', '-1', 'GT'],
      ['EXPIRE', 'b', '-1', 'XX'],
      ['EXISTS', 'b'],
      ['EXPIRE', 'b', '-1', 'LT'],
      ['EXISTS', 'b'],
      ['SET', 'c', 'v'],
      ['PEXPIREAT', 'c', Y2100],
      ['EXPIRE', 'c', '-1', 'NX'],
      ['EXPIRE', 'c', '-1', 'GT'],
      ['EXISTS', 'c'],
      ['EXPIRE', 'c', '-1', 'XX'],
      ['EXISTS', 'c'],
      ['DBSIZE'],
    ]));

  it('PERSIST, and what clears or keeps a TTL', () =>
    expectSameAsOracle([
      ['PERSIST', 'nope'],
      ['SET', 'k', 'v'],
      ['PERSIST', 'k'],
      ['PEXPIREAT', 'k', Y2100],
      ['PERSIST', 'k'],
      ['PERSIST', 'k'],
      ['TTL', 'k'],
      ['PEXPIREAT', 'k', Y2100],
      ['SET', 'k', 'w'],
      ['TTL', 'k'],
      ['PEXPIREAT', 'k', Y2100],
      ['SET', 'k', 'x', 'KEEPTTL'],
      ['PEXPIRETIME', 'k'],
      ['APPEND', 'k', 'y'],
      ['PEXPIRETIME', 'k'],
      ['INCR', 'n'],
      ['PEXPIREAT', 'n', Y2100],
      ['INCR', 'n'],
      ['PEXPIRETIME', 'n'],
    ]));

  it('binary-safe keys', () =>
    expectSameAsOracle([
      ['SET', '', 'empty'],
      ['SET', '\x00\xff', 'bin'],
      ['PEXPIREAT', '', Y2100],
      ['PEXPIREAT', '\x00\xff', '4102444800001'],
      ['PEXPIRETIME', ''],
      ['PEXPIRETIME', '\x00\xff'],
      ['PERSIST', ''],
      ['TTL', ''],
      ['EXPIRE', '\x00\xff', '-1'],
      ['EXISTS', '\x00\xff'],
    ]));
});

describe.skipIf(!hasOracle())('relative TTLs, within a tolerance', () => {
  it('TTL and PTTL after EXPIRE, PEXPIRE, EXPIREAT and PEXPIREAT', async () => {
    const conn = (await oracleConnection())!;
    const nowMs = Date.now();
    const script: Script = [
      ['SET', 'a', 'v'],
      ['SET', 'b', 'v'],
      ['SET', 'c', 'v'],
      ['SET', 'd', 'v'],
      ['EXPIRE', 'a', '100'],
      ['PEXPIRE', 'b', '54321'],
      ['EXPIREAT', 'c', String(Math.floor(nowMs / 1000) + 1000)],
      ['PEXPIREAT', 'd', String(nowMs + 777_777)],
      ['TTL', 'a'],
      ['PTTL', 'a'],
      ['TTL', 'b'],
      ['PTTL', 'b'],
      ['TTL', 'c'],
      ['PTTL', 'c'],
      ['TTL', 'd'],
      ['PTTL', 'd'],
    ];
    await conn.sendAll(ORACLE_RESET);
    const oracle = await conn.sendAll(script);
    const engine = new Engine({ activeExpire: false });
    const s = new Session(engine);
    const stub = script.map((argv) => s.execute(argv));
    engine.close();
    script.forEach((argv, i) => {
      const [a, b] = [toJson(stub[i]!), toJson(oracle[i]!)];
      const tolerance = argv[0] === 'PTTL' ? 250 : argv[0] === 'TTL' ? 1 : undefined;
      if (tolerance === undefined) expect(a, argv.join(' ')).toEqual(b);
      else {
        expect(typeof a === 'number' && typeof b === 'number' && b > 0, `${argv.join(' ')}: ${a} vs ${b}`).toBe(true);
        expect(Math.abs(Number(a) - Number(b)), `${argv.join(' ')}: stub ${a}, oracle ${b}`).toBeLessThanOrEqual(tolerance);
      }
    });
  });
});

describe('TTL arithmetic (stub, manual clock)', () => {
  it('TTL rounds to the nearest second; PTTL is exact', () => {
    const engine = new Engine({ activeExpire: false });
    const clock = engine.useManualClock(1_700_000_000_000);
    const s = new Session(engine);
    s.execute(['SET', 'k', 'v']);
    expect(s.execute(['PEXPIRE', 'k', '1500'])).toBe(1);
    expect(s.execute(['PTTL', 'k'])).toBe(1500);
    expect(s.execute(['TTL', 'k'])).toBe(2);
    clock.advance(1);
    expect(s.execute(['PTTL', 'k'])).toBe(1499);
    expect(s.execute(['TTL', 'k'])).toBe(1);
    clock.advance(999);
    expect(s.execute(['TTL', 'k'])).toBe(1);
    clock.advance(1);
    expect(s.execute(['TTL', 'k'])).toBe(0);
    expect(s.execute(['PTTL', 'k'])).toBe(499);
    expect(s.execute(['EXPIRETIME', 'k'])).toBe(1_700_000_002);
    expect(s.execute(['PEXPIRETIME', 'k'])).toBe(1_700_000_001_500);
    clock.advance(499);
    // At the deadline the key still lives (keyIsExpired: now > when), with 0 ms left.
    expect(s.execute(['PTTL', 'k'])).toBe(0);
    clock.advance(1);
    expect(s.execute(['PTTL', 'k'])).toBe(-2);
    engine.close();
  });

  it('EXPIRE with a relative time counts from the engine clock', () => {
    const engine = new Engine({ activeExpire: false });
    engine.useManualClock(1_000_000);
    const s = new Session(engine);
    s.execute(['SET', 'k', 'v']);
    s.execute(['EXPIRE', 'k', '10']);
    expect(s.execute(['PEXPIRETIME', 'k'])).toBe(1_010_000);
    s.execute(['PEXPIRE', 'k', '10']);
    expect(s.execute(['PEXPIRETIME', 'k'])).toBe(1_000_010);
    // Exactly now counts as already expired.
    expect(s.execute(['PEXPIREAT', 'k', '1000000'])).toBe(1);
    expect(s.execute(['EXISTS', 'k'])).toBe(0);
    expect(engine.stats.expiredKeys).toBe(0);
    engine.close();
  });
});
