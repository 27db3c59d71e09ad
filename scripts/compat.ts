/**
 * Writes the README's compatibility table (between `<!-- compat:start -->` and
 * `<!-- compat:end -->`) from the command table: every Redis 7.0 command by its docs group,
 * subcommands of containers, whether redis-stub implements it, and the options it does not
 * support yet (the `missing` field of a CommandDef). Nothing in it is typed by hand.
 *
 *   npm run compat
 *
 * test/fidelity/compat.test.ts fails when the README is out of date with the command table.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { COMMANDS, REDIS_DOCS, REDIS_INFO } from '../src/commands/table.js';

export const START = '<!-- compat:start -->';
export const END = '<!-- compat:end -->';
export const README = fileURLToPath(new URL('../README.md', import.meta.url));

function docField(name: string, field: string): unknown {
  const docs = REDIS_DOCS.get(name);
  if (!docs) return undefined;
  const i = docs.indexOf(field);
  return i >= 0 ? docs[i + 1] : undefined;
}

interface Row {
  name: string;
  summary: string;
  since: string;
  status: 'yes' | 'partial' | 'no';
  missing: string[];
  sub: boolean;
}

/** A cell that cannot break the table: pipes escaped, backticks kept. */
function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function rowsFor(name: string): Row[] {
  const info = REDIS_INFO.get(name)!;
  const implemented = COMMANDS.get(name);
  const subNames = ((info[9] as unknown[][] | undefined) ?? []).map((s) => s[0] as string).sort();
  const summary = String(docField(name, 'summary') ?? '');
  const since = String(docField(name, 'since') ?? '');
  if (subNames.length === 0) {
    const missing = implemented?.missing ?? [];
    return [{ name: name.toUpperCase(), summary, since, status: implemented ? (missing.length ? 'partial' : 'yes') : 'no', missing, sub: false }];
  }
  const subs: Row[] = subNames.map((full) => {
    const sub = implemented?.subcommands?.get(full.slice(full.indexOf('|') + 1));
    const missing = sub?.missing ?? [];
    return {
      name: full.replace('|', ' ').toUpperCase(),
      summary: String(docField(full, 'summary') ?? ''),
      since: String(docField(full, 'since') ?? ''),
      status: sub ? (missing.length ? 'partial' : 'yes') : 'no',
      missing,
      sub: true,
    };
  });
  const done = subs.filter((s) => s.status !== 'no').length;
  const status = done === 0 ? 'no' : done === subs.length && subs.every((s) => s.status === 'yes') ? 'yes' : 'partial';
  const missing = done > 0 && done < subs.length ? [`${subs.length - done} of ${subs.length} subcommands`] : [];
  return [{ name: name.toUpperCase(), summary, since, status, missing, sub: false }, ...subs];
}

const MARK: Record<Row['status'], string> = { yes: '✅', partial: '🟡', no: '—' };

/** The generated Markdown (without the markers). */
export function renderCompatTable(): string {
  const byGroup = new Map<string, string[]>();
  for (const name of REDIS_INFO.keys()) {
    if (name.includes('|')) continue;
    const group = String(docField(name, 'group') ?? 'other');
    if (!byGroup.has(group)) byGroup.set(group, []);
    byGroup.get(group)!.push(name);
  }
  const groups = [...byGroup.entries()].map(([group, names]) => {
    const rows = names.sort().flatMap(rowsFor);
    const top = rows.filter((r) => !r.sub);
    return { group, rows, implemented: top.filter((r) => r.status !== 'no').length, partial: top.filter((r) => r.status === 'partial').length, total: top.length };
  });
  // Groups with the most implemented commands first, then by name: the order follows the code.
  groups.sort((a, b) => b.implemented / b.total - a.implemented / a.total || a.group.localeCompare(b.group));
  const total = groups.reduce((n, g) => n + g.total, 0);
  const implemented = groups.reduce((n, g) => n + g.implemented, 0);
  const out: string[] = [
    `${implemented} of the ${total} commands of Redis 7.0 are implemented (✅ fully, 🟡 with options or subcommands still missing, — not yet: those answer \`ERR unknown command\` like a Redis without them).`,
    '',
    '| Group | Implemented |',
    '|---|---|',
    ...groups.map((g) => `| ${g.group} | ${g.implemented} of ${g.total}${g.partial ? ` (${g.partial} partly)` : ''} |`),
    '',
  ];
  for (const g of groups) {
    out.push(`<details><summary><b>${g.group}</b>: ${g.implemented} of ${g.total}</summary>`, '');
    out.push('| Command | Since | | Not supported yet | Summary |', '|---|---|---|---|---|');
    for (const r of g.rows) {
      const name = r.sub ? `&nbsp;&nbsp;${r.name}` : `**${r.name}**`;
      out.push(`| ${name} | ${r.since} | ${MARK[r.status]} | ${cell(r.missing.join(', '))} | ${cell(r.summary)} |`);
    }
    out.push('', '</details>', '');
  }
  return out.join('\n').trimEnd();
}

/** The README with the table between the markers replaced (the rest untouched). */
export function withTable(readme: string, table: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${START} ... ${END} markers`);
  return `${readme.slice(0, start + START.length)}\n${table}\n${readme.slice(end)}`;
}

/** The table currently in the README, or undefined when it has none. */
export function tableInReadme(readme: string): string | undefined {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) return undefined;
  return readme.slice(start + START.length, end).trim();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const readme = existsSync(README) ? readFileSync(README, 'utf8') : `${START}\n${END}\n`;
  writeFileSync(README, withTable(readme, renderCompatTable()));
  console.log(`README.md: compatibility table updated`);
}
