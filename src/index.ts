/**
 * redis-stub: a Redis 7 server inside the process, with an ioredis-shaped client in front.
 *
 *   import Redis from 'redis-stub';             // or: vi.mock('ioredis', () => import('redis-stub'))
 *   const redis = new Redis();                  // shares one in-process server per host:port
 *   const isolated = new Redis({ engine: new Engine() });   // a server of its own
 *
 * The client's public type is ioredis's own `Redis` (ioredis is an optional peer, used for types
 * only), so a stub client can stand wherever an ioredis client is expected.
 */
import type {
  ChainableCommander,
  Redis as IORedis,
  RedisOptions as IORedisOptions,
} from 'ioredis';
import { Engine } from './engine/engine.js';
import { ManualClock } from './engine/clock.js';
import { print } from './client/callback.js';
import { Command } from './client/command.js';
import { Pipeline } from './client/pipeline.js';
import { Redis as RedisClient } from './client/redis.js';
import { ReplyError } from './client/reply-error.js';
import { ScanStream } from './client/scan-stream.js';
import { createServer } from './server/server.js';

/** Options beyond ioredis's. */
export interface StubOptions {
  /** The in-process server to attach to (default: the one shared by every client of the same host:port). */
  engine?: Engine;
  /**
   * 2 (default, ioredis 5): subscribed clients take only subscriber commands. 3 (ioredis 6's
   * default): the connection speaks RESP3 and subscribing restricts nothing.
   */
  protocol?: 2 | 3;
}

export type RedisStubOptions = IORedisOptions & StubOptions;

/** A redis-stub client: an ioredis `Redis`, plus the engine it talks to. */
// Our members come first: for a method both sides declare, an intersection resolves calls against
// the first member's signatures, so `duplicate()` gives a RedisStub (with `engine`), not an IORedis.
export type RedisStub = {
  /** The in-process server this client talks to. */
  readonly engine: Engine;
  duplicate(override?: Partial<RedisStubOptions>): RedisStub;
  pipeline(commands?: unknown[][]): ChainableCommander;
} & IORedis;

export interface RedisStubConstructor {
  new (port: number, host: string, options: RedisStubOptions): RedisStub;
  new (path: string, options: RedisStubOptions): RedisStub;
  new (port: number, options: RedisStubOptions): RedisStub;
  new (port: number, host: string): RedisStub;
  new (options: RedisStubOptions): RedisStub;
  new (port: number): RedisStub;
  new (path: string): RedisStub;
  new (): RedisStub;
  readonly prototype: RedisStub;
  /** Same as `new Redis(...)`. */
  createClient(...args: unknown[]): RedisStub;
  /** Flushes and resets every shared engine (the per-host:port servers): call it between tests. */
  resetAll(): void;
  defaultOptions: RedisStubOptions;
  Redis: RedisStubConstructor;
  default: RedisStubConstructor;
  Command: typeof Command;
  ReplyError: typeof ReplyError;
  Pipeline: typeof Pipeline;
  ScanStream: typeof ScanStream;
  print: typeof print;
  Engine: typeof Engine;
  ManualClock: typeof ManualClock;
  /** A RESP server on an engine, for redis-cli and clients in any language (see createServer). */
  createServer: typeof createServer;
}

const Redis = RedisClient as unknown as RedisStubConstructor;
// A static too, so CommonJS users (whose require() is the class itself) reach it as Redis.createServer.
Redis.createServer = createServer;
type Redis = RedisStub;

export default Redis;
export { Redis, ReplyError, Command, Pipeline, ScanStream, print, Engine, ManualClock, createServer };
export type { ServerOptions, RedisStubServer } from './server/server.js';
export type { EngineOptions } from './engine/engine.js';
export type { Clock } from './engine/clock.js';
export type { RedisStatus } from './client/redis.js';
export type { ScanStreamOptions } from './client/scan-stream.js';
export type { Callback } from './client/callback.js';
