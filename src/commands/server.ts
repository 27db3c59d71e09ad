/** Server commands: FLUSHALL, DBSIZE, CONFIG, INFO, COMMAND, DEBUG... (Redis's server.c, config.c, debug.c). */
import { OK, type Reply } from '../reply.js';
import type { Session } from '../engine/session.js';
import type { CommandDef } from './spec.js';

function flushall(c: Session): Reply {
  c.engine.flushAll();
  return OK;
}

function dbsize(c: Session): Reply {
  return c.db.size;
}

export const serverCommands: CommandDef[] = [
  { name: 'flushall', handler: flushall },
  { name: 'dbsize', handler: dbsize },
];
