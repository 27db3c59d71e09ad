/**
 * Replies settle as microtasks (the engine answers at once), so a loop that awaits commands never
 * lets the event loop turn: a timer that should end it never fires, and a consumer that retries a
 * failing command at once (BullMQ's worker when a script keeps failing) spins forever. A real
 * socket yields on every reply. This guard yields once in a while instead: after STREAK replies
 * settled within one turn of the event loop, the next ones wait for the next turn, in order.
 *
 * The turn is taken with the setImmediate this module saw when it was loaded: test fake timers
 * (installed later, by vi.useFakeTimers() in a test) replace the global, and must not hold replies.
 */
const realSetImmediate = globalThis.setImmediate;

const STREAK = 10_000;

let settled = 0;
/** A turn is scheduled: it resets the streak. */
let armed = false;
/** Settlements waiting for that turn, in order. */
let waiting: (() => void)[] | undefined;

function onTurn(): void {
  armed = false;
  settled = 0;
  const run = waiting;
  waiting = undefined;
  if (run !== undefined) for (const f of run) f();
}

/** Counts one settlement; true when it must wait for the next turn (then hand it to `later`). */
export function mustYield(): boolean {
  if (waiting !== undefined) return true;
  if (++settled <= STREAK) return false;
  waiting = [];
  if (!armed) {
    armed = true;
    realSetImmediate(onTurn);
  }
  return true;
}

/** Runs `f` once the event loop has turned (after everything deferred before it). */
export function later(f: () => void): void {
  (waiting ??= []).push(f);
}

/** The promise as is, or (past the streak) a promise settling the same way after a turn. */
export function yieldingPromise<T>(promise: Promise<T>): Promise<T> {
  if (!mustYield()) return promise;
  promise.catch(() => {}); // handled here: its rejection reaches the caller through the new promise
  return new Promise<T>((resolve) => later(() => resolve(promise)));
}
