/**
 * Nondeterminism, handled: each side's replies are turned into a comparable form (per side, so a
 * recorded transcript normalizes exactly like a live oracle), and the comparison allows a tolerance
 * where time moves between the two runs. Everything not named here is compared exactly.
 *
 *   KEYS, SCAN pages       sorted (order is hash order in Redis)
 *   CONFIG GET             pairs sorted by name (same reason), without the parameters set by the
 *                          oracle's command line (port, bind, save, dir, daemonize, logfile, pidfile)
 *   COMMAND, COMMAND LIST/INFO/DOCS   commands and subcommands sorted by name (same reason);
 *                          over the commands and subcommands the stub implements (the stub is a Redis without
 *                          the others: they are unknown commands there), COMMAND COUNT by shape
 *   RANDOMKEY              "a member of the KEYS * that follows it" (the resolver adds that KEYS *)
 *   SMEMBERS SINTER SUNION SDIFF   sorted (a hashtable's order); SSCAN: a last page sorted, a partial one by shape
 *   SPOP SRANDMEMBER       checked against the set listed right after (the resolver adds an SSCAN; and a DEL after SPOP)
 *   HGETALL HKEYS HVALS HSCAN   exact (a listpack keeps insertion order), sorted where the hash may be a
 *                          hashtable (a string over 64 bytes, more than 512 fields, hash-max-* set in the run)
 *   HRANDFIELD             checked against the HGETALL that follows it (the resolver adds it)
 *   ZRANDMEMBER            by shape: how many picks, flat or pairs, distinct for a positive count
 *   ZSCAN                  a last page as sorted member/score pairs (a skiplist's dict has its own order),
 *                          a partial page by shape
 *   TTL PTTL EXPIRETIME PEXPIRETIME   within a tolerance
 *   TIME LASTSAVE CLIENT ID OBJECT IDLETIME/FREQ MEMORY CLIENT LIST/INFO   shape only
 *   INFO                   the section headers, and the keyspace lines without avg_ttl
 *   HELLO                  everything but the client id
 *   DEBUG OBJECT           everything but the address and the LRU clock
 * Errors are always compared by their full text.
 */
import { COMMANDS } from '../../src/commands/table.js';
import { type Reply, StatusReply } from '../../src/reply.js';
import { type JsonReply, toJson } from './reply-json.js';
import { MultiTracker, type Program, SET_PICK_FOLLOW_UP_COUNT } from './model.js';
import { streamTimesApprox } from './stream-times.js';

/** A number that may differ by up to `±` between the two sides. */
interface Approx {
  '≈': number;
  '±': number;
}

function approx(n: JsonReply, tolerance: number): JsonReply {
  return typeof n === 'number' && n >= 0 ? ({ '≈': n, '±': tolerance } satisfies Approx) : n;
}

function shape(kind: string): JsonReply {
  return { shape: kind };
}

function byteOrder(a: JsonReply, b: JsonReply): number {
  const x = JSON.stringify(a);
  const y = JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function sortedArray(j: JsonReply): JsonReply {
  if (Array.isArray(j)) return [...j].sort(byteOrder);
  if (j !== null && typeof j === 'object' && '~' in j) return { '~': [...(j['~'] as JsonReply[])].sort(byteOrder) };
  return j;
}

/** Name/value pairs sorted by name (flat RESP2 array or RESP3 map). */
function sortedPairs(j: JsonReply): JsonReply {
  const sort = (items: JsonReply[]) => {
    const pairs: JsonReply[][] = [];
    for (let i = 0; i + 1 < items.length; i += 2) pairs.push([items[i]!, items[i + 1]!]);
    return pairs.sort((a, b) => byteOrder(a[0]!, b[0]!)).flat();
  };
  if (Array.isArray(j)) return sort(j);
  if (j !== null && typeof j === 'object' && '%' in j) return { '%': sort(j['%'] as JsonReply[]) };
  return j;
}

/** The items of an array or RESP3 aggregate, and a way to rebuild it with new items. */
function items(j: JsonReply): [JsonReply[], (xs: JsonReply[]) => JsonReply] | undefined {
  if (Array.isArray(j)) return [j, (xs) => xs];
  if (j !== null && typeof j === 'object') {
    for (const tag of ['%', '~'] as const) if (tag in j) return [j[tag] as JsonReply[], (xs) => ({ [tag]: xs })];
  }
  return undefined;
}

/** Whether the stub implements a command (`get`) or subcommand (`config|get`). */
function implemented(name: JsonReply | undefined): boolean {
  if (typeof name !== 'string') return false;
  const [top, sub] = name.toLowerCase().split('|');
  const command = COMMANDS.get(top!);
  return sub === undefined ? command !== undefined : command?.subcommands?.has(sub) === true;
}

/** The entries of a command listing that name a command the stub implements. */
function onlyImplemented(j: JsonReply, nameOf: (entry: JsonReply) => JsonReply | undefined): JsonReply {
  const list = items(j);
  if (!list) return j;
  return list[1](list[0].filter((e) => implemented(nameOf(e))));
}

/** COMMAND INFO rows with a container's subcommands (element 9) in name order. */
function sortedCommandInfo(j: JsonReply): JsonReply {
  const rows = items(j);
  if (!rows) return j;
  return rows[1](
    rows[0].map((row) => {
      if (!Array.isArray(row) || row.length < 10) return row;
      const subs = items(row[9]!);
      if (!subs) return row;
      const known = subs[0].filter((sub) => Array.isArray(sub) && implemented(sub[0]));
      return [...row.slice(0, 9), subs[1](known.sort(byteOrder)), ...row.slice(10)];
    }),
  );
}

/** Name/value pairs whose name is a command the stub implements. */
function onlyImplementedPairs(j: JsonReply): JsonReply {
  const list = items(j);
  if (!list) return j;
  const out: JsonReply[] = [];
  for (let i = 0; i + 1 < list[0].length; i += 2) if (implemented(list[0][i])) out.push(list[0][i]!, list[0][i + 1]!);
  return list[1](out);
}

/** COMMAND DOCS: name/doc pairs in name order, and each container's subcommands too. */
function sortedCommandDocs(j: JsonReply): JsonReply {
  const sortBody = (body: JsonReply): JsonReply => {
    const b = items(body);
    if (!b) return body;
    return b[1](b[0].map((v, i) => (i % 2 === 1 && b[0][i - 1] === 'subcommands' ? sortedCommandDocs(onlyImplementedPairs(v)) : v)));
  };
  const pairs = items(sortedPairs(onlyImplementedPairs(j)));
  if (!pairs) return j;
  return pairs[1](pairs[0].map((v, i) => (i % 2 === 1 ? sortBody(v) : v)));
}

/**
 * Parameters that describe how the oracle was started (its command line, working directory and
 * process), not how Redis behaves: their values differ between any two servers.
 */
const STARTUP_PARAMS = new Set(['port', 'bind', 'save', 'dir', 'daemonize', 'logfile', 'pidfile']);

function withoutStartupParams(j: JsonReply): JsonReply {
  const list = items(j);
  if (!list) return j;
  const out: JsonReply[] = [];
  for (let i = 0; i + 1 < list[0].length; i += 2) if (!STARTUP_PARAMS.has(String(list[0][i]))) out.push(list[0][i]!, list[0][i + 1]!);
  return list[1](out);
}

/** Drops the value after `id` in a HELLO reply (flat RESP2 array or RESP3 map). */
function maskHelloId(j: JsonReply): JsonReply {
  const mask = (items: JsonReply[]) => items.map((v, i) => (i % 2 === 1 && items[i - 1] === 'id' ? shape('client id') : v));
  if (Array.isArray(j)) return mask(j);
  if (j !== null && typeof j === 'object' && '%' in j) return { '%': mask(j['%'] as JsonReply[]) };
  return j;
}

function infoShape(text: string): JsonReply {
  const lines = text.split('\r\n');
  const headers = lines.filter((l) => l.startsWith('# '));
  const keyspace = lines.filter((l) => /^db\d+:/.test(l)).map((l) => l.replace(/,avg_ttl=\d+/, ''));
  return { info: { headers, keyspace } };
}

function textOf(j: JsonReply): string | undefined {
  if (typeof j === 'string') return j;
  if (j !== null && typeof j === 'object' && '=' in j) return (j['='] as string[])[1];
  return undefined;
}

/** The SSCAN that resolve() adds after SPOP/SRANDMEMBER to list the set. */
function isSetPickFollowUp(argv: readonly string[]): boolean {
  return argv.length === 5 && argv[0] === 'SSCAN' && argv[2] === '0' && argv[4] === SET_PICK_FOLLOW_UP_COUNT;
}

/**
 * SSCAN: a page ending the scan (cursor 0) compared sorted (a hashtable's order is its own);
 * a partial page by shape only, since where a hashtable page ends differs between servers. The
 * follow-up after a random pick by its size (the set is what the pick is checked against).
 */
function sscanPage(argv: readonly string[], reply: JsonReply): JsonReply {
  if (!Array.isArray(reply) || reply.length !== 2) return reply;
  if (isSetPickFollowUp(argv) && Array.isArray(reply[1])) return { 'set after a random pick, size': reply[1].length };
  return reply[0] === '0' ? ['0', sortedArray(reply[1]!)] : shape('partial sscan page');
}

/**
 * SPOP and SRANDMEMBER, checked against the set listed right after (see resolve()): what was
 * picked, how many, whether each is a member (SRANDMEMBER) or no longer is (SPOP), distinct when
 * Redis promises it, and for SPOP the popped members together with the rest as one sorted set, so
 * the set before the pop must be the same on both sides.
 */
function setPick(name: string, argv: readonly string[], reply: JsonReply, next?: { argv: readonly string[]; reply: JsonReply }): JsonReply {
  const after = next && isSetPickFollowUp(next.argv) && Array.isArray(next.reply) && Array.isArray(next.reply[1]) ? (next.reply[1] as JsonReply[]) : undefined;
  if (after === undefined || reply === null) return reply;
  const list = typeof reply === 'string' ? [reply] : items(reply)?.[0];
  if (list === undefined) return reply;
  const kind = typeof reply === 'string' ? 'bulk' : Array.isArray(reply) ? 'array' : 'set';
  const distinct = new Set(list.map((x) => JSON.stringify(x))).size === list.length;
  if (name === 'SRANDMEMBER') {
    const positive = argv.length === 3 && !String(argv[2]).startsWith('-');
    return { srandmember: kind, picked: list.length, members: list.every((x) => after.includes(x)), ...(positive ? { distinct } : {}) };
  }
  const gone = list.every((x) => !after.includes(x));
  return { spop: kind, popped: list.length, distinct, gone, before: [...list, ...after].sort(byteOrder) };
}

/**
 * Whether the run may hold hashtable-encoded hashes, whose order is Redis's hash order: set by
 * normalizeRun for each run (any argument over 64 bytes, or hash-max-* changed by CONFIG SET).
 */
let hashOrderUnknown = false;

function mayBeHashtable(program: Program): boolean {
  return program.some(
    (s) => s.argv.some((a) => a.length > 64) || (s.argv[0]?.toUpperCase() === 'CONFIG' && s.argv.some((a) => /^hash-max-/i.test(a))),
  );
}

/** HGETALL (pairs), HKEYS, HVALS: exact for a listpack, sorted where the hash may be a hashtable. */
function hashListing(reply: JsonReply, pairs: boolean): JsonReply {
  const list = items(reply)?.[0];
  if (list === undefined) return reply;
  const big = list.length > (pairs ? 1024 : 512) || list.some((x) => typeof x === 'string' && x.length > 64);
  if (!big && !hashOrderUnknown) return reply;
  return pairs ? sortedPairs(reply) : sortedArray(reply);
}

/** HSCAN: a listpack answers everything at once (cursor 0); a hashtable page by page, in its order. */
function hscanPage(reply: JsonReply): JsonReply {
  if (!Array.isArray(reply) || reply.length !== 2) return reply;
  const page = reply[1]!;
  if (reply[0] === '0') return ['0', hashListing(page, true)];
  return [shape('cursor'), sortedPairs(page)];
}

/** The fields and values of an HGETALL reply (flat array or RESP3 map). */
function hashContents(j: JsonReply): Map<JsonReply, JsonReply> | undefined {
  const list = items(j)?.[0];
  if (list === undefined) return undefined;
  const m = new Map<JsonReply, JsonReply>();
  for (let i = 0; i + 1 < list.length; i += 2) m.set(list[i]!, list[i + 1]!);
  return m;
}

/**
 * HRANDFIELD, checked against the HGETALL after it: fields of the hash with their values, as many
 * as Redis gives (distinct for a positive count), and the reply's shape (pairs in RESP3).
 */
function randomFields(argv: readonly string[], reply: JsonReply, next?: { argv: readonly string[]; reply: JsonReply }): JsonReply {
  const follows = next && next.argv.length === 2 && next.argv[0] === 'HGETALL' && next.argv[1] === argv[1];
  const hash = follows ? hashContents(next.reply) : undefined;
  if (hash === undefined) return reply;
  if (argv.length === 2) {
    if (reply === null) return { hrandfield: 'nil', empty: hash.size === 0 };
    return { hrandfield: 'bulk', field: hash.has(reply) };
  }
  if (!Array.isArray(reply)) return reply;
  const withValues = argv.length === 4;
  const asPairs = withValues && reply.length > 0 && reply.every((x) => Array.isArray(x));
  const picks: [JsonReply, JsonReply | undefined][] = [];
  if (asPairs) for (const p of reply as JsonReply[][]) picks.push([p[0]!, p[1]]);
  else if (withValues) for (let i = 0; i < reply.length; i += 2) picks.push([reply[i]!, reply[i + 1]]);
  else for (const f of reply) picks.push([f, undefined]);
  const valid = picks.every(([f, v]) => hash.has(f) && (!withValues || hash.get(f) === v));
  const count = Number(argv[2]);
  const distinct = new Set(picks.map(([f]) => JSON.stringify(f))).size === picks.length;
  return { hrandfield: asPairs ? 'pairs' : 'flat', length: reply.length, picked: picks.length, valid, ...(count >= 0 ? { distinct } : {}) };
}

/** ZSCAN: member/score pairs of a page that ends the scan, sorted; a partial page by shape. */
function zscanPage(reply: JsonReply): JsonReply {
  if (!Array.isArray(reply) || reply.length !== 2 || !Array.isArray(reply[1])) return reply;
  if (reply[0] !== '0') return shape('partial zscan page');
  const flat = reply[1];
  const pairs: JsonReply[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) pairs.push([flat[i]!, flat[i + 1]!]);
  return ['0', pairs.sort(byteOrder)];
}

/** ZRANDMEMBER: a bulk or nil, or the picks' count, shape and (positive count) distinctness. */
function zsetPick(argv: readonly string[], reply: JsonReply): JsonReply {
  if (reply === null) return reply;
  if (typeof reply === 'string') return { zrandmember: 'bulk' };
  if (!Array.isArray(reply)) return reply;
  const pairs = reply.length > 0 && reply.every((x) => Array.isArray(x));
  const withScores = argv.length === 4;
  const names = pairs ? reply.map((p) => (p as JsonReply[])[0]!) : withScores ? reply.filter((_, i) => i % 2 === 0) : reply;
  const distinct = new Set(names.map((x) => JSON.stringify(x))).size === names.length;
  const positive = !String(argv[2]).startsWith('-');
  return { zrandmember: pairs ? 'pairs' : 'flat', length: reply.length, ...(positive ? { distinct } : {}) };
}

/**
 * The comparable form of one reply. `next` is the reply to the command right after it on the same
 * connection (or in the same EXEC), which RANDOMKEY is checked against.
 */
function normalizeOne(argv: readonly string[], reply: JsonReply, next?: { argv: readonly string[]; reply: JsonReply }): JsonReply {
  if (reply !== null && typeof reply === 'object' && '-' in reply) return reply;
  const name = (argv[0] ?? '').toUpperCase();
  const sub = (argv[1] ?? '').toUpperCase();
  switch (name) {
    case 'XPENDING':
    case 'XINFO':
      // Idle, delivery and seen times: the two servers run the step at different moments.
      return streamTimesApprox(argv, reply, 1000);
    case 'KEYS':
      return sortedArray(reply);
    case 'SCAN':
      if (Array.isArray(reply) && reply.length === 2) return [reply[0] === '0' ? '0' : shape('cursor'), sortedArray(reply[1]!)];
      return reply;
    case 'RANDOMKEY': {
      const keys = next && next.argv[0]?.toUpperCase() === 'KEYS' && next.argv[1] === '*' ? next.reply : undefined;
      if (!Array.isArray(keys)) return reply;
      if (reply === null) return keys.length === 0 ? { randomkey: 'nil from an empty keyspace' } : reply;
      return keys.includes(reply) ? { randomkey: 'a member of KEYS *' } : { randomkey: 'not a member of KEYS *', key: reply };
    }
    case 'SMEMBERS':
    case 'SINTER':
    case 'SUNION':
    case 'SDIFF':
      return sortedArray(reply);
    case 'SSCAN':
      return sscanPage(argv, reply);
    case 'SPOP':
    case 'SRANDMEMBER':
      return setPick(name, argv, reply, next);
    case 'HGETALL':
      return hashListing(reply, true);
    case 'HKEYS':
    case 'HVALS':
      return hashListing(reply, false);
    case 'HSCAN':
      return hscanPage(reply);
    case 'HRANDFIELD':
      return randomFields(argv, reply, next);
    case 'ZRANDMEMBER':
      return zsetPick(argv, reply);
    case 'ZSCAN':
      return zscanPage(reply);
    case 'TTL':
    case 'EXPIRETIME':
      return approx(reply, 2);
    case 'PTTL':
    case 'PEXPIRETIME':
      return approx(reply, 2000);
    case 'TIME':
      return Array.isArray(reply) && reply.length === 2 && reply.every((x) => typeof x === 'string' && /^\d+$/.test(x)) ? shape('time') : reply;
    case 'LASTSAVE':
      return typeof reply === 'number' ? shape('integer') : reply;
    case 'INFO': {
      const text = textOf(reply);
      return text === undefined ? reply : infoShape(text);
    }
    case 'HELLO':
      return maskHelloId(reply);
    case 'CONFIG':
      // Redis keeps parameters in a dict seeded at random on every start: the order means nothing.
      return sub === 'GET' ? sortedPairs(withoutStartupParams(reply)) : reply;
    case 'COMMAND':
      // The command table and each container's subcommands are such dicts too. The stub is a Redis
      // with only the commands it implements (the others are unknown commands), so whole-table
      // listings are compared over those, and the count by shape.
      // COMMAND and COMMAND INFO without names list the whole table.
      if (argv.length === 1 || (sub === 'INFO' && argv.length === 2)) {
        return sortedCommandInfo(sortedArray(onlyImplemented(reply, (row) => (Array.isArray(row) ? row[0] : row))));
      }
      if (sub === 'LIST') return sortedArray(onlyImplemented(reply, (name) => name));
      if (sub === 'COUNT') return typeof reply === 'number' ? shape('integer') : reply;
      if (sub === 'INFO') return sortedCommandInfo(reply);
      if (sub === 'DOCS') return sortedCommandDocs(reply);
      return reply;
    case 'MEMORY':
      if (sub === 'USAGE') return typeof reply === 'number' ? shape('integer') : reply;
      return sub === 'HELP' ? reply : shape('memory');
    case 'OBJECT':
      // Idle time is seconds since the last access, but for a shared integer (0..9999) Redis reports
      // the time since the server started: it depends on the oracle's uptime. FREQ is probabilistic.
      if (sub === 'IDLETIME' || sub === 'FREQ') return typeof reply === 'number' ? shape('integer') : reply;
      return reply;
    case 'CLIENT':
      if (sub === 'ID') return typeof reply === 'number' ? shape('integer') : reply;
      if (sub === 'LIST' || sub === 'INFO') return textOf(reply) !== undefined ? shape('client list') : reply;
      return reply;
    case 'DEBUG':
      if (sub === 'OBJECT' && reply !== null && typeof reply === 'object' && '+' in reply) {
        const text = String(reply['+']);
        return { '+': text.replace(/ at:0x[0-9a-f]+/, ' at:?').replace(/ lru:\d+/, ' lru:?').replace(/ lru_seconds_idle:\d+/, ' lru_seconds_idle:?') };
      }
      return reply;
    default:
      return reply;
  }
}

/** Normalizes a list of replies to consecutive commands (a connection's timeline, or one EXEC). */
function normalizeList(argvs: readonly (readonly string[])[], replies: JsonReply[]): JsonReply[] {
  return replies.map((r, i) => normalizeOne(argvs[i] ?? [], r, i + 1 < replies.length ? { argv: argvs[i + 1] ?? [], reply: replies[i + 1]! } : undefined));
}

function isQueued(r: Reply): boolean {
  return r instanceof StatusReply && r.value === 'QUEUED';
}

/**
 * The comparable form of every reply of a run. Commands queued in MULTI are remembered per
 * connection from their QUEUED replies, so each element of an EXEC reply is normalized as the
 * command that produced it.
 */
export function normalizeRun(program: Program, replies: Reply[]): JsonReply[] {
  hashOrderUnknown = mayBeHashtable(program);
  const queued: string[][][] = [[], []];
  const multi = new MultiTracker();
  const out: JsonReply[] = [];
  for (let i = 0; i < program.length; i++) {
    const step = program[i]!;
    const conn = step.conn ?? 0;
    const reply = replies[i]!;
    const inMulti = multi.isInMulti(conn);
    let json = toJson(reply);
    if (inMulti && isQueued(reply)) {
      queued[conn]!.push(step.argv);
    } else if (inMulti && step.argv.length === 1 && step.argv[0]!.toUpperCase() === 'EXEC') {
      if (Array.isArray(json)) json = normalizeList(queued[conn]!, json);
    } else {
      let j = i + 1;
      while (j < program.length && (program[j]!.conn ?? 0) !== conn) j++;
      const next = j < program.length ? { argv: program[j]!.argv, reply: toJson(replies[j]!) } : undefined;
      json = normalizeOne(step.argv, json, next);
    }
    multi.after(conn, step.argv);
    if (!inMulti && multi.isInMulti(conn)) queued[conn] = [];
    out.push(json);
  }
  return out;
}

function isApprox(j: JsonReply): j is JsonReply & Approx {
  return j !== null && typeof j === 'object' && !Array.isArray(j) && '≈' in j;
}

/** Deep equality of normalized replies, with approximate numbers compared within their tolerance. */
export function sameNormalized(a: JsonReply, b: JsonReply): boolean {
  if (isApprox(a) && isApprox(b)) return Math.abs(a['≈'] - b['≈']) <= Math.max(a['±'], b['±']);
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameNormalized(x, b[i]!));
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => k in b && sameNormalized(a[k] as JsonReply, b[k] as JsonReply));
  }
  return a === b;
}
