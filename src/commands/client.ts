/**
 * CLIENT subcommands (Redis's networking.c clientCommand). In-process sessions have no socket:
 * they show `fd=-1` and the made-up addresses of Session, and no query or reply buffers.
 *
 * Not registered, so they answer as unknown subcommands: TRACKING, CACHING (client-side caching).
 *
 * CLIENT REPLY is validated here and acted on by the edge that can leave replies out: the TCP
 * server (src/server/client-connection.ts) sends nothing for OFF and SKIP, as Redis. The
 * in-process client cannot wait on a reply that never comes, so there every mode answers OK.
 */
import {
  UNBLOCKED_BY_CLIENT,
  CLIENT_ID_NOT_POSITIVE,
  CLIENT_NAME_CHARS,
  CommandError,
  INVALID_CLIENT_ID,
  NOT_INTEGER,
  NO_SUCH_CLIENT,
  PAUSE_MODE,
  SYNTAX,
  UNBLOCK_REASON,
  noSuchUser,
  subcommandSyntax,
  unknownClientType,
} from '../errors.js';
import { ErrorReply, MapReply, OK, type Reply, SetReply, VerbatimReply } from '../reply.js';
import { parseInt64 } from '../numbers.js';
import type { Session } from '../engine/session.js';
import type { CommandDef } from './spec.js';
import { isKeyword } from './args.js';
import { helpReply } from './help.js';
import { timeoutMsArg } from './server.js';
import { PauseType } from '../engine/pause.js';

/** What a session's own bookkeeping is estimated to weigh, for tot-mem. */
const SESSION_OVERHEAD_BYTES = 512;
/** sizeof(multiCmd) and sizeof(robj *): Redis's accounting of a queued command. */
const QUEUED_COMMAND_BYTES = 24;
const POINTER_BYTES = 8;

/** clientSetName: printable ASCII without spaces; an empty name clears it. */
export function setClientName(c: Session, name: string): void {
  for (let i = 0; i < name.length; i++) {
    const ch = name.charCodeAt(i);
    if (ch < 0x21 || ch > 0x7e) throw new CommandError(CLIENT_NAME_CHARS);
  }
  c.name = name;
}

type ClientType = 'normal' | 'master' | 'slave' | 'pubsub';

/** getClientTypeByName. */
function clientTypeByName(name: string): ClientType | undefined {
  switch (name.toLowerCase()) {
    case 'normal':
      return 'normal';
    case 'slave':
    case 'replica':
      return 'slave';
    case 'pubsub':
      return 'pubsub';
    case 'master':
      return 'master';
    default:
      return undefined;
  }
}

function clientType(s: Session): ClientType {
  const [sub, psub, ssub] = s.subscriptionCounts();
  return sub + psub + ssub > 0 ? 'pubsub' : 'normal';
}

/** The flags field of CLIENT LIST, in Redis's order. */
function clientFlags(s: Session): string {
  let flags = s.monitoring ? 'O' : '';
  if (clientType(s) === 'pubsub') flags += 'P';
  if (s.multi !== undefined) flags += 'x';
  if (s.blocked !== undefined || s.engine.pause.isPostponed(s)) flags += 'b';
  if (s.watchDirty) flags += 'd';
  if (s.noEvict) flags += 'e';
  return flags || 'N';
}

function argvBytes(argv: readonly string[]): number {
  let n = 0;
  for (const a of argv) n += a.length;
  return n;
}

/** A session's argv-mem, multi-mem and tot-mem. `argv` is the command it is running, if any. */
function sessionMemory(s: Session, argv: readonly string[] | undefined): { argv: number; multi: number; total: number } {
  let multi = 0;
  if (s.multi !== undefined) {
    for (const q of s.multi) multi += argvBytes(q.argv) + POINTER_BYTES * q.argv.length + QUEUED_COMMAND_BYTES;
  }
  const argvMem = argv === undefined ? 0 : argvBytes(argv);
  return { argv: argvMem, multi, total: SESSION_OVERHEAD_BYTES + argvMem + multi };
}

/** catClientInfoString: one CLIENT LIST line. `argv` is the command being run when `s` is the caller. */
export function clientInfoLine(s: Session, argv: readonly string[] | undefined): string {
  const now = s.engine.clock.now();
  const [sub, psub, ssub] = s.subscriptionCounts();
  const mem = sessionMemory(s, argv);
  return (
    `id=${s.id} addr=${s.addr} laddr=${s.laddr} fd=-1 name=${s.name}` +
    ` age=${Math.max(0, Math.floor((now - s.createdAt) / 1000))}` +
    ` idle=${Math.max(0, Math.floor((now - s.lastInteraction) / 1000))}` +
    ` flags=${clientFlags(s)} db=${s.db.id} sub=${sub} psub=${psub} ssub=${ssub}` +
    ` multi=${s.multi === undefined ? -1 : s.multi.length} qbuf=0 qbuf-free=0` +
    ` argv-mem=${mem.argv} multi-mem=${mem.multi} rbs=0 rbp=0 obl=0 oll=0 omem=0` +
    ` tot-mem=${mem.total} events=r cmd=${s.lastCommand}` +
    ` user=${s.user} redir=-1 resp=${s.resp}`
  );
}

/** What the connected sessions weigh together (INFO mem_clients_normal), at rest between commands. */
export function clientMemory(engine: Session['engine']): number {
  let total = 0;
  for (const s of engine.sessions) total += sessionMemory(s, undefined).total;
  return total;
}

function sessionById(c: Session, id: number): Session | undefined {
  for (const s of c.engine.sessions) if (s.id === id) return s;
  return undefined;
}

function clientId(c: Session): Reply {
  return c.id;
}

function clientInfo(c: Session, argv: string[]): Reply {
  return new VerbatimReply('txt', `${clientInfoLine(c, argv)}\n`);
}

function clientList(c: Session, argv: string[]): Reply {
  let out = '';
  if (argv.length === 4 && isKeyword(argv[2]!, 'TYPE')) {
    const type = clientTypeByName(argv[3]!);
    if (type === undefined) throw new CommandError(unknownClientType(argv[3]!));
    for (const s of c.engine.sessions) {
      if (clientType(s) === type) out += `${clientInfoLine(s, s === c ? argv : undefined)}\n`;
    }
  } else if (argv.length > 3 && isKeyword(argv[2]!, 'ID')) {
    for (let j = 3; j < argv.length; j++) {
      const id = parseInt64(argv[j]!);
      if (id === undefined) throw new CommandError(INVALID_CLIENT_ID);
      const s = sessionById(c, Number(id));
      if (s !== undefined) out += `${clientInfoLine(s, s === c ? argv : undefined)}\n`;
    }
  } else if (argv.length !== 2) {
    throw new CommandError(SYNTAX);
  } else {
    for (const s of c.engine.sessions) out += `${clientInfoLine(s, s === c ? argv : undefined)}\n`;
  }
  return new VerbatimReply('txt', out);
}

function clientSetname(c: Session, argv: string[]): Reply {
  setClientName(c, argv[2]!);
  return OK;
}

function clientGetname(c: Session): Reply {
  return c.name === '' ? null : c.name;
}

function clientNoEvict(c: Session, argv: string[]): Reply {
  if (isKeyword(argv[2]!, 'ON')) c.noEvict = true;
  else if (isKeyword(argv[2]!, 'OFF')) c.noEvict = false;
  else throw new CommandError(SYNTAX);
  return OK;
}

interface KillFilter {
  addr?: string;
  laddr?: string;
  type?: ClientType;
  id?: number;
  user?: string;
  skipMe: boolean;
}

function parseKillFilter(argv: string[]): KillFilter {
  // The old form, CLIENT KILL <addr>, may kill the caller itself.
  if (argv.length === 3) return { addr: argv[2]!, skipMe: false };
  const filter: KillFilter = { skipMe: true };
  for (let i = 2; i < argv.length; i += 2) {
    const opt = argv[i]!.toUpperCase();
    const value = argv[i + 1];
    if (value === undefined) throw new CommandError(SYNTAX);
    if (opt === 'ID') {
      const id = parseInt64(value);
      if (id === undefined || id < 1) throw new CommandError(CLIENT_ID_NOT_POSITIVE);
      filter.id = Number(id);
    } else if (opt === 'TYPE') {
      filter.type = clientTypeByName(value);
      if (filter.type === undefined) throw new CommandError(unknownClientType(value));
    } else if (opt === 'ADDR') {
      filter.addr = value;
    } else if (opt === 'LADDR') {
      filter.laddr = value;
    } else if (opt === 'USER') {
      if (value !== 'default') throw new CommandError(noSuchUser(value));
      filter.user = value;
    } else if (opt === 'SKIPME') {
      if (isKeyword(value, 'YES')) filter.skipMe = true;
      else if (isKeyword(value, 'NO')) filter.skipMe = false;
      else throw new CommandError(SYNTAX);
    } else {
      throw new CommandError(SYNTAX);
    }
  }
  return filter;
}

function clientKill(c: Session, argv: string[]): Reply {
  const f = parseKillFilter(argv);
  const victims: Session[] = [];
  for (const s of c.engine.sessions) {
    if (f.addr !== undefined && s.addr !== f.addr) continue;
    if (f.laddr !== undefined && s.laddr !== f.laddr) continue;
    if (f.type !== undefined && clientType(s) !== f.type) continue;
    if (f.id !== undefined && s.id !== f.id) continue;
    if (f.user !== undefined && s.user !== f.user) continue;
    if (s === c && f.skipMe) continue;
    victims.push(s);
  }
  for (const s of victims) {
    // The caller goes after its reply, like QUIT; the others go now.
    s.onClose?.();
    if (s !== c) s.close();
  }
  if (argv.length === 3) {
    if (victims.length === 0) throw new CommandError(NO_SUCH_CLIENT);
    return OK;
  }
  return victims.length;
}

/**
 * CLIENT UNBLOCK id [TIMEOUT|ERROR]: a client blocked on keys answers as if its timeout had passed
 * (the nil array), or with the UNBLOCKED error. 1 when such a client was found, else 0.
 */
function clientUnblock(c: Session, argv: string[]): Reply {
  if (argv.length > 4) throw new CommandError(subcommandSyntax(argv[0]!, argv[1]!));
  if (argv.length === 4 && !isKeyword(argv[3]!, 'TIMEOUT') && !isKeyword(argv[3]!, 'ERROR')) {
    throw new CommandError(UNBLOCK_REASON);
  }
  const id = parseInt64(argv[2]!);
  if (id === undefined) throw new CommandError(NOT_INTEGER);
  const asError = argv.length === 4 && isKeyword(argv[3]!, 'ERROR');
  for (const target of c.engine.sessions) {
    if (target.id !== Number(id) || target.blocked === undefined) continue;
    if (asError) c.engine.blocking.unblock(target, new ErrorReply(UNBLOCKED_BY_CLIENT));
    else c.engine.blocking.unblockWithTimeout(target);
    return 1;
  }
  return 0;
}

/**
 * CLIENT PAUSE timeout [WRITE|ALL]: commands the pause covers wait until it ends, the caller's own
 * included (engine/pause.ts). A shorter or weaker pause never shortens or weakens a running one.
 */
function clientPause(c: Session, argv: string[]): Reply {
  if (argv.length > 4) throw new CommandError(subcommandSyntax(argv[0]!, argv[1]!));
  if (argv.length === 4 && !isKeyword(argv[3]!, 'WRITE') && !isKeyword(argv[3]!, 'ALL')) {
    throw new CommandError(PAUSE_MODE);
  }
  const ms = timeoutMsArg(argv[2]!);
  const type = argv.length === 4 && isKeyword(argv[3]!, 'WRITE') ? PauseType.Write : PauseType.All;
  // getTimeoutFromObjectOrReply: 0 stays 0 (a deadline already past), else now + ms.
  c.engine.pause.pause(ms === 0 ? 0 : c.engine.clock.now() + ms, type);
  return OK;
}

/** CLIENT UNPAUSE: the held commands run once this command is over. */
function clientUnpause(c: Session): Reply {
  c.engine.pause.unpause();
  return OK;
}

/** CLIENT REPLY ON|OFF|SKIP: checks the mode; the edge silences the replies (see above). */
function clientReply(_c: Session, argv: string[]): Reply {
  if (!isKeyword(argv[2]!, 'ON') && !isKeyword(argv[2]!, 'OFF') && !isKeyword(argv[2]!, 'SKIP')) throw new CommandError(SYNTAX);
  return OK;
}

function clientGetredir(): Reply {
  return -1;
}

function clientTrackinginfo(): Reply {
  return new MapReply(['flags', new SetReply(['off']), 'redirect', -1, 'prefixes', []]);
}

function clientHelp(): Reply {
  return helpReply('client', [
    'CACHING (YES|NO)',
    '    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.',
    'GETREDIR',
    '    Return the client ID we are redirecting to when tracking is enabled.',
    'GETNAME',
    '    Return the name of the current connection.',
    'ID',
    '    Return the ID of the current connection.',
    'INFO',
    '    Return information about the current client connection.',
    'KILL <ip:port>',
    '    Kill connection made from <ip:port>.',
    'KILL <option> <value> [<option> <value> [...]]',
    '    Kill connections. Options are:',
    '    * ADDR (<ip:port>|<unixsocket>:0)',
    '      Kill connections made from the specified address',
    '    * LADDR (<ip:port>|<unixsocket>:0)',
    '      Kill connections made to specified local address',
    '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
    '      Kill connections by type.',
    '    * USER <username>',
    '      Kill connections authenticated by <username>.',
    '    * SKIPME (YES|NO)',
    '      Skip killing current connection (default: yes).',
    'LIST [options ...]',
    '    Return information about client connections. Options:',
    '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
    '      Return clients of specified type.',
    'UNPAUSE',
    '    Stop the current client pause, resuming traffic.',
    'PAUSE <timeout> [WRITE|ALL]',
    '    Suspend all, or just write, clients for <timeout> milliseconds.',
    'REPLY (ON|OFF|SKIP)',
    '    Control the replies sent to the current connection.',
    'SETNAME <name>',
    '    Assign the name <name> to the current connection.',
    'UNBLOCK <clientid> [TIMEOUT|ERROR]',
    '    Unblock the specified blocked client.',
    'TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]',
    '         [OPTIN] [OPTOUT] [NOLOOP]',
    '    Control server assisted client side caching.',
    'TRACKINGINFO',
    '    Report tracking status for the current connection.',
    'NO-EVICT (ON|OFF)',
    '    Protect current client connection from eviction.',
  ]);
}

export const clientCommands: CommandDef[] = [
  { name: 'client|id', handler: clientId },
  { name: 'client|info', handler: clientInfo },
  { name: 'client|list', handler: clientList },
  { name: 'client|setname', handler: clientSetname },
  { name: 'client|getname', handler: clientGetname },
  { name: 'client|no-evict', handler: clientNoEvict },
  { name: 'client|kill', handler: clientKill },
  { name: 'client|unblock', handler: clientUnblock },
  { name: 'client|pause', handler: clientPause },
  { name: 'client|unpause', handler: clientUnpause },
  { name: 'client|reply', handler: clientReply },
  { name: 'client|getredir', handler: clientGetredir },
  { name: 'client|trackinginfo', handler: clientTrackinginfo },
  { name: 'client|help', handler: clientHelp },
];
