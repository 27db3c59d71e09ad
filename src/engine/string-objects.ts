/**
 * How Redis 7.0 would hold a string value: its encoding, and whether it is one of the shared
 * integer objects (OBJECT ENCODING, OBJECT REFCOUNT/IDLETIME, DEBUG OBJECT and MEMORY USAGE all
 * ask the same questions).
 */
import type { Bytes } from '../bytes.js';
import { parseInt64 } from '../numbers.js';
import type { Config } from './config.js';
import type { Entry } from './values.js';

/** OBJ_ENCODING_EMBSTR_SIZE_LIMIT. */
export const EMBSTR_SIZE_LIMIT = 44;
/** OBJ_SHARED_INTEGERS: SET of 0..9999 stores one of Redis's shared integer objects. */
export const SHARED_INTEGERS = 10000;
/** OBJ_SHARED_REFCOUNT (INT_MAX): the refcount a shared object reports. */
export const SHARED_REFCOUNT = 2147483647;

/**
 * The encoding tryObjectEncoding gives a string: `int` when it reads back as a long (string2l,
 * at most 20 bytes), `embstr` up to 44 bytes, else `raw`. In-place edits leave `raw`, and
 * strings Redis builds without tryObjectEncoding (INCRBYFLOAT) never become `int`.
 */
export function stringEncoding(e: Entry, value: Bytes): 'int' | 'embstr' | 'raw' {
  if (e.rawString) return 'raw';
  if (!e.embstrString && value.length <= 20 && parseInt64(value) !== undefined) return 'int';
  return value.length <= EMBSTR_SIZE_LIMIT ? 'embstr' : 'raw';
}

/**
 * Shared integers are used unless maxmemory is set with an LRU or LFU policy
 * (MAXMEMORY_FLAG_NO_SHARED_INTEGERS), since those keep per-object access data.
 */
export function sharedIntegersAllowed(config: Config): boolean {
  const policy = config.maxmemoryPolicy;
  return config.maxmemory === 0 || !(policy.endsWith('lru') || policy.endsWith('lfu'));
}

/** Whether the entry's value is one of Redis's shared integer objects (0..9999). */
export function isSharedInteger(config: Config, e: Entry): boolean {
  const v = e.value;
  if (typeof v !== 'string' || e.unsharedInt || stringEncoding(e, v) !== 'int' || !sharedIntegersAllowed(config)) return false;
  const n = Number(parseInt64(v)!);
  return n >= 0 && n < SHARED_INTEGERS;
}
