/**
 * Sorted set commands (t_zset.c): ZADD and friends, ranks, counts, ranges by rank, score and lex,
 * range removal, pops, ZRANDMEMBER and ZSCAN. Set operations live in sorted-set-ops.ts.
 */
import {
  CommandError, COUNT_NOT_POSITIVE, MUST_BE_POSITIVE, NUMKEYS_NOT_POSITIVE, SYNTAX, VALUE_OUT_OF_RANGE,
  ZADD_GT_LT_NX, ZADD_INCR_PAIRS, ZADD_NAN, ZADD_XX_NX, ZRANGE_LIMIT_BY_RANK, ZRANGE_WITHSCORES_BYLEX,
} from '../errors.js';
import { Notify } from '../engine/notify.js';
import type { Session } from '../engine/session.js';
import { type LexRange, type ScoreRange, type SkipNode, lexGteMin, lexLteMax, lexRangeEmpty, valueGteMin, valueLteMax } from '../engine/types/skiplist.js';
import { ZSet } from '../engine/types/zset.js';
import { globMatcher } from '../glob.js';
import { formatDouble, parseDouble } from '../numbers.js';
import { DoubleReply, NIL_ARRAY, type Reply } from '../reply.js';
import { int64Arg, intArg, isKeyword } from './args.js';
import { parseScanCursor } from './keys.js';
import { MemberReply, readZset, storeResult, writeZset } from './sorted-set-values.js';
import { parseLexRange, parseScoreRange } from './sorted-set-ranges.js';
import { zsetOpCommands } from './sorted-set-ops.js';
import type { CommandDef } from './spec.js';

/** getLongFromObjectOrReply / getLongLongFromObjectOrReply. */
const longArg = (s: string): number => intArg(s);

/** getRangeLongFromObjectOrReply(-LONG_MAX, LONG_MAX): ZRANDMEMBER's count cannot be LONG_MIN. */
const ZRANDMEMBER_RANGE = 'ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807';

// ---------------------------------------------------------------------------------------------
// ZADD / ZINCRBY

function zadd(c: Session, argv: string[], incrCommand: boolean): Reply {
  let nx = false, xx = false, gt = false, lt = false, ch = false, incr = incrCommand;
  let scoreIdx = 2;
  for (; scoreIdx < argv.length; scoreIdx++) {
    const opt = argv[scoreIdx]!;
    if (isKeyword(opt, 'NX')) nx = true;
    else if (isKeyword(opt, 'XX')) xx = true;
    else if (isKeyword(opt, 'CH')) ch = true;
    else if (isKeyword(opt, 'INCR')) incr = true;
    else if (isKeyword(opt, 'GT')) gt = true;
    else if (isKeyword(opt, 'LT')) lt = true;
    else break;
  }
  const args = argv.length - scoreIdx;
  if (args % 2 !== 0 || args === 0) throw new CommandError(SYNTAX);
  const elements = args / 2;
  if (nx && xx) throw new CommandError(ZADD_XX_NX);
  if ((gt && nx) || (lt && nx) || (gt && lt)) throw new CommandError(ZADD_GT_LT_NX);
  if (incr && elements > 1) throw new CommandError(ZADD_INCR_PAIRS);
  const scores: number[] = [];
  for (let j = 0; j < elements; j++) {
    const v = parseDouble(argv[scoreIdx + j * 2]!);
    if (v === undefined) throw new CommandError('ERR value is not a valid float');
    scores.push(v);
  }
  const key = argv[1]!;
  let z = writeZset(c, key);
  let added = 0, updated = 0, processed = 0;
  let score = 0;
  if (z === undefined) {
    if (xx) return incr ? null : 0;
    const t = c.engine.config.thresholds;
    z = new ZSet();
    z.listpack = !(t.zsetMaxListpackEntries === 0 || t.zsetMaxListpackValue < argv[scoreIdx + 1]!.length);
    c.db.add(key, z);
  }
  let nan = false;
  for (let j = 0; j < elements; j++) {
    score = scores[j]!;
    const ele = argv[scoreIdx + 1 + j * 2]!;
    const cur = z.score(ele);
    if (cur !== undefined) {
      if (nx) continue;
      if (incr) {
        score += cur;
        if (Number.isNaN(score)) {
          nan = true;
          break;
        }
      }
      if ((lt && score >= cur) || (gt && score <= cur)) continue;
      processed++;
      if (score !== cur) {
        z.update(ele, cur, score);
        updated++;
      }
    } else if (!xx) {
      z.convertForInsert(ele, c.engine.config.thresholds);
      z.insert(ele, score);
      added++;
      processed++;
    }
  }
  if (added || updated) {
    c.db.signalModified(key);
    c.engine.notify(Notify.Zset, incr ? 'zincr' : 'zadd', key, c.db.id);
  }
  if (nan) throw new CommandError(ZADD_NAN);
  if (incr) return processed ? new DoubleReply(score) : null;
  return ch ? added + updated : added;
}

// ---------------------------------------------------------------------------------------------
// Reads of single members

function zcard(c: Session, argv: string[]): Reply {
  return readZset(c, argv[1]!)?.size ?? 0;
}

function zscore(c: Session, argv: string[]): Reply {
  const s = readZset(c, argv[1]!)?.score(argv[2]!);
  return s === undefined ? null : new DoubleReply(s);
}

function zmscore(c: Session, argv: string[]): Reply {
  const z = readZset(c, argv[1]!);
  const out: Reply[] = [];
  for (let i = 2; i < argv.length; i++) {
    const s = z?.score(argv[i]!);
    out.push(s === undefined ? null : new DoubleReply(s));
  }
  return out;
}

function rankCommand(reverse: boolean) {
  return (c: Session, argv: string[]): Reply => {
    const r = readZset(c, argv[1]!)?.rank(argv[2]!, reverse);
    return r === undefined ? null : r;
  };
}

function zrem(c: Session, argv: string[]): Reply {
  const key = argv[1]!;
  const z = writeZset(c, key);
  if (z === undefined) return 0;
  let deleted = 0;
  let keyRemoved = false;
  for (let i = 2; i < argv.length; i++) {
    if (z.remove(argv[i]!)) deleted++;
    if (z.size === 0) {
      c.db.delete(key);
      keyRemoved = true;
      break;
    }
  }
  if (deleted) {
    c.engine.notify(Notify.Zset, 'zrem', key, c.db.id);
    if (keyRemoved) c.engine.notify(Notify.Generic, 'del', key, c.db.id);
    c.db.signalModified(key);
  }
  return deleted;
}

// ---------------------------------------------------------------------------------------------
// Counting

/** Members in a score range: rank of the last minus rank of the first, O(log n). */
function countInScoreRange(z: ZSet, r: ScoreRange): number {
  const first = z.zsl.firstInRange(r);
  if (!first) return 0;
  const last = z.zsl.lastInRange(r)!;
  return z.zsl.getRank(last.score, last.ele) - z.zsl.getRank(first.score, first.ele) + 1;
}

/**
 * The first member in a lex range. Lex ranges assume equal scores; when they differ the answer
 * depends on the walk, so a listpack is walked linearly from the head as zzlFirstInLexRange does.
 */
function firstInLex(z: ZSet, r: LexRange): SkipNode | null {
  if (!z.listpack) return z.zsl.firstInLexRange(r);
  if (lexRangeEmpty(r) || !z.zsl.tail || !lexGteMin(z.zsl.tail.ele, r) || !lexLteMax(z.zsl.first()!.ele, r)) return null;
  for (let n = z.zsl.first(); n; n = n.next) {
    if (lexGteMin(n.ele, r)) return lexLteMax(n.ele, r) ? n : null;
  }
  return null;
}

/** zzlLastInLexRange: a listpack is walked linearly from the tail. */
function lastInLex(z: ZSet, r: LexRange): SkipNode | null {
  if (!z.listpack) return z.zsl.lastInLexRange(r);
  if (lexRangeEmpty(r) || !z.zsl.tail || !lexGteMin(z.zsl.tail.ele, r) || !lexLteMax(z.zsl.first()!.ele, r)) return null;
  for (let n: SkipNode | null = z.zsl.tail; n; n = n.backward) {
    if (lexLteMax(n.ele, r)) return lexGteMin(n.ele, r) ? n : null;
  }
  return null;
}

/** ZLEXCOUNT: from the first member in range, forward while members stay below max. */
function countInLexRange(z: ZSet, r: LexRange): number {
  const first = firstInLex(z, r);
  if (!first) return 0;
  if (!z.listpack) {
    const last: SkipNode | null = z.zsl.lastInLexRange(r);
    const rank = z.zsl.getRank(first.score, first.ele);
    let count = z.zsl.length - (rank - 1);
    if (last) count -= z.zsl.length - z.zsl.getRank(last.score, last.ele);
    return count;
  }
  let count = 0;
  for (let n: SkipNode | null = first; n && lexLteMax(n.ele, r); n = n.next) count++;
  return count;
}

function zcount(c: Session, argv: string[]): Reply {
  const range = parseScoreRange(argv[2]!, argv[3]!);
  const z = readZset(c, argv[1]!);
  return z ? countInScoreRange(z, range) : 0;
}

function zlexcount(c: Session, argv: string[]): Reply {
  const range = parseLexRange(argv[2]!, argv[3]!);
  const z = readZset(c, argv[1]!);
  return z ? countInLexRange(z, range) : 0;
}

// ---------------------------------------------------------------------------------------------
// Ranges

const enum RangeType { Auto, Rank, Score, Lex }
const enum Direction { Auto, Forward, Reverse }

/** Where a range's members go: a client reply or a destination key (ZRANGESTORE). */
interface RangeSink {
  emit(ele: string, score: number): void;
}

function nextNode(n: SkipNode, reverse: boolean): SkipNode | null {
  return reverse ? n.backward : (n.next);
}

function rangeByRank(z: ZSet, start: number, end: number, reverse: boolean, sink: RangeSink): void {
  const llen = z.size;
  if (start < 0) start = llen + start;
  if (end < 0) end = llen + end;
  if (start < 0) start = 0;
  if (start > end || start >= llen) return;
  if (end >= llen) end = llen - 1;
  let n = z.zsl.getByRank(reverse ? llen - start : start + 1);
  for (let left = end - start + 1; n && left > 0; left--) {
    sink.emit(n.ele, n.score);
    n = nextNode(n, reverse);
  }
}

function rangeByScore(z: ZSet, r: ScoreRange, offset: number, limit: number, reverse: boolean, sink: RangeSink): void {
  let n = reverse ? z.zsl.lastInRange(r) : z.zsl.firstInRange(r);
  while (n && offset-- !== 0) n = nextNode(n, reverse);
  while (n && limit-- !== 0) {
    if (reverse ? !valueGteMin(n.score, r) : !valueLteMax(n.score, r)) break;
    sink.emit(n.ele, n.score);
    n = nextNode(n, reverse);
  }
}

function rangeByLex(z: ZSet, r: LexRange, offset: number, limit: number, reverse: boolean, sink: RangeSink): void {
  let n = reverse ? lastInLex(z, r) : firstInLex(z, r);
  while (n && offset-- !== 0) n = nextNode(n, reverse);
  while (n && limit-- !== 0) {
    if (reverse ? !lexGteMin(n.ele, r) : !lexLteMax(n.ele, r)) break;
    sink.emit(n.ele, n.score);
    n = nextNode(n, reverse);
  }
}

/** zrangeGenericCommand: argStart is the source key's index; `store` names the destination. */
function zrangeGeneric(c: Session, argv: string[], argStart: number, store: string | undefined, type: RangeType, dir: Direction): Reply {
  const key = argv[argStart]!;
  let minIdx = argStart + 1;
  let maxIdx = argStart + 2;
  let withScores = false;
  let offset = 0;
  let limit = -1;
  for (let j = argStart + 3; j < argv.length; j++) {
    const left = argv.length - j - 1;
    const a = argv[j]!;
    if (store === undefined && isKeyword(a, 'WITHSCORES')) withScores = true;
    else if (isKeyword(a, 'LIMIT') && left >= 2) {
      offset = longArg(argv[j + 1]!);
      limit = longArg(argv[j + 2]!);
      j += 2;
    } else if (dir === Direction.Auto && isKeyword(a, 'REV')) dir = Direction.Reverse;
    else if (type === RangeType.Auto && isKeyword(a, 'BYLEX')) type = RangeType.Lex;
    else if (type === RangeType.Auto && isKeyword(a, 'BYSCORE')) type = RangeType.Score;
    else throw new CommandError(SYNTAX);
  }
  if (dir === Direction.Auto) dir = Direction.Forward;
  if (type === RangeType.Auto) type = RangeType.Rank;
  if (limit !== -1 && type === RangeType.Rank) throw new CommandError(ZRANGE_LIMIT_BY_RANK);
  if (withScores && type === RangeType.Lex) throw new CommandError(ZRANGE_WITHSCORES_BYLEX);
  const reverse = dir === Direction.Reverse;
  if (reverse && type !== RangeType.Rank) [minIdx, maxIdx] = [maxIdx, minIdx];
  let start = 0, end = 0;
  let scoreRange: ScoreRange | undefined;
  let lexRange: LexRange | undefined;
  if (type === RangeType.Rank) {
    start = longArg(argv[minIdx]!);
    end = longArg(argv[maxIdx]!);
  } else if (type === RangeType.Score) scoreRange = parseScoreRange(argv[minIdx]!, argv[maxIdx]!);
  else lexRange = parseLexRange(argv[minIdx]!, argv[maxIdx]!);

  const z = readZset(c, key);
  const out = store === undefined ? new MemberReply(withScores, c.resp === 3) : undefined;
  const dst = store === undefined ? undefined : new ZSet();
  const thresholds = c.engine.config.thresholds;
  const sink: RangeSink = out ?? {
    emit: (ele, score) => {
      dst!.convertForInsert(ele, thresholds);
      dst!.insert(ele, score);
    },
  };
  if (z !== undefined) {
    if (type === RangeType.Rank) rangeByRank(z, start, end, reverse, sink);
    else if (type === RangeType.Score) rangeByScore(z, scoreRange!, offset, limit, reverse, sink);
    else rangeByLex(z, lexRange!, offset, limit, reverse, sink);
  }
  if (out) return out.items;
  return storeResult(c, store!, dst!, 'zrangestore');
}

const rangeCommand = (type: RangeType, dir: Direction) => (c: Session, argv: string[]): Reply =>
  zrangeGeneric(c, argv, 1, undefined, type, dir);

// ---------------------------------------------------------------------------------------------
// Range removal

function zremrange(type: RangeType, event: string) {
  return (c: Session, argv: string[]): Reply => {
    const key = argv[1]!;
    let start = 0, end = 0;
    let scoreRange: ScoreRange | undefined;
    let lexRange: LexRange | undefined;
    if (type === RangeType.Rank) {
      start = longArg(argv[2]!);
      end = longArg(argv[3]!);
    } else if (type === RangeType.Score) scoreRange = parseScoreRange(argv[2]!, argv[3]!);
    else lexRange = parseLexRange(argv[2]!, argv[3]!);
    const z = writeZset(c, key);
    if (z === undefined) return 0;
    const zsl = z.zsl;
    const drop = (n: SkipNode): void => {
      z.dict.delete(n.ele);
    };
    let deleted = 0;
    if (type === RangeType.Rank) {
      const llen = z.size;
      if (start < 0) start = llen + start;
      if (end < 0) end = llen + end;
      if (start < 0) start = 0;
      if (start > end || start >= llen) return 0;
      if (end >= llen) end = llen - 1;
      deleted = zsl.deleteRangeByRank(start + 1, end + 1, drop);
    } else if (type === RangeType.Score) {
      const first = zsl.firstInRange(scoreRange!);
      if (first) {
        const last = zsl.lastInRange(scoreRange!)!;
        deleted = zsl.deleteRangeByRank(zsl.getRank(first.score, first.ele), zsl.getRank(last.score, last.ele), drop);
      }
    } else {
      // zzlDeleteRangeByLex / zslDeleteRangeByLex: from the first member in range, forward while
      // members stay below max.
      const first = firstInLex(z, lexRange!);
      if (first) {
        let count = 0;
        for (let n: SkipNode | null = first; n && lexLteMax(n.ele, lexRange!); n = n.next) count++;
        const from = zsl.getRank(first.score, first.ele);
        deleted = zsl.deleteRangeByRank(from, from + count - 1, drop);
      }
    }
    let keyRemoved = false;
    if (z.size === 0) {
      c.db.delete(key);
      keyRemoved = true;
    }
    if (deleted) {
      c.db.signalModified(key);
      c.engine.notify(Notify.Zset, event, key, c.db.id);
      if (keyRemoved) c.engine.notify(Notify.Generic, 'del', key, c.db.id);
    }
    return deleted;
  };
}

// ---------------------------------------------------------------------------------------------
// Pops

/**
 * genericZpopCommand: pops up to count members from the first non-empty key. `count` -1 is the
 * plain single pop; `emitKey` and `nested` pick the reply shape (ZPOPMIN vs ZMPOP).
 */
export function zpopGeneric(c: Session, keys: string[], max: boolean, emitKey: boolean, count: number, nested: boolean, nilWhenEmpty: boolean): Reply {
  let z: ZSet | undefined;
  let key = '';
  for (const k of keys) {
    z = writeZset(c, k);
    if (z !== undefined) {
      key = k;
      break;
    }
  }
  if (z === undefined) return nilWhenEmpty ? NIL_ARRAY : [];
  if (count === 0) return [];
  if (count === -1) count = 1;
  const items: Reply[] = [];
  let popped = 0;
  for (let n = Math.min(count, z.size); n > 0; n--) {
    const node = max ? z.zsl.tail! : z.zsl.first()!;
    const ele = node.ele;
    const score = node.score;
    if (nested) items.push([ele, new DoubleReply(score)]);
    else items.push(ele, new DoubleReply(score));
    z.remove(ele);
    popped++;
  }
  if (popped) {
    c.engine.notify(Notify.Zset, max ? 'zpopmax' : 'zpopmin', key, c.db.id);
    c.db.signalModified(key);
  }
  if (z.size === 0) {
    c.db.delete(key);
    c.engine.notify(Notify.Generic, 'del', key, c.db.id);
  }
  return emitKey ? [key, items] : items;
}

function zpop(max: boolean) {
  return (c: Session, argv: string[]): Reply => {
    if (argv.length > 3) throw new CommandError(SYNTAX);
    let count = -1;
    if (argv.length === 3) {
      const v = int64Arg(argv[2]!, MUST_BE_POSITIVE);
      if (v < 0) throw new CommandError(MUST_BE_POSITIVE);
      count = Number(v);
    }
    return zpopGeneric(c, [argv[1]!], max, false, count, c.resp === 3 && count !== -1, false);
  };
}

/** getRangeLongFromObjectOrReply(1, LONG_MAX) with one message for both failures. */
function positiveLong(s: string, error: string): number {
  const v = int64Arg(s, error);
  if (v < 1) throw new CommandError(error);
  return Number(v);
}

export interface ZmpopArgs {
  keys: string[];
  max: boolean;
  count: number;
}

/** zmpopGenericCommand's parsing: numkeys at `numkeysAt`, the keys, MIN|MAX, [COUNT count]. */
export function parseZmpop(argv: string[], numkeysAt: number): ZmpopArgs {
  const numkeys = positiveLong(argv[numkeysAt]!, NUMKEYS_NOT_POSITIVE);
  const whereIdx = numkeysAt + numkeys + 1;
  if (whereIdx >= argv.length) throw new CommandError(SYNTAX);
  let max: boolean;
  if (isKeyword(argv[whereIdx]!, 'MIN')) max = false;
  else if (isKeyword(argv[whereIdx]!, 'MAX')) max = true;
  else throw new CommandError(SYNTAX);
  let count = -1;
  for (let j = whereIdx + 1; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    if (count === -1 && isKeyword(argv[j]!, 'COUNT') && more > 0) {
      j++;
      count = positiveLong(argv[j]!, COUNT_NOT_POSITIVE);
    } else throw new CommandError(SYNTAX);
  }
  return { keys: argv.slice(numkeysAt + 1, whereIdx), max, count: count === -1 ? 1 : count };
}

function zmpop(c: Session, argv: string[]): Reply {
  const { keys, max, count } = parseZmpop(argv, 1);
  return zpopGeneric(c, keys, max, true, count, true, true);
}

// ---------------------------------------------------------------------------------------------
// ZRANDMEMBER

function randomRank(size: number): number {
  return 1 + Math.floor(Math.random() * size);
}

function zrandmember(c: Session, argv: string[]): Reply {
  if (argv.length < 3) {
    const z = readZset(c, argv[1]!);
    if (z === undefined) return null;
    return z.zsl.getByRank(randomRank(z.size))!.ele;
  }
  const raw = BigInt(int64Arg(argv[2]!));
  if (raw === -9223372036854775808n) throw new CommandError(ZRANDMEMBER_RANGE);
  const l = Number(raw);
  let withScores = false;
  if (argv.length > 4 || (argv.length === 4 && !isKeyword(argv[3]!, 'WITHSCORES'))) throw new CommandError(SYNTAX);
  if (argv.length === 4) {
    withScores = true;
    if (raw < -4611686018427387903n || raw > 4611686018427387903n) throw new CommandError(VALUE_OUT_OF_RANGE);
  }
  const z = readZset(c, argv[1]!);
  if (z === undefined) return [];
  const size = z.size;
  const out = new MemberReply(withScores, c.resp === 3);
  const count = Math.abs(l);
  if (count === 0) return [];
  if (l < 0 || count === 1) {
    for (let i = 0; i < count; i++) {
      const n = z.zsl.getByRank(randomRank(size))!;
      out.emit(n.ele, n.score);
    }
    return out.items;
  }
  if (count >= size) {
    for (let n = z.zsl.first(); n; n = n.next) out.emit(n.ele, n.score);
    return out.items;
  }
  // Floyd's sampling of `count` distinct ranks: O(count log n), no copy of the set.
  const chosen = new Set<number>();
  for (let j = size - count + 1; j <= size; j++) {
    const t = randomRank(j);
    chosen.add(chosen.has(t) ? j : t);
  }
  for (const rank of chosen) {
    const n = z.zsl.getByRank(rank)!;
    out.emit(n.ele, n.score);
  }
  return out.items;
}

// ---------------------------------------------------------------------------------------------
// ZSCAN

function zscan(c: Session, argv: string[]): Reply {
  const cursor = parseScanCursor(argv[2]!);
  const z = readZset(c, argv[1]!);
  if (z === undefined) return ['0', []];
  let count = 10;
  let pattern: string | undefined;
  for (let i = 3; i < argv.length; i += 2) {
    const hasValue = i + 1 < argv.length;
    if (isKeyword(argv[i]!, 'COUNT') && hasValue) {
      count = Number(int64Arg(argv[i + 1]!));
      if (count < 1) throw new CommandError(SYNTAX);
    } else if (isKeyword(argv[i]!, 'MATCH') && hasValue) pattern = argv[i + 1]!;
    else throw new CommandError(SYNTAX);
  }
  const match = pattern === undefined || pattern === '*' ? undefined : globMatcher(pattern);
  const items: Reply[] = [];
  const add = (ele: string, score: number): void => {
    if (match === undefined || match(ele)) items.push(ele, formatDouble(score));
  };
  if (z.listpack) {
    for (let n = z.zsl.first(); n; n = n.next) add(n.ele, n.score);
    return ['0', items];
  }
  const [next, found] = z.scan(cursor, count);
  for (const [ele, score] of found) add(ele, score);
  return [String(next), items];
}


export const sortedSetCommands: CommandDef[] = [
  { name: 'zadd', handler: (c, argv) => zadd(c, argv, false) },
  { name: 'zincrby', handler: (c, argv) => zadd(c, argv, true) },
  { name: 'zcard', handler: zcard },
  { name: 'zscore', handler: zscore },
  { name: 'zmscore', handler: zmscore },
  { name: 'zrank', handler: rankCommand(false) },
  { name: 'zrevrank', handler: rankCommand(true) },
  { name: 'zrem', handler: zrem },
  { name: 'zcount', handler: zcount },
  { name: 'zlexcount', handler: zlexcount },
  { name: 'zrange', handler: rangeCommand(RangeType.Auto, Direction.Auto) },
  { name: 'zrangebyscore', handler: rangeCommand(RangeType.Score, Direction.Forward) },
  { name: 'zrevrangebyscore', handler: rangeCommand(RangeType.Score, Direction.Reverse) },
  { name: 'zrangebylex', handler: rangeCommand(RangeType.Lex, Direction.Forward) },
  { name: 'zrevrangebylex', handler: rangeCommand(RangeType.Lex, Direction.Reverse) },
  { name: 'zrevrange', handler: rangeCommand(RangeType.Rank, Direction.Reverse) },
  { name: 'zrangestore', handler: (c, argv) => zrangeGeneric(c, argv, 2, argv[1]!, RangeType.Auto, Direction.Auto) },
  { name: 'zremrangebyrank', handler: zremrange(RangeType.Rank, 'zremrangebyrank') },
  { name: 'zremrangebyscore', handler: zremrange(RangeType.Score, 'zremrangebyscore') },
  { name: 'zremrangebylex', handler: zremrange(RangeType.Lex, 'zremrangebylex') },
  { name: 'zpopmin', handler: zpop(false) },
  { name: 'zpopmax', handler: zpop(true) },
  { name: 'zmpop', handler: zmpop },
  { name: 'zrandmember', handler: zrandmember },
  { name: 'zscan', handler: zscan },
  ...zsetOpCommands,
];
