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

const suites = (process.env.BENCH_SUITES ?? 'core,collections').split(',');
const collectionRounds = process.env.BENCH_COLLECTION_ROUNDS ?? '1';

function runTarget(kind: string, port = 0, suite = 'core'): Record<string, number> {
  const r = suite === 'core' ? rounds : collectionRounds;
  const out = execFileSync(process.execPath, ['--import', 'tsx', targetScript, kind, String(port), seconds, r, suite], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out) as Record<string, number>;
}

const kinds: [string, string][] = [
  ['redis-stub', 'redis-stub'],
  ['ioredis-mock', 'ioredis-mock'],
];
let server: OracleServer | undefined;
const binary = findRedisServer();
if (binary) {
  server = await startOracle(binary);
  kinds.push(['ioredis', `ioredis → redis-server ${server.version}`]);
} else {
  console.warn('no redis-server on PATH: the real-Redis column is skipped');
}

const sections: string[] = [];
for (const suite of suites) {
  const results: Measurement[] = [];
  for (const [kind, label] of kinds) {
    console.error(`[bench] ${suite}: ${label}`);
    const byScenario = runTarget(kind, server?.port ?? 0, suite);
    for (const [scenario, opsPerSec] of Object.entries(byScenario)) results.push({ scenario, target: label, opsPerSec });
  }
  const title = suite === 'core' ? '## Core (strings, pipeline)' : '## Collections at 1k, 100k and 1M elements';
  const note =
    suite === 'core'
      ? `${rounds} rounds of ${seconds}s per scenario, best round kept.`
      : `${collectionRounds} round(s) of ${seconds}s per scenario and size; n/a where a target could not build the collection within a minute.`;
  sections.push(title, '', note, '', table(results, kinds.map(([, label]) => label), 'redis-stub'), '');
}
await server?.stop();

const out = [
  '# Benchmark results',
  '',
  `Machine: ${machineLine()}. One run of \`npm run bench\`; each target runs in its own process.`,
  "Ratios are redis-stub's throughput divided by the other target's, measured in the same run.",
  '',
  ...sections,
].join('\n');
writeFileSync(new URL('./RESULTS.md', import.meta.url), out);
console.log(out);
