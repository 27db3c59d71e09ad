/**
 * A hash value (t_hash.c). Fields live in a Map (insertion order, which is the order of Redis's
 * listpack: HGETALL on a small hash lists fields as Redis does) and in a dense array, so a random
 * field costs O(1) (HRANDFIELD); a delete swap-removes from the array.
 *
 * Encoding: `listpack` until a field or value longer than hash-max-listpack-value arrives or the
 * hash grows past hash-max-listpack-entries, then `hashtable` for the rest of the key's life.
 */
import type { Bytes } from '../../bytes.js';
import { rdbLenBytes, rdbRawStringBytes } from '../rdb-size.js';
import { ScanCursors } from '../scan-cursors.js';
import { mallocSize } from '../memory.js';
import type { EncodingThresholds, RedisCollection } from '../values.js';
import { LISTPACK_OVERHEAD, lpElementSize, lpEncodeElement, lpWrap } from './listpack.js';

interface Cell {
  value: Bytes;
  /** Index of the field in the dense array. */
  slot: number;
}

/** Open HSCAN cursors per hash (hashtable encoding); the oldest is dropped past this. */
const MAX_SCAN_CURSORS = 64;

/** sizeof(robj), sizeof(dict), sizeof(dictEntry), the hash fields sampled by MEMORY USAGE. */
const ROBJ = 16;
const DICT = 56;
const DICT_ENTRY = 24;
const MEMORY_SAMPLES = 5;

export class RedisHash implements RedisCollection {
  readonly type = 'hash' as const;
  private cells = new Map<Bytes, Cell>();
  private dense: Bytes[] = [];
  private hashtable = false;
  private scans: ScanCursors<Bytes> | undefined;

  get size(): number {
    return this.cells.size;
  }

  get isListpack(): boolean {
    return !this.hashtable;
  }

  encoding(): string {
    return this.hashtable ? 'hashtable' : 'listpack';
  }

  get(field: Bytes): Bytes | undefined {
    return this.cells.get(field)?.value;
  }

  has(field: Bytes): boolean {
    return this.cells.has(field);
  }

  /**
   * hashTypeTryConversion: a listpack turns into a hashtable before a write carrying any string
   * longer than hash-max-listpack-value (HSET checks every field and value it was given).
   */
  tryConversion(t: EncodingThresholds, args: readonly Bytes[], from: number): void {
    if (this.hashtable) return;
    for (let i = from; i < args.length; i++) {
      if (args[i]!.length > t.hashMaxListpackValue) {
        this.hashtable = true;
        return;
      }
    }
  }

  /**
   * hashTypeSet: true when the field is new. Checks the lengths itself (HINCRBY* build values the
   * caller could not check), and converts once the listpack holds too many entries.
   */
  set(t: EncodingThresholds, field: Bytes, value: Bytes): boolean {
    if (!this.hashtable && (field.length > t.hashMaxListpackValue || value.length > t.hashMaxListpackValue)) {
      this.hashtable = true;
    }
    const cell = this.cells.get(field);
    if (cell !== undefined) cell.value = value;
    else this.cells.set(field, { value, slot: this.dense.push(field) - 1 });
    // Checked after updates too: a lowered hash-max-listpack-entries takes effect at the next write.
    if (!this.hashtable && this.cells.size > t.hashMaxListpackEntries) this.hashtable = true;
    return cell === undefined;
  }

  delete(field: Bytes): boolean {
    const cell = this.cells.get(field);
    if (cell === undefined) return false;
    this.cells.delete(field);
    const last = this.dense.pop()!;
    if (cell.slot < this.dense.length) {
      this.dense[cell.slot] = last;
      this.cells.get(last)!.slot = cell.slot;
    }
    return true;
  }

  /** Fields and values in the hash's order (insertion order: the listpack's). */
  *entries(): IterableIterator<[Bytes, Bytes]> {
    for (const [field, cell] of this.cells) yield [field, cell.value];
  }

  /** A uniformly random field, in O(1). The hash must not be empty. */
  randomField(): Bytes {
    return this.dense[Math.floor(Math.random() * this.dense.length)]!;
  }

  /** The field at a dense index (0 <= i < size), for sampling without repetition. */
  fieldAt(i: number): Bytes {
    return this.dense[i]!;
  }

  /**
   * One HSCAN step over a hashtable: visits up to `count` fields from the cursor on. Cursors are
   * live Map iterators, so every field present for the whole iteration is returned.
   */
  scan(cursor: number, count: number): [number, Bytes[]] {
    this.scans ??= new ScanCursors(MAX_SCAN_CURSORS);
    const fields: Bytes[] = [];
    const next = this.scans.step(cursor, count, () => this.cells.keys(), (field) => fields.push(field));
    return [next, fields];
  }


  /** objectComputeSize: the listpack's bytes, or a dict estimated from a few sampled entries. */
  memoryUsage(): number {
    if (!this.hashtable) return ROBJ + listpackSize(this.cells);
    let slots = 4;
    while (slots < this.cells.size) slots *= 2;
    let sampled = 0;
    let bytes = 0;
    for (const [field, cell] of this.cells) {
      if (sampled === MEMORY_SAMPLES) break;
      bytes += sdsSize(field) + sdsSize(cell.value) + DICT_ENTRY;
      sampled++;
    }
    const entries = sampled === 0 ? 0 : (bytes / sampled) * this.cells.size;
    return ROBJ + DICT + 8 * slots + Math.floor(entries);
  }

  /** rdbSaveObject: a listpack as one string, a hashtable as its length and every string. */
  rdbLength(compression = true): number {
    if (!this.hashtable) return rdbRawStringBytes(listpackBytes(this.cells), compression);
    let n = rdbLenBytes(this.cells.size);
    for (const [field, cell] of this.cells) n += rdbRawStringBytes(field, compression) + rdbRawStringBytes(cell.value, compression);
    return n;
  }

  clone(): RedisHash {
    const copy = new RedisHash();
    copy.hashtable = this.hashtable;
    for (const [field, cell] of this.cells) copy.cells.set(field, { value: cell.value, slot: cell.slot });
    copy.dense = this.dense.slice();
    return copy;
  }
}

function sdsSize(s: Bytes): number {
  const header = s.length < 32 ? 1 : s.length < 256 ? 3 : s.length < 65536 ? 5 : 9;
  return mallocSize(header + s.length + 1);
}

/** lpBytes of that listpack, without building it. */
function listpackSize(cells: Map<Bytes, { value: Bytes }>): number {
  let n = LISTPACK_OVERHEAD;
  for (const [field, cell] of cells) n += lpElementSize(field) + lpElementSize(cell.value);
  return n;
}

/** The bytes of a listpack holding the fields and values in order (listpack.c's layout). */
export function listpackBytes(cells: Map<Bytes, { value: Bytes }>): Bytes {
  const parts: string[] = [];
  let count = 0;
  for (const [field, cell] of cells) {
    parts.push(lpEncodeElement(field), lpEncodeElement(cell.value));
    count += 2;
  }
  return lpWrap(parts.join(''), count);
}
