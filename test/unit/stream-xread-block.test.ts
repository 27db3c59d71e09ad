/**
 * XREAD BLOCK on the stub (the oracle cannot take part in a wait): who is served, with what, and
 * when. The expected replies are the oracle's, taken by hand with two redis-cli sessions.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/engine/clock.js';
import { Engine } from '../../src/engine/engine.js';
import { Session } from '../../src/engine/session.js';
import { BLOCKED, MapReply, NIL_ARRAY, type Reply } from '../../src/reply.js';

function setup(): { engine: Engine; clock: ManualClock; reader: Session; writer: Session; got: Reply[] } {
  const clock = new ManualClock(1_700_000_000_000);
  const engine = new Engine({ activeExpire: false, clock });
  const reader = new Session(engine);
  const writer = new Session(engine);
  const got: Reply[] = [];
  reader.onUnblocked = (r) => got.push(r);
  return { engine, clock, reader, writer, got };
}

describe('XREAD BLOCK', () => {
  it('waits for an XADD past $ and replies with that key only', () => {
    const { reader, writer, got } = setup();
    writer.execute(['XADD', 's', '9-0', 'a', '1']);
    expect(reader.execute(['XREAD', 'BLOCK', '0', 'STREAMS', 't', 's', '$', '$'])).toBe(BLOCKED);
    // XSETID and XDEL do not wake readers; the later XADD does, and only the new entry is read.
    writer.execute(['XSETID', 's', '10-0']);
    writer.execute(['XDEL', 's', '9-0']);
    expect(got).toEqual([]);
    writer.execute(['XADD', 's', '11-0', 'z', 'z']);
    expect(got).toEqual([[['s', [['11-0', ['z', 'z']]]]]]);
    expect(reader.blocked).toBeUndefined();
  });

  it('serves the first key written in an EXEC, with COUNT', () => {
    const { reader, writer, got } = setup();
    expect(reader.execute(['XREAD', 'COUNT', '1', 'BLOCK', '2000', 'STREAMS', 's', 't', '0', '$'])).toBe(BLOCKED);
    writer.execute(['MULTI']);
    writer.execute(['XADD', 't', '1-0', 'a', '1']);
    writer.execute(['XADD', 't', '2-0', 'b', '2']);
    writer.execute(['XADD', 's', '5-0', 'c', '3']);
    writer.execute(['EXEC']);
    expect(got).toEqual([[['t', [['1-0', ['a', '1']]]]]]);
  });

  it('replies with a one-entry map in RESP3', () => {
    const { reader, writer, got } = setup();
    reader.execute(['HELLO', '3']);
    expect(reader.execute(['XREAD', 'BLOCK', '1000', 'STREAMS', 's', '$'])).toBe(BLOCKED);
    writer.execute(['XADD', 's', '12-0', 'q', 'q']);
    expect(got).toEqual([new MapReply(['s', [['12-0', ['q', 'q']]]])]);
  });

  it('times out with a nil array', () => {
    const { clock, reader, got } = setup();
    expect(reader.execute(['XREAD', 'BLOCK', '100', 'STREAMS', 's', '$'])).toBe(BLOCKED);
    clock.advance(50);
    expect(got).toEqual([]);
    clock.advance(51);
    expect(got).toEqual([NIL_ARRAY]);
  });

  it('answers at once when there is data, and with a nil array inside MULTI', () => {
    const { reader, writer } = setup();
    writer.execute(['XADD', 's', '1-0', 'a', '1']);
    expect(reader.execute(['XREAD', 'BLOCK', '0', 'STREAMS', 's', '0'])).toEqual([['s', [['1-0', ['a', '1']]]]]);
    reader.execute(['MULTI']);
    reader.execute(['XREAD', 'BLOCK', '0', 'STREAMS', 's', '$']);
    expect(reader.execute(['EXEC'])).toEqual([NIL_ARRAY]);
  });
});
