/**
 * `redis-stub` on the command line: a RESP server on a fresh engine, for redis-cli and clients in
 * any language (`npx redis-stub --port 6380`). Prints one line with the address once it accepts
 * connections and exits cleanly on SIGINT/SIGTERM. The flags are redis-server's where one exists.
 *
 * Built to dist/cli.js (importing dist/index.js); bin/redis-stub.mjs runs it. Run from source
 * with `npm run serve -- --port 7000`.
 */
import { pathToFileURL } from 'node:url';
import { createServer, Engine } from './index.js';

const HELP = `Usage: redis-stub [options]

A Redis 7.0 server in Node.js (redis-stub's engine), speaking RESP2/RESP3 over TCP.

Options:
  --port <port>                TCP port to listen on (default 6379; 0 picks a free one)
  --bind <address>             address to listen on (default 127.0.0.1)
  --requirepass <password>     password of the default user (AUTH / HELLO AUTH)
  --databases <n>              number of databases (default 16)
  --protocol-default <2|3>     protocol of a connection before any HELLO (default 2, as Redis)
  -h, --help                   show this help
`;

export interface CliOptions {
  port: number;
  bind: string;
  requirepass: string | undefined;
  databases: number;
  protocol: 2 | 3;
}

/** A usage error: printed with the help hint, exit status 1. */
export class UsageError extends Error {}

function integer(flag: string, value: string | undefined, min: number, max: number): number {
  if (value === undefined || !/^\d+$/.test(value)) throw new UsageError(`${flag} needs an integer, got ${value === undefined ? 'nothing' : `'${value}'`}`);
  const n = Number(value);
  if (n < min || n > max) throw new UsageError(`${flag} must be between ${min} and ${max}`);
  return n;
}

/** Parses the flags (`--flag value` or `--flag=value`); undefined means --help. */
export function parseCli(args: readonly string[]): CliOptions | undefined {
  const options: CliOptions = { port: 6379, bind: '127.0.0.1', requirepass: undefined, databases: 16, protocol: 2 };
  for (let i = 0; i < args.length; i++) {
    let flag = args[i]!;
    let value: string | undefined;
    const eq = flag.indexOf('=');
    if (flag.startsWith('--') && eq > 0) {
      value = flag.slice(eq + 1);
      flag = flag.slice(0, eq);
    }
    const takeValue = (): string | undefined => value ?? args[++i];
    switch (flag) {
      case '-h':
      case '--help':
        return undefined;
      case '--port':
        options.port = integer('--port', takeValue(), 0, 65535);
        break;
      case '--bind': {
        const host = takeValue();
        if (host === undefined || host === '') throw new UsageError('--bind needs an address');
        options.bind = host;
        break;
      }
      case '--requirepass': {
        const pass = takeValue();
        if (pass === undefined) throw new UsageError('--requirepass needs a password');
        options.requirepass = pass;
        break;
      }
      case '--databases':
        options.databases = integer('--databases', takeValue(), 1, 2147483647);
        break;
      case '--protocol-default': {
        const v = takeValue();
        if (v !== '2' && v !== '3') throw new UsageError(`--protocol-default must be 2 or 3, got ${v === undefined ? 'nothing' : `'${v}'`}`);
        options.protocol = v === '3' ? 3 : 2;
        break;
      }
      default:
        throw new UsageError(`unknown option '${flag}'`);
    }
  }
  return options;
}

function formatHost(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Runs the server until SIGINT/SIGTERM. Resolves once it listens; returns the exit status on a usage error. */
export async function main(args: readonly string[] = process.argv.slice(2)): Promise<number> {
  let options: CliOptions | undefined;
  try {
    options = parseCli(args);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`redis-stub: ${e.message}\nTry 'redis-stub --help'.\n`);
    return 1;
  }
  if (options === undefined) {
    process.stdout.write(HELP);
    return 0;
  }
  const engine = new Engine({
    databases: options.databases,
    config: options.requirepass === undefined ? {} : { requirepass: options.requirepass },
  });
  const server = createServer({ engine, port: options.port, host: options.bind, protocol: options.protocol });
  try {
    await server.listen();
  } catch (e) {
    engine.close();
    process.stderr.write(`redis-stub: cannot listen on ${formatHost(options.bind, options.port)}: ${(e as Error).message}\n`);
    return 1;
  }
  const { port } = server.address();
  process.stdout.write(`redis-stub ready on ${formatHost(options.bind, port)}\n`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    // Every client is disconnected and the engine's timers stop: nothing keeps the process alive.
    void server.close().then(() => engine.close());
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return 0;
}

/** Run directly (`node --import tsx src/cli.ts`), not when imported by bin/redis-stub.mjs. */
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then((code) => {
    if (code !== 0) process.exitCode = code;
  });
}
