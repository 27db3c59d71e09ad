/**
 * Differential test of the Lua data libraries (src/scripting/lib: bit, cjson, cmsgpack, struct)
 * against the oracle: each case runs `EVAL "<lua>" 0 [ARGV]` on redis-server 7.0 and calls our
 * functions directly on the same values, and both results are rendered as one string.
 *
 * Results are serialised inside Lua (numbers with %.17g, strings in hex, tables with their entries
 * sorted, cjson.null as NULL), because Redis would truncate numbers and stop arrays at nil. Errors
 * are compared by message: the oracle's carries luaL_where's "user_script:1: " (our functions throw
 * bare messages, the runtime will add the position), except raw runtime errors (RawLuaError).
 *
 * Table order: we iterate array part then hash insertion order, Lua 5.1 its internal hash order,
 * so map encodings are compared byte for byte only when order is forced (one key, or arrays);
 * otherwise after decoding.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorReply, type Reply } from '../../src/reply.js';
import { createBitLib } from '../../src/scripting/lib/bit.js';
import { isRawLuaError } from '../../src/scripting/lauxlib.js';
import { formatG } from '../../src/scripting/number-format.js';
import { CJSON_NULL, createCjsonLib } from '../../src/scripting/lib/cjson.js';
import { createCmsgpackLib } from '../../src/scripting/lib/cmsgpack.js';
import { createStructLib } from '../../src/scripting/lib/struct.js';
import { LuaError, type LuaFunction, LuaTable, type LuaValue } from '../../src/scripting/values.js';
import { fromUtf8 } from '../../src/bytes.js';
import { type Lit, LitExpr, LitTable, arr, luaString, map, toLua, toTs, luaSerializerPrelude } from '../support/lua-literals.js';
import { connectOracle, hasOracle } from '../support/oracle.js';
import type { RawConnection } from '../support/raw-connection.js';

// ---------------------------------------------------------------------------------------------
// Values written once, rendered as Lua source and as our LuaValues
// ---------------------------------------------------------------------------------------------

/** cjson.null: lightuserdata NULL in Lua, CJSON_NULL here. */
const NULL = new LitExpr('cjson.null', () => CJSON_NULL);
const noop: LuaFunction = () => [];
const FN = new LitExpr('function() end', () => noop);

// ---------------------------------------------------------------------------------------------
// Serialisation, the same on both sides
// ---------------------------------------------------------------------------------------------

const LUA_PRELUDE = luaSerializerPrelude("  if v == cjson.null then return 'NULL' end\n");

const hex = (s: string) => Array.from(s, (c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('');

function ser(v: LuaValue): string {
  if (v === CJSON_NULL) return 'NULL';
  if (v === undefined) return 'nil';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return Number.isNaN(v) ? 'n:nan' : `n:${formatG(v, 17)}`;
  if (typeof v === 'string') return `s:${hex(v)}`;
  if (typeof v === 'function') return 'function';
  if (!(v instanceof LuaTable)) return 'userdata';
  const e: string[] = [];
  v.array.forEach((x, i) => {
    if (x !== undefined) e.push(`${ser(i + 1)}=${ser(x)}`);
  });
  for (const [k, x] of v.hash ?? []) if (x !== undefined) e.push(`${ser(k)}=${ser(x)}`);
  // Lua's table.sort on strings compares bytes (strcoll in the C locale), as JS's default sort
  // does on these ASCII strings.
  e.sort();
  return `{${e.join(',')}}`;
}

/** What we expect the oracle to print: OK:<values> or E:user_script:1: <message>. */
function renderTs(run: () => LuaValue[]): string {
  try {
    return `OK:${run().map(ser).join('|')}`;
  } catch (e) {
    if (!(e instanceof LuaError)) throw e;
    return `E:${isRawLuaError(e) ? '' : 'user_script:1: '}${e.message}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Cases
// ---------------------------------------------------------------------------------------------

interface Case {
  name: string;
  /** Lua statements ending in `return <values>`, run inside a function under pcall. */
  lua: string;
  argv?: string[];
  ts: () => LuaValue[];
}

type Libs = Record<'bit' | 'cjson' | 'cmsgpack' | 'struct', LuaTable>;
const freshLibs = (): Libs => ({
  bit: createBitLib(),
  cjson: createCjsonLib(),
  cmsgpack: createCmsgpackLib(),
  struct: createStructLib(),
});
const libs = freshLibs();

function fn(lib: keyof Libs, name: string, l: Libs = libs): LuaFunction {
  return l[lib].get(name) as LuaFunction;
}

/** `lib.name(args...)`, called directly. */
function call(lib: keyof Libs, name: string, ...args: Lit[]): Case {
  const lua = `return ${lib}.${name}(${args.map(toLua).join(', ')})`;
  return { name: lua, lua, ts: () => fn(lib, name)(args.map(toTs)) };
}

/** A chain: `lib.a(lib.b(args))`, where the inner call's first result feeds the outer call. */
function chain(outer: [keyof Libs, string], inner: [keyof Libs, string], ...args: Lit[]): Case {
  const lua = `return ${outer[0]}.${outer[1]}(${inner[0]}.${inner[1]}(${args.map(toLua).join(', ')}))`;
  return { name: lua, lua, ts: () => fn(outer[0], outer[1])(fn(inner[0], inner[1])(args.map(toTs))) };
}

/** A call whose first result (a binary string) is compared in hex. */
function hexOf(c: Case): Case {
  return {
    name: c.name,
    lua: c.lua.replace(/^return (.*)$/s, 'return hex(($1))'),
    ts: () => {
      const r = c.ts();
      return [hex(r[0] as string)];
    },
  };
}

/** cjson.decode / cmsgpack.unpack of an ARGV string (binary safe). */
function withArgv(lib: keyof Libs, name: string, input: string, extra: Lit[] = []): Case {
  const lua = `return ${lib}.${name}(ARGV[1]${extra.map((e) => `, ${toLua(e)}`).join('')})`;
  return {
    name: `${lua} [${JSON.stringify(input).slice(0, 80)}]`,
    lua,
    argv: [input],
    ts: () => fn(lib, name)([input, ...extra.map(toTs)]),
  };
}

/** A case with a fresh cjson instance (cjson.new()) so configuration changes stay local. */
function cjsonNew(name: string, luaBody: string, ts: (j: LuaTable) => LuaValue[]): Case {
  return { name, lua: `local j = cjson.new() ${luaBody}`, ts: () => ts(fn('cjson', 'new')([])[0] as LuaTable) };
}

function deepArray(depth: number, leaf: Lit = 1): LitExpr {
  return new LitExpr(
    `(function() local t = ${toLua(leaf)} for i = 1, ${depth} do t = {t} end return t end)()`,
    () => {
      let t: LuaValue = toTs(leaf);
      for (let i = 0; i < depth; i++) {
        const n = new LuaTable();
        n.set(1, t);
        t = n;
      }
      return t;
    },
  );
}

function deepMap(depth: number): LitExpr {
  return new LitExpr(
    `(function() local t = 1 for i = 1, ${depth} do t = {a = t} end return t end)()`,
    () => {
      let t: LuaValue = 1;
      for (let i = 0; i < depth; i++) {
        const n = new LuaTable();
        n.set('a', t);
        t = n;
      }
      return t;
    },
  );
}

function sparse(keys: number[]): LitTable {
  return map(...keys.map((k): [Lit, Lit] => [k, k * 10]));
}

const rep = (s: string, n: number) => new LitExpr(`string.rep(${luaString(s)}, ${n})`, () => s.repeat(n));

const INT_EDGES = [
  0, 1, -1, 127, 128, -32, -33, -128, -129, 255, 256, 32767, 32768, -32768, -32769, 65535, 65536,
  2147483647, 2147483648, -2147483648, -2147483649, 4294967295, 4294967296, 2 ** 53, 2 ** 53 + 2, -(2 ** 53),
  2 ** 62, 2 ** 63, -(2 ** 63), 2 ** 64, -(2 ** 64), 1e20, -1e20,
];
const FLOAT_EDGES = [0.5, -0.5, 0.1, 1 / 3, 1.5, 2.5, -1.5, -2.5, 1e-300, 5e-324, 1.7976931348623157e308, 3.4028234663852886e38, 16777217, 1e15 + 0.5, -0, Infinity, -Infinity, NaN, 0.1 + 0.2, 123.456, 100000000000005, 1e14, 1e15, 1e16, 1e-5, 0.0001, 123456789012345680];

const cases: Case[] = [];

// --- bit
for (const n of [...INT_EDGES, ...FLOAT_EDGES, 2 ** 60 + 3 * 2 ** 8, -7.5, 0xdeadbeef, 0x7fffffff + 0.5]) {
  cases.push(call('bit', 'tobit', n), call('bit', 'bnot', n), call('bit', 'bswap', n), call('bit', 'tohex', n));
}
for (const s of ['12', '0x10', ' 7 ', '1e3', 'abc', '', '0', '  0x  ', 'inf', 'nan', '1e', '3\0']) cases.push(call('bit', 'tobit', s));
cases.push(
  call('bit', 'tobit'),
  call('bit', 'tobit', undefined),
  call('bit', 'tobit', arr()),
  call('bit', 'band'),
  call('bit', 'band', 1, 'x'),
  call('bit', 'band', 1, undefined),
  call('bit', 'band', 7, 14, 12),
  call('bit', 'bor', 1, 2, 4, 8, 16),
  call('bit', 'bxor', 5, 3, 1),
  call('bit', 'band', 0xffffffff, -1, 2 ** 32 + 5),
  call('bit', 'tohex', 5, undefined),
);
for (const n of [-1, 0, 1, 2, 7, 8, 9, -4, -8, -9, 12, -(2 ** 31), 2 ** 31, 2 ** 32 + 3]) cases.push(call('bit', 'tohex', 0x12abcdef, n));
for (const op of ['lshift', 'rshift', 'arshift', 'rol', 'ror']) {
  for (const [a, b] of [[1, 0], [1, 31], [1, 32], [-8, 1], [0x80000001, 1], [0x12345678, 4], [-1, 28], [1, -1], [0xf0, 33], [3, 2.5]] as const) {
    cases.push(call('bit', op, a, b));
  }
}

// --- cjson.encode
const encodeInputs: Lit[] = [
  undefined, true, false, NULL, 0, 1, -1, 0.1, 1 / 3, 1e300, -0, 100000000000005, 123456789012345678, 1e-7, 2 ** 53,
  3.14159265358979, 1e21, 5e-324,
  '', 'abc', 'a/b"c\\d', '\x00\x01\x07\x08\x09\x0a\x0b\x0c\x0d\x1f\x7f\x80\xff', fromUtf8('h\u00e9 \u2603 \u{1f600}'),
  arr(), arr(1, 2, 3), arr(1, undefined, 3), arr('a', arr('b', arr()), NULL), map(['a', 1]), map([1.5, 'x']), map([-1, 1]),
  map([0, 1]), map([true, 1]), map([arr(), 1]), map([FN, 1]), map(['k', FN]), map([NULL, 1]), arr(FN), FN,
  sparse([1, 2, 3, 4, 5, 11]), sparse([20]), sparse([10]), sparse([11]), sparse([12]), sparse([1, 2, 3, 4, 5, 6, 13]),
  sparse([2 ** 31]), sparse([2 ** 40]), map([Infinity, 1]), map([1, NaN]), arr(Infinity), arr(NaN), arr(-Infinity),
  deepArray(999), deepArray(1000), deepArray(1001), deepMap(1000), deepMap(1001),
  map(['a\u0001/', arr(map(['x', arr()]))]),
];
for (const v of encodeInputs) cases.push(call('cjson', 'encode', v));
cases.push(call('cjson', 'encode'), call('cjson', 'encode', 1, 2));

// --- cjson.decode
const decodeInputs = [
  '', ' ', '1', '-1', '1.5', '-0', '0', '01', '+1', '0x10', '-0x1p3', '1e400', '-1e400', '1e-400', '.5', '5.', '1.5e',
  '1e+', '- 1', '--1', 'nan', 'NaN', '-nan', 'nanx', 'nan(123)', 'inf', 'Infinity', '-Infinity', 'infinit', 'INF',
  'true', 'false', 'null', 'truex', 'tru', 'nul', 'fals', 'True', 'NULL', '"abc"', '"a\\"b\\\\c\\/d\\b\\f\\n\\r\\t"',
  '"\\u0041\\u00e9\\u20ac\\ud83d\\ude00"', '"\\u0000"', '"\\ud800"', '"\\udc00"', '"\\ud800\\u0041"', '"\\ud800x"',
  '"\\u12"', '"\\uzzzz"', '"\\x"', '"abc', '"a\x00b"', '"\x01\x1f\x7f\x80\xff"', '[]', '{}', '[1,2,3]', '[1,2',
  '[1 2]', '[1,]', '[,1]', '[', ']', '{"a":1}', '{"a":1,}', '{"a" 1}', '{"a":}', '{1:2}', '{"a":1 "b":2}', '{"a"',
  '{"a":[1,{"b":null}]}', '[null,null]', '{"a":null}', '\x00a', 'a\x00', '[1]\x00x', '[1] x', '  [1]  ', '\t\n\r [1]',
  '\x0b[1]', '[1]\x0c', '{"a":1,"a":2}', '[1.7976931348623157e309]', '[123456789012345678901234567890]',
  '[0.1,0.2,0.30000000000000004]', '[-0.0]', '"\\u00"', '@', '[1,@]', '{"\\u0000":1}',
  '[' + '1,'.repeat(100) + '1]',
];
for (const s of decodeInputs) cases.push(withArgv('cjson', 'decode', s));
cases.push(
  withArgv('cjson', 'decode', '['.repeat(1000) + ']'.repeat(1000)),
  withArgv('cjson', 'decode', '['.repeat(1001)),
  withArgv('cjson', 'decode', '{"a":'.repeat(1001)),
  call('cjson', 'decode'),
  call('cjson', 'decode', arr()),
  call('cjson', 'decode', 123),
  call('cjson', 'decode', 1.5),
  call('cjson', 'decode', '1', '2'),
  chain(['cjson', 'encode'], ['cjson', 'decode'], '[1,{"a":"\\u00e9/"},null,true,1e5,0.1]'),
);

// --- cjson configuration (on cjson.new() instances)
const cfgCalls: [string, Lit[]][] = [
  ['encode_sparse_array', []],
  ['encode_sparse_array', [true]],
  ['encode_sparse_array', [false, 3, 5]],
  ['encode_sparse_array', ['on', 0]],
  ['encode_sparse_array', ['off']],
  ['encode_sparse_array', ['maybe']],
  ['encode_sparse_array', [1]],
  ['encode_sparse_array', [true, -1]],
  ['encode_sparse_array', [true, 1, 'x']],
  ['encode_sparse_array', [true, 1, 2, 3]],
  ['encode_max_depth', []],
  ['encode_max_depth', [5]],
  ['encode_max_depth', [0]],
  ['encode_max_depth', [2.9]],
  ['encode_max_depth', ['7']],
  ['encode_max_depth', [1, 2]],
  ['encode_max_depth', [2 ** 32 + 3]],
  ['decode_max_depth', [3]],
  ['decode_max_depth', [-1]],
  ['encode_number_precision', []],
  ['encode_number_precision', [3]],
  ['encode_number_precision', [15]],
  ['encode_number_precision', [0]],
  ['encode_keep_buffer', []],
  ['encode_keep_buffer', [false]],
  ['encode_keep_buffer', ['on']],
  ['encode_keep_buffer', [1]],
  ['encode_invalid_numbers', []],
  ['encode_invalid_numbers', ['null']],
  ['encode_invalid_numbers', [true]],
  ['encode_invalid_numbers', ['off']],
  ['encode_invalid_numbers', ['bogus']],
  ['decode_invalid_numbers', [false]],
  ['decode_invalid_numbers', []],
];
for (const [f, args] of cfgCalls) {
  const a = args.map(toLua).join(', ');
  cases.push(cjsonNew(`cjson.new().${f}(${a})`, `return j.${f}(${a})`, (j) => (j.get(f) as LuaFunction)(args.map(toTs))));
}
// Settings then an encode/decode using them.
const cfgThen: [string, Lit[], 'encode' | 'decode', Lit][] = [
  ['encode_sparse_array', [true], 'encode', sparse([20])],
  ['encode_sparse_array', [false, 0], 'encode', sparse([1000])],
  ['encode_sparse_array', [false, 1], 'encode', sparse([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13])],
  ['encode_sparse_array', [false, 2, 100], 'encode', sparse([100])],
  ['encode_max_depth', [2], 'encode', arr(arr(1))],
  ['encode_max_depth', [2], 'encode', arr(arr(arr(1)))],
  ['decode_max_depth', [2], 'decode', '[[1]]'],
  ['decode_max_depth', [2], 'decode', '[[[1]]]'],
  ['decode_max_depth', [2], 'decode', '{"a":{"b":{}}}'],
  ['encode_number_precision', [3], 'encode', arr(1 / 3, 123456, 0.5, 1e-10)],
  ['encode_number_precision', [1], 'encode', arr(25, 35, 0.25, 9.5)],
  ['encode_invalid_numbers', [true], 'encode', arr(Infinity, -Infinity, NaN)],
  ['encode_invalid_numbers', ['null'], 'encode', arr(Infinity, NaN, 1)],
  ['encode_invalid_numbers', ['null'], 'encode', map([Infinity, 1])],
  ['encode_invalid_numbers', [true], 'encode', map([-Infinity, 1])],
  ['decode_invalid_numbers', [false], 'decode', '[1,2]'],
  ['decode_invalid_numbers', [false], 'decode', '01'],
  ['decode_invalid_numbers', [false], 'decode', '-0x10'],
  ['decode_invalid_numbers', [false], 'decode', '+1'],
  ['decode_invalid_numbers', [false], 'decode', 'nan'],
  ['decode_invalid_numbers', [false], 'decode', 'Infinity'],
  ['decode_invalid_numbers', [false], 'decode', '-inf'],
  ['decode_invalid_numbers', [false], 'decode', '0.5'],
  ['decode_invalid_numbers', [false], 'decode', '-'],
  ['decode_invalid_numbers', [true], 'decode', '+abc'],
];
for (const [f, args, op, input] of cfgThen) {
  const a = args.map(toLua).join(', ');
  cases.push(
    cjsonNew(`cjson.new().${f}(${a}) then ${op}(${toLua(input).slice(0, 60)})`, `j.${f}(${a}) return j.${op}(${toLua(input)})`, (j) => {
      (j.get(f) as LuaFunction)(args.map(toTs));
      return (j.get(op) as LuaFunction)([toTs(input)]);
    }),
  );
}
cases.push(
  { name: 'cjson fields', lua: 'return cjson._NAME, cjson._VERSION', ts: () => [libs.cjson.get('_NAME'), libs.cjson.get('_VERSION')] },
  { name: 'decoded null is cjson.null', lua: 'return cjson.decode("null") == cjson.null, cjson.decode("[null]")[1] == cjson.null', ts: () => [fn('cjson', 'decode')(['null'])[0] === CJSON_NULL, true] },
);

// --- cmsgpack.pack
const packInputs: Lit[] = [
  ...INT_EDGES, ...FLOAT_EDGES, undefined, true, false, NULL, FN, '', 'a', rep('x', 31), rep('x', 32), rep('x', 255),
  rep('x', 256), rep('y', 65535), rep('z', 65536), '\x00\xff', arr(), arr(1, 2, 3), arr(1, undefined, 3), map(['a', 1]),
  map([2, 1]), map([0, 'z']), map([-1, 'z']), map([1.5, 'z']), map([2 ** 31, 1]), map([2147483647, 1]), map([true, false]),
  map([arr(1), arr(2)]), map([NULL, 1]), map([1, 1], [2, 2], [1.5, 3]), map([3, 1], [2, 2], [1, 3]), arr(arr(arr(arr()))),
  deepArray(15), deepArray(16), deepArray(17), deepMap(15), deepMap(16), deepMap(17), new LitExpr('(function() local t = {} for i = 1, 16 do t[i] = i end return t end)()', () => {
    const t = new LuaTable();
    for (let i = 1; i <= 16; i++) t.set(i, i);
    return t;
  }), new LitExpr('(function() local t = {} for i = 1, 70000 do t[i] = i % 7 end return t end)()', () => {
    const t = new LuaTable();
    for (let i = 1; i <= 70000; i++) t.set(i, i % 7);
    return t;
  }),
];
for (const v of packInputs) cases.push(hexOf(call('cmsgpack', 'pack', v)));
cases.push(
  hexOf(call('cmsgpack', 'pack', 1, 'a', arr(true), undefined, 0.5)),
  call('cmsgpack', 'pack'),
  chain(['cmsgpack', 'unpack'], ['cmsgpack', 'pack'], 1, -1, 0.25, 'abc', arr(1, arr(2)), map(['k', 'v']), undefined, true, 2 ** 63, -(2 ** 63), NaN),
);

// --- cmsgpack.unpack
const unpackInputs = [
  '', '\x00', '\x7f', '\xe0', '\xff', '\xcc\xff', '\xcc', '\xd0\x80', '\xcd\xff\xff', '\xd1\x80\x00', '\xd1\xff\xfe',
  '\xce\xff\xff\xff\xff', '\xd2\x80\x00\x00\x00', '\xcf\xff\xff\xff\xff\xff\xff\xff\xff', '\xcf\x80\x00\x00\x00\x00\x00\x00\x00',
  '\xcf\x00\x20\x00\x00\x00\x00\x00\x01', '\xd3\x80\x00\x00\x00\x00\x00\x00\x01', '\xd3\xff\xff\xff\xff\xff\xff\xff\xff',
  '\xc0', '\xc2', '\xc3', '\xc1', '\xc4\x01a', '\xc7', '\xd4\x01\x01', '\xca\x3f\xc0\x00\x00', '\xca\x7f\xc0\x00\x00',
  '\xcb\x3f\xb9\x99\x99\x99\x99\x99\x9a', '\xcb\x7f\xf8\x00\x00\x00\x00\x00\x01', '\xcb\x00\x00', '\xa3abc', '\xa3ab',
  '\xd9\x03abc', '\xd9\x05abc', '\xda\x00\x01a', '\xdb\x00\x00\x00\x02ab', '\xdb\x00\x00\x00\x09ab', '\x93\x01\x02\x03',
  '\x93\x01\x02', '\x92\xc0\x01', '\x82\xa1a\x01\xa1b\x02', '\x81\xc0\x01', '\x81\x01\xc0', '\x81\xcb\xff\xf8\x00\x00\x00\x00\x00\x00\x01',
  '\x81\x91\x01\x02', '\xdc\x00\x02\x01\x02', '\xdd\x00\x00\x00\x01\x05', '\xde\x00\x01\x01\x02', '\xdf\x00\x00\x00\x01\x01\x02',
  '\xdc\x00', '\x01\x02\x03', '\x01\xc1', '\x90\x80', '\x81\x00\x00\x00',
];
for (const s of unpackInputs) cases.push(withArgv('cmsgpack', 'unpack', s));
const stream = '\x01\xa2ab\x92\x03\x04\xc0\x05';
for (const off of [undefined, 0, 1, 3, 7, 8, 9, 10, -1, 2.7]) cases.push(withArgv('cmsgpack', 'unpack_one', stream, off === undefined ? [] : [off]));
for (const [lim, off] of [[1, undefined], [2, 0], [0, 0], [0, 1], [3, 1], [10, 0], [-1, 0], [1, -1], [1, 9], [1, 99]] as const) {
  cases.push(withArgv('cmsgpack', 'unpack_limit', stream, off === undefined ? [lim] : [lim, off]));
}
cases.push(
  withArgv('cmsgpack', 'unpack', '\x01', [2]),
  call('cmsgpack', 'unpack'),
  call('cmsgpack', 'unpack', 5),
  call('cmsgpack', 'unpack_one', arr()),
  call('cmsgpack', 'unpack_limit', 'a'),
  call('cmsgpack', 'unpack_limit', 'a', 'x'),
  call('cmsgpack', 'unpack_one', 'a', 'x'),
  { name: 'cmsgpack fields', lua: 'return cmsgpack._NAME, cmsgpack._VERSION', ts: () => [libs.cmsgpack.get('_NAME'), libs.cmsgpack.get('_VERSION')] },
);
// Lua stack exhaustion (LUAI_MAXCSTACK = 8000 slots for a C function).
for (const n of [7998, 7999, 8000]) {
  cases.push({ name: `unpack ${n} values`, lua: `return select('#', cmsgpack.unpack(string.rep('\\0', ${n})))`, ts: () => [fn('cmsgpack', 'unpack')(['\0'.repeat(n)]).length] });
}
for (const [prefix, n] of [['\x91', 3999], ['\x91', 4000], ['\x81\x00', 3999], ['\x81\x00', 4000], ['\x81\x00', 3998]] as const) {
  const s = prefix.repeat(n) + '\x00';
  cases.push({ ...withArgv('cmsgpack', 'unpack', s), name: `unpack nested ${hex(prefix)} x${n}`, lua: 'return type(cmsgpack.unpack(ARGV[1]))', ts: () => [typeof fn('cmsgpack', 'unpack')([s])[0] === 'object' ? 'table' : 'other'] });
}

// --- struct
const packCases: [string, Lit[]][] = [
  ['>i', [1]], ['<h', [-2]], ['bBhHlLTiI', [-1, 255, -1, 65535, -1, 1, 2, 3, 4]], ['!4 b i', [1, 2]], ['!b d', [1, 2]],
  ['!8 b d', [1, 2]], ['!2 bi', [1, 2]], ['c3', ['abcdef']], ['c0', ['abcdef']], ['s', ['ab']], ['x', []], ['f', [1.5]],
  ['>d', [1.5]], ['i3', [-2]], ['I16', [5]], ['>i16', [-5]], ['<i16', [-1]], ['B', [256]], ['b', [3.7]], ['b', [-3.7]],
  ['I', [2 ** 32 + 1]], ['L', [2 ** 64]], ['l', [-(2 ** 63)]], ['L', [2 ** 63]], ['l', [2 ** 63]], ['L', [2 ** 64 - 2048]],
  ['i', [1e20]], ['i', [-1e20]], ['L', [NaN]], ['L', [Infinity]], ['L', [-Infinity]], ['f', [1e300]], ['f', [NaN]],
  ['d', [NaN]], ['>f', [16777217]], ['c', [12]], ['s', [1.5]], ['i', ['12']], ['i', [' 0x10 ']], ['i0', [5]],
  ['!i3 b i3 !2 b h', [1, 2, 3, 4, 5]], ['>!4 c1 i', ['z', 7]], ['<!16 b d', [1, 2]], ['!1 b d', [1, 2]],
  ['i33', [1]], ['!3', []], ['!0', []], ['q', [1]], ['#', []], ['c5', ['ab']], ['i', ['x']], ['i', []], ['ii', [1]],
  ['c c', ['a']], ['i99999999999', [1]], ['i2147483647', [1]], ['12', [1]], ['i\x00i', [1]], ['\xe9', []], ['', []],
];
for (const [f, args] of packCases) cases.push(hexOf(call('struct', 'pack', f, ...args)));
cases.push(call('struct', 'pack'), call('struct', 'pack', 12, 1));
const unpackCases: [string, string, Lit[]][] = [
  ['>i', '\x00\x00\x00\x01', []], ['>i', '\x00\x00\x00', []], ['b c0', '\x03abcd', []], ['c0', 'abcd', []],
  ['s s', 'ab\x00c\x00', []], ['s', 'ab', []], ['>I', '\x00\x00\x00\x01\x00\x00\x00\x02', [5]], ['>I', '\x00\x00\x00\x01', [0]],
  ['>I', '\x00\x00\x00\x01', [6]], ['<L', '\xff'.repeat(8), []], ['<l', '\xff'.repeat(7) + '\x7f', []],
  ['<i16', '\xff'.repeat(16), []], ['<I16', '\xff'.repeat(16), []], ['<I9', '\xff'.repeat(9), []],
  ['<i9 <i12 >I3 >i3', '\x80'.repeat(27), []], ['b', 'a', [-1]], ['', 'a', [10]], ['b', 'ab', [2.9]], ['c1 c0', '3abcd', []],
  ['b c0', '\xffabcd', []], ['b c0 c0', '\x01\x02ab', []], ['#', '', []], ['c', '', []], ['!4 b i', '\x01\x00\x00\x00\x02\x00\x00\x00', []],
  ['!8 d', 'x'.repeat(16), [-1]], ['f d', '\x00\x00\xc0\x3f' + '\x00\x00\x00\x00\x00\x00\xf8\x3f', []], ['>f >d', '\x3f\xc0\x00\x00\x3f\xf8\x00\x00\x00\x00\x00\x00', []],
  ['i0 x', 'a', []], ['hH', '\xff\xff\xff\xff', []], ['x x s', 'ab', []], ['c2', 'ab', ['1']], ['b', 'a', ['x']],
  ['<i3 <I3', '\xff\xff\xff\xff\xff\xff', []], ['c0', '', []], ['b c0', '\x00', []], ['b c0', '\x05ab', []], ['b', 'a', [1, 2]],
];
for (const [f, data, extra] of unpackCases) {
  const c = call('struct', 'unpack', f, data, ...extra);
  cases.push(c);
}
cases.push(call('struct', 'unpack'), call('struct', 'unpack', 'i'), call('struct', 'unpack', 'i', 12));
for (const f of ['bhi', '!bhi', '!bd', 'c10x', '>i7', 's', 'c0', 'q', '#', '!', '!1 i !16 d', 'i0', 'c0x', '  ', 'i33', '!3', 'xXyY', 'b\xe9']) {
  cases.push(call('struct', 'size', f));
}
cases.push(call('struct', 'size'));
for (const [n, extra] of [[7997, []], [7998, []], [7996, [1]], [7997, [1]]] as [number, Lit[]][]) {
  cases.push({
    name: `struct.unpack ${n} results`,
    lua: `return select('#', struct.unpack(string.rep('b', ${n}), string.rep('a', 8000)${extra.map((e) => `, ${toLua(e)}`).join('')}))`,
    ts: () => [fn('struct', 'unpack')(['b'.repeat(n), 'a'.repeat(8000), ...extra.map(toTs)]).length],
  });
}

// ---------------------------------------------------------------------------------------------
// Generated cases
// ---------------------------------------------------------------------------------------------

/** Whether every object in a JSON text has at most one key (so encode's output order is forced). */
function orderForced(v: unknown): boolean {
  if (Array.isArray(v)) return v.every(orderForced);
  if (v !== null && typeof v === 'object') {
    const vals = Object.values(v);
    return vals.length <= 1 && vals.every(orderForced);
  }
  return true;
}

function generatedJsonCases(): Case[] {
  const out: Case[] = [];
  const texts = fc.sample(fc.json({ maxDepth: 4 }), { numRuns: 150, seed: 42 });
  texts.push(...fc.sample(fc.double().map((d) => JSON.stringify(d) ?? 'null'), { numRuns: 40, seed: 7 }));
  texts.push(...fc.sample(fc.tuple(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.nat(16)).map(([d, p]) => `[${d.toExponential(p)}]`), { numRuns: 20, seed: 9 }));
  for (const t of texts) {
    const bytes = fromUtf8(t);
    out.push(withArgv('cjson', 'decode', bytes));
    if (orderForced(JSON.parse(t))) {
      out.push({
        name: `encode(decode(${t.slice(0, 60)}))`,
        lua: 'return cjson.encode(cjson.decode(ARGV[1]))',
        argv: [bytes],
        ts: () => fn('cjson', 'encode')(fn('cjson', 'decode')([bytes])),
      });
    }
  }
  // Mutations: a character inserted into or removed from a valid text, for the error paths.
  const mutated = fc.sample(
    fc.tuple(fc.json({ maxDepth: 3 }), fc.nat(), fc.constantFrom('"', '\\', ',', ':', '[', ']', '{', '}', 'x', '-', '.', 'e', '\\u', '\x00', 'n', 't', ' ', '')),
    { numRuns: 120, seed: 3 },
  );
  for (const [t, at, ch] of mutated) {
    const i = at % (t.length + 1);
    const s = fromUtf8(ch === '' ? t.slice(0, i) + t.slice(i + 1) : t.slice(0, i) + ch + t.slice(i));
    out.push(withArgv('cjson', 'decode', s));
  }
  return out;
}

const litLeaf: fc.Arbitrary<Lit> = fc.oneof(
  fc.constantFrom<Lit>(...INT_EDGES, ...FLOAT_EDGES, undefined, true, false, NULL),
  fc.integer({ min: -70000, max: 70000 }),
  fc.double(),
  fc.string({ unit: 'binary-ascii', maxLength: 40 }),
  fc.integer({ min: 0, max: 300 }).map((n) => rep('q', n)),
);

const { value: litValue } = fc.letrec<{ value: Lit }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    litLeaf,
    fc.array(tie('value'), { maxLength: 6 }).map((xs) => new LitTable(xs.map((x) => x ?? false))),
    fc.tuple(fc.oneof(fc.string({ maxLength: 5 }), fc.integer({ min: -3, max: 40 })), tie('value')).map(([k, v]) => map([k, v])),
    fc.array(fc.tuple(fc.string({ maxLength: 5 }), tie('value')), { maxLength: 5 }).map((kv) => map(...kv)),
  ),
}));

function onlyForcedOrder(l: Lit): boolean {
  if (!(l instanceof LitTable)) return true;
  return l.keyed.length <= 1 && l.pos.every(onlyForcedOrder) && l.keyed.every(([k, v]) => onlyForcedOrder(k) && onlyForcedOrder(v));
}

function generatedMsgpackCases(): Case[] {
  const out: Case[] = [];
  for (const vs of fc.sample(fc.array(litValue, { minLength: 1, maxLength: 3 }), { numRuns: 200, seed: 11 })) {
    if (vs.every(onlyForcedOrder)) out.push(hexOf(call('cmsgpack', 'pack', ...vs)));
    out.push(chain(['cmsgpack', 'unpack'], ['cmsgpack', 'pack'], ...vs));
    if (vs.length === 1 && vs.every(onlyForcedOrder)) out.push(call('cjson', 'encode', vs[0]));
  }
  for (const bytes of fc.sample(fc.uint8Array({ maxLength: 24 }), { numRuns: 150, seed: 5 })) {
    out.push(withArgv('cmsgpack', 'unpack', String.fromCharCode(...bytes)));
  }
  return out;
}

const structItem = fc.oneof(
  fc.constantFrom('b', 'B', 'h', 'H', 'l', 'L', 'T', 'i', 'I', 'f', 'd', 'x', 's', 'c', '>', '<', '!', ' '),
  fc.tuple(fc.constantFrom('i', 'I', 'c', '!'), fc.integer({ min: 0, max: 17 })).map(([o, n]) => `${o}${n}`),
);

function argFor(opt: string): fc.Arbitrary<Lit> {
  if (opt === 'c' || opt === 's') return fc.string({ unit: 'binary-ascii', maxLength: 20 });
  if (opt === 'f' || opt === 'd') return fc.oneof(fc.double(), fc.integer());
  return fc.oneof(fc.integer({ min: -70000, max: 70000 }), fc.constantFrom(...INT_EDGES), fc.double({ min: -1e20, max: 1e20 }));
}

function generatedStructCases(): Case[] {
  const out: Case[] = [];
  const gen = fc.array(structItem, { minLength: 1, maxLength: 8 }).chain((items) => {
    const valueOpts = items.filter((it) => /^[bBhHlLTiIfdcs]/.test(it)).map((it) => it[0]!);
    return fc.tuple(fc.constant(items.join('')), fc.tuple(...valueOpts.map(argFor)));
  });
  for (const [f, args] of fc.sample(gen, { numRuns: 250, seed: 21 })) {
    out.push(hexOf(call('struct', 'pack', f, ...args)));
    out.push(call('struct', 'size', f));
    // Round trip: what pack produced, unpacked with the same format.
    out.push({
      name: `unpack(${JSON.stringify(f)}, pack(...))`,
      lua: `return struct.unpack(${luaString(f)}, struct.pack(${[f, ...args].map(toLua).join(', ')}))`,
      ts: () => fn('struct', 'unpack')([f, fn('struct', 'pack')([f, ...args].map(toTs))[0]]),
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------

describe.skipIf(!hasOracle())('fidelity: Lua data libraries (bit, cjson, cmsgpack, struct)', () => {
  let conn: RawConnection;
  beforeAll(async () => {
    conn = (await connectOracle())!;
  });
  afterAll(async () => {
    await conn?.close();
  });

  async function check(all: Case[]): Promise<void> {
    const replies: Reply[] = [];
    for (let i = 0; i < all.length; i += 200) {
      const batch = all.slice(i, i + 200);
      replies.push(
        ...(await conn.sendAll(
          batch.map((c) => ['EVAL', `${LUA_PRELUDE}\nreturn render(collect(pcall(function()\n${c.lua}\nend)))`, '0', ...(c.argv ?? [])]),
        )),
      );
    }
    const mismatches: string[] = [];
    all.forEach((c, i) => {
      const r = replies[i];
      // The call sits some lines into the script: any line number stands for "the caller's position".
      const oracle = r instanceof ErrorReply ? `REPLY ERROR ${r.message}` : String(r).replace(/^E:user_script:\d+: /, 'E:user_script:1: ');
      const ours = renderTs(c.ts);
      if (oracle !== ours) mismatches.push(`${c.name}\n  oracle: ${oracle.slice(0, 400)}\n  ours:   ${ours.slice(0, 400)}`);
    });
    expect(mismatches.slice(0, 15).join('\n'), `${mismatches.length} of ${all.length} cases differ`).toBe('');
  }

  it(`hand-written corpus (${cases.length} cases)`, async () => {
    await check(cases);
  });

  it('generated JSON texts', async () => {
    await check(generatedJsonCases());
  });

  it('generated msgpack values and byte strings', async () => {
    await check(generatedMsgpackCases());
  });

  it('generated struct formats', async () => {
    await check(generatedStructCases());
  });
});
