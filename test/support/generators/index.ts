/**
 * Every generator group, by name: what `test/fidelity/*.test.ts` check live and what
 * `npm run record` records for the offline replay.
 */
import fc from 'fast-check';
import type { GenProgram, GenStep } from '../model.js';
import { badInputStep } from './bad-input.js';
import { blockingBlock, blockingSpecs } from './blocking.js';
import { bitmapSpecs } from './bitmaps.js';
import { type Argv, programOf, programOfSteps, type Spec, stepOf } from './dsl.js';
import { hashSpecs } from './hashes.js';
import { keySpecs } from './keys.js';
import { listSpecs } from './lists.js';
import { serverSpecs } from './server.js';
import { setSpecs } from './sets.js';
import { skiplistProgram, skiplistSpecs, sortedSetSpecs } from './sorted-sets.js';
import { sortDataSpecs, sortSpecs } from './sort.js';
import { streamProgram, streamSpecs } from './streams.js';
import { streamGroupProgram, streamGroupSpecs } from './stream-groups.js';
import { stringSpecs } from './strings.js';
import { transactionBlock, transactionBlocks, transactionSpecs } from './transactions.js';

export interface Group {
  name: string;
  /** The commands it covers. */
  specs: Spec[];
  program: fc.Arbitrary<GenProgram>;
  /** Runs per live property by default (FIDELITY_RUNS overrides). */
  runs: number;
}

const main = (argv: Argv): GenStep[] => [{ conn: 0, argv }];

const allSpecs: Spec[] = [...stringSpecs, ...bitmapSpecs, ...keySpecs, ...serverSpecs, ...transactionSpecs, ...listSpecs, ...setSpecs, ...hashSpecs, ...sortedSetSpecs, ...streamSpecs];

const dataSpecs = allSpecs.filter((s) => !transactionSpecs.includes(s));

/** Across groups: any command of any group, and whole transactions (of any commands) with a second client. */
const mixedBlock = fc.oneof({ weight: 6, arbitrary: stepOf(dataSpecs).map(main) }, { weight: 2, arbitrary: transactionBlocks(dataSpecs) });

/** The mixed program after HELLO 3 on both connections: every reply in its RESP3 shape. */
const resp3Program = programOfSteps(mixedBlock, 20).map(
  (p): GenProgram => ({ ...p, steps: [{ conn: 0, argv: ['HELLO', '3'] }, { conn: 1, argv: ['HELLO', '3'] }, ...p.steps] }),
);

export const GROUPS: Group[] = [
  { name: 'strings', specs: stringSpecs, program: programOf(stepOf(stringSpecs)), runs: 500 },
  { name: 'bitmaps', specs: bitmapSpecs, program: programOf(stepOf(bitmapSpecs)), runs: 500 },
  { name: 'keys', specs: keySpecs, program: programOf(stepOf(keySpecs)), runs: 500 },
  { name: 'transactions', specs: transactionSpecs, program: programOfSteps(transactionBlock, 8), runs: 500 },
  { name: 'server', specs: serverSpecs, program: programOf(stepOf(serverSpecs)), runs: 400 },
  { name: 'lists', specs: listSpecs, program: programOf(stepOf(listSpecs)), runs: 300 },
  { name: 'sets', specs: setSpecs, program: programOf(stepOf(setSpecs)), runs: 300 },
  { name: 'hashes', specs: hashSpecs, program: programOf(stepOf(hashSpecs)), runs: 300 },
  { name: 'sorted-sets', specs: sortedSetSpecs, program: programOf(stepOf(sortedSetSpecs)), runs: 300 },
  { name: 'sorted-sets-skiplist', specs: skiplistSpecs, program: skiplistProgram, runs: 200 },
  { name: 'mixed', specs: allSpecs, program: programOfSteps(mixedBlock, 25), runs: 500 },
  { name: 'bad-input', specs: allSpecs, program: programOf(badInputStep(allSpecs), 20), runs: 600 },
  { name: 'resp3', specs: allSpecs, program: resp3Program, runs: 300 },
  { name: 'streams', specs: streamSpecs, program: streamProgram, runs: 300 },
  { name: 'stream-groups', specs: streamGroupSpecs, program: streamGroupProgram, runs: 300 },
  { name: 'sort', specs: sortSpecs, program: programOf(stepOf([...sortDataSpecs, ...sortSpecs])), runs: 300 },
  { name: 'blocking', specs: blockingSpecs, program: programOfSteps(blockingBlock, 12), runs: 300 },
];

/**
 * Implemented commands no generator sends, and why. Everything else in the command table must be
 * covered by a spec (test/fidelity/harness.test.ts checks it).
 */
export const NOT_GENERATED: Record<string, string> = {
  QUIT: 'closes the connection the program runs on (the client suite tests it)',
  'CLIENT PAUSE': 'would pause the shared oracle for every connection',
  'CLIENT REPLY': 'OFF and SKIP leave replies out, which only a socket shows: test/server/client-reply.test.ts compares it over TCP',
  // Pub/sub needs several connections and replies that arrive unasked (or several per command):
  // test/fidelity/pubsub.test.ts runs them on the stub and the oracle frame by frame
  // (test/support/pubsub-scenario.ts). On one connection PUBLISH and PUBSUB would only see nobody.
  SUBSCRIBE: 'answers once per channel, then the connection receives messages: the pub/sub scenario suite',
  PSUBSCRIBE: 'answers once per channel, then the connection receives messages: the pub/sub scenario suite',
  SSUBSCRIBE: 'answers once per channel, then the connection receives messages: the pub/sub scenario suite',
  UNSUBSCRIBE: 'answers once per channel, then the connection receives messages: the pub/sub scenario suite',
  PUNSUBSCRIBE: 'answers once per channel, then the connection receives messages: the pub/sub scenario suite',
  SUNSUBSCRIBE: 'answers once per channel, then the connection receives messages: the pub/sub scenario suite',
  PUBLISH: 'meaningful only with subscribers on other connections: the pub/sub scenario suite',
  SPUBLISH: 'meaningful only with subscribers on other connections: the pub/sub scenario suite',
  'PUBSUB CHANNELS': 'meaningful only with subscribers on other connections: the pub/sub scenario suite',
  'PUBSUB SHARDCHANNELS': 'meaningful only with subscribers on other connections: the pub/sub scenario suite',
  'PUBSUB NUMSUB': 'meaningful only with subscribers on other connections: the pub/sub scenario suite',
  'PUBSUB SHARDNUMSUB': 'meaningful only with subscribers on other connections: the pub/sub scenario suite',
  'PUBSUB NUMPAT': 'meaningful only with subscribers on other connections: the pub/sub scenario suite',
  'PUBSUB HELP': 'meaningful only with subscribers on other connections: the pub/sub scenario suite',
  MONITOR: 'turns the connection into a stream of lines (test/commands/monitor.test.ts and test/client/monitor.test.ts compare it)',
  'SLOWLOG GET': 'entries depend on how long each command took on each server (test/commands/slowlog.test.ts compares them with threshold 0)',
  'SLOWLOG LEN': 'depends on how long each command took on each server (test/commands/slowlog.test.ts)',
  // Scripting runs Lua source, which the command generators do not write: the Lua differential
  // suites (test/fidelity/lua-*.test.ts) run scripts against the oracle, and
  // test/fidelity/scripting.test.ts compares these commands' replies and errors.
  ...Object.fromEntries(
    [
      'EVAL',
      'EVALSHA',
      'EVAL_RO',
      'EVALSHA_RO',
      'FCALL',
      'FCALL_RO',
      ...['HELP', 'FLUSH', 'EXISTS', 'LOAD', 'KILL', 'DEBUG'].map((s) => `SCRIPT ${s}`),
      ...['LOAD', 'LIST', 'DELETE', 'FLUSH', 'DUMP', 'RESTORE', 'STATS', 'KILL', 'HELP'].map((s) => `FUNCTION ${s}`),
    ].map((name) => [name, 'takes Lua source: the Lua differential suites and test/fidelity/scripting.test.ts compare it with the oracle']),
  ),
};

/** Every spec of every group. */
export const EVERY_SPEC: Spec[] = [...allSpecs, ...sortSpecs, ...streamGroupSpecs, ...blockingSpecs];

export function group(name: string): Group {
  const g = GROUPS.find((x) => x.name === name);
  if (!g) throw new Error(`no generator group ${name}`);
  return g;
}
