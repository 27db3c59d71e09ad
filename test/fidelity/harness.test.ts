/**
 * The harness itself: resolution of generated programs, normalizers, and proof that a wrong reply
 * fails the suite with a readable, shrunk redis-cli script (live) and fails the replay (offline).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/commands/table.js';
import type { Handler } from '../../src/commands/spec.js';
import { ErrorReply, type Reply, StatusReply } from '../../src/reply.js';
import { EVERY_SPEC, group, NOT_GENERATED } from '../support/generators/index.js';
import { type GenProgram, resolve, SHORT_TTL_SLEEP_MS } from '../support/model.js';
import { checkFidelity, compareRun } from '../support/model-check.js';
import { normalizeRun } from '../support/normalize.js';
import { hasOracle } from '../support/oracle.js';
import { loadTranscripts, replayEntry } from '../support/replay.js';

const pools = { keys: ['k', 'j'], values: ['v', '1'] };

describe('resolve', () => {
  it('maps pool references and makes relative TTLs unique per step', () => {
    const gen: GenProgram = {
      pools,
      steps: [
        { conn: 0, argv: ['EXPIRE', { ref: 'key', i: 0 }, { ttl: 'long', unit: 's', base: 100 }, 'GT'] },
        { conn: 1, argv: ['PEXPIRE', { ref: 'key', i: 3 }, { ttl: 'long', unit: 'ms', base: 100 }] },
        { conn: 0, argv: ['SET', { ref: 'key', i: 0 }, { ref: 'value', i: 1 }, 'EX', { ttl: 'long', unit: 's', base: 100 }] },
      ],
    };
    expect(resolve(gen)).toEqual([
      { argv: ['EXPIRE', 'k', '100', 'GT'] },
      { argv: ['PEXPIRE', 'j', '101500'], conn: 1 },
      { argv: ['SET', 'k', '1', 'EX', '102'] },
    ]);
  });

  it('follows a 1 ms TTL with a SLEEP, except inside MULTI; drops SCANALL inside MULTI', () => {
    const short = { ttl: 'short' } as const;
    const gen: GenProgram = {
      pools,
      steps: [
        { conn: 0, argv: ['SET', 'k', 'v', 'PX', short] },
        { conn: 0, argv: ['MULTI'] },
        { conn: 0, argv: ['SET', 'k', 'v', 'PX', short] },
        { conn: 0, argv: ['SCANALL'] },
        { conn: 0, argv: ['EXEC', 'x'] },
        { conn: 0, argv: ['SCANALL', 'COUNT', '1'] },
      ],
    };
    const p = resolve(gen).map((s) => s.argv);
    expect(p[0]).toEqual(['SET', 'k', 'v', 'PX', '1']);
    expect(p[1]).toEqual(['SLEEP', String(SHORT_TTL_SLEEP_MS)]);
    expect(p[3]![4]).not.toBe('1');
    expect(p.slice(4)).toEqual([['EXEC', 'x'], ['SCANALL', 'COUNT', '1']]);
  });

  it('adds KEYS * and EXISTS after RANDOMKEY', () => {
    expect(resolve({ pools, steps: [{ conn: 0, argv: ['RANDOMKEY'] }] }).map((s) => s.argv)).toEqual([['RANDOMKEY'], ['KEYS', '*'], ['EXISTS', 'k', 'j']]);
  });
});

describe('normalizers', () => {
  const program = [{ argv: ['RANDOMKEY'] }, { argv: ['KEYS', '*'] }, { argv: ['TTL', 'k'] }, { argv: ['MULTI'] }, { argv: ['KEYS', '*'] }, { argv: ['EXEC'] }];
  const q = new StatusReply('QUEUED');
  const ok = new StatusReply('OK');
  const run = (rk: Reply, keys: string[], ttl: number, execKeys: string[]): Reply[] => [rk, keys, ttl, ok, q, [execKeys]];

  it('accepts any member for RANDOMKEY, any order for KEYS (also inside EXEC), TTLs within a tolerance', () => {
    expect(compareRun(program, run('a', ['a', 'b'], 100, ['x', 'y']), run('b', ['b', 'a'], 99, ['y', 'x']))).toBeUndefined();
  });

  it('still catches a RANDOMKEY outside the keyspace, a missing key, a far TTL, an error text', () => {
    expect(compareRun(program, run('c', ['a', 'b'], 100, []), run('a', ['a', 'b'], 100, []))?.index).toBe(0);
    expect(compareRun(program, run('a', ['a'], 100, []), run('a', ['a', 'b'], 100, []))?.index).toBe(1);
    expect(compareRun(program, run('a', ['a'], 100, []), run('a', ['a'], 90, []))?.index).toBe(2);
    expect(compareRun(program, run('a', ['a'], -1, []), run('a', ['a'], 0, []))?.index).toBe(2);
    expect(compareRun(program, run('a', ['a'], 1, ['x']), run('a', ['a'], 1, ['x', 'x']))?.index).toBe(5);
    const errs = [new ErrorReply('ERR a')] as Reply[];
    expect(compareRun([{ argv: ['GET'] }], errs, [new ErrorReply('ERR b')])?.index).toBe(0);
  });

  it('keeps integer and bulk apart', () => {
    expect(compareRun([{ argv: ['GET', 'k'] }], ['1'], [1])).toBeDefined();
    expect(normalizeRun([{ argv: ['GET', 'k'] }], [1n])).toEqual([{ ':': '1' }]);
  });
});

/** Swaps a command's handler for this test file's process (restored after each test). */
const restores: (() => void)[] = [];
function mutate(name: string, wrap: (original: Handler) => Handler): void {
  const command = COMMANDS.get(name) as { handler: Handler } | undefined;
  if (!command) throw new Error(`no command ${name}`);
  const original = command.handler;
  command.handler = wrap(original);
  restores.push(() => (command.handler = original));
}
afterEach(() => {
  while (restores.length) restores.pop()!();
});

/** The mutation: INCR answers one more than it stored. */
const offByOne = (incr: Handler): Handler => (c, argv) => {
  const r = incr(c, argv);
  return typeof r === 'number' ? r + 1 : r;
};

describe('a wrong reply fails the suite', () => {
  it('offline: the strings transcripts no longer replay', () => {
    mutate('incr', offByOne);
    const entries = loadTranscripts().get('strings') ?? [];
    expect(entries.some((e) => replayEntry(e).mismatch !== undefined)).toBe(true);
  });

  it.skipIf(!hasOracle())('live: fast-check shrinks it to a short redis-cli script with both replies', async () => {
    mutate('incr', offByOne);
    const g = group('strings');
    const error = await checkFidelity(g.name, g.program, 500).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error).toBeInstanceOf(Error);
    const message = error!.message;
    expect(message).toMatch(/FIDELITY_SEED=-?\d+/);
    expect(message).toMatch(/reply \d+ differs for \["INCR",/);
    expect(message).toMatch(/stub: {3}\d+\n {2}oracle: \d+/);
    const script = message.split('script (redis-cli):\n')[1]!.split('\ncounterexample')[0]!.split('\n');
    expect(script.at(-1)).toMatch(/^INCR /);
    expect(script.length).toBeLessThanOrEqual(3);
  });
});

describe('generator coverage', () => {
  it('every command and subcommand in the command table is generated by some spec', () => {
    const covered = new Set(EVERY_SPEC.map((s) => s.name.toUpperCase()));
    const missing: string[] = [];
    for (const [name, command] of COMMANDS) {
      const names = command.subcommands ? [...command.subcommands.keys()].map((sub) => `${name} ${sub}`.toUpperCase()) : [name.toUpperCase()];
      // A command that takes a subcommand argument without being a container (DEBUG) is covered by `DEBUG <sub>` specs.
      const byPrefix = (n: string) => [...covered].some((c) => c.startsWith(`${n} `));
      for (const n of names) if (!covered.has(n) && !byPrefix(n) && !(n in NOT_GENERATED)) missing.push(n);
    }
    expect(missing, 'commands without a generator spec (add one to test/support/generators)').toEqual([]);
  });
});
