import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { Session } from '../../src/engine/session.js';
import { ErrorReply, MapReply, StatusReply } from '../../src/reply.js';
import { expectSameAsOracle, type Script } from '../support/differential.js';
import { helloWithoutId, onTheWire } from './resp-view.js';

const OK_ = new StatusReply('OK');

async function same(script: Script): Promise<void> {
  await expectSameAsOracle(script, onTheWire(script, helloWithoutId));
}

describe('PING and ECHO', () => {
  it('answer as Redis', async () => {
    await same([
      ['PING'],
      ['PING', 'hello'],
      ['PING', ''],
      ['PING', 'a', 'b'],
      ['ping', '\x00\xff'],
      ['ECHO', 'x y'],
      ['ECHO', ''],
      ['ECHO'],
      ['ECHO', 'a', 'b'],
    ]);
  });
});

describe('SELECT', () => {
  it('switches databases and validates the index', async () => {
    await same([
      ['SET', 'k', 'zero'],
      ['SELECT', '1'],
      ['GET', 'k'],
      ['SET', 'k', 'one'],
      ['SELECT', '15'],
      ['SELECT', '16'],
      ['SELECT', '-1'],
      ['SELECT', 'abc'],
      ['SELECT', '1.5'],
      ['SELECT', '01'],
      ['SELECT', '2147483648'],
      ['SELECT', '4294967296'],
      ['SELECT', '-2147483649'],
      ['SELECT', '99999999999999999999'],
      ['GET', 'k'],
      ['SELECT', '1'],
      ['GET', 'k'],
      ['SELECT', '0'],
      ['GET', 'k'],
      ['SELECT'],
    ]);
  });
});

describe('HELLO', () => {
  it('reports the connection and switches protocol', async () => {
    await same([
      ['HELLO'],
      ['HELLO', '2'],
      ['HELLO', '3'],
      ['SET', 'k', 'v'],
      ['HELLO'],
      ['CONFIG', 'GET', 'maxmemory'],
      ['HELLO', '2'],
      ['CONFIG', 'GET', 'maxmemory'],
    ]);
  });

  it('validates its arguments', async () => {
    await same([
      ['HELLO', '1'],
      ['HELLO', '4'],
      ['HELLO', '-1'],
      ['HELLO', 'abc'],
      ['HELLO', '3.0'],
      ['HELLO', '2', 'AUTH'],
      ['HELLO', '2', 'AUTH', 'default'],
      ['HELLO', '2', 'SETNAME'],
      ['HELLO', '2', 'FOO'],
      ['HELLO', '2', 'SETNAME', 'a b'],
      ['HELLO', '2', 'AUTH', 'bob', 'x'],
      ['HELLO', '2', 'AUTH', 'default', 'anything', 'SETNAME', 'conn-1'],
      ['CLIENT', 'GETNAME'],
      ['HELLO', '2', 'setname', 'conn-2', 'SETNAME', 'conn-3'],
      ['CLIENT', 'GETNAME'],
      ['HELLO', '2', 'SETNAME', 'x', 'extra'],
      ['CLIENT', 'GETNAME'],
      ['HELLO', '3', 'SETNAME', 'y', 'AUTH', 'bob', 'pw'],
      ['CLIENT', 'GETNAME'],
      ['HELLO'],
      ['HELLO', '2', 'SETNAME', 'bad name', 'SETNAME', 'z'],
      ['CLIENT', 'GETNAME'],
      ['CLIENT', 'SETNAME', ''],
    ]);
  });
});

describe('AUTH', () => {
  it('without a password configured', async () => {
    await same([
      ['AUTH', 'x'],
      ['AUTH', 'default', 'x'],
      ['AUTH', 'bob', 'x'],
      ['AUTH', 'a', 'b', 'c'],
      ['AUTH'],
    ]);
  });

  it('with requirepass: WRONGPASS, and NOAUTH once RESET drops the authentication', async () => {
    await same([
      ['CONFIG', 'SET', 'requirepass', 'secret'],
      ['GET', 'k'],
      ['AUTH', 'x'],
      ['AUTH', 'default', 'x'],
      ['AUTH', 'secret'],
      ['AUTH', 'default', 'secret'],
      ['RESET'],
      ['GET', 'k'],
      ['PING'],
      ['NOSUCH'],
      ['GET'],
      ['HELLO'],
      ['HELLO', '2', 'AUTH', 'default', 'wrong'],
      ['HELLO', '2', 'SETNAME', 'early', 'AUTH', 'default', 'wrong'],
      ['HELLO', '2', 'SETNAME', 'early2'],
      ['CLIENT', 'GETNAME'],
      ['MULTI'],
      ['HELLO', '3', 'AUTH', 'default', 'secret'],
      ['HELLO', '2'],
      ['GET', 'k'],
      ['RESET'],
      ['MULTI'],
      ['AUTH', 'secret'],
      ['MULTI'],
      ['GET', 'k'],
      ['EXEC'],
      ['CONFIG', 'SET', 'requirepass', ''],
      ['RESET'],
      ['GET', 'k'],
    ]);
  });

  it('gates only connections made after a password is set', () => {
    const engine = new Engine({ activeExpire: false });
    const before = new Session(engine);
    expect(before.execute(['CONFIG', 'SET', 'requirepass', 'pw'])).toEqual(OK_);
    const after = new Session(engine);
    expect(before.execute(['SET', 'k', 'v'])).toEqual(new StatusReply('OK'));
    expect(after.execute(['GET', 'k'])).toEqual(new ErrorReply('NOAUTH Authentication required.'));
    expect(after.execute(['AUTH', 'pw'])).toEqual(new StatusReply('OK'));
    expect(after.execute(['GET', 'k'])).toBe('v');
    const third = new Session(engine);
    before.execute(['CONFIG', 'SET', 'requirepass', '']);
    expect(third.execute(['GET', 'k'])).toBe('v');
    engine.close();
  });
});

describe('RESET and QUIT', () => {
  it('RESET leaves MULTI, WATCH, the db, the protocol and the name', async () => {
    await same([
      ['SELECT', '2'],
      ['CLIENT', 'SETNAME', 'before'],
      ['CLIENT', 'NO-EVICT', 'on'],
      ['WATCH', 'w'],
      ['HELLO', '3'],
      ['MULTI'],
      ['SET', 'a', '1'],
      ['RESET'],
      ['CLIENT', 'GETNAME'],
      ['EXEC'],
      ['GET', 'a'],
      ['SET', 'a', '2'],
      ['SELECT', '2'],
      ['GET', 'a'],
      ['HELLO'],
      ['RESET', 'x'],
      ['SELECT', '0'],
    ]);
  });

  it('RESET unwatches', () => {
    const engine = new Engine({ activeExpire: false });
    const a = new Session(engine);
    const b = new Session(engine);
    a.execute(['WATCH', 'k']);
    a.execute(['RESET']);
    b.execute(['SET', 'k', 'changed']);
    a.execute(['MULTI']);
    a.execute(['SET', 'x', '1']);
    expect(a.execute(['EXEC'])).toEqual([OK_]);
    engine.close();
  });

  it('QUIT answers OK and asks the edge to close', () => {
    const engine = new Engine({ activeExpire: false });
    const c = new Session(engine);
    let closed = 0;
    c.onClose = () => closed++;
    expect(c.execute(['QUIT'])).toEqual(OK_);
    expect(c.execute(['QUIT', 'extra'])).toEqual(OK_);
    expect(closed).toBe(2);
    engine.close();
  });

  it('HELLO answers a map with the session id', () => {
    const engine = new Engine({ activeExpire: false });
    const c = new Session(engine);
    const r = c.execute(['HELLO', '3']) as MapReply;
    expect(r).toBeInstanceOf(MapReply);
    expect(r.entries).toEqual(['server', 'redis', 'version', '7.0.15', 'proto', 3, 'id', c.id, 'mode', 'standalone', 'role', 'master', 'modules', []]);
    expect(c.resp).toBe(3);
    c.execute(['RESET']);
    expect(c.resp).toBe(2);
    engine.close();
  });
});

describe('error texts built from arguments stay one line', () => {
  it('CR and LF in an echoed argument become spaces, as addReplyErrorFormat does', async () => {
    await expectSameAsOracle([['HELLO', '2', 'name\n'], ['HELLO', '2', 'a\r\nb']]);
  });
});
