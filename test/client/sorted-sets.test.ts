/**
 * The sorted set commands through the client, side by side with real ioredis: scores as strings,
 * `zrange … WITHSCORES` flat, nested ZMPOP replies, Buffer variants, zscanStream, and errors.
 */
import { describe, it } from 'vitest';
import { type AnyClient, oracleAvailable, expectSameSteps } from './side-by-side.js';

function scanAll(c: AnyClient, key: string, options: Record<string, unknown>): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const out: unknown[] = [];
    const stream = c.zscanStream(key, options);
    stream.on('data', (page: unknown[]) => out.push(...page));
    stream.on('end', () => resolve(out));
    stream.on('error', reject);
  });
}

const steps: ((c: AnyClient) => unknown)[] = [
  (c) => c.zadd('z', 1, 'a', 2.5, 'b', '0.1', 'c', '-inf', 'lo'),
  (c) => c.zadd('z', 'GT', 'CH', 3, 'a'),
  (c) => c.zadd('z', 'INCR', 1, 'a'),
  (c) => c.zincrby('z', '1e3', 'b'),
  (c) => c.zscore('z', 'c'),
  (c) => c.zmscore('z', 'a', 'nope'),
  (c) => c.zrange('z', 0, -1, 'WITHSCORES'),
  (c) => c.zrange('z', '(1', '+inf', 'BYSCORE', 'LIMIT', 0, 2),
  (c) => c.zrangeBuffer('z', 0, 1),
  (c) => c.zrevrangebyscore('z', '+inf', '-inf', 'WITHSCORES'),
  (c) => c.zrank('z', 'b'),
  (c) => c.zrevrank('z', 'nope'),
  (c) => c.zcount('z', '-inf', '(4'),
  (c) => c.zpopmin('z'),
  (c) => c.zpopmax('z', 1),
  (c) => c.zmpop(1, 'z', 'MIN'),
  (c) => c.zadd('y', 1, 'x', 2, 'y'),
  (c) => c.zunion(2, 'z', 'y', 'WITHSCORES'),
  (c) => c.zinterstore('d', 2, 'z', 'y'),
  (c) => c.zscan('y', 0),
  (c) => scanAll(c, 'y', { count: 1 }),
  (c) => c.zadd('z', 'nan', 'a'),
  (c) => c.zadd('z', 'NX', 'XX', 1, 'a'),
  (c) => c.zrange('z', 'x', 1),
  (c) => c.set('s', 'x'),
  (c) => c.zadd('s', 1, 'a'),
];

describe.skipIf(!oracleAvailable)('sorted sets through the client, side by side with ioredis', () => {
  it('scores as strings, flat WITHSCORES, nested ZMPOP, Buffers, zscanStream and errors', async () => {
    await expectSameSteps(steps);
  });
});
