/**
 * What Redis 7.0's call() does after a command ran, besides stats: the slow log entry and the
 * MONITOR feed, both with the command's redacted arguments (AUTH and HELLO's AUTH hide their
 * credentials through Session.redact, as redactClientCommandArgument).
 */
import type { Bytes } from '../bytes.js';
import { type Command, Flag } from '../commands/spec.js';
import { feedMonitors } from './monitor.js';
import type { Session } from './session.js';

const REDACTED = '(redacted)';

/** A blocked command's slow log entry waits for its reply (updateStatsOnUnblock). */
export interface PendingSlowlog {
  argv: Bytes[];
  durationUs: number;
}

/** Logs the call of `command` with `argv` that took `durationUs`; `blocked` when it is still waiting. */
export function logCall(c: Session, command: Command, argv: Bytes[], durationUs: number, blocked: boolean): void {
  let logged = argv;
  const redacted = c.redacted;
  if (redacted !== undefined) {
    logged = argv.slice();
    for (const i of redacted) if (i < logged.length) logged[i] = REDACTED;
    c.redacted = undefined;
  }
  if (!(command.flags & Flag.SkipSlowlog)) {
    // A blocked command is logged once it is answered, with the peer and name of that moment.
    if (blocked) c.pendingSlowlog = { argv: logged, durationUs };
    else c.engine.slowlog.push(c, logged, durationUs);
  }
  // Administrative commands are thought too dangerous to show; the db is the one selected after.
  if (!(command.flags & (Flag.SkipMonitor | Flag.Admin)) && c.engine.monitors.length !== 0) feedMonitors(c, c.db.id, logged);
}

/** The blocked command was answered: its slow log entry, if any, goes in now. */
export function logUnblocked(c: Session): void {
  const pending = c.pendingSlowlog;
  if (pending === undefined) return;
  c.pendingSlowlog = undefined;
  c.engine.slowlog.push(c, pending.argv, pending.durationUs);
}
