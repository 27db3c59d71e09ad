/**
 * Stream commands without groups, differential against the oracle: XADD (IDs, NOMKSTREAM,
 * MAXLEN/MINID with `=`/`~`/LIMIT), XRANGE/XREVRANGE, XLEN, XDEL, XTRIM, XSETID, XREAD (RESP2 and
 * RESP3 shapes), errors, binary fields, WATCH, keyspace events, node layout (XLEN after `~`, XINFO's
 * radix-tree-keys), MEMORY USAGE and DEBUG OBJECT.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { Session } from '../../src/engine/session.js';
import { RedisStream } from '../../src/engine/types/stream.js';
import { expectSameAsOracle, oracleConnection, runOnOracle, type Script } from '../support/differential.js';
import { oracleKeyEvents, stubKeyEvents } from '../support/keyspace-events.js';
import type { JsonReply } from '../support/reply-json.js';

const BIN = '\x00\xff\x80a\r\n\x00';

/** DEBUG OBJECT without the address and the LRU fields, which differ between any two servers. */
function debugObjectTail(argv: string[], r: JsonReply): JsonReply {
  if (argv[0]!.toUpperCase() !== 'DEBUG' || r === null || typeof r !== 'object' || !('+' in r)) return r;
  return (r['+'] as string).replace(/^Value at:\S+ /, '').replace(/ lru:\d+ lru_seconds_idle:\d+/, '');
}

describe('XADD', () => {
  it('adds entries with explicit, partial and ms-* IDs, and returns them', async () => {
    await expectSameAsOracle([
      ['XADD', 's', '1-1', 'f', 'v'],
      ['XADD', 's', '1-2', 'f', 'v', 'g', BIN],
      ['XADD', 's', '2', BIN, ''],
      ['XADD', 's', '2-*', 'a', '1'],
      ['XADD', 's', '3-*', 'a', '1'],
      ['XADD', 's', '3-*', 'a', '1'],
      ['XADD', 's', '5-0', 'a', '1'],
      ['XADD', 's', '5-0', 'a', '1'],
      ['XADD', 's', '4-9', 'a', '1'],
      ['XADD', 's', '5', 'a', '1'],
      ['XADD', 's', ' 6', 'a', '1'],
      ['XADD', 's', '+7-01', 'a', '1'],
      ['XADD', 's', '8-\t2', 'a', '1'],
      ['XADD', 's', '9\x00junk', 'a', '1'],
      ['XRANGE', 's', '-', '+'],
      ['XLEN', 's'],
      ['TYPE', 's'],
      ['OBJECT', 'ENCODING', 's'],
    ]);
  });

  it('refuses bad IDs, 0-0, and IDs at or below the top item', async () => {
    await expectSameAsOracle([
      ['XADD', 'n', '0-0', 'a', '1'],
      ['EXISTS', 'n'],
      ['XADD', 'n', '0', 'a', '1'],
      ['XADD', 'n', '0-*', 'a', '1'],
      ['XADD', 'n', '0-*', 'a', '1'],
      ['XADD', 'n', '-', 'a', '1'],
      ['XADD', 'n', '+', 'a', '1'],
      ['XADD', 'n', 'x', 'a', '1'],
      ['XADD', 'n', '1-x', 'a', '1'],
      ['XADD', 'n', '1-2-3', 'a', '1'],
      ['XADD', 'n', '-1', 'a', '1'],
      ['XADD', 'n', '1--1', 'a', '1'],
      ['XADD', 'n', '1-', 'a', '1'],
      ['XADD', 'n', '', 'a', '1'],
      ['XADD', 'n', '*-1', 'a', '1'],
      ['XADD', 'n', '18446744073709551616', 'a', '1'],
      ['XADD', 'n', '1-18446744073709551616', 'a', '1'],
      ['XADD', 'n', '1'.repeat(128), 'a', '1'],
      ['XADD', 'n', '0x10', 'a', '1'],
      ['XADD', 'n', '1.5', 'a', '1'],
      ['XADD', 'n', '5-18446744073709551615', 'a', '1'],
      ['XADD', 'n', '5-*', 'a', '1'],
      ['XADD', 'n', '18446744073709551615-18446744073709551614', 'a', '1'],
      ['XADD', 'n', '18446744073709551615-*', 'a', '1'],
      ['XADD', 'n', '18446744073709551615-*', 'a', '1'],
      ['XADD', 'n', '*', 'a', '1'],
      ['XADD', 'n', '1-1', 'a', '1'],
      ['XLEN', 'n'],
      ['XRANGE', 'n', '-', '+'],
    ]);
  });

  it('ms-* past the last sequence answers by the errno earlier commands left, as Redis 7.0.15 does', async () => {
    await expectSameAsOracle([
      ['XADD', 'n', '5-18446744073709551615', 'a', '1'],
      ['XADD', 'n', '5-*', 'a', '1'],
      ['XADD', 'n', '4', 'a', '1'],
      ['XADD', 'n', '5-*', 'a', '1'],
      ['GET', 'x'],
      ['XLEN', 'n'],
      ['XADD', 'n', '5-*', 'a', '1'],
      ['XADD', 'n', '18446744073709551616', 'a', '1'],
      ['XADD', 'n', '5-*', 'a', '1'],
      ['XADD', 'm', '0-1', 'a', '1'],
      ['XADD', 'm', '0-1', 'a', '1'],
      ['XADD', 'n', '5-*', 'a', '1'],
      ['XRANGE', 'n', '-', '+', 'COUNT', ' 1'],
      ['XADD', 'n', '5-*', 'a', '1'],
      ['XADD', 'n', '4', 'a', '1'],
      ['XREAD', 'STREAMS', 'n', '6-0'],
      ['XADD', 'n', '5-*', 'a', '1'],
      ['XRANGE', 'n', '(0-0', '9-0'],
      ['XADD', 'n', '5-*', 'a', '1'],
    ]);
  });

  it('checks its arity, options and type', async () => {
    await expectSameAsOracle([
      ['XADD', 's', '1-1', 'f'],
      ['XADD', 's', '1-1', 'f', 'v', 'g'],
      ['XADD', 's', 'MAXLEN', '1', '1-1'],
      ['XADD', 's', 'MAXLEN', '1-1', 'f', 'v'],
      ['XADD', 's', 'MAXLEN', '-1', '1-1', 'f', 'v'],
      ['XADD', 's', 'MAXLEN', 'x', '1-1', 'f', 'v'],
      ['XADD', 's', 'MAXLEN', '~', 'f', 'v'],
      ['XADD', 's', 'MAXLEN', '1', 'MINID', '1', '1-1', 'f', 'v'],
      ['XADD', 's', 'MINID', '1', 'MAXLEN', '1', '1-1', 'f', 'v'],
      ['XADD', 's', 'MINID', '-', '1-1', 'f', 'v'],
      ['XADD', 's', 'MINID', '+', '1-1', 'f', 'v'],
      ['XADD', 's', 'MINID', 'x', '1-1', 'f', 'v'],
      ['XADD', 's', 'LIMIT', '10', '1-1', 'f', 'v'],
      ['XADD', 's', 'LIMIT', '0', '1-1', 'f', 'v'],
      ['XADD', 's', 'LIMIT', '-1', '1-1', 'f', 'v'],
      ['XADD', 's', 'LIMIT', 'x', '1-1', 'f', 'v'],
      ['XADD', 's', 'MAXLEN', '1', 'LIMIT', '10', '1-1', 'f', 'v'],
      ['XADD', 's', 'MAXLEN', '=', '1', 'LIMIT', '10', '1-1', 'f', 'v'],
      ['XADD', 's', 'NOMKSTREAM', 'NOMKSTREAM', '1-1', 'f', 'v'],
      ['XADD', 's', 'maxlen', '~', '5', 'limit', '3', 'nomkstream', '*', 'f', 'v'],
      ['EXISTS', 's'],
      ['SET', 'str', 'x'],
      ['XADD', 'str', '1-1', 'f', 'v'],
      ['XADD', 'str', 'NOMKSTREAM', '1-1', 'f', 'v'],
      ['XADD', 'str', '0-0', 'f', 'v'],
      ['XADD', 'str', 'x', 'f', 'v'],
      ['XLEN', 'str'],
      ['XRANGE', 'str', '-', '+'],
      ['XRANGE', 'str', 'x', '+'],
      ['XREVRANGE', 'str', '+', '-'],
      ['XDEL', 'str', '1-1'],
      ['XTRIM', 'str', 'MAXLEN', '1'],
      ['XSETID', 'str', '1-1'],
      ['XREAD', 'STREAMS', 'str', '0'],
      ['GET', 'str'],
    ]);
  });

  it('NOMKSTREAM replies nil for a missing key and adds to an existing one', async () => {
    await expectSameAsOracle([
      ['XADD', 's', 'NOMKSTREAM', '1-1', 'f', 'v'],
      ['EXISTS', 's'],
      ['XADD', 's', '1-1', 'f', 'v'],
      ['XADD', 's', 'NOMKSTREAM', '2-1', 'f', 'v'],
      ['XADD', 's', 'NOMKSTREAM', 'MAXLEN', '1', '3-1', 'f', 'v'],
      ['XRANGE', 's', '-', '+'],
    ]);
  });
});

describe('trimming (XADD MAXLEN/MINID, XTRIM)', () => {
  it('trims exactly with = and without an operator', async () => {
    const script: Script = [];
    for (let i = 1; i <= 10; i++) script.push(['XADD', 's', `${i}-0`, 'f', String(i)]);
    script.push(
      ['XTRIM', 's', 'MAXLEN', '8'],
      ['XLEN', 's'],
      ['XTRIM', 's', 'MAXLEN', '=', '6'],
      ['XTRIM', 's', 'MAXLEN', '6'],
      ['XTRIM', 's', 'MINID', '7'],
      ['XTRIM', 's', 'MINID', '=', '8-1'],
      ['XRANGE', 's', '-', '+'],
      ['XADD', 's', 'MAXLEN', '2', '11-0', 'f', '11'],
      ['XADD', 's', 'MINID', '11', '12-0', 'f', '12'],
      ['XRANGE', 's', '-', '+'],
      ['XTRIM', 's', 'MAXLEN', '0'],
      ['XLEN', 's'],
      ['EXISTS', 's'],
      ['XRANGE', 's', '-', '+'],
      ['XADD', 's', '12-0', 'f', 'v'],
      ['XADD', 's', '13-0', 'f', 'v'],
      ['XTRIM', 'nokey', 'MAXLEN', '0'],
    );
    await expectSameAsOracle(script);
  });

  it('trims approximately by whole nodes, with LIMIT counting entries', async () => {
    const script: Script = [];
    for (let i = 1; i <= 350; i++) script.push(['XADD', 's', `${i}-0`, 'f', String(i)]);
    script.push(
      ['XTRIM', 's', 'MAXLEN', '~', '300'],
      ['XLEN', 's'],
      ['XTRIM', 's', 'MAXLEN', '~', '249'],
      ['XLEN', 's'],
      ['XTRIM', 's', 'MAXLEN', '~', '100', 'LIMIT', '99'],
      ['XLEN', 's'],
      ['XTRIM', 's', 'MAXLEN', '~', '0', 'LIMIT', '100'],
      ['XLEN', 's'],
      ['XTRIM', 's', 'MINID', '~', '330'],
      ['XLEN', 's'],
      ['XTRIM', 's', 'MINID', '~', '400', 'LIMIT', '0'],
      ['XLEN', 's'],
      ['XRANGE', 's', '-', '+', 'COUNT', '2'],
    );
    await expectSameAsOracle(script);
  });

  it('approximate trimming sees nodes closed by bytes, master-field compression and deleted entries', async () => {
    const script: Script = [];
    const big = 'x'.repeat(300);
    for (let i = 1; i <= 40; i++) script.push(['XADD', 's', `${i}-0`, 'f', i % 3 === 0 ? big : String(i)]);
    for (let i = 41; i <= 120; i++) script.push(['XADD', 's', `${i}-0`, i % 2 === 0 ? 'f' : 'g', 'v'.repeat(i % 70), 'h', String(i * 1000)]);
    script.push(['XDEL', 's', '2-0', '3-0', '50-0', '51-0']);
    for (let i = 121; i <= 260; i++) script.push(['XADD', 's', `${i}-${i}`, 'f', String(-i * 99999)]);
    script.push(
      ['XLEN', 's'],
      ['XADD', 's', 'MAXLEN', '~', '200', '300-0', 'f', 'v'],
      ['XLEN', 's'],
      ['XADD', 's', 'MINID', '~', '200', '301-0', 'f', 'v'],
      ['XLEN', 's'],
      ['XTRIM', 's', 'MAXLEN', '~', '10'],
      ['XLEN', 's'],
      ['XRANGE', 's', '-', '+', 'COUNT', '3'],
    );
    await expectSameAsOracle(script);
  });

  it('follows stream-node-max-entries and stream-node-max-bytes', async () => {
    const script: Script = [['CONFIG', 'SET', 'stream-node-max-entries', '3'], ['CONFIG', 'SET', 'stream-node-max-bytes', '60']];
    for (let i = 1; i <= 30; i++) script.push(['XADD', 's', `${i}-0`, 'field', 'v'.repeat(i % 7)]);
    script.push(
      ['XTRIM', 's', 'MAXLEN', '~', '20'],
      ['XLEN', 's'],
      ['CONFIG', 'SET', 'stream-node-max-bytes', '0'],
      ['CONFIG', 'SET', 'stream-node-max-entries', '0'],
    );
    for (let i = 31; i <= 40; i++) script.push(['XADD', 's', `${i}-0`, 'field', 'v']);
    script.push(
      ['XTRIM', 's', 'MAXLEN', '~', '5'],
      ['XLEN', 's'],
      ['CONFIG', 'SET', 'stream-node-max-entries', '100'],
      ['CONFIG', 'SET', 'stream-node-max-bytes', '4096'],
    );
    await expectSameAsOracle(script);
  });

  it('exact MINID trimming stops at a node whose last (deleted) entry is not below it', async () => {
    await expectSameAsOracle([
      ['XADD', 's', '1-0', 'a', '1'],
      ['XADD', 's', '2-0', 'a', '1'],
      ['XADD', 's', '3-0', 'a', '1'],
      ['XDEL', 's', '3-0'],
      ['XTRIM', 's', 'MINID', '3'],
      ['XLEN', 's'],
      ['XADD', 's', '4-0', 'a', '1'],
      ['XRANGE', 's', '-', '+'],
      ['XADD', 'w', '1-0', 'a', '1'],
      ['XADD', 'w', '5000000000-0', 'a', '2'],
      ['XADD', 'w', '5000000001-0', 'a', '3'],
      ['XTRIM', 'w', 'MINID', '4000000000'],
      ['XRANGE', 'w', '-', '+'],
    ]);
  });

  it('XTRIM checks its options', async () => {
    await expectSameAsOracle([
      ['XADD', 's', '1-0', 'a', '1'],
      ['XTRIM', 's'],
      ['XTRIM', 's', 'MAXLEN'],
      ['XTRIM', 's', 'LIMIT', '5'],
      ['XTRIM', 's', 'LIMIT', '0'],
      ['XTRIM', 's', 'MAXLEN', '1', 'LIMIT', '5'],
      ['XTRIM', 's', 'MAXLEN', '~', '1', 'LIMIT', '-5'],
      ['XTRIM', 's', 'MAXLEN', '1', 'extra'],
      ['XTRIM', 's', 'NOMKSTREAM', 'MAXLEN', '1'],
      ['XTRIM', 's', 'MAXLEN', '1', 'MINID', '1'],
      ['XTRIM', 's', 'MINID', '~', '-'],
      ['XTRIM', 's', 'MAXLEN', '~'],
      ['XTRIM', 's', 'MAXLEN', '='],
      ['XTRIM', 's', 'MAXLEN', '9223372036854775807'],
      ['XTRIM', 's', 'MAXLEN', '9223372036854775808'],
      ['XTRIM', 'nokey', 'MAXLEN', 'x'],
      ['XTRIM', 'nokey', 'MINID', '0'],
    ]);
  });
});

describe('XRANGE / XREVRANGE', () => {
  const data: Script = [
    ['XADD', 's', '1-0', 'a', '1'],
    ['XADD', 's', '1-5', 'b', '2'],
    ['XADD', 's', '2-0', 'c', BIN],
    ['XADD', 's', '3-18446744073709551615', 'd', '4'],
    ['XADD', 's', '4-0', 'e', '5'],
  ];
  it('read inclusive, exclusive and partial bounds with COUNT', async () => {
    await expectSameAsOracle([
      ...data,
      ['XRANGE', 's', '-', '+'],
      ['XRANGE', 's', '1', '2'],
      ['XRANGE', 's', '(1-0', '(4-0'],
      ['XRANGE', 's', '(1', '+'],
      ['XRANGE', 's', '(3-18446744073709551615', '+'],
      ['XRANGE', 's', '-', '(2'],
      ['XRANGE', 's', '3', '3'],
      ['XRANGE', 's', '4', '1'],
      ['XRANGE', 's', '-', '+', 'COUNT', '2'],
      ['XRANGE', 's', '-', '+', 'COUNT', '0'],
      ['XRANGE', 's', '-', '+', 'COUNT', '-3'],
      ['XRANGE', 's', '-', '+', 'count', '1', 'COUNT', '3'],
      ['XRANGE', 's', '-', '+', 'COUNT'],
      ['XRANGE', 's', '-', '+', 'COUNT', 'x'],
      ['XRANGE', 's', '-', '+', 'LIMIT', '1'],
      ['XREVRANGE', 's', '+', '-'],
      ['XREVRANGE', 's', '2', '1'],
      ['XREVRANGE', 's', '(4', '(1-0'],
      ['XREVRANGE', 's', '+', '-', 'COUNT', '2'],
      ['XREVRANGE', 's', '+', '-', 'COUNT', '0'],
      ['XREVRANGE', 's', '1', '4'],
      ['XRANGE', 'nokey', '-', '+'],
      ['XRANGE', 'nokey', '-', '+', 'COUNT', '0'],
      ['XREVRANGE', 'nokey', '+', '-'],
    ]);
  });

  it('refuse bad bounds before looking at the key', async () => {
    await expectSameAsOracle([
      ...data,
      ['XRANGE', 's', '(', '+'],
      ['XRANGE', 's', '(-', '+'],
      ['XRANGE', 's', '-', '(+'],
      ['XRANGE', 's', '(18446744073709551615-18446744073709551615', '+'],
      ['XRANGE', 's', '-', '(0-0'],
      ['XRANGE', 's', '-', '(0'],
      ['XRANGE', 's', 'x', '+'],
      ['XRANGE', 's', '-', 'x'],
      ['XRANGE', 'nokey', '(18446744073709551615-18446744073709551615', '+'],
      ['XRANGE', 's', '-', '+', 'COUNT', 'x'],
      ['XREVRANGE', 's', '(0-0', '-'],
      ['XREVRANGE', 's', '+', '(18446744073709551615-18446744073709551615'],
      ['XREVRANGE', 's', '+', 'x'],
    ]);
  });
});

describe('XDEL / XLEN', () => {
  it('delete entries; an emptied stream stays a key', async () => {
    await expectSameAsOracle([
      ['XDEL', 'nokey', '1-1'],
      ['XDEL', 'nokey', 'x'],
      ['XADD', 's', '1-1', 'a', '1'],
      ['XADD', 's', '2-1', 'a', '1'],
      ['XADD', 's', '3-1', 'a', '1'],
      ['XDEL', 's', '2-1', '2-1', '9-9'],
      ['XDEL', 's', '1-1', 'x'],
      ['XDEL', 's', '-'],
      ['XDEL', 's', '1'],
      ['XLEN', 's'],
      ['XDEL', 's', '1-1', '3-1'],
      ['XLEN', 's'],
      ['EXISTS', 's'],
      ['TYPE', 's'],
      ['XRANGE', 's', '-', '+'],
      ['XREVRANGE', 's', '+', '-'],
      ['XADD', 's', '3-1', 'a', '1'],
      ['XADD', 's', '3-2', 'a', '1'],
      ['XLEN', 's'],
      ['XLEN', 'nokey'],
    ]);
  });

  it('deleting every entry of a node frees it (XLEN after ~ trimming tells)', async () => {
    const script: Script = [];
    for (let i = 1; i <= 250; i++) script.push(['XADD', 's', `${i}-0`, 'f', 'v']);
    const ids: string[] = [];
    for (let i = 101; i <= 200; i++) ids.push(`${i}-0`);
    script.push(['XDEL', 's', ...ids.slice(0, 99)], ['XTRIM', 's', 'MAXLEN', '~', '40'], ['XLEN', 's']);
    script.push(['XDEL', 's', ids[99]!], ['XTRIM', 's', 'MAXLEN', '~', '40'], ['XLEN', 's']);
    await expectSameAsOracle(script);
  });
});

describe('XSETID', () => {
  it('sets the last ID, entries added and max deleted ID, with Redis errors', async () => {
    await expectSameAsOracle([
      ['XSETID', 'nokey', '1-1'],
      ['XSETID', 'nokey', 'x'],
      ['XSETID', 'nokey', '1-1', 'ENTRIESADDED', '-1'],
      ['XADD', 's', '5-0', 'a', '1'],
      ['XADD', 's', '6-0', 'a', '1'],
      ['XSETID', 's', '5-9'],
      ['XSETID', 's', '6-0'],
      ['XSETID', 's', '+'],
      ['XSETID', 's', '-'],
      ['XSETID', 's', '10'],
      ['XADD', 's', '10-0', 'a', '1'],
      ['XADD', 's', '10-*', 'a', '1'],
      ['XSETID', 's', '20', 'ENTRIESADDED', '1'],
      ['XSETID', 's', '20', 'ENTRIESADDED', '3'],
      ['XSETID', 's', '20', 'ENTRIESADDED', 'x'],
      ['XSETID', 's', '20', 'ENTRIESADDED'],
      ['XSETID', 's', '20', 'MAXDELETEDID', '21'],
      ['XSETID', 's', '20', 'MAXDELETEDID', '19', 'ENTRIESADDED', '100'],
      ['XSETID', 's', '18'],
      ['XSETID', 's', '19'],
      ['XSETID', 's', '10-1'],
      ['XSETID', 's', '10-0'],
      ['XSETID', 's', '20', 'MAXDELETEDID', 'x'],
      ['XSETID', 's', '20', 'BOGUS', '1'],
      ['XDEL', 's', '5-0', '6-0', '10-1'],
      ['XSETID', 's', '0-1'],
      ['XSETID', 's', '19-0', 'MAXDELETEDID', '0-0'],
      ['XADD', 's', '19-5', 'a', '1'],
      ['XADD', 's', '20-1', 'a', '1'],
      ['XRANGE', 's', '-', '+'],
    ]);
  });
});

describe('XREAD', () => {
  const data: Script = [
    ['XADD', 's', '1-0', 'a', '1'],
    ['XADD', 's', '2-0', 'b', BIN],
    ['XADD', 't', '5-0', 'c', '3'],
  ];
  it('reads after IDs from several streams, with COUNT and $', async () => {
    await expectSameAsOracle([
      ...data,
      ['XREAD', 'STREAMS', 's', '0'],
      ['XREAD', 'COUNT', '1', 'STREAMS', 's', 't', '0', '0'],
      ['XREAD', 'COUNT', '0', 'STREAMS', 's', 't', '1', '4-9'],
      ['XREAD', 'COUNT', '-1', 'STREAMS', 's', 't', '1', '4-9'],
      ['XREAD', 'STREAMS', 's', 't', 'nokey', '$', '$', '0'],
      ['XREAD', 'STREAMS', 's', '2-0'],
      ['XREAD', 'STREAMS', 's', 's', '0', '1'],
      ['XREAD', 'STREAMS', 'nokey', 's', '0', '1-0'],
      ['XREAD', 'streams', 's', '$\x00x'],
      ['XREAD', 'STREAMS', 's', '+'],
      ['XREAD', 'STREAMS', 's', '-'],
      ['XREAD', 'STREAMS', 's', 'x'],
      ['XREAD', 'STREAMS', 's', '>'],
      ['XREAD', 'STREAMS', 's'],
      ['XREAD', 'STREAMS', 's', 't', '0'],
      ['XREAD', 'COUNT', 'x', 'STREAMS', 's', '0'],
      ['XREAD', 'COUNT', '1', 's', '0'],
      ['XREAD', 'GROUP', 'g', 'c', 'STREAMS', 's', '0'],
      ['XREAD', 'NOACK', 'STREAMS', 's', '0'],
      ['XREAD', 'COUNT'],
      ['XREAD', 'STREAMS', 'STREAMS', 's', '0', '0'],
      ['XDEL', 's', '2-0'],
      ['XREAD', 'STREAMS', 's', '1-0'],
      ['XREAD', 'STREAMS', 's', '0-0'],
      ['XREAD', 'BLOCK', 'x', 'STREAMS', 's', '0'],
      ['XREAD', 'BLOCK', '-1', 'STREAMS', 's', '0'],
      ['XREAD', 'BLOCK', '9223372036854775807', 'STREAMS', 's', '0'],
      ['XREAD', 'BLOCK', '100', 'STREAMS', 's', '0'],
      ['XREAD', 'BLOCK', '0', 'STREAMS', 's', '0'],
    ]);
  });

  it('replies with a map in RESP3, and a nil array when nothing can be served', async () => {
    await expectSameAsOracle([
      ...data,
      ['XREAD', 'STREAMS', 's', '$'],
      ['HELLO', '3'],
      ['XREAD', 'STREAMS', 's', 't', '0', '0'],
      ['XREAD', 'COUNT', '1', 'STREAMS', 's', 't', 'nokey', '1', '0', '0'],
      ['XREAD', 'STREAMS', 's', '$'],
      ['XRANGE', 's', '-', '+', 'COUNT', '0'],
      ['XRANGE', 's', '-', '+'],
      ['HELLO', '2'],
    ], (argv, r) => (argv[0] === 'HELLO' ? null : r));
  });

  it('BLOCK inside MULTI answers at once with a nil array', async () => {
    await expectSameAsOracle([
      ...data,
      ['MULTI'],
      ['XREAD', 'BLOCK', '0', 'STREAMS', 's', '$'],
      ['XREAD', 'BLOCK', '10', 'STREAMS', 's', '0'],
      ['XREAD', 'BLOCK', 'x', 'STREAMS', 's', '0'],
      ['EXEC'],
    ]);
  });
});

describe('keyspace operations on streams', () => {
  it('COPY, RENAME, DEL, TYPE and OBJECT work on streams', async () => {
    await expectSameAsOracle([
      ['XADD', 's', '1-0', 'a', '1'],
      ['XADD', 's', '2-0', 'b', '2'],
      ['XDEL', 's', '1-0'],
      ['COPY', 's', 'c'],
      ['XADD', 'c', '3-0', 'c', '3'],
      ['XRANGE', 's', '-', '+'],
      ['XRANGE', 'c', '-', '+'],
      ['XADD', 'c', '2-5', 'x', 'y'],
      ['XSETID', 's', '9-9'],
      ['COPY', 's', 'd'],
      ['XADD', 'd', '9-9', 'x', 'y'],
      ['XADD', 'd', '9-*', 'x', 'y'],
      ['RENAME', 'c', 'r'],
      ['TYPE', 'r'],
      ['OBJECT', 'ENCODING', 'r'],
      ['XLEN', 'r'],
      ['DEL', 's', 'r', 'd'],
      ['EXISTS', 's', 'r', 'd'],
    ]);
  });

  it('MEMORY USAGE and DEBUG OBJECT come out as Redis counts them', async () => {
    const script: Script = [['XADD', 's', '1-0', 'a', '1'], ['MEMORY', 'USAGE', 's'], ['DEBUG', 'OBJECT', 's']];
    for (let i = 2; i <= 30; i++) script.push(['XADD', 's', `${i}-0`, 'a', String(i * 7), 'b', 'x'.repeat(i)]);
    script.push(['MEMORY', 'USAGE', 's'], ['DEBUG', 'OBJECT', 's'], ['XDEL', 's', '3-0', '4-0'], ['DEBUG', 'OBJECT', 's']);
    script.push(['XSETID', 's', '100-5', 'ENTRIESADDED', '200', 'MAXDELETEDID', '99'], ['DEBUG', 'OBJECT', 's']);
    script.push(['XADD', 'e', '1-0', 'a', 'b'], ['XDEL', 'e', '1-0'], ['MEMORY', 'USAGE', 'e'], ['DEBUG', 'OBJECT', 'e']);
    await expectSameAsOracle(script, debugObjectTail);
  });
});

describe('node layout', () => {
  /** The script on the oracle then XINFO STREAM s, and on a stub: both layouts side by side. */
  async function layouts(script: Script): Promise<{ oracle: Record<string, unknown>; stub: RedisStream } | undefined> {
    const conn = await oracleConnection();
    if (!conn) return undefined;
    const replies = await runOnOracle(conn, [...script, ['XINFO', 'STREAM', 's'], ['CONFIG', 'SET', 'stream-node-max-entries', '100']]);
    const info = replies[replies.length - 2] as unknown[];
    const oracle: Record<string, unknown> = {};
    for (let i = 0; i < info.length; i += 2) oracle[info[i] as string] = info[i + 1];
    const engine = new Engine({ activeExpire: false });
    const session = new Session(engine);
    for (const argv of script) session.execute(argv);
    return { oracle, stub: engine.databases[0]!.find('s')!.value as RedisStream };
  }

  it('radix-tree-keys and radix-tree-nodes (XINFO STREAM) equal the stub layout', async () => {
    const scripts: Script[] = [];
    const mixed: Script = [['CONFIG', 'SET', 'stream-node-max-entries', '7']];
    for (let i = 1; i <= 120; i++) {
      const fields = i % 5 === 0 ? ['g', 'x'.repeat(i * 3)] : ['f', String(i), 'h', 'y'.repeat(i % 50)];
      mixed.push(['XADD', 's', `${i}-${i % 4}`, ...fields]);
      if (i % 11 === 0) mixed.push(['XDEL', 's', `${i - 3}-${(i - 3) % 4}`]);
    }
    mixed.push(['XTRIM', 's', 'MINID', '30']);
    scripts.push(mixed);
    const wide: Script = [['CONFIG', 'SET', 'stream-node-max-entries', '1']];
    for (const ms of ['1', '2', '255', '256', '65536', '1700000000000', '1700000000001', '1700000009999', '18446744073709551615']) {
      for (const seq of ['0', '1', '300']) wide.push(['XADD', 's', `${ms}-${seq}`, 'f', 'v']);
    }
    wide.push(['XDEL', 's', '256-1', '2-0'], ['XTRIM', 's', 'MAXLEN', '~', '20']);
    scripts.push(wide);
    for (const script of scripts) {
      const got = await layouts(script);
      if (!got) return;
      expect(got.stub.nodeCount).toBe(got.oracle['radix-tree-keys']);
      expect(got.stub.raxNodeCount()).toBe(got.oracle['radix-tree-nodes']);
      expect(got.stub.length).toBe(got.oracle['length']);
    }
  });

  it('MEMORY USAGE of many-node streams matches Redis', async () => {
    const script: Script = [['CONFIG', 'SET', 'stream-node-max-entries', '3']];
    for (let i = 1; i <= 40; i++) script.push(['XADD', 's', `${i * 1000}-${i}`, 'f', 'x'.repeat(i * 5)], ['MEMORY', 'USAGE', 's']);
    script.push(['XDEL', 's', '2000-2', '5000-5'], ['MEMORY', 'USAGE', 's'], ['XTRIM', 's', 'MAXLEN', '10'], ['MEMORY', 'USAGE', 's']);
    script.push(['CONFIG', 'SET', 'stream-node-max-entries', '100'], ['CONFIG', 'SET', 'stream-node-max-bytes', '100']);
    for (let i = 41; i <= 60; i++) script.push(['XADD', 's', `${i * 1000}-0`, 'f', 'y'.repeat(i)], ['MEMORY', 'USAGE', 's'], ['DEBUG', 'OBJECT', 's']);
    script.push(['CONFIG', 'SET', 'stream-node-max-bytes', '4096']);
    await expectSameAsOracle(script, debugObjectTail);
  });
});

describe('WATCH', () => {
  it('every stream write dirties the key; no-ops do not', async () => {
    const writes: string[][] = [
      ['XADD', 'k', '5-0', 'f', 'v'],
      ['XADD', 'k', '1-0', 'f', 'v'],
      ['XADD', 'k', 'NOMKSTREAM', '5-0', 'f', 'v'],
      ['XDEL', 'k', '1-0'],
      ['XDEL', 'k', '9-0'],
      ['XTRIM', 'k', 'MAXLEN', '1'],
      ['XTRIM', 'k', 'MAXLEN', '10'],
      ['XSETID', 'k', '8-0'],
      ['XSETID', 'k', '0-1'],
      ['XRANGE', 'k', '-', '+'],
      ['XREAD', 'STREAMS', 'k', '0'],
    ];
    const script: Script = [];
    for (const w of writes) {
      script.push(['DEL', 'k'], ['XADD', 'k', '1-0', 'a', 'b'], ['XADD', 'k', '2-0', 'a', 'b'], ['WATCH', 'k'], w, ['MULTI'], ['PING'], ['EXEC']);
    }
    await expectSameAsOracle(script);
  });
});

describe('keyspace events of stream commands', () => {
  it('are the ones Redis publishes, in the same order', async () => {
    const script: Script = [
      ['FLUSHALL'],
      ['XADD', 's', '1-0', 'a', '1'],
      ['XADD', 's', 'MAXLEN', '1', '2-0', 'a', '1'],
      ['XADD', 's', 'MAXLEN', '5', '3-0', 'a', '1'],
      ['XADD', 's', '1-0', 'a', '1'],
      ['XADD', 'n', 'NOMKSTREAM', '1-0', 'a', '1'],
      ['XDEL', 's', '2-0'],
      ['XDEL', 's', '2-0'],
      ['XTRIM', 's', 'MAXLEN', '0'],
      ['XTRIM', 's', 'MAXLEN', '0'],
      ['XSETID', 's', '10-0'],
      ['XRANGE', 'nokey', '-', '+'],
      ['XLEN', 'nokey'],
      ['XREAD', 'STREAMS', 'nokey', '0'],
      ['XDEL', 'nokey', '1-0'],
      ['DEL', 's'],
    ];
    const expected = await oracleKeyEvents(script);
    if (expected === undefined) return;
    expect(stubKeyEvents(script)).toEqual(expected);
  });
});
