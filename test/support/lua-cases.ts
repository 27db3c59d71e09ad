/**
 * Differential Lua cases: a script run with EVAL on a fresh stub engine and on the oracle (from an
 * empty server with an empty script cache), every reply compared exactly, errors by full text
 * (which carries the script's SHA1: "... script: <sha>, on @user_script:1.").
 *
 *   const mismatches = await compareLuaCases(conn, cases);   // [] when the stub answers as Redis
 *
 * A case may prepare data (`setup`), look at what the script left behind (`after`), run in RESP3
 * (`resp3`: HELLO 3 first, its reply not compared since it names the server and the connection id)
 * and normalize replies that legitimately differ between two servers (`normalize`, e.g. a TTL read
 * a few milliseconds later).
 */
import { Engine } from '../../src/engine/engine.js';
import { Session } from '../../src/engine/session.js';
import type { Reply } from '../../src/reply.js';
import { asRedisCli, firstDifference, ORACLE_RESET, type Script } from './differential.js';
import type { RawConnection } from './raw-connection.js';
import { type JsonReply, toJson } from './reply-json.js';
import { onTheWire } from './wire.js';

/**
 * Lua helpers the corpus puts before a script body (one line): S(v) renders one value as text
 * (tables with their `key=value` entries sorted, so hash order never shows), P(...) renders every
 * argument with the count first, H(s) gives a string in hex.
 */
export const PRELUDE =
  "local function S(v, d) d = d or 0 local t = type(v) if t == 'string' then return '\"' .. v .. '\"' " +
  "elseif t == 'table' then if d > 3 then return '{..}' end local o = {} " +
  "for k, x in next, v do o[#o + 1] = (type(k) == 'string' and k or '[' .. S(k, 9) .. ']') .. '=' .. S(x, d + 1) end " +
  "table.sort(o) return '{' .. table.concat(o, ',') .. '}' " +
  "elseif t == 'function' or t == 'userdata' or t == 'thread' then return t else return tostring(v) end end " +
  "local function P(...) local o = {} for i = 1, select('#', ...) do o[i] = S((select(i, ...))) end return select('#', ...) .. ': ' .. table.concat(o, ' | ') end " +
  "local function H(s) return (string.gsub(s, '.', function(c) return string.format('%02x', string.byte(c)) end)) end ";

export interface LuaCase {
  name: string;
  /** The Lua source, sent as is (one line keeps every error at user_script:1). */
  script: string;
  keys?: string[];
  args?: string[];
  /** Commands before the EVAL (their replies are compared too). */
  setup?: string[][];
  /** Commands after the EVAL, to look at its effects (compared too). */
  after?: string[][];
  /** Run on a RESP3 connection (HELLO 3 first, not compared). */
  resp3?: boolean;
  /** Applied to both sides' replies (by step index) before comparing. */
  normalize?: (r: JsonReply, step: number) => JsonReply;
  /**
   * A documented difference from Redis (the README's "Known differences"): the case must still
   * differ from the oracle, so the note goes away the day the stub matches.
   */
  known?: string;
}

/** A sequence of commands (EVALs among them) compared step by step, e.g. a real client's flow. */
export interface LuaScenario {
  name: string;
  steps: string[][];
  resp3?: boolean;
  normalize?: (r: JsonReply, step: number) => JsonReply;
}

export type LuaRunnable = LuaCase | LuaScenario;

/** The EVAL command of a case. */
export function evalArgv(c: Pick<LuaCase, 'script' | 'keys' | 'args'>): string[] {
  const keys = c.keys ?? [];
  return ['EVAL', c.script, String(keys.length), ...keys, ...(c.args ?? [])];
}

/** Every compared command of a case or scenario, in order. */
export function caseSteps(c: LuaRunnable): Script {
  if ('steps' in c) return c.steps;
  return [...(c.setup ?? []), evalArgv(c), ...(c.after ?? [])];
}

/** The oracle back to an empty server, database 0, no cached scripts, RESP2. */
const RESET: Script = [...ORACLE_RESET, ['SCRIPT', 'FLUSH']];

export async function runCaseOnOracle(conn: RawConnection, c: LuaRunnable): Promise<Reply[]> {
  await conn.sendAll(c.resp3 ? [...RESET, ['HELLO', '3']] : RESET);
  try {
    return await conn.sendAll(caseSteps(c));
  } finally {
    if (c.resp3) await conn.send(['HELLO', '2']);
  }
}

/** The case on a fresh stub engine and session, each reply as the wire carries it. */
export function runCaseOnStub(c: LuaRunnable): Reply[] {
  const session = new Session(new Engine({ activeExpire: false }));
  if (c.resp3) session.execute(['HELLO', '3']);
  return caseSteps(c).map((argv) => onTheWire(session.execute(argv), session.resp));
}

/** A script as one readable line (long scripts cut in the middle, the corpus prelude named, not shown). */
function shortScript(s: string): string {
  const one = s.startsWith(PRELUDE) ? `<PRELUDE> ${JSON.stringify(s.slice(PRELUDE.length))}` : JSON.stringify(s);
  return one.length > 600 ? `${one.slice(0, 400)} ... ${one.slice(-150)}` : one;
}

/** The report of the first differing reply of a case, or undefined when every reply matches. */
export function describeCaseMismatch(c: LuaRunnable, stub: Reply[], oracle: Reply[]): string | undefined {
  const steps = caseSteps(c);
  const norm = c.normalize ?? ((r: JsonReply) => r);
  for (let i = 0; i < steps.length; i++) {
    const a = norm(toJson(stub[i]!), i);
    const b = norm(toJson(oracle[i]!), i);
    const sa = JSON.stringify(a);
    const sb = JSON.stringify(b);
    // The one difference every comparison allows: the sign of a printed NaN. Redis shows the sign
    // bit x86 gave it ("-nan" from 0/0, "nan" from tonumber("nan") or -(0/0)); V8 does not keep
    // NaN signs, so the stub prints every NaN as "-nan" (number-format.ts signBit).
    if (sa === sb || withoutNanSign(sa) === withoutNanSign(sb)) continue;
    const d = sa.length + sb.length > 400 ? firstDifference(a, b) : undefined;
    const isCase = !('steps' in c);
    const evalIndex = isCase ? (c.setup ?? []).length : -1;
    return [
      `[${c.name}] reply ${i + 1} of ${steps.length} differs${i === evalIndex ? ' (the EVAL)' : ''}${c.resp3 ? ' (RESP3)' : ''}`,
      ...(isCase
        ? [`  script: ${shortScript(c.script)}${c.keys?.length ? `  keys: ${JSON.stringify(c.keys)}` : ''}${c.args?.length ? `  args: ${JSON.stringify(c.args)}` : ''}`]
        : [`  command: ${JSON.stringify(steps[i]!.map((a) => (a.length > 200 ? a.slice(0, 200) + '...' : a)))}`]),
      ...(d ? [`  first difference at ${d.path}: stub ${JSON.stringify(d.stub)}, oracle ${JSON.stringify(d.oracle)}`] : []),
      `  stub:   ${sa}`,
      `  oracle: ${sb}`,
      ...(steps.length > 1 ? ['  steps (redis-cli):', ...asRedisCli(steps.slice(0, i + 1)).split('\n').map((l) => `    ${l.length > 300 ? l.slice(0, 300) + '...' : l}`)] : []),
    ].join('\n');
  }
  return undefined;
}

function withoutNanSign(json: string): string {
  return json.replace(/-nan\b/g, 'nan').replace(/-NAN\b/g, 'NAN');
}

/** Runs every case on both sides; one report per differing case. */
export async function compareLuaCases(conn: RawConnection, cases: readonly LuaRunnable[]): Promise<string[]> {
  const out: string[] = [];
  for (const c of cases) {
    const oracle = await runCaseOnOracle(conn, c);
    let stub: Reply[];
    try {
      stub = runCaseOnStub(c);
    } catch (e) {
      out.push(`[${c.name}] the stub threw ${String(e)}${'script' in c ? `\n  script: ${shortScript(c.script)}` : ''}`);
      continue;
    }
    const m = describeCaseMismatch(c, stub, oracle);
    const known = 'known' in c ? c.known : undefined;
    if (known === undefined) {
      if (m) out.push(m);
    } else if (!m) {
      out.push(`[${c.name}] matches the oracle now: remove its known-difference note ("${known}")`);
    }
  }
  return out;
}

/** The failure message for a list of mismatch reports (the first `max` in full). */
export function mismatchReport(what: string, total: number, mismatches: string[], max = 60): string {
  return [
    `${mismatches.length} of ${total} ${what} differ from the oracle:`,
    ...mismatches.slice(0, max),
    ...(mismatches.length > max ? [`... and ${mismatches.length - max} more`] : []),
  ].join('\n\n');
}
