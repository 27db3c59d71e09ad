/**
 * Constructor arguments to options, as ioredis 5's `parseOptions`: arguments are read left to
 * right and the first one that supplies a key wins (lodash `defaults`); numbers set the port,
 * strings are URLs or unix socket paths, and ioredis's defaults fill the rest.
 */
import type { Engine } from '../engine/engine.js';

export interface RedisOptions {
  port?: number;
  host?: string;
  path?: string;
  family?: number;
  db?: number;
  username?: string | null;
  password?: string | null;
  keyPrefix?: string;
  lazyConnect?: boolean;
  connectionName?: string | null;
  enableOfflineQueue?: boolean;
  enableReadyCheck?: boolean;
  stringNumbers?: boolean;
  enableAutoPipelining?: boolean;
  autoPipeliningIgnoredCommands?: string[];
  commandTimeout?: number;
  retryStrategy?: ((times: number) => number | void | null) | null;
  maxRetriesPerRequest?: number | null;
  showFriendlyErrorStack?: boolean;
  tls?: unknown;
  monitor?: boolean;
  /**
   * 2 (default, as ioredis 5): a subscribed connection only takes the SUBSCRIBE family, PING and
   * QUIT. 3 (ioredis 6's default): the connection speaks RESP3 and subscribing restricts nothing.
   * Replies keep ioredis 5's shapes either way.
   */
  protocol?: 2 | 3;
  /**
   * The in-process server to attach to. Default: the engine shared by every client naming the
   * same `host:port` (or `path`), like clients of one real Redis. Pass `new Engine()` for an
   * isolated server (a test's own data, its own clock); `duplicate()` keeps it.
   */
  engine?: Engine;
  /** Script commands defined on every client made with these options (and so on its duplicates). */
  scripts?: Record<string, { lua: string; numberOfKeys?: number; readOnly?: boolean }>;
  [option: string]: unknown;
}

/** ioredis 5's DEFAULT_REDIS_OPTIONS (lib/redis/RedisOptions.ts), key for key. */
export const DEFAULT_REDIS_OPTIONS: RedisOptions = {
  // Connection
  port: 6379,
  host: 'localhost',
  family: 0,
  connectTimeout: 10000,
  disconnectTimeout: 2000,
  retryStrategy: function (times: number) {
    return Math.min(times * 50, 2000);
  },
  keepAlive: 0,
  noDelay: true,
  connectionName: null,
  disableClientInfo: false,
  clientInfoTag: undefined,
  // Sentinel
  sentinels: null,
  name: null,
  role: 'master',
  sentinelRetryStrategy: function (times: number) {
    return Math.min(times * 10, 1000);
  },
  sentinelReconnectStrategy: function () {
    return 60000;
  },
  natMap: null,
  enableTLSForSentinelMode: false,
  updateSentinels: true,
  failoverDetector: false,
  // Status
  username: null,
  password: null,
  db: 0,
  // Others
  enableOfflineQueue: true,
  enableReadyCheck: true,
  autoResubscribe: true,
  autoResendUnfulfilledCommands: true,
  lazyConnect: false,
  keyPrefix: '',
  reconnectOnError: null,
  readOnly: false,
  stringNumbers: false,
  maxRetriesPerRequest: 20,
  maxLoadingRetryTime: 10000,
  enableAutoPipelining: false,
  autoPipeliningIgnoredCommands: [],
  sentinelMaxConnections: 10,
  blockingTimeoutGrace: 100,
};

/** lodash/es-toolkit `defaults`: fills keys that are undefined (or inherited from Object.prototype). */
export function defaults(target: Record<string, unknown>, ...sources: unknown[]): Record<string, unknown> {
  const objectProto = Object.prototype as unknown as Record<string, unknown>;
  for (const source of sources) {
    if (source === null || source === undefined) continue;
    const src = source as Record<string, unknown>;
    for (const key in src) {
      const value = target[key];
      if (
        value === undefined ||
        (!Object.prototype.hasOwnProperty.call(target, key) && Object.is(value, objectProto[key]))
      ) {
        target[key] = src[key];
      }
    }
  }
  return target;
}

/** ioredis's isInt: a value that parses as an integer (`'123'`, `123`), not `'1x'` or `'1.5'`. */
export function isInt(value: unknown): boolean {
  const x = parseFloat(value as string);
  return !isNaN(value as number) && (x | 0) === x;
}

function parseQueryItem(key: string, value: string): unknown {
  if (key === 'family') {
    const family = Number.parseInt(value, 10);
    if (!Number.isNaN(family)) return family;
  }
  return value;
}

/** ioredis's parseURL: `redis://user:pass@host:port/db?opt=v`, `host:port`, `/unix/path?db=2`, or a port. */
export function parseURL(url: string): Record<string, unknown> {
  if (isInt(url)) return { port: url };
  const hasProtocol = /^rediss?:\/\//i.test(url);
  const isProtocolRelative = url.startsWith('//');
  if (url[0] === '/' && !isProtocolRelative) {
    const q = url.indexOf('?');
    const result: Record<string, unknown> = { path: q === -1 ? url : url.slice(0, q) };
    if (q !== -1) {
      const options: Record<string, unknown> = {};
      new URLSearchParams(url.slice(q + 1)).forEach((value, key) => {
        options[key] = parseQueryItem(key, value);
      });
      defaults(result, options);
    }
    return result;
  }
  const parsed = hasProtocol ? new URL(url) : isProtocolRelative ? new URL('redis:' + url) : new URL('redis://' + url);
  const options: Record<string, unknown> = {};
  parsed.searchParams.forEach((value, key) => {
    options[key] = parseQueryItem(key, value);
  });
  const result: Record<string, unknown> = {};
  if (parsed.username || parsed.password) {
    result.username = decodeURIComponent(parsed.username);
    result.password = decodeURIComponent(parsed.password);
  }
  if (parsed.pathname && parsed.pathname !== '/') {
    if (hasProtocol || isProtocolRelative) {
      if (parsed.pathname.length > 1) result.db = parsed.pathname.slice(1);
    } else {
      result.path = parsed.pathname;
    }
  }
  if (parsed.hostname) result.host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (parsed.port) result.port = parsed.port;
  defaults(result, options);
  return result;
}

/** The merged options for `new Redis(arg1, arg2, arg3)`. Throws `Invalid argument …` as ioredis. */
export function parseOptions(args: unknown[], defaultOptions: RedisOptions): RedisOptions {
  const options: Record<string, unknown> = {};
  let isTls = false;
  for (const arg of args) {
    if (arg === null || arg === undefined) continue;
    if (typeof arg === 'object') {
      defaults(options, arg);
    } else if (typeof arg === 'string') {
      defaults(options, parseURL(arg));
      if (arg.startsWith('rediss://')) isTls = true;
    } else if (typeof arg === 'number') {
      options.port = arg;
    } else {
      throw new Error('Invalid argument ' + String(arg));
    }
  }
  if (isTls) defaults(options, { tls: true });
  defaults(options, defaultOptions);
  if (typeof options.port === 'string') options.port = parseInt(options.port, 10);
  if (typeof options.db === 'string') options.db = parseInt(options.db, 10);
  return options as RedisOptions;
}
