/**
 * A lossless JSON form of reply values, for fixtures (recorded oracle transcripts) and for printing
 * mismatches. Bulk strings are JSON strings (binary strings, so bytes survive as \u00XX escapes);
 * every other kind carries a one-key tag named after its RESP type byte.
 */
import {
  BigNumberReply,
  BoolReply,
  DoubleReply,
  ErrorReply,
  MapReply,
  NilArrayReply,
  NIL_ARRAY,
  PinnedReply,
  PushReply,
  type Reply,
  SetReply,
  StatusReply,
  VerbatimReply,
} from '../../src/reply.js';
import { formatDouble } from '../../src/numbers.js';

export type JsonReply = string | number | null | JsonReply[] | { [tag: string]: unknown };

export function toJson(r: Reply): JsonReply {
  if (typeof r === 'string' || typeof r === 'number' || r === null) return r;
  if (typeof r === 'bigint') return { ':': r.toString() };
  if (Array.isArray(r)) return r.map(toJson);
  if (r instanceof StatusReply) return { '+': r.value };
  if (r instanceof ErrorReply) return { '-': r.message };
  if (r instanceof NilArrayReply) return { '*': null };
  if (r instanceof DoubleReply) return { ',': formatDouble(r.value) };
  if (r instanceof MapReply) return { '%': r.entries.map(toJson) };
  if (r instanceof SetReply) return { '~': r.items.map(toJson) };
  if (r instanceof PushReply) return { '>': r.items.map(toJson) };
  // Only the wire tells protocols apart (see wire.ts); a raw value shows what it holds.
  if (r instanceof PinnedReply) return toJson(r.reply);
  if (r instanceof BoolReply) return { '#': r.value };
  if (r instanceof VerbatimReply) return { '=': [r.format, r.text] };
  if (r instanceof BigNumberReply) return { '(': r.digits };
  throw new TypeError(`not a reply: ${String(r)}`);
}

export function fromJson(j: JsonReply): Reply {
  if (typeof j === 'string' || typeof j === 'number' || j === null) return j;
  if (Array.isArray(j)) return j.map(fromJson);
  const [tag, v] = Object.entries(j)[0]!;
  switch (tag) {
    case ':':
      return BigInt(v as string);
    case '+':
      return new StatusReply(v as string);
    case '-':
      return new ErrorReply(v as string);
    case '*':
      return NIL_ARRAY;
    case ',':
      return new DoubleReply(Number(v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v));
    case '%':
      return new MapReply((v as JsonReply[]).map(fromJson));
    case '~':
      return new SetReply((v as JsonReply[]).map(fromJson));
    case '>':
      return new PushReply((v as JsonReply[]).map(fromJson));
    case '#':
      return v ? BoolReply.TRUE : BoolReply.FALSE;
    case '=':
      return new VerbatimReply((v as string[])[0]!, (v as string[])[1]!);
    case '(':
      return new BigNumberReply(v as string);
    default:
      throw new TypeError(`unknown reply tag ${tag}`);
  }
}

/** redis-cli-like rendering for mismatch reports. */
export function showReply(r: Reply, indent = ''): string {
  const j = toJson(r);
  return indent + JSON.stringify(j);
}
