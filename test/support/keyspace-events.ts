/**
 * Keyspace events of a script, on the oracle and on the stub, as [event, key] (or [event, key, db])
 * in publication order, under the given notify-keyspace-events flags (default KEAm: every class
 * and key misses).
 */
import { createConnection } from 'node:net';
import { Engine } from '../../src/engine/engine.js';
import { Session } from '../../src/engine/session.js';
import { encodeCommand, ReplyParser } from '../../src/protocol/resp.js';
import type { Reply } from '../../src/reply.js';
import { oracleConnection, runOnOracle, type Script } from './differential.js';
import { oraclePort } from './oracle.js';

/**
 * The events Redis publishes while the script runs: a second connection PSUBSCRIBEs to every
 * keyevent channel first. Undefined offline.
 */
export interface EventOptions {
  flags?: string;
  /** Add the database number as a third element (for MOVE, COPY ... DB, SWAPDB). */
  withDb?: boolean;
}

export async function oracleKeyEvents(script: Script, { flags = 'KEAm', withDb = false }: EventOptions = {}): Promise<string[][] | undefined> {
  const conn = await oracleConnection();
  const port = oraclePort();
  if (!conn || port === undefined) return undefined;
  await runOnOracle(conn, [['CONFIG', 'SET', 'notify-keyspace-events', flags]]);
  const messages: Reply[] = [];
  let wake: (() => void) | undefined;
  const parser = new ReplyParser((r) => {
    messages.push(r);
    wake?.();
  });
  const socket = createConnection({ host: '127.0.0.1', port });
  socket.on('data', (chunk) => parser.feed(chunk));
  const until = (done: () => boolean) =>
    new Promise<void>((resolve) => {
      wake = () => done() && resolve();
      wake();
    });
  socket.write(encodeCommand(['PSUBSCRIBE', '__keyevent@*__:*']));
  await until(() => messages.length >= 1);
  await conn.sendAll(script);
  // A PING on the subscriber is answered after every event published before it.
  socket.write(encodeCommand(['PING']));
  await until(() => messages.some((m) => Array.isArray(m) && m[0] === 'pong'));
  socket.destroy();
  await conn.send(['CONFIG', 'SET', 'notify-keyspace-events', '']);
  return messages
    .filter((m): m is string[] => Array.isArray(m) && m[0] === 'pmessage')
    .map((m) => {
      const [, db, event] = /^__keyevent@(\d+)__:(.*)$/s.exec(m[2]!)!;
      return withDb ? [event!, m[3]!, db!] : [event!, m[3]!];
    });
}

/** The same, from a fresh stub engine's notification hook. */
export function stubKeyEvents(script: Script, { flags = 'KEAm', withDb = false }: EventOptions = {}): string[][] {
  const engine = new Engine({ activeExpire: false, config: { 'notify-keyspace-events': flags } });
  const events: string[][] = [];
  engine.keyspaceListener = (_type, event, key, db) => events.push(withDb ? [event, key, String(db)] : [event, key]);
  const s = new Session(engine);
  for (const argv of script) s.execute(argv);
  engine.close();
  return events;
}
