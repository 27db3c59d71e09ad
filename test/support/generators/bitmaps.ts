/**
 * Bitmap commands (bitops.c): every command and option of Redis 7.0's bitmap group. Offsets stay
 * small, so nothing valid ever allocates much on the oracle; out-of-range ones are bad input.
 */
import fc from 'fast-check';
import { alt, cmd, int, key, keys, kw, lit, many, opt, type Spec } from './dsl.js';

const bitOffset = int(0, 40, '63', '64', '100');
const bit = lit('0', '1');
const range = int(-5, 5, '-100', '100', '9223372036854775807', '-9223372036854775808');
const unit = kw('BYTE', 'BIT');

const encoding = fc.oneof(
  { weight: 4, arbitrary: lit('u1', 'u4', 'i5', 'u8', 'i8', 'i16', 'u32', 'i32') },
  { weight: 1, arbitrary: lit('i64', 'u63', 'i1') },
);
const fieldOffset = fc.oneof({ weight: 3, arbitrary: int(0, 20) }, { weight: 1, arbitrary: lit('#0', '#1', '#2', '#3') });
const fieldValue = fc.oneof(
  { weight: 3, arbitrary: int(-3, 300) },
  { weight: 1, arbitrary: lit('-128', '127', '255', '9223372036854775807', '-9223372036854775808') },
);

const bitfieldGet = cmd(kw('GET'), encoding, fieldOffset);
const bitfieldOp = alt(
  bitfieldGet,
  cmd(kw('SET'), encoding, fieldOffset, fieldValue),
  cmd(kw('INCRBY'), encoding, fieldOffset, fieldValue),
  cmd(kw('OVERFLOW'), kw('WRAP', 'SAT', 'FAIL')),
);

export const bitmapSpecs: Spec[] = [
  { name: 'GETBIT', arb: cmd('GETBIT', key, bitOffset), weight: 2 },
  { name: 'SETBIT', arb: cmd('SETBIT', key, bitOffset, bit), weight: 4 },
  { name: 'BITCOUNT', arb: cmd('BITCOUNT', key, opt(cmd(range, range, opt(unit)))), weight: 2 },
  { name: 'BITPOS', arb: cmd('BITPOS', key, bit, opt(cmd(range, opt(cmd(range, opt(unit)))))), weight: 2 },
  { name: 'BITOP', arb: alt(cmd('BITOP', kw('AND', 'OR', 'XOR'), key, keys(1, 3)), cmd('BITOP', kw('NOT'), key, key)), weight: 2 },
  { name: 'BITFIELD', arb: cmd('BITFIELD', key, many(bitfieldOp, 0, 4)), weight: 3 },
  { name: 'BITFIELD_RO', arb: cmd('BITFIELD_RO', key, many(bitfieldGet, 0, 3)) },
  // Bitmaps are strings: these make the values bitmap commands read interesting.
  { name: 'SET', arb: cmd('SET', key, lit('a', '\xff', '\x00\x00', 'foobar', '\xf0\x0f\xaa', '', '1')) },
  { name: 'APPEND', arb: cmd('APPEND', key, lit('\xff', '\x01', 'z')) },
];
