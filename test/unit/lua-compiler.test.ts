/**
 * The compiler and runtime on their own (no Redis): values, control flow, closures, varargs,
 * metatables and 5.1's error messages. The differential suites compare the same with the oracle.
 */
import { describe, expect, it } from 'vitest';
import { LuaState } from '../../src/scripting/interpreter.js';
import { LuaError, LuaTable, type LuaValue } from '../../src/scripting/values.js';

function run(src: string): LuaValue[] {
  const lua = new LuaState();
  return lua.run(lua.load(src), [], { chunkname: 'user_script', timeLimitMs: 0 });
}

function fail(src: string): LuaValue {
  try {
    run(src);
  } catch (e) {
    if (e instanceof LuaError) return e.value;
    throw e;
  }
  throw new Error('expected an error');
}

const arr = (v: LuaValue) => (v as LuaTable).array;

describe('Lua compiler', () => {
  it('computes with 5.1 numbers and coercions', () => {
    expect(run("return 1+2, 'a'..1.5, 10/2, 7 % 3, -7 % 3, 2^10, '10' + 1, 1 .. ''")).toEqual([3, 'a1.5', 5, 1, 2, 1024, 11, '1']);
  });

  it('runs loops, closures capturing each iteration, varargs and multiple returns', () => {
    expect(run('local fs = {} for i = 1, 3 do fs[i] = function() return i end end return fs[1](), fs[3]()')).toEqual([1, 3]);
    expect(run('local function f(...) return select("#", ...), ... end return f(1, nil, 3)')).toEqual([3, 1, undefined, 3]);
    expect(run('local a, b, c = (function() return 1, 2, 3 end)() return c, b, a')).toEqual([3, 2, 1]);
    expect(run('local a, b = 1, 2 a, b = b, a return a, b')).toEqual([2, 1]);
    expect(run('local n = 0 repeat local k = n n = n + 1 until k >= 3 return n')).toEqual([4]);
    expect(run('local s = 0 for i = 10, 1, -2 do s = s + i end return s')).toEqual([30]);
    expect(arr(run('local r = {} for i, v in ipairs({5, 6, nil, 8}) do r[#r + 1] = v end return r')[0])).toEqual([5, 6]);
  });

  it('follows 5.1 border rules for table constructors', () => {
    expect(run('return #{1, nil, 3}, #{1, 2, nil}, #{n = 1}')).toEqual([3, 2, 0]);
    // The array part is sized as ltable.c's rehash sizes it, so borders of tables with holes agree.
    expect(run('local t = {} t[1] = 1 t[2] = 2 t[4] = 4 return #t')).toEqual([4]);
    expect(run('local t = {nil, 0} t[#t + 1] = "" return #t')).toEqual([0]);
    expect(run('local t = {} for i = 1, 100 do t[i] = i end for i = 1, 100, 3 do t[i] = nil end return #t')).toEqual([63]);
  });

  it('honours metatables', () => {
    expect(run('local t = setmetatable({}, {__index = function(t, k) return k .. "!" end}) return t.foo')).toEqual(['foo!']);
    expect(run('local mt = {__add = function(a, b) return 42 end} local t = setmetatable({}, mt) return t + 1, 1 + t')).toEqual([42, 42]);
    expect(run('local t = setmetatable({}, {__call = function(self, x) return x * 2 end}) return t(21)')).toEqual([42]);
    expect(run('local t = setmetatable({}, {__tostring = function() return "T" end}) return tostring(t)')).toEqual(['T']);
  });

  it('words runtime errors as 5.1 does, with positions', () => {
    expect(fail('local a\nreturn a.b')).toBe("user_script:2: attempt to index local 'a' (a nil value)");
    expect(fail('local t = {} ; t.x.y = 1')).toBe("user_script:1: attempt to index field 'x' (a nil value)");
    expect(fail('local x = {} return x + 1')).toBe("user_script:1: attempt to perform arithmetic on local 'x' (a table value)");
    expect(fail('return {} < {}')).toBe('user_script:1: attempt to compare two table values');
    expect(fail('return 1 < "x"')).toBe('user_script:1: attempt to compare number with string');
    expect(fail('local s = "x" return s:rep()')).toBe("user_script:1: bad argument #1 to 'rep' (number expected, got no value)");
    expect(fail('local t = {} return t.f()')).toBe("user_script:1: attempt to call field 'f' (a nil value)");
    expect(fail('return "a" .. {}')).toBe('user_script:1: attempt to concatenate a table value');
  });

  it('catches errors with pcall and keeps error values', () => {
    expect(run('return pcall(function() error("x") end)')).toEqual([false, 'user_script:1: x']);
    expect(run('return pcall(error, "boom")')).toEqual([false, 'boom']);
    const [ok, v] = run('return pcall(error, {code = 7})');
    expect(ok).toBe(false);
    expect((v as LuaTable).get('code')).toBe(7);
    expect(run('local function f() error("deep", 2) end\nlocal ok, e = pcall(function()\nf()\nend) return e')).toEqual(['user_script:3: deep']);
  });

  it('runs tail calls in constant stack, as 5.1 reuses the frame', () => {
    expect(run('local function loop(n) if n == 0 then return "done" end return loop(n - 1) end return loop(100000)')).toEqual(['done']);
  });

  it('suspends coroutines from any depth of Lua calls, not across pcall', () => {
    expect(run('local function inner(x) coroutine.yield(x * 10) return x end local co = coroutine.wrap(function() local s = 0 for i = 1, 3 do s = s + inner(i) end return s end) return co(), co(), co(), co()')).toEqual([10, 20, 30, 6]);
    expect(run('local co = coroutine.create(function(a) local b = coroutine.yield(a + 1) return b * 2 end) local _, x = coroutine.resume(co, 1) local _, y = coroutine.resume(co, 5) return x, y, coroutine.status(co), coroutine.resume(co)')).toEqual([2, 10, 'dead', false, 'cannot resume dead coroutine']);
    expect(run('local co = coroutine.create(function() return pcall(coroutine.yield, 1) end) return coroutine.resume(co)')).toEqual([true, false, 'attempt to yield across metamethod/C-call boundary']);
    expect(run('return type(coroutine.create(function() end)), coroutine.running()')).toEqual(['thread', undefined]);
  });

  it('reports deep recursion as a stack overflow', () => {
    expect(fail('local function f() return 1 + f() end return f()')).toMatch(/stack overflow/);
  });
});
