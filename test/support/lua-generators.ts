/**
 * fast-check generators of Lua for the differential suite (test/fidelity/lua-generated.test.ts):
 * typed expressions, small programs, and scripts that run the other generators' commands through
 * redis.call / redis.pcall.
 *
 * Programs always end: loops run at most 3 times and nest at most twice, string.rep counts are
 * literals below 4, strings assigned in statements are cut to 200 bytes. Nothing depends on Lua's
 * hash order (tables are arrays; P sorts what it renders) or on addresses (tostring is only applied
 * to numbers, strings and booleans).
 */
import fc from 'fast-check';
import { bitmapSpecs } from './generators/bitmaps.js';
import { poolsArb, type Spec, stepOf } from './generators/dsl.js';
import { hashSpecs } from './generators/hashes.js';
import { keySpecs } from './generators/keys.js';
import { listSpecs } from './generators/lists.js';
import { setSpecs } from './generators/sets.js';
import { sortedSetSpecs } from './generators/sorted-sets.js';
import { stringSpecs } from './generators/strings.js';
import { type LuaCase, PRELUDE } from './lua-cases.js';
import { type Arg, resolve } from './model.js';

// ---- Lua source helpers ---------------------------------------------------------------------------

/** A Lua string literal for any byte string (decimal escapes for everything not plain ASCII). */
export function luaQuote(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i]!;
    if (c >= 0x20 && c < 0x7f && ch !== '"' && ch !== '\\') out += ch;
    else out += `\\${String(c).padStart(3, '0')}`;
  }
  return `${out}"`;
}

// ---- expressions ----------------------------------------------------------------------------------

type Ty = 'num' | 'str' | 'bool' | 'tbl' | 'any';

/** Locals in scope by type (loop counters and parameters come and go; none while the locals are declared). */
interface Scope {
  nums: string[];
  strs: string[];
  bools: string[];
  tbls: string[];
}

const NUM_LITERALS = ['0', '1', '2', '3', '7', '10', '-1', '-5', '100', '0.5', '1.5', '-2.25', '0.1', '1e15', '2^53', '1e300', '3.0', '123456789', '0x10', '1/3', '(1/0)', '(-1/0)'];
const STR_LITERALS = ['""', '"a"', '"abc"', '"Hello"', '"10"', '"0x1f"', '" 7 "', '"1e2"', '"3.5"', '"-0"', '"x y"', '"%d"', '"a.b"', '"[x]"', '"a,b,,c"', '"\\0z"', '"\\255"'];
/**
 * Exponents whose powers agree with glibc's pow for every base: glibc rounds an exact power that
 * falls halfway between two doubles either way (123456789^2 is ...522 there, ...520 correctly
 * rounded), so integer powers beyond 1 are left to the math library's own test.
 */
const POW_EXPONENTS = ['0', '1', '0.5'];
const PATTERNS = ['"%a+"', '"%d+"', '"(%w)(%w)"', '"^a"', '"b$"', '"[xy]"', '"."', '"%s*"', '"(.-),"', '"%p"', '""', '"()"', '"[^%d]+"'];
const FORMATS: [string, Ty][] = [['%d', 'num'], ['%5.2f', 'num'], ['%g', 'num'], ['%.14g', 'num'], ['%x', 'num'], ['%s', 'str'], ['%q', 'str'], ['%-5s|', 'str'], ['%.3s', 'str'], ['%05d', 'num'], ['%e', 'num'], ['%s', 'num']];
/** Keys by the type the expressions use them for, so WRONGTYPE stays an occasional error (ANY_KEY mixes them). */
const STR_KEYS = ['"k1"', '"k2"'];
const COUNTER_KEY = '"c1"';
const LIST_KEYS = ['"l1"', '"l2"'];
const ZSET_KEY = '"z1"';
const HASH_KEY = '"h1"';
const ANY_KEY = ['"k1"', '"c1"', '"l1"', '"z1"', '"h1"', '"none"'];
const key = (typed: string[]) => fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...typed) }, { weight: 1, arbitrary: fc.constantFrom(...ANY_KEY) });
const NUMERIC_STRINGS = ['"10"', '" 7 "', '"0x1f"', '"1e2"', '"3.5"', '"-0"', '"-12"', '"0.1"'];

const num = (scope: Scope, d: number) => expr('num', scope, d);
const str = (scope: Scope, d: number) => expr('str', scope, d);

function call(name: string, ...args: fc.Arbitrary<string>[]): fc.Arbitrary<string> {
  return fc.tuple(...args).map((xs) => `${name}(${xs.join(', ')})`);
}

function bin(op: string, a: fc.Arbitrary<string>, b: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.tuple(a, b).map(([x, y]) => `(${x} ${op} ${y})`);
}

function expr(ty: Ty, scope: Scope, d: number): fc.Arbitrary<string> {
  const leaf = leaves(ty, scope);
  if (d <= 0) return leaf;
  const s = d - 1;
  switch (ty) {
    case 'num':
      return fc.oneof(
        { weight: 4, arbitrary: leaf },
        { weight: 6, arbitrary: fc.tuple(fc.constantFrom('+', '-', '*', '/', '%'), num(scope, s), num(scope, s)).map(([op, a, b]) => `(${a} ${op} ${b})`) },
        // Powers only with exponents both sides agree on for any base (POW_EXPONENTS): one ulp of
        // difference grows into a printed digit after a few more operations. Other powers are
        // covered by the math library's test, which compares within an ulp (lua-base-libs.test.ts).
        { weight: 1, arbitrary: fc.tuple(num(scope, s), fc.constantFrom(...POW_EXPONENTS)).map(([a, b]) => `(${a} ^ ${b})`) },
        { weight: 1, arbitrary: num(scope, s).map((a) => `(- ${a})`) },
        { weight: 1, arbitrary: str(scope, s).map((a) => `#${a}`) },
        { weight: 1, arbitrary: expr('tbl', scope, s).map((t) => `#${t}`) },
        { weight: 2, arbitrary: fc.tuple(fc.constantFrom('+', '*', '-', '%'), fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...NUMERIC_STRINGS) }, { weight: 1, arbitrary: str(scope, s) }), num(scope, s)).map(([op, a, b]) => `(${a} ${op} ${b})`) },
        { weight: 1, arbitrary: fc.oneof(fc.constantFrom(...NUMERIC_STRINGS), str(scope, s)).map((a) => `(tonumber(${a}) or 0)`) },
        // Correctly rounded on both sides (exp and log are not in V8; see the powers above).
        { weight: 2, arbitrary: fc.tuple(fc.constantFrom('floor', 'ceil', 'abs', 'sqrt'), num(scope, s)).map(([f, a]) => `math.${f}(${a})`) },
        { weight: 2, arbitrary: fc.tuple(fc.constantFrom('max', 'min', 'fmod'), num(scope, s), num(scope, s)).map(([f, a, b]) => `math.${f}(${a}, ${b})`) },
        { weight: 1, arbitrary: fc.tuple(num(scope, s), fc.constantFrom(...POW_EXPONENTS)).map(([a, b]) => `math.pow(${a}, ${b})`) },
        { weight: 1, arbitrary: call('string.len', str(scope, s)) },
        { weight: 1, arbitrary: fc.tuple(str(scope, s), fc.integer({ min: -3, max: 4 })).map(([a, i]) => `(string.byte(${a}, ${i}) or -1)`) },
        { weight: 1, arbitrary: fc.tuple(str(scope, s), fc.constantFrom(...PATTERNS)).map(([a, p]) => `(string.find(${a}, ${p}) or 0)`) },
        { weight: 1, arbitrary: fc.tuple(key([COUNTER_KEY]), fc.integer({ min: -100, max: 100 })).map(([k, a]) => `redis.call("INCRBY", ${k}, ${a})`) },
        { weight: 1, arbitrary: fc.tuple(key(LIST_KEYS), fc.oneof(str(scope, s), num(scope, s))).map(([k, a]) => `redis.call("RPUSH", ${k}, ${a})`) },
        { weight: 1, arbitrary: fc.constantFrom(...ANY_KEY).map((k) => `redis.call("EXISTS", ${k})`) },
        { weight: 1, arbitrary: fc.tuple(key([ZSET_KEY]), str(scope, s), num(scope, s)).map(([k, m, sc]) => `redis.call("ZADD", ${k}, ${sc}, ${m})`) },
        { weight: 1, arbitrary: fc.tuple(key([HASH_KEY]), str(scope, s), fc.oneof({ weight: 5, arbitrary: fc.oneof(str(scope, s), num(scope, s)) }, { weight: 1, arbitrary: expr('any', scope, s) })).map(([k, f, v]) => `redis.call("HSET", ${k}, ${f}, ${v})`) },
        { weight: 1, arbitrary: num(scope, s).map((a) => `select("#", ${a}, nil, ${a})`) },
      );
    case 'str':
      return fc.oneof(
        { weight: 4, arbitrary: leaf },
        { weight: 5, arbitrary: fc.tuple(fc.oneof(str(scope, s), num(scope, s)), fc.oneof(str(scope, s), num(scope, s))).map(([a, b]) => `(${a} .. ${b})`) },
        { weight: 2, arbitrary: fc.tuple(fc.constantFrom('upper', 'lower', 'reverse'), str(scope, s)).map(([f, a]) => `string.${f}(${a})`) },
        { weight: 1, arbitrary: fc.tuple(str(scope, s), fc.integer({ min: 0, max: 3 })).map(([a, n]) => `string.rep(${a}, ${n})`) },
        { weight: 2, arbitrary: fc.tuple(str(scope, s), num(scope, s), fc.option(num(scope, s))).map(([a, i, j]) => `string.sub(${a}, ${i}${j === null ? '' : `, ${j}`})`) },
        { weight: 3, arbitrary: fc.constantFrom(...FORMATS).chain(([f, t]) => expr(t, scope, s).map((a) => `string.format(${luaQuote(f)}, ${a})`)) },
        { weight: 3, arbitrary: fc.oneof(num(scope, s), str(scope, s), expr('bool', scope, s)).map((a) => `tostring(${a})`) },
        { weight: 1, arbitrary: num(scope, s).map((a) => `(${a} .. "")`) },
        { weight: 1, arbitrary: fc.array(fc.integer({ min: 32, max: 126 }), { minLength: 0, maxLength: 3 }).map((cs) => `string.char(${cs.join(', ')})`) },
        { weight: 2, arbitrary: fc.tuple(expr('tbl', scope, s), fc.constantFrom('""', '","', '" "')).map(([t, sep]) => `table.concat(${t}, ${sep})`) },
        { weight: 2, arbitrary: fc.tuple(str(scope, s), fc.constantFrom(...PATTERNS), fc.constantFrom('"<%0>"', '"%1"', '"x"', '""', '{a = "A", ["1"] = 1}', 'string.upper')).map(([a, p, r]) => `(string.gsub(${a}, ${p}, ${r}))`) },
        { weight: 1, arbitrary: fc.tuple(str(scope, s), fc.constantFrom(...PATTERNS)).map(([a, p]) => `(string.match(${a}, ${p}) or "none")`) },
        { weight: 1, arbitrary: expr('any', scope, s).map((a) => `type(${a})`) },
        { weight: 1, arbitrary: key([...STR_KEYS, COUNTER_KEY]).map((k) => `tostring(redis.call("GET", ${k}))`) },
        { weight: 1, arbitrary: fc.tuple(key(STR_KEYS), fc.oneof(str(scope, s), num(scope, s))).map(([k, v]) => `redis.call("SET", ${k}, ${v}).ok`) },
        { weight: 1, arbitrary: fc.constantFrom(...ANY_KEY).map((k) => `redis.call("TYPE", ${k}).ok`) },
      );
    case 'bool':
      return fc.oneof(
        { weight: 2, arbitrary: leaf },
        { weight: 3, arbitrary: fc.tuple(fc.constantFrom('<', '<=', '>', '>=', '==', '~='), num(scope, s), num(scope, s)).map(([op, a, b]) => `(${a} ${op} ${b})`) },
        { weight: 2, arbitrary: fc.tuple(fc.constantFrom('<', '<=', '==', '~='), str(scope, s), str(scope, s)).map(([op, a, b]) => `(${a} ${op} ${b})`) },
        { weight: 1, arbitrary: fc.tuple(fc.constantFrom('<', '=='), expr('any', scope, s), expr('any', scope, s)).map(([op, a, b]) => `(${a} ${op} ${b})`) },
        { weight: 1, arbitrary: expr('any', scope, s).map((a) => `(not ${a})`) },
        { weight: 1, arbitrary: fc.tuple(fc.constantFrom('and', 'or'), expr('bool', scope, s), expr('bool', scope, s)).map(([op, a, b]) => `(${a} ${op} ${b})`) },
      );
    case 'tbl':
      return fc.oneof(
        { weight: 2, arbitrary: leaf },
        { weight: 3, arbitrary: fc.array(fc.oneof(num(scope, s), str(scope, s)), { maxLength: 4 }).map((xs) => `{${xs.join(', ')}}`) },
        { weight: 1, arbitrary: fc.array(fc.oneof(num(scope, s), fc.constant('nil')), { minLength: 1, maxLength: 4 }).map((xs) => `{${xs.join(', ')}}`) },
        { weight: 1, arbitrary: key(LIST_KEYS).map((k) => `redis.call("LRANGE", ${k}, 0, -1)`) },
        // Sorted: once a value grows past 64 bytes the hash is a hashtable, and Redis lists it in
        // the order of its per-process seeded hash.
        { weight: 1, arbitrary: key([HASH_KEY]).map((k) => `(function(t) table.sort(t) return t end)(redis.call("HGETALL", ${k}))`) },
        { weight: 1, arbitrary: key([ZSET_KEY]).map((k) => `redis.call("ZRANGE", ${k}, 0, -1, "WITHSCORES")`) },
        { weight: 1, arbitrary: fc.constant(`redis.call("MGET", ${[...STR_KEYS, COUNTER_KEY].join(', ')})`) },
        { weight: 1, arbitrary: fc.tuple(str(scope, s), fc.constantFrom(...PATTERNS)).map(([a, p]) => `{string.match(${a}, ${p})}`) },
        { weight: 1, arbitrary: expr('tbl', scope, s).map((t) => `{unpack(${t})}`) },
      );
    case 'any':
      return fc.oneof(
        { weight: 3, arbitrary: num(scope, s) },
        { weight: 3, arbitrary: str(scope, s) },
        { weight: 1, arbitrary: expr('bool', scope, s) },
        { weight: 1, arbitrary: expr('tbl', scope, s) },
        { weight: 1, arbitrary: fc.constant('nil') },
        { weight: 1, arbitrary: fc.tuple(expr('bool', scope, s), expr('any', scope, s), expr('any', scope, s)).map(([c, a, b]) => `(${c} and ${a} or ${b})`) },
      );
  }
}

/** Literals, or (when any are in scope) a local of the type. */
function literalOrLocal(literals: fc.Arbitrary<string>, locals: string[]): fc.Arbitrary<string> {
  return locals.length ? fc.oneof(literals, fc.constantFrom(...locals)) : literals;
}

function leaves(ty: Ty, scope: Scope): fc.Arbitrary<string> {
  switch (ty) {
    case 'num':
      return literalOrLocal(fc.oneof(fc.constantFrom(...NUM_LITERALS), fc.integer({ min: -1000, max: 1000 }).map(String)), scope.nums);
    case 'str':
      return literalOrLocal(fc.constantFrom(...STR_LITERALS), scope.strs);
    case 'bool':
      return literalOrLocal(fc.constantFrom('true', 'false', 'nil'), scope.bools);
    case 'tbl':
      return literalOrLocal(fc.constantFrom('{}', '{1, 2, 3}', '{"b", "a", "c"}', '{3, 1, 2}'), scope.tbls);
    case 'any':
      return fc.oneof(leaves('num', scope), leaves('str', scope), leaves('bool', scope));
  }
}

// ---- programs -------------------------------------------------------------------------------------

/** One statement; `loops` counts enclosing loops (at most 2), so every program ends quickly. */
function stmt(scope: Scope, depth: number, loops: number): fc.Arbitrary<string> {
  const e = (ty: Ty) => expr(ty, scope, 2);
  const simple = fc.oneof(
    { weight: 3, arbitrary: fc.tuple(fc.constantFrom('n1', 'n2'), e('num')).map(([v, x]) => `${v} = ${x}`) },
    // Cut to 200 bytes: loops may run an assignment 9 times, and s1 = s1 .. s1 must not grow without bound.
    { weight: 3, arbitrary: fc.tuple(fc.constantFrom('s1', 's2'), e('str')).map(([v, x]) => `${v} = string.sub(${x}, 1, 200)`) },
    { weight: 1, arbitrary: e('bool').map((x) => `b1 = ${x}`) },
    { weight: 1, arbitrary: e('tbl').map((x) => `t1 = ${x}`) },
    { weight: 2, arbitrary: fc.oneof(e('num'), e('str')).map((x) => `table.insert(t1, ${x})`) },
    { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 3 }), e('num')).map(([i, x]) => `table.insert(t1, ${i}, ${x})`) },
    { weight: 1, arbitrary: fc.constantFrom('table.remove(t1)', 'table.remove(t1, 1)', 'table.sort(t1)', 'table.sort(t1, function(a, b) return tostring(a) > tostring(b) end)') },
    { weight: 1, arbitrary: fc.oneof(e('num'), e('str')).map((x) => `t1[#t1 + 1] = ${x}`) },
    { weight: 2, arbitrary: e('num').map((x) => `n2 = f(${x})`) },
    { weight: 1, arbitrary: e('num').map((x) => `n1 = counter(${x})`) },
    { weight: 1, arbitrary: fc.tuple(key(STR_KEYS), fc.oneof(e('str'), e('num'))).map(([k, v]) => `redis.call("SET", ${k}, ${v})`) },
    { weight: 1, arbitrary: fc.tuple(key(LIST_KEYS), fc.oneof(e('str'), e('num'))).map(([k, v]) => `redis.call("LPUSH", ${k}, ${v})`) },
    // S, not tostring: a failed redis.pcall gives a table, whose tostring is an address.
    { weight: 1, arbitrary: fc.tuple(key(STR_KEYS), e('str')).map(([k, v]) => `s2 = S(redis.pcall("APPEND", ${k}, ${v}))`) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...ANY_KEY), fc.integer({ min: -3, max: 3 })).map(([k, v]) => `s2 = S(redis.pcall("INCRBY", ${k}, ${v}))`) },
    { weight: 1, arbitrary: e('any').map((x) => `s2 = S(${x})`) },
  );
  if (depth <= 0) return simple;
  const block = (sc: Scope, l: number) => fc.array(stmt(sc, depth - 1, l), { minLength: 1, maxLength: 3 }).map((xs) => xs.join(' '));
  const inner: { weight: number; arbitrary: fc.Arbitrary<string> }[] = [
    { weight: 6, arbitrary: simple },
    { weight: 2, arbitrary: fc.tuple(e('bool'), block(scope, loops), fc.option(block(scope, loops))).map(([c, a, b]) => `if ${c} then ${a}${b === null ? '' : ` else ${b}`} end`) },
    { weight: 1, arbitrary: fc.tuple(e('bool'), block(scope, loops)).map(([c, a]) => `local ok, err = pcall(function() if ${c} then ${a} end end) s1 = tostring(ok) .. ":" .. tostring(err)`) },
  ];
  if (loops < 2) {
    const v = `i${loops + 1}`;
    const inLoop = { ...scope, nums: [...scope.nums, v] };
    inner.push(
      { weight: 2, arbitrary: fc.tuple(fc.integer({ min: -1, max: 3 }), fc.constantFrom('', ', 1', ', -1', ', 2', ', 0.5'), block(inLoop, loops + 1)).map(([n, step, b]) => `for ${v} = ${step === ', -1' ? `${n}, 1` : `1, ${n}`}${step} do ${b} end`) },
      { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 0, max: 3 }), block(inLoop, loops + 1)).map(([n, b]) => `local ${v} = 0 while ${v} < ${n} do ${v} = ${v} + 1 ${b} end`) },
      { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 3 }), block(inLoop, loops + 1)).map(([n, b]) => `local ${v} = 0 repeat ${v} = ${v} + 1 ${b} until ${v} >= ${n}`) },
      { weight: 1, arbitrary: block(inLoop, loops + 1).map((b) => `for _, ${v} in ipairs({3, 1, 2}) do ${b} end`) },
    );
  }
  return fc.oneof(...inner);
}

const top: Scope = { nums: ['n1', 'n2'], strs: ['s1', 's2'], bools: ['b1'], tbls: ['t1'] };
/** While the locals are being declared, none of them exists yet. */
const none: Scope = { nums: [], strs: [], bools: [], tbls: [] };

/** A whole program: typed locals, a numeric function and a closure, statements, then everything rendered. */
export const programArb: fc.Arbitrary<string> = fc
  .tuple(
    expr('num', none, 1),
    expr('num', none, 1),
    expr('str', none, 1),
    expr('str', none, 1),
    expr('tbl', none, 1),
    expr('num', { ...top, nums: ['x', 'n1'] }, 2),
    fc.array(stmt(top, 2, 0), { minLength: 1, maxLength: 6 }),
    fc.oneof({ weight: 4, arbitrary: fc.constant('P') }, { weight: 1, arbitrary: fc.constant('raw') }),
    expr('any', top, 2),
  )
  .map(([n1, n2, s1, s2, t1, fbody, stmts, ret, last]) =>
    [
      `local n1, n2, s1, s2, t1, b1 = ${n1}, ${n2}, ${s1}, ${s2}, ${t1}, true`,
      `local function f(x) return ${fbody} end`,
      'local counter = (function() local c = 0 return function(k) c = c + k return c end end)()',
      ...stmts,
      ret === 'P' ? `return P(n1, n2, s1, s2, t1, b1, ${last})` : `return {n1, n2, s1, s2, t1, b1, ${last}}`,
    ].join(' '),
  );

/** A single expression, rendered in Lua (P) or returned raw (Redis's conversion). */
export const expressionArb: fc.Arbitrary<string> = fc
  .tuple(expr('any', top, 3), fc.boolean())
  .map(([e, rendered]) => (rendered ? `local n1, n2, s1, s2, t1, b1 = 5, 2.5, "ab", "12", {1, "x"}, false return P(${e})` : `local n1, n2, s1, s2, t1, b1 = 5, 2.5, "ab", "12", {1, "x"}, false return ${e}`));

// ---- redis.call over the other generators' command pools ------------------------------------------

/**
 * Commands whose replies differ between two servers even when both are right (hash order, also of
 * HGETALL/HKEYS/HVALS once a hash is a hashtable; random
 * picks, clocks, absolute deadlines), or that only exist in programs (SCANALL, SLEEP): the model
 * harness normalizes them outside scripts, which a script cannot do.
 */
const NOT_IN_SCRIPTS = new Set([
  'KEYS', 'SCAN', 'SCANALL', 'SLEEP', 'RANDOMKEY', 'SMEMBERS', 'SINTER', 'SUNION', 'SDIFF', 'SSCAN', 'HSCAN', 'ZSCAN', 'SPOP', 'SRANDMEMBER',
  'HRANDFIELD', 'ZRANDMEMBER', 'HGETALL', 'HKEYS', 'HVALS', 'TTL', 'PTTL', 'EXPIRETIME', 'PEXPIRETIME', 'OBJECT IDLETIME', 'OBJECT FREQ', 'MEMORY USAGE', 'DEBUG OBJECT',
]);

export const scriptSpecs: Spec[] = [...stringSpecs, ...bitmapSpecs, ...keySpecs, ...listSpecs, ...setSpecs, ...hashSpecs, ...sortedSetSpecs].filter(
  (s) => !NOT_IN_SCRIPTS.has(s.name.toUpperCase()),
);

/** Each command through redis.call (an error ends the script) or redis.pcall, its reply rendered with S. */
export const redisProgramArb: fc.Arbitrary<LuaCase> = fc
  .tuple(poolsArb, fc.array(fc.tuple(stepOf(scriptSpecs), fc.constantFrom('pcall', 'pcall', 'pcall', 'call')), { minLength: 1, maxLength: 8 }))
  .map(([pools, steps]) => {
    // A 1 ms TTL would expire, or not, between the script and the commands after it: 100 s instead.
    const long = (a: Arg): Arg => (typeof a === 'object' && 'ttl' in a && a.ttl === 'short' ? { ttl: 'long', unit: 'ms', base: 100 } : a);
    const program = resolve({ pools, steps: steps.map(([argv]) => ({ conn: 0 as const, argv: argv.map(long) })) }).filter(
      (s) => !NOT_IN_SCRIPTS.has((s.argv[0] ?? '').toUpperCase()),
    );
    const how = steps.map(([, h]) => h);
    const lines = program.map((s, i) => `out[#out + 1] = S(redis.${how[i % how.length]}(${s.argv.map(luaQuote).join(', ')}))`);
    return {
      name: 'redis.call program',
      script: `${PRELUDE}local out = {} ${lines.join(' ')} return out`,
      after: [['DBSIZE'], ...pools.keys.map((k) => ['TYPE', k])],
    };
  });

/** A generated script (expression or program) as a corpus case, the prelude (P, S, H) in front. */
export const asCase =
  (name: string) =>
  (script: string): LuaCase => ({ name, script: `${PRELUDE}${script}` });
