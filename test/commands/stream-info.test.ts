/**
 * XINFO STREAM [FULL [COUNT n]], XINFO GROUPS, XINFO CONSUMERS and XINFO HELP, differential against
 * the oracle. Absolute times (FULL's delivery and seen times) and idle times are normalized: the
 * two servers run the script at different moments.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/engine/clock.js';
import { Engine } from '../../src/engine/engine.js';
import { Session } from '../../src/engine/session.js';
import { MapReply } from '../../src/reply.js';
import { expectSameAsOracle, type Script } from '../support/differential.js';
import { streamTimesNormalized as timesNormalized } from '../support/stream-times.js';

const DATA: Script = [
  ['XADD', 's', '1-1', 'a', '1'],
  ['XADD', 's', '2-1', 'b', '2', 'c', '3'],
  ['XADD', 's', '3-1', 'd', '4'],
  ['XADD', 's', '4-1', 'e', '5'],
  ['XGROUP', 'CREATE', 's', 'g2', '0'],
  ['XGROUP', 'CREATE', 's', 'g1', '$'],
  ['XGROUP', 'CREATE', 's', 'g10', '0'],
  ['XREADGROUP', 'GROUP', 'g2', 'bob', 'COUNT', '2', 'STREAMS', 's', '>'],
  ['XREADGROUP', 'GROUP', 'g2', 'alice', 'STREAMS', 's', '>'],
  ['XGROUP', 'CREATECONSUMER', 's', 'g2', 'al'],
  ['XGROUP', 'CREATECONSUMER', 's', 'g2', 'B'],
];

describe('XINFO STREAM', () => {
  it('reports the stream, its edges and, with FULL, entries and groups', async () => {
    await expectSameAsOracle(
      [
        ['XGROUP', 'CREATE', 'e', 'g', '$', 'MKSTREAM'],
        ['XINFO', 'STREAM', 'e'],
        ['XINFO', 'STREAM', 'e', 'FULL'],
        ...DATA,
        ['XINFO', 'STREAM', 's'],
        ['XINFO', 'STREAM', 's', 'FULL'],
        ['XINFO', 'STREAM', 's', 'full', 'count', '1'],
        ['XINFO', 'STREAM', 's', 'FULL', 'COUNT', '0'],
        ['XINFO', 'STREAM', 's', 'FULL', 'COUNT', '-1'],
        ['XDEL', 's', '1-1', '4-1'],
        ['XINFO', 'STREAM', 's'],
        ['XINFO', 'STREAM', 's', 'FULL'],
        ['XINFO', 'STREAM', 's', 'FULL', 'COUNT', 'x'],
        ['XINFO', 'STREAM', 's', 'FULL', 'COUNT'],
        ['XINFO', 'STREAM', 's', 'FULL', 'LIMIT', '1'],
        ['XINFO', 'STREAM', 's', 'PARTIAL'],
        ['XINFO', 'STREAM', 's', 'FULL', 'COUNT', '1', 'x'],
        ['XINFO', 'STREAM', 'nokey'],
        ['XINFO', 'STREAM', 'nokey', 'BAD'],
        ['XINFO', 'STREAM'],
        ['SET', 'str', 'v'],
        ['XINFO', 'STREAM', 'str'],
        ['XTRIM', 's', 'MAXLEN', '0'],
        ['XINFO', 'STREAM', 's'],
      ],
      timesNormalized,
    );
  });

  it('counts radix tree keys and nodes over many nodes', async () => {
    const script: Script = [['CONFIG', 'SET', 'stream-node-max-entries', '2']];
    for (let i = 1; i <= 40; i++) script.push(['XADD', 's', `${i * 37}-${i % 3}`, 'f', 'v']);
    script.push(['XINFO', 'STREAM', 's'], ['XDEL', 's', '37-1', '74-2'], ['XINFO', 'STREAM', 's']);
    script.push(['XTRIM', 's', 'MAXLEN', '7'], ['XINFO', 'STREAM', 's'], ['CONFIG', 'SET', 'stream-node-max-entries', '100']);
    await expectSameAsOracle(script);
  });
});

describe('XINFO GROUPS / CONSUMERS / HELP', () => {
  it('list groups and consumers in name order', async () => {
    await expectSameAsOracle(
      [
        ...DATA,
        ['XINFO', 'GROUPS', 's'],
        ['XINFO', 'CONSUMERS', 's', 'g2'],
        ['XINFO', 'CONSUMERS', 's', 'g1'],
        ['XINFO', 'CONSUMERS', 's', 'nogroup'],
        ['XINFO', 'CONSUMERS', 'nokey', 'g'],
        ['XINFO', 'CONSUMERS', 's'],
        ['XINFO', 'GROUPS', 'nokey'],
        ['XINFO', 'GROUPS', 's', 'x'],
        ['XADD', 'plain', '1-1', 'a', '1'],
        ['XINFO', 'GROUPS', 'plain'],
        ['SET', 'str', 'v'],
        ['XINFO', 'GROUPS', 'str'],
        ['XINFO', 'CONSUMERS', 'str', 'g'],
        ['XINFO', 'HELP'],
        ['XINFO', 'help', 'x'],
        ['XINFO', 'NOPE', 's'],
        ['XINFO'],
        ['HELLO', '3'],
        ['XINFO', 'GROUPS', 's'],
        ['XINFO', 'CONSUMERS', 's', 'g2'],
        ['XINFO', 'STREAM', 's'],
        ['XINFO', 'STREAM', 's', 'FULL'],
        ['HELLO', '2'],
      ],
      (argv, r) => (argv[0]!.toUpperCase() === 'HELLO' ? null : timesNormalized(argv, r)),
    );
  });
});

describe('XINFO times under a manual clock', () => {
  it('are the engine clock: seen-time, delivery times and idle', () => {
    const clock = new ManualClock(5_000_000);
    const c = new Session(new Engine({ activeExpire: false, clock }));
    c.execute(['XADD', 's', '1-0', 'a', '1']);
    c.execute(['XGROUP', 'CREATE', 's', 'g', '0']);
    c.execute(['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '>']);
    clock.advance(250);
    expect(c.execute(['XINFO', 'CONSUMERS', 's', 'g'])).toEqual([new MapReply(['name', 'c', 'pending', 1, 'idle', 250])]);
    const full = c.execute(['XINFO', 'STREAM', 's', 'FULL']) as MapReply;
    const groups = full.entries[full.entries.indexOf('groups') + 1] as MapReply[];
    const g = groups[0]!.entries;
    expect(g[g.indexOf('pending') + 1]).toEqual([['1-0', 'c', 5_000_000, 1]]);
    const consumer = (g[g.indexOf('consumers') + 1] as MapReply[])[0]!.entries;
    expect(consumer[consumer.indexOf('seen-time') + 1]).toBe(5_000_000);
  });
});
