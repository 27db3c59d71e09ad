/**
 * The list commands through the client, side by side with real ioredis: numbers as arguments,
 * Buffer variants, nil and empty replies, LMPOP's nested reply, pipelines and errors.
 */
import { describe, it } from 'vitest';
import { type AnyClient, oracleAvailable, expectSameSteps } from './side-by-side.js';

const steps: ((c: AnyClient) => unknown)[] = [
  (c) => c.rpush('l', 'a', 2, 'c', Buffer.from([0xff, 0x00])),
  (c) => c.lpush('l', ['x', 'y']),
  (c) => c.lrange('l', 0, -1),
  (c) => c.lrangeBuffer('l', 0, -1),
  (c) => c.llen('l'),
  (c) => c.lindex('l', -1),
  (c) => c.lindexBuffer('l', -1),
  (c) => c.lindex('l', 100),
  (c) => c.lset('l', 0, 'first'),
  (c) => c.lset('missing', 0, 'v'),
  (c) => c.linsert('l', 'BEFORE', 'a', 'b4'),
  (c) => c.lpos('l', 'a'),
  (c) => c.lpos('l', 'a', 'COUNT', 0),
  (c) => c.lrem('l', 0, 'b4'),
  (c) => c.lpop('l'),
  (c) => c.rpop('l', 2),
  (c) => c.lpop('missing', 2),
  (c) => c.lmove('l', 'm', 'LEFT', 'RIGHT'),
  (c) => c.rpoplpush('l', 'm'),
  (c) => c.lmpop(2, 'missing', 'm', 'LEFT', 'COUNT', 5),
  (c) => c.lmpop(1, 'missing', 'LEFT'),
  (c) => c.ltrim('l', 0, 0),
  (c) => c.lpushx('nope', 'v'),
  (c) => c.rpushx('l', 'v'),
  (c) => c.pipeline().rpush('p', 1, 2, 3).lrange('p', 0, -1).lpop('p', 'x').exec(),
  (c) => c.set('s', 'v'),
  (c) => c.lpush('s', 'v'),
  (c) => c.lmpop(0, 'l', 'LEFT'),
];

describe.skipIf(!oracleAvailable)('lists through the client, side by side with ioredis', () => {
  it('replies, Buffers, nils, pipelines and errors', async () => {
    await expectSameSteps(steps);
  });
});
