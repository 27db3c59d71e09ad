/**
 * Keyspace commands against the oracle: DEL, UNLINK, EXISTS, TYPE, RENAME, RENAMENX, KEYS, SCAN,
 * RANDOMKEY, TOUCH, MOVE, COPY, with every option and error, binary keys, keys that are due but
 * not yet deleted, keyspace statistics and keyspace events.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { Session } from '../../src/engine/session.js';
import type { RedisCollection } from '../../src/engine/values.js';
import { COMMANDS } from '../../src/commands/table.js';
import type { Reply } from '../../src/reply.js';
import {
  describeMismatch,
  expectSameAsOracle,
  firstMismatch,
  ORACLE_RESET,
  oracleConnection,
  type Script,
} from '../support/differential.js';
import { oracleKeyEvents, stubKeyEvents } from '../support/keyspace-events.js';
import { hasOracle } from '../support/oracle.js';
import { RawConnection } from '../support/raw-connection.js';
import type { JsonReply } from '../support/reply-json.js';

/** KEYS and SCAN answer in hash order in Redis: compare their key lists sorted. */
function sortKeyLists(argv: string[], r: JsonReply): JsonReply {
  const name = argv[0]!.toUpperCase();
  if (name === 'KEYS' && Array.isArray(r)) return [...r].sort();
  if (name === 'SCAN' && Array.isArray(r) && Array.isArray(r[1])) return [r[0]!, [...r[1]].sort()];
  return r;
}

const same = (script: Script) => expectSameAsOracle(script, sortKeyLists);

/**
 * One stub session and the oracle side by side, for scripts in several steps (a pause between
 * them, a SCAN loop). Keys due but not yet deleted stay around: no active expiry on either side.
 */
class Pair {
  readonly engine = new Engine({ activeExpire: false });
  readonly stub = new Session(this.engine);
  private constructor(readonly oracle: RawConnection) {}

  static async open(): Promise<Pair | undefined> {
    const oracle = await oracleConnection();
    if (!oracle) return undefined;
    await oracle.sendAll([...ORACLE_RESET, ['DEBUG', 'SET-ACTIVE-EXPIRE', '0']]);
    return new Pair(oracle);
  }

  async run(script: Script): Promise<void> {
    const oracle = await this.oracle.sendAll(script);
    const stub = script.map((argv) => this.stub.execute(argv));
    const m = firstMismatch(script, stub, oracle, sortKeyLists);
    if (m) expect.fail(describeMismatch(script, m));
  }

  /** keyspace_hits, keyspace_misses and expired_keys on both sides. */
  async stats(): Promise<{ stub: number[]; oracle: number[] }> {
    const info = String(await this.oracle.send(['INFO', 'stats']));
    const field = (name: string) => Number(new RegExp(`^${name}:(\\d+)`, 'm').exec(info)![1]);
    const s = this.engine.stats;
    return {
      stub: [s.keyspaceHits, s.keyspaceMisses, s.expiredKeys],
      oracle: [field('keyspace_hits'), field('keyspace_misses'), field('expired_keys')],
    };
  }

  close(): void {
    this.stub.close();
    this.engine.close();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every key a full SCAN loop returns (the union of its pages), on one side. */
async function scanUnion(send: (argv: string[]) => Promise<Reply> | Reply, args: string[]): Promise<string[]> {
  const seen = new Set<string>();
  let cursor = '0';
  for (let calls = 0; ; calls++) {
    expect(calls).toBeLessThan(10_000);
    const [next, keys] = (await send(['SCAN', cursor, ...args])) as [string, string[]];
    for (const k of keys) seen.add(k);
    cursor = next;
    if (cursor === '0') break;
  }
  return [...seen].sort();
}

const BINARY_KEYS = ['', '\x00', 'a\x00b', '\xff\xfe', '\xe9t\xe9', 'with space', '\r\n'];

describe.skipIf(!hasOracle())('DEL, UNLINK, EXISTS, TYPE, TOUCH', () => {
  it('DEL and UNLINK count deleted keys once each', () =>
    same([
      ['DEL', 'missing'],
      ['MSET', 'a', '1', 'b', '2', 'c', '3'],
      ['DEL', 'a', 'a', 'missing', 'b'],
      ['EXISTS', 'a', 'b', 'c'],
      ['UNLINK', 'c', 'c', 'zz'],
      ['UNLINK', 'c'],
      ['DBSIZE'],
      ['DEL'],
      ['UNLINK'],
      ['del', 'x'],
    ]));

  it('EXISTS counts a key once per mention', () =>
    same([
      ['SET', 'k', 'v'],
      ['EXISTS', 'k'],
      ['EXISTS', 'k', 'k', 'k', 'nope'],
      ['EXISTS', 'nope'],
      ['EXISTS'],
    ]));

  it('TYPE and TOUCH', () =>
    same([
      ['SET', 'k', 'v'],
      ['TYPE', 'k'],
      ['TYPE', 'nope'],
      ['TOUCH', 'k', 'nope', 'k'],
      ['TOUCH', 'nope'],
      ['TYPE'],
      ['TYPE', 'a', 'b'],
      ['TOUCH'],
    ]));

  it('binary-safe keys', () =>
    same([
      ...BINARY_KEYS.map((k) => ['SET', k, `v${k}`]),
      ['EXISTS', ...BINARY_KEYS],
      ...BINARY_KEYS.map((k) => ['TYPE', k]),
      ['KEYS', '*'],
      ['KEYS', '*\x00*'],
      ['KEYS', '?'],
      ['KEYS', '[\x80-\xff]*'],
      ['DEL', ...BINARY_KEYS.slice(0, 3)],
      ['KEYS', '*'],
      ['RENAME', '\xff\xfe', ''],
      ['GET', ''],
      ['UNLINK', ...BINARY_KEYS],
      ['DBSIZE'],
    ]));
});

describe.skipIf(!hasOracle())('RENAME and RENAMENX', () => {
  it('moves the value and answers like Redis', () =>
    same([
      ['RENAME', 'nope', 'b'],
      ['RENAMENX', 'nope', 'b'],
      ['SET', 'a', '1'],
      ['RENAME', 'a', 'b'],
      ['GET', 'a'],
      ['GET', 'b'],
      ['SET', 'c', '3'],
      ['RENAMENX', 'b', 'c'],
      ['GET', 'b'],
      ['RENAMENX', 'b', 'd'],
      ['EXISTS', 'b', 'd'],
      ['RENAME', 'd', 'c'],
      ['GET', 'c'],
      ['KEYS', '*'],
      ['RENAME', 'c'],
      ['RENAMENX', 'c', 'd', 'e'],
    ]));

  it('same source and destination: OK / 0 when the key exists, no such key otherwise', () =>
    same([
      ['RENAME', 'a', 'a'],
      ['RENAMENX', 'a', 'a'],
      ['SET', 'a', '1'],
      ['PEXPIREAT', 'a', '4102444800000'],
      ['RENAME', 'a', 'a'],
      ['RENAMENX', 'a', 'a'],
      ['PEXPIRETIME', 'a'],
      ['GET', 'a'],
    ]));

  it('the TTL moves with the key; an overwritten destination loses its own', () =>
    same([
      ['SET', 'src', 'v'],
      ['PEXPIREAT', 'src', '4102444800123'],
      ['SET', 'dst', 'old'],
      ['PEXPIREAT', 'dst', '4102444899999'],
      ['RENAME', 'src', 'dst'],
      ['PEXPIRETIME', 'dst'],
      ['PEXPIRETIME', 'src'],
      ['SET', 'plain', 'p'],
      ['RENAME', 'plain', 'dst'],
      ['PEXPIRETIME', 'dst'],
      ['SET', 'x', 'y'],
      ['PEXPIREAT', 'x', '9223372036854775807'],
      ['RENAMENX', 'x', 'z'],
      ['PEXPIRETIME', 'z'],
      ['EXPIRETIME', 'z'],
    ]));
});

describe.skipIf(!hasOracle())('KEYS', () => {
  it('patterns (the keyspace.tcl cases and more)', () =>
    same([
      ...['key_x', 'key_y', 'key_z', 'foo_a', 'foo_b', 'foo_c'].map((k) => ['SET', k, 'hello']),
      ['KEYS', 'foo*'],
      ['KEYS', '*'],
      ['KEYS', 'key_?'],
      ['KEYS', '*_[ab]'],
      ['KEYS', '*_[^ab]'],
      ['KEYS', '[a-k]*'],
      ['KEYS', '[k-a]*'],
      ['KEYS', 'foo\\_a'],
      ['KEYS', 'nomatch*'],
      ['KEYS', ''],
      ['KEYS', '**'],
      ['KEYS', '[foo'],
      ['KEYS', 'FOO*'],
      ['KEYS', 'a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b'],
      ['KEYS'],
      ['KEYS', '*', '*'],
    ]));

  it('long nested-star patterns end quickly (keyspace.tcl regressions)', () =>
    same([
      ['SET', 'a'.repeat(65), '1'],
      ['KEYS', `${'a*'.repeat(36)}b`],
      ['SET', 'x'.repeat(5000), '1'],
      ['KEYS', '*?'.repeat(5000)],
      ['KEYS', 'a*'.repeat(1100)],
    ]));
});

describe.skipIf(!hasOracle())('SCAN', () => {
  it('argument errors and a small keyspace in one page', () =>
    same([
      ['SET', 'a', '1'],
      ['SET', 'b', '2'],
      ['SCAN', '0'],
      ['SCAN', ''],
      ['SCAN', '-0'],
      ['SCAN', '+0'],
      ['SCAN', '00'],
      ['SCAN', ' 0'],
      ['SCAN', '0 '],
      ['SCAN', '\t0'],
      ['SCAN', '+'],
      ['SCAN', '-'],
      ['SCAN', '0x1'],
      ['SCAN', '1.5'],
      ['SCAN', 'abc'],
      ['SCAN', '18446744073709551616'],
      ['SCAN', '99999999999999999999999'],
      ['SCAN', '0\x00junk'],
      ['SCAN', 'x', 'COUNT', '0'],
      ['SCAN', '0', 'COUNT', '0'],
      ['SCAN', '0', 'COUNT', '-1'],
      ['SCAN', '0', 'COUNT', 'x'],
      ['SCAN', '0', 'COUNT', '1.0'],
      ['SCAN', '0', 'COUNT', '99999999999999999999'],
      ['SCAN', '0', 'COUNT'],
      ['SCAN', '0', 'MATCH'],
      ['SCAN', '0', 'TYPE'],
      ['SCAN', '0', 'foo', 'bar'],
      ['SCAN', '0', 'COUNT', '5', 'MATCH'],
      ['SCAN', '0', 'COUNT', '9223372036854775807'],
      ['SCAN', '0', 'MATCH', 'a'],
      ['SCAN', '0', 'MATCH', '*'],
      ['SCAN', '0', 'MATCH', 'z*'],
      ['SCAN', '0', 'TYPE', 'string'],
      ['SCAN', '0', 'TYPE', 'STRING'],
      ['SCAN', '0', 'TYPE', 'string\x00junk'],
      ['SCAN', '0', 'TYPE', 'list'],
      ['SCAN', '0', 'TYPE', 'nosuchtype'],
      ['SCAN', '0', 'TYPE', 'none'],
      ['SCAN', '0', 'count', '3', 'match', 'b', 'type', 'string', 'count', '5'],
      ['SCAN', '0', 'COUNT\x00x', '5'],
      ['SCAN'],
    ]));

  it('a full cursor loop returns the same keys as Redis', async () => {
    const pair = await Pair.open();
    try {
      const keys = Array.from({ length: 500 }, (_, i) => `key:${i}`);
      const setup: Script = [];
      for (let i = 0; i < keys.length; i += 100) setup.push(['MSET', ...keys.slice(i, i + 100).flatMap((k) => [k, 'v'])]);
      setup.push(['MSET', 'other:1', 'v', 'other:2', 'v', '\xff', 'v', '', 'v']);
      await pair!.run(setup);
      for (const args of [[], ['COUNT', '1'], ['COUNT', '7'], ['COUNT', '1000'], ['MATCH', 'key:1*'], ['MATCH', 'other:*', 'COUNT', '3'], ['TYPE', 'string', 'COUNT', '50'], ['TYPE', 'hash'], ['MATCH', '[^k]*']]) {
        const oracle = await scanUnion((a) => pair!.oracle.send(a), args);
        const stub = await scanUnion((a) => pair!.stub.execute(a), args);
        expect(stub, `SCAN ... ${args.join(' ')}`).toEqual(oracle);
      }
    } finally {
      pair?.close();
    }
  });
});

describe('SCAN guarantees (stub)', () => {
  it('returns every key present for the whole iteration, while keys come and go', () => {
    const engine = new Engine({ activeExpire: false });
    const s = new Session(engine);
    for (let i = 0; i < 1000; i++) s.execute(['SET', `stable:${i}`, 'v']);
    for (let i = 0; i < 300; i++) s.execute(['SET', `churn:${i}`, 'v']);
    const seen = new Set<string>();
    let cursor = '0';
    let step = 0;
    do {
      const [next, keys] = s.execute(['SCAN', cursor, 'COUNT', '17']) as [string, string[]];
      for (const k of keys) seen.add(k);
      cursor = next;
      // Churn between calls: delete some, add new ones, re-add deleted ones.
      s.execute(['DEL', `churn:${step % 300}`, `churn:${(step * 7) % 300}`]);
      s.execute(['SET', `new:${step}`, 'v']);
      s.execute(['SET', `churn:${(step * 3) % 300}`, 'v']);
      step++;
    } while (cursor !== '0');
    for (let i = 0; i < 1000; i++) expect(seen.has(`stable:${i}`)).toBe(true);
    engine.close();
  });

  it('costs O(COUNT) per call, not O(keyspace)', () => {
    const engine = new Engine({ activeExpire: false });
    const s = new Session(engine);
    for (let i = 0; i < 200_000; i++) engine.db(0).add(`k${i}`, 'v');
    const [cursor] = s.execute(['SCAN', '0', 'COUNT', '10']) as [string, string[]];
    const started = performance.now();
    let next = cursor;
    for (let i = 0; i < 2000; i++) next = (s.execute(['SCAN', next, 'COUNT', '10']) as [string, string[]])[0];
    // 2000 calls over a 200k-key keyspace: a linear rescan per call would take seconds.
    expect(performance.now() - started).toBeLessThan(500);
    engine.close();
  });
});

describe.skipIf(!hasOracle())('RANDOMKEY', () => {
  it('nil on an empty database, the only key otherwise', () =>
    same([['RANDOMKEY'], ['SET', 'only', '1'], ['RANDOMKEY'], ['DEL', 'only'], ['RANDOMKEY'], ['RANDOMKEY', 'x']]));

  it('returns members of the keyspace, all of them eventually (stub)', () => {
    const engine = new Engine({ activeExpire: false });
    const s = new Session(engine);
    s.execute(['MSET', 'a', '1', 'b', '2', 'c', '3']);
    const seen = new Set<string>();
    for (let i = 0; i < 300; i++) seen.add(s.execute(['RANDOMKEY']) as string);
    expect([...seen].sort()).toEqual(['a', 'b', 'c']);
    engine.close();
  });

  it('costs O(1), and its key list stays exact through every kind of write (stub)', () => {
    const engine = new Engine({ activeExpire: false });
    const s = new Session(engine);
    const rnd = (n: number) => Math.floor(Math.random() * n);
    const key = () => `k${rnd(40)}`;
    for (let i = 0; i < 3000; i++) {
      const ops: string[][] = [
        ['SET', key(), 'v'],
        ['DEL', key()],
        ['RENAME', key(), key()],
        ['RENAMENX', key(), key()],
        ['MOVE', key(), String(rnd(3))],
        ['COPY', key(), key(), 'DB', String(rnd(3)), 'REPLACE'],
        ['EXPIRE', key(), '-1'],
        ['SELECT', String(rnd(3))],
        ['RANDOMKEY'],
      ];
      s.execute(ops[rnd(ops.length)]!);
      if (i === 2000) s.execute(['FLUSHALL']);
    }
    for (const db of engine.databases.slice(0, 3)) {
      const list = (db as unknown as { keyList: string[] }).keyList;
      expect([...list].sort()).toEqual([...db.dict.keys()].sort());
      list.forEach((k, i) => expect(db.dict.get(k)!.slot).toBe(i));
    }
    for (let i = 0; i < 200_000; i++) engine.db(5).add(`big${i}`, 'v');
    s.execute(['SELECT', '5']);
    const started = performance.now();
    for (let i = 0; i < 20_000; i++) s.execute(['RANDOMKEY']);
    expect(performance.now() - started).toBeLessThan(500);
    engine.close();
  });

  it('skips and deletes due keys, however many there are (stub)', () => {
    const engine = new Engine({ activeExpire: false });
    const s = new Session(engine);
    for (let i = 0; i < 500; i++) s.execute(['SET', `due:${i}`, 'v', 'PX', '10']);
    s.execute(['SET', 'live', 'v']);
    const clock = engine.useManualClock();
    // Make the keys due without the manual clock's eager sweep: put the deadlines in the past.
    for (const e of engine.db(0).dict.values()) if (e.expiresAt !== 0) e.expiresAt = clock.now() - 1;
    expect(s.execute(['RANDOMKEY'])).toBe('live');
    engine.close();
  });
});

describe.skipIf(!hasOracle())('MOVE', () => {
  it('moves a key and its TTL to another database', () =>
    same([
      ['SET', 'k', 'v'],
      ['PEXPIREAT', 'k', '4102444800000'],
      ['MOVE', 'k', '0'],
      ['MOVE', 'k', '16'],
      ['MOVE', 'k', '-1'],
      ['MOVE', 'k', 'abc'],
      ['MOVE', 'k', '4294967296'],
      ['MOVE', 'k', '-2147483649'],
      ['MOVE', 'k', '99999999999999999999'],
      ['MOVE', 'nope', '16'],
      ['MOVE', 'nope', '1'],
      ['MOVE', 'k', '1'],
      ['EXISTS', 'k'],
      ['SELECT', '1'],
      ['GET', 'k'],
      ['PEXPIRETIME', 'k'],
      ['SET', 'k2', 'v2'],
      ['SELECT', '0'],
      ['SET', 'k2', 'mine'],
      ['MOVE', 'k2', '1'],
      ['GET', 'k2'],
      ['SELECT', '1'],
      ['GET', 'k2'],
      ['MOVE', 'k', '0'],
      ['SELECT', '0'],
      ['PEXPIRETIME', 'k'],
      ['MOVE', 'k'],
    ]));
});

describe.skipIf(!hasOracle())('COPY', () => {
  it('options, errors and answers', () =>
    same([
      ['COPY', 'b', 'b'],
      ['COPY', 'nope', 'z'],
      ['COPY', 'nope', 'nope'],
      ['SET', 'b', 'bee'],
      ['COPY', 'b', 'b'],
      ['COPY', 'b', 'b', 'DB', '0'],
      ['COPY', 'b', 'b', 'DB'],
      ['COPY', 'b', 'b', 'REPLACE', 'foo'],
      ['COPY', 'b', 'b', 'DB', '99'],
      ['COPY', 'b', 'b', 'DB', '-1'],
      ['COPY', 'b', 'b', 'DB', 'x'],
      ['COPY', 'b', 'b', 'DB', '4294967296'],
      ['COPY', 'b', 'c', 'DB', '1', 'DB', '99'],
      ['COPY', 'b', 'c', 'DB', 'x', 'REPLACE', 'junk'],
      ['COPY', 'b', 'b', 'DB', '1'],
      ['COPY', 'b', 'b', 'DB', '1'],
      ['COPY', 'b', 'b', 'db', '1', 'replace'],
      ['COPY', 'b', 'c', 'REPLACE\x00'],
      ['SET', 's', 'hello'],
      ['COPY', 's', 's2'],
      ['COPY', 's', 's2'],
      ['SET', 's', 'changed'],
      ['GET', 's2'],
      ['COPY', 's', 's2', 'REPLACE'],
      ['GET', 's2'],
      ['COPY', 's', 's2', 'replace', 'db', '2', 'replace'],
      ['SELECT', '2'],
      ['GET', 's2'],
      ['SELECT', '1'],
      ['GET', 'b'],
      ['SELECT', '0'],
      ['COPY', 's'],
    ]));

  it('copies the TTL, and the destination keeps none of its own', () =>
    same([
      ['SET', 'src', 'v'],
      ['PEXPIREAT', 'src', '4102444800777'],
      ['COPY', 'src', 'dst'],
      ['PEXPIRETIME', 'dst'],
      ['SET', 'plain', 'p'],
      ['COPY', 'plain', 'dst', 'REPLACE'],
      ['PEXPIRETIME', 'dst'],
      ['COPY', 'src', 'far', 'DB', '3'],
      ['SELECT', '3'],
      ['PEXPIRETIME', 'far'],
      ['SELECT', '0'],
      ['PEXPIREAT', 'src', '9223372036854775807'],
      ['COPY', 'src', 'huge'],
      ['PEXPIRETIME', 'huge'],
    ]));

  it('keeps the string encoding, as dupStringObject does', () =>
    same([
      ['SET', 'i', '12345'],
      ['SET', 'e', 'hello'],
      ['SET', 'r', 'x'.repeat(50)],
      ['COPY', 'i', 'i2'],
      ['COPY', 'e', 'e2'],
      ['COPY', 'r', 'r2'],
      ['OBJECT', 'ENCODING', 'i2'],
      ['OBJECT', 'ENCODING', 'e2'],
      ['OBJECT', 'ENCODING', 'r2'],
    ]));

  it.skipIf(!COMMANDS.has('rpush') || !COMMANDS.has('lrange'))('copies collections deeply (lists)', () =>
    same([
      ['RPUSH', 'l', 'a', 'b'],
      ['COPY', 'l', 'l2'],
      ['RPUSH', 'l', 'c'],
      ['LRANGE', 'l2', '0', '-1'],
      ['TYPE', 'l2'],
      ['OBJECT', 'ENCODING', 'l2'],
    ]));

  it('deep-copies collections through RedisCollection.clone (stub)', () => {
    class Box implements RedisCollection {
      readonly type = 'list' as const;
      constructor(readonly items: string[]) {}
      encoding(): string {
        return 'listpack';
      }
      memoryUsage(): number {
        return this.items.length;
      }
      clone(): RedisCollection {
        return new Box([...this.items]);
      }
    }
    const engine = new Engine({ activeExpire: false });
    const s = new Session(engine);
    const original = new Box(['a']);
    engine.db(0).add('l', original);
    expect(s.execute(['COPY', 'l', 'l2', 'DB', '2'])).toBe(1);
    const copied = engine.db(2).dict.get('l2')!.value as Box;
    expect(copied).not.toBe(original);
    original.items.push('b');
    expect(copied.items).toEqual(['a']);
    engine.close();
  });
});

describe.skipIf(!hasOracle())('keys that are due but not yet deleted', () => {
  it('KEYS skips them without deleting; SCAN deletes them only past MATCH; TYPE none returns them', async () => {
    const pair = await Pair.open();
    try {
      await pair!.run([
        ['SET', 'live', '1'],
        ['SET', 'due1', '1'],
        ['SET', 'due2', '1'],
        ['SET', 'due3', '1'],
        ['PEXPIRE', 'due1', '5'],
        ['PEXPIRE', 'due2', '5'],
        ['PEXPIRE', 'due3', '5'],
      ]);
      await sleep(25);
      await pair!.run([
        ['KEYS', '*'],
        ['KEYS', 'due*'],
        ['DBSIZE'],
        ['SCAN', '0', 'MATCH', 'live'],
        ['DBSIZE'],
        ['SCAN', '0', 'TYPE', 'none'],
        ['DBSIZE'],
        ['SCAN', '0', 'TYPE', 'string'],
        ['DBSIZE'],
        ['SCAN', '0'],
        ['DBSIZE'],
      ]);
      const { stub, oracle } = await pair!.stats();
      expect(stub).toEqual(oracle);
    } finally {
      pair?.close();
    }
  });

  it('every command sees them as absent', async () => {
    const pair = await Pair.open();
    try {
      const keys = ['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7', 'e8'];
      await pair!.run([
        ['SET', 'dst', 'd'],
        ...keys.map((k) => ['SET', k, 'v']),
        ...keys.map((k) => ['PEXPIRE', k, '5']),
      ]);
      await sleep(25);
      await pair!.run([
        ['EXISTS', 'e1'],
        ['TYPE', 'e2'],
        ['TOUCH', 'e3'],
        ['RENAME', 'e4', 'x'],
        ['RENAME', 'dst', 'e5'],
        ['GET', 'e5'],
        ['MOVE', 'e6', '1'],
        ['COPY', 'e7', 'y'],
        ['COPY', 'dst', 'e8'],
        ['DEL', 'e8'],
        ['DBSIZE'],
      ]);
      const { stub, oracle } = await pair!.stats();
      expect(stub).toEqual(oracle);
    } finally {
      pair?.close();
    }
  });
});

describe.skipIf(!hasOracle())('keyspace statistics', () => {
  it('hits and misses counted where Redis counts them', async () => {
    const pair = await Pair.open();
    try {
      await pair!.run([
        ['SET', 'a', '1'],
        ['EXISTS', 'a', 'nope', 'a'],
        ['TYPE', 'a'],
        ['TYPE', 'nope'],
        ['TOUCH', 'a', 'nope'],
        ['SCAN', '0', 'TYPE', 'string'],
        ['SCAN', '0'],
        ['KEYS', '*'],
        ['RANDOMKEY'],
        ['COPY', 'a', 'b'],
        ['COPY', 'nope', 'b'],
        ['RENAME', 'b', 'c'],
        ['MOVE', 'c', '1'],
        ['OBJECT', 'ENCODING', 'a'],
        ['OBJECT', 'ENCODING', 'nope'],
        ['TTL', 'a'],
        ['PTTL', 'nope'],
        ['EXPIRE', 'a', '100'],
        ['PERSIST', 'a'],
        ['EXPIRETIME', 'a'],
        ['DEL', 'a', 'nope'],
      ]);
      const { stub, oracle } = await pair!.stats();
      expect(stub).toEqual(oracle);
    } finally {
      pair?.close();
    }
  });
});

describe.skipIf(!hasOracle())('keyspace events', () => {
  it('fires the events Redis fires, in its order', async () => {
    const script: Script = [
      ['SET', 'a', '1'],
      ['SET', 'b', '2'],
      ['DEL', 'a', 'nope', 'a'],
      ['UNLINK', 'b'],
      ['SET', 'a', '1'],
      ['RENAME', 'a', 'b'],
      ['RENAME', 'b', 'b'],
      ['SET', 'c', '1'],
      ['RENAMENX', 'b', 'c'],
      ['RENAMENX', 'b', 'd'],
      ['MOVE', 'd', '3'],
      ['COPY', 'c', 'e', 'DB', '4'],
      ['COPY', 'c', 'f'],
      ['SET', 'g', '1'],
      ['COPY', 'c', 'g', 'REPLACE'],
      ['EXPIRE', 'c', '100'],
      ['EXPIRE', 'c', '100', 'NX'],
      ['PEXPIREAT', 'c', '4102444800000'],
      ['PERSIST', 'c'],
      ['PERSIST', 'c'],
      ['EXPIRE', 'c', '-1'],
      ['EXPIRE', 'nope', '10'],
      ['TYPE', 'nope'],
      ['EXISTS', 'nope'],
      ['TOUCH', 'nope'],
      ['OBJECT', 'ENCODING', 'nope'],
      ['TTL', 'nope'],
      ['COPY', 'nope', 'x'],
      ['SCAN', '0', 'TYPE', 'string'],
      ['KEYS', '*'],
    ];
    const options = { flags: 'EAnm', withDb: true };
    const oracleEvents = (await oracleKeyEvents(script, options))!;
    const stubEvents = stubKeyEvents(script, options);
    // SET's own `set` events belong to the string commands' tests.
    const mine = (events: string[][]) => events.filter(([event]) => event !== 'set');
    expect(oracleEvents.length).toBeGreaterThan(20);
    expect(mine(stubEvents)).toEqual(mine(oracleEvents));
  });
});
