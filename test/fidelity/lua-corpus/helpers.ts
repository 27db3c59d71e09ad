/**
 * Building blocks of the hand-written Lua corpus.
 *
 * `val(expr)` runs `return P(expr)`: P renders every value the expression produces (all of them,
 * nils included) as one string, so numbers keep Lua's own formatting (tostring, %.14g) and tables
 * their contents instead of Redis's reply conversion. `ret(expr)` returns the expression raw, so
 * the reply conversion is what is compared. Everything stays on one line, so errors point at
 * user_script:1.
 *
 * P's table rendering sorts the rendered `key=value` entries, so Lua's hash order never shows; a
 * table used as a key renders as `{..}`, never as an address.
 */
import { type LuaCase, PRELUDE } from '../../support/lua-cases.js';

export { PRELUDE };

type Extra = Omit<LuaCase, 'name' | 'script'>;

/** `return P(<expr>)`: every value of the expression, rendered in Lua. */
export function val(group: string, expr: string, extra: Extra = {}): LuaCase {
  return { name: `${group}: ${expr}`, script: `${PRELUDE}return P(${expr})`, ...extra };
}

/** Many `val` cases of one group. */
export function vals(group: string, exprs: string[]): LuaCase[] {
  return exprs.map((e) => val(group, e));
}

/** A body run after the prelude (it should `return P(...)` or raise). */
export function body(group: string, name: string, src: string, extra: Extra = {}): LuaCase {
  return { name: `${group}: ${name}`, script: `${PRELUDE}${src}`, ...extra };
}

/** A whole script sent as is (no prelude): its reply goes through Redis's conversion. */
export function raw(group: string, script: string, extra: Extra & { name?: string } = {}): LuaCase {
  const { name, ...rest } = extra;
  return { name: `${group}: ${name ?? script}`, script, ...rest };
}

/** Many `raw` cases of one group. */
export function raws(group: string, scripts: string[]): LuaCase[] {
  return scripts.map((s) => raw(group, s));
}

/** `return <expr>` as is, for the reply conversion. */
export function rets(group: string, exprs: string[]): LuaCase[] {
  return exprs.map((e) => raw(group, `return ${e}`));
}
