/**
 * Stream consumer groups (t_stream.c): XGROUP and its subcommands, XREADGROUP (never BLOCK: a wait
 * would stall the oracle), XACK, XPENDING, XCLAIM, XAUTOCLAIM and XINFO, over explicit IDs only,
 * with XADD, XDEL and XTRIM mixed in so groups have entries to deliver and tombstones to trip on.
 * Groups and consumers come from small pools, so lookups hit. Minimum idle times are 0 or far
 * beyond any run, so what is claimed does not depend on how fast a run goes; the idle and delivery
 * times in replies are compared within a tolerance (normalize.ts).
 */
import fc from 'fast-check';
import type { Arg, GenProgram } from '../model.js';
import { cmd, int, kw, lit, many, opt, programOf, someOf, type Spec, stepOf, value } from './dsl.js';

/** Two keys of the run's pool: groups, reads and claims meet on the same streams. */
const key: fc.Arbitrary<Arg> = fc.nat(1).map((i) => ({ ref: 'key', i }));

/** IDs over the range XADD fills (one ms per step, see `growing`), and the 64-bit edge. */
const ms = fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 0, max: 42 }).map(String) }, { weight: 1, arbitrary: lit('18446744073709551615') });
const seq = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 2 }).map(String) }, { weight: 1, arbitrary: lit('18446744073709551615') });
const id = fc.oneof({ weight: 4, arbitrary: fc.tuple(ms, seq).map(([m, s]) => `${m}-${s}`) }, { weight: 1, arbitrary: ms });
const badId = lit('x', '-', '+', '1-x', '');
const anyId = fc.oneof({ weight: 8, arbitrary: id }, { weight: 1, arbitrary: badId });

/** Range bounds of XPENDING and XAUTOCLAIM: `-`, `+`, IDs, exclusive IDs, and bad forms. */
const bound = fc.oneof(
  { weight: 3, arbitrary: lit('-', '+') },
  { weight: 4, arbitrary: id },
  { weight: 2, arbitrary: id.map((i) => `(${i}`) },
  { weight: 1, arbitrary: lit('(', '(-', '(+', '(0-0', '(18446744073709551615-18446744073709551615', 'x') },
);

const group = fc.oneof({ weight: 12, arbitrary: lit('g1') }, { weight: 4, arbitrary: lit('g2') }, { weight: 1, arbitrary: lit('g3', '') });
const consumer = fc.oneof({ weight: 8, arbitrary: lit('c1', 'c2', 'c3') }, { weight: 1, arbitrary: lit('', 'C1') });

/** A minimum idle time that never depends on the run's speed: 0, or more than any run lasts. */
const minIdle = fc.oneof({ weight: 5, arbitrary: lit('0') }, { weight: 2, arbitrary: lit('100000', '-1') }, { weight: 1, arbitrary: lit('x', '9223372036854775807') });

const count = int(0, 5, '-1', 'x', '9223372036854775807');
const entriesRead = int(-1, 12, '-2', 'x', '9223372036854775807');

const groupId = fc.oneof({ weight: 6, arbitrary: id }, { weight: 3, arbitrary: lit('$', '0') }, { weight: 1, arbitrary: badId });

const xgroupCreate = cmd(
  kw('XGROUP'),
  kw('CREATE'),
  key,
  group,
  groupId,
  fc.oneof({ weight: 3, arbitrary: cmd(kw('MKSTREAM')) }, { weight: 1, arbitrary: someOf(kw('MKSTREAM'), cmd(kw('ENTRIESREAD'), entriesRead)) }),
);

/** Marks an XADD ID whose ms becomes the step's number (see the program), so XADDs mostly succeed. */
const GROWING = '@';
const xaddId = fc.oneof({ weight: 6, arbitrary: seq.map((s) => `${GROWING}-${s}`) }, { weight: 1, arbitrary: id });

/** XCLAIM's trailing options; idle and time values keep claims independent of the run's speed. */
const claimOptions = someOf(
  cmd(kw('IDLE'), lit('0', '200000', '-1', 'x')),
  cmd(kw('TIME'), lit('1000', '99999999999999', '-1', 'x')),
  cmd(kw('RETRYCOUNT'), int(0, 5, '-1', 'x', '9223372036854775807')),
  kw('FORCE'),
  kw('JUSTID'),
  cmd(kw('LASTID'), anyId),
);

const readIds = (n: number): fc.Arbitrary<Arg[]> =>
  fc.array(fc.oneof({ weight: 6, arbitrary: lit('>') }, { weight: 3, arbitrary: id }, { weight: 1, arbitrary: lit('$', '0', 'x') }), { minLength: n, maxLength: n });

export const streamGroupSpecs: Spec[] = [
  { name: 'XADD', arb: cmd('XADD', key, xaddId, lit('f', 'g'), value), weight: 10 },
  { name: 'XDEL', arb: cmd('XDEL', key, many(id, 1, 2)), weight: 2 },
  { name: 'XTRIM', arb: cmd('XTRIM', key, kw('MAXLEN', 'MINID').chain((k) => (String(k).toUpperCase() === 'MAXLEN' ? int(0, 4) : id).map((a) => [k, a]))) },
  { name: 'XGROUP CREATE', arb: xgroupCreate, weight: 5 },
  { name: 'XGROUP SETID', arb: cmd(kw('XGROUP'), kw('SETID'), key, group, groupId, opt(cmd(kw('ENTRIESREAD'), entriesRead))), weight: 2 },
  { name: 'XGROUP DESTROY', arb: cmd(kw('XGROUP'), kw('DESTROY'), key, group) },
  { name: 'XGROUP CREATECONSUMER', arb: cmd(kw('XGROUP'), kw('CREATECONSUMER'), key, group, consumer) },
  { name: 'XGROUP DELCONSUMER', arb: cmd(kw('XGROUP'), kw('DELCONSUMER'), key, group, consumer) },
  { name: 'XGROUP HELP', arb: cmd(kw('XGROUP'), kw('HELP')), weight: 1 },
  {
    name: 'XREADGROUP',
    arb: fc.oneof({ weight: 4, arbitrary: key.map((k) => [k]) }, { weight: 1, arbitrary: fc.array(key, { minLength: 2, maxLength: 2 }) })
      .chain((ks) => cmd('XREADGROUP', kw('GROUP'), group, consumer, someOf(cmd(kw('COUNT'), count), kw('NOACK')), kw('STREAMS'), fc.constant(ks), readIds(ks.length))),
    weight: 8,
  },
  { name: 'XACK', arb: cmd('XACK', key, group, many(anyId, 1, 3)), weight: 3 },
  {
    name: 'XPENDING',
    arb: cmd('XPENDING', key, group, opt(cmd(opt(cmd(kw('IDLE'), minIdle)), bound, bound, count, opt(consumer)))),
    weight: 4,
  },
  { name: 'XCLAIM', arb: cmd('XCLAIM', key, group, consumer, minIdle, many(anyId, 1, 3), claimOptions), weight: 4 },
  {
    name: 'XAUTOCLAIM',
    arb: cmd('XAUTOCLAIM', key, group, consumer, minIdle, bound, someOf(cmd(kw('COUNT'), int(1, 4, '0', '-1', 'x')), kw('JUSTID'))),
    weight: 3,
  },
  { name: 'XINFO STREAM', arb: cmd(kw('XINFO'), kw('STREAM'), key, opt(cmd(kw('FULL'), opt(cmd(kw('COUNT'), int(0, 3, '-1', 'x')))))), weight: 2 },
  { name: 'XINFO GROUPS', arb: cmd(kw('XINFO'), kw('GROUPS'), key), weight: 3 },
  { name: 'XINFO CONSUMERS', arb: cmd(kw('XINFO'), kw('CONSUMERS'), key, group), weight: 2 },
  { name: 'XINFO HELP', arb: cmd(kw('XINFO'), kw('HELP')), weight: 1 },
];

function grow(arg: unknown, step: number): unknown {
  return typeof arg === 'string' && arg.startsWith(GROWING) ? `${step + 1}${arg.slice(1)}` : arg;
}

/** Every run starts with both keys holding two entries and group g1, so most steps find a group. */
function setup(): GenProgram['steps'] {
  const steps: GenProgram['steps'] = [];
  for (const i of [0, 1]) {
    const k: Arg = { ref: 'key', i };
    steps.push({ conn: 0, argv: ['XADD', k, '0-1', 'f', 'v'] }, { conn: 0, argv: ['XADD', k, '0-2', 'g', 'w'] }, { conn: 0, argv: ['XGROUP', 'CREATE', k, 'g1', '0'] });
  }
  return steps;
}

export const streamGroupProgram: fc.Arbitrary<GenProgram> = programOf(stepOf(streamGroupSpecs), 40).map(
  (p): GenProgram => ({ ...p, steps: [...setup(), ...p.steps.map((s, i) => ({ ...s, argv: s.argv.map((a) => grow(a, i)) as typeof s.argv }))] }),
);
