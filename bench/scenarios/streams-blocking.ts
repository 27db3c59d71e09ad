/**
 * Streams and blocking (issue P3): XADD, XRANGE of 100 entries, an XREADGROUP+XACK round trip, and
 * how fast a client blocked in BLPOP is woken by another client's LPUSH.
 *
 * Unlike the core and collection suites, a scenario here first checks that the target answers the
 * way Redis does (the reply shape, a time-based XADD ID, a woken BLPOP). A target that lacks a
 * command or gets it wrong is reported as n/a with the reason, instead of crashing the run or
 * timing something that is not the command (ioredis-mock has no consumer groups and no BLPOP).
 *
 * The wake-up scenario uses two more connections to the same server (`duplicate()`): a consumer
 * blocked in `BLPOP q 0` and a producer. Latency is the time from the LPUSH call to the BLPOP
 * promise resolving, sampled only once the server reports the consumer blocked (INFO clients),
 * pooled over all rounds (median and p99, so a GC pause shows up in the p99 rather than being
 * dropped with its round). Wake-ups/s is a ping-pong: BLPOP, LPUSH, await both, again; best round.
 * On a real server the BLPOP can reach it after the LPUSH (two sockets) and find the item without
 * blocking, which only flatters the real server's number.
 */
import { type BenchClient, formatOps } from '../harness.js';

export type StreamsResult =
  | { kind: 'ops'; opsPerSec: number }
  | { kind: 'latency'; medianUs: number; p99Us: number; samples: number; wakeupsPerSec: number }
  | { kind: 'na'; reason: string };

export const STREAM_SCENARIOS = {
  xadd: 'XADD s * f v',
  xrange: 'XRANGE s - + COUNT 100 (1000 entries)',
  readAck: 'XREADGROUP COUNT 1 > + XACK',
  wakeup: 'BLPOP woken by LPUSH',
} as const;

/** The target answered, but not as Redis does: the scenario is n/a for it. */
export class NotLikeRedis extends Error {}

type Args = (string | number)[];

/** Calls a command method; a missing method or a synchronous throw (ioredis-mock) becomes a rejection. */
export function cmd(c: BenchClient, name: string, ...args: Args): Promise<unknown> {
  const f = c[name];
  if (typeof f !== 'function') return Promise.reject(new NotLikeRedis(`no ${name.toUpperCase()}`));
  try {
    return (f as (...a: Args) => Promise<unknown>).apply(c, args);
  } catch (e) {
    return Promise.reject(e);
  }
}

/** A short reason for the table: "no XGROUP" for an unsupported command, else the error text. */
export function reasonOf(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const unsupported = /Unsupported command: "([^"]+)"/.exec(message);
  if (unsupported) return `no ${unsupported[1]!.toUpperCase()}`;
  return message.length > 100 ? `${message.slice(0, 97)}...` : message;
}

export function check(ok: boolean, reason: string): void {
  if (!ok) throw new NotLikeRedis(reason);
}

async function fillStream(c: BenchClient, key: string, n: number): Promise<void> {
  for (let start = 0; start < n; start += 10_000) {
    const p = c.pipeline() as unknown as { exec(): Promise<[Error | null, unknown][] | null>; [k: string]: unknown };
    for (let i = start; i < Math.min(n, start + 10_000); i++) (p.xadd as (...a: Args) => unknown).call(p, key, '*', 'f', `v${i}`);
    const replies = await p.exec();
    const failed = replies?.find(([err]) => err !== null);
    if (failed) throw failed[0];
  }
}

/**
 * Ops/s of `run` over `seconds`, after a 500 ms warm-up. `refill` (when it returns a promise) runs
 * off the clock: it restocks what the scenario consumes.
 */
export async function opsPerSec(
  seconds: number,
  opsPerRun: number,
  run: (i: number) => Promise<void>,
  refill?: () => Promise<void> | undefined,
): Promise<number> {
  let i = 0;
  const warmUntil = performance.now() + 500;
  while (performance.now() < warmUntil) {
    await refill?.();
    await run(i++);
  }
  let elapsed = 0;
  let runs = 0;
  let start = performance.now();
  const budget = seconds * 1000;
  while (elapsed + (performance.now() - start) < budget) {
    const restock = refill?.();
    if (restock) {
      elapsed += performance.now() - start;
      await restock;
      start = performance.now();
    }
    await run(i++);
    runs++;
  }
  elapsed += performance.now() - start;
  return (runs * opsPerRun) / (elapsed / 1000);
}

export async function bestOf(rounds: number, measureRound: () => Promise<number>): Promise<number> {
  let best = 0;
  for (let r = 0; r < rounds; r++) best = Math.max(best, await measureRound());
  return best;
}

async function xadd(c: BenchClient, seconds: number, rounds: number): Promise<StreamsResult> {
  await c.flushall();
  const id = await cmd(c, 'xadd', 's', '*', 'f', 'v');
  const m = typeof id === 'string' ? /^(\d+)-(\d+)$/.exec(id) : null;
  check(m !== null, `XADD * replied ${JSON.stringify(id)}, not an ID`);
  check(Math.abs(Number(m![1]) - Date.now()) < 60_000, `XADD * gives IDs like ${id}, not <ms time>-<seq>`);
  const second = await cmd(c, 'xadd', 's', '*', 'f', 'v');
  check(typeof second === 'string' && second !== id, `second XADD * replied ${JSON.stringify(second)}`);
  const opsPerSecond = await bestOf(rounds, async () => {
    await c.flushall();
    return opsPerSec(seconds, 1, async () => {
      await cmd(c, 'xadd', 's', '*', 'f', 'v');
    });
  });
  return { kind: 'ops', opsPerSec: opsPerSecond };
}

async function xrange(c: BenchClient, seconds: number, rounds: number): Promise<StreamsResult> {
  await c.flushall();
  await fillStream(c, 's', 1000);
  const reply = (await cmd(c, 'xrange', 's', '-', '+', 'COUNT', 100)) as unknown;
  check(Array.isArray(reply), `XRANGE replied ${JSON.stringify(reply)}`);
  const entries = reply as unknown[];
  check(entries.length === 100, `XRANGE ... COUNT 100 on 1000 entries gave ${entries.length}`);
  const [firstId, fields] = entries[0] as [unknown, unknown];
  check(typeof firstId === 'string' && JSON.stringify(fields) === '["f","v0"]', `XRANGE entry shape ${JSON.stringify(entries[0])}`);
  const opsPerSecond = await bestOf(rounds, () =>
    opsPerSec(seconds, 1, async () => {
      await cmd(c, 'xrange', 's', '-', '+', 'COUNT', 100);
    }),
  );
  return { kind: 'ops', opsPerSec: opsPerSecond };
}

/** Reads one new entry as consumer c1 of group g and returns its ID. */
async function readOne(c: BenchClient): Promise<string> {
  const reply = (await cmd(c, 'xreadgroup', 'GROUP', 'g', 'c1', 'COUNT', 1, 'STREAMS', 's', '>')) as [string, [string, string[]][]][];
  return reply[0]![1][0]![0];
}

async function readAck(c: BenchClient, seconds: number, rounds: number): Promise<StreamsResult> {
  const STOCK = 10_000;
  let stock = 0;
  const refill = () => (stock > 0 ? undefined : fillStream(c, 's', STOCK).then(() => void (stock = STOCK)));
  const reset = async () => {
    await c.flushall();
    await cmd(c, 'xgroup', 'CREATE', 's', 'g', '$', 'MKSTREAM');
    stock = 0;
  };
  await reset();
  await fillStream(c, 's', 2);
  const reply = await cmd(c, 'xreadgroup', 'GROUP', 'g', 'c1', 'COUNT', 1, 'STREAMS', 's', '>');
  const shape = JSON.stringify(reply);
  check(Array.isArray(reply) && /^\[\["s",\[\["\d+-\d+",\["f","v0"\]\]\]\]\]$/.test(shape), `XREADGROUP replied ${shape}`);
  const id = (reply as [string, [string, string[]][]][])[0]![1][0]![0];
  const pending = (await cmd(c, 'xpending', 's', 'g')) as unknown[];
  check(pending[0] === 1, `XPENDING after one read: ${JSON.stringify(pending)}`);
  check((await cmd(c, 'xack', 's', 'g', id)) === 1, 'XACK of a pending entry did not reply 1');
  check(((await cmd(c, 'xpending', 's', 'g')) as unknown[])[0] === 0, 'XACK left the entry pending');
  const opsPerSecond = await bestOf(rounds, async () => {
    await reset();
    return opsPerSec(
      seconds,
      2,
      async () => {
        const entry = await readOne(c);
        stock--;
        await cmd(c, 'xack', 's', 'g', entry);
      },
      refill,
    );
  });
  return { kind: 'ops', opsPerSec: opsPerSecond };
}

/** Resolves once the server reports `n` blocked clients (INFO clients), polling through `via`. */
async function untilBlocked(via: BenchClient, n: number): Promise<void> {
  for (let polls = 0; polls < 1_000; polls++) {
    const info = String(await cmd(via, 'info', 'clients'));
    if (info.includes(`blocked_clients:${n}\r\n`) || info.includes(`blocked_clients:${n}\n`)) return;
    if (polls > 10) await new Promise((r) => setTimeout(r, 1));
  }
  throw new NotLikeRedis('INFO clients never reported the BLPOP client as blocked');
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function wakeup(c: BenchClient, seconds: number, rounds: number): Promise<StreamsResult> {
  const duplicate = c.duplicate as (() => BenchClient) | undefined;
  check(typeof duplicate === 'function', 'no duplicate()');
  const consumer = duplicate!.call(c);
  const producer = duplicate!.call(c);
  try {
    await c.flushall();
    // The probe: a BLPOP that must still be waiting after a round trip, then be woken by LPUSH.
    let woken: unknown = 'not woken';
    const probe = cmd(consumer, 'blpop', 'q', 0).then((v) => (woken = v));
    const failed = probe.then(
      () => undefined,
      (e: unknown) => e,
    );
    const blocked = untilBlocked(producer, 1);
    blocked.catch(() => {});
    const first = await Promise.race([failed, blocked]);
    if (first !== undefined) throw first;
    check(woken === 'not woken', `BLPOP on an empty list did not block: ${JSON.stringify(woken)}`);
    await cmd(producer, 'lpush', 'q', 'x');
    await Promise.race([probe, new Promise((r) => setTimeout(r, 2000))]);
    check(JSON.stringify(woken) === '["q","x"]', `BLPOP after LPUSH: ${JSON.stringify(woken)}`);

    // Latency: only once the consumer is known to be blocked.
    const samples: number[] = [];
    const sampleFor = async (ms: number, keep: boolean) => {
      const until = performance.now() + ms;
      while (performance.now() < until) {
        let resolvedAt = 0;
        const popped = cmd(consumer, 'blpop', 'q', 0).then(() => void (resolvedAt = performance.now()));
        await untilBlocked(producer, 1);
        const pushedAt = performance.now();
        await cmd(producer, 'lpush', 'q', 'x');
        await popped;
        if (keep) samples.push((resolvedAt - pushedAt) * 1000);
      }
    };
    await sampleFor(500, false);
    for (let r = 0; r < rounds; r++) await sampleFor(seconds * 1000, true);
    samples.sort((a, b) => a - b);

    // Throughput: block, push, wake, again.
    const wakeupsPerSec = await bestOf(rounds, () =>
      opsPerSec(seconds, 1, async () => {
        const popped = cmd(consumer, 'blpop', 'q', 0);
        await cmd(producer, 'lpush', 'q', 'x');
        await popped;
      }),
    );
    return { kind: 'latency', medianUs: percentile(samples, 50), p99Us: percentile(samples, 99), samples: samples.length, wakeupsPerSec };
  } finally {
    (consumer as unknown as { disconnect(): void }).disconnect();
    (producer as unknown as { disconnect(): void }).disconnect();
  }
}

/** Runs the suite on one target (in its own process, bench/target.ts) and returns a row per scenario. */
export async function streamsBlockingSuite(c: BenchClient, seconds: number, rounds: number): Promise<Record<string, StreamsResult>> {
  const out: Record<string, StreamsResult> = {};
  const scenarios: [string, (c: BenchClient, s: number, r: number) => Promise<StreamsResult>][] = [
    [STREAM_SCENARIOS.xadd, xadd],
    [STREAM_SCENARIOS.xrange, xrange],
    [STREAM_SCENARIOS.readAck, readAck],
    [STREAM_SCENARIOS.wakeup, wakeup],
  ];
  for (const [name, scenario] of scenarios) {
    try {
      out[name] = await scenario(c, seconds, rounds);
    } catch (e) {
      out[name] = { kind: 'na', reason: reasonOf(e) };
    }
  }
  return out;
}

const us = (n: number) => (n >= 100 ? `${n.toFixed(0)} µs` : `${n.toFixed(1)} µs`);

/**
 * The suite's section of RESULTS.md: a throughput table (ops/s; redis-stub's ratio to each other
 * target) and a wake-up latency table (µs; the other target's latency over redis-stub's, so above
 * 1× means redis-stub wakes its consumer sooner). Rows are in the same order on every target.
 */
export function streamsTables(byTarget: [label: string, rows: Record<string, StreamsResult>][], baseline: string): string {
  const labels = byTarget.map(([label]) => label);
  const others = labels.filter((l) => l !== baseline);
  const get = (label: string, scenario: string) => byTarget.find(([l]) => l === label)?.[1][scenario];
  const head = (vs: string) => `| scenario | ${labels.join(' | ')} | ${others.map((o) => `${baseline} ${vs} ${o}`).join(' | ')} |`;
  const sep = `|${' --- |'.repeat(1 + labels.length + others.length)}`;

  const throughput = (r: StreamsResult | undefined): number | undefined =>
    r?.kind === 'ops' ? r.opsPerSec : r?.kind === 'latency' ? r.wakeupsPerSec : undefined;
  const cell = (r: StreamsResult | undefined, value: number | undefined, fmt: (n: number) => string) =>
    r?.kind === 'na' ? `n/a (${r.reason})` : value === undefined ? 'n/a' : fmt(value);
  const row = (name: string, scenario: string, value: (r: StreamsResult | undefined) => number | undefined, fmt: (n: number) => string, higherIsBetter: boolean) => {
    const cells = labels.map((l) => cell(get(l, scenario), value(get(l, scenario)), fmt));
    const base = value(get(baseline, scenario));
    const ratios = others.map((o) => {
      const v = value(get(o, scenario));
      if (base === undefined || v === undefined) return 'n/a';
      return `${(higherIsBetter ? base / v : v / base).toFixed(1)}×`;
    });
    return `| ${name} | ${cells.join(' | ')} | ${ratios.join(' | ')} |`;
  };

  const opsRows = [
    row(STREAM_SCENARIOS.xadd, STREAM_SCENARIOS.xadd, throughput, (n) => `${formatOps(n)} ops/s`, true),
    row(STREAM_SCENARIOS.xrange, STREAM_SCENARIOS.xrange, throughput, (n) => `${formatOps(n)} ops/s`, true),
    row(`${STREAM_SCENARIOS.readAck} (2 commands)`, STREAM_SCENARIOS.readAck, throughput, (n) => `${formatOps(n)} ops/s`, true),
    row(`${STREAM_SCENARIOS.wakeup}: wake-ups/s`, STREAM_SCENARIOS.wakeup, throughput, (n) => `${formatOps(n)}/s`, true),
  ];
  const latency = (pick: 'medianUs' | 'p99Us') => (r: StreamsResult | undefined) => (r?.kind === 'latency' ? r[pick] : undefined);
  const latencyRows = [
    row(`${STREAM_SCENARIOS.wakeup}: median`, STREAM_SCENARIOS.wakeup, latency('medianUs'), us, false),
    row(`${STREAM_SCENARIOS.wakeup}: p99`, STREAM_SCENARIOS.wakeup, latency('p99Us'), us, false),
  ];
  const samples = byTarget
    .map(([label, rows]) => {
      const r = rows[STREAM_SCENARIOS.wakeup];
      return r?.kind === 'latency' ? `${label} ${r.samples}` : undefined;
    })
    .filter((s) => s !== undefined);
  return [
    [head('/'), sep, ...opsRows].join('\n'),
    '',
    'Wake-up latency, from the LPUSH call to the blocked BLPOP promise resolving; the ratio is the',
    `other target's latency over ${baseline}'s (above 1× means ${baseline} wakes its consumer sooner).`,
    `Samples: ${samples.join(', ')}.`,
    '',
    [head('vs'), sep, ...latencyRows].join('\n'),
  ].join('\n');
}
