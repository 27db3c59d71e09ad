/**
 * Roberto Ierusalimschy's struct library (`struct.pack/unpack/size`) as Redis 7.0 bundles it
 * (deps/lua/src/lua_struct.c, with Redis's fixes: "integral size overflow", "offset must be 1 or
 * greater", the c0 size checks), on Redis's platform: x86-64 Linux, so native order is little
 * endian, int is 4 bytes, short 2, long/size_t 8, and the maximum alignment (`!` alone) is 8.
 * Errors follow the convention in ../lauxlib.ts.
 *
 * Formats: > < (endianness), ![n] (alignment), x (a zero byte), b B h H l L T i[n] I[n]
 * (integers, n up to 32 bytes), f d (float, double), c[n] (n chars; c0 = the whole string when
 * packing, the previous number as length when unpacking), s (zero-terminated), ' ' (ignored).
 *
 * C's integer conversions are reproduced as x86-64 computes them: packing truncates the double to
 * int64 (negative) or uint64 (otherwise), with NaN giving 0x8000000000000000 and values at or
 * beyond 2^64 giving 0; integers wider than 8 bytes only carry 64 bits (zero or, for signed
 * unpacking, the sign mask shifted by (size*8-1) mod 64, as x86 masks shift counts).
 */
import { LuaError, LuaTable, type LuaValue } from '../values.js';
import { LuaLibraryError, argError, checkNumber, checkString, libFunction, optInteger, toNumber } from '../lauxlib.js';
import { toUint64 } from '../number-format.js';

const BIG = 0;
const LITTLE = 1;
const NATIVE = LITTLE;
const MAXINTSIZE = 32;
const MAXALIGN = 8;
const INT_MAX = 2147483647;
/** LUAI_MAXCSTACK: a C function's frame cannot grow beyond this many slots. */
const LUAI_MAXCSTACK = 8000;
const U64 = (1n << 64n) - 1n;

interface Header {
  endian: number;
  align: number;
}

/** A format string as C walks it: up to its first NUL, with a cursor getnum advances. */
class Fmt {
  i = 0;
  readonly s: string;
  constructor(s: string) {
    const nul = s.indexOf('\0');
    this.s = nul < 0 ? s : s.slice(0, nul);
  }
  get done(): boolean {
    return this.i >= this.s.length;
  }
  next(): string {
    return this.s[this.i++]!;
  }
  private isDigit(): boolean {
    const c = this.s.charCodeAt(this.i);
    return c >= 48 && c <= 57;
  }
  /** getnum, with Redis's overflow check before each digit. */
  num(df: number): number {
    if (!this.isDigit()) return df;
    let a = 0;
    do {
      const d = this.s.charCodeAt(this.i) - 48;
      if (a > Math.floor(INT_MAX / 10) || a * 10 > INT_MAX - d) throw new LuaLibraryError('integral size overflow');
      a = a * 10 + d;
      this.i++;
    } while (this.isDigit());
    return a;
  }
}

function optsize(opt: string, fmt: Fmt): number {
  switch (opt) {
    case 'B':
    case 'b':
    case 'x':
      return 1;
    case 'H':
    case 'h':
      return 2;
    case 'L':
    case 'l':
    case 'T':
    case 'd':
      return 8;
    case 'f':
      return 4;
    case 'c':
      return fmt.num(1);
    case 'i':
    case 'I': {
      const sz = fmt.num(4);
      if (sz > MAXINTSIZE) throw new LuaLibraryError(`integral size ${sz} is larger than limit of ${MAXINTSIZE}`);
      return sz;
    }
    default:
      return 0; // other options need no alignment
  }
}

/** gettoalign: padding to align an item of `size` at position `len` (size_t arithmetic). */
function gettoalign(len: bigint, h: Header, opt: string, size: number): bigint {
  if (size === 0 || opt === 'c') return 0n;
  const s = BigInt(Math.min(size, h.align));
  return (s - (len & (s - 1n))) & (s - 1n);
}

function controloptions(fname: string, opt: string, fmt: Fmt, h: Header): void {
  switch (opt) {
    case ' ':
      return;
    case '>':
      h.endian = BIG;
      return;
    case '<':
      h.endian = LITTLE;
      return;
    case '!': {
      const a = fmt.num(MAXALIGN);
      if (!(a > 0 && (a & (a - 1)) === 0)) throw new LuaLibraryError(`alignment ${a} is not a power of 2`);
      h.align = a;
      return;
    }
    default:
      throw argError(fname, 1, `invalid format option '${opt}'`);
  }
}

function integerBytes(value: bigint, endian: number, size: number): string {
  const bytes: number[] = new Array<number>(size);
  let v = value;
  for (let k = 0; k < size; k++) {
    bytes[endian === LITTLE ? k : size - 1 - k] = Number(v & 0xffn);
    v >>= 8n;
  }
  return String.fromCharCode(...bytes);
}

const f32 = new Float32Array(1);
const f64 = new Float64Array(1);
const f32Bytes = new Uint8Array(f32.buffer);
const f64Bytes = new Uint8Array(f64.buffer);
const HOST_LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A float/double in the given byte order. NaN is written as x86's default NaN (sign bit set),
 *  which is what Lua's 0/0 carries; JS cannot keep a NaN's sign or payload. */
function floatBytes(d: number, single: boolean, endian: number): string {
  let le: number[];
  if (Number.isNaN(d)) le = single ? [0, 0, 0xc0, 0xff] : [0, 0, 0, 0, 0, 0, 0xf8, 0xff];
  else {
    const arr = single ? f32Bytes : f64Bytes;
    if (single) f32[0] = d;
    else f64[0] = d;
    le = Array.from(arr);
    if (!HOST_LITTLE) le.reverse();
  }
  if (endian === BIG) le.reverse();
  return String.fromCharCode(...le);
}

function readFloat(data: string, pos: number, single: boolean, endian: number): number {
  const arr = single ? f32Bytes : f64Bytes;
  const n = arr.length;
  const wantLittle = endian === LITTLE;
  for (let k = 0; k < n; k++) {
    const b = data.charCodeAt(pos + k);
    arr[wantLittle === HOST_LITTLE ? k : n - 1 - k] = b;
  }
  return single ? f32[0]! : f64[0]!;
}

/** struct.pack(fmt, ...). */
export function structPack(given: readonly LuaValue[]): string {
  const fmt = new Fmt(checkString('pack', given, 1));
  // b_pack pushes a nil right after its arguments (a mark before the string buffer), so the first
  // missing argument is reported as "got nil", not "got no value".
  const args = [...given, undefined];
  const h: Header = { endian: NATIVE, align: 1 };
  let arg = 2;
  let total = 0n;
  let out = '';
  while (!fmt.done) {
    const opt = fmt.next();
    let size = optsize(opt, fmt);
    const toalign = gettoalign(total, h, opt, size);
    total += toalign;
    out += '\0'.repeat(Number(toalign));
    switch (opt) {
      case 'b':
      case 'B':
      case 'h':
      case 'H':
      case 'l':
      case 'L':
      case 'T':
      case 'i':
      case 'I':
        out += integerBytes(toUint64(checkNumber('pack', args, arg++)), h.endian, size);
        break;
      case 'x':
        out += '\0';
        break;
      case 'f':
        out += floatBytes(Math.fround(checkNumber('pack', args, arg++)), true, h.endian);
        break;
      case 'd':
        out += floatBytes(checkNumber('pack', args, arg++), false, h.endian);
        break;
      case 'c':
      case 's': {
        const s = checkString('pack', args, arg++);
        if (size === 0) size = s.length;
        // arg has already moved on: the message names the next argument, as the C does.
        if (!(s.length >= size)) throw argError('pack', arg, 'string too short');
        out += s.slice(0, size);
        if (opt === 's') {
          out += '\0';
          size++;
        }
        break;
      }
      default:
        controloptions('pack', opt, fmt, h);
    }
    total += BigInt(size);
  }
  return out;
}

/** getinteger: `size` bytes as an unsigned or sign-extended 64-bit integer, as a double. */
function readInteger(data: string, pos: number, endian: number, signed: boolean, size: number): number {
  let l = 0n;
  if (endian === BIG) for (let k = 0; k < size; k++) l = ((l << 8n) | BigInt(data.charCodeAt(pos + k))) & U64;
  else for (let k = size - 1; k >= 0; k--) l = ((l << 8n) | BigInt(data.charCodeAt(pos + k))) & U64;
  if (!signed) return Number(l);
  const mask = (U64 << BigInt((size * 8 - 1) & 63)) & U64;
  if (l & mask) l |= mask;
  return Number(BigInt.asIntN(64, l));
}

/** lua_isnumber on an unpacked result (c0 takes its length from the previous result). */
function isNumber(v: LuaValue): boolean {
  return toNumber(v) !== undefined;
}

/** struct.unpack(fmt, data [, pos]). */
export function structUnpack(args: readonly LuaValue[]): LuaValue[] {
  const fmt = new Fmt(checkString('unpack', args, 1));
  const data = checkString('unpack', args, 2);
  const ld = BigInt(data.length);
  // size_t: a negative offset wraps to a huge position (then "data string too short").
  let pos = BigInt.asUintN(64, BigInt(optInteger('unpack', args, 3, 1)));
  if (pos === 0n) throw argError('unpack', 3, 'offset must be 1 or greater');
  pos--;
  const base = Math.max(args.length, 2);
  const h: Header = { endian: NATIVE, align: 1 };
  const out: LuaValue[] = [];
  const tooShort = () => argError('unpack', 2, 'data string too short');
  while (!fmt.done) {
    const opt = fmt.next();
    let size = BigInt(optsize(opt, fmt));
    pos = (pos + gettoalign(pos, h, opt, Number(size))) & U64;
    if (!(size <= ld && pos <= ld - size)) throw tooShort();
    if (base + out.length + 2 > LUAI_MAXCSTACK) throw new LuaLibraryError('stack overflow (too many results)');
    const p = Number(pos);
    switch (opt) {
      case 'b':
      case 'B':
      case 'h':
      case 'H':
      case 'l':
      case 'L':
      case 'T':
      case 'i':
      case 'I':
        out.push(readInteger(data, p, h.endian, opt === opt.toLowerCase(), Number(size)));
        break;
      case 'x':
        break;
      case 'f':
        out.push(readFloat(data, p, true, h.endian));
        break;
      case 'd':
        out.push(readFloat(data, p, false, h.endian));
        break;
      case 'c': {
        if (size === 0n) {
          if (out.length === 0 || !isNumber(out[out.length - 1])) {
            throw new LuaLibraryError("format 'c0' needs a previous size");
          }
          size = toUint64(toNumber(out.pop())!);
          if (!(size <= ld && pos <= ld - size)) throw tooShort();
        }
        out.push(data.slice(p, p + Number(size)));
        break;
      }
      case 's': {
        const e = data.indexOf('\0', p);
        if (e < 0) throw new LuaLibraryError('unfinished string in data');
        size = BigInt(e - p + 1);
        out.push(data.slice(p, e));
        break;
      }
      default:
        controloptions('unpack', opt, fmt, h);
    }
    pos = (pos + size) & U64;
  }
  out.push(Number(BigInt.asIntN(64, (pos + 1n) & U64)));
  return out;
}

/** struct.size(fmt): the packed size of a format without variable-length items. */
export function structSize(args: readonly LuaValue[]): number {
  const fmt = new Fmt(checkString('size', args, 1));
  const h: Header = { endian: NATIVE, align: 1 };
  let pos = 0n;
  while (!fmt.done) {
    const opt = fmt.next();
    const size = optsize(opt, fmt);
    pos += gettoalign(pos, h, opt, size);
    if (opt === 's') throw argError('size', 1, "option 's' has no fixed size");
    if (opt === 'c' && size === 0) throw argError('size', 1, "option 'c0' has no fixed size");
    // Unknown letters and digits are silently skipped here (the C only checks non-alphanumerics).
    if (!/[0-9A-Za-z]/.test(opt)) controloptions('size', opt, fmt, h);
    pos += BigInt(size);
  }
  return Number(BigInt.asIntN(64, pos));
}

/** A fresh `struct` table (Redis registers it as the global `struct`). */
export function createStructLib(): LuaTable {
  const lib = new LuaTable();
  lib.set('pack', libFunction('pack', (args) => [structPack(args)]));
  lib.set('unpack', libFunction('unpack', (args) => structUnpack(args)));
  lib.set('size', libFunction('size', (args) => [structSize(args)]));
  return lib;
}
