/**
 * sdssplitargs (Redis's sds.c): how an inline (telnet-style) request line is split into
 * arguments. Double quotes take C escapes (\n, \r, \t, \b, \a, \xHH, \<any>), single quotes take
 * only \'; a closing quote must be followed by a blank or the end. Works on the raw bytes of the
 * line and returns binary strings, or undefined for unbalanced quotes.
 */

/** C's isspace() in the C locale. */
function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

const ESCAPES: Record<number, number> = { 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x62: 0x08, 0x61: 0x07 };

/**
 * Splits bytes [start, end) of `buf`. The line never holds a NUL (the caller's search for the
 * line end stops at one, as strchr does), so the C string's terminator is `end` here.
 */
export function splitArgs(buf: Buffer, start: number, end: number): string[] | undefined {
  const args: string[] = [];
  let p = start;
  // Reading past the line gives 0, as the C string's terminator would.
  const at = (i: number): number => (i < end ? buf[i]! : 0);
  for (;;) {
    while (p < end && isSpace(buf[p]!)) p++;
    if (p >= end) return args;
    let inq = false;
    let insq = false;
    let done = false;
    // Collected as char codes and turned into a string once: no per-byte concatenation.
    const current: number[] = [];
    while (!done) {
      const c = at(p);
      if (inq) {
        if (c === 0x5c && at(p + 1) === 0x78 && hexValue(at(p + 2)) >= 0 && hexValue(at(p + 3)) >= 0) {
          current.push(hexValue(at(p + 2)) * 16 + hexValue(at(p + 3)));
          p += 3;
        } else if (c === 0x5c && at(p + 1) !== 0) {
          p++;
          const e = at(p);
          current.push(ESCAPES[e] ?? e);
        } else if (c === 0x22) {
          if (at(p + 1) !== 0 && !isSpace(at(p + 1))) return undefined;
          done = true;
        } else if (c === 0) {
          return undefined;
        } else {
          current.push(c);
        }
      } else if (insq) {
        if (c === 0x5c && at(p + 1) === 0x27) {
          p++;
          current.push(0x27);
        } else if (c === 0x27) {
          if (at(p + 1) !== 0 && !isSpace(at(p + 1))) return undefined;
          done = true;
        } else if (c === 0) {
          return undefined;
        } else {
          current.push(c);
        }
      } else {
        switch (c) {
          case 0x20:
          case 0x0a:
          case 0x0d:
          case 0x09:
          case 0:
            done = true;
            break;
          case 0x22:
            inq = true;
            break;
          case 0x27:
            insq = true;
            break;
          default:
            current.push(c);
        }
      }
      if (p < end) p++;
    }
    args.push(bytesToString(current));
  }
}

function bytesToString(codes: number[]): string {
  // fromCharCode's argument count is bounded: go in slices for long tokens.
  if (codes.length < 8192) return String.fromCharCode(...codes);
  let out = '';
  for (let i = 0; i < codes.length; i += 8192) out += String.fromCharCode(...codes.slice(i, i + 8192));
  return out;
}
