/**
 * The redis-stub side of `npm run bench:tcp` (bench/redis-benchmark.ts starts it as a child):
 * a RESP server on a fresh Engine (active expiry on, as Redis's default) on a free 127.0.0.1 port.
 * Prints `port <n>` once it accepts connections and exits on SIGTERM/SIGINT.
 *
 *   node --import tsx bench/tcp-server.ts [src|dist]
 *
 * `src` (the default) imports src/index.ts through tsx; `dist` imports the built dist/index.js
 * (npm run build), which must export createServer. The bench may also run an esbuild bundle of
 * this file (plain node, no loader): then `__BENCH_ENTRY__` is already the bundled module.
 */
type Module = typeof import('../src/index.js');

const which = process.argv[2] ?? 'src';
const mod: Module =
  which === 'dist'
    ? ((await import(new URL('../dist/index.js', import.meta.url).href)) as Module)
    : await import('../src/index.js');
if (typeof mod.createServer !== 'function') {
  console.error(`tcp-server: ${which} has no createServer (run npm run build)`);
  process.exit(2);
}

const server = mod.createServer({ engine: new mod.Engine(), port: 0, host: '127.0.0.1' });
await server.listen();
process.stdout.write(`port ${server.address().port}\n`);

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  void server.close().finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
