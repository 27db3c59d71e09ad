/**
 * Hash commands, differential against the oracle: every command, option and error, listpack order
 * (exact), the listpack -> hashtable conversion, RESP3 shapes, and keyspace events.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { Session } from '../../src/engine/session.js';
import type { Reply } from '../../src/reply.js';
import { expectSameAsOracle, runOnStub, type Script } from '../support/differential.js';
import { oracleKeyEvents, stubKeyEvents } from '../support/keyspace-events.js';
import { hasOracle } from '../support/oracle.js';
import { type JsonReply, toJson } from '../support/reply-json.js';
import { helloWithoutId, onTheWire, wire } from './resp-view.js';

type Normalize = (argv: string[], r: JsonReply) => JsonReply;

async function same(script: Script, normalize?: Normalize): Promise<void> {
  await expectSameAsOracle(script, onTheWire(script, normalize));
}

const BIN = '\x00\xff\x80a\r\n';
const LONG = 'x'.repeat(65);

/** Replies of a hashtable-encoded hash come in hash order: compare them sorted (pairs as pairs). */
function sortedFor(commands: string[], pairs: boolean): Normalize {
  return (argv, r) => {
    if (!commands.includes(argv[0]!.toUpperCase())) return r;
    const list = Array.isArray(r) ? r : r !== null && typeof r === 'object' && '%' in r ? (r['%'] as JsonReply[]) : undefined;
    if (!list) return r;
    if (!pairs) return [...list].map((x) => JSON.stringify(x)).sort();
    const out: string[] = [];
    for (let i = 0; i < list.length; i += 2) out.push(JSON.stringify([list[i], list[i + 1]]));
    return out.sort();
  };
}

describe.skipIf(!hasOracle())('hashes against the oracle', () => {
  it('HSET, HMSET, HSETNX, HGET, HMGET, HLEN, HSTRLEN, HEXISTS', async () => {
    await same([
      ['HSET', 'h', 'a', '1', 'b', '2', 'a', '3'],
      ['HSET', 'h', 'c', BIN, BIN, 'v'],
      ['HSET', 'h', 'a'],
      ['HSET', 'h', 'a', '1', 'b'],
      ['HMSET', 'h', 'a', '1', 'b'],
      ['HMSET', 'h', 'd', '4', 'e', ''],
      ['HMSET', 'h'],
      ['HSETNX', 'h', 'a', 'zzz'],
      ['HSETNX', 'h', 'z', 'zzz'],
      ['HSETNX', 'new', 'f', 'v'],
      ['HGET', 'h', 'a'],
      ['HGET', 'h', BIN],
      ['HGET', 'h', 'nope'],
      ['HGET', 'nokey', 'a'],
      ['HMGET', 'h', 'a', 'nope', 'c', 'e'],
      ['HMGET', 'nokey', 'a', 'b'],
      ['HLEN', 'h'],
      ['HLEN', 'nokey'],
      ['HSTRLEN', 'h', 'c'],
      ['HSTRLEN', 'h', 'a'],
      ['HSTRLEN', 'h', 'nope'],
      ['HSTRLEN', 'nokey', 'a'],
      ['HEXISTS', 'h', 'e'],
      ['HEXISTS', 'h', 'nope'],
      ['HEXISTS', 'nokey', 'a'],
      ['HGETALL', 'h'],
      ['HKEYS', 'h'],
      ['HVALS', 'h'],
      ['HGETALL', 'nokey'],
      ['HKEYS', 'nokey'],
      ['HVALS', 'nokey'],
      ['OBJECT', 'ENCODING', 'h'],
      ['TYPE', 'h'],
    ]);
  });

  it('keeps the listpack order: updates stay in place, deletes close the gap', async () => {
    await same([
      ['HSET', 'h', 'z', '1', 'y', '2', 'x', '3', 'w', '4'],
      ['HSET', 'h', 'y', 'updated'],
      ['HDEL', 'h', 'x'],
      ['HSET', 'h', 'x', 'again', '10', '20'],
      ['HGETALL', 'h'],
      ['HKEYS', 'h'],
      ['HVALS', 'h'],
      ['HSCAN', 'h', '0'],
      ['HRANDFIELD', 'h', '10'],
      ['HRANDFIELD', 'h', '5', 'WITHVALUES'],
      ['COPY', 'h', 'h2'],
      ['HGETALL', 'h2'],
      ['RENAME', 'h2', 'h3'],
      ['HKEYS', 'h3'],
    ]);
  });

  it('HDEL: counts, deletes the emptied key with its TTL', async () => {
    await same([
      ['HSET', 'h', 'a', '1', 'b', '2', 'c', '3'],
      ['EXPIRE', 'h', '100'],
      ['HDEL', 'h', 'a', 'a', 'nope'],
      ['HDEL', 'h', 'b', 'c', 'b'],
      ['EXISTS', 'h'],
      ['HSET', 'h', 'a', '1'],
      ['TTL', 'h'],
      ['HDEL', 'nokey', 'a'],
      ['HDEL', 'h'],
    ]);
  });

  it('HINCRBY: integers, overflow, non-integers, new keys and fields', async () => {
    await same([
      ['HINCRBY', 'h', 'n', '5'],
      ['HINCRBY', 'h', 'n', '-7'],
      ['HINCRBY', 'h', 'n', 'x'],
      ['HINCRBY', 'h', 'n', '1.5'],
      ['HINCRBY', 'h', 'n', ' 1'],
      ['HSET', 'h', 'big', '9223372036854775807', 'small', '-9223372036854775808', 's', 'abc', 'sp', ' 1', 'z', '-0'],
      ['HINCRBY', 'h', 'big', '1'],
      ['HINCRBY', 'h', 'big', '0'],
      ['HINCRBY', 'h', 'small', '-1'],
      ['HINCRBY', 'h', 'small', '9223372036854775807'],
      ['HINCRBY', 'h', 's', '1'],
      ['HINCRBY', 'h', 'sp', '1'],
      ['HINCRBY', 'h', 'z', '1'],
      ['HINCRBY', 'h', 'n', '9223372036854775808'],
      ['HGETALL', 'h'],
      ['OBJECT', 'ENCODING', 'h'],
    ]);
  });

  it('HINCRBYFLOAT: long double arithmetic, human format, errors', async () => {
    await same([
      ['HINCRBYFLOAT', 'h', 'f', '10.5'],
      ['HINCRBYFLOAT', 'h', 'f', '0.1'],
      ['HINCRBYFLOAT', 'h', 'f', '-5.0e3'],
      ['HINCRBYFLOAT', 'h', 'f', '3.0e3'],
      ['HINCRBYFLOAT', 'h', 'g', '5e-324'],
      ['HINCRBYFLOAT', 'h', 'g', '1.7976931348623157e308'],
      ['HINCRBYFLOAT', 'h', 'f', 'inf'],
      ['HINCRBYFLOAT', 'h', 'f', '-inf'],
      ['HINCRBYFLOAT', 'h', 'f', 'nan'],
      ['HINCRBYFLOAT', 'h', 'f', 'abc'],
      ['HINCRBYFLOAT', 'h', 'f', ''],
      ['HINCRBYFLOAT', 'h', 'f', ' 1'],
      ['HSET', 'h', 's', 'abc', 'i', 'inf', 'n', '12345678901234567890', 'e', '', 'z', '-0'],
      ['HINCRBYFLOAT', 'h', 's', '1'],
      ['HINCRBYFLOAT', 'h', 'i', '1'],
      ['HINCRBYFLOAT', 'h', 'e', '1'],
      ['HINCRBYFLOAT', 'h', 'n', '0.5'],
      ['HINCRBYFLOAT', 'h', 'z', '0'],
      ['HINCRBYFLOAT', 'nokey', 'f', '1e400'],
      ['EXISTS', 'nokey'],
      ['HGETALL', 'h'],
      ['OBJECT', 'ENCODING', 'h'],
    ], sortedFor(['HGETALL'], true));
  });

  it('HRANDFIELD: argument errors, empty answers, the whole hash for a large count', async () => {
    await same([
      ['HRANDFIELD', 'nokey'],
      ['HRANDFIELD', 'nokey', '5'],
      ['HRANDFIELD', 'nokey', '-5', 'WITHVALUES'],
      ['HRANDFIELD', 'nokey', 'x'],
      ['HRANDFIELD', 'nokey', '1', 'WITHVALUE'],
      ['HRANDFIELD', 'nokey', '1', 'WITHVALUES', 'x'],
      ['HRANDFIELD', 'nokey', '-9223372036854775808'],
      ['HRANDFIELD', 'nokey', '9223372036854775807', 'WITHVALUES'],
      ['HRANDFIELD', 'nokey', '-4611686018427387904', 'WITHVALUES'],
      ['HRANDFIELD', 'nokey', '-4611686018427387903', 'withvalues'],
      ['HSET', 'h', 'a', '1', 'b', '2', 'c', '3'],
      ['HRANDFIELD', 'h', '0'],
      ['HRANDFIELD', 'h', '0', 'WITHVALUES'],
      ['HRANDFIELD', 'h', '3'],
      ['HRANDFIELD', 'h', '100', 'withvalues'],
      ['HSET', 'one', 'only', 'v'],
      ['HRANDFIELD', 'one'],
      ['HRANDFIELD', 'one', '1', 'WITHVALUES'],
      ['HRANDFIELD', 'one', '-3', 'WITHVALUES'],
      ['HRANDFIELD', 'one', '-2'],
      ['SET', 's', 'x'],
      ['HRANDFIELD', 's'],
      ['HRANDFIELD', 's', '0'],
      ['HRANDFIELD', 's', 'x'],
      ['HELLO', '3'],
      ['HRANDFIELD', 'h', '5', 'WITHVALUES'],
      ['HRANDFIELD', 'one', '-2', 'WITHVALUES'],
      ['HRANDFIELD', 'one', '-2'],
      ['HRANDFIELD', 'nokey'],
      ['HRANDFIELD', 'nokey', '2', 'WITHVALUES'],
      ['HGETALL', 'h'],
      ['HGETALL', 'nokey'],
      ['HELLO', '2'],
    ], helloWithoutId);
  });

  it('HSCAN: options, errors, a listpack in one page', async () => {
    await same([
      ['HSCAN', 'nokey', '0'],
      ['HSCAN', 'nokey', '0', 'COUNT', '0'],
      ['HSCAN', 'nokey', 'x'],
      ['HSET', 'h', 'a1', '1', 'b1', '2', 'a2', '3', 'xyz', '4', '5', '6'],
      ['HSCAN', 'h', '0'],
      ['HSCAN', 'h', '123'],
      ['HSCAN', 'h', '-1'],
      ['HSCAN', 'h', '0', 'MATCH', 'a*'],
      ['HSCAN', 'h', '0', 'match', '?1', 'count', '1'],
      ['HSCAN', 'h', '0', 'MATCH', '*'],
      ['HSCAN', 'h', '0', 'MATCH', '[0-9]'],
      ['HSCAN', 'h', '0', 'COUNT', '0'],
      ['HSCAN', 'h', '0', 'COUNT', '-1'],
      ['HSCAN', 'h', '0', 'COUNT', 'x'],
      ['HSCAN', 'h', '0', 'COUNT'],
      ['HSCAN', 'h', '0', 'TYPE', 'hash'],
      ['HSCAN', 'h', '0', 'NOVALUES'],
      ['HSCAN', 'h', 'x'],
      ['HSCAN', 'h', ' 0'],
      ['HSCAN', 'h', '18446744073709551616'],
      ['SET', 's', 'x'],
      ['HSCAN', 's', '0'],
      ['HSCAN', 's', 'x'],
      ['HSCAN', 's', '0', 'COUNT', '0'],
    ]);
  });

  it('WATCH is touched exactly by the writes that change something', async () => {
    const script: Script = [['HSET', 'h', 'a', '1', 'n', 'x']];
    const writes: string[][] = [
      ['HSETNX', 'h', 'a', '2'],
      ['HSETNX', 'h', 'b', '2'],
      ['HDEL', 'h', 'nope'],
      ['HDEL', 'h', 'b'],
      ['HINCRBY', 'h', 'n', '1'],
      ['HINCRBY', 'h', 'a', 'x'],
      ['HINCRBYFLOAT', 'h', 'n', '1'],
      ['HINCRBYFLOAT', 'h', 'a', 'inf'],
      ['HSET', 'h', 'a', '1'],
      ['HMSET', 'h', 'a', '1'],
      ['HSET', 'h', 'a'],
      ['HGET', 'h', 'a'],
      ['HRANDFIELD', 'h'],
      ['HDEL', 'other', 'a'],
    ];
    for (const w of writes) script.push(['WATCH', 'h'], w, ['MULTI'], ['PING'], ['EXEC']);
    await same(script, (argv, r) => (argv[0] === 'HRANDFIELD' ? 'random' : r));
  });

  it('WRONGTYPE from every command on a string key', async () => {
    const script: Script = [
      ['SET', 's', 'x'],
      ['HSET', 's', 'a', '1'],
      ['HMSET', 's', 'a', '1'],
      ['HSETNX', 's', 'a', '1'],
      ['HGET', 's', 'a'],
      ['HMGET', 's', 'a'],
      ['HDEL', 's', 'a'],
      ['HLEN', 's'],
      ['HSTRLEN', 's', 'a'],
      ['HEXISTS', 's', 'a'],
      ['HINCRBY', 's', 'a', '1'],
      ['HINCRBY', 's', 'a', 'x'],
      ['HINCRBYFLOAT', 's', 'a', '1'],
      ['HINCRBYFLOAT', 's', 'a', 'x'],
      ['HGETALL', 's'],
      ['HKEYS', 's'],
      ['HVALS', 's'],
      ['HSET', 'h', 'a', '1'],
      ['GET', 'h'],
      ['INCR', 'h'],
      ['GET', 's'],
    ];
    await same(script);
  });

  it('converts to hashtable past hash-max-listpack-value and -entries, and never back', async () => {
    const many: string[] = [];
    for (let i = 0; i < 513; i++) many.push(`f${i}`, `v${i}`);
    const script: Script = [
      ['HSET', 'v', 'a', 'x'.repeat(64)],
      ['OBJECT', 'ENCODING', 'v'],
      ['HSET', 'v', 'b', LONG],
      ['OBJECT', 'ENCODING', 'v'],
      ['HDEL', 'v', 'b'],
      ['OBJECT', 'ENCODING', 'v'],
      ['HSET', 'f', LONG, '1'],
      ['OBJECT', 'ENCODING', 'f'],
      ['HSETNX', 'nx', 'a', LONG],
      ['OBJECT', 'ENCODING', 'nx'],
      ['HSET', 'nx2', 'a', '1'],
      ['HSETNX', 'nx2', 'a', LONG],
      ['OBJECT', 'ENCODING', 'nx2'],
      ['HSET', 'mixed', 'a', '1', 'b', LONG, 'a', '2'],
      ['OBJECT', 'ENCODING', 'mixed'],
      ['HSET', 'inc', 'n', '1'],
      ['HINCRBYFLOAT', 'inc', 'n', '1e100'],
      ['OBJECT', 'ENCODING', 'inc'],
      ['HINCRBY', 'incf', LONG, '1'],
      ['OBJECT', 'ENCODING', 'incf'],
      ['HSET', 'n', ...many.slice(0, 1024)],
      ['OBJECT', 'ENCODING', 'n'],
      ['HSET', 'n', ...many.slice(1024)],
      ['OBJECT', 'ENCODING', 'n'],
      ['HLEN', 'n'],
      ['HDEL', 'n', 'f0', 'f1', 'f2'],
      ['OBJECT', 'ENCODING', 'n'],
      ['HGETALL', 'n'],
      ['HKEYS', 'n'],
      ['HVALS', 'n'],
      ['HRANDFIELD', 'n', '1000', 'WITHVALUES'],
      ['COPY', 'n', 'n2'],
      ['OBJECT', 'ENCODING', 'n2'],
      ['CONFIG', 'SET', 'hash-max-listpack-entries', '0'],
      ['HSET', 'zero', 'a', '1'],
      ['OBJECT', 'ENCODING', 'zero'],
      ['CONFIG', 'SET', 'hash-max-listpack-entries', '2', 'hash-max-listpack-value', '3'],
      ['HSET', 'small', 'a', '123'],
      ['OBJECT', 'ENCODING', 'small'],
      ['HSET', 'small', 'b', '1234'],
      ['OBJECT', 'ENCODING', 'small'],
      ['HSET', 'three', 'a', '1', 'b', '2'],
      ['OBJECT', 'ENCODING', 'three'],
      ['HSET', 'three', 'c', '3'],
      ['OBJECT', 'ENCODING', 'three'],
      ['HSET', 'later', 'a', '1', 'b', '2'],
      ['CONFIG', 'SET', 'hash-max-listpack-entries', '1', 'hash-max-listpack-value', '64'],
      ['OBJECT', 'ENCODING', 'later'],
      ['HSETNX', 'later', 'a', '1'],
      ['OBJECT', 'ENCODING', 'later'],
      ['HSET', 'later', 'a', '3'],
      ['OBJECT', 'ENCODING', 'later'],
      ['CONFIG', 'SET', 'hash-max-listpack-entries', '2'],
      ['HSET', 'dup', 'a', '1', 'a', '2', 'a', '3'],
      ['OBJECT', 'ENCODING', 'dup'],
      ['CONFIG', 'SET', 'hash-max-listpack-entries', '0'],
      ['HSETNX', 'y', 'a', '1'],
      ['OBJECT', 'ENCODING', 'y'],
      ['HINCRBYFLOAT', 'z', 'a', '1'],
      ['OBJECT', 'ENCODING', 'z'],
      ['CONFIG', 'SET', 'hash-max-listpack-entries', '512', 'hash-max-listpack-value', '0'],
      ['HSET', 'e', '', ''],
      ['OBJECT', 'ENCODING', 'e'],
      ['HSET', 'e2', '1', '2'],
      ['OBJECT', 'ENCODING', 'e2'],
      ['CONFIG', 'SET', 'hash-max-listpack-entries', '512', 'hash-max-listpack-value', '64'],
    ];
    const pairs = sortedFor(['HGETALL', 'HRANDFIELD'], true);
    const singles = sortedFor(['HKEYS', 'HVALS'], false);
    await same(script, (argv, r) => singles(argv, pairs(argv, r)));
  });

  it('DEBUG OBJECT: the serialized length of a listpack and of a hashtable', async () => {
    const masked: Normalize = (argv, r) =>
      argv[0] === 'DEBUG' && r !== null && typeof r === 'object' && '+' in r
        ? String(r['+']).replace(/ at:\S+/, '').replace(/ lru:\d+ lru_seconds_idle:\d+/, '')
        : r;
    const fields: string[] = [];
    for (let i = 0; i < 40; i++) fields.push(`field:${i}`, i % 3 === 0 ? String(i * 1000003 - 5000) : `value number ${i}`);
    await same(
      [
        ['HSET', 'small', 'a', '1', 'b', '-200', 'c', '70000', 'd', '-9000000', 'e', '3000000000', 'f', 'text', 'g', ''],
        ['DEBUG', 'OBJECT', 'small'],
        ['HSET', 'many', ...fields],
        ['DEBUG', 'OBJECT', 'many'],
        ['HSET', 'big', 'a', '1', 'long', LONG, 'n', '12'],
        ['DEBUG', 'OBJECT', 'big'],
        ['HSET', 'wide', 'x'.repeat(5000), '1'],
        ['DEBUG', 'OBJECT', 'wide'],
      ],
      masked,
    );
  });

  it('HSCAN over a hashtable: a cursor loop returns every field once', async () => {
    const script: Script = [];
    const fields: string[] = [];
    for (let i = 0; i < 600; i++) fields.push(`f${i}`, String(i));
    script.push(['HSET', 'h', ...fields]);
    const stub = runOnStub(script);
    expect(stub[0]).toBe(600);
    const engine = new Engine({ activeExpire: false });
    const s = new Session(engine);
    s.execute(['HSET', 'h', ...fields]);
    const seen = new Set<string>();
    let cursor = '0';
    let pages = 0;
    do {
      const [next, items] = s.execute(['HSCAN', 'h', cursor, 'COUNT', '7', 'MATCH', 'f*']) as [string, string[]];
      // A field deleted during the loop never comes back; one added may or may not.
      if (pages === 3) s.execute(['HDEL', 'h', 'f599']);
      for (let i = 0; i < items.length; i += 2) {
        expect(seen.has(items[i]!)).toBe(false);
        expect(items[i + 1]).toBe(items[i]!.slice(1));
        seen.add(items[i]!);
      }
      cursor = next;
      pages++;
    } while (cursor !== '0');
    expect(pages).toBeGreaterThan(80);
    for (let i = 0; i < 599; i++) expect(seen.has(`f${i}`)).toBe(true);
    engine.close();
  });
});

describe('HRANDFIELD randomness (stub)', () => {
  function stub(...script: Script): Reply[] {
    return runOnStub(script);
  }
  const fields = (n: number) => Array.from({ length: n }, (_, i) => [`f${i}`, `v${i}`]).flat();

  it('a positive count gives distinct fields; a negative count may repeat', () => {
    for (const size of [5, 200]) {
      for (const count of [1, 2, 4, size - 1]) {
        const r = stub(['HSET', 'h', ...fields(size)], ['HRANDFIELD', 'h', String(count), 'WITHVALUES'])[1] as string[];
        expect(r.length).toBe(count * 2);
        const names = r.filter((_, i) => i % 2 === 0);
        expect(new Set(names).size).toBe(count);
        for (let i = 0; i < r.length; i += 2) expect(r[i + 1]).toBe(`v${r[i]!.slice(1)}`);
      }
    }
    const r = stub(['HSET', 'h', 'a', '1', 'b', '2'], ['HRANDFIELD', 'h', '-50'])[1] as string[];
    expect(r.length).toBe(50);
    expect(new Set(r)).toEqual(new Set(['a', 'b']));
  });

  it('a listpack sample keeps the listpack order', () => {
    const r = stub(['HSET', 'h', ...fields(20)], ['HRANDFIELD', 'h', '10'])[1] as string[];
    const positions = r.map((f) => Number(f.slice(1)));
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('RESP3 with WITHVALUES answers pairs', () => {
    const r = stub(['HELLO', '3'], ['HSET', 'h', 'a', '1'], ['HRANDFIELD', 'h', '-2', 'WITHVALUES'])[2];
    expect(toJson(wire(r!, 3))).toEqual([['a', '1'], ['a', '1']]);
  });
});

describe.skipIf(!hasOracle())('hash keyspace events', () => {
  it('fires the events Redis fires, in its order', async () => {
    const script: Script = [
      ['HSET', 'h', 'a', '1', 'b', '2'],
      ['HMSET', 'h', 'a', '1'],
      ['HSETNX', 'h', 'a', '1'],
      ['HSETNX', 'h', 'c', '1'],
      ['HINCRBY', 'h', 'n', '1'],
      ['HINCRBY', 'h', 'a', 'x'],
      ['HINCRBYFLOAT', 'h', 'f', '1.5'],
      ['HINCRBYFLOAT', 'h', 'f', 'inf'],
      ['HDEL', 'h', 'nope'],
      ['HDEL', 'h', 'a'],
      ['HDEL', 'h', 'b', 'c', 'n', 'f'],
      ['HDEL', 'nokey', 'a'],
      ['HGET', 'nokey', 'a'],
      ['HGETALL', 'nokey'],
      ['HSETNX', 'new', 'a', '1'],
      ['HINCRBY', 'new2', 'a', '1'],
    ];
    const options = { flags: 'EAnm', withDb: true };
    const oracleEvents = (await oracleKeyEvents(script, options))!;
    const stubEvents = stubKeyEvents(script, options);
    expect(oracleEvents.length).toBeGreaterThan(10);
    expect(stubEvents).toEqual(oracleEvents);
  });
});
