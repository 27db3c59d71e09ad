/**
 * Unit tests of the Lua 5.1 string library and the shared number conversions, with expectations
 * taken from Redis 7.0's Lua (the differential test in test/fidelity/lua-string.test.ts checks the
 * same functions against a live oracle).
 */
import { describe, expect, it } from 'vitest';
import { LuaArgError, LuaLibraryError } from '../../src/scripting/lauxlib.js';
import { stringLibrary, tonumber } from '../../src/scripting/lib/string.js';
import {
  formatFloat,
  numberToString,
  signBit,
  stringToNumber,
  toInt32,
  toInt64,
  tonumberBase,
  toUint64,
} from '../../src/scripting/number-format.js';
import { LuaError, type LuaFunction, LuaTable, type LuaValue } from '../../src/scripting/values.js';

const lib = stringLibrary();
const fn = (name: string): LuaFunction => lib.get(name) as LuaFunction;
const call = (name: string, ...args: LuaValue[]): LuaValue[] => fn(name)(args);
const one = (name: string, ...args: LuaValue[]): LuaValue => call(name, ...args)[0];
const errorOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof LuaError) return e.message;
    throw e;
  }
  throw new Error('no error');
};

const negNaN = (() => {
  const f = new Float64Array([NaN]);
  const u = new Uint32Array(f.buffer);
  u[1] = u[1]! | 0x80000000;
  return f[0]!;
})();

describe('numberToString (%.14g)', () => {
  it.each([
    [0, '0'],
    [-0, '-0'],
    [1, '1'],
    [-1.5, '-1.5'],
    [0.1, '0.1'],
    [1 / 3, '0.33333333333333'],
    [1e14, '1e+14'],
    [99999999999999, '99999999999999'],
    [123456789012345, '1.2345678901234e+14'],
    [100000000000005, '1e+14'], // an exact tie rounds to even
    [1234567890123.25, '1234567890123.2'],
    [1e-5, '1e-05'],
    [1e-4, '0.0001'],
    [2 ** 63, '9.2233720368548e+18'],
    [5e-324, '4.9406564584125e-324'],
    [1e308, '1e+308'],
    [Infinity, 'inf'],
    [-Infinity, '-inf'],
    // Every NaN prints as x86 arithmetic makes it (sign set): V8 does not keep NaN signs (signBit).
    [NaN, '-nan'],
    [negNaN, '-nan'],
  ])('%s -> %s', (n, s) => {
    expect(numberToString(n)).toBe(s);
  });
});

describe('stringToNumber (luaO_str2d) and tonumber', () => {
  it.each([
    ['10', 10],
    [' 10 ', 10],
    ['0x10', 16],
    ['-0x10', -16],
    ['0x1p4', 16],
    ['0x1.8', 1.5],
    ['.5', 0.5],
    ['5.', 5],
    ['1e5', 1e5],
    ['infinity', Infinity],
    ['-inf', -Infinity],
    ['10\0zz', 10], // C sees the string up to its \0
    ['1e400', Infinity],
  ])('%j -> %s', (s, n) => {
    expect(stringToNumber(s)).toBe(n);
  });

  it.each(['', '  ', '.', '1e', '0x', '10x', '1 2', 'abc', '1_0'])('%j is not a number', (s) => {
    expect(stringToNumber(s)).toBeUndefined();
  });

  it('reads nan (printed as -nan, see signBit)', () => {
    expect(numberToString(stringToNumber('nan')!)).toBe('-nan');
    expect(numberToString(stringToNumber('-nan')!)).toBe('-nan');
    expect(numberToString(stringToNumber('nan(12)')!)).toBe('-nan');
    expect(signBit(stringToNumber('-0')!)).toBe(true);
  });

  it('converts with a base as strtoul', () => {
    expect(tonumberBase('ff', 16)).toBe(255);
    expect(tonumberBase('0xff', 16)).toBe(255);
    expect(tonumberBase('zz', 36)).toBe(1295);
    expect(tonumberBase(' 11 ', 2)).toBe(3);
    expect(tonumberBase('-1', 16)).toBe(2 ** 64);
    expect(tonumberBase('ffffffffffffffffff', 16)).toBe(2 ** 64);
    expect(tonumberBase('8', 8)).toBeUndefined();
    expect(tonumberBase('', 16)).toBeUndefined();
  });

  it('is the base library function with its argument checks', () => {
    expect(tonumber(['0x10'])).toEqual([16]);
    expect(tonumber(['0x10', 10])).toEqual([16]);
    expect(tonumber([10, 16])).toEqual([16]);
    expect(tonumber([true])).toEqual([undefined]);
    expect(errorOf(() => tonumber([]))).toBe("bad argument #1 to 'tonumber' (value expected)");
    expect(errorOf(() => tonumber(['10', 1]))).toBe("bad argument #2 to 'tonumber' (base out of range)");
    expect(errorOf(() => tonumber([undefined, 16]))).toBe("bad argument #1 to 'tonumber' (string expected, got nil)");
  });
});

describe('C conversions of doubles (x86-64)', () => {
  it('casts to long and unsigned long as cvttsd2si does', () => {
    expect(toInt64(3.9)).toBe(3n);
    expect(toInt64(-3.9)).toBe(-3n);
    expect(toInt64(1e100)).toBe(-(2n ** 63n));
    expect(toInt64(NaN)).toBe(-(2n ** 63n));
    expect(toUint64(-1)).toBe(2n ** 64n - 1n);
    expect(toUint64(1e100)).toBe(0n);
    expect(toUint64(-1e100)).toBe(2n ** 63n);
    expect(toUint64(2 ** 63 + 4096)).toBe(2n ** 63n + 4096n);
    expect(toInt32(2 ** 32 + 1)).toBe(1);
    expect(toInt32(2 ** 31 + 1)).toBe(-(2 ** 31) + 1);
  });
});

describe('formatFloat', () => {
  it('rounds exact ties to even, as glibc', () => {
    expect(formatFloat(0.5, { conv: 'f', precision: 0 })).toBe('0');
    expect(formatFloat(2.5, { conv: 'f', precision: 0 })).toBe('2');
    expect(formatFloat(0.25, { conv: 'f', precision: 1 })).toBe('0.2');
    expect(formatFloat(2.5, { conv: 'e', precision: 0 })).toBe('2e+00');
    expect(formatFloat(0.35, { conv: 'f', precision: 1 })).toBe('0.3'); // 0.35 is below .35 in binary
  });

  it('prints inf and nan without zero padding', () => {
    expect(formatFloat(-Infinity, { conv: 'f', width: 8, zero: true })).toBe('    -inf');
    expect(formatFloat(NaN, { conv: 'G', plus: true })).toBe('-NAN');
  });
});

describe('string library', () => {
  it('has 5.1s functions, named for error messages', () => {
    const keys: string[] = [];
    for (const k of ['byte', 'char', 'dump', 'find', 'format', 'gfind', 'gmatch', 'gsub', 'len', 'lower', 'match', 'rep', 'reverse', 'sub', 'upper']) {
      expect(typeof lib.get(k)).toBe('function');
      keys.push(k);
    }
    expect(fn('rep').luaName).toBe('rep');
    expect(lib.get('gfind')).toBe(lib.get('gmatch'));
  });

  it('len, sub, upper, lower, rep, reverse', () => {
    expect(one('len', 'a\0b')).toBe(3);
    expect(one('len', 12.5)).toBe(4);
    expect(one('sub', 'hello', 2, -2)).toBe('ell');
    expect(one('sub', 'hello', -100, 100)).toBe('hello');
    expect(one('sub', 'hello', 4, 2)).toBe('');
    expect(one('upper', 'abc\xe9\xff')).toBe('ABC\xe9\xff');
    expect(one('lower', 'ABC\xc9')).toBe('abc\xc9');
    expect(one('rep', 'ab', 3)).toBe('ababab');
    expect(one('rep', 'ab', 2 ** 32 + 1)).toBe('ab'); // luaL_checkint keeps the low 32 bits
    expect(one('rep', 'ab', -1)).toBe('');
    expect(one('reverse', 'ab\0c')).toBe('c\0ba');
  });

  it('checks arguments with lauxlib words', () => {
    expect(errorOf(() => call('rep', 'x'))).toBe("bad argument #2 to 'rep' (number expected, got no value)");
    expect(errorOf(() => call('rep'))).toBe("bad argument #1 to 'rep' (string expected, got no value)");
    expect(errorOf(() => call('len', undefined))).toBe("bad argument #1 to 'len' (string expected, got nil)");
    expect(errorOf(() => call('sub', 'x', 'y'))).toBe("bad argument #2 to 'sub' (number expected, got string)");
    expect(errorOf(() => call('char', 256))).toBe("bad argument #1 to 'char' (invalid value)");
    try {
      call('rep', 'x', new LuaTable());
    } catch (e) {
      expect(e).toBeInstanceOf(LuaArgError);
      expect(e).toBeInstanceOf(LuaLibraryError);
      expect((e as LuaArgError).narg).toBe(2);
      expect((e as LuaArgError).fname).toBe('rep');
      expect((e as LuaArgError).extramsg).toBe('number expected, got table');
    }
  });

  it('byte and char', () => {
    expect(call('byte', 'a\0\xff', 1, -1)).toEqual([97, 0, 255]);
    expect(call('byte', 'abc')).toEqual([97]);
    expect(call('byte', 'abc', 10)).toEqual([]);
    expect(one('char', 72, 105, 0, 255)).toBe('Hi\0\xff');
    expect(call('byte', 'x'.repeat(7997), 1, -1)).toHaveLength(7997);
    expect(errorOf(() => call('byte', 'x'.repeat(7998), 1, -1))).toBe('stack overflow (string slice too long)');
  });

  it('format: every conversion', () => {
    const f = (...a: LuaValue[]): LuaValue => one('format', ...a);
    expect(f('%d|%5d|%-5d|%05d|%+d|% d', 42, 42, 42, 42, 42, 42)).toBe('42|   42|42   |00042|+42| 42');
    expect(f('%d|%d|%d', 3.99, -3.99, 1e100)).toBe('3|-3|-9223372036854775808');
    expect(f('%i|%.3d|%.0d', 7, 7, 0)).toBe('7|007|');
    expect(f('%u|%x|%X|%#x|%o|%#o', -1, 255, 255, 255, 8, 8)).toBe('18446744073709551615|ff|FF|0xff|10|010');
    expect(f('%c%c', 72, 105)).toBe('Hi');
    expect(f('[%c]', 0)).toBe('[]'); // sprintf's output is added up to its \0
    expect(f('%e|%E|%.0e', 12345.678, 0.000123, 2.5)).toBe('1.234568e+04|1.230000E-04|2e+00');
    expect(f('%f|%.2f|%10.3f|%-10.1f|', 1 / 3, 2.675, Math.PI, -1.25)).toBe('0.333333|2.67|     3.142|-1.2      |');
    expect(f('%g|%g|%g|%G|%#g', 100000, 1e6, 1e-5, 1e-10, 1)).toBe('100000|1e+06|1e-05|1E-10|1.00000');
    expect(f('%q', 'a\r\0"\\\n')).toBe('"a\\r\\000\\"\\\\\\\n"');
    expect(f('%s|%5s|%-5s|%.1s', 'ab', 'ab', 'ab', 'xyz')).toBe('ab|   ab|ab   |x');
    expect(f('%s', 'a\0b')).toBe('a');
    expect(f('%s', 'a\0'.repeat(50))).toBe('a\0'.repeat(50)); // 100 bytes or more: added whole
    expect(f('%s|%s', 1e15, -0)).toBe('1e+15|-0');
    expect(f('%%|%5.1f', Infinity)).toBe('%|  inf');
  });

  it('format: 5.1s errors', () => {
    const e = (...a: LuaValue[]): string => errorOf(() => call('format', ...a));
    expect(e('%y', 1)).toBe("invalid option '%y' to 'format'");
    expect(e('%', 1)).toBe("invalid option '%' to 'format'");
    expect(e('%y')).toBe("bad argument #2 to 'format' (no value)");
    expect(e('%d', undefined)).toBe("bad argument #2 to 'format' (number expected, got nil)");
    expect(e('%------d', 1)).toBe('invalid format (repeated flags)');
    expect(e('%123d', 1)).toBe('invalid format (width or precision too long)');
    expect(e('%.123f', 1)).toBe('invalid format (width or precision too long)');
    expect(e('%s', new LuaTable())).toBe("bad argument #2 to 'format' (string expected, got table)");
  });

  it('find: plain and pattern, with init', () => {
    expect(call('find', 'hello world', 'o w')).toEqual([5, 7]);
    expect(call('find', 'hello', 'l', -2)).toEqual([4, 4]);
    expect(call('find', 'hello', '', 10)).toEqual([6, 5]);
    expect(call('find', 'a.b', '.', 1, true)).toEqual([2, 2]);
    expect(call('find', 'a\0%d', 'a\0%d')).toEqual([1, 4]); // no specials before the \0: a plain search
    expect(call('find', 'hello', '()ll()')).toEqual([3, 4, 3, 5]);
    expect(call('find', 'hello', 'xyz')).toEqual([undefined]);
  });

  it('match: classes, sets, anchors, quantifiers, captures', () => {
    expect(call('match', '  trim  ', '^%s*(.-)%s*$')).toEqual(['trim']);
    expect(call('match', '2024-01-05', '(%d+)-(%d+)-(%d+)')).toEqual(['2024', '01', '05']);
    expect(call('match', 'key = val', '(%w+)%s*=%s*(%w+)')).toEqual(['key', 'val']);
    expect(call('match', 'f(a(b)c)d', '%b()')).toEqual(['(a(b)c)']);
    expect(call('match', 'THE (quick) fox', '%f[%a]%a+', 5)).toEqual(['quick']);
    expect(call('match', 'abcabc', '(abc)%1')).toEqual(['abc']);
    expect(call('match', 'x]', '[]]')).toEqual([']']);
    expect(call('match', 'a\0b', '%z')).toEqual(['\0']);
    expect(call('match', '\xff\x80', '[\x80-\xff]+')).toEqual(['\xff\x80']);
    expect(call('match', 'hello', '^e')).toEqual([undefined]);
    expect(call('match', 'aaab', 'a-b')).toEqual(['aaab']);
    expect(call('match', 'abc', '()b()')).toEqual([2, 3]);
  });

  it('pattern errors', () => {
    const e = (p: string): string => errorOf(() => call('match', 'hello', p));
    expect(e('%')).toBe("malformed pattern (ends with '%')");
    expect(e('[a')).toBe("malformed pattern (missing ']')");
    expect(e('(h')).toBe('unfinished capture');
    expect(e('h)')).toBe('invalid pattern capture');
    expect(e('%1')).toBe('invalid capture index');
    expect(e('%b')).toBe('unbalanced pattern');
    expect(e('%fx')).toBe("missing '[' after '%f' in pattern");
    expect(e('('.repeat(33) + 'h' + ')'.repeat(33))).toBe('too many captures');
    expect(errorOf(() => call('match', 'a'.repeat(100000), 'a?'.repeat(100000)))).toBe('pattern too complex');
  });

  it('gmatch returns an iterator', () => {
    const it = one('gmatch', 'k1=v1, k2=v2', '(%w+)=(%w+)') as LuaFunction;
    expect(it([])).toEqual(['k1', 'v1']);
    expect(it([])).toEqual(['k2', 'v2']);
    expect(it([])).toEqual([]);
    const empty = one('gmatch', 'ab', '') as LuaFunction;
    expect([empty([]), empty([]), empty([]), empty([])]).toEqual([[''], [''], [''], []]);
    const caret = one('gmatch', '^a^a', '^a') as LuaFunction; // '^' is literal in gmatch
    expect([caret([]), caret([]), caret([])]).toEqual([['^a'], ['^a'], []]);
  });

  it('gsub: string, table and function replacements, limit and count', () => {
    expect(call('gsub', 'hello world', 'o', '0')).toEqual(['hell0 w0rld', 2]);
    expect(call('gsub', 'hello world', 'o', '0', 1)).toEqual(['hell0 world', 1]);
    expect(call('gsub', 'hello world', '(%w+)', '<%1>')).toEqual(['<hello> <world>', 2]);
    expect(call('gsub', 'hello', '', '-')).toEqual(['-h-e-l-l-o-', 6]);
    expect(call('gsub', 'hello', 'l', 'x%')).toEqual(['hex\0x\0o', 2]); // a final '%' adds the terminator
    expect(call('gsub', 'hello', '()l', '%1')).toEqual(['he34o', 2]);
    expect(call('gsub', 'abc', '^', 'X')).toEqual(['Xabc', 1]);
    expect(call('gsub', 'abc', 'b', 12.5)).toEqual(['a12.5c', 1]);
    const t = new LuaTable();
    t.set('a', 'X');
    t.set('b', false);
    expect(call('gsub', 'a b c', '%w', t)).toEqual(['X b c', 3]);
    const upperFirst: LuaFunction = (a) => [(a[0] as string).toUpperCase() + (a[1] as string)];
    expect(call('gsub', 'ab cd', '(%w)(%w)', upperFirst)).toEqual(['Ab Cd', 2]);
    const mt = new LuaTable();
    mt.set('__index', ((a: LuaValue[]) => ['<' + String(a[1]) + '>']) as LuaFunction);
    const viaIndex = new LuaTable();
    viaIndex.metatable = mt;
    expect(call('gsub', 'ab', '%w', viaIndex)).toEqual(['<a><b>', 2]);
  });

  it('gsub errors', () => {
    expect(errorOf(() => call('gsub', 'abc', 'b'))).toBe("bad argument #3 to 'gsub' (string/function/table expected)");
    expect(errorOf(() => call('gsub', 'abc', 'b', true))).toBe("bad argument #3 to 'gsub' (string/function/table expected)");
    expect(errorOf(() => call('gsub', 'abc', 'b', undefined, 'x'))).toBe("bad argument #4 to 'gsub' (number expected, got string)");
    expect(errorOf(() => call('gsub', 'abc', 'b', (() => [new LuaTable()]) as LuaFunction))).toBe('invalid replacement value (a table)');
    expect(errorOf(() => call('gsub', 'abc', 'b', '%2'))).toBe('invalid capture index');
  });

  it('dump cannot produce bytecode', () => {
    expect(errorOf(() => call('dump', 'x'))).toBe("bad argument #1 to 'dump' (function expected, got string)");
    expect(errorOf(() => call('dump', fn('len')))).toBe('unable to dump given function');
  });
});
