/** The zskiplist port against a sorted array model: order, ranks, spans and range deletion. */
import { describe, expect, it } from 'vitest';
import { SkipList, type SkipNode } from '../../src/engine/types/skiplist.js';

type Item = [number, string];

function cmp(a: Item, b: Item): number {
  return a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);
}

function listed(zsl: SkipList): Item[] {
  const out: Item[] = [];
  for (let n: SkipNode | null = zsl.first(); n; n = n.next) out.push([n.score, n.ele]);
  return out;
}

function backwards(zsl: SkipList): Item[] {
  const out: Item[] = [];
  for (let n: SkipNode | null = zsl.tail; n; n = n.backward) out.push([n.score, n.ele]);
  return out.reverse();
}

/** Every level's spans add up to the distance between the nodes they join. */
function checkSpans(zsl: SkipList): void {
  const rankOf = new Map<SkipNode, number>([[zsl.header, 0]]);
  let r = 0;
  for (let n = zsl.first(); n; n = n.next) rankOf.set(n, ++r);
  for (let lvl = 0; lvl < zsl.level; lvl++) {
    let x: SkipNode = zsl.header;
    while (x.fwd(lvl)) {
      const next = x.fwd(lvl)!;
      expect(rankOf.get(next)! - rankOf.get(x)!).toBe(x.span(lvl));
      x = next;
    }
  }
}

describe('SkipList', () => {
  it('keeps (score, member) order, ranks and spans through inserts, updates and deletes', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const zsl = new SkipList();
    const model = new Map<string, number>();
    for (let step = 0; step < 3000; step++) {
      const ele = `m${rand(300)}`;
      const score = rand(20) - 10;
      const cur = model.get(ele);
      const op = rand(3);
      if (cur === undefined) {
        zsl.insert(score, ele);
        model.set(ele, score);
      } else if (op === 0) {
        expect(zsl.delete(cur, ele)).toBe(true);
        model.delete(ele);
      } else {
        zsl.updateScore(cur, ele, score);
        model.set(ele, score);
      }
    }
    const sorted = [...model].map(([e, s]): Item => [s, e]).sort(cmp);
    expect(listed(zsl)).toEqual(sorted);
    expect(backwards(zsl)).toEqual(sorted);
    expect(zsl.length).toBe(sorted.length);
    checkSpans(zsl);
    sorted.forEach(([s, e], i) => {
      expect(zsl.getRank(s, e)).toBe(i + 1);
      expect(zsl.getByRank(i + 1)!.ele).toBe(e);
    });
    expect(zsl.getRank(0, 'absent')).toBe(0);
    expect(zsl.delete(1000, 'absent')).toBe(false);
  });

  it('finds score and lex range ends and deletes rank ranges', () => {
    const zsl = new SkipList();
    for (let i = 0; i < 100; i++) zsl.insert(i % 10, `e${String(i).padStart(3, '0')}`);
    const r = { min: 3, max: 5, minex: true, maxex: false };
    expect(zsl.firstInRange(r)!.score).toBe(4);
    expect(zsl.lastInRange(r)!.score).toBe(5);
    expect(zsl.firstInRange({ min: 20, max: 30, minex: false, maxex: false })).toBeNull();
    expect(zsl.firstInRange({ min: 5, max: 5, minex: true, maxex: false })).toBeNull();
    const same = new SkipList();
    for (const e of ['a', 'b', 'c', 'd']) same.insert(0, e);
    const lex = { min: 'b', max: 'd', minKind: 0, maxKind: 0, minex: false, maxex: true };
    expect(same.firstInLexRange(lex)!.ele).toBe('b');
    expect(same.lastInLexRange(lex)!.ele).toBe('c');
    expect(same.firstInLexRange({ min: '', max: '', minKind: 1, maxKind: -1, minex: true, maxex: true })).toBeNull();
    const removed: string[] = [];
    expect(zsl.deleteRangeByRank(11, 20, (n) => removed.push(n.ele))).toBe(10);
    expect(removed.length).toBe(10);
    expect(zsl.length).toBe(90);
    checkSpans(zsl);
  });
});
