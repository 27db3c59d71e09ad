/**
 * After tsup: ioredis is an optional peer used for types only. The bundled declarations import it;
 * without ioredis installed that import must not be an error, so each such import gets a
 * `// @ts-ignore` (the public types then fall back to redis-stub's own). rollup's d.ts bundling drops
 * comments, hence this step.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';

const file = new URL('../dist/index.d.ts', import.meta.url);
if (!existsSync(file)) throw new Error('dist/index.d.ts missing: run tsup first');
const text = readFileSync(file, 'utf8');
const patched = text.replace(
  /^(import [^;]* from 'ioredis';)$/gm,
  "// @ts-ignore -- ioredis is an optional peer dependency, used for types only\n$1",
);
writeFileSync(file, patched);

// CommonJS types: the same declarations, exporting the Redis class itself (`export =`), as
// `require('redis-stub')` does at run time. Its statics (Engine, ReplyError, Command...) are typed on
// the constructor, so `Redis.Engine` works from CommonJS TypeScript too.
const exportLine = /^export \{([^}]*)\};\s*$/m;
const match = exportLine.exec(patched);
if (!match) throw new Error('dist/index.d.ts: no export list found');
const defaultName = /\b(\w+) as default\b/.exec(match[1])?.[1];
if (!defaultName) throw new Error('dist/index.d.ts: no default export found');
writeFileSync(new URL('../dist/index.d.cts', import.meta.url), patched.replace(exportLine, `export = ${defaultName};\n`));
console.log('patched dist/index.d.ts and wrote dist/index.d.cts');
