/**
 * SLOWLOG against the oracle with `slowlog-log-slower-than 0` (every command is logged): entries,
 * arguments as Redis trims them, ids, lengths and order must match; timestamps and durations are
 * compared by type and range, peers by being the caller's own address.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { Session } from '../../src/engine/session.js';
import { trimArgv } from '../../src/engine/slowlog.js';
import { type Reply, VerbatimReply } from '../../src/reply.js';
import { oraclePort } from '../support/oracle.js';
import { RawConnection } from '../support/raw-connection.js';
import { expectSameAsOracle } from '../support/differential.js';
import { oracleClients, sleep, type Step, stepArgv, stubClients } from '../support/two-clients.js';

const RESTORE = [['CONFIG', 'SET', 'slowlog-log-slower-than', '10000', 'slowlog-max-len', '128'], ['SLOWLOG', 'RESET']];

/**
 * The replies with every slow log entry made comparable: ids from the first entry's, the time
 * checked against the wall clock, the duration a non-negative integer, the peer named c1/c2.
 */
function normalize(replies: Reply[], peers: Map<string, string>): unknown[] {
  let base: number | undefined;
  const now = Date.now() / 1000;
  const entry = (e: Reply): unknown => {
    if (!Array.isArray(e) || e.length !== 6) return e;
    const [id, time, duration, argv, peer, name] = e as [number, number, number, Reply, string, string];
    base ??= id;
    return {
      id: id - base,
      time: typeof time === 'number' && Math.abs(time - now) < 5 ? 'now' : time,
      duration: Number.isInteger(duration) && duration >= 0 ? 'us' : duration,
      argv,
      peer: peers.get(peer) ?? peer,
      name,
    };
  };
  return replies.map((r) =>
    Array.isArray(r) && r.every((e) => Array.isArray(e) && e.length === 6) ? r.map(entry) : r,
  );
}

function runOnStub(steps: Step[]): unknown[] {
  const engine = new Engine({ activeExpire: false });
  const { conns, peers } = stubClients(engine);
  const replies: Reply[] = [];
  for (const step of steps) {
    const { conn, argv } = stepArgv(step);
    const reply = conns[conn].execute(argv);
    replies.push(reply instanceof VerbatimReply ? reply.text : reply);
  }
  engine.close();
  return normalize(replies, peers);
}

let restoreOracle: (() => Promise<void>) | undefined;
afterAll(async () => restoreOracle?.());

async function runOnOracle(port: number, steps: Step[]): Promise<unknown[]> {
  const { conns, peers, close } = await oracleClients(port);
  restoreOracle = async () => {
    const c = await RawConnection.open(port);
    await c.sendAll(RESTORE);
    await c.close();
  };
  await conns[1].send(['FLUSHALL']);
  try {
    const replies: Reply[] = [];
    const late: [number, Promise<Reply>][] = [];
    for (const step of steps) {
      const { conn, argv, blocks } = stepArgv(step);
      const reply = conns[conn].send(argv);
      if (blocks) {
        late.push([replies.length, reply]);
        replies.push(null);
        await sleep(30);
      } else {
        replies.push(await reply);
      }
    }
    for (const [i, p] of late) replies[i] = await p;
    return normalize(replies, peers);
  } finally {
    await conns[1].sendAll(RESTORE);
    await close();
  }
}

async function sameAsOracle(steps: Step[]): Promise<unknown[]> {
  const stub = runOnStub(steps);
  const port = oraclePort();
  // A blocked command's reply is only known later on the oracle; the stub's step answers BLOCKED.
  const comparable = (r: unknown[]) => r.map((x, i) => (steps[i]![0] === 'blocks' ? 'late' : x));
  if (port !== undefined) expect(comparable(stub)).toEqual(comparable(await runOnOracle(port, steps)));
  return stub;
}

const many = Array.from({ length: 40 }, (_, i) => `e${i}`);
const long = 'x'.repeat(200);

describe('SLOWLOG', () => {
  it('logs every command with threshold 0, trims arguments, redacts AUTH, leaves EXEC out', async () => {
    const out = await sameAsOracle([
      [1, 'CONFIG', 'SET', 'slowlog-log-slower-than', '0'],
      [1, 'SLOWLOG', 'RESET'],
      [1, 'SET', 'k', 'v'],
      [1, 'GET', 'k'],
      [1, 'RPUSH', 'l', ...many],
      [1, 'SET', 'long', long],
      [1, 'SET', long + long, '1'],
      [1, 'AUTH', 'pw'],
      [1, 'AUTH', 'u', 'pw'],
      [1, 'MULTI'],
      [1, 'SET', 'x', '1'],
      [1, 'INCR', 'x'],
      [1, 'EXEC'],
      [1, 'CLIENT', 'SETNAME', 'me'],
      [1, 'NOSUCH'],
      [1, 'GET'],
      [2, 'GET', 'k'],
      [1, 'SLOWLOG', 'LEN'],
      [1, 'SLOWLOG', 'GET', '2'],
      [1, 'SLOWLOG', 'GET'],
      [1, 'SLOWLOG', 'GET', '-1'],
      [1, 'SLOWLOG', 'GET', '0'],
    ]);
    expect(out[17]).toBe(13);
  });

  it('logs a script’s commands from the script client (?:0), then the script', async () => {
    await sameAsOracle([
      [1, 'CONFIG', 'SET', 'slowlog-log-slower-than', '0'],
      [1, 'SLOWLOG', 'RESET'],
      [1, 'EVAL', "redis.call('set','a','1') return redis.call('get','a')", '0'],
      [1, 'SLOWLOG', 'GET', '3'],
    ]);
  });

  it('keeps at most slowlog-max-len entries, and nothing with -1', async () => {
    await sameAsOracle([
      [1, 'CONFIG', 'SET', 'slowlog-log-slower-than', '0'],
      [1, 'SLOWLOG', 'RESET'],
      [1, 'CONFIG', 'SET', 'slowlog-max-len', '3'],
      [1, 'SET', 'a', '1'],
      [1, 'SET', 'b', '2'],
      [1, 'SET', 'c', '3'],
      [1, 'SLOWLOG', 'LEN'],
      [1, 'SLOWLOG', 'GET', '-1'],
      [1, 'CONFIG', 'SET', 'slowlog-max-len', '1'],
      [1, 'SLOWLOG', 'GET', '-1'],
      [1, 'CONFIG', 'SET', 'slowlog-max-len', '0'],
      [1, 'SLOWLOG', 'LEN'],
      [1, 'CONFIG', 'SET', 'slowlog-max-len', '128', 'slowlog-log-slower-than', '-1'],
      [1, 'SET', 'd', '4'],
      [1, 'SLOWLOG', 'RESET'],
      [1, 'SET', 'e', '5'],
      [1, 'SLOWLOG', 'LEN'],
      [1, 'CONFIG', 'SET', 'slowlog-log-slower-than', '10000000'],
      [1, 'SET', 'f', '6'],
      [1, 'SLOWLOG', 'LEN'],
    ]);
  });

  it('logs a blocked command when it is answered, after the command that served it', async () => {
    await sameAsOracle([
      [1, 'CONFIG', 'SET', 'slowlog-log-slower-than', '0'],
      [1, 'CLIENT', 'SETNAME', 'waiter'],
      [2, 'SLOWLOG', 'RESET'],
      ['blocks', 1, 'BLPOP', 'l', '0'],
      [2, 'SLOWLOG', 'LEN'],
      [2, 'RPUSH', 'l', 'a'],
      [2, 'SLOWLOG', 'GET'],
    ]);
  });

  it('logs a blocked command that times out, or is unblocked, when it is answered', () => {
    const engine = new Engine({ activeExpire: false, config: { 'slowlog-log-slower-than': '0' } });
    const clock = engine.useManualClock();
    const [a, b] = [new Session(engine), new Session(engine)];
    a.onUnblocked = () => {};
    a.execute(['BLPOP', 'l', '1']);
    expect(b.execute(['SLOWLOG', 'LEN'])).toBe(0);
    clock.advance(1001);
    const [entry] = b.execute(['SLOWLOG', 'GET', '1']) as Reply[][];
    expect(entry![3]).toEqual(['BLPOP', 'l', '1']);
    a.execute(['BLPOP', 'l', '0']);
    b.execute(['CLIENT', 'UNBLOCK', String(a.id)]);
    const [unblock, blpop] = b.execute(['SLOWLOG', 'GET', '2']) as Reply[][];
    expect(unblock![3]).toEqual(['CLIENT', 'UNBLOCK', String(a.id)]);
    expect(blpop![3]).toEqual(['BLPOP', 'l', '0']);
    // A blocked client that disconnects was never answered: no entry.
    a.execute(['BLPOP', 'l', '0']);
    a.close();
    expect((b.execute(['SLOWLOG', 'GET', '1']) as Reply[][])[0]![3]).toEqual(['SLOWLOG', 'GET', '2']);
    engine.close();
  });

  it('validates its arguments as Redis 7.0', async () => {
    await sameAsOracle([
      [1, 'SLOWLOG'],
      [1, 'SLOWLOG', 'FOO'],
      [1, 'SLOWLOG', 'HELP'],
      [1, 'slowlog', 'help', 'x'],
      [1, 'SLOWLOG', 'LEN', 'x'],
      [1, 'SLOWLOG', 'RESET', 'x'],
      [1, 'SLOWLOG', 'GET', 'x'],
      [1, 'SLOWLOG', 'GET', '-2'],
      [1, 'SLOWLOG', 'GET', '1.5'],
      [1, 'SLOWLOG', 'GET', '99999999999999999999'],
      [1, 'SLOWLOG', 'GET', '1', '2'],
      [1, 'SLOWLOG', 'GET', '0'],
    ]);
  });

  it('trims as slowlogCreateEntry', () => {
    expect(trimArgv(['a', 'b'])).toEqual(['a', 'b']);
    const argv = Array.from({ length: 33 }, (_, i) => String(i));
    expect(trimArgv(argv)).toEqual([...argv.slice(0, 31), '... (2 more arguments)']);
    expect(trimArgv(Array.from({ length: 32 }, (_, i) => String(i)))).toHaveLength(32);
    expect(trimArgv(['y'.repeat(129)])).toEqual([`${'y'.repeat(128)}... (1 more bytes)`]);
    expect(trimArgv(['y'.repeat(128)])).toEqual(['y'.repeat(128)]);
  });

  it('takes the timestamp from the engine clock and the duration in microseconds', () => {
    const engine = new Engine({ activeExpire: false, config: { 'slowlog-log-slower-than': '0' } });
    engine.useManualClock(1_700_000_000_999);
    const c = new Session(engine);
    c.execute(['SET', 'k', 'v']);
    const [entry] = c.execute(['SLOWLOG', 'GET', '1']) as [number, number, number, string[], string, string][];
    expect(entry![1]).toBe(1_700_000_000);
    expect(entry![3]).toEqual(['SET', 'k', 'v']);
    expect(entry![4]).toBe(c.addr);
    engine.close();
  });
});

describe('subcommands named like transaction control', () => {
  it('SLOWLOG RESET inside MULTI is queued, not run (only the RESET command itself runs at once)', async () => {
    await expectSameAsOracle([
      ['MULTI'],
      ['SLOWLOG', 'RESET'],
      ['SLOWLOG', 'LEN'],
      ['EXEC'],
      ['MULTI'],
      ['RESET'],
      ['EXEC'],
    ]);
  });
});

describe('what is timed', () => {
  it('at a positive threshold a slow command is logged and fast ones are not (they are not even timed)', async () => {
    await expectSameAsOracle([
      ['CONFIG', 'SET', 'slowlog-log-slower-than', '2000'],
      ['SLOWLOG', 'RESET'],
      ['SET', 'k', 'v'],
      ['GET', 'k'],
      ['DEBUG', 'SLEEP', '0.01'],
      ['INCR', 'n'],
      ['SLOWLOG', 'LEN'],
      ['CONFIG', 'SET', 'slowlog-log-slower-than', '10000'],
    ]);
  });
});
