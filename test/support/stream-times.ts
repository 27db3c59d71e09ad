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
