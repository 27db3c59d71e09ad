/**
 * Multi-connection pub/sub scenarios, run the same way on the stub and on the oracle.
 *
 * A scenario is a list of steps over numbered connections: send a command, let real time pass
 * (TTLs and the active expire cycle), or close a connection. After every step each connection's
 * incoming frames are recorded, whatever they are: replies, the several replies of SUBSCRIBE a b,
 * messages, keyspace events, RESP3 pushes. Two runs agree when every step saw the same frames on
 * every connection, in the same order, so subscription counts, receivers, who gets which message
 * and the order of messages per subscriber are all compared.
 *
 * On the oracle, connections are raw sockets collecting every frame. A step is over when its
 * connection has the frames the stub produced for it (or after a timeout, which then shows as a
 * mismatch) and a round trip on a control connection has passed: Redis writes a command's reply
 * and the messages it published in the same event loop turn, so by then every frame is on its way.
 *
 * Some orders are Redis's hash-table orders, seeded at random per server: the patterns a message
 * matches, the channels UNSUBSCRIBE or SUNSUBSCRIBE with no arguments walks, PUBSUB CHANNELS. Those
 * are compared as sets (see `normalize`), as are the events of a step where keys expire on their own.
 */
import { createConnection, type Socket } from 'node:net';
import { Engine } from '../../src/engine/engine.js';
import { Session } from '../../src/engine/session.js';
import { encodeCommand, encodeReply, ReplyParser } from '../../src/protocol/resp.js';
import type { Reply } from '../../src/reply.js';
import { oraclePort } from './oracle.js';
import { RawConnection } from './raw-connection.js';
import { type JsonReply, toJson } from './reply-json.js';

export type PubSubStep =
  | { conn: number; argv: string[] }
  /** Let real time pass, then let the active expire cycle run until no key with a TTL is left. */
  | { expire: number }
  /** Let real time pass and nothing else (keys then expire lazily, when touched). */
  | { sleep: number }
  | { close: number };

/** What one step produced: every frame each connection received, by connection. */
export type StepFrames = [conn: number, frames: JsonReply[]][];

const show = (a: string): string => (/^[\x21-\x7e]+$/.test(a) ? a : JSON.stringify(a));

export function describePubSubStep(step: PubSubStep): string {
  if ('expire' in step) return `(wait ${step.expire} ms for the active expire cycle)`;
  if ('sleep' in step) return `(sleep ${step.sleep} ms)`;
  if ('close' in step) return `${step.close + 1}> (close)`;
  return `${step.conn + 1}> ${step.argv.map(show).join(' ')}`;
}

function connectionsOf(steps: readonly PubSubStep[]): number {
  let n = 0;
  for (const s of steps) n = Math.max(n, 'conn' in s ? s.conn + 1 : 'close' in s ? s.close + 1 : 0);
  return n;
}

/** A reply as the frames a client reads off the socket in the given protocol. */
function framesOf(reply: Reply, resp: 2 | 3): JsonReply[] {
  const out: JsonReply[] = [];
  new ReplyParser((r) => out.push(toJson(r))).feed(Buffer.from(encodeReply(reply, resp), 'latin1'));
  return out;
}

// ---- normalizing Redis's random orders ---------------------------------------------------------

const isPushOf = (frame: JsonReply, kind: string): boolean => {
  const items = Array.isArray(frame) ? frame : frame !== null && typeof frame === 'object' && '>' in frame ? (frame['>'] as JsonReply[]) : undefined;
  return items !== undefined && items[0] === kind;
};

const byJson = (a: JsonReply, b: JsonReply): number => (JSON.stringify(a) < JSON.stringify(b) ? -1 : JSON.stringify(a) > JSON.stringify(b) ? 1 : 0);

/**
 * Sorts each run of consecutive frames with the same defined `key`: the pmessages one PUBLISH
 * delivers through several patterns (the same channel and message) come in hash-table order.
 */
function sortRuns(frames: JsonReply[], key: (f: JsonReply) => string | undefined): JsonReply[] {
  const out: JsonReply[] = [];
  let run: JsonReply[] = [];
  let runKey: string | undefined;
  for (const f of frames) {
    const k = key(f);
    if (k === undefined || k !== runKey) {
      out.push(...run.sort(byJson));
      run = [];
    }
    runKey = k;
    if (k === undefined) out.push(f);
    else run.push(f);
  }
  out.push(...run.sort(byJson));
  return out;
}

/** The publish a pmessage came from: its channel and message. */
function pmessageOrigin(f: JsonReply): string | undefined {
  if (!isPushOf(f, 'pmessage')) return undefined;
  const items = Array.isArray(f) ? f : ((f as { '>': JsonReply[] })['>']);
  return JSON.stringify(items.slice(2));
}

/** The channel names of an unsubscribe-all answer, sorted, with the counts left in place. */
function sortUnsubscribedNames(frames: JsonReply[], kind: string): JsonReply[] {
  const positions: number[] = [];
  frames.forEach((f, i) => isPushOf(f, kind) && positions.push(i));
  const itemsOf = (f: JsonReply): JsonReply[] => (Array.isArray(f) ? f : ((f as { '>': JsonReply[] })['>']));
  const names = positions.map((i) => itemsOf(frames[i]!)[1]!).sort(byJson);
  const out = frames.slice();
  positions.forEach((pos, j) => {
    const f = frames[pos]!;
    const items = itemsOf(f).slice();
    items[1] = names[j]!;
    out[pos] = Array.isArray(f) ? items : { '>': items };
  });
  return out;
}

/** CLIENT INFO / LIST lines reduced to what pub/sub decides: flags and the three counts. */
function clientInfoFields(frame: JsonReply): JsonReply {
  const text = typeof frame === 'string' ? frame : frame !== null && typeof frame === 'object' && '=' in frame ? (frame['='] as string[])[1]! : undefined;
  if (text === undefined || !text.startsWith('id=')) return frame;
  return text
    .trim()
    .split('\n')
    .map((line) => /flags=\S+ db=\d+ sub=\d+ psub=\d+ ssub=\d+/.exec(line)?.[0] ?? line)
    .join('\n');
}

/** HELLO's answer names the connection's id, which differs between servers. */
function withoutClientId(frame: JsonReply): JsonReply {
  const items = Array.isArray(frame) ? frame : frame !== null && typeof frame === 'object' && '%' in frame ? (frame['%'] as JsonReply[]) : undefined;
  if (items === undefined) return frame;
  const copy = items.map((x, i) => (i > 0 && items[i - 1] === 'id' ? 'ID' : x));
  return Array.isArray(frame) ? copy : { '%': copy };
}

function normalize(step: PubSubStep, conn: number, frames: JsonReply[]): JsonReply[] {
  if ('expire' in step) return frames.slice().sort(byJson);
  let out = sortRuns(frames, pmessageOrigin);
  if ('argv' in step && step.conn === conn) {
    const name = step.argv[0]!.toUpperCase();
    const sub = step.argv[1]?.toUpperCase();
    if (step.argv.length === 1 && (name === 'UNSUBSCRIBE' || name === 'SUNSUBSCRIBE')) out = sortUnsubscribedNames(out, name.toLowerCase());
    if (name === 'PUBSUB' && (sub === 'CHANNELS' || sub === 'SHARDCHANNELS')) out = out.map((f) => (Array.isArray(f) ? f.slice().sort(byJson) : f));
    if (name === 'CLIENT') out = out.map(clientInfoFields);
    if (name === 'HELLO') out = out.map(withoutClientId);
  }
  return out;
}

function collect(step: PubSubStep, frames: JsonReply[][]): StepFrames {
  const out: StepFrames = [];
  frames.forEach((f, i) => {
    if (f.length !== 0) out.push([i, normalize(step, i, f.splice(0))]);
  });
  return out;
}

// ---- the stub ----------------------------------------------------------------------------------

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Runs the scenario on a fresh engine (the system clock, so TTLs run in real time). */
export async function runPubSubOnStub(steps: readonly PubSubStep[], config: Record<string, string> = {}): Promise<StepFrames[]> {
  const engine = new Engine({ activeExpire: false, config });
  const frames: JsonReply[][] = [];
  const sessions: Session[] = [];
  for (let i = 0; i < connectionsOf(steps); i++) {
    const session = new Session(engine);
    frames.push([]);
    session.onPush = (push) => frames[i]!.push(...framesOf(push, session.resp));
    // QUIT: the connection closes once its reply is written.
    session.onClose = () => queueMicrotask(() => session.close());
    sessions.push(session);
  }
  const outcomes: StepFrames[] = [];
  try {
    for (const step of steps) {
      if ('expire' in step) {
        await sleep(step.expire);
        for (let i = 0; i < 100 && engine.databases.some((db) => db.volatile.size !== 0); i++) engine.runActiveExpireCycle();
      } else if ('sleep' in step) {
        await sleep(step.sleep);
      } else if ('close' in step) {
        sessions[step.close]!.close();
      } else {
        const session = sessions[step.conn]!;
        if (!session.closed) frames[step.conn]!.push(...framesOf(session.execute(step.argv), session.resp));
        await Promise.resolve();
      }
      outcomes.push(collect(step, frames));
    }
  } finally {
    for (const s of sessions) s.close();
    engine.close();
  }
  return outcomes;
}

// ---- the oracle --------------------------------------------------------------------------------

/** A raw socket to the oracle that keeps every frame it receives. */
class FrameSocket {
  readonly frames: JsonReply[] = [];
  private waiter: (() => void) | undefined;
  private readonly parser = new ReplyParser((r) => {
    this.frames.push(toJson(r));
    this.waiter?.();
  });
  closed = false;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk) => this.parser.feed(chunk));
    socket.on('close', () => {
      this.closed = true;
      this.waiter?.();
    });
  }

  static open(port: number): Promise<FrameSocket> {
    return new Promise((resolve, reject) => {
      const socket = createConnection({ host: '127.0.0.1', port });
      socket.setNoDelay(true);
      socket.once('connect', () => resolve(new FrameSocket(socket)));
      socket.once('error', reject);
    });
  }

  write(argv: readonly string[]): void {
    if (!this.closed) this.socket.write(encodeCommand(argv));
  }

  /** Resolves once `count` frames are in (or the socket closed, or `ms` passed). */
  async until(count: number, ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    while (this.frames.length < count && !this.closed && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.waiter = undefined;
    }
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.end();
    });
  }
}

/** Until the oracle holds no key with a TTL (the active expire cycle reclaimed them all). */
async function waitForActiveExpiry(control: RawConnection): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const info = String(await control.send(['INFO', 'keyspace']));
    if (!/expires=[1-9]/.test(info)) return;
    await sleep(10);
  }
  throw new Error('pub/sub scenario: keys with a TTL did not expire on the oracle');
}

/**
 * Resets the oracle and runs the scenario on fresh connections to it; undefined offline.
 * `expected` (the stub's outcome) only says how many frames to wait for on the stepping connection.
 */
export async function runPubSubOnOracle(
  steps: readonly PubSubStep[],
  expected: StepFrames[],
  config: Record<string, string> = {},
): Promise<StepFrames[] | undefined> {
  const port = oraclePort();
  if (port === undefined) return undefined;
  const control = await RawConnection.open(port);
  await control.sendAll([['FLUSHALL'], ['CONFIG', 'SET', 'notify-keyspace-events', ''], ['DEBUG', 'SET-ACTIVE-EXPIRE', '0']]);
  for (const [name, value] of Object.entries(config)) await control.send(['CONFIG', 'SET', name, value]);
  const conns: FrameSocket[] = [];
  for (let i = 0; i < connectionsOf(steps); i++) conns.push(await FrameSocket.open(port));
  const outcomes: StepFrames[] = [];
  try {
    for (let s = 0; s < steps.length; s++) {
      const step = steps[s]!;
      if ('expire' in step) {
        await sleep(step.expire);
        await control.send(['DEBUG', 'SET-ACTIVE-EXPIRE', '1']);
        await waitForActiveExpiry(control);
        await control.send(['DEBUG', 'SET-ACTIVE-EXPIRE', '0']);
      } else if ('sleep' in step) {
        await sleep(step.sleep);
      } else if ('close' in step) {
        await conns[step.close]!.close();
      } else {
        const conn = conns[step.conn]!;
        const want = expected[s]?.find(([i]) => i === step.conn)?.[1].length ?? 1;
        conn.write(step.argv);
        await conn.until(conn.frames.length + Math.max(1, want), want === 0 ? 50 : 2000);
      }
      // Everything written in the step's event loop turn is on its way once this is answered.
      await control.send(['PING']);
      await new Promise((r) => setImmediate(r));
      await sleep(1);
      outcomes.push(collect(step, conns.map((c) => c.frames)));
    }
  } finally {
    for (const c of conns) await c.close();
    await control.sendAll([['CONFIG', 'SET', 'notify-keyspace-events', ''], ['DEBUG', 'SET-ACTIVE-EXPIRE', '1']]);
    await control.close();
  }
  return outcomes;
}

/** The first step whose frames differ, described for a failure message; undefined when all agree. */
export function pubsubMismatch(steps: readonly PubSubStep[], stub: StepFrames[], oracle: StepFrames[]): string | undefined {
  for (let i = 0; i < steps.length; i++) {
    const a = JSON.stringify(stub[i]);
    const b = JSON.stringify(oracle[i]);
    if (a === b) continue;
    return [
      `step ${i + 1} differs: ${describePubSubStep(steps[i]!)}`,
      `  stub:   ${a}`,
      `  oracle: ${b}`,
      'scenario:',
      ...steps.slice(0, i + 1).map(describePubSubStep),
    ].join('\n');
  }
  return undefined;
}

/** Runs on both sides; the mismatch text, or undefined when they agree (or offline). */
export async function comparePubSub(steps: readonly PubSubStep[], config: Record<string, string> = {}): Promise<string | undefined> {
  const stub = await runPubSubOnStub(steps, config);
  const oracle = await runPubSubOnOracle(steps, stub, config);
  return oracle === undefined ? undefined : pubsubMismatch(steps, stub, oracle);
}

