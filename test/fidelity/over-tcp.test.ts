/**
 * The differential suite over TCP: the same generator programs drive redis-stub's RESP server and
 * the oracle through raw RESP connections (two each, as the model runs use), and every reply must
 * match as parsed from the wire, in RESP2 and (the resp3 group) RESP3. The stub side is the very
 * harness that drives the oracle (runProgramOnOracle), pointed at the stub's server, so nothing
 * but the bytes on the socket can differ.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { createServer } from '../../src/server/server.js';
import { group } from '../support/generators/index.js';
import { resolve } from '../support/model.js';
import { compareRun, FidelityMismatch, fidelityRuns, oracleSide } from '../support/model-check.js';
import { type OracleSide, readRestoreConfig, releaseOracle, runProgramOnOracle } from '../support/model-run.js';
import { hasOracle } from '../support/oracle.js';
import { RawConnection } from '../support/raw-connection.js';

/** Groups run over TCP: every data type, transactions with two connections, RESP3 shapes, bad input. */
const GROUPS = ['strings', 'keys', 'lists', 'hashes', 'sets', 'sorted-sets', 'streams', 'stream-groups', 'transactions', 'mixed', 'resp3', 'bad-input', 'blocking'];
/** Fewer runs than the in-process suites: those already cover semantics; this covers the wire. */
const RUNS = 60;

describe.skipIf(!hasOracle())('fidelity over TCP: the stub server and the oracle', () => {
  let server: ReturnType<typeof createServer>;
  let stub: OracleSide;

  beforeAll(async () => {
    server = createServer({ engine: new Engine({ activeExpire: false }), port: 0, host: '127.0.0.1' });
    await server.listen();
    const { port } = server.address()!;
    const a = await RawConnection.open(port);
    const b = await RawConnection.open(port);
    stub = { conns: [a, b], restoreConfig: await readRestoreConfig(a) };
  });

  afterAll(async () => {
    if (stub !== undefined) for (const conn of stub.conns) await conn.close();
    await server?.close();
  });

  for (const name of GROUPS) {
    it(`${name}: the same replies on the wire`, async () => {
      const oracle = (await oracleSide())!;
      const g = group(name);
      const params: fc.Parameters<[Parameters<typeof resolve>[0]]> = {
        numRuns: fidelityRuns(RUNS),
      };
      if (process.env.FIDELITY_SEED) params.seed = Number(process.env.FIDELITY_SEED);
      try {
        await fc.assert(
          fc.asyncProperty(g.program, async (gen) => {
            const program = resolve(gen);
            const expected = await runProgramOnOracle(oracle, program);
            const actual = await runProgramOnOracle(stub, program);
            const m = compareRun(program, actual, expected);
            if (m) throw new FidelityMismatch(program, m);
          }),
          params,
        );
      } finally {
        await releaseOracle(oracle);
      }
    }, 120_000);
  }
});
