/**
 * ioredis's global argument and reply transformers (`Command.setArgumentTransformer` /
 * `setReplyTransformer`). Lookup is by the exact command name as called: `hset` is transformed,
 * `call('HSET', ...)` is not.
 */
export type ArgumentTransformer = (args: unknown[]) => unknown[];
export type ReplyTransformer = (result: unknown) => unknown;

export const argumentTransformers: Record<string, ArgumentTransformer | undefined> = Object.create(null);
export const replyTransformers: Record<string, ReplyTransformer | undefined> = Object.create(null);

function objectToArray(obj: Record<string, unknown>): unknown[] {
  const result: unknown[] = [];
  const keys = Object.keys(obj);
  for (let i = 0; i < keys.length; i++) result.push(keys[i], obj[keys[i]!]);
  return result;
}

function mapToArray(map: Map<unknown, unknown>): unknown[] {
  const result: unknown[] = [];
  map.forEach((value, key) => result.push(key, value));
  return result;
}

/** `mset({ a: 1 })`, `mset(new Map(...))`. */
function msetArguments(args: unknown[]): unknown[] {
  if (args.length === 1) {
    const only = args[0];
    if (only instanceof Map) return mapToArray(only);
    if (typeof only === 'object' && only !== null) return objectToArray(only as Record<string, unknown>);
  }
  return args;
}

/** `hset(key, { f: v })`, `hset(key, new Map(...))`. */
function hsetArguments(args: unknown[]): unknown[] {
  if (args.length === 2) {
    const fields = args[1];
    if (fields instanceof Map) return [args[0], ...mapToArray(fields)];
    if (typeof fields === 'object' && fields !== null) return [args[0], ...objectToArray(fields as Record<string, unknown>)];
  }
  return args;
}

/** HGETALL's flat array as an object; `__proto__` and friends become own properties. */
function hgetallReply(result: unknown): unknown {
  if (!Array.isArray(result)) return result;
  const obj: Record<string, unknown> = {};
  for (let i = 0; i < result.length; i += 2) {
    const key = result[i] as string;
    const value = result[i + 1];
    if (key in obj) {
      Object.defineProperty(obj, key, { value, configurable: true, enumerable: true, writable: true });
    } else {
      obj[key] = value;
    }
  }
  return obj;
}

argumentTransformers.mset = msetArguments;
argumentTransformers.msetnx = msetArguments;
argumentTransformers.hset = hsetArguments;
argumentTransformers.hmset = hsetArguments;
replyTransformers.hgetall = hgetallReply;
