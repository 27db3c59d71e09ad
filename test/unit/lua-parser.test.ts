/** The Lua 5.1 front end's syntax tree (src/scripting/ast.ts) for representative programs, and the lexer's numbers. */
import { describe, expect, it } from 'vitest';
import type { Expr, FunctionExpr, Stat } from '../../src/scripting/ast.js';
import { stringToNumber as str2number } from '../../src/scripting/number-format.js';
import { LuaSyntaxError, parse } from '../../src/scripting/parser.js';

const stats = (src: string): Stat[] => parse(src).main.body.stats;
const ret = (src: string): Expr[] => {
  const s = stats(src).at(-1)!;
  if (s.kind !== 'Return') throw new Error('not a return');
  return s.exprs;
};
const err = (src: string): string => {
  try {
    parse(src);
  } catch (e) {
    expect(e).toBeInstanceOf(LuaSyntaxError);
    return (e as Error).message;
  }
  throw new Error('parsed');
};

describe('lua parser: expressions', () => {
  it('precedence: * over +, comparison over and, and over or', () => {
    const [e] = ret('return 1 + 2 * 3 == 7 and x or y');
    expect(e).toMatchObject({
      kind: 'Binary', op: 'or',
      left: {
        kind: 'Binary', op: 'and',
        left: { kind: 'Binary', op: '==', left: { op: '+', left: { value: 1 }, right: { op: '*' } }, right: { value: 7 } },
        right: { kind: 'Global', name: 'x' },
      },
      right: { kind: 'Global', name: 'y' },
    });
  });

  it('.. and ^ are right-associative; unary minus binds looser than ^', () => {
    expect(ret('return a .. b .. c')[0]).toMatchObject({ op: '..', left: { name: 'a' }, right: { op: '..', left: { name: 'b' } } });
    expect(ret('return 2 ^ 3 ^ 2')[0]).toMatchObject({ op: '^', left: { value: 2 }, right: { op: '^' } });
    expect(ret('return -2 ^ 2')[0]).toMatchObject({ kind: 'Unary', op: '-', operand: { kind: 'Binary', op: '^' } });
    expect(ret('return not a == b')[0]).toMatchObject({ kind: 'Binary', op: '==', left: { kind: 'Unary', op: 'not' } });
  });

  it('suffixes: fields, indexes, calls with every argument form, method calls', () => {
    const [e] = ret('return a.b[1]("x", ...)(f{1}):m"s"');
    expect(e).toMatchObject({
      kind: 'MethodCall', name: 'm', args: [{ kind: 'String', value: 's' }],
      obj: {
        kind: 'Call',
        args: [{ kind: 'Call', fn: { name: 'f' }, args: [{ kind: 'Table' }] }],
        fn: {
          kind: 'Call',
          args: [{ kind: 'String', value: 'x' }, { kind: 'Vararg' }],
          fn: { kind: 'Index', key: { value: 1 }, obj: { kind: 'Index', obj: { name: 'a' }, key: { kind: 'String', value: 'b' } } },
        },
      },
    });
  });

  it('parentheses are kept (they truncate multiple results)', () => {
    expect(ret('return (f())')[0]).toMatchObject({ kind: 'Paren', expr: { kind: 'Call' } });
  });

  it('table constructors: positional, named and keyed items', () => {
    expect(ret('return {1, x = 2, [3] = 4; f()}')[0]).toMatchObject({
      kind: 'Table',
      items: [
        { kind: 'Positional', value: { value: 1 } },
        { kind: 'Keyed', key: { kind: 'String', value: 'x' }, value: { value: 2 } },
        { kind: 'Keyed', key: { value: 3 }, value: { value: 4 } },
        { kind: 'Positional', value: { kind: 'Call' } },
      ],
    });
  });

  it('literals: numbers as 5.1 reads them, strings as bytes', () => {
    expect(ret('return 0x10, 1e2, .5, 0x1p4, "\\65\\n\\255", [==[\nx]]==]').map((e) => (e as { value: unknown }).value)).toEqual([
      16, 100, 0.5, 16, 'A\n\xff', 'x]', // the closing bracket is ]==], so one ] is content
    ]);
  });
});

describe('lua parser: names and scopes', () => {
  it('locals, upvalues and globals, with one LocalVar per declaration', () => {
    const s = stats('local x = 1 local function f() return x, y end local x = x return x');
    const [l1, lf, l2, r] = s;
    expect(l1).toMatchObject({ kind: 'Local', vars: [{ name: 'x' }] });
    const x1 = (l1 as { vars: unknown[] }).vars[0];
    const f = (lf as { func: FunctionExpr }).func;
    expect(f.upvalues).toEqual([x1]);
    expect(f.body.stats[0]).toMatchObject({ kind: 'Return', exprs: [{ kind: 'Upvalue', v: x1 }, { kind: 'Global', name: 'y' }] });
    expect((x1 as { captured: boolean }).captured).toBe(true);
    // `local x = x` reads the previous x; the return reads the new one.
    expect(l2).toMatchObject({ kind: 'Local', exprs: [{ kind: 'Local', v: x1 }] });
    const x2 = (l2 as { vars: unknown[] }).vars[0];
    expect(x2).not.toBe(x1);
    expect(r).toMatchObject({ kind: 'Return', exprs: [{ kind: 'Local', v: x2 }] });
  });

  it('local function sees itself; a local function value does not', () => {
    const [lf] = stats('local function f() return f end');
    expect((lf as { func: FunctionExpr }).func.body.stats[0]).toMatchObject({ exprs: [{ kind: 'Upvalue', v: { name: 'f' } }] });
    const [l] = stats('local f = function() return f end');
    expect((l as { exprs: FunctionExpr[] }).exprs[0]!.body.stats[0]).toMatchObject({ exprs: [{ kind: 'Global', name: 'f' }] });
  });

  it('repeat-until: the condition sees the body locals', () => {
    const [r] = stats('repeat local done = true until done');
    expect(r).toMatchObject({ kind: 'Repeat', cond: { kind: 'Local', v: { name: 'done' } } });
  });

  it('block scopes end: do-block locals are globals after it', () => {
    expect(stats('do local x = 1 end return x')[1]).toMatchObject({ exprs: [{ kind: 'Global', name: 'x' }] });
  });

  it('numeric and generic for declare their variables for the body only', () => {
    const [nf, gf] = stats('for i = 1, 10, 2 do local _ = i end for k, v in pairs(t) do local _ = k .. v end return i');
    expect(nf).toMatchObject({ kind: 'NumericFor', v: { name: 'i' }, start: { value: 1 }, limit: { value: 10 }, step: { value: 2 } });
    expect((nf as { body: { stats: Stat[] } }).body.stats[0]).toMatchObject({ exprs: [{ kind: 'Local', v: { name: 'i' } }] });
    expect(gf).toMatchObject({ kind: 'GenericFor', vars: [{ name: 'k' }, { name: 'v' }], exprs: [{ kind: 'Call' }] });
    expect(stats('for i = 1, 2 do end return i')[1]).toMatchObject({ exprs: [{ kind: 'Global', name: 'i' }] });
  });

  it('methods get self; vararg functions get the 5.1 compat arg unless they use ...', () => {
    const [fs] = stats('function a.b:m(x) return self end');
    expect(fs).toMatchObject({ kind: 'FunctionStat', isMethod: true, target: { kind: 'Index', key: { value: 'm' }, obj: { kind: 'Index' } } });
    const f = (fs as { func: FunctionExpr }).func;
    expect(f.params.map((p) => p.name)).toEqual(['self', 'x']);
    expect(f.body.stats[0]).toMatchObject({ exprs: [{ kind: 'Local', v: f.params[0] }] });
    const g = (stats('local function g(...) return arg end')[0] as { func: FunctionExpr }).func;
    expect(g).toMatchObject({ isVararg: true, needsArg: true, argVar: { name: 'arg' } });
    expect(g.body.stats[0]).toMatchObject({ exprs: [{ kind: 'Local', v: g.argVar }] });
    const h = (stats('local function h(...) return ... end')[0] as { func: FunctionExpr }).func;
    expect(h).toMatchObject({ isVararg: true, needsArg: false });
    expect(parse('return 1').main).toMatchObject({ isVararg: true, argVar: undefined, line: 0 });
  });
});

describe('lua parser: statements and lines', () => {
  it('assignments, call statements, if/elseif/else, while, break', () => {
    const s = stats('a, b.c = 1, 2\nf(1)\nif x then elseif y then else end\nwhile true do break end');
    expect(s.map((x) => x.kind)).toEqual(['Assign', 'CallStat', 'If', 'While']);
    expect(s[0]).toMatchObject({ targets: [{ kind: 'Global', name: 'a' }, { kind: 'Index' }], exprs: [{ value: 1 }, { value: 2 }] });
    expect(s[2]).toMatchObject({ line: 3, clauses: [{ cond: { name: 'x' } }, { cond: { name: 'y' } }], orelse: { kind: 'Block' } });
    expect(s[3]).toMatchObject({ body: { stats: [{ kind: 'Break' }] } });
  });

  it('lines: a call has the line of its (, an operation where its last operand ends', () => {
    const [l] = stats('local x = f\n\n.g(1,\n2) + \ny');
    expect(l).toMatchObject({
      line: 1,
      exprs: [{ kind: 'Binary', line: 5, left: { kind: 'Call', line: 3, fn: { kind: 'Index', line: 3, obj: { kind: 'Global', line: 1 } } } }],
    });
    const [f] = stats('function f()\nend');
    expect(f).toMatchObject({ func: { line: 1, endLine: 2 } });
  });

  it('compile errors carry 5.1 messages', () => {
    expect(err('x = ')).toBe("user_script:1: unexpected symbol near '<eof>'");
    expect(err('f\n(1)')).toBe("user_script:2: ambiguous syntax (function call x new statement) near '('");
    expect(err('function f()\nreturn 1')).toBe("user_script:2: 'end' expected (to close 'function' at line 1) near '<eof>'");
    expect(err('return "a\\300"')).toBe("user_script:1: escape sequence too large near '\"a'");
    expect(err('x = 3..4')).toBe("user_script:1: malformed number near '3..4'");
    expect(parse.bind(null, 'x =', 'user_function')).toThrow("user_function:1: unexpected symbol near '<eof>'");
  });
});

describe('lua lexer: luaO_str2d (strtod)', () => {
  it.each([
    ['10', 10], ['0x10', 16], ['0X1p4', 16], ['0x1P-2', 0.25], ['1e2', 100], ['.5', 0.5], ['5.', 5], [' 7 ', 7],
    ['1e400', Infinity], ['0x', undefined], ['1e', undefined], ['1..2', undefined], ['', undefined], ['abc', undefined],
    ['-0x10', -16], ['inf', Infinity], ['0xfffffffffffffffff', 295147905179352830000],
  ])('%j', (s, v) => {
    expect(str2number(s)).toBe(v);
  });
});
