/**
 * maxmemory at work (Redis's evict.c performEvictions): before a command runs, while the memory
 * estimate (memory.ts, Redis's accounting) is above `maxmemory`, keys are evicted as
 * `maxmemory-policy` says, choosing among `maxmemory-samples` sampled keys per database as Redis's
 * approximated LRU/LFU/TTL do. `noeviction`, or nothing left to evict, means out of memory: the
 * caller then refuses commands that may grow the dataset.
 */
import type { Bytes } from '../bytes.js';
import type { Database } from './database.js';
import type { Engine } from './engine.js';
import type { Entry } from './values.js';
import { estimateEntryMemory, estimateUsedMemory } from './memory.js';
import { lfuCounter } from './lfu.js';

/** Keys looked at per database when estimating the dataset for eviction (more are extrapolated). */
const ESTIMATE_SAMPLE = 256;

interface Cached {
  dirty: number;
  used: number;
}

const estimates = new WeakMap<Engine, Cached>();
/** Where sampling of each database's keys with a TTL resumes (volatile-* policies). */
const volatileCursors = new WeakMap<Database, MapIterator<[Bytes, Entry]>>();
let nextRandomDb = 0;

/** Far below the limit, the estimate is refreshed only every this many writes. */
const RELAXED_WRITES = 64;

/**
 * The used-memory estimate, refreshed when the keyspace changed: after every write near the limit
 * (within 10%), every RELAXED_WRITES writes below it.
 */
function usedMemory(engine: Engine): Cached {
  let cached = estimates.get(engine);
  const writes = cached === undefined ? Infinity : engine.dirty - cached.dirty;
  const near = cached !== undefined && cached.used * 10 >= engine.config.maxmemory * 9;
  if (cached === undefined || (writes !== 0 && (near || Math.abs(writes) >= RELAXED_WRITES))) {
    cached = { dirty: engine.dirty, used: estimateUsedMemory(engine, ESTIMATE_SAMPLE) };
    estimates.set(engine, cached);
  }
  return cached;
}

/** Up to n entries with a TTL, continuing where the last sample of this database stopped. */
function sampleVolatile(db: Database, n: number): [Bytes, Entry][] {
  const out: [Bytes, Entry][] = [];
  let it = volatileCursors.get(db);
  let restarted = false;
  while (out.length < n && db.volatile.size > 0) {
    if (it === undefined) it = db.volatile.entries();
    const step = it.next();
    if (step.done) {
      it = undefined;
      if (restarted) break;
      restarted = true;
      continue;
    }
    out.push(step.value);
  }
  if (it === undefined) volatileCursors.delete(db);
  else volatileCursors.set(db, it);
  return out;
}

function sampleAll(db: Database, n: number): [Bytes, Entry][] {
  const out: [Bytes, Entry][] = [];
  for (let i = 0; i < n && db.dict.size > 0; i++) {
    const key = db.randomKey();
    if (key === undefined) break;
    out.push([key, db.dict.get(key)!]);
  }
  return out;
}

/** The key to evict under the policy, or undefined when there is none. */
function pickVictim(engine: Engine): [Database, Bytes] | undefined {
  const policy = engine.config.maxmemoryPolicy;
  const volatile = policy.startsWith('volatile-');
  const dbs = engine.databases;
  if (policy.endsWith('-random')) {
    // Round robin over the databases, a random key from each, as Redis does.
    for (let i = 0; i < dbs.length; i++) {
      const db = dbs[nextRandomDb++ % dbs.length]!;
      const [pick] = volatile ? sampleVolatile(db, 1) : sampleAll(db, 1);
      if (pick !== undefined) return [db, pick[0]];
    }
    return undefined;
  }
  const samples = Math.max(1, Number(engine.config.get('maxmemory-samples')));
  const now = engine.clock.now();
  let best: [Database, Bytes] | undefined;
  let bestScore = -Infinity;
  for (const db of dbs) {
    const candidates = volatile ? sampleVolatile(db, samples) : sampleAll(db, samples);
    for (const [key, e] of candidates) {
      // Higher is a better victim: idle time, rarity of use, or nearness of the deadline.
      const score = policy.endsWith('-lru')
        ? now - e.lru
        : policy.endsWith('-lfu')
          ? 255 - lfuCounter(e, engine.config, now)
          : -e.expiresAt;
      if (score > bestScore) {
        bestScore = score;
        best = [db, key];
      }
    }
  }
  return best;
}

/**
 * performEvictions: false when memory stays above maxmemory (noeviction, or nothing evictable),
 * which makes the caller answer OOM to commands that may grow memory.
 */
export function performEvictions(engine: Engine): boolean {
  const maxmemory = engine.config.maxmemory;
  const state = usedMemory(engine);
  if (state.used <= maxmemory) return true;
  if (engine.config.maxmemoryPolicy === 'noeviction') return false;
  while (state.used > maxmemory) {
    const victim = pickVictim(engine);
    if (victim === undefined) break;
    const [db, key] = victim;
    const e = db.dict.get(key);
    if (e === undefined) break;
    const size = estimateEntryMemory(key, e);
    db.delete(key);
    engine.stats.evictedKeys++;
    engine.notifyKeyspaceEvent('evicted', key, db.id);
    state.used -= size;
  }
  state.dirty = engine.dirty;
  return state.used <= maxmemory;
}
