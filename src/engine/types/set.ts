/**
 * The set value. Redis 7.0 has two encodings and this class keeps the shape of each:
 *
 *   intset     every member a canonical int64 and no more than set-max-intset-entries of them:
 *              a sorted array (Redis's intset is sorted too, so SMEMBERS and SSCAN answer in
 *              ascending numeric order); O(log n) lookup, O(n) insert/remove like intset's memmove.
 *   hashtable  a Map member -> slot plus a dense array of members, so a random member is O(1)
 *              (SRANDMEMBER, SPOP) and removal swap-fills the hole from the end.
 *
 * The conversion to hashtable is one-way while the key lives, as setTypeConvert is.
 */
import { rdbLenBytes, rdbRawStringBytes } from '../rdb-size.js';
import { ScanCursors } from '../scan-cursors.js';
import { parseInt64 } from '../../numbers.js';
import type { EncodingThresholds, RedisCollection } from '../values.js';

const MAX_SCAN_CURSORS = 16;

/** isSdsRepresentableAsLongLong: parseInt64 accepts exactly the canonical int64 spellings. */
export function isIntsetMember(s: string): boolean {
  return s.length <= 20 && parseInt64(s) !== undefined;
}

/** Numeric order of two canonical integer strings, without parsing them. */
function compareCanonical(a: string, b: string): number {
  const na = a.charCodeAt(0) === 45;
  const nb = b.charCodeAt(0) === 45;
  if (na !== nb) return na ? -1 : 1;
  let r = a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
  if (na) r = -r;
  return r;
}

export class RedisSet implements RedisCollection {
  readonly type = 'set' as const;
  /** Intset: members sorted ascending. Hashtable: members densely, in no order. */
  private dense: string[] = [];
  /** Hashtable only: member -> its slot in `dense`. */
  private slots: Map<string, number> | undefined;
  /**
   * Intset only: bytes per entry (2, 4 or 8). It grows with the widest member and never shrinks,
   * as intsetUpgradeAndAdd has no way back.
   */
  private width = 2;
  private scans: ScanCursors<string> | undefined;

  /** setTypeCreate: an intset when the first member is an integer, else a hashtable. */
  static forFirstMember(member: string): RedisSet {
    const s = new RedisSet();
    if (!isIntsetMember(member)) s.toHashtable();
    return s;
  }

  get size(): number {
    return this.dense.length;
  }

  get isIntset(): boolean {
    return this.slots === undefined;
  }

  encoding(): string {
    return this.slots === undefined ? 'intset' : 'hashtable';
  }

  /** Where `member` is or would go in the intset (binary search). */
  private intsetSearch(member: string): { found: boolean; at: number } {
    let lo = 0;
    let hi = this.dense.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = compareCanonical(this.dense[mid]!, member);
      if (c === 0) return { found: true, at: mid };
      if (c < 0) lo = mid + 1;
      else hi = mid;
    }
    return { found: false, at: lo };
  }

  has(member: string): boolean {
    if (this.slots !== undefined) return this.slots.has(member);
    return isIntsetMember(member) && this.intsetSearch(member).found;
  }

  /** setTypeAdd: true when added; converts to hashtable past the intset limits. */
  add(member: string, t: EncodingThresholds): boolean {
    if (this.slots !== undefined) {
      if (this.slots.has(member)) return false;
      this.slots.set(member, this.dense.push(member) - 1);
      return true;
    }
    if (!isIntsetMember(member)) {
      this.toHashtable();
      this.slots!.set(member, this.dense.push(member) - 1);
      return true;
    }
    const { found, at } = this.intsetSearch(member);
    if (found) return false;
    this.width = Math.max(this.width, widthOf(member));
    this.dense.splice(at, 0, member);
    if (this.dense.length > t.setMaxIntsetEntries) this.toHashtable();
    return true;
  }

  remove(member: string): boolean {
    if (this.slots === undefined) {
      if (!isIntsetMember(member)) return false;
      const { found, at } = this.intsetSearch(member);
      if (!found) return false;
      this.dense.splice(at, 1);
      return true;
    }
    const slot = this.slots.get(member);
    if (slot === undefined) return false;
    this.slots.delete(member);
    const last = this.dense.pop()!;
    if (slot < this.dense.length) {
      this.dense[slot] = last;
      this.slots.set(last, slot);
    }
    return true;
  }

  /** A uniformly random member of a non-empty set, in O(1). */
  random(): string {
    return this.dense[Math.floor(Math.random() * this.dense.length)]!;
  }

  /** Members in the encoding's order: ascending for an intset, insertion order for a hashtable. */
  members(): IterableIterator<string> {
    return this.slots === undefined ? this.dense.values() : this.slots.keys();
  }

  private toHashtable(): void {
    const slots = new Map<string, number>();
    for (let i = 0; i < this.dense.length; i++) slots.set(this.dense[i]!, i);
    this.slots = slots;
  }

  /**
   * One SSCAN step over a hashtable: up to `count` members from the cursor on, and the next
   * cursor. Cursors index open Map iterators (which see inserts and deletes), so every member
   * present for the whole scan is returned; an unknown cursor resumes at its recorded position.
   * An intset answers everything at once, as Redis's scanGenericCommand does.
   */
  scan(cursor: number, count: number): [number, string[]] {
    const slots = this.slots;
    if (slots === undefined) return [0, this.dense.slice()];
    this.scans ??= new ScanCursors(MAX_SCAN_CURSORS);
    const out: string[] = [];
    const next = this.scans.step(cursor, count, () => slots.keys(), (member) => out.push(member));
    return [next, out];
  }


  memoryUsage(): number {
    const ROBJ = 16;
    if (this.slots === undefined) return ROBJ + 8 + this.dense.length * this.width;
    let bytes = ROBJ + 96 + 8 * this.dense.length;
    for (const m of this.dense) bytes += 24 + 4 + m.length;
    return bytes;
  }

  /** rdbSavedObjectLen: an intset is saved as its blob (a string), a hashtable member by member. */
  rdbLength(compression = true): number {
    if (this.slots === undefined) return rdbRawStringBytes(this.intsetBlob(), compression);
    let bytes = rdbLenBytes(this.dense.length);
    for (const m of this.dense) bytes += rdbRawStringBytes(m, compression);
    return bytes;
  }

  /** The intset as Redis lays it out: encoding and length (uint32 LE), then the members LE. */
  private intsetBlob(): string {
    const width = this.width;
    const buf = Buffer.alloc(8 + width * this.dense.length);
    buf.writeUInt32LE(width, 0);
    buf.writeUInt32LE(this.dense.length, 4);
    this.dense.forEach((m, i) => {
      const v = BigInt(m);
      if (width === 2) buf.writeInt16LE(Number(v), 8 + i * 2);
      else if (width === 4) buf.writeInt32LE(Number(v), 8 + i * 4);
      else buf.writeBigInt64LE(v, 8 + i * 8);
    });
    return buf.toString('latin1');
  }

  clone(): RedisSet {
    const s = new RedisSet();
    s.dense = this.dense.slice();
    s.width = this.width;
    if (this.slots !== undefined) s.slots = new Map(this.slots);
    return s;
  }
}

/** _intsetValueEncoding: the bytes an intset needs for this member. */
function widthOf(member: string): number {
  const v = Number(parseInt64(member)!);
  if (v < -2147483648 || v > 2147483647) return 8;
  if (v < -32768 || v > 32767) return 4;
  return 2;
}


