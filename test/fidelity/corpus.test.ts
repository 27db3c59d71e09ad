/**
 * The hand-written corpus (test/fixtures/corpus.json) and every counterexample the property runs
 * ever found (test/fixtures/counterexamples.json), run live against the oracle: each is a
 * regression test of its own. Offline, their recorded transcripts run in replay.test.ts.
 */
import { describe, it } from 'vitest';
import { checkProgram, describeProgramMismatch, loadCorpus, loadCounterexamples, programOf } from '../support/model-check.js';
import { hasOracle } from '../support/oracle.js';

const entries = [
  ...loadCorpus().map((e) => ({ ...e, title: `${e.group}: ${e.note}` })),
  ...loadCounterexamples().map((c, i) => ({ ...c, title: `counterexample ${i + 1} (${c.group})` })),
];

describe.skipIf(!hasOracle())('fidelity: corpus and counterexamples, live', () => {
  for (const entry of entries) {
    it(entry.title, async () => {
      const program = programOf(entry);
      const m = await checkProgram(program);
      if (m) throw new Error(describeProgramMismatch(program, m));
    });
  }
});
