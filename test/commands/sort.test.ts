/** SORT and SORT_RO against the oracle: every option, on lists, sets and sorted sets. */
import { describe, it } from 'vitest';
import { expectSameAsOracle, type Script } from '../support/differential.js';

const data: Script = [
  ['RPUSH', 'l', '3', '1', '2', '10', '-5', '2.5'],
  ['RPUSH', 'words', 'pear', 'apple', 'fig', 'Banana', 'apple'],
  ['SADD', 'si', '5', '3', '9', '1'],
  ['ZADD', 'z', '1', 'c', '2', 'a', '3', 'b'],
  ['MSET', 'w_3', '30', 'w_1', '10', 'w_2', '5', 'w_10', '1', 'w_-5', '7'],
  ['MSET', 'o_3', 'three', 'o_1', 'one', 'o_2', 'two'],
  ['HSET', 'h_3', 'f', '3', 'name', 'tri'],
  ['HSET', 'h_1', 'f', '9', 'name', 'uno'],
  ['HSET', 'h_2', 'f', '1'],
];

describe('SORT', () => {
  it('sorts numbers, bytes, ascending and descending, with LIMIT', async () => {
    await expectSameAsOracle([
      ...data,
      ['SORT', 'l'],
      ['SORT', 'l', 'DESC'],
      ['SORT', 'l', 'LIMIT', '1', '3'],
      ['SORT', 'l', 'LIMIT', '-1', '2'],
      ['SORT', 'l', 'LIMIT', '10', '2'],
      ['SORT', 'l', 'LIMIT', '2', '-1'],
      ['SORT', 'words', 'ALPHA'],
      ['SORT', 'words', 'ALPHA', 'DESC', 'LIMIT', '0', '2'],
      ['SORT', 'words'],
      ['SORT', 'si'],
      ['SORT', 'si', 'DESC'],
      ['SORT', 'z'],
      ['SORT', 'z', 'ALPHA'],
      ['OBJECT', 'ENCODING', 'z'],
      ['SORT', 'missing'],
      ['SORT', 'missing', 'STORE', 'dst'],
    ]);
  });

  it('sorts by external keys and hash fields, GETs them, and nosort keeps native order', async () => {
    await expectSameAsOracle([
      ...data,
      ['SORT', 'l', 'BY', 'w_*'],
      ['SORT', 'l', 'BY', 'w_*', 'DESC', 'LIMIT', '0', '3'],
      ['SORT', 'l', 'BY', 'w_*', 'ALPHA'],
      ['SORT', 'l', 'BY', 'h_*->f'],
      ['SORT', 'l', 'BY', 'nosort'],
      ['SORT', 'l', 'BY', 'nosort', 'DESC', 'LIMIT', '1', '2'],
      ['SORT', 'z', 'BY', 'nosort', 'DESC'],
      ['SORT', 'z', 'BY', 'nosort', 'LIMIT', '1', '5'],
      ['SORT', 'l', 'GET', '#', 'GET', 'o_*', 'GET', 'h_*->name', 'GET', 'nostar'],
      ['SORT', 'l', 'BY', 'nosort', 'GET', 'o_*'],
      ['SORT', 'si', 'BY', 'nosort', 'STORE', 'dst'],
      ['LRANGE', 'dst', '0', '-1'],
      ['SORT', 'l', 'GET', 'o_*', 'STORE', 'dst2'],
      ['LRANGE', 'dst2', '0', '-1'],
      ['SORT', 'l', 'LIMIT', '0', '0', 'STORE', 'dst2'],
      ['EXISTS', 'dst2'],
      ['SORT_RO', 'l', 'BY', 'w_*', 'GET', '#'],
    ]);
  });

  it('answers errors as Redis', async () => {
    await expectSameAsOracle([
      ...data,
      ['SORT', 'words'],
      ['SORT', 'l', 'LIMIT', 'x', '1'],
      ['SORT', 'l', 'LIMIT', '1'],
      ['SORT', 'l', 'FOO'],
      ['SORT', 'l', 'STORE'],
      ['SORT_RO', 'l', 'STORE', 'dst'],
      ['SET', 's', 'x'],
      ['SORT', 's'],
      ['SORT', 'h_1'],
      ['RPUSH', 'odd', '2 ', 'x'],
      ['SORT', 'odd'],
    ]);
  });

  // Redis never clears errno before strtod, so one overflow makes later SORTs fail until some
  // system call resets it: each overflowing value gets a script of its own, last.
  it('reads numbers as strtod does: blanks, empty, inf, hex; overflow and subnormals fail', async () => {
    await expectSameAsOracle([['RPUSH', 'nums', '1', '', ' 2', 'inf', '0x10', '-inf', '1.5'], ['SORT', 'nums'], ['SORT', 'nums', 'DESC']]);
    for (const bad of ['1e400', '1e-400', '5e-320', 'nan']) await expectSameAsOracle([['RPUSH', 'n', '1', bad], ['SORT', 'n']]);
  });
});
