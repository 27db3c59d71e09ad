/**
 * String commands, differential against the oracle: every option, every error, binary values.
 * Encodings (int/embstr/raw) and TTLs are checked on the stub's entries against what the oracle
 * reports, so these tests do not lean on OBJECT ENCODING or TTL being implemented elsewhere.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { Session } from '../../src/engine/session.js';
import type { Entry } from '../../src/engine/values.js';
import { COMMANDS } from '../../src/commands/table.js';
import { expectSameAsOracle, oracleConnection, runOnOracle, type Script } from '../support/differential.js';
import { oracleKeyEvents, stubKeyEvents } from '../support/keyspace-events.js';
import type { JsonReply } from '../support/reply-json.js';

const BIN = '\x00\xff\x80a\r\n\x00';
const UTF8 = 'caf\xc3\xa9';
const FAR_SECONDS = '4102444800'; // 2100-01-01
const FAR_MS = '4102444800123';

/** RESP2 renders a map as a flat array of key, value, ...; the oracle connection speaks RESP2. */
function resp2(_argv: string[], r: JsonReply): JsonReply {
  if (Array.isArray(r)) return r.map((x) => resp2(_argv, x));
  if (r !== null && typeof r === 'object' && '%' in r) return (r['%'] as JsonReply[]).map((x) => resp2(_argv, x));
  return r;
}

/** TTL-like replies move between the two runs: compare whether a TTL is set, not its value. */
function ttlPresence(argv: string[], r: JsonReply): JsonReply {
  const name = argv[0]!.toUpperCase();
  if ((name === 'TTL' || name === 'PTTL') && typeof r === 'number' && r > 0) return 'ttl>0';
  return r;
}

const hasTtlCommands = COMMANDS.has('ttl') && COMMANDS.has('pttl') && COMMANDS.has('pexpiretime');

describe('GET / SET', () => {
  it('stores and returns values, binary safe', async () => {
    await expectSameAsOracle([
      ['GET', 'k'],
      ['SET', 'k', 'v'],
      ['GET', 'k'],
      ['SET', 'k', ''],
      ['GET', 'k'],
      ['SET', BIN, BIN],
      ['GET', BIN],
      ['SET', 'u', UTF8],
      ['GET', 'u'],
      ['SET', 'k', '123'],
      ['GET', 'k'],
      ['set', 'k', 'lower'],
      ['GeT', 'k'],
      ['SET', 'k'],
      ['GET'],
      ['GET', 'a', 'b'],
    ]);
  });

  it('accepts NX, XX, GET, KEEPTTL, EX, PX, EXAT, PXAT and their legal combinations', async () => {
    await expectSameAsOracle([
      ['SET', 'k', 'a', 'NX'],
      ['SET', 'k', 'b', 'NX'],
      ['GET', 'k'],
      ['SET', 'k', 'c', 'XX'],
      ['SET', 'missing', 'c', 'XX'],
      ['GET', 'missing'],
      ['SET', 'k', 'd', 'GET'],
      ['SET', 'new', 'd', 'GET'],
      ['SET', 'k', 'e', 'NX', 'GET'],
      ['GET', 'k'],
      ['SET', 'new2', 'e', 'NX', 'GET'],
      ['SET', 'new3', 'e', 'XX', 'GET'],
      ['SET', 'k', 'f', 'XX', 'GET'],
      ['SET', 'k', 'g', 'nx', 'nx'],
      ['SET', 'k', 'g', 'xx', 'xx', 'get', 'get'],
      ['SET', 'k', 'h', 'EX', '100'],
      ['SET', 'k', 'h', 'ex', '100', 'ex', '200'],
      ['SET', 'k', 'i', 'PX', '100000'],
      ['SET', 'k', 'j', 'EXAT', FAR_SECONDS],
      ['SET', 'k', 'k', 'PXAT', FAR_MS],
      ['SET', 'k', 'l', 'KEEPTTL'],
      ['SET', 'k', 'l', 'KEEPTTL', 'KEEPTTL', 'XX', 'GET'],
      ['SET', 'k', 'm', 'EX', '10', 'NX'],
      ['SET', 'k', 'm', 'EX', '10', 'XX', 'GET'],
      ['GET', 'k'],
    ]);
  });

  it('rejects conflicting and malformed options with a syntax error', async () => {
    const bad: string[][] = [
      ['NX', 'XX'],
      ['XX', 'NX'],
      ['EX', '10', 'PX', '10'],
      ['PX', '10', 'EX', '10'],
      ['EX', '10', 'EXAT', '10'],
      ['EXAT', '10', 'PXAT', '10'],
      ['PXAT', '10', 'PX', '10'],
      ['KEEPTTL', 'EX', '10'],
      ['EX', '10', 'KEEPTTL'],
      ['PXAT', '10', 'KEEPTTL'],
      ['EX'],
      ['PX'],
      ['EXAT'],
      ['PXAT'],
      ['PERSIST'],
      ['FOO'],
      ['NX', 'FOO'],
      ['EX', '10', 'EX'],
      ['GETX'],
      ['N'],
      [''],
      ['NX\x00'],
    ];
    await expectSameAsOracle([
      ['SET', 'k', 'old'],
      ...bad.map((opts) => ['SET', 'k', 'new', ...opts]),
      ['GET', 'k'],
    ]);
  });

  it('reports invalid expire times and non-integers, in Redis order', async () => {
    await expectSameAsOracle([
      ['SET', 'k', 'v', 'EX', '0'],
      ['SET', 'k', 'v', 'EX', '-1'],
      ['SET', 'k', 'v', 'PX', '0'],
      ['SET', 'k', 'v', 'PX', '-5'],
      ['SET', 'k', 'v', 'EXAT', '0'],
      ['SET', 'k', 'v', 'PXAT', '-1'],
      ['SET', 'k', 'v', 'EX', 'abc'],
      ['SET', 'k', 'v', 'EX', '1.5'],
      ['SET', 'k', 'v', 'EX', ''],
      ['SET', 'k', 'v', 'EX', '9223372036854775807'],
      ['SET', 'k', 'v', 'EX', '9223372036854775'],
      ['SET', 'k', 'v', 'EX', '9223372036854776'],
      ['SET', 'k', 'v', 'PX', '9223372036854775807'],
      ['SET', 'k', 'v', 'PX', '9223372036854775808'],
      ['SET', 'k', 'v', 'EXAT', '9223372036854776'],
      ['SET', 'k', 'v', 'PXAT', '9223372036854775807'],
      ['GET', 'k'],
      ['DEL', 'k'],
      ['SET', 'k', 'v', 'EX', 'abc', 'FOO'],
      ['LPUSH', 'list', 'x'],
      ['SET', 'list', 'v', 'EX', '0', 'GET'],
      ['SET', 'list', 'v', 'GET'],
      ['SET', 'list', 'v', 'NX', 'GET'],
      ['SET', 'list', 'v'],
      ['GET', 'list'],
    ].filter((argv) => argv[0] !== 'LPUSH' || COMMANDS.has('lpush')));
  });

  it('SET GET against a non-string is WRONGTYPE and changes nothing', async () => {
    await expectSameAsOracle([
      ['LPUSH', 'l', 'a'],
      ['SET', 'l', 'v', 'GET'],
      ['GET', 'l'],
      ['SET', 'l', 'v'],
      ['GET', 'l'],
    ]);
  });

  it('turns EX/PX/EXAT/PXAT into the right deadline and KEEPTTL keeps it (stub clock)', () => {
    const engine = new Engine({ activeExpire: false });
    const clock = engine.useManualClock(1_700_000_000_000);
    const s = new Session(engine);
    const entry = (k: string): Entry | undefined => engine.db(0).dict.get(k);
    s.execute(['SET', 'a', 'v', 'EX', '100']);
    expect(entry('a')!.expiresAt).toBe(1_700_000_100_000);
    s.execute(['SET', 'a', 'w', 'KEEPTTL']);
    expect(entry('a')!.expiresAt).toBe(1_700_000_100_000);
    s.execute(['SET', 'a', 'x']);
    expect(entry('a')!.expiresAt).toBe(0);
    s.execute(['SET', 'b', 'v', 'PX', '1500']);
    expect(entry('b')!.expiresAt).toBe(1_700_000_001_500);
    s.execute(['SET', 'c', 'v', 'EXAT', '1800000000']);
    expect(entry('c')!.expiresAt).toBe(1_800_000_000_000);
    s.execute(['SET', 'd', 'v', 'PXAT', '1800000000123']);
    expect(entry('d')!.expiresAt).toBe(1_800_000_000_123);
    s.execute(['SETEX', 'e', '5', 'v']);
    expect(entry('e')!.expiresAt).toBe(1_700_000_005_000);
    s.execute(['PSETEX', 'f', '5', 'v']);
    expect(entry('f')!.expiresAt).toBe(1_700_000_000_005);
    clock.advance(1501); // due once the clock is past the deadline (keyIsExpired: now > when)
    expect(s.execute(['GET', 'b'])).toBe(null);
    expect(s.execute(['GET', 'e'])).toBe('v');
    expect(s.execute(['GET', 'f'])).toBe(null);
    // A deadline already past: SET stores it and the key is gone on the next access.
    s.execute(['SET', 'g', 'v', 'PXAT', '1']);
    expect(s.execute(['GET', 'g'])).toBe(null);
    engine.close();
  });

  it.skipIf(!hasTtlCommands)('sets the same TTLs as Redis', async () => {
    await expectSameAsOracle(
      [
        ['SET', 'k', 'v', 'EX', '100'],
        ['TTL', 'k'],
        ['SET', 'k', 'v', 'KEEPTTL'],
        ['TTL', 'k'],
        ['SET', 'k', 'v'],
        ['TTL', 'k'],
        ['SET', 'k', 'v', 'PXAT', FAR_MS],
        ['PEXPIRETIME', 'k'],
        ['SET', 'k', 'v', 'EXAT', FAR_SECONDS, 'GET'],
        ['PEXPIRETIME', 'k'],
        ['SETEX', 'k', '100', 'v'],
        ['PTTL', 'k'],
        ['SETNX', 'k', 'x'],
        ['PTTL', 'k'],
        ['GETSET', 'k', 'y'],
        ['TTL', 'k'],
        ['SET', 'k', 'v', 'PXAT', '1'],
        ['GET', 'k'],
      ],
      ttlPresence,
    );
  });
});

describe('SETNX / SETEX / PSETEX / GETSET', () => {
  it('answer as Redis does', async () => {
    await expectSameAsOracle([
      ['SETNX', 'k', 'a'],
      ['SETNX', 'k', 'b'],
      ['GET', 'k'],
      ['SETEX', 'k', '100', 'c'],
      ['GET', 'k'],
      ['SETEX', 'k', '0', 'c'],
      ['SETEX', 'k', '-1', 'c'],
      ['SETEX', 'k', 'x', 'c'],
      ['SETEX', 'k', '9223372036854775807', 'c'],
      ['PSETEX', 'k', '100000', 'd'],
      ['GET', 'k'],
      ['PSETEX', 'k', '0', 'd'],
      ['PSETEX', 'k', '9223372036854775807', 'd'],
      ['PSETEX', 'k', '1.5', 'd'],
      ['GETSET', 'k', 'e'],
      ['GETSET', 'nokey', 'f'],
      ['GET', 'nokey'],
      ['GETSET', BIN, UTF8],
      ['GET', BIN],
      ['SETNX', 'k'],
      ['SETEX', 'k', '10'],
      ['GETSET', 'k'],
    ]);
  });
});

describe('GETDEL / GETEX', () => {
  it('GETDEL returns and deletes', async () => {
    await expectSameAsOracle([
      ['GETDEL', 'k'],
      ['SET', 'k', BIN],
      ['GETDEL', 'k'],
      ['GET', 'k'],
      ['GETDEL', 'k'],
      ['GETDEL', 'k', 'x'],
    ]);
  });

  it('GETEX options, conflicts and errors', async () => {
    await expectSameAsOracle([
      ['GETEX', 'k'],
      ['GETEX', 'k', 'EX', '-1'],
      ['GETEX', 'k', 'EX', 'abc'],
      ['GETEX', 'k', 'FOO'],
      ['SET', 'k', 'v'],
      ['GETEX', 'k'],
      ['GETEX', 'k', 'EX', '100'],
      ['GETEX', 'k', 'PX', '100000'],
      ['GETEX', 'k', 'EXAT', FAR_SECONDS],
      ['GETEX', 'k', 'PXAT', FAR_MS],
      ['GETEX', 'k', 'PERSIST'],
      ['GETEX', 'k', 'persist', 'PERSIST'],
      ['GETEX', 'k', 'EX', '0'],
      ['GETEX', 'k', 'EX', '-10'],
      ['GETEX', 'k', 'PX', '0'],
      ['GETEX', 'k', 'EX', '9223372036854775807'],
      ['GETEX', 'k', 'PX', '9223372036854775807'],
      ['GETEX', 'k', 'EX', 'x'],
      ['GETEX', 'k', 'EX', '10', 'PX', '10'],
      ['GETEX', 'k', 'EX', '10', 'PERSIST'],
      ['GETEX', 'k', 'PERSIST', 'EX', '10'],
      ['GETEX', 'k', 'KEEPTTL'],
      ['GETEX', 'k', 'NX'],
      ['GETEX', 'k', 'XX'],
      ['GETEX', 'k', 'GET'],
      ['GETEX', 'k', 'EX'],
      ['GETEX', 'k', 'EX', '10', 'EX', '20'],
      ['GET', 'k'],
      ['GETEX', 'k', 'EXAT', '1'],
      ['GET', 'k'],
      ['SET', 'k', 'v'],
      ['GETEX', 'k', 'PXAT', '100'],
      ['GETEX', 'k'],
    ]);
  });

  it('GETEX on a non-string is WRONGTYPE before the expire is checked', async () => {
    await expectSameAsOracle([
      ['LPUSH', 'l', 'a'],
      ['GETEX', 'l'],
      ['GETEX', 'l', 'EX', '0'],
      ['GETEX', 'l', 'FOO'],
      ['GETDEL', 'l'],
    ]);
  });

  it('GETEX sets and removes deadlines (stub clock)', () => {
    const engine = new Engine({ activeExpire: false });
    engine.useManualClock(1_700_000_000_000);
    const s = new Session(engine);
    const entry = (k: string): Entry | undefined => engine.db(0).dict.get(k);
    s.execute(['SET', 'k', 'v']);
    expect(s.execute(['GETEX', 'k', 'EX', '10'])).toBe('v');
    expect(entry('k')!.expiresAt).toBe(1_700_000_010_000);
    expect(s.execute(['GETEX', 'k', 'PX', '10'])).toBe('v');
    expect(entry('k')!.expiresAt).toBe(1_700_000_000_010);
    expect(s.execute(['GETEX', 'k', 'EXAT', '1800000000'])).toBe('v');
    expect(entry('k')!.expiresAt).toBe(1_800_000_000_000);
    expect(s.execute(['GETEX', 'k', 'PXAT', '1800000000001'])).toBe('v');
    expect(entry('k')!.expiresAt).toBe(1_800_000_000_001);
    expect(s.execute(['GETEX', 'k'])).toBe('v');
    expect(entry('k')!.expiresAt).toBe(1_800_000_000_001);
    expect(s.execute(['GETEX', 'k', 'PERSIST'])).toBe('v');
    expect(entry('k')!.expiresAt).toBe(0);
    expect(engine.db(0).volatile.has('k')).toBe(false);
    expect(s.execute(['GETEX', 'k', 'PXAT', '1700000000000'])).toBe('v');
    expect(entry('k')).toBe(undefined);
    engine.close();
  });

  it.skipIf(!hasTtlCommands)('GETEX leaves the same TTLs as Redis', async () => {
    await expectSameAsOracle(
      [
        ['SET', 'k', 'v'],
        ['GETEX', 'k', 'EX', '100'],
        ['TTL', 'k'],
        ['GETEX', 'k', 'PXAT', FAR_MS],
        ['PEXPIRETIME', 'k'],
        ['GETEX', 'k'],
        ['PEXPIRETIME', 'k'],
        ['GETEX', 'k', 'PERSIST'],
        ['TTL', 'k'],
      ],
      ttlPresence,
    );
  });
});

describe('GETRANGE / SUBSTR / STRLEN', () => {
  it('slice by bytes with Redis index rules', async () => {
    const ranges = [
      ['0', '-1'],
      ['0', '0'],
      ['1', '3'],
      ['-3', '-1'],
      ['-1', '-3'],
      ['-100', '100'],
      ['5', '2'],
      ['100', '200'],
      ['-100', '-50'],
      ['3', '-100'],
      ['-9223372036854775808', '9223372036854775807'],
      ['9223372036854775807', '-9223372036854775808'],
      ['-1152921504606846975', '-1152921504606846976'],
      ['-1152921504606846976', '-1152921504606846975'],
      ['0', '9007199254740993'],
    ];
    const script: Script = [['SET', 'k', `hello${BIN}world`], ['SET', 'e', ''], ['SET', 'n', '12345']];
    for (const [a, b] of ranges) {
      script.push(['GETRANGE', 'k', a!, b!], ['SUBSTR', 'k', a!, b!], ['GETRANGE', 'e', a!, b!], ['GETRANGE', 'n', a!, b!]);
    }
    script.push(
      ['GETRANGE', 'missing', '0', '-1'],
      ['GETRANGE', 'missing', 'x', '1'],
      ['GETRANGE', 'k', 'x', '1'],
      ['GETRANGE', 'k', '0', '1.0'],
      ['GETRANGE', 'k', '0', '9223372036854775808'],
      ['GETRANGE', 'k', '0'],
      ['STRLEN', 'k'],
      ['STRLEN', 'e'],
      ['STRLEN', 'n'],
      ['STRLEN', 'missing'],
      ['SET', 'u', UTF8],
      ['STRLEN', 'u'],
      ['GETRANGE', 'u', '3', '3'],
      ['STRLEN', 'k', 'x'],
    );
    await expectSameAsOracle(script);
  });

  it('report WRONGTYPE after parsing the range', async () => {
    await expectSameAsOracle([
      ['LPUSH', 'l', 'a'],
      ['GETRANGE', 'l', '0', '1'],
      ['GETRANGE', 'l', 'x', '1'],
      ['STRLEN', 'l'],
      ['GET', 'l'],
    ]);
  });
});

describe('MGET / MSET / MSETNX', () => {
  it('answer as Redis does, including odd argument counts', async () => {
    await expectSameAsOracle([
      ['MSET', 'a', '1', 'b', '2', BIN, UTF8],
      ['MGET', 'a', 'b', 'c', BIN],
      ['MSET', 'a', '1', 'b'],
      ['MSETNX', 'a', '1', 'b'],
      ['MSET', 'a', 'x', 'a', 'y'],
      ['GET', 'a'],
      ['MSETNX', 'c', '3', 'a', '9'],
      ['MGET', 'a', 'c'],
      ['MSETNX', 'c', '3', 'd', '4'],
      ['MGET', 'c', 'd'],
      ['MSETNX', 'e', '1', 'e', '2'],
      ['GET', 'e'],
      ['MSET'],
      ['MSET', 'a'],
      ['MGET'],
    ]);
  });

  it('MGET answers nil for non-strings', async () => {
    await expectSameAsOracle([['SET', 'a', '1'], ['LPUSH', 'l', 'x'], ['MGET', 'a', 'l', 'zz'], ['MSETNX', 'l', 'v'], ['MSET', 'l', 'v'], ['GET', 'l']]);
  });
});

describe('INCR / DECR / INCRBY / DECRBY', () => {
  it('count exactly in signed 64 bits', async () => {
    await expectSameAsOracle([
      ['INCR', 'n'],
      ['INCR', 'n'],
      ['DECR', 'n'],
      ['DECR', 'm'],
      ['INCRBY', 'n', '100'],
      ['INCRBY', 'n', '-300'],
      ['DECRBY', 'n', '-5'],
      ['DECRBY', 'n', '5'],
      ['SET', 'big', '9007199254740991'],
      ['INCR', 'big'],
      ['INCR', 'big'],
      ['INCRBY', 'big', '9007199254740993'],
      ['GET', 'big'],
      ['SET', 'max', '9223372036854775806'],
      ['INCR', 'max'],
      ['INCR', 'max'],
      ['GET', 'max'],
      ['SET', 'min', '-9223372036854775807'],
      ['DECR', 'min'],
      ['DECR', 'min'],
      ['DECRBY', 'min', '-9223372036854775807'],
      ['INCRBY', 'min', '9223372036854775807'],
      ['DECRBY', 'x', '-9223372036854775808'],
      ['DECRBY', 'x', '9223372036854775807'],
      ['INCRBY', 'x', '-9223372036854775808'],
      ['INCRBY', 'x', '1'],
      ['INCRBY', 'y', '9223372036854775808'],
      ['DECRBY', 'y', '-9223372036854775809'],
      ['INCRBY', 'y', '0'],
      ['DECRBY', 'y', '0'],
      ['GET', 'y'],
    ]);
  });

  it('reject non-integer values and increments', async () => {
    const values = ['abc', '', ' 1', '1 ', '01', '-0', '+1', '1.0', '1e3', '0x10', '12345678901234567890', '-', BIN, '99999999999999999999'];
    const script: Script = [];
    for (const v of values) script.push(['SET', 'k', v], ['INCR', 'k'], ['DECRBY', 'k', '1'], ['GET', 'k']);
    for (const v of values) script.push(['INCRBY', 'n', v], ['DECRBY', 'n', v]);
    script.push(['INCRBY', 'n'], ['INCR'], ['DECR', 'a', 'b']);
    await expectSameAsOracle(script);
  });

  it('parse the increment before looking at the key type', async () => {
    await expectSameAsOracle([
      ['LPUSH', 'l', 'a'],
      ['INCR', 'l'],
      ['INCRBY', 'l', 'x'],
      ['INCRBY', 'l', '1'],
      ['DECRBY', 'l', '-9223372036854775808'],
      ['INCRBYFLOAT', 'l', 'x'],
      ['INCRBYFLOAT', 'l', '1'],
    ]);
  });

  it('keep the TTL (stub clock)', () => {
    const engine = new Engine({ activeExpire: false });
    engine.useManualClock(1_000_000);
    const s = new Session(engine);
    s.execute(['SET', 'n', '1', 'EX', '100']);
    s.execute(['INCR', 'n']);
    s.execute(['INCRBYFLOAT', 'n', '1.5']);
    expect(engine.db(0).dict.get('n')!.expiresAt).toBe(1_100_000);
    s.execute(['APPEND', 'n', '0']);
    s.execute(['SETRANGE', 'n', '0', '9']);
    expect(engine.db(0).dict.get('n')!.expiresAt).toBe(1_100_000);
    expect(s.execute(['GET', 'n'])).toBe('9.50');
    engine.close();
  });

  it.skipIf(!hasTtlCommands)('keep the TTL like Redis', async () => {
    await expectSameAsOracle(
      [['SET', 'n', '1', 'EX', '100'], ['INCR', 'n'], ['TTL', 'n'], ['INCRBYFLOAT', 'n', '0.5'], ['TTL', 'n'], ['APPEND', 'n', '1'], ['TTL', 'n']],
      ttlPresence,
    );
  });
});

describe('INCRBYFLOAT', () => {
  it('computes in long double and prints like Redis', async () => {
    const pairs: [string, string][] = [
      ['10.5', '0.1'],
      ['0', '0.1'],
      ['1', '0.2'],
      ['5.0e3', '2.0e2'],
      ['1e300', '1'],
      ['1e308', '1e308'],
      ['1e400', '1'],
      ['1e4932', '0'],
      ['1.18973149535723176502e4932', '1e4931'],
      ['1e-300', '0'],
      ['1e-4950', '0'],
      ['1e-4952', '0'],
      ['-1e-30', '0'],
      ['-0', '0'],
      ['0', '-0'],
      ['-0.0', '-0.0'],
      ['3', '-3'],
      ['0.000003814697265625', '0'],
      ['0.000003814697265635', '0'],
      ['9223372036854775807', '1'],
      ['18446744073709551615', '1'],
      ['0x10', '0x1.8p1'],
      ['.5', '5.'],
      ['+1', '+.5e1'],
      ['1E2', '1e+2'],
      ['123456789.123456789', '0.000000001'],
      ['3.0', '-3.0'],
      ['inf', '1'],
      ['-inf', 'inf'],
      ['1', 'inf'],
      ['1', 'Infinity'],
      ['1', 'nan'],
      ['1', '-nan'],
      ['1', ''],
      ['1', ' 1'],
      ['1', '1 '],
      ['1', '1e'],
      ['1', 'abc'],
      ['1', '1\x00'],
      ['1', '1_0'],
      ['1', '0x'],
      ['1', '0x1p'],
      ['1', '1e99999999999999'],
      ['1', '1e-99999999999999'],
      ['1', '0e-99999999999999'],
      ['abc', '1'],
      ['', '1'],
      [' 1', '1'],
      ['1\x00', '1'],
      [BIN, '1'],
    ];
    const script: Script = [];
    for (const [a, b] of pairs) script.push(['SET', 'k', a], ['INCRBYFLOAT', 'k', b], ['GET', 'k']);
    script.push(['DEL', 'k'], ['INCRBYFLOAT', 'k', '1.5'], ['INCRBYFLOAT', 'k', '-1.5'], ['GET', 'k'], ['INCRBYFLOAT', 'k']);
    script.push(['SET', 'k', '1'], ['INCRBYFLOAT', 'k', '1.'.padEnd(5119, '0')], ['INCRBYFLOAT', 'k', '1.'.padEnd(5120, '0')]);
    await expectSameAsOracle(script);
  });

  it('chains many increments like Redis', async () => {
    const script: Script = [['SET', 'k', '0']];
    for (let i = 0; i < 60; i++) script.push(['INCRBYFLOAT', 'k', i % 3 === 0 ? '0.1' : i % 3 === 1 ? '-0.07' : '1e-5']);
    script.push(['SET', 'k', '1e20']);
    for (let i = 0; i < 20; i++) script.push(['INCRBYFLOAT', 'k', '0.3']);
    await expectSameAsOracle(script);
  });
});

describe('APPEND / SETRANGE', () => {
  it('APPEND creates and extends, binary safe', async () => {
    await expectSameAsOracle([
      ['APPEND', 'k', 'hello'],
      ['APPEND', 'k', BIN],
      ['APPEND', 'k', ''],
      ['GET', 'k'],
      ['APPEND', 'e', ''],
      ['GET', 'e'],
      ['SET', 'n', '12'],
      ['APPEND', 'n', '3'],
      ['INCR', 'n'],
      ['APPEND', 'k'],
    ]);
  });

  it('SETRANGE overwrites, pads with zeros and checks its arguments', async () => {
    await expectSameAsOracle([
      ['SETRANGE', 'k', '0', 'hello'],
      ['SETRANGE', 'k', '2', 'XY'],
      ['GET', 'k'],
      ['SETRANGE', 'k', '5', 'tail'],
      ['SETRANGE', 'k', '12', BIN],
      ['GET', 'k'],
      ['SETRANGE', 'k', '1', ''],
      ['SETRANGE', 'k', '100000000000', ''],
      ['SETRANGE', 'missing', '5', ''],
      ['SETRANGE', 'missing', '100000000000', ''],
      ['EXISTS', 'missing'],
      ['SETRANGE', 'p', '3', 'x'],
      ['GET', 'p'],
      ['SETRANGE', 'k', '-1', 'x'],
      ['SETRANGE', 'k', 'x', 'x'],
      ['SETRANGE', 'k', '1.5', 'x'],
      ['SETRANGE', 'k', '9223372036854775808', 'x'],
      ['SETRANGE', 'k', '536870912', 'x'],
      ['SETRANGE', 'k', '536870911', 'xy'],
      ['SETRANGE', 'missing', '536870912', 'x'],
      ['SETRANGE', 'k', '-1', ''],
      ['SETRANGE', 'n', '0', '9'],
      ['SET', 'n', '123'],
      ['SETRANGE', 'n', '1', '9'],
      ['INCR', 'n'],
      ['SETRANGE', 'k', '0'],
    ].filter((argv) => argv[0] !== 'EXISTS' || COMMANDS.has('exists')));
  });

  it('report WRONGTYPE', async () => {
    await expectSameAsOracle([
      ['LPUSH', 'l', 'a'],
      ['APPEND', 'l', 'x'],
      ['SETRANGE', 'l', '0', 'x'],
      ['SETRANGE', 'l', '0', ''],
      ['SETRANGE', 'l', '-1', 'x'],
    ]);
  });

  it.skipIf(!COMMANDS.has('config'))('leave a 512MB limit error on APPEND when proto-max-bulk-len is small', async () => {
    await expectSameAsOracle([
      ['CONFIG', 'SET', 'proto-max-bulk-len', '1048576'],
      ['SETRANGE', 'k', '1048570', 'abcdef'],
      ['SETRANGE', 'k', '1048570', 'abcdefg'],
      ['APPEND', 'k', 'x'],
      ['STRLEN', 'k'],
      ['CONFIG', 'SET', 'proto-max-bulk-len', '536870912'],
    ]);
  });
});

describe('LCS', () => {
  it('computes the subsequence, its length and its match ranges', async () => {
    await expectSameAsOracle([
      ['MSET', 'a', 'ohmytext', 'b', 'mynewtext'],
      ['LCS', 'a', 'b'],
      ['LCS', 'a', 'b', 'LEN'],
      ['LCS', 'a', 'b', 'IDX'],
      ['LCS', 'a', 'b', 'IDX', 'WITHMATCHLEN'],
      ['LCS', 'a', 'b', 'IDX', 'MINMATCHLEN', '4'],
      ['LCS', 'a', 'b', 'IDX', 'MINMATCHLEN', '4', 'WITHMATCHLEN'],
      ['LCS', 'a', 'b', 'IDX', 'MINMATCHLEN', '-5', 'WITHMATCHLEN'],
      ['LCS', 'a', 'b', 'idx', 'withmatchlen', 'minmatchlen', '2'],
      ['LCS', 'b', 'a', 'IDX', 'WITHMATCHLEN'],
      ['LCS', 'a', 'missing'],
      ['LCS', 'missing', 'missing2', 'IDX'],
      ['LCS', 'missing', 'missing2', 'LEN'],
      ['LCS', 'a', 'a', 'IDX', 'WITHMATCHLEN'],
      ['LCS', 'a', 'b', 'LEN', 'IDX'],
      ['LCS', 'a', 'b', 'LEN', 'LEN'],
      ['LCS', 'a', 'b', 'MINMATCHLEN'],
      ['LCS', 'a', 'b', 'MINMATCHLEN', 'x'],
      ['LCS', 'a', 'b', 'FOO'],
      ['LCS', 'a', 'b', 'LEN', 'MINMATCHLEN', '3'],
      ['MSET', 'x', `a${BIN}b${UTF8}`, 'y', `${BIN}${UTF8}ab`],
      ['LCS', 'x', 'y'],
      ['LCS', 'x', 'y', 'IDX', 'WITHMATCHLEN'],
      ['MSET', 'n1', '1234567', 'n2', '2468'],
      ['LCS', 'n1', 'n2', 'IDX'],
      ['LCS', 'a'],
    ], resp2);
  });

  it('agrees with Redis on random strings', async () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const word = () => Array.from({ length: rand(30) }, () => 'abcd\x00\xff'[rand(6)]).join('');
    const script: Script = [];
    for (let i = 0; i < 30; i++) {
      script.push(['MSET', 'a', word(), 'b', word()], ['LCS', 'a', 'b'], ['LCS', 'a', 'b', 'IDX', 'WITHMATCHLEN', 'MINMATCHLEN', String(rand(3))]);
    }
    await expectSameAsOracle(script, resp2);
  });

  it('rejects non-string keys with its own error', async () => {
    await expectSameAsOracle([
      ['SET', 'a', 'x'],
      ['LPUSH', 'l', 'x'],
      ['LCS', 'a', 'l'],
      ['LCS', 'l', 'missing', 'FOO'],
    ]);
  });
});

/** OBJECT ENCODING as the stub's entry flags imply it (the rule object.ts follows). */
function stubEncoding(e: Entry): string {
  const v = e.value as string;
  if (e.rawString) return 'raw';
  if (!e.embstrString && v.length <= 20 && /^(0|-?[1-9]\d*)$/.test(v) && BigInt(v) >= -(2n ** 63n) && BigInt(v) < 2n ** 63n) return 'int';
  return v.length <= 44 ? 'embstr' : 'raw';
}

describe('encodings left by string commands', () => {
  it('match what OBJECT ENCODING reports on the oracle', async () => {
    const conn = await oracleConnection();
    if (!conn) return;
    const script: Script = [
      ['SET', 'int', '123'],
      ['SET', 'emb', 'hello'],
      ['SET', 'long', 'x'.repeat(45)],
      ['SET', 'f', '10'],
      ['INCRBYFLOAT', 'f', '1'],
      ['SET', 'f2', '10.5'],
      ['INCRBYFLOAT', 'f2', '0.25'],
      ['SET', 'f3', '1'],
      ['INCRBYFLOAT', 'f3', '1e50'],
      ['INCRBYFLOAT', 'f4', '3'],
      ['INCR', 'i'],
      ['SET', 'i2', '10'],
      ['INCRBYFLOAT', 'i2', '1'],
      ['INCR', 'i2'],
      ['APPEND', 'a1', '12'],
      ['APPEND', 'a2', 'abc'],
      ['APPEND', 'a3', 'x'.repeat(50)],
      ['SET', 'a4', '12'],
      ['APPEND', 'a4', '3'],
      ['SET', 'a5', '12'],
      ['APPEND', 'a5', ''],
      ['SETRANGE', 'r1', '0', '1'],
      ['SET', 'r2', '123'],
      ['SETRANGE', 'r2', '0', '9'],
      ['SET', 'r3', '123'],
      ['SETRANGE', 'r3', '0', ''],
      ['SETRANGE', 'r1', '0', '2'],
      ['SET', 'r1', '5'],
      ['GETSET', 'g', '42'],
      ['MSET', 'm1', '7', 'm2', 'seven'],
      ['SETNX', 'n', '8'],
      ['SETEX', 'x', '100', '9'],
      ['GETEX', 'r2', 'PERSIST'],
      ['SET', 'neg', '-5'],
      ['SET', 'notint', '007'],
      ['SET', 'huge', '9223372036854775808'],
    ];
    const keys = ['int', 'emb', 'long', 'f', 'f2', 'f3', 'f4', 'i', 'i2', 'a1', 'a2', 'a3', 'a4', 'a5', 'r1', 'r2', 'r3', 'g', 'm1', 'm2', 'n', 'x', 'neg', 'notint', 'huge'];
    const oracle = await runOnOracle(conn, [...script, ...keys.map((k) => ['OBJECT', 'ENCODING', k])]);
    const engine = new Engine({ activeExpire: false });
    const s = new Session(engine);
    for (const argv of script) s.execute(argv);
    const stub = keys.map((k) => stubEncoding(engine.db(0).dict.get(k)!));
    expect(stub).toEqual(oracle.slice(script.length));
    engine.close();
  });
});

describe('WATCH sees every string write', () => {
  const writes: Script = [
    ['SET', 'k', 'v'],
    ['SET', 'k', 'v', 'NX'],
    ['SETNX', 'k', 'x'],
    ['SETEX', 'k', '100', 'v'],
    ['PSETEX', 'k', '100000', 'v'],
    ['GETSET', 'k', 'v'],
    ['GETDEL', 'k'],
    ['GETEX', 'k', 'EX', '100'],
    ['GETEX', 'k', 'PERSIST'],
    ['GETEX', 'k'],
    ['GET', 'k'],
    ['MSET', 'k', 'v'],
    ['MSETNX', 'k', 'v'],
    ['INCR', 'k'],
    ['DECRBY', 'k', '2'],
    ['INCRBYFLOAT', 'k', '0.5'],
    ['APPEND', 'k', ''],
    ['SETRANGE', 'k', '0', 'v'],
    ['SETRANGE', 'k', '0', ''],
    ['LCS', 'k', 'k'],
  ];
  const setups: Script[] = [[['SET', 'k', '5']], [['SET', 'k', '5', 'EX', '100']], []];
  it('dirties (or not) exactly as Redis does', async () => {
    const script: Script = [];
    for (const setup of setups) {
      for (const w of writes) {
        script.push(['DEL', 'k'], ...setup, ['WATCH', 'k'], w, ['MULTI'], ['PING'], ['EXEC']);
      }
    }
    await expectSameAsOracle(script);
  });
});

describe('WRONGTYPE on a list key', () => {
  it('every string read or edit refuses it and leaves it alone', async () => {
    const list = ['LRANGE', 'l', '0', '-1'];
    const commands: string[][] = [
      ['GET', 'l'],
      ['GETDEL', 'l'],
      ['GETEX', 'l'],
      ['GETEX', 'l', 'EX', '0'],
      ['GETSET', 'l', 'v'],
      ['SET', 'l', 'v', 'GET'],
      ['SET', 'l', 'v', 'NX', 'GET'],
      ['APPEND', 'l', 'x'],
      ['SETRANGE', 'l', '0', 'x'],
      ['SETRANGE', 'l', '0', ''],
      ['GETRANGE', 'l', '0', '1'],
      ['STRLEN', 'l'],
      ['INCR', 'l'],
      ['DECR', 'l'],
      ['INCRBY', 'l', '1'],
      ['DECRBY', 'l', '1'],
      ['INCRBYFLOAT', 'l', '1'],
      ['LCS', 'l', 'x'],
      ['MGET', 'l', 'x'],
      ['MSETNX', 'l', 'v'],
      ['INCRBY', 'l', 'x'],
      ['GETRANGE', 'l', 'x', '1'],
      ['SETRANGE', 'l', '-1', 'x'],
      ['SET', 'l', 'v', 'EX', '0', 'GET'],
    ];
    await expectSameAsOracle([
      ['RPUSH', 'l', 'a', 'b'],
      ...commands.flatMap((argv) => [argv, list]),
      ['SET', 'l', 'v'],
      ['GET', 'l'],
    ]);
  });
});

describe('keyspace events of string and bitmap commands', () => {
  it('are the ones Redis publishes, in the same order', async () => {
    const script: Script = [
      ['SET', 'k', 'v'],
      ['SET', 'k', 'v', 'NX'],
      ['SET', 'k', 'w', 'XX', 'GET', 'EX', '100'],
      ['SET', 'k', 'v', 'EX', '0'],
      ['SETNX', 'n', '1'],
      ['SETNX', 'n', '1'],
      ['SETEX', 'e', '100', 'v'],
      ['PSETEX', 'e', '100000', 'v'],
      ['GETSET', 'k', 'x'],
      ['MSET', 'a', '1', 'b', '2'],
      ['MSETNX', 'c', '1', 'd', '2'],
      ['MSETNX', 'c', '1', 'z', '2'],
      ['INCR', 'a'],
      ['DECR', 'a'],
      ['INCRBY', 'a', '5'],
      ['DECRBY', 'a', '5'],
      ['INCRBYFLOAT', 'a', '1.5'],
      ['INCR', 'k'],
      ['APPEND', 'k', 'y'],
      ['APPEND', 'new', 'y'],
      ['SETRANGE', 'k', '0', 'z'],
      ['SETRANGE', 'k', '0', ''],
      ['SETRANGE', 'r', '2', 'z'],
      ['GETEX', 'k', 'EX', '100'],
      ['GETEX', 'k', 'PERSIST'],
      ['GETEX', 'k', 'PERSIST'],
      ['GETEX', 'k', 'PXAT', '1'],
      ['GETDEL', 'a'],
      ['GETDEL', 'a'],
      ['GET', 'b'],
      ['SETBIT', 'bits', '1', '1'],
      ['SETBIT', 'bits', '1', '1'],
      ['SETBIT', 'bits', '1', '0'],
      ['BITFIELD', 'bits', 'SET', 'u8', '0', '0'],
      ['BITFIELD', 'bits', 'SET', 'u8', '0', '7', 'INCRBY', 'u8', '0', '1'],
      ['BITFIELD', 'bf', 'OVERFLOW', 'FAIL', 'INCRBY', 'u2', '0', '9'],
      ['BITOP', 'OR', 'dest', 'bits', 'b'],
      ['BITOP', 'OR', 'dest', 'nothing'],
      ['BITOP', 'OR', 'dest', 'nothing'],
      ['GET', 'miss'],
      ['MGET', 'miss', 'b', 'miss2'],
      ['GETRANGE', 'miss', '0', '1'],
      ['STRLEN', 'miss'],
      ['GETEX', 'miss', 'EX', '10'],
      ['GETDEL', 'miss'],
      ['SET', 'miss', 'v', 'GET'],
      ['LCS', 'miss3', 'miss4'],
      ['GETBIT', 'miss5', '0'],
      ['BITCOUNT', 'miss5'],
      ['BITPOS', 'miss5', '0'],
      ['BITFIELD', 'miss5', 'GET', 'u8', '0'],
      ['BITFIELD_RO', 'miss5', 'GET', 'u8', '0'],
      ['INCR', 'miss6'],
      ['INCRBYFLOAT', 'miss7', '1'],
      ['APPEND', 'miss8', ''],
      ['SETRANGE', 'miss9', '0', ''],
      ['SETNX', 'miss10', 'v'],
      ['MSETNX', 'miss11', 'v'],
    ];
    const oracle = await oracleKeyEvents(script);
    if (!oracle) return;
    expect(oracle.length).toBeGreaterThan(30);
    expect(stubKeyEvents(script)).toEqual(oracle);
  });
});
