/** Model-based differential runs of the blocking generator (inside MULTI, and refused timeouts) against the live oracle. */
import { describe, it } from 'vitest';
import { group } from '../support/generators/index.js';
import { checkFidelity } from '../support/model-check.js';
import { hasOracle } from '../support/oracle.js';

const g = group('blocking');

describe.skipIf(!hasOracle())(`fidelity: ${g.name}`, () => {
  it('replies exactly as Redis to random programs', async () => {
    await checkFidelity(g.name, g.program, g.runs);
  });
});
