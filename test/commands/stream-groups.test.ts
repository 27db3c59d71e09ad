/**
 * Stream consumer groups, differential against the oracle: XGROUP, XREADGROUP, XACK, XPENDING,
 * XCLAIM and XAUTOCLAIM, every option and error, WATCH and keyspace events. Idle times are compared
 * in whole seconds (the two servers run the script at different moments); BLOCK is checked on the
 * stub alone, with the replies the oracle gave two redis-cli sessions.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/engine/clock.js';
import { Engine } from '../../src/engine/engine.js';
import { Session } from '../../src/engine/session.js';
import { BLOCKED, ErrorReply, MapReply, NIL_ARRAY, type Reply } from '../../src/reply.js';
import { expectSameAsOracle, type Script } from '../support/differential.js';
import { oracleKeyEvents, stubKeyEvents } from '../support/keyspace-events.js';
import type { JsonReply } from '../support/reply-json.js';
import { idleInSeconds } from '../support/stream-times.js';

/** HELLO's reply without the client id (the two servers number their clients differently). */
function withoutClientId(argv: string[], r: JsonReply): JsonReply {
  return argv[0]!.toUpperCase() === 'HELLO' ? null : r;
}

const SETUP: Script = [
  ['XADD', 's', '1-1', 'a', '1'],
  ['XADD', 's', '2-1', 'b', '2'],
  ['XADD', 's', '3-1', 'c', '3', 'd', '4'],
  ['XADD', 's', '4-1', 'e', '5'],
];

describe('XGROUP CREATE', () => {
  it('creates groups at an ID or $, with MKSTREAM and ENTRIESREAD', async () => {
    await expectSameAsOracle([
      ...SETUP,
      ['XGROUP', 'CREATE', 's', 'g1', '0'],
      ['XGROUP', 'CREATE', 's', 'g2', '$'],
      ['XGROUP', 'CREATE', 's', 'g3', '2-1', 'ENTRIESREAD', '2'],
      ['XGROUP', 'CREATE', 's', 'g4', '2', 'entriesread', '-1'],
      ['XGROUP', 'CREATE', 's', 'g1', '0'],
      ['XGROUP', 'create', 's', 'g5', '0', 'MKSTREAM'],
      ['XGROUP', 'CREATE', 's', 'g6', '0', 'MKSTREAM', 'MKSTREAM'],
      ['XGROUP', 'CREATE', 'nokey', 'g', '0'],
      ['EXISTS', 'nokey'],
      ['XGROUP', 'CREATE', 'm', 'g', '$', 'MKSTREAM'],
      ['XGROUP', 'CREATE', 'm2', 'g', '5-5', 'MKSTREAM', 'ENTRIESREAD', '3'],
      ['TYPE', 'm'],
      ['XLEN', 'm'],
      ['XINFO', 'GROUPS', 'm2'],
      ['XINFO', 'GROUPS', 's'],
      ['XGROUP', 'CREATE', 'x', 'g', 'bad', 'MKSTREAM'],
      ['EXISTS', 'x'],
      ['XGROUP', 'CREATE', 's', 'g7', '+'],
      ['XGROUP', 'CREATE', 's', 'g7', '-'],
      ['XGROUP', 'CREATE', 's', 'g7', '1-x'],
      ['XGROUP', 'CREATE', 's', 'g7', '0', 'ENTRIESREAD', '-2'],
      ['XGROUP', 'CREATE', 's', 'g7', '0', 'ENTRIESREAD', 'x'],
      ['XGROUP', 'CREATE', 's', 'g7', '0', 'ENTRIESREAD'],
      ['XGROUP', 'CREATE', 's', 'g7', '0', 'NOPE'],
      ['XGROUP', 'CREATE', 's', 'g7', '0', 'MKSTREAM', 'ENTRIESREAD', '1', 'MKSTREAM'],
      ['XGROUP', 'CREATE', 's', 'g7'],
      ['XGROUP', 'CREATE', 's'],
      ['SET', 'str', 'v'],
      ['XGROUP', 'CREATE', 'str', 'g', '0'],
      ['XGROUP', 'CREATE', 'str', 'g', '0', 'MKSTREAM'],
      ['XGROUP', 'CREATE', 'str', 'g', '0', 'BAD'],
      ['XINFO', 'STREAM', 's'],
    ]);
  });
});

describe('XGROUP SETID / DESTROY / CREATECONSUMER / DELCONSUMER / HELP', () => {
  it('change groups and consumers, with errors in Redis order', async () => {
    await expectSameAsOracle(
      [
        ...SETUP,
        ['XGROUP', 'CREATE', 's', 'g', '0'],
        ['XGROUP', 'SETID', 's', 'g', '2-1'],
        ['XINFO', 'GROUPS', 's'],
        ['XGROUP', 'SETID', 's', 'g', '2-1', 'ENTRIESREAD', '2'],
        ['XINFO', 'GROUPS', 's'],
        ['XGROUP', 'SETID', 's', 'g', '$'],
        ['XINFO', 'GROUPS', 's'],
        ['XGROUP', 'SETID', 's', 'g', '-'],
        ['XGROUP', 'SETID', 's', 'g', '+'],
        ['XINFO', 'GROUPS', 's'],
        ['XGROUP', 'SETID', 's', 'g', '1', 'ENTRIESREAD', '100'],
        ['XINFO', 'GROUPS', 's'],
        ['XGROUP', 'SETID', 's', 'g', 'bad'],
        ['XGROUP', 'SETID', 's', 'g', '0', 'MKSTREAM'],
        ['XGROUP', 'SETID', 's', 'g', '0', 'ENTRIESREAD'],
        ['XGROUP', 'SETID', 's', 'nogroup', '0'],
        ['XGROUP', 'SETID', 'nokey', 'g', '0'],
        ['XGROUP', 'CREATECONSUMER', 's', 'g', 'c1'],
        ['XGROUP', 'CREATECONSUMER', 's', 'g', 'c1'],
        ['XGROUP', 'CREATECONSUMER', 's', 'g', 'c0'],
        ['XGROUP', 'CREATECONSUMER', 's', 'nogroup', 'c1'],
        ['XGROUP', 'CREATECONSUMER', 'nokey', 'g', 'c1'],
        ['XGROUP', 'CREATECONSUMER', 's', 'g'],
        ['XINFO', 'CONSUMERS', 's', 'g'],
        ['XGROUP', 'SETID', 's', 'g', '0'],
        ['XREADGROUP', 'GROUP', 'g', 'c1', 'COUNT', '2', 'STREAMS', 's', '>'],
        ['XGROUP', 'DELCONSUMER', 's', 'g', 'c1'],
        ['XGROUP', 'DELCONSUMER', 's', 'g', 'c1'],
        ['XGROUP', 'DELCONSUMER', 's', 'nogroup', 'c1'],
        ['XPENDING', 's', 'g'],
        ['XINFO', 'CONSUMERS', 's', 'g'],
        ['XGROUP', 'DESTROY', 's', 'g'],
        ['XGROUP', 'DESTROY', 's', 'g'],
        ['XGROUP', 'DESTROY', 'nokey', 'g'],
        ['XGROUP', 'DESTROY', 's', 'g', 'extra'],
        ['XINFO', 'GROUPS', 's'],
        ['XGROUP', 'HELP'],
        ['XGROUP', 'help', 'x'],
        ['XGROUP', 'NOPE'],
        ['XGROUP'],
        ['SET', 'str', 'v'],
        ['XGROUP', 'DESTROY', 'str', 'g'],
      ],
      idleInSeconds,
    );
  });
});

describe('XREADGROUP', () => {
  it('delivers new entries, records them pending, and replays a consumer history', async () => {
    await expectSameAsOracle(
      [
        ...SETUP,
        ['XGROUP', 'CREATE', 's', 'g', '0'],
        ['XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '1', 'STREAMS', 's', '>'],
        ['XREADGROUP', 'GROUP', 'g', 'bob', 'STREAMS', 's', '>'],
        ['XREADGROUP', 'GROUP', 'g', 'bob', 'STREAMS', 's', '>'],
        ['XREADGROUP', 'GROUP', 'g', 'carol', 'STREAMS', 's', '>'],
        ['XINFO', 'CONSUMERS', 's', 'g'],
        ['XREADGROUP', 'GROUP', 'g', 'bob', 'STREAMS', 's', '0'],
        ['XREADGROUP', 'GROUP', 'g', 'bob', 'COUNT', '1', 'STREAMS', 's', '2-1'],
        ['XREADGROUP', 'GROUP', 'g', 'bob', 'STREAMS', 's', '3'],
        ['XREADGROUP', 'GROUP', 'g', 'bob', 'STREAMS', 's', '2-18446744073709551615'],
        ['XREADGROUP', 'GROUP', 'g', 'nobody', 'STREAMS', 's', '0'],
        ['XINFO', 'CONSUMERS', 's', 'g'],
        ['XPENDING', 's', 'g', '-', '+', '10'],
        ['XDEL', 's', '3-1'],
        ['XREADGROUP', 'GROUP', 'g', 'bob', 'STREAMS', 's', '0-0'],
        ['XPENDING', 's', 'g', '-', '+', '10'],
        ['XADD', 's', '5-1', 'f', '6'],
        ['XREADGROUP', 'GROUP', 'g', 'alice', 'NOACK', 'STREAMS', 's', '>'],
        ['XPENDING', 's', 'g'],
        ['XINFO', 'GROUPS', 's'],
        ['XGROUP', 'SETID', 's', 'g', '0'],
        ['XREADGROUP', 'GROUP', 'g', 'carol', 'COUNT', '2', 'STREAMS', 's', '>'],
        ['XPENDING', 's', 'g', '-', '+', '10'],
        ['XINFO', 'GROUPS', 's'],
        ['XREADGROUP', 'GROUP', 'g', 'carol', 'COUNT', '-5', 'STREAMS', 's', '>'],
        ['XREADGROUP', 'GROUP', 'g', 'carol', 'COUNT', '0', 'STREAMS', 's', '>'],
      ],
      idleInSeconds,
    );
  });

  it('reads several keys, and the group must exist on each', async () => {
    await expectSameAsOracle([
      ...SETUP,
      ['XADD', 't', '7-0', 'x', 'y'],
      ['XGROUP', 'CREATE', 's', 'g', '$'],
      ['XGROUP', 'CREATE', 't', 'g', '0'],
      ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', 't', '>', '>'],
      ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', 't', '0', '>'],
      ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', 't', '>', '>'],
      ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', 'nokey', '>', '>'],
      ['XREADGROUP', 'GROUP', 'nogroup', 'c', 'STREAMS', 's', '>'],
      ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '$'],
      ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '-'],
      ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', 'bad'],
      ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', 't', '>'],
      ['XREADGROUP', 'GROUP', 'g', 'STREAMS', 's', '>'],
      ['XREADGROUP', 'COUNT', '1', 'STREAMS', 's', '>'],
      ['XREADGROUP', 'GROUP', 'g', 'c', 'COUNT', 'x', 'STREAMS', 's', '>'],
      ['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '-1', 'STREAMS', 's', '>'],
      ['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', 'x', 'STREAMS', 's', '>'],
      ['XREADGROUP', 'GROUP', 'g', 'c', 'NOPE', 'STREAMS', 's', '>'],
      ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS'],
      ['XREADGROUP', 'GROUP', 'g', 'c', 'COUNT', '1'],
      ['SET', 'str', 'v'],
      ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'str', '>'],
      ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', 'str', '>', '>'],
      ['MULTI'],
      ['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>'],
      ['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 't', '0'],
      ['EXEC'],
    ]);
  });

  it('keeps the group read counter and lag as 7.0 does around deletions', async () => {
    await expectSameAsOracle([
      ...SETUP,
      ['XGROUP', 'CREATE', 's', 'g', '0'],
      ['XGROUP', 'CREATE', 's', 'h', '0'],
      ['XDEL', 's', '2-1'],
      ['XINFO', 'GROUPS', 's'],
      ['XREADGROUP', 'GROUP', 'g', 'c', 'COUNT', '1', 'STREAMS', 's', '>'],
      ['XINFO', 'GROUPS', 's'],
      ['XREADGROUP', 'GROUP', 'g', 'c', 'COUNT', '1', 'STREAMS', 's', '>'],
      ['XINFO', 'GROUPS', 's'],
      ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '>'],
      ['XINFO', 'GROUPS', 's'],
      ['XDEL', 's', '1-1'],
      ['XINFO', 'GROUPS', 's'],
      ['XTRIM', 's', 'MAXLEN', '0'],
      ['XINFO', 'GROUPS', 's'],
      ['XADD', 's', '9-0', 'z', '1'],
      ['XINFO', 'GROUPS', 's'],
      ['XREADGROUP', 'GROUP', 'h', 'c', 'STREAMS', 's', '>'],
      ['XINFO', 'GROUPS', 's'],
      ['XSETID', 's', '20-0', 'ENTRIESADDED', '50', 'MAXDELETEDID', '15-0'],
      ['XINFO', 'GROUPS', 's'],
      ['XADD', 's', '21-0', 'z', '1'],
      ['XREADGROUP', 'GROUP', 'h', 'c', 'STREAMS', 's', '>'],
      ['XINFO', 'GROUPS', 's'],
    ]);
  });

  it('replies with a map in RESP3', async () => {
    await expectSameAsOracle([
      ['HELLO', '3'],
      ...SETUP,
      ['XGROUP', 'CREATE', 's', 'g', '0'],
      ['XREADGROUP', 'GROUP', 'g', 'c', 'COUNT', '2', 'STREAMS', 's', '>'],
      ['XDEL', 's', '1-1'],
      ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '0'],
      ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '9-0'],
      ['XREADGROUP', 'GROUP', 'g', 'd', 'STREAMS', 's', '>'],
      ['XREADGROUP', 'GROUP', 'g', 'd', 'STREAMS', 's', '>'],
      ['XINFO', 'GROUPS', 's'],
      ['XPENDING', 's', 'g'],
      ['XAUTOCLAIM', 's', 'g', 'e', '0', '0'],
      ['HELLO', '2'],
    ], withoutClientId);
  });
});

describe('XACK', () => {
  it('acknowledges pending IDs, all or nothing on a bad ID', async () => {
    await expectSameAsOracle([
      ...SETUP,
      ['XGROUP', 'CREATE', 's', 'g', '0'],
      ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '>'],
      ['XACK', 's', 'g', '1-1', '2-1', '1-1', '9-9'],
      ['XACK', 's', 'g', '3-1', 'bad'],
      ['XACK', 's', 'g', '3-1', '+'],
      ['XPENDING', 's', 'g'],
      ['XACK', 's', 'g', '3'],
      ['XACK', 's', 'nogroup', 'bad'],
      ['XACK', 'nokey', 'g', 'bad'],
      ['XACK', 's', 'g'],
      ['SET', 'str', 'v'],
      ['XACK', 'str', 'g', '1-1'],
      ['XPENDING', 's', 'g'],
    ]);
  });
});

describe('XPENDING', () => {
  it('summarises and lists pending entries with IDLE, bounds and a consumer', async () => {
    await expectSameAsOracle(
      [
        ...SETUP,
        ['XGROUP', 'CREATE', 's', 'g', '0'],
        ['XPENDING', 's', 'g'],
        ['XPENDING', 's', 'g', '-', '+', '10'],
        ['XREADGROUP', 'GROUP', 'g', 'bob', 'COUNT', '2', 'STREAMS', 's', '>'],
        ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '>'],
        ['XGROUP', 'CREATECONSUMER', 's', 'g', 'idle'],
        ['XPENDING', 's', 'g'],
        ['XPENDING', 's', 'g', '-', '+', '10'],
        ['XPENDING', 's', 'g', '-', '+', '2'],
        ['XPENDING', 's', 'g', '2', '3', '10'],
        ['XPENDING', 's', 'g', '(2-1', '(4-1', '10'],
        ['XPENDING', 's', 'g', '(1', '+', '10', 'alice'],
        ['XPENDING', 's', 'g', '-', '+', '10', 'bob'],
        ['XPENDING', 's', 'g', '-', '+', '10', 'nobody'],
        ['XPENDING', 's', 'g', '-', '+', '0'],
        ['XPENDING', 's', 'g', '-', '+', '-3'],
        ['XPENDING', 's', 'g', 'IDLE', '0', '-', '+', '10'],
        ['XPENDING', 's', 'g', 'IDLE', '100000', '-', '+', '10'],
        ['XPENDING', 's', 'g', 'idle', '-5', '-', '+', '10', 'bob'],
        ['XPENDING', 's', 'g', 'IDLE', 'x', '-', '+', '10'],
        ['XPENDING', 's', 'g', 'IDLE', '10', '-', '+'],
        ['XPENDING', 's', 'g', '-', '+'],
        ['XPENDING', 's', 'g', '-'],
        ['XPENDING', 's', 'g', '-', '+', '10', 'bob', 'extra'],
        ['XPENDING', 's', 'g', 'IDLE', '1', '-', '+', '10', 'bob', 'extra'],
        ['XPENDING', 's', 'g', '-', '+', 'x'],
        ['XPENDING', 's', 'g', 'x', '+', '10'],
        ['XPENDING', 's', 'g', '-', 'x', '10'],
        ['XPENDING', 's', 'g', '(-', '+', '10'],
        ['XPENDING', 's', 'g', '(18446744073709551615-18446744073709551615', '+', '10'],
        ['XPENDING', 's', 'g', '-', '(0-0', '10'],
        ['XPENDING', 's', 'g', '5', '1', '10'],
        ['XPENDING', 's', 'nogroup'],
        ['XPENDING', 'nokey', 'g', '-', '+', '10'],
        ['XPENDING', 'nokey', 'g', 'x', '+', '10'],
        ['SET', 'str', 'v'],
        ['XPENDING', 'str', 'g'],
      ],
      idleInSeconds,
    );
  });
});

describe('XCLAIM', () => {
  it('moves pending entries, with every option', async () => {
    await expectSameAsOracle(
      [
        ...SETUP,
        ['XGROUP', 'CREATE', 's', 'g', '0'],
        ['XREADGROUP', 'GROUP', 'g', 'bob', 'STREAMS', 's', '>'],
        ['XCLAIM', 's', 'g', 'alice', '0', '1-1'],
        ['XCLAIM', 's', 'g', 'alice', '100000', '2-1'],
        ['XINFO', 'CONSUMERS', 's', 'g'],
        ['XCLAIM', 's', 'g', 'alice', '0', '2-1', '9-9', 'JUSTID'],
        ['XPENDING', 's', 'g', '-', '+', '10'],
        ['XCLAIM', 's', 'g', 'carol', '0', '3-1', 'IDLE', '5000', 'RETRYCOUNT', '7'],
        ['XPENDING', 's', 'g', '-', '+', '10'],
        ['XCLAIM', 's', 'g', 'carol', '3000', '3-1'],
        ['XCLAIM', 's', 'g', 'carol', '-1', '3-1', 'TIME', '1000', 'RETRYCOUNT', '-4'],
        ['XPENDING', 's', 'g', '-', '+', '10'],
        ['XCLAIM', 's', 'g', 'carol', '0', '3-1', 'TIME', '99999999999999', 'JUSTID'],
        ['XCLAIM', 's', 'g', 'carol', '0', '3-1', 'IDLE', '-5'],
        ['XPENDING', 's', 'g', '-', '+', '10'],
        ['XACK', 's', 'g', '4-1'],
        ['XCLAIM', 's', 'g', 'dave', '0', '4-1'],
        ['XCLAIM', 's', 'g', 'dave', '0', '4-1', 'FORCE'],
        ['XCLAIM', 's', 'g', 'dave', '0', '9-9', 'FORCE'],
        ['XPENDING', 's', 'g', '-', '+', '10'],
        ['XCLAIM', 's', 'g', 'dave', '0', '4-1', 'FORCE', 'JUSTID', 'LASTID', '8-0'],
        ['XINFO', 'GROUPS', 's'],
        ['XCLAIM', 's', 'g', 'dave', '0', '4-1', 'LASTID', '2-0'],
        ['XINFO', 'GROUPS', 's'],
        ['XDEL', 's', '1-1'],
        ['XCLAIM', 's', 'g', 'erin', '0', '1-1', '2-1'],
        ['XPENDING', 's', 'g', '-', '+', '10'],
        ['XINFO', 'CONSUMERS', 's', 'g'],
        ['XCLAIM', 's', 'g', 'erin', '0', '2-1', 'IDLE'],
        ['XCLAIM', 's', 'g', 'erin', '0', '2-1', 'NOPE'],
        ['XCLAIM', 's', 'g', 'erin', '0', '2-1', 'IDLE', 'x'],
        ['XCLAIM', 's', 'g', 'erin', '0', '2-1', 'TIME', 'x'],
        ['XCLAIM', 's', 'g', 'erin', '0', '2-1', 'RETRYCOUNT', 'x'],
        ['XCLAIM', 's', 'g', 'erin', '0', '2-1', 'LASTID', 'x'],
        ['XCLAIM', 's', 'g', 'erin', '0', '2-1', 'LASTID', '+'],
        ['XCLAIM', 's', 'g', 'erin', 'x', '2-1'],
        ['XCLAIM', 's', 'g', 'erin', '0', '+'],
        ['XCLAIM', 's', 'g', 'erin', '0', 'bad', '2-1'],
        ['XCLAIM', 's', 'nogroup', 'erin', 'x', '2-1'],
        ['XCLAIM', 'nokey', 'g', 'erin', '0', '2-1'],
        ['XCLAIM', 's', 'g', 'erin', '0'],
        ['SET', 'str', 'v'],
        ['XCLAIM', 'str', 'g', 'erin', '0', '2-1'],
        ['XPENDING', 's', 'g', '-', '+', '10'],
      ],
      idleInSeconds,
    );
  });
});

describe('XAUTOCLAIM', () => {
  it('claims idle entries in ID order with a cursor, and reports deleted ones', async () => {
    const script: Script = [...SETUP];
    for (let i = 5; i <= 12; i++) script.push(['XADD', 's', `${i}-1`, 'n', String(i)]);
    script.push(
      ['XGROUP', 'CREATE', 's', 'g', '0'],
      ['XREADGROUP', 'GROUP', 'g', 'bob', 'STREAMS', 's', '>'],
      ['XAUTOCLAIM', 's', 'g', 'alice', '0', '0', 'COUNT', '3'],
      ['XAUTOCLAIM', 's', 'g', 'alice', '0', '4-1', 'COUNT', '2', 'JUSTID'],
      ['XAUTOCLAIM', 's', 'g', 'alice', '0', '(4-1', 'COUNT', '2'],
      ['XAUTOCLAIM', 's', 'g', 'alice', '100000', '0'],
      ['XINFO', 'CONSUMERS', 's', 'g'],
      ['XDEL', 's', '7-1', '8-1', '9-1'],
      ['XAUTOCLAIM', 's', 'g', 'carol', '0', '6-1', 'COUNT', '2'],
      ['XAUTOCLAIM', 's', 'g', 'carol', '0', '0'],
      ['XPENDING', 's', 'g', '-', '+', '20'],
      ['XAUTOCLAIM', 's', 'g', 'carol', '0', '12-1'],
      ['XAUTOCLAIM', 's', 'g', 'carol', '0', '13'],
      ['XAUTOCLAIM', 's', 'g', 'carol', '0', '-', 'COUNT', '1'],
      ['XAUTOCLAIM', 's', 'g', 'carol', '0', '+'],
      ['XAUTOCLAIM', 's', 'g', 'carol', '0', '(18446744073709551615-18446744073709551615'],
      ['XAUTOCLAIM', 's', 'g', 'carol', 'x', '0'],
      ['XAUTOCLAIM', 's', 'g', 'carol', '0', 'x'],
      ['XAUTOCLAIM', 's', 'g', 'carol', '0', '0', 'COUNT', '0'],
      ['XAUTOCLAIM', 's', 'g', 'carol', '0', '0', 'COUNT', 'x'],
      ['XAUTOCLAIM', 's', 'g', 'carol', '0', '0', 'COUNT', '3298534883328'],
      ['XAUTOCLAIM', 's', 'g', 'carol', '0', '0', 'COUNT', '3298534883329'],
      ['XAUTOCLAIM', 's', 'g', 'carol', '0', '0', 'COUNT', '576460752303423487'],
      ['XAUTOCLAIM', 's', 'g', 'carol', '0', '0', 'COUNT', '576460752303423488'],
      ['XAUTOCLAIM', 's', 'g', 'carol', '0', '0', 'COUNT'],
      ['XAUTOCLAIM', 's', 'g', 'carol', '0', '0', 'NOPE'],
      ['XAUTOCLAIM', 's', 'nogroup', 'carol', '0', '0'],
      ['XAUTOCLAIM', 'nokey', 'g', 'carol', '0', '0'],
      ['XAUTOCLAIM', 'nokey', 'g', 'carol', '0', '0', 'NOPE'],
      ['SET', 'str', 'v'],
      ['XAUTOCLAIM', 'str', 'g', 'carol', '0', '0'],
    );
    await expectSameAsOracle(script, idleInSeconds);
  });

  it('stops after ten PEL entries per COUNT when none is idle enough', async () => {
    const script: Script = [];
    for (let i = 1; i <= 30; i++) script.push(['XADD', 's', `${i}-0`, 'n', String(i)]);
    script.push(
      ['XGROUP', 'CREATE', 's', 'g', '0'],
      ['XREADGROUP', 'GROUP', 'g', 'bob', 'STREAMS', 's', '>'],
      ['XAUTOCLAIM', 's', 'g', 'alice', '100000', '0', 'COUNT', '1'],
      ['XAUTOCLAIM', 's', 'g', 'alice', '100000', '0', 'COUNT', '2'],
      ['XAUTOCLAIM', 's', 'g', 'alice', '100000', '0', 'COUNT', '3'],
      ['XDEL', 's', '1-0', '2-0'],
      ['XAUTOCLAIM', 's', 'g', 'alice', '100000', '0', 'COUNT', '1'],
      ['XAUTOCLAIM', 's', 'g', 'alice', '100000', '0', 'COUNT', '1'],
    );
    await expectSameAsOracle(script);
  });
});

describe('WATCH', () => {
  it('only XGROUP CREATE ... MKSTREAM creating the key dirties it', async () => {
    const commands: string[][] = [
      ['XGROUP', 'CREATE', 's', 'g2', '0'],
      ['XGROUP', 'CREATE', 'n', 'g2', '0', 'MKSTREAM'],
      ['XGROUP', 'SETID', 's', 'g', '0'],
      ['XGROUP', 'DESTROY', 's', 'g'],
      ['XGROUP', 'CREATECONSUMER', 's', 'g', 'c9'],
      ['XGROUP', 'DELCONSUMER', 's', 'g', 'c1'],
      ['XREADGROUP', 'GROUP', 'g', 'c1', 'STREAMS', 's', '>'],
      ['XREADGROUP', 'GROUP', 'g', 'c2', 'STREAMS', 's', '0'],
      ['XACK', 's', 'g', '1-5'],
      ['XCLAIM', 's', 'g', 'c2', '0', '1-5'],
      ['XAUTOCLAIM', 's', 'g', 'c2', '0', '0'],
    ];
    const script: Script = [];
    for (const command of commands) {
      const key = command[2] === 'n' ? 'n' : 's';
      script.push(
        ['FLUSHALL'],
        ['XADD', 's', '1-5', 'a', '1'],
        ['XADD', 's', '2-0', 'b', '2'],
        ['XGROUP', 'CREATE', 's', 'g', '0'],
        ['XREADGROUP', 'GROUP', 'g', 'c1', 'COUNT', '1', 'STREAMS', 's', '>'],
        ['WATCH', key],
        command,
        ['MULTI'],
        ['PING'],
        ['EXEC'],
      );
    }
    await expectSameAsOracle(script);
  });
});

describe('keyspace events of consumer-group commands', () => {
  it('are the ones Redis publishes, in the same order', async () => {
    const script: Script = [
      ['FLUSHALL'],
      ['XADD', 's', '1-0', 'a', '1'],
      ['XADD', 's', '2-0', 'a', '1'],
      ['XGROUP', 'CREATE', 's', 'g', '0'],
      ['XGROUP', 'CREATE', 's', 'g', '0'],
      ['XGROUP', 'CREATE', 'm', 'g', '$', 'MKSTREAM'],
      ['XREADGROUP', 'GROUP', 'g', 'c1', 'COUNT', '1', 'STREAMS', 's', '>'],
      ['XREADGROUP', 'GROUP', 'g', 'c2', 'STREAMS', 'm', '>'],
      ['XREADGROUP', 'GROUP', 'g', 'c3', 'STREAMS', 's', '0'],
      ['XREADGROUP', 'GROUP', 'g', 'c1', 'STREAMS', 's', '>'],
      ['XCLAIM', 's', 'g', 'c4', '0', '1-0'],
      ['XCLAIM', 's', 'g', 'c5', '0', '9-0'],
      ['XAUTOCLAIM', 's', 'g', 'c6', '0', '0'],
      ['XAUTOCLAIM', 's', 'g', 'c7', '100000', '0'],
      ['XACK', 's', 'g', '1-0'],
      ['XPENDING', 'nokey', 'g'],
      ['XINFO', 'STREAM', 'nokey'],
      ['XGROUP', 'CREATECONSUMER', 's', 'g', 'c8'],
      ['XGROUP', 'CREATECONSUMER', 's', 'g', 'c8'],
      ['XGROUP', 'DELCONSUMER', 's', 'g', 'c8'],
      ['XGROUP', 'DELCONSUMER', 's', 'g', 'c8'],
      ['XGROUP', 'SETID', 's', 'g', '0'],
      ['XGROUP', 'DESTROY', 's', 'g'],
      ['XGROUP', 'DESTROY', 's', 'g'],
    ];
    const expected = await oracleKeyEvents(script);
    if (expected === undefined) return;
    expect(stubKeyEvents(script)).toEqual(expected);
  });
});

describe('idle and delivery times under a manual clock', () => {
  it('are exact', () => {
    const clock = new ManualClock(1_000_000);
    const c = new Session(new Engine({ activeExpire: false, clock }));
    c.execute(['XADD', 's', '1-0', 'a', '1']);
    c.execute(['XGROUP', 'CREATE', 's', 'g', '0']);
    c.execute(['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '>']);
    clock.advance(1500);
    expect(c.execute(['XPENDING', 's', 'g', '-', '+', '10'])).toEqual([['1-0', 'c', 1500, 1]]);
    expect(c.execute(['XINFO', 'CONSUMERS', 's', 'g'])).toEqual([new MapReply(['name', 'c', 'pending', 1, 'idle', 1500])]);
    expect(c.execute(['XPENDING', 's', 'g', 'IDLE', '1501', '-', '+', '10'])).toEqual([]);
    expect(c.execute(['XCLAIM', 's', 'g', 'd', '1500', '1-0', 'JUSTID'])).toEqual(['1-0']);
    clock.advance(20);
    expect(c.execute(['XPENDING', 's', 'g', '-', '+', '10'])).toEqual([['1-0', 'd', 20, 1]]);
  });
});

describe('XREADGROUP BLOCK (stub only; replies as the oracle gave them)', () => {
  function setup(): { clock: ManualClock; reader: Session; writer: Session; got: Reply[] } {
    const clock = new ManualClock(1_700_000_000_000);
    const engine = new Engine({ activeExpire: false, clock });
    const reader = new Session(engine);
    const writer = new Session(engine);
    const got: Reply[] = [];
    reader.onUnblocked = (r) => got.push(r);
    writer.execute(['XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM']);
    return { clock, reader, writer, got };
  }

  it('waits for a new entry, records it pending, and creates the consumer only then', () => {
    const { reader, writer, got } = setup();
    expect(reader.execute(['XREADGROUP', 'GROUP', 'g', 'c1', 'BLOCK', '0', 'STREAMS', 's', '>'])).toBe(BLOCKED);
    expect(writer.execute(['XINFO', 'CONSUMERS', 's', 'g'])).toEqual([]);
    writer.execute(['XADD', 's', '1-1', 'a', '1']);
    expect(got).toEqual([[['s', [['1-1', ['a', '1']]]]]]);
    expect(writer.execute(['XPENDING', 's', 'g'])).toEqual([1, '1-1', '1-1', [['c1', '1']]]);
  });

  it('ends with NOGROUP when the group is destroyed, UNBLOCKED when the key goes', () => {
    const { reader, writer, got } = setup();
    reader.execute(['XREADGROUP', 'GROUP', 'g', 'c1', 'BLOCK', '2000', 'STREAMS', 's', '>']);
    writer.execute(['XGROUP', 'DESTROY', 's', 'g']);
    expect(got).toEqual([new ErrorReply('NOGROUP the consumer group this client was blocked on no longer exists')]);
    writer.execute(['XGROUP', 'CREATE', 's', 'g', '$']);
    reader.execute(['XREADGROUP', 'GROUP', 'g', 'c1', 'BLOCK', '2000', 'STREAMS', 's', '>']);
    writer.execute(['DEL', 's']);
    expect(got[1]).toEqual(new ErrorReply('UNBLOCKED the stream key no longer exists'));
  });

  it('times out with a nil array, and answers at once inside MULTI', () => {
    const { clock, reader, got } = setup();
    reader.execute(['XREADGROUP', 'GROUP', 'g', 'c1', 'BLOCK', '100', 'STREAMS', 's', '>']);
    clock.advance(101);
    expect(got).toEqual([NIL_ARRAY]);
    reader.execute(['MULTI']);
    reader.execute(['XREADGROUP', 'GROUP', 'g', 'c1', 'BLOCK', '0', 'STREAMS', 's', '>']);
    expect(reader.execute(['EXEC'])).toEqual([NIL_ARRAY]);
  });

  it('two readers of one group share the entries first come, first served', () => {
    const { reader, writer, got } = setup();
    const other = new Session(reader.engine);
    const otherGot: Reply[] = [];
    other.onUnblocked = (r) => otherGot.push(r);
    reader.execute(['XREADGROUP', 'GROUP', 'g', 'c1', 'BLOCK', '0', 'STREAMS', 's', '>']);
    other.execute(['XREADGROUP', 'GROUP', 'g', 'c2', 'BLOCK', '0', 'STREAMS', 's', '>']);
    writer.execute(['XADD', 's', '1-1', 'a', '1']);
    expect(got).toEqual([[['s', [['1-1', ['a', '1']]]]]]);
    expect(otherGot).toEqual([]);
    writer.execute(['XADD', 's', '2-1', 'b', '2']);
    expect(otherGot).toEqual([[['s', [['2-1', ['b', '2']]]]]]);
  });
});
