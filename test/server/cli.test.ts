/**
 * The command line (src/cli.ts, run from source as `npm run serve` does): flags, the ready line,
 * and a clean exit on SIGTERM/SIGINT. Always port 0 (a free port) on 127.0.0.1.
 */
import { describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { exchange, resp, run } from './helpers.js';
import { parseCli } from '../../src/cli.js';

const CLI = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));

interface Running {
  child: ChildProcess;
  port: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function start(args: string[]): Promise<Running> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.on('exit', (code, signal) => r({ code, signal })));
    let out = '';
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /^redis-stub ready on 127\.0\.0\.1:(\d+)\n$/.exec(out);
      if (m) resolve({ child, port: Number(m[1]), exited });
    });
    void exited.then(({ code }) => reject(new Error(`exited ${code} before ready: ${out}${err}`)));
  });
}

describe('parseCli', () => {
  it('reads the flags, in both forms', () => {
    expect(parseCli([])).toEqual({ port: 6379, bind: '127.0.0.1', requirepass: undefined, databases: 16, protocol: 2 });
    expect(parseCli(['--port', '7000', '--bind=::1', '--requirepass', 'pw', '--databases=4', '--protocol-default', '3'])).toEqual({
      port: 7000,
      bind: '::1',
      requirepass: 'pw',
      databases: 4,
      protocol: 3,
    });
    expect(parseCli(['--help'])).toBeUndefined();
    expect(() => parseCli(['--port', '70000'])).toThrow('--port must be between 0 and 65535');
    expect(() => parseCli(['--protocol-default', '4'])).toThrow("--protocol-default must be 2 or 3, got '4'");
    expect(() => parseCli(['--verbose'])).toThrow("unknown option '--verbose'");
  });
});

describe('redis-stub command line', () => {
  it('serves with the flags given and exits cleanly on SIGTERM', async () => {
    const s = await start(['--requirepass', 'pw', '--databases', '4', '--protocol-default', '3']);
    try {
      const r = await exchange(s.port, resp('GET', 'k') + resp('AUTH', 'pw') + resp('SELECT', '4') + resp('SELECT', '3') + resp('HGETALL', 'none'));
      expect(r.data).toBe('-NOAUTH Authentication required.\r\n+OK\r\n-ERR DB index is out of range\r\n+OK\r\n%0\r\n');
    } finally {
      s.child.kill('SIGTERM');
    }
    expect(await s.exited).toEqual({ code: 0, signal: null });
  }, 30_000);

  it('exits cleanly on SIGINT with clients connected', async () => {
    const s = await start([]);
    const client = exchange(s.port, resp('BLPOP', 'never', '0'), 5000);
    await new Promise((r) => setTimeout(r, 100));
    s.child.kill('SIGINT');
    expect(await s.exited).toEqual({ code: 0, signal: null });
    expect((await client).closed).toBe(true);
  }, 30_000);

  it('--help prints the usage; a bad flag exits 1', async () => {
    const help = await run(process.execPath, ['--import', 'tsx', CLI, '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--protocol-default <2|3>');
    const bad = await run(process.execPath, ['--import', 'tsx', CLI, '--port', 'x']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("redis-stub: --port needs an integer, got 'x'");
  }, 30_000);
});
