/**
 * A Session is one connection's state (Redis's `client`): selected db, MULTI queue, WATCH set,
 * name and id, protocol. `execute(argv)` is the one way a command runs, whoever sends it:
 * lookup -> arity -> MULTI queueing -> handler -> reply value.
 */
import type { Bytes } from '../bytes.js';
import { CommandError, NOAUTH, OOM, REPLICA_KEYSPACE, notInPubSubContext, unknownCommand, unknownSubcommand, wrongArity } from '../errors.js';
import { BLOCKED, ErrorReply, type PushReply, QUEUED, type Reply } from '../reply.js';
import { COMMANDS } from '../commands/table.js';
import { type Command, Flag, arityMismatch } from '../commands/spec.js';
import type { Database } from './database.js';
import type { Engine } from './engine.js';
import type { Entry } from './values.js';
import { unwatchAllKeys, type WatchedKey } from './watch.js';
import { performEvictions } from './evict.js';
import type { BlockedState, BlockRequest } from './blocking.js';
import { Subscriptions } from './pubsub.js';
import { logCall, logUnblocked, type PendingSlowlog } from './call-log.js';
import { removeMonitor } from './monitor.js';
import { PauseType } from './pause.js';

export interface QueuedCommand {
  command: Command;
  argv: Bytes[];
}

/** Commands that run at once inside MULTI instead of being queued (as Redis's processCommand). */
const TRANSACTION_CONTROL = new Set(['exec', 'discard', 'multi', 'watch', 'quit', 'reset']);

/** What a RESP2 connection in pub/sub context may run (processCommand's list). */
const PUBSUB_CONTEXT = new Set(['ping', 'subscribe', 'ssubscribe', 'unsubscribe', 'sunsubscribe', 'psubscribe', 'punsubscribe', 'quit', 'reset']);

export class Session {
  readonly id: number;
  readonly createdAt: number;
  db: Database;
  name: Bytes = '';
  resp: 2 | 3 = 2;
  /** The queued commands while in MULTI, else undefined. */
  multi: QueuedCommand[] | undefined;
  /** A queue-time error happened inside MULTI: EXEC must abort. */
  multiFailed = false;
  /** Watched keys, in WATCH order (see watch.ts). */
  readonly watched: WatchedKey[] = [];
  /** While EXEC runs: entries whose value is a queued command's argument (see Entry.heldByQueue). */
  execHeld: Entry[] | undefined;
  /** A watched key was modified (CLIENT_DIRTY_CAS). */
  watchDirty = false;
  closed = false;
  lastCommand = 'NULL';
  lastInteraction: number;
  /** Address shown in CLIENT LIST / INFO; in-process clients report a made-up local peer. */
  addr = '127.0.0.1:0';
  laddr = '127.0.0.1:6379';
  /** Called when a command asks to close the connection (QUIT); set by the edge. */
  onClose: (() => void) | undefined;
  /**
   * AUTH state. A connection made while the default user has no password (no requirepass) starts
   * authenticated and stays so if a password is set later, as in Redis.
   */
  authenticated: boolean;
  /** The ACL user; `default` is the only one. */
  user = 'default';
  /** CLIENT NO-EVICT. */
  noEvict = false;
  /** Set while the session waits in a blocking command (see blocking.ts). */
  blocked: BlockedState | undefined;
  /**
   * Set by the edge: receives the reply of a blocking command once it is served, times out or is
   * unblocked. Called synchronously from inside another session's command, so the edge must not
   * run this session's next command from inside the callback (defer it, as a socket would).
   */
  onUnblocked: ((reply: Reply) => void) | undefined;
  /**
   * Set by the edge: receives pub/sub messages (and keyspace events) for this session, as push
   * replies. Called synchronously from inside the publisher's command (possibly this session's
   * own, before its reply), so the edge must defer what it does with them.
   */
  onPush: ((push: PushReply) => void) | undefined;
  /** Channels, patterns and shard channels this session is subscribed to (pubsub.ts), once it subscribed. */
  subscribed: Subscriptions | undefined;
  /**
   * CLIENT_PUBSUB: set by the SUBSCRIBE family, cleared when an unsubscribe leaves nothing. With
   * RESP2 it restricts the commands the session may run.
   */
  pubsubContext = false;
  /** In MONITOR mode (monitor.ts); `onMonitor`, set by the edge, gets each line, to deliver later. */
  monitoring = false;
  onMonitor: ((line: string) => void) | undefined;
  /** Argument positions the running command hides from MONITOR and SLOWLOG (see redact). */
  redacted: number[] | undefined;
  /** @internal A blocked command's slow log entry, written when it is answered (call-log.ts). */
  pendingSlowlog: PendingSlowlog | undefined;
  /** CLIENT_SCRIPT: the session scripts run their commands on (engine/scripting.ts), never a connection. */
  scriptClient = false;

  constructor(readonly engine: Engine) {
    this.id = engine.nextClientId++;
    // A made-up ephemeral port per session, so MONITOR sources and CLIENT KILL ADDR tell them apart.
    this.addr = `127.0.0.1:${32768 + (this.id % 28232)}`;
    this.createdAt = engine.clock.now();
    this.lastInteraction = this.createdAt;
    this.db = engine.databases[0]!;
    this.authenticated = engine.config.requirepass === '';
    engine.sessions.add(this);
    engine.stats.totalConnections++;
  }

  /** Runs one command (argv[0] is its name) and returns the reply value. Never throws. */
  execute(argv: Bytes[]): Reply {
    this.lastInteraction = this.engine.lruClock; // CLIENT LIST idle= is in seconds: the cached clock will do
    const command = this.find(argv);
    // CLIENT LIST's cmd= is the last command looked up, queued or not (c->lastcmd).
    this.lastCommand = command instanceof ErrorReply ? 'NULL' : command.fullName;
    if (command instanceof ErrorReply) return this.reject(command);
    const arityError = this.checkArity(command, argv);
    if (arityError !== undefined) return this.reject(arityError, command);
    // Unknown-command and arity errors come first, as in processCommand.
    if (!this.authenticated && !(command.flags & Flag.NoAuth) && this.engine.config.requirepass !== '') {
      return this.reject(new ErrorReply(NOAUTH), command);
    }
    if (this.engine.config.maxmemory !== 0 && !performEvictions(this.engine) && this.refusedWhenOutOfMemory(command)) {
      return this.reject(new ErrorReply(OOM), command);
    }
    if (this.pubsubContext && this.resp === 2 && !PUBSUB_CONTEXT.has(command.fullName)) {
      return this.reject(new ErrorReply(notInPubSubContext(command.fullName)), command);
    }
    // A monitor is a replica to Redis: it may not touch the keyspace.
    if (this.monitoring && command.flags & (Flag.Write | Flag.ReadOnly | Flag.MayReplicate)) {
      return this.reject(new ErrorReply(REPLICA_KEYSPACE), command);
    }
    // CLIENT PAUSE holds the command before it runs or is queued (a no-multi one is refused first).
    const pause = this.engine.pause;
    if (pause.type !== PauseType.Off && pause.holds(this, command) && !(this.multi !== undefined && command.flags & Flag.NoMulti)) {
      return pause.postpone(this, argv);
    }
    if (this.multi !== undefined && !TRANSACTION_CONTROL.has(command.fullName)) {
      if (command.flags & Flag.NoMulti) return this.reject(new ErrorReply('ERR Command not allowed inside a transaction'));
      this.multi.push({ command, argv });
      return QUEUED;
    }
    const reply = this.call(command, argv);
    // After the whole command (a whole EXEC), serve the clients its writes can feed.
    if (this.engine.blocking.hasReadyKeys) this.engine.blocking.handleClientsBlockedOnKeys();
    // CLIENT UNPAUSE (or a pause that ran out) lets the held commands run, after this one.
    if (pause.releasePending) pause.release();
    return reply;
  }

  /**
   * CLIENT_DENY_BLOCKING: inside EXEC and in scripts a blocking command must answer at once, as
   * its non-blocking form or as a timeout.
   */
  get denyBlocking(): boolean {
    return this.execHeld !== undefined || this.scriptClient;
  }

  /**
   * blockForKeys: the running command waits for one of `request.keys` to be written. Returns the
   * BLOCKED reply, which the handler returns; the real reply reaches `onUnblocked` later.
   */
  blockOnKeys(request: BlockRequest): Reply {
    this.engine.blocking.block(this, request);
    return BLOCKED;
  }

  /** @internal Hands a blocked command's final reply to the edge (blocking.ts calls this). */
  deliverUnblocked(reply: Reply): void {
    if (reply instanceof ErrorReply) {
      const stats = this.engine.stats;
      stats.errorReplies++;
      stats.countError(reply.message);
      const command = COMMANDS.get(this.lastCommand);
      if (command !== undefined) stats.command(command).failed++;
    }
    logUnblocked(this);
    this.onUnblocked?.(reply);
  }

  /** redactClientCommandArgument: MONITOR and SLOWLOG show argv[index] as `(redacted)`. */
  redact(index: number): void {
    (this.redacted ??= []).push(index);
  }

  /** Looks up the command (and subcommand) and checks arity; an error reply when either fails. */
  lookup(argv: Bytes[]): Command | ErrorReply {
    const command = this.find(argv);
    if (command instanceof ErrorReply) return command;
    return this.checkArity(command, argv) ?? command;
  }

  /** The command (and subcommand) argv names, or the unknown-command error. */
  find(argv: Bytes[]): Command | ErrorReply {
    const name = argv[0] ?? '';
    let command = COMMANDS.get(name) ?? COMMANDS.get(name.toLowerCase());
    if (command === undefined) return new ErrorReply(unknownCommand(name, argv.slice(1)));
    if (command.subcommands !== undefined && argv.length >= 2) {
      const sub = argv[1]!;
      const found = command.subcommands.get(sub) ?? command.subcommands.get(sub.toLowerCase());
      if (found === undefined) return new ErrorReply(unknownSubcommand(command.name, sub));
      command = found;
    }
    return command;
  }

  private checkArity(command: Command, argv: Bytes[]): ErrorReply | undefined {
    if (arityMismatch(command.arity, argv.length) || command.handler === undefined) return new ErrorReply(wrongArity(command.fullName));
    return undefined;
  }

  /**
   * Out of memory, Redis refuses commands that may grow it (denyoom), EXEC of such commands, and
   * anything but EXEC, DISCARD, QUIT and RESET inside MULTI (queueing takes memory too).
   */
  private refusedWhenOutOfMemory(command: Command): boolean {
    if (command.flags & Flag.DenyOom) return true;
    const name = command.fullName;
    if (name === 'exec') return this.multi?.some((q) => q.command.flags & Flag.DenyOom) ?? false;
    return this.multi !== undefined && name !== 'discard' && name !== 'quit' && name !== 'reset';
  }

  /** Runs a looked-up command now (also how EXEC runs its queue). */
  call(command: Command, argv: Bytes[]): Reply {
    let reply: Reply;
    // A clock read costs about as much as a fast command (~60 ns here), so only commands that can
    // reach the slow log are timed: every command at threshold 0, and at a positive threshold those
    // Redis does not flag `fast` (a fast command is O(1) and never takes milliseconds).
    const threshold = this.engine.config.slowlogLogSlowerThan;
    const timed = threshold === 0 || (threshold > 0 && (command.flags & Flag.Fast) === 0);
    const start = timed ? performance.now() : 0;
    try {
      reply = command.handler!(this, argv);
    } catch (e) {
      // addReplyErrorFormat turns CR and LF into spaces, so an error stays one protocol line.
      if (e instanceof CommandError) reply = new ErrorReply(/[\r\n]/.test(e.message) ? e.message.replace(/[\r\n]/g, ' ') : e.message);
      // A handler bug must not take the process down or leak a TypeError: report it as a reply.
      else reply = new ErrorReply(`ERR internal error in '${command.fullName}': ${(e as Error)?.message ?? String(e)}`);
    }
    logCall(this, command, argv, timed ? Math.floor((performance.now() - start) * 1000) : 0, reply === BLOCKED);
    // Counted once the command ran, as Redis's call() does: CONFIG RESETSTAT counts itself, INFO does not.
    const stats = this.engine.stats;
    stats.totalCommands++;
    command.calls++;
    const stat = stats.command(command);
    stat.calls++;
    if (reply instanceof ErrorReply) {
      stat.failed++;
      // A script's error that repeats one already counted (ERR_REPLY_FLAG_NO_STATS_UPDATE) counts only as a failed call.
      if ((reply as { countsInStats?: boolean }).countsInStats !== false) {
        stats.errorReplies++;
        stats.countError(reply.message);
      }
    }
    return reply;
  }

  private reject(error: ErrorReply, command?: Command): ErrorReply {
    if (this.multi !== undefined) this.multiFailed = true;
    const stats = this.engine.stats;
    stats.rejectedCalls++;
    stats.errorReplies++;
    stats.countError(error.message);
    if (command !== undefined) stats.command(command).rejected++;
    if (command?.fullName === 'exec') {
      // execCommandAbort: a rejected EXEC discards the transaction and names the reason.
      this.endTransaction();
      return new ErrorReply(`EXECABORT Transaction discarded because of: ${error.message.replace(/^ERR /, '')}`);
    }
    return error;
  }

  /** The value just stored in `e` is this command's own argument (SET k v, MSET, APPEND to nothing...). */
  holdQueuedArgument(e: Entry): void {
    if (this.execHeld === undefined) return;
    e.heldByQueue = true;
    this.execHeld.push(e);
  }

  /** Leaves MULTI (EXEC, DISCARD, RESET) and drops every WATCH. */
  endTransaction(): void {
    this.multi = undefined;
    this.multiFailed = false;
    this.unwatchAll();
  }

  /** UNWATCH: forgets every watched key and the dirty flag. */
  unwatchAll(): void {
    if (this.watched.length !== 0) unwatchAllKeys(this);
    this.watchDirty = false;
  }

  /**
   * RESET (clearClientConnectionState): out of MULTI, no WATCH, db 0, RESP2, no name, default
   * user (authenticated only when it has no password), no CLIENT NO-EVICT.
   */
  resetConnection(): void {
    this.endTransaction();
    this.db = this.engine.databases[0]!;
    this.resp = 2;
    this.name = '';
    this.user = 'default';
    this.authenticated = this.engine.config.requirepass === '';
    this.noEvict = false;
    this.unsubscribeAll();
    removeMonitor(this);
  }

  /** Channel, pattern and shard-channel subscription counts (CLIENT LIST sub/psub/ssub). */
  subscriptionCounts(): [number, number, number] {
    const subs = this.subscribed;
    return subs === undefined ? [0, 0, 0] : [subs.channels.size, subs.patterns.size, subs.shardChannels.size];
  }

  /** This session's subscriptions, made on first use. */
  subscriptions(): Subscriptions {
    return (this.subscribed ??= new Subscriptions());
  }

  /** Leaves every channel, pattern and shard channel without a word (RESET, disconnect). */
  unsubscribeAll(): void {
    if (this.subscribed !== undefined) this.engine.pubsub.unsubscribeAll(this);
    this.pubsubContext = false;
  }

  /** The connection is gone: forget its transaction state and leave the engine. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    // A blocked client that disconnects just stops waiting; nobody is there to answer.
    if (this.blocked !== undefined) this.engine.blocking.unblock(this);
    this.endTransaction();
    this.unsubscribeAll();
    removeMonitor(this);
    this.engine.pause.forget(this);
    this.pendingSlowlog = undefined;
    this.engine.sessions.delete(this);
  }
}
