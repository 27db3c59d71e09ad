/**
 * Multi-client blocking scenarios, run the same way on the stub and on the oracle.
 *
 * A scenario is a list of steps over numbered connections: send a command (which may block, and
 * then holds back that connection's later commands, as a socket does), let time pass, or close a
 * connection. After every step the runner waits until the server is at rest (every connection
 * with an unanswered command is blocked in it) and records which replies arrived during the
 * step, per connection. Two runs agree when every step saw the same replies: so FIFO order among
 * blocked clients, which client a write woke, timeouts and disconnects are all compared.
 *
 * On the oracle, "at rest" is read from CLIENT LIST (flag `b`) on a control connection, and time
 * is real (`sleep` waits); on the stub, sessions run on an engine with a manual clock that
 * `sleep` advances.
 */
import { Engine } from '../../src/engine/engine.js';
import type { ManualClock } from '../../src/engine/clock.js';
import { Session } from '../../src/engine/session.js';
import { BLOCKED, type Reply } from '../../src/reply.js';
import { oraclePort } from './oracle.js';
import { RawConnection } from './raw-connection.js';
import { type JsonReply, toJson } from './reply-json.js';
import { onTheWire } from './wire.js';

export type ScenarioStep =
  | { conn: number; argv: string[] }
  /** Several commands written at once on one connection (one step: replies are recorded together). */
  | { conn: number; batch: string[][] }
  /** Let this many milliseconds pass (blocking timeouts). */
  | { sleep: number }
  /** Close the connection (while blocked, the wait just ends). */
  | { close: number };

/** What one step produced: the replies that arrived, in connection order, then arrival order. */
export type StepOutcome = [conn: number, reply: JsonReply][];

export function describeStep(step: ScenarioStep): string {
  if ('sleep' in step) return `(sleep ${step.sleep} ms)`;
  if ('close' in step) return `${step.close + 1}> (close)`;
  if ('batch' in step) return step.batch.map((argv) => describeStep({ conn: step.conn, argv })).join('\n');
  return `${step.conn + 1}> ${step.argv.map((a) => (/^[\x21-\x7e]+$/.test(a) ? a : JSON.stringify(a))).join(' ')}`;
}

function connectionsOf(steps: readonly ScenarioStep[]): number {
  let n = 0;
  for (const s of steps) n = Math.max(n, 'conn' in s ? s.conn + 1 : 'close' in s ? s.close + 1 : 0);
  return n;
}

function sortByConn(outcome: StepOutcome): StepOutcome {
  return outcome.map((o, i) => [o, i] as const).sort((a, b) => a[0][0] - b[0][0] || a[1] - b[1]).map(([o]) => o);
}

// ---- the stub ----------------------------------------------------------------------------------

/** A stub connection: a session plus the commands written behind a blocked one. */
interface StubConn {
  session: Session;
  backlog: string[][];
  blocked: boolean;
  closed: boolean;
}

export function runScenarioOnStub(steps: readonly ScenarioStep[]): StepOutcome[] {
  const engine = new Engine({ activeExpire: false });
  const clock: ManualClock = engine.useManualClock(Date.now());
  const arrived: StepOutcome = [];
  const woken: number[] = [];
  const conns: StubConn[] = [];
  for (let i = 0; i < connectionsOf(steps); i++) {
    const conn: StubConn = { session: new Session(engine), backlog: [], blocked: false, closed: false };
    conn.session.onUnblocked = (reply) => {
      conn.blocked = false;
      arrived.push([i, toJson(onTheWire(reply, conn.session.resp))]);
      woken.push(i);
    };
    conns.push(conn);
  }
  const run = (i: number, argv: string[]): void => {
    const conn = conns[i]!;
    const reply: Reply = conn.session.execute(argv);
    if (reply === BLOCKED) conn.blocked = true;
    else arrived.push([i, toJson(onTheWire(reply, conn.session.resp))]);
  };
  /** Like a server's processUnblockedClients: woken connections read what waited behind. */
  const drain = (): void => {
    while (woken.length !== 0) {
      const conn = conns[woken.shift()!]!;
      const i = conns.indexOf(conn);
      while (!conn.blocked && !conn.closed && conn.backlog.length !== 0) run(i, conn.backlog.shift()!);
    }
  };
  const outcomes: StepOutcome[] = [];
  try {
    for (const step of steps) {
      if ('sleep' in step) clock.advance(step.sleep);
      else if ('close' in step) {
        const conn = conns[step.close]!;
        conn.closed = true;
        conn.session.close();
      } else {
        const conn = conns[step.conn]!;
        for (const argv of 'batch' in step ? step.batch : [step.argv]) {
          if (conn.closed) break;
          if (conn.blocked) conn.backlog.push(argv);
          else run(step.conn, argv);
        }
      }
      drain();
      outcomes.push(sortByConn(arrived.splice(0)));
    }
  } finally {
    for (const conn of conns) conn.session.close();
    engine.close();
  }
  return outcomes;
}

// ---- the oracle --------------------------------------------------------------------------------

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Resets the oracle and runs the scenario on fresh connections to it; undefined offline. */
export async function runScenarioOnOracle(steps: readonly ScenarioStep[]): Promise<StepOutcome[] | undefined> {
  const port = oraclePort();
  if (port === undefined) return undefined;
  const control = await RawConnection.open(port);
  await control.sendAll([['FLUSHALL'], ['CONFIG', 'RESETSTAT'], ['DEBUG', 'SET-ACTIVE-EXPIRE', '0']]);
  const n = connectionsOf(steps);
  const conns: RawConnection[] = [];
  const ids: string[] = [];
  const outstanding: number[] = [];
  const closed: boolean[] = [];
  const arrived: StepOutcome = [];
  for (let i = 0; i < n; i++) {
    const conn = await RawConnection.open(port);
    conns.push(conn);
    ids.push(String(await conn.send(['CLIENT', 'ID'])));
    outstanding.push(0);
    closed.push(false);
  }
  /** At rest: every connection still owing a reply is blocked in its command, and the closed are gone. */
  const settle = async (): Promise<void> => {
    for (let attempt = 0; attempt < 2000; attempt++) {
      // A CLIENT LIST answer only speaks for the replies counted when it was asked: if one
      // arrived meanwhile, the answer may predate it (sockets race), so ask again.
      const before = outstanding.join();
      const list = String(await control.send(['CLIENT', 'LIST']));
      if (outstanding.join() !== before) continue;
      const flags = new Map<string, string>();
      for (const line of list.split('\n')) {
        const m = /^id=(\d+) .*? flags=(\S+)/.exec(line);
        if (m) flags.set(m[1]!, m[2]!);
      }
      let rest = true;
      for (let i = 0; i < n; i++) {
        if (closed[i]) rest &&= !flags.has(ids[i]!);
        else if (outstanding[i]! > 0) rest &&= flags.get(ids[i]!)?.includes('b') ?? false;
      }
      if (rest) return;
      await sleep(attempt < 20 ? 1 : 5);
    }
    throw new Error('blocking scenario: the oracle did not come to rest');
  };
  const outcomes: StepOutcome[] = [];
  try {
    for (const step of steps) {
      if ('sleep' in step) await sleep(step.sleep);
      else if ('close' in step) {
        closed[step.close] = true;
        await conns[step.close]!.close();
      } else {
        const i = step.conn;
        if (closed[i]) continue;
        const batch = 'batch' in step ? step.batch : [step.argv];
        outstanding[i]! += batch.length;
        void conns[i]!.sendAll(batch).then((replies) => {
          outstanding[i]! -= replies.length;
          for (const reply of replies) arrived.push([i, toJson(reply)]);
        });
      }
      await settle();
      outcomes.push(sortByConn(arrived.splice(0)));
    }
  } finally {
    for (let i = 0; i < n; i++) if (!closed[i]) await conns[i]!.close();
    await control.close();
  }
  return outcomes;
}

/** The first step whose outcome differs, described for a failure message; undefined when all agree. */
export function scenarioMismatch(steps: readonly ScenarioStep[], stub: StepOutcome[], oracle: StepOutcome[]): string | undefined {
  for (let i = 0; i < steps.length; i++) {
    const a = JSON.stringify(stub[i]);
    const b = JSON.stringify(oracle[i]);
    if (a === b) continue;
    return [
      `step ${i + 1} differs: ${describeStep(steps[i]!)}`,
      `  stub:   ${a}`,
      `  oracle: ${b}`,
      'scenario:',
      ...steps.slice(0, i + 1).map(describeStep),
    ].join('\n');
  }
  return undefined;
}
