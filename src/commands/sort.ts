/**
 * SORT and SORT_RO (Redis 7.0's sort.c): sort a list, set or sorted set numerically or by bytes,
 * by its own elements or by external keys (`BY weight_*`, `BY w_*->field`), with LIMIT, GET
 * (`#`, `key_*`, `hash_*->field`) and STORE into a list.
 */
import type { Bytes } from '../bytes.js';
import { CommandError, SYNTAX, WRONGTYPE } from '../errors.js';
import { Notify } from '../engine/notify.js';
import type { Session } from '../engine/session.js';
import type { RedisHash } from '../engine/types/hash.js';
import { RedisList } from '../engine/types/list.js';
import type { RedisSet } from '../engine/types/set.js';
import type { ZSet } from '../engine/types/zset.js';
import type { Reply } from '../reply.js';
import { intArg, isKeyword } from './args.js';
import type { CommandDef } from './spec.js';

const SCORE_ERROR = "ERR One or more scores can't be converted into double";

/** What C sees of a byte string: everything before the first NUL (strchr, strstr, strcoll...). */
function cString(s: Bytes): Bytes {
  const nul = s.indexOf('\0');
  return nul < 0 ? s : s.slice(0, nul);
}

interface SortOptions {
  desc: boolean;
  alpha: boolean;
  limitStart: number;
  limitCount: number;
  by: Bytes | undefined;
  dontSort: boolean;
  gets: Bytes[];
  store: Bytes | undefined;
}

function parseOptions(argv: Bytes[], readonly: boolean): SortOptions {
  const o: SortOptions = { desc: false, alpha: false, limitStart: 0, limitCount: -1, by: undefined, dontSort: false, gets: [], store: undefined };
  for (let j = 2; j < argv.length; j++) {
    const arg = argv[j]!;
    const left = argv.length - j - 1;
    if (isKeyword(arg, 'ASC')) o.desc = false;
    else if (isKeyword(arg, 'DESC')) o.desc = true;
    else if (isKeyword(arg, 'ALPHA')) o.alpha = true;
    else if (isKeyword(arg, 'LIMIT') && left >= 2) {
      o.limitStart = intArg(argv[j + 1]!);
      o.limitCount = intArg(argv[j + 2]!);
      j += 2;
    } else if (!readonly && isKeyword(arg, 'STORE') && left >= 1) {
      o.store = argv[++j]!;
    } else if (isKeyword(arg, 'BY') && left >= 1) {
      o.by = argv[++j]!;
      // A pattern without '*' names no per-element key: nothing to sort by.
      if (!cString(o.by).includes('*')) o.dontSort = true;
    } else if (isKeyword(arg, 'GET') && left >= 1) {
      o.gets.push(argv[++j]!);
    } else {
      throw new CommandError(SYNTAX);
    }
  }
  return o;
}

/** lookupKeyByPattern: `#` is the element itself; else the string at the key (or the hash field after `->`). */
function lookupByPattern(c: Session, pattern: Bytes, element: Bytes): Bytes | undefined {
  if (pattern === '#' || (pattern.startsWith('#\0'))) return element;
  const spat = cString(pattern);
  const star = spat.indexOf('*');
  if (star < 0) return undefined;
  const arrow = spat.indexOf('->', star + 1);
  const hasField = arrow >= 0 && arrow + 2 < spat.length;
  // The field runs to the pattern's real end (sds length), the key part only to its C end.
  const field = hasField ? pattern.slice(arrow + 2) : undefined;
  const keyEnd = hasField ? arrow : pattern.length;
  const key = pattern.slice(0, star) + element + pattern.slice(star + 1, keyEnd);
  const e = c.db.lookupRead(key);
  if (e === undefined) return undefined;
  if (field !== undefined) {
    if (typeof e.value === 'string' || e.value.type !== 'hash') return undefined;
    return (e.value as RedisHash).get(field);
  }
  return typeof e.value === 'string' ? e.value : undefined;
}

/** strtod as sortCommandGeneric applies it: the rest must be empty, no overflow, no NaN. */
function sortScore(s: Bytes): number | undefined {
  const text = cString(s);
  if (text === '') return 0; // strtod converts nothing and stops at the terminator
  const m = /^[\t\n\v\f\r ]*([+-]?)(.*)$/s.exec(text)!;
  const body = m[2]!;
  let v: number;
  if (/^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(body)) {
    v = Number(body);
    if (!Number.isFinite(v)) return undefined; // ERANGE
    if (v === 0 && /[1-9]/.test(body.replace(/[eE].*$/, ''))) return undefined; // underflow: ERANGE
    if (v !== 0 && v < 2.2250738585072014e-308) return undefined; // a subnormal result: ERANGE too
  } else if (/^inf(?:inity)?$/i.test(body)) {
    v = Infinity;
  } else if (/^0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][+-]?\d+)?$/.test(body)) {
    const [, int = '', frac = '', exp = '0'] = /^0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)(?:[pP]([+-]?\d+))?$/.exec(body)!;
    v = (parseInt(int + frac || '0', 16) / 16 ** frac.length) * 2 ** Number(exp);
    if (!Number.isFinite(v)) return undefined;
  } else {
    return undefined; // NaN, or characters left over
  }
  return m[1] === '-' ? -v : v;
}

interface SortItem {
  element: Bytes;
  score: number;
  /** ALPHA with BY: the external value compared, or undefined when the key is missing. */
  by: Bytes | undefined;
}

function compareBytes(a: Bytes, b: Bytes): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** sortCompare: numbers (ties by the elements' bytes), or bytes; strcoll stops at NUL. */
function comparator(o: SortOptions): (a: SortItem, b: SortItem) => number {
  const sign = o.desc ? -1 : 1;
  if (!o.alpha) {
    return (a, b) => sign * (a.score > b.score ? 1 : a.score < b.score ? -1 : compareBytes(a.element, b.element));
  }
  const collate = o.store !== undefined ? compareBytes : (a: Bytes, b: Bytes) => compareBytes(cString(a), cString(b));
  if (o.by !== undefined) {
    return (a, b) => {
      if (a.by === undefined || b.by === undefined) return sign * (a.by === b.by ? 0 : a.by === undefined ? -1 : 1);
      return sign * collate(a.by, b.by);
    };
  }
  return (a, b) => sign * collate(a.element, b.element);
}

/** The elements to sort, in the value's own order (a range of it when nothing will be sorted). */
function loadElements(value: RedisList | RedisSet | ZSet | undefined, o: SortOptions, start: number, end: number): Bytes[] {
  if (value === undefined) return [];
  if (value.type === 'list') {
    if (o.dontSort) {
      const out: Bytes[] = [];
      const n = value.length;
      for (let i = start; i <= end; i++) out.push(value.at(o.desc ? n - 1 - i : i));
      return out;
    }
    return value.slice(0, value.length - 1);
  }
  if (value.type === 'set') return [...value.members()];
  if (o.dontSort) {
    // The range by rank, from either end (O(log n) per element: ranges are LIMIT-sized).
    const out: Bytes[] = [];
    const len = value.size;
    for (let i = start; i <= end; i++) {
      const node = value.zsl.getByRank(o.desc ? len - i : i + 1);
      if (node === null) break;
      out.push(node.ele);
    }
    return out;
  }
  return [...value.dict.keys()];
}

function sortGeneric(c: Session, argv: Bytes[], readonly: boolean): Reply {
  const o = parseOptions(argv, readonly);
  const e = c.db.lookupRead(argv[1]!);
  let value: RedisList | RedisSet | ZSet | undefined;
  if (e !== undefined) {
    const v = e.value;
    if (typeof v === 'string' || (v.type !== 'list' && v.type !== 'set' && v.type !== 'zset')) throw new CommandError(WRONGTYPE);
    value = v as RedisList | RedisSet | ZSet;
  }
  // A set has no order of its own: unsorted output that is stored must still be deterministic.
  if (o.dontSort && value?.type === 'set' && o.store !== undefined) {
    o.dontSort = false;
    o.alpha = true;
    o.by = undefined;
  }
  // SORT converts a listpack sorted set to a skiplist (zsetConvert), which OBJECT ENCODING shows.
  if (value?.type === 'zset') value.listpack = false;

  const length = value === undefined ? 0 : value.type === 'list' ? value.length : value.size;
  let start = o.limitStart < 0 ? 0 : o.limitStart;
  let end = o.limitCount < 0 ? length - 1 : start + o.limitCount - 1;
  if (start >= length) {
    start = length - 1;
    end = length - 2;
  }
  if (end >= length) end = length - 1;

  let elements: Bytes[];
  const ranged = value !== undefined && value.type !== 'set' && o.dontSort;
  if (ranged) {
    elements = end >= start ? loadElements(value, o, start, end) : [];
    end -= start;
    start = 0;
  } else {
    elements = loadElements(value, o, start, end);
  }

  let items: SortItem[] = elements.map((element) => ({ element, score: 0, by: undefined }));
  let conversionError = false;
  if (!o.dontSort) {
    for (const item of items) {
      let byValue: Bytes | undefined;
      if (o.by !== undefined) {
        byValue = lookupByPattern(c, o.by, item.element);
        if (byValue === undefined) continue;
      } else {
        byValue = item.element;
      }
      if (o.alpha) {
        if (o.by !== undefined) item.by = byValue;
      } else {
        const score = sortScore(byValue);
        if (score === undefined) conversionError = true;
        else item.score = score;
      }
    }
    items = items.sort(comparator(o));
  }
  if (conversionError) throw new CommandError(SCORE_ERROR);

  const out: Bytes[] = [];
  const replies: Reply[] = [];
  for (let j = start; j <= end; j++) {
    const element = items[j]!.element;
    if (o.gets.length === 0) {
      out.push(element);
      replies.push(element);
      continue;
    }
    for (const pattern of o.gets) {
      const got = lookupByPattern(c, pattern, element);
      out.push(got ?? '');
      replies.push(got ?? null);
    }
  }
  if (o.store === undefined) return replies;

  const dest = o.store;
  if (out.length > 0) {
    const list = RedisList.create(c.engine.config);
    for (const v of out) list.pushTail(v);
    c.db.setKey(dest, list);
    c.engine.notify(Notify.List, 'sortstore', dest, c.db.id);
  } else if (c.db.delete(dest)) {
    c.engine.notify(Notify.Generic, 'del', dest, c.db.id);
  }
  return out.length;
}

export const sortCommands: CommandDef[] = [
  { name: 'sort', handler: (c, argv) => sortGeneric(c, argv, false) },
  { name: 'sort_ro', handler: (c, argv) => sortGeneric(c, argv, true) },
];
