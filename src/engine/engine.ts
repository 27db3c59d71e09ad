/**
 * An Engine is one Redis server living in this process: databases, clock, configuration, stats
 * and the connected sessions. By default every client naming the same host:port shares one
 * (see registry.ts); tests can make isolated ones with `new Engine()`.
 */
import { resetScripting } from './scripting.js';
import type { Bytes } from '../bytes.js';
import { type Clock, ManualClock, systemClock } from './clock.js';
import { Config } from './config.js';
import { Database } from './database.js';
import { Stats } from './stats.js';
import { activeExpireCycle, expireAllDue } from './active-expire.js';
import { Notify } from './notify.js';
import type { Session } from './session.js';
import { resetMemoryPeak } from './memory.js';
import { Blocking } from './blocking.js';
import { Slowlog } from './slowlog.js';
import { ClientPause } from './pause.js';
import { PubSub } from './pubsub.js';

export interface EngineOptions {
  /** Number of databases (default 16). */
  databases?: number;
  /** The clock; default reads Date.now(). */
  clock?: Clock;
  /** Run the sampled active expire cycle on a timer (default true). */
  activeExpire?: boolean;
  /** Initial configuration values, by Redis parameter name. */
  config?: Record<string, string>;
}

export class Engine {
  clock: Clock;
  readonly databases: Database[];
  readonly config: Config;
  readonly stats = new Stats();
  readonly sessions = new Set<Session>();
  /** Clients blocked on keys, ready keys and blocking timeouts (blocking.ts). */
  readonly blocking = new Blocking(this);
  /** Sessions in MONITOR mode, in the order they started (monitor.ts). */
  readonly monitors: Session[] = [];
  /** SLOWLOG (slowlog.ts). */
  slowlog = new Slowlog();
  /** CLIENT PAUSE and the commands it holds (pause.ts). */
  readonly pause = new ClientPause(this);
  /** Channels, patterns and shard channels with their subscribers (pubsub.ts). */
  readonly pubsub = new PubSub();
  readonly startedAt = Date.now();
  /** Changes since the last save (rdb_changes_since_last_save); every signalled write bumps it. */
  dirty = 0;
  lastSave = Math.floor(Date.now() / 1000);
  nextClientId = 1;
  /**
   * The clock keys' access times are stamped with (Redis's server.lruclock): refreshed on every
   * timer tick (hz) and whenever a manual clock moves, so a key access costs no clock read.
   */
  lruClock: number;
  /** DEBUG SET-ACTIVE-EXPIRE. */
  activeExpireEnabled: boolean;
  private expireTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(options: EngineOptions = {}) {
    const databases = options.databases ?? 16;
    this.config = new Config({ ...options.config, databases: String(databases) });
    this.clock = options.clock ?? systemClock;
    this.lruClock = this.clock.now();
    if (this.clock instanceof ManualClock) this.attachManualClock(this.clock);
    this.databases = Array.from({ length: databases }, (_, i) => new Database(this, i));
    this.activeExpireEnabled = options.activeExpire ?? true;
    this.scheduleActiveExpire();
  }

  /** Replaces the clock with a manual one (starting now, or at startMs) and returns it. */
  useManualClock(startMs?: number): ManualClock {
    const clock = new ManualClock(startMs ?? this.clock.now());
    this.attachManualClock(clock);
    this.clock = clock;
    this.lruClock = clock.now();
    this.blocking.armTimer();
    return clock;
  }

  /** Goes back to Date.now(). */
  useSystemClock(): void {
    this.clock = systemClock;
    this.lruClock = systemClock.now();
    this.blocking.armTimer();
  }

  private attachManualClock(clock: ManualClock): void {
    // Moving a manual clock makes every due expiry visible at once, events included.
    clock.onMove = () => {
      if (this.clock !== clock) return;
      this.lruClock = clock.now();
      expireAllDue(this);
      this.blocking.expireTimeouts();
      this.pause.checkTimeout();
      if (this.blocking.hasReadyKeys) this.blocking.handleClientsBlockedOnKeys();
    };
  }

  /** (Re)arms the active expire timer at the configured hz; unref'ed so it never holds the process open. */
  scheduleActiveExpire(): void {
    if (this.expireTimer) clearInterval(this.expireTimer);
    this.expireTimer = undefined;
    if (this.closed) return;
    const period = Math.max(1, Math.round(1000 / Math.max(1, this.config.hz)));
    this.expireTimer = setInterval(() => {
      this.lruClock = this.clock.now();
      if (this.activeExpireEnabled) activeExpireCycle(this);
      // Expiry can delete a stream that XREADGROUP readers wait on (beforeSleep serves them).
      if (this.blocking.hasReadyKeys) this.blocking.handleClientsBlockedOnKeys();
    }, period);
    this.expireTimer.unref();
  }

  /** Runs one active expire cycle now (what the timer does). */
  runActiveExpireCycle(): void {
    activeExpireCycle(this);
  }

  db(index: number): Database {
    return this.databases[index]!;
  }

  /**
   * notifyKeyspaceEvent: announces a change to subscribers of `__keyspace@<db>__:<key>` and
   * `__keyevent@<db>__:<event>` when `notify-keyspace-events` enables the class, delivered to
   * subscribers at once (from inside the command that made the change, as in Redis).
   */
  notify(type: Notify, event: string, key: Bytes, dbId: number): void {
    const flags = this.config.notifyFlags;
    if ((flags & type) === 0 || (flags & (Notify.Keyspace | Notify.Keyevent)) === 0) return;
    this.keyspaceListener?.(type, event, key, dbId);
    this.pubsub.publishKeyspaceEvent(flags, event, key, dbId);
  }

  notifyKeyspaceEvent(event: 'expired' | 'evicted', key: Bytes, dbId: number): void {
    this.notify(event === 'expired' ? Notify.Expired : Notify.Evicted, event, key, dbId);
  }

  /** Sees every keyspace event published (tests compare the computed events with it). */
  keyspaceListener: ((type: Notify, event: string, key: Bytes, dbId: number) => void) | undefined;

  /** Empties every database (FLUSHALL). Returns the number of keys removed. */
  flushAll(): number {
    let removed = 0;
    for (const db of this.databases) removed += db.flush();
    return removed;
  }

  /**
   * Back to a fresh server: no keys, default configuration and stats, the system clock. Sessions
   * stay connected (as after FLUSHALL + CONFIG RESETSTAT on a real server).
   */
  reset(): void {
    this.flushAll();
    this.stats.reset();
    this.slowlog = new Slowlog();
    this.pause.stop();
    this.config.reset();
    resetMemoryPeak(this);
    this.useSystemClock();
    this.activeExpireEnabled = true;
    this.scheduleActiveExpire();
    resetScripting(this);
  }

  /** Stops the engine's timers. */
  close(): void {
    this.closed = true;
    this.blocking.close();
    this.pause.close();
    if (this.expireTimer) clearInterval(this.expireTimer);
    this.expireTimer = undefined;
  }
}
