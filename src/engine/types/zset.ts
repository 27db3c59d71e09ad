/**
 * The sorted set value: Redis's skiplist encoding (a zskiplist ordered by score then member, plus
 * a member -> score dict) serves both encodings. The `listpack` flag records what Redis would
 * hold: a small zset is a listpack until an insert crosses zset-max-listpack-entries/value, after
 * which it stays a skiplist for the key's life (zsetConvert is one-way; only the *STORE commands
 * build a fresh value and pick its encoding from its final size).
 */
import { rdbLenBytes, rdbRawStringBytes } from '../rdb-size.js';
import { ScanCursors } from '../scan-cursors.js';
import { formatDouble } from '../../numbers.js';
import { mallocSize } from '../memory.js';
import type { EncodingThresholds, RedisCollection } from '../values.js';
import { listpackBytes } from './hash.js';
import { SkipList } from './skiplist.js';

const ROBJ = 16;
/** sizeof(zset) + sizeof(zskiplist) + sizeof(dict), and the header node with its 32 levels. */
const SKIPLIST_FIXED = 16 + 32 + 56 + mallocSize(8 + 8 + 8 + 32 * 16);
const DICT_ENTRY = 24;
const MEMORY_SAMPLES = 5;

const MAX_SCAN_CURSORS = 16;

export class ZSet implements RedisCollection {
  readonly type = 'zset' as const;
  readonly dict = new Map<string, number>();
  readonly zsl = new SkipList();
  listpack = true;
  private scans: ScanCursors<[string, number]> | undefined;

  get size(): number {
    return this.dict.size;
  }

  score(ele: string): number | undefined {
    return this.dict.get(ele);
  }

  /**
   * zsetAdd's conversion test, made before a new member goes in: a listpack that would exceed
   * the entries limit, or a member longer than the value limit, turns the set into a skiplist.
   */
  convertForInsert(ele: string, t: EncodingThresholds): void {
    if (this.listpack && (this.dict.size + 1 > t.zsetMaxListpackEntries || ele.length > t.zsetMaxListpackValue)) {
      this.listpack = false;
    }
  }

  /** Adds a member known to be absent. */
  insert(ele: string, score: number): void {
    // A listpack holds scores as d2string text, which prints -0 as "0".
    if (this.listpack && score === 0) score = 0;
    this.dict.set(ele, score);
    this.zsl.insert(score, ele);
  }

  /** Changes the score of a present member. */
  update(ele: string, oldScore: number, score: number): void {
    if (oldScore === score) return;
    if (this.listpack && score === 0) score = 0;
    this.zsl.updateScore(oldScore, ele, score);
    this.dict.set(ele, score);
  }

  remove(ele: string): boolean {
    const score = this.dict.get(ele);
    if (score === undefined) return false;
    this.dict.delete(ele);
    this.zsl.delete(score, ele);
    return true;
  }

  /** 0-based rank from the lowest score, or undefined when absent. O(log n). */
  rank(ele: string, reverse: boolean): number | undefined {
    const score = this.dict.get(ele);
    if (score === undefined) return undefined;
    const r = this.zsl.getRank(score, ele);
    return reverse ? this.zsl.length - r : r - 1;
  }

  /** Turns the set into a listpack (a *STORE result that is small enough), whose scores lose -0. */
  toListpack(): void {
    this.listpack = true;
    for (let n = this.zsl.first(); n; n = n.next) {
      if (Object.is(n.score, -0)) {
        n.score = 0;
        this.dict.set(n.ele, 0);
      }
    }
  }

  encoding(_t: EncodingThresholds): string {
    return this.listpack ? 'listpack' : 'skiplist';
  }

  /** The listpack Redis would hold: member, score (d2string text), ... in rank order. */
  private listpackBytes(): string {
    const cells = new Map<string, { value: string }>();
    for (let n = this.zsl.first(); n; n = n.next) cells.set(n.ele, { value: formatDouble(n.score) });
    return listpackBytes(cells);
  }

  /**
   * objectComputeSize: a listpack's bytes; for a skiplist, the fixed parts plus entries averaged
   * over a few samples (Redis's nodes have random levels, so the estimate takes the mean level).
   */
  memoryUsage(): number {
    if (this.listpack) return ROBJ + mallocSize(this.listpackBytes().length);
    let slots = 4;
    while (slots < this.dict.size) slots *= 2;
    let sampled = 0;
    let bytes = 0;
    for (let n = this.zsl.first(); n && sampled < MEMORY_SAMPLES; n = n.next, sampled++) {
      const header = n.ele.length < 32 ? 1 : n.ele.length < 256 ? 3 : n.ele.length < 65536 ? 5 : 9;
      bytes += mallocSize(header + n.ele.length + 1) + DICT_ENTRY + mallocSize(8 + 8 + 8 + n.level * 16);
    }
    const entries = sampled === 0 ? 0 : (bytes / sampled) * this.dict.size;
    return ROBJ + SKIPLIST_FIXED + 8 * slots + Math.floor(entries);
  }

  /** rdbSaveObject: a listpack as one string; a skiplist as its length, then member and binary double each. */
  rdbLength(compression = true): number {
    if (this.listpack) return rdbRawStringBytes(this.listpackBytes(), compression);
    let n = rdbLenBytes(this.dict.size);
    for (const ele of this.dict.keys()) n += rdbRawStringBytes(ele, compression) + 8;
    return n;
  }

  clone(): ZSet {
    const z = new ZSet();
    z.listpack = this.listpack;
    for (let n = this.zsl.first(); n; n = n.next) z.insert(n.ele, n.score);
    return z;
  }

  /**
   * One ZSCAN step over the dict (skiplist encoding): visits up to `count` members from the
   * cursor. Cursors index open Map iterators (which see inserts and deletes), so a full scan is
   * O(n) in total; an unknown cursor resumes at its recorded position.
   */
  scan(cursor: number, count: number): [number, [string, number][]] {
    this.scans ??= new ScanCursors(MAX_SCAN_CURSORS);
    const out: [string, number][] = [];
    const next = this.scans.step(cursor, count, () => this.dict.entries(), (pair) => out.push(pair));
    return [next, out];
  }

}
