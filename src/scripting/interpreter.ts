/**
 * A Lua state: the globals (with Redis's libraries), the loader (parse → compile → V8) and the
 * entry point that runs a function as a script, with the time budget armed.
 *
 *   const lua = new LuaState();
 *   const f = lua.load(source);              // throws LuaSyntaxError
 *   lua.run(f, [], { chunkname: 'user_script', timeLimitMs: 5000 });
 */
import type { Bytes } from '../bytes.js';
import { parse } from './parser.js';
import { compileChunk } from './compiler.js';
import * as R from './runtime.js';
import { LuaTable, type LuaFunction, type LuaValue } from './values.js';
import { type LibraryOptions, openStandardLibraries } from './stdlib.js';

type ChunkFactory = (runtime: typeof R, globals: LuaTable) => LuaFunction;

/**
 * The runtime as a plain object for the generated code: V8 reads properties of an ES module
 * namespace object far more slowly than those of an ordinary object.
 */
const RUNTIME: typeof R = { ...R };

/**
 * Compiled chunk factories by chunk name and source, for the whole process: a factory takes the
 * runtime and a globals table, so one compilation serves every state (each Engine, each SCRIPT
 * FLUSH). BullMQ's big scripts take tens of milliseconds to compile; this makes it once.
 */
const compiled = new Map<string, ChunkFactory>();
const MAX_COMPILED = 4096;

export class LuaState {
  readonly globals = new LuaTable();

  constructor(options: LibraryOptions = {}) {
    openStandardLibraries(this.globals, (source, chunkname) => this.load(source, chunkname), options);
  }

  /** Compiles a chunk into a function of this state; throws LuaSyntaxError with 5.1's message. */
  load(source: Bytes, chunkname = 'user_script'): LuaFunction {
    const cacheKey = `${chunkname}\0${source}`;
    let factory = compiled.get(cacheKey);
    if (factory === undefined) {
      // Generator twins (for coroutines) only where a chunk can use them.
      const js = compileChunk(parse(source, chunkname), R.lineBase(chunkname), source.includes('coroutine'));
      factory = new Function('R', 'G', `'use strict';\nconst S = R.S;\nreturn ${js};`) as ChunkFactory;
      // Bounded (scripts generated per call must not grow it forever): the oldest goes first.
      if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value!);
      compiled.set(cacheKey, factory);
    }
    return factory(RUNTIME, this.globals);
  }

  /**
   * Runs fn(args) as a script: a fresh run state (call depth, budget) named `chunkname`. Returns
   * fn's results; throws LuaError (value: the Lua error value; line: where it was raised) or
   * ScriptTimeoutError past the time limit (after calling onTimeout, which may throw instead).
   */
  run(fn: LuaFunction, args: LuaValue[], options: { chunkname: string; timeLimitMs: number; onTimeout?: () => never }): LuaValue[] {
    const S = R.S;
    S.chunkname = options.chunkname;
    S.depth = 0;
    S.handlers.length = 0;
    S.cCalls = 1;
    S.callLine = -1;
    S.steps = R.STEPS_PER_CHECK;
    S.deadline = options.timeLimitMs > 0 ? performance.now() + options.timeLimitMs : Infinity;
    S.onTimeout = options.onTimeout;
    try {
      return R.call(fn, args, -1, '');
    } catch (e) {
      if (e instanceof R.ScriptTimeoutError) throw e;
      throw R.toLuaError(e, -1);
    } finally {
      S.deadline = Infinity;
      S.onTimeout = undefined;
      S.depth = 0;
    }
  }

  /**
   * Redis 7's sandbox (luaSetErrorMetatable + luaSetTableProtectionRecursively): _G and every
   * table reachable from it become readonly, and reading a global that does not exist is an error.
   */
  lockGlobals(): void {
    const g = this.globals;
    const mt = new LuaTable();
    mt.set(
      '__index',
      R.libFunctionFor('__index', (args) => {
        const name = args[1];
        throw new R.LuaLibraryError(`Script attempted to access nonexistent global variable '${typeof name === 'string' ? name : R.tostringRaw(name)}'`);
      }),
    );
    mt.readonly = true;
    g.metatable = mt;
    const seen = new Set<LuaTable>();
    const protect = (t: LuaTable) => {
      if (seen.has(t)) return;
      seen.add(t);
      t.readonly = true;
      for (let e = t.next(undefined); e !== undefined && e !== null; e = t.next(e[0])) {
        if (e[1] instanceof LuaTable) protect(e[1]);
      }
    };
    protect(g);
    // The string metatable is reachable through getmetatable(""), and Redis protects it too.
    if (R.stringMetatable !== undefined) protect(R.stringMetatable);
  }

  /** A global write past the readonly protection (KEYS and ARGV before each EVAL). */
  setGlobal(name: Bytes, v: LuaValue): void {
    this.globals.set(name, v);
  }
}
