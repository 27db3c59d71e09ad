/**
 * LZF compression exactly as Redis 7.0 builds liblzf (lzf_c.c with HLOG 16, VERY_FAST): RDB
 * strings longer than 20 bytes are stored compressed when that saves at least four bytes, so
 * DEBUG OBJECT's serializedlength (and, later, DUMP payloads) depend on this exact output.
 * The one liberty: Redis leaves its hash table uninitialised (INIT_HTAB 0); here it starts empty.
 */

const HLOG = 16;
const HSIZE = 1 << HLOG;
const MAX_LIT = 1 << 5;
const MAX_OFF = 1 << 13;
const MAX_REF = (1 << 8) + (1 << 3);

function idx(h: number): number {
  // VERY_FAST: ((h >> (3*8 - HLOG)) - h*5) & (HSIZE - 1), in 32-bit unsigned arithmetic.
  return ((h >>> (3 * 8 - HLOG)) - Math.imul(h, 5)) & (HSIZE - 1);
}

/**
 * lzf_compress of a binary string into at most `outLen` bytes: the compressed bytes, or
 * undefined when they would not fit (Redis then stores the string as it is).
 */
export function lzfCompress(input: string, outLen: number): Uint8Array | undefined {
  const inLen = input.length;
  if (inLen === 0 || outLen === 0) return undefined;
  const at = (i: number) => input.charCodeAt(i);
  const out = new Uint8Array(outLen + 3);
  const htab = new Int32Array(HSIZE).fill(-1);
  let ip = 0;
  let op = 0;
  let lit = 0;
  op++; // start run

  let hval = ((at(0) << 8) | at(1)) >>> 0;
  while (ip < inLen - 2) {
    hval = ((hval << 8) | at(ip + 2)) >>> 0;
    const slot = idx(hval);
    const ref = htab[slot]!;
    htab[slot] = ip;
    const off = ip - ref - 1;
    if (
      ref >= 0 &&
      off < MAX_OFF &&
      ref > 0 &&
      at(ref) === at(ip) &&
      at(ref + 1) === at(ip + 1) &&
      at(ref + 2) === at(ip + 2)
    ) {
      let len = 2;
      let maxlen = inLen - ip - len;
      if (maxlen > MAX_REF) maxlen = MAX_REF;
      out[op - lit - 1] = lit - 1; // stop run
      if (lit === 0) op--; // undo run if length is zero
      if (op + 3 + 1 >= outLen) return undefined;
      // Redis first compares 16 more bytes unrolled, without the maxlen bound, then goes on one by one.
      let mismatch = false;
      if (maxlen > 16) {
        for (let k = 0; k < 16 && !mismatch; k++) {
          len++;
          mismatch = at(ref + len) !== at(ip + len);
        }
      }
      if (!mismatch) {
        do len++;
        while (len < maxlen && at(ref + len) === at(ip + len));
      }
      len -= 2; // len is now #octets - 1
      ip++;
      if (len < 7) {
        out[op++] = (off >> 8) + (len << 5);
      } else {
        out[op++] = (off >> 8) + (7 << 5);
        out[op++] = len - 7;
      }
      out[op++] = off & 0xff;
      lit = 0;
      op++; // start run
      ip += len + 1;
      if (ip >= inLen - 2) break;
      ip -= 2;
      hval = ((at(ip) << 8) | at(ip + 1)) >>> 0;
      hval = ((hval << 8) | at(ip + 2)) >>> 0;
      htab[idx(hval)] = ip;
      ip++;
      hval = ((hval << 8) | at(ip + 2)) >>> 0;
      htab[idx(hval)] = ip;
      ip++;
    } else {
      if (op >= outLen) return undefined;
      lit++;
      out[op++] = at(ip++);
      if (lit === MAX_LIT) {
        out[op - lit - 1] = lit - 1; // stop run
        lit = 0;
        op++; // start run
      }
    }
  }
  if (op + 3 > outLen) return undefined;
  while (ip < inLen) {
    lit++;
    out[op++] = at(ip++);
    if (lit === MAX_LIT) {
      out[op - lit - 1] = lit - 1;
      lit = 0;
      op++;
    }
  }
  out[op - lit - 1] = lit - 1; // end run
  if (lit === 0) op--;
  return out.slice(0, op);
}
