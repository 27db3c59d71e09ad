/**
 * CLIENT PAUSE (Redis 7.0's pauseClients / unpauseClients / blockClient(BLOCKED_POSTPONE)). While
 * the engine is paused, a command that the pause covers (every command for ALL; for WRITE, write
 * and may-replicate commands, and EXEC of a transaction holding one) is postponed before it runs or
 * is queued: its session answers BLOCKED, shows as blocked (CLIENT LIST `b`, INFO blocked_clients),
 * and its edge waits as for a blocking command. At UNPAUSE or at the deadline (engine clock: a
 * real timer on the system clock, a check on every move of a manual clock), the postponed commands
 * run again from the start, in the order they were postponed, and their replies go to
 * `Session.onUnblocked`. MONITOR sessions are replicas to Redis and are never paused.
 *
 * Not done: Redis also keeps the dataset still while paused (no active or lazy expiry deletes, no
 * eviction); here keys still expire and are evicted during a pause.
 */
import type { Bytes } from '../bytes.js';
import { type Command, Flag } from '../commands/spec.js';
import { BLOCKED, type Reply } from '../reply.js';
import { ManualClock } from './clock.js';
import type { Engine } from './engine.js';
import type { Session } from './session.js';

export const enum PauseType {
  Off = 0,
  Write = 1,
  All = 2,
}

const WRITE_LIKE = Flag.Write | Flag.MayReplicate;

export class ClientPause {
  type = PauseType.Off;
  /** Deadline on the engine clock, ms. */
  private end = 0;
  /** Postponed sessions with the command each will run again, in postponing order. */
  private postponed = new Map<Session, Bytes[]>();
  private timer: NodeJS.Timeout | undefined;
  /** UNPAUSE happened inside a command: release once that command is over. */
  releasePending = false;

  constructor(private readonly engine: Engine) {}

  /** INFO blocked_clients counts postponed clients too. */
  get postponedCount(): number {
    return this.postponed.size;
  }

  isPostponed(s: Session): boolean {
    return this.postponed.has(s);
  }

  /** pauseClients: the type only grows (WRITE to ALL), the deadline only moves later. */
  pause(endMs: number, type: PauseType): void {
    if (type > this.type) this.type = type;
    if (endMs > this.end) this.end = endMs;
    // Only someone waiting needs the deadline on time; otherwise the next command notices it.
    if (this.postponed.size !== 0) this.armTimer();
  }

  /** unpauseClients: off now; the postponed run once the current command is over. */
  unpause(): void {
    this.type = PauseType.Off;
    this.end = 0;
    this.clearTimer();
    if (this.postponed.size !== 0) this.releasePending = true;
  }

  /**
   * Whether `c` must wait to run `command` (processCommand's check). A pause whose deadline has
   * passed ends here first (checkClientPauseTimeoutAndReturnIfPaused).
   */
  holds(c: Session, command: Command): boolean {
    if (this.engine.clock.now() > this.end) {
      this.unpause();
      return false;
    }
    if (c.monitoring) return false;
    if (this.type === PauseType.All) return true;
    if (command.flags & WRITE_LIKE) return true;
    return command.fullName === 'exec' && (c.multi?.some((q) => q.command.flags & WRITE_LIKE) ?? false);
  }

  /** blockClient(BLOCKED_POSTPONE): the command waits; the edge gets its reply later. */
  postpone(c: Session, argv: Bytes[]): Reply {
    this.postponed.set(c, argv);
    if (this.timer === undefined) this.armTimer();
    return BLOCKED;
  }

  /** The session went away while postponed: nobody waits for the reply. */
  forget(c: Session): void {
    this.postponed.delete(c);
  }

  /** unblockPostponedClients: every postponed command runs again, as sent, oldest first. */
  release(): void {
    this.releasePending = false;
    const waiting = this.postponed;
    this.postponed = new Map();
    for (const [c, argv] of waiting) {
      if (c.closed) continue;
      const reply = c.execute(argv);
      // Postponed again (paused anew meanwhile) or blocked on keys: the reply comes later still.
      if (reply !== BLOCKED) c.onUnblocked?.(reply);
    }
  }

  /** The deadline passed (timer or manual clock): unpause and release now. */
  checkTimeout(): void {
    if (this.type === PauseType.Off) return;
    if (this.engine.clock.now() <= this.end) {
      // A timer may fire a little before the clock agrees: try again then.
      if (this.timer === undefined && this.postponed.size !== 0) this.armTimer();
      return;
    }
    this.unpause();
    if (this.releasePending) this.release();
  }

  private armTimer(): void {
    this.clearTimer();
    if (this.engine.clock instanceof ManualClock) return;
    const delay = Math.max(0, this.end - this.engine.clock.now() + 1);
    // Not unref'ed: a paused client waits for its reply, as a socket would keep it waiting.
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.checkTimeout();
    }, delay);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Engine.reset: the pause ends and whoever waited runs now. */
  stop(): void {
    this.unpause();
    if (this.releasePending) this.release();
  }

  /** The engine closes: no pause or timer outlives it. */
  close(): void {
    this.unpause();
    this.releasePending = false;
    this.postponed.clear();
  }
}
