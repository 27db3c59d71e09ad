/** CONFIG GET / SET / RESETSTAT / REWRITE / HELP (Redis's config.c). */
import { CommandError, NO_CONFIG_FILE, SYNTAX } from '../errors.js';
import { MapReply, OK, type Reply } from '../reply.js';
import { ConfigError } from '../engine/config.js';
import { resetMemoryPeak } from '../engine/memory.js';
import type { Session } from '../engine/session.js';
import { globMatch } from '../glob.js';
import type { CommandDef } from './spec.js';
import { helpReply } from './help.js';

function configGet(c: Session, argv: string[]): Reply {
  const pairs = c.engine.config.match(argv.slice(2), (pattern, name) => globMatch(pattern, name, true));
  return new MapReply(pairs.flat());
}

function configSet(c: Session, argv: string[]): Reply {
  if (argv.length % 2 !== 0) throw new CommandError(SYNTAX);
  const pairs: [string, string][] = [];
  for (let i = 2; i < argv.length; i += 2) pairs.push([argv[i]!, argv[i + 1]!]);
  let changed: Set<string>;
  try {
    changed = c.engine.config.set(pairs);
  } catch (e) {
    if (e instanceof ConfigError) throw new CommandError(`ERR ${e.message}`);
    throw e;
  }
  if (changed.has('hz')) c.engine.scheduleActiveExpire();
  return OK;
}

function configResetStat(c: Session): Reply {
  c.engine.stats.reset();
  resetMemoryPeak(c.engine);
  return OK;
}

function configRewrite(): Reply {
  // An in-process server has no config file, like a redis-server started without one.
  throw new CommandError(NO_CONFIG_FILE);
}

function configHelp(): Reply {
  return helpReply('config', [
    'GET <pattern>',
    '    Return parameters matching the glob-like <pattern> and their values.',
    'SET <directive> <value>',
    '    Set the configuration <directive> to <value>.',
    'RESETSTAT',
    '    Reset statistics reported by the INFO command.',
    'REWRITE',
    '    Rewrite the configuration file.',
  ]);
}

export const configCommands: CommandDef[] = [
  { name: 'config|get', handler: configGet },
  { name: 'config|set', handler: configSet },
  { name: 'config|resetstat', handler: configResetStat },
  { name: 'config|rewrite', handler: configRewrite },
  { name: 'config|help', handler: configHelp },
];
