/**
 * The differential Lua corpus (issue #8): hand-written scripts covering every library function and
 * every conversion rule, each run with EVAL on a fresh stub engine and on the oracle (FLUSHALL,
 * SCRIPT FLUSH first), replies and errors compared exactly, SHA1 in error messages included.
 * The cases live in test/fidelity/lua-corpus/, one file per group; see helpers.ts for how a case
 * renders its values.
 *
 * Every mismatch of a group is reported at once (script, stub reply, oracle reply).
 * LUA_CORPUS_FILTER=<text> runs only the cases whose name contains the text.
 */
import { describe, expect, it } from 'vitest';
import { oracleConnection } from '../support/differential.js';
import { compareLuaCases, type LuaCase, mismatchReport } from '../support/lua-cases.js';
import { hasOracle } from '../support/oracle.js';
import { BASE } from './lua-corpus/base.js';
import { CONVERSIONS } from './lua-corpus/conversions.js';
import { ERRORS } from './lua-corpus/errors.js';
import { FORMAT } from './lua-corpus/format.js';
import { LIBS } from './lua-corpus/libs.js';
import { MATH } from './lua-corpus/math.js';
import { METATABLES } from './lua-corpus/metatables.js';
import { NUMBERS } from './lua-corpus/numbers.js';
import { PATTERNS } from './lua-corpus/patterns.js';
import { SANDBOX } from './lua-corpus/sandbox.js';
import { STRINGS } from './lua-corpus/strings.js';
import { TABLES } from './lua-corpus/tables.js';

export const LUA_CORPUS: Record<string, LuaCase[]> = {
  base: BASE,
  strings: STRINGS,
  patterns: PATTERNS,
  format: FORMAT,
  numbers: NUMBERS,
  tables: TABLES,
  math: MATH,
  metatables: METATABLES,
  errors: ERRORS,
  sandbox: SANDBOX,
  conversions: CONVERSIONS,
  libs: LIBS,
};

const filter = process.env.LUA_CORPUS_FILTER;

describe('Lua corpus: shape', () => {
  it('has several hundred cases with unique names', () => {
    const all = Object.values(LUA_CORPUS).flat();
    const names = new Set(all.map((c) => c.name));
    expect(all.length).toBeGreaterThan(600);
    expect([...names].length).toBe(all.length);
  });
});

describe.skipIf(!hasOracle())('fidelity: Lua corpus (EVAL on the stub and on the oracle)', () => {
  for (const [group, cases] of Object.entries(LUA_CORPUS)) {
    const selected = filter ? cases.filter((c) => c.name.includes(filter)) : cases;
    it.skipIf(selected.length === 0)(`${group} (${selected.length} cases)`, async () => {
      const conn = (await oracleConnection())!;
      const mismatches = await compareLuaCases(conn, selected);
      if (mismatches.length) expect.fail(mismatchReport(`${group} cases`, selected.length, mismatches));
    });
  }
});
