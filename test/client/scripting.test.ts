/**
 * defineCommand and the `scripts` option, side by side with real ioredis on the oracle: the
 * replies, and what goes on the wire (EVAL the first time on a connection, EVALSHA after, NOSCRIPT
 * answered by a resend as EVAL). The oracle's wire is read with MONITOR; the stub's by recording
 * what its sessions execute (its own wire, whatever the engine's MONITOR does).
 *
 * Two suites: one runs the stub on a tiny fake script server (engine-independent: it checks only
 * the client's EVAL/EVALSHA/NOSCRIPT mechanics), the other on the engine's real EVAL.
 */
import { createHash } from 'node:crypto';
import IORedis from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import Redis, { Engine } from '../../src/index.js';
import { Session } from '../../src/engine/session.js';
import { ErrorReply, OK, type Reply } from '../../src/reply.js';
import type { Bytes } from '../../src/bytes.js';
import { oraclePort } from '../support/oracle.js';
import { type AnyClient, oracleAvailable, outcome, sleep } from './side-by-side.js';

const INCR = "return redis.call('INCR', KEYS[1])";
const ECHO = 'return {KEYS[1], ARGV[1]}';
const GET = "return redis.call('GET', KEYS[1])";
const sha1 = (s: string): string => createHash('sha1').update(s).digest('hex');

type Factory = (options?: Record<string, unknown>) => AnyClient;
type Scenario = (make: Factory) => Promise<unknown[]>;

// ---- the oracle's wire (MONITOR) -----------------------------------------------------------

let admin: AnyClient | undefined;
let monitor: AnyClient | undefined;
let realWire: string[][] = [];
let markers = 0;

async function openMonitor(): Promise<void> {
  admin = new IORedis({ port: oraclePort()!, host: '127.0.0.1' }) as unknown as AnyClient;
  await admin.ping();
  monitor = (await admin.monitor()) as AnyClient;
  const own = `${String(admin.stream.localAddress)}:${String(admin.stream.localPort)}`;
  monitor.on('monitor', (_time: string, args: string[], source: string) => {
    // Commands run by scripts are not on the wire; the admin's are not the scenario's; INFO is
    // ioredis's ready check (the stub has none to send).
    if (source === 'lua' || source === own || args[0]!.toLowerCase() === 'info') return;
    realWire.push([args[0]!.toLowerCase(), ...args.slice(1)]);
  });
}

/** Waits until MONITOR has shown everything sent so far (a marker sent after it arrives last). */
async function drainMonitor(): Promise<void> {
  const marker = `marker-${++markers}`;
  const probe = new IORedis({ port: oraclePort()!, host: '127.0.0.1' }) as unknown as AnyClient;
  await probe.echo(marker);
  probe.disconnect();
  for (let i = 0; i < 200; i++) {
    const at = realWire.findIndex((c) => c[0] === 'echo' && c[1] === marker);
    if (at !== -1) {
      realWire.splice(at, 1);
      return;
    }
    await sleep(5);
  }
  throw new Error('MONITOR did not show the marker');
}

// ---- the stub's wire (its sessions) ---------------------------------------------------------

type Execute = (this: Session, argv: Bytes[]) => Reply;
const originalExecute: Execute = Session.prototype.execute;
let stubWire: string[][] = [];
let stubEngine: Engine | undefined;
/** The fake script server of the mechanics suite, when on. */
let fakeScripts: Map<string, string> | undefined;

Session.prototype.execute = function (this: Session, argv: Bytes[]): Reply {
  if (this.engine !== stubEngine) return originalExecute.call(this, argv);
  stubWire.push(argv.map((a) => Buffer.from(a, 'latin1').toString()));
  return fakeScripts === undefined ? originalExecute.call(this, argv) : fakeExecute(this, argv, fakeScripts);
};

/**
 * Just enough of a script server for the three test scripts: a SHA cache, EVAL, EVALSHA (NOSCRIPT
 * when not cached) and SCRIPT FLUSH, each script run as the command it wraps.
 */
function fakeExecute(session: Session, argv: Bytes[], cache: Map<string, string>): Reply {
  const name = argv[0]!.toLowerCase();
  if (name === 'script' && argv[1]!.toLowerCase() === 'flush') {
    cache.clear();
    return OK;
  }
  if (name !== 'eval' && name !== 'evalsha') return originalExecute.call(session, argv);
  let source: string | undefined;
  if (name === 'eval') {
    source = argv[1]!;
    cache.set(sha1(source), source);
  } else {
    source = cache.get(argv[1]!.toLowerCase());
    if (source === undefined) return new ErrorReply('NOSCRIPT No matching script. Please use EVAL.');
  }
  const numkeys = Number(argv[2]);
  const keys = argv.slice(3, 3 + numkeys);
  const args = argv.slice(3 + numkeys);
  if (source === INCR) return originalExecute.call(session, ['incr', keys[0]!]);
  if (source === GET) return originalExecute.call(session, ['get', keys[0]!]);
  if (source === ECHO) return [keys[0]!, args[0]!];
  return new ErrorReply('ERR fake script server: unknown script');
}

// ---- running a scenario on both ----------------------------------------------------------------

const makeReal: Factory = (options = {}) =>
  new IORedis({ port: oraclePort()!, host: '127.0.0.1', ...options }) as unknown as AnyClient;

/** Runs `scenario` with real ioredis, then with the stub; replies and wire must be the same. */
async function expectSame(scenario: Scenario): Promise<{ results: unknown[]; wire: string[][] }> {
  await admin!.script('FLUSH');
  await admin!.flushall();
  await drainMonitor();
  realWire = [];
  const expected = await scenario(makeReal);
  await drainMonitor();
  const expectedWire = realWire;

  const engine = new Engine({ activeExpire: false });
  stubEngine = engine;
  stubWire = [];
  if (fakeScripts) fakeScripts.clear();
  const makeStub: Factory = (options = {}) => new Redis({ engine, ...options }) as unknown as AnyClient;
  let actual: unknown[];
  try {
    actual = await scenario(makeStub);
  } finally {
    stubEngine = undefined;
  }
  expect({ results: actual, wire: stubWire }).toEqual({ results: expected, wire: expectedWire });
  return { results: actual, wire: stubWire };
}

/** The wire with each script source or SHA shortened to a name, for readable expectations. */
function named(wire: string[][]): string[] {
  const names = new Map<string, string>();
  for (const [label, src] of [['INCR', INCR], ['ECHO', ECHO], ['GET', GET]] as const) {
    names.set(src, `<${label}>`);
    names.set(sha1(src), `<sha ${label}>`);
  }
  return wire.map((c) => c.map((a) => names.get(a) ?? a).join(' '));
}

/** Runs one scenario on a fresh client and closes it. */
function withClient(options: Record<string, unknown>, steps: (c: AnyClient) => Promise<unknown[]>): Scenario {
  return async (make) => {
    const c = make(options);
    try {
      return await steps(c);
    } finally {
      c.disconnect();
    }
  };
}

function suiteHooks(fake: boolean): void {
  beforeAll(async () => {
    await openMonitor();
    if (fake) fakeScripts = new Map();
  });
  afterAll(() => {
    fakeScripts = undefined;
    monitor?.disconnect();
    admin?.disconnect();
  });
  beforeEach(() => {
    realWire = [];
  });
}

// ---- the client's mechanics (engine-independent) -----------------------------------------------

describe.skipIf(!oracleAvailable)('defineCommand mechanics (stub on a fake script server)', () => {
  suiteHooks(true);

  it('first call on a connection is EVAL with the source, later calls EVALSHA', async () => {
    const { wire } = await expectSame(
      withClient({}, async (c) => {
        c.defineCommand('incrk', { numberOfKeys: 1, lua: INCR });
        return [await outcome(c.incrk('a')), await outcome(c.incrk('a')), await outcome(c.incrkBuffer('a'))];
      }),
    );
    expect(named(wire)).toEqual(['eval <INCR> 1 a', 'evalsha <sha INCR> 1 a', 'evalsha <sha INCR> 1 a']);
  });

  it('NOSCRIPT (after SCRIPT FLUSH) is resent as EVAL, invisibly', async () => {
    const { wire } = await expectSame(
      withClient({}, async (c) => {
        c.defineCommand('incrk', { numberOfKeys: 1, lua: INCR });
        const out = [await outcome(c.incrk('a'))];
        await c.script('FLUSH');
        out.push(await outcome(c.incrk('a')), await outcome(c.incrk('a')));
        return out;
      }),
    );
    expect(named(wire)).toEqual([
      'eval <INCR> 1 a',
      'script FLUSH',
      'evalsha <sha INCR> 1 a',
      'eval <INCR> 1 a',
      'evalsha <sha INCR> 1 a',
    ]);
  });

  it('a script loaded by another connection: EVAL on this one first all the same', async () => {
    const { wire } = await expectSame(async (make) => {
      const a = make();
      const b = make();
      a.defineCommand('incrk', { numberOfKeys: 1, lua: INCR });
      b.defineCommand('incrk', { numberOfKeys: 1, lua: INCR });
      const out = [await outcome(a.incrk('a')), await outcome(b.incrk('a')), await outcome(b.incrk('a'))];
      a.disconnect();
      b.disconnect();
      return out;
    });
    expect(named(wire)).toEqual(['eval <INCR> 1 a', 'eval <INCR> 1 a', 'evalsha <sha INCR> 1 a']);
  });

  it('NOSCRIPT inside a pipeline: each is resent from the client after the pipeline', async () => {
    const { wire } = await expectSame(
      withClient({}, async (c) => {
        c.defineCommand('incrk', { numberOfKeys: 1, lua: INCR });
        const out = [await outcome(c.incrk('b'))];
        await c.script('FLUSH');
        const p = c.pipeline().incrk('b').get('b').incrk('b');
        const seen: unknown[] = [];
        // Per-command callbacks see the retried results too.
        const q = c.pipeline().incrk('b', (err: Error | null, v: unknown) => seen.push([err, v]));
        out.push(await outcome(p.exec()), await outcome(q.exec()), seen);
        return out;
      }),
    );
    expect(named(wire)).toEqual([
      'eval <INCR> 1 b',
      'script FLUSH',
      'evalsha <sha INCR> 1 b',
      'get b',
      'evalsha <sha INCR> 1 b',
      'eval <INCR> 1 b',
      'evalsha <sha INCR> 1 b',
      'evalsha <sha INCR> 1 b',
    ]);
  });

  it('keyPrefix (captured when defined) applies to KEYS only; numkeys from the caller when not defined', async () => {
    const { wire } = await expectSame(
      withClient({ keyPrefix: 'pre:' }, async (c) => {
        c.defineCommand('echo2', { lua: ECHO });
        c.defineCommand('get1', { numberOfKeys: 1, lua: GET });
        await c.set('k', 'v');
        return [
          await outcome(c.echo2(1, 'k', 'v')),
          await outcome(c.echo2(1, ['k'], 'v')),
          await outcome(c.echo2([1, 'k', 'v'])),
          await outcome(c.echo2Buffer(1, Buffer.from('k'), 'v')),
          await outcome(c.get1('k')),
          await outcome(c.get1(['k'])),
        ];
      }),
    );
    expect(named(wire)).toEqual([
      'set pre:k v',
      'eval <ECHO> 1 pre:k v',
      'evalsha <sha ECHO> 1 pre:k v',
      'evalsha <sha ECHO> 1 pre:k v',
      'evalsha <sha ECHO> 1 pre:k v',
      'eval <GET> 1 pre:k',
      'evalsha <sha GET> 1 pre:k',
    ]);
  });

  it('readOnly changes nothing on the wire (no EVAL_RO / EVALSHA_RO)', async () => {
    const { wire } = await expectSame(
      withClient({}, async (c) => {
        c.defineCommand('get1', { numberOfKeys: 1, lua: GET, readOnly: true });
        await c.set('k', 'v');
        return [await outcome(c.get1('k')), await outcome(c.get1('k'))];
      }),
    );
    expect(named(wire)).toEqual(['set k v', 'eval <GET> 1 k', 'evalsha <sha GET> 1 k']);
  });

  it('a trailing callback gets the result', async () => {
    await expectSame(
      withClient({}, async (c) => {
        c.defineCommand('incrk', { numberOfKeys: 1, lua: INCR });
        const viaCallback = await new Promise((resolve) => {
          const returned = c.incrk('a', (err: Error | null, v: unknown) => resolve([err, v]));
          expect(returned).toBeInstanceOf(Promise);
        });
        return [viaCallback, await outcome(c.incrk('a', () => {}))];
      }),
    );
  });

  it('the `scripts` option defines them; duplicate() carries it but not defineCommand', async () => {
    const { wire } = await expectSame(
      withClient({ scripts: { incrk: { numberOfKeys: 1, lua: INCR } } }, async (c) => {
        c.defineCommand('echo2', { numberOfKeys: 1, lua: ECHO });
        const d = c.duplicate();
        const out = [
          typeof c.incrk,
          typeof c.incrkBuffer,
          typeof c.echo2,
          typeof d.incrk,
          typeof d.echo2,
          typeof d.echo2Buffer,
          Object.keys(c.scriptsSet).sort(),
          Object.keys(d.scriptsSet).sort(),
          await outcome(c.incrk('a')),
          await outcome(d.incrk('a')),
          await outcome(d.incrk('a')),
        ];
        d.disconnect();
        return out;
      }),
    );
    expect(named(wire)).toEqual(['eval <INCR> 1 a', 'eval <INCR> 1 a', 'evalsha <sha INCR> 1 a']);
  });

  it('a queued call (lazyConnect, or across a reconnect) is written as EVAL on the new connection', async () => {
    const { wire } = await expectSame(
      withClient({ lazyConnect: true }, async (c) => {
        c.defineCommand('incrk', { numberOfKeys: 1, lua: INCR });
        const out = [await outcome(c.incrk('a')), await outcome(c.incrk('a'))];
        c.disconnect(true);
        const queued = c.incrk('a');
        await new Promise((resolve) => c.once('ready', resolve));
        out.push(await outcome(queued), await outcome(c.incrk('a')));
        return out;
      }),
    );
    expect(named(wire)).toEqual([
      'eval <INCR> 1 a',
      'evalsha <sha INCR> 1 a',
      'eval <INCR> 1 a',
      'evalsha <sha INCR> 1 a',
    ]);
  });

  it('pipelines get the client\'s script methods (and pipeline.defineCommand works)', async () => {
    await expectSame(
      withClient({}, async (c) => {
        c.defineCommand('incrk', { numberOfKeys: 1, lua: INCR });
        const p = c.pipeline();
        p.defineCommand('echo2', { numberOfKeys: 1, lua: ECHO });
        const chained = p.incrk('a').echo2('x', 'y').incrkBuffer('a');
        return [
          chained === p,
          p.length,
          p.incrk === c.incrk,
          typeof c.echo2,
          Object.keys(p._shaToScript ?? {}),
          await outcome(p.exec()),
        ];
      }),
    );
  });
});

// ---- on the engine's own EVAL ---------------------------------------------------------------------

describe.skipIf(!oracleAvailable)('defineCommand on the engine (side by side with ioredis)', () => {
  suiteHooks(false);

  it('calls, Buffer replies, callbacks, dynamic numkeys, keyPrefix', async () => {
    await expectSame(
      withClient({ keyPrefix: 'p:' }, async (c) => {
        c.defineCommand('incrk', { numberOfKeys: 1, lua: INCR });
        c.defineCommand('echo2', { lua: ECHO });
        c.defineCommand('get1', { numberOfKeys: 1, lua: GET, readOnly: true });
        const cb = await new Promise((resolve) => c.incrk('a', (err: Error | null, v: unknown) => resolve([err, v])));
        return [
          cb,
          await outcome(c.incrk('a')),
          await outcome(c.incrkBuffer('a')),
          await outcome(c.echo2(1, 'k', 'v')),
          await outcome(c.echo2Buffer(1, ['k'], 'v')),
          await outcome(c.get1('a')),
          await outcome(c.get1Buffer('nope')),
        ];
      }),
    );
  });

  it('SCRIPT FLUSH between calls; a direct EVALSHA of an unknown SHA rejects NOSCRIPT', async () => {
    await expectSame(
      withClient({}, async (c) => {
        c.defineCommand('incrk', { numberOfKeys: 1, lua: INCR });
        const out = [await outcome(c.incrk('a')), await outcome(c.script('FLUSH')), await outcome(c.incrk('a'))];
        out.push(await outcome(c.evalsha(sha1('return 42'), 0)));
        out.push(await outcome(c.script('EXISTS', sha1(INCR), sha1('return 42'))));
        return out;
      }),
    );
  });

  it('pipelines: EVAL then EVALSHA within one; NOSCRIPT in one resent after it', async () => {
    const { wire } = await expectSame(
      withClient({}, async (c) => {
        c.defineCommand('incrk', { numberOfKeys: 1, lua: INCR });
        c.defineCommand('echo2', { numberOfKeys: 1, lua: ECHO });
        const out = [await outcome(c.pipeline().incrk('b').incrk('b').echo2('x', 'y').exec())];
        await c.script('FLUSH');
        out.push(await outcome(c.pipeline().incrk('b').get('b').incrkBuffer('b').exec()));
        return out;
      }),
    );
    expect(named(wire)).toEqual([
      'eval <INCR> 1 b',
      'evalsha <sha INCR> 1 b',
      'eval <ECHO> 1 x y',
      'script FLUSH',
      'evalsha <sha INCR> 1 b',
      'get b',
      'evalsha <sha INCR> 1 b',
      'eval <INCR> 1 b',
      'evalsha <sha INCR> 1 b',
    ]);
  });

  it('MULTI: QUEUED per call, EVAL then EVALSHA inside; NOSCRIPT stays an EXEC item (no resend)', async () => {
    const { wire } = await expectSame(
      withClient({}, async (c) => {
        c.defineCommand('incrk', { numberOfKeys: 1, lua: INCR });
        const queued: unknown[] = [];
        const m = c.multi().incrk('e', (err: Error | null, v: unknown) => queued.push([err, v])).incrk('e');
        const out = [await outcome(m.exec()), queued];
        await c.script('FLUSH');
        out.push(await outcome(c.multi().incrk('e').get('e').exec()));
        out.push(await outcome(c.incrk('e')));
        // multi({ pipeline: false }): the call itself resolves QUEUED.
        out.push(await outcome(c.multi({ pipeline: false })), await outcome(c.incrk('e')), await outcome(c.exec()));
        return out;
      }),
    );
    expect(named(wire)).toEqual([
      'multi',
      'eval <INCR> 1 e',
      'evalsha <sha INCR> 1 e',
      'exec',
      'script FLUSH',
      'multi',
      'evalsha <sha INCR> 1 e',
      'get e',
      'exec',
      'evalsha <sha INCR> 1 e',
      'eval <INCR> 1 e',
      'multi',
      'evalsha <sha INCR> 1 e',
      'exec',
    ]);
  });

  it('script errors: a compile error is resent after NOSCRIPT each time; err.command names what was written', async () => {
    const { wire } = await expectSame(
      withClient({}, async (c) => {
        c.defineCommand('bad', { numberOfKeys: 0, lua: 'return +' });
        c.defineCommand('rt', { numberOfKeys: 0, lua: "return redis.call('nosuchcommand')" });
        return [await outcome(c.bad()), await outcome(c.bad()), await outcome(c.rt()), await outcome(c.rt())];
      }),
    );
    expect(named(wire).map((line) => line.split(' ')[0])).toEqual(['eval', 'evalsha', 'eval', 'eval', 'evalsha']);
  });

  it('Lua replies reach the caller as ioredis renders them', async () => {
    await expectSame(
      withClient({}, async (c) => {
        c.defineCommand('mixed', { numberOfKeys: 0, lua: "return {1, 'two', 3.7, true, false, nil, 5}" });
        c.defineCommand('okreply', { numberOfKeys: 0, lua: "return redis.status_reply('FINE')" });
        c.defineCommand('err', { numberOfKeys: 0, lua: "return redis.error_reply('MYERR bad')" });
        return [
          await outcome(c.mixed()),
          await outcome(c.mixedBuffer()),
          await outcome(c.okreply()),
          await outcome(c.err()),
          await outcome(c.pipeline().mixed().err().exec()),
        ];
      }),
    );
  });
});
