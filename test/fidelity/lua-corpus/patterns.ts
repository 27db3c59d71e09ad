/** Lua patterns: find, match, gmatch, gsub with every class, set, quantifier, anchor, capture kind, and the errors. */
import type { LuaCase } from '../../support/lua-cases.js';
import { body, vals } from './helpers.js';

const G = 'patterns';

/** Collects gmatch's results as `a/b/c` (captures joined with `+`). */
const gm = (s: string, p: string) =>
  `(function() local o = {} for a, b, c in string.gmatch(${s}, ${p}) do o[#o + 1] = tostring(a) .. (b and "+" .. tostring(b) or "") .. (c and "+" .. tostring(c) or "") end return table.concat(o, "/") end)()`;

export const PATTERNS: LuaCase[] = [
  ...vals(G, [
    // find, plain and with init
    'string.find("hello world", "wor"), string.find("hello", "l"), string.find("hello", "xyz"), string.find("hello", "")',
    'string.find("hello", "l", 4), string.find("hello", "l", -1), string.find("hello", "l", -2), string.find("hello", "", 10), string.find("hello", "", 6)',
    'string.find("a.b", ".", 1, true), string.find("a.b", "%."), string.find("a+b", "+", 1, true), string.find("a(b", "(", 1, true)',
    'string.find("hello", "h", 0), string.find("hello", "o", 100), string.find("hello", "", -100), string.find("", "")',
    'string.find("abc", "b", 1, false), string.find("a%b", "%b", 1, 1)',
    'string.find("hello", "(l)(l)"), string.find("hello", "()ll()"), string.find("key=val", "(%w+)=(%w+)")',
    // classes
    'string.match("abc123XYZ!?", "%a+"), string.match("abc123", "%d+"), string.match("abcDEF", "%l+"), string.match("abcDEF", "%u+")',
    'string.match("  \\t\\n x", "%s+"), string.match("ab_12-x", "%w+"), string.match("0x1fG", "%x+", 3), string.match("a,b.c!", "%p+")',
    'string.match("a\\1\\2b", "%c+"), string.match("a\\0b", "%z"), string.match("abc", "%A"), string.match("abc1", "%D+"), string.match("ab cd", "%S+")',
    'string.match("hello", "."), string.match("hello", ".-l"), string.match("hello", ".*l"), string.match("", ".")',
    'string.match("x", "%W"), string.match("x y", "%W"), string.match("AbC", "%L"), string.match("AbC", "%U"), string.match("12ab", "%X+")',
    // sets
    'string.match("hello123", "[a-z]+"), string.match("HELLO123", "[^A-Z]+"), string.match("a-b", "[a%-]+"), string.match("x]y", "[]x]+")',
    'string.match("abc^", "[%^c]+"), string.match("abc", "[^%]]"), string.match("a1_b", "[%w_]+"), string.match("hello", "[hl]+", 2)',
    'string.match("-a-", "[-a]+"), string.match("a-z", "[z-a]"), string.match("]", "[]]"), string.match("x", "[%a-z]")',
    // quantifiers and anchors
    'string.match("aaa", "a*"), string.match("aaa", "a+"), string.match("aaa", "a-"), string.match("aaa", "a?"), string.match("baaa", "a*")',
    'string.match("<a><b>", "<(.-)>"), string.match("<a><b>", "<(.*)>"), string.match("color colour", "colou?r")',
    'string.match("hello", "^h"), string.match("hello", "^e"), string.match("hello", "o$"), string.match("hello", "^hello$"), string.match("a$b", "$b")',
    'string.match("hello", "l", -2), string.match("hello", "^l", 3), string.match("hello", "^l", 4)',
    'string.find("aaa", "^a", 2), string.find("a^b", "a^b"), string.find("ab", "^"), string.find("ab", "$")',
    // captures
    'string.match("key = value", "(%w+)%s*=%s*(%w+)"), string.match("2024-01-15", "(%d+)-(%d+)-(%d+)")',
    'string.match("hello", "()ll()"), string.match("hello", "(h)(e)(l)(l)(o)"), string.match("hello", "((h)e)")',
    'string.match("abcabc", "(abc)%1"), string.match("xyyx", "(x)(y)%2%1"), string.match("aa", "(a)%1"), string.match("ab", "(a)%1")',
    'string.match("f(a(b)c)d", "%b()"), string.match("[[x]]", "%b[]"), string.match("no", "%b()"), string.match("((", "%b()"), string.match("<<a>>", "%b<>")',
    'string.match("THE (quick) fox", "%f[%a]%a+"), string.match("hello world", "%f[%w]%w+", 2), string.match("the cat", "%f[%l]cat")',
    'string.gsub("THE (quick) fox", "%f[%a]%a+", "X"), string.gsub("x", "%f[%z]", "|"), string.find("abc", "%f[%z]")',
    // gmatch
    gm('"one two  three"', '"%a+"'),
    gm('"k1=v1, k2=v2"', '"(%w+)=(%w+)"'),
    gm('"abc"', '""'),
    gm('"abc"', '"()"'),
    gm('"a,b,,c"', '"([^,]*)"'),
    gm('"hello"', '"(l)()"'),
    gm('"x1y22z333"', '"%d+"'),
    gm('"aaa"', '"a-"'),
    gm('"abc"', '"^a"'),
    // gsub
    'string.gsub("hello world", "o", "0"), string.gsub("hello", "", "-"), string.gsub("abc", "%w", "%0%0"), string.gsub("abc", "b", "%%")',
    'string.gsub("hello world", "(%w+)", "<%1>"), string.gsub("hello world", "(%w+) (%w+)", "%2 %1"), string.gsub("abc", "(b)", "%1%1", 0)',
    'string.gsub("hello", "l", "L", 1), string.gsub("hello", "l", "L", 1.9), string.gsub("hello", "l", "L", -1), string.gsub("", "x", "y")',
    'string.gsub("$name is $age", "%$(%w+)", {name = "bob", age = 42}), string.gsub("a b", "%w", {a = false, b = true and "B"})',
    'string.gsub("abc", "%w", function(c) return c:upper() .. "." end), string.gsub("abc", "%w", function() end), string.gsub("abc", "(%w)()", function(c, p) return p end)',
    'string.gsub("a1b2", "%d", function(d) return d * 2 end), string.gsub("x", "x", 5), string.gsub("x", "x", 1.5), string.gsub(123, 2, 9)',
    'string.gsub("hello", ".", {h = 1, e = 2.5})',
    'string.gsub("abc", "^a", "X"), string.gsub("aaa", "^a", "X"), string.gsub("abc", "c$", "X"), string.gsub("abc", "x*", "-")',
    'string.gsub("one  two", "%s+", " "), string.gsub("  trim  ", "^%s*(.-)%s*$", "%1"), string.gsub("a.b.c", "%.", "/")',
    'string.gsub("hello", "(l)(l)", "%2%1%0"), string.gsub("abc", "", "%0")',
    'string.gsub("abc", "%w", "%9")',
    'string.gsub("abc", "(%w)", "%2")',
    'string.gsub("abc", "%w", "%")',
    'string.gsub("abc", "%w", {a = {}})',
    'string.gsub("abc", "%w", function() return {} end)',
    'string.gsub("abc", "%w", true)',
    'string.gsub("abc", "%w")',
    'string.gsub("abc")',
    // errors in patterns
    'string.find("a", "%")',
    'string.find("a", "[a")',
    'string.find("a", "[a%")',
    'string.find("a", "(a")',
    'string.find("a", "a)")',
    'string.find("a", "%1")',
    'string.find("a", "(a)%2")',
    'string.find("a", "%b")',
    'string.find("a", "%ba")',
    'string.find("a", "%f")',
    'string.find("a", "%fa")',
    'string.match("a", "(()")',
    'string.gsub("alo", "(%a)", "%2")',
    'string.find("a", "[]")',
    'string.find("a", "[^]")',
    'string.find("a", "%g")',
    'string.match("x", "%q")',
    'string.find()',
    'string.find("x")',
    'string.match("x", {})',
    'string.gmatch("x")',
    // numbers and special inputs
    'string.find(12345, 34), string.match(3.25, "%d+"), string.match("1e10", "^[%d%.e]+$"), string.find("a\\0b", "\\0"), string.find("a\\0b", "%z")',
    'string.match("a\\0b\\0c", "(.-)%z"), string.gsub("a\\0b", "%z", "0"), string.find("a\\0b", "b", 1, true), string.find("a.b\\0", ".\\0", 1, true)',
    'string.match(string.rep("a", 100), "(a+)$"):len(), string.match(string.rep("ab", 50), "^(ab)*$")',
    'string.find("x", ".-", 1), string.find("xyz", "y-z"), string.find("[x]", "[[]"), string.find("a]", "]")',
  ]),
  body(G, 'backtracking with many candidates', 'local s = string.rep("a", 30) .. "b" return P(string.find(s, "a*a*a*b"), string.match(s, "(a-)b"):len())'),
  body(G, 'gsub counts and results', 'local r, n = string.gsub("the quick brown fox", "%w+", function(w) return #w end) return P(r, n)'),
  body(G, 'gmatch with anchored pattern loops once at most', 'local n = 0 for _ in string.gmatch("aaa", "^a") do n = n + 1 end return P(n)'),
  body(G, 'gsub replacement function receives whole match without captures', 'return P(string.gsub("ab12", "%d", function(...) return select("#", ...) .. (...) end))'),
  body(G, 'gsub table lookup uses the first capture', 'return P(string.gsub("x=1 y=2", "(%w)=(%w)", {x = "X", ["1"] = "one"}))'),
  body(G, 'escaping magic characters', 'local function esc(s) return (s:gsub("[%^%$%(%)%%%.%[%]%*%+%-%?]", "%%%0")) end return P(esc("a.b*c"), string.find("xa.b*cy", esc("a.b*c")))'),
  body(G, 'split on a separator', 'local o = {} for part in ("a,b,,c,"):gmatch("([^,]*),") do o[#o + 1] = "[" .. part .. "]" end return P(table.concat(o))'),
  body(G, 'position captures are numbers', 'local a, b = string.match("hello", "()e()") return P(type(a), a, b)'),
  body(G, 'pattern max captures', 'return P(string.match("abcdefghijklmnopqrstuvwxyzABCDEF", string.rep("(.)", 32)))'),
  body(G, 'pattern too many captures', 'return P(string.match("abcdefghijklmnopqrstuvwxyzABCDEFG", string.rep("(.)", 33)))'),
];
