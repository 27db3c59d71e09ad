/**
 * EVAL / EVALSHA / SCRIPT / FUNCTION / FCALL through a Session: the script client, conversions,
 * error shapes, the sandbox's effects on commands, and the engine-level bookkeeping (MONITOR,
 * SLOWLOG, INFO, WATCH, keyspace events, the time budget). Replies are checked as the wire
 * carries them; test/fidelity/scripting.test.ts compares the same ground with the oracle.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { Session } from '../../src/engine/session.js';
import { scriptFailure, scriptingOf } from '../../src/engine/scripting.js';
import { libFunction } from '../../src/scripting/lauxlib.js';
import { ScriptTimeoutError } from '../../src/scripting/runtime.js';
import { crc64, dumpFunctions, PayloadReader, verifyPayload } from '../../src/engine/function-payload.js';
import { luaToReply, replyToLua, ScriptErrorReply } from '../../src/scripting/convert.js';
import { LuaError, LuaTable } from '../../src/scripting/values.js';
import { BoolReply, DoubleReply, ErrorReply, MapReply, NIL_ARRAY, type Reply, SetReply, StatusReply, VerbatimReply } from '../../src/reply.js';
import { encodeReply } from '../../src/protocol/resp.js';

function session(engine = new Engine({ activeExpire: false })): Session {
  return new Session(engine);
}

/** The reply as RESP text in the session's protocol, for compact assertions. */
function wire(s: Session, argv: string[]): string {
  return encodeReply(s.execute(argv), s.resp);
}

function evalWire(s: Session, script: string, ...rest: string[]): string {
  return wire(s, ['EVAL', script, ...(rest.length ? rest : ['0'])]);
}

/** A bulk or verbatim reply's text (INFO, CLIENT LIST). */
function text(r: Reply): string {
  return r instanceof VerbatimReply ? r.text : String(r);
}

function err(r: Reply): string {
  expect(r).toBeInstanceOf(ErrorReply);
  return (r as ErrorReply).message;
}

const SHA_RETURN_1 = 'e0e1f9fabfc9d4800c877a703b823ac0578ff8db';

describe('EVAL basics', () => {
  it('passes KEYS and ARGV and runs commands in the caller’s database', () => {
    const s = session();
    s.execute(['SELECT', '3']);
    expect(evalWire(s, "return redis.call('SET', KEYS[1], ARGV[1])", '1', 'k', 'v')).toBe('+OK\r\n');
    expect(wire(s, ['GET', 'k'])).toBe('$1\r\nv\r\n');
    expect(evalWire(s, 'return {KEYS[1], KEYS[2], ARGV[1], #KEYS, #ARGV}', '2', 'a', 'b', 'c')).toBe(
      '*5\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n:2\r\n:1\r\n',
    );
  });

  it('SELECT inside a script changes only the script client’s database', () => {
    const s = session();
    expect(evalWire(s, "redis.call('select', '5') redis.call('set', 'x', '1') return redis.call('get', 'x')")).toBe('$1\r\n1\r\n');
    expect(wire(s, ['EXISTS', 'x'])).toBe(':0\r\n');
    s.execute(['SELECT', '5']);
    expect(wire(s, ['GET', 'x'])).toBe('$1\r\n1\r\n');
    // Each script starts in the caller's database again.
    s.execute(['SELECT', '0']);
    expect(evalWire(s, "return redis.call('exists', 'x')")).toBe(':0\r\n');
  });

  it('converts Lua values to replies as Redis does', () => {
    const s = session();
    expect(evalWire(s, 'return 3.7')).toBe(':3\r\n');
    expect(evalWire(s, 'return -3.7')).toBe(':-3\r\n');
    expect(evalWire(s, 'return 1e20')).toBe(':-9223372036854775808\r\n');
    expect(evalWire(s, 'return 0/0')).toBe(':-9223372036854775808\r\n');
    expect(evalWire(s, 'return 2^53+1')).toBe(':9007199254740992\r\n');
    expect(evalWire(s, 'return true')).toBe(':1\r\n');
    expect(evalWire(s, 'return false')).toBe('$-1\r\n');
    expect(evalWire(s, 'return nil')).toBe('$-1\r\n');
    expect(evalWire(s, 'return {1, 2, nil, 4}')).toBe('*2\r\n:1\r\n:2\r\n');
    expect(evalWire(s, "return {ok='fine'}")).toBe('+fine\r\n');
    expect(evalWire(s, 'return {ok=3}')).toBe('*0\r\n');
    expect(evalWire(s, "return {err='bad'}")).toBe('-bad\r\n');
    expect(evalWire(s, "return {err='a\\r\\nb\\n'}")).toBe('-a  b\r\n');
    expect(evalWire(s, "return {ok='a\\r\\nb'}")).toBe('+a  b\r\n');
    expect(evalWire(s, 'return {double=3.5}')).toBe('$3\r\n3.5\r\n');
    expect(evalWire(s, "return {big_number='123'}")).toBe('$3\r\n123\r\n');
    expect(evalWire(s, "return {verbatim_string={format='txt', string='hi'}}")).toBe('$2\r\nhi\r\n');
    expect(evalWire(s, 'return {map={a=1}}')).toBe('*2\r\n$1\r\na\r\n:1\r\n');
    expect(evalWire(s, 'return {set={a=true}}')).toBe('*1\r\n$1\r\na\r\n');
    expect(evalWire(s, 'return function() end')).toBe('$-1\r\n');
  });

  it('RESP3: booleans after redis.setresp(3), nulls as the caller’s protocol says', () => {
    const s = session();
    s.execute(['HELLO', '3']);
    expect(evalWire(s, 'return {true, false}')).toBe('*2\r\n:1\r\n_\r\n');
    expect(evalWire(s, "redis.setresp(3) return {true, false, {double=1.5}, {big_number='12'}, {map={a=1}}, {set={b=true}}}")).toBe(
      '*6\r\n#t\r\n#f\r\n,1.5\r\n(12\r\n%1\r\n$1\r\na\r\n:1\r\n~1\r\n$1\r\nb\r\n',
    );
    expect(evalWire(s, "return {verbatim_string={format='txt', string='hi'}}")).toBe('=6\r\ntxt:hi\r\n');
  });

  it('converts command replies for RESP2 and RESP3 scripts', () => {
    const s = session();
    s.execute(['ZADD', 'z', '1.5', 'a']);
    s.execute(['HSET', 'h', 'f', 'v']);
    // Tables print in pairs() order: the array part, then keys as inserted.
    const dump =
      'local function d(v) local t = type(v) if t == "table" then local o = "" for k, x in pairs(v) do o = o .. (o == "" and "" or ",") .. d(k) .. "=" .. d(x) end ' +
      'return "{" .. o .. "}" elseif t == "string" then return "s:" .. v else return t .. ":" .. tostring(v) end end ';
    const call = (resp: number, args: string) => evalWire(s, `${dump} redis.setresp(${resp}) return d(redis.pcall(${args}))`);
    const bulk = (text: string) => `$${text.length}\r\n${text}\r\n`;
    expect(call(2, "'zscore', 'z', 'a'")).toBe(bulk('s:1.5'));
    expect(call(3, "'zscore', 'z', 'a'")).toBe(bulk('{s:double=number:1.5}'));
    expect(call(2, "'get', 'nokey'")).toBe(bulk('boolean:false'));
    expect(call(3, "'get', 'nokey'")).toBe(bulk('nil:nil'));
    expect(call(2, "'hgetall', 'h'")).toBe(bulk('{number:1=s:f,number:2=s:v}'));
    expect(call(3, "'hgetall', 'h'")).toBe(bulk('{s:map={s:f=s:v}}'));
    expect(call(2, "'ping'")).toBe(bulk('{s:ok=s:PONG}'));
    expect(call(2, "'incr', 'h'")).toBe(
      bulk('{s:err=s:WRONGTYPE Operation against a key holding the wrong kind of value,s:ignore_error_stats_update=boolean:true}'),
    );
    expect(call(2, "'hset', 'h', 'a'")).toBe(bulk('{s:err=s:ERR Wrong number of args calling Redis command from script,s:ignore_error_stats_update=boolean:true}'));
  });

  it('a table that contains itself stops at the stack limit instead of looping', () => {
    const s = session();
    const text = evalWire(s, 'local t = {} t[1] = t return t');
    expect(text.endsWith('-ERR reached lua stack limit\r\n')).toBe(true);
  });
});

describe('errors', () => {
  it('runtime, raised and compile errors', () => {
    const s = session();
    const sha = (body: string) => scriptingOf(s.engine).createScript(body) as { sha: string };
    expect(err(s.execute(['EVAL', "error('boom')", '0']))).toBe(`ERR user_script:1: boom script: ${sha("error('boom')").sha}, on @user_script:1.`);
    expect(err(s.execute(['EVAL', "error({err='X boom'})", '0']))).toBe(`X boom script: ${sha("error({err='X boom'})").sha}, on @user_script:1.`);
    expect(err(s.execute(['EVAL', 'error(nil)', '0']))).toMatch(/^ERR nil script: [0-9a-f]{40}, on @user_script:1\.$/);
    expect(err(s.execute(['EVAL', 'return +', '0']))).toBe("ERR Error compiling script (new function): user_script:1: unexpected symbol near '+'");
    expect(err(s.execute(['EVAL', "return redis.call('nosuch')", '0']))).toMatch(/^ERR Unknown Redis command called from script script: [0-9a-f]{40}, on @user_script:1\.$/);
    expect(err(s.execute(['EVAL', "return redis.call('get')", '0']))).toMatch(/^ERR Wrong number of args calling Redis command from script script: /);
    expect(err(s.execute(['EVAL', "return redis.call('config', 'nosuch')", '0']))).toMatch(/^ERR Unknown Redis command called from script script: /);
    expect(err(s.execute(['EVAL', "return redis.call('eval', 'return 1', '0')", '0']))).toMatch(/^ERR This Redis command is not allowed from script script: /);
    expect(err(s.execute(['EVAL', 'return redis.call()', '0']))).toMatch(/^ERR Please specify at least one argument for this redis lib call script: /);
    expect(err(s.execute(['EVAL', "return redis.call('get', {})", '0']))).toMatch(/^ERR Lua redis lib command arguments must be strings or integers script: /);
    expect(err(s.execute(['EVAL', "return redis.pcall('get', {})", '0']))).toBe('ERR Lua redis lib command arguments must be strings or integers');
    expect(err(s.execute(['EVAL', "return redis.pcall('set', 'k')", '0']))).toBe('ERR Wrong number of args calling Redis command from script');
    expect(err(s.execute(['EVAL', "error('a\\nb')", '0']))).toMatch(/^ERR user_script:1: a b script: /);
  });

  it('numkeys and EVALSHA argument errors', () => {
    const s = session();
    expect(err(s.execute(['EVAL', 'return 1', 'x']))).toBe('ERR value is not an integer or out of range');
    expect(err(s.execute(['EVAL', 'return 1', '1']))).toBe("ERR Number of keys can't be greater than number of args");
    expect(err(s.execute(['EVAL', 'return 1', '-1']))).toBe("ERR Number of keys can't be negative");
    // A SHA of the wrong length cannot match: NOSCRIPT before numkeys is even read.
    expect(err(s.execute(['EVALSHA', 'abc', 'x']))).toBe('NOSCRIPT No matching script. Please use EVAL.');
    expect(err(s.execute(['EVALSHA', '0'.repeat(40), 'x']))).toBe('ERR value is not an integer or out of range');
    expect(err(s.execute(['EVALSHA', '0'.repeat(40), '0']))).toBe('NOSCRIPT No matching script. Please use EVAL.');
  });

  it('the global pcall hands back an error table’s message', () => {
    const s = session();
    expect(evalWire(s, "return {pcall(redis.call, 'nosuch')}")).toBe('*2\r\n$-1\r\n$44\r\nERR Unknown Redis command called from script\r\n');
    expect(evalWire(s, "return {pcall(error, {err=5})}")).toBe('*2\r\n$-1\r\n:5\r\n');
    expect(evalWire(s, 'return {pcall()}')).toBe('*2\r\n$-1\r\n$31\r\nattempt to call a boolean value\r\n');
  });
});

describe('SCRIPT', () => {
  it('LOAD, EXISTS (any case), EVALSHA, FLUSH', () => {
    const s = session();
    expect(wire(s, ['SCRIPT', 'LOAD', 'return 1'])).toBe(`$40\r\n${SHA_RETURN_1}\r\n`);
    expect(wire(s, ['SCRIPT', 'EXISTS', SHA_RETURN_1, SHA_RETURN_1.toUpperCase(), 'nope'])).toBe('*3\r\n:1\r\n:1\r\n:0\r\n');
    expect(wire(s, ['EVALSHA', SHA_RETURN_1.toUpperCase(), '0'])).toBe(':1\r\n');
    expect(wire(s, ['EVALSHA_RO', SHA_RETURN_1, '0'])).toBe(':1\r\n');
    expect(wire(s, ['SCRIPT', 'FLUSH', 'ASYNC'])).toBe('+OK\r\n');
    expect(wire(s, ['SCRIPT', 'EXISTS', SHA_RETURN_1])).toBe('*1\r\n:0\r\n');
    expect(err(s.execute(['SCRIPT', 'FLUSH', 'foo']))).toBe('ERR SCRIPT FLUSH only support SYNC|ASYNC option');
    expect(err(s.execute(['SCRIPT', 'LOAD', 'return +']))).toBe("ERR Error compiling script (new function): user_script:1: unexpected symbol near '+'");
  });

  it('KILL finds nothing running (scripts run inside one command); DEBUG NO is accepted', () => {
    const s = session();
    expect(err(s.execute(['SCRIPT', 'KILL']))).toBe('NOTBUSY No scripts in execution right now.');
    expect(err(s.execute(['FUNCTION', 'KILL']))).toBe('NOTBUSY No scripts in execution right now.');
    expect(wire(s, ['SCRIPT', 'DEBUG', 'NO'])).toBe('+OK\r\n');
    expect(err(s.execute(['SCRIPT', 'DEBUG', 'maybe']))).toBe('ERR Use SCRIPT DEBUG YES/SYNC/NO');
  });

  it('a shebang sets flags: no-writes refuses writes, *_RO needs no-writes', () => {
    const s = session();
    expect(err(s.execute(['EVAL', "#!lua flags=no-writes\nreturn redis.call('set','k','v')", '0']))).toMatch(
      /^ERR Write commands are not allowed from read-only scripts\. script: [0-9a-f]{40}, on @user_script:2\.$/,
    );
    expect(err(s.execute(['EVAL_RO', '#!lua\nreturn 1', '0']))).toBe('ERR Can not execute a script with write flag using *_ro command.');
    expect(wire(s, ['EVAL_RO', '#!lua flags=no-writes\nreturn 1', '0'])).toBe(':1\r\n');
    expect(err(s.execute(['EVAL_RO', "return redis.call('set','k','v')", '0']))).toMatch(/^ERR Write commands are not allowed from read-only scripts\. script: /);
    expect(err(s.execute(['EVAL', '#!lua flags=bad\nreturn 1', '0']))).toBe('ERR Unexpected flag in script shebang: bad');
    expect(err(s.execute(['EVAL', '#!lua foo=bar\nreturn 1', '0']))).toBe('ERR Unknown lua shebang option: foo=bar');
    expect(err(s.execute(['EVAL', '#!luax\nreturn 1', '0']))).toBe('ERR Unexpected engine in script shebang: #!luax');
    expect(err(s.execute(['EVAL', '#!lua', '0']))).toBe('ERR Invalid script shebang');
    expect(wire(s, ['EVAL', '#!lua  flags=no-writes,allow-oom,allow-stale,no-cluster,allow-cross-slot-keys\nreturn 1', '0'])).toBe(':1\r\n');
    expect(err(s.execute(['EVAL', '#!lua\nreturn +', '0']))).toBe("ERR Error compiling script (new function): user_script:2: unexpected symbol near '+'");
  });
});

describe('the redis table', () => {
  it('status_reply, error_reply, sha1hex, log, setresp, set_repl, acl_check_cmd, version', () => {
    const s = session();
    expect(evalWire(s, "return redis.status_reply('x')")).toBe('+x\r\n');
    expect(evalWire(s, "return redis.error_reply('x')")).toBe('-ERR x\r\n');
    expect(evalWire(s, "return redis.error_reply('MY err')")).toBe('-MY err\r\n');
    expect(evalWire(s, "return redis.error_reply('-X y')")).toBe('-X y\r\n');
    expect(evalWire(s, 'return redis.error_reply(3)')).toBe('-ERR wrong number or type of arguments\r\n');
    expect(evalWire(s, 'return redis.sha1hex(1.5)')).toBe('$40\r\naa8f289ebe6d4db1b4a1038b8931ec8c2b5399fb\r\n');
    expect(evalWire(s, 'return redis.sha1hex(nil)')).toBe('$40\r\nda39a3ee5e6b4b0d3255bfef95601890afd80709\r\n');
    expect(evalWire(s, 'return redis.sha1hex()')).toMatch(/^-ERR wrong number of arguments script: /);
    expect(evalWire(s, "return redis.log('x', 'y')")).toMatch(/^-ERR First argument must be a number \(log level\)\. script: /);
    expect(evalWire(s, "return redis.log(9, 'y')")).toMatch(/^-ERR Invalid debug level\. script: /);
    expect(evalWire(s, 'return redis.setresp(4)')).toMatch(/^-ERR RESP version must be 2 or 3\. script: /);
    expect(evalWire(s, 'return redis.set_repl(4)')).toMatch(/^-ERR Invalid replication flags\. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE\. script: /);
    expect(evalWire(s, 'return redis.set_repl(redis.REPL_ALL)')).toBe('$-1\r\n');
    expect(evalWire(s, "return redis.acl_check_cmd('get', 'x')")).toBe(':1\r\n');
    expect(evalWire(s, "return redis.acl_check_cmd('nosuch')")).toMatch(/^-ERR Invalid command passed to redis\.acl_check_cmd\(\) script: /);
    expect(evalWire(s, 'return {redis.REDIS_VERSION, redis.REDIS_VERSION_NUM, redis.breakpoint(), redis.replicate_commands()}')).toBe(
      '*4\r\n$6\r\n7.0.15\r\n:458767\r\n$-1\r\n:1\r\n',
    );
  });

  it('redis.log reaches the engine’s listener when the level passes loglevel', () => {
    const engine = new Engine({ activeExpire: false });
    const s = session(engine);
    const lines: [number, string][] = [];
    scriptingOf(engine).onLog = (level, message) => lines.push([level, message]);
    s.execute(['EVAL', "redis.log(redis.LOG_WARNING, 'a', 1, {}, 'b') redis.log(redis.LOG_DEBUG, 'hidden')", '0']);
    expect(lines).toEqual([[3, 'a 1 b']]);
  });
});

describe('the sandbox and the server', () => {
  it('refuses noscript commands; blocking commands answer at once', () => {
    const s = session();
    expect(evalWire(s, "return redis.pcall('blpop', 'l', '0')")).toBe('-ERR This Redis command is not allowed from script\r\n');
    // XREAD refuses BLOCK in a script as soon as it reads the option (as the oracle does).
    expect(evalWire(s, "return redis.call('xread', 'block', '0', 'streams', 's', '$')")).toBe(
      '-ERR xread command is not allowed with BLOCK option from scripts script: 06c45e3c62d7f7e61450381de789ff3913eb3fc0, on @user_script:1.\r\n',
    );
  });

  it('runs inside MULTI and wakes WATCH like any write', () => {
    const engine = new Engine({ activeExpire: false });
    const a = session(engine);
    const b = session(engine);
    expect(wire(a, ['WATCH', 'k'])).toBe('+OK\r\n');
    b.execute(['EVAL', "redis.call('set', 'k', 'x')", '0']);
    a.execute(['MULTI']);
    expect(wire(a, ['EVAL', "return redis.call('incr', 'n')", '0'])).toBe('+QUEUED\r\n');
    expect(wire(a, ['EXEC'])).toBe('*-1\r\n');
    a.execute(['MULTI']);
    a.execute(['EVAL', "return redis.call('incr', 'n')", '0']);
    expect(wire(a, ['EXEC'])).toBe('*1\r\n:1\r\n');
  });

  it('MONITOR shows EVAL first, then its commands from `lua` in the database they ran in', () => {
    const engine = new Engine({ activeExpire: false });
    const m = session(engine);
    const lines: string[] = [];
    m.onMonitor = (line) => lines.push(line.replace(/^\d+\.\d+ /, ''));
    m.execute(['MONITOR']);
    const s = session(engine);
    s.execute(['EVAL', "redis.call('set','a','1') redis.call('select','5') return redis.call('ping')", '0']);
    s.execute(['EVALSHA', 'abc', '0']);
    expect(lines).toEqual([
      `[0 ${s.addr}] "EVAL" "redis.call('set','a','1') redis.call('select','5') return redis.call('ping')" "0"`,
      '[0 lua] "set" "a" "1"',
      '[5 lua] "select" "5"',
      '[5 lua] "ping"',
      `[0 ${s.addr}] "EVALSHA" "abc" "0"`,
    ]);
  });

  it('SLOWLOG logs the script’s commands from ?:0 and the script from its caller', () => {
    const s = session();
    s.execute(['CONFIG', 'SET', 'slowlog-log-slower-than', '0']);
    s.execute(['SLOWLOG', 'RESET']);
    s.execute(['EVAL', "redis.call('set','a','1') return 1", '0']);
    const entries = s.execute(['SLOWLOG', 'GET', '2']) as Reply[][];
    expect(entries.map((e) => [e[3], e[4]])).toEqual([
      [['EVAL', "redis.call('set','a','1') return 1", '0'], s.addr],
      [['set', 'a', '1'], '?:0'],
    ]);
  });

  it('the script client is not a connection: not listed, no client id taken', () => {
    const engine = new Engine({ activeExpire: false });
    const s = session(engine);
    s.execute(['EVAL', "return redis.call('ping')", '0']);
    expect(text(s.execute(['CLIENT', 'LIST'])).trim().split('\n')).toHaveLength(1);
    expect(text(s.execute(['CLIENT', 'LIST']))).toContain('cmd=client|list');
    expect(session(engine).id).toBe(s.id + 1);
  });

  it('keyspace events come from the script’s writes', () => {
    const engine = new Engine({ activeExpire: false, config: { 'notify-keyspace-events': 'KEA' } });
    const events: string[] = [];
    engine.keyspaceListener = (_t, event, key, db) => events.push(`${db}:${event}:${key}`);
    session(engine).execute(['EVAL', "redis.call('set', 'k', '1') redis.call('del', 'k')", '0']);
    expect(events).toEqual(['0:set:k', '0:del:k']);
  });

  it('INFO counts cached scripts, functions and libraries', () => {
    const s = session();
    s.execute(['SCRIPT', 'LOAD', 'return 1']);
    s.execute(['FUNCTION', 'LOAD', "#!lua name=l\nredis.register_function('a', function() end) redis.register_function('b', function() end)"]);
    const info = text(s.execute(['INFO', 'memory']));
    expect(info).toContain('number_of_cached_scripts:1\r\n');
    expect(info).toContain('number_of_functions:2\r\n');
    expect(info).toContain('number_of_libraries:1\r\n');
  });

  it('error statistics count an error once, as Redis does', () => {
    const s = session();
    s.execute(['SET', 'str', 'abc']);
    s.execute(['CONFIG', 'RESETSTAT']);
    s.execute(['EVAL', "return redis.call('incr', 'str')", '0']);
    let info = text(s.execute(['INFO', 'errorstats']));
    expect(info).toContain('errorstat_ERR:count=1\r\n');
    const stats = text(s.execute(['INFO', 'commandstats']));
    expect(stats).toMatch(/cmdstat_eval:calls=1,.*failed_calls=1/);
    expect(stats).toMatch(/cmdstat_incr:calls=1,.*failed_calls=1/);
    s.execute(['CONFIG', 'RESETSTAT']);
    s.execute(['EVAL', "return redis.call('incr', 'str', 'x')", '0']);
    info = text(s.execute(['INFO', 'errorstats']));
    expect(info).toContain('errorstat_ERR:count=1\r\n');
    expect(text(s.execute(['INFO', 'commandstats']))).toMatch(/cmdstat_incr:calls=0,.*rejected_calls=1,failed_calls=0/);
  });
});

describe('the time budget (busy-reply-threshold)', () => {
  it('stops a script past the threshold as SCRIPT KILL would, and pcall cannot catch it', () => {
    const s = session();
    s.execute(['CONFIG', 'SET', 'busy-reply-threshold', '20']);
    expect(err(s.execute(['EVAL', 'while true do end', '0']))).toMatch(/^ERR Script killed by user with SCRIPT KILL\.\.\./);
    expect(err(s.execute(['EVAL', 'while true do pcall(function() while true do end end) end', '0']))).toMatch(/^ERR Script killed by user with SCRIPT KILL\.\.\./);
    // The engine is usable afterwards.
    expect(evalWire(s, 'return 1')).toBe(':1\r\n');
  });
});

describe('FUNCTION LOAD’s budget', () => {
  it('stops library code after 500 ms whatever busy-reply-threshold says', () => {
    const s = session();
    s.execute(['CONFIG', 'SET', 'busy-reply-threshold', '0']);
    expect(err(s.execute(['FUNCTION', 'LOAD', '#!lua name=t\nlocal i = 0 while true do i = i + 1 end']))).toBe(
      'ERR Error registering functions: ERR FUNCTION LOAD timeout',
    );
  });
});

describe('OOM', () => {
  function full(): Session {
    const s = session();
    s.execute(['SET', 'big', 'x'.repeat(10000)]);
    s.execute(['CONFIG', 'SET', 'maxmemory', '1']);
    return s;
  }

  it('a script without a shebang runs, and its first memory-growing command is refused', () => {
    const s = full();
    expect(evalWire(s, "return redis.call('get', 'nokey')")).toBe('$-1\r\n');
    expect(err(s.execute(['EVAL', "return redis.call('set', 'k', 'v')", '0']))).toMatch(/^OOM command not allowed when used memory > 'maxmemory'\. script: /);
  });

  it('shebang flags decide: refused outright, or allowed (allow-oom, no-writes)', () => {
    const s = full();
    expect(err(s.execute(['EVAL', '#!lua\nreturn 1', '0']))).toBe("OOM command not allowed when used memory > 'maxmemory'.");
    // no-writes implies allow-oom.
    expect(wire(s, ['EVAL', '#!lua flags=no-writes\nreturn 1', '0'])).toBe(':1\r\n');
    expect(wire(s, ['EVAL', "#!lua flags=allow-oom\nreturn redis.call('set', 'k', 'v')", '0'])).toBe('+OK\r\n');
  });
});

describe('FUNCTION and FCALL', () => {
  const LIB = "#!lua name=mylib\nredis.register_function('f1', function(keys, args) return {keys, args} end)";

  it('LOAD, FCALL (any case), LIST, DELETE, FLUSH', () => {
    const s = session();
    expect(wire(s, ['FUNCTION', 'LOAD', LIB])).toBe('$5\r\nmylib\r\n');
    expect(wire(s, ['FCALL', 'F1', '1', 'a', 'b'])).toBe('*2\r\n*1\r\n$1\r\na\r\n*1\r\n$1\r\nb\r\n');
    expect(err(s.execute(['FUNCTION', 'LOAD', LIB]))).toBe("ERR Library 'mylib' already exists");
    expect(wire(s, ['FUNCTION', 'LOAD', 'REPLACE', LIB])).toBe('$5\r\nmylib\r\n');
    const list = s.execute(['FUNCTION', 'LIST', 'WITHCODE', 'LIBRARYNAME', 'MY*']) as Reply[];
    expect(list).toHaveLength(1);
    expect((list[0] as MapReply).entries).toEqual([
      'library_name',
      'mylib',
      'engine',
      'LUA',
      'functions',
      [new MapReply(['name', 'f1', 'description', null, 'flags', new SetReply([])])],
      'library_code',
      LIB,
    ]);
    expect(wire(s, ['FUNCTION', 'DELETE', 'mylib'])).toBe('+OK\r\n');
    expect(err(s.execute(['FUNCTION', 'DELETE', 'mylib']))).toBe('ERR Library not found');
    expect(err(s.execute(['FCALL', 'f1', '0']))).toBe('ERR Function not found');
    s.execute(['FUNCTION', 'LOAD', LIB]);
    expect(wire(s, ['FUNCTION', 'FLUSH', 'SYNC'])).toBe('+OK\r\n');
    expect(wire(s, ['FUNCTION', 'LIST'])).toBe('*0\r\n');
  });

  it('the load environment shows only register_function, log and the version', () => {
    const s = session();
    const load = (body: string) => s.execute(['FUNCTION', 'LOAD', 'REPLACE', `#!lua name=x\n${body}`]);
    expect(err(load("local s = string.format('%d', 1)"))).toBe(
      "ERR Error registering functions: ERR user_function:2: Script attempted to access nonexistent global variable 'string'",
    );
    expect(err(load("redis.call('ping')"))).toBe("ERR Error registering functions: ERR user_function:2: Script attempted to access nonexistent global variable 'call'");
    expect(err(load('x = 1'))).toBe('ERR Error registering functions: ERR user_function:2: Attempt to modify a readonly table');
    expect(err(load('redis.log(redis.LOG_NOTICE, "x") return 1'))).toBe('ERR No functions registered');
    expect(err(load('return +'))).toBe("ERR Error compiling function: user_function:2: unexpected symbol near '+'");
    expect(load("redis.register_function('v', function() return {redis.REDIS_VERSION, type(redis.register_function), type(string.rep)} end)")).toBe('x');
    expect(wire(s, ['FCALL', 'v', '0'])).toBe('*3\r\n$6\r\n7.0.15\r\n$3\r\nnil\r\n$8\r\nfunction\r\n');
  });

  it('functions run in a readonly globals table; errors name the function', () => {
    const s = session();
    s.execute([
      'FUNCTION',
      'LOAD',
      '#!lua name=x\nredis.register_function("w", function() x = 1 end)\nredis.register_function("e", function() error("boom") end)\n' +
        'redis.register_function("k", function() return KEYS end)\nlocal reg = redis.register_function\nredis.register_function("r", function() reg("z", function() end) end)',
    ]);
    expect(err(s.execute(['FCALL', 'w', '0']))).toBe('ERR user_function:2: Attempt to modify a readonly table script: w, on @user_function:2.');
    expect(err(s.execute(['FCALL', 'e', '0']))).toBe('ERR user_function:3: boom script: e, on @user_function:3.');
    expect(err(s.execute(['FCALL', 'k', '0']))).toBe("ERR user_function:4: Script attempted to access nonexistent global variable 'KEYS' script: k, on @user_function:4.");
    expect(err(s.execute(['FCALL', 'r', '0']))).toBe('ERR redis.register_function can only be called on FUNCTION LOAD command script: r, on @user_function:6.');
  });

  it('flags: no-writes for FCALL_RO, listed in Redis’s order', () => {
    const s = session();
    s.execute([
      'FUNCTION',
      'LOAD',
      "#!lua name=y\nredis.register_function{function_name='ro', callback=function() return redis.call('set','k','v') end, flags={'ALLOW-OOM', 'no-writes'}, description='d'}\n" +
        "redis.register_function('rw', function() return 1 end)",
    ]);
    expect(err(s.execute(['FCALL_RO', 'rw', '0']))).toBe('ERR Can not execute a script with write flag using *_ro command.');
    expect(err(s.execute(['FCALL_RO', 'ro', '0']))).toBe('ERR Write commands are not allowed from read-only scripts. script: ro, on @user_function:2.');
    const lib = (s.execute(['FUNCTION', 'LIST']) as MapReply[])[0]!;
    const f = (lib.entries[5] as MapReply[])[0]!;
    expect(f.entries).toEqual(['name', 'ro', 'description', 'd', 'flags', new SetReply([new StatusReply('no-writes'), new StatusReply('allow-oom')])]);
  });

  it('register_function argument errors', () => {
    const s = session();
    const load = (body: string) => err(s.execute(['FUNCTION', 'LOAD', 'REPLACE', `#!lua name=z\n${body}`]));
    const pre = 'ERR Error registering functions: ERR ';
    expect(load('redis.register_function()')).toBe(`${pre}wrong number of arguments to redis.register_function`);
    expect(load("redis.register_function('a')")).toBe(
      `${pre}calling redis.register_function with a single argument is only applicable to Lua table (representing named arguments).`,
    );
    expect(load('redis.register_function({})')).toBe(`${pre}redis.register_function must get a function name argument`);
    expect(load("redis.register_function({function_name='a'})")).toBe(`${pre}redis.register_function must get a callback argument`);
    expect(load("redis.register_function({function_name='a', callback=function() end, flags={'bad'}})")).toBe(`${pre}unknown flag given`);
    expect(load("redis.register_function({function_name='a', callback=function() end, flags='no-writes'})")).toBe(
      `${pre}flags argument to redis.register_function must be a table representing function flags`,
    );
    expect(load("redis.register_function({function_name='a', callback=function() end, foo=1})")).toBe(`${pre}unknown argument given to redis.register_function`);
    expect(load("redis.register_function({}, function() end)")).toBe(`${pre}first argument to redis.register_function must be a string`);
    expect(load("redis.register_function('a', 1)")).toBe(`${pre}second argument to redis.register_function must be a function`);
    expect(load("redis.register_function('a-b', function() end)")).toBe(
      `${pre}Library names can only contain letters, numbers, or underscores(_) and must be at least one character long`,
    );
    expect(load("redis.register_function('a', function() end) redis.register_function('a', function() end)")).toBe(
      `${pre}Function already exists in the library`,
    );
  });

  it('DUMP and RESTORE round-trip, with the policies', () => {
    const s = session();
    s.execute(['FUNCTION', 'LOAD', LIB]);
    const payload = s.execute(['FUNCTION', 'DUMP']) as string;
    expect(verifyPayload(payload)).toBe(true);
    expect(err(s.execute(['FUNCTION', 'RESTORE', payload]))).toBe('ERR Library mylib already exists');
    expect(wire(s, ['FUNCTION', 'RESTORE', payload, 'REPLACE'])).toBe('+OK\r\n');
    s.execute(['FUNCTION', 'FLUSH']);
    expect(wire(s, ['FUNCTION', 'RESTORE', payload])).toBe('+OK\r\n');
    expect(wire(s, ['FCALL', 'f1', '0'])).toBe('*2\r\n*0\r\n*0\r\n');
    s.execute(['FUNCTION', 'LOAD', "#!lua name=other\nredis.register_function('g', function() end)"]);
    expect(wire(s, ['FUNCTION', 'RESTORE', payload, 'FLUSH'])).toBe('+OK\r\n');
    expect(err(s.execute(['FCALL', 'g', '0']))).toBe('ERR Function not found');
    expect(err(s.execute(['FUNCTION', 'RESTORE', 'abc']))).toBe('ERR DUMP payload version or checksum are wrong');
    expect(err(s.execute(['FUNCTION', 'RESTORE', payload, 'foo']))).toBe('ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.');
  });

  it('STATS', () => {
    const s = session();
    s.execute(['FUNCTION', 'LOAD', LIB]);
    expect(s.execute(['FUNCTION', 'STATS'])).toEqual(
      new MapReply(['running_script', null, 'engines', new MapReply(['LUA', new MapReply(['libraries_count', 1, 'functions_count', 1])])]),
    );
  });
});

describe('payload helpers', () => {
  it('CRC64 is Redis’s (Jones)', () => {
    expect(crc64('123456789').toString(16)).toBe('e9c6d914c4b8d9ca');
  });

  it('RDB strings: raw, LZF-compressed, integers', () => {
    const long = `#!lua name=x\n${'redis.register_function("f", function() end) '.repeat(5)}`;
    for (const compression of [true, false]) {
      const p = dumpFunctions([long, '#!lua name=y\n'], compression);
      const r = new PayloadReader(p);
      expect(r.type()).toBe(245);
      expect(r.string()).toBe(long);
      expect(r.type()).toBe(245);
      expect(r.string()).toBe('#!lua name=y\n');
    }
    expect(new PayloadReader('\xc0\xfe').string()).toBe('-2');
    expect(new PayloadReader('\xc1\x34\x12').string()).toBe('4660');
  });
});

describe('scriptFailure', () => {
  it('reads the error table through its metamethods, as lua_getfield does', () => {
    const t = new LuaTable();
    t.metatable = new LuaTable();
    t.metatable.set('__index', libFunction('__index', (args) => [`E${String(args[1])}`]));
    const e = new LuaError(t);
    e.line = 3;
    expect(scriptFailure(e, 'sha', '@user_script')).toEqual(new ScriptErrorReply('Eerr script: sha, on @user_script:3.', true));
  });

  it('a kill without a known line, and an error table without a message', () => {
    expect((scriptFailure(new ScriptTimeoutError('x'), 'f', '@user_function') as ErrorReply).message).toBe('ERR Script killed by user with SCRIPT KILL...');
    const e = new LuaError(new LuaTable());
    e.line = 1;
    expect((scriptFailure(e, 'f', '@user_function') as ErrorReply).message).toBe('ERR unknown error script: f, on @user_function:1.');
  });
});

describe('conversion helpers', () => {
  it('reply -> Lua for RESP2 and RESP3 kinds', () => {
    expect(replyToLua(null, 2)).toBe(false);
    expect(replyToLua(null, 3)).toBeUndefined();
    expect(replyToLua(NIL_ARRAY, 2)).toBe(false);
    expect(replyToLua(BoolReply.TRUE, 2)).toBe(1);
    expect(replyToLua(BoolReply.FALSE, 3)).toBe(false);
    expect(replyToLua(new DoubleReply(0.1), 2)).toBe('0.10000000000000001');
    expect((replyToLua(new DoubleReply(0.1), 3) as LuaTable).get('double')).toBe(0.1);
    expect(replyToLua(12n, 2)).toBe(12);
  });

  it('Lua -> reply reads the special fields raw and in Redis’s order', () => {
    const t = new LuaTable();
    t.set('ok', 'fine');
    t.set('err', 'bad');
    expect(luaToReply(t, 2)).toEqual(new ScriptErrorReply('bad', true));
  });
});
