/**
 * A port of Redis's zskiplist (t_zset.c): nodes ordered by (score, member), each level's forward
 * link carrying a span (how many nodes it skips), so rank lookups and rank ranges cost O(log n).
 * Members are binary strings; JS string comparison on them is memcmp order.
 */

export const MAX_LEVEL = 32;
const P = 0.25;

export class SkipNode {
  backward: SkipNode | null = null;
  /**
   * Levels 0 to 2 (links and spans) live in the node itself, as Redis keeps every level inline:
   * a descent steps through many low nodes and each of them is then one object, not two. The few
   * taller nodes keep their higher levels in `up` (level i at 2(i-3), its span right after).
   */
  f0: SkipNode | null = null;
  s0 = 0;
  f1: SkipNode | null = null;
  s1 = 0;
  f2: SkipNode | null = null;
  s2 = 0;
  readonly up: (SkipNode | null | number)[] | null;
  constructor(
    public score: number,
    readonly ele: string,
    readonly level: number,
  ) {
    if (level > 3) {
      this.up = new Array<SkipNode | null | number>((level - 3) * 2);
      for (let i = 0; i < level - 3; i++) {
        this.up[2 * i] = null;
        this.up[2 * i + 1] = 0;
      }
    } else this.up = null;
  }
  /** The next node at level 0. */
  get next(): SkipNode | null {
    return this.f0;
  }
  fwd(i: number): SkipNode | null {
    return i === 0 ? this.f0 : i === 1 ? this.f1 : i === 2 ? this.f2 : (this.up![2 * (i - 3)] as SkipNode | null);
  }
  span(i: number): number {
    return i === 0 ? this.s0 : i === 1 ? this.s1 : i === 2 ? this.s2 : (this.up![2 * (i - 3) + 1] as number);
  }
  setFwd(i: number, n: SkipNode | null): void {
    if (i === 0) this.f0 = n;
    else if (i === 1) this.f1 = n;
    else if (i === 2) this.f2 = n;
    else this.up![2 * (i - 3)] = n;
  }
  setSpan(i: number, v: number): void {
    if (i === 0) this.s0 = v;
    else if (i === 1) this.s1 = v;
    else if (i === 2) this.s2 = v;
    else this.up![2 * (i - 3) + 1] = v;
  }
}

/** A score interval with exclusive ends as flags (Redis's zrangespec). */
export interface ScoreRange {
  min: number;
  max: number;
  minex: boolean;
  maxex: boolean;
}

/**
 * A lex interval (Redis's zlexrangespec). A bound's kind is -1 for `-` (below every string), 1 for
 * `+` (above every string), 0 for a real string; `-` and `+` parse as exclusive, as in Redis.
 */
export interface LexRange {
  min: string;
  max: string;
  minKind: number;
  maxKind: number;
  minex: boolean;
  maxex: boolean;
}

/** sdscmplex between a member and a bound. */
function cmpBound(v: string, kind: number, s: string): number {
  if (kind !== 0) return -kind;
  return v < s ? -1 : v > s ? 1 : 0;
}

function randomLevel(): number {
  let level = 1;
  while (Math.random() < P && level < MAX_LEVEL) level++;
  return level;
}

function before(score: number, ele: string, node: SkipNode): boolean {
  return node.score < score || (node.score === score && node.ele < ele);
}

export function valueGteMin(v: number, r: ScoreRange): boolean {
  return r.minex ? v > r.min : v >= r.min;
}
export function valueLteMax(v: number, r: ScoreRange): boolean {
  return r.maxex ? v < r.max : v <= r.max;
}
export function lexGteMin(v: string, r: LexRange): boolean {
  const c = cmpBound(v, r.minKind, r.min);
  return r.minex ? c > 0 : c >= 0;
}
export function lexLteMax(v: string, r: LexRange): boolean {
  const c = cmpBound(v, r.maxKind, r.max);
  return r.maxex ? c < 0 : c <= 0;
}

/** Whether a score range can hold anything at all (zslIsInRange's first test). */
export function scoreRangeEmpty(r: ScoreRange): boolean {
  return r.min > r.max || (r.min === r.max && (r.minex || r.maxex));
}

/** zslIsInLexRange's first test: min past max (sdscmplex order), or equal with an exclusive end. */
export function lexRangeEmpty(r: LexRange): boolean {
  let c: number;
  if (r.minKind !== 0 || r.maxKind !== 0) c = r.minKind === r.maxKind ? 0 : r.minKind === 0 ? -r.maxKind : r.minKind;
  else c = r.min < r.max ? -1 : r.min > r.max ? 1 : 0;
  return c > 0 || (c === 0 && (r.minex || r.maxex));
}

export class SkipList {
  readonly header = new SkipNode(0, '', MAX_LEVEL);
  tail: SkipNode | null = null;
  length = 0;
  level = 1;

  insert(score: number, ele: string): SkipNode {
    const update = new Array<SkipNode>(MAX_LEVEL);
    const rank = new Array<number>(MAX_LEVEL);
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      rank[i] = i === this.level - 1 ? 0 : rank[i + 1]!;
      let next = x.fwd(i);
      while (next && before(score, ele, next)) {
        rank[i]! += x.span(i);
        x = next;
        next = x.fwd(i);
      }
      update[i] = x;
    }
    const level = randomLevel();
    if (level > this.level) {
      for (let i = this.level; i < level; i++) {
        rank[i] = 0;
        update[i] = this.header;
        this.header.setSpan(i, this.length);
      }
      this.level = level;
    }
    const node = new SkipNode(score, ele, level);
    for (let i = 0; i < level; i++) {
      const u = update[i]!;
      node.setFwd(i, u.fwd(i));
      u.setFwd(i, node);
      node.setSpan(i, u.span(i) - (rank[0]! - rank[i]!));
      u.setSpan(i, rank[0]! - rank[i]! + 1);
    }
    for (let i = level; i < this.level; i++) update[i]!.setSpan(i, update[i]!.span(i) + 1);
    node.backward = update[0] === this.header ? null : update[0]!;
    const after = node.next;
    if (after) after.backward = node;
    else this.tail = node;
    this.length++;
    return node;
  }

  private unlink(x: SkipNode, update: SkipNode[]): void {
    for (let i = 0; i < this.level; i++) {
      const u = update[i]!;
      if (u.fwd(i) === x) {
        u.setSpan(i, u.span(i) + x.span(i) - 1);
        u.setFwd(i, x.fwd(i));
      } else {
        u.setSpan(i, u.span(i) - 1);
      }
    }
    const after = x.next;
    if (after) after.backward = x.backward;
    else this.tail = x.backward;
    while (this.level > 1 && this.header.fwd(this.level - 1) === null) this.level--;
    this.length--;
  }

  private findUpdate(score: number, ele: string, update: SkipNode[]): SkipNode | null {
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let next = x.fwd(i);
      while (next && before(score, ele, next)) {
        x = next;
        next = x.fwd(i);
      }
      update[i] = x;
    }
    return x.next ?? null;
  }

  delete(score: number, ele: string): boolean {
    const update = new Array<SkipNode>(MAX_LEVEL);
    const x = this.findUpdate(score, ele, update);
    if (x && x.score === score && x.ele === ele) {
      this.unlink(x, update);
      return true;
    }
    return false;
  }

  /** zslUpdateScore: moves the node in place when its neighbours still bracket the new score. */
  updateScore(curScore: number, ele: string, newScore: number): void {
    const update = new Array<SkipNode>(MAX_LEVEL);
    const x = this.findUpdate(curScore, ele, update)!;
    if (
      (x.backward === null || x.backward.score < newScore) &&
      (x.next === null || x.next.score > newScore)
    ) {
      x.score = newScore;
      return;
    }
    this.unlink(x, update);
    this.insert(newScore, ele);
  }

  /** 1-based rank of (score, ele), 0 when absent. */
  getRank(score: number, ele: string): number {
    let rank = 0;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let next = x.fwd(i);
      while (next && (next.score < score || (next.score === score && next.ele <= ele))) {
        rank += x.span(i);
        x = next;
        next = x.fwd(i);
      }
      if (x !== this.header && x.ele === ele) return rank;
    }
    return 0;
  }

  /** The node at 1-based rank. */
  getByRank(rank: number): SkipNode | null {
    let traversed = 0;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let next = x.fwd(i);
      while (next && traversed + x.span(i) <= rank) {
        traversed += x.span(i);
        x = next;
        next = x.fwd(i);
      }
      if (traversed === rank) return x;
    }
    return null;
  }

  first(): SkipNode | null {
    return this.header.fwd(0) ?? null;
  }

  private isInRange(r: ScoreRange): boolean {
    if (scoreRangeEmpty(r)) return false;
    const last = this.tail;
    if (last === null || !valueGteMin(last.score, r)) return false;
    const first = this.header.fwd(0);
    return !!first && valueLteMax(first.score, r);
  }

  firstInRange(r: ScoreRange): SkipNode | null {
    if (!this.isInRange(r)) return null;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let next = x.fwd(i);
      while (next && !valueGteMin(next.score, r)) {
        x = next;
        next = x.fwd(i);
      }
    }
    const n = x.next!;
    return valueLteMax(n.score, r) ? n : null;
  }

  lastInRange(r: ScoreRange): SkipNode | null {
    if (!this.isInRange(r)) return null;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let next = x.fwd(i);
      while (next && valueLteMax(next.score, r)) {
        x = next;
        next = x.fwd(i);
      }
    }
    return valueGteMin(x.score, r) ? x : null;
  }

  private isInLexRange(r: LexRange): boolean {
    if (lexRangeEmpty(r)) return false;
    const last = this.tail;
    if (last === null || !lexGteMin(last.ele, r)) return false;
    const first = this.header.fwd(0);
    return !!first && lexLteMax(first.ele, r);
  }

  firstInLexRange(r: LexRange): SkipNode | null {
    if (!this.isInLexRange(r)) return null;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let next = x.fwd(i);
      while (next && !lexGteMin(next.ele, r)) {
        x = next;
        next = x.fwd(i);
      }
    }
    const n = x.next!;
    return lexLteMax(n.ele, r) ? n : null;
  }

  lastInLexRange(r: LexRange): SkipNode | null {
    if (!this.isInLexRange(r)) return null;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let next = x.fwd(i);
      while (next && lexLteMax(next.ele, r)) {
        x = next;
        next = x.fwd(i);
      }
    }
    return lexGteMin(x.ele, r) ? x : null;
  }

  /** Removes ranks [start, end] (1-based, inclusive), calling onRemove for each; O(log n + m). */
  deleteRangeByRank(start: number, end: number, onRemove: (n: SkipNode) => void): number {
    const update = new Array<SkipNode>(MAX_LEVEL);
    let traversed = 0;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let next = x.fwd(i);
      while (next && traversed + x.span(i) < start) {
        traversed += x.span(i);
        x = next;
        next = x.fwd(i);
      }
      update[i] = x;
    }
    traversed++;
    let removed = 0;
    let n = x.next ?? null;
    while (n && traversed <= end) {
      const following = n.fwd(0) ?? null;
      this.unlink(n, update);
      onRemove(n);
      removed++;
      traversed++;
      n = following;
    }
    return removed;
  }
}
