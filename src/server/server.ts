/**
 * The RESP server: any Redis client (redis-cli, ioredis, clients in other languages) talks to an
 * Engine over TCP. Each socket is a Session on the engine (client-connection.ts), so in-process
 * clients and outside clients of the same engine share data, pub/sub and blocking commands.
 *
 *   const server = createServer({ port: 0 });   // 0: a free port
 *   await server.listen();
 *   server.address().port;
 *   await server.close();
 */
import { createServer as createNetServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { Engine } from '../engine/engine.js';
import { sharedEngine, sharedEngines } from '../engine/registry.js';
import { ClientConnection } from './client-connection.js';

export interface ServerOptions {
  /**
   * The engine to serve. Default: the one shared by in-process clients of the same address
   * (`new Redis({ port })` names `localhost:<port>`), so both see one dataset.
   */
  engine?: Engine;
  /** TCP port (default 6379; 0 picks a free one). */
  port?: number;
  /** Address to bind (default 127.0.0.1). */
  host?: string;
  /** The protocol a connection speaks before any HELLO (default 2, as Redis). */
  protocol?: 2 | 3;
}

export interface RedisStubServer {
  /** The engine served (for port 0 without an engine, known once listen() resolved). */
  readonly engine: Engine;
  /** Starts accepting connections; resolves once bound. */
  listen(): Promise<void>;
  /** Disconnects every client and stops listening. The engine stays (in-process clients may use it). */
  close(): Promise<void>;
  /** The bound address; throws when not listening. */
  address(): AddressInfo;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '0.0.0.0', '::']);

/**
 * The shared engine for a served address. In-process clients name a server by host:port, ioredis's
 * default host being `localhost`; a loopback or wildcard bind serves whichever of those names
 * clients already use, else `localhost:<port>`.
 */
function engineFor(host: string, port: number): Engine {
  if (!LOOPBACK.has(host)) return sharedEngine(`${host}:${port}`);
  const existing = sharedEngines();
  for (const name of [`${host}:${port}`, `localhost:${port}`, `127.0.0.1:${port}`]) {
    const engine = existing.get(name);
    if (engine !== undefined) return engine;
  }
  return sharedEngine(`localhost:${port}`);
}

class RespServer implements RedisStubServer {
  private readonly server: Server;
  private readonly clients = new Set<ClientConnection>();
  private readonly host: string;
  private readonly port: number;
  private readonly protocol: 2 | 3;
  private resolvedEngine: Engine | undefined;
  private cron: NodeJS.Timeout | undefined;

  constructor(options: ServerOptions) {
    this.host = options.host ?? '127.0.0.1';
    this.port = options.port ?? 6379;
    this.protocol = options.protocol ?? 2;
    this.resolvedEngine = options.engine ?? (this.port !== 0 ? engineFor(this.host, this.port) : undefined);
    this.server = createNetServer({ noDelay: true }, (socket) => this.accept(socket));
  }

  get engine(): Engine {
    if (this.resolvedEngine === undefined) throw new Error('redis-stub server: the engine of port 0 is known once listen() resolved');
    return this.resolvedEngine;
  }

  private accept(socket: Socket): void {
    const engine = this.engine;
    // acceptCommonHandler: past maxclients (in-process clients count too) the connection is told and closed.
    if (engine.sessions.size >= Number(engine.config.get('maxclients'))) {
      socket.on('error', () => {});
      // Nothing reads this socket, so its peer's FIN would never be seen: close once the error is out.
      socket.end('-ERR max number of clients reached\r\n', () => socket.destroy());
      return;
    }
    const client = new ClientConnection(socket, engine, this.protocol, (c) => this.clients.delete(c));
    this.clients.add(client);
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      this.server.once('error', onError);
      this.server.listen(this.port, this.host, () => {
        this.server.removeListener('error', onError);
        this.resolvedEngine ??= engineFor(this.host, this.address().port);
        // clientsCron: soft output limits are checked even when nothing is written.
        this.cron = setInterval(() => this.clientsCron(), 100);
        this.cron.unref();
        resolve();
      });
    });
  }

  /** clientsCron: soft output limits, and idle clients past `timeout` seconds (0: never). */
  private clientsCron(): void {
    const now = Date.now();
    const timeout = Number(this.resolvedEngine?.config.get('timeout') ?? 0);
    for (const c of this.clients) {
      if (c.softLimitSince !== 0) c.checkOutputLimits(now);
      if (timeout !== 0) c.closeIfIdle(timeout * 1000);
    }
  }

  close(): Promise<void> {
    if (this.cron !== undefined) clearInterval(this.cron);
    this.cron = undefined;
    for (const c of [...this.clients]) c.destroy();
    this.clients.clear();
    return new Promise((resolve, reject) => {
      if (!this.server.listening) {
        resolve();
        return;
      }
      this.server.close((err) => (err ? reject(err) : resolve()));
    });
  }

  address(): AddressInfo {
    const a = this.server.address();
    if (a === null || typeof a === 'string') throw new Error('redis-stub server: not listening');
    return a;
  }
}

/** A RESP server on an engine; call listen() to start it. */
export function createServer(options: ServerOptions = {}): RedisStubServer {
  return new RespServer(options);
}
