/**
 * The stream node layout: the byte count kept incrementally equals the listpack as serialized, and
 * ID parsing follows string2ull (strict decimal, then strtoull's whitespace, sign and zeros).
 */
import { describe, expect, it } from 'vitest';
import { parseStreamIdFull, parseUint64 } from '../../src/commands/stream-args.js';
import { RedisStream } from '../../src/engine/types/stream.js';
import { encodeNode } from '../../src/engine/types/stream-layout.js';

describe('stream nodes', () => {
  it('keep lpBytes in step with the encoded listpack through appends, deletes and trims', () => {
    const s = new RedisStream();
    const limits = { maxBytes: 700, maxEntries: 9 };
    const values = ['', '0', '127', '128', '-4096', '70000', '-9223372036854775808', 'x'.repeat(70), 'text', '01'];
    for (let i = 1; i <= 200; i++) {
      const fields = i % 4 === 0 ? ['other', values[i % values.length]!] : ['f', values[i % values.length]!, 'g', String(i * 12345)];
      s.append({ ms: BigInt(i * 1000), seq: BigInt(i % 3) }, fields, limits);
      if (i % 7 === 0) s.delete({ ms: BigInt((i - 2) * 1000), seq: BigInt((i - 2) % 3) });
    }
    s.trim({ strategy: 'maxlen', maxlen: 150, minid: { ms: 0n, seq: 0n }, approx: false, limit: 0 });
    for (const node of s.nodeList) {
      const bytes = encodeNode(node.master, node.masterFields, node.live, node.deleted, node.entries);
      expect(node.bytes).toBe(bytes.length);
      expect(bytes.charCodeAt(0) | (bytes.charCodeAt(1) << 8)).toBe(node.bytes & 0xffff);
    }
    expect(s.length).toBe(150);
    expect([...s.range({ ms: 0n, seq: 0n }, { ms: 2n ** 64n - 1n, seq: 2n ** 64n - 1n })].length).toBe(150);
    expect(s.clone().length).toBe(150);
  });
});

describe('ID parsing', () => {
  it('reads numbers as string2ull does', () => {
    expect(parseUint64('0')).toBe(0n);
    expect(parseUint64('18446744073709551615')).toBe(2n ** 64n - 1n);
    expect(parseUint64('18446744073709551616')).toBeUndefined();
    expect(parseUint64(' 7')).toBe(7n);
    expect(parseUint64('+7')).toBe(7n);
    expect(parseUint64('007')).toBe(7n);
    expect(parseUint64('-0')).toBe(0n);
    expect(parseUint64('-1')).toBeUndefined();
    expect(parseUint64('7 ')).toBeUndefined();
    expect(parseUint64('')).toBeUndefined();
    expect(parseUint64('0x1')).toBeUndefined();
  });

  it('splits at the first dash and reads up to a NUL', () => {
    expect(parseStreamIdFull('5-*', 0n, true, true)).toEqual({ id: { ms: 5n, seq: 0n }, seqGiven: false });
    expect(parseStreamIdFull('5\x00-9', 3n, true, false)).toEqual({ id: { ms: 5n, seq: 3n }, seqGiven: true });
    expect(() => parseStreamIdFull('5-*', 0n, true, false)).toThrow('Invalid stream ID');
    expect(() => parseStreamIdFull('-', 0n, true, false)).toThrow('Invalid stream ID');
    expect(parseStreamIdFull('+', 0n, false, false).id.ms).toBe(2n ** 64n - 1n);
  });
});
