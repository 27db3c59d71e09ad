/**
 * Two named clients on one server, for tests whose output names the peer that sent a command
 * (MONITOR lines, SLOWLOG entries): a script step says which client sends it, and `peers` maps each
 * client's address to `c1`/`c2` so stub and oracle outputs compare.
 */
import type { Engine } from '../../src/engine/engine.js';
import { Session } from '../../src/engine/session.js';
import { RawConnection } from './raw-connection.js';

/** One step: which client (1 or 2) sends argv; `blocks` when its reply comes only later. */
export type Step = [conn: 1 | 2, ...argv: string[]] | ['blocks', 1 | 2, ...string[]];

export function stepArgv(step: Step): { conn: 1 | 2; argv: string[]; blocks: boolean } {
  if (step[0] === 'blocks') return { conn: step[1] as 1 | 2, argv: step.slice(2) as string[], blocks: true };
  return { conn: step[0], argv: step.slice(1) as string[], blocks: false };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Two sessions on a stub engine and their peer names. */
export function stubClients(engine: Engine): { conns: Record<1 | 2, Session>; peers: Map<string, string> } {
  const conns = { 1: new Session(engine), 2: new Session(engine) };
  return { conns, peers: new Map([[conns[1].addr, 'c1'], [conns[2].addr, 'c2']]) };
}

/** Two raw connections to the oracle and their peer names (read from CLIENT INFO). */
export async function oracleClients(port: number): Promise<{ conns: Record<1 | 2, RawConnection>; peers: Map<string, string>; close(): Promise<void> }> {
  const conns = { 1: await RawConnection.open(port), 2: await RawConnection.open(port) };
  const peers = new Map<string, string>();
  for (const n of [1, 2] as const) {
    const info = String(await conns[n].send(['CLIENT', 'INFO']));
    peers.set(/addr=(\S+)/.exec(info)![1]!, `c${n}`);
  }
  return {
    conns,
    peers,
    // A client that sent QUIT is already closed: do not wait for a `close` that came before.
    close: async () => void (await Promise.race([Promise.all([conns[1].close(), conns[2].close()]), sleep(100)])),
  };
}
