/** String commands (Redis's t_string.c). */
import { CommandError, WRONGTYPE } from '../errors.js';
import { OK, type Reply } from '../reply.js';
import type { Session } from '../engine/session.js';
import type { CommandDef } from './spec.js';

function get(c: Session, argv: string[]): Reply {
  const e = c.db.lookupRead(argv[1]!);
  if (e === undefined) return null;
  if (typeof e.value !== 'string') throw new CommandError(WRONGTYPE);
  return e.value;
}

function set(c: Session, argv: string[]): Reply {
  c.db.setKey(argv[1]!, argv[2]!);
  return OK;
}

export const stringCommands: CommandDef[] = [
  { name: 'get', handler: get },
  { name: 'set', handler: set },
];
