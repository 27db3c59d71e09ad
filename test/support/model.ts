/**
 * The model-based differential harness, part 1: what a generated run is and how it becomes a
 * concrete command script.
 *
 * Generators (test/support/generators) produce a `GenProgram`: argument pools plus steps whose
 * arguments may still be references into the pools or TTL markers. `resolve` turns it into a
 * `Program` of plain binary-string argvs, deterministically, so fast-check can shrink the generated
 * structure while the runner, the printed counterexample and the recorded transcripts all see the
 * same concrete script.
 *
 * Two pseudo-commands exist only in programs (never sent as such):
 *   SCANALL <SCAN args>   a full SCAN cursor loop; its reply is the sorted union of the keys seen.
 *   SLEEP <ms>            the oracle runs DEBUG SLEEP, the stub's clock moves forward by ms.
 */

/** A reference into the run's pools, or a TTL whose concrete value depends on where it lands. */
export type Arg =
  | string
  | { ref: 'key' | 'value'; i: number }
  /**
   * A relative TTL. `long`: `base` seconds from now, made unique per step so no two deadlines of a
   * run can tie (a GT/LT comparison between equal relative deadlines depends on the wall clock).
   * `short` (for millisecond arguments): 1 ms, followed by a SLEEP so the key has surely expired on both sides before anything
   * else runs (inside MULTI, where nothing can wait, it becomes a long TTL).
   */
  | { ttl: 'long'; unit: 's' | 'ms'; base: number }
  | { ttl: 'short' };

export interface GenStep {
  /** 0: the main connection; 1: a second connection to the same server. */
  conn: 0 | 1;
  argv: Arg[];
}

export interface Pools {
  keys: string[];
  values: string[];
}

export interface GenProgram {
  pools: Pools;
  steps: GenStep[];
}

export interface Step {
  argv: string[];
  /** 1 for the second connection; absent for the main one. */
  conn?: 1;
}

export type Program = Step[];

/** How long a SLEEP after a 1 ms TTL waits: long enough that the key is gone on a busy machine too. */
export const SHORT_TTL_SLEEP_MS = 3;

/** What a short TTL becomes inside MULTI (seconds, made unique per step like any long TTL). */
const LONG_TTL_IN_MULTI = 5000;

function upper(s: string | undefined): string {
  return (s ?? '').toUpperCase();
}

/**
 * Tracks, command by command, whether a connection is inside MULTI, the way Redis decides it:
 * MULTI (right arity; nested ones are refused but leave the state alone) enters; EXEC leaves
 * whatever happens to it (even a rejected EXEC discards the transaction: execCommandAbort);
 * DISCARD and RESET (right arity) leave.
 */
export class MultiTracker {
  private readonly inMulti = [false, false];

  isInMulti(conn: 0 | 1): boolean {
    return this.inMulti[conn]!;
  }

  /** Updates the state after `argv` ran on `conn`. */
  after(conn: 0 | 1, argv: readonly string[]): void {
    const name = upper(argv[0]);
    if (name === 'EXEC') this.inMulti[conn] = false;
    if (argv.length !== 1) return;
    if (name === 'MULTI') this.inMulti[conn] = true;
    else if (name === 'DISCARD' || name === 'RESET') this.inMulti[conn] = false;
  }
}

/**
 * The COUNT of the SSCAN that follows SPOP/SRANDMEMBER to list the set: one no generator uses (so
 * normalize.ts knows the follow-up), large enough that both servers answer the whole set at once.
 */
export const SET_PICK_FOLLOW_UP_COUNT = '1000000';

/** Turns a generated program into the concrete script that both sides run. */
export function resolve(gen: GenProgram): Program {
  const out: Program = [];
  const multi = new MultiTracker();
  const { keys, values } = gen.pools;
  for (const step of gen.steps) {
    const inMulti = multi.isInMulti(step.conn);
    const name = upper(typeof step.argv[0] === 'string' ? step.argv[0] : '');
    // A cursor loop needs replies between calls, which MULTI cannot give: left out there.
    if (inMulti && (name === 'SCANALL' || name === 'SLEEP')) continue;
    let sleepAfter = false;
    const argv = step.argv.map((a): string => {
      if (typeof a === 'string') return a;
      if ('ref' in a) {
        const pool = a.ref === 'key' ? keys : values;
        return pool[a.i % pool.length]!;
      }
      if (a.ttl === 'short') {
        if (!inMulti) {
          sleepAfter = true;
          return '1';
        }
        return String((LONG_TTL_IN_MULTI + out.length) * 1000 + 500);
      }
      // Unique per step: deadlines of different steps differ by at least a second.
      const seconds = a.base + out.length;
      return a.unit === 's' ? String(seconds) : String(seconds * 1000 + 500);
    });
    const s: Step = step.conn === 1 ? { argv, conn: 1 } : { argv };
    out.push(s);
    multi.after(step.conn, argv);
    if (name === 'RANDOMKEY' && argv.length === 1) {
      // Membership check and determinism: the next KEYS * shows what RANDOMKEY could pick from, and
      // EXISTS over every pool key then deletes any expired key the random walk may or may not have
      // reaped, so both sides continue from the same keyspace.
      const extra = [['KEYS', '*'], ['EXISTS', ...keys]];
      for (const e of extra) out.push(step.conn === 1 ? { argv: e, conn: 1 } : { argv: e });
    }
    if ((name === 'SPOP' || name === 'SRANDMEMBER') && argv.length >= 2) {
      // Random picks: the whole set right after shows what they could pick from (normalize.ts
      // checks the pick against it); SPOP's key is then deleted so both sides go on alike.
      const follow = ['SSCAN', argv[1]!, '0', 'COUNT', SET_PICK_FOLLOW_UP_COUNT];
      const extra = name === 'SPOP' ? [follow, ['DEL', argv[1]!]] : [follow];
      for (const e of extra) out.push(step.conn === 1 ? { argv: e, conn: 1 } : { argv: e });
    }
    if (name === 'HRANDFIELD' && argv.length >= 2) {
      // Random picks: the whole hash right after shows what they could pick from (normalize.ts).
      const follow = ['HGETALL', argv[1]!];
      out.push(step.conn === 1 ? { argv: follow, conn: 1 } : { argv: follow });
    }
    if (sleepAfter) {
      const sleep = ['SLEEP', String(SHORT_TTL_SLEEP_MS)];
      out.push(step.conn === 1 ? { argv: sleep, conn: 1 } : { argv: sleep });
    }
  }
  return out;
}

/** Whether the program uses the second connection. */
export function usesSecondConnection(p: Program): boolean {
  return p.some((s) => s.conn === 1);
}
