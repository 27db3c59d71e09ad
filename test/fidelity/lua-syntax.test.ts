/**
 * The Lua 5.1 front end (src/scripting/lexer.ts, parser.ts) against the oracle's compiler: every
 * snippet goes to redis-server 7.0, and our parser must fail with exactly Redis's compile error
 * (after `ERR Error compiling script (new function): `) or accept what Redis compiles.
 *
 * The hand-written corpus runs with EVAL (its snippets end quickly and touch no keys); generated
 * token soups and mutated programs go through SCRIPT LOAD, which compiles with the same function
 * (luaCreateFunction) but never runs the script, so a generated `while 1 do end` cannot hang the
 * oracle.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ErrorReply, type Reply } from '../../src/reply.js';
import { LuaSyntaxError, parse } from '../../src/scripting/parser.js';
import { oracleConnection } from '../support/differential.js';
import { hasOracle } from '../support/oracle.js';

const PREFIX = 'ERR Error compiling script (new function): ';

const rep = (s: string, n: number, sep = ''): string => Array.from({ length: n }, () => s).join(sep);
const names = (n: number, p = 'a'): string => Array.from({ length: n }, (_, i) => `${p}${i}`).join(', ');
const nest = (n: number): string => `return ${'('.repeat(n)}1${')'.repeat(n)}`;
/** A function with n upvalues (locals of the enclosing function). */
const upvalues = (n: number): string =>
  `local ${names(n, 'u')} return function() return ${Array.from({ length: n }, (_, i) => `u${i}`).join(' + ')} end`;

/** Hand-written snippets: every lexer and parser error kind, limits at their boundaries, and valid programs. */
export const CORPUS: string[] = [
  // --- lexer: strings
  'return "abc',
  "return 'abc\ny'",
  'return "abc\r\n"',
  'return "\\300"',
  'return "ab\\256cd"',
  'return "\\255\\0\\1"',
  'return "\\0012"',
  'return "a\\\nb"',
  'return "a\\\r\nb", 2',
  'return "\\a\\b\\f\\n\\r\\t\\v\\\\\\"\\\'\\?\\z\\x41"',
  'return "a\\',
  'x = "a\\0b" "c"',
  'x = "\\65\\066\\0677" y',
  "x = 'a' 'b'",
  'x = "é" ~',
  // --- lexer: long strings and comments
  'return [[abc]]',
  'return [[\nabc]]',
  'return [==[ a ]] ]=] ]==]',
  'return [=[]]]=]',
  'x = [[ a [[ b ]] ]]',
  'x = [==[ abc',
  'x = [==[ abc ]=]',
  'x = [=x',
  'x = [==',
  'x = [',
  'x = 1 [[a\nb]]',
  '--[[ unfinished comment',
  '--[==[ x ]==] return 1',
  'return 1 --[[ unterminated\n',
  "return 'a' --[==[ x ]=] ]==] .. 'b'",
  '--[==x\nreturn 2',
  '-- only a comment',
  '',
  '   \t\v\f  ',
  // --- lexer: numbers
  'return 1e',
  'return 1e+',
  'return 1e5x',
  'return 0x',
  'return 0xg',
  'return 3..4',
  'return 1.2.3',
  'return 0x1p4',
  'return 0x1P-2',
  'return 0X1e5',
  'return .5',
  'return 5.',
  'return 0x10',
  'return 1_000',
  'return 08',
  'return 1e400',
  'return 2^53+1',
  'return 0xffffffffffffffffffff',
  'return 1 .. 2',
  'return 1..2',
  'return 1e5.5',
  'x = .',
  'x = a .1',
  // --- lexer: odd bytes
  'x = @',
  'x = \u0001',
  'x = \u0000',
  'x = \u007f',
  'x = ä',
  'x = ~',
  'x = $y',
  'return 1\u0000',
  "return 'a' .\u0000 'b'",
  'x = `a`',
  // --- lexer: lines
  'x = 1\r\n\r\ny = = 2',
  'x = 1\n\r\n\ry = = 2',
  'x = 1\r\r\ry = = 2',
  '--[[\n\n]] x = = 1',
  'x = [[\n\n\n]] = 2',
  'x = "a\\\n\\\nb" = 2',
  // --- parser: expressions
  'x = 1 +',
  'x = 1 // 2',
  'x = a and or b',
  'x = not',
  'x = - - 1',
  'return 2^-3, 2^3^2, -2^2, not nil == true',
  'return 1 .. 2 .. 3',
  'x = #',
  'x = 1 == == 2',
  'x = a..',
  'x = "a":upper()',
  'return ("a"):upper()',
  'x = nil.a',
  'x = function end',
  'x = function() end()',
  'x = function(a, b, ...) return a, b, ... end',
  'x = {1, 2, 3',
  'x = {1\n2}',
  'x = {1 2}',
  'x = {[1] 2}',
  'x = {a = }',
  'x = {,}',
  'x = {1,,2}',
  'x = {1;2,}',
  'x = {a = 1, ["b"] = 2, 3; f = function() end, {}, }',
  'x = {a b}',
  'x = {a.b = 1}',
  'x = {[1] = 2 = 3}',
  'return a.b.c.d(1)(2):e"f"{g}[h]',
  'return f{1}, f"x", f[[x]], f{}',
  'return a:b',
  'return a:b.c()',
  'return a:(1)',
  'return ...',
  'return (...)',
  'function f() return ... end',
  'function f(...) return function() return ... end end',
  'local function f(...) return arg end return f',
  'x = (1',
  'x = (1\n\n',
  'x = ((1)',
  // --- parser: statements
  'f(',
  'f(1',
  'f(1\n\n',
  'f(1,)',
  'f(,1)',
  'local x = f\n(g)()',
  'local x = f\n"s"',
  'local x = f\n{1}',
  'f\n(1)',
  'function f() return 1',
  'function f()\n return 1',
  'if x then',
  'if x then\n else',
  'if x then elseif y then else end',
  'if x then elseif',
  'if x return 1 end',
  'if x then return 1 else return 2 end',
  'while true do',
  'while x',
  'for i=1,2 do',
  'for i do end',
  'for 1 = 1, 2 do end',
  'for i = 1 do end',
  'for i = 1, 2, 3, 4 do end',
  'for a, b = 1, 2 do end',
  'for a, 1 in pairs(t) do end',
  'for a, b in pairs(t) do local c = a end',
  'for i = 1, 0 do local j = i end',
  'repeat x = 1',
  'repeat local x = 1 until x == 1',
  'repeat until',
  'do',
  'do end end',
  'local 1',
  'local end = 1',
  'local function 1',
  'local function f',
  'local function f() return f end return 1',
  'local x <const> = 1',
  'local a, b, = 1',
  'local a, b = 1, 2, 3',
  'a, = 1',
  'a, b = 1',
  'a.b.c = 1',
  'a[1][2] = 3',
  'a[1 = 3',
  'function f(a, 1) end',
  'function f(..., a) end',
  'function f(a, a) end',
  'function a.b:c.d() end',
  'function a.b.c:d(x) return self, x end',
  'function a:b:c() end',
  'function () end',
  'function f.1() end',
  'local t = {} function t:m(a) return self, a end return 1',
  'break',
  'do break end',
  'while true do break x = 1 end',
  'while false do if x then break end end',
  'repeat break until true',
  'for i = 1, 1 do do break end end',
  'function f() break end',
  'return return',
  'return 1; return 2',
  'return;',
  'return 1 2',
  'return 1 print(2)',
  'return\nend',
  'x = 1;;',
  ';',
  'f() = 1',
  'x, f() = 1',
  '(a) = 1',
  '(a).b = 1',
  'a.b:c = 1',
  'a:b',
  'a:b = 1',
  'f 1',
  'goto x',
  '::x::',
  'x',
  'x.y.z',
  'x = 1 y = 2',
  'nil = 1',
  'true()',
  'a = b = c',
  'elseif',
  'end',
  'until x',
  'else',
  'then',
  'in',
  'x = 1 )',
  '"x"',
  '1',
  // --- limits
  nest(198),
  nest(199),
  `local ${names(200)}`,
  `local ${names(201)}`,
  `local function f() local ${names(201)} end`,
  `local ${names(197)} for i = 1, 2 do end`,
  `local ${names(196)} for i = 1, 2 do end`,
  `local ${names(196)} for k, v in next, {} do end`,
  `local function f(...) local ${names(199)} end`,
  `local function f(...) local ${names(198)} end`,
  upvalues(60),
  upvalues(61),
  `${names(199)} = 1`,
  `${names(200)} = 1`,
  `${names(201)} = 1`,
  `do ${names(199)} = 1 end`,
  `do ${names(198)} = 1 end`,
  `f(${rep('1', 246, ',')})`,
  `f(${rep('1', 247, ',')})`,
  `f(${rep('1', 248, ',')})`,
  `f(${rep('1', 249, ',')})`,
  `f(${rep('x', 248, ',')})`,
  `f(${rep('x', 249, ',')})`,
  `return ${rep('1', 248, ',')}`,
  `return ${rep('1', 249, ',')}`,
  `return ${rep('1', 250, ',')}`,
  `local t = {${rep('1', 400, ',')}}`,
  `local ${names(100)} f(${rep('1', 148, ',')})`,
  `local ${names(100)} f(${rep('1', 149, ',')})`,
  `local ${names(100)} f(${rep('1', 150, ',')})`,
  `return ${rep('"a"', 197, '..')}`,
  `return ${rep('"a"', 198, '..')}`,
  // --- valid programs
  'local x = 1 local y = x return y',
  "return redis.call('PING')",
  'local t = {} for i = 1, 10 do t[#t + 1] = i * 2 end return t',
  'local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end return fib(10)',
  'local s = 0 for k, v in ipairs({1, 2, 3}) do s = s + v end return s',
  'local i = 0 repeat i = i + 1 until i >= 3 return i',
  'local a, b = 1 return {a, b}',
  'do local x = 1 end return x',
  'return select("#", ...)',
  'local mt = {__index = function(t, k) return k end} return setmetatable({}, mt).foo',
  'return tostring(1/0) .. tostring(-1/0)',
  "local ok, err = pcall(error, 'x') return err",
  'return #KEYS + #ARGV',
  'local x = 1 x = x + 1; return x',
  'return (function(...) return select("#", ...) end)(1, 2, 3)',
  'return nil',
  'if false then elseif false then else return 3 end',
  'local t = {f = function(self, a) return a end} return t:f(5)',
];

/** What the oracle says about a snippet: its compile error (without Redis's prefix), or undefined when it compiled. */
function compileError(r: Reply): string | undefined {
  if (r instanceof ErrorReply && r.message.startsWith(PREFIX)) return r.message.slice(PREFIX.length);
  return undefined;
}

/** Our verdict, as Redis would show it (its error replies turn CR and LF into spaces). */
function ours(src: string): string | undefined {
  try {
    parse(src);
    return undefined;
  } catch (e) {
    if (!(e instanceof LuaSyntaxError)) throw e;
    return e.message.replace(/[\r\n]/g, ' ');
  }
}

function mismatches(sources: string[], replies: Reply[]): string[] {
  const out: string[] = [];
  sources.forEach((src, i) => {
    const want = compileError(replies[i]!);
    const got = ours(src);
    if (want !== got) out.push(`${JSON.stringify(src.length > 300 ? src.slice(0, 300) + '...' : src)}\n    oracle: ${want ?? '(compiles)'}\n    ours:   ${got ?? '(compiles)'}`);
  });
  return out;
}

// ---- generated snippets --------------------------------------------------------------------------

const TOKENS = [
  'and', 'break', 'do', 'else', 'elseif', 'end', 'false', 'for', 'function', 'if', 'in', 'local', 'nil',
  'not', 'or', 'repeat', 'return', 'then', 'true', 'until', 'while',
  '..', '...', '==', '>=', '<=', '~=', '=', '<', '>', '+', '-', '*', '/', '%', '^', '#',
  '(', ')', '{', '}', '[', ']', ';', ':', ',', '.',
  'x', 'y', 'f', 'self', 'arg', '1', '0x1F', '2.5e3', '"s"', "'t'", '[[l]]', '--c\n', '\n',
];

const tokenSoup = fc
  .array(fc.constantFrom(...TOKENS), { minLength: 1, maxLength: 12 })
  .map((ts) => ts.join(' '));

const VALID = [
  'local x = 1 local y = {x, 2} return y',
  'for i = 1, 3 do local t = {} t[i] = i end',
  'local function f(a, ...) return a, ... end return f(1, 2)',
  'if x == 1 then return "a" elseif x then return [[b]] else return 0x10 end',
  'while false do local a, b = 1 break end return (f or g)(1)',
  'repeat local z = 1 until z == 1 return t.a.b:c("d")',
  'local t = {a = 1, [2] = 3; "x"} return #t .. t.a',
];

/** A valid program with a slice deleted, a token inserted, or a slice duplicated. */
const mutation = fc
  .tuple(fc.constantFrom(...VALID), fc.nat(), fc.nat({ max: 6 }), fc.constantFrom(...TOKENS), fc.constantFrom('delete', 'insert', 'dup', 'char'))
  .map(([src, at, len, tok, how]) => {
    const i = at % (src.length + 1);
    switch (how) {
      case 'delete':
        return src.slice(0, i) + src.slice(i + len);
      case 'insert':
        return `${src.slice(0, i)} ${tok} ${src.slice(i)}`;
      case 'dup':
        return src.slice(0, i + len) + src.slice(i);
      default:
        return src.slice(0, i) + String.fromCharCode((at >> 3) % 256) + src.slice(i + 1);
    }
  });

/** Byte soups over the characters the lexer treats specially (quotes, brackets, escapes, digits, newlines). */
const byteSoup = fc
  .array(fc.constantFrom(...'"\'[]=-\\\n\r0123456789xXeE.+ abz_(){}~<>#;:,\t\u0000\u00ff'.split('')), { minLength: 1, maxLength: 16 })
  .map((cs) => cs.join(''));

/** Redis reads a leading `#!` as a shebang before Lua sees the source; keep those out. */
const generated = (seed: number): string[] =>
  [
    ...fc.sample(tokenSoup, { numRuns: 400, seed }),
    ...fc.sample(mutation, { numRuns: 400, seed: seed + 1 }),
    ...fc.sample(byteSoup, { numRuns: 400, seed: seed + 2 }),
  ].filter(
    (s) => !s.startsWith('#!'),
  );

describe.skipIf(!hasOracle())('fidelity: Lua 5.1 compile errors (lexer and parser) against Redis', () => {
  it('the hand-written corpus: the same compile error, or compiles on both (EVAL)', async () => {
    const conn = (await oracleConnection())!;
    const replies = await conn.sendAll(CORPUS.map((src) => ['EVAL', src, '0']));
    const bad = mismatches(CORPUS, replies);
    expect(bad, bad.join('\n')).toEqual([]);
  });

  it('generated token soups, byte soups and mutated programs (SCRIPT LOAD: compiled, never run)', async () => {
    const conn = (await oracleConnection())!;
    const seed = process.env.FIDELITY_SEED === undefined ? 20240607 : Number(process.env.FIDELITY_SEED);
    const sources = generated(seed);
    const replies = await conn.sendAll(sources.map((src) => ['SCRIPT', 'LOAD', src]));
    await conn.send(['SCRIPT', 'FLUSH']);
    const bad = mismatches(sources, replies);
    expect(bad, `seed ${seed}:\n${bad.slice(0, 20).join('\n')}`).toEqual([]);
  });
});
