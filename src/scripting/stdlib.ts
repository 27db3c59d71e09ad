/**
 * The libraries Redis 7.0 opens in its Lua state (luaLoadLibraries): base, table, string, math,
 * bit, cjson, cmsgpack, struct; `redis` is the host's (src/scripting/lib/redis.ts). Strings get
 * the metatable {__index = string}, so `s:len()` works.
 */
import type { Bytes } from '../bytes.js';
import * as R from './runtime.js';
import { LuaTable, type LuaFunction, luaType } from './values.js';
import { libFunction } from './lauxlib.js';
import { stringLibrary } from './lib/string.js';
import { createBitLib } from './lib/bit.js';
import { createCjsonLib } from './lib/cjson.js';
import { createCmsgpackLib } from './lib/cmsgpack.js';
import { createStructLib } from './lib/struct.js';

export type Loader = (source: Bytes, chunkname: string) => LuaFunction;

export function openStandardLibraries(g: LuaTable, load: Loader): void {
  void load;
  g.set('_G', g);
  g.set('_VERSION', 'Lua 5.1');
  g.set('next', R.next);
  g.set('pcall', R.pcall);
  g.set('xpcall', R.xpcall);
  g.set('error', R.error);
  g.set('tostring', libFunction('tostring', (args) => [R.tostring(args[0])]));
  g.set('type', libFunction('type', (args) => [luaType(args[0])]));
  g.set('pairs', libFunction('pairs', (args) => [R.next, args[0], undefined]));
  g.set('ipairs', libFunction('ipairs', (args) => [R.ipairsAux, args[0], 0]));
  const string = stringLibrary({ index: (t, k) => R.index(t, k) });
  g.set('string', string);
  const meta = new LuaTable();
  meta.set('__index', string);
  R.setStringMetatable(meta);
  g.set('bit', createBitLib());
  g.set('cjson', createCjsonLib());
  g.set('cmsgpack', createCmsgpackLib());
  g.set('struct', createStructLib());
}
