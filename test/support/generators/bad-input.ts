/**
 * Bad input: every spec of every group, mutated. One argument replaced by a bad token, dropped, or
 * a bad token inserted; the command name in a random case; arity violations; unknown commands and
 * subcommands with binary, empty, NUL and overlong arguments. Redis must answer each with its exact
 * error (or, where the mutation happens to be valid, its normal reply), and leave data unchanged.
 */
import fc from 'fast-check';
import type { Arg } from '../model.js';
import { type Argv, key, lit, stepOf, type Spec } from './dsl.js';

/**
 * Tokens that are not what an argument expects: non-integers, out-of-range and boundary integers,
 * floats, padded numbers, NUL and non-UTF-8 bytes, and option words in the wrong place. None of
 * them is a valid-but-huge offset (like 4294967295 bits), so no mutation makes the oracle allocate.
 */
export const BAD_TOKENS = [
  '',
  'abc',
  '-1',
  '0',
  '1.5',
  '1e3',
  'inf',
  '-inf',
  'nan',
  '9223372036854775807',
  '9223372036854775808',
  '-9223372036854775808',
  '-9223372036854775809',
  '4294967296',
  '18446744073709551616',
  ' 1',
  '1 ',
  '+1',
  '0x10',
  '01',
  '-0',
  '\x00',
  '1\x00',
  '\x00\xff',
  '\xff',
  'NX',
  'XX',
  'GT',
  'EX',
  'PX',
  'GET',
  'KEEPTTL',
  'BADOPT',
  '#1',
  '#-1',
  'i8',
  'u64',
  'i65',
  'BYTE',
  'BIT',
  'LEN',
  'IDX',
  'COUNT',
  'MATCH',
  'TYPE',
  'REPLACE',
  'DB',
  'OVERFLOW',
];

/**
 * A bad token, or a pool key. Not a pool value: a value like "10" in a millisecond TTL's place
 * would make a key expire mid-run at a moment that depends on the machine's speed.
 */
const badToken: fc.Arbitrary<Arg> = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...BAD_TOKENS) }, { weight: 1, arbitrary: key });

type Mutation = (argv: Argv) => fc.Arbitrary<Argv>;

const replaceOne: Mutation = (argv) =>
  argv.length < 2 ? fc.constant(argv) : fc.tuple(fc.integer({ min: 1, max: argv.length - 1 }), badToken).map(([i, t]) => argv.map((a, j) => (j === i ? t : a)));

const dropOne: Mutation = (argv) =>
  argv.length < 2 ? fc.constant(argv) : fc.integer({ min: 1, max: argv.length - 1 }).map((i) => argv.filter((_, j) => j !== i));

const insertOne: Mutation = (argv) =>
  fc.tuple(fc.integer({ min: 1, max: argv.length }), badToken).map(([i, t]) => [...argv.slice(0, i), t, ...argv.slice(i)]);

/** Just the name (or container and subcommand): arity errors for every command. */
const bare: Mutation = (argv) => fc.constantFrom(argv.slice(0, 1), argv.slice(0, 2));

const tooMany: Mutation = (argv) => fc.array(badToken, { minLength: 1, maxLength: 4 }).map((extra) => [...argv, ...extra]);

const oddCase: Mutation = (argv) =>
  fc.constantFrom('lower', 'mixed').map((how) => {
    const name = argv[0] as string;
    const cased = how === 'lower' ? name.toLowerCase() : [...name].map((c, i) => (i % 2 ? c.toLowerCase() : c.toUpperCase())).join('');
    return [cased, ...argv.slice(1)];
  });

const MUTATIONS: { weight: number; m: Mutation }[] = [
  { weight: 5, m: replaceOne },
  { weight: 2, m: dropOne },
  { weight: 2, m: insertOne },
  { weight: 1, m: bare },
  { weight: 1, m: tooMany },
  { weight: 1, m: oddCase },
];

function mutated(spec: Spec): fc.Arbitrary<Argv> {
  return spec.arb.chain((argv) => fc.oneof(...MUTATIONS.map(({ weight, m }) => ({ weight, arbitrary: m(argv) }))));
}

/**
 * Names that are no command (lookups must fail with Redis's exact text, which quotes the name and
 * at most 128 bytes of arguments, stops at NUL and turns CR/LF into spaces).
 */
const unknownName = lit('FOO', 'foo', 'GETT', '', '\x00', 'get\x00', 'SET\r\n', 'config|get', '\xc3\xa9', 'x'.repeat(200));
const unknownArg = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom<Arg>(...BAD_TOKENS) },
  { weight: 1, arbitrary: lit('a\r\nb', 'y'.repeat(150), 'z'.repeat(60)) },
);
const unknownCommand = fc.tuple(unknownName, fc.array(unknownArg, { maxLength: 4 })).map(([n, args]): Argv => [n, ...args]);

/** Subcommands that do not exist (7.2's CLIENT NO-TOUCH and SETINFO among them), of the containers the specs use. */
function unknownSubcommand(containers: string[]): fc.Arbitrary<Argv> {
  return fc
    .tuple(fc.constantFrom(...containers, ...containers.map((c) => c.toLowerCase())), lit('NOSUCH', 'no-touch', 'SETINFO', '', '\x00x', 'get|x'), fc.array(unknownArg, { maxLength: 2 }))
    .map(([c, s, args]): Argv => [c, s, ...args]);
}

/** Bad input over the given specs (the valid ones still run now and then, to give the bad ones data). */
export function badInputStep(specs: readonly Spec[]): fc.Arbitrary<Argv> {
  const mutable = specs.filter((s) => s.mutate !== false);
  const containers = [...new Set(specs.filter((s) => s.name.includes(' ')).map((s) => s.name.split(' ')[0]!))];
  return fc.oneof(
    { weight: 8, arbitrary: fc.oneof(...mutable.map((s) => ({ weight: s.weight ?? 1, arbitrary: mutated(s) }))) },
    { weight: 3, arbitrary: stepOf(specs) },
    { weight: 1, arbitrary: unknownCommand },
    ...(containers.length ? [{ weight: 1, arbitrary: unknownSubcommand(containers) }] : []),
  );
}
