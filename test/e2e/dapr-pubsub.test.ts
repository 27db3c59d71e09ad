/**
 * Dapr's Redis pub/sub (dapr/components-contrib pubsub/redis, see shared/reference/consumers.md
 * A.3) as a flow of redis-stub clients: two consumers of one group, publishing with
 * `XADD topic MAXLEN ~ 100 * data ...`, each consumer looping on
 * `XREADGROUP GROUP group <consumer> COUNT 10 BLOCK 0 STREAMS topic >` and XACKing what it did.
 * Then one consumer hangs with entries read but not acked and its connection closes while it is
 * blocked; the other finds those entries with XPENDING (extended form, IDLE) once they are older
 * than the processing timeout, takes them over with XCLAIM, does them and acks them.
 *
 * Nothing may be lost, nothing delivered again after its ack, and at the end XPENDING's summary
 * shows nothing pending. The same flow runs on the stub (manual clock, moved past the processing
 * timeout) and on the oracle through ioredis (real time, a short timeout), and both must show the
 * same outcome.
 *
 * The group is created with `$` as the issue asks; Dapr itself creates it with `0`. Either is
 * the same here, as the group exists before anything is published.
 */
import IORedis from 'ioredis';
import { describe, expect, it } from 'vitest';
import Redis, { Engine } from '../../src/index.js';
import { oraclePort } from '../support/oracle.js';

type Client = Record<string, (...args: unknown[]) => Promise<unknown>> & { disconnect(): void };

interface Server {
  client(): Client;
  /** Lets `ms` pass on the server's clock. */
  pass(ms: number): Promise<void>;
  /** Dapr's processingTimeout: how long an entry stays pending before another consumer may claim it. */
  processingTimeoutMs: number;
  close(): void;
}

function stubServer(): Server {
  const engine = new Engine();
  const clock = engine.useManualClock();
  return {
    client: () => new Redis({ engine }) as unknown as Client,
    pass: async (ms) => clock.advance(ms),
    processingTimeoutMs: 60_000, // Dapr's default
    close: () => engine.close(),
  };
}

function realServer(port: number): Server {
  return {
    client: () => new IORedis({ port, host: '127.0.0.1' }) as unknown as Client,
    pass: (ms) => sleep(ms),
    processingTimeoutMs: 150,
    close: () => {},
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function until(what: string, condition: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 2500; i++) {
    if (await condition()) return;
    await sleep(2);
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function blockedClients(admin: Client): Promise<number> {
  const info = String(await admin.info('clients'));
  return Number(/blocked_clients:(\d+)/.exec(info)![1]);
}

type Entry = [id: string, fields: string[]];
type ReadReply = [stream: string, entries: Entry[]][] | null;

const TOPIC = 'topic';
const GROUP = 'group';

/** What the flow saw, without times or IDs, so the stub's and the oracle's can be compared. */
interface Outcome {
  createReplies: unknown[];
  phase1: { published: number; deliveredOnce: boolean; pendingAfter: unknown };
  hungHolds: number;
  blockedAfterDisconnect: number;
  afterDeathAllToSurvivor: boolean;
  pendingBeforeTimeout: unknown[];
  pendingAfterTimeout: [consumer: string, deliveries: number][];
  claimed: string[][];
  pendingAfterClaim: [consumer: string, deliveries: number][];
  finalSummary: unknown;
  consumers: [name: string, pending: number][];
  /** Messages published in all (phase 2 publishes until the hung consumer holds three). */
  published: number;
  xlen: number;
}

interface Consumer {
  name: string;
  /** Every delivery, in order: [id, data]. */
  deliveries: Entry[];
  /** hang: read but never ack (the process is stuck mid-message). */
  mode: 'ok' | 'hang';
  unacked: string[];
  loop: Promise<string>;
}

async function daprFlow(server: Server): Promise<Outcome> {
  const admin = server.client();
  const publisher = server.client();
  const connA = server.client();
  const connB = server.client();
  const redeliveryB = server.client(); // Dapr's redelivery loop runs on another pooled connection
  const acked = new Map<string, string>(); // id -> consumer whose XACK replied 1
  const deliveredAfterAck: string[] = [];

  try {
    await admin.flushall();

    // Subscribe: both consumers create the group; the second gets BUSYGROUP, which Dapr ignores.
    const createReplies: unknown[] = [];
    for (const conn of [connA, connB]) {
      createReplies.push(
        await conn.xgroup('CREATE', TOPIC, GROUP, '$', 'MKSTREAM').catch((e: Error) => `${e.constructor.name}: ${e.message}`),
      );
    }

    const start = (name: string, conn: Client): Consumer => {
      const consumer: Consumer = { name, deliveries: [], mode: 'ok', unacked: [], loop: Promise.resolve('') };
      consumer.loop = (async () => {
        for (;;) {
          let reply: ReadReply;
          try {
            reply = (await conn.xreadgroup('GROUP', GROUP, name, 'COUNT', 10, 'BLOCK', 0, 'STREAMS', TOPIC, '>')) as ReadReply;
          } catch (e) {
            return (e as Error).message; // the connection closed under the blocked read
          }
          for (const [id, fields] of reply?.[0]?.[1] ?? []) {
            if (acked.has(id)) deliveredAfterAck.push(id);
            consumer.deliveries.push([id, fields]);
            if (consumer.mode === 'hang') {
              consumer.unacked.push(id);
              continue;
            }
            if ((await conn.xack(TOPIC, GROUP, id)) === 1) acked.set(id, name);
          }
        }
      })();
      return consumer;
    };

    let published = 0;
    const ids: string[] = [];
    const publish = async () => {
      published++;
      const id = (await publisher.xadd(TOPIC, 'MAXLEN', '~', 100, '*', 'data', `message ${published}`)) as string;
      ids.push(id);
      return id;
    };

    const a = start('consumer-a', connA);
    const b = start('consumer-b', connB);
    await until('both consumers blocked', async () => (await blockedClients(admin)) === 2);

    // Phase 1: both consumers share the messages; every one is acked once.
    for (let i = 0; i < 30; i++) await publish();
    await until('phase 1 acked', () => acked.size === 30);
    const all = [...a.deliveries, ...b.deliveries].map(([id]) => id);
    const phase1 = {
      published,
      deliveredOnce: all.length === 30 && new Set(all).size === 30 && ids.every((id) => all.includes(id)),
      pendingAfter: await admin.xpending(TOPIC, GROUP),
    };
    expect(phase1.deliveredOnce).toBe(true);
    expect(a.deliveries.length + b.deliveries.length).toBe(30);

    // Phase 2: consumer A hangs (reads, never acks) until it holds three entries, then its
    // connection closes while it is blocked in its next XREADGROUP.
    a.mode = 'hang';
    for (let i = 0; i < 50 && a.unacked.length < 3; i++) {
      await publish();
      await until('the entry delivered', () => acked.size + a.unacked.length === published);
    }
    expect(a.unacked).toHaveLength(3);
    await until('both consumers blocked again', async () => (await blockedClients(admin)) === 2);
    connA.disconnect();
    expect(await a.loop).toMatch(/Connection is closed/);
    await until('the dead consumer no longer blocked', async () => (await blockedClients(admin)) === 1);
    const blockedAfterDisconnect = await blockedClients(admin);

    // Phase 3: what is published now goes to B, none to the closed connection.
    const beforeDeath = b.deliveries.length;
    const afterDeath: string[] = [];
    for (let i = 0; i < 5; i++) afterDeath.push(await publish());
    await until('B did the new ones', () => afterDeath.every((id) => acked.get(id) === 'consumer-b'));
    const afterDeathAllToSurvivor = b.deliveries.slice(beforeDeath).map(([id]) => id).join() === afterDeath.join();

    // Phase 4: B's redelivery loop. Not idle long enough yet: nothing to claim.
    const threshold = server.processingTimeoutMs;
    const pendingBeforeTimeout = (await redeliveryB.xpending(TOPIC, GROUP, 'IDLE', threshold, '-', '+', 100)) as unknown[];
    await server.pass(threshold + 1);
    const stale = (await redeliveryB.xpending(TOPIC, GROUP, 'IDLE', threshold, '-', '+', 100)) as [string, string, number, number][];
    expect(stale.map(([id]) => id)).toEqual(a.unacked);
    for (const [, , idle] of stale) expect(idle).toBeGreaterThanOrEqual(threshold);
    const claimedEntries = (await redeliveryB.xclaim(TOPIC, GROUP, 'consumer-b', threshold, ...stale.map(([id]) => id))) as Entry[];
    const pendingAfterClaim = (await redeliveryB.xpending(TOPIC, GROUP, '-', '+', 100)) as [string, string, number, number][];
    for (const [id] of claimedEntries) {
      if (acked.has(id)) deliveredAfterAck.push(id);
      b.deliveries.push([id, []]);
      if ((await redeliveryB.xack(TOPIC, GROUP, id)) === 1) acked.set(id, 'consumer-b');
    }

    // Nothing lost, everything acked exactly once, nothing delivered after its ack.
    expect(published).toBe(ids.length);
    expect([...acked.keys()].sort()).toEqual([...ids].sort());
    expect(deliveredAfterAck).toEqual([]);
    const finalSummary = await admin.xpending(TOPIC, GROUP);
    expect(finalSummary).toEqual([0, null, null, null]);
    const consumers = ((await admin.xinfo('CONSUMERS', TOPIC, GROUP)) as unknown[][]).map((fields) => {
      const f = Object.fromEntries(Array.from({ length: fields.length / 2 }, (_, i) => [fields[2 * i], fields[2 * i + 1]]));
      return [f.name as string, f.pending as number] as [string, number];
    });

    return {
      createReplies,
      phase1,
      hungHolds: a.unacked.length,
      blockedAfterDisconnect,
      afterDeathAllToSurvivor,
      pendingBeforeTimeout,
      pendingAfterTimeout: stale.map(([, consumer, , deliveries]) => [consumer, deliveries]),
      claimed: claimedEntries.map(([, fields]) => fields),
      pendingAfterClaim: pendingAfterClaim.map(([, consumer, , deliveries]) => [consumer, deliveries]),
      finalSummary,
      consumers,
      published,
      xlen: (await admin.xlen(TOPIC)) as number,
    };
  } finally {
    for (const c of [admin, publisher, connA, connB, redeliveryB]) c.disconnect();
    server.close();
  }
}

/** What both servers must show (the parts that do not depend on which consumer a message went to). */
function expectDaprOutcome(o: Outcome): void {
  expect(o.createReplies).toEqual(['OK', 'ReplyError: BUSYGROUP Consumer Group name already exists']);
  expect(o.phase1).toEqual({ published: 30, deliveredOnce: true, pendingAfter: [0, null, null, null] });
  expect(o.hungHolds).toBe(3);
  expect(o.blockedAfterDisconnect).toBe(1);
  expect(o.afterDeathAllToSurvivor).toBe(true);
  expect(o.pendingBeforeTimeout).toEqual([]);
  expect(o.pendingAfterTimeout).toEqual([
    ['consumer-a', 1],
    ['consumer-a', 1],
    ['consumer-a', 1],
  ]);
  expect(o.claimed).toHaveLength(3);
  for (const fields of o.claimed) expect(fields).toEqual(['data', expect.stringMatching(/^message \d+$/)]);
  // XCLAIM counts a delivery (no JUSTID) and moves the entries to the claimer.
  expect(o.pendingAfterClaim).toEqual([
    ['consumer-b', 2],
    ['consumer-b', 2],
    ['consumer-b', 2],
  ]);
  expect(o.finalSummary).toEqual([0, null, null, null]);
  expect(o.consumers).toEqual([
    ['consumer-a', 0],
    ['consumer-b', 0],
  ]);
  expect(o.xlen).toBe(o.published); // fewer than 100: MAXLEN ~ 100 trims nothing
}

describe('Dapr pub/sub on Redis streams: consumer groups, a dead consumer, XPENDING + XCLAIM', () => {
  it('redis-stub: nothing lost, nothing delivered after its ack, nothing pending at the end', async () => {
    expectDaprOutcome(await daprFlow(stubServer()));
  });

  it.skipIf(oraclePort() === undefined)('the same flow on the oracle (ioredis -> redis-server) ends the same way', async () => {
    const stub = await daprFlow(stubServer());
    const real = await daprFlow(realServer(oraclePort()!));
    expectDaprOutcome(real);
    // Which consumer a message goes to may differ; every count and reply the flow saw may not.
    expect(comparable(stub)).toEqual(comparable(real));
  });
});

/** Drops what depends on which consumer was served first (how many phase 2 published, the payloads claimed). */
function comparable(o: Outcome): Omit<Outcome, 'xlen' | 'published' | 'claimed'> & { claimed: number } {
  const { xlen: _xlen, published: _published, claimed, ...rest } = o;
  return { ...rest, claimed: claimed.length };
}
