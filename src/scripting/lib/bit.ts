/**
 * LuaBitOp 1.0.2 (`bit.*`) as Redis 7.0 bundles it (deps/lua/src/lua_bit.c), plus the small
 * lauxlib-style helpers the four data libraries (bit, cjson, cmsgpack, struct) share: argument
 * checks with Lua 5.1's messages, lua_tonumber's string coercion, and C's `%.<p>g`.
 *
 * Error convention for every function in src/scripting/lib: errors are thrown as `LuaError` with
 * the *bare* luaL_error text ("bad argument #1 to 'band' (number expected, got no value)",
 * "Missing bytes in input."). Real Lua prefixes luaL_error messages with luaL_where(L, 1), i.e.
 * the position of the Lua code that called the library function ("user_script:1: "); only the
 * runtime knows that position, so it must add it. The one error that must NOT get the prefix is
 * marked with `RawLuaError` (a runtime error raised inside C code, e.g. cmsgpack's
 * "table index is nil"); see `isRawLuaError`.
 *
 * Function names in "bad argument ... to 'name'" are the library's field names; real Lua takes the
 * name from the call site (`local f = bit.band; f()` says 'f'), which needs the runtime.
 */
import { LuaError, type LuaFunction, LuaTable, type LuaValue, luaType } from '../values.js';

// ---------------------------------------------------------------------------------------------
// Shared helpers (lauxlib equivalents)
// ---------------------------------------------------------------------------------------------

/** A runtime error raised from C code (no luaL_where prefix in real Lua). */
export class RawLuaError extends LuaError {
  readonly raw = true;
}

export function isRawLuaError(e: unknown): e is RawLuaError {
  return e instanceof RawLuaError;
}

/** luaL_argerror: "bad argument #n to 'f' (msg)". */
export function argError(fname: string, narg: number, msg: string): LuaError {
  return new LuaError(`bad argument #${narg} to '${fname}' (${msg})`);
}

/** luaL_typename for argument i (1-based): "no value" when the argument is absent. */
export function argTypeName(args: readonly LuaValue[], i: number): string {
  return i > args.length ? 'no value' : luaType(args[i - 1]);
}

/** luaL_typerror. */
export function typeError(fname: string, args: readonly LuaValue[], i: number, expected: string): LuaError {
  return argError(fname, i, `${expected} expected, got ${argTypeName(args, i)}`);
}

/** lua_tonumber: numbers, and strings that luaO_str2d accepts; undefined otherwise. */
export function toNumber(v: LuaValue): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return str2number(v);
  return undefined;
}

/** lua_tolstring on a string or number (numbers print with LUA_NUMBER_FMT "%.14g"); undefined otherwise. */
export function toLuaString(v: LuaValue): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberToString(v);
  return undefined;
}

/** luaL_checknumber. */
export function checkNumber(fname: string, args: readonly LuaValue[], i: number): number {
  const n = toNumber(args[i - 1]);
  if (n === undefined) throw typeError(fname, args, i, 'number');
  return n;
}

/** luaL_checkinteger: lua_tointeger truncates the double with a C cast to ptrdiff_t (x86-64). */
export function checkInteger(fname: string, args: readonly LuaValue[], i: number): number {
  return toInteger(checkNumber(fname, args, i));
}

/** luaL_optinteger: the default for nil or an absent argument. */
export function optInteger(fname: string, args: readonly LuaValue[], i: number, def: number): number {
  return args[i - 1] === undefined ? def : checkInteger(fname, args, i);
}

/** luaL_checklstring: strings, and numbers converted to their "%.14g" text. */
export function checkString(fname: string, args: readonly LuaValue[], i: number): string {
  const s = toLuaString(args[i - 1]);
  if (s === undefined) throw typeError(fname, args, i, 'string');
  return s;
}

/**
 * `(int64_t)d` as x86-64 computes it (cvttsd2si): truncation toward zero, and the "integer
 * indefinite" value INT64_MIN for NaN and anything out of range. Returned as a double.
 */
export function toInteger(d: number): number {
  if (!(d > -9223372036854775809 && d < 9223372036854775808)) return -9223372036854775808;
  return Math.trunc(d) + 0; // + 0 turns -0 into 0
}

/** Lua 5.1's number to string (LUA_NUMBER_FMT "%.14g"). NaN prints as glibc's "-nan" because
 *  Lua's NaNs (0/0 on x86) carry the sign bit; JS cannot tell NaN signs apart. */
export function numberToString(n: number): string {
  if (Number.isNaN(n)) return '-nan';
  return formatG(n, 14);
}

/**
 * C's `printf("%.<p>g")` as glibc does it: the exact binary value rounded to p significant digits,
 * ties to even (JS's toExponential/toFixed round ties away from zero, so 100000000000005 would
 * print 1.0000000000001e+14 instead of 1e+14), then the shorter of fixed/exponential notation
 * with trailing zeros removed. NaN prints as "nan" (callers choose their sign).
 */
export function formatG(d: number, precision: number): string {
  if (Number.isNaN(d)) return 'nan';
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  if (d === 0) return Object.is(d, -0) ? '-0' : '0';
  const p = precision === 0 ? 1 : precision;
  const neg = d < 0;
  const a = Math.abs(d);
  const e1 = a.toExponential(p - 1);
  const ePos = e1.indexOf('e');
  let digits = e1.slice(0, ePos).replace('.', '');
  let exp = Number(e1.slice(ePos + 1));
  // A tie (exact digits after position p are "5000...") rounded up by JS: glibc rounds to even.
  const longer = a.toExponential(p);
  if (longer.charCodeAt(p === 1 ? 2 : p + 1) === 53 /* '5' */) {
    const exact = a.toExponential(100);
    const ex = exact.indexOf('e');
    const all = exact.slice(0, ex).replace('.', '');
    if (all[p] === '5' && /^0*$/.test(all.slice(p + 1))) {
      const truncated = all.slice(0, p);
      if ((truncated.charCodeAt(p - 1) - 48) % 2 === 0) {
        digits = truncated;
        exp = Number(exact.slice(ex + 1));
      }
    }
  }
  let out: string;
  if (exp < -4 || exp >= p) {
    let mant = digits[0]!;
    const frac = digits.slice(1).replace(/0+$/, '');
    if (frac.length !== 0) mant += `.${frac}`;
    const ae = Math.abs(exp);
    out = `${mant}e${exp < 0 ? '-' : '+'}${ae < 10 ? `0${ae}` : ae}`;
  } else if (exp >= 0) {
    const int = digits.slice(0, exp + 1);
    const frac = digits.slice(exp + 1).replace(/0+$/, '');
    out = frac.length !== 0 ? `${int}.${frac}` : int;
  } else {
    out = `0.${'0'.repeat(-exp - 1)}${digits.replace(/0+$/, '')}`;
  }
  return neg ? `-${out}` : out;
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  if (l >= 97 && l <= 102) return l - 87;
  return -1;
}

function matchesCI(s: string, at: number, word: string): boolean {
  if (at + word.length > s.length) return false;
  for (let k = 0; k < word.length; k++) if ((s.charCodeAt(at + k) | 0x20) !== word.charCodeAt(k)) return false;
  return true;
}

/** x * 2^e without overflowing or underflowing in an intermediate power of two. */
function ldexp(x: number, e: number): number {
  while (e > 1000) {
    x *= 2 ** 1000;
    e -= 1000;
  }
  while (e < -1000) {
    x *= 2 ** -1000;
    e += 1000;
  }
  return x * 2 ** e;
}

/** m * 2^e2 correctly rounded to a double (ties to even), as strtod does for hex input. */
function bigToDouble(m: bigint, e2: number): number {
  if (m === 0n) return 0;
  const bitlen = m.toString(2).length;
  const top = bitlen - 1 + e2; // exponent of the leading bit
  if (top >= 1024) return Infinity;
  // Bits we may keep: 53, fewer when the result is subnormal (lsb exponent at least -1074).
  const keep = top >= -1022 ? 53 : 53 - (-1022 - top);
  const shift = bitlen - keep;
  if (shift <= 0) return ldexp(Number(m), e2);
  if (keep < 0) return 0;
  let q = m >> BigInt(shift);
  const rem = m & ((1n << BigInt(shift)) - 1n);
  const half = 1n << BigInt(shift - 1);
  if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
  return ldexp(Number(q), e2 + shift);
}

/**
 * glibc strtod from position `start` (no leading-space skipping: callers do it when C would):
 * decimal, hexadecimal (0x1.8p3), inf/infinity, nan/nan(chars), with an optional sign. Returns the
 * value and the index after the parsed text; `end === start` means no conversion. Overflow gives
 * ±Infinity and underflow 0, as strtod (errno is ignored by every caller here).
 */
export function strtod(s: string, start: number): { value: number; end: number } {
  let i = start;
  let neg = false;
  const c0 = s.charCodeAt(i);
  if (c0 === 43 || c0 === 45) {
    neg = c0 === 45;
    i++;
  }
  const sign = (v: number) => (neg ? -v : v);
  if (matchesCI(s, i, 'inf')) {
    const end = matchesCI(s, i, 'infinity') ? i + 8 : i + 3;
    return { value: sign(Infinity), end };
  }
  if (matchesCI(s, i, 'nan')) {
    let end = i + 3;
    if (s.charCodeAt(end) === 40 /* ( */) {
      let j = end + 1;
      while (j < s.length && /[0-9A-Za-z_]/.test(s[j]!)) j++;
      if (s.charCodeAt(j) === 41 /* ) */) end = j + 1;
    }
    return { value: NaN, end };
  }
  if (
    s.charCodeAt(i) === 48 &&
    (s.charCodeAt(i + 1) | 0x20) === 120 &&
    (hexValue(s.charCodeAt(i + 2)) >= 0 || (s.charCodeAt(i + 2) === 46 && hexValue(s.charCodeAt(i + 3)) >= 0))
  ) {
    let j = i + 2;
    let m = 0n;
    let fracDigits = 0;
    while (hexValue(s.charCodeAt(j)) >= 0) m = m * 16n + BigInt(hexValue(s.charCodeAt(j++)));
    if (s.charCodeAt(j) === 46) {
      j++;
      while (hexValue(s.charCodeAt(j)) >= 0) {
        m = m * 16n + BigInt(hexValue(s.charCodeAt(j++)));
        fracDigits++;
      }
    }
    let e2 = 0;
    if ((s.charCodeAt(j) | 0x20) === 112 /* p */) {
      let k = j + 1;
      let eneg = false;
      if (s.charCodeAt(k) === 43 || s.charCodeAt(k) === 45) eneg = s.charCodeAt(k++) === 45;
      if (s.charCodeAt(k) >= 48 && s.charCodeAt(k) <= 57) {
        let ev = 0;
        while (s.charCodeAt(k) >= 48 && s.charCodeAt(k) <= 57) {
          ev = Math.min(ev * 10 + (s.charCodeAt(k) - 48), 1e6); // saturate: beyond this it is 0 or inf anyway
          k++;
        }
        e2 = eneg ? -ev : ev;
        j = k;
      }
    }
    return { value: sign(bigToDouble(m, e2 - 4 * fracDigits)), end: j };
  }
  const numStart = i;
  let j = i;
  let nd = 0;
  while (s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) {
    j++;
    nd++;
  }
  if (s.charCodeAt(j) === 46) {
    j++;
    while (s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) {
      j++;
      nd++;
    }
  }
  if (nd === 0) return { value: 0, end: start };
  if ((s.charCodeAt(j) | 0x20) === 101 /* e */) {
    let k = j + 1;
    if (s.charCodeAt(k) === 43 || s.charCodeAt(k) === 45) k++;
    if (s.charCodeAt(k) >= 48 && s.charCodeAt(k) <= 57) {
      while (s.charCodeAt(k) >= 48 && s.charCodeAt(k) <= 57) k++;
      j = k;
    }
  }
  // JS's Number() is correctly rounded like glibc's strtod, for the same decimal text.
  return { value: sign(Number(s.slice(numStart, j))), end: j };
}

/**
 * Lua 5.1's luaO_str2d (string to number coercion): strtod over the C string (so up to the first
 * NUL byte), leading and trailing whitespace allowed, nothing else after the number. Its strtoul
 * fallback for a text stopped at 'x' can never reach the end of the string after glibc's strtod
 * has declined it, so it always fails and is folded in.
 */
export function str2number(str: string): number | undefined {
  const nul = str.indexOf('\0');
  const s = nul < 0 ? str : str.slice(0, nul);
  let i = 0;
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  const r = strtod(s, i);
  if (r.end === i) return undefined;
  let j = r.end;
  while (j < s.length && isSpace(s.charCodeAt(j))) j++;
  return j === s.length ? r.value : undefined;
}

/** Wraps a JS implementation as a LuaFunction carrying its library name. */
export function libFunction(name: string, fn: (args: LuaValue[]) => LuaValue[]): LuaFunction {
  const f = fn as LuaFunction;
  f.luaName = name;
  return f;
}

// ---------------------------------------------------------------------------------------------
// bit.*
// ---------------------------------------------------------------------------------------------

const scratch = new Float64Array(1);
const scratchWords = new Uint32Array(scratch.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * barg: LuaBitOp's normalisation of a double to 32 bits. It adds 2^52+2^51 in double arithmetic
 * (so the value is rounded to an integer, ties to even) and keeps the low 32 bits of the
 * result's bit pattern. Out-of-range values, NaN and infinities give what that bit trick gives.
 * A value of 0 from something that is not a number raises "number expected" (lua_isnumber check).
 */
function barg(fname: string, args: readonly LuaValue[], i: number): number {
  const n = toNumber(args[i - 1]);
  if (n === undefined) throw typeError(fname, args, i, 'number');
  return tobitRaw(n);
}

/** The unsigned 32-bit pattern barg produces for a number. */
export function tobitRaw(n: number): number {
  scratch[0] = n + 6755399441055744.0;
  return scratchWords[LITTLE_ENDIAN ? 0 : 1]!;
}

/** BRET: the 32 bits as a signed integer, as a Lua number. */
const ret = (b: number): LuaValue[] => [b | 0];

function bitOp(name: string, op: (a: number, b: number) => number): LuaFunction {
  return libFunction(name, (args) => {
    let b = barg(name, args, 1);
    // LuaBitOp folds from the last argument down to the second, then into the first.
    for (let i = args.length; i > 1; i--) b = op(b, barg(name, args, i));
    return ret(b);
  });
}

function shiftOp(name: string, op: (b: number, n: number) => number): LuaFunction {
  return libFunction(name, (args) => {
    const b = barg(name, args, 1);
    const n = barg(name, args, 2) & 31;
    return ret(op(b, n));
  });
}

const HEX_LOWER = '0123456789abcdef';
const HEX_UPPER = '0123456789ABCDEF';

/** A fresh `bit` table (Redis registers it as the global `bit`). */
export function createBitLib(): LuaTable {
  const lib = new LuaTable();
  const add = (f: LuaFunction) => lib.set(f.luaName!, f);
  add(libFunction('tobit', (args) => ret(barg('tobit', args, 1))));
  add(libFunction('bnot', (args) => ret(~barg('bnot', args, 1))));
  add(bitOp('band', (a, b) => a & b));
  add(bitOp('bor', (a, b) => a | b));
  add(bitOp('bxor', (a, b) => a ^ b));
  add(shiftOp('lshift', (b, n) => b << n));
  add(shiftOp('rshift', (b, n) => b >>> n));
  add(shiftOp('arshift', (b, n) => (b | 0) >> n));
  // n is 0..31; C's `b >> 32` for n == 0 is x86's `b >> 0`, and JS masks shift counts the same way.
  add(shiftOp('rol', (b, n) => (b << n) | (b >>> (32 - n))));
  add(shiftOp('ror', (b, n) => (b << (32 - n)) | (b >>> n)));
  add(
    libFunction('bswap', (args) => {
      const b = barg('bswap', args, 1);
      return ret((b >>> 24) | ((b >>> 8) & 0xff00) | ((b & 0xff00) << 8) | (b << 24));
    }),
  );
  add(
    libFunction('tohex', (args) => {
      let b = barg('tohex', args, 1);
      // lua_isnone: only an absent argument takes the default; an explicit nil is a type error.
      let n = args.length < 2 ? 8 : barg('tohex', args, 2) | 0;
      let digits = HEX_LOWER;
      // Redis's fix for CVE-2024-31449 (in Debian's 7.0.15): -INT32_MIN would overflow.
      if (n === -2147483648) n = -2147483647;
      if (n < 0) {
        n = -n;
        digits = HEX_UPPER;
      }
      if (n > 8) n = 8;
      let out = '';
      for (let i = n; --i >= 0; ) {
        out = digits[b & 15]! + out;
        b >>>= 4;
      }
      return [out];
    }),
  );
  return lib;
}
