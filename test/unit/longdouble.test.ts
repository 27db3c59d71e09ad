/**
 * The x87 long double emulation: exact parsing (strtold), addition (round to nearest even) and
 * `%.17Lf` printing. Fixed cases pin known answers; the random batch asks the oracle (SET then
 * INCRBYFLOAT, which is exactly strtold + add + ld2string) for thousands of pairs.
 */
import { describe, expect, it } from 'vitest';
import {
  addLongDouble,
  formatFixed,
  formatLongDoubleHuman,
  fromBinary,
  isFiniteLongDouble,
  longDoubleFromInteger,
  parseLongDouble,
  strtold,
} from '../../src/longdouble.js';
import { oracleConnection } from '../support/differential.js';
import { toJson } from '../support/reply-json.js';

/** What INCRBYFLOAT answers for a stored `a` and an increment `b`, computed locally. */
function incrByFloat(a: string, b: string): string | { '-': string } {
  const x = parseLongDouble(a);
  const y = parseLongDouble(b);
  if (x === undefined || y === undefined) return { '-': 'ERR value is not a valid float' };
  const sum = addLongDouble(x, y);
  if (!isFiniteLongDouble(sum)) return { '-': 'ERR increment would produce NaN or Infinity' };
  return formatLongDoubleHuman(sum);
}

function human(text: string): string {
  return formatLongDoubleHuman(parseLongDouble(text)!);
}

describe('parseLongDouble (string2ld)', () => {
  it('accepts what strtold reads whole, and nothing else', () => {
    for (const ok of ['1', '-1', '+1', '1.', '.5', '1e5', '1E+5', '1e-5', '0x10', '0X1.8p1', '0x.8', 'inf', '-INF', 'Infinity', '-0', '0e-99999999999', '00012']) {
      expect([ok, parseLongDouble(ok) !== undefined]).toEqual([ok, true]);
    }
    for (const bad of ['', ' 1', '1 ', '\t1', '1e', '1e+', '.', 'e5', '.e5', '+', '-', 'abc', 'nan', '-nan', 'nan(123)', 'infinit', 'infx', '0x', '0x1p', '0xg', '1_0', '1\x00', '1,5', '١']) {
      expect([bad, parseLongDouble(bad)]).toEqual([bad, undefined]);
    }
  });

  it('rejects overflow and underflow to zero, keeps subnormals', () => {
    expect(parseLongDouble('1e4932')).toBeDefined();
    expect(parseLongDouble('1.18973149535723176502e4932')).toBeDefined();
    expect(parseLongDouble('1.2e4932')).toBeUndefined();
    expect(parseLongDouble('1e99999999999')).toBeUndefined();
    expect(parseLongDouble('1e-4950')).toBeDefined();
    expect(parseLongDouble('1e-4952')).toBeUndefined();
    expect(parseLongDouble('1e-99999999999')).toBeUndefined();
    expect(parseLongDouble('0x1p-16445')).toBeDefined();
    expect(parseLongDouble('0x1p-16446')).toBeUndefined(); // exactly half the smallest subnormal: ties to even, to 0
    expect(parseLongDouble('0x1.8p-16446')).toBeDefined();
    expect(strtold('1e99999')).toEqual({ value: expect.objectContaining({ kind: 'infinite' }), range: true });
  });

  it('limits the text to MAX_LONG_DOUBLE_CHARS - 1 bytes', () => {
    expect(parseLongDouble('1.'.padEnd(5119, '0'))).toBeDefined();
    expect(parseLongDouble('1.'.padEnd(5120, '0'))).toBeUndefined();
  });

  it('rounds to the nearest 64-bit significand, ties to even', () => {
    // Past 2^64 the spacing is 2: 2^64 + 1 ties between significands 2^63 (even) and 2^63 + 1,
    // and 2^64 + 3 between 2^63 + 1 and 2^63 + 2 (even).
    expect(parseLongDouble('18446744073709551617')).toEqual(fromBinary(false, 1n << 64n, 0));
    expect(parseLongDouble('18446744073709551619')).toEqual(fromBinary(false, (1n << 64n) + 4n, 0));
    expect(parseLongDouble('18446744073709551615')).toEqual(longDoubleFromInteger(18446744073709551615n));
  });
});

describe('formatLongDoubleHuman (ld2string LD_STR_HUMAN)', () => {
  it('prints %.17Lf without trailing zeros', () => {
    expect(human('10.5')).toBe('10.5');
    expect(human('3')).toBe('3');
    expect(human('-2.25')).toBe('-2.25');
    expect(human('0.1')).toBe('0.1');
    expect(human('1e-17')).toBe('0.00000000000000001');
    expect(human('1e-18')).toBe('0');
    expect(human('-1e-30')).toBe('0');
    expect(human('-0')).toBe('0');
    expect(human('1e20')).toBe('100000000000000000000');
    expect(human('0x1p-18')).toBe('0.00000381469726562'); // an exact tie at the 17th decimal: to even
    expect(human('0x3p-18')).toBe('0.00001144409179688');
  });

  it('prints the exact decimal expansion of huge values', () => {
    expect(human('1e4932').startsWith('10000000000000000000060189493879638913238377742545331147737850413525330194866087')).toBe(true);
    expect(human('1e4932')).toHaveLength(4933);
    expect(human('1.18973149535723176502e4932')).toHaveLength(4933);
  });

  it('formatFixed rounds half to even', () => {
    expect(formatFixed(parseLongDouble('0.5')!, 0)).toBe('0');
    expect(formatFixed(parseLongDouble('1.5')!, 0)).toBe('2');
    expect(formatFixed(parseLongDouble('2.5')!, 0)).toBe('2');
    expect(formatFixed(parseLongDouble('0.125')!, 2)).toBe('0.12');
    expect(formatFixed(parseLongDouble('0.375')!, 2)).toBe('0.38');
    expect(formatFixed(parseLongDouble('-0.375')!, 2)).toBe('-0.38');
    expect(formatFixed(parseLongDouble('inf')!, 2)).toBe('inf');
  });
});

describe('addLongDouble', () => {
  it('adds in extended precision', () => {
    expect(incrByFloat('10.5', '0.1')).toBe('10.6');
    expect(incrByFloat('0.1', '0.2')).toBe('0.3');
    expect(incrByFloat('5.0e3', '2.0e2')).toBe('5200');
    expect(incrByFloat('3', '-3')).toBe('0');
    expect(incrByFloat('inf', '1')).toEqual({ '-': 'ERR increment would produce NaN or Infinity' });
    expect(incrByFloat('inf', '-inf')).toEqual({ '-': 'ERR increment would produce NaN or Infinity' });
    expect(incrByFloat('1.18973149535723176502e4932', '1e4931')).toEqual({ '-': 'ERR increment would produce NaN or Infinity' });
    expect(incrByFloat('abc', '1')).toEqual({ '-': 'ERR value is not a valid float' });
  });

  it('keeps the sign of zero sums as IEEE does', () => {
    const negZero = parseLongDouble('-0')!;
    expect(addLongDouble(negZero, negZero).negative).toBe(true);
    expect(addLongDouble(negZero, parseLongDouble('0')!).negative).toBe(false);
    expect(addLongDouble(parseLongDouble('1')!, parseLongDouble('-1')!).negative).toBe(false);
  });
});

/** A small deterministic PRNG, so a failure names a reproducible case. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomNumberText(r: () => number): string {
  const sign = r() < 0.3 ? '-' : '';
  const pick = r();
  const int = (n: number) => Math.floor(r() * n);
  if (pick < 0.15) return sign + (r() * 1000).toFixed(int(20));
  if (pick < 0.3) return sign + r().toExponential(int(25)).replace('e', r() < 0.5 ? 'e' : 'E');
  if (pick < 0.4) return `${sign}${int(10)}e${int(9900) - 4950}`;
  if (pick < 0.5) return sign + String(int(2 ** 53) * 2 ** int(30));
  if (pick < 0.6) return `${sign}0x${int(2 ** 40).toString(16)}.${int(2 ** 30).toString(16)}p${int(200) - 100}`;
  if (pick < 0.7) return `${sign}${(r() * 10).toFixed(int(40))}e${int(80) - 40}`;
  if (pick < 0.8) return sign + String(r() * 10 ** (int(40) - 20));
  if (pick < 0.9) return `${sign}${int(1000)}.${String(int(1000)).padStart(3, '0')}`;
  const odd = ['', ' 1', '1 ', 'abc', '1e', '.', '+.5', '-.5e3', 'inf', '-inf', 'nan', '0x', '1e400', '1e-400', '1e4932', '1e-4951', '1e-4952', '-0', '5.0e3', '0x1p-16445', '0x1.fffffffffffffffffp0'];
  return odd[int(odd.length)]!;
}

describe('against the oracle', () => {
  it('agrees with Redis INCRBYFLOAT on random pairs', async () => {
    const conn = await oracleConnection();
    if (!conn) return;
    const r = prng(20240607);
    const pairs: [string, string][] = Array.from({ length: 3000 }, () => [randomNumberText(r), randomNumberText(r)]);
    const script = pairs.flatMap(([a, b]) => [
      ['SET', 'k', a],
      ['INCRBYFLOAT', 'k', b],
    ]);
    const replies = await conn.sendAll([['FLUSHALL'], ...script]);
    for (let i = 0; i < pairs.length; i++) {
      const [a, b] = pairs[i]!;
      expect([a, b, incrByFloat(a, b)]).toEqual([a, b, toJson(replies[2 + 2 * i]!)]);
    }
  });
});
