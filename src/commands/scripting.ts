/**
 * EVAL, EVALSHA, EVAL_RO, EVALSHA_RO and SCRIPT (Redis 7.0's eval.c). The script cache, the Lua
 * state and the run itself are the engine's (engine/scripting.ts).
 */
import type { Bytes } from '../bytes.js';
import { CommandError, NOT_INTEGER, OOM } from '../errors.js';
import { ErrorReply, OK, type Reply } from '../reply.js';
import type { Session } from '../engine/session.js';
import { feedMonitors } from '../engine/monitor.js';
import { asciiLower } from '../bytes.js';
import { NOSCRIPT, NOTBUSY, scriptingOf } from '../engine/scripting.js';
import { parseInt64 } from '../numbers.js';
import { isKeyword } from './args.js';
import { helpReply } from './help.js';
import type { CommandDef } from './spec.js';

/**
 * The numkeys argument of EVAL and FCALL: keys and arguments after it. `badNumber` is the error
 * for a non-integer (EVAL replies as getLongLongFromObjectOrReply, FCALL with its own text).
 */
export function splitKeys(argv: Bytes[], badNumber = NOT_INTEGER): [Bytes[], Bytes[]] {
  const n = parseInt64(argv[2]!);
  if (n === undefined) throw new CommandError(badNumber);
  const numkeys = Number(n);
  if (numkeys > argv.length - 3) throw new CommandError("ERR Number of keys can't be greater than number of args");
  if (numkeys < 0) throw new CommandError("ERR Number of keys can't be negative");
  return [argv.slice(3, 3 + numkeys), argv.slice(3 + numkeys)];
}

/** evalGenericCommand (with evalCommand's and evalShaCommand's preliminaries). */
function evalGeneric(c: Session, argv: Bytes[], evalsha: boolean, readOnly: boolean): Reply {
  const scripting = scriptingOf(c.engine);
  const scriptOom = scripting.outOfMemory();
  // processCommand refuses a script whose shebang flags make it a memory-growing command.
  if (scriptOom && scripting.evalDeniedOnOom(argv[1]!, evalsha)) return new ErrorReply(OOM);
  // EVAL is flagged skip_monitor: it feeds monitors itself, so its line comes before its commands'.
  feedMonitors(c, c.db.id, argv);
  if (evalsha && argv[1]!.length !== 40) return new ErrorReply(NOSCRIPT);
  const [keys, args] = splitKeys(argv);
  let sha: string;
  let script;
  if (evalsha) {
    sha = asciiLower(argv[1]!);
    script = scripting.script(sha);
    if (script === undefined) return new ErrorReply(NOSCRIPT);
  } else {
    const created = scripting.createScript(argv[1]!);
    if (typeof created === 'string') return new ErrorReply(created);
    sha = created.sha;
    script = created.script;
  }
  const refused = scripting.prepareError(script.flags, readOnly, scriptOom);
  if (refused !== undefined) return new ErrorReply(refused);
  return scripting.runScript(c, script, sha, keys, args, readOnly, scriptOom);
}

const SCRIPT_HELP = [
  'DEBUG (YES|SYNC|NO)',
  '    Set the debug mode for subsequent scripts executed.',
  'EXISTS <sha1> [<sha1> ...]',
  '    Return information about the existence of the scripts in the script cache.',
  'FLUSH [ASYNC|SYNC]',
  '    Flush the Lua scripts cache. Very dangerous on replicas.',
  '    When called without the optional mode argument, the behavior is determined by the',
  '    lazyfree-lazy-user-flush configuration directive. Valid modes are:',
  '    * ASYNC: Asynchronously flush the scripts cache.',
  '    * SYNC: Synchronously flush the scripts cache.',
  'KILL',
  '    Kill the currently executing Lua script.',
  'LOAD <script>',
  '    Load a script into the scripts cache without executing it.',
];

function scriptFlush(c: Session, argv: Bytes[]): Reply {
  const ok = argv.length === 2 || (argv.length === 3 && (isKeyword(argv[2]!, 'SYNC') || isKeyword(argv[2]!, 'ASYNC')));
  if (!ok) throw new CommandError('ERR SCRIPT FLUSH only support SYNC|ASYNC option');
  scriptingOf(c.engine).flushScripts();
  return OK;
}

function scriptExists(c: Session, argv: Bytes[]): Reply {
  const scripting = scriptingOf(c.engine);
  const out: Reply[] = [];
  for (let i = 2; i < argv.length; i++) out.push(scripting.script(argv[i]!) === undefined ? 0 : 1);
  return out;
}

function scriptLoad(c: Session, argv: Bytes[]): Reply {
  const created = scriptingOf(c.engine).createScript(argv[2]!);
  if (typeof created === 'string') return new ErrorReply(created);
  return created.sha;
}

/** SCRIPT DEBUG: redis-stub has no Lua debugger (LDB), so only NO is accepted. */
function scriptDebug(_c: Session, argv: Bytes[]): Reply {
  const mode = argv[2]!;
  if (isKeyword(mode, 'NO')) return OK;
  if (isKeyword(mode, 'YES') || isKeyword(mode, 'SYNC')) throw new CommandError('ERR SCRIPT DEBUG YES/SYNC is not supported: redis-stub has no Lua debugger');
  throw new CommandError('ERR Use SCRIPT DEBUG YES/SYNC/NO');
}

export const scriptingCommands: CommandDef[] = [
  { name: 'eval', handler: (c, argv) => evalGeneric(c, argv, false, false) },
  { name: 'evalsha', handler: (c, argv) => evalGeneric(c, argv, true, false) },
  { name: 'eval_ro', handler: (c, argv) => evalGeneric(c, argv, false, true) },
  { name: 'evalsha_ro', handler: (c, argv) => evalGeneric(c, argv, true, true) },
  { name: 'script|help', handler: () => helpReply('script', SCRIPT_HELP) },
  { name: 'script|flush', handler: scriptFlush },
  { name: 'script|exists', handler: scriptExists },
  { name: 'script|load', handler: scriptLoad },
  { name: 'script|kill', handler: () => new ErrorReply(NOTBUSY) },
  { name: 'script|debug', handler: scriptDebug, missing: ['YES', 'SYNC'] },
];
