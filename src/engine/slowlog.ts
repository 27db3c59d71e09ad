/**
 * The slow log (Redis 7.0's slowlog.c): commands that ran for at least `slowlog-log-slower-than`
 * microseconds, newest first, at most `slowlog-max-len` of them. Durations are measured where
 * Redis measures them (Session.call, around the handler), so they count this engine's work only.
 */
import type { Bytes } from '../bytes.js';
import type { Session } from './session.js';

/** SLOWLOG_ENTRY_MAX_ARGC and SLOWLOG_ENTRY_MAX_STRING. */
const MAX_ARGC = 32;
const MAX_STRING = 128;

export interface SlowlogEntry {
  id: number;
  /** Unix seconds when the entry was logged. */
  time: number;
  /** Microseconds. */
  duration: number;
  argv: Bytes[];
  peer: string;
  name: Bytes;
}

/** slowlogCreateEntry's trimming: at most 32 arguments, each at most 128 bytes, saying what was cut. */
export function trimArgv(argv: readonly Bytes[]): Bytes[] {
  const argc = Math.min(argv.length, MAX_ARGC);
  const out: Bytes[] = new Array(argc);
  for (let j = 0; j < argc; j++) {
    if (argc !== argv.length && j === argc - 1) {
      out[j] = `... (${argv.length - argc + 1} more arguments)`;
    } else {
      const a = argv[j]!;
      out[j] = a.length > MAX_STRING ? `${a.slice(0, MAX_STRING)}... (${a.length - MAX_STRING} more bytes)` : a;
    }
  }
  return out;
}

export class Slowlog {
  /** Oldest first from `head` on (entries before `head` were trimmed away). */
  private log: SlowlogEntry[] = [];
  private head = 0;
  private nextId = 0;

  get length(): number {
    return this.log.length - this.head;
  }

  /** The newest `count` entries, newest first (SLOWLOG GET). */
  newest(count: number): SlowlogEntry[] {
    const out: SlowlogEntry[] = [];
    for (let i = this.log.length - 1; i >= this.head && out.length < count; i--) out.push(this.log[i]!);
    return out;
  }

  /**
   * slowlogPushEntryIfNeeded: logs `argv` (already redacted) when the command took at least the
   * threshold (a negative threshold disables the log), then trims to the maximum length.
   */
  push(c: Session, argv: readonly Bytes[], durationUs: number): void {
    const config = c.engine.config;
    const threshold = config.slowlogLogSlowerThan;
    if (threshold < 0) return;
    if (durationUs >= threshold) {
      this.log.push({
        id: this.nextId++,
        time: Math.floor(c.engine.clock.now() / 1000),
        duration: durationUs,
        argv: trimArgv(argv),
        peer: c.addr,
        name: c.name,
      });
    }
    const excess = this.length - config.slowlogMaxLen;
    if (excess > 0) this.drop(excess);
  }

  /** Forgets the `n` oldest entries; the array is compacted only now and then, so a push stays O(1). */
  private drop(n: number): void {
    this.head += n;
    if (this.head > 64 && this.head * 2 > this.log.length) {
      this.log = this.log.slice(this.head);
      this.head = 0;
    }
  }

  /** SLOWLOG RESET: the entries go; ids keep counting, as in Redis. */
  reset(): void {
    this.log = [];
    this.head = 0;
  }
}
