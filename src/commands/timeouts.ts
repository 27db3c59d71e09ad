/**
 * Blocking timeouts (getTimeoutFromObjectOrReply): seconds with decimals for BLPOP and friends,
 * whole milliseconds for XREAD / XREADGROUP BLOCK. Both come back as an absolute deadline on the
 * engine clock, 0 meaning "wait forever".
 */
import { CommandError, TIMEOUT_NEGATIVE, TIMEOUT_NOT_FLOAT } from '../errors.js';
import { fromBinary, parseLongDouble } from '../longdouble.js';
import type { Session } from '../engine/session.js';
import { timeoutMsArg } from './server.js';

const INT64_MAX = 2n ** 63n - 1n;

/**
 * `(long long) ceill(ftval * 1000.0)` with ftval a long double, as x86-64 computes it (7.0.8 rounds
 * up so that 0.001 s, whose product is just under 1, still waits 1 ms instead of forever): the
 * product is rounded to a 64-bit significand, then rounded up to an integer; a result outside
 * int64 (infinity included) becomes LLONG_MIN, the FPU's "integer indefinite", read as negative.
 */
function secondsToMs(text: string): bigint {
  const seconds = parseLongDouble(text);
  if (seconds === undefined) throw new CommandError(TIMEOUT_NOT_FLOAT);
  if (seconds.kind !== 'finite') return -1n;
  const product = fromBinary(seconds.negative, seconds.significand * 1000n, seconds.exponent);
  if (product.kind !== 'finite') return -1n;
  const e = product.exponent;
  let magnitude = e >= 0 ? product.significand << BigInt(e) : product.significand >> BigInt(-e);
  // ceill: a positive product with a fraction goes up; a negative one toward zero (truncation).
  if (!product.negative && e < 0 && magnitude << BigInt(-e) !== product.significand) magnitude += 1n;
  if (magnitude > INT64_MAX) return -1n;
  return product.negative ? -magnitude : magnitude;
}

/**
 * tval += now. Redis 7.0 checks no overflow here: a sum past int64 wraps to a deadline in the
 * past, so such a client times out at the next check; a past deadline (-1) does the same.
 */
function deadlineAfter(c: Session, ms: bigint | number): number {
  if (ms === 0 || ms === 0n) return 0;
  const deadline = Number(ms) + c.engine.clock.now();
  return deadline > 9.223372036854776e18 ? -1 : deadline;
}

/** A timeout in seconds (decimals allowed): BLPOP, BRPOP, BLMOVE, BZPOPMIN, BLMPOP... */
export function blockDeadlineSeconds(c: Session, text: string): number {
  const ms = secondsToMs(text);
  if (ms < 0n) throw new CommandError(TIMEOUT_NEGATIVE);
  return deadlineAfter(c, ms);
}

/** A timeout in whole milliseconds: XREAD and XREADGROUP BLOCK. */
export function blockDeadlineMs(c: Session, text: string): number {
  return deadlineAfter(c, timeoutMsArg(text));
}
