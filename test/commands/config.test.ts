import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { Session } from '../../src/engine/session.js';
import { Config } from '../../src/engine/config.js';
import { type MapReply, OK } from '../../src/reply.js';
import { Notify } from '../../src/engine/notify.js';
import { toJson } from '../support/reply-json.js';
import { expectSameAsOracle, runOnStub, type Script } from '../support/differential.js';
import type { JsonReply } from '../support/reply-json.js';
import { onTheWire } from './resp-view.js';

async function same(script: Script, normalize?: (argv: string[], r: JsonReply) => JsonReply): Promise<void> {
  await expectSameAsOracle(script, onTheWire(script, normalize));
}

/** CONFIG GET with several matches answers in Redis's hash order: compare the pairs sorted. */
function sortedPairs(argv: string[], r: JsonReply): JsonReply {
  if (argv[0]?.toUpperCase() !== 'CONFIG' || !Array.isArray(r)) return r;
  const pairs: string[] = [];
  for (let i = 0; i < r.length; i += 2) pairs.push(JSON.stringify([r[i], r[i + 1]]));
  return pairs.sort();
}

/** Parameters whose defaults differ on purpose between the stub and the oracle's command line. */
const STARTUP_DIFFERS = new Set(['port', 'bind', 'dir', 'save']);
/** Parameters a probe must not set on the oracle (they act on its sockets, TLS or clients). */
const UNSAFE_TO_PROBE = (name: string) =>
  name.startsWith('tls-') || ['oom-score-adj', 'maxmemory-clients', 'maxclients'].includes(name);

describe('CONFIG SET errors', () => {
  it('reports unknown, immutable, protected, duplicate and syntax errors as Redis does', async () => {
    await same([
      ['CONFIG', 'SET', 'foo', 'bar'],
      ['CONFIG', 'SET', 'hz', '5', 'maxmemory'],
      ['CONFIG', 'SET', 'databases', '3'],
      ['CONFIG', 'SET', 'daemonize', 'yes'],
      ['CONFIG', 'SET', 'dir', '/tmp'],
      ['CONFIG', 'SET', 'dbfilename', 'x.rdb'],
      ['CONFIG', 'SET', 'hz', '5', 'hz', '6'],
      ['CONFIG', 'SET', 'HZ', '5', 'hz', '6'],
      ['CONFIG', 'SET', 'databases', '3', 'foo', 'bar'],
      ['CONFIG', 'SET', 'foo', 'bar', 'databases', '3'],
      ['CONFIG', 'SET', 'hz', 'abc', 'foo', 'bar'],
      ['CONFIG', 'SET', 'list-max-ziplist-entries', '5'],
      ['CONFIG', 'SET', 'hz'],
      ['CONFIG', 'GET'],
      ['CONFIG'],
      ['CONFIG', 'FOO'],
      ['CONFIG', 'RESETSTAT', 'x'],
      ['CONFIG', 'REWRITE'],
      ['CONFIG', 'HELP'],
    ]);
  });

  it('validates each type with its own message', async () => {
    await same([
      ['CONFIG', 'SET', 'hz', 'abc'],
      ['CONFIG', 'SET', 'hz', '+5'],
      ['CONFIG', 'SET', 'hz', '05'],
      ['CONFIG', 'SET', 'timeout', '-1'],
      ['CONFIG', 'SET', 'maxclients', '0'],
      ['CONFIG', 'SET', 'maxclients', '-1'],
      ['CONFIG', 'SET', 'slowlog-max-len', '-1'],
      ['CONFIG', 'SET', 'proto-max-bulk-len', '1'],
      ['CONFIG', 'SET', 'proto-max-bulk-len', '9223372036854775808'],
      ['CONFIG', 'SET', 'set-max-intset-entries', '-1'],
      ['CONFIG', 'SET', 'maxmemory', 'abc'],
      ['CONFIG', 'SET', 'maxmemory', '1.5gb'],
      ['CONFIG', 'SET', 'maxmemory', '-1'],
      ['CONFIG', 'SET', 'maxmemory', ' 5'],
      ['CONFIG', 'SET', 'maxmemory', '5 kb'],
      ['CONFIG', 'SET', 'maxmemory', '99999999999999999999999kb'],
      ['CONFIG', 'GET', 'maxmemory'],
      ['CONFIG', 'SET', 'maxmemory', '0'],
      ['CONFIG', 'SET', 'maxmemory-clients', '101%'],
      ['CONFIG', 'SET', 'maxmemory-clients', '-5%'],
      ['CONFIG', 'SET', 'maxmemory-clients', '9223372036854775808'],
      ['CONFIG', 'SET', 'maxmemory-policy', 'foo'],
      ['CONFIG', 'SET', 'maxmemory-policy', ''],
      ['CONFIG', 'SET', 'loglevel', 'debug notice'],
      ['CONFIG', 'SET', 'appendonly', 'maybe'],
      ['CONFIG', 'SET', 'lua-time-limit', 'abc'],
      ['CONFIG', 'SET', 'hash-max-ziplist-value', '-1'],
      ['CONFIG', 'SET', 'notify-keyspace-events', 'Q'],
      ['CONFIG', 'SET', 'save', '10 1 20'],
      ['CONFIG', 'SET', 'save', '0 1'],
      ['CONFIG', 'SET', 'save', '10 -1'],
      ['CONFIG', 'SET', 'save', '10 x'],
      ['CONFIG', 'SET', 'client-output-buffer-limit', 'pubsub 1 2'],
      ['CONFIG', 'SET', 'client-output-buffer-limit', 'master 1 2 3'],
      ['CONFIG', 'SET', 'client-output-buffer-limit', 'pubsub 1x 2 3'],
      ['CONFIG', 'SET', 'client-output-buffer-limit', 'pubsub 1 2 -3'],
      ['CONFIG', 'SET', 'oom-score-adj-values', '0 200'],
      ['CONFIG', 'SET', 'oom-score-adj-values', '0 200 9999'],
      ['CONFIG', 'SET', 'latency-tracking-info-percentiles', 'abc'],
      ['CONFIG', 'SET', 'latency-tracking-info-percentiles', '101'],
      ['CONFIG', 'SET', 'shutdown-on-sigint', 'save nosave'],
      ['CONFIG', 'SET', 'shutdown-on-sigint', ''],
      ['CONFIG', 'SET', 'shutdown-on-sigint', 'now  save'],
      ['CONFIG', 'SET', 'cluster-announce-hostname', 'a b'],
      ['CONFIG', 'SET', 'proc-title-template', '{nosuch}'],
      ['CONFIG', 'SET', 'proc-title-template', '{title}'],
      ['CONFIG', 'SET', 'bind', Array.from({ length: 17 }, (_, i) => `127.0.0.${i + 1}`).join(' ')],
    ]);
  });

  it('is all or nothing', async () => {
    await same([
      ['CONFIG', 'SET', 'hz', '20', 'maxmemory', '1mb', 'maxmemory-policy', 'nope'],
      ['CONFIG', 'GET', 'hz'],
      ['CONFIG', 'GET', 'maxmemory'],
      ['CONFIG', 'GET', 'maxmemory-policy'],
    ]);
  });
});

describe('CONFIG SET and GET', () => {
  it('stores values as Redis prints them, and restores them', async () => {
    await same([
      ['CONFIG', 'SET', 'maxmemory', '1gb'],
      ['CONFIG', 'GET', 'maxmemory'],
      ['CONFIG', 'SET', 'maxmemory', '5KB'],
      ['CONFIG', 'GET', 'maxmemory'],
      ['CONFIG', 'SET', 'maxmemory', '99999999999999999999999'],
      ['CONFIG', 'GET', 'maxmemory'],
      ['CONFIG', 'SET', 'maxmemory', 'kb'],
      ['CONFIG', 'GET', 'maxmemory'],
      ['CONFIG', 'SET', 'maxmemory', '2m'],
      ['CONFIG', 'GET', 'MAXMEMORY'],
      ['CONFIG', 'SET', 'maxmemory', ''],
      ['CONFIG', 'GET', 'maxmemory'],
      ['CONFIG', 'SET', 'maxmemory-policy', 'ALLKEYS-LRU'],
      ['CONFIG', 'GET', 'maxmemory-policy'],
      ['CONFIG', 'SET', 'maxmemory-policy', 'noeviction'],
      ['CONFIG', 'SET', 'maxmemory-clients', '5%'],
      ['CONFIG', 'GET', 'maxmemory-clients'],
      ['CONFIG', 'SET', 'maxmemory-clients', '0'],
      ['CONFIG', 'SET', 'hz', '1000'],
      ['CONFIG', 'GET', 'hz'],
      ['CONFIG', 'SET', 'hz', '0'],
      ['CONFIG', 'GET', 'hz'],
      ['CONFIG', 'SET', 'hz', '10'],
      ['CONFIG', 'SET', 'appendonly', 'NO'],
      ['CONFIG', 'GET', 'appendonly'],
      ['CONFIG', 'SET', 'hash-max-listpack-entries', '3', 'hash-max-ziplist-entries', '4'],
      ['CONFIG', 'GET', 'hash-max-listpack-entries'],
      ['CONFIG', 'GET', 'hash-max-ziplist-entries'],
      ['CONFIG', 'SET', 'hash-max-ziplist-value', '1k'],
      ['CONFIG', 'GET', 'hash-max-listpack-value'],
      ['CONFIG', 'SET', 'hash-max-listpack-entries', '512', 'hash-max-listpack-value', '64'],
      ['CONFIG', 'SET', 'lua-time-limit', '100'],
      ['CONFIG', 'GET', 'busy-reply-threshold'],
      ['CONFIG', 'SET', 'busy-reply-threshold', '5000'],
      ['CONFIG', 'SET', 'save', '010 1 20 2'],
      ['CONFIG', 'GET', 'save'],
      ['CONFIG', 'SET', 'save', '10 '],
      ['CONFIG', 'GET', 'save'],
      ['CONFIG', 'SET', 'save', '10 4294967297'],
      ['CONFIG', 'GET', 'save'],
      ['CONFIG', 'SET', 'save', ''],
      ['CONFIG', 'GET', 'save'],
      ['CONFIG', 'SET', 'client-output-buffer-limit', 'pubsub 1mb 2k 3'],
      ['CONFIG', 'GET', 'client-output-buffer-limit'],
      ['CONFIG', 'SET', 'client-output-buffer-limit', 'pubsub 33554432 8388608 60'],
      ['CONFIG', 'SET', 'latency-tracking-info-percentiles', '1.5 100 0'],
      ['CONFIG', 'GET', 'latency-tracking-info-percentiles'],
      ['CONFIG', 'SET', 'latency-tracking-info-percentiles', '50 99 99.9'],
      ['CONFIG', 'SET', 'shutdown-on-sigint', 'now save'],
      ['CONFIG', 'GET', 'shutdown-on-sigint'],
      ['CONFIG', 'SET', 'shutdown-on-sigint', 'force default'],
      ['CONFIG', 'GET', 'shutdown-on-sigint'],
      ['CONFIG', 'SET', 'shutdown-on-sigint', 'default'],
      ['CONFIG', 'SET', 'requirepass', 'secret'],
      ['CONFIG', 'GET', 'requirepass'],
      ['CONFIG', 'SET', 'requirepass', ''],
      ['CONFIG', 'SET', 'timeout', '0', 'slowlog-log-slower-than', '-1', 'slowlog-max-len', '7'],
      ['CONFIG', 'GET', 'slowlog-log-slower-than'],
      ['CONFIG', 'GET', 'slowlog-max-len'],
      ['CONFIG', 'SET', 'slowlog-log-slower-than', '10000', 'slowlog-max-len', '128'],
    ]);
  });

  it('answers maps in RESP3', async () => {
    await same([
      ['HELLO', '3'],
      ['CONFIG', 'GET', 'maxmemory'],
      ['CONFIG', 'GET', 'nosuch'],
      ['CONFIG', 'SET', 'hz', 'x'],
      ['HELLO', '2'],
    ], (argv, r) => (argv[0] === 'HELLO' ? null : r));
  });

  it('prints notify-keyspace-events in canonical order', async () => {
    const script: Script = [];
    for (const flags of ['KEA', 'Ex', 'gK$', 'lshzxetdK', 'AmnKE', 'nE', 'KExe', 'tdm', 'A', '']) {
      script.push(['CONFIG', 'SET', 'notify-keyspace-events', flags], ['CONFIG', 'GET', 'notify-keyspace-events']);
    }
    await same(script);
  });

  it('matches globs case-insensitively and de-duplicates names', async () => {
    await same(
      [
        ['CONFIG', 'GET', '*max-*-entries*'],
        ['CONFIG', 'GET', 'MAXMEMORY*'],
        ['CONFIG', 'GET', 'maxmemory', 'hz', 'MaxMemory'],
        ['CONFIG', 'GET', 'hz', 'h?'],
        ['CONFIG', 'GET', '*delay*'],
        ['CONFIG', 'GET', 'key-load-delay'],
        ['CONFIG', 'GET', 'nosuch', 'hash-max-ziplist-*'],
        ['CONFIG', 'GET', '[hz]*-max-*'],
        ['CONFIG', 'GET', 'slave*', 'replica*'],
        ['CONFIG', 'GET', 'a', 'b'],
      ],
      sortedPairs,
    );
  });

  it('agrees with Redis on every parameter for a range of values', async () => {
    const defaults = new Config();
    const script: Script = [];
    const values = ['abc', '', '-1', '0', '1', '5%', '1k', '2gb', '18446744073709551616', '-9223372036854775809', 'YES', '2 3 4'];
    for (const name of defaults.names()) {
      if (STARTUP_DIFFERS.has(name) || UNSAFE_TO_PROBE(name)) continue;
      script.push(['CONFIG', 'GET', name]);
      for (const v of values) script.push(['CONFIG', 'SET', name, v], ['CONFIG', 'GET', name]);
      script.push(['CONFIG', 'SET', name, defaults.get(name)!]);
    }
    await same(script);
  });

  it('lists the same parameters as Redis', async () => {
    const stub = runOnStub([['CONFIG', 'GET', '*']])[0] as MapReply;
    const names = stub.entries.filter((_, i) => i % 2 === 0).sort();
    // Only the names: values of port, bind, dir and save differ by design.
    await same([['CONFIG', 'GET', '*']], (argv, r) =>
      Array.isArray(r) ? r.filter((_, i) => i % 2 === 0).sort() : r,
    );
    expect(names.length).toBeGreaterThan(190);
  });
});

describe('CONFIG in the engine', () => {
  it('reports the in-process defaults', () => {
    const engine = new Engine({ activeExpire: false });
    const c = new Session(engine);
    const get = (name: string) => (c.execute(['CONFIG', 'GET', name]) as MapReply).entries[1];
    expect(get('port')).toBe('6379');
    expect(get('bind')).toBe('* -::*');
    expect(get('save')).toBe('3600 1 300 100 60 10000');
    expect(get('dir')).toBe(process.cwd());
    expect(get('daemonize')).toBe('no');
    expect(get('logfile')).toBe('');
    expect(get('enable-debug-command')).toBe('yes');
    engine.close();
  });

  it('acts on hz, thresholds and notify flags, and reset() restores the start values', () => {
    const engine = new Engine({ activeExpire: false, config: { 'hash-max-listpack-entries': '7' } });
    const c = new Session(engine);
    let rearmed = 0;
    const original = engine.scheduleActiveExpire.bind(engine);
    engine.scheduleActiveExpire = () => {
      rearmed++;
      original();
    };
    c.execute(['CONFIG', 'SET', 'hz', '100', 'zset-max-ziplist-entries', '9', 'notify-keyspace-events', 'KEA']);
    expect(engine.config.hz).toBe(100);
    expect(rearmed).toBe(1);
    expect(engine.config.thresholds.zsetMaxListpackEntries).toBe(9);
    expect(engine.config.thresholds.hashMaxListpackEntries).toBe(7);
    expect(engine.config.notifyFlags).not.toBe(0);
    c.execute(['CONFIG', 'SET', 'maxmemory', '1mb', 'maxmemory-policy', 'allkeys-lru']);
    expect(engine.config.maxmemory).toBe(1048576);
    expect(engine.config.maxmemoryPolicy).toBe('allkeys-lru');
    engine.config.reset();
    expect(engine.config.hz).toBe(10);
    expect(engine.config.thresholds.zsetMaxListpackEntries).toBe(128);
    expect(engine.config.thresholds.hashMaxListpackEntries).toBe(7);
    expect(engine.config.notifyFlags).toBe(0);
    expect(engine.config.maxmemory).toBe(0);
    engine.close();
  });

  it('rejects invalid start-up values', () => {
    expect(() => new Config({ hz: 'abc' })).toThrow(/hz/);
    expect(() => new Config({ nosuch: '1' })).toThrow(/nosuch/);
    expect(new Config({ databases: '4' }).get('databases')).toBe('4');
  });
});

describe('notify-keyspace-events keeps the n class that its printed form hides', () => {
  it('KEAn prints as AKE, like Redis 7.0, and still announces new keys', () => {
    const engine = new Engine();
    const s = new Session(engine);
    expect(s.execute(['CONFIG', 'SET', 'notify-keyspace-events', 'KEAn'])).toBe(OK);
    expect(toJson(s.execute(['CONFIG', 'GET', 'notify-keyspace-events']))).toEqual({ '%': ['notify-keyspace-events', 'AKE'] });
    expect(engine.config.notifyFlags & Notify.New).toBe(Notify.New);
    s.execute(['CONFIG', 'SET', 'hz', '20']);
    expect(engine.config.notifyFlags & Notify.New).toBe(Notify.New);
    engine.close();
  });
});

describe('CONFIG arguments with NUL bytes read as C strings', () => {
  it('names and values stop at the first NUL', async () => {
    await expectSameAsOracle([
      ['CONFIG', 'SET', 'a\u0000b', '3'],
      ['CONFIG', 'GET', 'a\u0000b'],
      ['CONFIG', 'SET', 'maxmemory', '1\u0000'],
      ['CONFIG', 'GET', 'maxmemory'],
      ['CONFIG', 'SET', 'maxmemory', '0'],
    ]);
  });
});

describe('CONFIG SET values read as C strings where Redis parses them so', () => {
  it('memory, octal, bool and enum values stop at the first NUL; integers do not', async () => {
    await expectSameAsOracle([
      ['CONFIG', 'SET', 'lazyfree-lazy-eviction', 'yes\u0000x'],
      ['CONFIG', 'GET', 'lazyfree-lazy-eviction'],
      ['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru\u0000x'],
      ['CONFIG', 'GET', 'maxmemory-policy'],
      ['CONFIG', 'SET', 'hz', '15\u0000'],
      ['CONFIG', 'SET', 'lazyfree-lazy-eviction', 'no'],
      ['CONFIG', 'SET', 'maxmemory-policy', 'noeviction'],
    ]);
  });
});

describe('notify-keyspace-events given when the engine is made', () => {
  it('keeps the n class, also after engine.reset()', () => {
    const engine = new Engine({ config: { 'notify-keyspace-events': 'KEAn' } });
    expect(engine.config.notifyFlags & Notify.New).toBe(Notify.New);
    engine.reset();
    expect(engine.config.notifyFlags & Notify.New).toBe(Notify.New);
    engine.close();
  });
});
