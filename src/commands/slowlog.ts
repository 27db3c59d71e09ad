/** SLOWLOG GET / LEN / RESET / HELP (Redis 7.0's slowlog.c); the log itself is engine/slowlog.ts. */
import { CommandError, SLOWLOG_COUNT, subcommandSyntax } from '../errors.js';
import { OK, type Reply } from '../reply.js';
import { parseInt64 } from '../numbers.js';
import type { Session } from '../engine/session.js';
import type { CommandDef } from './spec.js';
import { helpReply } from './help.js';

/** SLOWLOG GET [count]: the newest `count` entries (10 by default, -1 for all), newest first. */
function slowlogGet(c: Session, argv: string[]): Reply {
  if (argv.length > 3) throw new CommandError(subcommandSyntax(argv[0]!, argv[1]!));
  const log = c.engine.slowlog;
  let count = 10;
  if (argv.length === 3) {
    // getRangeLongFromObjectOrReply(-1, LONG_MAX) with one message for every failure.
    const n = parseInt64(argv[2]!);
    if (n === undefined || n < -1) throw new CommandError(SLOWLOG_COUNT);
    count = n === -1 ? log.length : Number(n);
  }
  return log.newest(count).map((e) => [e.id, e.time, e.duration, e.argv, e.peer, e.name]);
}

function slowlogLen(c: Session): Reply {
  return c.engine.slowlog.length;
}

function slowlogReset(c: Session): Reply {
  c.engine.slowlog.reset();
  return OK;
}

function slowlogHelp(): Reply {
  return helpReply('slowlog', [
    'GET [<count>]',
    '    Return top <count> entries from the slowlog (default: 10, -1 mean all).',
    '    Entries are made of:',
    '    id, timestamp, time in microseconds, arguments array, client IP and port,',
    '    client name',
    'LEN',
    '    Return the length of the slowlog.',
    'RESET',
    '    Reset the slowlog.',
  ]);
}

export const slowlogCommands: CommandDef[] = [
  { name: 'slowlog|get', handler: slowlogGet },
  { name: 'slowlog|len', handler: slowlogLen },
  { name: 'slowlog|reset', handler: slowlogReset },
  { name: 'slowlog|help', handler: slowlogHelp },
];
