/**
 * The `redis` table scripts see (Redis 7.0's script_lua.c luaRegisterRedisAPI, plus eval.c's
 * debugger stubs), over a host that runs commands: redis.call / redis.pcall, error_reply,
 * status_reply, sha1hex, log and its levels, setresp, set_repl and the REPL_* flags,
 * replicate_commands, breakpoint, debug, acl_check_cmd, REDIS_VERSION and REDIS_VERSION_NUM.
 * Also the global `pcall` Redis 7 installs (luaRedisPcall), which hands back the message of an
 * error table instead of the table.
 *
 * Errors follow script_lua.c: a refusal is an error *table* {err="ERR ..."} (luaPushError), raised
 * with lua_error (no position prefix: the text is the table's). The script's error handler later
 * adds where it happened ("script: <sha>, on @user_script:1.").
 */
import { createHash } from 'node:crypto';
import type { Bytes } from '../../bytes.js';
import { ErrorReply, type Reply } from '../../reply.js';
import { commandErrorTable, errorTable, replyToLua } from '../convert.js';
import { libFunction, toLuaString } from '../lauxlib.js';
import { formatG, stringToNumber } from '../number-format.js';
import * as R from '../runtime.js';
import { LuaError, type LuaFunction, LuaTable, type LuaValue } from '../values.js';

/** Redis 7.0.15, as the oracle reports it. */
export const REDIS_VERSION = '7.0.15';
/** (major << 16) | (minor << 8) | patch. */
export const REDIS_VERSION_NUM = 0x07000f;

/** What a refused command gives instead of a reply (scriptCall's `err`, e.g. "Unknown Redis command called from script"). */
export interface Refusal {
  refused: string;
}

/** The server side of the `redis` table. */
export interface RedisHost {
  /** Runs one command as the script client (scriptCall then call()): its reply, or why it was refused. */
  call(argv: Bytes[]): Reply | Refusal;
  /** The script client's protocol (2 unless the script called redis.setresp(3)). */
  resp: 2 | 3;
  /** redis.set_repl (flags already checked: a subset of REPL_ALL). */
  setRepl(flags: number): void;
  /** redis.log, for a level the configured verbosity lets through. */
  log(level: number, message: Bytes): void;
  /** The `loglevel` in force, as Redis's LL_* number. */
  verbosity(): number;
  /** lookupCommand for acl_check_cmd: whether argv names a command (and subcommand). */
  commandExists(argv: Bytes[]): boolean;
}

export const LL_DEBUG = 0;
export const LL_VERBOSE = 1;
export const LL_NOTICE = 2;
export const LL_WARNING = 3;

const PROPAGATE_AOF = 1;
const PROPAGATE_REPL = 2;

/** luaPushError + lua_error: raises the error table of `message`. */
function raise(message: string): never {
  throw new LuaError(errorTable(message));
}

/** C's `int x = (double)d` on x86-64: truncation, and INT_MIN for NaN and values out of range. */
function cInt(d: number): number {
  return d >= -2147483648 && d < 2147483648 ? Math.trunc(d) : -2147483648;
}

/** lua_tonumber: a number, a numeric string, else 0. */
function toNumber(v: LuaValue): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return stringToNumber(v) ?? 0;
  return 0;
}


export function sha1hex(s: Bytes): string {
  return createHash('sha1').update(s, 'latin1').digest('hex');
}

/**
 * luaArgsToRedisArgv: strings as they are, numbers as "%.17g" (lua_tolstring's "%.14g" would lose
 * precision); anything else is refused. Returns the argv, or the error table.
 */
function toArgv(args: LuaValue[]): Bytes[] | LuaTable {
  if (args.length === 0) return errorTable('Please specify at least one argument for this redis lib call');
  const argv: Bytes[] = new Array(args.length);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (typeof a === 'string') argv[i] = a;
    else if (typeof a === 'number') argv[i] = formatG(a, 17);
    else return errorTable('Lua redis lib command arguments must be strings or integers');
  }
  return argv;
}

/** luaRedisGenericCommand: redis.call raises the error table; redis.pcall returns it. */
function genericCommand(host: RedisHost, args: LuaValue[], raiseError: boolean): LuaValue[] {
  const argv = toArgv(args);
  if (argv instanceof LuaTable) {
    if (raiseError) throw new LuaError(argv);
    return [argv];
  }
  const reply = host.call(argv);
  if (!(reply instanceof ErrorReply) && typeof reply === 'object' && reply !== null && 'refused' in reply) {
    const t = commandErrorTable(reply.refused);
    if (raiseError) throw new LuaError(t);
    return [t];
  }
  const value = replyToLua(reply as Reply, host.resp);
  if (raiseError && reply instanceof ErrorReply) throw new LuaError(value);
  return [value];
}

/** redis.error_reply / redis.status_reply take exactly one string (numbers are refused: lua_type). */
function singleString(args: LuaValue[]): Bytes | undefined {
  return args.length === 1 && typeof args[0] === 'string' ? args[0] : undefined;
}

/** redis.log and the LOG_* levels (luaRegisterLogFunction): the same in EVAL and in FUNCTION LOAD. */
export function addLogFunction(t: LuaTable, host: Pick<RedisHost, 'log' | 'verbosity'>): void {
  t.set(
    'log',
    libFunction('log', (args) => {
      if (args.length < 2) raise('redis.log() requires two arguments or more.');
      const first = args[0];
      if (typeof first !== 'number' && (typeof first !== 'string' || stringToNumber(first) === undefined)) {
        raise('First argument must be a number (log level).');
      }
      const level = cInt(toNumber(first));
      if (level < LL_DEBUG || level > LL_WARNING) raise('Invalid debug level.');
      if (level < host.verbosity()) return [];
      let log = '';
      for (let j = 1; j < args.length; j++) {
        const s = toLuaString(args[j]);
        if (s === undefined) continue;
        if (j !== 1) log += ' ';
        log += s;
      }
      host.log(level, log);
      return [];
    }),
  );
  t.set('LOG_DEBUG', LL_DEBUG);
  t.set('LOG_VERBOSE', LL_VERBOSE);
  t.set('LOG_NOTICE', LL_NOTICE);
  t.set('LOG_WARNING', LL_WARNING);
}

/** REDIS_VERSION and REDIS_VERSION_NUM (luaRegisterVersion). */
export function addVersion(t: LuaTable): void {
  t.set('REDIS_VERSION_NUM', REDIS_VERSION_NUM);
  t.set('REDIS_VERSION', REDIS_VERSION);
}

export interface RedisTableOptions {
  /** EVAL's Lua state also has redis.breakpoint, redis.debug and redis.replicate_commands (eval.c); functions' does not. */
  evalExtras: boolean;
}

/** The `redis` table of a Lua state, over `host`. */
export function createRedisTable(host: RedisHost, options: RedisTableOptions): LuaTable {
  const t = new LuaTable();
  t.set(
    'call',
    libFunction('call', (args) => genericCommand(host, args, true)),
  );
  t.set(
    'pcall',
    libFunction('pcall', (args) => genericCommand(host, args, false)),
  );
  addLogFunction(t, host);
  addVersion(t);
  t.set(
    'setresp',
    libFunction('setresp', (args) => {
      if (args.length !== 1) raise('redis.setresp() requires one argument.');
      const resp = cInt(toNumber(args[0]));
      if (resp !== 2 && resp !== 3) raise('RESP version must be 2 or 3.');
      host.resp = resp;
      return [];
    }),
  );
  t.set(
    'sha1hex',
    libFunction('sha1hex', (args) => {
      if (args.length !== 1) raise('wrong number of arguments');
      return [sha1hex(toLuaString(args[0]) ?? '')];
    }),
  );
  t.set(
    'error_reply',
    libFunction('error_reply', (args) => {
      const s = singleString(args);
      if (s === undefined) return [errorTable('wrong number or type of arguments')];
      const nul = s.indexOf('\0');
      const err = nul < 0 ? s : s.slice(0, nul);
      return [errorTable(err.startsWith('-') ? err : `-${err}`)];
    }),
  );
  t.set(
    'status_reply',
    libFunction('status_reply', (args) => {
      const s = singleString(args);
      if (s === undefined) return [errorTable('wrong number or type of arguments')];
      const ok = new LuaTable();
      ok.set('ok', s);
      return [ok];
    }),
  );
  t.set(
    'set_repl',
    libFunction('set_repl', (args) => {
      if (args.length !== 1) raise('redis.set_repl() requires two arguments.');
      const flags = cInt(toNumber(args[0]));
      if ((flags & ~(PROPAGATE_AOF | PROPAGATE_REPL)) !== 0) {
        raise('Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.');
      }
      host.setRepl(flags);
      return [];
    }),
  );
  t.set('REPL_NONE', 0);
  t.set('REPL_AOF', PROPAGATE_AOF);
  t.set('REPL_SLAVE', PROPAGATE_REPL);
  t.set('REPL_REPLICA', PROPAGATE_REPL);
  t.set('REPL_ALL', PROPAGATE_AOF | PROPAGATE_REPL);
  t.set(
    'acl_check_cmd',
    libFunction('acl_check_cmd', (args) => {
      const argv = toArgv(args);
      if (argv instanceof LuaTable) throw new LuaError(argv);
      // The default user may run everything: a known command is always permitted.
      if (!host.commandExists(argv)) raise('Invalid command passed to redis.acl_check_cmd()');
      return [true];
    }),
  );
  if (options.evalExtras) {
    // Outside the debugger (which redis-stub does not have) these do nothing, as in Redis.
    t.set(
      'breakpoint',
      libFunction('breakpoint', () => [false]),
    );
    t.set(
      'debug',
      libFunction('debug', () => []),
    );
    t.set(
      'replicate_commands',
      libFunction('replicate_commands', () => [true]),
    );
  }
  return t;
}

/**
 * Redis 7's global `pcall` (luaRedisPcall): Lua's pcall, except that an error table with a
 * string (or number) `err` is handed back as that message, as scripts written for Redis 6 expect.
 * With no arguments it calls its own placeholder `true`, as the C code does.
 */
export const redisPcall: LuaFunction = libFunction('pcall', (args) => {
  if (args.length === 0) return [false, 'attempt to call a boolean value'];
  const r = R.pcall(args);
  if (r[0] === false) {
    const e = r[1];
    if (e instanceof LuaTable) {
      const msg = R.index(e, 'err');
      if (typeof msg === 'string' || typeof msg === 'number') return [false, msg];
      // The C code leaves the field it read on the stack when it is not a string: a third result.
      return [false, e, msg];
    }
  }
  return r;
});

/** luaSetErrorMetatable's __index: reading a missing name is an error. */
export function errorMetatable(): LuaTable {
  const mt = new LuaTable();
  mt.set(
    '__index',
    libFunction('__index', (args) => {
      const name = toLuaString(args[1]);
      if (name === undefined) throw new R.LuaLibraryError('Second argument to luaProtectedTableError must be a string or number');
      throw new R.LuaLibraryError(`Script attempted to access nonexistent global variable '${name}'`);
    }),
  );
  return mt;
}
