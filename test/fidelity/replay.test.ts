/**
 * Offline fidelity: every recorded oracle transcript (test/fixtures/transcripts, `npm run record`)
 * replayed against the stub, compared with the live runs' normalizers. Runs with or without a
 * redis-server, so a machine without one still checks fidelity.
 */
import { describe, expect, it } from 'vitest';
import { describeProgramMismatch } from '../support/model-check.js';
import { loadTranscripts, replayEntry } from '../support/replay.js';

const transcripts = loadTranscripts();

describe('fidelity: recorded transcripts replayed on the stub', () => {
  it('has transcripts to replay', () => {
    expect(transcripts.size).toBeGreaterThan(0);
  });
  for (const [name, entries] of transcripts) {
    it(`${name} (${entries.length} programs)`, () => {
      const failures: string[] = [];
      for (const [i, entry] of entries.entries()) {
        const { program, mismatch } = replayEntry(entry);
        if (mismatch) failures.push(`#${i + 1} ${entry.note ?? ''}\n${describeProgramMismatch(program, mismatch)}`);
      }
      if (failures.length) {
        const shown = failures.slice(0, 5).join('\n\n');
        throw new Error(`${failures.length} of ${entries.length} ${name} transcripts differ (first ${Math.min(5, failures.length)}):\n\n${shown}`);
      }
    });
  }
});
