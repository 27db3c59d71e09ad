/**
 * Set commands against the oracle. Intsets answer in ascending order, so scripts over intsets are
 * compared exactly; replies whose order comes from a hashtable are compared sorted (`unordered`).
 * Random picks (SPOP, SRANDMEMBER) are compared where they are deterministic (whole set, one
 * member, count 0, errors) and checked on the stub alone for membership and distinctness.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { Session } from '../../src/engine/session.js';
import { Notify } from '../../src/engine/notify.js';
import { SetReply } from '../../src/reply.js';
import { expectSameAsOracle, type Script } from '../support/differential.js';
import type { JsonReply } from '../support/reply-json.js';
import { onTheWire } from './resp-view.js';

async function same(script: Script, normalize?: (argv: string[], r: JsonReply) => JsonReply): Promise<void> {
  await expectSameAsOracle(script, onTheWire(script, normalize));
}

const HASH_ORDERED = new Set(['SMEMBERS', 'SINTER', 'SUNION', 'SDIFF', 'SPOP', 'SRANDMEMBER']);

function sortItems(xs: JsonReply[]): JsonReply[] {
  return [...xs].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
}

/** Sorts replies whose order is a hashtable's (and SSCAN pages). */
function unordered(argv: string[], r: JsonReply): JsonReply {
  const name = argv[0]!.toUpperCase();
  if ((name === 'SSCAN' || name === 'SCAN') && Array.isArray(r) && Array.isArray(r[1])) return [r[0]!, sortItems(r[1])];
  if (!HASH_ORDERED.has(name)) return r;
  if (Array.isArray(r)) return sortItems(r);
  if (r !== null && typeof r === 'object' && '~' in r) return { '~': sortItems(r['~'] as JsonReply[]) };
  return r;
}

describe('SADD SREM SCARD SISMEMBER SMISMEMBER', () => {
  it('adds, counts, removes and deletes the key with its last member', async () => {
    await same([
      ['SADD', 's', '3', '1', '2', '1'],
      ['SADD', 's', '2', '4'],
      ['SCARD', 's'],
      ['SCARD', 'nokey'],
      ['SISMEMBER', 's', '1'],
      ['SISMEMBER', 's', '9'],
      ['SISMEMBER', 's', 'a'],
      ['SISMEMBER', 'nokey', 'a'],
      ['SMISMEMBER', 's', '1', '9', 'a', '4'],
      ['SMISMEMBER', 'nokey', '1', '2'],
      ['SMEMBERS', 's'],
      ['SREM', 's', '9', '1', '1'],
      ['SREM', 'nokey', 'a'],
      ['SMEMBERS', 's'],
      ['EXPIRE', 's', '100'],
      ['SREM', 's', '2', '3', '4', '5'],
      ['EXISTS', 's'],
      ['SADD', 's', 'x'],
      ['TTL', 's'],
    ]);
  });

  it('answers WRONGTYPE on other types and leaves them alone', async () => {
    await same([
      ['SET', 'str', 'v'],
      ['SADD', 'str', 'a'],
      ['SREM', 'str', 'a'],
      ['SCARD', 'str'],
      ['SISMEMBER', 'str', 'a'],
      ['SMISMEMBER', 'str', 'a'],
      ['SMEMBERS', 'str'],
      ['SPOP', 'str'],
      ['SRANDMEMBER', 'str'],
      ['SSCAN', 'str', '0'],
      ['SSCAN', 'str', 'x'],
      ['SSCAN', 'str', '0', 'COUNT', '0'],
      ['GET', 'str'],
      ['SADD', 'k'],
      ['SREM', 'k'],
      ['SMISMEMBER', 'k'],
    ]);
  });

  it('reports intset and hashtable as Redis chooses them', async () => {
    await same([
      ['SADD', 'i', '1', '-5', '9223372036854775807', '-9223372036854775808'],
      ['OBJECT', 'ENCODING', 'i'],
      ['SMEMBERS', 'i'],
      ['DEBUG', 'OBJECT', 'i'],
      ['SADD', 'h', '01'],
      ['OBJECT', 'ENCODING', 'h'],
      ['SADD', 'h2', '-0'],
      ['OBJECT', 'ENCODING', 'h2'],
      ['SADD', 'h3', '9223372036854775808'],
      ['OBJECT', 'ENCODING', 'h3'],
      ['SADD', 'h4', ' 1'],
      ['OBJECT', 'ENCODING', 'h4'],
      ['SADD', 'm', '5', 'x'],
      ['OBJECT', 'ENCODING', 'm'],
      ['SREM', 'm', 'x'],
      ['OBJECT', 'ENCODING', 'm'],
      ['SADD', 'w', '100000', '7'],
      ['SREM', 'w', '100000'],
      ['DEBUG', 'OBJECT', 'w'],
      ['CONFIG', 'SET', 'set-max-intset-entries', '3'],
      ['SADD', 'c', '1', '2', '3'],
      ['OBJECT', 'ENCODING', 'c'],
      ['SADD', 'c', '4'],
      ['OBJECT', 'ENCODING', 'c'],
      ['SREM', 'c', '4', '3'],
      ['OBJECT', 'ENCODING', 'c'],
      ['DEBUG', 'OBJECT', 'c'],
      ['SADD', 'lz', 'a'.repeat(40), 'hello', '12', '70000', '5000000000'],
      ['DEBUG', 'OBJECT', 'lz'],
      ['CONFIG', 'SET', 'set-max-intset-entries', '512'],
    ], (argv, r) => {
      if (argv[0] === 'DEBUG' && r !== null && typeof r === 'object' && '+' in r) {
        return String(r['+']).replace(/ at:0x[0-9a-f]+/, '').replace(/ lru:\d+ lru_seconds_idle:\d+/, '');
      }
      return unordered(argv, r);
    });
  });

  it('copies a set with COPY and reports its type', async () => {
    await same([
      ['SADD', 's', 'a', 'b', '1'],
      ['COPY', 's', 't'],
      ['SREM', 's', 'a'],
      ['SMEMBERS', 't'],
      ['TYPE', 't'],
      ['SCAN', '0', 'TYPE', 'set'],
    ], unordered);
  });
});

describe('SMOVE', () => {
  it('moves members, creates and deletes keys as Redis does', async () => {
    await same([
      ['SADD', 'a', '1', '2', 'x'],
      ['SMOVE', 'a', 'b', '1'],
      ['SMEMBERS', 'b'],
      ['OBJECT', 'ENCODING', 'b'],
      ['SMOVE', 'a', 'b', 'nope'],
      ['SMOVE', 'nokey', 'b', '1'],
      ['SMOVE', 'a', 'a', 'x'],
      ['SMOVE', 'a', 'a', 'nope'],
      ['SMOVE', 'a', 'c', 'x'],
      ['OBJECT', 'ENCODING', 'c'],
      ['SADD', 'b', '2'],
      ['SMOVE', 'a', 'b', '2'],
      ['EXISTS', 'a'],
      ['SMEMBERS', 'b'],
      ['SET', 'str', 'v'],
      ['SMOVE', 'str', 'b', '1'],
      ['SMOVE', 'b', 'str', '1'],
      ['SMOVE', 'nokey', 'str', '1'],
      ['SMEMBERS', 'b'],
    ], unordered);
  });
});

describe('SINTER SINTERCARD SINTERSTORE', () => {
  it('intersects, counts with LIMIT and stores', async () => {
    await same([
      ['SADD', 'a', '1', '2', '3', '4', '5'],
      ['SADD', 'b', '5', '4', '3', '9'],
      ['SADD', 'c', '3', '4', 'z'],
      ['SINTER', 'a', 'b'],
      ['SINTER', 'a', 'b', 'c'],
      ['SINTER', 'a', 'nokey'],
      ['SINTER', 'a', 'a'],
      ['SINTERCARD', '2', 'a', 'b'],
      ['SINTERCARD', '2', 'a', 'b', 'LIMIT', '2'],
      ['SINTERCARD', '2', 'a', 'b', 'limit', '0'],
      ['SINTERCARD', '2', 'a', 'b', 'LIMIT', '1', 'LIMIT', '10'],
      ['SINTERCARD', '1', 'nokey'],
      ['SINTERCARD', '2', 'a', 'nokey'],
      ['SINTERSTORE', 'd', 'a', 'b'],
      ['SMEMBERS', 'd'],
      ['OBJECT', 'ENCODING', 'd'],
      ['SINTERSTORE', 'e', 'c', 'a'],
      ['OBJECT', 'ENCODING', 'e'],
      ['EXPIRE', 'd', '100'],
      ['SINTERSTORE', 'd', 'a', 'b'],
      ['TTL', 'd'],
      ['SINTERSTORE', 'd', 'a', 'nokey'],
      ['EXISTS', 'd'],
      ['SINTERSTORE', 'a', 'a', 'b'],
      ['SMEMBERS', 'a'],
      ['SADD', 'x', 'p', 'q'],
      ['SINTERSTORE', 'y', 'x', 'a'],
      ['EXISTS', 'y'],
    ], unordered);
  });

  it('checks every key type and its arguments first', async () => {
    await same([
      ['SET', 'str', 'v'],
      ['SADD', 'a', '1'],
      ['SINTER', 'nokey', 'str'],
      ['SINTER', 'str', 'nokey'],
      ['SINTER', 'a', 'str'],
      ['SINTERSTORE', 'd', 'nokey', 'str'],
      ['SINTERSTORE', 'str', 'a'],
      ['GET', 'str'],
      ['SINTERCARD', '0', 'a'],
      ['SINTERCARD', '-1', 'a'],
      ['SINTERCARD', 'x', 'a'],
      ['SINTERCARD', '2', 'a'],
      ['SINTERCARD', '9223372036854775808', 'a'],
      ['SINTERCARD', '1', 'a', 'LIMIT', '-1'],
      ['SINTERCARD', '1', 'a', 'LIMIT', 'x'],
      ['SINTERCARD', '1', 'a', 'LIMIT'],
      ['SINTERCARD', '1', 'a', 'FOO', '1'],
      ['SINTERCARD', '1', 'str', 'LIMIT', 'x'],
      ['SINTERCARD', '2', 'nokey', 'str'],
      ['SINTERCARD', '1', 'str'],
      ['SINTERCARD', '1'],
    ]);
  });
});

describe('SUNION SDIFF and their STORE forms', () => {
  it('computes and stores as Redis does, with the encodings Redis picks', async () => {
    await same([
      ['SADD', 'a', '1', '2', '3', '4', '5'],
      ['SADD', 'b', '5', '4', '30'],
      ['SADD', 'c', 'x', '1'],
      ['SUNION', 'a', 'b'],
      ['SUNION', 'a', 'nokey', 'b'],
      ['SUNION', 'nokey'],
      ['SDIFF', 'a', 'b'],
      ['SDIFF', 'a', 'b', 'c'],
      ['SDIFF', 'a', 'a'],
      ['SDIFF', 'nokey', 'a'],
      ['SDIFF', 'a', 'nokey'],
      ['SDIFF', 'b', 'a', 'a', 'a', 'a'],
      ['SUNION', 'a', 'c'],
      ['SDIFF', 'c', 'a'],
      ['SUNIONSTORE', 'u', 'a', 'b'],
      ['OBJECT', 'ENCODING', 'u'],
      ['SMEMBERS', 'u'],
      ['SUNIONSTORE', 'v', 'a', 'c'],
      ['OBJECT', 'ENCODING', 'v'],
      ['SCARD', 'v'],
      ['SDIFFSTORE', 'w', 'c', 'a'],
      ['OBJECT', 'ENCODING', 'w'],
      ['SMEMBERS', 'w'],
      ['SDIFFSTORE', 'w', 'a', 'a'],
      ['EXISTS', 'w'],
      ['SUNIONSTORE', 'u', 'nokey'],
      ['EXISTS', 'u'],
      ['SDIFFSTORE', 'a', 'a', 'b'],
      ['SMEMBERS', 'a'],
      ['SET', 'str', 'v'],
      ['SUNION', 'nokey', 'str'],
      ['SDIFF', 'str'],
      ['SDIFF', 'nokey', 'str'],
      ['SUNIONSTORE', 'str', 'a'],
      ['TYPE', 'str'],
      ['SDIFFSTORE', 'x', 'a', 'str'],
      ['CONFIG', 'SET', 'set-max-intset-entries', '2'],
      ['SUNIONSTORE', 'big', 'a', 'b'],
      ['OBJECT', 'ENCODING', 'big'],
      ['SINTERSTORE', 'big2', 'a', 'a'],
      ['OBJECT', 'ENCODING', 'big2'],
      ['CONFIG', 'SET', 'set-max-intset-entries', '512'],
    ], unordered);
  });
});

describe('SPOP SRANDMEMBER', () => {
  it('answers the deterministic cases and every error exactly', async () => {
    await same([
      ['SPOP', 'nokey'],
      ['SPOP', 'nokey', '0'],
      ['SPOP', 'nokey', '3'],
      ['SPOP', 'nokey', '-1'],
      ['SRANDMEMBER', 'nokey'],
      ['SRANDMEMBER', 'nokey', '3'],
      ['SRANDMEMBER', 'nokey', '-3'],
      ['SRANDMEMBER', 'nokey', '0'],
      ['SADD', 'one', 'm'],
      ['SRANDMEMBER', 'one'],
      ['SRANDMEMBER', 'one', '-3'],
      ['SRANDMEMBER', 'one', '0'],
      ['SRANDMEMBER', 'one', '5'],
      ['SPOP', 'one', '0'],
      ['SPOP', 'one'],
      ['EXISTS', 'one'],
      ['SADD', 's', '3', '1', '2'],
      ['SRANDMEMBER', 's', '3'],
      ['SRANDMEMBER', 's', '9223372036854775807'],
      ['SRANDMEMBER', 's', '-9223372036854775808'],
      ['SRANDMEMBER', 's', '9223372036854775808'],
      ['SRANDMEMBER', 's', 'x'],
      ['SRANDMEMBER', 's', '1', '2'],
      ['SPOP', 's', '-1'],
      ['SPOP', 's', 'x'],
      ['SPOP', 's', '9223372036854775808'],
      ['SPOP', 's', '1', '2'],
      ['SPOP', 's', '3'],
      ['EXISTS', 's'],
      ['SADD', 'h', 'a', 'b', '1'],
      ['SPOP', 'h', '10'],
      ['EXISTS', 'h'],
      ['SET', 'str', 'v'],
      ['SPOP', 'str'],
      ['SPOP', 'str', '-1'],
      ['SPOP', 'str', 'x'],
      ['SPOP', 'str', '0'],
      ['SRANDMEMBER', 'str', 'x'],
      ['SRANDMEMBER', 'str', '0'],
      ['SRANDMEMBER', 'str', '-1'],
    ], unordered);
  });

  it('gives RESP3 shapes as Redis: SPOP count a set, SRANDMEMBER count an array', async () => {
    await same([
      ['HELLO', '3'],
      ['SADD', 's', 'a', 'b', '1'],
      ['SMEMBERS', 's'],
      ['SINTER', 's'],
      ['SUNION', 's', 'nokey'],
      ['SDIFF', 's', 'nokey'],
      ['SINTER', 'nokey'],
      ['SRANDMEMBER', 's', '5'],
      ['SRANDMEMBER', 'nokey', '5'],
      ['SRANDMEMBER', 's', '0'],
      ['SPOP', 's', '0'],
      ['SPOP', 'nokey', '2'],
      ['SMISMEMBER', 's', 'a', 'z'],
      ['SSCAN', 's', '0'],
      ['SPOP', 's', '5'],
      ['SRANDMEMBER', 'nokey'],
      ['SPOP', 'nokey'],
    ], (argv, r) => (argv[0] === 'HELLO' ? null : unordered(argv, r)));
  });

  it('turns a hashtable of integers back into an intset when SPOP keeps few members (Redis makes a new set)', async () => {
    await same([
      ['CONFIG', 'SET', 'set-max-intset-entries', '2'],
      ['SADD', 't', '1', '2', '3', '4', '5', '6'],
      ['OBJECT', 'ENCODING', 't'],
      ['EXPIRE', 't', '100'],
      ['SPOP', 't', '5'],
      ['SCARD', 't'],
      ['OBJECT', 'ENCODING', 't'],
      ['TTL', 't'],
      ['SADD', 'u', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10'],
      ['SPOP', 'u', '2'],
      ['SCARD', 'u'],
      ['OBJECT', 'ENCODING', 'u'],
      ['CONFIG', 'SET', 'set-max-intset-entries', '512'],
    ], (argv, r) => (argv[0] === 'SPOP' && Array.isArray(r) ? r.length : r));
  });

  it('picks members of the set: distinct for a positive count, repeated for a negative one', () => {
    const session = new Session(new Engine({ activeExpire: false }));
    const members = Array.from({ length: 40 }, (_, i) => (i % 2 ? `m${i}` : String(i)));
    session.execute(['SADD', 's', ...members]);
    for (const count of [1, 5, 13, 14, 30, 39]) {
      const r = session.execute(['SRANDMEMBER', 's', String(count)]) as string[];
      expect(r).toHaveLength(count);
      expect(new Set(r).size).toBe(count);
      for (const m of r) expect(members).toContain(m);
    }
    const rep = session.execute(['SRANDMEMBER', 's', '-100']) as string[];
    expect(rep).toHaveLength(100);
    for (const m of rep) expect(members).toContain(m);
    expect(new Set(rep).size).toBeGreaterThan(1);
    const seen = new Set<string>();
    for (const count of [1, 3, 20, 10]) {
      const r = session.execute(['SPOP', 's', String(count)]);
      const popped = r instanceof SetReply ? (r.items as string[]) : [];
      expect(popped).toHaveLength(count);
      for (const m of popped) {
        expect(members).toContain(m);
        expect(seen.has(m)).toBe(false);
        seen.add(m);
        expect(session.execute(['SISMEMBER', 's', m])).toBe(0);
      }
    }
    expect(session.execute(['SCARD', 's'])).toBe(6);
    const one = session.execute(['SPOP', 's']) as string;
    expect(members).toContain(one);
    expect(seen.has(one)).toBe(false);
    expect(session.execute(['SCARD', 's'])).toBe(5);
  });
});

describe('SSCAN', () => {
  it('returns a whole intset at once in ascending order, with MATCH and every error', async () => {
    await same([
      ['SADD', 's', '10', '-3', '7', '0', '100'],
      ['SSCAN', 's', '0'],
      ['SSCAN', 's', '0', 'COUNT', '1'],
      ['SSCAN', 's', '0', 'MATCH', '1*'],
      ['SSCAN', 's', '0', 'match', '*', 'count', '2'],
      ['SSCAN', 'nokey', '0'],
      ['SSCAN', 'nokey', 'x'],
      ['SSCAN', 's', 'x'],
      ['SSCAN', 's', '-1'],
      ['SSCAN', 's', '0', 'COUNT', '0'],
      ['SSCAN', 's', '0', 'COUNT', 'x'],
      ['SSCAN', 's', '0', 'COUNT'],
      ['SSCAN', 's', '0', 'TYPE', 'set'],
      ['SSCAN', 's', '0', 'FOO', 'bar'],
      ['SSCAN', 'nokey', '0', 'COUNT', '0'],
    ]);
  });

  it('walks a hashtable to cursor 0 and visits every member once', async () => {
    const members = Array.from({ length: 60 }, (_, i) => `m${i}`);
    const session = new Session(new Engine({ activeExpire: false }));
    session.execute(['SADD', 'h', ...members]);
    const seen: string[] = [];
    let cursor = '0';
    let calls = 0;
    do {
      const [next, page] = session.execute(['SSCAN', 'h', cursor, 'COUNT', '7']) as [string, string[]];
      seen.push(...page);
      cursor = next;
      calls++;
    } while (cursor !== '0' && calls < 100);
    expect(cursor).toBe('0');
    expect(seen.sort()).toEqual([...members].sort());
    await same([
      ['SADD', 'h', 'a', 'b', 'c', 'ab'],
      ['SSCAN', 'h', '0'],
      ['SSCAN', 'h', '0', 'MATCH', 'a*'],
      ['SSCAN', 'h', '0', 'COUNT', '100', 'MATCH', '?'],
    ], unordered);
  });
});

describe('WATCH', () => {
  it('is touched by the writes that change a set, and not by those that change nothing', async () => {
    const watched = (key: string, ...write: string[][]): Script => [['WATCH', key], ...write, ['MULTI'], ['PING'], ['EXEC']];
    // The oracle's connection reads RESP2's nil array (`*-1`) as null, the stub's wire view as a nil array.
    const nilArrayAsNull = (_argv: string[], r: JsonReply): JsonReply => (r !== null && typeof r === 'object' && '*' in r && r['*'] === null ? null : r);
    await same([
      ['SADD', 'a', '1'],
      ...watched('d', ['SINTERSTORE', 'd', 'a', 'nokey']),
      ...watched('d', ['SUNIONSTORE', 'd', 'nokey']),
      ...watched('a', ['SPOP', 'a', '0']),
      ...watched('a', ['SMOVE', 'a', 'a', '1']),
      ...watched('a', ['SREM', 'a', '5']),
      ...watched('a', ['SADD', 'a', '1']),
      ...watched('a', ['SADD', 'a', '2']),
      ...watched('a', ['SMOVE', 'a', 'b', '2']),
      ...watched('b', ['SMOVE', 'a', 'b', '1']),
      ...watched('d', ['SINTERSTORE', 'd', 'b', 'b']),
      ...watched('d', ['SDIFFSTORE', 'd', 'b', 'b']),
      ...watched('b', ['SREM', 'b', '2']),
      ...watched('b', ['SPOP', 'b']),
    ], nilArrayAsNull);
  });
});

describe('keyspace events', () => {
  it('fires the events t_set.c fires, in its order', () => {
    const engine = new Engine({ activeExpire: false });
    const events: string[] = [];
    const original = engine.notify.bind(engine);
    engine.notify = (cls: Notify, event: string, key: string, db: number) => {
      if (cls !== Notify.New && cls !== Notify.KeyMiss) events.push(`${event}:${key}`);
      return original(cls, event, key, db);
    };
    const s = new Session(engine);
    const run = (...argv: string[]) => s.execute(argv);
    run('SADD', 'a', '1', '2');
    run('SADD', 'a', '1');
    run('SREM', 'a', '9');
    run('SREM', 'a', '1');
    run('SMOVE', 'a', 'b', '2');
    run('SADD', 'c', 'x');
    run('SMOVE', 'c', 'b', 'x');
    run('SADD', 'a', '5', '6');
    run('SINTERSTORE', 'd', 'a', 'a');
    run('SUNIONSTORE', 'e', 'a', 'b');
    run('SDIFFSTORE', 'f', 'a', 'b');
    run('SDIFFSTORE', 'f', 'a', 'a');
    run('SINTERSTORE', 'd', 'a', 'nokey');
    run('SPOP', 'a');
    run('SPOP', 'a', '0');
    run('SPOP', 'a', '5');
    run('SREM', 'e', '2', 'x', '5', '6');
    expect(events).toEqual([
      'sadd:a',
      'srem:a',
      'srem:a',
      'del:a',
      'sadd:b',
      'sadd:c',
      'srem:c',
      'del:c',
      'sadd:b',
      'sadd:a',
      'sinterstore:d',
      'sunionstore:e',
      'sdiffstore:f',
      'del:f',
      'del:d',
      'spop:a',
      'spop:a',
      'del:a',
      'srem:e',
      'del:e',
    ]);
  });
});
