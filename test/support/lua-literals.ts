/**
 * Values written once and rendered both as Lua source (for the oracle's EVAL) and as the runtime's
 * LuaValues (for calling a library function directly): the shared vocabulary of the library
 * fidelity tests (lua-base-libs, lua-data-libs).
 */
import { formatG } from '../../src/scripting/number-format.js';
import { LuaTable, type LuaValue } from '../../src/scripting/values.js';

export class LitTable {
  constructor(
    readonly pos: Lit[],
    readonly keyed: [Lit, Lit][] = [],
  ) {}
}

/** Any other value: its Lua source and how to make it here (a function, cjson.null, a readonly table...). */
export class LitExpr {
  constructor(
    readonly lua: string,
    readonly ts: () => LuaValue,
  ) {}
}

export type Lit = undefined | boolean | number | string | LitTable | LitExpr;

export const arr = (...xs: Lit[]) => new LitTable(xs);
export const map = (...kv: [Lit, Lit][]) => new LitTable([], kv);

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

/**
 * A Lua expression for a number, infinities and -0 included (none of them literals). A NaN is 0/0
 * (sign bit set on x86), or with `nanBySign` the NaN of the same sign as n's bits.
 */
export function luaNumber(n: number, nanBySign = false): string {
  if (Number.isNaN(n)) {
    f64[0] = n;
    return !nanBySign || u64[0]! >> 63n ? '(0/0)' : '(-(0/0))';
  }
  if (n === Infinity) return '(1/0)';
  if (n === -Infinity) return '(-1/0)';
  if (Object.is(n, -0)) return '(1/(-1/0))'; // not constant-folded, so it stays -0
  return `(${formatG(n, 17)})`;
}

/** A Lua string literal: printable ASCII as is, every other byte as a three-digit decimal escape. */
export function luaString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 34 || c === 92) out += `\\${s[i]}`;
    else if (c >= 32 && c < 127) out += s[i];
    else out += `\\${String(c).padStart(3, '0')}`;
  }
  return `${out}"`;
}

/** Lua source for a value; every NaN as 0/0. */
export function toLua(l: Lit): string {
  return render(l, false);
}

/** Lua source for a value, each NaN with its own sign (for tests of both signs). */
export function toLuaSignedNan(l: Lit): string {
  return render(l, true);
}

function render(l: Lit, nanBySign: boolean): string {
  if (l === undefined) return 'nil';
  if (typeof l === 'boolean') return String(l);
  if (typeof l === 'number') return luaNumber(l, nanBySign);
  if (typeof l === 'string') return luaString(l);
  if (l instanceof LitExpr) return `(${l.lua})`;
  const parts = l.pos.map((x) => render(x, nanBySign));
  for (const [k, v] of l.keyed) parts.push(`[${render(k, nanBySign)}]=${render(v, nanBySign)}`);
  return `{${parts.join(',')}}`;
}

export function toTs(l: Lit): LuaValue {
  if (l instanceof LitExpr) return l.ts();
  if (!(l instanceof LitTable)) return l;
  const t = new LuaTable();
  l.pos.forEach((v, i) => t.set(i + 1, toTs(v)));
  for (const [k, v] of l.keyed) t.set(toTs(k) as Exclude<LuaValue, undefined>, toTs(v));
  return t;
}

/**
 * The Lua side of the libraries' fidelity tests: `ser` renders any value as text the TS side can
 * render the same way (numbers %.17g, strings in hex, tables with sorted entries), `collect` and
 * `render` turn a pcall's results into "OK:v1|v2" or "E:message". `extra` is Lua put first in
 * `ser` (e.g. a line for cjson.null).
 */
export function luaSerializerPrelude(extra = ''): string {
  return `
local function hex(s) return (string.gsub(s, '.', function(c) return string.format('%02x', string.byte(c)) end)) end
local ser
ser = function(v)
  local t = type(v)
${extra}  if t == 'nil' then return 'nil' end
  if t == 'boolean' then return tostring(v) end
  if t == 'number' then if v ~= v then return 'n:nan' end return 'n:' .. string.format('%.17g', v) end
  if t == 'string' then return 's:' .. hex(v) end
  if t == 'table' then
    local e = {}
    for k, x in pairs(v) do e[#e + 1] = ser(k) .. '=' .. ser(x) end
    table.sort(e)
    return '{' .. table.concat(e, ',') .. '}'
  end
  return t
end
local function collect(...) return {n = select('#', ...), ...} end
local function render(r)
  if not r[1] then return 'E:' .. tostring(r[2]) end
  local o = {}
  for i = 2, r.n do o[#o + 1] = ser(r[i]) end
  return 'OK:' .. table.concat(o, '|')
end
`;
}
