/**
 * A blocked consumer is woken within the event-loop turn of the write that fed it: once the
 * producer's awaited write has settled, the consumer's promise has settled too, before the next
 * `setImmediate` (nothing polls, no timer). Checked by order of events, never by timing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import Redis, { Engine } from '../../src/index.js';

type Client = InstanceType<typeof Redis>;

const open: Client[] = [];
let engine: Engine;

afterEach(() => {
  for (const c of open.splice(0)) c.disconnect();
  engine?.close();
});

async function clients(n: number): Promise<Client[]> {
  engine = new Engine();
  const out: Client[] = [];
  for (let i = 0; i < n; i++) {
    const c = new Redis({ engine });
    open.push(c);
    await c.ping(); // ready: commands run at once, not from the offline queue
    out.push(c);
  }
  return out;
}

/** The promise's outcome so far: 'pending' until it settles. */
function watch<T>(p: Promise<T>): { state: 'pending' | 'resolved' | 'rejected'; value?: T; error?: unknown } {
  const w: { state: 'pending' | 'resolved' | 'rejected'; value?: T; error?: unknown } = { state: 'pending' };
  p.then(
    (value) => Object.assign(w, { state: 'resolved', value }),
    (error: unknown) => Object.assign(w, { state: 'rejected', error }),
  );
  return w;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Runs one more turn and checks the waiter is still pending (it really blocked). */
async function expectBlocked(w: { state: string }): Promise<void> {
  await nextTurn();
  expect(w.state).toBe('pending');
}

describe('a blocked consumer wakes within the turn of the write', () => {
  it('BLPOP: resolved by the setImmediate after `await producer.lpush(...)`', async () => {
    const [consumer, producer] = await clients(2);
    const popped = watch(consumer!.blpop('jobs', 0));
    await expectBlocked(popped);
    await producer!.lpush('jobs', 'j1');
    await nextTurn();
    expect(popped).toEqual({ state: 'resolved', value: ['jobs', 'j1'] });
  });

  it('every write a waiter can be fed by: BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP, BZPOPMIN, BZMPOP, XREAD, XREADGROUP', async () => {
    const [consumer1, consumer2, consumer3, consumer4, consumer5, consumer6, consumer7, consumer8, producer] = await clients(9);
    await producer!.xgroup('CREATE', 'grouped', 'g', '$', 'MKSTREAM');
    const waits = {
      brpop: watch(consumer1!.brpop('l1', 0)),
      blmove: watch(consumer2!.blmove('l2', 'dst2', 'LEFT', 'RIGHT', 0)),
      brpoplpush: watch(consumer3!.brpoplpush('l3', 'dst3', 0)),
      blmpop: watch(consumer4!.blmpop(0, 2, 'nothing', 'l4', 'LEFT', 'COUNT', 5)),
      bzpopmin: watch(consumer5!.bzpopmin('z1', 0)),
      bzmpop: watch(consumer6!.bzmpop(0, 1, 'z2', 'MAX')),
      xread: watch(consumer7!.xread('BLOCK', 0, 'STREAMS', 's', '$')),
      xreadgroup: watch(consumer8!.xreadgroup('GROUP', 'g', 'c', 'BLOCK', 0, 'STREAMS', 'grouped', '>')),
    };
    await nextTurn();
    for (const w of Object.values(waits)) expect(w.state).toBe('pending');

    await producer!.rpush('l1', 'a');
    await producer!.rpush('l2', 'b');
    await producer!.rpush('l3', 'c');
    await producer!.rpush('l4', 'd', 'e');
    await producer!.zadd('z1', 1, 'm1');
    await producer!.zadd('z2', 2, 'm2');
    const id = await producer!.xadd('s', '1-1', 'f', 'v');
    const gid = await producer!.xadd('grouped', '1-1', 'f', 'w');
    await nextTurn();

    expect(waits.brpop).toEqual({ state: 'resolved', value: ['l1', 'a'] });
    expect(waits.blmove).toEqual({ state: 'resolved', value: 'b' });
    expect(waits.brpoplpush).toEqual({ state: 'resolved', value: 'c' });
    expect(waits.blmpop).toEqual({ state: 'resolved', value: ['l4', ['d', 'e']] });
    expect(waits.bzpopmin).toEqual({ state: 'resolved', value: ['z1', 'm1', '1'] });
    expect(waits.bzmpop).toEqual({ state: 'resolved', value: ['z2', [['m2', '2']]] });
    expect(waits.xread).toEqual({ state: 'resolved', value: [['s', [[id, ['f', 'v']]]]] });
    expect(waits.xreadgroup).toEqual({ state: 'resolved', value: [['grouped', [[gid, ['f', 'w']]]]] });
  });

  it('twenty wake-ups in a row, each by the turn after its write', async () => {
    const [consumer, producer] = await clients(2);
    for (let i = 0; i < 20; i++) {
      const popped = watch(consumer!.blpop('q', 0));
      await expectBlocked(popped);
      await producer!.lpush('q', `v${i}`);
      await nextTurn();
      expect(popped).toEqual({ state: 'resolved', value: ['q', `v${i}`] });
    }
  });

  it('a write inside MULTI/EXEC and inside a pipeline', async () => {
    const [a, b, c, producer] = await clients(4);
    const fromExec = watch(a!.blpop('m', 0));
    const fromPipeline = watch(b!.blpop('p', 0));
    const alsoFromPipeline = watch(c!.blpop('p2', 0));
    await expectBlocked(fromExec);

    await producer!.multi().set('x', '1').lpush('m', 'from-exec').exec();
    await nextTurn();
    expect(fromExec).toEqual({ state: 'resolved', value: ['m', 'from-exec'] });

    await producer!.pipeline().lpush('p', 'from-pipeline').lpush('p2', 'also').exec();
    await nextTurn();
    expect(fromPipeline).toEqual({ state: 'resolved', value: ['p', 'from-pipeline'] });
    expect(alsoFromPipeline).toEqual({ state: 'resolved', value: ['p2', 'also'] });
  });

  it('BLMOVE into a list another client is blocked on wakes both in the same turn', async () => {
    const [mover, tail, producer] = await clients(3);
    const moved = watch(mover!.blmove('src', 'mid', 'RIGHT', 'LEFT', 0));
    const last = watch(tail!.blpop('mid', 0));
    await expectBlocked(moved);
    await producer!.rpush('src', 'job');
    await nextTurn();
    expect(moved).toEqual({ state: 'resolved', value: 'job' });
    expect(last).toEqual({ state: 'resolved', value: ['mid', 'job'] });
  });
});
