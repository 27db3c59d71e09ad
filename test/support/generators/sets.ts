/**
 * Set commands (t_set.c). Members come from a small pool of their own (integers that fit an
 * intset, integers that do not, strings, binary) plus the run's values, so sets switch between
 * intset and hashtable; a low set-max-intset-entries now and then makes the limit matter.
 */
import fc from 'fast-check';
import type { Arg } from '../model.js';
import { alt, cmd, int, key, keys, kw, lit, many, opt, someOf, type Spec, value } from './dsl.js';

const MEMBERS = ['1', '2', '3', '-7', '100', '70000', '5000000000', '01', 'a', 'b', 'x y', '\x00\xff'];

/** A member: from the set pool mostly, sometimes a run value. */
export const member: fc.Arbitrary<Arg> = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...MEMBERS) }, { weight: 1, arbitrary: value });

const members = (min: number, max: number) => many(member, min, max);

/** SPOP/SRANDMEMBER counts: small, zero, negative, and the 64-bit edges. */
const count = int(-4, 8, '-9223372036854775808', '9223372036854775807', '9223372036854775808', 'x');

/** SINTERCARD's numkeys, mostly right (1 to 3 keys follow), sometimes wrong. */
const sintercard = fc.integer({ min: 1, max: 3 }).chain((n) =>
  cmd(
    'SINTERCARD',
    fc.oneof({ weight: 6, arbitrary: fc.constant(String(n)) }, { weight: 1, arbitrary: fc.constantFrom('0', '-1', '4', 'x') }),
    keys(n, n),
    opt(cmd(kw('LIMIT'), lit('0', '1', '2', '-1', 'x'))),
  ),
);

export const setSpecs: Spec[] = [
  { name: 'SADD', arb: cmd('SADD', key, members(1, 4)), weight: 6 },
  { name: 'SREM', arb: cmd('SREM', key, members(1, 3)), weight: 2 },
  { name: 'SCARD', arb: cmd('SCARD', key) },
  { name: 'SISMEMBER', arb: cmd('SISMEMBER', key, member) },
  { name: 'SMISMEMBER', arb: cmd('SMISMEMBER', key, members(1, 3)) },
  { name: 'SMEMBERS', arb: cmd('SMEMBERS', key), weight: 2 },
  { name: 'SMOVE', arb: cmd('SMOVE', key, key, member), weight: 2 },
  { name: 'SPOP', arb: cmd('SPOP', key, opt(count)), weight: 2 },
  { name: 'SRANDMEMBER', arb: cmd('SRANDMEMBER', key, opt(count)), weight: 2 },
  { name: 'SINTER', arb: cmd('SINTER', keys(1, 3)) },
  { name: 'SINTERCARD', arb: sintercard },
  { name: 'SINTERSTORE', arb: cmd('SINTERSTORE', key, keys(1, 3)) },
  { name: 'SUNION', arb: cmd('SUNION', keys(1, 3)) },
  { name: 'SUNIONSTORE', arb: cmd('SUNIONSTORE', key, keys(1, 3)) },
  { name: 'SDIFF', arb: cmd('SDIFF', keys(1, 3)) },
  { name: 'SDIFFSTORE', arb: cmd('SDIFFSTORE', key, keys(1, 3)) },
  {
    // Cursor 0 and a COUNT past any set's size (at most 17 members here): one page, which Redis's
    // dictScan also ends with cursor 0. Where a smaller page ends in a hashtable depends on the
    // server's hash seed, so paging is tested by hand (test/commands/sets.test.ts), not here.
    name: 'SSCAN',
    arb: cmd(
      'SSCAN',
      key,
      alt(lit('0'), lit('0', 'x')),
      fc.oneof(
        { weight: 6, arbitrary: someOf(cmd(kw('MATCH'), lit('*', '1*', '?', '[ab]', '*y*')), cmd(kw('COUNT'), lit('100', '20'))).filter((a) => a.some((x) => x === '100' || x === '20')) },
        { weight: 1, arbitrary: cmd(kw('COUNT'), lit('0', '-1', 'x')) },
      ),
    ),
    mutate: false,
  },
  { name: 'OBJECT ENCODING', arb: cmd('OBJECT', kw('ENCODING'), key) },
  { name: 'CONFIG SET set-max-intset-entries', arb: cmd('CONFIG', 'SET', 'set-max-intset-entries', lit('1', '2', '3', '512')), mutate: false },
];
