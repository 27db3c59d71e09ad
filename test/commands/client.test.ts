import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { Session } from '../../src/engine/session.js';
import { ErrorReply, StatusReply, VerbatimReply } from '../../src/reply.js';
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
