/**
 * One of the engine's numbered databases: the keyspace, TTLs, WATCH bookkeeping and SCAN cursors.
 * Every read goes through `find` (lazy expiry), every write through `setKey`/`add`/`delete`, which
 * signal the modification (WATCH, and later keyspace events and blocked clients).
 */
import type { Bytes } from '../bytes.js';
import { Entry, isDue, type RedisValue } from './values.js';
import type { Engine } from './engine.js';
import { ScanCursors } from './scan-cursors.js';
import type { Session } from './session.js';
import { touchAllWatchedKeysInDb, touchWatchedKey } from './watch.js';
import { isLfuPolicy, lfuInitial, lfuTouch } from './lfu.js';
import { Notify } from './notify.js';


export class Database {
  dict = new Map<Bytes, Entry>();
  /** The entries that carry a TTL, for the active expire cycle and INFO's `expires=`. */
  volatile = new Map<Bytes, Entry>();
  /** Sessions watching each key (WATCH). */
  readonly watchers = new Map<Bytes, Set<Session>>();
  /** Sessions blocked on each key, in blocking order (db->blocking_keys; see blocking.ts). */
  readonly blockingKeys = new Map<Bytes, Set<Session>>();
  /** Keys already signalled ready and not yet served (db->ready_keys). */
  readonly readyKeys = new Set<Bytes>();
  /**
   * Every key once, densely, so RANDOMKEY picks one in O(1) (a Map has no random access). Kept in
   * step by `created`, `putEntry` and `removeEntry`; `randomKey` rebuilds it if it ever drifts.
   */
  private keyList: Bytes[] = [];
  /** Open SCAN cursors by cursor number. */
  private readonly scans = new ScanCursors<Bytes>(1024);
  /** Where the active expire cycle resumes sampling. */
  expireIterator: MapIterator<[Bytes, Entry]> | undefined;

  constructor(
    readonly engine: Engine,
    readonly id: number,
  ) {}

  get size(): number {
    return this.dict.size;
  }

  /** The live entry for key, deleting it first if its TTL is due (Redis's expireIfNeeded). */
  find(key: Bytes): Entry | undefined {
    const e = this.dict.get(key);
    if (e === undefined) return undefined;
    if (e.expiresAt !== 0 && isDue(e.expiresAt, this.engine.clock.now())) {
      this.expireEntry(key, e);
      return undefined;
    }
    return e;
  }

  /**
   * lookupKeyRead: counts keyspace hits and misses, fires `keymiss` on a miss (unless notifyMiss
   * is false: LOOKUP_NONOTIFY) and refreshes the access time (unless touch is false: LOOKUP_NOTOUCH).
   */
  lookupRead(key: Bytes, touch = true, notifyMiss = true): Entry | undefined {
    const e = this.find(key);
    if (e === undefined) {
      if (notifyMiss) this.engine.notify(Notify.KeyMiss, 'keymiss', key, this.id);
      this.engine.stats.keyspaceMisses++;
      return undefined;
    }
    this.engine.stats.keyspaceHits++;
    if (touch) this.touch(e);
    return e;
  }

  /** lookupKeyWrite: refreshes the access time, counts nothing. */
  lookupWrite(key: Bytes): Entry | undefined {
    const e = this.find(key);
    if (e !== undefined) this.touch(e);
    return e;
  }

  /** An access: the LRU time, and the LFU counter under an LFU maxmemory-policy. */
  private touch(e: Entry): void {
    // The cached LRU clock, as Redis's: reading the real clock on every access is too dear.
    const now = this.engine.lruClock;
    e.lru = now;
    if (isLfuPolicy(this.engine.config)) lfuTouch(e, this.engine.config, this.engine.clock.now());
  }

  /** A new key's entry (createObject + dbAdd's `new` event). */
  private created(key: Bytes, value: RedisValue): Entry {
    const e = new Entry(value, this.engine.lruClock);
    if (isLfuPolicy(this.engine.config)) e.lfu = lfuInitial(this.engine.clock.now());
    this.dict.set(key, e);
    e.slot = this.keyList.push(key) - 1;
    this.engine.notify(Notify.New, 'new', key, this.id);
    // dbAdd: a waiter on this key may now be served.
    if (this.blockingKeys.size !== 0) this.engine.blocking.signalKeyAsReady(this, key);
    return e;
  }

  /** Whether key exists, without touching stats or the access time. */
  exists(key: Bytes): boolean {
    return this.find(key) !== undefined;
  }

  /**
   * setKey: stores value under key, creating or overwriting it. An overwrite drops the TTL unless
   * keepTtl. Signals the modification.
   */
  setKey(key: Bytes, value: RedisValue, keepTtl = false): Entry {
    return this.setFound(key, this.find(key), value, keepTtl);
  }

  /**
   * setKey for a caller that has just looked the key up (`e` is what `find`/`lookupWrite` gave,
   * undefined when absent): Redis's SET also looks up once and tells setKey what it found.
   */
  setFound(key: Bytes, e: Entry | undefined, value: RedisValue, keepTtl = false): Entry {
    if (e === undefined) {
      e = this.created(key, value);
    } else {
      // The LFU counter stays, as dbSetValue keeps it; the access was counted by the caller's
      // lookupWrite (Redis's SET looks up once, then tells setKey whether the key exists).
      if (this.blockingKeys.size !== 0) this.signalStreamGone(key, e);
      e.value = value;
      e.rawString = false;
      e.heldByQueue = false;
      e.embstrString = false;
      e.unsharedInt = false;
      e.lru = this.engine.lruClock;
      if (!keepTtl && e.expiresAt !== 0) {
        e.expiresAt = 0;
        this.volatile.delete(key);
      }
    }
    this.signalModified(key);
    return e;
  }

  /**
   * dbAdd: adds a key the caller knows is absent. Signals the modification unless `signal` is
   * false, for the rare writes Redis leaves unannounced (BITFIELD growing a key whose every write
   * failed under OVERFLOW FAIL).
   */
  add(key: Bytes, value: RedisValue, signal = true): Entry {
    const e = this.created(key, value);
    if (signal) this.signalModified(key);
    return e;
  }

  /**
   * Puts an existing entry (with its TTL) under key, replacing whatever was there (RENAME, MOVE,
   * COPY: Redis deletes the old key, then dbAdd fires `new`). An entry moving from another key
   * must be removed from there first (removeEntry), then put here.
   */
  putEntry(key: Bytes, e: Entry): void {
    const old = this.dict.get(key);
    if (old !== undefined && old.expiresAt !== 0) this.volatile.delete(key);
    e.slot = old !== undefined ? old.slot : this.keyList.push(key) - 1;
    this.dict.set(key, e);
    if (e.expiresAt !== 0) this.volatile.set(key, e);
    this.engine.notify(Notify.New, 'new', key, this.id);
    this.signalModified(key);
    if (this.blockingKeys.size !== 0) this.engine.blocking.signalKeyAsReady(this, key);
  }

  /** Deletes key if it exists (expired keys count as absent). Signals the modification. */
  delete(key: Bytes): boolean {
    const e = this.find(key);
    if (e === undefined) return false;
    this.removeEntry(key, e);
    this.signalModified(key);
    return true;
  }

  /** Removes the entry without signalling (the caller signals). */
  removeEntry(key: Bytes, e: Entry): void {
    if (this.blockingKeys.size !== 0) this.signalStreamGone(key, e);
    this.dict.delete(key);
    if (e.expiresAt !== 0) this.volatile.delete(key);
    const slot = e.slot;
    if (slot < 0) return;
    // Fill the hole with the last key.
    const list = this.keyList;
    const last = list.pop()!;
    if (slot < list.length) {
      list[slot] = last;
      const moved = this.dict.get(last);
      if (moved !== undefined) moved.slot = slot;
    }
    e.slot = -1;
  }

  setExpire(key: Bytes, e: Entry, when: number): void {
    e.expiresAt = when;
    this.volatile.set(key, e);
  }

  /** Removes a TTL; true when there was one. */
  persist(key: Bytes, e: Entry): boolean {
    if (e.expiresAt === 0) return false;
    e.expiresAt = 0;
    this.volatile.delete(key);
    return true;
  }

  /** Deletes a key whose TTL is due: counts it, fires `expired`, and dirties WATCHers. */
  expireEntry(key: Bytes, e: Entry): void {
    this.removeEntry(key, e);
    this.engine.stats.expiredKeys++;
    this.signalModified(key);
    this.engine.notifyKeyspaceEvent('expired', key, this.id);
  }

  /**
   * signalDeletedKeyAsReady: a stream is going away (deleted or overwritten), so XREADGROUP
   * readers blocked on it are told at once instead of waiting for a group that no longer exists.
   */
  private signalStreamGone(key: Bytes, e: Entry): void {
    if (typeof e.value !== 'string' && e.value.type === 'stream') this.engine.blocking.signalKeyAsReady(this, key);
  }

  /** signalModifiedKey: a write happened to key (WATCH; later, blocked clients wake from here). */
  signalModified(key: Bytes): void {
    if (this.watchers.size !== 0) touchWatchedKey(this, key);
    this.engine.dirty++;
  }

  /** Empties the database, dirtying the WATCHers of keys that existed (see watch.ts). */
  flush(): number {
    const removed = this.dict.size;
    touchAllWatchedKeysInDb(this, undefined);
    this.dict = new Map();
    this.volatile = new Map();
    this.keyList = [];
    this.scans.clear();
    this.expireIterator = undefined;
    this.engine.dirty += removed;
    return removed;
  }

  /** Exchanges contents with another database (SWAPDB); WATCHers of keys in either are dirtied (see watch.ts). */
  swapWith(other: Database): void {
    touchAllWatchedKeysInDb(this, other);
    touchAllWatchedKeysInDb(other, this);
    [this.dict, other.dict] = [other.dict, this.dict];
    [this.volatile, other.volatile] = [other.volatile, this.volatile];
    [this.keyList, other.keyList] = [other.keyList, this.keyList];
    this.scans.clear();
    other.scans.clear();
    this.expireIterator = other.expireIterator = undefined;
    this.signalWaitedKeys();
    other.signalWaitedKeys();
  }

  /** scanDatabaseForReadyKeys: after SWAPDB, every waited-on key that now exists may serve. */
  private signalWaitedKeys(): void {
    for (const key of this.blockingKeys.keys()) {
      if (this.dict.has(key)) this.engine.blocking.signalKeyAsReady(this, key);
    }
  }

  /** A uniformly random live key, or undefined when empty (RANDOMKEY), in O(1). */
  randomKey(): Bytes | undefined {
    // Expired keys found on the way are deleted and the draw repeated, as Redis's dbRandomKey
    // does; every failed draw removes a key, so this ends.
    while (this.dict.size > 0) {
      if (this.keyList.length !== this.dict.size) this.rebuildKeyList();
      const slot = Math.floor(Math.random() * this.keyList.length);
      const key = this.keyList[slot]!;
      const e = this.dict.get(key);
      if (e === undefined || e.slot !== slot) {
        this.rebuildKeyList();
        continue;
      }
      if (e.expiresAt !== 0 && isDue(e.expiresAt, this.engine.clock.now())) {
        this.expireEntry(key, e);
        continue;
      }
      return key;
    }
    return undefined;
  }

  /** Recomputes the key list from the dict: only if some write bypassed putEntry/removeEntry. */
  private rebuildKeyList(): void {
    const list: Bytes[] = [];
    for (const [key, e] of this.dict) e.slot = list.push(key) - 1;
    this.keyList = list;
  }

  /**
   * One SCAN step: visits up to `count` keys from the cursor on and returns those `accept` takes.
   * Cursors are live Map iterators (scan-cursors.ts). Expiry is up to `accept`: SCAN expires a
   * key only after its MATCH and TYPE filters passed, as Redis does.
   */
  scan(cursor: number, count: number, accept: (key: Bytes, e: Entry) => boolean): [number, Bytes[]] {
    const keys: Bytes[] = [];
    const next = this.scans.step(cursor, count, () => this.dict.keys(), (key) => {
      const e = this.dict.get(key);
      if (e !== undefined && accept(key, e)) keys.push(key);
    });
    return [next, keys];
  }

}
