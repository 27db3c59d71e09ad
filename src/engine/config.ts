/**
 * Server configuration (CONFIG GET/SET), after Redis's config.c. Every parameter of Redis 7.0 is
 * known (config-params.ts) and validated generically from its type; values are kept as Redis
 * prints them, and the few the engine acts on are mirrored into typed fields after every change.
 *
 * Defaults (config-defaults.json) are what `redis-server` with no config file and no options
 * reports, except where an in-process server honestly differs: `dir` is process.cwd() when the
 * engine is created, and `enable-debug-command` is `yes` because DEBUG works here.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import defaults from './config-defaults.json' with { type: 'json' };
import { formatNotifyFlags, parseNotifyFlags } from './notify.js';
import { PARAMS, ParamFlag, type ParamSpec, type Special } from './config-params.js';
import type { EncodingThresholds } from './values.js';
import { parseDouble, parseInt64 } from '../numbers.js';

/** A CONFIG SET failure, already worded as Redis words it. */
export class ConfigError extends Error {}

interface Entry {
  spec: ParamSpec;
  /** The name this entry answers to (the alias itself for an alias). */
  name: string;
}

const ENTRIES = new Map<string, Entry>();
for (const spec of PARAMS) {
  ENTRIES.set(spec.name, { spec, name: spec.name });
  if (spec.alias) ENTRIES.set(spec.alias, { spec, name: spec.alias });
}

function lookup(name: string): Entry | undefined {
  return ENTRIES.get(name) ?? ENTRIES.get(name.toLowerCase());
}

const LOADBUF_SIZE = 256;
const CONFIG_MIN_HZ = 1n;
const CONFIG_MAX_HZ = 500n;
const BINDADDR_MAX = 16;
const REPL_BACKLOG_MIN_SIZE = 16384n;

export class Config {
  private values = new Map<string, string>();
  private readonly initial: Map<string, string>;

  hz = 10;
  notifyFlags = 0;
  /**
   * The flags as set: Redis 7.0 prints `notify-keyspace-events` without `n` when `A` is there,
   * but keeps the class, so the printed value cannot be the source of truth.
   */
  private notifyFlagsAsSet: number | undefined;
  /** The same for a value given when the engine was made (`new Engine({ config })`). */
  private initialNotifyFlags: number | undefined;
  /** maxmemory in bytes (0 = no limit). */
  maxmemory = 0;
  maxmemoryPolicy = 'noeviction';
  requirepass = '';
  protoMaxBulkLen = 512 * 1024 * 1024;
  /** Microseconds; negative disables the slow log. */
  slowlogLogSlowerThan = 10000;
  slowlogMaxLen = 128;
  readonly thresholds: EncodingThresholds = {
    hashMaxListpackEntries: 512,
    hashMaxListpackValue: 64,
    listMaxListpackSize: -2,
    setMaxIntsetEntries: 512,
    zsetMaxListpackEntries: 128,
    zsetMaxListpackValue: 64,
  };

  /**
   * `overrides` are applied as a config file would be: validated, immutable parameters allowed.
   * An invalid one throws (a programming error in the caller).
   */
  constructor(overrides: Record<string, string> = {}) {
    for (const [k, v] of Object.entries(defaults as Record<string, string>)) this.values.set(k, v);
    this.values.set('dir', process.cwd());
    for (const [name, value] of Object.entries(overrides)) {
      const entry = lookup(name);
      if (!entry) throw new Error(`unknown Redis configuration parameter '${name}'`);
      try {
        this.values.set(entry.spec.name, this.parse(entry, value));
        if (entry.spec.name === 'notify-keyspace-events') this.initialNotifyFlags = parseNotifyFlags(value);
      } catch (e) {
        throw new Error(`invalid value for configuration parameter '${name}': ${(e as Error).message}`);
      }
    }
    this.initial = new Map(this.values);
    this.notifyFlagsAsSet = this.initialNotifyFlags;
    this.refresh();
  }

  /** Back to the values the engine started with (Engine.reset). */
  reset(): void {
    this.values = new Map(this.initial);
    this.notifyFlagsAsSet = this.initialNotifyFlags;
    this.refresh();
  }

  has(name: string): boolean {
    return lookup(name) !== undefined;
  }

  /** The value of a parameter (any case, aliases and hidden ones included), as CONFIG GET prints it. */
  get(name: string): string | undefined {
    const entry = lookup(name);
    return entry ? this.values.get(entry.spec.name) : undefined;
  }

  /** Every visible parameter name, aliases included. */
  names(): string[] {
    const out: string[] = [];
    for (const [name, e] of ENTRIES) if (!(e.spec.flags & ParamFlag.Hidden)) out.push(name);
    return out;
  }

  /**
   * CONFIG GET: the name/value pairs matching any of the arguments. A plain name finds its
   * parameter (any case, hidden ones too) and is echoed as given; a glob matches visible names.
   * Each parameter appears once, under the name that first matched it.
   */
  match(args: readonly string[], globMatch: (pattern: string, name: string) => boolean): [string, string][] {
    const seen = new Map<string, [string, string]>();
    for (const arg of args) {
      if (!/[[*?]/.test(arg)) {
        const lower = arg.toLowerCase();
        if (seen.has(lower)) continue;
        const entry = lookup(arg);
        if (entry) seen.set(lower, [arg, this.values.get(entry.spec.name)!]);
        continue;
      }
      for (const [name, e] of ENTRIES) {
        if (e.spec.flags & ParamFlag.Hidden || seen.has(name)) continue;
        if (globMatch(arg, name)) seen.set(name, [name, this.values.get(e.spec.name)!]);
      }
    }
    return [...seen.values()];
  }

  /**
   * CONFIG SET with name/value pairs: all or nothing. Throws ConfigError carrying the text of
   * Redis's reply (without the leading "ERR "). Returns the canonical names that were set.
   */
  set(pairs: readonly (readonly [string, string])[]): Set<string> {
    const found: Entry[] = [];
    let unknown: string | undefined;
    for (const [name] of pairs) {
      const entry = lookup(name);
      if (!entry) {
        unknown = name;
        break;
      }
      const flags = entry.spec.flags;
      if (flags & ParamFlag.Immutable) throw failed(name, "can't set immutable config");
      if (flags & ParamFlag.Protected && this.values.get('enable-protected-configs') === 'no') {
        throw failed(name, "can't set protected config");
      }
      // The same parameter twice is refused; a parameter and its alias are two entries in Redis.
      if (found.some((f) => f === entry)) throw failed(name, 'duplicate parameter');
      found.push(entry);
    }
    if (unknown !== undefined) throw new ConfigError(`Unknown option or number of arguments for CONFIG SET - '${untilNul(unknown)}'`);

    const staged = new Map(this.values);
    let notifyFlagsAsSet = this.notifyFlagsAsSet;
    for (let i = 0; i < pairs.length; i++) {
      const entry = found[i]!;
      let value: string;
      try {
        value = this.parse(entry, pairs[i]![1]);
      } catch (e) {
        if (e instanceof ConfigError) throw failed(entry.name, e.message);
        throw e;
      }
      staged.set(entry.spec.name, value);
      if (entry.spec.name === 'notify-keyspace-events') notifyFlagsAsSet = parseNotifyFlags(pairs[i]![1]);
    }
    this.values = staged;
    this.notifyFlagsAsSet = notifyFlagsAsSet;
    this.refresh();
    return new Set(found.map((e) => e.spec.name));
  }

  /** Stores a value without validation (engine-internal use). */
  setRaw(name: string, value: string): void {
    const canonical = lookup(name)?.spec.name ?? name;
    this.values.set(canonical, value);
    if (canonical === 'notify-keyspace-events') this.notifyFlagsAsSet = undefined;
    this.refresh();
  }

  /** Validates `raw` for the parameter and returns it as CONFIG GET will print it. */
  private parse(entry: Entry, raw: string): string {
    const type = entry.spec.type;
    switch (type.kind) {
      case 'bool': {
        const v = untilNul(raw).toLowerCase(); // yesnotoi: strcasecmp on the C string
        if (v !== 'yes' && v !== 'no') throw new ConfigError("argument must be 'yes' or 'no'");
        const error = type.validate?.(v === 'yes');
        if (error !== undefined) throw new ConfigError(error);
        return v;
      }
      case 'string': {
        const error = type.validate?.(raw);
        if (error !== undefined) throw new ConfigError(error);
        return raw;
      }
      case 'enum': {
        const v = type.values.find((x) => x === untilNul(raw).toLowerCase()); // strcasecmp
        if (v === undefined) {
          const text = `argument(s) must be one of the following: ${type.values.join(', ')}`;
          throw new ConfigError(text.slice(0, LOADBUF_SIZE - 1));
        }
        return v;
      }
      case 'flags': {
        const args = splitArgs(raw);
        let bits = 0;
        for (const a of args) {
          const hit = type.values.find(([name]) => name === a.toLowerCase());
          if (hit === undefined) bits = -1;
          else if (bits >= 0) bits |= hit[1];
        }
        if (args.length === 0 || bits < 0) {
          throw new ConfigError(`argument(s) must be one of the following: ${type.values.map(([n]) => n).join(', ')}`);
        }
        const error = type.validate?.(bits);
        if (error !== undefined) throw new ConfigError(error);
        return formatFlags(type.values, bits);
      }
      case 'numeric': {
        let v = parseNumeric(type, raw);
        checkBounds(type, v);
        // The apply step of a few parameters adjusts what was accepted (updateHZ, resizeReplicationBacklog).
        if (entry.spec.name === 'hz') v = v < CONFIG_MIN_HZ ? CONFIG_MIN_HZ : v > CONFIG_MAX_HZ ? CONFIG_MAX_HZ : v;
        if (entry.spec.name === 'repl-backlog-size' && v < REPL_BACKLOG_MIN_SIZE) v = REPL_BACKLOG_MIN_SIZE;
        if (type.percent && v < 0n) return `${-v}%`;
        if (type.memory) return BigInt.asUintN(64, v).toString();
        if (type.octal) return v.toString(8);
        return v.toString();
      }
      case 'special': {
        const args = entry.spec.flags & ParamFlag.MultiArg ? splitArgs(raw) : [raw];
        return this.parseSpecial(type.special, args);
      }
    }
  }

  private parseSpecial(special: Special, args: string[]): string {
    switch (special) {
      case 'save':
        return parseSave(args);
      case 'client-output-buffer-limit':
        return parseClientOutputBufferLimit(args, this.values.get('client-output-buffer-limit')!);
      case 'oom-score-adj-values': {
        if (args.length !== 3) throw new ConfigError('wrong number of arguments');
        return args
          .map((a) => {
            const [v, ok] = strtoll(a);
            if (!ok || v < -2000n || v > 2000n) {
              throw new ConfigError('Invalid oom-score-adj-values, elements must be between -2000 and 2000.');
            }
            return v.toString();
          })
          .join(' ');
      }
      case 'notify-keyspace-events': {
        const flags = parseNotifyFlags(args[0]!);
        if (flags === -1) throw new ConfigError("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
        return formatNotifyFlags(flags);
      }
      case 'bind':
        if (args.length > BINDADDR_MAX) throw new ConfigError('Too many bind addresses specified.');
        return args.join(' ');
      case 'dir': {
        // A real server chdir()s; an in-process one must not move the host process, so it only
        // checks that the directory exists and remembers its absolute path.
        const path = resolve(this.values.get('dir')!, args[0]!);
        let isDir = false;
        try {
          isDir = statSync(path).isDirectory();
        } catch {
          throw new ConfigError('No such file or directory');
        }
        if (!isDir) throw new ConfigError('Not a directory');
        return path;
      }
      case 'replicaof':
        if (args.length !== 2) throw new ConfigError('wrong number of arguments');
        return args[0]!.toLowerCase() === 'no' && args[1]!.toLowerCase() === 'one' ? '' : `${args[0]} ${args[1]}`;
      case 'latency-tracking-info-percentiles':
        return args
          .map((a) => {
            const v = parseDouble(a);
            if (v === undefined) throw new ConfigError('Invalid latency-tracking-info-percentiles parameters');
            if (v > 100 || v < 0) {
              throw new ConfigError('latency-tracking-info-percentiles parameters should sit between [0.0,100.0]');
            }
            return trimDouble(v.toFixed(6));
          })
          .join(' ');
    }
  }

  private refresh(): void {
    const num = (k: string) => Number(this.values.get(k));
    this.hz = num('hz');
    this.notifyFlags = this.notifyFlagsAsSet ?? parseNotifyFlags(this.values.get('notify-keyspace-events') ?? '');
    this.maxmemory = num('maxmemory');
    this.maxmemoryPolicy = this.values.get('maxmemory-policy')!;
    this.requirepass = this.values.get('requirepass')!;
    this.protoMaxBulkLen = num('proto-max-bulk-len');
    this.slowlogLogSlowerThan = num('slowlog-log-slower-than');
    this.slowlogMaxLen = num('slowlog-max-len');
    const t = this.thresholds;
    t.hashMaxListpackEntries = num('hash-max-listpack-entries');
    t.hashMaxListpackValue = num('hash-max-listpack-value');
    t.listMaxListpackSize = num('list-max-listpack-size');
    t.setMaxIntsetEntries = num('set-max-intset-entries');
    t.zsetMaxListpackEntries = num('zset-max-listpack-entries');
    t.zsetMaxListpackValue = num('zset-max-listpack-value');
  }
}

function failed(name: string, reason: string): ConfigError {
  return new ConfigError(`CONFIG SET failed (possibly related to argument '${name}') - ${reason}`);
}

/** sdssplitlen(value, " "): every single space separates, so "a  b" has an empty middle; "" has none. */
function splitArgs(raw: string): string[] {
  return raw === '' ? [] : raw.split(' ');
}

type NumericType = Extract<ParamSpec['type'], { kind: 'numeric' }>;

/** numericParseString: memory units, then N%, then octal, then a strict integer. */
function parseNumeric(type: NumericType, raw: string): bigint {
  if (type.memory) {
    const v = memtoull(untilNul(raw)); // memtoull reads a C string
    if (v !== undefined) return BigInt.asIntN(64, v);
  }
  if (type.percent && raw.length > 1 && raw.endsWith('%')) {
    const v = parseInt64(raw.slice(0, -1));
    if (v !== undefined && v >= 0) return -BigInt(v);
  }
  if (type.octal) {
    const m = /^[\t\n\v\f\r ]*([+-]?)([0-7]+)$/.exec(untilNul(raw)); // strtoll up to the NUL
    if (m) {
      const v = BigInt(`${m[1]}0o${m[2]}`.replace('+', ''));
      if (v <= 9223372036854775807n && v >= -9223372036854775808n) return v;
    }
  }
  if (!type.memory && !type.percent && !type.octal) {
    const v = parseInt64(raw);
    if (v !== undefined) return BigInt(v);
  }
  if (type.memory && type.percent) throw new ConfigError('argument must be a memory or percent value');
  if (type.memory) throw new ConfigError('argument must be a memory value');
  if (type.octal) throw new ConfigError("argument couldn't be parsed as an octal number");
  throw new ConfigError("argument couldn't be parsed into an integer");
}

/** numericBoundaryCheck, with its unsigned comparisons for unsigned C types. */
function checkBounds(type: NumericType, v: bigint): void {
  if (type.unsigned) {
    const u = BigInt.asUintN(64, v);
    const lo = BigInt.asUintN(64, type.min);
    const hi = BigInt.asUintN(64, type.max);
    if (u > hi || u < lo) {
      const fmt = (x: bigint) => (type.octal ? x.toString(8) : x.toString());
      throw new ConfigError(`argument must be between ${fmt(lo)} and ${fmt(hi)} inclusive`);
    }
    return;
  }
  if (type.percent && v < 0n) {
    if (v < type.min) throw new ConfigError(`percentage argument must be less or equal to ${-type.min}`);
    return;
  }
  if (v > type.max || v < type.min) {
    throw new ConfigError(`argument must be between ${type.min} and ${type.max} inclusive`);
  }
}

const ULLONG_MAX = 18446744073709551615n;
const UNITS: Record<string, bigint> = {
  '': 1n,
  b: 1n,
  k: 1000n,
  kb: 1024n,
  m: 1000n * 1000n,
  mb: 1024n * 1024n,
  g: 1000n * 1000n * 1000n,
  gb: 1024n * 1024n * 1024n,
};

/**
 * memtoull: digits with an optional unit (b, k, kb, m, mb, g, gb; any case). No digits reads as 0,
 * too many digits saturate (strtoull) and the unit product wraps, as in Redis 7.0; undefined when
 * invalid.
 */
export function memtoull(s: string): bigint | undefined {
  if (s.startsWith('-')) return undefined;
  let i = 0;
  while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  const mul = UNITS[s.slice(i).toLowerCase()];
  if (mul === undefined || i >= 128) return undefined;
  let val = i === 0 ? 0n : BigInt(s.slice(0, i));
  if (val > ULLONG_MAX) val = ULLONG_MAX;
  // Redis 7.0 multiplies without an overflow check: the product wraps.
  return BigInt.asUintN(64, val * mul);
}

/** strtoll(s, &end, 10) with `*end == '\0'` required: [value, ok]. Saturates like strtoll. */
function strtoll(s: string): [bigint, boolean] {
  const m = /^[\t\n\v\f\r ]*([+-]?)(\d+)$/.exec(s);
  if (!m) return [0n, s === ''];
  let v = BigInt(m[2]!);
  if (m[1] === '-') v = -v;
  if (v > 9223372036854775807n) v = 9223372036854775807n;
  if (v < -9223372036854775808n) v = -9223372036854775808n;
  return [v, true];
}

/** setConfigSaveOption: pairs of <seconds >= 1> <changes >= 0>; printed "%jd %d". */
function parseSave(args: string[]): string {
  if (args.length % 2 !== 0) throw new ConfigError('Invalid save parameters');
  const values = args.map((a, j) => {
    const [v, ok] = strtoll(a);
    if (!ok || (j % 2 === 0 && v < 1n) || (j % 2 === 1 && v < 0n)) throw new ConfigError('Invalid save parameters');
    return j % 2 === 0 ? v : BigInt.asIntN(32, v);
  });
  return values.join(' ');
}

const CLIENT_CLASSES: Record<string, string> = { normal: 'normal', slave: 'slave', replica: 'slave', pubsub: 'pubsub' };

/** updateClientOutputBufferLimit: <class> <hard> <soft> <seconds> groups; classes not named keep their limits. */
function parseClientOutputBufferLimit(args: string[], current: string): string {
  if (args.length % 4 !== 0) throw new ConfigError('Wrong number of arguments in buffer limit configuration.');
  const limits = new Map<string, string>();
  const parts = current.split(' ');
  for (let i = 0; i + 3 < parts.length; i += 4) limits.set(parts[i]!, parts.slice(i + 1, i + 4).join(' '));
  const updates: [string, string][] = [];
  for (let j = 0; j < args.length; j += 4) {
    const cls = CLIENT_CLASSES[args[j]!.toLowerCase()];
    if (cls === undefined) throw new ConfigError('Invalid client class specified in buffer limit configuration.');
    const hard = memtoull(args[j + 1]!);
    const soft = memtoull(args[j + 2]!);
    const [seconds, ok] = strtoll(args[j + 3]!);
    const secs = BigInt.asIntN(32, seconds);
    if (hard === undefined || soft === undefined || !ok || secs < 0n) {
      throw new ConfigError('Error in hard, soft or soft_seconds setting in buffer limit configuration.');
    }
    updates.push([cls, `${hard} ${soft} ${secs}`]);
  }
  for (const [cls, v] of updates) limits.set(cls, v);
  return ['normal', 'slave', 'pubsub'].map((c) => `${c} ${limits.get(c)}`).join(' ');
}

/** configEnumGetName for bit flags: an exact match, else every contained flag in table order. */
function formatFlags(values: readonly (readonly [string, number])[], bits: number): string {
  const exact = values.find(([, v]) => v === bits);
  if (exact) return exact[0];
  const names: string[] = [];
  let unmatched = bits;
  for (const [name, v] of values) {
    if (v !== 0 && (unmatched & v) === v) {
      names.push(name);
      unmatched &= ~v;
    }
  }
  return names.length === 0 || unmatched !== 0 ? 'unknown' : names.join(' ');
}

/** "%f" then trimDoubleString: no trailing zeros, no trailing dot. */
function trimDouble(s: string): string {
  if (!s.includes('.')) return s;
  return s.replace(/0+$/, '').replace(/\.$/, '');
}

/** What C's `%s` prints of a byte string: everything before the first NUL. */
function untilNul(s: string): string {
  const nul = s.indexOf('\0');
  return nul < 0 ? s : s.slice(0, nul);
}
