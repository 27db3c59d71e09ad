/**
 * ioredis 5's monitor mode (Redis.monitor, event_handler.ts's readyHandler, DataHandler's
 * handleMonitorReply). `redis.monitor()` resolves a NEW client, a duplicate with
 * `{ monitor: true, lazyConnect: false }`, once it emits `monitoring`. When that client is ready
 * it sends MONITOR and nothing else: every command but MONITOR and AUTH rejects, and each line the
 * server feeds becomes `monitor(time, args, source, database)`.
 */
import { toUtf8 } from '../bytes.js';
import type { Session } from '../engine/session.js';
import { ErrorReply } from '../reply.js';
import { asCallback, type Callback } from './callback.js';
import { Command } from './command.js';
import type { Connection, RedisStatus } from './connection.js';
import { ReplyError } from './reply-error.js';

export const MONITOR_MODE = "Connection is in monitoring mode, can't process commands.";

/** What a client needs to be duplicated into a monitor. */
interface Duplicable {
  duplicate(override: { monitor: boolean; lazyConnect: boolean }): Connection;
}

/** Redis.monitor(callback?): the monitoring duplicate, once it is `monitoring`. */
export function monitor<T extends Connection>(redis: Duplicable, callback?: Callback<T>): Promise<T> {
  const instance = redis.duplicate({ monitor: true, lazyConnect: false }) as T;
  const promise = new Promise<T>((resolve, reject) => {
    instance.once('error', reject);
    instance.once('monitoring', () => resolve(instance));
  });
  return asCallback(promise, callback);
}

/** ioredis's override of sendCommand in monitor mode: the Error a command rejects with, if any. */
export function refusedInMonitorMode(name: string): Error | undefined {
  return Command.checkFlag('VALID_IN_MONITOR_MODE', name) ? undefined : new Error(MONITOR_MODE);
}

/**
 * readyHandler with `monitor: true`: MONITOR on the session, then status `monitoring` once its
 * reply is read. Lines reach `monitor` listeners on the next tick (never inside the command that
 * produced them), as from a socket; until `monitoring` they are dropped (ioredis would take them
 * for replies). The mode ends with the connection's `close`.
 */
export function startMonitor(conn: Connection, session: Session, setStatus: (status: RedisStatus) => void): void {
  conn.monitorMode = true;
  let lines: string[] = [];
  session.onMonitor = (line) => {
    lines.push(line);
    if (lines.length === 1) process.nextTick(deliver);
  };
  const deliver = (): void => {
    const batch = lines;
    lines = [];
    if ((conn.status as string) !== 'monitoring') return;
    for (const line of batch) conn.emit('monitor', ...parseMonitorLine(line));
  };
  const reply = session.execute(['monitor']);
  conn.once('close', () => {
    conn.monitorMode = false;
    session.onMonitor = undefined;
  });
  Promise.resolve().then(() => {
    if (reply instanceof ErrorReply) conn.emit('error', new ReplyError(toUtf8(reply.message)));
    else if (conn.monitorMode) setStatus('monitoring' as RedisStatus);
  });
}

/**
 * handleMonitorReply's parsing, naive as it is: arguments split on `" "` with only `\"`
 * unescaped (other escapes stay as Redis wrote them); source and database as strings.
 */
export function parseMonitorLine(line: string): [time: string, args: string[], source: string, database: string] {
  const len = line.indexOf(' ');
  const timestamp = line.slice(0, len);
  const argIndex = line.indexOf('"');
  const args = line
    .slice(argIndex + 1, -1)
    .split('" "')
    .map((elem) => elem.replace(/\\"/g, '"'));
  const dbAndSource = line.slice(len + 2, argIndex - 2).split(' ');
  return [timestamp, args, dbAndSource[1]!, dbAndSource[0]!];
}
