/**
 * Differential test of the Lua base, table and math libraries (src/scripting/lib: base.ts,
 * table.ts, math.ts) against the oracle: each case runs as Lua inside `EVAL` on redis-server 7.0
 * and as direct calls of our functions on the same values; both results are rendered as one
 * string and must be equal.
 *
 * Results are serialised inside Lua (numbers with %.17g, strings in hex, tables with their entries
 * sorted). Errors are compared by message: the oracle's carries luaL_where's "user_script:N: "
 * (our functions throw bare messages and the runtime adds the position), except the errors 5.1
 * raises from inside C functions without a position (RawLuaError: readonly tables, "table index
 * is nil"; the runtime's own "attempt to compare ..." when raised from a library function).
 *
 * Callbacks (sort comparators, foreach functions, load readers, __tostring) are written twice:
 * in Lua for the oracle, in TypeScript for ours, and log their calls, so the test sees that a
 * comparator is called with the same pairs in the same order as Lua's auxsort calls it.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorReply, type Reply } from '../../src/reply.js';
import { LuaLibraryError, isRawLuaError } from '../../src/scripting/lauxlib.js';
import { createBaseLib } from '../../src/scripting/lib/base.js';
import { Rand48, createMathLib } from '../../src/scripting/lib/math.js';
import { createTableLib } from '../../src/scripting/lib/table.js';
import { formatG, numberToString } from '../../src/scripting/number-format.js';
import { parse } from '../../src/scripting/parser.js';
import * as R from '../../src/scripting/runtime.js';
import { LuaError, type LuaFunction, LuaTable, type LuaValue } from '../../src/scripting/values.js';
import { type Lit, LitExpr, LitTable, arr, luaString, map, toLuaSignedNan, toTs, luaSerializerPrelude } from '../support/lua-literals.js';
import { connectOracle, hasOracle } from '../support/oracle.js';
import type { RawConnection } from '../support/raw-connection.js';

// ---------------------------------------------------------------------------------------------
// Values written once, rendered as Lua source and as our LuaValues
// ---------------------------------------------------------------------------------------------

/** Lua source for a value, NaNs with their own sign (this file tests both signs). */
const toLua = toLuaSignedNan;

const PNAN = new Float64Array(new BigUint64Array([0x7ff8000000000000n]).buffer)[0]!;
/** x86's default NaN (0/0 in Lua), sign bit set. */
const NNAN = new Float64Array(new BigUint64Array([0xfff8000000000000n]).buffer)[0]!;

/** A table Redis protects (lua_enablereadonlytable): `math` on the oracle, a readonly table here. */
const READONLY = new LitExpr('math', () => {
  const t = new LuaTable();
  t.readonly = true;
  return t;
});

/** A table whose metatable has __index / __newindex functions (raw functions must bypass them). */
const META = new LitExpr("setmetatable({}, {__index = function() return 'I' end, __newindex = function() error('NI') end})", () => {
  const t = new LuaTable();
  const mt = new LuaTable();
  mt.set('__index', (() => ['I']) as LuaFunction);
  mt.set('__newindex', (() => {
    throw new LuaError('NI');
  }) as LuaFunction);
  t.metatable = mt;
  return t;
});

// ---------------------------------------------------------------------------------------------
// Serialisation, the same on both sides
// ---------------------------------------------------------------------------------------------

const LUA_PRELUDE = luaSerializerPrelude();

/** The script around a case: the case's (one-line) Lua is on line CASE_LINE, where its errors point. */
const script = (lua: string) => `${LUA_PRELUDE}\nreturn render(collect(pcall(function()\n${lua}\nend)))`;
const CASE_LINE = script('').split('\n').length - 1;
const AT = `user_script:${CASE_LINE}: `;

const nanBits = new Float64Array(1);
const nanHigh = new Uint32Array(nanBits.buffer);
/**
 * A NaN's sign as Lua's tostring shows it ("-nan" when set). Results compare NaNs without their
 * sign: V8 does not keep a NaN's sign through arrays reliably (a literal [x, x] may canonicalise
 * one of them), and numberToString prints every NaN as "-nan" for that reason; the libraries
 * still choose the sign glibc makes where they create a NaN.
 */
function nanSign(v: number): string {
  nanBits[0] = v;
  return (nanHigh[1]! & 0x80000000) !== 0 ? '-nan' : 'nan';
}

const hex = (s: string) => Array.from(s, (c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('');

function ser(v: LuaValue): string {
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
  e.sort();
  return `{${e.join(',')}}`;
}

/** What we expect the oracle to print: OK:<values> or E:<message> (library errors with the caller's position). */
function renderTs(run: () => LuaValue[]): string {
  // The calling line, as the runtime would have set it (luaL_where(L, 1) in load's reader error).
  const saved = R.S.callLine;
  R.S.callLine = CASE_LINE;
  try {
    return `OK:${run().map(ser).join('|')}`;
  } catch (e) {
    if (!(e instanceof LuaError)) throw e;
    const positioned = e instanceof LuaLibraryError && !isRawLuaError(e);
    return `E:${positioned ? AT : ''}${typeof e.value === 'string' ? e.value : e.message}`;
  } finally {
    R.S.callLine = saved;
  }
}

// ---------------------------------------------------------------------------------------------
// Our libraries
// ---------------------------------------------------------------------------------------------

/** load's hook: the real parser for syntax errors; a chunk that parses becomes a placeholder function. */
const loaded: LuaFunction = () => ['loaded'];
const base = createBaseLib({
  load: (source, chunkname) => {
    parse(source, chunkname);
    return loaded;
  },
});
const table = createTableLib();
const math = createMathLib(new Rand48());
const libs = { base, table, math } as const;

function fn(lib: 'base' | 'table' | 'math', name: string): LuaFunction {
  const v = lib === 'base' ? base.get(name) : libs[lib].get(name);
  if (typeof v !== 'function') throw new Error(`no ${lib}.${name}`);
  return v;
}

// ---------------------------------------------------------------------------------------------
// Cases
// ---------------------------------------------------------------------------------------------

interface Case {
  name: string;
  /** Lua statements ending in `return <values>`, run inside a function under pcall. */
  lua: string;
  ts: () => LuaValue[];
  /** Run alone, after a SCRIPT FLUSH (state the Lua side keeps between EVALs). */
  fresh?: boolean;
  /** A libm result: compared within one ulp and by tostring (%.14g), see closeEnough. */
  approx?: boolean;
}

/** The libm functions whose last bit may differ (glibc's are nearly correctly rounded, V8's fdlibm ports are not). */
const LIBM = new Set(['acos', 'asin', 'atan', 'atan2', 'cos', 'cosh', 'exp', 'log', 'log10', 'sin', 'sinh', 'tan', 'tanh', 'pow']);

const f64 = new Float64Array(1);
const i64 = new BigInt64Array(f64.buffer);
/** The number of doubles between a and b (same sign), or Infinity. */
function ulps(a: number, b: number): number {
  if (Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b))) return 0;
  if (Math.sign(a) !== Math.sign(b) || !Number.isFinite(a) || !Number.isFinite(b)) return Infinity;
  f64[0] = Math.abs(a);
  const x = i64[0]!;
  f64[0] = Math.abs(b);
  return Number(x > i64[0]! ? x - i64[0]! : i64[0]! - x);
}

/** Two renderings of one libm result agree: at most one ulp apart, and the same under tostring's %.14g. */
function closeEnough(oracle: string, ours: string): boolean {
  if (oracle === ours) return true;
  const num = (s: string) => (s.startsWith('OK:n:') && !s.endsWith('nan') ? Number(s.slice(5)) : undefined);
  const a = num(oracle);
  const b = num(ours);
  return a !== undefined && b !== undefined && ulps(a, b) <= 1 && numberToString(a) === numberToString(b);
}

const luaName = (lib: 'base' | 'table' | 'math', name: string) => (lib === 'base' ? name : `${lib}.${name}`);

/** `name(args...)`, called directly. */
function call(lib: 'base' | 'table' | 'math', name: string, ...args: Lit[]): Case {
  const lua = `return ${luaName(lib, name)}(${args.map(toLua).join(', ')})`;
  return { name: lua, lua, ts: () => fn(lib, name)(args.map(toTs)), approx: lib === 'math' && LIBM.has(name) };
}

/** A call on a table literal, returning the call's results and then the table as it was left. */
function mutating(lib: 'base' | 'table', name: string, t: Lit, ...args: Lit[]): Case {
  const lua = `local t = ${toLua(t)} return ${luaName(lib, name)}(t${args.map((a) => `, ${toLua(a)}`).join('')}), t`;
  return {
    name: lua,
    lua: `local t = ${toLua(t)} local r = collect(${luaName(lib, name)}(t${args.map((a) => `, ${toLua(a)}`).join('')})) r[r.n + 1] = t return unpack(r, 1, r.n + 1)`,
    ts: () => {
      const tt = toTs(t);
      return [...fn(lib, name)([tt, ...args.map(toTs)]), tt];
    },
  };
}

const cases: Case[] = [];
const B = (name: string, ...args: Lit[]) => cases.push(call('base', name, ...args));
const T = (name: string, ...args: Lit[]) => cases.push(call('table', name, ...args));
const M = (name: string, ...args: Lit[]) => cases.push(call('math', name, ...args));

// --- assert
B('assert', true);
B('assert', 1, 2, 'x', undefined);
B('assert', false);
B('assert', undefined, 'message');
B('assert', false, 12.5);
B('assert', false, arr());
B('assert', false, undefined);
B('assert');
B('assert', 0, false);

// --- collectgarbage / gcinfo (the heap's size is the oracle's own: only types compared)
for (const o of ['collect', 'stop', 'restart', undefined]) B('collectgarbage', o);
B('collectgarbage', 'collect', 5);
B('collectgarbage', 'step');
B('collectgarbage', 'step', 100000);
for (const o of ['bogus', 'Count', '', 1, 'collect\0x'] as Lit[]) B('collectgarbage', o);
B('collectgarbage', arr());
B('collectgarbage', 'count', 'x');
B('collectgarbage', 'stop', arr());
cases.push(
  {
    name: 'count is a number',
    lua: "return type(collectgarbage('count')), type(collectgarbage('count\\0x')), type(gcinfo()), gcinfo(1, 2) >= 0",
    ts: () => {
      const gc = fn('base', 'collectgarbage');
      const ty = (v: LuaValue) => (typeof v === 'number' ? 'number' : 'x');
      return [ty(gc(['count'])[0]), ty(gc(['count\0x'])[0]), ty(fn('base', 'gcinfo')([])[0]), true];
    },
  },
  {
    name: 'setpause / setstepmul return the previous value',
    lua: "local a = collectgarbage('setpause', 150) local b = collectgarbage('setpause', a) local c = collectgarbage('setstepmul', 300) local d = collectgarbage('setstepmul') local e = collectgarbage('setstepmul', c) return a, b, c, d, e",
    ts: () => {
      const f = createBaseLib({ load: () => loaded }).get('collectgarbage') as LuaFunction;
      const a = f(['setpause', 150])[0];
      const b = f(['setpause', a])[0];
      const c = f(['setstepmul', 300])[0];
      const d = f(['setstepmul'])[0];
      const e = f(['setstepmul', c])[0];
      return [a, b, c, d, e];
    },
    fresh: true,
  },
);

// --- getmetatable / setmetatable
{
  const withMt = (mtFields: string, build: (mt: LuaTable) => void) =>
    new LitExpr(`setmetatable({}, {${mtFields}})`, () => {
      const t = new LuaTable();
      const mt = new LuaTable();
      build(mt);
      t.metatable = mt;
      return t;
    });
  B('getmetatable', arr());
  B('getmetatable', 1);
  B('getmetatable', undefined);
  B('getmetatable');
  B('getmetatable', withMt("__metatable = 'locked'", (mt) => mt.set('__metatable', 'locked')));
  B('getmetatable', withMt('__metatable = false', (mt) => mt.set('__metatable', false)));
  B('getmetatable', withMt('x = 1', (mt) => mt.set('x', 1)));
  B('setmetatable', arr(), undefined);
  B('setmetatable', arr(1), map(['x', 1]));
  B('setmetatable', arr());
  B('setmetatable', arr(), 1);
  B('setmetatable', 1, arr());
  B('setmetatable', undefined, undefined);
  B('setmetatable', 'abc', arr());
  B('setmetatable', withMt("__metatable = 'locked'", (mt) => mt.set('__metatable', 'locked')), arr());
  B('setmetatable', withMt('__metatable = false', (mt) => mt.set('__metatable', false)), undefined);
  B('setmetatable', READONLY, arr());
  B('setmetatable', READONLY, undefined);
  B('setmetatable', READONLY, 5);
  cases.push({
    name: 'getmetatable after setmetatable',
    lua: 'local mt = {} local t = setmetatable({}, mt) return getmetatable(t) == mt, setmetatable(t, nil) == t, getmetatable(t)',
    ts: () => {
      const mt = new LuaTable();
      const t = fn('base', 'setmetatable')([new LuaTable(), mt])[0];
      const a = fn('base', 'getmetatable')([t])[0] === mt;
      const b = fn('base', 'setmetatable')([t, undefined])[0] === t;
      return [a, b, fn('base', 'getmetatable')([t])[0]];
    },
  });
}

// --- ipairs / pairs
for (const f of ['ipairs', 'pairs']) {
  B(f);
  B(f, undefined);
  B(f, 'abc');
  B(f, 5);
  cases.push({
    name: `${f} returns its iterator, the table and the start`,
    lua: `local t = {} local a, b, c = ${f}(t) return type(a), b == t, c, select('#', ${f}(t))`,
    ts: () => {
      const t = new LuaTable();
      const r = fn('base', f)([t]);
      return [typeof r[0] === 'function' ? 'function' : 'x', r[1] === t, r[2], r.length];
    },
  });
}
cases.push({
  name: "pairs gives its own next (not the global), ipairs one shared iterator",
  lua: 'return (pairs({})) == next, (pairs({})) == (pairs({1})), (ipairs({})) == (ipairs({1}))',
  ts: () => {
    const p = (t: LuaValue) => fn('base', 'pairs')([t])[0];
    const ip = (t: LuaValue) => fn('base', 'ipairs')([t])[0];
    return [p(new LuaTable()) === fn('base', 'next'), p(new LuaTable()) === p(toTs(arr(1))), ip(new LuaTable()) === ip(toTs(arr(1)))];
  },
});

// --- rawequal / rawget / rawset
B('rawequal', 1, 1);
B('rawequal', 'a', 'a');
B('rawequal', 'a', 'b');
B('rawequal', arr(), arr());
B('rawequal', NaN, NaN);
B('rawequal', 0, -0);
B('rawequal', 1, '1');
B('rawequal', undefined, undefined);
B('rawequal', undefined, false);
B('rawequal', 1);
B('rawequal');
B('rawget', arr('a', 'b'), 2);
B('rawget', map(['x', 1]), 'x');
B('rawget', META, 'x');
B('rawget', arr(), undefined);
B('rawget', arr(), NaN);
B('rawget', arr());
B('rawget', 'abc', 1);
B('rawget');
B('rawset', arr(), 'a', 1);
B('rawset', arr(1, 2), 2, undefined);
B('rawset', arr(1, 2), 3, 'x');
B('rawset', META, 'x', 'y');
B('rawset', arr(), undefined, 1);
B('rawset', arr(), NaN, 1);
B('rawset', arr(), 1);
B('rawset', arr());
B('rawset', 'abc', 1, 1);
B('rawset', READONLY, 'x', 1);
B('rawset', READONLY, undefined, 1);
B('rawset', READONLY, 'x');

// --- select
B('select', '#');
B('select', '#', 1, undefined, 3, undefined);
B('select', '#abc', 1);
for (const i of [1, 2, 3, 4, 10, -1, -2, -3, 0, 1.9, -1.5, '2', 2 ** 31 + 1, -(2 ** 31), 2 ** 32 + 2]) B('select', i, 'a', 'b', undefined);
B('select', 'x', 1);
B('select', '', 1);
B('select', undefined, 1);
B('select');
B('select', -1);
B('select', 1);
B('select', arr());

// --- tostring / tonumber / type
for (const v of [0, -0, 1.5, 1e15, 1e100, 1 / 3, -Infinity, 2 ** 63, 'abc', '', true, false, undefined]) B('tostring', v);
B('tostring');
{
  const meta = (ret: string, f: () => LuaValue) =>
    new LitExpr(`setmetatable({}, {__tostring = function() return ${ret} end})`, () => {
      const t = new LuaTable();
      const mt = new LuaTable();
      mt.set('__tostring', (() => [f()]) as LuaFunction);
      t.metatable = mt;
      return t;
    });
  B('tostring', meta("'custom'", () => 'custom'));
  B('tostring', meta('42', () => 42));
  B('tostring', meta('nil', () => undefined));
  B('tostring', meta('true', () => true));
  cases.push({
    name: 'a __tostring returning a table gives the table',
    lua: 'local r = {} return tostring(setmetatable({}, {__tostring = function() return r end})) == r',
    ts: () => {
      const r = new LuaTable();
      const t = new LuaTable();
      const mt = new LuaTable();
      mt.set('__tostring', (() => [r]) as LuaFunction);
      t.metatable = mt;
      return [fn('base', 'tostring')([t])[0] === r];
    },
  });
}
for (const v of ['10', '0x1F', ' 5 ', 'x', 12, undefined, true]) B('tonumber', v);
B('tonumber', 'ff', 16);
B('tonumber');
for (const v of [undefined, true, 0, 'x', arr(), new LitExpr('tostring', () => fn('base', 'tostring'))]) B('type', v);
B('type');

// --- unpack
B('unpack', arr(1, 2, 3));
B('unpack', arr(1, 2, 3), 2);
B('unpack', arr(1, 2, 3), 2, 5);
B('unpack', arr(1, 2, 3), -1, 1);
B('unpack', arr(1, 2, 3), undefined, 2);
B('unpack', arr(1, 2, 3), '2', '3');
B('unpack', arr(1, 2, 3), 2.9, 3.9);
B('unpack', arr(), 1, 0);
B('unpack', arr(), 5, 3);
B('unpack', arr());
B('unpack', map([1, 'a'], [3, 'c'], [-1, 'm']), -1, 3);
B('unpack', arr(), -(2 ** 31), 2 ** 31 - 1);
B('unpack', arr(), 0, 2 ** 31 - 1);
B('unpack', arr(), 1, 2 ** 31);
B('unpack', arr(), 1, 7998);
B('unpack', arr(), 1, 8000);
B('unpack', arr(), 'x');
B('unpack', arr(), 1, arr());
B('unpack', undefined);
B('unpack', 'abc');
B('unpack');
{
  const big = (n: number) => new LitExpr(`(function() local t = {} for i = 1, ${n} do t[i] = i end return t end)()`, () => {
    const t = new LuaTable();
    for (let i = 1; i <= n; i++) t.set(i, i);
    return t;
  });
  // LUAI_MAXCSTACK: unpack's results plus its own arguments must fit in 8000 slots.
  for (const [t, extra] of [[7999, ''], [8000, ''], [7998, ', 1'], [7999, ', 1'], [7997, ', 1, 7997'], [7998, ', 1, 7998']] as const) {
    cases.push({
      name: `select('#', unpack(t${extra})) with #t = ${t}`,
      lua: `local t = ${toLua(big(t))} return select('#', unpack(t${extra}))`,
      ts: () => {
        const args: LuaValue[] = [big(t).ts()];
        if (extra === ', 1') args.push(1);
        if (extra.startsWith(', 1, ')) args.push(1, Number(extra.slice(5)));
        return [fn('base', 'unpack')(args).length];
      },
    });
  }
}

// --- load / loadstring
for (const s of ['x=', 'return 1 +', 'x = = 1', '\x1bLua', 'for', 'return "abc', 'x=\n\ny=', '@']) B('loadstring', s);
B('loadstring', 'x=', 12);
B('loadstring', 'x=', 'abc');
B('loadstring', 'x=', '=abc');
B('loadstring', 'x=', '@abc');
B('loadstring', 'x=', '');
B('loadstring', 'x=', '=');
B('loadstring', 'x=', '@');
B('loadstring', 'x=', 'a\nb');
B('loadstring', 'x=', 'a\rb');
B('loadstring', 'x=', 'ab\0cd');
B('loadstring', 'x=', undefined);
B('loadstring', 'x=', arr());
B('loadstring', 'x=\n', 'first\nsecond');
for (const n of [40, 61, 62, 63, 64, 65, 100]) {
  B('loadstring', `${'a'.repeat(n)} b`);
  B('loadstring', 'x=', '='.concat('b'.repeat(n)));
  B('loadstring', 'x=', '@'.concat('c'.repeat(n)));
  B('loadstring', 'x=', 'd'.repeat(n));
}
B('loadstring', 'x=', '@' + 'e'.repeat(70) + 'f'.repeat(30));
B('loadstring', 'x\0=');
B('loadstring', 12);
B('loadstring');
B('loadstring', arr());
cases.push({ name: 'loadstring compiles', lua: "return type(loadstring('return 1')), type(loadstring('')), type(load(function() return nil end))", ts: () => ['function', 'function', 'function'] });
{
  /** A reader giving `pieces` one call at a time, then nil; logs its calls. */
  const reader = (pieces: Lit[]) =>
    new LitExpr(`(function() local p, n = ${toLua(arr(...pieces))}, 0 return function() n = n + 1 return p[n] end end)()`, () => {
      let n = 0;
      return (() => [toTs(pieces[n++])]) as LuaFunction;
    });
  B('load', reader(['x', '=']));
  B('load', reader(['x', '='])); // the same again: a fresh reader
  B('load', reader(['x=']), 'name');
  B('load', reader(['x=']), '=name');
  B('load', reader(['x=']), '@file.lua');
  B('load', reader(['x=']), 99);
  B('load', reader(['x', '', '=']));
  B('load', reader([5]));
  B('load', reader(['return ', 1, ' +']));
  B('load', reader([arr()]));
  B('load', reader(['x', true]));
  B('load', reader(['x=']), arr());
  B('load', reader(['return 1']));
  B('load');
  B('load', 'return 1');
  B('load', undefined, 'x');
  cases.push({
    name: 'load: a reader that raises',
    lua: "return load(function() error('boom') end)",
    ts: () =>
      fn('base', 'load')([
        (() => {
          throw new LuaError(`${AT}boom`);
        }) as LuaFunction,
      ]),
  });
  cases.push({
    name: 'load: a reader that raises a level-0 message',
    lua: "return load(function() error('boom', 0) end)",
    ts: () =>
      fn('base', 'load')([
        (() => {
          throw new LuaError('boom');
        }) as LuaFunction,
      ]),
  });
}

// --- _VERSION
cases.push({ name: '_VERSION', lua: 'return _VERSION', ts: () => [base.get('_VERSION')] });

// --- table.concat
T('concat', arr(1, 2, 3));
T('concat', arr('a', 'b', 'c'), ', ');
T('concat', arr('a', 'b', 'c'), ', ', 2);
T('concat', arr('a', 'b', 'c'), ', ', 2, 3);
T('concat', arr('a', 'b', 'c'), ', ', 3, 2);
T('concat', arr('a', 'b', 'c'), ', ', 3, 3);
T('concat', arr('a', 'b', 'c'), 0, '1', '2');
T('concat', arr(1.5, 1e100, -0, 1 / 3, 2 ** 63), '|');
T('concat', arr(1, arr(), 3));
T('concat', arr(1, 2), '', 1, 3);
T('concat', arr(1, true));
T('concat', arr(), undefined, 1, 1);
T('concat', arr());
T('concat', undefined);
T('concat', undefined, arr());
T('concat', arr(), arr());
T('concat', arr(1), '', 'x');
T('concat', arr(1), '', 1, 'y');
T('concat', 'abc');
T('concat', map([1, 'a'], [2, 'b'], ['x', 'y']), '-');

// --- foreach / foreachi / getn / maxn / setn
{
  const logger = (ret: string, stopAt: number | undefined) => {
    const lua = `function(k, v) log[#log + 1] = tostring(k) .. '=' .. tostring(v) ${stopAt === undefined ? '' : `if k == ${stopAt} then return ${ret} end`} end`;
    return lua;
  };
  for (const [name, t, stopAt] of [
    ['foreachi', arr(10, 20, 30), undefined],
    ['foreachi', arr(10, 20, 30), 2],
    ['foreachi', arr(), undefined],
    ['foreach', arr('a', 'b'), undefined],
    ['foreach', arr('a', 'b', 'c'), 3],
    ['foreach', map(['x', 1]), undefined],
  ] as const) {
    cases.push({
      name: `table.${name}(${toLua(t)}) stopping at ${String(stopAt)}`,
      lua: `local log = {} local f = ${logger("'stop'", stopAt)} local r = collect(table.${name}(${toLua(t)}, f)) return r.n, r[1], table.concat(log, ',')`,
      ts: () => {
        const log: string[] = [];
        const f: LuaFunction = (a) => {
          log.push(`${R.tostringRaw(a[0])}=${R.tostringRaw(a[1])}`);
          return a[0] === stopAt ? ['stop'] : [];
        };
        const r = fn('table', name)([toTs(t), f]);
        return [r.length, r[0], log.join(',')];
      },
    });
  }
  T('foreachi', undefined, undefined);
  T('foreachi', arr());
  T('foreachi', arr(), 1);
  T('foreach', arr());
  T('foreach', 'x', arr());
  T('getn', arr(1, 2, 3));
  T('getn', arr());
  T('getn', map(['x', 1]));
  T('getn', undefined);
  T('getn');
  T('maxn', arr());
  T('maxn', arr(1, 2, 3));
  T('maxn', map([10, 1], [2.5, 1], ['x', 1]));
  T('maxn', map([-5, 1]));
  T('maxn', map([1.5, 1]));
  T('maxn', map([1e300, 1], [Infinity, 2]));
  T('maxn', 1);
  T('setn', arr(), 1);
  T('setn', arr());
  T('setn', undefined, 1);
  T('setn', READONLY, 1);
}

// --- table.insert / table.remove
{
  const t3 = () => arr('a', 'b', 'c');
  const ins = (...args: Lit[]) => cases.push(mutating('table', 'insert', t3(), ...args));
  ins('x');
  for (const p of [1, 2, 3, 4, 5, 10, 0, -1, -3, 2.7, '2']) ins(p, 'x');
  ins(2, undefined);
  ins(undefined);
  ins('x', 'y');
  ins(arr(), 'y');
  ins(1, 2, 3);
  cases.push(mutating('table', 'insert', arr()));
  cases.push(mutating('table', 'insert', arr(), 'z'));
  cases.push(mutating('table', 'insert', arr(), 3, 'z'));
  T('insert', undefined, 1);
  T('insert', 'abc', 1);
  T('insert');
  T('insert', READONLY, 1);
  T('insert', READONLY, 1, 1);
  T('insert', READONLY, 'x', 1);
  const rem = (...args: Lit[]) => cases.push(mutating('table', 'remove', t3(), ...args));
  rem();
  for (const p of [1, 2, 3, 4, 0, -1, 2.5, '1']) rem(p);
  rem(undefined);
  rem('x');
  rem(arr());
  cases.push(mutating('table', 'remove', arr()));
  cases.push(mutating('table', 'remove', arr(), 0));
  cases.push(mutating('table', 'remove', arr(), 1));
  cases.push(mutating('table', 'remove', arr('only')));
  T('remove', undefined);
  T('remove', READONLY);
  T('remove', READONLY, 1);
}

// --- table.sort
/** Lua's sort of `t` with an optional comparator written in Lua and in TS; returns the array and the comparison log. */
function sortCase(name: string, t: Lit[], cmp?: { lua: string; ts: (a: LuaValue, b: LuaValue) => LuaValue }, logged = false): Case {
  const luaCmp = cmp === undefined ? 'nil' : logged ? `function(a, b) log[#log + 1] = tostring(a) .. '<' .. tostring(b) return (${cmp.lua})(a, b) end` : cmp.lua;
  return {
    name: `sort ${name}: ${toLua(arr(...t)).slice(0, 120)}`,
    lua: `local log = {} local t = ${toLua(arr(...t))} local ok, e = pcall(table.sort, t, ${luaCmp}) return ok and 'ok' or e, t, table.concat(log, ',')`,
    ts: () => {
      const tt = toTs(arr(...t)) as LuaTable;
      const log: string[] = [];
      const f: LuaFunction | undefined =
        cmp === undefined
          ? undefined
          : (a) => {
              if (logged) log.push(`${R.tostringRaw(a[0])}<${R.tostringRaw(a[1])}`);
              return [cmp.ts(a[0], a[1])];
            };
      let status: LuaValue = 'ok';
      try {
        fn('table', 'sort')(f === undefined ? [tt] : [tt, f]);
      } catch (e) {
        if (!(e instanceof LuaError)) throw e;
        // pcall(table.sort, ...): luaL_error's position is pcall's (a C function), so none.
        status = e.value;
      }
      return [status, tt, log.join(',')];
    },
  };
}

const LT = { lua: 'function(a, b) return a < b end', ts: (a: LuaValue, b: LuaValue) => R.lt(a, b, CASE_LINE) };
const GT = { lua: 'function(a, b) return a > b end', ts: (a: LuaValue, b: LuaValue) => R.lt(b, a, CASE_LINE) };
const LE = { lua: 'function(a, b) return a <= b end', ts: (a: LuaValue, b: LuaValue) => R.le(a, b, CASE_LINE) };
const ALWAYS = { lua: 'function(a, b) return true end', ts: () => true };
const NEVER = { lua: 'function(a, b) return nil end', ts: () => undefined };
/** Inconsistent but defined on nil too: exercises the out-of-range reads and "invalid order function". */
const ODD = {
  lua: 'function(a, b) if a == nil or b == nil then return a == nil end return (a * 7 + b * 13) % 3 == 0 end',
  ts: (a: LuaValue, b: LuaValue) => (a === undefined || b === undefined ? a === undefined : ((a as number) * 7 + (b as number) * 13) % 3 === 0),
};
const NUMERIC_STRINGS = { lua: 'function(a, b) return tonumber(a) < tonumber(b) end', ts: (a: LuaValue, b: LuaValue) => Number(a) < Number(b) };

for (const t of [[], [1], [2, 1], [3, 1, 2], [1, 2, 3], [3, 2, 1], [5, 1, 4, 2, 3], [1, 1, 1, 1], [2, 1, 2, 1, 2, 1]] as number[][]) {
  cases.push(sortCase('numbers', t), sortCase('numbers, logged <', t, LT, true), sortCase('numbers, logged >', t, GT, true));
}
cases.push(
  sortCase('strings', ['b', 'a', 'c', 'B', '', 'ab', '\xff', '\x00']),
  sortCase('mixed numbers and strings', [1, 'a', 2]),
  sortCase('mixed strings and numbers', ['a', 1, 'b', 2, 'c']),
  sortCase('tables', [arr(), arr()]),
  sortCase('booleans', [true, false]),
  sortCase('number and table', [1, arr()]),
  sortCase('float specials', [NaN, 1, -Infinity, 0, -0, Infinity, 0.5]),
  sortCase('always true', [3, 1, 2, 5, 4], ALWAYS, true),
  sortCase('always true, 2', [1, 2], ALWAYS, true),
  sortCase('always true, 3', [1, 2, 3], ALWAYS, true),
  sortCase('never', [3, 1, 2, 5, 4, 9, 0], NEVER, true),
  sortCase('<= with duplicates', [2, 2, 2, 2, 2], LE, true),
  sortCase('<= with duplicates, longer', [3, 1, 3, 1, 3, 1, 3, 1, 2, 2, 2], LE, true),
  sortCase('numeric strings', ['10', '9', '100', '1'], NUMERIC_STRINGS, true),
);
{
  const errCmp = { lua: "function(a, b) error('cmp failed', 0) end", ts: () => {
    throw new LuaError('cmp failed');
  } };
  cases.push(sortCase('comparator raises', [2, 1], errCmp));
}
T('sort', arr(), 1);
T('sort', arr(2, 1), 'x');
T('sort', arr(2, 1), arr());
T('sort', undefined);
T('sort', 'abc');
T('sort');
T('sort', READONLY);
cases.push(mutating('table', 'sort', arr(3, 2, 1), undefined));

function generatedSortCases(): Case[] {
  const out: Case[] = [];
  const ints = fc.array(fc.integer({ min: -20, max: 20 }), { maxLength: 150 });
  for (const t of fc.sample(ints, { numRuns: 80, seed: 3 })) out.push(sortCase('generated', t), sortCase('generated, logged >', t, GT, true));
  for (const t of fc.sample(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 40 }), { numRuns: 60, seed: 4 })) {
    out.push(sortCase('generated, odd comparator', t, ODD, true), sortCase('generated, <=', t, LE, true));
  }
  for (const t of fc.sample(fc.array(fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constantFrom('a', 'b')), { minLength: 2, maxLength: 12 }), { numRuns: 40, seed: 5 })) {
    out.push(sortCase('generated, mixed types', t));
  }
  for (const t of fc.sample(fc.array(fc.string({ maxLength: 4 }), { maxLength: 60 }), { numRuns: 30, seed: 6 })) out.push(sortCase('generated strings', t));
  return out;
}

// --- math: errors and edges
const MATH_1 = ['abs', 'acos', 'asin', 'atan', 'ceil', 'cos', 'cosh', 'deg', 'exp', 'floor', 'log', 'log10', 'rad', 'sin', 'sinh', 'sqrt', 'tan', 'tanh'];
const MATH_EDGES = [0, -0, 1, -1, 0.5, -0.5, 1.5, -1.5, 2.5, 2, 3, 10, 100, 1e-300, 5e-324, 2.2250738585072014e-308, 1e300, 1.7976931348623157e308, 710, 709.78, -745.2, 1e15 + 0.5, 2 ** 52, 2 ** 53, -(2 ** 63), Math.PI, Math.PI / 2, Math.PI / 4, 1e22, Infinity, -Infinity, NNAN, PNAN, 0.1, 1 / 3, 22, 0.7, 1e-8, 2, -2, 1.0000000000000002];
for (const f of MATH_1) {
  for (const x of MATH_EDGES) M(f, x);
  M(f, '2');
  M(f, 'x');
  M(f);
  M(f, undefined);
}
for (const f of ['atan2', 'fmod', 'pow']) {
  for (const [x, y] of [[1, 2], [-1, 2], [0, -0], [-0, -0], [-0, 0], [0, 0], [1, 0], [5, 3], [-5, 3], [5, -3], [5.5, 2], [1e300, 1e-300], [Infinity, 2], [2, Infinity], [-Infinity, -Infinity], [NNAN, 1], [1, NNAN], [PNAN, 1], [1, PNAN], [PNAN, NNAN], [NNAN, PNAN], [PNAN, 0], [NNAN, 0], [NNAN, -1], [PNAN, -1], [NNAN, 2], [NNAN, Infinity], [-1, NNAN], [PNAN, 3], [PNAN, -3], [1, Infinity], [-1, Infinity], [-1, -Infinity], [-8, 1 / 3], [2, 0.5], [10, 308], [10, 309], [2, -1074], [2, -1075], [-2, 3], [-0, -1], [0, -1], [-0, -3], [7, 0.5]]) {
    M(f, x, y);
  }
  M(f, 1);
  M(f, 1, 'x');
  M(f);
}
M('mod', 5.5, 2);
for (const x of [...MATH_EDGES, 0.75, -0.3, 4.5e-320, 1.0000000000000002, 123456.789]) {
  M('frexp', x);
  M('modf', x);
}
M('frexp');
M('modf', 'x');
for (const [x, e] of [[1, 0], [1, 1], [1, -1], [1, 1023], [1, 1024], [0.5, 1025], [1, -1022], [1, -1074], [1, -1075], [0.75, -1074], [0.5, -1074], [1.5, -1075], [3, -1076], [1, 2 ** 31], [1, 2 ** 32 + 3], [5e-324, 1074], [5e-324, 2000], [1e308, -2000], [-1, -1075], [-0.75, -1074], [Infinity, -5], [NNAN, 3], [PNAN, 3], [0, 5], [-0, 5], [1.2345, 10.7], [1, -10.7], [1.9999999999999998, -1023], [1.0000000000000002, -1023]]) {
  M('ldexp', x, e);
}
M('ldexp', 1);
M('ldexp', 1, 'x');
M('ldexp', 'y', 1);
for (const f of ['max', 'min']) {
  M(f, 1);
  M(f, 3, 1, 2);
  M(f, 1, 3, 2);
  M(f, '5', 4);
  M(f, NNAN, 1);
  M(f, 1, NNAN);
  M(f, PNAN, 1);
  M(f, 1, PNAN);
  M(f, 0, -0);
  M(f, -0, 0);
  M(f, -Infinity, Infinity);
  M(f);
  M(f, 1, 'x');
  M(f, undefined);
}
cases.push(
  { name: 'math constants', lua: 'return math.pi, math.huge, -math.huge, math.mod == math.fmod', ts: () => [math.get('pi'), math.get('huge'), -(math.get('huge') as number), math.get('mod') === math.get('fmod')] },
  {
    name: 'tostring of math results (%.14g)',
    lua: 'return tostring(math.sin(1)), tostring(math.pi), tostring(math.sqrt(2)), tostring(math.floor(-0.5)), tostring(math.huge), tostring(math.log(0)), tostring(math.exp(1)), tostring(math.fmod(1, 0))',
    ts: () => [Math.sin(1), Math.PI, Math.SQRT2, Math.floor(-0.5), Infinity, -Infinity, Math.exp(1), NaN].map((n) => numberToString(n)),
  },
);

// --- math.random / math.randomseed (each case seeds first: the oracle's generator is process-wide)
{
  const draws = (seed: Lit, calls: Lit[][]): Case => {
    const luaCalls = calls.map((a) => `math.random(${a.map(toLua).join(', ')})`);
    return {
      name: `randomseed(${toLua(seed)}) then ${luaCalls.join(' ')}`,
      lua: `math.randomseed(${toLua(seed)}) local o = {} ${luaCalls.map((c) => `o[#o + 1] = ${c}`).join(' ')} return unpack(o, 1, ${calls.length})`,
      ts: () => {
        fn('math', 'randomseed')([toTs(seed)]);
        return calls.map((a) => fn('math', 'random')(a.map(toTs))[0]);
      },
    };
  };
  const mix: Lit[][] = [[], [], [], [10], [10], [10], [3, 7], [3, 7], [3, 7], [-5, 5], [1, 2 ** 31 - 1], [-(2 ** 31), 2 ** 31 - 1], [1], [0, 0], [2.9], [1.5, 3.5], ['4'], [2 ** 31 + 5]];
  for (const seed of [0, 1, -1, 42, 12345, 2 ** 31 - 1, -(2 ** 31), 2 ** 32 + 5, 1.5, -7.9, '3', 1e10]) cases.push(draws(seed, mix));
  cases.push(draws(7, Array.from({ length: 200 }, () => [])), draws(8, Array.from({ length: 200 }, (_, i) => [i + 1])), draws(9, Array.from({ length: 200 }, (_, i) => [-i, i])));
  M('random', 0);
  M('random', -3);
  M('random', 5, 4);
  M('random', 1, 2, 3);
  M('random', 'x');
  M('random', 1, 'y');
  M('random', undefined);
  M('random', 2 ** 31);
  M('randomseed');
  M('randomseed', 'x');
  M('randomseed', undefined);
  cases.push({
    name: 'a failing math.random still draws',
    lua: "math.randomseed(5) local ok = pcall(function() return math.random('x') end) local ok2 = pcall(function() return math.random(1, 2, 3) end) return ok, ok2, math.random()",
    ts: () => {
      fn('math', 'randomseed')([5]);
      const tryIt = (args: LuaValue[]) => {
        try {
          fn('math', 'random')(args);
          return true;
        } catch {
          return false;
        }
      };
      return [tryIt(['x']), tryIt([1, 2, 3]), fn('math', 'random')([])[0]];
    },
  });
}

function generatedMathCases(): Case[] {
  const out: Case[] = [];
  const dbl = fc.oneof(fc.double(), fc.double({ min: -10, max: 10 }), fc.double({ min: -1, max: 1 }), fc.integer({ min: -1000, max: 1000 }).map((n) => n / 8));
  const xs = fc.sample(dbl, { numRuns: 60, seed: 17 });
  for (const f of [...MATH_1, 'frexp', 'modf']) for (const x of xs) out.push(call('math', f, x));
  const pairs = fc.sample(fc.tuple(dbl, dbl), { numRuns: 60, seed: 19 });
  for (const f of ['atan2', 'fmod', 'pow']) for (const [x, y] of pairs) out.push(call('math', f, x, y));
  for (const [x, y] of fc.sample(fc.tuple(fc.double({ min: 0, max: 100, noNaN: true }), fc.double({ min: -30, max: 30, noNaN: true })), { numRuns: 80, seed: 23 })) {
    out.push(call('math', 'pow', x, y));
  }
  for (const [x, e] of fc.sample(fc.tuple(dbl, fc.integer({ min: -1100, max: 1100 })), { numRuns: 80, seed: 29 })) out.push(call('math', 'ldexp', x, e));
  return out;
}

// ---------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------

describe.skipIf(!hasOracle())('fidelity: Lua base, table and math libraries', () => {
  let conn: RawConnection;
  beforeAll(async () => {
    conn = (await connectOracle())!;
  });
  afterAll(async () => {
    await conn?.close();
  });


  async function check(all: Case[]): Promise<void> {
    const replies: Reply[] = [];
    let pending: Case[] = [];
    const sendPending = async () => {
      if (pending.length !== 0) replies.push(...(await conn.sendAll(pending.map((c) => ['EVAL', script(c.lua), '0']))));
      pending = [];
    };
    for (const c of all) {
      if (c.fresh) {
        await sendPending();
        await conn.send(['SCRIPT', 'FLUSH']);
        replies.push(await conn.send(['EVAL', script(c.lua), '0']));
      } else {
        pending.push(c);
        if (pending.length === 200) await sendPending();
      }
    }
    await sendPending();
    const mismatches: string[] = [];
    all.forEach((c, i) => {
      const r = replies[i];
      const oracle = r instanceof ErrorReply ? `REPLY ERROR ${r.message}` : String(r);
      const ours = renderTs(c.ts);
      if (c.approx ? !closeEnough(oracle, ours) : oracle !== ours) mismatches.push(`${c.name}\n  oracle: ${oracle.slice(0, 600)}\n  ours:   ${ours.slice(0, 600)}`);
    });
    expect(mismatches.slice(0, Number(process.env.LUA_SHOW_MISMATCHES ?? 15)).join('\n'), `${mismatches.length} of ${all.length} cases differ`).toBe('');
  }

  it(`hand-written corpus (${cases.length} cases)`, async () => {
    await check(cases);
  });

  it('generated sorts (comparison order, errors)', async () => {
    await check(generatedSortCases());
  });

  it('generated math arguments (every bit of the result)', async () => {
    await check(generatedMathCases());
  });

  it('the random generator carries on across EVALs (Redis 7.0 does not reseed per script)', async () => {
    await conn.send(['EVAL', 'math.randomseed(77)', '0']);
    const a = await conn.send(['EVAL', "return string.format('%.17g', math.random())", '0']);
    const b = await conn.send(['EVAL', 'return math.random(1000000)', '0']);
    const g = new Rand48();
    const m = createMathLib(g);
    (m.get('randomseed') as LuaFunction)([77]);
    const ra = formatG((m.get('random') as LuaFunction)([])[0] as number, 17);
    const rb = (m.get('random') as LuaFunction)([1000000])[0];
    expect([String(a), b]).toEqual([ra, rb]);
  });
});
