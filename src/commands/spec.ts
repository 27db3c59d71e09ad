/**
 * How a command is declared. A command file lists `CommandDef`s (a name and a handler); the table
 * joins each with Redis 7.0's own metadata (arity, flags, key positions, docs, captured from a real
 * server into redis-commands.json), so a handler holds only semantics.
 */
import type { Bytes } from '../bytes.js';
import type { Reply } from '../reply.js';
import type { Session } from '../engine/session.js';

/** A handler gets the calling session (Redis's `client *c`) and the full argv (argv[0] is the name as sent). */
export type Handler = (c: Session, argv: Bytes[]) => Reply;

export interface CommandDef {
  /** Lowercase; a subcommand is `container|sub`, e.g. `config|get`. */
  name: string;
  handler: Handler;
  /** Options of the Redis command not supported yet, shown in the compatibility table. */
  missing?: string[];
}

/** Command flags as bits, for cheap checks on the hot path. */
export const enum Flag {
  Write = 1 << 0,
  ReadOnly = 1 << 1,
  DenyOom = 1 << 2,
  Admin = 1 << 3,
  PubSub = 1 << 4,
  NoScript = 1 << 5,
  Blocking = 1 << 6,
  Loading = 1 << 7,
  Stale = 1 << 8,
  SkipMonitor = 1 << 9,
  SkipSlowlog = 1 << 10,
  Fast = 1 << 11,
  NoAuth = 1 << 12,
  MayReplicate = 1 << 13,
  Sentinel = 1 << 14,
  NoMulti = 1 << 15,
  MovableKeys = 1 << 16,
  AllowBusy = 1 << 17,
  NoMandatoryKeys = 1 << 18,
}

export const FLAG_NAMES: Record<string, Flag> = {
  write: Flag.Write,
  readonly: Flag.ReadOnly,
  denyoom: Flag.DenyOom,
  admin: Flag.Admin,
  pubsub: Flag.PubSub,
  noscript: Flag.NoScript,
  blocking: Flag.Blocking,
  loading: Flag.Loading,
  stale: Flag.Stale,
  skip_monitor: Flag.SkipMonitor,
  skip_slowlog: Flag.SkipSlowlog,
  fast: Flag.Fast,
  no_auth: Flag.NoAuth,
  may_replicate: Flag.MayReplicate,
  sentinel: Flag.Sentinel,
  no_multi: Flag.NoMulti,
  movablekeys: Flag.MovableKeys,
  allow_busy: Flag.AllowBusy,
  no_mandatory_keys: Flag.NoMandatoryKeys,
};

/** Redis's arity rule: a positive arity is the exact argc, a negative one the minimum. */
export function arityMismatch(arity: number, argc: number): boolean {
  return (arity > 0 && argc !== arity) || argc < -arity;
}

/** One row of the command table: a Redis command (or subcommand) with its handler. */
export interface Command {
  /** `get`, or `config|get` for a subcommand. */
  readonly fullName: string;
  /** The name alone (`get`, `get` for `config|get`). */
  readonly name: string;
  readonly arity: number;
  readonly flags: number;
  readonly firstKey: number;
  readonly lastKey: number;
  readonly keyStep: number;
  readonly group: string;
  readonly handler: Handler | undefined;
  readonly subcommands: Map<string, Command> | undefined;
  /** The raw COMMAND INFO entry (lossless JSON form) from Redis 7.0. */
  readonly info: unknown;
  /** The raw COMMAND DOCS entry (lossless JSON form) from Redis 7.0. */
  readonly docs: unknown;
  readonly missing: string[];
  /** Bumped on every call (INFO commandstats). */
  calls: number;
  /** A small dense number, so per-engine statistics index an array instead of a Map. */
  readonly id: number;
}
