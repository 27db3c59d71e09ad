/**
 * The Lua 5.1 compiler: turns a parsed chunk (ast.ts) into JavaScript source, which V8 compiles.
 *
 * Shapes of the generated code:
 *  - A Lua function is a JS `function (A)` taking its arguments as an array and returning its
 *    results as an array (values.ts's LuaFunction). Parameters are `let L<id> = A[i]`, `...` is
 *    `V` (the extra arguments), locals are `let L<id>` in the JS block of their Lua block, so a
 *    closure made in a loop captures that iteration's variable, as in Lua.
 *  - Operations with a cheap common case are inlined (numbers for arithmetic and comparison,
 *    strings and numbers for `..`); everything else calls runtime.ts (`R`), which implements
 *    coercions, metamethods and 5.1's error messages. Each call passes the source line and the
 *    operand's 5.1 name ("local 'x'") so errors read as 5.1's.
 *  - Loops and function entries count down `S.steps`; at zero `R.tick()` checks the time budget,
 *    so a script that never ends can be stopped.
 *  - Temporaries `T<n>` hold operands that are evaluated once (and/or, arithmetic on expressions).
 *
 * The generated source is wrapped in `new Function('R', 'G', ...)`: R is the runtime module and
 * G the globals table of the LuaState the chunk is loaded into.
 */
import type {
  AssignTarget, BinaryExpr, Block, CallExpr, Chunk, Expr, FunctionExpr, LocalVar, MethodCallExpr, Stat, TableExpr,
} from './ast.js';
import { cPow } from './runtime.js';

const ARITH: Record<string, { js: string; fn: string }> = {
  '+': { js: '+', fn: 'add' },
  '-': { js: '-', fn: 'sub' },
  '*': { js: '*', fn: 'mul' },
  '/': { js: '/', fn: 'div' },
  '%': { js: '%', fn: 'mod' },
  '^': { js: '**', fn: 'pow' },
};

/** A JS string literal for a binary string. */
function str(s: string): string {
  return JSON.stringify(s);
}

function num(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  if (Object.is(n, -0)) return '-0';
  return String(n);
}

function local(v: LocalVar): string {
  return `L${v.id}`;
}

/** 5.1's getobjname for an operand: how an error message names it ("" for a temporary). */
function describe(e: Expr): string {
  switch (e.kind) {
    case 'Local':
      return `local '${e.v.name}'`;
    case 'Upvalue':
      return `upvalue '${e.v.name}'`;
    case 'Global':
      return `global '${e.name}'`;
    case 'Index':
      return e.key.kind === 'String' ? `field '${e.key.value}'` : "field '?'";
    case 'Paren':
      return describe(e.expr);
    default:
      return '';
  }
}

/** A call or `...`: yields any number of values. */
function isMulti(e: Expr): boolean {
  return e.kind === 'Call' || e.kind === 'MethodCall' || e.kind === 'Vararg';
}

/** Reading it has no side effect and costs nothing, so it can be repeated in inlined code. */
function isSimple(e: Expr): boolean {
  return e.kind === 'Local' || e.kind === 'Upvalue' || e.kind === 'Number' || e.kind === 'String' || e.kind === 'Nil' || e.kind === 'True' || e.kind === 'False';
}

/**
 * lcode.c's constfolding: arithmetic on numeric literals is done at compile time, except a
 * division or modulo by zero and a NaN result. It matters for which zero a function's constant
 * table keeps (see FunctionContext.zero).
 */
function fold(e: Expr): number | undefined {
  switch (e.kind) {
    case 'Number':
      return e.value;
    case 'Paren':
      return fold(e.expr);
    case 'Unary': {
      if (e.op !== '-') return undefined;
      const v = fold(e.operand);
      return v === undefined ? undefined : -v;
    }
    case 'Binary': {
      if (!(e.op in ARITH)) return undefined;
      const a = fold(e.left);
      if (a === undefined) return undefined;
      const b = fold(e.right);
      if (b === undefined) return undefined;
      let r: number;
      switch (e.op) {
        case '+': r = a + b; break;
        case '-': r = a - b; break;
        case '*': r = a * b; break;
        case '/': if (b === 0) return undefined; r = a / b; break;
        case '%': if (b === 0) return undefined; r = a - Math.floor(a / b) * b; break;
        default: r = cPow(a, b);
      }
      return Number.isNaN(r) ? undefined : r;
    }
    default:
      return undefined;
  }
}

/** How deep generator twins go (each level doubles the code of the levels below it). */
const MAX_GENERATOR_DEPTH = 4;

/** Per-function compilation state. */
class FunctionContext {
  temps = 0;
  usesVararg = false;
  /**
   * 5.1 keeps a function's number constants in a table keyed by value, where 0 and -0 are one
   * key: whichever zero comes first stands for both (`return 1/0, -0.0` divides by 0, but
   * `local z = -0.0 return 1/0` gives -inf).
   */
  zero: number | undefined;
  constant(v: number): number {
    if (v !== 0) return v;
    return (this.zero ??= v);
  }
  newTemp(): string {
    return `T${this.temps++}`;
  }
}

export class Compiler {
  private fn: FunctionContext = new FunctionContext();

  /** @param lineBase added to every line passed to the runtime: it names the chunk (runtime.lineBase). */
  constructor(private readonly lineBase = 0) {}

  /** A source line as the runtime gets it. */
  private L(line: number): string {
    return String(line + this.lineBase);
  }

  /** The JS source of a chunk: an expression evaluating to its main function. */
  compileChunk(chunk: Chunk, coroutines: boolean): string {
    this.coroutines = coroutines;
    return this.functionExpr(chunk.main, 0);
  }

  /**
   * Coroutines: when the chunk mentions `coroutine`, every function below the main one (down to
   * MAX_GENERATOR_DEPTH) is also compiled as a generator whose calls are `yield*`, so a body run
   * by coroutine.resume can be suspended from any depth of Lua calls. Calls made through a
   * native function (pcall, a metamethod) run the plain twin, and a yield there is 5.1's
   * "attempt to yield across metamethod/C-call boundary". Chunks without coroutines pay nothing.
   */
  private coroutines = false;
  /** Compiling a generator twin: calls are `yield*`. */
  private generator = false;
  /** Nesting depth of the function being compiled (the main chunk is 0). */
  private depth = 0;

  // -------------------------------------------------------------------------------------------
  // Functions

  private functionExpr(f: FunctionExpr, depth = this.depth + 1): string {
    const outerDepth = this.depth;
    const outerGenerator = this.generator;
    this.depth = depth;
    try {
      this.generator = false;
      const plain = this.functionBody(f);
      if (!this.coroutines || depth === 0 || depth > MAX_GENERATOR_DEPTH) return plain;
      this.generator = true;
      const gen = this.functionBody(f);
      return `R.withGenerator(${plain}, ${gen})`;
    } finally {
      this.depth = outerDepth;
      this.generator = outerGenerator;
    }
  }

  private functionBody(f: FunctionExpr): string {
    const outer = this.fn;
    this.fn = new FunctionContext();
    try {
      const body = this.block(f.body);
      const head: string[] = [];
      head.push(`if (--S.steps < 0) R.tick(${this.L(f.line)});`);
      const np = f.params.length;
      if (np > 0) head.push(`let ${f.params.map((p, i) => `${local(p)} = A[${i}]`).join(', ')};`);
      if (f.isVararg && this.fn.usesVararg) head.push(`const V = A.length > ${np} ? A.slice(${np}) : [];`);
      if (f.argVar !== undefined) {
        head.push(f.needsArg ? `let ${local(f.argVar)} = R.argTable(A, ${np});` : `let ${local(f.argVar)};`);
      }
      if (this.fn.temps > 0) head.push(`let ${Array.from({ length: this.fn.temps }, (_, i) => `T${i}`).join(', ')};`);
      return `(function${this.generator ? '*' : ''} (A) {\n${head.join('\n')}\n${body}\nreturn [];\n})`;
    } finally {
      this.fn = outer;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Statements

  private block(b: Block): string {
    let out = '';
    for (const s of b.stats) out += this.stat(s) + '\n';
    return out;
  }

  private stat(s: Stat): string {
    switch (s.kind) {
      case 'Local':
        return this.localStat(s.vars, s.exprs);
      case 'LocalFunction':
        return `let ${local(s.v)}; ${local(s.v)} = ${this.functionExpr(s.func)};`;
      case 'Assign':
        return this.assign(s.targets, s.exprs, s.line);
      case 'CallStat':
        return `${this.callMulti(s.call)};`;
      case 'Do':
        return `{\n${this.block(s.body)}}`;
      case 'While':
        return `while (${this.cond(s.cond)}) {\nif (--S.steps < 0) R.tick(${this.L(s.line)});\n${this.block(s.body)}}`;
      case 'Repeat':
        return `for (;;) {\nif (--S.steps < 0) R.tick(${this.L(s.line)});\n${this.block(s.body)}if (${this.cond(s.cond)}) break;\n}`;
      case 'If': {
        let out = '';
        s.clauses.forEach((c, i) => {
          out += `${i === 0 ? 'if' : ' else if'} (${this.cond(c.cond)}) {\n${this.block(c.body)}}`;
        });
        if (s.orelse !== undefined) out += ` else {\n${this.block(s.orelse)}}`;
        return out;
      }
      case 'NumericFor': {
        const start = this.fn.newTemp();
        const limit = this.fn.newTemp();
        const step = this.fn.newTemp();
        const i = this.fn.newTemp();
        const l = this.L(s.doLine);
        const init =
          `${start} = R.forNumber(${this.expr(s.start)}, "'for' initial value must be a number", ${l}); ` +
          `${limit} = R.forNumber(${this.expr(s.limit)}, "'for' limit must be a number", ${l}); ` +
          `${step} = ${s.step === undefined ? '1' : `R.forNumber(${this.expr(s.step)}, "'for' step must be a number", ${l})`};`;
        // 5.1's FORPREP/FORLOOP: idx = init - step, then idx += step before each test.
        const positiveLiteral = s.step === undefined || (s.step.kind === 'Number' && s.step.value > 0);
        const test = positiveLiteral ? `${i} <= ${limit}` : `(${step} > 0 ? ${i} <= ${limit} : ${i} >= ${limit})`;
        return (
          `${init}\nfor (${i} = ${start} - ${step}; (${i} += ${step}, ${test});) {\n` +
          `if (--S.steps < 0) R.tick(${l});\nlet ${local(s.v)} = ${i};\n${this.block(s.body)}}`
        );
      }
      case 'GenericFor': {
        const f = this.fn.newTemp();
        const st = this.fn.newTemp();
        const ctl = this.fn.newTemp();
        const r = this.fn.newTemp();
        const init = this.adjust(s.exprs, 3);
        const vars = s.vars.map((v, k) => `${local(v)} = ${r}[${k}]`).join(', ');
        return (
          `${init.prelude}${f} = ${init.values[0]}; ${st} = ${init.values[1]}; ${ctl} = ${init.values[2]};\n` +
          `for (;;) {\nif (--S.steps < 0) R.tick(${this.L(s.line)});\n` +
          `${r} = (${f} === R.pairsNext || ${f} === R.next) && ${st} instanceof R.LuaTable ? R.nextStep(${st}, ${ctl}, ${this.L(s.line)}) : ` +
          `${f} === R.ipairsAux ? R.ipairsStep(${st}, ${ctl}) : ${this.generator ? '(yield* R.callY' : '(R.call'}(${f}, [${st}, ${ctl}], ${this.L(s.line)}, ''));\n` +
          `if (${r}[0] === undefined) break;\n${ctl} = ${r}[0];\nlet ${vars};\n${this.block(s.body)}}`
        );
      }
      case 'FunctionStat':
        return this.assign([s.target], [s.func], s.line);
      case 'Return': {
        // `return f(x)` is a tail call (not `return (f(x))`, which truncates to one value).
        const only = s.exprs.length === 1 ? s.exprs[0]! : undefined;
        if (only !== undefined && only.kind === 'Call' && !this.generator) {
          return `return R.tailcall(${this.expr(only.fn)}, ${this.exprList(only.args)}, ${this.L(only.line)}, ${str(describe(only.fn))});`;
        }
        return `return ${this.exprList(s.exprs)};`;
      }
      case 'Break':
        return 'break;';
    }
  }

  /** `local a, b = ...`: locals take the adjusted values; extra expressions are still evaluated. */
  private localStat(vars: LocalVar[], exprs: Expr[]): string {
    if (exprs.length === 0) return `let ${vars.map(local).join(', ')};`;
    if (vars.length === 1 && exprs.length === 1) return `let ${local(vars[0]!)} = ${this.expr(exprs[0]!)};`;
    const adj = this.adjust(exprs, vars.length);
    return `${adj.prelude}let ${vars.map((v, i) => `${local(v)} = ${adj.values[i]}`).join(', ')};`;
  }

  /**
   * Evaluates `exprs` adjusted to n values: the prelude runs the expressions (in order, into
   * temporaries when needed) and `values` are n JS expressions reading the results.
   */
  private adjust(exprs: Expr[], n: number): { prelude: string; values: string[] } {
    let prelude = '';
    const values: string[] = [];
    exprs.forEach((e, i) => {
      const last = i === exprs.length - 1;
      if (last && isMulti(e) && values.length < n) {
        const t = this.fn.newTemp();
        prelude += `${t} = ${this.multi(e)}; `;
        for (let k = 0; values.length < n; k++) values.push(`${t}[${k}]`);
        return;
      }
      if (values.length < n) {
        if (isSimple(e) && e.kind !== 'Local' && e.kind !== 'Upvalue') values.push(this.expr(e));
        else {
          const t = this.fn.newTemp();
          prelude += `${t} = ${this.expr(e)}; `;
          values.push(t);
        }
      } else if (!isSimple(e)) {
        prelude += `${this.expr(e)}; `; // evaluated for its effects, its value dropped
      }
    });
    while (values.length < n) values.push('undefined');
    return { prelude, values };
  }

  /**
   * `targets = exprs`. 5.1 evaluates the targets' tables and keys, then the right-hand side,
   * then assigns (right to left).
   */
  private assign(targets: AssignTarget[], exprs: Expr[], line: number): string {
    if (targets.length === 1 && exprs.length === 1) {
      const t = targets[0]!;
      const v = exprs[0]!;
      if (t.kind === 'Index') {
        return `R.setindex(${this.expr(t.obj)}, ${this.expr(t.key)}, ${this.expr(v)}, ${this.L(t.line)}, ${str(describe(t.obj))});`;
      }
      return this.store(t, this.expr(v), line);
    }
    let out = '';
    const places: { t: AssignTarget; obj?: string; key?: string }[] = targets.map((t) => {
      if (t.kind !== 'Index') return { t };
      const obj = this.fn.newTemp();
      const key = this.fn.newTemp();
      out += `${obj} = ${this.expr(t.obj)}; ${key} = ${this.expr(t.key)}; `;
      return { t, obj, key };
    });
    const adj = this.adjust(exprs, targets.length);
    out += adj.prelude;
    // Every value is read before any target changes (`a, b = b, a`).
    const vals = adj.values.map((v) => {
      const t = this.fn.newTemp();
      out += `${t} = ${v}; `;
      return t;
    });
    for (let i = places.length - 1; i >= 0; i--) {
      const p = places[i]!;
      if (p.t.kind === 'Index') out += `\nR.setindex(${p.obj}, ${p.key}, ${vals[i]}, ${this.L(p.t.line)}, ${str(describe(p.t.obj))});`;
      else out += `\n${this.store(p.t, vals[i]!, line)}`;
    }
    return out;
  }

  private store(t: AssignTarget, value: string, line: number): string {
    switch (t.kind) {
      case 'Local':
      case 'Upvalue':
        return `${local(t.v)} = ${value};`;
      case 'Global':
        return `R.setindex(G, ${str(t.name)}, ${value}, ${this.L(t.line || line)}, '');`;
      case 'Index':
        return `R.setindex(${this.expr(t.obj)}, ${this.expr(t.key)}, ${value}, ${this.L(t.line)}, ${str(describe(t.obj))});`;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Expressions

  /** A JS expression for the list's values as an array (the last call or `...` expands). */
  private exprList(exprs: Expr[]): string {
    if (exprs.length === 0) return '[]';
    const last = exprs[exprs.length - 1]!;
    if (exprs.length === 1 && isMulti(last)) return this.multi(last);
    const firsts = exprs.slice(0, -1).map((e) => this.expr(e));
    if (isMulti(last)) return `[${firsts.join(', ')}${firsts.length ? ', ' : ''}...${this.multi(last)}]`;
    return `[${[...firsts, this.expr(last)].join(', ')}]`;
  }

  /** A JS expression for every value of a call or `...` (an array). */
  private multi(e: Expr): string {
    if (e.kind === 'Vararg') {
      this.fn.usesVararg = true;
      return 'V';
    }
    return this.callMulti(e as CallExpr | MethodCallExpr);
  }

  private callMulti(e: CallExpr | MethodCallExpr): string {
    const y = this.generator ? 'Y' : '';
    let call: string;
    if (e.kind === 'MethodCall') {
      const args = this.exprList(e.args);
      const withSelf = args === '[]' ? '[undefined]' : args.startsWith('[') ? `[undefined, ${args.slice(1)}` : `[undefined, ...${args}]`;
      call = `R.callMethod${y}(${this.expr(e.obj)}, ${str(e.name)}, ${withSelf}, ${this.L(e.line)}, ${str(describe(e.obj))})`;
    } else {
      call = `R.call${y}(${this.expr(e.fn)}, ${this.exprList(e.args)}, ${this.L(e.line)}, ${str(describe(e.fn))})`;
    }
    return this.generator ? `(yield* ${call})` : call;
  }

  /** A JS expression for exactly one value of e. */
  expr(e: Expr): string {
    switch (e.kind) {
      case 'Nil':
        return 'undefined';
      case 'True':
        return 'true';
      case 'False':
        return 'false';
      case 'Number':
        return num(this.fn.constant(e.value));
      case 'String':
        return str(e.value);
      case 'Vararg':
        this.fn.usesVararg = true;
        return 'V[0]';
      case 'Local':
      case 'Upvalue':
        return local(e.v);
      case 'Global':
        return `R.getglobal(G, ${str(e.name)}, ${this.L(e.line)})`;
      case 'Index':
        if (e.key.kind === 'String') return `R.indexString(${this.expr(e.obj)}, ${str(e.key.value)}, ${this.L(e.line)}, ${str(describe(e.obj))})`;
        return `R.index(${this.expr(e.obj)}, ${this.expr(e.key)}, ${this.L(e.line)}, ${str(describe(e.obj))})`;
      case 'Call':
      case 'MethodCall':
        return `${this.callMulti(e)}[0]`;
      case 'Paren':
        return this.expr(e.expr);
      case 'Function':
        return this.functionExpr(e);
      case 'Table':
        return this.table(e);
      case 'Unary':
        if (e.op === '-') {
          const v = fold(e);
          if (v !== undefined) return `(${num(this.fn.constant(v))})`;
        }
        switch (e.op) {
          case 'not':
            return `!${this.truth(e.operand)}`;
          case '-':
            return `R.unm(${this.expr(e.operand)}, ${this.L(e.line)}, ${str(describe(e.operand))})`;
          case '#':
            return `R.len(${this.expr(e.operand)}, ${this.L(e.line)}, ${str(describe(e.operand))})`;
        }
      // falls through (unreachable)
      case 'Binary':
        return this.binary(e as BinaryExpr);
    }
  }

  /** A JS boolean expression: is e's value true in Lua (neither nil nor false)? */
  private truth(e: Expr): string {
    if (e.kind === 'Paren') return this.truth(e.expr);
    if (e.kind === 'Binary' && ['==', '~=', '<', '<=', '>', '>='].includes(e.op)) return this.binary(e);
    if (e.kind === 'Unary' && e.op === 'not') return this.expr(e);
    if (e.kind === 'True') return 'true';
    if (e.kind === 'False' || e.kind === 'Nil') return 'false';
    if (e.kind === 'Number' || e.kind === 'String' || e.kind === 'Function' || e.kind === 'Table') return `(${this.expr(e)}, true)`;
    if (e.kind === 'Local' || e.kind === 'Upvalue') {
      const v = local(e.v);
      return `(${v} !== undefined && ${v} !== false)`;
    }
    const t = this.fn.newTemp();
    return `((${t} = ${this.expr(e)}) !== undefined && ${t} !== false)`;
  }

  private cond(e: Expr): string {
    return this.truth(e);
  }

  private binary(e: BinaryExpr): string {
    const op = e.op;
    const a = e.left;
    const b = e.right;
    switch (op) {
      case 'and': {
        const t = this.fn.newTemp();
        return `((${t} = ${this.expr(a)}) === undefined || ${t} === false ? ${t} : ${this.expr(b)})`;
      }
      case 'or': {
        const t = this.fn.newTemp();
        return `((${t} = ${this.expr(a)}) === undefined || ${t} === false ? ${this.expr(b)} : ${t})`;
      }
      case '..':
        return this.concat(e);
      case '==':
      case '~=': {
        const neg = op === '~=' ? '!' : '';
        // Metamethods (__eq) only apply to two tables: a literal operand makes it plain identity.
        const literal = (x: Expr) => isSimple(x) && x.kind !== 'Local' && x.kind !== 'Upvalue';
        if (literal(a) || literal(b)) return `(${this.expr(a)} ${neg === '' ? '===' : '!=='} ${this.expr(b)})`;
        return `${neg}R.equals(${this.expr(a)}, ${this.expr(b)}, ${this.L(e.line)})`;
      }
      case '<':
      case '<=':
      case '>':
      case '>=': {
        const fn = op === '<' ? 'lt' : op === '<=' ? 'le' : op === '>' ? 'gt' : 'ge';
        if (isSimple(a) && isSimple(b)) {
          const x = this.expr(a);
          const y = this.expr(b);
          return `(typeof ${x} === 'number' && typeof ${y} === 'number' ? ${x} ${op} ${y} : R.${fn}(${x}, ${y}, ${this.L(e.line)}))`;
        }
        return `R.${fn}(${this.expr(a)}, ${this.expr(b)}, ${this.L(e.line)})`;
      }
      default: {
        const folded = fold(e);
        if (folded !== undefined) return `(${num(this.fn.constant(folded))})`;
        const arith = ARITH[op]!;
        const dA = str(describe(a));
        const dB = str(describe(b));
        const x = isSimple(a) ? this.expr(a) : this.fn.newTemp();
        const y = isSimple(b) ? this.expr(b) : this.fn.newTemp();
        const pre = `${x === this.expr(a) ? '' : `${x} = ${this.expr(a)}, `}${y === this.expr(b) ? '' : `${y} = ${this.expr(b)}, `}`;
        const checks = [a.kind === 'Number' ? '' : `typeof ${x} === 'number'`, b.kind === 'Number' ? '' : `typeof ${y} === 'number'`].filter((c) => c !== '');
        const fast = op === '%' ? `${x} - Math.floor(${x} / ${y}) * ${y}` : op === '^' ? `R.cPow(${x}, ${y})` : `${x} ${arith.js} ${y}`;
        const slow = `R.${arith.fn}(${x}, ${y}, ${this.L(e.line)}, ${dA}, ${dB})`;
        if (checks.length === 0) return `(${fast})`;
        return `(${pre}${checks.join(' && ')} ? ${fast} : ${slow})`;
      }
    }
  }

  /** `a .. b .. c` is one 5.1 CONCAT over all operands of the right-associated chain. */
  private concat(e: BinaryExpr): string {
    const operands: Expr[] = [];
    let cur: Expr = e;
    while (cur.kind === 'Binary' && cur.op === '..') {
      operands.push(cur.left);
      cur = cur.right;
    }
    operands.push(cur);
    if (operands.length === 2) {
      return `R.concat(${this.expr(operands[0]!)}, ${this.expr(operands[1]!)}, ${this.L(e.line)}, ${str(describe(operands[0]!))}, ${str(describe(operands[1]!))})`;
    }
    return `R.concatN([${operands.map((o) => this.expr(o)).join(', ')}], ${this.L(e.line)}, ${JSON.stringify(operands.map(describe))})`;
  }

  private table(e: TableExpr): string {
    const positional: Expr[] = [];
    const keyed: string[] = [];
    for (const item of e.items) {
      if (item.kind === 'Positional') positional.push(item.value);
      else keyed.push(this.expr(item.key), this.expr(item.value));
    }
    let arr = this.exprList(positional);
    // The table's array part must be its own array, not a call's results or `V`.
    if (!arr.startsWith('[')) arr = `[...${arr}]`;
    // OP_NEWTABLE's sizes: the fixed items (a trailing call or `...` is not counted) and the fields.
    const last = positional[positional.length - 1];
    const narray = positional.length - (last !== undefined && isMulti(last) ? 1 : 0);
    const nhash = keyed.length / 2;
    return `R.newTable(${arr}, ${keyed.length === 0 ? 'undefined' : `[${keyed.join(', ')}]`}, ${this.L(e.line)}, ${narray}, ${nhash})`;
  }

}

/** Compiles a parsed chunk to a factory: given the runtime and the globals table, the chunk's main function. */
export function compileChunk(chunk: Chunk, lineBase = 0, coroutines = false): string {
  return new Compiler(lineBase).compileChunk(chunk, coroutines);
}
