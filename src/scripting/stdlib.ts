/**
 * The libraries Redis 7.0 opens in its Lua state (luaLoadLibraries): base, table, string, math,
 * bit, cjson, cmsgpack, struct; `redis` is the host's (src/scripting/lib/redis.ts). Strings get
 * the metatable {__index = string}, so `s:len()` works.
 */
import type { Bytes } from '../bytes.js';
import * as R from './runtime.js';
import { LuaTable, type LuaFunction, type LuaValue } from './values.js';
import { libFunction } from './lauxlib.js';
import { createBaseLib } from './lib/base.js';
import { createTableLib } from './lib/table.js';
import { createMathLib, type Rand48 } from './lib/math.js';
import { stringLibrary } from './lib/string.js';
import { createBitLib } from './lib/bit.js';
import { createCjsonLib } from './lib/cjson.js';
import { createCmsgpackLib } from './lib/cmsgpack.js';
import { createStructLib } from './lib/struct.js';
import { createCoroutineLib } from './lib/coroutine.js';

export type Loader = (source: Bytes, chunkname: string) => LuaFunction;

export interface LibraryOptions {
  /** math.random's generator (one per server in Redis; the process-wide one by default). */
  random?: Rand48;
}

export function openStandardLibraries(g: LuaTable, load: Loader, options: LibraryOptions = {}): void {
  g.set('_G', g);
  for (const [name, value] of createBaseLib({ load, readerError })) g.set(name, value);
  g.set('coroutine', createCoroutineLib());
  g.set('table', createTableLib());
  const string = stringLibrary({ index: (t, k) => R.index(t, k), call: (f, args) => R.callFromC(f, args, -1) });
  g.set('string', string);
  const meta = new LuaTable();
  meta.set('__index', string);
  R.setStringMetatable(meta);
  g.set('math', createMathLib(options.random));
  g.set('bit', createBitLib());
  g.set('cjson', createCjsonLib());
  g.set('cmsgpack', createCmsgpackLib());
  g.set('struct', createStructLib());
  g.set('__redis__err__handler', errorHandler);
}

/**
 * load() runs its reader under the message handler in force: none inside pcall, the handler inside
 * xpcall, and at the script's own level Redis's __redis__err__handler, which makes the error a
 * table {err = 'ERR ' .. tostring(e), source = '@user_script', line = N}.
 */
function readerError(value: LuaValue, line: number | undefined): LuaValue {
  const handlers = R.S.handlers;
  if (handlers.length !== 0) {
    const h = handlers[handlers.length - 1];
    return h === null ? value : R.callFromC(h, [value], -1)[0];
  }
  let t: LuaTable;
  if (value instanceof LuaTable) t = value;
  else {
    t = new LuaTable();
    t.set('err', `ERR ${R.tostring(value)}`);
  }
  t.set('source', `@${R.S.chunkname}`);
  if (line !== undefined) t.set('line', line);
  return t;
}

/**
 * Redis's __redis__err__handler (the message handler of every script call): an error value
 * becomes a table {err = 'ERR ' .. tostring(err)}, a table stays itself. Here the host builds the
 * error reply from the thrown value, so the global exists for scripts that look at it.
 */
const errorHandler = libFunction('__redis__err__handler', (args) => {
  const err = args[0];
  if (err instanceof LuaTable) return [err];
  const t = new LuaTable();
  t.set('err', `ERR ${R.tostring(err)}`);
  return [t];
});
