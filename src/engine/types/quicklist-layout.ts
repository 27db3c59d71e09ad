/**
 * What Redis 7.0's quicklist would hold for a list: listpack nodes (elements encoded by listpack.ts)
 * filled by _quicklistNodeAllowInsert's rule, and the RDB length of the result (DEBUG OBJECT's
 * serializedlength). Nodes are laid out as if the list had been built by tail pushes, which is
 * exact for lists that fit in one node (up to 8 kB under the default fill) and close beyond.
 */
import type { Bytes } from '../../bytes.js';
import { lzfCompress } from '../lzf.js';
import { rdbLenBytes } from '../rdb-size.js';
import { LISTPACK_OVERHEAD, lpElementSize, lpEncodeElement, lpHeader } from './listpack.js';

/** optimization_level: bytes per node for fill -1 .. -5. */
const OPTIMIZATION_LEVEL = [4096, 8192, 16384, 32768, 65536];
const SIZE_SAFETY_LIMIT = 8192;
const FILL_MAX = (1 << 15) - 1;

/** quicklistSetFill: the fill a quicklist keeps for a configured list-max-listpack-size. */
export function clampFill(fill: number): number {
  return fill > FILL_MAX ? FILL_MAX : fill < -5 ? -5 : fill;
}

/** One quicklist node: its elements (by position in the list) and its listpack's size. */
export interface QuicklistNode {
  start: number;
  count: number;
  bytes: number;
}

function sizeMeetsOptimization(sz: number, fill: number): boolean {
  if (fill >= 0) return false;
  const level = OPTIMIZATION_LEVEL[-fill - 1];
  return level !== undefined && sz <= level;
}

/** _quicklistNodeAllowInsert, for an element of `sz` raw bytes. */
function allowInsert(node: QuicklistNode, fill: number, sz: number): boolean {
  let overhead = sz < 254 ? 1 : 5;
  overhead += sz < 64 ? 1 : sz < 16384 ? 2 : 5;
  const newSize = node.bytes + sz + overhead;
  if (sizeMeetsOptimization(newSize, fill)) return true;
  if (newSize > SIZE_SAFETY_LIMIT) return false;
  return node.count < fill;
}

interface ListLike {
  readonly length: number;
  at(index: number): Bytes;
}

function nodeAllowMerge(a: QuicklistNode | undefined, b: QuicklistNode | undefined, fill: number): boolean {
  if (a === undefined || b === undefined) return false;
  // Redis 7.0 still subtracts a ziplist's header and end (11 bytes) for the merged size.
  const size = a.bytes + b.bytes - 11;
  if (sizeMeetsOptimization(size, fill)) return true;
  if (size > SIZE_SAFETY_LIMIT) return false;
  return a.count + b.count <= fill;
}

/**
 * The nodes in order, with O(1) amortised adds and removals at both ends (a list of single-element
 * nodes, as big elements make, grows node by node at the head under LPUSH).
 */
class NodeDeque {
  private slots: (QuicklistNode | undefined)[] = [];
  private first = 0;

  get length(): number {
    return this.slots.length - this.first;
  }

  get(i: number): QuicklistNode | undefined {
    return i >= 0 && i < this.length ? this.slots[this.first + i] : undefined;
  }

  indexOf(node: QuicklistNode): number {
    const i = this.slots.indexOf(node, this.first);
    return i < 0 ? -1 : i - this.first;
  }

  push(node: QuicklistNode): void {
    this.slots.push(node);
  }

  insertAt(i: number, node: QuicklistNode): void {
    if (i === 0) {
      if (this.first === 0) {
        const room = Math.max(8, this.length);
        this.slots = new Array<QuicklistNode | undefined>(room).fill(undefined).concat(this.slots);
        this.first = room;
      }
      this.slots[--this.first] = node;
    } else if (i === this.length) {
      this.slots.push(node);
    } else {
      this.slots.splice(this.first + i, 0, node);
    }
  }

  removeAt(i: number): void {
    if (i === 0) {
      this.slots[this.first++] = undefined;
      if (this.first > 64 && this.first > this.length) {
        this.slots = this.slots.slice(this.first);
        this.first = 0;
      }
    } else if (i === this.length - 1) {
      this.slots.pop();
    } else {
      this.slots.splice(this.first + i, 1);
    }
  }

  toArray(): QuicklistNode[] {
    return this.slots.slice(this.first) as QuicklistNode[];
  }
}

/**
 * The node layout of a quicklist, kept in step with the list by the same operations Redis's
 * quicklist performs: pushes fill the end node or start a new one, pops and removals shrink
 * nodes and drop empty ones, LINSERT may use a neighbour, start a node or split and merge.
 * Nodes are counted by elements; `start` fields are filled in by `nodes()`.
 */
export class QuicklistShape {
  private list = new NodeDeque();

  constructor(readonly fill: number) {}

  get nodeCount(): number {
    return this.list.length;
  }

  /** The nodes with their first element's index. */
  nodes(): QuicklistNode[] {
    const nodes = this.list.toArray();
    let start = 0;
    for (const node of nodes) {
      node.start = start;
      start += node.count;
    }
    return nodes;
  }

  /** The average cost of the first `samples` nodes, times the node count (objectComputeSize). */
  sampledNodeBytes(samples: number, cost: (listpackBytes: number) => number): number {
    const n = Math.min(samples, this.list.length);
    if (n === 0) return 0;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += cost(this.list.get(i)!.bytes);
    return (sum / n) * this.list.length;
  }

  pushHead(s: Bytes): void {
    const head = this.list.get(0);
    if (head !== undefined && allowInsert(head, this.fill, s.length)) this.grow(head, s);
    else this.list.insertAt(0, { start: 0, count: 1, bytes: LISTPACK_OVERHEAD + lpElementSize(s) });
  }

  pushTail(s: Bytes): void {
    const tail = this.list.get(this.list.length - 1);
    if (tail !== undefined && allowInsert(tail, this.fill, s.length)) this.grow(tail, s);
    else this.list.push({ start: 0, count: 1, bytes: LISTPACK_OVERHEAD + lpElementSize(s) });
  }

  popHead(s: Bytes): void {
    this.shrink(0, s);
  }

  popTail(s: Bytes): void {
    this.shrink(this.list.length - 1, s);
  }

  /** LSET: the element at index changes from old to value in place (lpReplace). */
  replace(index: number, old: Bytes, value: Bytes): void {
    const node = this.list.get(this.locate(index)[0])!;
    node.bytes += lpElementSize(value) - lpElementSize(old);
  }

  /** LREM: the elements at these ascending indexes (all equal to value) are deleted, nodes not merged. */
  removeAt(indexes: readonly number[], value: Bytes): void {
    const size = lpElementSize(value);
    let ni = 0;
    let nodeStart = 0;
    let removedBefore = 0;
    for (let k = 0; k < indexes.length; k++) {
      // Indexes are into the list before any removal; nodes shrink as we go.
      const index = indexes[k]! - removedBefore;
      while (index >= nodeStart + this.list.get(ni)!.count) nodeStart += this.list.get(ni++)!.count;
      const node = this.list.get(ni)!;
      node.count--;
      node.bytes -= size;
      removedBefore++;
      if (node.count === 0) this.list.removeAt(ni);
    }
  }

  /** _quicklistInsert: value goes before or after the pivot at index; sizeAt gives elements' sizes. */
  insert(pivot: number, after: boolean, value: Bytes, entryAt: (index: number) => Bytes): void {
    const [ni, offset] = this.locate(pivot);
    const node = this.list.get(ni)!;
    const sz = value.length;
    const entry = lpElementSize(value);
    const full = !allowInsert(node, this.fill, sz);
    const next = this.list.get(ni + 1);
    const prev = this.list.get(ni - 1);
    const atTail = after && offset === node.count - 1;
    const atHead = !after && offset === 0;
    const availNext = atTail && next !== undefined && allowInsert(next, this.fill, sz);
    const availPrev = atHead && prev !== undefined && allowInsert(prev, this.fill, sz);
    if (!full) {
      node.count++;
      node.bytes += entry;
    } else if (atTail && availNext) {
      next!.count++;
      next!.bytes += entry;
    } else if (atHead && availPrev) {
      prev!.count++;
      prev!.bytes += entry;
    } else if ((atTail && next !== undefined) || (atHead && prev !== undefined)) {
      this.list.insertAt(after ? ni + 1 : ni, { start: 0, count: 1, bytes: LISTPACK_OVERHEAD + entry });
    } else {
      // _quicklistSplitNode: after keeps [0..offset] here; before keeps [offset..] here.
      const first = pivot - offset;
      const moveFrom = after ? first + offset + 1 : first;
      const moveCount = after ? node.count - offset - 1 : offset;
      let moved = 0;
      for (let i = moveFrom; i < moveFrom + moveCount; i++) moved += lpElementSize(entryAt(i));
      node.count -= moveCount;
      node.bytes -= moved;
      const split: QuicklistNode = { start: 0, count: moveCount + 1, bytes: LISTPACK_OVERHEAD + moved + entry };
      this.list.insertAt(after ? ni + 1 : ni, split);
      this.mergeAround(after ? ni : ni + 1);
    }
  }

  clone(): QuicklistShape {
    const copy = new QuicklistShape(this.fill);
    for (const n of this.list.toArray()) copy.list.push({ ...n });
    return copy;
  }

  /** _quicklistMergeNodes around the node at index ci. */
  private mergeAround(ci: number): void {
    const nodes = this.list;
    let center = nodes.get(ci)!;
    const fill = this.fill;
    if (nodeAllowMerge(nodes.get(ci - 1), nodes.get(ci - 2), fill)) this.merge(ci - 2);
    ci = nodes.indexOf(center);
    if (nodeAllowMerge(nodes.get(ci + 1), nodes.get(ci + 2), fill)) this.merge(ci + 1);
    ci = nodes.indexOf(center);
    let target = ci;
    if (nodeAllowMerge(center, nodes.get(ci - 1), fill)) {
      this.merge(ci - 1);
      target = ci - 1;
    }
    center = nodes.get(target)!;
    if (nodeAllowMerge(center, nodes.get(target + 1), fill)) this.merge(target);
  }

  /** Merges the node at i+1 into the node at i. */
  private merge(i: number): void {
    const a = this.list.get(i)!;
    const b = this.list.get(i + 1)!;
    a.count += b.count;
    a.bytes += b.bytes - LISTPACK_OVERHEAD;
    this.list.removeAt(i + 1);
  }

  private grow(node: QuicklistNode, s: Bytes): void {
    node.count++;
    node.bytes += lpElementSize(s);
  }

  private shrink(ni: number, s: Bytes): void {
    const node = this.list.get(ni)!;
    node.count--;
    node.bytes -= lpElementSize(s);
    if (node.count === 0) this.list.removeAt(ni);
  }

  /** The node holding index, and the index's offset in it. */
  private locate(index: number): [number, number] {
    let start = 0;
    for (let ni = 0; ni < this.list.length; ni++) {
      const count = this.list.get(ni)!.count;
      if (index < start + count) return [ni, index - start];
      start += count;
    }
    return [this.list.length - 1, index - start];
  }
}

function listpackOf(list: ListLike, node: QuicklistNode): string {
  let body = '';
  for (let i = node.start; i < node.start + node.count; i++) body += lpEncodeElement(list.at(i));
  return lpHeader(node.bytes, node.count) + body + '\xff';
}


const MIN_COMPRESS_BYTES = 48;
const MIN_COMPRESS_IMPROVE = 8;

/**
 * __quicklistCompressNode: the LZF bytes a node is kept as when list-compress-depth leaves it
 * compressed (every node but `depth` at each end), or undefined when it stays raw.
 */
function compressedNode(list: ListLike, node: QuicklistNode): Uint8Array | undefined {
  if (node.bytes < MIN_COMPRESS_BYTES) return undefined;
  const packed = lzfCompress(listpackOf(list, node), node.bytes);
  if (packed === undefined || packed.length + MIN_COMPRESS_IMPROVE >= node.bytes) return undefined;
  return packed;
}

/**
 * rdbSaveObject's length for a quicklist: node count, then each node's container and listpack
 * blob (a compressed node as its LZF bytes, a raw one through rdbSaveRawString).
 */
export function quicklistRdbLength(list: ListLike, nodes: QuicklistNode[], compression: boolean, depth: number): number {
  let total = rdbLenBytes(nodes.length);
  const compressAll = depth > 0 && nodes.length >= depth * 2;
  nodes.forEach((node, i) => {
    total += 1; // QUICKLIST_NODE_CONTAINER_PACKED
    const len = node.bytes;
    if (compressAll && i >= depth && i < nodes.length - depth) {
      const packed = compressedNode(list, node);
      if (packed !== undefined) {
        total += 1 + rdbLenBytes(packed.length) + rdbLenBytes(len) + packed.length;
        return;
      }
    }
    if (compression && len > 20) {
      const packed = lzfCompress(listpackOf(list, node), len - 4);
      if (packed !== undefined) {
        total += 1 + rdbLenBytes(packed.length) + rdbLenBytes(len) + packed.length;
        return;
      }
    }
    total += rdbLenBytes(len) + len;
  });
  return total;
}
