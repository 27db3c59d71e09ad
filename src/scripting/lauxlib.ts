/**
 * lauxlib for the scripting libraries (string, bit, cjson, cmsgpack, struct): the library error
 * classes, luaL_argerror / luaL_typerror with Lua 5.1's messages, and the luaL_check* / luaL_opt*
 * argument checks with lua_tonumber's and lua_tolstring's coercions.
 *
 * Arguments are numbered as Lua numbers them: `narg` 1 is args[0]; past the end is "no value".
 *
 * Error convention for every library function: errors are thrown with the *bare* luaL_error text
 * ("bad argument #1 to 'band' (number expected, got no value)", "Missing bytes in input."). Real
 * Lua prefixes luaL_error messages with luaL_where(L, 1), the position of the Lua code that called
 * the library function ("user_script:1: "); only the runtime knows that position, so it adds it.
 * The one kind of error that must NOT get the prefix is `RawLuaError` (a runtime error raised
 * inside C code, e.g. cmsgpack's "table index is nil"); see `isRawLuaError`.
 *
 * Function names in "bad argument ... to 'name'" are the library's field names; real Lua takes the
 * name from the call site (`local f = bit.band; f()` says 'f'), which needs the runtime.
 */
import type { Bytes } from '../bytes.js';
import { numberToString, stringToNumber, toInt32, toInteger } from './number-format.js';
import { LuaError, type LuaFunction, type LuaValue, luaType } from './values.js';

// ---------------------------------------------------------------------------------------------
// Error classes

/**
 * An error raised with luaL_error in a library function. Lua 5.1 prefixes such messages with
 * luaL_where(L, 1), the position of the *calling* Lua function ("user_script:1: "), which only
 * the runtime knows: it adds the prefix when the error crosses into Lua code. Errors raised by
 * Lua callbacks (a gsub replacement function) pass through as the plain LuaError they are.
 */
export class LuaLibraryError extends LuaError {
  constructor(message: string) {
    super(message);
  }
}

/**
 * luaL_argerror: "bad argument #N to 'NAME' (EXTRA)". NAME and N here are the library's; Lua
 * takes the name from the call site (a local alias, '?' through pcall) and, for a method call
 * (`s:rep()`), counts from the argument after self or says "calling 'rep' on bad self (...)",
 * so the runtime can rebuild the message from these fields.
 */
export class LuaArgError extends LuaLibraryError {
  constructor(
    readonly narg: number,
    readonly fname: string,
    readonly extramsg: string,
  ) {
    super(`bad argument #${narg} to '${fname}' (${extramsg})`);
  }
}

/** A runtime error raised from C code (no luaL_where prefix in real Lua). */
export class RawLuaError extends LuaError {
  readonly raw = true;
}

export function isRawLuaError(e: unknown): e is RawLuaError {
  return e instanceof RawLuaError;
}

// ---------------------------------------------------------------------------------------------
// Argument errors and checks

/** luaL_argerror: "bad argument #narg to 'fname' (msg)". */
export function argError(fname: string, narg: number, msg: string): LuaArgError {
  return new LuaArgError(narg, fname, msg);
}

/** luaL_typename for argument narg: "no value" when the argument is absent, else type(). */
export function argTypeName(args: readonly LuaValue[], narg: number): string {
  return narg > args.length ? 'no value' : luaType(args[narg - 1]);
}

/** luaL_typerror: "bad argument #narg to 'fname' (EXPECTED expected, got TYPE)". */
export function typeError(fname: string, args: readonly LuaValue[], narg: number, expected: string): LuaArgError {
  return argError(fname, narg, `${expected} expected, got ${argTypeName(args, narg)}`);
}

/** lua_tonumber: numbers, and strings that luaO_str2d accepts; undefined otherwise. */
export function toNumber(v: LuaValue): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return stringToNumber(v);
  return undefined;
}

/** lua_tolstring on a string or number (numbers print as tostring does, "%.14g"); undefined otherwise. */
export function toLuaString(v: LuaValue): Bytes | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberToString(v);
  return undefined;
}

/** luaL_checknumber. */
export function checkNumber(fname: string, args: readonly LuaValue[], narg: number): number {
  const v = args[narg - 1];
  if (typeof v === 'number') return v;
  const n = toNumber(v);
  if (n === undefined) throw typeError(fname, args, narg, 'number');
  return n;
}

/** luaL_checkinteger: lua_tointeger truncates the double with a C cast to ptrdiff_t (x86-64). */
export function checkInteger(fname: string, args: readonly LuaValue[], narg: number): number {
  return toInteger(checkNumber(fname, args, narg));
}

/** luaL_optinteger: the default for nil or an absent argument. */
export function optInteger(fname: string, args: readonly LuaValue[], narg: number, def: number): number {
  return args[narg - 1] === undefined ? def : checkInteger(fname, args, narg);
}

/** luaL_checkint: luaL_checkinteger cast to int (its low 32 bits). */
export function checkInt(fname: string, args: readonly LuaValue[], narg: number): number {
  return toInt32(checkNumber(fname, args, narg));
}

/** luaL_checklstring: strings as they are, numbers converted to their "%.14g" text. */
export function checkString(fname: string, args: readonly LuaValue[], narg: number): Bytes {
  const s = toLuaString(args[narg - 1]);
  if (s === undefined) throw typeError(fname, args, narg, 'string');
  return s;
}

/** A JS implementation as a LuaFunction carrying its library name (for "bad argument ... to 'name'"). */
export function libFunction(name: string, fn: (args: LuaValue[]) => LuaValue[]): LuaFunction {
  const f = fn as LuaFunction;
  f.luaName = name;
  return f;
}
