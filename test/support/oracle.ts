/**
 * The oracle as a test sees it: this worker's own redis-server (or none), and how to talk to it.
 *
 *   const oracle = await connectOracle();   // undefined when no redis-server (offline run)
 *   describe.skipIf(!hasOracle())(...)
 */
import { inject } from 'vitest';
import { RawConnection } from './raw-connection.js';

export function oraclePort(): number | undefined {
  const ports = inject('oraclePorts');
  if (ports.length === 0) return undefined;
  const worker = Number(process.env.VITEST_POOL_ID ?? '1');
  return ports[(worker - 1) % ports.length];
}

export function hasOracle(): boolean {
  return oraclePort() !== undefined;
}

/** A raw RESP connection to this worker's oracle, or undefined when there is none. */
export async function connectOracle(): Promise<RawConnection | undefined> {
  const port = oraclePort();
  return port === undefined ? undefined : RawConnection.open(port);
}
