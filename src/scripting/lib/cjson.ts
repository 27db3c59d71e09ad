/**
 * lua-cjson 2.1.0 (`cjson.*`) as Redis 7.0 builds it (deps/lua/src/lua_cjson.c with fpconv's
 * snprintf/strtod): encode/decode and the configuration functions, over the values of
 * ../values.ts. Errors follow the convention documented in ../lauxlib.ts (bare luaL_error texts).
 *
 * Known differences from Redis, all needing the real runtime:
 *  - cjson.null is a lightuserdata (`CJSON_NULL`, a LuaUserdata): every decoded JSON null is
 *    that same object, and encode/cmsgpack.pack treat it as null/nil, as Redis does.
 *  - Objects are encoded in our table order (array part, then hash keys in insertion order), not
 *    Lua 5.1's internal hash order.
 *  - Lua stack exhaustion (LUAI_MAXCSTACK) is modelled for decode (nesting beyond ~8000 slots
 *    when decode_max_depth is raised) but not for encode with a raised encode_max_depth.
 */
import { LuaError, LuaTable, LuaUserdata, type LuaValue, luaType } from '../values.js';
import { LuaLibraryError, argError, checkInteger, checkString, libFunction } from '../lauxlib.js';
import { formatG, strtod } from '../number-format.js';

/** A Lua lightuserdata: a bare pointer value. Only cjson.null (the NULL pointer) exists in Redis. */
export { LuaUserdata as LuaLightUserdata };

/** cjson.null and every JSON null cjson.decode produces: lightuserdata NULL. */
export const CJSON_NULL = new LuaUserdata(0);

/** Lua's type name for messages ("Cannot serialise <type>: ..."). */
const typeName = luaType;

interface Config {
  encodeSparseConvert: number;
  encodeSparseRatio: number;
  encodeSparseSafe: number;
  encodeMaxDepth: number;
  decodeMaxDepth: number;
  /** 0 = refuse NaN/Inf, 1 = encode them ("nan", "inf"), 2 = encode them as null. */
  encodeInvalidNumbers: number;
  decodeInvalidNumbers: number;
  encodeKeepBuffer: number;
  encodeNumberPrecision: number;
}

function defaultConfig(): Config {
  return {
    encodeSparseConvert: 0,
    encodeSparseRatio: 2,
    encodeSparseSafe: 10,
    encodeMaxDepth: 1000,
    decodeMaxDepth: 1000,
    encodeInvalidNumbers: 0,
    decodeInvalidNumbers: 1,
    encodeKeepBuffer: 1,
    encodeNumberPrecision: 14,
  };
}

/** LUAI_MAXCSTACK: lua_checkstack refuses to grow a C function's frame beyond this many slots. */
const LUAI_MAXCSTACK = 8000;

// ---------------------------------------------------------------------------------------------
// Encoding
// ---------------------------------------------------------------------------------------------

/** char2escape: '"', '\\', '/', control characters and DEL are escaped; bytes >= 0x80 pass through. */
const ESCAPES: (string | undefined)[] = [];
for (let c = 0; c < 32; c++) ESCAPES[c] = `\\u${c.toString(16).padStart(4, '0')}`;
ESCAPES[8] = '\\b';
ESCAPES[9] = '\\t';
ESCAPES[10] = '\\n';
ESCAPES[12] = '\\f';
ESCAPES[13] = '\\r';
ESCAPES[34] = '\\"';
ESCAPES[47] = '\\/';
ESCAPES[92] = '\\\\';
ESCAPES[127] = '\\u007f';

// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /["\\/\x00-\x1f\x7f]/;

function encodeString(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return `"${s}"`;
  let out = '"';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const esc = ESCAPES[s.charCodeAt(i)];
    if (esc !== undefined) {
      out += s.slice(from, i) + esc;
      from = i + 1;
    }
  }
  return `${out}${s.slice(from)}"`;
}

/** `(int)k` for a double on x86-64: truncation, INT_MIN when out of range (cvttsd2si). */
function cInt(k: number): number {
  return k > -2147483649 && k < 2147483648 ? Math.trunc(k) : -2147483648;
}


function encodeError(v: LuaValue, reason: string): LuaError {
  return new LuaLibraryError(`Cannot serialise ${typeName(v)}: ${reason}`);
}

class Encoder {
  out: string[] = [];
  constructor(private readonly cfg: Config) {}

  number(n: number): string {
    const cfg = this.cfg;
    if (cfg.encodeInvalidNumbers === 0) {
      if (!Number.isFinite(n)) throw encodeError(n, 'must not be NaN or Inf');
    } else if (cfg.encodeInvalidNumbers === 1) {
      if (Number.isNaN(n)) return 'nan';
    } else if (!Number.isFinite(n)) {
      return 'null';
    }
    return formatG(n, cfg.encodeNumberPrecision);
  }

  /** lua_array_length: the array size when every key is a positive integer, else -1 (object). */
  arrayLength(t: LuaTable): number {
    let max = 0;
    let items = 0;
    for (const [k] of t.entries()) {
      // `(k = lua_tonumber(l, -2))` is false for 0, so 0 makes an object like any other key.
      if (typeof k === 'number' && k !== 0 && Math.floor(k) === k && k >= 1) {
        if (k > max) max = cInt(k);
        items++;
        continue;
      }
      return -1;
    }
    const cfg = this.cfg;
    if (cfg.encodeSparseRatio > 0 && max > items * cfg.encodeSparseRatio && max > cfg.encodeSparseSafe) {
      if (!cfg.encodeSparseConvert) throw encodeError(t, 'excessively sparse array');
      return -1;
    }
    return max;
  }

  data(v: LuaValue, depth: number): void {
    const out = this.out;
    switch (typeof v) {
      case 'string':
        out.push(encodeString(v));
        return;
      case 'number':
        out.push(this.number(v));
        return;
      case 'boolean':
        out.push(v ? 'true' : 'false');
        return;
      case 'undefined':
        out.push('null');
        return;
      case 'function':
        throw encodeError(v, 'type not supported');
    }
    if (!(v instanceof LuaTable)) {
      if (v instanceof LuaUserdata && v.address === 0) {
        out.push('null');
        return;
      }
      throw encodeError(v, 'type not supported');
    }
    depth++;
    if (depth > this.cfg.encodeMaxDepth) throw new LuaLibraryError(`Cannot serialise, excessive nesting (${depth})`);
    const len = this.arrayLength(v);
    if (len > 0) {
      out.push('[');
      for (let i = 1; i <= len; i++) {
        if (i > 1) out.push(',');
        this.data(v.get(i), depth);
      }
      out.push(']');
      return;
    }
    out.push('{');
    let comma = false;
    for (const [k, val] of v.entries()) {
      if (comma) out.push(',');
      else comma = true;
      if (typeof k === 'number') out.push(`"${this.number(k)}":`);
      else if (typeof k === 'string') out.push(`${encodeString(k)}:`);
      else throw encodeError(k, 'table key must be a number or string');
      this.data(val, depth);
    }
    out.push('}');
  }
}

/** cjson.encode with a configuration (Redis's defaults when omitted). */
export function jsonEncode(v: LuaValue, cfg: Config = defaultConfig()): string {
  const e = new Encoder(cfg);
  e.data(v, 0);
  return e.out.join('');
}

// ---------------------------------------------------------------------------------------------
// Decoding
// ---------------------------------------------------------------------------------------------

const enum T {
  OBJ_BEGIN,
  OBJ_END,
  ARR_BEGIN,
  ARR_END,
  STRING,
  NUMBER,
  BOOLEAN,
  NULL,
  COLON,
  COMMA,
  END,
  WHITESPACE,
  ERROR,
  UNKNOWN,
}

const TOKEN_NAMES = [
  'T_OBJ_BEGIN',
  'T_OBJ_END',
  'T_ARR_BEGIN',
  'T_ARR_END',
  'T_STRING',
  'T_NUMBER',
  'T_BOOLEAN',
  'T_NULL',
  'T_COLON',
  'T_COMMA',
  'T_END',
  'T_WHITESPACE',
  'T_ERROR',
  'T_UNKNOWN',
];

const CH2TOKEN: T[] = new Array<T>(256).fill(T.ERROR);
CH2TOKEN[123] = T.OBJ_BEGIN;
CH2TOKEN[125] = T.OBJ_END;
CH2TOKEN[91] = T.ARR_BEGIN;
CH2TOKEN[93] = T.ARR_END;
CH2TOKEN[44] = T.COMMA;
CH2TOKEN[58] = T.COLON;
CH2TOKEN[0] = T.END;
for (const c of [32, 9, 10, 13]) CH2TOKEN[c] = T.WHITESPACE;
for (const ch of 'fiInNt"+-0123456789') CH2TOKEN[ch.charCodeAt(0)] = T.UNKNOWN;

const ESCAPE2CHAR: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  t: '\t',
  n: '\n',
  f: '\f',
  r: '\r',
};

interface Token {
  type: T;
  index: number;
  /** string value, or the error text for T.ERROR */
  str?: string;
  num?: number;
  bool?: boolean;
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  if (l >= 97 && l <= 102) return 10 + l - 97;
  return -1;
}

function codepointToUtf8(cp: number): string {
  if (cp <= 0x7f) return String.fromCharCode(cp);
  if (cp <= 0x7ff) return String.fromCharCode((cp >> 6) | 0xc0, (cp & 0x3f) | 0x80);
  if (cp <= 0xffff) return String.fromCharCode((cp >> 12) | 0xe0, ((cp >> 6) & 0x3f) | 0x80, (cp & 0x3f) | 0x80);
  return String.fromCharCode(
    (cp >> 18) | 0xf0,
    ((cp >> 12) & 0x3f) | 0x80,
    ((cp >> 6) & 0x3f) | 0x80,
    (cp & 0x3f) | 0x80,
  );
}

class Decoder {
  ptr = 0;
  depth = 0;
  /** Lua stack slots in use above the C function's base (the argument is slot 1). */
  top = 1;
  constructor(
    /** The JSON text, cut at its first NUL byte: C reads it as a NUL-terminated string. */
    private readonly s: string,
    private readonly cfg: Config,
  ) {}

  /** The byte at i, 0 past the end (the C string's terminator). */
  private at(i: number): number {
    return i < this.s.length ? this.s.charCodeAt(i) : 0;
  }

  private setError(tok: Token, msg: string): void {
    tok.type = T.ERROR;
    tok.index = this.ptr;
    tok.str = msg;
  }

  private decodeHex4(i: number): number {
    let v = 0;
    for (let k = 0; k < 4; k++) {
      const d = hexDigit(this.at(i + k));
      if (d < 0) return -1;
      v = (v << 4) | d;
    }
    return v;
  }

  /** json_append_unicode_escape: the UTF-8 bytes, advancing ptr, or undefined on error. */
  private unicodeEscape(): string | undefined {
    let cp = this.decodeHex4(this.ptr + 2);
    if (cp < 0) return undefined;
    let escLen = 6;
    if ((cp & 0xf800) === 0xd800) {
      if (cp & 0x400) return undefined; // a low surrogate first
      if (this.at(this.ptr + 6) !== 92 || this.at(this.ptr + 7) !== 117) return undefined;
      const low = this.decodeHex4(this.ptr + 8);
      if (low < 0 || (low & 0xfc00) !== 0xdc00) return undefined;
      cp = (((cp & 0x3ff) << 10) | (low & 0x3ff)) + 0x10000;
      escLen = 12;
    }
    this.ptr += escLen;
    return codepointToUtf8(cp);
  }

  private stringToken(tok: Token): void {
    this.ptr++; // the opening quote
    let out = '';
    let from = this.ptr;
    for (;;) {
      const ch = this.at(this.ptr);
      if (ch === 34) break;
      if (ch === 0) {
        this.setError(tok, 'unexpected end of string');
        return;
      }
      if (ch === 92) {
        out += this.s.slice(from, this.ptr);
        const e = String.fromCharCode(this.at(this.ptr + 1));
        if (e === 'u') {
          const u = this.unicodeEscape();
          if (u === undefined) {
            this.setError(tok, 'invalid unicode escape code');
            return;
          }
          out += u;
          from = this.ptr;
          continue;
        }
        const t = ESCAPE2CHAR[e];
        if (t === undefined) {
          this.setError(tok, 'invalid escape code');
          return;
        }
        out += t;
        this.ptr += 2;
        from = this.ptr;
        continue;
      }
      this.ptr++;
    }
    out += this.s.slice(from, this.ptr);
    this.ptr++; // the closing quote
    tok.type = T.STRING;
    tok.str = out;
  }

  /** json_is_invalid_number: text strtod accepts but strict JSON does not (+, hex, leading 0, inf, nan). */
  private isInvalidNumber(): boolean {
    let p = this.ptr;
    if (this.at(p) === 43) return true;
    if (this.at(p) === 45) p++;
    const c = this.at(p);
    if (c === 48) {
      const c2 = this.at(p + 1);
      return (c2 | 0x20) === 120 || (c2 >= 48 && c2 <= 57);
    }
    if (c <= 57) return false;
    const word = this.s.slice(p, p + 3).toLowerCase();
    return word === 'inf' || word === 'nan';
  }

  private numberToken(tok: Token): void {
    tok.type = T.NUMBER;
    const r = strtod(this.s, this.ptr);
    if (r.end === this.ptr) this.setError(tok, 'invalid number');
    else {
      tok.num = r.value;
      this.ptr = r.end;
    }
  }

  next(): Token {
    let ch: number;
    let type: T;
    for (;;) {
      ch = this.at(this.ptr);
      type = CH2TOKEN[ch]!;
      if (type !== T.WHITESPACE) break;
      this.ptr++;
    }
    const tok: Token = { type, index: this.ptr };
    if (type === T.ERROR) {
      this.setError(tok, 'invalid token');
      return tok;
    }
    if (type === T.END) return tok;
    if (type !== T.UNKNOWN) {
      this.ptr++;
      return tok;
    }
    const s = this.s;
    const p = this.ptr;
    if (ch === 34) {
      this.stringToken(tok);
    } else if (ch === 45 || (ch >= 48 && ch <= 57)) {
      if (!this.cfg.decodeInvalidNumbers && this.isInvalidNumber()) this.setError(tok, 'invalid number');
      else this.numberToken(tok);
    } else if (s.startsWith('true', p)) {
      tok.type = T.BOOLEAN;
      tok.bool = true;
      this.ptr += 4;
    } else if (s.startsWith('false', p)) {
      tok.type = T.BOOLEAN;
      tok.bool = false;
      this.ptr += 5;
    } else if (s.startsWith('null', p)) {
      tok.type = T.NULL;
      this.ptr += 4;
    } else if (this.cfg.decodeInvalidNumbers && this.isInvalidNumber()) {
      this.numberToken(tok);
    } else {
      this.setError(tok, 'invalid token');
    }
    return tok;
  }

  parseError(expected: string, tok: Token): LuaError {
    const found = tok.type === T.ERROR ? tok.str! : TOKEN_NAMES[tok.type]!;
    return new LuaLibraryError(`Expected ${expected} but found ${found} at character ${tok.index + 1}`);
  }

  private descend(slots: number): void {
    this.depth++;
    if (this.depth <= this.cfg.decodeMaxDepth && this.top + slots <= LUAI_MAXCSTACK) return;
    throw new LuaLibraryError(`Found too many nested data structures (${this.depth}) at character ${this.ptr}`);
  }

  private object(): LuaTable {
    this.descend(3);
    const t = new LuaTable();
    this.top++; // the table
    let tok = this.next();
    if (tok.type === T.OBJ_END) {
      this.depth--;
      this.top--;
      return t;
    }
    for (;;) {
      if (tok.type !== T.STRING) throw this.parseError('object key string', tok);
      const key = tok.str!;
      this.top++; // the key
      tok = this.next();
      if (tok.type !== T.COLON) throw this.parseError('colon', tok);
      tok = this.next();
      t.set(key, this.value(tok));
      this.top--;
      tok = this.next();
      if (tok.type === T.OBJ_END) {
        this.depth--;
        this.top--;
        return t;
      }
      if (tok.type !== T.COMMA) throw this.parseError('comma or object end', tok);
      tok = this.next();
    }
  }

  private array(): LuaTable {
    this.descend(2);
    const t = new LuaTable();
    this.top++;
    let tok = this.next();
    if (tok.type === T.ARR_END) {
      this.depth--;
      this.top--;
      return t;
    }
    for (let i = 1; ; i++) {
      // lua_rawseti(l, -2, i): the array part grows as 5.1 rehashes it (values are never nil).
      t.set(i, this.value(tok));
      tok = this.next();
      if (tok.type === T.ARR_END) {
        this.depth--;
        this.top--;
        return t;
      }
      if (tok.type !== T.COMMA) throw this.parseError('comma or array end', tok);
      tok = this.next();
    }
  }

  value(tok: Token): Exclude<LuaValue, undefined> {
    switch (tok.type) {
      case T.STRING:
        return tok.str!;
      case T.NUMBER:
        return tok.num!;
      case T.BOOLEAN:
        return tok.bool!;
      case T.OBJ_BEGIN:
        return this.object();
      case T.ARR_BEGIN:
        return this.array();
      case T.NULL:
        return CJSON_NULL;
      default:
        throw this.parseError('value', tok);
    }
  }
}

/** cjson.decode with a configuration (Redis's defaults when omitted). */
export function jsonDecode(text: string, cfg: Config = defaultConfig()): LuaValue {
  if (text.length >= 2 && (text.charCodeAt(0) === 0 || text.charCodeAt(1) === 0)) {
    throw new LuaLibraryError('JSON parser does not support UTF-16 or UTF-32');
  }
  const nul = text.indexOf('\0');
  const d = new Decoder(nul < 0 ? text : text.slice(0, nul), cfg);
  const v = d.value(d.next());
  const end = d.next();
  if (end.type !== T.END) throw d.parseError('the end', end);
  return v;
}

// ---------------------------------------------------------------------------------------------
// The module table
// ---------------------------------------------------------------------------------------------

const INT_MAX = 2147483647;

/** json_arg_init: at most `n` arguments ("found too many arguments" names argument n + 1). */
function argInit(fname: string, args: readonly LuaValue[], n: number): void {
  if (args.length > n) throw argError(fname, n + 1, 'found too many arguments');
}

/** `int value = luaL_checkinteger(...)`: the 64-bit integer's low 32 bits, signed. */
function cIntFromInteger(n: number): number {
  return Number(BigInt.asIntN(32, BigInt(n)));
}

function integerOption(
  fname: string,
  args: readonly LuaValue[],
  i: number,
  get: () => number,
  set: (v: number) => void,
  min: number,
  max: number,
): LuaValue {
  if (args[i - 1] !== undefined) {
    const v = cIntFromInteger(checkInteger(fname, args, i));
    // lua-cjson checks the range against argument #1 whatever the option's position.
    if (!(min <= v && v <= max)) throw argError(fname, 1, `expected integer between ${min} and ${max}`);
    set(v);
  }
  return get();
}

/** luaL_checkoption. */
function checkOption(fname: string, args: readonly LuaValue[], i: number, options: readonly string[]): number {
  const name = checkString(fname, args, i);
  const k = options.indexOf(name);
  if (k < 0) throw argError(fname, i, `invalid option '${name}'`);
  return k;
}

function enumOption(
  fname: string,
  args: readonly LuaValue[],
  i: number,
  get: () => number,
  set: (v: number) => void,
  options: readonly string[] = ['off', 'on'],
): LuaValue {
  const v = args[i - 1];
  if (v !== undefined) set(typeof v === 'boolean' ? (v ? 1 : 0) : checkOption(fname, args, i, options));
  const s = get();
  return s === 0 || s === 1 ? s === 1 : options[s];
}

/**
 * A fresh `cjson` table with its own configuration (Redis registers one as the global `cjson`;
 * `cjson.new()` makes another, as lua-cjson does).
 */
export function createCjsonLib(): LuaTable {
  const cfg = defaultConfig();
  const lib = new LuaTable();
  const add = (name: string, fn: (args: LuaValue[]) => LuaValue[]) => lib.set(name, libFunction(name, fn));

  add('encode', (args) => {
    if (args.length !== 1) throw argError('encode', 1, 'expected 1 argument');
    return [jsonEncode(args[0], cfg)];
  });
  add('decode', (args) => {
    if (args.length !== 1) throw argError('decode', 1, 'expected 1 argument');
    return [jsonDecode(checkString('decode', args, 1), cfg)];
  });
  add('encode_sparse_array', (args) => {
    const f = 'encode_sparse_array';
    argInit(f, args, 3);
    return [
      enumOption(f, args, 1, () => cfg.encodeSparseConvert, (v) => (cfg.encodeSparseConvert = v)),
      integerOption(f, args, 2, () => cfg.encodeSparseRatio, (v) => (cfg.encodeSparseRatio = v), 0, INT_MAX),
      integerOption(f, args, 3, () => cfg.encodeSparseSafe, (v) => (cfg.encodeSparseSafe = v), 0, INT_MAX),
    ];
  });
  add('encode_max_depth', (args) => {
    argInit('encode_max_depth', args, 1);
    return [
      integerOption('encode_max_depth', args, 1, () => cfg.encodeMaxDepth, (v) => (cfg.encodeMaxDepth = v), 1, INT_MAX),
    ];
  });
  add('decode_max_depth', (args) => {
    argInit('decode_max_depth', args, 1);
    return [
      integerOption('decode_max_depth', args, 1, () => cfg.decodeMaxDepth, (v) => (cfg.decodeMaxDepth = v), 1, INT_MAX),
    ];
  });
  add('encode_number_precision', (args) => {
    const f = 'encode_number_precision';
    argInit(f, args, 1);
    return [integerOption(f, args, 1, () => cfg.encodeNumberPrecision, (v) => (cfg.encodeNumberPrecision = v), 1, 14)];
  });
  add('encode_keep_buffer', (args) => {
    // Only changes whether lua-cjson reuses its buffer: nothing observable besides the setting.
    argInit('encode_keep_buffer', args, 1);
    return [enumOption('encode_keep_buffer', args, 1, () => cfg.encodeKeepBuffer, (v) => (cfg.encodeKeepBuffer = v))];
  });
  add('encode_invalid_numbers', (args) => {
    const f = 'encode_invalid_numbers';
    argInit(f, args, 1);
    return [
      enumOption(f, args, 1, () => cfg.encodeInvalidNumbers, (v) => (cfg.encodeInvalidNumbers = v), ['off', 'on', 'null']),
    ];
  });
  add('decode_invalid_numbers', (args) => {
    const f = 'decode_invalid_numbers';
    argInit(f, args, 1);
    return [enumOption(f, args, 1, () => cfg.decodeInvalidNumbers, (v) => (cfg.decodeInvalidNumbers = v))];
  });
  add('new', () => [createCjsonLib()]);
  lib.set('null', CJSON_NULL);
  lib.set('_NAME', 'cjson');
  lib.set('_VERSION', '2.1.0');
  return lib;
}

export type { Config as CjsonConfig };
export { defaultConfig as defaultCjsonConfig };
