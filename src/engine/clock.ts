/**
 * One clock per engine drives everything that reads time: TTLs, TIME, idle times, (later) stream
 * IDs and blocking timeouts. The default reads Date.now() so test fake timers work; a manual clock
 * is moved by the test itself.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export class ManualClock implements Clock {
  private ms: number;
  /** Called after every move, so the engine can expire what became due. */
  onMove: (() => void) | undefined;

  constructor(startMs = Date.now()) {
    this.ms = startMs;
  }

  now(): number {
    return this.ms;
  }

  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError('ManualClock.advance: ms must be a non-negative number');
    this.ms += ms;
    this.onMove?.();
  }

  set(ms: number): void {
    if (!Number.isFinite(ms)) throw new RangeError('ManualClock.set: ms must be a finite number');
    this.ms = ms;
    this.onMove?.();
  }
}
