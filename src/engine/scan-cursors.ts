/**
 * SCAN-family cursors over a Map (the keyspace, a hash, a set, a sorted set). A cursor is a live
 * Map iterator kept open between calls: V8's Map iterators see inserts and deletes, so every
 * element present for the whole iteration is visited, and each call costs O(COUNT).
 *
 * A cursor number carries its position too (position * 2^20 + serial), so a cursor evicted from
 * the cache (more than `maxOpen` scans open at once) resumes at roughly the same place.
 */
const SERIALS = 2 ** 20;

interface OpenScan<T> {
  iterator: Iterator<T>;
  position: number;
}

export class ScanCursors<T> {
  private readonly open = new Map<number, OpenScan<T>>();
  private nextSerial = 1;

  constructor(private readonly maxOpen: number) {}

  /**
   * Visits up to `count` elements from `cursor` on (a fresh `iterate()` when the cursor is 0 or
   * unknown) and returns the next cursor, 0 once the iteration is complete.
   */
  step(cursor: number, count: number, iterate: () => Iterator<T>, visit: (element: T) => void): number {
    let state = cursor === 0 ? undefined : this.open.get(cursor);
    if (state !== undefined) this.open.delete(cursor);
    else {
      const iterator = iterate();
      const resumeAt = Math.floor(cursor / SERIALS);
      let skipped = 0;
      while (skipped < resumeAt && !iterator.next().done) skipped++;
      state = { iterator, position: skipped };
    }
    for (let visited = 0; visited < count; visited++) {
      const next = state.iterator.next();
      if (next.done) return 0;
      state.position++;
      visit(next.value);
    }
    if (this.open.size >= this.maxOpen) this.open.delete(this.open.keys().next().value as number);
    const serial = this.nextSerial;
    this.nextSerial = serial + 1 === SERIALS ? 1 : serial + 1;
    const next = state.position * SERIALS + serial;
    this.open.set(next, state);
    return next;
  }

  /** Forgets every open scan (the underlying Map was replaced). */
  clear(): void {
    this.open.clear();
  }
}
