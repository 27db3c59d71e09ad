/**
 * ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD (zunionInterDiffGenericCommand). Inputs
 * may be sorted sets or plain sets (members scored 1). Inputs are visited smallest first, as
 * Redis sorts them, so float sums add up in the same order.
 */
import { AT_LEAST_ONE_KEY, CommandError, LIMIT_NEGATIVE, SYNTAX, WEIGHT_NOT_FLOAT, WRONGTYPE } from '../errors.js';
import type { Session } from '../engine/session.js';
import { ZSet } from '../engine/types/zset.js';
import { parseDouble } from '../numbers.js';
import type { Reply } from '../reply.js';
import { int64Arg, intArg, isKeyword } from './args.js';
import { MemberReply, storeResult } from './sorted-set-values.js';
import type { CommandDef } from './spec.js';

const enum Op { Union, Inter, Diff }
const enum Aggregate { Sum, Min, Max }

/** What a plain set offers here (the set type lives in another module; only these are used). */
interface PlainSet {
  readonly type: 'set';
  readonly size: number;
  has(member: string): boolean;
  members(): Iterable<string>;
}

interface Source {
  zset?: ZSet;
  set?: PlainSet;
  weight: number;
}

function sourceSize(s: Source): number {
  return s.zset?.size ?? s.set?.size ?? 0;
}

/** zuiFind: the member's score in the source, or undefined. */
function find(s: Source, ele: string): number | undefined {
  if (s.zset) return s.zset.score(ele);
  if (s.set) return s.set.has(ele) ? 1 : undefined;
  return undefined;
}

/** zuiNext over a source: a zset in rank order, a set in its own order with score 1. */
function* entries(s: Source): Generator<[string, number]> {
  if (s.zset) {
    for (let n = s.zset.zsl.first(); n; n = n.next) yield [n.ele, n.score];
  } else if (s.set) {
    for (const m of s.set.members()) yield [m, 1];
  }
}

function aggregate(target: number, val: number, how: Aggregate): number {
  if (how === Aggregate.Sum) {
    const t = target + val;
    return Number.isNaN(t) ? 0 : t;
  }
  if (how === Aggregate.Min) return val < target ? val : target;
  return val > target ? val : target;
}

function generic(c: Session, argv: string[], dstKey: string | undefined, numkeysIdx: number, op: Op, cardinalityOnly: boolean): Reply {
  const setnum = intArg(argv[numkeysIdx]!);
  if (setnum < 1) throw new CommandError(`${AT_LEAST_ONE_KEY} '${argv[0]!.toLowerCase()}' command`);
  if (setnum > argv.length - (numkeysIdx + 1)) throw new CommandError(SYNTAX);
  const src: Source[] = [];
  let j = numkeysIdx + 1;
  for (let i = 0; i < setnum; i++, j++) {
    const e = c.db.lookupRead(argv[j]!);
    const s: Source = { weight: 1 };
    if (e !== undefined) {
      const v = e.value;
      if (v instanceof ZSet) s.zset = v;
      else if (typeof v !== 'string' && v.type === 'set') s.set = v as unknown as PlainSet;
      else throw new CommandError(WRONGTYPE);
    }
    src.push(s);
  }
  let how = Aggregate.Sum;
  let withScores = false;
  let limit = 0;
  let remaining = argv.length - j;
  while (remaining > 0) {
    const a = argv[j]!;
    if (op !== Op.Diff && !cardinalityOnly && remaining >= setnum + 1 && isKeyword(a, 'WEIGHTS')) {
      j++;
      remaining--;
      for (let i = 0; i < setnum; i++, j++, remaining--) {
        const w = parseDouble(argv[j]!);
        if (w === undefined) throw new CommandError(WEIGHT_NOT_FLOAT);
        src[i]!.weight = w;
      }
    } else if (op !== Op.Diff && !cardinalityOnly && remaining >= 2 && isKeyword(a, 'AGGREGATE')) {
      const v = argv[j + 1]!;
      if (isKeyword(v, 'SUM')) how = Aggregate.Sum;
      else if (isKeyword(v, 'MIN')) how = Aggregate.Min;
      else if (isKeyword(v, 'MAX')) how = Aggregate.Max;
      else throw new CommandError(SYNTAX);
      j += 2;
      remaining -= 2;
    } else if (dstKey === undefined && !cardinalityOnly && isKeyword(a, 'WITHSCORES')) {
      j++;
      remaining--;
      withScores = true;
    } else if (cardinalityOnly && remaining >= 2 && isKeyword(a, 'LIMIT')) {
      const v = int64Arg(argv[j + 1]!, LIMIT_NEGATIVE);
      if (v < 0) throw new CommandError(LIMIT_NEGATIVE);
      limit = Number(v);
      j += 2;
      remaining -= 2;
    } else throw new CommandError(SYNTAX);
  }

  // Redis computes into a skiplist (createZsetObject), which keeps -0; a stored result may
  // become a listpack afterwards.
  const dst = new ZSet();
  dst.listpack = false;
  let cardinality = 0;
  if (op === Op.Inter) {
    const order = src.map((s, i) => [s, i] as const).sort((a, b) => sourceSize(a[0]) - sourceSize(b[0]) || a[1] - b[1]).map((x) => x[0]);
    const first = order[0]!;
    if (sourceSize(first) > 0) {
      for (const [ele, s0] of entries(first)) {
        let score = first.weight * s0;
        if (Number.isNaN(score)) score = 0;
        let k = 1;
        for (; k < order.length; k++) {
          const other = order[k]!;
          const value = find(other, ele);
          if (value === undefined) break;
          score = aggregate(score, value * other.weight, how);
        }
        if (k !== order.length) continue;
        if (cardinalityOnly) {
          cardinality++;
          if (limit && cardinality >= limit) break;
        } else dst.insert(ele, score);
      }
    }
  } else if (op === Op.Union) {
    const order = src.map((s, i) => [s, i] as const).sort((a, b) => sourceSize(a[0]) - sourceSize(b[0]) || a[1] - b[1]).map((x) => x[0]);
    const acc = new Map<string, number>();
    for (const s of order) {
      for (const [ele, v] of entries(s)) {
        let score = s.weight * v;
        if (Number.isNaN(score)) score = 0;
        const cur = acc.get(ele);
        acc.set(ele, cur === undefined ? score : aggregate(cur, score, how));
      }
    }
    for (const [ele, score] of acc) dst.insert(ele, score);
  } else {
    const first = src[0]!;
    for (const [ele, score] of entries(first)) {
      let found = false;
      for (let k = 1; k < src.length && !found; k++) found = find(src[k]!, ele) !== undefined;
      if (!found) dst.insert(ele, score);
    }
  }

  if (dstKey !== undefined) return storeResult(c, dstKey, dst, op === Op.Union ? 'zunionstore' : op === Op.Inter ? 'zinterstore' : 'zdiffstore');
  if (cardinalityOnly) return cardinality;
  const out = new MemberReply(withScores, c.resp === 3);
  for (let n = dst.zsl.first(); n; n = n.next) out.emit(n.ele, n.score);
  return out.items;
}

export const zsetOpCommands: CommandDef[] = [
  { name: 'zunion', handler: (c, argv) => generic(c, argv, undefined, 1, Op.Union, false) },
  { name: 'zinter', handler: (c, argv) => generic(c, argv, undefined, 1, Op.Inter, false) },
  { name: 'zdiff', handler: (c, argv) => generic(c, argv, undefined, 1, Op.Diff, false) },
  { name: 'zunionstore', handler: (c, argv) => generic(c, argv, argv[1]!, 2, Op.Union, false) },
  { name: 'zinterstore', handler: (c, argv) => generic(c, argv, argv[1]!, 2, Op.Inter, false) },
  { name: 'zdiffstore', handler: (c, argv) => generic(c, argv, argv[1]!, 2, Op.Diff, false) },
  { name: 'zintercard', handler: (c, argv) => generic(c, argv, undefined, 1, Op.Inter, true) },
];
