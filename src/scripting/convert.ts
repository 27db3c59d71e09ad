/**
 * Conversions between Redis replies and Lua values, as Redis 7.0's script_lua.c does them.
 *
 * Reply -> Lua (what `redis.call` returns; redisProtocolToLuaType): the reply as the script
 * client received it in the protocol it runs (RESP2 by default, RESP3 after `redis.setresp(3)`):
 *
 *   integer -> number                 bulk -> string            status -> {ok=...}
 *   error   -> {err=..., ignore_error_stats_update=true}     array -> table (1..n)
 *   RESP2 nil (bulk or array) -> false
 *   RESP3: null -> nil, map -> {map={k=v}}, set -> {set={m=true}}, double -> {double=n},
 *          boolean -> boolean, big number -> {big_number=s}, verbatim -> {verbatim_string={format=, string=}}
 *   (in RESP2 those kinds arrive as their RESP2 renderings: flat arrays, bulk strings, 1/0)
 *
 * Lua -> reply (what a script returns; luaReplyToRedisReply):
 *
 *   string -> bulk                    number -> integer, truncated by C's (long long) cast
 *   true -> 1 (RESP3 client: #t)      false -> nil (RESP3 client: #f)     nil, function, userdata -> nil
 *   table with a string `err` -> error, `ok` -> status, a number `double` -> double,
 *   a string `big_number`, `verbatim_string` {format, string}, a table `map` or `set`;
 *   any other table -> array of t[1], t[2], ... up to the first nil.
 * Those fields are read raw (lua_rawget), in that order. Deep nesting (a table that contains
 * itself) stops where Redis's Lua C stack would overflow, with "ERR reached lua stack limit".
 */
import type { Bytes } from '../bytes.js';
import { formatDouble } from '../numbers.js';
import {
  BigNumberReply,
  BoolReply,
  DoubleReply,
  ErrorReply,
  MapReply,
  MultiReply,
  NilArrayReply,
  PinnedReply,
  PushReply,
  type Reply,
  SetReply,
  StatusReply,
  VerbatimReply,
} from '../reply.js';
import { LuaTable, type LuaValue } from './values.js';

/**
 * An error reply a script produced that Redis does not count again in the error statistics
 * (ERR_REPLY_FLAG_NO_STATS_UPDATE): the error of a `redis.call` that failed, which was counted
 * when that command replied. The command running the script still counts as failed.
 */
export class ScriptErrorReply extends ErrorReply {
  constructor(
    message: string,
    readonly countsInStats: boolean,
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------------------------------------
// Error tables

/** A C string: Redis reads these Lua strings with lua_tostring + "%s", so they end at a NUL. */
function cString(s: Bytes): Bytes {
  const nul = s.indexOf('\0');
  return nul < 0 ? s : s.slice(0, nul);
}

/** sdstrim(s, "\r\n"): CR and LF removed from both ends. */
function trimCrLf(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && (s.charCodeAt(a) === 13 || s.charCodeAt(a) === 10)) a++;
  while (b > a && (s.charCodeAt(b - 1) === 13 || s.charCodeAt(b - 1) === 10)) b--;
  return s.slice(a, b);
}

/** sdsmapchars(s, "\r\n", "  "): an error or status reply stays one protocol line. */
export function crLfToSpaces(s: string): string {
  return /[\r\n]/.test(s) ? s.replace(/[\r\n]/g, ' ') : s;
}

/**
 * luaPushErrorBuff: the error table for `text`, which is either "-CODE message" (a Redis error
 * reply) or a bare message that gets the code ERR. The message loses CR/LF at its ends.
 */
export function errorTable(text: Bytes): LuaTable {
  let code: string;
  let msg: string;
  if (text.startsWith('-')) {
    const space = text.indexOf(' ');
    if (space < 0) {
      code = 'ERR';
      msg = text.slice(1);
    } else {
      code = text.slice(1, space);
      msg = text.slice(space + 1);
    }
  } else {
    code = 'ERR';
    msg = text;
  }
  const t = new LuaTable();
  t.set('err', cString(`${cString(code)} ${trimCrLf(cString(msg))}`));
  return t;
}

/** The error table of a command's error reply (or of a refusal scriptCall made): the error was already counted. */
export function commandErrorTable(text: Bytes): LuaTable {
  const t = errorTable(text);
  t.set('ignore_error_stats_update', true);
  return t;
}

// ---------------------------------------------------------------------------------------------
// Reply -> Lua

function table(entries: LuaValue[]): LuaTable {
  const t = new LuaTable();
  for (let i = 0; i < entries.length; i++) {
    const v = entries[i];
    if (v !== undefined) t.set(i + 1, v);
  }
  return t;
}

function field(name: string, value: LuaValue): LuaTable {
  const t = new LuaTable();
  t.set(name, value);
  return t;
}

/** A command's reply as a Lua value, for a script client speaking protocol `resp`. */
export function replyToLua(reply: Reply, resp: 2 | 3): LuaValue {
  if (typeof reply === 'string') return reply;
  if (typeof reply === 'number') return reply;
  if (typeof reply === 'bigint') return Number(reply);
  if (reply === null) return resp === 2 ? false : undefined;
  if (Array.isArray(reply)) return table(reply.map((r) => replyToLua(r, resp)));
  if (reply instanceof StatusReply) return field('ok', reply.value);
  if (reply instanceof ErrorReply) return commandErrorTable(`-${reply.message}`);
  if (reply instanceof NilArrayReply) return resp === 2 ? false : undefined;
  if (reply instanceof DoubleReply) return resp === 2 ? formatDouble(reply.value) : field('double', reply.value);
  if (reply instanceof BoolReply) return resp === 2 ? (reply.value ? 1 : 0) : reply.value;
  if (reply instanceof MapReply) {
    const items = reply.entries.map((r) => replyToLua(r, resp));
    if (resp === 2) return table(items);
    const map = new LuaTable();
    for (let i = 0; i + 1 < items.length; i += 2) {
      const k = items[i];
      if (k !== undefined && !(typeof k === 'number' && Number.isNaN(k))) map.set(k, items[i + 1]);
    }
    return field('map', map);
  }
  if (reply instanceof SetReply) {
    const items = reply.items.map((r) => replyToLua(r, resp));
    if (resp === 2) return table(items);
    const set = new LuaTable();
    for (const k of items) if (k !== undefined && !(typeof k === 'number' && Number.isNaN(k))) set.set(k, true);
    return field('set', set);
  }
  if (reply instanceof VerbatimReply) {
    if (resp === 2) return reply.text;
    const v = new LuaTable();
    v.set('string', reply.text);
    v.set('format', reply.format);
    return field('verbatim_string', v);
  }
  if (reply instanceof BigNumberReply) return resp === 2 ? reply.digits : field('big_number', reply.digits);
  if (reply instanceof PushReply) return table(reply.items.map((r) => replyToLua(r, resp)));
  if (reply instanceof PinnedReply) return replyToLua(reply.reply, reply.resp);
  if (reply instanceof MultiReply) return table(reply.replies.map((r) => replyToLua(r, resp)));
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Lua -> reply

/**
 * Lua 5.1's LUAI_MAXCSTACK: luaReplyToRedisReply checks lua_checkstack(lua, 4) on entry, which
 * fails once the values it holds on the stack plus 4 pass this.
 */
const MAX_C_STACK = 8000;
/** Stack slots in use when the conversion starts: the error handler and the script's result. */
const START_SLOTS = 2;

/**
 * How deep a reply may nest here (a difference from Redis, which stops only at its Lua stack
 * limit, ~8000 levels for a table that contains itself): replies are encoded and rendered
 * recursively, and a few thousand levels overflow the JS stack.
 */
const MAX_NESTING = 1000;
const STACK_LIMIT = 'ERR reached lua stack limit';

const LLONG_MIN = -9223372036854775808n;

/** C's (long long) cast of a double on x86-64: truncation; NaN and out-of-range values give LLONG_MIN. */
export function toLongLong(n: number): number | bigint {
  if (!(n >= -9223372036854775808 && n < 9223372036854775808)) return LLONG_MIN;
  const t = Math.trunc(n);
  if (t === 0) return 0;
  return Number.isSafeInteger(t) ? t : BigInt(t);
}

/**
 * A script's return value as a reply. `scriptResp` is the protocol the script client ended in
 * (booleans depend on it); the caller's protocol is the edge's business. Nested tables are walked
 * with an explicit stack: a table that contains itself goes 8000 levels deep before Redis stops.
 */
export function luaToReply(v: LuaValue, scriptResp: 2 | 3): Reply {
  const top = convertOne(v, scriptResp, START_SLOTS);
  if (!(top instanceof Pending)) return top;
  const stack: Pending[] = [top];
  while (stack.length !== 0) {
    const frame = stack[stack.length - 1]!;
    const child = frame.nextChild();
    if (child === undefined) {
      stack.pop();
      continue;
    }
    // Redis goes 7995 levels deep; the edges render replies recursively, so stop where they can.
    const r = stack.length >= MAX_NESTING ? new ErrorReply(STACK_LIMIT) : convertOne(child[0], scriptResp, child[1]);
    if (r instanceof Pending) {
      frame.items.push(r.reply);
      stack.push(r);
    } else frame.items.push(r);
  }
  return top.reply;
}

/** A table being converted: its reply (filled in as its children are) and where its iteration is. */
class Pending {
  readonly items: Reply[] = [];
  readonly reply: Reply;
  private j = 1;
  private key: LuaValue = undefined;
  private value: LuaValue = undefined;
  private valuePending = false;
  private done = false;

  constructor(
    private readonly kind: 'array' | 'map' | 'set',
    private readonly t: LuaTable,
    private readonly slots: number,
  ) {
    this.reply = kind === 'array' ? this.items : kind === 'map' ? new MapReply(this.items) : new SetReply(this.items);
  }

  /** The next value to convert and the stack slots in use while it is, or undefined at the end. */
  nextChild(): [LuaValue, number] | undefined {
    if (this.done) return undefined;
    if (this.kind === 'array') {
      const item = this.t.get(this.j++);
      if (item === undefined) {
        this.done = true;
        return undefined;
      }
      // Stack: ..., table, item.
      return [item, this.slots + 1];
    }
    if (this.valuePending) {
      this.valuePending = false;
      // Stack: ..., table, map, key, value (this.slots counts up to the map).
      return [this.value, this.slots + 2];
    }
    const e = this.t.next(this.key);
    if (!e) {
      this.done = true;
      return undefined;
    }
    this.key = e[0];
    if (this.kind === 'set') return [e[0], this.slots + 2]; // ..., set, key, a copy of the key
    this.value = e[1];
    this.valuePending = true;
    return [e[0], this.slots + 3]; // ..., map, key, value, a copy of the key
  }
}

/** One value: a finished reply, or a table whose children are still to convert. */
function convertOne(v: LuaValue, resp: 2 | 3, slots: number): Reply | Pending {
  if (slots + 4 > MAX_C_STACK) return new ErrorReply(STACK_LIMIT);
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
      return toLongLong(v);
    case 'boolean':
      if (resp === 2) return v ? 1 : null;
      return v ? BoolReply.TRUE : BoolReply.FALSE;
  }
  if (!(v instanceof LuaTable)) return null;

  const err = v.get('err');
  if (typeof err === 'string') {
    // addReplyErrorFormatEx("-%s"): trailing CR/LF trimmed, the others become spaces.
    const ignore = v.get('ignore_error_stats_update');
    const message = crLfToSpaces(trimCrLf(`-${cString(err)}`)).slice(1);
    return new ScriptErrorReply(message, !(typeof ignore === 'boolean' && ignore));
  }
  const ok = v.get('ok');
  if (typeof ok === 'string') return new StatusReply(crLfToSpaces(cString(ok)));
  const double = v.get('double');
  if (typeof double === 'number') return new DoubleReply(double);
  const big = v.get('big_number');
  if (typeof big === 'string') return new BigNumberReply(crLfToSpaces(big));
  const verbatim = v.get('verbatim_string');
  if (verbatim instanceof LuaTable) {
    const format = verbatim.get('format');
    const text = verbatim.get('string');
    if (typeof format === 'string' && typeof text === 'string') return new VerbatimReply(cString(format).slice(0, 3).padEnd(3, '\0'), text);
  }
  const map = v.get('map');
  if (map instanceof LuaTable) return new Pending('map', map, slots + 1);
  const set = v.get('set');
  if (set instanceof LuaTable) return new Pending('set', set, slots + 1);
  return new Pending('array', v, slots);
}
