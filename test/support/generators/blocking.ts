/**
 * Blocking commands (BLPOP, BRPOP, BLMPOP, BLMOVE, BRPOPLPUSH, BZPOPMIN, BZPOPMAX, BZMPOP) in
 * single-connection programs. A program runs as one pipeline on the oracle, where a wait would
 * stall it, so a blocking command is sent only where it cannot wait: inside MULTI (where Redis
 * answers it at once, popping when there is data and as a timeout when there is not), or with a
 * timeout argument Redis rejects. What happens when clients really wait is compared step by step
 * by test/fidelity/blocking.test.ts.
 */
import fc from 'fast-check';
import type { GenStep } from '../model.js';
import { type Argv, cmd, key, kw, lit, many, opt, type Spec, stepOf } from './dsl.js';
import { listSpecs } from './lists.js';
import { sortedSetSpecs } from './sorted-sets.js';

/** Timeouts: valid ones (only sent inside MULTI) and the ones Redis refuses before looking at keys. */
const goodTimeout = lit('0', '1', '0.5', '1e-3', '0x10');
const badTimeout = lit('-1', 'x', '', 'inf', '1e30', '-0.5', 'nan');

const end = kw('LEFT', 'RIGHT');
const keyList = many(key, 1, 3);

function blockingSpecsWith(timeout: fc.Arbitrary<Argv[number]>): Spec[] {
  const count = opt(cmd(kw('COUNT'), lit('1', '2', '10', '0', '-1', 'x')));
  const numkeys = (ks: fc.Arbitrary<Argv>, extra: string[]) =>
    ks.chain((k) => fc.tuple(fc.oneof({ weight: 6, arbitrary: fc.constant(String(k.length)) }, { weight: 1, arbitrary: lit(...extra) }), fc.constant(k)));
  return [
    { name: 'BLPOP', arb: cmd('BLPOP', keyList, timeout), weight: 3 },
    { name: 'BRPOP', arb: cmd('BRPOP', keyList, timeout), weight: 2 },
    {
      name: 'BLMPOP',
      arb: numkeys(keyList, ['0', '-1', '5', 'x']).chain(([n, ks]) => cmd('BLMPOP', timeout, fc.constant(n), fc.constant(ks), fc.oneof(end, lit('UP')), count)),
      weight: 2,
    },
    { name: 'BLMOVE', arb: cmd('BLMOVE', key, key, fc.oneof(end, lit('UP')), end, timeout), weight: 2 },
    { name: 'BRPOPLPUSH', arb: cmd('BRPOPLPUSH', key, key, timeout) },
    { name: 'BZPOPMIN', arb: cmd('BZPOPMIN', keyList, timeout), weight: 2 },
    { name: 'BZPOPMAX', arb: cmd('BZPOPMAX', keyList, timeout) },
    {
      name: 'BZMPOP',
      arb: numkeys(keyList, ['0', '-1', '5', 'x']).chain(([n, ks]) => cmd('BZMPOP', timeout, fc.constant(n), fc.constant(ks), fc.oneof(kw('MIN', 'MAX'), lit('UP')), count)),
      weight: 2,
    },
  ];
}

/** The blocking commands, as the coverage check lists them. */
export const blockingSpecs: Spec[] = blockingSpecsWith(fc.oneof({ weight: 4, arbitrary: goodTimeout }, { weight: 1, arbitrary: badTimeout }));
const refusedSpecs = blockingSpecsWith(badTimeout);

/** Lists and sorted sets to pop from: the data the blocking commands find (or not). */
const dataStep = stepOf([...listSpecs, ...sortedSetSpecs]);

const main = (argv: Argv): GenStep => ({ conn: 0, argv });

export const blockingBlock: fc.Arbitrary<GenStep[]> = fc.oneof(
  { weight: 4, arbitrary: dataStep.map((argv) => [main(argv)]) },
  { weight: 1, arbitrary: stepOf(refusedSpecs).map((argv) => [main(argv)]) },
  {
    weight: 3,
    arbitrary: fc
      .array(fc.oneof({ weight: 2, arbitrary: stepOf(blockingSpecs) }, { weight: 1, arbitrary: dataStep }), { minLength: 1, maxLength: 5 })
      .map((queued) => [main(['MULTI']), ...queued.map(main), main(['EXEC'])]),
  },
);
