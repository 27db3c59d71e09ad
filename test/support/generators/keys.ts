/**
 * Keyspace commands (db.c, expire.c): every command and option of the keys group in issue 2, with
 * the expiry commands, glob patterns and the cursor loop. Writers from the string group keep the
 * keyspace populated, and a second database makes MOVE, COPY DB and SELECT observable.
 */
import fc from 'fast-check';
import { alt, cmd, key, keys, kw, lit, opt, someOf, type Spec, ttlMillis, ttlSeconds, unixMillis, unixSeconds, value } from './dsl.js';

/** Glob patterns that exercise `*`, `?`, classes, negation, ranges and escapes over the key pool. */
export const pattern = fc.oneof(
  { weight: 4, arbitrary: lit('*', 'k*', '?', 'k?', '[a-k]*', '[^k]*', '*:*', 'h\\?llo', '\\*', 'b\\*', '[x]', '\\[x\\]', 'K*', '*\x00*', '[]', '[\\]]', '*[') },
  { weight: 1, arbitrary: key },
);

const expireCondition = opt(kw('NX', 'XX', 'GT', 'LT'));
const db = fc.oneof({ weight: 4, arbitrary: lit('1') }, { weight: 1, arbitrary: lit('0', '15', '16', '-1') });

export const keySpecs: Spec[] = [
  { name: 'DEL', arb: cmd('DEL', keys(1, 3)), weight: 2 },
  { name: 'UNLINK', arb: cmd('UNLINK', keys(1, 3)) },
  { name: 'EXISTS', arb: cmd('EXISTS', keys(1, 4)), weight: 2 },
  { name: 'TYPE', arb: cmd('TYPE', key) },
  { name: 'RENAME', arb: cmd('RENAME', key, key), weight: 2 },
  { name: 'RENAMENX', arb: cmd('RENAMENX', key, key) },
  { name: 'KEYS', arb: cmd('KEYS', pattern), weight: 2 },
  {
    name: 'SCAN',
    arb: cmd('SCANALL', someOf(cmd(kw('MATCH'), pattern), cmd(kw('COUNT'), lit('1', '2', '10', '1000')), cmd(kw('TYPE'), lit('string', 'STRING', 'list', 'none', 'hash')))),
    weight: 2,
  },
  { name: 'RANDOMKEY', arb: cmd('RANDOMKEY') },
  { name: 'TOUCH', arb: cmd('TOUCH', keys(1, 3)) },
  { name: 'EXPIRE', arb: cmd('EXPIRE', key, ttlSeconds, expireCondition), weight: 3 },
  { name: 'PEXPIRE', arb: cmd('PEXPIRE', key, ttlMillis, expireCondition), weight: 3 },
  { name: 'EXPIREAT', arb: cmd('EXPIREAT', key, unixSeconds, expireCondition), weight: 2 },
  { name: 'PEXPIREAT', arb: cmd('PEXPIREAT', key, unixMillis, expireCondition), weight: 2 },
  { name: 'EXPIRETIME', arb: cmd('EXPIRETIME', key) },
  { name: 'PEXPIRETIME', arb: cmd('PEXPIRETIME', key) },
  { name: 'TTL', arb: cmd('TTL', key), weight: 2 },
  { name: 'PTTL', arb: cmd('PTTL', key), weight: 2 },
  { name: 'PERSIST', arb: cmd('PERSIST', key) },
  { name: 'COPY', arb: cmd('COPY', key, key, someOf(cmd(kw('DB'), db), kw('REPLACE'))), weight: 2 },
  { name: 'MOVE', arb: cmd('MOVE', key, db) },
  { name: 'SELECT', arb: cmd('SELECT', lit('0', '1')) },
  // Writers, so keys exist with and without TTLs.
  { name: 'SET', arb: cmd('SET', key, value, opt(alt(cmd(kw('EX'), ttlSeconds), cmd(kw('PX'), ttlMillis), cmd(kw('PXAT'), unixMillis)))), weight: 5 },
  { name: 'MSET', arb: cmd('MSET', key, value, key, value) },
];
