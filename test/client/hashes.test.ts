/**
 * The hash commands through the client, side by side with real ioredis: `hgetall` turns the flat
 * reply into an object, `hset`/`hmset` take an object or a Map, Buffer variants, and errors.
 */
import { describe, expect, it } from 'vitest';
import { type AnyClient, oracleAvailable, realClient, stubClient, expectSameSteps } from './side-by-side.js';

const steps: ((c: AnyClient) => unknown)[] = [
  (c) => c.hset('h', { b: '2', a: 1, 'with space': 'x y', '': 'empty' }),
  (c) => c.hset('h', new Map([['m', 'map'], ['a', 'again']])),
  (c) => c.hmset('h2', { z: 26, y: 25 }),
  (c) => c.hset('h', 'c', '3', 'd', '4'),
  (c) => c.hgetall('h'),
  (c) => c.hgetall('h2'),
  (c) => c.hgetall('missing'),
  (c) => c.hgetallBuffer('h2'),
  (c) => c.hkeys('h'),
  (c) => c.hvals('h'),
  (c) => c.hmget('h', 'a', 'nope', 'b'),
  (c) => c.hincrby('h', 'n', 5),
  (c) => c.hincrbyfloat('h', 'f', '1.5'),
  (c) => c.hincrbyfloat('h', 'a', 1),
  (c) => c.hrandfield('h2', 5, 'WITHVALUES'),
  (c) => c.hscan('h2', 0, 'MATCH', 'z*'),
  (c) => c.hset('h', 'odd'),
  (c) => c.set('s', 'x'),
  (c) => c.hgetall('s'),
];

describe.skipIf(!oracleAvailable)('hashes through the client, side by side with ioredis', () => {
  it('object and Map arguments, the hgetall object, Buffers and errors', async () => {
    await expectSameSteps(steps);
  });
});

describe.skipIf(!oracleAvailable)('hscanStream side by side with ioredis', () => {
  async function drain(c: AnyClient, key: string, options: Record<string, unknown>): Promise<string[]> {
    const pairs: string[] = [];
    const stream = c.hscanStream(key, options);
    for await (const page of stream) {
      const items = page as string[];
      for (let i = 0; i < items.length; i += 2) pairs.push(`${items[i]}=${items[i + 1]}`);
    }
    return pairs;
  }

  it('walks a listpack in one page and a hashtable page by page, with MATCH', async () => {
    const real = await realClient();
    const stub = stubClient();
    try {
      const big: Record<string, string> = {};
      for (let i = 0; i < 700; i++) big[`f${i}`] = String(i);
      for (const c of [real, stub]) {
        await c.hset('small', { b: '1', a: '2', c: '3' });
        await c.hset('big', big);
      }
      // A listpack answers in its insertion order; a hashtable's order is its own.
      expect(await drain(stub, 'small', {})).toEqual(await drain(real, 'small', {}));
      const stubBig = await drain(stub, 'big', { match: 'f1*', count: 20 });
      const realBig = await drain(real, 'big', { match: 'f1*', count: 20 });
      expect(new Set(stubBig).size).toBe(stubBig.length);
      expect([...stubBig].sort()).toEqual([...new Set(realBig)].sort());
    } finally {
      real.disconnect();
      stub.disconnect();
    }
  });
});
