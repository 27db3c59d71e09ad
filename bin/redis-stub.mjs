#!/usr/bin/env node
// `npx redis-stub`: the RESP server of the built package (src/cli.ts, built to dist/cli.js).
import { main } from '../dist/cli.js';

main(process.argv.slice(2)).then((code) => {
  if (code !== 0) process.exitCode = code;
});
