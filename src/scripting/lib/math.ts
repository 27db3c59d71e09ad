/**
 * Lua 5.1's math library (lmathlib.c 5.1.5) as Redis 7.0 ships it: abs acos asin atan atan2
 * ceil cos cosh deg exp floor fmod frexp huge ldexp log log10 max min mod (5.1's
 * LUA_COMPAT_MOD alias of fmod) modf pi pow rad random randomseed sin sinh sqrt tan tanh.
 *
 * math.random and math.randomseed are Redis's: lmathlib.c is patched to draw from
 * redisLrand48() / redisSrand48() (src/rand.c, the 48-bit drand48 generator with its a, c and
 * initial state), so a script's random numbers are the same on every machine. See Rand48 and
 * processRandom for when Redis 7.0 (re)seeds it: only math.randomseed does.
 *
 * C's libm and V8's Math agree on the IEEE operations (sqrt, floor, fmod...); for the
 * transcendental functions both aim at the correctly rounded result, and may differ in the last
 * bit on some inputs (invisible in tostring's %.14g). pow follows C99 where JS differs
 * (pow(1, nan) and pow(-1, ±inf) are 1).
 *
 * Error convention: lauxlib.ts's.
 */
import { LuaLibraryError, argError, checkInt, checkNumber, libFunction as named } from '../lauxlib.js';
import { type LuaFunction, LuaTable, type LuaValue } from '../values.js';

const PI = 3.14159265358979323846;
const RADIANS_PER_DEGREE = PI / 180.0;

// ---------------------------------------------------------------------------------------------
// Redis's rand.c: X(n+1) = (a X(n) + c) mod 2^48, a = 0x5DEECE66D, c = 0xB, result X >> 17.
// The 48-bit state is kept as two 24-bit halves so every product stays exact in a double.

const TWO24 = 0x1000000;
const A_HI = 0x5de; // a = A_HI * 2^24 + A_LO
const A_LO = 0xece66d;

/** rand.c's generator (redisLrand48 / redisSrand48): one per server process in Redis. */
export class Rand48 {
  /** The state rand.c starts from: 0x1234ABCD330E. */
  private hi = 0x1234ab;
  private lo = 0xcd330e;

  /** redisLrand48: the next 31-bit value. */
  next(): number {
    const lo = this.lo * A_LO + 0xb;
    const carry = Math.floor(lo / TWO24);
    const hi = this.hi * A_LO + this.lo * A_HI + carry;
    this.lo = lo - carry * TWO24;
    this.hi = hi % TWO24;
    return this.hi * 128 + Math.floor(this.lo / 131072); // X >> 17
  }

  /** redisSrand48(seed): X = seed (as 32 unsigned bits) << 16 | 0x330E. */
  seed(seed: number): void {
    const s = seed >>> 0;
    this.hi = Math.floor(s / 256);
    this.lo = (s % 256) * 65536 + 0x330e;
  }
}

/**
 * The process-wide generator the math library uses unless given its own. Redis 7.0 never
 * reseeds it by itself: it starts at rand.c's initial state when the server starts and moves
 * only with math.random / math.randomseed, across EVALs and SCRIPT FLUSH (checked on 7.0.15;
 * the redisSrand48(0) before every EVAL of Redis 6 and earlier is gone with verbatim script
 * replication). A host that models one server per engine passes each engine its own Rand48.
 */
export const processRandom = new Rand48();

/** redisSrand48(0) on the process-wide generator (what Redis 6 did before every EVAL; 7.0 does not). */
export function resetRandom(): void {
  processRandom.seed(0);
}

const REDIS_LRAND48_MAX = 2147483647;

function makeRandom(rand: Rand48): LuaFunction {
  return named('random', (args) => {
    // The `%' avoids the (rare) case of r == 1. The number is drawn before the arguments are checked.
    const r = (rand.next() % REDIS_LRAND48_MAX) / REDIS_LRAND48_MAX;
    switch (args.length) {
      case 0:
        return [r];
      case 1: {
        const u = checkInt('random', args, 1);
        if (!(1 <= u)) throw argError('random', 1, 'interval is empty');
        return [Math.floor(r * u) + 1];
      }
      case 2: {
        const l = checkInt('random', args, 1);
        const u = checkInt('random', args, 2);
        if (!(l <= u)) throw argError('random', 2, 'interval is empty');
        return [Math.floor(r * ((u - l + 1) | 0)) + l]; // u-l+1 is C int arithmetic (wraps)
      }
      default:
        throw new LuaLibraryError('wrong number of arguments');
    }
  });
}

function makeRandomseed(rand: Rand48): LuaFunction {
  return named('randomseed', (args) => {
    rand.seed(checkInt('randomseed', args, 1));
    return [];
  });
}

// ---------------------------------------------------------------------------------------------
// frexp / ldexp on the bits

const view = new DataView(new ArrayBuffer(8));

/** C frexp: x = m * 2^e with 0.5 <= |m| < 1; zeros, infinities and NaN come back as they are with e = 0. */
export function frexp(x: number): [number, number] {
  if (x === 0 || !Number.isFinite(x)) return [x, 0];
  let extra = 0;
  view.setFloat64(0, x);
  let hi = view.getUint32(0);
  if ((hi & 0x7ff00000) === 0) {
    // subnormal: scale into the normal range first (exact)
    view.setFloat64(0, x * 18014398509481984); // 2^54
    hi = view.getUint32(0);
    extra = -54;
  }
  const e = ((hi >>> 20) & 0x7ff) - 1022 + extra;
  view.setUint32(0, (hi & 0x800fffff) | (1022 << 20));
  return [view.getFloat64(0), e];
}

/** 2^k for a normal exponent (-1022 <= k <= 1023), exactly. */
function pow2(k: number): number {
  view.setUint32(0, (k + 1023) << 20);
  view.setUint32(4, 0);
  return view.getFloat64(0);
}

/** C ldexp: x * 2^n, correctly rounded (one rounding, also into the subnormal range). */
export function ldexp(x: number, n: number): number {
  if (x === 0 || !Number.isFinite(x) || n === 0) return x;
  const [m, e] = frexp(x);
  const k = e + n; // result = m * 2^k, 0.5 <= |m| < 1
  if (k > 1024) return m > 0 ? Infinity : -Infinity;
  if (k > 1023) return m * 2 * pow2(k - 1);
  if (k >= -1021) return m * pow2(k);
  if (k < -1074) return m > 0 ? 0 : -0;
  // One multiplication by the (subnormal, exact) power of two rounds once, as C's ldexp does.
  return m * (pow2(k + 60) * pow2(-60));
}

// ---------------------------------------------------------------------------------------------

// NaN signs. In Redis, tostring prints a NaN with its sign bit set as "-nan" (glibc's printf). On
// x86-64 an invalid operation makes the "default NaN", sign bit set (0/0 prints -nan), except
// where glibc builds its NaN otherwise (acos/asin out of [-1, 1], log10 of a negative: "nan"); a
// NaN argument comes back as it is (fabs clears its sign). The functions here choose those signs
// explicitly rather than take V8's, but V8 does not keep a NaN's sign reliably once it is stored
// (array literals may canonicalise it), so number-format.ts prints every NaN as "-nan" and the
// tests compare NaNs without their sign.

const bits = new BigUint64Array(1);
const asDouble = new Float64Array(bits.buffer);
bits[0] = 0xfff8000000000000n;
/** x86's default NaN: sign bit set, prints as -nan. */
export const NEG_NAN = asDouble[0]!;
bits[0] = 0x7ff8000000000000n;
/** A NaN with the sign bit clear, prints as nan. */
export const POS_NAN = asDouble[0]!;

/** A one-argument libm function: NaN arguments pass through, a NaN made from a number is `invalid`. */
function libm1(f: (x: number) => number, invalid = NEG_NAN): (x: number) => number {
  return (x) => {
    if (x !== x) return x;
    const r = f(x);
    return r === r ? r : invalid;
  };
}

/** x^n, correctly rounded, for a finite nonzero x and an integer |n| <= 64; undefined near the ends of the range. */
function exactIntegerPower(x: number, n: number): number | undefined {
  // x = m / 2^k exactly, m an odd (or small) integer.
  let m = Math.abs(x);
  let k = 0;
  while (!Number.isInteger(m)) {
    m *= 2;
    k++;
  }
  const negative = x < 0 && n % 2 !== 0;
  const mn = BigInt(m) ** BigInt(Math.abs(n));
  const scale = k * Math.abs(n); // the power of 2 dividing (n > 0) or multiplying (n < 0)
  const value = n > 0 ? ratioToDouble(mn, 1n, -scale) : ratioToDouble(1n, mn, scale);
  if (value === undefined) return undefined;
  return negative ? -value : value;
}

/** The double nearest to (a / b) * 2^e (a, b > 0), or undefined when it would be subnormal or overflow. */
function ratioToDouble(a: bigint, b: bigint, e: number): number | undefined {
  const bits = (v: bigint) => v.toString(2).length;
  // A quotient of at least 55 bits, its last bit made sticky, rounds once to 53 bits correctly.
  const shift = Math.max(0, 55 + bits(b) - bits(a));
  const num = a << BigInt(shift);
  let q = num / b;
  if (q * b !== num) q |= 1n;
  const exp = e - shift; // value = q * 2^exp
  const qb = bits(q);
  if (qb + exp > 1023 || qb + exp < -1021) return undefined;
  // q may be wider than 53 bits: drop the extra bits with a sticky bit, then let Number() round once.
  const extra = qb - 55;
  let top = q;
  if (extra > 0) {
    top = q >> BigInt(extra);
    if ((top << BigInt(extra)) !== q) top |= 1n;
  }
  return Number(top) * 2 ** (exp + Math.max(0, extra));
}

/** glibc's pow, where it differs from JS's Math.pow: NaN signs, 1^y and (-1)^±inf are 1. */
export function cPow(x: number, y: number): number {
  if (y === 0 || x === 1) return 1; // even pow(nan, 0) and pow(1, nan)
  if (y !== y) return x !== x ? x : y; // x + y
  if (x !== x) {
    // x * x, negated for a negative NaN to an odd integer power; 1 / that for y < 0 (the NaN stays).
    const odd = Number.isInteger(y) && Math.abs(y % 2) === 1;
    return odd && signBit(x) ? POS_NAN : x;
  }
  if (x === -1 && (y === Infinity || y === -Infinity)) return 1;
  // glibc's pow is correctly rounded; V8's is not always (5^-5 and 2.5^-5 come out 1 ulp low).
  // Integer powers are computed exactly (every double is m / 2^k) and rounded once; x^0.5 is sqrt.
  if (Number.isInteger(y) && Math.abs(y) <= 64 && Number.isFinite(x) && x !== 0) {
    const r = exactIntegerPower(x, y);
    if (r !== undefined) return r;
  }
  if (y === 0.5 && x !== -Infinity && !Object.is(x, -0)) return Math.sqrt(x);
  const r = Math.pow(x, y);
  return r === r ? r : NEG_NAN;
}

function signBit(x: number): boolean {
  asDouble[0] = x;
  return bits[0]! >= 0x8000000000000000n;
}

/** modf: the integral part (toward zero) and the fraction, both with x's sign (C99); a NaN twice. */
function modf(x: number): [number, number] {
  if (x !== x) return [x, x];
  const ip = Math.trunc(x);
  if (x === ip) return [ip, 1 / x < 0 || x < 0 ? -0 : 0]; // integers and infinities: signed zero fraction
  return [ip, x - ip];
}

/** C fmod: a NaN argument (x's first) comes back; an invalid one (y = 0, x infinite) is the default NaN. */
function cFmod(x: number, y: number): number {
  if (x !== x) return x;
  if (y !== y) return y;
  const r = x % y;
  return r === r ? r : NEG_NAN;
}

/** C atan2(y, x): with a NaN, x + y (x's NaN first). */
function cAtan2(y: number, x: number): number {
  if (x !== x) return x;
  if (y !== y) return y;
  return Math.atan2(y, x);
}

function fn1(name: string, f: (x: number) => number, invalid = NEG_NAN): LuaFunction {
  const g = libm1(f, invalid);
  return named(name, (args) => [g(checkNumber(name, args, 1))]);
}

/** fabs: the sign bit cleared, a NaN's too. */
function fabs(x: number): number {
  return x === x ? Math.abs(x) : POS_NAN;
}

function makeMinMax(name: 'min' | 'max'): LuaFunction {
  return named(name, (args) => {
    let best = checkNumber(name, args, 1);
    for (let i = 2; i <= args.length; i++) {
      const d = checkNumber(name, args, i);
      if (name === 'min' ? d < best : d > best) best = d;
    }
    return [best];
  });
}

/** The `math` table, freshly built; random and randomseed draw from `rand` (by default the process-wide one). */
export function createMathLib(rand: Rand48 = processRandom): LuaTable {
  const t = new LuaTable();
  // The two-argument functions check argument 2 first: gcc evaluates the C call's arguments right to left.
  const fmod = named('fmod', (args) => {
    const y = checkNumber('fmod', args, 2);
    return [cFmod(checkNumber('fmod', args, 1), y)];
  });
  const fns: [string, LuaValue][] = [
    ['abs', named('abs', (args) => [fabs(checkNumber('abs', args, 1))])],
    ['acos', fn1('acos', Math.acos, POS_NAN)],
    ['asin', fn1('asin', Math.asin, POS_NAN)],
    [
      'atan2',
      named('atan2', (args) => {
        const x = checkNumber('atan2', args, 2);
        return [cAtan2(checkNumber('atan2', args, 1), x)];
      }),
    ],
    ['atan', fn1('atan', Math.atan)],
    ['ceil', fn1('ceil', Math.ceil)],
    ['cosh', fn1('cosh', Math.cosh)],
    ['cos', fn1('cos', Math.cos)],
    ['deg', fn1('deg', (x) => x / RADIANS_PER_DEGREE)],
    ['exp', fn1('exp', Math.exp)],
    ['floor', fn1('floor', Math.floor)],
    ['fmod', fmod],
    ['frexp', named('frexp', (args) => frexp(checkNumber('frexp', args, 1)))],
    [
      'ldexp',
      named('ldexp', (args) => {
        const e = checkInt('ldexp', args, 2);
        return [ldexp(checkNumber('ldexp', args, 1), e)];
      }),
    ],
    ['log10', fn1('log10', Math.log10, POS_NAN)],
    ['log', fn1('log', Math.log)],
    ['max', makeMinMax('max')],
    ['min', makeMinMax('min')],
    ['modf', named('modf', (args) => modf(checkNumber('modf', args, 1)))],
    [
      'pow',
      named('pow', (args) => {
        const y = checkNumber('pow', args, 2);
        return [cPow(checkNumber('pow', args, 1), y)];
      }),
    ],
    ['rad', fn1('rad', (x) => x * RADIANS_PER_DEGREE)],
    ['random', makeRandom(rand)],
    ['randomseed', makeRandomseed(rand)],
    ['sinh', fn1('sinh', Math.sinh)],
    ['sin', fn1('sin', Math.sin)],
    ['sqrt', fn1('sqrt', Math.sqrt)],
    ['tanh', fn1('tanh', Math.tanh)],
    ['tan', fn1('tan', Math.tan)],
    ['pi', PI],
    ['huge', Infinity],
    ['mod', fmod],
  ];
  for (const [k, v] of fns) t.set(k, v);
  return t;
}
