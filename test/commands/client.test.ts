import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { Session } from '../../src/engine/session.js';
import { BLOCKED, ErrorReply, StatusReply, VerbatimReply } from '../../src/reply.js';
import type { ManualClock } from '../../src/engine/clock.js';
import { expectSameAsOracle, oracleConnection, type Script } from '../support/differential.js';
import { onTheWire } from './resp-view.js';

async function same(script: Script): Promise<void> {
  await expectSameAsOracle(script, onTheWire(script));
}

const OK = new StatusReply('OK');

function fields(line: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of line.trim().split(' ')) {
    const eq = part.indexOf('=');
    out.set(part.slice(0, eq), part.slice(eq + 1));
  }
  return out;
}

describe('CLIENT names', () => {
  it('SETNAME validates, GETNAME reads, an empty name clears', async () => {
    await same([
      ['CLIENT', 'GETNAME'],
      ['CLIENT', 'SETNAME', 'worker-1'],
      ['CLIENT', 'GETNAME'],
      ['CLIENT', 'SETNAME', 'a b'],
      ['CLIENT', 'SETNAME', 'a\nb'],
      ['CLIENT', 'SETNAME', 'caf\xc3\xa9'],
      ['CLIENT', 'SETNAME', '\x7f'],
      ['CLIENT', 'SETNAME', '!~'],
      ['CLIENT', 'GETNAME'],
      ['CLIENT', 'SETNAME', ''],
      ['CLIENT', 'GETNAME'],
      ['CLIENT', 'SETNAME'],
      ['CLIENT', 'SETNAME', 'a', 'b'],
      ['CLIENT', 'GETNAME', 'x'],
      ['client', 'setname', 'x'],
      ['CLIENT', 'getname'],
      ['CLIENT', 'SETNAME', ''],
    ]);
  });
});

describe('CLIENT subcommands', () => {
  it('answer and validate as Redis 7.0', async () => {
    await same([
      ['CLIENT'],
      ['CLIENT', 'FOO'],
      ['CLIENT', 'SETINFO', 'lib-name', 'x'],
      ['CLIENT', 'NO-TOUCH', 'on'],
      ['CLIENT', 'HELP'],
      ['CLIENT', 'HELP', 'x'],
      ['CLIENT', 'ID', 'x'],
      ['CLIENT', 'INFO', 'x'],
      ['CLIENT', 'GETREDIR'],
      ['CLIENT', 'TRACKINGINFO'],
      ['CLIENT', 'NO-EVICT', 'on'],
      ['CLIENT', 'NO-EVICT', 'OFF'],
      ['CLIENT', 'NO-EVICT', 'maybe'],
      ['CLIENT', 'NO-EVICT'],
      ['CLIENT', 'UNBLOCK', '0'],
      ['CLIENT', 'UNBLOCK', '12345', 'TIMEOUT'],
      ['CLIENT', 'UNBLOCK', '12345', 'error'],
      ['CLIENT', 'UNBLOCK', '12345', 'foo'],
      ['CLIENT', 'UNBLOCK', 'abc'],
      ['CLIENT', 'UNBLOCK', 'abc', 'foo'],
      ['CLIENT', 'UNBLOCK', '1', 'timeout', 'x'],
      ['CLIENT', 'UNBLOCK'],
      ['CLIENT', 'PAUSE', '0'],
      ['CLIENT', 'PAUSE', '0', 'write'],
      ['CLIENT', 'PAUSE', '0', 'ALL'],
      ['CLIENT', 'PAUSE', 'abc'],
      ['CLIENT', 'PAUSE', '-1'],
      ['CLIENT', 'PAUSE', '10', 'foo'],
      ['CLIENT', 'PAUSE', 'abc', 'foo'],
      ['CLIENT', 'PAUSE', '10', 'ALL', 'x'],
      ['CLIENT', 'UNPAUSE'],
      ['CLIENT', 'UNPAUSE', 'x'],
      ['CLIENT', 'LIST', 'TYPE', 'foo'],
      ['CLIENT', 'LIST', 'TYPE', 'master'],
      ['CLIENT', 'LIST', 'TYPE', 'replica'],
      ['CLIENT', 'LIST', 'TYPE', 'pubsub'],
      ['CLIENT', 'LIST', 'TYPE'],
      ['CLIENT', 'LIST', 'ID'],
      ['CLIENT', 'LIST', 'ID', 'abc'],
      ['CLIENT', 'LIST', 'ID', '999999', 'abc'],
      ['CLIENT', 'LIST', 'ID', '0', '999999'],
      ['CLIENT', 'LIST', 'FOO'],
      ['CLIENT', 'LIST', 'FOO', 'bar', 'baz'],
    ]);
  });

  it('KILL validates its filters and counts what it would kill', async () => {
    await same([
      ['CLIENT', 'KILL'],
      ['CLIENT', 'KILL', '1.2.3.4:5'],
      ['CLIENT', 'KILL', 'ID'],
      ['CLIENT', 'KILL', 'ID', 'abc'],
      ['CLIENT', 'KILL', 'ID', '0'],
      ['CLIENT', 'KILL', 'ID', '-1'],
      ['CLIENT', 'KILL', 'ID', '999999'],
      ['CLIENT', 'KILL', 'ID', '999999', 'SKIPME'],
      ['CLIENT', 'KILL', 'ID', '999999', 'SKIPME', 'maybe'],
      ['CLIENT', 'KILL', 'ID', '999999', 'SKIPME', 'no'],
      ['CLIENT', 'KILL', 'TYPE', 'foo'],
      ['CLIENT', 'KILL', 'TYPE', 'master'],
      ['CLIENT', 'KILL', 'TYPE', 'replica'],
      ['CLIENT', 'KILL', 'TYPE', 'slave'],
      ['CLIENT', 'KILL', 'TYPE', 'pubsub'],
      ['CLIENT', 'KILL', 'ADDR', '1.2.3.4:5'],
      ['CLIENT', 'KILL', 'LADDR', '1.2.3.4:5'],
      ['CLIENT', 'KILL', 'USER', 'nosuch'],
      ['CLIENT', 'KILL', 'USER', 'nosuch', 'ID', 'x'],
      ['CLIENT', 'KILL', 'ID', 'x', 'USER', 'nosuch'],
      ['CLIENT', 'KILL', 'FOO', 'bar'],
      ['CLIENT', 'KILL', 'ADDR', '1.2.3.4:5', 'TYPE', 'normal', 'LADDR', 'x'],
    ]);
  });

  it('CLIENT INFO has the fields of Redis 7.0 in the same order', async () => {
    const engine = new Engine({ activeExpire: false });
    const c = new Session(engine);
    c.execute(['SELECT', '3']);
    c.execute(['CLIENT', 'SETNAME', 'me']);
    const info = c.execute(['CLIENT', 'INFO']) as VerbatimReply;
    expect(info).toBeInstanceOf(VerbatimReply);
    expect(info.format).toBe('txt');
    expect(info.text.endsWith('\n')).toBe(true);
    const mine = fields(info.text);
    expect(mine.get('id')).toBe(String(c.id));
    expect(mine.get('name')).toBe('me');
    expect(mine.get('db')).toBe('3');
    expect(mine.get('cmd')).toBe('client|info');
    expect(mine.get('flags')).toBe('N');
    expect(mine.get('multi')).toBe('-1');
    expect(mine.get('argv-mem')).toBe('10');
    expect(mine.get('user')).toBe('default');
    expect(mine.get('resp')).toBe('2');
    const conn = await oracleConnection();
    if (conn) {
      const line = String(await conn.send(['CLIENT', 'INFO']));
      expect([...mine.keys()]).toEqual([...fields(line).keys()]);
    }
    engine.close();
  });

  it('CLIENT LIST shows every session with its state', () => {
    const engine = new Engine({ activeExpire: false });
    const a = new Session(engine);
    const b = new Session(engine);
    b.execute(['CLIENT', 'NO-EVICT', 'on']);
    b.execute(['WATCH', 'k']);
    a.execute(['SET', 'k', '1']);
    b.execute(['MULTI']);
    b.execute(['SET', 'x', 'yy']);
    b.execute(['HELLO', '3']);
    const list = (a.execute(['CLIENT', 'LIST']) as VerbatimReply).text;
    const lines = list.split('\n');
    expect(lines.length).toBe(3);
    expect(lines[2]).toBe('');
    const [la, lb] = [fields(lines[0]!), fields(lines[1]!)];
    expect(la.get('id')).toBe(String(a.id));
    expect(lb.get('id')).toBe(String(b.id));
    expect(la.get('cmd')).toBe('client|list');
    expect(lb.get('cmd')).toBe('hello');
    expect(lb.get('flags')).toBe('xde');
    expect(lb.get('multi')).toBe('2'); // SET and HELLO are queued
    expect(Number(lb.get('multi-mem'))).toBeGreaterThan(0);
    expect(lb.get('argv-mem')).toBe('0');
    expect(lb.get('resp')).toBe('2');
    const byId = (a.execute(['CLIENT', 'LIST', 'ID', String(b.id), String(b.id), '424242']) as VerbatimReply).text;
    expect(byId.split('\n').length).toBe(3);
    expect((a.execute(['CLIENT', 'LIST', 'TYPE', 'normal']) as VerbatimReply).text.split('\n').length).toBe(3);
    expect((a.execute(['CLIENT', 'LIST', 'TYPE', 'pubsub']) as VerbatimReply).text).toBe('');
    engine.close();
  });

  it('CLIENT KILL closes the matching sessions', () => {
    const engine = new Engine({ activeExpire: false });
    const a = new Session(engine);
    const b = new Session(engine);
    const c = new Session(engine);
    const closed: number[] = [];
    for (const s of [a, b, c]) s.onClose = () => closed.push(s.id);
    expect(a.execute(['CLIENT', 'KILL', 'ID', String(b.id)])).toBe(1);
    expect(closed).toEqual([b.id]);
    expect(engine.sessions.has(b)).toBe(false);
    expect(a.execute(['CLIENT', 'KILL', 'ID', String(a.id)])).toBe(0);
    expect(a.execute(['CLIENT', 'KILL', 'USER', 'default'])).toBe(1);
    expect(closed).toEqual([b.id, c.id]);
    expect(a.execute(['CLIENT', 'KILL', 'ID', String(a.id), 'SKIPME', 'no'])).toBe(1);
    expect(closed).toEqual([b.id, c.id, a.id]);
    const d = new Session(engine);
    d.addr = '127.0.0.1:50000';
    expect(a.execute(['CLIENT', 'KILL', '127.0.0.1:50000'])).toEqual(OK);
    expect(engine.sessions.has(d)).toBe(false);
    expect(a.execute(['CLIENT', 'KILL', '127.0.0.1:50000'])).toEqual(new ErrorReply('ERR No such client'));
    engine.close();
  });

  it('CLIENT ID is the session id and grows', () => {
    const engine = new Engine({ activeExpire: false });
    const a = new Session(engine);
    const b = new Session(engine);
    expect(a.execute(['CLIENT', 'ID'])).toBe(a.id);
    expect(b.execute(['CLIENT', 'ID'])).toBeGreaterThan(a.id);
    engine.close();
  });
});

describe('CLIENT PAUSE', () => {
  function sessions(n: number): { engine: Engine; s: Session[]; got: string[] } {
    const engine = new Engine({ activeExpire: false });
    engine.useManualClock(1_700_000_000_000);
    const got: string[] = [];
    const s = Array.from({ length: n }, (_, i) => {
      const session = new Session(engine);
      session.onUnblocked = (reply) => got.push(`${i}:${reply instanceof StatusReply ? reply.value : JSON.stringify(reply)}`);
      return session;
    });
    return { engine, s, got };
  }

  it('WRITE holds write and may-replicate commands of every client, the caller too, until UNPAUSE', () => {
    const { engine, s, got } = sessions(5);
    const [a, b, c, d, m] = s as [Session, Session, Session, Session, Session];
    m.execute(['MONITOR']);
    expect(a.execute(['CLIENT', 'PAUSE', '10000', 'WRITE'])).toEqual(OK);
    expect(b.execute(['GET', 'k'])).toBe(null);
    expect(b.execute(['SET', 'k', '1'])).toBe(BLOCKED);
    expect(c.execute(['MULTI'])).toEqual(OK);
    expect(c.execute(['SET', 'q', '1'])).toBe(BLOCKED); // held before it is even queued
    expect(a.execute(['PUBLISH', 'ch', 'm'])).toBe(BLOCKED);
    expect(m.execute(['PING'])).toEqual(new StatusReply('PONG')); // a monitor is never paused
    const list = (d.execute(['CLIENT', 'LIST']) as VerbatimReply).text.split('\n');
    expect(fields(list[1]!).get('flags')).toBe('b');
    expect(fields(list[1]!).get('cmd')).toBe('set');
    expect(fields(list[2]!).get('flags')).toBe('xb');
    expect(String((d.execute(['INFO', 'clients']) as VerbatimReply).text)).toContain('blocked_clients:3\r\n');
    expect(got).toEqual([]);
    expect(d.execute(['CLIENT', 'UNPAUSE'])).toEqual(OK);
    expect(got).toEqual(['1:OK', '2:QUEUED', '0:0']);
    expect(c.execute(['EXEC'])).toEqual([OK]);
    expect(b.execute(['GET', 'k'])).toBe('1');
    engine.close();
  });

  it('holds EXEC of a transaction that writes, and everything under ALL until the deadline', () => {
    const { engine, s, got } = sessions(3);
    const [a, b, c] = s as [Session, Session, Session];
    b.execute(['MULTI']);
    b.execute(['GET', 'k']);
    c.execute(['MULTI']);
    c.execute(['INCR', 'n']);
    a.execute(['CLIENT', 'PAUSE', '1000', 'WRITE']);
    expect(b.execute(['EXEC'])).toEqual([null]);
    expect(c.execute(['EXEC'])).toBe(BLOCKED);
    a.execute(['CLIENT', 'PAUSE', '500', 'ALL']); // upgrades the type, keeps the later deadline
    expect(b.execute(['PING'])).toBe(BLOCKED);
    expect(a.execute(['CLIENT', 'UNPAUSE'])).toBe(BLOCKED); // ALL holds UNPAUSE too, as in Redis
    (engine.clock as ManualClock).advance(1000);
    expect(got).toEqual([]);
    (engine.clock as ManualClock).advance(1);
    expect(got).toEqual(['2:[1]', '1:PONG', '0:OK']);
    expect(c.execute(['SET', 'x', '1'])).toEqual(OK);
    engine.close();
  });

  it('PAUSE 0 pauses nothing; a held client that disconnects is forgotten', () => {
    const { engine, s, got } = sessions(2);
    const [a, b] = s as [Session, Session];
    a.execute(['CLIENT', 'PAUSE', '0', 'ALL']);
    expect(b.execute(['SET', 'k', '1'])).toEqual(OK);
    a.execute(['CLIENT', 'PAUSE', '100']);
    expect(b.execute(['SET', 'k', '2'])).toBe(BLOCKED);
    b.close();
    (engine.clock as ManualClock).advance(101);
    expect(a.execute(['GET', 'k'])).toBe('1');
    expect(got).toEqual([]);
    expect(engine.pause.postponedCount).toBe(0);
    engine.close();
  });
});
