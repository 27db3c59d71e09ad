/**
 * `npm run bench`: redis-stub vs ioredis-mock vs ioredis -> real redis-server (when one is on PATH),
 * side by side, ratios from one run. Writes bench/RESULTS.md and prints the same table.
 *
 *   BENCH_SECONDS=2 npm run bench      # seconds per scenario and target (default 1)
 */
import { writeFileSync } from 'node:fs';
import IORedis from 'ioredis';
import IORedisMock from 'ioredis-mock';
import Redis, { Engine } from '../src/index.js';
import { findRedisServer, startOracle, type OracleServer } from '../test/support/oracle-server.js';
import { type BenchClient, machineLine, measure, type Measurement, table, type Target } from './harness.js';
import { coreScenarios } from './scenarios/core.js';

const seconds = Number(process.env.BENCH_SECONDS ?? '1');

const targets: Target[] = [
  { name: 'redis-stub', client: new Redis({ engine: new Engine() }) as unknown as BenchClient, scale: 1 },
  { name: 'ioredis-mock', client: new IORedisMock() as unknown as BenchClient, scale: 1 },
];

let server: OracleServer | undefined;
const binary = findRedisServer();
if (binary) {
  server = await startOracle(binary);
  const real = new IORedis({ port: server.port, host: '127.0.0.1' });
  targets.push({ name: `ioredis → redis-server ${server.version}`, client: real as unknown as BenchClient, scale: 1 });
} else {
  console.warn('no redis-server on PATH: the real-Redis column is skipped');
}

const results: Measurement[] = [];
for (const scenario of coreScenarios) {
  for (const target of targets) {
    const opsPerSec = await measure(scenario, target, seconds);
    results.push({ scenario: scenario.name, target: target.name, opsPerSec });
    console.log(`${scenario.name.padEnd(36)} ${target.name.padEnd(34)} ${Math.round(opsPerSec).toLocaleString('en')} ops/s`);
  }
}

const names = targets.map((t) => t.name);
const out = [
  '# Benchmark results',
  '',
  `Machine: ${machineLine()}. ${seconds}s per scenario and target, one run (\`npm run bench\`).`,
  'Ratios are redis-stub\'s throughput divided by the other target\'s, measured in the same run.',
  '',
  '## Core (strings, pipeline)',
  '',
  table(results, names, 'redis-stub'),
  '',
].join('\n');
writeFileSync(new URL('./RESULTS.md', import.meta.url), out);
console.log(`\n${out}`);

for (const t of targets) {
  const c = t.client as unknown as { disconnect?: () => void; quit?: () => Promise<unknown> };
  c.disconnect?.();
}
await server?.stop();
process.exit(0);
