/**
 * Glob-style matching exactly as Redis 7.0's `stringmatchlen` (util.c), used by KEYS, SCAN MATCH,
 * CONFIG GET and PSUBSCRIBE. Patterns and subjects are binary strings (one char per byte).
 *
 * Quirks kept on purpose, because users see them through KEYS and SCAN:
 * - an unterminated `[` class runs to the end of the pattern (`[ab` matches "a");
 * - a trailing `\` matches a literal backslash;
 * - ranges given reversed (`[z-a]`) are swapped, and range bounds compare as C's *signed* char,
 *   so a range reaching a byte >= 0x80 behaves as on x86 Redis;
 * - `nocase` folds ASCII letters only (Redis runs with the C locale's ctype);
 * - after more than 1000 nested `*`, the remainder never matches (Redis's guard against
 *   abusive patterns), and a failed tail match stops retrying longer matches for earlier `*`s,
 *   which keeps the cost polynomial.
 */
import { asciiLower } from './bytes.js';

const STAR = 0x2a;
const QUESTION = 0x3f;
const OPEN = 0x5b;
const CLOSE = 0x5d;
const CARET = 0x5e;
const DASH = 0x2d;
const BACKSLASH = 0x5c;
const MAX_NESTING = 1000;

/** C's `char` is signed on the platforms Redis ships for: bytes >= 0x80 are negative. */
function signed(byte: number): number {
  return byte >= 0x80 ? byte - 256 : byte;
}

/** tolower() in the C locale (only A-Z change). */
function lower(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c + 32 : c;
}

/** Shared between the frames of one match, like Redis's `int *skipLongerMatches`. */
interface MatchState {
  skipLongerMatches: boolean;
}

function matchFrom(
  pattern: string,
  p: number,
  subject: string,
  s: number,
  nocase: boolean,
  state: MatchState,
  nesting: number,
): boolean {
  if (nesting > MAX_NESTING) return false;
  const pEnd = pattern.length;
  const sEnd = subject.length;
  while (p < pEnd && s < sEnd) {
    const pc = pattern.charCodeAt(p);
    switch (pc) {
      case STAR: {
        while (p + 1 < pEnd && pattern.charCodeAt(p + 1) === STAR) p++;
        if (p + 1 === pEnd) return true;
        while (s < sEnd) {
          if (matchFrom(pattern, p + 1, subject, s, nocase, state, nesting + 1)) return true;
          if (state.skipLongerMatches) return false;
          s++;
        }
        // The rest of the pattern matches nowhere in the rest of the subject, so letting an
        // earlier `*` swallow more cannot help either.
        state.skipLongerMatches = true;
        return false;
      }
      case QUESTION:
        s++;
        break;
      case OPEN: {
        p++;
        const negate = p < pEnd && pattern.charCodeAt(p) === CARET;
        if (negate) p++;
        const sc = subject.charCodeAt(s);
        let match = false;
        for (;;) {
          const left = pEnd - p;
          const c = left > 0 ? pattern.charCodeAt(p) : -1;
          if (c === BACKSLASH && left >= 2) {
            p++;
            if (pattern.charCodeAt(p) === sc) match = true;
          } else if (c === CLOSE) {
            break;
          } else if (left === 0) {
            // Unterminated class: step back onto the last pattern byte, which the common
            // `p++` below consumes.
            p--;
            break;
          } else if (left >= 3 && pattern.charCodeAt(p + 1) === DASH) {
            let start = signed(c);
            let end = signed(pattern.charCodeAt(p + 2));
            let ch = signed(sc);
            if (start > end) [start, end] = [end, start];
            if (nocase) {
              start = lower(start);
              end = lower(end);
              ch = lower(ch);
            }
            p += 2;
            if (ch >= start && ch <= end) match = true;
          } else if (nocase ? lower(c) === lower(sc) : c === sc) {
            match = true;
          }
          p++;
        }
        if (negate) match = !match;
        if (!match) return false;
        s++;
        break;
      }
      default: {
        // A backslash escapes the next byte; a trailing one stands for itself.
        if (pc === BACKSLASH && pEnd - p >= 2) p++;
        const c = pattern.charCodeAt(p);
        const sc = subject.charCodeAt(s);
        if (nocase ? lower(c) !== lower(sc) : c !== sc) return false;
        s++;
        break;
      }
    }
    p++;
    if (s === sEnd) {
      while (p < pEnd && pattern.charCodeAt(p) === STAR) p++;
      break;
    }
  }
  return p === pEnd && s === sEnd;
}

/** The general matcher: a faithful port of stringmatchlen. */
function matchGeneral(pattern: string, subject: string, nocase: boolean): boolean {
  return matchFrom(pattern, 0, subject, 0, nocase, { skipLongerMatches: false }, 0);
}

const SPECIAL = /[*?[\\]/;

/**
 * A matcher for one pattern, for matching it against many subjects (KEYS, SCAN). Literal patterns
 * and `prefix*` shapes, the common cases, skip the general matcher: they mean the same there.
 */
export function globMatcher(pattern: string, nocase = false): (subject: string) => boolean {
  let literalEnd = pattern.length;
  while (literalEnd > 0 && pattern.charCodeAt(literalEnd - 1) === STAR) literalEnd--;
  const literal = pattern.slice(0, literalEnd);
  if (!SPECIAL.test(literal)) {
    const starred = literalEnd < pattern.length;
    // Even `*` misses the empty subject in stringmatchlen (its loop never runs); KEYS and SCAN
    // special-case a lone `*` before they get here.
    if (starred && literalEnd === 0) return (subject) => subject.length > 0;
    if (!nocase) return starred ? (subject) => subject.startsWith(literal) : (subject) => subject === literal;
    const folded = asciiLower(literal);
    return starred
      ? (subject) => subject.length >= folded.length && asciiLower(subject.slice(0, folded.length)) === folded
      : (subject) => subject.length === folded.length && asciiLower(subject) === folded;
  }
  return (subject) => matchGeneral(pattern, subject, nocase);
}

/** Whether `subject` matches the glob `pattern` (Redis's stringmatchlen). */
export function globMatch(pattern: string, subject: string, nocase = false): boolean {
  return matchGeneral(pattern, subject, nocase);
}
