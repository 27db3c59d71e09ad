/**
 * `redis.pipeline()` and `redis.multi()`, as ioredis's Pipeline and transaction support
 * (lib/Pipeline.ts, lib/transaction.ts). Commands are queued with their final arguments; `exec()`
 * runs them all through the client's session, in order, and resolves `[null, result]` / `[err]`
 * tuples. A `multi()` pipeline is MULTI … EXEC whose exec() resolves the EXEC items instead
 * (rejecting with EXECABORT and `previousErrors`, or resolving null after a WATCH conflict).
 */
import { later, mustYield } from './yield-guard.js';
import { deprecate } from 'node:util';
import { type Bytes, toUtf8 } from '../bytes.js';
import { BLOCKED, ErrorReply, MultiReply, type Reply } from '../reply.js';
import { ioredisArgs, prepareArgs, toArgv, toPrefixedArgv } from './args.js';
import { AbortError, COMMAND_ABORTED } from './client-errors.js';
import { asCallback, type Callback } from './callback.js';
import { Command } from './command.js';
import { commandMethod, installCommands } from './commander.js';
import { PIPELINE_ALREADY_EXECUTED } from './messages.js';
import type { RedisOptions } from './options.js';
import type { Redis } from './redis.js';
import { Encoding, renderReply } from './render.js';
import { ReplyError } from './reply-error.js';
import { Route } from './route.js';
import { defineCommand, type Script, type ScriptDefinition, type ScriptHost } from './script.js';
import { replyTransformers } from './transformers.js';

export type PipelineResult = [Error] | [null, unknown];

/** One queued command: a generated method call, or a caller's Command. */
interface Queued {
  name: string;
  /** Arguments after flattening and the argument transformer (a Command's final args). */
  prepared: unknown[];
  /** The argv of a generated-method call; a Command's is made when it is written (writeArgv). */
  argv: Bytes[] | undefined;
  encoding: Encoding;
  callback: Callback | undefined;
  command: Command | undefined;
  /**
   * A Command whose `promise` was already a longer chain when queued (a Script's NOSCRIPT retry):
   * its tuple is what that chain settles to, as ioredis's pipeline listens to `command.promise`.
   */
  chain: Promise<unknown> | undefined;
  keyPrefix: string | Buffer | undefined;
}

function noop(): void {}

function abortError(item: Queued): AbortError {
  const err = new AbortError(COMMAND_ABORTED);
  (err as AbortError & { command: unknown }).command = {
    name: item.name,
    args: item.command ? item.command.args : ioredisArgs(item.name, item.prepared, item.keyPrefix),
  };
  return err;
}

/** The `[err, value]` tuples of an EXEC reply, as ioredis unwraps a multi() (wrapMultiResult). */
export function wrapMultiResult(arr: unknown): PipelineResult[] | null {
  if (!arr) return null;
  const items = arr as unknown[];
  const result: PipelineResult[] = [];
  for (const item of items) result.push(item instanceof Error ? [item] : [null, item]);
  return result;
}

export class Pipeline {
  readonly redis: Redis;
  readonly isPipeline = true;
  readonly isCluster = false;
  options: RedisOptions;
  promise: Promise<PipelineResult[]>;
  resolve!: (result: PipelineResult[]) => void;
  reject!: (err: Error) => void;
  /** MULTIs queued and not yet closed by an EXEC. */
  _transactions = 0;
  private readonly _queue: Queued[] = [];
  private nodeifiedPromise = false;
  private sent = false;
  /** Made by `redis.multi()`: exec() resolves the EXEC items rather than the pipeline's tuples. */
  private unwrapsTransaction = false;
  /** @internal Scripts defined on this pipeline itself (ioredis's Commander has one per instance). */
  scriptsSet: Record<string, Script> = {};
  /** @internal ioredis keeps the client's scripts by SHA here too (no longer read by its exec). */
  _shaToScript: Record<string, Script> = {};

  constructor(redis: Redis) {
    this.redis = redis;
    this.options = redis.options;
    const self = this as unknown as Record<string, unknown>;
    // The client's script commands, the very same methods (they send through `this`).
    for (const name of Object.keys(redis.scriptsSet)) {
      const script = redis.scriptsSet[name]!;
      this._shaToScript[script.sha] = script;
      self[name] = redis[name];
      self[name + 'Buffer'] = redis[name + 'Buffer'];
    }
    for (const name of redis.addedBuiltinSet) {
      self[name] = commandMethod(name, Encoding.Utf8);
      self[name + 'Buffer'] = commandMethod(name, Encoding.Buffer);
    }
    this.promise = new Promise<PipelineResult[]>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  /** The number of queued commands (MULTI and EXEC included). */
  get length(): number {
    return this._queue.length;
  }

  /** @internal Queues one generated-method call; returns the pipeline for chaining. */
  sendNamed(name: string, args: unknown[], encoding: Encoding): this {
    let callback: Callback | undefined;
    const n = args.length;
    if (n !== 0 && typeof args[n - 1] === 'function') callback = args.pop() as Callback;
    const prepared = prepareArgs(name, args);
    const keyPrefix = this.options.keyPrefix;
    const argv = keyPrefix ? toPrefixedArgv(name, prepared, keyPrefix) : toArgv(name, prepared);
    this._queue.push({ name, prepared, argv, encoding, callback, command: undefined, chain: undefined, keyPrefix });
    return this;
  }

  /** Script commands on this pipeline only (Commander.defineCommand), as on a client. */
  defineCommand(name: string, definition: ScriptDefinition): void {
    defineCommand(this as unknown as ScriptHost, name, definition);
  }

  /** Queues a caller-built Command; its own promise settles when the pipeline runs. */
  sendCommand(command: Command): this {
    if (this._transactions > 0) command.inTransaction = true;
    command.pipelineIndex = this._queue.length;
    command.promise.catch(noop);
    this._queue.push({
      name: command.name,
      prepared: command.args,
      argv: undefined,
      encoding: Encoding.Buffer,
      callback: undefined,
      command,
      chain: command.promise === command.ownPromise ? undefined : command.promise,
      keyPrefix: undefined,
    });
    return this;
  }

  /** The array form: `[['set', 'k', 'v'], ['get', 'k']]` (names are method names). */
  addBatch(commands: unknown[][]): this {
    const self = this as unknown as Record<string, (...args: unknown[]) => unknown>;
    for (const command of commands) {
      const name = command[0] as string;
      self[name]!.apply(this, command.slice(1));
    }
    return this;
  }

  /** Queues MULTI; the matching exec() queues EXEC (as ioredis's Pipeline#multi). */
  multi(...args: unknown[]): this {
    this._transactions += 1;
    return this.sendNamed('multi', args, Encoding.Utf8);
  }

  /** @internal Redis#multi's pipeline: MULTI queued, exec() unwraps. */
  beginTransaction(): void {
    this.unwrapsTransaction = true;
    this.multi();
  }

  /**
   * Runs the queue and resolves its tuples. Inside an open MULTI it queues EXEC instead and returns
   * the pipeline. A second exec() runs the commands again but resolves the first result (ioredis).
   */
  exec(callback?: Callback<unknown>): any {
    return this.unwrapsTransaction ? this.execTransaction(callback) : this.execPipeline(callback);
  }

  /** Deprecated in ioredis: queues EXEC with Buffer replies (or, on a multi(), execs it). */
  execBuffer(callback?: Callback<unknown>): any {
    if (this.unwrapsTransaction) {
      if (this._transactions > 0) execBufferDeprecated.call(this);
      return this.exec(callback);
    }
    return execBufferDeprecated.call(this, ...(callback ? [callback] : []));
  }

  private execPipeline(callback?: Callback<unknown>): Promise<PipelineResult[]> | this {
    if (this._transactions > 0) {
      this._transactions -= 1;
      return this.sendNamed('exec', callback ? [callback] : [], Encoding.Buffer);
    }
    if (!this.nodeifiedPromise) {
      this.nodeifiedPromise = true;
      asCallback(this.promise, callback as Callback<PipelineResult[]> | undefined);
    }
    if (this._queue.length === 0) this.resolve([]);
    this.send();
    return this.promise;
  }

  private execTransaction(callback?: Callback<unknown>): Promise<unknown> {
    if (this._transactions > 0) this.execPipeline();
    if (this.nodeifiedPromise) return this.execPipeline() as Promise<PipelineResult[]>;
    const promise = (this.execPipeline() as Promise<PipelineResult[]>).then((result) => {
      const execResult = result[result.length - 1];
      if (execResult === undefined) throw new Error(PIPELINE_ALREADY_EXECUTED);
      if (execResult[0]) {
        const err = execResult[0] as Error & { previousErrors?: Error[] };
        err.previousErrors = [];
        for (let i = 0; i < result.length - 1; i++) {
          const previous = result[i]![0];
          if (previous) err.previousErrors.push(previous);
        }
        throw err;
      }
      return wrapMultiResult(execResult[1]);
    });
    return asCallback(promise, callback);
  }

  /** Sends every queued command through the client (each as ioredis's sendCommand would). */
  private send(): void {
    const first = !this.sent;
    this.sent = true;
    const redis = this.redis;
    let route = redis.route(undefined, false);
    // A pipeline that may block is not run ahead of `ready` (see Connection.route); the scan only
    // matters while connecting, so a ready client never pays for it.
    if (route === Route.Early && this.mayBlock()) route = Route.Queue;
    if (route instanceof Error) {
      // Each command fails on its own, as each would be rejected by sendCommand.
      const message = route.message;
      if (first) this.complete(this._queue.map(() => new Error(message)));
      return;
    }
    if (route === Route.Now) {
      this.runAll((outcomes) => first && this.complete(outcomes));
      return;
    }
    const fail = (err: Error): void => {
      if (first) this.complete(this._queue.map(() => err));
    };
    if (route === Route.Early) {
      // Nothing here can block (see mayBlock), so every outcome is in before runAll returns.
      let outcomes: (Reply | Error)[] = [];
      this.runAll((o) => (outcomes = o));
      redis.enqueue('', true, () => first && this.complete(outcomes), fail);
    } else {
      redis.enqueue('', false, () => this.runAll((outcomes) => first && this.complete(outcomes)), fail);
    }
  }

  /** Whether a queued command may block its connection (ioredis's BLOCKING_COMMANDS). */
  private mayBlock(): boolean {
    return this._queue.some((item) => Command.checkFlag('BLOCKING_COMMANDS', item.name));
  }

  /**
   * Runs the queue in order through the connection and hands the outcomes to `done`: at once, or,
   * when a command blocks (BLPOP, or any command under CLIENT PAUSE), once it and the rest have
   * been answered. The common case is a plain loop: no closure per command.
   */
  private runAll(done: (outcomes: (Reply | Error)[]) => void): void {
    const redis = this.redis;
    const queue = this._queue;
    const n = queue.length;
    const outcomes = new Array<Reply | Error>(n);
    if (n === 0) {
      done(outcomes);
      return;
    }
    let answered = 0;
    let looping = true;
    const settle = (i: number, outcome: Reply | Error): void => {
      if (outcome instanceof MultiReply) outcome = redis.subscriptionReply(outcome);
      // Closed by a QUIT earlier in this pipeline: ioredis aborts the unanswered rest of a
      // pipeline whose head was answered (abortIncompletePipelines).
      if (outcome instanceof Error && i > 0 && !(outcomes[i - 1] instanceof Error && !(outcomes[i - 1] instanceof AbortError))) {
        outcome = abortError(queue[i]!);
      }
      outcomes[i] = outcome;
      if (++answered === n && !looping) done(outcomes);
    };
    const clientSideMode = redis.subscriberMode || redis.monitorMode;
    for (let i = 0; i < n; i++) {
      const item = queue[i]!;
      const refusal = clientSideMode ? redis.refusedInSubscriberMode(item.name) : undefined;
      if (refusal !== undefined) settle(i, refusal);
      else if (redis.idle) {
        const outcome = redis.executeArgv(item.argv ?? item.command!.writeArgv(redis.currentSession));
        if (outcome === BLOCKED) redis.waitForUnblock((o) => settle(i, o));
        else if (outcome instanceof Error || outcome instanceof MultiReply) settle(i, outcome);
        else {
          // The common case, inline: a plain reply, answered now.
          outcomes[i] = outcome;
          answered++;
        }
      } else {
        // Behind a blocked command: in order, once it is answered.
        redis.dispatch(item.argv ?? item.command!.writeArgv(redis.currentSession), (o) => settle(i, o));
      }
      if (item.name === 'select') redis.trackSelect(item.prepared);
    }
    looping = false;
    if (answered === n) done(outcomes);
  }

  /** Outcomes to tuples; settles per-command callbacks and Commands, then the pipeline. */
  private complete(outcomes: (Reply | Error)[]): void {
    const queue = this._queue;
    const results = new Array<PipelineResult>(queue.length);
    for (let i = 0; i < queue.length; i++) results[i] = this.tupleFor(i, outcomes[i]!);
    let chains: Promise<void>[] | undefined;
    for (let i = 0; i < queue.length; i++) {
      const item = queue[i]!;
      const tuple = results[i]!;
      if (item.command !== undefined) {
        if (tuple.length === 1) item.command.reject(tuple[0]);
        else item.command.resolveTransformed(tuple[1]);
        if (item.chain !== undefined) {
          chains ??= [];
          chains.push(item.chain.then((value) => void (results[i] = [null, value]), (err: Error) => void (results[i] = [err])));
        }
      } else if (item.callback !== undefined) {
        asCallback(tuple.length === 1 ? Promise.reject(tuple[0]) : Promise.resolve(tuple[1]), item.callback);
      }
    }
    // Every command is settled first (a script's NOSCRIPT retries go out in that order).
    if (chains === undefined) {
      // Past a long streak of replies in one turn, wait for the next turn (yield-guard.ts).
      if (mustYield()) later(() => this.resolve(results));
      else this.resolve(results);
    }
    else void Promise.all(chains).then(() => this.resolve(results));
  }

  private tupleFor(position: number, outcome: Reply | Error): PipelineResult {
    if (outcome instanceof Error) return [outcome];
    const item = this._queue[position]!;
    if (outcome instanceof ErrorReply) {
      if (item.command === undefined) return [this.redis.replyError(item.name, item.prepared, outcome)];
      const err = new ReplyError(toUtf8(outcome.message));
      err.command = { name: item.command.name, args: item.command.args };
      return [err];
    }
    if (item.name === 'exec' && Array.isArray(outcome)) return [null, this.execItems(position, outcome)];
    try {
      return [null, this.transformItem(item, outcome, item.encoding)];
    } catch (e) {
      return [e as Error];
    }
  }

  /** A reply for one queued command: decoded in its encoding, then its reply transformer. */
  private transformItem(item: Queued, reply: Reply, encoding: Encoding): unknown {
    const stringNumbers = this.options.stringNumbers === true;
    if (item.command !== undefined) return item.command.transformReply(renderReply(reply, Encoding.Buffer, stringNumbers));
    const value = renderReply(reply, encoding, stringNumbers);
    const transform = replyTransformers[item.name];
    return transform === undefined ? value : transform(value);
  }

  /**
   * EXEC's items, each decoded by the command it answers (the ones queued right before the EXEC),
   * as ioredis's fillResult does; error items stay ReplyErrors.
   */
  private execItems(position: number, replies: Reply[]): unknown[] {
    const execEncoding = this._queue[position]!.encoding;
    const n = replies.length;
    const items = new Array<unknown>(n);
    for (let i = 0; i < n; i++) {
      const reply = replies[i]!;
      if (reply instanceof ErrorReply) {
        items[i] = new ReplyError(toUtf8(reply.message));
        continue;
      }
      const cmd = this._queue[position - (n - i)];
      if (cmd === undefined) {
        items[i] = new TypeError("Cannot read properties of undefined (reading 'transformReply')");
        continue;
      }
      const encoding = execEncoding === Encoding.Utf8 || cmd.encoding === Encoding.Utf8 ? Encoding.Utf8 : Encoding.Buffer;
      try {
        items[i] = this.transformItem(cmd, reply, encoding);
      } catch (e) {
        items[i] = e;
      }
    }
    return items;
  }
}

const execBufferDeprecated = deprecate(function (this: Pipeline, ...args: unknown[]) {
  if (this._transactions > 0) this._transactions -= 1;
  return this.sendNamed('exec', args, Encoding.Buffer);
}, 'Pipeline#execBuffer: Use Pipeline#exec instead');

/** Every command method queues and returns the pipeline. */
export interface Pipeline {
  [command: string]: any;
}

installCommands(Pipeline.prototype, new Set(['multi', 'exec', 'execBuffer']));
