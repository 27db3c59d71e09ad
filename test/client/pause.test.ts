/** CLIENT PAUSE seen from clients, side by side with real ioredis on the oracle. */
import { describe, expect, it } from 'vitest';
import { type AnyClient, oracleAvailable, realClient, sleep, stubClient } from './side-by-side.js';

async function pausedWrites(a: AnyClient): Promise<unknown> {
  const b = a.duplicate();
  const order: string[] = [];
  await b.ping();
  await a.client('PAUSE', 2000, 'WRITE');
  const set = b.set('k', 'v').then((r: unknown) => order.push(`b set ${r}`));
  const get = b.get('k').then((r: unknown) => order.push(`b get ${r}`));
  order.push(`a get ${await a.get('k')}`);
  await sleep(50);
  const whilePaused = [...order];
  const unpause = await a.call('CLIENT', 'UNPAUSE');
  await Promise.all([set, get]);
  b.disconnect();
  return { whilePaused, unpause, order };
}

describe('CLIENT PAUSE from clients', () => {
  it('WRITE holds another client’s write and what it sent after, until UNPAUSE', async () => {
    const stub = stubClient();
    const mine = await pausedWrites(stub);
    stub.disconnect();
    expect(mine).toEqual({
      whilePaused: ['a get null'],
      unpause: 'OK',
      order: ['a get null', 'b set OK', 'b get v'],
    });
    if (oracleAvailable) {
      const real = await realClient();
      try {
        expect(await pausedWrites(real)).toEqual(mine);
      } finally {
        real.disconnect();
      }
    }
  });

  it('a pause ends by itself at its deadline', async () => {
    const a = stubClient();
    const b = a.duplicate();
    await b.ping();
    await a.client('PAUSE', 30, 'WRITE');
    const started = Date.now();
    expect(await b.incr('n')).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    a.disconnect();
    b.disconnect();
  });
});
