/**
 * Hash commands (t_hash.c): every command and option of Redis 7.0's hash group. Fields come from a
 * small fixed pool (so writes, reads and deletes meet), values from the run's value pool. Values
 * stay at most 64 bytes and increments moderate, so hashes keep the listpack encoding and their
 * order is compared exactly (the hand-written tests cover the hashtable conversion).
 */
import fc from 'fast-check';
import { cmd, int, key, kw, lit, many, opt, someOf, type Spec, value } from './dsl.js';

/** Field names: plain, numeric (listpack stores them as integers), empty, binary, glob-special. */
const field = fc.oneof(
  { weight: 5, arbitrary: lit('f', 'f1', 'a', 'name') },
  { weight: 2, arbitrary: lit('1', '-5', '', '\x00\xff', 'f*', 'field:2') },
);

const fields = (min: number, max: number) => fc.array(field, { minLength: min, maxLength: max });

/** A value: the run's pool, or a number HINCRBY/HINCRBYFLOAT can work on. */
const hashValue = fc.oneof({ weight: 3, arbitrary: value }, { weight: 1, arbitrary: lit('1', '-3', '2.5', '100') });

const increment = fc.oneof(
  { weight: 4, arbitrary: lit('1', '-1', '5', '0', '100', '-100') },
  { weight: 1, arbitrary: lit('9223372036854775807', '-9223372036854775808', '4611686018427387904') },
  { weight: 1, arbitrary: value },
);

/** Float increments that keep results short (a huge one prints as a 300-digit value). */
const floatIncrement = fc.oneof(
  { weight: 4, arbitrary: lit('1.5', '-0.5', '0.1', '1e3', '3', '-3.0e-2', '10.50', '-0', '5e-324') },
  { weight: 1, arbitrary: lit('inf', '-inf', 'nan', 'abc', '') },
  { weight: 1, arbitrary: value },
);

const randomCount = int(-6, 6, '10', '-10', '100');

const pattern = lit('*', 'f*', '?', 'f?', '[a-f]*', '*:*', 'f\\*', '[^f]*', '', '\x00*');

export const hashSpecs: Spec[] = [
  { name: 'HSET', arb: cmd('HSET', key, many(cmd(field, hashValue), 1, 3)), weight: 5 },
  { name: 'HMSET', arb: cmd('HMSET', key, many(cmd(field, hashValue), 1, 3)), weight: 2 },
  { name: 'HSETNX', arb: cmd('HSETNX', key, field, hashValue) },
  { name: 'HGET', arb: cmd('HGET', key, field), weight: 2 },
  { name: 'HMGET', arb: cmd('HMGET', key, fields(1, 4)) },
  { name: 'HDEL', arb: cmd('HDEL', key, fields(1, 3)), weight: 3 },
  { name: 'HLEN', arb: cmd('HLEN', key) },
  { name: 'HSTRLEN', arb: cmd('HSTRLEN', key, field) },
  { name: 'HEXISTS', arb: cmd('HEXISTS', key, field) },
  { name: 'HINCRBY', arb: cmd('HINCRBY', key, field, increment), weight: 2 },
  { name: 'HINCRBYFLOAT', arb: cmd('HINCRBYFLOAT', key, field, floatIncrement), weight: 2 },
  { name: 'HGETALL', arb: cmd('HGETALL', key), weight: 3 },
  { name: 'HKEYS', arb: cmd('HKEYS', key) },
  { name: 'HVALS', arb: cmd('HVALS', key) },
  { name: 'HRANDFIELD', arb: cmd('HRANDFIELD', key, opt(cmd(randomCount, opt(kw('WITHVALUES'))))), weight: 2 },
  {
    name: 'HSCAN',
    arb: cmd('HSCAN', key, lit('0', '0', '7'), someOf(cmd(kw('MATCH'), pattern), cmd(kw('COUNT'), lit('1', '10', '1000')))),
    weight: 2,
  },
];
