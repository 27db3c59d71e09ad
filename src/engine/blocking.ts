/**
 * Clients blocked on keys (Redis 7.0's blocked.c): BLPOP and friends, BZPOPMIN and friends, XREAD
 * and XREADGROUP with BLOCK.
 *
 * A handler that finds nothing to serve calls `c.blockOnKeys(request)` and returns its BLOCKED
 * reply. The session is then listed under each key in its database (`Database.blockingKeys`, in
 * blocking order), and the edge waits for `Session.onUnblocked`. A write that can feed a waiter
 * calls `signalKeyAsReady`; once the command that wrote (a whole EXEC, later a whole script) has
 * finished, `handleClientsBlockedOnKeys` serves the waiters of every ready key in the order the
 * keys were signalled, each key's waiters first-come first-served, as Redis 7.0 does. Nothing
 * polls: a waiter is woken in the same turn as the write that fed it.
 *
 * Timeouts run on the engine's clock: a real timer armed for the earliest deadline when the clock
 * is the system clock (so test fake timers drive it), and a check on every move of a manual clock.
 */
import { BTree } from './btree.js';
import type { Bytes } from '../bytes.js';
import { CommandError } from '../errors.js';
import { ErrorReply, NIL_ARRAY, type Reply } from '../reply.js';
import { ManualClock } from './clock.js';
import type { Database } from './database.js';
import type { Engine } from './engine.js';
import type { Session } from './session.js';
import type { RedisType } from './values.js';

/** The value type a blocked command waits for (Redis's BLOCKED_LIST, BLOCKED_ZSET, BLOCKED_STREAM). */
export type BlockType = 'list' | 'zset' | 'stream';

export interface BlockRequest {
  type: BlockType;
  /** The keys, in argument order (a repeated key counts once, as in Redis's bpop.keys dict). */
  keys: Bytes[];
  /** Absolute deadline in ms on the engine clock; 0 waits forever. */
  deadline: number;
  /**
   * Called, as the blocked session, when `key` was written and now holds a value of `type`: the
   * reply to unblock with, or undefined to go on waiting (another waiter took the data first).
   */
  serve(key: Bytes): Reply | undefined;
  /**
   * XREADGROUP only: the key was deleted or now holds another type. Redis 7.0 unblocks such
   * readers with an error (unblockDeletedStreamReadgroupClients) rather than let them wait for a
   * group that is gone.
   */
  onKeyGone?(key: Bytes): Reply | undefined;
}

/** A session's wait: what it asked for and where it is listed. */
export interface BlockedState {
  readonly request: BlockRequest;
  readonly db: Database;
  /** The distinct keys it is listed under. */
  readonly keys: Bytes[];
  readonly deadline: number;
  /** Blocking order, for the timeout index. */
  readonly seq: number;
}

interface ReadyKey {
  db: Database;
  key: Bytes;
}

type TimeoutKey = [deadline: number, seq: number];

function compareTimeouts(a: TimeoutKey, b: TimeoutKey): number {
  return a[0] - b[0] || a[1] - b[1];
}

export class Blocking {
  /** Keys written while someone waited on them, in signal order (server.ready_keys). */
  private ready: ReadyKey[] = [];
  /** Blocked sessions by type (server.blocked_clients_by_type). */
  readonly countByType: Record<BlockType, number> = { list: 0, zset: 0, stream: 0 };
  private readonly timeouts = new BTree<TimeoutKey, Session>(undefined, compareTimeouts);
  private timer: NodeJS.Timeout | undefined;
  private timerDeadline = 0;
  private nextSeq = 0;
  private serving = false;

  constructor(private readonly engine: Engine) {}

  /** INFO's blocked_clients. */
  get blockedClients(): number {
    return this.countByType.list + this.countByType.zset + this.countByType.stream;
  }

  /** INFO's clients_in_timeout_table: blocked clients with a deadline. */
  get clientsInTimeoutTable(): number {
    return this.timeouts.size;
  }

  /** blockForKeys: lists the session under each key and arms its timeout. */
  block(c: Session, request: BlockRequest): void {
    const db = c.db;
    const keys: Bytes[] = [];
    const seen = new Set<Bytes>();
    for (const key of request.keys) {
      if (seen.has(key)) continue;
      seen.add(key);
      keys.push(key);
      let waiters = db.blockingKeys.get(key);
      if (waiters === undefined) {
        waiters = new Set();
        db.blockingKeys.set(key, waiters);
      }
      waiters.add(c);
    }
    const state: BlockedState = { request, db, keys, deadline: request.deadline, seq: this.nextSeq++ };
    c.blocked = state;
    this.countByType[request.type]++;
    if (state.deadline !== 0) {
      this.timeouts.set([state.deadline, state.seq], c);
      this.armTimer();
    }
  }

  /**
   * unblockClient: takes the session off every key and the timeout index, then hands `reply` to
   * the edge. With no reply (the connection went away) nothing is delivered.
   */
  unblock(c: Session, reply?: Reply): void {
    const state = c.blocked;
    if (state === undefined) return;
    c.blocked = undefined;
    for (const key of state.keys) {
      const waiters = state.db.blockingKeys.get(key);
      if (waiters === undefined) continue;
      waiters.delete(c);
      if (waiters.size === 0) state.db.blockingKeys.delete(key);
    }
    this.countByType[state.request.type]--;
    if (state.deadline !== 0) this.timeouts.delete([state.deadline, state.seq]);
    if (reply !== undefined) c.deliverUnblocked(reply);
  }

  /**
   * signalKeyAsReady: key (in db) was created or grew, and someone may be waiting for it. Cheap
   * when nobody waits on the key, so every write path may call it.
   */
  signalKeyAsReady(db: Database, key: Bytes): void {
    if (db.blockingKeys.size === 0 || !db.blockingKeys.has(key) || db.readyKeys.has(key)) return;
    db.readyKeys.add(key);
    this.ready.push({ db, key });
  }

  /** Whether writes are waiting to be served (checked after every top-level command). */
  get hasReadyKeys(): boolean {
    return this.ready.length !== 0;
  }

  /**
   * handleClientsBlockedOnKeys: serves the waiters of every signalled key. Serving can signal more
   * keys (BLMOVE pushes to its destination), which are served in later rounds.
   */
  handleClientsBlockedOnKeys(): void {
    if (this.serving) return;
    this.serving = true;
    try {
      while (this.ready.length !== 0) {
        const round = this.ready;
        this.ready = [];
        for (const { db, key } of round) {
          db.readyKeys.delete(key);
          this.serveKey(db, key);
        }
      }
    } finally {
      this.serving = false;
    }
  }

  private serveKey(db: Database, key: Bytes): void {
    const waiters = db.blockingKeys.get(key);
    if (waiters === undefined) return;
    const e = db.find(key);
    const type: RedisType | undefined = e === undefined ? undefined : typeof e.value === 'string' ? 'string' : e.value.type;
    // A snapshot: serving unblocks (and so unlists) receivers while we walk.
    for (const receiver of [...waiters]) {
      const state = receiver.blocked;
      if (state === undefined || state.db !== db) continue;
      const request = state.request;
      let reply: Reply | undefined;
      const previousDb = receiver.db;
      receiver.db = db;
      try {
        if (type === request.type) reply = request.serve(key);
        else if (request.onKeyGone !== undefined) reply = request.onKeyGone(key);
      } catch (e) {
        // Served as the receiver's own command would answer (WRONGTYPE for a BLMOVE destination
        // of another type); a bug answers an internal error rather than break the writer's command.
        reply = e instanceof CommandError ? e.toReply() : new ErrorReply(`ERR internal error while serving a blocked client: ${(e as Error)?.message ?? String(e)}`);
      } finally {
        receiver.db = previousDb;
      }
      if (reply !== undefined) this.unblock(receiver, reply);
      // The key is gone (the last element was taken): nobody after can be served from it.
      if (type !== undefined && !db.exists(key) && request.type !== 'stream') break;
    }
  }

  /** CLIENT UNBLOCK and timeouts: unblock with the command's timeout reply (nil array in 7.0). */
  unblockWithTimeout(c: Session): void {
    this.unblock(c, NIL_ARRAY);
  }

  // ---- timeouts ------------------------------------------------------------------------------

  /** Unblocks every session whose deadline has passed (Redis: deadline < now). */
  expireTimeouts(): void {
    const now = this.engine.clock.now();
    for (;;) {
      const first = this.timeouts.minKey();
      if (first === undefined || first[0] >= now) break;
      const session = this.timeouts.get(first)!;
      this.unblockWithTimeout(session);
    }
    this.armTimer();
  }

  /** Keeps one real timer for the earliest deadline, unless a manual clock drives time. */
  armTimer(): void {
    const first = this.timeouts.minKey();
    if (first === undefined || this.engine.clock instanceof ManualClock) {
      this.clearTimer();
      return;
    }
    if (this.timer !== undefined && this.timerDeadline === first[0]) return;
    this.clearTimer();
    this.timerDeadline = first[0];
    const delay = Math.max(0, first[0] - this.engine.clock.now() + 1);
    // Not unref'ed: a client waiting with a timeout keeps the process alive, as its socket would.
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.expireTimeouts();
    }, delay);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** The engine closes: no timer may outlive it. */
  close(): void {
    this.clearTimer();
  }
}
