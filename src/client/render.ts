/**
 * Reply values as ioredis 5 hands them to the caller. ioredis speaks RESP2 and parses with
 * redis-parser in buffer mode, then decodes Buffers to utf8 strings unless a `…Buffer` method was
 * called. So: bulk and status replies become strings (or Buffers), integers become numbers (strings
 * with `stringNumbers`), nil becomes null, doubles/big numbers/verbatim strings become bulk strings,
 * maps/sets/pushes become flat arrays, booleans become 1/0, and an error nested in an array becomes a
 * ReplyError value in place.
 */
import { toUtf8 } from '../bytes.js';
import { formatDouble } from '../numbers.js';
import {
  BigNumberReply,
  BoolReply,
  DoubleReply,
  ErrorReply,
  MapReply,
  MultiReply,
  NilArrayReply,
  PinnedReply,
  PushReply,
  type Reply,
  SetReply,
  StatusReply,
  VerbatimReply,
} from '../reply.js';
import { ReplyError } from './reply-error.js';

/** How a reply is decoded: utf8 strings (plain methods) or Buffers (`…Buffer` methods, raw Commands). */
export const enum Encoding {
  Utf8 = 0,
  Buffer = 1,
}

/**
 * What redis-parser makes of an integer beyond 2^53 without `stringNumbers`: it accumulates
 * `n * 10 + digit` in a double, which is not always the correctly rounded value.
 */
export function parserNumber(digits: string): number {
  let i = 0;
  let sign = 1;
  if (digits.charCodeAt(0) === 45) {
    sign = -1;
    i = 1;
  }
  let n = 0;
  for (; i < digits.length; i++) n = n * 10 + (digits.charCodeAt(i) - 48);
  return sign * n;
}

/** A bulk string as the caller sees it. */
function bulk(b: string, encoding: Encoding): string | Buffer {
  return encoding === Encoding.Utf8 ? toUtf8(b) : Buffer.from(b, 'latin1');
}

function renderArray(items: Reply[], encoding: Encoding, stringNumbers: boolean): unknown[] {
  const out = new Array<unknown>(items.length);
  for (let i = 0; i < items.length; i++) out[i] = renderReply(items[i]!, encoding, stringNumbers);
  return out;
}

/** Renders any reply value; a top-level ErrorReply becomes a ReplyError value (the caller rejects with it). */
export function renderReply(reply: Reply, encoding: Encoding, stringNumbers: boolean): unknown {
  if (typeof reply === 'string') return bulk(reply, encoding);
  if (typeof reply === 'number') return stringNumbers ? String(reply) : reply;
  if (reply === null) return null;
  if (Array.isArray(reply)) return renderArray(reply, encoding, stringNumbers);
  if (typeof reply === 'bigint') return stringNumbers ? reply.toString() : parserNumber(reply.toString());
  if (reply instanceof StatusReply) return bulk(reply.value, encoding);
  if (reply instanceof ErrorReply) return new ReplyError(toUtf8(reply.message));
  if (reply instanceof NilArrayReply) return null;
  if (reply instanceof DoubleReply) return bulk(formatDouble(reply.value), encoding);
  if (reply instanceof MapReply) return renderArray(reply.entries, encoding, stringNumbers);
  if (reply instanceof SetReply) return renderArray(reply.items, encoding, stringNumbers);
  if (reply instanceof PushReply) return renderArray(reply.items, encoding, stringNumbers);
  if (reply instanceof BoolReply) return reply.value ? (stringNumbers ? '1' : 1) : stringNumbers ? '0' : 0;
  if (reply instanceof VerbatimReply) return bulk(reply.text, encoding);
  if (reply instanceof BigNumberReply) return bulk(reply.digits, encoding);
  if (reply instanceof PinnedReply) return renderReply(reply.reply, encoding, stringNumbers);
  // Several replies to one command (SUBSCRIBE a b): a client reads up to the last one.
  if (reply instanceof MultiReply) return renderReply(reply.replies[reply.replies.length - 1] ?? null, encoding, stringNumbers);
  return reply;
}
