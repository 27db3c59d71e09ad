/** Model-based differential runs of the resp3 generator against the live oracle (see test/support/generators). */
import { describe, it } from 'vitest';
import { group } from '../support/generators/index.js';
import { checkFidelity } from '../support/model-check.js';
import { hasOracle } from '../support/oracle.js';

const g = group('resp3');

describe.skipIf(!hasOracle())(`fidelity: ${g.name}`, () => {
  it('replies in the same RESP3 shapes as Redis after HELLO 3', async () => {
    await checkFidelity(g.name, g.program, g.runs);
  });
});
