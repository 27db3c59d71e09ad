/**
 * Redis 7.0's configuration parameters as data: type, bounds, flags and alias of each, after the
 * `static_configs` table of config.c. CONFIG SET validates every parameter generically from this
 * table, so its errors carry Redis's texts; default values live in config-defaults.json.
 */

export const enum ParamFlag {
  Immutable = 1 << 0,
  /** Refused while enable-protected-configs is `no` (the default). */
  Protected = 1 << 1,
  /** Only an exact name finds it; CONFIG GET patterns skip it. */
  Hidden = 1 << 2,
  /** The value is split on spaces into several arguments (save, bind...). */
  MultiArg = 1 << 3,
}

export type Special =
  | 'save'
  | 'client-output-buffer-limit'
  | 'oom-score-adj-values'
  | 'notify-keyspace-events'
  | 'bind'
  | 'dir'
  | 'replicaof'
  | 'latency-tracking-info-percentiles';

export type ParamType =
  | { kind: 'bool'; validate?: (v: boolean) => string | undefined }
  | { kind: 'string'; validate?: (v: string) => string | undefined }
  | { kind: 'enum'; values: readonly string[] }
  /** A multi-argument enum whose words are OR'ed bits (shutdown-on-sigint). */
  | { kind: 'flags'; values: readonly (readonly [string, number])[]; validate?: (bits: number) => string | undefined }
  | {
      kind: 'numeric';
      min: bigint;
      max: bigint;
      /** Bounds compared as unsigned 64-bit (Redis's unsigned int, unsigned long long and size_t). */
      unsigned?: boolean;
      memory?: boolean;
      percent?: boolean;
      octal?: boolean;
    }
  | { kind: 'special'; special: Special };

export interface ParamSpec {
  name: string;
  alias?: string;
  flags: number;
  type: ParamType;
}

const INT_MIN = -2147483648n;
const INT_MAX = 2147483647n;
const UINT_MAX = 4294967295n;
const LONG_MAX = 9223372036854775807n;
const ULLONG_MAX = 18446744073709551615n;

const I = ParamFlag.Immutable;
const M = 0; // modifiable

const bool = (name: string, flags = M, alias?: string): ParamSpec => ({ name, alias, flags, type: { kind: 'bool' } });
const str = (name: string, flags = M, validate?: (v: string) => string | undefined, alias?: string): ParamSpec => ({
  name,
  alias,
  flags,
  type: { kind: 'string', validate },
});
const enm = (name: string, values: readonly string[], flags = M): ParamSpec => ({ name, flags, type: { kind: 'enum', values } });
const num = (
  name: string,
  min: bigint,
  max: bigint,
  opts: { flags?: number; alias?: string; unsigned?: boolean; memory?: boolean; percent?: boolean; octal?: boolean } = {},
): ParamSpec => ({
  name,
  alias: opts.alias,
  flags: opts.flags ?? M,
  type: { kind: 'numeric', min, max, unsigned: opts.unsigned, memory: opts.memory, percent: opts.percent, octal: opts.octal },
});
const special = (name: string, s: Special, flags = M, alias?: string): ParamSpec => ({
  name,
  alias,
  flags,
  type: { kind: 'special', special: s },
});

const PROTECTED_ACTION = ['no', 'yes', 'local'];

const SHUTDOWN_SAVE = 1;
const SHUTDOWN_NOSAVE = 2;
const SHUTDOWN_ON_SIG: ParamType = {
  kind: 'flags',
  values: [['default', 0], ['save', SHUTDOWN_SAVE], ['nosave', SHUTDOWN_NOSAVE], ['now', 4], ['force', 8]],
  validate: (bits) =>
    bits & SHUTDOWN_SAVE && bits & SHUTDOWN_NOSAVE ? "shutdown options SAVE and NOSAVE can't be used simultaneously" : undefined,
};

function validHostname(v: string): string | undefined {
  if (v.length >= 256) return 'Hostnames must be less than 256 characters';
  if (!/^[A-Za-z0-9.-]*$/.test(v)) return 'Hostnames may only contain alphanumeric characters, hyphens or dots';
  return undefined;
}

const PROC_TITLE_VARS = new Set(['title', 'listen-addr', 'server-mode', 'port', 'tls-port', 'unixsocket', 'config-file']);

/** validateProcTitleTemplate: known `{variables}` only, and not blank once expanded. */
function validProcTitle(v: string): string | undefined {
  const bad = 'template format is invalid or contains unknown variables';
  let expanded = '';
  for (let i = 0; i < v.length; ) {
    const open = v.indexOf('{', i);
    if (open < 0) {
      expanded += v.slice(i);
      break;
    }
    expanded += v.slice(i, open);
    if (open + 1 >= v.length) return bad;
    if (v[open + 1] === '{') {
      expanded += '{';
      i = open + 2;
      continue;
    }
    const close = v.indexOf('}', open + 1);
    if (close < 0) return bad;
    const name = v.slice(open + 1, close);
    if (!PROC_TITLE_VARS.has(name)) return bad;
    // The expansion Redis validates with: an empty title, standalone mode, the default port.
    expanded += name === 'listen-addr' ? '*:6379' : name === 'port' ? '6379' : name === 'tls-port' ? '0' : '';
    i = close + 1;
  }
  return expanded.trim() === '' ? bad : undefined;
}

export const PARAMS: readonly ParamSpec[] = [
  // Bool configs
  bool('rdbchecksum', I),
  bool('daemonize', I),
  bool('io-threads-do-reads', I),
  bool('always-show-logo', I),
  bool('protected-mode'),
  bool('rdbcompression'),
  bool('rdb-del-sync-files'),
  bool('activerehashing'),
  bool('stop-writes-on-bgsave-error'),
  bool('set-proc-title', I),
  bool('dynamic-hz'),
  bool('lazyfree-lazy-eviction'),
  bool('lazyfree-lazy-expire'),
  bool('lazyfree-lazy-server-del'),
  bool('lazyfree-lazy-user-del'),
  bool('lazyfree-lazy-user-flush'),
  bool('repl-disable-tcp-nodelay'),
  bool('repl-diskless-sync'),
  bool('aof-rewrite-incremental-fsync'),
  bool('no-appendfsync-on-rewrite'),
  bool('cluster-require-full-coverage'),
  bool('rdb-save-incremental-fsync'),
  bool('aof-load-truncated'),
  bool('aof-use-rdb-preamble'),
  bool('aof-timestamp-enabled'),
  bool('cluster-replica-no-failover', M, 'cluster-slave-no-failover'),
  bool('replica-lazy-flush', M, 'slave-lazy-flush'),
  bool('replica-serve-stale-data', M, 'slave-serve-stale-data'),
  bool('replica-read-only', M, 'slave-read-only'),
  bool('replica-ignore-maxmemory', M, 'slave-ignore-maxmemory'),
  bool('jemalloc-bg-thread'),
  // There is no allocator to defragment: answer as a Redis built without HAVE_DEFRAG.
  {
    name: 'activedefrag',
    flags: M,
    type: {
      kind: 'bool',
      validate: (v) =>
        v
          ? 'Active defragmentation cannot be enabled: it requires a Redis server compiled with a modified Jemalloc ' +
            'like the one shipped by default with the Redis source distribution'
          : undefined,
    },
  },
  bool('syslog-enabled', I),
  bool('cluster-enabled', I),
  bool('appendonly'),
  bool('cluster-allow-reads-when-down'),
  bool('cluster-allow-pubsubshard-when-down'),
  bool('crash-log-enabled'),
  bool('crash-memcheck-enabled'),
  bool('use-exit-on-panic', ParamFlag.Hidden),
  bool('disable-thp', I),
  bool('cluster-allow-replica-migration'),
  bool('replica-announced'),
  bool('latency-tracking'),
  bool('aof-disable-auto-gc'),
  bool('replica-ignore-disk-write-errors'),

  // String configs
  str('aclfile', I),
  str('unixsocket', I),
  str('pidfile', I),
  str('replica-announce-ip', M, undefined, 'slave-announce-ip'),
  str('masteruser'),
  str('cluster-announce-ip'),
  str('cluster-config-file', I),
  str('cluster-announce-hostname', M, validHostname),
  str('syslog-ident', I),
  str('dbfilename', ParamFlag.Protected),
  str('appendfilename', I),
  str('appenddirname', I),
  str('server_cpulist', I),
  str('bio_cpulist', I),
  str('aof_rewrite_cpulist', I),
  str('bgsave_cpulist', I),
  str('ignore-warnings'),
  str('proc-title-template', M, validProcTitle),
  str('bind-source-addr'),
  str('logfile', I),
  str('masterauth'),
  str('requirepass'),

  // Enum configs
  enm('supervised', ['upstart', 'systemd', 'auto', 'no'], I),
  enm('syslog-facility', ['user', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7'], I),
  enm('repl-diskless-load', ['disabled', 'on-empty-db', 'swapdb']),
  enm('loglevel', ['debug', 'verbose', 'notice', 'warning']),
  enm('maxmemory-policy', [
    'volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl',
    'allkeys-lru', 'allkeys-lfu', 'allkeys-random', 'noeviction',
  ]),
  enm('appendfsync', ['everysec', 'always', 'no']),
  enm('oom-score-adj', ['no', 'yes', 'relative', 'absolute']),
  enm('acl-pubsub-default', ['allchannels', 'resetchannels']),
  enm('sanitize-dump-payload', ['no', 'yes', 'clients']),
  enm('enable-protected-configs', PROTECTED_ACTION, I),
  enm('enable-debug-command', PROTECTED_ACTION, I),
  enm('enable-module-command', PROTECTED_ACTION, I),
  enm('cluster-preferred-endpoint-type', ['ip', 'hostname', 'unknown-endpoint']),
  enm('tls-auth-clients', ['no', 'yes', 'optional']),
  enm('propagation-error-behavior', ['ignore', 'panic', 'panic-on-replicas']),
  { name: 'shutdown-on-sigint', flags: ParamFlag.MultiArg, type: SHUTDOWN_ON_SIG },
  { name: 'shutdown-on-sigterm', flags: ParamFlag.MultiArg, type: SHUTDOWN_ON_SIG },

  // Integer configs (int)
  num('databases', 1n, INT_MAX, { flags: I }),
  num('port', 0n, 65535n),
  num('io-threads', 1n, 128n, { flags: I }),
  num('auto-aof-rewrite-percentage', 0n, INT_MAX),
  num('cluster-replica-validity-factor', 0n, INT_MAX, { alias: 'cluster-slave-validity-factor' }),
  num('list-max-listpack-size', INT_MIN, INT_MAX, { alias: 'list-max-ziplist-size' }),
  num('tcp-keepalive', 0n, INT_MAX),
  num('cluster-migration-barrier', 0n, INT_MAX),
  num('active-defrag-cycle-min', 1n, 99n),
  num('active-defrag-cycle-max', 1n, 99n),
  num('active-defrag-threshold-lower', 0n, 1000n),
  num('active-defrag-threshold-upper', 0n, 1000n),
  num('lfu-log-factor', 0n, INT_MAX),
  num('lfu-decay-time', 0n, INT_MAX),
  num('replica-priority', 0n, INT_MAX, { alias: 'slave-priority' }),
  num('repl-diskless-sync-delay', 0n, INT_MAX),
  num('maxmemory-samples', 1n, INT_MAX),
  num('maxmemory-eviction-tenacity', 0n, 100n),
  num('timeout', 0n, INT_MAX),
  num('replica-announce-port', 0n, 65535n, { alias: 'slave-announce-port' }),
  num('tcp-backlog', 0n, INT_MAX, { flags: I }),
  num('cluster-port', 0n, 65535n, { flags: I }),
  num('cluster-announce-bus-port', 0n, 65535n),
  num('cluster-announce-port', 0n, 65535n),
  num('cluster-announce-tls-port', 0n, 65535n),
  num('repl-timeout', 1n, INT_MAX),
  num('repl-ping-replica-period', 1n, INT_MAX, { alias: 'repl-ping-slave-period' }),
  num('list-compress-depth', 0n, INT_MAX),
  num('rdb-key-save-delay', INT_MIN, INT_MAX, { flags: ParamFlag.Hidden }),
  num('key-load-delay', INT_MIN, INT_MAX, { flags: ParamFlag.Hidden }),
  num('active-expire-effort', 1n, 10n),
  num('hz', 0n, INT_MAX),
  num('min-replicas-to-write', 0n, INT_MAX, { alias: 'min-slaves-to-write' }),
  num('min-replicas-max-lag', 0n, INT_MAX, { alias: 'min-slaves-max-lag' }),
  num('watchdog-period', 0n, INT_MAX, { flags: ParamFlag.Hidden }),
  num('shutdown-timeout', 0n, INT_MAX),
  num('repl-diskless-sync-max-replicas', 0n, INT_MAX),
  num('tls-port', 0n, 65535n),
  num('tls-session-cache-size', 0n, INT_MAX),
  num('tls-session-cache-timeout', 0n, INT_MAX),

  // Unsigned int configs
  num('maxclients', 1n, UINT_MAX, { unsigned: true }),
  num('unixsocketperm', 0n, 0o777n, { flags: I, unsigned: true, octal: true }),
  num('socket-mark-id', 0n, UINT_MAX, { flags: I, unsigned: true }),

  // Unsigned long configs (bounds checked as signed in Redis)
  num('active-defrag-max-scan-fields', 1n, LONG_MAX),
  num('slowlog-max-len', 0n, LONG_MAX),
  num('acllog-max-len', 0n, LONG_MAX),

  // Long long configs
  num('busy-reply-threshold', 0n, LONG_MAX, { alias: 'lua-time-limit' }),
  num('cluster-node-timeout', 0n, LONG_MAX),
  num('slowlog-log-slower-than', -1n, LONG_MAX),
  num('latency-monitor-threshold', 0n, LONG_MAX),
  num('proto-max-bulk-len', 1024n * 1024n, LONG_MAX, { memory: true }),
  num('stream-node-max-entries', 0n, LONG_MAX),
  num('repl-backlog-size', 1n, LONG_MAX, { memory: true }),

  // Unsigned long long configs
  num('maxmemory', 0n, ULLONG_MAX, { unsigned: true, memory: true }),
  num('cluster-link-sendbuf-limit', 0n, ULLONG_MAX, { unsigned: true, memory: true }),

  // size_t configs
  num('hash-max-listpack-entries', 0n, LONG_MAX, { unsigned: true, alias: 'hash-max-ziplist-entries' }),
  num('set-max-intset-entries', 0n, LONG_MAX, { unsigned: true }),
  num('zset-max-listpack-entries', 0n, LONG_MAX, { unsigned: true, alias: 'zset-max-ziplist-entries' }),
  num('active-defrag-ignore-bytes', 1n, LONG_MAX, { unsigned: true, memory: true }),
  num('hash-max-listpack-value', 0n, LONG_MAX, { unsigned: true, memory: true, alias: 'hash-max-ziplist-value' }),
  num('stream-node-max-bytes', 0n, LONG_MAX, { unsigned: true, memory: true }),
  num('zset-max-listpack-value', 0n, LONG_MAX, { unsigned: true, memory: true, alias: 'zset-max-ziplist-value' }),
  num('hll-sparse-max-bytes', 0n, LONG_MAX, { unsigned: true, memory: true }),
  num('tracking-table-max-keys', 0n, LONG_MAX, { unsigned: true }),
  num('client-query-buffer-limit', 1024n * 1024n, LONG_MAX, { unsigned: true, memory: true }),
  num('maxmemory-clients', -100n, LONG_MAX, { memory: true, percent: true }),

  // Other numeric configs
  num('repl-backlog-ttl', 0n, LONG_MAX),
  num('auto-aof-rewrite-min-size', 0n, LONG_MAX, { memory: true }),
  num('loading-process-events-interval-bytes', 1024n, INT_MAX, { flags: ParamFlag.Hidden }),

  // TLS
  bool('tls-cluster'),
  bool('tls-replication'),
  bool('tls-prefer-server-ciphers'),
  bool('tls-session-caching'),
  str('tls-cert-file'),
  str('tls-key-file'),
  str('tls-key-file-pass'),
  str('tls-client-cert-file'),
  str('tls-client-key-file'),
  str('tls-client-key-file-pass'),
  str('tls-dh-params-file'),
  str('tls-ca-cert-file'),
  str('tls-ca-cert-dir'),
  str('tls-protocols'),
  str('tls-ciphers'),
  str('tls-ciphersuites'),

  // Special configs
  special('dir', 'dir', ParamFlag.Protected),
  special('save', 'save', ParamFlag.MultiArg),
  special('client-output-buffer-limit', 'client-output-buffer-limit', ParamFlag.MultiArg),
  special('oom-score-adj-values', 'oom-score-adj-values', ParamFlag.MultiArg),
  special('notify-keyspace-events', 'notify-keyspace-events'),
  special('bind', 'bind', ParamFlag.MultiArg),
  special('replicaof', 'replicaof', I | ParamFlag.MultiArg, 'slaveof'),
  special('latency-tracking-info-percentiles', 'latency-tracking-info-percentiles', ParamFlag.MultiArg),
];
