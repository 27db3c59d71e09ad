/** The README's compatibility table is generated (npm run compat) and must match the command table. */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { README, renderCompatTable, tableInReadme } from '../../scripts/compat.js';
import { allRedisCommandNames, COMMANDS } from '../../src/commands/table.js';

describe('compatibility table', () => {
  const table = renderCompatTable();

  it('lists every Redis 7.0 command and marks every implemented one', () => {
    for (const name of allRedisCommandNames()) expect(table).toContain(`**${name.toUpperCase()}**`);
    for (const [name, command] of COMMANDS) {
      const row = table.split('\n').find((l) => l.startsWith(`| **${name.toUpperCase()}** |`));
      expect(row, name).toBeDefined();
      expect(row, name).not.toContain('| — |');
      for (const option of command.missing) expect(row, name).toContain(option);
    }
  });

  it('is up to date in README.md (run `npm run compat` after adding commands)', () => {
    expect(existsSync(README), 'README.md exists').toBe(true);
    const current = tableInReadme(readFileSync(README, 'utf8'));
    expect(current, 'README.md has the compat markers').toBeDefined();
    expect(current === table, 'README.md compatibility table is stale: run `npm run compat`').toBe(true);
  });
});
