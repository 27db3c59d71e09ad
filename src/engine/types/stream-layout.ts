/**
 * The byte layout of a Redis 7.0 stream node (t_stream.c): one listpack per radix-tree node, holding
 * a master entry (live count, deleted count, the master fields) then every entry appended to the
 * node, deleted or not. XLEN after `MAXLEN ~`/`MINID ~` and when XADD opens a new node both depend
 * on these sizes, so they are computed exactly as listpack.c encodes each element (listpack.ts).
 *
 *   master: count | deleted | num-fields | field_1 .. field_N | 0
 *   entry:  flags | ms-delta | seq-delta | [num-fields | field_1] value_1 .. [field_N] value_N | lp-count
 *
 * An entry whose fields equal the master fields (SAMEFIELDS) stores only its values.
 */
import type { Bytes } from '../../bytes.js';
import { lpElementSize, lpEncodeElement, lpEncodeInt, lpIntSize, lpWrap } from './listpack.js';
import type { StreamId } from './stream-id.js';

export const FLAG_DELETED = 1;
export const FLAG_SAMEFIELDS = 2;

/** One stored entry of a node, deleted or live. */
export interface NodeEntry {
  readonly id: StreamId;
  /** Flat [field, value, ...]. */
  readonly fields: Bytes[];
  /** STREAM_ITEM_FLAG_* bits. */
  flags: number;
}

/** The ms and seq deltas Redis stores: uint64 differences read back as int64. */
export function idDeltas(id: StreamId, master: StreamId): [bigint, bigint] {
  return [BigInt.asIntN(64, id.ms - master.ms), BigInt.asIntN(64, id.seq - master.seq)];
}

/** lp-count: the elements of an entry after its flags, so a reverse scan can jump back over it. */
export function lpCount(entry: NodeEntry): number {
  const n = entry.fields.length / 2;
  return entry.flags & FLAG_SAMEFIELDS ? n + 3 : 2 * n + 4;
}

/** Bytes an entry adds to its node's listpack. */
export function entrySize(entry: NodeEntry, master: StreamId): number {
  const [ms, seq] = idDeltas(entry.id, master);
  let n = lpIntSize(entry.flags) + lpIntSize(ms) + lpIntSize(seq);
  const same = (entry.flags & FLAG_SAMEFIELDS) !== 0;
  const f = entry.fields;
  if (!same) n += lpIntSize(f.length / 2);
  for (let i = 0; i < f.length; i += 2) {
    if (!same) n += lpElementSize(f[i]!);
    n += lpElementSize(f[i + 1]!);
  }
  return n + lpIntSize(lpCount(entry));
}

/** Bytes of a node's master entry with the given counters. */
export function masterSize(live: number, deleted: number, masterFields: readonly Bytes[]): number {
  let n = lpIntSize(live) + lpIntSize(deleted) + lpIntSize(masterFields.length) + lpIntSize(0);
  for (const field of masterFields) n += lpElementSize(field);
  return n;
}

/** Whether the entry's field names equal the master fields, in order (SAMEFIELDS). */
export function sameFields(fields: readonly Bytes[], masterFields: readonly Bytes[]): boolean {
  if (fields.length !== masterFields.length * 2) return false;
  for (let i = 0; i < masterFields.length; i++) if (fields[i * 2] !== masterFields[i]) return false;
  return true;
}

// Serialization, for the RDB size (DEBUG OBJECT serializedlength), which LZF-compresses the bytes.

/** The node's listpack bytes, as Redis would hold them. */
export function encodeNode(master: StreamId, masterFields: readonly Bytes[], live: number, deleted: number, entries: readonly NodeEntry[]): string {
  const parts: string[] = [lpEncodeInt(live), lpEncodeInt(deleted), lpEncodeInt(masterFields.length)];
  for (const f of masterFields) parts.push(lpEncodeElement(f));
  parts.push(lpEncodeInt(0));
  let count = 4 + masterFields.length;
  for (const e of entries) {
    const [ms, seq] = idDeltas(e.id, master);
    parts.push(lpEncodeInt(e.flags), lpEncodeInt(ms), lpEncodeInt(seq));
    const same = (e.flags & FLAG_SAMEFIELDS) !== 0;
    if (!same) parts.push(lpEncodeInt(e.fields.length / 2));
    for (let i = 0; i < e.fields.length; i += 2) {
      if (!same) parts.push(lpEncodeElement(e.fields[i]!));
      parts.push(lpEncodeElement(e.fields[i + 1]!));
    }
    parts.push(lpEncodeInt(lpCount(e)));
    count += lpCount(e) + 1;
  }
  return lpWrap(parts.join(''), count);
}

/** streamEncodeID: the radix-tree key, 128 bits big-endian. */
export function encodeIdKey(id: StreamId): string {
  let out = '';
  for (const part of [id.ms, id.seq]) for (let i = 7; i >= 0; i--) out += String.fromCharCode(Number((part >> BigInt(8 * i)) & 0xffn));
  return out;
}
