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
 * A Lua table: an array part for keys 1..n (so `#t` and ipairs are O(1) per step, as in 5.1) and
 * a Map for every other key. Number keys with an integer value live in the array part when they
 * extend it; -0 and 0 are one key, and NaN can never be a key (the caller checks).
 */
export class LuaTable {
  /** Values for keys 1..array.length (holes are undefined: Lua 5.1's border rules apply to #). */
  array: LuaValue[] = [];
  hash: Map<Exclude<LuaValue, undefined>, LuaValue> | undefined;
  metatable: LuaTable | undefined;
  /**
   * Redis 7's lua_enablereadonlytable: writes (even rawset) fail with "Attempt to modify a
   * readonly table". Set on _G and the library tables once the sandbox is built; checked by the
   * runtime's setindex and rawset, not by `set` (libraries build their own tables with it).
   */
  readonly = false;
  /** The Map iterator of the last `next` call and the key it returned, so pairs() is O(1) a step. */
  private cursorKey: LuaValue;
  private cursor: Iterator<[Exclude<LuaValue, undefined>, LuaValue]> | undefined;

  get(key: LuaValue): LuaValue {
    if (typeof key === 'number') {
      const i = key - 1;
      if (Number.isInteger(key) && i >= 0 && i < this.array.length) return this.array[i];
      if (key === 0) key = 0; // -0 and 0 are the same key
    }
    if (key === undefined || this.hash === undefined) return undefined;
    return this.hash.get(key);
  }

  /** rawset; the caller has refused nil and NaN keys with Lua's messages. */
  set(key: Exclude<LuaValue, undefined>, value: LuaValue): void {
    if (typeof key === 'number' && Number.isInteger(key) && key >= 1) {
      const i = key - 1;
      if (i < this.array.length) {
        this.array[i] = value;
        if (value === undefined && i === this.array.length - 1) this.trimArray();
        return;
      }
      if (i === this.array.length) {
        if (value === undefined) {
          this.hash?.delete(key);
          return;
        }
        this.array.push(value);
        this.migrateFromHash();
        return;
      }
    }
    if (typeof key === 'number' && key === 0) key = 0;
    if (value === undefined) {
      this.hash?.delete(key);
      return;
    }
    (this.hash ??= new Map()).set(key, value);
  }

  /** `#t` (a border: t[n] ~= nil and t[n+1] == nil), as 5.1 finds it for an array part without holes at its end. */
  length(): number {
    if (this.array.length !== 0) return this.array.length;
    if (this.hash === undefined) return 0;
    // No array part: probe the hash for 1, 2, ... as 5.1's unbound_search does.
    let n = 0;
    while (this.hash.has(n + 1)) n++;
    return n;
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

  /** Keys after the array part moved into it once it grew up to them. */
  private migrateFromHash(): void {
    const hash = this.hash;
    if (hash === undefined) return;
    for (let next = this.array.length + 1; hash.has(next); next++) {
      this.array.push(hash.get(next));
      hash.delete(next);
    }
  }

  private trimArray(): void {
    const a = this.array;
    while (a.length !== 0 && a[a.length - 1] === undefined) a.pop();
  }
}
