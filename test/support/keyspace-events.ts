/**
 * Keyspace events of a script, on the oracle and on the stub, as [event, key] in publication order,
 * with notify-keyspace-events KEAm (every class and key misses).
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
export async function oracleKeyEvents(script: Script): Promise<string[][] | undefined> {
  const conn = await oracleConnection();
  const port = oraclePort();
  if (!conn || port === undefined) return undefined;
  await runOnOracle(conn, [['CONFIG', 'SET', 'notify-keyspace-events', 'KEAm']]);
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
    .map((m) => [m[2]!.replace(/^__keyevent@\d+__:/, ''), m[3]!]);
}

/** The same, from a fresh stub engine's notification hook. */
export function stubKeyEvents(script: Script): string[][] {
  const engine = new Engine({ activeExpire: false, config: { 'notify-keyspace-events': 'KEAm' } });
  const events: string[][] = [];
  engine.keyspaceListener = (_type, event, key) => events.push([event, key]);
  const s = new Session(engine);
  for (const argv of script) s.execute(argv);
  engine.close();
  return events;
}
