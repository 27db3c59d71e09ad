/**
 * `npm run bench`: redis-stub vs ioredis-mock vs ioredis -> real redis-server (when one is on PATH),
 * side by side, ratios from one run. Writes bench/RESULTS.md and prints the same table.
 *
 *   BENCH_SECONDS=2 BENCH_ROUNDS=5 npm run bench
 *   BENCH_SUITES=streams,pubsub npm run bench     # only these suites: their sections of RESULTS.md are replaced, the others kept
 *
 * Each target runs in a process of its own (bench/target.ts), every scenario in rounds of
 * BENCH_SECONDS (default 1), keeping the best round: one slow round from a GC or a noisy
 * neighbour then says nothing about the code, and no client shares JIT feedback with another.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findRedisServer, startOracle, type OracleServer } from '../test/support/oracle-server.js';
import { machineLine, type Measurement, table } from './harness.js';
import { type PubSubResult, pubsubTable } from './scenarios/pubsub.js';
import { type ScriptingResult, scriptingTable } from './scenarios/scripting.js';
import { type StreamsResult, streamsTables } from './scenarios/streams-blocking.js';

const seconds = process.env.BENCH_SECONDS ?? '1';
const rounds = process.env.BENCH_ROUNDS ?? '3';
const targetScript = fileURLToPath(new URL('./target.ts', import.meta.url));

const suites = (process.env.BENCH_SUITES ?? 'core,collections,streams,pubsub,scripting').split(',');
const collectionRounds = process.env.BENCH_COLLECTION_ROUNDS ?? '1';

function runTarget<T = number>(kind: string, port = 0, suite = 'core'): Record<string, T> {
  const r = suite === 'collections' ? collectionRounds : rounds;
  const out = execFileSync(process.execPath, ['--import', 'tsx', targetScript, kind, String(port), seconds, r, suite], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out) as Record<string, T>;
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
const labels = kinds.map(([, label]) => label);
for (const suite of suites) {
  if (suite === 'streams') {
    const byTarget: [string, Record<string, StreamsResult>][] = [];
    for (const [kind, label] of kinds) {
      console.error(`[bench] ${suite}: ${label}`);
      byTarget.push([label, runTarget<StreamsResult>(kind, server?.port ?? 0, suite)]);
    }
    const note = `${rounds} rounds of ${seconds}s per scenario, best round kept (latency: all rounds' samples); n/a with the reason where a target lacks a command or answers unlike Redis.`;
    sections.push('## Streams and blocking', '', note, '', streamsTables(byTarget, 'redis-stub'), '');
    continue;
  }
  if (suite === 'pubsub') {
    const byTarget: [string, Record<string, PubSubResult>][] = [];
    for (const [kind, label] of kinds) {
      console.error(`[bench] ${suite}: ${label}`);
      byTarget.push([label, runTarget<PubSubResult>(kind, server?.port ?? 0, suite)]);
    }
    const note = `${rounds} rounds of ${seconds}s per scenario, best round kept. A round is 100 PUBLISHes sent back to back, complete once every reply is back and every subscriber (a connection of its own) has received all 100 messages; n/a with the reason where a target answers unlike Redis.`;
    sections.push('## Pub/sub', '', note, '', pubsubTable(byTarget, 'redis-stub'), '');
    continue;
  }
  if (suite === 'scripting') {
    const byTarget: [string, Record<string, ScriptingResult>][] = [];
    for (const [kind, label] of kinds) {
      console.error(`[bench] ${suite}: ${label}`);
      byTarget.push([label, runTarget<ScriptingResult>(kind, server?.port ?? 0, suite)]);
    }
    const note = `${rounds} rounds of ${seconds}s per scenario, best round kept; each call awaited before the next. n/a with the reason where a target lacks a command or a library, or answers unlike Redis.`;
    sections.push('## Lua scripting', '', note, '', scriptingTable(byTarget, 'redis-stub'), '');
    continue;
  }
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
  sections.push(title, '', note, '', table(results, labels, 'redis-stub'), '');
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
const resultsFile = new URL('./RESULTS.md', import.meta.url);
// A run of some suites keeps the other sections; a full run keeps those no suite here writes
// (the RESP server's, which `npm run bench:tcp` owns).
const previous = existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8') : undefined;
const written = previous === undefined ? out : process.env.BENCH_SUITES ? keepOtherSections(previous) : withForeignSections(previous);
writeFileSync(resultsFile, written);
console.log(out);

/** A full run's results plus the sections of `previous` that this script never writes. */
function withForeignSections(previous: string): string {
  const title = (s: string) => s.slice(0, s.indexOf('\n'));
  const ours = new Set(out.split(/^(?=## )/m).slice(1).map(title));
  const foreign = previous.split(/^(?=## )/m).slice(1).filter((s) => !ours.has(title(s)));
  return [out.trimEnd(), ...foreign.map((s) => s.trimEnd())].join('\n\n') + '\n';
}

/** A run of some suites replaces their sections of the previous RESULTS.md and keeps the others (each says how it was run). */
function keepOtherSections(previous: string): string {
  const [, ...old] = previous.split(/^(?=## )/m);
  const [, ...fresh] = out.split(/^(?=## )/m);
  const title = (s: string) => s.slice(0, s.indexOf('\n'));
  const stamp = `One run of \`BENCH_SUITES=${suites.join(',')} npm run bench\` (${new Date().toISOString().slice(0, 10)}). `;
  const stamped = fresh.map((s) => s.replace(/\n\n/, `\n\n${stamp}`));
  const merged = old.map((s) => stamped.find((f) => title(f) === title(s)) ?? s);
  for (const s of stamped) if (!merged.includes(s)) merged.push(s);
  return [previous.split(/^(?=## )/m)[0], ...merged.map((s) => (s.endsWith('\n\n') ? s : `${s.trimEnd()}\n\n`))].join('').trimEnd() + '\n';
}
