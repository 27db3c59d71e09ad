/**
 * Unit tests of the Lua data libraries (src/scripting/lib), offline. Expected values were taken
 * from redis-server 7.0.15; test/fidelity/lua-data-libs.test.ts compares against a live oracle.
 */
import { describe, expect, it } from 'vitest';
import { createBitLib } from '../../src/scripting/lib/bit.js';
import { isRawLuaError } from '../../src/scripting/lauxlib.js';
import { formatG, stringToNumber as str2number, strtod } from '../../src/scripting/number-format.js';
import { CJSON_NULL, createCjsonLib, jsonDecode, jsonEncode } from '../../src/scripting/lib/cjson.js';
import { createCmsgpackLib, msgpackPack, msgpackUnpack } from '../../src/scripting/lib/cmsgpack.js';
import { createStructLib, structPack, structSize, structUnpack } from '../../src/scripting/lib/struct.js';
import { LuaError, type LuaFunction, LuaTable, type LuaValue } from '../../src/scripting/values.js';

const hex = (s: string) => Array.from(s, (c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('');
const unhex = (h: string) => (h.match(/../g) ?? []).map((b) => String.fromCharCode(parseInt(b, 16))).join('');

function table(pos: LuaValue[], keyed: [Exclude<LuaValue, undefined>, LuaValue][] = []): LuaTable {
  const t = new LuaTable();
  pos.forEach((v, i) => t.set(i + 1, v));
  for (const [k, v] of keyed) t.set(k, v);
  return t;
}

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof LuaError) return e.message;
    throw e;
  }
  throw new Error('no error');
}

describe('helpers', () => {
  it('formatG is C printf %g with ties to even', () => {
    expect(formatG(100000000000005, 14)).toBe('1e+14');
    expect(formatG(0.1, 14)).toBe('0.1');
    expect(formatG(1 / 3, 14)).toBe('0.33333333333333');
    expect(formatG(123456789012345678, 14)).toBe('1.2345678901235e+17');
    expect(formatG(-0, 14)).toBe('-0');
    expect(formatG(1e-5, 14)).toBe('1e-05');
    expect(formatG(0.0001, 14)).toBe('0.0001');
    expect(formatG(2.5, 1)).toBe('2');
    expect(formatG(0.125, 2)).toBe('0.12');
    expect(formatG(Infinity, 14)).toBe('inf');
    expect(formatG(0.1, 17)).toBe('0.10000000000000001');
  });

  it('strtod and luaO_str2d', () => {
    expect(strtod('0x1p3', 0)).toEqual({ value: 8, end: 5 });
    expect(strtod('1e', 0)).toEqual({ value: 1, end: 1 });
    expect(strtod('-Infinityx', 0)).toEqual({ value: -Infinity, end: 9 });
    expect(strtod('0x', 0)).toEqual({ value: 0, end: 1 });
    expect(strtod('- 1', 0).end).toBe(0);
    expect(str2number(' 12 ')).toBe(12);
    expect(str2number('0x10')).toBe(16);
    expect(str2number('3\0abc')).toBe(3);
    expect(str2number('')).toBeUndefined();
    expect(str2number('1e')).toBeUndefined();
  });
});

describe('bit', () => {
  const bit = createBitLib();
  const call = (name: string, ...args: LuaValue[]) => (bit.get(name) as LuaFunction)(args);
  it('normalises doubles as LuaBitOp does', () => {
    expect([2 ** 32 + 5, 2 ** 31, -1, 1.5, 2.5, -1.5, 2 ** 53, NaN, Infinity, '12', '0x10'].map((n) => call('tobit', n)[0])).toEqual([
      5, -2147483648, -1, 2, 2, -2, 0, 0, 0, 12, 16,
    ]);
  });
  it('operations', () => {
    expect(call('lshift', 1, 31)).toEqual([-2147483648]);
    expect(call('lshift', 1, 32)).toEqual([1]);
    expect(call('rshift', -1, 1)).toEqual([2147483647]);
    expect(call('arshift', -8, 1)).toEqual([-4]);
    expect(call('rol', 0x80000001, 1)).toEqual([3]);
    expect(call('ror', 1, 1)).toEqual([-2147483648]);
    expect(call('bswap', 0x12345678)).toEqual([2018915346]);
    expect(call('bxor', 5, 3, 1)).toEqual([7]);
    expect(call('tohex', 255)).toEqual(['000000ff']);
    expect(call('tohex', 255, -4)).toEqual(['00FF']);
    expect(call('tohex', 255, -(2 ** 31))).toEqual(['000000FF']);
    expect(call('tohex', 255, 0)).toEqual(['']);
  });
  it('argument errors', () => {
    expect(errorOf(() => call('band'))).toBe("bad argument #1 to 'band' (number expected, got no value)");
    expect(errorOf(() => call('band', 1, undefined))).toBe("bad argument #2 to 'band' (number expected, got nil)");
    expect(errorOf(() => call('tobit', ''))).toBe("bad argument #1 to 'tobit' (number expected, got string)");
  });
});

describe('cjson', () => {
  it('encodes as Redis does', () => {
    expect(jsonEncode(table([1, 2, undefined, 4]))).toBe('[1,2,null,4]');
    expect(jsonEncode(new LuaTable())).toBe('{}');
    expect(jsonEncode('a/b"c\\d\x01\x7f\xff')).toBe('"a\\/b\\"c\\\\d\\u0001\\u007f\xff"');
    expect(jsonEncode(table([], [[1.5, 1]]))).toBe('{"1.5":1}');
    expect(jsonEncode(table([], [[11, 1], [1, 1], [2, 1], [3, 1], [4, 1], [5, 1]]))).toBe('[1,1,1,1,1,null,null,null,null,null,1]');
    expect(jsonEncode(CJSON_NULL)).toBe('null');
    expect(jsonEncode(table([CJSON_NULL]))).toBe('[null]');
  });
  it('encode errors', () => {
    expect(errorOf(() => jsonEncode(table([], [[20, 1]])))).toBe('Cannot serialise table: excessively sparse array');
    expect(errorOf(() => jsonEncode((() => []) as LuaFunction))).toBe('Cannot serialise function: type not supported');
    expect(errorOf(() => jsonEncode(table([], [[true, 1]])))).toBe('Cannot serialise boolean: table key must be a number or string');
    expect(errorOf(() => jsonEncode(NaN))).toBe('Cannot serialise number: must not be NaN or Inf');
    let t: LuaTable = new LuaTable();
    for (let i = 0; i < 1000; i++) t = table([t]);
    expect(errorOf(() => jsonEncode(t))).toBe('Cannot serialise, excessive nesting (1001)');
  });
  it('decodes as Redis does', () => {
    const v = jsonDecode('{"a":[1,null,"\\u00e9\\ud83d\\ude00"]}') as LuaTable;
    const a = v.get('a') as LuaTable;
    expect([1, 2, 3, 4].map((i) => a.get(i))).toEqual([1, CJSON_NULL, '\xc3\xa9\xf0\x9f\x98\x80', undefined]);
    expect(jsonDecode('0x10')).toBe(16);
    expect(jsonDecode('+1')).toBe(1);
    expect(Number.isNaN(jsonDecode('nan'))).toBe(true);
  });
  it('decode errors', () => {
    expect(errorOf(() => jsonDecode(''))).toBe('Expected value but found T_END at character 1');
    expect(errorOf(() => jsonDecode('[1,2'))).toBe('Expected comma or array end but found T_END at character 5');
    expect(errorOf(() => jsonDecode('{"a":1,}'))).toBe('Expected object key string but found T_OBJ_END at character 8');
    expect(errorOf(() => jsonDecode('"\\ud800"'))).toBe('Expected value but found invalid unicode escape code at character 2');
    expect(errorOf(() => jsonDecode('nanx'))).toBe('Expected the end but found invalid token at character 4');
    expect(errorOf(() => jsonDecode('\x00a'))).toBe('JSON parser does not support UTF-16 or UTF-32');
    expect(errorOf(() => jsonDecode('['.repeat(1001)))).toBe('Found too many nested data structures (1001) at character 1001');
  });
  it('module functions and configuration', () => {
    const cjson = createCjsonLib();
    const f = (name: string) => cjson.get(name) as LuaFunction;
    expect(cjson.get('null')).toBe(CJSON_NULL);
    expect(f('encode_sparse_array')([])).toEqual([false, 2, 10]);
    expect(f('encode_invalid_numbers')(['null'])).toEqual(['null']);
    expect(f('encode')([table([Infinity])])).toEqual(['[null]']);
    expect(errorOf(() => f('encode')([]))).toBe("bad argument #1 to 'encode' (expected 1 argument)");
    expect(errorOf(() => f('decode')([new LuaTable()]))).toBe("bad argument #1 to 'decode' (string expected, got table)");
    expect(errorOf(() => f('encode_max_depth')([0]))).toBe(
      "bad argument #1 to 'encode_max_depth' (expected integer between 1 and 2147483647)",
    );
    // cjson.new() has its own configuration.
    const other = f('new')([])[0] as LuaTable;
    expect((other.get('encode_invalid_numbers') as LuaFunction)([])).toEqual([false]);
  });
});

describe('cmsgpack', () => {
  it('packs numbers in the smallest encoding, floats as float32 when exact', () => {
    expect(hex(msgpackPack([1, -1, 127, 128, 255, 256, 65535, 65536, 4294967295, 4294967296, -32, -33, -128, -129, -32768, -32769, -2147483648, -2147483649]))).toBe(
      '01ff7fcc80ccffcd0100cdffffce00010000ceffffffffcf0000000100000000e0d0dfd080d1ff7fd18000d2ffff7fffd280000000d3ffffffff7fffffff',
    );
    expect(hex(msgpackPack([0.5, 0.1, Infinity, -Infinity, NaN, 2 ** 63, -(2 ** 63), 2 ** 64, 1e20, -0]))).toBe(
      'ca3f000000cb3fb999999999999aca7f800000caff800000cbfff8000000000000ca5f000000d38000000000000000ca5f800000cb4415af1d78b58c4000',
    );
  });
  it('packs tables, strings and other values', () => {
    expect(hex(msgpackPack([table([1, 2, 3]), table([], [['a', 1]]), new LuaTable(), table([], [[2, 1]]), true, false, undefined, CJSON_NULL]))).toBe(
      '9301020381a161019081020 1c3c2c0c0'.replace(/ /g, ''),
    );
    expect(hex(msgpackPack(['x'.repeat(32)])).slice(0, 4)).toBe('d920');
    let t: LuaValue = new LuaTable();
    for (let i = 0; i < 20; i++) t = table([t]);
    expect(hex(msgpackPack([t]))).toBe(`${'91'.repeat(16)}c0`);
    expect(errorOf(() => msgpackPack([]))).toBe("bad argument #0 to 'pack' (MessagePack pack needs input.)");
  });
  it('unpacks', () => {
    expect(msgpackUnpack(unhex('cfffffffffffffffff'), 0, 0)).toEqual([-1]);
    expect(msgpackUnpack(unhex('d180 00'.replace(' ', '')), 0, 0)).toEqual([-32768]);
    const arr = msgpackUnpack(unhex('92c001'), 0, 0)[0] as LuaTable;
    expect([arr.get(1), arr.get(2), arr.length()]).toEqual([undefined, 1, 0]);
    expect(errorOf(() => msgpackUnpack(unhex('ca'), 0, 0))).toBe('Missing bytes in input.');
    expect(errorOf(() => msgpackUnpack(unhex('c1'), 0, 0))).toBe('Bad data format in input.');
    try {
      msgpackUnpack(unhex('81c001'), 0, 0);
    } catch (e) {
      expect(isRawLuaError(e)).toBe(true);
      expect((e as LuaError).message).toBe('table index is nil');
    }
    expect(errorOf(() => msgpackUnpack('\0'.repeat(8000), 0, 0))).toBe(
      'stack overflow (too many return values at once; use unpack_one or unpack_limit instead.)',
    );
    expect(msgpackUnpack('\x91'.repeat(3999) + '\x00', 0, 0)).toHaveLength(1);
  });
  it('unpack_one and unpack_limit', () => {
    const lib = createCmsgpackLib();
    const f = (name: string) => lib.get(name) as LuaFunction;
    const s = msgpackPack([1, 2, 3]);
    expect(f('unpack_one')([s])).toEqual([1, 1]);
    expect(f('unpack_one')([s, 2])).toEqual([-1, 3]);
    expect(f('unpack_limit')([s, 2])).toEqual([2, 1, 2]);
    expect(f('unpack_limit')([s, 0, 1])).toEqual([1]);
    expect(errorOf(() => f('unpack_one')(['abc', 5]))).toBe('Start offset 5 greater than input length 3.');
    expect(errorOf(() => f('unpack_one')(['abc', -1]))).toBe('Invalid request to unpack with offset of -1 and limit of 3.');
    expect(errorOf(() => f('unpack_limit')(['abc']))).toBe("bad argument #2 to 'unpack_limit' (number expected, got no value)");
  });
});

describe('struct', () => {
  it('packs', () => {
    expect(hex(structPack(['>i', 1]))).toBe('00000001');
    expect(hex(structPack(['bBhHlLTiI', -1, 255, -1, 65535, -1, 1, 2, 3, 4]))).toBe(
      'ffffffffffffffffffffffffffff010000000000000002000000000000000300000004000000',
    );
    expect(hex(structPack(['!i3 b i3 !2 b h', 1, 2, 3, 4, 5]))).toBe('000001000002030000040500');
    expect(hex(structPack(['>i16', -5]))).toBe('0000000000000000fffffffffffffffb');
    expect(hex(structPack(['L', NaN]))).toBe('0000000000000080');
    expect(hex(structPack(['f', NaN]))).toBe('0000c0ff');
    expect(hex(structPack(['c0', 'abcdef']))).toBe('616263646566');
    expect(hex(structPack(['s', 'ab']))).toBe('616200');
  });
  it('pack errors', () => {
    expect(errorOf(() => structPack(['i33', 1]))).toBe('integral size 33 is larger than limit of 32');
    expect(errorOf(() => structPack(['!3']))).toBe('alignment 3 is not a power of 2');
    expect(errorOf(() => structPack(['q', 1]))).toBe("bad argument #1 to 'pack' (invalid format option 'q')");
    expect(errorOf(() => structPack(['c5', 'ab']))).toBe("bad argument #3 to 'pack' (string too short)");
    expect(errorOf(() => structPack(['i']))).toBe("bad argument #2 to 'pack' (number expected, got nil)");
    expect(errorOf(() => structPack(['i99999999999', 1]))).toBe('integral size overflow');
  });
  it('unpacks', () => {
    expect(structUnpack(['>i', '\0\0\0\x01'])).toEqual([1, 5]);
    expect(structUnpack(['b c0', '\x03abcd'])).toEqual(['abc', 5]);
    expect(structUnpack(['s s', 'ab\0c\0'])).toEqual(['ab', 'c', 6]);
    expect(structUnpack(['<i9 <i12 >I3 >i3', '\x80'.repeat(27)])).toEqual([-128, -2139062144, 8421504, -8355712, 28]);
    expect(structUnpack(['', 'a', 10])).toEqual([10]);
    expect(errorOf(() => structUnpack(['>i', '\0\0\0']))).toBe("bad argument #2 to 'unpack' (data string too short)");
    expect(errorOf(() => structUnpack(['>I', '\0\0\0\x01', 0]))).toBe("bad argument #3 to 'unpack' (offset must be 1 or greater)");
    expect(errorOf(() => structUnpack(['c0', 'abcd']))).toBe("format 'c0' needs a previous size");
    expect(errorOf(() => structUnpack(['s', 'ab']))).toBe('unfinished string in data');
  });
  it('size', () => {
    expect(['bhi', '!bhi', '!bd', 'c10x', '>i7', 'q'].map((f) => structSize([f]))).toEqual([7, 8, 16, 11, 7, 0]);
    expect(errorOf(() => structSize(['s']))).toBe("bad argument #1 to 'size' (option 's' has no fixed size)");
    expect((createStructLib().get('size') as LuaFunction)(['i'])).toEqual([4]);
  });
});
