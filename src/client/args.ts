/**
 * Command arguments, the ioredis way: flattened one level (`args.flat()`), passed through the
 * command's argument transformer (by exact name), stringified (strings and Buffers as they are,
 * null/undefined as "", anything else via String()), and prefixed with `keyPrefix` at the key
 * positions `@ioredis/commands` reports. The engine gets binary strings; error replies carry the
 * ioredis-form arguments (JS strings and Buffers) in `err.command.args`.
 */
import { exists, getKeyIndexes } from '@ioredis/commands';
import { type Bytes, fromUtf8 } from '../bytes.js';
import { argumentTransformers } from './transformers.js';

/** One argument as bytes. */
export function argBytes(arg: unknown): Bytes {
  if (typeof arg === 'string') return fromUtf8(arg);
  if (typeof arg === 'number') return String(arg);
  if (arg instanceof Buffer) return arg.toString('latin1');
  if (arg === null || arg === undefined) return '';
  return fromUtf8(String(arg));
}

/** ioredis's `toArg` for one argument: strings and Buffers stay, others become strings. */
function stringified(arg: unknown): string | Buffer {
  if (typeof arg === 'string' || arg instanceof Buffer) return arg;
  if (arg === null || arg === undefined) return '';
  return String(arg);
}

/** `args.flat()` then the argument transformer: the arguments ioredis's Command starts from. */
export function prepareArgs(name: string, args: unknown[]): unknown[] {
  let flat = args;
  for (let i = 0; i < args.length; i++) {
    if (Array.isArray(args[i])) {
      flat = args.flat();
      break;
    }
  }
  const transform = argumentTransformers[name];
  return transform === undefined ? flat : transform(flat);
}

/**
 * The hot path's argv: `[name, ...args]` as bytes straight from the caller's arguments, or
 * undefined when they need the general path (an array to flatten, an argument transformer).
 * `name` must already be bytes (a generated method's name is ASCII).
 */
export function directArgv(name: string, args: unknown[]): Bytes[] | undefined {
  if (argumentTransformers[name] !== undefined) return undefined;
  const n = args.length;
  const argv = new Array<Bytes>(n + 1);
  argv[0] = name;
  for (let i = 0; i < n; i++) {
    const arg = args[i];
    if (typeof arg === 'string') argv[i + 1] = fromUtf8(arg);
    else if (Array.isArray(arg)) return undefined;
    else argv[i + 1] = argBytes(arg);
  }
  return argv;
}

/** argv for the engine (`[name, ...args]` as bytes) from prepared arguments, without a key prefix. */
export function toArgv(name: string, args: unknown[]): Bytes[] {
  const argv = new Array<Bytes>(args.length + 1);
  argv[0] = fromUtf8(name);
  for (let i = 0; i < args.length; i++) argv[i + 1] = argBytes(args[i]);
  return argv;
}

/** Indexes (into args) of the keys ioredis would prefix; empty for commands it does not know. */
export function keyIndexes(name: string, form: (string | Buffer)[]): number[] {
  if (!exists(name, { caseInsensitive: true })) return [];
  return getKeyIndexes(name, form, { nameCaseInsensitive: true }) as number[];
}

/** The arguments as ioredis holds them in `command.args`: stringified, prefixed where keys are. */
export function ioredisArgs(name: string, args: unknown[], keyPrefix: string | Buffer | undefined): (string | Buffer)[] {
  const form = args.map(stringified);
  if (keyPrefix) {
    for (const i of keyIndexes(name, form)) form[i] = withPrefix(keyPrefix, form[i]!);
  }
  return form;
}

/** Command's prefixing rule: Buffers concatenate as Buffers, strings as strings. */
function withPrefix(prefix: string | Buffer, key: string | Buffer): string | Buffer {
  if (key instanceof Buffer) return Buffer.concat([prefix instanceof Buffer ? prefix : Buffer.from(prefix), key]);
  if (prefix instanceof Buffer) return Buffer.concat([prefix, Buffer.from(String(key))]);
  return (prefix as string) + (key as string);
}

/** argv for the engine with the key prefix applied. */
export function toPrefixedArgv(name: string, args: unknown[], keyPrefix: string | Buffer): Bytes[] {
  const form = ioredisArgs(name, args, keyPrefix);
  const argv = new Array<Bytes>(form.length + 1);
  argv[0] = fromUtf8(name);
  for (let i = 0; i < form.length; i++) argv[i + 1] = argBytes(form[i]);
  return argv;
}
