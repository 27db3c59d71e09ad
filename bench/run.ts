/**
 * `npm run bench`: redis-stub vs ioredis-mock vs ioredis -> real redis-server (when one is on PATH),
 * side by side, ratios from one run. Writes bench/RESULTS.md and prints the same table.
 *
 *   BENCH_SECONDS=2 BENCH_ROUNDS=5 npm run bench
 *
 * Each target runs in a process of its own (bench/target.ts), every scenario in rounds of
 * BENCH_SECONDS (default 1), keeping the best round: one slow round from a GC or a noisy
 * neighbour then says nothing about the code, and no client shares JIT feedback with another.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findRedisServer, startOracle, type OracleServer } from '../test/support/oracle-server.js';
import { machineLine, type Measurement, table } from './harness.js';

const seconds = process.env.BENCH_SECONDS ?? '1';
const rounds = process.env.BENCH_ROUNDS ?? '3';
const targetScript = fileURLToPath(new URL('./target.ts', import.meta.url));

function runTarget(kind: string, port = 0): Record<string, number> {
  const out = execFileSync(process.execPath, ['--import', 'tsx', targetScript, kind, String(port), seconds, rounds], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out) as Record<string, number>;
}

const columns: [string, Record<string, number>][] = [];
columns.push(['redis-stub', runTarget('redis-stub')]);
columns.push(['ioredis-mock', runTarget('ioredis-mock')]);

let server: OracleServer | undefined;
const binary = findRedisServer();
if (binary) {
  server = await startOracle(binary);
  columns.push([`ioredis → redis-server ${server.version}`, runTarget('ioredis', server.port)]);
  await server.stop();
} else {
  console.warn('no redis-server on PATH: the real-Redis column is skipped');
}

const results: Measurement[] = [];
for (const [target, byScenario] of columns) {
  for (const [scenario, opsPerSec] of Object.entries(byScenario)) results.push({ scenario, target, opsPerSec });
}

const out = [
  '# Benchmark results',
  '',
  `Machine: ${machineLine()}. One run of \`npm run bench\`: each target in its own process, ${rounds} rounds of ${seconds}s per scenario, best round kept.`,
  "Ratios are redis-stub's throughput divided by the other target's, measured in the same run.",
  '',
  '## Core (strings, pipeline)',
  '',
  table(results, columns.map(([name]) => name), 'redis-stub'),
  '',
].join('\n');
writeFileSync(new URL('./RESULTS.md', import.meta.url), out);
console.log(out);
