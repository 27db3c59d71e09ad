/**
 * WATCH bookkeeping, after Redis 7.0's multi.c. Each session keeps its watched keys in WATCH order
 * (the order matters to touchWatchedKey below); each database maps a key to its watchers.
 *
 * The subtle part is keys that were already expired (but not yet reaped) when watched: deleting
 * such a key later (lazy expiry, FLUSHDB, SWAPDB) is "no logical change" and must not abort EXEC,
 * while a real write to it must.
 */
import { isDue } from './values.js';
import type { Bytes } from '../bytes.js';
import type { Database } from './database.js';
import type { Session } from './session.js';

export interface WatchedKey {
  db: Database;
  key: Bytes;
  /** The key existed but was logically expired when watched. */
  expired: boolean;
}

function isExpiredIn(db: Database, key: Bytes): boolean {
  const e = db.dict.get(key);
  return e !== undefined && e.expiresAt !== 0 && isDue(e.expiresAt, db.engine.clock.now());
}

/** watchForKey: starts watching key in db (once). */
export function watchForKey(c: Session, db: Database, key: Bytes): void {
  for (const wk of c.watched) if (wk.db === db && wk.key === key) return;
  c.watched.push({ db, key, expired: isExpiredIn(db, key) });
  let sessions = db.watchers.get(key);
  if (sessions === undefined) db.watchers.set(key, (sessions = new Set()));
  sessions.add(c);
}

/** unwatchAllKeys: forgets every watched key (the dirty flag is the caller's business). */
export function unwatchAllKeys(c: Session): void {
  for (const { db, key } of c.watched) {
    const sessions = db.watchers.get(key);
    if (sessions === undefined) continue;
    sessions.delete(c);
    if (sessions.size === 0) db.watchers.delete(key);
  }
  c.watched.length = 0;
}

/** isWatchedKeyExpired: a watched key that was live when watched has expired since. */
export function isWatchedKeyExpired(c: Session): boolean {
  for (const wk of c.watched) {
    if (!wk.expired && isExpiredIn(wk.db, wk.key)) return true;
  }
  return false;
}

function markDirty(c: Session): void {
  c.watchDirty = true;
  // Once dirty, EXEC fails anyway: stop watching, as Redis does, to save the bookkeeping.
  unwatchAllKeys(c);
}

/** touchWatchedKey: key in db was written (or deleted); its watchers' transactions must fail. */
export function touchWatchedKey(db: Database, key: Bytes): void {
  const sessions = db.watchers.get(key);
  if (sessions === undefined) return;
  for (const c of [...sessions]) {
    // A key that was already expired when watched and is now gone (reaped, deleted) changed
    // nothing logically: the flag is cleared and the client stays clean.
    const wk = c.watched.find((w) => w.db === db && w.key === key);
    if (wk !== undefined && wk.expired && !db.dict.has(key)) {
      wk.expired = false;
      continue;
    }
    markDirty(c);
  }
}

/**
 * touchAllWatchedKeysInDb: `emptied` is being flushed, or swapped with `replacedWith`. Watchers of
 * keys that exist in either are dirtied, except where the change is not a logical one.
 */
export function touchAllWatchedKeysInDb(emptied: Database, replacedWith: Database | undefined): void {
  if (emptied.watchers.size === 0) return;
  for (const [key, sessions] of [...emptied.watchers]) {
    const existsInEmptied = emptied.dict.has(key);
    const existsInReplacement = replacedWith !== undefined && replacedWith.dict.has(key);
    if (!existsInEmptied && !existsInReplacement) continue;
    for (const c of [...sessions]) {
      const wk = c.watched.find((w) => w.db === emptied && w.key === key);
      if (wk === undefined) continue;
      if (wk.expired) {
        if (!existsInReplacement) {
          // An expired key now deleted: no logical change.
          wk.expired = false;
          continue;
        }
        if (isExpiredIn(replacedWith!, key)) continue; // expired stays expired
      } else if (!existsInEmptied && isExpiredIn(replacedWith!, key)) {
        // A missing key replaced by an expired one: still logically missing.
        wk.expired = true;
        continue;
      }
      c.watchDirty = true;
    }
  }
}
