/**
 * RESP2/RESP3 encoding of reply values and an incremental reply parser. The test oracle speaks
 * through the parser; the TCP server (later) writes through the encoder.
 */
import {
  BigNumberReply,
  BoolReply,
  DoubleReply,
  ErrorReply,
  MapReply,
  MultiReply,
  NilArrayReply,
  NIL_ARRAY,
  PinnedReply,
  PushReply,
  type Reply,
  SetReply,
  StatusReply,
  VerbatimReply,
} from '../reply.js';
import { formatDouble } from '../numbers.js';

/** Encodes a command (argv of binary strings) as a RESP array of bulk strings. */
export function encodeCommand(argv: readonly string[]): Buffer {
  let out = `*${argv.length}\r\n`;
  for (const a of argv) out += `$${a.length}\r\n${a}\r\n`;
  return Buffer.from(out, 'latin1');
}

/** Encodes a reply value as RESP bytes (as a binary string) for protocol 2 or 3. */
export function encodeReply(reply: Reply, resp: 2 | 3): string {
  if (typeof reply === 'string') return `$${reply.length}\r\n${reply}\r\n`;
  if (typeof reply === 'number' || typeof reply === 'bigint') return `:${reply}\r\n`;
  if (reply === null) return resp === 2 ? '$-1\r\n' : '_\r\n';
  if (Array.isArray(reply)) {
    let out = `*${reply.length}\r\n`;
    for (const r of reply) out += encodeReply(r, resp);
    return out;
  }
  if (reply instanceof StatusReply) return `+${reply.value}\r\n`;
  if (reply instanceof ErrorReply) return `-${reply.message}\r\n`;
  if (reply instanceof NilArrayReply) return resp === 2 ? '*-1\r\n' : '_\r\n';
  if (reply instanceof DoubleReply) {
    const text = formatDouble(reply.value);
    return resp === 2 ? `$${text.length}\r\n${text}\r\n` : `,${text}\r\n`;
  }
  if (reply instanceof MapReply) {
    let out = resp === 2 ? `*${reply.entries.length}\r\n` : `%${reply.entries.length / 2}\r\n`;
    for (const r of reply.entries) out += encodeReply(r, resp);
    return out;
  }
  if (reply instanceof SetReply) {
    let out = resp === 2 ? `*${reply.items.length}\r\n` : `~${reply.items.length}\r\n`;
    for (const r of reply.items) out += encodeReply(r, resp);
    return out;
  }
  if (reply instanceof PushReply) {
    let out = resp === 2 ? `*${reply.items.length}\r\n` : `>${reply.items.length}\r\n`;
    for (const r of reply.items) out += encodeReply(r, resp);
    return out;
  }
  if (reply instanceof BoolReply) return resp === 2 ? `:${reply.value ? 1 : 0}\r\n` : `#${reply.value ? 't' : 'f'}\r\n`;
  if (reply instanceof VerbatimReply) {
    if (resp === 2) return `$${reply.text.length}\r\n${reply.text}\r\n`;
    const body = `${reply.format}:${reply.text}`;
    return `=${body.length}\r\n${body}\r\n`;
  }
  if (reply instanceof PinnedReply) return encodeReply(reply.reply, reply.resp);
  if (reply instanceof MultiReply) {
    let out = '';
    for (const r of reply.replies) out += encodeReply(r, resp);
    return out;
  }
  if (reply instanceof BigNumberReply) {
    return resp === 2 ? `$${reply.digits.length}\r\n${reply.digits}\r\n` : `(${reply.digits}\r\n`;
  }
  throw new TypeError('unknown reply kind');
}

const INCOMPLETE = Symbol('incomplete');

/**
 * Incremental RESP2/RESP3 reply parser. Feed it bytes; it calls `onReply` for every complete
 * top-level reply, in order. Bulk strings come out as binary strings.
 */
export class ReplyParser {
  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;

  constructor(private readonly onReply: (reply: Reply) => void) {}

  feed(chunk: Buffer): void {
    this.buf = this.pos < this.buf.length ? Buffer.concat([this.buf.subarray(this.pos), chunk]) : chunk;
    this.pos = 0;
    for (;;) {
      const start = this.pos;
      const r = this.parse();
      if (r === INCOMPLETE) {
        this.pos = start;
        return;
      }
      this.onReply(r);
    }
  }

  private line(): string | typeof INCOMPLETE {
    const end = this.buf.indexOf('\r\n', this.pos, 'latin1');
    if (end < 0) return INCOMPLETE;
    const s = this.buf.toString('latin1', this.pos, end);
    this.pos = end + 2;
    return s;
  }

  private aggregate(n: number): Reply[] | typeof INCOMPLETE {
    const items: Reply[] = [];
    for (let i = 0; i < n; i++) {
      const r = this.parse();
      if (r === INCOMPLETE) return INCOMPLETE;
      items.push(r);
    }
    return items;
  }

  private parse(): Reply | typeof INCOMPLETE {
    if (this.pos >= this.buf.length) return INCOMPLETE;
    const type = String.fromCharCode(this.buf[this.pos]!);
    this.pos++;
    const line = this.line();
    if (line === INCOMPLETE) return INCOMPLETE;
    switch (type) {
      case '+':
        return new StatusReply(line);
      case '-':
        return new ErrorReply(line);
      case ':': {
        const n = BigInt(line);
        return n >= -9007199254740991n && n <= 9007199254740991n ? Number(n) : n;
      }
      case '$':
      case '=': {
        const len = Number(line);
        if (len < 0) return null;
        if (this.buf.length < this.pos + len + 2) return INCOMPLETE;
        const s = this.buf.toString('latin1', this.pos, this.pos + len);
        this.pos += len + 2;
        return type === '=' ? new VerbatimReply(s.slice(0, 3), s.slice(4)) : s;
      }
      case '*': {
        const n = Number(line);
        if (n < 0) return NIL_ARRAY;
        return this.aggregate(n);
      }
      case '%': {
        const items = this.aggregate(Number(line) * 2);
        return items === INCOMPLETE ? INCOMPLETE : new MapReply(items);
      }
      case '~': {
        const items = this.aggregate(Number(line));
        return items === INCOMPLETE ? INCOMPLETE : new SetReply(items);
      }
      case '>': {
        const items = this.aggregate(Number(line));
        return items === INCOMPLETE ? INCOMPLETE : new PushReply(items);
      }
      case '_':
        return null;
      case ',':
        return new DoubleReply(line === 'inf' ? Infinity : line === '-inf' ? -Infinity : Number(line));
      case '#':
        return line === 't' ? BoolReply.TRUE : BoolReply.FALSE;
      case '(':
        return new BigNumberReply(line);
      default:
        throw new Error(`RESP parse error: unexpected type byte ${JSON.stringify(type)}`);
    }
  }
}
