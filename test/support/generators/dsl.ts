/**
 * The small vocabulary generators are written in: per-run pools, references into them, TTLs,
 * keywords in random case, and `cmd(...)` to glue parts into an argv.
 *
 *   const set = cmd('SET', key, value, opt(kw('NX', 'XX')), opt(cmd('EX', ttlSeconds)));
 *
 * Every command a group covers is a `Spec` (name + argv arbitrary). A group's program draws steps
 * from its specs; the bad-input generator mutates the same specs.
 */
import fc from 'fast-check';
import type { Arg, GenProgram, GenStep, Pools } from '../model.js';

export type Argv = Arg[];

export interface Spec {
  /** What it covers, e.g. `SET` or `OBJECT ENCODING`; used in coverage checks and docs. */
  name: string;
  arb: fc.Arbitrary<Argv>;
  /** Relative frequency in a group's programs (default 1). */
  weight?: number;
  /**
   * false when random mutation could make the command harmful to the oracle (DEBUG SLEEP with a
   * huge number, WAIT for replicas that never come, CONFIG SET maxmemory 1...).
   */
  mutate?: boolean;
}

/** Keys the per-run pool is drawn from: plain, glob-special, empty and non-UTF-8 names. */
export const KEY_SUPERSET = ['k', 'k1', 'key:2', 'a', 'b*', '', '\x00\xff', 'h?llo', '[x]', 'K'];

/** Values the per-run pool is drawn from: integer-like, float-like, empty, binary, long (raw encoding). */
export const VALUE_SUPERSET = [
  'v',
  '0',
  '-1',
  '10',
  '9223372036854775807',
  '-9223372036854775808',
  '1.5',
  '1e3',
  'inf',
  '',
  '\x00\xff',
  'abc',
  'hello world',
  '3.0',
  ' 1',
  '0.1',
  '-0',
  '\xff\xfe\x80',
  'x'.repeat(50),
  '12345678901234567890',
];

export const poolsArb: fc.Arbitrary<Pools> = fc.record({
  keys: fc.uniqueArray(fc.constantFrom(...KEY_SUPERSET), { minLength: 2, maxLength: 5 }),
  values: fc.uniqueArray(fc.constantFrom(...VALUE_SUPERSET), { minLength: 2, maxLength: 5 }),
});

/** A key from the run's pool. */
export const key: fc.Arbitrary<Arg> = fc.nat(4).map((i) => ({ ref: 'key', i }));
/** A value from the run's pool. */
export const value: fc.Arbitrary<Arg> = fc.nat(4).map((i) => ({ ref: 'value', i }));

export function keys(minLength: number, maxLength: number): fc.Arbitrary<Argv> {
  return fc.array(key, { minLength, maxLength });
}

/** A keyword in a random case (Redis compares options case-insensitively); shrinks to upper case. */
export function kw(...words: string[]): fc.Arbitrary<Arg> {
  return fc.constantFrom(...words).chain((w) => fc.constantFrom(w, w.toLowerCase(), w[0] + w.slice(1).toLowerCase()));
}

/** One of the given literal strings. */
export function lit(...choices: string[]): fc.Arbitrary<Arg> {
  return fc.constantFrom(...choices);
}

/** An integer in [min, max] as a string, or one of the extra literals. */
export function int(min: number, max: number, ...extra: string[]): fc.Arbitrary<Arg> {
  const range = fc.integer({ min, max }).map(String);
  return extra.length ? fc.oneof({ weight: 4, arbitrary: range }, { weight: 1, arbitrary: fc.constantFrom(...extra) }) : range;
}

/** The part, or nothing. */
export function opt(part: Part): fc.Arbitrary<Argv> {
  return fc.option(asArgv(part), { nil: undefined, freq: 2 }).map((x) => x ?? []);
}

/** One of several parts. */
export function alt(...parts: Part[]): fc.Arbitrary<Argv> {
  return fc.oneof(...parts.map(asArgv));
}

/** Some of the parts, each at most once, in any order (Redis options may come in any order). */
export function someOf(...parts: Part[]): fc.Arbitrary<Argv> {
  return fc.shuffledSubarray(parts.map(asArgv)).chain((chosen) => (chosen.length ? fc.tuple(...chosen).map((xs) => xs.flat()) : fc.constant([])));
}

/** Between min and max repetitions of the part, flattened. */
export function many(part: Part, minLength: number, maxLength: number): fc.Arbitrary<Argv> {
  return fc.array(asArgv(part), { minLength, maxLength }).map((xs) => xs.flat());
}

export type Part = string | fc.Arbitrary<Arg> | fc.Arbitrary<Argv>;

function asArgv(p: Part): fc.Arbitrary<Argv> {
  if (typeof p === 'string') return fc.constant([p]);
  return (p as fc.Arbitrary<Arg | Argv>).map((x) => (Array.isArray(x) ? x : [x]));
}

/** Glues parts into one argv. */
export function cmd(...parts: Part[]): fc.Arbitrary<Argv> {
  return fc.tuple(...parts.map(asArgv)).map((xs) => xs.flat());
}

/** A relative TTL in seconds: far enough that nothing expires during a run, unique per step. */
export const ttlSeconds: fc.Arbitrary<Arg> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(100, 100_000).map((base): Arg => ({ ttl: 'long', unit: 's', base })) },
  { weight: 1, arbitrary: fc.constantFrom('0', '-1') },
);

/** A relative TTL in milliseconds: long, or 1 ms (the key has expired before the next command). */
export const ttlMillis: fc.Arbitrary<Arg> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(100, 100_000).map((base): Arg => ({ ttl: 'long', unit: 'ms', base })) },
  { weight: 2, arbitrary: fc.constant<Arg>({ ttl: 'short' }) },
  { weight: 1, arbitrary: fc.constantFrom('0', '-5') },
);

/** An absolute deadline in unix seconds, far in the future or in the past. */
export const unixSeconds: fc.Arbitrary<Arg> = fc.constantFrom('4102444800', '4102444801', '1', '1700000000', '0');
/** An absolute deadline in unix milliseconds, far in the future or in the past. */
export const unixMillis: fc.Arbitrary<Arg> = fc.constantFrom('4102444800000', '4102444800999', '1', '1700000000000', '0');

/** Weighted choice among specs. */
export function stepOf(specs: readonly Spec[]): fc.Arbitrary<Argv> {
  return fc.oneof(...specs.map((s) => ({ weight: s.weight ?? 1, arbitrary: s.arb })));
}

/** A program whose steps all run on the main connection. */
export function programOf(step: fc.Arbitrary<Argv>, maxSteps = 25): fc.Arbitrary<GenProgram> {
  return fc.record({
    pools: poolsArb,
    steps: fc.array(step.map((argv): GenStep => ({ conn: 0, argv })), { minLength: 1, maxLength: maxSteps, size: 'medium' }),
  });
}

/** A program from steps that already say their connection (or lists of them). */
export function programOfSteps(step: fc.Arbitrary<GenStep[]>, maxBlocks = 12): fc.Arbitrary<GenProgram> {
  return fc.record({
    pools: poolsArb,
    steps: fc.array(step, { minLength: 1, maxLength: maxBlocks, size: 'medium' }).map((xs) => xs.flat()),
  });
}
