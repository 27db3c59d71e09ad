/**
 * ioredis's monitor(), side by side with real ioredis on the oracle: the monitoring duplicate,
 * its status and mode, the `monitor` events (arguments and types), and the refusal of commands.
 */
import { describe, expect, it } from 'vitest';
import Redis, { Engine } from '../../src/index.js';
import { type AnyClient, oracleAvailable, outcome, realClient, shape, sleep, stubClient } from './side-by-side.js';

type Event = [time: unknown, args: unknown, source: unknown, database: unknown];

/** An event with its clock and peer checked by form: `time` and `source` as placeholders. */
function normalize(e: Event, source: string): unknown[] {
  const [time, args, src, db] = e;
  return [
    typeof time === 'string' && /^\d+\.\d{6}$/.test(time) ? 'time' : time,
    args,
    src === source ? 'source' : src,
    db,
  ];
}

/** Monitors `client` while `steps` run on it; the events it saw and what monitor() gave. */
async function watch(client: AnyClient, steps: (c: AnyClient) => Promise<unknown>): Promise<unknown> {
  const promise = client.monitor();
  const m = (await promise) as AnyClient;
  const events: Event[] = [];
  m.on('monitor', (...args: Event) => events.push(args));
  const before = { status: m.status, mode: m.mode, same: m === client, isPromise: promise instanceof Promise };
  const info = String(await client.client('INFO'));
  const source = /addr=(\S+)/.exec(info)![1]!;
  await steps(client);
  await sleep(50);
  const refused = await outcome(m.get('k'));
  const refusedPing = await outcome(m.ping());
  m.disconnect();
  await sleep(10);
  return { before, events: events.map((e) => normalize(e, source)), refused, refusedPing, after: m.status };
}

async function sideBySide(steps: (c: AnyClient) => Promise<unknown>): Promise<unknown> {
  const stub = stubClient();
  const mine = await watch(stub, steps);
  stub.disconnect();
  if (oracleAvailable) {
    const real = await realClient();
    const theirs = await watch(real, steps);
    real.disconnect();
    expect(shape(mine)).toEqual(shape(theirs));
  }
  return mine;
}

describe('monitor()', () => {
  it('resolves a monitoring duplicate that emits each command as ioredis parses it', async () => {
    const seen = (await sideBySide(async (c) => {
      await c.set('k', 'v');
      await c.get('k');
      await c.set('q', 'x"y\nz\\w');
      await c.select(1);
      await c.hset('h', 'f', '1');
      await c.select(0);
      await c.config('GET', 'hz');
      await c.call('nosuch').catch(() => {});
    })) as { events: unknown[] };
    expect(seen.events[0]).toEqual(['time', ['client', 'INFO'], 'source', '0']);
  });

  it('takes a callback, and reports status and mode', async () => {
    const client = stubClient();
    const m = await new Promise<AnyClient>((resolve, reject) => client.monitor((err: Error | null, r: AnyClient) => (err ? reject(err) : resolve(r))));
    expect(m.status).toBe('monitoring');
    expect(m.mode).toBe('monitor');
    expect(client.mode).toBe('normal');
    await expect(m.set('a', 'b')).rejects.toThrow("Connection is in monitoring mode, can't process commands.");
    m.disconnect();
    client.disconnect();
  });

  it('sees other clients of the same engine, and the engine clock', async () => {
    const engine = new Engine({ activeExpire: false });
    engine.useManualClock(1_700_000_000_000);
    const a = new Redis({ engine });
    const b = new Redis({ engine });
    const m = (await a.monitor()) as AnyClient;
    const events: Event[] = [];
    m.on('monitor', (...args: Event) => events.push(args));
    await b.set('k', 'v');
    await a.incr('n');
    // Lines arrive as from a socket: after the replies, on a later tick.
    await new Promise((resolve) => setImmediate(resolve));
    expect(events.map((e) => [e[0], e[1], e[3]])).toEqual([
      ['1700000000.000000', ['set', 'k', 'v'], '0'],
      ['1700000000.000000', ['incr', 'n'], '0'],
    ]);
    expect(events[0]![2]).not.toBe(events[1]![2]);
    m.disconnect();
    a.disconnect();
    b.disconnect();
    engine.close();
  });
});
