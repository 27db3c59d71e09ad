/**
 * An engine's scripting: the EVAL script cache and its Lua state (Redis's eval.c), the function
 * libraries and theirs (functions.c, function_lua.c), and the script client every script's
 * commands run on (script.c's scriptCall / scriptPrepareForRun). Created on first use; the
 * commands live in commands/scripting.ts and commands/functions.ts.
 *
 * Scripts run synchronously inside the command that started them, so no other client can send
 * SCRIPT KILL or FUNCTION KILL while one runs: those commands always find nothing running
 * (NOTBUSY), and `busy-reply-threshold` (lua-time-limit) acts as if the kill had been sent the
 * moment the threshold passes. The script stops with the error Redis gives a killed script
 * ("Script killed by user with SCRIPT KILL..."), even one that already wrote (Redis would refuse
 * to kill that one, UNKILLABLE, and wait for it: a process that cannot serve the kill cannot wait).
 * A threshold of 0 lets scripts run for as long as they like, as in Redis.
 *
 * Both Lua states are Redis 7's sandbox: readonly globals and libraries, KEYS and ARGV set before
 * each EVAL. A function library runs its top-level code (FUNCTION LOAD) in a globals table that
 * only shows `redis.register_function`, `redis.log` and the version fields, and its functions run
 * in an empty readonly globals table whose __index is the real globals (function_lua.c).
 */
import { REDIS_INFO } from '../commands/table.js';
import { Rand48 } from '../scripting/lib/math.js';
import { type Bytes, asciiLower } from '../bytes.js';
import { OOM } from '../errors.js';
import { ErrorReply, type Reply } from '../reply.js';
import { type Command, Flag, arityMismatch } from '../commands/spec.js';
import { LuaState } from '../scripting/interpreter.js';
import { LuaSyntaxError } from '../scripting/lexer.js';
import * as R from '../scripting/runtime.js';
import { LuaError, type LuaFunction, LuaTable, type LuaValue } from '../scripting/values.js';
import { crLfToSpaces, errorTable, luaToReply, ScriptErrorReply } from '../scripting/convert.js';
import { numberToString } from '../scripting/number-format.js';
import {
  addLogFunction,
  addVersion,
  createRedisTable,
  errorMetatable,
  type RedisHost,
  redisPcall,
  type Refusal,
  sha1hex,
} from '../scripting/lib/redis.js';
import { libFunction } from '../scripting/lauxlib.js';
import { splitArgs } from '../server/split-args.js';
import type { Engine } from './engine.js';
import { performEvictions } from './evict.js';
import { mallocSize } from './memory.js';
import { Session } from './session.js';

// ---------------------------------------------------------------------------------------------
// Script flags (script.h)

export const SCRIPT_FLAG_NO_WRITES = 1 << 0;
export const SCRIPT_FLAG_ALLOW_OOM = 1 << 1;
export const SCRIPT_FLAG_ALLOW_STALE = 1 << 2;
export const SCRIPT_FLAG_NO_CLUSTER = 1 << 3;
/** An EVAL script without a shebang: Redis 6 semantics (no flags, writes decided per command). */
export const SCRIPT_FLAG_EVAL_COMPAT_MODE = 1 << 4;
export const SCRIPT_FLAG_ALLOW_CROSS_SLOT = 1 << 5;

/** scripts_flags_def, in Redis's order (FUNCTION LIST lists flags in it). */
export const SCRIPT_FLAGS: readonly (readonly [string, number])[] = [
  ['no-writes', SCRIPT_FLAG_NO_WRITES],
  ['allow-oom', SCRIPT_FLAG_ALLOW_OOM],
  ['allow-stale', SCRIPT_FLAG_ALLOW_STALE],
  ['no-cluster', SCRIPT_FLAG_NO_CLUSTER],
  ['allow-cross-slot-keys', SCRIPT_FLAG_ALLOW_CROSS_SLOT],
];

// Redis 7.0's texts (script.c, eval.c, functions.c).
export const NOSCRIPT = 'NOSCRIPT No matching script. Please use EVAL.';
export const NOTBUSY = 'NOTBUSY No scripts in execution right now.';
export const RO_WITH_WRITE_FLAG = 'ERR Can not execute a script with write flag using *_ro command.';
export const OOM_NO_ALLOW_OOM = "OOM allow-oom flag is not set on the script, can not run it when used memory > 'maxmemory'";
const KILLED = 'Script killed by user with SCRIPT KILL...';
const FUNCTION_LOAD_TIMEOUT = 'FUNCTION LOAD timeout';
/** FUNCTION LOAD's own time budget (LOAD_TIMEOUT_MS). */
const LOAD_TIMEOUT_MS = 500;
const NAME_RULES = 'Library names can only contain letters, numbers, or underscores(_) and must be at least one character long';

/** A C string: Redis's "%s" of an sds stops at a NUL. */
function cString(s: Bytes): Bytes {
  const nul = s.indexOf('\0');
  return nul < 0 ? s : s.slice(0, nul);
}


function arrayTable(items: readonly Bytes[]): LuaTable {
  const t = new LuaTable();
  t.array = items.slice();
  return t;
}

// ---------------------------------------------------------------------------------------------
// Shebangs

/**
 * evalExtractShebangFlags: an EVAL body's `#!lua flags=...` line. Returns the flags and the
 * shebang's length (the code starts at its '\n', so lines keep their numbers), or an error text.
 */
export function evalShebang(body: Bytes): { flags: number; length: number } | string {
  if (!body.startsWith('#!')) return { flags: SCRIPT_FLAG_EVAL_COMPAT_MODE, length: 0 };
  const end = body.indexOf('\n');
  if (end < 0) return 'ERR Invalid script shebang';
  const parts = splitShebang(body.slice(0, end));
  if (parts === undefined || parts.length === 0) return 'ERR Invalid engine in script shebang';
  if (cString(parts[0]!) !== '#!lua') return `ERR Unexpected engine in script shebang: ${cString(parts[0]!)}`;
  let flags = 0;
  for (let j = 1; j < parts.length; j++) {
    const part = parts[j]!;
    if (!part.startsWith('flags=')) return `ERR Unknown lua shebang option: ${cString(part)}`;
    const list = part.slice(6);
    if (list.length === 0) continue;
    for (const name of list.split(',')) {
      const flag = SCRIPT_FLAGS.find(([n]) => n === cString(name));
      if (flag === undefined) return `ERR Unexpected flag in script shebang: ${cString(name)}`;
      flags |= flag[1];
    }
  }
  return { flags, length: end };
}

/** sdssplitargs over a shebang line (a C string: it ends at a NUL). */
function splitShebang(line: Bytes): string[] | undefined {
  const buf = Buffer.from(cString(line), 'latin1');
  return splitArgs(buf, 0, buf.length);
}

/** A script flags' effect on the command that runs it (scriptFlagsToCmdFlags): does it take memory? */
export function scriptDeniedOnOom(flags: number): boolean {
  if (flags & SCRIPT_FLAG_EVAL_COMPAT_MODE) return false;
  return (flags & (SCRIPT_FLAG_ALLOW_OOM | SCRIPT_FLAG_NO_WRITES)) === 0;
}

// ---------------------------------------------------------------------------------------------
// Cached scripts and function libraries

export interface EvalScript {
  body: Bytes;
  flags: number;
  fn: LuaFunction;
}

export interface FunctionInfo {
  name: Bytes;
  fn: LuaFunction;
  description: Bytes | undefined;
  flags: number;
  library: Library;
}

export interface Library {
  name: Bytes;
  /** The whole FUNCTION LOAD payload, shebang included. */
  code: Bytes;
  /** By exact name, in registration order. */
  functions: Map<Bytes, FunctionInfo>;
}

/** A set of libraries and their functions (functionsLibCtx): the live one, or one being restored. */
export class LibraryCtx {
  readonly libraries = new Map<Bytes, Library>();
  /** By lowercased name (function names are case-insensitive). */
  readonly functions = new Map<string, FunctionInfo>();

  link(lib: Library): void {
    for (const f of lib.functions.values()) {
      const key = asciiLower(f.name);
      if (!this.functions.has(key)) this.functions.set(key, f);
    }
    this.libraries.set(lib.name, lib);
  }

  unlink(lib: Library): void {
    for (const f of lib.functions.values()) {
      const key = asciiLower(f.name);
      if (this.functions.get(key) === f) this.functions.delete(key);
    }
    this.libraries.delete(lib.name);
  }

  /**
   * libraryJoin: moves every library of `src` here. On a library name collision REPLACE swaps the
   * old one out; otherwise, or on a function name collision, nothing changes and the error is returned.
   */
  join(src: LibraryCtx, replace: boolean): string | undefined {
    const replaced: Library[] = [];
    const undo = (): void => {
      for (const lib of replaced) this.link(lib);
    };
    for (const lib of src.libraries.values()) {
      const old = this.libraries.get(lib.name);
      if (old === undefined) continue;
      if (!replace) {
        undo();
        return `ERR Library ${cString(lib.name)} already exists`;
      }
      this.unlink(old);
      replaced.push(old);
    }
    for (const [key, f] of src.functions) {
      if (this.functions.has(key)) {
        undo();
        return `ERR Function ${cString(f.name)} already exists`;
      }
    }
    for (const lib of src.libraries.values()) this.link(lib);
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Running a script

/** scriptRunCtx: the script being run and what its commands may do. */
interface RunContext {
  caller: Session;
  /** The SHA1 (EVAL) or the function's name, as errors name it. */
  funcname: string;
  readOnly: boolean;
  allowOom: boolean;
  /** Memory was over maxmemory when the script started (server.script_oom). */
  scriptOom: boolean;
  /** A write command ran (SCRIPT_WRITE_DIRTY). */
  writeDirty: boolean;
}

export interface RunOptions {
  /** 'user_script' (EVAL) or 'user_function' (FCALL). */
  chunkname: string;
  funcname: string;
  /** The script's flags (SCRIPT_FLAG_EVAL_COMPAT_MODE for an EVAL body without a shebang). */
  flags: number;
  /** EVAL_RO, EVALSHA_RO, FCALL_RO. */
  readOnly: boolean;
  /** Memory was over maxmemory before the command. */
  scriptOom: boolean;
}

/** The Lua state of the function libraries, with the two globals views it switches between. */
interface FunctionsLua {
  lua: LuaState;
  /** The metatable of the (empty) globals table: its __index is the real globals, or the load API. */
  globalsMeta: LuaTable;
  realGlobals: LuaTable;
  loadApi: LuaTable;
}

export class Scripting {
  /** SHA1 -> script (Redis's lctx.lua_scripts). */
  readonly scripts = new Map<string, EvalScript>();
  /** The live libraries (curr_functions_lib_ctx). */
  libraries = new LibraryCtx();
  /** Receives redis.log lines (Redis writes them to its log). */
  onLog: ((level: number, message: Bytes) => void) | undefined;

  private evalLua: LuaState | undefined;
  private functionsLua: FunctionsLua | undefined;
  /**
   * math.random's generator: one per server, as Redis's redisLrand48 state is process-wide. Redis
   * 7.0 never reseeds it per script, and SCRIPT FLUSH keeps it: only a fresh server starts over.
   */
  private readonly random = new Rand48();
  private session: Session | undefined;
  private running: RunContext | undefined;
  /** The library whose FUNCTION LOAD code is running (redis.register_function adds to it). */
  private loading: Library | undefined;
  private readonly host: RedisHost;

  constructor(readonly engine: Engine) {
    const self = this;
    this.host = {
      call: (argv) => this.scriptCall(argv),
      get resp() {
        return self.scriptSession().resp;
      },
      set resp(v: 2 | 3) {
        self.scriptSession().resp = v;
      },
      setRepl: () => {
        // Replication is not modelled: the flags are accepted and have nothing to steer.
      },
      log: (level, message) => this.onLog?.(level, message),
      verbosity: () => ['debug', 'verbose', 'notice', 'warning'].indexOf(engine.config.get('loglevel') ?? 'notice'),
      commandExists: (argv) => !(this.scriptSession().find(argv) instanceof ErrorReply),
    };
  }

  /** Whether a script is running (always false between commands: scripts run inside one). */
  get isRunning(): boolean {
    return this.running !== undefined;
  }

  /**
   * The script client (Redis's lua client, CLIENT_SCRIPT): not a connection, so not listed,
   * counted or given a client id; MONITOR shows it as `lua`, SLOWLOG as `?:0`.
   */
  scriptSession(): Session {
    if (this.session !== undefined) return this.session;
    const engine = this.engine;
    const id = engine.nextClientId;
    const connections = engine.stats.totalConnections;
    const s = new Session(engine);
    engine.sessions.delete(s);
    engine.nextClientId = id;
    engine.stats.totalConnections = connections;
    s.scriptClient = true;
    s.authenticated = true;
    s.addr = '?:0';
    return (this.session = s);
  }

  // -------------------------------------------------------------------------------------------
  // EVAL's Lua state and script cache

  private evalState(): LuaState {
    if (this.evalLua !== undefined) return this.evalLua;
    const lua = new LuaState({ random: this.random });
    lua.globals.set('redis', createRedisTable(this.host, { evalExtras: true }));
    lua.globals.set('pcall', redisPcall);
    lua.lockGlobals();
    return (this.evalLua = lua);
  }

  /** SCRIPT FLUSH (scriptingReset): no cached scripts, and a fresh Lua state. */
  flushScripts(): void {
    this.scripts.clear();
    this.evalLua = undefined;
  }

  /** The cached script by SHA1 (any case), or undefined. */
  script(sha: string): EvalScript | undefined {
    return this.scripts.get(sha) ?? this.scripts.get(asciiLower(sha));
  }

  /** luaCreateFunction: the cached script for `body`, compiling it on first sight; an error text if it does not compile. */
  createScript(body: Bytes): { sha: string; script: EvalScript } | string {
    const sha = sha1hex(body);
    const cached = this.scripts.get(sha);
    if (cached !== undefined) return { sha, script: cached };
    const shebang = evalShebang(body);
    if (typeof shebang === 'string') return shebang;
    let fn: LuaFunction;
    try {
      fn = this.evalState().load(shebang.length === 0 ? body : body.slice(shebang.length), 'user_script');
    } catch (e) {
      if (!(e instanceof LuaSyntaxError)) throw e;
      return compileError('Error compiling script (new function): ', e.message);
    }
    const script = { body, flags: shebang.flags, fn };
    this.scripts.set(sha, script);
    return { sha, script };
  }

  /** evalGetCommandFlags's question: would this EVAL be refused as a memory-growing command when out of memory? */
  evalDeniedOnOom(body: Bytes, evalsha: boolean): boolean {
    const cached = evalsha ? (body.length === 40 ? this.script(body) : undefined) : this.scripts.get(sha1hex(body));
    if (cached !== undefined) return scriptDeniedOnOom(cached.flags);
    if (evalsha) return false;
    const shebang = evalShebang(body);
    return typeof shebang !== 'string' && scriptDeniedOnOom(shebang.flags);
  }

  /** Runs a cached EVAL script with KEYS and ARGV. */
  runScript(caller: Session, script: EvalScript, sha: string, keys: Bytes[], args: Bytes[], readOnly: boolean, scriptOom: boolean): Reply {
    const lua = this.evalState();
    return this.run(caller, script.fn, [], { chunkname: 'user_script', funcname: sha, flags: script.flags, readOnly, scriptOom }, () => {
      lua.setGlobal('KEYS', arrayTable(keys));
      lua.setGlobal('ARGV', arrayTable(args));
    }, lua);
  }

  /** Runs a function with its keys and arguments tables. */
  runFunction(caller: Session, f: FunctionInfo, keys: Bytes[], args: Bytes[], readOnly: boolean, scriptOom: boolean): Reply {
    const { lua } = this.functionsState();
    return this.run(
      caller,
      f.fn,
      [arrayTable(keys), arrayTable(args)],
      { chunkname: 'user_function', funcname: f.name, flags: f.flags, readOnly, scriptOom },
      undefined,
      lua,
    );
  }

  /**
   * scriptPrepareForRun's refusals, before anything runs: a script with flags that may write
   * cannot run as *_RO, and one without allow-oom cannot start out of memory.
   */
  prepareError(flags: number, readOnly: boolean, scriptOom: boolean): string | undefined {
    if (flags & SCRIPT_FLAG_EVAL_COMPAT_MODE) return undefined;
    // no-writes implies allow-oom (7.0.15); a script that may write was refused before it got here.
    if (!(flags & (SCRIPT_FLAG_ALLOW_OOM | SCRIPT_FLAG_NO_WRITES)) && scriptOom && this.engine.config.maxmemory !== 0) return OOM_NO_ALLOW_OOM;
    if (!(flags & SCRIPT_FLAG_NO_WRITES) && readOnly) return RO_WITH_WRITE_FLAG;
    return undefined;
  }

  /** Out of memory right now (Redis's server.script_oom, taken when the script's command starts). */
  outOfMemory(): boolean {
    return this.engine.config.maxmemory !== 0 && !performEvictions(this.engine);
  }

  private run(
    caller: Session,
    fn: LuaFunction,
    args: LuaValue[],
    options: RunOptions,
    setup: (() => void) | undefined,
    lua: LuaState,
  ): Reply {
    const s = this.scriptSession();
    s.db = caller.db;
    s.resp = 2;
    const compat = (options.flags & SCRIPT_FLAG_EVAL_COMPAT_MODE) !== 0;
    this.running = {
      caller,
      funcname: options.funcname,
      readOnly: options.readOnly || (!compat && (options.flags & SCRIPT_FLAG_NO_WRITES) !== 0),
      allowOom: !compat && (options.flags & SCRIPT_FLAG_ALLOW_OOM) !== 0,
      scriptOom: options.scriptOom,
      writeDirty: false,
    };
    // Time stands still while a script runs (Redis 7.0 serves its commands from one time snapshot):
    // a PEXPIRE then PTTL inside a script sees the full TTL.
    const clock = this.engine.clock;
    const snapshot = clock.now();
    this.engine.clock = { now: () => snapshot };
    try {
      setup?.();
      const threshold = Number(this.engine.config.get('busy-reply-threshold') ?? 5000);
      const results = lua.run(fn, args, { chunkname: options.chunkname, timeLimitMs: threshold });
      try {
        return luaToReply(results[0], s.resp);
      } catch (e) {
        if (e instanceof RangeError) return new ErrorReply('ERR reached lua stack limit');
        throw e;
      }
    } catch (e) {
      // The error value's metamethods (__tostring, __index) are Lua code: run them under the budget too.
      let reply: Reply | undefined;
      const handler = libFunction('error_handler', () => {
        reply = scriptFailure(e, options.funcname, `@${options.chunkname}`);
        return [];
      });
      try {
        lua.run(handler, [], { chunkname: options.chunkname, timeLimitMs: Number(this.engine.config.get('busy-reply-threshold') ?? 5000) });
      } catch {
        // Only a timeout gets here (scriptFailure catches the rest).
      }
      return reply ?? scriptFailure(new R.ScriptTimeoutError('script timed out'), options.funcname, `@${options.chunkname}`);
    } finally {
      this.running = undefined;
      this.engine.clock = clock;
    }
  }

  /** scriptCall: the checks a script's command passes before call(), then the call on the script client. */
  private scriptCall(argv: Bytes[]): Reply | Refusal {
    const ctx = this.running;
    const s = this.scriptSession();
    if (ctx === undefined) return this.refuse('redis.call/pcall can only be called inside a script invocation');
    const command = s.find(argv);
    if (command instanceof ErrorReply) {
      // A Redis command redis-stub lacks (SHUTDOWN...): Redis would find it and refuse it as noscript.
      const info = REDIS_INFO.get(asciiLower(argv[0] ?? ''));
      if (info !== undefined && info[2].some((f) => f['+'] === 'noscript')) {
        if (arityMismatch(info[1], argv.length)) return this.refuse('Wrong number of args calling Redis command from script');
        return this.refuse('This Redis command is not allowed from script');
      }
      return this.refuse('Unknown Redis command called from script');
    }
    if (arityMismatch(command.arity, argv.length) || command.handler === undefined) {
      return this.refuse('Wrong number of args calling Redis command from script', command);
    }
    if (command.flags & Flag.NoScript) return this.refuse('This Redis command is not allowed from script', command);
    const write = (command.flags & Flag.Write) !== 0;
    if (write && ctx.readOnly) return this.refuse('Write commands are not allowed from read-only scripts.', command);
    // Out of memory, the first command that may grow it is refused; after a write the script must go on.
    if (!ctx.allowOom && this.engine.config.maxmemory !== 0 && !ctx.writeDirty && ctx.scriptOom && command.flags & Flag.DenyOom) {
      return this.refuse(`-${OOM}`, command);
    }
    if (write) ctx.writeDirty = true;
    return s.call(command, argv);
  }

  /** A refused command counts as an error reply and, when it exists, as a rejected call of that command. */
  private refuse(text: string, command?: Command): Refusal {
    const stats = this.engine.stats;
    stats.errorReplies++;
    stats.countError(text.startsWith('-') ? text.slice(1) : `ERR ${text}`);
    if (command !== undefined) stats.command(command).rejected++;
    return { refused: text };
  }

  // -------------------------------------------------------------------------------------------
  // Functions

  private functionsState(): FunctionsLua {
    if (this.functionsLua !== undefined) return this.functionsLua;
    const lua = new LuaState({ random: this.random });
    const g = lua.globals;
    g.set('redis', createRedisTable(this.host, { evalExtras: false }));
    g.set('pcall', redisPcall);
    lua.lockGlobals();

    // The real globals move to their own table; the state's globals table becomes an empty
    // readonly table that reads through to them (or, during FUNCTION LOAD, to the load API).
    const realGlobals = new LuaTable();
    for (let e = g.next(undefined); e; e = g.next(e[0])) realGlobals.set(e[0], e[1] === g ? realGlobals : e[1]);
    realGlobals.metatable = g.metatable;
    realGlobals.readonly = true;
    g.array = [];
    g.hash = undefined;
    const globalsMeta = new LuaTable();
    globalsMeta.set('__index', realGlobals);
    globalsMeta.readonly = true;
    g.metatable = globalsMeta;
    g.readonly = true;

    // What FUNCTION LOAD's code sees: `redis` with register_function, log and the version.
    const libRedis = new LuaTable();
    libRedis.set(
      'register_function',
      libFunction('register_function', (args) => this.registerFunction(args)),
    );
    addLogFunction(libRedis, this.host);
    addVersion(libRedis);
    libRedis.metatable = errorMetatable();
    libRedis.metatable.readonly = true;
    libRedis.readonly = true;
    const loadApi = new LuaTable();
    loadApi.set('redis', libRedis);
    loadApi.metatable = errorMetatable();
    loadApi.metatable.readonly = true;
    loadApi.readonly = true;

    return (this.functionsLua = { lua, globalsMeta, realGlobals, loadApi });
  }

  /** FUNCTION FLUSH (functionsLibCtxClearCurrent): no libraries, and a fresh Lua state. */
  flushFunctions(): void {
    this.libraries = new LibraryCtx();
    this.functionsLua = undefined;
  }

  /** The function named `name` (any case), or undefined. */
  function(name: Bytes): FunctionInfo | undefined {
    return this.libraries.functions.get(asciiLower(name));
  }

  /**
   * functionsCreateWithLibraryCtx: compiles a library and runs its code to register its
   * functions, into `ctx`. Returns the library's name, or an error text.
   */
  createLibrary(code: Bytes, replace: boolean, ctx: LibraryCtx, timeoutMs = LOAD_TIMEOUT_MS): { name: Bytes } | { error: string } {
    const md = extractLibraryMetadata(code);
    if ('error' in md) return md;
    if (!validName(md.name)) return { error: `ERR ${NAME_RULES}` };
    if (asciiLower(md.engine) !== 'lua') return { error: `ERR Engine '${md.engine}' not found` };
    let old = ctx.libraries.get(md.name);
    if (old !== undefined && !replace) return { error: `ERR Library '${md.name}' already exists` };
    if (old !== undefined) ctx.unlink(old);
    const lib: Library = { name: md.name, code, functions: new Map() };
    const error = this.runLibraryCode(lib, md.code, timeoutMs);
    const fail = (message: string): { error: string } => {
      if (old !== undefined) ctx.link(old);
      return { error: message };
    };
    if (error !== undefined) return fail(error);
    if (lib.functions.size === 0) return fail('ERR No functions registered');
    for (const f of lib.functions.values()) {
      if (ctx.functions.has(asciiLower(f.name))) return fail(`ERR Function ${cString(f.name)} already exists`);
    }
    ctx.link(lib);
    old = undefined;
    return { name: md.name };
  }

  /** luaEngineCreate: compile, then run the library's code with the load API as its globals. */
  private runLibraryCode(lib: Library, code: Bytes, timeoutMs: number): string | undefined {
    const { lua, globalsMeta, realGlobals, loadApi } = this.functionsState();
    let chunk: LuaFunction;
    try {
      chunk = lua.load(code, 'user_function');
    } catch (e) {
      if (!(e instanceof LuaSyntaxError)) throw e;
      return compileError('Error compiling function: ', e.message);
    }
    globalsMeta.set('__index', loadApi);
    this.loading = lib;
    try {
      lua.run(chunk, [], { chunkname: 'user_function', timeLimitMs: timeoutMs });
      return undefined;
    } catch (e) {
      if (e instanceof R.ScriptTimeoutError) return `ERR Error registering functions: ERR ${FUNCTION_LOAD_TIMEOUT}`;
      const v = e instanceof LuaError ? e.value : R.toLuaError(e, -1).value;
      return crLfToSpaces(`ERR Error registering functions: ${errorInfoMessage(v) ?? '(null)'}`);
    } finally {
      this.loading = undefined;
      globalsMeta.set('__index', realGlobals);
    }
  }

  /** redis.register_function(name, callback) or redis.register_function{function_name=, callback=, flags=, description=}. */
  private registerFunction(args: LuaValue[]): LuaValue[] {
    const lib = this.loading;
    if (lib === undefined) throw new LuaError(errorTable('redis.register_function can only be called on FUNCTION LOAD command'));
    const fail = (message: string): never => {
      throw new LuaError(errorTable(message));
    };
    if (args.length < 1 || args.length > 2) fail('wrong number of arguments to redis.register_function');
    let name: Bytes | undefined;
    let description: Bytes | undefined;
    let callback: LuaFunction | undefined;
    let flags = 0;
    if (args.length === 1) {
      const t = args[0];
      if (!(t instanceof LuaTable)) {
        return fail('calling redis.register_function with a single argument is only applicable to Lua table (representing named arguments).');
      }
      for (let e = t.next(undefined); e; e = t.next(e[0])) {
        const [k, v] = e;
        const key = luaString(k);
        if (key === undefined) fail('named argument key given to redis.register_function is not a string');
        switch (asciiLower(cString(key!))) {
          case 'function_name':
            name = luaString(v);
            if (name === undefined) fail('function_name argument given to redis.register_function must be a string');
            break;
          case 'description':
            description = luaString(v);
            if (description === undefined) fail('description argument given to redis.register_function must be a string');
            break;
          case 'callback':
            if (typeof v !== 'function') fail('callback argument given to redis.register_function must be a function');
            callback = v as LuaFunction;
            break;
          case 'flags':
            if (!(v instanceof LuaTable)) fail('flags argument to redis.register_function must be a table representing function flags');
            flags = readFlags(v as LuaTable) ?? fail('unknown flag given');
            break;
          default:
            fail('unknown argument given to redis.register_function');
        }
      }
      if (name === undefined) fail('redis.register_function must get a function name argument');
      if (callback === undefined) fail('redis.register_function must get a callback argument');
    } else {
      name = luaString(args[0]);
      if (name === undefined) fail('first argument to redis.register_function must be a string');
      if (typeof args[1] !== 'function') fail('second argument to redis.register_function must be a function');
      callback = args[1] as LuaFunction;
    }
    // functionLibCreateFunction (7.0 words the name error as the library's).
    if (!validName(name!)) fail(NAME_RULES);
    if (lib.functions.has(name!)) fail('Function already exists in the library');
    lib.functions.set(name!, { name: name!, fn: callback!, description, flags, library: lib });
    return [];
  }
}

/** lua_isstring + lua_tostring: strings, and numbers in their "%.14g" text. */
function luaString(v: LuaValue): Bytes | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberToString(v);
  return undefined;
}

/** luaRegisterFunctionReadFlags: t[1], t[2], ... (through metamethods) until nil; undefined for an unknown flag. */
function readFlags(t: LuaTable): number | undefined {
  let flags = 0;
  for (let j = 1; ; j++) {
    const v = R.index(t, j);
    if (v === undefined) return flags;
    const s = luaString(v);
    if (s === undefined) return undefined;
    const name = asciiLower(cString(s));
    const flag = SCRIPT_FLAGS.find(([n]) => n === name);
    if (flag === undefined) return undefined;
    flags |= flag[1];
  }
}

/** functionsVerifyName: [a-zA-Z0-9_]+. */
function validName(name: Bytes): boolean {
  return /^[a-zA-Z0-9_]+$/.test(name);
}

/** functionExtractLibMetaData: `#!<engine> name=<name>` on the first line; the code keeps its '\n' so lines keep their numbers. */
function extractLibraryMetadata(payload: Bytes): { engine: Bytes; name: Bytes; code: Bytes } | { error: string } {
  if (!payload.startsWith('#!')) return { error: 'ERR Missing library metadata' };
  const end = payload.indexOf('\n');
  if (end < 0) return { error: 'ERR Invalid library metadata' };
  const parts = splitShebang(payload.slice(0, end));
  if (parts === undefined || parts.length === 0) return { error: 'ERR Invalid library metadata' };
  const engine = cString(parts[0]!).slice(2);
  let name: Bytes | undefined;
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i]!;
    if (asciiLower(part.slice(0, 5)) === 'name=') {
      if (name !== undefined) return { error: 'ERR Invalid metadata value, name argument was given multiple times' };
      name = part.slice(5);
      continue;
    }
    return { error: `ERR Invalid metadata value given: ${cString(part)}` };
  }
  if (name === undefined) return { error: 'ERR Library name was not given' };
  return { engine, name, code: payload.slice(end) };
}

/** addReplyErrorFormat("<prefix>%s\n"): a compile error as one line. */
function compileError(prefix: string, message: string): string {
  return `ERR ${crLfToSpaces(`${prefix}${message}`.replace(/[\r\n]+$/, ''))}`;
}

/**
 * luaExtractErrorInformation's message: a string error value gets "ERR " in front; a table gives
 * its `err` field (read through metamethods); anything else has none.
 */
function errorInfoMessage(v: LuaValue): string | undefined {
  if (typeof v === 'string' || typeof v === 'number') return `ERR ${luaString(v)}`;
  if (!(v instanceof LuaTable)) return undefined;
  const err = R.index(v, 'err');
  return luaString(err);
}

/**
 * A script that raised an error, as luaCallFunction replies: Redis's error handler turns a
 * non-table error into {err='ERR '..tostring(e)} and records where it happened (the innermost Lua
 * line), then the reply is "<err> script: <name>, on @user_script:<line>.".
 */
export function scriptFailure(e: unknown, funcname: string, source: string): Reply {
  let table: LuaTable;
  let line: number | undefined;
  if (e instanceof R.ScriptTimeoutError) {
    table = errorTable(KILLED);
    line = (e as R.ScriptTimeoutError & { line?: number }).line;
  } else {
    const err = e instanceof LuaError ? e : R.toLuaError(e, -1);
    line = err.line;
    const v = err.value;
    if (v instanceof LuaTable) table = v;
    else {
      table = new LuaTable();
      let text: Bytes;
      try {
        text = R.tostring(v);
      } catch {
        text = R.tostringRaw(v);
      }
      table.set('err', `ERR ${text}`);
    }
  }
  if (line !== undefined && !table.readonly) {
    table.set('source', source);
    table.set('line', line);
  }
  let message: string | undefined;
  let ignoreStats = false;
  let where = '';
  try {
    message = luaString(R.index(table, 'err'));
    const ignore = R.index(table, 'ignore_error_stats_update');
    ignoreStats = typeof ignore === 'boolean' && ignore;
    const src = luaString(R.index(table, 'source'));
    const at = luaString(R.index(table, 'line'));
    if (src !== undefined && at !== undefined) where = ` script: ${funcname}, on ${cString(src)}:${cString(at)}.`;
  } catch {
    // An error table whose metamethods fail: Redis would be reporting an error in its handler.
  }
  // Redis 7.0 crashes on an error table without a message; say so instead.
  const text = crLfToSpaces(`${message === undefined ? 'ERR unknown error' : cString(message)}${where}`);
  return new ScriptErrorReply(text, !ignoreStats);
}

// ---------------------------------------------------------------------------------------------

const states = new WeakMap<Engine, Scripting>();

/** Back to a fresh server's scripting: no cached scripts, no libraries, fresh Lua states (for Engine.reset). */
export function resetScripting(engine: Engine): void {
  states.delete(engine);
}

/** The engine's scripting state, made on first use. */
export function scriptingOf(engine: Engine): Scripting {
  let s = states.get(engine);
  if (s === undefined) {
    s = new Scripting(engine);
    states.set(engine, s);
  }
  return s;
}

/** sds allocation of a string of `len` bytes (header, bytes, NUL). */
function sdsAlloc(len: number): number {
  return mallocSize(len + (len < 256 ? 4 : len < 65536 ? 6 : 10));
}

/**
 * INFO memory's scripting fields, without creating the state. Counts are exact; the byte sizes
 * follow Redis 7.0.15's accounting for the cache (SHA and body strings, dict entries and slots)
 * and start from an empty Lua VM's figures (32K for EVAL's, 41K for functions').
 */
export function scriptingMemory(engine: Engine): {
  scripts: number;
  functions: number;
  libraries: number;
  vmEval: number;
  scriptsEval: number;
  vmFunctions: number;
  functionsOverhead: number;
} {
  const s = states.get(engine);
  let functions = 0;
  let functionsOverhead = 200;
  let scriptsEval = 0;
  if (s !== undefined) {
    for (const lib of s.libraries.libraries.values()) {
      functions += lib.functions.size;
      functionsOverhead += 64 + sdsAlloc(lib.name.length) + sdsAlloc(lib.code.length);
      for (const f of lib.functions.values()) functionsOverhead += 80 + sdsAlloc(f.name.length);
    }
    for (const script of s.scripts.values()) scriptsEval += sdsAlloc(40) + 40 + sdsAlloc(script.body.length);
    const n = s.scripts.size;
    if (n > 0) scriptsEval += 8 * Math.max(4, 2 ** Math.ceil(Math.log2(n)));
  }
  const scripts = s?.scripts.size ?? 0;
  const libraries = s?.libraries.libraries.size ?? 0;
  return {
    scripts,
    functions,
    libraries,
    vmEval: 32768 + 1024 * Math.ceil(scripts / 2),
    scriptsEval,
    vmFunctions: 41984 + 1024 * libraries,
    functionsOverhead,
  };
}
