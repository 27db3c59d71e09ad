/**
 * The options of SET and GETEX (Redis's parseExtendedStringArgumentsOrReply) and the expire
 * argument they share (getExpireMillisecondsOrReply), with Redis's exact precedence and errors.
 */
import { CommandError, NOT_INTEGER, SYNTAX, invalidExpireTime } from '../errors.js';
import { INT64_MAX, parseInt64 } from '../numbers.js';
import type { Bytes } from '../bytes.js';

export const enum StringFlag {
  NX = 1 << 0,
  XX = 1 << 1,
  EX = 1 << 2,
  PX = 1 << 3,
  KeepTtl = 1 << 4,
  Get = 1 << 5,
  EXAT = 1 << 6,
  PXAT = 1 << 7,
  Persist = 1 << 8,
}

const ANY_EXPIRE = StringFlag.EX | StringFlag.PX | StringFlag.EXAT | StringFlag.PXAT;

/**
 * Redis compares options as C strings (`strcasecmp`, or `opt[2] == '\0'`): ASCII case folding, and
 * an argument ends at its first NUL byte. `upper` is the keyword in upper case.
 */
export function cKeyword(arg: Bytes, upper: string): boolean {
  const n = upper.length;
  if (arg.length < n || (arg.length > n && arg.charCodeAt(n) !== 0)) return false;
  for (let i = 0; i < n; i++) {
    let ch = arg.charCodeAt(i);
    if (ch >= 97 && ch <= 122) ch -= 32;
    if (ch !== upper.charCodeAt(i)) return false;
  }
  return true;
}

export interface ExtendedOptions {
  flags: number;
  /** The expire argument as sent, when EX/PX/EXAT/PXAT was given. */
  expire: Bytes | undefined;
  /** Whether `expire` counts milliseconds (PX, PXAT) rather than seconds. */
  milliseconds: boolean;
}

/**
 * Parses `argv[from..]` as SET options (`forSet`) or GETEX options. Repeating an option is
 * accepted (the last expire wins); combining exclusive ones is a syntax error.
 */
export function parseExtendedOptions(argv: Bytes[], from: number, forSet: boolean): ExtendedOptions {
  let flags = 0;
  let expire: Bytes | undefined;
  let milliseconds = false;
  for (let j = from; j < argv.length; j++) {
    const opt = argv[j]!;
    const hasNext = j < argv.length - 1;
    if (forSet && cKeyword(opt, 'NX') && !(flags & StringFlag.XX)) {
      flags |= StringFlag.NX;
    } else if (forSet && cKeyword(opt, 'XX') && !(flags & StringFlag.NX)) {
      flags |= StringFlag.XX;
    } else if (forSet && cKeyword(opt, 'GET')) {
      flags |= StringFlag.Get;
    } else if (forSet && cKeyword(opt, 'KEEPTTL') && !(flags & (StringFlag.Persist | ANY_EXPIRE))) {
      flags |= StringFlag.KeepTtl;
    } else if (!forSet && cKeyword(opt, 'PERSIST') && !(flags & (ANY_EXPIRE | StringFlag.KeepTtl))) {
      flags |= StringFlag.Persist;
    } else if (hasNext && cKeyword(opt, 'EX') && !(flags & (StringFlag.KeepTtl | StringFlag.Persist | (ANY_EXPIRE & ~StringFlag.EX)))) {
      flags |= StringFlag.EX;
      expire = argv[++j];
    } else if (hasNext && cKeyword(opt, 'PX') && !(flags & (StringFlag.KeepTtl | StringFlag.Persist | (ANY_EXPIRE & ~StringFlag.PX)))) {
      flags |= StringFlag.PX;
      milliseconds = true;
      expire = argv[++j];
    } else if (hasNext && cKeyword(opt, 'EXAT') && !(flags & (StringFlag.KeepTtl | StringFlag.Persist | (ANY_EXPIRE & ~StringFlag.EXAT)))) {
      flags |= StringFlag.EXAT;
      expire = argv[++j];
    } else if (hasNext && cKeyword(opt, 'PXAT') && !(flags & (StringFlag.KeepTtl | StringFlag.Persist | (ANY_EXPIRE & ~StringFlag.PXAT)))) {
      flags |= StringFlag.PXAT;
      milliseconds = true;
      expire = argv[++j];
    } else {
      throw new CommandError(SYNTAX);
    }
  }
  return { flags, expire, milliseconds };
}

const MAX_SECONDS = INT64_MAX / 1000n;

/**
 * The absolute deadline in ms for an expire argument (getExpireMillisecondsOrReply): an integer,
 * positive, not overflowing when turned into ms or added to now; relative (EX/PX) unless `absolute`.
 * `command` names the command in Redis's error text.
 */
export function expireDeadline(arg: Bytes, milliseconds: boolean, absolute: boolean, now: number, command: string): number {
  const parsed = parseInt64(arg);
  if (parsed === undefined) throw new CommandError(NOT_INTEGER);
  let when = BigInt(parsed);
  if (when <= 0n || (!milliseconds && when > MAX_SECONDS)) throw new CommandError(invalidExpireTime(command));
  if (!milliseconds) when *= 1000n;
  if (!absolute) when += BigInt(now);
  // Redis adds in signed 64 bits: an overflow wraps negative and is reported as an invalid time.
  if (when > INT64_MAX) throw new CommandError(invalidExpireTime(command));
  return Number(when);
}
