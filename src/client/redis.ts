/**
 * The ioredis-shaped client. A `Redis` owns one Session (one "connection", see connection.ts) on
 * an Engine (one in-process server) and runs each command synchronously when it is called,
 * through `session.execute(argv)`: call order is execution order, and once the client is ready
 * the reply comes back as an already settled promise. Method generation, argument handling, reply
 * decoding and errors follow ioredis 5 (lib/utils/Commander.ts, lib/Command.ts, lib/Redis.ts).
 */
import { later, mustYield, yieldingPromise } from './yield-guard.js';
import { type Bytes, toUtf8 } from '../bytes.js';
import { Engine } from '../engine/engine.js';
import { ManualClock } from '../engine/clock.js';
import { sharedEngines } from '../engine/registry.js';
import { BLOCKED, ErrorReply, MultiReply, OK, type Reply } from '../reply.js';
import { directArgv, ioredisArgs, prepareArgs, toArgv, toPrefixedArgv } from './args.js';
import { asCallback, type Callback, print } from './callback.js';
import { Command } from './command.js';
import { COMMAND_NAMES, commandMethod, installCommands } from './commander.js';
import { Connection, noop } from './connection.js';
import { monitor } from './monitor.js';
import { DEFAULT_REDIS_OPTIONS, parseOptions, type RedisOptions } from './options.js';
import { Pipeline, wrapMultiResult } from './pipeline.js';
import { Encoding, renderReply } from './render.js';
import { ReplyError } from './reply-error.js';
import { Route } from './route.js';
import { defineCommand, type Script, type ScriptDefinition, type ScriptHost } from './script.js';
import { ScanStream, type ScanStreamOptions } from './scan-stream.js';
import { replyTransformers } from './transformers.js';
import type { SubscriptionSet } from './subscriber.js';

export type { RedisStatus } from './connection.js';

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
export class Redis extends Connection {
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
    return createRedis(args);
  }

  /** Back to fresh servers: every shared engine is flushed, its stats and clock reset. */
  static resetAll(): void {
    for (const engine of sharedEngines().values()) engine.reset();
  }

  constructor(arg1?: unknown, arg2?: unknown, arg3?: unknown);
  constructor(...args: unknown[]) {
    super(parseOptions(args.slice(0, 3), currentDefaultOptions()));
    const scripts = this.options.scripts;
    if (scripts) {
      for (const [name, definition] of Object.entries(scripts)) this.defineCommand(name, definition);
    }
    if (this.options.lazyConnect) this.setStatus('wait');
    else this.connect().catch(noop);
  }

  /** @internal Names added with addBuiltinCommand (pipelines copy them). */
  readonly addedBuiltinSet = new Set<string>();

  /** @internal Scripts added with defineCommand, by name (pipelines copy their methods). */
  scriptsSet: Record<string, Script> = {};

  /** The command names that have methods (ioredis's list). */
  getBuiltinCommands(): string[] {
    return COMMAND_NAMES.slice();
  }

  /** Methods for a command not in the list: `{ string, buffer }` (ioredis's createBuiltinCommand). */
  createBuiltinCommand(commandName: string): { string: (...args: unknown[]) => unknown; buffer: (...args: unknown[]) => unknown } {
    return { string: commandMethod(commandName, Encoding.Utf8), buffer: commandMethod(commandName, Encoding.Buffer) };
  }

  /** Adds `name` and `nameBuffer` methods to this client (and its pipelines) for a command not in the list. */
  addBuiltinCommand(commandName: string): void {
    this.addedBuiltinSet.add(commandName);
    this[commandName] = commandMethod(commandName, Encoding.Utf8);
    this[commandName + 'Buffer'] = commandMethod(commandName, Encoding.Buffer);
  }

  /**
   * Adds `name` and `nameBuffer` methods running a Lua script (EVAL the first time on a
   * connection, EVALSHA after; see script.ts). Pipelines and multi() of this client get them too;
   * duplicate() does not (it carries the `scripts` option only), as with ioredis.
   */
  defineCommand(name: string, definition: ScriptDefinition): void {
    defineCommand(this as unknown as ScriptHost, name, definition);
  }

  /** Commands are never auto-pipelined here (each runs at call time), so nothing is ever queued. */
  get autoPipelineQueueSize(): number {
    return 0;
  }

  /** A new client with the same options (and engine), overridden by `override`. */
  duplicate(override?: Partial<RedisOptions>): Redis {
    return createRedis([{ ...this.options, ...override }]);
  }

  /** A NEW client in monitor mode (a duplicate), resolved once it is `monitoring` (monitor.ts). */
  monitor(callback?: Callback<Redis>): Promise<Redis> {
    return monitor<Redis>(this, callback);
  }

  protected override sendSelect(db: number): void {
    this.sendNamed('select', [db], Encoding.Utf8).catch(noop);
  }

  protected override resubscribe(set: SubscriptionSet): void {
    const channels = set.channels('subscribe');
    if (channels.length) this.sendNamed('subscribe', [channels], Encoding.Utf8).catch(noop);
    const patterns = set.channels('psubscribe');
    if (patterns.length) this.sendNamed('psubscribe', [patterns], Encoding.Utf8).catch(noop);
    for (const channel of set.channels('ssubscribe')) this.sendNamed('ssubscribe', [channel], Encoding.Utf8).catch(noop);
  }

  // ---- sending commands ----------------------------------------------------------------------

  /**
   * @internal The one entry of every generated command method: `name` as called, the raw
   * arguments (a trailing function is the callback), the reply encoding.
   */
  sendNamed(name: string, args: unknown[], encoding: Encoding, nameIsBytes = true): Promise<unknown> {
    let callback: Callback | undefined;
    const n = args.length;
    if (n !== 0 && typeof args[n - 1] === 'function') callback = args.pop() as Callback;
    let promise: Promise<unknown>;
    if (this.direct) {
      // The hot path: ready, nothing queued, plain arguments, no prefix.
      const argv = nameIsBytes && !this.options.keyPrefix ? directArgv(name, args) : undefined;
      if (argv !== undefined) {
        const reply = this.session!.execute(argv);
        if (name === 'select') this.trackSelect(args);
        promise = reply === BLOCKED ? this.settleWhenUnblocked(name, args, encoding) : this.settle(name, args, reply, encoding);
      } else {
        promise = this.runNow(name, args, encoding);
      }
    } else {
      promise = this.sendSlowly(name, args, encoding);
    }
    promise = yieldingPromise(promise);
    return callback === undefined ? promise : asCallback(promise, callback);
  }

  /** Ready, nothing queued: run at once (arguments flattened, transformed, prefixed). */
  private runNow(name: string, args: unknown[], encoding: Encoding): Promise<unknown> {
    const prepared = prepareArgs(name, args);
    const keyPrefix = this.options.keyPrefix;
    const argv = keyPrefix ? toPrefixedArgv(name, prepared, keyPrefix) : toArgv(name, prepared);
    const reply = this.session!.execute(argv);
    if (name === 'select') this.trackSelect(prepared);
    return reply === BLOCKED ? this.settleWhenUnblocked(name, prepared, encoding) : this.settle(name, prepared, reply, encoding);
  }

  /** The command blocked its session (BLPOP on an empty list): it settles with the later reply. */
  private settleWhenUnblocked(name: string, prepared: unknown[], encoding: Encoding): Promise<unknown> {
    return new Promise((resolve) => this.waitForUnblock((outcome) => resolve(this.settleOutcome(name, prepared, outcome, encoding))));
  }

  /** Runs argv in socket order (behind a blocked command, if any) and settles with its outcome. */
  private settleDispatched(name: string, prepared: unknown[], argv: Bytes[], encoding: Encoding): Promise<unknown> {
    let outcome: Reply | Error | undefined;
    let later: ((outcome: Reply | Error) => void) | undefined;
    this.dispatch(argv, (o) => {
      if (later !== undefined) later(o);
      else outcome = o;
    });
    // The common case ran at once: settle without another promise in between.
    if (outcome !== undefined) return this.settleOutcome(name, prepared, outcome, encoding);
    return new Promise((resolve) => {
      later = (o) => resolve(this.settleOutcome(name, prepared, o, encoding));
    });
  }

  /** Every state but "ready": connect on demand, run early, queue, or fail as ioredis would. */
  private sendSlowly(name: string, args: unknown[], encoding: Encoding): Promise<unknown> {
    const route = this.route(name);
    if (route instanceof Error) return Promise.reject(route);
    const prepared = prepareArgs(name, args);
    const keyPrefix = this.options.keyPrefix;
    const argv = keyPrefix ? toPrefixedArgv(name, prepared, keyPrefix) : toArgv(name, prepared);
    let promise: Promise<unknown>;
    if (route === Route.Now) {
      promise = this.settleDispatched(name, prepared, argv, encoding);
    } else if (route === Route.QuitLocally) {
      this.disconnect();
      promise = this.settle(name, prepared, OK, encoding);
    } else if (route === Route.Early) {
      const outcome = this.executeArgv(argv);
      promise = new Promise((resolve, reject) => {
        this.enqueue(name, true, () => resolve(this.settleOutcome(name, prepared, outcome, encoding)), reject);
      });
    } else {
      promise = new Promise((resolve, reject) => {
        this.enqueue(name, false, () => resolve(this.settleDispatched(name, prepared, argv, encoding)), reject);
      });
    }
    if (name === 'select') this.trackSelect(prepared);
    return promise;
  }

  /** @internal The ReplyError for an error reply, with `command: { name, args }` as ioredis sets it. */
  replyError(name: string, prepared: unknown[], reply: ErrorReply): ReplyError {
    const err = new ReplyError(toUtf8(reply.message));
    err.command = { name, args: ioredisArgs(name, prepared, this.options.keyPrefix) };
    return err;
  }

  private settle(name: string, prepared: unknown[], reply: Reply, encoding: Encoding): Promise<unknown> {
    let value: unknown;
    if (typeof reply === 'string') {
      value = encoding === Encoding.Utf8 ? toUtf8(reply) : Buffer.from(reply, 'latin1');
    } else if (reply === OK && encoding === Encoding.Utf8) {
      value = 'OK';
    } else if (reply instanceof ErrorReply) {
      return Promise.reject(this.replyError(name, prepared, reply));
    } else if (reply instanceof MultiReply) {
      // The SUBSCRIBE family answers once per channel; the command resolves a count.
      const count = this.subscriptionReply(reply);
      if (count instanceof ErrorReply) return Promise.reject(this.replyError(name, prepared, count));
      value = renderReply(count, encoding, this.options.stringNumbers === true);
    } else {
      value = renderReply(reply, encoding, this.options.stringNumbers === true);
    }
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
    // The argv is made when the command is written on a session (ioredis's toWritable), which for
    // a queued command is when the connection is ready: a script picks EVAL or EVALSHA then.
    if (route === Route.Now) {
      this.dispatch(command.writeArgv(this.session), (outcome) => this.completeCommand(command, outcome));
    } else if (route === Route.QuitLocally) {
      this.disconnect();
      command.resolve(Buffer.from('OK'));
    } else if (route === Route.Early) {
      const outcome = this.executeArgv(command.writeArgv(this.session));
      this.enqueue(command.name, true, () => this.completeCommand(command, outcome), (err) => command.reject(err));
    } else {
      const write = (): void => this.dispatch(command.writeArgv(this.session), (outcome) => this.completeCommand(command, outcome));
      this.enqueue(command.name, false, write, (err) => command.reject(err));
    }
    if (command.name === 'select') this.trackSelect(command.args);
    return command.promise;
  }

  /** Settles a Command with an outcome, as ioredis's DataHandler does with a parsed reply. */
  private completeCommand(command: Command, outcome: Reply | Error): void {
    if (mustYield()) {
      later(() => this.settleCommand(command, outcome));
      return;
    }
    this.settleCommand(command, outcome);
  }

  private settleCommand(command: Command, outcome: Reply | Error): void {
    if (outcome instanceof MultiReply) outcome = this.subscriptionReply(outcome);
    if (outcome instanceof Error) {
      command.reject(outcome);
    } else if (outcome instanceof ErrorReply) {
      const err = new ReplyError(toUtf8(outcome.message));
      err.command = { name: command.name, args: command.args };
      command.reject(err);
    } else {
      command.resolve(renderReply(outcome, Encoding.Buffer, this.options.stringNumbers === true));
    }
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

export interface Redis {
  /** Every command of `@ioredis/commands` as `name` and `nameBuffer`, plus call/callBuffer/send_command. */
  [command: string]: any;
  get: CommandMethod;
  set: CommandMethod;
  quit: CommandMethod;
  select: CommandMethod;
}

// Outside the class body on purpose: a bundler renames a class that names itself inside its own
// body (`class _Redis`), and `Redis.name` should stay 'Redis'.
function createRedis(args: unknown[]): Redis {
  return new Redis(...args);
}

function currentDefaultOptions(): RedisOptions {
  return Redis.defaultOptions;
}

installCommands(Redis.prototype, new Set(['multi', 'exec']));
Redis.Redis = Redis;
Redis.default = Redis;
