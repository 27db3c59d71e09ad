/**
 * Differential test of the Lua string library (src/scripting/lib/string.ts) and the shared number
 * conversions (src/scripting/number-format.ts) against the oracle's Lua 5.1: every case runs on
 * redis-server through one EVAL driver script and on the TypeScript functions directly, and the
 * serialized results (or error messages, without luaL_error's "user_script:1: ") must be equal.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringLibrary, tonumber } from '../../src/scripting/lib/string.js';
import { connectOracle, hasOracle } from '../support/oracle.js';
import { formatFloat, numberToString } from '../../src/scripting/number-format.js';
import { LuaError, type LuaFunction, LuaTable, type LuaValue } from '../../src/scripting/values.js';
import type { Reply } from '../../src/reply.js';

/** An argument: a string, a number, nil, a boolean, or one of the driver's predefined functions/tables. */
type Arg = string | number | null | boolean | { f: number } | { t: number };

interface Case {
  /** 'call' returns the function's results; 'gmatch' collects every iteration of the iterator. */
  mode: 'call' | 'gmatch';
  fn: string;
  args: Arg[];
}

/** Library functions the driver can call, each by a literal `string.NAME(...)` so argerror names match. */
const STRING_FNS = ['byte', 'char', 'dump', 'find', 'format', 'gfind', 'gmatch', 'gsub', 'len', 'lower', 'match', 'rep', 'reverse', 'sub', 'upper'];

/** The replacement functions and tables gsub cases refer to as {f: k} / {t: k}, in Lua. */
const LUA_FUNCTIONS = [
  "function(...) local t = {} for i = 1, select('#', ...) do t[#t + 1] = tostring((select(i, ...))) end return table.concat(t, ',') end",
  'function() return nil end',
  'function() return false end',
  'function(x) return #tostring(x) end',
  'function() return {} end',
  "function() error('boom', 0) end",
  'function(x) return x .. x end',
  'function() return true end',
];
const LUA_TABLES = [
  "{a = 'X', b = false, ab = 12.5, [1] = 'one', [''] = 'E', c = true}",
  "setmetatable({}, {__index = function(t, k) return 'I' .. tostring(k) end})",
  "setmetatable({a = 'raw'}, {__index = {b = 'B', ['1'] = 'chain'}})",
];

const tostr = (v: LuaValue): string => (typeof v === 'number' ? numberToString(v) : String(v));

/** The same functions and tables, for the stub. */
function jsFunction(k: number): LuaFunction {
  const fns: LuaFunction[] = [
    (a) => [a.map((v) => (v === undefined ? 'nil' : tostr(v))).join(',')],
    () => [undefined],
    () => [false],
    (a) => [tostr(a[0]).length],
    () => [new LuaTable()],
    () => {
      throw new LuaError('boom');
    },
    (a) => [tostr(a[0]) + tostr(a[0])],
    () => [true],
  ];
  return fns[k - 1]!;
}

function jsTable(k: number): LuaTable {
  const t = new LuaTable();
  if (k === 1) {
    t.set('a', 'X');
    t.set('b', false);
    t.set('ab', 12.5);
    t.set(1, 'one');
    t.set('', 'E');
    t.set('c', true);
  } else if (k === 2) {
    const mt = new LuaTable();
    mt.set('__index', ((a: LuaValue[]) => ['I' + tostr(a[1])]) as LuaFunction);
    t.metatable = mt;
  } else {
    t.set('a', 'raw');
    const idx = new LuaTable();
    idx.set('b', 'B');
    idx.set('1', 'chain');
    const mt = new LuaTable();
    mt.set('__index', idx);
    t.metatable = mt;
  }
  return t;
}

/** The driver run with `EVAL <driver> 0 mode fn tagged-args...`: one line, so errors say user_script:1. */
const DRIVER = [
  'local function pack(...) return {n = select("#", ...), ...} end',
  `local F = {${LUA_FUNCTIONS.join(', ')}}`,
  `local T = {${LUA_TABLES.join(', ')}}`,
  'local a, n = {}, 0',
  'for i = 3, #ARGV do local v = ARGV[i] local tag, rest = v:sub(1, 1), v:sub(2) n = n + 1',
  "if tag == 's' then a[n] = rest elseif tag == 'n' then a[n] = tonumber(rest) elseif tag == 'N' then a[n] = nil",
  "elseif tag == 'T' then a[n] = true elseif tag == 'F' then a[n] = false elseif tag == 'f' then a[n] = F[tonumber(rest)]",
  "elseif tag == 't' then a[n] = T[tonumber(rest)] end end",
  'local function ser(r) local o = {} for i = 1, r.n do local v = r[i] local t = type(v)',
  "if t == 'string' then o[i] = 's' .. #v .. ':' .. v elseif t == 'number' then o[i] = 'n' .. tostring(v) .. '~' .. string.format('%.17g', v)",
  "elseif t == 'nil' then o[i] = 'N' elseif t == 'boolean' then o[i] = 'b' .. tostring(v) else o[i] = t end end",
  "return 'R' .. r.n .. ';' .. table.concat(o, '|') end",
  'local fn = ARGV[2]',
  'local function call()',
  ...STRING_FNS.map((f, i) => `${i === 0 ? 'if' : 'elseif'} fn == '${f}' then return pack(string.${f}(unpack(a, 1, n)))`),
  "elseif fn == 'tostring' then return pack(tostring(unpack(a, 1, n)))",
  "elseif fn == 'tonumber' then return pack(tonumber(unpack(a, 1, n))) end end",
  'local ok, res = pcall(function()',
  "if ARGV[1] == 'call' then return ser(call()) end",
  'local it = call()[1] local out = {}',
  'for k = 1, 40 do local r = pack(it()) if r.n == 0 or r[1] == nil then break end out[#out + 1] = ser(r) end',
  "return table.concat(out, '/') end)",
  "if ok then return res else return 'E' .. tostring(res) end",
].join(' ');

/** An argument as the driver's ARGV token. */
function encodeArg(a: Arg): string {
  if (a === null) return 'N';
  if (a === true) return 'T';
  if (a === false) return 'F';
  if (typeof a === 'string') return 's' + a;
  if (typeof a === 'number') {
    // tonumber reads these back exactly (strtod: shortest round trip, inf, nan with its sign).
    if (Number.isNaN(a)) return numberToString(a) === '-nan' ? 'n-nan' : 'nnan';
    if (Object.is(a, -0)) return 'n-0';
    return 'n' + (a === Infinity ? 'inf' : a === -Infinity ? '-inf' : String(a));
  }
  return 'f' in a ? 'f' + a.f : 't' + a.t;
}

function decodeArg(a: Arg): LuaValue {
  if (a === null) return undefined;
  if (typeof a === 'object') return 'f' in a ? jsFunction(a.f) : jsTable(a.t);
  return a;
}

function ser(r: LuaValue[]): string {
  const o = r.map((v) => {
    if (typeof v === 'string') return `s${v.length}:${v}`;
    // Numbers also as %.17g, so every bit of a result is compared.
    if (typeof v === 'number') return 'n' + numberToString(v) + '~' + formatFloat(v, { conv: 'g', precision: 17 });
    if (v === undefined) return 'N';
    if (typeof v === 'boolean') return 'b' + String(v);
    return typeof v === 'function' ? 'function' : 'table';
  });
  return `R${r.length};${o.join('|')}`;
}

/** The case on the stub, serialized as the driver does. */
function runOnStub(c: Case, call: (fn: string, args: LuaValue[]) => LuaValue[]): string {
  const args = c.args.map(decodeArg);
  try {
    if (c.mode === 'call') return ser(call(c.fn, args));
    const it = call(c.fn, args)[0] as LuaFunction;
    const out: string[] = [];
    for (let k = 0; k < 40; k++) {
      const r = it([]);
      if (r.length === 0 || r[0] === undefined) break;
      out.push(ser(r));
    }
    return out.join('/');
  } catch (e) {
    if (e instanceof LuaError) return 'E' + e.message;
    throw e;
  }
}

/** The oracle's reply, with the calling line luaL_error puts before library messages removed. */
function normalizeOracle(r: string): string {
  return r.startsWith('E') ? 'E' + r.slice(1).replace(/^user_script:\d+: /, '') : r;
}

// ---------------------------------------------------------------------------------------------
// The corpus

const call = (fn: string, ...args: Arg[]): Case => ({ mode: 'call', fn, args });
const gm = (...args: Arg[]): Case => ({ mode: 'gmatch', fn: 'gmatch', args });

/** A NaN with its sign bit set, as x86's 0/0 makes it (tostring prints "-nan"). */
const NEG_NAN = (() => {
  const f = new Float64Array([NaN]);
  new Uint32Array(f.buffer)[1]! |= 0x80000000;
  return f[0]!;
})();

const NUMBERS = [NEG_NAN, 0, -0, 1, -1, 0.5, 1.5, 2.5, -2.5, 0.25, 3.14159, 1e15, 1e14, 99999999999999, 123456789012345, 1e-5, 1e-4, 0.1, 1 / 3, 2 ** 53, 2 ** 63, -(2 ** 63), 2 ** 64, 1e100, -1e100, 1e308, 5e-324, Infinity, -Infinity, NaN, 255, 65, 4294967361, 100000000000005, 1234567890123.25, 0.000123456789, 999999.5];

function handWritten(): Case[] {
  const cs: Case[] = [];
  // tostring / tonumber
  for (const n of NUMBERS) cs.push(call('tostring', n));
  for (const s of ['10', ' 10 ', '0x10', '0X1F', '-0x10', '1e', '1e5', '.5', '5.', '.', '', '  ', '0x', '0x1p4', '0x1.8', 'inf', '-inf', 'INF', 'infinity', 'nan', '-nan', 'nan(12)', '10\0zz', '1 2', '10x', '1e400', '-1e-400', '  +3.5e+2\t\n', '0x.8', '1_000', 'abc']) {
    cs.push(call('tonumber', s));
  }
  for (const [s, b] of [['ff', 16], ['FF', 16], ['0xff', 16], ['-ff', 16], ['zz', 36], ['777', 8], ['8', 8], ['101', 2], [' 11 ', 2], ['', 16], ['0x', 16], ['ffffffffffffffffff', 16], ['-1', 10], ['10', 1], ['10', 37], [10, 16], ['10', '16']] as [Arg, Arg][]) {
    cs.push(call('tonumber', s, b));
  }
  cs.push(call('tonumber'), call('tonumber', null), call('tonumber', true), call('tonumber', null, 16), call('tonumber', 'x', 'y'));
  // len, sub, upper, lower, rep, reverse, byte, char
  cs.push(call('len', 'abc\0d'), call('len', 12.5), call('len'), call('len', null), call('len', true), call('len', { t: 1 }));
  for (const [i, j] of [[1, 3], [2, -1], [-3, -2], [0, 0], [5, 2], [-100, 100], [3, null], [2 ** 63, 1], [1.9, 2.9], ['2', '3'], [NaN, 3]] as [Arg, Arg][]) {
    cs.push(call('sub', 'hello\0world', i, j));
  }
  cs.push(call('sub', 'abc'), call('sub', 'abc', 'x'), call('sub', null, 1));
  cs.push(call('upper', 'abc\xe9\xffXyZ1'), call('lower', 'ABC\xc9\xdfxYz'), call('upper', 12), call('lower'));
  cs.push(call('rep', 'ab', 3), call('rep', 'ab', 0), call('rep', 'ab', -1), call('rep', '', 5), call('rep', 'x', 2.9), call('rep', 'ab', 2 ** 32 + 1), call('rep', 'ab', 2 ** 31 + 1));
  cs.push(call('rep', 'ab'), call('rep'), call('rep', 'a', 'b'), call('rep', 'a', '3'));
  cs.push(call('reverse', 'ab\0c\xff'), call('reverse', ''), call('reverse', 123));
  for (const a of [[], [1], [-1], [0], [2, 4], [-3, -1], [1, -1], [3, 2], [10], [null, 3], [1.5, 2.5]] as Arg[][]) {
    cs.push(call('byte', 'a\0\xffbc', ...a));
  }
  cs.push(call('byte', 'x'.repeat(7997), 1, -1), call('byte', 'x'.repeat(7998), 1, -1), call('byte', 'x'.repeat(7998), 1), call('byte'));
  cs.push(call('char'), call('char', 72, 105, 0, 255), call('char', 256), call('char', -1), call('char', 65.7), call('char', '66'), call('char', 65, 'x'), call('char', 2 ** 32 + 65));
  // string.dump of a Lua function returns its bytecode on the oracle, which has none here (see string.ts).
  cs.push(call('dump'), call('dump', 'x'), call('dump', { t: 1 }));
  // format
  const fmts: [string, ...Arg[]][] = [
    ['%d', 42], ['%5d|%-5d|%05d', 42, 42, 42], ['%+d % d %+ d', 5, 5, 5], ['%d', -0], ['%d', 3.99], ['%d', -3.99], ['%d', 1e100], ['%d', NaN], ['%d', '12'],
    ['%i', 2 ** 63], ['%.3d|%.0d|%.0d', 7, 0, 1], ['%u', -1], ['%u|%u|%u', 1e100, -1e100, NaN], ['%x|%X|%#x|%#X|%#o|%o', 255, 255, 255, 255, 8, 8],
    ['%#x', 0], ['%#.0o', 0], ['%#5.3x', 10], ['%c%c%c', 76, 117, 97], ['%c', 0], ['[%5c]', 0], ['[%-5c]', 65], ['%c', 2 ** 32 + 65], ['%c', 256 + 65],
    ['%e', 12345.678], ['%E', 0.000123], ['%.0e', 2.5], ['%.0e', 3.5], ['%#.0e', 3], ['%f', 1 / 3], ['%.0f', 0.5], ['%.0f', 1.5], ['%.1f', 0.25], ['%.1f', 0.35],
    ['%.2f', 1e15 + 0.125], ['%5.1f|%-8.3f|%08.2f', 3.14159, 3.14159, -3.14159], ['%f', 1e308], ['%.99f', 0.1], ['%99.99f', -1e300],
    ['%g', 100000], ['%g', 1000000], ['%g', 1e-4], ['%g', 1e-5], ['%G', 1e-10], ['%#g', 1], ['%.0g', 15], ['%.1g', 0.05], ['%.14g', 0.1], ['%.17g', 0.1], ['%.20g', 2 ** 70],
    ['%f|%e|%g', Infinity, -Infinity, NaN], ['%5.1f|%-6e|%+g|%05f', Infinity, -Infinity, Infinity, -Infinity], ['%E|%G', NaN, Infinity], ['%f', -NaN], ['%g', -0],
    ['%q', 'a\r\0"\\\n\xffz'], ['%10q', 'x'], ['%q', 12.5], ['%s', 'a\0b'], ['%s', 'a\0'.repeat(60)], ['%.3s', 'a\0'.repeat(60)], ['%5s|%-5s|%.1s|%5.1s', 'ab', 'ab', 'xyz', 'q'],
    ['%s', 1e15], ['%s', -0], ['%s', true], ['%s', null], ['%s'], ['%d'], ['%d', 'x'], ['%d', null], ['%d', { t: 1 }], ['%y', 1], ['%', 1], ['%5', 1], ['%.', 1], ['%l', 1],
    ['%------d', 1], ['%-----d', 1], ['%123d', 1], ['%1.123f', 1], ['%.123f', 1], ['%%|%%%d', 5], ['100%', 1], ['a\0b%sc', 'X'], ['%\0d', 1], ['%5.2s|', 'abc'], ['%-+ #0d', 3],
    ['no conversions'], ['', 1], ['%s %s', 'one'],
  ];
  for (const [f, ...a] of fmts) cs.push(call('format', f, ...a));
  cs.push(call('format'), call('format', 12), call('format', null));
  // find, match
  const pats: Arg[][] = [
    ['hello world', 'o w'], ['hello world', 'o', 6], ['hello world', 'l', -2], ['hello', '', 10], ['hello', '', -10], ['hello', 'xyz'], ['a.b', '.', 1, true], ['a+b', '+', 1, true],
    ['a\0b', '\0'], ['a\0b', '%z'], ['a\0b', 'a\0c'], ['a\0%d', 'a\0%d'], ['hello', 'l+'], ['hello', '(h)(e)'], ['hello', '()ll()'], ['hello', '^h'], ['hello', '^e'], ['hello', 'o$'],
    ['hello', 'l$'], ['a$b', '$b'], ['hello', '[aeiou]+'], ['hello', '[^aeiou]+', 2], ['THE (quick) fox', '%((%a+)%)'], ['THE (quick) fox', '%b()'], ['f(a(b)c)d', '%b()'], ['x', '%b'],
    ['THE quick', '%f[%a]%a+', 4], ['hello', '%f[%l]'], ['key=value', '(%w+)=(%w+)'], ['abcabc', '(abc)%1'], ['abab', '(a)(b)%2'], ['x', '%1'], ['x', '(x)%2'], ['x', '(()x)%1'],
    ['hello', '(h'], ['hello', 'h)'], ['hello', '%'], ['hello', '[a'], ['hello', '[]'], ['hello', '[^]'], ['x]', '[]]'], ['hello', '%f'], ['hello', '%fx'], ['a-b', '[a-]'], ['z-', '[%a-]+'],
    ['  trim  ', '^%s*(.-)%s*$'], ['2024-01-05', '(%d+)-(%d+)-(%d+)'], ['abc', '.-b'], ['abc', 'a*'], ['bbb', 'a*'], ['aaa', 'a-$'], ['aaab', 'a?a?b'], ['x', '((((((((((((((((((((((((((((((((x))))))))))))))))))))))))))))))))'],
    ['x', '(((((((((((((((((((((((((((((((((x)))))))))))))))))))))))))))))))))'], ['\xff\x80', '[\x80-\xff]+'], ['\xffa', '%A'], ['x', '[%'], ['x', '[%]'], ['ab', '%w%W'], [123, 2], ['abc', 'b', 'x'], [null, 'x'], ['x'],
  ];
  for (const a of pats) {
    cs.push(call('find', ...a));
    cs.push(call('match', ...a));
  }
  // gmatch
  for (const [s, p] of [['hello world from lua', '%a+'], ['k1=v1, k2=v2', '(%w+)=(%w+)'], ['abc', ''], ['abc', '()'], ['aaa', 'a*'], ['^a^a', '^a'], ['abc', '[a'], ['a,b,,c', '([^,]*)'], ['x\0y\0', '%Z+'], ['one two', '%f[%w]%w+']] as [string, string][]) {
    cs.push(gm(s, p));
  }
  cs.push(call('gmatch', 'a'), call('gfind', 'abc', '.'), gm(12, 2));
  // gsub
  const subs: Arg[][] = [
    ['hello world', 'o', '0'], ['hello world', 'o', '0', 1], ['hello world', 'o', '0', 0], ['hello world', 'o', '0', -1], ['hello', '', '-'], ['hello', 'l*', 'L'], ['hello world', '(%w+)', '<%1>'],
    ['hello world', '%w+', '%0%0'], ['hello', '(l)(l)', '%2%1'], ['hello', 'l', '%2'], ['hello', 'l', '%%'], ['hello', 'l', 'x%'], ['hello', 'l', '%a'], ['hello', '()l', '%1'], ['abc', '^a', 'X'],
    ['abc', '^', 'X'], ['abc', '$', 'X'], ['abc', 'b', 12.5], ['abc', 'b', 1e15], ['abc', 'b'], ['abc', 'b', true], ['abc', 'b', null], ['abc', 'b', 'x', 'y'], ['abc', 'b', 'x', 2 ** 32 + 1],
    ['a b ab c', '%w+', { t: 1 }], ['xyz', '%w', { t: 2 }], ['abc', '()', { t: 1 }], ['abc', '()', { t: 2 }], ['ab', '(a)(b)', { t: 3 }], ['a 1', '%w', { t: 3 }],
    ['hello world', '(o)', { f: 1 }], ['hello', '(l)(l)', { f: 1 }], ['hello', 'l', { f: 2 }], ['hello', 'l', { f: 3 }], ['hello', 'l+', { f: 4 }], ['hello', 'l', { f: 5 }], ['hello', 'l', { f: 6 }],
    ['hello', '()l', { f: 7 }], ['hello', 'e', { f: 8 }], ['hello', 'x', { f: 5 }], ['a\0b\0', '%z', '0'], ['abc', '%f[%w]', '^'], ['(a)(b)', '%b()', '[]'], ['abc', '(', 'x'], ['abc', '.', '%1', 2],
  ];
  for (const a of subs) cs.push(call('gsub', ...a));
  return cs;
}

// Generated cases: format specs over flags/width/precision/conversions, patterns over a small alphabet.
const arbNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(...NUMBERS),
  fc.double({ noDefaultInfinity: true }),
  fc.integer({ min: -1000, max: 1000 }),
  fc.integer({ min: -1000000, max: 1000000 }).map((n) => n / 64),
);
const arbFormat = fc.record({
  flags: fc.array(fc.constantFrom('-', '+', ' ', '#', '0'), { maxLength: 6 }).map((a) => a.join('')),
  width: fc.oneof(fc.constant(''), fc.integer({ min: 0, max: 99 }).map(String), fc.constant('100')),
  precision: fc.oneof(fc.constant(''), fc.constant('.'), fc.integer({ min: 0, max: 99 }).map((n) => '.' + n)),
  conv: fc.constantFrom('d', 'i', 'o', 'u', 'x', 'X', 'c', 'e', 'E', 'f', 'g', 'G', 'q', 's', 's', 'g', 'f', 'y'),
  arg: fc.oneof(arbNumber, arbNumber, fc.string({ unit: fc.constantFrom('a', 'b', '\0', '\xff', '"', '\n', '\\'), maxLength: 8 })),
});

const SUBJECT_CHARS = ['a', 'b', 'a', 'b', '(', ')', ' ', '1', '\0', '\xff', '_', '.'];
const arbSubject = fc.string({ unit: fc.constantFrom(...SUBJECT_CHARS), maxLength: 12 });
const ITEMS = ['a', 'b', '.', '%a', '%d', '%z', '%Z', '%s', '%w', '%p', '%x', '%u', '%l', '%c', '%A', '%W', '%S', '[ab]', '[^a]', '[a-c]', '[%a_]', '[]]', '[^]a]', '%(', '%)', '\xff', '\0', '%.', '%%'];
const arbItem = fc.tuple(fc.constantFrom(...ITEMS), fc.constantFrom('', '', '', '*', '+', '-', '?')).map(([i, q]) => i + q);
const arbPiece = fc.oneof(
  { weight: 6, arbitrary: arbItem },
  { weight: 1, arbitrary: fc.constantFrom('(', ')', '()', '%b()', '%bab', '%f[%w]', '%f[%z]', '%f[a]', '%1', '%2', '$') },
);
const arbPattern = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(fc.constantFrom('', '', '^'), fc.array(arbPiece, { maxLength: 6 }), fc.constantFrom('', '', '$')).map(([a, ps, z]) => a + ps.join('') + z) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom('a', 'b', '(', ')', '[', ']', '%', '^', '$', '*', '+', '-', '?', '.', '1', 'f', '\0', '\xff'), maxLength: 8 }) },
);

function generated(seed: number): Case[] {
  const cs: Case[] = [];
  for (const f of fc.sample(arbFormat, { seed, numRuns: 120 })) {
    cs.push(call('format', `[%${f.flags}${f.width}${f.precision}${f.conv}]`, f.arg));
  }
  const pats = fc.sample(fc.tuple(arbSubject, arbPattern, fc.integer({ min: -4, max: 14 })), { seed: seed + 1, numRuns: 120 });
  for (const [s, p, init] of pats) {
    cs.push(call('find', s, p, init));
    cs.push(call('match', s, p));
    cs.push(gm(s, p));
    cs.push(call('gsub', s, p, '<%0>'));
    cs.push(call('gsub', s, p, '%1', 3));
  }
  for (const n of fc.sample(arbNumber, { seed: seed + 2, numRuns: 60 })) {
    cs.push(call('tostring', n));
    cs.push(call('tonumber', numberToString(n)));
    cs.push(call('format', '%.17g|%.3e|%.10f|%.0f', n, n, n, n));
  }
  // strtod / strtoul on number-like strings.
  const numChars = ['0', '1', '9', '5', '.', 'e', 'E', '+', '-', 'x', 'X', 'p', 'a', 'f', 'F', ' ', '\t', 'n', 'i', '\0', 'z'];
  for (const [str, base] of fc.sample(fc.tuple(fc.string({ unit: fc.constantFrom(...numChars), maxLength: 10 }), fc.constantFrom(null, null, 10, 16, 2, 36, 8)), { seed: seed + 3, numRuns: 80 })) {
    cs.push(base === null ? call('tonumber', str) : call('tonumber', str, base));
  }
  const digits = (alphabet: string[]) => fc.string({ unit: fc.constantFrom(...alphabet), maxLength: 20 });
  const dec = ['0', '1', '2', '5', '7', '9'];
  const hex = [...dec, 'a', 'F', 'c'];
  const arbNumeral = fc
    .tuple(
      fc.constantFrom('', '', ' ', '\t\n'),
      fc.constantFrom('', '', '-', '+'),
      fc.oneof(
        fc.tuple(digits(dec), fc.constantFrom('', '.'), digits(dec), fc.constantFrom('', 'e', 'E-', 'e+'), digits(dec)).map((a) => a.join('')),
        fc.tuple(fc.constantFrom('0x', '0X'), digits(hex), fc.constantFrom('', '.'), digits(hex), fc.constantFrom('', 'p', 'P-', 'p+'), digits(dec)).map((a) => a.join('')),
        fc.constantFrom('inf', 'INFINITY', 'nan', 'NaN(x_1)', 'nan(', 'infin'),
      ),
      fc.constantFrom('', '', ' ', 'x', '\0junk', ' 1'),
    )
    .map((a) => a.join(''));
  for (const [str, base] of fc.sample(fc.tuple(arbNumeral, fc.constantFrom(null, null, null, 16, 2, 36)), { seed: seed + 4, numRuns: 120 })) {
    cs.push(base === null ? call('tonumber', str) : call('tonumber', str, base));
  }
  return cs;
}

function corpus(seed = 20240705): Case[] {
  return [...handWritten(), ...generated(seed)];
}

const lib = stringLibrary();

/** The stub side of the driver's `call()`: string.NAME, tostring of a number, or tonumber. */
function stubCall(fn: string, args: LuaValue[]): LuaValue[] {
  if (fn === 'tostring') return [typeof args[0] === 'number' ? numberToString(args[0]) : String(args[0])];
  if (fn === 'tonumber') return tonumber(args);
  return (lib.get(fn) as LuaFunction)(args);
}

describe.skipIf(!hasOracle())('fidelity: Lua string library', () => {
  it('gives the oracle results and errors for the whole corpus', async () => {
    const oracle = (await connectOracle())!;
    try {
      // LUA_STRING_SEED=n explores another generated corpus (the default one is what CI runs).
      const cases = corpus(process.env.LUA_STRING_SEED ? Number(process.env.LUA_STRING_SEED) : undefined);
      expect(cases.length).toBeGreaterThan(300);
      const replies: Reply[] = [];
      for (let i = 0; i < cases.length; i += 100) {
        const batch = cases.slice(i, i + 100);
        replies.push(...(await oracle.sendAll(batch.map((c) => ['EVAL', DRIVER, '0', c.mode, c.fn, ...c.args.map(encodeArg)]))));
      }
      const mismatches: string[] = [];
      cases.forEach((c, i) => {
        const r = replies[i];
        if (typeof r !== 'string') {
          mismatches.push(`${JSON.stringify(c)}: oracle replied ${JSON.stringify(r)}`);
          return;
        }
        const want = normalizeOracle(r);
        const got = runOnStub(c, stubCall);
        if (process.env.LUA_STRING_DEBUG) console.log('%s %s', JSON.stringify(c), JSON.stringify(want).slice(0, 120));
        // The one known difference (number-format.ts signBit): every NaN prints as "-nan", as x86
        // arithmetic makes them; Redis prints a parsed "nan" without the sign.
        const nanSignOnly = got !== want && got.replaceAll('-nan', 'nan') === want.replaceAll('-nan', 'nan');
        if (got !== want && !nanSignOnly) mismatches.push(`${JSON.stringify(c)}\n  stub:   ${JSON.stringify(got)}\n  oracle: ${JSON.stringify(want)}`);
      });
      expect(mismatches.slice(0, 25).join('\n'), `${mismatches.length} mismatches of ${cases.length}`).toBe('');
    } finally {
      await oracle.close();
    }
  });
});
