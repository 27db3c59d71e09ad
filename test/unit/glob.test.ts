import { describe, expect, it } from 'vitest';
import { globMatch, globMatcher } from '../../src/glob.js';
import { hasOracle } from '../support/oracle.js';
import { oracleConnection } from '../support/differential.js';

/** Both entry points must agree on every case (globMatcher takes shortcuts for literal shapes). */
function matches(pattern: string, subject: string, nocase = false): boolean {
  const general = globMatch(pattern, subject, nocase);
  expect(globMatcher(pattern, nocase)(subject), `globMatcher(${JSON.stringify(pattern)})`).toBe(general);
  return general;
}

describe('globMatch: the stringmatchlen basics', () => {
  it.each([
    ['*', 'anything', true],
    ['*', '', false], // stringmatchlen's loop never runs on an empty subject
    ['**', '', false],
    ['', '', true],
    ['', 'a', false],
    ['foo*', 'foo', true],
    ['foo*', 'foobar', true],
    ['foo*', 'fo', false],
    ['*bar', 'foobar', true],
    ['*bar', 'barx', false],
    ['f*o*r', 'foobar', true],
    ['h?llo', 'hello', true],
    ['h?llo', 'hllo', false],
    ['h??llo', 'hello', false],
    ['h[ae]llo', 'hallo', true],
    ['h[ae]llo', 'hillo', false],
    ['h[^e]llo', 'hallo', true],
    ['h[^e]llo', 'hello', false],
    ['h[a-b]llo', 'hbllo', true],
    ['h[a-b]llo', 'hcllo', false],
    ['h\\*llo', 'h*llo', true],
    ['h\\*llo', 'hello', false],
    ['exact', 'exact', true],
    ['exact', 'exactly', false],
  ])('%j vs %j -> %s', (pattern, subject, expected) => {
    expect(matches(pattern, subject)).toBe(expected);
  });
});

describe('globMatch: edge cases Redis users can observe', () => {
  it('an unterminated class runs to the end of the pattern', () => {
    expect(matches('[ab', 'a')).toBe(true);
    expect(matches('[ab', 'b')).toBe(true);
    expect(matches('[ab', 'ab')).toBe(false);
    expect(matches('[', '[')).toBe(false);
    expect(matches('[', '')).toBe(false);
    // `[^` with nothing after it negates an empty class: any one byte.
    expect(matches('[^', 'x')).toBe(true);
    expect(matches('[^', '')).toBe(false);
  });

  it('a trailing backslash matches a literal backslash', () => {
    expect(matches('a\\', 'a\\')).toBe(true);
    expect(matches('a\\', 'a')).toBe(false);
    expect(matches('\\', '\\')).toBe(true);
    expect(matches('[\\', '\\')).toBe(true);
  });

  it('escapes inside a class', () => {
    expect(matches('[\\]]', ']')).toBe(true);
    expect(matches('[\\-]', '-')).toBe(true);
    expect(matches('[\\-]', 'a')).toBe(false);
    // `]` right after `[` closes an empty class, which matches nothing.
    expect(matches('[]', ']')).toBe(false);
    expect(matches('[]]', ']')).toBe(false);
    expect(matches('[^]]', 'a')).toBe(false);
  });

  it('reversed ranges are swapped', () => {
    expect(matches('[z-a]', 'm')).toBe(true);
    expect(matches('[z-a]', 'A')).toBe(false);
  });

  it('a dash at either end of a class', () => {
    expect(matches('[-a]', '-')).toBe(true);
    expect(matches('[-a]', 'a')).toBe(true);
    // `[a-]` reads `a-]` as a range a..']', swapped to ']'..'a', and leaves the class open.
    expect(matches('[a-]', '^')).toBe(true);
    expect(matches('[a-]', 'a')).toBe(true);
    expect(matches('[a-]', '-')).toBe(false);
  });

  it('bytes compare as C signed chars in ranges', () => {
    // 0xff is -1 as a signed char, so [a-\xff] becomes -1..97: NUL and 'a' in, 0x80 (-128) out.
    expect(matches('[a-\xff]', '\x00')).toBe(true);
    expect(matches('[a-\xff]', 'a')).toBe(true);
    expect(matches('[a-\xff]', '\xff')).toBe(true);
    expect(matches('[a-\xff]', '\x80')).toBe(false);
    expect(matches('[a-\xff]', 'b')).toBe(false);
    expect(matches('[\x80-\xff]', '\x90')).toBe(true);
    expect(matches('[\x80-\xff]', 'a')).toBe(false);
  });

  it('is binary safe', () => {
    expect(matches('a\x00*', 'a\x00b')).toBe(true);
    expect(matches('a*', 'b\x00a')).toBe(false);
    expect(matches('?', '\xff')).toBe(true);
    expect(matches('\xe9t\xe9', '\xe9t\xe9')).toBe(true);
    expect(matches('*\x00', 'abc\x00')).toBe(true);
  });

  it('nocase folds ASCII letters only', () => {
    expect(matches('FOO*', 'foobar', true)).toBe(true);
    expect(matches('foo', 'FOO', true)).toBe(true);
    expect(matches('foo', 'FOO', false)).toBe(false);
    expect(matches('[A-C]x', 'bX', true)).toBe(true);
    expect(matches('[^A]', 'a', true)).toBe(false);
    expect(matches('\xc9', '\xe9', true)).toBe(false);
    expect(matches('h?LLO', 'Hello', true)).toBe(true);
  });

  it('stops after 1000 nested stars, as Redis does', () => {
    const subject = 'a'.repeat(1010);
    expect(matches('a*'.repeat(1000), subject)).toBe(true);
    expect(matches('a*'.repeat(1002), subject)).toBe(false);
    // Runs of stars collapse and do not nest.
    expect(matches('*'.repeat(5000) + 'x', 'x'.repeat(10))).toBe(true);
  });

  it('does not blow up on backtracking patterns (keyspace.tcl regressions)', () => {
    const started = performance.now();
    expect(matches('a*'.repeat(36) + 'b', 'a'.repeat(65))).toBe(false);
    expect(matches('*?'.repeat(50000), 'a'.repeat(50000))).toBe(false);
    expect(matches('a*'.repeat(30) + 'b', 'a'.repeat(5000))).toBe(false);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

/** A small deterministic generator, so a failure names its seed and reproduces. */
function lcg(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state % n;
  };
}

describe.skipIf(!hasOracle())('globMatch against the oracle', () => {
  it('agrees with KEYS on random patterns over a tricky alphabet', async () => {
    const conn = (await oracleConnection())!;
    const rnd = lcg(20240611);
    const alphabet = ['a', 'b', 'A', '*', '?', '[', ']', '^', '-', '\\', '\x00', '\xff', '\x80', 'z'];
    const word = (max: number) => {
      let s = '';
      for (let n = rnd(max + 1); n > 0; n--) s += alphabet[rnd(alphabet.length)];
      return s;
    };
    for (let round = 0; round < 40; round++) {
      const keys = new Set<string>();
      for (let i = 0; i < 30; i++) keys.add(word(5));
      await conn.send(['FLUSHALL']);
      await conn.sendAll([...keys].map((k) => ['SET', k, '1']));
      const patterns = Array.from({ length: 25 }, () => word(7)).filter((p) => p !== '*');
      const replies = await conn.sendAll(patterns.map((p) => ['KEYS', p]));
      patterns.forEach((pattern, i) => {
        const expected = (replies[i] as string[]).slice().sort();
        const actual = [...keys].filter((k) => matches(pattern, k)).sort();
        expect(actual, `pattern ${JSON.stringify(pattern)}`).toEqual(expected);
      });
    }
    await conn.send(['FLUSHALL']);
  });

  it('agrees with CONFIG GET on random case-insensitive patterns', async () => {
    const conn = (await oracleConnection())!;
    const all = (await conn.send(['CONFIG', 'GET', '*'])) as string[];
    const names = all.filter((_, i) => i % 2 === 0);
    const rnd = lcg(7);
    const alphabet = ['a', 'E', 's', '-', '*', '?', '[', ']', '^', 'm', 'X', 'x', '\\', 'l'];
    const patterns: string[] = [];
    for (let i = 0; i < 200; i++) {
      let p = '';
      for (let n = 1 + rnd(8); n > 0; n--) p += alphabet[rnd(alphabet.length)];
      patterns.push(/[*?[]/.test(p) ? p : `${p}*`);
    }
    const replies = await conn.sendAll(patterns.map((p) => ['CONFIG', 'GET', p]));
    patterns.forEach((pattern, i) => {
      const expected = (replies[i] as string[]).filter((_, j) => j % 2 === 0).sort();
      const actual = names.filter((n) => matches(pattern, n, true)).sort();
      expect(actual, `pattern ${JSON.stringify(pattern)}`).toEqual(expected);
    });
  });
});
