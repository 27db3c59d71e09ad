/**
 * COMMAND, COMMAND COUNT / INFO / DOCS / LIST / GETKEYS / GETKEYSANDFLAGS / HELP (Redis's
 * server.c). Rows and docs are Redis 7.0's own (captured into redis-commands.json), restricted to
 * what is implemented: a command without a handler answers as unknown, and a container lists
 * only its implemented subcommands. Maps and sets are rebuilt as such, so RESP3 sees their types.
 */
import { CommandError, SYNTAX } from '../errors.js';
import { MapReply, type Reply, SetReply, StatusReply } from '../reply.js';
import type { Session } from '../engine/session.js';
import { globMatch } from '../glob.js';
import type { Command, CommandDef } from './spec.js';
import { COMMANDS } from './table.js';
import { helpReply } from './help.js';
import { commandKeys, hasKeys } from './getkeys.js';

type Json = unknown;

/** A value of the captured RESP2 JSON as a reply: `{"+": s}` is a status, the rest maps directly. */
function plain(j: Json): Reply {
  if (typeof j === 'string' || typeof j === 'number' || j === null) return j;
  if (Array.isArray(j)) return j.map(plain);
  return new StatusReply((j as { '+': string })['+']);
}

function asSet(j: Json): SetReply {
  return new SetReply((j as Json[]).map(plain));
}

/** A flat [k, v, k, v] list as a map, each value shaped by `value(key, v)`. */
function asMap(list: Json, value: (key: string, v: Json) => Reply): MapReply {
  const l = list as Json[];
  const entries: Reply[] = [];
  for (let i = 0; i < l.length; i += 2) entries.push(l[i] as string, value(l[i] as string, l[i + 1]));
  return new MapReply(entries);
}

function keySpec(spec: Json): MapReply {
  return asMap(spec, (k, v) => {
    if (k === 'flags') return asSet(v);
    if (k === 'begin_search' || k === 'find_keys') {
      return asMap(v, (k2, v2) => (k2 === 'spec' ? asMap(v2, (_k, v3) => plain(v3)) : plain(v2)));
    }
    return plain(v);
  });
}

/** All implemented commands and subcommands, by full name. */
function implemented(name: string): Command | undefined {
  const bar = name.indexOf('|');
  if (bar < 0) {
    const c = COMMANDS.get(name);
    return c && (c.handler !== undefined || c.subcommands !== undefined) ? c : undefined;
  }
  const sub = COMMANDS.get(name.slice(0, bar))?.subcommands?.get(name.slice(bar + 1));
  return sub?.handler !== undefined ? sub : undefined;
}

/** lookupCommandBySds: `name` or `container|sub`, any case. */
function lookupByName(name: string): Command | undefined {
  const parts = name.toLowerCase().split('|');
  if (parts.length > 2) return undefined;
  const base = COMMANDS.get(parts[0]!);
  if (base === undefined) return undefined;
  if (parts.length === 1) return implemented(base.fullName);
  const sub = base.subcommands?.get(parts[1]!);
  return sub?.handler !== undefined ? sub : undefined;
}

const infoCache = new Map<Command, Reply>();

/** addReplyCommandInfo. */
function commandInfo(cmd: Command): Reply {
  let row = infoCache.get(cmd);
  if (row === undefined) {
    const raw = cmd.info as Json[];
    const subs: Reply[] = [];
    for (const sub of cmd.subcommands?.values() ?? []) if (sub.handler !== undefined) subs.push(commandInfo(sub));
    row = [
      raw[0] as string,
      raw[1] as number,
      asSet(raw[2]),
      raw[3] as number,
      raw[4] as number,
      raw[5] as number,
      asSet(raw[6]),
      asSet(raw[7]),
      // Redis 7.0 sends key specs as a set, and an empty subcommand list as a set too.
      new SetReply((raw[8] as Json[]).map(keySpec)),
      subs.length === 0 ? new SetReply([]) : subs,
    ];
    infoCache.set(cmd, row);
  }
  return row;
}

function argumentDoc(arg: Json): MapReply {
  return asMap(arg, (k, v) => {
    if (k === 'flags') return asSet(v);
    if (k === 'arguments') return (v as Json[]).map(argumentDoc);
    return plain(v);
  });
}

const docsCache = new Map<Command, Reply>();

/** addReplyCommandDocs. */
function commandDocs(cmd: Command): Reply {
  let docs = docsCache.get(cmd);
  if (docs === undefined) {
    const subs: Reply[] = [];
    for (const sub of cmd.subcommands?.values() ?? []) {
      if (sub.handler !== undefined) subs.push(sub.fullName, commandDocs(sub));
    }
    docs = asMap(cmd.docs ?? [], (k, v) => {
      if (k === 'doc_flags') return asSet(v);
      if (k === 'history') return new SetReply((v as Json[]).map(plain));
      if (k === 'arguments') return (v as Json[]).map(argumentDoc);
      if (k === 'subcommands') return new MapReply(subs);
      return plain(v);
    });
    docsCache.set(cmd, docs);
  }
  return docs;
}

function topLevel(): Command[] {
  const out: Command[] = [];
  for (const c of COMMANDS.values()) if (implemented(c.fullName)) out.push(c);
  return out;
}

function command(): Reply {
  return topLevel().map(commandInfo);
}

function commandCount(): Reply {
  return topLevel().length;
}

function commandInfoCmd(_c: Session, argv: string[]): Reply {
  if (argv.length === 2) return command();
  return argv.slice(2).map((name) => {
    const cmd = lookupByName(name);
    return cmd ? commandInfo(cmd) : null;
  });
}

function commandDocsCmd(_c: Session, argv: string[]): Reply {
  const entries: Reply[] = [];
  if (argv.length === 2) {
    for (const cmd of topLevel()) entries.push(cmd.fullName, commandDocs(cmd));
  } else {
    for (const name of argv.slice(2)) {
      const cmd = lookupByName(name);
      if (cmd) entries.push(cmd.fullName, commandDocs(cmd));
    }
  }
  return new MapReply(entries);
}

const ACL_CATEGORIES = new Set([
  'keyspace', 'read', 'write', 'set', 'sortedset', 'list', 'hash', 'string', 'bitmap', 'hyperloglog', 'geo',
  'stream', 'pubsub', 'admin', 'fast', 'slow', 'blocking', 'dangerous', 'connection', 'transaction', 'scripting',
]);

function categories(cmd: Command): string[] {
  return ((cmd.info as Json[])[6] as { '+': string }[]).map((c) => c['+'].slice(1));
}

function commandList(_c: Session, argv: string[]): Reply {
  let accept: (cmd: Command) => boolean = () => true;
  for (let i = 2; i < argv.length; i++) {
    const more = argv.length - 1 - i;
    if (argv[i]!.toLowerCase() !== 'filterby' || more !== 2) throw new CommandError(SYNTAX);
    const type = argv[i + 1]!.toLowerCase();
    const arg = argv[i + 2]!;
    if (type === 'module') {
      accept = () => false; // no modules are loaded
    } else if (type === 'aclcat') {
      const cat = arg.toLowerCase();
      accept = ACL_CATEGORIES.has(cat) ? (cmd) => categories(cmd).includes(cat) : () => false;
    } else if (type === 'pattern') {
      accept = (cmd) => globMatch(arg, cmd.fullName, true);
    } else {
      throw new CommandError(SYNTAX);
    }
    i += 2;
  }
  const names: string[] = [];
  for (const cmd of topLevel()) {
    if (accept(cmd)) names.push(cmd.fullName);
    for (const sub of cmd.subcommands?.values() ?? []) {
      if (sub.handler !== undefined && accept(sub)) names.push(sub.fullName);
    }
  }
  return names;
}

/** lookupCommand on the command line given to GETKEYS: a subcommand when the base has them. */
function lookupArgv(argv: readonly string[]): Command | undefined {
  const base = COMMANDS.get(argv[0]!.toLowerCase());
  if (base === undefined) return undefined;
  if (base.subcommands === undefined || argv.length < 2) return implemented(base.fullName);
  const sub = base.subcommands.get(argv[1]!.toLowerCase());
  return sub?.handler !== undefined ? sub : undefined;
}

function getKeys(argv: string[], withFlags: boolean): Reply {
  const line = argv.slice(2);
  const cmd = lookupArgv(line);
  if (cmd === undefined) throw new CommandError('ERR Invalid command specified');
  const specs = (cmd.info as Json[])[8] as Json[][];
  if (!hasKeys(cmd.fullName, specs)) throw new CommandError('ERR The command has no key arguments');
  if ((cmd.arity > 0 && cmd.arity !== line.length) || line.length < -cmd.arity) {
    throw new CommandError('ERR Invalid number of arguments specified for command');
  }
  const keys = commandKeys(cmd.fullName, specs, line, cmd.arity);
  if (keys === undefined || keys.length === 0) {
    if (((cmd.info as Json[])[2] as { '+': string }[]).some((f) => f['+'] === 'no_mandatory_keys')) return [];
    throw new CommandError('ERR Invalid arguments specified for command');
  }
  return keys.map((k) =>
    withFlags ? [line[k.pos]!, new SetReply(k.flags.map((f) => new StatusReply(f)))] : line[k.pos]!,
  );
}

function commandHelp(): Reply {
  return helpReply('command', [
    '(no subcommand)',
    '    Return details about all Redis commands.',
    'COUNT',
    '    Return the total number of commands in this Redis server.',
    'LIST',
    '    Return a list of all commands in this Redis server.',
    'INFO [<command-name> ...]',
    '    Return details about multiple Redis commands.',
    '    If no command names are given, documentation details for all',
    '    commands are returned.',
    'DOCS [<command-name> ...]',
    '    Return documentation details about multiple Redis commands.',
    '    If no command names are given, documentation details for all',
    '    commands are returned.',
    'GETKEYS <full-command>',
    '    Return the keys from a full Redis command.',
    'GETKEYSANDFLAGS <full-command>',
    '    Return the keys and the access flags from a full Redis command.',
  ]);
}

export const commandIntrospectionCommands: CommandDef[] = [
  { name: 'command', handler: command },
  { name: 'command|count', handler: commandCount },
  { name: 'command|info', handler: commandInfoCmd },
  { name: 'command|docs', handler: commandDocsCmd },
  { name: 'command|list', handler: commandList },
  { name: 'command|getkeys', handler: (_c, argv) => getKeys(argv, false) },
  { name: 'command|getkeysandflags', handler: (_c, argv) => getKeys(argv, true) },
  { name: 'command|help', handler: commandHelp },
];
