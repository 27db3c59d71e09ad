/**
 * Starts and stops the oracle: a real redis-server on a free loopback port picked at run time,
 * stopped by its own pid. Never a fixed port, never an address but 127.0.0.1.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RawConnection } from './raw-connection.js';

export interface OracleServer {
  port: number;
  pid: number;
  version: string;
  stop(): Promise<void>;
}

export function findRedisServer(): string | undefined {
  const r = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  const path = r.stdout.trim();
  return r.status === 0 && path ? path : undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

async function waitForPing(port: number, child: ChildProcess, deadline: number): Promise<boolean> {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) return false;
    try {
      const conn = await RawConnection.open(port);
      await conn.send(['PING']);
      await conn.close();
      return true;
    } catch {
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  return false;
}

/** Starts redis-server (retrying on a port race) and resolves once it answers PING. */
export async function startOracle(binary: string): Promise<OracleServer> {
  const dir = mkdtempSync(join(tmpdir(), 'redis-stub-oracle-'));
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const child = spawn(
      binary,
      [
        '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
        '--enable-debug-command', 'yes', '--dir', dir, '--daemonize', 'no', '--logfile', '',
        '--protected-mode', 'yes',
      ],
      { stdio: 'ignore' },
    );
    if (await waitForPing(port, child, Date.now() + 10_000)) {
      const conn = await RawConnection.open(port);
      const info = String(await conn.send(['INFO', 'server']));
      await conn.close();
      const version = /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown';
      return {
        port,
        pid: child.pid!,
        version,
        stop: () =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', () => {
              rmSync(dir, { recursive: true, force: true });
              resolve();
            });
            process.kill(child.pid!, 'SIGTERM');
          }),
      };
    }
    if (child.exitCode === null) process.kill(child.pid!, 'SIGKILL');
  }
  throw new Error('could not start redis-server on a free loopback port');
}
