/**
 * The client's pub/sub side by side with real ioredis on the oracle: message events and their
 * argument types, the counts subscribe() and friends resolve, subscriber mode and its errors,
 * PING as a subscriber, duplicate(), quit/disconnect while subscribed, resubscribe on reconnect.
 */
import { afterEach, describe, expect, it } from 'vitest';
import Redis, { Engine } from '../../src/index.js';
import { type AnyClient, oracleAvailable, outcome, realClient, shape, sleep } from './side-by-side.js';

const MESSAGE_EVENTS = ['message', 'messageBuffer', 'pmessage', 'pmessageBuffer', 'smessage', 'smessageBuffer'];

/** Records every message event with its arguments' shapes. */
function listen(client: AnyClient, log: unknown[]): void {
  for (const name of MESSAGE_EVENTS) client.on(name, (...args: unknown[]) => log.push([name, ...args.map((a) => shape(a))]));
}

const opened: AnyClient[] = [];
afterEach(() => {
  for (const c of opened.splice(0)) c.disconnect();
});

/** A publisher and a subscriber on the oracle (real ioredis) or on one fresh engine (the stub). */
async function pair(real: boolean, options: Record<string, unknown> = {}): Promise<[AnyClient, AnyClient]> {
  if (real) {
    const pub = await realClient();
    const sub = await realClient(options);
    opened.push(pub, sub);
    return [pub, sub];
  }
  const engine = new Engine({ activeExpire: false });
  const pub = new Redis({ engine }) as unknown as AnyClient;
  const sub = new Redis({ engine, ...options }) as unknown as AnyClient;
  opened.push(pub, sub);
  return [pub, sub];
}

/** Waits until `n` events are logged (the oracle delivers over sockets), at most a second. */
async function until(log: unknown[], n: number): Promise<void> {
  for (let i = 0; i < 200 && log.length < n; i++) await sleep(5);
}

/** Runs a session on both sides; the pictures must be equal. */
async function sameOnBoth(run: (real: boolean) => Promise<unknown[]>): Promise<void> {
  const expected = await run(true);
  const actual = await run(false);
  expect(actual).toEqual(expected);
}

describe.skipIf(!oracleAvailable)('pub/sub with the client, side by side with ioredis', () => {
  it('subscribe counts, message events and their argument types, byte-exact payloads', async () => {
    await sameOnBoth(async (real) => {
      const [pub, sub] = await pair(real);
      const log: unknown[] = [];
      const out: unknown[] = [];
      listen(sub, log);
      out.push(await outcome(sub.subscribe('a', 'b')));
      out.push(await outcome(sub.subscribe(['c'])));
      out.push(await outcome(sub.subscribe('a')));
      out.push(await outcome(sub.psubscribe('a*')));
      out.push(await outcome(sub.ssubscribe('s1')));
      out.push(sub.mode);
      out.push(await outcome(pub.publish('a', 'hello')));
      out.push(await outcome(pub.publish('a', Buffer.from([0xff, 0x01]))));
      out.push(await outcome(pub.publish('ab', 'é')));
      out.push(await outcome(pub.spublish('s1', 'shard')));
      out.push(await outcome(pub.pubsub('NUMSUB', 'a', 'zz')));
      out.push(await outcome(pub.pubsub('NUMPAT')));
      out.push(await outcome(pub.call('PUBSUB', 'SHARDNUMSUB', 's1')));
      await until(log, 14);
      out.push(log);
      return out;
    });
  });

  it('subscriber mode: only subscriber commands, ping answers pong, back to normal at 0', async () => {
    await sameOnBoth(async (real) => {
      const [, sub] = await pair(real);
      const out: unknown[] = [];
      out.push(await outcome(sub.unsubscribe()));
      out.push(await outcome(sub.unsubscribe('x')));
      out.push(sub.mode);
      out.push(await outcome(sub.subscribe('a')));
      out.push(await outcome(sub.get('k')));
      out.push(await outcome(sub.set('k', 'v')));
      out.push(await outcome(sub.ping()));
      out.push(await outcome(sub.ping('hi')));
      // (A pipeline in subscriber mode desyncs real ioredis's reply queue: not compared.)
      out.push(await outcome(sub.subscribe('b')));
      out.push(await outcome(sub.multi().get('k').exec()));
      out.push(await outcome(sub.call('GET', 'k')));
      out.push(await outcome(sub.psubscribe('p*')));
      out.push(await outcome(sub.unsubscribe('a', 'b')));
      out.push(sub.mode);
      out.push(await outcome(sub.punsubscribe()));
      out.push(sub.mode);
      out.push(await outcome(sub.get('k')));
      out.push(await outcome(sub.ping()));
      return out;
    });
  });

  it('unsubscribe() with no arguments resolves 0 once every channel is gone', async () => {
    await sameOnBoth(async (real) => {
      const [, sub] = await pair(real);
      return [await outcome(sub.subscribe('a', 'b', 'c')), await outcome(sub.unsubscribe()), sub.mode];
    });
  });

  it('duplicate() subscribers share the server; each gets its own events', async () => {
    await sameOnBoth(async (real) => {
      const [pub] = await pair(real);
      const a = pub.duplicate();
      const b = pub.duplicate();
      opened.push(a, b);
      const logA: unknown[] = [];
      const logB: unknown[] = [];
      listen(a, logA);
      listen(b, logB);
      const out: unknown[] = [await outcome(a.subscribe('ch')), await outcome(b.psubscribe('c*'))];
      out.push(await outcome(pub.publish('ch', 'one')), await outcome(pub.publish('ch', 'two')));
      await until(logA, 4);
      await until(logB, 4);
      out.push(logA, logB, pub.mode, a.mode);
      return out;
    });
  });

  it('quit() while subscribed: OK, the subscriptions go with the connection', async () => {
    await sameOnBoth(async (real) => {
      const [pub, sub] = await pair(real);
      const out: unknown[] = [await outcome(sub.subscribe('a')), await outcome(sub.quit())];
      await sleep(20);
      out.push(sub.status, await outcome(pub.publish('a', 'x')), await outcome(pub.pubsub('NUMSUB', 'a')));
      out.push(await outcome(sub.get('k')));
      return out;
    });
  });

  it('disconnect() then connect(): subscriptions come back (autoResubscribe)', async () => {
    await sameOnBoth(async (real) => {
      const [pub, sub] = await pair(real);
      const log: unknown[] = [];
      listen(sub, log);
      const out: unknown[] = [await outcome(sub.subscribe('a', 'b')), await outcome(sub.psubscribe('x*'))];
      sub.disconnect();
      await sleep(20);
      out.push(sub.status, await outcome(pub.publish('a', 'lost')));
      await sub.connect();
      await sleep(20);
      out.push(sub.mode, await outcome(pub.publish('a', 'back')), await outcome(pub.publish('xy', 'pattern')));
      out.push(await outcome(pub.pubsub('NUMSUB', 'a', 'b')), await outcome(pub.pubsub('NUMPAT')));
      await until(log, 4);
      out.push(log);
      return out;
    });
  });

  it('disconnect(true) reconnects and resubscribes; autoResubscribe: false does not', async () => {
    await sameOnBoth(async (real) => {
      const out: unknown[] = [];
      for (const autoResubscribe of [true, false]) {
        const [pub, sub] = await pair(real, { autoResubscribe });
        await sub.subscribe('r');
        sub.disconnect(true);
        await new Promise((resolve) => sub.once('ready', resolve));
        await sleep(20);
        out.push(sub.mode, await outcome(pub.publish('r', 'm')), await outcome(pub.pubsub('NUMSUB', 'r')));
        sub.disconnect();
      }
      return out;
    });
  });
});

describe('pub/sub on the stub alone', () => {
  it('messages are emitted after the publisher call returns, in publish order', async () => {
    const engine = new Engine({ activeExpire: false });
    const pub = new Redis({ engine }) as unknown as AnyClient;
    const sub = new Redis({ engine }) as unknown as AnyClient;
    const log: string[] = [];
    sub.on('message', (_ch: string, m: string) => log.push(m));
    await sub.subscribe('c');
    void pub.publish('c', '1');
    void pub.publish('c', '2');
    log.push('returned');
    await pub.publish('c', '3');
    expect(log).toEqual(['returned', '1', '2', '3']);
    pub.disconnect();
    sub.disconnect();
  });

  it('protocol: 3 keeps every command working while subscribed, mode stays normal', async () => {
    const engine = new Engine({ activeExpire: false });
    const sub = new Redis({ engine, protocol: 3 }) as unknown as AnyClient;
    const pub = new Redis({ engine }) as unknown as AnyClient;
    const got: unknown[] = [];
    sub.on('message', (...args: unknown[]) => got.push(args));
    expect(await sub.subscribe('a')).toBe(1);
    expect(sub.mode).toBe('normal');
    expect(await sub.set('k', 'v')).toBe('OK');
    expect(await sub.get('k')).toBe('v');
    expect(await sub.ping()).toBe('PONG');
    await pub.publish('a', 'm');
    expect(got).toEqual([['a', 'm']]);
    pub.disconnect();
    sub.disconnect();
  });

  it('keyspace notifications reach a client subscriber', async () => {
    const engine = new Engine({ activeExpire: false, config: { 'notify-keyspace-events': 'Ex' } });
    const sub = new Redis({ engine }) as unknown as AnyClient;
    const client = new Redis({ engine }) as unknown as AnyClient;
    const events: unknown[] = [];
    sub.on('message', (...args: unknown[]) => events.push(args));
    await sub.subscribe('__keyevent@0__:expired');
    const clock = engine.useManualClock();
    await client.set('session', 'x', 'PX', 100);
    clock.advance(200);
    await Promise.resolve();
    expect(events).toEqual([['__keyevent@0__:expired', 'session']]);
    sub.disconnect();
    client.disconnect();
  });
});
