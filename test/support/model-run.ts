/**
 * The model-based differential harness, part 2: running a concrete program on a fresh stub engine
 * and on the oracle (two connections each), collecting replies as they would arrive on the wire.
 */
import { Engine } from '../../src/engine/engine.js';
import { Session } from '../../src/engine/session.js';
import type { Clock } from '../../src/engine/clock.js';
import { onTheWire } from './wire.js';
import { ErrorReply, OK, type Reply } from '../../src/reply.js';
import type { RawConnection } from './raw-connection.js';
import type { Program, Step } from './model.js';

/**
 * The stub's clock in a run: wall time plus whatever SLEEP steps added, so a run never waits. A
 * replay may also start it at the recorded time, so absolute deadlines read the same as when the
 * transcript was recorded. Not a ManualClock on purpose: moving one expires keys actively, and the
 * oracle runs with lazy expiry only.
 */
export class RunClock implements Clock {
  private offset: number;

  constructor(startMs = Date.now()) {
    this.offset = startMs - Date.now();
  }

  now(): number {
    return Date.now() + this.offset;
  }

  advance(ms: number): void {
    this.offset += ms;
  }
}

/** Upper bound on one SCANALL loop, so a cursor bug fails the run instead of hanging it. */
const MAX_SCAN_CALLS = 10_000;


function isScanAll(step: Step): boolean {
  return step.argv[0]?.toUpperCase() === 'SCANALL';
}

function isSleep(step: Step): boolean {
  return step.argv[0]?.toUpperCase() === 'SLEEP';
}

/**
 * One SCANALL loop: feed it each SCAN reply; it says which cursor to ask for next, or gives the
 * loop's reply (the sorted, de-duplicated union of keys, the first error, or an error naming a
 * malformed page or a loop that never ends).
 */
class ScanLoop {
  cursor = '0';
  private readonly seen = new Set<string>();
  private calls = 0;

  constructor(private readonly args: string[]) {}

  command(): string[] {
    return ['SCAN', this.cursor, ...this.args];
  }

  /** Takes one page; returns the final reply when the loop is over. */
  feed(r: Reply): Reply | undefined {
    if (r instanceof ErrorReply) return r;
    if (!Array.isArray(r) || r.length !== 2 || typeof r[0] !== 'string' || !Array.isArray(r[1])) {
      return new ErrorReply(`SCANALL: malformed SCAN reply ${JSON.stringify(r)}`);
    }
    for (const k of r[1]) this.seen.add(k as string);
    this.cursor = r[0];
    if (this.cursor === '0') return [...this.seen].sort();
    if (++this.calls >= MAX_SCAN_CALLS) return new ErrorReply(`SCANALL: cursor loop did not end after ${MAX_SCAN_CALLS} calls`);
    return undefined;
  }
}

export interface StubRun {
  engine: Engine;
  replies: Reply[];
}

/** Runs a program on a fresh engine (no active expiry, like the oracle during a run). */
export function runProgramOnStub(program: Program, options: { startMs?: number } = {}): StubRun {
  const clock = new RunClock(options.startMs);
  const engine = new Engine({ activeExpire: false, clock });
  const sessions = [new Session(engine), new Session(engine)];
  const replies: Reply[] = [];
  try {
    for (const step of program) {
      const session = sessions[step.conn ?? 0]!;
      if (isSleep(step)) {
        clock.advance(Number(step.argv[1]));
        replies.push(OK);
      } else if (isScanAll(step)) {
        const loop = new ScanLoop(step.argv.slice(1));
        let done: Reply | undefined;
        while (done === undefined) done = loop.feed(onTheWire(session.execute(loop.command()), session.resp));
        replies.push(done);
      } else {
        const r = session.execute(step.argv);
        replies.push(onTheWire(r, session.resp));
      }
    }
  } finally {
    engine.close();
  }
  return { engine, replies };
}

/** The oracle's two connections for model runs, and the configuration every run starts from. */
export interface OracleSide {
  conns: [RawConnection, RawConnection];
  /** CONFIG SET arguments (name, value, ...) that put back every parameter a generator may change. */
  restoreConfig: string[];
}

/** Parameters generators may CONFIG SET; their start values are read once and restored before each run. */
export const MUTABLE_CONFIG = [
  'maxmemory-policy',
  'maxmemory',
  'notify-keyspace-events',
  'hz',
  'timeout',
  'set-max-intset-entries',
  'hash-max-listpack-entries',
  'zset-max-listpack-entries',
  'list-max-listpack-size',
  'lfu-log-factor',
  'lfu-decay-time',
  'stream-node-max-entries',
  'stream-node-max-bytes',
];

/** Reads the oracle's current values of MUTABLE_CONFIG (call once, on a server nobody changed yet). */
export async function readRestoreConfig(conn: RawConnection): Promise<string[]> {
  const r = await conn.send(['CONFIG', 'GET', ...MUTABLE_CONFIG]);
  if (!Array.isArray(r)) throw new Error(`CONFIG GET failed: ${JSON.stringify(r)}`);
  return r as string[];
}

/**
 * Back to an empty server with default settings, both connections fresh (RESET leaves MULTI, drops
 * WATCHes, selects db 0, clears the name and goes back to RESP2), and lazy expiry only, as the stub.
 */
export async function resetOracle(side: OracleSide): Promise<void> {
  const [a, b] = side.conns;
  const replies = await Promise.all([
    a.sendAll([
      ['RESET'],
      ['FLUSHALL'],
      ['CONFIG', 'SET', ...side.restoreConfig],
      ['CONFIG', 'RESETSTAT'],
      ['DEBUG', 'SET-ACTIVE-EXPIRE', '0'],
    ]),
    b.send(['RESET']),
  ]);
  const bad = [...replies[0], replies[1]].find((r) => r instanceof ErrorReply);
  if (bad) throw new Error(`oracle reset failed: ${(bad as ErrorReply).message}`);
}

/**
 * Leaves the oracle as a fresh server for whatever test file runs next on this worker: empty,
 * configuration restored, and active expiry back on (the server default).
 */
export async function releaseOracle(side: OracleSide): Promise<void> {
  await resetOracle(side);
  const r = await side.conns[0].send(['DEBUG', 'SET-ACTIVE-EXPIRE', '1']);
  if (r instanceof ErrorReply) throw new Error(`oracle release failed: ${r.message}`);
}

/**
 * Runs a program on the oracle. Consecutive commands of one connection go out as one pipeline; the
 * program waits for them before the other connection speaks, so the interleaving is the program's.
 */
export async function runProgramOnOracle(side: OracleSide, program: Program): Promise<Reply[]> {
  await resetOracle(side);
  const replies: Reply[] = [];
  let batch: string[][] = [];
  let batchConn: 0 | 1 = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    replies.push(...(await side.conns[batchConn].sendAll(batch)));
    batch = [];
  };
  for (const step of program) {
    const conn = step.conn ?? 0;
    if (conn !== batchConn) {
      await flush();
      batchConn = conn;
    }
    if (isScanAll(step)) {
      await flush();
      const loop = new ScanLoop(step.argv.slice(1));
      let done: Reply | undefined;
      while (done === undefined) done = loop.feed(await side.conns[conn].send(loop.command()));
      replies.push(done);
    } else if (isSleep(step)) {
      batch.push(['DEBUG', 'SLEEP', String(Number(step.argv[1]) / 1000)]);
    } else {
      batch.push(step.argv);
    }
  }
  await flush();
  return replies;
}
