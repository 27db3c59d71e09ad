/**
 * MONITOR's feed (Redis 7.0's replicationFeedMonitors): after a command ran through call(), every
 * monitoring session receives one line, `<unix seconds>.<micros> [<db> <addr>] "arg" "arg" ...`,
 * each argument escaped by sdscatrepr. The line is handed to the monitor's edge through
 * `Session.onMonitor`, synchronously: the edge defers delivery as a socket would.
 */
import type { Bytes } from '../bytes.js';
import type { Session } from './session.js';

/** MONITOR: the session joins the monitors (listAddNodeTail(server.monitors, c)). */
export function addMonitor(s: Session): void {
  s.monitoring = true;
  s.engine.monitors.push(s);
}

/** RESET or a closed connection: the session stops monitoring. */
export function removeMonitor(s: Session): void {
  if (!s.monitoring) return;
  s.monitoring = false;
  const list = s.engine.monitors;
  const i = list.indexOf(s);
  if (i >= 0) list.splice(i, 1);
}

/** sdscatrepr: a double-quoted string with C escapes; bytes outside isprint() as \xHH. */
export function catrepr(s: Bytes): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    switch (c) {
      case 0x5c:
        out += '\\\\';
        break;
      case 0x22:
        out += '\\"';
        break;
      case 0x0a:
        out += '\\n';
        break;
      case 0x0d:
        out += '\\r';
        break;
      case 0x09:
        out += '\\t';
        break;
      case 0x07:
        out += '\\a';
        break;
      case 0x08:
        out += '\\b';
        break;
      default:
        out += c >= 0x20 && c <= 0x7e ? s[i] : `\\x${c.toString(16).padStart(2, '0')}`;
    }
  }
  return `${out}"`;
}

/** `seconds.micros` of the engine clock, as gettimeofday prints with %ld.%06ld. */
function timestamp(ms: number): string {
  const micros = Math.floor(ms * 1000);
  const seconds = Math.floor(micros / 1e6);
  return `${seconds}.${String(micros - seconds * 1e6).padStart(6, '0')}`;
}

/** replicationFeedMonitors: `c` just ran `argv` (already redacted) with `dbId` selected. */
export function feedMonitors(c: Session, dbId: number, argv: readonly Bytes[]): void {
  const list = c.engine.monitors;
  if (list.length === 0) return;
  // A script's commands show `lua` as their source (CLIENT_SCRIPT).
  let line = `${timestamp(c.engine.clock.now())} [${dbId} ${c.scriptClient ? 'lua' : c.addr}]`;
  for (const arg of argv) line += ` ${catrepr(arg)}`;
  // A monitor may stop (or be killed) while we walk: walk a snapshot.
  for (const m of list.slice()) m.onMonitor?.(line);
}
