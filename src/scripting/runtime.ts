/**
 * The Lua 5.1 runtime operations: what compiled code (compiler.ts) calls off its fast paths, and
 * what the libraries use to call functions, index tables and print values with metamethods.
 *
 * Positions: compiled code passes the source line of each operation, and a description of the
 * operand as 5.1's getobjname names it ("local 'x'", "global 'f'", "field 'y'", "upvalue 'u'",
 * "method 'm'", or "" for a temporary), so errors read exactly as 5.1's:
 *   user_script:3: attempt to perform arithmetic on local 'x' (a nil value)
 *
 * One script runs at a time (scripts are atomic and cannot start another), so the running
 * script's state (chunk name, call-line stack, step budget) is one module-level object, `S`.
 */
import type { Bytes } from '../bytes.js';
import { numberToString, stringToNumber } from './number-format.js';
import { cPow } from './lib/math.js';
import { LuaArgError, LuaLibraryError, RawLuaError, argError, libFunction, typeError as argTypeError } from './lauxlib.js';
import { LuaError, type LuaFunction, LuaTable, LuaUserdata, type LuaValue, luaType } from './values.js';

export { cPow };

/** Raised when a script runs past its time budget; pcall cannot catch it (as Redis's kill hook). */
export class ScriptTimeoutError extends Error {
  /** The line the script was running (for Redis's `on @user_script:N.`). */
  line: number | undefined;
}

const LUAI_MAXCCALLS = 200;

/** A call made from C code (a metamethod, or a library function calling back): counts against LUAI_MAXCCALLS. */
export function callFromC(f: LuaValue, args: LuaValue[], line: number): LuaValue[] {
  if (++S.cCalls >= LUAI_MAXCCALLS) {
    S.cCalls--;
    throw runtimeError('C stack overflow', line);
  }
  try {
    return call(f, args, line, '');
  } finally {
    S.cCalls--;
  }
}

/** 5.1's LUAI_MAXCALLS: deeper Lua recursion is "stack overflow". */
const MAX_CALL_DEPTH = 16000;
/** Steps (loop iterations, calls) between two clock reads. */
export const STEPS_PER_CHECK = 1 << 16;

export interface RunState {
  /** "user_script" for EVAL, as Redis names the chunk. */
  chunkname: string;
  /**
   * 5.1's nCcalls: calls made from C (metamethods, pcall, sort's comparator...) nest at most
   * LUAI_MAXCCALLS (200) deep, then "C stack overflow". Redis's own lua_pcall is the first.
   */
  cCalls: number;
  /** Lua-function call depth: lines[d] is the line (in the caller) that called frame d; -1 for a call from native code. */
  depth: number;
  lines: number[];
  /** The line of the native call in progress (error(), bad argument prefixes). */
  callLine: number;
  /**
   * The message handlers of the protected calls in progress, innermost last: null for a pcall,
   * the handler for an xpcall. Empty: the script's own level, where Redis's __redis__err__handler
   * is the handler (what load() applies to its reader's errors).
   */
  handlers: (LuaValue | null)[];
  /** Counts down; at 0 the clock is read (tick). */
  steps: number;
  /** performance.now() past which the script is stopped, or Infinity. */
  deadline: number;
  /** Why it is stopped once the deadline passes (Redis's SCRIPT KILL text). */
  onTimeout: (() => never) | undefined;
}

export const S: RunState = {
  chunkname: 'user_script',
  cCalls: 1,
  depth: 0,
  handlers: [],
  lines: [-1],
  callLine: -1,
  steps: STEPS_PER_CHECK,
  deadline: Infinity,
  onTimeout: undefined,
};

/** The metatable every string shares ({__index = string}), set when the string library is opened. */
export let stringMetatable: LuaTable | undefined;
export function setStringMetatable(t: LuaTable | undefined): void {
  stringMetatable = t;
}

// ---------------------------------------------------------------------------------------------
// Positions
//
// A line number in generated code also says which chunk it belongs to: chunk k's line n is
// passed as k * LINE_SPAN + n, so a function loaded with loadstring reports `[string "..."]:1:`
// while the script around it reports `user_script:3:`, at no cost on the fast paths.

const LINE_SPAN = 1 << 22;
const chunkNames: string[] = [''];
const chunkIndexes = new Map<string, number>();

/** The base every line of chunk `name` is offset by (the compiler adds it). */
export function lineBase(name: string): number {
  let k = chunkIndexes.get(name);
  if (k === undefined) {
    k = chunkNames.length;
    chunkNames.push(name);
    chunkIndexes.set(name, k);
  }
  return k * LINE_SPAN;
}

/** The source line of an encoded line (undefined when there is none). */
export function lineOf(line: number): number | undefined {
  return line > 0 ? line % LINE_SPAN : undefined;
}

/** "chunkname:line: " for an encoded line, or "" when there is no line. */
function position(line: number): string {
  if (line <= 0) return '';
  const k = Math.floor(line / LINE_SPAN);
  return `${k === 0 ? S.chunkname : chunkNames[k]}:${line % LINE_SPAN}: `;
}

// ---------------------------------------------------------------------------------------------
// Errors

/** A runtime error at `line` of the running chunk: "user_script:LINE: message". */
export function runtimeError(message: string, line: number): LuaError {
  const e = new LuaError(position(line) + message);
  e.line = lineOf(line);
  return e;
}

/** luaG_typeerror: "attempt to OP DESC (a TYPE value)". */
function typeError(v: LuaValue, op: string, desc: string, line: number): LuaError {
  const t = luaType(v);
  return runtimeError(desc === '' ? `attempt to ${op} a ${t} value` : `attempt to ${op} ${desc} (a ${t} value)`, line);
}

/** The position prefix luaL_where(L, level) gives: level 1 is the line of the native call in progress. */
export function where(level: number): string {
  let line: number;
  if (level === 1) line = S.callLine;
  else {
    const d = S.depth - (level - 2);
    line = d >= 1 ? S.lines[d]! : -1;
  }
  return position(line);
}

/** A value to show for a JS error that escaped into Lua (stack exhaustion, or a bug). */
export function toLuaError(e: unknown, line: number): LuaError {
  if (e instanceof LuaError) return e;
  // Caught before the call depth is unwound: the deepest call's line is where it overflowed.
  if (e instanceof RangeError) return runtimeError('stack overflow', line > 0 ? line : S.lines[S.depth] ?? S.callLine);
  if (e instanceof ScriptTimeoutError) throw e;
  return runtimeError(`internal error: ${(e as Error)?.message ?? String(e)}`, line);
}

// ---------------------------------------------------------------------------------------------
// Budget

/** Compiled code calls this when `S.steps` runs out: reads the clock once per STEPS_PER_CHECK steps. */
export function tick(line: number): void {
  S.steps = STEPS_PER_CHECK;
  if (S.deadline !== Infinity && performance.now() > S.deadline) {
    if (S.onTimeout !== undefined) S.onTimeout();
    const e = new ScriptTimeoutError('script timed out');
    e.line = lineOf(line);
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Metatables

export function getMetatable(v: LuaValue): LuaTable | undefined {
  if (v instanceof LuaTable) return v.metatable;
  if (typeof v === 'string') return stringMetatable;
  return undefined;
}

/** A metamethod of v, or undefined. */
export function metamethod(v: LuaValue, event: string): LuaValue {
  const mt = v instanceof LuaTable ? v.metatable : typeof v === 'string' ? stringMetatable : undefined;
  return mt === undefined ? undefined : mt.get(event);
}

// ---------------------------------------------------------------------------------------------
// Calls

/**
 * Calls f with args. `line` is the call's line in the calling Lua code (-1 from native code);
 * `desc` names the callee for messages ("global 'f'").
 */
export function call(f: LuaValue, args: LuaValue[], line = -1, desc = ''): LuaValue[] {
  if (typeof f === 'function') {
    if (f.luaName === undefined) {
      const d = ++S.depth;
      if (d > MAX_CALL_DEPTH) {
        S.depth--;
        throw runtimeError('stack overflow', line);
      }
      S.lines[d] = line;
      let r = f(args);
      // A function that returned a tail call: run it in this frame's place (see tailcall).
      while (r instanceof TailCall) r = (r as TailCall).run(d) as LuaValue[];
      S.depth = d - 1;
      return r;
    }
    return callNative(f, args, line, desc);
  }
  const h = metamethod(f, '__call');
  if (typeof h === 'function' || h instanceof LuaTable) return call(h, [f, ...args], line, desc);
  throw typeError(f, 'call', desc, line);
}

/**
 * `return f(args)`. Lua 5.1 reuses the caller's frame, so a tail-recursive loop never overflows.
 * Shallow calls are made at once (the common case, at full speed); past TAIL_DEPTH the callee is
 * handed back as a TailCall, which the `call` that ran the current function runs in its place,
 * so the JS stack stops growing.
 */
export function tailcall(f: LuaValue, args: LuaValue[], line: number, desc: string): LuaValue[] {
  if (S.depth < TAIL_DEPTH || typeof f !== 'function' || f.luaName !== undefined) return call(f, args, line, desc);
  return new TailCall(f, args, line) as unknown as LuaValue[];
}

const TAIL_DEPTH = 120;

class TailCall {
  constructor(
    readonly f: LuaFunction,
    readonly args: LuaValue[],
    readonly line: number,
  ) {}

  /** Runs the callee as frame d (the frame of the function that returned this). */
  run(d: number): LuaValue[] | TailCall {
    S.depth = d;
    S.lines[d] = this.line;
    if (--S.steps < 0) tick(this.line);
    return this.f(this.args);
  }
}

/** A library function: its luaL_error messages get the caller's position, its argument errors the call site's name. */
function callNative(f: LuaFunction, args: LuaValue[], line: number, desc: string): LuaValue[] {
  const saved = S.callLine;
  S.callLine = line;
  try {
    const r = f(args);
    S.callLine = saved;
    return r;
  } catch (e) {
    S.callLine = saved;
    throw nativeError(e, line, desc);
  }
}

function nativeError(e: unknown, line: number, desc: string): unknown {
  if (e instanceof ScriptTimeoutError) return e;
  if (e instanceof LuaLibraryError) {
    let message = e.message;
    if (e instanceof LuaArgError) message = argErrorText(e, desc);
    const out = new LuaError(position(line) + message);
    out.line = lineOf(line);
    return out;
  }
  if (e instanceof RawLuaError) {
    e.line ??= lineOf(line);
    return e;
  }
  if (e instanceof LuaError) {
    e.line ??= lineOf(line);
    return e;
  }
  return toLuaError(e, line);
}

/** luaL_argerror with the call site's name: '?' from native code, "calling 'm' on bad self" for a method's self. */
function argErrorText(e: LuaArgError, desc: string): string {
  const space = desc.indexOf(' ');
  const kind = space < 0 ? '' : desc.slice(0, space);
  const name = space < 0 ? '?' : desc.slice(space + 2, -1);
  let narg = e.narg;
  if (kind === 'method') {
    narg--;
    if (narg === 0) return `calling '${name}' on bad self (${e.extramsg})`;
  }
  return `bad argument #${narg} to '${name}' (${e.extramsg})`;
}

/** `obj:name(args)`: args[0] is a placeholder for obj. */
export function callMethod(obj: LuaValue, name: Bytes, args: LuaValue[], line: number, objDesc: string): LuaValue[] {
  const f = obj instanceof LuaTable ? obj.get(name) ?? index(obj, name, line, objDesc) : index(obj, name, line, objDesc);
  args[0] = obj;
  return call(f, args, line, `method '${name}'`);
}

// ---------------------------------------------------------------------------------------------
// Indexing

/** `o[k]` with __index (luaV_gettable). */
export function index(o: LuaValue, k: LuaValue, line = -1, desc = ''): LuaValue {
  for (let loop = 0; loop < 100; loop++) {
    let h: LuaValue;
    if (o instanceof LuaTable) {
      const v = o.get(k);
      if (v !== undefined) return v;
      const mt = o.metatable;
      if (mt === undefined) return undefined;
      h = mt.get('__index');
      if (h === undefined) return undefined;
    } else {
      h = metamethod(o, '__index');
      if (h === undefined) throw typeError(o, 'index', desc, line);
    }
    if (typeof h === 'function') return callFromC(h, [o, k], line)[0];
    o = h;
    desc = '';
  }
  throw runtimeError('loop in gettable', line);
}

/** `o[k] = v` with __newindex (luaV_settable); Redis's readonly tables refuse every write. */
export function setindex(o: LuaValue, k: LuaValue, v: LuaValue, line = -1, desc = ''): void {
  for (let loop = 0; loop < 100; loop++) {
    let h: LuaValue;
    if (o instanceof LuaTable) {
      if (o.readonly) throw runtimeError('Attempt to modify a readonly table', line);
      const mt = o.metatable;
      if (mt === undefined || o.get(k) !== undefined || (h = mt.get('__newindex')) === undefined) {
        rawset(o, k, v, line);
        return;
      }
    } else {
      h = metamethod(o, '__newindex');
      if (h === undefined) throw typeError(o, 'index', desc, line);
    }
    if (typeof h === 'function') {
      callFromC(h, [o, k, v], line);
      return;
    }
    o = h;
    desc = '';
  }
  throw runtimeError('loop in settable', line);
}

/** A raw write with 5.1's key checks. */
export function rawset(t: LuaTable, k: LuaValue, v: LuaValue, line = -1): void {
  if (k === undefined) throw runtimeError('table index is nil', line);
  if (typeof k === 'number' && Number.isNaN(k)) throw runtimeError('table index is NaN', line);
  t.set(k, v);
}

/** `t.name` for a global read: Redis's _G errors on names it does not hold. */
export function getglobal(g: LuaTable, name: Bytes, line: number): LuaValue {
  const v = g.get(name);
  if (v !== undefined) return v;
  return index(g, name, line);
}

// ---------------------------------------------------------------------------------------------
// Arithmetic

export const enum Op {
  Add,
  Sub,
  Mul,
  Div,
  Mod,
  Pow,
}
const EVENTS = ['__add', '__sub', '__mul', '__div', '__mod', '__pow'];

export function arithNumbers(op: Op, a: number, b: number): number {
  switch (op) {
    case Op.Add:
      return a + b;
    case Op.Sub:
      return a - b;
    case Op.Mul:
      return a * b;
    case Op.Div:
      return a / b;
    case Op.Mod:
      return a - Math.floor(a / b) * b;
    case Op.Pow:
      return cPow(a, b);
  }
}

/** tonumber as arithmetic coerces: numbers, and strings that read as numbers. */
function coerce(v: LuaValue): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return stringToNumber(v);
  return undefined;
}

/** Arithmetic off the number fast path: string coercion, then metamethods, then the error. */
export function arith(op: Op, a: LuaValue, b: LuaValue, line: number, descA: string, descB: string): number | LuaValue {
  const x = coerce(a);
  const y = coerce(b);
  if (x !== undefined && y !== undefined) return arithNumbers(op, x, y);
  const event = EVENTS[op]!;
  let h = metamethod(a, event);
  if (h === undefined) h = metamethod(b, event);
  if (h !== undefined) return callFromC(h, [a, b], line)[0];
  // luaG_aritherror: blames the second operand when the first converts.
  if (x === undefined) throw typeError(a, 'perform arithmetic on', descA, line);
  throw typeError(b, 'perform arithmetic on', descB, line);
}

export function add(a: LuaValue, b: LuaValue, line: number, dA: string, dB: string): LuaValue {
  return typeof a === 'number' && typeof b === 'number' ? a + b : arith(Op.Add, a, b, line, dA, dB);
}
export function sub(a: LuaValue, b: LuaValue, line: number, dA: string, dB: string): LuaValue {
  return typeof a === 'number' && typeof b === 'number' ? a - b : arith(Op.Sub, a, b, line, dA, dB);
}
export function mul(a: LuaValue, b: LuaValue, line: number, dA: string, dB: string): LuaValue {
  return typeof a === 'number' && typeof b === 'number' ? a * b : arith(Op.Mul, a, b, line, dA, dB);
}
export function div(a: LuaValue, b: LuaValue, line: number, dA: string, dB: string): LuaValue {
  return typeof a === 'number' && typeof b === 'number' ? a / b : arith(Op.Div, a, b, line, dA, dB);
}
export function mod(a: LuaValue, b: LuaValue, line: number, dA: string, dB: string): LuaValue {
  return typeof a === 'number' && typeof b === 'number' ? a - Math.floor(a / b) * b : arith(Op.Mod, a, b, line, dA, dB);
}
export function pow(a: LuaValue, b: LuaValue, line: number, dA: string, dB: string): LuaValue {
  return typeof a === 'number' && typeof b === 'number' ? cPow(a, b) : arith(Op.Pow, a, b, line, dA, dB);
}

export function unm(a: LuaValue, line: number, desc: string): LuaValue {
  if (typeof a === 'number') return -a;
  const x = coerce(a);
  if (x !== undefined) return -x;
  const h = metamethod(a, '__unm');
  if (h !== undefined) return callFromC(h, [a, a], line)[0];
  throw typeError(a, 'perform arithmetic on', desc, line);
}

/** `#v`: string length, a table's border (5.1 has no __len for tables). */
export function len(v: LuaValue, line: number, desc: string): number | LuaValue {
  if (typeof v === 'string') return v.length;
  if (v instanceof LuaTable) return v.length();
  const h = metamethod(v, '__len');
  if (h !== undefined) return callFromC(h, [v], line)[0];
  throw typeError(v, 'get length of', desc, line);
}

// ---------------------------------------------------------------------------------------------
// Concatenation

function concatPiece(v: LuaValue): Bytes | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberToString(v);
  return undefined;
}

/** `a .. b` (luaV_concat for two values). */
export function concat(a: LuaValue, b: LuaValue, line: number, dA: string, dB: string): LuaValue {
  if (typeof a === 'string') {
    if (typeof b === 'string') return a + b;
    if (typeof b === 'number') return a + numberToString(b);
  } else if (typeof a === 'number') {
    if (typeof b === 'string') return numberToString(a) + b;
    if (typeof b === 'number') return numberToString(a) + numberToString(b);
  }
  const h = metamethod(a, '__concat') ?? metamethod(b, '__concat');
  if (h !== undefined) return callFromC(h, [a, b], line)[0];
  // luaG_concaterror: blames the first operand unless it is a string or number.
  if (concatPiece(a) === undefined) throw typeError(a, 'concatenate', dA, line);
  throw typeError(b, 'concatenate', dB, line);
}

/**
 * `v1 .. v2 .. ... .. vn` as one 5.1 CONCAT: strings and numbers join in one go; otherwise pairs
 * are folded from the right with metamethods, as luaV_concat does.
 */
export function concatN(values: LuaValue[], line: number, descs: string[]): LuaValue {
  let out = '';
  let i = 0;
  for (; i < values.length; i++) {
    const p = concatPiece(values[i]);
    if (p === undefined) break;
    out += p;
  }
  if (i === values.length) return out;
  let acc = values[values.length - 1];
  let accDesc = descs[values.length - 1]!;
  for (let j = values.length - 2; j >= 0; j--) {
    acc = concat(values[j], acc, line, descs[j]!, accDesc);
    accDesc = '';
  }
  return acc;
}

// ---------------------------------------------------------------------------------------------
// Comparison

/** `a == b` beyond primitive identity: tables with the same __eq metamethod. */
export function eqSlow(a: LuaValue, b: LuaValue, line = -1): boolean {
  if (a === b) return true;
  if (!(a instanceof LuaTable) || !(b instanceof LuaTable)) return false;
  const ha = a.metatable?.get('__eq');
  if (ha === undefined) return false;
  const hb = b.metatable?.get('__eq');
  if (hb === undefined || !rawequals(ha, hb)) return false;
  const r = callFromC(ha, [a, b], line)[0];
  return r !== undefined && r !== false;
}

export function equals(a: LuaValue, b: LuaValue, line = -1): boolean {
  return a === b || eqSlow(a, b, line);
}

export function rawequals(a: LuaValue, b: LuaValue): boolean {
  return a === b;
}

function compareError(a: LuaValue, b: LuaValue, line: number): LuaError {
  const t1 = luaType(a);
  const t2 = luaType(b);
  return runtimeError(t1 === t2 ? `attempt to compare two ${t1} values` : `attempt to compare ${t1} with ${t2}`, line);
}

/** An order metamethod both operands share (get_compTM). */
function orderHandler(a: LuaValue, b: LuaValue, event: string): LuaValue {
  const h1 = metamethod(a, event);
  if (h1 === undefined) return undefined;
  if (luaType(a) !== luaType(b)) return undefined;
  const h2 = metamethod(b, event);
  return rawequals(h1, h2) ? h1 : undefined;
}

/** `a < b`. */
export function lt(a: LuaValue, b: LuaValue, line = -1): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a < b;
  if (typeof a === 'string' && typeof b === 'string') return a < b;
  const h = luaType(a) === luaType(b) ? orderHandler(a, b, '__lt') : undefined;
  if (h === undefined) throw compareError(a, b, line);
  const r = callFromC(h, [a, b], line)[0];
  return r !== undefined && r !== false;
}

/** `a <= b` (with 5.1's fallback to `not (b < a)` through __lt). */
export function le(a: LuaValue, b: LuaValue, line = -1): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a <= b;
  if (typeof a === 'string' && typeof b === 'string') return a <= b;
  if (luaType(a) === luaType(b)) {
    let h = orderHandler(a, b, '__le');
    if (h !== undefined) {
      const r = callFromC(h, [a, b], line)[0];
      return r !== undefined && r !== false;
    }
    h = orderHandler(b, a, '__lt');
    if (h !== undefined) {
      const r = callFromC(h, [b, a], line)[0];
      return r === undefined || r === false;
    }
  }
  throw compareError(a, b, line);
}

// ---------------------------------------------------------------------------------------------
// Printing

const addresses = new WeakMap<object, number>();
let nextAddress = 0x55d0c0de1000;

/** A stable made-up address per object, as "%p" would print it. */
export function addressOf(o: object): string {
  let a = addresses.get(o);
  if (a === undefined) {
    a = nextAddress;
    nextAddress += 0x40;
    addresses.set(o, a);
  }
  return `0x${a.toString(16)}`;
}

/** tostring(v) (luaB_tostring): __tostring, then the plain forms. */
export function tostring(v: LuaValue): Bytes {
  const h = metamethod(v, '__tostring');
  if (h !== undefined) {
    const r = callFromC(h, [v], -1)[0];
    if (typeof r !== 'string') {
      if (typeof r === 'number') return numberToString(r);
      throw new LuaLibraryError("'__tostring' must return a string");
    }
    return r;
  }
  return tostringRaw(v);
}

export function tostringRaw(v: LuaValue): Bytes {
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
      return numberToString(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'undefined':
      return 'nil';
    case 'function':
      return `function: ${addressOf(v)}`;
  }
  if (v instanceof LuaUserdata) return v.address === 0 ? 'userdata: (nil)' : `userdata: 0x${v.address.toString(16)}`;
  if (v instanceof LuaTable) return `table: ${addressOf(v)}`;
  return `thread: ${addressOf(v)}`;
}

/** Truthiness: only nil and false are false. */
export function truthy(v: LuaValue): boolean {
  return v !== undefined && v !== false;
}

// ---------------------------------------------------------------------------------------------
// The natives that are part of the machinery: next (pairs), ipairs' iterator, error, pcall, xpcall.
// The compiler recognises `next` and `ipairsAux` in generic for loops and steps them inline.

/** next(t [, k]). */
export const next: LuaFunction = libFunction('next', (args) => {
  const t = args[0];
  if (!(t instanceof LuaTable)) throw argTypeError('next', args, 1, 'table');
  const r = t.next(args[1]);
  // luaH_next raises it with luaG_runerror inside a C function: no position.
  if (r === null) throw new RawLuaError("invalid key to 'next'");
  return r === undefined ? [undefined] : r;
});

/**
 * The `next` pairs() returns: in 5.1 a closure of its own over luaB_next (base_open's auxopen),
 * so `select(1, pairs(t)) == next` is false.
 */
export const pairsNext: LuaFunction = libFunction('next', (args) => next(args));

/** The iterator ipairs returns: (t, i) -> i+1, t[i+1] until a nil (raw reads, as 5.1). */
export const ipairsAux: LuaFunction = libFunction('ipairs_aux', (args) => {
  const t = args[0] as LuaTable;
  const i = (args[1] as number) + 1;
  const v = t.get(i);
  return v === undefined ? [] : [i, v];
});

/** error(message [, level]): a string message gets the position of `level` (1: where error was called). */
export const error: LuaFunction = libFunction('error', (args) => {
  let v = args[0];
  const level = args.length > 1 ? checkLevel(args) : 1;
  // lua_isstring: a number message gets the position too (and becomes a string).
  if (level > 0 && (typeof v === 'string' || typeof v === 'number')) v = where(level) + (typeof v === 'number' ? numberToString(v) : v);
  const e = new LuaError(v);
  e.line = lineOf(S.callLine);
  throw e;
});

function checkLevel(args: LuaValue[]): number {
  const l = args[1];
  if (typeof l === 'number') return Math.trunc(l);
  const n = typeof l === 'string' ? stringToNumber(l) : undefined;
  if (n === undefined) throw argTypeError('error', args, 2, 'number');
  return Math.trunc(n);
}

/** The value a caught error hands to pcall / xpcall's handler. */
function caughtValue(e: unknown, line: number): LuaValue {
  if (e instanceof ScriptTimeoutError) throw e;
  return toLuaError(e, line).value;
}

/** pcall(f, ...) as 5.1 has it: true and f's results, or false and the error value (Redis wraps it: lib/redis.ts). */
export const pcall: LuaFunction = libFunction('pcall', (args) => {
  if (args.length === 0) throw argError('pcall', 1, 'value expected');
  const depth = S.depth;
  const callLine = S.callLine;
  const handlers = S.handlers.length;
  S.handlers.push(null);
  try {
    const r = callFromC(args[0], args.slice(1), -1);
    return [true, ...r];
  } catch (e) {
    const v = caughtValue(e, -1);
    S.depth = depth;
    S.callLine = callLine;
    return [false, v];
  } finally {
    S.handlers.length = handlers;
  }
});

/** xpcall(f, handler): like pcall, the handler maps the error value. */
export const xpcall: LuaFunction = libFunction('xpcall', (args) => {
  if (args.length < 2) throw argError('xpcall', 2, 'value expected');
  const depth = S.depth;
  const callLine = S.callLine;
  const handler = args[1];
  const handlers = S.handlers.length;
  S.handlers.push(handler);
  let r: LuaValue[];
  try {
    r = callFromC(args[0], [], -1);
  } catch (e) {
    S.handlers.length = handlers;
    const v = caughtValue(e, -1);
    S.depth = depth;
    S.callLine = callLine;
    try {
      return [false, ...callFromC(handler, [v], -1).slice(0, 1)];
    } catch (e2) {
      caughtValue(e2, -1);
      S.depth = depth;
      S.callLine = callLine;
      // 5.1: an error in the handler is LUA_ERRERR, "error in error handling".
      return [false, 'error in error handling'];
    }
  }
  S.handlers.length = handlers;
  return [true, ...r];
});

// ---------------------------------------------------------------------------------------------
// Helpers the compiled code calls

export { LuaTable };

/** `o.name` (a constant string key): the hash lookup inline, the rest as index(). */
export function indexString(o: LuaValue, k: Bytes, line: number, desc: string): LuaValue {
  if (o instanceof LuaTable && o.hash !== undefined) {
    const v = o.hash.get(k);
    if (v !== undefined) return v;
  }
  return index(o, k, line, desc);
}

/** `a > b` is 5.1's `b < a`, with a evaluated first. */
export function gt(a: LuaValue, b: LuaValue, line = -1): boolean {
  return lt(b, a, line);
}
export function ge(a: LuaValue, b: LuaValue, line = -1): boolean {
  return le(b, a, line);
}

/** A numeric for's start, limit or step (FORPREP converts strings, refuses the rest). */
export function forNumber(v: LuaValue, message: string, line: number): number {
  if (typeof v === 'number') return v;
  const n = typeof v === 'string' ? stringToNumber(v) : undefined;
  if (n === undefined) throw runtimeError(message, line);
  return n;
}

/** The 5.1 compat `arg` table of a vararg function: its extra arguments, with n. */
export function argTable(args: LuaValue[], fixed: number): LuaTable {
  const t = new LuaTable();
  for (let i = fixed; i < args.length; i++) t.set(i - fixed + 1, args[i]);
  t.set('n', Math.max(0, args.length - fixed));
  return t;
}

/** One step of `for k, v in pairs(t)` without the call. */
export function nextStep(t: LuaTable, k: LuaValue, line: number): LuaValue[] {
  const r = t.next(k);
  if (r === null) throw new RawLuaError("invalid key to 'next'");
  void line;
  return r === undefined ? [undefined] : r;
}

/** One step of `for i, v in ipairs(t)` without the call. */
export function ipairsStep(t: LuaValue, i: LuaValue): LuaValue[] {
  const n = (i as number) + 1;
  const v = t instanceof LuaTable ? t.get(n) : undefined;
  return v === undefined ? [undefined] : [n, v];
}

/**
 * A table constructor: OP_NEWTABLE sized for `narray` fixed items and `nhash` fields, the fields
 * (`keyed` is [k1, v1, k2, v2...]) set in order, then the items (SETLIST, which grows the array
 * part to fit a trailing call's or `...`'s values). Items win over fields with the same index.
 */
export function newTable(positional: LuaValue[], keyed: LuaValue[] | undefined, line: number, narray: number, nhash: number): LuaTable {
  const t = LuaTable.sized(narray, nhash);
  if (keyed !== undefined) {
    for (let i = 0; i < keyed.length; i += 2) rawset(t, keyed[i], keyed[i + 1], line);
  }
  if (positional.length !== 0) t.setList(positional);
  return t;
}

export { LuaLibraryError };
export function libFunctionFor(name: string, fn: (args: LuaValue[]) => LuaValue[]): LuaFunction {
  return libFunction(name, fn);
}

// ---------------------------------------------------------------------------------------------
// Coroutines: calls from generator twins (see compiler.ts and lib/coroutine.ts)

/** Attaches a compiled function's generator twin. */
export function withGenerator(f: LuaFunction, gen: NonNullable<LuaFunction['gen']>): LuaFunction {
  f.gen = gen;
  return f;
}

/** Set by lib/coroutine.ts: the coroutine.yield function, which callY turns into a real yield. */
export const coroutineHooks: { yieldFn: LuaFunction | undefined } = { yieldFn: undefined };

/** A call from a generator twin: a Lua function with a twin runs as a generator (it may yield); coroutine.yield yields. */
export function* callY(f: LuaValue, args: LuaValue[], line: number, desc: string): Generator<LuaValue[], LuaValue[], LuaValue[]> {
  if (typeof f === 'function') {
    if (f === coroutineHooks.yieldFn) return yield args;
    const gen = f.gen;
    if (gen !== undefined) {
      const d = ++S.depth;
      if (d > MAX_CALL_DEPTH) {
        S.depth--;
        throw runtimeError('stack overflow', line);
      }
      S.lines[d] = line;
      const r = yield* gen(args);
      S.depth = d - 1;
      return r;
    }
  }
  return call(f, args, line, desc);
}

export function* callMethodY(obj: LuaValue, name: Bytes, args: LuaValue[], line: number, objDesc: string): Generator<LuaValue[], LuaValue[], LuaValue[]> {
  const f = obj instanceof LuaTable ? obj.get(name) ?? index(obj, name, line, objDesc) : index(obj, name, line, objDesc);
  args[0] = obj;
  return yield* callY(f, args, line, `method '${name}'`);
}
