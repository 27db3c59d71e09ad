/** List commands (t_list.c): every command and option of Redis 7.0's list group but the blocking ones. */
import fc from 'fast-check';
import { cmd, int, key, kw, lit, many, opt, someOf, type Spec, value } from './dsl.js';

/** Indexes and range ends: around the small lists a run builds, and the 64-bit edges. */
const index = int(-5, 5, '-100', '100', '9223372036854775807', '-9223372036854775808', 'x');

/** Pop and LMPOP counts: zero, small, large, negative and not a number. */
const count = fc.oneof({ weight: 4, arbitrary: lit('1', '2', '3', '10') }, { weight: 1, arbitrary: lit('0', '-1', 'x', '9223372036854775807') });

/** LREM counts: from the head, the tail, or all. */
const removeCount = int(-3, 3, '-9223372036854775808', 'x');

const end = kw('LEFT', 'RIGHT');

const elements = many(value, 1, 4);

const lposOption = someOf(
  cmd(kw('RANK'), int(-3, 3, '-9223372036854775808', 'x')),
  cmd(kw('COUNT'), int(0, 3, '-1', 'x')),
  cmd(kw('MAXLEN'), int(0, 4, '-1', 'x')),
);

export const listSpecs: Spec[] = [
  { name: 'LINDEX', arb: cmd('LINDEX', key, index) },
  { name: 'LINSERT', arb: cmd('LINSERT', key, fc.oneof({ weight: 6, arbitrary: kw('BEFORE', 'AFTER') }, { weight: 1, arbitrary: lit('MIDDLE') }), value, value) },
  { name: 'LLEN', arb: cmd('LLEN', key) },
  { name: 'LMOVE', arb: cmd('LMOVE', key, key, end, end) },
  {
    name: 'LMPOP',
    arb: fc
      .array(key, { minLength: 1, maxLength: 3 })
      .chain((ks) =>
        cmd(
          'LMPOP',
          fc.oneof({ weight: 6, arbitrary: fc.constant(String(ks.length)) }, { weight: 1, arbitrary: lit('0', '-1', '5', 'x') }),
          fc.constant(ks),
          end,
          opt(cmd(kw('COUNT'), count)),
        ),
      ),
  },
  { name: 'LPOP', arb: cmd('LPOP', key, opt(count)), weight: 2 },
  { name: 'LPOS', arb: cmd('LPOS', key, value, lposOption) },
  { name: 'LPUSH', arb: cmd('LPUSH', key, elements), weight: 4 },
  { name: 'LPUSHX', arb: cmd('LPUSHX', key, elements) },
  { name: 'LRANGE', arb: cmd('LRANGE', key, index, index), weight: 3 },
  { name: 'LREM', arb: cmd('LREM', key, removeCount, value) },
  { name: 'LSET', arb: cmd('LSET', key, index, value) },
  { name: 'LTRIM', arb: cmd('LTRIM', key, index, index) },
  { name: 'RPOP', arb: cmd('RPOP', key, opt(count)), weight: 2 },
  { name: 'RPOPLPUSH', arb: cmd('RPOPLPUSH', key, key) },
  { name: 'RPUSH', arb: cmd('RPUSH', key, elements), weight: 4 },
  { name: 'RPUSHX', arb: cmd('RPUSHX', key, elements) },
];
