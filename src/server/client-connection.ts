/**
 * One TCP client of the RESP server: a socket and the Session it drives, with Redis's client
 * loop (networking.c): read into the query buffer, run every complete request in order, queue
 * the replies, write them once per read. Like Redis:
 * - a blocked command (BLPOP, a command held by CLIENT PAUSE) stops the parsing of that socket
 *   until `Session.onUnblocked` answers it; what arrived meanwhile stays buffered and runs after;
 * - a protocol error is answered and the connection closed after the reply; so are QUIT and
 *   CLIENT KILL of oneself; CLIENT KILL by another client closes at once, unsent replies dropped;
 * - pub/sub messages and MONITOR lines are queued as they are produced (from inside other
 *   clients' commands) and written in a microtask;
 * - client-query-buffer-limit and client-output-buffer-limit disconnect a client that floods or
 *   does not read.
 * A closed socket closes its session: nothing of it stays in the engine.
 */
import type { Socket } from 'node:net';
import type { Engine } from '../engine/engine.js';
import { Session } from '../engine/session.js';
import { encodeReply } from '../protocol/resp.js';
import { BLOCKED, ErrorReply, MultiReply, PushReply, type Reply } from '../reply.js';
import { type ParseLimits, ProtocolError, RequestParser } from './request-parser.js';
import { outputLimitReached, outputLimits } from './output-limits.js';

/** `ip:port` as Redis prints a peer (anetFormatAddr): IPv6 in brackets, IPv4-mapped IPv6 as IPv4. */
export function formatAddress(address: string | undefined, port: number | undefined): string {
  let ip = address ?? '?';
  if (ip.startsWith('::ffff:') && ip.includes('.')) ip = ip.slice(7);
  return ip.includes(':') ? `[${ip}]:${port ?? 0}` : `${ip}:${port ?? 0}`;
}

let limitText = '';
let limitBytes = 0;

/** client-query-buffer-limit in bytes, parsed again only when its text changed. */
function queryBufferLimit(engine: Engine): number {
  const text = engine.config.get('client-query-buffer-limit') ?? '';
  if (text !== limitText) {
    limitText = text;
    limitBytes = Number(text);
  }
  return limitBytes;
}

export class ClientConnection {
  readonly session: Session;
  private readonly parser = new RequestParser();
  /** Replies queued and not written yet, as a binary string. */
  private out = '';
  /** This connection's own command is running (so a close it asks for comes after its reply). */
  private executing = false;
  /** Waiting for a blocked command's reply: the query buffer is not parsed meanwhile. */
  private blocked = false;
  /** The reply of a blocked command that was answered before its handler even returned. */
  private earlyReply: Reply | undefined;
  /** CLIENT_CLOSE_AFTER_REPLY: nothing more is parsed; the socket closes once the replies are out. */
  private closing = false;
  private closed = false;
  private flushScheduled = false;
  /** When the output buffer first reached the soft limit (0: it is below). */
  softLimitSince = 0;
  private readonly limits: ParseLimits = { maxBulkLen: 0, authRequired: false };
  /** CLIENT REPLY OFF (CLIENT_REPLY_OFF). */
  private replyOff = false;
  /** CLIENT REPLY SKIP was the last command: this command's replies are dropped (CLIENT_REPLY_SKIP). */
  private skipReply = false;
  /** MONITOR lines of this monitor's own running command (see monitorLine). */
  private ownMonitorLines: string[] | undefined;

  constructor(
    private readonly socket: Socket,
    private readonly engine: Engine,
    protocol: 2 | 3,
    private readonly onGone: (c: ClientConnection) => void,
  ) {
    const session = new Session(engine);
    this.session = session;
    session.addr = formatAddress(socket.remoteAddress, socket.remotePort);
    session.laddr = formatAddress(socket.localAddress, socket.localPort);
    session.resp = protocol;
    session.onUnblocked = (reply) => this.unblocked(reply);
    session.onPush = (push) => this.push(push);
    session.onMonitor = (line) => this.monitorLine(line);
    session.onClose = () => this.closeRequested();
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      // guard() inlined: no closure per read on the hot path.
      try {
        this.read(chunk);
      } catch (e) {
        this.failed(e);
      }
    });
    socket.on('error', () => {}); // a reset peer: 'close' follows, which cleans up
    socket.on('close', () => this.gone());
  }

  /**
   * Runs an event handler of this connection. Commands never throw (Session.execute turns a
   * handler's bug into an error reply), but a defect here must cost one connection, not the
   * process that hosts the server and its in-process clients.
   */
  private guard(run: () => void): void {
    try {
      run();
    } catch (e) {
      this.failed(e);
    }
  }

  private failed(e: unknown): void {
    this.executing = false;
    this.destroy();
    process.emitWarning(`redis-stub server: connection ${this.session.addr} dropped after an internal error: ${(e as Error)?.stack ?? String(e)}`);
  }

  /** readQueryFromClient. */
  private read(chunk: Buffer): void {
    if (this.closed || this.closing) return;
    // Any read counts as interaction (c->lastinteraction), even a partial request.
    this.session.lastInteraction = this.engine.lruClock;
    this.parser.push(chunk);
    if (this.parser.buffered > queryBufferLimit(this.engine)) {
      // Redis logs and frees the client, without a reply.
      this.destroy();
      return;
    }
    if (!this.blocked) this.processInput();
  }

  /** processInputBuffer, then one write of everything it produced. */
  private processInput(): void {
    const session = this.session;
    const config = this.engine.config;
    const parser = this.parser;
    const limits = this.limits;
    while (!this.blocked && !this.closing && parser.hasInput) {
      limits.maxBulkLen = config.protoMaxBulkLen;
      limits.authRequired = config.requirepass !== '' && !session.authenticated;
      const argv = parser.next(limits);
      if (argv === undefined) break;
      if (argv instanceof ProtocolError) {
        this.protocolError(argv);
        break;
      }
      if (argv.length === 0) continue;
      // CLIENT_REPLY_SKIP as it stands while the command runs (its own MONITOR line obeys it).
      const skipping = this.skipReply;
      this.executing = true;
      const reply = session.execute(argv);
      this.executing = false;
      if (reply === BLOCKED) {
        const early = this.earlyReply;
        this.earlyReply = undefined;
        if (early === undefined) {
          this.blocked = true;
          if (this.ownMonitorLines !== undefined) this.writeOwnMonitorLines(skipping);
          break;
        }
        this.reply(early);
      } else if (session.lastCommand === 'client|reply' && !(reply instanceof ErrorReply)) {
        // ON clears the skip before the line is fed; OFF sets what silences it.
        this.clientReply(argv[2]!, reply);
        if (this.ownMonitorLines !== undefined) this.writeOwnMonitorLines(skipping && !this.replyOffCleared(argv[2]!));
        continue;
      } else {
        this.reply(reply);
      }
      if (this.ownMonitorLines !== undefined) this.writeOwnMonitorLines(skipping);
    }
    this.flush();
  }

  /** setProtocolError: the error is the last reply; the rest of the input is dropped. */
  private protocolError(error: ProtocolError): void {
    const stats = this.engine.stats;
    stats.errorReplies++;
    stats.countError(error.message);
    // An ordinary reply: CLIENT REPLY OFF|SKIP silence it too; the close happens all the same.
    if (!this.replyOff && !this.skipReply) this.out += `-${error.message}\r\n`;
    this.parser.clear();
    this.closing = true;
  }

  /**
   * Queues a command's reply, unless CLIENT REPLY OFF or SKIP silences it; then resetClient's SKIP
   * step. Pub/sub frames (the SUBSCRIBE family's answers) are written anyway: Redis 7.0 sends them
   * with CLIENT_PUSHING, which prepareClientToWrite lets through.
   */
  private reply(reply: Reply): void {
    if ((!this.replyOff && !this.skipReply) || reply instanceof MultiReply || reply instanceof PushReply) {
      this.out += encodeReply(reply, this.session.resp);
    }
    this.skipReply = false;
  }

  /**
   * CLIENT REPLY ON|OFF|SKIP (already validated by its handler), as Redis's clientCommand and
   * resetClient: ON answers OK; OFF and SKIP answer nothing; SKIP (unless OFF) drops the replies
   * of the next command.
   */
  private clientReply(mode: string, ok: Reply): void {
    const m = mode.toLowerCase();
    if (m === 'on') {
      this.replyOff = false;
      this.skipReply = false;
      this.reply(ok);
      return;
    }
    if (m === 'off') this.replyOff = true;
    this.skipReply = m === 'skip' && !this.replyOff;
  }

  /** The MONITOR lines of the command just run, after its reply, unless replies are off or were skipped. */
  private writeOwnMonitorLines(skipped: boolean): void {
    const lines = this.ownMonitorLines!;
    this.ownMonitorLines = undefined;
    if (this.replyOff || skipped) return;
    for (const line of lines) this.out += `+${line}\r\n`;
  }

  private replyOffCleared(mode: string): boolean {
    return mode.toLowerCase() === 'on';
  }

  /** A blocked command was answered (from inside another client's command, or a timer). */
  private unblocked(reply: Reply): void {
    if (this.closed) return;
    if (this.executing) {
      this.earlyReply = reply;
      return;
    }
    this.blocked = false;
    this.reply(reply);
    // Never parse this client's next commands inside the writer's command: later, as a socket would.
    queueMicrotask(() =>
      this.guard(() => {
        if (!this.closed && !this.blocked) this.processInput();
      }),
    );
  }

  /** A pub/sub message: written even under CLIENT REPLY OFF|SKIP (CLIENT_PUSHING). */
  private push(push: PushReply): void {
    this.queue(encodeReply(push, this.session.resp));
  }

  /**
   * A MONITOR line: an ordinary reply to Redis, silenced by CLIENT REPLY OFF|SKIP. The line of a
   * monitor's own command is fed after that command's reply (call() feeds monitors after the
   * handler), so it waits for the reply, and for the CLIENT REPLY mode the command may set.
   */
  private monitorLine(line: string): void {
    if (this.executing) (this.ownMonitorLines ??= []).push(line);
    else if (!this.replyOff && !this.skipReply) this.queue(`+${line}\r\n`);
  }

  /** Queues bytes produced outside this client's command loop (messages, MONITOR lines) and writes them soon. */
  private queue(bytes: string): void {
    if (this.closed || this.closing) return;
    this.out += bytes;
    if (this.executing || this.flushScheduled) return;
    this.flushScheduled = true;
    queueMicrotask(() =>
      this.guard(() => {
        this.flushScheduled = false;
        this.flush();
      }),
    );
  }

  /** QUIT, or CLIENT KILL (by this client: after its reply; by another: now). */
  private closeRequested(): void {
    if (this.executing) {
      this.closing = true;
      this.parser.clear();
    } else {
      this.destroy();
    }
  }

  /** Writes what is queued; closes after the reply when asked to; checks the output buffer limits. */
  private flush(): void {
    if (this.closed) return;
    if (this.out.length !== 0) {
      this.socket.write(this.out, 'latin1');
      this.out = '';
      // Most writes go out at once: only a backlog needs the limits (and the clock).
      if (this.socket.writableLength !== 0 || this.softLimitSince !== 0) this.checkOutputLimits(Date.now());
    }
    if (this.closing && !this.closed) {
      this.closed = true;
      this.socket.end();
      this.socket.once('finish', () => this.socket.destroy());
      this.session.close();
    }
  }

  /** @internal The server's cron calls this for clients over their soft limit (and each write does). */
  checkOutputLimits(now: number): void {
    if (this.closed) return;
    const used = this.socket.writableLength;
    if (used === 0 && this.softLimitSince === 0) return;
    const limits = outputLimits(this.engine.config);
    const limit = this.session.pubsubContext ? limits.pubsub : limits.normal;
    const verdict = outputLimitReached(limit, used, this.softLimitSince, now);
    this.softLimitSince = verdict.softSince;
    if (verdict.close) this.destroy();
  }

  /**
   * clientsCronHandleTimeout: a client idle longer than `timeout` is closed, unless it waits on
   * purpose (blocked, subscribed, monitoring).
   */
  closeIfIdle(maxIdleMs: number): void {
    const s = this.session;
    if (this.closed || this.blocked || s.pubsubContext || s.monitoring) return;
    if (this.engine.clock.now() - s.lastInteraction > maxIdleMs) this.destroy();
  }

  /** freeClient: the socket goes now, unsent replies with it. */
  destroy(): void {
    if (this.closed && this.socket.destroyed) return;
    this.closed = true;
    this.out = '';
    this.parser.clear();
    this.session.close();
    this.socket.destroy();
  }

  private gone(): void {
    this.closed = true;
    this.out = '';
    this.parser.clear();
    this.session.close();
    this.onGone(this);
  }
}
