/**
 * Stream argument parsing and reply helpers shared by the stream commands and the consumer-group
 * commands (t_stream.c streamGenericParseIDOrReply, streamParseIntervalIDOrReply, and the entry
 * replies of streamReplyWithRange).
 */
import type { Bytes } from '../bytes.js';
import { CommandError, INVALID_END_ID, INVALID_START_ID, INVALID_STREAM_ID, WRONGTYPE } from '../errors.js';
import type { Entry } from '../engine/values.js';
import { RedisStream, type StreamFields } from '../engine/types/stream.js';
import { formatId, MAX_ID, MIN_ID, nextId, previousId, type StreamId, UINT64_MAX } from '../engine/types/stream-id.js';
import type { Reply } from '../reply.js';

export { INVALID_STREAM_ID };

/** The stream in an entry, or WRONGTYPE (checkType). */
export function streamOf(e: Entry): RedisStream {
  if (!(e.value instanceof RedisStream)) throw new CommandError(WRONGTYPE);
  return e.value;
}

/** The argument as C code sees it through its `char *`: up to the first NUL. */
export function cString(arg: Bytes): Bytes {
  const nul = arg.indexOf('\0');
  return nul < 0 ? arg : arg.slice(0, nul);
}

const SPACE = /^[ \t\n\v\f\r]*/;

/** How many times parseUint64 took strtoull's path, which leaves errno something other than EDOM. */
export let strtoullCalls = 0;

/** The common case, checked without a regex: "0" or up to 19 digits without a leading zero. */
function isPlainDecimal(s: string): boolean {
  const n = s.length;
  if (n === 0 || n > 19 || (n > 1 && s.charCodeAt(0) === 48)) return false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * string2ull: a strict decimal first (string2ll, negatives refused), then strtoull's looser rules:
 * leading whitespace, a sign (a minus negates modulo 2^64), leading zeros; ERANGE past 2^64-1.
 */
export function parseUint64(s: string): bigint | undefined {
  if (isPlainDecimal(s)) return BigInt(s);
  if (/^(0|-?[1-9][0-9]*)$/.test(s) && s.length <= 20) {
    const v = BigInt(s);
    if (v >= -(2n ** 63n) && v < 2n ** 63n) return v < 0n ? undefined : v;
  }
  // string2ull clears errno before falling back to strtoull (see streams.ts: XADD's errno-dependent message).
  strtoullCalls++;
  const rest = s.slice(SPACE.exec(s)![0].length);
  const m = /^([+-]?)([0-9]+)$/.exec(rest);
  if (m === null) return undefined;
  const magnitude = BigInt(m[2]!);
  if (magnitude > UINT64_MAX) return undefined;
  return m[1] === '-' ? BigInt.asUintN(64, -magnitude) : magnitude;
}

/** A parsed ID; `seqGiven` is false for XADD's `ms-*` form. */
export interface ParsedId {
  id: StreamId;
  seqGiven: boolean;
}

/**
 * streamGenericParseIDOrReply: `-` and `+` (refused when strict), `ms` (seq = missingSeq) or
 * `ms-seq`, and `ms-*` when allowAutoSeq (XADD). The C code reads the argument as a C string of at
 * most 127 bytes.
 */
export function parseStreamIdFull(arg: Bytes, missingSeq: bigint, strict: boolean, allowAutoSeq: boolean): ParsedId {
  if (arg.length > 127) throw new CommandError(INVALID_STREAM_ID);
  const s = cString(arg);
  if (strict && (s === '-' || s === '+')) throw new CommandError(INVALID_STREAM_ID);
  if (s === '-') return { id: MIN_ID, seqGiven: true };
  if (s === '+') return { id: MAX_ID, seqGiven: true };
  const dash = s.indexOf('-');
  const ms = parseUint64(dash < 0 ? s : s.slice(0, dash));
  if (ms === undefined) throw new CommandError(INVALID_STREAM_ID);
  if (dash < 0) return { id: { ms, seq: missingSeq }, seqGiven: true };
  const tail = s.slice(dash + 1);
  if (allowAutoSeq && tail === '*') return { id: { ms, seq: 0n }, seqGiven: false };
  const seq = parseUint64(tail);
  if (seq === undefined) throw new CommandError(INVALID_STREAM_ID);
  return { id: { ms, seq }, seqGiven: true };
}

/** streamParseIDOrReply (strict: streamParseStrictIDOrReply). */
export function parseStreamId(arg: Bytes, missingSeq: bigint, strict = false): StreamId {
  return parseStreamIdFull(arg, missingSeq, strict, false).id;
}

/** streamParseIntervalIDOrReply: `(id` is exclusive (and strict); anything else as parseStreamId. */
export function parseRangeBound(arg: Bytes, missingSeq: bigint): { id: StreamId; exclusive: boolean } {
  if (arg.length > 1 && arg[0] === '(') return { id: parseStreamId(arg.slice(1), missingSeq, true), exclusive: true };
  return { id: parseStreamId(arg, missingSeq), exclusive: false };
}

/** An XRANGE-style start bound: exclusive moves to the next ID ('invalid start ID' past the last). */
export function rangeStart(arg: Bytes): StreamId {
  const { id, exclusive } = parseRangeBound(arg, 0n);
  if (!exclusive) return id;
  const next = nextId(id);
  if (next === undefined) throw new CommandError(INVALID_START_ID);
  return next;
}

/** An XRANGE-style end bound: exclusive moves to the previous ID ('invalid end ID' before 0-0). */
export function rangeEnd(arg: Bytes): StreamId {
  const { id, exclusive } = parseRangeBound(arg, UINT64_MAX);
  if (!exclusive) return id;
  const prev = previousId(id);
  if (prev === undefined) throw new CommandError(INVALID_END_ID);
  return prev;
}

/** One entry as replied: [id, [field, value, ...]]. */
export function entryReply(id: StreamId, fields: StreamFields): Reply {
  return [formatId(id), fields.slice()];
}

/** The [[id, [f, v, ...]], ...] reply of up to `count` entries (0 = all) from an entry iterator. */
export function entriesReply(entries: Iterable<[StreamId, StreamFields]>, count = 0): Reply[] {
  const out: Reply[] = [];
  for (const [id, fields] of entries) {
    out.push(entryReply(id, fields));
    if (count !== 0 && out.length >= count) break;
  }
  return out;
}
