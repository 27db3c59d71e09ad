/**
 * A stream value (t_stream.c): entries ordered by ID in nodes laid out as Redis 7.0 lays out its
 * radix tree of listpacks. A node holds up to stream-node-max-entries entries (live and deleted)
 * and stream-node-max-bytes bytes; XDEL and exact trimming only flag entries deleted inside their
 * node (the node goes once none is live), and approximate trimming removes whole nodes. Keeping
 * the nodes (with their exact listpack byte sizes, see stream-layout.ts) is what makes XLEN after
 * `MAXLEN ~` / `MINID ~` and XINFO's radix-tree-keys come out as Redis's.
 *
 * Nodes live in an array ordered by master ID (a node is ~100 entries, so the array is small);
 * a lookup is two binary searches (node, then entry), a range is a walk from there, XLEN is O(1).
 */
import type { Bytes } from '../../bytes.js';
import { mallocSize } from '../memory.js';
import { rdbRawStringBytes } from '../rdb-size.js';
import type { EncodingThresholds, RedisCollection } from '../values.js';
import { LISTPACK_OVERHEAD, lpIntSize } from './listpack.js';
import { StreamGroup } from './stream-group.js';
import { compareIds, MIN_ID, type StreamId } from './stream-id.js';
import {
  encodeIdKey,
  encodeNode,
  entrySize,
  FLAG_DELETED,
  FLAG_SAMEFIELDS,
  masterSize,
  type NodeEntry,
  sameFields,
} from './stream-layout.js';

/** Flat [field1, value1, field2, value2, ...]. */
export type StreamFields = Bytes[];

/** STREAM_LISTPACK_MAX_SIZE: the node size cap whatever stream-node-max-bytes says. */
const LISTPACK_MAX_SIZE = 2 ** 30;
/** STREAM_LISTPACK_MAX_PRE_ALLOCATE: a new node's listpack is allocated this big up front. */
const MAX_PRE_ALLOCATE = 4096;

/** The node limits in force (stream-node-max-bytes, stream-node-max-entries; 0 = no limit). */
export interface NodeLimits {
  maxBytes: number;
  maxEntries: number;
}

/** How XADD / XTRIM trim: streamAddTrimArgs without the parsing state. */
export interface TrimSpec {
  strategy: 'maxlen' | 'minid';
  maxlen: number;
  minid: StreamId;
  /** `~`: only whole nodes go. */
  approx: boolean;
  /** Most entries to remove (0 = no limit); counted in whole nodes. */
  limit: number;
}

/** One radix-tree node: a listpack of entries sharing a master ID and master fields. */
export class StreamNode {
  readonly entries: NodeEntry[] = [];
  live = 0;
  deleted = 0;
  /** lpBytes of the node's listpack. */
  bytes: number;
  /** What the allocator holds for it (MEMORY USAGE). */
  allocated: number;

  constructor(
    readonly master: StreamId,
    readonly masterFields: readonly Bytes[],
    prealloc: number,
  ) {
    this.bytes = LISTPACK_OVERHEAD + masterSize(0, 0, masterFields);
    this.allocated = mallocSize(Math.max(prealloc, this.bytes));
  }

  /** Sets the live/deleted counters of the master entry, keeping the byte size right. */
  setCounts(live: number, deleted: number): void {
    this.bytes += lpIntSize(live) - lpIntSize(this.live) + lpIntSize(deleted) - lpIntSize(this.deleted);
    this.live = live;
    this.deleted = deleted;
    this.grew();
  }

  push(entry: NodeEntry): void {
    this.entries.push(entry);
    this.bytes += entrySize(entry, this.master);
    this.grew();
  }

  /** lpShrinkToFit. */
  shrinkToFit(): void {
    this.allocated = mallocSize(this.bytes);
  }

  /** Index of the first stored entry with id >= `id` (entries.length when none). */
  lowerBound(id: StreamId): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareIds(this.entries[mid]!.id, id) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  clone(): StreamNode {
    const copy = new StreamNode(this.master, this.masterFields, 0);
    for (const e of this.entries) copy.entries.push({ id: e.id, fields: e.fields, flags: e.flags });
    copy.live = this.live;
    copy.deleted = this.deleted;
    copy.bytes = this.bytes;
    copy.allocated = this.allocated;
    return copy;
  }

  private grew(): void {
    // lpInsert reallocates only when the listpack outgrows its allocation.
    if (this.bytes > this.allocated) this.allocated = mallocSize(this.bytes);
  }
}

export class RedisStream implements RedisCollection {
  readonly type = 'stream' as const;
  /** Ordered by master ID. */
  private nodes: StreamNode[] = [];
  private size = 0;
  /** last_id: the top ID ever added (or set by XSETID); XADD must go past it. */
  lastId: StreamId = MIN_ID;
  /** max_deleted_entry_id: the greatest ID removed by XDEL (or set by XSETID). */
  maxDeletedId: StreamId = MIN_ID;
  /** entries_added: every entry ever added (or as set by XSETID). */
  entriesAdded = 0n;
  /** Consumer groups, created on the first XGROUP CREATE (Redis's s->cgroups is NULL until then). */
  groups: Map<Bytes, StreamGroup> | undefined;

  get length(): number {
    return this.size;
  }

  /** Radix-tree keys (XINFO STREAM radix-tree-keys): one per listpack node. */
  get nodeCount(): number {
    return this.nodes.length;
  }

  /** Nodes of the radix tree keyed by the nodes' master IDs (XINFO STREAM radix-tree-nodes). */
  raxNodeCount(): number {
    return raxNodes(this.nodes.map((n) => encodeIdKey(n.master)));
  }

  /** The nodes, head first (read-only use: layout checks, XINFO). */
  get nodeList(): readonly StreamNode[] {
    return this.nodes;
  }

  encoding(_t?: EncodingThresholds): string {
    return 'stream';
  }

  /** The first live entry's ID, or undefined when the stream is empty. */
  firstId(): StreamId | undefined {
    for (const node of this.nodes) {
      if (node.live === 0) continue;
      for (const e of node.entries) if (!(e.flags & FLAG_DELETED)) return e.id;
    }
    return undefined;
  }

  /** The last live entry's ID (streamLastValidID), or undefined when the stream is empty. */
  lastEntryId(): StreamId | undefined {
    for (let ni = this.nodes.length - 1; ni >= 0; ni--) {
      const node = this.nodes[ni]!;
      if (node.live === 0) continue;
      for (let i = node.entries.length - 1; i >= 0; i--) {
        const e = node.entries[i]!;
        if (!(e.flags & FLAG_DELETED)) return e.id;
      }
    }
    return undefined;
  }

  get(id: StreamId): StreamFields | undefined {
    const e = this.find(id);
    return e === undefined || e.flags & FLAG_DELETED ? undefined : e.fields;
  }

  /** The live entries with start <= id <= end, ascending (descending when rev), lazily. */
  *range(start: StreamId, end: StreamId, rev = false): IterableIterator<[StreamId, StreamFields]> {
    if (compareIds(start, end) > 0) return;
    if (!rev) {
      for (let ni = Math.max(0, this.nodeIndex(start)); ni < this.nodes.length; ni++) {
        const entries = this.nodes[ni]!.entries;
        // A node that ends before `end` needs no per-entry bound check (IDs are bigint pairs).
        const whole = compareIds(entries[entries.length - 1]!.id, end) <= 0;
        for (let i = this.nodes[ni]!.lowerBound(start); i < entries.length; i++) {
          const e = entries[i]!;
          if (!whole && compareIds(e.id, end) > 0) return;
          if (!(e.flags & FLAG_DELETED)) yield [e.id, e.fields];
        }
      }
      return;
    }
    for (let ni = this.nodeIndex(end); ni >= 0; ni--) {
      const node = this.nodes[ni]!;
      let i = node.lowerBound(end);
      if (i === node.entries.length || compareIds(node.entries[i]!.id, end) > 0) i--;
      const whole = compareIds(node.entries[0]!.id, start) >= 0;
      for (; i >= 0; i--) {
        const e = node.entries[i]!;
        if (!whole && compareIds(e.id, start) < 0) return;
        if (!(e.flags & FLAG_DELETED)) yield [e.id, e.fields];
      }
    }
  }

  /**
   * streamAppendItem with an ID already checked to be past lastId: appends to the tail node, or
   * opens a new node when the tail is full by bytes or by entries (live and deleted).
   */
  append(id: StreamId, fields: StreamFields, limits: NodeLimits): void {
    let node: StreamNode | undefined = this.nodes[this.nodes.length - 1];
    if (node !== undefined) {
      let total = 0;
      for (const f of fields) total += f.length;
      const maxBytes = limits.maxBytes === 0 || limits.maxBytes > LISTPACK_MAX_SIZE ? LISTPACK_MAX_SIZE : limits.maxBytes;
      const full = node.bytes + total >= maxBytes || (limits.maxEntries !== 0 && node.live + node.deleted >= limits.maxEntries);
      if (full) {
        // A closed node gives back its pre-allocated room.
        node.shrinkToFit();
        node = undefined;
      }
    }
    let flags: number;
    if (node === undefined) {
      const masterFields: Bytes[] = [];
      for (let i = 0; i < fields.length; i += 2) masterFields.push(fields[i]!);
      const prealloc = limits.maxBytes > 0 && limits.maxBytes < MAX_PRE_ALLOCATE ? limits.maxBytes : MAX_PRE_ALLOCATE;
      node = new StreamNode(id, masterFields, prealloc);
      this.nodes.push(node);
      flags = FLAG_SAMEFIELDS;
    } else {
      flags = sameFields(fields, node.masterFields) ? FLAG_SAMEFIELDS : 0;
    }
    node.setCounts(node.live + 1, node.deleted);
    node.push({ id, fields, flags });
    this.size++;
    this.entriesAdded++;
    this.lastId = id;
  }

  /**
   * XDEL of one entry (streamDeleteItem): flags it deleted in its node, drops the node when it
   * was the node's last live entry, and raises maxDeletedId as xdelCommand does. False when absent.
   */
  delete(id: StreamId): boolean {
    const ni = this.nodeIndex(id);
    if (ni < 0) return false;
    const node = this.nodes[ni]!;
    const i = node.lowerBound(id);
    const e = node.entries[i];
    if (e === undefined || compareIds(e.id, id) !== 0 || e.flags & FLAG_DELETED) return false;
    e.flags |= FLAG_DELETED;
    if (node.live === 1) this.nodes.splice(ni, 1);
    else node.setCounts(node.live - 1, node.deleted + 1);
    this.size--;
    if (compareIds(id, this.maxDeletedId) > 0) this.maxDeletedId = id;
    return true;
  }

  /** streamTrim: removes entries from the head; returns how many. */
  trim(spec: TrimSpec): number {
    const byLength = spec.strategy === 'maxlen';
    let deleted = 0;
    while (this.nodes.length !== 0) {
      if (byLength && this.size <= spec.maxlen) break;
      const node = this.nodes[0]!;
      const entries = node.live;
      if (spec.limit !== 0 && deleted + entries > spec.limit) break;
      // MINID looks at the node's last stored entry, deleted or not (lpGetEdgeStreamID).
      const removeNode = byLength
        ? this.size - entries >= spec.maxlen
        : compareIds(node.entries[node.entries.length - 1]!.id, spec.minid) < 0;
      if (removeNode) {
        this.nodes.shift();
        this.size -= entries;
        deleted += entries;
        continue;
      }
      if (spec.approx) break;
      let fromNode = 0;
      for (const e of node.entries) {
        const stop = byLength ? this.size <= spec.maxlen : compareIds(e.id, spec.minid) >= 0;
        if (stop) break;
        if (!(e.flags & FLAG_DELETED)) {
          e.flags |= FLAG_DELETED;
          fromNode++;
          this.size--;
        }
      }
      deleted += fromNode;
      node.setCounts(node.live - fromNode, node.deleted + fromNode);
      break;
    }
    return deleted;
  }

  memoryUsage(): number {
    return streamMemoryUsage(this);
  }

  /** rdbSaveObject for RDB_TYPE_STREAM_LISTPACKS_2 (what DEBUG OBJECT's serializedlength measures). */
  rdbLength(compression = true): number {
    let n = rdbLen(this.nodes.length);
    for (const node of this.nodes) {
      n += rdbRawStringBytes(encodeIdKey(node.master), compression);
      n += rdbRawStringBytes(encodeNode(node.master, node.masterFields, node.live, node.deleted, node.entries), compression);
    }
    const first = this.firstId() ?? MIN_ID;
    n += rdbLen(this.size) + rdbLen(this.lastId.ms) + rdbLen(this.lastId.seq) + rdbLen(first.ms) + rdbLen(first.seq);
    n += rdbLen(this.maxDeletedId.ms) + rdbLen(this.maxDeletedId.seq) + rdbLen(this.entriesAdded);
    n += rdbLen(this.groups?.size ?? 0);
    for (const [name, g] of this.groups ?? []) {
      n += rdbRawStringBytes(name, compression) + rdbLen(g.lastId.ms) + rdbLen(g.lastId.seq) + rdbLen(BigInt.asUintN(64, g.entriesRead));
      // The group PEL: 16-byte ID, 8-byte delivery time and the delivery count per entry.
      n += rdbLen(g.pel.size);
      for (const nack of g.pel.values()) n += 16 + 8 + rdbLen(nack.deliveryCount);
      n += rdbLen(g.consumers.size);
      for (const consumer of g.consumers.values()) {
        n += rdbRawStringBytes(consumer.name, compression) + 8 + rdbLen(consumer.pel.size) + 16 * consumer.pel.size;
      }
    }
    return n;
  }

  debugDetails(): string {
    return '';
  }

  clone(): RedisStream {
    const copy = new RedisStream();
    copy.nodes = this.nodes.map((n) => n.clone());
    copy.size = this.size;
    copy.lastId = this.lastId;
    copy.maxDeletedId = this.maxDeletedId;
    copy.entriesAdded = this.entriesAdded;
    if (this.groups !== undefined) {
      copy.groups = new Map();
      for (const [name, g] of this.groups) copy.groups.set(name, g.clone());
    }
    return copy;
  }

  /** The stored entry with this ID (deleted or not), if any. */
  private find(id: StreamId): NodeEntry | undefined {
    const ni = this.nodeIndex(id);
    if (ni < 0) return undefined;
    const node = this.nodes[ni]!;
    const e = node.entries[node.lowerBound(id)];
    return e !== undefined && compareIds(e.id, id) === 0 ? e : undefined;
  }

  /** Index of the last node whose master ID is <= id (-1 when id is before every node). */
  private nodeIndex(id: StreamId): number {
    let lo = 0;
    let hi = this.nodes.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareIds(this.nodes[mid]!.master, id) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }
}

/** rdbSaveLen for any unsigned 64-bit length. */
function rdbLen(v: number | bigint): number {
  const n = BigInt(v);
  if (n < 64n) return 1;
  if (n < 16384n) return 2;
  if (n <= 0xffffffffn) return 5;
  return 9;
}

/** sizeof(robj) + sizeof(stream) in Redis 7.0 (rax*, length, last/first/max-deleted IDs, entries_added, cgroups). */
const STREAM_STRUCT = 16 + 80;
/** streamRadixTreeMemoryUsage's per-key and per-node charges (a streamID, a raxNode header plus 30 longs). */
const RAX_PER_KEY = 16;
const RAX_PER_NODE = 4 + 8 * 30;
/** objectComputeSize's OBJ_COMPUTE_SIZE_DEF_SAMPLES. */
const SAMPLES = 5;

/**
 * How many nodes rax.c holds for these keys (sorted, all 16 bytes): an empty tree is its root; a
 * run shared by every key below a node is one compressed node; a fork is one branching node whose
 * children each go on from there; every key ends in an empty leaf. Assumes rax keeps this canonical
 * shape after deletions (raxRemove recompresses), which XINFO on the oracle agrees with.
 */
export function raxNodes(keys: readonly string[]): number {
  if (keys.length === 0) return 1;
  const count = (lo: number, hi: number, depth: number): number => {
    if (depth === keys[lo]!.length) return 1;
    let common = depth;
    while (common < keys[lo]!.length && keys[lo]![common] === keys[hi - 1]![common]) common++;
    if (common > depth) return 1 + count(lo, hi, common);
    let n = 1;
    for (let i = lo; i < hi; ) {
      let j = i + 1;
      while (j < hi && keys[j]![depth] === keys[i]![depth]) j++;
      n += count(i, j, depth + 1);
      i = j;
    }
    return n;
  };
  return count(0, keys.length, 0);
}

/**
 * objectComputeSize for a stream: the struct, the radix tree, the first few listpacks' allocations
 * averaged over all but the last node plus the last one's own, and the groups.
 */
function streamMemoryUsage(s: RedisStream): number {
  const nodes = s.nodeList;
  let size = STREAM_STRUCT + nodes.length * RAX_PER_KEY + s.raxNodeCount() * RAX_PER_NODE;
  let sampled = 0;
  let lpSize = 0;
  for (; sampled < SAMPLES && sampled < nodes.length; sampled++) lpSize += nodes[sampled]!.allocated;
  if (nodes.length <= sampled) size += lpSize;
  else size += Math.floor(lpSize / sampled) * (nodes.length - 1) + nodes[nodes.length - 1]!.allocated;
  for (const g of s.groups?.values() ?? []) size += g.memoryUsage();
  return size;
}
