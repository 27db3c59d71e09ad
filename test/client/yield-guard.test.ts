/**
 * Replies settle as microtasks, so without a guard a loop awaiting commands would never let a timer
 * run. After 10,000 replies in one turn the client waits for the next turn (src/client/yield-guard.ts).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import Redis, { Engine } from '../../src/index.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('the client yields to the event loop now and then', () => {
  it('a loop of awaited commands ends when a timer says so', async () => {
    const r = new Redis({ engine: new Engine() });
    let stop = false;
    setTimeout(() => (stop = true), 20);
    let n = 0;
    // Bounded, so that a client that never yields fails here instead of hanging the run.
    while (!stop && n < 2_000_000) {
      await r.incr('k');
      n++;
    }
    expect(stop).toBe(true);
    expect(Number(await r.get('k'))).toBe(n);
    r.disconnect();
  });

  it('so does a loop retrying a failing script at once (a BullMQ worker whose script keeps failing)', async () => {
    const r = new Redis({ engine: new Engine() });
    r.defineCommand('broken', { numberOfKeys: 0, lua: "return redis.call('nosuchcommand')" });
    let stop = false;
    setTimeout(() => (stop = true), 20);
    let errors = 0;
    while (!stop && errors < 200_000) await (r as unknown as { broken(): Promise<unknown> }).broken().catch(() => errors++);
    expect(stop).toBe(true);
    r.disconnect();
  });

  it('so does a loop of awaited pipelines and transactions', async () => {
    const r = new Redis({ engine: new Engine() });
    let stop = false;
    setTimeout(() => (stop = true), 20);
    let n = 0;
    while (!stop && n < 1_000_000) {
      await r.pipeline().incr('p').exec();
      await r.multi().incr('m').exec();
      n++;
    }
    expect(stop).toBe(true);
    r.disconnect();
  });

  it('replies still settle in the order the commands were sent', async () => {
    const r = new Redis({ engine: new Engine() });
    const order: number[] = [];
    const all: Promise<unknown>[] = [];
    for (let i = 0; i < 25_000; i++) all.push(r.incr('n').then((v) => order.push(v as number)));
    await Promise.all(all);
    expect(order.length).toBe(25_000);
    expect(order.every((v, i) => v === i + 1)).toBe(true);
    r.disconnect();
  });

  it('fake timers do not hold replies back', async () => {
    const r = new Redis({ engine: new Engine() });
    await r.ping(); // ready before the clock is faked
    vi.useFakeTimers();
    for (let i = 0; i < 25_000; i++) await r.incr('k');
    expect(await r.get('k')).toBe('25000');
    r.disconnect();
  });
});
