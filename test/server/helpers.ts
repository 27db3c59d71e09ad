/**
 * Helpers for the RESP server tests: a server on a free loopback port with an engine of its own,
 * and raw byte exchanges (what a server answers to exact bytes, and whether it closed).
 */
import { createConnection, type Socket } from 'node:net';
import { spawn } from 'node:child_process';
import { Engine } from '../../src/engine/engine.js';
import { createServer, type RedisStubServer, type ServerOptions } from '../../src/server/server.js';

export interface TestServer {
  server: RedisStubServer;
  engine: Engine;
  port: number;
  stop(): Promise<void>;
}

/** A server on 127.0.0.1, a free port, its own engine (unless one is given). */
export async function startServer(options: Omit<ServerOptions, 'port' | 'host'> = {}): Promise<TestServer> {
  const engine = options.engine ?? new Engine();
  const server = createServer({ ...options, engine, port: 0, host: '127.0.0.1' });
  await server.listen();
  return {
    server,
    engine,
    port: server.address().port,
    stop: async () => {
      await server.close();
      if (options.engine === undefined) engine.close();
    },
  };
}

export interface Exchange {
  /** Everything the server wrote, as a binary string. */
  data: string;
  /** The server closed the connection. */
  closed: boolean;
}

/**
 * Sends `bytes` (each element one write) and collects what comes back until the server closes or
 * stays quiet for `quietMs`.
 */
export function exchange(port: number, bytes: string | readonly string[], quietMs = 120): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    let closed = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ data: Buffer.concat(chunks).toString('latin1'), closed });
    };
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(finish, quietMs);
    };
    socket.on('data', (d) => {
      chunks.push(d);
      arm();
    });
    socket.on('end', () => {
      closed = true;
    });
    socket.on('close', () => {
      closed = true;
      finish();
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      // A reset after the server closed is still a close.
      if (e.code === 'ECONNRESET' || e.code === 'EPIPE') closed = true;
      else reject(e);
    });
    socket.on('connect', () => {
      for (const b of typeof bytes === 'string' ? [bytes] : bytes) socket.write(Buffer.from(b, 'latin1'));
      arm();
    });
  });
}

/** A raw socket that collects everything the server sends. */
export class RawSocket {
  private chunks: Buffer[] = [];
  closed = false;
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: Socket) {
    socket.on('data', (d) => {
      this.chunks.push(d);
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => {});
  }

  static open(port: number): Promise<RawSocket> {
    return new Promise((resolve, reject) => {
      const socket = createConnection({ host: '127.0.0.1', port });
      socket.once('connect', () => resolve(new RawSocket(socket)));
      socket.once('error', reject);
    });
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  get text(): string {
    return Buffer.concat(this.chunks).toString('latin1');
  }

  write(bytes: string): void {
    this.socket.write(Buffer.from(bytes, 'latin1'));
  }

  /** Waits until what was received satisfies `done` (or the socket closed, or the timeout passed). */
  async until(done: (text: string) => boolean, timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (!done(this.text) && !this.closed && Date.now() < deadline) {
      await new Promise<void>((r) => {
        const t = setTimeout(r, Math.max(1, deadline - Date.now()));
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
    return this.text;
  }

  /** Waits for exactly `expected` (at least that many bytes) and returns what came. */
  async read(expected: string, timeoutMs = 5000): Promise<string> {
    const text = await this.until((t) => t.length >= expected.length, timeoutMs);
    this.chunks = [Buffer.from(text.slice(expected.length), 'latin1')];
    return text.slice(0, expected.length);
  }

  /** Waits until the server closed the connection. */
  async waitClosed(timeoutMs = 5000): Promise<boolean> {
    await this.until(() => false, timeoutMs);
    return this.closed;
  }

  close(): void {
    this.socket.destroy();
  }
}

/** Runs a program to its end and returns its stdout (stdin from `input`). */
export function run(cmd: string, args: string[], input?: Buffer | string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
    child.stdin.end(input);
  });
}

/** `*N $len arg...` for one command. */
export function resp(...argv: string[]): string {
  let out = `*${argv.length}\r\n`;
  for (const a of argv) out += `$${a.length}\r\n${a}\r\n`;
  return out;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
