/**
 * Set commands (t_set.c): SADD, SREM, SMOVE, SISMEMBER, SMISMEMBER, SCARD, SMEMBERS, SPOP,
 * SRANDMEMBER, SINTER/SINTERCARD/SINTERSTORE, SUNION/SUNIONSTORE, SDIFF/SDIFFSTORE, SSCAN.
 */
import type { Bytes } from '../bytes.js';
import { CommandError, NOT_INTEGER, SYNTAX, WRONGTYPE } from '../errors.js';
import { parseInt64 } from '../numbers.js';
import { type Reply, SetReply } from '../reply.js';
import type { Session } from '../engine/session.js';
import type { Entry } from '../engine/values.js';
import { Notify } from '../engine/notify.js';
import { RedisSet } from '../engine/types/set.js';
import { globMatcher } from '../glob.js';
import { int64Arg, isKeyword } from './args.js';
import { parseScanCursor } from './keys.js';
import type { CommandDef } from './spec.js';

const SPOP_COUNT_RANGE = 'ERR value is out of range, must be positive';
const SINTERCARD_NUMKEYS = 'ERR numkeys should be greater than 0';
const SINTERCARD_TOO_MANY_KEYS = "ERR Number of keys can't be greater than number of args";
const SINTERCARD_LIMIT = "ERR LIMIT can't be negative";
const LONG_MAX = 9223372036854775807n;
/** getRangeLongFromObjectOrReply(-LONG_MAX, LONG_MAX): only LLONG_MIN is out. */
const SRANDMEMBER_COUNT_RANGE = 'ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807';

/** SPOP with count pops one by one while the set is this many times bigger than what stays. */
const SPOP_MOVE_STRATEGY_MUL = 5;
/** SRANDMEMBER copies the set and drops members when it is at most this many times the count. */
const SRANDMEMBER_SUB_STRATEGY_MUL = 3;

/** The set under an entry, or WRONGTYPE. */
function asSet(e: Entry): RedisSet {
  if (!(e.value instanceof RedisSet)) throw new CommandError(WRONGTYPE);
  return e.value;
}

function readSet(c: Session, key: Bytes): RedisSet | undefined {
  const e = c.db.lookupRead(key);
  return e === undefined ? undefined : asSet(e);
}

function notifySet(c: Session, event: string, key: Bytes): void {
  c.engine.notify(Notify.Set, event, key, c.db.id);
}

function notifyDel(c: Session, key: Bytes): void {
  c.engine.notify(Notify.Generic, 'del', key, c.db.id);
}

/** getPositiveLongFromObjectOrReply with a custom message: parse failures say the same. */
function positiveLong(s: Bytes, message: string): number {
  const v = parseInt64(s);
  if (v === undefined || v < 0) throw new CommandError(message);
  return Number(v);
}

function sadd(c: Session, argv: Bytes[]): Reply {
  const key = argv[1]!;
  const e = c.db.lookupWrite(key);
  const t = c.engine.config.thresholds;
  const set = e === undefined ? RedisSet.forFirstMember(argv[2]!) : asSet(e);
  let added = 0;
  for (let i = 2; i < argv.length; i++) if (set.add(argv[i]!, t)) added++;
  if (e === undefined) c.db.add(key, set);
  else if (added) c.db.signalModified(key);
  if (added) notifySet(c, 'sadd', key);
  return added;
}

function srem(c: Session, argv: Bytes[]): Reply {
  const key = argv[1]!;
  const e = c.db.lookupWrite(key);
  if (e === undefined) return 0;
  const set = asSet(e);
  let deleted = 0;
  let keyRemoved = false;
  for (let i = 2; i < argv.length; i++) {
    if (set.remove(argv[i]!)) {
      deleted++;
      if (set.size === 0) {
        c.db.delete(key);
        keyRemoved = true;
        break;
      }
    }
  }
  if (deleted) {
    if (!keyRemoved) c.db.signalModified(key);
    notifySet(c, 'srem', key);
    if (keyRemoved) notifyDel(c, key);
  }
  return deleted;
}

function smove(c: Session, argv: Bytes[]): Reply {
  const [, srcKey, dstKey, member] = argv as [Bytes, Bytes, Bytes, Bytes];
  const srcEntry = c.db.lookupWrite(srcKey);
  const dstEntry = c.db.lookupWrite(dstKey);
  if (srcEntry === undefined) return 0;
  const src = asSet(srcEntry);
  let dst = dstEntry === undefined ? undefined : asSet(dstEntry);
  if (src === dst) return src.has(member) ? 1 : 0;
  if (!src.remove(member)) return 0;
  notifySet(c, 'srem', srcKey);
  if (src.size === 0) {
    c.db.delete(srcKey);
    notifyDel(c, srcKey);
  } else {
    c.db.signalModified(srcKey);
  }
  if (dst === undefined) {
    dst = RedisSet.forFirstMember(member);
    c.db.add(dstKey, dst, false);
  }
  c.db.signalModified(dstKey);
  if (dst.add(member, c.engine.config.thresholds)) notifySet(c, 'sadd', dstKey);
  return 1;
}

function sismember(c: Session, argv: Bytes[]): Reply {
  const set = readSet(c, argv[1]!);
  return set !== undefined && set.has(argv[2]!) ? 1 : 0;
}

function smismember(c: Session, argv: Bytes[]): Reply {
  const set = readSet(c, argv[1]!);
  const out: number[] = [];
  for (let i = 2; i < argv.length; i++) out.push(set !== undefined && set.has(argv[i]!) ? 1 : 0);
  return out;
}

function scard(c: Session, argv: Bytes[]): Reply {
  return readSet(c, argv[1]!)?.size ?? 0;
}

function allMembers(set: RedisSet): Bytes[] {
  return [...set.members()];
}

/** Every member of `set` in a fresh set (what sunionDiffGenericCommand builds for one key). */
function copyOf(c: Session, set: RedisSet): RedisSet {
  const out = new RedisSet();
  const t = c.engine.config.thresholds;
  for (const m of set.members()) out.add(m, t);
  return out;
}

function spop(c: Session, argv: Bytes[]): Reply {
  if (argv.length === 3) return spopWithCount(c, argv);
  if (argv.length > 3) throw new CommandError(SYNTAX);
  const key = argv[1]!;
  const e = c.db.lookupWrite(key);
  if (e === undefined) return null;
  const set = asSet(e);
  const member = set.random();
  set.remove(member);
  notifySet(c, 'spop', key);
  if (set.size === 0) {
    c.db.delete(key);
    notifyDel(c, key);
  } else {
    c.db.signalModified(key);
  }
  return member;
}

function spopWithCount(c: Session, argv: Bytes[]): Reply {
  const count = positiveLong(argv[2]!, SPOP_COUNT_RANGE);
  const key = argv[1]!;
  const e = c.db.lookupWrite(key);
  if (e === undefined) return new SetReply([]);
  const set = asSet(e);
  if (count === 0) return new SetReply([]);
  const size = set.size;
  notifySet(c, 'spop', key);
  if (count >= size) {
    const all = allMembers(copyOf(c, set));
    c.db.delete(key);
    notifyDel(c, key);
    return new SetReply(all);
  }
  const remaining = size - count;
  const popped: Bytes[] = [];
  if (remaining * SPOP_MOVE_STRATEGY_MUL > count) {
    for (let i = 0; i < count; i++) {
      const m = set.random();
      set.remove(m);
      popped.push(m);
    }
    c.db.signalModified(key);
  } else {
    // Cheaper to pick what stays: it moves to a new set, and the old one is the reply.
    const t = c.engine.config.thresholds;
    let kept: RedisSet | undefined;
    for (let i = 0; i < remaining; i++) {
      const m = set.random();
      kept ??= RedisSet.forFirstMember(m);
      kept.add(m, t);
      set.remove(m);
    }
    for (const m of set.members()) popped.push(m);
    c.db.setFound(key, e, kept!, true);
  }
  return new SetReply(popped);
}

function srandmember(c: Session, argv: Bytes[]): Reply {
  if (argv.length === 3) return srandmemberWithCount(c, argv);
  if (argv.length > 3) throw new CommandError(SYNTAX);
  const set = readSet(c, argv[1]!);
  return set === undefined ? null : set.random();
}

function srandmemberWithCount(c: Session, argv: Bytes[]): Reply {
  const v = int64Arg(argv[2]!);
  if (typeof v === 'bigint' && v < -LONG_MAX) throw new CommandError(SRANDMEMBER_COUNT_RANGE);
  const set = readSet(c, argv[1]!);
  if (set === undefined) return [];
  const n = Number(v);
  if (n === 0) return [];
  const out: Bytes[] = [];
  if (n < 0) {
    for (let i = 0; i < -n; i++) out.push(set.random());
    return out;
  }
  const size = set.size;
  if (n >= size) return allMembers(set);
  if (n * SRANDMEMBER_SUB_STRATEGY_MUL > size) {
    const pool = allMembers(set);
    for (let left = size; left > n; left--) {
      const i = Math.floor(Math.random() * left);
      pool[i] = pool[left - 1]!;
      pool.pop();
    }
    return pool;
  }
  const picked = new Set<Bytes>();
  while (picked.size < n) picked.add(set.random());
  return [...picked];
}

/** The sets under `keys` (undefined where absent), type-checked in order, looked up for write when storing. */
function lookupSets(c: Session, keys: Bytes[], forWrite: boolean): (RedisSet | undefined)[] {
  return keys.map((k) => {
    const e = forWrite ? c.db.lookupWrite(k) : c.db.lookupRead(k);
    return e === undefined ? undefined : asSet(e);
  });
}

/** Stores a *STORE result: the set when non-empty, else deletes the destination (with its `del` event). */
function storeResult(c: Session, dstKey: Bytes, result: RedisSet, event: string): Reply {
  if (result.size > 0) {
    c.db.setKey(dstKey, result);
    notifySet(c, event, dstKey);
    return result.size;
  }
  if (c.db.delete(dstKey)) notifyDel(c, dstKey);
  return 0;
}

/**
 * sinterGenericCommand: walks the smallest set and keeps the members every other set holds.
 * `visit` gets each member of the intersection and returns false to stop early.
 */
function intersect(sets: RedisSet[], visit: (m: Bytes) => boolean): void {
  const ordered = [...sets].sort((a, b) => a.size - b.size);
  const first = ordered[0]!;
  outer: for (const m of first.members()) {
    for (let j = 1; j < ordered.length; j++) {
      const other = ordered[j]!;
      if (other !== first && !other.has(m)) continue outer;
    }
    if (!visit(m)) return;
  }
}

function sinterSets(c: Session, keys: Bytes[], forWrite: boolean): RedisSet[] | undefined {
  const sets = lookupSets(c, keys, forWrite);
  return sets.includes(undefined) ? undefined : (sets as RedisSet[]);
}

function sinter(c: Session, argv: Bytes[]): Reply {
  const sets = sinterSets(c, argv.slice(1), false);
  const out: Bytes[] = [];
  if (sets !== undefined) intersect(sets, (m) => (out.push(m), true));
  return new SetReply(out);
}

function sinterstore(c: Session, argv: Bytes[]): Reply {
  const dstKey = argv[1]!;
  const sets = sinterSets(c, argv.slice(2), true);
  const result = new RedisSet();
  if (sets !== undefined) {
    const t = c.engine.config.thresholds;
    intersect(sets, (m) => (result.add(m, t), true));
  }
  return storeResult(c, dstKey, result, 'sinterstore');
}

function sintercard(c: Session, argv: Bytes[]): Reply {
  const numkeysValue = parseInt64(argv[1]!);
  if (numkeysValue === undefined || numkeysValue < 1) throw new CommandError(SINTERCARD_NUMKEYS);
  const numkeys = Number(numkeysValue);
  if (numkeys > argv.length - 2) throw new CommandError(SINTERCARD_TOO_MANY_KEYS);
  let limit = 0;
  for (let j = 2 + numkeys; j < argv.length; j++) {
    if (isKeyword(argv[j]!, 'LIMIT') && j + 1 < argv.length) {
      limit = positiveLong(argv[++j]!, SINTERCARD_LIMIT);
    } else {
      throw new CommandError(SYNTAX);
    }
  }
  const sets = sinterSets(c, argv.slice(2, 2 + numkeys), false);
  let cardinality = 0;
  if (sets !== undefined) intersect(sets, () => ++cardinality !== limit);
  return cardinality;
}

/** sunionDiffGenericCommand's union. */
function union(c: Session, sets: (RedisSet | undefined)[]): RedisSet {
  const out = new RedisSet();
  const t = c.engine.config.thresholds;
  for (const s of sets) if (s !== undefined) for (const m of s.members()) out.add(m, t);
  return out;
}

/**
 * sunionDiffGenericCommand's difference, with Redis's choice of algorithm: test each member of the
 * first set against the others (sorted largest first), or copy the first and remove the others'.
 */
function difference(c: Session, sets: (RedisSet | undefined)[]): RedisSet {
  const out = new RedisSet();
  const first = sets[0];
  if (first === undefined) return out;
  const t = c.engine.config.thresholds;
  let algoOne = 0;
  let algoTwo = 0;
  for (const s of sets) {
    if (s === undefined) continue;
    algoOne += first.size;
    algoTwo += s.size;
  }
  if (Math.floor(algoOne / 2) <= algoTwo) {
    const others = sets.slice(1).sort((a, b) => (b?.size ?? 0) - (a?.size ?? 0));
    outer: for (const m of first.members()) {
      for (const s of others) {
        if (s === undefined) continue;
        if (s === first || s.has(m)) continue outer;
      }
      out.add(m, t);
    }
    return out;
  }
  for (const m of first.members()) out.add(m, t);
  for (let j = 1; j < sets.length && out.size > 0; j++) {
    const s = sets[j];
    if (s !== undefined) for (const m of s.members()) out.remove(m);
  }
  return out;
}

function sunion(c: Session, argv: Bytes[]): Reply {
  return new SetReply(allMembers(union(c, lookupSets(c, argv.slice(1), false))));
}

function sunionstore(c: Session, argv: Bytes[]): Reply {
  return storeResult(c, argv[1]!, union(c, lookupSets(c, argv.slice(2), true)), 'sunionstore');
}

function sdiff(c: Session, argv: Bytes[]): Reply {
  return new SetReply(allMembers(difference(c, lookupSets(c, argv.slice(1), false))));
}

function sdiffstore(c: Session, argv: Bytes[]): Reply {
  return storeResult(c, argv[1]!, difference(c, lookupSets(c, argv.slice(2), true)), 'sdiffstore');
}

function sscan(c: Session, argv: Bytes[]): Reply {
  const cursor = parseScanCursor(argv[2]!);
  const set = readSet(c, argv[1]!);
  if (set === undefined) return ['0', []];
  let count = 10;
  let pattern: Bytes | undefined;
  for (let i = 3; i < argv.length; i += 2) {
    const arg = argv[i]!;
    const hasValue = i + 1 < argv.length;
    if (isKeyword(arg, 'COUNT') && hasValue) {
      count = Number(int64Arg(argv[i + 1]!, NOT_INTEGER));
      if (count < 1) throw new CommandError(SYNTAX);
    } else if (isKeyword(arg, 'MATCH') && hasValue) {
      pattern = argv[i + 1]!;
    } else {
      throw new CommandError(SYNTAX);
    }
  }
  const [next, found] = set.scan(cursor, count);
  const match = pattern === undefined || pattern === '*' ? undefined : globMatcher(pattern);
  return [String(next), match === undefined ? found : found.filter(match)];
}

export const setCommands: CommandDef[] = [
  { name: 'sadd', handler: sadd },
  { name: 'srem', handler: srem },
  { name: 'smove', handler: smove },
  { name: 'sismember', handler: sismember },
  { name: 'smismember', handler: smismember },
  { name: 'scard', handler: scard },
  { name: 'smembers', handler: sinter },
  { name: 'spop', handler: spop },
  { name: 'srandmember', handler: srandmember },
  { name: 'sinter', handler: sinter },
  { name: 'sintercard', handler: sintercard },
  { name: 'sinterstore', handler: sinterstore },
  { name: 'sunion', handler: sunion },
  { name: 'sunionstore', handler: sunionstore },
  { name: 'sdiff', handler: sdiff },
  { name: 'sdiffstore', handler: sdiffstore },
  { name: 'sscan', handler: sscan },
];
