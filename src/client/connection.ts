/**
 * The connection half of the client: status values, events, connect / disconnect / reconnect,
 * the offline queue, and how each command is routed in each state, following ioredis 5
 * (lib/Redis.ts, lib/redis/event_handler.ts, lib/connectors/StandaloneConnector.ts).
 *
 * A "connection" is one Session on an Engine. There is no socket, but the steps a socket takes
 * happen in the order a real connection takes them, so code that watches `status` and events
 * sees what it would see with ioredis: `connecting` at once, then the socket, `connect` and
 * `ready` on later ticks; `close` after a QUIT or disconnect() on a later tick. Commands issued
 * before `ready` run at call time but settle after `ready`, as their replies would. Only
 * process.nextTick and microtasks are used (never setImmediate or timers, which test fake timers
 * replace), so a client works the same under `vi.useFakeTimers()`; only a reconnect's delay and
 * `commandTimeout` are timers, as in ioredis.
 */
import { EventEmitter } from 'node:events';
import { exists, hasFlag } from '@ioredis/commands';
import { type Bytes, fromUtf8, toUtf8 } from '../bytes.js';
import type { Engine } from '../engine/engine.js';
import { sharedEngine } from '../engine/registry.js';
import { Session } from '../engine/session.js';
import { BLOCKED, ErrorReply, type MultiReply, type PushReply, type Reply } from '../reply.js';
import { asCallback, type Callback } from './callback.js';
import { MaxRetriesPerRequestError } from './client-errors.js';
import { Command } from './command.js';
import { ALREADY_CONNECTING, CONNECTION_CLOSED, OFFLINE_QUEUE_DISABLED } from './messages.js';
import { isInt, type RedisOptions } from './options.js';
import { ReplyError } from './reply-error.js';
import { Route } from './route.js';
import { refusedInMonitorMode, startMonitor } from './monitor.js';
import { emitMessage, readSubscriptionReplies, SUBSCRIBER_MODE, type SubscriptionSet } from './subscriber.js';

export type RedisStatus = 'wait' | 'reconnecting' | 'connecting' | 'connect' | 'ready' | 'close' | 'end';

/** What the connection was asked to be: the selected db and its subscriptions (ioredis's `condition`). */
interface Condition {
  select: number;
  subscriber: SubscriptionSet | false;
}

/** A command waiting for `ready` (ioredis's offline queue). */
interface OfflineItem {
  name: string;
  select: number;
  /** Already executed at call time (Route.Early): only its settlement waits. */
  executed: boolean;
  run(): void;
  fail(err: Error): void;
}

export function noop(): void {}

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

export class Connection extends EventEmitter {
  options: RedisOptions;
  status: RedisStatus = 'wait';
  readonly isCluster = false;
  /** @internal ioredis's connection condition: the db the connection is on. */
  condition: Condition | null = null;
  private readonly _engine: Engine;
  /** @internal The open connection, if any. */
  protected session: Session | undefined;
  /** Between connect() and the "socket" existing: a disconnect() now ends without `close`. */
  private streamPending = false;
  /** disconnect() ended the "stream": nothing more is written on it. */
  private streamEnded = false;
  /** The server is closing the connection (after QUIT): what is written now is never answered. */
  private serverClosing = false;
  private closeScheduled = false;
  private manuallyClosing = false;
  private retryAttempts = 0;
  private reconnectTimeout: NodeJS.Timeout | null = null;
  private connectionEpoch = 0;
  private prevCondition: Condition | null = null;
  private offlineQueue: OfflineItem[] = [];
  /** Offline items not executed yet: while there are any, nothing may run ahead of them. */
  private unsentQueued = 0;
  private handshakeErrors: Error[] = [];
  /** @internal Commands run and settle at call time with no further checks (the hot path). */
  protected direct = false;
  /**
   * The session is blocked in a command (BLPOP...): this receives its outcome. A connection has at
   * most one, as a socket's next command is not read while the server blocks on the previous one.
   */
  private blockedWaiter: ((outcome: Reply | Error) => void) | undefined;
  /** Commands written behind the blocked one: they run in order once it is answered. */
  private behindBlocked: (() => void)[] = [];
  /** Messages received and not emitted yet (they go out in a microtask, in arrival order). */
  private pushes: PushReply[] = [];
  /** @internal Between `ready` and `close` of a `monitor: true` client (monitor.ts). */
  monitorMode = false;

  constructor(options: RedisOptions) {
    super();
    this.options = options;
    this._engine = options.engine ?? sharedEngine(addressOf(options));
  }

  /**
   * @internal The open connection's Session, which stands for ioredis's socket where a command
   * remembers what was written on which connection (script.ts); a reconnect makes a new one.
   */
  get currentSession(): Session | undefined {
    return this.session;
  }

  /** The in-process server this client talks to. */
  get engine(): Engine {
    return this._engine;
  }

  /** `'normal'`, `'subscriber'` or `'monitor'`. */
  get mode(): 'normal' | 'subscriber' | 'monitor' {
    return this.options.monitor ? 'monitor' : this.subscriberMode ? 'subscriber' : 'normal';
  }

  /**
   * ioredis 5 (RESP2) restricts a connection with subscriptions to the SUBSCRIBE family, PING and
   * QUIT; with `protocol: 3` (ioredis 6's default) nothing is restricted and the mode stays normal.
   */
  get subscriberMode(): boolean {
    return !!this.condition?.subscriber && this.options.protocol !== 3;
  }

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
      // The connector makes the socket on the next tick and reports back through a promise.
      process.nextTick(() => queueMicrotask(() => this.streamCreated(epoch, resolve, reject)));
    });
    return asCallback(promise, callback);
  }

  /**
   * Closes the connection (`close`, `end`); with `reconnect`, reconnects as after a dropped
   * connection (`close`, `reconnecting`, `connecting`, `connect`, `ready`), keeping the db.
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
      // The server notices the closed socket: the client stops waiting at once, so no write in
      // the meantime is handed to it and lost.
      if (this.session.blocked !== undefined) this.engine.blocking.unblock(this.session);
      this.streamEnded = true;
      this.refreshDirect();
      if (!this.streamPending) this.scheduleClose();
    }
  }

  /** @deprecated ioredis's alias of disconnect(). */
  end(): void {
    this.disconnect();
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

  /** Sets the status now and emits the event of the same name on the next tick (ioredis's setStatus). */
  protected setStatus(status: RedisStatus, arg?: unknown): void {
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
      this.offlineQueue.length === 0 &&
      !this.subscriberMode &&
      !this.monitorMode &&
      this.blockedWaiter === undefined &&
      this.behindBlocked.length === 0;
  }

  // ---- the connection's steps ----------------------------------------------------------------

  /** A new Session, with the handshake ioredis performs at connect: SELECT db, CLIENT SETNAME. */
  private openSession(): void {
    const session = new Session(this._engine);
    session.onClose = () => this.onServerClose(session);
    session.onUnblocked = (reply) => this.onSessionUnblocked(session, reply);
    session.onPush = (push) => this.onSessionPush(session, push);
    // ioredis 6 opens a RESP3 connection with HELLO 3.
    if (this.options.protocol === 3) session.resp = 3;
    this.session = session;
    this.streamPending = true;
    this.streamEnded = false;
    this.serverClosing = false;
    this.closeScheduled = false;
    this.handshakeErrors = [];
    const db = this.condition!.select;
    if (db) {
      const args = [String(db)];
      const reply = session.execute(['select', ...args]);
      if (reply instanceof ErrorReply) {
        const err = new ReplyError(toUtf8(reply.message));
        err.command = { name: 'select', args };
        this.handshakeErrors.push(err);
      }
    }
    const name = this.options.connectionName;
    if (name) {
      const bytes = fromUtf8(String(name));
      if (validClientName(bytes)) session.name = bytes;
    }
    this.refreshDirect();
  }

  /** The connector's callback: the socket exists now, unless disconnect() came first. */
  private streamCreated(epoch: number, resolve: () => void, reject: (err: Error) => void): void {
    if (epoch !== this.connectionEpoch) return;
    this.streamPending = false;
    if (this.streamEnded) {
      // Disconnected before the socket was made: no `close`, straight to `end` (as ioredis).
      const err = new Error(CONNECTION_CLOSED);
      this.dropSession();
      this.flushQueue(err);
      this.silentEmit('error', err);
      reject(err);
      this.setStatus('end');
      return;
    }
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
    process.nextTick(() => this.connectHandler(epoch));
  }

  private isCurrent(epoch: number): boolean {
    return epoch === this.connectionEpoch && this.session !== undefined && !this.streamEnded;
  }

  private connectHandler(epoch: number): void {
    if (!this.isCurrent(epoch)) return;
    this.setStatus('connect');
    // The ready check's reply comes back later.
    process.nextTick(() => this.readyHandler(epoch));
  }

  /** ioredis's readyHandler: `ready`, then the offline queue, then the db of before a reconnect. */
  private readyHandler(epoch: number): void {
    if (!this.isCurrent(epoch)) return;
    // A failed handshake SELECT was answered before the ready check.
    for (const err of this.handshakeErrors) this.silentEmit('error', err);
    this.handshakeErrors = [];
    this.setStatus('ready');
    this.retryAttempts = 0;
    // Monitor mode sends MONITOR and nothing else: the offline queue stays (monitor.ts).
    if (this.options.monitor) {
      startMonitor(this, this.session!, (status) => this.setStatus(status));
      this.refreshDirect();
      return;
    }
    const condition = this.condition!;
    const prevCondition = this.prevCondition;
    const finalSelect = prevCondition ? prevCondition.select : condition.select;
    this.prevCondition = null;
    if (prevCondition?.subscriber && this.options.autoResubscribe) {
      // The db first: SELECT is not valid in subscriber mode.
      if (condition.select !== finalSelect) this.sendSelect(finalSelect);
      this.resubscribe(prevCondition.subscriber);
    }
    if (this.offlineQueue.length) {
      const queue = this.offlineQueue;
      this.offlineQueue = [];
      this.unsentQueued = 0;
      this.refreshDirect();
      for (const item of queue) {
        if (!item.executed && item.select !== condition.select && item.name !== 'select') {
          this.sendSelect(item.select);
        }
        item.run();
      }
    }
    if (condition.select !== finalSelect) this.sendSelect(finalSelect);
    if (this.serverClosing) this.scheduleClose();
  }

  /** SELECT as ioredis sends it internally (through the command path, so `select` is emitted). */
  protected sendSelect(_db: number): void {}

  /** autoResubscribe after a reconnect: SUBSCRIBE, PSUBSCRIBE, then each SSUBSCRIBE, as ioredis. */
  protected resubscribe(_set: SubscriptionSet): void {}

  // ---- pub/sub -------------------------------------------------------------------------------

  /**
   * A message for this connection, handed over from inside the publisher's command: events go
   * out in a microtask (never inside the publisher's call), in arrival order.
   */
  private onSessionPush(session: Session, push: PushReply): void {
    if (session !== this.session) return;
    this.pushes.push(push);
    if (this.pushes.length === 1) queueMicrotask(() => this.emitPushes(session));
  }

  private emitPushes(session: Session): void {
    const pushes = this.pushes;
    this.pushes = [];
    // A connection closed meanwhile reads nothing more.
    if (session !== this.session) return;
    for (const push of pushes) emitMessage(this, push);
  }

  /** @internal A SUBSCRIBE-family answer: updates the subscription set; returns the count it resolves. */
  subscriptionReply(answer: MultiReply): Reply {
    const count = readSubscriptionReplies(this.condition ?? { subscriber: false }, answer);
    this.refreshDirect();
    return count;
  }

  /** @internal ioredis's subscriber-mode check for one command: the Error it rejects with, if any. */
  refusedInSubscriberMode(name: string): Error | undefined {
    if (this.monitorMode) return refusedInMonitorMode(name);
    if (!this.subscriberMode || Command.checkFlag('VALID_IN_SUBSCRIBER_MODE', name)) return undefined;
    return new Error(SUBSCRIBER_MODE);
  }

  /** The session was closed by the server side (QUIT). */
  private onServerClose(session: Session): void {
    if (session !== this.session) return;
    // ioredis marks `quit` (WILL_DISCONNECT) as a manual close; any other close reconnects.
    if (session.lastCommand === 'quit') this.manuallyClosing = true;
    this.serverClosing = true;
    this.refreshDirect();
    // A QUIT run early (in a pipeline sent while connecting) is, for a real client, sent after
    // `ready`: the connection closes only after that.
    if (this.status === 'ready') this.scheduleClose();
  }

  /** The socket's `close` arrives later, after the replies already on their way. */
  private scheduleClose(): void {
    if (this.closeScheduled) return;
    this.closeScheduled = true;
    process.nextTick(() => this.closeHandler());
  }

  private dropSession(): void {
    const session = this.session;
    this.session = undefined;
    session?.close();
    this.failBlocked(new Error(CONNECTION_CLOSED));
  }

  // ---- blocking commands ---------------------------------------------------------------------

  /** @internal Nothing is blocked or waiting behind a blocked command: argv may run at once. */
  get idle(): boolean {
    return this.blockedWaiter === undefined && this.behindBlocked.length === 0;
  }

  /**
   * @internal Runs argv in socket order and hands its outcome to `done`: at once, or, when the
   * session blocks (BLPOP on an empty list) or an earlier command is still blocked, later. The
   * engine runs it synchronously, so `done` is called before this returns unless something blocks.
   */
  dispatch(argv: Bytes[], done: (outcome: Reply | Error) => void): void {
    if (this.blockedWaiter !== undefined || this.behindBlocked.length !== 0) {
      this.behindBlocked.push(() => this.runDispatched(argv, done));
      return;
    }
    this.runDispatched(argv, done);
  }

  private runDispatched(argv: Bytes[], done: (outcome: Reply | Error) => void): void {
    const outcome = this.executeArgv(argv);
    if (outcome === BLOCKED) this.waitForUnblock(done);
    else done(outcome);
  }

  /**
   * @internal The command just executed blocked its session: `done` gets its reply when it is
   * served, times out or is unblocked. With `commandTimeout` the promise gives up first, as
   * ioredis's does (the server goes on waiting; its late reply is dropped).
   */
  waitForUnblock(done: (outcome: Reply | Error) => void): void {
    const settle = this.commandTimeout(done);
    this.blockedWaiter = (outcome) => {
      if (settle()) done(outcome);
    };
    this.refreshDirect();
  }

  /**
   * The engine answered the blocked command (from inside another client's command). The reply
   * and the commands queued behind it go on in a microtask: never inside the writer's command,
   * and still within the turn of the write, as a server answers after the writing command.
   */
  private onSessionUnblocked(session: Session, reply: Reply): void {
    queueMicrotask(() => {
      if (session !== this.session) return;
      const waiter = this.blockedWaiter;
      this.blockedWaiter = undefined;
      waiter?.(reply);
      this.runBehindBlocked();
    });
  }

  private runBehindBlocked(): void {
    while (this.blockedWaiter === undefined && this.behindBlocked.length !== 0) this.behindBlocked.shift()!();
    this.refreshDirect();
  }

  /** The connection is gone: the blocked command and everything behind it fail. */
  private failBlocked(err: Error): void {
    const waiter = this.blockedWaiter;
    const behind = this.behindBlocked;
    this.blockedWaiter = undefined;
    this.behindBlocked = [];
    waiter?.(err);
    // Each queued command fails through its own outcome: no session any more.
    for (const run of behind) run();
    this.refreshDirect();
  }

  private closeHandler(): void {
    this.closeScheduled = false;
    this.dropSession();
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
    this.unsentQueued = 0;
    for (const item of queue) item.fail(error);
    this.refreshDirect();
  }

  // ---- routing commands ----------------------------------------------------------------------

  /**
   * @internal How a command is to be sent now (ioredis's sendCommand): connects a lazy client,
   * and answers an Error when the command must fail at once. This is where a client-side mode
   * (subscriber, monitor) refuses commands, as ioredis's sendCommand does.
   */
  route(name: string | undefined, mayBlock = name !== undefined && Command.checkFlag('BLOCKING_COMMANDS', name)): Route | Error {
    if (this.status === 'wait') this.connect().catch(noop);
    if (this.status === 'end') return new Error(CONNECTION_CLOSED);
    if (this.direct) return Route.Now;
    const refused = name === undefined ? undefined : this.refusedInSubscriberMode(name);
    if (refused !== undefined) return refused;
    const open = this.session !== undefined && !this.streamEnded;
    const writable =
      open &&
      (this.status === 'ready' ||
        (this.status === 'connect' &&
          name !== undefined &&
          exists(name, { caseInsensitive: true }) &&
          (hasFlag(name, 'loading', { nameCaseInsensitive: true }) || Command.checkFlag('HANDSHAKE_COMMANDS', name))));
    // After QUIT the server answers nothing more: a written command waits for the close, which
    // rejects it (or, after a reconnect, sends it again), as ioredis's command queue does.
    if (writable) return this.serverClosing ? Route.Queue : Route.Now;
    if (this.options.enableOfflineQueue === false) return new Error(OFFLINE_QUEUE_DISABLED);
    if (name === 'quit' && this.offlineQueue.length === 0) return Route.QuitLocally;
    const comingUp = this.status === 'connecting' || this.status === 'connect';
    // A blocking command is not run ahead: it could block before the connection is even ready.
    if (open && comingUp && !this.serverClosing && this.unsentQueued === 0 && !mayBlock) return Route.Early;
    return Route.Queue;
  }

  /**
   * @internal Holds a command until `ready` (or fails it when the client ends). `executed` marks a
   * command that already ran (Route.Early) and only waits to be settled.
   */
  enqueue(name: string, executed: boolean, run: () => void, fail: (err: Error) => void): void {
    const finish = this.commandTimeout(fail);
    this.offlineQueue.push({
      name,
      select: this.condition?.select ?? this.options.db ?? 0,
      executed,
      run: () => finish() && run(),
      fail: (err) => finish() && fail(err),
    });
    if (!executed) this.unsentQueued++;
    this.refreshDirect();
  }

  /**
   * ioredis's commandTimeout for a command that is not answered at once: `onTimeout` gets
   * `Command timed out` unless the returned settle() is called first (true only the first time).
   */
  private commandTimeout(onTimeout: (err: Error) => void): () => boolean {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = this.options.commandTimeout;
    if (typeof timeout === 'number') {
      timer = setTimeout(() => {
        if (settled) return;
        settled = true;
        onTimeout(new Error('Command timed out'));
      }, timeout);
    }
    return () => {
      if (settled) return false;
      settled = true;
      if (timer) clearTimeout(timer);
      return true;
    };
  }

  /** @internal Runs argv on the session, or the Error a connection that is going away gives. */
  executeArgv(argv: Bytes[]): Reply | Error {
    if (this.session === undefined || this.serverClosing || this.streamEnded) return new Error(CONNECTION_CLOSED);
    return this.session.execute(argv);
  }

  /** @internal ioredis emits `select` (synchronously) when a SELECT with an integer changes the db. */
  trackSelect(args: unknown[]): void {
    const arg = args[0];
    const text = typeof arg === 'string' || arg instanceof Buffer ? arg : arg === null || arg === undefined ? '' : String(arg);
    if (!isInt(text)) return;
    const db = parseInt(String(text), 10);
    if (this.condition && this.condition.select !== db) {
      this.condition.select = db;
      this.emit('select', db);
    }
  }
}
