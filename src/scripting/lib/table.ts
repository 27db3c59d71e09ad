/**
 * Lua 5.1's table library (ltablib.c 5.1.5) as Redis 7.0 ships it: concat, foreach, foreachi,
 * getn, insert, maxn, remove, setn, sort. Every access is raw (lua_rawgeti / lua_rawseti), `#t`
 * is lua_objlen (LuaTable.length), and luaL_setn is the no-op it is without LUA_COMPAT_GETN.
 *
 * sort is auxsort ported step for step: the same pivots, the same comparisons in the same order
 * (a comparator sees exactly the calls it would see in Redis, and an inconsistent one fails at
 * the same point with "invalid order function for sorting"), the default order through the
 * runtime's `<` so "attempt to compare ..." reads as Lua's.
 *
 * Error convention: lauxlib.ts's (bare luaL_error texts; the runtime adds the position). Errors
 * 5.1 raises from inside C without a position (comparing two tables, Redis's readonly tables)
 * are the runtime's plain LuaError / RawLuaError.
 */
import { LuaLibraryError, RawLuaError, checkInt, checkString, libFunction as named, toLuaString, typeError } from '../lauxlib.js';
import * as R from '../runtime.js';
import { type LuaFunction, LuaTable, type LuaValue, luaType } from '../values.js';

function checkTable(fname: string, args: readonly LuaValue[], narg: number): LuaTable {
  const t = args[narg - 1];
  if (!(t instanceof LuaTable)) throw typeError(fname, args, narg, 'table');
  return t;
}

function checkFunction(fname: string, args: readonly LuaValue[], narg: number): LuaFunction {
  const f = args[narg - 1];
  if (typeof f !== 'function') throw typeError(fname, args, narg, 'function');
  return f;
}

/** aux_getn: luaL_checktype(table) then luaL_getn, which is (int)lua_objlen. */
function auxGetn(fname: string, args: readonly LuaValue[]): [LuaTable, number] {
  const t = checkTable(fname, args, 1);
  return [t, t.length()];
}

/** lua_rawseti, with Redis's readonly-table check (no position: luaG_runerror inside C). */
function rawseti(t: LuaTable, i: number, v: LuaValue): void {
  if (t.readonly) throw new RawLuaError('Attempt to modify a readonly table');
  t.set(i, v);
}

const truthy = (v: LuaValue): boolean => v !== undefined && v !== false;

// ---------------------------------------------------------------------------------------------

const foreachi = named('foreachi', (args) => {
  const [t, n] = auxGetn('foreachi', args);
  const f = checkFunction('foreachi', args, 2);
  for (let i = 1; i <= n; i++) {
    const r = R.call(f, [i, t.get(i)])[0];
    if (r !== undefined) return [r];
  }
  return [];
});

const foreach = named('foreach', (args) => {
  const t = checkTable('foreach', args, 1);
  const f = checkFunction('foreach', args, 2);
  let k: LuaValue = undefined;
  for (;;) {
    const e = t.next(k);
    if (e === null) throw new RawLuaError("invalid key to 'next'"); // luaH_next's luaG_runerror
    if (e === undefined) return [];
    k = e[0];
    const r = R.call(f, [e[0], e[1]])[0];
    if (r !== undefined) return [r];
  }
});

const maxn = named('maxn', (args) => {
  const t = checkTable('maxn', args, 1);
  let max = 0;
  for (let e = t.next(undefined); e; e = t.next(e[0])) {
    const k = e[0];
    if (typeof k === 'number' && k > max) max = k;
  }
  return [max];
});

const getn = named('getn', (args) => [auxGetn('getn', args)[1]]);

const setn = named('setn', (args) => {
  checkTable('setn', args, 1);
  throw new LuaLibraryError("'setn' is obsolete");
});

const insert = named('insert', (args) => {
  const [t] = auxGetn('insert', args);
  let e = t.length() + 1; // first empty element
  let pos: number;
  switch (args.length) {
    case 2:
      pos = e;
      break;
    case 3: {
      pos = checkInt('insert', args, 2);
      if (pos > e) e = pos; // `grow' array if necessary
      for (let i = e; i > pos; i--) rawseti(t, i, t.get(i - 1)); // t[i] = t[i-1]
      break;
    }
    default:
      throw new LuaLibraryError("wrong number of arguments to 'insert'");
  }
  rawseti(t, pos, args[args.length - 1]);
  return [];
});

const remove = named('remove', (args) => {
  const [t, e] = auxGetn('remove', args);
  let pos = args[1] === undefined ? e : checkInt('remove', args, 2);
  if (!(1 <= pos && pos <= e)) return []; // nothing to remove
  const result = t.get(pos);
  for (; pos < e; pos++) rawseti(t, pos, t.get(pos + 1));
  rawseti(t, e, undefined);
  return [result];
});

const concat = named('concat', (args) => {
  // luaL_optlstring for the separator comes before the table check.
  const sep = args[1] === undefined ? '' : checkString('concat', args, 2);
  const t = checkTable('concat', args, 1);
  let i = args[2] === undefined ? 1 : checkInt('concat', args, 3);
  const last = args[3] === undefined ? t.length() : checkInt('concat', args, 4);
  const parts: string[] = [];
  const field = (k: number): string => {
    const v = t.get(k);
    const s = toLuaString(v);
    if (s === undefined) throw new LuaLibraryError(`invalid value (${luaType(v)}) at index ${k} in table for 'concat'`);
    return s;
  };
  for (; i < last; i++) {
    parts.push(field(i));
    parts.push(sep);
  }
  if (i === last) parts.push(field(i)); // add last value (if interval was not empty)
  return [parts.join('')];
});

// ---------------------------------------------------------------------------------------------
// sort: ltablib.c's quicksort ('Algorithms in MODULA-3', Sedgewick), comparisons in its order

class Sorter {
  constructor(
    readonly t: LuaTable,
    readonly f: LuaValue,
  ) {}

  /** sort_comp(a, b): a < b by the comparator's truth, or the runtime's `<` (lua_lessthan). */
  lt(a: LuaValue, b: LuaValue): boolean {
    if (this.f !== undefined) return truthy(R.call(this.f, [a, b])[0]);
    return R.lt(a, b);
  }

  get(i: number): LuaValue {
    return this.t.get(i);
  }

  /** set2(i, j) after pushing x then y: t[i] = y (the top), t[j] = x. */
  set(i: number, v: LuaValue): void {
    rawseti(this.t, i, v);
  }

  auxsort(l: number, u: number): void {
    while (l < u) {
      // sort elements a[l], a[(l+u)/2] and a[u]
      {
        const al = this.get(l);
        const au = this.get(u);
        if (this.lt(au, al)) {
          // a[u] < a[l]? swap
          this.set(l, au);
          this.set(u, al);
        }
      }
      if (u - l === 1) break; // only 2 elements
      let i = Math.floor((l + u) / 2);
      {
        const ai = this.get(i);
        const al = this.get(l);
        if (this.lt(ai, al)) {
          // a[i] < a[l]?
          this.set(i, al);
          this.set(l, ai);
        } else {
          const au = this.get(u);
          if (this.lt(au, ai)) {
            // a[u] < a[i]?
            this.set(i, au);
            this.set(u, ai);
          }
        }
      }
      if (u - l === 2) break; // only 3 elements
      const P = this.get(i); // Pivot
      {
        const x = this.get(u - 1);
        this.set(i, x);
        this.set(u - 1, P);
      }
      // a[l] <= P == a[u-1] <= a[u], only need to sort from l+1 to u-2
      i = l;
      let j = u - 1;
      for (;;) {
        // invariant: a[l..i] <= P <= a[j..u]
        // repeat ++i until a[i] >= P
        let ai: LuaValue;
        while (this.lt((ai = this.get(++i)), P)) {
          if (i > u) throw new LuaLibraryError('invalid order function for sorting');
        }
        // repeat --j until a[j] <= P
        let aj: LuaValue;
        while (this.lt(P, (aj = this.get(--j)))) {
          if (j < l) throw new LuaLibraryError('invalid order function for sorting');
        }
        if (j < i) break;
        this.set(i, aj);
        this.set(j, ai);
      }
      {
        const x = this.get(u - 1);
        const y = this.get(i);
        this.set(u - 1, y); // swap pivot (a[u-1]) with a[i]
        this.set(i, x);
      }
      // a[l..i-1] <= a[i] == P <= a[i+1..u]; recurse into the smaller half, loop on the larger
      if (i - l < u - i) {
        j = l;
        i = i - 1;
        l = i + 2;
      } else {
        j = i + 1;
        i = u;
        u = j - 2;
      }
      this.auxsort(j, i);
    }
  }
}

const sort = named('sort', (args) => {
  const [t, n] = auxGetn('sort', args);
  const f = args[1];
  if (f !== undefined) checkFunction('sort', args, 2);
  new Sorter(t, f).auxsort(1, n);
  return [];
});

// ---------------------------------------------------------------------------------------------

/** The `table` table, freshly built. */
export function createTableLib(): LuaTable {
  const t = new LuaTable();
  for (const f of [concat, foreach, foreachi, getn, insert, maxn, remove, setn, sort]) t.set(f.luaName!, f);
  return t;
}
