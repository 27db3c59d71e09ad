/**
 * MEMORY USAGE / DOCTOR / MALLOC-STATS / PURGE / HELP (Redis's object.c). Sizes follow Redis's own
 * accounting (engine/memory.ts). The engine has no allocator of its own to report on, so it
 * answers as a Redis built without jemalloc does. MEMORY STATS is not registered (HELP still prints Redis's text).
 */
import { CommandError, NOT_INTEGER, SYNTAX } from '../errors.js';
import { OK, type Reply, VerbatimReply } from '../reply.js';
import { parseInt64 } from '../numbers.js';
import type { Session } from '../engine/session.js';
import { estimateEntryMemory, memoryReport } from '../engine/memory.js';
import type { CommandDef } from './spec.js';
import { isKeyword } from './args.js';
import { helpReply } from './help.js';
import { clientMemory } from './client.js';

function usage(c: Session, argv: string[]): Reply {
  for (let j = 3; j < argv.length; j++) {
    if (isKeyword(argv[j]!, 'SAMPLES') && j + 1 < argv.length) {
      const samples = parseInt64(argv[j + 1]!);
      if (samples === undefined) throw new CommandError(NOT_INTEGER);
      if (samples < 0) throw new CommandError(SYNTAX);
      j++;
    } else {
      throw new CommandError(SYNTAX);
    }
  }
  // dbFind, not a lookup: a key past its deadline but not yet deleted still has a size.
  const key = argv[2]!;
  const e = c.db.dict.get(key);
  return e === undefined ? null : estimateEntryMemory(key, e);
}

const FIVE_MB = 5 * 1024 * 1024;

/** getMemoryDoctorReport: with nothing to fragment or overflow, the two verdicts that remain. */
function doctor(c: Session): Reply {
  const { used } = memoryReport(c.engine, clientMemory(c.engine));
  const text =
    used < FIVE_MB
      ? 'Hi Sam, this instance is empty or is using very little memory, my issues detector can\'t be used in these ' +
        'conditions. Please, leave for your mission on Earth and fill it with some data. The new Sam and I will be ' +
        'back to our programming as soon as I finished rebooting.\n'
      : "Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on this base.\n";
  return new VerbatimReply('txt', text);
}

function mallocStats(): Reply {
  return 'Stats not supported for the current allocator';
}

function purge(): Reply {
  return OK;
}

/** Redis 7.0's text, STATS included (it documents Redis; here STATS answers the unknown-subcommand error). */
function help(): Reply {
  return helpReply('memory', [
    'DOCTOR',
    '    Return memory problems reports.',
    'MALLOC-STATS',
    '    Return internal statistics report from the memory allocator.',
    'PURGE',
    '    Attempt to purge dirty pages for reclamation by the allocator.',
    'STATS',
    '    Return information about the memory usage of the server.',
    'USAGE <key> [SAMPLES <count>]',
    '    Return memory in bytes used by <key> and its value. Nested values are',
    '    sampled up to <count> times (default: 5, 0 means sample all).',
  ]);
}

export const memoryCommands: CommandDef[] = [
  { name: 'memory|usage', handler: usage },
  { name: 'memory|doctor', handler: doctor },
  { name: 'memory|malloc-stats', handler: mallocStats },
  { name: 'memory|purge', handler: purge },
  { name: 'memory|help', handler: help },
];
