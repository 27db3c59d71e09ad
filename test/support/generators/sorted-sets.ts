/**
 * Sorted set commands (t_zset.c). Members come from a small pool of their own plus the run's
 * values; scores and range bounds include the infinities, exclusive bounds, -0, and texts that
 * are not floats. Sets stay listpacks here: a lex range over members whose scores differ has no
 * defined answer, and in a skiplist Redis's answer depends on its random node levels. The
 * skiplist encoding and its conversions are tested by hand (test/commands/sorted-sets.test.ts).
 */
import fc from 'fast-check';
import type { Arg, GenProgram } from '../model.js';
import { alt, cmd, int, key, keys, kw, lit, many, opt, programOf, someOf, type Spec, stepOf, value } from './dsl.js';

const MEMBERS = ['a', 'b', 'c', 'm', '0', '1', 'x y', '\x00\xff'];

const member: fc.Arbitrary<Arg> = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...MEMBERS) }, { weight: 1, arbitrary: value });
const members = (min: number, max: number) => many(member, min, max);

/** Scores: mostly small and equal ones (ties order by member), the infinities, and bad floats. */
const score = fc.oneof(
  { weight: 6, arbitrary: lit('1', '2', '0', '-1', '1.5', '0.1', '3') },
  { weight: 1, arbitrary: lit('-0', 'inf', '-inf', '+inf', '1e3', '1e308', '5e-324') },
  { weight: 1, arbitrary: lit('x', 'nan', '', ' 1', '1e400') },
);

const scoreBound = fc.oneof(
  { weight: 5, arbitrary: lit('-inf', '+inf', '0', '1', '2', '(1', '(2', '1.5', '(0') },
  { weight: 1, arbitrary: lit('x', '(', '', 'nan', '(inf', '1e400', ' 2', '0x1') },
);

const lexBound = fc.oneof(
  { weight: 5, arbitrary: lit('-', '+', '[a', '(a', '[b', '(c', '[m', '(x y', '[0') },
  { weight: 1, arbitrary: lit('a', '', '+x', '[', '(') },
);

const rank = int(-4, 5, '-100', '100', '9223372036854775807', '-9223372036854775808', 'x');
const limit = cmd(kw('LIMIT'), lit('0', '1', '2', '-1'), lit('1', '2', '-1', '0', '10'));
const count = lit('0', '1', '2', '3', '10', '-1', '-2', 'x');

/** numkeys mostly right (1 to 3 keys follow), sometimes wrong. */
const numkeysAndKeys = fc.integer({ min: 1, max: 3 }).chain((n) =>
  cmd(fc.oneof({ weight: 8, arbitrary: fc.constant(String(n)) }, { weight: 1, arbitrary: fc.constantFrom('0', '-1', '4', 'x') }), keys(n, n)),
);
const weightsFor = fc.integer({ min: 1, max: 3 }).chain((n) => cmd(kw('WEIGHTS'), many(lit('1', '2', '0.5', '-1', '0', 'inf', 'x'), n, n)));
const aggregate = cmd(kw('AGGREGATE'), alt(kw('SUM', 'MIN', 'MAX'), lit('avg')));
const combineOptions = someOf(weightsFor, aggregate, kw('WITHSCORES'));
const storeOptions = someOf(weightsFor, aggregate);

const rangeOptions = someOf(kw('BYSCORE', 'BYLEX'), kw('REV'), limit, kw('WITHSCORES'));

/** ZRANGE by rank, score or lex, with bounds to match the range type (and sometimes not). */
const zrangeBounds = fc.oneof(cmd(rank, rank), cmd(scoreBound, scoreBound), cmd(lexBound, lexBound));

export const sortedSetSpecs: Spec[] = [
  { name: 'ZADD', arb: cmd('ZADD', key, someOf(kw('NX', 'XX'), kw('GT', 'LT'), kw('CH'), kw('INCR')), many(cmd(score, member), 1, 4)), weight: 8 },
  { name: 'ZINCRBY', arb: cmd('ZINCRBY', key, score, member), weight: 2 },
  { name: 'ZCARD', arb: cmd('ZCARD', key) },
  { name: 'ZSCORE', arb: cmd('ZSCORE', key, member), weight: 2 },
  { name: 'ZMSCORE', arb: cmd('ZMSCORE', key, members(1, 3)) },
  { name: 'ZRANK', arb: cmd('ZRANK', key, member), weight: 2 },
  { name: 'ZREVRANK', arb: cmd('ZREVRANK', key, member) },
  { name: 'ZREM', arb: cmd('ZREM', key, members(1, 3)), weight: 2 },
  { name: 'ZCOUNT', arb: cmd('ZCOUNT', key, scoreBound, scoreBound) },
  { name: 'ZLEXCOUNT', arb: cmd('ZLEXCOUNT', key, lexBound, lexBound) },
  { name: 'ZRANGE', arb: cmd('ZRANGE', key, zrangeBounds, rangeOptions), weight: 4 },
  { name: 'ZRANGEBYSCORE', arb: cmd('ZRANGEBYSCORE', key, scoreBound, scoreBound, someOf(kw('WITHSCORES'), limit)), weight: 2 },
  { name: 'ZREVRANGEBYSCORE', arb: cmd('ZREVRANGEBYSCORE', key, scoreBound, scoreBound, someOf(kw('WITHSCORES'), limit)) },
  { name: 'ZRANGEBYLEX', arb: cmd('ZRANGEBYLEX', key, lexBound, lexBound, opt(limit)) },
  { name: 'ZREVRANGEBYLEX', arb: cmd('ZREVRANGEBYLEX', key, lexBound, lexBound, opt(limit)) },
  { name: 'ZREVRANGE', arb: cmd('ZREVRANGE', key, rank, rank, opt(kw('WITHSCORES'))) },
  { name: 'ZRANGESTORE', arb: cmd('ZRANGESTORE', key, key, zrangeBounds, someOf(kw('BYSCORE', 'BYLEX'), kw('REV'), limit)), weight: 2 },
  { name: 'ZREMRANGEBYRANK', arb: cmd('ZREMRANGEBYRANK', key, rank, rank) },
  { name: 'ZREMRANGEBYSCORE', arb: cmd('ZREMRANGEBYSCORE', key, scoreBound, scoreBound) },
  { name: 'ZREMRANGEBYLEX', arb: cmd('ZREMRANGEBYLEX', key, lexBound, lexBound) },
  { name: 'ZPOPMIN', arb: cmd('ZPOPMIN', key, opt(count)), weight: 2 },
  { name: 'ZPOPMAX', arb: cmd('ZPOPMAX', key, opt(count)), weight: 2 },
  { name: 'ZMPOP', arb: cmd('ZMPOP', numkeysAndKeys, alt(kw('MIN', 'MAX'), lit('MID')), opt(cmd(kw('COUNT'), count))), weight: 2 },
  { name: 'ZRANDMEMBER', arb: cmd('ZRANDMEMBER', key, opt(cmd(count, opt(kw('WITHSCORES'))))), weight: 2 },
  {
    // A COUNT past any set's size: one page. Where a smaller page of a skiplist's dict ends
    // depends on the server's hash seed, so paging is tested by hand (test/commands/sorted-sets.test.ts).
    name: 'ZSCAN',
    arb: cmd('ZSCAN', key, lit('0', '0', 'x'), opt(cmd(kw('MATCH'), lit('*', 'a*', '?', '[ab]', '*y*'))), opt(cmd(kw('COUNT'), lit('100', '0', 'x')))),
    mutate: false,
  },
  { name: 'ZUNION', arb: cmd('ZUNION', numkeysAndKeys, combineOptions), weight: 2 },
  { name: 'ZINTER', arb: cmd('ZINTER', numkeysAndKeys, combineOptions), weight: 2 },
  { name: 'ZDIFF', arb: cmd('ZDIFF', numkeysAndKeys, opt(kw('WITHSCORES'))) },
  { name: 'ZUNIONSTORE', arb: cmd('ZUNIONSTORE', key, numkeysAndKeys, storeOptions) },
  { name: 'ZINTERSTORE', arb: cmd('ZINTERSTORE', key, numkeysAndKeys, storeOptions) },
  { name: 'ZDIFFSTORE', arb: cmd('ZDIFFSTORE', key, numkeysAndKeys) },
  { name: 'ZINTERCARD', arb: cmd('ZINTERCARD', numkeysAndKeys, opt(cmd(kw('LIMIT'), lit('0', '1', '2', '-1', 'x')))) },
  { name: 'OBJECT ENCODING', arb: cmd('OBJECT', kw('ENCODING'), key) },
];

/** Specs whose answer over a skiplist is defined whatever the scores (no lex ranges). */
const LEX = new Set(['ZLEXCOUNT', 'ZRANGEBYLEX', 'ZREVRANGEBYLEX', 'ZREMRANGEBYLEX']);
const byRankOrScore = fc.oneof(cmd(rank, rank), cmd(scoreBound, scoreBound, kw('BYSCORE')));
export const skiplistSpecs: Spec[] = [
  ...sortedSetSpecs.filter((s) => !LEX.has(s.name) && s.name !== 'ZRANGE' && s.name !== 'ZRANGESTORE'),
  { name: 'ZRANGE', arb: cmd('ZRANGE', key, byRankOrScore, someOf(kw('REV'), limit, kw('WITHSCORES'))), weight: 4 },
  { name: 'ZRANGESTORE', arb: cmd('ZRANGESTORE', key, key, byRankOrScore, someOf(kw('REV'), limit)), weight: 2 },
];

/**
 * The same commands over skiplists: each run starts with a low zset-max-listpack-entries, so sets
 * convert as they grow (and *STORE results pick their encoding by size).
 */
export const skiplistProgram: fc.Arbitrary<GenProgram> = fc
  .tuple(lit('0', '1', '2', '3'), programOf(stepOf(skiplistSpecs)))
  .map(([limit, p]): GenProgram => ({ ...p, steps: [{ conn: 0, argv: ['CONFIG', 'SET', 'zset-max-listpack-entries', limit as string] }, ...p.steps] }));
