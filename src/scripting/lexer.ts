/**
 * The Lua 5.1 lexer: a port of llex.c (5.1.5, as Redis 7.0 embeds it), byte for byte, including
 * its error messages and the text it shows after `near`. The parser drives it the way lparser.c
 * drives llex: `next()` and `lookahead()` on `t` (the current token), with `linenumber` and
 * `lastline` as 5.1 keeps them (error positions and instruction lines depend on both).
 *
 * Source and token text are Bytes (binary strings), so char codes are bytes 0..255 and the C
 * ctype tests (C locale: Redis never sets LC_CTYPE) are plain ASCII ranges.
 */
import type { Bytes } from '../bytes.js';
import { stringToNumber } from './number-format.js';

// Token codes as llex.h numbers them: single-char tokens are their byte; reserved words and
// multi-char tokens start at FIRST_RESERVED. Plain constants rather than a const enum, so any
// transpiler handles them under isolatedModules.
export const FIRST_RESERVED = 257;
export const TK_AND = 257;
export const TK_BREAK = 258;
export const TK_DO = 259;
export const TK_ELSE = 260;
export const TK_ELSEIF = 261;
export const TK_END = 262;
export const TK_FALSE = 263;
export const TK_FOR = 264;
export const TK_FUNCTION = 265;
export const TK_IF = 266;
export const TK_IN = 267;
export const TK_LOCAL = 268;
export const TK_NIL = 269;
export const TK_NOT = 270;
export const TK_OR = 271;
export const TK_REPEAT = 272;
export const TK_RETURN = 273;
export const TK_THEN = 274;
export const TK_TRUE = 275;
export const TK_UNTIL = 276;
export const TK_WHILE = 277;
export const TK_CONCAT = 278;
export const TK_DOTS = 279;
export const TK_EQ = 280;
export const TK_GE = 281;
export const TK_LE = 282;
export const TK_NE = 283;
export const TK_NUMBER = 284;
export const TK_NAME = 285;
export const TK_STRING = 286;
export const TK_EOS = 287;

/** luaX_tokens, in token order. */
const TOKEN_NAMES = [
  'and', 'break', 'do', 'else', 'elseif',
  'end', 'false', 'for', 'function', 'if',
  'in', 'local', 'nil', 'not', 'or', 'repeat',
  'return', 'then', 'true', 'until', 'while',
  '..', '...', '==', '>=', '<=', '~=',
  '<number>', '<name>', '<string>', '<eof>',
];
const NUM_RESERVED = TK_WHILE - FIRST_RESERVED + 1;

const RESERVED = new Map<string, number>();
for (let i = 0; i < NUM_RESERVED; i++) RESERVED.set(TOKEN_NAMES[i]!, FIRST_RESERVED + i);

/** End of input, as lzio's EOZ. */
const EOZ = -1;
/** 5.1's MAX_INT limit on line numbers ("chunk has too many lines"). */
const MAX_INT = 2147483647 - 2;

/** A compile error, with the whole message as Lua 5.1 builds it (`user_script:1: ... near '...'`). */
export class LuaSyntaxError extends Error {
  override readonly name = 'LuaSyntaxError';
}

// C-locale ctype on bytes.
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isAlpha = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isAlnum = (c: number): boolean => isDigit(c) || isAlpha(c);
/** isspace: space, \t \n \v \f \r. */
const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);
const isCntrl = (c: number): boolean => c < 32 || c === 127;
const isXDigit = (c: number): boolean => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

/** luaX_token2str: how a token is named in messages (`char(N)` for control bytes). */
export function token2str(token: number): string {
  if (token < FIRST_RESERVED) return isCntrl(token) ? `char(${token})` : String.fromCharCode(token);
  return TOKEN_NAMES[token - FIRST_RESERVED]!;
}

/** A C string's view of a buffer: it stops at the first NUL byte (txtToken and strtod read it so). */
function cString(s: string): string {
  const z = s.indexOf('\0');
  return z < 0 ? s : s.slice(0, z);
}

export class Lexer {
  /** The current token and its semantic value (a number for TK_NUMBER, Bytes for TK_NAME/TK_STRING). */
  t = TK_EOS;
  tv: number | Bytes = 0;
  /** llex's buffer after the current token, for `near '...'` (names, numbers, strings with their delimiters). */
  traw = '';
  /** The look-ahead token (TK_EOS when there is none), as luaX_lookahead keeps it. */
  la = TK_EOS;
  private lav: number | Bytes = 0;
  private laraw = '';
  /** The line the lexer is on (after the last token read, current or look-ahead). */
  linenumber = 1;
  /** The line of the last token consumed (luaX_next sets it before reading on). */
  lastline = 1;

  private pos = 0;
  private current: number;
  /** Semantic value and buffer of the token llex just read. */
  private sv: number | Bytes = 0;
  private sraw = '';

  constructor(
    private readonly src: Bytes,
    /** The chunk name as luaO_chunkid shows it: `user_script` for Redis's `@user_script`. */
    readonly chunkname: string,
  ) {
    this.current = src.length > 0 ? src.charCodeAt(0) : EOZ;
  }

  /** The current token (a method, so TypeScript does not narrow it across next()). */
  tok(): number {
    return this.t;
  }

  /** luaX_next. */
  next(): void {
    this.lastline = this.linenumber;
    if (this.la !== TK_EOS) {
      this.t = this.la;
      this.tv = this.lav;
      this.traw = this.laraw;
      this.la = TK_EOS;
    } else {
      this.t = this.llex();
      this.tv = this.sv;
      this.traw = this.sraw;
    }
  }

  /** luaX_lookahead. */
  lookahead(): void {
    this.la = this.llex();
    this.lav = this.sv;
    this.laraw = this.sraw;
  }

  /** luaX_lexerror: `near` shows `nearText` when given (the token's buffer), else nothing (token 0). */
  error(msg: string, nearText?: string): never {
    let m = `${this.chunkname}:${this.linenumber}: ${msg}`;
    if (nearText !== undefined) m += ` near '${nearText}'`;
    throw new LuaSyntaxError(m);
  }

  /** luaX_syntaxerror: an error at the current token. */
  syntaxError(msg: string): never {
    this.error(msg, this.t === 0 ? undefined : this.txtToken(this.t));
  }

  /** txtToken: the buffer for names, numbers and strings (as a C string), the token's name otherwise. */
  txtToken(token: number): string {
    if (token === TK_NAME || token === TK_STRING || token === TK_NUMBER) return cString(this.traw);
    return token2str(token);
  }

  // ---- llex ------------------------------------------------------------------------------------

  /** The current byte (EOZ at the end). A method, so TypeScript does not narrow it across advance(). */
  private ch(): number {
    return this.current;
  }

  private advance(): void {
    const p = ++this.pos;
    this.current = p < this.src.length ? this.src.charCodeAt(p) : EOZ;
  }

  private currIsNewline(): boolean {
    return this.ch() === 10 || this.ch() === 13;
  }

  private inclinenumber(): void {
    const old = this.ch();
    this.advance(); // skip '\n' or '\r'
    if (this.currIsNewline() && this.ch() !== old) this.advance(); // '\n\r' or '\r\n'
    if (++this.linenumber >= MAX_INT) this.syntaxError('chunk has too many lines');
  }

  /**
   * skip_sep: at '[' or ']', counts the '='s. Returns the level when the same bracket follows, else
   * -count-1. The chars read are what 5.1 saves in its buffer (for messages): `[` then the '='s.
   */
  private skipSep(): number {
    let count = 0;
    const s = this.ch();
    this.advance();
    while (this.ch() === 61 /* = */) {
      this.advance();
      count++;
    }
    return this.ch() === s ? count : -count - 1;
  }

  private llex(): number {
    for (;;) {
      const c = this.ch();
      switch (c) {
        case 10:
        case 13:
          this.inclinenumber();
          continue;
        case 45: /* - */ {
          this.advance();
          if (this.ch() !== 45) return 45;
          // A comment.
          this.advance();
          if (this.ch() === 91 /* [ */) {
            const sep = this.skipSep();
            if (sep >= 0) {
              this.readLongString(sep, false);
              continue;
            }
          }
          while (!this.currIsNewline() && this.ch() !== EOZ) this.advance();
          continue;
        }
        case 91: /* [ */ {
          const sep = this.skipSep();
          if (sep >= 0) {
            this.readLongString(sep, true);
            return TK_STRING;
          }
          if (sep === -1) return 91;
          this.error('invalid long string delimiter', '[' + '='.repeat(-sep - 1));
        }
        // falls through (error() never returns)
        case 61: /* = */
          this.advance();
          if (this.ch() !== 61) return 61;
          this.advance();
          return TK_EQ;
        case 60: /* < */
          this.advance();
          if (this.ch() !== 61) return 60;
          this.advance();
          return TK_LE;
        case 62: /* > */
          this.advance();
          if (this.ch() !== 61) return 62;
          this.advance();
          return TK_GE;
        case 126: /* ~ */
          this.advance();
          if (this.ch() !== 61) return 126;
          this.advance();
          return TK_NE;
        case 34: /* " */
        case 39: /* ' */
          this.readString(c);
          return TK_STRING;
        case 46: /* . */ {
          const start = this.pos;
          this.advance();
          // check_next: strchr(set, current) also matches a NUL byte (the set's terminator), so
          // ".\0" lexes as "..", as in 5.1.
          if (this.ch() === 46 || this.ch() === 0) {
            this.advance();
            if (this.ch() === 46 || this.ch() === 0) {
              this.advance();
              return TK_DOTS;
            }
            return TK_CONCAT;
          }
          if (!isDigit(this.ch())) return 46;
          this.readNumeral(start);
          return TK_NUMBER;
        }
        case EOZ:
          return TK_EOS;
        default: {
          if (isSpace(c)) {
            this.advance();
            continue;
          }
          if (isDigit(c)) {
            this.readNumeral(this.pos);
            return TK_NUMBER;
          }
          if (isAlpha(c) || c === 95 /* _ */) {
            const start = this.pos;
            do this.advance();
            while (isAlnum(this.ch()) || this.ch() === 95);
            const word = this.src.slice(start, this.pos);
            const reserved = RESERVED.get(word);
            if (reserved !== undefined) return reserved;
            this.sv = word;
            this.sraw = word;
            return TK_NAME;
          }
          this.advance();
          return c; // single-char tokens (+ - / ...)
        }
      }
    }
  }

  /** read_numeral: digits and dots, an optional exponent sign, then any alphanumerics; then luaO_str2d. */
  private readNumeral(start: number): void {
    do this.advance();
    while (isDigit(this.ch()) || this.ch() === 46);
    // check_next("Ee") then check_next("+-"); a NUL byte matches any set (see above).
    if (this.ch() === 69 || this.ch() === 101 || this.ch() === 0) {
      this.advance();
      if (this.ch() === 43 || this.ch() === 45 || this.ch() === 0) this.advance();
    }
    while (isAlnum(this.ch()) || this.ch() === 95) this.advance();
    const text = this.src.slice(start, this.pos);
    this.sraw = text;
    const n = stringToNumber(text); // luaO_str2d reads the C string (up to any \0)
    if (n === undefined) this.error('malformed number', cString(text));
    this.sv = n;
  }

  /** read_long_string (a comment when !isString: its text is dropped). Starts at the 2nd '['. */
  private readLongString(sep: number, isString: boolean): void {
    let buf = '';
    this.advance(); // skip 2nd '['
    if (this.currIsNewline()) this.inclinenumber(); // a first newline is skipped
    let chunkStart = this.pos;
    for (;;) {
      const c = this.ch();
      if (c === EOZ) {
        this.error(isString ? 'unfinished long string' : 'unfinished long comment', '<eof>');
      } else if (c === 93 /* ] */) {
        const at = this.pos;
        if (this.skipSep() === sep) {
          if (isString) buf += this.src.slice(chunkStart, at);
          this.advance(); // skip 2nd ']'
          break;
        }
        // Not the closing bracket: what skip_sep read is content; the current char is re-examined.
      } else if (c === 10 || c === 13) {
        if (isString) buf += this.src.slice(chunkStart, this.pos) + '\n';
        this.inclinenumber();
        chunkStart = this.pos;
      } else {
        this.advance();
      }
    }
    if (isString) {
      const eq = '='.repeat(sep);
      this.sv = buf;
      this.sraw = `[${eq}[${buf}]${eq}]`;
    }
  }

  /** read_string: a quoted string with 5.1's escapes (\a \b \f \n \r \t \v, \ddd, \<newline>, \x for any other x). */
  private readString(del: number): void {
    const q = String.fromCharCode(del);
    let buf = '';
    this.advance();
    let chunkStart = this.pos;
    while (this.ch() !== del) {
      const c = this.ch();
      if (c === EOZ) {
        this.error('unfinished string', '<eof>');
      } else if (c === 10 || c === 13) {
        buf += this.src.slice(chunkStart, this.pos);
        this.error('unfinished string', cString(q + buf));
      } else if (c === 92 /* \ */) {
        buf += this.src.slice(chunkStart, this.pos);
        this.advance(); // the '\' is not saved
        const e = this.ch();
        let out: number;
        switch (e) {
          case 97: out = 7; break; // \a
          case 98: out = 8; break; // \b
          case 102: out = 12; break; // \f
          case 110: out = 10; break; // \n
          case 114: out = 13; break; // \r
          case 116: out = 9; break; // \t
          case 118: out = 11; break; // \v
          case 10:
          case 13:
            buf += '\n';
            this.inclinenumber();
            chunkStart = this.pos;
            continue;
          case EOZ:
            chunkStart = this.pos;
            continue; // raises "unfinished string" on the next round
          default: {
            if (!isDigit(e)) {
              out = e; // \\, \", \', \? and any other char stand for themselves
              break;
            }
            let i = 0;
            let v = 0;
            do {
              v = 10 * v + (this.ch() - 48);
              this.advance();
            } while (++i < 3 && isDigit(this.ch()));
            if (v > 255) this.error('escape sequence too large', cString(q + buf));
            buf += String.fromCharCode(v);
            chunkStart = this.pos;
            continue;
          }
        }
        buf += String.fromCharCode(out);
        this.advance();
        chunkStart = this.pos;
      } else {
        this.advance();
      }
    }
    buf += this.src.slice(chunkStart, this.pos);
    this.advance(); // skip the closing delimiter
    this.sv = buf;
    this.sraw = q + buf + q;
  }
}

/** For callers that classify bytes as 5.1's lexer does (e.g. a runtime's `%x` checks). */
export const ctype = { isDigit, isAlpha, isAlnum, isSpace, isCntrl, isXDigit };
