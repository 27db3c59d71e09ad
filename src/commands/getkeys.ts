/**
 * Finding the keys in a command line from Redis 7.0's key specs (db.c getKeysUsingKeySpecs), with
 * the native getkeys procs Redis falls back to where specs cannot tell (variable flags, incomplete
 * specs). COMMAND GETKEYS and GETKEYSANDFLAGS answer from here.
 */
import { parseInt64 } from '../numbers.js';

/** A key position in argv (argv[0] is the command name) and its key-spec flags (RW, access, ...). */
export interface KeyRef {
  pos: number;
  flags: string[];
}

/** One key spec as Redis 7.0 reports it in COMMAND INFO (the lossless JSON of its RESP2 form). */
type RawSpec = unknown[];

/** A native getkeys proc: the keys of argv, or undefined when the arguments are invalid. */
export type GetKeysProc = (argv: readonly string[]) => KeyRef[] | undefined;

const RW_ACCESS_UPDATE = ['RW', 'access', 'update'];

/** setGetKeys: with GET the key is read too. */
function setKeys(argv: readonly string[]): KeyRef[] {
  for (let i = 3; i < argv.length; i++) {
    if (argv[i]!.toLowerCase() === 'get') return [{ pos: 1, flags: RW_ACCESS_UPDATE }];
  }
  return [{ pos: 1, flags: ['OW', 'update'] }];
}

/** bitfieldGetKeys: read-only when every operation is a GET (or OVERFLOW). */
function bitfieldKeys(argv: readonly string[]): KeyRef[] {
  let readonly = true;
  for (let i = 2; i < argv.length; i++) {
    const more = argv.length - i - 1;
    const op = argv[i]!.toLowerCase();
    if (op === 'get' && more >= 2) i += 2;
    else if (op === 'overflow' && more >= 1) i += 1;
    else {
      readonly = false;
      break;
    }
  }
  return [{ pos: 1, flags: readonly ? ['RO', 'access'] : RW_ACCESS_UPDATE }];
}

/** Native getkeys procs by full command name; later command groups add theirs. */
export const NATIVE_GETKEYS = new Map<string, GetKeysProc>([
  ['set', setKeys],
  ['bitfield', bitfieldKeys],
]);

function field(list: unknown[], name: string): unknown {
  const i = list.indexOf(name);
  return i >= 0 ? list[i + 1] : undefined;
}

function specFlags(spec: RawSpec): string[] {
  return ((field(spec, 'flags') as { '+': string }[] | undefined) ?? []).map((f) => f['+']);
}

/** getKeysUsingKeySpecs: undefined when a spec cannot be applied (Redis's -1). */
function keysFromSpecs(specs: readonly RawSpec[], argv: readonly string[], arity: number): KeyRef[] | undefined {
  const argc = argv.length;
  const keys: KeyRef[] = [];
  for (const spec of specs) {
    const flags = specFlags(spec);
    if (flags.includes('not_key')) continue;
    const begin = field(spec, 'begin_search') as unknown[];
    const beginSpec = field(begin, 'spec') as unknown[];
    let first = 0;
    switch (field(begin, 'type')) {
      case 'index':
        first = field(beginSpec, 'index') as number;
        break;
      case 'keyword': {
        const keyword = (field(beginSpec, 'keyword') as string).toLowerCase();
        const startfrom = field(beginSpec, 'startfrom') as number;
        const start = startfrom > 0 ? startfrom : argc + startfrom;
        const end = startfrom > 0 ? argc - 1 : 1;
        for (let i = start; i !== end; i = start <= end ? i + 1 : i - 1) {
          if (i >= argc || i < 1) break;
          if (argv[i]!.toLowerCase() === keyword) {
            first = i + 1;
            break;
          }
        }
        if (!first) continue;
        break;
      }
      default:
        return undefined;
    }
    const find = field(spec, 'find_keys') as unknown[];
    const findSpec = field(find, 'spec') as unknown[];
    let last: number;
    let step: number;
    switch (field(find, 'type')) {
      case 'range': {
        step = field(findSpec, 'keystep') as number;
        const lastkey = field(findSpec, 'lastkey') as number;
        const limit = field(findSpec, 'limit') as number;
        if (lastkey >= 0) last = first + lastkey;
        else if (!limit) last = argc + lastkey;
        else last = first + (Math.floor((argc - first) / limit) + lastkey);
        break;
      }
      case 'keynum': {
        step = field(findSpec, 'keystep') as number;
        const idx = first + (field(findSpec, 'keynumidx') as number);
        if (idx >= argc) return undefined;
        const numkeys = parseInt64(argv[idx]!);
        if (numkeys === undefined || numkeys < 0) return undefined;
        first += field(findSpec, 'firstkey') as number;
        last = first + Number(numkeys) - 1;
        break;
      }
      default:
        return undefined;
    }
    if (last >= argc || last < first || first >= argc) return undefined;
    for (let i = first; i <= last; i += step) {
      // Commands without a fixed arity may be given fewer arguments than their specs describe.
      if (i >= argc || i < first) {
        if (arity < 0) continue;
        return undefined;
      }
      keys.push({ pos: i, flags });
    }
    if (flags.includes('incomplete')) return undefined;
  }
  return keys;
}

/**
 * getKeysFromCommandWithSpecs: the keys of a command line, from its specs unless a native proc
 * must decide (variable flags), falling back to the native proc when the specs cannot be applied.
 */
export function commandKeys(
  fullName: string,
  specs: readonly RawSpec[],
  argv: readonly string[],
  arity: number,
): KeyRef[] | undefined {
  const native = NATIVE_GETKEYS.get(fullName);
  const hasKeySpec = specs.some((s) => !specFlags(s).includes('not_key'));
  const hasVarFlags = specs.some((s) => specFlags(s).includes('variable_flags'));
  if (hasKeySpec && !(hasVarFlags && native)) {
    const keys = keysFromSpecs(specs, argv, arity);
    if (keys !== undefined) return keys;
  }
  return native?.(argv);
}

/** doesCommandHaveKeys: a native proc, or a key spec that is not marked not_key. */
export function hasKeys(fullName: string, specs: readonly RawSpec[]): boolean {
  return NATIVE_GETKEYS.has(fullName) || specs.some((s) => !specFlags(s).includes('not_key'));
}
