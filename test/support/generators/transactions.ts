/**
 * Transactions (multi.c): MULTI, EXEC, DISCARD, WATCH and UNWATCH on the main connection, while a
 * second connection writes, flushes, swaps databases and lets watched keys expire. Blocks follow
 * the shapes real code uses (WATCH, read, MULTI, writes, EXEC) with the errors around them: nested
 * MULTI, WATCH inside MULTI, EXEC/DISCARD without MULTI, queue-time errors (EXECABORT) and runtime
 * errors (which stay per command).
 */
import fc from 'fast-check';
import type { GenStep } from '../model.js';
import { type Argv, cmd, key, keys, kw, lit, stepOf, type Spec, ttlMillis, value } from './dsl.js';

/** What runs inside a transaction or between its parts: reads and writes over the key pool. */
const data: Spec[] = [
  { name: 'GET', arb: cmd('GET', key), weight: 3 },
  { name: 'SET', arb: cmd('SET', key, value), weight: 3 },
  { name: 'INCR', arb: cmd('INCR', key), weight: 2 },
  { name: 'APPEND', arb: cmd('APPEND', key, value) },
  { name: 'DEL', arb: cmd('DEL', key) },
  { name: 'EXISTS', arb: cmd('EXISTS', keys(1, 2)) },
  { name: 'MSET', arb: cmd('MSET', key, value, key, value) },
  { name: 'EXPIRE', arb: cmd('EXPIRE', key, lit('100', '0')) },
  { name: 'PEXPIRE', arb: cmd('PEXPIRE', key, ttlMillis) },
  { name: 'SET PX', arb: cmd('SET', key, value, 'PX', ttlMillis) },
  { name: 'TTL', arb: cmd('TTL', key) },
  { name: 'DBSIZE', arb: cmd('DBSIZE') },
  { name: 'RANDOMKEY', arb: cmd('RANDOMKEY') },
];

/** Queue-time errors (EXECABORT) and commands that fail only when run. */
const failing: Spec[] = [
  { name: 'unknown command', arb: cmd(lit('NOSUCHCMD', 'GETT'), key) },
  { name: 'wrong arity', arb: alt1(cmd('GET'), cmd('SET', key), cmd('INCR', key, key)) },
  { name: 'runtime error', arb: cmd('INCRBY', key, lit('abc', '9223372036854775807')) },
  { name: 'SELECT', arb: cmd('SELECT', lit('1', '0', '99')) },
];

function alt1(...arbs: fc.Arbitrary<Argv>[]): fc.Arbitrary<Argv> {
  return fc.oneof(...arbs);
}

/** What the second connection does: writes that WATCH must notice, and writes it must not. */
const other: Spec[] = [
  ...data,
  { name: 'FLUSHDB', arb: cmd('FLUSHDB') },
  { name: 'FLUSHALL', arb: cmd('FLUSHALL') },
  { name: 'SWAPDB', arb: cmd('SWAPDB', '0', '1') },
  { name: 'SELECT', arb: cmd('SELECT', lit('0', '1')) },
  { name: 'MOVE', arb: cmd('MOVE', key, '1') },
  { name: 'PERSIST', arb: cmd('PERSIST', key) },
  { name: 'SET XX', arb: cmd('SET', key, value, 'XX') },
  { name: 'SET NX', arb: cmd('SET', key, value, 'NX') },
];

const dataStep = stepOf(data);
const inMultiStep = fc.oneof({ weight: 6, arbitrary: dataStep }, { weight: 1, arbitrary: stepOf(failing) });
const otherStep = stepOf(other);

function on(conn: 0 | 1) {
  return (argv: Argv): GenStep => ({ conn, argv });
}

const main = (a: fc.Arbitrary<Argv>) => a.map(on(0));
const second = (a: fc.Arbitrary<Argv>) => a.map(on(1));

/** Commands the main connection may send at any point, in or out of a transaction. */
const control = fc.oneof(
  { weight: 3, arbitrary: main(cmd('WATCH', keys(1, 3))) },
  { weight: 2, arbitrary: main(cmd('MULTI')) },
  { weight: 2, arbitrary: main(cmd('EXEC')) },
  { weight: 1, arbitrary: main(cmd('DISCARD')) },
  { weight: 1, arbitrary: main(cmd('UNWATCH')) },
  { weight: 1, arbitrary: main(cmd(kw('MULTI', 'EXEC', 'DISCARD', 'UNWATCH'), lit('x'))) },
  { weight: 1, arbitrary: main(cmd('WATCH')) },
  { weight: 1, arbitrary: main(cmd('RESET')) },
);

/**
 * Transaction-group blocks: a whole transaction (WATCH, maybe a read, the other client's writes,
 * MULTI, queued commands, the other client again, EXEC or DISCARD), a stray control command, or
 * data on either connection. `extra` adds commands of other groups inside transactions and on both
 * connections (the mixed generator passes every group's specs).
 */
export function transactionBlocks(extra: readonly Spec[] = []): fc.Arbitrary<GenStep[]> {
  const wide = (base: fc.Arbitrary<Argv>, weight: number) =>
    extra.length ? fc.oneof({ weight, arbitrary: base }, { weight: 1, arbitrary: stepOf(extra) }) : base;
  const queuedStep = wide(inMultiStep, 2);
  const mainStep = wide(dataStep, 2);
  const secondStep = wide(otherStep, 3);
  const transaction: fc.Arbitrary<GenStep[]> = fc
    .tuple(
      fc.array(main(cmd('WATCH', keys(1, 3))), { maxLength: 2 }),
      fc.array(main(mainStep), { maxLength: 2 }),
      fc.array(second(secondStep), { maxLength: 3 }),
      fc.array(main(queuedStep), { maxLength: 5 }),
      fc.array(second(secondStep), { maxLength: 2 }),
      fc.constantFrom('EXEC', 'EXEC', 'EXEC', 'DISCARD').map((name) => on(0)([name])),
    )
    .map(([watch, reads, before, queued, during, end]) => [...watch, ...reads, ...before, { conn: 0, argv: ['MULTI'] }, ...queued, ...during, end]);
  return fc.oneof(
    { weight: 5, arbitrary: transaction },
    { weight: 2, arbitrary: control.map((s) => [s]) },
    { weight: 2, arbitrary: main(mainStep).map((s) => [s]) },
    { weight: 2, arbitrary: second(secondStep).map((s) => [s]) },
    // The second connection runs its own transactions too.
    {
      weight: 1,
      arbitrary: fc
        .array(second(queuedStep), { maxLength: 3 })
        .map((queued): GenStep[] => [{ conn: 1, argv: ['MULTI'] }, ...queued, { conn: 1, argv: ['EXEC'] }]),
    },
  );
}

export const transactionBlock = transactionBlocks();

/** The transaction commands and what they mix with, for coverage listings. */
export const transactionSpecs: Spec[] = [
  { name: 'MULTI', arb: cmd('MULTI') },
  { name: 'EXEC', arb: cmd('EXEC') },
  { name: 'DISCARD', arb: cmd('DISCARD') },
  { name: 'WATCH', arb: cmd('WATCH', keys(1, 3)) },
  { name: 'UNWATCH', arb: cmd('UNWATCH') },
];
