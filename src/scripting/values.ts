/**
 * Lua 5.1 values as redis-stub's scripting runtime holds them (issue P6's design):
 *
 *   nil      -> undefined          boolean -> boolean          number -> number (a double, as 5.1)
 *   string   -> Bytes (the engine's binary string: one char per byte, so redis.call passes it as is)
 *   table    -> LuaTable            function -> LuaFunction
 *
 * A function takes its arguments as an array and returns its results as an array (Lua's multiple
 * returns and varargs map onto arrays directly; no results is []).
 */
import type { Bytes } from '../bytes.js';

export type LuaValue = undefined | boolean | number | Bytes | LuaTable | LuaFunction | LuaUserdata | LuaThread;

/**
 * A coroutine (type "thread"). Its body runs as the generator twin of a compiled Lua function
 * (compiler.ts), so `coroutine.yield` can suspend it; lib/coroutine.ts drives it.
 */
export class LuaThread {
  status: 'suspended' | 'running' | 'normal' | 'dead' = 'suspended';
  /** The running generator, once resumed. */
  it: Generator<LuaValue[], LuaValue[], LuaValue[]> | undefined;
  constructor(readonly fn: LuaFunction) {}
}

/**
 * A (light) userdata: an opaque value. Redis's only one is cjson.null (lightuserdata NULL), which
 * prints as "userdata: (nil)" and can be a table key.
 */
export class LuaUserdata {
  constructor(readonly address: number) {}
}

/** A Lua function: a JS function from arguments to results, with a name for error messages. */
export interface LuaFunction {
  (args: LuaValue[]): LuaValue[];
  /**
   * Set on library (native) functions (`print`, `string.format`...), for messages such as
   * "bad argument #1 to 'format'". Its presence is how the runtime tells a native function from
   * compiled Lua code: errors thrown by a native get the caller's `user_script:LINE:` prefix.
   */
  luaName?: string;
  /** The generator twin of a compiled Lua function, when its chunk uses coroutines (compiler.ts). */
  gen?: (args: LuaValue[]) => Generator<LuaValue[], LuaValue[], LuaValue[]>;
}

/** An error raised by Lua code (`error(v)`), carrying any Lua value, as 5.1 allows. */
export class LuaError extends Error {
  constructor(
    readonly value: LuaValue,
    /** The traceback-free message Redis shows, when value is a string. */
    message = typeof value === 'string' ? value : 'error object is not a string',
  ) {
    super(message);
  }
  /**
   * The current line of the innermost Lua function when the error was raised (what Redis's error
   * handler reports as `on @user_script:LINE.`); set by the runtime as the error leaves a frame.
   */
  line: number | undefined;
}

/** Lua 5.1's type() names. */
export function luaType(v: LuaValue): 'nil' | 'boolean' | 'number' | 'string' | 'table' | 'function' | 'userdata' | 'thread' {
  if (v === undefined) return 'nil';
  switch (typeof v) {
    case 'boolean':
      return 'boolean';
    case 'number':
      return 'number';
    case 'string':
      return 'string';
    case 'function':
      return 'function';
    default:
      return v instanceof LuaTable ? 'table' : v instanceof LuaUserdata ? 'userdata' : 'thread';
  }
}

/**
 * A Lua table, shaped as 5.1's ltable.c shapes it, because `#t` on a table with holes answers by
 * that shape: an array part of exactly `sizearray` slots (nil slots included) and a hash part with
 * a capacity (a power of 2) that fills up node by node; inserting a key into a full hash part
 * rehashes, choosing the largest array size n such that more than n/2 of the slots 1..n are used.
 * Keys are never removed from the hash part until a rehash (setting nil keeps the node), as in 5.1.
 * -0 and 0 are one key; nil and NaN keys are refused by the callers.
 */
export class LuaTable {
  /** Values for keys 1..array.length (5.1's sizearray; nil slots are undefined). */
  array: LuaValue[] = [];
  /** The hash part; an entry whose value is undefined is a node whose value was set to nil. */
  hash: Map<Exclude<LuaValue, undefined>, LuaValue> | undefined;
  metatable: LuaTable | undefined;
  /**
   * Redis 7's lua_enablereadonlytable: writes (even rawset) fail with "Attempt to modify a
   * readonly table". Set on _G and the library tables once the sandbox is built; checked by the
   * runtime's setindex and rawset, not by `set` (libraries build their own tables with it).
   */
  readonly = false;
  /** Hash part capacity (0 or a power of 2) and nodes used since the last rehash. */
  private hcap = 0;
  private hused = 0;
  /** The Map iterator of the last `next` call and the key it returned, so pairs() is O(1) a step. */
  private cursorKey: LuaValue;
  private cursor: Iterator<[Exclude<LuaValue, undefined>, LuaValue]> | undefined;

  /** A table as a constructor makes it (OP_NEWTABLE): room for `narray` items and `nhash` fields. */
  static sized(narray: number, nhash: number): LuaTable {
    const t = new LuaTable();
    if (narray > 0) t.array = new Array(fb2int(int2fb(narray)));
    if (nhash > 0) t.hcap = 1 << ceilLog2(fb2int(int2fb(nhash)));
    return t;
  }

  get(key: LuaValue): LuaValue {
    if (typeof key === 'number') {
      if (key >= 1 && key <= this.array.length && (key | 0) === key) return this.array[key - 1];
      if (key === 0) key = 0; // -0 and 0 are the same key
    }
    if (key === undefined || this.hash === undefined) return undefined;
    return this.hash.get(key);
  }

  /** rawset (luaH_set); the caller has refused nil and NaN keys with Lua's messages. */
  set(key: Exclude<LuaValue, undefined>, value: LuaValue): void {
    if (typeof key === 'number') {
      if (key >= 1 && key <= this.array.length && (key | 0) === key) {
        this.array[key - 1] = value;
        return;
      }
      if (key === 0) key = 0;
    }
    const h = this.hash;
    if (h !== undefined && h.has(key)) {
      h.set(key, value);
      return;
    }
    // A new key takes a node, even for a nil value (luaH_set's newkey); a full hash part rehashes.
    if (this.hused >= this.hcap) {
      this.rehash(key);
      if (typeof key === 'number' && key >= 1 && key <= this.array.length && (key | 0) === key) {
        this.array[key - 1] = value;
        return;
      }
    }
    (this.hash ??= new Map()).set(key, value);
    this.hused++;
  }

  /** Appends values at 1, 2, ... of an empty table in one go (SETLIST with room made first). */
  setList(values: LuaValue[]): void {
    if (values.length > this.array.length) {
      const a = this.array;
      this.resize(values.length, this.hcap === 0 ? 0 : this.hcap, a);
    }
    for (let i = 0; i < values.length; i++) this.array[i] = values[i];
  }

  /** `#t`: luaH_getn, a border found from the array part, or past it in the hash part. */
  length(): number {
    const a = this.array;
    let j = a.length;
    if (j > 0 && a[j - 1] === undefined) {
      // A border in the array part: binary search for it.
      let i = 0;
      while (j - i > 1) {
        const m = (i + j) >>> 1;
        if (a[m - 1] === undefined) j = m;
        else i = m;
      }
      return i;
    }
    if (this.hcap === 0) return j;
    return this.unboundSearch(j);
  }

  private unboundSearch(start: number): number {
    let i = start;
    let j = start + 1;
    while (this.get(j) !== undefined) {
      i = j;
      j *= 2;
      if (j > 2147483647) {
        i = 1;
        while (this.get(i) !== undefined) i++;
        return i - 1;
      }
    }
    while (j - i > 1) {
      const m = Math.floor((i + j) / 2);
      if (this.get(m) === undefined) j = m;
      else i = m;
    }
    return i;
  }

  /** ltable.c's rehash for inserting `extra`: new array and hash sizes from the keys in use. */
  private rehash(extra: LuaValue): void {
    const nums = new Array<number>(MAXBITS + 1).fill(0);
    let nasize = 0;
    let totaluse = 0;
    const a = this.array;
    for (let i = 0; i < a.length; i++) {
      if (a[i] !== undefined) {
        nums[ceilLog2(i + 1)]!++;
        nasize++;
        totaluse++;
      }
    }
    if (this.hash !== undefined) {
      for (const [k, v] of this.hash) {
        if (v === undefined) continue;
        totaluse++;
        if (isArrayIndex(k)) {
          nums[ceilLog2(k as number)]!++;
          nasize++;
        }
      }
    }
    if (isArrayIndex(extra)) {
      nums[ceilLog2(extra as number)]!++;
      nasize++;
    }
    totaluse++;
    // computesizes: the largest n (a power of 2) with more than n/2 of 1..n in use.
    let acc = 0;
    let na = 0;
    let n = 0;
    for (let i = 0, twotoi = 1; Math.floor(twotoi / 2) < nasize; i++, twotoi *= 2) {
      if (nums[i]! > 0) {
        acc += nums[i]!;
        if (acc > twotoi / 2) {
          n = twotoi;
          na = acc;
        }
      }
    }
    this.resize(n, totaluse - na, a);
  }

  /** luaH_resize: array part of `nasize` slots, hash part with room for `nhsize` keys; entries re-placed. */
  private resize(nasize: number, nhsize: number, oldArray: LuaValue[]): void {
    const oldHash = this.hash;
    const array = oldArray.length === nasize ? oldArray : oldArray.slice(0, nasize);
    if (array.length < nasize) array.length = nasize;
    this.array = array;
    this.hash = undefined;
    this.hcap = nhsize === 0 ? 0 : 2 ** ceilLog2(nhsize);
    this.hused = 0;
    this.cursor = undefined;
    for (let i = nasize; i < oldArray.length; i++) if (oldArray[i] !== undefined) this.set(i + 1, oldArray[i]);
    if (oldHash !== undefined) for (const [k, v] of oldHash) if (v !== undefined) this.set(k, v);
  }

  /** Every entry with a value, in `next` order (array part, then hash part); for the libraries. */
  *entries(): Generator<[Exclude<LuaValue, undefined>, LuaValue]> {
    const a = this.array;
    for (let i = 0; i < a.length; i++) if (a[i] !== undefined) yield [i + 1, a[i]];
    if (this.hash !== undefined) for (const [k, v] of this.hash) if (v !== undefined) yield [k, v];
  }

  /**
   * Lua's next(t, key): the entry after `key` (nil starts), as [key, value], or undefined at the
   * end. Order: the array part 1..n, then the other keys in insertion order (Lua 5.1 uses its
   * hash order; scripts must not depend on it). Returns null when key is not in the table
   * (the caller raises "invalid key to 'next'").
   */
  next(key: LuaValue): [Exclude<LuaValue, undefined>, LuaValue] | undefined | null {
    const a = this.array;
    let i = 0;
    if (key !== undefined) {
      if (typeof key === 'number' && Number.isInteger(key) && key >= 1 && key <= a.length) i = key;
      else return this.nextInHash(key);
    }
    for (; i < a.length; i++) if (a[i] !== undefined) return [i + 1, a[i]];
    return this.nextInHash(undefined);
  }

  private nextInHash(key: LuaValue): [Exclude<LuaValue, undefined>, LuaValue] | undefined | null {
    const hash = this.hash;
    if (hash === undefined) return key === undefined ? undefined : null;
    let it: Iterator<[Exclude<LuaValue, undefined>, LuaValue]>;
    if (key === undefined) it = hash.entries();
    else if (this.cursor !== undefined && this.cursorKey === key) it = this.cursor;
    else {
      // Not the key the last step returned: find it (O(n), as only unusual traversals do).
      if (typeof key === 'number' && key === 0) key = 0;
      if (!hash.has(key)) return null;
      it = hash.entries();
      for (let r = it.next(); !r.done; r = it.next()) if (r.value[0] === key) break;
    }
    for (let r = it.next(); !r.done; r = it.next()) {
      if (r.value[1] === undefined) continue;
      this.cursor = it;
      this.cursorKey = r.value[0];
      return r.value;
    }
    this.cursor = undefined;
    this.cursorKey = undefined;
    return undefined;
  }
}

/** MAXBITS: array indices go up to 2^26 (MAXASIZE). */
const MAXBITS = 26;

/** ceil(log2(x)) for x >= 1 (0 for 1). */
function ceilLog2(x: number): number {
  let l = 0;
  let v = x - 1;
  while (v > 0) {
    l++;
    v = Math.floor(v / 2);
  }
  return l;
}

/** A key that can live in the array part (arrayindex: an integer in 1..MAXASIZE). */
function isArrayIndex(k: LuaValue): boolean {
  return typeof k === 'number' && k >= 1 && k <= 2 ** MAXBITS && Math.floor(k) === k;
}

/** luaO_int2fb: the "floating point byte" a constructor's size is stored in (rounds up). */
function int2fb(x: number): number {
  let e = 0;
  while (x >= 16) {
    x = (x + 1) >> 1;
    e++;
  }
  return x < 8 ? x : ((e + 1) << 3) | (x - 8);
}

function fb2int(x: number): number {
  const e = (x >> 3) & 31;
  return e === 0 ? x : ((x & 7) + 8) * 2 ** (e - 1);
}
