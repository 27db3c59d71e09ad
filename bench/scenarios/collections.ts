/**
 * Collections at scale (issue 4): each scenario runs against one collection of 1k, 100k and 1M
 * elements, so the table shows whether per-operation cost stays flat (O(1), O(log n)) as Redis's.
 */
import type { BenchClient, Scenario } from '../harness.js';

export const COLLECTION_SIZES = [1_000, 100_000, 1_000_000];

type Pipe = { exec(): Promise<unknown>; [command: string]: unknown };

/** A target that cannot build a collection within this budget is reported as n/a at that size. */
export const SETUP_BUDGET_MS = 60_000;

export class SetupTooSlow extends Error {}

/** Fills through pipelines of 10k commands: fast on every target, and bounded in memory. */
async function fill(c: BenchClient, n: number, add: (p: Pipe, i: number) => void): Promise<void> {
  const deadline = performance.now() + SETUP_BUDGET_MS;
  for (let start = 0; start < n; start += 10_000) {
    if (performance.now() > deadline) throw new SetupTooSlow(`could not build ${n} elements within ${SETUP_BUDGET_MS / 1000}s`);
    const p = c.pipeline() as unknown as Pipe;
    for (let i = start; i < Math.min(n, start + 10_000); i++) add(p, i);
    await p.exec();
  }
}

const call = (p: Pipe, name: string, ...args: (string | number)[]) => (p[name] as (...a: unknown[]) => unknown).apply(p, args);
const cmd = (c: BenchClient, name: string, ...args: (string | number)[]) =>
  (c[name] as (...a: unknown[]) => Promise<unknown>).apply(c, args);

export function collectionScenarios(size: number): Scenario[] {
  const label = (s: string) => `${s} @ ${size >= 1e6 ? `${size / 1e6}M` : `${size / 1e3}k`}`;
  const middle = Math.floor(size / 2);
  return [
    {
      name: label('LPUSH+RPOP'),
      opsPerRun: 2,
      setup: (c) => fill(c, size, (p, i) => call(p, 'rpush', 'list', `e${i}`)),
      async run(c, i) {
        await cmd(c, 'lpush', 'list', `n${i}`);
        await cmd(c, 'rpop', 'list');
      },
    },
    {
      name: label('LINDEX middle'),
      opsPerRun: 1,
      setup: (c) => fill(c, size, (p, i) => call(p, 'rpush', 'list', `e${i}`)),
      async run(c) {
        await cmd(c, 'lindex', 'list', middle);
      },
    },
    {
      name: label('ZADD one member'),
      opsPerRun: 1,
      setup: (c) => fill(c, size, (p, i) => call(p, 'zadd', 'z', i, `m${i}`)),
      async run(c, i) {
        await cmd(c, 'zadd', 'z', (i * 7919) % size, `m${(i * 104729) % size}`);
      },
    },
    {
      name: label('ZRANK'),
      opsPerRun: 1,
      setup: (c) => fill(c, size, (p, i) => call(p, 'zadd', 'z', i, `m${i}`)),
      async run(c, i) {
        await cmd(c, 'zrank', 'z', `m${(i * 104729) % size}`);
      },
    },
    {
      name: label('ZRANGE 0 99'),
      opsPerRun: 1,
      setup: (c) => fill(c, size, (p, i) => call(p, 'zadd', 'z', i, `m${i}`)),
      async run(c) {
        await cmd(c, 'zrange', 'z', 0, 99);
      },
    },
    {
      name: label('ZRANGEBYSCORE LIMIT 0 10'),
      opsPerRun: 1,
      setup: (c) => fill(c, size, (p, i) => call(p, 'zadd', 'z', i, `m${i}`)),
      async run(c, i) {
        const from = (i * 7919) % size;
        await cmd(c, 'zrangebyscore', 'z', from, '+inf', 'LIMIT', 0, 10);
      },
    },
    {
      name: label('HSET+HGET'),
      opsPerRun: 2,
      setup: (c) => fill(c, size, (p, i) => call(p, 'hset', 'h', `f${i}`, 'v')),
      async run(c, i) {
        const f = `f${(i * 104729) % size}`;
        await cmd(c, 'hset', 'h', f, 'w');
        await cmd(c, 'hget', 'h', f);
      },
    },
    {
      name: label('SADD+SISMEMBER'),
      opsPerRun: 2,
      setup: (c) => fill(c, size, (p, i) => call(p, 'sadd', 's', `m${i}`)),
      async run(c, i) {
        const m = `m${(i * 104729) % size}`;
        await cmd(c, 'sadd', 's', m);
        await cmd(c, 'sismember', 's', m);
      },
    },
  ];
}
