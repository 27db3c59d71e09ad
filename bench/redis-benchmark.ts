/**
 * `npm run bench:tcp`: Debian's `redis-benchmark` against redis-stub's RESP server and against a
 * real redis-server in the same run, requests/s side by side with the ratio per test.
 *
 *   npm run bench:tcp
 *   BENCH_TCP_N=40000 BENCH_TCP_N16=200000 BENCH_TCP_ROUNDS=2 npm run bench:tcp
 *   BENCH_TCP_SERVER=src npm run bench:tcp     # how redis-stub runs: bundle (default), src, dist
 *   BENCH_PROFILE=1 npm run bench:tcp          # --cpu-prof on redis-stub's process, top self times printed
 *   BENCH_TCP_P=16 npm run bench:tcp           # only these pipeline depths
 *   BENCH_TCP_WRITE=0 npm run bench:tcp        # print only; do not update bench/RESULTS.md
 *
 * redis-stub runs in a child process of its own (bench/tcp-server.ts: a fresh Engine, active
 * expiry on as Redis's default, a free 127.0.0.1 port), redis-server on another free port
 * (test/support/oracle-server.ts). For each pipeline depth (-P 1, then -P 16) the targets take
 * turns, round after round, with FLUSHALL before each run; the best round per test is kept, as in
 * `npm run bench`. redis-benchmark takes a core of its own, the same for both targets.
 *
 * How redis-stub runs (BENCH_TCP_SERVER):
 * - bundle: bench/tcp-server.ts and src bundled by esbuild into one file, run by plain node (no
 *   loader: what `npx redis-stub` runs, built from the current source);
 * - src: bench/tcp-server.ts under `node --import tsx`, importing src/ (the tsx loader
 *   transpiles at load time; once loaded, the code is the same);
 * - dist: under tsx, importing the built dist/index.js (npm run build).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RawConnection } from '../test/support/raw-connection.js';
import { findRedisServer, startOracle } from '../test/support/oracle-server.js';
import { formatOps, machineLine } from './harness.js';

const TESTS = 'set,get,incr,lpush,rpop,sadd,hset,zadd,lrange_100';
const CLIENTS = 50;
const n1 = Number(process.env.BENCH_TCP_N ?? 40_000);
const n16 = Number(process.env.BENCH_TCP_N16 ?? 200_000);
const rounds = Number(process.env.BENCH_TCP_ROUNDS ?? 2);
const mode = process.env.BENCH_TCP_SERVER ?? 'bundle';
const profile = process.env.BENCH_PROFILE === '1';
const pipelines = (process.env.BENCH_TCP_P ?? '1,16').split(',').map(Number);
const writeResults = process.env.BENCH_TCP_WRITE !== '0';
const root = fileURLToPath(new URL('..', import.meta.url));
const serverScript = fileURLToPath(new URL('./tcp-server.ts', import.meta.url));

interface Child {
  port: number;
  stop(): Promise<void>;
}

/** The benchmark binary: redis-tools' redis-benchmark. */
function findBenchmark(): string {
  const r = spawnSync('sh', ['-c', 'command -v redis-benchmark'], { encoding: 'utf8' });
  const path = r.stdout.trim();
  if (r.status !== 0 || !path) throw new Error('redis-benchmark not found (Debian: apt-get install redis-tools)');
  return path;
}

/** The node arguments that start bench/tcp-server.ts in the chosen mode. */
function serverCommand(workDir: string, profileDir: string | undefined): string[] {
  const prof = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  if (mode === 'src' || mode === 'dist') return [...prof, '--import', 'tsx', serverScript, mode];
  if (mode !== 'bundle') throw new Error(`BENCH_TCP_SERVER must be bundle, src or dist, not ${mode}`);
  const out = join(workDir, 'tcp-server.mjs');
  const esbuild = join(root, 'node_modules', '.bin', 'esbuild');
  // Bundled CommonJS dependencies (denque, ...) call require(): the banner gives the ESM bundle one.
  const banner = "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);";
  const args = [serverScript, '--bundle', '--platform=node', '--format=esm', '--target=node20', '--sourcemap', `--outfile=${out}`, '--log-level=warning', `--banner:js=${banner}`];
  const r = spawnSync(esbuild, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`esbuild failed: ${r.stderr}`);
  return [...prof, '--enable-source-maps', out, 'src'];
}

/** Starts redis-stub's server as a child; resolves once it printed its port. */
function startStub(args: string[]): Promise<Child> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    const onExit = (code: number | null): void => reject(new Error(`redis-stub server exited (${code}) before printing its port: ${out}`));
    child.once('exit', onExit);
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (s: string) => {
      out += s;
      const m = /port (\d+)/.exec(out);
      if (m === null) return;
      child.removeListener('exit', onExit);
      child.stdout!.removeAllListeners('data');
      resolve({
        port: Number(m[1]),
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            process.kill(child.pid!, 'SIGTERM');
          }),
      });
    });
  });
}

async function flushall(port: number): Promise<void> {
  const conn = await RawConnection.open(port);
  await conn.send(['FLUSHALL']);
  await conn.close();
}

/** One redis-benchmark run: requests/s by test name (the LRANGE preparation LPUSH left out). */
function runBenchmark(binary: string, port: number, n: number, pipeline: number): Promise<Map<string, number>> {
  return new Promise((resolve, reject) => {
    const args = ['-h', '127.0.0.1', '-p', String(port), '-c', String(CLIENTS), '-n', String(n), '-t', TESTS, '-P', String(pipeline), '--csv'];
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`redis-benchmark exited ${code}: ${err}`));
      const rps = new Map<string, number>();
      for (const line of out.split('\n')) {
        const m = /^"([^"]+)","([\d.]+)"/.exec(line);
        if (m === null || m[1]!.startsWith('LPUSH (needed')) continue;
        rps.set(m[1]!.replace(' (first 100 elements)', ''), Number(m[2]));
      }
      if (rps.size === 0) return reject(new Error(`redis-benchmark printed no results: ${out}${err}`));
      resolve(rps);
    });
  });
}

function keepBest(best: Map<string, number>, run: Map<string, number>): void {
  for (const [test, rps] of run) best.set(test, Math.max(best.get(test) ?? 0, rps));
}

/** The top self-time functions of a .cpuprofile (V8's CPU profile: nodes with hitCount, sampled). */
function topSelfTime(file: string, limit = 25): string {
  interface Node {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
    hitCount?: number;
  }
  const prof = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Node[]; samples: number[] };
  const total = prof.samples.length;
  const byFn = new Map<string, number>();
  const maps = new Map<string, SourceMap | undefined>();
  /** file:line in the source: through the bundle's source map when there is one. */
  const locate = (url: string, line: number, column: number): string => {
    const path = url.replace(/^file:\/\//, '');
    if (!maps.has(path)) maps.set(path, existsSync(`${path}.map`) ? new SourceMap(JSON.parse(readFileSync(`${path}.map`, 'utf8'))) : undefined);
    const entry = maps.get(path)?.findEntry(line, column) as { originalSource?: string; originalLine?: number } | undefined;
    if (entry?.originalSource !== undefined) {
      const source = resolve(dirname(path), entry.originalSource.replace(/^file:\/\//, ''));
      return `${source.replace(root, '')}:${entry.originalLine! + 1}`;
    }
    return `${path.replace(root, '')}:${line + 1}`;
  };
  for (const node of prof.nodes) {
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    const where = url ? locate(url, lineNumber, columnNumber) : '';
    const key = `${functionName || '(anonymous)'} ${where}`.trim();
    byFn.set(key, (byFn.get(key) ?? 0) + (node.hitCount ?? 0));
  }
  const rows = [...byFn].sort((a, b) => b[1] - a[1]).slice(0, limit);
  return rows.map(([fn, hits]) => `${((100 * hits) / total).toFixed(1).padStart(5)}%  ${fn}`).join('\n');
}

function ratio(stub: number | undefined, redis: number | undefined): string {
  return stub === undefined || redis === undefined ? 'n/a' : `${(stub / redis).toFixed(2)}×`;
}

function markdownTable(stub: Map<string, number>, redis: Map<string, number>, version: string): string {
  const lines = [`| test | redis-stub | redis-server ${version} | redis-stub / redis-server |`, '| --- | --- | --- | --- |'];
  const ratios: number[] = [];
  for (const test of redis.keys()) {
    const s = stub.get(test);
    const r = redis.get(test);
    if (s !== undefined && r !== undefined) ratios.push(s / r);
    lines.push(`| ${test} | ${s === undefined ? 'n/a' : `${formatOps(s)} req/s`} | ${r === undefined ? 'n/a' : `${formatOps(r)} req/s`} | ${ratio(s, r)} |`);
  }
  const geo = Math.exp(ratios.reduce((a, b) => a + Math.log(b), 0) / ratios.length);
  lines.push(`| geometric mean (lowest) | | | ${geo.toFixed(2)}× (${Math.min(...ratios).toFixed(2)}×) |`);
  return lines.join('\n');
}

const benchmark = findBenchmark();
const redisBinary = findRedisServer();
if (redisBinary === undefined) throw new Error('no redis-server on PATH (Debian: apt-get install redis-server)');
const workDir = mkdtempSync(join(tmpdir(), 'redis-stub-bench-tcp-'));
const profileDir = profile ? join(workDir, 'profile') : undefined;
const loadBefore = loadavg()[0]!;
const started = performance.now();

const stub = await startStub(serverCommand(workDir, profileDir));
const redis = await startOracle(redisBinary);
const sections: string[] = [];
try {
  for (const pipeline of pipelines) {
    const n = pipeline === 1 ? n1 : n16;
    const best = { stub: new Map<string, number>(), redis: new Map<string, number>() };
    for (let round = 0; round < rounds; round++) {
      // Alternate which target goes first, so neither always runs right after the other's load.
      const order = round % 2 === 0 ? (['stub', 'redis'] as const) : (['redis', 'stub'] as const);
      for (const target of order) {
        const port = target === 'stub' ? stub.port : redis.port;
        console.error(`[bench:tcp] -P ${pipeline} -n ${n} round ${round + 1}/${rounds}: ${target === 'stub' ? 'redis-stub' : 'redis-server'}`);
        await flushall(port);
        keepBest(best[target], await runBenchmark(benchmark, port, n, pipeline));
      }
    }
    const title = pipeline === 1 ? 'Without pipelining (-P 1)' : `Pipelined (-P ${pipeline})`;
    const target = pipeline === 1 ? 0.5 : 0.35;
    sections.push(`### ${title}, -n ${n}`, '', `Target: at least ${target}× real Redis.`, '', markdownTable(best.stub, best.redis, redis.version), '');
  }
} finally {
  await stub.stop();
  await redis.stop();
}
const loadAfter = loadavg()[0]!;
const seconds = (performance.now() - started) / 1000;

const how =
  mode === 'bundle' ? 'redis-stub bundled by esbuild and run by plain node' : mode === 'src' ? 'redis-stub from src/ under tsx' : 'redis-stub from dist/ under tsx';
const body = [
  '## RESP server (redis-benchmark)',
  '',
  `One run of \`npm run bench:tcp\` (${new Date().toISOString().slice(0, 10)}, ${seconds.toFixed(0)}s): Debian's \`redis-benchmark -c ${CLIENTS} -t ${TESTS} --csv\`, ` +
    `with \`-P 1\` and \`-P 16\`, against redis-stub's RESP server (${how}, a fresh engine, a process of its own) and a real redis-server ${redis.version}, ` +
    `each on a free 127.0.0.1 port. The targets take turns, ${rounds} round(s) each, FLUSHALL before each run; best round per test kept. ` +
    `redis-benchmark takes one of the 2 cores for either target. Load average ${loadBefore.toFixed(1)} before the run, ${loadAfter.toFixed(1)} after.`,
  '',
  ...sections,
].join('\n');
console.log(`Machine: ${machineLine()}\n\n${body}`);

if (profileDir !== undefined) {
  const files = existsSync(profileDir) ? readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile')) : [];
  for (const f of files) {
    const kept = join(tmpdir(), `redis-stub-tcp-server-${Date.now()}.cpuprofile`);
    writeFileSync(kept, readFileSync(join(profileDir, f)));
    console.log(`\nredis-stub's CPU profile (${kept}), top self time:\n${topSelfTime(kept)}`);
  }
}
rmSync(workDir, { recursive: true, force: true });

if (writeResults) {
  const file = new URL('./RESULTS.md', import.meta.url);
  const previous = readFileSync(file, 'utf8');
  const parts = previous.split(/^(?=## )/m);
  const at = parts.findIndex((p) => p.startsWith('## RESP server (redis-benchmark)'));
  if (at >= 0) parts[at] = `${body}\n`;
  else parts.push(`${body}\n`);
  writeFileSync(file, parts.map((p, i) => (i < parts.length - 1 && !p.endsWith('\n\n') ? `${p.trimEnd()}\n\n` : p)).join('').trimEnd() + '\n');
  console.error('[bench:tcp] bench/RESULTS.md updated (its "RESP server (redis-benchmark)" section)');
}
