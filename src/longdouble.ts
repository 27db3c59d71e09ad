/**
 * C `long double` as Redis on x86-64 computes with it: the x87 80-bit extended format (a 64-bit
 * significand with an explicit integer bit, 15-bit exponent, gradual underflow). INCRBYFLOAT and
 * HINCRBYFLOAT parse with strtold, add in this format and print with `%.17Lf`; a JS double would
 * give different digits (`10.5 + 0.1` is `10.6` here, `10.59999999999999964` in a double printed
 * the same way). Everything is exact BigInt arithmetic with round-to-nearest-even, as the FPU and
 * glibc do.
 */

export type LongDoubleKind = 'finite' | 'infinite' | 'nan';

/** A long double: `(-1)^negative * significand * 2^exponent` when finite. */
export interface LongDouble {
  readonly kind: LongDoubleKind;
  /** The sign, also of zero and of infinity. */
  readonly negative: boolean;
  /** 0, or in [2^63, 2^64) for normal values, or below 2^63 at MIN_EXPONENT (subnormal). */
  readonly significand: bigint;
  readonly exponent: number;
}

const SIGNIFICAND_BITS = 64;
/** The exponent of the smallest subnormal, 2^-16445 (biased exponent 0: 1 - 16383 - 63). */
const MIN_EXPONENT = -16445;
/** The exponent of the largest finite value, (2^64 - 1) * 2^16320 (about 1.19e4932). */
const MAX_EXPONENT = 16320;
const TWO_64 = 1n << 64n;
const TWO_63 = 1n << 63n;
const LOG2_10 = Math.log2(10);

/** Redis's MAX_LONG_DOUBLE_CHARS: string2ld refuses texts this long or longer. */
export const MAX_LONG_DOUBLE_CHARS = 5 * 1024;

const ZERO: LongDouble = { kind: 'finite', negative: false, significand: 0n, exponent: 0 };
const NEGATIVE_ZERO: LongDouble = { kind: 'finite', negative: true, significand: 0n, exponent: 0 };
const INFINITY: LongDouble = { kind: 'infinite', negative: false, significand: 0n, exponent: 0 };
const NEGATIVE_INFINITY: LongDouble = { kind: 'infinite', negative: true, significand: 0n, exponent: 0 };
const NAN: LongDouble = { kind: 'nan', negative: false, significand: 0n, exponent: 0 };

function zero(negative: boolean): LongDouble {
  return negative ? NEGATIVE_ZERO : ZERO;
}

function infinity(negative: boolean): LongDouble {
  return negative ? NEGATIVE_INFINITY : INFINITY;
}

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/** Rounds a (shifted-out) remainder to nearest, ties to even. */
function roundsUp(quotient: bigint, twiceRemainder: bigint, divisor: bigint): boolean {
  return twiceRemainder > divisor || (twiceRemainder === divisor && (quotient & 1n) === 1n);
}

/** Packs an in-range quotient, handling the carry out of rounding and overflow. */
function pack(negative: boolean, significand: bigint, exponent: number): LongDouble {
  if (significand === TWO_64) {
    significand = TWO_63;
    exponent++;
  }
  if (significand === 0n) return zero(negative);
  if (exponent > MAX_EXPONENT) return infinity(negative);
  return { kind: 'finite', negative, significand, exponent };
}

/** The long double nearest to `n * 2^e` (n >= 0), as the FPU rounds an exact result. */
export function fromBinary(negative: boolean, n: bigint, e: number): LongDouble {
  if (n === 0n) return zero(negative);
  let exponent = e + bitLength(n) - SIGNIFICAND_BITS;
  if (exponent < MIN_EXPONENT) exponent = MIN_EXPONENT;
  if (exponent > MAX_EXPONENT + 1) return infinity(negative);
  const shift = exponent - e;
  if (shift <= 0) return pack(negative, n << BigInt(-shift), exponent);
  const s = BigInt(shift);
  let q = n >> s;
  const remainder = n - (q << s);
  if (roundsUp(q, remainder << 1n, 1n << s)) q++;
  return pack(negative, q, exponent);
}

/** The long double nearest to `num / den` (num >= 0, den > 0), correctly rounded. */
export function fromRational(negative: boolean, num: bigint, den: bigint): LongDouble {
  if (num === 0n) return zero(negative);
  let exponent = bitLength(num) - bitLength(den) - SIGNIFICAND_BITS;
  for (;;) {
    if (exponent < MIN_EXPONENT) exponent = MIN_EXPONENT;
    if (exponent > MAX_EXPONENT + 1) return infinity(negative);
    const scaledNum = exponent < 0 ? num << BigInt(-exponent) : num;
    const scaledDen = exponent > 0 ? den << BigInt(exponent) : den;
    let q = scaledNum / scaledDen;
    if (q >= TWO_64) {
      exponent++;
      continue;
    }
    const remainder = scaledNum - q * scaledDen;
    if (roundsUp(q, remainder << 1n, scaledDen)) q++;
    return pack(negative, q, exponent);
  }
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const HEXADECIMAL = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/;
const INFINITE = /^([+-]?)(?:inf|infinity)$/i;
const NOT_A_NUMBER = /^[+-]?nan/i;

/** An exponent text as a number, saturating far beyond any meaningful range. */
function exponentValue(text: string | undefined): number {
  if (text === undefined) return 0;
  const digits = text.replace(/^[+-]?0*/, '');
  const magnitude = digits.length > 9 ? 1e9 : Number(digits || '0');
  return text.startsWith('-') ? -magnitude : magnitude;
}

/**
 * glibc strtold over the whole text: decimal (`1.5`, `.5`, `5.`, `1e-3`), hexadecimal (`0x1.8p3`),
 * `inf`/`infinity` (any case). Returns undefined where strtold would not consume the whole text.
 * NaN texts are returned as NaN; overflow gives an infinity and underflow a zero, as the value
 * strtold returns (callers decide, as string2ld does, what ERANGE means).
 */
export function strtold(text: string): { value: LongDouble; range: boolean } | undefined {
  const inf = INFINITE.exec(text);
  if (inf) return { value: infinity(inf[1] === '-'), range: false };
  if (NOT_A_NUMBER.test(text)) {
    return /^[+-]?nan(?:\([0-9A-Za-z_]*\))?$/i.test(text) ? { value: NAN, range: false } : undefined;
  }
  const hex = HEXADECIMAL.exec(text);
  if (hex) {
    const intDigits = hex[2]!;
    const fracDigits = hex[3] ?? '';
    if (intDigits.length + fracDigits.length === 0) return undefined;
    const digits = BigInt(`0x${intDigits}${fracDigits}`);
    return scaled(hex[1] === '-', digits, 2, exponentValue(hex[4]) - 4 * fracDigits.length);
  }
  const dec = DECIMAL.exec(text);
  if (dec) {
    const intDigits = dec[2]!;
    const fracDigits = dec[3] ?? '';
    if (intDigits.length + fracDigits.length === 0) return undefined;
    return scaled(dec[1] === '-', BigInt(intDigits + fracDigits), 10, exponentValue(dec[4]) - fracDigits.length);
  }
  return undefined;
}

/** `digits * base^power` rounded, with overflow/underflow flagged as strtold's ERANGE. */
function scaled(negative: boolean, digits: bigint, base: 2 | 10, power: number): { value: LongDouble; range: boolean } {
  if (digits === 0n) return { value: zero(negative), range: false };
  // Decide far-out magnitudes without building enormous powers.
  const log2 = base === 2 ? bitLength(digits) + power : (digits.toString().length + power) * LOG2_10;
  if (log2 > MAX_EXPONENT + SIGNIFICAND_BITS + 8) return { value: infinity(negative), range: true };
  if (log2 < MIN_EXPONENT - 8) return { value: zero(negative), range: true };
  let value: LongDouble;
  if (base === 2) value = fromBinary(negative, digits, power);
  else if (power >= 0) value = fromBinary(negative, digits * 10n ** BigInt(power), 0);
  else value = fromRational(negative, digits, 10n ** BigInt(-power));
  const range = value.kind === 'infinite' || (value.kind === 'finite' && value.significand === 0n);
  return { value, range };
}

/**
 * Redis's string2ld: the whole text must be a number strtold reads, no leading space, shorter than
 * MAX_LONG_DOUBLE_CHARS, not NaN, and without overflow or underflow to zero. `inf` is accepted.
 */
export function parseLongDouble(text: string): LongDouble | undefined {
  if (text.length === 0 || text.length >= MAX_LONG_DOUBLE_CHARS) return undefined;
  const parsed = strtold(text);
  if (parsed === undefined || parsed.value.kind === 'nan') return undefined;
  if (parsed.range) return undefined;
  return parsed.value;
}

export function isFiniteLongDouble(x: LongDouble): boolean {
  return x.kind === 'finite';
}

/** `a + b` as the x87 FPU computes it (round to nearest even, 64-bit significand). */
export function addLongDouble(a: LongDouble, b: LongDouble): LongDouble {
  if (a.kind === 'nan' || b.kind === 'nan') return NAN;
  if (a.kind === 'infinite' || b.kind === 'infinite') {
    if (a.kind === 'infinite' && b.kind === 'infinite') return a.negative === b.negative ? a : NAN;
    return a.kind === 'infinite' ? a : b;
  }
  if (a.significand === 0n) return b.significand === 0n ? zero(a.negative && b.negative) : b;
  if (b.significand === 0n) return a;
  const exponent = Math.min(a.exponent, b.exponent);
  const x = a.significand << BigInt(a.exponent - exponent);
  const y = b.significand << BigInt(b.exponent - exponent);
  const sum = (a.negative ? -x : x) + (b.negative ? -y : y);
  if (sum === 0n) return ZERO;
  return fromBinary(sum < 0n, sum < 0n ? -sum : sum, exponent);
}

/** The long double for a JS integer or bigint (getLongDoubleFromObject on an int-encoded string). */
export function longDoubleFromInteger(v: number | bigint): LongDouble {
  const n = BigInt(v);
  return fromBinary(n < 0n, n < 0n ? -n : n, 0);
}

/** C's `%.<precision>Lf`: the exact binary value rounded to `precision` decimals, ties to even. */
export function formatFixed(x: LongDouble, precision: number): string {
  if (x.kind === 'nan') return x.negative ? '-nan' : 'nan';
  if (x.kind === 'infinite') return x.negative ? '-inf' : 'inf';
  const sign = x.negative ? '-' : '';
  const scale = 10n ** BigInt(precision);
  let units: bigint;
  if (x.exponent >= 0) {
    units = (x.significand << BigInt(x.exponent)) * scale;
  } else {
    const shift = BigInt(-x.exponent);
    const num = x.significand * scale;
    units = num >> shift;
    const remainder = num - (units << shift);
    if (roundsUp(units, remainder << 1n, 1n << shift)) units++;
  }
  if (precision === 0) return sign + units.toString();
  const intPart = units / scale;
  const fraction = (units % scale).toString().padStart(precision, '0');
  return `${sign}${intPart}.${fraction}`;
}

/**
 * Redis's ld2string in LD_STR_HUMAN mode: `%.17Lf`, trailing zeros and a bare point removed, `-0`
 * printed as `0`; infinities as `inf`/`-inf`.
 */
export function formatLongDoubleHuman(x: LongDouble): string {
  if (x.kind === 'infinite') return x.negative ? '-inf' : 'inf';
  let s = formatFixed(x, 17);
  if (s.includes('.')) {
    let end = s.length;
    while (s.charCodeAt(end - 1) === 48) end--;
    if (s.charCodeAt(end - 1) === 46) end--;
    s = s.slice(0, end);
  }
  return s === '-0' ? '0' : s;
}
