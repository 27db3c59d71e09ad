/**
 * Stream commands without groups (t_stream.c): XADD, XRANGE, XREVRANGE, XLEN, XDEL, XTRIM,
 * XSETID, XREAD. IDs are explicit (`ms-seq`, `ms`, `ms-*`), never `*`, so every reply is
 * deterministic; XREAD never BLOCKs (a block with nothing to serve would stall the oracle).
 * The streams program starts each run with small stream-node-max-entries/bytes, so nodes fill in
 * a few XADDs and approximate trimming (`~`, LIMIT) depends on the node layout.
 */
import fc from 'fast-check';
import type { Arg, GenProgram } from '../model.js';
import { cmd, int, key, kw, lit, many, opt, programOf, someOf, type Spec, stepOf, value } from './dsl.js';

/** Milliseconds of IDs: a small range so IDs collide and go backwards, and the 64-bit edge. */
const ms = fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 0, max: 40 }).map(String) }, { weight: 1, arbitrary: lit('18446744073709551615') });
const seq = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: 3 }).map(String) }, { weight: 1, arbitrary: lit('18446744073709551615') });

/** An entry ID as written in arguments: `ms-seq` or bare `ms`. */
const id = fc.oneof({ weight: 4, arbitrary: fc.tuple(ms, seq).map(([m, s]) => `${m}-${s}`) }, { weight: 1, arbitrary: ms });

/** XADD's ID: explicit, `ms-*`, 0-0, or malformed. */
const xaddId = fc.oneof(
  { weight: 6, arbitrary: id },
  { weight: 3, arbitrary: ms.map((m) => `${m}-*`) },
  { weight: 1, arbitrary: lit('0-0', '0', 'x', '-', '1-x', '') },
);

/** XRANGE bounds: `-`, `+`, IDs, exclusive IDs, and the edge and bad forms. */
const bound = fc.oneof(
  { weight: 3, arbitrary: lit('-', '+') },
  { weight: 4, arbitrary: id },
  { weight: 2, arbitrary: id.map((i) => `(${i}`) },
  { weight: 1, arbitrary: lit('(', '(-', '(+', '(0-0', '(18446744073709551615-18446744073709551615', 'x') },
);

const count = int(0, 5, '-1', 'x', '9223372036854775807');

/** Field names: a couple of fixed ones (so entries share the master fields) or pool values. */
const field = fc.oneof({ weight: 3, arbitrary: lit('f', 'g') }, { weight: 2, arbitrary: value });

const fieldValues = many(cmd(field, value), 1, 3);

const approx = opt(lit('~', '='));

/** MAXLEN or MINID with its argument (sometimes bad), and sometimes LIMIT. */
const trimming = fc.oneof(
  cmd(kw('MAXLEN'), approx, int(0, 20, '-1', 'x')),
  cmd(kw('MINID'), approx, fc.oneof({ weight: 6, arbitrary: id }, { weight: 1, arbitrary: lit('-', '+', 'x') })),
);
const limit = cmd(kw('LIMIT'), int(0, 10, '-1', 'x'));

/** XADD's options before the ID, in any order, each at most once; LIMIT mostly with `~`. */
const xaddOptions = fc.oneof(
  { weight: 10, arbitrary: opt(kw('NOMKSTREAM')) },
  { weight: 3, arbitrary: cmd(opt(kw('NOMKSTREAM')), trimming) },
  { weight: 2, arbitrary: cmd(kw('MAXLEN', 'MINID').chain((k) => cmd(fc.constant(k), lit('~'), String(k).toUpperCase() === 'MAXLEN' ? int(0, 20) : id)), limit) },
  { weight: 1, arbitrary: someOf(kw('NOMKSTREAM'), trimming, limit) },
);

/** Marks an XADD ID whose ms is made relative to the step's position (see streamProgram). */
const GROWING = '@';

/**
 * In the streams program most XADDs use IDs that grow with the step number (`@d-s` becomes
 * `(step + d)-s`), so streams get long enough to fill several nodes; the other IDs stay in 0..40.
 */
const growingId = fc.tuple(fc.integer({ min: 0, max: 2 }), fc.oneof(lit('', '-*'), seq.map((x) => `-${x}`))).map(([d, rest]) => `${GROWING}${d}${rest}`);

const xadd = (ids: fc.Arbitrary<Arg>): Spec => ({ name: 'XADD', arb: cmd('XADD', key, xaddOptions, ids, fieldValues), weight: 10 });

export const streamSpecs: Spec[] = [
  xadd(xaddId),
  { name: 'XDEL', arb: cmd('XDEL', key, many(fc.oneof({ weight: 8, arbitrary: id }, { weight: 1, arbitrary: lit('-', 'x') }), 1, 3)), weight: 2 },
  { name: 'XLEN', arb: cmd('XLEN', key) },
  { name: 'XRANGE', arb: cmd('XRANGE', key, bound, bound, opt(cmd(kw('COUNT'), count))), weight: 3 },
  {
    name: 'XREAD',
    arb: fc
      .array(key, { minLength: 1, maxLength: 3 })
      .chain((ks) =>
        cmd(
          'XREAD',
          opt(cmd(kw('COUNT'), count)),
          kw('STREAMS'),
          fc.constant(ks),
          fc.array(fc.oneof({ weight: 4, arbitrary: id }, { weight: 2, arbitrary: lit('$') }, { weight: 1, arbitrary: lit('+', '-', '>', 'x') }), {
            minLength: ks.length,
            maxLength: ks.length,
          }),
        ),
      ),
    weight: 3,
  },
  { name: 'XREVRANGE', arb: cmd('XREVRANGE', key, bound, bound, opt(cmd(kw('COUNT'), count))), weight: 2 },
  {
    name: 'XSETID',
    arb: cmd('XSETID', key, fc.oneof({ weight: 8, arbitrary: id }, { weight: 1, arbitrary: lit('+', 'x') }), someOf(cmd(kw('ENTRIESADDED'), int(0, 20, '-1', 'x')), cmd(kw('MAXDELETEDID'), id))),
  },
  { name: 'XTRIM', arb: cmd('XTRIM', key, trimming, opt(limit)), weight: 2 },
];

/** Node limits a streams run starts with: tiny nodes (by entries or bytes), or Redis's defaults. */
const nodeConfig = fc.tuple(lit('1', '2', '3', '5', '100', '0'), lit('0', '1', '60', '150', '4096'));

const programSpecs = [xadd(fc.oneof({ weight: 4, arbitrary: growingId }, { weight: 1, arbitrary: xaddId })), ...streamSpecs.slice(1)];

function grow(arg: unknown, step: number): unknown {
  if (typeof arg !== 'string' || !arg.startsWith(GROWING)) return arg;
  const m = /^@(\d+)(.*)$/.exec(arg)!;
  return `${step + Number(m[1])}${m[2]}`;
}

export const streamProgram: fc.Arbitrary<GenProgram> = fc.tuple(nodeConfig, programOf(stepOf(programSpecs), 40)).map(
  ([[entries, bytes], p]): GenProgram => ({
    ...p,
    steps: [
      { conn: 0, argv: ['CONFIG', 'SET', 'stream-node-max-entries', entries as string, 'stream-node-max-bytes', bytes as string] },
      ...p.steps.map((s, i) => ({ ...s, argv: s.argv.map((a) => grow(a, i)) as typeof s.argv })),
    ],
  }),
);
