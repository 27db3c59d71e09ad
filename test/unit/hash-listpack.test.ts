/** The listpack layout behind a hash's MEMORY USAGE and DEBUG OBJECT serialized length. */
import { describe, expect, it } from 'vitest';
import { RedisHash, listpackBytes } from '../../src/engine/types/hash.js';
import type { EncodingThresholds } from '../../src/engine/values.js';

const T: EncodingThresholds = {
  hashMaxListpackEntries: 100000,
  hashMaxListpackValue: 100000,
  listMaxListpackSize: -2,
  setMaxIntsetEntries: 512,
  zsetMaxListpackEntries: 128,
  zsetMaxListpackValue: 64,
};

describe('hash listpack', () => {
  it('MEMORY USAGE counts the listpack bytes the layout has', () => {
    const h = new RedisHash();
    const samples = ['0', '127', '128', '-4096', '4095', '-32768', '32767', '8388607', '-8388608', '2147483647', '-2147483649', '9223372036854775807', '', 'a', 'x'.repeat(63), 'x'.repeat(64), 'x'.repeat(4095), 'x'.repeat(4096), '01', '-0', ' 1'];
    samples.forEach((v, i) => h.set(T, `f${i}`, v));
    const cells = new Map<string, { value: string }>();
    for (const [f, v] of h.entries()) cells.set(f, { value: v });
    expect(h.memoryUsage()).toBe(16 + listpackBytes(cells).length);
  });

  it('writes Redis bytes for a small hash', () => {
    const cells = new Map([['a', { value: '1' }]]);
    // total 12 bytes, 2 elements, "a" as a 6-bit string (0x81 'a', backlen 2), 1 as a 7-bit uint (0x01, backlen 1), end.
    expect(listpackBytes(cells)).toBe('\x0c\x00\x00\x00\x02\x00\x81a\x02\x01\x01\xff');
  });
});
