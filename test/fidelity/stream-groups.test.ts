/** Model-based differential runs of the stream-groups generator against the live oracle (see test/support/generators). */
import { describe, it } from 'vitest';
import { group } from '../support/generators/index.js';
import { checkFidelity } from '../support/model-check.js';
import { hasOracle } from '../support/oracle.js';

const g = group('stream-groups');

describe.skipIf(!hasOracle())(`fidelity: ${g.name}`, () => {
  it('replies exactly as Redis to random programs', async () => {
    await checkFidelity(g.name, g.program, g.runs);
  });
});
