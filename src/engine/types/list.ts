/**
 * A list value: a ring buffer of binary strings, so pushes and pops at both ends, LLEN and index
 * access (LINDEX, LSET) are O(1). Redis 7.0 always reports the `quicklist` encoding for lists;
 * DEBUG OBJECT's quicklist details and serializedlength come from the listpack bytes Redis would
 * hold, in the nodes Redis's quicklist would have after the same operations (quicklist-layout.ts).
 */
import type { Bytes } from '../../bytes.js';
import type { RedisCollection } from '../values.js';
import { mallocSize } from '../memory.js';
import type { Config } from '../config.js';
import { clampFill, QuicklistShape, quicklistRdbLength } from './quicklist-layout.js';

const MIN_CAPACITY = 8;

/** sizeof(robj) + sizeof(quicklist), and sizeof(quicklistNode) (7.0's `size_t sz` makes it 40). */
const LIST_HEADER_BYTES = 16 + 40;
const NODE_BYTES = 40;
/** MEMORY USAGE's default SAMPLES. */
const MEMORY_SAMPLES = 5;

/**
 * printf's %.2f: like toFixed(2) except on an exact tie (7.625), which C rounds to even ("7.62")
 * where toFixed rounds up.
 */
function fixed2(x: number): string {
  const scaled = x * 100;
  if (Number.isInteger(scaled * 2) && !Number.isInteger(scaled)) {
    const low = Math.floor(scaled);
    return ((low % 2 === 0 ? low : low + 1) / 100).toFixed(2);
  }
  return x.toFixed(2);
}

export class RedisList implements RedisCollection {
  readonly type = 'list' as const;
  private items: (Bytes | undefined)[] = new Array(MIN_CAPACITY);
  private head = 0;
  private count = 0;
  private shape: QuicklistShape;

  /**
   * fill (list-max-listpack-size) and compress depth (list-compress-depth) as they were when the
   * list was created: Redis's quicklist keeps its own copy, so DEBUG OBJECT shows the old values
   * after a CONFIG SET.
   */
  constructor(
    readonly fill: number,
    readonly compressDepth: number,
  ) {
    this.shape = new QuicklistShape(fill);
  }

  /**
   * A new, empty list with the options Redis's quicklistSetOptions copies from the config
   * (list-max-listpack-size, list-compress-depth): for pushes, LMOVE and SORT ... STORE.
   */
  static create(config: Config): RedisList {
    const depth = Number(config.get('list-compress-depth') ?? '0');
    return new RedisList(clampFill(config.thresholds.listMaxListpackSize), depth);
  }

  get length(): number {
    return this.count;
  }

  /** The element at index 0..length-1. */
  at(index: number): Bytes {
    return this.items[(this.head + index) & (this.items.length - 1)]!;
  }

  /** Replaces the element at index 0..length-1. */
  set(index: number, value: Bytes): void {
    const slot = (this.head + index) & (this.items.length - 1);
    const old = this.items[slot]!;
    this.shape.replace(index, old, value);
    this.items[slot] = value;
  }

  pushTail(value: Bytes): void {
    this.shape.pushTail(value);
    this.store(value);
  }

  /** pushTail without the quicklist bookkeeping (insertAt does its own). */
  private store(value: Bytes): void {
    if (this.count === this.items.length) this.grow();
    this.items[(this.head + this.count) & (this.items.length - 1)] = value;
    this.count++;
  }

  pushHead(value: Bytes): void {
    this.shape.pushHead(value);
    this.storeHead(value);
  }

  private storeHead(value: Bytes): void {
    if (this.count === this.items.length) this.grow();
    this.head = (this.head - 1) & (this.items.length - 1);
    this.items[this.head] = value;
    this.count++;
  }

  /** Removes and returns the first element (the list must not be empty). */
  popHead(): Bytes {
    const value = this.items[this.head]!;
    this.items[this.head] = undefined;
    this.head = (this.head + 1) & (this.items.length - 1);
    this.count--;
    this.shape.popHead(value);
    this.shrinkIfSparse();
    return value;
  }

  /** Removes and returns the last element (the list must not be empty). */
  popTail(): Bytes {
    const slot = (this.head + this.count - 1) & (this.items.length - 1);
    const value = this.items[slot]!;
    this.items[slot] = undefined;
    this.count--;
    this.shape.popTail(value);
    this.shrinkIfSparse();
    return value;
  }

  /** The elements from start to end inclusive (0 <= start <= end < length), in order. */
  slice(start: number, end: number): Bytes[] {
    const out = new Array<Bytes>(end - start + 1);
    for (let i = start; i <= end; i++) out[i - start] = this.at(i);
    return out;
  }

  /** LINSERT: value goes right before or after the element at pivot; moves the shorter side. */
  insertAt(pivot: number, after: boolean, value: Bytes): void {
    this.shape.insert(pivot, after, value, (i) => this.at(i));
    const index = after ? pivot + 1 : pivot;
    if (index <= this.count - index) {
      this.storeHead(value);
      for (let i = 0; i < index; i++) this.swapSlots(i, i + 1);
    } else {
      this.store(value);
      for (let i = this.count - 1; i > index; i--) this.swapSlots(i, i - 1);
    }
  }

  /** Index of the first element equal to value, or -1. */
  indexOf(value: Bytes): number {
    for (let i = 0; i < this.count; i++) if (this.at(i) === value) return i;
    return -1;
  }

  /**
   * Removes up to `limit` elements equal to value (0 = all), scanning from the head, or from the
   * tail when fromTail; returns how many went. One pass, compacting in place.
   */
  removeMatching(value: Bytes, limit: number, fromTail: boolean): number {
    const n = this.count;
    let removed = 0;
    const hits: number[] = [];
    if (!fromTail) {
      let write = 0;
      for (let read = 0; read < n; read++) {
        const v = this.at(read);
        if (v === value && (limit === 0 || removed < limit)) {
          removed++;
          hits.push(read);
          continue;
        }
        if (write !== read) this.setSlot(write, v);
        write++;
      }
    } else {
      let write = n - 1;
      for (let read = n - 1; read >= 0; read--) {
        const v = this.at(read);
        if (v === value && (limit === 0 || removed < limit)) {
          removed++;
          hits.push(read);
          continue;
        }
        if (write !== read) this.setSlot(write, v);
        write--;
      }
      // The survivors now sit at the top: move the head past the holes.
      for (let i = 0; i < removed; i++) this.items[(this.head + i) & (this.items.length - 1)] = undefined;
      this.head = (this.head + removed) & (this.items.length - 1);
      this.count -= removed;
      this.shape.removeAt(hits.reverse(), value);
      this.shrinkIfSparse();
      return removed;
    }
    for (let i = n - removed; i < n; i++) this.items[(this.head + i) & (this.items.length - 1)] = undefined;
    this.count -= removed;
    this.shape.removeAt(hits, value);
    this.shrinkIfSparse();
    return removed;
  }

  *[Symbol.iterator](): IterableIterator<Bytes> {
    for (let i = 0; i < this.count; i++) yield this.at(i);
  }

  encoding(): string {
    return 'quicklist';
  }

  /**
   * objectComputeSize for a quicklist: the robj and quicklist structs, plus the average of the
   * first MEMORY_SAMPLES nodes (node struct and listpack allocation) times the node count.
   */
  memoryUsage(): number {
    return Math.floor(LIST_HEADER_BYTES + this.shape.sampledNodeBytes(MEMORY_SAMPLES, (n) => NODE_BYTES + mallocSize(n)));
  }

  rdbLength(compression = true): number {
    return quicklistRdbLength(this, this.shape.nodes(), compression, this.compressDepth);
  }

  debugDetails(): string {
    const nodes = this.shape.nodes();
    let size = 0;
    for (const node of nodes) size += node.bytes;
    const avg = nodes.length === 0 ? 0 : this.count / nodes.length;
    return (
      ` ql_nodes:${nodes.length} ql_avg_node:${fixed2(avg)} ql_listpack_max:${this.fill}` +
      ` ql_compressed:${this.compressDepth !== 0 ? 1 : 0} ql_uncompressed_size:${size}`
    );
  }

  /** COPY: quicklistDup keeps the node layout. */
  clone(): RedisList {
    const copy = new RedisList(this.fill, this.compressDepth);
    for (const v of this) copy.store(v);
    copy.shape = this.shape.clone();
    return copy;
  }

  private setSlot(index: number, value: Bytes): void {
    this.items[(this.head + index) & (this.items.length - 1)] = value;
  }

  private swapSlots(i: number, j: number): void {
    const mask = this.items.length - 1;
    const a = (this.head + i) & mask;
    const b = (this.head + j) & mask;
    const t = this.items[a];
    this.items[a] = this.items[b];
    this.items[b] = t;
  }

  private grow(): void {
    this.resize(this.items.length * 2);
  }

  private shrinkIfSparse(): void {
    // Shrinking at a quarter keeps pops O(1) amortised and frees memory after a drain.
    if (this.items.length > MIN_CAPACITY && this.count < this.items.length / 4) this.resize(this.items.length / 2);
  }

  private resize(capacity: number): void {
    const next = new Array<Bytes | undefined>(capacity);
    for (let i = 0; i < this.count; i++) next[i] = this.at(i);
    this.items = next;
    this.head = 0;
  }
}
