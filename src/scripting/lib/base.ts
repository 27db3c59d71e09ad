/**
 * Lua 5.1's base library (lbaselib.c) as Redis 7.0 opens it: assert, collectgarbage, error,
 * gcinfo, getmetatable, ipairs, load, loadstring, next, pairs, pcall, rawequal, rawget, rawset,
 * select, setmetatable, tonumber, tostring, type, unpack, xpcall and _VERSION. Redis removes
 * dofile, loadfile and print, and 7.0 has no getfenv, setfenv or newproxy in a script's globals;
 * `coroutine` and `_G` are not here (the host adds `_G`).
 *
 *   const base = createBaseLib({ load: (source, chunkname) => compile(source, chunkname) });
 *   for (const [name, v] of base) globals.set(name, v);
 *
 * next, the next pairs returns (runtime.pairsNext: in 5.1 a closure of its own, so
 * `pairs(t) == next` is false), ipairs' iterator, error, pcall and xpcall are the runtime's own
 * objects (runtime.ts): the compiler recognises its iterators by identity in generic for loops.
 *
 * Error convention (lauxlib.ts): luaL_error / argument errors are thrown bare (the runtime adds
 * "user_script:N: " and the call site's function name); errors that 5.1 raises with luaG_runerror
 * inside a C function ("table index is nil", Redis's "Attempt to modify a readonly table") carry
 * no position in real Lua and are thrown as RawLuaError.
 */
import type { Bytes } from '../../bytes.js';
import { LuaSyntaxError } from '../lexer.js';
import {
  LuaLibraryError,
  RawLuaError,
  argError,
  checkInt,
  checkString,
  libFunction as named,
  toLuaString,
  typeError,
} from '../lauxlib.js';
import * as R from '../runtime.js';
import { LuaError, type LuaFunction, LuaTable, type LuaValue, luaType } from '../values.js';
import { tonumber } from './string.js';

/** What the base library needs from the host. */
export interface BaseLibHooks {
  /**
   * Compiles a chunk. `chunkname` is already in the form messages show (luaO_chunkid's output,
   * see `chunkid`: `[string "..."]`, or the name without its '=' / '@'), so it can go straight to
   * the parser as its chunk name. `source` is the name as given (5.1's `source` field, what
   * debug.getinfo reports and Redis's error handler puts in "on <source>:<line>": the chunk's
   * text for loadstring(s), "=(load)" for load). Throws LuaSyntaxError (lexer.ts) on a syntax error.
   */
  load(text: Bytes, chunkname: string, source: Bytes): LuaFunction;
  /**
   * lua_load runs its reader under the *current* error function (L->errfunc), so a runtime
   * error in load()'s reader function (including "reader function must return a string") is
   * mapped by it before load returns it as `nil, err`: at a script's top level that is Redis's
   * __redis__err__handler (a table {err = 'ERR ' .. msg, source = '@user_script', line = N});
   * inside pcall nothing; inside xpcall that xpcall's handler. The host decides; by default the
   * value is returned as caught (what 5.1 does under pcall). Syntax errors never go through it.
   */
  readerError?(value: LuaValue, line: number | undefined): LuaValue;
  /** collectgarbage("count") in KB (default: a fixed, plausible figure; real Lua reports its heap). */
  gcCount?(): number;
}

/** Redis builds Lua with LUA_IDSIZE 80 (5.1's default is 60): how long a chunk name may print. */
const LUA_IDSIZE = 80;

/** A C string's view of a Lua string: up to the first NUL byte. */
function cString(s: string): string {
  const z = s.indexOf('\0');
  return z < 0 ? s : s.slice(0, z);
}

/**
 * luaO_chunkid: how a chunk name appears in messages. "=name" prints as name (cut to 79 bytes),
 * "@file" as file (its last 72 bytes after "..." when longer), anything else as the source text
 * `[string "first line"]`, cut at the first newline or at 63 bytes with "...".
 */
export function chunkid(source: Bytes): string {
  source = cString(source);
  if (source.charCodeAt(0) === 61 /* = */) return source.slice(1, LUA_IDSIZE);
  if (source.charCodeAt(0) === 64 /* @ */) {
    const max = LUA_IDSIZE - 8; // sizeof(" '...' ")
    const file = source.slice(1);
    return file.length > max ? '...' + file.slice(file.length - max) : file;
  }
  let len = source.search(/[\n\r]/);
  if (len < 0) len = source.length;
  const max = LUA_IDSIZE - 17; // sizeof(" [string \"...\"] ")
  if (len > max) len = max;
  return len < source.length ? `[string "${source.slice(0, len)}..."]` : `[string "${source}"]`;
}

/** luaL_checkany: "bad argument #narg to 'fname' (value expected)" for an absent argument. */
function checkAny(fname: string, args: readonly LuaValue[], narg: number): void {
  if (narg > args.length) throw argError(fname, narg, 'value expected');
}

function checkTable(fname: string, args: readonly LuaValue[], narg: number): LuaTable {
  const t = args[narg - 1];
  if (!(t instanceof LuaTable)) throw typeError(fname, args, narg, 'table');
  return t;
}

/** luaL_optstring: the default for nil or an absent argument, numbers as their text. */
function optString(fname: string, args: readonly LuaValue[], narg: number, def: Bytes): Bytes {
  return args[narg - 1] === undefined ? def : checkString(fname, args, narg);
}

/** luaL_optint. */
function optInt(fname: string, args: readonly LuaValue[], narg: number, def: number): number {
  return args[narg - 1] === undefined ? def : checkInt(fname, args, narg);
}

const truthy = (v: LuaValue): boolean => v !== undefined && v !== false;

export const READONLY_MESSAGE = 'Attempt to modify a readonly table';

/** Redis's patched lua_rawset / lua_rawseti / lua_setmetatable refuse a readonly table, without a position. */
export function checkWritable(t: LuaTable): void {
  if (t.readonly) throw new RawLuaError(READONLY_MESSAGE);
}

/** LUAI_MAXCSTACK: how many values a C function may have on its stack (unpack's results count). */
const MAXCSTACK = 8000;

// ---------------------------------------------------------------------------------------------
// The functions

const assert = named('assert', (args) => {
  checkAny('assert', args, 1);
  if (!truthy(args[0])) throw new LuaLibraryError(optString('assert', args, 2, 'assertion failed!'));
  return args.slice();
});

const GC_OPTIONS = ['stop', 'restart', 'collect', 'count', 'step', 'setpause', 'setstepmul'];

const getmetatable = named('getmetatable', (args) => {
  checkAny('getmetatable', args, 1);
  const mt = R.getMetatable(args[0]);
  if (mt === undefined) return [undefined];
  const protectedField = mt.get('__metatable');
  return [protectedField !== undefined ? protectedField : mt];
});

const setmetatable = named('setmetatable', (args) => {
  const t = checkTable('setmetatable', args, 1);
  const mt = args[1];
  // lua_type(L, 2) is LUA_TNONE for an absent argument: not nil, so refused.
  if (args.length < 2 || (mt !== undefined && !(mt instanceof LuaTable))) throw argError('setmetatable', 2, 'nil or table expected');
  if (t.metatable !== undefined && t.metatable.get('__metatable') !== undefined) {
    throw new LuaLibraryError('cannot change a protected metatable');
  }
  checkWritable(t);
  t.metatable = mt;
  return [t];
});

const ipairs = named('ipairs', (args) => [R.ipairsAux, checkTable('ipairs', args, 1), 0]);

const pairs = named('pairs', (args) => [R.pairsNext, checkTable('pairs', args, 1), undefined]);

const rawequal = named('rawequal', (args) => {
  checkAny('rawequal', args, 1);
  checkAny('rawequal', args, 2);
  return [R.rawequals(args[0], args[1])];
});

const rawget = named('rawget', (args) => {
  const t = checkTable('rawget', args, 1);
  checkAny('rawget', args, 2);
  return [t.get(args[1])];
});

const rawset = named('rawset', (args) => {
  const t = checkTable('rawset', args, 1);
  checkAny('rawset', args, 2);
  checkAny('rawset', args, 3);
  checkWritable(t);
  const k = args[1];
  if (k === undefined) throw new RawLuaError('table index is nil');
  if (typeof k === 'number' && Number.isNaN(k)) throw new RawLuaError('table index is NaN');
  t.set(k, args[2]);
  return [t];
});

const select = named('select', (args) => {
  const n = args.length;
  const a = args[0];
  if (typeof a === 'string' && a.charCodeAt(0) === 35 /* # */) return [n - 1];
  let i = checkInt('select', args, 1);
  if (i < 0) i = n + i;
  else if (i > n) i = n;
  if (i < 1) throw argError('select', 1, 'index out of range');
  return args.slice(i);
});

/** luaB_tostring: a __tostring metamethod's first result, whatever its type (5.1 does not check it). */
const tostring = named('tostring', (args) => {
  checkAny('tostring', args, 1);
  const v = args[0];
  const h = R.metamethod(v, '__tostring');
  if (h !== undefined) return [R.call(h, [v])[0]];
  return [R.tostringRaw(v)];
});

const type = named('type', (args) => {
  checkAny('type', args, 1);
  return [luaType(args[0])];
});

const unpack = named('unpack', (args) => {
  const t = checkTable('unpack', args, 1);
  let i = optInt('unpack', args, 2, 1);
  const e = args[2] === undefined ? t.length() : checkInt('unpack', args, 3);
  if (i > e) return [];
  const n = (e - i + 1) | 0; // C int arithmetic: a range of 2^31 or more wraps to <= 0
  if (n <= 0 || n > MAXCSTACK || args.length + n > MAXCSTACK) throw new LuaLibraryError('too many results to unpack');
  const out: LuaValue[] = new Array(n);
  for (let k = 0; k < n; k++, i++) out[k] = t.get(i);
  return out;
});

// ---------------------------------------------------------------------------------------------
// load / loadstring

/** load_aux's failure: nil plus the message. */
const loadFailure = (message: LuaValue): LuaValue[] => [undefined, message];

function compile(hooks: BaseLibHooks, source: Bytes, chunkname: Bytes): LuaValue[] {
  try {
    return [hooks.load(source, chunkid(chunkname), chunkname)];
  } catch (e) {
    if (e instanceof LuaSyntaxError) return loadFailure(e.message);
    throw e;
  }
}

/** The whole source a reader function gives (generic_reader): strings (or numbers) until nil or "". */
function readAll(reader: LuaValue): Bytes {
  let source = '';
  for (;;) {
    const piece = R.call(reader, [])[0];
    if (piece === undefined) return source;
    const s = toLuaString(piece);
    // luaL_error inside load: the position is that of load's caller.
    if (s === undefined) throw new LuaError(R.where(1) + 'reader function must return a string');
    if (s === '') return source;
    source += s;
  }
}

function makeLoad(hooks: BaseLibHooks): LuaFunction {
  return named('load', (args) => {
    const chunkname = optString('load', args, 2, '=(load)');
    const reader = args[0];
    if (typeof reader !== 'function') throw typeError('load', args, 1, 'function');
    const depth = R.S.depth;
    const callLine = R.S.callLine;
    let source: Bytes;
    try {
      source = readAll(reader);
    } catch (e) {
      if (e instanceof R.ScriptTimeoutError) throw e;
      R.S.depth = depth;
      R.S.callLine = callLine;
      const err = R.toLuaError(e, callLine);
      return loadFailure(hooks.readerError ? hooks.readerError(err.value, err.line) : err.value);
    }
    return compile(hooks, source, chunkname);
  });
}

function makeLoadstring(hooks: BaseLibHooks): LuaFunction {
  return named('loadstring', (args) => {
    const s = checkString('loadstring', args, 1);
    const chunkname = optString('loadstring', args, 2, s);
    return compile(hooks, s, chunkname);
  });
}

// ---------------------------------------------------------------------------------------------
// collectgarbage / gcinfo

/** A heap size in KB like a fresh Redis Lua state's (real Lua reports its allocator's count). */
const DEFAULT_GC_COUNT = 32;

function makeGc(hooks: BaseLibHooks): { collectgarbage: LuaFunction; gcinfo: LuaFunction } {
  const count = hooks.gcCount ?? (() => DEFAULT_GC_COUNT);
  // The collector's tuning, as lua_gc keeps it (setpause / setstepmul return the previous value).
  let pause = 200;
  let stepmul = 200;
  const collectgarbage = named('collectgarbage', (args) => {
    // luaL_checkoption compares C strings: "count\0x" is "count".
    const name = cString(optString('collectgarbage', args, 1, 'collect'));
    const o = GC_OPTIONS.indexOf(name);
    if (o < 0) throw argError('collectgarbage', 1, `invalid option '${name}'`);
    const ex = optInt('collectgarbage', args, 2, 0);
    switch (GC_OPTIONS[o]) {
      case 'count':
        return [count()];
      case 'step':
        // True when the step finished a cycle: a step of ex KB covers the whole (small) heap.
        return [ex > 0 && ex * 1024 >= count() * 1024];
      case 'setpause': {
        const old = pause;
        pause = ex;
        return [old];
      }
      case 'setstepmul': {
        const old = stepmul;
        stepmul = ex;
        return [old];
      }
      default:
        return [0];
    }
  });
  const gcinfo = named('gcinfo', () => [Math.floor(count())]);
  return { collectgarbage, gcinfo };
}

// ---------------------------------------------------------------------------------------------

/**
 * The base library's globals, freshly built, as name -> value (install each into the globals
 * table). collectgarbage keeps its own setpause/setstepmul state, so build one per Lua state.
 */
export function createBaseLib(hooks: BaseLibHooks): Map<string, LuaValue> {
  const { collectgarbage, gcinfo } = makeGc(hooks);
  const fns: [string, LuaValue][] = [
    ['assert', assert],
    ['collectgarbage', collectgarbage],
    ['error', R.error],
    ['gcinfo', gcinfo],
    ['getmetatable', getmetatable],
    ['ipairs', ipairs],
    ['load', makeLoad(hooks)],
    ['loadstring', makeLoadstring(hooks)],
    ['next', R.next],
    ['pairs', pairs],
    ['pcall', R.pcall],
    ['rawequal', rawequal],
    ['rawget', rawget],
    ['rawset', rawset],
    ['select', select],
    ['setmetatable', setmetatable],
    ['tonumber', tonumber],
    ['tostring', tostring],
    ['type', type],
    ['unpack', unpack],
    ['xpcall', R.xpcall],
    ['_VERSION', 'Lua 5.1'],
  ];
  return new Map(fns);
}
