/**
 * SORT and SORT_RO (sort.c) over lists, sets and sorted sets built from the run's pools, with
 * external weights (`w_*`), hash fields (`h_*->f`) and GET patterns.
 *
 * Its own group, outside `mixed`: Redis 7.0 never clears errno before SORT's strtod, so after any
 * command whose float parse overflowed (ZADD k 1e400 m) numeric SORTs fail until a system call
 * happens to reset errno. Programs here never overflow, so the oracle's answers are its real ones.
 * Left out on purpose, since the oracle's answer depends on its hash table's order: BY nosort on a
 * set without STORE, ALPHA BY (ties keep the dict order), and elements with NUL bytes (ALPHA
 * compares with strcoll, which stops at the NUL, so they tie).
 */
import { alt, cmd, int, key, kw, lit, many, opt, someOf, type Spec, value } from './dsl.js';

/** Elements come from a small fixed set, so the keys their patterns name exist often. */
const ELEMENTS = ['1', '2', '3', '10', '-1', '2.5', 'a', 'b', 'B', '', '\xff\xfe'];
const element = lit(...ELEMENTS);
const weightKey = lit(...ELEMENTS.map((e) => `w_${e}`));
const hashKey = lit(...ELEMENTS.map((e) => `h_${e}`));
const score = lit('1', '2', '-3', '2.5', '0', '10');
const limit = cmd(kw('LIMIT'), int(-1, 4, '100'), int(-1, 4, '100'));
const getPattern = lit('#', 'w_*', 'h_*->f', 'h_*->g', 'nostar', 'w_*->f');
const byPattern = lit('w_*', 'h_*->f', 'missing_*');

const sortOptions = someOf(cmd(kw('BY'), byPattern), limit, many(cmd(kw('GET'), getPattern), 1, 2), kw('ASC', 'DESC'));
const alphaOptions = someOf(limit, many(cmd(kw('GET'), getPattern), 1, 2), kw('ASC', 'DESC'));

export const sortSpecs: Spec[] = [
  { name: 'SORT', arb: cmd('SORT', key, alt(sortOptions, cmd(kw('ALPHA'), alphaOptions))), weight: 4 },
  { name: 'SORT STORE', arb: cmd('SORT', key, opt(alt(cmd(kw('BY'), lit('nosort')), sortOptions)), kw('STORE'), key), weight: 2 },
  { name: 'SORT_RO', arb: cmd('SORT_RO', key, alt(sortOptions, cmd(kw('ALPHA'), alphaOptions))), weight: 2 },
];

/** The data SORT reads: collections of pool values, and the keys its patterns name. */
export const sortDataSpecs: Spec[] = [
  { name: 'RPUSH (sort data)', arb: cmd('RPUSH', key, many(element, 1, 4)), weight: 2 },
  { name: 'SADD (sort data)', arb: cmd('SADD', key, many(element, 1, 4)), weight: 2 },
  { name: 'ZADD (sort data)', arb: cmd('ZADD', key, many(cmd(score, element), 1, 3)), weight: 2 },
  { name: 'SET w_* (sort data)', arb: cmd('SET', weightKey, alt(score, value)), weight: 3 },
  { name: 'HSET h_* (sort data)', arb: cmd('HSET', hashKey, lit('f', 'g'), alt(score, value)), weight: 2 },
  { name: 'LRANGE (sort data)', arb: cmd('LRANGE', key, lit('0'), lit('-1')) },
];
