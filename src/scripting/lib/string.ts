/**
 * Lua 5.1's string library (lstrlib.c) as Redis 7.0 ships it: byte, char, dump, find, format,
 * gfind (5.1's LUA_COMPAT_GFIND alias of gmatch), gmatch, gsub, len, lower, match, rep, reverse,
 * sub, upper. Each function takes its arguments as an array and returns its results as an array
 * (values.ts's LuaFunction), checking arguments with lauxlib's words.
 *
 * Errors are LuaLibraryError / LuaArgError (lauxlib.ts): their messages lack the
 * "user_script:LINE: " prefix luaL_error adds, which the runtime supplies from the calling line.
 */
import type { Bytes } from '../../bytes.js';
import {
  LuaArgError,
  LuaLibraryError,
  checkInt,
  checkInteger,
  checkNumber,
  checkString,
  libFunction as named,
  optInteger,
  toNumber,
  typeError,
} from '../lauxlib.js';
import { type LuaFunction, LuaTable, type LuaValue, luaType } from '../values.js';
import { formatFloat, numberToString, pad, toInt64, tonumberBase, toUint64 } from '../number-format.js';
import { MatchState, hasSpecials, isDigitByte, patternOf } from './lua-patterns.js';

/** posrelat: a negative position counts from the end; still negative becomes 0. */
function posrelat(pos: number, len: number): number {
  if (pos < 0) pos += len + 1;
  return pos >= 0 ? pos : 0;
}

/** lua_toboolean. */
function truthy(v: LuaValue): boolean {
  return v !== undefined && v !== false;
}

// ---------------------------------------------------------------------------------------------
// Simple functions

function len(args: LuaValue[]): LuaValue[] {
  return [checkString('len', args, 1).length];
}

function sub(args: LuaValue[]): LuaValue[] {
  const s = checkString('sub', args, 1);
  const l = s.length;
  let start = posrelat(checkInteger('sub', args, 2), l);
  let end = posrelat(optInteger('sub', args, 3, -1), l);
  if (start < 1) start = 1;
  if (end > l) end = l;
  return [start <= end ? s.slice(start - 1, end) : ''];
}

// C-locale toupper/tolower touch a-z / A-Z only (String's own case mapping would change Latin-1 bytes).
function upper(args: LuaValue[]): LuaValue[] {
  return [checkString('upper', args, 1).replace(/[a-z]+/g, (m) => m.toUpperCase())];
}

function lower(args: LuaValue[]): LuaValue[] {
  return [checkString('lower', args, 1).replace(/[A-Z]+/g, (m) => m.toLowerCase())];
}

/** The longest string V8 can build (one byte per char): beyond it Redis's Lua would need gigabytes. */
const MAX_STRING = 0x1fffffe8;

function rep(args: LuaValue[]): LuaValue[] {
  const s = checkString('rep', args, 1);
  const n = checkInt('rep', args, 2);
  if (n <= 0 || s.length === 0) return [''];
  if (s.length * n > MAX_STRING) throw new LuaLibraryError('not enough memory');
  return [s.repeat(n)];
}

function reverse(args: LuaValue[]): LuaValue[] {
  const s = checkString('reverse', args, 1);
  let out = '';
  for (let i = s.length - 1; i >= 0; i--) out += s[i];
  return [out];
}

/** LUAI_MAXCSTACK: how many values a C function may push (string.byte's results count). */
const MAXCSTACK = 8000;

function byte(args: LuaValue[]): LuaValue[] {
  const s = checkString('byte', args, 1);
  const l = s.length;
  let posi = posrelat(optInteger('byte', args, 2, 1), l);
  let pose = posrelat(optInteger('byte', args, 3, posi), l);
  if (posi <= 0) posi = 1;
  if (pose > l) pose = l;
  if (posi > pose) return [];
  const n = pose - posi + 1;
  // luaL_checkstack: the arguments already on the stack count against the limit.
  if (n > MAXCSTACK || args.length + n > MAXCSTACK) throw new LuaLibraryError('stack overflow (string slice too long)');
  const out: LuaValue[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = s.charCodeAt(posi - 1 + i);
  return out;
}

function char(args: LuaValue[]): LuaValue[] {
  let out = '';
  for (let i = 0; i < args.length; i++) {
    const c = checkInt('char', args, i + 1);
    if ((c & 0xff) !== c) throw new LuaArgError(i + 1, 'char', 'invalid value');
    out += String.fromCharCode(c);
  }
  return [out];
}

function dump(args: LuaValue[]): LuaValue[] {
  if (typeof args[0] !== 'function') throw typeError('dump', args, 1, 'function');
  // lua_dump refuses C functions with this message.
  if ((args[0] as LuaFunction).luaName !== undefined) throw new LuaLibraryError('unable to dump given function');
  // There is no Lua bytecode here: a Lua function dumps as 5.1's bare chunk header, which is
  // enough for scripts that only check it is a string (Redis refuses to load binary chunks anyway).
  return ['\x1bLuaQ\x00\x01\x04\x08\x04\x08\x00'];
}

// ---------------------------------------------------------------------------------------------
// string.format

const FLAGS = '-+ #0';

/** addquoted (%q): ", \ and newline escaped with a backslash, \r as \r, \0 as \000. */
function quoted(s: Bytes): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    switch (c) {
      case '"':
      case '\\':
      case '\n':
        out += '\\' + c;
        break;
      case '\r':
        out += '\\r';
        break;
      case '\0':
        out += '\\000';
        break;
      default:
        out += c;
    }
  }
  return out + '"';
}

interface Spec {
  minus: boolean;
  plus: boolean;
  space: boolean;
  alt: boolean;
  zero: boolean;
  width: number;
  precision: number | undefined;
}

/** glibc's %d %i %o %u %x %X of a 64-bit value (signed only for d and i). */
function formatInteger(v: bigint, conv: string, spec: Spec): string {
  const signed = conv === 'd' || conv === 'i';
  const neg = v < 0n;
  const mag = neg ? -v : v;
  const base = conv === 'o' ? 8 : conv === 'x' || conv === 'X' ? 16 : 10;
  let digits = mag.toString(base);
  if (conv === 'X') digits = digits.toUpperCase();
  if (spec.precision !== undefined) {
    if (spec.precision === 0 && mag === 0n) digits = '';
    digits = digits.padStart(spec.precision, '0');
  }
  let prefix = '';
  if (signed) prefix = neg ? '-' : spec.plus ? '+' : spec.space ? ' ' : '';
  if (spec.alt) {
    if (conv === 'o' && digits[0] !== '0') digits = '0' + digits;
    else if ((conv === 'x' || conv === 'X') && mag !== 0n) prefix = conv === 'x' ? '0x' : '0X';
  }
  // '0' pads with zeros unless '-' is given or a precision is (C says so for integers).
  return pad(prefix, digits, spec.width, spec.minus, spec.zero && spec.precision === undefined);
}

/** (int)d compiled directly (cvttsd2si, 32 bits): out of range and NaN give INT_MIN. */
function cInt(d: number): number {
  return d >= -2147483648 && d < 2147483648 ? Math.trunc(d) : -2147483648;
}

/** C's strlen: sprintf's output is added up to its first \0 (a %c of 0 adds nothing). */
function cStr(s: string): string {
  const z = s.indexOf('\0');
  return z < 0 ? s : s.slice(0, z);
}

function format(args: LuaValue[]): LuaValue[] {
  const fmt = checkString('format', args, 1);
  const end = fmt.length;
  let arg = 0;
  let out = '';
  let i = 0;
  // Lua strings end with a \0 that the C code reads at the end: at(end) is 0.
  const at = (k: number): number => (k < end ? fmt.charCodeAt(k) : 0);
  while (i < end) {
    const c = fmt[i]!;
    if (c !== '%') {
      out += c;
      i++;
      continue;
    }
    i++;
    if (at(i) === 37) {
      out += '%'; // %%
      i++;
      continue;
    }
    // A conversion: its argument must exist before the spec is even read.
    if (++arg >= args.length) throw new LuaArgError(arg + 1, 'format', 'no value');
    // scanformat
    const start = i;
    while (at(i) !== 0 && FLAGS.includes(fmt[i]!)) i++;
    if (i - start >= FLAGS.length + 1) throw new LuaLibraryError('invalid format (repeated flags)');
    const flags = fmt.slice(start, i);
    let width = 0;
    if (isDigitByte(at(i))) width = at(i++) - 48;
    if (isDigitByte(at(i))) width = width * 10 + at(i++) - 48;
    let precision: number | undefined;
    let hasDot = false;
    if (at(i) === 46) {
      hasDot = true;
      i++;
      precision = 0;
      if (isDigitByte(at(i))) precision = at(i++) - 48;
      if (isDigitByte(at(i))) precision = precision * 10 + at(i++) - 48;
    }
    if (isDigitByte(at(i))) throw new LuaLibraryError('invalid format (width or precision too long)');
    const conv = at(i);
    i++;
    const spec: Spec = {
      minus: flags.includes('-'),
      plus: flags.includes('+'),
      space: flags.includes(' '),
      alt: flags.includes('#'),
      zero: flags.includes('0'),
      width,
      precision,
    };
    switch (conv) {
      case 99: {
        // %c: glibc pads with spaces only ('0' is ignored), then strlen cuts at a \0
        const ch = String.fromCharCode(cInt(checkNumber('format', args, arg + 1)) & 0xff);
        out += cStr(pad('', ch, width, spec.minus, false));
        break;
      }
      case 100: // d
      case 105: // i
        out += formatInteger(toInt64(checkNumber('format', args, arg + 1)), String.fromCharCode(conv), spec);
        break;
      case 111: // o
      case 117: // u
      case 120: // x
      case 88: // X
        out += formatInteger(toUint64(checkNumber('format', args, arg + 1)), String.fromCharCode(conv), spec);
        break;
      case 101: // e
      case 69: // E
      case 102: // f
      case 103: // g
      case 71: // G
        out += formatFloat(checkNumber('format', args, arg + 1), {
          conv: String.fromCharCode(conv),
          minus: spec.minus,
          plus: spec.plus,
          space: spec.space,
          alt: spec.alt,
          zero: spec.zero,
          width,
          precision,
        });
        break;
      case 113: // q: flags, width and precision are read but ignored
        out += quoted(checkString('format', args, arg + 1));
        break;
      case 115: {
        // s
        const s = checkString('format', args, arg + 1);
        if (!hasDot && s.length >= 100) {
          // "no precision and string is too long to be formatted": added whole, \0s included
          out += s;
        } else {
          let t = cStr(s);
          if (precision !== undefined) t = t.slice(0, precision);
          out += pad('', t, width, spec.minus, false);
        }
        break;
      }
      default:
        // luaL_error's %c of a \0 prints nothing: "invalid option '%' to 'format'".
        throw new LuaLibraryError(`invalid option '%${conv === 0 ? '' : String.fromCharCode(conv)}' to 'format'`);
    }
  }
  return [out];
}

// ---------------------------------------------------------------------------------------------
// find, match, gmatch, gsub

function strFindAux(args: LuaValue[], find: boolean): LuaValue[] {
  const fname = find ? 'find' : 'match';
  const s = checkString(fname, args, 1);
  const pFull = checkString(fname, args, 2);
  const l1 = s.length;
  let init = posrelat(optInteger(fname, args, 3, 1), l1) - 1;
  if (init < 0) init = 0;
  else if (init > l1) init = l1;
  if (find && (truthy(args[3]) || !hasSpecials(pFull))) {
    // A plain search, for the whole pattern (memcmp sees past a \0, unlike the matcher).
    const pos = s.indexOf(pFull, init);
    if (pos >= 0) return [pos + 1, pos + pFull.length];
    return [undefined];
  }
  let p = patternOf(pFull);
  const anchor = p.charCodeAt(0) === 94;
  if (anchor) p = p.slice(1);
  const ms = new MatchState(s, p);
  let s1 = init;
  do {
    const res = ms.matchAt(s1, 0);
    if (res !== -1) {
      if (find) return [s1 + 1, res, ...ms.captures(-1, 0)];
      return ms.captures(s1, res);
    }
  } while (s1++ < l1 && !anchor);
  return [undefined];
}

function find(args: LuaValue[]): LuaValue[] {
  return strFindAux(args, true);
}

function match(args: LuaValue[]): LuaValue[] {
  return strFindAux(args, false);
}

function gmatch(args: LuaValue[]): LuaValue[] {
  const s = checkString('gmatch', args, 1);
  // The iterator reads its pattern upvalue as a C string; '^' is an ordinary character here.
  const p = patternOf(checkString('gmatch', args, 2));
  let pos = 0;
  const iterator = (): LuaValue[] => {
    const ms = new MatchState(s, p);
    for (let src = pos; src <= s.length; src++) {
      const e = ms.matchAt(src, 0);
      if (e !== -1) {
        // An empty match moves on by one, so the next call cannot find it again.
        pos = e === src ? e + 1 : e;
        return ms.captures(src, e);
      }
    }
    return [];
  };
  return [named('gmatch_aux', iterator)];
}

/** Options for the library's few operations that belong to the runtime. */
export interface StringLibraryHooks {
  /** lua_gettable (t[k] with __index), used by gsub's table replacements. */
  index?: (t: LuaValue, k: LuaValue) => LuaValue;
  /** lua_call of a Lua value from C (gsub's replacement function), with the runtime's bookkeeping. */
  call?: (f: LuaValue, args: LuaValue[]) => LuaValue[];
}

/** t[k] as lua_gettable does it for tables: raw get, then __index tables or functions, 100 levels. */
function defaultIndex(t: LuaValue, k: LuaValue): LuaValue {
  for (let loop = 0; loop < 100; loop++) {
    if (!(t instanceof LuaTable)) throw new LuaLibraryError(`attempt to index a ${luaType(t)} value`);
    const v = t.get(k);
    if (v !== undefined) return v;
    const h = t.metatable?.get('__index');
    if (h === undefined) return undefined;
    if (typeof h === 'function') return h([t, k])[0];
    t = h;
  }
  throw new LuaLibraryError('loop in gettable');
}

type CallHook = (f: LuaValue, args: LuaValue[]) => LuaValue[];
const directCall: CallHook = (f, args) => (f as LuaFunction)(args);

function makeGsub(index: (t: LuaValue, k: LuaValue) => LuaValue, call: CallHook): (args: LuaValue[]) => LuaValue[] {
  return (args) => {
    const src = checkString('gsub', args, 1);
    let p = patternOf(checkString('gsub', args, 2));
    const repl = args[2];
    const tr = luaType(repl);
    const srcl = src.length;
    const maxS = args[3] === undefined ? srcl + 1 : checkInt('gsub', args, 4);
    const anchor = p.charCodeAt(0) === 94;
    if (anchor) p = p.slice(1);
    if (args.length < 3 || (tr !== 'number' && tr !== 'string' && tr !== 'function' && tr !== 'table')) {
      throw new LuaArgError(3, 'gsub', 'string/function/table expected');
    }
    // A number replacement is the string tostring gives it (lua_tolstring).
    const replStr = typeof repl === 'number' ? numberToString(repl) : typeof repl === 'string' ? repl : undefined;
    const ms = new MatchState(src, p);
    let out = '';
    let n = 0;
    let s = 0;
    while (n < maxS) {
      const e = ms.matchAt(s, 0);
      if (e !== -1) {
        n++;
        out += replStr !== undefined ? expand(ms, replStr, s, e) : replaceValue(ms, repl, s, e, index, call);
      }
      if (e !== -1 && e > s) s = e; // skip a non-empty match
      else if (s < srcl) out += src[s++];
      else break;
      if (anchor) break;
    }
    return [out + src.slice(s), n];
  };
}

/** add_s: the replacement string with %0-%9 expanded; a lone final '%' adds the string's \0 terminator. */
function expand(ms: MatchState, news: string, s: number, e: number): string {
  if (news.indexOf('%') < 0) return news;
  let out = '';
  const l = news.length;
  for (let i = 0; i < l; i++) {
    const c = news.charCodeAt(i);
    if (c !== 37) {
      out += news[i];
      continue;
    }
    i++;
    const d = i < l ? news.charCodeAt(i) : 0;
    if (!isDigitByte(d)) out += String.fromCharCode(d);
    else if (d === 48) out += ms.src.slice(s, e);
    else {
      const v = ms.capture(d - 49, s, e);
      out += typeof v === 'number' ? numberToString(v) : v;
    }
  }
  return out;
}

/** add_value for a function or table replacement: false/nil keeps the match, strings and numbers replace it. */
function replaceValue(
  ms: MatchState,
  repl: LuaValue,
  s: number,
  e: number,
  index: (t: LuaValue, k: LuaValue) => LuaValue,
  call: CallHook,
): string {
  let v: LuaValue;
  if (typeof repl === 'function') v = call(repl, ms.captures(s, e))[0];
  else v = index(repl, ms.capture(0, s, e));
  if (!truthy(v)) return ms.src.slice(s, e);
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberToString(v);
  throw new LuaLibraryError(`invalid replacement value (a ${luaType(v)})`);
}

// ---------------------------------------------------------------------------------------------
// tonumber (the base library's, here because it shares the conversions and argument checks)

/** luaB_tonumber: tonumber(v [, base]). */
export const tonumber: LuaFunction = named('tonumber', (args) => {
  const base = args[1] === undefined ? 10 : checkInt('tonumber', args, 2);
  if (base === 10) {
    if (args.length === 0) throw new LuaArgError(1, 'tonumber', 'value expected');
    return [toNumber(args[0])];
  }
  const s = checkString('tonumber', args, 1);
  if (base < 2 || base > 36) throw new LuaArgError(2, 'tonumber', 'base out of range');
  return [tonumberBase(s, base)];
});

// ---------------------------------------------------------------------------------------------

/**
 * The `string` table, freshly built. The runtime also gives strings a metatable whose __index is
 * this table (so `s:upper()` works), as luaopen_string does.
 */
export function stringLibrary(hooks: StringLibraryHooks = {}): LuaTable {
  const t = new LuaTable();
  const gmatchFn = named('gmatch', gmatch);
  const fns: [string, LuaFunction][] = [
    ['byte', named('byte', byte)],
    ['char', named('char', char)],
    ['dump', named('dump', dump)],
    ['find', named('find', find)],
    ['format', named('format', format)],
    ['gfind', gmatchFn],
    ['gmatch', gmatchFn],
    ['gsub', named('gsub', makeGsub(hooks.index ?? defaultIndex, hooks.call ?? directCall))],
    ['len', named('len', len)],
    ['lower', named('lower', lower)],
    ['match', named('match', match)],
    ['rep', named('rep', rep)],
    ['reverse', named('reverse', reverse)],
    ['sub', named('sub', sub)],
    ['upper', named('upper', upper)],
  ];
  for (const [k, f] of fns) t.set(k, f);
  return t;
}
