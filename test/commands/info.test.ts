import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { Session } from '../../src/engine/session.js';
import { VerbatimReply } from '../../src/reply.js';
import { expectSameAsOracle, oracleConnection, runOnStub, type Script } from '../support/differential.js';
import type { JsonReply } from '../support/reply-json.js';
import { helloWithoutId, onTheWire } from './resp-view.js';

/** An INFO text as sections of field names (values differ between two servers). */
function shape(text: string): string[][] {
  const sections: string[][] = [];
  for (const line of text.split('\r\n')) {
    // Per-command lines depend on what ran before; latency is not measured by the stub at all.
    if (/^(cmdstat_|errorstat_|latency_percentiles_usec_)/.test(line)) continue;
    if (line.startsWith('# ')) sections.push([line]);
    else if (line !== '') sections[sections.length - 1]!.push(line.slice(0, line.indexOf(':')));
  }
  return sections;
}

function infoShape(argv: string[], r: JsonReply): JsonReply {
  return argv[0]?.toUpperCase() === 'INFO' && typeof r === 'string' ? shape(r) : r;
}

/** Commandstats without the time columns; keyspace without avg_ttl (a sampled estimate in both). */
function infoCounters(argv: string[], r: JsonReply): JsonReply {
  if (argv[0]?.toUpperCase() !== 'INFO' || typeof r !== 'string') return r;
  return r
    .split('\r\n')
    .map((l) => l.replace(/usec=\d+,usec_per_call=[\d.]+,/, '').replace(/,avg_ttl=\d+/, ''))
    .sort();
}

async function same(script: Script, normalize: (argv: string[], r: JsonReply) => JsonReply): Promise<void> {
  await expectSameAsOracle(script, onTheWire(script, normalize));
}

describe('INFO', () => {
  it('has the sections and fields of Redis 7.0.15, in order', async () => {
    const script: Script = [
      ['INFO'],
      ['INFO', 'default'],
      ['INFO', 'all'],
      ['INFO', 'everything'],
      ['INFO', 'server'],
      ['INFO', 'SERVER'],
      ['INFO', 'clients'],
      ['INFO', 'memory'],
      ['INFO', 'persistence'],
      ['INFO', 'stats'],
      ['INFO', 'replication'],
      ['INFO', 'cpu'],
      ['INFO', 'modules'],
      ['INFO', 'module_list'],
      ['INFO', 'cluster'],
      ['INFO', 'keyspace', 'server'],
      ['INFO', 'default', 'commandstats'],
      ['INFO', 'a', 'b', 'c'],
      ['INFO', 'nosuch'],
      ['SET', 'k', 'v'],
      ['SELECT', '3'],
      ['SET', 'k', 'v', 'EX', '100'],
      ['INFO', 'keyspace'],
      ['CONFIG', 'SET', 'appendonly', 'yes'],
      ['INFO', 'persistence'],
      ['CONFIG', 'SET', 'appendonly', 'no'],
      ['HELLO', '3'],
      ['INFO', 'server'],
      ['HELLO', '2'],
    ];
    await same(script, (argv, r) =>
      helloWithoutId(argv, infoShape(argv, typeof r === 'object' && r !== null && '=' in r ? (r['='] as string[])[1]! : r)),
    );
  });

  it('counts commands, errors, keys and hits as Redis', async () => {
    await same(
      [
        ['CONFIG', 'RESETSTAT'],
        ['SET', 'a', '1'],
        ['GET', 'a'],
        ['GET', 'missing'],
        ['INCR', 'a'],
        ['GET'],
        ['NOSUCH'],
        ['CONFIG', 'GET'],
        ['CONFIG', 'SET', 'hz', 'x'],
        ['MULTI'],
        ['EXEC'],
        ['EXEC'],
        ['SELECT', '5'],
        ['SET', 'b', '1', 'PX', '100000'],
        ['SET', 'c', '1'],
        ['INFO', 'commandstats'],
        ['INFO', 'errorstats'],
        ['INFO', 'keyspace'],
      ],
      infoCounters,
    );
    const conn = await oracleConnection();
    if (!conn) return;
    // keyspace_hits/misses and the like, field by field.
    const script: Script = [['CONFIG', 'RESETSTAT'], ['SET', 'a', '1'], ['GET', 'a'], ['GET', 'b'], ['MGET', 'a', 'b', 'c'], ['INFO', 'stats']];
    const stub = (runOnStub(script)[5] as VerbatimReply).text;
    await conn.sendAll([['FLUSHALL'], ['SELECT', '0']]);
    const oracle = String((await conn.sendAll(script))[5]);
    const field = (text: string, name: string) => new RegExp(`^${name}:(.*)\r$`, 'm').exec(text)?.[1];
    for (const name of ['keyspace_hits', 'keyspace_misses', 'expired_keys', 'evicted_keys', 'total_error_replies']) {
      expect([name, field(stub, name)]).toEqual([name, field(oracle, name)]);
    }
  });

  it('reports the engine: clients, config, memory, keyspace', () => {
    const engine = new Engine({ activeExpire: false });
    const a = new Session(engine);
    new Session(engine);
    a.execute(['CONFIG', 'SET', 'maxmemory', '1gb', 'maxmemory-policy', 'allkeys-lru', 'hz', '20']);
    a.execute(['SET', 'x', 'y']);
    a.execute(['SET', 't', 'y', 'EX', '100']);
    const text = (a.execute(['INFO', 'everything']) as VerbatimReply).text;
    const field = (name: string) => new RegExp(`^${name}:(.*)\r$`, 'm').exec(text)?.[1];
    expect(text.startsWith('# Server\r\nredis_version:7.0.15\r\n')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(field('connected_clients')).toBe('2');
    expect(field('tcp_port')).toBe('6379');
    expect(field('hz')).toBe('20');
    expect(field('maxmemory')).toBe('1073741824');
    expect(field('maxmemory_human')).toBe('1.00G');
    expect(field('maxmemory_policy')).toBe('allkeys-lru');
    expect(field('role')).toBe('master');
    expect(field('connected_slaves')).toBe('0');
    expect(field('redis_mode')).toBe('standalone');
    expect(Number(field('used_memory'))).toBeGreaterThan(Number(field('used_memory_startup')));
    expect(field('db0')).toMatch(/^keys=2,expires=1,avg_ttl=(99\d{3}|100000)$/);
    expect(field('cmdstat_set')).toBe('calls=2,usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=0');
    expect(field('run_id')).toMatch(/^[0-9a-f]{40}$/);
    expect((a.execute(['INFO', 'server']) as VerbatimReply).format).toBe('txt');
    engine.close();
  });
});
