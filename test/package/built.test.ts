/**
 * The built package (dist/, made by `npm run build`, which `npm test` runs first) has the shapes
 * that aliasing ioredis needs: CommonJS `require` gives the class itself with ioredis's statics,
 * ESM has the same names, and the types work for CommonJS and ESM consumers, with ioredis
 * installed (the client is typed as ioredis's Redis) and without it.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');
const dist = join(root, 'dist');
const built = existsSync(join(dist, 'index.cjs')) && existsSync(join(dist, 'index.d.cts'));
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const scratch: string[] = [];

afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

/** A consumer project with redis-stub installed (a copy of dist) and, optionally, ioredis. */
function consumer(withIoredis: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'redis-stub-consumer-'));
  scratch.push(dir);
  const pkg = join(dir, 'node_modules/redis-stub');
  mkdirSync(pkg, { recursive: true });
  cpSync(dist, join(pkg, 'dist'), { recursive: true });
  cpSync(join(root, 'package.json'), join(pkg, 'package.json'));
  mkdirSync(join(dir, 'node_modules/@types'), { recursive: true });
  symlinkSync(join(root, 'node_modules/@types/node'), join(dir, 'node_modules/@types/node'));
  if (withIoredis) {
    for (const dep of ['ioredis', '@ioredis', 'redis-errors', 'denque', 'cluster-key-slot', 'standard-as-callback']) {
      if (existsSync(join(root, 'node_modules', dep))) symlinkSync(join(root, 'node_modules', dep), join(dir, 'node_modules', dep));
    }
  }
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
  return dir;
}

function typecheck(dir: string, files: Record<string, string>): string {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  try {
    execFileSync(process.execPath, [tsc, '--noEmit', '--strict', '--module', 'node16', '--moduleResolution', 'node16', '--skipLibCheck', 'false', ...Object.keys(files)], { cwd: dir, encoding: 'utf8' });
    return '';
  } catch (e) {
    return String((e as { stdout?: string }).stdout ?? e);
  }
}

// `npm test` builds first; a bare `vitest run` without dist/ reports these as skipped.
describe.skipIf(!built)('built package', () => {
  it('require() gives the Redis class itself, with the statics require("ioredis") has', async () => {
    const require = createRequire(join(root, 'package.json'));
    const Redis = require(join(dist, 'index.cjs'));
    expect(typeof Redis).toBe('function');
    for (const name of ['default', 'Redis']) expect(Redis[name]).toBe(Redis);
    for (const name of ['ReplyError', 'Command', 'Pipeline', 'ScanStream', 'Engine', 'print']) expect(typeof Redis[name]).toBe('function');
    const r = new Redis({ engine: new Redis.Engine() });
    await r.set('k', 'v');
    expect(await r.get('k')).toBe('v');
    await expect(r.incr('k')).rejects.toBeInstanceOf(Redis.ReplyError);
    r.disconnect();
  });

  it('ESM has the default and the same names', async () => {
    const mod = await import(join(dist, 'index.js'));
    expect(mod.default).toBe(mod.Redis);
    for (const name of ['ReplyError', 'Command', 'Pipeline', 'ScanStream', 'Engine', 'ManualClock']) expect(typeof mod[name]).toBe('function');
  });

  it('types: a client is an ioredis Redis, from ESM and CommonJS TypeScript', () => {
    const dir = consumer(true);
    const errors = typecheck(dir, {
      'esm.mts': [
        "import Redis, { Engine } from 'redis-stub';",
        "import type { Redis as IORedis } from 'ioredis';",
        'const r: IORedis = new Redis({ engine: new Engine() });',
        "void r.set('a', 'b', 'EX', 10);",
        '// A duplicate is still a redis-stub client (with its engine) and still an ioredis Redis.',
        'const d = new Redis().duplicate();',
        'const e: Engine = d.engine;',
        'const io: IORedis = d;',
        'void e; void io;',
      ].join('\n'),
      'cjs.cts': [
        "import Redis = require('redis-stub');",
        "import type { Redis as IORedis } from 'ioredis';",
        'const r: IORedis = new Redis(6379);',
        'const engine = new Redis.Engine();',
        'void engine;',
        "void r.get('a');",
      ].join('\n'),
    });
    expect(errors).toBe('');
  }, 60_000);

  it('types: the package type-checks without ioredis installed', () => {
    const dir = consumer(false);
    const errors = typecheck(dir, {
      'esm.mts': "import Redis, { Engine } from 'redis-stub';\nconst r = new Redis({ engine: new Engine() });\nvoid r;\n",
    });
    expect(errors).toBe('');
  }, 60_000);
});
