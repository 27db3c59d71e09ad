/**
 * LuaBitOp 1.0.2 (`bit.*`) as Redis 7.0 bundles it (deps/lua/src/lua_bit.c). Argument checks and
 * the error convention are lauxlib.ts's.
 */
import { libFunction, toNumber, typeError } from '../lauxlib.js';
import { type LuaFunction, LuaTable, type LuaValue } from '../values.js';

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
