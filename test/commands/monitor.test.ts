/**
 * MONITOR against the oracle: the same script runs from two connections on the stub and on the
 * oracle while a third monitors; the monitor's lines must match once the clock and the peer
 * addresses are written as placeholders (each checked on its own).
 */
import { createConnection } from 'node:net';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { Session } from '../../src/engine/session.js';
import { encodeCommand, ReplyParser } from '../../src/protocol/resp.js';
import { ErrorReply, OK, StatusReply, type Reply } from '../../src/reply.js';
import { catrepr } from '../../src/engine/monitor.js';
import { oraclePort } from '../support/oracle.js';
import { oracleClients, sleep, type Step, stepArgv, stubClients } from '../support/two-clients.js';

const LINE = /^(\d+)\.(\d{6}) \[(\d+) ([^\]]+)\] (.*)$/;

/** A line with its time and peer replaced: `[db <peer>] "args"`, peer as `c1`/`c2`. */
function normalize(line: string, peers: Map<string, string>): string {
  const m = LINE.exec(line);
  if (!m) return `unparsed: ${line}`;
  return `[${m[3]} ${peers.get(m[4]!) ?? m[4]}] ${m[5]}`;
}

function runOnStub(steps: Step[], engine = new Engine({ activeExpire: false })): { lines: string[]; replies: Reply[] } {
  const monitor = new Session(engine);
  const lines: string[] = [];
  monitor.onMonitor = (line) => lines.push(line);
  expect(monitor.execute(['MONITOR'])).toBe(OK);
  const { conns, peers } = stubClients(engine);
  const replies: Reply[] = [];
  for (const step of steps) {
    const { conn, argv } = stepArgv(step);
    replies.push(conns[conn].execute(argv));
  }
  engine.close();
  return { lines: lines.map((l) => normalize(l, peers)), replies };
}

/** A raw monitor connection on the oracle: every status line it receives after MONITOR's OK. */
async function oracleMonitor(port: number): Promise<{ lines: string[]; close: () => void }> {
  const socket = createConnection({ host: '127.0.0.1', port });
  const lines: string[] = [];
  let ok: () => void;
  const started = new Promise<void>((resolve) => (ok = resolve));
  const parser = new ReplyParser((r) => {
    if (r instanceof StatusReply && r.value === 'OK' && lines.length === 0) ok();
    else if (r instanceof StatusReply) lines.push(r.value);
  });
  socket.on('data', (chunk) => parser.feed(chunk));
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.write(encodeCommand(['MONITOR']));
  await started;
  return { lines, close: () => socket.destroy() };
}

async function runOnOracle(port: number, steps: Step[]): Promise<string[]> {
  const { conns, peers, close } = await oracleClients(port);
  await conns[1].sendAll([['FLUSHALL'], ['CONFIG', 'RESETSTAT']]);
  const monitor = await oracleMonitor(port);
  try {
    for (const step of steps) {
      const { conn, argv, blocks } = stepArgv(step);
      const reply = conns[conn].send(argv);
      if (blocks) await sleep(30);
      else await reply;
    }
    await sleep(50);
    return monitor.lines.map((l) => normalize(l, peers));
  } finally {
    monitor.close();
    await close();
  }
}

async function sameAsOracle(steps: Step[]): Promise<string[]> {
  const stub = runOnStub(steps).lines;
  const port = oraclePort();
  if (port !== undefined) expect(stub).toEqual(await runOnOracle(port, steps));
  return stub;
}

describe('MONITOR', () => {
  it('shows commands after they ran, with the db selected after, arguments escaped', async () => {
    const lines = await sameAsOracle([
      [1, 'SET', 'k', 'v'],
      [1, 'GET', 'k'],
      [1, 'SELECT', '1'],
      [2, 'SET', 'bin', '1\n\x01"\\ \xe9\t\r\x07\x08\x7f'],
      [1, 'PING'],
      [2, 'ECHO', ''],
      [1, 'SELECT', '0'],
      [1, 'QUIT'],
    ]);
    expect(lines[2]).toBe('[1 c1] "SELECT" "1"');
  });

  it('leaves out rejected, administrative and skip_monitor commands', async () => {
    await sameAsOracle([
      [1, 'NOSUCH', 'a'],
      [1, 'GET'],
      [1, 'CONFIG', 'GET', 'hz'],
      [1, 'CLIENT', 'ID'],
      [1, 'CLIENT', 'LIST'],
      [1, 'CLIENT', 'GETNAME'],
      [1, 'SLOWLOG', 'LEN'],
      [1, 'SLOWLOG', 'HELP'],
      [1, 'DEBUG', 'SLEEP', '0'],
      [1, 'MONITOR', 'x'],
      [1, 'INFO', 'server'],
      [1, 'DBSIZE'],
      [1, 'FLUSHALL'],
    ]);
  });

  it('redacts AUTH and HELLO AUTH credentials, whatever the outcome', async () => {
    await sameAsOracle([
      [1, 'AUTH', 'pw'],
      [1, 'AUTH', 'user', 'pw'],
      [1, 'AUTH', 'a', 'b', 'c'],
      [1, 'HELLO', '3', 'AUTH', 'u', 'p'],
      [1, 'HELLO', '2', 'SETNAME', 'x', 'AUTH', 'default', 'p'],
      [1, 'HELLO', '2', 'AUTH', 'default'],
      [1, 'HELLO', 'x', 'AUTH', 'u', 'p'],
      [1, 'HELLO', '2'],
    ]);
  });

  it('shows EVAL and FCALL first, then their scripts’ commands from `lua` in the db they ran in', async () => {
    await sameAsOracle([
      [1, 'EVAL', "redis.call('set','a','1') redis.call('select','5') return redis.call('get','a')", '1', 'a'],
      [1, 'EVALSHA', 'abc', '0'],
      [1, 'EVAL', 'return 1', 'x'],
      [1, 'FUNCTION', 'LOAD', 'REPLACE', "#!lua name=montest\nredis.register_function('mf', function() return redis.call('ping') end)"],
      [2, 'SELECT', '2'],
      [2, 'FCALL', 'mf', '0'],
      [2, 'FCALL', 'nosuch', '0'],
      [1, 'FUNCTION', 'DELETE', 'montest'],
    ]);
  });

  it('shows a transaction when EXEC runs it: the queued commands, then EXEC', async () => {
    await sameAsOracle([
      [1, 'MULTI'],
      [1, 'SET', 'x', '1'],
      [1, 'INCR', 'x'],
      [2, 'GET', 'x'],
      [1, 'CLIENT', 'ID'],
      [1, 'CONFIG', 'GET', 'hz'],
      [1, 'SELECT', '2'],
      [1, 'MONITOR'],
      [1, 'EXEC'],
      [1, 'MULTI'],
      [1, 'GET'],
      [1, 'EXEC'],
      [1, 'MULTI'],
      [1, 'DISCARD'],
      [1, 'EXEC'],
    ]);
  });

  it('shows a blocking command once, when it blocks, and not when it is served', async () => {
    await sameAsOracle([
      ['blocks', 1, 'BLPOP', 'l', '0'],
      [2, 'RPUSH', 'l', 'a', 'b'],
      [1, 'BLPOP', 'l', '0'],
      ['blocks', 1, 'XREAD', 'BLOCK', '0', 'STREAMS', 's', '$'],
      [2, 'XADD', 's', '1-1', 'f', 'v'],
    ]);
  });

  it('writes the engine clock as seconds.micros and the session address', () => {
    const engine = new Engine({ activeExpire: false });
    engine.useManualClock(1700000000123.456);
    const monitor = new Session(engine);
    const lines: string[] = [];
    monitor.onMonitor = (line) => lines.push(line);
    monitor.execute(['MONITOR']);
    const c = new Session(engine);
    c.execute(['SET', 'k', '1']);
    expect(lines).toEqual([`1700000000.123456 [0 ${c.addr}] "SET" "k" "1"`]);
    expect(c.addr).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(new Session(engine).addr).not.toBe(c.addr);
    engine.close();
  });

  it('a monitor sees its own commands, may not touch keys, and stops on RESET', () => {
    const engine = new Engine({ activeExpire: false });
    const monitor = new Session(engine);
    const lines: string[] = [];
    monitor.onMonitor = (line) => lines.push(line.replace(/^\S+ /, ''));
    monitor.execute(['MONITOR']);
    expect(monitor.execute(['PING'])).toEqual(new StatusReply('PONG'));
    expect(monitor.execute(['SET', 'k', 'v'])).toEqual(new ErrorReply("ERR Replica can't interact with the keyspace"));
    expect(monitor.execute(['GET', 'k'])).toEqual(new ErrorReply("ERR Replica can't interact with the keyspace"));
    expect(monitor.execute(['PUBLISH', 'c', 'm'])).toEqual(new ErrorReply("ERR Replica can't interact with the keyspace"));
    const list = String((monitor.execute(['CLIENT', 'INFO']) as { text: string }).text);
    expect(list).toContain(' flags=O ');
    monitor.execute(['RESET']);
    new Session(engine).execute(['GET', 'after']);
    expect(lines).toEqual([`[0 ${monitor.addr}] "PING"`, `[0 ${monitor.addr}] "CLIENT" "INFO"`]);
    expect(engine.monitors).toEqual([]);
    engine.close();
  });

  it('a closed monitor leaves the engine', () => {
    const engine = new Engine({ activeExpire: false });
    const monitor = new Session(engine);
    monitor.execute(['MONITOR']);
    expect(engine.monitors).toEqual([monitor]);
    monitor.close();
    expect(engine.monitors).toEqual([]);
    engine.close();
  });

  it('escapes as sdscatrepr', () => {
    expect(catrepr('a"b\\c\n\r\t\x07\x08\x00\x7f\xff ~')).toBe('"a\\"b\\\\c\\n\\r\\t\\a\\b\\x00\\x7f\\xff ~"');
  });
});
