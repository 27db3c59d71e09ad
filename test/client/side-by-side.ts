/**
 * Running the same client code against real ioredis (on this worker's oracle) and against
 * redis-stub, and comparing what comes back: values, Buffers, errors (class name, message, own
 * keys, `.command`, `previousErrors`), nested deeply.
 */
import IORedis from 'ioredis';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import Redis, { Engine } from '../../src/index.js';
import { hasOracle, oraclePort } from '../support/oracle.js';

export type AnyClient = Record<string, any>;

export const oracleAvailable = hasOracle();

/** A real ioredis client on the oracle (flushed), with extra options. */
export async function realClient(options: Record<string, unknown> = {}): Promise<AnyClient> {
  const client = new IORedis({ port: oraclePort()!, host: '127.0.0.1', ...options }) as unknown as AnyClient;
  if (!options.lazyConnect && options.enableOfflineQueue !== false) await client.flushall();
  return client;
}

/** A stub client on a fresh isolated engine, with extra options. */
export function stubClient(options: Record<string, unknown> = {}): AnyClient {
  return new Redis({ engine: new Engine({ activeExpire: false }), ...options }) as unknown as AnyClient;
}

/**
 * The usual fixture of a side-by-side suite: one real ioredis client for the suite (on db 0 of a
 * flushed oracle before each test) and a fresh stub client per test, handed to `use` each time.
 */
export function sideBySide(use: (real: AnyClient, stub: AnyClient) => void): void {
  let real: AnyClient | undefined;
  let stub: AnyClient | undefined;
  beforeAll(async () => {
    real = await realClient();
  });
  afterAll(() => {
    real?.disconnect();
    stub?.disconnect();
  });
  beforeEach(async () => {
    await real!.flushall();
    await real!.select(0);
    stub?.disconnect();
    stub = stubClient();
    use(real!, stub);
  });
}

/** Runs the steps on a fresh real client and a fresh stub client; their pictures must be equal. */
export async function expectSameSteps(steps: ((c: AnyClient) => unknown)[]): Promise<void> {
  const real = await realClient();
  const stub = stubClient();
  try {
    const expected = await runSteps(real, steps);
    const actual = await runSteps(stub, steps);
    expect(actual).toEqual(expected);
  } finally {
    real.disconnect();
    stub.disconnect();
  }
}

/** A comparable picture of any value: errors and Buffers become plain descriptions. */
export function shape(value: unknown, seen = new Set<unknown>()): unknown {
  if (value instanceof Error) {
    const e = value as Error & { command?: { name: string; args: unknown[] }; previousErrors?: Error[] };
    const out: Record<string, unknown> = {
      error: e.constructor.name === 'SimpleError' ? 'ReplyError' : e.name,
      message: e.message,
      ownKeys: Object.keys(e).sort(),
    };
    if (e.command) out.command = shape(e.command, seen);
    if (e.previousErrors) out.previousErrors = shape(e.previousErrors, seen);
    return out;
  }
  if (Buffer.isBuffer(value)) return { buffer: value.toString('hex') };
  if (Array.isArray(value)) return value.map((v) => shape(v, seen));
  if (value !== null && typeof value === 'object') {
    if (seen.has(value)) return '[circular]';
    seen.add(value);
    const out: Record<string, unknown> = { prototype: Object.getPrototypeOf(value) === Object.prototype ? 'Object' : String(Object.getPrototypeOf(value)?.constructor?.name) };
    for (const key of Object.keys(value)) out[key] = shape((value as Record<string, unknown>)[key], seen);
    return out;
  }
  if (typeof value === 'number' && Object.is(value, -0)) return '-0';
  return value;
}

/** Settles a promise into a picture of its outcome. */
export async function outcome(p: unknown): Promise<unknown> {
  try {
    return { resolved: shape(await p) };
  } catch (e) {
    return { rejected: shape(e) };
  }
}

/**
 * Runs `steps` on a client: each step's outcome, in order. A step that throws synchronously is
 * recorded by its error class only (the messages of such TypeErrors name internals).
 */
export async function runSteps(client: AnyClient, steps: ((c: AnyClient) => unknown)[]): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const step of steps) {
    let result: unknown;
    try {
      result = step(client);
    } catch (e) {
      out.push({ threw: (e as Error).name });
      continue;
    }
    out.push(await outcome(result));
  }
  return out;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Records a client's events (name, status when seen, first argument shape). */
export function recordEvents(client: AnyClient, names: string[], log: unknown[] = []): unknown[] {
  for (const name of names) {
    client.on(name, (arg: unknown) => {
      log.push(arg === undefined ? name : [name, shape(arg)]);
    });
  }
  return log;
}

export const STATUS_EVENTS = ['wait', 'connecting', 'connect', 'ready', 'close', 'reconnecting', 'end', 'error', 'select'];

/** Resolves when the client emits `event`. */
export function once(client: AnyClient, event: string): Promise<unknown> {
  return new Promise((resolve) => client.once(event, resolve));
}
