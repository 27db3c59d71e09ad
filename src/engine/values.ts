/**
 * What a key holds. Strings are stored as plain binary strings (the common case costs nothing);
 * every other type is an object that names its Redis type. Later issues add hash, list, set, zset
 * and stream classes implementing RedisCollection.
 */
import type { Bytes } from '../bytes.js';

export type RedisType = 'string' | 'list' | 'set' | 'zset' | 'hash' | 'stream';

export interface RedisCollection {
  readonly type: Exclude<RedisType, 'string'>;
  /** OBJECT ENCODING under the engine's thresholds. */
  encoding(thresholds: EncodingThresholds): string;
  /** An honest size estimate in bytes, for MEMORY USAGE and INFO used_memory. */
  memoryUsage(): number;
  /**
   * Bytes of the value in an RDB file (DEBUG OBJECT serializedlength), when the type can tell;
   * `compression` is rdbcompression (blobs over 20 bytes are LZF-compressed when that pays).
   */
  rdbLength?(compression: boolean): number;
  /** Extra DEBUG OBJECT fields, each with a leading space (` ql_nodes:3 ...` for quicklists). */
  debugDetails?(): string;
  /** A deep copy (COPY). */
  clone(): RedisCollection;
}

export interface EncodingThresholds {
  hashMaxListpackEntries: number;
  hashMaxListpackValue: number;
  listMaxListpackSize: number;
  setMaxIntsetEntries: number;
  setMaxListpackEntries?: number;
  zsetMaxListpackEntries: number;
  zsetMaxListpackValue: number;
}

export type RedisValue = Bytes | RedisCollection;

export function typeOf(v: RedisValue): RedisType {
  return typeof v === 'string' ? 'string' : v.type;
}

/** A key's slot in a database: its value, its deadline and its access time. */
export class Entry {
  /** Absolute expiry time in ms, or 0 when the key has no TTL. */
  expiresAt = 0;
  /**
   * Set by in-place string edits (APPEND, SETRANGE, SETBIT...), after which Redis reports the
   * encoding `raw` whatever the length; any overwrite clears it.
   */
  rawString = false;
  /**
   * Inside EXEC, a value stored straight from a queued command's argument is still referenced by
   * the MULTI queue until EXEC returns, so Redis reports refcount 2 for it (OBJECT REFCOUNT, DEBUG
   * OBJECT). Set by Session.holdQueuedArgument, cleared when EXEC ends or the value changes.
   */
  heldByQueue = false;
  /**
   * Set where Redis builds the string with createStringObject (INCRBYFLOAT), which never picks the
   * `int` encoding: OBJECT ENCODING then says `embstr` (or `raw` past 44 bytes) even for "11".
   * Any overwrite clears it.
   */
  embstrString = false;
  /**
   * Set by COPY: Redis's dupStringObject gives an int-encoded copy an object of its own instead of
   * a shared integer, so OBJECT REFCOUNT says 1 even for 0..9999. Any overwrite clears it.
   */
  unsharedInt = false;
  /** Position of the key in its database's dense key list (RANDOMKEY in O(1)); -1 when unlisted. */
  slot = -1;
  /**
   * The LFU counter and its last decrement time, packed as Redis packs them into `lru` under an
   * LFU maxmemory-policy (see lfu.ts); 0 for a key that was never touched under such a policy.
   */
  lfu = 0;
  constructor(
    public value: RedisValue,
    /** Last access time in ms (OBJECT IDLETIME). */
    public lru: number,
  ) {}
}

/** keyIsExpired: Redis counts a key expired only once the clock is past its deadline (now > when). */
export function isDue(expiresAt: number, now: number): boolean {
  return expiresAt !== 0 && expiresAt < now;
}
