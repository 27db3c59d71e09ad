/**
 * The request side of RESP: multibulk (`*N\r\n$len\r\n...`) and inline (telnet-style) requests,
 * parsed from socket bytes as Redis 7.0's networking.c parses its query buffer
 * (processInputBuffer, processMultibulkBuffer, processInlineBuffer), so every malformed input gets
 * the error Redis gives, at the byte where Redis gives it.
 *
 * The parser keeps Redis's state between reads (the argument count still to read, the length of
 * the bulk being read, the arguments read so far), so a request split over many reads is never
 * scanned twice. Arguments come out as binary strings (latin1: one char per byte).
 *
 * Two C details matter for exact errors: line ends are found with strchr, which stops at a NUL
 * byte (a NUL before the CR or LF means "no line yet"), and the byte after a CR is skipped
 * without being checked.
 */
import { splitArgs } from './split-args.js';

/** PROTO_INLINE_MAX_SIZE: the longest line (inline request, or a count line) Redis waits for. */
export const PROTO_INLINE_MAX_SIZE = 64 * 1024;
const INT_MAX = 2147483647;
/** LONG_STR_SIZE: string2ll refuses strings this long or longer. */
const LONG_STR_SIZE = 21;
const LLONG_MAX = 9223372036854775807n;

/** A protocol error: Redis answers with `message` and closes the connection after the reply. */
export class ProtocolError {
  constructor(readonly message: string) {}
}

const EMPTY = Buffer.alloc(0);

/**
 * Buffer's own latin1 decoder, without toString's argument checks and dispatch: arguments are
 * decoded once per bulk, the parser's hottest call.
 */
type Latin1Slice = (this: Buffer, start: number, end: number) => string;
const latin1Slice = (Buffer.prototype as unknown as { latin1Slice?: Latin1Slice }).latin1Slice ??
  function (this: Buffer, start: number, end: number): string {
    return this.toString('latin1', start, end);
  };
const CR = 0x0d;
const LF = 0x0a;

const enum ReqType {
  Unknown,
  Inline,
  Multibulk,
}

/** strchr(buf + pos, byte) on a NUL-terminated buffer: the index of `byte`, or -1 (also when a NUL comes first). */
function strchr(buf: Buffer, pos: number, byte: number): number {
  const i = buf.indexOf(byte, pos);
  if (i < 0) return -1;
  for (let j = pos; j < i; j++) if (buf[j] === 0) return -1;
  return i;
}

/**
 * string2ll over bytes [start, end): strict decimal, no sign but `-`, no leading zeros, at most
 * 20 characters, within a signed 64-bit integer. Values past 2^53 are only compared with limits,
 * so a nearby double will do.
 */
export function string2ll(buf: Buffer, start: number, end: number): number | undefined {
  const len = end - start;
  if (len === 0 || len >= LONG_STR_SIZE) return undefined;
  if (len === 1 && buf[start] === 0x30) return 0;
  let p = start;
  const negative = buf[p] === 0x2d;
  if (negative) {
    p++;
    if (p === end) return undefined;
  }
  const first = buf[p]!;
  if (first < 0x31 || first > 0x39) return undefined;
  for (let i = p + 1; i < end; i++) {
    const c = buf[i]!;
    if (c < 0x30 || c > 0x39) return undefined;
  }
  if (end - p < 16) {
    // Exact in a double: accumulate the digits instead of making a string to parse.
    let v = 0;
    for (let i = p; i < end; i++) v = v * 10 + (buf[i]! - 0x30);
    return negative ? -v : v;
  }
  // Long enough to overflow: check exactly, as string2ll does with unsigned long long.
  const v = BigInt(buf.toString('latin1', p, end));
  if (negative ? v > LLONG_MAX + 1n : v > LLONG_MAX) return undefined;
  return negative ? -Number(v) : Number(v);
}

export interface ParseLimits {
  /** proto-max-bulk-len. */
  maxBulkLen: number;
  /** The connection has not authenticated and must (authRequired): long counts are refused. */
  authRequired: boolean;
}

export class RequestParser {
  /** The query buffer: unparsed bytes are buf[pos..]. */
  private buf: Buffer = EMPTY;
  private pos = 0;
  /** Chunks read but not joined to `buf` yet (while a big bulk is incomplete, or while nobody parses). */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private reqtype = ReqType.Unknown;
  /** Arguments still to read of the current multibulk request (c->multibulklen). */
  private multibulklen = 0;
  /** Length of the bulk being read, -1 while its `$len` line is not read yet (c->bulklen). */
  private bulklen = -1;
  private argv: string[] = [];

  /** Bytes read and not consumed: what client-query-buffer-limit is checked against. */
  get buffered(): number {
    return this.buf.length - this.pos + this.pendingBytes;
  }

  /** True when there is unparsed input (processInputBuffer's loop condition). */
  get hasInput(): boolean {
    return this.pos < this.buf.length || this.pendingBytes !== 0;
  }

  /** Adds bytes read from the socket. They are joined to the query buffer only when parsing needs them. */
  push(chunk: Buffer): void {
    if (this.pos >= this.buf.length && this.pendingBytes === 0) {
      // The common case: everything before was consumed; the chunk becomes the buffer, no copy.
      this.buf = chunk;
      this.pos = 0;
      return;
    }
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
  }

  /** Drops whatever is left (after a protocol error, or when the connection closes). */
  clear(): void {
    this.buf = EMPTY;
    this.pos = 0;
    this.pending = [];
    this.pendingBytes = 0;
  }

  /**
   * Joins pending chunks into the buffer, unless a bulk is being read that they cannot complete
   * yet: a 100 MB argument arriving in 64 KB reads is copied once, not once per read.
   */
  private join(): void {
    if (this.pendingBytes === 0) return;
    if (this.bulklen >= 0 && this.buf.length - this.pos + this.pendingBytes < this.bulklen + 2) return;
    const parts = this.pos < this.buf.length ? [this.buf.subarray(this.pos), ...this.pending] : this.pending;
    this.buf = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    this.pos = 0;
    this.pending = [];
    this.pendingBytes = 0;
  }

  /**
   * The next complete request: its arguments (empty for `*0`, `*-1` or a blank line, which Redis
   * skips), undefined when more bytes are needed, or the protocol error to answer before closing.
   */
  next(limits: ParseLimits): string[] | undefined | ProtocolError {
    this.join();
    if (this.pos >= this.buf.length) return undefined;
    if (this.reqtype === ReqType.Unknown) this.reqtype = this.buf[this.pos] === 0x2a ? ReqType.Multibulk : ReqType.Inline;
    return this.reqtype === ReqType.Inline ? this.inline() : this.multibulk(limits);
  }

  private done(argv: string[]): string[] {
    this.reqtype = ReqType.Unknown;
    this.multibulklen = 0;
    this.bulklen = -1;
    this.argv = [];
    return argv;
  }

  /** processInlineBuffer. */
  private inline(): string[] | undefined | ProtocolError {
    const buf = this.buf;
    const start = this.pos;
    let newline = strchr(buf, start, LF);
    if (newline < 0) {
      if (buf.length - start > PROTO_INLINE_MAX_SIZE) return new ProtocolError('ERR Protocol error: too big inline request');
      return undefined;
    }
    let linefeedChars = 1;
    if (newline !== start && buf[newline - 1] === CR) {
      newline--;
      linefeedChars++;
    }
    const args = splitArgs(buf, start, newline);
    if (args === undefined) return new ProtocolError('ERR Protocol error: unbalanced quotes in request');
    this.pos = newline + linefeedChars;
    return this.done(args);
  }

  /** processMultibulkBuffer. */
  private multibulk(limits: ParseLimits): string[] | undefined | ProtocolError {
    let buf = this.buf;
    if (this.multibulklen === 0) {
      const newline = strchr(buf, this.pos, CR);
      if (newline < 0) {
        if (buf.length - this.pos > PROTO_INLINE_MAX_SIZE) return new ProtocolError('ERR Protocol error: too big mbulk count string');
        return undefined;
      }
      // The CR must not be the last byte read (the LF after it is skipped unchecked).
      if (newline - this.pos > buf.length - this.pos - 2) return undefined;
      const ll = string2ll(buf, this.pos + 1, newline);
      if (ll === undefined || ll > INT_MAX) return new ProtocolError('ERR Protocol error: invalid multibulk length');
      if (ll > 10 && limits.authRequired) return new ProtocolError('ERR Protocol error: unauthenticated multibulk length');
      this.pos = newline + 2;
      if (ll <= 0) return this.done([]);
      this.multibulklen = ll;
    }
    while (this.multibulklen > 0) {
      if (this.bulklen === -1) {
        const newline = strchr(buf, this.pos, CR);
        if (newline < 0) {
          if (buf.length - this.pos > PROTO_INLINE_MAX_SIZE) return new ProtocolError('ERR Protocol error: too big bulk count string');
          return undefined;
        }
        if (newline - this.pos > buf.length - this.pos - 2) return undefined;
        const type = buf[this.pos]!;
        if (type !== 0x24) {
          // addReplyErrorFormat keeps the error on one line: CR and LF become spaces.
          const got = type === CR || type === LF ? ' ' : String.fromCharCode(type);
          return new ProtocolError(`ERR Protocol error: expected '$', got '${got}'`);
        }
        const ll = string2ll(buf, this.pos + 1, newline);
        if (ll === undefined || ll < 0 || ll > limits.maxBulkLen) return new ProtocolError('ERR Protocol error: invalid bulk length');
        if (ll > 16384 && limits.authRequired) return new ProtocolError('ERR Protocol error: unauthenticated bulk length');
        this.pos = newline + 2;
        this.bulklen = ll;
        if (this.pendingBytes !== 0) {
          // Pending chunks may complete this bulk now that its length is known.
          this.join();
          buf = this.buf;
        }
      }
      if (buf.length - this.pos < this.bulklen + 2) return undefined;
      this.argv.push(latin1Slice.call(buf, this.pos, this.pos + this.bulklen));
      this.pos += this.bulklen + 2;
      this.bulklen = -1;
      this.multibulklen--;
    }
    return this.done(this.argv);
  }
}
