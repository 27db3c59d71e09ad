/**
 * Pub/sub with several connections, on the stub and on the oracle step by step (see
 * test/support/pubsub-scenario.ts): every SUBSCRIBE-family reply and count, receivers, the
 * messages each connection gets and their order, PUBSUB introspection, the RESP2 subscribed
 * context, RESP3 pushes, RESET and disconnects, and random interleavings.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { comparePubSub, describePubSubStep, type PubSubStep } from '../support/pubsub-scenario.js';
import { hasOracle } from '../support/oracle.js';

const c = (conn: number, ...argv: string[]): PubSubStep => ({ conn, argv });

async function expectSame(steps: PubSubStep[], config?: Record<string, string>): Promise<void> {
  const mismatch = await comparePubSub(steps, config);
  if (mismatch !== undefined) expect.fail(mismatch);
}

describe.skipIf(!hasOracle())('pub/sub scenarios against the oracle', () => {
  it('channels: counts per reply, receivers, delivery in publish order', async () => {
    await expectSame([
      c(0, 'SUBSCRIBE', 'a', 'b', 'a'),
      c(1, 'SUBSCRIBE', 'b'),
      c(2, 'PUBLISH', 'a', 'm1'),
      c(2, 'PUBLISH', 'b', 'm2'),
      c(2, 'PUBLISH', 'nobody', 'm3'),
      c(2, 'PUBSUB', 'NUMSUB', 'a', 'b', 'c'),
      c(2, 'PUBSUB', 'CHANNELS'),
      c(2, 'PUBSUB', 'CHANNELS', '?'),
      c(0, 'UNSUBSCRIBE', 'a', 'zz'),
      c(2, 'PUBLISH', 'a', 'm4'),
      c(2, 'PUBLISH', 'b', 'm5'),
      c(0, 'UNSUBSCRIBE'),
      c(0, 'UNSUBSCRIBE'),
      c(1, 'UNSUBSCRIBE', 'b', 'b'),
      c(2, 'PUBSUB', 'NUMSUB', 'a', 'b'),
      c(2, 'PUBSUB', 'CHANNELS'),
    ]);
  });

  it('patterns: a client on a channel and matching patterns counts once per subscription', async () => {
    await expectSame([
      c(0, 'SUBSCRIBE', 'news.tech'),
      c(0, 'PSUBSCRIBE', 'news.*', '*', 'news.[st]*'),
      c(1, 'PSUBSCRIBE', 'news.*'),
      c(2, 'PUBLISH', 'news.tech', 'hello'),
      c(2, 'PUBLISH', 'news.sport', 'x'),
      c(2, 'PUBLISH', 'other', 'y'),
      c(2, 'PUBSUB', 'NUMPAT'),
      c(2, 'PUBSUB', 'NUMSUB', 'news.*'),
      c(0, 'PUNSUBSCRIBE', '*'),
      c(2, 'PUBLISH', 'news.tech', 'again'),
      c(0, 'PUNSUBSCRIBE'),
      c(2, 'PUBSUB', 'NUMPAT'),
      c(1, 'PUNSUBSCRIBE', 'news.*'),
      c(2, 'PUBSUB', 'NUMPAT'),
      c(0, 'PUNSUBSCRIBE'),
    ]);
  });

  it('shard channels: their own counts, no patterns, SPUBLISH and PUBSUB SHARD*', async () => {
    await expectSame([
      c(0, 'SSUBSCRIBE', 's1', 's2'),
      c(0, 'SUBSCRIBE', 's1'),
      c(0, 'PSUBSCRIBE', 's*'),
      c(1, 'SSUBSCRIBE', 's1'),
      c(2, 'SPUBLISH', 's1', 'sharded'),
      c(2, 'PUBLISH', 's1', 'global'),
      c(2, 'PUBSUB', 'SHARDCHANNELS'),
      c(2, 'PUBSUB', 'SHARDCHANNELS', '*2'),
      c(2, 'PUBSUB', 'SHARDNUMSUB', 's1', 's2', 's3'),
      c(2, 'PUBSUB', 'NUMSUB', 's1'),
      c(0, 'CLIENT', 'INFO'),
      c(0, 'UNSUBSCRIBE'),
      c(0, 'PUNSUBSCRIBE'),
      c(0, 'GET', 'k'),
      c(0, 'SUNSUBSCRIBE', 's2'),
      c(0, 'SUNSUBSCRIBE'),
      c(0, 'SUNSUBSCRIBE'),
      c(0, 'GET', 'k'),
      c(0, 'CLIENT', 'INFO'),
    ]);
  });

  it('binary channels, patterns and payloads arrive byte-exact', async () => {
    const bin = '\xff\x00\r\n\x80';
    await expectSame([
      c(0, 'SUBSCRIBE', bin, ''),
      c(1, 'PSUBSCRIBE', '\xff*', '[\x00-\xff]*'),
      c(2, 'PUBLISH', bin, bin + bin),
      c(2, 'PUBLISH', '', ''),
      c(2, 'PUBSUB', 'NUMSUB', bin, ''),
      c(2, 'PUBSUB', 'CHANNELS', '\xff*'),
    ]);
  });

  it('RESP2 subscribed context: only the SUBSCRIBE family, PING, QUIT and RESET', async () => {
    await expectSame([
      c(0, 'SUBSCRIBE', 'a'),
      c(0, 'GET', 'x'),
      c(0, 'CONFIG', 'GET', 'hz'),
      c(0, 'MULTI'),
      c(0, 'PUBLISH', 'a', 'm'),
      c(0, 'HELLO', '3'),
      c(0, 'NOSUCH'),
      c(0, 'PING'),
      c(0, 'PING', 'hi'),
      c(0, 'PING', 'a', 'b'),
      c(0, 'SUBSCRIBE'),
      c(0, 'PUBSUB', 'HELP'),
      c(0, 'RESET'),
      c(0, 'PING'),
      c(1, 'PUBLISH', 'a', 'after reset'),
      c(0, 'PSUBSCRIBE', 'x'),
      c(0, 'QUIT'),
      c(1, 'PUBSUB', 'NUMPAT'),
      c(1, 'PUBSUB', 'HELP'),
      c(1, 'PUBSUB', 'CHANNELS', 'a', 'b'),
      c(1, 'PUBSUB', 'NUMPAT', 'x'),
      c(1, 'PUBSUB', 'nope'),
    ]);
  });

  it('RESP3: pushes, every command allowed, a subscriber publishing to itself', async () => {
    await expectSame([
      c(0, 'HELLO', '3'),
      c(0, 'SUBSCRIBE', 'a', 'b'),
      c(0, 'SET', 'k', 'v'),
      c(0, 'GET', 'k'),
      c(0, 'PING'),
      c(0, 'PUBLISH', 'a', 'to myself'),
      c(1, 'PUBLISH', 'b', 'from 1'),
      c(0, 'PSUBSCRIBE', '*'),
      c(1, 'PUBLISH', 'b', 'twice'),
      c(0, 'UNSUBSCRIBE', 'nope'),
      c(0, 'PUBSUB', 'NUMSUB', 'a'),
      c(0, 'HELLO', '2'),
      c(0, 'GET', 'k'),
      c(0, 'PING'),
      c(0, 'PUNSUBSCRIBE'),
      c(0, 'UNSUBSCRIBE'),
      c(0, 'GET', 'k'),
    ]);
  });

  it('inside MULTI: SUBSCRIBE runs at EXEC (its replies spill past the array), SSUBSCRIBE is refused', async () => {
    await expectSame([
      c(0, 'MULTI'),
      c(0, 'SUBSCRIBE', 'q'),
      c(0, 'PING'),
      c(0, 'EXEC'),
      c(0, 'GET', 'x'),
      c(1, 'HELLO', '3'),
      c(1, 'MULTI'),
      c(1, 'SSUBSCRIBE', 's'),
      c(1, 'SUBSCRIBE', 'q', 'r'),
      c(1, 'EXEC'),
      c(2, 'PUBLISH', 'q', 'both'),
      c(2, 'PUBSUB', 'NUMSUB', 'q', 'r'),
    ]);
  });

  it('a closed subscriber stops counting', async () => {
    await expectSame([
      c(0, 'SUBSCRIBE', 'a'),
      c(1, 'PSUBSCRIBE', 'a'),
      c(2, 'SSUBSCRIBE', 'a'),
      c(3, 'PUBLISH', 'a', '1'),
      { close: 0 },
      { close: 2 },
      c(3, 'PUBLISH', 'a', '2'),
      c(3, 'SPUBLISH', 'a', '3'),
      c(3, 'PUBSUB', 'NUMSUB', 'a'),
      c(3, 'PUBSUB', 'SHARDNUMSUB', 'a'),
      c(3, 'PUBSUB', 'NUMPAT'),
    ]);
  });
});

// ---- random interleavings --------------------------------------------------------------------

const channel = fc.constantFrom('a', 'b', 'ab', 'x.1', '\xff\x00');
const pattern = fc.constantFrom('a*', '?', '*b', '[ab]*', 'x.*', '*', '\xff*');
const shard = fc.constantFrom('a', 's1', 's2');
const conn = fc.integer({ min: 0, max: 3 });
const payload = fc.constantFrom('m', '', 'hello world', '\x00\xff\r\n');
const names = <T>(arb: fc.Arbitrary<T>, min: number) => fc.uniqueArray(arb, { minLength: min, maxLength: 3 });

const command: fc.Arbitrary<string[]> = fc.oneof(
  { weight: 3, arbitrary: names(channel, 1).map((cs) => ['SUBSCRIBE', ...cs]) },
  { weight: 2, arbitrary: names(channel, 0).map((cs) => ['UNSUBSCRIBE', ...cs]) },
  { weight: 3, arbitrary: names(pattern, 1).map((ps) => ['PSUBSCRIBE', ...ps]) },
  { weight: 2, arbitrary: names(pattern, 0).map((ps) => ['PUNSUBSCRIBE', ...ps]) },
  { weight: 2, arbitrary: names(shard, 1).map((ss) => ['SSUBSCRIBE', ...ss]) },
  { weight: 1, arbitrary: names(shard, 0).map((ss) => ['SUNSUBSCRIBE', ...ss]) },
  { weight: 5, arbitrary: fc.tuple(channel, payload).map(([ch, m]) => ['PUBLISH', ch, m]) },
  { weight: 2, arbitrary: fc.tuple(shard, payload).map(([ch, m]) => ['SPUBLISH', ch, m]) },
  {
    weight: 2,
    arbitrary: fc.oneof(
      fc.constant<string[]>(['PUBSUB', 'NUMPAT']),
      names(channel, 0).map((cs) => ['PUBSUB', 'NUMSUB', ...cs]),
      names(shard, 0).map((cs) => ['PUBSUB', 'SHARDNUMSUB', ...cs]),
      fc.option(pattern, { nil: undefined }).map((p) => ['PUBSUB', 'CHANNELS', ...(p === undefined ? [] : [p])]),
      fc.option(pattern, { nil: undefined }).map((p) => ['PUBSUB', 'SHARDCHANNELS', ...(p === undefined ? [] : [p])]),
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom<string[]>(['PING'], ['PING', 'x'], ['GET', 'k'], ['SET', 'k', 'v'], ['RESET'], ['HELLO', '3'], ['HELLO', '2'], ['CLIENT', 'INFO']) },
);

const step: fc.Arbitrary<PubSubStep> = fc.oneof(
  { weight: 30, arbitrary: fc.tuple(conn, command).map(([i, argv]) => ({ conn: i, argv })) },
  { weight: 1, arbitrary: conn.map((i) => ({ close: i })) },
);

describe.skipIf(!hasOracle())('random pub/sub interleavings against the oracle', () => {
  it('every step gives every connection the same frames', async () => {
    const runs = Number(process.env.FIDELITY_RUNS ?? 60);
    const seed = process.env.FIDELITY_SEED === undefined ? undefined : Number(process.env.FIDELITY_SEED);
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 2, maxLength: 14 }), async (steps) => {
        const mismatch = await comparePubSub(steps);
        if (mismatch !== undefined) throw new Error(mismatch);
      }),
      { numRuns: runs, seed, verbose: false, examples: [], endOnFailure: false },
    );
  }, 1_200_000);

  it('describes steps as redis-cli lines', () => {
    expect(describePubSubStep({ conn: 1, argv: ['PUBLISH', 'a b', 'm'] })).toBe('2> PUBLISH "a b" m');
  });
});
