/**
 * The syntax tree of a Lua 5.1 chunk, as src/scripting/parser.ts builds it (issue P6).
 *
 * What the compiler gets for free from the parser:
 *  - Names are resolved as lparser.c's singlevaraux does: a `Local` (declared in the same function),
 *    an `Upvalue` (a local of an enclosing function) or a `Global`. Each declaration is one
 *    `LocalVar` object, shared by every reference, so `local x = 1; local x = x` gives two objects
 *    and the compiler can name them apart (e.g. `L${id}`) without its own scope analysis.
 *  - `line` on every node that can raise a runtime error, so messages can say `user_script:LINE:`.
 *    5.1 stamps an instruction with the line of the last token consumed when it was emitted
 *    (lcode.c luaK_code uses ls->lastline); the lines recorded here follow that rule where it is
 *    cheap: a call has the line of its `(` / `{` / string argument (luaK_fixline), a binary or
 *    unary operation the line where its last operand ends, an index the line where its key ends.
 *  - Parentheses are kept (`Paren`) because they truncate a call or `...` to one value.
 *
 * Strings (names, string literals) are Bytes: binary strings, one char per byte.
 */
import type { Bytes } from '../bytes.js';

/** One local variable declaration (also parameters, `self`, the 5.1 compat `arg`, loop variables). */
export interface LocalVar {
  name: Bytes;
  /** Unique within the chunk, in declaration order. */
  id: number;
  /** An inner function refers to it (5.1 keeps it in a closed-over upvalue); the compiler may need a fresh binding per loop iteration. */
  captured: boolean;
}

// ---------------------------------------------------------------------------------------------
// Expressions

export interface NilExpr { kind: 'Nil' }
export interface TrueExpr { kind: 'True' }
export interface FalseExpr { kind: 'False' }
export interface NumberExpr { kind: 'Number'; value: number }
export interface StringExpr { kind: 'String'; value: Bytes }
/** `...` (only inside a vararg function; the parser refuses it elsewhere, as 5.1). */
export interface VarargExpr { kind: 'Vararg' }

/** A local of the function being defined. */
export interface LocalExpr { kind: 'Local'; v: LocalVar; line: number }
/** A local of an enclosing function. */
export interface UpvalueExpr { kind: 'Upvalue'; v: LocalVar; line: number }
/** A global: Redis's sandbox errors on reading an undefined one, hence the line. */
export interface GlobalExpr { kind: 'Global'; name: Bytes; line: number }

/** `obj[key]`, `obj.name` (key is then a String). */
export interface IndexExpr { kind: 'Index'; obj: Expr; key: Expr; line: number }

export interface CallExpr { kind: 'Call'; fn: Expr; args: Expr[]; line: number }
/** `obj:name(args)`: obj is evaluated once and passed as the first argument. */
export interface MethodCallExpr { kind: 'MethodCall'; obj: Expr; name: Bytes; args: Expr[]; line: number }

export type BinaryOp =
  | '+' | '-' | '*' | '/' | '%' | '^' | '..'
  | '==' | '~=' | '<' | '<=' | '>' | '>='
  | 'and' | 'or';
export interface BinaryExpr { kind: 'Binary'; op: BinaryOp; left: Expr; right: Expr; line: number }

export type UnaryOp = 'not' | '-' | '#';
export interface UnaryExpr { kind: 'Unary'; op: UnaryOp; operand: Expr; line: number }

/** `(e)`: one value of e (a call or `...` is truncated); also not assignable. */
export interface ParenExpr { kind: 'Paren'; expr: Expr }

/** A table constructor item: positional (`e`), named (`name = e`, key is a String) or keyed (`[k] = e`). */
export type TableItem =
  | { kind: 'Positional'; value: Expr }
  | { kind: 'Keyed'; key: Expr; value: Expr };
/** `{...}`; the last positional item expands when it is a call or `...` (as 5.1's SETLIST MULTRET). */
export interface TableExpr { kind: 'Table'; items: TableItem[]; line: number }

export interface FunctionExpr {
  kind: 'Function';
  /** 5.1's linedefined: 0 for the main chunk. */
  line: number;
  /** 5.1's lastlinedefined (the line of `end`). */
  endLine: number;
  /** Named parameters, after `self` for a method (`function t:m(a)` has params [self, a]). */
  params: LocalVar[];
  isVararg: boolean;
  /**
   * The 5.1 LUA_COMPAT_VARARG local `arg` of a vararg function (not the main chunk): a table of the
   * extra arguments with field `n` when the body never uses `...` (needsArg), else nil.
   */
  argVar: LocalVar | undefined;
  needsArg: boolean;
  /** Locals of enclosing functions this one refers to (directly or for an inner function), in 5.1's upvalue order. */
  upvalues: LocalVar[];
  body: Block;
  /** For messages: the name in `function a.b:c()` / `local function f()` statements, when there is one. */
  name?: Bytes;
}

export type Expr =
  | NilExpr | TrueExpr | FalseExpr | NumberExpr | StringExpr | VarargExpr
  | LocalExpr | UpvalueExpr | GlobalExpr | IndexExpr
  | CallExpr | MethodCallExpr | BinaryExpr | UnaryExpr | ParenExpr | TableExpr | FunctionExpr;

/** What can stand left of `=`. */
export type AssignTarget = LocalExpr | UpvalueExpr | GlobalExpr | IndexExpr;

// ---------------------------------------------------------------------------------------------
// Statements

/** A sequence of statements with its own scope (locals declared in it end with it). */
export interface Block { kind: 'Block'; stats: Stat[] }

/** `local a, b = e1, e2`: the new locals are visible only after the statement (so `local x = x` reads the outer x). */
export interface LocalStat { kind: 'Local'; vars: LocalVar[]; exprs: Expr[]; line: number }
/** `local function f`: f is visible inside its own body (recursion). */
export interface LocalFunctionStat { kind: 'LocalFunction'; v: LocalVar; func: FunctionExpr; line: number }
/** `a, b.c = e1, e2`: 5.1 evaluates every expression before assigning. */
export interface AssignStat { kind: 'Assign'; targets: AssignTarget[]; exprs: Expr[]; line: number }
/** A call as a statement (its results are dropped). */
export interface CallStat { kind: 'CallStat'; call: CallExpr | MethodCallExpr; line: number }
export interface DoStat { kind: 'Do'; body: Block; line: number }
export interface WhileStat { kind: 'While'; cond: Expr; body: Block; line: number }
/** `repeat body until cond`: cond is inside body's scope (it sees body's locals), as 5.1. */
export interface RepeatStat { kind: 'Repeat'; body: Block; cond: Expr; line: number }
export interface IfStat {
  kind: 'If';
  clauses: { cond: Expr; body: Block; line: number }[];
  orelse: Block | undefined;
  line: number;
}
/**
 * `for v = start, limit, step do body end`: v is a fresh local per iteration (visible in body
 * only). `line` is the `for` line; 5.1 raises "'for' initial value must be a number" from its
 * FORPREP instruction, emitted when `do` is consumed, hence `doLine`.
 */
export interface NumericForStat {
  kind: 'NumericFor';
  v: LocalVar;
  start: Expr;
  limit: Expr;
  step: Expr | undefined;
  body: Block;
  line: number;
  doLine: number;
}
/** `for a, b in explist do body end`: explist is adjusted to 3 values (generator, state, control). */
export interface GenericForStat { kind: 'GenericFor'; vars: LocalVar[]; exprs: Expr[]; body: Block; line: number }
/** `function a.b.c:m() end` / `function f() end`: an assignment of the function to the target. */
export interface FunctionStat { kind: 'FunctionStat'; target: AssignTarget; func: FunctionExpr; isMethod: boolean; line: number }
export interface ReturnStat { kind: 'Return'; exprs: Expr[]; line: number }
export interface BreakStat { kind: 'Break'; line: number }

export type Stat =
  | LocalStat | LocalFunctionStat | AssignStat | CallStat | DoStat | WhileStat | RepeatStat | IfStat
  | NumericForStat | GenericForStat | FunctionStat | ReturnStat | BreakStat;

/** A parsed chunk: its main function (vararg, line 0, no upvalues) and how many locals were declared. */
export interface Chunk {
  main: FunctionExpr;
  /** Every LocalVar id is below this. */
  localCount: number;
}
