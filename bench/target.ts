/**
 * One benchmark target in a process of its own (so the JIT's type feedback and the heap belong to
 * that client alone): runs every scenario in rounds, keeps each scenario's best round, prints JSON.
 *
 *   node --import tsx bench/target.ts <redis-stub|ioredis-mock|ioredis> [port] [seconds] [rounds] [core|collections|streams|pubsub]
 *
 * A collection scenario whose setup overruns its budget (ioredis-mock at 1M elements) is left out,
 * and so are its larger sizes.
 */
import IORedis from 'ioredis';
import IORedisMock from 'ioredis-mock';
import Redis, { Engine } from '../src/index.js';
import { type BenchClient, measure, type Target } from './harness.js';
import { coreScenarios } from './scenarios/core.js';
import { COLLECTION_SIZES, collectionScenarios, SetupTooSlow } from './scenarios/collections.js';
import { pubsubSuite } from './scenarios/pubsub.js';
import { scriptingSuite } from './scenarios/scripting.js';
import { streamsBlockingSuite } from './scenarios/streams-blocking.js';

const [kind, port, secondsArg, roundsArg, suite = 'core'] = process.argv.slice(2);
const seconds = Number(secondsArg ?? '1');
const rounds = Number(roundsArg ?? '3');

function client(): BenchClient {
  if (kind === 'redis-stub') return new Redis({ engine: new Engine() }) as unknown as BenchClient;
  if (kind === 'ioredis-mock') return new IORedisMock() as unknown as BenchClient;
  if (kind === 'ioredis') return new IORedis({ port: Number(port), host: '127.0.0.1' }) as unknown as BenchClient;
  throw new Error(`unknown target ${kind}`);
}

const target: Target = { name: kind!, client: client(), scale: 1 };
if (suite === 'streams' || suite === 'pubsub' || suite === 'scripting') {
  // Its own rows (n/a with a reason, latency percentiles, deliveries/s), not one ops/s number per scenario.
  const suiteRun = suite === 'streams' ? streamsBlockingSuite : suite === 'pubsub' ? pubsubSuite : scriptingSuite;
  process.stdout.write(JSON.stringify(await suiteRun(target.client, seconds, rounds)));
  (target.client as unknown as { disconnect(): void }).disconnect();
  process.exit(0);
}
const results: Record<string, number> = {};
const scenarios = suite === 'core' ? coreScenarios : COLLECTION_SIZES.flatMap((n) => collectionScenarios(n));
const tooSlow = new Set<string>();
for (const scenario of scenarios) {
  const base = scenario.name.replace(/ @ .*$/, '');
  if (tooSlow.has(base)) continue;
  let best = 0;
  try {
    for (let round = 0; round < rounds; round++) best = Math.max(best, await measure(scenario, target, seconds));
  } catch (e) {
    if (!(e instanceof SetupTooSlow)) throw e;
    tooSlow.add(base);
    continue;
  }
  results[scenario.name] = best;
}
process.stdout.write(JSON.stringify(results));
(target.client as unknown as { disconnect(): void }).disconnect();
process.exit(0);
