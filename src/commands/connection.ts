/** Connection commands: PING, ECHO, SELECT, QUIT, HELLO, RESET, CLIENT ... */
import { CommandError, DB_INDEX_OUT_OF_RANGE } from '../errors.js';
import { OK, PONG, type Reply } from '../reply.js';
import type { Session } from '../engine/session.js';
import type { CommandDef } from './spec.js';
import { intArg } from './args.js';

function ping(c: Session, argv: string[]): Reply {
  if (argv.length > 2) throw new CommandError("ERR wrong number of arguments for 'ping' command");
  return argv.length === 2 ? argv[1]! : PONG;
}

function echo(_c: Session, argv: string[]): Reply {
  return argv[1]!;
}

function select(c: Session, argv: string[]): Reply {
  const index = intArg(argv[1]!);
  if (index < 0 || index >= c.engine.databases.length) throw new CommandError(DB_INDEX_OUT_OF_RANGE);
  c.db = c.engine.databases[index]!;
  return OK;
}

function quit(c: Session): Reply {
  c.onClose?.();
  return OK;
}

export const connectionCommands: CommandDef[] = [
  { name: 'ping', handler: ping },
  { name: 'echo', handler: echo },
  { name: 'select', handler: select },
  { name: 'quit', handler: quit },
];
