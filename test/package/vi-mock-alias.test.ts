/**
 * The README's way of replacing ioredis in a test suite: `vi.mock('ioredis', () => import('redis-stub'))`.
 * Code that imports ioredis (default or named) then talks to the in-process server.
 */
import { afterAll, expect, it, vi } from 'vitest';
import IORedis, { Redis as NamedRedis, ReplyError } from 'ioredis';
import { Engine } from '../../src/index.js';

vi.mock('ioredis', () => import('../../src/index.js'));

const clients: { disconnect(): void }[] = [];
afterAll(() => {
  for (const c of clients) c.disconnect();
});

it('the default and named imports of ioredis are redis-stub', async () => {
  const engine = new Engine();
  const a = new IORedis({ engine } as never);
  const b = new NamedRedis({ engine } as never);
  clients.push(a, b);
  await a.set('k', 'v', 'EX', 60);
  expect(await b.get('k')).toBe('v');
  expect(await b.ttl('k')).toBe(60);
  await expect(a.incr('k')).rejects.toBeInstanceOf(ReplyError);
  engine.close();
});

it('needs no server: the default host:port is an in-process one', async () => {
  const r = new IORedis();
  clients.push(r);
  const other = new IORedis();
  clients.push(other);
  await r.set('alias:test', '1');
  expect(await other.get('alias:test')).toBe('1');
  await r.del('alias:test');
});
