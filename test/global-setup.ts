/**
 * vitest global setup: the oracles, one real redis-server per test worker (a worker runs one file
 * at a time, so a file owns its oracle and may flush it). Tests get theirs from test/support/oracle.ts.
 * With REQUIRE_ORACLE=1 (CI) a missing redis-server fails the run.
 */
import type { TestProject } from 'vitest/node';
import { findRedisServer, startOracle, type OracleServer } from './support/oracle-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    oraclePorts: number[];
    oracleVersion: string;
  }
}

const oracles: OracleServer[] = [];
export const WORKERS = 2;

export async function setup(project: TestProject): Promise<void> {
  const binary = findRedisServer();
  if (!binary) {
    if (process.env.REQUIRE_ORACLE === '1') {
      throw new Error(
        'REQUIRE_ORACLE=1 but no redis-server is on PATH. Install it (Debian: apt-get install -y redis-server) ' +
          'or unset REQUIRE_ORACLE to run the offline replay only.',
      );
    }
    console.warn('[redis-stub] no redis-server on PATH: live oracle comparisons are skipped; offline replay still runs.');
    project.provide('oraclePorts', []);
    project.provide('oracleVersion', '');
    return;
  }
  for (let i = 0; i < WORKERS; i++) oracles.push(await startOracle(binary));
  project.provide('oraclePorts', oracles.map((o) => o.port));
  project.provide('oracleVersion', oracles[0]!.version);
}

export async function teardown(): Promise<void> {
  await Promise.all(oracles.map((o) => o.stop()));
}
