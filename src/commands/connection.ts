/** Connection commands: PING, ECHO, SELECT, AUTH, HELLO, RESET, QUIT (Redis's server.c, networking.c, acl.c). */
import {
  AUTH_WITHOUT_PASSWORD,
  CommandError,
  DB_INDEX_OUT_OF_RANGE,
  NOAUTH_HELLO,
  NOPROTO,
  PROTOCOL_VERSION_NOT_INTEGER,
  SYNTAX,
  WRONGPASS,
  syntaxErrorInHello,
  wrongArity,
} from '../errors.js';
import { MapReply, OK, PONG, type Reply, StatusReply } from '../reply.js';
import type { Session } from '../engine/session.js';
import type { CommandDef } from './spec.js';
import { parseInt64 } from '../numbers.js';
import { int32Arg } from './server.js';
import { setClientName } from './client.js';

export const REDIS_VERSION = '7.0.15';

function ping(c: Session, argv: string[]): Reply {
  if (argv.length > 2) throw new CommandError(wrongArity('ping'));
  // A RESP2 subscriber reads every reply as a pub/sub frame: PING answers as one.
  if (c.pubsubContext && c.resp === 2) return ['pong', argv.length === 2 ? argv[1]! : ''];
  return argv.length === 2 ? argv[1]! : PONG;
}

function echo(_c: Session, argv: string[]): Reply {
  return argv[1]!;
}

function select(c: Session, argv: string[]): Reply {
  const index = int32Arg(argv[1]!);
  if (index < 0 || index >= c.engine.databases.length) throw new CommandError(DB_INDEX_OUT_OF_RANGE);
  c.db = c.engine.databases[index]!;
  return OK;
}

/** ACLAuthenticateUser for the one user there is: `default`, with requirepass as its password (or none). */
function authenticate(c: Session, user: string, password: string): void {
  const required = c.engine.config.requirepass;
  if (user !== 'default' || (required !== '' && password !== required)) throw new CommandError(WRONGPASS);
  c.authenticated = true;
  c.user = 'default';
}

function auth(c: Session, argv: string[]): Reply {
  if (argv.length > 3) throw new CommandError(SYNTAX);
  // Credentials never reach MONITOR or SLOWLOG, whether or not they are right.
  c.redact(1);
  if (argv.length === 3) c.redact(2);
  if (argv.length === 2) {
    if (c.engine.config.requirepass === '') throw new CommandError(AUTH_WITHOUT_PASSWORD);
    authenticate(c, 'default', argv[1]!);
  } else {
    authenticate(c, argv[1]!, argv[2]!);
  }
  return OK;
}

function hello(c: Session, argv: string[]): Reply {
  let version = 0;
  let next = 1;
  if (argv.length >= 2) {
    const v = parseInt64(argv[next++]!);
    if (v === undefined) throw new CommandError(PROTOCOL_VERSION_NOT_INTEGER);
    if (v < 2 || v > 3) throw new CommandError(NOPROTO);
    version = Number(v);
  }
  // Options act as they are read, as in Redis 7.0: a later syntax error keeps an earlier name.
  for (let j = next; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    const opt = argv[j]!;
    const upper = opt.toUpperCase();
    if (upper === 'AUTH' && more >= 2) {
      c.redact(j + 1);
      c.redact(j + 2);
      authenticate(c, argv[j + 1]!, argv[j + 2]!);
      j += 2;
    } else if (upper === 'SETNAME' && more >= 1) {
      setClientName(c, argv[j + 1]!);
      j++;
    } else {
      throw new CommandError(syntaxErrorInHello(opt));
    }
  }
  if (!c.authenticated && c.engine.config.requirepass !== '') throw new CommandError(NOAUTH_HELLO);
  if (version !== 0) c.resp = version as 2 | 3;
  return new MapReply([
    'server', 'redis',
    'version', REDIS_VERSION,
    'proto', c.resp,
    'id', c.id,
    'mode', 'standalone',
    'role', 'master',
    'modules', [],
  ]);
}

const RESET = new StatusReply('RESET');

function reset(c: Session): Reply {
  c.resetConnection();
  return RESET;
}

function quit(c: Session): Reply {
  c.onClose?.();
  return OK;
}

export const connectionCommands: CommandDef[] = [
  { name: 'ping', handler: ping },
  { name: 'echo', handler: echo },
  { name: 'select', handler: select },
  { name: 'auth', handler: auth },
  { name: 'hello', handler: hello },
  { name: 'reset', handler: reset },
  { name: 'quit', handler: quit },
];
