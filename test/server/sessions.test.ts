/**
 * Each socket is a Session: blocking commands across the TCP and in-process edges, pub/sub over
 * TCP in RESP2 and RESP3, MONITOR, QUIT and CLIENT KILL, AUTH, pipelining, real socket addresses,
 * output buffer limits, and clients that go away leaving nothing behind.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import Redis, { Engine, createServer } from '../../src/index.js';
import { dropSharedEngine, sharedEngines } from '../../src/engine/registry.js';
import { exchange, RawSocket, resp, sleep, startServer, type TestServer } from './helpers.js';

let srv: TestServer;
const opened: { close(): void }[] = [];

async function raw(): Promise<RawSocket> {
  const s = await RawSocket.open(srv.port);
  opened.push(s);
  return s;
}

/** An in-process client on the server's engine. */
function local(): InstanceType<typeof Redis> {
  const c = new Redis({ engine: srv.engine });
  opened.push({ close: () => c.disconnect() });
  return c;
}

beforeAll(async () => {
  srv = await startServer();
});
afterEach(() => {
  for (const o of opened.splice(0)) o.close();
});
afterAll(async () => {
  await srv.stop();
});

/** Waits until the engine has exactly `n` sessions (a closed socket is noticed a tick later). */
async function sessionsSettle(engine: Engine, n: number): Promise<number> {
  for (let i = 0; i < 100 && engine.sessions.size !== n; i++) await sleep(10);
  return engine.sessions.size;
}

describe('blocking across edges', () => {
  it('a TCP client blocked in BLPOP is woken by an in-process LPUSH', async () => {
    const sock = await raw();
    sock.write(resp('BLPOP', 'q1', '0'));
    await sleep(30);
    expect(sock.text).toBe('');
    await local().lpush('q1', 'job');
    expect(await sock.read('*2\r\n$2\r\nq1\r\n$3\r\njob\r\n')).toBe('*2\r\n$2\r\nq1\r\n$3\r\njob\r\n');
  });

  it('an in-process BLPOP is woken by a TCP LPUSH', async () => {
    const waiting = local().blpop('q2', 0);
    const sock = await raw();
    sock.write(resp('LPUSH', 'q2', 'x'));
    expect(await sock.read(':1\r\n')).toBe(':1\r\n');
    expect(await waiting).toEqual(['q2', 'x']);
  });

  it('commands pipelined behind a blocked one wait for it, then run in order', async () => {
    const sock = await raw();
    sock.write(resp('BLPOP', 'q3', '0') + resp('SET', 'behind', '1') + resp('GET', 'behind'));
    await sleep(30);
    expect(sock.text).toBe('');
    expect(await local().get('behind')).toBe(null);
    const pusher = await raw();
    pusher.write(resp('RPUSH', 'q3', 'a'));
    const expected = '*2\r\n$2\r\nq3\r\n$1\r\na\r\n+OK\r\n$1\r\n1\r\n';
    expect(await sock.read(expected)).toBe(expected);
  });

  it('a blocking timeout answers the nil array (RESP2) or null (RESP3)', async () => {
    const sock = await raw();
    sock.write(resp('BLPOP', 'none', '0.05'));
    expect(await sock.read('*-1\r\n')).toBe('*-1\r\n');
    sock.write(resp('HELLO', '3'));
    await sock.until((t) => t.includes('modules'));
    await sock.read(sock.text);
    sock.write(resp('BLPOP', 'none', '0.05'));
    expect(await sock.read('_\r\n')).toBe('_\r\n');
  });

  it('CLIENT PAUSE holds a TCP client\'s writes, and the commands behind them, until it ends', async () => {
    const admin = await raw();
    admin.write(resp('CLIENT', 'PAUSE', '150', 'WRITE'));
    expect(await admin.read('+OK\r\n')).toBe('+OK\r\n');
    const writer = await raw();
    const started = Date.now();
    writer.write(resp('SET', 'paused', '1') + resp('GET', 'paused'));
    await sleep(50);
    expect(writer.text).toBe('');
    expect(await writer.read('+OK\r\n$1\r\n1\r\n')).toBe('+OK\r\n$1\r\n1\r\n');
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
  });

  it('a client that disconnects while blocked leaves no waiter and no session', async () => {
    await sleep(50); // the sockets of earlier tests are gone
    const before = srv.engine.sessions.size;
    const sock = await RawSocket.open(srv.port);
    sock.write(resp('BLPOP', 'q4', '0'));
    await sleep(30);
    expect(srv.engine.sessions.size).toBe(before + 1);
    sock.close();
    expect(await sessionsSettle(srv.engine, before)).toBe(before);
    const c = local();
    await c.lpush('q4', 'kept');
    expect(await c.lrange('q4', 0, -1)).toEqual(['kept']);
  });

  it('a client that half-closes (FIN) while blocked leaves no session', async () => {
    await sleep(50);
    const before = srv.engine.sessions.size;
    const sock = await RawSocket.open(srv.port);
    sock.write(resp('BLPOP', 'q5', '0'));
    await sleep(30);
    sock.socket.end();
    expect(await sessionsSettle(srv.engine, before)).toBe(before);
  });

  it('WATCH over TCP sees a write by an in-process client', async () => {
    const sock = await raw();
    sock.write(resp('WATCH', 'watched-key') + resp('MULTI') + resp('SET', 'watched-key', 'tcp'));
    expect(await sock.read('+OK\r\n+OK\r\n+QUEUED\r\n')).toBe('+OK\r\n+OK\r\n+QUEUED\r\n');
    await local().set('watched-key', 'local');
    sock.write(resp('EXEC') + resp('GET', 'watched-key'));
    expect(await sock.read('*-1\r\n$5\r\nlocal\r\n')).toBe('*-1\r\n$5\r\nlocal\r\n');
  });

  it('a client that disconnects mid-command leaves no session', async () => {
    await sleep(50);
    const before = srv.engine.sessions.size;
    const sock = await RawSocket.open(srv.port);
    sock.write('*3\r\n$3\r\nSET\r\n$4\r\nhalf\r\n$10\r\nabc');
    await sleep(20);
    sock.close();
    expect(await sessionsSettle(srv.engine, before)).toBe(before);
    expect(await local().exists('half')).toBe(0);
  });
});

describe('pub/sub over TCP', () => {
  it('RESP2: subscribe replies and messages are arrays', async () => {
    const sub = await raw();
    sub.write(resp('SUBSCRIBE', 'news', 'other'));
    const subscribed = '*3\r\n$9\r\nsubscribe\r\n$4\r\nnews\r\n:1\r\n*3\r\n$9\r\nsubscribe\r\n$5\r\nother\r\n:2\r\n';
    expect(await sub.read(subscribed)).toBe(subscribed);
    expect(await local().publish('news', 'hello')).toBe(1);
    const message = '*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nhello\r\n';
    expect(await sub.read(message)).toBe(message);
    // RESP2 subscriber context: other commands are refused.
    sub.write(resp('GET', 'x'));
    const refused = "-ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n";
    expect(await sub.read(refused)).toBe(refused);
  });

  it('RESP3: messages are push frames, and other commands still work', async () => {
    const sub = await raw();
    sub.write(resp('HELLO', '3'));
    await sub.until((t) => t.includes('modules'));
    await sub.read(sub.text);
    sub.write(resp('PSUBSCRIBE', 'ev.*'));
    const subscribed = '>3\r\n$10\r\npsubscribe\r\n$4\r\nev.*\r\n:1\r\n';
    expect(await sub.read(subscribed)).toBe(subscribed);
    const pub = await raw();
    pub.write(resp('PUBLISH', 'ev.1', 'data'));
    expect(await pub.read(':1\r\n')).toBe(':1\r\n');
    const message = '>4\r\n$8\r\npmessage\r\n$4\r\nev.*\r\n$4\r\nev.1\r\n$4\r\ndata\r\n';
    expect(await sub.read(message)).toBe(message);
    sub.write(resp('SET', 'k3', 'v'));
    expect(await sub.read('+OK\r\n')).toBe('+OK\r\n');
  });

  it('a message published by the subscriber itself comes before its own reply (RESP3)', async () => {
    const sock = await raw();
    sock.write(resp('HELLO', '3'));
    await sock.until((t) => t.includes('modules'));
    await sock.read(sock.text);
    sock.write(resp('SUBSCRIBE', 'self') + resp('PUBLISH', 'self', 'me'));
    const expected = '>3\r\n$9\r\nsubscribe\r\n$4\r\nself\r\n:1\r\n>3\r\n$7\r\nmessage\r\n$4\r\nself\r\n$2\r\nme\r\n:1\r\n';
    expect(await sock.read(expected)).toBe(expected);
  });

  it('an in-process subscriber gets messages published over TCP', async () => {
    const sub = local();
    const got = new Promise<[string, string]>((resolve) => sub.on('message', (ch: string, msg: string) => resolve([ch, msg])));
    await sub.subscribe('from-tcp');
    const pub = await raw();
    pub.write(resp('PUBLISH', 'from-tcp', 'hi'));
    expect(await got).toEqual(['from-tcp', 'hi']);
  });

  it('a pub/sub client that does not read is disconnected past the hard limit', async () => {
    srv.engine.config.set([['client-output-buffer-limit', 'pubsub 256kb 0 0']]);
    try {
      const sub = await raw();
      sub.write(resp('SUBSCRIBE', 'flood'));
      await sub.until((t) => t.includes(':1\r\n'));
      sub.socket.pause(); // stops reading: the kernel buffers fill, then the server's
      const pub = local();
      const payload = 'p'.repeat(64 * 1024);
      let receivers = 1;
      for (let i = 0; i < 2000 && receivers === 1; i++) {
        receivers = await pub.publish('flood', payload);
        if (i % 20 === 0) await sleep(1);
      }
      expect(receivers).toBe(0);
    } finally {
      srv.engine.config.set([['client-output-buffer-limit', 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60']]);
    }
  });

  it('the soft limit disconnects a client that stays above it longer than its seconds', async () => {
    srv.engine.config.set([['client-output-buffer-limit', 'pubsub 0 128kb 1']]);
    try {
      const sub = await raw();
      sub.write(resp('SUBSCRIBE', 'slow'));
      await sub.until((t) => t.includes(':1\r\n'));
      sub.socket.pause();
      const pub = local();
      const payload = 'p'.repeat(64 * 1024);
      // Fill well past the soft limit (kernel buffers first), then wait past the soft seconds.
      for (let i = 0; i < 400; i++) {
        await pub.publish('slow', payload);
        if (i % 20 === 0) await sleep(1);
      }
      expect(await pub.publish('slow', 'x')).toBe(1);
      let receivers = 1;
      for (let i = 0; i < 40 && receivers === 1; i++) {
        await sleep(100);
        receivers = await pub.publish('slow', 'x');
      }
      expect(receivers).toBe(0);
    } finally {
      srv.engine.config.set([['client-output-buffer-limit', 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60']]);
    }
  });
});

describe('connection commands over TCP', () => {
  it('QUIT answers OK and closes the socket', async () => {
    const sock = await raw();
    sock.write(resp('QUIT') + resp('PING'));
    expect(await sock.waitClosed()).toBe(true);
    expect(sock.text).toBe('+OK\r\n');
  });

  it('CLIENT KILL closes the victim socket; the killer gets its reply', async () => {
    const victim = await raw();
    victim.write(resp('CLIENT', 'ID'));
    const idLine = await victim.until((t) => t.endsWith('\r\n'));
    const id = idLine.slice(1, -2);
    const killer = await raw();
    killer.write(resp('CLIENT', 'KILL', 'ID', id));
    expect(await killer.read(':1\r\n')).toBe(':1\r\n');
    expect(await victim.waitClosed()).toBe(true);
    // Killing oneself: the reply first, then the close.
    killer.write(resp('CLIENT', 'ID'));
    const own = await killer.until((t) => t.endsWith('\r\n'));
    killer.write(resp('CLIENT', 'KILL', 'ID', own.slice(1, -2), 'SKIPME', 'no'));
    expect(await killer.waitClosed()).toBe(true);
  });

  it('CLIENT LIST shows the real socket addresses', async () => {
    const sock = await raw();
    sock.write(resp('CLIENT', 'INFO'));
    const info = await sock.until((t) => t.endsWith('\n\r\n'));
    expect(info).toContain(` addr=127.0.0.1:${sock.socket.localPort} `);
    expect(info).toContain(` laddr=127.0.0.1:${srv.port} `);
  });

  it('MONITOR streams the commands of other clients', async () => {
    const mon = await raw();
    mon.write(resp('MONITOR'));
    expect(await mon.read('+OK\r\n')).toBe('+OK\r\n');
    const other = await raw();
    other.write(resp('SET', 'watched', 'v a'));
    const line = await mon.until((t) => t.endsWith('\r\n'));
    expect(line).toMatch(new RegExp(`^\\+\\d+\\.\\d{6} \\[0 127\\.0\\.0\\.1:${other.socket.localPort}\\] "SET" "watched" "v a"\\r\\n$`));
  });

  it('AUTH and requirepass', async () => {
    srv.engine.config.set([['requirepass', 'secret']]);
    try {
      const r = await exchange(
        srv.port,
        resp('GET', 'x') + resp('AUTH', 'nope') + resp('AUTH', 'default', 'nope') + resp('AUTH', 'secret') + resp('PING'),
      );
      expect(r.data).toBe(
        '-NOAUTH Authentication required.\r\n' +
          '-WRONGPASS invalid username-password pair or user is disabled.\r\n' +
          '-WRONGPASS invalid username-password pair or user is disabled.\r\n' +
          '+OK\r\n+PONG\r\n',
      );
      const hello = await exchange(srv.port, resp('HELLO', '3', 'AUTH', 'default', 'secret') + resp('PING'));
      expect(hello.data).toContain('%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n');
      expect(hello.data.endsWith('+PONG\r\n')).toBe(true);
    } finally {
      srv.engine.config.set([['requirepass', '']]);
    }
  });

  it('pipelines 10k commands in one write, replies in order', async () => {
    const sock = await raw();
    let frame = '';
    for (let i = 0; i < 10_000; i++) frame += resp('INCR', 'pipelined');
    sock.write(frame);
    let expected = '';
    for (let i = 1; i <= 10_000; i++) expected += `:${i}\r\n`;
    expect(await sock.read(expected)).toBe(expected);
  });

  it('inline commands', async () => {
    const r = await exchange(srv.port, 'SET inline "hello world"\r\nGET inline\r\nECHO \'it\\\'s\'\n');
    expect(r.data).toBe('+OK\r\n$11\r\nhello world\r\n$4\r\nit\'s\r\n');
  });

  it('binary-safe values round-trip', async () => {
    const value = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('');
    const r = await exchange(srv.port, resp('SET', 'bin', value) + resp('GET', 'bin'));
    expect(r.data).toBe(`+OK\r\n$256\r\n${value}\r\n`);
  });

  it('a transaction with a queued HELLO keeps each reply in its protocol', async () => {
    const r = await exchange(srv.port, resp('MULTI') + resp('HGETALL', 'nokey') + resp('HELLO', '3') + resp('HGETALL', 'nokey') + resp('EXEC'));
    expect(r.data.startsWith('+OK\r\n+QUEUED\r\n+QUEUED\r\n+QUEUED\r\n*3\r\n*0\r\n%7\r\n')).toBe(true);
    expect(r.data.endsWith('%0\r\n')).toBe(true);
  });
});

describe('server limits', () => {
  it('past maxclients a connection is told so and closed', async () => {
    await sleep(50);
    const n = srv.engine.sessions.size;
    srv.engine.config.set([['maxclients', String(n + 1)]]);
    try {
      const first = await raw();
      first.write(resp('PING'));
      expect(await first.read('+PONG\r\n')).toBe('+PONG\r\n');
      expect(await exchange(srv.port, resp('PING'))).toEqual({ data: '-ERR max number of clients reached\r\n', closed: true });
    } finally {
      srv.engine.config.set([['maxclients', '10000']]);
    }
  });

  it('timeout closes idle clients, but not blocked or subscribed ones', async () => {
    srv.engine.config.set([['timeout', '1']]);
    try {
      const idle = await raw();
      const blocked = await raw();
      blocked.write(resp('BLPOP', 'idle-q', '0'));
      const subscriber = await raw();
      subscriber.write(resp('SUBSCRIBE', 'idle-ch'));
      expect(await idle.waitClosed(4000)).toBe(true);
      expect(blocked.closed).toBe(false);
      expect(subscriber.closed).toBe(false);
    } finally {
      srv.engine.config.set([['timeout', '0']]);
    }
  });
});

describe('the default engine', () => {
  it('is the one in-process clients of the same address share', async () => {
    const server = createServer({ port: 0 });
    await server.listen();
    const port = server.address().port;
    try {
      const client = new Redis({ port });
      await client.set('shared', 'yes');
      expect(await exchange(port, resp('GET', 'shared'))).toEqual({ data: '$3\r\nyes\r\n', closed: false });
      expect(server.engine).toBe(client.engine);
      client.disconnect();
    } finally {
      await server.close();
      for (const name of [...sharedEngines().keys()]) if (name.endsWith(`:${port}`)) dropSharedEngine(name);
    }
  });

  it('close() disconnects every client and leaves no session', async () => {
    const engine = new Engine();
    const server = createServer({ engine, port: 0 });
    await server.listen();
    const sock = await RawSocket.open(server.address().port);
    sock.write(resp('BLPOP', 'never', '0'));
    await sleep(20);
    expect(engine.sessions.size).toBe(1);
    await server.close();
    expect(await sock.waitClosed()).toBe(true);
    expect(engine.sessions.size).toBe(0);
    engine.close();
  });
});
