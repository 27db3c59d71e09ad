/**
 * Memory estimates in Redis's own accounting (object.c objectComputeSize, zmalloc with jemalloc's
 * size classes): what Redis 7.0 would report for the same keys and values. MEMORY USAGE answers
 * from here, and INFO's used_memory adds the same per-key figures to the overhead of an empty
 * server. Collections report their own estimate (RedisCollection.memoryUsage()).
 */
import type { Bytes } from '../bytes.js';
import type { Engine } from './engine.js';
import { stringEncoding } from './string-objects.js';
import type { Entry } from './values.js';

/** sizeof(robj), sizeof(dictEntry) on 64-bit builds. */
const ROBJ = 16;
const DICT_ENTRY = 24;
const POINTER = 8;
/** SDS_MAX_PREALLOC: greedy growth doubles up to here, then adds this much. */
const SDS_MAX_PREALLOC = 1024 * 1024;
/** used_memory_startup of an empty Redis 7.0.15 (jemalloc, 16 databases): the base INFO adds keys to. */
export const USED_MEMORY_STARTUP = 876096;
/** Above this many keys in a database, INFO extrapolates from a sample instead of visiting every key. */
const EXACT_KEYS_LIMIT = 10_000;
const SAMPLE_KEYS = 1_000;

/** zmalloc_size: the jemalloc size class (LG_QUANTUM 4) serving a request of n bytes. */
export function mallocSize(n: number): number {
  if (n <= 8) return 8;
  if (n <= 128) return Math.ceil(n / 16) * 16;
  const group = 2 ** Math.floor(Math.log2(n - 1));
  const step = group / 4;
  return Math.ceil(n / step) * step;
}

/** sdsHdrSize(sdsReqType(len)). */
function sdsHeader(len: number, allowType5: boolean): number {
  if (len < 32) return allowType5 && len > 0 ? 1 : 3;
  if (len < 256) return 3;
  if (len < 65536) return 5;
  if (len < 2 ** 32) return 9;
  return 17;
}

/** sdsZmallocSize of a string made by sdsnewlen (keys, raw strings as created). */
function sdsNewSize(len: number): number {
  return mallocSize(sdsHeader(len, true) + len + 1);
}

/** An sds grown in place (APPEND, SETRANGE, SETBIT): sdsMakeRoomFor's greedy allocation. */
function sdsGrownSize(len: number): number {
  const alloc = len < SDS_MAX_PREALLOC ? len * 2 : len + SDS_MAX_PREALLOC;
  return mallocSize(sdsHeader(alloc, false) + alloc + 1);
}

/** objectComputeSize: the value's robj and payload. */
export function estimateValueMemory(e: Entry): number {
  const v = e.value;
  if (typeof v !== 'string') return v.memoryUsage();
  switch (stringEncoding(e, v)) {
    case 'int':
      return ROBJ;
    case 'embstr':
      return mallocSize(ROBJ + 3 + v.length + 1);
    case 'raw':
      return ROBJ + (e.rawString ? sdsGrownSize(v.length) : sdsNewSize(v.length));
  }
}

/** MEMORY USAGE: the value, the key's sds and its dictEntry. */
export function estimateEntryMemory(key: Bytes, e: Entry): number {
  return estimateValueMemory(e) + sdsNewSize(key.length) + DICT_ENTRY;
}

/** A dict's bucket array: pointers for the next power of two at or above its size (minimum 4). */
function hashtableSize(size: number): number {
  if (size === 0) return 0;
  return POINTER * Math.max(4, 2 ** Math.ceil(Math.log2(size)));
}

export interface MemoryReport {
  used: number;
  peak: number;
  startup: number;
  /** Everything but the keys and values: startup, hash tables, clients. */
  overhead: number;
  dataset: number;
  clients: number;
  keys: number;
  /** Per database with keys: [db id, main table bytes, expires table bytes]. */
  hashtables: [number, number, number][];
}

const peaks = new WeakMap<Engine, number>();

interface Dataset {
  dataset: number;
  tables: number;
  keys: number;
  hashtables: [number, number, number][];
}

/**
 * The keys and values in Redis's accounting, plus their hash tables. A database with more than
 * `exactLimit` keys is extrapolated from its first `sample` entries.
 */
function measureDataset(engine: Engine, exactLimit: number, sample: number): Dataset {
  let dataset = 0;
  let tables = 0;
  let keys = 0;
  const hashtables: [number, number, number][] = [];
  for (const db of engine.databases) {
    const size = db.dict.size;
    if (size === 0) continue;
    keys += size;
    const main = hashtableSize(size);
    const expires = hashtableSize(db.volatile.size) + db.volatile.size * DICT_ENTRY;
    hashtables.push([db.id, main, expires]);
    tables += main + expires;
    let sum = 0;
    let seen = 0;
    for (const [key, e] of db.dict) {
      sum += estimateEntryMemory(key, e);
      if (++seen >= sample && size > exactLimit) break;
    }
    dataset += seen === size ? sum : Math.round((sum / seen) * size);
  }
  return { dataset, tables, keys, hashtables };
}

/** used_memory without the clients, measured on at most `sample` keys per database (eviction). */
export function estimateUsedMemory(engine: Engine, sample: number): number {
  const d = measureDataset(engine, sample, sample);
  return USED_MEMORY_STARTUP + d.tables + d.dataset;
}

/**
 * The engine's memory in Redis's accounting (INFO). Databases up to EXACT_KEYS_LIMIT keys are
 * summed key by key; larger ones are extrapolated from their first SAMPLE_KEYS entries.
 */
export function memoryReport(engine: Engine, clientBytes: number): MemoryReport {
  const { dataset, tables, keys, hashtables } = measureDataset(engine, EXACT_KEYS_LIMIT, SAMPLE_KEYS);
  const overhead = USED_MEMORY_STARTUP + tables + clientBytes;
  const used = overhead + dataset;
  const peak = Math.max(peaks.get(engine) ?? 0, used);
  peaks.set(engine, peak);
  return { used, peak, startup: USED_MEMORY_STARTUP, overhead, dataset, clients: clientBytes, keys, hashtables };
}

/** Forgets the recorded peak (CONFIG RESETSTAT resets used_memory_peak too). */
export function resetMemoryPeak(engine: Engine): void {
  peaks.delete(engine);
}

/** bytesToHuman: B, then K, M, G, T, P with two decimals (printf rounding). */
export function bytesToHuman(n: number | bigint): string {
  const v = BigInt(n);
  const units = ['K', 'M', 'G', 'T', 'P'];
  if (v < 1024n) return `${v}B`;
  for (let i = 0; i < units.length; i++) {
    const div = 1024n ** BigInt(i + 1);
    if (v < div * 1024n) return `${fixed2(v, div)}${units[i]}`;
  }
  return `${v}B`;
}

/** num/den with two decimals, ties to even as printf rounds the exact value. */
function fixed2(num: bigint, den: bigint): string {
  const scaled = num * 100n;
  let q = scaled / den;
  const r = scaled % den;
  if (r * 2n > den || (r * 2n === den && q % 2n === 1n)) q++;
  const s = q.toString().padStart(3, '0');
  return `${s.slice(0, -2)}.${s.slice(-2)}`;
}
