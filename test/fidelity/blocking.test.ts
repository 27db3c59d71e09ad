/**
 * Blocking commands with several clients, on the stub and on the oracle step by step (see
 * test/support/blocking-scenario.ts): FIFO order among waiters, which key serves a client blocked
 * on several, wake-ups by LPUSH / ZADD / XADD / EXEC / BLMOVE's push, timeouts, CLIENT UNBLOCK,
 * disconnects while blocked, and random interleavings.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  describeStep,
  runScenarioOnOracle,
  runScenarioOnStub,
  type ScenarioStep,
  scenarioMismatch,
} from '../support/blocking-scenario.js';
import { hasOracle } from '../support/oracle.js';

const c = (conn: number, ...argv: string[]): ScenarioStep => ({ conn, argv });

async function expectSameScenario(steps: ScenarioStep[]): Promise<void> {
  const oracle = await runScenarioOnOracle(steps);
  if (oracle === undefined) return;
  const stub = runScenarioOnStub(steps);
  const mismatch = scenarioMismatch(steps, stub, oracle);
  if (mismatch !== undefined) expect.fail(mismatch);
}

describe.skipIf(!hasOracle())('blocking scenarios against the oracle', () => {
  it('serves list waiters first come first served, one element each', async () => {
    await expectSameScenario([
      c(0, 'BLPOP', 'q', '0'),
      c(1, 'BRPOP', 'q', '0'),
      c(2, 'BLPOP', 'q', '0'),
      c(3, 'RPUSH', 'q', 'a', 'b'),
      c(3, 'LRANGE', 'q', '0', '-1'),
      c(3, 'RPUSH', 'q', 'c', 'd'),
      c(3, 'LRANGE', 'q', '0', '-1'),
    ]);
  });

  it('serves a client blocked on several keys from the key written, and later commands wait behind', async () => {
    await expectSameScenario([
      c(0, 'BLPOP', 'a', 'b', 'c', '0'),
      c(0, 'PING'),
      c(0, 'GET', 'x'),
      c(1, 'BRPOP', 'c', 'b', '0'),
      c(2, 'LPUSH', 'b', '1', '2', '3'),
      c(2, 'LRANGE', 'b', '0', '-1'),
      c(2, 'EXISTS', 'a', 'b', 'c'),
    ]);
  });

  it('wakes at EXEC time, serving ready keys in the order they were written', async () => {
    await expectSameScenario([
      c(0, 'BLPOP', 'x', 'y', '0'),
      c(1, 'BLPOP', 'y', 'x', '0'),
      c(2, 'MULTI'),
      c(2, 'RPUSH', 'y', 'y1'),
      c(2, 'RPUSH', 'x', 'x1'),
      c(2, 'LLEN', 'x'),
      c(2, 'EXEC'),
      c(2, 'EXISTS', 'x', 'y'),
    ]);
  });

  it('does not block inside MULTI: blocking commands answer as their timeouts', async () => {
    await expectSameScenario([
      c(0, 'MULTI'),
      c(0, 'BLPOP', 'none', '0'),
      c(0, 'BRPOPLPUSH', 'none', 'd', '0'),
      c(0, 'BLMOVE', 'none', 'd', 'LEFT', 'RIGHT', '0'),
      c(0, 'BZPOPMIN', 'none', '0'),
      c(0, 'BLMPOP', '0', '1', 'none', 'LEFT'),
      c(0, 'BZMPOP', '0', '1', 'none', 'MIN'),
      c(0, 'EXEC'),
    ]);
  });

  it('BLMOVE chains: the move feeds the destination waiters in the next round', async () => {
    await expectSameScenario([
      c(0, 'BLMOVE', 's', 'd', 'LEFT', 'RIGHT', '0'),
      c(1, 'BLPOP', 'd', '0'),
      c(2, 'BRPOPLPUSH', 'd', 'e', '0'),
      c(3, 'RPUSH', 's', 'v1', 'v2'),
      c(3, 'LRANGE', 's', '0', '-1'),
      c(3, 'LRANGE', 'd', '0', '-1'),
      c(3, 'LRANGE', 'e', '0', '-1'),
    ]);
  });

  it('BLMOVE to a key of another type answers WRONGTYPE and leaves the element', async () => {
    await expectSameScenario([
      c(0, 'BLMOVE', 's', 'str', 'LEFT', 'RIGHT', '0'),
      c(1, 'BLPOP', 's', '0'),
      c(2, 'SET', 'str', 'x'),
      c(2, 'RPUSH', 's', 'v'),
      c(2, 'LRANGE', 's', '0', '-1'),
    ]);
  });

  it('BLMPOP and BZMPOP take up to COUNT; BZPOPMIN/BZPOPMAX answer flat', async () => {
    await expectSameScenario([
      c(0, 'BLMPOP', '0', '2', 'l1', 'l2', 'RIGHT', 'COUNT', '2'),
      c(1, 'BZMPOP', '0', '2', 'z1', 'z2', 'MAX', 'COUNT', '5'),
      c(2, 'BZPOPMIN', 'z2', '0'),
      c(3, 'BZPOPMAX', 'z2', '0'),
      c(4, 'RPUSH', 'l2', 'a', 'b', 'c'),
      c(4, 'ZADD', 'z2', '1', 'one', '2', 'two', '3', 'three'),
      c(4, 'ZADD', 'z2', '4', 'four'),
      c(4, 'ZADD', 'z2', '5', 'five', '6', 'six'),
      c(4, 'ZRANGE', 'z2', '0', '-1', 'WITHSCORES'),
    ]);
  });

  it('a key of the wrong type does not wake list or sorted set waiters', async () => {
    await expectSameScenario([
      c(0, 'BLPOP', 'k', '0'),
      c(1, 'BZPOPMIN', 'k', '0'),
      c(2, 'SET', 'k', 'v'),
      c(2, 'DEL', 'k'),
      c(2, 'ZADD', 'k', '1', 'm'),
      c(2, 'DEL', 'k'),
      c(2, 'LPUSH', 'k', 'e'),
    ]);
  });

  it('times out with nil, on the clock, and CLIENT UNBLOCK ends waits early', async () => {
    // Timeouts long enough that the oracle cannot expire them while the blocking step settles,
    // and a sleep well past them (Redis checks timeouts at least every 100 ms).
    await expectSameScenario([
      c(0, 'BLPOP', 't', '0.25'),
      c(1, 'BZPOPMIN', 't2', '0.25'),
      c(2, 'BRPOPLPUSH', 't3', 'd', '0.25'),
      { sleep: 700 },
      c(0, 'BLPOP', 'u', '0'),
      c(1, 'BLMOVE', 'u', 'd', 'LEFT', 'LEFT', '0'),
      c(3, 'CLIENT', 'UNBLOCK', '999999'),
      c(3, 'INFO', 'nothing'),
    ]);
  });

  it('a client that disconnects while blocked is no longer served', async () => {
    await expectSameScenario([
      c(0, 'BLPOP', 'q', '0'),
      c(1, 'BLPOP', 'q', '0'),
      { close: 0 },
      c(2, 'RPUSH', 'q', 'a', 'b'),
      c(2, 'LRANGE', 'q', '0', '-1'),
    ]);
  });

  it('streams: XREAD and XREADGROUP waiters woken by XADD, by EXEC, and told when the group or key goes', async () => {
    await expectSameScenario([
      c(0, 'XREAD', 'BLOCK', '0', 'STREAMS', 's', 't', '$', '$'),
      c(1, 'XREAD', 'COUNT', '1', 'BLOCK', '0', 'STREAMS', 't', '0'),
      c(2, 'XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM'),
      c(2, 'XREADGROUP', 'GROUP', 'g', 'alice', 'BLOCK', '0', 'STREAMS', 's', '>'),
      c(3, 'XREADGROUP', 'GROUP', 'g', 'bob', 'COUNT', '1', 'BLOCK', '0', 'STREAMS', 's', '>'),
      c(4, 'XADD', 's', '1-1', 'f', 'v'),
      c(4, 'MULTI'),
      c(4, 'XADD', 't', '2-1', 'a', 'b'),
      c(4, 'XADD', 't', '2-2', 'c', 'd'),
      c(4, 'XADD', 's', '2-3', 'e', 'f'),
      c(4, 'EXEC'),
      c(4, 'XPENDING', 's', 'g'),
      c(2, 'XREADGROUP', 'GROUP', 'g', 'alice', 'BLOCK', '0', 'STREAMS', 's', '>'),
      c(3, 'XREADGROUP', 'GROUP', 'g', 'bob', 'BLOCK', '0', 'STREAMS', 's', '>'),
      c(4, 'XGROUP', 'DESTROY', 's', 'g'),
      c(4, 'XADD', 's', '3-1', 'x', 'y'),
      c(4, 'XGROUP', 'CREATE', 's', 'g', '$'),
      c(2, 'XREADGROUP', 'GROUP', 'g', 'alice', 'BLOCK', '0', 'STREAMS', 's', '>'),
      c(4, 'DEL', 's'),
      c(2, 'XREAD', 'BLOCK', '250', 'STREAMS', 's', '$'),
      { sleep: 700 },
      c(4, 'MULTI'),
      c(4, 'XREAD', 'BLOCK', '0', 'STREAMS', 's', '$'),
      c(4, 'EXEC'),
    ]);
  });

  it('a stream reader served after waiting gets at most 1000 entries without COUNT', async () => {
    const adds = Array.from({ length: 1002 }, (_, i) => ['XADD', 's', `${i + 1}-1`, 'f', 'v']);
    await expectSameScenario([
      c(0, 'XREAD', 'BLOCK', '0', 'STREAMS', 's', '$'),
      c(1, 'XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM'),
      c(2, 'XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>'),
      { conn: 1, batch: [['MULTI'], ...adds, ['EXEC']] },
      c(1, 'XPENDING', 's', 'g'),
    ]);
  });

  it('timeout arguments: decimals, zero, negative and not numbers', async () => {
    await expectSameScenario([
      c(0, 'BLPOP', 'q', '-1'),
      c(0, 'BLPOP', 'q', 'x'),
      c(0, 'BLPOP', 'q', ''),
      c(0, 'BLPOP', 'q', 'inf'),
      c(0, 'BLPOP', 'q', '1e30'),
      c(0, 'BLMPOP', '-1', '1', 'q', 'LEFT'),
      c(0, 'BLMPOP', 'x', '0', 'q', 'LEFT'),
      c(0, 'BLMPOP', '0', '1', 'q', 'UP'),
      c(0, 'BZMPOP', 'x', '1', 'q', 'MIN', 'COUNT', '0'),
      c(0, 'BLMOVE', 'q', 'd', 'UP', 'LEFT', '0'),
      c(0, 'BLMOVE', 'q', 'd', 'LEFT', 'LEFT', '-0.5'),
      c(0, 'SET', 'str', 'v'),
      c(0, 'BLPOP', 'none', 'str', '0'),
      c(0, 'BZPOPMAX', 'str', '0'),
      c(0, 'BRPOPLPUSH', 'str', 'd', '0'),
      // A decimal timeout that cannot expire while the step settles (1 ms would race the poll).
      c(0, 'BLPOP', 'q', '10.5'),
    ]);
  });
});

// ---- random interleavings --------------------------------------------------------------------

const KEYS = ['k1', 'k2', 'k3'];
const key = fc.constantFrom(...KEYS);
const keys = fc.uniqueArray(key, { minLength: 1, maxLength: 3 });
const value = fc.constantFrom('a', 'b', 'c', '1', '2');
const end = fc.constantFrom('LEFT', 'RIGHT');
const conn = fc.integer({ min: 0, max: 3 });

const blockingCommand: fc.Arbitrary<string[]> = fc.oneof(
  keys.map((ks) => ['BLPOP', ...ks, '0']),
  keys.map((ks) => ['BRPOP', ...ks, '0']),
  fc.tuple(keys, end, fc.constantFrom('1', '2')).map(([ks, e, n]) => ['BLMPOP', '0', String(ks.length), ...ks, e, 'COUNT', n]),
  fc.tuple(key, key, end, end).map(([s, d, a, b]) => ['BLMOVE', s, d, a, b, '0']),
  fc.tuple(key, key).map(([s, d]) => ['BRPOPLPUSH', s, d, '0']),
  keys.map((ks) => ['BZPOPMIN', ...ks, '0']),
  keys.map((ks) => ['BZPOPMAX', ...ks, '0']),
  fc.tuple(keys, fc.constantFrom('MIN', 'MAX')).map(([ks, w]) => ['BZMPOP', '0', String(ks.length), ...ks, w, 'COUNT', '2']),
  fc.tuple(keys, fc.constantFrom([], ['COUNT', '1'])).map(([ks, count]) => ['XREAD', ...count, 'BLOCK', '0', 'STREAMS', ...ks, ...ks.map(() => '$')]),
  fc
    .tuple(keys, fc.constantFrom('c1', 'c2'), fc.constantFrom([], ['COUNT', '1'], ['NOACK']))
    .map(([ks, consumer, opts]) => ['XREADGROUP', 'GROUP', 'g', consumer, ...opts, 'BLOCK', '0', 'STREAMS', ...ks, ...ks.map(() => '>')]),
);

/** Replaced by an explicit ID growing with the step, so stream IDs are the same on both sides. */
const NEXT_ID = '<next-id>';

const writeCommand: fc.Arbitrary<string[]> = fc.oneof(
  fc.tuple(key, fc.array(value, { minLength: 1, maxLength: 3 })).map(([k, vs]) => ['RPUSH', k, ...vs]),
  fc.tuple(key, fc.array(value, { minLength: 1, maxLength: 3 })).map(([k, vs]) => ['LPUSH', k, ...vs]),
  fc.tuple(key, fc.integer({ min: 1, max: 9 }), value).map(([k, s, m]) => ['ZADD', k, String(s), m]),
  key.map((k) => ['DEL', k]),
  key.map((k) => ['LRANGE', k, '0', '-1']),
  key.map((k) => ['ZRANGE', k, '0', '-1', 'WITHSCORES']),
  fc.tuple(key, key).map(([a, b]) => ['LMOVE', a, b, 'LEFT', 'RIGHT']),
  fc.tuple(key, value).map(([k, v]) => ['SET', k, v]),
  fc.tuple(key, value).map(([k, v]) => ['XADD', k, NEXT_ID, 'f', v]),
  key.map((k) => ['XGROUP', 'CREATE', k, 'g', '$', 'MKSTREAM']),
  key.map((k) => ['XGROUP', 'DESTROY', k, 'g']),
  key.map((k) => ['XRANGE', k, '-', '+']),
  key.map((k) => ['XPENDING', k, 'g']),
);

const step: fc.Arbitrary<ScenarioStep[]> = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(conn, blockingCommand).map(([i, argv]) => [{ conn: i, argv }]) },
  { weight: 4, arbitrary: fc.tuple(conn, writeCommand).map(([i, argv]) => [{ conn: i, argv }]) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(conn, fc.array(writeCommand, { minLength: 1, maxLength: 3 }))
      .map(([i, cmds]) => [{ conn: i, argv: ['MULTI'] }, ...cmds.map((argv) => ({ conn: i, argv })), { conn: i, argv: ['EXEC'] }]),
  },
);

const scenario = fc
  .array(step, { minLength: 2, maxLength: 10 })
  .map((parts) => parts.flat().map((s, i) => ('argv' in s ? { ...s, argv: s.argv.map((a) => (a === NEXT_ID ? `${i + 1}-1` : a)) } : s)));

describe.skipIf(!hasOracle())('random blocking interleavings against the oracle', () => {
  it('every step wakes the same clients with the same replies', async () => {
    const runs = Number(process.env.FIDELITY_RUNS ?? 60);
    const seed = process.env.FIDELITY_SEED === undefined ? undefined : Number(process.env.FIDELITY_SEED);
    await fc.assert(
      fc.asyncProperty(scenario, async (steps) => {
        const oracle = (await runScenarioOnOracle(steps))!;
        const stub = runScenarioOnStub(steps);
        const mismatch = scenarioMismatch(steps, stub, oracle);
        if (mismatch !== undefined) throw new Error(mismatch);
      }),
      { numRuns: runs, seed, verbose: false, examples: [], endOnFailure: false },
    );
  }, 300_000);

  it('describes steps as redis-cli lines', () => {
    expect(describeStep({ conn: 1, argv: ['BLPOP', 'a b', '0'] })).toBe('2> BLPOP "a b" 0');
  });
});
