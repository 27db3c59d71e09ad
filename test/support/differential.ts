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
import { onTheWire } from './wire.js';
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

/** The script on a fresh stub session: the reply values, as handlers return them. */
export function runOnStub(script: Script, engine = new Engine({ activeExpire: false })): Reply[] {
  const session = new Session(engine);
  return script.map((argv) => session.execute(argv));
}

/** The script on a fresh stub session, each reply as the wire carries it in the protocol then in force. */
export function runOnStubAsSent(script: Script, engine = new Engine({ activeExpire: false })): Reply[] {
  const session = new Session(engine);
  return script.map((argv) => onTheWire(session.execute(argv), session.resp));
}

export async function runOnOracle(conn: RawConnection, script: Script): Promise<Reply[]> {
  await conn.sendAll(ORACLE_RESET);
  return conn.sendAll(script);
}

/** One argument as redis-cli reads it: bare when plain, else double-quoted with \xHH escapes for bytes. */
function cliWord(a: string): string {
  if (/^[\x21-\x7e]+$/.test(a) && !/["'\\]/.test(a)) return a;
  let out = '"';
  for (const ch of a) {
    const c = ch.charCodeAt(0);
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c > 0x7e) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/**
 * A script as redis-cli input (one command a line, arguments quoted where needed). When `conns`
 * says some commands come from a second connection, every line is prefixed with its connection
 * (`1>` or `2>`), as two redis-cli sessions typed in that order.
 */
export function asRedisCli(script: Script, conns?: readonly (number | undefined)[]): string {
  const two = conns?.some((c) => c === 1) ?? false;
  return script
    .map((argv, i) => (two ? `${(conns![i] ?? 0) + 1}> ` : '') + argv.map(cliWord).join(' '))
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

/** Where two (JSON) replies first differ, as a path like `[3][9][0]`, with both values there. */
export function firstDifference(a: unknown, b: unknown, path = ''): { path: string; stub: unknown; oracle: unknown } | undefined {
  if (JSON.stringify(a) === JSON.stringify(b)) return undefined;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (i >= a.length || i >= b.length) return { path: `${path}[${i}]`, stub: a[i], oracle: b[i] };
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a);
    if (ka.length === Object.keys(b).length && ka.every((k) => k in b)) {
      for (const k of ka) {
        const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
        if (d) return d;
      }
    }
  }
  return { path: path || '(whole reply)', stub: a, oracle: b };
}

/** The report for a mismatch: the two replies, then the script up to the differing command. */
export function describeMismatch(script: Script, m: Mismatch, conns?: readonly (number | undefined)[]): string {
  const stub = JSON.stringify(m.stub);
  const oracle = JSON.stringify(m.oracle);
  const long = stub.length + oracle.length > 400;
  const d = long ? firstDifference(m.stub, m.oracle) : undefined;
  return [
    `reply ${m.index + 1} differs for ${JSON.stringify(m.command)}`,
    ...(d ? [`  first difference at ${d.path}: stub ${JSON.stringify(d.stub)}, oracle ${JSON.stringify(d.oracle)}`] : []),
    `  stub:   ${stub}`,
    `  oracle: ${oracle}`,
    'script (redis-cli):',
    asRedisCli(script.slice(0, m.index + 1), conns?.slice(0, m.index + 1)),
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
  const stub = runOnStubAsSent(script);
  const m = firstMismatch(script, stub, oracle, normalize);
  if (m) expect.fail(describeMismatch(script, m));
  return true;
}
