/**
 * Every error text Redis sends, in one place. A handler throws `new CommandError(TEXT)` (or returns
 * an ErrorReply); the dispatcher turns a thrown CommandError into an error reply.
 */
import { ErrorReply } from './reply.js';

export class CommandError extends Error {
  constructor(message: string) {
    super(message);
  }
  toReply(): ErrorReply {
    return new ErrorReply(this.message);
  }
}

export const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';
export const SYNTAX = 'ERR syntax error';
export const NOT_INTEGER = 'ERR value is not an integer or out of range';
export const NOT_FLOAT = 'ERR value is not a valid float';
export const OVERFLOW = 'ERR increment or decrement would overflow';
export const NO_SUCH_KEY = 'ERR no such key';
export const DB_INDEX_OUT_OF_RANGE = 'ERR DB index is out of range';
export const INVALID_CURSOR = 'ERR invalid cursor';
export const OFFSET_OUT_OF_RANGE = 'ERR offset is out of range';
export const BIT_OFFSET = 'ERR bit offset is not an integer or out of range';
export const BIT_VALUE = 'ERR bit is not an integer or out of range';
export const STRING_TOO_LONG = 'ERR string exceeds maximum allowed size (proto-max-bulk-len)';
export const MULTI_NESTED = 'ERR MULTI calls can not be nested';
export const EXEC_WITHOUT_MULTI = 'ERR EXEC without MULTI';
export const DISCARD_WITHOUT_MULTI = 'ERR DISCARD without MULTI';
export const WATCH_IN_MULTI = 'ERR WATCH inside MULTI is not allowed';
export const EXECABORT = 'EXECABORT Transaction discarded because of previous errors.';
export const SAME_OBJECT = 'ERR source and destination objects are the same';
export const DECREMENT_OVERFLOW = 'ERR decrement would overflow';
export const INCR_NAN_OR_INFINITY = 'ERR increment would produce NaN or Infinity';
export const LCS_NOT_STRINGS = 'ERR The specified keys must contain string values';
export const LCS_LEN_AND_IDX = 'ERR If you want both the length and indexes, please just use IDX.';
export const LCS_TOO_LONG = 'ERR String too long for LCS';
export const LCS_TOO_MUCH_MEMORY = 'ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len';
export const LCS_ALLOCATION_FAILED = 'ERR Insufficient memory, failed allocating transient memory for LCS';
export const BIT_ARGUMENT = 'ERR The bit argument must be 1 or 0.';
export const BITFIELD_TYPE =
  'ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.';
export const BITFIELD_OVERFLOW_TYPE = 'ERR Invalid OVERFLOW type specified';
export const BITFIELD_RO_GET_ONLY = 'ERR BITFIELD_RO only supports the GET subcommand';
export const BITOP_NOT_ONE_KEY = 'ERR BITOP NOT must be called with a single source key.';

export const EXPIRE_NX_CONFLICT = 'ERR NX and XX, GT or LT options at the same time are not compatible';
export const EXPIRE_GT_LT_CONFLICT = 'ERR GT and LT options at the same time are not compatible';
export const LFU_NOT_SELECTED =
  'ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.';
export const LFU_SELECTED =
  'ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.';

/** getRangeLongFromObjectOrReply without a custom message (e.g. a DB index past INT_MAX). */
export function valueOutOfRange(min: number, max: number): string {
  return `ERR value is out of range, value must between ${min} and ${max}`;
}

/** EXPIRE's unknown option: `%s` stops at NUL, and newlines become spaces (addReplyErrorFormat). */
export function unsupportedOption(option: string): string {
  return sanitize(`ERR Unsupported option ${option}`);
}

// Server and connection commands
export const NOAUTH = 'NOAUTH Authentication required.';
export const NOAUTH_HELLO =
  'NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> ' +
  'option can be used to authenticate the client and select the RESP protocol version at the same time';
export const WRONGPASS = 'WRONGPASS invalid username-password pair or user is disabled.';
export const AUTH_WITHOUT_PASSWORD =
  'ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?';
export const NOPROTO = 'NOPROTO unsupported protocol version';
export const PROTOCOL_VERSION_NOT_INTEGER = 'ERR Protocol version is not an integer or out of range';
export const INT_RANGE = 'ERR value is out of range, value must between -2147483648 and 2147483647';
export const INVALID_FIRST_DB = 'ERR invalid first DB index';
export const INVALID_SECOND_DB = 'ERR invalid second DB index';
export const TIMEOUT_NOT_INTEGER = 'ERR timeout is not an integer or out of range';
export const TIMEOUT_NEGATIVE = 'ERR timeout is negative';
export const TIMEOUT_NOT_FLOAT = 'ERR timeout is not a float or out of range';
export const UNBLOCKED_BY_CLIENT = 'UNBLOCKED client unblocked via CLIENT UNBLOCK';
export const NO_CONFIG_FILE = 'ERR The server is running without a config file';
export const CLIENT_NAME_CHARS = 'ERR Client names cannot contain spaces, newlines or special characters.';
export const NO_SUCH_CLIENT = 'ERR No such client';
export const CLIENT_ID_NOT_POSITIVE = 'ERR client-id should be greater than 0';
export const INVALID_CLIENT_ID = 'ERR Invalid client ID';
export const UNBLOCK_REASON = 'ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR';
export const PAUSE_MODE = 'ERR CLIENT PAUSE mode must be WRITE or ALL';

export function syntaxErrorInHello(option: string): string {
  // Formatted with %s: the option stops at its first NUL byte.
  return `ERR Syntax error in HELLO option '${truncate(option, Infinity)}'`;
}

export function unknownClientType(type: string): string {
  return `ERR Unknown client type '${type}'`;
}

export function noSuchUser(user: string): string {
  return `ERR No such user '${user}'`;
}

/** addReplySubcommandSyntaxError: a known subcommand with an argument count it does not take. */
export function subcommandSyntax(container: string, sub: string): string {
  return `ERR unknown subcommand or wrong number of arguments for '${truncate(sub, 128)}'. Try ${container.toUpperCase()} HELP.`;
}

export const OOM = "OOM command not allowed when used memory > 'maxmemory'.";

export function wrongArity(fullName: string): string {
  return `ERR wrong number of arguments for '${fullName}' command`;
}

export function invalidExpireTime(command: string): string {
  return `ERR invalid expire time in '${command}' command`;
}

/** Redis's rejectCommandFormat: `%.128s` stops at NUL, and CR/LF become spaces so the reply stays one line. */
function sanitize(s: string): string {
  const nul = s.indexOf('\0');
  return (nul >= 0 ? s.slice(0, nul) : s).replace(/[\r\n]/g, ' ');
}

function truncate(s: string, max: number): string {
  const nul = s.indexOf('\0');
  const cut = nul >= 0 ? s.slice(0, nul) : s;
  return cut.length > max ? cut.slice(0, max) : cut;
}

export function unknownCommand(name: string, args: readonly string[]): string {
  let list = '';
  for (let i = 0; i < args.length && list.length < 128; i++) {
    list += `'${truncate(args[i]!, 128 - list.length)}' `;
  }
  return sanitize(`ERR unknown command '${truncate(name, 128)}', with args beginning with: ${list}`);
}

export function unknownSubcommand(container: string, sub: string): string {
  return sanitize(`ERR unknown subcommand '${truncate(sub, 128)}'. Try ${container.toUpperCase()} HELP.`);
}

// Hashes (t_hash.c).
export const HASH_NOT_INTEGER = 'ERR hash value is not an integer';
export const HASH_NOT_FLOAT = 'ERR hash value is not a float';
export const VALUE_NAN_OR_INFINITY = 'ERR value is NaN or Infinity';
export const VALUE_OUT_OF_RANGE = 'ERR value is out of range';
/** HRANDFIELD's count: getRangeLongFromObjectOrReply over [-LONG_MAX, LONG_MAX]. */
export const RANDOM_COUNT_RANGE = 'ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807';

// Lists (t_list.c).
export const INDEX_OUT_OF_RANGE = 'ERR index out of range';
export const MUST_BE_POSITIVE = 'ERR value is out of range, must be positive';
export const NUMKEYS_NOT_POSITIVE = 'ERR numkeys should be greater than 0';
export const COUNT_NOT_POSITIVE = 'ERR count should be greater than 0';
export const LPOS_RANK_ZERO =
  "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list";
export const LPOS_COUNT_NEGATIVE = "ERR COUNT can't be negative";
export const LPOS_MAXLEN_NEGATIVE = "ERR MAXLEN can't be negative";

// Sorted sets (t_zset.c)
export const SCORE_RANGE_INVALID = 'ERR min or max is not a float';
export const LEX_RANGE_INVALID = 'ERR min or max not valid string range item';
export const ZADD_NAN = 'ERR resulting score is not a number (NaN)';
export const ZADD_XX_NX = 'ERR XX and NX options at the same time are not compatible';
export const ZADD_GT_LT_NX = 'ERR GT, LT, and/or NX options at the same time are not compatible';
export const ZADD_INCR_PAIRS = 'ERR INCR option supports a single increment-element pair';
export const ZRANGE_LIMIT_BY_RANK = 'ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX';
export const ZRANGE_WITHSCORES_BYLEX = 'ERR syntax error, WITHSCORES not supported in combination with BYLEX';
export const WEIGHT_NOT_FLOAT = 'ERR weight value is not a float';
export const AT_LEAST_ONE_KEY = 'ERR at least 1 input key is needed for';
export const LIMIT_NEGATIVE = "ERR LIMIT can't be negative";

// Streams (t_stream.c)
export const INVALID_STREAM_ID = 'ERR Invalid stream ID specified as stream command argument';
export const INVALID_START_ID = 'ERR invalid start ID for the interval';
export const INVALID_END_ID = 'ERR invalid end ID for the interval';
export const XADD_ID_ZERO = 'ERR The ID specified in XADD must be greater than 0-0';
export const XADD_ID_TOO_SMALL = 'ERR The ID specified in XADD is equal or smaller than the target stream top item';
export const XADD_ELEMENTS_TOO_LARGE = 'ERR Elements are too large to be stored';
export const XADD_EXHAUSTED = 'ERR The stream has exhausted the last possible ID, unable to add more items';
export const MAXLEN_AND_MINID = 'ERR syntax error, MAXLEN and MINID options at the same time are not compatible';
export const MAXLEN_NEGATIVE = 'ERR The MAXLEN argument must be >= 0.';
export const LIMIT_NEGATIVE_STREAM = 'ERR The LIMIT argument must be >= 0.';
export const LIMIT_WITHOUT_STRATEGY = 'ERR syntax error, LIMIT cannot be used without specifying a trimming strategy';
export const LIMIT_WITHOUT_APPROX = 'ERR syntax error, LIMIT cannot be used without the special ~ option';
export const XTRIM_NO_STRATEGY = 'ERR syntax error, XTRIM must be called with a trimming strategy';
export const XSETID_ENTRIES_ADDED_NEGATIVE = 'ERR entries_added must be positive';
export const XSETID_MAX_DELETED_ARG = 'ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id';
export const XSETID_TOP_ITEM = 'ERR The ID specified in XSETID is smaller than the target stream top item';
export const XSETID_ENTRIES_ADDED_SMALL = 'ERR The entries_added specified in XSETID is smaller than the target stream length';
export const XREAD_GROUP_OPTION = 'ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.';
export const XREAD_NOACK_OPTION = 'ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.';
export const XREAD_GT_ID = 'ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.';

/** XREAD / XREADGROUP with an odd number of arguments after STREAMS. */
export function xreadUnbalanced(command: string, symbol: string): string {
  return `ERR Unbalanced ${command} list of streams: for each stream key an ID or '${symbol}' must be specified.`;
}

// Stream consumer groups (t_stream.c: XGROUP, XREADGROUP, XACK, XPENDING, XCLAIM, XAUTOCLAIM, XINFO).
export const XGROUP_KEY_MISSING =
  'ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.';
export const BUSYGROUP = 'BUSYGROUP Consumer Group name already exists';
export const ENTRIESREAD_INVALID = 'ERR value for ENTRIESREAD must be positive or -1';
export const XREADGROUP_MISSING_GROUP = 'ERR Missing GROUP option for XREADGROUP';
export const XREADGROUP_DOLLAR_ID =
  'ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set.';
export const XREADGROUP_GROUP_GONE = 'NOGROUP the consumer group this client was blocked on no longer exists';
export const XREADGROUP_KEY_GONE = 'UNBLOCKED the stream key no longer exists';
export const XCLAIM_MIN_IDLE = 'ERR Invalid min-idle-time argument for XCLAIM';
export const XCLAIM_IDLE = 'ERR Invalid IDLE option argument for XCLAIM';
export const XCLAIM_TIME = 'ERR Invalid TIME option argument for XCLAIM';
export const XCLAIM_RETRYCOUNT = 'ERR Invalid RETRYCOUNT option argument for XCLAIM';
export const XAUTOCLAIM_MIN_IDLE = 'ERR Invalid min-idle-time argument for XAUTOCLAIM';
export const XAUTOCLAIM_COUNT = 'ERR COUNT must be > 0';
export const XAUTOCLAIM_COUNT_TOO_HIGH = 'ERR Insufficient memory, failed allocating transient memory, COUNT too high.';

/** `%s` of a C string: the text up to its first NUL. */
function cstr(s: string): string {
  const nul = s.indexOf('\0');
  return nul < 0 ? s : s.slice(0, nul);
}

/** XGROUP SETID / CREATECONSUMER / DELCONSUMER and XINFO CONSUMERS on a missing group. */
export function noSuchGroupForKey(group: string, key: string): string {
  return `NOGROUP No such consumer group '${cstr(group)}' for key name '${cstr(key)}'`;
}

/** XPENDING, XCLAIM and XAUTOCLAIM on a missing key or group. */
export function noSuchKeyOrGroup(key: string, group: string): string {
  return `NOGROUP No such key '${cstr(key)}' or consumer group '${cstr(group)}'`;
}

export function xreadgroupNoGroup(key: string, group: string): string {
  return `NOGROUP No such key '${cstr(key)}' or consumer group '${cstr(group)}' in XREADGROUP with GROUP option`;
}

export function unrecognizedXclaimOption(option: string): string {
  return `ERR Unrecognized XCLAIM option '${cstr(option)}'`;
}

// Pub/sub (server.c's processCommand, pubsub.c).
/** A RESP2 connection in pub/sub context ran something else. */
export function notInPubSubContext(fullName: string): string {
  return `ERR Can't execute '${fullName}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`;
}

/** A subscribe from a client that expects one reply per command (a script; SSUBSCRIBE also inside EXEC). */
export function subscribeDeniedWhenDenyBlocking(command: 'SUBSCRIBE' | 'PSUBSCRIBE' | 'SSUBSCRIBE'): string {
  return `ERR ${command} isn't allowed for a DENY BLOCKING client`;
}

// Introspection (replication.c's monitorCommand, slowlog.c, processCommand).
export const MONITOR_DENY_BLOCKING = "ERR MONITOR isn't allowed for DENY BLOCKING client";
/** A MONITOR session (a replica to Redis) sent a command that reads or writes keys. */
export const REPLICA_KEYSPACE = "ERR Replica can't interact with the keyspace";
export const SLOWLOG_COUNT = 'ERR count should be greater than or equal to -1';
