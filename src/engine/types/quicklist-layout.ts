/**
 * What Redis 7.0's quicklist would hold for a list: listpack entry sizes and bytes, nodes filled
 * by _quicklistNodeAllowInsert's rule, and the RDB length of the result (DEBUG OBJECT's
 * serializedlength). Nodes are laid out as if the list had been built by tail pushes, which is
 * exact for lists that fit in one node (up to 8 kB under the default fill) and close beyond.
 */
import type { Bytes } from '../../bytes.js';
import { parseInt64 } from '../../numbers.js';
import { lzfCompress } from '../lzf.js';

/** optimization_level: bytes per node for fill -1 .. -5. */
const OPTIMIZATION_LEVEL = [4096, 8192, 16384, 32768, 65536];
const SIZE_SAFETY_LIMIT = 8192;
const LISTPACK_HEADER = 6;
const LISTPACK_END = 1;
const FILL_MAX = (1 << 15) - 1;

/** quicklistSetFill: the fill a quicklist keeps for a configured list-max-listpack-size. */
export function clampFill(fill: number): number {
  return fill > FILL_MAX ? FILL_MAX : fill < -5 ? -5 : fill;
}

/** lpEncodeBacklen's byte count for an entry of `len` bytes. */
function backlenBytes(len: number): number {
  if (len <= 127) return 1;
  if (len < 16383) return 2;
  if (len < 2097151) return 3;
  if (len < 268435455) return 4;
  return 5;
}

/** The encoding and payload bytes of one listpack entry (without its backlen). */
function encodedBytes(s: Bytes): number {
  const v = parseInt64(s);
  if (v !== undefined) {
    const n = Number(v);
    if (n >= 0 && n <= 127) return 1;
    if (n >= -4096 && n <= 4095) return 2;
    if (n >= -32768 && n <= 32767) return 3;
    if (n >= -8388608 && n <= 8388607) return 4;
    if (n >= -2147483648 && n <= 2147483647) return 5;
    return 9;
  }
  const len = s.length;
  if (len < 64) return 1 + len;
  if (len < 4096) return 2 + len;
  return 5 + len;
}

/** Bytes one element takes in a listpack. */
export function listpackEntrySize(s: Bytes): number {
  const e = encodedBytes(s);
  return e + backlenBytes(e);
}

function littleEndian(v: bigint, bytes: number): string {
  let out = '';
  for (let i = 0; i < bytes; i++) out += String.fromCharCode(Number((v >> BigInt(8 * i)) & 0xffn));
  return out;
}

/** lpEncodeBacklen's bytes. */
function backlen(len: number): string {
  const n = backlenBytes(len);
  const out: number[] = [];
  // The most significant 7-bit group comes first; every byte but the first carries bit 128.
  for (let i = n - 1; i >= 0; i--) out.push(((len / 2 ** (7 * i)) & 127) | (i === n - 1 ? 0 : 128));
  return String.fromCharCode(...out);
}

function encodeEntry(s: Bytes): string {
  const v = parseInt64(s);
  let enc: string;
  if (v !== undefined) {
    const b = BigInt(v);
    const n = Number(v);
    if (n >= 0 && n <= 127) enc = String.fromCharCode(n);
    else if (n >= -4096 && n <= 4095) {
      const u = n < 0 ? (1 << 13) + n : n;
      enc = String.fromCharCode((u >> 8) | 0xc0, u & 0xff);
    } else if (n >= -32768 && n <= 32767) enc = '\xf1' + littleEndian(BigInt.asUintN(16, b), 2);
    else if (n >= -8388608 && n <= 8388607) enc = '\xf2' + littleEndian(BigInt.asUintN(24, b), 3);
    else if (n >= -2147483648 && n <= 2147483647) enc = '\xf3' + littleEndian(BigInt.asUintN(32, b), 4);
    else enc = '\xf4' + littleEndian(BigInt.asUintN(64, b), 8);
  } else if (s.length < 64) enc = String.fromCharCode(0x80 | s.length) + s;
  else if (s.length < 4096) enc = String.fromCharCode((s.length >> 8) | 0xe0, s.length & 0xff) + s;
  else enc = '\xf0' + littleEndian(BigInt(s.length), 4) + s;
  return enc + backlen(enc.length);
}

/** One quicklist node: its elements (by position in the list) and its listpack's size. */
export interface QuicklistNode {
  start: number;
  count: number;
  bytes: number;
}

function sizeMeetsOptimization(sz: number, fill: number): boolean {
  if (fill >= 0) return false;
  const level = OPTIMIZATION_LEVEL[-fill - 1];
  return level !== undefined && sz <= level;
}

/** _quicklistNodeAllowInsert, for an element of `sz` raw bytes. */
function allowInsert(node: QuicklistNode, fill: number, sz: number): boolean {
  let overhead = sz < 254 ? 1 : 5;
  overhead += sz < 64 ? 1 : sz < 16384 ? 2 : 5;
  const newSize = node.bytes + sz + overhead;
  if (sizeMeetsOptimization(newSize, fill)) return true;
  if (newSize > SIZE_SAFETY_LIMIT) return false;
  return node.count < fill;
}

interface ListLike {
  readonly length: number;
  at(index: number): Bytes;
}

/** The nodes of a quicklist holding the list, filled front to back. */
export function quicklistNodes(list: ListLike, fill: number): QuicklistNode[] {
  const nodes: QuicklistNode[] = [];
  let node: QuicklistNode | undefined;
  for (let i = 0; i < list.length; i++) {
    const s = list.at(i);
    if (node === undefined || !allowInsert(node, fill, s.length)) {
      node = { start: i, count: 0, bytes: LISTPACK_HEADER + LISTPACK_END };
      nodes.push(node);
    }
    node.count++;
    node.bytes += listpackEntrySize(s);
  }
  return nodes;
}

function listpackOf(list: ListLike, node: QuicklistNode): string {
  let body = '';
  for (let i = node.start; i < node.start + node.count; i++) body += encodeEntry(list.at(i));
  const header = littleEndian(BigInt(node.bytes), 4) + littleEndian(BigInt(Math.min(node.count, 65535)), 2);
  return header + body + '\xff';
}

/** rdbSaveLen's byte count. */
function rdbLenBytes(len: number): number {
  if (len < 1 << 6) return 1;
  if (len < 1 << 14) return 2;
  if (len <= 0xffffffff) return 5;
  return 9;
}

/** rdbSaveObject's length for a quicklist: node count, then each node's container and listpack blob. */
export function quicklistRdbLength(list: ListLike, nodes: QuicklistNode[], compression: boolean): number {
  let total = rdbLenBytes(nodes.length);
  for (const node of nodes) {
    total += 1; // QUICKLIST_NODE_CONTAINER_PACKED
    const len = node.bytes;
    if (compression && len > 20) {
      const packed = lzfCompress(listpackOf(list, node), len - 4);
      if (packed !== undefined) {
        total += 1 + rdbLenBytes(packed.length) + rdbLenBytes(len) + packed.length;
        continue;
      }
    }
    total += rdbLenBytes(len) + len;
  }
  return total;
}
