/**
 * The ioredis-shaped client. A `Redis` owns one Session (one "connection") on an Engine (one
 * in-process server) and runs each command synchronously when it is called, through
 * `session.execute(argv)`: call order is execution order, and the reply is handed back as an
 * already settled promise. Status values, events, offline queueing, reconnects and the error
 * texts follow ioredis 5 (lib/Redis.ts, lib/redis/event_handler.ts).
 */
import { EventEmitter } from 'node:events';
import { exists, hasFlag } from '@ioredis/commands';
import { type Bytes, fromUtf8, toUtf8 } from '../bytes.js';
import { Engine } from '../engine/engine.js';
import { ManualClock } from '../engine/clock.js';
import { sharedEngine, sharedEngines } from '../engine/registry.js';
import { Session } from '../engine/session.js';
import { ErrorReply, OK, type Reply } from '../reply.js';
import { ioredisArgs, prepareArgs, toArgv, toPrefixedArgv } from './args.js';
import { MaxRetriesPerRequestError } from './client-errors.js';
import { asCallback, type Callback, print } from './callback.js';
import { Command, commandArgv } from './command.js';
import { installCommands } from './commander.js';
import { ALREADY_CONNECTING, CONNECTION_CLOSED, OFFLINE_QUEUE_DISABLED } from './messages.js';
import { DEFAULT_REDIS_OPTIONS, isInt, parseOptions, type RedisOptions } from './options.js';
import { Pipeline, wrapMultiResult } from './pipeline.js';
import { Route } from './route.js';
import { Encoding, renderReply } from './render.js';
import { ReplyError } from './reply-error.js';
import { ScanStream, type ScanStreamOptions } from './scan-stream.js';
import { replyTransformers } from './transformers.js';

export type RedisStatus = 'wait' | 'reconnecting' | 'connecting' | 'connect' | 'ready' | 'close' | 'end';

/** What the connection was asked to be: the selected db (ioredis's `condition`). */
interface Condition {
  select: number;
  subscriber: false;
}

/** A command waiting for the connection to come back (ioredis's offline queue). */
interface OfflineItem {
  name: string;
  select: number;
  run(): void;
  fail(err: Error): void;
}

function noop(): void {}

/** The address an engine is shared under: the unix path, or `host:port`. */
function addressOf(options: RedisOptions): string {
  return options.path ? String(options.path) : `${options.host ?? 'localhost'}:${options.port ?? 6379}`;
}

/** Redis's CLIENT SETNAME rule: no spaces, newlines or special characters. */
function validClientName(name: Bytes): boolean {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

/**
 * A client, constructed like ioredis: `new Redis()`, `(port)`, `(port, host)`, `(url)`,
 * `(options)`, `(port, options)`, `(url, options)`, `(port, host, options)`.
 *
 * By default it attaches to the engine shared by every client naming the same `host:port` (or
 * unix `path`): two `new Redis()` see the same data, like two clients of one server. Pass
 * `{ engine: new Engine() }` for an isolated server (its own data and clock); `duplicate()` keeps
 * the engine. `Redis.resetAll()` resets every shared engine between tests; `redis.engine` is the
 * engine this client talks to.
 */
export class Redis extends EventEmitter {
  static defaultOptions: RedisOptions = DEFAULT_REDIS_OPTIONS;
  // The module shape ioredis has: `require('ioredis')` is the class, carrying these.
  static Command = Command;
  static ReplyError = ReplyError;
  static Pipeline = Pipeline;
  static ScanStream = ScanStream;
  static print = print;
  // Beyond ioredis: what CommonJS users need to make isolated servers.
  static Engine = Engine;
  static ManualClock = ManualClock;
  static Redis: typeof Redis;
  static default: typeof Redis;

  /** Same as `new Redis(...)` (node-redis compatibility, as ioredis). */
  static createClient(...args: unknown[]): Redis {
    return new Redis(...args);
  }

  /** Back to fresh servers: every shared engine is flushed and its stats, config clock reset. */
  static resetAll(): void {
    for (const engine of sharedEngines().values()) engine.reset();
  }

  options: RedisOptions;
  status: RedisStatus = 'wait';
  readonly isCluster = false;
  /** @internal ioredis's connection condition: the db the connection is on. */
  condition: Condition | null = null;
  private readonly _engine: Engine;
  private session: Session | undefined;
  /** The "stream" was ended by disconnect(): nothing more is written. */
  private streamEnded = false;
  /** The server is closing the connection (after QUIT): commands written now are never answered. */
  private serverClosing = false;
  private closeScheduled = false;
  private manuallyClosing = false;
  private retryAttempts = 0;
  private reconnectTimeout: NodeJS.Timeout | null = null;
  private connectionEpoch = 0;
  private prevCondition: Condition | null = null;
  private offlineQueue: OfflineItem[] = [];
  private handshakeErrors: Error[] = [];
  /** Commands run at call time without further checks (ready, nothing queued, nothing closing). */
  private direct = false;

  constructor(arg1?: unknown, arg2?: unknown, arg3?: unknown);
  constructor(...args: unknown[]) {
    super();
    this.options = parseOptions(args.slice(0, 3), Redis.defaultOptions);
    this._engine = this.options.engine ?? sharedEngine(addressOf(this.options));
    if (this.options.lazyConnect) this.setStatus('wait');
    else this.connect().catch(noop);
  }

  /** The in-process server this client talks to. */
  get engine(): Engine {
    return this._engine;
  }

  /** `'normal'`, `'subscriber'` or `'monitor'`. */
  get mode(): 'normal' | 'subscriber' | 'monitor' {
    return this.options.monitor ? 'monitor' : this.condition?.subscriber ? 'subscriber' : 'normal';
  }

  /** Commands are never auto-pipelined here (each runs at call time), so nothing is ever queued. */
  get autoPipelineQueueSize(): number {
    return 0;
  }

  // ---- connection lifecycle ------------------------------------------------------------------

  /** Connects (status `connecting` → `connect` → `ready`); resolves on `ready`. */
  connect(callback?: Callback<void>): Promise<void> {
    const promise = new Promise<void>((resolve, reject) => {
      if (this.status === 'connecting' || this.status === 'connect' || this.status === 'ready') {
        reject(new Error(ALREADY_CONNECTING));
        return;
      }
      this.connectionEpoch += 1;
      const epoch = this.connectionEpoch;
      this.setStatus('connecting');
      this.condition = { select: this.options.db ?? 0, subscriber: false };
      this.openSession();
      // The in-process server answers at once: the connection is up as soon as the current job
      // yields, so a caller's first `await` already sees `ready` (as it would after a real reply).
      // The events themselves still arrive on process.nextTick, in order.
      queueMicrotask(() => this.connectHandler(epoch));
      const onReady = (): void => {
        this.removeListener('close', onClose);
        resolve();
      };
      const onClose = (): void => {
        this.removeListener('ready', onReady);
        reject(new Error(CONNECTION_CLOSED));
      };
      this.once('ready', onReady);
      this.once('close', onClose);
    });
    return asCallback(promise, callback);
  }

  /**
   * Closes the connection at once (`close`, `end`); with `reconnect`, reconnects as after a dropped
   * connection (`close`, `reconnecting`, `connecting`, `connect`, `ready`), keeping the selected db.
   */
  disconnect(reconnect = false): void {
    if (!reconnect) this.manuallyClosing = true;
    if (this.reconnectTimeout && !reconnect) {
      clearTimeout(this.reconnectTimeout);
      this.reconnectTimeout = null;
    }
    if (this.status === 'wait') {
      this.closeHandler();
    } else if (this.session !== undefined && !this.streamEnded) {
      this.streamEnded = true;
      this.refreshDirect();
      this.scheduleClose();
    }
  }

  /** @deprecated ioredis's alias of disconnect(). */
  end(): void {
    this.disconnect();
  }

  /** A new client with the same options (and engine), overridden by `override`. */
  duplicate(override?: Partial<RedisOptions>): Redis {
    return new Redis({ ...this.options, ...override });
  }

  /** ioredis's silentEmit: an `error` with no listener is logged, never thrown. */
  silentEmit(eventName: string, arg?: unknown): boolean {
    let error: unknown;
    if (eventName === 'error') {
      error = arg;
      if (this.status === 'end') return false;
      if (this.manuallyClosing && error instanceof Error) {
        const syscall = (error as { syscall?: string }).syscall;
        if (error.message === CONNECTION_CLOSED || syscall === 'connect' || syscall === 'read') return false;
      }
    }
    if (this.listeners(eventName).length > 0) return this.emit(eventName, arg);
    if (error && error instanceof Error) console.error('[ioredis] Unhandled error event:', error.stack);
    return false;
  }

  private setStatus(status: RedisStatus, arg?: unknown): void {
    this.status = status;
    this.refreshDirect();
    process.nextTick(this.emit.bind(this, status, arg));
  }

  private refreshDirect(): void {
    this.direct =
      this.status === 'ready' &&
      this.session !== undefined &&
      !this.streamEnded &&
      !this.serverClosing &&
      this.offlineQueue.length === 0;
  }

  /** A new Session, with the handshake ioredis performs at connect: SELECT db, CLIENT SETNAME. */
  private openSession(): void {
    const session = new Session(this._engine);
    session.onClose = () => this.onServerClose(session);
    this.session = session;
    this.streamEnded = false;
    this.serverClosing = false;
    this.closeScheduled = false;
    this.handshakeErrors = [];
    const db = this.condition!.select;
    if (db) {
      const args = [String(db)];
      const reply = session.execute(['select', ...args]);
      if (reply instanceof ErrorReply) this.handshakeErrors.push(this.replyError('select', args, reply));
    }
    const name = this.options.connectionName;
    if (name) {
      const bytes = fromUtf8(String(name));
      if (validClientName(bytes)) session.name = bytes;
    }
    this.refreshDirect();
  }

  private connectHandler(epoch: number): void {
    if (epoch !== this.connectionEpoch || this.session === undefined || this.streamEnded) return;
    this.setStatus('connect');
    // A failed handshake SELECT is reported between `connect` and `ready`, as its reply would be.
    for (const err of this.handshakeErrors) process.nextTick(() => this.silentEmit('error', err));
    this.handshakeErrors = [];
    this.readyHandler();
  }

  private readyHandler(): void {
    this.setStatus('ready');
    this.retryAttempts = 0;
    const condition = this.condition!;
    const finalSelect = this.prevCondition ? this.prevCondition.select : condition.select;
    this.prevCondition = null;
    if (this.offlineQueue.length) {
      const queue = this.offlineQueue;
      this.offlineQueue = [];
      this.refreshDirect();
      for (const item of queue) {
        if (item.select !== condition.select && item.name !== 'select') this.sendNamed('select', [item.select], Encoding.Utf8).catch(noop);
        item.run();
      }
    }
    if (condition.select !== finalSelect) this.sendNamed('select', [finalSelect], Encoding.Utf8).catch(noop);
  }

  /** The session was closed by the server side (QUIT). */
  private onServerClose(session: Session): void {
    if (session !== this.session) return;
    // ioredis marks `quit` (WILL_DISCONNECT) as a manual close; any other close reconnects.
    if (session.lastCommand === 'quit') this.manuallyClosing = true;
    this.serverClosing = true;
    this.refreshDirect();
    this.scheduleClose();
  }

  /** The socket's `close` arrives on a later turn of the event loop, as with a real connection. */
  private scheduleClose(): void {
    if (this.closeScheduled) return;
    this.closeScheduled = true;
    setImmediate(() => this.closeHandler());
  }

  private closeHandler(): void {
    this.closeScheduled = false;
    const session = this.session;
    this.session = undefined;
    session?.close();
    this.streamEnded = false;
    this.serverClosing = false;
    const prevStatus = this.status;
    this.setStatus('close');
    if (prevStatus === 'ready' && !this.prevCondition) this.prevCondition = this.condition;
    if (this.manuallyClosing) {
      this.manuallyClosing = false;
      this.closeForGood();
      return;
    }
    const retryStrategy = this.options.retryStrategy;
    if (typeof retryStrategy !== 'function') {
      this.closeForGood();
      return;
    }
    const retryDelay = retryStrategy(++this.retryAttempts);
    if (typeof retryDelay !== 'number') {
      this.closeForGood();
      return;
    }
    this.setStatus('reconnecting', retryDelay);
    this.reconnectTimeout = setTimeout(() => {
      this.reconnectTimeout = null;
      this.connect().catch(noop);
    }, retryDelay);
    const max = this.options.maxRetriesPerRequest;
    if (typeof max === 'number' && max >= 0 && this.retryAttempts % (max + 1) === 0) {
      this.flushQueue(new MaxRetriesPerRequestError(max));
    }
  }

  private closeForGood(): void {
    this.setStatus('end');
    this.flushQueue(new Error(CONNECTION_CLOSED));
  }

  private flushQueue(error: Error): void {
    const queue = this.offlineQueue;
    this.offlineQueue = [];
    for (const item of queue) item.fail(error);
    this.refreshDirect();
  }

  // ---- sending commands ----------------------------------------------------------------------

  /**
   * @internal The one entry of every generated command method: `name` as called, the raw
   * arguments (a trailing function is the callback), the reply encoding.
   */
  sendNamed(name: string, args: unknown[], encoding: Encoding): Promise<unknown> {
    let callback: Callback | undefined;
    const n = args.length;
    if (n !== 0 && typeof args[n - 1] === 'function') callback = args.pop() as Callback;
    const promise = this.direct ? this.runNow(name, args, encoding) : this.sendSlowly(name, args, encoding);
    return callback === undefined ? promise : asCallback(promise, callback);
  }

  /** The hot path: ready, nothing queued. */
  private runNow(name: string, args: unknown[], encoding: Encoding): Promise<unknown> {
    const prepared = prepareArgs(name, args);
    const keyPrefix = this.options.keyPrefix;
    const argv = keyPrefix ? toPrefixedArgv(name, prepared, keyPrefix) : toArgv(name, prepared);
    const reply = this.session!.execute(argv);
    if (name === 'select') this.trackSelect(prepared);
    return this.settle(name, prepared, reply, encoding);
  }

  /** Every state but "ready": connect on demand, queue, or fail as ioredis would. */
  private sendSlowly(name: string, args: unknown[], encoding: Encoding): Promise<unknown> {
    const route = this.route(name);
    if (route instanceof Error) return Promise.reject(route);
    const prepared = prepareArgs(name, args);
    const keyPrefix = this.options.keyPrefix;
    const argv = keyPrefix ? toPrefixedArgv(name, prepared, keyPrefix) : toArgv(name, prepared);
    let promise: Promise<unknown>;
    if (route === Route.Now) {
      promise = this.settleOutcome(name, prepared, this.executeArgv(argv), encoding);
    } else if (route === Route.QuitLocally) {
      this.disconnect();
      promise = this.settle(name, prepared, OK, encoding);
    } else {
      promise = new Promise((resolve, reject) => {
        this.enqueue(name, () => resolve(this.settleOutcome(name, prepared, this.executeArgv(argv), encoding)), reject);
      });
    }
    if (name === 'select') this.trackSelect(prepared);
    return promise;
  }

  /**
   * @internal How a command is to be sent now (ioredis's sendCommand): connects a lazy client,
   * and answers an Error when the command must fail at once.
   */
  route(name: string | undefined): Route | Error {
    if (this.status === 'wait') this.connect().catch(noop);
    if (this.status === 'end') return new Error(CONNECTION_CLOSED);
    if (this.direct) return Route.Now;
    const open = this.session !== undefined && !this.streamEnded;
    const writable =
      open &&
      (this.status === 'ready' ||
        (this.status === 'connect' && name !== undefined && exists(name, { caseInsensitive: true }) &&
          (hasFlag(name, 'loading', { nameCaseInsensitive: true }) || Command.checkFlag('HANDSHAKE_COMMANDS', name))));
    if (writable) return this.offlineQueue.length === 0 ? Route.Now : Route.Queue;
    if (this.options.enableOfflineQueue === false) return new Error(OFFLINE_QUEUE_DISABLED);
    if (name === 'quit' && this.offlineQueue.length === 0) return Route.QuitLocally;
    // While the first connection is being made the in-process server is already reachable: run now
    // (ioredis would send it right after the handshake, with the same result).
    if (open && !this.serverClosing && this.offlineQueue.length === 0 && (this.status === 'connecting' || this.status === 'connect')) {
      return Route.Now;
    }
    return Route.Queue;
  }

  /** @internal Holds a command until `ready` (or fails it when the client ends). */
  enqueue(name: string, run: () => void, fail: (err: Error) => void): void {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = this.options.commandTimeout;
    if (typeof timeout === 'number') {
      timer = setTimeout(() => {
        if (settled) return;
        settled = true;
        fail(new Error('Command timed out'));
      }, timeout);
    }
    this.offlineQueue.push({
      name,
      select: this.condition?.select ?? this.options.db ?? 0,
      run: () => {
        if (settled) return;
        settled = true;
        if (timer) clearTimeout(timer);
        run();
      },
      fail: (err) => {
        if (settled) return;
        settled = true;
        if (timer) clearTimeout(timer);
        fail(err);
      },
    });
    this.refreshDirect();
  }

  /** @internal Runs argv on the session, or the Error a connection that is going away gives. */
  executeArgv(argv: Bytes[]): Reply | Error {
    if (this.session === undefined || this.serverClosing || this.streamEnded) return new Error(CONNECTION_CLOSED);
    return this.session.execute(argv);
  }

  /** @internal ioredis emits `select` (synchronously) when a SELECT with an integer changes the db. */
  trackSelect(prepared: unknown[]): void {
    const arg = prepared[0];
    const text = typeof arg === 'string' || arg instanceof Buffer ? arg : arg === null || arg === undefined ? '' : String(arg);
    if (!isInt(text)) return;
    const db = parseInt(String(text), 10);
    if (this.condition && this.condition.select !== db) {
      this.condition.select = db;
      this.emit('select', db);
    }
  }

  /** @internal The ReplyError for an error reply, with `command: { name, args }` as ioredis sets it. */
  replyError(name: string, prepared: unknown[], reply: ErrorReply): ReplyError {
    const err = new ReplyError(toUtf8(reply.message));
    err.command = { name, args: ioredisArgs(name, prepared, this.options.keyPrefix) };
    return err;
  }

  private settle(name: string, prepared: unknown[], reply: Reply, encoding: Encoding): Promise<unknown> {
    if (reply instanceof ErrorReply) return Promise.reject(this.replyError(name, prepared, reply));
    let value = renderReply(reply, encoding, this.options.stringNumbers === true);
    const transform = replyTransformers[name];
    if (transform !== undefined) {
      try {
        value = transform(value);
      } catch (e) {
        return Promise.reject(e);
      }
    }
    return Promise.resolve(value);
  }

  private settleOutcome(name: string, prepared: unknown[], outcome: Reply | Error, encoding: Encoding): Promise<unknown> {
    return outcome instanceof Error ? Promise.reject(outcome) : this.settle(name, prepared, outcome, encoding);
  }

  /** Sends a `Command` built by the caller; returns its promise. */
  sendCommand(command: Command): Promise<unknown> {
    const route = this.route(command.name);
    if (route instanceof Error) {
      command.reject(route);
      return command.promise;
    }
    const argv = commandArgv(command);
    const complete = (): void => this.completeCommand(command, this.executeArgv(argv));
    if (route === Route.Now) complete();
    else if (route === Route.QuitLocally) {
      this.disconnect();
      command.resolve(Buffer.from('OK'));
    } else this.enqueue(command.name, complete, (err) => command.reject(err));
    if (command.name === 'select') this.trackSelect(command.args);
    return command.promise;
  }

  /** @internal Settles a Command with an outcome, as ioredis's DataHandler does with a parsed reply. */
  completeCommand(command: Command, outcome: Reply | Error): void {
    if (outcome instanceof Error) command.reject(outcome);
    else if (outcome instanceof ErrorReply) {
      const err = new ReplyError(toUtf8(outcome.message));
      err.command = { name: command.name, args: command.args };
      command.reject(err);
    } else command.resolve(renderReply(outcome, Encoding.Buffer, this.options.stringNumbers === true));
  }

  // ---- transactions and pipelines ------------------------------------------------------------

  /** A pipeline; `commands` is the array form `[['set', 'k', 'v'], ['get', 'k']]`. */
  pipeline(commands?: unknown[][]): Pipeline {
    const pipeline = new Pipeline(this);
    if (Array.isArray(commands)) pipeline.addBatch(commands);
    return pipeline;
  }

  /**
   * A transaction: by default a pipeline wrapped in MULTI/EXEC whose exec() resolves the EXEC
   * results as tuples; with `{ pipeline: false }` it sends MULTI now and resolves 'OK'.
   */
  multi(commands?: unknown, options?: { pipeline?: boolean }): Pipeline | Promise<unknown> {
    if (options === undefined && !Array.isArray(commands)) {
      options = commands as { pipeline?: boolean } | undefined;
      commands = null;
    }
    if (options && options.pipeline === false) return this.sendNamed('multi', [], Encoding.Utf8);
    const pipeline = new Pipeline(this);
    pipeline.beginTransaction();
    if (Array.isArray(commands)) pipeline.addBatch(commands as unknown[][]);
    return pipeline;
  }

  /** EXEC for `multi({ pipeline: false })`: the results as `[err, value]` tuples. */
  exec(callback?: Callback): Promise<unknown> {
    const promise = this.sendNamed('exec', [], Encoding.Utf8).then((results) =>
      Array.isArray(results) ? wrapMultiResult(results) : results,
    );
    return asCallback(promise, callback);
  }

  // ---- scan streams --------------------------------------------------------------------------

  scanStream(options?: ScanStreamOptions): ScanStream {
    return this.createScanStream('scan', undefined, options);
  }
  scanBufferStream(options?: ScanStreamOptions): ScanStream {
    return this.createScanStream('scanBuffer', undefined, options);
  }
  sscanStream(key: string | Buffer, options?: ScanStreamOptions): ScanStream {
    return this.createScanStream('sscan', key, options);
  }
  sscanBufferStream(key: string | Buffer, options?: ScanStreamOptions): ScanStream {
    return this.createScanStream('sscanBuffer', key, options);
  }
  hscanStream(key: string | Buffer, options?: ScanStreamOptions): ScanStream {
    return this.createScanStream('hscan', key, options);
  }
  hscanBufferStream(key: string | Buffer, options?: ScanStreamOptions): ScanStream {
    return this.createScanStream('hscanBuffer', key, options);
  }
  zscanStream(key: string | Buffer, options?: ScanStreamOptions): ScanStream {
    return this.createScanStream('zscan', key, options);
  }
  zscanBufferStream(key: string | Buffer, options?: ScanStreamOptions): ScanStream {
    return this.createScanStream('zscanBuffer', key, options);
  }

  private createScanStream(command: string, key: string | Buffer | undefined, options: ScanStreamOptions = {}): ScanStream {
    return new ScanStream({ objectMode: true, key, redis: this, command, ...options });
  }
}

/** Every generated command method returns a promise (and calls a trailing Node-style callback). */
type CommandMethod = (...args: any[]) => Promise<any>;

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Redis {
  [command: string]: any;
  get: CommandMethod;
  set: CommandMethod;
  quit: CommandMethod;
  select: CommandMethod;
}

installCommands(Redis.prototype, new Set(['multi', 'exec']));
Redis.Redis = Redis;
Redis.default = Redis;
