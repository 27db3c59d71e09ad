/**
 * Normalizers for the times of consumer-group replies: the stub and the oracle run a script at
 * different moments, so idle times are compared in whole seconds and epoch times not at all.
 */
import type { JsonReply } from './reply-json.js';

function seconds(n: JsonReply): JsonReply {
  return typeof n === 'number' ? Math.round(n / 1000) : n;
}

/** A flat name/value list (RESP2) or its RESP3 map, with `f` applied to the value after `name`. */
function mapField(j: JsonReply, name: string, f: (v: JsonReply) => JsonReply): JsonReply {
  const fix = (list: JsonReply[]): JsonReply[] => list.map((v, i) => (list[i - 1] === name ? f(v) : v));
  if (Array.isArray(j)) return fix(j);
  if (j !== null && typeof j === 'object' && '%' in j) return { '%': fix(j['%'] as JsonReply[]) };
  return j;
}

/** Idle times to the second: XPENDING's per-entry idle and XINFO CONSUMERS' idle. */
export function idleInSeconds(argv: string[], r: JsonReply): JsonReply {
  const name = argv.map((a) => a.toUpperCase());
  if (name[0] === 'XPENDING' && Array.isArray(r) && argv.length >= 6) {
    return r.map((row) => (Array.isArray(row) && row.length === 4 ? [row[0]!, row[1]!, seconds(row[2]!), row[3]!] : row));
  }
  if (name[0] === 'XINFO' && name[1] === 'CONSUMERS' && Array.isArray(r)) return r.map((c) => mapField(c, 'idle', seconds));
  return r;
}

/** Epoch milliseconds become `T` (XINFO STREAM FULL's delivery and seen times); idle times are in seconds. */
export function streamTimesNormalized(argv: string[], r: JsonReply): JsonReply {
  const epoch = (j: JsonReply): JsonReply => {
    if (typeof j === 'number') return j > 1e12 ? 'T' : j;
    if (Array.isArray(j)) return j.map(epoch);
    if (j !== null && typeof j === 'object' && '%' in j) return { '%': (j['%'] as JsonReply[]).map(epoch) };
    return j;
  };
  return epoch(idleInSeconds(argv, r));
}

/** A time that may differ by up to `ms` between the two sides (normalize.ts's Approx form). */
function near(j: JsonReply, ms: number): JsonReply {
  return typeof j === 'number' && j >= 0 ? { '≈': j, '±': ms } : j;
}

/** Applies `f` to every 4-element XPENDING row's idle, or to the values named in `names` inside maps. */
function deepFields(j: JsonReply, names: ReadonlySet<string>, f: (v: JsonReply) => JsonReply): JsonReply {
  if (Array.isArray(j)) return j.map((v, i) => (typeof j[i - 1] === 'string' && names.has(j[i - 1] as string) ? f(v) : deepFields(v, names, f)));
  if (j !== null && typeof j === 'object' && '%' in j) return { '%': deepFields(j['%'] as JsonReply[], names, f) as JsonReply[] };
  return j;
}

const TIME_FIELDS = new Set(['idle', 'seen-time']);

/**
 * For model-based runs (normalize.ts): every time in a consumer-group reply within a tolerance.
 * XPENDING rows carry [id, consumer, idle, deliveries]; XINFO CONSUMERS has `idle`; XINFO STREAM
 * FULL has `seen-time` and, in its PEL rows, delivery times (the number before the count).
 */
export function streamTimesApprox(argv: readonly string[], r: JsonReply, ms: number): JsonReply {
  const name = (argv[0] ?? '').toUpperCase();
  const sub = (argv[1] ?? '').toUpperCase();
  if (name === 'XPENDING' && argv.length >= 6 && Array.isArray(r)) {
    return r.map((row) => (Array.isArray(row) && row.length === 4 ? [row[0]!, row[1]!, near(row[2]!, ms), row[3]!] : row));
  }
  if (name !== 'XINFO' || (sub !== 'CONSUMERS' && sub !== 'STREAM')) return r;
  const pelRows = (j: JsonReply): JsonReply => {
    if (!Array.isArray(j)) return j;
    return j.map((row) => {
      if (!Array.isArray(row)) return row;
      if (row.length === 4 && typeof row[2] === 'number') return [row[0]!, row[1]!, near(row[2], ms), row[3]!];
      if (row.length === 3 && typeof row[1] === 'number') return [row[0]!, near(row[1], ms), row[2]!];
      return row;
    });
  };
  const withTimes = deepFields(r, TIME_FIELDS, (v) => near(v, ms));
  return deepFields(withTimes, new Set(['pending']), pelRows);
}
