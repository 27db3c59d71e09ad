/**
 * FUNCTION DUMP / FUNCTION RESTORE payloads, byte for byte as Redis 7.0 writes them: for each
 * library RDB_OPCODE_FUNCTION2 and its code as an RDB string (LZF-compressed past 20 bytes when
 * `rdbcompression` is on), then the RDB version (10, little endian) and the CRC64 (Jones) of
 * everything before, little endian.
 */
import type { Bytes } from '../bytes.js';
import { lzfCompress } from './lzf.js';

export const RDB_VERSION = 10;
export const RDB_OPCODE_FUNCTION2 = 245;
/** Libraries as the 7.0 release candidates saved them (name, engine, description, code). */
export const RDB_OPCODE_FUNCTION_PRE_GA = 246;

// ---------------------------------------------------------------------------------------------
// CRC64 (Redis's crc64.c: Jones polynomial, reflected, init 0, no final xor)

let CRC_TABLE: BigUint64Array | undefined;

function crcTable(): BigUint64Array {
  if (CRC_TABLE !== undefined) return CRC_TABLE;
  const poly = 0x95ac9329ac4bc9b5n; // 0xad93d23594c935a9 reflected
  const t = new BigUint64Array(256);
  for (let i = 0; i < 256; i++) {
    let c = BigInt(i);
    for (let k = 0; k < 8; k++) c = c & 1n ? (c >> 1n) ^ poly : c >> 1n;
    t[i] = c;
  }
  return (CRC_TABLE = t);
}

/** crc64(0, s) over a binary string. */
export function crc64(s: Bytes, start = 0, end = s.length): bigint {
  const t = crcTable();
  let crc = 0n;
  for (let i = start; i < end; i++) crc = t[Number((crc ^ BigInt(s.charCodeAt(i))) & 0xffn)]! ^ (crc >> 8n);
  return crc;
}

function uint64LE(v: bigint): Bytes {
  let out = '';
  for (let i = 0; i < 8; i++) out += String.fromCharCode(Number((v >> BigInt(8 * i)) & 0xffn));
  return out;
}

// ---------------------------------------------------------------------------------------------
// RDB strings

/** rdbSaveLen. */
function rdbLen(len: number): Bytes {
  if (len < 1 << 6) return String.fromCharCode(len);
  if (len < 1 << 14) return String.fromCharCode(0x40 | (len >> 8), len & 0xff);
  if (len <= 0xffffffff) return String.fromCharCode(0x80, (len >>> 24) & 0xff, (len >>> 16) & 0xff, (len >>> 8) & 0xff, len & 0xff);
  let out = String.fromCharCode(0x81);
  const big = BigInt(len);
  for (let i = 7; i >= 0; i--) out += String.fromCharCode(Number((big >> BigInt(8 * i)) & 0xffn));
  return out;
}

/** rdbSaveRawString (a library's code never takes the integer encoding: it starts with "#!"). */
function rdbString(s: Bytes, compression: boolean): Bytes {
  if (compression && s.length > 20) {
    const compressed = lzfCompress(s, s.length - 4);
    if (compressed !== undefined) {
      return String.fromCharCode(0xc3) + rdbLen(compressed.length) + rdbLen(s.length) + Buffer.from(compressed).toString('latin1');
    }
  }
  return rdbLen(s.length) + s;
}

/** The FUNCTION DUMP payload of these library codes. */
export function dumpFunctions(codes: Iterable<Bytes>, compression: boolean): Bytes {
  let out = '';
  for (const code of codes) out += String.fromCharCode(RDB_OPCODE_FUNCTION2) + rdbString(code, compression);
  out += String.fromCharCode(RDB_VERSION & 0xff, (RDB_VERSION >> 8) & 0xff);
  return out + uint64LE(crc64(out));
}

/** verifyDumpPayload: the footer's RDB version is one we read and the CRC64 matches. */
export function verifyPayload(p: Bytes): boolean {
  if (p.length < 10) return false;
  const footer = p.length - 10;
  const version = p.charCodeAt(footer) | (p.charCodeAt(footer + 1) << 8);
  if (version > RDB_VERSION) return false;
  return uint64LE(crc64(p, 0, p.length - 8)) === p.slice(p.length - 8);
}

/** lzf_decompress: the original bytes, or undefined when the data is corrupt or not `len` long. */
function lzfDecompress(input: Bytes, len: number): Bytes | undefined {
  const out: number[] = [];
  let ip = 0;
  while (ip < input.length) {
    let ctrl = input.charCodeAt(ip++);
    if (ctrl < 1 << 5) {
      ctrl++;
      if (out.length + ctrl > len || ip + ctrl > input.length) return undefined;
      for (let i = 0; i < ctrl; i++) out.push(input.charCodeAt(ip++));
    } else {
      let n = ctrl >> 5;
      let ref = out.length - ((ctrl & 0x1f) << 8) - 1;
      if (ip >= input.length) return undefined;
      if (n === 7) {
        n += input.charCodeAt(ip++);
        if (ip >= input.length) return undefined;
      }
      ref -= input.charCodeAt(ip++);
      n += 2;
      if (out.length + n > len || ref < 0) return undefined;
      for (let i = 0; i < n; i++) out.push(out[ref + i]!);
    }
  }
  if (out.length !== len) return undefined;
  let s = '';
  for (let i = 0; i < out.length; i += 8192) s += String.fromCharCode(...out.slice(i, i + 8192));
  return s;
}

/** A reader over a payload (Redis's rio over a buffer): undefined once the data runs out. */
export class PayloadReader {
  pos = 0;
  constructor(readonly data: Bytes) {}

  /** rdbLoadType. */
  type(): number | undefined {
    return this.pos < this.data.length ? this.data.charCodeAt(this.pos++) : undefined;
  }

  private bytes(n: number): Bytes | undefined {
    if (n < 0 || this.pos + n > this.data.length) return undefined;
    const s = this.data.slice(this.pos, this.pos + n);
    this.pos += n;
    return s;
  }

  /** rdbLoadLenByRef: [length or encoding, isEncoded]. */
  private len(): [number, boolean] | undefined {
    const b = this.type();
    if (b === undefined) return undefined;
    const kind = b >> 6;
    if (kind === 0) return [b & 0x3f, false];
    if (kind === 1) {
      const b2 = this.type();
      return b2 === undefined ? undefined : [((b & 0x3f) << 8) | b2, false];
    }
    if (kind === 3) return [b & 0x3f, true];
    const width = b === 0x80 ? 4 : b === 0x81 ? 8 : 0;
    if (width === 0) return undefined;
    const raw = this.bytes(width);
    if (raw === undefined) return undefined;
    let v = 0;
    for (let i = 0; i < width; i++) v = v * 256 + raw.charCodeAt(i);
    return [v, false];
  }

  /** rdbLoadLen. */
  length(): number | undefined {
    return this.len()?.[0];
  }

  /** rdbGenericLoadStringObject: raw, integer-encoded or LZF-compressed. */
  string(): Bytes | undefined {
    const l = this.len();
    if (l === undefined) return undefined;
    const [n, encoded] = l;
    if (!encoded) return this.bytes(n);
    if (n <= 2) {
      const width = 1 << n;
      const raw = this.bytes(width);
      if (raw === undefined) return undefined;
      let v = 0;
      for (let i = width - 1; i >= 0; i--) v = v * 256 + raw.charCodeAt(i);
      const bits = width * 8;
      if (v >= 2 ** (bits - 1)) v -= 2 ** bits;
      return String(v);
    }
    if (n !== 3) return undefined;
    const clen = this.len();
    const olen = this.len();
    if (clen === undefined || olen === undefined || clen[1] || olen[1]) return undefined;
    const compressed = this.bytes(clen[0]);
    return compressed === undefined ? undefined : lzfDecompress(compressed, olen[0]);
  }
}
