/**
 * Number <-> string conversions exactly as Redis's Lua 5.1 does them on x86-64 glibc, shared by
 * the whole scripting runtime:
 *
 *   numberToString(n)   tostring(n), `..` and every implicit number->string (LUAI_NUMFFORMAT "%.14g")
 *   stringToNumber(s)   luaO_str2d: arithmetic coercion, tonumber(s), lua_isnumber (glibc strtod)
 *   tonumberBase(s, b)  tonumber(s, base) for base ~= 10 (glibc strtoul)
 *   strtod(s, start)    glibc strtod (the value and where it stopped)
 *   formatFloat(...)    printf's %e %E %f %g %G with flags, width and precision (string.format)
 *   formatG(x, p)       printf's %.<p>g (lua-cjson's number encoding)
 *
 * printf rounds the *exact* binary value of a double with ties to even; JS's toFixed/toPrecision
 * round ties away from zero, so they are only used where no tie is possible (see numberToString).
 */
import type { Bytes } from '../bytes.js';

// ---------------------------------------------------------------------------------------------
// Exact decimal expansion of a double

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
// Float64Array shares the host's byte order; every platform Node runs on is little-endian.
const HI = 1;
const LO = 0;

/**
 * The sign bit as glibc's printf sees it. A NaN prints "-nan": every NaN x86 arithmetic creates
 * (0/0, inf-inf, x%0, pow of a negative base) has its sign set, and V8 does not keep a NaN's sign
 * reliably (it canonicalises NaNs stored in double arrays), so the common case stands for all;
 * only `-(0/0)` prints "nan" in Redis.
 */
/**
 * How many NaNs were printed (every formatting asks signBit): the differential tests use it to leave
 * out programs where the NaN sign difference can reach a reply (see signBit).
 */
export const nanFormats = { count: 0 };

export function signBit(x: number): boolean {
  if (x !== x) {
    nanFormats.count++;
    return true;
  }
  f64[0] = x;
  return (u32[HI]! & 0x80000000) !== 0;
}

const pow5Cache: bigint[] = [];
function pow5(n: number): bigint {
  return (pow5Cache[n] ??= 5n ** BigInt(n));
}

/**
 * The exact decimal digits of a finite x > 0: x = 0.DIGITS × 10^point (no leading or trailing
 * zeros in DIGITS). Every double is a dyadic rational, so its expansion is finite.
 */
function exactDigits(x: number): { digits: string; point: number } {
  f64[0] = x;
  const hi = u32[HI]!;
  const lo = u32[LO]!;
  const bexp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e2: number;
  if (bexp === 0) e2 = -1074;
  else {
    mant |= 1n << 52n;
    e2 = bexp - 1075;
  }
  let digits: string;
  let point: number;
  if (e2 >= 0) {
    digits = (mant << BigInt(e2)).toString();
    point = digits.length;
  } else {
    // m × 2^e2 = m × 5^-e2 / 10^-e2
    digits = (mant * pow5(-e2)).toString();
    point = digits.length + e2;
  }
  let end = digits.length;
  while (end > 1 && digits.charCodeAt(end - 1) === 48) end--;
  return { digits: digits.slice(0, end), point };
}

/**
 * Rounds 0.DIGITS × 10^point to `keep` digits (keep >= 0), ties to even as glibc's printf does
 * in the default rounding mode. Returns exactly `keep` digits (zero-padded) and the new point,
 * which grows by one when rounding carries out (9.99 -> 10.0).
 */
function roundDigits(digits: string, point: number, keep: number): { digits: string; point: number } {
  if (digits.length <= keep) return { digits: digits.padEnd(keep, '0'), point };
  const first = digits.charCodeAt(keep) - 48;
  let up: boolean;
  if (first > 5) up = true;
  else if (first < 5) up = false;
  else if (keep + 1 < digits.length) up = true; // digits carry no trailing zeros: above the half
  else up = keep > 0 && (digits.charCodeAt(keep - 1) - 48) % 2 === 1; // exact tie: to even
  let kept = digits.slice(0, keep);
  if (!up) return { digits: kept, point };
  // Propagate the carry.
  const arr = kept.split('');
  let i = keep - 1;
  while (i >= 0 && arr[i] === '9') arr[i--] = '0';
  if (i >= 0) {
    arr[i] = String.fromCharCode(arr[i]!.charCodeAt(0) + 1);
    kept = arr.join('');
    return { digits: kept, point };
  }
  // All nines (or keep = 0 with a rounding up): 1 followed by zeros, one more integer digit.
  return { digits: ('1' + arr.join('')).slice(0, Math.max(keep, 1)), point: point + 1 };
}

// ---------------------------------------------------------------------------------------------
// printf %e %f %g

export interface FloatSpec {
  /** One of e E f g G. */
  conv: string;
  minus?: boolean;
  plus?: boolean;
  space?: boolean;
  alt?: boolean;
  zero?: boolean;
  width?: number;
  /** undefined when the spec has no '.', 0 for a bare '.'. */
  precision?: number;
}

function exponentPart(e: number, upper: boolean): string {
  const a = Math.abs(e);
  return (upper ? 'E' : 'e') + (e < 0 ? '-' : '+') + (a < 10 ? '0' + a : String(a));
}

/** %e body (no sign) of |x| with `prec` fraction digits. */
function eBody(digits: string, point: number, zero: boolean, prec: number, alt: boolean, upper: boolean): string {
  let d: string;
  let exp: number;
  if (zero) {
    d = '0'.repeat(prec + 1);
    exp = 0;
  } else {
    const r = roundDigits(digits, point, prec + 1);
    d = r.digits;
    exp = r.point - 1;
  }
  const frac = d.slice(1);
  return d[0]! + (prec > 0 || alt ? '.' : '') + frac + exponentPart(exp, upper);
}

/** %f body (no sign) of |x| with `prec` fraction digits. */
function fBody(digits: string, point: number, zero: boolean, prec: number, alt: boolean): string {
  let intPart: string;
  let frac: string;
  if (zero) {
    intPart = '0';
    frac = '0'.repeat(prec);
  } else {
    const keep = point + prec;
    if (keep < 0) {
      // Below half a unit of the last place: rounds to zero.
      intPart = '0';
      frac = '0'.repeat(prec);
    } else {
      // 0.ALL × 10^rp after rounding; a carry adds an integer digit, so pad to rp + prec digits.
      const r = roundDigits(digits, point, keep);
      const rp = r.point;
      if (rp <= 0) {
        intPart = '0';
        frac = ('0'.repeat(-rp) + r.digits).slice(0, prec).padEnd(prec, '0');
      } else {
        const all = r.digits.padEnd(rp + prec, '0');
        intPart = all.slice(0, rp);
        frac = all.slice(rp, rp + prec);
      }
    }
  }
  return intPart + (prec > 0 || alt ? '.' : '') + frac;
}

/** %g body (no sign): P significant digits, %e or %f style by the exponent, trailing zeros removed unless '#'. */
function gBody(digits: string, point: number, zero: boolean, precision: number, alt: boolean, upper: boolean): string {
  const P = precision === 0 ? 1 : precision;
  let X: number;
  if (zero) X = 0;
  else X = roundDigits(digits, point, P).point - 1;
  let s: string;
  if (P > X && X >= -4) s = fBody(digits, point, zero, P - 1 - X, alt);
  else s = eBody(digits, point, zero, P - 1, alt, upper);
  if (!alt) s = stripZeros(s);
  return s;
}

/** Removes trailing fraction zeros (and a then-bare point) of a %g result, before any exponent. */
function stripZeros(s: string): string {
  const dot = s.indexOf('.');
  if (dot < 0) return s;
  let ePos = s.search(/[eE]/);
  if (ePos < 0) ePos = s.length;
  let end = ePos;
  while (end > dot + 1 && s.charCodeAt(end - 1) === 48) end--;
  if (end === dot + 1) end = dot;
  return s.slice(0, end) + s.slice(ePos);
}

/** printf("%<flags><width>.<precision><conv>", x) for conv in e E f g G, as glibc prints it. */
export function formatFloat(x: number, spec: FloatSpec): string {
  const upper = spec.conv === 'E' || spec.conv === 'G';
  const neg = signBit(x);
  const sign = neg ? '-' : spec.plus ? '+' : spec.space ? ' ' : '';
  let body: string;
  let finite = true;
  if (Number.isNaN(x)) {
    body = upper ? 'NAN' : 'nan';
    finite = false;
  } else if (!Number.isFinite(x)) {
    body = upper ? 'INF' : 'inf';
    finite = false;
  } else {
    const ax = Math.abs(x);
    const zero = ax === 0;
    const { digits, point } = zero ? { digits: '0', point: 1 } : exactDigits(ax);
    const prec = spec.precision ?? 6;
    switch (spec.conv) {
      case 'e':
      case 'E':
        body = eBody(digits, point, zero, prec, !!spec.alt, upper);
        break;
      case 'f':
      case 'F':
        body = fBody(digits, point, zero, prec, !!spec.alt);
        break;
      default:
        body = gBody(digits, point, zero, prec, !!spec.alt, upper);
    }
  }
  return pad(sign, body, spec.width ?? 0, !!spec.minus, !!spec.zero && finite);
}

/**
 * printf("%.<precision>g", x): the exact binary value rounded to `precision` significant digits
 * (0 counts as 1), ties to even, trailing zeros removed; "inf", "-inf", and "nan"/"-nan" by the sign bit.
 */
export function formatG(x: number, precision: number): string {
  return formatFloat(x, { conv: 'g', precision });
}

/** Width padding: spaces on the left (or right with '-'), or zeros between sign/prefix and digits with '0'. */
export function pad(prefix: string, body: string, width: number, left: boolean, zero: boolean): string {
  const len = prefix.length + body.length;
  if (len >= width) return prefix + body;
  const fill = width - len;
  if (left) return prefix + body + ' '.repeat(fill);
  if (zero) return prefix + '0'.repeat(fill) + body;
  return ' '.repeat(fill) + prefix + body;
}

// ---------------------------------------------------------------------------------------------
// tostring(number): "%.14g"

/**
 * Lua 5.1's number to string (`sprintf("%.14g")`), with glibc's "inf", "-inf", "nan", "-nan".
 * Fast paths avoid the exact expansion: integers below 1e14 print as themselves, and for a normal
 * double whose shortest round-trip form has at most 14 significant digits, %.14g prints those
 * digits (the double lies within half an ulp, 2^-53 relative, of them: far inside half a unit of
 * the 14th digit, so rounding cannot move and no tie can arise). Subnormals have coarser ulps and
 * take the exact path.
 */
export function numberToString(n: number): Bytes {
  if (Number.isInteger(n) && n < 1e14 && n > -1e14) {
    return n === 0 && 1 / n < 0 ? '-0' : String(n);
  }
  if (!Number.isFinite(n)) {
    if (Number.isNaN(n)) return signBit(n) ? '-nan' : 'nan';
    return n > 0 ? 'inf' : '-inf';
  }
  const s = String(n);
  const shortest = parseShortest(s);
  if (shortest.digits.length <= 14 && Math.abs(n) >= 2.2250738585072014e-308) {
    return (n < 0 ? '-' : '') + gBody(shortest.digits, shortest.point, false, 14, false, false);
  }
  return formatFloat(n, { conv: 'g', precision: 14 });
}

/** JS's shortest form ("123.45", "1.5e-7", "1e+21") as 0.DIGITS × 10^point, sign dropped. */
function parseShortest(s: string): { digits: string; point: number } {
  let i = s.charCodeAt(0) === 45 ? 1 : 0;
  const ePos = s.indexOf('e');
  const mant = ePos < 0 ? s.slice(i) : s.slice(i, ePos);
  const exp = ePos < 0 ? 0 : Number(s.slice(ePos + 1));
  const dot = mant.indexOf('.');
  let digits = dot < 0 ? mant : mant.slice(0, dot) + mant.slice(dot + 1);
  let point = (dot < 0 ? mant.length : dot) + exp;
  i = 0;
  while (i < digits.length - 1 && digits.charCodeAt(i) === 48) i++;
  digits = digits.slice(i);
  point -= i;
  let end = digits.length;
  while (end > 1 && digits.charCodeAt(end - 1) === 48) end--;
  return { digits: digits.slice(0, end), point };
}

// ---------------------------------------------------------------------------------------------
// string -> number

/** C's isspace in the C locale: space, \t \n \v \f \r. */
export function isSpaceByte(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** The C string a Lua string is to C functions: everything up to the first \0. */
function cString(s: Bytes): string {
  const z = s.indexOf('\0');
  return z < 0 ? s : s.slice(0, z);
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;
const HEXFLOAT = /^([+-]?)0[xX]((?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+))(?:[pP]([+-]?\d+))?/;
const SPECIAL = /^([+-]?)(?:(inf(?:inity)?)|(nan)(?:\([0-9A-Za-z_]*\))?)/i;

/**
 * glibc strtod on a C string, reading from index `start`: the value and the index after the text
 * it consumed (`end === start`: no conversion). Leading whitespace, sign, decimal, hexadecimal
 * floats (0x1.8p3), inf/infinity, nan/nan(...) ("-nan" keeps its sign bit, as glibc's does).
 * Overflow gives ±Infinity and underflow 0 (errno is ignored by every caller).
 */
export function strtod(s: string, start = 0): { value: number; end: number } {
  let i = start;
  while (i < s.length && isSpaceByte(s.charCodeAt(i))) i++;
  const rest = s.slice(i);
  let m = HEXFLOAT.exec(rest);
  if (m !== null) {
    const neg = m[1] === '-';
    const body = m[2]!;
    const dot = body.indexOf('.');
    const hex = dot < 0 ? body : body.slice(0, dot) + body.slice(dot + 1);
    const fracDigits = dot < 0 ? 0 : body.length - dot - 1;
    // An exponent that cannot be read leaves "p" unconsumed, as the regular expression does.
    let e2 = -4 * fracDigits;
    if (m[3] !== undefined) {
      const ev = Number(m[3]);
      e2 += Math.abs(ev) > 100000 ? Math.sign(ev) * 100000 : ev;
    }
    const v = bigTimesPow2(BigInt('0x' + hex), e2);
    return { value: neg ? -v : v, end: i + m[0].length };
  }
  m = SPECIAL.exec(rest);
  if (m !== null) {
    const neg = m[1] === '-';
    let v: number;
    if (m[2] !== undefined) v = neg ? -Infinity : Infinity;
    else v = neg ? negNaN() : NaN;
    return { value: v, end: i + m[0].length };
  }
  m = DECIMAL.exec(rest);
  if (m !== null) {
    // V8's string to double is correctly rounded, as glibc's strtod.
    return { value: Number(m[0]), end: i + m[0].length };
  }
  return { value: 0, end: start };
}

/** A NaN with its sign bit set, as glibc's strtod("-nan") returns. */
function negNaN(): number {
  f64[0] = NaN;
  u32[HI] = u32[HI]! | 0x80000000;
  return f64[0];
}

/** m × 2^e2 correctly rounded (ties to even) to a double, subnormals included. */
function bigTimesPow2(m: bigint, e2: number): number {
  if (m === 0n) return 0;
  const len = m.toString(2).length;
  const top = len - 1 + e2; // m × 2^e2 lies in [2^top, 2^(top+1))
  if (top > 1023) return Infinity;
  // Bits the result can hold: 53 for normals, fewer below 2^-1022.
  const bits = top >= -1022 ? 53 : top + 1075;
  if (bits <= 0) {
    // Below half the smallest subnormal, or exactly... rounds to 0 or to 2^-1074.
    if (bits < 0) return 0;
    // bits == 0: value in [2^-1075, 2^-1074): above half rounds up, exactly half (a power of two) to even = 0.
    const isPow2 = (m & (m - 1n)) === 0n;
    return isPow2 ? 0 : 5e-324;
  }
  let shift = len - bits;
  let q = m;
  if (shift > 0) {
    const sh = BigInt(shift);
    q = m >> sh;
    const rem = m & ((1n << sh) - 1n);
    const half = 1n << (sh - 1n);
    if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
  } else shift = 0;
  return ldexp(Number(q), e2 + shift);
}

/**
 * x × 2^e for an exact x (at most 53 bits) whose product is representable: scaling by 2^±1000
 * first keeps every intermediate exact (one step down from x >= 1 stays a normal number).
 */
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

/**
 * luaO_str2d: a Lua string as a number, or undefined. strtod over the C string (up to any \0),
 * then only whitespace may follow. (5.1 retries with strtoul(…, 16) when strtod stops at an 'x';
 * glibc's strtod already reads hexadecimal, so that retry never succeeds where strtod failed.)
 */
export function stringToNumber(s: Bytes): number | undefined {
  const c = cString(s);
  const { value, end } = strtod(c);
  if (end === 0) return undefined;
  for (let i = end; i < c.length; i++) if (!isSpaceByte(c.charCodeAt(i))) return undefined;
  return value;
}

/**
 * tonumber(s, base) for a base other than 10 (luaB_tonumber): strtoul over the C string, then
 * only whitespace may follow. A '-' negates modulo 2^64 and overflow gives ULONG_MAX, as glibc.
 */
export function tonumberBase(s: Bytes, base: number): number | undefined {
  const c = cString(s);
  let i = 0;
  while (i < c.length && isSpaceByte(c.charCodeAt(i))) i++;
  let neg = false;
  if (c[i] === '+' || c[i] === '-') {
    neg = c[i] === '-';
    i++;
  }
  if (base === 16 && c[i] === '0' && (c[i + 1] === 'x' || c[i + 1] === 'X') && digitValue(c.charCodeAt(i + 2)) < 16) i += 2;
  const start = i;
  let n = 0n;
  const b = BigInt(base);
  let overflow = false;
  for (; i < c.length; i++) {
    const d = digitValue(c.charCodeAt(i));
    if (d >= base) break;
    if (!overflow) {
      n = n * b + BigInt(d);
      if (n > 0xffffffffffffffffn) overflow = true;
    }
  }
  if (i === start) return undefined; // no digits: strtoul's end is the string's start
  for (; i < c.length; i++) if (!isSpaceByte(c.charCodeAt(i))) return undefined;
  if (overflow) n = 0xffffffffffffffffn;
  else if (neg) n = (0x10000000000000000n - n) & 0xffffffffffffffffn;
  return Number(n);
}

function digitValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 122) return c - 87;
  if (c >= 65 && c <= 90) return c - 55;
  return 99;
}

// ---------------------------------------------------------------------------------------------
// C integer conversions of doubles (x86-64 semantics for the out-of-range cases C leaves undefined)

const INT64_MIN = -(2n ** 63n);

/** (long)d: truncation; NaN and out-of-range give LONG_MIN (cvttsd2si's "integer indefinite"). */
export function toInt64(d: number): bigint {
  if (!(d >= -9223372036854775808 && d < 9223372036854775808)) return INT64_MIN;
  return BigInt(Math.trunc(d));
}

/**
 * (unsigned long)d as gcc compiles it on x86-64: below 2^63 (or NaN) through cvttsd2si, so
 * negatives wrap and NaN/huge negatives give 2^63; from 2^63 on via d - 2^63, so 2^64 and above give 0.
 */
export function toUint64(d: number): bigint {
  if (d >= 9223372036854775808) {
    const low = toInt64(d - 9223372036854775808);
    return (low ^ INT64_MIN) & 0xffffffffffffffffn;
  }
  return toInt64(d) & 0xffffffffffffffffn;
}

/** lua_Integer (ptrdiff_t) from a double, as lua_tointeger's plain cast: a JS number when it fits. */
export function toInteger(d: number): number {
  if (d > -9007199254740992 && d < 9007199254740992) return Math.trunc(d) || 0;
  return Number(toInt64(d));
}

/** (int) of a lua_Integer, as luaL_checkint does: the low 32 bits. */
export function toInt32(d: number): number {
  if (d >= -2147483648 && d <= 2147483647) return Math.trunc(d) || 0;
  return Number(BigInt.asIntN(32, toInt64(d)));
}
