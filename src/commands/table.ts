/**
 * The command table: the single path every caller (client, MULTI/EXEC, Lua, TCP) uses. Each
 * implemented command is a handler from a group file joined with Redis 7.0's metadata.
 */
import metadata from './redis-commands.json' with { type: 'json' };
import { type Command, type CommandDef, FLAG_NAMES, Flag } from './spec.js';
import { connectionCommands } from './connection.js';
import { serverCommands } from './server.js';
import { stringCommands } from './strings.js';
import { bitmapCommands } from './bitmaps.js';
import { keyCommands } from './keys.js';
import { expireCommands } from './expire.js';
import { objectCommands } from './object.js';
import { transactionCommands } from './transactions.js';
import { debugCommands } from './debug.js';
import { memoryCommands } from './memory.js';
import { infoCommands } from './info.js';
import { commandIntrospectionCommands } from './command-introspection.js';
import { clientCommands } from './client.js';
import { monitorCommands } from './monitor.js';
import { slowlogCommands } from './slowlog.js';
import { configCommands } from './config.js';
import { sortedSetCommands } from './sorted-sets.js';
import { listCommands } from './lists.js';
import { setCommands } from './sets.js';
import { hashCommands } from './hashes.js';
import { sortCommands } from './sort.js';
import { blockingListCommands } from './lists-blocking.js';
import { blockingSortedSetCommands } from './sorted-sets-blocking.js';
import { streamCommands } from './streams.js';
import { streamGroupCommands } from './stream-groups.js';
import { pubsubCommands } from './pubsub.js';
import { scriptingCommands } from './scripting.js';
import { functionCommands } from './functions.js';

type RawInfo = [string, number, { '+': string }[], number, number, number, ...unknown[]];

const GROUPS: CommandDef[][] = [
  connectionCommands,
  serverCommands,
  stringCommands,
  bitmapCommands,
  keyCommands,
  expireCommands,
  objectCommands,
  transactionCommands,
  configCommands,
  clientCommands,
  monitorCommands,
  slowlogCommands,
  commandIntrospectionCommands,
  infoCommands,
  memoryCommands,
  debugCommands,
  sortedSetCommands,
  listCommands,
  setCommands,
  hashCommands,
  sortCommands,
  streamCommands,
  streamGroupCommands,
  blockingListCommands,
  blockingSortedSetCommands,
  pubsubCommands,
  scriptingCommands,
  functionCommands,
];

/** Redis 7.0's COMMAND INFO rows by full name (`get`, `config|get`). */
export const REDIS_INFO = new Map<string, RawInfo>();
/** Redis 7.0's COMMAND DOCS entries by full name. */
export const REDIS_DOCS = new Map<string, unknown[]>();

for (const row of metadata.info as unknown as RawInfo[]) {
  REDIS_INFO.set(row[0], row);
  const subs = row[9] as RawInfo[] | undefined;
  for (const sub of subs ?? []) REDIS_INFO.set(sub[0], sub);
}
{
  const docs = metadata.docs as unknown as unknown[];
  for (let i = 0; i < docs.length; i += 2) {
    const name = docs[i] as string;
    const body = docs[i + 1] as unknown[];
    REDIS_DOCS.set(name, body);
    const subIdx = body.indexOf('subcommands');
    if (subIdx >= 0) {
      const subs = body[subIdx + 1] as unknown[];
      for (let j = 0; j < subs.length; j += 2) REDIS_DOCS.set(subs[j] as string, subs[j + 1] as unknown[]);
    }
  }
}

function docField(docs: unknown[] | undefined, field: string): unknown {
  if (!docs) return undefined;
  const i = docs.indexOf(field);
  return i >= 0 ? docs[i + 1] : undefined;
}

let nextCommandId = 0;

/**
 * CMD_MAY_REPLICATE in Redis 7.0 beyond the write commands: COMMAND INFO does not print it, yet a
 * MONITOR client may not run these and CLIENT PAUSE WRITE holds them.
 */
const MAY_REPLICATE = new Set(['publish', 'spublish', 'pfcount', 'eval', 'evalsha', 'fcall']);

function makeCommand(fullName: string, def: CommandDef | undefined): Command {
  const info = REDIS_INFO.get(fullName);
  if (!info) throw new Error(`command table: ${fullName} is not a Redis 7.0 command`);
  let flags = 0;
  for (const f of info[2]) flags |= FLAG_NAMES[f['+']] ?? 0;
  if (MAY_REPLICATE.has(fullName)) flags |= Flag.MayReplicate;
  const docs = REDIS_DOCS.get(fullName);
  const bar = fullName.indexOf('|');
  return {
    fullName,
    name: bar < 0 ? fullName : fullName.slice(bar + 1),
    arity: info[1],
    flags,
    firstKey: info[3],
    lastKey: info[4],
    keyStep: info[5],
    group: String(docField(docs, 'group') ?? (bar < 0 ? '' : String(docField(REDIS_DOCS.get(fullName.slice(0, bar)), 'group')))),
    handler: def?.handler,
    subcommands: undefined,
    info,
    docs,
    missing: def?.missing ?? [],
    calls: 0,
    id: nextCommandId++,
  };
}

/** Implemented top-level commands by lowercase name. Containers (CONFIG, CLIENT, ...) hold their subcommands. */
export const COMMANDS = new Map<string, Command>();

for (const group of GROUPS) {
  for (const def of group) {
    const bar = def.name.indexOf('|');
    if (bar < 0) {
      if (COMMANDS.has(def.name)) throw new Error(`command table: ${def.name} registered twice`);
      COMMANDS.set(def.name, makeCommand(def.name, def));
      continue;
    }
    const parentName = def.name.slice(0, bar);
    let parent = COMMANDS.get(parentName);
    if (!parent?.subcommands) {
      // A container may also run on its own (COMMAND with no subcommand): keep its handler.
      parent = { ...(parent ?? makeCommand(parentName, undefined)), subcommands: new Map() };
      COMMANDS.set(parentName, parent);
    }
    parent.subcommands!.set(def.name.slice(bar + 1), makeCommand(def.name, def));
  }
}

/** Every Redis 7.0 command name (top level), implemented or not: for the compatibility table. */
export function allRedisCommandNames(): string[] {
  return (metadata.info as unknown as RawInfo[]).map((r) => r[0]).sort();
}
