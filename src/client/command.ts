/**
 * ioredis's public `Command`: `new Command(name, args, { replyEncoding, keyPrefix }, callback)`,
 * sent with `redis.sendCommand(command)` (or a pipeline's). Its arguments are flattened, passed
 * through the argument transformer, stringified and prefixed at construction, exactly as ioredis
 * does; without `replyEncoding` the reply stays a Buffer. The client's generated methods do not
 * build Commands (they run the same steps without the allocation); this class is for callers that
 * construct commands themselves.
 */
import { getKeyIndexes, exists } from '@ioredis/commands';
import { type Bytes, fromUtf8 } from '../bytes.js';
import { asCallback, type Callback } from './callback.js';
import {
  type ArgumentTransformer,
  argumentTransformers,
  type ReplyTransformer,
  replyTransformers,
} from './transformers.js';

export interface CommandOptions {
  replyEncoding?: BufferEncoding | null;
  keyPrefix?: string | Buffer;
  readOnly?: boolean;
  errorStack?: Error;
}

type FlagName = keyof typeof FLAGS;

const FLAGS = {
  VALID_IN_SUBSCRIBER_MODE: ['subscribe', 'psubscribe', 'unsubscribe', 'punsubscribe', 'ssubscribe', 'sunsubscribe', 'ping', 'quit'],
  VALID_IN_MONITOR_MODE: ['monitor', 'auth'],
  ENTER_SUBSCRIBER_MODE: ['subscribe', 'psubscribe', 'ssubscribe'],
  EXIT_SUBSCRIBER_MODE: ['unsubscribe', 'punsubscribe', 'sunsubscribe'],
  WILL_DISCONNECT: ['quit'],
  HANDSHAKE_COMMANDS: ['auth', 'select', 'client', 'readonly', 'info'],
  IGNORE_RECONNECT_ON_ERROR: ['client'],
  BLOCKING_COMMANDS: ['blpop', 'brpop', 'brpoplpush', 'blmove', 'bzpopmin', 'bzpopmax', 'bzmpop', 'blmpop', 'xread', 'xreadgroup'],
  LAST_ARG_TIMEOUT_COMMANDS: ['blpop', 'brpop', 'brpoplpush', 'blmove', 'bzpopmin', 'bzpopmax'],
  FIRST_ARG_TIMEOUT_COMMANDS: ['bzmpop', 'blmpop'],
  BLOCK_OPTION_COMMANDS: ['xread', 'xreadgroup'],
};

let flagMap: Record<string, Record<string, true>> | undefined;

/** ioredis's convertBufferToString: Buffers (also inside arrays) to strings in the given encoding. */
export function convertBufferToString(value: unknown, encoding: BufferEncoding): unknown {
  if (value instanceof Buffer) return value.toString(encoding);
  if (Array.isArray(value)) {
    const res = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      res[i] = item instanceof Buffer && encoding === 'utf8' ? item.toString() : convertBufferToString(item, encoding);
    }
    return res;
  }
  return value;
}

/** A Command's final arguments as engine argv (bytes). */
export function commandArgv(command: Command): Bytes[] {
  const argv = new Array<Bytes>(command.args.length + 1);
  argv[0] = fromUtf8(String(command.name));
  for (let i = 0; i < command.args.length; i++) {
    const arg = command.args[i];
    argv[i + 1] = arg instanceof Buffer ? arg.toString('latin1') : fromUtf8(String(arg));
  }
  return argv;
}

function toArg(arg: unknown): string {
  return arg === null || arg === undefined ? '' : String(arg);
}

export class Command {
  static FLAGS = FLAGS;
  /** The transformer registries, under the name ioredis keeps them. */
  static _transformer = { argument: argumentTransformers, reply: replyTransformers };

  /** Whether a command (any case) is in one of ioredis's client-side flag lists. */
  static checkFlag(flagName: FlagName, commandName: string): boolean {
    flagMap ??= Object.fromEntries(
      Object.entries(FLAGS).map(([flag, names]) => [flag, Object.fromEntries(names.map((n) => [n, true as const]))]),
    );
    return !!flagMap[flagName]?.[commandName.toLowerCase()];
  }

  /** Global: applies to every client and pipeline, by exact command name. */
  static setArgumentTransformer(name: string, func: ArgumentTransformer): void {
    argumentTransformers[name] = func;
  }

  /** Global: applies to every client and pipeline, by exact command name. */
  static setReplyTransformer(name: string, func: ReplyTransformer): void {
    replyTransformers[name] = func;
  }

  name: string;
  args: unknown[];
  replyEncoding: BufferEncoding | null | undefined;
  errorStack: Error | undefined;
  callback: Callback | undefined;
  promise!: Promise<unknown>;
  resolve!: (value: unknown) => Promise<unknown>;
  reject!: (err: Error) => void;
  /** @internal Resolves with an already transformed value (a pipeline computes it once for its tuple). */
  resolveTransformed!: (value: unknown) => void;
  /**
   * @internal The promise initPromise made. A caller may replace `promise` with a longer chain (a
   * Script does, to retry NOSCRIPT as EVAL); a pipeline then settles its tuple by that chain.
   */
  ownPromise!: Promise<unknown>;
  inTransaction = false;
  isResolved = false;
  isReadOnly?: boolean;
  pipelineIndex?: number;
  ignore?: boolean;
  private transformed = false;
  private keys: unknown[] | undefined;

  constructor(name: string, args: unknown[] = [], options: CommandOptions = {}, callback?: Callback) {
    this.name = name;
    this.replyEncoding = options.replyEncoding;
    this.errorStack = options.errorStack;
    this.args = args.flat();
    this.callback = callback;
    this.initPromise();
    const keyPrefix = options.keyPrefix;
    if (keyPrefix) {
      const isBufferPrefix = keyPrefix instanceof Buffer;
      let prefixBuffer: Buffer | null = isBufferPrefix ? keyPrefix : null;
      this.iterateKeys((key) => {
        if (key instanceof Buffer) {
          prefixBuffer ??= Buffer.from(keyPrefix as string);
          return Buffer.concat([prefixBuffer, key]);
        }
        if (isBufferPrefix) return Buffer.concat([keyPrefix, Buffer.from(String(key))]);
        return (keyPrefix as string) + String(key);
      });
    }
    if (options.readOnly) this.isReadOnly = true;
  }

  /**
   * @internal The argv written for this command on `socket` (the Session it runs on), computed at
   * write time as ioredis's toWritable(socket) is: a subclass may rewrite itself per connection
   * first (Script's command turns EVALSHA into EVAL on a connection that has not seen it).
   */
  writeArgv(_socket: object | undefined): Bytes[] {
    return commandArgv(this);
  }

  getKeys(): unknown[] {
    return this.iterateKeys();
  }

  /** Buffers to strings per `replyEncoding`, then the reply transformer for this name. */
  transformReply(result: unknown): unknown {
    if (this.replyEncoding) result = convertBufferToString(result, this.replyEncoding);
    const transformer = replyTransformers[this.name];
    return transformer ? transformer(result) : result;
  }

  stringifyArguments(): void {
    for (let i = 0; i < this.args.length; i++) {
      const arg = this.args[i];
      if (typeof arg !== 'string' && !(arg instanceof Buffer)) this.args[i] = toArg(arg);
    }
  }

  initPromise(): void {
    const promise = new Promise<unknown>((resolve, reject) => {
      if (!this.transformed) {
        this.transformed = true;
        const transformer = argumentTransformers[this.name];
        if (transformer) this.args = transformer(this.args);
        this.stringifyArguments();
      }
      this.resolve = (value: unknown) => {
        try {
          resolve(this.transformReply(value));
          this.isResolved = true;
        } catch (err) {
          this.reject(err as Error);
        }
        return this.promise;
      };
      this.reject = (err: Error) => reject(err);
      this.resolveTransformed = (value: unknown) => {
        resolve(value);
        this.isResolved = true;
      };
    });
    this.promise = asCallback(promise, this.callback);
    this.ownPromise = this.promise;
  }

  private iterateKeys(transform: (key: unknown) => unknown = (key) => key): unknown[] {
    if (this.keys === undefined) {
      this.keys = [];
      if (exists(this.name, { caseInsensitive: true })) {
        const indexes = getKeyIndexes(this.name, this.args as (string | Buffer)[], { nameCaseInsensitive: true }) as number[];
        for (const index of indexes) {
          this.args[index] = transform(this.args[index]);
          this.keys.push(this.args[index]);
        }
      }
    }
    return this.keys;
  }
}
