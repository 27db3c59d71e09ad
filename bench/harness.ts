/**
 * Side-by-side benchmark machinery: the same scenario runs on redis-stub, ioredis-mock and ioredis
 * talking to a real redis-server (started here on a free loopback port), and the results are
 * printed as ops/s with ratios measured in the same run.
 */
import { cpus, totalmem } from 'node:os';

/** The client surface the scenarios use: what ioredis, ioredis-mock and redis-stub all have. */
export interface BenchClient {
  set(key: string, value: string): Promise<unknown>;
  get(key: string): Promise<unknown>;
  incr(key: string): Promise<unknown>;
  mget(...keys: string[]): Promise<unknown>;
  flushall(): Promise<unknown>;
  pipeline(): { set(k: string, v: string): unknown; get(k: string): unknown; exec(): Promise<unknown> };
  [command: string]: unknown;
}

export interface Target {
  name: string;
  client: BenchClient;
  /** Scale down operation counts for slow targets (a real server over loopback). */
  scale: number;
}

export interface Scenario {
  name: string;
  /** Operations one call of `run` performs. */
  opsPerRun: number;
  setup?(client: BenchClient): Promise<void>;
  run(client: BenchClient, iteration: number): Promise<void>;
}

export interface Measurement {
  scenario: string;
  target: string;
  opsPerSec: number;
}

/** Runs the scenario for about `seconds` (after a short warm-up) and returns ops/s. */
export async function measure(scenario: Scenario, target: Target, seconds: number): Promise<number> {
  const { client } = target;
  await client.flushall();
  await scenario.setup?.(client);
  const warmUntil = performance.now() + 500 * target.scale;
  let i = 0;
  while (performance.now() < warmUntil) await scenario.run(client, i++);
  const start = performance.now();
  const until = start + seconds * 1000;
  let runs = 0;
  while (performance.now() < until) {
    await scenario.run(client, i++);
    runs++;
  }
  const elapsed = (performance.now() - start) / 1000;
  return (runs * scenario.opsPerRun) / elapsed;
}

export function formatOps(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return n.toFixed(0);
}

export function machineLine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `${cpus().length} cores (${cpu}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
}

/** A Markdown table: one row per scenario, ops/s per target, and redis-stub's ratio to each other target. */
export function table(results: Measurement[], targets: string[], baseline: string): string {
  const scenarios = [...new Set(results.map((r) => r.scenario))];
  const others = targets.filter((t) => t !== baseline);
  const head = `| scenario | ${targets.join(' | ')} | ${others.map((o) => `${baseline} / ${o}`).join(' | ')} |`;
  const sep = `|${' --- |'.repeat(1 + targets.length + others.length)}`;
  const rows = scenarios.map((s) => {
    const get = (t: string) => results.find((r) => r.scenario === s && r.target === t)?.opsPerSec;
    const cells = targets.map((t) => {
      const v = get(t);
      return v === undefined ? 'n/a' : `${formatOps(v)} ops/s`;
    });
    const base = get(baseline);
    const ratios = others.map((o) => {
      const v = get(o);
      return base === undefined || v === undefined ? 'n/a' : `${(base / v).toFixed(1)}×`;
    });
    return `| ${s} | ${cells.join(' | ')} | ${ratios.join(' | ')} |`;
  });
  return [head, sep, ...rows].join('\n');
}
