/**
 * FUNCTION LOAD / LIST / DELETE / FLUSH / DUMP / RESTORE / STATS / KILL / HELP, FCALL and FCALL_RO
 * (Redis 7.0's functions.c). Libraries, their Lua state and the runs are the engine's
 * (engine/scripting.ts); payloads are function-payload.ts's.
 */
import type { Bytes } from '../bytes.js';
import { CommandError, OOM, subcommandSyntax } from '../errors.js';
import { ErrorReply, MapReply, OK, type Reply, SetReply, StatusReply } from '../reply.js';
import type { Session } from '../engine/session.js';
import { feedMonitors } from '../engine/monitor.js';
import { LibraryCtx, NOTBUSY, SCRIPT_FLAGS, scriptDeniedOnOom, scriptingOf } from '../engine/scripting.js';
import {
  dumpFunctions,
  PayloadReader,
  RDB_OPCODE_FUNCTION2,
  RDB_OPCODE_FUNCTION_PRE_GA,
  verifyPayload,
} from '../engine/function-payload.js';
import { globMatch } from '../glob.js';
import { isKeyword } from './args.js';
import { helpReply } from './help.js';
import { splitKeys } from './scripting.js';
import type { CommandDef } from './spec.js';

/** A C string: "%s" stops at a NUL. */
function cString(s: Bytes): Bytes {
  const nul = s.indexOf('\0');
  return nul < 0 ? s : s.slice(0, nul);
}

/** fcallCommandGeneric. */
function fcallGeneric(c: Session, argv: Bytes[], readOnly: boolean): Reply {
  const scripting = scriptingOf(c.engine);
  const scriptOom = scripting.outOfMemory();
  const f = scripting.function(argv[1]!);
  // processCommand refuses a function whose flags make FCALL a memory-growing command.
  if (scriptOom && f !== undefined && scriptDeniedOnOom(f.flags)) return new ErrorReply(OOM);
  // Functions are fed to monitors before the commands they run.
  feedMonitors(c, c.db.id, argv);
  if (f === undefined) throw new CommandError('ERR Function not found');
  const [keys, args] = splitKeys(argv, 'ERR Bad number of keys provided');
  const refused = scripting.prepareError(f.flags, readOnly, scriptOom);
  if (refused !== undefined) return new ErrorReply(refused);
  return scripting.runFunction(c, f, keys, args, readOnly, scriptOom);
}

function functionLoad(c: Session, argv: Bytes[]): Reply {
  let replace = false;
  let pos = 2;
  while (pos < argv.length - 1) {
    const arg = argv[pos++]!;
    if (isKeyword(arg, 'REPLACE')) {
      replace = true;
      continue;
    }
    throw new CommandError(`ERR Unknown option given: ${cString(arg)}`);
  }
  if (pos >= argv.length) throw new CommandError('ERR Function code is missing');
  const scripting = scriptingOf(c.engine);
  const r = scripting.createLibrary(argv[pos]!, replace, scripting.libraries);
  if ('error' in r) return new ErrorReply(r.error);
  c.engine.dirty++;
  return r.name;
}

function functionList(c: Session, argv: Bytes[]): Reply {
  let withCode = false;
  let pattern: Bytes | undefined;
  for (let i = 2; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!withCode && isKeyword(arg, 'WITHCODE')) {
      withCode = true;
      continue;
    }
    if (pattern === undefined && isKeyword(arg, 'LIBRARYNAME')) {
      if (i >= argv.length - 1) throw new CommandError('ERR library name argument was not given');
      pattern = argv[++i]!;
      continue;
    }
    throw new CommandError(`ERR Unknown argument ${cString(arg)}`);
  }
  const out: Reply[] = [];
  for (const lib of scriptingOf(c.engine).libraries.libraries.values()) {
    if (pattern !== undefined && !globMatch(pattern, lib.name, true)) continue;
    const functions: Reply[] = [];
    for (const f of lib.functions.values()) {
      const flags: Reply[] = [];
      for (const [name, bit] of SCRIPT_FLAGS) if (f.flags & bit) flags.push(new StatusReply(name));
      functions.push(new MapReply(['name', f.name, 'description', f.description ?? null, 'flags', new SetReply(flags)]));
    }
    const entries: Reply[] = ['library_name', lib.name, 'engine', 'LUA', 'functions', functions];
    if (withCode) entries.push('library_code', lib.code);
    out.push(new MapReply(entries));
  }
  return out;
}

function functionDelete(c: Session, argv: Bytes[]): Reply {
  const scripting = scriptingOf(c.engine);
  const lib = scripting.libraries.libraries.get(argv[2]!);
  if (lib === undefined) throw new CommandError('ERR Library not found');
  scripting.libraries.unlink(lib);
  c.engine.dirty++;
  return OK;
}

function functionFlush(c: Session, argv: Bytes[]): Reply {
  if (argv.length > 3) throw new CommandError(subcommandSyntax('function', argv[1]!));
  const ok = argv.length === 2 || isKeyword(argv[2]!, 'SYNC') || isKeyword(argv[2]!, 'ASYNC');
  if (!ok) throw new CommandError('ERR FUNCTION FLUSH only supports SYNC|ASYNC option');
  scriptingOf(c.engine).flushFunctions();
  c.engine.dirty++;
  return OK;
}

function functionDump(c: Session): Reply {
  const libraries = scriptingOf(c.engine).libraries.libraries.values();
  return dumpFunctions(
    [...libraries].map((l) => l.code),
    c.engine.config.get('rdbcompression') === 'yes',
  );
}

function functionRestore(c: Session, argv: Bytes[]): Reply {
  if (argv.length > 4) throw new CommandError(subcommandSyntax('function', argv[1]!));
  let policy: 'append' | 'replace' | 'flush' = 'append';
  if (argv.length === 4) {
    const p = argv[3]!;
    if (isKeyword(p, 'APPEND')) policy = 'append';
    else if (isKeyword(p, 'REPLACE')) policy = 'replace';
    else if (isKeyword(p, 'FLUSH')) policy = 'flush';
    else throw new CommandError('ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.');
  }
  const data = argv[2]!;
  if (!verifyPayload(data)) throw new CommandError('ERR DUMP payload version or checksum are wrong');
  const scripting = scriptingOf(c.engine);
  const ctx = new LibraryCtx();
  const reader = new PayloadReader(data);
  while (data.length - reader.pos > 10) {
    const type = reader.type();
    if (type === undefined) throw new CommandError('ERR can not read data type');
    if (type !== RDB_OPCODE_FUNCTION2 && type !== RDB_OPCODE_FUNCTION_PRE_GA) throw new CommandError('ERR given type is not a function');
    const code = readLibrary(reader, type);
    if (typeof code !== 'string') throw new CommandError(`ERR ${code.error}`);
    const r = scripting.createLibrary(code, false, ctx, 0);
    if ('error' in r) return new ErrorReply(r.error);
  }
  if (policy === 'flush') scripting.libraries = ctx;
  else {
    const error = scripting.libraries.join(ctx, policy === 'replace');
    if (error !== undefined) return new ErrorReply(error);
  }
  c.engine.dirty++;
  return OK;
}

/**
 * rdbFunctionLoad: a library's code. The 7.0 release candidates' format (RDB_OPCODE_FUNCTION)
 * stored the name, engine, an optional description and the code apart; it becomes the GA payload.
 */
function readLibrary(reader: PayloadReader, type: number): Bytes | { error: string } {
  if (type === RDB_OPCODE_FUNCTION2) return reader.string() ?? { error: 'Failed loading library payload' };
  const name = reader.string();
  if (name === undefined) return { error: 'Failed loading library name' };
  const engine = reader.string();
  if (engine === undefined) return { error: 'Failed loading engine name' };
  const hasDescription = reader.length();
  if (hasDescription === undefined) return { error: 'Failed loading library description indicator' };
  if (hasDescription !== 0 && reader.string() === undefined) return { error: 'Failed loading library description' };
  const blob = reader.string();
  if (blob === undefined) return { error: 'Failed loading library blob' };
  return `#!${cString(engine)} name=${cString(name)}\n${cString(blob)}`;
}

function functionStats(c: Session): Reply {
  const ctx = scriptingOf(c.engine).libraries;
  let functions = 0;
  for (const lib of ctx.libraries.values()) functions += lib.functions.size;
  // Nothing else runs while a script does, so no script is ever running when this is asked.
  return new MapReply([
    'running_script',
    null,
    'engines',
    new MapReply(['LUA', new MapReply(['libraries_count', ctx.libraries.size, 'functions_count', functions])]),
  ]);
}

const FUNCTION_HELP = [
  'LOAD [REPLACE] <FUNCTION CODE>',
  '    Create a new library with the given library name and code.',
  'DELETE <LIBRARY NAME>',
  '    Delete the given library.',
  'LIST [LIBRARYNAME PATTERN] [WITHCODE]',
  '    Return general information on all the libraries:',
  '    * Library name',
  '    * The engine used to run the Library',
  '    * Library description',
  '    * Functions list',
  '    * Library code (if WITHCODE is given)',
  '    It also possible to get only function that matches a pattern using LIBRARYNAME argument.',
  'STATS',
  '    Return information about the current function running:',
  '    * Function name',
  '    * Command used to run the function',
  '    * Duration in MS that the function is running',
  '    If no function is running, return nil',
  '    In addition, returns a list of available engines.',
  'KILL',
  '    Kill the current running function.',
  'FLUSH [ASYNC|SYNC]',
  '    Delete all the libraries.',
  '    When called without the optional mode argument, the behavior is determined by the',
  '    lazyfree-lazy-user-flush configuration directive. Valid modes are:',
  '    * ASYNC: Asynchronously flush the libraries.',
  '    * SYNC: Synchronously flush the libraries.',
  'DUMP',
  '    Return a serialized payload representing the current libraries, can be restored using FUNCTION RESTORE command',
  'RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]',
  '    Restore the libraries represented by the given payload, it is possible to give a restore policy to',
  '    control how to handle existing libraries (default APPEND):',
  '    * FLUSH: delete all existing libraries.',
  '    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.',
  '    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old',
  '      libraries with the new libraries (notice that even on this option there is a chance of failure',
  '      in case of functions name collision with another library).',
];

export const functionCommands: CommandDef[] = [
  { name: 'fcall', handler: (c, argv) => fcallGeneric(c, argv, false) },
  { name: 'fcall_ro', handler: (c, argv) => fcallGeneric(c, argv, true) },
  { name: 'function|load', handler: functionLoad },
  { name: 'function|list', handler: functionList },
  { name: 'function|delete', handler: functionDelete },
  { name: 'function|flush', handler: functionFlush },
  { name: 'function|dump', handler: functionDump },
  { name: 'function|restore', handler: functionRestore },
  { name: 'function|stats', handler: functionStats },
  { name: 'function|kill', handler: () => new ErrorReply(NOTBUSY) },
  { name: 'function|help', handler: () => helpReply('function', FUNCTION_HELP) },
];
