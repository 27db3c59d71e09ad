/**
 * Lua scripting (issue #8 P6): a tiny script by EVAL and by EVALSHA, a CPU-heavy script and a
 * cjson decode/encode script, each call awaited before the next (as an application calls them).
 *
 * - tiny: `return redis.call('INCR', KEYS[1])`, the shape of most real scripts (a lock, a rate
 *   limiter): what it measures is the cost of getting into and out of a script.
 * - CPU-heavy: a loop of 1M arithmetic steps that builds a string every 100 steps (10k pieces
 *   joined with table.concat): what it measures is the Lua interpreter itself.
 * - cjson: decodes a 1 KB JSON document given as ARGV[1], changes two fields and encodes it back.
 *
 * The SHA is made client-side (SHA-1 of the source) and the script is sent once by EVAL before
 * EVALSHA is used, the way ioredis's defineCommand does it; that also works on ioredis-mock, which
 * has no SCRIPT LOAD but remembers what EVAL ran. As in the streams suite, every scenario first
 * checks the target's reply against the value Redis gives (computed here in JS); a target that
 * lacks a command or a library, or answers otherwise, is n/a with the reason, not timed.
 */
import { createHash } from 'node:crypto';
import { type BenchClient, formatOps } from '../harness.js';
import { bestOf, check, cmd, opsPerSec, reasonOf } from './streams-blocking.js';

export type ScriptingResult = { kind: 'ops'; opsPerSec: number } | { kind: 'na'; reason: string };

export const TINY_SCRIPT = "return redis.call('INCR', KEYS[1])";

export const CPU_SCRIPT = `local acc, parts, n = 0, {}, 0
for i = 1, 1000000 do
  acc = (acc * 31 + i) % 1000003
  if i % 100 == 0 then
    n = n + 1
    parts[n] = i .. ':' .. acc
  end
end
local s = table.concat(parts, ',')
return {acc, #s, string.sub(s, -16)}`;

export const CJSON_SCRIPT = `local doc = cjson.decode(ARGV[1])
doc.visits = doc.visits + 1
doc.tags[#doc.tags + 1] = 'seen'
return cjson.encode(doc)`;

export const SCRIPTING_SCENARIOS = {
  evalTiny: `EVAL tiny script (${TINY_SCRIPT})`,
  evalshaTiny: 'EVALSHA tiny script (the same)',
  cpu: 'EVALSHA CPU-heavy script (1M arithmetic steps, 10k strings built and joined)',
  cjson: 'EVALSHA cjson.decode + cjson.encode of a 1 KB document',
} as const;

const sha1 = (source: string) => createHash('sha1').update(source).digest('hex');

/** What CPU_SCRIPT returns, computed in JS (integers all through, so Lua's %.14g prints them as JS does). */
function cpuExpected(): [number, number, string] {
  let acc = 0;
  const parts: string[] = [];
  for (let i = 1; i <= 1_000_000; i++) {
    acc = (acc * 31 + i) % 1000003;
    if (i % 100 === 0) parts.push(`${i}:${acc}`);
  }
  const s = parts.join(',');
  return [acc, s.length, s.slice(-16)];
}

/** The document CJSON_SCRIPT decodes (about 1 KB as JSON); numbers that print the same in %.14g. */
const DOC = {
  id: 'user:4821',
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  visits: 41,
  active: true,
  score: 1234.5,
  tags: ['admin', 'beta', 'eu-west'],
  address: { street: '12 St James Square', city: 'London', zip: 'SW1Y 4JH', geo: { lat: 51.5074, lon: -0.1335 } },
  items: Array.from({ length: 8 }, (_, i) => ({ sku: `SKU-${1000 + i}`, qty: i + 1, price: 9.75 + i, gift: i % 2 === 0 })),
  notes: 'Prefers email; renewal due in spring. Account migrated from the legacy system in batch 7.',
};
const DOC_JSON = JSON.stringify(DOC);

/** JSON values equal up to object key order (cjson.encode writes keys in table order). */
function sameJson(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    const ra = a as Record<string, unknown>;
    const rb = b as Record<string, unknown>;
    return ka.join() === kb.join() && ka.every((k) => sameJson(ra[k], rb[k]));
  }
  return a === b;
}

/** Sends the script once by EVAL (checked by `ok`) and returns its SHA for EVALSHA. */
async function load(c: BenchClient, source: string, args: (string | number)[], ok: (reply: unknown) => string | undefined): Promise<string> {
  const reply = await cmd(c, 'eval', source, ...args);
  const wrong = ok(reply);
  check(wrong === undefined, `EVAL replied ${wrong}`);
  return sha1(source);
}

const shown = (reply: unknown) => JSON.stringify(reply)?.slice(0, 80) ?? String(reply);

async function evalTiny(c: BenchClient, seconds: number, rounds: number): Promise<ScriptingResult> {
  await c.flushall();
  const first = await cmd(c, 'eval', TINY_SCRIPT, 1, 'counter');
  const second = await cmd(c, 'eval', TINY_SCRIPT, 1, 'counter');
  check(first === 1 && second === 2, `EVAL of INCR twice replied ${shown(first)}, ${shown(second)}`);
  const best = await bestOf(rounds, () =>
    opsPerSec(seconds, 1, async () => {
      await cmd(c, 'eval', TINY_SCRIPT, 1, 'counter');
    }),
  );
  return { kind: 'ops', opsPerSec: best };
}

async function evalshaTiny(c: BenchClient, seconds: number, rounds: number): Promise<ScriptingResult> {
  await c.flushall();
  const sha = await load(c, TINY_SCRIPT, [1, 'counter'], (r) => (r === 1 ? undefined : shown(r)));
  const second = await cmd(c, 'evalsha', sha, 1, 'counter');
  check(second === 2, `EVALSHA of INCR after EVAL replied ${shown(second)}`);
  const best = await bestOf(rounds, () =>
    opsPerSec(seconds, 1, async () => {
      await cmd(c, 'evalsha', sha, 1, 'counter');
    }),
  );
  return { kind: 'ops', opsPerSec: best };
}

async function cpuHeavy(c: BenchClient, seconds: number, rounds: number): Promise<ScriptingResult> {
  const expected = JSON.stringify(cpuExpected());
  const sha = await load(c, CPU_SCRIPT, [0], (r) => (JSON.stringify(r) === expected ? undefined : `${shown(r)}, not ${expected}`));
  const again = await cmd(c, 'evalsha', sha, 0);
  check(JSON.stringify(again) === expected, `EVALSHA replied ${shown(again)}, not ${expected}`);
  const best = await bestOf(rounds, () =>
    opsPerSec(seconds, 1, async () => {
      await cmd(c, 'evalsha', sha, 0);
    }),
  );
  return { kind: 'ops', opsPerSec: best };
}

async function cjsonRoundTrip(c: BenchClient, seconds: number, rounds: number): Promise<ScriptingResult> {
  const expected = { ...DOC, visits: DOC.visits + 1, tags: [...DOC.tags, 'seen'] };
  const ok = (r: unknown) => {
    if (typeof r !== 'string') return shown(r);
    let parsed: unknown;
    try {
      parsed = JSON.parse(r);
    } catch {
      return `${shown(r)} (not JSON)`;
    }
    return sameJson(parsed, expected) ? undefined : `${shown(r)}, not the document with visits + 1 and the tag`;
  };
  const sha = await load(c, CJSON_SCRIPT, [0, DOC_JSON], ok);
  const again = await cmd(c, 'evalsha', sha, 0, DOC_JSON);
  const wrong = ok(again);
  check(wrong === undefined, `EVALSHA replied ${wrong}`);
  const best = await bestOf(rounds, () =>
    opsPerSec(seconds, 1, async () => {
      await cmd(c, 'evalsha', sha, 0, DOC_JSON);
    }),
  );
  return { kind: 'ops', opsPerSec: best };
}

/** reasonOf, with a Lua error from ioredis-mock's fengari cut down to the message itself. */
function scriptReason(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const lua = /^Error trying to loading or executing lua code string in VM: \[string ".*?"\]:\d+: (.*)$/s.exec(message);
  return reasonOf(lua ? new Error(`Lua: ${lua[1]}`) : e);
}

/** Runs the suite on one target (in its own process, bench/target.ts) and returns a row per scenario. */
export async function scriptingSuite(c: BenchClient, seconds: number, rounds: number): Promise<Record<string, ScriptingResult>> {
  const out: Record<string, ScriptingResult> = {};
  const scenarios: [string, (c: BenchClient, s: number, r: number) => Promise<ScriptingResult>][] = [
    [SCRIPTING_SCENARIOS.evalTiny, evalTiny],
    [SCRIPTING_SCENARIOS.evalshaTiny, evalshaTiny],
    [SCRIPTING_SCENARIOS.cpu, cpuHeavy],
    [SCRIPTING_SCENARIOS.cjson, cjsonRoundTrip],
  ];
  for (const [name, scenario] of scenarios) {
    try {
      out[name] = await scenario(c, seconds, rounds);
    } catch (e) {
      out[name] = { kind: 'na', reason: scriptReason(e) };
    }
  }
  return out;
}

/** The suite's section of RESULTS.md: calls/s per scenario, with redis-stub's ratio to each other target. */
export function scriptingTable(byTarget: [label: string, rows: Record<string, ScriptingResult>][], baseline: string): string {
  const labels = byTarget.map(([label]) => label);
  const others = labels.filter((l) => l !== baseline);
  const get = (label: string, scenario: string) => byTarget.find(([l]) => l === label)?.[1][scenario];
  const value = (r: ScriptingResult | undefined) => (r?.kind === 'ops' ? r.opsPerSec : undefined);
  const head = `| scenario | ${labels.join(' | ')} | ${others.map((o) => `${baseline} / ${o}`).join(' | ')} |`;
  const sep = `|${' --- |'.repeat(1 + labels.length + others.length)}`;
  const rows = Object.values(SCRIPTING_SCENARIOS).map((scenario) => {
    const cells = labels.map((l) => {
      const r = get(l, scenario);
      return r?.kind === 'na' ? `n/a (${r.reason.replace(/\|/g, '\\|')})` : r === undefined ? 'n/a' : `${formatOps(r.opsPerSec)} calls/s`;
    });
    const base = value(get(baseline, scenario));
    const ratios = others.map((o) => {
      const v = value(get(o, scenario));
      return base === undefined || v === undefined ? 'n/a' : `${(base / v).toFixed(1)}×`;
    });
    return `| ${scenario.replace(/\|/g, '\\|')} | ${cells.join(' | ')} | ${ratios.join(' | ')} |`;
  });
  return [head, sep, ...rows].join('\n');
}
