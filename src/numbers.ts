/**
 * Numbers as Redis reads and writes them: strict 64-bit integers (string2ll), strtod-style doubles,
 * and `%.17g` formatting. Integers stay JS numbers while they are safe and become bigints past
 * 2^53, so INCR near 2^63 stays exact.
 */

export const INT64_MAX = 9223372036854775807n;
export const INT64_MIN = -9223372036854775808n;

export type Int64 = number | bigint;

/**
 * Redis's string2ll: an optional '-', digits without leading zeros, nothing else; within int64.
 * Returns undefined when the text is not such an integer.
 */
export function parseInt64(s: string): Int64 | undefined {
  const len = s.length;
  if (len === 0 || len > 20) return undefined;
  let i = 0;
  const neg = s.charCodeAt(0) === 45; // '-'
  if (neg) {
    i = 1;
    if (len === 1) return undefined;
  }
  const first = s.charCodeAt(i);
  if (first === 48) return len === i + 1 && !neg ? 0 : undefined; // "0" only; "-0" and "01" are rejected
  if (first < 49 || first > 57) return undefined;
  for (let j = i + 1; j < len; j++) {
    const c = s.charCodeAt(j);
    if (c < 48 || c > 57) return undefined;
  }
  if (len - i <= 15) return Number(s);
  const big = BigInt(s);
  if (big > INT64_MAX || big < INT64_MIN) return undefined;
  return normalizeInt(big);
}

/** A bigint back to a number when it is safe, so the common case stays fast. */
export function normalizeInt(v: bigint): Int64 {
  return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
}

/** Adds two int64s; undefined on overflow (Redis: "increment or decrement would overflow"). */
export function addInt64(a: Int64, b: Int64): Int64 | undefined {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    if (Number.isSafeInteger(r)) return r;
  }
  const r = BigInt(a) + BigInt(b);
  if (r > INT64_MAX || r < INT64_MIN) return undefined;
  return normalizeInt(r);
}

export function int64ToString(v: Int64): string {
  return typeof v === 'number' ? String(v) : v.toString();
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INFINITY = /^([+-]?)inf(?:inity)?$/i;
const HEX = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/;

/**
 * strtod as Redis's getDoubleFromObject uses it: the whole text must parse, no leading space,
 * no NaN, and no overflow or underflow to zero (ERANGE). Returns undefined when invalid.
 */
export function parseDouble(s: string): number | undefined {
  if (s.length === 0) return undefined;
  if (DECIMAL.test(s)) {
    const v = Number(s);
    if (!Number.isFinite(v)) return undefined; // overflow: ERANGE with HUGE_VAL
    if (v === 0 && /[1-9]/.test(s.replace(/[eE].*$/, ''))) return undefined; // underflow to zero: ERANGE
    return v;
  }
  const inf = INFINITY.exec(s);
  if (inf) return inf[1] === '-' ? -Infinity : Infinity;
  const hex = HEX.exec(s);
  if (hex && (hex[2]!.length > 0 || (hex[3] ?? '').length > 0)) {
    const int = hex[2] || '0';
    const frac = hex[3] ?? '';
    let v = parseInt(int + frac || '0', 16) / Math.pow(16, frac.length);
    if (hex[4]) v *= Math.pow(2, Number(hex[4]));
    if (!Number.isFinite(v)) return undefined;
    return hex[1] === '-' ? -v : v;
  }
  return undefined;
}

/** C's `%.<precision>g`. */
export function formatG(d: number, precision: number): string {
  if (Number.isNaN(d)) return 'nan';
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  if (d === 0) return Object.is(d, -0) ? '-0' : '0';
  const exp = Number(d.toExponential(precision - 1).split('e')[1]);
  if (exp < -4 || exp >= precision) {
    const [mant, e] = d.toExponential(precision - 1).split('e') as [string, string];
    const trimmed = mant.includes('.') ? mant.replace(/0+$/, '').replace(/\.$/, '') : mant;
    const en = Number(e);
    return `${trimmed}e${en < 0 ? '-' : '+'}${String(Math.abs(en)).padStart(2, '0')}`;
  }
  const fixed = d.toFixed(Math.max(0, precision - 1 - exp));
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}

/** How Redis 7.0 prints a double reply in RESP2 (`%.17g`, with `inf`/`-inf`). */
export function formatDouble(d: number): string {
  return formatG(d, 17);
}
