/**
 * Lua 5.1 patterns, a line-by-line port of lstrlib.c's matcher (match, max_expand, min_expand,
 * captures, %b, %f, back-references) with its error messages. Subjects and patterns are Bytes
 * (one char per byte); character classes are glibc's C locale (no byte above 127 is a letter,
 * digit, space or punctuation).
 *
 * C sees the pattern as a C string: an embedded \0 ends it. Callers pass the pattern through
 * `patternOf` (which cuts it there) so every "end of pattern" check is a bounds check.
 */
import { LuaLibraryError } from '../lauxlib.js';

/** LUA_MAXCAPTURES. */
const MAXCAPTURES = 32;
const CAP_UNFINISHED = -1;
const CAP_POSITION = -2;
const L_ESC = 37; // '%'

/** The pattern as lstrlib's C code sees it: up to its first \0. */
export function patternOf(p: string): string {
  const z = p.indexOf('\0');
  return z < 0 ? p : p.slice(0, z);
}

/** "^$*+?.([%-": a pattern with none of these is searched for as plain text by string.find. */
export function hasSpecials(p: string): boolean {
  return /[\^$*+?.([%-]/.test(patternOf(p));
}

// C-locale <ctype.h> classes as bit masks per byte.
const ALPHA = 1;
const CNTRL = 2;
const DIGIT = 4;
const LOWER = 8;
const PUNCT = 16;
const SPACE = 32;
const UPPER = 64;
const XDIGIT = 128;
const CTYPE = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  let m = 0;
  if (c >= 65 && c <= 90) m |= ALPHA | UPPER;
  if (c >= 97 && c <= 122) m |= ALPHA | LOWER;
  if (c < 32 || c === 127) m |= CNTRL;
  if (c >= 48 && c <= 57) m |= DIGIT;
  if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)) m |= PUNCT;
  if (c === 32 || (c >= 9 && c <= 13)) m |= SPACE;
  if ((c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102)) m |= XDIGIT;
  CTYPE[c] = m;
}

export function isDigitByte(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** match_class: %a %c %d %l %p %s %u %w %x %z, upper case for the complement; any other is literal. */
function matchClass(c: number, cl: number): boolean {
  const lower = cl >= 65 && cl <= 90 ? cl + 32 : cl;
  let res: boolean;
  switch (lower) {
    case 97: // a
      res = (CTYPE[c]! & ALPHA) !== 0;
      break;
    case 99: // c
      res = (CTYPE[c]! & CNTRL) !== 0;
      break;
    case 100: // d
      res = (CTYPE[c]! & DIGIT) !== 0;
      break;
    case 108: // l
      res = (CTYPE[c]! & LOWER) !== 0;
      break;
    case 112: // p
      res = (CTYPE[c]! & PUNCT) !== 0;
      break;
    case 115: // s
      res = (CTYPE[c]! & SPACE) !== 0;
      break;
    case 117: // u
      res = (CTYPE[c]! & UPPER) !== 0;
      break;
    case 119: // w
      res = (CTYPE[c]! & (ALPHA | DIGIT)) !== 0;
      break;
    case 120: // x
      res = (CTYPE[c]! & XDIGIT) !== 0;
      break;
    case 122: // z
      res = c === 0;
      break;
    default:
      return cl === c;
  }
  return cl >= 97 && cl <= 122 ? res : !res;
}

/**
 * One match attempt's state (MatchState). `level` counts captures, finished or not; a capture's
 * length is CAP_UNFINISHED while open and CAP_POSITION for `()`.
 */
export class MatchState {
  level = 0;
  readonly capInit: number[] = [];
  readonly capLen: number[] = [];
  readonly end: number;
  readonly plen: number;

  constructor(
    readonly src: string,
    /** Already cut at its first \0 (patternOf). */
    readonly p: string,
  ) {
    this.end = src.length;
    this.plen = p.length;
  }

  /** The pattern byte at i, 0 past its end (C's terminator). */
  private pc(i: number): number {
    return i < this.plen ? this.p.charCodeAt(i) : 0;
  }

  /** The subject byte at i, 0 at its end (Lua strings carry a terminating \0 that %f and %b read). */
  private sc(i: number): number {
    return i < this.end ? this.src.charCodeAt(i) : 0;
  }

  /** match(): the end of the match of pattern[p..] at src[s..], or -1. */
  match(s: number, p: number): number {
    for (;;) {
      const c = this.pc(p);
      switch (c) {
        case 40: // '('
          if (this.pc(p + 1) === 41) return this.startCapture(s, p + 2, CAP_POSITION);
          return this.startCapture(s, p + 1, CAP_UNFINISHED);
        case 41: // ')'
          return this.endCapture(s, p + 1);
        case 0: // end of pattern
          if (p >= this.plen) return s;
          break;
        case 36: // '$'
          if (p + 1 === this.plen) return s === this.end ? s : -1;
          break;
        case L_ESC: {
          const n = this.pc(p + 1);
          if (n === 98) {
            // %b
            s = this.matchBalance(s, p + 2);
            if (s === -1) return -1;
            p += 4;
            continue;
          }
          if (n === 102) {
            // %f
            p += 2;
            if (this.pc(p) !== 91) throw new LuaLibraryError("missing '[' after '%f' in pattern");
            const ep = this.classEnd(p);
            const previous = s === 0 ? 0 : this.src.charCodeAt(s - 1);
            if (this.matchBracketClass(previous, p, ep - 1) || !this.matchBracketClass(this.sc(s), p, ep - 1)) return -1;
            p = ep;
            continue;
          }
          if (isDigitByte(n)) {
            // %0-%9: a back-reference
            s = this.matchCapture(s, n);
            if (s === -1) return -1;
            p += 2;
            continue;
          }
          break;
        }
      }
      // A single-char class with an optional quantifier.
      const ep = this.classEnd(p);
      const m = s < this.end && this.singleMatch(this.src.charCodeAt(s), p, ep);
      switch (this.pc(ep)) {
        case 63: {
          // '?'
          if (m) {
            const res = this.match(s + 1, ep + 1);
            if (res !== -1) return res;
          }
          p = ep + 1;
          continue;
        }
        case 42: // '*'
          return this.maxExpand(s, p, ep);
        case 43: // '+'
          return m ? this.maxExpand(s + 1, p, ep) : -1;
        case 45: // '-'
          return this.minExpand(s, p, ep);
        default:
          if (!m) return -1;
          s++;
          p = ep;
      }
    }
  }

  /** classEnd(): the index just after the single-char class starting at p. */
  private classEnd(p: number): number {
    const c = this.pc(p++);
    if (c === L_ESC) {
      if (p >= this.plen) throw new LuaLibraryError("malformed pattern (ends with '%')");
      return p + 1;
    }
    if (c === 91) {
      // '['
      if (this.pc(p) === 94) p++;
      do {
        // look for a ']'
        if (p >= this.plen) throw new LuaLibraryError("malformed pattern (missing ']')");
        const cc = this.pc(p++);
        if (cc === L_ESC && p < this.plen) p++; // skip escapes (e.g. '%]')
      } while (this.pc(p) !== 93);
      return p + 1;
    }
    return p;
  }

  private singleMatch(c: number, p: number, ep: number): boolean {
    const pcode = this.pc(p);
    switch (pcode) {
      case 46: // '.'
        return true;
      case L_ESC:
        return matchClass(c, this.pc(p + 1));
      case 91: // '['
        return this.matchBracketClass(c, p, ep - 1);
      default:
        return pcode === c;
    }
  }

  /** matchbracketclass(): p at '[', ec at its closing ']'. */
  private matchBracketClass(c: number, p: number, ec: number): boolean {
    let sig = true;
    if (this.pc(p + 1) === 94) {
      // '^'
      sig = false;
      p++;
    }
    while (++p < ec) {
      const pcode = this.pc(p);
      if (pcode === L_ESC) {
        p++;
        if (matchClass(c, this.pc(p))) return sig;
      } else if (this.pc(p + 1) === 45 && p + 2 < ec) {
        p += 2;
        if (pcode <= c && c <= this.pc(p)) return sig;
      } else if (pcode === c) return sig;
    }
    return !sig;
  }

  private maxExpand(s: number, p: number, ep: number): number {
    let i = 0;
    while (s + i < this.end && this.singleMatch(this.src.charCodeAt(s + i), p, ep)) i++;
    // Try the rest of the pattern with the most repetitions first.
    while (i >= 0) {
      const res = this.match(s + i, ep + 1);
      if (res !== -1) return res;
      i--;
    }
    return -1;
  }

  private minExpand(s: number, p: number, ep: number): number {
    for (;;) {
      const res = this.match(s, ep + 1);
      if (res !== -1) return res;
      if (s < this.end && this.singleMatch(this.src.charCodeAt(s), p, ep)) s++;
      else return -1;
    }
  }

  private startCapture(s: number, p: number, what: number): number {
    const level = this.level;
    if (level >= MAXCAPTURES) throw new LuaLibraryError('too many captures');
    this.capInit[level] = s;
    this.capLen[level] = what;
    this.level = level + 1;
    const res = this.match(s, p);
    if (res === -1) this.level--; // undo capture
    return res;
  }

  private endCapture(s: number, p: number): number {
    const l = this.captureToClose();
    this.capLen[l] = s - this.capInit[l]!;
    const res = this.match(s, p);
    if (res === -1) this.capLen[l] = CAP_UNFINISHED; // undo capture
    return res;
  }

  private captureToClose(): number {
    for (let level = this.level - 1; level >= 0; level--) if (this.capLen[level] === CAP_UNFINISHED) return level;
    throw new LuaLibraryError('invalid pattern capture');
  }

  private matchBalance(s: number, p: number): number {
    if (p >= this.plen || p + 1 >= this.plen) throw new LuaLibraryError('unbalanced pattern');
    const b = this.p.charCodeAt(p);
    if (this.sc(s) !== b) return -1;
    const e = this.p.charCodeAt(p + 1);
    let cont = 1;
    while (++s < this.end) {
      const c = this.src.charCodeAt(s);
      if (c === e) {
        if (--cont === 0) return s + 1;
      } else if (c === b) cont++;
    }
    return -1; // string ends out of balance
  }

  private matchCapture(s: number, l: number): number {
    const i = this.checkCapture(l);
    const len = this.capLen[i]!;
    // A position capture's length (CAP_POSITION) is huge as a size_t: it never matches.
    if (len < 0 || this.end - s < len) return -1;
    const init = this.capInit[i]!;
    if (this.src.slice(init, init + len) === this.src.slice(s, s + len)) return s + len;
    return -1;
  }

  private checkCapture(l: number): number {
    l -= 49; // '1'
    if (l < 0 || l >= this.level || this.capLen[l] === CAP_UNFINISHED) throw new LuaLibraryError('invalid capture index');
    return l;
  }

  /**
   * push_onecapture(): capture i of a match s..e: its text, its position (a number) for `()`,
   * or the whole match for i = 0 when the pattern has no captures.
   */
  capture(i: number, s: number, e: number): string | number {
    if (i >= this.level) {
      if (i === 0) return this.src.slice(s, e);
      throw new LuaLibraryError('invalid capture index');
    }
    const l = this.capLen[i]!;
    if (l === CAP_UNFINISHED) throw new LuaLibraryError('unfinished capture');
    const init = this.capInit[i]!;
    if (l === CAP_POSITION) return init + 1;
    return this.src.slice(init, init + l);
  }

  /** push_captures(): every capture, or the whole match when there are none (s = -1: none at all). */
  captures(s: number, e: number): (string | number)[] {
    const n = this.level === 0 && s !== -1 ? 1 : this.level;
    const out: (string | number)[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = this.capture(i, s, e);
    return out;
  }

  /** One match attempt at s from the pattern start p0: resets the captures as lstrlib does. */
  matchAt(s: number, p0: number): number {
    this.level = 0;
    try {
      return this.match(s, p0);
    } catch (err) {
      // 5.1 has no recursion limit; the C stack would overflow. A JS stack overflow becomes an error.
      if (err instanceof RangeError) throw new LuaLibraryError('pattern too complex');
      throw err;
    }
  }
}
