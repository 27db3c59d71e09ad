/** The client's lifecycle uses no timers of its own, so test fake timers do not stall it. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import Redis, { Engine } from '../../src/index.js';
import { once } from './side-by-side.js';

describe('under vi.useFakeTimers()', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('connects, answers, quits and ends without advancing time', async () => {
    vi.useFakeTimers();
    const redis = new Redis({ engine: new Engine() });
    const events: string[] = [];
    for (const e of ['connecting', 'connect', 'ready', 'close', 'end']) redis.on(e, () => events.push(e));
    expect(await redis.set('k', 'v')).toBe('OK');
    expect(await redis.get('k')).toBe('v');
    expect(redis.status).toBe('ready');
    const ended = once(redis as never, 'end');
    expect(await redis.quit()).toBe('OK');
    await ended;
    expect(events).toEqual(['connecting', 'connect', 'ready', 'close', 'end']);
  });

  it('TTLs follow the faked clock', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const redis = new Redis({ engine: new Engine({ activeExpire: false }) });
    await redis.set('k', 'v', 'PX', 1500);
    vi.advanceTimersByTime(1000);
    expect(await redis.pttl('k')).toBe(500);
    vi.advanceTimersByTime(501);
    expect(await redis.get('k')).toBe(null);
    redis.disconnect();
  });

  it('disconnect(true) reconnects when the retry delay has passed', async () => {
    vi.useFakeTimers();
    const redis = new Redis({ engine: new Engine() });
    await redis.ping();
    const events: unknown[] = [];
    for (const e of ['close', 'reconnecting', 'connecting', 'ready']) redis.on(e, (arg: unknown) => events.push(arg === undefined ? e : [e, arg]));
    redis.disconnect(true);
    const queued = redis.get('k');
    await vi.advanceTimersByTimeAsync(50);
    expect(await queued).toBe(null);
    expect(events).toEqual(['close', ['reconnecting', 50], 'connecting', 'ready']);
    redis.disconnect();
  });
});
