/** The foundation's scenarios: awaited SET+GET, INCR, MGET of 100 keys, a 10k-command pipeline. */
import type { BenchClient, Scenario } from '../harness.js';

const KEYS = 100_000;
const keyName = (i: number) => `key:${i % KEYS}`;

export const coreScenarios: Scenario[] = [
  {
    name: 'awaited SET+GET (100k keys)',
    opsPerRun: 2,
    async run(c: BenchClient, i: number) {
      const k = keyName(i);
      await c.set(k, 'value');
      await c.get(k);
    },
  },
  {
    name: 'awaited INCR',
    opsPerRun: 1,
    async run(c: BenchClient) {
      await c.incr('counter');
    },
  },
  {
    name: 'MGET of 100 keys',
    opsPerRun: 1,
    async setup(c: BenchClient) {
      for (let i = 0; i < 100; i++) await c.set(`m:${i}`, `v${i}`);
    },
    async run(c: BenchClient) {
      await c.mget(...MGET_KEYS);
    },
  },
  {
    name: 'pipeline of 10k SET/GET',
    opsPerRun: 10_000,
    async run(c: BenchClient, i: number) {
      const p = c.pipeline();
      for (let j = 0; j < 5_000; j++) {
        const k = keyName(i * 5_000 + j);
        p.set(k, 'v');
        p.get(k);
      }
      await p.exec();
    },
  },
];

const MGET_KEYS = Array.from({ length: 100 }, (_, i) => `m:${i}`);
