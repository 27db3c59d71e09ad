/**
 * Server and connection commands, the deterministic parts exactly and the rest by shape (see
 * normalize.ts): databases, ECHO/PING, CONFIG GET/SET of parameters the runner restores before
 * every run, OBJECT, CLIENT naming, COMMAND INFO/DOCS, DEBUG OBJECT, HELLO 2, RESET, TIME...
 */
import fc from 'fast-check';
import { alt, cmd, key, kw, lit, many, opt, type Spec, value } from './dsl.js';

const dbIndex = fc.oneof({ weight: 4, arbitrary: lit('0', '1') }, { weight: 1, arbitrary: lit('15', '16', '-1', 'x') });

/** CONFIG SET pairs: parameters the runner restores (MUTABLE_CONFIG) with valid and invalid values. */
const configPair = alt(
  cmd('maxmemory-policy', lit('noeviction', 'allkeys-lru', 'allkeys-lfu', 'volatile-ttl', 'volatile-lfu', 'ALLKEYS-LRU', 'bogus')),
  cmd('maxmemory', lit('0', '100mb', '1gb', '104857600', '-1', 'lots')),
  cmd('notify-keyspace-events', lit('', 'KEA', 'Ex', 'gxE', 'A', 'K', 'z')),
  cmd('hz', lit('10', '100', '1', '0', '501', 'x')),
  cmd('timeout', lit('0', '300', '-1')),
  cmd('set-max-intset-entries', lit('512', '1', '0')),
  cmd('hash-max-listpack-entries', lit('128', '0')),
  cmd('lfu-log-factor', lit('10', '0')),
  cmd('no-such-parameter', lit('1')),
);

const configPattern = lit(
  'maxmemory',
  'maxmemory*',
  'hz',
  'HZ',
  'notify-keyspace-events',
  '*max-*-entries',
  'set-max-intset-entries',
  'databases',
  'timeout',
  'no-such-parameter',
  'lfu-*',
  'maxmemory-policy',
  '*-listpack-*',
);

/** Commands whose COMMAND INFO / DOCS are compared (all implemented in issue 2). */
const commandName = lit('get', 'set', 'SET', 'mget', 'bitfield', 'config', 'expire', 'nosuchcommand', 'config|get', 'object');

const clientName = lit('conn1', 'x', '', 'a b', 'name\n', '\xff', 'long-name-0123456789');

export const serverSpecs: Spec[] = [
  { name: 'SELECT', arb: cmd('SELECT', dbIndex), weight: 2 },
  { name: 'DBSIZE', arb: cmd('DBSIZE'), weight: 2 },
  { name: 'FLUSHDB', arb: cmd('FLUSHDB', opt(kw('ASYNC', 'SYNC'))) },
  { name: 'FLUSHALL', arb: cmd('FLUSHALL', opt(kw('ASYNC', 'SYNC'))) },
  { name: 'SWAPDB', arb: cmd('SWAPDB', dbIndex, dbIndex) },
  { name: 'ECHO', arb: cmd('ECHO', value) },
  { name: 'PING', arb: cmd('PING', opt(value)) },
  { name: 'CONFIG GET', arb: cmd('CONFIG', kw('GET'), many(configPattern, 1, 3)), weight: 2 },
  { name: 'CONFIG SET', arb: cmd('CONFIG', kw('SET'), many(configPair, 1, 2)), weight: 2, mutate: false },
  { name: 'CONFIG RESETSTAT', arb: cmd('CONFIG', kw('RESETSTAT')) },
  { name: 'OBJECT ENCODING', arb: cmd('OBJECT', kw('ENCODING'), key), weight: 3 },
  { name: 'OBJECT REFCOUNT', arb: cmd('OBJECT', kw('REFCOUNT'), key) },
  { name: 'OBJECT IDLETIME', arb: cmd('OBJECT', kw('IDLETIME'), key) },
  { name: 'OBJECT FREQ', arb: cmd('OBJECT', kw('FREQ'), key) },
  { name: 'OBJECT HELP', arb: cmd('OBJECT', kw('HELP')) },
  { name: 'CLIENT SETNAME', arb: cmd('CLIENT', kw('SETNAME'), clientName) },
  { name: 'CLIENT GETNAME', arb: cmd('CLIENT', kw('GETNAME')) },
  { name: 'CLIENT NO-EVICT', arb: cmd('CLIENT', kw('NO-EVICT'), kw('ON', 'OFF')) },
  { name: 'CLIENT ID', arb: cmd('CLIENT', kw('ID')) },
  { name: 'CLIENT INFO', arb: cmd('CLIENT', kw('INFO')) },
  // SLOWLOG GET and LEN depend on how long commands took on each server (see NOT_GENERATED).
  { name: 'SLOWLOG HELP', arb: cmd('SLOWLOG', kw('HELP')) },
  { name: 'SLOWLOG RESET', arb: cmd('SLOWLOG', kw('RESET')) },
  { name: 'CLIENT LIST', arb: cmd('CLIENT', kw('LIST')) },
  { name: 'COMMAND INFO', arb: cmd('COMMAND', kw('INFO'), many(commandName, 1, 2)) },
  { name: 'COMMAND DOCS', arb: cmd('COMMAND', kw('DOCS'), commandName) },
  { name: 'COMMAND COUNT', arb: cmd('COMMAND', kw('COUNT')) },
  {
    name: 'COMMAND LIST',
    arb: cmd('COMMAND', kw('LIST'), opt(cmd(kw('FILTERBY'), alt(cmd(kw('PATTERN'), lit('xa*', 'get*', '*')), cmd(kw('ACLCAT'), lit('bitmap', 'keyspace', 'nosuch')), cmd(kw('MODULE'), lit('x')))))),
  },
  { name: 'COMMAND GETKEYS', arb: cmd('COMMAND', kw('GETKEYS'), alt(cmd('SET', key, value), cmd('MSET', key, value, key, value), cmd('GET'), cmd('PING'), cmd('NOSUCH', key))) },
  { name: 'COMMAND GETKEYSANDFLAGS', arb: cmd('COMMAND', kw('GETKEYSANDFLAGS'), alt(cmd('SET', key, value), cmd('LCS', key, key), cmd('COPY', key, key))) },
  { name: 'COMMAND HELP', arb: cmd('COMMAND', kw('HELP')) },
  { name: 'COMMAND', arb: cmd('COMMAND') },
  { name: 'CONFIG HELP', arb: cmd('CONFIG', kw('HELP')) },
  { name: 'CONFIG REWRITE', arb: cmd('CONFIG', kw('REWRITE')) },
  { name: 'CLIENT HELP', arb: cmd('CLIENT', kw('HELP')) },
  { name: 'CLIENT GETREDIR', arb: cmd('CLIENT', kw('GETREDIR')) },
  { name: 'CLIENT TRACKINGINFO', arb: cmd('CLIENT', kw('TRACKINGINFO')) },
  { name: 'CLIENT UNPAUSE', arb: cmd('CLIENT', kw('UNPAUSE')) },
  { name: 'CLIENT UNBLOCK', arb: cmd('CLIENT', kw('UNBLOCK'), lit('999999', 'x'), opt(kw('TIMEOUT', 'ERROR', 'BAD'))) },
  // Only targets that match nobody: a KILL that matched would close the harness's own connections.
  { name: 'CLIENT KILL', arb: cmd('CLIENT', kw('KILL'), alt('1.2.3.4:5', cmd(kw('ID'), lit('999999', 'x')), cmd(kw('ADDR'), '1.2.3.4:5'), cmd(kw('USER'), 'nobody'))), mutate: false },
  { name: 'AUTH', arb: cmd('AUTH', alt(lit('secret'), cmd(lit('default', 'nobody'), lit('secret', '')))) },
  { name: 'DEBUG OBJECT', arb: cmd('DEBUG', kw('OBJECT'), key), mutate: false },
  { name: 'DEBUG SLEEP', arb: cmd('DEBUG', kw('SLEEP'), '0'), mutate: false },
  { name: 'DEBUG SET-ACTIVE-EXPIRE', arb: cmd('DEBUG', kw('SET-ACTIVE-EXPIRE'), '0'), mutate: false },
  { name: 'HELLO', arb: cmd('HELLO', opt(alt('2', cmd('2', kw('SETNAME'), clientName)))) },
  { name: 'RESET', arb: cmd('RESET') },
  { name: 'WAIT', arb: cmd('WAIT', '0', '0'), mutate: false },
  { name: 'TIME', arb: cmd('TIME') },
  { name: 'LASTSAVE', arb: cmd('LASTSAVE') },
  { name: 'MEMORY USAGE', arb: cmd('MEMORY', kw('USAGE'), key, opt(cmd(kw('SAMPLES'), lit('0', '5', '-1')))) },
  { name: 'MEMORY DOCTOR', arb: cmd('MEMORY', kw('DOCTOR')) },
  { name: 'MEMORY MALLOC-STATS', arb: cmd('MEMORY', kw('MALLOC-STATS')) },
  { name: 'MEMORY PURGE', arb: cmd('MEMORY', kw('PURGE')) },
  { name: 'MEMORY HELP', arb: cmd('MEMORY', kw('HELP')) },
  { name: 'DEBUG HELP', arb: cmd('DEBUG', kw('HELP')), mutate: false },
  { name: 'INFO', arb: cmd('INFO', opt(lit('keyspace', 'server', 'KEYSPACE', 'stats', 'nosuchsection'))) },
  // Writers: values whose encodings and refcounts differ (shared integers, embstr, raw).
  { name: 'SET', arb: cmd('SET', key, value), weight: 4 },
  { name: 'APPEND', arb: cmd('APPEND', key, value) },
  { name: 'INCR', arb: cmd('INCR', key) },
  { name: 'SETRANGE', arb: cmd('SETRANGE', key, lit('0', '2'), value) },
];
