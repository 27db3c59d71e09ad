import { describe, expect, it } from 'vitest';
import { COMMANDS, REDIS_INFO } from '../../src/commands/table.js';
import { MapReply } from '../../src/reply.js';
import { expectSameAsOracle, oracleConnection, runOnStub, type Script } from '../support/differential.js';
import type { JsonReply } from '../support/reply-json.js';
import { helloWithoutId, onTheWire } from './resp-view.js';

async function same(script: Script, normalize?: (argv: string[], r: JsonReply) => JsonReply): Promise<void> {
  await expectSameAsOracle(
    script,
    onTheWire(script, (argv, r) => subcommandsSorted(argv, helloWithoutId(argv, normalize ? normalize(argv, r) : r))),
  );
}

const byJson = (a: JsonReply, b: JsonReply) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1);

/** Map pairs (a flat RESP2 array or a RESP3 map) sorted by key, values passed through `value`. */
function sortedPairs(r: JsonReply, value: (v: JsonReply) => JsonReply): JsonReply {
  const map = r !== null && typeof r === 'object' && !Array.isArray(r) && '%' in r;
  const items = (map ? (r as { '%': JsonReply[] })['%'] : r) as JsonReply[];
  const pairs: [JsonReply, JsonReply][] = [];
  for (let i = 0; i < items.length; i += 2) pairs.push([items[i]!, value(items[i + 1]!)]);
  pairs.sort((a, b) => byJson(a[0], b[0]));
  const flat = pairs.flat();
  return map ? { '%': flat } : flat;
}

/** Containers list their subcommands in Redis's hash order, which changes from run to run: sort them. */
function subcommandsSorted(argv: string[], r: JsonReply): JsonReply {
  const sub = argv[1]?.toUpperCase();
  if (argv[0]?.toUpperCase() !== 'COMMAND' || !Array.isArray(r) && !(r !== null && typeof r === 'object' && '%' in r)) return r;
  const infoRow = (row: JsonReply): JsonReply =>
    Array.isArray(row) && row.length === 10 && Array.isArray(row[9]) ? [...row.slice(0, 9), (row[9] as JsonReply[]).map(infoRow).sort(byJson)] : row;
  const docs = (doc: JsonReply): JsonReply => {
    const map = doc !== null && typeof doc === 'object' && !Array.isArray(doc) && '%' in doc;
    const items = (map ? (doc as { '%': JsonReply[] })['%'] : doc) as JsonReply[];
    const i = items.indexOf('subcommands');
    if (i < 0) return doc;
    const copy = [...items];
    copy[i + 1] = sortedPairs(copy[i + 1]!, docs);
    return map ? { '%': copy } : copy;
  };
  if (sub === 'INFO' || argv.length === 1) return (r as JsonReply[]).map(infoRow);
  if (sub === 'DOCS') return sortedPairs(r, docs);
  return r;
}

/** Implemented commands whose Redis rows the stub reproduces whole: containers with every subcommand. */
function completeCommands(): string[] {
  const names: string[] = [];
  for (const cmd of COMMANDS.values()) {
    const redisSubs = (REDIS_INFO.get(cmd.fullName)![9] as unknown[] | undefined) ?? [];
    const subs = [...(cmd.subcommands?.values() ?? [])].filter((s) => s.handler !== undefined);
    if (cmd.subcommands !== undefined && subs.length !== redisSubs.length) continue;
    if (cmd.subcommands === undefined && cmd.handler === undefined) continue;
    names.push(cmd.fullName, ...subs.map((s) => s.fullName));
  }
  return names;
}

function sorted(_argv: string[], r: JsonReply): JsonReply {
  return Array.isArray(r) ? [...r].sort() : r;
}

describe('COMMAND INFO and DOCS', () => {
  it('are Redis 7.0 rows for every implemented command, in RESP2 and RESP3', async () => {
    const names = completeCommands();
    expect(names.length).toBeGreaterThan(50);
    await same([
      ['COMMAND', 'INFO', ...names],
      ['COMMAND', 'DOCS', ...names],
      ['HELLO', '3'],
      ['COMMAND', 'INFO', ...names],
      ['COMMAND', 'DOCS', ...names],
      ['HELLO', '2'],
    ]);
  });

  it('look names up as Redis does', async () => {
    await same([
      ['COMMAND', 'INFO', 'GET', 'config|get', 'CONFIG|GET', 'config|nosuch', 'get|x', 'nosuch', 'config|get|x', ''],
      ['COMMAND', 'DOCS', 'GET', 'nosuch', 'config|get', 'get'],
      ['COMMAND', 'DOCS', 'nosuch'],
      ['COMMAND', 'INFO', 'config'],
      ['COMMAND', 'DOCS', 'config'],
      ['COMMAND', 'HELP'],
      ['COMMAND', 'HELP', 'x'],
      ['COMMAND', 'COUNT', 'x'],
      ['COMMAND', 'FOO'],
    ]);
  });

  it('count and list only implemented commands, and unimplemented ones are unknown', () => {
    const [count, all, list, info, docs] = runOnStub([
      ['COMMAND', 'COUNT'],
      ['COMMAND'],
      ['COMMAND', 'LIST'],
      ['COMMAND', 'INFO', 'pfadd', 'client|tracking', 'get'],
      ['COMMAND', 'DOCS', 'pfadd'],
    ]);
    expect(count).toBe((all as unknown[]).length);
    expect((list as string[]).length).toBeGreaterThan(count as number);
    expect(list as string[]).toContain('config|get');
    expect(list as string[]).not.toContain('pfadd');
    expect((info as unknown[])[0]).toBeNull();
    expect((info as unknown[])[1]).toBeNull();
    expect((info as unknown[])[2]).not.toBeNull();
    expect((docs as MapReply).entries).toEqual([]);
  });
});

describe('COMMAND LIST', () => {
  it('filters like Redis, over the implemented commands', async () => {
    const conn = await oracleConnection();
    if (!conn) return;
    const implemented = new Set(runOnStub([['COMMAND', 'LIST']])[0] as string[]);
    for (const filter of [[], ['FILTERBY', 'ACLCAT', 'string'], ['FILTERBY', 'aclcat', 'CONNECTION'], ['FILTERBY', 'PATTERN', 'c*'], ['FILTERBY', 'pattern', '*|*'], ['FILTERBY', 'ACLCAT', 'nosuch'], ['FILTERBY', 'MODULE', 'x']]) {
      const argv = ['COMMAND', 'LIST', ...filter];
      const oracle = (await conn.send(argv)) as string[];
      const stub = runOnStub([argv])[0] as string[];
      expect([...stub].sort()).toEqual(oracle.filter((n) => implemented.has(n)).sort());
    }
  });

  it('rejects bad filters', async () => {
    await same(
      [
        ['COMMAND', 'LIST', 'x'],
        ['COMMAND', 'LIST', 'FILTERBY', 'foo', 'bar'],
        ['COMMAND', 'LIST', 'FILTERBY', 'ACLCAT'],
        ['COMMAND', 'LIST', 'FILTERBY', 'ACLCAT', 'a', 'b'],
        ['COMMAND', 'LIST', 'FILTERBY', 'MODULE', 'x'],
        ['COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'config|*'],
      ],
      sorted,
    );
  });
});

describe('COMMAND GETKEYS and GETKEYSANDFLAGS', () => {
  it('find keys from the key specs and native procs', async () => {
    const lines: string[][] = [
      ['GET', 'a'],
      ['set', 'a', 'b'],
      ['SET', 'a', 'b', 'GET'],
      ['SET', 'a', 'b', 'EX', '10', 'get'],
      ['SET', 'a', 'b', 'EX', '10'],
      ['MSET', 'a', '1', 'b', '2'],
      ['MSET', 'a', '1', 'b'],
      ['MGET', 'a', 'b', 'c'],
      ['DEL', 'a', 'b'],
      ['RENAME', 'a', 'b'],
      ['COPY', 'a', 'b', 'DB', '1'],
      ['LCS', 'a', 'b'],
      ['BITOP', 'AND', 'dest', 'a', 'b'],
      ['BITFIELD', 'k', 'GET', 'u8', '0'],
      ['BITFIELD', 'k', 'GET', 'u8', '0', 'OVERFLOW', 'SAT'],
      ['BITFIELD', 'k', 'SET', 'u8', '0', '1'],
      ['BITFIELD', 'k', 'GET', 'u8'],
      ['BITFIELD_RO', 'k', 'GET', 'u8', '0'],
      ['OBJECT', 'ENCODING', 'k'],
      ['EXPIRE', 'k', '10'],
      ['WATCH', 'a', 'b'],
      ['GETEX', 'k', 'PERSIST'],
    ];
    const script: Script = [];
    for (const line of lines) script.push(['COMMAND', 'GETKEYS', ...line], ['COMMAND', 'GETKEYSANDFLAGS', ...line]);
    await same(script);
    await same([['HELLO', '3'], ...script, ['HELLO', '2']]);
  });

  it('reports Redis errors', async () => {
    await same([
      ['COMMAND', 'GETKEYS'],
      ['COMMAND', 'GETKEYS', 'get'],
      ['COMMAND', 'GETKEYS', 'nosuch', 'a'],
      ['COMMAND', 'GETKEYS', 'ping', 'x'],
      ['COMMAND', 'GETKEYS', 'config', 'get'],
      ['COMMAND', 'GETKEYS', 'config', 'nosuch'],
      ['COMMAND', 'GETKEYS', 'get', 'a', 'b'],
      ['COMMAND', 'GETKEYS', 'mset', 'a'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'echo', 'x'],
    ]);
  });
});
