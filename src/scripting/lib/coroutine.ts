/**
 * The coroutine library of Lua 5.1 (lbaselib.c's co_funcs): create, resume, yield, status,
 * running, wrap. A coroutine's body is the generator twin of its compiled function (compiler.ts
 * makes one for every function of a chunk that mentions `coroutine`); resume steps the generator
 * and coroutine.yield, called from generator code, is a real `yield`. Called any other way (through
 * pcall, a metamethod, a function without a twin) it is 5.1's error for a yield across a C call.
 */
import { RawLuaError, argError, libFunction } from '../lauxlib.js';
import * as R from '../runtime.js';
import { type LuaFunction, LuaTable, LuaThread, type LuaValue } from '../values.js';

/** The coroutine running now (undefined: the script's main thread). */
let current: LuaThread | undefined;

function checkLuaFunction(name: string, args: LuaValue[]): LuaFunction {
  const f = args[0];
  if (typeof f !== 'function' || f.luaName !== undefined) throw argError(name, 1, 'Lua function expected');
  return f;
}

function checkThread(name: string, args: LuaValue[]): LuaThread {
  const co = args[0];
  if (!(co instanceof LuaThread)) throw argError(name, 1, 'coroutine expected');
  return co;
}

/** The body as a generator: its twin, or (no twin) a plain call that cannot yield. */
function* plainBody(f: LuaFunction, args: LuaValue[]): Generator<LuaValue[], LuaValue[], LuaValue[]> {
  return R.call(f, args, -1, '');
}

/** auxresume: [true, values...] (yielded or returned) or [false, error value]. */
function resume(co: LuaThread, args: LuaValue[]): LuaValue[] {
  if (co.status === 'dead') return [false, 'cannot resume dead coroutine'];
  if (co.status !== 'suspended') return [false, 'cannot resume non-suspended coroutine'];
  const previous = current;
  if (previous !== undefined) previous.status = 'normal';
  current = co;
  co.status = 'running';
  const { depth, callLine, cCalls } = R.S;
  try {
    let step: IteratorResult<LuaValue[], LuaValue[]>;
    if (co.it === undefined) {
      co.it = co.fn.gen !== undefined ? co.fn.gen(args) : plainBody(co.fn, args);
      step = co.it.next(undefined as unknown as LuaValue[]);
    } else {
      step = co.it.next(args);
    }
    co.status = step.done ? 'dead' : 'suspended';
    return [true, ...step.value];
  } catch (e) {
    if (e instanceof R.ScriptTimeoutError) throw e;
    co.status = 'dead';
    return [false, R.toLuaError(e, -1).value];
  } finally {
    R.S.depth = depth;
    R.S.callLine = callLine;
    R.S.cCalls = cCalls;
    current = previous;
    if (previous !== undefined) previous.status = 'running';
  }
}

const yieldFn = libFunction('yield', () => {
  // Reached only when called from native code (pcall, a metamethod) or a function compiled without
  // a generator twin: 5.1 cannot yield across a C call either. luaG_runerror inside C: no position.
  throw new RawLuaError('attempt to yield across metamethod/C-call boundary');
});
R.coroutineHooks.yieldFn = yieldFn;

export function createCoroutineLib(): LuaTable {
  const t = new LuaTable();
  t.set('create', libFunction('create', (args) => [new LuaThread(checkLuaFunction('create', args))]));
  t.set(
    'resume',
    libFunction('resume', (args) => resume(checkThread('resume', args), args.slice(1))),
  );
  t.set('yield', yieldFn);
  t.set(
    'status',
    libFunction('status', (args) => {
      const co = checkThread('status', args);
      return [co === current ? 'running' : co.status];
    }),
  );
  // 5.1 returns nothing (nil) in the main thread.
  t.set('running', libFunction('running', () => [current]));
  t.set(
    'wrap',
    libFunction('wrap', (args) => {
      const co = new LuaThread(checkLuaFunction('wrap', args));
      const wrapped = libFunction('wrap', (callArgs) => {
        const r = resume(co, callArgs);
        if (r[0] === true) return r.slice(1);
        // auxwrap prefixes luaL_where(L, 1), its own (C) level: nothing; the value goes on as raised.
        throw new RawLuaError(r[1]);
      });
      return [wrapped];
    }),
  );
  return t;
}


