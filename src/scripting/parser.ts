/**
 * The Lua 5.1 parser: a port of lparser.c's grammar rules (5.1.5, as Redis 7.0 embeds it) that
 * builds the syntax tree of ast.ts instead of bytecode, with the same error messages, at the same
 * tokens and lines, and the limits a script can hit (locals, upvalues, syntax nesting, variables
 * in an assignment, registers).
 *
 *   parse(src)                  // Chunk, or throws LuaSyntaxError('user_script:1: ... near ...')
 *   parse(src, 'user_function') // FUNCTION LOAD's chunk name
 *
 * Redis reports the message as `ERR Error compiling script (new function): <message>` (with any
 * CR/LF in it turned into spaces by addReplyErrorFormat); that wrapping is the caller's.
 */
import type { Bytes } from '../bytes.js';
import type {
  AssignTarget, BinaryOp, Block, Chunk, Expr, FunctionExpr, LocalVar, Stat, TableItem, UnaryOp,
} from './ast.js';
import {
  Lexer, token2str,
  TK_AND, TK_BREAK, TK_CONCAT, TK_DO, TK_DOTS, TK_ELSE, TK_ELSEIF, TK_END, TK_EOS, TK_EQ, TK_FALSE,
  TK_FOR, TK_FUNCTION, TK_GE, TK_IF, TK_IN, TK_LE, TK_LOCAL, TK_NAME, TK_NE, TK_NIL, TK_NOT,
  TK_NUMBER, TK_OR, TK_REPEAT, TK_RETURN, TK_STRING, TK_THEN, TK_TRUE, TK_UNTIL, TK_WHILE,
} from './lexer.js';

export { LuaSyntaxError } from './lexer.js';

/** luaconf.h limits as Redis's Lua 5.1 builds them. */
const LUAI_MAXCCALLS = 200;
const LUAI_MAXVARS = 200;
const LUAI_MAXUPVALUES = 60;
/** lcode.c: a function's registers (luaK_checkstack: "function or expression too complex"). */
const MAXSTACK = 250;

/** One active local slot: named ones carry their LocalVar; for-loop control slots are hidden. */
interface ActVar {
  name: Bytes;
  v: LocalVar | undefined;
}

/** lparser.c's BlockCnt, as far as the tree needs it. */
interface BlockCnt {
  previous: BlockCnt | undefined;
  nactvar: number;
  isbreakable: boolean;
}

/** lparser.c's FuncState: the function being parsed. */
interface FuncState {
  prev: FuncState | undefined;
  f: FunctionExpr;
  actvar: ActVar[];
  /** Active locals (actvar[0..nactvar) are in scope; later entries are declared, not yet active). */
  nactvar: number;
  bl: BlockCnt | undefined;
  /** First free register (an approximation of lcode.c's, enough for its "too complex" limit on lists). */
  freereg: number;
}

/** ORDER OPR priorities: [left, right]; right < left makes `..` and `^` right-associative. */
const PRIORITY: Record<number, [number, number, BinaryOp]> = {
  43: [6, 6, '+'],
  45: [6, 6, '-'],
  42: [7, 7, '*'],
  47: [7, 7, '/'],
  37: [7, 7, '%'],
  94: [10, 9, '^'],
  [TK_CONCAT]: [5, 4, '..'],
  [TK_NE]: [3, 3, '~='],
  [TK_EQ]: [3, 3, '=='],
  60: [3, 3, '<'],
  [TK_LE]: [3, 3, '<='],
  62: [3, 3, '>'],
  [TK_GE]: [3, 3, '>='],
  [TK_AND]: [2, 2, 'and'],
  [TK_OR]: [1, 1, 'or'],
};
const UNARY_PRIORITY = 8;

function isMultRet(e: Expr): boolean {
  return e.kind === 'Call' || e.kind === 'MethodCall' || e.kind === 'Vararg';
}

function isAssignable(e: Expr): e is AssignTarget {
  return e.kind === 'Local' || e.kind === 'Upvalue' || e.kind === 'Global' || e.kind === 'Index';
}

/** Expressions left in a register of their own when parsed (a call's result, a constructor's table): lcode.c's VNONRELOC temporaries. */
function holdsReg(e: Expr): boolean {
  while (e.kind === 'Paren') e = e.expr;
  return e.kind === 'Call' || e.kind === 'MethodCall' || e.kind === 'Table';
}

/** Expressions whose value needs no register until used (constants, locals): lcode.c's RK / VLOCAL. */
function isRegisterFree(e: Expr): boolean {
  switch (e.kind) {
    case 'Nil': case 'True': case 'False': case 'Number': case 'String': case 'Local':
      return true;
    default:
      return false;
  }
}

class Parser {
  private readonly ls: Lexer;
  private fs!: FuncState;
  /** L->nCcalls: syntax nesting (chunk and subexpr each count one level). */
  private nCcalls: number;
  private nextLocalId = 0;

  constructor(src: Bytes, chunkname: string, baseLevel: number) {
    this.ls = new Lexer(src, chunkname);
    this.nCcalls = baseLevel;
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private errorExpected(token: number): never {
    this.ls.syntaxError(`'${token2str(token)}' expected`);
  }

  /** errorlimit: a lexerror with no `near`. */
  private errorLimit(fs: FuncState, limit: number, what: string): never {
    const msg = fs.f.line === 0
      ? `main function has more than ${limit} ${what}`
      : `function at line ${fs.f.line} has more than ${limit} ${what}`;
    this.ls.error(msg);
  }

  private testnext(c: number): boolean {
    if (this.ls.tok() === c) {
      this.ls.next();
      return true;
    }
    return false;
  }

  private check(c: number): void {
    if (this.ls.tok() !== c) this.errorExpected(c);
  }

  private checknext(c: number): void {
    this.check(c);
    this.ls.next();
  }

  private checkMatch(what: number, who: number, where: number): void {
    if (!this.testnext(what)) {
      if (where === this.ls.linenumber) this.errorExpected(what);
      this.ls.syntaxError(`'${token2str(what)}' expected (to close '${token2str(who)}' at line ${where})`);
    }
  }

  private strCheckname(): Bytes {
    this.check(TK_NAME);
    const name = this.ls.tv as Bytes;
    this.ls.next();
    return name;
  }

  private enterlevel(): void {
    if (++this.nCcalls > LUAI_MAXCCALLS) this.ls.error('chunk has too many syntax levels');
  }

  private leavelevel(): void {
    this.nCcalls--;
  }

  /** lcode.c luaK_checkstack: the function's registers may not reach MAXSTACK. */
  private checkstack(n: number): void {
    if (this.fs.freereg + n >= MAXSTACK) this.ls.syntaxError('function or expression too complex');
  }

  /** lcode.c luaK_reserveregs. */
  private reserveregs(n: number): void {
    this.checkstack(n);
    this.fs.freereg += n;
  }

  /** luaK_exp2nextreg: a temporary already in the top register is moved nowhere (freeexp then reserve). */
  private exp2nextreg(e: Expr): void {
    if (!holdsReg(e)) this.reserveregs(1);
  }

  /** luaK_exp2RK: constants and locals need no register. */
  private exp2RK(e: Expr): void {
    if (!isRegisterFree(e) && !holdsReg(e)) this.reserveregs(1);
  }

  /** luaK_setmultret / setreturns on an open call or `...` (a vararg takes its first register here). */
  private setmultret(e: Expr): void {
    if (e.kind === 'Vararg') this.reserveregs(1);
  }

  // ---- locals, scopes and names ----------------------------------------------------------------

  private newLocalVar(name: Bytes): LocalVar {
    return { name, id: this.nextLocalId++, captured: false };
  }

  /** new_localvar: declares the n-th pending local (not active until adjustlocalvars). */
  private newLocal(name: Bytes, n: number, hidden = false): LocalVar | undefined {
    const fs = this.fs;
    if (fs.nactvar + n + 1 > LUAI_MAXVARS) this.errorLimit(fs, LUAI_MAXVARS, 'local variables');
    const v = hidden ? undefined : this.newLocalVar(name);
    fs.actvar[fs.nactvar + n] = { name, v };
    return v;
  }

  private adjustlocalvars(nvars: number): void {
    this.fs.nactvar += nvars;
  }

  private removevars(tolevel: number): void {
    const fs = this.fs;
    fs.nactvar = tolevel;
    fs.actvar.length = tolevel;
  }

  private enterblock(bl: BlockCnt, isbreakable: boolean): void {
    const fs = this.fs;
    bl.isbreakable = isbreakable;
    bl.nactvar = fs.nactvar;
    bl.previous = fs.bl;
    fs.bl = bl;
  }

  private leaveblock(): void {
    const fs = this.fs;
    const bl = fs.bl!;
    fs.bl = bl.previous;
    this.removevars(bl.nactvar);
    fs.freereg = fs.nactvar;
  }

  private newBlock(): BlockCnt {
    return { previous: undefined, nactvar: 0, isbreakable: false };
  }

  /** singlevaraux: the name's local in fs or an enclosing function, registering upvalues on the way. */
  private resolve(fs: FuncState | undefined, name: Bytes): { kind: 'global' } | { kind: 'local' | 'upvalue'; v: LocalVar } {
    if (fs === undefined) return { kind: 'global' };
    for (let i = fs.nactvar - 1; i >= 0; i--) {
      const a = fs.actvar[i]!;
      if (a.name === name && a.v !== undefined) return { kind: 'local', v: a.v };
    }
    const outer = this.resolve(fs.prev, name);
    if (outer.kind === 'global') return outer;
    if (outer.kind === 'local') outer.v.captured = true;
    // indexupvalue: one entry per variable, in first-use order.
    const ups = fs.f.upvalues;
    if (!ups.includes(outer.v)) {
      if (ups.length + 1 > LUAI_MAXUPVALUES) this.errorLimit(fs, LUAI_MAXUPVALUES, 'upvalues');
      ups.push(outer.v);
    }
    return { kind: 'upvalue', v: outer.v };
  }

  /** singlevar: a NAME as a local, upvalue or global. */
  private singlevar(): Expr {
    const name = this.strCheckname();
    const line = this.ls.lastline;
    const r = this.resolve(this.fs, name);
    if (r.kind === 'global') return { kind: 'Global', name, line };
    return r.kind === 'local' ? { kind: 'Local', v: r.v, line } : { kind: 'Upvalue', v: r.v, line };
  }

  // ---- functions -------------------------------------------------------------------------------

  private openFunc(line: number): FuncState {
    const f: FunctionExpr = {
      kind: 'Function', line, endLine: 0, params: [], isVararg: false, argVar: undefined, needsArg: false,
      upvalues: [], body: { kind: 'Block', stats: [] },
    };
    const fs: FuncState = { prev: this.fs, f, actvar: [], nactvar: 0, bl: undefined, freereg: 0 };
    this.fs = fs;
    return fs;
  }

  private closeFunc(): void {
    this.removevars(0);
    this.fs = this.fs.prev!;
  }

  parseChunk(): Chunk {
    this.fs = undefined as unknown as FuncState;
    const fs = this.openFunc(0);
    fs.f.isVararg = true; // the main function is always vararg (and has no `arg`)
    this.ls.next();
    fs.f.body = { kind: 'Block', stats: this.chunk() };
    this.check(TK_EOS);
    fs.f.endLine = this.ls.linenumber;
    return { main: fs.f, localCount: this.nextLocalId };
  }

  /** parlist: [param {',' param}], where `...` must be last and declares the compat `arg`. */
  private parlist(): void {
    const fs = this.fs;
    const f = fs.f;
    let nparams = 0;
    if (this.ls.tok() !== 41 /* ) */) {
      do {
        if (this.ls.tok() === TK_NAME) {
          const v = this.newLocal(this.strCheckname(), nparams++)!;
          f.params.push(v);
        } else if (this.ls.tok() === TK_DOTS) {
          this.ls.next();
          f.argVar = this.newLocal('arg', nparams++);
          f.isVararg = true;
          f.needsArg = true;
        } else {
          this.ls.syntaxError("<name> or '...' expected");
        }
      } while (!f.isVararg && this.testnext(44 /* , */));
    }
    this.adjustlocalvars(nparams);
    fs.freereg = fs.nactvar;
  }

  /** body: '(' parlist ')' chunk END. */
  private body(needself: boolean, line: number): FunctionExpr {
    const fs = this.openFunc(line);
    this.checknext(40 /* ( */);
    if (needself) {
      fs.f.params.push(this.newLocal('self', 0)!);
      this.adjustlocalvars(1);
    }
    this.parlist();
    this.checknext(41 /* ) */);
    fs.f.body = { kind: 'Block', stats: this.chunk() };
    fs.f.endLine = this.ls.linenumber;
    this.checkMatch(TK_END, TK_FUNCTION, line);
    this.closeFunc();
    return fs.f;
  }

  // ---- expressions -----------------------------------------------------------------------------

  /** explist1: expr {',' expr}; every expression but the last is put in a register. */
  private explist1(): Expr[] {
    const list = [this.expr()];
    while (this.testnext(44 /* , */)) {
      this.exp2nextreg(list[list.length - 1]!);
      list.push(this.expr());
    }
    return list;
  }

  private funcargs(): { args: Expr[]; line: number } {
    const line = this.ls.linenumber;
    let args: Expr[];
    switch (this.ls.tok()) {
      case 40: /* ( */ {
        if (line !== this.ls.lastline) this.ls.syntaxError('ambiguous syntax (function call x new statement)');
        this.ls.next();
        if (this.ls.tok() === 41 /* ) */) args = [];
        else {
          args = this.explist1();
          this.setmultret(args[args.length - 1]!);
        }
        this.checkMatch(41, 40, line);
        break;
      }
      case 123: /* { */
        args = [this.constructor_()];
        break;
      case TK_STRING:
        args = [{ kind: 'String', value: this.ls.tv as Bytes }];
        this.ls.next();
        break;
      default:
        this.ls.syntaxError('function arguments expected');
    }
    const last = args[args.length - 1];
    if (last !== undefined && !isMultRet(last)) this.exp2nextreg(last);
    return { args, line };
  }

  /** prefixexp: NAME | '(' expr ')'. */
  private prefixexp(): Expr {
    switch (this.ls.tok()) {
      case 40: /* ( */ {
        const line = this.ls.linenumber;
        this.ls.next();
        const e = this.expr();
        this.checkMatch(41, 40, line);
        return { kind: 'Paren', expr: e };
      }
      case TK_NAME:
        return this.singlevar();
      default:
        this.ls.syntaxError('unexpected symbol');
    }
  }

  /** primaryexp: prefixexp { '.' NAME | '[' exp ']' | ':' NAME funcargs | funcargs }. */
  private primaryexp(): Expr {
    let v = this.prefixexp();
    for (;;) {
      switch (this.ls.tok()) {
        case 46: /* . */ {
          this.ls.next();
          const name = this.strCheckname();
          v = { kind: 'Index', obj: v, key: { kind: 'String', value: name }, line: this.ls.lastline };
          break;
        }
        case 91: /* [ */ {
          const key = this.yindex();
          v = { kind: 'Index', obj: v, key, line: this.ls.lastline };
          break;
        }
        case 58: /* : */ {
          this.ls.next();
          const name = this.strCheckname();
          // luaK_self: the object's temporary register is reused for the method, self goes above it.
          const base = this.fs.freereg - (holdsReg(v) ? 1 : 0);
          this.fs.freereg = base;
          this.reserveregs(2);
          const { args, line } = this.funcargs();
          this.fs.freereg = base + 1;
          v = { kind: 'MethodCall', obj: v, name, args, line };
          break;
        }
        case 40: case TK_STRING: case 123: {
          this.exp2nextreg(v);
          const base = this.fs.freereg - 1;
          const { args, line } = this.funcargs();
          this.fs.freereg = base + 1; // the call leaves one result where the function was
          v = { kind: 'Call', fn: v, args, line };
          break;
        }
        default:
          return v;
      }
    }
  }

  /** yindex: '[' expr ']'. */
  private yindex(): Expr {
    this.ls.next();
    const e = this.expr();
    this.checknext(93 /* ] */);
    return e;
  }

  /** constructor: '{' [field {sep field} [sep]] '}'. */
  private constructor_(): Expr {
    const line = this.ls.linenumber;
    const items: TableItem[] = [];
    const fs = this.fs;
    this.reserveregs(1); // the table
    const base = fs.freereg - 1;
    let pending: Expr | undefined; // the last list item, not yet in its register (closelistfield)
    let tostore = 0; // list items in registers waiting for the next SETLIST (every 50)
    this.checknext(123 /* { */);
    do {
      if (this.ls.tok() === 125 /* } */) break;
      if (pending !== undefined) {
        this.exp2nextreg(pending);
        pending = undefined;
        if (tostore === 50) {
          fs.freereg = base + 1;
          tostore = 0;
        }
      }
      switch (this.ls.tok()) {
        case TK_NAME: {
          this.ls.lookahead();
          if (this.ls.la !== 61 /* = */) {
            pending = this.expr();
            items.push({ kind: 'Positional', value: pending });
            tostore++;
          } else {
            items.push(this.recfield());
          }
          break;
        }
        case 91: /* [ */
          items.push(this.recfield());
          break;
        default:
          pending = this.expr();
          items.push({ kind: 'Positional', value: pending });
          tostore++;
          break;
      }
    } while (this.testnext(44 /* , */) || this.testnext(59 /* ; */));
    this.checkMatch(125, 123, line);
    if (tostore !== 0 && pending !== undefined) {
      if (isMultRet(pending)) this.setmultret(pending);
      else this.exp2nextreg(pending);
    }
    fs.freereg = base + 1;
    return { kind: 'Table', items, line };
  }

  /** recfield: (NAME | '[' exp ']') '=' exp. */
  private recfield(): TableItem {
    const fs = this.fs;
    const reg = fs.freereg;
    const key: Expr = this.ls.tok() === TK_NAME ? { kind: 'String', value: this.strCheckname() } : this.yindex();
    this.checknext(61 /* = */);
    this.exp2RK(key);
    const value = this.expr();
    this.exp2RK(value);
    fs.freereg = reg;
    return { kind: 'Keyed', key, value };
  }

  /** simpleexp: NUMBER | STRING | NIL | true | false | ... | constructor | FUNCTION body | primaryexp. */
  private simpleexp(): Expr {
    let e: Expr;
    switch (this.ls.tok()) {
      case TK_NUMBER:
        e = { kind: 'Number', value: this.ls.tv as number };
        break;
      case TK_STRING:
        e = { kind: 'String', value: this.ls.tv as Bytes };
        break;
      case TK_NIL:
        e = { kind: 'Nil' };
        break;
      case TK_TRUE:
        e = { kind: 'True' };
        break;
      case TK_FALSE:
        e = { kind: 'False' };
        break;
      case TK_DOTS: {
        const f = this.fs.f;
        if (!f.isVararg) this.ls.syntaxError("cannot use '...' outside a vararg function");
        f.needsArg = false; // `...` is used: no `arg` table
        e = { kind: 'Vararg' };
        break;
      }
      case 123: /* { */
        return this.constructor_();
      case TK_FUNCTION: {
        this.ls.next();
        return this.body(false, this.ls.linenumber);
      }
      default:
        return this.primaryexp();
    }
    this.ls.next();
    return e;
  }

  /** subexpr: (simpleexp | unop subexpr) { binop subexpr } with binops above `limit`. */
  private subexpr(limit: number): { e: Expr; op: number } {
    this.enterlevel();
    let e: Expr;
    const t = this.ls.tok();
    const uop: UnaryOp | undefined = t === TK_NOT ? 'not' : t === 45 ? '-' : t === 35 ? '#' : undefined;
    if (uop !== undefined) {
      this.ls.next();
      const operand = this.subexpr(UNARY_PRIORITY).e;
      e = { kind: 'Unary', op: uop, operand, line: this.ls.lastline };
    } else {
      e = this.simpleexp();
    }
    let op = this.ls.tok();
    let p = PRIORITY[op];
    while (p !== undefined && p[0] > limit) {
      this.ls.next();
      // luaK_infix: `..` puts its left operand in a register; arithmetic and comparisons a non-constant one.
      const leftReg = p[2] === '..' || (p[2] !== 'and' && p[2] !== 'or' && !isRegisterFree(e));
      if (leftReg) this.reserveregs(1);
      const r = this.subexpr(p[1]);
      if (leftReg) this.fs.freereg--;
      e = { kind: 'Binary', op: p[2], left: e, right: r.e, line: this.ls.lastline };
      op = r.op;
      p = PRIORITY[op];
    }
    this.leavelevel();
    return { e, op };
  }

  private expr(): Expr {
    return this.subexpr(0).e;
  }

  // ---- statements ------------------------------------------------------------------------------

  private blockFollow(): boolean {
    switch (this.ls.tok()) {
      case TK_ELSE: case TK_ELSEIF: case TK_END: case TK_UNTIL: case TK_EOS:
        return true;
      default:
        return false;
    }
  }

  /** chunk: { stat [';'] }, `return` and `break` last. */
  private chunk(): Stat[] {
    const stats: Stat[] = [];
    let islast = false;
    this.enterlevel();
    while (!islast && !this.blockFollow()) {
      islast = this.statement(stats);
      this.testnext(59 /* ; */);
      this.fs.freereg = this.fs.nactvar;
    }
    this.leavelevel();
    return stats;
  }

  /** block: a chunk in its own scope. */
  private block(): Block {
    const bl = this.newBlock();
    this.enterblock(bl, false);
    const stats = this.chunk();
    this.leaveblock();
    return { kind: 'Block', stats };
  }

  /** Returns true for `return` and `break` (which must end their block). */
  private statement(out: Stat[]): boolean {
    const line = this.ls.linenumber;
    switch (this.ls.tok()) {
      case TK_IF:
        out.push(this.ifstat(line));
        return false;
      case TK_WHILE:
        out.push(this.whilestat(line));
        return false;
      case TK_DO: {
        this.ls.next();
        const body = this.block();
        this.checkMatch(TK_END, TK_DO, line);
        out.push({ kind: 'Do', body, line });
        return false;
      }
      case TK_FOR:
        out.push(this.forstat(line));
        return false;
      case TK_REPEAT:
        out.push(this.repeatstat(line));
        return false;
      case TK_FUNCTION:
        out.push(this.funcstat(line));
        return false;
      case TK_LOCAL:
        this.ls.next();
        out.push(this.testnext(TK_FUNCTION) ? this.localfunc(line) : this.localstat(line));
        return false;
      case TK_RETURN:
        out.push(this.retstat(line));
        return true;
      case TK_BREAK: {
        this.ls.next();
        let bl = this.fs.bl;
        while (bl !== undefined && !bl.isbreakable) bl = bl.previous;
        if (bl === undefined) this.ls.syntaxError('no loop to break');
        out.push({ kind: 'Break', line });
        return true;
      }
      default:
        out.push(this.exprstat(line));
        return false;
    }
  }

  private ifstat(line: number): Stat {
    const clauses: { cond: Expr; body: Block; line: number }[] = [];
    const testThenBlock = (): void => {
      const l = this.ls.linenumber;
      this.ls.next(); // skip IF or ELSEIF
      const cond = this.expr();
      this.checknext(TK_THEN);
      clauses.push({ cond, body: this.block(), line: l });
    };
    testThenBlock();
    while (this.ls.tok() === TK_ELSEIF) testThenBlock();
    let orelse: Block | undefined;
    if (this.ls.tok() === TK_ELSE) {
      this.ls.next();
      orelse = this.block();
    }
    this.checkMatch(TK_END, TK_IF, line);
    return { kind: 'If', clauses, orelse, line };
  }

  private whilestat(line: number): Stat {
    this.ls.next();
    const cond = this.expr();
    const bl = this.newBlock();
    this.enterblock(bl, true);
    this.checknext(TK_DO);
    const body = this.block();
    this.checkMatch(TK_END, TK_WHILE, line);
    this.leaveblock();
    return { kind: 'While', cond, body, line };
  }

  /** repeat: the condition is parsed inside the body's scope. */
  private repeatstat(line: number): Stat {
    const bl1 = this.newBlock();
    const bl2 = this.newBlock();
    this.enterblock(bl1, true); // loop block
    this.enterblock(bl2, false); // scope block
    this.ls.next();
    const stats = this.chunk();
    this.checkMatch(TK_UNTIL, TK_REPEAT, line);
    const cond = this.expr();
    this.leaveblock();
    this.leaveblock();
    return { kind: 'Repeat', body: { kind: 'Block', stats }, cond, line };
  }

  /** exp1: an expression kept in a register (for-loop control values). */
  private exp1(): Expr {
    const e = this.expr();
    this.reserveregs(1);
    return e;
  }

  /** forbody: DO block, with the declared variables in a scope of their own. */
  private forbody(nvars: number): { body: Block; doLine: number } {
    this.adjustlocalvars(3); // control variables
    this.fs.freereg = this.fs.nactvar;
    this.checknext(TK_DO);
    const doLine = this.ls.lastline;
    const bl = this.newBlock();
    this.enterblock(bl, false);
    this.adjustlocalvars(nvars);
    this.reserveregs(nvars);
    const body = this.block();
    this.leaveblock();
    return { body, doLine };
  }

  private forstat(line: number): Stat {
    const bl = this.newBlock();
    this.enterblock(bl, true); // scope for loop and control variables
    this.ls.next();
    const varname = this.strCheckname();
    let s: Stat;
    switch (this.ls.tok()) {
      case 61: /* = */ {
        this.newLocal('(for index)', 0, true);
        this.newLocal('(for limit)', 1, true);
        this.newLocal('(for step)', 2, true);
        const v = this.newLocal(varname, 3)!;
        this.checknext(61);
        const start = this.exp1();
        this.checknext(44 /* , */);
        const limit = this.exp1();
        let step: Expr | undefined;
        if (this.testnext(44)) step = this.exp1();
        else this.reserveregs(1);
        const { body, doLine } = this.forbody(1);
        s = { kind: 'NumericFor', v, start, limit, step, body, line, doLine };
        break;
      }
      case 44: case TK_IN: {
        let nvars = 0;
        this.newLocal('(for generator)', nvars++, true);
        this.newLocal('(for state)', nvars++, true);
        this.newLocal('(for control)', nvars++, true);
        const vars = [this.newLocal(varname, nvars++)!];
        while (this.testnext(44)) vars.push(this.newLocal(this.strCheckname(), nvars++)!);
        this.checknext(TK_IN);
        const exprs = this.explist1();
        this.adjustRegs(3, exprs);
        this.checkstack(3); // room to call the generator
        const { body } = this.forbody(nvars - 3);
        s = { kind: 'GenericFor', vars, exprs, body, line };
        break;
      }
      default:
        this.ls.syntaxError("'=' or 'in' expected");
    }
    this.checkMatch(TK_END, TK_FOR, line);
    this.leaveblock();
    return s;
  }

  /** adjust_assign's registers: nvars values end up in registers from the list's start. */
  private adjustRegs(nvars: number, exprs: Expr[]): void {
    const nexps = exprs.length;
    const last = exprs[nexps - 1];
    if (last !== undefined && isMultRet(last)) {
      const extra = Math.max(nvars - nexps + 1, 0);
      if (last.kind === 'Vararg') this.reserveregs(1); // setreturns on OP_VARARG
      if (extra > 1) this.reserveregs(extra - 1);
    } else {
      if (last !== undefined) this.exp2nextreg(last);
      if (nvars - nexps > 0) this.reserveregs(nvars - nexps);
    }
  }

  private localfunc(line: number): Stat {
    const v = this.newLocal(this.strCheckname(), 0)!;
    this.reserveregs(1);
    this.adjustlocalvars(1);
    const func = this.body(false, this.ls.linenumber);
    func.name = v.name;
    return { kind: 'LocalFunction', v, func, line };
  }

  private localstat(line: number): Stat {
    const vars: LocalVar[] = [];
    do vars.push(this.newLocal(this.strCheckname(), vars.length)!);
    while (this.testnext(44 /* , */));
    const exprs = this.testnext(61 /* = */) ? this.explist1() : [];
    this.adjustRegs(vars.length, exprs);
    this.adjustlocalvars(vars.length);
    return { kind: 'Local', vars, exprs, line };
  }

  /** funcname: NAME {'.' NAME} [':' NAME]. */
  private funcstat(line: number): Stat {
    this.ls.next();
    let target: AssignTarget = this.singlevar() as AssignTarget;
    let fullName = target.kind === 'Index' ? '' : target.kind === 'Global' ? target.name : target.v.name;
    let isMethod = false;
    while (this.ls.tok() === 46 /* . */ || this.ls.tok() === 58 /* : */) {
      isMethod = this.ls.tok() === 58;
      this.ls.next();
      const name = this.strCheckname();
      fullName += (isMethod ? ':' : '.') + name;
      target = { kind: 'Index', obj: target, key: { kind: 'String', value: name }, line: this.ls.lastline };
      if (isMethod) break;
    }
    const func = this.body(isMethod, line);
    func.name = fullName;
    return { kind: 'FunctionStat', target, func, isMethod, line };
  }

  /** exprstat: a call, or an assignment. */
  private exprstat(line: number): Stat {
    const e = this.primaryexp();
    if (e.kind === 'Call' || e.kind === 'MethodCall') return { kind: 'CallStat', call: e, line };
    const targets: Expr[] = [e];
    return this.assignment(targets, line);
  }

  private assignment(targets: Expr[], line: number): Stat {
    for (;;) {
      const last = targets[targets.length - 1]!;
      if (!isAssignable(last)) this.ls.syntaxError('syntax error');
      if (!this.testnext(44 /* , */)) break;
      const nvars = targets.length;
      targets.push(this.primaryexp());
      if (nvars > LUAI_MAXCCALLS - this.nCcalls) this.errorLimit(this.fs, LUAI_MAXCCALLS - this.nCcalls, 'variables in assignment');
    }
    this.checknext(61 /* = */);
    const exprs = this.explist1();
    this.adjustRegs(targets.length, exprs);
    return { kind: 'Assign', targets: targets as AssignTarget[], exprs, line };
  }

  private retstat(line: number): Stat {
    this.ls.next();
    let exprs: Expr[] = [];
    if (!this.blockFollow() && this.ls.tok() !== 59 /* ; */) {
      exprs = this.explist1();
      const last = exprs[exprs.length - 1]!;
      if (isMultRet(last)) this.setmultret(last);
      else if (exprs.length > 1 || (last.kind !== 'Local' && !holdsReg(last))) this.exp2nextreg(last); // luaK_exp2nextreg / exp2anyreg
    }
    return { kind: 'Return', exprs, line };
  }
}

/**
 * Parses a Lua 5.1 chunk. `chunkname` is what messages show (Redis 7.0: `user_script` for EVAL,
 * `user_function` for FUNCTION LOAD); `baseLevel` is the C call depth the parse starts at (0 from
 * Redis; loadstring from a running script starts deeper), which counts toward the 200 levels.
 */
export function parse(src: Bytes, chunkname = 'user_script', baseLevel = 0): Chunk {
  return new Parser(src, chunkname, baseLevel).parseChunk();
}
