/**
 * The reply model: what command handlers return. Edges (the ioredis-shaped client, the RESP
 * server, Lua) render these values; handlers never produce JS-shaped results.
 *
 * Plain JS values carry the common kinds so the hot path allocates nothing:
 *   string  -> bulk string (a binary string, one char per byte)
 *   number  -> integer (always an integer value); bigint -> integer beyond 2^53
 *   null    -> nil bulk string
 *   Array   -> array
 * Everything else is a small class instance.
 */

export class StatusReply {
  constructor(readonly value: string) {}
}

export class ErrorReply {
  /** `message` is the full Redis text, including its code prefix (`ERR ...`, `WRONGTYPE ...`). */
  constructor(readonly message: string) {}
}

/** RESP2 `*-1`: a nil array (BLPOP timeout, EXEC after a WATCH conflict). RESP3 renders it as `_`. */
export class NilArrayReply {
  private constructor() {}
  static readonly instance = new NilArrayReply();
}

/** A double. RESP2 renders it as a bulk string in Redis's `%.17g` form; RESP3 as `,`. */
export class DoubleReply {
  constructor(readonly value: number) {}
}

/** A map: RESP2 renders it as a flat array of key, value, key, value. */
export class MapReply {
  constructor(readonly entries: Reply[]) {}
}

/** A set: RESP2 renders it as an array. */
export class SetReply {
  constructor(readonly items: Reply[]) {}
}

/** A boolean: RESP2 renders it as the integer 1 or 0. */
export class BoolReply {
  private constructor(readonly value: boolean) {}
  static readonly TRUE = new BoolReply(true);
  static readonly FALSE = new BoolReply(false);
}

/** A verbatim string (`=`): RESP2 renders it as a bulk string without the format. */
export class VerbatimReply {
  constructor(
    readonly format: string,
    readonly text: string,
  ) {}
}

/** A big number (`(`): RESP2 renders it as a bulk string. */
export class BigNumberReply {
  constructor(readonly digits: string) {}
}

/** An out-of-band push (pub/sub messages in RESP3). RESP2 renders it as an array. */
export class PushReply {
  /**
   * The client's UTF-8 forms of a published message's strings, decoded once for every receiver
   * (one push object serves them all). An edge cache; the reply itself never changes.
   */
  utf8: string[] | undefined;
  constructor(readonly items: Reply[]) {}
}

/**
 * Several replies to one command, in order: SUBSCRIBE a b answers once per channel (each a
 * PushReply). The RESP encoder writes them back to back, as Redis does (also inside EXEC, where
 * they take one slot of the array's count and spill past it, as on a real wire); the client reads
 * them as a subscribe-family result.
 */
export class MultiReply {
  constructor(readonly replies: Reply[]) {}
}

/**
 * A reply that must be written in a given protocol whatever the connection speaks when it is sent:
 * inside EXEC a queued HELLO switches the protocol, and the replies of the commands before it were
 * already written in the old one.
 */
export class PinnedReply {
  constructor(
    readonly reply: Reply,
    readonly resp: 2 | 3,
  ) {}
}

/**
 * Not a reply: what a blocking command's handler returns when it made its session wait (see
 * engine/blocking.ts). The session's real reply reaches the edge later, through
 * `Session.onUnblocked`; edges never render this.
 */
export class BlockedReply {
  private constructor() {}
  static readonly instance = new BlockedReply();
}

export type Reply =
  | string
  | number
  | bigint
  | null
  | Reply[]
  | StatusReply
  | ErrorReply
  | NilArrayReply
  | DoubleReply
  | MapReply
  | SetReply
  | BoolReply
  | VerbatimReply
  | BigNumberReply
  | PushReply
  | MultiReply
  | PinnedReply
  | BlockedReply;

export const OK = new StatusReply('OK');
export const QUEUED = new StatusReply('QUEUED');
export const PONG = new StatusReply('PONG');
export const NIL_ARRAY = NilArrayReply.instance;
export const BLOCKED = BlockedReply.instance;

export function status(value: string): StatusReply {
  return value === 'OK' ? OK : new StatusReply(value);
}
