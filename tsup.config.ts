import { defineConfig } from 'tsup';

/**
 * Two builds. ESM (index.js) has the default and named exports. CommonJS (index.cjs) has the shape
 * ioredis has, so aliasing `ioredis` works for `require` users: `require('redis-stub')` is the Redis
 * class itself, with `.default`, `.Redis`, `.ReplyError`, `.Command`, `.Pipeline` attached. The CJS
 * entry has only a default export; the footer makes it `module.exports` itself.
 */
export default defineConfig([
  {
    entry: { index: 'src/index.ts' },
    format: ['esm'],
    target: 'node20',
    dts: true,
    sourcemap: true,
    clean: true,
    splitting: false,
  },
  {
    entry: { index: 'src/index.cjs.ts' },
    format: ['cjs'],
    target: 'node20',
    dts: false,
    sourcemap: true,
    splitting: false,
    footer: { js: 'module.exports = module.exports.default;' },
  },
  {
    // The command line (bin/redis-stub.mjs runs it). It imports the ESM build instead of bundling
    // a second copy of the engine.
    entry: { cli: 'src/cli.ts' },
    format: ['esm'],
    target: 'node20',
    dts: false,
    sourcemap: true,
    splitting: false,
    external: ['./index.js'],
  },
]);
