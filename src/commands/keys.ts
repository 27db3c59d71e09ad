/** Keyspace commands (Redis's db.c and expire.c). */
import type { Reply } from '../reply.js';
import type { Session } from '../engine/session.js';
import type { CommandDef } from './spec.js';

function del(c: Session, argv: string[]): Reply {
  let n = 0;
  for (let i = 1; i < argv.length; i++) if (c.db.delete(argv[i]!)) n++;
  return n;
}

export const keyCommands: CommandDef[] = [{ name: 'del', handler: del }];
