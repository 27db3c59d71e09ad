/**
 * MONITOR (Redis 7.0's monitorCommand): the session starts receiving every command other sessions
 * run (src/engine/monitor.ts feeds it through Session.onMonitor).
 *
 * One difference: a second MONITOR on a session that already monitors gets no reply at all from
 * Redis; here it answers OK, since a reply that never comes cannot be represented.
 */
import { CommandError, MONITOR_DENY_BLOCKING } from '../errors.js';
import { OK, type Reply } from '../reply.js';
import type { Session } from '../engine/session.js';
import { addMonitor } from '../engine/monitor.js';
import type { CommandDef } from './spec.js';

function monitor(c: Session): Reply {
  // A client that expects one reply per command (inside EXEC) cannot turn into a stream of lines.
  if (c.denyBlocking) throw new CommandError(MONITOR_DENY_BLOCKING);
  if (!c.monitoring) addMonitor(c);
  return OK;
}

export const monitorCommands: CommandDef[] = [{ name: 'monitor', handler: monitor }];
