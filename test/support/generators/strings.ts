/** String commands (t_string.c): every command and option of Redis 7.0's string group. */
import fc from 'fast-check';
import { alt, cmd, int, key, keys, kw, lit, many, opt, someOf, type Spec, ttlMillis, ttlSeconds, unixMillis, unixSeconds, value } from './dsl.js';

/** Integer increments: small, zero, and the 64-bit edges (overflow happens). */
const increment = fc.oneof(
  { weight: 4, arbitrary: lit('1', '-1', '5', '0', '100', '-100') },
  { weight: 1, arbitrary: lit('9223372036854775807', '-9223372036854775808', '4611686018427387904') },
  { weight: 1, arbitrary: value },
);

/** Float increments, including exponents, negative zero and values that overflow to inf. */
const floatIncrement = fc.oneof(
  { weight: 4, arbitrary: lit('1.5', '-0.5', '0.1', '1e3', '3', '-3.0e-2', '10.50', '-0') },
  { weight: 1, arbitrary: lit('1.7976931348623157e308', '5e-324', 'inf', '-inf', '1e400') },
  { weight: 1, arbitrary: value },
);

/** GETRANGE/SUBSTR indexes: small positives and negatives, and the 64-bit edges. */
const index = int(-6, 6, '-100', '100', '9223372036854775807', '-9223372036854775808');

const setrangeOffset = lit('0', '1', '3', '10', '30');

const expiration = alt(cmd(kw('EX'), ttlSeconds), cmd(kw('PX'), ttlMillis), cmd(kw('EXAT'), unixSeconds), cmd(kw('PXAT'), unixMillis), kw('KEEPTTL'));

const getexOption = alt(cmd(kw('EX'), ttlSeconds), cmd(kw('PX'), ttlMillis), cmd(kw('EXAT'), unixSeconds), cmd(kw('PXAT'), unixMillis), kw('PERSIST'));

export const stringSpecs: Spec[] = [
  { name: 'APPEND', arb: cmd('APPEND', key, value) },
  { name: 'DECR', arb: cmd('DECR', key) },
  { name: 'DECRBY', arb: cmd('DECRBY', key, increment) },
  { name: 'GET', arb: cmd('GET', key), weight: 3 },
  { name: 'GETDEL', arb: cmd('GETDEL', key) },
  { name: 'GETEX', arb: cmd('GETEX', key, opt(getexOption)) },
  { name: 'GETRANGE', arb: cmd('GETRANGE', key, index, index) },
  { name: 'GETSET', arb: cmd('GETSET', key, value) },
  { name: 'INCR', arb: cmd('INCR', key), weight: 2 },
  { name: 'INCRBY', arb: cmd('INCRBY', key, increment), weight: 2 },
  { name: 'INCRBYFLOAT', arb: cmd('INCRBYFLOAT', key, floatIncrement), weight: 2 },
  {
    name: 'LCS',
    arb: cmd('LCS', key, key, someOf(kw('LEN'), kw('IDX'), cmd(kw('MINMATCHLEN'), lit('0', '1', '2', '-1')), kw('WITHMATCHLEN'))),
  },
  { name: 'MGET', arb: cmd('MGET', keys(1, 4)) },
  { name: 'MSET', arb: cmd('MSET', many(cmd(key, value), 1, 3)) },
  { name: 'MSETNX', arb: cmd('MSETNX', many(cmd(key, value), 1, 3)) },
  { name: 'PSETEX', arb: cmd('PSETEX', key, ttlMillis, value) },
  { name: 'SETEX', arb: cmd('SETEX', key, ttlSeconds, value) },
  { name: 'SETNX', arb: cmd('SETNX', key, value) },
  { name: 'SET', arb: cmd('SET', key, value, someOf(kw('NX', 'XX'), kw('GET'), expiration)), weight: 4 },
  { name: 'SETRANGE', arb: cmd('SETRANGE', key, setrangeOffset, value) },
  { name: 'STRLEN', arb: cmd('STRLEN', key) },
  { name: 'SUBSTR', arb: cmd('SUBSTR', key, index, index) },
];
