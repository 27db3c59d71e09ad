/**
 * lua-cmsgpack 0.4.0 (`cmsgpack.*`) as Redis 7.0 bundles it (deps/lua/src/lua_cmsgpack.c), over the
 * values of ../values.ts. Errors follow the convention in ../lauxlib.ts.
 *
 * Encoding rules (Lua 5.1 build, numbers are doubles):
 *  - a number that is finite, integral and within [-2^63, 2^63) packs as an integer in the
 *    smallest encoding (positive/negative fixnum, uint8/16/32/64 for >= 0, int8/16/32/64 for < 0);
 *  - any other number packs as float32 (0xca) when converting it to float and back gives the same
 *    double (so 0.5, 2^63, inf do), else as float64 (0xcb). NaN never equals itself, so it is a
 *    float64; it is written with x86's default NaN bits (ff f8 00...), which is what Lua's 0/0
 *    carries (JS cannot keep a NaN's sign or payload);
 *  - strings: fixstr / str8 / str16 / str32 (never bin);
 *  - tables: an array when every key is an integer key 1..n (max key == key count), else a map;
 *    tables nested 16 deep pack as nil (lua-cmsgpack's defence against cycles);
 *  - nil, functions and cjson.null (a lightuserdata) pack as nil (0xc0).
 * Map entries come out in our table order (array part, then hash insertion order), not Lua 5.1's
 * internal hash order.
 */
import { LuaError, LuaTable, type LuaValue } from '../values.js';
import { LuaLibraryError, argError, checkInteger, checkString, libFunction, optInteger, RawLuaError } from '../lauxlib.js';
import { LuaLightUserdata } from './cjson.js';

const MAX_NESTING = 16;
/** LUAI_MAXCSTACK: a C function's frame cannot grow beyond this many slots. */
const LUAI_MAXCSTACK = 8000;

// ---------------------------------------------------------------------------------------------
// Encoding
// ---------------------------------------------------------------------------------------------

const f32 = new Float32Array(1);
const f32Bytes = new Uint8Array(f32.buffer);
const f64 = new Float64Array(1);
const f64Bytes = new Uint8Array(f64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The big-endian bytes of a float32 or float64 as a binary string. */
function floatBytes(d: number, single: boolean): string {
  if (Number.isNaN(d)) return single ? '\xff\xc0\x00\x00' : '\xff\xf8\x00\x00\x00\x00\x00\x00';
  const arr = single ? f32Bytes : f64Bytes;
  if (single) f32[0] = d;
  else f64[0] = d;
  let s = '';
  if (LITTLE_ENDIAN) for (let i = arr.length - 1; i >= 0; i--) s += String.fromCharCode(arr[i]!);
  else for (let i = 0; i < arr.length; i++) s += String.fromCharCode(arr[i]!);
  return s;
}

function be(n: number, bytes: number): string {
  let s = '';
  for (let i = bytes - 1; i >= 0; i--) s += String.fromCharCode(Math.floor(n / 2 ** (8 * i)) & 0xff);
  return s;
}

function be64(n: bigint): string {
  const u = BigInt.asUintN(64, n);
  let s = '';
  for (let i = 7; i >= 0; i--) s += String.fromCharCode(Number((u >> BigInt(8 * i)) & 0xffn));
  return s;
}

/** mp_encode_int for an integral double within int64. */
function encodeInt(n: number): string {
  if (n >= 0) {
    if (n <= 127) return String.fromCharCode(n);
    if (n <= 0xff) return `\xcc${String.fromCharCode(n)}`;
    if (n <= 0xffff) return `\xcd${be(n, 2)}`;
    if (n <= 0xffffffff) return `\xce${be(n, 4)}`;
    return `\xcf${be64(BigInt(n))}`;
  }
  if (n >= -32) return String.fromCharCode(n & 0xff);
  if (n >= -128) return `\xd0${String.fromCharCode(n & 0xff)}`;
  if (n >= -32768) return `\xd1${be(n & 0xffff, 2)}`;
  if (n >= -2147483648) return `\xd2${be(n >>> 0, 4)}`;
  return `\xd3${be64(BigInt(n))}`;
}

function encodeNumber(n: number): string {
  // IS_INT64_EQUIVALENT: !isinf(n) && (int64_t)n == n; (int64_t) of 2^63 or NaN is INT64_MIN.
  if (Number.isInteger(n) && n >= -9223372036854775808 && n < 9223372036854775808) return encodeInt(n);
  return Math.fround(n) === n ? `\xca${floatBytes(n, true)}` : `\xcb${floatBytes(n, false)}`;
}

function encodeBytes(s: string): string {
  const len = s.length;
  if (len < 32) return String.fromCharCode(0xa0 | len) + s;
  if (len <= 0xff) return `\xd9${String.fromCharCode(len)}${s}`;
  if (len <= 0xffff) return `\xda${be(len, 2)}${s}`;
  return `\xdb${be(len, 4)}${s}`;
}

function header(n: number, fix: number, c16: string, c32: string): string {
  if (n <= 15) return String.fromCharCode(fix | n);
  if (n <= 65535) return c16 + be(n, 2);
  return c32 + be(n, 4);
}


/** table_is_an_array: only keys that are integers in C int range, >= 1, and max == count. */
function isArray(t: LuaTable): boolean {
  let count = 0;
  let max = 0;
  for (const [k] of t.entries()) {
    if (typeof k !== 'number' || k <= 0 || !Number.isInteger(k) || k > 2147483647) return false;
    if (k > max) max = k;
    count++;
  }
  return max === count;
}

function encodeValue(v: LuaValue, level: number, out: string[]): void {
  switch (typeof v) {
    case 'string':
      out.push(encodeBytes(v));
      return;
    case 'boolean':
      out.push(v ? '\xc3' : '\xc2');
      return;
    case 'number':
      out.push(encodeNumber(v));
      return;
    case 'object':
      if (!(v instanceof LuaTable) || level === MAX_NESTING) break; // userdata, threads: nil
      if (isArray(v)) {
        const len = v.length();
        out.push(header(len, 0x90, '\xdc', '\xdd'));
        for (let j = 1; j <= len; j++) encodeValue(v.get(j), level + 1, out);
      } else {
        let n = 0;
        for (const _ of v.entries()) n++;
        out.push(header(n, 0x80, '\xde', '\xdf'));
        for (const [k, val] of v.entries()) {
          encodeValue(k, level + 1, out);
          encodeValue(val, level + 1, out);
        }
      }
      return;
  }
  out.push('\xc0');
}

/** cmsgpack.pack(...): every argument packed, concatenated. */
export function msgpackPack(args: readonly LuaValue[]): string {
  if (args.length === 0) throw argError('pack', 0, 'MessagePack pack needs input.');
  // lua_checkstack(L, nargs) with the nargs arguments already on the stack.
  if (args.length * 2 > LUAI_MAXCSTACK) throw argError('pack', 0, 'Too many arguments for MessagePack pack.');
  const out: string[] = [];
  for (const a of args) encodeValue(a, 0, out);
  return out.join('');
}

// ---------------------------------------------------------------------------------------------
// Decoding
// ---------------------------------------------------------------------------------------------

const EOF = 1;
const BADFMT = 2;

class Cursor {
  err = 0;
  constructor(
    readonly s: string,
    public p: number,
    /** Lua stack slots in use above the C function's base, to reproduce lua_checkstack failures. */
    public top: number,
  ) {}

  get left(): number {
    return this.s.length - this.p;
  }

  byte(i: number): number {
    return this.s.charCodeAt(this.p + i);
  }

  /** mp_cur_need: false (and EOF) when fewer than n bytes are left. */
  need(n: number): boolean {
    if (this.left < n) {
      this.err = EOF;
      return false;
    }
    return true;
  }

  uint(offset: number, bytes: number): number {
    let v = 0;
    for (let i = 0; i < bytes; i++) v = v * 256 + this.byte(offset + i);
    return v;
  }

  u64(offset: number): bigint {
    let v = 0n;
    for (let i = 0; i < 8; i++) v = (v << 8n) | BigInt(this.byte(offset + i));
    return v;
  }

  float(offset: number, single: boolean): number {
    const arr = single ? f32Bytes : f64Bytes;
    const n = arr.length;
    for (let i = 0; i < n; i++) arr[LITTLE_ENDIAN ? n - 1 - i : i] = this.byte(offset + i);
    return single ? f32[0]! : f64[0]!;
  }
}

function checkStack(c: Cursor, msg: string): void {
  if (c.top + 1 > LUAI_MAXCSTACK) throw new LuaLibraryError(`stack overflow (${msg})`);
}

/** A table being filled: an array (index, then value) or a map (key, then value). */
interface Frame {
  t: LuaTable;
  isArray: boolean;
  left: number;
  index: number;
  key: LuaValue;
  haveKey: boolean;
}

const TOO_MANY = 'too many return values at once; use unpack_one or unpack_limit instead.';

function str(c: Cursor, hdr: number, len: number): string | undefined {
  if (!c.need(hdr + len)) return undefined;
  const v = c.s.slice(c.p + hdr, c.p + hdr + len);
  c.p += hdr + len;
  return v;
}

/**
 * mp_decode_to_lua_type for one top-level value, with the C recursion turned into a loop over
 * open tables (nesting can reach ~4000 levels before Lua's stack limit, too deep for JS
 * recursion). `c.top` follows the Lua stack as the C pushes and pops, for its checkstack errors.
 * On a format error, c.err is set and the result is meaningless.
 */
function decodeValue(c: Cursor): LuaValue {
  const frames: Frame[] = [];
  let v: LuaValue;
  for (;;) {
    // Decode the start of one value: a scalar (v), or a table header (a new frame).
    if (!c.need(1)) return undefined;
    checkStack(c, TOO_MANY);
    let open: Frame | undefined;
    const b = c.byte(0);
    switch (b) {
      case 0xcc:
        if (!c.need(2)) return undefined;
        v = c.byte(1);
        c.p += 2;
        break;
      case 0xd0:
        if (!c.need(2)) return undefined;
        v = (c.byte(1) << 24) >> 24;
        c.p += 2;
        break;
      case 0xcd:
        if (!c.need(3)) return undefined;
        v = c.uint(1, 2);
        c.p += 3;
        break;
      case 0xd1:
        if (!c.need(3)) return undefined;
        v = (c.uint(1, 2) << 16) >> 16;
        c.p += 3;
        break;
      case 0xce:
        if (!c.need(5)) return undefined;
        v = c.uint(1, 4);
        c.p += 5;
        break;
      case 0xd2:
        if (!c.need(5)) return undefined;
        v = c.uint(1, 4) | 0;
        c.p += 5;
        break;
      case 0xcf: // uint64 goes through lua_pushinteger (ptrdiff_t): 2^63 and up wrap negative
      case 0xd3:
        if (!c.need(9)) return undefined;
        v = Number(BigInt.asIntN(64, c.u64(1)));
        c.p += 9;
        break;
      case 0xc0:
        v = undefined;
        c.p += 1;
        break;
      case 0xc3:
        v = true;
        c.p += 1;
        break;
      case 0xc2:
        v = false;
        c.p += 1;
        break;
      case 0xca:
        if (!c.need(5)) return undefined;
        v = c.float(1, true);
        c.p += 5;
        break;
      case 0xcb:
        if (!c.need(9)) return undefined;
        v = c.float(1, false);
        c.p += 9;
        break;
      case 0xd9:
        if (!c.need(2)) return undefined;
        v = str(c, 2, c.byte(1));
        break;
      case 0xda:
        if (!c.need(3)) return undefined;
        v = str(c, 3, c.uint(1, 2));
        break;
      case 0xdb: {
        if (!c.need(5)) return undefined;
        const l = c.uint(1, 4);
        c.p += 5;
        v = str(c, 0, l);
        break;
      }
      case 0xdc:
      case 0xdd:
      case 0xde:
      case 0xdf: {
        const n = b === 0xdc || b === 0xde ? 2 : 4;
        if (!c.need(1 + n)) return undefined;
        const l = c.uint(1, n);
        c.p += 1 + n;
        open = { t: new LuaTable(), isArray: b <= 0xdd, left: l, index: 1, key: undefined, haveKey: false };
        break;
      }
      default:
        if ((b & 0x80) === 0) {
          v = b;
          c.p += 1;
        } else if ((b & 0xe0) === 0xe0) {
          v = b - 256;
          c.p += 1;
        } else if ((b & 0xe0) === 0xa0) {
          v = str(c, 1, b & 0x1f);
        } else if ((b & 0xf0) === 0x90 || (b & 0xf0) === 0x80) {
          c.p += 1;
          open = { t: new LuaTable(), isArray: (b & 0xf0) === 0x90, left: b & 0xf, index: 1, key: undefined, haveKey: false };
        } else {
          c.err = BADFMT;
        }
    }
    if (c.err) return undefined;
    let have: boolean;
    if (open !== undefined) {
      c.top++; // lua_newtable
      if (open.isArray) checkStack(c, 'in function mp_decode_to_lua_array');
      frames.push(open);
      have = false;
    } else {
      c.top++;
      have = true;
    }
    // Hand a finished value to its table, close finished tables, or ask for the next value.
    for (;;) {
      const f = frames[frames.length - 1];
      if (f === undefined) return v;
      if (have) {
        have = false;
        if (f.isArray) {
          f.t.set(f.index++, v);
          c.top -= 2; // lua_settable pops the index and the value
          f.left--;
        } else if (!f.haveKey) {
          f.key = v;
          f.haveKey = true;
        } else {
          // lua_settable from C: its errors carry no position (luaG_runerror in a C frame).
          const k = f.key;
          if (k === undefined) throw new RawLuaError('table index is nil');
          if (typeof k === 'number' && Number.isNaN(k)) throw new RawLuaError('table index is NaN');
          f.t.set(k, v);
          c.top -= 2;
          f.haveKey = false;
          f.key = undefined;
          f.left--;
        }
      }
      if (!f.isArray && f.haveKey) break; // the map value comes next
      if (f.left === 0) {
        frames.pop();
        v = f.t; // the table stays on the stack as the value
        have = true;
        continue;
      }
      if (f.isArray) c.top++; // lua_pushnumber(index)
      break;
    }
  }
}

/** `(int)x` of a 64-bit integer (printf's %d of a cast): its low 32 bits, signed. */
function cInt(n: number): number {
  return Number(BigInt.asIntN(32, BigInt(n)));
}

/**
 * mp_unpack_full. `limit == 0 && offset == 0` decodes everything and returns just the values;
 * otherwise the values come after the next offset (-1 once the input is consumed).
 * `base` is how many arguments sit on the C function's stack (for stack exhaustion errors).
 */
export function msgpackUnpack(s: string, limit: number, offset: number, base = 1): LuaValue[] {
  const len = s.length;
  if (offset < 0 || limit < 0) {
    throw new LuaLibraryError(`Invalid request to unpack with offset of ${cInt(offset)} and limit of ${cInt(len)}.`);
  }
  if (offset > len) throw new LuaLibraryError(`Start offset ${cInt(offset)} greater than input length ${cInt(len)}.`);
  const decodeAll = limit === 0 && offset === 0;
  if (decodeAll) limit = 2147483647;
  const c = new Cursor(s, offset, base);
  const out: LuaValue[] = [];
  for (let cnt = 0; c.left > 0 && cnt < limit; cnt++) {
    const v = decodeValue(c);
    if (c.err === EOF) throw new LuaLibraryError('Missing bytes in input.');
    if (c.err === BADFMT) throw new LuaLibraryError('Bad data format in input.');
    out.push(v);
  }
  if (decodeAll) return out;
  checkStack(c, 'in function mp_unpack_full');
  out.unshift(c.left === 0 ? -1 : len - c.left);
  return out;
}

/** A fresh `cmsgpack` table (Redis registers it as the global `cmsgpack`). */
export function createCmsgpackLib(): LuaTable {
  const lib = new LuaTable();
  const add = (name: string, fn: (args: LuaValue[]) => LuaValue[]) => lib.set(name, libFunction(name, fn));
  add('pack', (args) => [msgpackPack(args)]);
  // mp_unpack leaves every argument on the stack; unpack_one/unpack_limit pop all but the first.
  add('unpack', (args) => msgpackUnpack(checkString('unpack', args, 1), 0, 0, Math.max(args.length, 1)));
  add('unpack_one', (args) => {
    const offset = optInteger('unpack_one', args, 2, 0);
    return msgpackUnpack(checkString('unpack_one', args, 1), 1, offset);
  });
  add('unpack_limit', (args) => {
    const limit = checkInteger('unpack_limit', args, 2);
    const offset = optInteger('unpack_limit', args, 3, 0);
    return msgpackUnpack(checkString('unpack_limit', args, 1), limit, offset);
  });
  lib.set('_NAME', 'cmsgpack');
  lib.set('_VERSION', 'lua-cmsgpack 0.4.0');
  lib.set('_COPYRIGHT', 'Copyright (C) 2012, Salvatore Sanfilippo');
  lib.set('_DESCRIPTION', 'MessagePack C implementation for Lua');
  return lib;
}
