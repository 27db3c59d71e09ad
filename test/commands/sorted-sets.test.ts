/**
 * Sorted set commands against the oracle: every option and error of t_zset.c, score formatting,
 * range bounds, encodings (OBJECT ENCODING) and RESP3 shapes. Random replies (ZRANDMEMBER) and
 * ZSCAN pages of a skiplist are compared sorted.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { expectSameAsOracle, runOnStub, type Script } from '../support/differential.js';
import type { JsonReply } from '../support/reply-json.js';
import { onTheWire } from './resp-view.js';
import { ZSet } from '../../src/engine/types/zset.js';
import { Notify } from '../../src/engine/notify.js';
import { Session } from '../../src/engine/session.js';

/**
 * Scripts that switch to RESP3 switch back at the end (the oracle connection is shared between
 * tests); HELLO replies carry connection ids, so they are compared without them.
 */
async function same(script: Script, normalize?: (argv: string[], r: JsonReply) => JsonReply): Promise<void> {
  const full = script.some((a) => a[0] === 'HELLO') ? [...script, ['HELLO', '2']] : [...script];
  if (script.some((a) => a[0] === 'CONFIG')) full.push(['CONFIG', 'SET', 'zset-max-listpack-entries', '128', 'zset-max-listpack-value', '64']);
  await expectSameAsOracle(full, onTheWire(full, (argv, r) => (argv[0] === 'HELLO' ? 'hello' : normalize ? normalize(argv, r) : r)));
}

function sortItems(xs: JsonReply[]): JsonReply[] {
  return [...xs].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
}

/** Pairs member/score (flat in RESP2) and sorts them: ZRANDMEMBER picks and skiplist ZSCAN pages. */
function unordered(argv: string[], r: JsonReply): JsonReply {
  const name = argv[0]!.toUpperCase();
  if (name === 'ZSCAN' && Array.isArray(r) && Array.isArray(r[1])) {
    const flat = r[1];
    const pairs: JsonReply[] = [];
    for (let i = 0; i < flat.length; i += 2) pairs.push([flat[i]!, flat[i + 1]!]);
    return [r[0]!, sortItems(pairs)];
  }
  if (name === 'ZRANDMEMBER' && Array.isArray(r)) {
    const withScores = argv.some((a) => a.toUpperCase() === 'WITHSCORES');
    if (!withScores || r.some(Array.isArray)) return sortItems(r);
    const pairs: JsonReply[] = [];
    for (let i = 0; i < r.length; i += 2) pairs.push([r[i]!, r[i + 1]!]);
    return sortItems(pairs);
  }
  return r;
}

const LONG = 'x'.repeat(70);

describe('ZADD', () => {
  it('adds, updates and counts with NX XX GT LT CH INCR', async () => {
    await same([
      ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'],
      ['ZADD', 'z', '1', 'a', '5', 'b', '0', 'd'],
      ['ZADD', 'z', 'CH', '1', 'a', '6', 'b', '0', 'e'],
      ['ZADD', 'z', 'NX', '9', 'a', '9', 'f'],
      ['ZADD', 'z', 'XX', '9', 'a', '9', 'g'],
      ['ZADD', 'z', 'XX', 'CH', '10', 'a', '9', 'g'],
      ['ZADD', 'z', 'GT', 'CH', '1', 'a', '20', 'b', '7', 'h'],
      ['ZADD', 'z', 'LT', 'CH', '1', 'a', '30', 'b', '7', 'i'],
      ['ZADD', 'z', 'XX', 'GT', 'CH', '100', 'a'],
      ['ZADD', 'z', 'INCR', '2.5', 'a'],
      ['ZADD', 'z', 'INCR', 'NX', '2.5', 'a'],
      ['ZADD', 'z', 'INCR', 'XX', '2.5', 'zz'],
      ['ZADD', 'z', 'INCR', 'GT', '-1', 'a'],
      ['ZADD', 'z', 'INCR', 'LT', '-1', 'a'],
      ['ZADD', 'z', 'INCR', 'LT', '0', 'a'],
      ['ZADD', 'nz', 'XX', '1', 'a'],
      ['ZADD', 'nz', 'XX', 'INCR', '1', 'a'],
      ['EXISTS', 'nz'],
      ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
      ['zadd', 'z', 'ch', 'gt', 'xx', '1000', 'c'],
      ['ZSCORE', 'z', 'c'],
    ]);
  });

  it('rejects conflicting options, odd pairs, bad floats and NaN', async () => {
    await same([
      ['ZADD', 'z', '1', 'a'],
      ['ZADD', 'z', 'NX', 'XX', '1', 'a'],
      ['ZADD', 'z', 'NX', 'GT', '1', 'a'],
      ['ZADD', 'z', 'LT', 'NX', '1', 'a'],
      ['ZADD', 'z', 'GT', 'LT', '1', 'a'],
      ['ZADD', 'z', 'NX', 'XX', 'GT', '1', 'a'],
      ['ZADD', 'z', 'INCR', '1', 'a', '2', 'b'],
      ['ZADD', 'z', '1', 'a', '2'],
      ['ZADD', 'z', 'NX'],
      ['ZADD', 'z', 'x', 'a'],
      ['ZADD', 'z', 'nan', 'a'],
      ['ZADD', 'z', ' 1', 'a'],
      ['ZADD', 'z', '1e400', 'a'],
      ['ZADD', 'z', '1', 'a', 'bad', 'b'],
      ['ZADD', 'z', 'inf', 'a'],
      ['ZADD', 'z', 'INCR', '-inf', 'a'],
      ['ZINCRBY', 'z', '-inf', 'a'],
      ['ZINCRBY', 'z', '+inf', 'a'],
      ['ZSCORE', 'z', 'a'],
      ['SET', 's', 'v'],
      ['ZADD', 's', '1', 'a'],
      ['ZADD', 's', 'x', 'a'],
      ['ZINCRBY', 'z', 'nx', 'a'],
    ]);
  });

  it('formats scores as Redis 7.0 (%.17g)', async () => {
    await same([
      ['ZADD', 'z', '0.1', 'a', '-0', 'b', '1e20', 'c', '3.0', 'd', '0x10', 'e', '1.5e-7', 'f', '-inf', 'g'],
      ['ZSCORE', 'z', 'a'],
      ['ZSCORE', 'z', 'b'],
      ['ZMSCORE', 'z', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'nope'],
      ['ZMSCORE', 'nokey', 'a'],
      ['ZINCRBY', 'z', '0.2', 'a'],
      ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
      ['HELLO', '3'],
      ['ZSCORE', 'z', 'a'],
      ['ZMSCORE', 'z', 'a', 'x'],
      ['ZINCRBY', 'z', '1', 'a'],
      ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
      ['ZADD', 'z', 'INCR', 'NX', '1', 'a'],
    ]);
  });

  it('picks listpack or skiplist as Redis does, one way', async () => {
    await same([
      ['CONFIG', 'SET', 'zset-max-listpack-entries', '3'],
      ['ZADD', 'a', '1', 'x', '2', 'y', '3', 'z'],
      ['OBJECT', 'ENCODING', 'a'],
      ['ZADD', 'a', '4', 'w'],
      ['OBJECT', 'ENCODING', 'a'],
      ['ZREM', 'a', 'w', 'x'],
      ['OBJECT', 'ENCODING', 'a'],
      ['ZADD', 'b', '1', LONG],
      ['OBJECT', 'ENCODING', 'b'],
      ['ZADD', 'c', '1', 'x', '1', 'x', '1', 'x', '1', 'x'],
      ['OBJECT', 'ENCODING', 'c'],
      ['ZADD', 'd', '1', 'x', '2', LONG],
      ['OBJECT', 'ENCODING', 'd'],
      ['ZREM', 'd', LONG],
      ['ZUNIONSTORE', 'e', '1', 'd'],
      ['OBJECT', 'ENCODING', 'e'],
      ['ZRANGESTORE', 'f', 'a', '0', '-1'],
      ['OBJECT', 'ENCODING', 'f'],
      ['ZADD', 'a', '9', 'q', '10', 'r'],
      ['ZRANGESTORE', 'f', 'a', '0', '-1'],
      ['OBJECT', 'ENCODING', 'f'],
      ['CONFIG', 'SET', 'zset-max-listpack-entries', '0'],
      ['ZADD', 'g', '1', 'x'],
      ['OBJECT', 'ENCODING', 'g'],
      ['CONFIG', 'SET', 'zset-max-listpack-entries', '128'],
      ['COPY', 'a', 'h'],
      ['OBJECT', 'ENCODING', 'h'],
      ['ZRANGE', 'h', '0', '-1', 'WITHSCORES'],
    ]);
  });
});

describe('ZCARD ZSCORE ZRANK ZREVRANK ZREM ZCOUNT ZLEXCOUNT', () => {
  it('answers on present, missing and wrong-type keys', async () => {
    await same([
      ['ZADD', 'z', '1', 'a', '2', 'b', '2', 'c', '3', 'd'],
      ['ZCARD', 'z'], ['ZCARD', 'nz'],
      ['ZRANK', 'z', 'a'], ['ZRANK', 'z', 'c'], ['ZREVRANK', 'z', 'a'], ['ZREVRANK', 'z', 'd'],
      ['ZRANK', 'z', 'x'], ['ZRANK', 'nz', 'x'], ['ZSCORE', 'nz', 'a'],
      ['ZCOUNT', 'z', '-inf', '+inf'], ['ZCOUNT', 'z', '(1', '3'], ['ZCOUNT', 'z', '(1', '(3'],
      ['ZCOUNT', 'z', '2', '2'], ['ZCOUNT', 'z', '(2', '2'], ['ZCOUNT', 'z', '3', '1'],
      ['ZCOUNT', 'z', '(', '5'], ['ZCOUNT', 'z', '', '5'], ['ZCOUNT', 'z', ' 1', '5'], ['ZCOUNT', 'z', '0x2', '5'],
      ['ZCOUNT', 'z', '1e400', 'inf'], ['ZCOUNT', 'z', '-1e400', '2'], ['ZCOUNT', 'z', '1\x00junk', '5'],
      ['ZCOUNT', 'z', 'nan', '5'], ['ZCOUNT', 'z', '1', 'x'], ['ZCOUNT', 'z', '1 ', '5'], ['ZCOUNT', 'z', '-INF', '+Infinity'],
      ['ZCOUNT', 'nz', 'x', '1'], ['ZCOUNT', 'nz', '1', '2'],
      ['ZLEXCOUNT', 'z', '-', '+'], ['ZLEXCOUNT', 'z', '+', '-'], ['ZLEXCOUNT', 'z', '-', '-'], ['ZLEXCOUNT', 'z', '+', '+'],
      ['ZLEXCOUNT', 'z', '[a', '(c'], ['ZLEXCOUNT', 'z', '(a', '[c'], ['ZLEXCOUNT', 'z', '[b', '[b'], ['ZLEXCOUNT', 'z', '(b', '[b'],
      ['ZLEXCOUNT', 'z', 'a', 'c'], ['ZLEXCOUNT', 'z', '', '+'], ['ZLEXCOUNT', 'z', '+x', '+'], ['ZLEXCOUNT', 'z', '-\x00', '+'],
      ['ZLEXCOUNT', 'nz', 'a', 'b'], ['ZLEXCOUNT', 'nz', '-', '+'],
      ['ZREM', 'z', 'a', 'x', 'a'], ['ZREM', 'nz', 'a'], ['ZREM', 'z', 'b', 'c', 'd', 'e'], ['EXISTS', 'z'],
      ['SET', 's', 'v'],
      ['ZCARD', 's'], ['ZSCORE', 's', 'a'], ['ZMSCORE', 's', 'a'], ['ZRANK', 's', 'a'], ['ZREM', 's', 'a'],
      ['ZCOUNT', 's', '1', '2'], ['ZCOUNT', 's', 'x', '2'], ['ZLEXCOUNT', 's', '-', '+'],
    ]);
  });

  it('ranks in a skiplist with ties broken by member', async () => {
    const script: Script = [['CONFIG', 'SET', 'zset-max-listpack-entries', '4']];
    for (let i = 0; i < 60; i++) script.push(['ZADD', 'z', String(i % 7), `m${i}`]);
    for (let i = 0; i < 60; i += 7) script.push(['ZRANK', 'z', `m${i}`], ['ZREVRANK', 'z', `m${i}`]);
    for (let i = 0; i < 40; i++) script.push(['ZADD', 'lex', '0', `m${i}`]);
    script.push(['ZCOUNT', 'z', '(2', '5'], ['ZLEXCOUNT', 'lex', '[m1', '(m5'], ['ZRANGE', 'lex', '(m1', '[m2', 'BYLEX', 'REV', 'LIMIT', '1', '3']);
    script.push(['ZREMRANGEBYLEX', 'lex', '(m2', '[m3'], ['ZRANGE', 'lex', '0', '-1'], ['OBJECT', 'ENCODING', 'z']);
    for (let i = 0; i < 60; i += 3) script.push(['ZINCRBY', 'z', String((i % 5) - 2), `m${i}`]);
    script.push(['ZRANGE', 'z', '0', '-1', 'WITHSCORES']);
    for (let i = 0; i < 60; i += 2) script.push(['ZREM', 'z', `m${i}`]);
    script.push(['ZRANGE', 'z', '0', '-1', 'WITHSCORES'], ['ZRANK', 'z', 'm59'], ['ZCARD', 'z']);
    await same(script);
  });
});

describe('ZRANGE and friends', () => {
  const setup: Script = [['ZADD', 'z', '1', 'a', '2', 'b', '2', 'c', '3', 'd', '4', 'e', '-inf', 'lo', '+inf', 'hi']];
  it('ranges by rank, score and lex, with REV, LIMIT and WITHSCORES', async () => {
    await same([
      ...setup,
      ['ZRANGE', 'z', '0', '-1'], ['ZRANGE', 'z', '1', '3', 'WITHSCORES'], ['ZRANGE', 'z', '-3', '-1'], ['ZRANGE', 'z', '5', '100'],
      ['ZRANGE', 'z', '3', '1'], ['ZRANGE', 'z', '-100', '1'], ['ZRANGE', 'z', '0', '-1', 'REV', 'WITHSCORES'],
      ['ZRANGE', 'z', '(1', '3', 'BYSCORE'], ['ZRANGE', 'z', '3', '(1', 'BYSCORE', 'REV', 'WITHSCORES'],
      ['ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', '1', '2'], ['ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', '1', '-1'],
      ['ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', '-1', '2'], ['ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', '0', '0'],
      ['ZRANGE', 'z', '+inf', '-inf', 'BYSCORE', 'REV', 'LIMIT', '2', '3', 'WITHSCORES'],
      ['ZRANGE', 'z', '[b', '(e', 'BYLEX'], ['ZRANGE', 'z', '+', '-', 'BYLEX', 'REV', 'LIMIT', '1', '2'], ['ZRANGE', 'z', '-', '+', 'BYLEX'],
      ['ZRANGE', 'z', '0', '1', 'LIMIT', '0', '1'], ['ZRANGE', 'z', '-', '+', 'BYLEX', 'WITHSCORES'],
      ['ZRANGE', 'z', '0', '1', 'BYSCORE', 'BYLEX'], ['ZRANGE', 'z', '0', '1', 'REV', 'REV'], ['ZRANGE', 'z', '0', '1', 'LIMIT', '1'],
      ['ZRANGE', 'z', 'x', '1'], ['ZRANGE', 'z', 'x', '1', 'BYSCORE'], ['ZRANGE', 'z', 'x', '1', 'BYLEX'], ['ZRANGE', 'z', '0', '1', 'FOO'],
      ['ZRANGE', 'z', '0', '1', 'BYSCORE', 'LIMIT', 'x', '1'], ['ZRANGE', 'nz', '0', '1'], ['ZRANGE', 'nz', 'x', '1'],
      ['ZRANGEBYSCORE', 'z', '2', '3', 'WITHSCORES', 'LIMIT', '0', '5'], ['ZRANGEBYSCORE', 'z', '2', '3', 'BYSCORE'],
      ['ZREVRANGEBYSCORE', 'z', '3', '2'], ['ZREVRANGEBYSCORE', 'z', '2', '3'], ['ZREVRANGEBYSCORE', 'z', '(3', '-inf', 'LIMIT', '1', '1'],
      ['ZRANGEBYLEX', 'z', '[a', '[c'], ['ZRANGEBYLEX', 'z', '[a', '[c', 'WITHSCORES'], ['ZREVRANGEBYLEX', 'z', '[c', '[a', 'LIMIT', '0', '2'],
      ['ZREVRANGE', 'z', '0', '2', 'WITHSCORES'], ['ZREVRANGE', 'z', '0', '2', 'LIMIT', '0', '1'], ['ZREVRANGE', 'z', '0', '2', 'REV'],
      ['HELLO', '3'],
      ['ZRANGE', 'z', '0', '2', 'WITHSCORES'], ['ZREVRANGEBYSCORE', 'z', '+inf', '-inf', 'WITHSCORES'], ['ZRANGE', 'z', '0', '2'],
    ]);
  });

  it('stores ranges (ZRANGESTORE) and removes them (ZREMRANGEBY*)', async () => {
    await same([
      ...setup,
      ['ZRANGESTORE', 'd', 'z', '0', '2'], ['ZRANGE', 'd', '0', '-1', 'WITHSCORES'],
      ['ZRANGESTORE', 'd', 'z', '4', '(1', 'BYSCORE', 'REV', 'LIMIT', '0', '2'], ['ZRANGE', 'd', '0', '-1', 'WITHSCORES'],
      ['ZRANGESTORE', 'd', 'z', '[b', '+', 'BYLEX'], ['ZRANGE', 'd', '0', '-1'],
      ['ZRANGESTORE', 'd', 'z', '0', '1', 'WITHSCORES'], ['ZRANGESTORE', 'd', 'z', '5', '1'], ['EXISTS', 'd'],
      ['ZRANGESTORE', 'd', 'nz', '0', '1'], ['SET', 'str', 'v'], ['ZRANGESTORE', 'str', 'z', '0', '0'], ['TYPE', 'str'],
      ['ZRANGESTORE', 'd', 'str', '0', '0'],
      ['ZREMRANGEBYRANK', 'z', '0', '0'], ['ZREMRANGEBYRANK', 'z', '-1', '-1'], ['ZREMRANGEBYRANK', 'z', '5', '10'],
      ['ZREMRANGEBYRANK', 'z', 'x', '1'], ['ZREMRANGEBYRANK', 'nz', '0', '1'],
      ['ZREMRANGEBYSCORE', 'z', '(1', '2'], ['ZREMRANGEBYSCORE', 'z', 'x', '2'], ['ZRANGE', 'z', '0', '-1'],
      ['ZREMRANGEBYLEX', 'z', '[a', '[d'], ['ZREMRANGEBYLEX', 'z', 'a', '[d'], ['ZRANGE', 'z', '0', '-1'],
      ['ZREMRANGEBYSCORE', 'z', '-inf', '+inf'], ['EXISTS', 'z'], ['ZREMRANGEBYLEX', 'str', '-', '+'],
    ]);
  });
});

describe('ZPOPMIN ZPOPMAX ZMPOP', () => {
  it('pops with counts, deletes emptied keys, and shapes RESP3 replies', async () => {
    await same([
      ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd'],
      ['ZPOPMIN', 'z'], ['ZPOPMAX', 'z', '1'], ['ZPOPMIN', 'z', '0'], ['ZPOPMIN', 'z', '-1'], ['ZPOPMIN', 'z', 'x'],
      ['ZPOPMIN', 'z', '1', '2'], ['ZPOPMIN', 'nz'], ['ZPOPMIN', 'nz', '3'], ['ZPOPMAX', 'z', '10'], ['EXISTS', 'z'],
      ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'], ['ZADD', 'y', '5', 'e'],
      ['ZMPOP', '2', 'nz', 'z', 'MIN'], ['ZMPOP', '2', 'nz', 'z', 'MAX', 'COUNT', '5'], ['ZMPOP', '2', 'nz', 'z', 'MAX'],
      ['ZMPOP', '0', 'z', 'MIN'], ['ZMPOP', 'x', 'z', 'MIN'], ['ZMPOP', '1', 'y', 'MIN', 'COUNT', '0'], ['ZMPOP', '1', 'y', 'MIN', 'COUNT', 'x'],
      ['ZMPOP', '1', 'y', 'MIDDLE'], ['ZMPOP', '3', 'y', 'MIN'], ['ZMPOP', '1', 'y', 'MIN', 'COUNT', '1', 'COUNT', '1'], ['ZMPOP', '1', 'y', 'MIN', 'COUNT'],
      ['SET', 's', 'v'], ['ZMPOP', '2', 'nz', 's', 'MIN'], ['ZPOPMIN', 's'],
      ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'],
      ['HELLO', '3'],
      ['ZPOPMIN', 'z'], ['ZPOPMIN', 'z', '1'], ['ZMPOP', '1', 'z', 'MAX'], ['ZMPOP', '1', 'nz', 'MAX'], ['ZPOPMIN', 'nz'],
    ]);
  });
});

describe('ZRANDMEMBER ZSCAN', () => {
  it('answers what is deterministic exactly and random picks sorted', async () => {
    await same(
      [
        ['ZRANDMEMBER', 'nz'], ['ZRANDMEMBER', 'nz', '3'], ['ZRANDMEMBER', 'nz', 'x'],
        ['ZADD', 'one', '1.5', 'a'], ['ZRANDMEMBER', 'one'], ['ZRANDMEMBER', 'one', '-3', 'WITHSCORES'], ['ZRANDMEMBER', 'one', '5'],
        ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'], ['ZRANDMEMBER', 'z', '3', 'WITHSCORES'], ['ZRANDMEMBER', 'z', '10'],
        ['ZRANDMEMBER', 'z', '0'], ['ZRANDMEMBER', 'z', '1', 'FOO'], ['ZRANDMEMBER', 'z', '1', 'WITHSCORES', 'x'],
        ['ZRANDMEMBER', 'z', '9223372036854775807', 'WITHSCORES'], ['ZRANDMEMBER', 'z', '-9223372036854775807', 'WITHSCORES'],
        ['ZRANDMEMBER', 'z', 'x', 'WITHSCORES'], ['ZRANDMEMBER', 'z', '-9223372036854775808'], ['ZRANDMEMBER', 'nz', '-9223372036854775808', 'foo'],
        ['ZRANDMEMBER', 'z', '4611686018427387904', 'WITHSCORES'], ['ZRANDMEMBER', 'z', '-4611686018427387904', 'WITHSCORES'],
        ['HELLO', '3'], ['ZRANDMEMBER', 'z', '5', 'WITHSCORES'], ['ZRANDMEMBER', 'one', '-2', 'WITHSCORES'], ['HELLO', '2'],
        ['ZSCAN', 'z', '0'], ['ZSCAN', 'z', '0', 'MATCH', 'a*'], ['ZSCAN', 'z', '0', 'COUNT', '1'], ['ZSCAN', 'z', '0', 'COUNT', '0'],
        ['ZSCAN', 'z', '0', 'TYPE', 'zset'], ['ZSCAN', 'z', 'x'], ['ZSCAN', 'nz', '0'], ['ZSCAN', 'nz', 'x'], ['ZSCAN', 'z', '0', 'MATCH'],
        ['SET', 's', 'v'], ['ZSCAN', 's', '0'], ['ZRANDMEMBER', 's'],
        ['CONFIG', 'SET', 'zset-max-listpack-entries', '2'], ['ZADD', 'big', '1', 'a', '2', 'b', '3', 'c', '0.1', 'd'],
        ['ZSCAN', 'big', '0', 'COUNT', '100'], ['ZSCAN', 'big', '0', 'MATCH', '[ab]', 'COUNT', '100'],
      ],
      unordered,
    );
  });

  it('ZRANDMEMBER picks members, distinct for a positive count', () => {
    const replies = runOnStub([
      ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e'],
      ['ZRANDMEMBER', 'z', '3'],
      ['ZRANDMEMBER', 'z', '-8'],
      ['ZRANDMEMBER', 'z'],
    ]);
    const distinct = replies[1] as string[];
    expect(new Set(distinct).size).toBe(3);
    expect((replies[2] as string[]).length).toBe(8);
    for (const m of [...distinct, ...(replies[2] as string[]), replies[3] as string]) expect('abcde').toContain(m);
  });

  it('ZSCAN walks a large skiplist to the end, every member once', () => {
    const engine = new Engine({ activeExpire: false });
    const script: Script = [];
    for (let i = 0; i < 500; i++) script.push(['ZADD', 'z', String(i), `m${i}`]);
    runOnStub(script, engine);
    const seen = new Set<string>();
    let cursor = '0';
    do {
      const [next, items] = runOnStub([['ZSCAN', 'z', cursor, 'COUNT', '37']], engine)[0] as [string, string[]];
      for (let i = 0; i < items.length; i += 2) seen.add(items[i]!);
      cursor = next;
    } while (cursor !== '0');
    expect(seen.size).toBe(500);
    const z = engine.db(0).find('z')!.value as ZSet;
    expect(z.listpack).toBe(false);
  });
});

describe('ZUNION ZINTER ZDIFF and STORE forms, ZINTERCARD', () => {
  it('combines with WEIGHTS and AGGREGATE, sets included', async () => {
    await same([
      ['ZADD', 'a', '1', 'x', '2', 'y', '3', 'z'], ['ZADD', 'b', '10', 'y', '20', 'z', '30', 'w'], ['SADD', 'set', 'z', 'q'],
      ['ZUNION', '2', 'a', 'b', 'WITHSCORES'], ['ZINTER', '2', 'a', 'b', 'WITHSCORES'], ['ZDIFF', '2', 'a', 'b', 'WITHSCORES'],
      ['ZUNION', '2', 'a', 'b', 'WEIGHTS', '2', '0.5', 'AGGREGATE', 'MAX', 'WITHSCORES'],
      ['ZINTER', '2', 'a', 'b', 'AGGREGATE', 'min', 'WITHSCORES'], ['ZUNION', '3', 'a', 'b', 'set', 'WITHSCORES'],
      ['ZINTER', '2', 'a', 'set', 'WITHSCORES'], ['ZDIFF', '2', 'a', 'set'], ['ZUNION', '2', 'a', 'nz'], ['ZINTER', '2', 'a', 'nz'],
      ['ZADD', 'inf', '+inf', 'x', '-inf', 'y'], ['ZUNION', '2', 'inf', 'inf', 'WEIGHTS', '1', '-1', 'WITHSCORES'],
      ['ZUNION', '1', 'inf', 'WEIGHTS', '0', 'WITHSCORES'], ['ZINTER', '2', 'inf', 'a', 'WEIGHTS', '0', '1', 'AGGREGATE', 'MIN', 'WITHSCORES'],
      ['ZUNIONSTORE', 'd', '2', 'a', 'b'], ['ZRANGE', 'd', '0', '-1', 'WITHSCORES'],
      ['ZINTERSTORE', 'd', '2', 'a', 'b', 'WEIGHTS', '1', '2'], ['ZRANGE', 'd', '0', '-1', 'WITHSCORES'],
      ['ZDIFFSTORE', 'd', '2', 'b', 'a'], ['ZRANGE', 'd', '0', '-1', 'WITHSCORES'],
      ['ZINTERSTORE', 'd', '2', 'a', 'nz'], ['EXISTS', 'd'], ['ZUNIONSTORE', 'd', '1', 'a', 'WITHSCORES'],
      ['ZINTERCARD', '2', 'a', 'b'], ['ZINTERCARD', '2', 'a', 'b', 'LIMIT', '1'], ['ZINTERCARD', '2', 'a', 'b', 'LIMIT', '0'],
      ['ZINTERCARD', '1', 'a', 'LIMIT', '-1'], ['ZINTERCARD', '1', 'a', 'LIMIT', 'x'], ['ZINTERCARD', '0', 'a'], ['ZINTERCARD', '1', 'a', 'WEIGHTS', '1'],
      ['ZUNION', '0', 'a'], ['ZUNIONSTORE', 'd', '0', 'a'], ['ZUNION', 'x', 'a'], ['ZUNION', '3', 'a', 'b'], ['ZUNION', '1', 'a', 'WEIGHTS', 'x'],
      ['ZUNION', '1', 'a', 'WEIGHTS', '1', '2'], ['ZUNION', '1', 'a', 'AGGREGATE', 'avg'], ['ZUNION', '1', 'a', 'AGGREGATE'], ['ZDIFF', '1', 'a', 'WEIGHTS', '1'],
      ['ZDIFF', '1', 'a', 'AGGREGATE', 'SUM'], ['ZUNION', '1', 'a', 'WITHSCORES', 'WITHSCORES'], ['ZINTER', '-1', 'a'],
      ['SET', 'str', 'v'], ['ZUNION', '2', 'a', 'str'], ['ZUNION', '2', 'str', 'a', 'FOO'], ['ZINTERCARD', '1', 'str'],
      ['ZADD', 'big', '1', 'a', '2', 'b', '3', 'c', '4', 'd'], ['ZADD', 'small', '1', 'a'], ['ZDIFF', '2', 'big', 'small', 'WITHSCORES'],
      ['ZDIFF', '3', 'big', 'nz', 'small'], ['ZDIFF', '2', 'small', 'big'], ['ZDIFFSTORE', 'dd', '2', 'big', 'small'], ['ZRANGE', 'dd', '0', '-1'],
      ['ZADD', 'f1', '0.1', 'a', '0.2', 'b', '0.3', 'c'], ['ZADD', 'f2', '0.7', 'a'], ['ZADD', 'f3', '1e16', 'a', '1', 'b'],
      ['ZUNION', '3', 'f1', 'f2', 'f3', 'WITHSCORES'], ['ZUNION', '3', 'f3', 'f1', 'f2', 'WITHSCORES'], ['ZINTER', '3', 'f3', 'f1', 'f2', 'WITHSCORES'],
      ['ZINTER', '3', 'f1', 'f2', 'f3', 'WEIGHTS', '3', '0.1', '1e-3', 'WITHSCORES'], ['ZUNION', '2', 'set', 'f1', 'AGGREGATE', 'MAX', 'WITHSCORES'],
      ['ZADD', 'zero', '0', 'v', '-0', 'w'], ['ZINTER', '1', 'zero', 'WITHSCORES', 'WEIGHTS', '-1'], ['ZUNIONSTORE', 'neg', '1', 'zero', 'WEIGHTS', '-1'],
      ['ZSCORE', 'neg', 'v'], ['ZDIFF', '1', 'zero', 'WITHSCORES'],
      ['HELLO', '3'], ['ZUNION', '2', 'a', 'b', 'WITHSCORES'], ['ZINTER', '2', 'a', 'b'],
    ]);
  });
});

describe('DEBUG OBJECT and MEMORY USAGE', () => {
  it('report a listpack as Redis does, and a skiplist serialized length', async () => {
    await same(
      [
        ['ZADD', 'z', '1', 'a', '2', 'b', '3.5', 'c', '-7', 'negative', '100000', 'big', '0.1', 'x'.repeat(30)],
        ['DEBUG', 'OBJECT', 'z'],
        ['MEMORY', 'USAGE', 'z'],
        ['ZADD', 'u', 'inf', 'a', '-inf', 'b', '1e300', 'c', '4503599627370497', 'd', '-0', 'e', '1.5e-7', 'f', '-123456789012', 'g', '70000', 'h'],
        ['DEBUG', 'OBJECT', 'u'],
        ['MEMORY', 'USAGE', 'u'],
        ['ZADD', 'w', '1', 'a'],
        ['MEMORY', 'USAGE', 'w'],
        ['DEBUG', 'OBJECT', 'w'],
        ...Array.from({ length: 40 }, (_, i) => ['ZADD', 'v', String(i * 1.25), `member-${i}`]),
        ['MEMORY', 'USAGE', 'v'],
        ['DEBUG', 'OBJECT', 'v'],
        ['CONFIG', 'SET', 'zset-max-listpack-entries', '1'],
        ['ZADD', 'y', '1', 'a', '2', 'b', '3.5', 'c', '1e300', 'y'.repeat(40)],
        ['DEBUG', 'OBJECT', 'y'],
      ],
      (argv, r) => (argv[0] === 'DEBUG' && typeof r === 'object' && r !== null && '+' in r ? { '+': String(r['+']).replace(/at:\S+|lru:\d+|lru_seconds_idle:\d+/g, '') } : r),
    );
  });
});

describe('keyspace events', () => {
  it('fires the events t_zset.c fires, in its order (as a PSUBSCRIBE on the oracle saw them)', () => {
    const engine = new Engine({ activeExpire: false });
    const events: string[] = [];
    const original = engine.notify.bind(engine);
    engine.notify = (cls: Notify, event: string, key: string, db: number) => {
      if (cls !== Notify.New && cls !== Notify.KeyMiss) events.push(`${event}|${key}`);
      return original(cls, event, key, db);
    };
    const s = new Session(engine);
    for (const line of ["FLUSHALL", "ZADD z 1 a 2 b", "ZADD z 1 a", "ZADD z INCR 1 a", "ZINCRBY z 1 b", "ZREM z a b", "ZADD z 1 a 2 b 3 c 4 d", "ZPOPMIN z", "ZPOPMAX z 5", "ZADD z 1 a 2 b 3 c 4 d", "ZREMRANGEBYRANK z 0 0", "ZREMRANGEBYSCORE z 2 2", "ZREMRANGEBYLEX z - +", "ZADD z 1 a 2 b", "ZRANGESTORE d z 0 -1", "ZRANGESTORE d z 5 6", "ZUNIONSTORE d 1 z", "ZINTERSTORE d 1 z", "ZDIFFSTORE d 1 z", "ZDIFFSTORE d 2 z z", "ZMPOP 1 z MIN COUNT 5", "ZADD z 1 a", "ZADD d 1 a", "ZUNIONSTORE d 1 z"]) s.execute(line.split(' '));
    expect(events).toEqual(["zadd|z", "zincr|z", "zincr|z", "zrem|z", "del|z", "zadd|z", "zpopmin|z", "zpopmax|z", "del|z", "zadd|z", "zremrangebyrank|z", "zremrangebyscore|z", "zremrangebylex|z", "del|z", "zadd|z", "zrangestore|d", "del|d", "zunionstore|d", "zinterstore|d", "zdiffstore|d", "del|d", "zpopmin|z", "del|z", "zadd|z", "zadd|d", "zunionstore|d"]);
  });
});
