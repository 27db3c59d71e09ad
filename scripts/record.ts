/**
 * Records oracle transcripts for the offline replay (test/fidelity/replay.test.ts):
 *
 *   npm run record                 # every group, the corpus and the counterexamples
 *   npm run record -- strings keys # only these files
 *
 * Starts its own redis-server on a free loopback port, runs a fixed sample of every generator
 * group (fixed seed), the hand-written corpus (test/fixtures/corpus.json) and every counterexample
 * ever found (test/fixtures/counterexamples.json) on it, and writes
 * test/fixtures/transcripts/<name>.json. Each program runs twice; a program whose two runs differ
 * after normalization is nondeterministic on Redis itself, which is a harness bug, and stops the
 * recording.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { GROUPS } from '../test/support/generators/index.js';
import { type Program, resolve } from '../test/support/model.js';
import { asTranscriptCommands, compareRun, loadCorpus, loadCounterexamples, programOf } from '../test/support/model-check.js';
import { type OracleSide, readRestoreConfig, runProgramOnOracle } from '../test/support/model-run.js';
import { findRedisServer, startOracle } from '../test/support/oracle-server.js';
import { RawConnection } from '../test/support/raw-connection.js';
import { toJson } from '../test/support/reply-json.js';
import { TRANSCRIPTS_DIR, type TranscriptEntry } from '../test/support/replay.js';
import { asRedisCli } from '../test/support/differential.js';

/** Programs recorded per generator group, and the seed that picks them. */
const PER_GROUP = Number(process.env.RECORD_PER_GROUP ?? 80);
const SEED = Number(process.env.RECORD_SEED ?? 20240701);

interface Source {
  name: string;
  programs: { program: Program; note: string }[];
}

function corpus(): Source[] {
  const entries = loadCorpus();
  return [{ name: 'corpus', programs: entries.map((e) => ({ program: programOf(e), note: `${e.group}: ${e.note}` })) }];
}

function sources(): Source[] {
  // One seed per group, so the groups' samples are not shaped alike.
  const fromGroups = GROUPS.map((g, i) => ({
    name: g.name,
    programs: fc.sample(g.program, { numRuns: PER_GROUP, seed: SEED + i }).map((gen) => ({ program: resolve(gen), note: `${g.name} (seed ${SEED + i})` })),
  }));
  const counterexamples = {
    name: 'counterexamples',
    programs: loadCounterexamples().map((c) => ({ program: programOf(c), note: `counterexample (${c.group})` })),
  };
  return [...fromGroups, ...corpus(), counterexamples];
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const binary = findRedisServer();
  if (!binary) throw new Error('npm run record needs redis-server on PATH (Debian: apt-get install -y redis-server)');
  const server = await startOracle(binary);
  const a = await RawConnection.open(server.port);
  const b = await RawConnection.open(server.port);
  const side: OracleSide = { conns: [a, b], restoreConfig: await readRestoreConfig(a) };
  mkdirSync(TRANSCRIPTS_DIR, { recursive: true });
  try {
    for (const source of sources()) {
      if (only.length && !only.includes(source.name)) continue;
      const entries: TranscriptEntry[] = [];
      for (const { program, note } of source.programs) {
        const at = Date.now();
        const replies = await runProgramOnOracle(side, program);
        const again = await runProgramOnOracle(side, program);
        const m = compareRun(program, again, replies);
        if (m) {
          throw new Error(
            `${source.name}: Redis answered this program differently twice (a nondeterminism the normalizers miss):\n` +
              asRedisCli(program.map((s) => s.argv), program.map((s) => s.conn)) +
              `\nfirst: ${JSON.stringify(m.oracle)}\nsecond: ${JSON.stringify(m.stub)}`,
          );
        }
        entries.push({ note, ...asTranscriptCommands(program), at, replies: replies.map(toJson) });
      }
      const file = new URL(`${source.name}.json`, TRANSCRIPTS_DIR);
      // One entry a line: reviewable diffs, and still plain JSON.
      writeFileSync(file, `[\n${entries.map((e) => JSON.stringify(e)).join(',\n')}\n]\n`);
      console.log(`${source.name}: ${entries.length} programs, ${entries.reduce((n, e) => n + e.commands.length, 0)} commands`);
    }
  } finally {
    await a.close();
    await b.close();
    await server.stop();
  }
  console.log(`oracle: redis ${server.version}`);
}

await main();
