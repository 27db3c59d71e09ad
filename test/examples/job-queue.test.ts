/**
 * examples/job-queue.mjs: one producer, two BLMOVE workers. Every job is done exactly once, by one
 * worker, and nothing is left in the queue or the processing list. The example's flow runs here
 * with `redis-stub` mapped to the source (no build needed); when dist/ is built, the script itself
 * also runs as `node examples/job-queue.mjs` and must exit by itself with the same outcome.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { Engine } from '../../src/index.js';
import { runJobQueue } from '../../examples/job-queue.mjs';

vi.mock('redis-stub', () => import('../../src/index.js'));

const root = resolve(__dirname, '../..');
const built = existsSync(join(root, 'dist/index.js'));

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('examples/job-queue.mjs', () => {
  it('runs on the source here, not on a stale dist/', async () => {
    const [mapped, source] = await Promise.all([import('redis-stub' as string), import('../../src/index.js')]);
    expect((mapped as { default: unknown }).default).toBe(source.default);
  });

  it('every job is done exactly once, by one of the two workers, and nothing is left in processing', async () => {
    const engine = new Engine();
    const lines: string[] = [];
    const { doneBy, queued, processing } = await runJobQueue({ jobs: 30, options: { engine }, log: (l) => lines.push(l) });
    const all = Object.values(doneBy).flat();
    expect(all.sort((a, b) => a - b)).toEqual(range(30));
    expect(Object.keys(doneBy)).toEqual(['worker-1', 'worker-2']);
    for (const ids of Object.values(doneBy)) expect(ids.length).toBeGreaterThan(0); // both took work
    expect({ queued, processing }).toEqual({ queued: 0, processing: 0 });
    // Each job was taken once and finished once, by the worker that reports it.
    for (const id of range(30)) {
      const took = lines.filter((l) => new RegExp(`^worker-\\d took job ${id} `).test(l));
      const finished = lines.filter((l) => l.endsWith(` finished job ${id}`));
      expect(took).toHaveLength(1);
      expect(finished).toHaveLength(1);
      const worker = took[0]!.split(' ')[0]!;
      expect(doneBy[worker]).toContain(id);
      expect(finished[0]!.startsWith(`${worker} `)).toBe(true);
    }
    engine.close();
  });

  it('a second run on the same server starts clean and ends the same way', async () => {
    const engine = new Engine();
    const first = await runJobQueue({ jobs: 5, options: { engine }, log: () => {} });
    const second = await runJobQueue({ jobs: 7, options: { engine }, log: () => {} });
    expect(Object.values(first.doneBy).flat().sort((a, b) => a - b)).toEqual(range(5));
    expect(Object.values(second.doneBy).flat().sort((a, b) => a - b)).toEqual(range(7));
    expect([second.queued, second.processing]).toEqual([0, 0]);
    engine.close();
  });

  // The script itself needs the built package (`npm run example:queue` builds first).
  it.skipIf(!built)('`node examples/job-queue.mjs` prints who did which job and exits by itself', () => {
    const out = execFileSync(process.execPath, [join(root, 'examples/job-queue.mjs')], { cwd: root, encoding: 'utf8', timeout: 20_000 });
    const did = [...out.matchAll(/^(worker-\d) did jobs (.*)$/gm)];
    expect(did.map((m) => m[1])).toEqual(['worker-1', 'worker-2']);
    const ids = did.flatMap((m) => (m[2] ? m[2].split(', ').map(Number) : []));
    expect(ids.sort((a, b) => a - b)).toEqual(range(10));
    expect(out).toContain('left in jobs:queue: 0, in jobs:processing: 0');
  });
});
