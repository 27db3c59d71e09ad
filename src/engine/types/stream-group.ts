/**
 * A stream's consumer group (t_stream.c streamCG): the last delivered ID, the logical read
 * counter, the group's Pending Entries List and its consumers. As in Redis, a pending entry (NACK)
 * is one object shared by the group PEL and the owning consumer's PEL, so a claim moves it between
 * consumers without copying; both PELs are ordered by ID (B+ trees) for XPENDING ranges.
 */
import BTreeModule from 'sorted-btree';
import type { Bytes } from '../../bytes.js';
import { compareIds, type StreamId } from './stream-id.js';

// sorted-btree is CommonJS with `exports.default`: under Node's ESM loader the default import is
// the whole module object, under bundlers it is the class itself.
type BTreeClass = typeof BTreeModule;
const BTree: BTreeClass = ((BTreeModule as unknown as { default?: BTreeClass }).default ?? BTreeModule) as BTreeClass;
export type IdTree<V> = InstanceType<typeof BTreeModule<StreamId, V>>;

export function newIdTree<V>(): IdTree<V> {
  return new BTree<StreamId, V>(undefined, compareIds);
}

/** SCG_INVALID_ENTRIES_READ: the group's read counter is unknown. */
export const INVALID_ENTRIES_READ = -1n;

/** streamNACK: one delivered, not yet acknowledged entry. */
export interface StreamNack {
  /** When it was last delivered (ms, engine clock). */
  deliveryTime: number;
  /** A uint64 in Redis, settable to anything by XCLAIM RETRYCOUNT: kept exact. */
  deliveryCount: bigint;
  consumer: StreamConsumer;
}

/** streamConsumer. */
export class StreamConsumer {
  readonly pel: IdTree<StreamNack> = newIdTree();
  constructor(
    readonly name: Bytes,
    /** Last time the consumer was active (ms, engine clock): XINFO's idle. */
    public seenTime: number,
  ) {}
}

export class StreamGroup {
  readonly pel: IdTree<StreamNack> = newIdTree();
  readonly consumers = new Map<Bytes, StreamConsumer>();

  constructor(
    /** The last ID delivered to the group (`>` reads after it). */
    public lastId: StreamId,
    /** The logical number of entries the group has read, or INVALID_ENTRIES_READ. */
    public entriesRead: bigint,
  ) {}

  /** streamCreateConsumer: undefined when the name is taken. */
  createConsumer(name: Bytes, now: number): StreamConsumer | undefined {
    if (this.consumers.has(name)) return undefined;
    const consumer = new StreamConsumer(name, now);
    this.consumers.set(name, consumer);
    return consumer;
  }

  /** streamDelConsumer: drops the consumer and its pending entries from the group PEL; returns how many. */
  deleteConsumer(name: Bytes): number {
    const consumer = this.consumers.get(name);
    if (consumer === undefined) return 0;
    const pending = consumer.pel.size;
    for (const id of consumer.pel.keys()) this.pel.delete(id);
    this.consumers.delete(name);
    return pending;
  }

  /** Adds a new pending entry owned by consumer (or replaces an older one with the same ID). */
  addPending(id: StreamId, nack: StreamNack): void {
    const old = this.pel.get(id);
    if (old !== undefined) old.consumer.pel.delete(id);
    this.pel.set(id, nack);
    nack.consumer.pel.set(id, nack);
  }

  /** XACK / a claim of a deleted entry: removes id from the group PEL and its owner's. */
  removePending(id: StreamId): boolean {
    const nack = this.pel.get(id);
    if (nack === undefined) return false;
    nack.consumer.pel.delete(id);
    this.pel.delete(id);
    return true;
  }

  /** Moves a pending entry to another consumer (XCLAIM). */
  transfer(id: StreamId, nack: StreamNack, to: StreamConsumer): void {
    if (nack.consumer === to) return;
    nack.consumer.pel.delete(id);
    nack.consumer = to;
    to.pel.set(id, nack);
  }

  /** A deep copy (COPY): NACKs are rebuilt so the copy's consumers own their own. */
  clone(): StreamGroup {
    const copy = new StreamGroup(this.lastId, this.entriesRead);
    for (const [name, consumer] of this.consumers) {
      copy.consumers.set(name, new StreamConsumer(name, consumer.seenTime));
    }
    for (const [id, nack] of this.pel.entries()) {
      const owner = copy.consumers.get(nack.consumer.name)!;
      copy.addPending(id, { deliveryTime: nack.deliveryTime, deliveryCount: nack.deliveryCount, consumer: owner });
    }
    return copy;
  }

  /**
   * An estimate in bytes, as objectComputeSize counts a group: the group struct, a rax node per
   * pending entry (group and consumer PEL) plus the NACK, and each consumer with its name.
   */
  memoryUsage(): number {
    const GROUP = 64;
    const NACK = 24;
    const RAX_ENTRY = 48;
    const CONSUMER = 40;
    let bytes = GROUP + this.pel.size * (NACK + 2 * RAX_ENTRY);
    for (const consumer of this.consumers.values()) bytes += CONSUMER + consumer.name.length + RAX_ENTRY;
    return bytes;
  }
}
