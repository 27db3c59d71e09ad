/**
 * The sampled active expire cycle, after Redis's activeExpireCycle: each run samples keys that
 * carry a TTL, deletes the due ones, and repeats while more than 10% of a sample was due, within
 * a time budget (a quarter of the hz period). Lazy expiry on access does the rest.
 */
import { isDue } from './values.js';
import type { Engine } from './engine.js';

const KEYS_PER_LOOP = 20;
const ACCEPTABLE_STALE_PERCENT = 10;
/** Share of the cycle period one run may spend (Redis's ACTIVE_EXPIRE_CYCLE_SLOW_TIME_PERC). */
const TIME_PERCENT = 25;

/**
 * Where each engine's next cycle starts (Redis's static `current_db`), so a database full of due
 * keys that exhausts the budget does not starve the ones after it.
 */
const nextDatabase = new WeakMap<Engine, number>();

export function activeExpireCycle(engine: Engine): void {
  const budgetMs = (1000 / Math.max(1, engine.config.hz)) * (TIME_PERCENT / 100);
  const started = performance.now();
  const count = engine.databases.length;
  const first = nextDatabase.get(engine) ?? 0;
  for (let j = 0; j < count; j++) {
    const db = engine.databases[(first + j) % count]!;
    nextDatabase.set(engine, (first + j + 1) % count);
    if (db.volatile.size === 0) continue;
    for (;;) {
      const now = engine.clock.now();
      let sampled = 0;
      let expired = 0;
      let wrapped = false;
      while (sampled < KEYS_PER_LOOP && db.volatile.size > 0) {
        db.expireIterator ??= db.volatile.entries();
        const step = db.expireIterator.next();
        if (step.done) {
          // Start over from the first volatile key, once per loop.
          db.expireIterator = undefined;
          if (wrapped) break;
          wrapped = true;
          continue;
        }
        sampled++;
        const [key, entry] = step.value;
        if (isDue(entry.expiresAt, now) && db.dict.get(key) === entry) {
          db.expireEntry(key, entry);
          expired++;
        }
      }
      if (sampled === 0 || (expired * 100) / sampled <= ACCEPTABLE_STALE_PERCENT) break;
      if (performance.now() - started > budgetMs) {
        engine.stats.expiredTimeCapReached++;
        return;
      }
    }
  }
}

/** Deletes every due key at once: what a moved manual clock asks for. */
export function expireAllDue(engine: Engine): void {
  const now = engine.clock.now();
  for (const db of engine.databases) {
    if (db.volatile.size === 0) continue;
    for (const [key, entry] of db.volatile) {
      if (isDue(entry.expiresAt, now)) db.expireEntry(key, entry);
    }
  }
}
