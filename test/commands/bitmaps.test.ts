/**
 * Bitmap commands, differential against the oracle: every option and error, edges of ranges and
 * offsets, binary values, WATCH dirtiness and encodings, plus seeded random scripts.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { Session } from '../../src/engine/session.js';
import type { Entry } from '../../src/engine/values.js';
import { COMMANDS } from '../../src/commands/table.js';
import { expectSameAsOracle, oracleConnection, runOnOracle, type Script } from '../support/differential.js';

const BIN = '\x00\xff\x80a\r\n\x00\x7f';

/** A small deterministic PRNG, so a failing script is reproducible from its seed. */
function prng(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n: number) => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

describe('SETBIT / GETBIT', () => {
  it('set, clear and read bits, growing the string with zeros', async () => {
    await expectSameAsOracle([
      ['SETBIT', 'k', '7', '1'],
      ['GET', 'k'],
      ['SETBIT', 'k', '7', '1'],
      ['SETBIT', 'k', '7', '0'],
      ['SETBIT', 'k', '0', '1'],
      ['SETBIT', 'k', '100', '1'],
      ['GET', 'k'],
      ['STRLEN', 'k'],
      ['GETBIT', 'k', '0'],
      ['GETBIT', 'k', '1'],
      ['GETBIT', 'k', '100'],
      ['GETBIT', 'k', '101'],
      ['GETBIT', 'k', '1000000'],
      ['GETBIT', 'missing', '5'],
      ['SET', 'b', BIN],
      ['GETBIT', 'b', '8'],
      ['GETBIT', 'b', '15'],
      ['GETBIT', 'b', '16'],
      ['SETBIT', 'b', '9', '0'],
      ['GET', 'b'],
      ['SET', 'n', '123'],
      ['GETBIT', 'n', '2'],
      ['SETBIT', 'n', '7', '0'],
      ['GET', 'n'],
      ['SETBIT', 'k', '4294967295', '2'],
      ['SETBIT', 'k', '0', '-1'],
      ['SETBIT', 'k', '0', 'x'],
      ['SETBIT', 'k', '0', ''],
      ['SETBIT', 'k', '0', '01'],
      ['SETBIT', 'k', '-1', '1'],
      ['SETBIT', 'k', 'x', '1'],
      ['SETBIT', 'k', '4294967296', '1'],
      ['SETBIT', 'k', '9223372036854775807', '1'],
      ['SETBIT', 'k', '9223372036854775808', 'x'],
      ['GETBIT', 'k', '-1'],
      ['GETBIT', 'k', '4294967296'],
      ['GETBIT', 'k', '4294967295'],
      ['GETBIT', 'missing', 'x'],
      ['SETBIT', 'k', '1'],
      ['GETBIT', 'k'],
    ]);
  });

  it('check the offset against proto-max-bulk-len', async () => {
    if (!COMMANDS.has('config')) return;
    await expectSameAsOracle([
      ['CONFIG', 'SET', 'proto-max-bulk-len', '1048576'],
      ['SETBIT', 'k', '8388607', '1'],
      ['SETBIT', 'k', '8388608', '1'],
      ['GETBIT', 'k', '8388608'],
      ['STRLEN', 'k'],
      ['CONFIG', 'SET', 'proto-max-bulk-len', '536870912'],
    ]);
  });
});

describe('BITCOUNT', () => {
  it('counts bytes and bit ranges with Redis index rules', async () => {
    const script: Script = [['SET', 'k', `foobar${BIN}`], ['SET', 'e', ''], ['SET', 'n', '1234567']];
    const ranges = [
      ['0', '0'],
      ['1', '1'],
      ['0', '-1'],
      ['-1', '-1'],
      ['-2', '-1'],
      ['-1', '-2'],
      ['3', '1'],
      ['-100', '100'],
      ['5', '30'],
      ['7', '7'],
      ['9', '62'],
      ['100', '200'],
      ['-9223372036854775808', '9223372036854775807'],
      ['-1152921504606846975', '-1152921504606846976'],
    ];
    for (const key of ['k', 'e', 'n', 'missing']) {
      script.push(['BITCOUNT', key]);
      for (const [a, b] of ranges) {
        script.push(['BITCOUNT', key, a!, b!], ['BITCOUNT', key, a!, b!, 'BIT'], ['BITCOUNT', key, a!, b!, 'byte']);
      }
    }
    script.push(
      ['BITCOUNT', 'k', '0'],
      ['BITCOUNT', 'k', '0', '1', 'BITS'],
      ['BITCOUNT', 'k', '-1', '-2', 'BITS'],
      ['BITCOUNT', 'k', '0', '1', 'BIT', 'x'],
      ['BITCOUNT', 'k', 'x', '1'],
      ['BITCOUNT', 'k', '0', 'x'],
      ['BITCOUNT', 'k', '0', '1.5'],
      ['BITCOUNT', 'missing', 'x', 'y'],
      ['BITCOUNT', 'missing', '0'],
      ['BITCOUNT', 'missing', '0', '1', 'FOO'],
      ['BITCOUNT'],
    );
    await expectSameAsOracle(script);
  });
});

describe('BITCOUNT on long strings', () => {
  it('counts ranges of thousands of bytes like Redis', async () => {
    const rand = prng(3);
    const long = Array.from({ length: 5003 }, () => String.fromCharCode(rand(256))).join('');
    const script: Script = [['SET', 'k', long], ['BITCOUNT', 'k']];
    for (let i = 0; i < 30; i++) {
      const a = String(rand(6000) - 3000);
      const b = String(rand(12000) - 6000);
      script.push(['BITCOUNT', 'k', a, b], ['BITCOUNT', 'k', String(rand(40000)), String(rand(40000)), 'BIT']);
    }
    await expectSameAsOracle(script);
  });
});

describe('BITPOS', () => {
  it('finds set and clear bits in byte and bit ranges', async () => {
    const script: Script = [
      ['SET', 'ones', '\xff\xff\xff'],
      ['SET', 'zeros', '\x00\x00\x00'],
      ['SET', 'mix', '\x00\xff\xf0\x0f\x00'],
      ['SET', 'e', ''],
      ['SET', 'b', BIN],
    ];
    const ranges: string[][] = [
      [],
      ['0'],
      ['1'],
      ['-1'],
      ['-2'],
      ['2'],
      ['100'],
      ['-100'],
      ['0', '-1'],
      ['1', '1'],
      ['2', '3'],
      ['-1', '-2'],
      ['3', '1'],
      ['0', '100'],
      ['-9223372036854775808', '9223372036854775807'],
    ];
    const bitRanges = [
      ['0', '-1'],
      ['0', '0'],
      ['3', '5'],
      ['7', '9'],
      ['9', '22'],
      ['4', '4'],
      ['12', '19'],
      ['8', '15'],
      ['15', '16'],
      ['1', '30'],
      ['-3', '-1'],
      ['-20', '-9'],
      ['5', '3'],
      ['0', '1000'],
    ];
    for (const key of ['ones', 'zeros', 'mix', 'e', 'b', 'missing']) {
      for (const bit of ['0', '1']) {
        for (const r of ranges) script.push(['BITPOS', key, bit, ...r]);
        for (const [a, b] of bitRanges) script.push(['BITPOS', key, bit, a!, b!, 'BIT'], ['BITPOS', key, bit, a!, b!, 'BYTE']);
      }
    }
    script.push(
      ['BITPOS', 'mix', '2'],
      ['BITPOS', 'mix', '-1'],
      ['BITPOS', 'mix', 'x'],
      ['BITPOS', 'missing', '2'],
      ['BITPOS', 'missing', '1', 'x'],
      ['BITPOS', 'mix', '1', 'x'],
      ['BITPOS', 'mix', '1', '0', 'x'],
      ['BITPOS', 'mix', '1', '0', '1', 'FOO'],
      ['BITPOS', 'mix', '1', '0', 'x', 'FOO'],
      ['BITPOS', 'mix', '1', 'x', '1', 'FOO'],
      ['BITPOS', 'mix', '1', '0', '1', 'BIT', 'x'],
      ['BITPOS', 'mix'],
    );
    await expectSameAsOracle(script);
  });

  it('agrees with Redis on random bitmaps and ranges', async () => {
    const rand = prng(11);
    const script: Script = [];
    for (let round = 0; round < 40; round++) {
      const len = rand(6);
      const bytes = Array.from({ length: len }, () => String.fromCharCode([0, 0xff, rand(256)][rand(3)]!)).join('');
      script.push(['SET', 'k', bytes]);
      for (let q = 0; q < 12; q++) {
        const bit = String(rand(2));
        const a = String(rand(len * 8 + 4) - (len * 4 + 2));
        const b = String(rand(len * 8 + 4) - (len * 4 + 2));
        script.push(['BITPOS', 'k', bit, a, b, 'BIT'], ['BITCOUNT', 'k', a, b, 'BIT'], ['BITPOS', 'k', bit, String(rand(len + 2) - 1)]);
      }
    }
    await expectSameAsOracle(script);
  });
});

describe('BITOP', () => {
  it('computes AND, OR, XOR and NOT over strings of any length', async () => {
    await expectSameAsOracle([
      ['SET', 'a', 'foobar'],
      ['SET', 'b', `abc${BIN}`],
      ['SET', 'c', '\xff'],
      ['BITOP', 'AND', 'd', 'a', 'b'],
      ['GET', 'd'],
      ['BITOP', 'or', 'd', 'a', 'b', 'c'],
      ['GET', 'd'],
      ['BITOP', 'Xor', 'd', 'a', 'b', 'c', 'missing'],
      ['GET', 'd'],
      ['BITOP', 'NOT', 'd', 'b'],
      ['GET', 'd'],
      ['BITOP', 'AND', 'd', 'a', 'missing'],
      ['GET', 'd'],
      ['BITOP', 'AND', 'd', 'a'],
      ['GET', 'd'],
      ['BITOP', 'NOT', 'a', 'a'],
      ['GET', 'a'],
      ['SET', 'e', ''],
      ['BITOP', 'OR', 'd', 'e', 'missing'],
      ['GET', 'd'],
      ['BITOP', 'OR', 'd', 'missing'],
      ['BITOP', 'NOT', 'nothing', 'missing'],
      ['BITOP', 'NOT', 'd', 'a', 'b'],
      ['BITOP', 'NAND', 'd', 'a'],
      ['BITOP', 'NOT\x00x', 'd', 'a'],
      ['BITOP', '', 'd', 'a'],
      ['BITOP', 'AND', 'd'],
      ['SET', 'n', '12'],
      ['BITOP', 'XOR', 'd', 'n', 'a'],
      ['GET', 'd'],
    ]);
  });
});

describe('BITFIELD / BITFIELD_RO', () => {
  it('GET, SET and INCRBY signed and unsigned fields at any offset', async () => {
    await expectSameAsOracle([
      ['BITFIELD', 'k', 'SET', 'u8', '0', '255', 'GET', 'u8', '0', 'GET', 'i8', '0'],
      ['BITFIELD', 'k', 'SET', 'i5', '3', '-7', 'GET', 'i5', '3', 'GET', 'u5', '3', 'GET', 'u16', '0'],
      ['BITFIELD', 'k', 'INCRBY', 'u2', '100', '1', 'INCRBY', 'i3', '#2', '3', 'GET', 'u4', '#25'],
      ['GET', 'k'],
      ['BITFIELD', 'k', 'SET', 'i64', '1', '-9223372036854775808', 'GET', 'i64', '1', 'GET', 'u63', '1', 'GET', 'u63', '2'],
      ['BITFIELD', 'k', 'SET', 'u63', '#1', '9223372036854775807', 'GET', 'u63', '#1', 'GET', 'i64', '63'],
      ['BITFIELD', 'k', 'INCRBY', 'i64', '0', '9223372036854775807', 'INCRBY', 'i64', '0', '1'],
      ['BITFIELD', 'k', 'GET', 'u1', '0', 'GET', 'i1', '0', 'SET', 'i1', '0', '-1', 'GET', 'u1', '0'],
      ['BITFIELD', 'k', 'get', 'u8', '1000', 'set', 'u8', '1000', '7'],
      ['STRLEN', 'k'],
      ['GET', 'k'],
      ['BITFIELD', 'missing', 'GET', 'u8', '0', 'GET', 'i64', '100'],
      ['BITFIELD_RO', 'k', 'GET', 'u8', '0', 'GET', 'i12', '#3'],
      ['BITFIELD_RO', 'missing', 'GET', 'u8', '0'],
      ['BITFIELD', 'k'],
      ['BITFIELD_RO', 'k'],
      ['SET', 'b', BIN],
      ['BITFIELD', 'b', 'GET', 'u16', '0', 'GET', 'i16', '4', 'GET', 'u63', '1', 'GET', 'i64', '0', 'GET', 'u3', '61'],
      ['SET', 'n', '42'],
      ['BITFIELD', 'n', 'GET', 'u8', '0', 'INCRBY', 'u8', '8', '1'],
      ['GET', 'n'],
    ]);
  });

  it('handles overflow with WRAP, SAT and FAIL', async () => {
    const script: Script = [];
    for (const mode of ['WRAP', 'SAT', 'FAIL', 'wrap', 'sat', 'fail']) {
      script.push(
        ['DEL', 'k'],
        ['BITFIELD', 'k', 'OVERFLOW', mode, 'SET', 'u8', '0', '300', 'SET', 'u8', '8', '-1', 'SET', 'i8', '16', '200', 'SET', 'i8', '24', '-200'],
        ['BITFIELD', 'k', 'OVERFLOW', mode, 'INCRBY', 'u8', '0', '250', 'INCRBY', 'u8', '0', '-260', 'INCRBY', 'i8', '16', '-300'],
        ['BITFIELD', 'k', 'OVERFLOW', mode, 'INCRBY', 'i64', '0', '9223372036854775807', 'INCRBY', 'i64', '0', '9223372036854775807'],
        ['BITFIELD', 'k', 'OVERFLOW', mode, 'INCRBY', 'i64', '0', '-9223372036854775808', 'INCRBY', 'i64', '0', '-9223372036854775808'],
        ['BITFIELD', 'k', 'OVERFLOW', mode, 'INCRBY', 'u63', '0', '9223372036854775807', 'INCRBY', 'u63', '0', '2', 'INCRBY', 'u63', '0', '-9223372036854775808'],
        ['BITFIELD', 'k', 'OVERFLOW', mode, 'INCRBY', 'i1', '70', '1', 'INCRBY', 'i1', '70', '-1', 'INCRBY', 'i1', '70', '-1', 'INCRBY', 'u1', '70', '3'],
        ['BITFIELD', 'k', 'INCRBY', 'u4', '90', '20', 'OVERFLOW', mode, 'INCRBY', 'u4', '90', '20', 'OVERFLOW', 'WRAP', 'INCRBY', 'u4', '90', '20'],
        ['GET', 'k'],
      );
    }
    await expectSameAsOracle(script);
  });

  it('follows Redis 7.0 overflow checks to the letter, int64 wrap-around included', async () => {
    const script: Script = [];
    const extremes = ['-9223372036854775808', '-9223372036854775807', '-9223372036854743041', '-9223372036854743040', '-32769', '-32768', '32767', '32768', '9223372036854775807'];
    for (const mode of ['SAT', 'WRAP', 'FAIL']) {
      for (const type of ['i1', 'i16', 'i63', 'i64', 'u1', 'u16', 'u63']) {
        for (const v of extremes) {
          script.push(['BITFIELD', 'k', 'OVERFLOW', mode, 'SET', type, '0', v, 'GET', type, '0', 'INCRBY', type, '0', v, 'INCRBY', type, '0', v]);
        }
      }
    }
    await expectSameAsOracle(script);
  });

  it('reports argument errors in Redis order', async () => {
    await expectSameAsOracle([
      ['SET', 'k', 'abc'],
      ['BITFIELD', 'k', 'GET', 'u64', '0'],
      ['BITFIELD', 'k', 'GET', 'i65', '0'],
      ['BITFIELD', 'k', 'GET', 'i0', '0'],
      ['BITFIELD', 'k', 'GET', 'u0', '0'],
      ['BITFIELD', 'k', 'GET', 'I8', '0'],
      ['BITFIELD', 'k', 'GET', 'u', '0'],
      ['BITFIELD', 'k', 'GET', 'u08', '0'],
      ['BITFIELD', 'k', 'GET', 'u+8', '0'],
      ['BITFIELD', 'k', 'GET', 'u8\x00x', '0'],
      ['BITFIELD', 'k', 'GET', '', '0'],
      ['BITFIELD', 'k', 'GET', 'u8', '-1'],
      ['BITFIELD', 'k', 'GET', 'u8', 'x'],
      ['BITFIELD', 'k', 'GET', 'u8', '#'],
      ['BITFIELD', 'k', 'GET', 'u8', '#-1'],
      ['BITFIELD', 'k', 'GET', 'u8', '##1'],
      ['BITFIELD', 'k', 'GET', 'u8', '4294967296'],
      ['BITFIELD', 'k', 'GET', 'u8', '4294967295'],
      ['BITFIELD', 'k', 'GET', 'u8', '#536870911'],
      ['BITFIELD', 'k', 'GET', 'u8', '#536870912'],
      ['BITFIELD', 'k', 'GET', 'u8', '#2305843009213693953'],
      ['BITFIELD', 'k', 'GET', 'i64', '#1152921504606846977'],
      ['BITFIELD', 'k', 'SET', 'u8', '0', 'x'],
      ['BITFIELD', 'k', 'SET', 'u8', '0', '9223372036854775808'],
      ['BITFIELD', 'k', 'INCRBY', 'u8', '0', '1.5'],
      ['BITFIELD', 'k', 'GET', 'u8'],
      ['BITFIELD', 'k', 'SET', 'u8', '0'],
      ['BITFIELD', 'k', 'INCRBY', 'u8', '0'],
      ['BITFIELD', 'k', 'OVERFLOW'],
      ['BITFIELD', 'k', 'OVERFLOW', 'FOO', 'GET', 'u8', '0'],
      ['BITFIELD', 'k', 'GET', 'u8', '0', 'OVERFLOW', 'FOO'],
      ['BITFIELD', 'k', 'FOO'],
      ['BITFIELD', 'k', 'GET', 'u8', '0', 'FOO'],
      ['BITFIELD', 'k', 'SET', 'u8', '0', '1', 'GET', 'u64', '0'],
      ['GET', 'k'],
      ['BITFIELD_RO', 'k', 'SET', 'u8', '0', '1'],
      ['BITFIELD_RO', 'k', 'INCRBY', 'u8', '0', '1', 'GET', 'u8', '0'],
      ['BITFIELD_RO', 'k', 'OVERFLOW', 'SAT', 'GET', 'u8', '0'],
      ['BITFIELD_RO', 'k', 'SET', 'u8', '0', '1', 'GET', 'u99', '0'],
      ['BITFIELD_RO', 'missing', 'SET', 'u8', '0', '1'],
      ['EXISTS', 'missing'],
      ['GET', 'k'],
      ['BITFIELD'],
    ].filter((argv) => argv[0] !== 'EXISTS' || COMMANDS.has('exists')));
  });

  it('creates and grows keys even when every write fails', async () => {
    await expectSameAsOracle([
      ['BITFIELD', 'new', 'OVERFLOW', 'FAIL', 'INCRBY', 'u2', '100', '100'],
      ['GET', 'new'],
      ['SET', 'k', 'abc'],
      ['BITFIELD', 'k', 'OVERFLOW', 'FAIL', 'SET', 'u2', '100', '100'],
      ['GET', 'k'],
      ['BITFIELD', 'k', 'GET', 'u8', '200'],
      ['GET', 'k'],
    ]);
  });

  it('agrees with Redis on random operations', async () => {
    const rand = prng(5);
    const script: Script = [['SET', 'k', BIN]];
    for (let i = 0; i < 150; i++) {
      const args: string[] = ['BITFIELD', 'k'];
      for (let n = 1 + rand(4); n > 0; n--) {
        const signed = rand(2) === 0;
        const bits = 1 + rand(signed ? 64 : 63);
        const type = `${signed ? 'i' : 'u'}${bits}`;
        const offset = rand(4) === 0 ? `#${rand(6)}` : String(rand(90));
        const value = [String(rand(2000) - 1000), '9223372036854775807', '-9223372036854775808', String(2 ** bits), String(-(2 ** (bits - 1)))][rand(5)]!;
        const what = rand(5);
        if (what === 0) args.push('OVERFLOW', ['WRAP', 'SAT', 'FAIL'][rand(3)]!);
        else if (what === 1) args.push('GET', type, offset);
        else if (what === 2) args.push('SET', type, offset, value);
        else args.push('INCRBY', type, offset, value);
      }
      script.push(args);
      if (i % 10 === 0) script.push(['GET', 'k']);
    }
    script.push(['GET', 'k']);
    await expectSameAsOracle(script);
  });
});

describe('WRONGTYPE', () => {
  it('matches Redis for every bitmap command', async () => {
    await expectSameAsOracle([
      ['LPUSH', 'l', 'a'],
      ['SET', 's', 'abc'],
      ['SETBIT', 'l', '0', '1'],
      ['SETBIT', 'l', 'x', '1'],
      ['GETBIT', 'l', '0'],
      ['GETBIT', 'l', 'x'],
      ['BITCOUNT', 'l'],
      ['BITCOUNT', 'l', 'x', 'y'],
      ['BITPOS', 'l', '1'],
      ['BITPOS', 'l', '2'],
      ['BITOP', 'AND', 'd', 's', 'l'],
      ['BITOP', 'AND', 'l', 's'],
      ['BITFIELD', 'l', 'GET', 'u8', '0'],
      ['BITFIELD', 'l', 'SET', 'u8', '0', '1'],
      ['BITFIELD_RO', 'l', 'GET', 'u8', '0'],
      ['BITFIELD_RO', 'l', 'SET', 'u8', '0', '1'],
    ]);
  });

  it('refuses non-strings and leaves them alone', async () => {
    const list = ['LRANGE', 'l', '0', '-1'];
    await expectSameAsOracle([
      ['RPUSH', 'l', 'a', 'b'],
      ['SET', 's', 'abc'],
      ...[
        ['SETBIT', 'l', '0', '1'],
        ['GETBIT', 'l', '0'],
        ['BITCOUNT', 'l'],
        ['BITPOS', 'l', '1'],
        ['BITOP', 'AND', 'd', 's', 'l'],
        ['BITFIELD', 'l', 'GET', 'u8', '0'],
        ['BITFIELD', 'l', 'SET', 'u8', '0', '1'],
        ['BITFIELD_RO', 'l', 'GET', 'u8', '0'],
      ].flatMap((argv) => [argv, list]),
      ['EXISTS', 'd'],
      ['BITOP', 'AND', 'l', 's'],
      ['GET', 'l'],
    ]);
  });

});

/** OBJECT ENCODING as the stub's entry flags imply it. */
function stubEncoding(e: Entry): string {
  const v = e.value as string;
  if (e.rawString) return 'raw';
  if (!e.embstrString && v.length <= 20 && /^(0|-?[1-9]\d*)$/.test(v) && BigInt(v) >= -(2n ** 63n) && BigInt(v) < 2n ** 63n) return 'int';
  return v.length <= 44 ? 'embstr' : 'raw';
}

describe('encodings and WATCH', () => {
  it('leave the encodings OBJECT ENCODING reports on the oracle', async () => {
    const conn = await oracleConnection();
    if (!conn) return;
    const script: Script = [
      ['SETBIT', 'a', '1', '1'],
      ['SET', 'b', '5'],
      ['SETBIT', 'b', '0', '0'],
      ['SET', 'c', '5'],
      ['GETBIT', 'c', '0'],
      ['BITCOUNT', 'c'],
      ['BITPOS', 'c', '1'],
      ['SET', 'd', '5'],
      ['BITOP', 'AND', 'd', 'c', 'c'],
      ['BITFIELD', 'e', 'SET', 'u8', '0', '49'],
      ['SET', 'f', '123'],
      ['BITFIELD', 'f', 'GET', 'u8', '0'],
      ['SET', 'g', '123'],
      ['BITFIELD', 'g', 'OVERFLOW', 'FAIL', 'INCRBY', 'u2', '0', '100'],
      ['SET', 'h', '7'],
      ['BITFIELD_RO', 'h', 'GET', 'u8', '0'],
    ];
    const keys = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    const oracle = await runOnOracle(conn, [...script, ...keys.map((k) => ['OBJECT', 'ENCODING', k])]);
    const engine = new Engine({ activeExpire: false });
    const s = new Session(engine);
    for (const argv of script) s.execute(argv);
    expect(keys.map((k) => stubEncoding(engine.db(0).dict.get(k)!))).toEqual(oracle.slice(script.length));
    engine.close();
  });

  it('dirty WATCH exactly when Redis does (changed bits, grown strings, BITOP)', async () => {
    const writes: Script = [
      ['SETBIT', 'k', '0', '0'],
      ['SETBIT', 'k', '1', '1'],
      ['SETBIT', 'k', '100', '0'],
      ['GETBIT', 'k', '1'],
      ['BITFIELD', 'k', 'SET', 'u8', '0', '53'],
      ['BITFIELD', 'k', 'SET', 'u8', '0', '54'],
      ['BITFIELD', 'k', 'INCRBY', 'u8', '0', '0'],
      ['BITFIELD', 'k', 'SET', 'u8', '100', '0'],
      ['BITFIELD', 'k', 'OVERFLOW', 'FAIL', 'INCRBY', 'u2', '0', '100'],
      ['BITFIELD', 'k', 'OVERFLOW', 'FAIL', 'INCRBY', 'u2', '200', '100'],
      ['BITFIELD', 'k', 'GET', 'u8', '0'],
      ['BITFIELD_RO', 'k', 'GET', 'u8', '0'],
      ['BITOP', 'NOT', 'k', 'k'],
      ['BITOP', 'AND', 'k', 'missing'],
      ['BITCOUNT', 'k'],
      ['BITPOS', 'k', '1'],
    ];
    const script: Script = [];
    for (const setup of [[['SET', 'k', '5']], [] as string[][]]) {
      for (const w of writes) script.push(['DEL', 'k'], ...setup, ['WATCH', 'k'], w, ['MULTI'], ['PING'], ['EXEC']);
    }
    await expectSameAsOracle(script);
  });
});
