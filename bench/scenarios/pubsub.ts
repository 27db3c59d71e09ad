/**
 * Pub/sub (issue P4): PUBLISH to 1 subscriber, to 100 subscribers, and to 1 pattern subscriber.
 *
 * Every subscriber is a connection of its own (`duplicate()` of the publisher: the same engine for
 * redis-stub, the same server for ioredis, the same shared data for ioredis-mock), subscribed
 * before the clock starts. A round is a burst of 100 PUBLISHes sent back to back by the publisher;
 * it is complete when every reply has come back and every subscriber has received all 100 messages
 * (its `message` / `pmessage` event), so delivery is timed, not just the publisher's side.
 * Publishes/s is 100 × rounds / time, deliveries/s that times the subscriber count; best round kept.
 *
 * As in the streams suite, a scenario first checks that the target answers as Redis does: PUBLISH
 * replies with the number of receivers, and each subscriber gets the message exactly once with the
 * right channel, payload (and pattern). A target that does not is n/a with the reason.
 */
import { type BenchClient, formatOps } from '../harness.js';
import { bestOf, check, cmd, NotLikeRedis, opsPerSec, reasonOf } from './streams-blocking.js';

export type PubSubResult = { kind: 'ops'; publishesPerSec: number; deliveriesPerSec: number } | { kind: 'na'; reason: string };

/** PUBLISHes per round, sent back to back. */
const BURST = 100;
const CHANNEL = 'bench:events';
const PATTERN = 'bench:*';
const PAYLOAD = '{"id":12345,"type":"updated"}';

export const PUBSUB_SCENARIOS = {
  one: 'PUBLISH to 1 subscriber',
  hundred: 'PUBLISH to 100 subscribers',
  pattern: `PUBLISH to 1 pattern subscriber (PSUBSCRIBE ${PATTERN})`,
} as const;

type Emitter = BenchClient & { on(event: string, listener: (...args: string[]) => void): unknown; disconnect(): void };

/**
 * Counts each subscriber's messages; `expect(n)` resolves once every subscriber has n more. A
 * round that loses a message would wait forever, so it rejects after a while instead.
 */
class Deliveries {
  private readonly counts: number[];
  private expected = 0;
  private pending = 0;
  private resolve: (() => void) | undefined;

  constructor(readonly subscribers: number) {
    this.counts = new Array<number>(subscribers).fill(0);
  }

  received(i: number): void {
    if (++this.counts[i]! === this.expected && --this.pending === 0) this.resolve!();
  }

  expect(n: number, timeoutMs = 10_000): Promise<void> {
    this.counts.fill(0);
    this.expected = n;
    this.pending = this.subscribers;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new NotLikeRedis(`a subscriber missed messages: ${this.counts.join(',')}`)), timeoutMs);
      this.resolve = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

async function scenario(c: BenchClient, seconds: number, rounds: number, subscribers: number, pattern: boolean): Promise<PubSubResult> {
  const duplicate = c.duplicate as (() => BenchClient) | undefined;
  check(typeof duplicate === 'function', 'no duplicate()');
  const subs: Emitter[] = [];
  try {
    await c.flushall();
    for (let i = 0; i < subscribers; i++) subs.push(duplicate!.call(c) as Emitter);

    // The probe: every subscriber receives one message, once, with the right channel and payload.
    const seen: string[][] = subs.map(() => []);
    subs.forEach((s, i) => {
      s.on('message', (...args) => seen[i]!.push(JSON.stringify(['message', ...args])));
      s.on('pmessage', (...args) => seen[i]!.push(JSON.stringify(['pmessage', ...args])));
    });
    for (const s of subs) {
      const n = await cmd(s, pattern ? 'psubscribe' : 'subscribe', pattern ? PATTERN : CHANNEL);
      check(n === 1, `${pattern ? 'PSUBSCRIBE' : 'SUBSCRIBE'} replied ${JSON.stringify(n)}, not 1`);
    }
    const receivers = await cmd(c, 'publish', CHANNEL, PAYLOAD);
    check(receivers === subscribers, `PUBLISH replied ${JSON.stringify(receivers)} with ${subscribers} subscriber(s)`);
    const expected = JSON.stringify(pattern ? ['pmessage', PATTERN, CHANNEL, PAYLOAD] : ['message', CHANNEL, PAYLOAD]);
    for (let wait = 0; wait < 200 && seen.some((m) => m.length === 0); wait++) await new Promise((r) => setTimeout(r, 10));
    const wrong = seen.findIndex((m) => m.length !== 1 || m[0] !== expected);
    check(wrong === -1, `subscriber ${wrong} got ${JSON.stringify(seen[wrong])}, expected [${expected}]`);
    check((await cmd(c, 'publish', 'elsewhere', PAYLOAD)) === 0, 'PUBLISH to a channel nobody is subscribed to did not reply 0');

    // The measurement: counting listeners only.
    const deliveries = new Deliveries(subscribers);
    subs.forEach((s, i) => {
      (s as unknown as { removeAllListeners(e: string): void }).removeAllListeners(pattern ? 'pmessage' : 'message');
      s.on(pattern ? 'pmessage' : 'message', () => deliveries.received(i));
    });
    const burst = async () => {
      const delivered = deliveries.expect(BURST);
      const replies: Promise<unknown>[] = [];
      for (let j = 0; j < BURST; j++) replies.push(cmd(c, 'publish', CHANNEL, PAYLOAD));
      await Promise.all(replies);
      await delivered;
    };
    const publishesPerSec = await bestOf(rounds, () => opsPerSec(seconds, BURST, burst));
    return { kind: 'ops', publishesPerSec, deliveriesPerSec: publishesPerSec * subscribers };
  } finally {
    // Unsubscribe first: ioredis-mock keeps a disconnected client's subscriptions (and counts them).
    await Promise.all(subs.map((s) => cmd(s, pattern ? 'punsubscribe' : 'unsubscribe').catch(() => undefined)));
    for (const s of subs) s.disconnect();
  }
}

/** Runs the suite on one target (in its own process, bench/target.ts) and returns a row per scenario. */
export async function pubsubSuite(c: BenchClient, seconds: number, rounds: number): Promise<Record<string, PubSubResult>> {
  const out: Record<string, PubSubResult> = {};
  const scenarios: [string, number, boolean][] = [
    [PUBSUB_SCENARIOS.one, 1, false],
    [PUBSUB_SCENARIOS.hundred, 100, false],
    [PUBSUB_SCENARIOS.pattern, 1, true],
  ];
  for (const [name, subscribers, pattern] of scenarios) {
    try {
      out[name] = await scenario(c, seconds, rounds, subscribers, pattern);
    } catch (e) {
      out[name] = { kind: 'na', reason: reasonOf(e) };
    }
  }
  return out;
}

/**
 * The suite's section of RESULTS.md: publishes/s for each scenario (and deliveries/s where there
 * is more than one subscriber), with redis-stub's ratio to each other target.
 */
export function pubsubTable(byTarget: [label: string, rows: Record<string, PubSubResult>][], baseline: string): string {
  const labels = byTarget.map(([label]) => label);
  const others = labels.filter((l) => l !== baseline);
  const get = (label: string, scenario: string) => byTarget.find(([l]) => l === label)?.[1][scenario];
  const head = `| scenario | ${labels.join(' | ')} | ${others.map((o) => `${baseline} / ${o}`).join(' | ')} |`;
  const sep = `|${' --- |'.repeat(1 + labels.length + others.length)}`;
  const row = (name: string, scenario: string, pick: 'publishesPerSec' | 'deliveriesPerSec', unit: string) => {
    const value = (r: PubSubResult | undefined) => (r?.kind === 'ops' ? r[pick] : undefined);
    const cells = labels.map((l) => {
      const r = get(l, scenario);
      return r?.kind === 'na' ? `n/a (${r.reason})` : r === undefined ? 'n/a' : `${formatOps(value(r)!)} ${unit}`;
    });
    const base = value(get(baseline, scenario));
    const ratios = others.map((o) => {
      const v = value(get(o, scenario));
      return base === undefined || v === undefined ? 'n/a' : `${(base / v).toFixed(1)}×`;
    });
    return `| ${name} | ${cells.join(' | ')} | ${ratios.join(' | ')} |`;
  };
  return [
    head,
    sep,
    row(PUBSUB_SCENARIOS.one, PUBSUB_SCENARIOS.one, 'publishesPerSec', 'publishes/s'),
    row(`${PUBSUB_SCENARIOS.hundred}: publishes`, PUBSUB_SCENARIOS.hundred, 'publishesPerSec', 'publishes/s'),
    row(`${PUBSUB_SCENARIOS.hundred}: deliveries`, PUBSUB_SCENARIOS.hundred, 'deliveriesPerSec', 'deliveries/s'),
    row(PUBSUB_SCENARIOS.pattern, PUBSUB_SCENARIOS.pattern, 'publishesPerSec', 'publishes/s'),
  ].join('\n');
}
