/** LCS: the longest common subsequence of two strings (Redis's lcsCommand, the same DP table). */
import {
  CommandError,
  LCS_ALLOCATION_FAILED,
  LCS_LEN_AND_IDX,
  LCS_NOT_STRINGS,
  LCS_TOO_LONG,
  LCS_TOO_MUCH_MEMORY,
  SYNTAX,
} from '../errors.js';
import { MapReply, type Reply } from '../reply.js';
import type { Bytes } from '../bytes.js';
import type { Session } from '../engine/session.js';
import { int64Arg } from './args.js';
import { cKeyword } from './string-options.js';
import { protoMaxBulkLen } from './string-values.js';

const UINT32_MAX = 2 ** 32 - 1;

/** LCS key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN] */
export function lcs(c: Session, argv: Bytes[]): Reply {
  const ea = c.db.lookupRead(argv[1]!);
  const eb = c.db.lookupRead(argv[2]!);
  if ((ea !== undefined && typeof ea.value !== 'string') || (eb !== undefined && typeof eb.value !== 'string')) {
    throw new CommandError(LCS_NOT_STRINGS);
  }
  const a = (ea?.value as Bytes | undefined) ?? '';
  const b = (eb?.value as Bytes | undefined) ?? '';

  let getLen = false;
  let getIdx = false;
  let withMatchLen = false;
  let minMatchLen = 0;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j]!;
    const moreArgs = argv.length - 1 - j;
    if (cKeyword(opt, 'IDX')) getIdx = true;
    else if (cKeyword(opt, 'LEN')) getLen = true;
    else if (cKeyword(opt, 'WITHMATCHLEN')) withMatchLen = true;
    else if (cKeyword(opt, 'MINMATCHLEN') && moreArgs > 0) {
      const v = int64Arg(argv[++j]!);
      minMatchLen = v < 0 ? 0 : Number(v);
    } else throw new CommandError(SYNTAX);
  }
  if (getLen && getIdx) throw new CommandError(LCS_LEN_AND_IDX);
  if (a.length >= UINT32_MAX - 1 || b.length >= UINT32_MAX - 1) throw new CommandError(LCS_TOO_LONG);

  const alen = a.length;
  const blen = b.length;
  const width = blen + 1;
  const cells = (alen + 1) * width;
  if (cells * 4 > protoMaxBulkLen(c)) throw new CommandError(LCS_TOO_MUCH_MEMORY);
  let table: Uint32Array;
  try {
    table = new Uint32Array(cells);
  } catch {
    throw new CommandError(LCS_ALLOCATION_FAILED);
  }
  // table[i * width + j] = length of the LCS of a[0..i) and b[0..j); row and column 0 stay 0.
  for (let i = 1; i <= alen; i++) {
    const ai = a.charCodeAt(i - 1);
    const row = i * width;
    const above = row - width;
    for (let j = 1; j <= blen; j++) {
      if (ai === b.charCodeAt(j - 1)) table[row + j] = table[above + j - 1]! + 1;
      else {
        const up = table[above + j]!;
        const left = table[row + j - 1]!;
        table[row + j] = up > left ? up : left;
      }
    }
  }
  const total = table[alen * width + blen]!;
  if (getLen) return total;

  // Walk back from the end, collecting the LCS and, for IDX, the ranges of contiguous matches.
  const result: number[] = new Array(total);
  const matches: Reply[] = [];
  let idx = total;
  let aStart = alen; // alen: no range in progress
  let aEnd = 0;
  let bStart = 0;
  let bEnd = 0;
  let i = alen;
  let j = blen;
  while (i > 0 && j > 0) {
    let emitRange = false;
    if (a.charCodeAt(i - 1) === b.charCodeAt(j - 1)) {
      result[idx - 1] = a.charCodeAt(i - 1);
      if (aStart === alen) {
        aStart = aEnd = i - 1;
        bStart = bEnd = j - 1;
      } else if (aStart === i && bStart === j) {
        aStart--;
        bStart--;
      } else {
        emitRange = true;
      }
      if (aStart === 0 || bStart === 0) emitRange = true;
      idx--;
      i--;
      j--;
    } else {
      if (table[(i - 1) * width + j]! > table[i * width + j - 1]!) i--;
      else j--;
      if (aStart !== alen) emitRange = true;
    }
    if (emitRange) {
      const matchLen = aEnd - aStart + 1;
      if (getIdx && (minMatchLen === 0 || matchLen >= minMatchLen)) {
        const match: Reply[] = [
          [aStart, aEnd],
          [bStart, bEnd],
        ];
        if (withMatchLen) match.push(matchLen);
        matches.push(match);
      }
      aStart = alen;
    }
  }
  if (getIdx) return new MapReply(['matches', matches, 'len', total]);
  return bytesFromCodes(result);
}

/** A binary string from byte values, in chunks (spreading a huge array would overflow the stack). */
function bytesFromCodes(codes: number[]): Bytes {
  let s = '';
  for (let k = 0; k < codes.length; k += 8192) s += String.fromCharCode(...codes.slice(k, k + 8192));
  return s;
}
