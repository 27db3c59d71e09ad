/**
 * INFO (Redis's server.c genRedisInfoString): the sections and fields of Redis 7.0.15, in its
 * order, with CRLF line ends. Values are this engine's own where it has them (keys, commands,
 * errors, clients, config, memory in Redis's accounting) and what a server with no persistence,
 * replicas, sockets or modules reports otherwise. Time spent per command is not measured (usec=0).
 */
import { randomBytes } from 'node:crypto';
import { arch, machine, release, totalmem, type } from 'node:os';
import { type Reply, VerbatimReply } from '../reply.js';
import type { Engine } from '../engine/engine.js';
import type { Session } from '../engine/session.js';
import { bytesToHuman, memoryReport } from '../engine/memory.js';
import { scriptingMemory } from '../engine/scripting.js';
import type { CommandDef } from './spec.js';
import { clientMemory } from './client.js';
import { REDIS_VERSION } from './connection.js';

type Fields = [string, string | number][];

const DEFAULT_SECTIONS = [
  'server', 'clients', 'memory', 'persistence', 'stats', 'replication', 'cpu', 'module_list', 'errorstats', 'cluster', 'keyspace',
];
const ALL_SECTIONS = [
  'server', 'clients', 'memory', 'persistence', 'stats', 'replication', 'cpu', 'module_list', 'commandstats',
  'errorstats', 'latencystats', 'cluster', 'keyspace',
];
const TITLES: Record<string, string> = {
  server: 'Server',
  clients: 'Clients',
  memory: 'Memory',
  persistence: 'Persistence',
  stats: 'Stats',
  replication: 'Replication',
  cpu: 'CPU',
  module_list: 'Modules',
  commandstats: 'Commandstats',
  errorstats: 'Errorstats',
  latencystats: 'Latencystats',
  cluster: 'Cluster',
  keyspace: 'Keyspace',
};

/** Per-engine identities Redis draws at start-up: run_id and master_replid. */
const identities = new WeakMap<Engine, { runId: string; replId: string }>();

function identity(engine: Engine): { runId: string; replId: string } {
  let id = identities.get(engine);
  if (id === undefined) {
    id = { runId: randomBytes(20).toString('hex'), replId: randomBytes(20).toString('hex') };
    identities.set(engine, id);
  }
  return id;
}

const MULTIPLEXING: Record<string, string> = { linux: 'epoll', darwin: 'kqueue', freebsd: 'kqueue', sunos: 'evport' };

function server(engine: Engine): Fields {
  const now = engine.clock.now();
  const uptime = Math.max(0, Math.floor((Date.now() - engine.startedAt) / 1000));
  const config = engine.config;
  return [
    ['redis_version', REDIS_VERSION],
    ['redis_git_sha1', '00000000'],
    ['redis_git_dirty', 0],
    ['redis_build_id', '0'],
    ['redis_mode', 'standalone'],
    ['os', `${type()} ${release()} ${machine()}`],
    ['arch_bits', arch().endsWith('64') ? 64 : 32],
    ['monotonic_clock', 'POSIX clock_gettime'],
    ['multiplexing_api', MULTIPLEXING[process.platform] ?? 'select'],
    ['atomicvar_api', 'c11-builtin'],
    ['gcc_version', '0.0.0'],
    ['process_id', process.pid],
    ['process_supervised', 'no'],
    ['run_id', identity(engine).runId],
    ['tcp_port', config.get('port')!],
    ['server_time_usec', Math.floor(now * 1000)],
    ['uptime_in_seconds', uptime],
    ['uptime_in_days', Math.floor(uptime / 86400)],
    ['hz', config.hz],
    ['configured_hz', config.hz],
    ['lru_clock', Math.floor(engine.lruClock / 1000) & 0xffffff],
    ['executable', process.execPath],
    ['config_file', ''],
    ['io_threads_active', 0],
  ];
}

function clients(engine: Engine): Fields {
  return [
    ['connected_clients', engine.sessions.size],
    ['cluster_connections', 0],
    ['maxclients', engine.config.get('maxclients')!],
    ['client_recent_max_input_buffer', 0],
    ['client_recent_max_output_buffer', 0],
    // Clients held by CLIENT PAUSE count as blocked (BLOCKED_POSTPONE).
    ['blocked_clients', engine.blocking.blockedClients + engine.pause.postponedCount],
    ['tracking_clients', 0],
    ['clients_in_timeout_table', engine.blocking.clientsInTimeoutTable],
  ];
}

function ratio(a: number, b: number): string {
  return b === 0 ? '0.00' : (a / b).toFixed(2);
}

function memory(engine: Engine): Fields {
  const m = memoryReport(engine, clientMemory(engine));
  const rss = process.memoryUsage().rss;
  const total = totalmem();
  const maxmemory = BigInt(engine.config.get('maxmemory')!);
  const datasetBase = m.used - m.startup;
  const lua = scriptingMemory(engine);
  return [
    ['used_memory', m.used],
    ['used_memory_human', bytesToHuman(m.used)],
    ['used_memory_rss', rss],
    ['used_memory_rss_human', bytesToHuman(rss)],
    ['used_memory_peak', m.peak],
    ['used_memory_peak_human', bytesToHuman(m.peak)],
    ['used_memory_peak_perc', `${((m.used * 100) / m.peak).toFixed(2)}%`],
    ['used_memory_overhead', m.overhead],
    ['used_memory_startup', m.startup],
    ['used_memory_dataset', m.dataset],
    ['used_memory_dataset_perc', `${datasetBase > 0 ? ((m.dataset * 100) / datasetBase).toFixed(2) : '0.00'}%`],
    ['allocator_allocated', m.used],
    ['allocator_active', m.used],
    ['allocator_resident', m.used],
    ['total_system_memory', total],
    ['total_system_memory_human', bytesToHuman(total)],
    ['used_memory_lua', lua.vmEval],
    ['used_memory_vm_eval', lua.vmEval],
    ['used_memory_lua_human', bytesToHuman(lua.vmEval)],
    ['used_memory_scripts_eval', lua.scriptsEval],
    ['number_of_cached_scripts', lua.scripts],
    ['number_of_functions', lua.functions],
    ['number_of_libraries', lua.libraries],
    ['used_memory_vm_functions', lua.vmFunctions],
    ['used_memory_vm_total', lua.vmEval + lua.vmFunctions],
    ['used_memory_vm_total_human', bytesToHuman(lua.vmEval + lua.vmFunctions)],
    ['used_memory_functions', lua.functionsOverhead],
    ['used_memory_scripts', lua.scriptsEval + lua.functionsOverhead],
    ['used_memory_scripts_human', bytesToHuman(lua.scriptsEval + lua.functionsOverhead)],
    ['maxmemory', maxmemory.toString()],
    ['maxmemory_human', bytesToHuman(maxmemory)],
    ['maxmemory_policy', engine.config.maxmemoryPolicy],
    ['allocator_frag_ratio', '1.00'],
    ['allocator_frag_bytes', 0],
    ['allocator_rss_ratio', '1.00'],
    ['allocator_rss_bytes', 0],
    ['rss_overhead_ratio', ratio(rss, m.used)],
    ['rss_overhead_bytes', rss - m.used],
    ['mem_fragmentation_ratio', ratio(rss, m.used)],
    ['mem_fragmentation_bytes', rss - m.used],
    ['mem_not_counted_for_evict', 0],
    ['mem_replication_backlog', 0],
    ['mem_total_replication_buffers', 0],
    ['mem_clients_slaves', 0],
    ['mem_clients_normal', m.clients],
    ['mem_cluster_links', 0],
    ['mem_aof_buffer', 0],
    ['mem_allocator', 'libc'],
    ['active_defrag_running', 0],
    ['lazyfree_pending_objects', 0],
    ['lazyfreed_objects', 0],
  ];
}

function persistence(engine: Engine): Fields {
  const aof = engine.config.get('appendonly') === 'yes';
  const fields: Fields = [
    ['loading', 0],
    ['async_loading', 0],
    ['current_cow_peak', 0],
    ['current_cow_size', 0],
    ['current_cow_size_age', 0],
    ['current_fork_perc', '0.00'],
    ['current_save_keys_processed', 0],
    ['current_save_keys_total', 0],
    ['rdb_changes_since_last_save', engine.dirty],
    ['rdb_bgsave_in_progress', 0],
    ['rdb_last_save_time', engine.lastSave],
    ['rdb_last_bgsave_status', 'ok'],
    ['rdb_last_bgsave_time_sec', -1],
    ['rdb_current_bgsave_time_sec', -1],
    ['rdb_saves', 0],
    ['rdb_last_cow_size', 0],
    ['rdb_last_load_keys_expired', 0],
    ['rdb_last_load_keys_loaded', 0],
    ['aof_enabled', aof ? 1 : 0],
    ['aof_rewrite_in_progress', 0],
    ['aof_rewrite_scheduled', 0],
    ['aof_last_rewrite_time_sec', -1],
    ['aof_current_rewrite_time_sec', -1],
    ['aof_last_bgrewrite_status', 'ok'],
    ['aof_rewrites', 0],
    ['aof_rewrites_consecutive_failures', 0],
    ['aof_last_write_status', 'ok'],
    ['aof_last_cow_size', 0],
    ['module_fork_in_progress', 0],
    ['module_fork_last_cow_size', 0],
  ];
  if (aof) {
    fields.push(
      ['aof_current_size', 0],
      ['aof_base_size', 0],
      ['aof_pending_rewrite', 0],
      ['aof_buffer_length', 0],
      ['aof_pending_bio_fsync', 0],
      ['aof_delayed_fsync', 0],
    );
  }
  return fields;
}

function stats(engine: Engine): Fields {
  const s = engine.stats;
  return [
    ['total_connections_received', s.totalConnections],
    ['total_commands_processed', s.totalCommands],
    ['instantaneous_ops_per_sec', 0],
    ['total_net_input_bytes', 0],
    ['total_net_output_bytes', 0],
    ['total_net_repl_input_bytes', 0],
    ['total_net_repl_output_bytes', 0],
    ['instantaneous_input_kbps', '0.00'],
    ['instantaneous_output_kbps', '0.00'],
    ['instantaneous_input_repl_kbps', '0.00'],
    ['instantaneous_output_repl_kbps', '0.00'],
    ['rejected_connections', 0],
    ['sync_full', 0],
    ['sync_partial_ok', 0],
    ['sync_partial_err', 0],
    ['expired_keys', s.expiredKeys],
    ['expired_stale_perc', s.expiredStalePerc.toFixed(2)],
    ['expired_time_cap_reached_count', s.expiredTimeCapReached],
    ['expire_cycle_cpu_milliseconds', 0],
    ['evicted_keys', s.evictedKeys],
    ['evicted_clients', 0],
    ['total_eviction_exceeded_time', 0],
    ['current_eviction_exceeded_time', 0],
    ['keyspace_hits', s.keyspaceHits],
    ['keyspace_misses', s.keyspaceMisses],
    ['pubsub_channels', engine.pubsub.channels.size],
    ['pubsub_patterns', engine.pubsub.patterns.size],
    ['pubsubshard_channels', engine.pubsub.shardChannels.size],
    ['latest_fork_usec', 0],
    ['total_forks', 0],
    ['migrate_cached_sockets', 0],
    ['slave_expires_tracked_keys', 0],
    ['active_defrag_hits', 0],
    ['active_defrag_misses', 0],
    ['active_defrag_key_hits', 0],
    ['active_defrag_key_misses', 0],
    ['total_active_defrag_time', 0],
    ['current_active_defrag_time', 0],
    ['tracking_total_keys', 0],
    ['tracking_total_items', 0],
    ['tracking_total_prefixes', 0],
    ['unexpected_error_replies', 0],
    ['total_error_replies', s.errorReplies],
    ['dump_payload_sanitizations', 0],
    ['total_reads_processed', 0],
    ['total_writes_processed', 0],
    ['io_threaded_reads_processed', 0],
    ['io_threaded_writes_processed', 0],
    ['reply_buffer_shrinks', 0],
    ['reply_buffer_expands', 0],
  ];
}

function replication(engine: Engine): Fields {
  return [
    ['role', 'master'],
    ['connected_slaves', 0],
    ['master_failover_state', 'no-failover'],
    ['master_replid', identity(engine).replId],
    ['master_replid2', '0000000000000000000000000000000000000000'],
    ['master_repl_offset', 0],
    ['second_repl_offset', -1],
    ['repl_backlog_active', 0],
    ['repl_backlog_size', engine.config.get('repl-backlog-size')!],
    ['repl_backlog_first_byte_offset', 0],
    ['repl_backlog_histlen', 0],
  ];
}

/** The process's CPU time (this engine shares its process), "%ld.%06ld" seconds. */
function cpu(): Fields {
  const { user, system } = process.cpuUsage();
  const secs = (micros: number) => (micros / 1e6).toFixed(6);
  return [
    ['used_cpu_sys', secs(system)],
    ['used_cpu_user', secs(user)],
    ['used_cpu_sys_children', '0.000000'],
    ['used_cpu_user_children', '0.000000'],
    ['used_cpu_sys_main_thread', secs(system)],
    ['used_cpu_user_main_thread', secs(user)],
  ];
}

function commandstats(engine: Engine): Fields {
  const out: Fields = [];
  for (const [name, s] of engine.stats.commands) {
    if (s.calls === 0 && s.failed === 0 && s.rejected === 0) continue;
    out.push([
      `cmdstat_${name}`,
      `calls=${s.calls},usec=0,usec_per_call=0.00,rejected_calls=${s.rejected},failed_calls=${s.failed}`,
    ]);
  }
  return out;
}

function errorstats(engine: Engine): Fields {
  return [...engine.stats.errors]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([code, count]): [string, string] => [`errorstat_${code}`, `count=${count}`]);
}

/** How many keys with a TTL the avg_ttl estimate looks at, like the expire cycle's samples. */
const AVG_TTL_SAMPLES = 100;

function keyspace(engine: Engine): Fields {
  const now = engine.clock.now();
  const out: Fields = [];
  for (const db of engine.databases) {
    if (db.dict.size === 0) continue;
    let sum = 0;
    let n = 0;
    for (const e of db.volatile.values()) {
      if (e.expiresAt > now) {
        sum += e.expiresAt - now;
        n++;
      }
      if (n >= AVG_TTL_SAMPLES) break;
    }
    out.push([`db${db.id}`, `keys=${db.dict.size},expires=${db.volatile.size},avg_ttl=${n === 0 ? 0 : Math.round(sum / n)}`]);
  }
  return out;
}

const SECTIONS: Record<string, (engine: Engine) => Fields> = {
  server,
  clients,
  memory,
  persistence,
  stats,
  replication,
  cpu: () => cpu(),
  module_list: () => [],
  commandstats,
  errorstats,
  latencystats: () => [],
  cluster: () => [['cluster_enabled', 0]],
  keyspace,
};

/** genInfoSectionDict: the sections named (any case), `default`, `all` or `everything`; unknown names add nothing. */
function wanted(args: readonly string[]): Set<string> {
  if (args.length === 0) return new Set(DEFAULT_SECTIONS);
  const out = new Set<string>();
  for (const raw of args) {
    const name = raw.toLowerCase();
    if (name === 'all' || name === 'everything') ALL_SECTIONS.forEach((s) => out.add(s));
    else if (name === 'default') DEFAULT_SECTIONS.forEach((s) => out.add(s));
    else if (name === 'modules') out.add('module_list');
    else if (name in SECTIONS) out.add(name);
  }
  return out;
}

export function infoText(engine: Engine, args: readonly string[]): string {
  const sections = wanted(args);
  let text = '';
  for (const name of ALL_SECTIONS) {
    if (!sections.has(name)) continue;
    if (text !== '') text += '\r\n';
    text += `# ${TITLES[name]}\r\n`;
    for (const [k, v] of SECTIONS[name]!(engine)) text += `${k}:${v}\r\n`;
  }
  return text;
}

function info(c: Session, argv: string[]): Reply {
  return new VerbatimReply('txt', infoText(c.engine, argv.slice(1)));
}

export const infoCommands: CommandDef[] = [{ name: 'info', handler: info }];
