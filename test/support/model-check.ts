/**
 * The model-based differential harness, part 3: comparing two runs and driving fast-check.
 *
 *   await checkFidelity('strings', stringsProgram);   // inside an it() that is skipped offline
 *
 * Budgets: FIDELITY_RUNS (runs per property), FIDELITY_SEED and FIDELITY_PATH (replay one failure
 * exactly, as printed), FIDELITY_SAVE=1 (append the shrunk counterexample to
 * test/fixtures/counterexamples.json, which `npm run record` and the replay suite pick up).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import type { Reply } from '../../src/reply.js';
import { describeMismatch, type Mismatch } from './differential.js';
import { type GenProgram, type Program, resolve } from './model.js';
import { readRestoreConfig, releaseOracle, type OracleSide, runProgramOnOracle, runProgramOnStub } from './model-run.js';
import { normalizeRun, sameNormalized } from './normalize.js';
import { connectOracle } from './oracle.js';

/** The first step whose normalized replies differ, or undefined. */
export function compareRun(program: Program, stub: Reply[], oracle: Reply[]): Mismatch | undefined {
  const a = normalizeRun(program, stub);
  const b = normalizeRun(program, oracle);
  for (let i = 0; i < program.length; i++) {
    if (!sameNormalized(a[i]!, b[i]!)) return { index: i, command: program[i]!.argv, stub: a[i]!, oracle: b[i]! };
  }
  return undefined;
}

export const PSEUDO_COMMANDS_NOTE =
  '(SCANALL <args> = a full SCAN cursor loop, reply = sorted union; SLEEP <ms> = DEBUG SLEEP on the oracle, clock moves on the stub)';

/** A readable report of a differing run: replies, then the script as redis-cli input. */
export function describeProgramMismatch(program: Program, m: Mismatch): string {
  const usesPseudo = program.slice(0, m.index + 1).some((s) => /^(SCANALL|SLEEP)$/i.test(s.argv[0] ?? ''));
  const text = describeMismatch(
    program.map((s) => s.argv),
    m,
    program.map((s) => s.conn),
  );
  return usesPseudo ? `${text}\n${PSEUDO_COMMANDS_NOTE}` : text;
}

/** Thrown from the property so fast-check shrinks on it; its message is the readable report. */
export class FidelityMismatch extends Error {
  constructor(
    readonly program: Program,
    readonly mismatch: Mismatch,
  ) {
    super(describeProgramMismatch(program, mismatch));
    this.name = 'FidelityMismatch';
  }
}

let side: Promise<OracleSide | undefined> | undefined;

/** This worker's two oracle connections for model runs (undefined offline). */
export function oracleSide(): Promise<OracleSide | undefined> {
  side ??= (async () => {
    const a = await connectOracle();
    const b = await connectOracle();
    if (!a || !b) return undefined;
    return { conns: [a, b], restoreConfig: await readRestoreConfig(a) };
  })();
  return side;
}

/** Runs one concrete program on both sides; the mismatch, if any. */
export async function checkProgram(program: Program): Promise<Mismatch | undefined> {
  const s = await oracleSide();
  if (!s) throw new Error('checkProgram needs the oracle (guard the test with hasOracle())');
  try {
    const oracle = await runProgramOnOracle(s, program);
    const stub = runProgramOnStub(program).replies;
    return compareRun(program, stub, oracle);
  } finally {
    await releaseOracle(s);
  }
}

/** Runs per property: FIDELITY_RUNS, else the given default. */
export function fidelityRuns(defaultRuns: number): number {
  const env = Number(process.env.FIDELITY_RUNS);
  return Number.isInteger(env) && env > 0 ? env : defaultRuns;
}

const COUNTEREXAMPLES = new URL('../fixtures/counterexamples.json', import.meta.url);

export interface Counterexample {
  group: string;
  commands: string[][];
  conns?: number[];
}

export function programOf(c: { commands: string[][]; conns?: number[] }): Program {
  return c.commands.map((argv, i) => (c.conns?.[i] === 1 ? { argv, conn: 1 } : { argv }));
}

export function asTranscriptCommands(program: Program): { commands: string[][]; conns?: number[] } {
  const commands = program.map((s) => s.argv);
  return program.some((s) => s.conn === 1) ? { commands, conns: program.map((s) => s.conn ?? 0) } : { commands };
}

export function loadCounterexamples(): Counterexample[] {
  return JSON.parse(readFileSync(COUNTEREXAMPLES, 'utf8')) as Counterexample[];
}

export interface CorpusEntry extends Counterexample {
  note: string;
}

/** The hand-written scripts of test/fixtures/corpus.json. */
export function loadCorpus(): CorpusEntry[] {
  return JSON.parse(readFileSync(new URL('../fixtures/corpus.json', import.meta.url), 'utf8')) as CorpusEntry[];
}

function saveCounterexample(group: string, program: Program): void {
  const all = loadCounterexamples();
  const entry: Counterexample = { group, ...asTranscriptCommands(program) };
  if (all.some((c) => JSON.stringify(c.commands) === JSON.stringify(entry.commands))) return;
  all.push(entry);
  writeFileSync(COUNTEREXAMPLES, `[\n${all.map((c) => JSON.stringify(c)).join(',\n')}\n]\n`);
}

/**
 * Property: for every program the arbitrary generates, the stub and the oracle reply alike. On a
 * failure, throws an Error whose message is the shrunk program as a redis-cli script with both
 * replies, the seed and how to replay it.
 */
export async function checkFidelity(group: string, arb: fc.Arbitrary<GenProgram>, defaultRuns: number): Promise<void> {
  const s = await oracleSide();
  if (!s) throw new Error('checkFidelity needs the oracle (guard the test with hasOracle())');
  const seedEnv = process.env.FIDELITY_SEED;
  const params: fc.Parameters<[GenProgram]> = { numRuns: fidelityRuns(defaultRuns) };
  if (seedEnv !== undefined && seedEnv !== '') params.seed = Number(seedEnv);
  if (process.env.FIDELITY_PATH) params.path = process.env.FIDELITY_PATH;
  const property = fc.asyncProperty(arb, async (gen) => {
    const program = resolve(gen);
    const oracle = await runProgramOnOracle(s, program);
    const stub = runProgramOnStub(program).replies;
    const m = compareRun(program, stub, oracle);
    if (m) throw new FidelityMismatch(program, m);
  });
  let details: fc.RunDetails<[GenProgram]>;
  try {
    details = await fc.check(property, params);
  } finally {
    await releaseOracle(s);
  }
  if (!details.failed) return;
  const error = details.errorInstance;
  const replay = `FIDELITY_SEED=${details.seed} FIDELITY_PATH=${details.counterexamplePath ?? ''}`;
  const header = `fidelity (${group}): stub and oracle differ after ${details.numRuns} run(s), shrunk ${details.numShrinks} time(s). Replay: ${replay}`;
  if (error instanceof FidelityMismatch) {
    // Nothing after the differing reply matters.
    const shrunk = error.program.slice(0, error.mismatch.index + 1);
    if (process.env.FIDELITY_SAVE === '1') saveCounterexample(group, shrunk);
    const json = JSON.stringify({ group, ...asTranscriptCommands(shrunk) });
    throw new Error(`${header}\n${error.message}\ncounterexample (for test/fixtures/counterexamples.json): ${json}`);
  }
  const gen = details.counterexample?.[0];
  const script = gen ? JSON.stringify(asTranscriptCommands(resolve(gen))) : '(none)';
  throw new Error(`${header}\nthe run itself failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\nprogram: ${script}`);
}
