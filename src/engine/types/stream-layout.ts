/**
 * The byte layout of a Redis 7.0 stream node (t_stream.c): one listpack per radix-tree node, holding
 * a master entry (live count, deleted count, the master fields) then every entry appended to the
 * node, deleted or not. XLEN after `MAXLEN ~`/`MINID ~` and when XADD opens a new node both depend
 * on these sizes, so they are computed exactly as listpack.c encodes each element.
 *
 *   master: count | deleted | num-fields | field_1 .. field_N | 0
 *   entry:  flags | ms-delta | seq-delta | [num-fields | field_1] value_1 .. [field_N] value_N | lp-count
 *
 * An entry whose fields equal the master fields (SAMEFIELDS) stores only its values.
 */
import type { Bytes } from '../../bytes.js';
import { parseInt64 } from '../../numbers.js';
import type { StreamId } from './stream-id.js';

export const FLAG_DELETED = 1;
export const FLAG_SAMEFIELDS = 2;

/** lpNew's header (total bytes + element count) and the end byte. */
export const LISTPACK_OVERHEAD = 7;

/** lpEncodeBacklen's byte count for an element of `len` bytes. */
function backlenBytes(len: number): number {
  if (len <= 127) return 1;
  if (len < 16383) return 2;
  if (len < 2097151) return 3;
  if (len < 268435455) return 4;
  return 5;
}

/** The integer encoding's bytes (without backlen) for v. */
function intEncodedBytes(v: bigint): number {
  if (v >= 0n && v <= 127n) return 1;
  if (v >= -4096n && v <= 4095n) return 2;
  if (v >= -32768n && v <= 32767n) return 3;
  if (v >= -8388608n && v <= 8388607n) return 4;
  if (v >= -2147483648n && v <= 2147483647n) return 5;
  return 9;
}

/** Bytes of an integer element (lpAppendInteger: always int-encoded, backlen is one byte). */
export function lpIntSize(v: bigint | number): number {
  if (typeof v === 'number') {
    // Counters and field counts: small numbers, no bigint needed.
    if (v >= 0 && v <= 127) return 2;
    if (v >= -4096 && v <= 4095) return 3;
    if (v >= -32768 && v <= 32767) return 4;
    if (v >= -8388608 && v <= 8388607) return 5;
    if (v >= -2147483648 && v <= 2147483647) return 6;
  }
  return intEncodedBytes(BigInt(v)) + 1;
}

/** Bytes of a string element: an integer-looking string is stored as an integer (lpStringToInt64). */
export function lpStringSize(s: Bytes): number {
  const v = s.length <= 20 ? parseInt64(s) : undefined;
  const enc = v !== undefined ? intEncodedBytes(BigInt(v)) : s.length + (s.length < 64 ? 1 : s.length < 4096 ? 2 : 5);
  return enc + backlenBytes(enc);
}

/** One stored entry of a node, deleted or live. */
export interface NodeEntry {
  readonly id: StreamId;
  /** Flat [field, value, ...]. */
  readonly fields: Bytes[];
  /** STREAM_ITEM_FLAG_* bits. */
  flags: number;
}

/** The ms and seq deltas Redis stores: uint64 differences read back as int64. */
export function idDeltas(id: StreamId, master: StreamId): [bigint, bigint] {
  return [BigInt.asIntN(64, id.ms - master.ms), BigInt.asIntN(64, id.seq - master.seq)];
}

/** lp-count: the elements of an entry after its flags, so a reverse scan can jump back over it. */
export function lpCount(entry: NodeEntry): number {
  const n = entry.fields.length / 2;
  return entry.flags & FLAG_SAMEFIELDS ? n + 3 : 2 * n + 4;
}

/** Bytes an entry adds to its node's listpack. */
export function entrySize(entry: NodeEntry, master: StreamId): number {
  const [ms, seq] = idDeltas(entry.id, master);
  let n = lpIntSize(entry.flags) + lpIntSize(ms) + lpIntSize(seq);
  const same = (entry.flags & FLAG_SAMEFIELDS) !== 0;
  const f = entry.fields;
  if (!same) n += lpIntSize(f.length / 2);
  for (let i = 0; i < f.length; i += 2) {
    if (!same) n += lpStringSize(f[i]!);
    n += lpStringSize(f[i + 1]!);
  }
  return n + lpIntSize(lpCount(entry));
}

/** Bytes of a node's master entry with the given counters. */
export function masterSize(live: number, deleted: number, masterFields: readonly Bytes[]): number {
  let n = lpIntSize(live) + lpIntSize(deleted) + lpIntSize(masterFields.length) + lpIntSize(0);
  for (const field of masterFields) n += lpStringSize(field);
  return n;
}

/** Whether the entry's field names equal the master fields, in order (SAMEFIELDS). */
export function sameFields(fields: readonly Bytes[], masterFields: readonly Bytes[]): boolean {
  if (fields.length !== masterFields.length * 2) return false;
  for (let i = 0; i < masterFields.length; i++) if (fields[i * 2] !== masterFields[i]) return false;
  return true;
}

// Serialization, for the RDB size (DEBUG OBJECT serializedlength), which LZF-compresses the bytes.

function littleEndian(v: bigint, bytes: number): string {
  let out = '';
  for (let i = 0; i < bytes; i++) out += String.fromCharCode(Number((v >> BigInt(8 * i)) & 0xffn));
  return out;
}

function backlen(len: number): string {
  const n = backlenBytes(len);
  const out: number[] = [];
  for (let i = n - 1; i >= 0; i--) out.push(((len / 2 ** (7 * i)) & 127) | (i === n - 1 ? 0 : 128));
  return String.fromCharCode(...out);
}

function encodeInt(v: bigint): string {
  let enc: string;
  if (v >= 0n && v <= 127n) enc = String.fromCharCode(Number(v));
  else if (v >= -4096n && v <= 4095n) {
    const u = Number(BigInt.asUintN(13, v));
    enc = String.fromCharCode((u >> 8) | 0xc0, u & 0xff);
  } else if (v >= -32768n && v <= 32767n) enc = '\xf1' + littleEndian(BigInt.asUintN(16, v), 2);
  else if (v >= -8388608n && v <= 8388607n) enc = '\xf2' + littleEndian(BigInt.asUintN(24, v), 3);
  else if (v >= -2147483648n && v <= 2147483647n) enc = '\xf3' + littleEndian(BigInt.asUintN(32, v), 4);
  else enc = '\xf4' + littleEndian(BigInt.asUintN(64, v), 8);
  return enc + backlen(enc.length);
}

function encodeString(s: Bytes): string {
  const v = s.length <= 20 ? parseInt64(s) : undefined;
  if (v !== undefined) return encodeInt(BigInt(v));
  let enc: string;
  if (s.length < 64) enc = String.fromCharCode(0x80 | s.length) + s;
  else if (s.length < 4096) enc = String.fromCharCode((s.length >> 8) | 0xe0, s.length & 0xff) + s;
  else enc = '\xf0' + littleEndian(BigInt(s.length), 4) + s;
  return enc + backlen(enc.length);
}

/** The node's listpack bytes, as Redis would hold them. */
export function encodeNode(master: StreamId, masterFields: readonly Bytes[], live: number, deleted: number, entries: readonly NodeEntry[]): string {
  const parts: string[] = [encodeInt(BigInt(live)), encodeInt(BigInt(deleted)), encodeInt(BigInt(masterFields.length))];
  for (const f of masterFields) parts.push(encodeString(f));
  parts.push(encodeInt(0n));
  let count = 4 + masterFields.length;
  for (const e of entries) {
    const [ms, seq] = idDeltas(e.id, master);
    parts.push(encodeInt(BigInt(e.flags)), encodeInt(ms), encodeInt(seq));
    const same = (e.flags & FLAG_SAMEFIELDS) !== 0;
    if (!same) parts.push(encodeInt(BigInt(e.fields.length / 2)));
    for (let i = 0; i < e.fields.length; i += 2) {
      if (!same) parts.push(encodeString(e.fields[i]!));
      parts.push(encodeString(e.fields[i + 1]!));
    }
    parts.push(encodeInt(BigInt(lpCount(e))));
    count += lpCount(e) + 1;
  }
  const body = parts.join('');
  const total = 6 + body.length + 1;
  return littleEndian(BigInt(total), 4) + littleEndian(BigInt(Math.min(count, 65535)), 2) + body + '\xff';
}

/** streamEncodeID: the radix-tree key, 128 bits big-endian. */
export function encodeIdKey(id: StreamId): string {
  let out = '';
  for (const part of [id.ms, id.seq]) for (let i = 7; i >= 0; i--) out += String.fromCharCode(Number((part >> BigInt(8 * i)) & 0xffn));
  return out;
}
