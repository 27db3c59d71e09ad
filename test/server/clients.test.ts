/**
 * Outside clients on the server: real ioredis 5 (RESP2), redis-cli (PING, SET/GET, SUBSCRIBE,
 * `--pipe` mass insertion of 100k commands), and CLIENT REPLY compared with the oracle.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import IORedis from 'ioredis';
import Redis from '../../src/index.js';
import { RawSocket, resp, run, sleep, startServer, type TestServer } from './helpers.js';
import { hasOracle, oraclePort } from '../support/oracle.js';

const hasRedisCli = spawnSync('sh', ['-c', 'command -v redis-cli']).status === 0;

let srv: TestServer;
beforeAll(async () => {
  srv = await startServer();
});
afterAll(async () => {
  await srv.stop();
});

describe('real ioredis 5 over TCP', () => {
  it('commands, pipelines, transactions and errors', async () => {
    const r = new IORedis({ port: srv.port, host: '127.0.0.1', lazyConnect: true });
    await r.connect();
    try {
      expect(await r.set('io:k', 'v')).toBe('OK');
      expect(await r.get('io:k')).toBe('v');
      expect(await r.hset('io:h', { a: '1', b: '2' })).toBe(2);
      expect(await r.hgetall('io:h')).toEqual({ a: '1', b: '2' });
      expect(await r.pipeline().incr('io:n').incr('io:n').get('io:n').exec()).toEqual([
        [null, 1],
        [null, 2],
        [null, '2'],
      ]);
      expect(await r.multi().set('io:m', '1').get('io:m').exec()).toEqual([
        [null, 'OK'],
        [null, '1'],
      ]);
      await expect(r.lpush('io:k', 'x')).rejects.toThrow('WRONGTYPE Operation against a key holding the wrong kind of value');
      expect(await r.getBuffer('io:k')).toEqual(Buffer.from('v'));
      await r.set('io:bin', Buffer.from([0, 255, 13, 10]));
      expect(await r.getBuffer('io:bin')).toEqual(Buffer.from([0, 255, 13, 10]));
      expect(await r.select(3)).toBe('OK');
      expect(await r.get('io:k')).toBe(null);
    } finally {
      r.disconnect();
    }
  });

  it('blocking and pub/sub between ioredis over TCP and in-process clients', async () => {
    const tcp = new IORedis({ port: srv.port, host: '127.0.0.1' });
    const sub = new IORedis({ port: srv.port, host: '127.0.0.1' });
    const local = new Redis({ engine: srv.engine });
    try {
      const popped = tcp.brpop('io:q', 0);
      await sleep(20);
      await local.lpush('io:q', 'job');
      expect(await popped).toEqual(['io:q', 'job']);

      const got = new Promise<string[]>((resolve) => sub.on('pmessage', (p: string, ch: string, m: string) => resolve([p, ch, m])));
      expect(await sub.psubscribe('io:*')).toBe(1);
      expect(await local.publish('io:chan', 'hello')).toBe(1);
      expect(await got).toEqual(['io:*', 'io:chan', 'hello']);
    } finally {
      tcp.disconnect();
      sub.disconnect();
      local.disconnect();
    }
  });

  it('QUIT ends the ioredis connection; CLIENT KILL makes it reconnect', async () => {
    const r = new IORedis({ port: srv.port, host: '127.0.0.1', retryStrategy: () => 10 });
    try {
      const id = (await r.client('ID')) as number;
      const reconnected = new Promise<void>((resolve) => r.once('reconnecting', () => resolve()));
      const killer = new Redis({ engine: srv.engine });
      expect(await killer.client('KILL', 'ID', String(id))).toBe(1);
      killer.disconnect();
      await reconnected;
      expect(await r.ping()).toBe('PONG');
      expect(await r.quit()).toBe('OK');
    } finally {
      r.disconnect();
    }
  });
});

describe.skipIf(!hasRedisCli)('redis-cli', () => {
  it('PING, SET and GET', async () => {
    const p = String(srv.port);
    expect((await run('redis-cli', ['-p', p, 'PING'])).stdout).toBe('PONG\n');
    expect((await run('redis-cli', ['-p', p, 'SET', 'cli:k', 'hello world'])).stdout).toBe('OK\n');
    expect((await run('redis-cli', ['-p', p, 'GET', 'cli:k'])).stdout).toBe('hello world\n');
    expect((await run('redis-cli', ['-p', p, '-3', 'HGETALL', 'cli:none'])).stdout).toBe('\n');
  });

  it('SUBSCRIBE receives messages', async () => {
    const child = spawn('redis-cli', ['-p', String(srv.port), 'SUBSCRIBE', 'cli:ch']);
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    try {
      const local = new Redis({ engine: srv.engine });
      for (let i = 0; i < 100 && (await local.publish('cli:ch', 'ping-msg')) === 0; i++) await sleep(20);
      for (let i = 0; i < 100 && !out.includes('ping-msg'); i++) await sleep(20);
      local.disconnect();
      expect(out).toContain('subscribe\ncli:ch\n1\n');
      expect(out).toContain('message\ncli:ch\nping-msg\n');
    } finally {
      child.kill();
    }
  });

  it('--pipe mass insertion of 100k commands', async () => {
    const parts: string[] = [];
    for (let i = 0; i < 100_000; i++) parts.push(resp('SET', `mass:${i}`, `value-${i}`));
    const db = new Redis({ engine: srv.engine });
    await db.select(5);
    const r = await run('redis-cli', ['-p', String(srv.port), '-n', '5', '--pipe'], Buffer.from(parts.join(''), 'latin1'));
    expect(r.stdout).toContain('errors: 0, replies: 100000');
    expect(await db.dbsize()).toBe(100_000);
    expect(await db.get('mass:99999')).toBe('value-99999');
    db.disconnect();
  }, 60_000);
});

describe.skipIf(!hasOracle())('CLIENT REPLY against the oracle', () => {
  /** Runs the steps (bytes to write on connection a or b, or a pause) on one server; returns a's bytes. */
  async function script(port: number, steps: ([conn: 'a' | 'b', bytes: string] | number)[]): Promise<string> {
    const a = await RawSocket.open(port);
    const b = await RawSocket.open(port);
    for (const step of steps) {
      if (typeof step === 'number') await sleep(step);
      else (step[0] === 'a' ? a : b).write(step[1]);
    }
    await sleep(100);
    const text = a.text;
    a.close();
    b.close();
    return text;
  }

  const SCRIPTS: ([conn: 'a' | 'b', bytes: string] | number)[][] = [
    [['a', resp('CLIENT', 'REPLY', 'OFF') + resp('SET', 'cr', '1') + resp('GET', 'cr') + resp('CLIENT', 'REPLY', 'ON') + resp('GET', 'cr')]],
    [['a', resp('CLIENT', 'REPLY', 'SKIP') + resp('SET', 'cr', '2') + resp('GET', 'cr') + resp('CLIENT', 'REPLY', 'SKIP') + resp('CLIENT', 'REPLY', 'SKIP') + resp('PING') + resp('PING')]],
    [['a', resp('CLIENT', 'REPLY', 'OFF') + resp('CLIENT', 'REPLY', 'SKIP') + resp('PING') + resp('CLIENT', 'REPLY', 'ON') + resp('PING')]],
    [['a', resp('CLIENT', 'REPLY', 'MAYBE') + resp('CLIENT', 'REPLY') + resp('CLIENT', 'REPLY', 'OFF') + resp('CLIENT', 'REPLY', 'MAYBE') + resp('CLIENT', 'REPLY', 'ON')]],
    // Pub/sub messages are silenced too while replies are off.
    [
      ['a', resp('HELLO', '3') + resp('SUBSCRIBE', 'crch') + resp('CLIENT', 'REPLY', 'OFF')],
      50,
      ['b', resp('PUBLISH', 'crch', 'lost')],
      50,
      ['a', resp('CLIENT', 'REPLY', 'ON')],
      50,
      ['b', resp('PUBLISH', 'crch', 'seen')],
    ],
    [
      ['a', resp('SUBSCRIBE', 'crch') + resp('CLIENT', 'REPLY', 'OFF') + resp('PING') + resp('SUBSCRIBE', 'x', 'y') + resp('UNSUBSCRIBE', 'y', 'x')],
      50,
      ['b', resp('PUBLISH', 'crch', 'gone')],
      50,
      ['a', resp('CLIENT', 'REPLY', 'ON') + resp('PING')],
    ],
    [['a', resp('CLIENT', 'REPLY', 'SKIP') + resp('SUBSCRIBE', 's1') + resp('PING')]],
    [['a', resp('PING') + resp('CLIENT', 'REPLY', 'OFF') + '*1\r\n$x\r\n']],
    [['a', resp('PING') + resp('CLIENT', 'REPLY', 'SKIP') + 'PING "x\r\n']],
    [['a', resp('MONITOR') + resp('PING') + resp('CLIENT', 'REPLY', 'SKIP') + resp('ECHO', 'skipped') + resp('CLIENT', 'REPLY', 'SKIP') + resp('CLIENT', 'REPLY', 'ON') + resp('PING')]],
    [
      ['a', resp('MONITOR') + resp('CLIENT', 'REPLY', 'OFF')],
      50,
      ['b', resp('SET', 'monitored', '1')],
      50,
    ],
  ];

  it.each(SCRIPTS.map((s, i) => [i, s]))('script %s', async (_i, steps) => {
    const [expected, actual] = await Promise.all([script(oraclePort()!, steps), script(srv.port, steps)]);
    // Client ids, MONITOR timestamps and peer ports differ between the servers.
    const normalize = (t: string): string =>
      t.replace(/\$2\r\nid\r\n:\d+\r\n/g, 'ID').replace(/\+\d+\.\d{6} \[(\d+) 127\.0\.0\.1:\d+\]/g, '+TIME [$1 ADDR]');
    expect(normalize(actual)).toBe(normalize(expected));
  });
});
