/**
 * The scripting commands against the oracle: EVAL and friends, SCRIPT, FUNCTION and FCALL, their
 * errors (full text, SHA1 and line included), the conversions both ways in RESP2 and RESP3, and
 * the `redis` table. The Lua language and libraries have their own corpus suites; these scripts
 * stay on the commands' ground and avoid what depends on table order (Redis iterates its hash
 * order, we insertion order) or on the process (math.random's sequence is server-wide).
 *
 * Every script starts with SCRIPT FLUSH and FUNCTION FLUSH: the oracle keeps scripts and
 * libraries across FLUSHALL.
 */
import { describe, it } from 'vitest';
import { crc64, dumpFunctions } from '../../src/engine/function-payload.js';
import { expectSameAsOracle, type Script } from '../support/differential.js';

const FRESH: Script = [
  ['SCRIPT', 'FLUSH'],
  ['FUNCTION', 'FLUSH'],
  ['CONFIG', 'SET', 'maxmemory', '0'],
  ['CONFIG', 'SET', 'busy-reply-threshold', '5000'],
];

/** HELLO's reply names the connection's id, which differs between the two servers. */
function same(script: Script): Promise<boolean> {
  return expectSameAsOracle([...FRESH, ...script, ...FRESH], (argv, r) => (argv[0] === 'HELLO' ? null : r));
}

const evals = (...scripts: string[]): Script => scripts.map((s) => ['EVAL', s, '0']);

/** A Lua function that prints a value with its types, a table's entries sorted (by hand: no table library needed). */
const DUMP =
  'local function d(v) local t = type(v) if t == "table" then local o = {} for k, x in pairs(v) do o[#o + 1] = d(k) .. "=" .. d(x) end ' +
  'for i = 2, #o do local j = i while j > 1 and o[j] < o[j - 1] do o[j], o[j - 1] = o[j - 1], o[j] j = j - 1 end end ' +
  'local s = "" for i = 1, #o do s = s .. (i > 1 and "," or "") .. o[i] end return "{" .. s .. "}" ' +
  'elseif t == "string" then return "s:" .. v else return t .. ":" .. tostring(v) end end ';

describe('EVAL: Lua values to replies', () => {
  const values = [
    'return 1',
    'return 3.7',
    'return -3.7',
    'return 1e20',
    'return -1e20',
    'return 0/0',
    'return 1/0',
    'return 2^63',
    'return 2^53+1',
    'return -0.5',
    'return true',
    'return false',
    'return nil',
    "return 'x'",
    "return '\\0\\1\\255'",
    'return {}',
    'return {1, 2, nil, 4}',
    "return {1, {2, {3}}, 'x', true, false, 1.9}",
    "return {ok='fine'}",
    'return {ok=3}',
    "return {err='bad'}",
    "return {err='bad', ok='x'}",
    'return {err=5}',
    "return {1, 2, ok='x'}",
    "return {ok='a\\r\\nb'}",
    "return {err='a\\r\\nb\\n'}",
    "return {err=''}",
    "return {err='-x'}",
    "return {err='x\\0y'}",
    'return {double=3.5}',
    'return {double=0.1}',
    'return {double=1/0}',
    "return {double='3'}",
    "return {big_number='123'}",
    "return {big_number='1\\r2'}",
    "return {map={a=1}}",
    "return {map={a={1, 2}}}",
    'return {map={}}',
    "return {set={a=true}}",
    "return {set={}}",
    "return {verbatim_string={format='txt', string='hi'}}",
    "return {verbatim_string={format='txt'}}",
    "return {1, {err='inner'}, {ok='s'}, {double=2.5}}",
    'return function() end',
    'return redis',
    "return redis.status_reply('x')",
    "return redis.error_reply('x')",
    "return redis.error_reply('-X y')",
    "return redis.error_reply('MY err')",
    "return redis.error_reply('')",
    "return redis.error_reply('-')",
    "return redis.error_reply('a\\nb\\n')",
    'return redis.error_reply(3)',
    'return redis.status_reply()',
    'return redis.status_reply(1, 2)',
    "return redis.status_reply('')",
  ];

  it('RESP2', async () => {
    await same(evals(...values));
  });

  it('RESP3, and RESP3 scripts (redis.setresp(3))', async () => {
    await same([['HELLO', '3'], ...evals(...values), ...evals(...values.map((v) => `redis.setresp(3) ${v}`)), ['HELLO', '2']]);
  });

  it('RESP3 script, RESP2 caller', async () => {
    await same(evals(...values.map((v) => `redis.setresp(3) ${v}`)));
  });
});

describe('EVAL: command replies to Lua values', () => {
  const calls = [
    "'zscore', 'z', 'a'",
    "'zscore', 'z', 'nope'",
    "'hgetall', 'h'",
    "'smembers', 's'",
    "'get', 'nokey'",
    "'get', 'str'",
    "'ping'",
    "'set', 'x', '1'",
    "'incr', 'x'",
    "'incrbyfloat', 'x', '0.5'",
    "'lpop', 'nolist'",
    "'zrange', 'z', 0, -1, 'withscores'",
    "'zrandmember', 'z', 1, 'withscores'",
    "'incr', 'str'",
    "'hset', 'h', 'a'",
    "'nosuch'",
    "'blpop', 'nolist', 0",
    "'xread', 'streams', 'nos', '0'",
    "'blmpop', '0', '1', 'nolist', 'LEFT'",
    "'bzmpop', '0', '1', 'noz', 'MIN'",
    "'blmpop', '0', '1', 'z', 'LEFT'",
    "'wait', '0', '0'",
    "'lpos', 'nol', 'a'",
    "'object', 'freq', 'x'",
    "'config', 'get', 'maxmemory'",
    "'type', 'h'",
    "'exists', 'h', 'h'",
    "'echo', 3.0",
    "'echo', 0.1",
    "'echo', -0.0",
    "'echo', 1e300",
    "'echo', 1/0",
    "'echo', 2^53",
  ];
  const setup: Script = [
    ['ZADD', 'z', '1.5', 'a'],
    ['HSET', 'h', 'f', 'v'],
    ['SADD', 's', 'm'],
    ['SET', 'str', 'abc'],
  ];
  const scripts = (resp: number) => calls.map((c): string[] => ['EVAL', `${DUMP} redis.setresp(${resp}) return d(redis.pcall(${c}))`, '0']);

  it('RESP2 and RESP3 scripts', async () => {
    await same([...setup, ...scripts(2), ...scripts(3)]);
  });

  it('errors of redis.call are raised with their text, pcall returns them', async () => {
    await same([
      ...setup,
      ...evals(
        "return redis.call('incr', 'str')",
        "return redis.pcall('incr', 'str')",
        "local x = redis.pcall('incr', 'str') return x.err",
        "return redis.call('nosuch')",
        "return redis.call('get')",
        "return redis.call('config', 'nosuch')",
        "return redis.call('config')",
        "return redis.call('eval', 'return 1', 0)",
        "return redis.call('multi')",
        "return redis.call('client', 'list')",
        'return redis.call()',
        'return redis.pcall()',
        'return redis.call({})',
        "return redis.call('get', {})",
        "return redis.pcall('get', {})",
        "return redis.call('get', nil)",
        "return redis.call('get', true)",
        "return {pcall(redis.call, 'nosuch')}",
        "return {pcall(error, {err='x'})}",
        "return {pcall(error, {err=5})}",
        "local ok, e = pcall(error, {foo=1}) return {ok, type(e)}",
        'return {pcall()}',
        "local ok, e = pcall(redis.call, 'nosuch')\nerror(e)",
        "local e = redis.pcall('nosuch')\nerror(e)",
        "local e = redis.pcall('nosuch')\nreturn e",
      ),
    ]);
  });
});

describe('EVAL: error shapes', () => {
  it('runtime errors, error values and positions', async () => {
    await same(
      evals(
        "error('boom')",
        "error({err='X boom'})",
        "error({err='X', source='s', line=5})",
        'error(nil)',
        'error()',
        'error(true)',
        "error('x', 0)",
        "error('x', 2)",
        "error('a\\nb')",
        'local function f()\n error("deep")\nend\nf()',
        'local function f()\n error("deep", 2)\nend\nf()',
        '\n\nstring.rep()',
        'local t = nil\n\nreturn t.x',
        'local function f()\n return redis.call("nosuch")\nend\n\nreturn f()',
        'return x',
        'x = 1',
        '_G.x = 1',
        'KEYS = 1',
        'return _G.nosuch',
      ),
    );
  });

  it('compile errors, numkeys, NOSCRIPT', async () => {
    await same([
      ['EVAL', 'return +', '0'],
      ['EVAL', 'return "', '0'],
      ['EVAL', 'x = = 1\r\n', '0'],
      ['EVAL', 'return 1', 'x'],
      ['EVAL', 'return 1', '1'],
      ['EVAL', 'return 1', '-1'],
      ['EVAL', 'return 1', '99999999999999999999'],
      ['EVAL', 'return {KEYS, ARGV}', '2', 'a', 'b', 'c', 'd'],
      ['EVAL', 'return {KEYS, ARGV}', '0', 'a'],
      ['EVAL', "KEYS[1] = 'z' return KEYS", '1', 'a'],
      ['EVALSHA', 'abc', '0'],
      ['EVALSHA', 'abc', 'x'],
      ['EVALSHA', '0000000000000000000000000000000000000000', 'x'],
      ['EVALSHA', '0000000000000000000000000000000000000000', '0'],
      ['EVALSHA_RO', '0000000000000000000000000000000000000000', '0'],
      ['EVAL'],
      ['EVAL', 'return 1'],
    ]);
  });

  it('deep and self-referencing tables', async () => {
    await same(
      evals(
        'local t = {} local c = t for i = 1, 500 do c[1] = {} c = c[1] end return t',
        'local t = {} local c = t for i = 1, 500 do c[1] = {map={}} c = c[1].map end return t',
      ),
    );
  });
});

describe('EVAL: the redis table', () => {
  it('functions and constants', async () => {
    await same(
      evals(
        'return redis.REDIS_VERSION',
        'return redis.REDIS_VERSION_NUM',
        'return redis.sha1hex("")',
        'return redis.sha1hex(nil)',
        'return redis.sha1hex({})',
        'return redis.sha1hex(1.5)',
        'return redis.sha1hex("\\0abc")',
        'return redis.sha1hex()',
        'return redis.sha1hex("a", "b")',
        'return redis.log()',
        'return redis.log(1)',
        "return redis.log('x', 'y')",
        "return redis.log(9, 'y')",
        "return redis.log(-1, 'y')",
        "return redis.log('2', 'y', {}, 3)",
        'return redis.log(redis.LOG_DEBUG, "quiet")',
        'return redis.setresp()',
        'return redis.setresp(4)',
        "return redis.setresp('3')",
        'return redis.setresp(2.9)',
        'return redis.set_repl()',
        'return redis.set_repl(4)',
        'return redis.set_repl(redis.REPL_ALL)',
        "return redis.set_repl('x')",
        'return redis.replicate_commands()',
        "return redis.acl_check_cmd('get', 'x')",
        "return redis.acl_check_cmd('nosuch')",
        "return redis.acl_check_cmd('config', 'nosuch')",
        "return redis.acl_check_cmd('config', 'get')",
        'return redis.acl_check_cmd()',
        "return redis.acl_check_cmd('get', {})",
        'return redis.breakpoint()',
        "return redis.debug('x')",
        'return {redis.REPL_NONE, redis.REPL_AOF, redis.REPL_SLAVE, redis.REPL_REPLICA, redis.REPL_ALL, redis.LOG_DEBUG, redis.LOG_VERBOSE, redis.LOG_NOTICE, redis.LOG_WARNING}',
        'return {type(redis.breakpoint), type(redis.debug), type(redis.replicate_commands), type(redis.register_function), type(redis.nosuch)}',
        "return redis.nosuch",
      ),
    );
  });

  it('SELECT inside a script, and the caller’s database', async () => {
    await same([
      ['SELECT', '3'],
      ['EVAL', "redis.call('set', 'a', '1') redis.call('select', '5') redis.call('set', 'b', '2') return redis.call('get', 'a')", '0'],
      ['GET', 'a'],
      ['GET', 'b'],
      ['SELECT', '5'],
      ['GET', 'b'],
      ['EVAL', "return redis.call('get', 'b')", '0'],
      ['SELECT', '0'],
    ]);
  });
});

describe('SCRIPT', () => {
  it('subcommands and their errors', async () => {
    await same([
      ['SCRIPT', 'HELP'],
      ['SCRIPT', 'LOAD', 'return 1'],
      ['SCRIPT', 'EXISTS', 'e0e1f9fabfc9d4800c877a703b823ac0578ff8db', 'E0E1F9FABFC9D4800C877A703B823AC0578FF8DB', 'nope'],
      ['EVALSHA', 'E0E1F9FABFC9D4800C877A703B823AC0578FF8DB', '0'],
      ['EVALSHA_RO', 'e0e1f9fabfc9d4800c877a703b823ac0578ff8db', '0'],
      ['SCRIPT', 'LOAD', 'return +'],
      ['SCRIPT', 'LOAD', '#!lua flags=bad\nreturn 1'],
      ['SCRIPT', 'LOAD'],
      ['SCRIPT', 'EXISTS'],
      ['SCRIPT', 'FLUSH', 'foo'],
      ['SCRIPT', 'FLUSH', 'sync', 'x'],
      ['SCRIPT', 'FLUSH', 'ASYNC'],
      ['SCRIPT', 'EXISTS', 'e0e1f9fabfc9d4800c877a703b823ac0578ff8db'],
      ['SCRIPT', 'FLUSH', 'sync'],
      ['SCRIPT', 'FLUSH'],
      ['SCRIPT', 'KILL'],
      ['SCRIPT', 'KILL', 'x'],
      // SCRIPT DEBUG is left out: a pipelined one is refused ("must be called outside a pipeline").
      ['SCRIPT', 'NOSUCH'],
      ['SCRIPT'],
    ]);
  });

  it('shebangs, flags and the *_RO commands', async () => {
    await same([
      ['EVAL', "return redis.call('set', 'k', 'v')", '0'],
      ['EVAL_RO', "return redis.call('set', 'k', 'v')", '0'],
      ['EVAL_RO', "return redis.pcall('set', 'k', 'v')", '0'],
      ['EVAL_RO', "return redis.call('get', 'k')", '1', 'k'],
      ['EVAL', '#!lua\nreturn redis.call("set", "k", "v")', '0'],
      ['EVAL', '#!lua flags=no-writes\nreturn redis.call("set", "k", "v")', '0'],
      ['EVAL_RO', '#!lua\nreturn 1', '0'],
      ['EVAL_RO', '#!lua flags=no-writes\nreturn 1', '0'],
      ['EVAL', '#!lua flags=bad\nreturn 1', '0'],
      ['EVAL', '#!lua flags=no-writes,,allow-oom\nreturn 1', '0'],
      ['EVAL', '#!lua foo=bar\nreturn 1', '0'],
      ['EVAL', '#!luax\nreturn 1', '0'],
      ['EVAL', '#!\nreturn 1', '0'],
      ['EVAL', '#!lua', '0'],
      ['EVAL', '#!lua flags=\nreturn 1', '0'],
      ['EVAL', '#!lua flags=no-writes,allow-oom,allow-stale,no-cluster,allow-cross-slot-keys\nreturn 1', '0'],
      ['EVAL', '#!lua  flags=no-writes\nreturn 1', '0'],
      ['EVAL', '#!lua "flags=no-writes"\nreturn 1', '0'],
      ['EVAL', '#!lua "flags=no-writes\nreturn 1', '0'],
      ['EVAL', '#!lua name=x\nreturn 1', '0'],
      ['EVAL', '#!lua\nreturn +', '0'],
      ['EVAL', '#!lua\r\nreturn 1', '0'],
      ['EVAL', '#!lua flags=No-Writes\nreturn 1', '0'],
      ['EVAL', '#!lua\nerror("x")', '0'],
    ]);
  });

  it('out of memory: compat scripts, shebang scripts, allow-oom', async () => {
    await same([
      ['SET', 'big', 'x'.repeat(20000)],
      ['CONFIG', 'SET', 'maxmemory', '1'],
      ['EVAL', "return redis.call('get', 'nokey')", '0'],
      ['EVAL', "return redis.call('set', 'k', 'v')", '0'],
      ['EVAL', "return redis.pcall('set', 'k', 'v')", '0'],
      ['EVAL', "redis.call('del', 'nokey') return redis.call('set', 'k', 'v')", '0'],
      ['EVAL', '#!lua\nreturn 1', '0'],
      ['EVAL', '#!lua flags=no-writes\nreturn 1', '0'],
      ['EVAL', "#!lua flags=allow-oom\nreturn redis.call('set', 'k2', 'v')", '0'],
      ['CONFIG', 'SET', 'maxmemory', '0'],
    ]);
  });
});

describe('FUNCTION and FCALL', () => {
  const LIB = '#!lua name=mylib\nredis.register_function("f1", function(keys, args) return {keys, args} end)';

  it('LOAD, FCALL, LIST, DELETE, STATS, FLUSH', async () => {
    await same([
      ['FUNCTION', 'LOAD', LIB],
      ['FCALL', 'f1', '2', 'a', 'b', 'c', 'd'],
      ['FCALL', 'F1', '0'],
      ['FCALL_RO', 'f1', '0'],
      ['FCALL', 'nosuch', '0'],
      ['FCALL', 'f1', 'x'],
      ['FCALL', 'nosuch', 'x'],
      ['FCALL', 'f1', '1'],
      ['FCALL', 'f1', '-1'],
      ['FUNCTION', 'LOAD', LIB],
      ['FUNCTION', 'LOAD', 'REPLACE', LIB],
      ['FUNCTION', 'LOAD', 'replace', 'replace', LIB],
      ['FUNCTION', 'LOAD', 'foo', LIB],
      ['FUNCTION', 'LOAD', 'replace'],
      ['FUNCTION', 'LIST'],
      ['FUNCTION', 'LIST', 'WITHCODE'],
      ['FUNCTION', 'LIST', 'LIBRARYNAME', 'MY*'],
      ['FUNCTION', 'LIST', 'libraryname', 'other'],
      ['FUNCTION', 'LIST', 'WITHCODE', 'WITHCODE'],
      ['FUNCTION', 'LIST', 'LIBRARYNAME'],
      ['FUNCTION', 'LIST', 'foo'],
      ['FUNCTION', 'STATS'],
      ['FUNCTION', 'KILL'],
      ['FUNCTION', 'HELP'],
      ['FUNCTION', 'DELETE', 'mylib'],
      ['FUNCTION', 'DELETE', 'mylib'],
      ['FUNCTION', 'DELETE'],
      ['FUNCTION', 'LOAD', LIB],
      ['FUNCTION', 'FLUSH', 'x'],
      ['FUNCTION', 'FLUSH', 'sync', 'x'],
      ['FUNCTION', 'FLUSH', 'ASYNC'],
      ['FUNCTION', 'LIST'],
      ['FUNCTION', 'STATS'],
      ['HELLO', '3'],
      ['FUNCTION', 'LOAD', LIB],
      ['FUNCTION', 'LIST'],
      ['FUNCTION', 'STATS'],
      ['HELLO', '2'],
    ]);
  });

  it('library metadata errors', async () => {
    await same([
      ['FUNCTION', 'LOAD', 'return 1'],
      ['FUNCTION', 'LOAD', '#!lua\nreturn 1'],
      ['FUNCTION', 'LOAD', '#!lua name=\nreturn 1'],
      ['FUNCTION', 'LOAD', '#!lua name=a-b\nreturn 1'],
      ['FUNCTION', 'LOAD', '#!lua name=x'],
      ['FUNCTION', 'LOAD', '#!js name=x\nreturn 1'],
      ['FUNCTION', 'LOAD', '#!LUA name=x\nredis.register_function("fx", function() return 1 end)'],
      ['FUNCTION', 'LOAD', '#!lua name=x foo=bar\nreturn 1'],
      ['FUNCTION', 'LOAD', '#!lua name=x name=y\nreturn 1'],
      ['FUNCTION', 'LOAD', '#!lua NAME=y\nredis.register_function("fy", function() return 1 end)'],
      ['FUNCTION', 'LOAD', '#!lua name=z\nredis.register_function("fx", function() return 1 end)'],
      ['FUNCTION', 'LOAD', '#!lua name=z\nreturn +'],
      ['FUNCTION', 'LOAD', '#!lua name=z\nreturn 1'],
      ['FUNCTION', 'LOAD', '#!lua "name=z"\nredis.register_function("fz", function() return 1 end)'],
      ['FCALL', 'fz', '0'],
    ]);
  });

  it('FUNCTION LOAD has its own 500 ms budget', async () => {
    await same([
      ['FUNCTION', 'LOAD', '#!lua name=t\nlocal i = 0 while true do i = i + 1 end'],
      ['FUNCTION', 'LIST'],
    ]);
  });

  it('register_function: forms, flags and errors', async () => {
    const bodies = [
      'redis.register_function()',
      'redis.register_function(1, 2, 3)',
      "redis.register_function('a')",
      'redis.register_function({})',
      "redis.register_function({function_name='a'})",
      'redis.register_function({callback=function() end})',
      "redis.register_function({function_name='a', callback=function() end, flags={'bad'}})",
      "redis.register_function({function_name='a', callback=function() end, flags='no-writes'})",
      "redis.register_function({function_name='a', callback=function() end, foo=1})",
      'redis.register_function({function_name={}, callback=function() end})',
      "redis.register_function({function_name='a', callback=1})",
      "redis.register_function({function_name='a', description={}, callback=function() end})",
      "redis.register_function({[1]='a', callback=function() end})",
      'redis.register_function({}, function() end)',
      "redis.register_function('a', 1)",
      "redis.register_function('a', function() end, 1)",
      "redis.register_function('', function() end)",
      "redis.register_function('a-b', function() end)",
      "redis.register_function({function_name='a', callback=function() end, flags={1}})",
      "redis.register_function('a', function() end) redis.register_function('a', function() end)",
      "redis.register_function('a', function() end) error('x')",
      "redis.register_function('a', function() end) local x = redis.call",
      "local s = string.format('%d', 1)",
      'local x = math',
      'local x = _G',
      'x = 1',
      "redis.setresp(3)",
      "redis.log(redis.LOG_NOTICE, 'x') return 1",
      // Each of these loads; FCALL a shows the registration.
      "redis.register_function({function_name='a', description=1, callback=function() return 1 end})",
      "redis.register_function(1, function() return 1 end)",
      "redis.register_function({function_name='a', callback=function() return 1 end, flags={'no-writes', nil, 'bad'}})",
      "redis.register_function({function_name='a', callback=function() return 1 end, FLAGS={}, Description='x'})",
      "local f = redis.register_function; f('a', function() return 1 end)",
      "redis.register_function('a', function() return 1 end) return redis.LOG_NOTICE",
      "redis.register_function{function_name='a', callback=function() return 2 end, flags={'no-writes', 'ALLOW-OOM', 'allow-stale', 'no-cluster', 'allow-cross-slot-keys'}, description='desc'}",
    ];
    await same(
      bodies.flatMap((b): Script => [
        ['FUNCTION', 'LOAD', 'REPLACE', `#!lua name=z\n${b}`],
        ['FUNCTION', 'LIST'],
        ['FCALL', 'a', '0'],
        ['FUNCTION', 'FLUSH'],
      ]),
    );
  });

  it('what functions see at run time, and their error shapes', async () => {
    const lib =
      '#!lua name=x\n' +
      'redis.register_function("fx", function(k, a) return {type(redis.breakpoint), type(redis.debug), type(redis.replicate_commands), type(redis.set_repl), type(redis.setresp), type(redis.acl_check_cmd), type(redis.register_function), type(redis.sha1hex)} end)\n' +
      'redis.register_function("fk", function(k, a) return KEYS end)\n' +
      'redis.register_function("fw", function() x = 1 end)\n' +
      'redis.register_function("fg", function() _G.x = 1 end)\n' +
      'redis.register_function("fn", function() return _G.nosuch end)\n' +
      'redis.register_function("fe", function() error("boom") end)\n' +
      'redis.register_function("ft", function() error({err="X", source="s", line=5}) end)\n' +
      'redis.register_function("fc", function() redis.call("nosuch") end)\n' +
      'redis.register_function("fs", function(keys) return redis.call("set", keys[1], "v") end)\n' +
      'redis.register_function("fr", function() return string.rep("a", 3) end)\n' +
      'local reg = redis.register_function\n' +
      'redis.register_function("fl", function() reg("z", function() end) end)\n' +
      'local lr = redis\n' +
      'redis.register_function("fv", function() return {lr.REDIS_VERSION, lr.nosuch} end)\n';
    await same([
      ['FUNCTION', 'LOAD', lib],
      ...['fx', 'fk', 'fw', 'fg', 'fn', 'fe', 'ft', 'fc', 'fr', 'fl', 'fv'].map((f) => ['FCALL', f, '0']),
      ['FCALL', 'fs', '1', 'k'],
      ['FCALL_RO', 'fs', '1', 'k'],
      ['GET', 'k'],
    ]);
  });

  it('flags at run time: no-writes, *_RO, out of memory', async () => {
    await same([
      [
        'FUNCTION',
        'LOAD',
        "#!lua name=y\nredis.register_function{function_name='ro', callback=function() return redis.call('set', 'k', 'v') end, flags={'no-writes'}}\n" +
          "redis.register_function{function_name='oom', callback=function() return redis.call('set', 'k', 'v') end, flags={'allow-oom'}}\n" +
          "redis.register_function('rw', function() return redis.call('set', 'k', 'v') end)",
      ],
      ['FCALL', 'ro', '0'],
      ['FCALL_RO', 'ro', '0'],
      ['FCALL_RO', 'rw', '0'],
      ['SET', 'big', 'x'.repeat(20000)],
      ['CONFIG', 'SET', 'maxmemory', '1'],
      ['FCALL', 'rw', '0'],
      ['FCALL', 'ro', '0'],
      ['FCALL', 'oom', '0'],
      ['CONFIG', 'SET', 'maxmemory', '0'],
    ]);
  });

  it('DUMP and RESTORE', async () => {
    const small = '#!lua name=s\nredis.register_function("f", function() return 1 end)';
    const big = "#!lua name=big\nredis.register_function('g', function() return 'a long enough body to compress, compress, compress' end)";
    const f2 = '#!lua name=s2\nredis.register_function("f2", function() return 2 end)';
    const dumped = dumpFunctions([small], true);
    await same([
      ['FUNCTION', 'DUMP'],
      ['FUNCTION', 'LOAD', small],
      ['FUNCTION', 'DUMP'],
      ['FUNCTION', 'FLUSH'],
      ['FUNCTION', 'LOAD', big],
      ['FUNCTION', 'DUMP'],
      ['CONFIG', 'SET', 'rdbcompression', 'no'],
      ['FUNCTION', 'DUMP'],
      ['CONFIG', 'SET', 'rdbcompression', 'yes'],
      ['FUNCTION', 'RESTORE', 'abc'],
      ['FUNCTION', 'RESTORE', 'abc', 'foo'],
      ['FUNCTION', 'RESTORE', 'abc', 'flush', 'x'],
      ['FUNCTION', 'RESTORE', dumped],
      ['FUNCTION', 'RESTORE', dumped],
      ['FUNCTION', 'RESTORE', dumped, 'APPEND'],
      ['FUNCTION', 'RESTORE', dumped, 'REPLACE'],
      ['FCALL', 'f', '0'],
      ['FUNCTION', 'RESTORE', dumped, 'FLUSH'],
      ['FCALL', 'g', '0'],
      ['FCALL', 'f', '0'],
      ['FUNCTION', 'LOAD', '#!lua name=other\nredis.register_function("f2", function() return 1 end)'],
      ['FUNCTION', 'RESTORE', dumpFunctions([f2], true), 'REPLACE'],
      ['FUNCTION', 'RESTORE', dumpFunctions([f2, f2], false), 'FLUSH'],
      ['FUNCTION', 'RESTORE', dumpFunctions(['#!lua name=bad\nreturn +'], false), 'FLUSH'],
      ['FUNCTION', 'RESTORE', `${dumped.slice(0, -1)}x`],
      ['FUNCTION', 'RESTORE', withFooter(`\xf6${dumped.slice(1, -10)}`)],
      ['FUNCTION', 'RESTORE', withFooter(`\x00${dumped.slice(1, -10)}`)],
      ['FUNCTION', 'RESTORE', withFooter('\xf5\x3fabc')],
      ['FUNCTION', 'RESTORE', withFooter('')],
      ['FUNCTION', 'RESTORE', `${dumped.slice(0, -10)}\x0b${dumped.slice(-9)}`],
      // The 7.0 release candidates' format: name, engine, an optional description, the code.
      ['FUNCTION', 'RESTORE', withFooter(`\xf6${raw('pre')}${raw('LUA')}\x00${raw('redis.register_function("p", function() return 7 end)')}`)],
      ['FCALL', 'p', '0'],
      ['FUNCTION', 'LIST', 'WITHCODE', 'LIBRARYNAME', 'pre'],
      ['FUNCTION', 'RESTORE', withFooter(`\xf6${raw('pre2')}${raw('lua')}\x01${raw('desc')}${raw('redis.register_function("p2", function() return 8 end)')}`)],
      ['FCALL', 'p2', '0'],
      ['FUNCTION', 'RESTORE', withFooter(`\xf6${raw('pre3')}${raw('LUA')}\x01`)],
      ['FUNCTION', 'RESTORE', withFooter(`\xf6${raw('pre3')}`)],
      // Libraries list in Redis's hash order: one at a time.
      ['FUNCTION', 'LIST', 'LIBRARYNAME', 's'],
      ['FUNCTION', 'LIST', 'LIBRARYNAME', 'other'],
    ]);
  });
});

/** An RDB string stored as it is (shorter than 64 bytes). */
function raw(s: string): string {
  return String.fromCharCode(s.length) + s;
}

/** A payload body with Redis's footer: the RDB version and the CRC64 of everything before it. */
function withFooter(body: string): string {
  const p = `${body}\x0a\x00`;
  let crc = crc64(p);
  let out = p;
  for (let i = 0; i < 8; i++) {
    out += String.fromCharCode(Number(crc & 0xffn));
    crc >>= 8n;
  }
  return out;
}
