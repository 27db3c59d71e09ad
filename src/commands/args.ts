/**
 * The small vocabulary handlers parse arguments with (Redis's getLongLongFromObjectOrReply and
 * friends). Each throws a CommandError carrying Redis's exact text.
 */
import { CommandError, NOT_FLOAT, NOT_INTEGER } from '../errors.js';
import { type Int64, parseDouble, parseInt64 } from '../numbers.js';

/** A 64-bit integer argument (number when safe, bigint beyond). */
export function int64Arg(s: string, error = NOT_INTEGER): Int64 {
  const v = parseInt64(s);
  if (v === undefined) throw new CommandError(error);
  return v;
}

/**
 * An integer argument as a JS number. Values past 2^53 lose precision, which is harmless where
 * they are only compared with lengths, counts and offsets.
 */
export function intArg(s: string, error = NOT_INTEGER): number {
  const v = parseInt64(s);
  if (v === undefined) throw new CommandError(error);
  return Number(v);
}

/** An integer argument that must lie in [min, max] (Redis's getRangeLongFromObjectOrReply). */
export function rangedIntArg(s: string, min: number, max: number, error: string): number {
  const v = parseInt64(s);
  if (v === undefined || Number(v) < min || Number(v) > max) throw new CommandError(error);
  return Number(v);
}

/** A double argument (strtod rules, no NaN). */
export function floatArg(s: string, error = NOT_FLOAT): number {
  const v = parseDouble(s);
  if (v === undefined) throw new CommandError(error);
  return v;
}

/**
 * Case-insensitive keyword match, as Redis's strcasecmp on options. strcasecmp stops at a NUL, so
 * Redis takes `NX\0junk` for NX.
 */
export function isKeyword(arg: string, upper: string): boolean {
  if (arg.length !== upper.length) {
    if (arg.length < upper.length || arg.charCodeAt(upper.length) !== 0) return false;
    arg = arg.slice(0, upper.length);
  }
  return arg.toUpperCase() === upper;
}
