/**
 * Differential checks: the same command script runs on a fresh stub engine and on the oracle (from
 * an empty server), and every reply must match exactly at the RESP level.
 *
 *   await expectSameAsOracle([['SET', 'k', 'v'], ['GET', 'k']]);
 */
import { expect } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { Session } from '../../src/engine/session.js';
import type { Reply } from '../../src/reply.js';
import { connectOracle } from './oracle.js';
import type { RawConnection } from './raw-connection.js';
import { type JsonReply, toJson } from './reply-json.js';

export type Script = string[][];

let shared: RawConnection | undefined;

/** This worker's oracle connection (opened once), or undefined offline. */
export async function oracleConnection(): Promise<RawConnection | undefined> {
  shared ??= await connectOracle();
  return shared;
}

/** Commands that bring the oracle back to an empty, default server before a script. */
export const ORACLE_RESET: Script = [
  ['FLUSHALL'],
  ['SELECT', '0'],
  ['CONFIG', 'RESETSTAT'],
  ['DEBUG', 'SET-ACTIVE-EXPIRE', '1'],
];

export function runOnStub(script: Script, engine = new Engine({ activeExpire: false })): Reply[] {
  const session = new Session(engine);
  return script.map((argv) => session.execute(argv));
}

export async function runOnOracle(conn: RawConnection, script: Script): Promise<Reply[]> {
  await conn.sendAll(ORACLE_RESET);
  return conn.sendAll(script);
}

/** A script as redis-cli input (one command a line, arguments quoted where needed). */
export function asRedisCli(script: Script): string {
  return script
    .map((argv) =>
      argv
        .map((a) => (/^[\x21-\x7e]+$/.test(a) && !/["'\\]/.test(a) ? a : JSON.stringify(a)))
        .join(' '),
    )
    .join('\n');
}

export interface Mismatch {
  index: number;
  command: string[];
  stub: JsonReply;
  oracle: JsonReply;
}

/** First reply that differs, after each command's normalizer, or undefined when all match. */
export function firstMismatch(
  script: Script,
  stub: Reply[],
  oracle: Reply[],
  normalize: (argv: string[], r: JsonReply) => JsonReply = (_a, r) => r,
): Mismatch | undefined {
  for (let i = 0; i < script.length; i++) {
    const a = normalize(script[i]!, toJson(stub[i]!));
    const b = normalize(script[i]!, toJson(oracle[i]!));
    if (JSON.stringify(a) !== JSON.stringify(b)) return { index: i, command: script[i]!, stub: a, oracle: b };
  }
  return undefined;
}

export function describeMismatch(script: Script, m: Mismatch): string {
  return [
    `reply ${m.index + 1} differs for ${JSON.stringify(m.command)}`,
    `  stub:   ${JSON.stringify(m.stub)}`,
    `  oracle: ${JSON.stringify(m.oracle)}`,
    'script (redis-cli):',
    asRedisCli(script.slice(0, m.index + 1)),
  ].join('\n');
}

/**
 * Runs the script on both and fails with a readable report on the first difference. Offline (no
 * oracle), it does nothing and returns false; callers that must not be skipped use the replay suite.
 */
export async function expectSameAsOracle(
  script: Script,
  normalize?: (argv: string[], r: JsonReply) => JsonReply,
): Promise<boolean> {
  const conn = await oracleConnection();
  if (!conn) return false;
  const oracle = await runOnOracle(conn, script);
  const stub = runOnStub(script);
  const m = firstMismatch(script, stub, oracle, normalize);
  if (m) expect.fail(describeMismatch(script, m));
  return true;
}
